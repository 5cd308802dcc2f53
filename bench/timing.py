"""Times what produces plaso event data, with plaso's own work taken out.

The parser's own time is everything but plaso's ProduceEventData: a real
parser mediator is wrapped to time each of its calls, and the cost of timing
a call is measured apart and taken out too, as timeit leaves out the cost of
its loop.
"""

import time

from bench import discarding


class TimedMediator:
    """Wraps a real plaso parser mediator to time its ProduceEventData.

    Attributes:
      number_of_event_data (int): number of event data produced.
      produce_seconds (float): seconds spent in plaso's ProduceEventData.
    """

    abort = False

    def __init__(self, mediator):
        """Initializes the wrapper.

        Args:
          mediator (ParserMediator): parser mediator.
        """
        super().__init__()
        self._produce_event_data = mediator.ProduceEventData
        self.number_of_event_data = 0
        self.produce_seconds = 0.0
        self.GetFileEntry = mediator.GetFileEntry
        self.ProduceWarning = mediator.ProduceWarning

    def ProduceEventData(self, event_data, **kwargs):
        """Produces event data, timing plaso's work.

        Args:
          event_data (EventData): event data.
          kwargs (dict[str, object]): flags of the event data.
        """
        start = time.perf_counter()
        self._produce_event_data(event_data, **kwargs)
        self.produce_seconds += time.perf_counter() - start
        self.number_of_event_data += 1


def MeasureTimingCost(number_of_calls=100000):
    """Measures what timing a call of ProduceEventData costs outside its timing.

    The wrapper's own call, its keyword arguments and its bookkeeping are
    neither the parser's work nor plaso's.

    Args:
      number_of_calls (int): number of calls to time.

    Returns:
      float: seconds per call.
    """
    from plaso.containers import events

    event_data = events.EventData()
    calls = range(number_of_calls)
    best = None
    for _ in range(5):
        mediator = TimedMediator(discarding.DiscardingMediator())
        start = time.perf_counter()
        for _ in calls:
            mediator.ProduceEventData(event_data)
        timed = time.perf_counter() - start - mediator.produce_seconds
        start = time.perf_counter()
        for _ in calls:
            pass
        timed -= time.perf_counter() - start
        best = timed if best is None else min(best, timed)
    return max(best, 0.0) / number_of_calls


def _CreateParserMediator():
    """Creates a real plaso parser mediator that drops the event data it gets.

    log2timeline's workers write event data to a storage file; an in-memory
    storage writer that keeps them all would make the garbage collector, and
    so the parser, slower than in log2timeline.

    Returns:
      ParserMediator: parser mediator.
    """
    from plaso.parsers import mediator as parsers_mediator
    from plaso.storage.fake import writer as fake_writer

    class _DroppingStorageWriter(fake_writer.FakeStorageWriter):
        """Storage writer that drops the attribute containers it gets."""

        def AddAttributeContainer(self, container):
            """Drops an attribute container."""

    storage_writer = _DroppingStorageWriter()
    storage_writer.Open()
    mediator = parsers_mediator.ParserMediator()
    mediator.SetStorageWriter(storage_writer)
    return mediator


def TimeWithParserMediator(function):
    """Times what produces event data through a real parser mediator.

    Args:
      function (function): called with the mediator to produce event data.

    Returns:
      dict[str, object]: its own seconds (plaso's ProduceEventData and the
          cost of timing it taken out), the seconds of ProduceEventData and
          the number of event data.
    """
    timing_cost = MeasureTimingCost()
    mediator = TimedMediator(_CreateParserMediator())
    start = time.perf_counter()
    function(mediator)
    seconds = time.perf_counter() - start
    timing_seconds = timing_cost * mediator.number_of_event_data
    return {
        "seconds": seconds - mediator.produce_seconds - timing_seconds,
        "produce_seconds": mediator.produce_seconds,
        "event_data": mediator.number_of_event_data,
    }
