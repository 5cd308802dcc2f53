"""Tests the layouts: the compilers' offsets table and the format reference."""

import json
import os
import struct
import unittest
from unittest import mock

from plaso_atop.atoplog import cgroups
from plaso_atop.atoplog import errors
from plaso_atop.atoplog import header
from plaso_atop.atoplog import layouts

from tests import test_lib

# Our task field name and the member name in the reference table.
_TASK_MEMBERS = {
    "pid": "gen.pid",
    "ppid": "gen.ppid",
    "uid": "gen.ruid",
    "euid": "gen.euid",
    "suid": "gen.suid",
    "fsuid": "gen.fsuid",
    "gid": "gen.rgid",
    "egid": "gen.egid",
    "sgid": "gen.sgid",
    "fsgid": "gen.fsgid",
    "process_name": "gen.name[16]",
    "is_process": "gen.isproc",
    "state": "gen.state",
    "exit_status": "gen.excode",
    "start_time": "gen.btime",
    "elapsed_ticks": "gen.elaps",
    "command_line": "gen.cmdline",
    "was_inactive": "gen.wasinactive",
    "container": ("gen.container", "gen.utsname"),
    "cgroup": "gen.cgpath[64]",
    "cpu_user_ticks": "cpu.utime",
    "cpu_system_ticks": "cpu.stime",
    "disk_read_sectors": "dsk.rsz",
    "disk_write_sectors": "dsk.wsz",
    "disk_cancelled_write_sectors": "dsk.cwsz",
    "tcp_sent_bytes": "net.tcpssz",
    "tcp_received_bytes": "net.tcprsz",
    "udp_sent_bytes": "net.udpssz",
    "udp_received_bytes": "net.udprsz",
}

_RECORD_MEMBERS_126 = {"ndeviat": "nlist"}


def _FindMember(members, name):
    """Finds a member by name, or by name prefix for arrays.

    Args:
      members (dict[str, dict]): members of a structure in the table.
      name (str|tuple[str]): member name or names, without array size.

    Returns:
      dict: offset and size of the member, or None.
    """
    names = name if isinstance(name, tuple) else (name,)
    for member_name, member in members.items():
        for name in names:
            if member_name == name or member_name.startswith(name + "["):
                return member
    return None


class LayoutsTest(test_lib.BaseTestCase):
    """Compares the 64-bit layouts with atop-layouts.json."""

    def setUp(self):
        """Reads the reference table."""
        path = os.path.join(test_lib.TEST_DATA_PATH, "atop-layouts.json")
        with open(path, encoding="utf-8") as file_object:
            self._table = json.load(file_object)

    def _GetLayouts(self, family_name, family):
        """Retrieves our 64-bit layout of every release of a family of the table.

        Args:
          family_name (str): name of the family, such as "2.4/2.5".
          family (dict): family in the table.

        Returns:
          list[tuple[tuple[int, int], layouts.Layout]]: release and layout.
        """
        task = family.get("tstat") or family.get("pstat")
        found = []
        for release in family_name.split("/"):
            version = tuple(int(part) for part in release.split("."))
            candidates = layouts.FindLayouts(
                version,
                family["rawrecord"]["size"],
                family["sstat"]["size"],
                task["size"],
                family.get("cstat", {}).get("size", 0),
                "x86_64",
            )
            self.assertEqual([layout.abi for layout in candidates], ["64-bit"])
            found.append((version, candidates[0]))
        return found

    def testTaskFields(self):
        """Tests the offset and size of every task field we decode."""
        checked_releases = 0
        for family_name, family in self._table.items():
            members = (family.get("tstat") or family.get("pstat"))["members"]
            for version, layout in self._GetLayouts(family_name, family):
                fields = {field.name: field for field in layout.task_fields}
                self.assertEqual(set(fields) - set(_TASK_MEMBERS), set())
                for name, member_name in _TASK_MEMBERS.items():
                    member = _FindMember(members, member_name)
                    with self.subTest(version=version, field=name):
                        if name not in fields:
                            # 2.2 has future space where 2.3 has was_inactive.
                            self.assertTrue(member is None or version == (2, 2))
                            continue
                        self.assertIsNotNone(member)
                        field = fields[name]
                        self.assertEqual(field.offset, member["offset"])
                        self.assertEqual(
                            struct.calcsize("<" + field.format), member["size"]
                        )
                checked_releases += 1
        self.assertEqual(checked_releases, 16)

    def testRecordFields(self):
        """Tests the offset and size of every sample record field."""
        for family_name, family in self._table.items():
            members = family["rawrecord"]["members"]
            for version, layout in self._GetLayouts(family_name, family):
                for field in layout.record_fields:
                    member_name = field.name
                    if version == (1, 26):
                        member_name = _RECORD_MEMBERS_126.get(member_name, member_name)
                    with self.subTest(version=version, field=field.name):
                        member = members[member_name]
                        self.assertEqual(field.offset, member["offset"])
                        self.assertEqual(
                            struct.calcsize("<" + field.format), member["size"]
                        )


