#!/usr/bin/env python3
"""A throwaway PostgreSQL server for tests: initdb in a folder of the test's
own, started on a Unix socket in that folder and on a free port of 127.0.0.1,
stopped and removed afterwards.

As a module (tests written in Python):

    from pg_cluster import PgCluster, PgUnavailable
    with PgCluster() as pg:                          # a temporary folder
        pg.create_user("ttrss", "secret")
        pg.create_database("ttrss", owner="ttrss")
        pg.psql("ttrss", "SELECT 1")                 # as the superuser, over the socket: psql's output
        pg.query_json("ttrss", "SELECT * FROM t")    # the rows as dicts
        pg.uri("ttrss", user="ttrss", password="secret")   # postgresql://ttrss:secret@127.0.0.1:PORT/ttrss

As a command (CTest fixtures of tests in other languages: FIXTURES_SETUP runs
`start`, FIXTURES_CLEANUP runs `stop`, the tests read DIR/uri):

    pg_cluster.py start DIR   # prints the superuser's libpq URI and writes it to DIR/uri
    pg_cluster.py stop DIR    # stops that server, removes its data and DIR/uri

The server's own files (data, socket, log) are in a temporary folder of their
own, whichever DIR is given: a folder the server's user can reach (DIR/state
names it).

PostgreSQL refuses to run as root, so when the caller is root the server runs
as an unprivileged user: `postgres` when it exists, else `nobody`. Every
client, on TCP or on the socket, logs in with a password (scram-sha-256): the
superuser's is random, in the URI. Processes inside a network namespace of
their own (`unshare -n`) cannot reach 127.0.0.1 of the test, but they reach
the socket: `socket_dir` and `port` are a libpq host and port, and
`uri(..., socket=True)` says the same as a URI. The
binaries are found in /usr/lib/postgresql/<version>/bin (the newest), or
CLIPFEED_PG_BINDIR. When they are absent, PgUnavailable is raised and the
command exits with 77 (the tests' "skipped"). Durability is off (fsync,
synchronous_commit): the data lives only as long as the test.
CLIPFEED_PG_EXTRA_CONF, when set, is appended to the server's postgresql.conf
(for measuring: "shared_preload_libraries = 'pg_stat_statements'").
"""

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile

SKIP = 77
SUPERUSER = "postgres"


class PgUnavailable(RuntimeError):
    """PostgreSQL's server binaries are not installed."""


class PgError(RuntimeError):
    """The server could not be set up, or a statement failed; the message says which and why."""


