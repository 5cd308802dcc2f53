"""Tests the window of an atop run."""

import collections
import unittest

from plaso_atop.lifecycle import run as atop_run

from tests import test_lib

_Header = collections.namedtuple("_Header", ["hostname"])

_Sample = collections.namedtuple(
    "_Sample", ["time", "interval", "header"], defaults=[_Header("lab-host")]
)


class RunTest(test_lib.BaseTestCase):
    """Tests the run."""

    def testWindowStart(self):
        """Tests the window of runs started with the host and later."""
        # atop started with the host: the first interval counts since boot.
        run = atop_run.Run(_Sample(10000, 15))
        run.Defer("process")
        self.assertEqual(run.SetWindowStart(_Sample(10010, 10)), ["process"])
        self.assertEqual(run.window_start, 10000 - 15)

        # atop started on a host up for a day.
        run = atop_run.Run(_Sample(10000, 86400))
        self.assertEqual(run.SetWindowStart(_Sample(10600, 600)), [])
        self.assertEqual(run.window_start, 10000 - 600)

        # A run of one sample.
        run = atop_run.Run(_Sample(10000, 600))
        run.SetWindowStart(None)
        self.assertEqual(run.window_start, 10000 - 600)


if __name__ == "__main__":
    unittest.main()
