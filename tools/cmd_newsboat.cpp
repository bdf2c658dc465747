// clipfeed exec and clipfeed filter: a feed enriched with its clippings, as
// RSS 2.0 on standard output, for feed readers that take a feed from a
// command: newsboat's exec: and filter: URLs, Liferea's command sources and
// conversion filters (docs/readers.md).
//
// exec fetches with conditional GET. What it needs between runs (per URL: the
// validators and the enriched document they vouch for) is one SQLite table
// in the --state file. SQLite rather than a file per URL because a reader
// runs several of these commands at once (newsboat's reload-threads) and
// SQLite serializes their writes with a busy timeout; the table has a name of
// its own, so the file may be shared with other data. (Not with a running
// 'clipfeed watch': the poller keeps its state file locked.)
#include <sqlite3.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "feeds/runtime/lazy_libraries.hpp"
#include "tools/cli_common.hpp"
#include "tools/commands.hpp"

namespace cli {

namespace {

// What a previous run of exec saw for one URL.
struct CachedFeed {
    std::string etag;
    std::string last_modified;
    std::string writer;  // the clipfeed that wrote `rss`: another version's output is not reused
    std::string rss;
};

std::string writer_name() { return std::string("clipfeed ") + clipfeed_version(); }

class ExecCache {
public:
    // Opens (creating when missing) the cache at `path`; nullptr with `error` set.
    static std::unique_ptr<ExecCache> open(const std::string& path, std::string& error) {
        sqlite3* db = clipfeed::open_sqlite_file(path, 0, error);
        if (!db) return nullptr;
        std::unique_ptr<ExecCache> cache(new ExecCache(db));
        sqlite3_busy_timeout(db, 10000);  // other exec runs for other feeds write the same file
        const char* schema =
            "CREATE TABLE IF NOT EXISTS clipfeed_exec_cache("
            " url TEXT PRIMARY KEY,"
            " etag TEXT NOT NULL,"
            " last_modified TEXT NOT NULL,"
            " writer TEXT NOT NULL,"
            " rss BLOB NOT NULL,"
            " saved_at INTEGER NOT NULL)";
        char* message = nullptr;
        if (sqlite3_exec(db, schema, nullptr, nullptr, &message) != SQLITE_OK) {
            error = "cannot use the state file '" + path + "': " + (message ? message : sqlite3_errmsg(db));
            sqlite3_free(message);
            return nullptr;
        }
        return cache;
    }

    ~ExecCache() { sqlite3_close(db_); }
    ExecCache(const ExecCache&) = delete;
    ExecCache& operator=(const ExecCache&) = delete;

    std::optional<CachedFeed> find(const std::string& url) {
        sqlite3_stmt* s = prepare("SELECT etag, last_modified, writer, rss FROM clipfeed_exec_cache WHERE url = ?1");
        if (!s) return std::nullopt;
        sqlite3_bind_text(s, 1, url.c_str(), static_cast<int>(url.size()), SQLITE_TRANSIENT);
        std::optional<CachedFeed> found;
        if (sqlite3_step(s) == SQLITE_ROW) {
            CachedFeed row;
            row.etag = column_text(s, 0);
            row.last_modified = column_text(s, 1);
            row.writer = column_text(s, 2);
            row.rss = column_text(s, 3);
            found = std::move(row);
        }
        sqlite3_finalize(s);
        return found;
    }

    bool save(const std::string& url, const CachedFeed& row) {
        sqlite3_stmt* s = prepare(
            "INSERT OR REPLACE INTO clipfeed_exec_cache(url, etag, last_modified, writer, rss, saved_at) "
            "VALUES(?1, ?2, ?3, ?4, ?5, strftime('%s', 'now'))");
        if (!s) return false;
        sqlite3_bind_text(s, 1, url.c_str(), static_cast<int>(url.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, row.etag.c_str(), static_cast<int>(row.etag.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 3, row.last_modified.c_str(), static_cast<int>(row.last_modified.size()),
                          SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 4, row.writer.c_str(), static_cast<int>(row.writer.size()), SQLITE_TRANSIENT);
        sqlite3_bind_blob(s, 5, row.rss.data(), static_cast<int>(row.rss.size()), SQLITE_TRANSIENT);
        return finish(s);
    }

    bool forget(const std::string& url) {
        sqlite3_stmt* s = prepare("DELETE FROM clipfeed_exec_cache WHERE url = ?1");
        if (!s) return false;
        sqlite3_bind_text(s, 1, url.c_str(), static_cast<int>(url.size()), SQLITE_TRANSIENT);
        return finish(s);
    }

    std::string last_error() const { return sqlite3_errmsg(db_); }

private:
    explicit ExecCache(sqlite3* db) : db_(db) {}

    sqlite3_stmt* prepare(const char* sql) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db_, sql, -1, &s, nullptr) != SQLITE_OK) return nullptr;
        return s;
    }
    static bool finish(sqlite3_stmt* s) {
        const bool done = sqlite3_step(s) == SQLITE_DONE;
        sqlite3_finalize(s);
        return done;
    }
    static std::string column_text(sqlite3_stmt* s, int column) {
        const void* data = sqlite3_column_blob(s, column);
        const int size = sqlite3_column_bytes(s, column);
        return data ? std::string(static_cast<const char*>(data), static_cast<std::size_t>(size)) : std::string();
    }

