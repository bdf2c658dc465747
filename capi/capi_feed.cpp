// The C API for parse options, feeds, items, people and enclosures.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>

#include "capi/capi_internal.hpp"
#include "feeds/out/json_writer.hpp"
#include "feeds/readingtime/reading_time.hpp"
#include "feeds/xml/parse.hpp"
#include "plugin/enrich/rss_writer.hpp"
#include "plugin/enrich/enrich.hpp"

using clipfeed::capi::fail;
using clipfeed::capi::guarded;

namespace {

// Items, people and enclosures are handed out as pointers to the model's own
// structs, under opaque C names.
const clipfeed::Item* to_model(const clipfeed_item* p) { return reinterpret_cast<const clipfeed::Item*>(p); }
const clipfeed::Person* to_model(const clipfeed_person* p) { return reinterpret_cast<const clipfeed::Person*>(p); }
const clipfeed::Enclosure* to_model(const clipfeed_enclosure* p) {
    return reinterpret_cast<const clipfeed::Enclosure*>(p);
}
const clipfeed_item* to_c(const clipfeed::Item* p) { return reinterpret_cast<const clipfeed_item*>(p); }
const clipfeed_person* to_c(const clipfeed::Person* p) { return reinterpret_cast<const clipfeed_person*>(p); }
const clipfeed_enclosure* to_c(const clipfeed::Enclosure* p) { return reinterpret_cast<const clipfeed_enclosure*>(p); }
const clipfeed_clipping* to_c(const clipfeed::Clipping* p) { return reinterpret_cast<const clipfeed_clipping*>(p); }

const clipfeed::Feed* model_of(const clipfeed_feed* f) { return f ? f->model : nullptr; }

const char* c_str(const clipfeed::Text& t) { return t ? t->data() : nullptr; }

template <typename T>
const T* at(const std::vector<T>* v, std::size_t i) {
    return v && i < v->size() ? &(*v)[i] : nullptr;
}

const char* string_at(const std::vector<std::string_view>* v, std::size_t i) {
    return v && i < v->size() ? (*v)[i].data() : nullptr;
}

const char* kind_name(clipfeed::TextKind kind) {
    switch (kind) {
        case clipfeed::TextKind::html: return "html";
        case clipfeed::TextKind::xhtml: return "xhtml";
        case clipfeed::TextKind::text: break;
    }
    return "text";
}

int optional_out(int64_t* out, const std::optional<std::int64_t>& t, const char* function) {
    if (!out) return fail(CLIPFEED_EINVAL, std::string(function) + ": out is NULL");
    if (!t) return CLIPFEED_ENOTFOUND;
    *out = *t;
    return CLIPFEED_OK;
}

int set_string(clipfeed_parse_options* options, std::string clipfeed_parse_options::*field,
               const char* value, const char* function) {
    return guarded(function, [&] {
        if (!options) return fail(CLIPFEED_EINVAL, std::string(function) + ": options is NULL");
        options->*field = value ? value : "";
        return CLIPFEED_OK;
    });
}

clipfeed::ParseContext context_of(const clipfeed_parse_options* options) {
    clipfeed::ParseContext ctx;
    ctx.enrich = clipfeed::clipping_enricher(true);
    if (!options) return ctx;
    ctx.url = options->url;
    ctx.content_type = options->content_type;
    ctx.content_location = options->content_location;
    ctx.content_language = options->content_language;
    ctx.from_http = options->from_http;
    ctx.enrich = clipfeed::clipping_enricher(options->clippings);
    ctx.sanitize_html = options->sanitize;
    ctx.limits = options->limits;
    return ctx;
}

int parse_into(clipfeed_feed** out, std::string_view bytes, const clipfeed::ParseContext& ctx) {
    auto feed = std::make_unique<clipfeed_feed>(clipfeed_feed::owning(clipfeed::parse_feed(bytes, ctx)));
    *out = feed.release();
    return CLIPFEED_OK;
}

// Sets one limit after checking the handle and that the value is positive.
template <typename Field, typename Value>
int set_limit(clipfeed_parse_options* options, Field clipfeed::ParseLimits::*field, Value value,
              const char* function) {
    if (!options) return fail(CLIPFEED_EINVAL, std::string(function) + ": options is NULL");
    if (value < 1) return fail(CLIPFEED_EINVAL, std::string(function) + ": the limit must be at least 1");
    options->limits.*field = static_cast<Field>(value);
    return CLIPFEED_OK;
}

}  // namespace

