// The call-overhead sweep: a dot product of two short vectors. The work is
// 2n FLOPs; at tiny n what an impl costs is getting to the work (an
// interpreter's loop, a call through pybind11, NumPy's dispatch), which is
// what this workload measures.
#pragma once

#include <cstddef>

namespace speedlab::call_overhead {

// sum over i of a[i] * b[i], left to right with one accumulator (as
// python.loops; g++ may fuse each multiply-add into an FMA).
double dot(const double* a, const double* b, std::size_t n);

}  // namespace speedlab::call_overhead
