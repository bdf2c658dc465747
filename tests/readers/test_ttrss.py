#!/usr/bin/env python3
"""The clipfeed plugin inside the real Tiny Tiny RSS (Debian's tt-rss), loading
libclipfeed in TT-RSS's own PHP process through FFI.

Set-up, all in a temporary folder: a PostgreSQL server of the test's own
(tests/support/pg_cluster.py) with TT-RSS's schema; a private copy of
/usr/share/tt-rss/www with its own config.php, the plugin in
plugins.local/clipfeed/ and a test-only plugin (clipfeed_test_fetch) that
hands TT-RSS each feed's body from a file on HOOK_FETCH_FEED. `update.php
--feeds` runs as www-data inside a network namespace of its own
(`unshare -n`): no network at all. Users, all subscribed to the same feeds
(RSS and Atom clippings, the shapes of tests/fixtures/readers/shapes.rss, a
feed with bare ampersands, and the shared examples when ../shared is there):
  plain     no plugin: what TT-RSS stores by itself, the baseline;
  clipped   the plugin on (the Atom feed with "replace content");
  off       the plugin enabled but switched off for each of its feeds;
  missing   (a later update) the plugin with the library missing;
  old       (a later update) the plugin with a library too old (a stub).
Checked in TT-RSS's tables (update.php exits 0 whatever happened):
  1. every clipping article holds the HTML `clipfeed filter` renders for it,
     then a rule and the article as the baseline has it (or only the
     rendering, where replacing); its tags are the baseline's plus the
     clipping's; every other article equals the baseline's;
  2. the broken feed, rejected whole by TT-RSS (the baseline has none of its
     items), is read through the library: every item, with its own guid;
  3. a feed switched off is stored as without the plugin;
  4. a second update adds nothing and changes nothing;
  5. with the library missing: one line in the event log naming it, and the
     articles exactly as without the plugin;
  6. the same with a library too old (a stub built with cc, its version 0.0.9).

usage: test_ttrss.py LIBCLIPFEED CLIPFEED_CLI FIXTURES_DIR PLUGIN_DIR TEST_PLUGIN_DIR [SHARED_DIR]
exit 77: TT-RSS, php, PostgreSQL or www-data missing (1 instead when CLIPFEED_REQUIRE_READERS=1)
"""

import hashlib
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "support"))
from pg_cluster import PgCluster, PgUnavailable, find_bindir  # noqa: E402
from reader_checks import check, failures, report, skip  # noqa: E402

TTRSS = "/usr/share/tt-rss"
PHP = "/usr/bin/php"
CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}encoded"


def missing_programs():
    missing = []
    if not os.path.isfile(os.path.join(TTRSS, "www", "update.php")):
        missing.append("tt-rss (apt-get install tt-rss dbconfig-no-thanks)")
    if not os.access(PHP, os.X_OK):
        missing.append("php (apt-get install php-cli php-pgsql php8.2-curl)")
    else:
        modules = subprocess.run([PHP, "-m"], capture_output=True, text=True).stdout.split()
        for module, package in (("FFI", "php-cli"), ("pdo_pgsql", "php-pgsql")):
            if module not in modules:
                missing.append(f"PHP's {module} ({package})")
    try:
        pwd.getpwnam("www-data")
    except KeyError:
        missing.append("the www-data user")
    return missing


# ---- TT-RSS, privately ----------------------------------------------------------------------

def private_www(folder):
    """A copy of TT-RSS's web root whose relative symlinks still point where they did."""
    original = os.path.join(TTRSS, "www")
    www = os.path.join(folder, "www")
    shutil.copytree(original, www, symlinks=True)
    for root, dirs, files in os.walk(www):
        for name in dirs + files:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                continue
            target = os.readlink(path)
            if not os.path.isabs(target):
                source_dir = os.path.join(original, os.path.relpath(root, www))
                os.unlink(path)
                os.symlink(os.path.normpath(os.path.join(source_dir, target)), path)
    for link in ("config.php", "feed-icons"):
        os.unlink(os.path.join(www, link))
    os.makedirs(os.path.join(www, "plugins.local"), exist_ok=True)
    return www


