"""Reader of Linux process accounting files (acct(5) version 3): the pacct of
acct and psacct, and atop's own atop.acct.

This package depends on the Python standard library only.
"""

from plaso_atop.pacct.reader import NotAcctFileError
from plaso_atop.pacct.reader import PacctFile
from plaso_atop.pacct.reader import UnsupportedVersionError
from plaso_atop.pacct.records import AcctRecord

__all__ = [
    "AcctRecord",
    "NotAcctFileError",
    "PacctFile",
    "UnsupportedVersionError",
]
