#!/usr/bin/env python3
"""Checks that each source folder includes only itself and the folders its
layer may use (cmake/ClipfeedLayers.cmake writes them to layers.txt, one
"folder: allowed folders..." line each; what an allowed folder may use is
allowed too). A folder under feeds/ or plugin/ that holds sources but has no
layer fails as well, so a new folder cannot slip past the check.

usage: check_layering.py SOURCE_DIR LAYERS_TXT
       check_layering.py --self-test     (shows the check fails on an upward include)
"""

import os
import re
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
SOURCE_SUFFIXES = (".cpp", ".hpp", ".h", ".c")
CHECKED_ROOTS = ("feeds", "plugin", "capi", "tools")


def read_table(path):
    table = {}
    with open(path) as f:
        for line in f:
            if ":" not in line:
                continue
            folder, allowed = line.split(":", 1)
            table[folder.strip()] = set(allowed.split())
    return table


def closure(table, folder):
    seen, todo = set(), list(table.get(folder, ()))
    while todo:
        f = todo.pop()
        if f not in seen:
            seen.add(f)
            todo.extend(table.get(f, ()))
    return seen


def source_folders(root):
    """Every folder under the checked roots that holds source files directly."""
    for top in CHECKED_ROOTS:
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            if any(f.endswith(SOURCE_SUFFIXES) for f in files):
                yield os.path.relpath(dirpath, root)


def violations(root, table):
    found = []
    for folder in sorted(source_folders(root)):
        if folder not in table:
            if folder.split(os.sep)[0] in ("feeds", "plugin"):
                found.append(f"{folder}: holds sources but belongs to no layer (add a clipfeed_layer for it)")
            continue
        allowed = closure(table, folder) | {folder}
        for name in sorted(os.listdir(os.path.join(root, folder))):
            if not name.endswith(SOURCE_SUFFIXES):
                continue
            path = os.path.join(folder, name)
            with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
                text = f.read()
            for included in INCLUDE.findall(text):
                target = os.path.dirname(included)
                if not target or target.split("/")[0] not in CHECKED_ROOTS:
                    continue  # "clipfeed.h", test support and the like
                if target not in allowed:
                    found.append(f"{path}: includes \"{included}\", but {folder} may include only "
                                 f"{', '.join(sorted(allowed))}")
    return found


def self_test():
    with tempfile.TemporaryDirectory() as root:
        for folder, body in {"feeds/low": '#include "feeds/high/b.hpp"\n',
                             "feeds/high": '#include "feeds/low/a.hpp"\n'}.items():
            os.makedirs(os.path.join(root, folder))
            with open(os.path.join(root, folder, "a.hpp" if folder.endswith("low") else "b.hpp"), "w") as f:
                f.write(body)
        os.makedirs(os.path.join(root, "feeds/stray"))
        open(os.path.join(root, "feeds/stray/c.cpp"), "w").close()
        table = {"feeds/low": set(), "feeds/high": {"feeds/low"}}
        found = violations(root, table)
        expected = ["feeds/low/a.hpp: includes \"feeds/high/b.hpp\"", "feeds/stray: holds sources"]
        missing = [e for e in expected if not any(v.startswith(e) for v in found)]
        if missing or len(found) != 2:
            print(f"self-test failed: expected {expected}, got {found}")
            return 1
    print("self-test passed: an upward include and a folder without a layer are both reported")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    found = violations(sys.argv[1], read_table(sys.argv[2]))
    for v in found:
        print(f"layering: {v}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
