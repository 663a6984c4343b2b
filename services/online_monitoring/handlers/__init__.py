"""online_monitoring use cases: each takes a command and the unit of work, which publishes the events."""