namespace clipfeed::capi {

void apply_parse_options(const clipfeed_parse_options* options, FetchOptions& fetch) {
    const clipfeed_parse_options defaults;
    if (!options) options = &defaults;
    fetch.enrich = clipfeed::clipping_enricher(options->clippings);
    fetch.sanitize_html = options->sanitize;
    fetch.parse_limits = options->limits;
}

}  // namespace clipfeed::capi

extern "C" {

int clipfeed_parse_options_new(clipfeed_parse_options** out) {
    return guarded("clipfeed_parse_options_new", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_parse_options_new: out is NULL");
        *out = new clipfeed_parse_options();
        return CLIPFEED_OK;
    });
}

void clipfeed_parse_options_free(clipfeed_parse_options* options) { delete options; }

int clipfeed_parse_options_set_url(clipfeed_parse_options* options, const char* url) {
    return set_string(options, &clipfeed_parse_options::url, url, "clipfeed_parse_options_set_url");
}

int clipfeed_parse_options_set_content_type(clipfeed_parse_options* options, const char* content_type) {
    int rc = set_string(options, &clipfeed_parse_options::content_type, content_type,
                        "clipfeed_parse_options_set_content_type");
    if (rc == CLIPFEED_OK) options->from_http = content_type != nullptr;
    return rc;
}

int clipfeed_parse_options_set_content_location(clipfeed_parse_options* options, const char* content_location) {
    return set_string(options, &clipfeed_parse_options::content_location, content_location,
                      "clipfeed_parse_options_set_content_location");
}

int clipfeed_parse_options_set_content_language(clipfeed_parse_options* options, const char* content_language) {
    return set_string(options, &clipfeed_parse_options::content_language, content_language,
                      "clipfeed_parse_options_set_content_language");
}

int clipfeed_parse_options_set_clippings(clipfeed_parse_options* options, int enabled) {
    if (!options) return fail(CLIPFEED_EINVAL, "clipfeed_parse_options_set_clippings: options is NULL");
    options->clippings = enabled != 0;
    return CLIPFEED_OK;
}

int clipfeed_parse_options_set_max_document_bytes(clipfeed_parse_options* options, int64_t bytes) {
    return set_limit(options, &clipfeed::ParseLimits::max_document_bytes, bytes,
                     "clipfeed_parse_options_set_max_document_bytes");
}

int clipfeed_parse_options_set_max_items(clipfeed_parse_options* options, int64_t items) {
    return set_limit(options, &clipfeed::ParseLimits::max_items, items, "clipfeed_parse_options_set_max_items");
}

int clipfeed_parse_options_set_max_depth(clipfeed_parse_options* options, int depth) {
    return set_limit(options, &clipfeed::ParseLimits::max_depth, depth, "clipfeed_parse_options_set_max_depth");
}

int clipfeed_parse_options_set_max_text_bytes(clipfeed_parse_options* options, int64_t bytes) {
    return set_limit(options, &clipfeed::ParseLimits::max_text_bytes, bytes,
                     "clipfeed_parse_options_set_max_text_bytes");
}

int clipfeed_parse_options_set_max_attributes(clipfeed_parse_options* options, int attributes) {
    return set_limit(options, &clipfeed::ParseLimits::max_attributes, attributes,
                     "clipfeed_parse_options_set_max_attributes");
}

int clipfeed_parse_options_set_sanitize(clipfeed_parse_options* options, int enabled) {
    if (!options) return fail(CLIPFEED_EINVAL, "clipfeed_parse_options_set_sanitize: options is NULL");
    options->sanitize = enabled != 0;
    return CLIPFEED_OK;
}

