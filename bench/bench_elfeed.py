#!/usr/bin/env python3
"""What clipfeed-elfeed-mode costs elfeed: one update of 50 feeds x 50 items,
without the mode and with it, alternating in the same run.

Each round runs two batch Emacs processes (tests/readers/elfeed_driver.el),
one without the mode and one with it (which goes first alternates), each
with a fresh elfeed-db-directory, updating every feed once from a local
server on 127.0.0.1 and saving the database. The time is measured inside
Emacs, from elfeed-update to the last feed's elfeed-update-hooks plus
elfeed-db-save; Emacs start-up and the module's load are outside it (the
load is timed on its own). Prints the medians of the wall time and of
Emacs's own CPU time (get-internal-run-time: what the mode adds is CPU work
in Emacs, and it is steadier than the wall time on a busy machine) and
their ratios; the target is a ratio under 1.05. Also the CPU time spent inside
the mode's hook itself (summed in Emacs), the one cost the mode adds, which
the machine's load hardly blurs. Not run by ctest.

usage: bench_elfeed.py [--module build/plugin/readers/elfeed/clipfeed-module.so] [--rounds 7]
                       [--gc-cons-threshold BYTES]
"""

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "readers"))
from feed_server import DocumentServer  # noqa: E402
from reader_checks import reader_env  # noqa: E402

DRIVER = os.path.join(ROOT, "tests", "readers", "elfeed_driver.el")
EL_DIR = os.path.join(ROOT, "plugin", "readers", "elfeed")
FEEDS, ITEMS = 50, 50

PLACES = ["harbour", "orchard", "bridge", "market", "library", "station", "school", "dunes"]


def item(feed, i):
    """One item: every third holds a clipping (plain text or HTML, in turn), the rest are plain."""
    place = PLACES[(feed + i) % len(PLACES)]
    guid = f"feed{feed}-item{i}"
    date = f"{1 + i % 28:02d} Feb 2025 {i % 24:02d}:{feed % 60:02d}:00 GMT"
    if i % 3 == 0 and i % 2 == 0:
        body = (f'"The {place} committee met on Tuesday and agreed on a budget of {i * 1000} for the year, '
                f'after a long debate about the roof and the opening hours."\n'
                f'"Why it matters: The {place} is used by {i * 40} people every week."\n'
                f"The committee will report again in the spring.\n"
                f"#{place} #budget-{feed}\nRead at The Town Paper\n{1 + i % 9} min read")
        description = body.replace("&", "&amp;").replace("<", "&lt;")
    elif i % 3 == 0:
        body = (f"<blockquote><p>“The {place} reopens on Saturday after {i} days of repairs.”</p></blockquote>"
                f"<p>Repairs came in under budget.</p><p>#{place} #repairs</p>"
                f'<p><a href="/out/{guid}">Read at The Quay Weekly</a></p><p>3 min read</p>')
        description = f"<![CDATA[{body}]]>"
    else:
        body = (f"<p>The {place} is open from 8 to 16 on weekdays; item {i} of feed {feed} says so, "
                f"and adds that the hours change in summer.</p><p>More news follows next week.</p>")
        description = f"<![CDATA[{body}]]>"
    return (f"<item><title>{place.title()} news {feed}.{i}</title>"
            f"<link>http://clips.example.org/{feed}/{guid}</link><guid isPermaLink=\"false\">{guid}</guid>"
            f"<pubDate>Mon, {date}</pubDate><description>{description}</description></item>\n")


def feed_document(feed):
    items = "".join(item(feed, i) for i in range(ITEMS))
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>Feed {feed}</title><link>http://clips.example.org/{feed}/</link>"
            f"<description>Bench feed {feed}</description>\n{items}</channel></rss>\n")


def find_elfeed():
    for d in sorted(glob.glob("/usr/share/emacs/site-lisp/elpa/elfeed-*"), reverse=True) + \
            sorted(glob.glob("/usr/share/emacs/site-lisp/elpa-src/elfeed-*"), reverse=True):
        if os.path.isfile(os.path.join(d, "elfeed.el")):
            return d
    sys.exit("elfeed is not installed (apt-get install --no-install-recommends emacs-nox elpa-elfeed)")


