#include "plugin/clipping/paragraphs.hpp"

#include "plugin/clipping/unicode_text.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace clipfeed {

namespace {

// Printable ASCII (and DEL): not white space, nothing to decode, nothing NFC
// could change. Read as signed, bytes 0x80-0xFF are negative, so one
// comparison does (which also makes is_plain_block's vector code shorter).
bool is_visible_ascii(unsigned char c) { return static_cast<signed char>(c) > 0x20; }

// How many bytes is_plain_block looks at in one go.
constexpr std::size_t kPlainBlock = 32;

// Whether each of the kPlainBlock bytes at `p` is visible ASCII, or a space
// with visible ASCII after it (so p[kPlainBlock] is read too): text that goes
// in as it is. 16 bytes per instruction with SSE2 (every x86-64 has it): a
// byte-at-a-time loop was half the time of the whole extraction.
bool is_plain_block(const unsigned char* p) {
#if defined(__SSE2__)
    // Written out rather than left to gcc's vectorization of the loop below,
    // which built each byte's neighbour with byte shifts instead of a second
    // load: extraction 3-9% faster (bench/README.md).
    static_assert(kPlainBlock == 32, "two 16-byte halves");
    const __m128i space = _mm_set1_epi8(' ');
    const auto plain_16 = [&](const unsigned char* q) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
        const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 1));
        // Signed comparison: bytes 0x80-0xFF are negative, so not visible.
        const __m128i visible = _mm_cmpgt_epi8(bytes, space);
        const __m128i single_space = _mm_and_si128(_mm_cmpeq_epi8(bytes, space), _mm_cmpgt_epi8(next, space));
        return _mm_or_si128(visible, single_space);
    };
    return _mm_movemask_epi8(_mm_and_si128(plain_16(p), plain_16(p + 16))) == 0xFFFF;
#else
    // Written with & and no early exit, so that a compiler can vectorize it.
    unsigned char plain = 1;
    for (std::size_t i = 0; i < kPlainBlock; ++i) {
        unsigned char single_space = (p[i] == ' ') & is_visible_ascii(p[i + 1]);
        plain &= is_visible_ascii(p[i]) | single_space;
    }
    return plain != 0;
#endif
}

// The length of the character at bytes[pos] when it is one of the common
// characters beyond ASCII that are not white space and that NFC leaves as
// they are in any text: the accented Latin letters of U+00C0-U+02FF (lead
// bytes C3-CB) and the dashes, quote marks, bullets and ellipsis of
// U+2010-U+2027 (E2 80 90-A7). Else 0.
std::size_t plain_character_length(const unsigned char* bytes, std::size_t pos, std::size_t size) {
    auto is_continuation = [](unsigned char b) { return (b & 0xC0) == 0x80; };
    if (bytes[pos] >= 0xC3 && bytes[pos] <= 0xCB && pos + 1 < size && is_continuation(bytes[pos + 1])) return 2;
    if (bytes[pos] == 0xE2 && pos + 2 < size && bytes[pos + 1] == 0x80 && bytes[pos + 2] >= 0x90 &&
        bytes[pos + 2] <= 0xA7)
        return 3;
    return 0;
}

// The end of the run of visible ASCII and plain_character_length's characters,
// single spaces between, that starts at text[pos] (a visible ASCII byte or
// such a character): text that goes in as it is. The run never ends with a space.
std::size_t end_of_plain_text(std::string_view text, std::size_t pos) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    for (;;) {
        while (size - pos > kPlainBlock && is_plain_block(bytes + pos)) pos += kPlainBlock;
        // Byte by byte through the block that stopped the blocks (or the rest);
        // past a character beyond ASCII, blocks again.
        for (;;) {
            if (pos == size) return pos;
            if (is_visible_ascii(bytes[pos])) {
                ++pos;
            } else if (bytes[pos] == ' ' && pos + 1 < size &&
                       (is_visible_ascii(bytes[pos + 1]) || plain_character_length(bytes, pos + 1, size) > 0)) {
                ++pos;
            } else if (std::size_t length = plain_character_length(bytes, pos, size)) {
                pos += length;
                break;
            } else {
                return pos;
            }
        }
    }
}

struct CharacterAt {
    std::size_t length;  // in bytes; 1 for a byte that is not valid UTF-8
    bool white_space;
    bool nfc_inert;      // false for invalid UTF-8, which normalize() replaces
};

// The character at text[pos], any byte but visible ASCII.
CharacterAt character_at(std::string_view text, std::size_t pos) {
    auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) return {1, unicode::is_white_space(byte), true};
    std::size_t next = pos;
    char32_t cp = unicode::next_codepoint(text, next);
    bool invalid = cp == unicode::kReplacementCharacter && next == pos + 1;
    return {next - pos, !invalid && unicode::is_white_space(cp), !invalid && unicode::is_nfc_inert(cp)};
}

}  // namespace

