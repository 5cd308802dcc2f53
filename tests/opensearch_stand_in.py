"""A stand-in for an OpenSearch server, at its protocol boundary only.

No OpenSearch server can be installed on the machines the tests run on. This
HTTP endpoint on loopback answers the requests that Timesketch's worker and
psort's opensearch_ts output send to index a timeline, as OpenSearch answers
them, and records what they send: the indices created with their mappings,
and the documents of the bulk requests. Any other request is recorded and
refused, so that a test sees it.
"""

import http.server
import json
import threading
import urllib.parse


class _Handler(http.server.BaseHTTPRequestHandler):
    """Answers the requests of one connection."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Logs nothing: the stand-in records what it gets."""

    def _ReadBody(self):
        """Reads the body of the request.

        Returns:
          bytes: body.
        """
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _Answer(self, status, value=None):
        """Sends a JSON answer.

        Args:
          status (int): HTTP status.
          value (Optional[object]): value to send as JSON, none for HEAD.
        """
        body = b"" if value is None else json.dumps(value).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _Dispatch(self):
        """Answers a request as OpenSearch does."""
        stand_in = self.server.stand_in
        path = urllib.parse.urlsplit(self.path).path
        parts = [part for part in path.split("/") if part]
        body = self._ReadBody()
        with stand_in.lock:
            answer = stand_in.Answer(self.command, parts, body)
        if answer is None:
            stand_in.unknown_requests.append(f"{self.command:s} {self.path:s}")
            answer = (400, {"error": f"not supported: {self.command} {self.path}"})
        self._Answer(*answer)

    do_DELETE = do_GET = do_HEAD = do_POST = do_PUT = _Dispatch


class OpenSearchStandIn:
    """The stand-in server, in a thread of the test process.

    Attributes:
      documents (dict[str, list[dict[str, object]]]): documents per index.
      indices (dict[str, dict[str, object]]): body of each index creation.
      lock (threading.Lock): guards what the stand-in records.
      port (int): port it listens on, on loopback.
      unknown_requests (list[str]): requests it does not know.
    """

    def __init__(self):
        """Starts the stand-in on a free port of loopback."""
        super().__init__()
        self.documents = {}
        self.indices = {}
        self.lock = threading.Lock()
        self.unknown_requests = []
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.stand_in = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def _Bulk(self, default_index, body):
        """Records the documents of a bulk request.

        Args:
          default_index (str): index of the request's path, or None.
          body (bytes): newline-delimited actions and documents.

        Returns:
          dict[str, object]: answer.
        """
        lines = [line for line in body.split(b"\n") if line.strip()]
        items = []
        for action_line, document_line in zip(lines[::2], lines[1::2]):
            ((action, metadata),) = json.loads(action_line).items()
            index = metadata.get("_index") or default_index
            self.documents.setdefault(index, []).append(json.loads(document_line))
            items.append(
                {
                    action: {
                        "_index": index,
                        "_id": str(len(self.documents[index])),
                        "result": "created",
                        "status": 201,
                    }
                }
            )
        return {"took": 1, "errors": False, "items": items}

    def Answer(self, method, parts, body):
        """Answers a request.

        Args:
          method (str): HTTP method.
          parts (list[str]): parts of the path.
          body (bytes): body.

        Returns:
          tuple[int, object]: HTTP status and answer, or None for a request
              the stand-in does not know.
        """
        if not parts:
            return 200, {
                "name": "stand-in",
                "cluster_name": "plaso-atop-test",
                "version": {"distribution": "opensearch", "number": "3.3.0"},
                "tagline": "The OpenSearch Project: https://opensearch.org/",
            }
        if parts[0] == "_cluster" and parts[1:2] == ["health"]:
            return 200, {"status": "green", "number_of_nodes": 1, "timed_out": False}
        if parts == ["_bulk"] and method in ("POST", "PUT"):
            return 200, self._Bulk(None, body)

        index = parts[0]
        if len(parts) == 1:
            if method == "HEAD":
                return (200 if index in self.indices else 404), None
            if method == "PUT":
                self.indices[index] = json.loads(body or b"{}")
                return 200, {"acknowledged": True, "index": index}
            if method == "GET" and index in self.indices:
                return 200, {index: self.indices[index]}
            return None

        operation = parts[1]
        if operation == "_bulk" and method in ("POST", "PUT"):
            return 200, self._Bulk(index, body)
        if operation == "_refresh":
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if operation == "_count":
            return 200, {"count": len(self.documents.get(index, []))}
        if operation in ("_mapping", "_settings") and method == "PUT":
            return 200, {"acknowledged": True}
        if operation == "_mapping" and method == "GET":
            return 200, {
                index: {"mappings": self.indices.get(index, {}).get("mappings", {})}
            }
        return None

    def Stop(self):
        """Stops the stand-in."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
