"""Builds process accounting files for the tests, from real ones.

It follows acct(5) (struct acct_v3) and shares nothing with the reader.

    python tests/pacct_files.py PACCT BIG_ENDIAN_COPY
"""

import struct
import sys

RECORD_SIZE = 64

# ac_flag, ac_version, ac_tty, ac_exitcode, ac_uid, ac_gid, ac_pid, ac_ppid,
# ac_btime, ac_etime, 8 comp_t and ac_comm.
_LITTLE_ENDIAN = struct.Struct("<BBHIIIIIIf8H16s")
_BIG_ENDIAN = struct.Struct(">BBHIIIIIIf8H16s")

# The bit of ac_version that a big-endian writer sets.
_BIG_ENDIAN_FLAG = 0x80


def ToBigEndian(data):
    """Converts the records of a little-endian accounting file to big-endian.

    Args:
      data (bytes): records as a little-endian host writes them.

    Returns:
      bytes: the same records as a big-endian host writes them.
    """
    converted = bytearray()
    for offset in range(0, len(data) - RECORD_SIZE + 1, RECORD_SIZE):
        values = list(_LITTLE_ENDIAN.unpack_from(data, offset))
        values[1] |= _BIG_ENDIAN_FLAG
        converted += _BIG_ENDIAN.pack(*values)
    return bytes(converted)


def Main(source_path, target_path):
    """Writes the big-endian copy of an accounting file.

    Args:
      source_path (str): path of the little-endian file.
      target_path (str): path of the copy.
    """
    with open(source_path, "rb") as file_object:
        data = file_object.read()
    with open(target_path, "wb") as file_object:
        file_object.write(ToBigEndian(data))


if __name__ == "__main__":
    Main(*sys.argv[1:3])
