"""Request bodies and answers of case_support's API. The facts given for the client code are used to
derive it and then forgotten; nothing here is logged."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from services.case_support.domain.kinds import (
    ClosureReason,
    ConsentMethod,
    ConsentPurpose,
    EnrolmentSource,
    NeedKind,
    ProviderKind,
    ReferralOutcome,
    ServiceKind,
    ServiceSource,
)
from services.case_support.domain.needs import Circumstances
from services.case_support.domain.pseudonym import ClientFacts
from shared.schemas import StrictModel

Name = Annotated[str, Field(min_length=1, max_length=100)]
ProviderId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]


class FactsBody(StrictModel):
    """What the client tells to derive the code: never stored."""

    family_name: Name
    given_name: Name
    birth_year: Annotated[int, Field(ge=1900, le=2100)]
    mother_given_name: Name

    def facts(self) -> ClientFacts:
        return ClientFacts(self.family_name, self.given_name, self.birth_year, self.mother_given_name)


class EnrolBody(StrictModel):
    facts: FactsBody
    source: EnrolmentSource
    consent_method: ConsentMethod
    consents: list[ConsentPurpose] = Field(min_length=1, max_length=6)
    source_tip_id: uuid.UUID | None = None


class ConsentBody(StrictModel):
    purpose: ConsentPurpose
    method: ConsentMethod
    provider_id: Annotated[str, Field(max_length=64)] = ""


class PersonalBody(StrictModel):
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    phone: Annotated[str, Field(min_length=3, max_length=40)] | None = None
    contact: Annotated[str, Field(min_length=1, max_length=300)] | None = None


class PersonalRead(BaseModel):
    name: str | None
    phone: str | None
    contact: str | None
    plan_note: str | None = None
    follow_up_notes: dict[str, str] = Field(default_factory=dict)


class PlanBody(StrictModel):
    goals: list[NeedKind] = Field(max_length=12)
    review_on: dt.date | None = None
    note: Annotated[str, Field(max_length=2000)] = ""


class FollowUpBody(StrictModel):
    due_on: dt.date
    note: Annotated[str, Field(max_length=2000)] = ""


class AssessmentBody(StrictModel):
    needs: list[NeedKind] = Field(max_length=12)
    age: Annotated[int, Field(ge=0, le=120)] | None = None
    lives_in_ward: StrictBool = False
    wants_reintegration: StrictBool = False

    def circumstances(self) -> Circumstances:
        return Circumstances(self.age, self.lives_in_ward, self.wants_reintegration)


class ServiceBody(StrictModel):
    service_kind: ServiceKind
    received_on: dt.date
    provider_id: ProviderId
    source: ServiceSource = ServiceSource.CASE_WORKER
    referral_id: uuid.UUID | None = None


class CloseBody(StrictModel):
    reason: ClosureReason


class AssignBody(StrictModel):
    collaborator: Annotated[str, Field(min_length=3, max_length=200, pattern=r"^[a-z]+:\S+$")]


class AssignmentRead(BaseModel):
    """A collaborator's assignment to a client: current until it ends (then kept, with who and when)."""

    case_id: str
    collaborator: str
    assigned_by: str
    assigned_at: str
    ended_at: str | None
    ended_by: str | None
    current: bool


class ReferralBody(StrictModel):
    service_kind: ServiceKind
    provider_id: ProviderId
    shares_details: StrictBool = False


class ReferralStepBody(StrictModel):
    outcome: ReferralOutcome | None = None


class ProviderBody(StrictModel):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    kind: ProviderKind
    offers: list[ServiceKind] = Field(max_length=10)
    active: StrictBool = True
    address: Annotated[str, Field(max_length=300)] = ""
    phone: Annotated[str, Field(max_length=40)] = ""


class Counts(BaseModel):
    """Cases by status; a count of 1 to ``threshold``-1 is withheld (null) with what would give it away."""

    open: int | None
    closed: int | None
    total: int | None
    suppressed: bool = Field(description="Có số bị ẩn vì quá nhỏ / Some count is withheld as too small")
    threshold: int


class CaseRead(BaseModel):
    """A client's record: the code, consents, assessment, services; which personal fields are kept,
    never their values."""

    model_config = ConfigDict(extra="allow")
    id: uuid.UUID
    client_code: str
    status: str


class CasePage(BaseModel):
    items: list[dict[str, Any]]
    total: int
    page: int
    page_size: int


class ReferralRead(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: uuid.UUID
    case_id: uuid.UUID
    status: str


class ProviderRead(BaseModel):
    id: str
    name: str
    kind: str
    offers: list[str]
    active: bool
    address: str
    phone: str
