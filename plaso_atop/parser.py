"""Parser for atop raw log files (/var/log/atop/atop_YYYYMMDD)."""

from plaso.lib import errors
from plaso.lib import specification
from plaso.parsers import interface
from plaso.parsers import manager

from plaso_atop import atoplog
from plaso_atop import definitions
from plaso_atop import event_data_factory
from plaso_atop import evidence_users
from plaso_atop import lifecycle
from plaso_atop import parser_warnings


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
        format_specification.AddNewSignature(atoplog.HEADER_MAGIC_BYTES, offset=0)
        return format_specification

    def ParseFileObject(self, parser_mediator, file_object):
        """Parses an atop raw log file-like object.

        Args:
          parser_mediator (ParserMediator): mediates interactions between parsers
              and other components, such as storage and dfVFS.
          file_object (dfvfs.FileIO): a file-like object.

        Raises:
          WrongParser: when the file cannot be parsed.
        """
        warning_producer = parser_warnings.WarningProducer(parser_mediator)
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
                f"by an atop release or for an architecture that this parser does "
                f"not know"
            )
            return
        except atoplog.AtopLogError as exception:
            raise errors.WrongParser(
                f"Unable to read atop raw log header with error: {exception!s}"
            )

        user_names = evidence_users.GetUserNamesOfParsedFile(
            parser_mediator, warning_producer.ProduceWarning
        )
        factory = event_data_factory.EventDataFactory(user_names=user_names)
        tracker = lifecycle.ProcessTracker(
            warning_callback=warning_producer.ProduceWarningAtOffset
        )
        # plaso 20260720 added the corrupted and recovered flags of event data.
        has_flags = hasattr(parser_mediator, "ProduceWarning")
        try:
            for observation in tracker.TrackSamples(log_file.ReadSamples()):
                if parser_mediator.abort:
                    return

                event_data = factory.CreateEventData(observation)
                if has_flags and (observation.corrupted or observation.recovered):
                    parser_mediator.ProduceEventData(
                        event_data,
                        corrupted=observation.corrupted,
                        recovered=observation.recovered,
                    )
                else:
                    parser_mediator.ProduceEventData(event_data)

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
