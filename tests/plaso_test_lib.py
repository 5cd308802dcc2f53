"""Helpers to run the atop parser and read its events with the real plaso."""

import datetime
import os
import types

from dfdatetime import posix_time as dfdatetime_posix_time

from dfvfs.lib import definitions as dfvfs_definitions
from dfvfs.path import factory as path_spec_factory
from dfvfs.resolver import resolver as path_spec_resolver

import plaso
from plaso.engine import timeliner
from plaso.output import mediator as output_mediator
from plaso.parsers import mediator as parsers_mediator
from plaso.storage import factory as storage_factory
from plaso.storage.fake import writer as fake_writer

from plaso_atop import definitions
from plaso_atop import parser as atop_parser

from tests import expected_events
from tests import test_lib

PLASO_DATA_PATH = os.path.join(os.path.dirname(plaso.__file__), "data")


class ParseResult:
    """What parsing a file produced.

    Attributes:
      event_data (list[EventData]): event data.
      events (list[EventObject]): events made by the timeliner.
      recovery_warnings (list[str]): messages of the recovery warnings.
      warnings (list[str]): messages of the extraction warnings.
      storage_writer (FakeStorageWriter): storage writer.
    """

    def __init__(self, storage_writer):
        """Initializes a parse result.

        Args:
          storage_writer (FakeStorageWriter): storage writer.
        """
        super().__init__()
        self.storage_writer = storage_writer
        self.event_data = list(storage_writer.GetAttributeContainers("event_data"))
        self.events = list(storage_writer.GetAttributeContainers("event"))
        self.recovery_warnings = [
            warning.message
            for warning in storage_writer.GetAttributeContainers("recovery_warning")
        ]
        self.warnings = [
            warning.message
            for warning in storage_writer.GetAttributeContainers("extraction_warning")
        ]

    def GetEventData(self, data_type):
        """Retrieves the event data of a data type.

        Args:
          data_type (str): data type.

        Returns:
          list[EventData]: event data.
        """
        return [
            event_data
            for event_data in self.event_data
            if event_data.data_type == data_type
        ]


def ParseFile(path=None, path_spec=None):
    """Parses a file with the atop parser through dfVFS and times its events.

    Args:
      path (Optional[str]): path of the file on the operating system.
      path_spec (Optional[dfvfs.PathSpec]): path specification of the file.

    Returns:
      ParseResult: what parsing produced.

    Raises:
      WrongParser: if the parser rejects the file.
    """
    if path_spec is None:
        path_spec = path_spec_factory.Factory.NewPathSpec(
            dfvfs_definitions.TYPE_INDICATOR_OS, location=path
        )
    storage_writer = fake_writer.FakeStorageWriter()
    storage_writer.Open()

    file_entry = path_spec_resolver.Resolver.OpenFileEntry(path_spec)
    mediator = parsers_mediator.ParserMediator()
    mediator.SetStorageWriter(storage_writer)
    mediator.SetFileEntry(file_entry)

    parser = atop_parser.AtopParser()
    file_object = file_entry.GetFileObject()
    parser.Parse(mediator, file_object)

    event_data_timeliner = timeliner.EventDataTimeliner(data_location=PLASO_DATA_PATH)
    for event_data in list(storage_writer.GetAttributeContainers("event_data")):
        event_data_timeliner.ProcessEventData(storage_writer, event_data, None)

    return ParseResult(storage_writer)


def CreateOutputMediator(storage_reader=None):
    """Creates an output mediator that read the formatter definitions as psort.

    Args:
      storage_reader (Optional[StorageReader]): storage reader.

    Returns:
      OutputMediator: output mediator.
    """
    mediator = output_mediator.OutputMediator(
        storage_reader, data_location=PLASO_DATA_PATH
    )
    mediator.ReadMessageFormattersFromDirectory(
        os.path.join(PLASO_DATA_PATH, "formatters")
    )
    return mediator


