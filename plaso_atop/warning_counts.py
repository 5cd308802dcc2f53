"""Makes the warning counts of plaso orderable again, for pinfo.

pinfo of plaso 20260720 sorts the warning counts of each file of a storage
file, which raises a TypeError as soon as two files have warnings, such as two
damaged atop logs, and so it shows no warnings at all. Ordering warning counts
by their number, as pinfo of earlier releases did, fixes that. It has nothing
to do with atop but that damaged atop logs show it.
"""


def MakeWarningCountsOrderable():
    """Makes plaso's warning counts orderable, where they are not."""
    # Imported when plaso imported it: importing plaso-atop imports nothing of
    # plaso.
    from plaso.containers import counts  # pylint: disable=import-outside-toplevel

    warning_count_class = getattr(counts, "WarningCount", None)
    if warning_count_class is None or "__lt__" in vars(warning_count_class):
        return

    def __lt__(self, other):
        return (self.number_of_events or 0) < (other.number_of_events or 0)

    warning_count_class.__lt__ = __lt__
