"""Tests the processes of a run and how they are recognized across samples."""

import unittest

from plaso_atop.lifecycle import processes

from tests import test_lib


def _Entry(**values):
    """Builds a live task entry.

    Args:
      values (dict[str, object]): field values.

    Returns:
      TaskEntry: task entry.
    """
    return test_lib.CreateTaskEntry(
        **{
            "state": "S",
            "command_line": "",
            "process_name": "init",
            "ppid": 0,
            **values,
        }
    )


def _Process(pid, start_time, time, identity=None, **values):
    """Builds a tracked process first listed at a time."""
    entry = _Entry(pid=pid, start_time=start_time, **values)
    return processes.TrackedProcess.FromEntry(
        entry,
        test_lib.FakeSample(time, False, False),
        (pid, start_time) if identity is None else identity,
        b"",
    )


class TrackedProcessTest(test_lib.BaseTestCase):
    """Tests a tracked process."""

    def testListings(self):
        """Tests what a process was listed as, over time."""
        process = _Process(10, 900, 1000, process_name="bash", command_line="bash -c x")
        process.SetListing(
            _Entry(pid=10, process_name="bash", command_line="bash -c x"), b"a", 1001
        )
        self.assertEqual(len(process.listings), 1)
        for time, name in ((1005, "python3"), (1010, "kworkerd"), (1020, "sleep")):
            process.SetListing(
                _Entry(pid=10, process_name=name, command_line=name), b"b", time
            )

        # The first listing and the two most recent ones.
        self.assertEqual(
            [listing.process_name for listing in process.listings],
            ["bash", "kworkerd", "sleep"],
        )
        self.assertEqual(process.GetListingAt(1012).process_name, "kworkerd")
        self.assertEqual(process.GetListingAt(1020).process_name, "sleep")
        self.assertEqual(process.GetListingAt(1000).process_name, "bash")
        self.assertIsNone(process.GetListingAt(999))
        self.assertEqual(process.latest_entry.process_name, "sleep")
        self.assertEqual(process.listing_time, 1020)


