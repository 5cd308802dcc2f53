"""Tests recognizing samples that repeat a sample read before."""

import unittest

from plaso_atop.atoplog import repeats

from tests import test_lib


class SampleDigestsTest(test_lib.BaseTestCase):
    """Tests the sample digests."""

    def testIsRepeat(self):
        """Tests repeats, equal times and a clock that stepped back."""
        digests = repeats.SampleDigests()
        self.assertFalse(digests.IsRepeat(100, 1))
        for time, digest in ((100, 1), (110, 2), (110, 3), (120, 4)):
            self.assertFalse(digests.IsRepeat(time, digest))
            digests.Add(time, digest)

        self.assertTrue(digests.IsRepeat(100, 1))
        self.assertTrue(digests.IsRepeat(110, 2))
        self.assertTrue(digests.IsRepeat(110, 3))
        # Same time, other record or blocks: an observation of its own.
        self.assertFalse(digests.IsRepeat(110, 5))
        self.assertFalse(digests.IsRepeat(130, 4))

        # A clock that stepped back: a sample earlier than the latest one.
        digests.Add(105, 6)
        self.assertTrue(digests.IsRepeat(105, 6))
        self.assertTrue(digests.IsRepeat(120, 4))
        self.assertFalse(digests.IsRepeat(105, 1))


if __name__ == "__main__":
    unittest.main()
