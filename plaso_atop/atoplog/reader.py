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

    def _SwitchLog(self, offset, header):
        """Reports that another atop log starts inside the file.

        Args:
          offset (int): offset of its raw header.
          header (AtopLogHeader): its raw header.

        Returns:
          SampleReader: reader of its samples.
        """
        self._Warn(
            offset,
            f"another atop log starts: atop {header.release:s} on host "
            f"{header.hostname:s}",
        )
        return atop_sample_reader.SampleReader(
            self._file_source, header, self._inflate, self._Warn
        )

    def _ReadHeaderOrSample(self, sample_reader, offset):
        """Reads what starts at an offset: a raw header or a stored sample.

        Args:
          sample_reader (SampleReader): reader of the samples of the log.
          offset (int): offset.

        Returns:
          tuple[AtopLogHeader, StoredSample]: raw header of another log and
              None, or None and the stored sample.

        Raises:
          DamagedSampleError: if neither can be read there.
        """
        record_data = sample_reader.ReadRecordData(offset)
        if not record_data.startswith(layouts.HEADER_MAGIC_BYTES):
            return None, sample_reader.ReadStoredSample(offset, record_data)

        header = atop_header.ReadHeader(self._file_source, offset)
        if not header:
            raise errors.DamagedSampleError("raw header of an unknown layout")
        return header, None

    def _WarnDamage(self, offset, exception, found):
        """Reports damage, and what resynchronizing found after it.

        Args:
          offset (int): offset of the damaged sample.
          exception (DamagedSampleError): what is wrong with it.
          found (resync.Found): what resynchronizing found after it, or None.
        """
        if found:
            kind = "log" if found.header else "sample"
            self._Warn(
                offset,
                f"damaged sample: {exception!s}; skipped {found.offset - offset:d} "
                f"bytes up to the next intact {kind:s}",
                recovered=True,
            )
        elif exception.beyond_end:
            self._Warn(offset, f"truncated sample: {exception!s}")
        else:
            self._Warn(
                offset, f"damaged sample: {exception!s}; no intact sample follows"
            )

    def ReadSamples(self):
        """Reads the samples of the log, one at a time.

        A sample that repeats one read before (same time, record and blocks)
        is skipped. A raw header where a sample should start, or found while
        resynchronizing, starts another log, appended to the first one: its
        samples are read with its layout and belong to its header.

        Yields:
          Sample: sample.
        """
        sample_reader = atop_sample_reader.SampleReader(
            self._file_source, self.header, self._inflate, self._Warn
        )
        resynchronizer = resync.Resynchronizer(self._file_source, self._Warn)
        repeated_samples = repeats.RepeatedSamples()
        offset = layouts.HEADER_SIZE
        last_time = None
        recovered = False
        while offset < self._file_source.size:
            sample = None
            try:
                header, stored_sample = self._ReadHeaderOrSample(sample_reader, offset)
                if stored_sample and not repeated_samples.IsRepeat(stored_sample):
                    sample = sample_reader.InflateSample(
                        stored_sample, recovered=recovered
                    )

            except errors.DamagedSampleError as exception:
                found = resynchronizer.FindNextSample(
                    sample_reader, offset + 1, last_time
                )
                self._WarnDamage(offset, exception, found)
                if not found:
                    break
                offset = found.offset
                header = found.header
                stored_sample = found.stored_sample
                if stored_sample and not repeated_samples.IsRepeat(stored_sample):
                    # Inflated by the resynchronizer, as recovered.
                    sample = found.sample
                    recovered = True

            if header:
                sample_reader = self._SwitchLog(offset, header)
                offset += layouts.HEADER_SIZE
                last_time = None
                recovered = False
                continue

            offset = stored_sample.next_offset
            if sample is None:
                continue

            if last_time is not None and sample.time < last_time:
                self._Warn(
                    sample.offset,
                    f"sample time {sample.time:d} is before that of the previous "
                    f"sample {last_time:d}",
                )
            last_time = sample.time
            yield sample

        if repeated_samples.number_of_repeats:
            self._Warn(
                repeated_samples.first_offset,
                f"{repeated_samples.number_of_repeats:d} samples skipped that repeat "
                f"samples read before (same time, record and blocks), the first",
            )
