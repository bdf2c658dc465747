#include "tools/cli_common.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

namespace cli {

const char* const kExitCodesHelp =
    "Exit status: 0 success (also for malformed feeds: see \"recovered\" and \"warnings\"),\n"
    "1 an input could not be read, a fetch failed or processing failed, 2 bad command line.";

int report(const std::string& what) {
    std::cerr << "clipfeed: " << what << "\n";
    return kExitFailed;
}

int report_library_error(const std::string& doing, int code) {
    std::string detail = clipfeed_last_error();
    return report(doing + ": " + clipfeed_strerror(code) + (detail.empty() ? "" : " (" + detail + ")"));
}

// Reads a whole file, or standard input for "-". Returns false with `error` set.
bool read_input(const std::string& path, std::string& out, std::string& error) {
    if (path == "-") {
        out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        if (std::cin.bad()) {
            error = "cannot read standard input: " + std::string(std::strerror(errno));
            return false;
        }
        return true;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot open '" + path + "': " + std::strerror(errno);
        return false;
    }
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) {
        error = "cannot read '" + path + "': " + std::strerror(errno);
        return false;
    }
    return true;
}

std::string trim(const std::string& s) {
    const char* ws = " \t\r\n";
    std::size_t b = s.find_first_not_of(ws);
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

bool write_stdout(const char* text) {
    return std::fputs(text, stdout) >= 0 && std::fflush(stdout) == 0;
}

}  // namespace cli
