"""Parses a log into a mediator that discards what the parser produces.

    python bench/discarding.py LOG parse|imports|memory

It is the parser's own work alone, with no plaso storage: "parse" parses the
log, "imports" only imports the parser (what instructions.py takes out of the
count of "parse"), "memory" parses the log and prints the peak of the memory
that Python traced.
"""

import sys
import tracemalloc


class DiscardingMediator:
    """Parser mediator that discards the event data and warnings it gets."""

    abort = False

    def GetFileEntry(self):
        """Retrieves no file entry."""
        return None

    def ProduceEventData(self, event_data, **kwargs):
        """Discards event data."""

    def ProduceWarning(self, message, **kwargs):
        """Discards a warning."""


def ParseLog(path):
    """Parses a log with the atop parser into a discarding mediator.

    Args:
      path (str): path of the log.
    """
    from plaso_atop import parser

    with open(path, "rb") as file_object:
        parser.AtopParser().ParseFileObject(DiscardingMediator(), file_object)


def Main(path, what):
    """Parses a log, imports the parser only or traces the memory of a parse.

    Args:
      path (str): path of the log.
      what (str): "parse", "imports" or "memory".
    """
    # Imported in every mode, and before the memory is traced: what the
    # imports cost is not the parser's work on the log.
    from plaso_atop import parser  # noqa: F401

    if what == "memory":
        tracemalloc.start()
    if what != "imports":
        ParseLog(path)
    if what == "memory":
        print(tracemalloc.get_traced_memory()[1])


if __name__ == "__main__":
    Main(*sys.argv[1:3])
