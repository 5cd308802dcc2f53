#!/usr/bin/env python3
"""Benchmarks the atop parser on logs in a whole-disk image against the same log alone.

    python bench/disk_image.py [--copies N] [LOG]

Run it as root (losetup), with the Python of an environment where plaso-atop
and plaso are installed. It builds a disk image as servers have them (a
/boot partition and an LVM physical volume with root, var and varlog logical
volumes, tests/disk_images.py) with N copies of the log (default 4, of the
busy log bench/data/atop_churn.raw, or else test_data/host/atop_vm_2.8.1.raw)
in /var/log/atop, and parses each copy through
dfVFS with the plaso parser and a real parser mediator, in one process, as a
log2timeline worker does; then the same log alone, beside a passwd file in a
directory. The first log of the image pays for the search of its volumes
(the user names of its root file system); the others must cost what the log
alone costs.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import timing  # noqa: E402
from tests import disk_images  # noqa: E402

_PROJECT_PATH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The busy log of the benchmark (bench/make_churn_log.sh), or a real host's.
_DEFAULT_LOGS = (
    os.path.join(_PROJECT_PATH, "bench", "data", "atop_churn.raw"),
    os.path.join(_PROJECT_PATH, "test_data", "host", "atop_vm_2.8.1.raw"),
)

_PASSWD = b"root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534::/:/bin/false\n"

_RUNS = 5


def BuildImage(directory, log_path, copies):
    """Builds a disk image with LVM root, var and varlog, and copies of a log.

    Args:
      directory (str): directory to build it in.
      log_path (str): path of the log.
      copies (int): number of copies of the log in /var/log/atop.

    Returns:
      str: path of the image.
    """
    size_mib = 8 + copies * (os.path.getsize(log_path) // disk_images.MEBIBYTE + 1)
    file_systems = {
        "root": (
            {
                "etc/passwd": _PASSWD,
                "etc/fstab": b"/dev/mapper/vg0-varlog /var/log ext4 defaults 0 2\n",
            },
            8,
        ),
        "var": ({"cache/.keep": b""}, 8),
        "varlog": (
            {f"atop/atop_2026110{index:d}": log_path for index in range(copies)},
            size_mib,
        ),
    }
    for name, (files, volume_size_mib) in file_systems.items():
        disk_images.MakeExt4(
            os.path.join(directory, f"{name:s}.ext4"), files, volume_size_mib
        )
    image_path = os.path.join(directory, "disk.raw")
    physical_volume_size_mib = sum(size for _, size in file_systems.values()) + 8
    disk_images.MakeExt4(os.path.join(directory, "boot.ext4"), {"grub/x": b""}, 8)
    offsets = disk_images.MakeGptDisk(
        image_path,
        [
            (
                os.path.join(directory, "boot.ext4"),
                8,
                "boot",
                disk_images.LINUX_FILE_SYSTEM,
            ),
            (None, physical_volume_size_mib, "lvm", disk_images.LINUX_LVM),
        ],
    )
    disk_images.WriteLvm(
        image_path,
        offsets[1],
        physical_volume_size_mib,
        "vg0",
        [
            (name, os.path.join(directory, f"{name:s}.ext4"), size)
            for name, (_, size) in file_systems.items()
        ],
    )
    return image_path


def _ParseFileEntry(file_entry):
    """Parses a log through dfVFS, with its file entry on the mediator.

    Args:
      file_entry (dfvfs.FileEntry): file entry of the log.

    Returns:
      float: seconds.
    """
    from plaso_atop import parser as atop_parser

    mediator = timing._CreateParserMediator()
    mediator.SetFileEntry(file_entry)
    timed_mediator = timing.TimedMediator(mediator)
    start = time.perf_counter()
    atop_parser.AtopParser().ParseFileObject(timed_mediator, file_entry.GetFileObject())
    seconds = time.perf_counter() - start
    if not timed_mediator.number_of_event_data:
        raise RuntimeError(f"no event data from {file_entry.path_spec.comparable:s}")
    return seconds


def Benchmark(log_path, copies):
    """Prints the parse times of the logs of an image and of the log alone.

    Args:
      log_path (str): path of the log.
      copies (int): number of copies of the log in the image.
    """
    from dfvfs.lib import definitions
    from dfvfs.path import factory
    from dfvfs.resolver import resolver

    with tempfile.TemporaryDirectory() as directory:
        image_path = BuildImage(directory, log_path, copies)
        alone_directory = os.path.join(directory, "alone")
        os.makedirs(os.path.join(alone_directory, "etc"))
        os.makedirs(os.path.join(alone_directory, "var", "log", "atop"))
        with open(os.path.join(alone_directory, "etc", "passwd"), "wb") as file_object:
            file_object.write(_PASSWD)
        alone_path = os.path.join(alone_directory, "var", "log", "atop", "atop_alone")
        with open(log_path, "rb") as input_file, open(alone_path, "wb") as output_file:
            output_file.write(input_file.read())

        path_spec = factory.Factory.NewPathSpec(
            definitions.TYPE_INDICATOR_OS, location=image_path
        )
        path_spec = factory.Factory.NewPathSpec(
            definitions.TYPE_INDICATOR_RAW, parent=path_spec
        )
        path_spec = factory.Factory.NewPathSpec(
            definitions.TYPE_INDICATOR_GPT, location="/p2", parent=path_spec
        )
        path_spec = factory.Factory.NewPathSpec(
            definitions.TYPE_INDICATOR_LVM, location="/lvm3", parent=path_spec
        )

        def _OpenLog(index):
            return resolver.Resolver.OpenFileEntry(
                factory.Factory.NewPathSpec(
                    definitions.TYPE_INDICATOR_EXT,
                    location=f"/atop/atop_2026110{index:d}",
                    parent=path_spec,
                )
            )

        first_time = _ParseFileEntry(_OpenLog(0))
        later_times = [
            _ParseFileEntry(_OpenLog(index))
            for _ in range(_RUNS)
            for index in range(1, copies)
        ]
        alone_entry = resolver.Resolver.OpenFileEntry(
            factory.Factory.NewPathSpec(
                definitions.TYPE_INDICATOR_OS, location=alone_path
            )
        )
        alone_times = [_ParseFileEntry(alone_entry) for _ in range(_RUNS)]

    later = statistics.median(later_times)
    alone = statistics.median(alone_times)
    print(f"log {log_path:s} ({os.path.getsize(log_path):,d} bytes)")
    print(f"  first log of the image     {first_time * 1000:8.1f} ms")
    print(f"  later logs of the image    {later * 1000:8.1f} ms (median)")
    print(f"  the log alone              {alone * 1000:8.1f} ms (median)")
    print(f"  later / alone              {later / alone:8.3f}")


def Main():
    """Runs the benchmark.

    Returns:
      int: exit code.
    """
    argument_parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argument_parser.add_argument("--copies", type=int, default=4)
    argument_parser.add_argument(
        "log",
        nargs="?",
        default=next(path for path in _DEFAULT_LOGS if os.path.exists(path)),
    )
    options = argument_parser.parse_args()
    Benchmark(options.log, options.copies)
    return 0


if __name__ == "__main__":
    sys.exit(Main())
