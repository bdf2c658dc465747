// Throughput of extract_clipping on a feed's worth of items: 20,000 synthetic
// clippings of about 4 KB of HTML each (the size of the content:encoded of the
// clipping feeds the library is built for), and the same as plain text.
//   build/tests/clipfeed_bench_clipping [rounds]
// Not run by ctest: timings on a shared machine are not pass/fail material.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "plugin/clipping.hpp"

namespace {

constexpr int kItems = 20000;

const char* const kSentences[] = {
    "The council voted to extend the pilot program through the end of next year.",
    "Officials said the \"first results\" were better than expected in every district.",
    "Residents who took part reported shorter waits and fewer missed appointments.",
    "The plan\u2019s critics argue the savings depend on federal money that may not last.",
    "A final report is due in the spring, when the budget talks begin again.",
    "Between the lines: the mayor needs the program to work before the election.",
};

std::string passage(int item, int salt, int sentences) {
    std::string out;
    for (int i = 0; i < sentences; ++i) {
        if (!out.empty()) out += ' ';
        out += kSentences[(item + salt + i) % 6];
    }
    return out;
}

std::string html_item(int item) {
    std::string out;
    for (int q = 0; q < 3; ++q)
        out += "<blockquote><p>\u201C" + passage(item, q, 10) + "\u201D</p></blockquote>\n";
    out += "<p>" + passage(item, 4, 10) + "</p>\n";
    out += "<p><a href=\"https://clips.example.org/tags/city-hall\">#city-hall</a> "
           "<a href=\"https://clips.example.org/tags/budget\">#budget</a></p>\n";
    out += "<p><a href=\"https://news.example.com/story/" + std::to_string(item) + "\">Read at City News</a></p>\n";
    out += "<p>" + std::to_string(item % 9 + 1) + " min read</p>\n";
    out += "<div class=\"collection\">Collection <span>[</span> | <span>...</span> ]</div>";
    return out;
}

std::string text_item(int item) {
    std::string out;
    for (int q = 0; q < 3; ++q) out += "\"" + passage(item, q, 11) + "\"\n";
    out += passage(item, 4, 11) + "\n#city-hall #budget\nRead at City News\n";
    out += std::to_string(item % 9 + 1) + " min read\nCollection\n[\n|\n...\n]";
    return out;
}

void run(const char* name, const std::vector<std::string>& items, clipfeed::ContentKind kind, int rounds) {
    std::size_t bytes = 0;
    for (const auto& item : items) bytes += item.size();
    double best = 1e9;
    std::size_t found = 0;
    for (int round = 0; round < rounds; ++round) {
        clipfeed::Arena arena;
        found = 0;
        auto start = std::chrono::steady_clock::now();
        for (const auto& item : items)
            if (clipfeed::extract_clipping(item, kind, "https://clips.example.org/c/1", arena)) ++found;
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::printf("%-5s %zu items, %.1f MB, %zu clippings: best %.3f s, %.0f MB/s, %.0f items/s\n", name, items.size(),
                bytes / 1e6, found, best, bytes / 1e6 / best, items.size() / best);
}

}  // namespace

int main(int argc, char** argv) {
    int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
    if (rounds < 1) rounds = 1;
    std::vector<std::string> html, text;
    for (int i = 0; i < kItems; ++i) {
        html.push_back(html_item(i));
        text.push_back(text_item(i));
    }
    run("html", html, clipfeed::ContentKind::html, rounds);
    run("text", text, clipfeed::ContentKind::text, rounds);
    return 0;
}