int clipfeed_feed_parse(clipfeed_feed** out, const void* data, size_t size, const char* url,
                        const char* content_type) {
    return guarded("clipfeed_feed_parse", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_feed_parse: out is NULL");
        *out = nullptr;
        if (!data && size > 0) return fail(CLIPFEED_EINVAL, "clipfeed_feed_parse: data is NULL");
        clipfeed::ParseContext ctx;
        ctx.enrich = clipfeed::clipping_enricher(true);
        if (url) ctx.url = url;
        if (content_type) {
            ctx.content_type = content_type;
            ctx.from_http = true;
        }
        return parse_into(out, {static_cast<const char*>(data), size}, ctx);
    });
}

int clipfeed_feed_parse_with_options(clipfeed_feed** out, const void* data, size_t size,
                                     const clipfeed_parse_options* options) {
    return guarded("clipfeed_feed_parse_with_options", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_feed_parse_with_options: out is NULL");
        *out = nullptr;
        if (!data && size > 0) return fail(CLIPFEED_EINVAL, "clipfeed_feed_parse_with_options: data is NULL");
        return parse_into(out, {static_cast<const char*>(data), size}, context_of(options));
    });
}

int clipfeed_feed_parse_file(clipfeed_feed** out, const char* path, const clipfeed_parse_options* options) {
    return guarded("clipfeed_feed_parse_file", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_feed_parse_file: out is NULL");
        *out = nullptr;
        if (!path) return fail(CLIPFEED_EINVAL, "clipfeed_feed_parse_file: path is NULL");
        std::string error;
        std::unique_ptr<clipfeed::ParsedFeed> parsed = clipfeed::parse_feed_file(path, context_of(options), error);
        if (!parsed) return fail(CLIPFEED_EIO, error);
        *out = std::make_unique<clipfeed_feed>(clipfeed_feed::owning(std::move(parsed))).release();
        return CLIPFEED_OK;
    });
}

void clipfeed_feed_free(clipfeed_feed* feed) { delete feed; }

const char* clipfeed_feed_format(const clipfeed_feed* feed) {
    if (!feed) return nullptr;
    switch (model_of(feed)->format) {
        case clipfeed::FeedFormat::rss: return "rss";
        case clipfeed::FeedFormat::atom: return "atom";
        case clipfeed::FeedFormat::rdf: return "rdf";
        case clipfeed::FeedFormat::json: return "json";
        case clipfeed::FeedFormat::unknown: break;
    }
    return nullptr;
}

const char* clipfeed_feed_version(const clipfeed_feed* feed) {
    // Versions are static strings, so data() is NUL-terminated.
    return feed && !model_of(feed)->version.empty() ? model_of(feed)->version.data() : nullptr;
}

const char* clipfeed_feed_encoding(const clipfeed_feed* feed) {
    return feed && !model_of(feed)->encoding.empty() ? model_of(feed)->encoding.c_str() : nullptr;
}

const char* clipfeed_feed_title(const clipfeed_feed* feed) { return feed ? c_str(model_of(feed)->title) : nullptr; }
const char* clipfeed_feed_link(const clipfeed_feed* feed) { return feed ? c_str(model_of(feed)->link) : nullptr; }
const char* clipfeed_feed_feed_url(const clipfeed_feed* feed) {
    return feed ? c_str(model_of(feed)->feed_url) : nullptr;
}
const char* clipfeed_feed_description(const clipfeed_feed* feed) {
    return feed ? c_str(model_of(feed)->description) : nullptr;
}
const char* clipfeed_feed_language(const clipfeed_feed* feed) {
    return feed ? c_str(model_of(feed)->language) : nullptr;
}
const char* clipfeed_feed_image(const clipfeed_feed* feed) { return feed ? c_str(model_of(feed)->image) : nullptr; }
const char* clipfeed_feed_rights(const clipfeed_feed* feed) { return feed ? c_str(model_of(feed)->rights) : nullptr; }

int clipfeed_feed_updated(int64_t* out, const clipfeed_feed* feed) {
    if (!feed) return fail(CLIPFEED_EINVAL, "clipfeed_feed_updated: feed is NULL");
    return optional_out(out, model_of(feed)->updated, "clipfeed_feed_updated");
}

