// Version, error codes, the thread-local last error, and the memory kept for reuse.
#include <cstdlib>
#include <cstring>

#include "capi/capi_internal.hpp"
#include "feeds/memory/arena.hpp"
#include "feeds/memory/huge_pages.hpp"

namespace {
thread_local std::string last_error;

#define CLIPFEED_STRINGIFY2(x) #x
#define CLIPFEED_STRINGIFY(x) CLIPFEED_STRINGIFY2(x)
}  // namespace

namespace clipfeed::capi {

int fail(int code, std::string message) {
    try {
        last_error = std::move(message);
    } catch (...) {
        // Keeping the message failed (out of memory); the code still tells.
    }
    return code;
}

bool json_style_from_flags(int flags, JsonStyle& style) {
    if (flags == CLIPFEED_JSON_COMPACT) style = JsonStyle::compact;
    else if (flags == CLIPFEED_JSON_PRETTY) style = JsonStyle::pretty;
    else return false;
    return true;
}

char* malloc_copy(const std::string& s) {
    char* out = static_cast<char*>(std::malloc(s.size() + 1));
    if (out) std::memcpy(out, s.c_str(), s.size() + 1);
    return out;
}

}  // namespace clipfeed::capi

extern "C" {

const char* clipfeed_version(void) {
    return CLIPFEED_STRINGIFY(CLIPFEED_VERSION_MAJOR) "." CLIPFEED_STRINGIFY(
        CLIPFEED_VERSION_MINOR) "." CLIPFEED_STRINGIFY(CLIPFEED_VERSION_PATCH);
}

const char* clipfeed_strerror(int code) {
    switch (code) {
        case CLIPFEED_OK: return "success";
        case CLIPFEED_ERROR: return "internal error";
        case CLIPFEED_EINVAL: return "invalid argument";
        case CLIPFEED_ENOMEM: return "out of memory";
        case CLIPFEED_EIO: return "input/output error";
        case CLIPFEED_ENOTFOUND: return "value not present";
        case CLIPFEED_EDNS: return "host name not resolved";
        case CLIPFEED_ECONNECT: return "cannot connect";
        case CLIPFEED_ETLS: return "TLS failure";
        case CLIPFEED_ETIMEOUT: return "timed out";
        case CLIPFEED_EHTTP: return "HTTP error status";
        case CLIPFEED_ETOOLARGE: return "response too large";
        case CLIPFEED_EREDIRECT: return "too many redirects or a redirect loop";
        case CLIPFEED_ENOTFEED: return "not a feed";
        case CLIPFEED_ETRUNCATED: return "response cut off";
        case CLIPFEED_ESCHEME: return "not an http or https URL";
        case CLIPFEED_ENETWORK: return "network failure";
        case CLIPFEED_ECANCELED: return "canceled";
        case CLIPFEED_ESTATE: return "poller state unusable";
        case CLIPFEED_EBLOCKED: return "address refused";
        case CLIPFEED_EUNAVAILABLE: return "poller state unavailable";
        default: return "unknown error code";
    }
}

const char* clipfeed_last_error(void) { return last_error.c_str(); }

void clipfeed_string_free(char* string) { std::free(string); }

size_t clipfeed_memory_release(void) {
    try {
        return clipfeed::release_kept_huge_pages() + clipfeed::release_pooled_arena_blocks();
    } catch (...) {
        return 0;  // a mutex that could not be locked: nothing was given back
    }
}

}  // extern "C"
