// The C API for clippings: standalone extraction and the getters shared with
// an item's clipping.
#include "capi/capi_internal.hpp"
#include "feeds/out/json_writer.hpp"
#include "plugin/clipping/clipping.hpp"

using clipfeed::capi::fail;
using clipfeed::capi::guarded;

namespace {

// A clipping extracted on its own owns the arena its strings live in. The C
// handle points at the Clipping base, like an item's clipping does, so the
// getters need not know which kind they were given.
struct OwnedClipping : clipfeed::Clipping {
    explicit OwnedClipping(clipfeed::Clipping c) : clipfeed::Clipping(std::move(c)) {}
    clipfeed::Arena arena;
};

// Every clipping of a standalone document, with the arena their strings live in.
struct ClippingList {
    std::vector<clipfeed::Clipping> clippings;
    clipfeed::Arena arena;
};

const ClippingList* to_model(const clipfeed_clipping_list* list) {
    return reinterpret_cast<const ClippingList*>(list);
}

// CLIPFEED_CONTENT_* to the extractor's kind; false for another value.
bool content_kind_of(int content_kind, clipfeed::ContentKind& kind) {
    switch (content_kind) {
        case CLIPFEED_CONTENT_DETECT: kind = clipfeed::ContentKind::detect; return true;
        case CLIPFEED_CONTENT_TEXT: kind = clipfeed::ContentKind::text; return true;
        case CLIPFEED_CONTENT_HTML: kind = clipfeed::ContentKind::html; return true;
        default: return false;
    }
}

const clipfeed::Clipping* to_model(const clipfeed_clipping* c) {
    return reinterpret_cast<const clipfeed::Clipping*>(c);
}

const char* c_str(const clipfeed::Text& t) { return t ? t->data() : nullptr; }

}  // namespace

extern "C" {

int clipfeed_clipping_extract(clipfeed_clipping** out, const char* data, size_t size, int content_kind,
                              const char* base_url) {
    return guarded("clipfeed_clipping_extract", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_clipping_extract: out is NULL");
        *out = nullptr;
        if (!data && size > 0) return fail(CLIPFEED_EINVAL, "clipfeed_clipping_extract: data is NULL");
        clipfeed::ContentKind kind;
        if (!content_kind_of(content_kind, kind))
            return fail(CLIPFEED_EINVAL, "clipfeed_clipping_extract: content_kind " + std::to_string(content_kind) +
                                             " is not a CLIPFEED_CONTENT_* value");
        clipfeed::Arena arena;
        auto found = clipfeed::extract_clipping({data ? data : "", size}, kind, base_url ? base_url : "", arena);
        if (!found) return CLIPFEED_OK;
        auto owned = std::make_unique<OwnedClipping>(std::move(*found));
        owned->arena = std::move(arena);
        *out = reinterpret_cast<clipfeed_clipping*>(static_cast<clipfeed::Clipping*>(owned.release()));
        return CLIPFEED_OK;
    });
}

int clipfeed_clip_all(clipfeed_clipping_list** out, const char* data, size_t size, int content_kind,
                      const char* base_url) {
    return guarded("clipfeed_clip_all", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_clip_all: out is NULL");
        *out = nullptr;
        if (!data && size > 0) return fail(CLIPFEED_EINVAL, "clipfeed_clip_all: data is NULL");
        clipfeed::ContentKind kind;
        if (!content_kind_of(content_kind, kind))
            return fail(CLIPFEED_EINVAL, "clipfeed_clip_all: content_kind " + std::to_string(content_kind) +
                                             " is not a CLIPFEED_CONTENT_* value");
        auto list = std::make_unique<ClippingList>();
        list->clippings =
            clipfeed::extract_clippings({data ? data : "", size}, kind, base_url ? base_url : "", list->arena);
        *out = reinterpret_cast<clipfeed_clipping_list*>(list.release());
        return CLIPFEED_OK;
    });
}

size_t clipfeed_clipping_list_count(const clipfeed_clipping_list* list) {
    return list ? to_model(list)->clippings.size() : 0;
}

