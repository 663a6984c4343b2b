"""Intake's use cases. Each takes a command and a unit of work; the unit of work publishes the events."""
