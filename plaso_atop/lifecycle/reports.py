"""Creates the observations of processes from what a run knows of them."""

from plaso_atop.atoplog import definitions
from plaso_atop.lifecycle import observations
from plaso_atop.lifecycle import processes
from plaso_atop.lifecycle import usage


def CreateProcessStartOrRunning(process, hostname, window_start):
    """Creates the start or running observation of a process.

    Args:
      process (TrackedProcess): process.
      hostname (str): name of the host, or None.
      window_start (int): start of the window of the run, in seconds since the
          epoch.

    Returns:
      ProcessStart|ProcessRunning: process start, or running process if it
          started before the window, or None if it started before the window
          and was never listed alive.
    """
    if process.start_time >= window_start:
        observation = observations.ProcessStart()
        observation.start_time = process.start_time
    elif process.first_alive_time is not None:
        observation = observations.ProcessRunning()
        observation.process_start_time = process.start_time
        observation.sample_time = process.first_alive_time
    else:
        return None

    observation.hostname = hostname
    observation.pid = process.pid
    observation.ppid = process.ppid
    observation.process_name = process.process_name
    observation.command_line = process.command_line
    observation.SetIdentifiers(process.identifiers)
    observation.SetLineage(process.lineage)
    observation.container = process.container
    observation.cgroup = process.cgroup
    observation.corrupted = process.corrupted
    observation.recovered = process.recovered
    return observation


def _SetListedProcessAttributes(observation, process, entry, hostname, sample):
    """Sets the attributes of a process as a sample lists it.

    Args:
      observation (ProcessExec|ProcessCredentialsChange): observation.
      process (TrackedProcess): process.
      entry (TaskEntry): entry of the process in the sample.
      hostname (str): name of the host, or None.
      sample (Sample): sample.
    """
    observation.hostname = hostname
    observation.pid = entry.pid
    observation.ppid = entry.ppid
    observation.process_name = entry.process_name
    observation.command_line = entry.command_line or None
    observation.SetIdentifiers(processes.GetIdentifiers(entry))
    observation.SetLineage(process.lineage)
    observation.process_start_time = entry.start_time
    observation.sample_time = sample.time
    observation.SetSampleFlags(sample)


def CreateProcessExec(process, entry, previous_entry, previous_time, hostname, sample):
    """Creates the observation of a process listed under another name.

    Args:
      process (TrackedProcess): process.
      entry (TaskEntry): entry of the process in the sample.
      previous_entry (TaskEntry): entry of the process at its previous listing.
      previous_time (int): time of the previous listing.
      hostname (str): name of the host, or None.
      sample (Sample): sample.

    Returns:
      ProcessExec: process exec.
    """
    process_exec = observations.ProcessExec()
    _SetListedProcessAttributes(process_exec, process, entry, hostname, sample)
    process_exec.container = entry.container or None
    process_exec.cgroup = entry.cgroup or None
    process_exec.previous_process_name = previous_entry.process_name
    process_exec.previous_command_line = previous_entry.command_line or None
    process_exec.previous_sample_time = previous_time
    return process_exec


def CreateProcessCredentialsChange(
    process, entry, previous_entry, previous_time, hostname, sample
):
    """Creates the observation of a process listed with other identifiers.

    Args:
      process (TrackedProcess): process.
      entry (TaskEntry): entry of the process in the sample.
      previous_entry (TaskEntry): entry of the process at its previous listing.
      previous_time (int): time of the previous listing.
      hostname (str): name of the host, or None.
      sample (Sample): sample.

    Returns:
      ProcessCredentialsChange: process credentials change.
    """
    change = observations.ProcessCredentialsChange()
    _SetListedProcessAttributes(change, process, entry, hostname, sample)
    change.previous_uid = previous_entry.uid
    change.previous_euid = previous_entry.euid
    change.previous_suid = previous_entry.suid
    change.previous_fsuid = previous_entry.fsuid
    change.previous_gid = previous_entry.gid
    change.previous_egid = previous_entry.egid
    change.previous_sgid = previous_entry.sgid
    change.previous_fsgid = previous_entry.fsgid
    change.gained_root = (entry.uid == 0 and previous_entry.uid != 0) or (
        entry.euid == 0 and previous_entry.euid != 0
    )
    change.previous_sample_time = previous_time
    return change


def _GetLifetimeUsage(exited_process, process):
    """Retrieves what an exited process used over its life.

    Args:
      exited_process (ExitedProcess): exited process.
      process (TrackedProcess): the process, as the run knows it, with what
          it used over its life, its exit included, or None if its start time
          is implausible.

    Returns:
      UsageCounters: what the process used: the totals of the run, or else
          what its exit entry holds.
    """
    if process:
        return process.total_usage
    total_usage = usage.UsageCounters()
    total_usage.AddCpuTime(exited_process.cpu_user_time, exited_process.cpu_system_time)
    total_usage.AddNetwork(
        exited_process.network_sent_bytes, exited_process.network_received_bytes
    )
    return total_usage


def CreateProcessExit(exited_process, process, hostname, sample):
    """Creates the observation of an exited process.

    Args:
      exited_process (ExitedProcess): exited process.
      process (TrackedProcess): the process, as the run knows it, with what
          it used over its life, its exit included, or None if its start time
          is implausible.
      hostname (str): name of the host, or None.
      sample (Sample): sample that reported the exit.

    Returns:
      ProcessExit: process exit.
    """
    start_time = exited_process.start_time
    if not definitions.IsPlausibleTime(start_time):
        start_time = None

    exit_time = exited_process.exit_time
    run_time = None
    if start_time is not None and exit_time >= start_time:
        run_time = exit_time - start_time

    command_line = exited_process.command_line or None
    ppid = exited_process.ppid or None
    if process:
        command_line = command_line or process.command_line
        ppid = ppid or process.ppid or None

    process_exit = observations.ProcessExit()
    process_exit.hostname = hostname
    process_exit.pid = exited_process.pid
    process_exit.ppid = ppid
    process_exit.process_name = exited_process.process_name
    process_exit.command_line = command_line
    process_exit.uid = exited_process.uid
    process_exit.gid = exited_process.gid
    process_exit.exit_code = exited_process.exit_code
    process_exit.signal = exited_process.signal
    process_exit.core_dumped = exited_process.core_dumped
    process_exit.process_start_time = start_time
    process_exit.exit_time = exit_time
    process_exit.exit_time_estimated = exited_process.exit_time_estimated
    process_exit.run_time = run_time
    process_exit.SetUsage(_GetLifetimeUsage(exited_process, process))
    process_exit.SetSampleFlags(sample)
    return process_exit
