#!/usr/bin/env python3
"""'clipfeed exec' and 'clipfeed filter' in the real Liferea, headless.

A local server serves the same feeds of clippings as the newsboat test.
Liferea starts with HOME set to a temporary folder whose feedlist.opml holds
three subscriptions: a command source ("|clipfeed exec URL"), a feed with
the conversion filter "clipfeed filter", and a command source of a server
error. The test runs itself again inside `dbus-run-session -- xvfb-run`,
starts `liferea -w hidden` there, calls the D-Bus method Refresh
(org.gnome.feed.Reader) twice and waits for the items; Liferea is then
stopped and its liferea.db read: the items with their enriched content,
categories (Liferea keeps them) and unique guids, none from the broken
source, and no duplicates after the second refresh (answered with a 304).

usage: test_liferea.py CLIPFEED FIXTURES_DIR   (exit 77: Liferea, xvfb-run, dbus-run-session or gdbus
missing; 1 instead when CLIPFEED_REQUIRE_READERS=1)
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from xml.sax.saxutils import quoteattr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from feed_server import FeedServer  # noqa: E402
from reader_checks import check, failures, reader_env, report, skip  # noqa: E402

READER = ["--dest", "org.gnome.feed.Reader", "--object-path", "/org/gnome/feed/Reader"]


def database(home):
    return os.path.join(home, ".local", "share", "liferea", "liferea.db")


def items_in(home):
    """The items in liferea.db as {title: row}, with their categories (read once Liferea has quit)."""
    path = database(home)
    if not os.path.exists(path):
        return {}
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            db.row_factory = sqlite3.Row
            rows = [dict(r) for r in db.execute(
                "SELECT item_id, title, source, source_id, node_id, description, date FROM items")]
            for row in rows:
                row["categories"] = [value for (value,) in db.execute(
                    "SELECT value FROM metadata WHERE item_id = ? AND key = 'category' ORDER BY nr",
                    (row["item_id"],))]
            return {row["title"]: row for row in rows}
    except sqlite3.Error:
        return {}


def gdbus(method, *args):
    return subprocess.run(["gdbus", "call", "--session", *READER, "--method", f"org.gnome.feed.Reader.{method}",
                           *args], capture_output=True, text=True, timeout=30)


def unread_items():
    """Liferea's count of unread items ("(5,)" from gdbus); -1 when it does not answer."""
    answer = gdbus("GetUnreadItems").stdout.strip().strip("(),")
    return int(answer) if answer.isdigit() else -1


def print_logs(home):
    """The end of the D-Bus session's and Liferea's logs, for a failed run."""
    for name in ("session.log", "liferea.log"):
        path = os.path.join(home, name)
        if os.path.exists(path):
            with open(path, errors="replace") as f:
                print(f"--- the end of {name}:\n" + f.read()[-4000:])


def first_refresh(liferea, expected):
    """Waits for the running Liferea on D-Bus, puts it online, refreshes every subscription once and
    waits until it holds `expected` unread items. None when all went so, else what failed."""
    deadline = time.time() + 60
    while gdbus("Ping").returncode != 0:
        if time.time() > deadline or liferea.poll() is not None:
            return "Liferea did not answer on D-Bus (see liferea.log)"
        time.sleep(0.5)
    gdbus("SetOnline", "true")
    if gdbus("Refresh").returncode != 0:
        return "the D-Bus Refresh call failed"
    deadline = time.time() + 60
    while unread_items() < expected and time.time() < deadline:
        time.sleep(0.5)
    if unread_items() < expected:
        return f"after the first Refresh Liferea has {unread_items()} unread items, not {expected}"
    return None


def inside(home, expected, second_refresh_answered_file):
    """Runs in the private D-Bus session and X display: Liferea, two refreshes. The second one waits
    for the outer process (which runs the servers) to create the file: its requests were answered."""
    log = open(os.path.join(home, "liferea.log"), "w")
    liferea = subprocess.Popen(["liferea", "-w", "hidden", "--disable-plugins", "--debug-update"],
                               stdout=log, stderr=log,
                               stdin=subprocess.DEVNULL)
    try:
        # All of them from this one Refresh: Liferea loses a command's output
        # when it sees the command exit first, which 'clipfeed exec' prevents.
        failed = first_refresh(liferea, expected)
        if failed:
            print(f"FAIL: {failed}")
            return 1
        # Again, with the validators of the first answers: a conditional request answered 304.
        time.sleep(1)  # let Liferea store the first answers' validators
        gdbus("Refresh")
        deadline = time.time() + 60
        while not os.path.exists(second_refresh_answered_file) and time.time() < deadline:
            time.sleep(0.5)
        time.sleep(3)  # let Liferea merge what it got
        return 0
    finally:
        liferea.send_signal(signal.SIGTERM)
        try:
            liferea.wait(timeout=30)
        except subprocess.TimeoutExpired:
            liferea.kill()
            liferea.wait()
        log.close()


def feedlist(clipfeed, state, server):
    def outline(node_id, title, source, filter_command=None):
        extra = f" filtercmd={quoteattr(filter_command)}" if filter_command else ""
        return (f'    <outline title="{title}" text="{title}" type="rss" id="{node_id}" sortColumn="time" '
                f'xmlUrl={quoteattr(source)} updateInterval="-1"{extra}/>\n')
    exec_command = f"|{clipfeed} exec --state {state} "
    return ('<?xml version="1.0"?>\n<opml version="1.0">\n  <head><title>Liferea Feed List</title></head>\n'
            "  <body>\n"
            + outline("valley", "Valley", exec_command + server.url("/feed.xml"))
            + outline("coast", "Coast", server.url("/other.xml"), f"{clipfeed} filter")
            + outline("broken", "Broken", exec_command + server.url("/broken.xml"))
            + "  </body>\n</opml>\n")


