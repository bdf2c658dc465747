// Builds the model from an XML feed document (RSS 0.9x/2.0, RSS 1.0/RDF,
// Atom 0.3/1.0) parsed by pugixml, element by element, by feedparser's rules:
// the same element means the same thing in every format (an Atom <link> in RSS,
// <content:encoded> in Atom), and namespaces decide which vocabulary an
// element belongs to.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "feeds/html/html_rewrite.hpp"
#include "feeds/xml/parse.hpp"
#include "feeds/xml/xml_names.hpp"
#include "feeds/xml/xml_values.hpp"

namespace clipfeed {

struct BuildSettings {
    std::string_view base_url;          // for relative links: Content-Location or the document URL
    std::string_view default_language;  // HTTP Content-Language
    const DocumentEntities* entities = nullptr;
    bool netscape_doctype = false;      // <!DOCTYPE rss ... netscape ...>: RSS 0.91 Netscape
    bool sanitize_html = true;
    ParseLimits limits;
};

class FeedBuilder {
public:
    FeedBuilder(ParsedFeed& out, const BuildSettings& settings);

    // Reads a whole document from its root element. Returns false when the
    // root is not a feed (format stays unknown).
    bool read_document(pugi::xml_node root);

    // For documents read in pieces (recovery): begin with the root element
    // (format, version, namespaces, language), then hand over feed-level
    // elements and items in document order.
    bool begin(pugi::xml_node root);
    void read_feed_child(pugi::xml_node element);
    void read_item(pugi::xml_node item);

    // Namespace declarations of the root, for items parsed on their own.
    const NamespaceScope& root_scope() const { return root_scope_; }
    void set_scope(const NamespaceScope& scope) { scope_ = scope; }

    // Whether the document broke XML rules the parser let through (undeclared
    // prefixes, HTML entities, bare '&'): the feed is then `recovered`.
    bool document_was_lenient();

private:
    struct ItemState;
    class Scoped;

    void read_item_in_scope(pugi::xml_node item);  // its namespaces and xml:base already entered
    void walk_feed_children(pugi::xml_node parent, int depth);
    void handle_feed_element(pugi::xml_node el, int depth);
    void walk_item_children(pugi::xml_node parent, ItemState& item, int depth);
    void handle_item_element(pugi::xml_node el, ItemState& item, int depth);
    void finish_item(ItemState& item);

    // Text constructs (title, summary, content, rights, ...).
    struct TextValue {
        std::string_view value;
        TextKind kind = TextKind::text;
    };
    enum class DefaultType { text, html, xhtml };
    TextValue read_text_construct(pugi::xml_node el, DefaultType default_type);

    // An Atom-style <link rel href type> (RSS writes <link>url</link>: no href).
    struct Link {
        bool has_href = false;
        std::string_view href;  // resolved
        std::string rel;        // lower case, "alternate" by default
        bool is_html = false;   // its type is HTML (text/html by default)
    };
    Link read_link(pugi::xml_node el);
    void add_enclosure(Item& item, std::string_view url, pugi::xml_node el);

    std::string_view plain_text(pugi::xml_node el);
    std::string_view uri_text(pugi::xml_node el);
    std::string_view resolve(std::string_view uri);
    std::string_view current_base() const;
    std::string_view finish(std::string_view value);
    Timestamp read_date(pugi::xml_node el);
    void add_category(std::vector<std::string_view>& list, std::string_view term);
    void add_keywords(std::vector<std::string_view>& list, std::string_view text);
    void add_person_from_text(std::vector<Person>& list, std::string_view text);
    void add_person_construct(std::vector<Person>& list, pugi::xml_node el);
    void read_feed_image(pugi::xml_node image);
    void set_update_period(std::string_view period, std::int64_t frequency);
    void read_skip_list(pugi::xml_node list, bool hours);

    // An attribute's decoded value, found case-insensitively ("" when absent).
    std::string_view attribute_value(pugi::xml_node el, std::string_view name);
    // The attribute by name, compared case-insensitively (feedparser lower-cases
    // attribute names), among the first limit's worth of them; an element with
    // more is warned about (once).
    pugi::xml_attribute find_attribute(pugi::xml_node el, std::string_view name);
    // True (and a warning, once) when the walk is as deep as the limit allows.
    bool too_deep();
    void warn_once(bool& flag, const std::string& message);

    // The element's namespace and lower-case local name.
    Ns element_ns(pugi::xml_node el, std::string_view& local);

    ParsedFeed& out_;
    Feed& feed_;
    BuildSettings settings_;
    ValueReader reader_;
    NamespaceScope scope_;
    NamespaceScope root_scope_;
    std::vector<std::string> base_stack_;  // xml:base in effect, innermost last
    std::string local_buffer_;
    std::string type_buffer_;     // content_type_of's lower-cased type
    HtmlRewriteWorkspace rewrite_workspace_;  // reused by every text construct
    bool undeclared_prefix_ = false;
    int nesting_ = 0;  // elements entered, from the document's root
    bool warned_depth_ = false, warned_items_ = false, warned_attributes_ = false, warned_text_ = false;
    bool atom10_ = false;
    bool rss_family_ = false;
    bool document_is_utf8_ = true;

    // Feed-level precedence: the first non-empty title wins.
    bool feed_title_set_ = false;
    // sy:updatePeriod and sy:updateFrequency, kept until both have been seen.
    std::string sy_period_ = "daily";
    std::int64_t sy_frequency_ = 1;
};

}  // namespace clipfeed
