"""Build step that installs plaso_atop.pth into site-packages.

The .pth file installs the post-import hook that registers the atop parser
with plaso when the interpreter starts. A wheel places it at its root, which
is site-packages; an editable wheel gets it at its root too.
"""

import os

from setuptools.command import build_py

PTH_FILE = "plaso_atop.pth"


class BuildPyWithPth(build_py.build_py):
    """Builds the Python modules and the .pth file."""

    def run(self):
        """Runs the build step."""
        super().run()
        source = os.path.join(os.path.dirname(os.path.abspath(__file__)), PTH_FILE)
        if self.editable_mode:
            # An editable wheel is made of what gets installed into its root,
            # not of the build directory.
            target_directory = self.get_finalized_command("install").install_lib
        else:
            target_directory = self.build_lib
        self.mkpath(target_directory)
        self.copy_file(source, os.path.join(target_directory, PTH_FILE))

    def get_outputs(self, *args, **kwargs):
        """Retrieves the outputs of the build step.

        Returns:
          list[str]: paths of the built files.
        """
        outputs = super().get_outputs(*args, **kwargs)
        if not self.editable_mode:
            outputs.append(os.path.join(self.build_lib, PTH_FILE))
        return outputs
