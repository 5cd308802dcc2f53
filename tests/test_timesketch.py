"""Runs Timesketch's worker task run_plaso on .plaso files of atop logs.

Timesketch 20261014's Celery worker, in the environment that .ci/run sets up
for it (.venv-timesketch: Timesketch, plaso and plaso-atop), with a SQLite
database, Debian's redis-server as its broker, PSORT_PATH = 'psort' and its
own PLASO_FORMATTERS, indexes .plaso files that log2timeline wrote of atop
logs. No OpenSearch server can be installed here: a stand-in on loopback
(tests/opensearch_stand_in.py) answers at OpenSearch's protocol boundary and
records the documents that psort's opensearch_ts output sends.
"""

import itertools
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from tests import opensearch_stand_in
from tests import plaso_test_lib
from tests import services_test_lib
from tests import test_lib
from tests import tools_test_lib

# Seconds that indexing a .plaso file may take.
INDEX_TIMEOUT = 300

# Settings of the worker, after those of Timesketch's own timesketch.conf.
SETTINGS = """
SECRET_KEY = "plaso-atop-test"
SQLALCHEMY_DATABASE_URI = "sqlite:///{directory:s}/timesketch.db"
SQLALCHEMY_ENGINE_OPTIONS = {{}}
OPENSEARCH_HOSTS = [{{"host": "127.0.0.1", "port": {opensearch_port:d}}}]
CELERY_BROKER_URL = "redis://127.0.0.1:{redis_port:d}/{redis_database:d}"
CELERY_RESULT_BACKEND = "redis://127.0.0.1:{redis_port:d}/{redis_database:d}"
UPLOAD_ENABLED = True
UPLOAD_FOLDER = "{directory:s}/upload"
DATA_FINDER_PATH = "{share:s}/data_finder.yaml"
PLASO_MAPPING_FILE = "{share:s}/plaso.mappings"
GENERIC_MAPPING_FILE = "{share:s}/generic.mappings"
PLASO_LOG_FOLDER = "{directory:s}/psort"
PSORT_PATH = "psort"
PLASO_FORMATTERS = "{formatters:s}"
"""

# The logs: an intrusion, daily logs, and atop stopped and started again.
LOGS = [
    test_lib.GetLogPath("changes", "atop_2.13.0.raw"),
    test_lib.GetLogPath("changes", "atop_2.8.1.raw"),
    test_lib.GetLogPath("recording", "atop_2.8.1_restart.raw"),
] + test_lib.GetLogPaths("daily")


