"""Recognises samples that repeat a sample read before from the same file.

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
