#include "tools/serve/ssrf_guard.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdint>
#include <cstring>

#include "tools/cli_common.hpp"

namespace serve {

namespace {

bool internal_v4(std::uint32_t a) {
    auto in = [&](std::uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
    return in(0x00000000, 8)      // "this network", 0.0.0.0
           || in(0x0A000000, 8)   // 10/8 private
           || in(0x64400000, 10)  // 100.64/10 carrier-grade NAT
           || in(0x7F000000, 8)   // loopback
           || in(0xA9FE0000, 16)  // 169.254/16 link-local (cloud metadata services)
           || in(0xAC100000, 12)  // 172.16/12 private
           || in(0xC0000000, 24)  // 192.0.0/24 protocol assignments
           || in(0xC0A80000, 16)  // 192.168/16 private
           || in(0xC6120000, 15)  // 198.18/15 benchmarking
           || in(0xE0000000, 4)   // multicast
           || in(0xF0000000, 4);  // reserved, broadcast
}

}  // namespace

bool is_internal_literal(const std::string& host) {
    in_addr v4{};
    // inet_aton, unlike inet_pton, reads every form curl does: 127.1, 0x7f.1, 2130706433.
    if (inet_aton(host.c_str(), &v4)) return internal_v4(ntohl(v4.s_addr));
    in6_addr v6{};
    if (inet_pton(AF_INET6, host.c_str(), &v6) != 1) return false;
    const unsigned char* b = v6.s6_addr;
    if (IN6_IS_ADDR_LOOPBACK(&v6) || IN6_IS_ADDR_UNSPECIFIED(&v6)) return true;
    if ((b[0] & 0xFE) == 0xFC) return true;                 // fc00::/7 unique local
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return true;  // fe80::/10 link-local
    if (b[0] == 0xFF) return true;                          // multicast
    if (IN6_IS_ADDR_V4MAPPED(&v6) || IN6_IS_ADDR_V4COMPAT(&v6)) {
        std::uint32_t a;
        std::memcpy(&a, b + 12, 4);
        return internal_v4(ntohl(a));
    }
    return false;
}

bool allowed_proxy_url(const std::string& url, std::string& reason) {
    for (unsigned char c : url) {
        if (c <= 0x20 || c == 0x7F) {
            reason = "the URL holds a space or a control character";
            return false;
        }
    }
    const std::size_t colon = url.find("://");
    const std::string scheme = cli::lower(url.substr(0, colon == std::string::npos ? url.find(':') : colon));
    if (colon == std::string::npos || (scheme != "http" && scheme != "https")) {
        reason = (scheme.empty() || scheme.size() == url.size() ? std::string("'") + url + "'"
                                                                 : scheme + "://") +
                 " is not an http or https URL";
        return false;
    }
    std::string authority = url.substr(colon + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    const std::size_t at = authority.rfind('@');
    if (at != std::string::npos) authority = authority.substr(at + 1);
    std::string host;
    if (!authority.empty() && authority[0] == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string::npos) {
            reason = "the URL's IPv6 host has no closing ']'";
            return false;
        }
        host = authority.substr(1, close - 1);
        const std::size_t zone = host.find('%');
        if (zone != std::string::npos) host = host.substr(0, zone);
    } else {
        host = authority.substr(0, authority.find(':'));
    }
    if (host.empty()) {
        reason = "the URL names no host";
        return false;
    }
    if (is_internal_literal(host)) {
        reason = host + " is a loopback, private, link-local or otherwise internal address";
        return false;
    }
    return true;
}

}  // namespace serve
