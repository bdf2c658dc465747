"""A local HTTP server for the feed reader tests: serves the feeds of
clippings in tests/fixtures/readers on 127.0.0.1 (a free port), answers
conditional requests with 304, and counts what it was asked."""

import http.server
import threading

ETAG = '"valley-v1"'
LAST_MODIFIED = "Mon, 03 Mar 2025 08:00:00 GMT"


class FeedServer:
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

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def _count(self, table, path):
        with self.lock:
            table[path] = table.get(path, 0) + 1

    def count(self, table, path):
        with self.lock:
            return table.get(path, 0)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
