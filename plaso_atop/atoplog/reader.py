"""Reader of atop raw log files (/var/log/atop/atop_YYYYMMDD).

A raw log is a header followed by samples until the end of the file, with no
index. A sample is a record followed by zlib blocks: the system statistics,
the task entries and, from 2.11 on, the cgroup entries and their PID list.

The reader keeps one sample in memory at a time. It checks every record and
every inflated size, reports damage through a warning callback and continues
with the next plausible sample, so that a damaged or truncated log still
yields every intact sample.
"""

import os
import re

from plaso_atop.atoplog import cgroups
from plaso_atop.atoplog import inflate
from plaso_atop.atoplog import layouts
from plaso_atop.atoplog import task

# Sample times outside this range (1990-01-01 to 2100-01-01) are damage.
MINIMUM_TIME = 631152000
MAXIMUM_TIME = 4102444800

# Largest inflated task block accepted for one sample: about half a million
# task entries, far above what busy hosts write, and a bound on memory.
MAXIMUM_TASK_DATA_SIZE = 512 * 1024 * 1024

# Largest cgroup blocks accepted for one sample.
MAXIMUM_CGROUP_DATA_SIZE = 64 * 1024 * 1024

# Names of the cgroup blocks of 2.11+ samples.
_CGROUP_BLOCK_NAMES = frozenset(["cstat", "cgroup PID list"])

# How far a resynchronisation reads ahead at a time.
_SCAN_CHUNK_SIZE = 1024 * 1024

# A zlib stream written by compress() starts with 0x78 and a check byte that
# makes the first 16 bits a multiple of 31: 0x01, 0x5e, 0x9c or 0xda.
_ZLIB_HEADER_PATTERN = re.compile(b"\x78[\x01\x5e\x9c\xda]")

# Sample record values of 2.11+ samples without cgroup blocks.
_NO_CGROUP_BLOCKS = dict.fromkeys(
    ["ncgroups", "ccomplen", "coriglen", "ncgpids", "icomplen"], 0
)

# State letters of /proc/PID/stat, and atop's E for an exited process.
_STATE_LETTERS = b"DEIKPRSTWXZtwx"


def _CompressBound(size):
    """Computes the largest size that zlib's compress() produces.

    Args:
      size (int): size of the uncompressed data.

    Returns:
      int: largest compressed size, as zlib's compressBound().
    """
    return size + (size >> 12) + (size >> 14) + (size >> 25) + 13


