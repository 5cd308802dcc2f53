"""The least that a parser of atop logs on our reader and plaso's event data does.

It reads the samples, with the identities of their tasks that tell one
process from another, decodes the exited entries and produces the start and
the exit event data of each, with the parser's own observations and event
data factory, through a real parser mediator. Nothing is tracked: no parent,
no process listed before its exit, no window of a run. On a log whose
processes start and exit between samples, this bounds from below what any
parser built on our reader and plaso's event data can take: the tracking has
to fit in the time between it and the goal.
"""

from plaso_atop import event_data_factory
from plaso_atop.atoplog import reader
from plaso_atop.lifecycle import processes
from plaso_atop.lifecycle import reports


def ProduceEventData(path, mediator):
    """Produces a start and an exit event data per exited entry of a log.

    Args:
      path (str): path of the log.
      mediator (ParserMediator): parser mediator.
    """
    factory = event_data_factory.EventDataFactory()
    with open(path, "rb") as file_object:
        for sample in reader.AtopLogFile(file_object).ReadSamples():
            hostname = sample.header.hostname or None
            sample.GetTaskIdentities()
            for exited_process in sample.GetExitedProcesses():
                process = processes.TrackedProcess.FromExit(exited_process, sample)
                start = reports.CreateProcessStartOrRunning(
                    process, hostname, exited_process.start_time
                )
                mediator.ProduceEventData(factory.CreateEventData(start))
                exit_observation = reports.CreateProcessExit(
                    exited_process, process, hostname, sample
                )
                mediator.ProduceEventData(factory.CreateEventData(exit_observation))
