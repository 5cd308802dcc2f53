"""Positioned reads of the file that holds an atop raw log."""

import os


class FileSource:
    """Reads data at offsets of a file-like object.

    Attributes:
      size (int): size of the file.
    """

    def __init__(self, file_object):
        """Initializes a file source.

        Args:
          file_object (file): binary file-like object, at any position.
        """
        super().__init__()
        self._file_object = file_object
        size = file_object.seek(0, os.SEEK_END)
        if size is None:
            size = file_object.tell()
        self._position = size
        self.size = size

    def ReadAt(self, offset, size):
        """Reads data at a specific offset.

        Args:
          offset (int): offset of the data.
          size (int): number of bytes to read.

        Returns:
          bytes: data read, shorter than size at the end of the file.
        """
        # Samples are read one after the other: seek only when needed.
        if offset != self._position:
            self._file_object.seek(offset, os.SEEK_SET)
        data = self._file_object.read(size)
        self._position = offset + len(data)
        return data
