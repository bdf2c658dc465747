// Tests for RSS parsing (feeds/rss.cpp).
#include <catch2/catch.hpp>
