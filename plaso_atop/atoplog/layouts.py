"""Binary layouts of the atop raw log structures, per atop release family.

atop writes its C structures as they are in memory (little-endian, native
alignment on LP64 systems) and changes them between releases. atop itself
accepts a file only when the structure sizes in the header equal its own; we
do the same, but know every release from 1.26 to 2.13. A layout is chosen by
the structure sizes in the header, and the version word only picks the
semantics inside a family of releases that share the same sizes.

The structures keep atop's names: sstat (the system statistics), tstat (one
task entry; pstat in 1.26) and cstat (one cgroup entry, from 2.11 on). Their
sizes are the header's sstatlen, tstatlen and cstatlen, here sstat_size,
tstat_size and cstat_size. Only the fields that the reader decodes are listed.
"""

import collections
import operator
import struct

# Size of the raw header, identical in every release.
HEADER_SIZE = 480

HEADER_MAGIC = 0xFEEDBEEF

# The magic number as stored at the start of a raw header: little-endian.
HEADER_MAGIC_BYTES = HEADER_MAGIC.to_bytes(4, "little")

# magic, aversion, future1, future2, rawheadlen, rawreclen, hertz,
# sfuture[6] (pidwidth in 2.8+), sstatlen, tstatlen.
HEADER_STRUCT = struct.Struct("<IHHHHHH12xII")

# utsname: 6 members of 65 characters from offset 36: sysname, nodename,
# release, version, machine and domainname.
UTSNAME_OFFSET = 36
UTSNAME_MEMBER_SIZE = 65
UTSNAME_NODENAME = 1
UTSNAME_RELEASE = 2

# pagesize, supportflags, osrel, osvers, ossub (skipped), cstatlen (2.11+).
HEADER_TAIL_STRUCT = struct.Struct("<II12xI")
HEADER_TAIL_OFFSET = 436

# Features of the writer in the header (supportflags). From 2.2.6 on, the
# header holds IOSTAT and the NETATOP bits set as placeholders (RAWLOGNG), and
# every sample says in its own flags whether it has them.
SUPPORT_PATCHSTAT = 0x0002
SUPPORT_IOSTAT = 0x0004
SUPPORT_NETATOP = 0x0010
SUPPORT_NETATOPBPF = 0x1000
SUPPORT_RAWLOGNG = 0x0035

# Per-sample flags (rawrecord flags).
RRBOOT = 0x0001
RRNETATOP = 0x0004
RRIOSTAT = 0x0020
RRCGRSTAT = 0x0100

Field = collections.namedtuple("Field", ["name", "offset", "format"])

TaskColumns = collections.namedtuple(
    "TaskColumns",
    [
        "tstat_size",
        "state_offset",
        "is_process_offset",
        "was_inactive_offset",
        "fingerprint_ranges",
    ],
)
TaskColumns.__doc__ = """Where the fields that tell task entries apart are, per release.

Attributes:
  tstat_size (int): size of a task entry.
  state_offset (int): offset of the state letter.
  is_process_offset (int): offset of the is-process flag, or None if every
      entry is a process (1.26).
  was_inactive_offset (int): offset of the was-inactive flag, or None if the
      release does not fill it in.
  fingerprint_ranges (tuple[tuple[int, int]]): start and end offsets of the
      parts of a task entry that hold the fingerprint fields.
"""

# The user and group identifiers of a task: real, effective, saved and file
# system user identifier, then the same group identifiers. atop names the
# real ones ruid and rgid; here, as in plaso, they are uid and gid.
IDENTIFIER_FIELDS = (
    "uid",
    "euid",
    "suid",
    "fsuid",
    "gid",
    "egid",
    "sgid",
    "fsgid",
)

# The per-task network counters of netatop: bytes sent and received over TCP
# and UDP.
NETWORK_FIELDS = (
    "tcp_sent_bytes",
    "tcp_received_bytes",
    "udp_sent_bytes",
    "udp_received_bytes",
)

