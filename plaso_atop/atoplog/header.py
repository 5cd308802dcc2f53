"""The header of an atop raw log."""

from plaso_atop.atoplog import definitions
from plaso_atop.atoplog import errors
from plaso_atop.atoplog import layouts


def _DecodeUtsname(data):
    """Decodes the utsname members that the header holds.

    Args:
      data (bytes): header data.

    Returns:
      list[str]: operating system name, host name, kernel release, kernel
          version and machine hardware name.
    """
    members = []
    for index in range(5):
        offset = layouts.UTSNAME_OFFSET + index * layouts.UTSNAME_MEMBER_SIZE
        members.append(
            definitions.DecodeString(
                data[offset : offset + layouts.UTSNAME_MEMBER_SIZE]
            )
        )
    return members


class AtopLogHeader:
    """Header of an atop raw log.

    Attributes:
      version (tuple[int, int]): (major, minor) release of atop that wrote the
          log; the patch level is not recorded.
      version_word (int): version as stored (aversion).
      layout (layouts.Layout): binary layout of the log.
      hostname (str): host name (utsname nodename).
      system_name (str): operating system name (utsname sysname).
      kernel_release (str): kernel release (utsname release).
      kernel_version (str): kernel version (utsname version).
      machine (str): machine hardware name (utsname machine).
      hertz (int): clock ticks per second.
      page_size (int): page size in bytes.
      support_flags (int): features of the writer (supportflags).
    """

    def __init__(self, data):
        """Initializes a header.

        Args:
          data (bytes): header data.

        Raises:
          AtopLogError: if the data is not an atop raw log header.
          UnsupportedLayoutError: if the data is the header of an atop raw log
              of a layout the reader does not know.
        """
        super().__init__()
        if len(data) < layouts.HEADER_SIZE:
            raise errors.AtopLogError("file is smaller than an atop raw log header")

        (
            magic,
            version_word,
            _,
            _,
            header_size,
            record_size,
            hertz,
            sstat_size,
            tstat_size,
        ) = layouts.HEADER_STRUCT.unpack_from(data, 0)
        if magic != layouts.HEADER_MAGIC:
            raise errors.AtopLogError(f"wrong magic number: 0x{magic:08x}")
        if not version_word & 0x8000:
            raise errors.AtopLogError(
                f"missing version (version word 0x{version_word:04x})"
            )

        (
            page_size,
            support_flags,
            _,
            _,
            _,
            cstat_size,
        ) = layouts.HEADER_TAIL_STRUCT.unpack_from(data, layouts.HEADER_TAIL_OFFSET)

        self.version = ((version_word >> 8) & 0x7F, version_word & 0xFF)
        self.version_word = version_word
        self.layout = layouts.FindLayout(
            record_size, sstat_size, tstat_size, cstat_size
        )
        sizes = (
            f"version word 0x{version_word:04x} (atop {self.release:s}), "
            f"header size {header_size:d}, record size {record_size:d}, "
            f"sstat size {sstat_size:d}, tstat size {tstat_size:d}, "
            f"cstat size {cstat_size:d}"
        )
        if header_size != layouts.HEADER_SIZE or self.layout is None:
            raise errors.UnsupportedLayoutError(
                f"unknown atop raw log layout: {sizes:s}"
            )
        if self.version not in self.layout.versions:
            raise errors.UnsupportedLayoutError(
                f"version does not match the atop {self.layout.name:s} layout: "
                f"{sizes:s}"
            )
        if not hertz or not page_size:
            raise errors.AtopLogError(
                f"invalid clock ticks per second or page size: {sizes:s}"
            )

        (
            self.system_name,
            self.hostname,
            self.kernel_release,
            self.kernel_version,
            self.machine,
        ) = _DecodeUtsname(data)
        self.hertz = hertz
        self.page_size = page_size
        self.support_flags = support_flags

    @property
    def release(self):
        """str: atop release that wrote the log, such as "2.8"."""
        return "{0:d}.{1:d}".format(*self.version)


def ReadHeader(file_source, offset):
    """Reads a plausible raw header at a specific offset.

    Args:
      file_source (FileSource): file that holds the log.
      offset (int): offset of the header.

    Returns:
      AtopLogHeader: header, or None if there is no plausible raw header of a
          known layout at the offset.
    """
    try:
        return AtopLogHeader(file_source.ReadAt(offset, layouts.HEADER_SIZE))
    except errors.AtopLogError:
        return None
