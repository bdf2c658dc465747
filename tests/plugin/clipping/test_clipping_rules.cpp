// Tests for plugin/clipping/clipping_rules: how one paragraph is classified.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "plugin/clipping/clipping_rules.hpp"

namespace rules = clipfeed::clipping_rules;

namespace {

// The tags of a tag line, or {"<not a tag line>"}.
std::vector<std::string> tags_of(std::string_view paragraph) {
    std::vector<std::string_view> found{"kept"};  // what was there before stays
    if (!rules::read_tag_line(paragraph, found)) {
        REQUIRE(found.size() == 1);
        return {"<not a tag line>"};
    }
    REQUIRE(found.front() == "kept");
    return std::vector<std::string>(found.begin() + 1, found.end());
}

std::string source_of(std::string_view paragraph) {
    auto source = rules::read_at_source(paragraph);
    return source ? std::string(*source) : "<not a read-at line>";
}

// Minutes, -1 for "unable", -2 for not a read-time line.
int minutes_of(std::string_view paragraph) {
    auto read_time = rules::read_time(paragraph);
    if (!read_time) return -2;
    return read_time->minutes.value_or(-1);
}

std::string unquoted(std::string_view paragraph) {
    auto inner = rules::unquote(paragraph);
    return inner ? std::string(*inner) : "<not quoted>";
}

std::string label_of(std::string_view quote) {
    auto label = rules::quote_label(quote);
    return label ? std::string(*label) : "<no label>";
}

}  // namespace

TEST_CASE("Each read-at form gives its source, in any case", "[clipping][rules]") {
    CHECK(source_of("Read at Axios") == "Axios");
    CHECK(source_of("Read more at The Boston Globe") == "The Boston Globe");
    CHECK(source_of("Read the full story at Reuters") == "Reuters");
    CHECK(source_of("Continue reading at Le Monde") == "Le Monde");
    CHECK(source_of("Source: Associated Press") == "Associated Press");
    CHECK(source_of("Source:AP") == "AP");
    CHECK(source_of("READ AT axios") == "axios");
    CHECK(source_of("read more AT The Atlantic") == "The Atlantic");
}

TEST_CASE("A read-at source loses trailing dots, arrows and white space", "[clipping][rules]") {
    CHECK(source_of("Read at Axios.") == "Axios");
    CHECK(source_of("Read more at Axios \u2192") == "Axios");
    CHECK(source_of("Read more at Axios \u00BB") == "Axios");
    CHECK(source_of("Read more at Axios \u203A") == "Axios");
    CHECK(source_of("Read more at Axios >>") == "Axios");
    CHECK(source_of("Read more at Axios... \u2192 .") == "Axios");
    CHECK(source_of("Read at U.S. News") == "U.S. News");  // only trailing ones go
}

TEST_CASE("A paragraph that only starts like a read-at line, or names nothing, is not one", "[clipping][rules]") {
    CHECK(source_of("Read at") == "<not a read-at line>");
    CHECK(source_of("Read at \u2192") == "<not a read-at line>");
    CHECK(source_of("Readers at the library said so.") == "<not a read-at line>");
    CHECK(source_of("He read at the festival.") == "<not a read-at line>");
    CHECK(source_of("Sources: officials") == "<not a read-at line>");
}

TEST_CASE("Each read-time form gives its minutes", "[clipping][rules]") {
    CHECK(minutes_of("3 min read") == 3);
    CHECK(minutes_of("12 mins read") == 12);
    CHECK(minutes_of("1 minute read") == 1);
    CHECK(minutes_of("25 minutes read") == 25);
    CHECK(minutes_of("6-minute read") == 6);
    CHECK(minutes_of("5min read") == 5);
    CHECK(minutes_of("Read time: 4 min") == 4);
    CHECK(minutes_of("Read time: 4 minutes") == 4);
    CHECK(minutes_of("Reading time: 10 minutes") == 10);
    CHECK(minutes_of("READING TIME: 2 MIN") == 2);
    CHECK(minutes_of("3 MIN READ") == 3);
}

TEST_CASE("The line Unable to calculate read time is a read-time line without minutes", "[clipping][rules]") {
    CHECK(minutes_of("Unable to calculate read time") == -1);
    CHECK(minutes_of("unable to calculate READ TIME") == -1);
}

TEST_CASE("Other mentions of minutes are not read-time lines", "[clipping][rules]") {
    CHECK(minutes_of("3 min") == -2);
    CHECK(minutes_of("min read") == -2);
    CHECK(minutes_of("A 3 min read") == -2);
    CHECK(minutes_of("3 min read and more") == -2);
    CHECK(minutes_of("3 hours read") == -2);
    CHECK(minutes_of("Read time: soon") == -2);
    CHECK(minutes_of("Read time: 4") == -2);
    CHECK(minutes_of("12345678901 min read") == -2);  // no int holds it
}

