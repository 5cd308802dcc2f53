#!/usr/bin/env python3
"""Writes the offsets table of the atop structures, as the compilers lay them out.

For every atop release and ABI, compiles atop_offsets.c to assembly with the
headers of that release (taken from a git clone of the upstream atop
repository) and the compiler of that ABI, and collects the offsets and sizes
that it leaves there into plaso_atop/atoplog/atop_offsets.json:

  tools/atop_offsets/generate.py ATOP_GIT_DIRECTORY

The compilers: gcc for 64-bit (LP64) Linux, `gcc -m32` for i386 (Debian:
gcc-multilib) and arm-linux-gnueabihf-gcc (Debian: gcc-arm-linux-gnueabihf)
for armhf, also with the 64-bit time_t of Debian 13. Only headers are used,
nothing is linked or run.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

# The release as atop_offsets.c knows it (major * 100 + minor), the git
# revision of its source, and the releases whose raw logs it stands for: atop
# 2.0.1 is a commit, and 1.27 wrote the structures of 2.0.
RELEASES = (
    (126, "v1.26", ["1.26"]),
    (200, "8f5f6cc", ["1.27", "2.0"]),
    (201, "v2.1", ["2.1"]),
    (202, "v2.2.6", ["2.2"]),
    (203, "v2.3.0", ["2.3"]),
    (204, "v2.4.0", ["2.4"]),
    (205, "v2.5.0", ["2.5"]),
    (206, "v2.6.0", ["2.6"]),
    (207, "v2.7.1", ["2.7"]),
    (208, "v2.8.1", ["2.8"]),
    (209, "v2.9.0", ["2.9"]),
    (210, "v2.10.0", ["2.10"]),
    (211, "v2.11.1", ["2.11"]),
    (212, "v2.12.1", ["2.12"]),
    (213, "v2.13.0", ["2.13"]),
)

# The compiler command of every ABI.
ABIS = {
    "64-bit": ["gcc"],
    "i386": ["gcc", "-m32"],
    "armhf": ["arm-linux-gnueabihf-gcc"],
    "armhf-time64": [
        "arm-linux-gnueabihf-gcc",
        "-D_TIME_BITS=64",
        "-D_FILE_OFFSET_BITS=64",
    ],
}

_PROGRAM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "atop_offsets.c")

_OUTPUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    os.pardir,
    os.pardir,
    "plaso_atop",
    "atoplog",
    "atop_offsets.json",
)

# The lines that the asm statements of atop_offsets.c leave in the assembly.
_OFFSET_LINE = re.compile(rb'"->(\w+) (\w+) (\d+) (\d+)"')

# The struct definitions of the raw header and sample record in rawlog.c.
_RAWLOG_STRUCT = re.compile(
    rb"^struct raw(?:header|record) \{.*?^\};", re.DOTALL | re.MULTILINE
)


def ExtractSource(repository, revision, directory):
    """Extracts the headers of an atop release and its raw log structures.

    Args:
      repository (str): path of a git clone of the atop repository.
      revision (str): git revision of the release.
      directory (str): directory to extract to.
    """
    archive = subprocess.run(
        ["git", "-C", repository, "archive", revision],
        check=True,
        stdout=subprocess.PIPE,
    ).stdout
    subprocess.run(["tar", "-x", "-C", directory], input=archive, check=True)

    structs_path = os.path.join(directory, "rawlog_structs.h")
    if os.path.exists(os.path.join(directory, "rawlog.h")):
        with open(structs_path, "w", encoding="ascii") as file_object:
            file_object.write('#include "rawlog.h"\n')
        return

    # Before 2.7, the structures are defined in rawlog.c itself.
    with open(os.path.join(directory, "rawlog.c"), "rb") as file_object:
        definitions = _RAWLOG_STRUCT.findall(file_object.read())
    if len(definitions) != 2:
        raise RuntimeError(f"raw log structures not found in {revision:s}")
    with open(structs_path, "wb") as file_object:
        file_object.write(b"\n".join(definitions) + b"\n")


def CompileOffsets(compiler, release, directory):
    """Compiles the offsets program for one release and ABI.

    Args:
      compiler (list[str]): compiler command of the ABI.
      release (int): release, as major * 100 + minor.
      directory (str): directory with the headers of the release.

    Returns:
      dict[str, dict[str, object]]: size of every structure (group sizes),
          and offset and size of every member per group (header, record,
          task, cgroup).
    """
    assembly = subprocess.run(
        [
            *compiler,
            "-S",
            "-o",
            "-",
            f"-DATOP_RELEASE={release:d}",
            "-I",
            directory,
            _PROGRAM,
        ],
        check=True,
        stdout=subprocess.PIPE,
    ).stdout
    groups = {}
    for group, name, offset, size in _OFFSET_LINE.findall(assembly):
        group = group.decode("ascii")
        value = int(size) if group == "sizes" else [int(offset), int(size)]
        groups.setdefault(group, {})[name.decode("ascii")] = value
    return groups


def GetCompilerVersion(compiler):
    """Retrieves the version line of a compiler.

    Args:
      compiler (list[str]): compiler command.

    Returns:
      str: first line of its --version output.
    """
    output = subprocess.run(
        [compiler[0], "--version"], check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    return output.splitlines()[0]


def FormatTable(table):
    """Formats the table as JSON, with each member on one line.

    Args:
      table (dict): table.

    Returns:
      str: JSON text.
    """
    text = json.dumps(table, indent=2)
    return re.sub(r"\[\s+([^\[\]{}]*?)\s+\]", _JoinListItems, text) + "\n"


def _JoinListItems(match):
    """Puts the items of a list of numbers or strings on one line.

    Args:
      match (re.Match): list, as json.dumps indents it.

    Returns:
      str: list on one line.
    """
    return "[" + re.sub(r",\s+", ", ", match.group(1)) + "]"


def Main():
    """Writes the table.

    Returns:
      int: exit code.
    """
    argument_parser = argparse.ArgumentParser(
        description=__doc__.split("\n", maxsplit=1)[0]
    )
    argument_parser.add_argument(
        "repository", help="git clone of https://github.com/Atoptool/atop"
    )
    argument_parser.add_argument("--output", default=_OUTPUT, help="table to write")
    options = argument_parser.parse_args()

    table = {
        "command": "tools/atop_offsets/generate.py ATOP_GIT_DIRECTORY",
        "compilers": {
            abi: " ".join(compiler) + ": " + GetCompilerVersion(compiler)
            for abi, compiler in ABIS.items()
        },
        "abis": {abi: {} for abi in ABIS},
    }
    for release, revision, versions in RELEASES:
        with tempfile.TemporaryDirectory() as directory:
            ExtractSource(options.repository, revision, directory)
            for abi, compiler in ABIS.items():
                groups = CompileOffsets(compiler, release, directory)
                table["abis"][abi][versions[-1]] = {
                    "source": revision,
                    "versions": versions,
                    **groups,
                }

    with open(options.output, "w", encoding="ascii") as file_object:
        file_object.write(FormatTable(table))
    return 0


if __name__ == "__main__":
    sys.exit(Main())
