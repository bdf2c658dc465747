// The fetch loop: one curl multi handle drives every transfer on the calling
// thread, bodies are parsed on worker threads meanwhile, and results are
// handed to the caller on the calling thread as they complete.
#include "feeds/net/fetch.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "feeds/net/fetch_transfer.hpp"
#include "feeds/runtime/lazy_libraries.hpp"
#include "feeds/runtime/work_queue.hpp"
#include "feeds/text/ascii.hpp"
#include "feeds/text/urls.hpp"

namespace clipfeed {

namespace {

// Bodies out for parsing beyond these stop new transfers from starting, so a
// fast network cannot pile up unparsed bodies in memory. Counted in bytes
// (bodies run from a few KiB to the 32 MiB limit) and in transfers (each holds
// its libcurl handle). A tighter bound stalls the network whenever parsing
// falls behind for a moment: with 16 bodies, fetch + parse of 2,000 feeds from
// a loopback server was 10-20% slower.
constexpr std::size_t kMaxParseBacklogBytes = std::size_t{32} << 20;
constexpr std::size_t kMaxParseBacklog = 256;

unsigned parse_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

// What libcurl's per-host limit counts by: the URL's host and port (here its
// authority without user info, in lower case; "a.org" and "a.org:80" differ,
// which only lets libcurl queue a transfer itself now and then).
std::string host_of(const std::string& url) {
    std::string_view authority = url_authority(url);
    const std::size_t user_info_end = authority.rfind('@');
    if (user_info_end != std::string_view::npos) authority.remove_prefix(user_info_end + 1);
    return ascii_lowercase(authority);
}

// Transfers not yet handed to libcurl, in the order asked, and how many of
// each host's are running. A transfer starts only when its host has a free
// connection. Handed to libcurl beyond its per-host limit, it waits inside
// libcurl while holding one of the max_connections places (its timeout
// running all the while), so a list that began with many feeds of one host
// (the due feeds of a cycle, a claim) kept every other host waiting behind
// them, and the connections idle.
class WaitingTransfers {
public:
    explicit WaitingTransfers(int per_host) : per_host_(std::max(1, per_host)) {}

    void push(std::unique_ptr<Transfer> t) {
        const auto [it, added] = host_ids_.try_emplace(host_of(t->request.url), running_.size());
        if (added) {
            running_.push_back(0);
            waiting_.push_back(0);
            seen_.push_back(0);
        }
        t->host_slot = static_cast<int>(it->second);
        if (waiting_[it->second]++ == 0) ++hosts_waiting_;
        transfers_.push_back(std::move(t));
    }

    // The first waiting transfer whose host has a free connection, now
    // counted as running (null when there is none). Stops looking once every
    // host with a transfer waiting was found busy.
    std::unique_ptr<Transfer> take_startable() {
        ++scan_;
        std::size_t busy_hosts = 0;
        for (auto it = transfers_.begin(); it != transfers_.end() && busy_hosts < hosts_waiting_; ++it) {
            const auto host = static_cast<std::size_t>((*it)->host_slot);
            if (running_[host] < per_host_) {
                std::unique_ptr<Transfer> t = std::move(*it);
                transfers_.erase(it);
                ++running_[host];
                if (--waiting_[host] == 0) --hosts_waiting_;
                return t;
            }
            if (seen_[host] != scan_) {
                seen_[host] = scan_;
                ++busy_hosts;
            }
        }
        return nullptr;
    }

    // A transfer taken from here holds no connection any more (done, or out
    // for parsing).
    void finished(Transfer& t) {
        if (t.host_slot < 0) return;
        --running_[static_cast<std::size_t>(t.host_slot)];
        t.host_slot = -1;
    }

private:
    int per_host_;
    std::list<std::unique_ptr<Transfer>> transfers_;
    std::unordered_map<std::string, std::size_t> host_ids_;
    std::vector<int> running_;          // per host id
    std::vector<std::size_t> waiting_;  // per host id
    std::vector<unsigned> seen_;        // per host id: the scan that last found it busy
    std::size_t hosts_waiting_ = 0;
    unsigned scan_ = 0;
};

}  // namespace

struct Fetcher::Impl {
    CURLM* multi = nullptr;
    CURLSH* share = nullptr;
    // Easy handles of finished transfers, for the next ones: a handle keeps
    // its receive buffer, and a transfer waiting for the parser needs none.
    std::vector<CURL*> idle_handles;
    std::unique_ptr<WorkQueue> parsers;  // started on the first fetch that parses
    std::atomic<bool> cancel_requested{false};

