"""Recognizes samples that repeat a sample read before from the same file.

A careless carve, a botched copy or a hostile file can hold a sample many
times over: a repeat is no new observation. A repeat has the time of the
sample it repeats, so only a sample no later than the latest one read can be
one; its record and blocks then tell.
"""

import array
import bisect


class SampleDigests:
    """Digests of the record and blocks of the samples read, by time.

    Two arrays sorted by time keep the memory at 16 bytes per sample.
    """

    def __init__(self):
        """Initializes the sample digests."""
        super().__init__()
        self._digests = array.array("Q")
        self._times = array.array("q")

    def Add(self, time, digest):
        """Adds the digest of a sample.

        Args:
          time (int): time of the sample.
          digest (int): 64-bit digest of its record and blocks.
        """
        if not self._times or time >= self._times[-1]:
            self._times.append(time)
            self._digests.append(digest)
        else:
            # A clock that stepped back.
            index = bisect.bisect_right(self._times, time)
            self._times.insert(index, time)
            self._digests.insert(index, digest)

    def IsRepeat(self, time, digest):
        """Determines if a sample repeats a sample added before.

        Args:
          time (int): time of the sample.
          digest (int): 64-bit digest of its record and blocks.

        Returns:
          bool: True if a sample with the same time and digest was added.
        """
        if not self._times or time > self._times[-1]:
            return False
        index = bisect.bisect_left(self._times, time)
        while index < len(self._times) and self._times[index] == time:
            if self._digests[index] == digest:
                return True
            index += 1
        return False


class RepeatedSamples:
    """Recognizes and counts the samples of a file that repeat one read before.

    Attributes:
      first_offset (int): offset of the first repeated sample, or None.
      number_of_repeats (int): number of repeated samples.
    """

    def __init__(self):
        """Initializes the repeated samples."""
        super().__init__()
        self._digests = SampleDigests()
        self.first_offset = None
        self.number_of_repeats = 0

    def IsRepeat(self, stored_sample):
        """Determines if a sample repeats one read before, and remembers it.

        Args:
          stored_sample (StoredSample): sample as stored.

        Returns:
          bool: True if the sample repeats one read before.
        """
        time = stored_sample.record.time
        digest = stored_sample.GetDigest()
        if self._digests.IsRepeat(time, digest):
            if self.first_offset is None:
                self.first_offset = stored_sample.offset
            self.number_of_repeats += 1
            return True
        self._digests.Add(time, digest)
        return False
