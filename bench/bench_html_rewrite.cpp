// rewrite_html (sanitize + base URL, as the feed parser calls it) on the item
// HTML of the benchmark corpus, side by side with a plain copy of the same
// bytes into a std::string: the ratio of the two rates is the number to watch.
// The *_InFull variants run every token through both passes, without the
// shortcut for markup already in the sanitizer's form (feeds/html/html_canonical.cpp).
//
//   bench_html_rewrite [--benchmark_filter=REGEX] [--benchmark_repetitions=N] ...
//
// The inputs are the strings the feed parser hands to rewrite_html: the text
// of each item's <description> (entity-escaped in the XML, so HTML once
// decoded) and <content:encoded> (CDATA), read from make_feed()'s RSS.
#include <benchmark/benchmark.h>
#include <pugixml.hpp>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "corpus.hpp"
#include "feeds/html/html_rewrite.hpp"

namespace {

// The feed's own link: the base its relative links resolve against.
constexpr const char* kBase = "https://clips.example.org/";
constexpr int kItems = 100;

struct Corpus {
    std::vector<std::string> descriptions;       // ~1.5 KB each, nothing to change
    std::vector<std::string> escaped_descriptions;  // the same as written in the XML: text full of "&lt;"
    std::vector<std::string> contents;           // ~4 KB each, relative links to resolve
    std::vector<std::string> resolved_contents;  // the same with their links resolved: nothing to change
    std::vector<std::string> dense;              // ~4 KB of markup-dense HTML: a tag every ~30 bytes
    std::vector<std::string> resolved_dense;     // the same as rewritten: nothing to change
};

// Markup denser than the corpus's clippings (images, emphasis, references,
// a link in every paragraph): a tag or reference every ~30 bytes, so that the
// cost per token shows. Its img src links are relative.
std::string dense_html(int item) {
    const std::string n = std::to_string(item);
    std::string html;
    while (html.size() < 4000) {
        html += "<p>Lorem ipsum dolor sit amet, <a href=\"https://example.com/articles/" + n +
                "\">consectetur</a> adipiscing elit &amp; sed do <em>eiusmod</em> tempor&nbsp;incididunt.</p>\n"
                "<p><img src=\"/images/photo" + n + ".jpg\" alt=\"A photo\" width=\"600\" height=\"400\"><br>\n"
                "Quote: &#8220;Ut enim ad minim veniam&#8221; &mdash; <strong>quis nostrud</strong> exercitation.</p>\n"
                "<blockquote cite=\"https://example.org/q\"><p>Duis aute irure dolor in reprehenderit.</p>"
                "</blockquote>\n";
    }
    return html;
}

std::size_t total_size(const std::vector<std::string>& items) {
    std::size_t size = 0;
    for (const std::string& item : items) size += item.size();
    return size;
}

// Entity-escapes the way the corpus writes descriptions into the XML.
std::string escape_xml(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '&') out += "&amp;";
        else out += c;
    }
    return out;
}

clipfeed::HtmlRewriteOptions options(const char* base) {
    clipfeed::HtmlRewriteOptions result;
    result.sanitize = true;
    result.base_url = base;
    return result;
}

const Corpus& corpus() {
    static const Corpus built = [] {
        Corpus c;
        clipfeed::bench::CorpusOptions corpus_options;
        corpus_options.items = kItems;
        const std::string feed = clipfeed::bench::make_feed(corpus_options, 0);
        pugi::xml_document document;
        if (!document.load_buffer(feed.data(), feed.size())) std::abort();
        for (pugi::xml_node item : document.child("rss").child("channel").children("item")) {
            c.descriptions.push_back(item.child_value("description"));
            c.escaped_descriptions.push_back(escape_xml(c.descriptions.back()));
            c.contents.push_back(item.child("content:encoded").text().get());
        }
        for (const std::string& content : c.contents) {
            const std::optional<std::string> resolved = clipfeed::rewrite_html(content, options(kBase));
            c.resolved_contents.push_back(resolved ? *resolved : content);
        }
        for (int i = 0; i < kItems; ++i) {
            c.dense.push_back(dense_html(i));
            const std::optional<std::string> rewritten = clipfeed::rewrite_html(c.dense.back(), options(kBase));
            c.resolved_dense.push_back(rewritten ? *rewritten : c.dense.back());
        }
        return c;
    }();
    return built;
}

enum class Path {
    kAsParsing,  // rewrite_html: the shortcut for markup in the sanitizer's form, else the full pass
    kInFull,     // rewrite_html_in_full: every token through both passes
};