    sqlite3* db_;
};

// $XDG_CACHE_HOME/clipfeed/exec.sqlite (~/.cache/... by default), its folder
// created when missing; "" when there is no home to put it in.
std::string default_state_path() {
    std::string base;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/')
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = std::string(home) + "/.cache";
    else
        return "";
    ::mkdir(base.c_str(), 0700);  // when it exists already, the next mkdir tells
    const std::string folder = base + "/clipfeed";
    if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) return "";
    return folder + "/exec.sqlite";
}

void warn(const std::string& what) { std::fprintf(stderr, "clipfeed: warning: %s\n", what.c_str()); }

using OwnedResponse = std::unique_ptr<clipfeed_response, ResponseDeleter>;

OwnedResponse fetch(clipfeed_fetcher* fetcher, const std::string& url, const CachedFeed* validators, int& rc) {
    clipfeed_response* raw = nullptr;
    const char* etag = validators && !validators->etag.empty() ? validators->etag.c_str() : nullptr;
    const char* last_modified =
        validators && !validators->last_modified.empty() ? validators->last_modified.c_str() : nullptr;
    rc = clipfeed_fetcher_fetch(&raw, fetcher, url.c_str(), etag, last_modified);
    return OwnedResponse(raw);
}

// The enriched RSS of `feed`, or "" with the failure reported.
std::string enriched_rss(const clipfeed_feed* feed, const std::string& feed_url) {
    char* raw = nullptr;
    if (int rc = clipfeed_feed_to_rss(&raw, feed, feed_url.empty() ? nullptr : feed_url.c_str(),
                                      CLIPFEED_RSS_ENRICHED)) {
        report_library_error("writing RSS for " + (feed_url.empty() ? std::string("the feed") : feed_url), rc);
        return {};
    }
    OwnedString rss(raw);
    return rss.get();
}

// Liferea (1.14) ends a command source's update as soon as it sees the
// command exit, dropping whatever it has not read from the pipe yet; a command
// that writes its whole output and exits at once loses that race now and then,
// and the subscription shows nothing. So exec, writing into a pipe, returns
// only once the reader has taken everything (FIONREAD on the pipe: the bytes
// still unread), or after 5 seconds when nobody reads.
void wait_until_stdout_is_read() {
    struct stat out;
    if (::fstat(STDOUT_FILENO, &out) != 0 || !S_ISFIFO(out.st_mode)) return;
    for (int waited_ms = 0; waited_ms < 5000; waited_ms += 5) {
        int unread = 0;
        if (::ioctl(STDOUT_FILENO, FIONREAD, &unread) != 0 || unread == 0) return;
        ::usleep(5000);
    }
}

// Prints the document for the reader.
int print_document(const std::string& rss) {
    if (!write_stdout(rss.c_str())) return report("cannot write to standard output");
    wait_until_stdout_is_read();
    return kExitOk;
}

}  // namespace

