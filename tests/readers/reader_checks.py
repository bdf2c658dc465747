"""What the reader integration tests share: a list of failed checks that does
not stop at the first, and the environment a reader runs in (its own HOME, no
proxy, no XDG folders of the user running the tests)."""
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