void Paragraphs::clear() {
    text_.clear();
    links_.clear();
    paragraphs_.clear();
    separators_.clear();
    open_ = Paragraph{};
    pending_space_ = false;
    open_link_.clear();
    link_is_open_ = false;
}

// Each piece of text between white space goes in with one append. A piece
// takes in single spaces between words as they are, so a paragraph of prose
// is usually one piece.
void Paragraphs::append_text(std::string_view text) {
    constexpr std::size_t kNoPiece = std::string_view::npos;
    std::size_t piece = kNoPiece;  // where the piece being gathered starts
    std::size_t piece_end = 0;     // the end of its last character that is not white space
    std::size_t pos = 0;
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    while (pos < text.size()) {
        // Plain text, even when it starts with a curly quote or an accented
        // letter, is not decoded: character_at costs three calls.
        if (is_visible_ascii(bytes[pos]) ||
            (bytes[pos] >= 0x80 && plain_character_length(bytes, pos, text.size()) > 0)) {
            if (piece == kNoPiece) piece = pos;
            pos = piece_end = end_of_plain_text(text, pos);
            continue;
        }
        CharacterAt character = character_at(text, pos);
        if (!character.white_space) {
            if (piece == kNoPiece) piece = pos;
            if (!character.nfc_inert) open_.may_change_under_nfc = true;
            pos = piece_end = pos + character.length;
            continue;
        }
        // One space right after the piece's text stays in it if more text follows.
        bool single_space = text[pos] == ' ' && piece != kNoPiece && piece_end == pos;
        if (!single_space) {
            if (piece != kNoPiece) append_visible(text.substr(piece, piece_end - piece));
            piece = kNoPiece;
            pending_space_ = true;
        }
        pos += character.length;
    }
    if (piece != kNoPiece) {
        append_visible(text.substr(piece, piece_end - piece));
        if (piece_end < text.size()) pending_space_ = true;  // the text ended in a space
    }
}

void Paragraphs::append_codepoint(char32_t cp) {
    if (unicode::is_white_space(cp)) {
        pending_space_ = true;
        return;
    }
    char bytes[4];
    std::size_t n = unicode::encode_utf8(cp, bytes);
    if (!unicode::is_nfc_inert(cp)) open_.may_change_under_nfc = true;
    append_visible(std::string_view(bytes, n));
}

void Paragraphs::append_visible(std::string_view bytes) {
    if (text_.size() == open_.text.begin)
        take_open_link();  // the paragraph's first text: leading white space is dropped
    else if (pending_space_)
        text_.push_back(' ');
    pending_space_ = false;
    text_.append(bytes);
}

void Paragraphs::take_open_link() {
    if (!link_is_open_ || open_.has_link) return;
    open_.link.begin = links_.size();
    links_.append(open_link_);
    open_.link.end = links_.size();
    open_.has_link = true;
}

void Paragraphs::set_open_link(std::optional<std::string_view> href) {
    link_is_open_ = href.has_value();
    if (!href) return;
    open_link_.assign(*href);
    take_open_link();
}

void Paragraphs::end_paragraph(bool blockquote) {
    if (text_.size() == open_.text.begin) {
        if (open_.has_link) links_.resize(open_.link.begin);  // an empty paragraph keeps no link
    } else {
        open_.text.end = text_.size();
        open_.blockquote = blockquote;
        paragraphs_.push_back(open_);
    }
    open_ = Paragraph{};
    open_.text.begin = text_.size();
    pending_space_ = false;
}

void Paragraphs::separate() {
    end_paragraph();
    separators_.push_back(paragraphs_.size());
}

void Paragraphs::normalize() {
    for (Paragraph& p : paragraphs_) {
        // The mark is also set for some text NFC leaves alone (a UTF-8 sequence
        // cut in two by a tag is invalid in each half): look closer.
        if (!p.may_change_under_nfc || unicode::is_stable_under_nfc(view(text_, p.text))) continue;
        unicode::to_nfc(view(text_, p.text), normalized_);
        p.text.begin = text_.size();
        text_.append(normalized_);
        p.text.end = text_.size();
    }
    open_.text.begin = text_.size();
}

Paragraphs::Mark Paragraphs::mark() const {
    Mark m;
    m.text = text_.size();
    m.links = links_.size();
    m.paragraphs = paragraphs_.size();
    m.separators = separators_.size();
    m.open = open_;
    m.pending_space = pending_space_;
    m.link_is_open = link_is_open_;
    if (link_is_open_) m.open_link = open_link_;
    return m;
}

void Paragraphs::rollback(const Mark& m) {
    text_.resize(m.text);
    links_.resize(m.links);
    paragraphs_.resize(m.paragraphs);
    separators_.resize(m.separators);
    open_ = m.open;
    pending_space_ = m.pending_space;
    link_is_open_ = m.link_is_open;
    if (link_is_open_) open_link_ = m.open_link;
}

std::optional<std::string_view> Paragraphs::link(std::size_t i) const {
    if (!paragraphs_[i].has_link) return std::nullopt;
    return view(links_, paragraphs_[i].link);
}

}  // namespace clipfeed
