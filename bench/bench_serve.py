#!/usr/bin/env python3
"""Requests per second of 'clipfeed serve' for a cached, enriched 100-item
feed, beside nginx serving the same bytes from a file, in the same run: 200s
and 304s (If-None-Match with each server's own ETag) with wrk, 64
connections. Prints the rates, the ratio to nginx (the target is >= 0.5) and
the server's resident memory before and after the runs (over 100,000
requests in all; it should stay flat).

usage: bench_serve.py [CLIPFEED] [--seconds S]   (needs wrk and nginx: ./dev.sh bench installs them)
Not part of ctest: timings are for people to read, never asserted.
"""

import argparse
import http.client
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "tools"))
from serve_support import Serve  # noqa: E402

CONNECTIONS = 64


def feed_of_clippings(items=100):
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
             'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
             "<title>Bench clippings</title><link>http://bench.example.org/</link><description>d</description>"]
    for i in range(items):
        parts.append(
            f"<item><title>Story {i}: the harbour council votes on the new ferry timetable</title>"
            f"<link>http://bench.example.org/story/{i}</link><guid isPermaLink=\"false\">bench-{i}</guid>"
            f"<pubDate>Mon, 03 Mar 2025 07:{i % 60:02d}:00 GMT</pubDate>"
            "<content:encoded><![CDATA["
            f"<p>\u201cThe council approved a timetable with {i + 3} crossings a day, starting in April.\u201d</p>"
            "<p>\u201cWhy it matters: Commuters from the islands have asked for an early boat for years.\u201d</p>"
            "<p>\u201cWhat's next: The operator hires two crews before the summer season.\u201d</p>"
            "<p>The vote was 7 to 2; the harbour master abstained.</p>"
            "<p>#ferries #islands #transport</p>"
            f"<p><a href=\"http://news.example.org/ferry/{i}\">Read at The Harbour Gazette</a></p>"
            "<p>4 min read</p>]]></content:encoded></item>")
    parts.append("</channel></rss>\n")
    return "".join(parts).encode()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def upstream(body):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start_nginx(folder, body):
    root = os.path.join(folder, "www")
    os.makedirs(os.path.join(root, "feeds"))
    with open(os.path.join(root, "feeds", "bench.xml"), "wb") as f:
        f.write(body)
    os.chmod(folder, 0o755)
    for path in (root, os.path.join(root, "feeds")):
        os.chmod(path, 0o755)
    port = free_port()
    conf = os.path.join(folder, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes 2;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {folder}/tmp; proxy_temp_path {folder}/tmp; fastcgi_temp_path {folder}/tmp;
  uwsgi_temp_path {folder}/tmp; scgi_temp_path {folder}/tmp;
  types {{ application/rss+xml xml; }}
  keepalive_requests 1000000;
  server {{ listen 127.0.0.1:{port}; root {root}; etag on; }}
}}
""")
    process = subprocess.Popen(["nginx", "-p", folder, "-c", conf, "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("nginx did not start: " + process.stderr.read().decode(errors="replace"))


def get(port, path, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("GET", path, headers=headers or {})
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, body


def wrk(port, path, seconds, folder, etag=None):
    """(requests/s, requests) of one wrk run; with `etag`, every request carries If-None-Match."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    if etag:
        script = os.path.join(folder, "inm.lua")
        with open(script, "w") as f:
            f.write('wrk.headers["If-None-Match"] = ' + "'" + etag + "'\n")
        command += ["-s", script]
    out = subprocess.run(command + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                         timeout=seconds + 30).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    count = int(re.search(r"(\d+) requests in", out).group(1))
    if "Non-2xx or 3xx" in out:
        raise RuntimeError("wrk saw error responses:\n" + out)
    return rate, count


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("clipfeed", nargs="?", default="build/clipfeed")
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            print(f"bench_serve: {tool} is not installed (apt-get install wrk nginx-light)")
            return 1

    body = feed_of_clippings()
    with tempfile.TemporaryDirectory(prefix="clipfeed-bench-serve-") as folder:
        origin = upstream(body)
        urls = os.path.join(folder, "urls")
        with open(urls, "w") as f:
            f.write(f'"http://127.0.0.1:{origin.server_address[1]}/feed.xml" "~bench"\n')
        serve = Serve(os.path.abspath(args.clipfeed), "--feeds", urls, "--quiet", "--threads", "2",
                      "--interval", "600")
        nginx, nginx_port = start_nginx(folder, b"")
        try:
            status, headers, served = get(serve.port, "/feeds/bench.xml")
            assert status == 200 and served.count(b"<item>") == 100 and b"<blockquote>" in served, "enriched feed"
            with open(os.path.join(folder, "www", "feeds", "bench.xml"), "wb") as f:
                f.write(served)  # nginx serves the very bytes clipfeed serves
            ours_etag = headers["etag"]
            status_n, headers_n, from_nginx = get(nginx_port, "/feeds/bench.xml")
            assert status_n == 200 and from_nginx == served, "nginx serves the same bytes"
            nginx_etag = headers_n["etag"]
            assert get(serve.port, "/feeds/bench.xml", {"If-None-Match": ours_etag})[0] == 304
            assert get(nginx_port, "/feeds/bench.xml", {"If-None-Match": nginx_etag})[0] == 304

            rss_before = rss_kib(serve.process.pid)
            total = 0
            rows = []
            rss_warm = warm_total = None
            for label, ours_tag, theirs_tag in (("200 (identity, %d B)" % len(served), None, None),
                                                ("304 (If-None-Match)", ours_etag, nginx_etag)):
                ours, count = wrk(serve.port, "/feeds/bench.xml", args.seconds, folder, ours_tag)
                total += count
                if rss_warm is None:
                    rss_warm, warm_total = rss_kib(serve.process.pid), total
                theirs, _ = wrk(nginx_port, "/feeds/bench.xml", args.seconds, folder, theirs_tag)
                rows.append((label, ours, theirs))
            while total - warm_total < 100_000:  # memory is judged over 100,000 requests after warming up
                total += wrk(serve.port, "/feeds/bench.xml", 2, folder)[1]
            rss_after = rss_kib(serve.process.pid)
            fetches = get(serve.port, "/healthz")[0] == 200
        finally:
            serve.stop()
            nginx.terminate()
            nginx.wait(timeout=10)
            origin.shutdown()

    print(f"clipfeed serve vs nginx, cached enriched 100-item feed, wrk -t2 -c{CONNECTIONS} -d{args.seconds}s, "
          f"{os.cpu_count()} cores shared by client and servers")
    print(f"{'response':<24}{'clipfeed serve req/s':>22}{'nginx req/s':>14}{'ratio':>8}")
    for label, ours, theirs in rows:
        print(f"{label:<24}{ours:>22,.0f}{theirs:>14,.0f}{ours / theirs:>8.2f}")
    print(f"clipfeed serve RSS: {rss_before} KiB before, {rss_warm} KiB after the first {warm_total:,} requests, "
          f"{rss_after} KiB after {total - warm_total:,} more ({rss_after - rss_warm:+d} KiB); "
          f"healthy after: {fetches}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