TEST_CASE("Paragraphs without a letter or digit, and furniture words, are furniture", "[clipping][rules]") {
    for (std::string_view p : {"[", "]", "|", "...", "\u2026", "\u2014 \u00B7 \u2014", "* * *",
                               "\u2014 \u2026 [ ] | * * * \u00B7 \u2014 ... \u2022", "\u2018\u2019 \u203F\u2040"}) {
        INFO(p);
        CHECK(rules::is_furniture(p));
    }
    for (std::string_view p : {"Collection", "Collections", "Share", "Save", "Saved", "Bookmark", "Copy link",
                               "Print", "Email", "SHARE", "copy LINK"}) {
        INFO(p);
        CHECK(rules::is_furniture(p));
    }
    for (std::string_view p : {"Collection [ | ... ]", "Share this", "4", "\u00E9", "\u4E2D", "Save the date",
                               "... [ | ] ... 4", "\u2014 \u00E9", "\u2026 \u0436", "Collections!",
                               "\u201C\u2014\u2026 x", "\xE2\x80x"}) {
        INFO(p);
        CHECK_FALSE(rules::is_furniture(p));
    }
}

TEST_CASE("Hashtags separated by spaces, commas, middle dots, bullets, bars or slashes make a tag line",
          "[clipping][rules]") {
    using V = std::vector<std::string>;
    CHECK(tags_of("#a #b") == V{"a", "b"});
    CHECK(tags_of("#a, #b,#c") == V{"a", "b", "c"});
    CHECK(tags_of("#a \u00B7 #b") == V{"a", "b"});
    CHECK(tags_of("#a \u2022 #b") == V{"a", "b"});
    CHECK(tags_of("#a | #b") == V{"a", "b"});
    CHECK(tags_of("#a / #b/#c") == V{"a", "b", "c"});
    CHECK(tags_of("#single") == V{"single"});
    CHECK(tags_of("#Mixed-Case_tag #2024") == V{"Mixed-Case_tag", "2024"});
    CHECK(tags_of("#\u0440\u0435\u0446\u0435\u043F\u0442\u044B #\u65E5\u672C #\u0939\u093F\u0928\u094D\u0926\u0940") ==
          V{"\u0440\u0435\u0446\u0435\u043F\u0442\u044B", "\u65E5\u672C", "\u0939\u093F\u0928\u094D\u0926\u0940"});
    CHECK(tags_of("#caf\u00E9-2024_x #na\u00EFve, #x\u0301") == V{"caf\u00E9-2024_x", "na\u00EFve", "x\u0301"});
    CHECK(tags_of("#dup #dup") == V{"dup", "dup"});  // duplicates are dropped when the clipping is assembled
}

TEST_CASE("A hashtag inside prose, or a malformed hashtag, is not a tag line", "[clipping][rules]") {
    const std::vector<std::string> no{"<not a tag line>"};
    CHECK(tags_of("We are #1 in the state") == no);
    CHECK(tags_of("#stadium is trending") == no);
    CHECK(tags_of("Follow #news for more") == no);
    CHECK(tags_of("#a#b") == no);
    CHECK(tags_of("# spaced") == no);
    CHECK(tags_of("#") == no);
    CHECK(tags_of("#a; #b") == no);
    CHECK(tags_of("#ok #not!") == no);
    CHECK(tags_of("#a.") == no);
    CHECK(tags_of("#a\u2014b") == no);
    CHECK(tags_of("#caf\u00E9!") == no);
}

TEST_CASE("Tags: and Topics: lines list their tags, with or without '#'", "[clipping][rules]") {
    using V = std::vector<std::string>;
    CHECK(tags_of("Tags: a, b, c") == V{"a", "b", "c"});
    CHECK(tags_of("Topics: climate policy, energy") == V{"climate policy", "energy"});
    CHECK(tags_of("TAGS: #one, #two") == V{"one", "two"});
    CHECK(tags_of("Tags: #one #two") == V{"one", "two"});
    CHECK(tags_of("topics: a \u00B7 b \u2022 c | d") == V{"a", "b", "c", "d"});
    CHECK(tags_of("Tags:solo") == V{"solo"});
    CHECK(tags_of("Tags: AI/ML, , x") == V{"AI/ML", "x"});
    CHECK(tags_of("Tags:") == V{"<not a tag line>"});
    CHECK(tags_of("Tagged: a, b") == V{"<not a tag line>"});
}

