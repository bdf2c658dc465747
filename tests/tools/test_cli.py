#!/usr/bin/env python3
"""The clipfeed command as a user runs it: output, errors and exit codes.

  test_cli.py CLIPFEED_EXECUTABLE FIXTURES_DIR
"""
import http.server
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
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
        self.assertEqual(doc["items"][0]["clippings"], [doc["items"][0]["clipping"]])
        self.assertTrue(all(item["estimated_reading_minutes"] >= 1 for item in doc["items"]))

    def test_reads_standard_input_for_a_dash(self):
        p = run("parse", "-", stdin=b"<rss version='2.0'><channel><title>From stdin</title></channel></rss>")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(json.loads(p.stdout)["title"], "From stdin")

    def test_compact_prints_the_same_json_on_one_line(self):
        path = os.path.join(FIXTURES, "capi", "clippings.rss")
        pretty = run("parse", "--json", path)
        compact = run("parse", "--json", "--compact", path)
        self.assertEqual(compact.returncode, 0, compact.stderr)
        self.assertEqual(compact.stdout.count(b"\n"), 1)
        self.assertTrue(compact.stdout.endswith(b"}\n"))
        self.assertEqual(json.loads(compact.stdout), json.loads(pretty.stdout))

    def test_a_file_a_redirected_file_and_a_pipe_give_the_same_output(self):
        # A file is read in one read() into the buffer the library parses in place; standard input
        # redirected from a file the same way; a pipe in large blocks. 3,000 items: the output goes
        # out in several of the writers' 64 KiB pieces.
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "many.xml")
            with open(path, "wb") as f:
                f.write(many_items_feed(3000))
            from_file = run("parse", "--json", path)
            self.assertEqual(from_file.returncode, 0, from_file.stderr)
            with open(path, "rb") as f:
                redirected = subprocess.run([EXE, "parse", "--json", "-"], stdin=f, capture_output=True, timeout=60)
            piped = run("parse", "--json", "-", stdin=open(path, "rb").read())
            self.assertEqual(redirected.stdout, from_file.stdout)
            self.assertEqual(piped.stdout, from_file.stdout)
            self.assertEqual(len(json.loads(from_file.stdout)["items"]), 3000)
            with open(path, "rb") as f:
                filter_redirected = subprocess.run([EXE, "filter"], stdin=f, capture_output=True, timeout=60)
            filter_piped = run("filter", stdin=open(path, "rb").read())
            self.assertEqual(filter_redirected.returncode, 0, filter_redirected.stderr)
            self.assertEqual(filter_piped.stdout, filter_redirected.stdout)
            self.assertEqual(filter_piped.stdout.count(b"<item>"), 3000)

    def test_a_closed_output_is_reported(self):
        p = subprocess.run([EXE, "parse", "--json", os.path.join(FIXTURES, "capi", "clippings.rss")],
                           stdout=open("/dev/full", "wb"), stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(p.returncode, 1)
        self.assertIn(b"cannot write to standard output", p.stderr)

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

    def test_html_is_sanitized_unless_raw_html_is_asked_for(self):
        doc = (b"<rss version='2.0'><channel><title>t</title><item><description>"
               b"&lt;p onclick='x()'&gt;Hi&lt;script&gt;steal()&lt;/script&gt;&lt;/p&gt;</description></item>"
               b"</channel></rss>")
        safe = json.loads(run("parse", "-", stdin=doc).stdout)["items"][0]["summary"]
        self.assertNotIn("script", safe)
        self.assertNotIn("onclick", safe)
        self.assertIn("Hi", safe)
        p = run("parse", "--raw-html", "-", stdin=doc)
        self.assertEqual(p.returncode, 0, p.stderr)
        raw = json.loads(p.stdout)["items"][0]["summary"]
        self.assertIn("<script>steal()</script>", raw)
        self.assertIn("onclick", raw)

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

    def test_every_command_is_listed_and_each_gets_its_own_options(self):
        # The command declares to CLI11 only the subcommand named first, or all of them when the
        # first word names none: the full list stays in --help and in the answer to a wrong name.
        # The rest guards that nothing else a user sees changed with it (each would hold with all
        # nine declared too; what declaring one saves shows only in time, bench/README.md).
        commands = ("parse", "clip", "fetch", "watch", "opml", "state", "exec", "filter", "serve")
        for args in (["--help"], ["frobnicate", "--help"]):
            p = run(*args)
            listing = p.stdout + p.stderr
            for command in commands:
                self.assertIn(command.encode(), listing, (args, command))
        self.assertEqual(run("--version").returncode, 0)
        self.assertIn(b"--compact", run("parse", "--help").stdout)
        self.assertIn(b"--state", run("watch", "--help").stdout)
        self.assertNotIn(b"--headers", run("watch", "--help").stdout)
        p = run("parse", "--state", "x.db", os.path.join(FIXTURES, "capi", "clippings.rss"))
        self.assertEqual(p.returncode, 2, "another command's option is not parse's")


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

    def test_all_prints_every_clipping_as_a_json_array(self):
        two = (self.CLIPPING + "\u201cThe second clipping's only passage.\u201d\n#second\nRead at Another Paper\n").encode()
        p = run("clip", "--all", "-", stdin=two)
        self.assertEqual(p.returncode, 0, p.stderr)
        clips = json.loads(p.stdout)
        self.assertEqual([c["source"] for c in clips], ["The Example Courier", "Another Paper"])
        self.assertEqual(clips[0], json.loads(run("clip", "-", stdin=two).stdout))
        self.assertEqual(json.loads(run("clip", "--all", "-", stdin=b"No clipping here.\n").stdout), [])

    def test_a_markdown_clipping_is_read_with_its_link(self):
        md = (b"> **Why it matters:** The tram line reopens on Monday.\n\n"
              b"\\#trams\n\n[Read at The Example Courier](/story/7)\n")
        clip = json.loads(run("clip", "--url", "https://clips.example.com/c/1", "-", stdin=md).stdout)
        self.assertEqual(clip["quotes"], [{"text": "Why it matters: The tram line reopens on Monday.",
                                           "label": "Why it matters"}])
        self.assertEqual(clip["tags"], ["trams"])
        self.assertEqual(clip["source_url"], "https://clips.example.com/story/7")

    def test_url_makes_the_read_at_link_absolute(self):
        html = (b'<blockquote>"Water levels are back to normal."</blockquote>'
                b'<p><a href="/story/42">Read at The Example Courier</a></p>')
        clip = json.loads(run("clip", "--url", "https://clips.example.com/c/1", "-", stdin=html).stdout)
        self.assertEqual(clip["source_url"], "https://clips.example.com/story/42")


FEED = (b"<rss version='2.0'><channel><title>Served</title><item><title>One</title>"
        b"<description>&lt;b onmouseover='x()'&gt;bold&lt;/b&gt;</description></item></channel></rss>")


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

    def test_raw_html_keeps_the_served_html_as_written(self):
        safe = json.loads(self.fetch(self.base + "/feed").stdout)["items"][0]["summary"]
        self.assertEqual(safe, "<b>bold</b>")
        p = self.fetch("--raw-html", self.base + "/feed")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(json.loads(p.stdout)["items"][0]["summary"], '<b onmouseover="x()">bold</b>')

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


def read_lines(path):
    with open(path) as f:
        return f.read().splitlines()


def make_due(state):
    """Marks every feed of a state file due now (as if its interval had passed)."""
    subprocess.run(["sqlite3", state, "UPDATE feeds SET next_poll = 0"], check=True)


def many_items_feed(count):
    items = "".join("<item><guid isPermaLink='false'>item-%d</guid><title>Item %d</title></item>" % (i, i)
                    for i in range(count))
    return ("<rss version='2.0'><channel><title>Many</title>%s</channel></rss>" % items).encode()


class WatchHandler(http.server.BaseHTTPRequestHandler):
    feeds = {"/many.xml": many_items_feed(30), "/two.xml": many_items_feed(2)}
    seen_if_none_match = []

    def do_GET(self):
        body = self.feeds.get(self.path)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        etag = '"%d"' % len(body)
        WatchHandler.seen_if_none_match.append(self.headers.get("If-None-Match"))
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class WatchCommand(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), WatchHandler)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.base = "http://127.0.0.1:%d" % cls.server.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.state = os.path.join(self.tmp.name, "state.db")
        self.env = dict(os.environ, http_proxy="", HTTP_PROXY="", no_proxy="*")

    def tearDown(self):
        self.tmp.cleanup()

    def watch(self, *args, timeout=60):
        return subprocess.run([EXE, "watch", "--state", self.state, *args], capture_output=True, timeout=timeout,
                              env=self.env)

    def test_once_prints_each_new_item_as_a_json_line_then_nothing_new(self):
        p = self.watch("--once", self.base + "/two.xml")
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = [json.loads(line) for line in p.stdout.decode().splitlines()]
        self.assertEqual([line["item"]["title"] for line in lines], ["Item 1", "Item 0"])
        self.assertEqual(lines[0]["event"], "new")
        self.assertEqual(lines[0]["feed"]["url"], self.base + "/two.xml")
        self.assertEqual(lines[0]["feed"]["title"], "Many")

        WatchHandler.seen_if_none_match.clear()
        again = subprocess.run([EXE, "watch", "--state", self.state, "--once", "--interval", "0.001"],
                               capture_output=True, timeout=60, env=self.env)
        # The feed is not due yet (an hour), so nothing is fetched and nothing printed.
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertEqual(again.stdout, b"")

    def test_a_restart_sends_the_stored_validators(self):
        self.assertEqual(self.watch("--once", self.base + "/two.xml").returncode, 0)
        make_due(self.state)
        WatchHandler.seen_if_none_match.clear()
        p = self.watch("--once")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout, b"")
        self.assertIn('"%d"' % len(WatchHandler.feeds["/two.xml"]), WatchHandler.seen_if_none_match)

    def test_exec_failures_are_delivered_again_on_the_next_run(self):
        log = os.path.join(self.tmp.name, "log")
        failing = "cat >> %s; exit 3" % log
        p = self.watch("--once", "--exec", failing, self.base + "/two.xml")
        self.assertEqual(p.returncode, 0, p.stderr)
        # Each refusal is said, naming the feed, the item and what the command did.
        for item in ("item-0", "item-1"):
            self.assertIn('%s/two.xml: the --exec command exited with status 3 on item "%s"' % (self.base, item),
                          p.stderr.decode())
        make_due(self.state)
        ok = "cat >> %s" % log
        p = self.watch("--once", "--exec", ok)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertNotIn(b"--exec", p.stderr)
        titles = [json.loads(line)["item"]["title"] for line in read_lines(log)]
        self.assertEqual(titles.count("Item 0"), 2)  # refused once, then delivered
        self.assertEqual(titles.count("Item 1"), 2)

    def test_exec_commands_get_the_environment_and_signals_as_usual(self):
        log = os.path.join(self.tmp.name, "log")
        # The shell's own signal masks: watch blocks SIGINT/SIGTERM for its
        # signal thread and ignores SIGPIPE, and the command must get neither.
        command = ('cat > /dev/null; printf "%%s|%%s|%%s|" "$CLIPFEED_EVENT" "$CLIPFEED_FEED_URL" "$MARK" >> %s; '
                   'grep -E "^Sig(Ign|Blk)" /proc/$$/status | tr "\\n" " " >> %s; echo >> %s') % (log, log, log)
        self.env.update(MARK="kept", CLIPFEED_EVENT="stale")
        p = self.watch("--once", "--exec", command, self.base + "/two.xml")
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = read_lines(log)
        self.assertEqual(len(lines), 2, lines)
        for line in lines:
            event, url, mark, masks = line.split("|")
            self.assertEqual((event, url, mark), ("new", self.base + "/two.xml", "kept"))
            fields = dict(re.findall(r"(Sig\w+):\s*([0-9a-f]+)", masks))
            sigpipe, sigint, sigterm = 1 << 12, 1 << 1, 1 << 14
            self.assertEqual(int(fields["SigIgn"], 16) & sigpipe, 0, "SIGPIPE is ignored in the command: " + masks)
            self.assertEqual(int(fields["SigBlk"], 16) & (sigint | sigterm), 0, "signals blocked: " + masks)

    def test_exec_commands_get_what_watch_was_given_and_none_of_its_own_descriptors(self):
        # A descriptor the caller gave watch reaches the command (here fd N,
        # written to with >&N); libcurl's sockets and the state file do not.
        listing = os.path.join(self.tmp.name, "fds")
        given_path = os.path.join(self.tmp.name, "given")
        with open(given_path, "w") as given:
            n = given.fileno()
            # ls lists its own descriptors (exec: not the shell's, which keeps
            # copies of its own around redirections), and its /proc directory.
            command = "cat > /dev/null; echo written >&%d; exec ls -l /proc/self/fd >> %s" % (n, listing)
            p = subprocess.run([EXE, "watch", "--state", self.state, "--once", "--exec", command,
                                self.base + "/two.xml"], capture_output=True, timeout=60, env=self.env,
                               pass_fds=(n,))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(read_lines(given_path), ["written", "written"])
        targets = {}
        for line in read_lines(listing):
            if " -> " in line and "/proc/" not in line:
                fd, target = line.split(" -> ")
                targets[int(fd.split()[-1])] = target
        self.assertEqual(set(targets) - {0, 1, 2}, {n}, targets)
        self.assertFalse([t for t in targets.values() if t.startswith("socket:")], targets)

    def test_sigkill_mid_cycle_loses_no_item_after_restart(self):
        log = os.path.join(self.tmp.name, "log")
        slow = "cat >> %s; sleep 0.05" % log
        proc = subprocess.Popen([EXE, "watch", "--state", self.state, "--exec", slow, self.base + "/many.xml"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=self.env)
        deadline = time.time() + 30
        while time.time() < deadline:
            if os.path.exists(log) and len(read_lines(log)) >= 5:
                break
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
        before = len(read_lines(log))
        self.assertLess(before, 30, "the kill came after every item was delivered: the test proved nothing")
        p = self.watch("--once", "--exec", "cat >> %s" % log)
        self.assertEqual(p.returncode, 0, p.stderr)
        delivered = {json.loads(line)["item"]["id"] for line in read_lines(log)}
        self.assertEqual(delivered, {"item-%d" % i for i in range(30)})

    def test_sigterm_shuts_down_cleanly_and_promptly(self):
        proc = subprocess.Popen([EXE, "watch", "--state", self.state, self.base + "/two.xml"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
        first = proc.stdout.readline()
        self.assertTrue(first.startswith(b"{"))
        start = time.time()
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(proc.wait(timeout=10), 0)
        self.assertLess(time.time() - start, 3)
        proc.stdout.close()
        proc.stderr.close()

    def test_opml_in_and_out(self):
        opml = os.path.join(self.tmp.name, "subs.opml")
        with open(opml, "w") as f:
            f.write("<?xml version='1.0'?><opml version='2.0'><head/><body><outline text='News'>"
                    "<outline text='Two' xmlUrl='%s/two.xml'/></outline></body></opml>" % self.base)
        urls = os.path.join(self.tmp.name, "urls.txt")
        with open(urls, "w") as f:
            f.write("# my feeds\n%s/many.xml\n\n" % self.base)
        p = self.watch("--once", "--opml", opml, "--urls", urls)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(len(p.stdout.decode().splitlines()), 32)
        out = subprocess.run([EXE, "opml", "export", "--state", self.state], capture_output=True, timeout=30)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn(b"xmlUrl=\"%s/two.xml\"" % self.base.encode(), out.stdout)
        self.assertIn(b"xmlUrl=\"%s/many.xml\"" % self.base.encode(), out.stdout)

    def test_a_state_file_that_is_not_ours_is_refused_untouched(self):
        with open(self.state, "wb") as f:
            f.write(b"not a database " * 100)
        p = self.watch("--once", self.base + "/two.xml")
        self.assertEqual(p.returncode, 1)
        self.assertIn(self.state.encode(), p.stderr)
        self.assertEqual(open(self.state, "rb").read(), b"not a database " * 100)


if __name__ == "__main__":
    EXE, FIXTURES = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=2)
