"""Inspection's use cases: each loads through the unit of work, applies a domain rule and commits."""
