"""The user names of the evidence: the passwd file of the host that wrote a log.

A log in one of the directories of LOG_DIRECTORIES below <prefix> of a dfVFS
file system, such as an atop log at <prefix>/var/log/atop/<file>, was written
by the host whose user names are in <prefix>/etc/passwd of the same file
system: a disk image (an empty prefix), a directory or mounted image given to
log2timeline, a collection archive such as the .tar.gz of UAC ([root]). A log
compressed with gzip (or another compressed stream) is where its compressed
file is. Where that file system has no passwd file there and it is a volume
of a storage media image, such as /var or /var/log of a server, the names are
those of the host's root file system on another volume (see host_root.py). A
log elsewhere, such as a loose copy, has no user names.

The names are those of the passwd file at acquisition time; each passwd file
is read once per process, with a bound on its size, and the volumes of each
image are searched once per process.
"""

import collections

from dfvfs.lib import errors as dfvfs_errors
from dfvfs.path import factory as path_spec_factory
from dfvfs.resolver import resolver as dfvfs_resolver

from plaso_atop import host_root
from plaso_atop import passwd

# The directories of the logs below the root of the host's file system: of
# atop, of process accounting (acct, psacct) and of atop's own process
# accounting (atop 2.x, and 1.26).
LOG_DIRECTORIES = (
    ("var", "log", "atop"),
    ("var", "log", "account"),
    ("var", "account"),
    ("var", "cache", "atop.d"),
    ("tmp", "atop.d"),
)

# The passwd file below the root of the host's file system.
PASSWD_PATH = ("etc", "passwd")

# Most bytes of a passwd file read: some hundred thousand users.
MAXIMUM_PASSWD_SIZE = 16 * 1024 * 1024

# Most passwd files, images and volumes whose findings are remembered.
_MAXIMUM_CACHED_FILES = 32


def _GetLocatedPathSpec(path_spec):
    """Retrieves the path specification of the file that holds a log.

    Args:
      path_spec (dfvfs.PathSpec): path specification of the log.

    Returns:
      dfvfs.PathSpec: path specification with a location: that of the log, or
          of the compressed file that holds it; or None if there is none.
    """
    # A compressed stream, such as gzip, has no location of its own.
    while path_spec is not None and not getattr(path_spec, "location", None):
        path_spec = path_spec.parent
    return path_spec


def _GetPasswdPathSpec(path_spec, separator):
    """Determines the path specification of the passwd file beside a log.

    Args:
      path_spec (dfvfs.PathSpec): path specification, with a location, of the
          file that holds the log.
      separator (str): path separator of its file system.

    Returns:
      dfvfs.PathSpec: path specification of the passwd file, or None if the
          log is not in one of the LOG_DIRECTORIES of its file system.
    """
    segments = path_spec.location.split(separator)[:-1]
    for directory in LOG_DIRECTORIES:
        if (
            len(segments) > len(directory)
            and tuple(segments[-len(directory) :]) == directory
        ):
            prefix = segments[: -len(directory)]
            break
    else:
        return None
    passwd_location = separator.join(prefix + list(PASSWD_PATH))
    try:
        return path_spec_factory.Factory.NewPathSpec(
            path_spec.type_indicator, location=passwd_location, parent=path_spec.parent
        )
    except ValueError:
        return None


def _IsLogDirectory(mount_point, directory):
    """Determines if a directory of a mounted file system holds logs.

    Args:
      mount_point (str): where the host mounts the file system, or None if
          unknown.
      directory (tuple[str]): path segments of the directory in the file
          system.

    Returns:
      bool: True if the directory is one of LOG_DIRECTORIES of the host; where
          the mount point is unknown, if it can be one.
    """
    if mount_point is None:
        return any(
            log_directory[len(log_directory) - len(directory) :] == directory
            for log_directory in LOG_DIRECTORIES
            if len(directory) < len(log_directory)
        )
    mount_segments = tuple(segment for segment in mount_point.split("/") if segment)
    return mount_segments + directory in LOG_DIRECTORIES


class _LeastRecentlyUsed(collections.OrderedDict):
    """A dictionary that forgets its least recently used items."""

    def GetOrCreate(self, key, create_function):
        """Retrieves an item, created and remembered if there is none.

        Args:
          key (object): key.
          create_function (function): called without arguments to create the
              value of a key that is not remembered.

        Returns:
          object: value, which can be None.
        """
        if key in self:
            self.move_to_end(key)
            return self[key]
        value = create_function()
        self[key] = value
        if len(self) > _MAXIMUM_CACHED_FILES:
            self.popitem(last=False)
        return value


def _ReadPasswd(file_system, path_spec, warning_callback):
    """Reads the user names of a passwd file.

    Args:
      file_system (dfvfs.FileSystem): file system of the passwd file.
      path_spec (dfvfs.PathSpec): path specification of the passwd file.
      warning_callback (function): called with a description of a passwd file
          that cannot be read as a whole.

    Returns:
      dict[int, str]: user name per UID, or None if there is no passwd file.
    """
    location = path_spec.location
    try:
        file_entry = file_system.GetFileEntryByPathSpec(path_spec)
        # A FIFO, a device node or a link in its place is not read: a FIFO
        # would stall the read, a link can point out of the evidence.
        if file_entry is None or not file_entry.IsFile():
            return None
        file_object = file_entry.GetFileObject()
        if file_object is None:
            return None
        data = file_object.read(MAXIMUM_PASSWD_SIZE + 1)
    except (IOError, OSError, ValueError, dfvfs_errors.Error) as exception:
        warning_callback(
            f"Unable to read the user names of {location:s} with error: "
            f"{exception!s}"
        )
        return {}

    complete = len(data) <= MAXIMUM_PASSWD_SIZE
    if not complete:
        warning_callback(
            f"passwd file {location:s} is larger than {MAXIMUM_PASSWD_SIZE:d} bytes: "
            f"user names of its first {MAXIMUM_PASSWD_SIZE:d} bytes only"
        )
        data = data[:MAXIMUM_PASSWD_SIZE]
    return passwd.ParsePasswd(data, complete=complete)


