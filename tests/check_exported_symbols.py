#!/usr/bin/env python3
"""Compares the dynamic symbols libclipfeed.so defines with the committed list.

  check_exported_symbols.py LIBRARY LIST

A symbol added to the library without being added to the list (or the other
way round) fails the test: the exported API only changes on purpose.
"""
import subprocess
import sys


def exported(library):
    out = subprocess.run(["nm", "-D", "--defined-only", library], capture_output=True, text=True, check=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TtDdBbRrVvWw" and parts[1] != "A":
            names.add(parts[2].split("@")[0])
    return names


def main():
    library, listing = sys.argv[1], sys.argv[2]
    want = {ln.strip() for ln in open(listing, encoding="utf-8") if ln.strip() and not ln.startswith("#")}
    got = exported(library)
    extra, missing = sorted(got - want), sorted(want - got)
    for name in extra:
        print(f"exported but not in {listing}: {name}")
    for name in missing:
        print(f"listed in {listing} but not exported: {name}")
    not_ours = [n for n in got if not n.startswith("clipfeed_")]
    for name in not_ours:
        print(f"exported symbol outside the clipfeed_ namespace: {name}")
    if extra or missing or not_ours:
        return 1
    print(f"{len(got)} symbols, all listed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
