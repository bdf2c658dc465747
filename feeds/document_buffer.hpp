// The bytes of a document that pugixml parses in place. A large document is
// held in memory mapped for transparent huge pages: copying a 100 MB feed into
// ordinary pages costs a page fault per 4 KiB, which took longer than parsing
// it; in 2 MiB pages the faults all but vanish. Small documents (and any
// mapping the kernel refuses) live in an ordinary std::string.
#pragma once

#include <cstddef>
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

    char* data() { return mapped_ ? mapped_ : text_.data(); }
    const char* data() const { return mapped_ ? mapped_ : text_.data(); }
    std::size_t size() const { return mapped_ ? size_ : text_.size(); }
    bool empty() const { return size() == 0; }
    operator std::string_view() const { return {data(), size()}; }

    // At or above this many bytes a document is mapped in huge pages.
    static constexpr std::size_t kHugePageThreshold = std::size_t{4} << 20;

private:
    void unmap();

    std::string text_;
    char* mapped_ = nullptr;
    std::size_t mapped_bytes_ = 0;  // the length of the mapping (whole huge pages)
    std::size_t size_ = 0;
};

}  // namespace clipfeed