int clipfeed_feed_update_interval(int64_t* out, const clipfeed_feed* feed) {
    if (!feed) return fail(CLIPFEED_EINVAL, "clipfeed_feed_update_interval: feed is NULL");
    const clipfeed::Feed& model = *model_of(feed);
    std::optional<std::int64_t> seconds = model.update_period;
    if (model.ttl_minutes) seconds = std::int64_t{*model.ttl_minutes} * 60;
    return optional_out(out, seconds, "clipfeed_feed_update_interval");
}

int clipfeed_feed_published(int64_t* out, const clipfeed_feed* feed) {
    if (!feed) return fail(CLIPFEED_EINVAL, "clipfeed_feed_published: feed is NULL");
    return optional_out(out, model_of(feed)->published, "clipfeed_feed_published");
}

size_t clipfeed_feed_author_count(const clipfeed_feed* feed) { return feed ? model_of(feed)->authors.size() : 0; }
const clipfeed_person* clipfeed_feed_author(const clipfeed_feed* feed, size_t index) {
    return to_c(at(feed ? &model_of(feed)->authors : nullptr, index));
}
size_t clipfeed_feed_category_count(const clipfeed_feed* feed) {
    return feed ? model_of(feed)->categories.size() : 0;
}
const char* clipfeed_feed_category(const clipfeed_feed* feed, size_t index) {
    return string_at(feed ? &model_of(feed)->categories : nullptr, index);
}
size_t clipfeed_feed_item_count(const clipfeed_feed* feed) { return feed ? model_of(feed)->items.size() : 0; }
const clipfeed_item* clipfeed_feed_item(const clipfeed_feed* feed, size_t index) {
    return to_c(at(feed ? &model_of(feed)->items : nullptr, index));
}
int clipfeed_feed_recovered(const clipfeed_feed* feed) { return feed && model_of(feed)->recovered ? 1 : 0; }
size_t clipfeed_feed_warning_count(const clipfeed_feed* feed) { return feed ? model_of(feed)->warnings.size() : 0; }
const char* clipfeed_feed_warning(const clipfeed_feed* feed, size_t index) {
    const std::string* w = at(feed ? &model_of(feed)->warnings : nullptr, index);
    return w ? w->c_str() : nullptr;
}

int clipfeed_feed_to_json(char** out, const clipfeed_feed* feed, int flags) {
    return guarded("clipfeed_feed_to_json", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_feed_to_json: out is NULL");
        *out = nullptr;
        if (!feed) return fail(CLIPFEED_EINVAL, "clipfeed_feed_to_json: feed is NULL");
        clipfeed::JsonStyle style;
        if (!clipfeed::capi::json_style_from_flags(flags, style))
            return fail(CLIPFEED_EINVAL, "clipfeed_feed_to_json: unknown flags " + std::to_string(flags));
        std::string json;
        clipfeed::write_feed_json(*model_of(feed), style, json);
        *out = clipfeed::capi::malloc_copy(json);
        return *out ? CLIPFEED_OK : fail(CLIPFEED_ENOMEM, "clipfeed_feed_to_json: out of memory");
    });
}

namespace {

// CLIPFEED_RSS_* flags as writer options; false for an unknown flag.
bool rss_options_from_flags(int flags, const char* feed_url, clipfeed::RssWriteOptions& options) {
    constexpr int kKnownFlags = CLIPFEED_RSS_PLAIN | CLIPFEED_RSS_COMPACT | CLIPFEED_RSS_ITEM_GUIDS;
    if ((flags & ~kKnownFlags) != 0) return false;
    if (feed_url) options.feed_url = feed_url;
    options.enrich = (flags & CLIPFEED_RSS_PLAIN) == 0;
    options.indent = (flags & CLIPFEED_RSS_COMPACT) == 0;
    options.prefix_guids = (flags & CLIPFEED_RSS_ITEM_GUIDS) == 0;
    return true;
}

}  // namespace

int clipfeed_feed_to_rss(char** out, const clipfeed_feed* feed, const char* feed_url, int flags) {
    return guarded("clipfeed_feed_to_rss", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_feed_to_rss: out is NULL");
        *out = nullptr;
        if (!feed) return fail(CLIPFEED_EINVAL, "clipfeed_feed_to_rss: feed is NULL");
        clipfeed::RssWriteOptions options;
        if (!rss_options_from_flags(flags, feed_url, options))
            return fail(CLIPFEED_EINVAL, "clipfeed_feed_to_rss: unknown flags " + std::to_string(flags));
        *out = clipfeed::capi::malloc_copy(clipfeed::write_rss(*model_of(feed), options));
        return *out ? CLIPFEED_OK : fail(CLIPFEED_ENOMEM, "clipfeed_feed_to_rss: out of memory");
    });
}

