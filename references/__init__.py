"""speedlab's reference checksums: what every impl, in every language, is judged against.

One module per workload, each with `reference(params[, seed])` (named by the workload's manifest,
e.g. `reference = "references.matmul:reference"`), and the definitions they share: the input
generator (prng), the position weight (checksums) and exact integer sums (exact). Nothing here
imports an impl: the runner and the agreement tests judge python_baselines, the C++, Java and CUDA
impls alike without importing the package that holds any of them.
"""
