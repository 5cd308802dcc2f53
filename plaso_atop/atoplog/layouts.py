"""Binary layouts of the atop raw log structures, per atop release and ABI.

atop writes its C structures as they are in memory (little-endian, with the
sizes and alignments of the ABI it was built for) and changes them between
releases. atop itself accepts a file only when the structure sizes in the
header equal its own; we do the same, but know every release from 1.26 to
2.13, as 64-bit builds (x86-64, arm64) and 32-bit builds (i386, armhf with a
32-bit or 64-bit time_t) write it. A layout is chosen by the release and the
structure sizes in the header; should two ABIs give the same sizes, by the
machine the header names.

The offsets and sizes come from the compilers, in atop_offsets.json, written
by tools/atop_offsets/generate.py from atop's own headers of each release.
The structures keep atop's names: sstat (the system statistics), tstat (one
task entry; pstat in 1.26) and cstat (one cgroup entry, from 2.11 on). Their
sizes are the header's sstatlen, tstatlen and cstatlen, here sstat_size,
tstat_size and cstat_size. Only the fields that the reader decodes are listed.
"""

import collections
import json
import operator
import os
import re
import struct

# Size of the raw header, identical in every release and ABI.
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
UTSNAME_MACHINE = 4

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


_OFFSETS_PATH = os.path.join(os.path.dirname(__file__), "atop_offsets.json")

# The machines (utsname machine of the kernel) whose logs an ABI's atop can
# write: a 32-bit atop on a 64-bit kernel reports the kernel's machine.
_ABI_MACHINES = {
    "64-bit": re.compile(r"x86_64|aarch64|ppc64le|riscv64|loongarch64|mips64"),
    "i386": re.compile(r"i[3-6]86|x86_64"),
    "armhf": re.compile(r"armv[5-8]\w*|aarch64"),
    "armhf-time64": re.compile(r"armv[5-8]\w*|aarch64"),
}

# The kind of value of every field that the reader decodes; its size comes
# from the offsets table.
_FIELD_KINDS = {
    "curtime": "signed",
    "state": "character",
    "process_name": "string",
    "command_line": "string",
    "container": "string",
    "cgroup": "string",
    "pid": "signed",
    "ppid": "signed",
    "exit_status": "signed",
    "start_time": "signed",
    "elapsed_ticks": "signed",
    "was_inactive": "signed",
    "cpu_user_ticks": "signed",
    "cpu_system_ticks": "signed",
    "disk_read_sectors": "signed",
    "disk_write_sectors": "signed",
    "disk_cancelled_write_sectors": "signed",
    **dict.fromkeys(NETWORK_FIELDS, "signed"),
}

_STRUCT_FORMATS = {
    ("signed", 4): "i",
    ("signed", 8): "q",
    ("unsigned", 1): "B",
    ("unsigned", 2): "H",
    ("unsigned", 4): "I",
    ("character", 1): "c",
}


def _MakeField(name, offset, size):
    """Makes a field of the offsets table.

    Args:
      name (str): name of the field.
      offset (int): offset of the field.
      size (int): size of the field.

    Returns:
      Field: field, with the struct format of its kind and size.

    Raises:
      ValueError: if a field has a size that its kind cannot have.
    """
    kind = _FIELD_KINDS.get(name, "unsigned")
    if kind == "string":
        return Field(name=name, offset=offset, format=f"{size:d}s")
    field_format = _STRUCT_FORMATS.get((kind, size))
    if not field_format:
        raise ValueError(f"field {name:s} of {size:d} bytes")
    return Field(name=name, offset=offset, format=field_format)


