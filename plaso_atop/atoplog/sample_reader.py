"""Reads the samples of one atop raw log at given offsets."""

import collections
import hashlib

from plaso_atop.atoplog import cgroups
from plaso_atop.atoplog import errors
from plaso_atop.atoplog import inflate
from plaso_atop.atoplog import records
from plaso_atop.atoplog import sample as atop_sample
from plaso_atop.atoplog import task

InflatedBlocks = collections.namedtuple(
    "InflatedBlocks", ["task_data", "cgroup_table", "cgroup_problem"]
)
InflatedBlocks.__doc__ = """The inflated blocks of a sample.

Attributes:
  task_data (bytes): inflated task entries.
  cgroup_table (cgroups.CgroupTable): cgroups of the sample, or None if it has
      none or they are damaged.
  cgroup_problem (str): description of the damage to the cgroup blocks, or
      None.
"""


def _CheckSystemBlock(stored):
    """Checks the stored block of the system statistics of a sample.

    The system statistics are not used: that a zlib stream starts where they
    should is enough to trust the block sizes.

    Args:
      stored (memoryview): stored block.

    Raises:
      DamagedSampleError: if the block does not start with zlib data.
    """
    if not inflate.ZLIB_HEADER_PATTERN.match(stored):
        raise errors.DamagedSampleError("sstat block does not start with zlib data")


class StoredSample:
    """A sample as stored: its record and its blocks, not inflated.

    Attributes:
      blocks_data (bytes): stored blocks.
      next_offset (int): offset of the next sample.
      offset (int): offset of the sample record.
      record (SampleRecord): sample record.
      record_data (bytes): sample record data.
    """

    def __init__(self, offset, record, record_data, blocks_data):
        """Initializes a stored sample.

        Args:
          offset (int): offset of the sample record.
          record (SampleRecord): sample record.
          record_data (bytes): sample record data.
          blocks_data (bytes): stored blocks.
        """
        super().__init__()
        self.blocks_data = blocks_data
        self.next_offset = offset + record.size
        self.offset = offset
        self.record = record
        self.record_data = record_data

    def GetDigest(self):
        """Computes a digest of the record and the blocks.

        Returns:
          int: 64-bit digest.
        """
        digest = hashlib.blake2b(self.record_data, digest_size=8)
        digest.update(self.blocks_data)
        return int.from_bytes(digest.digest(), "little")


class SampleReader:
    """Reads and checks the samples of one atop raw log.

    Attributes:
      header (AtopLogHeader): header of the log.
      record_size (int): size of a sample record.
    """

    def __init__(self, file_source, header, inflate_function):
        """Initializes a sample reader.

        Args:
          file_source (FileSource): file that holds the log.
          header (AtopLogHeader): header of the log.
          inflate_function (function): inflates a block to a declared size.
        """
        super().__init__()
        self._decoder = task.TaskDecoder(header.layout, header.hertz)
        self._file_source = file_source
        self._record_decoder = records.SampleRecordDecoder(header)
        self._inflate = inflate_function
        self.header = header
        self.record_size = header.layout.record_size

    def _InflateBlocks(self, record, data):
        """Inflates the blocks of a sample.

        Args:
          record (SampleRecord): sample record.
          data (memoryview): stored blocks.

        Returns:
          InflatedBlocks: inflated blocks.

        Raises:
          DamagedSampleError: if the system or task block is damaged.
        """
        inflated = {}
        cgroup_problem = None
        block_offset = 0
        for block in record.blocks:
            stored = data[block_offset : block_offset + block.size]
            block_offset += block.size
            if block.name == records.SSTAT_BLOCK:
                _CheckSystemBlock(stored)
                continue

            if block.name == records.TSTAT_BLOCK:
                try:
                    inflated[block.name] = self._inflate(stored, block.inflated_size)
                except errors.InflateError as exception:
                    raise errors.DamagedSampleError(
                        f"{block.name:s} block: {exception!s}"
                    )
                continue

            cgroup_problem = block.GetSizeProblem()
            if cgroup_problem:
                break
            try:
                inflated[block.name] = self._inflate(stored, block.inflated_size)
            except errors.InflateError as exception:
                cgroup_problem = f"{block.name:s} block: {exception!s}"
                break

        cgroup_table = None
        if not cgroup_problem and records.CSTAT_BLOCK in inflated:
            try:
                cgroup_table = cgroups.CgroupTable(
                    inflated[records.CSTAT_BLOCK],
                    inflated[records.CGROUP_PID_BLOCK],
                    record.number_of_cgroups,
                    self.header.layout.cstat_size,
                )
            except errors.CgroupError as exception:
                cgroup_problem = f"cgroup blocks: {exception!s}"

        return InflatedBlocks(
            task_data=inflated[records.TSTAT_BLOCK],
            cgroup_table=cgroup_table,
            cgroup_problem=cgroup_problem,
        )

    def CheckRecord(self, record, offset):
        """Checks that a sample record is plausible and fits in the file.

        Args:
          record (SampleRecord): sample record.
          offset (int): offset of the sample record.

        Raises:
          DamagedSampleError: if the record is not plausible.
        """
        record.Check()
        if offset + record.size > self._file_source.size:
            raise errors.DamagedSampleError(
                f"sample of {record.size:d} bytes extends beyond the end of the "
                f"file ({self._file_source.size:d} bytes)",
                beyond_end=True,
            )

    def DecodeRecord(self, data):
        """Decodes a sample record.

        Args:
          data (bytes): sample record data, of the record size.

        Returns:
          SampleRecord: sample record.
        """
        return self._record_decoder.Decode(data)

    def InflateSample(self, stored_sample, recovered=False, follows_damage=False):
        """Inflates a stored sample.

        Args:
          stored_sample (StoredSample): stored sample.
          recovered (Optional[bool]): True if the sample comes at or after a
              place in its log where damaged data was skipped.
          follows_damage (Optional[bool]): True if damaged data was skipped
              right before the sample.

        Returns:
          Sample: sample.

        Raises:
          DamagedSampleError: if the system or task block is damaged.
        """
        offset = stored_sample.offset
        blocks = self._InflateBlocks(
            stored_sample.record, memoryview(stored_sample.blocks_data)
        )
        return atop_sample.Sample(
            self.header,
            self._decoder,
            offset,
            stored_sample.record,
            blocks.task_data,
            blocks.cgroup_table,
            cgroup_problem=blocks.cgroup_problem,
            recovered=recovered,
            follows_damage=follows_damage,
        )

    def ReadStoredSample(self, offset):
        """Reads a sample as stored, without inflating it.

        Args:
          offset (int): offset of the sample record.

        Returns:
          StoredSample: stored sample.

        Raises:
          DamagedSampleError: if the sample record is not plausible or the
              sample extends beyond the end of the file.
        """
        record_data = self._file_source.ReadAt(offset, self.record_size)
        if len(record_data) < self.record_size:
            raise errors.DamagedSampleError(
                f"sample record of {len(record_data):d} bytes extends beyond the "
                f"end of the file",
                beyond_end=True,
            )
        record = self.DecodeRecord(record_data)
        self.CheckRecord(record, offset)
        data_size = record.size - self.record_size
        data = self._file_source.ReadAt(offset + self.record_size, data_size)
        if len(data) < data_size:
            raise errors.DamagedSampleError(
                "sample blocks are truncated", beyond_end=True
            )
        return StoredSample(offset, record, record_data, data)
