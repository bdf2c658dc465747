// Fuzz target: the HTML rewriter's shortcut for markup already in the
// sanitizer's form (feeds/html/html_canonical.cpp) against the full rewriter. The
// input is "base\nhtml"; a difference aborts, so libFuzzer keeps the input.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "feeds/html/html_rewrite.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t split = input.find('\n');
    const std::string_view base = split == std::string_view::npos ? std::string_view() : input.substr(0, split);
    const std::string_view html = split == std::string_view::npos ? input : input.substr(split + 1);

    clipfeed::HtmlRewriteOptions options;
    options.sanitize = true;
    options.base_url = base;
    clipfeed::HtmlRewriteWorkspace with_shortcut, in_full;
    const std::optional<std::string_view> fast = clipfeed::rewrite_html(html, options, with_shortcut);
    const std::optional<std::string_view> full = clipfeed::rewrite_html_in_full(html, options, in_full);
    if (fast.has_value() != full.has_value() || (fast && *fast != *full)) {
        std::fprintf(stderr, "the shortcut and the full rewriter differ\n  shortcut: %.*s\n  full:     %.*s\n",
                     static_cast<int>(fast.value_or("(unchanged)").size()), fast.value_or("(unchanged)").data(),
                     static_cast<int>(full.value_or("(unchanged)").size()), full.value_or("(unchanged)").data());
        std::abort();
    }
    return 0;
}
