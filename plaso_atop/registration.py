"""Registration of the atop parser and its definitions with plaso.

plaso has no plugin mechanism: its parsers register themselves when plaso
imports them, its timeliner reads one definitions file, its presets and its
output formatters come from its own data directory. Each function here adds
what the atop parser needs to one of these, once, and leaves whatever plaso
already defines (plaso's own definitions, and a user's custom formatters,
which plaso reads afterwards) as it is.

Each function imports the plaso module it changes when it runs: the import
hook runs them as plaso imports these modules, and importing plaso-atop
imports nothing of plaso.
"""

# pylint: disable=import-outside-toplevel

import importlib
import os

from plaso_atop import definitions

DATA_PATH = os.path.join(os.path.dirname(__file__), "data")

FORMATTERS_PATH = os.path.join(DATA_PATH, "formatters.yaml")

TAGGING_PATH = os.path.join(DATA_PATH, "tag_atop.txt")

# plaso's own tagging file that gets the atop tagging rules, and the other
# tagging files beside it that tell plaso's data directory.
PLASO_TAGGING_FILE_NAME = "tag_linux.txt"
_PLASO_TAGGING_FILE_NAMES = ("tag_macos.txt", "tag_windows.txt")

TIMELINER_PATH = os.path.join(DATA_PATH, "timeliner.yaml")

# The parser preset that gets the atop parser.
PRESET_NAME = "linux"

# Marks the plaso methods that were wrapped, so that they are wrapped once.
_WRAPPED_MARKER = "_plaso_atop_wrapped"


def _WrapMethod(cls, method_name, wrapper):
    """Wraps a method of a class, once.

    Args:
      cls (type): class.
      method_name (str): name of the method.
      wrapper (function): called with the method, the instance and the
          arguments of every call of the method; what it returns, the call
          returns.
    """
    # Not imported with the module, which every interpreter of the
    # environment imports (plaso_atop.pth): functools takes longer than the
    # rest of the hook.
    import functools

    method = getattr(cls, method_name)
    if getattr(method, _WRAPPED_MARKER, False):
        return

    @functools.wraps(method)
    def _Wrapped(self, *args, **kwargs):
        return wrapper(method, self, *args, **kwargs)

    setattr(_Wrapped, _WRAPPED_MARKER, True)
    setattr(cls, method_name, _Wrapped)


def _CallAfter(cls, method_name, function):
    """Makes a method of a class call a function after it, once.

    Args:
      cls (type): class.
      method_name (str): name of the method.
      function (function): function to call with the arguments of the method,
          including the instance, after the method.
    """

    def _CallMethodThenFunction(method, instance, *args, **kwargs):
        result = method(instance, *args, **kwargs)
        function(instance, *args, **kwargs)
        return result

    _WrapMethod(cls, method_name, _CallMethodThenFunction)


def RegisterParser():
    """Registers the atop and pacct parsers with the plaso parsers manager.

    Like plaso's own parsers, the parser module registers its parser when it
    is imported. If that import is under way, such as when importing it made
    plaso import its parsers, the registration happens when it completes.
    """
    importlib.import_module("plaso_atop.parser")
    importlib.import_module("plaso_atop.pacct_parser")


def AddFormatterDefinitions(output_mediator):
    """Adds the atop formatter definitions to an output mediator.

    Args:
      output_mediator (OutputMediator): output mediator.
    """
    if any(
        output_mediator.GetMessageFormatter(data_type)
        for data_type in definitions.DATA_TYPES
    ):
        return
    output_mediator.ReadMessageFormattersFromFile(
        FORMATTERS_PATH, override_existing=True
    )


def _IsPlasoLinuxTaggingFile(path):
    """Determines if a tagging file is plaso's own Linux tagging file.

    plaso's data directory is wherever plaso is installed from (site-packages,
    a distribution package, a Docker image): it is recognized by plaso's
    other tagging files beside its tag_linux.txt.

    Args:
      path (str): path of a tagging file.

    Returns:
      bool: True if the file is plaso's own tag_linux.txt.
    """
    if not path or os.path.basename(path) != PLASO_TAGGING_FILE_NAME:
        return False
    directory = os.path.dirname(os.path.abspath(path))
    return all(
        os.path.isfile(os.path.join(directory, name))
        for name in _PLASO_TAGGING_FILE_NAMES
    )


