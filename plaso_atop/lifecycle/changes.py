"""Finds the process entries of a sample that can hold something new.

A sample lists the tasks of the host, most of them as they were in the sample
before. atop 2.3 and later store every task and flag those whose data equal
those of the sample before (was-inactive); earlier releases store only the
tasks that changed. Only the other entries can be a new process, or a process
with a new program, new identifiers or a new command line, so that unchanged
tasks cost no Python work per entry.
"""

import re

from plaso_atop.atoplog import definitions

_EXITED_STATE = ord(definitions.EXITED_STATE)


def FindChangedProcessEntries(sample, compare_all=False):
    """Finds the live process entries that changed since the sample before.

    Args:
      sample (Sample): sample.
      compare_all (Optional[bool]): True to return every live process entry,
          such as when the sample before is not the one that atop compared
          with.

    Returns:
      list[int]: indexes of the live process entries that changed.
    """
    inactive_flags = None if compare_all else sample.GetInactiveFlags()
    if inactive_flags is None:
        indexes = range(sample.number_of_tasks)
    else:
        indexes = [match.start() for match in re.finditer(b"\x00", inactive_flags)]
    process_flags = sample.GetProcessFlags()
    states = sample.GetStates()
    return [
        index
        for index in indexes
        if process_flags[index] and states[index] != _EXITED_STATE
    ]
