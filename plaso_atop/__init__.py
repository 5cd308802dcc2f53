"""plaso-atop: atop raw logs as a source of the plaso super-timeline.

Installed beside plaso, the package registers the atop parser, its timeliner
and its formatter definitions with the stock plaso tools by itself (see
plaso_atop/_import_hook.py). Register() does the same explicitly.
"""

from plaso_atop import registration
from plaso_atop import warning_counts

__version__ = "20261126"


def Register():
    """Registers the atop parser and its definitions with plaso.

    Also makes plaso's warning counts orderable, as the hook does (see
    plaso_atop/warning_counts.py).
    """
    registration.Register()
    warning_counts.MakeWarningCountsOrderable()