namespace {

// Hands a writer's pieces to a C callback; remembers what stopped it.
class CallbackSink : public clipfeed::OutputSink {
public:
    CallbackSink(clipfeed_write_callback callback, void* user_data) : write_(callback), user_data_(user_data) {}
    bool write(const char* data, std::size_t size) override {
        stopped_with_ = write_(data, size, user_data_);
        if (stopped_with_ != 0) return false;
        taken_ += size;
        return true;
    }
    // CLIPFEED_ECANCELED with the reason, after the writer returned false.
    int canceled(const char* function) const {
        return fail(CLIPFEED_ECANCELED, std::string(function) + ": the write callback returned " +
                                            std::to_string(stopped_with_) + " after taking " +
                                            std::to_string(taken_) + " bytes; the document is incomplete");
    }

private:
    clipfeed_write_callback write_;
    void* user_data_;
    int stopped_with_ = 0;
    std::size_t taken_ = 0;
};

}  // namespace

int clipfeed_feed_write_json(const clipfeed_feed* feed, int flags, clipfeed_write_callback write, void* user_data) {
    return guarded("clipfeed_feed_write_json", [&] {
        if (!feed) return fail(CLIPFEED_EINVAL, "clipfeed_feed_write_json: feed is NULL");
        if (!write) return fail(CLIPFEED_EINVAL, "clipfeed_feed_write_json: write is NULL");
        clipfeed::JsonStyle style;
        if (!clipfeed::capi::json_style_from_flags(flags, style))
            return fail(CLIPFEED_EINVAL, "clipfeed_feed_write_json: unknown flags " + std::to_string(flags));
        CallbackSink sink(write, user_data);
        if (!clipfeed::write_feed_json(*model_of(feed), style, sink)) return sink.canceled("clipfeed_feed_write_json");
        return CLIPFEED_OK;
    });
}

int clipfeed_feed_write_rss(const clipfeed_feed* feed, const char* feed_url, int flags, clipfeed_write_callback write,
                            void* user_data) {
    return guarded("clipfeed_feed_write_rss", [&] {
        if (!feed) return fail(CLIPFEED_EINVAL, "clipfeed_feed_write_rss: feed is NULL");
        if (!write) return fail(CLIPFEED_EINVAL, "clipfeed_feed_write_rss: write is NULL");
        clipfeed::RssWriteOptions options;
        if (!rss_options_from_flags(flags, feed_url, options))
            return fail(CLIPFEED_EINVAL, "clipfeed_feed_write_rss: unknown flags " + std::to_string(flags));
        CallbackSink sink(write, user_data);
        if (!clipfeed::write_rss(*model_of(feed), options, sink)) return sink.canceled("clipfeed_feed_write_rss");
        return CLIPFEED_OK;
    });
}

const char* clipfeed_item_id(const clipfeed_item* item) { return item ? c_str(to_model(item)->id) : nullptr; }
const char* clipfeed_item_title(const clipfeed_item* item) { return item ? c_str(to_model(item)->title) : nullptr; }
const char* clipfeed_item_link(const clipfeed_item* item) { return item ? c_str(to_model(item)->link) : nullptr; }
const char* clipfeed_item_summary(const clipfeed_item* item) {
    return item ? c_str(to_model(item)->summary) : nullptr;
}
const char* clipfeed_item_content(const clipfeed_item* item) {
    return item ? c_str(to_model(item)->content) : nullptr;
}
const char* clipfeed_item_rights(const clipfeed_item* item) { return item ? c_str(to_model(item)->rights) : nullptr; }
const char* clipfeed_item_summary_type(const clipfeed_item* item) {
    return item && to_model(item)->summary ? kind_name(to_model(item)->summary_kind) : nullptr;
}
const char* clipfeed_item_content_type(const clipfeed_item* item) {
    return item && to_model(item)->content ? kind_name(to_model(item)->content_kind) : nullptr;
}

