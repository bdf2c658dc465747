// Throughput of clipping extraction (plugin/clipping/clipping.cpp), in MB/s of content,
// next to a plain copy of the same bytes in the same run: the ratio of the two
// is the number to watch on a shared machine.
//
//   build/bench/bench_clipping [--benchmark_filter=Html] [--benchmark_repetitions=5]
//
// Content: the ~4 KB content:encoded clippings of the bench corpus (three
// blockquotes, a summary, hashtags, a read-at link, a read time, a long
// paragraph), taken out of 50 generated feeds of 20 items; the same clippings
// as plain text and as Markdown ("> " quote blocks, [text](url) links); and two kinds of HTML that are not clippings, made from the
// same items: an article with pull quotes but no footer (let go by the early
// exit) and a teaser with tags and a read-at link but no quote (read in full).
// Each feed's results go to an arena of its own, as in a parse.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <md4c.h>

#include "corpus.hpp"
#include "plugin/clipping/clipping.hpp"

namespace {

constexpr int kFeeds = 50;
constexpr int kItemsPerFeed = 20;  // as in the corpus's small feeds
constexpr std::string_view kBaseUrl = "https://clips.example.org/c/1";

struct Contents {
    std::vector<std::string> clipping_html;
    std::vector<std::string> clipping_text;
    std::vector<std::string> clipping_markdown;  // the same clippings as a notes app writes them
    std::vector<std::string> article_html;  // not a clipping: no footer, no tags
    std::vector<std::string> teaser_html;   // not a clipping: no quote
};

std::vector<std::string> content_encoded_of(const std::string& feed) {
    constexpr std::string_view open = "<content:encoded><![CDATA[";
    constexpr std::string_view close = "]]></content:encoded>";
    std::vector<std::string> found;
    for (std::size_t at = feed.find(open); at != std::string::npos; at = feed.find(open, at)) {
        at += open.size();
        std::size_t end = feed.find(close, at);
        if (end == std::string::npos) break;
        found.push_back(feed.substr(at, end - at));
        at = end;
    }
    return found;
}

// The generator writes one block per line.
std::vector<std::string_view> lines_of(std::string_view html) {
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= html.size();) {
        std::size_t end = html.find('\n', start);
        if (end == std::string_view::npos) end = html.size();
        lines.push_back(html.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::string without_tags(std::string_view html) {
    std::string text;
    bool in_tag = false;
    for (char c : html) {
        if (c == '<') in_tag = true;
        else if (c == '>') in_tag = false;
        else if (!in_tag) text += c;
    }
    return text;
}

bool is_footer_or_tags(std::string_view line) {
    return line.find('#') != std::string_view::npos || line.find("ead at") != std::string_view::npos ||
           line.find("min read") != std::string_view::npos;
}

// One line of the generator's HTML as Markdown: a blockquote line becomes a
// "> " quote block, <a href="u">t</a> becomes [t](u), other tags go.
std::string markdown_of(std::string_view line) {
    std::string out = line.rfind("<blockquote>", 0) == 0 ? "> " : "";
    std::string href;
    for (std::size_t i = 0; i < line.size();) {
        if (line.compare(i, 9, "<a href=\"") == 0) {
            std::size_t end = line.find('"', i + 9);
            href = std::string(line.substr(i + 9, end - i - 9));
            out += '[';
            i = line.find('>', end) + 1;
        } else if (line.compare(i, 4, "</a>") == 0) {
            out += "](" + href + ")";
            i += 4;
        } else if (line[i] == '<') {
            i = line.find('>', i) + 1;
        } else {
            out += line[i++];
        }
    }
    return out;
}

std::string joined(const std::vector<std::string>& lines, char separator) {
    std::string out;
    for (const std::string& line : lines) {
        if (!out.empty()) out += separator;
        out += line;
    }
    return out;
}

const Contents& contents() {
    static const Contents made = [] {
        Contents c;
        for (int feed = 0; feed < kFeeds; ++feed) {
            clipfeed::bench::CorpusOptions options;
            options.items = kItemsPerFeed;
            for (std::string& html : content_encoded_of(clipfeed::bench::make_feed(options, feed))) {
                std::vector<std::string> text, article, teaser;
                std::string markdown;
                for (std::string_view line : lines_of(html)) {
                    text.push_back(without_tags(line));
                    markdown += (markdown.empty() ? "" : "\n\n") + markdown_of(line);
                    bool quote = line.find("<blockquote>") != std::string_view::npos;
                    if (!is_footer_or_tags(line)) article.emplace_back(line);
                    if (!quote) teaser.emplace_back(line);
                }
                c.clipping_text.push_back(joined(text, '\n'));
                c.clipping_markdown.push_back(std::move(markdown));
                c.article_html.push_back(joined(article, '\n'));
                c.teaser_html.push_back(joined(teaser, '\n'));
                c.clipping_html.push_back(std::move(html));
            }
        }
        return c;
    }();
    return made;
}

std::size_t total_bytes(const std::vector<std::string>& items) {
    std::size_t bytes = 0;
    for (const std::string& item : items) bytes += item.size();
    return bytes;
}

// The results of a feed's items go to one arena, as a parse gives each feed one
// (`items_per_arena` 0: all items' to one arena).
void extract_each(benchmark::State& state, const std::vector<std::string>& items, clipfeed::ContentKind kind,
                  bool expect_clipping, std::size_t items_per_arena = kItemsPerFeed) {
    if (items.empty()) {
        state.SkipWithError("the corpus gave no items");
        return;
    }
    {
        clipfeed::Arena arena;
        for (const std::string& item : items) {
            if (clipfeed::extract_clipping(item, kind, kBaseUrl, arena).has_value() != expect_clipping) {
                state.SkipWithError(expect_clipping ? "an item is not read as a clipping"
                                                    : "an item is read as a clipping");
                return;
            }
        }
    }
    if (items_per_arena == 0) items_per_arena = items.size();
    for (auto _ : state) {
        for (std::size_t first = 0; first < items.size(); first += items_per_arena) {
            clipfeed::Arena arena;
            for (std::size_t i = first; i < std::min(first + items_per_arena, items.size()); ++i) {
                auto clipping = clipfeed::extract_clipping(items[i], kind, kBaseUrl, arena);
                benchmark::DoNotOptimize(clipping);
            }
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * total_bytes(items)));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * items.size()));
}

// The baseline: each item's bytes copied into a std::string (a memcpy).
void BM_Copy_ClippingHtml(benchmark::State& state) {
    const std::vector<std::string>& items = contents().clipping_html;
    std::string copy;
    for (auto _ : state) {
        for (const std::string& item : items) {
            copy.assign(item);
            benchmark::DoNotOptimize(copy.data());
            benchmark::ClobberMemory();
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * total_bytes(items)));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * items.size()));
}

