"""Facts of Linux process accounting (acct(5)) that its readers share.

The kernel writes one record per exited process. atop reads these records to
report exits (its task entries of exited processes), and the pacct parser
reads the files themselves.
"""

# Clock ticks per second of the times of process accounting records (AHZ,
# USER_HZ on every Linux architecture).
AHZ = 100


def DecodeCompT(value):
    """Decodes an acct(5) comp_t value.

    comp_t has a 13-bit mantissa and a 3-bit base-8 exponent.

    Args:
      value (int): comp_t value.

    Returns:
      int: decoded value, or None if value does not fit in a comp_t.
    """
    if not 0 <= value <= 0xFFFF:
        return None
    return (value & 0x1FFF) << (3 * ((value >> 13) & 0x7))
