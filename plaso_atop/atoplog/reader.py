"""Reader of atop raw log files (/var/log/atop/atop_YYYYMMDD).

A raw log is a header followed by samples until the end of the file, with no
index. A sample is a record followed by zlib blocks: the system statistics,
the task entries and, from 2.11 on, the cgroup entries and their PID list.

The reader keeps one sample in memory at a time. It checks every record and
every inflated size, reports damage through a warning callback and continues
with the next plausible sample, so that a damaged or truncated log still
yields every intact sample.
"""

from plaso_atop.atoplog import errors
from plaso_atop.atoplog import header as atop_header
from plaso_atop.atoplog import inflate
from plaso_atop.atoplog import layouts
from plaso_atop.atoplog import repeats
from plaso_atop.atoplog import resync
from plaso_atop.atoplog import sample_reader as atop_sample_reader
from plaso_atop.atoplog import source


class AtopLogFile:
    """Reads an atop raw log from a file-like object.

    Attributes:
      header (AtopLogHeader): header of the log.
    """

    def __init__(self, file_object, warning_callback=None, inflater=None):
        """Initializes an atop raw log reader and reads the header.

        Args:
          file_object (file): binary file-like object, at any position.
          warning_callback (Optional[function]): called with the offset, a
              description and a recovered flag of every problem met while
              reading samples; the flag is True for a recovery, such as
              finding the next intact sample after damage.
          inflater (Optional[str]): name of the inflater to use, one of
              inflate.INFLATERS; the fastest available by default.

        Raises:
          AtopLogError: if the file is not an atop raw log.
          UnsupportedLayoutError: if the file is an atop raw log of a layout
              the reader does not know.
        """
        super().__init__()
        self._file_source = source.FileSource(file_object)
        self._inflate = inflate.INFLATERS[inflater or inflate.DEFAULT_INFLATER]
        self._warning_callback = warning_callback
        self.header = atop_header.AtopLogHeader(
            self._file_source.ReadAt(0, layouts.HEADER_SIZE)
        )

    def _HasHeaderMagic(self, offset):
        """Determines if the magic number of a raw header is at an offset.

        Args:
          offset (int): offset.

        Returns:
          bool: True if the magic number is there.
        """
        magic = self._file_source.ReadAt(offset, len(layouts.HEADER_MAGIC_BYTES))
        return magic == layouts.HEADER_MAGIC_BYTES

    def _IsLogStart(self, offset):
        """Determines if another atop log starts at an offset.

        Args:
          offset (int): offset.

        Returns:
          bool: True if a plausible raw header of a known layout is there.

        Raises:
          DamagedSampleError: if the magic number of a raw header is there, but
              no plausible raw header of a known layout.
        """
        if not self._HasHeaderMagic(offset):
            return False
        if not atop_header.ReadHeader(self._file_source, offset):
            raise errors.DamagedSampleError("raw header of an unknown layout")
        return True

    def _ReadLogSamples(self, header, offset, repeated_samples, resynchronizer):
        """Reads the samples of one atop log of the file.

        Args:
          header (AtopLogHeader): header of the log.
          offset (int): offset of its first sample.
          repeated_samples (RepeatedSamples): samples of the file read before.
          resynchronizer (Resynchronizer): finds intact samples after damage.

        Yields:
          Sample: sample.

        Returns:
          int: offset of the raw header of the next log in the file, or None if
              the log is the last one.
        """
        sample_reader = atop_sample_reader.SampleReader(
            self._file_source, header, self._inflate
        )
        last_time = None
        recovered = False
        follows_damage = False
        while offset < self._file_source.size:
            try:
                if self._IsLogStart(offset):
                    return offset
                stored_sample = sample_reader.ReadStoredSample(offset)
                sample = None
                if not repeated_samples.IsRepeat(stored_sample):
                    sample = sample_reader.InflateSample(
                        stored_sample,
                        recovered=recovered,
                        follows_damage=follows_damage,
                    )

            except errors.DamagedSampleError as exception:
                next_offset = resynchronizer.FindNextSample(
                    sample_reader, offset + 1, last_time
                )
                self._WarnDamage(offset, exception, next_offset)
                if next_offset is None:
                    return None
                offset = next_offset
                recovered = True
                follows_damage = True
                continue

            offset = stored_sample.next_offset
            follows_damage = False
            if sample is None:
                continue

            self._WarnSampleProblems(sample, last_time)
            last_time = sample.time
            yield sample
        return None

    def _Warn(self, offset, message, recovered=False):
        """Reports a problem.

        Args:
          offset (int): offset in the file where the problem is.
          message (str): description of the problem.
          recovered (Optional[bool]): True if the reader recovered from the
              problem, such as by finding the next intact sample.
        """
        if self._warning_callback:
            self._warning_callback(offset, message, recovered=recovered)

    def _WarnDamage(self, offset, exception, next_offset):
        """Reports damage, and what resynchronizing found after it.

        Args:
          offset (int): offset of the damaged sample.
          exception (DamagedSampleError): what is wrong with it.
          next_offset (int): offset of the next intact sample or raw header,
              or None if neither follows.
        """
        if next_offset is not None:
            kind = "sample"
            if self._HasHeaderMagic(next_offset):
                kind = "log"
            self._Warn(
                offset,
                f"damaged sample: {exception!s}; skipped {next_offset - offset:d} "
                f"bytes up to the next intact {kind:s}",
                recovered=True,
            )
        elif exception.beyond_end:
            self._Warn(offset, f"truncated sample: {exception!s}")
        else:
            self._Warn(
                offset, f"damaged sample: {exception!s}; no intact sample follows"
            )

    def _WarnSampleProblems(self, sample, previous_time):
        """Reports damage that a sample was read despite, and a time out of order.

        Args:
          sample (Sample): sample.
          previous_time (int): time of the previous sample of the log, or None.
        """
        if previous_time is not None and sample.time < previous_time:
            self._Warn(
                sample.offset,
                f"sample time {sample.time:d} is before that of the previous "
                f"sample {previous_time:d}",
            )
        if sample.cgroup_problem:
            self._Warn(
                sample.offset, f"sample without cgroups, {sample.cgroup_problem:s}"
            )
        if sample.has_unknown_states:
            self._Warn(sample.offset, "sample with task entries of unknown state")

    def ReadSamples(self):
        """Reads the samples of the log, one at a time.

        A sample that repeats one read before (same time, record and blocks)
        is skipped. A raw header where a sample should start, or found while
        resynchronizing, starts another log, appended to the first one: its
        samples are read with its layout and belong to its header.

        Yields:
          Sample: sample.
        """
        repeated_samples = repeats.RepeatedSamples()
        resynchronizer = resync.Resynchronizer(self._file_source, self._Warn)
        header = self.header
        offset = layouts.HEADER_SIZE
        while True:
            next_log_offset = yield from self._ReadLogSamples(
                header, offset, repeated_samples, resynchronizer
            )
            if next_log_offset is None:
                break
            header = atop_header.ReadHeader(self._file_source, next_log_offset)
            self._Warn(
                next_log_offset,
                f"another atop log starts: atop {header.release:s} on host "
                f"{header.hostname:s}",
            )
            offset = next_log_offset + layouts.HEADER_SIZE

        if repeated_samples.number_of_repeats:
            self._Warn(
                repeated_samples.first_offset,
                f"{repeated_samples.number_of_repeats:d} samples skipped that repeat "
                f"samples read before (same time, record and blocks), the first",
            )
