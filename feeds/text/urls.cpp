#include "feeds/text/urls.hpp"

#include <curl/curl.h>

#include <memory>

#include "feeds/runtime/lazy_libraries.hpp"

namespace clipfeed {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

struct UrlDeleter {
    void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
struct CurlStringDeleter {
    void operator()(char* s) const { curl_free(s); }
};

}  // namespace

bool has_url_scheme(std::string_view url) {
    url = trim(url);
    if (url.empty() || !is_alpha(url[0])) return false;
    for (std::size_t i = 1; i < url.size(); ++i) {
        char c = url[i];
        if (c == ':') return true;
        if (!(is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) return false;
    }
    return false;
}

std::string resolve_url(std::string_view base, std::string_view reference) {
    reference = trim(reference);
    base = trim(base);
    if (has_url_scheme(reference) || base.empty()) return std::string(reference);
    if (!reference.empty() && reference.front() == '#') {
        // libcurl 7.88 resolves a fragment-only reference against the base's
        // directory; RFC 3986 keeps the whole base (minus its own fragment).
        if (!has_url_scheme(base)) return std::string(reference);
        return std::string(base.substr(0, base.find('#'))) + std::string(reference);
    }

    // libcurl is opened on first use; without it a relative reference stays as
    // written, as it does when libcurl cannot parse it.
    std::string unavailable;
    if (!load_curl(unavailable)) return std::string(reference);
    std::unique_ptr<CURLU, UrlDeleter> url(curl_url());
    if (!url) return std::string(reference);
    const unsigned flags = CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE;
    std::string base_z(base), reference_z(reference);
    if (curl_url_set(url.get(), CURLUPART_URL, base_z.c_str(), flags) != CURLUE_OK)
        return std::string(reference);
    // Setting a relative URL on a handle that holds an absolute one resolves it.
    if (curl_url_set(url.get(), CURLUPART_URL, reference_z.c_str(), flags) != CURLUE_OK)
        return std::string(reference);
    char* out = nullptr;
    if (curl_url_get(url.get(), CURLUPART_URL, &out, 0) != CURLUE_OK || out == nullptr)
        return std::string(reference);
    std::unique_ptr<char, CurlStringDeleter> owned(out);
    return std::string(out);
}

}  // namespace clipfeed
