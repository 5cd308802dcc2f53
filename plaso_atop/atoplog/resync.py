"""Finds the next intact sample of an atop raw log after damage.

A raw log has no index and no sample markers: after a damaged sample, the
only way on is to look for the next place where a plausible sample starts.
A candidate is a plausible sample record followed by a zlib stream, the
system statistics, and a second zlib stream where the record says the task
entries start; it is accepted when the whole sample reads.
"""

from plaso_atop.atoplog import errors
from plaso_atop.atoplog import inflate
from plaso_atop.atoplog import records

# How far a resynchronisation reads ahead at a time.
_SCAN_CHUNK_SIZE = 1024 * 1024

# A resynchronised sample belongs to the same month of logging as the last
# intact one.
_MAXIMUM_TIME_DISTANCE = 86400 * 31


class Resynchronizer:
    """Finds intact samples after damage, in time linear in the file size."""

    def __init__(self, file_source, warning_callback, budget=None):
        """Initializes a resynchronizer.

        Args:
          file_source (FileSource): file that holds the log.
          warning_callback (function): called with an offset and a description
              when resynchronising is given up.
          budget (Optional[int]): bytes of false samples that resynchronising
              may read in vain; by default a multiple of the file size, which
              keeps the time that resynchronising takes linear in it.
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

    def FindNextSample(self, sample_reader, offset, last_time):
        """Finds the next intact sample.

        Args:
          sample_reader (SampleReader): reader of the samples of the log.
          offset (int): offset from which to search.
          last_time (int): time of the last intact sample, or None.

        Returns:
          tuple[Sample, int]: sample and offset of the next sample, or None if
              no intact sample follows.
        """
        record_size = sample_reader.record_size
        file_size = self._file_source.size
        # Search for the zlib stream of the system statistics that follows a
        # record, so that candidate records start at or after offset.
        scan_offset = offset + record_size
        while scan_offset < file_size and self._budget > 0:
            chunk_offset = scan_offset - record_size
            chunk_size = _SCAN_CHUNK_SIZE + record_size
            chunk = self._file_source.ReadAt(chunk_offset, chunk_size)

            for match in inflate.ZLIB_HEADER_PATTERN.finditer(chunk, record_size):
                candidate_offset = chunk_offset + match.start() - record_size
                record = self._DecodePlausibleRecord(
                    sample_reader,
                    chunk[match.start() - record_size : match.start()],
                    candidate_offset,
                    last_time,
                )
                if not record:
                    continue
                try:
                    return sample_reader.ReadSample(candidate_offset)
                except errors.DamagedSampleError:
                    self._budget -= record.size - record_size
                    if self._budget <= 0:
                        break

            if len(chunk) < chunk_size:
                break
            # The next chunk starts with the last byte of this one, which can
            # be the first byte of a zlib header.
            scan_offset = chunk_offset + len(chunk) - 1

        if self._budget <= 0:
            self._warning_callback(
                offset, "giving up resynchronisation: too many false samples"
            )
        return None
