// The bytes of a document that pugixml parses in place. A large document
// (kHugePagesFrom or more, feeds/memory/huge_pages.hpp) is held in memory mapped for
// transparent huge pages: copying a 100 MB feed into ordinary pages costs a
// page fault per 4 KiB, which took longer than parsing it; in 2 MiB pages the
// faults all but vanish. Small documents (and any mapping the kernel refuses)
// live in a heap block that is not zero-filled first (a std::string resized to
// the document's length was: 5% of the instructions of parsing a feed of
// 100 KB went to that memset). A document converted to UTF-8 is adopted as the
// std::string it was converted into.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace clipfeed {

class DocumentBuffer {
public:
    DocumentBuffer() = default;
    ~DocumentBuffer();
    DocumentBuffer(const DocumentBuffer&) = delete;
    DocumentBuffer& operator=(const DocumentBuffer&) = delete;
    DocumentBuffer(DocumentBuffer&& other) noexcept;
    DocumentBuffer& operator=(DocumentBuffer&& other) noexcept;

    // Room for `size` bytes (their content unspecified), replacing what was held.
    char* allocate(std::size_t size);
    // A copy of `bytes`.
    void assign(std::string_view bytes);
    // Takes over `text`'s storage, without a copy.
    void adopt(std::string&& text);
    // Drops the first `n` bytes (a byte order mark), moving the rest down.
    void remove_prefix(std::size_t n);
    // Gives the memory back.
    void clear();

    char* data() { return mapped_ ? mapped_ : block_ ? block_.get() : text_.data(); }
    const char* data() const { return mapped_ ? mapped_ : block_ ? block_.get() : text_.data(); }
    std::size_t size() const { return mapped_ || block_ ? size_ : text_.size(); }
    bool empty() const { return size() == 0; }
    operator std::string_view() const { return {data(), size()}; }

private:
    void unmap();

    // At most one of the three holds the document.
    std::string text_;                // adopted
    std::unique_ptr<char[]> block_;   // a small document
    char* mapped_ = nullptr;          // a large one
    std::size_t mapped_bytes_ = 0;    // the length of the mapping (whole huge pages)
    std::size_t size_ = 0;            // the document's length in block_ or mapped_
};

}  // namespace clipfeed
