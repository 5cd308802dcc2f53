"""Shared test helpers."""

import datetime
import os

TEST_DATA_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test_data")

CORPUS_PATH = os.path.join(TEST_DATA_PATH, "corpus")


def GetCorpusPath(name):
    """Retrieves the path of a log of the corpus.

    Args:
      name (str): name of the log.

    Returns:
      str: path of the log.
    """
    return os.path.join(CORPUS_PATH, name)


DAILY_PATH = os.path.join(TEST_DATA_PATH, "daily")


def GetDailyPaths():
    """Retrieves the paths of the two consecutive daily logs of one host.

    Returns:
      list[str]: paths of the first and the second daily log.
    """
    return [
        os.path.join(DAILY_PATH, "atop_20261125"),
        os.path.join(DAILY_PATH, "atop_20261126"),
    ]


def FormatISOTime(timestamp):
    """Formats a time in seconds since the epoch as ISO 8601 in UTC.

    Args:
      timestamp (int): time in seconds since the epoch.

    Returns:
      str: date and time, such as "2026-10-01T08:03:11+00:00".
    """
    return datetime.datetime.fromtimestamp(
        timestamp, tz=datetime.timezone.utc
    ).isoformat()
