"""Splits atop raw logs into their parts and builds damaged or edited copies.

The tests use it to cut logs at known places, damage specific samples and
write task entries with hostile values; it follows the format reference, and
shares nothing with the reader but the task field offsets.
"""

import struct
import zlib

HEADER_SIZE = 480

# Sizes of the sample records of 32-bit builds with a 32-bit time_t (1.26,
# then 1.27 and later): their time has 4 bytes, which moves every other field.
_TIME32_RECORD_SIZES = (76, 88)


class RecordFormat:
    """Where the fields of a sample record are.

    Attributes:
      time_format (str): struct format of the time (curtime).
      flags (int): offset of the flags.
      scomplen (int): offset of the compressed system statistics size.
      pcomplen (int): offset of the compressed task entries size.
      ndeviat (int): offset of the number of task entries.
      ccomplen (int): offset of the compressed cgroup entries size (2.11+).
      icomplen (int): offset of the compressed PID list size (2.11+).
    """

    def __init__(self, record_size=96):
        """Initializes a record format.

        Args:
          record_size (Optional[int]): size of the sample record.
        """
        super().__init__()
        shift = 4 if record_size in _TIME32_RECORD_SIZES else 0
        self.time_format = "<i" if shift else "<q"
        self.flags = 8 - shift
        self.scomplen = 16 - shift
        self.pcomplen = 20 - shift
        self.ndeviat = 28 - shift
        self.ccomplen = 72 - shift
        self.icomplen = 84 - shift


class RawSample:
    """A sample of a raw log, as stored.

    Attributes:
      offset (int): offset of the sample record in the original log.
      record (bytearray): sample record.
      blocks (list[bytes]): compressed blocks: sstat, tstat and, in 2.11+
          samples with cgroups, the cgroup entries and the PID list.
    """

    def __init__(self, offset, record, blocks, record_format=None):
        """Initializes a sample."""
        super().__init__()
        self.offset = offset
        self.record = bytearray(record)
        self.record_format = record_format or RecordFormat()
        self.blocks = list(blocks)

    @property
    def size(self):
        """int: size of the stored sample."""
        return len(self.record) + sum(len(block) for block in self.blocks)

    @property
    def block_offsets(self):
        """list[int]: offset of every block in the original log."""
        offsets = []
        offset = self.offset + len(self.record)
        for block in self.blocks:
            offsets.append(offset)
            offset += len(block)
        return offsets

    def GetTaskData(self):
        """Inflates the task entries.

        Returns:
          bytearray: task entries.
        """
        return bytearray(zlib.decompress(self.blocks[1]))

    def SetTaskData(self, data, number_of_tasks=None):
        """Replaces the task entries and fixes the record.

        Args:
          data (bytes): task entries.
          number_of_tasks (Optional[int]): number of task entries to declare.
        """
        self.blocks[1] = zlib.compress(bytes(data))
        record_format = self.record_format
        struct.pack_into("<I", self.record, record_format.pcomplen, len(self.blocks[1]))
        if number_of_tasks is not None:
            struct.pack_into("<I", self.record, record_format.ndeviat, number_of_tasks)

    def GetTime(self):
        """Retrieves the sample time."""
        return struct.unpack_from(self.record_format.time_format, self.record, 0)[0]

    def SetTime(self, timestamp):
        """Sets the sample time."""
        struct.pack_into(self.record_format.time_format, self.record, 0, timestamp)

    def ToBytes(self):
        """Retrieves the stored sample.

        Returns:
          bytes: sample record and blocks.
        """
        return bytes(self.record) + b"".join(self.blocks)


class RawLog:
    """A raw log split into its header and samples.

    Attributes:
      header (bytes): raw header.
      samples (list[RawSample]): samples.
      record_size (int): size of a sample record.
      record_format (RecordFormat): where the fields of a sample record are.
      tstat_size (int): size of a task entry.
    """

    def __init__(self, data):
        """Splits a log.

        Args:
          data (bytes): complete, intact log.
        """
        super().__init__()
        self.header = data[:HEADER_SIZE]
        self.record_size = struct.unpack_from("<H", data, 12)[0]
        self.record_format = RecordFormat(self.record_size)
        self.tstat_size = struct.unpack_from("<I", data, 32)[0]
        has_cgroup_blocks = struct.unpack_from("<I", data, 456)[0] != 0
        self.samples = []

        offset = HEADER_SIZE
        while offset < len(data):
            record = data[offset : offset + self.record_size]
            record_format = self.record_format
            flags = struct.unpack_from("<H", record, record_format.flags)[0]
            sizes = list(struct.unpack_from("<II", record, record_format.scomplen))
            if has_cgroup_blocks and flags & 0x100:
                for size_offset in (record_format.ccomplen, record_format.icomplen):
                    sizes.append(struct.unpack_from("<I", record, size_offset)[0])
            blocks = []
            block_offset = offset + self.record_size
            for size in sizes:
                blocks.append(data[block_offset : block_offset + size])
                block_offset += size
            self.samples.append(RawSample(offset, record, blocks, record_format))
            offset = block_offset

    @classmethod
    def FromFile(cls, path):
        """Splits the log in a file.

        Args:
          path (str): path of the log.

        Returns:
          RawLog: log.
        """
        with open(path, "rb") as file_object:
            return cls(file_object.read())

    def ToBytes(self, samples=None):
        """Builds a log.

        Args:
          samples (Optional[list[RawSample]]): samples, all by default.

        Returns:
          bytes: log.
        """
        if samples is None:
            samples = self.samples
        return bytes(self.header) + b"".join(sample.ToBytes() for sample in samples)

    def SetTaskValues(self, layout, values, process_name=None):
        """Sets task fields of one process, in one sample after the first.

        Args:
          layout (layouts.Layout): layout of the log.
          values (dict[str, int]): value of 64-bit task fields, by name, such as
              {"cpu_user_ticks": 300000}.
          process_name (Optional[str]): name of the process; by default the
              first process whose first field of values is not 0.

        Raises:
          ValueError: if no such process is listed after the first sample.
        """
        fields = {name: layout.GetTaskField(name) for name in ("process_name", *values)}
        name_field = fields["process_name"]
        first_field = fields[next(iter(values))]
        for sample in self.samples[1:]:
            data = sample.GetTaskData()
            for offset in range(0, len(data), layout.tstat_size):
                if process_name is None:
                    found = struct.unpack_from("<q", data, offset + first_field.offset)[
                        0
                    ]
                else:
                    name = bytes(data[offset + name_field.offset :][:16])
                    found = name.split(b"\0", 1)[0] == process_name.encode("ascii")
                if found:
                    for name, value in values.items():
                        struct.pack_into(
                            "<q", data, offset + fields[name].offset, value
                        )
                    sample.SetTaskData(bytes(data))
                    return
        raise ValueError(f"no such process after the first sample: {process_name!s}")
