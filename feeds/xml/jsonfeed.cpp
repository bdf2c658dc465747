// JSON Feed 1.0 / 1.1 reader: nlohmann::json builds the document tree, and this
// file maps its members onto the model, one field at a time, warning about
// (and skipping) any member of the wrong JSON type.
#include "feeds/xml/jsonfeed.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <utility>

#include "feeds/text/dates.hpp"
#include "feeds/html/html_rewrite.hpp"
#include "feeds/text/urls.hpp"

namespace clipfeed {

namespace {

using nlohmann::json;

// "a string", "an array", ...: the JSON type of `value`, for warnings.
const char* describe_type(const json& value) {
    switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    case json::value_t::binary: return "binary data";
    case json::value_t::discarded: return "not a value";
    }
    return "of an unknown type";
}

// "items[3].title" from "items[3]" and "title"; just "title" at the top level.
std::string member_path(std::string_view parent, std::string_view key) {
    std::string path(parent);
    if (!path.empty() && !key.empty()) path += '.';
    path += key;
    return path;
}

std::string element_path(std::string_view parent, std::size_t index) {
    return std::string(parent) + '[' + std::to_string(index) + ']';
}

// json::parse(..., allow_exceptions = false) only says *that* the text is not
// JSON. To say where, the text is run once more through nlohmann's SAX parser
// with a handler that accepts everything and keeps the error message.
class ErrorCatcher : public json::json_sax_t {
public:
    std::string message;

    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& error) override {
        message = error.what();
        // Drop nlohmann's "[json.exception.parse_error.101] " prefix.
        if (!message.empty() && message.front() == '[') {
            std::size_t end = message.find("] ");
            if (end != std::string::npos) message.erase(0, end + 2);
        }
        return false;
    }
};

std::string describe_json_error(std::string_view text) {
    ErrorCatcher catcher;
    json::sax_parse(text.begin(), text.end(), &catcher);
    return catcher.message.empty() ? std::string("not valid JSON") : "not valid JSON: " + catcher.message;
}

// "https://jsonfeed.org/version/1.1" -> "1.1"; nullopt for anything that is
// not a jsonfeed.org version URL. Accepts http:, a trailing slash and
// surrounding space, all seen in the wild.
std::optional<std::string_view> jsonfeed_version_number(std::string_view url) {
    while (!url.empty() && (url.front() == ' ' || url.front() == '\t')) url.remove_prefix(1);
    while (!url.empty() && (url.back() == ' ' || url.back() == '\t' || url.back() == '/')) url.remove_suffix(1);
    for (std::string_view prefix : {"https://jsonfeed.org/version/", "http://jsonfeed.org/version/",
                                    "https://www.jsonfeed.org/version/", "http://www.jsonfeed.org/version/"}) {
        if (url.substr(0, prefix.size()) == prefix) return url.substr(prefix.size());
    }
    return std::nullopt;
}

class JsonFeedReader {
public:
    JsonFeedReader(ParsedFeed& out, const ParseContext& context)
        : out_(out), default_language_(context.content_language), sanitize_html_(context.sanitize_html) {
        base_ = context.content_location.empty() ? std::string(context.url)
                                                 : resolve_url(context.url, context.content_location);
    }

    void read_feed(const json& doc);

private:
    void warn(std::string message) { out_.feed.warnings.push_back(std::move(message)); }

    // The member `key` of `object`, or nullptr when it is missing or null
    // (generators write `"summary": null` for "no summary": not worth a warning).
    static const json* member(const json& object, const char* key) {
        auto found = object.find(key);
        if (found == object.end() || found->is_null()) return nullptr;
        return &*found;
    }

    // The member `key` when it is a string; a warning when it is something else.
    const std::string* string_member(const json& object, const char* key, std::string_view where);

    std::string_view store(std::string_view text, std::string_view where, std::string_view key);
    Text text(const json& object, const char* key, std::string_view where);
    Text url(const json& object, const char* key, std::string_view where);
    Timestamp date(const json& object, const char* key, std::string_view where);
    Text item_id(const json& item, std::string_view where);
    std::optional<std::int64_t> byte_count(const json& object, const char* key, std::string_view where);

    std::optional<Person> person(const json& value, std::string_view where);
    std::optional<std::vector<Person>> people(const json& object, std::string_view where);
    std::vector<std::string_view> tags(const json& item, std::string_view where);
    std::vector<Enclosure> attachments(const json& item, std::string_view where);
    void read_item(const json& value, std::string_view where, Item& item);

