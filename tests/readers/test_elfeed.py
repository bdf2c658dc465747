#!/usr/bin/env python3
"""clipfeed-elfeed-mode in the real elfeed, in a batch Emacs.

A local server on 127.0.0.1 serves an RSS feed of clippings (the original
plain-text shape, an HTML one, a quote that is no clipping, a plain item), an
Atom feed (HTML and text clippings, a plain entry), a document that is no feed
and a server error. elfeed_driver.el runs elfeed-update in
`emacs -Q --batch` with a temporary elfeed-db-directory, waits until every
feed has run elfeed-update-hooks, saves the database and reads it back from
disk. Checked, from that database:
  0. the module itself: results, wrong-type-argument and clipfeed-error
     signals with the library's message, many calls;
  1. with the mode, every clipping entry has its hashtags and `clipping' as
     tags and its quotes, summary, source and read time in its meta, and no
     other entry has any; everything else is as in a run without the mode,
     and elfeed-show puts the clipping above the unchanged content;
  2. a second update (new content for the RSS feed, a 304 for the Atom one)
     keeps tags and meta, adds no duplicate, and handles the new entries;
  3. the module missing: one message, and every entry as without the mode;
  4. clipfeed-clip failing on one entry: one message naming it, and the
     feed's other entries all stored and handled;
  5. the same with url.el fetching instead of curl.

usage: test_elfeed.py MODULE CLIPFEED_EL_DIR FIXTURES_DIR LIBRARY_VERSION
exit 77: emacs or elfeed is not installed (apt-get install emacs-nox elpa-elfeed)
"""

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from feed_server import DocumentServer  # noqa: E402
from reader_checks import check, reader_env, report, skip  # noqa: E402

DRIVER = os.path.join(HERE, "elfeed_driver.el")
CLIPFEED_META = ("clipfeed-quotes", "clipfeed-summary", "clipfeed-source", "clipfeed-source-url",
                 "clipfeed-read-time")
RULE = "\u2500" * 20

# What each clipping entry of the fixtures holds (title -> tags, first quote, summary, source, url, minutes).
CLIPPINGS = {
    "Ferry company orders two electric boats": dict(
        tags={"electric-ferries", "harbour-board", "island-transport"}, quotes=3,
        first="The island ferry company signed for two battery-powered boats",
        label=(1, "Between the lines"),
        summary="The island ferry company ordered two electric boats", source="Harbour Gazette",
        source_url=None, minutes=None),
    "Fish market reopens after the storm": dict(
        tags={"fish-market", "storm"}, quotes=2,
        first="The roof of the fish market hall was repaired in eleven days",
        label=(1, "Why it matters"),
        summary="Repairs after the February storm came in under budget", source="The Quay Weekly",
        source_url="http://clips.example.org/out/fish-market", minutes=3),
    "Dune path closed for nesting birds": dict(
        tags={"plovers", "dunes"}, quotes=1,
        first="The northern dune path is closed from 1 April", label=None,
        summary="Walkers can use the forest track instead.", source="Coast Ranger Bulletin",
        source_url=None, minutes=2),
    "Beach huts get a new colour scheme": dict(
        tags={"beach-huts", "south-shore"}, quotes=2,
        first="All 64 beach huts on the south shore", label=(1, "What's next"),
        summary=None, source="Coast Radio", source_url=None, minutes=None),
}
SAILING = dict(tags={"sailing", "summer-courses"}, quotes=1,
               first="The sailing school runs forty courses this summer", label=None,
               summary=None, source=None, source_url=None, minutes=4)


def find_elfeed():
    candidates = [os.environ.get("CLIPFEED_ELFEED_DIR", "")]
    candidates += sorted(glob.glob("/usr/share/emacs/site-lisp/elpa/elfeed-*"), reverse=True)
    candidates += sorted(glob.glob("/usr/share/emacs/site-lisp/elpa-src/elfeed-*"), reverse=True)
    return next((d for d in candidates if d and os.path.isfile(os.path.join(d, "elfeed.el"))), None)


