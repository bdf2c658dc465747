// Why glibc iconv and not libxml2's encoding handlers: libxml2 itself hands
// every charset beyond UTF-8/UTF-16/Latin-1/ASCII to iconv, so it knows nothing
// more; its handler API reports a failure without where or why, differs between
// libxml2 2.9 and 2.12+, and goes through a process-wide handler registry. Calling
// iconv directly gives strict decoding (needed to try the next candidate charset
// the way feedparser does), a replacement mode of our own, and the exact byte that
// failed.
#include "feeds/text/charset_convert.hpp"
#include "feeds/text/ascii.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstring>

namespace clipfeed {

namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

char to_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool is_label_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':';
}

// Labels Python's codecs (hence feedparser) or the WHATWG Encoding Standard know
// under a name that glibc does not.
struct LabelAlias {
    std::string_view label;
    std::string_view iconv_name;
};
constexpr LabelAlias kAliases[] = {
    {"u8", "UTF-8"},
    {"cp65001", "UTF-8"},
    {"646", "ASCII"},
    {"8859", "ISO-8859-1"},
    {"ks_c_5601-1987", "EUC-KR"},
    {"ks_c_5601", "EUC-KR"},
    {"macroman", "MACINTOSH"},
    {"mac-roman", "MACINTOSH"},
    {"x-mac-roman", "MACINTOSH"},
    {"x-sjis", "SJIS"},
    {"unicode-1-1-utf-7", "UTF-7"},
    {"iso-8859-8-i", "ISO-8859-8"},
};

bool iconv_knows(const std::string& name) {
    iconv_t cd = iconv_open("UTF-8", name.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return false;
    iconv_close(cd);
    return true;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = to_upper(c);
    return out;
}

// Owns an iconv descriptor.
class IconvHandle {
public:
    explicit IconvHandle(const std::string& from) : cd_(iconv_open("UTF-8", from.c_str())) {}
    ~IconvHandle() {
        if (ok()) iconv_close(cd_);
    }
    IconvHandle(const IconvHandle&) = delete;
    IconvHandle& operator=(const IconvHandle&) = delete;
    bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
    iconv_t get() const { return cd_; }

private:
    iconv_t cd_;
};

// An output buffer that grows as iconv fills it.
class OutputBuffer {
public:
    explicit OutputBuffer(std::size_t initial) : text_(initial, '\0') {}
    char** cursor() { return &cursor_ptr_; }
    std::size_t* room() { return &room_; }
    void start() {
        cursor_ptr_ = text_.data();
        room_ = text_.size();
    }
    void grow(std::size_t at_least) {
        const std::size_t used = this->used();
        text_.resize(text_.size() * 2 + at_least);
        cursor_ptr_ = text_.data() + used;
        room_ = text_.size() - used;
    }
    void append(std::string_view s) {
        if (room_ < s.size()) grow(s.size());
        std::memcpy(cursor_ptr_, s.data(), s.size());
        cursor_ptr_ += s.size();
        room_ -= s.size();
    }
    std::string take() {
        text_.resize(used());
        return std::move(text_);
    }

private:
    std::size_t used() const { return static_cast<std::size_t>(cursor_ptr_ - text_.data()); }
    std::string text_;
    char* cursor_ptr_ = nullptr;
    std::size_t room_ = 0;
};

}  // namespace

std::optional<std::string> iconv_charset_name(std::string_view label) {
    std::string lower;
    for (char c : label) lower += ascii_lower(c);
    while (!lower.empty() && (lower.back() == ' ' || lower.back() == '\t')) lower.pop_back();
    while (!lower.empty() && (lower.front() == ' ' || lower.front() == '\t')) lower.erase(0, 1);
    if (lower.empty() || lower.size() > 64) return std::nullopt;
    for (char c : lower)
        if (!is_label_character(c)) return std::nullopt;
    // glibc names for its own internal forms; no feed means these.
    if (lower == "wchar_t" || lower == "internal" || lower == "char") return std::nullopt;

    for (const LabelAlias& alias : kAliases)
        if (lower == alias.label) return std::string(alias.iconv_name);

    // Python treats '-', '_' and their absence alike ("latin_1", "utf_8"); glibc
    // knows some spellings only. Try the label as written, then those variants.
    std::string dashed = lower, bare;
    for (char& c : dashed)
        if (c == '_') c = '-';
    for (char c : lower)
        if (c != '-' && c != '_') bare += c;
    for (const std::string& candidate : {lower, dashed, bare}) {
        std::string name = upper(candidate);
        if (iconv_knows(name)) return name;
    }
    return std::nullopt;
}

std::optional<Converted> convert_to_utf8(std::string_view bytes, const std::string& iconv_name,
                                         InvalidInput on_invalid, std::size_t unit_size) {
    IconvHandle converter(iconv_name);
    if (!converter.ok()) return std::nullopt;
    if (unit_size == 0) unit_size = 1;

    Converted result;
    // Most legacy text grows by less than half when re-encoded; grow() handles the rest.
    OutputBuffer out(bytes.size() + bytes.size() / 2 + 64);
    out.start();
    // iconv's interface takes char** for input it does not modify.
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    while (in_left > 0) {
        if (iconv(converter.get(), &in, &in_left, out.cursor(), out.room()) != static_cast<std::size_t>(-1))
            break;
        if (errno == E2BIG) {
            out.grow(64);
            continue;
        }
        // EILSEQ: an invalid sequence; EINVAL: a sequence cut off by the end of input.
        if (on_invalid == InvalidInput::fail) return std::nullopt;
        out.append(kReplacementCharacter);
        ++result.replaced;
        const std::size_t skip = in_left < unit_size ? in_left : unit_size;
        in += skip;
        in_left -= skip;
    }
    // Let a stateful charset (ISO-2022-JP) return to its initial state.
    while (iconv(converter.get(), nullptr, nullptr, out.cursor(), out.room()) == static_cast<std::size_t>(-1)) {
        if (errno != E2BIG) break;
        out.grow(64);
    }
    result.utf8 = out.take();
    return result;
}

}  // namespace clipfeed
