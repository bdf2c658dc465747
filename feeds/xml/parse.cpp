// The parse entry point: decode the bytes, pick the format, build the model
// (recovering broken XML item by item), then run the caller's enricher.
#include "feeds/xml/parse.hpp"

#include <fcntl.h>
#include <pugixml.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "feeds/memory/huge_pages.hpp"
#include "feeds/text/encoding.hpp"
#include "feeds/xml/feed_builder.hpp"
#include "feeds/xml/jsonfeed.hpp"
#include "feeds/text/urls.hpp"
#include "feeds/xml/xml_recover.hpp"

namespace clipfeed {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view first_content(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && is_space(text[i])) ++i;
    return text.substr(i);
}

std::string describe(const pugi::xml_parse_result& result, std::string_view what) {
    return std::string(what) + " is not well-formed XML: " + result.description() + " at byte " +
           std::to_string(result.offset);
}

bool doctype_mentions_netscape(std::string_view doctype) {
    for (std::size_t i = 0; i + 8 <= doctype.size(); ++i)
        if (ascii_iequals(doctype.substr(i, 8), "netscape")) return true;
    return false;
}

// Reads the DOCTYPE (if any) for entity declarations and the RSS 0.91 Netscape mark.
void read_doctype(const pugi::xml_document& doc, DocumentEntities& entities, BuildSettings& settings,
                  std::vector<std::string>& feed_warning_sink) {
    for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling()) {
        if (n.type() != pugi::node_doctype) continue;
        std::string_view text = n.value();
        entities.read_doctype(text);
        settings.netscape_doctype = doctype_mentions_netscape(text);
        for (const std::string& name : entities.external())
            feed_warning_sink.push_back("the external entity '" + name + "' was not loaded (read as empty text)");
    }
}

// Parses one item's text on its own, repairing and recovering as needed.
// Returns the item element, or an empty node when nothing could be read.
pugi::xml_node parse_item_piece(std::string_view piece, std::size_t index, ParsedFeed& out,
                                std::vector<std::unique_ptr<pugi::xml_document>>& documents) {
    auto doc = std::make_unique<pugi::xml_document>();
    out.extra_buffers.emplace_back(piece);
    std::string& buffer = out.extra_buffers.back();
    pugi::xml_parse_result result =
        doc->load_buffer_inplace(buffer.data(), buffer.size(), kPugiOptions, pugi::encoding_utf8);
    if (!result) {
        bool changed = false;
        std::string repaired = repair_markup(piece, changed);
        std::string what = "item " + std::to_string(index + 1);
        if (changed) {
            out.extra_buffers.push_back(std::move(repaired));
            std::string& fixed = out.extra_buffers.back();
            doc = std::make_unique<pugi::xml_document>();
            if (doc->load_buffer_inplace(fixed.data(), fixed.size(), kPugiOptions, pugi::encoding_utf8)) {
                out.feed.warnings.push_back(describe(result, what) + "; read after escaping a bare '&' or '<'");
                pugi::xml_node root = doc->document_element();
                documents.push_back(std::move(doc));
                return root;
            }
        }
        std::string error;
        std::unique_ptr<pugi::xml_document> recovered = recover_with_libxml2(piece, error);
        out.feed.warnings.push_back(describe(result, what) + "; recovered what could be read" +
                                    (error.empty() ? "" : " (" + error + ")"));
        if (!recovered) return {};
        doc = std::move(recovered);
    }
    pugi::xml_node root = doc->document_element();
    documents.push_back(std::move(doc));
    return root;
}

