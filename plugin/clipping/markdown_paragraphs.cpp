#include "plugin/clipping/markdown_paragraphs.hpp"

#include <md4c.h>

#include <new>
#include <optional>
#include <string>

#include "plugin/clipping/html_entities.hpp"
#include "plugin/clipping/markdown_blocks.hpp"
#include "plugin/clipping/unicode_text.hpp"

namespace clipfeed {

namespace {

bool is_line_start(std::string_view text, std::size_t pos) {
    return pos == 0 || text[pos - 1] == '\n' || text[pos - 1] == '\r';
}

}  // namespace

bool has_markdown_quote_line(std::string_view text) {
    for (std::size_t at = text.find('>'); at != std::string_view::npos; at = text.find('>', at + 1)) {
        std::size_t start = at;
        while (start > 0 && at - start < 3 && text[start - 1] == ' ') --start;
        if (is_line_start(text, start)) return true;
    }
    return false;
}

namespace {

// "[text](" with a ')' later on: a link, or an image, which is one too.
bool has_link(std::string_view text) {
    for (std::size_t at = text.find("]("); at != std::string_view::npos; at = text.find("](", at + 2)) {
        const std::size_t line_start = text.find_last_of("\r\n", at) + 1;  // npos + 1 == 0
        const std::size_t open = text.rfind('[', at);
        if (open == std::string_view::npos || open < line_start) continue;
        if (text.find(')', at + 2) != std::string_view::npos) return true;
    }
    return false;
}

class MarkdownReader {
public:
    explicit MarkdownReader(Paragraphs& out) : out_(out) {}

    void run(std::string_view text) {
        MD_PARSER parser{};
        // Raw HTML is text here (the content was found not to be HTML), and a
        // line indented four spaces is a paragraph line like any other.
        parser.flags = MD_FLAG_NOHTML | MD_FLAG_NOINDENTEDCODEBLOCKS;
        parser.enter_block = &MarkdownReader::enter_block;
        parser.leave_block = &MarkdownReader::leave_block;
        parser.enter_span = &MarkdownReader::enter_span;
        parser.leave_span = &MarkdownReader::leave_span;
        parser.text = &MarkdownReader::text;
        // md_parse fails only when it runs out of memory: what was read stays.
        if (md_parse(text.data(), static_cast<MD_SIZE>(text.size()), &parser, this) != 0) throw std::bad_alloc();
        out_.end_paragraph(quote_depth_ > 0);
        out_.set_open_link(std::nullopt);
    }

private:
    static MarkdownReader& self(void* userdata) { return *static_cast<MarkdownReader*>(userdata); }

    // Inside a quote block, a boundary is only white space: it stays one paragraph.
    void boundary() {
        if (quote_depth_ > 0)
            out_.append_space();
        else
            out_.end_paragraph();
    }

    static int enter_block(MD_BLOCKTYPE type, void*, void* userdata) {
        MarkdownReader& r = self(userdata);
        switch (type) {
            case MD_BLOCK_QUOTE:
                r.boundary();
                ++r.quote_depth_;
                break;
            case MD_BLOCK_HR:
                if (r.quote_depth_ == 0)
                    r.out_.separate();
                else
                    r.out_.append_space();
                break;
            case MD_BLOCK_DOC:
            case MD_BLOCK_UL:
            case MD_BLOCK_OL:
                break;
            default:  // p, li, h1-h6, code, tables
                r.boundary();
                break;
        }
        return 0;
    }

    static int leave_block(MD_BLOCKTYPE type, void*, void* userdata) {
        MarkdownReader& r = self(userdata);
        switch (type) {
            case MD_BLOCK_QUOTE:
                if (--r.quote_depth_ == 0)
                    r.out_.end_paragraph(true);
                else
                    r.out_.append_space();
                break;
            case MD_BLOCK_DOC:
            case MD_BLOCK_UL:
            case MD_BLOCK_OL:
            case MD_BLOCK_HR:
                break;
            default:
                r.boundary();
                break;
        }
        return 0;
    }

    static int enter_span(MD_SPANTYPE type, void* detail, void* userdata) {
        MarkdownReader& r = self(userdata);
        if (type == MD_SPAN_IMG) {
            ++r.image_depth_;  // an image gives nothing, not even its alt text
        } else if (type == MD_SPAN_A && r.image_depth_ == 0) {
            r.out_.set_open_link(r.attribute(static_cast<MD_SPAN_A_DETAIL*>(detail)->href));
        }
        return 0;
    }

