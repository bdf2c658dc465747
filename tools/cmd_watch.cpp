// clipfeed watch: polls feeds until SIGINT/SIGTERM (or once, for cron),
// printing each new item as a JSON line or handing it to a command; clipfeed
// opml export; and clipfeed state migrate.
#include <nlohmann/json.hpp>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>
#include <thread>

#include "tools/cli_common.hpp"
#include "tools/commands.hpp"
#include "tools/shell_command.hpp"

namespace cli {

namespace {

struct WatchState {
    std::string exec;                // run per item; empty: print a JSON line
    bool output_failed = false;
    std::atomic<bool> interrupted{false};
    std::mutex wait_mutex;
    std::condition_variable wake;
};

// {"event": ..., "feed": {"url": ..., "key": ..., "title": ...}, "item": {...}}
std::string event_line(const char* event, const char* feed_url, const char* feed_key, const clipfeed_feed* feed,
                       const clipfeed_item* item) {
    char* raw = nullptr;
    if (clipfeed_item_to_json(&raw, item, CLIPFEED_JSON_COMPACT) != CLIPFEED_OK) return {};
    OwnedString item_json(raw);
    nlohmann::ordered_json line;
    line["event"] = event;
    line["feed"]["url"] = feed_url;
    line["feed"]["key"] = feed_key ? nlohmann::ordered_json(feed_key) : nlohmann::ordered_json(nullptr);
    const char* title = feed ? clipfeed_feed_title(feed) : nullptr;
    line["feed"]["title"] = title ? nlohmann::ordered_json(title) : nlohmann::ordered_json(nullptr);
    line["item"] = nlohmann::ordered_json::parse(item_json.get(), nullptr, false);
    return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// How an item is named in a message: its id, else its title, quoted.
std::string item_name(const clipfeed_item* item) {
    const char* name = clipfeed_item_id(item);
    if (!name) name = clipfeed_item_title(item);
    return name ? "\"" + std::string(name) + "\"" : "(without id or title)";
}

int deliver(const char* event, const char* feed_url, const char* feed_key, const clipfeed_feed* feed,
            const clipfeed_item* item, void* user_data) {
    auto* state = static_cast<WatchState*>(user_data);
    std::string line = event_line(event, feed_url, feed_key, feed, item);
    if (line.empty()) return 1;
    if (!state->exec.empty()) {
        const std::string failure = run_shell_command(state->exec, line + "\n", event, feed_url);
        if (failure.empty()) return 0;
        std::fprintf(stderr, "clipfeed: %s: the --exec command %s on item %s; the item is kept for the next poll\n",
                     feed_url, failure.c_str(), item_name(item).c_str());
        return 1;
    }
    line += '\n';
    if (!write_stdout(line.c_str())) {
        state->output_failed = true;  // nobody reads: keep the item, and stop
        state->interrupted = true;
        return 1;
    }
    return 0;
}

int on_new_item(const char* url, const char* key, const clipfeed_feed* feed, const clipfeed_item* item, void* data) {
    return deliver("new", url, key, feed, item, data);
}

int on_updated_item(const char* url, const char* key, const clipfeed_feed* feed, const clipfeed_item* item,
                    void* data) {
    return deliver("updated", url, key, feed, item, data);
}

void on_error(const char* url, const char*, int, const char* message, void*) {
    std::fprintf(stderr, "clipfeed: %s%s%s\n", url ? url : "", url ? ": " : "", message);
}

void on_moved(const char* old_url, const char* new_url, const char*, void*) {
    std::fprintf(stderr, "clipfeed: %s moved permanently to %s; following it from now on\n", old_url, new_url);
}

void on_gone(const char* url, const char*, void*) {
    std::fprintf(stderr, "clipfeed: %s is gone (HTTP 410); no longer polled\n", url);
}

// Reads one URL per line; blank lines and lines starting with '#' are skipped.
bool read_url_list(const std::string& path, std::vector<std::string>& urls, std::string& error) {
    std::string text;
    if (!read_input(path, text, error)) return false;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = trim(text.substr(start, end - start));
        if (!line.empty() && line[0] != '#') urls.push_back(line);
        start = end + 1;
    }
    return true;
}

// Waits for SIGINT or SIGTERM (blocked in every thread) and cancels the poll.
void watch_signals(clipfeed_poller* poller, WatchState& state, const std::atomic<bool>& finished) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    const timespec tick{0, 200 * 1000 * 1000};
    while (!finished) {
        if (::sigtimedwait(&set, nullptr, &tick) > 0) {
            state.interrupted = true;
            clipfeed_poller_cancel(poller);
            state.wake.notify_all();
            return;
        }
    }
}

// Seconds before the next attempt to reach a state server that is away:
// 1, 2, 4, ... up to a minute.
int retry_delay(int attempt) { return attempt >= 6 ? 60 : 1 << attempt; }

std::unique_ptr<clipfeed_poller, PollerDeleter> open_poller(const std::string& state_path, int& rc) {
    clipfeed_poller* raw = nullptr;
    rc = clipfeed_poller_new(&raw, state_path.empty() ? nullptr : state_path.c_str());
    return std::unique_ptr<clipfeed_poller, PollerDeleter>(raw);
}

}  // namespace

