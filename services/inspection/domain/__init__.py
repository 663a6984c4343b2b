"""Inspection's domain: the register of establishments, risk, inspections, hotspots. Pure rules, no I/O."""
