// Tests for feeds/encoding (placeholder until it lands).
#include <catch2/catch.hpp>
