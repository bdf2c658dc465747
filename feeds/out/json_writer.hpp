// Writes the model as the JSON of spec/feed-json.md (feeds) and
// spec/clipping.md (clippings).
#pragma once

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>

#include "feeds/text/dates.hpp"

#include "feeds/model/model.hpp"
#include "feeds/out/output_sink.hpp"

namespace clipfeed {

enum class JsonStyle { compact, pretty };

// Appends `s` as a JSON string literal; invalid UTF-8 becomes U+FFFD.
void append_json_string(std::string_view s, std::string& out);

// Writes JSON as it goes, keeping track of commas and indentation. With a
// sink, `out` is only a buffer: whenever it holds kOutputChunkBytes at the
// start of an object or array it is passed to the sink and emptied, and
// finish() passes the rest. Once the sink has refused a piece, nothing more
// reaches it and finish() says so.
class JsonWriter {
public:
    JsonWriter(JsonStyle style, std::string& out, OutputSink* sink = nullptr)
        : pretty_(style == JsonStyle::pretty), out_(out), sink_(sink) {}

    // Passes what is buffered to the sink; false when the sink refused any piece.
    bool finish() {
        flush();
        return !failed_;
    }

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    // `name` is a key of the schemas: a literal of ASCII letters and
    // underscores, written as it is. (Through append_json_string, with its
    // checks for escapes, the sixty keys of an item cost as much as its
    // content's text.)
    void key(const char* name) {
        separate();
        out_ += '"';
        out_ += name;
        out_ += pretty_ ? "\": " : "\":";
        after_key_ = true;
    }
    void null() { scalar("null"); }
    void boolean(bool b) { scalar(b ? "true" : "false"); }
    void integer(long long v) {
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
        separate();
        out_.append(digits, static_cast<std::size_t>(end - digits));
    }
    void string(std::string_view s) {
        separate();
        append_json_string(s, out_);
    }
    void text(const Text& t) { t ? string(*t) : null(); }
    void timestamp(const Timestamp& t) { t ? string(format_rfc3339(*t)) : null(); }

    void field(const char* name, const Text& t) {
        key(name);
        text(t);
    }
    void field(const char* name, const Timestamp& t) {
        key(name);
        timestamp(t);
    }
    void field(const char* name, std::string_view s) {
        key(name);
        string(s);
    }

private:
    void scalar(const char* literal) {
        separate();
        out_ += literal;
    }
    void separate() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        // A top-level value starts where the output is.
        separator(!first_, pretty_ && depth_ > 0);
        first_ = false;
    }
    void open(char c) {
        if (sink_ && out_.size() >= kOutputChunkBytes) flush();
        separate();
        out_ += c;
        ++depth_;
        first_ = true;
    }
    void close(char c) {
        --depth_;
        if (!first_) separator(false, pretty_);
        out_ += c;
        first_ = false;
    }
    // A comma when `comma`, then when `line` a line break and the indentation,
    // in one append: an item has some sixty keys and values, and each append
    // costs more than the few bytes it copies. (The model nests five deep;
    // deeper levels take more spaces after it.)
    void separator(bool comma, bool line) {
        static constexpr char kSeparator[] = ",\n                    ";
        constexpr std::size_t kMaxSpaces = sizeof kSeparator - 3;
        const std::size_t spaces = line ? static_cast<std::size_t>(depth_) * 2 : 0;
        const std::size_t length = (comma ? 1 : 0) + (line ? 1 + std::min(spaces, kMaxSpaces) : 0);
        if (length > 0) out_.append(comma ? kSeparator : kSeparator + 1, length);
        if (spaces > kMaxSpaces) out_.append(spaces - kMaxSpaces, ' ');
    }

    void flush() {
        if (!sink_) return;
        if (!failed_ && !out_.empty() && !sink_->write(out_.data(), out_.size())) failed_ = true;
        out_.clear();
    }

    bool pretty_;
    std::string& out_;
    OutputSink* sink_;
    bool failed_ = false;
    int depth_ = 0;
    bool first_ = true;
    bool after_key_ = false;
};

// Appends the feed's JSON to `out`. Every schema key is written; absent values
// are null, absent lists [].
void write_feed_json(const Feed& feed, JsonStyle style, std::string& out);

// Streams the feed's JSON to `sink` in pieces; false when the sink refused one.
bool write_feed_json(const Feed& feed, JsonStyle style, OutputSink& sink);

// Appends one item object, as it appears in a feed's "items".
void write_item_json(const Item& item, JsonStyle style, std::string& out);

// Reads an item written by write_item_json back into `out`, its strings stored
// in `arena`. False when `json` is not such an item. (feeds/out/item_json_reader.cpp)
class Arena;
bool read_item_json(std::string_view json, Item& out, Arena& arena);

// Appends one clipping object, or `null` for nullptr.
void write_clipping_json(const Clipping* clipping, JsonStyle style, std::string& out);

// Appends a JSON array of clipping objects (`clipfeed clip --all`).
void write_clippings_json(const std::vector<Clipping>& clippings, JsonStyle style, std::string& out);

// Writes the feed's keys into the object `w` is in (for callers that add keys
// of their own, like a fetch's "fetch" object).
void write_feed_fields(JsonWriter& w, const Feed& feed);

}  // namespace clipfeed