class AtopLogError(Exception):
    """Error raised when a file is not an atop raw log that can be read."""


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
          AtopLogError: if the data is not a supported atop raw log header.
        """
        super().__init__()
        if len(data) < layouts.HEADER_SIZE:
            raise AtopLogError("file is smaller than an atop raw log header")

        (
            magic,
            version_word,
            _,
            _,
            header_size,
            record_size,
            hertz,
            system_size,
            task_size,
        ) = layouts.HEADER_STRUCT.unpack_from(data, 0)
        if magic != layouts.HEADER_MAGIC:
            raise AtopLogError(f"wrong magic number: 0x{magic:08x}")
        if not version_word & 0x8000:
            raise AtopLogError(f"missing version (version word 0x{version_word:04x})")

        (
            page_size,
            support_flags,
            _,
            _,
            _,
            cgroup_size,
        ) = layouts.HEADER_TAIL_STRUCT.unpack_from(data, layouts.HEADER_TAIL_OFFSET)

        self.version = ((version_word >> 8) & 0x7F, version_word & 0xFF)
        self.version_word = version_word
        self.layout = layouts.FindLayout(
            record_size, system_size, task_size, cgroup_size
        )
        sizes = (
            f"version word 0x{version_word:04x} (atop {self.release:s}), "
            f"header size {header_size:d}, record size {record_size:d}, "
            f"sstat size {system_size:d}, tstat size {task_size:d}, "
            f"cstat size {cgroup_size:d}"
        )
        if header_size != layouts.HEADER_SIZE or self.layout is None:
            raise AtopLogError(f"unknown atop raw log layout: {sizes:s}")
        if self.version not in self.layout.versions:
            raise AtopLogError(
                f"version does not match the atop {self.layout.name:s} layout: "
                f"{sizes:s}"
            )
        if not hertz or not page_size:
            raise AtopLogError(f"invalid clock ticks per second or page size: {sizes}")

        utsname = [
            self._DecodeString(data, layouts.UTSNAME_OFFSET + index * 65, 65)
            for index in range(5)
        ]
        (
            self.system_name,
            self.hostname,
            self.kernel_release,
            self.kernel_version,
            self.machine,
        ) = utsname
        self.hertz = hertz
        self.page_size = page_size
        self.support_flags = support_flags

    @property
    def release(self):
        """str: atop release that wrote the log, such as "2.8"."""
        return "{0:d}.{1:d}".format(*self.version)

    def _DecodeString(self, data, offset, size):
        """Decodes a NUL-terminated string.

        Args:
          data (bytes): data.
          offset (int): offset of the string.
          size (int): size of the character array.

        Returns:
          str: string up to the first NUL.
        """
        value = data[offset : offset + size].split(b"\0", 1)[0]
        return value.decode("utf-8", "replace")


class Sample:
    """One sample of an atop raw log, with its task entries.

    Attributes:
      offset (int): offset of the sample record in the file.
      time (int): time at the end of the sample interval, in seconds since the
          epoch.
      interval (int): seconds covered by the sample; in a boot sample, the
          seconds since the host booted.
      flags (int): sample flags (rawrecord flags).
      is_boot (bool): True if the sample is the first of an atop run, whose
          counters are since boot (RRBOOT).
      number_of_tasks (int): number of task entries (ndeviat, nlist in 1.26).
      number_of_processes (int): number of processes (totproc, npresent in
          1.26).
      number_of_exited_processes (int): number of processes that exited
          during the interval (nexit).
      number_of_lost_exits (int): number of exits that atop dropped (noverflow).
      corrupted (bool): True if part of the sample was damaged; its task
          entries are intact, but something else about it was wrong.
      recovered (bool): True if the sample was found by resynchronising after
          damage.
    """

    def __init__(self, reader_context, offset, record, task_data, cgroup_table):
        """Initializes a sample.

        Args:
          reader_context (_ReaderContext): layout and decoder of the log.
          offset (int): offset of the sample record.
          record (dict[str, int]): values of the sample record.
          task_data (bytes): inflated task entries.
          cgroup_table (cgroups.CgroupTable): cgroups of the sample, or None.
        """
        super().__init__()
        self._cgroup_table = cgroup_table
        self._context = reader_context
        self._states = None
        self._task_data = task_data

        flags = record["flags"]
        layout = reader_context.layout
        if layout.has_cgroup_blocks:
            self._cgroup = task.CGROUP_FROM_ENTRY if cgroup_table else None
        elif layout.has_task_cgroup_path and not flags & layouts.RRCGRSTAT:
            # 2.8 to 2.10 only fill the path in on cgroup v2 hosts.
            self._cgroup = None
        else:
            self._cgroup = task.CGROUP_FROM_ENTRY

        self.offset = offset
        self.time = record["curtime"]
        self.interval = record["interval"]
        self.flags = flags
        self.is_boot = bool(flags & layouts.RRBOOT)
        self.number_of_tasks = record["ndeviat"]
        self.number_of_processes = record["totproc"]
        self.number_of_exited_processes = record.get("nexit", 0)
        self.number_of_lost_exits = record.get("noverflow", 0)
        self.corrupted = False
        self.recovered = False

    def _GetColumn(self, offset):
        """Retrieves the byte at an offset of every task entry.

        Args:
          offset (int): offset in the task entry.

        Returns:
          bytes: one byte per task entry.
        """
        return self._task_data[offset :: self._context.layout.task_size]

    def GetCommandLineFlags(self):
        """Retrieves which task entries have a command line.

        Returns:
          bytes: per task entry, non-zero if its command line is not empty.
        """
        return self._GetColumn(self._context.layout.command_line_offset)

    def GetExitedTaskIndexes(self):
        """Retrieves the indexes of the entries of exited processes.

        Returns:
          list[int]: indexes of the task entries with state "E".
        """
        states = self.GetStates()
        if b"E" not in states:
            return []
        return [match.start() for match in re.finditer(b"E", states)]

    def GetProcessFlags(self):
        """Retrieves which task entries are processes rather than threads.

        Returns:
          bytes: per task entry, non-zero for a process.
        """
        offset = self._context.layout.is_process_offset
        if offset is None:
            return b"\x01" * self.number_of_tasks
        return self._GetColumn(offset)

    def GetStates(self):
        """Retrieves the state letters of the task entries.

        Returns:
          bytes: state letter per task entry.
        """
        if self._states is None:
            self._states = self._GetColumn(self._context.layout.state_offset)
        return self._states

    def GetTask(self, index):
        """Retrieves a task entry.

        Args:
          index (int): index of the task entry.

        Returns:
          task.TaskEntry: task entry.

        Raises:
          IndexError: if there is no such entry.
        """
        if not 0 <= index < self.number_of_tasks:
            raise IndexError(f"no task entry {index:d}")
        entry = self._context.decoder.Decode(self._task_data, index, self._cgroup)
        if self._cgroup_table and entry.is_process:
            entry = entry._replace(cgroup=self._cgroup_table.GetPath(entry.pid))
        return entry

    def GetTaskIdentities(self):
        """Retrieves an identity of every task entry.

        The identity combines the PID and the start time, so it tells apart
        tasks that reuse a PID. It only serves to compare entries: build no
        meaning on its value.

        Returns:
          list[int]: identity per task entry.
        """
        layout = self._context.layout
        data = self._task_data
        task_size = layout.task_size
        identities = bytearray(8 * self.number_of_tasks)
        # Interleaves the 4 bytes of the PID and the low 4 bytes of the start
        # time of every entry into one 64-bit value, without a Python loop
        # over the entries.
        for byte_index in range(4):
            identities[byte_index::8] = data[
                layout.pid_offset + byte_index :: task_size
            ]
            identities[4 + byte_index :: 8] = data[
                layout.start_time_offset + byte_index :: task_size
            ]
        return memoryview(identities).cast("Q").tolist()

    def IterateTasks(self):
        """Iterates over the task entries.

        Yields:
          task.TaskEntry: task entry.
        """
        for index in range(self.number_of_tasks):
            yield self.GetTask(index)


class _ReaderContext:
    """Layout and task decoder of one log.

    Attributes:
      decoder (task.TaskDecoder): task entry decoder.
      header (AtopLogHeader): header of the log.
      layout (layouts.Layout): layout of the log.
    """

    def __init__(self, header):
        """Initializes a reader context.

        Args:
          header (AtopLogHeader): header of the log.
        """
        super().__init__()
        self.header = header
        self.layout = header.layout
        self.decoder = task.TaskDecoder(header.layout, header.version)


class _DamagedSample(Exception):
    """Raised internally when a sample cannot be read.

    Attributes:
      beyond_end (bool): True if the sample extends beyond the end of the file.
    """

    def __init__(self, message, beyond_end=False):
        """Initializes the exception.

        Args:
          message (str): what is wrong with the sample.
          beyond_end (bool): True if the sample extends beyond the end of the
              file.
        """
        super().__init__(message)
        self.beyond_end = beyond_end


class AtopLogFile:
    """Reads an atop raw log from a file-like object.

    Attributes:
      header (AtopLogHeader): header of the log.
    """

    def __init__(self, file_object, warning_callback=None, inflater=None):
        """Initializes an atop raw log reader and reads the header.

        Args:
          file_object (file): binary file-like object, at any position.
          warning_callback (Optional[function]): called with the offset and a
              description of every problem met while reading samples.
          inflater (Optional[str]): name of the inflater to use, one of
              inflate.INFLATERS; the fastest available by default.

        Raises:
          AtopLogError: if the file is not a supported atop raw log.
        """
        super().__init__()
        self._file_object = file_object
        self._inflate = inflate.INFLATERS[inflater or inflate.DEFAULT_INFLATER]
        self._warning_callback = warning_callback

        file_object.seek(0, os.SEEK_SET)
        self.header = AtopLogHeader(file_object.read(layouts.HEADER_SIZE))
        self._context = _ReaderContext(self.header)
        self._file_size = file_object.seek(0, os.SEEK_END)
        if self._file_size is None:
            self._file_size = file_object.tell()
        self._position = self._file_size

        # Bytes inflated in vain while resynchronising, to keep the time that
        # resynchronising can take linear in the file size.
        self._resync_budget = 4 * self._file_size + MAXIMUM_TASK_DATA_SIZE

    def _CheckRecord(self, record, offset):
        """Checks that the values of a sample record are plausible.

        Args:
          record (dict[str, int]): values of the sample record.
          offset (int): offset of the sample record.

        Returns:
          list[tuple[str, int, int]]: name, stored size and inflated size of
              each block of the sample.

        Raises:
          _DamagedSample: if the record is not plausible.
        """
        layout = self._context.layout
        if not MINIMUM_TIME <= record["curtime"] < MAXIMUM_TIME:
            raise _DamagedSample(f"implausible sample time: {record['curtime']:d}")

        task_data_size = record["ndeviat"] * layout.task_size
        if task_data_size > MAXIMUM_TASK_DATA_SIZE:
            raise _DamagedSample(f"implausible number of tasks: {record['ndeviat']:d}")

        blocks = self._GetBlocks(record)
        # The cgroup blocks are checked when they are inflated: damage to them
        # loses the cgroups of the sample, not its tasks.
        for name, size, inflated_size in blocks[:2]:
            problem = self._CheckBlockSizes(name, size, inflated_size)
            if problem:
                raise _DamagedSample(problem)

        end_offset = offset + layout.record_size + sum(size for _, size, _ in blocks)
        if end_offset > self._file_size:
            raise _DamagedSample(
                f"sample of {end_offset - offset:d} bytes extends beyond the end "
                f"of the file ({self._file_size:d} bytes)",
                beyond_end=True,
            )
        return blocks

    def _CheckBlockSizes(self, name, size, inflated_size):
        """Checks that the stored and inflated sizes of a block are plausible.

        Args:
          name (str): name of the block.
          size (int): stored (compressed) size.
          inflated_size (int): inflated size the sample record declares.

        Returns:
          str: description of the problem, or None if the sizes are plausible.
        """
        if not 2 <= size <= _CompressBound(inflated_size):
            return (
                f"{name:s} block of {size:d} bytes cannot hold {inflated_size:d} bytes"
            )
        if inflated_size > size * inflate.MAXIMUM_COMPRESSION_RATIO:
            return (
                f"{name:s} block of {size:d} bytes cannot inflate to "
                f"{inflated_size:d} bytes"
            )
        if (
            name != "tstat"
            and name != "sstat"
            and inflated_size > MAXIMUM_CGROUP_DATA_SIZE
        ):
            return f"{name:s} block of implausible size: {inflated_size:d} bytes"
        return None

    def _DecodeRecord(self, data):
        """Decodes a sample record.

        Args:
          data (bytes): sample record data.

        Returns:
          dict[str, int]: values of the sample record.
        """
        layout = self._context.layout
        record = dict(zip(layout.record_field_names, layout.record_struct.unpack(data)))
        if layout.has_cgroup_blocks and not record["flags"] & layouts.RRCGRSTAT:
            # atop only reads the cgroup blocks of samples flagged to have them.
            record.update(_NO_CGROUP_BLOCKS)
        return record

    def _GetBlocks(self, record):
        """Retrieves the blocks of a sample.

        Args:
          record (dict[str, int]): values of the sample record.

        Returns:
          list[tuple[str, int, int]]: name, stored size and inflated size of each
              block of the sample.
        """
        layout = self._context.layout
        blocks = [
            ("sstat", record["scomplen"], layout.system_size),
            ("tstat", record["pcomplen"], record["ndeviat"] * layout.task_size),
        ]
        if layout.has_cgroup_blocks and record["flags"] & layouts.RRCGRSTAT:
            blocks.append(("cstat", record["ccomplen"], record["coriglen"]))
            blocks.append(
                ("cgroup PID list", record["icomplen"], record["ncgpids"] * 4)
            )
        return blocks

    def _ReadAt(self, offset, size):
        """Reads data at a specific offset.

        Args:
          offset (int): offset of the data.
          size (int): number of bytes to read.

        Returns:
          bytes: data read, shorter than size at the end of the file.
        """
        # Samples are read one after the other: seek only when needed.
        if offset != self._position:
            self._file_object.seek(offset, os.SEEK_SET)
        data = self._file_object.read(size)
        self._position = offset + len(data)
        return data

    def _ReadSample(self, offset):
        """Reads the sample at a specific offset.

        Args:
          offset (int): offset of the sample record.

        Returns:
          tuple[Sample, int]: sample and offset of the next sample.

        Raises:
          _DamagedSample: if the sample cannot be read.
        """
        layout = self._context.layout
        record_data = self._ReadAt(offset, layout.record_size)
        if len(record_data) < layout.record_size:
            raise _DamagedSample(
                f"sample record of {len(record_data):d} bytes extends beyond the "
                f"end of the file",
                beyond_end=True,
            )

        record = self._DecodeRecord(record_data)
        blocks = self._CheckRecord(record, offset)
        data_size = sum(size for _, size, _ in blocks)
        data = self._ReadAt(offset + layout.record_size, data_size)
        if len(data) < data_size:
            raise _DamagedSample("sample blocks are truncated", beyond_end=True)

        data = memoryview(data)
        inflated = []
        block_offset = 0
        for name, size, inflated_size in blocks:
            block = data[block_offset : block_offset + size]
            block_offset += size
            if name == "sstat":
                # The system statistics are not used: that a zlib stream starts
                # where they should is enough to trust the block sizes.
                if not _ZLIB_HEADER_PATTERN.match(block):
                    raise _DamagedSample("sstat block does not start with zlib data")
                continue
            if name in _CGROUP_BLOCK_NAMES:
                problem = self._CheckBlockSizes(name, size, inflated_size)
                if problem:
                    break
            try:
                inflated.append(self._inflate(block, inflated_size))
            except inflate.InflateError as exception:
                if name == "tstat":
                    raise _DamagedSample(f"{name:s} block: {exception!s}")
                problem = f"{name:s} block: {exception!s}"
                break
        else:
            problem = None

        cgroup_table = None
        if not problem and len(inflated) == 3:
            try:
                cgroup_table = cgroups.CgroupTable(
                    inflated[1], inflated[2], record["ncgroups"], layout.cgroup_size
                )
            except cgroups.CgroupError as exception:
                problem = f"cgroup blocks: {exception!s}"

        sample = Sample(self._context, offset, record, inflated[0], cgroup_table)
        if problem:
            sample.corrupted = True
            self._Warn(offset, f"sample without cgroups, {problem:s}")

        states = sample.GetStates()
        if states.translate(None, _STATE_LETTERS):
            sample.corrupted = True
            self._Warn(offset, "sample with task entries of unknown state")

        return sample, offset + layout.record_size + data_size

    def _FindNextSample(self, offset, last_time):
        """Finds the next plausible sample after damage.

        A candidate is a plausible sample record followed by a zlib stream, the
        system statistics, and a second zlib stream where the record says the
        task entries start; it is accepted when its task entries inflate.

        Args:
          offset (int): offset from which to search.
          last_time (int): time of the last intact sample, or None.

        Returns:
          tuple[Sample, int]: sample and offset of the next sample, or None if
              no sample was found.
        """
        record_size = self._context.layout.record_size
        # Search for the zlib stream of the system statistics that follows a
        # record, so that candidate records start at or after offset.
        scan_offset = offset + record_size
        while scan_offset < self._file_size and self._resync_budget > 0:
            chunk_offset = scan_offset - record_size
            chunk_size = _SCAN_CHUNK_SIZE + record_size
            chunk = self._ReadAt(chunk_offset, chunk_size)

            for match in _ZLIB_HEADER_PATTERN.finditer(chunk, record_size):
                candidate_offset = chunk_offset + match.start() - record_size
                record_data = chunk[match.start() - record_size : match.start()]
                record = self._IsPlausibleRecord(
                    record_data, candidate_offset, last_time
                )
                if not record:
                    continue
                try:
                    return self._ReadSample(candidate_offset)
                except _DamagedSample:
                    self._resync_budget -= sum(
                        size for _, size, _ in self._GetBlocks(record)
                    )
                    if self._resync_budget <= 0:
                        break

            if len(chunk) < chunk_size:
                break
            # The next chunk starts with the last byte of this one, which can
            # be the first byte of a zlib header.
            scan_offset = chunk_offset + len(chunk) - 1

        if self._resync_budget <= 0:
            self._Warn(offset, "giving up resynchronisation: too many false samples")
        return None

    def _IsPlausibleRecord(self, data, offset, last_time):
        """Determines if data is a plausible sample record.

        Args:
          data (bytes): candidate sample record data.
          offset (int): offset of the candidate.
          last_time (int): time of the last intact sample, or None.

        Returns:
          dict[str, int]: values of the sample record, or None if the data is
              not a plausible sample record.
        """
        record = self._DecodeRecord(data)
        try:
            self._CheckRecord(record, offset)
        except _DamagedSample:
            return None

        # A resynchronised sample belongs to the same day of logging.
        if last_time is not None and abs(record["curtime"] - last_time) > 86400 * 31:
            return None

        task_offset = offset + len(data) + record["scomplen"]
        if not _ZLIB_HEADER_PATTERN.match(self._ReadAt(task_offset, 2)):
            return None
        return record

    def _Warn(self, offset, message):
        """Reports a problem.

        Args:
          offset (int): offset in the file where the problem is.
          message (str): description of the problem.
        """
        if self._warning_callback:
            self._warning_callback(offset, message)

    def ReadSamples(self):
        """Reads the samples of the log, one at a time.

        Yields:
          Sample: sample.
        """
        offset = layouts.HEADER_SIZE
        last_time = None
        recovered = False
        while offset < self._file_size:
            try:
                sample, next_offset = self._ReadSample(offset)
            except _DamagedSample as exception:
                result = self._FindNextSample(offset + 1, last_time)
                if result is None:
                    if exception.beyond_end:
                        self._Warn(offset, f"truncated sample: {exception!s}")
                    else:
                        self._Warn(
                            offset,
                            f"damaged sample: {exception!s}; no intact sample "
                            f"follows",
                        )
                    return

                sample, next_offset = result
                self._Warn(
                    offset,
                    f"damaged sample: {exception!s}; skipped "
                    f"{sample.offset - offset:d} bytes up to the next intact sample",
                )
                recovered = True

            if last_time is not None and sample.time < last_time:
                self._Warn(
                    sample.offset,
                    f"sample time {sample.time:d} is before that of the previous "
                    f"sample {last_time:d}",
                )

            sample.recovered = recovered
            last_time = sample.time
            offset = next_offset
            yield sample
