"""The user names of the evidence: the passwd file of the host that wrote a log.

An atop log at <prefix>/var/log/atop/<file> of a dfVFS file system was written
by the host whose user names are in <prefix>/etc/passwd of the same file
system: a disk image (an empty prefix), a directory or mounted image given to
log2timeline, a collection archive such as the .tar.gz of UAC ([root]). A log
elsewhere, such as a loose copy, has no user names.

The names are those of the passwd file at acquisition time; each passwd file
is read once per process, with a bound on its size.
"""

import collections

from dfvfs.lib import errors as dfvfs_errors
from dfvfs.path import factory as path_spec_factory

from plaso_atop import passwd

# The directory of the atop logs below the root of the host's file system.
LOG_DIRECTORY = ("var", "log", "atop")

# The passwd file below the root of the host's file system.
PASSWD_PATH = ("etc", "passwd")

# Most bytes of a passwd file read: some hundred thousand users.
MAXIMUM_PASSWD_SIZE = 16 * 1024 * 1024

# Most passwd files whose names are remembered.
_MAXIMUM_CACHED_FILES = 32


def _GetPasswdPathSpec(file_entry):
    """Determines the path specification of the passwd file beside a log.

    Args:
      file_entry (dfvfs.FileEntry): file entry of the log.

    Returns:
      dfvfs.PathSpec: path specification of the passwd file, or None if the
          log is not in var/log/atop of its file system.
    """
    path_spec = file_entry.path_spec
    location = getattr(path_spec, "location", None)
    if not location:
        return None
    separator = file_entry.GetFileSystem().PATH_SEPARATOR
    segments = location.split(separator)
    if len(segments) < 5 or tuple(segments[-4:-1]) != LOG_DIRECTORY:
        return None
    passwd_location = separator.join(segments[:-4] + list(PASSWD_PATH))
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
        path_spec = _GetPasswdPathSpec(file_entry)
        if path_spec is None:
            return {}
        key = path_spec.comparable
        user_names = self._user_names_per_file.get(key)
        if user_names is None:
            user_names = _ReadPasswd(
                file_entry.GetFileSystem(), path_spec, warning_callback
            )
            self._user_names_per_file[key] = user_names
            if len(self._user_names_per_file) > _MAXIMUM_CACHED_FILES:
                self._user_names_per_file.popitem(last=False)
        else:
            self._user_names_per_file.move_to_end(key)
        return user_names
