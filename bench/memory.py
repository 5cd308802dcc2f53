"""The peak memory of the parser on a log, traced in a process of its own."""

import os
import subprocess
import sys

_DISCARDING_PATH = os.path.join(os.path.dirname(__file__), "discarding.py")


def MeasureParserMemory(path):
    """Measures the peak memory of the parser on a log.

    Args:
      path (str): path of the log.

    Returns:
      int: peak traced memory in bytes.
    """
    result = subprocess.run(
        [sys.executable, _DISCARDING_PATH, path, "memory"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.strip().splitlines()[-1])
