"""The names by which an fstab can mount a file system of a storage media image.

A file system is named by its own UUID and label (from its superblock: ext2,
3 and 4, XFS and Btrfs), by the UUID and name of its GPT partition, by the
disk signature and number of its MBR partition, and by the device paths of
its LVM logical volume.
"""

import uuid

from dfvfs.lib import definitions as dfvfs_definitions
from dfvfs.lib import errors as dfvfs_errors
from dfvfs.resolver import resolver as dfvfs_resolver

from plaso_atop import fstab

# Where the superblocks are, and the offsets of their magic, UUID and label.
_EXT_SUPERBLOCK = 1024
_EXT_MAGIC = b"\x53\xef"
_BTRFS_SUPERBLOCK = 65536
_BTRFS_MAGIC = b"_BHRfS_M"

# How much of a volume is read to find the superblock of its file system.
_SUPERBLOCK_AREA_SIZE = _BTRFS_SUPERBLOCK + 4096

_GPT_HEADER_SIGNATURE = b"EFI PART"
_GPT_SECTOR_SIZES = (512, 4096)
_GPT_NAME_OFFSET = 56
_GPT_NAME_SIZE = 72


def _DecodeLabel(data):
    """Decodes a label of a superblock.

    Args:
      data (bytes): label, padded with NUL bytes.

    Returns:
      str: label, or None if empty.
    """
    label = data.split(b"\0", 1)[0].decode("utf-8", errors="replace")
    return label or None


def _GetFileSystemTags(data):
    """Retrieves the UUID and label of a file system from its superblock.

    Args:
      data (bytes): start of the volume that holds the file system.

    Returns:
      list[str]: UUID= and LABEL= sources.
    """
    if data[_EXT_SUPERBLOCK + 56 : _EXT_SUPERBLOCK + 58] == _EXT_MAGIC:
        identifier = data[_EXT_SUPERBLOCK + 104 : _EXT_SUPERBLOCK + 120]
        label = data[_EXT_SUPERBLOCK + 120 : _EXT_SUPERBLOCK + 136]
    elif data[:4] == b"XFSB":
        identifier, label = data[32:48], data[108:120]
    elif data[_BTRFS_SUPERBLOCK + 64 : _BTRFS_SUPERBLOCK + 72] == _BTRFS_MAGIC:
        identifier = data[_BTRFS_SUPERBLOCK + 32 : _BTRFS_SUPERBLOCK + 48]
        label = data[_BTRFS_SUPERBLOCK + 299 : _BTRFS_SUPERBLOCK + 555]
    else:
        return []

    tags = []
    if len(identifier) == 16 and any(identifier):
        tags.append(fstab.MakeTag("UUID", str(uuid.UUID(bytes=identifier))))
    label = _DecodeLabel(label)
    if label:
        tags.append(fstab.MakeTag("LABEL", label))
    return tags


def _GetGptPartitionName(disk_file_object, entry_index):
    """Reads the name of a GPT partition from the partition entries.

    Args:
      disk_file_object (dfvfs.FileIO): the disk.
      entry_index (int): index of the partition entry.

    Returns:
      str: name of the partition, or None if it has none.
    """
    for sector_size in _GPT_SECTOR_SIZES:
        disk_file_object.seek(sector_size)
        header = disk_file_object.read(92)
        if header[:8] != _GPT_HEADER_SIGNATURE:
            continue
        entries_lba = int.from_bytes(header[72:80], "little")
        number_of_entries = int.from_bytes(header[80:84], "little")
        entry_size = int.from_bytes(header[84:88], "little")
        if entry_index >= number_of_entries or entry_size < 128:
            return None
        disk_file_object.seek(
            entries_lba * sector_size + entry_index * entry_size + _GPT_NAME_OFFSET
        )
        name = disk_file_object.read(_GPT_NAME_SIZE).decode(
            "utf-16-le", errors="replace"
        )
        return name.split("\0", 1)[0] or None
    return None


def _GetGptPartitionTags(volume_path_spec):
    """Retrieves the PARTUUID= and PARTLABEL= sources of a GPT partition.

    Args:
      volume_path_spec (dfvfs.PathSpec): path specification of the partition.

    Returns:
      list[str]: sources.
    """
    file_entry = dfvfs_resolver.Resolver.OpenFileEntry(volume_path_spec)
    partition = file_entry.GetGPTPartition() if file_entry else None
    if partition is None:
        return []
    tags = [fstab.MakeTag("PARTUUID", partition.identifier)]
    disk_file_object = dfvfs_resolver.Resolver.OpenFileObject(volume_path_spec.parent)
    name = _GetGptPartitionName(disk_file_object, partition.entry_index)
    if name:
        tags.append(fstab.MakeTag("PARTLABEL", name))
    return tags


def _GetMbrPartitionTags(volume_path_spec):
    """Retrieves the PARTUUID= source of an MBR partition.

    Args:
      volume_path_spec (dfvfs.PathSpec): path specification of the partition.

    Returns:
      list[str]: sources: the disk signature and the partition number.
    """
    location = getattr(volume_path_spec, "location", None) or ""
    if not location.startswith("/p") or not location[2:].isdigit():
        return []
    disk_file_object = dfvfs_resolver.Resolver.OpenFileObject(volume_path_spec.parent)
    disk_file_object.seek(440)
    signature = int.from_bytes(disk_file_object.read(4), "little")
    if not signature:
        return []
    return [fstab.MakeTag("PARTUUID", f"{signature:08x}-{int(location[2:]):02x}")]


def _GetLvmPaths(volume_path_spec):
    """Retrieves the device paths of an LVM logical volume.

    Args:
      volume_path_spec (dfvfs.PathSpec): path specification of the volume.

    Returns:
      list[str]: /dev/mapper/VG-LV (with the dashes of the names doubled) and
          /dev/VG/LV.
    """
    file_system = dfvfs_resolver.Resolver.OpenFileSystem(volume_path_spec)
    volume_group = file_system.GetLVMVolumeGroup()
    logical_volume = file_system.GetLVMLogicalVolumeByPathSpec(volume_path_spec)
    if volume_group is None or logical_volume is None:
        return []
    group_name, volume_name = volume_group.name, logical_volume.name
    mapper_name = group_name.replace("-", "--") + "-" + volume_name.replace("-", "--")
    return [f"/dev/mapper/{mapper_name:s}", f"/dev/{group_name:s}/{volume_name:s}"]


_VOLUME_TAGS = {
    dfvfs_definitions.TYPE_INDICATOR_GPT: _GetGptPartitionTags,
    dfvfs_definitions.TYPE_INDICATOR_TSK_PARTITION: _GetMbrPartitionTags,
    dfvfs_definitions.TYPE_INDICATOR_LVM: _GetLvmPaths,
}


def GetVolumeNames(volume_path_spec):
    """Retrieves the fstab sources that name the file system of a volume.

    Args:
      volume_path_spec (dfvfs.PathSpec): path specification of the volume
          that holds the file system: a partition or a logical volume.

    Returns:
      set[str]: sources, as fstab.NormalizeSource makes them.
    """
    names = set()
    try:
        file_object = dfvfs_resolver.Resolver.OpenFileObject(volume_path_spec)
        # The resolver shares file objects: another reader may have moved it.
        file_object.seek(0)
        names.update(_GetFileSystemTags(file_object.read(_SUPERBLOCK_AREA_SIZE)))
        get_volume_tags = _VOLUME_TAGS.get(volume_path_spec.type_indicator)
        if get_volume_tags:
            names.update(get_volume_tags(volume_path_spec))
    except (IOError, OSError, ValueError, dfvfs_errors.Error):
        pass
    return names
