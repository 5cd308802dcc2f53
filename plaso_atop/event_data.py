"""The event data of the atop parser.

Each event data class has the attributes of one kind of observation of the
lifecycle (plaso_atop/lifecycle/observations.py and recording.py), where they
are declared and documented, but its corrupted and recovered flags, which are
plaso's own flags of event data. The time that the event is timed by is a
dfDateTime value, the other times are ISO 8601 strings in UTC, such as
"2026-10-01T08:03:11+00:00". Event data with user identifiers also have the
user names of the evidence (USER_NAME_ATTRIBUTES).
"""

from plaso.containers import events

from plaso_atop import definitions
from plaso_atop import lifecycle
from plaso_atop import pacct

# The attributes that name a user identifier, by the identifier they name:
# the name in the passwd file of the file system that holds the log.
USER_NAME_ATTRIBUTES = {
    "uid": "username",
    "euid": "effective_username",
    "previous_uid": "previous_username",
    "previous_euid": "previous_effective_username",
}


class AtopEventData(events.EventData):
    """Event data of the atop parser, with the attributes of an observation.

    Attributes are those of OBSERVATION_TYPE but its sample flags, and the
    user names of its user identifiers:
      username (str): name of uid.
      effective_username (str): name of euid.
      previous_username (str): name of previous_uid.
      previous_effective_username (str): name of previous_euid.
    """

    DATA_TYPE = None

    # The kind of observation whose attributes the event data have.
    OBSERVATION_TYPE = lifecycle.Observation

    # The attributes that the observation gives.
    OBSERVATION_ATTRIBUTES = ()

    # The attributes of user identifiers and those of their names.
    USER_NAMES = ()

    # The attributes that no observation gives, None.
    _UNSET_USER_NAMES = {}

    def __init_subclass__(cls, **kwargs):
        """Derives the attribute names of a subclass from its observation type.

        Args:
          kwargs (dict[str, object]): keyword arguments of the class creation.
        """
        super().__init_subclass__(**kwargs)
        cls.OBSERVATION_ATTRIBUTES = tuple(
            name
            for name in vars(cls.OBSERVATION_TYPE())
            if name not in lifecycle.SAMPLE_FLAGS
        )
        cls.USER_NAMES = tuple(
            (name, USER_NAME_ATTRIBUTES[name])
            for name in cls.OBSERVATION_ATTRIBUTES
            if name in USER_NAME_ATTRIBUTES
        )
        cls._UNSET_USER_NAMES = dict.fromkeys(name for _, name in cls.USER_NAMES)

    def __init__(self, observation=None):
        """Initializes event data.

        Args:
          observation (Optional[Observation]): observation of the kind of
              OBSERVATION_TYPE that gives the values of the attributes; all
              attributes are None by default.
        """
        super().__init__(data_type=self.DATA_TYPE)
        attributes = vars(self)
        if observation is None:
            attributes.update(dict.fromkeys(self.OBSERVATION_ATTRIBUTES))
        else:
            attributes.update(vars(observation))
            for name in lifecycle.SAMPLE_FLAGS:
                del attributes[name]
        attributes.update(self._UNSET_USER_NAMES)


class AtopProcessStartEventData(AtopEventData):
    """atop process start event data: a process that started while atop was
    observing (lifecycle.ProcessStart), with username and effective_username.
    """

    DATA_TYPE = definitions.DATA_TYPE_PROCESS_START
    OBSERVATION_TYPE = lifecycle.ProcessStart


class AtopProcessRunningEventData(AtopEventData):
    """atop running process event data: a process that started before atop
    began observing (lifecycle.ProcessRunning), with username and
    effective_username.
    """

    DATA_TYPE = definitions.DATA_TYPE_PROCESS_RUNNING
    OBSERVATION_TYPE = lifecycle.ProcessRunning


class AtopProcessExecEventData(AtopEventData):
    """atop process exec event data: a process listed under another name
    (lifecycle.ProcessExec), with username and effective_username.
    """

    DATA_TYPE = definitions.DATA_TYPE_PROCESS_EXEC
    OBSERVATION_TYPE = lifecycle.ProcessExec


