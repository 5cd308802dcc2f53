"""plaso-atop: atop raw logs as a source of the plaso super-timeline.

Installed beside plaso, the package registers the atop parser, its timeliner
and its formatter definitions with the stock plaso tools by itself (see
plaso_atop/_import_hook.py). Register() does the same explicitly.
"""

__version__ = "20261126"


def Register():
    """Registers the atop parser and its definitions with plaso."""
    from plaso_atop import registration

    registration.Register()
