"""Post-import hook that registers the atop parser with an unmodified plaso.

The plaso_atop.pth file, installed into site-packages with the package, calls
Install() when the interpreter starts: in the plaso tools and in every worker
process they start, however it is started (fork, spawn or forkserver). The
hook imports nothing of plaso: when one of the plaso modules that needs to know
about atop has been imported, it runs the matching registration function.

Setting the PLASO_ATOP_DISABLE_HOOK environment variable switches it off.
"""

import importlib
import os
import sys

DISABLE_VARIABLE = "PLASO_ATOP_DISABLE_HOOK"

# The plaso modules that need to know about atop, and the module and function
# of plaso_atop that tell them, once they are imported. Those modules, and
# plaso, are only imported then.
HOOKS = {
    "plaso.containers.counts": (
        "plaso_atop.warning_counts",
        "MakeWarningCountsOrderable",
    ),
    "plaso.engine.tagging_file": ("plaso_atop.registration", "PatchTaggingFile"),
    "plaso.engine.timeliner": ("plaso_atop.registration", "PatchTimeliner"),
    "plaso.output.mediator": ("plaso_atop.registration", "PatchOutputMediator"),
    "plaso.parsers": ("plaso_atop.registration", "RegisterParser"),
    "plaso.parsers.presets": ("plaso_atop.registration", "PatchPresets"),
}


def _RunHook(module):
    """Runs the function that tells an imported plaso module; never raises.

    Args:
      module (module): module that was imported.
    """
    module_name, function_name = HOOKS[module.__name__]
    try:
        getattr(importlib.import_module(module_name), function_name)()
    except Exception as exception:  # pylint: disable=broad-except
        # An import of plaso must never fail because of us. logging is
        # imported here only: the hook runs in every interpreter.
        import logging  # pylint: disable=import-outside-toplevel

        logging.getLogger("plaso_atop").warning(
            "Unable to register atop with %s: %s", module.__name__, exception
        )


class _HookedLoader:
    """Loader that runs a hook once the module it loads has been executed.

    Its methods have the names of the importlib loader protocol.
    """

    # pylint: disable=invalid-name

    def __init__(self, loader):
        """Initializes the loader.

        Args:
          loader (importlib.abc.Loader): loader of the module.
        """
        super().__init__()
        self._loader = loader

    def __getattr__(self, name):
        """Delegates every other attribute to the wrapped loader."""
        return getattr(self._loader, name)

    def create_module(self, spec):
        """Creates the module.

        Args:
          spec (ModuleSpec): module specification.

        Returns:
          module: module, or None for the default module creation.
        """
        return self._loader.create_module(spec)

    def exec_module(self, module):
        """Executes the module, then runs its hook.

        Args:
          module (module): module.
        """
        # The module keeps the real loader, for resources and reloading.
        module.__loader__ = self._loader
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        self._loader.exec_module(module)
        _RunHook(module)


class PostImportFinder:
    """Meta path finder that hooks the plaso modules that need atop.

    Its method has the name of the importlib finder protocol.
    """

    # pylint: disable=invalid-name

    def __init__(self):
        """Initializes the finder."""
        super().__init__()
        self._finding = set()

    def find_spec(self, name, path=None, target=None):
        """Finds the specification of a module, hooking the plaso modules.

        Args:
          name (str): fully qualified name of the module.
          path (Optional[list[str]]): search path of the parent package.
          target (Optional[module]): module that is being reloaded.

        Returns:
          ModuleSpec: specification, or None to leave the module to the other
              finders.
        """
        if name not in HOOKS or name in self._finding:
            return None

        self._finding.add(name)
        try:
            for finder in sys.meta_path:
                find_spec = getattr(finder, "find_spec", None)
                if finder is self or find_spec is None:
                    continue
                spec = find_spec(name, path, target)
                if spec is not None:
                    break
            else:
                return None
        finally:
            self._finding.discard(name)

        if spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _HookedLoader(spec.loader)
        return spec


def Install():
    """Installs the post-import hook, once, unless it is switched off."""
    if os.environ.get(DISABLE_VARIABLE):
        return
    if any(isinstance(finder, PostImportFinder) for finder in sys.meta_path):
        return
    sys.meta_path.insert(0, PostImportFinder())

    # Modules imported before the hook was installed.
    for name in HOOKS:
        module = sys.modules.get(name)
        if module is not None:
            _RunHook(module)