class Emacs:
    def __init__(self, elfeed_dir, el_dir, module, folder):
        self.elfeed_dir, self.el_dir, self.module, self.folder = elfeed_dir, el_dir, module, folder
        self.home = os.path.join(folder, "home")
        os.makedirs(self.home, exist_ok=True)
        self.runs = 0

    def run(self, action, **settings):
        """Runs the driver; returns (its JSON output or None, stderr, seconds)."""
        self.runs += 1
        out = os.path.join(self.folder, f"out-{self.runs}.json")
        env = reader_env(self.home, CLIPFEED_TEST_OUT=out, CLIPFEED_TEST_MODULE=self.module,
                         **{f"CLIPFEED_TEST_{k.upper()}": str(v) for k, v in settings.items()})
        if os.environ.get("CLIPFEED_TEST_EMACS_PRELOAD"):
            # A sanitizer build: Emacs needs the module's sanitizer runtimes
            # loaded first. Leaks are checked, except Emacs's own (see the
            # .supp files for what they exempt and why).
            env["LD_PRELOAD"] = os.environ["CLIPFEED_TEST_EMACS_PRELOAD"]
            env["ASAN_OPTIONS"] = (f"detect_leaks=1:malloc_context_size=2:"
                                   f"suppressions={os.path.join(HERE, 'elfeed_asan.supp')}")
            env["LSAN_OPTIONS"] = f"suppressions={os.path.join(HERE, 'elfeed_lsan.supp')}"
        started = time.monotonic()
        done = subprocess.run(["emacs", "-Q", "--batch", "-L", self.elfeed_dir, "-L", self.el_dir,
                               "-l", DRIVER, "--", action],
                              env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=240)
        seconds = time.monotonic() - started
        check(done.returncode == 0, f"emacs run {self.runs} ({action} {settings}) exits 0: "
                                    f"{done.returncode}\n{done.stderr[-3000:]}")
        if done.returncode != 0 or not os.path.exists(out):
            return None, done.stderr, seconds
        with open(out, encoding="utf-8") as f:
            return json.load(f), done.stderr, seconds

    def update(self, db, feeds, mode, **settings):
        result, stderr, _ = self.run("update", db=os.path.join(self.folder, db), feeds=" ".join(feeds),
                                     mode=mode, timeout=60, **settings)
        check(result is not None, f"the update of {db} wrote the database out")
        if result is not None:
            check(sorted(result["finished"]) == sorted(feeds),
                  f"{db}: elfeed-update-hooks ran once per feed: {result['finished']}")
        return result, stderr


def by_title(result):
    return {entry["title"]: entry for entry in (result or {}).get("entries", [])}


def without_clipfeed(meta):
    return {k: v for k, v in meta.items() if k not in CLIPFEED_META}


def split_show(text):
    """elfeed-show's text as (headers without the Tags line, body)."""
    headers, _, body = text.partition("\n\n")
    return [line for line in headers.splitlines() if not line.startswith("Tags:")], body


def check_module(emacs, version):
    result, _, _ = emacs.run("module")
    if result is None:
        return
    text = result["text"].get("value") or {}
    check([q["label"] for q in text.get("quotes", [])] == [None, "Why it matters"],
          f"clipfeed-clip: quotes and their labels: {text}")
    check(text.get("tags") == ["piers", "island-boats"] and text.get("source") == "The Pier News"
          and text.get("read-time") == 4 and text.get("summary") is None and text.get("source-url") is None,
          f"clipfeed-clip: tags, source, read time, nil for what is absent: {text}")
    html = result["html_with_base"].get("value") or {}
    check(html.get("source-url") == "http://clips.example.org/story",
          f"clipfeed-clip: the base URL makes the read-at link absolute: {html}")
    check(result["html_as_text"] == {"value": None}, "clipfeed-clip: TYPE text reads markup as text")
    check(result["no_clipping"] == {"value": None} and result["empty"] == {"value": None},
          "clipfeed-clip: nil when there is no clipping, and for an empty string")
    check(result["not_a_string"].get("signal") == "wrong-type-argument"
          and result["not_a_string"].get("data") == ["stringp", 42],
          f"clipfeed-clip on a non-string signals (wrong-type-argument stringp 42): {result['not_a_string']}")
    check(result["base_not_a_string"].get("data") == ["stringp", 7], "a BASE-URL that is no string is refused")
    check(result["bad_type_symbol"].get("signal") == "wrong-type-argument"
          and result["bad_type_symbol"].get("data") == [["html", "text", None], "pdf"],
          f"an unknown TYPE says which are allowed: {result['bad_type_symbol']}")
    bad = result["bad_type_code"]
    check(bad.get("signal") == "clipfeed-error"
          and "content_kind 99 is not a CLIPFEED_CONTENT_* value" in (bad.get("data") or [""])[0],
          f"a call the library refuses signals clipfeed-error with the library's message: {bad}")
    check(result["no_arguments"].get("signal") == "wrong-number-of-arguments", "arity is checked")
    check(result["version"] == {"value": version}, f"clipfeed-version is {version}: {result['version']}")
    check(result["error_conditions"] == ["clipfeed-error", "error"], "clipfeed-error is an error")
    check(result["module_api"] == 1, "clipfeed-module-api")
    check(result["toggle"] == [True, True, True, True],
          f"the mode adds its hook and wraps elfeed-show's refresh, and takes both back: {result['toggle']}")
    check(result["repeated"] == {"same": 1000, "signalled": 1000},
          f"2000 calls, half signalling, all behave: {result['repeated']}")


