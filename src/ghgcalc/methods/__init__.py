"""Calculation methods: one pure vectorized function each, with its equation and reference."""