int clipfeed_item_published(int64_t* out, const clipfeed_item* item) {
    if (!item) return fail(CLIPFEED_EINVAL, "clipfeed_item_published: item is NULL");
    return optional_out(out, to_model(item)->published, "clipfeed_item_published");
}

int clipfeed_item_updated(int64_t* out, const clipfeed_item* item) {
    if (!item) return fail(CLIPFEED_EINVAL, "clipfeed_item_updated: item is NULL");
    return optional_out(out, to_model(item)->updated, "clipfeed_item_updated");
}

size_t clipfeed_item_author_count(const clipfeed_item* item) { return item ? to_model(item)->authors.size() : 0; }
const clipfeed_person* clipfeed_item_author(const clipfeed_item* item, size_t index) {
    return to_c(at(item ? &to_model(item)->authors : nullptr, index));
}
size_t clipfeed_item_category_count(const clipfeed_item* item) {
    return item ? to_model(item)->categories.size() : 0;
}
const char* clipfeed_item_category(const clipfeed_item* item, size_t index) {
    return string_at(item ? &to_model(item)->categories : nullptr, index);
}
size_t clipfeed_item_enclosure_count(const clipfeed_item* item) {
    return item ? to_model(item)->enclosures.size() : 0;
}
const clipfeed_enclosure* clipfeed_item_enclosure(const clipfeed_item* item, size_t index) {
    return to_c(at(item ? &to_model(item)->enclosures : nullptr, index));
}
const clipfeed_clipping* clipfeed_item_clipping(const clipfeed_item* item) {
    return item ? to_c(to_model(item)->clipping()) : nullptr;
}

size_t clipfeed_item_clipping_count(const clipfeed_item* item) {
    return item ? to_model(item)->clippings.size() : 0;
}

const clipfeed_clipping* clipfeed_item_clipping_at(const clipfeed_item* item, size_t index) {
    if (!item || index >= to_model(item)->clippings.size()) return nullptr;
    return to_c(&to_model(item)->clippings[index]);
}

int clipfeed_item_estimated_reading_minutes(const clipfeed_item* item) {
    return item ? reading_minutes(*to_model(item)) : 0;
}

int clipfeed_item_to_json(char** out, const clipfeed_item* item, int flags) {
    return guarded("clipfeed_item_to_json", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_item_to_json: out is NULL");
        *out = nullptr;
        if (!item) return fail(CLIPFEED_EINVAL, "clipfeed_item_to_json: item is NULL");
        clipfeed::JsonStyle style;
        if (!clipfeed::capi::json_style_from_flags(flags, style))
            return fail(CLIPFEED_EINVAL, "clipfeed_item_to_json: unknown flags " + std::to_string(flags));
        std::string json;
        clipfeed::write_item_json(*to_model(item), style, json);
        *out = clipfeed::capi::malloc_copy(json);
        return *out ? CLIPFEED_OK : fail(CLIPFEED_ENOMEM, "clipfeed_item_to_json: out of memory");
    });
}

const char* clipfeed_person_name(const clipfeed_person* person) {
    return person ? c_str(to_model(person)->name) : nullptr;
}
const char* clipfeed_person_email(const clipfeed_person* person) {
    return person ? c_str(to_model(person)->email) : nullptr;
}
const char* clipfeed_person_uri(const clipfeed_person* person) {
    return person ? c_str(to_model(person)->uri) : nullptr;
}

const char* clipfeed_enclosure_url(const clipfeed_enclosure* enclosure) {
    return enclosure ? to_model(enclosure)->url.data() : nullptr;
}
const char* clipfeed_enclosure_type(const clipfeed_enclosure* enclosure) {
    return enclosure ? c_str(to_model(enclosure)->type) : nullptr;
}
int clipfeed_enclosure_length(int64_t* out, const clipfeed_enclosure* enclosure) {
    if (!enclosure) return fail(CLIPFEED_EINVAL, "clipfeed_enclosure_length: enclosure is NULL");
    return optional_out(out, to_model(enclosure)->length, "clipfeed_enclosure_length");
}

}  // extern "C"