const clipfeed_clipping* clipfeed_clipping_list_at(const clipfeed_clipping_list* list, size_t index) {
    if (!list || index >= to_model(list)->clippings.size()) return nullptr;
    return reinterpret_cast<const clipfeed_clipping*>(&to_model(list)->clippings[index]);
}

int clipfeed_clipping_list_to_json(char** out, const clipfeed_clipping_list* list, int flags) {
    return guarded("clipfeed_clipping_list_to_json", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_clipping_list_to_json: out is NULL");
        *out = nullptr;
        if (!list) return fail(CLIPFEED_EINVAL, "clipfeed_clipping_list_to_json: list is NULL");
        clipfeed::JsonStyle style;
        if (!clipfeed::capi::json_style_from_flags(flags, style))
            return fail(CLIPFEED_EINVAL, "clipfeed_clipping_list_to_json: unknown flags " + std::to_string(flags));
        std::string json;
        clipfeed::write_clippings_json(to_model(list)->clippings, style, json);
        if (style == clipfeed::JsonStyle::pretty) json += '\n';
        *out = clipfeed::capi::malloc_copy(json);
        return *out ? CLIPFEED_OK : fail(CLIPFEED_ENOMEM, "clipfeed_clipping_list_to_json: out of memory");
    });
}

void clipfeed_clipping_list_free(clipfeed_clipping_list* list) {
    delete reinterpret_cast<ClippingList*>(list);
}

void clipfeed_clipping_free(clipfeed_clipping* clipping) {
    if (!clipping) return;
    auto* base = reinterpret_cast<clipfeed::Clipping*>(clipping);
    delete static_cast<OwnedClipping*>(base);
}

size_t clipfeed_clipping_quote_count(const clipfeed_clipping* c) { return c ? to_model(c)->quotes.size() : 0; }

const char* clipfeed_clipping_quote_text(const clipfeed_clipping* c, size_t index) {
    if (!c || index >= to_model(c)->quotes.size()) return nullptr;
    return to_model(c)->quotes[index].text.data();
}

const char* clipfeed_clipping_quote_label(const clipfeed_clipping* c, size_t index) {
    if (!c || index >= to_model(c)->quotes.size()) return nullptr;
    return c_str(to_model(c)->quotes[index].label);
}

const char* clipfeed_clipping_summary(const clipfeed_clipping* c) { return c ? c_str(to_model(c)->summary) : nullptr; }

size_t clipfeed_clipping_tag_count(const clipfeed_clipping* c) { return c ? to_model(c)->tags.size() : 0; }

const char* clipfeed_clipping_tag(const clipfeed_clipping* c, size_t index) {
    if (!c || index >= to_model(c)->tags.size()) return nullptr;
    return to_model(c)->tags[index].data();
}

const char* clipfeed_clipping_source(const clipfeed_clipping* c) { return c ? c_str(to_model(c)->source) : nullptr; }

const char* clipfeed_clipping_source_url(const clipfeed_clipping* c) {
    return c ? c_str(to_model(c)->source_url) : nullptr;
}

int clipfeed_clipping_read_time(int* out, const clipfeed_clipping* c) {
    if (!out || !c) return fail(CLIPFEED_EINVAL, "clipfeed_clipping_read_time: out or clipping is NULL");
    if (!to_model(c)->read_time_minutes) return CLIPFEED_ENOTFOUND;
    *out = *to_model(c)->read_time_minutes;
    return CLIPFEED_OK;
}

int clipfeed_clipping_to_json(char** out, const clipfeed_clipping* c, int flags) {
    return guarded("clipfeed_clipping_to_json", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_clipping_to_json: out is NULL");
        *out = nullptr;
        if (!c) return fail(CLIPFEED_EINVAL, "clipfeed_clipping_to_json: clipping is NULL");
        clipfeed::JsonStyle style;
        if (!clipfeed::capi::json_style_from_flags(flags, style))
            return fail(CLIPFEED_EINVAL, "clipfeed_clipping_to_json: unknown flags " + std::to_string(flags));
        std::string json;
        clipfeed::write_clipping_json(to_model(c), style, json);
        *out = clipfeed::capi::malloc_copy(json);
        return *out ? CLIPFEED_OK : fail(CLIPFEED_ENOMEM, "clipfeed_clipping_to_json: out of memory");
    });
}

}  // extern "C"
