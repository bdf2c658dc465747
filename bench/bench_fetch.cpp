// Fetch + parse of many feeds from a loopback server, and one poll cycle of
// the poller over them, side by side with a plain libcurl multi fetch of the
// same URLs that does no parsing: the ratio of the rates is the number to
// watch. Both with full responses (200) and with conditional requests
// answered 304.
//
//   bench_fetch [--feeds N] [--items N] [--parallel N] [--rounds N] [--server nginx|loopback]
//               [--pg-workers 1,2,4] [--only ROW,...] [--server-rate KB] [--host-connections N]
//
// --host-connections sets the poll rows' per-host connection limit. By
// default the connections are spread over the eight hosts (ceil(parallel / 8),
// 7 of 50), as the poller's own default (2 of 16) spreads them: a poll cycle
// is polite to each host. With one host allowed every connection, a
// PostgreSQL worker, whose claims go host by host, connected again for each
// host it moved to (about 340 new connections in a 304 cycle, where the
// SQLite cycle's interleaved hosts reused its 50), and its 304 cycle took
// 0.136-0.148 s instead of 0.117 (bench/README.md). The fetch rows keep no
// per-host limit (each host may take every connection), as plain libcurl.
// --only runs just the named rows (plain, walk, fetch, parse, 304, poll, pg),
// for a profiler to see one of them alone; the ratios need their baselines.
// --server-rate has nginx send each response at most KB kilobytes a second
// (limit_rate): the rows are then bound by the network, as polling remote
// servers is, rather than by the CPU (how workers on PostgreSQL scale when
// the cores are not what limits them).
//
// Each row also says how many of the machine's cores were busy in its best
// round (/proc/stat: this process, nginx, PostgreSQL and anything else in the
// machine). A row at every core is bound by CPU, and its ratio to another such
// row is the ratio of the CPU they need; a row well under it waits for
// something else.
//
// The server is nginx (as the measured anchors used) when /usr/sbin/nginx is
// there, else the test suite's loopback server. nginx listens on 127.0.0.1 to
// 127.0.0.8 and the feeds are spread over those eight hosts, so that pollers
// sharing a PostgreSQL state (which poll a host one worker at a time) have
// hosts to share.
//
// The poll rows run with SQLite and, when PostgreSQL's server is installed,
// with a PostgreSQL state (a server of the benchmark's own, started with
// tests/support/pg_cluster.py: durability off, as SQLite's WAL with
// synchronous=NORMAL does not sync on commit either) shared by 1, 2 and 4
// pollers (threads of this process, each with its own connection).
#include <curl/curl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "corpus.hpp"
#include "process_usage.hpp"
#include "feeds/net/fetch.hpp"
#include "feeds/poll/poller.hpp"
#include "feeds/runtime/lazy_libraries.hpp"
#include "feeds/runtime/work_queue.hpp"
#include "plugin/enrich/enrich.hpp"
#include "pugixml_walk.hpp"
#include "support/loopback_http_server.hpp"
#include "support/pg_test_database.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Settings {
    int feeds = 2000;
    int items = 20;
    int parallel = 50;
    int rounds = 3;
    std::string server = "auto";
    std::vector<int> pg_workers{1, 2, 4};  // the PostgreSQL rows: pollers sharing one state
    std::string only;                       // comma-separated row names; empty: every row
    int server_rate_kb = 0;                 // nginx's limit_rate per response; 0: none
    int host_connections = 0;               // the poll rows' per-host limit; 0: parallel spread over 8 hosts

    bool runs(const char* row) const {
        return only.empty() || ("," + only + ",").find("," + std::string(row) + ",") != std::string::npos;
    }
};

