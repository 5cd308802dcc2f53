"""Process lifecycles, and atop's own recording, from the samples of an atop
raw log.

This package knows the samples and the decoded task entries of the reader,
not their bytes and not plaso.
"""

from plaso_atop.lifecycle.observations import SAMPLE_FLAGS
from plaso_atop.lifecycle.observations import Observation
from plaso_atop.lifecycle.observations import ProcessCredentialsChange
from plaso_atop.lifecycle.observations import ProcessExec
from plaso_atop.lifecycle.observations import ProcessExit
from plaso_atop.lifecycle.observations import ProcessRunning
from plaso_atop.lifecycle.observations import ProcessStart
from plaso_atop.lifecycle.observations import ProcessUsage
from plaso_atop.lifecycle.recording import ClockChange
from plaso_atop.lifecycle.recording import RecordingEnd
from plaso_atop.lifecycle.recording import RecordingGap
from plaso_atop.lifecycle.recording import RecordingStart
from plaso_atop.lifecycle.recording import SystemBoot
from plaso_atop.lifecycle.tracker import ProcessTracker

__all__ = [
    "SAMPLE_FLAGS",
    "ClockChange",
    "Observation",
    "ProcessCredentialsChange",
    "ProcessExec",
    "ProcessExit",
    "ProcessRunning",
    "ProcessStart",
    "ProcessTracker",
    "ProcessUsage",
    "RecordingEnd",
    "RecordingGap",
    "RecordingStart",
    "SystemBoot",
]
