// Catch2 v2 (Debian bookworm) and v3 (Ubuntu 24.04, newer Debian) spell their
// header differently; the tests include this file and work with either.
#pragma once
#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
using Catch::Approx;
#else
#include <catch2/catch.hpp>
#endif
