// Fuzz target: clipping extraction from any text or HTML (the first byte
// picks detect, text or HTML).
#include <cstddef>
#include <cstdint>
#include <string>

#include "feeds/out/json_writer.hpp"
#include "plugin/clipping/clipping.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static const clipfeed::ContentKind kKinds[] = {clipfeed::ContentKind::detect, clipfeed::ContentKind::text,
                                                   clipfeed::ContentKind::html};
    clipfeed::Arena arena;
    auto clipping = clipfeed::extract_clipping({reinterpret_cast<const char*>(data) + 1, size - 1},
                                               kKinds[data[0] % 3], "http://fuzz.example/item/1", arena);
    std::string json;
    clipfeed::write_clipping_json(clipping ? &*clipping : nullptr, clipfeed::JsonStyle::compact, json);
    return 0;
}
