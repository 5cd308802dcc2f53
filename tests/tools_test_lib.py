"""Helpers to run the stock plaso tools, log2timeline, psort, psteal and pinfo.

The tools are those installed beside the Python that runs the tests; the
atop parser reaches them through plaso_atop.pth only.
"""

import json
import os
import subprocess
import sys
import tempfile

from tests import test_lib

BIN_PATH = os.path.dirname(sys.executable)

PROJECT_PATH = os.path.dirname(test_lib.TEST_DATA_PATH)

# The plaso tools that take --logfile.
TOOLS_WITH_LOGFILE = frozenset(["log2timeline", "pinfo", "psort"])


def RunTool(name, *arguments, environment=None, working_directory=None):
    """Runs a plaso tool and checks that it succeeds.

    plaso's tools write their log into the working directory unless given
    --logfile, which psteal does not take: the tool runs in a temporary
    directory, or in the working directory given, and writes its log there.

    Args:
      name (str): name of the tool, such as "log2timeline".
      arguments (list[str]): arguments.
      environment (Optional[dict[str, str]]): environment variables to add.
      working_directory (Optional[str]): working directory of the tool; a
          temporary directory, removed afterwards, by default.

    Returns:
      str: standard output.

    Raises:
      AssertionError: if the tool fails.
    """
    if working_directory is None:
        with tempfile.TemporaryDirectory() as temporary_directory:
            return RunTool(
                name,
                *arguments,
                environment=environment,
                working_directory=temporary_directory,
            )

    env = dict(os.environ)
    env.update(environment or {})
    command = [os.path.join(BIN_PATH, name)]
    if name in TOOLS_WITH_LOGFILE:
        command.extend(
            ["--logfile", os.path.join(working_directory, f"{name:s}.log.gz")]
        )
    result = subprocess.run(
        [*command, *arguments],
        capture_output=True,
        cwd=working_directory,
        env=env,
        text=True,
        errors="replace",
        timeout=600,
        check=False,
    )
    if result.returncode:
        raise AssertionError(
            f"{name:s} failed with {result.returncode:d}:\n{result.stdout}\n"
            f"{result.stderr}"
        )
    return result.stdout


def RunLog2Timeline(
    storage_path, source, *arguments, environment=None, working_directory=None
):
    """Runs log2timeline unattended.

    Args:
      storage_path (str): path of the storage file to write.
      source (str): path of the source.
      arguments (list[str]): more arguments.
      environment (Optional[dict[str, str]]): environment variables to add.
      working_directory (Optional[str]): working directory of log2timeline; a
          temporary directory by default.

    Returns:
      str: standard output.
    """
    return RunTool(
        "log2timeline",
        "--quiet",
        "--status_view",
        "none",
        "--unattended",
        "--storage-file",
        storage_path,
        *arguments,
        source,
        environment=environment,
        working_directory=working_directory,
    )


def RunPsteal(source, output_path, storage_path, *arguments, working_directory=None):
    """Runs psteal unattended, with the atop parser and dynamic output.

    Args:
      source (str): path of the source.
      output_path (str): path of the output file to write.
      storage_path (str): path of the storage file to write.
      arguments (list[str]): more arguments.
      working_directory (Optional[str]): working directory of psteal; a
          temporary directory by default.

    Returns:
      str: standard output.
    """
    return RunTool(
        "psteal",
        "--unattended",
        "--status_view",
        "none",
        "--parsers",
        "atop",
        "--source",
        source,
        "-o",
        "dynamic",
        "-w",
        output_path,
        "--storage_file",
        storage_path,
        *arguments,
        working_directory=working_directory,
    )


# Directories of the project that hold no project files: version control,
# virtual environments, caches and build output.
_NOT_PROJECT_DIRECTORIES = frozenset(
    [".git", ".hypothesis", ".pytest_cache", "__pycache__", "build", "dist"]
)


def ListProjectFiles():
    """Lists the files of the project, such as a run could leave there.

    Returns:
      set[str]: paths of the files, relative to the project.
    """
    paths = set()
    for directory, directory_names, file_names in os.walk(PROJECT_PATH):
        directory_names[:] = [
            name
            for name in directory_names
            if name not in _NOT_PROJECT_DIRECTORIES
            and not name.startswith(".venv")
            and not name.endswith(".egg-info")
            and os.path.join(directory, name)
            not in (os.path.join(PROJECT_PATH, "bench", "data"),)
        ]
        for name in file_names:
            paths.add(os.path.relpath(os.path.join(directory, name), PROJECT_PATH))
    return paths


def RunPsortJsonLine(storage_path, output_directory, *arguments):
    """Runs psort -o json_line on a storage file and reads its documents.

    Args:
      storage_path (str): path of the storage file.
      output_directory (str): directory for the output file.
      arguments (list[str]): more arguments of psort, before the output ones.

    Returns:
      list[dict[str, object]]: documents, one per event.
    """
    json_path = os.path.join(
        output_directory, os.path.basename(storage_path) + ".jsonl"
    )
    RunTool("psort", "-q", *arguments, "-o", "json_line", "-w", json_path, storage_path)
    with open(json_path, encoding="utf-8") as file_object:
        return [json.loads(line) for line in file_object]


def TagStorageFile(storage_path):
    """Runs plaso's tagging analysis with tag_linux.txt on a storage file.

    Args:
      storage_path (str): path of the storage file, which gets the labels.
    """
    RunTool(
        "psort",
        "-q",
        "--analysis",
        "tagging",
        "--tagging-file",
        "tag_linux.txt",
        "-o",
        "null",
        storage_path,
    )