def ReadStoredEvents(storage_path):
    """Reads the events of a plaso storage file, sorted by time.

    Args:
      storage_path (str): path of the plaso storage file.

    Returns:
      tuple[StorageReader, list[tuple[EventObject, EventData, EventDataStream,
          EventTag]]]: storage reader, which the caller closes, and events.
    """
    storage_reader = storage_factory.StorageFactory.CreateStorageReaderForFile(
        storage_path
    )
    events = []
    for event in storage_reader.GetSortedEvents():
        event_data = storage_reader.GetAttributeContainerByIdentifier(
            "event_data", event.GetEventDataIdentifier()
        )
        event_data_stream = None
        stream_identifier = event_data.GetEventDataStreamIdentifier()
        if stream_identifier:
            event_data_stream = storage_reader.GetAttributeContainerByIdentifier(
                "event_data_stream", stream_identifier
            )
        event_tag = storage_reader.GetEventTagByEventIdentifer(event.GetIdentifier())
        events.append((event, event_data, event_data_stream, event_tag))
    return storage_reader, events


def BuildTimesketchDocuments(storage_path):
    """Builds the documents that psort -o opensearch_ts sends to Timesketch.

    Args:
      storage_path (str): path of the plaso storage file.

    Returns:
      list[dict[str, object]]: documents, without connecting to a server.
    """
    from plaso.output import opensearch_ts

    storage_reader, events = ReadStoredEvents(storage_path)
    try:
        mediator = CreateOutputMediator(storage_reader)
        output_module = opensearch_ts.OpenSearchTimesketchOutputModule()
        output_module.SetTimelineIdentifier(1)
        output_module._flush_interval = len(events) + 1
        for event, event_data, event_data_stream, event_tag in events:
            if hasattr(output_module, "GetFieldValues"):
                field_values = output_module.GetFieldValues(
                    mediator, event, event_data, event_data_stream, event_tag
                )
                output_module.WriteFieldValues(mediator, field_values)
            else:
                # plaso before 20260720 builds and writes the values in one call.
                output_module.WriteFieldValues(
                    mediator, event, event_data, event_data_stream, event_tag
                )
        # Every other document is the index action of the next one.
        return output_module._event_documents[1::2]
    finally:
        storage_reader.Close()


class ParserTestCase(test_lib.BaseTestCase):
    """Base of the tests that run the atop parser with the real plaso."""

    def _ParseFile(self, path):
        """Parses a file with the atop parser through dfVFS.

        Args:
          path (str): path of the file.

        Returns:
          ParseResult: what parsing produced.
        """
        return ParseFile(path)


# The date and time attribute that the timeliner makes an event of, per data
# type.
EVENT_TIME_ATTRIBUTES = {
    definitions.DATA_TYPE_PROCESS_CREDENTIALS_CHANGE: "sample_time",
    definitions.DATA_TYPE_PROCESS_EXEC: "sample_time",
    definitions.DATA_TYPE_PROCESS_EXIT: "exit_time",
    definitions.DATA_TYPE_PROCESS_RUNNING: "sample_time",
    definitions.DATA_TYPE_PROCESS_START: "start_time",
}


def _ParseISOTime(value):
    """Parses an ISO 8601 date and time attribute into seconds since the epoch.

    Args:
      value (str): date and time, or None.

    Returns:
      int: seconds since the epoch, or None.
    """
    if value is None:
        return None
    return int(datetime.datetime.fromisoformat(value).timestamp())


def _Timestamp(value):
    """Retrieves the seconds since the epoch of a dfDateTime attribute.

    Args:
      value (dfdatetime.PosixTime): date and time, or None.

    Returns:
      int: seconds since the epoch, or None.
    """
    return None if value is None else value.timestamp


