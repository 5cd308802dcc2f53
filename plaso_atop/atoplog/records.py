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


def _GetCounterFlags(version, support_flags, flags):
    """Determines which resource counters the task entries of a sample hold.

    From 2.2.6 on, the header holds placeholders of the I/O statistics and
    netatop features (RAWLOGNG) and each sample says whether it has them;
    before, the header says. netatop-bpf (2.10+) is in the header only, and
    1.26 had per-task network counters with its kernel patch only.

    Args:
      version (tuple[int, int]): (major, minor) release of the writer.
      support_flags (int): features of the writer, from the header.
      flags (int): flags of the sample record.

    Returns:
      tuple[bool, bool]: True if the entries hold the disk counters, and True
          if they hold the network counters.
    """
    if version < (2, 0):
        return (
            bool(support_flags & layouts.SUPPORT_IOSTAT),
            bool(support_flags & layouts.SUPPORT_PATCHSTAT),
        )
    if support_flags & layouts.SUPPORT_RAWLOGNG == layouts.SUPPORT_RAWLOGNG:
        has_disk_counters = bool(flags & layouts.RRIOSTAT)
    else:
        has_disk_counters = bool(support_flags & layouts.SUPPORT_IOSTAT)
    has_network_counters = bool(
        flags & layouts.RRNETATOP or support_flags & layouts.SUPPORT_NETATOPBPF
    )
    return has_disk_counters, has_network_counters


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
      is_boot (bool): True if the sample is the first of an atop run, whose
          counters are since boot (RRBOOT).
      has_cgroup_path (bool): True if the sample says that the task entries
          hold the cgroup path (RRCGRSTAT, 2.8 to 2.10), or has the cgroup
          blocks (2.11+).
      has_disk_counters (bool): True if the task entries hold the disk
          counters of the kernel's I/O statistics.
      has_network_counters (bool): True if the task entries hold the network
          counters of netatop.
      number_of_tasks (int): number of task entries (ndeviat, nlist in 1.26).
      number_of_lost_exits (int): number of exits that atop dropped (noverflow).
      number_of_cgroups (int): number of cgroup entries (ncgroups, 2.11+).
      blocks (list[Block]): blocks of the sample, in the order they are stored.
      size (int): size of the record and its blocks.
    """

    def __init__(self, header, values):
        """Initializes a sample record.

        Args:
          header (AtopLogHeader): header of the log.
          values (dict[str, int]): values of the record fields, by name.
        """
        super().__init__()
        layout = header.layout
        flags = values["flags"]

        self.time = values["curtime"]
        self.interval = values["interval"]
        self.is_boot = bool(flags & layouts.RRBOOT)
        self.has_cgroup_path = bool(flags & layouts.RRCGRSTAT)
        self.has_disk_counters, self.has_network_counters = _GetCounterFlags(
            header.version, header.support_flags, flags
        )
        self.number_of_tasks = values["ndeviat"]
        self.number_of_lost_exits = values.get("noverflow", 0)
        self.number_of_cgroups = 0

        self.blocks = [
            Block(
                name=SSTAT_BLOCK,
                size=values["scomplen"],
                inflated_size=layout.sstat_size,
            ),
            Block(
                name=TSTAT_BLOCK,
                size=values["pcomplen"],
                inflated_size=self.number_of_tasks * layout.tstat_size,
            ),
        ]
        # atop only reads the cgroup blocks of samples flagged to have them.
        if layout.has_cgroup_blocks and self.has_cgroup_path:
            self.number_of_cgroups = values["ncgroups"]
            self.blocks.append(
                Block(
                    name=CSTAT_BLOCK,
                    size=values["ccomplen"],
                    inflated_size=values["coriglen"],
                )
            )
            self.blocks.append(
                Block(
                    name=CGROUP_PID_BLOCK,
                    size=values["icomplen"],
                    inflated_size=values["ncgpids"] * 4,
                )
            )
        self.size = layout.record_size + sum(block.size for block in self.blocks)

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


class SampleRecordDecoder:
    """Decodes the sample records of one atop log."""

    def __init__(self, header):
        """Initializes a sample record decoder.

        Args:
          header (AtopLogHeader): header of the log.
        """
        super().__init__()
        self._field_names = tuple(field.name for field in header.layout.record_fields)
        self._header = header
        self._record_reader = header.layout.CreateRecordReader()

    def Decode(self, data):
        """Decodes a sample record.

        Args:
          data (bytes): sample record data, of the record size.

        Returns:
          SampleRecord: sample record.
        """
        values = dict(zip(self._field_names, self._record_reader.Read(data, 0)))
        return SampleRecord(self._header, values)