    Impl() {
        require_curl();  // LibraryUnavailable when libcurl.so.4 cannot be loaded
        multi = curl_multi_init();
        share = curl_share_init();
        if (!multi || !share) throw std::bad_alloc();
        // DNS answers and TLS sessions are reused across transfers; connections
        // are pooled by the multi handle itself.
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    }
    ~Impl() {
        parsers.reset();  // before the handles the jobs might still touch go
        for (CURL* easy : idle_handles) curl_easy_cleanup(easy);
        curl_multi_cleanup(multi);
        curl_share_cleanup(share);
    }
};

Fetcher::Fetcher(FetchOptions options) : options_(std::move(options)), impl_(std::make_unique<Impl>()) {}
Fetcher::~Fetcher() = default;

void Fetcher::fetch_many(const std::vector<FetchRequest>& requests,
                         const std::function<bool(FetchResult&&)>& on_result) {
    fetch_many(requests, on_result, {});
}

void Fetcher::fetch_many(const std::vector<FetchRequest>& requests,
                         const std::function<bool(FetchResult&&)>& on_result,
                         const std::function<long()>& before_wait) {
    const FetchOptions& o = options_;
    CURLM* multi = impl_->multi;
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(std::max(1, o.max_connections)));
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(std::max(1, o.max_host_connections)));
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
    // Idle connections kept for the next transfers: as many as may be open.
    // libcurl's default is four per easy handle added at the moment one is
    // given back, and handles leave as their transfers end: at the end of each
    // call most connections were closed, and a poller fetching in batches (a
    // cycle, a claim of a shared state) connected again for every batch.
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(std::max(1, o.max_connections)));
    if (o.parse && !impl_->parsers) impl_->parsers = std::make_unique<WorkQueue>(parse_threads(), "clipfeed-parse");

    // Easy handles are added only as connections can take them: a queued
    // handle holds buffers, and thousands of them would hold a lot.
    const std::size_t max_active = static_cast<std::size_t>(std::max(1, o.max_connections));
    impl_->idle_handles.reserve(max_active);  // giving a handle back then never allocates (or throws)
    WaitingTransfers waiting(o.max_host_connections);
    std::vector<std::unique_ptr<Transfer>> active;

    // Transfers out for parsing (and their bodies' bytes), and those that came back.
    std::size_t parsing = 0;
    std::size_t parsing_bytes = 0;
    std::mutex parsed_mutex;
    std::deque<std::unique_ptr<Transfer>> parsed;

    bool canceled = impl_->cancel_requested;

    auto deliver = [&](Transfer& t) {
        t.result.elapsed_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t.started)
                .count();
        if (!canceled && !on_result(std::move(t.result))) canceled = true;
    };
    auto start = [&](std::unique_ptr<Transfer> t) {
        if (!t->easy && !impl_->idle_handles.empty()) {
            t->easy = impl_->idle_handles.back();  // reset when it was given back
            impl_->idle_handles.pop_back();
        }
        configure_transfer(*t, o, impl_->share);
        if (curl_multi_add_handle(multi, t->easy) != CURLM_OK) throw std::bad_alloc();
        active.push_back(std::move(t));
    };
    auto start_waiting = [&] {
        while (active.size() < max_active && parsing < kMaxParseBacklog && parsing_bytes < kMaxParseBacklogBytes) {
            std::unique_ptr<Transfer> t = waiting.take_startable();
            if (!t) break;
            start(std::move(t));
        }
    };
    auto send_to_parser = [&](std::unique_ptr<Transfer> t) {
        ++parsing;
        t->backlog_bytes = t->result.body.size();
        parsing_bytes += t->backlog_bytes;
        Transfer* raw = t.release();
        impl_->parsers->post([raw, &o, &parsed_mutex, &parsed, multi] {
            std::unique_ptr<Transfer> owned(raw);
            try {
                parse_body(*owned, o);
            } catch (const std::exception& e) {
                owned->result.feed.reset();
                fail(*owned, FetchError::not_a_feed, "parsing " + owned->result.final_url + " failed: " + e.what());
            }
            std::lock_guard<std::mutex> lock(parsed_mutex);
            parsed.push_back(std::move(owned));
            curl_multi_wakeup(multi);
        });
    };

    for (const FetchRequest& request : requests) {
        auto t = std::make_unique<Transfer>(request, o);
        if (!is_http_url(request.url)) {
            fail(*t, FetchError::scheme, "not an http or https URL: '" + request.url + "'");
            deliver(*t);
            continue;
        }
        waiting.push(std::move(t));
    }

    start_waiting();
    while (!canceled && (!active.empty() || parsing > 0)) {
        int still_running = 0;
        if (curl_multi_perform(multi, &still_running) != CURLM_OK) throw std::bad_alloc();
        int queued = 0;
        while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
            if (msg->msg != CURLMSG_DONE) continue;
            CURL* easy = msg->easy_handle;
            CURLcode code = msg->data.result;
            curl_multi_remove_handle(multi, easy);
            auto it = std::find_if(active.begin(), active.end(), [&](const auto& t) { return t->easy == easy; });
            std::unique_ptr<Transfer> t = std::move(*it);
            active.erase(it);
            const NextStep next = after_hop(*t, code, o);
            if (next != NextStep::next_hop) waiting.finished(*t);  // its connection is free for its host's next
            if (next != NextStep::next_hop && impl_->idle_handles.size() < max_active) {
                curl_easy_reset(easy);  // an idle handle points into no finished transfer
                impl_->idle_handles.push_back(std::exchange(t->easy, nullptr));
            }
            switch (next) {
                case NextStep::next_hop: start(std::move(t)); break;
                case NextStep::parse: send_to_parser(std::move(t)); break;
                case NextStep::deliver: deliver(*t); break;
            }
        }
        std::deque<std::unique_ptr<Transfer>> done;
        {
            std::lock_guard<std::mutex> lock(parsed_mutex);
            done.swap(parsed);
        }
        for (auto& t : done) {
            --parsing;
            parsing_bytes -= t->backlog_bytes;
            if (after_parse(*t) == NextStep::next_hop) start(std::move(t));
            else deliver(*t);
        }
        start_waiting();
        long wait_ms = 1000;
        if (!canceled && before_wait) {
            const long asked = before_wait();
            if (asked < 0) canceled = true;
            else wait_ms = std::min(wait_ms, asked);
        }
        if (!canceled && (!active.empty() || parsing > 0))
            curl_multi_poll(multi, nullptr, 0, static_cast<int>(wait_ms), nullptr);
        canceled = canceled || impl_->cancel_requested;
    }

    // Canceled: abandon what is running; jobs still parsing finish on their own
    // and are dropped with the queue they land in.
    for (auto& t : active) curl_multi_remove_handle(multi, t->easy);
    while (parsing > 0) {
        std::lock_guard<std::mutex> lock(parsed_mutex);
        parsing -= parsed.size();
        parsed.clear();
        if (parsing > 0) std::this_thread::yield();
    }
}

void Fetcher::cancel() {
    impl_->cancel_requested = true;
    curl_multi_wakeup(impl_->multi);  // out of curl_multi_poll at once
}

void Fetcher::resume() { impl_->cancel_requested = false; }

FetchResult Fetcher::fetch(const FetchRequest& request) {
    FetchResult out;
    bool delivered = false;
    fetch_many({request}, [&](FetchResult&& r) {
        out = std::move(r);
        delivered = true;
        return true;
    });
    if (!delivered) {
        out.url = request.url;
        out.error = FetchError::canceled;
        out.error_message = "fetching " + request.url + " was canceled";
    }
    return out;
}

}  // namespace clipfeed
