"""speedlab's Python tier: pure-Python and NumPy impls, and the Python harness.

Run `python -m python_baselines --list` or `--run WORKLOAD/IMPL --param n=...`;
the output is Google Benchmark's JSON, like every other harness.
"""
