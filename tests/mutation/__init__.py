"""Mutation testing of the services' pure domain rules (``make mutate``); see ``run.py``."""
