// What the ?url= proxy of 'clipfeed serve --allow-any-url' refuses before any
// connection: schemes other than http and https, malformed URLs, and hosts
// written as internal addresses (loopback, private, link-local, multicast,
// ...; also in the short and numeric IPv4 forms curl accepts, 127.1 or
// 2130706433). A host given by name is checked after DNS resolution by the
// fetcher (clipfeed_fetcher_set_block_private_addresses: the address of every
// connection it opens, redirects included), which answers CLIPFEED_EBLOCKED.
#pragma once

#include <string>

namespace serve {

// True when `url` may be fetched; false with `reason` set ("file:// is not
// http or https").
bool allowed_proxy_url(const std::string& url, std::string& reason);

// True for an IPv4 or IPv6 literal (as in a URL's host, IPv6 without the
// brackets) naming a loopback, private, link-local, shared, multicast,
// reserved or unspecified address; false for public addresses and names.
bool is_internal_literal(const std::string& host);

}  // namespace serve
