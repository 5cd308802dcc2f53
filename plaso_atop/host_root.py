"""The root file system of the host, for a log on another volume of its image.

On a server whose /var or /var/log is a volume of its own (a partition, an LVM
logical volume), a log is /log/atop/<file> or /atop/<file> of that volume, and
the host's passwd file is on another: its root file system. Among the file
systems of the storage media image that holds the volume, that is the one with
etc/passwd whose etc/fstab mounts the log's file system; failing that, the only
file system of the image with etc/passwd.
"""

import collections

from dfvfs.analyzer import analyzer as dfvfs_analyzer
from dfvfs.lib import definitions as dfvfs_definitions
from dfvfs.lib import errors as dfvfs_errors
from dfvfs.path import factory as path_spec_factory
from dfvfs.resolver import resolver as dfvfs_resolver

from plaso_atop import fstab
from plaso_atop import volume_names

# The volume systems of servers' disks: partition tables and LVM. Snapshots
# and encrypted or Apple volumes are not searched.
_VOLUME_SYSTEMS = frozenset(
    [
        dfvfs_definitions.TYPE_INDICATOR_GPT,
        dfvfs_definitions.TYPE_INDICATOR_LVM,
        dfvfs_definitions.TYPE_INDICATOR_TSK_PARTITION,
    ]
)

# Most volume systems nested in one another: LVM in a partition.
_MAXIMUM_DEPTH = 4

# Most file systems of an image that are searched.
_MAXIMUM_FILE_SYSTEMS = 64

# Most bytes of an fstab read.
MAXIMUM_FSTAB_SIZE = 1024 * 1024

FSTAB_PATH = ("etc", "fstab")

RootFileSystem = collections.namedtuple(
    "RootFileSystem", ["volume_path_spec", "passwd_path_spec", "mounts"]
)
RootFileSystem.__doc__ = """A file system of an image with a passwd file.

Attributes:
  volume_path_spec (dfvfs.PathSpec): path specification of its volume.
  passwd_path_spec (dfvfs.PathSpec): path specification of its passwd file.
  mounts (dict[str, str]): mount point of every source its fstab mounts.
"""


class AmbiguousHostRootError(Exception):
    """Error raised when several file systems of an image could be the root."""


HostRoot = collections.namedtuple("HostRoot", ["passwd_path_spec", "mount_point"])
HostRoot.__doc__ = """The root file system of the host of a log.

Attributes:
  passwd_path_spec (dfvfs.PathSpec): path specification of its passwd file.
  mount_point (str): where it mounts the log's file system, or None if its
      fstab does not say (the only file system of the image with a passwd).
"""


def GetImage(volume_path_spec):
    """Determines the storage media image of a volume.

    Args:
      volume_path_spec (dfvfs.PathSpec): path specification of the volume that
          holds a file system, or None.

    Returns:
      dfvfs.PathSpec: path specification of the storage media image, or None if
          the file system is not on a volume of an image.
    """
    if (
        volume_path_spec is None
        or volume_path_spec.type_indicator not in _VOLUME_SYSTEMS
    ):
        return None
    outermost = volume_path_spec
    while outermost.parent and outermost.parent.type_indicator in _VOLUME_SYSTEMS:
        outermost = outermost.parent
    return outermost.parent


def _ListVolumes(path_spec, depth=0):
    """Lists the volumes that hold file systems, below a volume or an image.

    Args:
      path_spec (dfvfs.PathSpec): path specification of an image or a volume.
      depth (Optional[int]): number of volume systems above it.

    Returns:
      list[dfvfs.PathSpec]: path specifications of the volumes.
    """
    type_indicators = [
        type_indicator
        for type_indicator in dfvfs_analyzer.Analyzer.GetVolumeSystemTypeIndicators(
            path_spec
        )
        if type_indicator in _VOLUME_SYSTEMS
    ]
    if not type_indicators:
        return [path_spec] if depth else []
    if depth >= _MAXIMUM_DEPTH:
        return []
    volume_system_path_spec = path_spec_factory.Factory.NewPathSpec(
        type_indicators[0], location="/", parent=path_spec
    )
    volume_system = dfvfs_resolver.Resolver.OpenFileSystem(volume_system_path_spec)
    volumes = []
    for file_entry in volume_system.GetRootFileEntry().sub_file_entries:
        volumes.extend(_ListVolumes(file_entry.path_spec, depth + 1))
    return volumes


