"""Tests decoding what atop stores of exited processes."""

import unittest

from plaso_atop.atoplog import task

from tests import test_lib

# A plausible start time.
_START = 1_800_000_000


class ExitTimeTest(test_lib.BaseTestCase):
    """Tests the exit time of exited processes."""

    def testCompT(self):
        """Tests that an acct version 2 comp_t elapsed time is decoded."""
        # Read as ticks, 0x2001 is 81 s: beyond the sample 10 s after the
        # start. As a comp_t it is 1 << 3 = 8 ticks.
        self.assertEqual(
            task.DecodeExitTime(_START, 0x2001, _START + 10, 100), (_START, False)
        )

        # Where the ticks fit, they are taken as they are, as atop does.
        self.assertEqual(
            task.DecodeExitTime(_START, 0x2001, _START + 100, 100),
            (_START + 81, False),
        )

    def testEstimated(self):
        """Tests that an implausible elapsed time gives the sample time."""
        end = _START + 50
        self.assertEqual(task.DecodeExitTime(_START, -5, end, 100), (end, True))
        self.assertEqual(task.DecodeExitTime(_START, 0xFFFFF, end, 100), (end, True))
        # An implausible start time.
        self.assertEqual(task.DecodeExitTime(1000, 10, end, 100), (end, True))


class WaitStatusTest(test_lib.BaseTestCase):
    """Tests the exit status of exited processes."""

    def testDecode(self):
        """Tests exit codes, signals and the new flag of atop."""
        self.assertEqual(task.DecodeWaitStatus(0x300), (3, None, False))
        self.assertEqual(
            task.DecodeWaitStatus(0x80000000 - 0x100000000 + 0x300), (3, None, False)
        )
        self.assertEqual(
            task.DecodeWaitStatus(0x8000008B - 0x100000000), (None, 11, True)
        )
        self.assertEqual(task.DecodeWaitStatus(9), (None, 9, False))


if __name__ == "__main__":
    unittest.main()
