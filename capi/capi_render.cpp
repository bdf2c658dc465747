// The C API for rendering a clipping as HTML: the same markup `clipfeed
// filter` and clipfeed_feed_to_rss() put at the top of an enriched item, for
// hosts that enrich articles themselves (the Tiny Tiny RSS plugin).
#include "capi/capi_internal.hpp"
#include "plugin/enrich/rss_writer.hpp"

using clipfeed::capi::fail;
using clipfeed::capi::guarded;

extern "C" {

int clipfeed_clipping_to_html(char** out, const clipfeed_clipping* clipping) {
    return guarded("clipfeed_clipping_to_html", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_clipping_to_html: out is NULL");
        *out = nullptr;
        if (!clipping) return fail(CLIPFEED_EINVAL, "clipfeed_clipping_to_html: clipping is NULL");
        // Both kinds of handle (standalone and an item's) point at the Clipping base.
        const auto* model = reinterpret_cast<const clipfeed::Clipping*>(clipping);
        *out = clipfeed::capi::malloc_copy(clipfeed::clipping_to_html(*model));
        return *out ? CLIPFEED_OK : fail(CLIPFEED_ENOMEM, "clipfeed_clipping_to_html: out of memory");
    });
}

}  // extern "C"
