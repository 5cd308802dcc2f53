"""The tables of the measurements of one log."""

import os

from bench import report

# What each measurement measures.
DESCRIPTIONS = {
    "reader": "plaso-atop reader, what the tracker needs of every task",
    "parser": "plaso-atop parser, its own time (ProduceEventData out)",
    "least": "least a parser does: start and exit event data of every exited entry",
    "libdeflate": "inflate task blocks: libdeflate",
    "zlib_ng": "inflate task blocks: zlib-ng",
    "isal": "inflate task blocks: ISA-L",
    "zlib": "inflate task blocks: standard zlib",
    "atoparser": "atoparser 3.3.1, every task",
    "dissect": "dissect.target 3.25 AtopFile, every task",
    "atop": "atop -r FILE -P PRG > /dev/null (C)",
}


class Results:
    """The results of the measurements of one log."""

    def __init__(self, results):
        """Initializes the results.

        Args:
          results (dict[str, dict[str, object]]): result per measurement, None
              if it failed.
        """
        super().__init__()
        self._results = results

    def Get(self, name):
        """Retrieves the result of a measurement.

        Args:
          name (str): name of the measurement.

        Returns:
          dict[str, object]: result, or None if it failed.
        """
        return self._results.get(name)

    def Items(self):
        """Retrieves every measurement and its result.

        Returns:
          list[tuple[str, dict[str, object]]]: name and result, None if it
              failed.
        """
        return list(self._results.items())

    def Ratio(self, numerator, denominator):
        """Formats the ratio of the seconds of two measurements.

        Args:
          numerator (str): name of the measurement above.
          denominator (str): name of the measurement below.

        Returns:
          str: ratio, or "n/a".
        """
        first, second = self.Get(numerator), self.Get(denominator)
        if not first or not second:
            return "n/a"
        return f"{first['seconds'] / second['seconds']:.2f}"

    def Seconds(self, name):
        """Formats the seconds of a measurement.

        Args:
          name (str): name of the measurement.

        Returns:
          str: seconds, or "n/a".
        """
        result = self.Get(name)
        return f"{result['seconds']:.3f} s" if result else "n/a"

    def SecondsPerEventData(self, key):
        """Formats the parser's seconds per event data.

        Args:
          key (str): "seconds" for its own, "produce_seconds" for plaso's.

        Returns:
          str: microseconds per event data.
        """
        parser = self.Get("parser")
        return f"{parser[key] / parser['event_data'] * 1e6:.1f} µs"


def PrintMeasurements(path, results, number_of_samples):
    """Prints the seconds and peak memory of every measurement of a log.

    Args:
      path (str): path of the log.
      results (Results): results.
      number_of_samples (int): number of samples of the log.
    """
    rows = []
    for name, result in results.Items():
        if not result:
            rows.append([DESCRIPTIONS[name], "n/a", ""])
            continue
        peak = result.get("memory")
        rows.append(
            [
                DESCRIPTIONS[name],
                f"{result['seconds']:.3f}",
                f"{peak / 1024 / 1024:.0f} MiB" if peak is not None else "",
            ]
        )
    report.PrintTable(
        f"{os.path.basename(path):s}: {os.path.getsize(path) / 1e6:.1f} MB, "
        f"{number_of_samples:,d} samples, "
        f"{results.Get('reader')['tasks']:,d} task entries",
        ["measurement", "seconds", "peak memory"],
        rows,
    )


def PrintRatios(path, results, dissect, memory_peaks):
    """Prints the ratios of the measurements of a log and the parser's memory.

    Args:
      path (str): path of the log.
      results (Results): results.
      dissect (bool): True if dissect.target was measured.
      memory_peaks (tuple[int, int, int]): samples of the first half of the
          log, and the parser's peak memory on them and on the whole log.
    """
    ratios = [
        ["our reader / libdeflate", results.Ratio("reader", "libdeflate")],
        ["our reader / zlib-ng", results.Ratio("reader", "zlib_ng")],
        ["our reader / standard zlib", results.Ratio("reader", "zlib")],
        ["parser's own time / standard zlib", results.Ratio("parser", "zlib")],
        ["least a parser does / standard zlib", results.Ratio("least", "zlib")],
        ["atoparser / parser's own time", results.Ratio("atoparser", "parser")],
    ]
    if dissect:
        ratios.append(
            ["dissect.target / parser's own time", results.Ratio("dissect", "parser")]
        )
    half_samples, half_peak, peak = memory_peaks
    ratios.extend(
        [
            ["event data", f"{results.Get('parser')['event_data']:,d}"],
            [
                "parser's own time per event data",
                results.SecondsPerEventData("seconds"),
            ],
            [
                "plaso's ProduceEventData per event data",
                results.SecondsPerEventData("produce_seconds"),
            ],
            [
                f"parser peak memory, first {half_samples:,d} samples",
                f"{half_peak / 1024 / 1024:.1f} MiB",
            ],
            ["parser peak memory, whole log", f"{peak / 1024 / 1024:.1f} MiB"],
        ]
    )
    report.PrintTable(
        f"{os.path.basename(path):s}: ratios", ["measurement", "value"], ratios
    )


def BuildColumn(path, results, number_of_samples, memory_peaks):
    """Builds the column of a log in the combined table.

    Args:
      path (str): path of the log.
      results (Results): results.
      number_of_samples (int): number of samples of the log.
      memory_peaks (tuple[int, int, int]): samples of the first half of the
          log, and the parser's peak memory on them and on the whole log.

    Returns:
      list[tuple[str, str]]: measurement and value of each row.
    """
    _, half_peak, peak = memory_peaks
    inflate_floors = " / ".join(
        results.Seconds(name) for name in ("libdeflate", "zlib_ng", "isal", "zlib")
    )
    return [
        (
            "size, samples, task entries",
            f"{os.path.getsize(path) / 1e6:.1f} MB, {number_of_samples:,d}, "
            f"{results.Get('reader')['tasks']:,d}",
        ),
        ("event data", f"{results.Get('parser')['event_data']:,d}"),
        (
            "inflate the task blocks: libdeflate / zlib-ng / ISA-L / standard zlib",
            inflate_floors,
        ),
        ("our reader, what the tracker needs of every task", results.Seconds("reader")),
        ("the parser's own time", results.Seconds("parser")),
        (
            "the parser's own time / standard zlib",
            f"**{results.Ratio('parser', 'zlib')}**",
        ),
        (
            "the least a parser does (see bench/least_parser.py) / standard zlib",
            results.Ratio("least", "zlib"),
        ),
        (
            "the parser's own time per event data",
            results.SecondsPerEventData("seconds"),
        ),
        (
            "plaso's `ProduceEventData` per event data",
            results.SecondsPerEventData("produce_seconds"),
        ),
        ("atoparser 3.3.1, every task", results.Seconds("atoparser")),
        ("`atop -r FILE -P PRG > /dev/null` (C)", results.Seconds("atop")),
        (
            "parser peak memory (tracemalloc), first half / whole log",
            f"{half_peak / 1024 / 1024:.1f} / {peak / 1024 / 1024:.1f} MiB",
        ),
    ]
