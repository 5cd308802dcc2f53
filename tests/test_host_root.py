"""Tests the fstab, the names of volumes and the search for a host's root."""

import os
import tempfile
import unittest
import uuid

from dfvfs.lib import definitions as dfvfs_definitions
from dfvfs.path import factory as path_spec_factory
from dfvfs.resolver import resolver as dfvfs_resolver

from plaso_atop import evidence_users
from plaso_atop import fstab
from plaso_atop import host_root
from plaso_atop import volume_names

from tests import disk_images
from tests import test_lib


class FstabTest(test_lib.BaseTestCase):
    """Tests the parsing of fstab files."""

    def testEntries(self):
        """Tests the sources and mount points of an fstab of every form."""
        data = (
            b"# /etc/fstab: static file system information.\n"
            b"UUID=6F1D3C5E-1111-4C2A-9B7E-0A1B2C3D4E5F / ext4 errors=remount-ro 0 1\n"
            b'LABEL="varlog" /var/log ext4 defaults 0 2\n'
            b"PARTUUID=0A1B2C3D-02 /boot ext4 defaults 0 2\n"
            b"PARTLABEL=srv /srv/data/../data ext4 defaults 0 2\n"
            b"/dev/mapper/vg--srv-var /var ext4 defaults 0 2\n"
            b"/dev/disk/by-label/my\\x20data /data ext4 defaults 0 2\n"
            b"/dev/disk/by-uuid/ABCD-1234 /boot/efi vfat umask=0077 0 1\n"
            b"LABEL=with\\040space /mnt/with\\040space ext4 defaults 0 2\n"
            b"  \t# an indented comment\n"
            b"tmpfs /tmp tmpfs defaults 0 0\n"
            b"/swapfile none swap sw 0 0\n"
            b"\xff\xfe\x00 junk\x00 \n"
            b"lonely\n"
        )
        entries = fstab.ParseFstab(data)
        self.assertEqual(
            entries,
            [
                fstab.FstabEntry("UUID=6f1d3c5e-1111-4c2a-9b7e-0a1b2c3d4e5f", "/"),
                fstab.FstabEntry("LABEL=varlog", "/var/log"),
                fstab.FstabEntry("PARTUUID=0a1b2c3d-02", "/boot"),
                fstab.FstabEntry("PARTLABEL=srv", "/srv/data"),
                fstab.FstabEntry("/dev/mapper/vg--srv-var", "/var"),
                fstab.FstabEntry("LABEL=my data", "/data"),
                fstab.FstabEntry("UUID=abcd-1234", "/boot/efi"),
                fstab.FstabEntry("LABEL=with space", "/mnt/with space"),
                fstab.FstabEntry("tmpfs", "/tmp"),
            ],
        )

    def testJunk(self):
        """Tests that random bytes give no entries with a relative mount point."""
        data = bytes(range(256)) * 64 + os.urandom(4096)
        for entry in fstab.ParseFstab(data):
            self.assertTrue(entry.mount_point.startswith("/"))


class VolumeNamesTest(test_lib.BaseTestCase):
    """Tests the names of a file system from its superblock."""

    def testExt4(self):
        """Tests the UUID and label of an ext4 file system."""
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "fs.ext4")
            identifier = str(uuid.uuid4())
            disk_images.MakeExt4(path, {}, 4, uuid=identifier, label="varlog")
            with open(path, "rb") as file_object:
                data = file_object.read(70000)
        self.assertEqual(
            volume_names._GetFileSystemTags(data),
            [f"UUID={identifier:s}", "LABEL=varlog"],
        )

    def testXfsAndBtrfs(self):
        """Tests the UUID and label in superblocks of XFS and Btrfs."""
        identifier = uuid.uuid4()
        xfs = bytearray(70000)
        xfs[0:4] = b"XFSB"
        xfs[32:48] = identifier.bytes
        xfs[108:112] = b"data"
        self.assertEqual(
            volume_names._GetFileSystemTags(bytes(xfs)),
            [f"UUID={identifier!s}", "LABEL=data"],
        )
        btrfs = bytearray(70000)
        btrfs[65536 + 64 : 65536 + 72] = b"_BHRfS_M"
        btrfs[65536 + 32 : 65536 + 48] = identifier.bytes
        self.assertEqual(
            volume_names._GetFileSystemTags(bytes(btrfs)), [f"UUID={identifier!s}"]
        )
        self.assertEqual(volume_names._GetFileSystemTags(bytes(70000)), [])


