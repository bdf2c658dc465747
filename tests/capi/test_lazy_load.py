#!/usr/bin/env python3
"""libcurl, libpq, libxml2, SQLite (and, for the command, libmicrohttpd and
zlib) are opened on first use, not linked:

  test_lazy_load.py links LIBCLIPFEED CLIPFEED_COMMAND
      neither binary has a DT_NEEDED on them (readelf -d), nor loads them at
      start-up (ldd), and the library exports only clipfeed_* (nm -D);
  test_lazy_load.py missing LAZY_HOST CLIPFEED_COMMAND
      with LD_LIBRARY_PATH at a folder of broken copies (empty files under the
      libraries' SONAMEs), the C host's uses fail with errors naming each
      library (LAZY_HOST --missing), and `clipfeed serve` says libmicrohttpd
      could not be loaded, while `clipfeed parse` still works.
"""
import os
import re
import subprocess
import sys
import tempfile

LAZY = ("libcurl", "libpq", "libxml2", "libsqlite3", "libmicrohttpd", "libz.so")


def needed(path):
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def links(library, command):
    for path in (library, command):
        deps = needed(path)
        if not deps:
            fail("readelf found no DT_NEEDED at all in %s: the check is not reading it" % path)
        eager = [d for d in deps if d.startswith(LAZY)]
        if eager:
            fail("%s links %s (DT_NEEDED); they must be opened on first use" % (path, ", ".join(eager)))
        loaded = subprocess.run(["ldd", path], capture_output=True, text=True, check=True).stdout
        eager = [line.split()[0] for line in loaded.splitlines() if line.strip().startswith(LAZY)]
        if eager:
            fail("%s loads %s at start-up (ldd)" % (path, ", ".join(eager)))
        print("%s: DT_NEEDED %s" % (os.path.basename(path), " ".join(deps)))
    exported = subprocess.run(["nm", "-D", "--defined-only", library], capture_output=True, text=True,
                              check=True).stdout.split("\n")
    names = [line.split()[-1] for line in exported if line.strip()]
    stray = [n for n in names if not n.startswith("clipfeed_") and not n.startswith("CLIPFEED_")]
    if stray:
        fail("%s exports more than clipfeed_*: %s" % (library, ", ".join(stray[:10])))
    print("no DT_NEEDED on %s; %d exported symbols, all clipfeed_*" % (", ".join(LAZY), len(names)))


def missing(host, command):
    with tempfile.TemporaryDirectory(prefix="clipfeed-missing-libs-") as folder:
        for soname in ("libcurl.so.4", "libpq.so.5", "libxml2.so.2", "libsqlite3.so.0", "libmicrohttpd.so.12", "libz.so.1"):
            open(os.path.join(folder, soname), "wb").close()  # dlopen: "file too short"
        env = dict(os.environ, LD_LIBRARY_PATH=folder)
        run = subprocess.run([host, "--missing"], capture_output=True, text=True, env=env, timeout=60)
        sys.stdout.write(run.stdout + run.stderr)
        if run.returncode != 0:
            fail("the C host's uses of missing libraries did not fail cleanly (exit %d)" % run.returncode)
        feed = os.path.join(folder, "feed.xml")
        with open(feed, "w") as f:
            f.write('<rss version="2.0"><channel><title>T</title><item><title>A</title></item></channel></rss>')
        run = subprocess.run([command, "parse", "--json", feed], capture_output=True, text=True, env=env, timeout=60)
        if run.returncode != 0 or '"A"' not in run.stdout:
            fail("clipfeed parse failed without the lazily loaded libraries: " + run.stderr)
        feeds = os.path.join(folder, "feeds.txt")
        with open(feeds, "w") as f:
            f.write("http://127.0.0.1:1/feed.xml\n")
        run = subprocess.run([command, "serve", "--feeds", feeds, "--listen", "127.0.0.1:0"], capture_output=True,
                             text=True, env=env, timeout=60)
        print("clipfeed serve: exit %d: %s" % (run.returncode, run.stderr.strip()))
        if run.returncode == 0 or "libmicrohttpd.so.12 could not be loaded" not in run.stderr:
            fail("clipfeed serve did not report the missing libmicrohttpd")
    print("each missing library was reported by name, and parsing still worked")


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("links", "missing"):
        print(__doc__)
        return 2
    (links if sys.argv[1] == "links" else missing)(sys.argv[2], sys.argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main())
