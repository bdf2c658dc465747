// Reading an item back from the JSON clipfeed writes for it: the poller keeps
// items it has not delivered yet this way, so they survive a restart even when
// the feed has moved on.
#include <nlohmann/json.hpp>

#include "feeds/memory/arena.hpp"
#include "feeds/text/dates.hpp"
#include "feeds/out/json_writer.hpp"

namespace clipfeed {

namespace {

using json = nlohmann::json;

Text text(const json& object, const char* key, Arena& arena) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    return arena.store(it->get_ref<const std::string&>());
}

Timestamp timestamp(const json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    return parse_date(it->get_ref<const std::string&>());
}

std::vector<std::string_view> strings(const json& object, const char* key, Arena& arena) {
    std::vector<std::string_view> out;
    auto it = object.find(key);
    if (it == object.end() || !it->is_array()) return out;
    for (const json& v : *it)
        if (v.is_string()) out.push_back(arena.store(v.get_ref<const std::string&>()));
    return out;
}

Clipping clipping_of(const json& c, Arena& arena) {
    Clipping out;
    if (auto quotes = c.find("quotes"); quotes != c.end() && quotes->is_array()) {
        for (const json& q : *quotes) {
            if (!q.is_object()) continue;
            Text t = text(q, "text", arena);
            if (t) out.quotes.push_back({*t, text(q, "label", arena)});
        }
    }
    out.summary = text(c, "summary", arena);
    out.tags = strings(c, "tags", arena);
    out.source = text(c, "source", arena);
    out.source_url = text(c, "source_url", arena);
    if (auto minutes = c.find("read_time_minutes"); minutes != c.end() && minutes->is_number_integer())
        out.read_time_minutes = minutes->get<int>();
    return out;
}

std::optional<Clipping> clipping(const json& item, Arena& arena) {
    auto it = item.find("clipping");
    if (it == item.end() || !it->is_object()) return std::nullopt;
    return clipping_of(*it, arena);
}

}  // namespace

bool read_item_json(std::string_view source, Item& out, Arena& arena) {
    json item = json::parse(source.begin(), source.end(), nullptr, false);
    if (item.is_discarded() || !item.is_object()) return false;
    out.id = text(item, "id", arena);
    out.title = text(item, "title", arena);
    out.link = text(item, "link", arena);
    out.published = timestamp(item, "published");
    out.updated = timestamp(item, "updated");
    if (auto authors = item.find("authors"); authors != item.end() && authors->is_array()) {
        for (const json& a : *authors)
            if (a.is_object()) out.authors.push_back({text(a, "name", arena), text(a, "email", arena), text(a, "uri", arena)});
    }
    out.categories = strings(item, "categories", arena);
    out.summary = text(item, "summary", arena);
    out.content = text(item, "content", arena);
    out.rights = text(item, "rights", arena);
    if (auto enclosures = item.find("enclosures"); enclosures != item.end() && enclosures->is_array()) {
        for (const json& e : *enclosures) {
            Text url = e.is_object() ? text(e, "url", arena) : std::nullopt;
            if (!url) continue;
            Enclosure enclosure;
            enclosure.url = *url;
            enclosure.type = text(e, "type", arena);
            if (auto length = e.find("length"); length != e.end() && length->is_number_integer())
                enclosure.length = length->get<std::int64_t>();
            out.enclosures.push_back(enclosure);
        }
    }
    if (auto list = item.find("clippings"); list != item.end() && list->is_array())
        for (const json& c : *list)
            if (c.is_object()) out.clippings.push_back(clipping_of(c, arena));
    // JSON written before the list existed has only the one clipping.
    if (out.clippings.empty())
        if (std::optional<Clipping> only = clipping(item, arena)) out.clippings.push_back(std::move(*only));
    if (auto minutes = item.find("estimated_reading_minutes"); minutes != item.end() && minutes->is_number_integer())
        out.estimated_reading_minutes.set(minutes->get<int>());
    return true;
}

}  // namespace clipfeed
