"""Reader of atop raw log files, for every atop release from 1.26 to 2.13.

This package depends on the Python standard library only; it uses libdeflate
(the deflate package) to inflate faster where it is installed.
"""

from plaso_atop.atoplog.errors import AtopLogError
from plaso_atop.atoplog.errors import Error
from plaso_atop.atoplog.errors import UnsupportedLayoutError
from plaso_atop.atoplog.header import AtopLogHeader
from plaso_atop.atoplog.layouts import HEADER_MAGIC_BYTES
from plaso_atop.atoplog.reader import AtopLogFile
from plaso_atop.atoplog.sample import Sample
from plaso_atop.atoplog.task import TaskEntry

__all__ = [
    "AtopLogError",
    "AtopLogFile",
    "AtopLogHeader",
    "Error",
    "HEADER_MAGIC_BYTES",
    "Sample",
    "TaskEntry",
    "UnsupportedLayoutError",
]
