"""Benchmarks: scripts that measure the package and write results.{json,md}; shared code lives in common.py."""
