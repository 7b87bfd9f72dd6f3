// The precision axis (dtype = float32; on the GPU also tf32 and bf16): inputs
// rounded once from the workload's float64 inputs, and the measured error of a
// lower-precision result against the float64 computation of the same inputs.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace speedlab::precision {

// The float64 inputs rounded to T once (untimed): every float32 impl, in every
// language, starts from the same values.
template <typename T>
std::vector<T> narrowed(const std::vector<double>& values) {
  return std::vector<T>(values.begin(), values.end());
}

// ||result - reference||_2 / ||reference||_2 over `count` values, in double:
// the counter output_rel_error that a dtype other than float64 reports beside
// its time. `reference` is the float64 computation from the float64 inputs, so
// the error includes the rounding of the inputs, as a user of float32 gets it.
template <typename T>
double relative_error(const T* result, const double* reference, std::size_t count) {
  double difference = 0.0;
  double norm = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    const double d = static_cast<double>(result[i]) - reference[i];
    difference += d * d;
    norm += reference[i] * reference[i];
  }
  return norm > 0.0 ? std::sqrt(difference / norm) : std::sqrt(difference);
}

// max |result - reference| / max |reference| over `count` values: the counter output_max_rel_error, the
// worst single element on the output's scale (a norm hides one wrong element among millions; this does
// not). NaN in the result gives NaN.
template <typename T>
double max_relative_error(const T* result, const double* reference, std::size_t count) {
  double worst = 0.0;
  double scale = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    const double d = std::fabs(static_cast<double>(result[i]) - reference[i]);
    worst = std::isnan(d) || std::isnan(worst) ? NAN : std::max(worst, d);
    scale = std::max(scale, std::fabs(reference[i]));
  }
  return scale > 0.0 ? worst / scale : worst;
}

}  // namespace speedlab::precision
