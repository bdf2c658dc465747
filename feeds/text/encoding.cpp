// Decides what charset a feed is written in and gives it back as UTF-8, the
// way feedparser 6 does (its encodings.py): candidates in the order of RFC 3023
// (HTTP charset / XML declaration / media type default), then the byte order
// mark, then utf-8, windows-1252, iso-8859-2; the first one that decodes the
// bytes without error wins, and a winner other than the first choice marks the
// document as recovered (feedparser's bozo).
//
// Where feedparser decodes into garbage we do not follow it (with a warning and
// `recovered` when a declared charset is overridden; a default is no claim):
// - a UTF-16/32 byte order mark (or '<' written in UTF-16/32) wins over any
//   label naming an 8-bit charset, and bytes invalid in it are replaced;
// - a UTF-8 byte order mark wins over a label naming another charset;
// - a UTF-16/32 label on a document whose first bytes are 8-bit is not believed.
// Declarations are also read as XML 1.0 writes them (spaces around '=', several
// lines), where feedparser's regular expression wants `encoding="` on one line.
#include "feeds/text/encoding.hpp"

#include "feeds/text/charset_convert.hpp"
#include "feeds/text/encoding_evidence.hpp"
#include "feeds/text/utf8_scan.hpp"

#include <optional>

namespace clipfeed {

namespace {

struct Candidate {
    std::string label;   // lower case, as reported ("utf-8", "gb18030")
    bool declared = false;  // named by the document or the server, not a default
    std::string origin;  // where it came from, for warnings
};

// RFC 3023's choice as feedparser applies it, and what was wrong with the media type.
struct MediaTypeDecision {
    Candidate choice;
    std::string problem;  // non-empty: a warning; the document counts as recovered
};

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool is_utf8_label(std::string_view label) {
    const std::string bare = bare_label(label);
    return bare == "utf8" || bare == "u8" || bare == "cp65001";
}

bool is_ascii_label(std::string_view label) {
    const std::string bare = bare_label(label);
    return bare == "usascii" || bare == "ascii" || bare == "ansix3.41968" || bare == "646" ||
           bare == "iso646us" || bare == "csascii";
}

// Single-byte charsets whose lower half is ASCII: a pure-ASCII document in one
// of them is already UTF-8 and needs no conversion.
bool is_ascii_superset_label(std::string_view label) {
    const std::string bare = bare_label(label);
    for (std::string_view family : {"iso8859", "latin", "windows125", "cp125", "koi8", "cp819"})
        if (starts_with(bare, family)) return true;
    return false;
}

// glibc's EUC-KR and EUC-JP decoders pass a stray byte 0x80..0x9F through as a
// C1 control; EUC has no such single bytes, and Python's codecs (feedparser's)
// reject them, which sends a mislabelled windows-1252 document to the fallbacks.
bool is_euc_label(std::string_view label) {
    const std::string bare = bare_label(label);
    return starts_with(bare, "euckr") || starts_with(bare, "eucjp") || bare == "ujis" || bare == "cseuckr" ||
           starts_with(bare, "ksc5601");
}

bool has_c1_control(std::string_view utf8) {
    for (std::size_t at = utf8.find('\xC2'); at != std::string_view::npos; at = utf8.find('\xC2', at + 1))
        if (at + 1 < utf8.size() && static_cast<unsigned char>(utf8[at + 1]) <= 0x9F) return true;
    return false;
}

MediaTypeDecision decide_by_media_type(std::string_view content_type, bool from_http,
                                       const std::string& xml_encoding) {
    MediaTypeDecision decision;
    auto declared_or = [&](std::string_view fallback, std::string origin) {
        if (!xml_encoding.empty()) return Candidate{xml_encoding, true, "XML declaration"};
        return Candidate{std::string(fallback), false, std::move(origin)};
    };
    content_type = trim(content_type);
    if (content_type.empty()) {
        if (from_http) {
            // RFC 2616's default for text without a charset.
            decision.choice = declared_or("iso-8859-1", "default for HTTP without Content-Type");
            decision.problem = "the HTTP response has no Content-Type";
        } else {
            decision.choice = declared_or("utf-8", "default");
        }
        return decision;
    }

    const ContentType type = parse_content_type(content_type);
    const std::string& media = type.media_type;
    auto charset_or = [&](Candidate fallback) {
        if (!type.charset.empty()) return Candidate{normalized_label(type.charset), true, "HTTP charset"};
        return fallback;
    };
    const bool application_xml = media == "application/xml" || media == "application/xml-dtd" ||
                                 media == "application/xml-external-parsed-entity" ||
                                 (starts_with(media, "application/") && ends_with(media, "+xml"));
    const bool text_xml = media == "text/xml" || media == "text/xml-external-parsed-entity" ||
                          (starts_with(media, "text/") && ends_with(media, "+xml"));
    // JSON Feed is UTF-8 by RFC 8259; feedparser knows no JSON, so no media type
    // of it is "not XML" here.
    const bool json = media == "application/json" || ends_with(media, "+json");

    if (application_xml) {
        decision.choice = charset_or(declared_or("utf-8", "default for " + media));
    } else if (json) {
        decision.choice = charset_or(Candidate{"utf-8", false, "default for " + media});
    } else if (text_xml) {
        // RFC 3023: the XML declaration is ignored for text/xml.
        decision.choice = charset_or(Candidate{"us-ascii", false, "RFC 3023 default for " + media});
    } else if (starts_with(media, "text/")) {
        decision.choice = charset_or(Candidate{"us-ascii", false, "RFC 3023 default for " + media});
        decision.problem = std::string(content_type) + " is not an XML media type";
    } else {
        decision.choice = declared_or("utf-8", "default");
        decision.problem = std::string(content_type) + " is not an XML media type";
    }
    return decision;
}

std::string describe(const Candidate& candidate) {
    return (candidate.declared ? "document declared " : "document taken as ") + candidate.label + " (" +
           candidate.origin + ")";
}

std::string upper_case(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

// Why a candidate was not used.
enum class Rejection { none, unknown_name, invalid_bytes, wide_label_on_narrow_bytes, contradicts_bom };

std::string explain(const Candidate& candidate, Rejection why, const std::string& used) {
    std::string text = describe(candidate);
    switch (why) {
        case Rejection::unknown_name: text += ", an encoding this library does not know"; break;
        case Rejection::invalid_bytes: text += " but is not valid " + candidate.label; break;
        case Rejection::wide_label_on_narrow_bytes: text += " but its first bytes are not UTF-16/32"; break;
        case Rejection::contradicts_bom: text += " but starts with a UTF-8 byte order mark"; break;
        case Rejection::none: break;
    }
    return text + "; decoded as " + used;
}

// The parsers downstream take NUL as the end of the text, so NUL bytes never
// reach them: each becomes U+FFFD.
void note_nul_replacement(std::size_t count, DecodedDocument& out) {
    if (count == 0) return;
    out.recovered = true;
    out.warnings.push_back(std::to_string(count) + " NUL byte(s) replaced with U+FFFD");
}

// Tries charsets on the document body (past any byte order mark).
class CandidateDecoder {
public:
    explicit CandidateDecoder(std::string_view body) : body_(body) {}

    // Scanned once, on first use: utf-8 and the ASCII fast paths share it.
    const Utf8Scan& scan() {
        if (!scanned_) {
            scan_ = scan_utf8(body_);
            scanned_ = true;
        }
        return scan_;
    }

    // Decodes the body strictly as `label`; on success fills `out` (unchanged or utf8).
    Rejection try_label(const std::string& label, DecodedDocument& out) {
        const std::optional<std::string> name = iconv_charset_name(label);
        if (!name) return Rejection::unknown_name;
        if (is_utf8_label(label)) {
            if (!scan().valid_utf8()) return Rejection::invalid_bytes;
            out.unchanged = true;
            return Rejection::none;
        }
        if (is_ascii_label(label) || is_ascii_superset_label(label)) {
            if (scan().all_ascii()) {
                out.unchanged = true;
                return Rejection::none;
            }
            if (is_ascii_label(label)) return Rejection::invalid_bytes;
        }
        std::optional<Converted> converted = convert_to_utf8(body_, *name, InvalidInput::fail);
        if (!converted) return Rejection::invalid_bytes;
        if (is_euc_label(label) && has_c1_control(converted->utf8)) return Rejection::invalid_bytes;
        out.unchanged = false;
        out.utf8 = std::move(converted->utf8);
        return Rejection::none;
    }

private:
    std::string_view body_;
    Utf8Scan scan_;
    bool scanned_ = false;
};

// A document whose first bytes are UTF-16/32: no 8-bit label can be right.
void decode_wide(std::string_view body, const std::string& sniffed, const Candidate& chosen_by_rules,
                 const std::string& how_sniffed, DecodedDocument& out) {
    // A default (text/xml's us-ascii) is no claim about the bytes: RFC 7303,
    // which replaced RFC 3023, lets the byte order mark decide.
    const std::string label = wide_unicode_form(chosen_by_rules.label, sniffed).value_or(chosen_by_rules.label);
    if (label != sniffed && chosen_by_rules.declared) {
        out.recovered = true;
        out.warnings.push_back(describe(chosen_by_rules) + " but is written in " + upper_case(sniffed) + " (" +
                               how_sniffed + "); decoded as " + sniffed);
    }
    const std::string name = upper_case(sniffed);
    std::optional<Converted> converted = convert_to_utf8(body, name, InvalidInput::fail);
    if (!converted) {
        const std::size_t unit = starts_with(sniffed, "utf-16") ? 2 : 4;
        converted = convert_to_utf8(body, name, InvalidInput::replace, unit);
        if (converted) {
            out.recovered = true;
            out.warnings.push_back(std::to_string(converted->replaced) + " invalid " + upper_case(sniffed) +
                                   " sequence(s) replaced with U+FFFD");
        }
    }
    if (converted) {
        out.utf8 = std::move(converted->utf8);
        out.encoding = sniffed;
    }
}

// A UTF-8 document with a few stray bytes (one windows-1252 quote pasted into
// it, say) keeps its UTF-8: feedparser would decode the whole document as
// windows-1252, turning every other non-ASCII character into mojibake. Only
// when the text holds real UTF-8 sequences; a document with none is taken to
// be mislabelled and goes to the fallbacks as in feedparser.
bool keep_utf8_with_strays(std::string_view body, DecodedDocument& out) {
    MixedUtf8 mixed = utf8_with_windows1252_strays(body);
    if (mixed.sequences == 0) return false;
    out.unchanged = false;
    out.utf8 = std::move(mixed.utf8);
    out.encoding = "utf-8";
    out.recovered = true;
    out.warnings.push_back("document is UTF-8 but " + std::to_string(mixed.invalid) +
                           " byte(s) are not (the first at byte " + std::to_string(mixed.first_invalid) +
                           "); read those as windows-1252");
    return true;
}

// A document in an ASCII-compatible (or EBCDIC) charset: feedparser's list of candidates.
void decode_narrow(std::string_view body, const SniffedEncoding& sniffed, const Candidate& chosen_by_rules,
                   const std::string& xml_encoding, DecodedDocument& out) {
    const Candidate by_first_bytes{sniffed.encoding, true, sniffed.from_bom() ? "byte order mark" : "first bytes"};
    // A UTF-8 byte order mark is stronger evidence than a label naming another
    // charset (us-ascii is a subset, not a contradiction): it goes first.
    const bool bom_first = sniffed.encoding == "utf-8" && !is_utf8_label(chosen_by_rules.label) &&
                           !is_ascii_label(chosen_by_rules.label);
    std::vector<Candidate> candidates;
    if (bom_first) candidates.push_back(by_first_bytes);
    candidates.push_back(chosen_by_rules);
    candidates.push_back({xml_encoding, true, "XML declaration"});
    candidates.push_back(by_first_bytes);
    for (const char* fallback : {"utf-8", "windows-1252", "iso-8859-2"})
        candidates.push_back({fallback, false, "fallback"});

    CandidateDecoder decoder(body);
    std::vector<std::string> tried;
    Rejection first_choice_rejection = Rejection::none;
    for (const Candidate& candidate : candidates) {
        if (candidate.label.empty()) continue;
        bool seen = false;
        for (const std::string& label : tried) seen = seen || label == candidate.label;
        if (seen) continue;
        tried.push_back(candidate.label);

        const Rejection rejection = wide_unicode_form(candidate.label, "")
                                  ? Rejection::wide_label_on_narrow_bytes
                                  : decoder.try_label(candidate.label, out);
        if (rejection == Rejection::none) {
            out.encoding = candidate.label;
            break;
        }
        if (candidate.label == chosen_by_rules.label) first_choice_rejection = rejection;
    }
    if (out.encoding.empty()) return;

    if (out.encoding != chosen_by_rules.label && is_utf8_label(chosen_by_rules.label) &&
        first_choice_rejection == Rejection::invalid_bytes && keep_utf8_with_strays(body, out))
        return;

    if (bom_first && out.encoding == by_first_bytes.label) {
        // A default is no claim about the bytes; a declaration is contradicted.
        if (chosen_by_rules.declared) {
            out.recovered = true;
            out.warnings.push_back(explain(chosen_by_rules, Rejection::contradicts_bom, out.encoding));
        }
    } else if (out.encoding != chosen_by_rules.label) {
        out.recovered = true;
        out.warnings.push_back(explain(chosen_by_rules, first_choice_rejection, out.encoding));
    } else if (bom_first) {
        out.recovered = true;
        out.warnings.push_back("document starts with a UTF-8 byte order mark but is not valid UTF-8; decoded as " +
                               out.encoding + " (" + chosen_by_rules.origin + ")");
    }
    if (out.unchanged && decoder.scan().has_nul) {
        std::size_t replaced = 0;
        out.utf8 = replace_nul_bytes(body, replaced);
        out.unchanged = false;
        note_nul_replacement(replaced, out);
    }
}

}  // namespace

DecodedDocument decode_document(std::string_view bytes, std::string_view content_type, bool from_http) {
    DecodedDocument out;
    const EncodingEvidence evidence = read_encoding_evidence(bytes);
    const SniffedEncoding& sniffed = evidence.first_bytes;
    const std::string_view body = evidence.body;
    const std::string& xml_encoding = evidence.declared;

    const MediaTypeDecision media = decide_by_media_type(content_type, from_http, xml_encoding);
    if (!media.problem.empty()) {
        out.recovered = true;
        out.warnings.push_back(media.problem);
    }

    if (is_wide_unicode(sniffed.encoding)) {
        decode_wide(body, sniffed.encoding, media.choice,
                    sniffed.from_bom() ? "byte order mark" : "by its first bytes", out);
    } else {
        decode_narrow(body, sniffed, media.choice, xml_encoding, out);
    }

    if (out.encoding.empty()) {
        // Only when iconv lacks even windows-1252 and iso-8859-2 (no gconv modules).
        std::optional<Converted> salvaged = convert_to_utf8(body, "UTF-8", InvalidInput::replace, 1);
        out.unchanged = false;
        out.utf8 = salvaged ? std::move(salvaged->utf8) : std::string();
        out.encoding = "utf-8";
        out.recovered = true;
        out.warnings.push_back("document encoding unknown: no candidate charset decoded it; "
                               "invalid bytes replaced with U+FFFD");
    }

    if (out.unchanged) {
        out.skip = sniffed.bom_length;
        return out;
    }
    out.skip = 0;
    if (out.utf8.find('\0') != std::string::npos) {
        std::size_t replaced = 0;
        out.utf8 = replace_nul_bytes(out.utf8, replaced);
        note_nul_replacement(replaced, out);
    }
    return out;
}

}  // namespace clipfeed
