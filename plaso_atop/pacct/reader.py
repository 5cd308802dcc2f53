"""Reader of Linux process accounting files: pacct, atop's own atop.acct.

A file is a sequence of 64-byte records, with no header and no magic number:
it is recognised by its records. The reader keeps one chunk of the file in
memory, reports damage (a record that is not plausible, a cut last record)
through a warning callback and goes on with the next plausible record.
"""

import os

from plaso_atop.pacct import records

# How much of the file is read at a time: a multiple of the record size.
_CHUNK_SIZE = 4096 * records.RECORD_SIZE


class NotAcctFileError(Exception):
    """Error raised when a file holds no process accounting records."""


class UnsupportedVersionError(NotAcctFileError):
    """Error raised when a file holds accounting records of another version."""


def _RecognizeVersion(data):
    """Determines if data starts like a process accounting record.

    Args:
      data (bytes): first record of the file.

    Returns:
      tuple[str, str]: byte order of the records, and a description of why they
          are not version 3 records or None.

    Raises:
      NotAcctFileError: if the data does not start like any accounting record.
    """
    if len(data) < records.RECORD_SIZE:
        raise NotAcctFileError("shorter than one accounting record")
    byte_order = records.GetByteOrder(data[1])
    values = records.ReadValues(data, 0, byte_order)
    problem = records.GetProblem(values)
    if problem is None:
        return byte_order, None

    # acct version 1 and 2 records are also 64 bytes, with the version in the
    # same place: say so rather than leave them to other parsers silently.
    version = records.GetOlderVersion(data, byte_order)
    if version:
        return byte_order, f"accounting records of version {version:d}"
    raise NotAcctFileError(f"not an accounting record: {problem:s}")


class PacctFile:
    """Reads a Linux process accounting file from a file-like object.

    Attributes:
      byte_order (str): byte order of the records: "big" or "little".
      size (int): size of the file.
    """

    def __init__(self, file_object, warning_callback=None):
        """Initializes a reader and recognises the file by its first record.

        Args:
          file_object (file): binary file-like object, at any position.
          warning_callback (Optional[function]): called with the offset and a
              description of every problem met while reading records.

        Raises:
          NotAcctFileError: if the file does not start with a process
              accounting record.
          UnsupportedVersionError: if its records are of another version.
        """
        super().__init__()
        # dfVFS file objects return None from seek().
        file_object.seek(0, os.SEEK_END)
        size = file_object.tell()
        file_object.seek(0, os.SEEK_SET)
        self._file_object = file_object
        self._warning_callback = warning_callback
        self.byte_order, problem = _RecognizeVersion(
            file_object.read(records.RECORD_SIZE)
        )
        if problem:
            raise UnsupportedVersionError(problem)
        self.size = size

    def _Warn(self, offset, message):
        """Reports a problem.

        Args:
          offset (int): offset in the file where the problem is.
          message (str): description of the problem.
        """
        if self._warning_callback:
            self._warning_callback(offset, message)

    def _FindNextRecord(self, data, damaged_position):
        """Finds the next plausible record after damage.

        Args:
          data (bytes): data that holds the damage.
          damaged_position (int): position of the damaged record in the data.

        Returns:
          int: position in the data of the next plausible record, or None if
              the rest of the data holds none.
        """
        # The version byte is the second byte of a record.
        version_bytes = bytes([records.VERSION, records.VERSION | 0x80])
        position = damaged_position + 2
        while True:
            found = [
                index
                for index in (data.find(byte, position) for byte in version_bytes)
                if index >= 0
            ]
            if not found:
                return None
            start = min(found) - 1
            if start + records.RECORD_SIZE > len(data):
                return None
            values = records.ReadValues(data, start, self.byte_order)
            if records.GetProblem(values) is None:
                return start
            position = start + 2

    def _ReadPlausibleValues(self):
        """Reads the values of the plausible records of the file.

        Yields:
          tuple[int, tuple[object]]: offset of a plausible record in the file
              and its values; the offsets skip the damaged parts.
        """
        self._file_object.seek(0, os.SEEK_SET)
        data = b""
        data_offset = 0
        position = 0
        while True:
            chunk = self._file_object.read(_CHUNK_SIZE)
            if not chunk:
                return
            data = data[position:] + chunk
            data_offset += position
            position = 0
            while position + records.RECORD_SIZE <= len(data):
                values = records.ReadValues(data, position, self.byte_order)
                if records.GetProblem(values) is None:
                    yield data_offset + position, values
                    position += records.RECORD_SIZE
                    continue
                next_position = self._FindNextRecord(data, position)
                if next_position is None:
                    # Keep the last record's worth: the next record can start
                    # in it.
                    position = max(position + 1, len(data) - records.RECORD_SIZE + 1)
                    break
                position = next_position

    def ReadRecords(self):
        """Reads the records of the file, one at a time.

        Yields:
          AcctRecord: record.
        """
        expected_offset = 0
        for offset, values in self._ReadPlausibleValues():
            if offset != expected_offset:
                self._Warn(
                    expected_offset,
                    f"damaged records: skipped {offset - expected_offset:d} bytes "
                    f"up to the next plausible record",
                )
            yield records.DecodeRecord(values, offset)
            expected_offset = offset + records.RECORD_SIZE

        remaining = self.size - expected_offset
        if remaining >= records.RECORD_SIZE:
            self._Warn(expected_offset, "damaged records: no plausible record follows")
        elif remaining:
            self._Warn(
                expected_offset,
                f"truncated record of {remaining:d} bytes at the end of the file",
            )
