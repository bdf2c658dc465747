"""What the reader integration tests share: a list of failed checks that does
not stop at the first, the environment a reader runs in (its own HOME, no
proxy, no XDG folders of the user running the tests), and skipping."""
import os

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print(f"FAIL: {what}")


def reader_env(home, **extra):
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower() and not k.startswith("XDG_")}
    env.update(HOME=home, LC_ALL="C.UTF-8", **extra)
    return env


def report():
    """The exit status: 1 when a check failed."""
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all checks passed")
    return 0


SKIP = 77


def skip(reason):
    """The exit status of a test that cannot run here: 77 (CTest's "skipped"), or 1 when
    CLIPFEED_REQUIRE_READERS=1 (./dev.sh test, so CI): there every reader must run."""
    if os.environ.get("CLIPFEED_REQUIRE_READERS") == "1":
        print(f"FAIL: {reason} (CLIPFEED_REQUIRE_READERS=1: reader tests may not skip)")
        return 1
    print(f"SKIP: {reason}")
    return SKIP