int run_exec(const ExecArgs& args) {
    std::unique_ptr<ExecCache> cache;
    const std::string state_path = args.state.empty() ? default_state_path() : args.state;
    if (!state_path.empty()) {
        std::string error;
        cache = ExecCache::open(state_path, error);
        if (!cache) warn(error + "; fetching without conditional GET");
    }
    std::optional<CachedFeed> cached = cache ? cache->find(args.url) : std::nullopt;
    if (cached && cached->writer != writer_name()) cached.reset();

    clipfeed_fetcher* raw_fetcher = nullptr;
    if (int rc = clipfeed_fetcher_new(&raw_fetcher)) return report_library_error("creating the fetcher", rc);
    std::unique_ptr<clipfeed_fetcher, FetcherDeleter> fetcher(raw_fetcher);
    if (!args.user_agent.empty()) clipfeed_fetcher_set_user_agent(fetcher.get(), args.user_agent.c_str());
    if (args.timeout_seconds > 0)
        clipfeed_fetcher_set_timeout_ms(fetcher.get(), static_cast<long>(args.timeout_seconds * 1000));

    int rc = CLIPFEED_OK;
    OwnedResponse response = fetch(fetcher.get(), args.url, cached ? &*cached : nullptr, rc);
    if (response && clipfeed_response_not_modified(response.get())) {
        // The reader wants a whole document every time: the one the validators vouch for.
        if (cached) return print_document(cached->rss);
        response = fetch(fetcher.get(), args.url, nullptr, rc);  // a 304 to an unconditional request
        if (response && clipfeed_response_not_modified(response.get()))
            return report(args.url + " answered 304 Not Modified to a request without validators");
    }
    if (!response) return report_library_error("fetching " + args.url, rc);
    if (rc != CLIPFEED_OK) return report(clipfeed_response_error_message(response.get()));

    const std::string rss = enriched_rss(clipfeed_response_feed(response.get()), args.url);
    if (rss.empty()) return kExitFailed;
    if (cache) {
        CachedFeed row;
        if (const char* etag = clipfeed_response_etag(response.get())) row.etag = etag;
        if (const char* last_modified = clipfeed_response_last_modified(response.get()))
            row.last_modified = last_modified;
        row.writer = writer_name();
        row.rss = rss;
        // Without validators the next fetch is unconditional: nothing worth keeping.
        const bool stored = row.etag.empty() && row.last_modified.empty() ? cache->forget(args.url)
                                                                           : cache->save(args.url, row);
        if (!stored) warn("cannot save the state of " + args.url + " in '" + state_path + "': " + cache->last_error());
    }
    return print_document(rss);
}

int run_filter(const FilterArgs& args) {
    clipfeed_parse_options* raw_options = nullptr;
    if (int rc = clipfeed_parse_options_new(&raw_options)) return report_library_error("parse options", rc);
    std::unique_ptr<clipfeed_parse_options, OptionsDeleter> options(raw_options);
    if (!args.url.empty()) clipfeed_parse_options_set_url(options.get(), args.url.c_str());

    clipfeed_feed* raw_feed = nullptr;
    if (int rc = parse_feed_input("-", options.get(), &raw_feed))
        return report_library_error("parsing standard input", rc);
    std::unique_ptr<clipfeed_feed, FeedDeleter> feed(raw_feed);
    const std::string source = args.url.empty() ? std::string("standard input") : args.url;
    if (!clipfeed_feed_format(feed.get())) {
        const char* why = clipfeed_feed_warning(feed.get(), 0);
        return report(source + " is not a feed" + (why ? std::string(": ") + why : std::string()));
    }
    // Streamed to standard output as it is written: never whole in memory.
    FdOutput out(STDOUT_FILENO);
    const int rc = clipfeed_feed_write_rss(feed.get(), args.url.empty() ? nullptr : args.url.c_str(),
                                           CLIPFEED_RSS_ENRICHED, FdOutput::callback, &out);
    if (rc != CLIPFEED_OK || !out.flush()) {
        if (out.errno_value()) return report(out.failure());
        return report_library_error("writing RSS for " + source, rc);
    }
    return kExitOk;
}

CLI::App* add_exec_command(CLI::App& app, ExecArgs& args) {
    CLI::App* exec = app.add_subcommand(
        "exec", "Fetch a feed (with conditional GET) and print it as RSS 2.0 with each item's clipping rendered "
                "into its content: for newsboat's exec: URLs and Liferea's command sources");
    exec->add_option("--state", args.state,
                     "The SQLite file keeping each URL's validators and last output "
                     "(default: $XDG_CACHE_HOME/clipfeed/exec.sqlite)");
    exec->add_option("--user-agent", args.user_agent, "The User-Agent to send");
    exec->add_option("--timeout", args.timeout_seconds, "Give up on the fetch after this many seconds");
    exec->add_option("url", args.url, "The feed's http or https URL")->required();
    exec->footer("On a fetch error nothing is printed on standard output, the error goes to standard error and "
                 "the exit status is 1;\nthe reader keeps the items it has. A 304 Not Modified prints the last "
                 "output again.");
    return exec;
}

CLI::App* add_filter_command(CLI::App& app, FilterArgs& args) {
    CLI::App* filter = app.add_subcommand(
        "filter", "Read a feed (RSS, Atom, RDF or JSON Feed) on standard input and print it as RSS 2.0 with each "
                  "item's clipping rendered into its content: for newsboat's filter: URLs and Liferea's "
                  "conversion filters");
    filter->add_option("url", args.url,
                       "The feed's URL: the base of relative links and the prefix of the guids "
                       "(default: the feed's own self link, else its link)");
    filter->footer("A document that is no feed prints nothing on standard output, an error on standard error, "
                   "and exits with status 1.");
    return filter;
}

}  // namespace cli
