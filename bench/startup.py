"""The cost of the .pth hook at interpreter start-up."""

import os
import re
import statistics
import subprocess
import sys

from bench import report

# Start-ups measured; their median counts.
NUMBER_OF_RUNS = 60

# A line of `python -X importtime`: self and cumulative microseconds, name.
_IMPORT_TIME_PATTERN = re.compile(r"^import time:\s+\d+ \|\s+(\d+) \|\s+(\S.*)$")

# The module that plaso_atop.pth imports: its cumulative time is what the hook
# adds, the modules it imports first (its package, the standard library's)
# included.
_HOOK_MODULE = "plaso_atop._import_hook"


def MeasureStartup():
    """Measures what the .pth hook adds to `python -c pass`.

    The hook is what plaso_atop.pth imports at start-up: `python -X
    importtime` tells the time of each module that an interpreter imports.

    Returns:
      float: median seconds of importing the hook, with what it imports.

    Raises:
      RuntimeError: if the interpreter does not import the hook.
    """
    environment = dict(os.environ)
    environment.pop("PLASO_ATOP_DISABLE_HOOK", None)
    environment.pop("PYTHONPATH", None)
    hook_seconds = []
    for _ in range(NUMBER_OF_RUNS):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "pass"],
            capture_output=True,
            check=True,
            env=environment,
            text=True,
        )
        microseconds = 0
        for line in result.stderr.splitlines():
            match = _IMPORT_TIME_PATTERN.match(line)
            if match and match.group(2) == _HOOK_MODULE:
                microseconds = int(match.group(1))
        if not microseconds:
            raise RuntimeError(
                "plaso_atop.pth imports nothing: is plaso-atop installed?"
            )
        hook_seconds.append(microseconds / 1e6)
    return statistics.median(hook_seconds)


def RunStartup():
    """Measures the cost of the .pth hook.

    Returns:
      str: what the hook costs, for the combined table.
    """
    hook_seconds = MeasureStartup()
    report.PrintTable(
        f"plaso_atop.pth at the start-up of {sys.executable:s} (median of "
        f"{NUMBER_OF_RUNS:d} runs of python -X importtime -c pass)",
        ["what", "milliseconds"],
        [["importing the hook", f"{hook_seconds * 1000:.2f}"]],
    )
    return (
        f"The `.pth` hook adds {hook_seconds * 1000:.2f} ms to the start-up of every "
        f"interpreter (the modules it imports, by `python -X importtime -c pass`, "
        f"median of {NUMBER_OF_RUNS:d} runs)."
    )