class UserNames:
    """The user names of the passwd files beside logs, read once each."""

    def __init__(self):
        """Initializes the user names."""
        super().__init__()
        # By the comparable of a path specification: the names of every
        # passwd file, the roots of every image, the host root of every
        # volume.
        self._user_names_per_file = _LeastRecentlyUsed()
        self._image_roots = _LeastRecentlyUsed()
        self._host_roots = _LeastRecentlyUsed()
        self._warned_images = set()

    def _GetPasswdUserNames(self, file_system, path_spec, warning_callback):
        """Retrieves the user names of a passwd file, read once.

        Args:
          file_system (dfvfs.FileSystem): file system of the passwd file.
          path_spec (dfvfs.PathSpec): path specification of the passwd file.
          warning_callback (function): called with a description of a passwd
              file that cannot be read as a whole.

        Returns:
          dict[int, str]: user name per UID, or None if there is no passwd file.
        """
        return self._user_names_per_file.GetOrCreate(
            path_spec.comparable,
            lambda: _ReadPasswd(file_system, path_spec, warning_callback),
        )

    def _FindHostRoot(self, image_path_spec, volume_path_spec, warning_callback):
        """Finds the root file system of the host of a volume of an image.

        Args:
          image_path_spec (dfvfs.PathSpec): path specification of the image.
          volume_path_spec (dfvfs.PathSpec): path specification of the volume.
          warning_callback (function): called, once per image, when several
              file systems of the image could be the root.

        Returns:
          host_root.HostRoot: root file system, or None.
        """
        image_key = image_path_spec.comparable
        image_roots = self._image_roots.GetOrCreate(
            image_key, lambda: host_root.ImageRoots(image_path_spec)
        )
        try:
            return image_roots.FindHostRoot(volume_path_spec)
        except host_root.AmbiguousHostRootError:
            if image_key not in self._warned_images:
                self._warned_images.add(image_key)
                warning_callback(
                    "several file systems of the image have a passwd file and "
                    "none mounts the file system of the log: no user names"
                )
            return None

    def _GetImageUserNames(self, path_spec, separator, warning_callback):
        """Retrieves the user names of the host root of a log on a volume.

        Args:
          path_spec (dfvfs.PathSpec): path specification, with a location, of
              the file that holds the log.
          separator (str): path separator of its file system.
          warning_callback (function): called with a description of a passwd
              file that cannot be read as a whole, or of an image whose root
              file system is ambiguous.

        Returns:
          dict[int, str]: user name per UID, empty if none is found.
        """
        volume_path_spec = path_spec.parent
        image_path_spec = host_root.GetImage(volume_path_spec)
        if image_path_spec is None:
            return {}
        root = self._host_roots.GetOrCreate(
            volume_path_spec.comparable,
            lambda: self._FindHostRoot(
                image_path_spec, volume_path_spec, warning_callback
            ),
        )
        directory = tuple(path_spec.location.split(separator)[1:-1])
        if root is None or not _IsLogDirectory(root.mount_point, directory):
            return {}
        file_system = dfvfs_resolver.Resolver.OpenFileSystem(root.passwd_path_spec)
        return (
            self._GetPasswdUserNames(
                file_system, root.passwd_path_spec, warning_callback
            )
            or {}
        )

    def GetUserNames(self, file_entry, warning_callback):
        """Retrieves the user names of the host that wrote a log.

        Args:
          file_entry (dfvfs.FileEntry): file entry of the log.
          warning_callback (function): called with a description of a passwd
              file that cannot be read as a whole, once per passwd file, or of
              an image whose root file system is ambiguous, once per image.

        Returns:
          dict[int, str]: user name per UID, empty if the log has no passwd
              file beside it.
        """
        path_spec = _GetLocatedPathSpec(file_entry.path_spec)
        if path_spec is None:
            return {}
        if path_spec is file_entry.path_spec:
            file_system = file_entry.GetFileSystem()
        else:
            # The file system that holds the compressed file.
            file_system = dfvfs_resolver.Resolver.OpenFileSystem(path_spec)
        separator = file_system.PATH_SEPARATOR
        passwd_path_spec = _GetPasswdPathSpec(path_spec, separator)
        if passwd_path_spec is not None:
            user_names = self._GetPasswdUserNames(
                file_system, passwd_path_spec, warning_callback
            )
            if user_names is not None:
                return user_names
        try:
            return self._GetImageUserNames(path_spec, separator, warning_callback)
        except (IOError, OSError, ValueError, dfvfs_errors.Error):
            return {}


# The user names of the logs of both parsers, of one process.
_USER_NAMES = UserNames()


def GetUserNamesOfParsedFile(parser_mediator, warning_callback):
    """Retrieves the user names of the host that wrote the file being parsed.

    Args:
      parser_mediator (ParserMediator): mediator of the parser, which knows
          the file entry of the file.
      warning_callback (function): called with a description of a passwd file
          that cannot be read as a whole, or of an image whose root file
          system is ambiguous.

    Returns:
      dict[int, str]: user name per UID, empty where unknown.
    """
    file_entry = parser_mediator.GetFileEntry()
    if file_entry is None:
        return {}
    return _USER_NAMES.GetUserNames(file_entry, warning_callback)
