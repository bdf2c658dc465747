// A fixed set of short names (tags, attributes, URI schemes) for lookups done
// on every tag: open addressing over an FNV-1a hash, so that a lookup is one
// hash and (mostly) one comparison rather than a binary search's several.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace clipfeed::html {

class NameSet {
public:
    template <std::size_t N>
    explicit NameSet(const std::string_view (&names)[N]) {
        std::size_t size = 16;
        while (size < 2 * N) size *= 2;
        slots_.resize(size);
        mask_ = size - 1;
        for (std::string_view name : names) {
            std::size_t i = hash(name) & mask_;
            while (!slots_[i].empty()) i = (i + 1) & mask_;
            slots_[i] = name;
        }
    }

    bool contains(std::string_view name) const {
        for (std::size_t i = hash(name) & mask_;; i = (i + 1) & mask_) {
            const std::string_view slot = slots_[i];
            if (slot.empty()) return false;
            if (slot.size() == name.size() && same_bytes(slot, name)) return true;
        }
    }

private:
    // A loop rather than std::equal, which calls memcmp: names are short.
    static bool same_bytes(std::string_view a, std::string_view b) {
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i] != b[i]) return false;
        return true;
    }

    static std::size_t hash(std::string_view name) {
        std::uint32_t h = 2166136261u;
        for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
        return h;
    }

    std::vector<std::string_view> slots_;
    std::size_t mask_ = 0;
};

}  // namespace clipfeed::html
