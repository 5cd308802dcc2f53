"""Parser for atop raw log files (/var/log/atop/atop_YYYYMMDD)."""

import datetime
import functools
import itertools
import operator

from dfdatetime import posix_time as dfdatetime_posix_time

from plaso.lib import errors
from plaso.lib import specification
from plaso.parsers import interface
from plaso.parsers import manager

from plaso_atop import atoplog
from plaso_atop import definitions
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


class _WarningProducer:
    """Produces the warnings of the reader and the tracker with any plaso.

    plaso 20260720 replaced ProduceExtractionWarning and ProduceRecoveryWarning
    by ProduceWarning with a recovered flag.
    """

    def __init__(self, parser_mediator):
        """Initializes a warning producer.

        Args:
          parser_mediator (ParserMediator): parser mediator.
        """
        super().__init__()
        self._produce_warning = getattr(parser_mediator, "ProduceWarning", None)
        if self._produce_warning is None:
            self._produce_extraction_warning = parser_mediator.ProduceExtractionWarning
            self._produce_recovery_warning = parser_mediator.ProduceRecoveryWarning

    def ProduceWarning(self, message, recovered=False):
        """Produces an extraction or a recovery warning.

        Args:
          message (str): message of the warning.
          recovered (Optional[bool]): True for a recovery warning.
        """
        if self._produce_warning is not None:
            self._produce_warning(message, recovered=recovered)
        elif recovered:
            self._produce_recovery_warning(message)
        else:
            self._produce_extraction_warning(message)

    def ProduceWarningAtOffset(self, offset, message, recovered=False):
        """Produces a warning about a place in the file.

        Args:
          offset (int): offset in the file.
          message (str): description of the problem.
          recovered (Optional[bool]): True for a recovery warning.
        """
        self.ProduceWarning(f"{message:s} at offset: 0x{offset:08x}", recovered)


