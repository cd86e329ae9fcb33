"""Load benchmarks (not tests): see loadtest.py and docs/performance.md."""
