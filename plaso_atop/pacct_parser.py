"""Parser for Linux process accounting files: the pacct of acct and psacct
(/var/log/account/pacct, /var/account/pacct) and atop's own atop.acct."""

from dfdatetime import posix_time as dfdatetime_posix_time

from plaso.lib import errors
from plaso.parsers import interface
from plaso.parsers import manager

from plaso_atop import definitions
from plaso_atop import event_data as atop_event_data
from plaso_atop import evidence_users
from plaso_atop import pacct
from plaso_atop import parser_warnings


def CreateEventData(record, user_names):
    """Creates the event data of a process accounting record.

    Args:
      record (AcctRecord): record.
      user_names (dict[int, str]): user name per UID, of the host that wrote
          the file.

    Returns:
      PacctProcessEventData: event data.
    """
    event_data = atop_event_data.PacctProcessEventData(record)
    event_data.start_time = dfdatetime_posix_time.PosixTime(timestamp=record.start_time)
    event_data.exit_time = dfdatetime_posix_time.PosixTimeInMicroseconds(
        timestamp=round(record.exit_time * 1000000)
    )
    event_data.executed_program = not record.forked_without_exec
    event_data.username = user_names.get(record.uid)
    return event_data


class PacctParser(interface.FileObjectParser):
    """Parser for Linux process accounting (acct version 3) files."""

    NAME = definitions.PACCT_PARSER_NAME
    DATA_FORMAT = "Linux process accounting (acct) file"

    def ParseFileObject(self, parser_mediator, file_object):
        """Parses a process accounting file-like object.

        Args:
          parser_mediator (ParserMediator): mediates interactions between parsers
              and other components, such as storage and dfVFS.
          file_object (dfvfs.FileIO): a file-like object.

        Raises:
          WrongParser: when the file cannot be parsed.
        """
        warning_producer = parser_warnings.WarningProducer(parser_mediator)
        try:
            pacct_file = pacct.PacctFile(
                file_object, warning_callback=warning_producer.ProduceWarningAtOffset
            )
        except pacct.UnsupportedVersionError as exception:
            # The file has the records of another version of process
            # accounting: an analyst is told that it was not read.
            warning_producer.ProduceWarning(
                f"Unable to read process accounting file with error: {exception!s}; "
                f"only version 3 is read"
            )
            return
        except (IOError, pacct.NotAcctFileError) as exception:
            raise errors.WrongParser(
                f"Unable to read process accounting file with error: {exception!s}"
            )

        user_names = evidence_users.GetUserNamesOfParsedFile(
            parser_mediator, warning_producer.ProduceWarning
        )
        try:
            for record in pacct_file.ReadRecords():
                if parser_mediator.abort:
                    return
                parser_mediator.ProduceEventData(CreateEventData(record, user_names))
        except IOError as exception:
            warning_producer.ProduceWarning(
                f"Unable to read process accounting file with error: {exception!s}"
            )


try:
    manager.ParsersManager.RegisterParser(PacctParser)
except KeyError:
    # Registered before, or a plaso that knows a pacct parser of its own
    # keeps it.
    pass
