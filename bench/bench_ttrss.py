#!/usr/bin/env python3
"""What the clipfeed plugin adds to Tiny Tiny RSS's own update time.

One `update.php --feeds` over 50 feeds of 50 items each, for a user with the
plugin and for a user without it, in turns within the same run (without,
with, prefiltered, without, ...), so that a slow spell of the host falls on
each. "prefiltered" is a user without the plugin whose feeds went through
`clipfeed filter` first: TT-RSS stores the same enriched articles and tags,
so with - prefiltered is the plugin's own cost, and prefiltered - without
what storing the richer articles costs TT-RSS itself. Each round
is a fresh user with fresh subscriptions, so every article is new and goes
through the article hooks (a feed seen before is skipped by TT-RSS's hash).
Half of the items are clippings. Then the cost of loading the library in a
fresh PHP process (FFI::cdef of the plugin's declarations and the version
call), which every update child pays once. Not run by ctest.

The set-up is the TT-RSS test's (tests/readers/test_ttrss.py): a private
TT-RSS, a PostgreSQL server of its own, feeds from files, `unshare -n`.

usage: bench_ttrss.py BUILD_DIR [--rounds N] [--feeds N] [--items N]   (as root)
(BUILD_DIR holds libclipfeed.so.1 and the clipfeed command)
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "readers"))
sys.path.insert(0, os.path.join(ROOT, "tests", "support"))
from pg_cluster import PgCluster  # noqa: E402
from test_ttrss import PHP, TinyTinyRss, missing_programs  # noqa: E402

CLIPPING = """<p>\u201cThe council approved item {n} of the spring budget after a two-hour debate on {topic}.\u201d</p>
<p>\u201cWhy it matters: {topic} takes a fifth of the town's spending this year.\u201d</p>
<p>The vote was seven to four; the mayor abstained.</p>
<p>#budget #{topic} #council</p>
<p>Read at <a href="/story/{n}">The Town Ledger</a></p>
<p>{minutes} min read</p>"""
PLAIN = "<p>Notice {n}: the {topic} office is closed on Monday; forms can be left at the front desk.</p>"
TOPICS = ["schools", "roads", "parks", "water", "libraries", "transit", "housing"]


def write_feed(path, feed, items):
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
             'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
             f"<title>Town feed {feed}</title><link>http://bench.example.org/{feed}/</link>"
             "<description>bench</description>"]
    for i in range(items):
        n = feed * 1000 + i
        body = (CLIPPING if i % 2 == 0 else PLAIN).format(n=n, topic=TOPICS[n % len(TOPICS)], minutes=2 + n % 5)
        parts.append(f"<item><title>Item {n}</title><link>http://bench.example.org/{feed}/{i}</link>"
                     f'<guid isPermaLink="false">bench-{n}</guid>'
                     f"<pubDate>Mon, 03 Mar 2025 {i % 24:02d}:{i % 60:02d}:00 GMT</pubDate>"
                     f"<content:encoded><![CDATA[{body}]]></content:encoded></item>")
    parts.append("</channel></rss>\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(parts))


def cpu_seconds():
    """User + system CPU time of every finished child process so far (update.php and its children)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def hook_seconds(output):
    """The time TT-RSS measured in the plugin's hooks: its debug log has "... Clipfeed" before
    each call and "=== 0.0004 (sec)" after it."""
    total, inside = 0.0, False
    for line in output.splitlines():
        if line.endswith("... Clipfeed"):
            inside = True
        elif inside and "=== " in line and line.endswith("(sec)"):
            total += float(line.split("=== ")[1].split()[0])
            inside = False
    return total


LOAD_SCRIPT = r"""<?php
abstract class Plugin {}
require $argv[1];
if ($argv[3] == "none") exit(0);
$t = hrtime(true);
$ffi = FFI::cdef(Clipfeed::DECLARATIONS, $argv[2]);
$v = $ffi->clipfeed_version();
echo (hrtime(true) - $t) / 1e6, "\n";
"""


