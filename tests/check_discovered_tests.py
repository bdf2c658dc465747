#!/usr/bin/env python3
"""Every Catch2 test case is a CTest test: a test name CMake's list handling
mangles (an unbalanced '[' or ']', a ';') silently hides the tests after it.

  check_discovered_tests.py UNIT_TEST_BINARY BUILD_DIR
"""
import subprocess
import sys


def main():
    binary, build_dir = sys.argv[1], sys.argv[2]
    # Catch2 v2 exits with the number of tests listed: the status says nothing.
    names = subprocess.run([binary, "--list-test-names-only"], capture_output=True,
                           text=True).stdout.splitlines()
    names = {n.strip() for n in names if n.strip()}
    listed = subprocess.run(["ctest", "--test-dir", build_dir, "-N"], capture_output=True, text=True,
                            check=True).stdout.splitlines()
    registered = {line.split(":", 1)[1].strip() for line in listed if line.strip().startswith("Test")
                  and ":" in line}
    missing = sorted(names - registered)
    if missing:
        print(f"{len(missing)} of {len(names)} test cases are not registered with CTest; the first:")
        for name in missing[:10]:
            print("  " + name)
        print("Rename them without brackets or semicolons.")
        return 1
    print(f"all {len(names)} test cases are registered with CTest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