# Task fields whose change tells what a process became: its program (name and
# command line), its user and group identifiers, and its parent.
FINGERPRINT_FIELDS = frozenset(
    ["process_name", "command_line", *IDENTIFIER_FIELDS, "ppid"]
)


def _BuildStructFormat(fields, size):
    """Builds the little-endian struct format that decodes fields of a structure.

    Args:
      fields (list[Field]): fields, sorted by offset.
      size (int): size of the structure.

    Returns:
      str: struct format, with pad bytes between the fields.

    Raises:
      ValueError: if fields overlap or exceed the structure.
    """
    parts = ["<"]
    position = 0
    for field in fields:
        if field.offset < position:
            raise ValueError(f"Overlapping field: {field.name:s}")
        if field.offset > position:
            parts.append(f"{field.offset - position:d}x")
        parts.append(field.format)
        position = field.offset + struct.calcsize("<" + field.format)

    if position > size:
        raise ValueError(f"Fields exceed the structure size: {size:d}")
    if position < size:
        parts.append(f"{size - position:d}x")
    return "".join(parts)


class FieldReader:
    """Reads some fields of a structure, in an order of one's choosing.

    Fields that the layout does not have, or that a release does not fill in,
    read as None.
    """

    def __init__(self, fields, size, names):
        """Initializes a field reader.

        Args:
          fields (list[Field]): fields of the structure that hold values.
          size (int): size of the structure.
          names (tuple[str]): names of the fields to read, in the order in
              which they are returned.
        """
        super().__init__()
        wanted = sorted(
            (field for field in fields if field.name in names),
            key=lambda field: field.offset,
        )
        positions = {field.name: index for index, field in enumerate(wanted)}
        missing = len(wanted)
        self._in_structure_order = tuple(field.name for field in wanted) == names
        self._struct = struct.Struct(_BuildStructFormat(wanted, size))
        self._reorder = operator.itemgetter(
            *(positions.get(name, missing) for name in names)
        )

    def Read(self, data, offset):
        """Reads the fields of the structure at an offset.

        Args:
          data (bytes): data that holds the structure.
          offset (int): offset of the structure.

        Returns:
          tuple[object]: values, in the order of the names.
        """
        return self._reorder(self._struct.unpack_from(data, offset) + (None,))

    def ReadEvery(self, data):
        """Reads the fields of every structure of an array.

        Args:
          data (bytes): array of structures.

        Returns:
          list[tuple[object]]: values per structure, in the order of the names.

        Raises:
          ValueError: if the names are not those of fields that the structure
              has, in the order of the structure.
        """
        if not self._in_structure_order:
            raise ValueError("names not in the order of the structure")
        return list(self._struct.iter_unpack(data))


