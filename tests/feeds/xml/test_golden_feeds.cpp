// Golden pairs: every feed in tests/fixtures/feeds/ beside the JSON it must
// give (feed-rs' fixture style). Warnings are free text: only whether there
// are any is compared.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "feeds/out/json_writer.hpp"
#include "feeds/xml/parse.hpp"
#include "plugin/enrich/enrich.hpp"

namespace fs = std::filesystem;
using clipfeed::JsonStyle;

namespace {

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

nlohmann::json without_warning_text(nlohmann::json doc) {
    doc["warnings"] = !doc["warnings"].empty();
    return doc;
}

}  // namespace

TEST_CASE("Every fixture feed gives exactly its expected JSON", "[parse][golden]") {
    const fs::path dir = fs::path(CLIPFEED_FIXTURES_DIR) / "feeds";
    int compared = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const fs::path input = entry.path();
        if (input.extension() != ".xml" && input.extension() != ".json") continue;
        if (input.filename().string().find(".expected.") != std::string::npos) continue;
        fs::path expected_path = input;
        expected_path.replace_extension(".expected.json");
        INFO(input.filename().string());
        REQUIRE(fs::exists(expected_path));

        clipfeed::ParseContext context;
        context.enrich = clipfeed::add_clippings;  // the goldens are what the C API gives
        auto parsed = clipfeed::parse_feed(read_file(input), context);
        std::string json;
        clipfeed::write_feed_json(parsed->feed, JsonStyle::compact, json);
        nlohmann::json got = without_warning_text(nlohmann::json::parse(json));
        nlohmann::json want = without_warning_text(nlohmann::json::parse(read_file(expected_path)));
        INFO("got: " << got.dump(1));
        CHECK(got == want);
        ++compared;
    }
    CHECK(compared >= 9);
}
