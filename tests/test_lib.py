"""Shared test helpers."""

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