def load_cost(folder, plugin, library, runs=30):
    """What loading the library costs a fresh PHP process, in ms: the FFI::cdef call itself (and
    the version call), and the process's whole CPU time with the load minus without it (the
    dynamic loader, the library's and its dependencies' set-up and tear-down at exit included)."""
    script = os.path.join(folder, "load.php")
    with open(script, "w") as f:
        f.write(LOAD_SCRIPT)
    cdef, cpu = [], {"load": [], "none": []}
    for _ in range(runs):
        for mode in ("none", "load"):
            before = cpu_seconds()
            out = subprocess.run([PHP, script, plugin, library, mode], capture_output=True, text=True, check=True).stdout
            cpu[mode].append((cpu_seconds() - before) * 1000)
            if mode == "load":
                cdef.append(float(out))
    return cdef, statistics.median(cpu["load"]) - statistics.median(cpu["none"]), statistics.median(cpu["none"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("build")
    parser.add_argument("--rounds", type=int, default=4, help="updates with the plugin (as many without)")
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=50)
    args = parser.parse_args()
    missing = missing_programs()
    if missing or os.geteuid() != 0:
        print("bench_ttrss: needs root and " + "; ".join(missing or ["-"]))
        return 1
    library = os.path.join(os.path.abspath(args.build), "libclipfeed.so.1")
    plugin_dir = os.path.join(ROOT, "plugin", "readers", "ttrss", "clipfeed")
    test_plugin_dir = os.path.join(ROOT, "tests", "readers", "ttrss", "clipfeed_test_fetch")
    isolated = subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0

    with tempfile.TemporaryDirectory(prefix="clipfeed-bench-ttrss-") as folder, PgCluster() as pg:
        os.chmod(folder, 0o755)
        lib = os.path.join(folder, "libclipfeed.so.1")
        subprocess.run(["cp", library, lib], check=True)
        feeds = []
        for feed in range(args.feeds):
            path = os.path.join(folder, f"feed{feed}.xml")
            write_feed(path, feed, args.items)
            url = f"http://bench.example.org/{feed}.xml"
            with open(path, "rb") as source, open(path + ".filtered", "wb") as filtered:
                subprocess.run([os.path.join(args.build, "clipfeed"), "filter", url], stdin=source, stdout=filtered,
                               check=True)
            feeds.append((f"town {feed}", url, path))
        kinds = ("without", "with", "prefiltered")
        rounds = [kinds[i % 3] for i in range(3 * args.rounds)]
        urls = {f"{url}?round={r}": path + (".filtered" if kind == "prefiltered" else "")
                for _, url, path in feeds for r, kind in enumerate(rounds)}
        ttrss = TinyTinyRss(folder, pg, lib, plugin_dir, test_plugin_dir, urls)
        times, cpu, hooks = ({k: [] for k in kinds} for _ in range(3))
        for r, kind in enumerate(rounds):
            uid = ttrss.add_user(f"round{r}", "clipfeed" if kind == "with" else "")
            ttrss.subscribe(uid, [(name, f"{url}?round={r}") for name, url, _ in feeds])
            cpu_before = cpu_seconds()
            started = time.monotonic()
            output = ttrss.update(isolated)
            elapsed = time.monotonic() - started
            cpu[kind].append(cpu_seconds() - cpu_before)
            hooks[kind].append(hook_seconds(output))
            stored = int(ttrss.sql(f"SELECT count(*) FROM ttrss_user_entries WHERE owner_uid = {uid}").split()[0])
            enriched = int(ttrss.sql(f"SELECT count(*) FROM ttrss_user_entries ue JOIN ttrss_entries e "
                                     f"ON e.id = ue.ref_id WHERE ue.owner_uid = {uid} "
                                     f"AND e.content LIKE '<blockquote>%'").split()[0])
            want, want_enriched = args.feeds * args.items, args.feeds * ((args.items + 1) // 2)
            print(f"round {r + 1} {kind:>7}: {elapsed:6.2f} s, CPU {cpu[kind][-1]:6.2f} s, "
                  f"in the plugin's hooks {hooks[kind][-1]:.3f} s; {stored} articles, {enriched} enriched")
            if stored != want or enriched != (0 if kind == "without" else want_enriched):
                print(f"  UNEXPECTED: {want} articles wanted, {want_enriched} of them enriched with the plugin")
            # Later updates leave this user alone (TT-RSS skips users not seen for 30 days).
            ttrss.sql(f"UPDATE ttrss_users SET last_login = '2000-01-01' WHERE id = {uid}")
            times[kind].append(elapsed)
        cdef, load_cpu, php_cpu = load_cost(folder, os.path.join(plugin_dir, "init.php"), lib)

    median = {kind: statistics.median(times[kind]) for kind in kinds}
    cpu_median = {kind: statistics.median(cpu[kind]) for kind in kinds}
    print()
    print(f"update.php --feeds, {args.feeds} feeds x {args.items} items (half clippings), "
          f"{args.rounds} rounds of each, in turns:")
    for kind in kinds:
        print(f"  {kind:>11}: wall median {median[kind]:6.2f} s (all: {', '.join(f'{t:.2f}' for t in times[kind])}); "
              f"CPU median {cpu_median[kind]:6.2f} s (all: {', '.join(f'{t:.2f}' for t in cpu[kind])})")
    for a, b in (("with", "without"), ("with", "prefiltered"), ("prefiltered", "without")):
        print(f"  {a} / {b}: wall {median[a] / median[b]:.3f}, CPU {cpu_median[a] / cpu_median[b]:.3f}")
    in_hooks = statistics.median(hooks["with"])
    print(f"  inside the plugin's hooks (TT-RSS's own timing, library loading included): median {in_hooks:.3f} s "
          f"per update = {in_hooks / median['without'] * 100:.2f}% of the update without the plugin, "
          f"{in_hooks / (args.feeds * args.items) * 1000:.3f} ms per article")
    print(f"loading the library in a fresh PHP process ({len(cdef)} runs): FFI::cdef + clipfeed_version median "
          f"{statistics.median(cdef):.2f} ms (min {min(cdef):.2f}, max {max(cdef):.2f}); the process's CPU time "
          f"{load_cpu:+.2f} ms with the load (PHP alone: {php_cpu:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
