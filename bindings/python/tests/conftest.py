"""Shared fixtures: a local feed server (never the outside network) and sample documents."""
import os
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List, Optional

import pytest

# The tests talk to 127.0.0.1 only: no proxy may stand in between.
for _name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy",
              "NO_PROXY"):
    os.environ[_name] = ""


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    headers: Dict[str, str] = field(default_factory=dict)


@dataclass
class SeenRequest:
    path: str
    headers: Dict[str, str]


class FeedServer:
    """An HTTP/1.1 server on 127.0.0.1 serving what the test puts at each path, with ETag and
    Last-Modified validators (304 when the request's If-None-Match / If-Modified-Since match)."""

    def __init__(self):
        self.routes: Dict[str, Route] = {}
        self.requests: List[SeenRequest] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                with server._lock:
                    headers = {name.lower(): value for name, value in self.headers.items()}
                    server.requests.append(SeenRequest(self.path, headers))
                    route = server.routes.get(self.path)
                if route is None:
                    self._send(404, {"Content-Type": "text/plain"}, b"not found")
                    return
                validators = {}
                if route.etag:
                    validators["ETag"] = route.etag
                if route.last_modified:
                    validators["Last-Modified"] = route.last_modified
                etag_matches = route.etag and self.headers.get("If-None-Match") == route.etag
                date_matches = route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
                matches = etag_matches or date_matches
                if route.status == 200 and matches:
                    self._send(304, validators, b"")
                    return
                self._send(route.status, {"Content-Type": route.content_type, **validators, **route.headers},
                           route.body)

            def _send(self, status, headers, body):
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, body, **route) -> str:
        """Serves `body` (str or bytes) at `path`; returns its URL."""
        self.routes[path] = Route(body=body.encode("utf-8") if isinstance(body, str) else body, **route)
        return self.url(path)

    def redirect(self, path: str, target: str, status: int = 301) -> str:
        self.routes[path] = Route(status=status, headers={"Location": target}, content_type="text/plain")
        return self.url(path)

    def requests_to(self, path: str) -> List[SeenRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def close(self):
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def server():
    s = FeedServer()
    yield s
    s.close()


@pytest.fixture
def refused_url():
    """A URL on 127.0.0.1 where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed.xml"

