"""The peak memory of the parser on a log, traced in a process of its own."""

import subprocess
import sys

_CODE = """\
import sys, tracemalloc
from plaso_atop import parser
class Discarding:
    abort = False
    def GetFileEntry(self): return None
    def ProduceEventData(self, event_data, **kwargs): pass
    def ProduceWarning(self, message, **kwargs): pass
tracemalloc.start()
with open(sys.argv[1], 'rb') as file_object:
    parser.AtopParser().ParseFileObject(Discarding(), file_object)
print(tracemalloc.get_traced_memory()[1])
"""


def MeasureParserMemory(path):
    """Measures the peak memory of the parser on a log.

    Args:
      path (str): path of the log.

    Returns:
      int: peak traced memory in bytes.
    """
    result = subprocess.run(
        [sys.executable, "-c", _CODE, path],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.strip().splitlines()[-1])
