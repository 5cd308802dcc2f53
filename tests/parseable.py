"""Reads the output of `atop -r FILE -P PRG,PRC,PRM,PRD[,PRN]`: the test oracle.

Every PRG, PRC, PRM, PRD and PRN line is one stored task of one sample, as the
atop release that wrote the log decodes it. Samples end with a SEP line, and a
boot sample is preceded by a RESET line.
"""

import re
import struct

_PREFIX = r"(?P<host>\S+) (?P<epoch>\d+) \S+ \S+ (?P<interval>\d+) "

# Column kinds of a PRG line: an integer, a parenthesised string, a single
# character or a word.
_KIND_PATTERNS = {
    "int": r"(-?\d+)",
    "paren": r"\((.*)\)",
    "name": r"\((.{0,15})\)",
    "char": r"(\S)",
    "word": r"(\S+)",
}

_PRG_BASE_COLUMNS = [
    ("pid", "int"),
    ("name", "name"),
    ("state", "char"),
    ("ruid", "int"),
    ("rgid", "int"),
    ("tgid", "int"),
    ("nthr", "int"),
    ("excode", "int"),
    ("btime", "int"),
    ("cmdline", "paren"),
    ("ppid", "int"),
    ("nthrrun", "int"),
    ("nthrslpi", "int"),
    ("nthrslpu", "int"),
    ("euid", "int"),
    ("egid", "int"),
    ("suid", "int"),
    ("sgid", "int"),
    ("fsuid", "int"),
    ("fsgid", "int"),
    ("elaps", "int"),
]

# Columns that releases added, with the first release that prints them.
_PRG_ADDED_COLUMNS = [
    ((2, 0), "isproc", "char"),
    ((2, 2), "vpid", "int"),
    ((2, 2), "ctid", "int"),
    ((2, 3), "container", "word"),
    ((2, 6), "newflag", "char"),
    ((2, 8), "cgroup", "paren"),
    ((2, 9), "endtime", "int"),
    ((2, 10), "nthridle", "int"),
]

# PRC, PRM, PRD and PRN lines: the pid, name and state columns and the rest,
# whose columns 4, 5 and 6 are named apart: the clock ticks per second, user
# and system CPU ticks of a PRC line, and the page size, virtual and resident
# memory of a PRM line.
_TASK_LINE_PATTERN = re.compile(
    r"^(?P<label>PRC|PRM|PRD|PRN) "
    + _PREFIX
    + r"(?P<pid>\d+) \((?P<name>.{0,15})\) (?P<state>\S) "
    r"(?P<column4>\S+) (?P<column5>\S+) (?P<column6>\S+)(?P<rest>( \S+)*)$"
)

# The columns of a PRD line from column 4 on: the kernel patch and I/O
# statistics flags, read and write requests and sectors, and cancelled write
# sectors.
_PRD_COLUMNS = ("patch", "iostat", "rio", "rsz", "wio", "wsz", "cwsz")

# The columns of a PRN line from column 4 on: the netatop flag, and the TCP and
# UDP packets and bytes sent and received.
_PRN_COLUMNS = (
    "netatop",
    "tcpsnd",
    "tcpssz",
    "tcprcv",
    "tcprsz",
    "udpsnd",
    "udpssz",
    "udprcv",
    "udprsz",
)


def _BuildPrgPattern(version):
    """Builds the regular expression of a PRG line of a specific release.

    Args:
      version (tuple[int, int]): (major, minor) release.

    Returns:
      tuple[re.Pattern, list[str]]: expression and column names.
    """
    columns = list(_PRG_BASE_COLUMNS)
    columns.extend(
        (name, kind) for first, name, kind in _PRG_ADDED_COLUMNS if version >= first
    )
    pattern = " ".join(_KIND_PATTERNS[kind] for _, kind in columns)
    return re.compile("^PRG " + _PREFIX + pattern + "$"), [name for name, _ in columns]