class HostileFilesTest(test_lib.BaseTestCase):
    """Tests that an fstab is read only as a regular file, and in part."""

    def _ReadFstab(self, path):
        """Reads an fstab with the bounds of host_root.

        Args:
          path (str): path of the file.

        Returns:
          bytes: what is read, or None.
        """
        path_spec = path_spec_factory.Factory.NewPathSpec(
            dfvfs_definitions.TYPE_INDICATOR_OS, location=path
        )
        file_system = dfvfs_resolver.Resolver.OpenFileSystem(path_spec)
        return host_root._ReadRegularFile(
            file_system, path_spec, host_root.MAXIMUM_FSTAB_SIZE
        )

    def testFifoAndHugeFile(self):
        """Tests a FIFO, which is not read, and a huge fstab, read in part."""
        with tempfile.TemporaryDirectory() as directory:
            fifo_path = os.path.join(directory, "fstab_fifo")
            os.mkfifo(fifo_path)
            self.assertIsNone(self._ReadFstab(fifo_path))

            huge_path = os.path.join(directory, "fstab_huge")
            with open(huge_path, "wb") as file_object:
                file_object.write(b"UUID=x /var ext4 defaults 0 2\n" * 200000)
            data = self._ReadFstab(huge_path)
        self.assertEqual(len(data), host_root.MAXIMUM_FSTAB_SIZE)
        self.assertEqual(fstab.ParseFstab(data)[0], fstab.FstabEntry("UUID=x", "/var"))


class LogDirectoryTest(test_lib.BaseTestCase):
    """Tests which directories of a mounted file system hold logs."""

    def testLogDirectories(self):
        """Tests directories with and without their mount point."""
        is_log_directory = evidence_users._IsLogDirectory
        self.assertTrue(is_log_directory("/var", ("log", "atop")))
        self.assertTrue(is_log_directory("/var/log", ("atop",)))
        self.assertTrue(is_log_directory("/var/log/atop", ()))
        self.assertTrue(is_log_directory("/var", ("cache", "atop.d")))
        self.assertFalse(is_log_directory("/srv", ("log", "atop")))
        self.assertFalse(is_log_directory("/var", ("tmp",)))
        # Where no fstab says, any mount point that makes a log directory.
        self.assertTrue(is_log_directory(None, ("log", "atop")))
        self.assertTrue(is_log_directory(None, ("atop",)))
        self.assertTrue(is_log_directory(None, ()))
        self.assertFalse(is_log_directory(None, ("home", "user")))
        self.assertFalse(is_log_directory(None, ("var", "log", "atop")))


class LeastRecentlyUsedTest(test_lib.BaseTestCase):
    """Tests the cache of passwd files, images and volumes."""

    def testGetOrCreate(self):
        """Tests that a value is created once, None too, and the oldest forgotten."""
        cache = evidence_users._LeastRecentlyUsed()
        created = []

        def _Create(key):
            created.append(key)
            return None if key == "none" else key.upper()

        self.assertIsNone(cache.GetOrCreate("none", lambda: _Create("none")))
        self.assertIsNone(cache.GetOrCreate("none", lambda: _Create("none")))
        self.assertEqual(cache.GetOrCreate("a", lambda: _Create("a")), "A")
        self.assertEqual(created, ["none", "a"])

        # "none" used last: the next keys push out "a" first.
        cache.GetOrCreate("none", lambda: _Create("none"))
        for index in range(evidence_users._MAXIMUM_CACHED_FILES - 1):
            cache.GetOrCreate(index, lambda index=index: index)
        self.assertNotIn("a", cache)
        self.assertIn("none", cache)
        self.assertEqual(len(cache), evidence_users._MAXIMUM_CACHED_FILES)


if __name__ == "__main__":
    unittest.main()