def run_driver(elfeed_dir, folder, module, action, **settings):
    out = os.path.join(folder, "out.json")
    env = reader_env(folder, CLIPFEED_TEST_OUT=out, CLIPFEED_TEST_MODULE=module,
                     **{f"CLIPFEED_TEST_{k.upper()}": str(v) for k, v in settings.items()})
    subprocess.run(["emacs", "-Q", "--batch", "-L", elfeed_dir, "-L", EL_DIR, "-l", DRIVER, "--", action],
                   env=env, stdin=subprocess.DEVNULL, capture_output=True, check=True, timeout=600)
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", default=os.path.join(ROOT, "build", "plugin", "readers", "elfeed",
                                                         "clipfeed-module.so"))
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--gc-cons-threshold", type=int, default=0,
                        help="gc-cons-threshold in both Emacs processes (0: Emacs's default, 800 KB)")
    args = parser.parse_args()
    module = os.path.abspath(args.module)
    elfeed_dir = find_elfeed()

    with tempfile.TemporaryDirectory(prefix="clipfeed-bench-elfeed-") as folder, DocumentServer() as server:
        for feed in range(FEEDS):
            server.set(f"/feed{feed}.xml", feed_document(feed), "application/rss+xml; charset=utf-8")
        urls = " ".join(server.url(f"/feed{feed}.xml") for feed in range(FEEDS))
        times = {"off": [], "on": []}
        cpu = {"off": [], "on": []}
        hook, hook_gc = [], []
        gc = {"off": [], "on": []}
        counts = {}
        for round_number in range(args.rounds):
            order = ("off", "on") if round_number % 2 == 0 else ("on", "off")
            for mode in order:
                work = os.path.join(folder, f"{mode}-{round_number}")
                os.makedirs(work)
                result = run_driver(elfeed_dir, work, module, "update", db=os.path.join(work, "db"),
                                    feeds=urls, mode=mode, timeout=300, dump=0,
                                    gc_cons_threshold=args.gc_cons_threshold or "")
                if len(result["finished"]) != FEEDS:
                    sys.exit(f"round {round_number}, mode {mode}: only {len(result['finished'])} feeds finished")
                times[mode].append(result["seconds"])
                cpu[mode].append(result["cpu_seconds"])
                gc[mode].append(result["gc_seconds"])
                if mode == "on":
                    hook.append(result["hook_seconds"])
                    hook_gc.append(result["hook_gc_seconds"])
                counts[mode] = (result["entries"], result["clippings"])
            print(f"round {round_number + 1}: without {times['off'][-1] * 1000:7.1f} ms "
                  f"(cpu {cpu['off'][-1] * 1000:7.1f}), with the mode {times['on'][-1] * 1000:7.1f} ms "
                  f"(cpu {cpu['on'][-1] * 1000:7.1f})", flush=True)

        loads = []
        for i in range(args.rounds):
            work = os.path.join(folder, f"load-{i}")
            os.makedirs(work)
            loads.append(run_driver(elfeed_dir, work, module, "timing")["load_seconds"])

    off, on = statistics.median(times["off"]), statistics.median(times["on"])
    cpu_off, cpu_on = statistics.median(cpu["off"]), statistics.median(cpu["on"])
    entries, clippings = counts["on"]
    print(f"\nelfeed update of {FEEDS} feeds x {ITEMS} items ({entries} entries, {clippings} with a clipping), "
          f"{args.rounds} rounds, medians:")
    print("                      wall ms    Emacs CPU ms")
    print(f"  without the mode: {off * 1000:9.1f}    {cpu_off * 1000:9.1f}")
    print(f"  with the mode:    {on * 1000:9.1f}    {cpu_on * 1000:9.1f}")
    print(f"  ratio:            {on / off:9.3f}    {cpu_on / cpu_off:9.3f}   (target: under 1.05)")
    in_hook = statistics.median(hook)
    print(f"  CPU time in the mode's hook: {in_hook * 1000:.1f} ms ({in_hook / entries * 1e6:.1f} us per entry), "
          f"{in_hook / cpu_off * 100:.2f}% of the update's CPU time without the mode; "
          f"garbage collection {statistics.median(hook_gc) * 1000:.1f} ms of it")
    print(f"  garbage collection in the whole run: without {statistics.median(gc['off']) * 1000:.1f} ms, "
          f"with the mode {statistics.median(gc['on']) * 1000:.1f} ms")
    print(f"module load (module-load, clipfeed.el's checks): median {statistics.median(loads) * 1000:.1f} ms")
    if counts["off"][1] != 0 or counts["on"][1] == 0 or counts["off"][0] != counts["on"][0]:
        sys.exit(f"unexpected counts: {counts}")


if __name__ == "__main__":
    main()