def AddTaggingRules(rules, tagging_file_class):
    """Adds the atop tagging rules to the rules of a tagging file.

    Args:
      rules (dict[str, list[EventObjectFilter]]): filters per label.
      tagging_file_class (type): plaso's TaggingFile class.
    """
    atop_rules = tagging_file_class(TAGGING_PATH).GetEventTaggingRules()
    for label_name, filter_objects in atop_rules.items():
        rules.setdefault(label_name, []).extend(filter_objects)


def AddTimelinerDefinitions(timeliner):
    """Adds the atop timeliner definitions to an event data timeliner.

    Args:
      timeliner (EventDataTimeliner): event data timeliner.
    """
    from plaso.engine import yaml_timeliner_file

    definitions_file = yaml_timeliner_file.YAMLTimelinerConfigurationFile()
    # plaso's timeliner reads one definitions file and has no method to add
    # definitions: they go into its tables.
    # pylint: disable=protected-access
    for definition in definitions_file.ReadFromFile(TIMELINER_PATH):
        if definition.data_type in timeliner._attribute_mappings:
            continue
        timeliner._attribute_mappings[definition.data_type] = (
            definition.attribute_mappings
        )
        if definition.place_holder_event:
            timeliner._place_holder_event.add(definition.data_type)


def AddToPreset(presets_manager):
    """Adds the atop and pacct parsers to the Linux parser preset.

    Args:
      presets_manager (ParserPresetsManager): parser presets manager.
    """
    preset = presets_manager.GetPresetByName(PRESET_NAME)
    if preset is None:
        return
    for parser_name in (definitions.PARSER_NAME, definitions.PACCT_PARSER_NAME):
        if parser_name not in preset.parsers:
            preset.parsers.append(parser_name)


def PatchOutputMediator():
    """Makes the output mediator read the atop formatter definitions.

    They are added after plaso's own definitions and before the custom
    formatter definitions of the user, which win.
    """
    from plaso.output import mediator as mediator_module

    def _AfterReadFromDirectory(output_mediator, *unused_arguments):
        AddFormatterDefinitions(output_mediator)

    def _AfterReadFromFile(output_mediator, unused_path, override_existing=False):
        # plaso reads its own definitions without overriding, and custom
        # definitions with overriding.
        if not override_existing:
            AddFormatterDefinitions(output_mediator)

    output_mediator_class = mediator_module.OutputMediator
    _CallAfter(
        output_mediator_class,
        "ReadMessageFormattersFromDirectory",
        _AfterReadFromDirectory,
    )
    _CallAfter(
        output_mediator_class, "ReadMessageFormattersFromFile", _AfterReadFromFile
    )


def PatchPresets():
    """Makes the parser presets manager add atop to the Linux preset."""
    from plaso.parsers import presets as presets_module

    _CallAfter(
        presets_module.ParserPresetsManager,
        "ReadFromFile",
        lambda presets_manager, *unused_arguments: AddToPreset(presets_manager),
    )


def PatchTaggingFile():
    """Makes plaso's Linux tagging file hold the atop tagging rules too.

    Users' own tagging files, and plaso's others, are read as they are.
    """
    from plaso.engine import tagging_file as tagging_file_module

    tagging_file_class = tagging_file_module.TaggingFile

    def _GetEventTaggingRules(method, tagging_file):
        rules = method(tagging_file)
        if _IsPlasoLinuxTaggingFile(getattr(tagging_file, "_path", None)):
            AddTaggingRules(rules, tagging_file_class)
        return rules

    _WrapMethod(tagging_file_class, "GetEventTaggingRules", _GetEventTaggingRules)


def PatchTimeliner():
    """Makes the event data timeliner read the atop timeliner definitions."""
    from plaso.engine import timeliner as timeliner_module

    _CallAfter(
        timeliner_module.EventDataTimeliner,
        "_ReadConfigurationFile",
        lambda timeliner, *unused_arguments: AddTimelinerDefinitions(timeliner),
    )


def Register():
    """Registers the atop parser and its definitions with plaso."""
    RegisterParser()
    PatchTaggingFile()
    PatchTimeliner()
    PatchPresets()
    PatchOutputMediator()