class ParseableSample:
    """The tasks of one sample as atop prints them.

    Attributes:
      boot (bool): True if a RESET line preceded the sample.
      host (str): host name of the sample's lines, or None if it has none.
      interval (int): interval of the sample's lines, or None.
      prg (list[dict[str, str]]): PRG columns per task.
      prc (list[dict[str, str]]): PRC columns per task.
      prm (list[dict[str, str]]): PRM columns per task.
      prd (list[dict[str, str]]): PRD columns per task.
      prn (list[dict[str, str]]): PRN columns per task, if atop printed them.
      time (int): time (epoch) of the sample's lines, or None.
    """

    def __init__(self, boot):
        """Initializes a sample.

        Args:
          boot (bool): True if a RESET line preceded the sample.
        """
        super().__init__()
        self.boot = boot
        self.host = None
        self.interval = None
        self.prg = []
        self.prc = []
        self.prm = []
        self.prd = []
        self.prn = []
        self.time = None

    def AddPrefix(self, values):
        """Takes the host, time and interval of the sample from a line.

        Args:
          values (dict[str, str]): columns of a line, with the prefix.

        Raises:
          ValueError: if the line has another time than the sample.
        """
        time = int(values["epoch"])
        if self.time is None:
            self.host = values["host"]
            self.interval = int(values["interval"])
            self.time = time
        elif time != self.time:
            raise ValueError(f"line of time {time:d} in a sample of {self.time:d}")


def ReadVersion(log_path):
    """Reads the release of atop that wrote a log from its raw header.

    Args:
      log_path (str): path of the log.

    Returns:
      tuple[int, int]: (major, minor) release.
    """
    with open(log_path, "rb") as file_object:
        version_word = struct.unpack("<H", file_object.read(6)[4:6])[0]
    return (version_word >> 8) & 0x7F, version_word & 0xFF


def ReadParseableOutput(log_path):
    """Reads the parseable output of atop of a log, beside the log.

    Args:
      log_path (str): path of the log; the output of atop -P is in the file
          of that path with ".parseable.txt" appended.

    Returns:
      list[ParseableSample]: samples.

    Raises:
      ValueError: if a line cannot be read.
    """
    path = log_path + ".parseable.txt"
    version = ReadVersion(log_path)
    prg_pattern, prg_columns = _BuildPrgPattern(version)
    samples = []
    boot = False
    current = None
    # atop prints names and command lines as they are; the reader replaces
    # what is not UTF-8 by U+FFFD.
    with open(path, encoding="utf-8", errors="replace") as file_object:
        for line_number, line in enumerate(file_object, start=1):
            line = line.rstrip("\n")
            if line == "RESET":
                boot = True
                continue
            if line == "SEP":
                samples.append(current or ParseableSample(boot))
                current = None
                boot = False
                continue

            if current is None:
                current = ParseableSample(boot)

            if line.startswith("PRG "):
                match = prg_pattern.match(line)
                if not match:
                    raise ValueError(f"{path:s}:{line_number:d}: unreadable PRG line")
                values = dict(zip(prg_columns, match.groups()[3:]))
                values.update(match.groupdict())
                current.AddPrefix(values)
                current.prg.append(values)

            elif line.startswith(("PRC ", "PRM ", "PRD ", "PRN ")):
                match = _TASK_LINE_PATTERN.match(line)
                if not match:
                    raise ValueError(f"{path:s}:{line_number:d}: unreadable line")
                values = match.groupdict()
                current.AddPrefix(values)
                label = values["label"]
                columns = [values["column4"], values["column5"], values["column6"]]
                columns.extend(values["rest"].split())
                if label == "PRD":
                    values.update(zip(_PRD_COLUMNS, columns))
                elif label == "PRN":
                    values.update(zip(_PRN_COLUMNS, columns))
                getattr(current, label.lower()).append(values)

    if current is not None:
        raise ValueError(f"{path:s}: last sample without SEP line")
    return samples


def HasNetworkCounters(log_path, samples):
    """Determines if a log holds the network counters of netatop.

    Args:
      log_path (str): path of the log, whose raw header says whether
          netatop-bpf ran.
      samples (list[ParseableSample]): samples, whose PRN lines say whether
          the netatop kernel module ran.

    Returns:
      bool: True if the log holds the network counters of netatop.
    """
    with open(log_path, "rb") as file_object:
        support_flags = struct.unpack("<I", file_object.read(444)[440:444])[0]
    # NETATOPBPF, atop 2.10 and later.
    if support_flags & 0x1000 and ReadVersion(log_path) >= (2, 10):
        return True
    return any(line["netatop"] == "y" for sample in samples for line in sample.prn)


def ReadHertz(samples):
    """Reads the clock ticks per second that atop printed in its PRC lines.

    Args:
      samples (list[ParseableSample]): samples.

    Returns:
      int: clock ticks per second.

    Raises:
      ValueError: if no sample has a PRC line.
    """
    for sample in samples:
        if sample.prc:
            return int(sample.prc[0]["column4"])
    raise ValueError("no PRC line")