class AtopParser(interface.FileObjectParser):
    """Parser for atop raw log files."""

    NAME = definitions.PARSER_NAME
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

    def _CreateCredentialsChangeEventData(self, observation, hostname):
        """Creates process credentials change event data.

        Args:
          observation (lifecycle.ProcessCredentialsChange): credentials change.
          hostname (str): name of the host.

        Returns:
          AtopProcessCredentialsChangeEventData: event data.
        """
        event_data = atop_event_data.AtopProcessCredentialsChangeEventData()
        self._SetListedProcessAttributes(event_data, observation, hostname)
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

    def _CreateExecEventData(self, observation, hostname):
        """Creates process exec event data.

        Args:
          observation (lifecycle.ProcessExec): process exec.
          hostname (str): name of the host.

        Returns:
          AtopProcessExecEventData: event data.
        """
        event_data = atop_event_data.AtopProcessExecEventData()
        self._SetProgramAttributes(event_data, observation, hostname)
        event_data.previous_command_line = observation.previous_command_line
        event_data.previous_process_name = observation.previous_name
        event_data.previous_sample_time = _FormatISOTime(
            observation.previous_sample_time
        )
        event_data.process_start_time = _FormatISOTime(observation.start_time)
        event_data.sample_time = _CreatePosixTime(observation.sample_time)
        return event_data

    def _CreateExitEventData(self, observation, hostname):
        """Creates process exit event data.

        Args:
          observation (lifecycle.ProcessExit): process exit.
          hostname (str): name of the host.

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
        event_data.hostname = hostname
        event_data.pid = observation.pid
        event_data.ppid = observation.ppid
        event_data.process_name = observation.name
        event_data.process_start_time = _FormatISOTime(observation.start_time)
        event_data.run_time = observation.run_time
        event_data.signal = observation.signal
        event_data.uid = observation.uid
        return event_data

    def _CreateRunningEventData(self, observation, hostname):
        """Creates running process event data.

        Args:
          observation (lifecycle.ProcessRunning): running process.
          hostname (str): name of the host.

        Returns:
          AtopProcessRunningEventData: event data.
        """
        event_data = atop_event_data.AtopProcessRunningEventData()
        self._SetProgramAttributes(event_data, observation, hostname)
        event_data.process_start_time = _FormatISOTime(observation.start_time)
        event_data.sample_time = _CreatePosixTime(observation.sample_time)
        return event_data

    def _CreateStartEventData(self, observation, hostname):
        """Creates process start event data.

        Args:
          observation (lifecycle.ProcessStart): process start.
          hostname (str): name of the host.

        Returns:
          AtopProcessStartEventData: event data.
        """
        event_data = atop_event_data.AtopProcessStartEventData()
        self._SetProgramAttributes(event_data, observation, hostname)
        event_data.start_time = _CreatePosixTime(observation.start_time)
        return event_data

    def _SetListedProcessAttributes(self, event_data, observation, hostname):
        """Sets the attributes of a process that atop listed alive.

        Args:
          event_data (_AtopListedProcessEventData): event data.
          observation (object): process observation.
          hostname (str): name of the host.
        """
        event_data.command_line = observation.command_line
        event_data.egid = observation.egid
        event_data.euid = observation.euid
        event_data.fsgid = observation.fsgid
        event_data.fsuid = observation.fsuid
        event_data.gid = observation.gid
        event_data.hostname = hostname
        event_data.parent_command_line = observation.parent_command_line
        event_data.parent_process_name = observation.parent_name
        event_data.pid = observation.pid
        event_data.ppid = observation.ppid
        event_data.process_name = observation.name
        event_data.sgid = observation.sgid
        event_data.suid = observation.suid
        event_data.uid = observation.uid

    def _SetProgramAttributes(self, event_data, observation, hostname):
        """Sets the attributes of a process running a program.

        Args:
          event_data (_AtopProgramEventData): event data.
          observation (object): process observation.
          hostname (str): name of the host.
        """
        self._SetListedProcessAttributes(event_data, observation, hostname)
        event_data.cgroup = observation.cgroup
        event_data.container = observation.container

    def ParseFileObject(self, parser_mediator, file_object):
        """Parses an atop raw log file-like object.

        Args:
          parser_mediator (ParserMediator): mediates interactions between parsers
              and other components, such as storage and dfVFS.
          file_object (dfvfs.FileIO): a file-like object.

        Raises:
          WrongParser: when the file cannot be parsed.
        """
        warning_producer = _WarningProducer(parser_mediator)
        try:
            log_file = atoplog.AtopLogFile(
                file_object, warning_callback=warning_producer.ProduceWarningAtOffset
            )
        except atoplog.UnsupportedLayoutError as exception:
            # The file has the magic number and the version word of atop: an
            # analyst is told that it was not read, not left to think that the
            # host ran nothing.
            warning_producer.ProduceWarning(
                f"Unable to read atop raw log with error: {exception!s}; written "
                f"by a 32-bit build of atop or by a release this parser does not "
                f"know"
            )
            return
        except atoplog.AtopLogError as exception:
            raise errors.WrongParser(
                f"Unable to read atop raw log header with error: {exception!s}"
            )

        event_data_creators = {
            lifecycle.ProcessCredentialsChange: (
                self._CreateCredentialsChangeEventData
            ),
            lifecycle.ProcessExec: self._CreateExecEventData,
            lifecycle.ProcessExit: self._CreateExitEventData,
            lifecycle.ProcessRunning: self._CreateRunningEventData,
            lifecycle.ProcessStart: self._CreateStartEventData,
        }
        # plaso 20260720 added the corrupted and recovered flags of event data.
        has_flags = hasattr(parser_mediator, "ProduceWarning")
        produce_event_data = parser_mediator.ProduceEventData
        try:
            # A file can hold logs appended to each other, each with its
            # header: their samples are tracked apart.
            for header, samples in itertools.groupby(
                log_file.ReadSamples(), key=operator.attrgetter("header")
            ):
                hostname = header.hostname or None
                tracker = lifecycle.ProcessTracker(
                    warning_callback=warning_producer.ProduceWarningAtOffset
                )
                for observation in tracker.TrackSamples(samples):
                    if parser_mediator.abort:
                        return

                    event_data = event_data_creators[type(observation)](
                        observation, hostname
                    )
                    if has_flags and (observation.corrupted or observation.recovered):
                        produce_event_data(
                            event_data,
                            corrupted=observation.corrupted,
                            recovered=observation.recovered,
                        )
                    else:
                        produce_event_data(event_data)

        except IOError as exception:
            warning_producer.ProduceWarning(
                f"Unable to read atop raw log with error: {exception!s}"
            )


try:
    manager.ParsersManager.RegisterParser(AtopParser)
except KeyError:
    # Registered before, or a plaso that knows an atop parser of its own
    # keeps it.
    pass