class OffsetsTableTest(test_lib.BaseTestCase):
    """Tests the offsets table that the compilers gave, for every ABI."""

    def setUp(self):
        """Reads the offsets table."""
        with open(layouts._OFFSETS_PATH, encoding="ascii") as file_object:
            self._table = json.load(file_object)

    def testAbis(self):
        """Tests that the table holds every release for every ABI."""
        self.assertEqual(
            list(self._table["abis"]), ["64-bit", "i386", "armhf", "armhf-time64"]
        )
        for abi, releases in self._table["abis"].items():
            versions = [
                version
                for release in releases.values()
                for version in release["versions"]
            ]
            self.assertEqual(len(versions), 16, abi)
            self.assertEqual(versions[0], "1.26")
            self.assertEqual(versions[-1], "2.13")

    def testHeader(self):
        """Tests that the header has the same offsets in every release and ABI."""
        expected = {
            "magic": [0, 4],
            "aversion": [4, 2],
            "rawheadlen": [10, 2],
            "rawreclen": [12, 2],
            "hertz": [14, 2],
            "sstatlen": [28, 4],
            "tstatlen": [32, 4],
            "nodename": [
                layouts.UTSNAME_OFFSET
                + layouts.UTSNAME_NODENAME * layouts.UTSNAME_MEMBER_SIZE,
                layouts.UTSNAME_MEMBER_SIZE,
            ],
            "release": [
                layouts.UTSNAME_OFFSET
                + layouts.UTSNAME_RELEASE * layouts.UTSNAME_MEMBER_SIZE,
                layouts.UTSNAME_MEMBER_SIZE,
            ],
            "machine": [
                layouts.UTSNAME_OFFSET
                + layouts.UTSNAME_MACHINE * layouts.UTSNAME_MEMBER_SIZE,
                layouts.UTSNAME_MEMBER_SIZE,
            ],
            "pagesize": [layouts.HEADER_TAIL_OFFSET, 4],
            "supportflags": [layouts.HEADER_TAIL_OFFSET + 4, 4],
        }
        for abi, releases in self._table["abis"].items():
            for name, release in releases.items():
                with self.subTest(abi=abi, release=name):
                    self.assertEqual(release["sizes"]["rawheader"], layouts.HEADER_SIZE)
                    members = release["header"]
                    for member, offset_and_size in expected.items():
                        self.assertEqual(members[member], offset_and_size, member)
                    if "cstatlen" in members:
                        self.assertEqual(
                            members["cstatlen"], [layouts.HEADER_TAIL_OFFSET + 20, 4]
                        )

    def testCgroupEntries(self):
        """Tests the cgroup entry fields that the reader decodes."""
        checked_releases = 0
        for releases in self._table["abis"].values():
            for release in releases.values():
                if "cgroup" not in release:
                    continue
                members = release["cgroup"]
                self.assertEqual(
                    [members[name] for name in ("structlen", "parentseq", "nprocs")],
                    [[0, 4], [8, 4], [16, 4]],
                )
                self.assertEqual(
                    cgroups._CGROUP_GENERAL.size, members["namelen"][0] + 8
                )
                checked_releases += 1
        self.assertEqual(checked_releases, 12)

    def testTimeSizes(self):
        """Tests the size of the times: 4 bytes where time_t is 32-bit."""
        time_sizes = {"64-bit": 8, "i386": 4, "armhf": 4, "armhf-time64": 8}
        for layout in layouts.LAYOUTS:
            with self.subTest(layout=layout.description):
                fields = {field.name: field for field in layout.record_fields}
                fields.update((field.name, field) for field in layout.task_fields)
                for name in ("curtime", "start_time", "elapsed_ticks"):
                    self.assertEqual(
                        struct.calcsize("<" + fields[name].format),
                        time_sizes[layout.abi],
                    )

    def testNoSharedSizes(self):
        """Tests that no two layouts of a release have the same sizes."""
        for layout in layouts.LAYOUTS:
            for version in layout.versions:
                candidates = layouts.FindLayouts(
                    version,
                    layout.record_size,
                    layout.sstat_size,
                    layout.tstat_size,
                    layout.cstat_size,
                    "unknown",
                )
                self.assertEqual(candidates, [layout])


