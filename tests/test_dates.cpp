// Tests for feeds/dates (placeholder until it lands).
#include <catch2/catch.hpp>
