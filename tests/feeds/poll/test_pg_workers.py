#!/usr/bin/env python3
"""Many `clipfeed watch` processes on one PostgreSQL state, against a local feed
server of 200 feeds on four hosts (127.0.0.1 to 127.0.0.4, a server each):
every item delivered at least once, no feed fetched twice within its interval,
at most two requests at once per host across all workers; a worker killed
with SIGKILL mid-cycle; the server restarted under a running watch; the state
migrated SQLite -> PostgreSQL -> SQLite with nothing delivered again; and the
errors a user meets (no server, wrong password, a database of something else);
and one busy host beside many small ones: its feeds do not hold the others back.

  test_pg_workers.py CLIPFEED [CASE...]

Exits 77 (skipped) only when PostgreSQL's server binaries are absent.
"""

import http.server
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
from pg_cluster import PgCluster, PgUnavailable, free_port  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "readers"))
from reader_checks import skip  # noqa: E402

HOSTS = ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"]
FEEDS = 200
ITEMS = 3
PER_HOST = 2  # the C API's default max_host_connections


class FeedServer:
    """200 feeds, 50 per host, each of ITEMS items (plus `extra` more on a later version), served
    with an ETag and a delay per response; records every request and the most requests that ran
    at once per host."""

    def __init__(self, delay=0.03, hosts=HOSTS, feeds_per_host=None):
        """feeds_per_host: how many feeds each host serves, in order (default: FEEDS round-robin)."""
        self.delay = delay
        self.hosts = hosts
        if feeds_per_host:
            self.host_of = [i for i, count in enumerate(feeds_per_host) for _ in range(count)]
        else:
            self.host_of = [n % len(hosts) for n in range(FEEDS)]
        self.feeds = len(self.host_of)
        self.version = 1
        self.lock = threading.Lock()
        self.requests = []  # (time, host, feed number, status)
        self.running = {h: 0 for h in hosts}
        self.most = {h: 0 for h in hosts}
        self.servers = []
        self.urls = []

    def items_of(self, n, version=None):
        version = version or self.version
        return [f"f{n}-{k}" for k in range(ITEMS + version - 1)]

    def body(self, n):
        items = "".join(f"<item><guid isPermaLink='false'>{t}</guid><title>{t}</title></item>"
                        for t in reversed(self.items_of(n)))
        return f"<rss version='2.0'><channel><title>Feed {n}</title>{items}</channel></rss>".encode()

    def start(self):
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                host = self.server.server_address[0]
                n = int(self.path.rsplit("/", 1)[1].split(".")[0])
                with owner.lock:
                    owner.running[host] += 1
                    owner.most[host] = max(owner.most[host], owner.running[host])
                    etag = f'"{n}-v{owner.version}"'
                    body = owner.body(n)
                try:
                    time.sleep(owner.delay)
                    status = 304 if self.headers.get("If-None-Match") == etag else 200
                    self.send_response(status)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("Content-Length", "0" if status == 304 else str(len(body)))
                    self.end_headers()
                    if status == 200:
                        self.wfile.write(body)
                finally:
                    with owner.lock:
                        owner.running[host] -= 1
                        owner.requests.append((time.time(), host, n, status))

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # a worker killed mid-response: nothing to report

        for host in self.hosts:
            server = Server((host, 0), Handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)
        for n in range(self.feeds):
            server = self.servers[self.host_of[n]]
            self.urls.append(f"http://{server.server_address[0]}:{server.server_address[1]}/feed/{n}.xml")
        return self

    def stop(self):
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def fetch_counts(self):
        counts = {}
        with self.lock:
            for _, _, n, _ in self.requests:
                counts[n] = counts.get(n, 0) + 1
        return counts

    def all_items(self):
        return {t for n in range(self.feeds) for t in self.items_of(n)}