def write_config(path, settings):
    lines = ["<?php", "// TT-RSS's configuration for clipfeed's test (CONFIG_VERSION 26: define()s)."]
    lines += [f"define({json.dumps(k)}, {json.dumps(v)});" for k, v in settings.items()]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


class TinyTinyRss:
    def __init__(self, folder, pg, library, plugin_dir, test_plugin_dir, feeds):
        self.folder = folder
        self.pg = pg
        self.www = private_www(folder)
        self.runs = 0
        shutil.copytree(plugin_dir, os.path.join(self.www, "plugins.local", "clipfeed"))
        shutil.copytree(test_plugin_dir, os.path.join(self.www, "plugins.local", "clipfeed_test_fetch"))
        www_data = pwd.getpwnam("www-data")
        for sub in ("lock", "cache", "cache/images", "cache/upload", "cache/export", "cache/feeds", "feed-icons"):
            path = os.path.join(folder, sub)
            os.makedirs(path, exist_ok=True)
            os.chown(path, www_data.pw_uid, www_data.pw_gid)
        self.feed_prefs_script = os.path.join(test_plugin_dir, "..", "feed_prefs.php")
        self.feeds_map = os.path.join(folder, "feeds.json")
        with open(self.feeds_map, "w") as f:
            json.dump(feeds, f)
        self.db_password = "ttrss-test-password"
        pg.create_user("ttrss", self.db_password)
        pg.create_database("ttrss", owner="ttrss")
        self.sql(file=os.path.join(TTRSS, "schema", "ttrss_schema_pgsql.sql"))
        self.configure(library)

    def configure(self, library):
        write_config(os.path.join(self.www, "config.php"), {
            "DB_TYPE": "pgsql", "DB_HOST": self.pg.socket_dir, "DB_PORT": str(self.pg.port),
            "DB_USER": "ttrss", "DB_NAME": "ttrss", "DB_PASS": self.db_password, "MYSQL_CHARSET": "UTF8",
            "SELF_URL_PATH": "http://localhost/tt-rss/", "SINGLE_USER_MODE": False, "SIMPLE_UPDATE_MODE": False,
            "PHP_EXECUTABLE": PHP, "LOCK_DIRECTORY": os.path.join(self.folder, "lock"),
            "CACHE_DIR": os.path.join(self.folder, "cache"), "ICONS_DIR": os.path.join(self.folder, "feed-icons"),
            "ICONS_URL": "feed-icons", "AUTH_AUTO_CREATE": True, "AUTH_AUTO_LOGIN": True, "FORCE_ARTICLE_PURGE": 0,
            "ENABLE_REGISTRATION": False, "REG_NOTIFY_ADDRESS": "admin@example.org", "REG_MAX_USERS": 10,
            "SESSION_COOKIE_LIFETIME": 86400, "SMTP_FROM_NAME": "Tiny Tiny RSS",
            "SMTP_FROM_ADDRESS": "noreply@example.org", "DIGEST_SUBJECT": "[tt-rss] New headlines",
            "CHECK_FOR_UPDATES": False, "ENABLE_GZIP_OUTPUT": False,
            "PLUGINS": "auth_internal, clipfeed_test_fetch", "LOG_DESTINATION": "sql", "CONFIG_VERSION": 26,
            "CLIPFEED_TEST_FEEDS": self.feeds_map, "CLIPFEED_LIBRARY": library,
        })

    def sql(self, sql=None, file=None):
        return self.pg.psql("ttrss", sql, file=file, user="ttrss", password=self.db_password)

    def query(self, sql):
        return self.pg.query_json("ttrss", sql, user="ttrss", password=self.db_password)

    def add_user(self, login, plugins, storage=None):
        uid = int(self.sql(f"INSERT INTO ttrss_users (login, pwd_hash, access_level, last_login, created) "
                           f"VALUES ('{login}', 'SHA1:unused', 0, NOW(), NOW()) RETURNING id").split()[0])
        # A user's preferences are rows of their own (the defaults copied), as TT-RSS makes them.
        self.sql(f"INSERT INTO ttrss_user_prefs (owner_uid, pref_name, profile, value) "
                 f"SELECT {uid}, pref_name, NULL, def_value FROM ttrss_prefs")
        self.sql(f"UPDATE ttrss_user_prefs SET value = '{plugins}' "
                 f"WHERE owner_uid = {uid} AND pref_name = '_ENABLED_PLUGINS'")
        return uid

    def subscribe(self, uid, feeds):
        """{name: feed id} for the feeds [(name, url)]. Title and site URL set (TT-RSS would fetch
        them otherwise); favicons counted as checked, so no update looks for one."""
        ids = {}
        for name, url in feeds:
            ids[name] = int(self.sql(
                f"INSERT INTO ttrss_feeds (owner_uid, title, feed_url, site_url, favicon_last_checked, "
                f"last_unconditional) VALUES ({uid}, '{name}', '{url}', 'http://clips.example.org/', NOW(), NOW()) "
                f"RETURNING id").split()[0])
        return ids

    def feed_prefs(self, command, uid, feed_id, form=None):
        """The plugin's feed-editor hooks (tests/readers/ttrss/feed_prefs.php): "save" posts the
        form {field: "on"}, "show" returns the editor's HTML."""
        done = subprocess.run([PHP, self.feed_prefs_script, command, str(uid), str(feed_id)]
                              + ([json.dumps(form)] if command == "save" else []),
                              cwd=self.www, capture_output=True, text=True, timeout=60)
        check(done.returncode == 0, f"feed_prefs.php {command} for feed {feed_id}: {done.stderr[-2000:]}")
        return done.stdout

    def switches(self, uid, feed_id):
        """The feed editor's two switches as shown: (clippings on, replace)."""
        html = self.feed_prefs("show", uid, feed_id)
        inputs = dict(re.findall(r"<input [^>]*name='(clipfeed_\w+)'\s*(checked)?\s*>", html))
        check(sorted(inputs) == ["clipfeed_enabled", "clipfeed_replace"], f"the feed editor's switches: {html!r}")
        return inputs.get("clipfeed_enabled") == "checked", inputs.get("clipfeed_replace") == "checked"

    def update(self, isolated, owners=None):
        """`update.php --feeds` as www-data (in a network namespace of its own when it can) of the feeds
        of `owners` (all when None: the others were updated too recently); returns its output."""
        self.runs += 1
        self.sql("UPDATE ttrss_feeds SET last_update_started = NULL, last_updated = NULL"
                 + (f" WHERE owner_uid IN ({', '.join(map(str, owners))})" if owners else ""))
        command = ["runuser", "-u", "www-data", "--", PHP, "update.php", "--feeds", "--log-level", "1"]
        if isolated:
            command = ["unshare", "-n"] + command
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}
        started = time.monotonic()
        done = subprocess.run(command, cwd=self.www, env=env, capture_output=True, text=True, timeout=300)
        output = done.stdout + done.stderr
        with open(os.path.join(self.folder, f"update-{self.runs}.log"), "w") as f:
            f.write(output)
        print(f"update {self.runs}: {time.monotonic() - started:.1f} s")
        return output

    def articles(self, uid):
        """{feed title: {article title: row}} of a user, each row with its sorted tags."""
        rows = self.query(f"""
            SELECT f.title AS feed, e.title, e.link, e.content, e.author, e.updated, e.guid, ue.int_id,
                   (SELECT coalesce(json_agg(t.tag_name ORDER BY t.tag_name), '[]'::json)
                      FROM ttrss_tags t WHERE t.post_int_id = ue.int_id) AS tags
            FROM ttrss_user_entries ue JOIN ttrss_entries e ON e.id = ue.ref_id
                 JOIN ttrss_feeds f ON f.id = ue.feed_id
            WHERE ue.owner_uid = {uid} ORDER BY ue.int_id""")
        by_feed = {}
        for row in rows:
            feed = by_feed.setdefault(row.pop("feed"), {})
            check(row["title"] not in feed, f"one article titled {row['title']!r} per feed of user {uid}")
            feed[row["title"]] = row
        return by_feed

    def feed_errors(self, uid):
        return {r["title"]: r["last_error"] for r in self.query(
            f"SELECT title, last_error FROM ttrss_feeds WHERE owner_uid = {uid}")}

    def event_log(self):
        return [r["errstr"] for r in self.query("SELECT errstr FROM ttrss_error_log ORDER BY id")]


