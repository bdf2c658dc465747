"""Local HTTP servers for the feed reader tests, on 127.0.0.1 (a free port).
FeedServer serves the feeds of clippings in tests/fixtures/readers, answers
conditional requests with 304, and counts what it was asked. DocumentServer
serves whatever documents the test sets, and can change them between fetches."""

import hashlib
import http.server
import threading

ETAG = '"valley-v1"'
LAST_MODIFIED = "Mon, 03 Mar 2025 08:00:00 GMT"


class LoopbackServer:
    """What every test server here shares: a threading HTTP server on 127.0.0.1
    (a free port) with a lock for the counts its handler keeps, started and
    stopped as a context manager. Subclasses build their handler and call
    _listen(Handler) at the end of __init__."""

    def _listen(self, handler):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class FeedServer(LoopbackServer):
    def __init__(self, fixtures_dir):
        with open(f"{fixtures_dir}/clippings.rss", "rb") as f:
            self.clippings_rss = f.read()
        with open(f"{fixtures_dir}/other.atom", "rb") as f:
            self.other_atom = f.read()
        self.lock = threading.Lock()
        self.requests = {}          # path -> count
        self.conditional = {}       # path -> requests carrying If-None-Match / If-Modified-Since
        self.not_modified = {}      # path -> 304s sent
        self.failing = set()        # paths answered with 500 from now on
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                server._count(server.requests, self.path)
                if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"):
                    server._count(server.conditional, self.path)
                if self.path in server.failing:
                    self._send(500, "text/plain", b"Internal Server Error\n")
                elif self.path == "/feed.xml":
                    if self.headers.get("If-None-Match") == ETAG:
                        server._count(server.not_modified, self.path)
                        self.send_response(304)
                        self.send_header("ETag", ETAG)
                        self.end_headers()
                        return
                    self._send(200, "application/rss+xml; charset=utf-8", server.clippings_rss,
                               {"ETag": ETAG, "Last-Modified": LAST_MODIFIED})
                elif self.path == "/other.xml":
                    self._send(200, "application/atom+xml; charset=utf-8", server.other_atom)
                elif self.path == "/broken.xml":
                    self._send(500, "text/plain", b"Internal Server Error: the feed database is down\n")
                elif self.path == "/not-a-feed.xml":
                    self._send(200, "text/plain; charset=utf-8",
                               b"Hello! This address holds a shopping list, not a feed.\n- apples\n- bread\n")
                else:
                    self._send(404, "text/plain", b"not found\n")

            def _send(self, status, content_type, body, headers=None):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        self._listen(Handler)

    def _count(self, table, path):
        with self.lock:
            table[path] = table.get(path, 0) + 1

    def count(self, table, path):
        with self.lock:
            return table.get(path, 0)


class DocumentServer(LoopbackServer):
    """Serves documents the test sets (path -> status, content type, body) on
    127.0.0.1, each with an ETag made from its body: a request carrying that
    ETag in If-None-Match gets a 304. set() changes a document between
    fetches; requests and 304s are counted per path."""

    def __init__(self):
        self.lock = threading.Lock()
        self.documents = {}         # path -> (status, content_type, body)
        self.requests = {}          # path -> count
        self.not_modified = {}      # path -> 304s sent
        self.user_agents = set()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                with server.lock:
                    server.requests[self.path] = server.requests.get(self.path, 0) + 1
                    server.user_agents.add(self.headers.get("User-Agent", ""))
                    status, content_type, body = server.documents.get(
                        self.path, (404, "text/plain", b"not found\n"))
                etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    with server.lock:
                        server.not_modified[self.path] = server.not_modified.get(self.path, 0) + 1
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                if status == 200:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

        self._listen(Handler)

    def set(self, path, body, content_type="application/xml; charset=utf-8", status=200):
        if isinstance(body, str):
            body = body.encode("utf-8")
        with self.lock:
            self.documents[path] = (status, content_type, body)

    def count(self, table, path):
        with self.lock:
            return table.get(path, 0)

