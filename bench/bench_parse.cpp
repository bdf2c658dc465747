// Parsing benchmarks, side by side in one run (Google Benchmark):
//   pugixml_walk       the floor: pugixml parses a copy and walks six fields per item
//   parse              clipfeed's parse, clippings off
//   parse_clippings    clipfeed's parse with clippings (what a reader gets)
//   json               parse + clippings + the JSON output
//   recover            parse + clippings of the malformed feed
// over the corpora of bench/corpus.hpp: a 20,000-item RSS 2.0 feed of
// clippings, the same as Atom 1.0, 2,000 small feeds of 20 items.
//
// Other modes (used by bench/run_benchmarks.py):
//   bench_parse --write-corpus DIR        the corpus files, for feedparser
//   bench_parse --peak-rss NAME FILE      run one benchmark once on FILE; print peak RSS (KiB)
//   bench_parse --check-malformed         items of the malformed feed that come out intact
#include <benchmark/benchmark.h>
#include <pugixml.hpp>
#include <unistd.h>

#include <cstdio>
#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "corpus.hpp"
#include "pugixml_walk.hpp"
#include "process_usage.hpp"
#include "feeds/out/json_writer.hpp"
#include "feeds/xml/parse.hpp"
#include "plugin/enrich/enrich.hpp"

namespace {

using clipfeed::bench::CorpusOptions;

constexpr int kBigItems = 20000;
constexpr int kSmallFeeds = 2000;
constexpr int kSmallItems = 20;

struct Corpus {
    std::vector<std::string> documents;
    std::size_t bytes = 0;
    std::size_t items = 0;
};

Corpus make_big(bool atom) {
    CorpusOptions o;
    o.items = kBigItems;
    o.atom = atom;
    Corpus c;
    c.documents.push_back(clipfeed::bench::make_feed(o, 0));
    c.bytes = c.documents[0].size();
    c.items = kBigItems;
    return c;
}

Corpus make_small() {
    CorpusOptions o;
    o.items = kSmallItems;
    Corpus c;
    for (int i = 0; i < kSmallFeeds; ++i) {
        c.documents.push_back(clipfeed::bench::make_feed(o, i));
        c.bytes += c.documents.back().size();
    }
    c.items = static_cast<std::size_t>(kSmallFeeds) * kSmallItems;
    return c;
}

Corpus make_malformed() {
    CorpusOptions o;
    o.items = kBigItems;
    Corpus c;
    c.documents.push_back(clipfeed::bench::make_malformed_feed(o, 0));
    c.bytes = c.documents[0].size();
    c.items = kBigItems;
    return c;
}

// Built once, on first use.
const Corpus& corpus(const std::string& name) {
    static std::map<std::string, Corpus> built;
    auto it = built.find(name);
    if (it != built.end()) return it->second;
    Corpus c = name == "rss" ? make_big(false) : name == "atom" ? make_big(true) : name == "small" ? make_small()
                                                                                                    : make_malformed();
    return built.emplace(name, std::move(c)).first->second;
}

std::size_t clipfeed_parse(const std::string& document, bool clippings, bool json) {
    clipfeed::ParseContext context;
    context.enrich = clipfeed::clipping_enricher(clippings);
    auto parsed = clipfeed::parse_feed(document, context);
    std::size_t sum = parsed->feed.items.size();
    if (json) {
        std::string out;
        clipfeed::write_feed_json(parsed->feed, clipfeed::JsonStyle::compact, out);
        sum += out.size();
    }
    return sum;
}

using Work = std::function<std::size_t(const std::string&)>;

Work work_for(const std::string& name) {
    if (name == "pugixml_walk") return clipfeed::bench::pugixml_walk;
    if (name == "parse") return [](const std::string& d) { return clipfeed_parse(d, false, false); };
    if (name == "parse_clippings") return [](const std::string& d) { return clipfeed_parse(d, true, false); };
    if (name == "json") return [](const std::string& d) { return clipfeed_parse(d, true, true); };
    return {};
}

void run(benchmark::State& state, const std::string& work_name, const std::string& corpus_name) {
    const Corpus& c = corpus(corpus_name);
    Work work = work_for(work_name);
    const clipfeed::bench::ProcessUsage before = clipfeed::bench::process_usage();
    for (auto _ : state) {
        for (const std::string& d : c.documents) benchmark::DoNotOptimize(work(d));
    }
    // Fresh memory costs a page fault per 4 KiB (or 2 MiB huge page): where a
    // workload's time goes when the heap it inherits was given back to the
    // kernel. The kernel's time shows what those faults cost.
    const clipfeed::bench::ProcessUsage after = clipfeed::bench::process_usage();
    const auto iterations = static_cast<double>(state.iterations());
    state.counters["faults/iter"] = static_cast<double>(after.minor_page_faults - before.minor_page_faults) / iterations;
    state.counters["kernel_ms/iter"] = (after.kernel_seconds - before.kernel_seconds) * 1000 / iterations;
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.bytes));
    state.counters["items/s"] =
        benchmark::Counter(static_cast<double>(state.iterations() * c.items), benchmark::Counter::kIsRate);
}

