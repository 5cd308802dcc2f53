"""Helpers to run the atop parser and read its events with the real plaso."""

import collections
import os


from dfvfs.lib import definitions as dfvfs_definitions
from dfvfs.path import factory as path_spec_factory
from dfvfs.resolver import resolver as path_spec_resolver

import plaso
from plaso.engine import timeliner
from plaso.output import mediator as output_mediator
from plaso.parsers import mediator as parsers_mediator
from plaso.storage import factory as storage_factory
from plaso.storage.fake import writer as fake_writer

from plaso_atop import parser as atop_parser

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


def ParseFile(path=None, path_spec=None, parser=None):
    """Parses a file with a parser through dfVFS and times its events.

    Args:
      path (Optional[str]): path of the file on the operating system.
      path_spec (Optional[dfvfs.PathSpec]): path specification of the file.
      parser (Optional[FileObjectParser]): parser; the atop parser by default.

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

    parser = parser or atop_parser.AtopParser()
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


# An event as psort -o dynamic formats it.
FormattedEvent = collections.namedtuple(
    "FormattedEvent", ["message", "source_long", "timestamp_desc"]
)


def FormatEvents(result):
    """Formats the events of a parse as psort -o dynamic does, per data type.

    Args:
      result (ParseResult): what parsing produced.

    Returns:
      dict[str, list[FormattedEvent]]: formatted events per data type.
    """
    from plaso.output import dynamic

    mediator = CreateOutputMediator()
    helper = dynamic.DynamicFieldFormattingHelper()
    formatted_events = {}
    for event in result.events:
        event_data = result.storage_writer.GetAttributeContainerByIdentifier(
            "event_data", event.GetEventDataIdentifier()
        )
        formatted_events.setdefault(event_data.data_type, []).append(
            FormattedEvent(
                *(
                    helper.GetFormattedField(
                        mediator, field, event, event_data, None, None
                    )
                    for field in FormattedEvent._fields
                )
            )
        )
    return formatted_events


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


def _GetSourceName(path_spec):
    """Retrieves the name of the atop log that an event came from.

    Args:
      path_spec (dfvfs.PathSpec): path specification of the event data stream.

    Returns:
      str: base name of the log, without a .gz extension.
    """
    while path_spec is not None:
        location = getattr(path_spec, "location", None)
        if location:
            name = location.replace("\\", "/").rsplit("/", 1)[-1]
            return name[:-3] if name.endswith(".gz") else name
        path_spec = path_spec.parent
    return None


def ReadAtopEvents(storage_path, by_location=False):
    """Reads the atop events of a storage file, per log.

    Args:
      storage_path (str): path of the storage file.
      by_location (Optional[bool]): True to tell the logs by their location in
          their file system, not by their name.

    Returns:
      dict[str, ExpectedEvents]: per log name or location, comparable events.

    Raises:
      AssertionError: if an event is not timed by its date and time attribute.
    """
    storage_reader, events = ReadStoredEvents(storage_path)
    storage_reader.Close()
    event_data_per_log = {}
    for event, event_data, event_data_stream, _ in events:
        attribute_name = test_lib.EVENT_TIME_ATTRIBUTES.get(event_data.data_type)
        if not attribute_name:
            continue
        date_time = getattr(event_data, attribute_name)
        if event.timestamp != date_time.timestamp * 1000000:
            raise AssertionError(
                f"event at {event.timestamp:d} of {attribute_name:s}: "
                f"{date_time.timestamp:d}"
            )
        if by_location:
            name = event_data_stream.path_spec.location
        else:
            name = _GetSourceName(event_data_stream.path_spec)
        event_data_per_log.setdefault(name, []).append(event_data)
    return {
        name: test_lib.ConvertEvents(event_data_list)
        for name, event_data_list in event_data_per_log.items()
    }
