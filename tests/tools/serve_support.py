"""What the tests of 'clipfeed serve' share: an upstream feed server on
127.0.0.1 whose answers a test can change (slow, failing, moved, gone) and
which counts what it was asked, and a running 'clipfeed serve' process whose
log lines are collected."""

import http.client
import http.server
import os
import re
import signal
import subprocess
import threading
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "readers"))
from feed_server import LoopbackServer  # noqa: E402

ETAG = '"valley-v1"'
LAST_MODIFIED = "Mon, 03 Mar 2025 08:00:00 GMT"


class Upstream(LoopbackServer):
    """Feeds of clippings from tests/fixtures/readers, at:
    /valley.xml  RSS with ETag and Last-Modified, 304 to a matching conditional request
    /coast.xml   Atom without validators
    /slow.xml    /valley.xml after `delay` seconds
    /moved.xml   301 to /valley.xml;  /temp.xml 302 to /coast.xml
    /gone.xml    410;  /broken.xml 500;  /not-a-feed.txt plain text
    Any path in `failing` answers 500."""

    def __init__(self, fixtures_dir):
        with open(os.path.join(fixtures_dir, "clippings.rss"), "rb") as f:
            self.valley = f.read()
        with open(os.path.join(fixtures_dir, "other.atom"), "rb") as f:
            self.coast = f.read()
        self.lock = threading.Lock()
        self.requests = {}
        self.not_modified = {}
        self.failing = set()
        self.delay = 1.0
        self.slow_answered = []  # when each /slow.xml answer was sent (time.time())
        upstream = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                path = self.path
                upstream._count(upstream.requests, path)
                if path in upstream.failing:
                    return self._send(500, "text/plain", b"Internal Server Error: the feed database is down\n")
                if path == "/slow.xml":
                    time.sleep(upstream.delay)
                    with upstream.lock:
                        upstream.slow_answered.append(time.time())
                    path = "/valley.xml"
                if path == "/valley.xml":
                    if self.headers.get("If-None-Match") == ETAG:
                        upstream._count(upstream.not_modified, self.path)
                        self.send_response(304)
                        self.send_header("ETag", ETAG)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    return self._send(200, "application/rss+xml; charset=utf-8", upstream.valley,
                                      {"ETag": ETAG, "Last-Modified": LAST_MODIFIED})
                if path == "/coast.xml":
                    return self._send(200, "application/atom+xml; charset=utf-8", upstream.coast)
                if path == "/moved.xml":
                    return self._send(301, "text/plain", b"moved\n", {"Location": upstream.url("/valley.xml")})
                if path == "/temp.xml":
                    return self._send(302, "text/plain", b"found\n", {"Location": upstream.url("/coast.xml")})
                if path == "/gone.xml":
                    return self._send(410, "text/plain", b"this feed is gone\n")
                if path == "/broken.xml":
                    return self._send(500, "text/plain", b"Internal Server Error\n")
                if path == "/not-a-feed.txt":
                    return self._send(200, "text/plain", b"a shopping list: apples, bread\n")
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

    def count(self, path, table=None):
        with self.lock:
            return (self.requests if table is None else table).get(path, 0)



class Serve:
    """`clipfeed serve --listen 127.0.0.1:0 ARGS...`, its port read from its
    start-up line, its log kept in `lines`."""

    def __init__(self, clipfeed, *args):
        self.command = [clipfeed, "serve", "--listen", "127.0.0.1:0", *args]
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        self.process = subprocess.Popen(self.command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                        stdin=subprocess.DEVNULL, text=True, env=env)
        self.lines = []
        self.lock = threading.Lock()
        self.port = None
        deadline = time.time() + 20
        while time.time() < deadline:
            line = self.process.stderr.readline()
            if not line:
                break
            self._keep(line)
            found = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
            if found:
                self.port = int(found.group(1))
                break
        if self.port is None:
            self.process.kill()
            raise RuntimeError(f"clipfeed serve did not start: {self.command}\n{''.join(self.lines)}")
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _keep(self, line):
        with self.lock:
            self.lines.append(line)

    def _drain(self):
        for line in self.process.stderr:
            self._keep(line)

    def log(self):
        with self.lock:
            return list(self.lines)

    def wait_for_log(self, predicate, timeout=10):
        """The log once `predicate(line)` holds for one of its lines, or as it is after `timeout` seconds:
        a line is written after its response is sent, so a client may see the answer first."""
        deadline = time.time() + timeout
        while not any(predicate(line) for line in self.log()) and time.time() < deadline:
            time.sleep(0.05)
        return self.log()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def request(self, path, method="GET", headers=None, timeout=30):
        """(status, headers as a dict with lowercase names, body bytes)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            body = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, body
        finally:
            connection.close()

    def stop(self, sig=signal.SIGTERM):
        """Sends `sig` and returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self.reader.join(timeout=5)
        return code

    def sanitizer_reports(self):
        """Lines of ASan, LSan or UBSan reports in the log (a sanitizer build)."""
        return [line for line in self.log()
                if "Sanitizer" in line or "runtime error:" in line or "SUMMARY:" in line]

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        code = self.stop()
        # A server that did not stop cleanly fails the test that ran it, even
        # one that never looks at the exit status: under the sanitizers a leak
        # or an error shows only here.
        if exc_type is None and (code != 0 or self.sanitizer_reports()):
            raise RuntimeError(f"clipfeed serve ended with status {code}:\n" +
                               "".join(self.sanitizer_reports() or self.log()[-20:]))


def write_urls(folder, entries, name="urls"):
    """A newsboat urls file of (url, title or None) pairs; returns its path."""
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        for url, title in entries:
            f.write(f'"{url}"' + (f' "~{title}"' if title else "") + "\n")
    return path
