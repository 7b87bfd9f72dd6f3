// Inputs that survive between calls of a benchmark body.
//
// Google Benchmark calls a body once per calibration step, once for the
// warm-up and once per repetition, so inputs generated in the body are
// generated again every time: for a 400 MB triad that is seconds per call,
// far more than the measurement. A harness process runs one benchmark with one
// set of parameters, so a body keeps what it built for a key (its parameters)
// and builds again only when the key changes. Each call site has its own slot
// (the lambda's type is unique), and the value lives until the process exits.
//
//   auto& inputs = speedlab::reuse(std::pair{n, params.seed}, [&] { return make_inputs(n, params.seed); });
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

namespace speedlab {

template <typename Key, typename Make>
std::invoke_result_t<Make>& reuse(const Key& key, Make make) {
  static std::optional<std::pair<Key, std::invoke_result_t<Make>>> slot;
  if (!slot || slot->first != key) {
    slot.reset();  // free the old value before building the new one
    slot.emplace(key, make());
  }
  return slot->second;
}

}  // namespace speedlab
