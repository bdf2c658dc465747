// Tests for plugin/clipping (placeholder until it lands).
#include <catch2/catch.hpp>
