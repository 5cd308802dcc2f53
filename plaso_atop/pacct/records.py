"""The records of a Linux process accounting file (acct(5), version 3).

The kernel appends a 64-byte struct acct_v3 for every process that exits:

    char ac_flag; char ac_version; u16 ac_tty; u32 ac_exitcode; u32 ac_uid;
    u32 ac_gid; u32 ac_pid; u32 ac_ppid; u32 ac_btime; float ac_etime;
    comp_t ac_utime, ac_stime, ac_mem, ac_io, ac_rw, ac_minflt, ac_majflt,
    ac_swaps; char ac_comm[16];

in the byte order of the writer, which sets the 0x80 bit of ac_version on a
big-endian host. Times are in AHZ clock ticks, ac_mem in KiB.
"""

import math
import struct

from plaso_atop import accounting
from plaso_atop import value_records

RECORD_SIZE = 64

# The version of the records that are read, and the bit that marks a
# big-endian writer.
VERSION = 3
BIG_ENDIAN_FLAG = 0x80

# ac_flag bits.
AFORK = 0x01
ASU = 0x02
ACORE = 0x08
AXSIG = 0x10
_KNOWN_FLAGS = 0x1F

# Times outside this range (1990-01-01 to 2100-01-01) are damage.
MINIMUM_TIME = 631152000
MAXIMUM_TIME = 4102444800

# Longest plausible run time, in seconds: a century.
_MAXIMUM_RUN_TIME = 100 * 365 * 86400

# Largest PID of Linux (PID_MAX_LIMIT).
_MAXIMUM_PID = 4 * 1024 * 1024

# The members of struct acct_v3, in order (see above): the values that
# ReadValues returns and GetProblem and DecodeRecord take apart.
_STRUCTS = {
    "little": struct.Struct("<BBHIIIIIIf8H16s"),
    "big": struct.Struct(">BBHIIIIIIf8H16s"),
}


class AcctRecord(value_records.ValueRecord):
    """A process that exited, as process accounting recorded it.

    Attributes:
      offset (int): offset of the record in the file.
      process_name (str): command name, at most 15 characters.
      pid (int): process identifier.
      ppid (int): parent process identifier.
      uid (int): real user identifier.
      gid (int): real group identifier.
      tty (str): controlling terminal as "major:minor", or None for none.
      exit_code (int): exit code of a normal exit, or None.
      signal (int): number of the signal that killed the process, or None.
      core_dumped (bool): True if the process dumped core.
      forked_without_exec (bool): True if the process forked and did not
          execute another program (AFORK).
      used_superuser (bool): True if the process used superuser privileges
          (ASU).
      start_time (int): start time in seconds since the epoch.
      exit_time (float): exit time in seconds since the epoch, to the
          microsecond.
      run_time (float): seconds from start to exit, to the microsecond.
      cpu_user_time (int): CPU time in user mode, in milliseconds.
      cpu_system_time (int): CPU time in system mode, in milliseconds.
      virtual_memory_size (int): virtual memory size at exit, in KiB.
    """

    def __init__(self):
        """Initializes a record."""
        super().__init__()
        self.offset = None
        self.process_name = None
        self.pid = None
        self.ppid = None
        self.uid = None
        self.gid = None
        self.tty = None
        self.exit_code = None
        self.signal = None
        self.core_dumped = None
        self.forked_without_exec = None
        self.used_superuser = None
        self.start_time = None
        self.exit_time = None
        self.run_time = None
        self.cpu_user_time = None
        self.cpu_system_time = None
        self.virtual_memory_size = None


def GetByteOrder(version_byte):
    """Determines the byte order of a record from its version byte.

    Args:
      version_byte (int): ac_version.

    Returns:
      str: "big" or "little".
    """
    return "big" if version_byte & BIG_ENDIAN_FLAG else "little"


def _DecodeTty(tty):
    """Decodes the controlling terminal of a record.

    Args:
      tty (int): ac_tty, an old-style device number.

    Returns:
      str: terminal as "major:minor", or None for none.
    """
    if not tty:
        return None
    return f"{(tty >> 8) & 0xFF:d}:{tty & 0xFF:d}"