    ParsedFeed& out_;
    // content_html made safe and its links absolute, like HTML in XML feeds.
    std::string_view rewritten_html(std::string_view html);

    std::string base_;                   // for relative URLs
    std::string_view default_language_;  // HTTP Content-Language
    bool sanitize_html_ = true;
    HtmlRewriteWorkspace rewrite_workspace_;  // reused by every item's rewrite
};

std::string_view JsonFeedReader::rewritten_html(std::string_view html) {
    HtmlRewriteOptions options;
    options.base_url = base_;
    options.sanitize = sanitize_html_;
    std::optional<std::string_view> rewritten = rewrite_html(html, options, rewrite_workspace_);
    return rewritten ? out_.arena.store(*rewritten) : html;
}

const std::string* JsonFeedReader::string_member(const json& object, const char* key, std::string_view where) {
    const json* value = member(object, key);
    if (value == nullptr) return nullptr;
    if (!value->is_string()) {
        warn(member_path(where, key) + " is " + describe_type(*value) + ", expected a string");
        return nullptr;
    }
    return &value->get_ref<const std::string&>();
}

// Copies `text` into the arena. JSON may carry U+0000 ("\u0000"), which the C
// API, handing out NUL-terminated strings, would silently cut at: dropped here.
// (`where` and `key` name the member for the warning.)
std::string_view JsonFeedReader::store(std::string_view text, std::string_view where, std::string_view key) {
    if (text.find('\0') == std::string_view::npos) return out_.arena.store(text);
    warn(member_path(where, key) + " contains U+0000 characters; they were dropped");
    std::string cleaned;
    cleaned.reserve(text.size());
    for (char c : text) {
        if (c != '\0') cleaned += c;
    }
    return out_.arena.store(cleaned);
}

Text JsonFeedReader::text(const json& object, const char* key, std::string_view where) {
    const std::string* value = string_member(object, key, where);
    if (value == nullptr) return std::nullopt;
    return store(*value, where, key);
}

Text JsonFeedReader::url(const json& object, const char* key, std::string_view where) {
    const std::string* value = string_member(object, key, where);
    if (value == nullptr) return std::nullopt;
    return store(resolve_url(base_, *value), where, key);
}

Timestamp JsonFeedReader::date(const json& object, const char* key, std::string_view where) {
    const std::string* value = string_member(object, key, where);
    if (value == nullptr) return std::nullopt;
    Timestamp parsed = parse_date(*value);
    if (!parsed) warn(member_path(where, key) + " \"" + *value + "\" is not a date this parser understands");
    return parsed;
}

// The spec says an id of another type "must be coerced to a string": numbers
// (integers as their decimal digits) and booleans are; objects and arrays
// cannot meaningfully be and are skipped with a warning.
Text JsonFeedReader::item_id(const json& item, std::string_view where) {
    const json* value = member(item, "id");
    if (value == nullptr) return std::nullopt;
    if (value->is_string()) return store(value->get_ref<const std::string&>(), where, "id");
    if (value->is_number_unsigned()) return out_.arena.store(std::to_string(value->get<std::uint64_t>()));
    if (value->is_number_integer()) return out_.arena.store(std::to_string(value->get<std::int64_t>()));
    if (value->is_number() || value->is_boolean()) return out_.arena.store(value->dump());
    warn(member_path(where, "id") + " is " + describe_type(*value) + ", expected a string");
    return std::nullopt;
}

// size_in_bytes: a non-negative integer (a whole float such as 1024.0 is taken too).
std::optional<std::int64_t> JsonFeedReader::byte_count(const json& object, const char* key,
                                                       std::string_view where) {
    const json* value = member(object, key);
    if (value == nullptr) return std::nullopt;
    constexpr auto max = std::numeric_limits<std::int64_t>::max();
    if (value->is_number_unsigned()) {
        auto n = value->get<std::uint64_t>();
        if (n <= static_cast<std::uint64_t>(max)) return static_cast<std::int64_t>(n);
    } else if (value->is_number_integer()) {
        auto n = value->get<std::int64_t>();
        if (n >= 0) return n;
    } else if (value->is_number_float()) {
        double n = value->get<double>();
        // 2^63 is exactly representable; anything below it converts safely.
        if (n >= 0 && n < 9223372036854775808.0 && n == static_cast<double>(static_cast<std::int64_t>(n)))
            return static_cast<std::int64_t>(n);
    } else {
        warn(member_path(where, key) + " is " + describe_type(*value) + ", expected a number");
        return std::nullopt;
    }
    warn(member_path(where, key) + " is " + value->dump() + ", expected a byte count");
    return std::nullopt;
}

