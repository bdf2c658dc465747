#!/usr/bin/env python3
"""'clipfeed exec' and 'clipfeed filter' in the real newsboat.

A local server serves two feeds of clippings (RSS 2.0 and Atom, both with an
item with the same guid), a server error and a document that is no feed.
newsboat reloads them through exec: and filter: URLs with HOME set to a
temporary folder; its cache.db and debug log are then read:
  1. the items are there with their enriched content, unique guids;
  2. a second reload sends a conditional request, gets a 304, and newsboat
     still gets the whole document (no error, the same items);
  3. when the feed starts failing, newsboat logs the error and keeps the items.
newsboat does not store item categories, so those are checked in the
document it was given (kept in clipfeed's state file).

usage: test_newsboat.py CLIPFEED FIXTURES_DIR   (exit 77: newsboat is not installed; 1 instead
when CLIPFEED_REQUIRE_READERS=1)
"""

import calendar
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from feed_server import FeedServer  # noqa: E402
from reader_checks import check, reader_env, report, skip  # noqa: E402

class Newsboat:
    def __init__(self, folder, urls):
        self.folder = folder
        self.home = os.path.join(folder, "home")
        os.makedirs(self.home)
        self.urls = os.path.join(folder, "urls")
        self.config = os.path.join(folder, "config")
        self.cache = os.path.join(folder, "cache.db")
        with open(self.urls, "w") as f:
            # Quoted: newsboat splits a urls line at spaces (the rest would be tags).
            f.writelines(f'"{url}"\n' for url in urls)
        with open(self.config, "w") as f:
            f.write("reload-threads 2\n")
        self.runs = 0

    def reload(self):
        """Runs `newsboat -x reload`; returns the text of its debug log."""
        self.runs += 1
        log = os.path.join(self.folder, f"newsboat-{self.runs}.log")
        env = reader_env(self.home, TERM="dumb")
        done = subprocess.run(["newsboat", "-u", self.urls, "-c", self.cache, "-C", self.config,
                               "-x", "reload", "-l", "6", "-d", log],
                              env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
        check(done.returncode == 0, f"newsboat run {self.runs} exits 0 (got {done.returncode}: {done.stderr!r})")
        with open(log, encoding="utf-8", errors="replace") as f:
            return f.read()

    def items(self):
        with sqlite3.connect(self.cache) as db:
            db.row_factory = sqlite3.Row
            return [dict(r) for r in db.execute(
                "SELECT guid, title, author, url, feedurl, pubDate, content FROM rss_item ORDER BY feedurl, pubDate")]

    def feeds(self):
        with sqlite3.connect(self.cache) as db:
            return {row[0]: row[1] for row in db.execute("SELECT rssurl, title FROM rss_feed")}


def user_errors(log):
    return [line for line in log.splitlines() if "USERERROR" in line or "ERROR:" in line]


def main():
    if shutil.which("newsboat") is None:
        return skip("newsboat is not installed (apt-get install newsboat; ./dev.sh test installs it)")
    clipfeed, fixtures = os.path.abspath(sys.argv[1]), sys.argv[2]
    if ":" in clipfeed:
        # newsboat splits "filter:COMMAND:URL" at the first colon after "filter:".
        return skip(f"the clipfeed path {clipfeed} holds a ':', which newsboat's filter: lines cannot carry")

    with tempfile.TemporaryDirectory(prefix="clipfeed-newsboat-") as folder, FeedServer(fixtures) as server:
        state = os.path.join(folder, "clipfeed-state.sqlite")
        exec_line = f"exec:{clipfeed} exec --state {state} "
        valley_url = server.url("/feed.xml")
        lines = {
            "valley": exec_line + valley_url,
            "coast": f"filter:{clipfeed} filter:{server.url('/other.xml')}",
            "broken": exec_line + server.url("/broken.xml"),
            "not_feed": exec_line + server.url("/not-a-feed.xml"),
            "filter_not_feed": f"filter:{clipfeed} filter:{server.url('/not-a-feed.xml')}",
        }
        newsboat = Newsboat(folder, lines.values())

        # 1. The first reload.
        log = newsboat.reload()
        feeds = newsboat.feeds()
        check(feeds.get(lines["valley"]) == "Valley clippings", f"the exec feed is in newsboat: {feeds}")
        check(feeds.get(lines["coast"]) == "Coast clippings", "the filter feed is in newsboat")
        items = newsboat.items()
        by_title = {item["title"]: item for item in items}
        check(len(items) == 5, f"five items in cache.db (got {len(items)}: {[i['title'] for i in items]})")
        guids = [item["guid"] for item in items]
        check(len(set(guids)) == len(guids), f"guids are unique: {guids}")
        for item in items:
            check(item["feedurl"] in (lines["valley"], lines["coast"]),
                  f"no item from a broken feed: {item['title']!r} of {item['feedurl']!r}")

        cannery = by_title.get("Orchard co-op buys the old cannery", {})
        seals = by_title.get("Seal colony counted from the air", {})
        # Both feeds have an item with the same guid: newsboat keys items by guid alone, and keeps both.
        check(cannery.get("guid") == valley_url + "#tag:clips.example.org,2025:clip-1",
              f"the exec item's guid: {cannery.get('guid')}")
        check(seals.get("guid") == "http://clips.example.org/coast/#tag:clips.example.org,2025:clip-1",
              f"the filter item's guid: {seals.get('guid')}")
        content = cannery.get("content", "")
        check(content.startswith("<blockquote>The cooperative paid 1.2 million"),
              "the enriched content starts with the first quote as a blockquote")
        check("<blockquote><strong>Why it matters:</strong> Growers" in content, "labels are in bold")
        check("<p>Forty orchards belong to the co-op; the cannery closed in 2009.</p>" in content, "the summary")
        check("<p>#orchards #cider #local-business</p>" in content, "the tag line")
        check(f'<p>Read at <a href="{server.url("/out/cannery")}">The Valley Post</a></p>' in content,
              "the source links to the story")
        check("<p>5 min read</p>" in content, "the read time")
        check(0 <= content.find("<hr>") < content.find("\u201cThe cooperative paid"),
              "the original content follows the rendering")
        check(cannery.get("author") == "Jonas Berg", "the author")
        check(cannery.get("url") == "http://clips.example.org/valley/cannery", "the link")
        check(cannery.get("pubDate") == calendar.timegm((2025, 3, 3, 7, 30, 0)), "the date")
        check("<p>#seals #wildlife #surveys</p>" in seals.get("content", ""), "the filter item is enriched too")
        check("<p>Read at Coast Ranger Bulletin</p>" in seals.get("content", ""), "a source without a link")
        market = by_title.get("Farmers' market moves indoors", {})
        check(market.get("content") == "The Saturday market is in the school gym until April.",
              "an item without a clipping comes through unchanged")

        errors = user_errors(log)
        for name in ("broken", "not_feed", "filter_not_feed"):
            check(any(lines[name] in line for line in errors), f"newsboat logs the {name} feed's error")
        for name in ("valley", "coast"):
            check(not any(lines[name] in line for line in errors), f"no error for the {name} feed")
        check(server.count(server.conditional, "/feed.xml") == 0, "the first fetch is unconditional")

        # Categories are not kept by newsboat: read them in the document it was given.
        with sqlite3.connect(state) as db:
            given = db.execute("SELECT rss FROM clipfeed_exec_cache WHERE url = ?", (valley_url,)).fetchone()
        check(given is not None, "the state keeps the enriched document")
        if given:
            item = ET.fromstring(bytes(given[0])).find("channel").find("item")
            check([c.text for c in item.findall("category")] == ["business", "orchards", "cider", "local-business"],
                  "categories: the item's own, then its tags")

        # 2. Reload again: a 304, and newsboat still gets the whole document.
        log = newsboat.reload()
        check(server.count(server.conditional, "/feed.xml") == 1, "the second reload sends a conditional request")
        check(server.count(server.not_modified, "/feed.xml") == 1, "the server answers 304")
        check(not any(lines["valley"] in line for line in user_errors(log)), "no error for the feed after its 304")
        check(newsboat.items() == items, "after the 304 newsboat has the same items, unchanged")

        # 3. The feed fails: newsboat logs it and keeps the items it has.
        server.failing.add("/feed.xml")
        log = newsboat.reload()
        check(any(lines["valley"] in line for line in user_errors(log)), "newsboat logs the failing feed")
        check(newsboat.items() == items, "newsboat keeps the failing feed's items")

    return report()


if __name__ == "__main__":
    sys.exit(main())