    static int leave_span(MD_SPANTYPE type, void*, void* userdata) {
        MarkdownReader& r = self(userdata);
        if (type == MD_SPAN_IMG)
            --r.image_depth_;
        else if (type == MD_SPAN_A && r.image_depth_ == 0)
            r.out_.set_open_link(std::nullopt);
        return 0;
    }

    static int text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* userdata) {
        MarkdownReader& r = self(userdata);
        if (r.image_depth_ > 0) return 0;
        std::string_view piece(text, size);
        switch (type) {
            case MD_TEXT_BR:
            case MD_TEXT_SOFTBR:
                r.out_.append_space();  // the lines of a block join with a space
                break;
            case MD_TEXT_NULLCHAR:
                r.out_.append_codepoint(0xFFFD);
                break;
            case MD_TEXT_ENTITY:
                r.append_entity(piece);
                break;
            default:  // normal text, code, raw HTML read as text
                r.out_.append_text(piece);
                break;
        }
        return 0;
    }

    void append_entity(std::string_view entity) {
        if (auto reference = read_character_reference(entity, 0, false); reference && reference->length == entity.size())
            out_.append_codepoint(reference->codepoint);
        else
            out_.append_text(entity);
    }

    // An attribute's value, its entities decoded (md4c has resolved the escapes).
    std::string_view attribute(const MD_ATTRIBUTE& a) {
        attribute_.clear();
        for (std::size_t i = 0; a.substr_offsets[i] < a.size; ++i) {
            std::string_view part(a.text + a.substr_offsets[i], a.substr_offsets[i + 1] - a.substr_offsets[i]);
            if (a.substr_types[i] == MD_TEXT_ENTITY) {
                auto reference = read_character_reference(part, 0, true);
                if (reference && reference->length == part.size()) {
                    unicode::append_utf8(attribute_, reference->codepoint);
                    continue;
                }
            } else if (a.substr_types[i] == MD_TEXT_NULLCHAR) {
                unicode::append_utf8(attribute_, 0xFFFD);
                continue;
            }
            attribute_.append(part);
        }
        return attribute_;
    }

    Paragraphs& out_;
    int quote_depth_ = 0;
    int image_depth_ = 0;
    std::string attribute_;
};

}  // namespace

bool looks_like_markdown(std::string_view text) { return has_markdown_quote_line(text) || has_link(text); }

// md4c alone is slower than the whole HTML extraction, so it reads only the
// blocks the line scanner (markdown_blocks.hpp) cannot: each run of
// consecutive such blocks, blank lines between them included, in one call.
// Only such a run can hold what reaches across blocks (a link reference
// definition, a code fence: see has_cross_block_markdown); when one does,
// everything read so far is forgotten and md4c reads the whole document.
void read_markdown_paragraphs(std::string_view text, Paragraphs& out, MarkdownReading how) {
    MarkdownReader md4c(out);
    if (how == MarkdownReading::md4c_only) {
        md4c.run(text);
        return;
    }
    const Paragraphs::Mark start = out.mark();
    constexpr std::size_t kNoRun = std::string_view::npos;
    std::size_t run_begin = kNoRun;  // the run of blocks for md4c not yet read
    std::size_t run_end = 0;
    // False when the whole document must go to md4c.
    auto read_run = [&] {
        if (run_begin == kNoRun) return true;
        const std::string_view run = text.substr(run_begin, run_end - run_begin);
        run_begin = kNoRun;
        if (has_cross_block_markdown(run)) return false;
        md4c.run(run);
        return true;
    };
    bool whole = false;
    MarkdownBlock block;
    for (std::size_t pos = 0; next_markdown_block(text, pos, block);) {
        if (block.kind == MarkdownBlock::Kind::other) {
            if (run_begin == kNoRun) run_begin = block.begin;
            run_end = block.end;
            continue;
        }
        if (!read_run()) {
            whole = true;
            break;
        }
        append_plain_block(text, block, out);
    }
    if (whole || !read_run()) {
        out.rollback(start);
        md4c.run(text);
        return;
    }
    out.end_paragraph();  // as md4c.run ends
    out.set_open_link(std::nullopt);
}

}  // namespace clipfeed
