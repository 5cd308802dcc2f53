"""Cross-checks our layouts with the offsets table of the format reference."""

import json
import os
import struct
import unittest

from plaso_atop.atoplog import cgroups
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
    """Compares every layout with atop-layouts.json."""

    def setUp(self):
        """Reads the reference table."""
        path = os.path.join(test_lib.TEST_DATA_PATH, "atop-layouts.json")
        with open(path, encoding="utf-8") as file_object:
            self._table = json.load(file_object)

    def _GetLayout(self, family):
        """Retrieves our layout of a family of the table.

        Args:
          family (dict): family in the table.

        Returns:
          layouts.Layout: layout.
        """
        task = family.get("tstat") or family.get("pstat")
        layout = layouts.FindLayout(
            family["rawrecord"]["size"],
            family["sstat"]["size"],
            task["size"],
            family.get("cstat", {}).get("size", 0),
        )
        self.assertIsNotNone(layout)
        return layout

    def testTaskFields(self):
        """Tests the offset and size of every task field we decode."""
        checked_families = 0
        for family_name, family in self._table.items():
            layout = self._GetLayout(family)
            version = tuple(int(part) for part in family_name.split("/")[0].split("."))
            members = (family.get("tstat") or family.get("pstat"))["members"]
            fields = {field.name: field for field in layout.task_fields}
            valid_fields = {field.name for field in layout.GetTaskFields(version)}
            self.assertEqual(set(fields) - set(_TASK_MEMBERS), set())
            for name, member_name in _TASK_MEMBERS.items():
                member = _FindMember(members, member_name)
                with self.subTest(family=family_name, field=name):
                    if name not in valid_fields:
                        self.assertTrue(member is None or name not in fields)
                        continue
                    self.assertIsNotNone(member)
                    field = fields[name]
                    self.assertEqual(field.offset, member["offset"])
                    self.assertEqual(
                        struct.calcsize("<" + field.format), member["size"]
                    )
            checked_families += 1
        self.assertEqual(checked_families, 13)

    def testRecordFields(self):
        """Tests the offset and size of every sample record field."""
        for family_name, family in self._table.items():
            layout = self._GetLayout(family)
            members = family["rawrecord"]["members"]
            fields = layout.record_fields
            for field in fields:
                member_name = field.name
                if family_name == "1.26":
                    member_name = _RECORD_MEMBERS_126.get(member_name, member_name)
                with self.subTest(family=family_name, field=field.name):
                    member = members[member_name]
                    self.assertEqual(field.offset, member["offset"])
                    self.assertEqual(
                        struct.calcsize("<" + field.format), member["size"]
                    )

    def testHeaderAndCgroup(self):
        """Tests the header and cgroup entry offsets."""
        for family_name, family in self._table.items():
            members = family["rawheader"]["members"]
            self.assertEqual(family["rawheader"]["size"], layouts.HEADER_SIZE)
            self.assertEqual(members["magic"]["offset"], 0)
            self.assertEqual(members["aversion"]["offset"], 4)
            self.assertEqual(members["rawheadlen"]["offset"], 10)
            self.assertEqual(members["rawreclen"]["offset"], 12)
            self.assertEqual(members["hertz"]["offset"], 14)
            self.assertEqual(members["sstatlen"]["offset"], 28)
            tstat_size_member = members.get("tstatlen") or members.get("pstatlen")
            self.assertEqual(tstat_size_member["offset"], 32)
            self.assertEqual(
                members["utsname.nodename[65]"]["offset"],
                layouts.UTSNAME_OFFSET + layouts.UTSNAME_MEMBER_SIZE,
            )
            self.assertEqual(members["pagesize"]["offset"], layouts.HEADER_TAIL_OFFSET)
            self.assertEqual(
                members["supportflags"]["offset"], layouts.HEADER_TAIL_OFFSET + 4
            )
            if "cstat" in family:
                self.assertEqual(
                    members["cstatlen"]["offset"], layouts.HEADER_TAIL_OFFSET + 20
                )
                cstat = family["cstat"]["members"]
                self.assertEqual(
                    [
                        cstat[name]["offset"]
                        for name in (
                            "gen.structlen",
                            "gen.parentseq",
                            "gen.nprocs",
                            "gen.namelen",
                        )
                    ],
                    [0, 8, 16, 24],
                )
                self.assertEqual(
                    cgroups._CGROUP_GENERAL.size, cstat["gen.fullnamelen"]["offset"] + 4
                )


if __name__ == "__main__":
    unittest.main()
