#!/usr/bin/env python3
"""Runs the shared conformance scorers against the built `clipfeed` command and
fails when a score drops below its floor. Called by CTest; exits 77 (skipped)
when the shared folder is not there (a fresh clone without ../shared).

  run_conformance.py feedparser --shared DIR --clipfeed PATH --out DIR --floor core=95 --floor http=90
  run_conformance.py feedrs     --shared DIR --clipfeed PATH --out DIR --floor total=80
  run_conformance.py clippings  --shared DIR --clipfeed PATH
  run_conformance.py clippings-v2 --shared DIR --clipfeed PATH --floor total=100
"""
import argparse
import os
import re
import shlex
import subprocess
import sys

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, env=None):
    print("$ " + " ".join(shlex.quote(c) for c in cmd), flush=True)
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    sys.stdout.write(p.stdout)
    sys.stderr.write(p.stderr)
    return p


def floors(values):
    out = {}
    for v in values or []:
        name, _, pct = v.partition("=")
        out[name] = float(pct)
    return out


def check(scores, wanted):
    ok = True
    for name, floor in wanted.items():
        got = scores.get(name)
        if got is None:
            print(f"FAIL: no score for '{name}' in the scorer's output")
            ok = False
        elif got < floor:
            print(f"FAIL: {name} {got:.1f}% is below its floor of {floor:.1f}%")
            ok = False
        else:
            print(f"ok: {name} {got:.1f}% (floor {floor:.1f}%)")
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("suite", choices=["feedparser", "feedrs", "clippings", "clippings-v2"])
    ap.add_argument("--shared", required=True)
    ap.add_argument("--clipfeed", required=True)
    ap.add_argument("--out", default="conformance-results")
    ap.add_argument("--floor", action="append")
    args = ap.parse_args()

    conformance = os.path.join(args.shared, "conformance")
    if not os.path.isdir(conformance):
        print(f"SKIPPED: the shared conformance folder {conformance} is not there "
              "(it comes with CI; a fresh clone has no ../shared)")
        return SKIP
    exe = shlex.quote(os.path.abspath(args.clipfeed))
    py = sys.executable

    if args.suite == "feedparser":
        p = run([py, os.path.join(conformance, "feedparser_expect.py"), "-j", "2",
                 "--only", os.path.join(conformance, "tests.txt"),
                 "--cmd", f"{exe} parse --json {{file}}",
                 "--http-cmd", f"{exe} parse --json --url {{url}} --headers {{headers}} {{file}}",
                 "--out", os.path.join(args.out, "feedparser")])
        scores = {m.group(1): float(m.group(2))
                  for m in re.finditer(r"^\s+tag (\w+)\s+\d+\s+\d+\s+([\d.]+)\s*$", p.stdout, re.M)}
        total = re.search(r"^TOTAL\s+\d+\s+\d+\s+\d+\s+\d+\s+([\d.]+)", p.stdout, re.M)
        if total:
            scores["total"] = float(total.group(1))
        return 0 if check(scores, floors(args.floor)) else 1

    if args.suite == "feedrs":
        env = dict(os.environ, PYTHONPATH=HERE, CLIPFEED_CONFORMANCE_DIR=conformance)
        p = run([py, os.path.join(conformance, "feedrs_compare.py"), "-j", "2",
                 "--cmd", f"{exe} parse --json {{file}}", "--out", os.path.join(args.out, "feed-rs")], env)
        m = re.search(r"feed-rs agreement: \d+/\d+ fields \(([\d.]+)%\)", p.stdout)
        scores = {"total": float(m.group(1))} if m else {}
        return 0 if p.returncode == 0 and check(scores, floors(args.floor)) else 1

    if args.suite == "clippings-v2":
        # Markdown, collections and estimated reading time (spec/clipping.md version 2).
        examples = os.path.join(args.shared, "examples", "clippings-v2")
        if not os.path.isdir(examples):
            print(f"SKIPPED: the version-2 clipping examples {examples} are not there")
            return SKIP
        p = run([py, os.path.join(conformance, "score_clippings_v2.py"), examples, os.path.abspath(args.clipfeed)],
                dict(os.environ, PYTHONPATH=conformance))
        m = re.search(r"clipping v2: \d+/\d+ cases exact \(([\d.]+)%\)", p.stdout)
        scores = {"total": float(m.group(1))} if m else {}
        return 0 if check(scores, floors(args.floor)) else 1

    p = run([py, os.path.join(conformance, "score_clippings.py"), os.path.join(args.shared, "examples", "clippings"),
             "--clip-cmd", f"{exe} clip {{file}}", "--parse-cmd", f"{exe} parse --json {{file}}", "--min", "100"])
    return p.returncode


if __name__ == "__main__":
    sys.exit(main())
