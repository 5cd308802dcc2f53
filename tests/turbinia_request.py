"""Sends a Turbinia request and waits for it: run with the Python of Turbinia.

    python turbinia_request.py DIRECTORY TIMEOUT

Turbinia's own client library sends the request, as its API server does: the
directory as Directory evidence, with a recipe whose PlasoParserTask runs the
atop parser. The script waits until every task of the request finished, or
the timeout in seconds passed, and prints the request as JSON: its
identifier, its status and, per task, its name, whether it succeeded and the
paths of what it saved. TURBINIA_CONFIG_PATH names the configuration.
"""

import base64
import json
import sys
import time
import uuid

from turbinia import client as turbinia_client
from turbinia import config
from turbinia import evidence
from turbinia import state_manager
from turbinia.lib import recipe_helpers

# What the README tells users to send.
RECIPE = """\
globals:
  jobs_allowlist:
    - PlasoJob

plaso_base:
  task: PlasoParserTask
  parsers: atop
"""

# Statuses of a request whose tasks all finished.
FINISHED_STATUSES = frozenset(["successful", "failed", "completed_with_errors"])


def Main():
    """Sends the request and waits for it."""
    directory, timeout = sys.argv[1], float(sys.argv[2])
    config.LoadConfig()
    client = turbinia_client.get_turbinia_client()
    recipe = recipe_helpers.load_recipe_from_data(
        base64.b64encode(RECIPE.encode("utf-8")).decode("ascii")
    )
    directory_evidence = evidence.evidence_decode(
        {"type": "Directory", "source_path": directory, "_name": "atop logs"},
        strict=True,
    )
    request = client.create_request(
        evidence_=[directory_evidence],
        request_id=uuid.uuid4().hex,
        recipe=recipe,
        requester="plaso-atop",
        reason="atop logs as a plaso source",
    )
    client.send_request(request)

    manager = state_manager.get_state_manager()
    status = None
    end_time = time.monotonic() + timeout
    while time.monotonic() < end_time:
        try:
            request_data = manager.get_request_data(request.request_id)
        except TypeError:
            # The server has not written the request yet.
            request_data = {}
        if request_data.get("task_ids"):
            status = manager.get_request_status(request.request_id)
            if status in FINISHED_STATUSES:
                break
        time.sleep(2)

    tasks = manager.get_task_data(config.INSTANCE_ID, request_id=request.request_id)
    print(
        json.dumps(
            {
                "request_id": request.request_id,
                "status": status,
                "tasks": [
                    {
                        "name": task.get("name"),
                        "successful": task.get("successful"),
                        "saved_paths": task.get("saved_paths") or [],
                    }
                    for task in tasks
                ],
            }
        )
    )


if __name__ == "__main__":
    Main()
