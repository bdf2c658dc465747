#!/usr/bin/env python3
"""Builds nothing: runs the example plugin host (examples/plugin_host.c) against
libclipfeed.so and a feed served on 127.0.0.1, and checks what it prints.

  test_plugin_host.py HOST_EXECUTABLE LIBRARY FEED_FILE
"""
import http.server
import os
import subprocess
import sys
import threading
import unittest

HOST = LIBRARY = FEED = None


class Serve(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(FEED, "rb") as f:
            body = f.read()
        self.send_response(200 if self.path == "/feed.xml" else 404)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class PluginHost(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Serve)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.url = "http://127.0.0.1:%d/feed.xml" % cls.server.server_address[1]
        cls.env = dict(os.environ, http_proxy="", HTTP_PROXY="", no_proxy="*")

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def test_the_host_loads_the_plugin_polls_and_prints_each_clipping(self):
        p = subprocess.run([HOST, LIBRARY, self.url], capture_output=True, timeout=60, env=self.env)
        self.assertEqual(p.returncode, 0, p.stderr)
        out = p.stdout.decode()
        self.assertIn("plugin ABI 1", out)
        self.assertEqual(out.count("item from " + self.url), 3)
        self.assertIn('"source":"The Example Ledger"', out)
        self.assertIn('"label":"Why it matters"', out)
        self.assertIn("no clipping", out)  # the third item has none

    def test_an_abi_outside_the_hosts_range_is_refused_with_a_clear_message(self):
        p = subprocess.run([HOST, LIBRARY, self.url, "2", "3"], capture_output=True, timeout=60, env=self.env)
        self.assertEqual(p.returncode, 3)
        self.assertIn(b"speaks plugin ABI 1, outside the range this host accepts (2 to 3)", p.stderr)
        self.assertNotIn(b"item from", p.stdout)

    def test_poll_errors_reach_the_hosts_log(self):
        missing = self.url.replace("feed.xml", "missing.xml")
        p = subprocess.run([HOST, LIBRARY, missing], capture_output=True, timeout=60, env=self.env)
        self.assertEqual(p.returncode, 0)
        self.assertIn(b"[clipfeed warning] " + missing.encode(), p.stderr)
        self.assertIn(b"404", p.stderr)


if __name__ == "__main__":
    HOST, LIBRARY, FEED = sys.argv[1:4]
    unittest.main(argv=sys.argv[:1], verbosity=2)
