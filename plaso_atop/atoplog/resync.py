"""Finds the next intact sample of an atop raw log after damage.

A raw log has no index and no sample markers: after a damaged sample, the
only way on is to look for the next place where a plausible sample starts.
A candidate is a plausible sample record followed by a zlib stream, the
system statistics, and a second zlib stream where the record says the task
entries start; it is accepted when the whole sample reads. A plausible raw
header, such as that of a log appended to the damaged one, is found as well.
"""

import re

from plaso_atop.atoplog import errors
from plaso_atop.atoplog import header as atop_header
from plaso_atop.atoplog import inflate
from plaso_atop.atoplog import layouts
from plaso_atop.atoplog import records

# Either the zlib stream that follows a sample record, or a raw header.
_CANDIDATE_PATTERN = re.compile(
    re.escape(layouts.HEADER_MAGIC_BYTES) + b"|" + inflate.ZLIB_HEADER_PATTERN.pattern
)

# How far a resynchronization reads ahead at a time.
_SCAN_CHUNK_SIZE = 1024 * 1024

# A resynchronized sample belongs to the same month of logging as the last
# intact one.
_MAXIMUM_TIME_DISTANCE = 86400 * 31


class Resynchronizer:
    """Finds intact samples after damage, in time linear in the file size."""

    def __init__(self, file_source, warning_callback, budget=None):
        """Initializes a resynchronizer.

        Args:
          file_source (FileSource): file that holds the log.
          warning_callback (function): called with an offset and a description
              when resynchronizing is given up.
          budget (Optional[int]): bytes of false samples that resynchronizing
              may read in vain; by default a multiple of the file size, which
              keeps the time that resynchronizing takes linear in it.
        """
        super().__init__()
        if budget is None:
            budget = 4 * file_source.size + records.MAXIMUM_TASK_DATA_SIZE
        self._budget = budget
        self._file_source = file_source
        self._warning_callback = warning_callback

    def _DecodePlausibleRecord(self, sample_reader, data, offset, last_time):
        """Decodes data that may be a sample record.

        Args:
          sample_reader (SampleReader): reader of the samples of the log.
          data (bytes): candidate sample record data.
          offset (int): offset of the candidate.
          last_time (int): time of the last intact sample, or None.

        Returns:
          SampleRecord: sample record, or None if the data is not a plausible
              sample record.
        """
        record = sample_reader.DecodeRecord(data)
        try:
            sample_reader.CheckRecord(record, offset)
        except errors.DamagedSampleError:
            return None

        if last_time is not None and abs(record.time - last_time) > (
            _MAXIMUM_TIME_DISTANCE
        ):
            return None

        task_offset = offset + len(data) + record.blocks[0].size
        if not inflate.ZLIB_HEADER_PATTERN.match(
            self._file_source.ReadAt(task_offset, 2)
        ):
            return None
        return record

    def _IsIntactSample(self, sample_reader, record, offset):
        """Determines if a sample with a plausible record is intact.

        Inflating a false sample uses up the budget of the search.

        Args:
          sample_reader (SampleReader): reader of the samples of the log.
          record (SampleRecord): plausible record of the sample.
          offset (int): offset of the sample.

        Returns:
          bool: True if the blocks of the sample inflate.
        """
        try:
            sample_reader.InflateSample(sample_reader.ReadStoredSample(offset))
        except errors.DamagedSampleError:
            self._budget -= record.size - sample_reader.record_size
            return False
        return True

    def FindNextSample(self, sample_reader, offset, last_time):
        """Finds the next intact sample, or raw header.

        Args:
          sample_reader (SampleReader): reader of the samples of the log.
          offset (int): offset from which to search.
          last_time (int): time of the last intact sample, or None.

        Returns:
          int: offset of the next intact sample or raw header, or None if
              neither follows.
        """
        record_size = sample_reader.record_size
        file_size = self._file_source.size
        # Search for the zlib stream of the system statistics that follows a
        # record, so that candidate records start at or after offset.
        scan_offset = offset + record_size
        # End of the previous chunk: matches that ended in it were looked at.
        previous_end = offset
        while scan_offset < file_size and self._budget > 0:
            chunk_offset = scan_offset - record_size
            chunk_size = _SCAN_CHUNK_SIZE + record_size
            chunk = self._file_source.ReadAt(chunk_offset, chunk_size)

            for match in _CANDIDATE_PATTERN.finditer(chunk):
                if chunk_offset + match.end() <= previous_end:
                    continue
                if match.group() == layouts.HEADER_MAGIC_BYTES:
                    header_offset = chunk_offset + match.start()
                    if atop_header.ReadHeader(self._file_source, header_offset):
                        return header_offset
                    continue
                if match.start() < record_size:
                    continue
                candidate_offset = chunk_offset + match.start() - record_size
                record_data = chunk[match.start() - record_size : match.start()]
                record = self._DecodePlausibleRecord(
                    sample_reader, record_data, candidate_offset, last_time
                )
                if record and self._IsIntactSample(
                    sample_reader, record, candidate_offset
                ):
                    return candidate_offset
                if self._budget <= 0:
                    break

            if len(chunk) < chunk_size:
                break
            # The next chunk starts with the last 3 bytes of this one, which
            # can be the first bytes of a zlib header or of a raw header.
            previous_end = chunk_offset + len(chunk)
            scan_offset = previous_end - 3

        if self._budget <= 0:
            self._warning_callback(
                offset, "giving up resynchronization: too many false samples"
            )
        return None
