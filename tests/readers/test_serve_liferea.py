#!/usr/bin/env python3
"""The real Liferea subscribed to feeds served by 'clipfeed serve', headless.

An upstream server on 127.0.0.1 serves two feeds of clippings (RSS with
validators, Atom without); 'clipfeed serve' serves them enriched; Liferea's
feedlist.opml holds only the two served URLs, as for a reader that cannot run
commands. As in test_liferea.py, the test runs itself again inside
`dbus-run-session -- xvfb-run`, starts `liferea -w hidden` there and calls the
D-Bus method Refresh twice; Liferea is then stopped and its liferea.db read:
the items with their enriched content, their tags as categories and upstream's
own guids. The server's log shows what Liferea asked: the second refresh is a
conditional request for each feed, answered 304 from the server's cache (no
upstream fetch), and adds no duplicates.

usage: test_serve_liferea.py CLIPFEED FIXTURES_DIR
       (exit 77: Liferea, xvfb-run, dbus-run-session or gdbus missing)
"""

import os
import re
import sys
import tempfile
from xml.sax.saxutils import quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
from reader_checks import check, failures, report, skip  # noqa: E402
from serve_support import Serve, Upstream, write_urls  # noqa: E402
from test_liferea import inside, items_in, missing_tools, prepare_home, print_logs, run_headless  # noqa: E402

FEEDS = ("valley", "coast")
EXPECTED_ITEMS = 5  # three in the valley feed, two on the coast


def feedlist(serve):
    outlines = "".join(
        f'    <outline title="{name}" text="{name}" type="rss" id="{name}" sortColumn="time" '
        f'xmlUrl={quoteattr(serve.url(f"/feeds/{name}.xml"))} updateInterval="-1"/>\n' for name in FEEDS)
    return ('<?xml version="1.0"?>\n<opml version="1.0">\n  <head><title>Liferea Feed List</title></head>\n'
            f"  <body>\n{outlines}  </body>\n</opml>\n")


def feed_requests(serve, name):
    """The server's log lines for Liferea's requests of /feeds/<name>.xml, in order."""
    return [line for line in serve.log() if re.search(rf" GET /feeds/{name}\.xml \d{{3}} ", line)]


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--inside":
        return inside(sys.argv[2], int(sys.argv[3]), sys.argv[4])

    if missing_tools():
        return skip(missing_tools())
    clipfeed, fixtures = os.path.abspath(sys.argv[1]), sys.argv[2]

    with tempfile.TemporaryDirectory(prefix="clipfeed-serve-liferea-") as home, Upstream(fixtures) as upstream:
        urls = write_urls(home, [(upstream.url("/valley.xml"), "Valley"), (upstream.url("/coast.xml"), "Coast")],
                          "served-feeds")
        with Serve(clipfeed, "--feeds", urls) as serve:
            prepare_home(home, feedlist(serve))
            check(run_headless(__file__, home, EXPECTED_ITEMS,
                               lambda: all(len(feed_requests(serve, name)) >= 2 for name in FEEDS)),
                  "Liferea ran headless and was refreshed over D-Bus")

            for name in FEEDS:
                requests = feed_requests(serve, name)
                print(f"Liferea's requests of /feeds/{name}.xml:", *(line.strip() for line in requests), sep="\n  ")
                check(len(requests) == 2, f"Liferea asked for /feeds/{name}.xml once per refresh: {requests}")
                check(len(requests) >= 1 and " 200 " in requests[0], f"the first answer is the document: {requests}")
                check(len(requests) == 2 and " 304 " in requests[1],
                      f"the second refresh is a conditional request answered 304: {requests}")
            check(upstream.count("/valley.xml") == 1 and upstream.count("/coast.xml") == 1,
                  f"one upstream fetch per feed for both refreshes ({upstream.requests})")

        items = items_in(home)
        check(len(items) == EXPECTED_ITEMS, f"{EXPECTED_ITEMS} items in liferea.db, no duplicates (got {sorted(items)})")
        keys = [(row["node_id"], row["source_id"]) for row in items.values()]
        check(len(set(keys)) == len(keys), f"each item once: {keys}")

        cannery = items.get("Orchard co-op buys the old cannery", {})
        check(cannery.get("node_id") == "valley", f"the valley feed's item: {cannery.get('node_id')}")
        check(cannery.get("source_id") == "tag:clips.example.org,2025:clip-1",
              f"upstream's own guid, as when subscribed to the original: {cannery.get('source_id')}")
        description = cannery.get("description") or ""
        check("<blockquote><strong>Why it matters:</strong> Growers" in description, "the clipping is rendered")
        check("<p>#orchards #cider #local-business</p>" in description, "the tag line")
        check(f'Read at <a href="{upstream.url("/out/cannery")}">The Valley Post</a>' in description,
              "the source link, absolute against the upstream URL")
        check(cannery.get("categories") == ["business", "orchards", "cider", "local-business"],
              f"categories: the item's own, then its tags ({cannery.get('categories')})")
        bridge = items.get("Bridge repairs finish early", {})
        check(bridge.get("source_id") == "clip-2", f"every guid is upstream's: {bridge.get('source_id')}")

        seals = items.get("Seal colony counted from the air", {})
        check(seals.get("node_id") == "coast", "the Atom feed's item, served as RSS")
        check(seals.get("source_id") == "tag:clips.example.org,2025:clip-1",
              f"the Atom entry's own id: {seals.get('source_id')}")
        check("<p>#seals #wildlife #surveys</p>" in (seals.get("description") or ""), "the Atom item is enriched")
        check(seals.get("categories") == ["wildlife", "seals", "surveys"], f"its categories: {seals.get('categories')}")

        if failures:
            print_logs(home)
    return report()


if __name__ == "__main__":
    sys.exit(main())
