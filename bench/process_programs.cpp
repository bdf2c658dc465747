// The native programs bench_process.py runs as whole processes:
//   bench_process_tool corpus DIR   writes big.xml (20,000 clipping items, the
//                                   corpus of bench_parse), cut.xml (its first
//                                   1,000 items) and tiny.xml (its first 3)
//   bench_process_tool walk FILE    the floor: the file read with one read()
//                                   into a buffer pugixml parses in place, then
//                                   six fields of every item read
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pugixml.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "corpus.hpp"

namespace {

int write_corpus(const std::string& dir) {
    const struct {
        const char* name;
        int items;
    } files[] = {{"big", 20000}, {"cut", 1000}, {"tiny", 3}};
    for (const auto& f : files) {
        clipfeed::bench::CorpusOptions options;
        options.items = f.items;
        const std::string path = dir + "/" + f.name + ".xml";
        std::ofstream out(path, std::ios::binary);
        out << clipfeed::bench::make_feed(options, 0);
        if (!out) {
            std::fprintf(stderr, "bench_process_tool: cannot write %s\n", path.c_str());
            return 1;
        }
    }
    return 0;
}

int walk(const char* path) {
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || ::fstat(fd, &st) != 0) {
        std::fprintf(stderr, "bench_process_tool: cannot open %s: %s\n", path, std::strerror(errno));
        return 1;
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    // pugixml frees the buffer with its own deallocator (free by default).
    char* buffer = static_cast<char*>(std::malloc(size ? size : 1));
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::read(fd, buffer + got, size - got);
        if (n <= 0) {
            std::fprintf(stderr, "bench_process_tool: cannot read %s\n", path);
            return 1;
        }
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    pugi::xml_document doc;
    doc.load_buffer_inplace_own(buffer, size);
    std::size_t sum = 0, items = 0;
    pugi::xml_node root = doc.document_element();
    const bool atom = std::strcmp(root.name(), "feed") == 0;
    pugi::xml_node parent = atom ? root : root.child("channel");
    const char* const rss_fields[] = {"title", "link", "guid", "pubDate", "description", "content:encoded"};
    const char* const atom_fields[] = {"title", "id", "updated", "summary", "content", "author"};
    for (pugi::xml_node item = parent.child(atom ? "entry" : "item"); item;
         item = item.next_sibling(atom ? "entry" : "item")) {
        ++items;
        for (const char* field : atom ? atom_fields : rss_fields) sum += std::strlen(item.child(field).child_value());
    }
    std::printf("%zu %zu\n", items, sum);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::strcmp(argv[1], "corpus") == 0) return write_corpus(argv[2]);
    if (argc == 3 && std::strcmp(argv[1], "walk") == 0) return walk(argv[2]);
    std::fprintf(stderr, "usage: bench_process_tool corpus DIR | walk FILE\n");
    return 2;
}