def missing_tools():
    """None when Liferea and the headless session it needs are installed, else the skip message."""
    missing = [tool for tool in ("liferea", "xvfb-run", "dbus-run-session", "gdbus") if shutil.which(tool) is None]
    if missing:
        return f"{', '.join(missing)} not installed (apt-get install liferea xvfb dbus-x11; see docs/readers.md)"
    return None


def prepare_home(home, feedlist_opml):
    """Liferea's feed list and settings in the temporary HOME. The settings, in a keyfile: no update
    at startup (one running alongside the first Refresh can lose its result), and no check for an
    internet connection (the feeds are on 127.0.0.1)."""
    config = os.path.join(home, ".config", "liferea")
    os.makedirs(config)
    with open(os.path.join(config, "feedlist.opml"), "w") as f:
        f.write(feedlist_opml)
    settings = os.path.join(home, ".config", "glib-2.0", "settings")
    os.makedirs(settings)
    with open(os.path.join(settings, "keyfile"), "w") as f:
        f.write("[org/gnome/liferea]\nstartup-feed-action=1\nintranet-connectivity=true\n")


def run_headless(script, home, expected, second_refresh_answered):
    """Runs `script --inside HOME EXPECTED MARKER` in a D-Bus session under Xvfb (two refreshes, see
    inside()); the servers run here, so MARKER is created once second_refresh_answered() holds.
    True when the session succeeded."""
    marker = os.path.join(home, "second-refresh-answered")
    env = reader_env(home, GSETTINGS_BACKEND="keyfile", NO_AT_BRIDGE="1")
    env.pop("DISPLAY", None)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    with open(os.path.join(home, "session.log"), "w") as session_log:  # the session's chatter, shown on failure
        child = subprocess.Popen(["dbus-run-session", "--", "xvfb-run", "-a", sys.executable, os.path.abspath(script),
                                  "--inside", home, str(expected), marker],
                                 env=env, stdout=session_log, stderr=subprocess.STDOUT)
        deadline = time.time() + 280
        while child.poll() is None and time.time() < deadline:
            if second_refresh_answered() and not os.path.exists(marker):
                open(marker, "w").close()
            time.sleep(0.2)
        if child.poll() is None:
            child.kill()
        return child.wait() == 0


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--inside":
        return inside(sys.argv[2], int(sys.argv[3]), sys.argv[4])

    if missing_tools():
        return skip(missing_tools())
    clipfeed, fixtures = os.path.abspath(sys.argv[1]), sys.argv[2]

    with tempfile.TemporaryDirectory(prefix="clipfeed-liferea-") as home, FeedServer(fixtures) as server:
        state = os.path.join(home, "clipfeed-state.sqlite")
        prepare_home(home, feedlist(clipfeed, state, server))
        # The second refresh is answered once the server has sent its 304.
        check(run_headless(__file__, home, 5, lambda: server.count(server.not_modified, "/feed.xml") > 0),
              "Liferea ran headless and was refreshed over D-Bus")

        items = items_in(home)
        titles = sorted(items)
        check(len(items) == 5, f"five items in liferea.db (got {titles})")
        guids = [row["source_id"] for row in items.values()]
        check(len(set(guids)) == len(guids), f"guids are unique: {guids}")
        check(all(row["node_id"] in ("valley", "coast") for row in items.values()), "no item from the broken source")

        cannery = items.get("Orchard co-op buys the old cannery", {})
        check(cannery.get("node_id") == "valley", "the command source's item")
        check(cannery.get("source_id") == server.url("/feed.xml") + "#tag:clips.example.org,2025:clip-1",
              f"the command source's guid: {cannery.get('source_id')}")
        description = cannery.get("description") or ""
        check("<blockquote><strong>Why it matters:</strong> Growers" in description, "the clipping is rendered")
        check("<p>#orchards #cider #local-business</p>" in description, "the tag line")
        check(f'Read at <a href="{server.url("/out/cannery")}">The Valley Post</a>' in description, "the source link")
        check("<p>5 min read</p>" in description, "the read time")
        check(cannery.get("categories") == ["business", "orchards", "cider", "local-business"],
              f"categories: the item's own, then its tags ({cannery.get('categories')})")

        seals = items.get("Seal colony counted from the air", {})
        check(seals.get("node_id") == "coast", "the conversion filter's item")
        check(seals.get("source_id") == "http://clips.example.org/coast/#tag:clips.example.org,2025:clip-1",
              f"the filtered item's guid: {seals.get('source_id')}")
        check("<p>#seals #wildlife #surveys</p>" in (seals.get("description") or ""), "the filtered item is enriched")
        check(seals.get("categories") == ["wildlife", "seals", "surveys"], "the filtered item's categories")

        check(server.count(server.not_modified, "/feed.xml") >= 1, "a refresh was answered with 304")
        check(server.count(server.requests, "/broken.xml") >= 1, "the broken source was tried")
        if failures:
            print_logs(home)

    return report()


if __name__ == "__main__":
    sys.exit(main())
