"""Creates the event data of the atop parser from the tracker's observations."""

import datetime
import functools

from dfdatetime import posix_time as dfdatetime_posix_time

from plaso_atop import event_data as atop_event_data
from plaso_atop import lifecycle


# Most processes of a sample started in the same few seconds.
@functools.lru_cache(maxsize=1024)
def _FormatISOTime(timestamp):
    """Formats a time in seconds since the epoch as ISO 8601 in UTC.

    Args:
      timestamp (int): time in seconds since the epoch.

    Returns:
      str: date and time, such as "2026-10-01T08:03:11+00:00", or None.
    """
    if timestamp is None:
        return None
    return datetime.datetime.fromtimestamp(
        timestamp, tz=datetime.timezone.utc
    ).isoformat()


# Many events share a second: the processes that exited in an interval, the
# events of one sample. plaso treats date and time values as immutable (it
# copies one before changing it), so event data can share them.
@functools.lru_cache(maxsize=256)
def _CreatePosixTime(timestamp):
    """Creates the date and time values of a time in seconds since the epoch.

    Args:
      timestamp (int): time in seconds since the epoch.

    Returns:
      dfdatetime.PosixTime: date and time values.
    """
    return dfdatetime_posix_time.PosixTime(timestamp=timestamp)


class EventDataFactory:
    """Creates the event data of the observations of processes and recording.

    The observations have the attribute names of the event data. Their times
    are seconds since the epoch: the time that an event data is timed by
    becomes a dfDateTime value, the other times ISO 8601 strings in UTC. So
    the start_time of an observation is the start_time of process start event
    data, and the process_start_time of all other event data. The user names
    of the user identifiers come from the evidence.
    """

    def __init__(self, user_names=None):
        """Initializes an event data factory.

        Args:
          user_names (Optional[dict[int, str]]): user name per UID, of the host
              that wrote the log.
        """
        super().__init__()
        self._user_names = user_names or {}
        self._creators = {
            lifecycle.ClockChange: self._CreateClockChange,
            lifecycle.ProcessCredentialsChange: self._CreateCredentialsChange,
            lifecycle.ProcessExec: self._CreateExec,
            lifecycle.ProcessExit: self._CreateExit,
            lifecycle.ProcessRunning: self._CreateRunning,
            lifecycle.ProcessStart: self._CreateStart,
            lifecycle.RecordingEnd: self._CreateRecordingEnd,
            lifecycle.RecordingGap: self._CreateRecordingGap,
            lifecycle.RecordingStart: self._CreateRecordingStart,
            lifecycle.SystemBoot: self._CreateSystemBoot,
        }

    def _CreateClockChange(self, observation):
        """Creates clock change event data.

        Args:
          observation (lifecycle.ClockChange): clock change.

        Returns:
          AtopClockChangeEventData: event data.
        """
        event_data = atop_event_data.AtopClockChangeEventData()
        event_data.hostname = observation.hostname
        event_data.previous_sample_time = _FormatISOTime(
            observation.previous_sample_time
        )
        event_data.sample_time = _CreatePosixTime(observation.sample_time)
        event_data.seconds = observation.seconds
        return event_data

    def _CreateCredentialsChange(self, observation):
        """Creates process credentials change event data.

        Args:
          observation (lifecycle.ProcessCredentialsChange): credentials change.

        Returns:
          AtopProcessCredentialsChangeEventData: event data.
        """
        event_data = atop_event_data.AtopProcessCredentialsChangeEventData()
        self._SetListedProcessAttributes(event_data, observation)
        if self._user_names:
            event_data.previous_effective_username = self._user_names.get(
                observation.previous_euid
            )
            event_data.previous_username = self._user_names.get(
                observation.previous_uid
            )
        event_data.gained_root = (
            observation.uid == 0 and observation.previous_uid != 0
        ) or (observation.euid == 0 and observation.previous_euid != 0)
        event_data.previous_egid = observation.previous_egid
        event_data.previous_euid = observation.previous_euid
        event_data.previous_fsgid = observation.previous_fsgid
        event_data.previous_fsuid = observation.previous_fsuid
        event_data.previous_gid = observation.previous_gid
        event_data.previous_sample_time = _FormatISOTime(
            observation.previous_sample_time
        )
        event_data.previous_sgid = observation.previous_sgid
        event_data.previous_suid = observation.previous_suid
        event_data.previous_uid = observation.previous_uid
        event_data.process_start_time = _FormatISOTime(observation.start_time)
        event_data.sample_time = _CreatePosixTime(observation.sample_time)
        return event_data

    def _CreateExec(self, observation):
        """Creates process exec event data.

        Args:
          observation (lifecycle.ProcessExec): process exec.

        Returns:
          AtopProcessExecEventData: event data.
        """
        event_data = atop_event_data.AtopProcessExecEventData()
        self._SetProgramAttributes(event_data, observation)
        event_data.previous_command_line = observation.previous_command_line
        event_data.previous_process_name = observation.previous_process_name
        event_data.previous_sample_time = _FormatISOTime(
            observation.previous_sample_time
        )
        event_data.process_start_time = _FormatISOTime(observation.start_time)
        event_data.sample_time = _CreatePosixTime(observation.sample_time)
        return event_data

    def _CreateExit(self, observation):
        """Creates process exit event data.

        Args:
          observation (lifecycle.ProcessExit): process exit.

        Returns:
          AtopProcessExitEventData: event data.
        """
        event_data = atop_event_data.AtopProcessExitEventData()
        event_data.command_line = observation.command_line
        event_data.core_dumped = observation.core_dumped
        event_data.cpu_system_time = observation.cpu_system_time
        event_data.cpu_user_time = observation.cpu_user_time
        event_data.exit_code = observation.exit_code
        event_data.exit_time = _CreatePosixTime(observation.exit_time)
        event_data.exit_time_estimated = observation.exit_time_estimated
        event_data.gid = observation.gid
        event_data.hostname = observation.hostname
        event_data.pid = observation.pid
        event_data.ppid = observation.ppid
        event_data.process_name = observation.process_name
        event_data.process_start_time = _FormatISOTime(observation.start_time)
        event_data.run_time = observation.run_time
        event_data.signal = observation.signal
        event_data.uid = observation.uid
        if self._user_names:
            event_data.username = self._user_names.get(observation.uid)
        return event_data

    def _CreateRecordingEnd(self, observation):
        """Creates recording end event data.

        Args:
          observation (lifecycle.RecordingEnd): recording end.

        Returns:
          AtopRecordingEndEventData: event data.
        """
        event_data = atop_event_data.AtopRecordingEndEventData()
        event_data.end_time = _CreatePosixTime(observation.end_time)
        event_data.hostname = observation.hostname
        event_data.next_recording_start = _FormatISOTime(
            observation.next_recording_start
        )
        event_data.number_of_samples = observation.number_of_samples
        return event_data

    def _CreateRecordingGap(self, observation):
        """Creates recording gap event data.

        Args:
          observation (lifecycle.RecordingGap): recording gap.

        Returns:
          AtopRecordingGapEventData: event data.
        """
        event_data = atop_event_data.AtopRecordingGapEventData()
        event_data.gap_end = _FormatISOTime(observation.gap_end)
        event_data.gap_seconds = observation.gap_seconds
        event_data.hostname = observation.hostname
        event_data.interval = observation.interval
        event_data.start_time = _CreatePosixTime(observation.start_time)
        return event_data

    def _CreateRecordingStart(self, observation):
        """Creates recording start event data.

        Args:
          observation (lifecycle.RecordingStart): recording start.

        Returns:
          AtopRecordingStartEventData: event data.
        """
        event_data = atop_event_data.AtopRecordingStartEventData()
        event_data.atop_version = observation.atop_version
        event_data.boot_time = _FormatISOTime(observation.boot_time)
        event_data.hostname = observation.hostname
        event_data.interval = observation.interval
        event_data.kernel_release = observation.kernel_release
        event_data.previous_recording_end = _FormatISOTime(
            observation.previous_recording_end
        )
        event_data.start_time = _CreatePosixTime(observation.start_time)
        event_data.started_with_host = observation.started_with_host
        return event_data

    def _CreateRunning(self, observation):
        """Creates running process event data.

        Args:
          observation (lifecycle.ProcessRunning): running process.

        Returns:
          AtopProcessRunningEventData: event data.
        """
        event_data = atop_event_data.AtopProcessRunningEventData()
        self._SetProgramAttributes(event_data, observation)
        event_data.process_start_time = _FormatISOTime(observation.start_time)
        event_data.sample_time = _CreatePosixTime(observation.sample_time)
        return event_data

    def _CreateStart(self, observation):
        """Creates process start event data.

        Args:
          observation (lifecycle.ProcessStart): process start.

        Returns:
          AtopProcessStartEventData: event data.
        """
        event_data = atop_event_data.AtopProcessStartEventData()
        self._SetProgramAttributes(event_data, observation)
        event_data.start_time = _CreatePosixTime(observation.start_time)
        return event_data

    def _CreateSystemBoot(self, observation):
        """Creates system boot event data.

        Args:
          observation (lifecycle.SystemBoot): system boot.

        Returns:
          AtopSystemBootEventData: event data.
        """
        event_data = atop_event_data.AtopSystemBootEventData()
        event_data.hostname = observation.hostname
        event_data.start_time = _CreatePosixTime(observation.start_time)
        return event_data

    def _SetListedProcessAttributes(self, event_data, observation):
        """Sets the attributes of a process that atop listed alive.

        Args:
          event_data (_AtopListedProcessEventData): event data.
          observation (object): process observation.
        """
        event_data.command_line = observation.command_line
        event_data.egid = observation.egid
        event_data.euid = observation.euid
        event_data.fsgid = observation.fsgid
        event_data.fsuid = observation.fsuid
        event_data.gid = observation.gid
        event_data.hostname = observation.hostname
        event_data.parent_command_line = observation.parent_command_line
        event_data.parent_process_name = observation.parent_process_name
        event_data.pid = observation.pid
        event_data.ppid = observation.ppid
        event_data.process_ancestry = observation.process_ancestry
        event_data.process_name = observation.process_name
        event_data.sgid = observation.sgid
        event_data.suid = observation.suid
        event_data.uid = observation.uid
        if self._user_names:
            event_data.effective_username = self._user_names.get(observation.euid)
            event_data.username = self._user_names.get(observation.uid)

    def _SetProgramAttributes(self, event_data, observation):
        """Sets the attributes of a process running a program.

        Args:
          event_data (_AtopProgramEventData): event data.
          observation (object): process observation.
        """
        self._SetListedProcessAttributes(event_data, observation)
        event_data.cgroup = observation.cgroup
        event_data.container = observation.container

    def CreateEventData(self, observation):
        """Creates the event data of an observation.

        Args:
          observation (object): observation of the tracker.

        Returns:
          EventData: event data.
        """
        return self._creators[type(observation)](observation)
