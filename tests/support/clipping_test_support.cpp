#include "support/clipping_test_support.hpp"

#include <catch2/catch.hpp>
#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>

namespace clipfeed_test {

namespace {

// Python's str.isspace() set, which the scorer's \s matches.
bool is_python_space(utf8proc_int32_t cp) {
    return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000;
}

std::string nfc(const std::string& s) {
    utf8proc_uint8_t* out = nullptr;
    auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()),
                          &out, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (n < 0) return s;
    std::string result(reinterpret_cast<char*>(out), static_cast<std::size_t>(n));
    std::free(out);
    return result;
}

// The scorer's norm(): NFC, every white space run one space, trimmed.
std::string norm(const std::string& s) {
    std::string normalized = nfc(s);
    std::string out;
    bool pending_space = false;
    for (utf8proc_ssize_t pos = 0; pos < static_cast<utf8proc_ssize_t>(normalized.size());) {
        utf8proc_int32_t cp = 0;
        auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(normalized.data()) + pos,
                                  static_cast<utf8proc_ssize_t>(normalized.size()) - pos, &cp);
        if (n <= 0) n = 1;
        if (cp >= 0 && is_python_space(cp)) {
            pending_space = !out.empty();
        } else {
            if (pending_space) out += ' ';
            pending_space = false;
            out.append(normalized, static_cast<std::size_t>(pos), static_cast<std::size_t>(n));
        }
        pos += n;
    }
    return out;
}

nlohmann::json norm_or_null(const nlohmann::json& value) {
    if (!value.is_string()) return nullptr;
    return norm(value.get<std::string>());
}

// The scorer splits the summary at blank lines (\n\s*\n) and joins the normalized parts with "\n\n".
nlohmann::json canonical_summary(const nlohmann::json& summary) {
    if (!summary.is_string() || summary.get<std::string>().empty()) return nullptr;
    const std::string s = summary.get<std::string>();
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\n') continue;
        std::size_t j = i + 1;
        while (j < s.size() && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\f' || s[j] == '\v')) ++j;
        if (j < s.size() && s[j] == '\n') {
            parts.push_back(s.substr(start, i - start));
            start = j + 1;
            i = j;
        }
    }
    parts.push_back(s.substr(start));
    std::string joined;
    for (const std::string& part : parts) {
        std::string normalized = norm(part);
        if (normalized.empty()) continue;
        if (!joined.empty()) joined += "\n\n";
        joined += normalized;
    }
    return joined;
}

}  // namespace

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) FAIL("cannot read " << path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::filesystem::path> files_with_extensions(const std::filesystem::path& dir,
                                                         const std::vector<std::string>& extensions) {
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        std::string extension = entry.path().extension().string();
        if (std::find(extensions.begin(), extensions.end(), extension) != extensions.end())
            found.push_back(entry.path());
    }
    std::sort(found.begin(), found.end());
    return found;
}

nlohmann::json clipping_json(const std::optional<clipfeed::Clipping>& clipping) {
    if (!clipping) return nullptr;
    auto text = [](const clipfeed::Text& t) -> nlohmann::json {
        if (!t) return nullptr;
        return std::string(*t);
    };
    nlohmann::json quotes = nlohmann::json::array();
    for (const auto& quote : clipping->quotes)
        quotes.push_back({{"text", std::string(quote.text)}, {"label", text(quote.label)}});
    nlohmann::json tags = nlohmann::json::array();
    for (auto tag : clipping->tags) tags.push_back(std::string(tag));
    nlohmann::json minutes = nullptr;
    if (clipping->read_time_minutes) minutes = *clipping->read_time_minutes;
    return {{"quotes", quotes},
            {"summary", text(clipping->summary)},
            {"tags", tags},
            {"source", text(clipping->source)},
            {"source_url", text(clipping->source_url)},
            {"read_time_minutes", minutes}};
}

nlohmann::json scorer_canonical(const nlohmann::json& clipping) {
    if (clipping.is_null()) return nullptr;
    nlohmann::json quotes = nlohmann::json::array();
    for (const auto& quote : clipping.value("quotes", nlohmann::json::array()))
        quotes.push_back({norm_or_null(quote.value("text", nlohmann::json())),
                          norm_or_null(quote.value("label", nlohmann::json()))});
    nlohmann::json tags = nlohmann::json::array();
    for (const auto& tag : clipping.value("tags", nlohmann::json::array())) tags.push_back(norm_or_null(tag));
    nlohmann::json source = norm_or_null(clipping.value("source", nlohmann::json()));
    if (source == "") source = nullptr;
    nlohmann::json source_url = clipping.value("source_url", nlohmann::json());
    if (source_url == "") source_url = nullptr;
    return {{"quotes", quotes},
            {"summary", canonical_summary(clipping.value("summary", nlohmann::json()))},
            {"tags", tags},
            {"source", source},
            {"source_url", source_url},
            {"read_time_minutes", clipping.value("read_time_minutes", nlohmann::json())}};
}

std::vector<std::string> describe_paragraphs(const clipfeed::Paragraphs& paragraphs) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
        std::string text = paragraphs.is_blockquote(i) ? "Q|" : "";
        text += paragraphs.text(i);
        if (auto link = paragraphs.link(i)) text += " ->" + std::string(*link);
        out.push_back(text);
    }
    return out;
}

}  // namespace clipfeed_test
