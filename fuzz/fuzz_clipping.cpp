// Fuzz target: clipping extraction from any text or HTML (the first byte
// picks detect, text or HTML). The rest is also read as Markdown both ways,
// by the fast path and by md4c alone, which must give the same paragraphs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "feeds/out/json_writer.hpp"
#include "plugin/clipping/clipping.hpp"
#include "plugin/clipping/markdown_paragraphs.hpp"
#include "plugin/clipping/paragraphs.hpp"

namespace {

bool same_paragraphs(const clipfeed::Paragraphs& a, const clipfeed::Paragraphs& b) {
    if (a.size() != b.size() || a.separators() != b.separators()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a.text(i) != b.text(i) || a.is_blockquote(i) != b.is_blockquote(i) || a.link(i) != b.link(i))
            return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static const clipfeed::ContentKind kKinds[] = {clipfeed::ContentKind::detect, clipfeed::ContentKind::text,
                                                   clipfeed::ContentKind::html};
    const std::string_view content(reinterpret_cast<const char*>(data) + 1, size - 1);
    clipfeed::Arena arena;
    auto clipping = clipfeed::extract_clipping(content, kKinds[data[0] % 3], "http://fuzz.example/item/1", arena);
    std::string json;
    clipfeed::write_clipping_json(clipping ? &*clipping : nullptr, clipfeed::JsonStyle::compact, json);

    clipfeed::Paragraphs fast, md4c;
    clipfeed::read_markdown_paragraphs(content, fast, clipfeed::MarkdownReading::fast);
    clipfeed::read_markdown_paragraphs(content, md4c, clipfeed::MarkdownReading::md4c_only);
    fast.normalize();
    md4c.normalize();
    if (!same_paragraphs(fast, md4c)) std::abort();  // the fast path read this input differently
    return 0;
}