int run_watch(const WatchArgs& args) {
    remember_inherited_descriptors();  // before the library opens anything
    std::vector<std::string> urls = args.urls;
    std::string error;
    if (!args.urls_file.empty() && !read_url_list(args.urls_file, urls, error)) return report(error);

    // Signals are taken by one thread with sigtimedwait: blocked everywhere,
    // before any other thread exists.
    sigset_t blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGTERM);
    ::pthread_sigmask(SIG_BLOCK, &blocked, nullptr);
    ::signal(SIGPIPE, SIG_IGN);  // a vanished --exec command or reader is a failed delivery, not a crash

    std::atomic<bool> finished{false};
    WatchState state;
    int rc = 0;
    // A state server that is down at start may come up: try again, backing
    // off, until it does or a signal says stop.
    std::unique_ptr<clipfeed_poller, PollerDeleter> poller;
    for (int attempt = 0; !poller; ++attempt) {
        poller = open_poller(args.state, rc);
        if (poller) break;
        if (rc != CLIPFEED_EUNAVAILABLE || args.once) return report_library_error("opening the state", rc);
        const int wait = retry_delay(attempt);
        report_library_error("opening the state (trying again in " + std::to_string(wait) + " s)", rc);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        const timespec pause{wait, 0};
        if (::sigtimedwait(&set, nullptr, &pause) > 0) return kExitOk;
    }
    if (args.lease_seconds > 0 && (rc = clipfeed_poller_set_lease(poller.get(), args.lease_seconds)))
        return report_library_error("setting the lease", rc);
    if (args.interval_minutes > 0)
        clipfeed_poller_set_default_interval(poller.get(), static_cast<int64_t>(args.interval_minutes * 60));
    state.exec = args.exec;
    clipfeed_poller_on_new_item(poller.get(), on_new_item, &state);
    clipfeed_poller_on_updated_item(poller.get(), on_updated_item, &state);
    clipfeed_poller_on_error(poller.get(), on_error, &state);
    clipfeed_poller_on_moved(poller.get(), on_moved, &state);
    clipfeed_poller_on_gone(poller.get(), on_gone, &state);

    for (const std::string& url : urls)
        if ((rc = clipfeed_poller_add_feed(poller.get(), url.c_str(), 0, nullptr)))
            return report_library_error("adding " + url, rc);
    if (!args.opml.empty()) {
        size_t added = 0;
        if ((rc = clipfeed_poller_import_opml(poller.get(), args.opml.c_str(), &added)))
            return report_library_error("importing " + args.opml, rc);
    }
    clipfeed_subscriptions* raw_subscriptions = nullptr;
    clipfeed_poller_subscriptions(&raw_subscriptions, poller.get());
    std::size_t feed_count = clipfeed_subscriptions_count(raw_subscriptions);
    clipfeed_subscriptions_free(raw_subscriptions);
    if (feed_count == 0) return report("no feeds to watch: give URLs, --urls FILE or --opml FILE");

    std::thread signal_thread([&] { watch_signals(poller.get(), state, finished); });
    int exit_code = kExitOk;
    int unavailable = 0;  // cycles in a row that found the state's server away
    while (!state.interrupted) {
        int64_t next = -1;
        rc = clipfeed_poller_run_due(poller.get(), &next);
        if (rc == CLIPFEED_ECANCELED) break;
        if (rc == CLIPFEED_EUNAVAILABLE && !args.once) {
            // The server went away mid-cycle: what was not saved is fetched
            // again; keep going, backing off, and reconnect.
            const int wait = retry_delay(unavailable++);
            report_library_error("polling (trying again in " + std::to_string(wait) + " s)", rc);
            next = static_cast<int64_t>(std::time(nullptr)) + wait;
        } else if (rc != CLIPFEED_OK) {
            exit_code = report_library_error("polling", rc);
            break;
        } else {
            unavailable = 0;
        }
        if (args.once || next < 0) break;
        // Sleep until the next poll is due, waking at once on a signal.
        std::unique_lock<std::mutex> lock(state.wait_mutex);
        const int64_t wait = std::max<int64_t>(0, next - static_cast<int64_t>(std::time(nullptr)));
        state.wake.wait_for(lock, std::chrono::seconds(wait), [&] { return state.interrupted.load(); });
    }
    finished = true;
    signal_thread.join();
    if (state.output_failed) return report("cannot write to standard output");
    return exit_code;
}

