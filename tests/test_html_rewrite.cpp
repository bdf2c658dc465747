// Tests for feeds/html_rewrite (placeholder until it lands).
#include <catch2/catch.hpp>
