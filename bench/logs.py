"""The benchmark's logs: where they are, and what the measurements read of them."""

import os
import struct

BENCH_PATH = os.path.dirname(os.path.abspath(__file__))
DATA_PATH = os.path.join(BENCH_PATH, "data")
LARGE_LOG_PATH = os.path.join(DATA_PATH, "atop_large.raw")
QUIET_LOG_PATH = os.path.join(DATA_PATH, "atop_quiet.raw")
CHURN_LOG_PATH = os.path.join(DATA_PATH, "atop_churn.raw")

# The default logs and the scripts that write them.
LOG_SCRIPTS = (
    (LARGE_LOG_PATH, "make_large_log.sh"),
    (CHURN_LOG_PATH, "make_churn_log.sh"),
)


def ReadTaskBlocks(path):
    """Reads the compressed task blocks of a log and their inflated sizes.

    The blocks are found by the offsets of the format reference, without our
    reader, so that the inflate floors time inflating alone.

    Args:
      path (str): path of the log.

    Returns:
      tuple[list[tuple[bytes, int]], int]: blocks with their inflated size,
          and the number of tasks.
    """
    with open(path, "rb") as file_object:
        data = file_object.read()
    record_size = struct.unpack_from("<H", data, 12)[0]
    tstat_size = struct.unpack_from("<I", data, 32)[0]
    has_cgroup_blocks = struct.unpack_from("<I", data, 456)[0] != 0
    blocks = []
    number_of_tasks = 0
    offset = 480
    while offset + record_size <= len(data):
        flags = struct.unpack_from("<H", data, offset + 8)[0]
        scomplen, pcomplen = struct.unpack_from("<II", data, offset + 16)
        ndeviat = struct.unpack_from("<I", data, offset + 28)[0]
        start = offset + record_size + scomplen
        blocks.append((data[start : start + pcomplen], ndeviat * tstat_size))
        number_of_tasks += ndeviat
        next_offset = start + pcomplen
        if has_cgroup_blocks and flags & 0x100:
            ccomplen, _, _, icomplen = struct.unpack_from("<IIII", data, offset + 72)
            next_offset += ccomplen + icomplen
        offset = next_offset
    return blocks, number_of_tasks


def _ReadSampleOffsets(path):
    """Reads the offsets of the samples of a log with our reader.

    Args:
      path (str): path of the log.

    Returns:
      list[int]: offsets of the samples.
    """
    from plaso_atop.atoplog import reader

    with open(path, "rb") as file_object:
        return [
            sample.offset for sample in reader.AtopLogFile(file_object).ReadSamples()
        ]


def CountSamples(path):
    """Counts the samples of a log.

    Args:
      path (str): path of the log.

    Returns:
      int: number of samples.
    """
    return len(_ReadSampleOffsets(path))


def WriteFirstHalf(path, half_path):
    """Writes the first half of the samples of a log.

    Args:
      path (str): path of the log.
      half_path (str): path of the log to write.

    Returns:
      int: number of samples written.
    """
    offsets = _ReadSampleOffsets(path)
    with open(path, "rb") as file_object:
        data = file_object.read(offsets[len(offsets) // 2])
    with open(half_path, "wb") as file_object:
        file_object.write(data)
    return len(offsets) // 2