// An author object: name, url (-> uri; a mailto: url also gives the email).
// nullopt, with a warning, when `value` is not an object; nullopt silently when
// it has neither name nor url (an avatar alone says nothing the model keeps).
std::optional<Person> JsonFeedReader::person(const json& value, std::string_view where) {
    if (!value.is_object()) {
        warn(std::string(where) + " is " + describe_type(value) + ", expected an object");
        return std::nullopt;
    }
    Person person;
    person.name = text(value, "name", where);
    person.uri = url(value, "url", where);
    if (person.uri && person.uri->substr(0, 7) == "mailto:") {
        std::string_view address = person.uri->substr(7);
        address = address.substr(0, address.find('?'));
        if (!address.empty()) person.email = out_.arena.store(address);
    }
    if (!person.name && !person.uri) return std::nullopt;
    return person;
}

// The authors of a feed or item: "authors" (1.1) when it names anyone, else
// "author" (1.0); the 1.1 spec says readers should prefer "authors".
// nullopt when neither names anyone, so an item can fall back to the feed's.
std::optional<std::vector<Person>> JsonFeedReader::people(const json& object, std::string_view where) {
    std::vector<Person> found;
    if (const json* list = member(object, "authors")) {
        std::string path = member_path(where, "authors");
        if (!list->is_array()) {
            warn(path + " is " + describe_type(*list) + ", expected an array");
        } else {
            for (std::size_t i = 0; i < list->size(); ++i) {
                if (auto p = person((*list)[i], element_path(path, i))) found.push_back(*p);
            }
        }
    }
    if (found.empty()) {
        if (const json* single = member(object, "author")) {
            if (auto p = person(*single, member_path(where, "author"))) found.push_back(*p);
        }
    }
    if (found.empty()) return std::nullopt;
    return found;
}

std::vector<std::string_view> JsonFeedReader::tags(const json& item, std::string_view where) {
    std::vector<std::string_view> found;
    const json* list = member(item, "tags");
    if (list == nullptr) return found;
    std::string path = member_path(where, "tags");
    if (!list->is_array()) {
        warn(path + " is " + describe_type(*list) + ", expected an array");
        return found;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        const json& tag = (*list)[i];
        if (tag.is_string()) {
            found.push_back(store(tag.get_ref<const std::string&>(), path, ""));
        } else if (!tag.is_null()) {
            warn(element_path(path, i) + " is " + describe_type(tag) + ", expected a string");
        }
    }
    return found;
}

std::vector<Enclosure> JsonFeedReader::attachments(const json& item, std::string_view where) {
    std::vector<Enclosure> found;
    const json* list = member(item, "attachments");
    if (list == nullptr) return found;
    std::string path = member_path(where, "attachments");
    if (!list->is_array()) {
        warn(path + " is " + describe_type(*list) + ", expected an array");
        return found;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        const json& attachment = (*list)[i];
        std::string attachment_path = element_path(path, i);
        if (!attachment.is_object()) {
            warn(attachment_path + " is " + describe_type(attachment) + ", expected an object");
            continue;
        }
        Text href = url(attachment, "url", attachment_path);
        if (!href) {
            // Without a URL there is nothing to enclose (the spec makes it required).
            if (member(attachment, "url") == nullptr) warn(attachment_path + " has no url; skipped");
            continue;
        }
        Enclosure enclosure;
        enclosure.url = *href;
        enclosure.type = text(attachment, "mime_type", attachment_path);
        enclosure.length = byte_count(attachment, "size_in_bytes", attachment_path);
        found.push_back(enclosure);
    }
    return found;
}

