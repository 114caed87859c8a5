"""Bench-only Django app: the baselines that must never ship in the product (see bench/README.md)."""
