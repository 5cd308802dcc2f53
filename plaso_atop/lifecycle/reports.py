"""Creates the observations of processes from what a run knows of them."""

from plaso_atop.atoplog import definitions
from plaso_atop.lifecycle import observations
from plaso_atop.lifecycle import processes
from plaso_atop.lifecycle import usage

IDENTIFIER_FIELDS = processes.IDENTIFIER_FIELDS


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
        observation_type = observations.ProcessStart
        times = {"start_time": process.start_time}
    elif process.first_alive_time is not None:
        observation_type = observations.ProcessRunning
        times = {
            "process_start_time": process.start_time,
            "sample_time": process.first_alive_time,
        }
    else:
        return None

    uid, euid, suid, fsuid, gid, egid, sgid, fsgid = process.identifiers
    lineage = process.lineage
    return observation_type(
        hostname=hostname,
        pid=process.pid,
        ppid=process.ppid,
        process_name=process.process_name,
        command_line=process.command_line,
        uid=uid,
        euid=euid,
        suid=suid,
        fsuid=fsuid,
        gid=gid,
        egid=egid,
        sgid=sgid,
        fsgid=fsgid,
        parent_process_name=lineage.parent_process_name,
        parent_command_line=lineage.parent_command_line,
        process_ancestry=lineage.process_ancestry,
        container=process.container,
        cgroup=process.cgroup,
        corrupted=process.corrupted,
        recovered=process.recovered,
        **times,
    )


def _GetListedProcessAttributes(process, entry, hostname, sample):
    """Retrieves the attributes of a process as a sample lists it.

    Args:
      process (TrackedProcess): process.
      entry (TaskEntry): entry of the process in the sample.
      hostname (str): name of the host, or None.
      sample (Sample): sample.

    Returns:
      dict[str, object]: attribute values by name.
    """
    return {
        "hostname": hostname,
        "pid": entry.pid,
        "ppid": entry.ppid,
        "process_name": entry.process_name,
        "command_line": entry.command_line or None,
        **dict(zip(IDENTIFIER_FIELDS, processes.GetIdentifiers(entry))),
        **process.lineage._asdict(),
        "process_start_time": entry.start_time,
        "sample_time": sample.time,
        "corrupted": sample.corrupted,
        "recovered": sample.recovered,
    }


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
    return observations.ProcessExec(
        container=entry.container or None,
        cgroup=entry.cgroup or None,
        previous_process_name=previous_entry.process_name,
        previous_command_line=previous_entry.command_line or None,
        previous_sample_time=previous_time,
        **_GetListedProcessAttributes(process, entry, hostname, sample),
    )


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
    return observations.ProcessCredentialsChange(
        **{
            f"previous_{name:s}": getattr(previous_entry, name)
            for name in IDENTIFIER_FIELDS
        },
        gained_root=(entry.uid == 0 and previous_entry.uid != 0)
        or (entry.euid == 0 and previous_entry.euid != 0),
        previous_sample_time=previous_time,
        **_GetListedProcessAttributes(process, entry, hostname, sample),
    )


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
    total_usage = _GetLifetimeUsage(exited_process, process)

    return observations.ProcessExit(
        hostname=hostname,
        pid=exited_process.pid,
        ppid=ppid,
        process_name=exited_process.process_name,
        command_line=command_line,
        uid=exited_process.uid,
        gid=exited_process.gid,
        exit_code=exited_process.exit_code,
        signal=exited_process.signal,
        core_dumped=exited_process.core_dumped,
        process_start_time=start_time,
        exit_time=exit_time,
        exit_time_estimated=exited_process.exit_time_estimated,
        run_time=run_time,
        cpu_user_time=total_usage.cpu_user_time,
        cpu_system_time=total_usage.cpu_system_time,
        disk_read_bytes=total_usage.disk_read_bytes,
        disk_write_bytes=total_usage.disk_write_bytes,
        disk_cancelled_write_bytes=total_usage.disk_cancelled_write_bytes,
        network_sent_bytes=total_usage.network_sent_bytes,
        network_received_bytes=total_usage.network_received_bytes,
        corrupted=sample.corrupted,
        recovered=sample.recovered,
    )