void register_benchmarks() {
    for (const char* corpus_name : {"rss", "atom", "small"}) {
        for (const char* work : {"pugixml_walk", "parse", "parse_clippings", "json"}) {
            benchmark::RegisterBenchmark((std::string(work) + "/" + corpus_name).c_str(),
                                         [=](benchmark::State& s) { run(s, work, corpus_name); })
                ->Unit(benchmark::kMillisecond)
                ->MinTime(1.0);
        }
    }
    benchmark::RegisterBenchmark("recover/malformed", [](benchmark::State& s) { run(s, "parse_clippings", "malformed"); })
        ->Unit(benchmark::kMillisecond)
        ->MinTime(1.0);
}

// Items of the malformed feed whose title, link, guid, summary and content are
// exactly what the clean feed (same generator, same seed) has, up to the damage
// itself: a title that got "Q&A ", "3 < 4 " or a stray quote inserted is intact
// when it reads exactly so (the damage kept as text, nothing else changed).
int check_malformed() {
    CorpusOptions o;
    o.items = kBigItems;
    auto clean = clipfeed::parse_feed(clipfeed::bench::make_feed(o, 0), {});
    auto broken = clipfeed::parse_feed(clipfeed::bench::make_malformed_feed(o, 0), {});
    std::map<std::string_view, const clipfeed::Item*> by_link;
    for (const clipfeed::Item& item : broken->feed.items)
        if (item.link) by_link.emplace(*item.link, &item);
    auto strip_damage = [](std::string_view title) {
        std::string out(title);
        for (std::string_view damage : {"Q&A ", "3 < 4 ", "\xE2\x80\x9Cquoted\xE2\x80\x9D "}) {
            std::size_t at = out.find(damage);
            if (at != std::string::npos) out.erase(at, damage.size());
        }
        return out;
    };
    std::size_t intact = 0;
    for (const clipfeed::Item& want : clean->feed.items) {
        auto it = by_link.find(*want.link);
        if (it == by_link.end()) continue;
        const clipfeed::Item& got = *it->second;
        if (got.title && strip_damage(*got.title) == *want.title && got.id == want.id && got.content == want.content &&
            got.summary == want.summary)
            ++intact;
    }
    std::printf("malformed feed: %zu of %d items intact (%.2f%%), recovered=%d, %zu warnings\n", intact, kBigItems,
                100.0 * static_cast<double>(intact) / kBigItems, broken->feed.recovered ? 1 : 0,
                broken->feed.warnings.size());
    return 0;
}

int write_corpus(const std::string& dir) {
    for (const char* name : {"rss", "atom", "malformed"}) {
        std::ofstream(dir + "/" + name + ".xml", std::ios::binary) << corpus(name).documents[0];
    }
    const Corpus& small = corpus("small");
    for (std::size_t i = 0; i < small.documents.size(); ++i)
        std::ofstream(dir + "/small-" + std::to_string(i) + ".xml", std::ios::binary) << small.documents[i];
    return 0;
}

// Runs one benchmark once in this (fresh) process on the corpus read from a
// file, as a reader would, and prints the peak RSS: the input is counted once
// (pugixml reads the file into its own buffer; clipfeed into the parsed feed's).
// Also its time: a first parse, with no memory a previous parse left for reuse.
// The file comes from --write-corpus in another process: making the corpus
// here would leave its own high-water mark.
int peak_rss(const std::string& work_name, const std::string& path) {
    const auto start = std::chrono::steady_clock::now();
    std::size_t result = 0;
    std::size_t items = 0;
    if (work_name == "pugixml_walk") {
        pugi::xml_document doc;
        doc.load_file(path.c_str());
        result = std::strlen(doc.document_element().name());
    } else {
        clipfeed::ParseContext context;
        context.enrich = clipfeed::clipping_enricher(work_name != "parse");
        std::string error;
        auto parsed = clipfeed::parse_feed_file(path, context, error);
        if (!parsed) {
            std::fprintf(stderr, "%s\n", error.c_str());
            return 1;
        }
        items = parsed->feed.items.size();
        result = items;
        if (work_name == "json") {
            std::string out;
            clipfeed::write_feed_json(parsed->feed, clipfeed::JsonStyle::compact, out);
            result += out.size();
        }
    }
    benchmark::DoNotOptimize(result);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::ifstream file(path, std::ios::binary | std::ios::ate);
    std::printf("%s %s peak_rss_kib=%ld input_bytes=%lld seconds=%.4f items=%zu\n", work_name.c_str(),
                path.c_str(), clipfeed::bench::process_usage().peak_rss_kib,
                static_cast<long long>(file.tellg()), seconds, items);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 3 && std::strcmp(argv[1], "--write-corpus") == 0) return write_corpus(argv[2]);
    if (argc >= 4 && std::strcmp(argv[1], "--peak-rss") == 0) return peak_rss(argv[2], argv[3]);
    if (argc >= 2 && std::strcmp(argv[1], "--check-malformed") == 0) return check_malformed();
    register_benchmarks();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
