"""The file systems that an fstab mounts, and the names it gives their sources."""

import collections
import posixpath
import re

# The tags by which an fstab names a file system or a partition, and the
# udev links that name them the same way.
_TAGS = ("UUID", "LABEL", "PARTUUID", "PARTLABEL")
_LINK_DIRECTORIES = {
    "/dev/disk/by-uuid/": "UUID",
    "/dev/disk/by-label/": "LABEL",
    "/dev/disk/by-partuuid/": "PARTUUID",
    "/dev/disk/by-partlabel/": "PARTLABEL",
}

# Tags whose values are hexadecimal, of any case.
_CASELESS_TAGS = frozenset(["UUID", "PARTUUID"])

FstabEntry = collections.namedtuple("FstabEntry", ["source", "mount_point"])
FstabEntry.__doc__ = """A file system that an fstab mounts.

Attributes:
  source (str): source, as NormalizeSource makes it, such as
      "UUID=6f1d3c5e-1111-4c2a-9b7e-0a1b2c3d4e5f" or "/dev/mapper/vg0-var".
  mount_point (str): mount point, such as "/var".
"""


def _DecodeOctalEscapes(text):
    """Decodes the octal escapes of fstab fields, such as \\040 for a space.

    Args:
      text (str): field.

    Returns:
      str: decoded field.
    """
    return re.sub(r"\\([0-7]{3})", lambda match: chr(int(match.group(1), 8)), text)


def _DecodeUdevEscapes(text):
    """Decodes the escapes of udev link names, such as \\x2f for a slash.

    Args:
      text (str): link name.

    Returns:
      str: decoded name.
    """
    return re.sub(
        r"\\x([0-9a-fA-F]{2})", lambda match: chr(int(match.group(1), 16)), text
    )


def MakeTag(name, value):
    """Makes the source that names a file system or partition by a tag.

    Args:
      name (str): tag, such as "UUID".
      value (str): value of the tag.

    Returns:
      str: source, such as "UUID=6f1d3c5e-1111-4c2a-9b7e-0a1b2c3d4e5f".
    """
    if name in _CASELESS_TAGS:
        value = value.lower()
    return f"{name:s}={value:s}"


def NormalizeSource(source):
    """Normalizes the source of an fstab entry.

    Args:
      source (str): source, as in the fstab, its escapes decoded.

    Returns:
      str: the tag form for tags and the udev links that stand for them,
          otherwise the normalized device path.
    """
    name, separator, value = source.partition("=")
    if separator and name in _TAGS:
        return MakeTag(name, value.strip('"'))
    for directory, tag in _LINK_DIRECTORIES.items():
        if source.startswith(directory):
            return MakeTag(tag, _DecodeUdevEscapes(source[len(directory) :]))
    if source.startswith("/"):
        return posixpath.normpath(source)
    return source


def ParseFstab(data):
    """Parses an fstab.

    Lines that are not of the fstab form are skipped.

    Args:
      data (bytes): contents of the fstab.

    Returns:
      list[FstabEntry]: the entries with a source and an absolute mount point.
    """
    entries = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        fields = line.split()
        if len(fields) < 2 or fields[0].startswith("#"):
            continue
        source, mount_point = (_DecodeOctalEscapes(field) for field in fields[:2])
        if mount_point.startswith("/"):
            entries.append(
                FstabEntry(
                    source=NormalizeSource(source),
                    mount_point=posixpath.normpath(mount_point),
                )
            )
    return entries
