"""Facts of the atop raw log format that several parts of the reader share."""

# Times outside this range (1990-01-01 to 2100-01-01) are damage: no sample
# and no process of a real log lies outside it.
MINIMUM_TIME = 631152000
MAXIMUM_TIME = 4102444800

# State letter atop gives a process that exited during the interval.
EXITED_STATE = "E"

# State letters of /proc/PID/stat, and atop's own exited state.
STATE_LETTERS = b"DIKPRSTWXZtwx" + EXITED_STATE.encode("ascii")

# atop sets bit 31 of the exit status of a task that is new in the sample.
NEW_TASK_FLAG = 0x80000000


def IsPlausibleTime(timestamp):
    """Determines if a time in seconds since the epoch is plausible.

    Args:
      timestamp (int): time in seconds since the epoch.

    Returns:
      bool: True if the time lies between 1990 and 2100.
    """
    return MINIMUM_TIME <= timestamp < MAXIMUM_TIME


def DecodeString(value):
    """Decodes a string that atop stores as a NUL-padded character array.

    Args:
      value (bytes): character array.

    Returns:
      str: string up to the first NUL, with invalid UTF-8 replaced.
    """
    return value.split(b"\0", 1)[0].decode("utf-8", "replace")
