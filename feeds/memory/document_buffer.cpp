#include "feeds/memory/document_buffer.hpp"

#include <cstring>
#include <utility>

#include "feeds/memory/huge_pages.hpp"

namespace clipfeed {

DocumentBuffer::~DocumentBuffer() { unmap(); }

DocumentBuffer::DocumentBuffer(DocumentBuffer&& other) noexcept
    : text_(std::move(other.text_)),
      block_(std::move(other.block_)),
      mapped_(std::exchange(other.mapped_, nullptr)),
      mapped_bytes_(std::exchange(other.mapped_bytes_, 0)),
      size_(std::exchange(other.size_, 0)) {}

DocumentBuffer& DocumentBuffer::operator=(DocumentBuffer&& other) noexcept {
    if (this != &other) {
        unmap();
        text_ = std::move(other.text_);
        block_ = std::move(other.block_);
        mapped_ = std::exchange(other.mapped_, nullptr);
        mapped_bytes_ = std::exchange(other.mapped_bytes_, 0);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

void DocumentBuffer::unmap() {
    unmap_huge_pages(mapped_, mapped_bytes_);
    mapped_ = nullptr;
    mapped_bytes_ = 0;
    size_ = 0;
}

char* DocumentBuffer::allocate(std::size_t size) {
    clear();
    if (size >= kHugePagesFrom) {
        std::size_t length = size;
        if (char* p = map_huge_pages(length)) {
            mapped_ = p;
            mapped_bytes_ = length;
            size_ = size;
            return mapped_;
        }
    }
    block_.reset(new char[size]);  // not value-initialized: no zero-fill
    size_ = size;
    return block_.get();
}

void DocumentBuffer::assign(std::string_view bytes) {
    char* p = allocate(bytes.size());
    if (!bytes.empty()) std::memcpy(p, bytes.data(), bytes.size());
}

void DocumentBuffer::adopt(std::string&& text) {
    clear();
    text_ = std::move(text);
}

void DocumentBuffer::remove_prefix(std::size_t n) {
    if (n == 0) return;
    if (!mapped_ && !block_) {
        text_.erase(0, n);
        return;
    }
    if (n > size_) n = size_;
    std::memmove(data(), data() + n, size_ - n);
    size_ -= n;
}

void DocumentBuffer::clear() {
    unmap();
    block_.reset();
    size_ = 0;
    std::string().swap(text_);
}

}  // namespace clipfeed
