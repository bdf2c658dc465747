#!/usr/bin/env python3
"""'clipfeed exec' and 'clipfeed filter' as a feed reader runs them, without
the reader: against the local feed server, checking what goes to stdout,
stderr and the exit status, and what the state file keeps.

usage: test_exec_filter.py CLIPFEED FIXTURES_DIR   (FIXTURES_DIR: tests/fixtures/readers)
"""

import os
import sqlite3
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from feed_server import FeedServer  # noqa: E402
from reader_checks import check, reader_env, report  # noqa: E402


def run(args, env, stdin=None):
    return subprocess.run(args, input=stdin, capture_output=True, env=env, timeout=60)


def items_of(rss_bytes):
    channel = ET.fromstring(rss_bytes).find("channel")
    return channel.findall("item")


def main():
    clipfeed, fixtures = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="clipfeed-exec-") as home, FeedServer(fixtures) as server:
        env = reader_env(home, XDG_CACHE_HOME=os.path.join(home, "cache"))
        state = os.path.join(home, "state.sqlite")
        feed_url = server.url("/feed.xml")

        # A first fetch: the whole enriched document, validators saved.
        first = run([clipfeed, "exec", "--state", state, feed_url], env)
        check(first.returncode == 0, f"exec exits 0 (got {first.returncode}: {first.stderr!r})")
        items = items_of(first.stdout)
        check(len(items) == 3, "exec prints the feed's three items")
        cannery = items[0]
        encoded = cannery.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or ""
        check("<strong>Why it matters:</strong>" in encoded, "the clipping is rendered into content:encoded")
        check(f'<a href="{server.url("/out/cannery")}">The Valley Post</a>' in encoded,
              "the source links to the absolute read-at URL")
        check([c.text for c in cannery.findall("category")] == ["business", "orchards", "cider", "local-business"],
              "categories: the item's own, then the clipping's tags")
        check(cannery.find("guid").text == feed_url + "#tag:clips.example.org,2025:clip-1",
              "the guid is the feed URL and the item's guid")
        check(cannery.find("guid").get("isPermaLink") == "false", "guids are not permalinks")
        check(cannery.findtext("pubDate") == "Mon, 03 Mar 2025 07:30:00 +0000", "pubDate is RFC 822")
        with sqlite3.connect(state) as db:
            rows = db.execute("SELECT etag, last_modified, rss FROM clipfeed_exec_cache WHERE url = ?",
                              (feed_url,)).fetchall()
        check(len(rows) == 1 and rows[0][0] == '"valley-v1"', "the state keeps the ETag")
        check(len(rows) == 1 and bytes(rows[0][2]) == first.stdout, "the state keeps the printed document")

        # Again: a conditional request, a 304, and the same document printed.
        second = run([clipfeed, "exec", "--state", state, feed_url], env)
        check(second.returncode == 0, "exec after a 304 exits 0")
        check(server.count(server.not_modified, "/feed.xml") == 1, "the second fetch got a 304")
        check(second.stdout == first.stdout, "after a 304 the cached document is printed again")

        # Output written by another clipfeed version is not reused: no validators sent.
        with sqlite3.connect(state) as db:
            db.execute("UPDATE clipfeed_exec_cache SET writer = 'clipfeed 0.0.0-old'")
        third = run([clipfeed, "exec", "--state", state, feed_url], env)
        check(third.returncode == 0 and third.stdout == first.stdout, "exec after a version change prints the feed")
        check(server.count(server.conditional, "/feed.xml") == 1, "another version's output means no validators")

        # Fetch errors: nothing on stdout, the URL on stderr, exit status 1.
        for path in ("/broken.xml", "/not-a-feed.xml", "/missing.xml"):
            url = server.url(path)
            failed = run([clipfeed, "exec", "--state", state, url], env)
            check(failed.returncode == 1, f"exec {path} exits 1 (got {failed.returncode})")
            check(failed.stdout == b"", f"exec {path} prints nothing on stdout")
            check(url.encode() in failed.stderr, f"exec {path} names the URL on stderr: {failed.stderr!r}")

        # An unusable state file is a warning; the feed still comes.
        unusable = run([clipfeed, "exec", "--state", home, feed_url], env)
        check(unusable.returncode == 0 and len(items_of(unusable.stdout)) == 3, "an unusable state still gives the feed")
        check(b"warning" in unusable.stderr, "an unusable state is reported as a warning")

        # Without --state the cache lives under $XDG_CACHE_HOME.
        default = run([clipfeed, "exec", feed_url], env)
        check(default.returncode == 0, "exec without --state exits 0")
        check(os.path.exists(os.path.join(home, "cache", "clipfeed", "exec.sqlite")),
              "without --state the state is $XDG_CACHE_HOME/clipfeed/exec.sqlite")

    with open(os.path.join(fixtures, "other.atom"), "rb") as f:
        atom = f.read()
    with tempfile.TemporaryDirectory(prefix="clipfeed-filter-") as home:
        env = reader_env(home, XDG_CACHE_HOME=os.path.join(home, "cache"))
        # filter: any format in, RSS 2.0 out; guids from the URL given, else the feed's own link.
        given = run([clipfeed, "filter", "http://127.0.0.1:9/other.xml"], env, atom)
        check(given.returncode == 0, f"filter exits 0 ({given.stderr!r})")
        root = ET.fromstring(given.stdout)
        check(root.tag == "rss" and root.get("version") == "2.0", "filter writes RSS 2.0")
        seals = root.find("channel").findall("item")[0]
        check(seals.find("guid").text.startswith("http://127.0.0.1:9/other.xml#"), "filter's guids use the URL given")
        check([c.text for c in seals.findall("category")] == ["wildlife", "seals", "surveys"],
              "filter adds the tags as categories without duplicates")
        own = run([clipfeed, "filter"], env, atom)
        guid = ET.fromstring(own.stdout).find("channel").find("item").find("guid").text
        check(guid.startswith("http://clips.example.org/coast/#"), "without a URL the guids use the feed's link")

        not_feed = run([clipfeed, "filter"], env, b"just some words, no feed\n")
        check(not_feed.returncode == 1 and not_feed.stdout == b"", "filter of a non-feed prints nothing, exits 1")
        check(b"not a feed" in not_feed.stderr, f"filter says it is not a feed: {not_feed.stderr!r}")

    return report()


if __name__ == "__main__":
    sys.exit(main())
