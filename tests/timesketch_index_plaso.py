"""Has Timesketch's worker index a .plaso file: run with the Python of Timesketch.

    python timesketch_index_plaso.py PLASO_FILE INDEX_NAME TIMEOUT

Creates in Timesketch's database what its upload of a .plaso file creates (a
user, a sketch, a search index, a timeline and its data source), then has the
Celery worker index it with the same pipeline the upload starts, whose task is
run_plaso, and waits for it. Prints the data source as JSON: its status, its
error message and its number of events. TIMESKETCH_SETTINGS names the
configuration.
"""

import json
import os
import sys

from timesketch.app import create_app
from timesketch.models import db_session
from timesketch.models import init_db
from timesketch.models.sketch import DataSource
from timesketch.models.sketch import SearchIndex
from timesketch.models.sketch import Sketch
from timesketch.models.sketch import Timeline
from timesketch.models.user import User


def Main():
    """Indexes the .plaso file."""
    plaso_path, index_name, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
    name = os.path.basename(plaso_path)
    app = create_app()
    with app.app_context():
        init_db()
        user = User.get_or_create(username="analyst", name="analyst")
        sketch = Sketch(name="atop case", description="atop case", user=user)
        db_session.add(sketch)
        searchindex = SearchIndex.get_or_create(
            name=name, description=name, user=user, index_name=index_name
        )
        timeline = Timeline.get_or_create(
            name=name,
            description=name,
            sketch=sketch,
            user=user,
            searchindex=searchindex,
        )
        timeline.set_status("processing")
        datasource = DataSource(
            timeline=timeline,
            user=user,
            provider="plaso-atop test",
            context="N/A",
            file_on_disk=plaso_path,
            file_size=os.path.getsize(plaso_path),
            original_filename=name,
            data_label="plaso",
        )
        datasource.set_status("queueing")
        timeline.datasources.append(datasource)
        db_session.add(datasource)
        db_session.add(timeline)
        db_session.commit()

        # Imported here, as the upload does: it creates Timesketch's Celery
        # application, with the configuration.
        from timesketch.lib import tasks  # pylint: disable=import-outside-toplevel

        pipeline = tasks.build_index_pipeline(
            file_path=plaso_path,
            timeline_name=name,
            index_name=index_name,
            file_extension="plaso",
            sketch_id=sketch.id,
            only_index=True,
            timeline_id=timeline.id,
        )
        result = pipeline.apply_async()
        error = None
        try:
            result.get(timeout=timeout)
        except Exception as exception:  # pylint: disable=broad-except
            # The data source records the failure; its message is printed.
            error = f"{type(exception).__name__}: {exception!s}"

        db_session.remove()
        datasource = DataSource.query.filter_by(file_on_disk=plaso_path).first()
        print(
            json.dumps(
                {
                    "status": datasource.get_status,
                    "error_message": datasource.error_message,
                    "total_file_events": datasource.total_file_events,
                    "task_error": error,
                }
            )
        )


if __name__ == "__main__":
    Main()