// A document pugixml rejected: read the feed-level part and every item apart.
void read_broken_xml(ParsedFeed& out, const pugi::xml_parse_result& first_error, BuildSettings settings,
                     DocumentEntities& entities, std::string pristine) {
    Feed& feed = out.feed;
    feed.recovered = true;
    std::string_view text = pristine;
    std::vector<ItemRange> items = find_item_ranges(text);

    if (items.empty()) {
        // Nothing to split: repair, then let libxml2 recover the whole.
        feed.warnings.push_back(describe(first_error, "the document"));
        bool changed = false;
        std::string repaired = repair_markup(text, changed);
        std::string error;
        std::unique_ptr<pugi::xml_document> doc = recover_with_libxml2(repaired, error);
        if (!doc || !doc->document_element()) {
            feed.warnings.push_back("no feed could be recovered from the document" +
                                    (error.empty() ? std::string() : " (" + error + ")"));
            return;
        }
        FeedBuilder builder(out, settings);
        if (!builder.read_document(doc->document_element()))
            feed.warnings.push_back("the document is not a feed: its root element is <" +
                                    std::string(doc->document_element().name()) + ">");
        out.documents.push_back(std::move(doc));
        return;
    }

    // The shell: everything but the items (channel metadata, root element).
    std::string shell;
    std::size_t copied = 0;
    for (const ItemRange& r : items) {
        shell.append(text.substr(copied, r.begin - copied));
        copied = r.end;
    }
    shell.append(text.substr(copied));
    out.extra_buffers.push_back(std::move(shell));
    std::string& shell_buffer = out.extra_buffers.back();
    auto shell_doc = std::make_unique<pugi::xml_document>();
    pugi::xml_parse_result shell_result =
        shell_doc->load_buffer_inplace(shell_buffer.data(), shell_buffer.size(), kPugiOptions, pugi::encoding_utf8);
    read_doctype(*shell_doc, entities, settings, feed.warnings);
    if (!shell_result) {
        // pugixml keeps what it read before the error: usually all of the
        // channel, when only the document's end is missing.
        feed.warnings.push_back(describe(shell_result, "the feed outside its items"));
    }
    FeedBuilder builder(out, settings);
    pugi::xml_node root = shell_doc->document_element();
    if (!root || !builder.read_document(root)) {
        feed.warnings.push_back("the document is not a feed: no <rss>, <rdf:RDF> or <feed> root element was found");
        out.documents.push_back(std::move(shell_doc));
        return;
    }
    NamespaceScope root_scope = builder.root_scope();
    std::vector<std::unique_ptr<pugi::xml_document>> item_documents;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const ItemRange& r = items[i];
        std::string_view piece = text.substr(r.begin, r.end - r.begin);
        pugi::xml_node item = parse_item_piece(piece, i, out, item_documents);
        if (!r.closed)
            feed.warnings.push_back("item " + std::to_string(i + 1) + " is cut off: it has no end tag");
        if (!item) continue;
        builder.set_scope(root_scope);
        builder.read_item(item);
    }
    for (auto& d : item_documents) out.documents.push_back(std::move(d));
    out.documents.push_back(std::move(shell_doc));
}

// Parses the document in out.buffer. pugixml parses in place, so the text is
// gone once it fails; `pristine` gives it back (decoded again) for recovery,
// which is cheaper than keeping a copy of every document that parses fine.
template <typename PristineText>
void read_xml(ParsedFeed& out, BuildSettings settings, PristineText&& pristine) {
    Feed& feed = out.feed;
    DocumentEntities entities;
    settings.entities = &entities;

    auto doc = std::make_unique<pugi::xml_document>();
    pugi::xml_parse_result result =
        doc->load_buffer_inplace(out.buffer.data(), out.buffer.size(), kPugiOptions, pugi::encoding_utf8);
    if (!result) {
        doc.reset();
        std::string text = pristine();
        out.buffer.clear();
        read_broken_xml(out, result, settings, entities, std::move(text));
        return;
    }
    read_doctype(*doc, entities, settings, feed.warnings);
    FeedBuilder builder(out, settings);
    pugi::xml_node root = doc->document_element();
    if (!root || !builder.read_document(root)) {
        feed.recovered = true;
        feed.warnings.push_back(root ? "the document is not a feed: its root element is <" +
                                           std::string(root.name()) + ">"
                                     : std::string("the document holds no XML element"));
    }
    if (builder.document_was_lenient()) feed.recovered = true;
    if (entities.truncated()) {
        feed.recovered = true;
        feed.warnings.push_back("an entity declared in the DOCTYPE expands past the limit of 1 MiB; "
                                "its references are left as written");
    }
}

}  // namespace

ParsedFeed::ParsedFeed() = default;
ParsedFeed::~ParsedFeed() = default;

namespace {

// Parses out->buffer (the document as UTF-8, already decoded; the encoding
// findings already in out->feed). `pristine` gives the document again if
// parsing in place fails and recovery needs the untouched text.
template <typename Pristine>
void parse_buffer(ParsedFeed& out, const ParseContext& context, Pristine&& pristine) {
    Feed& feed = out.feed;
    if (out.buffer.size() > context.limits.max_document_bytes) {
        feed.recovered = true;
        feed.warnings.push_back("the document is " + std::to_string(out.buffer.size()) +
                                " bytes, more than the limit of " + std::to_string(context.limits.max_document_bytes) +
                                "; it was not parsed");
        out.buffer.clear();
        return;
    }
    // A big document's strings (what the builder decodes or cleans, the
    // clippings) go straight to huge-page chunks: in 64 KiB heap blocks, the
    // first 4 MiB of a fresh process's first big feed cost a page fault per
    // 4 KiB, a third of the time that parse took over a warm one.
    if (out.buffer.size() >= kHugePagesFrom) out.arena.expect_big();
    std::string base = std::string(context.url);
    if (!context.content_location.empty()) base = resolve_url(base, context.content_location);

    std::string_view start = first_content(out.buffer);
    if (start.empty()) {
        feed.recovered = true;
        feed.warnings.push_back("the document is empty");
    } else if (start.front() == '{') {
        if (!parse_json_feed(out.buffer, context, out)) feed.recovered = true;
    } else {
        BuildSettings settings;
        settings.base_url = base;
        settings.default_language = context.content_language;
        settings.sanitize_html = context.sanitize_html;
        settings.limits = context.limits;
        read_xml(out, settings, pristine);
    }
    // After the XML tree is gone: its memory and the enricher's (the clippings')
    // are never needed at once.
    if (context.enrich) context.enrich(out);
}

DecodedDocument decode_into(ParsedFeed& out, std::string_view bytes, const ParseContext& context) {
    DecodedDocument decoded = decode_document(bytes, context.content_type, context.from_http);
    out.feed.encoding = decoded.encoding;
    out.feed.recovered = decoded.recovered;
    for (std::string& w : decoded.warnings) out.feed.warnings.push_back(std::move(w));
    return decoded;
}

}  // namespace