def find_bindir():
    """The folder of initdb/pg_ctl/psql; raises PgUnavailable when there is none."""
    wanted = os.environ.get("CLIPFEED_PG_BINDIR")
    candidates = [wanted] if wanted else sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                                                key=lambda d: int(d.split("/")[-2]) if d.split("/")[-2].isdigit() else 0,
                                                reverse=True)
    for folder in candidates:
        if all(os.access(os.path.join(folder, tool), os.X_OK) for tool in ("initdb", "pg_ctl", "postgres")):
            return folder
    raise PgUnavailable("PostgreSQL's server is not installed (no initdb, pg_ctl and postgres in "
                        + (wanted or "/usr/lib/postgresql/*/bin") + "; apt-get install postgresql)")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_account():
    """(uid, gid, name) the server runs as: the caller, or an unprivileged user when the caller is root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
            return entry.pw_uid, entry.pw_gid, name
        except KeyError:
            continue
    raise PgError("running as root, and neither a 'postgres' nor a 'nobody' user exists to run PostgreSQL as")


class PgCluster:
    """One PostgreSQL server whose files live in `folder` (a new temporary folder when None;
    when given, the server's user must be able to reach it)."""

    def __init__(self, folder=None, bindir=None):
        self.bindir = bindir or find_bindir()
        self.own_folder = folder is None
        self.folder = os.path.abspath(folder or tempfile.mkdtemp(prefix="clipfeed-pg-"))
        self.data = os.path.join(self.folder, "data")
        self.socket_dir = os.path.join(self.folder, "socket")
        self.log = os.path.join(self.folder, "server.log")
        self.port = None
        self.password = secrets.token_hex(12)
        self.account = server_account()
        self.running = False

    # -- running the server's programs as its user -------------------------------------------

    def _demote(self):
        if self.account:
            uid, gid, _ = self.account
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)

    def _run(self, tool, *args, check=True, input=None, env=None):
        command = [os.path.join(self.bindir, tool), *args]
        done = subprocess.run(command, cwd=self.folder, preexec_fn=self._demote, input=input, env=env,
                              capture_output=True, text=True, timeout=120)
        if check and done.returncode != 0:
            raise PgError(f"{' '.join(command)} failed (exit {done.returncode}): {done.stderr.strip()}"
                          + self._log_tail())
        return done

    def _log_tail(self):
        try:
            with open(self.log, encoding="utf-8", errors="replace") as f:
                tail = f.read()[-1500:]
            return f"\n--- {self.log} ---\n{tail}" if tail else ""
        except OSError:
            return ""

    # -- life cycle -----------------------------------------------------------------------------

    def start(self):
        os.makedirs(self.socket_dir, exist_ok=True)
        if self.account:
            uid, gid, _ = self.account
            for path in (self.folder, self.socket_dir):
                os.chown(path, uid, gid)
        # Others may reach the socket (clients log in with a password) but not list the folder.
        os.chmod(self.folder, 0o711)
        os.chmod(self.socket_dir, 0o755)
        pwfile = os.path.join(self.folder, "pwfile")
        with open(pwfile, "w") as f:
            f.write(self.password + "\n")
        if self.account:
            os.chown(pwfile, self.account[0], self.account[1])
        os.chmod(pwfile, 0o600)
        try:
            self._run("initdb", "-D", self.data, "-U", SUPERUSER, "--pwfile", pwfile, "-E", "UTF8",
                      "--locale=C.UTF-8", "--auth=scram-sha-256", "--no-sync")
        finally:
            os.unlink(pwfile)
        with open(os.path.join(self.data, "postgresql.conf"), "a") as conf:
            conf.write("\n# clipfeed tests: a throwaway server\n"
                       "listen_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.socket_dir}'\n"
                       "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                       "max_connections = 60\nshared_buffers = 32MB\n")
            if os.environ.get("CLIPFEED_PG_EXTRA_CONF"):
                conf.write(os.environ["CLIPFEED_PG_EXTRA_CONF"] + "\n")
        # The port is free when picked, but another process may take it before
        # the server binds: try a few.
        for attempt in range(5):
            self.port = free_port()
            done = self._run("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60",
                             "-o", f"-p {self.port}", "start", check=False)
            if done.returncode == 0:
                self.running = True
                return self
            if "could not bind" not in self._log_tail() or attempt == 4:
                raise PgError(f"pg_ctl start of the test server in {self.data} failed: {done.stderr.strip()}"
                              + self._log_tail())
        return self

    def stop(self, remove=True):
        if self.running:
            self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", check=False)
            self.running = False
        if remove:
            shutil.rmtree(self.folder, ignore_errors=True)

    def restart(self, pause=0.0):
        """Stops the server (fast: clients are disconnected) and starts it again on the same port
        with the same data, after `pause` seconds down."""
        import time
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")
        self.running = False
        time.sleep(pause)
        self._run("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60", "-o", f"-p {self.port}", "start")
        self.running = True

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()

    # -- clients ---------------------------------------------------------------------------------

    def uri(self, database="postgres", user=SUPERUSER, password=None, socket=False):
        """A libpq URI, over TCP on 127.0.0.1 or over the Unix socket; the superuser's password
        when the user is the superuser and no password is given."""
        secret = self.password if password is None and user == SUPERUSER else password
        auth = f"{user}:{secret}" if secret else user
        if socket:
            return f"postgresql://{auth}@/{database}?host={self.socket_dir}&port={self.port}"
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}"

    def psql(self, database, sql=None, *, file=None, user=SUPERUSER, password=None):
        """Runs SQL (or a file of it) over the socket, as the superuser unless `user` (and its
        `password`) say otherwise; stops at the first error. Returns what psql printed: the rows
        unaligned, tab-separated, one a line."""
        command = [os.path.join(self.bindir, "psql"), "-X", "-q", "-h", self.socket_dir, "-p", str(self.port),
                   "-U", user, "-d", database, "-v", "ON_ERROR_STOP=1", "-A", "-t", "-F", "\t"]
        command += ["-f", file] if file else ["-c", sql]
        secret = self.password if password is None and user == SUPERUSER else password
        env = dict(os.environ, PGPASSWORD=secret or "", PGCONNECT_TIMEOUT="10")
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            what = f"the SQL file {file}" if file else f"the SQL {sql[:300]!r}"
            raise PgError(f"psql as {user} on database {database} failed on {what}: {done.stderr.strip()}")
        return done.stdout

    def rows(self, database, sql, **login):
        """The rows of a query as lists of strings (values must hold no tab or line break)."""
        return [line.split("\t") for line in self.psql(database, sql, **login).splitlines() if line]

    def query_json(self, database, sql, **login):
        """The rows of a query as a list of dicts (column name: value, JSON-typed), whatever they hold."""
        import json
        out = self.psql(database, f"SELECT coalesce(json_agg(q), '[]'::json) FROM ({sql}) AS q", **login)
        return json.loads(out)

    def create_user(self, name, password):
        self.psql("postgres", f"CREATE ROLE {quote_ident(name)} LOGIN PASSWORD {quote_literal(password)}")

    def create_database(self, name, owner=SUPERUSER):
        self.psql("postgres", f"CREATE DATABASE {quote_ident(name)} OWNER {quote_ident(owner)}")


