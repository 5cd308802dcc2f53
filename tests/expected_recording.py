"""atop's own record as a log must give it, derived from atop's own -P output.

A second, plain implementation of the recording rules of the atop parser, on
atop's text output: the runs from its RESET lines, the sample times and
intervals from its lines. The release and the kernel release, which atop does
not print, come from the raw header, read here by its offsets.
"""

import collections
import struct

ExpectedRecordingStart = collections.namedtuple(
    "ExpectedRecordingStart",
    [
        "hostname",
        "start_time",
        "atop_version",
        "kernel_release",
        "interval",
        "boot_time",
        "started_with_host",
        "previous_recording_end",
    ],
)

ExpectedRecordingEnd = collections.namedtuple(
    "ExpectedRecordingEnd",
    ["hostname", "end_time", "number_of_samples", "next_recording_start"],
)

ExpectedRecordingGap = collections.namedtuple(
    "ExpectedRecordingGap",
    ["hostname", "gap_start", "gap_end", "gap_seconds", "interval"],
)

ExpectedClockChange = collections.namedtuple(
    "ExpectedClockChange",
    ["hostname", "sample_time", "previous_sample_time", "step_seconds"],
)

ExpectedSystemBoot = collections.namedtuple(
    "ExpectedSystemBoot", ["hostname", "boot_time"]
)

ExpectedRecording = collections.namedtuple(
    "ExpectedRecording",
    [
        "recording_starts",
        "recording_ends",
        "recording_gaps",
        "clock_changes",
        "system_boots",
    ],
)


def ReadRelease(log_path):
    """Reads the atop release and the kernel release from a raw header.

    Args:
      log_path (str): path of the log.

    Returns:
      tuple[str, str]: atop release, such as "2.8", and kernel release.
    """
    with open(log_path, "rb") as file_object:
        header = file_object.read(480)
    version_word = struct.unpack_from("<H", header, 4)[0]
    # utsname.release: 65 characters at offset 166.
    kernel_release = header[166:231].split(b"\0", 1)[0].decode("utf-8", "replace")
    return f"{(version_word >> 8) & 0x7F:d}.{version_word & 0xFF:d}", kernel_release


def DeriveRecording(samples, atop_version, kernel_release):
    """Derives the recording events of a log from its parseable output.

    Args:
      samples (list[ParseableSample]): samples of the log.
      atop_version (str): atop release of the log.
      kernel_release (str): kernel release of the log.

    Returns:
      ExpectedRecording: expected events.
    """
    runs = []
    for sample in samples:
        if sample.boot or not runs:
            runs.append([])
        runs[-1].append(sample)

    events = ExpectedRecording([], [], [], [], [])
    boot_times = []
    for index, run in enumerate(runs):
        first = run[0]
        hostname = first.host
        interval = run[1].interval if len(run) > 1 else None
        if first.boot:
            if interval is None:
                started_with_host = first.interval <= 600
            else:
                started_with_host = first.interval <= 2 * interval
            boot_time = first.time - first.interval
            previous_end = runs[index - 1][-1].time if index else None
            events.recording_starts.append(
                ExpectedRecordingStart(
                    hostname,
                    first.time,
                    atop_version,
                    kernel_release,
                    interval,
                    boot_time,
                    started_with_host,
                    previous_end,
                )
            )
            if started_with_host and all(
                abs(boot_time - other) > 1 for other in boot_times
            ):
                boot_times.append(boot_time)
                events.system_boots.append(ExpectedSystemBoot(hostname, boot_time))

        for previous, sample in zip(run, run[1:]):
            seconds = sample.time - previous.time
            if seconds < 0:
                events.clock_changes.append(
                    ExpectedClockChange(hostname, sample.time, previous.time, seconds)
                )
            elif seconds > 2 * interval:
                events.recording_gaps.append(
                    ExpectedRecordingGap(
                        hostname, previous.time, sample.time, seconds, interval
                    )
                )

        next_start = runs[index + 1][0].time if index + 1 < len(runs) else None
        events.recording_ends.append(
            ExpectedRecordingEnd(hostname, run[-1].time, len(run), next_start)
        )
    return events