class ProcessTableTest(test_lib.BaseTestCase):
    """Tests the process table."""

    def testExitedProcess(self):
        """Tests matching exits with the start time tolerance."""
        table = processes.ProcessTable()
        process = _Process(10, 1000, 1001, identity=1)
        table.Add(process)
        self.assertIs(table.Get(1), process)

        for start_time in (999, 1000, 1001):
            exited = _Entry(pid=10, start_time=start_time, state="E")
            self.assertIs(table.FindExitedProcess(exited), process)
        self.assertIsNone(
            table.FindExitedProcess(_Entry(pid=10, start_time=1002, state="E"))
        )
        self.assertIsNone(
            table.FindExitedProcess(_Entry(pid=0, start_time=1000, state="E"))
        )

        # Process accounting's start time can be a few seconds later: still
        # the exit of a process that was listed alive by then.
        listed_later = _Process(20, 1000, 1010, identity=2)
        table.Add(listed_later)
        for start_time, found in (
            (998, None),
            (1003, listed_later),
            (1010, listed_later),
            (1011, None),
        ):
            exited = _Entry(pid=20, start_time=start_time, state="E")
            self.assertIs(table.FindExitedProcess(exited), found)

        process.exited = True
        self.assertIsNone(
            table.FindExitedProcess(_Entry(pid=10, start_time=1000, state="E"))
        )
        table.Remove(process)
        self.assertIsNone(table.Get(1))
        self.assertTrue(table.HasExited(1))
        # The exited identity and the live process of PID 20.
        self.assertEqual(table.number_of_entries, 2)

    def testFindParent(self):
        """Tests the parent as listed at or before the start of the child."""
        table = processes.ProcessTable()
        parent = _Process(
            10, 900, 1000, identity=1, process_name="php-fpm8.2", command_line="php-fpm"
        )
        table.Add(parent)
        table.SetListing(
            parent, _Entry(pid=10, process_name="bash", command_line="bash"), b"x", 1010
        )

        def _Parent(ppid, start_time, first_listing_time):
            lineage = table.FindLineage(20, ppid, start_time, first_listing_time)
            return lineage.parent_process_name, lineage.parent_command_line

        self.assertEqual(_Parent(10, 1005, 1006), ("php-fpm8.2", "php-fpm"))
        self.assertEqual(_Parent(10, 1010, 1011), ("bash", "bash"))
        # Started before the first listing of its parent: the first listing,
        # if it is not later than the first listing of the child.
        self.assertEqual(_Parent(10, 950, 1000), ("php-fpm8.2", "php-fpm"))
        self.assertEqual(_Parent(10, 950, 999), (None, None))
        # A process with that PID that started after the child is not its parent.
        self.assertEqual(_Parent(10, 800, 1000), (None, None))
        self.assertEqual(_Parent(11, 1005, 1006), (None, None))
        self.assertEqual(_Parent(0, 1005, 1006), (None, None))

    def testAncestry(self):
        """Tests the ancestry: every ancestor as listed when the process started."""
        table = processes.ProcessTable()
        table.Add(_Process(1, 100, 1000, identity=1, process_name="systemd"))
        table.Add(_Process(74, 900, 1000, identity=2, process_name="php-fpm", ppid=1))
        server = _Process(84, 950, 1000, identity=3, process_name="bash", ppid=74)
        table.Add(server)
        # The bash executed pwnkit, which a process started later names.
        table.SetListing(
            server, _Entry(pid=84, process_name="pwnkit", ppid=74), b"x", 1010
        )

        lineage = table.FindLineage(90, 84, 1012, 1013)
        self.assertEqual(lineage.parent_process_name, "pwnkit")
        self.assertEqual(
            lineage.process_ancestry, "systemd[1] > php-fpm[74] > pwnkit[84]"
        )
        # Started before the exec: the ancestry of its start.
        self.assertEqual(
            table.FindLineage(91, 84, 1005, 1006).process_ancestry,
            "systemd[1] > php-fpm[74] > bash[84]",
        )
        # A parent PID of 0 gives no ancestry.
        self.assertEqual(table.FindLineage(2, 0, 1005, 1006), processes.NO_LINEAGE)

    def testAncestryEnds(self):
        """Tests where an ancestry ends: unlisted, met before, too deep."""
        table = processes.ProcessTable()
        # 3 names 9 as its parent, which atop never listed.
        table.Add(_Process(3, 100, 1000, identity=3, process_name="sh", ppid=9))
        lineage = table.FindLineage(4, 3, 1005, 1006)
        self.assertEqual(lineage.process_ancestry, "[9] > sh[3]")
        self.assertEqual(lineage.parent_process_name, "sh")
        self.assertEqual(
            table.FindLineage(4, 9, 1005, 1006),
            processes.Lineage(
                parent_process_name=None,
                parent_command_line=None,
                process_ancestry="[9]",
            ),
        )

        # 5 and 6 name each other as their parent.
        table.Add(_Process(5, 100, 1000, identity=5, process_name="a", ppid=6))
        table.Add(_Process(6, 100, 1000, identity=6, process_name="b", ppid=5))
        self.assertEqual(
            table.FindLineage(7, 5, 1005, 1006).process_ancestry, "b[6] > a[5]"
        )
        # The process itself, met again, ends its ancestry below it.
        self.assertEqual(table.FindLineage(6, 5, 1005, 1006).process_ancestry, "a[5]")
        self.assertEqual(table.FindLineage(5, 5, 1005, 1006).process_ancestry, None)

        # A chain of 40 processes: the 32 nearest ancestors.
        table = processes.ProcessTable()
        for pid in range(100, 140):
            table.Add(
                _Process(
                    pid, 100, 1000, identity=pid, process_name=f"p{pid:d}", ppid=pid - 1
                )
            )
        ancestry = table.FindLineage(200, 139, 1005, 1006).process_ancestry
        self.assertEqual(
            ancestry.split(" > "), [f"p{pid:d}[{pid:d}]" for pid in range(108, 140)]
        )

    def testLineageAfterChanges(self):
        """Tests that the lineages follow the changes of the table."""
        table = processes.ProcessTable()
        self.assertEqual(
            table.FindLineage(20, 10, 1005, 1006),
            processes.Lineage(
                parent_process_name=None,
                parent_command_line=None,
                process_ancestry="[10]",
            ),
        )
        parent = _Process(10, 900, 1000, identity=1, process_name="sshd", ppid=1)
        table.Add(parent)
        self.assertEqual(
            table.FindLineage(20, 10, 1005, 1006).process_ancestry, "[1] > sshd[10]"
        )
        # An exec of the parent before the start of the child.
        table.SetListing(
            parent, _Entry(pid=10, process_name="bash", ppid=1), b"x", 1003
        )
        self.assertEqual(
            table.FindLineage(20, 10, 1005, 1006).process_ancestry, "[1] > bash[10]"
        )
        table.Remove(parent)
        self.assertEqual(table.FindLineage(20, 10, 1005, 1006).process_ancestry, "[10]")

    def testParentOncePerPid(self):
        """Tests that a process finds its parent again only for another PID."""
        table = processes.ProcessTable()
        table.Add(_Process(10, 900, 1000, identity=1, process_name="sshd"))
        table.Add(_Process(1, 100, 1000, identity=2, process_name="systemd"))
        child = _Process(20, 1001, 1002, identity=3, ppid=10)
        child.UpdateParent(10, table)
        self.assertEqual(child.lineage.parent_process_name, "sshd")
        table.Remove(table.Get(1))
        child.UpdateParent(10, table)
        self.assertEqual(child.lineage.parent_process_name, "sshd")
        child.UpdateParent(1, table)
        self.assertEqual(child.lineage.parent_process_name, "systemd")

    def testPrune(self):
        """Tests forgetting what a complete sample does not list."""
        table = processes.ProcessTable()
        for identity in range(5):
            table.Add(_Process(100 + identity, 1000, 1001, identity=identity))
        table.Remove(table.Get(0))
        table.Remove(table.Get(1))
        table.Prune([1, 3, 4, 99])
        self.assertEqual(table.number_of_entries, 3)
        self.assertFalse(table.HasExited(0))
        self.assertTrue(table.HasExited(1))
        self.assertIsNone(table.Get(2))
        self.assertIsNotNone(table.Get(3))

    def testExitedIdentitiesAreBounded(self):
        """Tests that the oldest identities of exited processes are forgotten."""
        table = processes.ProcessTable()
        for identity in range(table.MAXIMUM_EXITED_IDENTITIES + 10):
            process = _Process(identity + 1, 1000, 1001, identity=identity)
            table.Add(process)
            table.Remove(process)
        self.assertEqual(table.number_of_entries, table.MAXIMUM_EXITED_IDENTITIES)
        self.assertFalse(table.HasExited(0))
        self.assertTrue(table.HasExited(table.MAXIMUM_EXITED_IDENTITIES + 9))


if __name__ == "__main__":
    unittest.main()
