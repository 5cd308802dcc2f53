"""Counts the instructions of the parser on a log with callgrind.

    python bench/instructions.py LOG [TREE]

Instructions, unlike seconds, repeat from run to run whatever else a shared
machine does: this is how the speed tricks of the parser were weighed, one
left out at a time (see docs/performance.md). The parser produces its event
data into a mediator that drops them, so plaso's ProduceEventData is not
counted; the instructions of importing plaso and the parser are measured in
a run of their own and taken out. TREE is a source tree of plaso-atop to
count instead of the installed package. Needs valgrind.
"""

import os
import re
import subprocess
import sys

_DISCARDING_PATH = os.path.join(os.path.dirname(__file__), "discarding.py")


def _CountInstructions(path, what, tree):
    """Counts the instructions of a Python run under callgrind.

    Args:
      path (str): path of the log.
      what (str): "parse" to parse the log, "imports" to import only (see
          discarding.py).
      tree (str): source tree of plaso-atop, or None for the installed one.

    Returns:
      int: instructions.
    """
    environment = dict(os.environ)
    if tree:
        environment["PLASO_ATOP_DISABLE_HOOK"] = "1"
        environment["PYTHONPATH"] = tree
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            _DISCARDING_PATH,
            path,
            what,
        ],
        capture_output=True,
        check=True,
        env=environment,
        text=True,
    )
    return int(re.search(r"Collected : (\d+)", result.stderr).group(1))


def CountParserInstructions(path, tree=None):
    """Counts the instructions of the parser's own work on a log.

    Args:
      path (str): path of the log.
      tree (Optional[str]): source tree of plaso-atop, or None for the
          installed one.

    Returns:
      int: instructions.
    """
    return _CountInstructions(path, "parse", tree) - _CountInstructions(
        path, "imports", tree
    )


if __name__ == "__main__":
    print(
        f"{CountParserInstructions(sys.argv[1], *sys.argv[2:3]) / 1e6:,.0f} million "
        f"instructions"
    )
