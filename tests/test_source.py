"""Tests the positioned reads of a file."""

import io
import unittest

from plaso_atop.atoplog import source

from tests import test_lib


class _CountingFile(io.BytesIO):
    """In-memory file that counts its seeks."""

    def __init__(self, data):
        super().__init__(data)
        self.number_of_seeks = 0

    def seek(self, *arguments):
        self.number_of_seeks += 1
        return super().seek(*arguments)


class FileSourceTest(test_lib.BaseTestCase):
    """Tests the file source."""

    def testReadAt(self):
        """Tests reads at offsets, and at and beyond the end."""
        file_source = source.FileSource(io.BytesIO(bytes(range(100))))
        self.assertEqual(file_source.size, 100)
        self.assertEqual(file_source.ReadAt(10, 3), b"\x0a\x0b\x0c")
        self.assertEqual(file_source.ReadAt(98, 5), b"\x62\x63")
        self.assertEqual(file_source.ReadAt(100, 5), b"")
        self.assertEqual(file_source.ReadAt(0, 1), b"\x00")

    def testSequentialReadsDoNotSeek(self):
        """Tests that reading on from where the last read ended seeks not."""
        file_object = _CountingFile(bytes(1000))
        file_source = source.FileSource(file_object)
        seeks = file_object.number_of_seeks
        file_source.ReadAt(0, 10)
        self.assertEqual(file_object.number_of_seeks, seeks + 1)
        file_source.ReadAt(10, 10)
        file_source.ReadAt(20, 10)
        self.assertEqual(file_object.number_of_seeks, seeks + 1)
        file_source.ReadAt(500, 10)
        self.assertEqual(file_object.number_of_seeks, seeks + 2)


if __name__ == "__main__":
    unittest.main()
