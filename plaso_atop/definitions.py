"""The names that plaso-atop gives to what it adds to plaso.

This module imports nothing of plaso, so that the registration can use it
before plaso is imported.
"""

PARSER_NAME = "atop"

PACCT_PARSER_NAME = "pacct"

# Data types of the atop event data of processes.
DATA_TYPE_PROCESS_CREDENTIALS_CHANGE = "linux:atop:process_credentials_change"
DATA_TYPE_PROCESS_EXEC = "linux:atop:process_exec"
DATA_TYPE_PROCESS_EXIT = "linux:atop:process_exit"
DATA_TYPE_PROCESS_RUNNING = "linux:atop:process_running"
DATA_TYPE_PROCESS_START = "linux:atop:process_start"
DATA_TYPE_PROCESS_USAGE = "linux:atop:process_usage"

# Data type of the event data of the pacct parser.
DATA_TYPE_PACCT_PROCESS = "linux:pacct:process"

# Data types of the atop event data of atop's own recording.
DATA_TYPE_CLOCK_CHANGE = "linux:atop:clock_change"
DATA_TYPE_RECORDING_END = "linux:atop:recording_end"
DATA_TYPE_RECORDING_GAP = "linux:atop:recording_gap"
DATA_TYPE_RECORDING_START = "linux:atop:recording_start"
DATA_TYPE_SYSTEM_BOOT = "linux:atop:system_boot"

DATA_TYPES = frozenset(
    [
        DATA_TYPE_PACCT_PROCESS,
        DATA_TYPE_CLOCK_CHANGE,
        DATA_TYPE_PROCESS_CREDENTIALS_CHANGE,
        DATA_TYPE_PROCESS_EXEC,
        DATA_TYPE_PROCESS_EXIT,
        DATA_TYPE_PROCESS_RUNNING,
        DATA_TYPE_PROCESS_START,
        DATA_TYPE_PROCESS_USAGE,
        DATA_TYPE_RECORDING_END,
        DATA_TYPE_RECORDING_GAP,
        DATA_TYPE_RECORDING_START,
        DATA_TYPE_SYSTEM_BOOT,
    ]
)