class Worker:
    """One `clipfeed watch` process; its stdout (the delivered items, one JSON line each) in a file."""

    def __init__(self, clipfeed, folder, name, state, *args, env=None):
        self.out_path = os.path.join(folder, f"{name}.out")
        self.err_path = os.path.join(folder, f"{name}.err")
        self.out = open(self.out_path, "wb")
        self.err = open(self.err_path, "wb")
        self.process = subprocess.Popen([clipfeed, "watch", "--state", state, *args], stdout=self.out,
                                        stderr=self.err, env=env)

    def delivered(self):
        with open(self.out_path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
        titles = []
        for line in lines:
            try:
                titles.append(json.loads(line)["item"]["title"])
            except (ValueError, KeyError):
                pass  # a line cut short by SIGKILL
        return titles

    def stderr(self):
        with open(self.err_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.out.close()
        self.err.close()
        return self.process.returncode


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def wait_for(predicate, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def urls_file(folder, server):
    path = os.path.join(folder, "urls.txt")
    with open(path, "w") as f:
        f.write("\n".join(server.urls) + "\n")
    return path


def run_workers(clipfeed, pg, folder, count):
    """`count` workers over one fresh state: everything delivered once, each feed fetched once
    (its next poll is 5 minutes on), the per-host limit held across workers, the work shared."""
    database = f"workers{count}"
    pg.create_database(database)
    uri = pg.uri(database)
    server = FeedServer(delay=0.08).start()  # a cycle of some seconds, for the workers to share
    urls = urls_file(folder, server)
    workers = [Worker(clipfeed, folder, f"w{count}-{i}", uri, "--lease", "5", "--urls", urls)
               for i in range(count)]
    try:
        expected = server.all_items()
        union = lambda: set().union(*(set(w.delivered()) for w in workers))  # noqa: E731
        wait_for(lambda: union() >= expected, 90, f"all {len(expected)} items from {count} workers")
        time.sleep(1.0)  # anything fetched twice would show now
        counts = server.fetch_counts()
        twice = sorted(n for n, c in counts.items() if c > 1)
        check(not twice, f"{count} workers: feeds fetched more than once within their interval: {twice[:10]}")
        check(len(counts) == FEEDS, f"{count} workers: {len(counts)} of {FEEDS} feeds fetched")
        check(max(server.most.values()) <= PER_HOST,
              f"{count} workers: more than {PER_HOST} requests at once to one host: {server.most}")
        busy = [w for w in workers if w.delivered()]
        check(len(busy) >= 2, f"{count} workers: only {len(busy)} of them delivered anything")
        total = sum(len(w.delivered()) for w in workers)
        check(total == len(expected), f"{count} workers delivered {total} items for {len(expected)}")
        for w in workers:
            check(w.process.poll() is None, f"a worker exited early: {w.stderr()}")
        print(f"ok: {count} workers, {FEEDS} feeds on {len(HOSTS)} hosts: each fetched once, "
              f"{total} items delivered once ({[len(w.delivered()) for w in workers]}), "
              f"per host at most {max(server.most.values())} at once")
    finally:
        for w in workers:
            w.stop()
        server.stop()


def case_two_workers(clipfeed, pg, folder):
    run_workers(clipfeed, pg, folder, 2)


def case_four_workers(clipfeed, pg, folder):
    run_workers(clipfeed, pg, folder, 4)


def case_busy_host(clipfeed, pg, folder):
    """One worker, one host with 120 feeds and eight with 4 each, the per-host limit 2: the busy
    host's feeds do not fill the worker's claims, so the small hosts are fetched beside it from
    the start rather than after the first 64 of its feeds (a claim took them host by host)."""
    pg.create_database("busy")
    hosts = [f"127.0.0.{i}" for i in range(1, 10)]
    server = FeedServer(delay=0.05, hosts=hosts, feeds_per_host=[120] + [4] * 8).start()
    worker = Worker(clipfeed, folder, "busy", pg.uri("busy"), "--urls", urls_file(folder, server))
    try:
        expected = server.all_items()
        wait_for(lambda: set(worker.delivered()) >= expected, 90, f"all {len(expected)} items")
        with server.lock:
            requests = sorted(server.requests)
        busy_times = [t for t, host, _, _ in requests if host == hosts[0]]
        first_small = {}
        for t, host, _, _ in requests:
            if host != hosts[0]:
                first_small.setdefault(host, t)
        check(len(first_small) == 8, f"only {len(first_small)} small hosts were fetched")
        # How many of the busy host's feeds were fetched before the last small host was reached.
        latest = max(first_small.values())
        before = sum(1 for t in busy_times if t < latest)
        check(before < 30, f"the last small host waited for {before} of the busy host's feeds")
        check(max(server.most.values()) <= PER_HOST, f"per-host limit broken: {server.most}")
        print(f"ok: one busy host beside 8 small ones: every small host reached after {before} of the busy "
              f"host's {len(busy_times)} feeds, per host at most {max(server.most.values())} at once")
    finally:
        worker.stop()
        server.stop()


def case_kill_9(clipfeed, pg, folder):
    """A worker killed mid-cycle: its leased feeds pass to the other once the lease (3 s) ends;
    every item arrives; only feeds it held are fetched twice."""
    pg.create_database("killed")
    uri = pg.uri("killed")
    server = FeedServer(delay=0.15).start()  # a cycle of some seconds
    urls = urls_file(folder, server)
    victim = Worker(clipfeed, folder, "victim", uri, "--lease", "3", "--urls", urls)
    survivor = None
    try:
        wait_for(lambda: len(victim.delivered()) >= 20, 60, "the first worker to deliver 20 items")
        survivor = Worker(clipfeed, folder, "survivor", uri, "--lease", "3", "--urls", urls)
        time.sleep(0.5)
        victim.process.kill()  # SIGKILL: no clean-up, leases left as they are
        victim.process.wait()
        killed_at = time.time()
        held = {int(row[0].rsplit("/", 1)[1].split(".")[0]) for row in
                pg.rows("killed", f"SELECT url FROM feeds JOIN schedule ON feed_id = id WHERE leased_by LIKE '%:{victim.process.pid}:%'")}
        check(held, "the killed worker held no leases: it was not killed mid-cycle")
        expected = server.all_items()
        wait_for(lambda: set(victim.delivered()) | set(survivor.delivered()) >= expected, 90,
                 "every item after the kill")
        time.sleep(0.5)
        counts = server.fetch_counts()
        twice = {n for n, c in counts.items() if c > 1}
        check(twice <= held, f"feeds fetched twice that the killed worker did not hold: {sorted(twice - held)}")
        check(len(counts) == FEEDS, f"{len(counts)} of {FEEDS} feeds fetched")
        with server.lock:
            taken_over = [t for t, _, n, _ in server.requests if n in held and t > killed_at]
        check(taken_over, "no feed the killed worker held was fetched again")
        check(max(server.most.values()) <= PER_HOST, f"per-host limit broken: {server.most}")
        print(f"ok: SIGKILL mid-cycle: {len(held)} leased feeds taken over after the lease, "
              f"{len(twice)} fetched twice, every item delivered")
    finally:
        victim.stop()
        if survivor:
            survivor.stop()
        server.stop()


def case_server_restart(clipfeed, pg, folder):
    """PostgreSQL restarted under a running watch: it says so, keeps running, reconnects, and every
    item arrives."""
    pg.create_database("restarted")
    uri = pg.uri("restarted")
    server = FeedServer(delay=0.1).start()
    urls = urls_file(folder, server)
    worker = Worker(clipfeed, folder, "restart", uri, "--lease", "5", "--urls", urls)
    try:
        wait_for(lambda: len(worker.delivered()) >= 30, 60, "the worker to deliver 30 items")
        pg.restart(pause=1.0)
        expected = server.all_items()
        wait_for(lambda: set(worker.delivered()) >= expected, 90, "every item after the restart")
        check(worker.process.poll() is None, "watch exited when the server restarted: " + worker.stderr())
        log = worker.stderr()
        check("trying again" in log, f"watch said nothing of the lost server: {log!r}")
        check('database "restarted"' in log and f"127.0.0.1:{pg.port}" in log,
              f"the message does not name the server and database: {log!r}")
        check(pg.password not in log, "the password is in the log")
        print(f"ok: server restarted under watch: it reconnected, every item delivered "
              f"({len(worker.delivered())} deliveries for {len(expected)} items)")
    finally:
        worker.stop()
        server.stop()


def run_once(clipfeed, state, *args):
    done = subprocess.run([clipfeed, "watch", "--once", "--state", state, *args], capture_output=True, text=True,
                          timeout=120)
    check(done.returncode == 0, f"watch --once on {state} failed: {done.stderr}")
    return [json.loads(line)["item"]["title"] for line in done.stdout.splitlines() if line.strip()]


def migrate(clipfeed, source, target):
    done = subprocess.run([clipfeed, "state", "migrate", source, target], capture_output=True, text=True,
                          timeout=120)
    check(done.returncode == 0, f"state migrate failed: {done.stderr}")
    return done.stderr


def case_migrate(clipfeed, pg, folder):
    """SQLite -> PostgreSQL -> SQLite: after each copy only what is new (or was owed) is delivered."""
    server = FeedServer(delay=0).start()
    urls = urls_file(folder, server)
    first = os.path.join(folder, "first.db")
    back = os.path.join(folder, "back.db")
    out = os.path.join(folder, "delivered.txt")
    try:
        # Version 1 into SQLite; the items of feed 7 are refused (exit 1) and stay owed.
        refuse = f"x=$(cat); case \"$x\" in *'\"f7-'*) exit 1;; esac; printf '%s\\n' \"$x\" >> {out}"
        subprocess.run([clipfeed, "watch", "--once", "--state", first, "--urls", urls, "--exec", refuse],
                       check=True, capture_output=True, timeout=120)
        with open(out) as f:
            delivered = [json.loads(line)["item"]["title"] for line in f if line.strip()]
        check(len(delivered) == (FEEDS - 1) * ITEMS, f"the first run delivered {len(delivered)} items")

        pg.create_database("migrated")
        uri = pg.uri("migrated")
        message = migrate(clipfeed, first, uri)
        check(f"copied {FEEDS} feeds" in message, f"migrate said: {message!r}")
        # A day later: every feed is due, and each has one new item.
        pg.psql("migrated", "UPDATE schedule SET next_poll = 0")
        server.version = 2
        got = run_once(clipfeed, uri)
        new = {f"f{n}-{ITEMS}" for n in range(FEEDS)}
        owed = {f"f7-{k}" for k in range(ITEMS)}
        check(sorted(got) == sorted(new | owed),
              f"after SQLite -> PostgreSQL: {len(got)} delivered; unexpected {sorted(set(got) - new - owed)[:5]}, "
              f"missing {sorted((new | owed) - set(got))[:5]}")

        migrate(clipfeed, uri, back)
        db = sqlite3.connect(back)
        db.execute("UPDATE feeds SET next_poll = 0")
        db.commit()
        db.close()
        server.version = 3
        got = run_once(clipfeed, back)
        newer = {f"f{n}-{ITEMS + 1}" for n in range(FEEDS)}
        check(sorted(got) == sorted(newer), f"after PostgreSQL -> SQLite: {len(got)} delivered, "
              f"unexpected {sorted(set(got) - newer)[:5]}")
        # A copy into a state that has feeds is refused, and changes nothing.
        done = subprocess.run([clipfeed, "state", "migrate", first, uri], capture_output=True, text=True)
        check(done.returncode != 0 and "already holds feeds" in done.stderr, f"copy over a state: {done.stderr}")
        print("ok: migrate SQLite -> PostgreSQL -> SQLite: only new and owed items delivered after each copy")
    finally:
        server.stop()


def case_errors(clipfeed, pg, folder):
    """No server, a wrong password, a database of something else: clear messages naming the server and
    database and never the password; with no server, watch keeps trying until told to stop."""
    port = free_port()
    down = Worker(clipfeed, folder, "down", f"postgresql://clipfeed:s3cret-pw@127.0.0.1:{port}/feeds",
                  "http://127.0.0.1:9/feed")
    time.sleep(2.0)
    check(down.process.poll() is None, "watch gave up on a server that is down: " + down.stderr())
    check(down.stop() == 0, "watch did not stop cleanly on SIGTERM")
    log = down.stderr()
    check("cannot connect" in log and 'database "feeds"' in log and f"127.0.0.1:{port}" in log
          and "trying again" in log, f"no server: {log!r}")
    check("s3cret-pw" not in log, "the password is in the message")

    done = subprocess.run([clipfeed, "watch", "--once", "--state", pg.uri("postgres", password="wrong-pw-77"),
                           "http://127.0.0.1:9/feed"], capture_output=True, text=True, timeout=60)
    check(done.returncode != 0 and "password authentication failed" in done.stderr
          and "wrong-pw-77" not in done.stderr, f"wrong password: {done.returncode} {done.stderr!r}")

    pg.create_database("shop")
    pg.psql("shop", "CREATE TABLE orders(id int)")
    done = subprocess.run([clipfeed, "watch", "--once", "--state", pg.uri("shop"), "http://127.0.0.1:9/feed"],
                          capture_output=True, text=True, timeout=60)
    check(done.returncode != 0 and "not a clipfeed state" in done.stderr and 'database "shop"' in done.stderr,
          f"foreign database: {done.stderr!r}")
    check(pg.rows("shop", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [["1"]],
          "the foreign database was changed")
    print("ok: no server, wrong password, foreign database: clear messages, no password shown")


CASES = {
    "errors": case_errors,
    "two_workers": case_two_workers,
    "four_workers": case_four_workers,
    "busy_host": case_busy_host,
    "kill_9": case_kill_9,
    "server_restart": case_server_restart,
    "migrate": case_migrate,
}


def main(argv):
    clipfeed = os.path.abspath(argv[1])
    names = argv[2:] or list(CASES)
    try:
        cluster = PgCluster()
    except PgUnavailable as e:
        return skip(str(e))  # a failure where every real program must run (CI)
    failed = []
    with cluster as pg, tempfile.TemporaryDirectory(prefix="clipfeed-pg-workers-") as folder:
        for name in names:
            started = time.time()
            case_folder = os.path.join(folder, name)
            os.makedirs(case_folder)
            try:
                CASES[name](clipfeed, pg, case_folder)
            except AssertionError as e:
                print(f"FAIL {name}: {e}")
                failed.append(name)
            print(f"   ({name}: {time.time() - started:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