# ---- what clipfeed itself says of each feed ----------------------------------------------------

def expectations(clipfeed, url, path):
    """{item title: (rendered clippings' HTML, the clippings' tags)} of the items with clippings,
    as `clipfeed filter` renders them; and the titles of all items."""
    with open(path, "rb") as f:
        body = f.read()
    parsed = json.loads(subprocess.run([clipfeed, "parse", "--json", "--url", url, "-"], input=body,
                                       capture_output=True, check=True).stdout)
    enriched = ET.fromstring(subprocess.run([clipfeed, "filter", url], input=body,
                                            capture_output=True, check=True).stdout)
    counts = {item["title"]: len(item["clippings"]) for item in parsed["items"]}
    rendered = {}
    for item in enriched.iter("item"):
        content = item.findtext(CONTENT_NS) or ""
        # Every clipping of the item, each followed by a rule, then the original content.
        title = item.findtext("title")
        rendered[title] = "<hr>\n".join(content.split("<hr>\n")[:max(1, counts.get(title, 0))])
    clippings = {}
    for item in parsed["items"]:
        if item["clippings"]:
            tags = [t.lower() for clipping in item["clippings"] for t in clipping["tags"]]
            clippings[item["title"]] = (rendered[item["title"]], tags)
    return clippings, [item["title"] for item in parsed["items"]]


