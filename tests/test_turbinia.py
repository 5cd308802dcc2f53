"""Runs the atop parser in Turbinia: its server and Celery worker, for real.

Debian's redis-server on a loopback port of its own, and `turbiniactl server`
and `turbiniactl celeryworker` of Turbinia 20240820 in the environment that
.ci/run sets up for it (.venv-turbinia: plaso, plaso-atop and Turbinia),
process a request for test_data/ as Directory evidence whose recipe runs the
atop parser in a PlasoParserTask. The .plaso file of the task holds the same
events as a direct log2timeline run on the same directory.
"""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

from tests import plaso_test_lib
from tests import services_test_lib
from tests import test_lib
from tests import tools_test_lib

# Seconds that the request may take.
REQUEST_TIMEOUT = 300

# The Turbinia configuration: Celery tasks, state in Redis, one host.
CONFIGURATION = """\
INSTANCE_ID = 'plaso-atop-test'
CLOUD_PROVIDER = 'Local'
TASK_MANAGER = 'Celery'
STATE_MANAGER = 'Redis'
OUTPUT_DIR = '{directory:s}/output'
TMP_DIR = '{directory:s}/tmp'
LOG_DIR = '{directory:s}/log'
LOCK_FILE = '{directory:s}/tmp/turbinia-worker.lock'
TMP_RESOURCE_DIR = '{directory:s}/lock'
RESOURCE_FILE = '{directory:s}/lock/turbinia-state.json'
RESOURCE_FILE_LOCK = '{directory:s}/lock/turbinia-state.json.lock'
SCALEDOWN_WORKER_FILE = '{directory:s}/tmp/turbinia-to-scaledown.lock'
SLEEP_TIME = 1
SINGLE_RUN = False
MOUNT_DIR_PREFIX = '{directory:s}/mnt'
SHARED_FILESYSTEM = True
DEBUG_TASKS = False
VERSION_CHECK = False
RECIPE_FILE_DIR = None
DOCKER_ENABLED = False
DISABLED_JOBS = []
DEPENDENCIES = [{{
    'job': 'PlasoJob',
    'programs': ['log2timeline', 'pinfo'],
    'docker_image': None,
    'timeout': 600,
}}]
API_SERVER_ADDRESS = '127.0.0.1'
API_SERVER_PORT = {api_port:d}
API_ALLOWED_ORIGINS = []
API_AUTHENTICATION_ENABLED = False
API_UPLOAD_CHUNK_SIZE = 1024
API_EVIDENCE_UPLOAD_DIR = '{directory:s}/upload'
API_MAX_UPLOAD_SIZE = 1024
WEBUI_PATH = '{directory:s}/web'
REDIS_HOST = '127.0.0.1'
REDIS_PORT = '{redis_port:d}'
REDIS_DB = '0'
CELERY_BROKER = 'redis://127.0.0.1:{redis_port:d}'
CELERY_BACKEND = 'redis://127.0.0.1:{redis_port:d}'
KOMBU_BROKER = CELERY_BROKER
KOMBU_CHANNEL = 'plaso-atop-test-kombu'
KOMBU_DURABLE = True
EMAIL_NOTIFICATIONS = False
PROMETHEUS_ENABLED = False
"""