CLI::App* add_watch_command(CLI::App& app, WatchArgs& args) {
    CLI::App* watch = app.add_subcommand(
        "watch", "Poll feeds until SIGINT/SIGTERM, printing each new item as one JSON line (or running --exec)");
    watch->add_option("--state", args.state,
                      "The state (feeds, validators, delivered items): an SQLite file, or a postgresql:// URI "
                      "that many watch processes share; without it, state lives in memory");
    watch->add_option("--lease", args.lease_seconds,
                      "With a PostgreSQL state: seconds a claimed feed stays this process's (default 300; "
                      "renewed while it works; a dead process's feeds pass to others after it)")
        ->check(CLI::Range(1L, 86400L));
    watch->add_option("--interval", args.interval_minutes, "Minutes between polls of each feed (default 60)");
    watch->add_option("--exec", args.exec,
                      "Run this shell command per item with the item's JSON line on stdin; a non-zero exit "
                      "means not delivered (it comes again on the next poll)");
    watch->add_flag("--once", args.once, "Poll what is due once and exit (for cron)");
    watch->add_option("--opml", args.opml, "Subscribe to the feeds of this OPML file");
    watch->add_option("--urls", args.urls_file, "Subscribe to the feeds listed in this file, one URL per line");
    watch->add_option("url", args.urls, "Feed URLs to subscribe to");
    watch->footer(std::string(kExitCodesHelp) +
                  "\nEach line: {\"event\": \"new\"|\"updated\", \"feed\": {\"url\", \"key\", \"title\"}, \"item\": {...}}.");
    return watch;
}

int run_opml_export(const OpmlExportArgs& args) {
    int rc = 0;
    auto poller = open_poller(args.state, rc);
    if (!poller) return report_library_error("opening the state", rc);
    char* raw = nullptr;
    if ((rc = clipfeed_poller_export_opml(&raw, poller.get()))) return report_library_error("writing OPML", rc);
    OwnedString opml(raw);
    return write_stdout(opml.get()) ? kExitOk : report("cannot write to standard output");
}

CLI::App* add_opml_command(CLI::App& app, OpmlExportArgs& args) {
    CLI::App* opml = app.add_subcommand("opml", "Subscription lists as OPML");
    opml->require_subcommand(1);
    CLI::App* export_command = opml->add_subcommand("export", "Write the feeds of a state file as OPML");
    export_command->add_option("--state", args.state, "The state file of clipfeed watch")->required();
    export_command->footer(kExitCodesHelp);
    return opml;
}

int run_state_migrate(const StateMigrateArgs& args) {
    size_t feeds = 0, items = 0;
    if (int rc = clipfeed_state_copy(args.from.c_str(), args.to.c_str(), &feeds, &items))
        return report_library_error("copying the state", rc);
    std::fprintf(stderr, "clipfeed: copied %zu feeds and %zu items\n", feeds, items);
    return kExitOk;
}

CLI::App* add_state_command(CLI::App& app, StateMigrateArgs& args) {
    CLI::App* state = app.add_subcommand("state", "Poll states (of clipfeed watch)");
    state->require_subcommand(1);
    CLI::App* migrate = state->add_subcommand(
        "migrate", "Copy a poll state into a new one, SQLite file or postgresql:// URI either way, so that "
                   "nothing delivered is delivered again (stop the watch processes first)");
    migrate->add_option("from", args.from, "The state to copy: a file or a postgresql:// URI")->required();
    migrate->add_option("to", args.to, "The new state: a file or a postgresql:// URI of an empty database")
        ->required();
    migrate->footer(kExitCodesHelp);
    return state;
}

}  // namespace cli
