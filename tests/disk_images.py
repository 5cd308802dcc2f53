"""Builds disk images as servers have them: partitions, LVM, file systems.

The file systems are ext4 images that mkfs.ext4 -d fills from a directory;
the disks are GPT partition tables that sfdisk writes; LVM metadata is written
by lvm2's own tools on a loop device, without activating anything (this
kernel may have no device-mapper), and the contents of each logical volume
are written where lvs says its extents are. Needs e2fsprogs, fdisk, lvm2 and
root (or sudo) for the loop device.
"""

import os
import re
import shutil
import subprocess
import tempfile

MEBIBYTE = 1024 * 1024

# Partition types of GPT.
LINUX_FILE_SYSTEM = "0FC63DAF-8483-4772-8E79-3D69D8477DE4"
LINUX_LVM = "E6D6D379-F507-44C2-A23C-238F2A3DF928"

# losetup and lvm2 need root.
_AS_ROOT = [] if os.geteuid() == 0 else ["sudo", "-n"]

# lvm2 on a loop device of this machine only: no device-mapper, no metadata
# backups in /etc/lvm, no other devices scanned.
_LVM_CONFIG = (
    'devices { obtain_device_list_from_udev=0 filter=["a|^/dev/loop|", "r|.*|"] } '
    "global { activation=0 } backup { backup=0 archive=0 }"
)


def MakeExt4(path, files, size_mib=16, uuid=None, label=None):
    """Makes an ext4 image with files.

    Args:
      path (str): path of the image.
      files (dict[str, object]): contents by path in the file system: bytes,
          or the path of a file to copy.
      size_mib (Optional[int]): size of the image in MiB.
      uuid (Optional[str]): UUID of the file system.
      label (Optional[str]): label of the file system.
    """
    with tempfile.TemporaryDirectory() as directory:
        for name, contents in files.items():
            file_path = os.path.join(directory, name)
            os.makedirs(os.path.dirname(file_path), exist_ok=True)
            if isinstance(contents, bytes):
                with open(file_path, "wb") as file_object:
                    file_object.write(contents)
            else:
                shutil.copy(contents, file_path)
        command = ["mkfs.ext4", "-q", "-F", "-d", directory]
        if uuid:
            command.extend(["-U", uuid])
        if label:
            command.extend(["-L", label])
        subprocess.run(
            command + [path, f"{size_mib:d}M"], check=True, capture_output=True
        )


def _WriteAt(path, offset, source_path):
    """Writes the contents of a file into another at an offset.

    Args:
      path (str): path of the file to write into.
      offset (int): offset to write at.
      source_path (str): path of the file whose contents are written.
    """
    with open(path, "r+b") as output_file, open(source_path, "rb") as input_file:
        output_file.seek(offset)
        shutil.copyfileobj(input_file, output_file, MEBIBYTE)


def MakeGptDisk(path, partitions):
    """Makes a GPT disk of partitions, each 1 MiB aligned.

    Args:
      path (str): path of the disk image.
      partitions (list[tuple[str, int, str, str]]): path of the contents (or
          None), size in MiB, name and type of every partition.

    Returns:
      list[int]: offset of every partition.
    """
    offsets = []
    lines = ["label: gpt"]
    start_mib = 1
    for _, size_mib, name, partition_type in partitions:
        offsets.append(start_mib * MEBIBYTE)
        lines.append(
            f"start={start_mib * 2048:d}, size={size_mib * 2048:d}, "
            f'type={partition_type:s}, name="{name:s}"'
        )
        start_mib += size_mib
    with open(path, "wb") as file_object:
        file_object.truncate((start_mib + 1) * MEBIBYTE)
    subprocess.run(
        ["sfdisk", "-q", path],
        input="\n".join(lines) + "\n",
        text=True,
        check=True,
        capture_output=True,
    )
    for (source_path, _, _, _), offset in zip(partitions, offsets):
        if source_path:
            _WriteAt(path, offset, source_path)
    return offsets


def _RunLvm(*arguments):
    """Runs an lvm2 command on the loop devices only.

    Args:
      arguments (tuple[str]): command and arguments.

    Returns:
      str: output of the command.
    """
    return subprocess.run(
        [*_AS_ROOT, arguments[0], "--config", _LVM_CONFIG, *arguments[1:]],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def WriteLvm(path, offset, size_mib, volume_group, volumes):
    """Writes an LVM physical volume with logical volumes into a disk image.

    Args:
      path (str): path of the disk image.
      offset (int): offset of the physical volume in the image.
      size_mib (int): size of the physical volume in MiB.
      volume_group (str): name of the volume group.
      volumes (list[tuple[str, str, int]]): name, path of the contents and
          size in MiB of every logical volume.
    """
    loop_device = subprocess.run(
        [
            *_AS_ROOT,
            "losetup",
            "--find",
            "--show",
            "--offset",
            str(offset),
            "--sizelimit",
            str(size_mib * MEBIBYTE),
            path,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    try:
        _RunLvm("pvcreate", "-q", loop_device)
        _RunLvm("vgcreate", "-q", volume_group, loop_device)
        for name, _, volume_size_mib in volumes:
            _RunLvm(
                "lvcreate", "-q", "-an", "-Zn", "-L", f"{volume_size_mib:d}M",
                "-n", name, volume_group,
            )  # fmt: skip
        first_extent = int(
            _RunLvm(
                "pvs", "--noheadings", "--units", "b", "--nosuffix",
                "-o", "pe_start", loop_device,
            )  # fmt: skip
        )
        ranges = _RunLvm(
            "lvs", "--noheadings", "--units", "b", "--nosuffix",
            "-o", "lv_name,seg_pe_ranges,vg_extent_size", volume_group,
        )  # fmt: skip
    finally:
        subprocess.run([*_AS_ROOT, "losetup", "-d", loop_device], check=True)

    extents = {}
    for line in ranges.splitlines():
        name, pe_range, extent_size = line.split()
        first, _ = re.search(r":(\d+)-(\d+)$", pe_range).groups()
        extents[name] = int(first) * int(extent_size)
    for name, source_path, _ in volumes:
        _WriteAt(path, offset + first_extent + extents[name], source_path)