TEST_CASE("Each pair of quote marks encloses a quote and is removed", "[clipping][rules]") {
    CHECK(unquoted("\"Straight.\"") == "Straight.");
    CHECK(unquoted("\u201CCurly.\u201D") == "Curly.");
    CHECK(unquoted("\u201EGerman.\u201C") == "German.");
    CHECK(unquoted("\u201ELow-high.\u201D") == "Low-high.");
    CHECK(unquoted("\u00ABFrench.\u00BB") == "French.");
    CHECK(unquoted("\u00AB French with spaces. \u00BB") == "French with spaces.");
    CHECK(unquoted("\"Inner \"quotes\" stay.\"") == "Inner \"quotes\" stay.");
    CHECK(unquoted("\"x\"") == "x");
}

TEST_CASE("Mismatched or partial quote marks enclose nothing", "[clipping][rules]") {
    CHECK(unquoted("\"Said the mayor,\" on Monday.") == "<not quoted>");
    CHECK(unquoted("\u201CWrong way round.\u201E") == "<not quoted>");
    CHECK(unquoted("\u201DReversed.\u201C") == "<not quoted>");
    CHECK(unquoted("\u00BBReversed.\u00AB") == "<not quoted>");
    CHECK(unquoted("\"Mixed.\u201D") == "<not quoted>");
    CHECK(unquoted("'Single.'") == "<not quoted>");
    CHECK(unquoted("\"") == "<not quoted>");
    CHECK(unquoted("Plain text.") == "<not quoted>");
}

TEST_CASE("A label is the short lead-in before the quote's first colon", "[clipping][rules]") {
    CHECK(label_of("Between the lines: Zelensky described the plan.") == "Between the lines");
    CHECK(label_of("Why it matters: It is the only pool.") == "Why it matters");
    CHECK(label_of("What's next: A vote in May.") == "What's next");
    CHECK(label_of("Zoom in: Five-word lead-ins are fine.") == "Zoom in");
    CHECK(label_of("\u00C9tat des lieux: une phrase.") == "\u00C9tat des lieux");
}

TEST_CASE("The colon of a label comes within the first 41 characters", "[clipping][rules]") {
    std::string forty(40, 'x');  // colon is character 41
    CHECK(label_of(forty + ": text") == forty);
    std::string forty_one(41, 'x');  // colon is character 42
    CHECK(label_of(forty_one + ": text") == "<no label>");
    std::string accented = "\u00E9" + std::string(39, 'x');  // 40 characters, 41 bytes
    CHECK(label_of(accented + ": text") == accented);
}

TEST_CASE("A label has at most five words", "[clipping][rules]") {
    CHECK(label_of("One two three four five: text") == "One two three four five");
    CHECK(label_of("One two three four five six: text") == "<no label>");
}

TEST_CASE("A lead-in with sentence punctuation or quote marks is no label", "[clipping][rules]") {
    for (std::string_view quote : {"Dr. Smith: text", "Wow! Next: text", "Why?: text", "The \"plan\": text",
                                   "The \u201Cplan\u201D: text", "The \u201Dplan: text"}) {
        INFO(quote);
        CHECK(label_of(quote) == "<no label>");
    }
    CHECK(label_of("U-turn, again: commas are fine") == "U-turn, again");
    // Other marks that share the curly quotes' first byte are fine.
    CHECK(label_of("Update \u2014 live: text") == "Update \u2014 live");
    CHECK(label_of("\u2018Plan\u2019 B: text") == "\u2018Plan\u2019 B");
}

TEST_CASE("A colon that ends the quote or has no white space after it makes no label", "[clipping][rules]") {
    CHECK(label_of("At 10:30 the talks began: late.") == "<no label>");
    CHECK(label_of("Note:no space") == "<no label>");
    CHECK(label_of("Ends with a colon:") == "<no label>");
    CHECK(label_of(": starts with one") == "<no label>");
    CHECK(label_of("No colon at all.") == "<no label>");
}

TEST_CASE("The 41-character limit of a label counts characters of any length, however far the colon is",
          "[clipping][rules]") {
    std::string forty_emoji;
    for (int i = 0; i < 40; ++i) forty_emoji += "\U0001F600";  // 160 bytes
    CHECK(label_of(forty_emoji + ": text") == forty_emoji);
    CHECK(label_of(forty_emoji + "\U0001F600: text") == "<no label>");
    CHECK(label_of(std::string(5000, 'x') + ": a colon far into a long quote") == "<no label>");
}
