"""Benchmark harness for the dashboard (`python -m bench.run`); see bench/README.md."""
