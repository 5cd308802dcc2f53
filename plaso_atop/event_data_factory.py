"""Creates the event data of the atop parser from the tracker's observations."""

import datetime
import functools

from dfdatetime import posix_time as dfdatetime_posix_time

from plaso_atop import event_data as atop_event_data


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

    The event data have the attributes of the observations (see
    event_data.py). The time that an event data is timed by becomes a
    dfDateTime value, its other times ISO 8601 strings in UTC, and the user
    identifiers get the user names of the evidence.
    """

    def __init__(self, user_names=None):
        """Initializes an event data factory.

        Args:
          user_names (Optional[dict[int, str]]): user name per UID, of the host
              that wrote the log.
        """
        super().__init__()
        self._user_names = user_names or {}
        self._event_data_classes = {
            event_data_class.OBSERVATION_TYPE: event_data_class
            for event_data_class in atop_event_data.EVENT_DATA_CLASSES
        }

    def CreateEventData(self, observation):
        """Creates the event data of an observation.

        Args:
          observation (object): observation of the tracker.

        Returns:
          AtopEventData: event data.
        """
        event_data_class = self._event_data_classes[type(observation)]
        event_data = event_data_class(observation)
        attributes = vars(event_data)
        event_time = observation.EVENT_TIME
        attributes[event_time] = _CreatePosixTime(attributes[event_time])
        for name in observation.OTHER_TIMES:
            attributes[name] = _FormatISOTime(attributes[name])
        for identifier, user_name in event_data_class.USER_NAMES:
            attributes[user_name] = self._user_names.get(attributes[identifier])
        return event_data
