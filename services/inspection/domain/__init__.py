"""inspection domain: aggregates and pure rules, no I/O (aggregates record their events)."""
