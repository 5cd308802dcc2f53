"""Tests that the documentation stays short where it should and that its links resolve."""

import os
import re
import unittest

from bench import report

from tests import test_lib

PROJECT_PATH = os.path.dirname(test_lib.TEST_DATA_PATH)

DOCS_PATH = os.path.join(PROJECT_PATH, "docs")

# A Markdown link: [text](target).
_LINK_PATTERN = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _ListDocuments():
    """Lists the Markdown documents of the project.

    Returns:
      list[str]: paths of README.md, test_data/README.md and docs/*.md.
    """
    paths = [
        os.path.join(PROJECT_PATH, "README.md"),
        os.path.join(test_lib.TEST_DATA_PATH, "README.md"),
    ]
    paths.extend(
        os.path.join(DOCS_PATH, name)
        for name in sorted(os.listdir(DOCS_PATH))
        if name.endswith(".md")
    )
    return paths


class DocumentationTest(test_lib.BaseTestCase):
    """Tests the README and the documents of docs/."""

    def testReadmeIsShort(self):
        """Tests that the README stays a short page for users."""
        with open(
            os.path.join(PROJECT_PATH, "README.md"), encoding="utf-8"
        ) as file_object:
            lines = file_object.read().splitlines()
        self.assertLessEqual(len(lines), 150)
        # Its first lines are the two commands of a newcomer.
        self.assertTrue(lines[2].lstrip().startswith("python3 -m venv .venv"))
        self.assertEqual(lines[3].strip(), ".ci/run")

    def testLinksResolve(self):
        """Tests that every relative link of the documents names a file."""
        number_of_links = 0
        for path in _ListDocuments():
            with open(path, encoding="utf-8") as file_object:
                text = file_object.read()
            for target in _LINK_PATTERN.findall(text):
                if re.match(r"^[a-z]+://", target):
                    continue
                target_path = os.path.join(
                    os.path.dirname(path), target.split("#", 1)[0]
                )
                with self.subTest(document=os.path.basename(path), link=target):
                    self.assertTrue(os.path.exists(target_path))
                number_of_links += 1
        self.assertGreater(number_of_links, 5)

    def testPerformanceTablePlace(self):
        """Tests that docs/performance.md has the place bench/run.py writes into."""
        with open(
            os.path.join(DOCS_PATH, "performance.md"), encoding="utf-8"
        ) as file_object:
            text = file_object.read()
        self.assertEqual(text.count(report.TABLE_START), 1)
        self.assertEqual(text.count(report.TABLE_END), 1)
        self.assertLess(text.index(report.TABLE_START), text.index(report.TABLE_END))


if __name__ == "__main__":
    unittest.main()
