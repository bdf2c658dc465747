// One fetch in flight, inside the fetcher: its libcurl handle, the hops it
// has made, and the steps that turn a finished hop into a result.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <string>
#include <vector>

#include "feeds/net/fetch.hpp"

namespace clipfeed {

struct Transfer {
    FetchRequest request;
    FetchResult result;
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    char error_buffer[CURL_ERROR_SIZE] = {};
    std::string current_url;
    std::vector<std::string> visited;        // every URL of every hop, for loops
    int redirects = 0;
    bool permanent_chain = true;             // every redirect so far was permanent
    bool discovering = false;                // fetching the feed an HTML page pointed to
    std::vector<std::string> discovered;     // feed links found in an HTML body
    std::string discovery_error;             // why the HTML body could not be read for links
    bool too_large = false;
    bool block_private = false;
    std::string blocked_address;             // set when the socket callback refused one
    std::int64_t max_body = 0;
    std::size_t backlog_bytes = 0;           // what it counts for in the parse backlog while out for parsing
    int host_slot = -1;                      // its host in the fetch loop's count of running transfers; -1: none
    std::chrono::steady_clock::time_point started;

    Transfer(const FetchRequest& request, const FetchOptions& options);
    ~Transfer();
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;
};

// What comes after a finished hop.
enum class NextStep {
    deliver,   // the result is final (an error, a 304, or parsing is off)
    next_hop,  // follow a redirect or a discovered feed: current_url is set
    parse,     // a 2xx body to parse
};

// Prepares (or re-prepares, for the next hop) the easy handle for t.current_url.
void configure_transfer(Transfer& t, const FetchOptions& options, CURLSH* share);

// The network half of a finished hop: errors, redirects, statuses, headers.
NextStep after_hop(Transfer& t, CURLcode code, const FetchOptions& options);

// Parses the body (any thread); when it is HTML and not a feed, finds the
// feed links it advertises.
void parse_body(Transfer& t, const FetchOptions& options);

// After parse_body, on the fetch loop's thread: a feed, a discovered feed to
// fetch next, or "not a feed".
NextStep after_parse(Transfer& t);

bool is_http_url(const std::string& url);
void fail(Transfer& t, FetchError error, const std::string& message);

}  // namespace clipfeed
