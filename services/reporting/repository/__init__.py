"""Reporting storage: read models built from events, the data reporting owns, snapshots."""
