"""Process lifecycles from the samples of an atop raw log.

This package knows the samples and task entries of the reader, not their
bytes and not plaso.
"""

from plaso_atop.lifecycle.observations import ProcessCredentialsChange
from plaso_atop.lifecycle.observations import ProcessExec
from plaso_atop.lifecycle.observations import ProcessExit
from plaso_atop.lifecycle.observations import ProcessRunning
from plaso_atop.lifecycle.observations import ProcessStart
from plaso_atop.lifecycle.tracker import ProcessTracker

__all__ = [
    "ProcessCredentialsChange",
    "ProcessExec",
    "ProcessExit",
    "ProcessRunning",
    "ProcessStart",
    "ProcessTracker",
]
