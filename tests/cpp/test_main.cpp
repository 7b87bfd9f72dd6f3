// Catch2 v2's main (with v3, tests link Catch2::Catch2WithMain instead).
#if !__has_include(<catch2/catch_all.hpp>)
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#endif
