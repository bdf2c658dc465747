// Parsing on many threads at once: the fetcher and the poller parse on worker
// threads, and hosts call the C API from their own. Every path that touches
// shared library state (libxml2's recovery parser, iconv conversions, the
// entity tables, the clipping rules) runs here side by side. Under TSan
// (CLIPFEED_SANITIZE_THREAD) this is the concurrent-parse test; in a plain
// build it still checks every thread gets exactly the single-threaded answer.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "feeds/out/json_writer.hpp"
#include "feeds/xml/parse.hpp"
#include "plugin/enrich/enrich.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The fixture feeds plus documents that take the slower paths: recovery of
// broken markup, a legacy charset, a clipping in HTML content.
std::vector<std::string> documents_of_every_kind() {
    std::vector<std::string> docs;
    for (const auto& entry : fs::directory_iterator(fs::path(CLIPFEED_FIXTURES_DIR) / "feeds")) {
        const std::string name = entry.path().filename().string();
        if (name.find(".expected.") != std::string::npos) continue;
        docs.push_back(read_file(entry.path()));
    }
    docs.push_back(
        "<rss version='2.0'><channel><title>Broken</title>"
        "<item><title>one & two</title><description>a < b</description></item>"
        "<item><title>kept</title><description><p>unclosed <b>bold</description></item>"
        "<item><title>cut off");
    docs.push_back(
        "<?xml version='1.0' encoding='iso-8859-7'?><rss version='2.0'><channel>"
        "<title>\xc5\xeb\xeb\xe7\xed\xe9\xea\xdc</title><item><title>\xe1\xe2\xe3</title></item>"
        "</channel></rss>");
    docs.push_back(
        "<rss version='2.0'><channel><title>Clips</title><item><title>Clip</title>"
        "<description><![CDATA[<blockquote>\"A passage worth keeping.\"</blockquote>"
        "<p>Why it matters: it was said.</p><p>#news #policy</p>"
        "<p>Read at Axios</p><p>3 min read</p><script>alert(1)</script>]]></description>"
        "</item></channel></rss>");
    return docs;
}

std::string parse_to_json(const std::string& doc) {
    clipfeed::ParseContext context;
    context.url = "http://example.test/feed";
    context.enrich = clipfeed::add_clippings;
    auto parsed = clipfeed::parse_feed(doc, context);
    std::string json;
    clipfeed::write_feed_json(parsed->feed, clipfeed::JsonStyle::compact, json);
    return json;
}

}  // namespace

TEST_CASE("Feeds parsed on many threads at once give the single-threaded answer",
          "[parse][concurrency]") {
    const std::vector<std::string> docs = documents_of_every_kind();
    REQUIRE(docs.size() >= 10);
    std::vector<std::string> expected;
    for (const auto& doc : docs) expected.push_back(parse_to_json(doc));

    constexpr int thread_count = 4;
    constexpr int rounds = 8;
    std::vector<int> mismatches(thread_count, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < rounds; ++round) {
                // Each thread starts at a different document so different
                // code paths overlap in time.
                for (size_t k = 0; k < docs.size(); ++k) {
                    const size_t i = (k + static_cast<size_t>(t) * 3) % docs.size();
                    if (parse_to_json(docs[i]) != expected[i]) ++mismatches[t];
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (int t = 0; t < thread_count; ++t) {
        INFO("thread " << t);
        CHECK(mismatches[t] == 0);
    }
}