// rewrite_html over every item with one workspace, as the parser does;
// `expect_rewrite` checks the result (nullopt or a rewritten string), so that
// a benchmark measures what it says.
void run_rewrite(benchmark::State& state, const std::vector<std::string>& items, const char* base,
                 bool expect_rewrite, Path path = Path::kAsParsing) {
    const clipfeed::HtmlRewriteOptions rewrite_options = options(base);
    clipfeed::HtmlRewriteWorkspace workspace;
    const auto rewrite = [&](const std::string& item) {
        return path == Path::kInFull ? clipfeed::rewrite_html_in_full(item, rewrite_options, workspace)
                                     : clipfeed::rewrite_html(item, rewrite_options, workspace);
    };
    for (const std::string& item : items) {
        if (rewrite(item).has_value() != expect_rewrite) {
            state.SkipWithError(expect_rewrite ? "an item came back unchanged" : "an item was rewritten");
            return;
        }
    }
    for (auto _ : state) {
        for (const std::string& item : items) {
            std::optional<std::string_view> out = rewrite(item);
            benchmark::DoNotOptimize(out);
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * total_size(items)));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * items.size()));
}

// The baseline: each item copied into a new std::string.
void run_copy(benchmark::State& state, const std::vector<std::string>& items) {
    for (auto _ : state) {
        for (const std::string& item : items) {
            std::string copy(item.size(), '\0');
            std::memcpy(copy.data(), item.data(), item.size());
            benchmark::DoNotOptimize(copy.data());
            benchmark::ClobberMemory();
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * total_size(items)));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * items.size()));
}

// Content with relative links and no base: nothing to change (nullopt).
void BM_Content_CleanNoBase(benchmark::State& state) { run_rewrite(state, corpus().contents, "", false); }
// Content whose links are already absolute, with a base: nothing to change (nullopt).
void BM_Content_CleanWithBase(benchmark::State& state) {
    run_rewrite(state, corpus().resolved_contents, kBase, false);
}
// Content with relative links and a base: links resolved (a new string).
void BM_Content_ResolveLinks(benchmark::State& state) { run_rewrite(state, corpus().contents, kBase, true); }
void BM_Content_ResolveLinks_InFull(benchmark::State& state) {
    run_rewrite(state, corpus().contents, kBase, true, Path::kInFull);
}
void BM_Content_Copy(benchmark::State& state) { run_copy(state, corpus().contents); }

// The description as the parser hands it over (decoded from the XML's entities).
void BM_Description(benchmark::State& state) { run_rewrite(state, corpus().descriptions, kBase, false); }
void BM_Description_InFull(benchmark::State& state) {
    run_rewrite(state, corpus().descriptions, kBase, false, Path::kInFull);
}
void BM_Description_Copy(benchmark::State& state) { run_copy(state, corpus().descriptions); }

// The description still entity-escaped (as double-escaped feeds deliver it):
// text made mostly of entity references.
void BM_EscapedDescription(benchmark::State& state) {
    run_rewrite(state, corpus().escaped_descriptions, kBase, false);
}
void BM_EscapedDescription_Copy(benchmark::State& state) { run_copy(state, corpus().escaped_descriptions); }

// Markup-dense HTML: every item rewritten (relative images, "<br>" written "<br />").
void BM_Dense(benchmark::State& state) { run_rewrite(state, corpus().dense, kBase, true); }
void BM_Dense_Copy(benchmark::State& state) { run_copy(state, corpus().dense); }
// Markup-dense HTML as rewritten: nothing to change (nullopt).
void BM_Dense_Clean(benchmark::State& state) { run_rewrite(state, corpus().resolved_dense, kBase, false); }
void BM_Dense_Clean_InFull(benchmark::State& state) {
    run_rewrite(state, corpus().resolved_dense, kBase, false, Path::kInFull);
}

}  // namespace

BENCHMARK(BM_Content_Copy);
BENCHMARK(BM_Content_CleanNoBase);
BENCHMARK(BM_Content_CleanWithBase);
BENCHMARK(BM_Content_ResolveLinks);
BENCHMARK(BM_Content_ResolveLinks_InFull);
BENCHMARK(BM_Description_Copy);
BENCHMARK(BM_Description);
BENCHMARK(BM_Description_InFull);
BENCHMARK(BM_EscapedDescription_Copy);
BENCHMARK(BM_EscapedDescription);
BENCHMARK(BM_Dense_Copy);
BENCHMARK(BM_Dense);
BENCHMARK(BM_Dense_Clean);
BENCHMARK(BM_Dense_Clean_InFull);

BENCHMARK_MAIN();
