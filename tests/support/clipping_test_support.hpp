// Helpers for the clipping tests: files, a clipping as JSON, and the
// normalization the conformance scorer compares with.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "feeds/model/model.hpp"
#include "plugin/clipping/paragraphs.hpp"

namespace clipfeed_test {

// The whole file; FAILs the test when it cannot be read.
std::string read_file(const std::filesystem::path& path);

// The files in `dir` whose extension is one of `extensions` (".txt"), sorted.
std::vector<std::filesystem::path> files_with_extensions(const std::filesystem::path& dir,
                                                         const std::vector<std::string>& extensions);

// The clipping in the JSON shape of spec/clipping.md (null when absent).
nlohmann::json clipping_json(const std::optional<clipfeed::Clipping>& clipping);

// score_clippings.py's canon(): strings in NFC with U+00A0 as a space, white
// space runs folded and trimmed; summary paragraphs re-split and re-joined.
nlohmann::json scorer_canonical(const nlohmann::json& clipping);

// Each paragraph's text; a blockquote's is prefixed with "Q|", a link is
// appended as " ->link".
std::vector<std::string> describe_paragraphs(const clipfeed::Paragraphs& paragraphs);

}  // namespace clipfeed_test
