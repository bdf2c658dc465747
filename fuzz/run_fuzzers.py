#!/usr/bin/env python3
"""Runs every libFuzzer target for a while and summarises what each did.

    run_fuzzers.py BUILD_DIR SECONDS [TARGET...]

Each target fuzzes a working corpus in BUILD_DIR/fuzz-corpus/<name>, seeded
from fuzz/corpus/<name> (the checked-in seeds and regression inputs), with its
dictionary from fuzz/dict when there is one. Crashes land in
BUILD_DIR/fuzz-crashes/<name>/; copy each into fuzz/corpus/<name>/ once fixed
so the replay test keeps it fixed. As many targets run at once as there are
cores. Exit status is 1 if any target found a crash.
"""
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

TARGETS = ["parse", "clipping", "dates", "urls", "jsonfeed", "html_rewrite"]
FUZZ_DIR = Path(__file__).resolve().parent


def run_target(build_dir: Path, name: str, seconds: int) -> dict:
    binary = build_dir / "fuzz" / f"fuzz_{name}"
    corpus = build_dir / "fuzz-corpus" / name
    crashes = build_dir / "fuzz-crashes" / name
    corpus.mkdir(parents=True, exist_ok=True)
    crashes.mkdir(parents=True, exist_ok=True)
    for seed in (FUZZ_DIR / "corpus" / name).iterdir():
        shutil.copy(seed, corpus / seed.name)
    command = [str(binary), str(corpus), f"-max_total_time={seconds}", "-print_final_stats=1",
               "-max_len=65536", "-timeout=10", "-rss_limit_mb=2048",
               f"-artifact_prefix={crashes}/"]
    dictionary = FUZZ_DIR / "dict" / f"{name}.dict"
    if dictionary.exists():
        command.append(f"-dict={dictionary}")
    log_path = build_dir / "fuzz-crashes" / f"{name}.log"
    with open(log_path, "w") as log:
        status = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT).returncode
    log_text = log_path.read_text(errors="replace")
    return {
        "name": name,
        "status": status,
        "log": log_path,
        "runs": stat(log_text, "number_of_executed_units"),
        "execs_per_sec": stat(log_text, "average_exec_per_sec"),
        "coverage": last_match(log_text, r"\bcov: (\d+)"),
        "features": last_match(log_text, r"\bft: (\d+)"),
        "corpus": last_match(log_text, r"\bcorp: (\d+)"),
        "crashes": sorted(p.name for p in crashes.iterdir()),
    }


def stat(log_text: str, key: str) -> str:
    return last_match(log_text, rf"stat::{key}:\s+(\d+)")


def last_match(log_text: str, pattern: str) -> str:
    found = re.findall(pattern, log_text)
    return found[-1] if found else "?"


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    build_dir = Path(sys.argv[1]).resolve()
    seconds = int(sys.argv[2])
    targets = sys.argv[3:] or TARGETS
    print(f"fuzzing {', '.join(targets)} for {seconds} s each, {os.cpu_count()} at a time", flush=True)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = list(pool.map(lambda name: run_target(build_dir, name, seconds), targets))
    print(f"{'target':<10} {'runs':>12} {'execs/s':>8} {'cov':>6} {'ft':>7} {'corpus':>7}  result")
    failed = False
    for r in results:
        outcome = "ok" if r["status"] == 0 and not r["crashes"] else \
            f"FAILED (exit {r['status']}; {', '.join(r['crashes']) or 'see log'}; log {r['log']})"
        failed = failed or outcome != "ok"
        print(f"{r['name']:<10} {r['runs']:>12} {r['execs_per_sec']:>8} {r['coverage']:>6} "
              f"{r['features']:>7} {r['corpus']:>7}  {outcome}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
