"""Prints the benchmark's tables, and writes its table into docs/performance.md."""

import re

# The lines between which the benchmark writes its table in a document.
TABLE_START = "<!-- The table below is written by bench/run.py --write-table. -->"
TABLE_END = "<!-- End of the table of bench/run.py. -->"


def FormatTable(header, rows):
    """Formats a Markdown table.

    Args:
      header (list[str]): column headings.
      rows (list[list[str]]): rows.

    Returns:
      str: table, one line per row.
    """
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("| " + " | ".join("---" for _ in header) + " |")
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def PrintTable(title, header, rows):
    """Prints a Markdown table with a title.

    Args:
      title (str): title.
      header (list[str]): column headings.
      rows (list[list[str]]): rows.
    """
    print(f"\n{title:s}\n")
    print(FormatTable(header, rows))


def CombineColumns(columns):
    """Combines the rows of several logs into one table, a column per log.

    Args:
      columns (dict[str, list[tuple[str, str]]]): per log name, its rows as
          (measurement, value), in order.

    Returns:
      tuple[list[str], list[list[str]]]: column headings and rows.
    """
    names = list(columns)
    measurements = []
    values = {}
    for name, rows in columns.items():
        for measurement, value in rows:
            if measurement not in values:
                measurements.append(measurement)
                values[measurement] = {}
            values[measurement][name] = value
    rows = [
        [measurement] + [values[measurement].get(name, "") for name in names]
        for measurement in measurements
    ]
    return [""] + names, rows


def WriteTable(path, table):
    """Replaces the benchmark's table in a Markdown document.

    Args:
      path (str): path of the document.
      table (str): table and what goes with it.

    Raises:
      ValueError: if the document has no place for the table.
    """
    with open(path, encoding="utf-8") as file_object:
        document = file_object.read()
    pattern = re.compile(re.escape(TABLE_START) + ".*?" + re.escape(TABLE_END), re.S)
    if not pattern.search(document):
        raise ValueError(f"{path:s} has no lines that mark the table")
    document = pattern.sub(
        lambda _: f"{TABLE_START:s}\n\n{table.strip():s}\n\n{TABLE_END:s}", document
    )
    with open(path, "w", encoding="utf-8") as file_object:
        file_object.write(document)
