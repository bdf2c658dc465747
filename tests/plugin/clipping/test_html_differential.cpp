// The hand-written HTML tokenizer (plugin/clipping/html_paragraphs) against libxml2's
// real HTML parser: over every HTML fixture, both must give the same
// paragraphs. The libxml2 side parses with htmlReadMemory and walks the tree
// with the same paragraph rules (element_role), so what is compared is how the
// markup is read: tags, attributes, comments, raw text, character references.
#include <catch2/catch.hpp>
#include <libxml/HTMLparser.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/clipping_test_support.hpp"
#include "plugin/clipping/html_paragraphs.hpp"
#include "plugin/clipping/paragraphs.hpp"

using clipfeed::ElementRole;
using clipfeed::Paragraphs;
namespace fs = std::filesystem;

namespace {

struct DocDeleter {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

std::string lowercase(const xmlChar* name) {
    std::string out(reinterpret_cast<const char*>(name));
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

class TreeWalker {
public:
    explicit TreeWalker(Paragraphs& out) : out_(out) {}

    void walk(const xmlNode* node) {
        for (; node; node = node->next) {
            if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
                if (node->content) out_.append_text(reinterpret_cast<const char*>(node->content));
            } else if (node->type == XML_ELEMENT_NODE) {
                element(node);
            }
        }
    }

    void finish() {
        out_.end_paragraph(blockquote_depth_ > 0);
        out_.set_open_link(std::nullopt);
    }

private:
    void element(const xmlNode* node) {
        const std::string name = lowercase(node->name);
        const ElementRole role = clipfeed::element_role(name);
        if (role == ElementRole::raw_text) return;
        const bool anchor = name == "a";
        if (anchor) {
            std::unique_ptr<xmlChar, decltype(xmlFree)> href(xmlGetProp(node, BAD_CAST "href"), xmlFree);
            if (href)
                out_.set_open_link(std::string_view(reinterpret_cast<const char*>(href.get())));
            else
                out_.set_open_link(std::nullopt);
        }
        boundary_at_start(role);
        walk(node->children);
        boundary_at_end(role);
        if (anchor) out_.set_open_link(std::nullopt);
    }

    void boundary_at_start(ElementRole role) {
        if (role == ElementRole::blockquote) {
            if (blockquote_depth_++ == 0)
                out_.end_paragraph();
            else
                out_.append_space();
        } else if (role == ElementRole::block || role == ElementRole::line_break) {
            boundary();
        }
    }

    void boundary_at_end(ElementRole role) {
        if (role == ElementRole::blockquote) {
            if (--blockquote_depth_ == 0)
                out_.end_paragraph(true);
            else
                out_.append_space();
        } else if (role == ElementRole::block) {
            boundary();
        }
    }

    void boundary() {
        if (blockquote_depth_ > 0)
            out_.append_space();
        else
            out_.end_paragraph();
    }

    Paragraphs& out_;
    int blockquote_depth_ = 0;
};

// Both sides normalized, as the extractor reads them.
std::vector<std::string> describe(Paragraphs& paragraphs) {
    paragraphs.normalize();
    return clipfeed_test::describe_paragraphs(paragraphs);
}

std::vector<std::string> libxml2_paragraphs(const std::string& html) {
    // Not HTML_PARSE_NOIMPLIED: with it, libxml2 2.9 nests top-level siblings in the first element.
    const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
    std::unique_ptr<xmlDoc, DocDeleter> doc(
        htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", options));
    REQUIRE(doc);
    Paragraphs paragraphs;
    TreeWalker walker(paragraphs);
    walker.walk(doc->children);
    walker.finish();
    return describe(paragraphs);
}

std::vector<std::string> tokenizer_paragraphs(const std::string& html) {
    Paragraphs paragraphs;
    clipfeed::read_html_paragraphs(html, paragraphs);
    return describe(paragraphs);
}

void compare_on(const std::vector<fs::path>& files) {
    for (const fs::path& file : files) {
        INFO("file " << file);
        const std::string html = clipfeed_test::read_file(file);
        auto expected = libxml2_paragraphs(html);
        CHECK(!expected.empty());
        CHECK(tokenizer_paragraphs(html) == expected);
    }
}

}  // namespace

TEST_CASE("The tokenizer and libxml2's HTML parser give the same paragraphs for our HTML fixtures",
          "[clipping][paragraphs][differential]") {
    auto files = clipfeed_test::files_with_extensions(fs::path(CLIPFEED_FIXTURES_DIR) / "clipping", {".html"});
    REQUIRE(files.size() >= 7);
    compare_on(files);
}

TEST_CASE("The tokenizer and libxml2's HTML parser give the same paragraphs for the shared HTML cases",
          "[clipping][paragraphs][differential][shared]") {
    const fs::path cases = fs::path(CLIPFEED_SHARED_DIR) / "examples" / "clippings" / "cases";
    if (!fs::is_directory(cases)) {
        WARN("skipped: " << cases << " is absent (set CLIPFEED_SHARED_DIR)");
        return;
    }
    auto files = clipfeed_test::files_with_extensions(cases, {".html"});
    REQUIRE(!files.empty());
    compare_on(files);
}