def _ReadRegularFile(file_system, path_spec, maximum_size):
    """Reads the start of a regular file.

    Args:
      file_system (dfvfs.FileSystem): file system of the file.
      path_spec (dfvfs.PathSpec): path specification of the file.
      maximum_size (int): most bytes read.

    Returns:
      bytes: data, or None if there is no regular file.
    """
    file_entry = file_system.GetFileEntryByPathSpec(path_spec)
    # A FIFO would stall the read, a link can point out of the evidence.
    if file_entry is None or not file_entry.IsFile():
        return None
    file_object = file_entry.GetFileObject()
    return file_object.read(maximum_size) if file_object else None


def _ReadRootFileSystem(volume_path_spec):
    """Reads a file system that may be a host's root.

    Args:
      volume_path_spec (dfvfs.PathSpec): path specification of its volume.

    Returns:
      RootFileSystem: the file system, or None if it has no passwd file.
    """
    type_indicators = dfvfs_analyzer.Analyzer.GetFileSystemTypeIndicators(
        volume_path_spec
    )
    if len(type_indicators) != 1:
        return None
    root_path_spec = path_spec_factory.Factory.NewPathSpec(
        type_indicators[0], location="/", parent=volume_path_spec
    )
    file_system = dfvfs_resolver.Resolver.OpenFileSystem(root_path_spec)
    separator = file_system.PATH_SEPARATOR

    def _NewPathSpec(segments):
        return path_spec_factory.Factory.NewPathSpec(
            type_indicators[0],
            location=separator + separator.join(segments),
            parent=volume_path_spec,
        )

    passwd_path_spec = _NewPathSpec(("etc", "passwd"))
    file_entry = file_system.GetFileEntryByPathSpec(passwd_path_spec)
    if file_entry is None or not file_entry.IsFile():
        return None
    data = _ReadRegularFile(file_system, _NewPathSpec(FSTAB_PATH), MAXIMUM_FSTAB_SIZE)
    mounts = {
        entry.source: entry.mount_point for entry in fstab.ParseFstab(data or b"")
    }
    return RootFileSystem(
        volume_path_spec=volume_path_spec,
        passwd_path_spec=passwd_path_spec,
        mounts=mounts,
    )


class ImageRoots:
    """The file systems of one image that may be its host's root."""

    def __init__(self, image_path_spec):
        """Initializes the roots of an image, reading its volumes.

        Args:
          image_path_spec (dfvfs.PathSpec): path specification of the image.
        """
        super().__init__()
        self._roots = []
        try:
            volumes = _ListVolumes(image_path_spec)[:_MAXIMUM_FILE_SYSTEMS]
        except (IOError, OSError, ValueError, dfvfs_errors.Error):
            volumes = []
        for volume_path_spec in volumes:
            try:
                root = _ReadRootFileSystem(volume_path_spec)
            except (IOError, OSError, ValueError, dfvfs_errors.Error):
                root = None
            if root:
                self._roots.append(root)

    def FindHostRoot(self, volume_path_spec):
        """Finds the root file system of the host of a file system.

        Args:
          volume_path_spec (dfvfs.PathSpec): path specification of the volume
              of the file system.

        Returns:
          HostRoot: the root file system, or None if the image has no other
              file system with a passwd file.

        Raises:
          AmbiguousHostRootError: if several file systems could be the root and
              none mounts this one.
        """
        key = volume_path_spec.comparable
        roots = [
            root for root in self._roots if root.volume_path_spec.comparable != key
        ]
        if not roots:
            return None
        names = volume_names.GetVolumeNames(volume_path_spec)
        mounting = [
            (root, root.mounts[name])
            for root in roots
            for name in names
            if name in root.mounts
        ]
        if len({root.passwd_path_spec.comparable for root, _ in mounting}) == 1:
            root, mount_point = mounting[0]
            return HostRoot(
                passwd_path_spec=root.passwd_path_spec, mount_point=mount_point
            )
        if not mounting and len(roots) == 1:
            return HostRoot(
                passwd_path_spec=roots[0].passwd_path_spec, mount_point=None
            )
        raise AmbiguousHostRootError(
            f"{len(roots):d} file systems have a passwd file and none mounts "
            f"the volume"
        )