bool port_accepts(std::uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

// nginx serving a directory on 127.0.0.1, in its own prefix; stopped on exit.
class Nginx {
public:
    Nginx(const std::string& root, std::uint16_t port, int rate_kb) : port_(port) {
        prefix_ = root + "/nginx";
        ::mkdir(prefix_.c_str(), 0755);
        ::mkdir((prefix_ + "/logs").c_str(), 0755);
        std::ofstream conf(prefix_ + "/nginx.conf");
        conf << "daemon off; worker_processes 2; error_log " << prefix_ << "/logs/error.log; pid " << prefix_
             << "/nginx.pid;\nevents { worker_connections 1024; }\nhttp { access_log off; sendfile on; "
             << "keepalive_requests 100000; etag on; types { application/rss+xml xml; } server { ";
        for (int host = 1; host <= 8; ++host) conf << "listen 127.0.0." << host << ":" << port << "; ";
        if (rate_kb > 0) conf << "limit_rate " << rate_kb << "k; ";
        conf << "root " << root << "/feeds; } }\n";
        conf.close();
        pid_ = ::fork();
        if (pid_ == 0) {
            ::execl("/usr/sbin/nginx", "nginx", "-p", prefix_.c_str(), "-c", (prefix_ + "/nginx.conf").c_str(),
                    static_cast<char*>(nullptr));
            std::_Exit(127);
        }
        for (int i = 0; i < 200 && !port_accepts(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ~Nginx() {
        if (pid_ > 0) {
            ::kill(pid_, SIGQUIT);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    bool running() const { return pid_ > 0 && port_accepts(port_); }

private:
    std::string prefix_;
    std::uint16_t port_;
    pid_t pid_ = -1;
};

struct Round {
    double seconds = 0;
    double cpu_seconds = 0;  // in the same span, of this process (curl, the parse workers), not the server's
    double kernel_seconds = 0;  // the part of cpu_seconds spent in the kernel (sockets, page faults)
    long page_faults = 0;       // minor page faults in the same span: fresh memory touched
    double caller_cpu_seconds = -1;  // of the thread that runs the fetch or the cycle (-1: they run on threads of their own)
    double server_cpu_seconds = -1;  // the PostgreSQL server's processes in the same span (-1: not measured)
    // The whole machine in the same span (/proc/stat), in cores: busy (this
    // process, nginx, PostgreSQL, anyone else) and stolen by the hypervisor.
    // A row with every core busy is bound by CPU: its ratio to another such
    // row is the ratio of the CPU time they need.
    double machine_busy_cores = -1;
    double machine_steal_cores = 0;
    std::size_t bytes = 0;
    int ok = 0;
    std::string first_error;  // of the plain fetch, when one failed; of a poll cycle, a wrong count of items
};

// Wall and CPU time of the measured part of a round, from its construction
// to stop(): set-up and teardown (handles, threads) stay outside both.
class RoundTimer {
public:
    void stop(Round& round) const {
        round.seconds = std::chrono::duration<double>(Clock::now() - wall_).count();
        const clipfeed::bench::ProcessUsage now = clipfeed::bench::process_usage();
        round.cpu_seconds = now.cpu_seconds() - start_.cpu_seconds();
        round.kernel_seconds = now.kernel_seconds - start_.kernel_seconds;
        round.page_faults = now.minor_page_faults - start_.minor_page_faults;
        round.caller_cpu_seconds = thread_cpu_seconds() - caller_cpu_;
        const clipfeed::bench::MachineUsage machine = clipfeed::bench::machine_usage();
        if (machine.busy_seconds > 0 && round.seconds > 0) {
            round.machine_busy_cores = (machine.busy_seconds - machine_start_.busy_seconds) / round.seconds;
            round.machine_steal_cores = (machine.steal_seconds - machine_start_.steal_seconds) / round.seconds;
        }
    }

private:
    Clock::time_point wall_ = Clock::now();
    clipfeed::bench::MachineUsage machine_start_ = clipfeed::bench::machine_usage();
    clipfeed::bench::ProcessUsage start_ = clipfeed::bench::process_usage();
    double caller_cpu_ = thread_cpu_seconds();

    static double thread_cpu_seconds() {
        timespec t{};
        ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
    }
};

// CPU seconds used so far by a PostgreSQL server: its postmaster, the
// children it has reaped (cutime, cstime: backends of closed connections)
// and the children alive now (a backend per connection, the writers). From
// /proc, so the server must be on this machine; -1 when it cannot be read.
double server_cpu_seconds(pid_t postmaster) {
    if (postmaster <= 0) return -1;
    const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
    // Fields after the command's closing parenthesis: state is field 3, ppid 4,
    // utime 14, stime 15, cutime 16, cstime 17.
    auto fields = [](const std::string& path, std::vector<std::string>& out) {
        std::ifstream in(path);
        std::string line;
        if (!std::getline(in, line)) return false;
        const std::size_t close = line.rfind(')');
        if (close == std::string::npos) return false;
        out.clear();
        std::istringstream rest(line.substr(close + 2));
        for (std::string f; rest >> f;) out.push_back(f);
        return out.size() > 14;
    };
    std::vector<std::string> f;
    if (!fields("/proc/" + std::to_string(postmaster) + "/stat", f)) return -1;
    // out[0] is field 3.
    double ticks = std::stod(f[11]) + std::stod(f[12]) + std::stod(f[13]) + std::stod(f[14]);
    if (DIR* proc = ::opendir("/proc")) {
        while (dirent* e = ::readdir(proc)) {
            if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
            if (fields(std::string("/proc/") + e->d_name + "/stat", f) && std::stol(f[1]) == postmaster)
                ticks += std::stod(f[11]) + std::stod(f[12]);
        }
        ::closedir(proc);
    }
    return ticks / tick;
}

// The baseline: a plain libcurl multi fetch into memory, no parsing. With
// `pugixml_walk_bodies`, the ceiling for any fetch + parse: each body is
// handed to worker threads (as many as the fetcher uses) that only run the
// parse benchmarks' floor (bench/pugixml_walk.hpp) on it, and the round ends
// when the last one is walked.
Round plain_fetch(const std::vector<std::string>& urls, const std::vector<std::string>& etags, int parallel,
                  bool pugixml_walk_bodies = false) {
    struct Slot {
        CURL* easy = nullptr;
        std::string body;
        curl_slist* headers = nullptr;
    };
    CURLM* multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(parallel));
    std::vector<Slot> slots(static_cast<std::size_t>(parallel));
    std::deque<std::size_t> idle;
    for (std::size_t i = 0; i < slots.size(); ++i) {
        slots[i].easy = curl_easy_init();
        idle.push_back(i);
    }
    auto on_body = +[](char* data, std::size_t size, std::size_t n, void* user) {
        static_cast<std::string*>(user)->append(data, size * n);
        return size * n;
    };
    Round round;
    std::size_t next = 0;
    int running = 0;  // curl's count of transfers in progress; the loop counts finished ones instead
    auto start_next = [&] {
        while (!idle.empty() && next < urls.size()) {
            Slot& s = slots[idle.front()];
            curl_easy_reset(s.easy);
            s.body.clear();
            curl_slist_free_all(s.headers);
            s.headers = nullptr;
            if (!etags.empty()) s.headers = curl_slist_append(nullptr, ("If-None-Match: " + etags[next]).c_str());
            curl_easy_setopt(s.easy, CURLOPT_URL, urls[next].c_str());
            curl_easy_setopt(s.easy, CURLOPT_PROXY, "");
            curl_easy_setopt(s.easy, CURLOPT_ACCEPT_ENCODING, "");
            curl_easy_setopt(s.easy, CURLOPT_HTTPHEADER, s.headers);
            curl_easy_setopt(s.easy, CURLOPT_WRITEFUNCTION, on_body);
            curl_easy_setopt(s.easy, CURLOPT_WRITEDATA, &s.body);
            curl_easy_setopt(s.easy, CURLOPT_PRIVATE, &s);
            curl_multi_add_handle(multi, s.easy);
            idle.pop_front();
            ++next;
        }
    };
    std::size_t finished = 0;
    std::atomic<std::size_t> walked_bytes{0};
    std::optional<clipfeed::WorkQueue> walkers;
    if (pugixml_walk_bodies) walkers.emplace(std::max(1u, std::thread::hardware_concurrency()), "pugixml-walk");
    const RoundTimer timer;
    start_next();
    do {
        curl_multi_perform(multi, &running);
        int queued = 0;
        while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
            if (msg->msg != CURLMSG_DONE) continue;
            Slot* s = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &s);
            long status = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            if (msg->data.result == CURLE_OK && (status == 200 || status == 304)) ++round.ok;
            else if (round.first_error.empty())
                round.first_error = std::string(curl_easy_strerror(msg->data.result)) + ", HTTP status " +
                                    std::to_string(status);
            round.bytes += s->body.size();
            if (walkers) {
                const std::size_t size = s->body.size();
                walkers->post([body = std::move(s->body), &walked_bytes] {
                    walked_bytes += clipfeed::bench::pugixml_walk(body);
                });
                s->body.reserve(size);  // room for the next body, as clipfeed sizes its from Content-Length
            }
            curl_multi_remove_handle(multi, msg->easy_handle);
            idle.push_back(static_cast<std::size_t>(s - slots.data()));
            ++finished;
        }
        start_next();
        // Not `running`: it predates the handles start_next() just added, and
        // stopping on it dropped the last batch (the baseline then "fetched"
        // 1950 of 2000 feeds, faster).
        if (finished < urls.size()) curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    } while (finished < urls.size());
    walkers.reset();  // waits for the last walks
    timer.stop(round);
    if (pugixml_walk_bodies && walked_bytes == 0 && round.first_error.empty())
        round.first_error = "pugixml found no item fields in the bodies";
    for (Slot& s : slots) {
        curl_slist_free_all(s.headers);
        curl_easy_cleanup(s.easy);
    }
    curl_multi_cleanup(multi);
    return round;
}

// clipfeed: fetch and parse, with clippings (the fetcher's default, what a
// reader gets) or without.
Round clipfeed_fetch(const std::vector<std::string>& urls, const std::vector<std::string>& etags, int parallel,
                     bool clippings, std::map<std::string, std::string>* etags_seen) {
    clipfeed::FetchOptions options;
    options.proxy = "";
    options.enrich = clipfeed::clipping_enricher(clippings);
    options.max_connections = parallel;
    options.max_host_connections = parallel;
    clipfeed::Fetcher fetcher(options);
    std::vector<clipfeed::FetchRequest> requests;
    for (std::size_t i = 0; i < urls.size(); ++i)
        requests.push_back({urls[i], etags.empty() ? std::string() : etags[i], ""});
    Round round;
    const RoundTimer timer;
    fetcher.fetch_many(requests, [&](clipfeed::FetchResult&& r) {
        if (r.ok() && (r.not_modified || (r.feed && !r.feed->feed.items.empty()))) ++round.ok;
        round.bytes += r.body.size();
        if (etags_seen) (*etags_seen)[r.url] = r.etag;
        return true;
    });
    timer.stop(round);
    return round;
}

// One poll cycle over every feed, all new (first) then all not modified (the
// clock moved a day on), with file-backed state as `clipfeed watch` keeps it.
// A new state file and poller each time. The first cycle must deliver
// `expected_items` new items, the second none.
std::pair<Round, Round> poll_cycles(const std::vector<std::string>& urls, std::size_t expected_items, int parallel,
                                    int per_host, const std::string& dir) {
    const std::string path = dir + "/poll-state.db";
    std::remove(path.c_str());
    std::string error;
    auto state = clipfeed::PollState::open(path, error);
    if (!state) {
        std::fprintf(stderr, "%s\n", error.c_str());
        std::exit(1);
    }
    clipfeed::PollerOptions options;
    options.fetch.proxy = "";
    options.fetch.enrich = clipfeed::clipping_enricher(true);  // as the C API polls
    options.fetch.max_connections = parallel;
    options.fetch.max_host_connections = per_host;
    std::int64_t now = 1795341600;
    std::size_t items = 0;
    clipfeed::PollerCallbacks callbacks;
    callbacks.new_item = [&](const clipfeed::PolledFeed&, const clipfeed::Feed*, const clipfeed::Item&) {
        ++items;
        return true;
    };
    clipfeed::Poller poller(std::move(state), options, callbacks, [&] { return now; });
    for (const std::string& url : urls) poller.add_feed(url);
    auto cycle = [&] {
        Round r;
        const RoundTimer timer;
        poller.run_due();
        timer.stop(r);
        for (const clipfeed::StoredFeed& f : poller.feeds()) r.ok += f.error_count == 0 ? 1 : 0;
        return r;
    };
    Round fresh = cycle();
    if (items != expected_items)
        fresh.first_error = std::to_string(items) + " new items delivered, not " + std::to_string(expected_items);
    items = 0;
    now += 86400;
    Round unchanged = cycle();
    if (items != 0) unchanged.first_error = std::to_string(items) + " items delivered where none had changed";
    std::remove(path.c_str());
    return {fresh, unchanged};
}

// The same cycles on a PostgreSQL state shared by `workers` pollers, each on
// a thread of its own with its own connection, in a new database; a cycle
// ends when every poller's run_due() has returned.
std::pair<Round, Round> poll_cycles_postgres(const std::vector<std::string>& urls, std::size_t expected_items,
                                             int parallel, int per_host, const std::string& server_uri,
                                             pid_t postmaster,
                                             int workers, const std::string& name) {
    clipfeed::testing::run_sql(server_uri, "CREATE DATABASE " + name);
    const std::string uri = clipfeed::testing::with_database(server_uri, name);
    clipfeed::PollerOptions options;
    options.fetch.proxy = "";
    options.fetch.enrich = clipfeed::clipping_enricher(true);
    options.fetch.max_connections = parallel;
    options.fetch.max_host_connections = per_host;
    std::int64_t now = 1795341600;
    std::atomic<std::size_t> items{0};
    clipfeed::PollerCallbacks callbacks;
    callbacks.new_item = [&](const clipfeed::PolledFeed&, const clipfeed::Feed*, const clipfeed::Item&) {
        ++items;
        return true;
    };
    std::vector<std::unique_ptr<clipfeed::Poller>> pollers;
    for (int w = 0; w < workers; ++w) {
        std::string error;
        auto state = clipfeed::PollState::open(uri, error);
        if (!state) {
            std::fprintf(stderr, "%s\n", error.c_str());
            std::exit(1);
        }
        pollers.push_back(std::make_unique<clipfeed::Poller>(std::move(state), options, callbacks, [&] { return now; }));
    }
    for (const std::string& url : urls) pollers[0]->add_feed(url);
    auto cycle = [&] {
        Round r;
        const double server_before = server_cpu_seconds(postmaster);
        const RoundTimer timer;
        std::vector<std::thread> threads;
        for (auto& poller : pollers) threads.emplace_back([&poller] { poller->run_due(); });
        for (std::thread& t : threads) t.join();
        timer.stop(r);
        r.caller_cpu_seconds = -1;  // the workers' threads poll; this one waits
        const double server_after = server_cpu_seconds(postmaster);
        if (server_before >= 0 && server_after >= 0) r.server_cpu_seconds = server_after - server_before;
        for (const clipfeed::StoredFeed& f : pollers[0]->feeds()) r.ok += f.error_count == 0 ? 1 : 0;
        return r;
    };
    Round fresh = cycle();
    if (items != expected_items)
        fresh.first_error = std::to_string(items) + " new items delivered, not " + std::to_string(expected_items);
    items = 0;
    now += 86400;
    Round unchanged = cycle();
    if (items != 0) unchanged.first_error = std::to_string(items) + " items delivered where none had changed";
    return {fresh, unchanged};
}

// A PostgreSQL server of the benchmark's own (tests/support/pg_cluster.py);
// stopped on exit. Not running when PostgreSQL is not installed.
class PgServer {
public:
    explicit PgServer(const std::string& dir) : dir_(dir) {
        const std::string start = "python3 '" CLIPFEED_SOURCE_DIR "/tests/support/pg_cluster.py' start '" + dir_ +
                                  "' > /dev/null";
        if (std::system(start.c_str()) != 0) return;
        std::ifstream in(dir_ + "/uri");
        std::getline(in, uri_);
        // The postmaster, for the server's CPU time: the first line of its pid file.
        try {
            std::ifstream pid_file(clipfeed::testing::query_value(uri_, "SHOW data_directory") + "/postmaster.pid");
            long pid = 0;
            if (pid_file >> pid) postmaster_ = static_cast<pid_t>(pid);
        } catch (const std::exception&) {
        }
    }
    ~PgServer() {
        if (uri_.empty()) return;
        const std::string stop = "python3 '" CLIPFEED_SOURCE_DIR "/tests/support/pg_cluster.py' stop '" + dir_ + "'";
        if (std::system(stop.c_str()) != 0) std::fprintf(stderr, "could not stop the PostgreSQL server in %s\n", dir_.c_str());
    }
    const std::string& uri() const { return uri_; }
    pid_t postmaster() const { return postmaster_; }

private:
    std::string dir_;
    std::string uri_;
    pid_t postmaster_ = -1;
};

// A round with failures is faster for the wrong reason: only complete rounds
// compete (the most complete one when none is). A failed check (a poll cycle
// that delivered too few items) counts as a failure too, and its message then
// stays with the row.
bool better(const Round& r, const Round& best) {
    if (r.first_error.empty() != best.first_error.empty()) return r.first_error.empty();
    return r.ok > best.ok || (r.ok == best.ok && r.seconds < best.seconds);
}

// A row's best round, and each round's wall time (0 for a round with
// failures), so that two rows can also be compared round by round.
struct Row {
    Round best;
    std::vector<double> seconds;
};

// Keeps `r` as `row`'s best when it is the first round or a better one.
void keep_best(Row& row, const Round& r, int round) {
    if (round == 0 || better(r, row.best)) row.best = r;
    row.seconds.push_back(r.first_error.empty() ? r.seconds : 0);
}

// "a / b" of two rows' rates: of their best rounds, and the median and range
// of the ratios within each round (both rows ran in it, one after the other),
// which a slow spell of the shared host moves less than it moves one row's best.
void print_ratio(const char* name, const Row& a, const Row& b) {
    if (a.best.seconds <= 0 || b.best.seconds <= 0) return;
    std::printf("  ratio %s: %.2f", name, b.best.seconds / a.best.seconds);
    std::vector<double> same_round;
    for (std::size_t i = 0; i < a.seconds.size() && i < b.seconds.size(); ++i)
        if (a.seconds[i] > 0 && b.seconds[i] > 0) same_round.push_back(b.seconds[i] / a.seconds[i]);
    if (same_round.size() > 1) {
        std::sort(same_round.begin(), same_round.end());
        const std::size_t half = same_round.size() / 2;
        const double median = same_round.size() % 2 ? same_round[half] : (same_round[half - 1] + same_round[half]) / 2;
        std::printf("  (round by round: median %.2f, %.2f-%.2f)", median, same_round.front(), same_round.back());
    }
    std::printf("\n");
}

void print_row(const char* name, const Row& row, std::size_t count) {
    const Round& r = row.best;
    if (r.seconds <= 0) return;  // not run (--only)
    std::printf("  %-34s %9.0f feeds/s %9.1f MB/s  %6.3f s  cpu %6.3f s (kernel %5.3f s, %6ld faults", name,
                count / r.seconds, r.bytes / 1e6 / r.seconds, r.seconds, r.cpu_seconds, r.kernel_seconds,
                r.page_faults);
    if (r.caller_cpu_seconds >= 0) std::printf(", calling thread %5.3f s", r.caller_cpu_seconds);
    std::printf(")");
    if (r.server_cpu_seconds >= 0) std::printf("  server cpu %6.3f s", r.server_cpu_seconds);
    std::printf("  (%d/%zu ok)\n", r.ok, count);
    // /proc/stat counts in ticks of 10 ms: a round of 0.07 s is read to about a tenth of a core.
    if (r.machine_busy_cores >= 0)
        std::printf("    machine: %.2f of %u cores busy, %.2f stolen\n", r.machine_busy_cores,
                    std::thread::hardware_concurrency(), r.machine_steal_cores);
    if (!r.first_error.empty()) std::printf("    first failure: %s\n", r.first_error.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    Settings s;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string flag = argv[i];
        if (flag == "--feeds") s.feeds = std::atoi(argv[i + 1]);
        else if (flag == "--items") s.items = std::atoi(argv[i + 1]);
        else if (flag == "--parallel") s.parallel = std::atoi(argv[i + 1]);
        else if (flag == "--rounds") s.rounds = std::atoi(argv[i + 1]);
        else if (flag == "--server") s.server = argv[i + 1];
        else if (flag == "--only") s.only = argv[i + 1];
        else if (flag == "--server-rate") s.server_rate_kb = std::atoi(argv[i + 1]);
        else if (flag == "--host-connections") s.host_connections = std::atoi(argv[i + 1]);
        else if (flag == "--pg-workers") {
            s.pg_workers.clear();
            for (const char* p = argv[i + 1]; *p;) {
                char* end = nullptr;
                const long n = std::strtol(p, &end, 10);
                if (end == p || n < 1) {
                    std::fprintf(stderr, "--pg-workers wants counts like 1,2,4, not %s\n", argv[i + 1]);
                    return 2;
                }
                s.pg_workers.push_back(static_cast<int>(n));
                p = *end == ',' ? end + 1 : end;
            }
        }
        else {
            std::fprintf(stderr, "unknown option %s\n", argv[i]);
            return 2;
        }
    }
    clipfeed::require_curl();  // opens libcurl (through the library's shims) and runs curl_global_init

    char dir_template[] = "/tmp/clipfeed-bench-fetch-XXXXXX";
    const std::string root = ::mkdtemp(dir_template);
    ::chmod(root.c_str(), 0755);  // nginx's workers run as another user
    ::mkdir((root + "/feeds").c_str(), 0755);
    std::vector<std::string> bodies;
    std::size_t total_bytes = 0;
    clipfeed::bench::CorpusOptions corpus;
    corpus.items = s.items;
    for (int i = 0; i < s.feeds; ++i) {
        bodies.push_back(clipfeed::bench::make_feed(corpus, i));
        total_bytes += bodies.back().size();
        std::ofstream(root + "/feeds/feed-" + std::to_string(i) + ".xml", std::ios::binary) << bodies.back();
    }

    std::uint16_t port = 0;
    std::unique_ptr<Nginx> nginx;
    std::unique_ptr<clipfeed::testing::LoopbackHttpServer> loopback;
    bool use_nginx = s.server == "nginx" || (s.server == "auto" && ::access("/usr/sbin/nginx", X_OK) == 0);
    if (use_nginx) {
        port = clipfeed::testing::unused_loopback_port();
        nginx = std::make_unique<Nginx>(root, port, s.server_rate_kb);
        if (!nginx->running()) {
            std::fprintf(stderr, "nginx did not start (see %s/nginx/logs/error.log)\n", root.c_str());
            return 1;
        }
    } else {
        if (s.server_rate_kb > 0) {
            std::fprintf(stderr, "--server-rate needs nginx (/usr/sbin/nginx)\n");
            return 2;
        }
        loopback = std::make_unique<clipfeed::testing::LoopbackHttpServer>();
        for (int i = 0; i < s.feeds; ++i) {
            const std::string etag = "\"" + std::to_string(i) + "-v1\"";
            loopback->route("/feed-" + std::to_string(i) + ".xml",
                            [&bodies, i, etag](const clipfeed::testing::HttpRequest& request,
                                               clipfeed::testing::Connection& c) {
                                if (request.header("If-None-Match") == etag) return (void)c.respond(304, {}, "");
                                c.respond(200, {{"Content-Type", "application/rss+xml"}, {"ETag", etag}},
                                          bodies[static_cast<std::size_t>(i)]);
                            });
        }
        port = loopback->port();
    }
    std::vector<std::string> urls;
    const int hosts = use_nginx ? 8 : 1;
    for (int i = 0; i < s.feeds; ++i)
        urls.push_back("http://127.0.0." + std::to_string(1 + i % hosts) + ":" + std::to_string(port) + "/feed-" +
                       std::to_string(i) + ".xml");
    auto pg_server = std::make_unique<PgServer>(root + "/pg");  // stopped before `root` is removed
    const PgServer& pg = *pg_server;
    if (pg.uri().empty()) std::printf("(no PostgreSQL server: the PostgreSQL poll rows are left out)\n");

    const int poll_per_host = s.host_connections > 0 ? s.host_connections : (s.parallel + hosts - 1) / hosts;
    std::printf("fetch benchmark: %d feeds of %d items (%.1f MB), %d connections (poll rows: %d per host), "
                "server %s, best of %d\n",
                s.feeds, s.items, total_bytes / 1e6, s.parallel, poll_per_host,
                use_nginx ? "nginx" : "loopback test server", s.rounds);
    std::map<std::string, std::string> etag_by_url;
    clipfeed_fetch(urls, {}, s.parallel, true, &etag_by_url);  // warm up, and learn the ETags
    std::vector<std::string> etags;
    for (const std::string& url : urls) etags.push_back(etag_by_url[url]);

    // Each round runs every row once, baselines and clipfeed in turn, and each
    // row keeps its best round: a slow spell of the shared host then falls on
    // all rows alike. (Run row by row, one run's plain fetch got 0.133 s for
    // all three of its rounds where 0.100 s is usual, and flattered the ratios.)
    // The poll cycles too, each pair from a fresh state: a single cycle was as
    // noisy as the difference being looked for.
    Row plain200, walk200, ours200, parse_only200, plain304, ours304, poll_new, poll_304;
    const std::vector<int>& pg_workers = s.pg_workers;
    std::vector<Row> pg_new(pg_workers.size()), pg_304(pg_workers.size());
    for (int i = 0; i < s.rounds; ++i) {
        if (s.runs("plain")) keep_best(plain200, plain_fetch(urls, {}, s.parallel), i);
        if (s.runs("walk")) keep_best(walk200, plain_fetch(urls, {}, s.parallel, true), i);
        if (s.runs("fetch")) keep_best(ours200, clipfeed_fetch(urls, {}, s.parallel, true, nullptr), i);
        if (s.runs("parse")) keep_best(parse_only200, clipfeed_fetch(urls, {}, s.parallel, false, nullptr), i);
        if (s.runs("304")) {
            keep_best(plain304, plain_fetch(urls, etags, s.parallel), i);
            keep_best(ours304, clipfeed_fetch(urls, etags, s.parallel, true, nullptr), i);
        }
        if (s.runs("poll")) {
            auto [fresh, unchanged] = poll_cycles(
                urls, static_cast<std::size_t>(s.feeds) * static_cast<std::size_t>(s.items), s.parallel, poll_per_host,
                root);
            keep_best(poll_new, fresh, i);
            keep_best(poll_304, unchanged, i);
        }
        for (std::size_t w = 0; w < pg_workers.size() && !pg.uri().empty() && s.runs("pg"); ++w) {
            auto [pg_fresh, pg_unchanged] = poll_cycles_postgres(
                urls, static_cast<std::size_t>(s.feeds) * static_cast<std::size_t>(s.items), s.parallel, poll_per_host,
                pg.uri(), pg.postmaster(), pg_workers[w], "bench_r" + std::to_string(i) + "_w" + std::to_string(pg_workers[w]));
            keep_best(pg_new[w], pg_fresh, i);
            keep_best(pg_304[w], pg_unchanged, i);
        }
    }

    std::printf("200 OK:\n");
    print_row("plain libcurl multi (no parsing)", plain200, urls.size());
    print_row("plain + pugixml walk (the ceiling)", walk200, urls.size());
    print_ratio("ceiling / plain", walk200, plain200);
    print_row("clipfeed fetch + parse + clippings", ours200, urls.size());
    print_ratio("clipfeed / plain", ours200, plain200);
    print_ratio("clipfeed / ceiling", ours200, walk200);
    print_row("clipfeed fetch + parse", parse_only200, urls.size());
    print_ratio("clipfeed / plain", parse_only200, plain200);
    print_ratio("clipfeed / ceiling", parse_only200, walk200);
    print_row("clipfeed poll cycle, all new", poll_new, urls.size());
    print_ratio("poll / plain", poll_new, plain200);
    print_ratio("poll / ceiling", poll_new, walk200);
    auto print_pg = [&](const std::vector<Row>& rows, const Row& sqlite) {
        for (std::size_t w = 0; w < pg_workers.size() && !pg.uri().empty(); ++w) {
            const std::string name = "  PostgreSQL, " + std::to_string(pg_workers[w]) + " worker" +
                                     (pg_workers[w] > 1 ? "s" : "");
            print_row(name.c_str(), rows[w], urls.size());
            print_ratio("/ SQLite poll", rows[w], sqlite);
            if (w > 0) print_ratio("/ 1 PostgreSQL worker", rows[w], rows[0]);
        }
    };
    print_pg(pg_new, poll_new);
    std::printf("304 Not Modified:\n");
    print_row("plain libcurl multi", plain304, urls.size());
    print_row("clipfeed fetch", ours304, urls.size());
    print_ratio("clipfeed / plain", ours304, plain304);
    print_row("clipfeed poll cycle, none changed", poll_304, urls.size());
    print_ratio("poll / plain", poll_304, plain304);
    print_pg(pg_304, poll_304);

    nginx.reset();
    pg_server.reset();
    loopback.reset();
    std::string cleanup = "rm -rf '" + root + "'";
    if (std::system(cleanup.c_str()) != 0) std::fprintf(stderr, "could not remove %s\n", root.c_str());
    return 0;
}