class TimesketchWorkerTest(test_lib.BaseTestCase):
    """Indexes .plaso files with Timesketch's worker."""

    @classmethod
    def setUpClass(cls):
        """Writes the .plaso files, starts Redis and the OpenSearch stand-in."""
        cls._venv = services_test_lib.GetVirtualEnvironment(
            ".venv-timesketch", "PLASO_ATOP_TIMESKETCH_VENV"
        )
        cls._share = os.path.join(cls._venv, "share", "timesketch")
        cls._directory = tempfile.mkdtemp()
        cls.addClassCleanup(shutil.rmtree, cls._directory, ignore_errors=True)

        logs_directory = os.path.join(cls._directory, "logs")
        os.mkdir(logs_directory)
        test_lib.CopyLogs(LOGS, logs_directory)
        cls._storage_path = os.path.join(cls._directory, "case.plaso")
        tools_test_lib.RunLog2Timeline(
            cls._storage_path, logs_directory, "--parsers", "atop"
        )
        # A copy that went through plaso's tagging analysis.
        cls._tagged_storage_path = os.path.join(cls._directory, "tagged.plaso")
        shutil.copy(cls._storage_path, cls._tagged_storage_path)
        tools_test_lib.TagStorageFile(cls._tagged_storage_path)

        cls._redis, cls._redis_port = services_test_lib.StartRedis(cls._directory)
        cls.addClassCleanup(cls._redis.Stop)
        cls._opensearch = opensearch_stand_in.OpenSearchStandIn()
        cls.addClassCleanup(cls._opensearch.Stop)
        # Each worker gets Redis databases of its own, as Celery leaves its
        # queues there.
        cls._run_numbers = itertools.count(1)

    def _WriteWorkerSettings(self, directory, run_number, formatters_path):
        """Writes the settings of a Timesketch worker.

        Args:
          directory (str): directory of the worker.
          run_number (int): number of the worker, its Redis database.
          formatters_path (str): path of the file that PLASO_FORMATTERS names.

        Returns:
          str: path of the settings file.
        """
        settings_path = os.path.join(directory, "timesketch.conf")
        with open(
            os.path.join(self._share, "timesketch.conf"), encoding="utf-8"
        ) as file_object:
            settings = file_object.read()
        with open(settings_path, "w", encoding="utf-8") as file_object:
            file_object.write(settings)
            file_object.write(
                SETTINGS.format(
                    directory=directory,
                    opensearch_port=self._opensearch.port,
                    redis_port=self._redis_port,
                    redis_database=run_number,
                    share=self._share,
                    formatters=formatters_path,
                )
            )
        return settings_path

    def _StartWorker(self, directory, settings_path, disable_hook):
        """Starts a Timesketch worker and waits until it is ready.

        The worker is stopped when the test ends.

        Args:
          directory (str): directory of the worker.
          settings_path (str): path of its settings file.
          disable_hook (bool): True to switch plaso-atop off in the worker's
              Python, as if it were absent.

        Returns:
          tuple[Service, dict[str, str]]: the worker and its environment.
        """
        environment = dict(
            os.environ,
            HOME=directory,
            PATH=os.path.join(self._venv, "bin") + os.pathsep + os.environ["PATH"],
            TIMESKETCH_SETTINGS=settings_path,
        )
        environment.pop("PYTHONPATH", None)
        environment.pop("PLASO_ATOP_DISABLE_HOOK", None)
        if disable_hook:
            environment["PLASO_ATOP_DISABLE_HOOK"] = "1"

        worker = services_test_lib.Service(
            [
                os.path.join(self._venv, "bin", "celery"),
                "--app",
                "timesketch.lib.tasks",
                "worker",
                "--loglevel",
                "info",
                "--concurrency",
                "1",
            ],
            os.path.join(directory, "worker.log"),
            environment=environment,
            working_directory=directory,
        )
        self.addCleanup(worker.Stop)
        # The worker and the indexing script each create the tables of the
        # SQLite database as they start; SQLite lets only one of them do so.
        services_test_lib.WaitFor(
            lambda: " ready." in worker.ReadLog() or not worker.IsRunning(),
            120,
            "the Timesketch worker",
        )
        self.assertTrue(worker.IsRunning(), worker.ReadLog()[-4000:])
        return worker, environment

    def _IndexWithWorker(self, storage_path, formatters_path, disable_hook=False):
        """Has a Timesketch worker index a .plaso file.

        Args:
          storage_path (str): path of the .plaso file.
          formatters_path (str): path of the file that PLASO_FORMATTERS names.
          disable_hook (Optional[bool]): True to switch plaso-atop off in the
              worker's Python, as if it were absent.

        Returns:
          list[dict[str, object]]: documents that reached the stand-in.
        """
        run_number = next(self._run_numbers)
        directory = os.path.join(self._directory, f"worker{run_number:d}")
        os.mkdir(directory)
        settings_path = self._WriteWorkerSettings(
            directory, run_number, formatters_path
        )
        worker, environment = self._StartWorker(directory, settings_path, disable_hook)

        index_name = f"atop{run_number:d}"
        result = subprocess.run(
            [
                os.path.join(self._venv, "bin", "python"),
                os.path.join(os.path.dirname(__file__), "timesketch_index_plaso.py"),
                storage_path,
                index_name,
                str(INDEX_TIMEOUT),
            ],
            capture_output=True,
            cwd=directory,
            env=environment,
            text=True,
            timeout=INDEX_TIMEOUT + 120,
            check=False,
        )
        self.assertEqual(result.returncode, 0, result.stderr[-4000:])
        datasource = json.loads(result.stdout.strip().splitlines()[-1])
        self.assertEqual(
            datasource["status"], "ready", (datasource, worker.ReadLog()[-4000:])
        )
        self.assertEqual(self._opensearch.unknown_requests, [])

        with self._opensearch.lock:
            documents = list(self._opensearch.documents.get(index_name, []))
        self.assertEqual(len(documents), datasource["total_file_events"])
        self.assertIn(index_name, self._opensearch.indices)
        return documents

    def _CheckDocuments(self, documents, storage_path):
        """Checks the documents against those that psort builds of the file.

        Args:
          documents (list[dict[str, object]]): documents that reached the
              stand-in.
          storage_path (str): path of the .plaso file.
        """
        expected = plaso_test_lib.BuildTimesketchDocuments(storage_path)
        self.assertEqual(len(documents), len(expected))
        fields = ("message", "datetime", "timestamp_desc", "data_type", "tag")

        def _Key(document):
            return json.dumps([document.get(field) for field in fields], sort_keys=True)

        self.assertEqual(
            sorted(_Key(document) for document in documents),
            sorted(_Key(document) for document in expected),
        )
        data_types = {document["data_type"] for document in documents}
        self.assertLessEqual(
            {
                "linux:atop:process_start",
                "linux:atop:process_exit",
                "linux:atop:process_credentials_change",
                "linux:atop:recording_start",
                "linux:atop:recording_end",
            },
            data_types,
        )
        for document in documents:
            self.assertRegex(document["datetime"], r"^\d{4}-\d\d-\d\dT")
            self.assertTrue(document["timestamp_desc"])
            if document["data_type"] == "linux:atop:process_start":
                self.assertTrue(document["message"].startswith("Process started: "))
                for name in ("pid", "ppid", "process_name", "uid", "hostname"):
                    self.assertIn(name, document)

        pwnkit = [
            document
            for document in documents
            if document["data_type"] == "linux:atop:process_credentials_change"
            and document["process_name"] == "pwnkit"
        ]
        self.assertEqual(len(pwnkit), 2)
        for document in pwnkit:
            self.assertEqual((document["previous_uid"], document["uid"]), (33, 0))
            self.assertIs(document["gained_root"], True)
            self.assertEqual(document["process_ancestry"], "bash[1] > php-fpm8.2[9]")

    def testPlasoAtopInstalled(self):
        """Tests the worker with plaso-atop in its Python."""
        documents = self._IndexWithWorker(
            self._storage_path, os.path.join(self._share, "plaso_formatters.yaml")
        )
        self._CheckDocuments(documents, self._storage_path)

    def testFormattersAppended(self):
        """Tests the worker without plaso-atop but its formatters file."""
        formatters_path = os.path.join(self._directory, "plaso_formatters.yaml")
        with open(formatters_path, "w", encoding="utf-8") as output_file:
            for path in (
                os.path.join(self._share, "plaso_formatters.yaml"),
                os.path.join(
                    os.path.dirname(test_lib.TEST_DATA_PATH),
                    "plaso_atop",
                    "data",
                    "formatters.yaml",
                ),
            ):
                with open(path, encoding="utf-8") as input_file:
                    output_file.write(input_file.read().rstrip("\n") + "\n")
        documents = self._IndexWithWorker(
            self._storage_path, formatters_path, disable_hook=True
        )
        self._CheckDocuments(documents, self._storage_path)

        # Without the formatters file the messages are not those of atop: the
        # formatters came from the file.
        documents = self._IndexWithWorker(
            self._storage_path,
            os.path.join(self._share, "plaso_formatters.yaml"),
            disable_hook=True,
        )
        starts = [
            document
            for document in documents
            if document["data_type"] == "linux:atop:process_start"
        ]
        self.assertTrue(starts)
        for document in starts:
            self.assertFalse(document["message"].startswith("Process started: "))

    def testTags(self):
        """Tests that the labels of a tagged .plaso file arrive as tags."""
        documents = self._IndexWithWorker(
            self._tagged_storage_path,
            os.path.join(self._share, "plaso_formatters.yaml"),
        )
        self._CheckDocuments(documents, self._tagged_storage_path)
        tags = {}
        for document in documents:
            for label in document.get("tag") or []:
                tags.setdefault(label, []).append(document)
        self.assertLessEqual(
            {
                "application_execution",
                "privilege_escalation",
                "web_server_shell",
                "logging_interrupted",
            },
            set(tags),
        )
        self.assertEqual(
            sorted(
                document["process_name"] for document in tags["privilege_escalation"]
            ),
            ["pwnkit", "pwnkit"],
        )
        (interrupted,) = tags["logging_interrupted"]
        self.assertEqual(interrupted["data_type"], "linux:atop:recording_start")


if __name__ == "__main__":
    unittest.main()