void JsonFeedReader::read_item(const json& value, std::string_view where, Item& item) {
    item.id = item_id(value, where);
    item.title = text(value, "title", where);

    // `url` is the item's permalink. `external_url` is the page the item talks
    // about (linkblogs); when there is no permalink it is the best link left,
    // as in feed-rs, whose links list holds url then external_url.
    item.link = url(value, "url", where);
    if (!item.link) item.link = url(value, "external_url", where);

    // content_html wins over content_text: HTML is the richer rendering.
    if ((item.content = text(value, "content_html", where))) {
        item.content_kind = TextKind::html;
        item.content = rewritten_html(*item.content);
    } else if ((item.content = text(value, "content_text", where))) {
        item.content_kind = TextKind::text;
    }
    // JSON Feed's summary is plain text; when absent it is the content, as for
    // RSS and Atom (feed-json.md: "if absent, the (text or html) content").
    if ((item.summary = text(value, "summary", where))) {
        item.summary_kind = TextKind::text;
    } else if (item.content) {
        item.summary = item.content;
        item.summary_kind = item.content_kind;
    }

    item.published = date(value, "date_published", where);
    item.updated = date(value, "date_modified", where);

    // The spec: an item without authors has the feed's authors.
    if (auto authors = people(value, where)) {
        item.authors = std::move(*authors);
    } else {
        item.authors = out_.feed.authors;
    }
    item.categories = tags(value, where);
    item.enclosures = attachments(value, where);
}

void JsonFeedReader::read_feed(const json& doc) {
    Feed& feed = out_.feed;
    feed.title = text(doc, "title", "");
    feed.link = url(doc, "home_page_url", "");
    // Without a document URL, relative links are relative to the home page.
    if (base_.empty() && feed.link) base_ = std::string(*feed.link);
    feed.feed_url = url(doc, "feed_url", "");
    feed.description = text(doc, "description", "");
    feed.language = text(doc, "language", "");
    if (!feed.language && !default_language_.empty()) feed.language = out_.arena.store(default_language_);
    // `icon` is the large timeline image, `favicon` the small one: the model's
    // single image takes the icon, else the favicon.
    feed.image = url(doc, "icon", "");
    if (!feed.image) feed.image = url(doc, "favicon", "");
    if (auto authors = people(doc, "")) feed.authors = std::move(*authors);

    const json* items = member(doc, "items");
    if (items == nullptr) {
        warn("items is missing; a JSON Feed must have an items array");
        return;
    }
    if (!items->is_array()) {
        warn(std::string("items is ") + describe_type(*items) + ", expected an array");
        return;
    }
    feed.items.reserve(items->size());
    for (std::size_t i = 0; i < items->size(); ++i) {
        const json& value = (*items)[i];
        std::string where = element_path("items", i);
        if (!value.is_object()) {
            warn(where + " is " + describe_type(value) + ", expected an object; skipped");
            continue;
        }
        feed.items.emplace_back();
        read_item(value, where, feed.items.back());
    }
}

}  // namespace

bool parse_json_feed(std::string_view utf8, const ParseContext& context, ParsedFeed& out) {
    Feed& feed = out.feed;
    try {
        const json doc = json::parse(utf8.begin(), utf8.end(), nullptr, /*allow_exceptions=*/false);
        if (doc.is_discarded()) {
            feed.warnings.push_back(describe_json_error(utf8));
            return false;
        }
        if (!doc.is_object()) {
            feed.warnings.push_back(std::string("not a JSON Feed: the document is ") + describe_type(doc) +
                                    ", not an object");
            return false;
        }

        std::string_view version_code;
        auto version = doc.find("version");
        auto items = doc.find("items");
        const bool has_items_array = items != doc.end() && items->is_array();
        std::optional<std::string_view> number;
        if (version != doc.end() && version->is_string())
            number = jsonfeed_version_number(version->get_ref<const std::string&>());
        if (number) {
            if (*number == "1" || *number == "1.0") {
                version_code = "json1";
            } else if (*number == "1.1") {
                version_code = "json11";
            } else {
                feed.warnings.push_back("unknown JSON Feed version \"" + std::string(*number) +
                                        "\"; read as version 1.1");
            }
        } else if (has_items_array) {
            // Not declared as a JSON Feed, but shaped like one: read it, as feedparser does.
            const bool missing = version == doc.end() || version->is_null();
            feed.warnings.push_back(std::string(missing ? "version is missing" : "version is not a jsonfeed.org URL") +
                                    "; read as a JSON Feed because it has an items array");
        } else {
            feed.warnings.push_back(
                "not a JSON Feed: the object has no jsonfeed.org version and no items array");
            return false;
        }

        feed.format = FeedFormat::json;
        feed.version = version_code;
        feed.encoding = "utf-8";
        JsonFeedReader(out, context).read_feed(doc);
        return true;
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& error) {
        // Not expected: every member is type-checked before use. Keep what was
        // read rather than lose the feed to a bug.
        feed.warnings.push_back(std::string("JSON Feed reading stopped early: ") + error.what());
        return feed.format == FeedFormat::json;
    }
}

}  // namespace clipfeed