def shared_feeds(shared, folder):
    """The shared examples' clipping feeds, and one RSS feed of their HTML clipping documents."""
    cases = os.path.join(shared, "examples", "clippings", "cases")
    if not os.path.isdir(cases):
        print(f"NOTE: {cases} is absent: the shared clipping examples are not fed to TT-RSS")
        return []
    feeds = [(f"shared {name[:-4]}", f"http://clips.example.org/shared/{name}", os.path.join(cases, name))
             for name in sorted(os.listdir(cases)) if name.startswith("feed.") and name.endswith(".xml")]
    items = []
    for n, name in enumerate(sorted(n for n in os.listdir(cases) if n.endswith(".html"))):
        with open(os.path.join(cases, name), encoding="utf-8") as f:
            html = f.read().replace("]]>", "]]]]><![CDATA[>")
        items.append(f"<item><title>{name}</title><link>http://clips.example.org/shared/{name}</link>"
                     f"<guid isPermaLink=\"false\">shared-{name}</guid>"
                     f"<pubDate>Mon, 03 Mar 2025 {n % 24:02d}:00:00 GMT</pubDate>"
                     f"<description><![CDATA[{html}]]></description></item>")
    documents = os.path.join(folder, "shared-documents.rss")
    with open(documents, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Shared documents</title>'
                "<link>http://clips.example.org/shared/</link><description>d</description>"
                + "".join(items) + "</channel></rss>")
    return feeds + [("shared documents", "http://clips.example.org/shared/documents.rss", documents)]


