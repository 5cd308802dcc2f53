"""Inflating the zlib blocks of an atop raw log to a size known in advance.

Every block of a sample is a zlib stream (written by compress()) whose inflated
size the sample record declares. Knowing that size lets a one-shot inflater
write straight into a buffer of the right size, which libdeflate does several
times faster than zlib, and bounds the output of a hostile block: inflating
never produces more than the declared size.
"""

import re
import zlib

from plaso_atop.atoplog import errors

try:
    import deflate as _libdeflate
except ImportError:  # pragma: no cover - depends on the installation.
    _libdeflate = None


def _InflateWithLibdeflate(data, size):
    """Inflates a zlib stream with libdeflate.

    Args:
      data (bytes|memoryview): zlib stream.
      size (int): expected inflated size.

    Returns:
      bytes: inflated data.

    Raises:
      InflateError: if the stream is invalid or does not inflate to size bytes.
    """
    try:
        # libdeflate stops with an error rather than write beyond size.
        inflated = _libdeflate.zlib_decompress(data, size)
    except _libdeflate.DeflateError as exception:
        raise errors.InflateError(f"invalid zlib data: {exception!s}") from exception
    if len(inflated) != size:
        raise errors.InflateError(
            f"inflated to {len(inflated):d} bytes instead of {size:d} bytes"
        )
    return inflated


def _InflateWithZlib(data, size):
    """Inflates a zlib stream with the standard zlib module.

    Args:
      data (bytes|memoryview): zlib stream.
      size (int): expected inflated size.

    Returns:
      bytes: inflated data.

    Raises:
      InflateError: if the stream is invalid or does not inflate to size bytes.
    """
    decompressor = zlib.decompressobj()
    try:
        # One byte more than expected tells an oversized stream apart without
        # ever inflating much more than declared.
        inflated = decompressor.decompress(data, size + 1)
    except zlib.error as exception:
        raise errors.InflateError(f"invalid zlib data: {exception!s}") from exception
    if len(inflated) != size:
        raise errors.InflateError(f"inflates to another size than {size:d} bytes")
    if not decompressor.eof:
        raise errors.InflateError("zlib data ends before the end of the stream")
    return inflated


# Inflaters by name, fastest first.
INFLATERS = {}
if _libdeflate is not None:
    INFLATERS["libdeflate"] = _InflateWithLibdeflate
INFLATERS["zlib"] = _InflateWithZlib

DEFAULT_INFLATER = next(iter(INFLATERS))

# Deflate cannot expand data by more than about 1032 to 1; a block that
# declares a larger inflated size than this allows is damaged or hostile.
MAXIMUM_COMPRESSION_RATIO = 1032

# A zlib stream written by compress() starts with 0x78 and a check byte that
# makes the first 16 bits a multiple of 31: 0x01, 0x5e, 0x9c or 0xda.
ZLIB_HEADER_PATTERN = re.compile(b"\x78[\x01\x5e\x9c\xda]")