class Layout:
    """Binary layout of one atop release family, as one ABI writes it.

    Attributes:
      name (str): name of the release family, such as "2.8/2.9".
      abi (str): ABI of the writer: "64-bit", "i386", "armhf" or
          "armhf-time64" (armhf with a 64-bit time_t).
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

    def __init__(self, name, abi, versions, sizes, record_members, task_members):
        """Initializes a layout.

        Args:
          name (str): name of the release family.
          abi (str): ABI of the writer.
          versions (list[tuple[int, int]]): (major, minor) releases that write
              this layout.
          sizes (dict[str, int]): size of the rawrecord, sstat, tstat and, from
              2.11 on, cstat structures.
          record_members (dict[str, list[int]]): offset and size of the fields
              of the per-sample record, by name.
          task_members (dict[str, list[int]]): offset and size of the fields of
              a task entry, by name.
        """
        super().__init__()
        self.name = name
        self.abi = abi
        self.versions = frozenset(versions)
        self.record_size = sizes["rawrecord"]
        self.record_fields = self._MakeFields(record_members)
        self.sstat_size = sizes["sstat"]
        self.tstat_size = sizes["tstat"]
        self.task_fields = self._MakeFields(task_members)
        self.cstat_size = sizes.get("cstat", 0)
        self.has_cgroup_blocks = self.cstat_size > 0
        self.has_task_cgroup_path = self.GetTaskField("cgroup") is not None
        self.fingerprint_ranges = self._GetRanges(
            field for field in self.task_fields if field.name in FINGERPRINT_FIELDS
        )

    def _MakeFields(self, members):
        """Makes the fields of a structure.

        Args:
          members (dict[str, list[int]]): offset and size of the fields.

        Returns:
          tuple[Field]: fields, sorted by offset.
        """
        return tuple(
            sorted(
                (
                    _MakeField(name, *offset_and_size)
                    for name, offset_and_size in members.items()
                ),
                key=lambda field: field.offset,
            )
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

    @property
    def description(self):
        """str: release family and ABI, such as "2.8/2.9 (i386)"."""
        return f"{self.name:s} ({self.abi:s})"

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

    def CreateTaskReader(self, names):
        """Creates what reads fields of a task entry.

        Args:
          names (tuple[str]): names of the fields to read, in order.

        Returns:
          FieldReader: reader of the fields; a field that the release does not
              have reads as None.
        """
        return FieldReader(self.task_fields, self.tstat_size, names)

    def GetTaskColumns(self):
        """Retrieves where the fields that tell task entries apart are.

        Returns:
          TaskColumns: offsets of the fields.
        """
        is_process = self.GetTaskField("is_process")
        was_inactive = self.GetTaskField("was_inactive")
        return TaskColumns(
            tstat_size=self.tstat_size,
            state_offset=self.GetTaskField("state").offset,
            is_process_offset=is_process and is_process.offset,
            was_inactive_offset=was_inactive and was_inactive.offset,
            fingerprint_ranges=self.fingerprint_ranges,
        )

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

    def HasSizes(self, record_size, sstat_size, tstat_size, cstat_size):
        """Determines if the layout has the structure sizes of a header.

        Args:
          record_size (int): size of the per-sample record (rawreclen).
          sstat_size (int): size of the system statistics (sstatlen).
          tstat_size (int): size of a task entry (tstatlen).
          cstat_size (int): size of a cgroup entry (cstatlen), which is only
              meaningful from 2.11 on, where it is always set.

        Returns:
          bool: True if the sizes are those of the layout.
        """
        return (
            self.record_size == record_size
            and self.sstat_size == sstat_size
            and self.tstat_size == tstat_size
            and (not self.has_cgroup_blocks or self.cstat_size == cstat_size)
        )

    def IsWrittenOn(self, machine):
        """Determines if the ABI of the layout runs on a machine.

        Args:
          machine (str): machine of the kernel (utsname machine).

        Returns:
          bool: True if atop of this ABI can run on the machine.
        """
        return bool(_ABI_MACHINES[self.abi].fullmatch(machine))


def _ParseVersion(text):
    """Parses a release such as "2.8".

    Args:
      text (str): release.

    Returns:
      tuple[int, int]: (major, minor) release.
    """
    major, minor = text.split(".")
    return int(major), int(minor)


def ReadLayouts(path=_OFFSETS_PATH):
    """Reads the layouts of the offsets table.

    Releases of one ABI whose fields and sizes are the same form one family.

    Args:
      path (Optional[str]): path of the offsets table.

    Returns:
      tuple[Layout]: layouts, per ABI in the order of the releases.
    """
    with open(path, encoding="ascii") as file_object:
        table = json.load(file_object)

    layouts = []
    for abi, releases in table["abis"].items():
        families = {}
        for release in releases.values():
            key = json.dumps(
                [release["sizes"], release["record"], release["task"]],
                sort_keys=True,
            )
            families.setdefault(key, []).append(release)
        for family in families.values():
            versions = [
                version for release in family for version in release["versions"]
            ]
            layouts.append(
                Layout(
                    "/".join(versions),
                    abi,
                    [_ParseVersion(version) for version in versions],
                    family[0]["sizes"],
                    family[0]["record"],
                    family[0]["task"],
                )
            )
    return tuple(layouts)


LAYOUTS = ReadLayouts()


def FindLayouts(version, record_size, sstat_size, tstat_size, cstat_size, machine):
    """Finds the layouts that match a header.

    Args:
      version (tuple[int, int]): (major, minor) release of the writer, or None
          for any release.
      record_size (int): size of the per-sample record (rawreclen).
      sstat_size (int): size of the system statistics (sstatlen).
      tstat_size (int): size of a task entry (tstatlen).
      cstat_size (int): size of a cgroup entry (cstatlen).
      machine (str): machine of the kernel (utsname machine).

    Returns:
      list[Layout]: layouts of the release with these sizes; where the sizes
          are those of several ABIs, only those that run on the machine, if
          any does.
    """
    layouts = [
        layout
        for layout in LAYOUTS
        if (version is None or version in layout.versions)
        and layout.HasSizes(record_size, sstat_size, tstat_size, cstat_size)
    ]
    if len(layouts) > 1:
        return [layout for layout in layouts if layout.IsWrittenOn(machine)] or layouts
    return layouts
