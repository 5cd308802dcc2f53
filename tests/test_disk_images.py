"""Runs log2timeline on whole-disk images as servers have them.

The logs are on a /var or /var/log volume of their own (a partition, an LVM
logical volume), the passwd file on the root volume; the user names must be
those of the host's root file system, found by its fstab.
"""

import gzip
import os
import shutil
import subprocess
import tempfile
import unittest

from plaso_atop import definitions

from tests import disk_images
from tests import plaso_test_lib
from tests import test_lib
from tests import tools_test_lib

# The log of the images, with processes of UID 0 and 33, and accounting files
# with processes of UID 0 and 65534.
_LOG_PATH = test_lib.GetLogPath("changes", "atop_2.8.1.raw")
_LOG_NAME = "atop_20261126"
_PACCT_PATH = os.path.join(test_lib.TEST_DATA_PATH, "pacct", "pacct")
_ATOP_ACCT_PATH = os.path.join(test_lib.TEST_DATA_PATH, "pacct", "atop_2.8.1.acct")

# The host's users, and those of a rescue system on the same disk.
_HOST_USERS = {0: "root", 33: "www-data", 65534: "nobody"}
_RESCUE_USERS = {0: "rescue-root", 33: "rescue-web"}

_VAR_UUID = "6f1d3c5e-1111-4c2a-9b7e-0a1b2c3d4e5f"

# A volume group name with a dash, which /dev/mapper names double.
_VOLUME_GROUP = "vg-srv"


def _Passwd(users):
    """Builds a passwd file.

    Args:
      users (dict[int, str]): user name per UID.

    Returns:
      bytes: passwd file.
    """
    return "".join(
        f"{name:s}:x:{uid:d}:{uid:d}::/home/{name:s}:/bin/sh\n"
        for uid, name in users.items()
    ).encode("ascii")


def _Fstab(*entries):
    """Builds an fstab.

    Args:
      entries (tuple[str]): source and mount point of each entry.

    Returns:
      bytes: fstab, with a comment.
    """
    lines = ["# <file system> <mount point> <type> <options> <dump> <pass>"]
    lines.extend(f"{entry:s} ext4 defaults 0 2" for entry in entries)
    return ("\n".join(lines) + "\n").encode("ascii")