class Layout:
    """Binary layout of one atop release family.

    Attributes:
      name (str): name of the release family, such as "2.8/2.9".
      versions (frozenset[tuple[int, int]]): (major, minor) releases that write
          this layout.
      record_size (int): size of the per-sample record (rawrecord).
      record_fields (tuple[Field]): fields of the per-sample record, in order.
      sstat_size (int): size of the system statistics (sstat).
      tstat_size (int): size of a task entry (tstat, or pstat in 1.26).
      task_fields (tuple[Field]): fields of a task entry, in order.
      cstat_size (int): size of the fixed part of a cgroup entry (cstat), or
          0 before 2.11.
      has_cgroup_blocks (bool): True if samples can carry the cgroup blocks.
      has_task_cgroup_path (bool): True if task entries hold the cgroup path.
      fingerprint_ranges (tuple[tuple[int, int]]): start and end offsets of
          the parts of a task entry that hold the fingerprint fields.
    """

    def __init__(
        self,
        name,
        versions,
        record_fields,
        record_size,
        sstat_size,
        tstat_size,
        task_fields,
        cstat_size=0,
        fields_of_later_releases=None,
    ):
        """Initializes a layout.

        Args:
          name (str): name of the release family.
          versions (list[tuple[int, int]]): (major, minor) releases that write
              this layout.
          record_fields (list[Field]): fields of the per-sample record.
          record_size (int): size of the per-sample record.
          sstat_size (int): size of the system statistics (sstat).
          tstat_size (int): size of a task entry.
          task_fields (dict[str, tuple[int, str]]): offset and struct format of
              the fields of a task entry, by name.
          cstat_size (Optional[int]): size of the fixed part of a cgroup entry.
          fields_of_later_releases (Optional[dict[str, frozenset]]): task
              fields that only the later releases of the family fill in (in
              what was future space before), with the releases that do.
        """
        super().__init__()
        self._fields_of_later_releases = fields_of_later_releases or {}
        self.name = name
        self.versions = frozenset(versions)
        self.record_size = record_size
        self.record_fields = tuple(sorted(record_fields, key=lambda f: f.offset))
        self.sstat_size = sstat_size
        self.tstat_size = tstat_size
        self.task_fields = tuple(
            sorted(
                (
                    Field(name=name, offset=offset, format=field_format)
                    for name, (offset, field_format) in task_fields.items()
                ),
                key=lambda field: field.offset,
            )
        )
        self.cstat_size = cstat_size
        self.has_cgroup_blocks = cstat_size > 0
        self.has_task_cgroup_path = self.GetTaskField("cgroup") is not None
        self.fingerprint_ranges = self._GetRanges(
            field for field in self.task_fields if field.name in FINGERPRINT_FIELDS
        )

    def _GetRanges(self, fields):
        """Merges the bytes of fields into ranges of adjacent bytes.

        Args:
          fields (iterable[Field]): fields, sorted by offset.

        Returns:
          tuple[tuple[int, int]]: start and end offset of every range.
        """
        ranges = []
        for field in fields:
            end = field.offset + struct.calcsize("<" + field.format)
            if ranges and ranges[-1][1] == field.offset:
                ranges[-1] = (ranges[-1][0], end)
            else:
                ranges.append((field.offset, end))
        return tuple(ranges)

    def CreateRecordReader(self):
        """Creates what reads every field of a per-sample record.

        Returns:
          FieldReader: reader of the record fields, in the order of
              record_fields.
        """
        return FieldReader(
            self.record_fields,
            self.record_size,
            tuple(field.name for field in self.record_fields),
        )

    def GetTaskColumns(self, version):
        """Retrieves where the fields that tell task entries apart are.

        Args:
          version (tuple[int, int]): (major, minor) release of the writer.

        Returns:
          TaskColumns: offsets of the fields.
        """
        fields = {field.name: field for field in self.GetTaskFields(version)}
        is_process = fields.get("is_process")
        was_inactive = fields.get("was_inactive")
        return TaskColumns(
            tstat_size=self.tstat_size,
            state_offset=fields["state"].offset,
            is_process_offset=is_process and is_process.offset,
            was_inactive_offset=was_inactive and was_inactive.offset,
            fingerprint_ranges=self.fingerprint_ranges,
        )

    def CreateTaskReader(self, version, names):
        """Creates what reads fields of a task entry of a specific release.

        Args:
          version (tuple[int, int]): (major, minor) release of the writer.
          names (tuple[str]): names of the fields to read, in order.

        Returns:
          FieldReader: reader of the fields; a field that the release does not
              fill in reads as None.
        """
        return FieldReader(self.GetTaskFields(version), self.tstat_size, names)

    def GetTaskField(self, name):
        """Retrieves a task field.

        Args:
          name (str): name of the field.

        Returns:
          Field: field, or None if there is no such field.
        """
        for field in self.task_fields:
            if field.name == name:
                return field
        return None

    def GetTaskFields(self, version):
        """Retrieves the task fields that a specific release fills in.

        Args:
          version (tuple[int, int]): (major, minor) release of the writer.

        Returns:
          list[Field]: task fields with meaningful values.
        """
        return [
            field
            for field in self.task_fields
            if version in self._fields_of_later_releases.get(field.name, self.versions)
        ]


