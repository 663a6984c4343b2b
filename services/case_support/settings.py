"""case_support settings: ``PCMD_CASE_SUPPORT_*`` plus the platform-wide ``PCMD_*`` variables."""

from __future__ import annotations

import base64
import hashlib
from typing import ClassVar, Self

from pydantic import Field, model_validator

from shared.disclosure import DEFAULT_THRESHOLD
from shared.settings import ServiceSettings


def _dev_code_keys() -> str:
    key = base64.b64encode(hashlib.sha256(b"pcmd-dev-client-code-key").digest()).decode()
    return f"dev1:{key}"


class CaseSupportSettings(ServiceSettings):
    service_name: ClassVar[str] = "case_support"

    # The keys client codes are derived with (PCMD_CASE_SUPPORT_CODE_KEYS, "id:base64,id:base64") and
    # the one new codes use (PCMD_CASE_SUPPORT_CODE_KEY_ID). Unset: a public development key, refused
    # in production.
    code_keys: str = ""
    code_key_id: str = ""
    # Identifying fields of a case closed longer than this are erased (and its reporting key destroyed).
    retention_days: int = Field(730, ge=1)
    retention_scan_seconds: float = Field(3600.0, gt=0)
    # Days without an answer (made) or an outcome (accepted) before a referral is due for follow-up.
    referral_answer_days: int = Field(7, ge=1)
    referral_outcome_days: int = Field(30, ge=1)
    # Counts of people leaders see: from 1 to threshold-1 they are withheld (0: none, refused in
    # production below PRODUCTION_MIN_THRESHOLD), as reporting does for what leaves the ward.
    small_cell_threshold: int = Field(DEFAULT_THRESHOLD, ge=0, le=100)

    @model_validator(mode="after")
    def _code_keys(self) -> Self:
        if not self.code_keys.strip():
            if self.env == "production":
                raise ValueError("production needs PCMD_CASE_SUPPORT_CODE_KEYS (and _CODE_KEY_ID)")
            self.code_keys, self.code_key_id = _dev_code_keys(), "dev1"
        if self.env == "production" and self.small_cell_threshold < DEFAULT_THRESHOLD:
            raise ValueError(
                f"PCMD_CASE_SUPPORT_SMALL_CELL_THRESHOLD must be at least {DEFAULT_THRESHOLD} in production"
            )
        return self