def quote_ident(name):
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value):
    return "'" + value.replace("'", "''") + "'"


# -- the command line ---------------------------------------------------------------------------

STATE_FILE = "state"  # JSON: the server's folder, port and binaries


def main(argv):
    import json
    if len(argv) != 3 or argv[1] not in ("start", "stop"):
        print("usage: pg_cluster.py start DIR | stop DIR", file=sys.stderr)
        return 2
    action, folder = argv[1], os.path.abspath(argv[2])
    state_file, uri_file = os.path.join(folder, STATE_FILE), os.path.join(folder, "uri")
    try:
        if action == "start":
            if os.path.exists(state_file):
                print(f"pg_cluster.py: {folder} already names a running server (stop it first)", file=sys.stderr)
                return 1
            os.makedirs(folder, exist_ok=True)
            cluster = PgCluster()
            try:
                cluster.start()
            except BaseException:
                cluster.stop()
                raise
            with open(state_file, "w") as f:
                json.dump({"folder": cluster.folder, "port": cluster.port, "bindir": cluster.bindir}, f)
            with open(uri_file, "w") as f:
                f.write(cluster.uri() + "\n")
            print(cluster.uri())
            return 0
        if not os.path.exists(state_file):
            print(f"pg_cluster.py: no server was started with {folder} (no {state_file})", file=sys.stderr)
            return 1
        with open(state_file) as f:
            state = json.load(f)
        cluster = PgCluster(state["folder"], bindir=state["bindir"])
        cluster.port, cluster.running = state["port"], True
        cluster.stop()
        for path in (state_file, uri_file):
            os.unlink(path)
        try:
            os.rmdir(folder)
        except OSError:
            pass  # it holds files of the caller's
        return 0
    except PgUnavailable as e:
        print(f"SKIP: {e}")
        return SKIP
    except PgError as e:
        print(f"pg_cluster.py: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