std::unique_ptr<ParsedFeed> parse_feed(std::string_view bytes, const ParseContext& context) {
    auto out = std::make_unique<ParsedFeed>();
    DecodedDocument decoded = decode_into(*out, bytes, context);
    if (decoded.unchanged)
        out->buffer.assign(bytes.substr(decoded.skip));
    else
        out->buffer.adopt(std::move(decoded.utf8));
    parse_buffer(*out, context, [&] {
        if (decoded.unchanged) return std::string(bytes.substr(decoded.skip));
        return decode_document(bytes, context.content_type, context.from_http).utf8;
    });
    return out;
}

namespace {

// An open file descriptor, closed on the way out.
struct OpenFile {
    int fd;
    ~OpenFile() {
        if (fd >= 0) ::close(fd);
    }
};

// Reads from `fd` until `size` bytes are in `into` or the file ends; the bytes read, or -1 with errno set.
long long read_fully(int fd, char* into, std::size_t size) {
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::read(fd, into + got, size - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    return static_cast<long long>(got);
}

// What is left to read from a pipe or terminal, in blocks of 1 MiB.
bool read_stream(int fd, std::string& out, std::string& error, const std::string& path) {
    constexpr std::size_t kBlock = 1 << 20;
    for (;;) {
        const std::size_t used = out.size();
        out.resize(used + kBlock);
        const long long n = read_fully(fd, out.data() + used, kBlock);
        if (n < 0) {
            error = "cannot read '" + path + "': " + std::strerror(errno);
            return false;
        }
        out.resize(used + static_cast<std::size_t>(n));
        if (static_cast<std::size_t>(n) < kBlock) return true;
    }
}

}  // namespace

std::unique_ptr<ParsedFeed> parse_feed_file(const std::string& path, const ParseContext& context,
                                            std::string& error) {
    // A regular file is read with one read() of its size into the storage
    // storage_for(size) gives, which is what the parser then parses in place.
    // Anything else (a pipe: standard input from another program) cannot be
    // read twice, so it is read whole and parsed as bytes in memory, which
    // keeps them for recovery.
    std::string streamed;
    bool regular = true;
    auto read = [&](auto&& storage_for) {
        OpenFile file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
        struct stat info;
        if (file.fd < 0 || ::fstat(file.fd, &info) != 0) {
            error = "cannot open '" + path + "': " + std::strerror(errno);
            return false;
        }
        if (!S_ISREG(info.st_mode)) {
            regular = false;
            return read_stream(file.fd, streamed, error, path);
        }
        const auto size = static_cast<std::size_t>(info.st_size);
        char* into = storage_for(size);
        const long long got = read_fully(file.fd, into, size);
        if (got < 0) {
            error = "cannot read '" + path + "': " + std::strerror(errno);
            return false;
        }
        if (static_cast<std::size_t>(got) != size) {
            error = "cannot read '" + path + "': it shrank from " + std::to_string(size) + " to " +
                    std::to_string(got) + " bytes while being read";
            return false;
        }
        return true;
    };
    DocumentBuffer bytes;
    if (!read([&](std::size_t size) { return bytes.allocate(size); })) return nullptr;
    if (!regular) return parse_feed(streamed, context);
    auto out = std::make_unique<ParsedFeed>();
    DecodedDocument decoded = decode_into(*out, bytes, context);
    if (decoded.unchanged) {
        // The file's own bytes become the buffer: a large feed is held once.
        bytes.remove_prefix(decoded.skip);
        out->buffer = std::move(bytes);
    } else {
        out->buffer.adopt(std::move(decoded.utf8));
        bytes.clear();
    }
    parse_buffer(*out, context, [&] {
        // The buffer was parsed in place: read the file again for the untouched text.
        std::string again;
        auto string_storage = [&](std::size_t size) {
            again.resize(size);
            return again.data();
        };
        if (!read(string_storage)) return std::string();
        DecodedDocument redecoded = decode_document(again, context.content_type, context.from_http);
        if (redecoded.unchanged) return again.substr(redecoded.skip);
        return std::move(redecoded.utf8);
    });
    return out;
}

}  // namespace clipfeed
