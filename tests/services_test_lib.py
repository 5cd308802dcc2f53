"""Helpers to run the services of the pipeline tests: Redis and the processes
of Turbinia and Timesketch, on loopback, each stopped however a test ends."""

import os
import signal
import socket
import subprocess
import time

PROJECT_PATH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def FindFreePort():
    """Finds a TCP port on loopback that no one listens on.

    Returns:
      int: port.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def GetVirtualEnvironment(name, variable):
    """Retrieves the path of a virtual environment that .ci/run sets up.

    Args:
      name (str): name of its directory in the project, such as
          ".venv-turbinia".
      variable (str): environment variable that names another path.

    Returns:
      str: path of the virtual environment.

    Raises:
      AssertionError: if it has no Python.
    """
    path = os.environ.get(variable) or os.path.join(PROJECT_PATH, name)
    if not os.path.isfile(os.path.join(path, "bin", "python")):
        raise AssertionError(
            f"No virtual environment at {path:s}: .ci/run sets it up, or set "
            f"{variable:s} to one."
        )
    return path


class Service:
    """A process of a service, in a process group of its own.

    Attributes:
      log_path (str): path of the file of its standard output and error.
    """

    def __init__(self, command, log_path, environment=None, working_directory=None):
        """Starts a service.

        Args:
          command (list[str]): command and its arguments.
          log_path (str): path of the file of its standard output and error.
          environment (Optional[dict[str, str]]): environment variables.
          working_directory (Optional[str]): working directory.
        """
        super().__init__()
        self.log_path = log_path
        # What the service logs is in its log file as soon as it is logged.
        environment = dict(environment or os.environ, PYTHONUNBUFFERED="1")
        with open(log_path, "wb") as log_file:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                env=environment,
                cwd=working_directory,
                start_new_session=True,
            )

    def IsRunning(self):
        """Determines if the service is still running.

        Returns:
          bool: True if it runs.
        """
        return self._process.poll() is None

    def ReadLog(self):
        """Reads what the service wrote.

        Returns:
          str: its standard output and error.
        """
        with open(self.log_path, encoding="utf-8", errors="replace") as log_file:
            return log_file.read()

    def Stop(self, timeout=20):
        """Stops the service and every process it started.

        Args:
          timeout (Optional[int]): seconds it has to stop after SIGTERM, before
              SIGKILL.
        """
        try:
            os.killpg(self._process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self._process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
        # What is left of the group: the service if it did not stop, and the
        # processes it started that outlive it.
        try:
            os.killpg(self._process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._process.wait()


def WaitFor(condition, timeout, description):
    """Waits until a condition holds.

    Args:
      condition (function): returns True when the condition holds.
      timeout (float): seconds to wait at most.
      description (str): what is waited for.

    Raises:
      AssertionError: if the condition does not hold in time.
    """
    end_time = time.monotonic() + timeout
    while time.monotonic() < end_time:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {description:s}")


def StartRedis(directory):
    """Starts Debian's redis-server on a loopback port of its own.

    Args:
      directory (str): directory for its files.

    Returns:
      tuple[Service, int]: the server and its port.
    """
    port = FindFreePort()
    redis = Service(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            directory,
        ],
        os.path.join(directory, "redis.log"),
    )

    def _Answers():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as client:
                client.sendall(b"PING\r\n")
                return client.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    WaitFor(_Answers, 30, f"redis-server on port {port:d}")
    return redis, port
