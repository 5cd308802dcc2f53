"""The benchmark's own virtual environment, for the code it compares us with.

atoparser, dissect.target and the other inflate libraries are installed into
bench/.venv, not into the project's environment.
"""

import os
import subprocess
import sys

from bench import logs

BENCH_VENV_PATH = os.path.join(logs.BENCH_PATH, ".venv")

# Packages of the benchmark's own environment.
BENCH_PACKAGES = [
    "atoparser==3.3.1",
    "dissect.target==3.25.1",
    "deflate",
    "isal",
    "zlib-ng",
]


def SetUpBenchEnvironment():
    """Creates the benchmark's own virtual environment, once.

    Returns:
      str: path of its Python.
    """
    python = os.path.join(BENCH_VENV_PATH, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", BENCH_VENV_PATH], check=True)
        subprocess.run(
            [python, "-m", "pip", "install", "-q", *BENCH_PACKAGES], check=True
        )
    return python
