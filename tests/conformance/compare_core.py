"""Field-by-field comparison helpers for ../shared/conformance/feedrs_compare.py.

That script imports `compare_core`, which the shared folder does not ship; this
is clipfeed's implementation of the interface it expects (run it with
PYTHONPATH pointing here). Only the Python standard library is used.
"""
import argparse
import concurrent.futures as cf
import json
import os
import re
import sys
import time
import unicodedata

sys.path.insert(0, os.environ.get("CLIPFEED_CONFORMANCE_DIR", ""))
import conflib  # noqa: E402  (from the shared conformance folder)

NA = "__NA__"


def norm_text(value):
    """NFC, white space folded, trimmed; None for absent or empty."""
    if not isinstance(value, str):
        return None
    value = re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip()
    return value or None


def norm_date(value):
    """Any RFC 3339 timestamp as 'YYYY-MM-DDTHH:MM:SSZ' in UTC; None otherwise."""
    st = conflib.struct_time_utc(value)
    return conflib.format_rfc3339(st) if st else None


def norm_people(people, keys):
    out = []
    for p in people or []:
        if not isinstance(p, dict):
            continue
        triple = tuple(norm_text(p.get(k)) for k in keys)
        if any(triple):
            out.append(triple)
    return out


def norm_strs(values):
    return [v for v in (norm_text(x) for x in values or []) if v]


def ours(doc, people_keys):
    """clipfeed's JSON in the shape the mapper gives feed-rs' output."""
    feed = {
        "format": doc.get("format"),
        "title": norm_text(doc.get("title")),
        "description": norm_text(doc.get("description")),
        "link": norm_text(doc.get("link")),
        "feed_url": norm_text(doc.get("feed_url")),
        "language": norm_text(doc.get("language")),
        "updated": norm_date(doc.get("updated")),
        "published": norm_date(doc.get("published")),
        "image": norm_text(doc.get("image")),
        "rights": norm_text(doc.get("rights")),
        "authors": norm_people(doc.get("authors"), people_keys),
        "categories": norm_strs(doc.get("categories")),
        "items.count": len(doc.get("items") or []),
    }
    items = []
    for it in doc.get("items") or []:
        items.append({
            "id": norm_text(it.get("id")),
            "title": norm_text(it.get("title")),
            "link": norm_text(it.get("link")),
            "summary": norm_text(it.get("summary")),
            "content": norm_text(it.get("content")),
            "published": norm_date(it.get("published")),
            "updated": norm_date(it.get("updated")),
            "authors": norm_people(it.get("authors"), people_keys),
            "categories": norm_strs(it.get("categories")),
            "rights": norm_text(it.get("rights")),
        })
    return {"feed": feed, "items": items}


def common_args(doc, default_out):
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cmd", required=True, help="command template with {file}")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--out", default=default_out)
    return ap


def timed(fn):
    t0 = time.monotonic()
    result = fn()
    print(f"ran in {time.monotonic() - t0:.1f}s")
    return result


def compare(expected, got):
    checks, mismatches = 0, []
    for key, want in expected["feed"].items():
        checks += 1
        if got["feed"].get(key) != want:
            mismatches.append((f"feed.{key}", want, got["feed"].get(key)))
    for i, want_item in enumerate(expected["items"]):
        got_item = got["items"][i] if i < len(got["items"]) else {}
        for key, want in want_item.items():
            if want == NA:
                continue
            checks += 1
            if got_item.get(key) != want:
                mismatches.append((f"items[{i}].{key}", want, got_item.get(key)))
    return checks, mismatches


def run_pairs(pairs, mapper, args, people_keys):
    def one(pair):
        label, path, expected_path = pair
        with open(expected_path, encoding="utf-8") as fp:
            expected = mapper(label, json.load(fp))
        rr = conflib.run_json(args.cmd, timeout=args.timeout, file=path)
        rec = {"file": label}
        if not rr.ok:
            checks, _ = compare(expected, {"feed": {}, "items": []})
            rec.update(agree=0, total=checks, error=rr.error, mismatches=[])
            return rec
        checks, mismatches = compare(expected, ours(rr.doc, people_keys))
        rec.update(agree=checks - len(mismatches), total=checks, mismatches=mismatches)
        return rec

    with cf.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        return list(ex.map(one, pairs))


def report(recs, out_dir, title):
    print(title)
    groups = {}
    for r in recs:
        g = groups.setdefault(r.get("group", ""), [0, 0])
        g[0] += r["agree"]
        g[1] += r["total"]
    for name in sorted(groups):
        agree, total = groups[name]
        print(f"  {name:12s} {agree:5d}/{total:<5d} fields agree ({100.0 * agree / max(total, 1):5.1f}%)")
    agree = sum(r["agree"] for r in recs)
    total = sum(r["total"] for r in recs)
    pct = 100.0 * agree / max(total, 1)
    print(f"feed-rs agreement: {agree}/{total} fields ({pct:.1f}%)")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "mismatches.txt"), "w", encoding="utf-8") as fp:
        for r in recs:
            if r.get("error"):
                fp.write(f"{r['file']}: ERROR {r['error']}\n")
            for field, want, got in r["mismatches"]:
                fp.write(f"{r['file']}: {field}\n    feed-rs: {json.dumps(want, ensure_ascii=False)[:300]}\n"
                         f"    clipfeed: {json.dumps(got, ensure_ascii=False)[:300]}\n")
    # The floor comes from the environment: the shared script owns the command line.
    minimum = float(os.environ.get("CLIPFEED_FEEDRS_MIN", "0"))
    if pct < minimum:
        print(f"feed-rs agreement {pct:.1f}% is below the floor {minimum}%")
        sys.exit(1)
