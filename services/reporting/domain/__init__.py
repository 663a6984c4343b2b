"""Reporting domain: periods, the indicator catalogue, snapshot content. No I/O."""