def _CommonTaskFields(varying_fields):
    """Builds the task fields at the same place in releases 1.27 to 2.13.

    Args:
      varying_fields (dict[str, tuple[int, str]]): offset and format of the
          fields whose place differs between releases.

    Returns:
      dict[str, tuple[int, str]]: offset and format of the task fields.
    """
    return {
        "pid": (4, "i"),
        "ppid": (8, "i"),
        "uid": (12, "I"),
        "euid": (16, "I"),
        "suid": (20, "I"),
        "fsuid": (24, "I"),
        "gid": (28, "I"),
        "egid": (32, "I"),
        "sgid": (36, "I"),
        "fsgid": (40, "I"),
        "process_name": (48, "16s"),
        "is_process": (64, "B"),
        "state": (65, "c"),
        "exit_status": (68, "i"),
        "start_time": (72, "q"),
        "elapsed_ticks": (80, "q"),
        "command_line": (88, "256s"),
        **varying_fields,
    }


def _CountersAt(cpu, dsk, net):
    """Builds the CPU, disk and network counter fields of a task entry.

    Args:
      cpu (int): offset of the CPU counters (cpu.utime).
      dsk (int): offset of the disk counters (dsk.rio).
      net (int): offset of the network counters (net.tcpsnd).

    Returns:
      dict[str, tuple[int, str]]: offset and format per field.
    """
    return {
        "cpu_user_ticks": (cpu, "q"),
        "cpu_system_ticks": (cpu + 8, "q"),
        "disk_read_sectors": (dsk + 8, "q"),
        "disk_write_sectors": (dsk + 24, "q"),
        "disk_cancelled_write_sectors": (dsk + 32, "q"),
        "tcp_sent_bytes": (net + 8, "q"),
        "tcp_received_bytes": (net + 24, "q"),
        "udp_sent_bytes": (net + 40, "q"),
        "udp_received_bytes": (net + 56, "q"),
    }


def _RecordFields(*names_and_offsets):
    """Builds per-sample record fields.

    Args:
      names_and_offsets (tuple[str, int]): name and offset of each field; the
          time is a 64-bit integer, the flags and cgroup count 16-bit and all
          others 32-bit unsigned integers.

    Returns:
      list[Field]: record fields.
    """
    formats = {"curtime": "q", "flags": "H", "ncgroups": "H"}
    return [
        Field(name=name, offset=offset, format=formats.get(name, "I"))
        for name, offset in names_and_offsets
    ]


_COMMON_RECORD = (("curtime", 0), ("flags", 8), ("scomplen", 16), ("pcomplen", 20))

# 1.26: 80-byte record; nlist is the number of entries, here ndeviat.
_RECORD_126 = _RecordFields(*_COMMON_RECORD, ("interval", 24), ("ndeviat", 28))

# 1.27 to 2.10: 96-byte record.
_RECORD_20 = _RecordFields(
    *_COMMON_RECORD, ("interval", 24), ("ndeviat", 28), ("noverflow", 64)
)

# 2.11 and later: 96-byte record with the cgroup block sizes.
_RECORD_211 = _RECORD_20 + _RecordFields(
    ("ncgroups", 10),
    ("ccomplen", 72),
    ("coriglen", 76),
    ("ncgpids", 80),
    ("icomplen", 84),
)

# From 2.3 on, what was future space of the 2.2 task entry.
_FIELDS_OF_2_3 = {
    "was_inactive": frozenset([(2, 3)]),
    "container": frozenset([(2, 3)]),
}