def ConvertEventData(event_data_list):
    """Converts atop event data into the expected events of tests.

    Args:
      event_data_list (iterable[EventData]): event data.

    Returns:
      ExpectedEvents: events, sorted as expected_events sorts them.
    """
    events = expected_events.ExpectedEvents([], [], [], [], [])
    for event_data in event_data_list:
        data_type = event_data.data_type

        def _Get(name, event_data=event_data):
            return getattr(event_data, name, None)

        identifiers = tuple(_Get(name) for name in expected_events.IDENTIFIERS)
        if data_type in (
            definitions.DATA_TYPE_PROCESS_START,
            definitions.DATA_TYPE_PROCESS_RUNNING,
        ):
            if data_type == definitions.DATA_TYPE_PROCESS_START:
                start_time = _Timestamp(_Get("start_time"))
            else:
                start_time = _ParseISOTime(_Get("process_start_time"))
            values = (
                _Get("pid"),
                _Get("process_name"),
                start_time,
                _Get("ppid"),
                _Get("command_line"),
                *identifiers,
                _Get("parent_process_name"),
                _Get("parent_command_line"),
            )
            if data_type == definitions.DATA_TYPE_PROCESS_START:
                events.starts.append(expected_events.ExpectedStart(*values))
            else:
                events.running.append(
                    expected_events.ExpectedRunning(
                        *values, _Timestamp(_Get("sample_time"))
                    )
                )

        elif data_type == definitions.DATA_TYPE_PROCESS_EXEC:
            events.execs.append(
                expected_events.ExpectedExec(
                    _Get("pid"),
                    _Get("process_name"),
                    _Get("command_line"),
                    _Get("ppid"),
                    _Timestamp(_Get("sample_time")),
                    _Get("previous_process_name"),
                    _Get("previous_command_line"),
                    _ParseISOTime(_Get("previous_sample_time")),
                    _ParseISOTime(_Get("process_start_time")),
                    *identifiers,
                    _Get("parent_process_name"),
                    _Get("parent_command_line"),
                )
            )

        elif data_type == definitions.DATA_TYPE_PROCESS_CREDENTIALS_CHANGE:
            events.credential_changes.append(
                expected_events.ExpectedCredentialsChange(
                    _Get("pid"),
                    _Get("process_name"),
                    _Get("command_line"),
                    _Get("ppid"),
                    _Timestamp(_Get("sample_time")),
                    _ParseISOTime(_Get("previous_sample_time")),
                    _ParseISOTime(_Get("process_start_time")),
                    *identifiers,
                    *(
                        _Get(f"previous_{name:s}")
                        for name in expected_events.IDENTIFIERS
                    ),
                    _Get("parent_process_name"),
                    _Get("parent_command_line"),
                )
            )

        elif data_type == definitions.DATA_TYPE_PROCESS_EXIT:
            start_time = _ParseISOTime(_Get("process_start_time"))
            events.exits.append(
                expected_events.ExpectedExit(
                    _Get("pid"),
                    _Get("process_name"),
                    _Timestamp(_Get("exit_time")),
                    _Get("exit_code"),
                    _Get("signal"),
                    start_time,
                    _Get("run_time"),
                    _Get("exit_time_estimated"),
                )
            )
    return expected_events.SortEvents(events)


def ConvertDocuments(documents):
    """Converts psort json_line documents of atop events into expected events.

    A document holds the date and time of its event as date_time, in place of
    the attribute the timeliner made the event of.

    Args:
      documents (iterable[dict[str, object]]): json_line documents.

    Returns:
      ExpectedEvents: events, sorted as expected_events sorts them.
    """
    event_data_list = []
    for document in documents:
        attribute_name = EVENT_TIME_ATTRIBUTES.get(document.get("data_type"))
        if not attribute_name:
            continue
        values = dict(document)
        values[attribute_name] = dfdatetime_posix_time.PosixTime(
            timestamp=document["date_time"]["timestamp"]
        )
        event_data_list.append(types.SimpleNamespace(**values))
    return ConvertEventData(event_data_list)
