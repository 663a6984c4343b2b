"""online_monitoring domain: aggregates and pure rules, no I/O (aggregates record their events)."""
