// Placeholder until encoding detection lands: takes every document as UTF-8.
#include "feeds/encoding.hpp"

namespace clipfeed {

DecodedDocument decode_document(std::string_view bytes, std::string_view, bool) {
    DecodedDocument out;
    out.unchanged = true;
    out.skip = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    out.encoding = "utf-8";
    return out;
}

}  // namespace clipfeed
