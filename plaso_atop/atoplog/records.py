"""The sample record (rawrecord) that starts every sample of an atop raw log."""

import collections

from plaso_atop.atoplog import definitions
from plaso_atop.atoplog import errors
from plaso_atop.atoplog import inflate
from plaso_atop.atoplog import layouts

# Largest inflated task block accepted for one sample: about half a million
# task entries, far above what busy hosts write, and a bound on memory.
MAXIMUM_TASK_DATA_SIZE = 512 * 1024 * 1024

# Largest cgroup blocks accepted for one sample.
MAXIMUM_CGROUP_DATA_SIZE = 64 * 1024 * 1024

# Names of the blocks of a sample, in the order they are stored.
SSTAT_BLOCK = "sstat"
TSTAT_BLOCK = "tstat"
CSTAT_BLOCK = "cstat"
CGROUP_PID_BLOCK = "cgroup PID list"


def _CompressBound(size):
    """Computes the largest size that zlib's compress() produces.

    Args:
      size (int): size of the uncompressed data.

    Returns:
      int: largest compressed size, as zlib's compressBound().
    """
    return size + (size >> 12) + (size >> 14) + (size >> 25) + 13


class Block(collections.namedtuple("Block", ["name", "size", "inflated_size"])):
    """A zlib block of a sample.

    Attributes:
      name (str): name of the block, such as "tstat".
      size (int): stored (compressed) size.
      inflated_size (int): inflated size that the sample record declares.
    """

    __slots__ = ()

    def GetSizeProblem(self):
        """Checks that the stored and inflated sizes are plausible.

        Returns:
          str: description of the problem, or None if the sizes are plausible.
        """
        if not 2 <= self.size <= _CompressBound(self.inflated_size):
            return (
                f"{self.name:s} block of {self.size:d} bytes cannot hold "
                f"{self.inflated_size:d} bytes"
            )
        if self.inflated_size > self.size * inflate.MAXIMUM_COMPRESSION_RATIO:
            return (
                f"{self.name:s} block of {self.size:d} bytes cannot inflate to "
                f"{self.inflated_size:d} bytes"
            )
        if (
            self.name in (CSTAT_BLOCK, CGROUP_PID_BLOCK)
            and self.inflated_size > MAXIMUM_CGROUP_DATA_SIZE
        ):
            return (
                f"{self.name:s} block of implausible size: {self.inflated_size:d} "
                f"bytes"
            )
        return None


class SampleRecord:
    """The record that starts a sample: its time, its counts and its blocks.

    Attributes:
      time (int): time at the end of the sample interval, in seconds since the
          epoch (curtime).
      interval (int): seconds covered by the sample; in a boot sample, the
          seconds since the host booted.
      flags (int): sample flags.
      is_boot (bool): True if the sample is the first of an atop run, whose
          counters are since boot (RRBOOT).
      number_of_tasks (int): number of task entries (ndeviat, nlist in 1.26).
      number_of_processes (int): number of processes (totproc, npresent in
          1.26).
      number_of_exited_processes (int): number of processes that exited during
          the interval (nexit).
      number_of_lost_exits (int): number of exits that atop dropped (noverflow).
      number_of_cgroups (int): number of cgroup entries (ncgroups, 2.11+).
      blocks (list[Block]): blocks of the sample, in the order they are stored.
      size (int): size of the record and its blocks.
    """

    def __init__(self, layout, data):
        """Initializes a sample record.

        Args:
          layout (layouts.Layout): layout of the log.
          data (bytes): record data, of the record size of the layout.
        """
        super().__init__()
        values = dict(zip(layout.record_field_names, layout.record_struct.unpack(data)))
        flags = values["flags"]

        self.time = values["curtime"]
        self.interval = values["interval"]
        self.flags = flags
        self.is_boot = bool(flags & layouts.RRBOOT)
        self.number_of_tasks = values["ndeviat"]
        self.number_of_processes = values["totproc"]
        self.number_of_exited_processes = values.get("nexit", 0)
        self.number_of_lost_exits = values.get("noverflow", 0)
        self.number_of_cgroups = 0

        self.blocks = [
            Block(SSTAT_BLOCK, values["scomplen"], layout.sstat_size),
            Block(
                TSTAT_BLOCK,
                values["pcomplen"],
                self.number_of_tasks * layout.tstat_size,
            ),
        ]
        # atop only reads the cgroup blocks of samples flagged to have them.
        if layout.has_cgroup_blocks and flags & layouts.RRCGRSTAT:
            self.number_of_cgroups = values["ncgroups"]
            self.blocks.append(
                Block(CSTAT_BLOCK, values["ccomplen"], values["coriglen"])
            )
            self.blocks.append(
                Block(CGROUP_PID_BLOCK, values["icomplen"], values["ncgpids"] * 4)
            )
        self.size = len(data) + sum(block.size for block in self.blocks)

    def Check(self):
        """Checks that the record is plausible.

        The cgroup blocks are checked when they are inflated: damage to them
        loses the cgroups of the sample, not its tasks.

        Raises:
          DamagedSampleError: if the record is not plausible.
        """
        if not definitions.IsPlausibleTime(self.time):
            raise errors.DamagedSampleError(f"implausible sample time: {self.time:d}")

        if self.blocks[1].inflated_size > MAXIMUM_TASK_DATA_SIZE:
            raise errors.DamagedSampleError(
                f"implausible number of tasks: {self.number_of_tasks:d}"
            )

        for block in self.blocks[:2]:
            problem = block.GetSizeProblem()
            if problem:
                raise errors.DamagedSampleError(problem)
