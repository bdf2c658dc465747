// Fuzz target: URL resolution, both the RFC 3986 resolver (feeds/text) and the HTML
// rewriter's link resolution. The input is "base\nreference".
#include <cstddef>
#include <cstdint>
#include <string>

#include "feeds/html/html_rewrite.hpp"
#include "feeds/text/urls.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::size_t split = input.find('\n');
    std::string_view base = split == std::string_view::npos ? input : input.substr(0, split);
    std::string_view reference = split == std::string_view::npos ? std::string_view() : input.substr(split + 1);
    std::string resolved = clipfeed::resolve_url(base, reference);
    (void)resolved;
    clipfeed::HtmlRewriteOptions options;
    options.base_url = base;
    std::string html = "<a href=\"" + std::string(reference) + "\">x</a><img src='" + std::string(reference) + "'>";
    auto rewritten = clipfeed::rewrite_html(html, options);
    (void)rewritten;
    return 0;
}
