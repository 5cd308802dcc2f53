"""Finds what changed in the process entries of a sample since the one before.

Most samples list the same tasks as the one before: comparing the identities
(PID and start time) of all entries at once tells which entries need to be
decoded, so that unchanged tasks cost no Python work per entry.
"""

import itertools

# Up to this many wanted entries are looked up one by one rather than with a
# lookup table of the whole sample.
_DIRECT_LOOKUP_LIMIT = 16


def LookUpIndexes(sample, identities, wanted):
    """Looks up the process entries of specific identities in a sample.

    Args:
      sample (Sample): sample.
      identities (list[int]): identity per task entry of the sample.
      wanted (set[int]): identities to look up.

    Returns:
      dict[int, int]: index of the first process entry per identity, for the
          identities that have one.
    """
    process_flags = sample.GetProcessFlags()
    indexes = {}
    if len(wanted) <= _DIRECT_LOOKUP_LIMIT:
        for identity in wanted:
            index = -1
            try:
                # A thread can share the identity of its process.
                while True:
                    index = identities.index(identity, index + 1)
                    if process_flags[index]:
                        indexes[identity] = index
                        break
            except ValueError:
                pass
    else:
        for index, identity in enumerate(identities):
            if identity in wanted and process_flags[index]:
                indexes.setdefault(identity, index)
    return indexes


class SampleComparer:
    """Compares each sample of a run with the sample before it."""

    def __init__(self):
        """Initializes a sample comparer."""
        super().__init__()
        self._previous_identities = None
        self._previous_command_line_flags = None

    def FindChangedEntries(self, sample, run):
        """Finds the process entries of a sample that the run must look at.

        Args:
          sample (Sample): sample.
          run (Run): run of the sample.

        Returns:
          tuple[dict[int, int], dict[int, int]]: index per identity of the
              process entries of identities never seen alive in the run, and
              of the processes waiting for a command line that now have one.
        """
        waiting = run.processes_without_command_line
        identities = sample.GetTaskIdentities()
        command_line_flags = sample.GetCommandLineFlags() if waiting else None
        unchanged = (
            identities == self._previous_identities
            and command_line_flags == self._previous_command_line_flags
        )
        self._previous_identities = identities
        self._previous_command_line_flags = command_line_flags
        if unchanged:
            return {}, {}

        new = run.processes.GetUnseenIdentities(
            itertools.compress(identities, sample.GetProcessFlags())
        )
        with_command_line = set()
        if waiting:
            with_command_line = waiting.keys() & set(
                itertools.compress(identities, command_line_flags)
            )
        if not new and not with_command_line:
            return {}, {}

        indexes = LookUpIndexes(sample, identities, new | with_command_line)
        return (
            {identity: indexes[identity] for identity in new},
            {
                identity: indexes[identity]
                for identity in with_command_line
                if identity in indexes
            },
        )