# The fields of an acct version 1 or 2 record that tell it apart: ac_flag,
# ac_version, ac_btime (offset 8), ac_ahz (offset 30) and ac_comm (offset 36).
_OLDER_STRUCTS = {
    "little": struct.Struct("<BB6xI18xH4x17s11x"),
    "big": struct.Struct(">BB6xI18xH4x17s11x"),
}


def GetOlderVersion(data, byte_order):
    """Determines if data is a record of acct version 1 or 2.

    Args:
      data (bytes): record data, of the record size.
      byte_order (str): "big" or "little".

    Returns:
      int: version of the record, 1 or 2, or None if the data does not look
          like such a record.
    """
    flags, version, start_time, ahz, process_name = _OLDER_STRUCTS[
        byte_order
    ].unpack_from(data, 0)
    version &= ~BIG_ENDIAN_FLAG
    if (
        version in (1, 2)
        and not flags & ~_KNOWN_FLAGS
        and MINIMUM_TIME <= start_time < MAXIMUM_TIME
        and ahz in (100, 250, 300, 1000, 1024)
        and process_name[0]
        and b"\0" in process_name
    ):
        return version
    return None


def GetProblem(values):
    """Determines what makes the values of a record implausible.

    Args:
      values (tuple[object]): values of a record, as ReadValues returns them.

    Returns:
      str: description of the problem, or None if the record is plausible.
    """
    flags, version, _, _, _, _, pid, ppid, start_time, elapsed_ticks = values[:10]
    process_name = values[-1]
    if version & ~BIG_ENDIAN_FLAG != VERSION:
        return f"version {version & ~BIG_ENDIAN_FLAG:d}"
    if flags & ~_KNOWN_FLAGS:
        return f"unknown flags 0x{flags:02x}"
    if not MINIMUM_TIME <= start_time < MAXIMUM_TIME:
        return f"implausible start time {start_time:d}"
    if not (
        math.isfinite(elapsed_ticks)
        and 0 <= elapsed_ticks <= _MAXIMUM_RUN_TIME * accounting.AHZ
    ):
        return f"implausible elapsed time {elapsed_ticks!r}"
    if pid > _MAXIMUM_PID or ppid > _MAXIMUM_PID:
        return f"implausible PID {pid:d} or parent PID {ppid:d}"
    # The kernel gives every task a name, NUL-terminated in its 16 bytes.
    if not process_name[0] or b"\0" not in process_name:
        return "no command name"
    return None


def ReadValues(data, offset, byte_order):
    """Reads the values of a record.

    Args:
      data (bytes): data that holds the record.
      offset (int): offset of the record in the data.
      byte_order (str): "big" or "little".

    Returns:
      tuple[object]: values of the members of struct acct_v3, in order.
    """
    return _STRUCTS[byte_order].unpack_from(data, offset)


def DecodeRecord(values, offset):
    """Decodes the values of a plausible record.

    Args:
      values (tuple[object]): values of the record, as ReadValues returns them.
      offset (int): offset of the record in the file.

    Returns:
      AcctRecord: record.
    """
    (
        flags,
        _,
        tty,
        status,
        uid,
        gid,
        pid,
        ppid,
        start_time,
        elapsed_ticks,
        user_ticks,
        system_ticks,
        memory,
        *_,
        process_name,
    ) = values
    record = AcctRecord()
    record.offset = offset
    record.process_name = process_name.split(b"\0", 1)[0].decode("utf-8", "replace")
    record.pid = pid
    record.ppid = ppid
    record.uid = uid
    record.gid = gid
    record.tty = _DecodeTty(tty)
    if status & 0x7F:
        record.signal = status & 0x7F
    else:
        record.exit_code = (status >> 8) & 0xFF
    record.core_dumped = bool(flags & ACORE or status & 0x80)
    record.forked_without_exec = bool(flags & AFORK)
    record.used_superuser = bool(flags & ASU)
    record.start_time = start_time
    # The elapsed time is a float of ticks; to the microsecond.
    record.run_time = round(elapsed_ticks / accounting.AHZ, 6)
    record.exit_time = round(start_time + record.run_time, 6)
    record.cpu_user_time = accounting.DecodeCompT(user_ticks) * 1000 // accounting.AHZ
    record.cpu_system_time = (
        accounting.DecodeCompT(system_ticks) * 1000 // accounting.AHZ
    )
    record.virtual_memory_size = accounting.DecodeCompT(memory)
    return record
