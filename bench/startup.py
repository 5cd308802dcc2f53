"""The cost of the .pth hook at interpreter start-up."""

import os
import statistics
import subprocess
import sys
import time

from bench import report

# Start-ups of each kind; their median counts.
NUMBER_OF_RUNS = 60


def MeasureStartup():
    """Times `python -c pass` with the hook installed and switched off.

    The two alternate, so that both see the same state of the machine.

    Returns:
      tuple[float, float]: median seconds with the hook and without it.
    """
    with_hook = dict(os.environ)
    with_hook.pop("PLASO_ATOP_DISABLE_HOOK", None)
    without_hook = dict(with_hook, PLASO_ATOP_DISABLE_HOOK="1")
    times = {"installed": [], "switched off": []}
    for _ in range(NUMBER_OF_RUNS):
        for name, environment in (
            ("installed", with_hook),
            ("switched off", without_hook),
        ):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], env=environment, check=True)
            times[name].append(time.perf_counter() - start)
    return statistics.median(times["installed"]), statistics.median(
        times["switched off"]
    )


def RunStartup():
    """Times the interpreter start-up with and without the .pth hook.

    Returns:
      str: what the hook costs, for the combined table.
    """
    enabled, disabled = MeasureStartup()
    report.PrintTable(
        f"python -c pass (median of {NUMBER_OF_RUNS:d} runs, " f"{sys.prefix:s})",
        ["hook", "seconds"],
        [
            ["installed", f"{enabled * 1000:.1f} ms"],
            ["switched off", f"{disabled * 1000:.1f} ms"],
            ["cost of the hook", f"{(enabled - disabled) * 1000:.1f} ms"],
        ],
    )
    return (
        f"The `.pth` hook costs {(enabled - disabled) * 1000:.1f} ms of interpreter "
        f"start-up (`python -c pass`, median of {NUMBER_OF_RUNS:d} runs "
        f"alternating with `PLASO_ATOP_DISABLE_HOOK=1`)."
    )
