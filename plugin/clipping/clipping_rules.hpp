// The rules that classify one paragraph of a clipping (spec/clipping.md,
// "Classify each paragraph" and "Labels"). Each takes a paragraph as
// Paragraphs gives it: white space folded to single spaces, trimmed, NFC.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace clipfeed::clipping_rules {

// A read-at line ("Read at X", "Read more at X", "Read the full story at X",
// "Continue reading at X", "Source: X", any case) gives X without trailing
// white space, '.', '→', '»', '›' or '>'; nullopt for any other paragraph.
std::optional<std::string_view> read_at_source(std::string_view paragraph);

struct ReadTime {
    std::optional<int> minutes;  // nullopt for "Unable to calculate read time"
};

// A read-time line: "N min read" ("N mins/minute/minutes read", "N-minute read"),
// "Read time: N min(utes)", "Reading time: N minutes" or "Unable to calculate
// read time", any case; nullopt for any other paragraph.
std::optional<ReadTime> read_time(std::string_view paragraph);

// Page furniture: no letter or digit at all ("[", "|", "..."), or just one of
// Collection(s), Share, Save(d), Bookmark, Copy link, Print, Email.
bool is_furniture(std::string_view paragraph);

// A tag line: only hashtags ('#' then letters, digits, '-' or '_' in any script)
// separated by spaces, ',', '·', '•', '|' or '/'; or "Tags: a, b, c" / "Topics: ...".
// Appends its tags, without '#', to `tags` and returns true; for any other
// paragraph appends nothing and returns false.
bool read_tag_line(std::string_view paragraph, std::vector<std::string_view>& tags);

// When the paragraph's first character opens and its last character closes
// one of the pairs "…", “…”, „…“, „…”, «…», the text between them, trimmed.
std::optional<std::string_view> unquote(std::string_view paragraph);

// A quote's lead-in signpost: the text before its first ':', when that colon is
// among the first 41 characters and followed by white space, and the lead-in
// has at most 5 words and no '.', '!', '?', '"', '“' or '”'.
std::optional<std::string_view> quote_label(std::string_view quote);

}  // namespace clipfeed::clipping_rules
