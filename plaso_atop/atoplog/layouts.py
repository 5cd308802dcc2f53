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
tstat_size and cstat_size.
"""

import collections
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

# pagesize, supportflags, osrel, osvers, ossub, cstatlen (2.11+).
HEADER_TAIL_STRUCT = struct.Struct("<IIIIII")
HEADER_TAIL_OFFSET = 436

# Per-sample flags (rawrecord.flags).
RRBOOT = 0x0001
RRCGRSTAT = 0x0100

Field = collections.namedtuple("Field", ["name", "offset", "format"])

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

# The task entry values every layout yields, in this order. Fields that a
# release does not record are None.
TASK_FIELDS = (
    "pid",
    "tgid",
    "ppid",
    *IDENTIFIER_FIELDS,
    "thread_count",
    "process_name",
    "is_process",
    "state",
    "exit_status",
    "start_time",
    "elapsed_ticks",
    "command_line",
    "was_inactive",
    "container",
    "cgroup",
    "cpu_user_ticks",
    "cpu_system_ticks",
    "virtual_memory_kib",
    "resident_memory_kib",
    "disk_read_requests",
    "disk_read_sectors",
    "disk_write_requests",
    "disk_write_sectors",
)

# Task fields that are fixed-size, NUL-padded character arrays.
STRING_FIELDS = frozenset(["process_name", "command_line", "container", "cgroup"])

# Task fields that process accounting fills in for an exited process; atop
# adds the command line of the live process it matches.
ACCOUNTED_FIELDS = frozenset(
    [
        "pid",
        "tgid",
        "ppid",
        "uid",
        "gid",
        "process_name",
        "is_process",
        "state",
        "exit_status",
        "start_time",
        "elapsed_ticks",
        "command_line",
        "cpu_user_ticks",
        "cpu_system_ticks",
    ]
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


class Layout:
    """Binary layout of one atop release family.

    Attributes:
      name (str): name of the release family, such as "2.8/2.9".
      versions (frozenset[tuple[int, int]]): (major, minor) releases that write
          this layout.
      record_size (int): size of the per-sample record (rawrecord).
      record_struct (struct.Struct): decodes a per-sample record.
      record_fields (tuple[Field]): fields of the per-sample record, in order.
      record_field_names (tuple[str]): names of the values that record_struct
          decodes, in order.
      sstat_size (int): size of the system statistics (sstat).
      tstat_size (int): size of a task entry (tstat, or pstat in 1.26).
      task_struct (struct.Struct): decodes a task entry.
      task_fields (tuple[Field]): fields of a task entry, in order.
      task_field_names (tuple[str]): names of the values that task_struct
          decodes, in order.
      exited_task_struct (struct.Struct): decodes the fields of a task entry
          that process accounting fills in for an exited process.
      exited_task_field_names (tuple[str]): names of the values that
          exited_task_struct decodes, in order.
      cstat_size (int): size of the fixed part of a cgroup entry (cstat), or
          0 before 2.11.
      has_cgroup_blocks (bool): True if samples can carry the cgroup blocks.
      has_task_cgroup_path (bool): True if task entries hold the cgroup path.
      pid_offset (int): offset of the PID in a task entry.
      start_time_offset (int): offset of the start time (btime) in a task entry.
      is_process_offset (int): offset of the is-process flag in a task entry,
          or None when every entry is a process (1.26).
      state_offset (int): offset of the state letter in a task entry.
      fingerprint_ranges (tuple[tuple[int, int]]): start and end offsets of
          the parts of a task entry that hold the fingerprint fields.
      was_inactive_offset (int): offset of the was-inactive flag in a task
          entry, or None if the layout has none.
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
        extra_fields_versions=None,
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
          task_fields (list[Field]): fields of a task entry.
          cstat_size (Optional[int]): size of the fixed part of a cgroup entry.
          extra_fields_versions (Optional[dict[str, frozenset]]): task fields
              that only some releases of the family fill in (former future
              space), with the releases that do.
        """
        super().__init__()
        record_fields = tuple(sorted(record_fields, key=lambda field: field.offset))
        task_fields = tuple(sorted(task_fields, key=lambda field: field.offset))
        task_offsets = {field.name: field.offset for field in task_fields}

        self._extra_fields_versions = extra_fields_versions or {}

        self.name = name
        self.versions = frozenset(versions)
        self.record_size = record_size
        self.record_struct = struct.Struct(
            _BuildStructFormat(record_fields, record_size)
        )
        self.record_fields = record_fields
        self.record_field_names = tuple(field.name for field in record_fields)
        self.sstat_size = sstat_size
        self.tstat_size = tstat_size
        self.task_struct = struct.Struct(_BuildStructFormat(task_fields, tstat_size))
        self.task_fields = task_fields
        self.task_field_names = tuple(field.name for field in task_fields)
        exited_task_fields = [
            field for field in task_fields if field.name in ACCOUNTED_FIELDS
        ]
        self.exited_task_struct = struct.Struct(
            _BuildStructFormat(exited_task_fields, tstat_size)
        )
        self.exited_task_field_names = tuple(field.name for field in exited_task_fields)
        self.cstat_size = cstat_size
        self.has_cgroup_blocks = cstat_size > 0
        self.has_task_cgroup_path = "cgroup" in task_offsets
        self.pid_offset = task_offsets["pid"]
        self.start_time_offset = task_offsets["start_time"]
        self.is_process_offset = task_offsets.get("is_process")
        self.state_offset = task_offsets["state"]
        self.fingerprint_ranges = self._GetRanges(
            field for field in task_fields if field.name in FINGERPRINT_FIELDS
        )
        self.was_inactive_offset = task_offsets.get("was_inactive")

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

    def GetTaskFieldNames(self, version):
        """Retrieves the task fields that a specific release fills in.

        Args:
          version (tuple[int, int]): (major, minor) release of the writer.

        Returns:
          frozenset[str]: names of the task fields with meaningful values.
        """
        return frozenset(
            name
            for name in self.task_field_names
            if version in self._extra_fields_versions.get(name, self.versions)
        )


def _CommonTaskFields(extra_offset, cmdline_size=256):
    """Builds the task fields at the same place in releases 1.27 to 2.13.

    Args:
      extra_offset (dict[str, tuple[int, str]]): offset and format of the
          fields whose place differs between releases.
      cmdline_size (Optional[int]): size of the command line array.

    Returns:
      list[Field]: task fields.
    """
    fields = [
        Field("tgid", 0, "i"),
        Field("pid", 4, "i"),
        Field("ppid", 8, "i"),
        Field("uid", 12, "I"),
        Field("euid", 16, "I"),
        Field("suid", 20, "I"),
        Field("fsuid", 24, "I"),
        Field("gid", 28, "I"),
        Field("egid", 32, "I"),
        Field("sgid", 36, "I"),
        Field("fsgid", 40, "I"),
        Field("thread_count", 44, "i"),
        Field("process_name", 48, "16s"),
        Field("is_process", 64, "B"),
        Field("state", 65, "c"),
        Field("exit_status", 68, "i"),
        Field("start_time", 72, "q"),
        Field("elapsed_ticks", 80, "q"),
        Field("command_line", 88, f"{cmdline_size:d}s"),
    ]
    for name, (offset, field_format) in extra_offset.items():
        fields.append(Field(name, offset, field_format))
    return fields


def _CountersAt(cpu, dsk, mem):
    """Builds the CPU, disk and memory counter fields of a task entry.

    Args:
      cpu (int): offset of the CPU user time (cpu.utime).
      dsk (int): offset of the disk read requests (dsk.rio).
      mem (int): offset of the virtual memory size (mem.vmem).

    Returns:
      dict[str, tuple[int, str]]: offset and format per field.
    """
    return {
        "cpu_user_ticks": (cpu, "q"),
        "cpu_system_ticks": (cpu + 8, "q"),
        "disk_read_requests": (dsk, "q"),
        "disk_read_sectors": (dsk + 8, "q"),
        "disk_write_requests": (dsk + 16, "q"),
        "disk_write_sectors": (dsk + 24, "q"),
        "virtual_memory_kib": (mem, "q"),
        "resident_memory_kib": (mem + 8, "q"),
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
        Field(name, offset, formats.get(name, "I"))
        for name, offset in names_and_offsets
    ]


_COMMON_RECORD = (("curtime", 0), ("flags", 8), ("scomplen", 16), ("pcomplen", 20))

# 1.26: 80-byte record with other counters; nlist is the number of entries.
_RECORD_126 = _RecordFields(
    *_COMMON_RECORD,
    ("interval", 24),
    ("ndeviat", 28),
    ("totproc", 32),
    ("nexit", 36),
)

# 1.27 to 2.10: 96-byte record.
_RECORD_20 = _RecordFields(
    *_COMMON_RECORD,
    ("interval", 24),
    ("ndeviat", 28),
    ("nactproc", 32),
    ("ntask", 36),
    ("totproc", 40),
    ("nexit", 60),
    ("noverflow", 64),
)

# 2.11 and later: 96-byte record with the cgroup block sizes.
_RECORD_211 = _RECORD_20 + _RecordFields(
    ("ncgroups", 10),
    ("ccomplen", 72),
    ("coriglen", 76),
    ("ncgpids", 80),
    ("icomplen", 84),
)

_V23 = frozenset([(2, 3)])

LAYOUTS = (
    Layout(
        "1.26",
        [(1, 26)],
        _RECORD_126,
        80,
        sstat_size=88368,
        tstat_size=616,
        task_fields=[
            Field("pid", 0, "i"),
            Field("ppid", 4, "i"),
            Field("uid", 8, "I"),
            Field("euid", 12, "I"),
            Field("suid", 16, "I"),
            Field("fsuid", 20, "I"),
            Field("gid", 24, "I"),
            Field("egid", 28, "I"),
            Field("sgid", 32, "I"),
            Field("fsgid", 36, "I"),
            Field("thread_count", 40, "i"),
            Field("process_name", 44, "16s"),
            Field("state", 60, "c"),
            Field("exit_status", 64, "i"),
            Field("start_time", 72, "q"),
            Field("elapsed_ticks", 80, "q"),
            Field("command_line", 88, "151s"),
        ]
        + [
            Field(name, offset, field_format)
            for name, (offset, field_format) in _CountersAt(256, 344, 440).items()
        ],
    ),
    Layout(
        "1.27/2.0",
        [(1, 27), (2, 0)],
        _RECORD_20,
        96,
        sstat_size=464184,
        tstat_size=736,
        task_fields=_CommonTaskFields(_CountersAt(376, 464, 560)),
    ),
    Layout(
        "2.1",
        [(2, 1)],
        _RECORD_20,
        96,
        sstat_size=685488,
        tstat_size=776,
        task_fields=_CommonTaskFields(_CountersAt(376, 464, 560)),
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
                **_CountersAt(384, 472, 568),
            }
        ),
        # 2.3 named two former future members of 2.2.
        extra_fields_versions={"was_inactive": _V23, "container": _V23},
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
                **_CountersAt(384, 472, 568),
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
                **_CountersAt(384, 472, 568),
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
                **_CountersAt(448, 568, 664),
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
                **_CountersAt(456, 592, 688),
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
                **_CountersAt(408, 544, 640),
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
                **_CountersAt(432, 568, 664),
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