class AmbiguousSizesTest(test_lib.BaseTestCase):
    """Tests layouts of two ABIs with the same sizes, as a future table might have."""

    def setUp(self):
        """Makes an armhf copy of the i386 2.8 layout."""
        i386 = layouts.FindLayouts((2, 8), 88, 1006540, 956, 0, "x86_64")[0]
        self._i386 = i386
        self._armhf = layouts.Layout(
            i386.name,
            "armhf",
            i386.versions,
            {"rawrecord": 88, "sstat": 1006540, "tstat": 956},
            self._GetMembers(i386.record_fields),
            self._GetMembers(i386.task_fields),
        )

    def _GetMembers(self, fields):
        """Retrieves the offset and size of fields, as the offsets table has them.

        Args:
          fields (tuple[layouts.Field]): fields.

        Returns:
          dict[str, list[int]]: offset and size by name.
        """
        return {
            field.name: [field.offset, struct.calcsize("<" + field.format)]
            for field in fields
        }

    def testMachineDecides(self):
        """Tests that the machine of the header picks the ABI."""
        with mock.patch.object(layouts, "LAYOUTS", (self._i386, self._armhf)):
            for machine, expected in (
                ("x86_64", self._i386),
                ("i686", self._i386),
                ("armv7l", self._armhf),
                ("aarch64", self._armhf),
            ):
                found = layouts.FindLayouts((2, 8), 88, 1006540, 956, 0, machine)
                self.assertEqual(found, [expected], machine)

    def testAmbiguousLog(self):
        """Tests that a log that stays ambiguous is refused, not guessed."""
        path = test_lib.GetLogPath("32bit", "atop_debian12-2.8.1-i386.raw")
        with open(path, "rb") as file_object:
            data = bytearray(file_object.read(layouts.HEADER_SIZE))
        offset = layouts.UTSNAME_OFFSET + (
            layouts.UTSNAME_MACHINE * layouts.UTSNAME_MEMBER_SIZE
        )
        data[offset : offset + 6] = b"mips\x00\x00"
        with mock.patch.object(layouts, "LAYOUTS", (self._i386, self._armhf)):
            with self.assertRaisesRegex(
                errors.UnsupportedLayoutError,
                r"ambiguous .* i386, armhf builds alike, on machine 'mips'",
            ):
                header.AtopLogHeader(bytes(data))
            data[offset : offset + 6] = b"i686\x00\x00"
            self.assertIs(header.AtopLogHeader(bytes(data)).layout, self._i386)


if __name__ == "__main__":
    unittest.main()
