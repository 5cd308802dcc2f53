"""Parser for atop raw log files (/var/log/atop/atop_YYYYMMDD)."""

import datetime

from dfdatetime import posix_time as dfdatetime_posix_time

from plaso.containers import events
from plaso.lib import errors
from plaso.lib import specification
from plaso.parsers import interface
from plaso.parsers import manager

from plaso_atop import atoplog
from plaso_atop import lifecycle


class _AtopProcessEventData(events.EventData):
    """Attributes common to atop process start and running event data.

    Attributes:
      cgroup (str): cgroup v2 path of the process, where the atop release
          records it.
      command_line (str): command line of the process.
      container (str): container identifier (atop 2.3 to 2.9) or container or
          pod host name (atop 2.10 and later).
      egid (int): effective group identifier.
      euid (int): effective user identifier.
      gid (int): real group identifier.
      hostname (str): name of the host that atop ran on.
      pid (int): process identifier (PID).
      ppid (int): parent process identifier.
      process_name (str): process name, at most 15 characters.
      uid (int): real user identifier.
    """

    def __init__(self, data_type):
        """Initializes event data.

        Args:
          data_type (str): event data type indicator.
        """
        super().__init__(data_type=data_type)
        self.cgroup = None
        self.command_line = None
        self.container = None
        self.egid = None
        self.euid = None
        self.gid = None
        self.hostname = None
        self.pid = None
        self.ppid = None
        self.process_name = None
        self.uid = None


class AtopProcessStartEventData(_AtopProcessEventData):
    """atop process start event data.

    A process that started while atop was observing; the attributes are those
    of _AtopProcessEventData, and:

    Attributes:
      start_time (dfdatetime.DateTimeValues): date and time the process
          started.
    """

    DATA_TYPE = "linux:atop:process_start"

    def __init__(self):
        """Initializes event data."""
        super().__init__(self.DATA_TYPE)
        self.start_time = None


class AtopProcessRunningEventData(_AtopProcessEventData):
    """atop running process event data.

    A process that started before atop began observing; the event is the
    first sample of the atop run that lists it. The attributes are those of
    _AtopProcessEventData, and:

    Attributes:
      process_start_time (str): date and time the process started, in ISO 8601
          format in UTC, such as "2026-10-01T08:03:11+00:00".
      sample_time (dfdatetime.DateTimeValues): date and time of the first
          sample of the atop run that lists the process.
    """

    DATA_TYPE = "linux:atop:process_running"

    def __init__(self):
        """Initializes event data."""
        super().__init__(self.DATA_TYPE)
        self.process_start_time = None
        self.sample_time = None


class AtopProcessExitEventData(events.EventData):
    """atop process exit event data.

    Attributes:
      command_line (str): command line of the process.
      core_dumped (bool): True if the process dumped core.
      cpu_system_time (int): CPU time spent in system mode, in milliseconds.
      cpu_user_time (int): CPU time spent in user mode, in milliseconds.
      exit_code (int): exit code, if the process exited normally.
      exit_time (dfdatetime.DateTimeValues): date and time the process exited.
      exit_time_estimated (bool): True if the exit time is the time of the
          sample that reported the exit, because the recorded run time does not
          fit between the start and that sample.
      gid (int): real group identifier.
      hostname (str): name of the host that atop ran on.
      pid (int): process identifier (PID), 0 if process accounting did not
          record it.
      ppid (int): parent process identifier.
      process_name (str): process name, at most 15 characters.
      process_start_time (str): date and time the process started, in ISO 8601
          format in UTC.
      run_time (int): seconds from the start to the exit of the process.
      signal (int): number of the signal that killed the process.
      uid (int): real user identifier.
    """

    DATA_TYPE = "linux:atop:process_exit"

    def __init__(self):
        """Initializes event data."""
        super().__init__(data_type=self.DATA_TYPE)
        self.command_line = None
        self.core_dumped = None
        self.cpu_system_time = None
        self.cpu_user_time = None
        self.exit_code = None
        self.exit_time = None
        self.exit_time_estimated = None
        self.gid = None
        self.hostname = None
        self.pid = None
        self.ppid = None
        self.process_name = None
        self.process_start_time = None
        self.run_time = None
        self.signal = None
        self.uid = None


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


