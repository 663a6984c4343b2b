"""Messaging: envelope, streams, broker, relay, consumers and dead letters."""
