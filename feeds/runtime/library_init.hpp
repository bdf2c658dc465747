// One-time initialization of the C libraries clipfeed uses, done on first use
// so the C API needs no global init call.
#pragma once

namespace clipfeed {

void init_libxml2_once();
void init_curl_once();

}  // namespace clipfeed
