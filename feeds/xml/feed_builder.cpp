#include "feeds/xml/feed_builder.hpp"

#include <algorithm>

#include <climits>

#include "feeds/text/ascii.hpp"
#include "feeds/text/dates.hpp"
#include "feeds/html/html_rewrite.hpp"
#include "feeds/model/people.hpp"
#include "feeds/text/urls.hpp"

namespace clipfeed {

namespace {

constexpr int kUnset = INT_MAX;

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool has_element_children(pugi::xml_node el) {
    for (pugi::xml_node n = el.first_child(); n; n = n.next_sibling())
        if (n.type() == pugi::node_element) return true;
    return false;
}

// feedparser's names for content types: "text" -> "text/plain", and so on.
// The result is a constant or a view of `buffer` (reused from call to call:
// this runs for every text element and link).
std::string_view content_type_of(pugi::xml_attribute a, std::string_view fallback, std::string& buffer) {
    buffer.clear();
    append_ascii_lowercase(a ? std::string_view(a.value()) : fallback, buffer);
    std::string_view type = buffer;
    std::size_t semicolon = type.find(';');  // "text/html; charset=utf-8"
    if (semicolon != std::string_view::npos) type = strip_unicode_space(type.substr(0, semicolon));
    if (type == "text" || type == "plain") return "text/plain";
    if (type == "html") return "text/html";
    if (type == "xhtml") return "application/xhtml+xml";
    return type;
}

bool is_html_type(std::string_view type) { return type == "text/html" || type == "application/xhtml+xml"; }

std::optional<std::int64_t> parse_unsigned(std::string_view s) {
    s = strip_unicode_space(s);
    if (s.empty() || s.size() > 18) return std::nullopt;
    std::int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

bool is_web_url(std::string_view s) {
    return ascii_iequals(s.substr(0, 7), "http://") || ascii_iequals(s.substr(0, 8), "https://");
}

}  // namespace

// Enters an element for the walk: its namespace declarations and xml:base come
// into scope, and leave it when the element is done.
class FeedBuilder::Scoped {
public:
    Scoped(FeedBuilder& b, pugi::xml_node el) : b_(b), mark_(b.scope_.enter(el)) {
        ++b_.nesting_;
        pugi::xml_attribute base = b_.find_attribute(el, "xml:base");
        if (base) {
            b_.base_stack_.push_back(resolve_url(b_.base_stack_.back(), b_.reader_.attribute(base)));
            pushed_ = true;
        }
    }
    ~Scoped() {
        --b_.nesting_;
        b_.scope_.leave(mark_);
        if (pushed_) b_.base_stack_.pop_back();
    }
    Scoped(const Scoped&) = delete;
    Scoped& operator=(const Scoped&) = delete;

private:
    FeedBuilder& b_;
    std::size_t mark_;
    bool pushed_ = false;
};

struct FeedBuilder::ItemState {
    Item item;
    int title_depth = kUnset;    // depth of the title kept; a shallower one replaces it
    bool title_from_media = false;
    int id_depth = kUnset;
    int summary_depth = kUnset;
    bool has_content = false;
    std::string_view permalink;  // a guid that is the item's permalink
};

FeedBuilder::FeedBuilder(ParsedFeed& out, const BuildSettings& settings)
    : out_(out),
      feed_(out.feed),
      settings_(settings),
      reader_(out.arena, settings.entities, settings.limits.max_text_bytes, settings.limits.max_depth,
              settings.limits.max_attributes) {
    base_stack_.emplace_back(settings.base_url);
    document_is_utf8_ = feed_.encoding == "utf-8";
}

bool FeedBuilder::document_was_lenient() {
    if (reader_.truncated())
        warn_once(warned_text_, "values longer than " + std::to_string(settings_.limits.max_text_bytes) +
                                    " bytes, or markup nested too deep, were cut short");
    const DecodeIssues& i = reader_.issues();
    // The Netscape RSS 0.91 DTD declares the HTML entities itself.
    bool html_entity_undeclared = i.html_entity && !settings_.netscape_doctype;
    return undeclared_prefix_ || html_entity_undeclared || i.undefined_entity || i.bare_ampersand || i.bad_char_ref;
}

std::string_view FeedBuilder::attribute_value(pugi::xml_node el, std::string_view name) {
    return reader_.attribute(find_attribute(el, name));
}

pugi::xml_attribute FeedBuilder::find_attribute(pugi::xml_node el, std::string_view name) {
    const int limit = settings_.limits.max_attributes;
    int seen = 0;
    for (pugi::xml_attribute a = el.first_attribute(); a; a = a.next_attribute(), ++seen) {
        if (seen == limit) {
            warn_once(warned_attributes_, "an element has more than " + std::to_string(limit) +
                                              " attributes; only the first " + std::to_string(limit) + " are read");
            return {};
        }
        if (ascii_iequals(a.name(), name)) return a;
    }
    return {};
}

void FeedBuilder::warn_once(bool& flag, const std::string& message) {
    if (flag) return;
    flag = true;
    feed_.warnings.push_back(message);
    feed_.recovered = true;
}

bool FeedBuilder::too_deep() {
    if (nesting_ < settings_.limits.max_depth) return false;
    warn_once(warned_depth_, "elements nested deeper than " + std::to_string(settings_.limits.max_depth) +
                                 " levels were skipped");
    return true;
}

Ns FeedBuilder::element_ns(pugi::xml_node el, std::string_view& local) {
    auto [prefix, name] = split_qname(el.name());
    bool undeclared = false;
    Ns ns = scope_.element_namespace(prefix, undeclared);
    if (undeclared && !undeclared_prefix_) {
        undeclared_prefix_ = true;
        feed_.warnings.push_back("element <" + std::string(el.name()) + "> uses the prefix '" +
                                 std::string(prefix) + "', which is not declared");
    }
    // Names are nearly always lower case already: then the name itself, in
    // the document, without a copy.
    const bool lower_case = std::none_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (lower_case) {
        local = name;
    } else {
        local_buffer_.clear();
        append_ascii_lowercase(name, local_buffer_);
        local = local_buffer_;
    }
    return ns;
}

// ---------------------------------------------------------------------------
// The document and its root.

bool FeedBuilder::read_document(pugi::xml_node root) {
    if (!begin(root)) return false;
    Scoped scoped(*this, root);
    std::string_view local;
    element_ns(root, local);
    if (local == "entry" || local == "item") {
        read_item_in_scope(root);  // an Atom entry document: one item, no feed data
    } else {
        walk_feed_children(root, 1);
    }
    return true;
}

bool FeedBuilder::begin(pugi::xml_node root) {
    std::size_t mark = scope_.enter(root);
    root_scope_ = scope_;
    std::string_view local;
    Ns ns = element_ns(root, local);
    scope_.leave(mark);

    // Which version the namespaces declared on the root say (feedparser's
    // track_namespace: the first one that names a version wins).
    std::string_view ns_version;
    for (pugi::xml_attribute a = root.first_attribute(); a && ns_version.empty(); a = a.next_attribute()) {
        std::string_view name = a.name();
        if (!starts_with(name, "xmlns")) continue;
        Ns declared = namespace_for_uri(a.value());
        if (declared == Ns::rss090 && name == "xmlns") ns_version = "rss090";
        else if (declared == Ns::rss10) ns_version = "rss10";
        else if (declared == Ns::atom10) ns_version = "atom10";
    }

    if (is_core(ns) && (local == "rss" || local == "channel")) {
        feed_.format = FeedFormat::rss;
        std::string_view v = attribute_value(root, "version");
        if (starts_with(ns_version, "rss")) feed_.version = ns_version;
        else if (settings_.netscape_doctype) feed_.version = "rss091n";
        else if (v == "0.91") feed_.version = "rss091u";
        else if (v == "0.92") feed_.version = "rss092";
        else if (v == "0.93") feed_.version = "rss093";
        else if (v == "0.94") feed_.version = "rss094";
        else if (starts_with(v, "2.")) feed_.version = "rss20";
        else feed_.version = "rss";
        if (feed_.version == "rss10" || feed_.version == "rss090") feed_.format = FeedFormat::rdf;
        rss_family_ = true;
    } else if (ns == Ns::rdf && local == "rdf") {
        feed_.format = FeedFormat::rdf;
        feed_.version = ns_version == "rss090" ? "rss090" : "rss10";
        rss_family_ = true;
    } else if (is_core(ns) && (local == "feed" || local == "entry")) {
        feed_.format = FeedFormat::atom;
        std::string_view v = attribute_value(root, "version");
        if (ns_version == "atom10") feed_.version = "atom10";
        else if (v == "0.1") feed_.version = "atom01";
        else if (v == "0.2") feed_.version = "atom02";
        else if (v == "0.3") feed_.version = "atom03";
        else feed_.version = "atom";
        atom10_ = feed_.version == "atom10";
    } else if (is_core(ns) && local == "item") {
        feed_.format = FeedFormat::rss;
        feed_.version = "rss";
        rss_family_ = true;
    } else {
        return false;
    }

    std::string_view lang = attribute_value(root, "xml:lang");
    if (!lang.empty()) feed_.language = reader_.store(lang);
    else if (!settings_.default_language.empty()) feed_.language = reader_.store(settings_.default_language);
    return true;
}

// ---------------------------------------------------------------------------
// Feed-level elements.

void FeedBuilder::walk_feed_children(pugi::xml_node parent, int depth) {
    if (too_deep()) return;
    for (pugi::xml_node el = parent.first_child(); el; el = el.next_sibling()) {
        if (el.type() != pugi::node_element) continue;
        Scoped scoped(*this, el);
        handle_feed_element(el, depth + 1);
    }
}

void FeedBuilder::read_feed_child(pugi::xml_node element) {
    Scoped scoped(*this, element);
    handle_feed_element(element, 2);
}

void FeedBuilder::handle_feed_element(pugi::xml_node el, int depth) {
    std::string_view local;
    Ns ns = element_ns(el, local);

    if (is_core(ns)) {
        if (local == "item" || local == "entry") return read_item_in_scope(el);
        if (local == "channel" || local == "feed" || local == "rss") return walk_feed_children(el, depth);
        if (local == "title") {
            TextValue t = read_text_construct(el, DefaultType::text);
            if (!feed_title_set_ || !feed_.title) feed_.title = t.value;
            feed_title_set_ = feed_title_set_ || !t.value.empty();
            return;
        }
        if (local == "link") {
            Link link = read_link(el);
            if (!link.has_href) {
                if (link.rel == "alternate") feed_.link = uri_text(el);  // RSS: <link>url</link>
            } else if (link.rel == "self") {
                if (!feed_.feed_url) feed_.feed_url = link.href;
            } else if (link.rel == "alternate" && link.is_html) {
                feed_.link = link.href;
            }
            return;
        }
        if (local == "description" || local == "subtitle" || local == "tagline") {
            feed_.description = read_text_construct(el, local == "description" ? DefaultType::html : DefaultType::text).value;
            return;
        }
        if (local == "rights" || local == "copyright") {
            feed_.rights = read_text_construct(el, DefaultType::text).value;
            return;
        }
        if (local == "language") {
            feed_.language = plain_text(el);
            return;
        }
        if (local == "pubdate" || local == "published" || local == "issued") {
            feed_.published = read_date(el);
            return;
        }
        if (local == "updated" || local == "modified" || local == "lastbuilddate") {
            feed_.updated = read_date(el);
            return;
        }
        if (local == "author" || local == "managingeditor") return add_person_construct(feed_.authors, el);
        if (local == "category" || local == "keywords") {
            std::string_view term = attribute_value(el, "term");
            add_category(feed_.categories, term.empty() ? plain_text(el) : finish(term));
            return;
        }
        if (local == "tags") return add_keywords(feed_.categories, plain_text(el));
        if (local == "image") return read_feed_image(el);
        if (local == "logo") {
            feed_.image = uri_text(el);
            return;
        }
        if (local == "ttl") {
            std::optional<std::int64_t> minutes = parse_unsigned(plain_text(el));
            if (minutes && *minutes <= 60 * 24 * 365) feed_.ttl_minutes = static_cast<int>(*minutes);
            return;
        }
        if (local == "skiphours" || local == "skipdays") return read_skip_list(el, local == "skiphours");
        if (local == "textinput" || local == "contributor" || local == "source" || local == "webmaster")
            return;
    } else if (ns == Ns::sy) {
        if (local == "updateperiod") return set_update_period(plain_text(el), sy_frequency_);
        if (local == "updatefrequency") {
            std::optional<std::int64_t> frequency = parse_unsigned(plain_text(el));
            if (frequency && *frequency > 0) set_update_period(sy_period_, *frequency);
            return;
        }
    } else if (ns == Ns::dc) {
        if (local == "title") {
            TextValue t = read_text_construct(el, DefaultType::text);
            if (!feed_title_set_ || !feed_.title) feed_.title = t.value;
            feed_title_set_ = feed_title_set_ || !t.value.empty();
            return;
        }
        if (local == "description") {
            feed_.description = read_text_construct(el, DefaultType::html).value;
            return;
        }
        if (local == "rights") {
            feed_.rights = read_text_construct(el, DefaultType::text).value;
            return;
        }
        if (local == "language") {
            feed_.language = plain_text(el);
            return;
        }
        if (local == "date") {
            feed_.updated = read_date(el);
            return;
        }
        if (local == "creator" || local == "author") return add_person_construct(feed_.authors, el);
        if (local == "subject") return add_category(feed_.categories, plain_text(el));
        if (local == "publisher" || local == "contributor") return;
    } else if (ns == Ns::dcterms) {
        if (local == "issued") {
            feed_.published = read_date(el);
            return;
        }
        if (local == "modified") {
            feed_.updated = read_date(el);
            return;
        }
    } else if (ns == Ns::itunes) {
        if (local == "author") return add_person_construct(feed_.authors, el);
        if (local == "subtitle") {
            feed_.description = read_text_construct(el, DefaultType::text).value;
            return;
        }
        if (local == "summary") {
            // Only a fallback: read after the walk if no description came.
            if (!feed_.description) feed_.description = read_text_construct(el, DefaultType::text).value;
            return;
        }
        if (local == "category") {
            add_category(feed_.categories, finish(attribute_value(el, "text")));
            return walk_feed_children(el, depth);  // nested subcategories
        }
        if (local == "keywords") return add_keywords(feed_.categories, plain_text(el));
        if (local == "image" || local == "link") {  // <itunes:link rel="image"> is the same
            std::string_view href = attribute_value(el, "href");
            if (href.empty()) href = attribute_value(el, "url");
            if (!href.empty()) feed_.image = finish(resolve(href));
            return;
        }
        if (local == "owner") return;
    } else if (ns == Ns::media) {
        if (local == "category") return add_category(feed_.categories, plain_text(el));
        if (local == "keywords") return add_keywords(feed_.categories, plain_text(el));
    }
    // Any other element: feed elements inside it still count, as in a stream.
    walk_feed_children(el, depth);
}

// sy:updatePeriod (hourly, daily, ...) divided by sy:updateFrequency (times
// per period, default 1), in whichever order the two come.
void FeedBuilder::set_update_period(std::string_view period, std::int64_t frequency) {
    struct Named {
        const char* name;
        std::int64_t seconds;
    };
    static const Named kPeriods[] = {
        {"hourly", 3600}, {"daily", 86400}, {"weekly", 7 * 86400}, {"monthly", 30 * 86400}, {"yearly", 365 * 86400},
    };
    sy_period_ = std::string(period);
    sy_frequency_ = frequency > 0 ? frequency : 1;
    std::int64_t seconds = 86400;  // the module's default period is daily
    for (const Named& p : kPeriods)
        if (ascii_iequals(strip_unicode_space(sy_period_), p.name)) seconds = p.seconds;
    feed_.update_period = seconds / sy_frequency_;
}

void FeedBuilder::read_skip_list(pugi::xml_node list, bool hours) {
    static const char* const kDays[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
    for (pugi::xml_node el = list.first_child(); el; el = el.next_sibling()) {
        if (el.type() != pugi::node_element) continue;
        Scoped scoped(*this, el);
        std::string_view local;
        element_ns(el, local);
        std::string_view value = plain_text(el);
        if (hours && local == "hour") {
            std::optional<std::int64_t> hour = parse_unsigned(value);
            // RSS says 0-23; some feeds write 24 for midnight.
            if (hour && *hour <= 24) feed_.skip_hours.push_back(static_cast<int>(*hour % 24));
        } else if (!hours && local == "day") {
            for (int d = 0; d < 7; ++d)
                if (ascii_iequals(value, kDays[d])) feed_.skip_days.push_back(d);
        }
    }
}

void FeedBuilder::read_feed_image(pugi::xml_node image) {
    for (pugi::xml_node el = image.first_child(); el; el = el.next_sibling()) {
        if (el.type() != pugi::node_element) continue;
        Scoped scoped(*this, el);
        std::string_view local;
        Ns ns = element_ns(el, local);
        if (is_core(ns) && (local == "url" || local == "href")) feed_.image = uri_text(el);
    }
}

// ---------------------------------------------------------------------------
// Items.

void FeedBuilder::read_item(pugi::xml_node el) {
    Scoped scoped(*this, el);
    read_item_in_scope(el);
}

void FeedBuilder::read_item_in_scope(pugi::xml_node el) {
    ItemState state;
    std::string_view about = attribute_value(el, "rdf:about");
    if (!about.empty()) state.item.id = finish(about);
    walk_item_children(el, state, 0);
    finish_item(state);
}

void FeedBuilder::walk_item_children(pugi::xml_node parent, ItemState& item, int depth) {
    if (too_deep()) return;
    for (pugi::xml_node el = parent.first_child(); el; el = el.next_sibling()) {
        if (el.type() != pugi::node_element) continue;
        Scoped scoped(*this, el);
        handle_item_element(el, item, depth + 1);
    }
}

void FeedBuilder::handle_item_element(pugi::xml_node el, ItemState& st, int depth) {
    Item& item = st.item;
    std::string_view local;
    Ns ns = element_ns(el, local);

    auto set_title = [&](const TextValue& t, bool from_media) {
        if (from_media) {
            if (!item.title) {
                item.title = t.value;
                st.title_from_media = true;
            }
            return;
        }
        if (!item.title || st.title_from_media || item.title->empty() || depth < st.title_depth) {
            item.title = t.value;
            st.title_from_media = false;
            if (!t.value.empty()) st.title_depth = depth;
        }
    };
    auto set_content = [&](const TextValue& t) {
        st.has_content = true;
        if (!item.content) {
            item.content = t.value;
            item.content_kind = t.kind;
        }
        if (!item.summary) {  // the content doubles as the summary until one comes
            item.summary = t.value;
            item.summary_kind = t.kind;
        }
    };
    // description, summary, itunes:summary: feedparser reads a second summary
    // element, coming before any content, as the content.
    auto summary_or_content = [&](DefaultType type, bool may_be_content) {
        TextValue t = read_text_construct(el, type);
        if (may_be_content && item.summary && !st.has_content) return set_content(t);
        if (!item.summary || depth <= st.summary_depth) {
            item.summary = t.value;
            item.summary_kind = t.kind;
            st.summary_depth = depth;
        }
    };
    auto set_id = [&](bool permalink) {
        std::string_view id = permalink ? uri_text(el) : plain_text(el);
        if (!item.id || depth <= st.id_depth) {
            item.id = id;
            st.id_depth = depth;
        }
        if (permalink && !id.empty()) st.permalink = id;
    };

    if (is_core(ns)) {
        if (local == "title") return set_title(read_text_construct(el, DefaultType::text), false);
        if (local == "link") {
            Link link = read_link(el);
            if (!link.has_href) {
                if (link.rel == "alternate") item.link = uri_text(el);  // RSS: <link>url</link>
            } else if (link.rel == "alternate" && link.is_html) {
                item.link = link.href;
            } else if (link.rel == "enclosure" && !link.href.empty()) {
                add_enclosure(item, link.href, el);
            }
            return;
        }
        if (local == "description") return summary_or_content(DefaultType::html, true);
        if (local == "summary") return summary_or_content(DefaultType::text, true);
        if (local == "abstract") return summary_or_content(DefaultType::text, false);
        if (local == "content") return set_content(read_text_construct(el, DefaultType::text));
        if (local == "fullitem") return set_content(read_text_construct(el, DefaultType::html));
        if (local == "body") return set_content(read_text_construct(el, DefaultType::xhtml));
        if (local == "guid" || local == "id") {
            std::string_view perma = attribute_value(el, "ispermalink");
            return set_id(perma.empty() || perma == "true");
        }
        if (local == "author" || local == "managingeditor") return add_person_construct(item.authors, el);
        if (local == "pubdate" || local == "published" || local == "issued") {
            item.published = read_date(el);
            return;
        }
        if (local == "updated" || local == "modified" || local == "lastbuilddate") {
            item.updated = read_date(el);
            return;
        }
        if (local == "category" || local == "keywords") {
            std::string_view term = attribute_value(el, "term");
            return add_category(item.categories, term.empty() ? plain_text(el) : finish(term));
        }
        if (local == "rights" || local == "copyright") {
            item.rights = read_text_construct(el, DefaultType::text).value;
            return;
        }
        if (local == "tags") return add_keywords(item.categories, plain_text(el));
        if (local == "enclosure") {
            std::string_view url = attribute_value(el, "url");
            if (url.empty()) url = attribute_value(el, "href");
            if (!url.empty()) add_enclosure(item, finish(resolve(url)), el);
            return;
        }
        // Elements whose own title, link or id are not the item's.
        if (local == "source" || local == "image" || local == "textinput" || local == "contributor" ||
            local == "webmaster")
            return;
    } else if (ns == Ns::dc) {
        if (local == "title") return set_title(read_text_construct(el, DefaultType::text), false);
        if (local == "description") return summary_or_content(DefaultType::html, true);
        if (local == "creator" || local == "author") return add_person_construct(item.authors, el);
        if (local == "subject") return add_category(item.categories, plain_text(el));
        if (local == "date") {
            item.updated = read_date(el);
            return;
        }
        if (local == "rights") {
            item.rights = read_text_construct(el, DefaultType::text).value;
            return;
        }
        if (local == "publisher" || local == "contributor" || local == "language") return;
    } else if (ns == Ns::dcterms) {
        if (local == "issued") {
            item.published = read_date(el);
            return;
        }
        if (local == "modified") {
            item.updated = read_date(el);
            return;
        }
    } else if (ns == Ns::content) {
        if (local == "encoded") return set_content(read_text_construct(el, DefaultType::html));
    } else if (ns == Ns::xhtml) {
        if (local == "body") return set_content(read_text_construct(el, DefaultType::xhtml));
    } else if (ns == Ns::itunes) {
        if (local == "author") return add_person_construct(item.authors, el);
        if (local == "summary") return summary_or_content(DefaultType::text, true);
        if (local == "keywords") return add_keywords(item.categories, plain_text(el));
        if (local == "category") {
            add_category(item.categories, finish(attribute_value(el, "text")));
            return walk_item_children(el, st, depth);
        }
        if (local == "image" || local == "subtitle" || local == "owner") return;
    } else if (ns == Ns::media) {
        if (local == "title") return set_title(read_text_construct(el, DefaultType::text), true);
        if (local == "description") return summary_or_content(DefaultType::html, true);
        if (local == "category") return add_category(item.categories, plain_text(el));
        if (local == "keywords") return add_keywords(item.categories, plain_text(el));
    }
    walk_item_children(el, st, depth);
}

FeedBuilder::Link FeedBuilder::read_link(pugi::xml_node el) {
    Link link;
    std::string_view href = attribute_value(el, "href");
    if (href.empty()) href = attribute_value(el, "url");
    link.has_href = !href.empty() || find_attribute(el, "href");
    link.href = href.empty() ? href : finish(resolve(href));
    link.rel = ascii_lowercase(attribute_value(el, "rel"));
    if (link.rel.empty()) link.rel = "alternate";
    const char* default_type = link.rel == "self" ? "application/atom+xml" : "text/html";
    link.is_html = is_html_type(content_type_of(find_attribute(el, "type"), default_type, type_buffer_));
    return link;
}

void FeedBuilder::add_enclosure(Item& item, std::string_view url, pugi::xml_node el) {
    Enclosure e;
    e.url = url;
    std::string_view type = attribute_value(el, "type");
    if (!type.empty()) e.type = finish(type);
    e.length = parse_unsigned(attribute_value(el, "length"));
    item.enclosures.push_back(e);
}

void FeedBuilder::finish_item(ItemState& st) {
    if (feed_.items.size() >= settings_.limits.max_items) {
        return warn_once(warned_items_, "the feed has more than " + std::to_string(settings_.limits.max_items) +
                                            " items; the rest were dropped");
    }
    if (!st.item.link && !st.permalink.empty() && is_web_url(st.permalink)) st.item.link = st.permalink;
    feed_.items.push_back(std::move(st.item));
}

// ---------------------------------------------------------------------------
// Values.

FeedBuilder::TextValue FeedBuilder::read_text_construct(pugi::xml_node el, DefaultType default_type) {
    const char* fallback = default_type == DefaultType::html    ? "text/html"
                           : default_type == DefaultType::xhtml ? "application/xhtml+xml"
                                                                : "text/plain";
    const std::string_view type = content_type_of(find_attribute(el, "type"), fallback, type_buffer_);
    bool xml_type = ends_with(type, "+xml") || ends_with(type, "/xml");
    bool base64 = ascii_iequals(attribute_value(el, "mode"), "base64") || (!starts_with(type, "text/") && !xml_type);

    TextValue out;
    if (!base64 && (xml_type || has_element_children(el))) {
        // Inline markup: XHTML, or "escaped" content that is really markup.
        out.value = reader_.markup(el, atom10_ || !xml_type, scope_);
        out.kind = TextKind::xhtml;
    } else {
        out.value = reader_.text(el);
        if (base64) out.value = reader_.base64_decoded(out.value);
        if (type == "text/html") out.kind = TextKind::html;
        else if (type == "text/plain" && rss_family_ && declared_text_looks_like_html(out.value)) out.kind = TextKind::html;
    }

    if (out.kind != TextKind::text) {
        HtmlRewriteOptions options;
        options.base_url = current_base();
        options.sanitize = settings_.sanitize_html;
        options.xhtml = out.kind == TextKind::xhtml;
        if (std::optional<std::string_view> rewritten = rewrite_html(out.value, options, rewrite_workspace_))
            out.value = reader_.replace(out.value, *rewritten);
    }
    out.value = finish(out.value);
    return out;
}

std::string_view FeedBuilder::plain_text(pugi::xml_node el) { return finish(reader_.text(el)); }

std::string_view FeedBuilder::uri_text(pugi::xml_node el) { return finish(resolve(reader_.text(el))); }

std::string_view FeedBuilder::current_base() const {
    // Without a document URL or xml:base, links are relative to the feed's own link.
    if (base_stack_.back().empty() && feed_.link) return *feed_.link;
    return base_stack_.back();
}

std::string_view FeedBuilder::resolve(std::string_view uri) {
    std::string_view base = current_base();
    if (uri.empty() || base.empty() || has_url_scheme(uri)) return uri;
    return reader_.store(resolve_url(base, uri));
}

std::string_view FeedBuilder::finish(std::string_view value) {
    return fix_encoding_slips(value, document_is_utf8_, out_.arena);
}

Timestamp FeedBuilder::read_date(pugi::xml_node el) {
    std::string_view text = reader_.text(el);
    if (text.empty()) return std::nullopt;
    Timestamp t = parse_date(text);
    if (!t) {
        std::string where = feed_.items.empty() ? "" : " (after item " + std::to_string(feed_.items.size()) + ")";
        feed_.warnings.push_back("cannot parse the date '" + std::string(text.substr(0, 100)) + "' in <" +
                                 el.name() + ">" + where);
    }
    return t;
}

void FeedBuilder::add_category(std::vector<std::string_view>& list, std::string_view term) {
    if (term.empty()) return;
    for (std::string_view existing : list)
        if (existing == term) return;
    list.push_back(term);
}

void FeedBuilder::add_keywords(std::vector<std::string_view>& list, std::string_view text) {
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string_view::npos) comma = text.size();
        std::string_view term = strip_unicode_space(text.substr(start, comma - start));
        if (!term.empty()) add_category(list, reader_.store(term));
        start = comma + 1;
    }
}

void FeedBuilder::add_person_from_text(std::vector<Person>& list, std::string_view text) {
    std::string scratch;
    PersonParts parts = split_person(text, scratch);
    Person p;
    if (!parts.name.empty()) p.name = reader_.store(parts.name);
    if (!parts.email.empty()) p.email = reader_.store(parts.email);
    if (p.name || p.email) list.push_back(p);
}

void FeedBuilder::add_person_construct(std::vector<Person>& list, pugi::xml_node el) {
    if (!has_element_children(el)) return add_person_from_text(list, plain_text(el));
    // Atom: <name>, <email>, <uri> (Atom 0.3: <url>, <homepage>) children.
    Person p;
    for (pugi::xml_node child = el.first_child(); child; child = child.next_sibling()) {
        if (child.type() != pugi::node_element) continue;
        Scoped scoped(*this, child);
        std::string_view local;
        Ns ns = element_ns(child, local);
        if (!is_core(ns) && ns != Ns::itunes) continue;
        if (local == "name") p.name = plain_text(child);
        else if (local == "email") p.email = plain_text(child);
        else if (local == "uri" || local == "url" || local == "homepage") p.uri = uri_text(child);
    }
    if ((p.name && !p.name->empty()) || (p.email && !p.email->empty()) || (p.uri && !p.uri->empty()))
        list.push_back(p);
}

}  // namespace clipfeed