def stub_library(folder, init_php, version):
    """An old library: every function the plugin declares, doing nothing, and clipfeed_version()
    saying `version`; built with the C compiler. None when there is no compiler."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        return None
    with open(init_php, encoding="utf-8") as f:
        block = re.search(r"const DECLARATIONS = <<<'C'\n(.*?)\nC;", f.read(), re.S).group(1)
    lines = []
    for declaration in (" ".join(d.split()) for d in block.split(";")):
        if not declaration or declaration.startswith("typedef"):
            lines.append(declaration + ";")
        elif "clipfeed_version(" in declaration:
            lines.append(f'{declaration} {{ return "{version}"; }}')
        else:
            lines.append(declaration + (" { }" if declaration.startswith("void ") else " { return 0; }"))
    os.makedirs(folder)
    source, library = os.path.join(folder, "stub.c"), os.path.join(folder, "libclipfeed.so.1")
    with open(source, "w") as f:
        f.write("#include <stddef.h>\n" + "\n".join(lines) + "\n")
    subprocess.run([cc, "-shared", "-fPIC", "-o", library, source], check=True)
    return library


# ---- the checks -------------------------------------------------------------------------------

def check_enriched(clipped, plain, feeds, expected, replacing):
    """clipped vs plain (the baseline), feed by feed; returns how many clipping articles were checked."""
    checked = 0
    for name, _, _ in feeds:
        clippings, titles = expected[name]
        mine, theirs = clipped.get(name, {}), plain.get(name, {})
        check(sorted(mine) == sorted(theirs), f"{name}: the same articles with and without the plugin "
                                              f"({sorted(mine)} / {sorted(theirs)})")
        check(len(mine) == len(titles), f"{name}: every item stored ({len(mine)} of {len(titles)})")
        for title, row in mine.items():
            base = theirs.get(title)
            if base is None:
                continue
            if title not in clippings:
                check(essentials(row) == essentials(base), f"{name}: {title!r} (no clipping) is stored as without "
                      f"the plugin\n  got:  {essentials(row)}\n  want: {essentials(base)}")
                continue
            checked += 1
            html, tags = clippings[title]
            want = html if name in replacing else html + "<hr>\n" + base["content"]
            check(row["content"] == want, f"{name}: {title!r} holds the rendered clipping"
                  + ("" if name in replacing else " and then its original content")
                  + f"\n  got:  {row['content']!r}\n  want: {want!r}")
            check(row["tags"] == sorted(set(base["tags"]) | set(tags)),
                  f"{name}: {title!r} has its own tags and the clipping's: {row['tags']} vs {base['tags']} + {tags}")
            for field in ("link", "author", "updated"):
                check(row[field] == base[field], f"{name}: {title!r} keeps its {field}")
    return checked


def essentials(row):
    """An article as a reader sees it, whoever's it is: its guid's hash, not the user in it."""
    kept = {k: v for k, v in row.items() if k not in ("int_id", "guid")}
    kept["guid_hash"] = json.loads(row["guid"])["hash"]
    return kept


def essentials_by_feed(articles):
    return {feed: {title: essentials(row) for title, row in rows.items()} for feed, rows in articles.items()}


def tt_guid(uid, guid):
    """How TT-RSS stores an item's guid (ttrss_entries.guid)."""
    return json.dumps({"ver": 2, "uid": uid, "hash": "SHA1:" + hashlib.sha1(guid.encode()).hexdigest()},
                      separators=(",", ":"))