class TurbiniaTest(test_lib.BaseTestCase):
    """Runs a Turbinia request with the atop parser."""

    @classmethod
    def setUpClass(cls):
        """Starts Redis, the Turbinia server and worker, and runs a request."""
        venv = services_test_lib.GetVirtualEnvironment(
            ".venv-turbinia", "PLASO_ATOP_TURBINIA_VENV"
        )
        cls._directory = tempfile.mkdtemp()
        cls.addClassCleanup(shutil.rmtree, cls._directory, ignore_errors=True)
        for name in ("output", "tmp", "log", "lock", "mnt", "config"):
            os.mkdir(os.path.join(cls._directory, name))
        cls._evidence_path = os.path.join(cls._directory, "evidence", "test_data")
        shutil.copytree(test_lib.TEST_DATA_PATH, cls._evidence_path)

        redis, redis_port = services_test_lib.StartRedis(cls._directory)
        cls.addClassCleanup(redis.Stop)
        with open(
            os.path.join(cls._directory, "config", "turbinia.conf"),
            "w",
            encoding="utf-8",
        ) as file_object:
            file_object.write(
                CONFIGURATION.format(
                    directory=cls._directory,
                    api_port=services_test_lib.FindFreePort(),
                    redis_port=redis_port,
                )
            )

        environment = dict(
            os.environ,
            HOME=cls._directory,
            PATH=os.path.join(venv, "bin") + os.pathsep + os.environ["PATH"],
            TURBINIA_CONFIG_PATH=os.path.join(cls._directory, "config"),
        )
        environment.pop("PYTHONPATH", None)
        cls._services = {}
        for command in ("server", "celeryworker"):
            service = services_test_lib.Service(
                [os.path.join(venv, "bin", "turbiniactl"), command],
                os.path.join(cls._directory, f"{command:s}.log"),
                environment=environment,
                working_directory=cls._directory,
            )
            cls.addClassCleanup(service.Stop)
            cls._services[command] = service

        result = subprocess.run(
            [
                os.path.join(venv, "bin", "python"),
                os.path.join(os.path.dirname(__file__), "turbinia_request.py"),
                cls._evidence_path,
                str(REQUEST_TIMEOUT),
            ],
            capture_output=True,
            check=True,
            cwd=cls._directory,
            env=environment,
            text=True,
            timeout=REQUEST_TIMEOUT + 120,
        )
        cls._request = json.loads(result.stdout.strip().splitlines()[-1])

        # The direct run of the README, on the same directory.
        cls._direct_storage_path = os.path.join(cls._directory, "direct.plaso")
        tools_test_lib.RunLog2Timeline(
            cls._direct_storage_path, cls._evidence_path, "--parsers", "atop"
        )

    def _GetParserTaskStorage(self):
        """Retrieves the .plaso file of the request's PlasoParserTask.

        Returns:
          str: path of the file.
        """
        tasks = [
            task for task in self._request["tasks"] if task["name"] == "PlasoParserTask"
        ]
        self.assertEqual(len(tasks), 1, self._request)
        # The copy that the task saved to the output directory.
        output_path = os.path.join(self._directory, "output")
        storage_paths = [
            path
            for path in tasks[0]["saved_paths"]
            if path.endswith(".plaso") and path.startswith(output_path + os.sep)
        ]
        self.assertEqual(len(storage_paths), 1, tasks[0])
        return storage_paths[0]

    def testRequest(self):
        """Tests that the request and all its tasks succeeded."""
        for service in self._services.values():
            self.assertTrue(service.IsRunning(), service.ReadLog()[-2000:])
        self.assertEqual(self._request["status"], "successful", self._request)
        names = {task["name"] for task in self._request["tasks"]}
        self.assertLessEqual({"PlasoParserTask", "PlasoHasherTask"}, names)
        for task in self._request["tasks"]:
            self.assertTrue(task["successful"], task)
        # The worker ran the bare log2timeline with the parsers of the recipe.
        self.assertRegex(
            self._services["celeryworker"].ReadLog(),
            r"Running PlasoParserTask as \[log2timeline .*--parsers atop ",
        )

    def testEvents(self):
        """Tests the events of the task against the direct run and atop's output."""
        turbinia = plaso_test_lib.ReadAtopEvents(
            self._GetParserTaskStorage(), by_location=True
        )
        direct = plaso_test_lib.ReadAtopEvents(
            self._direct_storage_path, by_location=True
        )
        self.assertEqual(turbinia, direct)

        expected_paths = {
            os.path.join(
                self._evidence_path, os.path.relpath(path, test_lib.TEST_DATA_PATH)
            )
            for path in test_lib.GetLogPaths()
        }
        # Every log with atop's output, and no other file gives atop events.
        self.assertEqual(set(turbinia), expected_paths)
        number_of_events = 0
        for location, events in turbinia.items():
            with self.subTest(log=os.path.relpath(location, self._evidence_path)):
                path = os.path.join(
                    test_lib.TEST_DATA_PATH,
                    os.path.relpath(location, self._evidence_path),
                )
                self.assertEqual(events, test_lib.DeriveExpectedEvents(path))
                number_of_events += sum(len(kind) for kind in events)
        self.assertGreater(number_of_events, 3000)


if __name__ == "__main__":
    unittest.main()