class AtopProcessCredentialsChangeEventData(AtopEventData):
    """atop process credentials change event data: a process listed with other
    user or group identifiers (lifecycle.ProcessCredentialsChange), with the
    user names before and after.
    """

    DATA_TYPE = definitions.DATA_TYPE_PROCESS_CREDENTIALS_CHANGE
    OBSERVATION_TYPE = lifecycle.ProcessCredentialsChange


class AtopProcessExitEventData(AtopEventData):
    """atop process exit event data: a process that exited
    (lifecycle.ProcessExit), with username.
    """

    DATA_TYPE = definitions.DATA_TYPE_PROCESS_EXIT
    OBSERVATION_TYPE = lifecycle.ProcessExit


class AtopProcessUsageEventData(AtopEventData):
    """atop process usage event data: what a process used in a clock hour, where
    it reached a floor (lifecycle.ProcessUsage), with username.
    """

    DATA_TYPE = definitions.DATA_TYPE_PROCESS_USAGE
    OBSERVATION_TYPE = lifecycle.ProcessUsage


class AtopClockChangeEventData(AtopEventData):
    """atop clock change event data: a sample earlier than the sample before it
    in the same atop run (lifecycle.ClockChange).
    """

    DATA_TYPE = definitions.DATA_TYPE_CLOCK_CHANGE
    OBSERVATION_TYPE = lifecycle.ClockChange


class AtopRecordingEndEventData(AtopEventData):
    """atop recording end event data: the last sample of an atop run
    (lifecycle.RecordingEnd).
    """

    DATA_TYPE = definitions.DATA_TYPE_RECORDING_END
    OBSERVATION_TYPE = lifecycle.RecordingEnd


class AtopRecordingGapEventData(AtopEventData):
    """atop recording gap event data: two consecutive samples of an atop run
    farther apart than twice its interval (lifecycle.RecordingGap).
    """

    DATA_TYPE = definitions.DATA_TYPE_RECORDING_GAP
    OBSERVATION_TYPE = lifecycle.RecordingGap


class AtopRecordingStartEventData(AtopEventData):
    """atop recording start event data: the first sample of an atop run
    (lifecycle.RecordingStart).
    """

    DATA_TYPE = definitions.DATA_TYPE_RECORDING_START
    OBSERVATION_TYPE = lifecycle.RecordingStart


class AtopSystemBootEventData(AtopEventData):
    """atop system boot event data: a boot of the host that atop started with
    (lifecycle.SystemBoot).
    """

    DATA_TYPE = definitions.DATA_TYPE_SYSTEM_BOOT
    OBSERVATION_TYPE = lifecycle.SystemBoot


EVENT_DATA_CLASSES = (
    AtopClockChangeEventData,
    AtopProcessCredentialsChangeEventData,
    AtopProcessExecEventData,
    AtopProcessExitEventData,
    AtopProcessRunningEventData,
    AtopProcessStartEventData,
    AtopProcessUsageEventData,
    AtopRecordingEndEventData,
    AtopRecordingGapEventData,
    AtopRecordingStartEventData,
    AtopSystemBootEventData,
)


class PacctProcessEventData(events.EventData):
    """Linux process accounting event data: a process that exited.

    Attributes are those of pacct.AcctRecord but its offset, where start_time
    and exit_time are dfDateTime values, and:
      executed_program (bool): True if the process executed a program, that
          is did not only fork (not forked_without_exec). The tagging rules
          need it: plaso's event filters cannot test a value for False.
      username (str): name of uid, in the passwd file of the file system that
          holds the file.
    """

    DATA_TYPE = definitions.DATA_TYPE_PACCT_PROCESS

    # The attributes that the record gives.
    RECORD_ATTRIBUTES = tuple(
        name for name in vars(pacct.AcctRecord()) if name != "offset"
    )

    def __init__(self, record=None):
        """Initializes event data.

        Args:
          record (Optional[AcctRecord]): record that gives the values of the
              attributes; all attributes are None by default.
        """
        super().__init__(data_type=self.DATA_TYPE)
        attributes = vars(self)
        if record is None:
            attributes.update(dict.fromkeys(self.RECORD_ATTRIBUTES))
        else:
            attributes.update(vars(record))
            del attributes["offset"]
        self.executed_program = None
        self.username = None