class DiskImagesTest(test_lib.BaseTestCase):
    """Runs log2timeline --partitions all --volumes all on disk images."""

    @classmethod
    def setUpClass(cls):
        """Builds the images."""
        cls._temporary_directory = tempfile.mkdtemp()
        cls._images = {}
        cls._BuildGptImage()
        cls._BuildLvmImage()
        cls._BuildRescueImage()
        cls._BuildImage("var_alone", [({"log/atop/" + _LOG_NAME: _LOG_PATH}, {})])
        cls._BuildImage(
            "ambiguous",
            [
                ({"etc/passwd": _Passwd(_HOST_USERS)}, {}),
                ({"etc/passwd": _Passwd(_RESCUE_USERS)}, {}),
                ({"log/atop/" + _LOG_NAME: _LOG_PATH}, {}),
            ],
        )

    @classmethod
    def tearDownClass(cls):
        """Removes the images."""
        shutil.rmtree(cls._temporary_directory, ignore_errors=True)

    @classmethod
    def _BuildImage(cls, name, file_systems):
        """Builds a GPT disk of ext4 file systems.

        Args:
          name (str): name of the image.
          file_systems (list[tuple[dict[str, object], dict[str, str]]]): files
              and mkfs.ext4 options (uuid, label) of each file system.
        """
        partitions = []
        for index, (files, options) in enumerate(file_systems):
            path = os.path.join(cls._temporary_directory, f"{name:s}_{index:d}.ext4")
            disk_images.MakeExt4(path, files, 16, **options)
            partitions.append(
                (
                    path,
                    16,
                    options.get("label", f"part{index:d}"),
                    disk_images.LINUX_FILE_SYSTEM,
                )
            )
        image_path = os.path.join(cls._temporary_directory, f"{name:s}.raw")
        disk_images.MakeGptDisk(image_path, partitions)
        cls._images[name] = image_path

    @classmethod
    def _BuildGptImage(cls):
        """Builds a GPT disk with / and /var, which fstab mounts by UUID."""
        cls._BuildImage(
            "gpt",
            [
                (
                    {
                        "etc/passwd": _Passwd(_HOST_USERS),
                        "etc/fstab": _Fstab(f"UUID={_VAR_UUID.upper():s} /var"),
                    },
                    {},
                ),
                (
                    {
                        "log/atop/" + _LOG_NAME: _LOG_PATH,
                        "log/account/pacct": _PACCT_PATH,
                    },
                    {"uuid": _VAR_UUID},
                ),
            ],
        )

    @classmethod
    def _BuildLvmImage(cls):
        """Builds a disk with /boot and LVM root, var and varlog, and its E01."""
        directory = cls._temporary_directory
        file_systems = {
            "boot": {"grub/grub.cfg": b"set timeout=5\n"},
            "root": {
                "etc/passwd": _Passwd(_HOST_USERS),
                "etc/fstab": _Fstab(
                    f"/dev/mapper/{_VOLUME_GROUP.replace('-', '--'):s}-var /var",
                    f"/dev/mapper/{_VOLUME_GROUP.replace('-', '--'):s}-varlog /var/log",
                ),
            },
            "var": {"cache/atop.d/atop.acct": _ATOP_ACCT_PATH},
            "varlog": {"atop/" + _LOG_NAME: _LOG_PATH},
        }
        for name, files in file_systems.items():
            disk_images.MakeExt4(
                os.path.join(directory, f"lvm_{name:s}.ext4"), files, 8
            )
        image_path = os.path.join(directory, "lvm.raw")
        offsets = disk_images.MakeGptDisk(
            image_path,
            [
                (
                    os.path.join(directory, "lvm_boot.ext4"),
                    8,
                    "boot",
                    disk_images.LINUX_FILE_SYSTEM,
                ),
                (None, 40, "lvm", disk_images.LINUX_LVM),
            ],
        )
        disk_images.WriteLvm(
            image_path,
            offsets[1],
            40,
            _VOLUME_GROUP,
            [
                (name, os.path.join(directory, f"lvm_{name:s}.ext4"), 8)
                for name in ("root", "var", "varlog")
            ],
        )
        cls._images["lvm"] = image_path

        subprocess.run(
            [
                "ewfacquire", "-u", "-q", "-c", "deflate:fast", "-f", "encase6",
                "-t", os.path.join(directory, "lvm"), image_path,
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        cls._images["lvm_e01"] = os.path.join(directory, "lvm.E01")

    @classmethod
    def _BuildRescueImage(cls):
        """Builds a disk whose first partition is a rescue system."""
        cls._BuildImage(
            "rescue",
            [
                (
                    {
                        "etc/passwd": _Passwd(_RESCUE_USERS),
                        "etc/fstab": _Fstab("LABEL=rescue /"),
                    },
                    {"label": "rescue"},
                ),
                (
                    {
                        "etc/passwd": _Passwd(_HOST_USERS),
                        "etc/fstab": _Fstab("LABEL=root /", "LABEL=varlog /var/log"),
                    },
                    {"label": "root"},
                ),
                ({"atop/" + _LOG_NAME: _LOG_PATH}, {"label": "varlog"}),
            ],
        )

    def _Run(self, source, *arguments):
        """Runs log2timeline and psort json_line on a source.

        Args:
          source (str): path of the source.
          arguments (tuple[str]): more arguments of log2timeline.

        Returns:
          tuple[str, list[dict[str, object]]]: path of the storage file, and
              the documents of its events.
        """
        name = os.path.basename(source).replace(".", "_")
        storage_path = os.path.join(self._temporary_directory, f"{name:s}.plaso")
        tools_test_lib.RunLog2Timeline(
            storage_path, source, "--parsers", "atop,pacct", *arguments
        )
        documents = tools_test_lib.RunPsortJsonLine(
            storage_path, self._temporary_directory
        )
        return storage_path, documents

    def _CheckUserNames(self, documents, users):
        """Checks the user names of every process event.

        Args:
          documents (list[dict[str, object]]): documents of the events.
          users (dict[int, str]): user name per UID of the right passwd file.
        """
        checked = 0
        for document in documents:
            if "uid" in document:
                self.assertEqual(document.get("username"), users.get(document["uid"]))
                checked += 1
            if "euid" in document:
                self.assertEqual(
                    document.get("effective_username"), users.get(document["euid"])
                )
        self.assertGreater(checked, 0)

    def _CheckImage(self, name, users, number_of_accounting_files=1):
        """Runs log2timeline on an image and checks its events and names.

        Args:
          name (str): name of the image.
          users (dict[int, str]): user name per UID of the right passwd file.
          number_of_accounting_files (Optional[int]): accounting files in it.

        Returns:
          str: path of the storage file.
        """
        storage_path, documents = self._Run(
            self._images[name], "--partitions", "all", "--volumes", "all"
        )
        events = plaso_test_lib.ReadAtopEvents(storage_path)
        self.assertEqual(events[_LOG_NAME], test_lib.DeriveExpectedEvents(_LOG_PATH))
        self._CheckUserNames(documents, users)
        accounting_files = {
            document["display_name"]
            for document in documents
            if document["data_type"] == definitions.DATA_TYPE_PACCT_PROCESS
        }
        self.assertEqual(len(accounting_files), number_of_accounting_files)
        return storage_path

    def testGptWithVar(self):
        """Tests a GPT disk whose fstab mounts /var by UUID."""
        self._CheckImage("gpt", _HOST_USERS)

    def testLvm(self):
        """Tests LVM root, var and varlog volumes mounted by /dev/mapper names."""
        self._CheckImage("lvm", _HOST_USERS)

    def testLvmE01(self):
        """Tests the E01 image of the LVM disk."""
        self._CheckImage("lvm_e01", _HOST_USERS)

    def testRescueSystem(self):
        """Tests a rescue system before the root that mounts the log's volume."""
        self._CheckImage("rescue", _HOST_USERS, number_of_accounting_files=0)

    def testVarAlone(self):
        """Tests a /var file system alone: no names, no warning."""
        storage_path = self._CheckImage("var_alone", {}, number_of_accounting_files=0)
        output = tools_test_lib.RunTool("pinfo", "-v", storage_path)
        self.assertIn("No warnings stored", output)

    def testAmbiguousRoot(self):
        """Tests two file systems with passwd files, neither mounting /var."""
        storage_path = self._CheckImage("ambiguous", {}, number_of_accounting_files=0)
        output = " ".join(tools_test_lib.RunTool("pinfo", "-v", storage_path).split())
        self.assertEqual(
            output.count("several file systems of the image have a passwd file"), 1
        )

    def testGzipDirectory(self):
        """Tests a directory of gzip'ed logs beside the host's passwd file."""
        directory = os.path.join(self._temporary_directory, "gzip_root")
        log_directory = os.path.join(directory, "var", "log", "atop")
        os.makedirs(log_directory)
        os.makedirs(os.path.join(directory, "etc"))
        with open(os.path.join(directory, "etc", "passwd"), "wb") as file_object:
            file_object.write(_Passwd(_HOST_USERS))
        for path in (_LOG_PATH, test_lib.GetLogPath("changes", "atop_2.13.0.raw")):
            name = os.path.basename(path).replace(".raw", "")
            with open(path, "rb") as input_file:
                with gzip.open(
                    os.path.join(log_directory, f"{name:s}.gz"), "wb"
                ) as output_file:
                    output_file.write(input_file.read())

        storage_path, documents = self._Run(directory)
        events = plaso_test_lib.ReadAtopEvents(storage_path)
        self.assertEqual(len(events), 2)
        self.assertEqual(events["atop_2.8.1"], test_lib.DeriveExpectedEvents(_LOG_PATH))
        self._CheckUserNames(documents, _HOST_USERS)


if __name__ == "__main__":
    unittest.main()
