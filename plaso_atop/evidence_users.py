"""The user names of the evidence: the passwd file of the host that wrote a log.

A log in one of the directories of LOG_DIRECTORIES below <prefix> of a dfVFS
file system, such as an atop log at <prefix>/var/log/atop/<file>, was written
by the host whose user names are in <prefix>/etc/passwd of the same file
system: a disk image (an empty prefix), a directory or mounted image given to
log2timeline, a collection archive such as the .tar.gz of UAC ([root]). A log
compressed with gzip (or another compressed stream) is where its compressed
file is. A log elsewhere, such as a loose copy, has no user names.

The names are those of the passwd file at acquisition time; each passwd file
is read once per process, with a bound on its size.
"""

import collections

from dfvfs.lib import errors as dfvfs_errors
from dfvfs.path import factory as path_spec_factory
from dfvfs.resolver import resolver as dfvfs_resolver

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

# Most passwd files whose names are remembered.
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


def _ReadPasswd(file_system, path_spec, warning_callback):
    """Reads the user names of a passwd file.

    Args:
      file_system (dfvfs.FileSystem): file system of the passwd file.
      path_spec (dfvfs.PathSpec): path specification of the passwd file.
      warning_callback (function): called with a description of a passwd file
          that cannot be read as a whole.

    Returns:
      dict[int, str]: user name per UID, empty if there is no passwd file.
    """
    location = path_spec.location
    try:
        file_entry = file_system.GetFileEntryByPathSpec(path_spec)
        # A FIFO, a device node or a link in its place is not read: a FIFO
        # would stall the read, a link can point out of the evidence.
        if file_entry is None or not file_entry.IsFile():
            return {}
        file_object = file_entry.GetFileObject()
        if file_object is None:
            return {}
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
        # Least recently used first.
        self._user_names_per_file = collections.OrderedDict()

    def GetUserNames(self, file_entry, warning_callback):
        """Retrieves the user names of the host that wrote a log.

        Args:
          file_entry (dfvfs.FileEntry): file entry of the log.
          warning_callback (function): called with a description of a passwd
              file that cannot be read as a whole, once per passwd file.

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
        path_spec = _GetPasswdPathSpec(path_spec, file_system.PATH_SEPARATOR)
        if path_spec is None:
            return {}
        key = path_spec.comparable
        user_names = self._user_names_per_file.get(key)
        if user_names is None:
            user_names = _ReadPasswd(file_system, path_spec, warning_callback)
            self._user_names_per_file[key] = user_names
            if len(self._user_names_per_file) > _MAXIMUM_CACHED_FILES:
                self._user_names_per_file.popitem(last=False)
        else:
            self._user_names_per_file.move_to_end(key)
        return user_names
