"""Benchmarks, run by ``make bench`` as ``python -m benchmarks``.  They print; they never fail."""
