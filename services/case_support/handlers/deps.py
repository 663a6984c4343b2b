"""What case_support's use cases need besides the unit of work; built once by the composition root."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from services.case_support.domain.pseudonym import ClientFacts, client_code
from services.case_support.domain.referral import FollowUpRules
from shared.clock import now as domain_now
from shared.disclosure import DEFAULT_THRESHOLD


def parse_keys(spec: str) -> dict[str, bytes]:
    """``kid:base64,kid2:base64`` → key id → key."""
    keys: dict[str, bytes] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        kid, _, b64 = part.partition(":")
        keys[kid] = base64.b64decode(b64, validate=True)
    return keys


@dataclass(frozen=True)
class CaseSupportDeps:
    code_keys: Mapping[str, bytes] = field(repr=False)
    active_key_id: str
    retention: dt.timedelta = dt.timedelta(days=730)
    follow_up: FollowUpRules = field(default_factory=FollowUpRules)
    small_cell_threshold: int = DEFAULT_THRESHOLD
    clock: Callable[[], dt.datetime] = domain_now  # the real clock, or a demo system's

    def code(self, facts: ClientFacts) -> tuple[str, str]:
        """``(key id, code)`` under the active key: what an enrolment stores."""
        return self.active_key_id, client_code(facts, self.code_keys[self.active_key_id])

    def candidates(self, facts: ClientFacts) -> list[str]:
        """The client's code under every configured key (a duplicate check during a key rotation)."""
        return [client_code(facts, key) for _, key in sorted(self.code_keys.items())]
