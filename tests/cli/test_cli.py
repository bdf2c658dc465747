#!/usr/bin/env python3
"""The clipfeed command as a user runs it: output, errors and exit codes.

  test_cli.py CLIPFEED_EXECUTABLE FIXTURES_DIR
"""
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import unittest

EXE = None
FIXTURES = None


def run(*args, stdin=None):
    return subprocess.run([EXE, *args], input=stdin, capture_output=True, timeout=60)


class ParseCommand(unittest.TestCase):
    def test_prints_the_feed_as_json_with_every_schema_key(self):
        p = run("parse", "--json", os.path.join(FIXTURES, "capi", "clippings.rss"))
        self.assertEqual(p.returncode, 0, p.stderr)
        doc = json.loads(p.stdout)
        for key in ("format", "version", "encoding", "title", "link", "feed_url", "description", "language",
                    "updated", "published", "image", "rights", "authors", "categories", "items", "warnings",
                    "recovered"):
            self.assertIn(key, doc)
        self.assertEqual(doc["title"], "Reading list")
        self.assertEqual(doc["items"][0]["clipping"]["source"], "The Valley Post")

    def test_reads_standard_input_for_a_dash(self):
        p = run("parse", "-", stdin=b"<rss version='2.0'><channel><title>From stdin</title></channel></rss>")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(json.loads(p.stdout)["title"], "From stdin")

    def test_url_and_headers_give_the_base_charset_and_language(self):
        with tempfile.TemporaryDirectory() as tmp:
            headers = os.path.join(tmp, "headers")
            with open(headers, "w") as f:
                f.write("Content-Type: application/rss+xml; charset=iso-8859-1\r\n"
                        "Content-Location: /feeds/main.xml\r\nContent-Language: de\r\n")
            feed = os.path.join(tmp, "feed.xml")
            with open(feed, "wb") as f:
                f.write(b"<rss version='2.0'><channel><title>Gr\xfc\xdfe</title>"
                        b"<item><link>posts/1</link></item></channel></rss>")
            p = run("parse", "--url", "https://example.org/x/y", "--headers", headers, feed)
        self.assertEqual(p.returncode, 0, p.stderr)
        doc = json.loads(p.stdout)
        self.assertEqual(doc["encoding"], "iso-8859-1")
        self.assertEqual(doc["title"], "Grüße")
        self.assertEqual(doc["language"], "de")
        self.assertEqual(doc["items"][0]["link"], "https://example.org/feeds/posts/1")

    def test_a_malformed_feed_still_exits_zero_flagged_recovered(self):
        p = run("parse", "-", stdin=b"<rss><channel><item><title>a < b</title></item>")
        self.assertEqual(p.returncode, 0, p.stderr)
        doc = json.loads(p.stdout)
        self.assertTrue(doc["recovered"])
        self.assertTrue(doc["warnings"])

    def test_a_missing_file_exits_one_and_names_the_file(self):
        p = run("parse", "/no/such/feed.xml")
        self.assertEqual(p.returncode, 1)
        self.assertIn(b"/no/such/feed.xml", p.stderr)
        self.assertEqual(p.stdout, b"")

    def test_a_bad_headers_line_is_reported_with_its_line_number(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("Content-Type: text/xml\nthis line has no colon\n")
        try:
            p = run("parse", "--headers", f.name, os.path.join(FIXTURES, "capi", "clippings.rss"))
        finally:
            os.unlink(f.name)
        self.assertEqual(p.returncode, 1)
        self.assertIn(b"line 2", p.stderr)

    def test_a_bad_command_line_exits_two(self):
        self.assertEqual(run("parse").returncode, 2)
        self.assertEqual(run("parse", "--no-such-option", "x").returncode, 2)
        self.assertEqual(run().returncode, 2)
        self.assertEqual(run("frobnicate").returncode, 2)

    def test_help_describes_each_command_and_the_exit_codes(self):
        for args in (["--help"], ["parse", "--help"], ["clip", "--help"]):
            p = run(*args)
            self.assertEqual(p.returncode, 0)
            self.assertIn(b"Exit status", p.stdout)


class ClipCommand(unittest.TestCase):
    CLIPPING = ("\u201cThe tram line reopens on Monday after six weeks of track work.\u201d\n"
                "Services run every eight minutes at peak times.\n"
                "#trams #transport\n"
                "Read at The Example Courier\n"
                "2 min read\n")

    def test_prints_the_clipping_of_a_text_document(self):
        p = run("clip", "-", stdin=self.CLIPPING.encode())
        self.assertEqual(p.returncode, 0, p.stderr)
        clip = json.loads(p.stdout)
        self.assertEqual(clip["quotes"][0]["text"], "The tram line reopens on Monday after six weeks of track work.")
        self.assertEqual(clip["tags"], ["trams", "transport"])
        self.assertEqual(clip["source"], "The Example Courier")
        self.assertEqual(clip["read_time_minutes"], 2)

    def test_prints_null_when_there_is_no_clipping(self):
        p = run("clip", "-", stdin=b"An ordinary paragraph of news.\n")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIsNone(json.loads(p.stdout))

    def test_html_and_text_flags_force_the_reading(self):
        html = b'<p>"A quoted line in a paragraph."</p><p>#one</p>'
        as_html = json.loads(run("clip", "--html", "-", stdin=html).stdout)
        self.assertEqual(as_html["quotes"][0]["text"], "A quoted line in a paragraph.")
        as_text = json.loads(run("clip", "--text", "-", stdin=html).stdout)
        self.assertIsNone(as_text)  # as text the tags are not removed, so nothing is a quote
        self.assertEqual(run("clip", "--html", "--text", "-", stdin=html).returncode, 2)

    def test_url_makes_the_read_at_link_absolute(self):
        html = (b'<blockquote>"Water levels are back to normal."</blockquote>'
                b'<p><a href="/story/42">Read at The Example Courier</a></p>')
        clip = json.loads(run("clip", "--url", "https://clips.example.com/c/1", "-", stdin=html).stdout)
        self.assertEqual(clip["source_url"], "https://clips.example.com/story/42")


FEED = (b"<rss version='2.0'><channel><title>Served</title><item><title>One</title></item></channel></rss>")


class FeedHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/feed":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.send_header("ETag", '"v1"')
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", '"v1"')
            self.send_header("Content-Length", str(len(FEED)))
            self.end_headers()
            self.wfile.write(FEED)
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def log_message(self, *args):
        pass


class FetchCommand(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.base = "http://127.0.0.1:%d" % cls.server.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def fetch(self, *args):
        env = dict(os.environ, http_proxy="", HTTP_PROXY="", no_proxy="*")
        return subprocess.run([EXE, "fetch", *args], capture_output=True, timeout=60, env=env)

    def test_one_url_prints_the_feed_with_a_fetch_object(self):
        p = self.fetch(self.base + "/feed")
        self.assertEqual(p.returncode, 0, p.stderr)
        doc = json.loads(p.stdout)
        self.assertEqual(doc["title"], "Served")
        fetch = doc["fetch"]
        for key in ("url", "final_url", "status", "not_modified", "permanent_redirect", "etag", "last_modified",
                    "retry_after", "elapsed_ms", "error"):
            self.assertIn(key, fetch)
        self.assertEqual(fetch["status"], 200)
        self.assertEqual(fetch["etag"], '"v1"')
        self.assertIsNone(fetch["error"])

    def test_an_etag_gives_not_modified(self):
        p = self.fetch("--etag", '"v1"', self.base + "/feed")
        self.assertEqual(p.returncode, 0, p.stderr)
        fetch = json.loads(p.stdout)["fetch"]
        self.assertEqual(fetch["status"], 304)
        self.assertTrue(fetch["not_modified"])

    def test_several_urls_give_one_json_line_each_and_a_failure_exits_one(self):
        urls = [self.base + "/feed", self.base + "/missing", self.base + "/feed"]
        p = self.fetch(*urls)
        self.assertEqual(p.returncode, 1)
        lines = [json.loads(line) for line in p.stdout.decode().splitlines()]
        self.assertEqual(len(lines), 3)
        self.assertEqual(sorted(line["fetch"]["url"] for line in lines), sorted(urls))
        failed = [line for line in lines if line["fetch"]["error"]]
        self.assertEqual(len(failed), 1)
        self.assertEqual(failed[0]["fetch"]["status"], 404)
        self.assertIn(self.base + "/missing", failed[0]["fetch"]["error"])
        self.assertIn(b"1 of 3 fetches failed", p.stderr)
        self.assertNotIn(b"fetched", p.stderr)  # no progress line: stderr is not a terminal

    def test_a_url_that_is_not_http_is_an_error_naming_it(self):
        p = self.fetch("ftp://example.invalid/feed")
        self.assertEqual(p.returncode, 1)
        self.assertIn(b"ftp://example.invalid/feed", p.stderr)
        self.assertEqual(json.loads(p.stdout)["fetch"]["error_kind"], "scheme")


if __name__ == "__main__":
    EXE, FIXTURES = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=2)
