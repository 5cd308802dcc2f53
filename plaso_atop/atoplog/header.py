"""The header of an atop raw log."""

from plaso_atop.atoplog import definitions
from plaso_atop.atoplog import errors
from plaso_atop.atoplog import layouts


def _DecodeUtsnameMember(data, index):
    """Decodes a member of the utsname that the header holds.

    Args:
      data (bytes): header data.
      index (int): index of the member, such as layouts.UTSNAME_NODENAME.

    Returns:
      str: member.
    """
    offset = layouts.UTSNAME_OFFSET + index * layouts.UTSNAME_MEMBER_SIZE
    return definitions.DecodeString(data[offset : offset + layouts.UTSNAME_MEMBER_SIZE])


def _ChooseLayout(version, structure_sizes, machine, description):
    """Chooses the layout of a log from its header.

    Args:
      version (tuple[int, int]): (major, minor) release of the writer.
      structure_sizes (tuple[int, int, int, int]): sizes of the per-sample
          record, the system statistics, a task entry and a cgroup entry.
      machine (str): machine of the kernel (utsname machine).
      description (str): the version word and sizes, for the errors.

    Returns:
      layouts.Layout: layout.

    Raises:
      UnsupportedLayoutError: if no layout, or more than one, matches.
    """
    candidates = layouts.FindLayouts(version, *structure_sizes, machine)
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        abis = ", ".join(layout.abi for layout in candidates)
        raise errors.UnsupportedLayoutError(
            f"ambiguous atop raw log layout, of the {abis:s} builds alike, "
            f"on machine {machine!r:s}: {description:s}"
        )
    others = layouts.FindLayouts(None, *structure_sizes, machine)
    if others:
        names = ", ".join(layout.description for layout in others)
        raise errors.UnsupportedLayoutError(
            f"version does not match the atop {names:s} layout: {description:s}"
        )
    raise errors.UnsupportedLayoutError(f"unknown atop raw log layout: {description:s}")


def _CheckMagicAndVersion(magic, version_word):
    """Checks the magic number and the version word of a raw header.

    Args:
      magic (int): magic number.
      version_word (int): version word, whose bit 15 flags a version.

    Raises:
      AtopLogError: if the magic number is not atop's or there is no version.
    """
    if magic != layouts.HEADER_MAGIC:
        raise errors.AtopLogError(f"wrong magic number: 0x{magic:08x}")
    if not version_word & 0x8000:
        raise errors.AtopLogError(
            f"missing version (version word 0x{version_word:04x})"
        )


class AtopLogHeader:
    """Header of an atop raw log.

    Attributes:
      version (tuple[int, int]): (major, minor) release of atop that wrote the
          log; the patch level is not recorded.
      layout (layouts.Layout): binary layout of the log.
      machine (str): machine of the kernel (utsname machine), such as
          "x86_64"; a 32-bit atop on a 64-bit kernel gives the latter's.
      hostname (str): host name (utsname nodename).
      kernel_release (str): kernel release (utsname release).
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
        _CheckMagicAndVersion(magic, version_word)

        page_size, support_flags, cstat_size = layouts.HEADER_TAIL_STRUCT.unpack_from(
            data, layouts.HEADER_TAIL_OFFSET
        )

        self.version = ((version_word >> 8) & 0x7F, version_word & 0xFF)
        self.machine = _DecodeUtsnameMember(data, layouts.UTSNAME_MACHINE)
        sizes = (
            f"version word 0x{version_word:04x} (atop {self.release:s}), "
            f"header size {header_size:d}, record size {record_size:d}, "
            f"sstat size {sstat_size:d}, tstat size {tstat_size:d}, "
            f"cstat size {cstat_size:d}"
        )
        if header_size != layouts.HEADER_SIZE:
            raise errors.UnsupportedLayoutError(
                f"unknown atop raw log layout: {sizes:s}"
            )
        self.layout = _ChooseLayout(
            self.version,
            (record_size, sstat_size, tstat_size, cstat_size),
            self.machine,
            sizes,
        )
        if not hertz or not page_size:
            raise errors.AtopLogError(
                f"invalid clock ticks per second or page size: {sizes:s}"
            )

        self.hostname = _DecodeUtsnameMember(data, layouts.UTSNAME_NODENAME)
        self.kernel_release = _DecodeUtsnameMember(data, layouts.UTSNAME_RELEASE)
        self.hertz = hertz
        self.page_size = page_size
        self.support_flags = support_flags

    @property
    def release(self):
        """str: atop release that wrote the log, such as "2.8"."""
        major, minor = self.version
        return f"{major:d}.{minor:d}"


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
