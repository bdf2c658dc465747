#!/usr/bin/env python3
"""tests/support/pg_cluster.py, as tests use it.

  1. The command line, as CTest fixtures run it: `start DIR` prints a URI and
     writes it to DIR/uri; a client connects with it over TCP; a second
     `start DIR` is refused; `stop DIR` stops the server and removes its files
     and DIR; a second `stop DIR` says there is nothing to stop.
  2. The context manager: a user and a database of its own; that user logs
     in over TCP and over the socket with its password, not with a wrong one;
     query_json returns values holding tabs and line breaks intact; after the
     block the server is gone and its folder removed.

usage: test_pg_cluster.py   (exit 77: PostgreSQL's server is not installed)
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from pg_cluster import PgCluster, PgUnavailable, find_bindir  # noqa: E402
sys.path.insert(0, os.path.join(HERE, "..", "readers"))
from reader_checks import skip  # noqa: E402

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print(f"FAIL: {what}")


def psql(bindir, uri, sql):
    return subprocess.run([os.path.join(bindir, "psql"), "-X", "-A", "-t", "-c", sql, uri],
                          capture_output=True, text=True, timeout=60, env=dict(os.environ, PGCONNECT_TIMEOUT="5"))


def command_line(bindir):
    script = os.path.join(HERE, "pg_cluster.py")
    with tempfile.TemporaryDirectory(prefix="clipfeed-pg-cli-") as scratch:
        folder = os.path.join(scratch, "fixture")
        started = subprocess.run([sys.executable, script, "start", folder], capture_output=True, text=True)
        check(started.returncode == 0, f"start exits 0: {started.stderr}")
        uri = started.stdout.strip()
        check(uri.startswith("postgresql://postgres:") and "@127.0.0.1:" in uri, f"start prints a TCP URI: {uri!r}")
        with open(os.path.join(folder, "uri")) as f:
            check(f.read().strip() == uri, "DIR/uri holds the same URI")
        answer = psql(bindir, uri, "SELECT 6 * 7")
        check(answer.stdout.strip() == "42", f"a client connects with the URI: {answer.stderr}")
        again = subprocess.run([sys.executable, script, "start", folder], capture_output=True, text=True)
        check(again.returncode == 1 and "stop it first" in again.stderr, f"a second start is refused: {again.stderr}")
        with open(os.path.join(folder, "state")) as f:
            server_folder = json.load(f)["folder"]
        stopped = subprocess.run([sys.executable, script, "stop", folder], capture_output=True, text=True)
        check(stopped.returncode == 0, f"stop exits 0: {stopped.stderr}")
        check(not os.path.exists(folder) and not os.path.exists(server_folder),
              "stop removes DIR and the server's folder")
        check(psql(bindir, uri, "SELECT 1").returncode != 0, "after stop nothing answers on the port")
        twice = subprocess.run([sys.executable, script, "stop", folder], capture_output=True, text=True)
        check(twice.returncode == 1 and "no server was started" in twice.stderr, f"a second stop: {twice.stderr}")


def context_manager(bindir):
    with PgCluster() as pg:
        folder = pg.folder
        pg.create_user("reader", "s3cret")
        pg.create_database("notes", owner="reader")
        pg.psql("notes", "CREATE TABLE t (v text)", user="reader", password="s3cret")
        pg.psql("notes", "INSERT INTO t VALUES (E'a\\tb\\nc')", user="reader", password="s3cret")
        check(pg.query_json("notes", "SELECT v FROM t") == [{"v": "a\tb\nc"}], "query_json keeps tabs and line breaks")
        check(pg.rows("notes", "SELECT current_user", user="reader", password="s3cret") == [["reader"]],
              "rows() as the user, over the socket")
        tcp = psql(bindir, pg.uri("notes", user="reader", password="s3cret"), "SELECT current_database()")
        check(tcp.stdout.strip() == "notes", f"the user logs in over TCP: {tcp.stderr}")
        socket = psql(bindir, pg.uri("notes", user="reader", password="s3cret", socket=True), "SELECT 1")
        check(socket.stdout.strip() == "1", f"the user logs in over the socket: {socket.stderr}")
        wrong = psql(bindir, pg.uri("notes", user="reader", password="wrong"), "SELECT 1")
        check(wrong.returncode != 0 and "password authentication failed" in wrong.stderr,
              f"a wrong password is refused: {wrong.stderr}")
        uri = pg.uri()
    check(not os.path.exists(folder), "the folder is removed after the block")
    check(psql(bindir, uri, "SELECT 1").returncode != 0, "the server is stopped after the block")


def main():
    try:
        bindir = find_bindir()
    except PgUnavailable as e:
        return skip(str(e))  # a failure where every real program must run (CI)
    command_line(bindir)
    context_manager(bindir)
    print(f"{len(failures)} check(s) failed" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
