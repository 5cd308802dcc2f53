"""Tests the registration of the atop parser with an unmodified plaso."""

import importlib
import os
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import unittest
from unittest import mock

import plaso_atop
from plaso_atop import _import_hook
from plaso_atop import registration
from plaso_atop import warning_counts

from tests import plaso_test_lib
from tests import test_lib


def RunPython(code, environment=None):
    """Runs Python code in a new interpreter of the test environment.

    Args:
      code (str): Python code.
      environment (Optional[dict[str, str]]): environment variables to add.

    Returns:
      str: standard output.
    """
    env = dict(os.environ)
    env.pop("PLASO_ATOP_DISABLE_HOOK", None)
    env.update(environment or {})
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        env=env,
        text=True,
        check=True,
        timeout=300,
    )
    return result.stdout


class PthFileTest(test_lib.BaseTestCase):
    """Tests the .pth file and the hook it installs."""

    def testInstalled(self):
        """Tests that the .pth file is in site-packages."""
        path = os.path.join(sysconfig.get_paths()["purelib"], "plaso_atop.pth")
        with open(path, encoding="utf-8") as file_object:
            lines = file_object.read().splitlines()
        self.assertEqual(len(lines), 1)
        self.assertTrue(lines[0].startswith("import "))
        # It leaves the switch to the hook (see testDisabled).
        self.assertIn("plaso_atop._import_hook", lines[0])
        self.assertIn("Install()", lines[0])

    def testInstallSwitchedOff(self):
        """Tests that Install honors the environment variable."""
        with mock.patch.dict(os.environ, {_import_hook.DISABLE_VARIABLE: "1"}):
            with mock.patch.object(sys, "meta_path", list(sys.meta_path)):
                finders = [
                    finder
                    for finder in sys.meta_path
                    if not isinstance(finder, _import_hook.PostImportFinder)
                ]
                sys.meta_path[:] = finders
                _import_hook.Install()
                self.assertEqual(sys.meta_path, finders)

    def testHookWithoutPlasoImport(self):
        """Tests that start-up installs the hook and imports nothing of plaso."""
        output = RunPython("""
            import sys
            print(any(type(finder).__name__ == "PostImportFinder"
                      for finder in sys.meta_path))
            print(sorted(name for name in sys.modules if name.startswith("plaso.")))
            from plaso.parsers import manager
            print("atop" in dict(manager.ParsersManager.GetParsersInformation()))
            """)
        self.assertEqual(output.splitlines(), ["True", "[]", "True"])

    def testDisabled(self):
        """Tests that the environment variable switches the hook off."""
        output = RunPython(
            """
            import sys
            print(any(type(finder).__name__ == "PostImportFinder"
                      for finder in sys.meta_path))
            from plaso.parsers import manager
            print("atop" in dict(manager.ParsersManager.GetParsersInformation()))
            import plaso_atop
            plaso_atop.Register()
            print("atop" in dict(manager.ParsersManager.GetParsersInformation()))
            """,
            environment={_import_hook.DISABLE_VARIABLE: "1"},
        )
        self.assertEqual(output.splitlines(), ["False", "False", "True"])

    def testEveryHookedModule(self):
        """Tests the timeliner, preset and formatters of a fresh interpreter."""
        output = RunPython("""
            import os
            import plaso
            from plaso.engine import timeliner
            from plaso.output import mediator
            from plaso.parsers import presets

            data_path = os.path.join(os.path.dirname(plaso.__file__), "data")
            event_timeliner = timeliner.EventDataTimeliner(data_location=data_path)
            print(event_timeliner._attribute_mappings["linux:atop:process_start"])

            manager = presets.ParserPresetsManager()
            manager.ReadFromFile(os.path.join(data_path, "presets.yaml"))
            print(manager.GetParsersByPreset("linux").count("atop"))

            output_mediator = mediator.OutputMediator(None, data_location=data_path)
            output_mediator.ReadMessageFormattersFromDirectory(
                os.path.join(data_path, "formatters"))
            print(output_mediator.GetMessageFormatter("linux:atop:process_exit")
                  is not None)
            """)
        self.assertEqual(
            output.splitlines(), ["{'start_time': 'Start Time'}", "1", "True"]
        )


class RegisterTest(test_lib.BaseTestCase):
    """Tests the explicit registration."""

    def testIdempotent(self):
        """Tests that registering twice changes nothing."""
        from plaso.parsers import manager
        from plaso.parsers import presets

        plaso_atop.Register()
        plaso_atop.Register()
        self.assertIn("atop", dict(manager.ParsersManager.GetParsersInformation()))

        presets_manager = presets.ParserPresetsManager()
        presets_manager.ReadFromFile(
            os.path.join(plaso_test_lib.PLASO_DATA_PATH, "presets.yaml")
        )
        self.assertEqual(presets_manager.GetParsersByPreset("linux").count("atop"), 1)

    def testCustomFormattersWin(self):
        """Tests that custom formatter definitions override ours."""
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "custom.yaml")
            with open(path, "w", encoding="utf-8") as file_object:
                file_object.write(
                    "type: 'basic'\n"
                    "data_type: 'linux:atop:process_start'\n"
                    "message: 'custom {process_name}'\n"
                    "short_message: 'custom'\n"
                    "short_source: 'X'\n"
                    "source: 'custom source'\n"
                )
            output_mediator = plaso_test_lib.CreateOutputMediator()
            output_mediator.ReadMessageFormattersFromFile(path, override_existing=True)

        formatter = output_mediator.GetMessageFormatter("linux:atop:process_start")
        self.assertEqual(formatter.GetMessage({"process_name": "sshd"}), "custom sshd")
        # Our other definitions remain.
        self.assertIsNotNone(
            output_mediator.GetMessageFormatter("linux:atop:process_exit")
        )

    def testHookFunctions(self):
        """Tests that every hooked module has its registration function."""
        for module_name, function_name in _import_hook.HOOKS.values():
            module = importlib.import_module(module_name)
            self.assertTrue(callable(getattr(module, function_name)))

    def testWarningCountsOrderable(self):
        """Tests that pinfo can sort the warning counts of several files."""
        from plaso.containers import counts

        plaso_atop.Register()
        if not hasattr(counts, "WarningCount"):
            # plaso before 20260720 counts warnings with integers: nothing to do.
            warning_counts.MakeWarningCountsOrderable()
            self.assertFalse(hasattr(counts, "WarningCount"))
            return

        unordered_counts = [
            counts.WarningCount(number_of_events=number) for number in (2, 5, 1)
        ]
        self.assertEqual(
            [count.number_of_events for count in sorted(unordered_counts)], [1, 2, 5]
        )

    def testFailingHookDoesNotBreakImport(self):
        """Tests that a failing registration only logs a warning."""
        module = mock.Mock(__name__="plaso.parsers")
        with mock.patch.object(registration, "RegisterParser", side_effect=ValueError):
            with self.assertLogs("plaso_atop", level="WARNING"):
                _import_hook._RunHook(module)


if __name__ == "__main__":
    unittest.main()