def main():
    missing = missing_programs()
    library, clipfeed, fixtures, plugin_dir, test_plugin_dir = map(os.path.abspath, sys.argv[1:6])
    shared = sys.argv[6] if len(sys.argv) > 6 else os.path.join(os.path.dirname(os.path.dirname(HERE)), "..", "shared")
    if os.geteuid() != 0:
        missing.append("root (update.php runs as www-data, switched to with runuser)")
    try:
        find_bindir()
    except PgUnavailable as e:
        missing.append(str(e))
    if missing:
        return skip("the TT-RSS test needs " + "; ".join(missing))
    isolated = subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    if not isolated:
        print("NOTE: `unshare -n` is not permitted here: update.php runs in the machine's network "
              "(the feeds still come from files; nothing is fetched)")

    started = time.monotonic()
    folder = tempfile.mkdtemp(prefix="clipfeed-ttrss-")
    try:
        with PgCluster() as pg:
            status = run(folder, pg, library, clipfeed, fixtures, plugin_dir, test_plugin_dir, shared, isolated)
    finally:
        if os.environ.get("CLIPFEED_TTRSS_KEEP") == "1":
            print(f"NOTE: TT-RSS's folder is kept (CLIPFEED_TTRSS_KEEP=1): {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"{time.monotonic() - started:.1f} s in all")
    return status


def run(folder, pg, library, clipfeed, fixtures, plugin_dir, test_plugin_dir, shared, isolated):
    started = time.monotonic()
    os.chmod(folder, 0o755)
    # The library and the feeds where www-data surely reads them.
    lib_dir = os.path.join(folder, "lib")
    os.makedirs(lib_dir)
    shutil.copy(library, os.path.join(lib_dir, "libclipfeed.so.1"))
    feed_dir = os.path.join(folder, "feeds")
    os.makedirs(feed_dir)
    # (other.atom is not used: it shares an item id with clippings.rss, on purpose for newsboat,
    # and TT-RSS keys a user's articles by id alone, so one would overwrite the other.)
    feeds = [("valley", "http://clips.example.org/valley.xml", "clippings.rss"),
             ("upland", "http://clips.example.org/upland.atom", "clippings.atom"),
             ("harbour", "http://clips.example.org/harbour.xml", "shapes.rss"),
             ("mill", "http://clips.example.org/mill.xml", "broken.rss")]
    feeds = [(n, u, shutil.copy(os.path.join(fixtures, p), feed_dir)) for n, u, p in feeds]
    feeds += shared_feeds(shared, feed_dir)
    expected = {name: expectations(clipfeed, url, path) for name, url, path in feeds}
    total_clippings = sum(len(c) for c, _ in expected.values())
    check(total_clippings >= 8, f"the fixtures hold clippings ({total_clippings})")

    # Each user subscribes to a URL of its own: one `update.php --feeds` updates only the first
    # subscription of each URL.
    users = ("plain", "clipped", "off", "missing", "old")
    ttrss = TinyTinyRss(folder, pg, os.path.join(lib_dir, "libclipfeed.so.1"), plugin_dir, test_plugin_dir,
                        {f"{url}?for={user}": path for _, url, path in feeds for user in users})

    def subscriptions(user, names=None):
        return [(name, f"{url}?for={user}") for name, url, _ in feeds if names is None or name in names]

    plain = ttrss.add_user("plain", "")
    clipped = ttrss.add_user("clipped", "clipfeed")
    off = ttrss.add_user("off", "clipfeed")
    ttrss.subscribe(plain, subscriptions("plain"))
    clipped_feeds = ttrss.subscribe(clipped, subscriptions("clipped"))
    off_feeds = ttrss.subscribe(off, subscriptions("off", ("valley", "mill")))
    # The preferences, through the plugin's own feed-editor hooks: one feed replaces its content,
    # the "off" user switches every feed off.
    check(ttrss.switches(clipped, clipped_feeds["upland"]) == (True, False), "a feed starts with clippings on")
    ttrss.feed_prefs("save", clipped, clipped_feeds["upland"], {"clipfeed_enabled": "on", "clipfeed_replace": "on"})
    check(ttrss.switches(clipped, clipped_feeds["upland"]) == (True, True), "the editor shows the saved replace")
    for feed_id in off_feeds.values():
        ttrss.feed_prefs("save", off, feed_id, {})
        check(ttrss.switches(off, feed_id) == (False, False), "the editor shows a feed switched off")
    check(ttrss.switches(clipped, clipped_feeds["valley"]) == (True, False), "other feeds keep their switches")
    print(f"set-up: {time.monotonic() - started:.1f} s")

    # 1-3. The first update.
    output = ttrss.update(isolated)
    by_user = {uid: ttrss.articles(uid) for uid in (plain, clipped, off)}
    check(len(by_user[plain].get("valley", {})) == 3, "the baseline has the valley feed's articles"
          f" (update.php said:\n{output[-3000:]})")
    checked = check_enriched(by_user[clipped], by_user[plain], [f for f in feeds if f[0] != "mill"], expected,
                             replacing={"upland"})
    example = by_user[clipped]["valley"].get("Orchard co-op buys the old cannery", {})
    print("an enriched article, as TT-RSS stored it: tags", example.get("tags"), "content:\n"
          + example.get("content", "")[:700])
    check(checked == total_clippings - len(expected["mill"][0]),
          f"every clipping article checked ({checked} of {total_clippings - len(expected['mill'][0])})")

    # The broken feed: TT-RSS alone loses all of it; with the plugin every item is there.
    errors = ttrss.feed_errors(plain)
    check("mill" not in by_user[plain] and errors["mill"] != "",
          f"without the plugin TT-RSS rejects the broken feed whole (last_error: {errors['mill']!r})")
    mill = by_user[clipped].get("mill", {})
    clippings, titles = expected["mill"]
    check(sorted(mill) == sorted(titles), f"with the plugin every item of the broken feed is stored: {sorted(mill)}")
    check(ttrss.feed_errors(clipped)["mill"] == "", "and the broken feed has no error")
    for title, (html, tags) in clippings.items():
        row = mill.get(title, {})
        check(row.get("content", "").startswith(html + "<hr>\n"), f"mill: {title!r} is enriched: {row.get('content')!r}")
        check(set(tags) <= set(row.get("tags", [])), f"mill: {title!r} has the clipping's tags")
    want_guids = {"Mill & bakery reopen": "mill-bakery", "River path closed for repairs": "mill-path",
                  "Weir gets a fish ladder": "http://clips.example.org/mill/weir"}
    for title, guid in want_guids.items():
        check(mill.get(title, {}).get("guid") == tt_guid(clipped, guid),
              f"mill: {title!r} keeps its own guid ({guid}) through the repair")

    # Switched off: as without the plugin, the broken feed included.
    check("valley" in by_user[off] and essentials_by_feed(by_user[off])["valley"] ==
          essentials_by_feed(by_user[plain])["valley"], "a feed switched off is stored as without the plugin")
    check("mill" not in by_user[off], "a broken feed switched off is not repaired")
    log = ttrss.event_log()
    check(not [line for line in log if "clipfeed" in line], f"no clipfeed line in the event log: {log}")

    # 4. A second update: nothing new, nothing changed.
    ttrss.update(isolated)
    for uid in (plain, clipped, off):
        again = ttrss.articles(uid)
        check(again == by_user[uid], f"user {uid}: the second update adds and changes nothing")

    # 5. The library missing: one line in the event log, and the articles as without the plugin.
    gone = os.path.join(folder, "missing", "libclipfeed.so.1")
    ttrss.configure(gone)
    without = ttrss.add_user("missing", "clipfeed")
    ttrss.subscribe(without, subscriptions("missing"))
    ttrss.update(isolated, owners=[without])
    lines = [line for line in ttrss.event_log() if "clipfeed" in line]
    check(len(lines) == 1 and gone in lines[0] and "Failed loading" in lines[0],
          f"one line in the event log says the library is missing and where it was looked for: {lines}")
    errors = ttrss.feed_errors(without)
    check(all(errors[name] == "" for name in errors if name != "mill"), f"and no feed's update failed: {errors}")
    check(essentials_by_feed(ttrss.articles(without)) == essentials_by_feed(by_user[plain]),
          "with the library missing every article is stored as without the plugin")

    # 6. A library too old: one line in the event log saying so, the articles as without the plugin.
    old_library = stub_library(os.path.join(folder, "old"), os.path.join(plugin_dir, "init.php"), "0.0.9")
    if old_library is None:
        print("NOTE: no C compiler (cc): the check of a library too old is left out")
    else:
        ttrss.configure(old_library)
        old = ttrss.add_user("old", "clipfeed")
        ttrss.subscribe(old, subscriptions("old", ("valley", "upland")))
        ttrss.update(isolated, owners=[old])
        lines = [line for line in ttrss.event_log() if "clipfeed" in line and old_library in line]
        check(len(lines) == 1 and "version '0.0.9'" in lines[0] and "0.1.0 or newer" in lines[0],
              f"one line in the event log says the library is too old: {lines}")
        baseline = essentials_by_feed(by_user[plain])
        check(essentials_by_feed(ttrss.articles(old)) == {f: baseline[f] for f in ("valley", "upland")},
              "with a library too old every article is stored as without the plugin")

    print(f"{checked + len(clippings)} clipping articles checked in {len(feeds)} feeds")
    if failures:
        print("update.php's output, for a look:")
        for name in sorted(os.listdir(folder)):
            if name.startswith("update-"):
                with open(os.path.join(folder, name)) as f:
                    # TT-RSS of 2021 under PHP 8.2 warns on every few lines of its own code: left out.
                    lines = [line for line in f if not line.startswith("PHP Warning")]
                print(f"--- {name} (last lines, without PHP's warnings)\n" + "".join(lines[-40:]))
    return report()


if __name__ == "__main__":
    sys.exit(main())
