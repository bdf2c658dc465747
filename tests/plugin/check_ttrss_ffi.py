#!/usr/bin/env python3
"""The Tiny Tiny RSS plugin's FFI declarations are clipfeed.h's.

The plugin (plugin/readers/ttrss/clipfeed/init.php) hands PHP's FFI::cdef a
copy of the declarations it calls, and the values of the #defines it uses as
class constants. PHP cannot read the header itself (FFI::cdef takes no
preprocessor directives and no CLIPFEED_API), so this test keeps the copy
honest: every declaration must be in clipfeed.h exactly (white space and the
CLIPFEED_API prefix aside), every constant must equal the header's #define,
and every function must be one the library exports.

usage: check_ttrss_ffi.py INIT_PHP CLIPFEED_H EXPORTED_SYMBOLS_TXT
"""
import re
import sys


def normalized(text):
    return re.sub(r"\s+", " ", text).replace("( ", "(").replace(" )", ")").replace(" ,", ",").strip()


def header_declarations(header):
    """The header's declarations, one string each: comments and preprocessor lines dropped,
    CLIPFEED_API removed, white space collapsed."""
    text = re.sub(r"/\*.*?\*/", " ", header, flags=re.S)
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    text = text.replace("CLIPFEED_API", " ").replace('extern "C" {', " ")
    return {normalized(d) + ";" for d in text.split(";") if d.strip()}


def main():
    init_php, header_path, symbols_path = sys.argv[1:4]
    php = open(init_php, encoding="utf-8").read()
    header = open(header_path, encoding="utf-8").read()
    exported = {line.strip() for line in open(symbols_path, encoding="utf-8") if line.strip() and not line.startswith("#")}
    failures = []

    block = re.search(r"const DECLARATIONS = <<<'C'\n(.*?)\nC;", php, re.S)
    if not block:
        print(f"FAIL: no `const DECLARATIONS = <<<'C' ... C;` block in {init_php}")
        return 1
    declarations = [normalized(d) + ";" for d in block.group(1).split(";") if d.strip()]
    known = header_declarations(header)
    functions = 0
    for declaration in declarations:
        if declaration not in known:
            failures.append(f"not in {header_path} as written: {declaration}")
        name = re.search(r"(clipfeed_\w+)\s*\(", declaration)
        if name:
            functions += 1
            if name.group(1) not in exported:
                failures.append(f"{name.group(1)} is not exported by the library ({symbols_path})")

    defines = dict(re.findall(r"^\s*#define\s+(CLIPFEED_\w+)\s+(-?\d+)\b", header, re.M))
    constants = re.findall(r"^\s*const\s+(CLIPFEED_\w+)\s*=\s*(-?\d+)\s*;", php, re.M)
    for name, value in constants:
        if name not in defines:
            failures.append(f"constant {name} has no #define in {header_path}")
        elif defines[name] != value:
            failures.append(f"constant {name} = {value} in the plugin, {defines[name]} in {header_path}")

    # Every clipfeed_ function the plugin calls is declared.
    declared = {re.search(r"(clipfeed_\w+)\s*\(", d).group(1) for d in declarations if "(" in d}
    for called in sorted(set(re.findall(r"->(clipfeed_\w+)\(", php))):
        if called not in declared:
            failures.append(f"the plugin calls {called} without declaring it")

    for failure in failures:
        print(f"FAIL: {failure}")
    if not failures and (functions == 0 or not constants):
        failures.append("nothing checked")
        print("FAIL: no function declarations or constants found")
    print(f"{len(declarations)} declarations ({functions} functions) and {len(constants)} constants checked, "
          f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