void BM_Extract_ClippingHtml(benchmark::State& state) {
    extract_each(state, contents().clipping_html, clipfeed::ContentKind::html, true);
}

void BM_Extract_ClippingText(benchmark::State& state) {
    extract_each(state, contents().clipping_text, clipfeed::ContentKind::text, true);
}

// The same clippings in Markdown, as an item whose content is declared text
// gives them: detected as Markdown and read through md4c.
void BM_Extract_ClippingMarkdown(benchmark::State& state) {
    extract_each(state, contents().clipping_markdown, clipfeed::ContentKind::text, true);
}

// md4c alone on the same Markdown, every callback doing nothing: the ceiling
// for any extraction that reads Markdown through md4c.
void BM_Md4cOnly_ClippingMarkdown(benchmark::State& state) {
    const std::vector<std::string>& items = contents().clipping_markdown;
    MD_PARSER parser{};
    parser.flags = MD_FLAG_NOHTML | MD_FLAG_NOINDENTEDCODEBLOCKS;  // as the extractor runs it
    parser.enter_block = parser.leave_block = [](MD_BLOCKTYPE, void*, void*) { return 0; };
    parser.enter_span = parser.leave_span = [](MD_SPANTYPE, void*, void*) { return 0; };
    parser.text = [](MD_TEXTTYPE, const MD_CHAR*, MD_SIZE, void*) { return 0; };
    for (auto _ : state)
        for (const std::string& item : items)
            benchmark::DoNotOptimize(md_parse(item.data(), static_cast<MD_SIZE>(item.size()), &parser, nullptr));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * total_bytes(items)));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * items.size()));
}

// Every clipping of each item (what a feed's items get), not only the first.
void BM_ExtractAll_ClippingHtml(benchmark::State& state) {
    const std::vector<std::string>& items = contents().clipping_html;
    for (auto _ : state) {
        for (std::size_t first = 0; first < items.size(); first += kItemsPerFeed) {
            clipfeed::Arena arena;
            for (std::size_t i = first; i < std::min(first + kItemsPerFeed, items.size()); ++i)
                benchmark::DoNotOptimize(clipfeed::extract_clippings(items[i], clipfeed::ContentKind::html, kBaseUrl, arena));
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * total_bytes(items)));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * items.size()));
}

// All 1,000 items' results in one arena, as when one very large feed is
// parsed: the arena's memory is new on every run (glibc gives the freed heap
// top back to the system), and the page faults that brings are part of the time.
void BM_Extract_ClippingHtml_OneArena(benchmark::State& state) {
    extract_each(state, contents().clipping_html, clipfeed::ContentKind::html, true, 0);
}

void BM_Extract_NotClippingHtml_EarlyExit(benchmark::State& state) {
    extract_each(state, contents().article_html, clipfeed::ContentKind::html, false);
}

void BM_Extract_NotClippingHtml_ReadInFull(benchmark::State& state) {
    extract_each(state, contents().teaser_html, clipfeed::ContentKind::html, false);
}

}  // namespace

BENCHMARK(BM_Copy_ClippingHtml);
BENCHMARK(BM_Extract_ClippingHtml);
BENCHMARK(BM_Extract_ClippingText);
BENCHMARK(BM_Extract_ClippingMarkdown);
BENCHMARK(BM_Md4cOnly_ClippingMarkdown);
BENCHMARK(BM_ExtractAll_ClippingHtml);
BENCHMARK(BM_Extract_ClippingHtml_OneArena);
BENCHMARK(BM_Extract_NotClippingHtml_EarlyExit);
BENCHMARK(BM_Extract_NotClippingHtml_ReadInFull);

BENCHMARK_MAIN();
