"""What reporting's use cases refuse; ``api.permissions.ERRORS`` turns each into a problem."""

from __future__ import annotations


class RecordNotFound(LookupError):
    """No programme record (or snapshot it refers to) with this id in the caller's ward."""


class AlreadyRecorded(Exception):
    """The record already has what the command would record (issued, ended, the year's plan)."""


class SnapshotNotFound(LookupError):
    pass


class SnapshotNotPrepared(Exception):
    """Only a prepared snapshot can be approved (and so published), once."""


class ScopeNotFound(LookupError):
    """No org unit with this code."""


class ScopeForbidden(Exception):
    """The org unit is outside the caller's ward or city."""


class UnknownIndicator(LookupError):
    pass


class TargetOutOfRange(ValueError):
    pass
