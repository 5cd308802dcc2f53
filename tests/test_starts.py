"""Tests the window of an atop run."""

import collections
import unittest

from plaso_atop.lifecycle import starts

from tests import test_lib

_Sample = collections.namedtuple("_Sample", ["time", "interval"])


class WindowStartTest(test_lib.BaseTestCase):
    """Tests the window start of a run."""

    def testWindowStart(self):
        """Tests the window of runs started with the host and later."""
        # atop started with the host: the first interval counts since boot.
        self.assertEqual(
            starts.GetWindowStart(_Sample(10000, 15), _Sample(10010, 10)),
            10000 - 15,
        )

        # atop started on a host up for a day.
        self.assertEqual(
            starts.GetWindowStart(_Sample(10000, 86400), _Sample(10600, 600)),
            10000 - 600,
        )

        # A run of one sample.
        self.assertEqual(starts.GetWindowStart(_Sample(10000, 600), None), 10000 - 600)


if __name__ == "__main__":
    unittest.main()