LAYOUTS = (
    Layout(
        "1.26",
        [(1, 26)],
        _RECORD_126,
        80,
        sstat_size=88368,
        tstat_size=616,
        task_fields={
            "pid": (0, "i"),
            "ppid": (4, "i"),
            "uid": (8, "I"),
            "euid": (12, "I"),
            "suid": (16, "I"),
            "fsuid": (20, "I"),
            "gid": (24, "I"),
            "egid": (28, "I"),
            "sgid": (32, "I"),
            "fsgid": (36, "I"),
            "process_name": (44, "16s"),
            "state": (60, "c"),
            "exit_status": (64, "i"),
            "start_time": (72, "q"),
            "elapsed_ticks": (80, "q"),
            "command_line": (88, "151s"),
            **_CountersAt(256, 344, 504),
        },
    ),
    Layout(
        "1.27/2.0",
        [(1, 27), (2, 0)],
        _RECORD_20,
        96,
        sstat_size=464184,
        tstat_size=736,
        task_fields=_CommonTaskFields(_CountersAt(376, 464, 624)),
    ),
    Layout(
        "2.1",
        [(2, 1)],
        _RECORD_20,
        96,
        sstat_size=685488,
        tstat_size=776,
        task_fields=_CommonTaskFields(_CountersAt(376, 464, 664)),
    ),
    Layout(
        "2.2/2.3",
        [(2, 2), (2, 3)],
        _RECORD_20,
        96,
        sstat_size=711904,
        tstat_size=784,
        task_fields=_CommonTaskFields(
            {
                "was_inactive": (364, "i"),
                "container": (368, "16s"),
                **_CountersAt(384, 472, 672),
            }
        ),
        fields_of_later_releases=_FIELDS_OF_2_3,
    ),
    Layout(
        "2.4/2.5/2.6",
        [(2, 4), (2, 5), (2, 6)],
        _RECORD_20,
        96,
        sstat_size=716656,
        tstat_size=840,
        task_fields=_CommonTaskFields(
            {
                "was_inactive": (364, "i"),
                "container": (368, "16s"),
                **_CountersAt(384, 472, 672),
            }
        ),
    ),
    Layout(
        "2.7",
        [(2, 7)],
        _RECORD_20,
        96,
        sstat_size=954360,
        tstat_size=840,
        task_fields=_CommonTaskFields(
            {
                "was_inactive": (364, "i"),
                "container": (368, "16s"),
                **_CountersAt(384, 472, 672),
            }
        ),
    ),
    Layout(
        "2.8/2.9",
        [(2, 8), (2, 9)],
        _RECORD_20,
        96,
        sstat_size=1021960,
        tstat_size=968,
        task_fields=_CommonTaskFields(
            {
                "was_inactive": (364, "i"),
                "container": (368, "16s"),
                "cgroup": (384, "64s"),
                **_CountersAt(448, 568, 800),
            }
        ),
    ),
    Layout(
        "2.10",
        [(2, 10)],
        _RECORD_20,
        96,
        sstat_size=1030216,
        tstat_size=992,
        task_fields=_CommonTaskFields(
            {
                "was_inactive": (368, "i"),
                "container": (372, "16s"),
                "cgroup": (388, "64s"),
                **_CountersAt(456, 592, 824),
            }
        ),
    ),
    Layout(
        "2.11/2.12",
        [(2, 11), (2, 12)],
        _RECORD_211,
        96,
        sstat_size=1064016,
        tstat_size=968,
        task_fields=_CommonTaskFields(
            {
                "was_inactive": (368, "i"),
                "container": (372, "16s"),
                **_CountersAt(408, 544, 776),
            }
        ),
        cstat_size=432,
    ),
    Layout(
        "2.13",
        [(2, 13)],
        _RECORD_211,
        96,
        sstat_size=1408336,
        tstat_size=992,
        task_fields=_CommonTaskFields(
            {
                "was_inactive": (368, "i"),
                "container": (372, "40s"),
                **_CountersAt(432, 568, 800),
            }
        ),
        cstat_size=432,
    ),
)


def FindLayout(record_size, sstat_size, tstat_size, cstat_size):
    """Finds the layout that matches the structure sizes of a header.

    Args:
      record_size (int): size of the per-sample record (rawreclen).
      sstat_size (int): size of the system statistics (sstatlen).
      tstat_size (int): size of a task entry (tstatlen).
      cstat_size (int): size of a cgroup entry (cstatlen), which is only
          meaningful from 2.11 on, where it is always set.

    Returns:
      Layout: layout or None if no known layout has these sizes.
    """
    for layout in LAYOUTS:
        if (
            layout.record_size == record_size
            and layout.sstat_size == sstat_size
            and layout.tstat_size == tstat_size
            and (not layout.has_cgroup_blocks or layout.cstat_size == cstat_size)
        ):
            return layout
    return None
