// The libxml2 functions clipfeed calls (feeds/xml/xml_recover.cpp recovers
// broken documents, feeds/net/autodiscovery.cpp reads HTML pages), defined here under
// their own names and forwarding to libxml2.so.2, which is opened on first use
// rather than linked: linking it loaded libxml2 and ICU (about 1 ms) in every
// host at start-up, though a well-formed feed never needs it (pugixml parses).
// Why by hand: feeds/runtime/lazy_library.hpp. Hidden, like every symbol but
// clipfeed_*. A function clipfeed starts to call goes into LIBXML2_SYMBOLS and
// gets a definition below (DEVELOPERS.md, "Lazily loaded libraries").
#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "feeds/runtime/lazy_libraries.hpp"
#include "feeds/runtime/lazy_shim.hpp"

namespace {

// xmlFree is not a function but a global variable of libxml2 (a function
// pointer, xmlMemSetup may change it): its slot holds the variable's address.
#define LIBXML2_SYMBOLS(X)                                                                                  \
    X(xmlInitParser) X(xmlNewParserCtxt) X(xmlFreeParserCtxt) X(xmlCtxtReadMemory) X(htmlReadMemory)        \
    X(xmlDocGetRootElement) X(xmlFreeDoc) X(xmlGetProp) X(xmlNodeListGetString) X(xmlFree)

CLIPFEED_LAZY_TABLE(LIBXML2_SYMBOLS)

void init_parser() {
    // Once, under the loader's call_once: libxml2's own globals and locks.
    reinterpret_cast<decltype(&::xmlInitParser)>(symbol_slots[static_cast<std::size_t>(Symbol::xmlInitParser)])();
}

clipfeed::LazyLibrary& libxml2() {
    static clipfeed::LazyLibrary library("libxml2.so.2", "recovering malformed documents and reading HTML pages",
                                         CLIPFEED_LAZY_ARGS, init_parser);
    return library;
}

#define XML_FN(name) CLIPFEED_LAZY_CALL(libxml2(), name)

// What our xmlFree points at: calls whatever libxml2's xmlFree holds now.
// Memory reaches clipfeed's code only from a loaded libxml2, so the library is
// loaded whenever this runs.
void forward_free(void* memory) {
    (*reinterpret_cast<xmlFreeFunc*>(libxml2().slot(static_cast<std::size_t>(Symbol::xmlFree))))(memory);
}

}  // namespace

namespace clipfeed {
void require_libxml2() { libxml2().require(); }
bool load_libxml2(std::string& error) noexcept { return libxml2().try_load(error); }
}  // namespace clipfeed

extern "C" {

xmlFreeFunc xmlFree = forward_free;

xmlParserCtxtPtr xmlNewParserCtxt(void) { return XML_FN(xmlNewParserCtxt)(); }
void xmlFreeParserCtxt(xmlParserCtxtPtr ctxt) { XML_FN(xmlFreeParserCtxt)(ctxt); }
xmlDocPtr xmlCtxtReadMemory(xmlParserCtxtPtr ctxt, const char* buffer, int size, const char* URL, const char* encoding,
                            int options) {
    return XML_FN(xmlCtxtReadMemory)(ctxt, buffer, size, URL, encoding, options);
}
htmlDocPtr htmlReadMemory(const char* buffer, int size, const char* URL, const char* encoding, int options) {
    return XML_FN(htmlReadMemory)(buffer, size, URL, encoding, options);
}
xmlNodePtr xmlDocGetRootElement(const xmlDoc* doc) { return XML_FN(xmlDocGetRootElement)(doc); }
void xmlFreeDoc(xmlDocPtr doc) { XML_FN(xmlFreeDoc)(doc); }
xmlChar* xmlGetProp(const xmlNode* node, const xmlChar* name) { return XML_FN(xmlGetProp)(node, name); }
xmlChar* xmlNodeListGetString(xmlDocPtr doc, const xmlNode* list, int inLine) {
    return XML_FN(xmlNodeListGetString)(doc, list, inLine);
}

}  // extern "C"
