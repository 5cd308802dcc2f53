"""Splits atop raw logs into their parts and builds damaged or edited copies.

The tests use it to cut logs at known places, damage specific samples and
write task entries with hostile values; it follows the format reference, and
shares nothing with the reader but the task field offsets.
"""

import struct
import zlib

HEADER_SIZE = 480


class RawSample:
    """A sample of a raw log, as stored.

    Attributes:
      offset (int): offset of the sample record in the original log.
      record (bytearray): sample record.
      blocks (list[bytes]): compressed blocks: sstat, tstat and, in 2.11+
          samples with cgroups, the cgroup entries and the PID list.
    """

    def __init__(self, offset, record, blocks):
        """Initializes a sample."""
        super().__init__()
        self.offset = offset
        self.record = bytearray(record)
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
        struct.pack_into("<I", self.record, 20, len(self.blocks[1]))
        if number_of_tasks is not None:
            struct.pack_into("<I", self.record, 28, number_of_tasks)

    def SetTime(self, timestamp):
        """Sets the sample time."""
        struct.pack_into("<q", self.record, 0, timestamp)

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
        self.tstat_size = struct.unpack_from("<I", data, 32)[0]
        has_cgroup_blocks = struct.unpack_from("<I", data, 456)[0] != 0
        self.samples = []

        offset = HEADER_SIZE
        while offset < len(data):
            record = data[offset : offset + self.record_size]
            flags = struct.unpack_from("<H", record, 8)[0]
            sizes = list(struct.unpack_from("<II", record, 16))
            if has_cgroup_blocks and flags & 0x100:
                sizes.append(struct.unpack_from("<I", record, 72)[0])
                sizes.append(struct.unpack_from("<I", record, 84)[0])
            blocks = []
            block_offset = offset + self.record_size
            for size in sizes:
                blocks.append(data[block_offset : block_offset + size])
                block_offset += size
            self.samples.append(RawSample(offset, record, blocks))
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