def check_clipping(entry, expected, name):
    meta = entry["meta"]
    quotes = meta.get("clipfeed-quotes") or []
    check(len(quotes) == expected["quotes"] and quotes[0]["text"].startswith(expected["first"]),
          f"{name}: the quotes are in the meta: {quotes}")
    if expected["label"]:
        index, label = expected["label"]
        check(quotes[index]["label"] == label, f"{name}: quote {index} is labelled {label!r}")
    summary = meta.get("clipfeed-summary")
    check((summary is None) if expected["summary"] is None else (summary or "").startswith(expected["summary"]),
          f"{name}: the summary: {summary!r}")
    check(meta.get("clipfeed-source") == expected["source"], f"{name}: the source: {meta.get('clipfeed-source')}")
    check(meta.get("clipfeed-source-url") == expected["source_url"],
          f"{name}: the source's link: {meta.get('clipfeed-source-url')}")
    check(meta.get("clipfeed-read-time") == expected["minutes"],
          f"{name}: the read time: {meta.get('clipfeed-read-time')}")


def compare_runs(plain, mode, clippings, what):
    """Every entry of `mode` is the entry of `plain` plus the clipping's tags
    and meta when it holds a clipping, and nothing more."""
    plain_entries, mode_entries = by_title(plain), by_title(mode)
    check(sorted(plain_entries) == sorted(mode_entries),
          f"{what}: the same entries with and without the mode: {sorted(plain_entries)} / {sorted(mode_entries)}")
    ids = [json.dumps(e["id"]) for e in mode["entries"]] if mode else []
    check(len(ids) == len(set(ids)), f"{what}: no duplicate entry")
    for title, entry in mode_entries.items():
        base = plain_entries.get(title)
        if base is None:
            continue
        for field in ("id", "link", "date", "content", "content_type", "enclosures", "feed_id"):
            check(entry[field] == base[field], f"{what}: {title}: {field} as without the mode")
        check(without_clipfeed(entry["meta"]) == base["meta"], f"{what}: {title}: elfeed's own meta unchanged")
        expected = clippings.get(title)
        if expected:
            check(set(entry["tags"]) == set(base["tags"]) | {"clipping"} | expected["tags"],
                  f"{what}: {title}: tagged with clipping and its hashtags: {entry['tags']} (plain: {base['tags']})")
            check_clipping(entry, expected, f"{what}: {title}")
            # elfeed-show: the clipping above the content, the content unchanged.
            headers, body = split_show(base["show"])
            mode_headers, mode_body = split_show(entry["show"])
            check(mode_headers == headers, f"{what}: {title}: elfeed-show's headers unchanged")
            block, rule, rest = mode_body.partition(RULE + "\n\n")
            check(rule and rest == body, f"{what}: {title}: elfeed-show shows the content after the clipping:\n"
                                         f"{entry['show']}")
            check(block.startswith("> " + expected["first"][:20]), f"{what}: {title}: the first quote on top")
            if expected["summary"]:
                check(expected["summary"][:30] in " ".join(block.split()), f"{what}: {title}: the summary shown")
            if expected["source"]:
                check(f"Read at {expected['source']}" in block, f"{what}: {title}: the source shown")
            if expected["minutes"]:
                check(f"{expected['minutes']} min read" in block, f"{what}: {title}: the read time shown")
        else:
            check(entry["tags"] == base["tags"] and entry["meta"] == base["meta"],
                  f"{what}: {title}: no tags or meta added to an entry without a clipping")
            check(entry["show"] == base["show"], f"{what}: {title}: elfeed-show unchanged")