class AtopParser(interface.FileObjectParser):
    """Parser for atop raw log files."""

    NAME = "atop"
    DATA_FORMAT = "atop raw log file"

    @classmethod
    def GetFormatSpecification(cls):
        """Retrieves the format specification.

        Returns:
          FormatSpecification: format specification.
        """
        format_specification = specification.FormatSpecification(cls.NAME)
        format_specification.AddNewSignature(b"\xef\xbe\xed\xfe", offset=0)
        return format_specification

    def _CreateExitEventData(self, record, hostname):
        """Creates process exit event data.

        Args:
          record (lifecycle.ProcessExit): process exit.
          hostname (str): name of the host.

        Returns:
          AtopProcessExitEventData: event data.
        """
        event_data = AtopProcessExitEventData()
        event_data.command_line = record.command_line
        event_data.core_dumped = record.core_dumped
        event_data.cpu_system_time = record.cpu_system_time
        event_data.cpu_user_time = record.cpu_user_time
        event_data.exit_code = record.exit_code
        event_data.exit_time = dfdatetime_posix_time.PosixTime(
            timestamp=record.exit_time
        )
        event_data.exit_time_estimated = record.exit_time_estimated
        event_data.gid = record.gid
        event_data.hostname = hostname
        event_data.pid = record.pid
        event_data.ppid = record.ppid
        event_data.process_name = record.name
        event_data.process_start_time = _FormatISOTime(record.start_time)
        event_data.run_time = record.run_time
        event_data.signal = record.signal
        event_data.uid = record.uid
        return event_data

    def _CreateProcessEventData(self, record, hostname):
        """Creates process start or running event data.

        Args:
          record (lifecycle.ProcessStart|lifecycle.ProcessRunning): process
              start or running process.
          hostname (str): name of the host.

        Returns:
          AtopProcessStartEventData|AtopProcessRunningEventData: event data.
        """
        if isinstance(record, lifecycle.ProcessRunning):
            event_data = AtopProcessRunningEventData()
            event_data.process_start_time = _FormatISOTime(record.start_time)
            event_data.sample_time = dfdatetime_posix_time.PosixTime(
                timestamp=record.sample_time
            )
        else:
            event_data = AtopProcessStartEventData()
            event_data.start_time = dfdatetime_posix_time.PosixTime(
                timestamp=record.start_time
            )

        event_data.cgroup = record.cgroup
        event_data.command_line = record.command_line
        event_data.container = record.container
        event_data.egid = record.egid
        event_data.euid = record.euid
        event_data.gid = record.gid
        event_data.hostname = hostname
        event_data.pid = record.pid
        event_data.ppid = record.ppid
        event_data.process_name = record.name
        event_data.uid = record.uid
        return event_data

    def ParseFileObject(self, parser_mediator, file_object):
        """Parses an atop raw log file-like object.

        Args:
          parser_mediator (ParserMediator): mediates interactions between parsers
              and other components, such as storage and dfVFS.
          file_object (dfvfs.FileIO): a file-like object.

        Raises:
          WrongParser: when the file cannot be parsed.
        """
        # plaso 20260720 replaced ProduceExtractionWarning by ProduceWarning and
        # added the corrupted and recovered flags of event data.
        produce_warning = getattr(parser_mediator, "ProduceWarning", None) or getattr(
            parser_mediator, "ProduceExtractionWarning"
        )
        has_flags = hasattr(parser_mediator, "ProduceWarning")

        def _ProduceWarning(offset, message):
            produce_warning(f"{message:s} at offset: 0x{offset:08x}")

        try:
            log_file = atoplog.AtopLogFile(
                file_object, warning_callback=_ProduceWarning
            )
        except atoplog.AtopLogError as exception:
            raise errors.WrongParser(
                f"Unable to read atop raw log header with error: {exception!s}"
            )

        header = log_file.header
        tracker = lifecycle.ProcessLifecycleTracker(
            header.hertz, warning_callback=_ProduceWarning
        )
        hostname = header.hostname or None

        try:
            for record in tracker.TrackSamples(log_file.ReadSamples()):
                if parser_mediator.abort:
                    break

                if isinstance(record, lifecycle.ProcessExit):
                    event_data = self._CreateExitEventData(record, hostname)
                else:
                    event_data = self._CreateProcessEventData(record, hostname)

                if has_flags:
                    parser_mediator.ProduceEventData(
                        event_data,
                        corrupted=record.corrupted,
                        recovered=record.recovered,
                    )
                else:
                    parser_mediator.ProduceEventData(event_data)

        except IOError as exception:
            produce_warning(f"Unable to read atop raw log with error: {exception!s}")


try:
    manager.ParsersManager.RegisterParser(AtopParser)
except KeyError:
    # A plaso that knows an atop parser of its own keeps it.
    pass