def main():
    if shutil.which("emacs") is None:
        return skip("emacs is not installed (apt-get install --no-install-recommends emacs-nox elpa-elfeed)")
    elfeed_dir = find_elfeed()
    if elfeed_dir is None:
        return skip("elfeed is not installed (apt-get install --no-install-recommends elpa-elfeed)")
    if shutil.which("curl") is None:
        return skip("curl, elfeed's default fetcher, is not installed (apt-get install curl)")
    module, el_dir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    fixtures, version = sys.argv[3], sys.argv[4]
    print(f"elfeed in {elfeed_dir}")

    def fixture(name):
        with open(os.path.join(fixtures, name), encoding="utf-8") as f:
            return f.read()

    harbour, coast = fixture("harbour.rss"), fixture("coast.atom")
    harbour_v2 = harbour.replace(
        "Repairs after the February storm came in under budget.",
        "Repairs after the February storm came in under budget, the harbour office said.").replace(
        "  </channel>", fixture("harbour-new-items.xml") + "  </channel>")

    with tempfile.TemporaryDirectory(prefix="clipfeed-elfeed-") as folder, DocumentServer() as server:
        emacs = Emacs(elfeed_dir, el_dir, module, folder)
        server.set("/harbour.rss", harbour, "application/rss+xml; charset=utf-8")
        server.set("/coast.atom", coast, "application/atom+xml; charset=utf-8")
        server.set("/broken.xml", fixture("broken.xml"))
        server.set("/error.xml", "Internal Server Error: the feed database is down\n", "text/plain", status=500)
        feeds = [server.url(p) for p in ("/harbour.rss", "/coast.atom", "/broken.xml", "/error.xml")]

        # 0. The module on its own.
        check_module(emacs, version)

        # 1. One update without the mode, one with it.
        plain, plain_err = emacs.update("db-plain", feeds, "off")
        mode, mode_err = emacs.update("db-mode", feeds, "on")
        if plain is None or mode is None:
            return report()
        check(len(plain["entries"]) == 7, f"seven entries stored: {sorted(by_title(plain))}")
        check(mode["mode"] is True, "the mode is on")
        compare_runs(plain, mode, CLIPPINGS, "first update")
        check("clipfeed" not in mode_err, f"no clipfeed message when all goes well: {mode_err!r}")
        for url in feeds[2:]:
            check(url in mode["log"] and url in plain["log"], f"elfeed logs the failing feed {url}")
            check(all(e["feed_id"] != url for e in mode["entries"]), f"no entry from {url}")

        # 2. A second update: new content and items for the RSS feed, a 304 for the Atom one.
        server.set("/harbour.rss", harbour_v2, "application/rss+xml; charset=utf-8")
        plain2, _ = emacs.update("db-plain", feeds, "off")
        mode2, mode2_err = emacs.update("db-mode", feeds, "on")
        if plain2 is None or mode2 is None:
            return report()
        check(server.count(server.not_modified, "/coast.atom") == 2, "the Atom feed was answered with a 304 twice")
        check(len(mode2["entries"]) == 9, f"nine entries after the second update: {sorted(by_title(mode2))}")
        compare_runs(plain2, mode2, dict(CLIPPINGS, **{"Sailing school doubles its summer courses": SAILING}),
                     "second update")
        first, second = by_title(mode), by_title(mode2)
        for title in CLIPPINGS:
            check(second[title]["tags"] == first[title]["tags"] and second[title]["meta"] == first[title]["meta"],
                  f"second update: {title}: tags and meta kept")
        fish = second["Fish market reopens after the storm"]
        check("the harbour office said" in (fish["content"] or ""), "second update: the new content is stored")
        check("clipfeed" not in mode2_err, f"no clipfeed message on the second update: {mode2_err!r}")

        # 3. to 5. compare with the first update, from fresh databases.
        server.set("/harbour.rss", harbour, "application/rss+xml; charset=utf-8")

        # 3. The module missing: one message, elfeed as without the mode.
        missing_module = os.path.join(folder, "no-such-dir", "clipfeed-module.so")
        emacs.module = missing_module
        missing, missing_err = emacs.update("db-missing", feeds, "on")
        emacs.module = module
        if missing is not None:
            check(missing["mode"] is None, "the mode stays off without its module")
            messages = [line for line in missing_err.splitlines() if "clipfeed" in line]
            check(len(messages) == 1 and missing_module in messages[0] and "does not exist" in messages[0],
                  f"one message naming the missing module: {messages}")
            check(missing["entries"] == plain["entries"], "without the module every entry is stored as without the mode")

        # 4. clipfeed-clip failing on one entry: one message, nothing lost.
        failing, failing_err = emacs.update("db-failing", feeds, "on", fail_mark="fish market hall")
        if failing is not None:
            messages = [line for line in failing_err.splitlines() if "clipfeed" in line]
            check(len(messages) == 1 and "Fish market reopens after the storm" in messages[0]
                  and "injected failure" in messages[0], f"one message naming the entry that failed: {messages}")
            expected = {t: c for t, c in CLIPPINGS.items() if t != "Fish market reopens after the storm"}
            compare_runs(plain, failing, expected, "a failing call")

        # 5. url.el instead of curl.
        url_el, _ = emacs.update("db-url", feeds, "on", fetcher="url")
        if url_el is not None:
            compare_runs(plain, url_el, CLIPPINGS, "url.el")
    return report()


if __name__ == "__main__":
    sys.exit(main())
