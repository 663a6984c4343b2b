"""The indexes the measures' filters need (migration 0013): a ward and the time each measure bounds,
so the month under way reads its month, not the ward's history. Declared on the models' tables, so the
rebuild's fresh tables (``create_all``) have them too; ``measures.py`` imports this module, which
declares them. A fixed predicate is a partial index, and the query states it as a literal (a bound
value would not prove the index applies)."""

from __future__ import annotations

from sqlalchemy import Index, literal_column
from sqlalchemy.sql import ColumnElement

from services.reporting.repository.facts import (
    CaseFact,
    HotspotFact,
    InspectionFact,
    OnlineItemFact,
    ServiceFact,
    TipFact,
)
from services.reporting.repository.programme import Activity, Directive, Training

NOT_CARRIED_OUT: ColumnElement[str] = literal_column("'not_carried_out'")
COMMUNICATION: ColumnElement[str] = literal_column("'communication'")
INDEXES = (
    Index("ix_tip_fact_ward_due_at", TipFact.ward, TipFact.due_at),
    Index("ix_tip_fact_ward_received_at", TipFact.ward, TipFact.received_at),
    Index("ix_online_item_fact_ward_reported_at", OnlineItemFact.ward, OnlineItemFact.reported_at),
    Index(
        "ix_service_fact_ward_received_at",
        ServiceFact.ward,
        ServiceFact.received_at,
        postgresql_include=["client_code"],
    ),
    Index("ix_inspection_fact_ward_inspected_at", InspectionFact.ward, InspectionFact.inspected_at),
    Index(  # an establishment's last inspection carried out
        "ix_inspection_fact_carried_out",
        InspectionFact.establishment_id,
        InspectionFact.inspected_at,
        postgresql_where=InspectionFact.result != NOT_CARRIED_OUT,
    ),
    Index("ix_hotspot_fact_ward_flagged_at", HotspotFact.ward, HotspotFact.flagged_at),
    Index(
        "ix_activity_communication",
        Activity.ward,
        Activity.held_at,
        postgresql_where=Activity.category == COMMUNICATION,
    ),
    Index("ix_directive_ward_due_at", Directive.ward, Directive.due_at),
    Index("ix_training_ward_held_at", Training.ward, Training.held_at),
    # 0014: HR_ACCESS and the services' breakdown group each ward's clients: both sides in client order
    # from the index alone (merge join, streaming groups), not hashed (which spilled past work_mem)
    Index(
        "ix_case_fact_ward_client",
        CaseFact.ward,
        CaseFact.client_code,
        postgresql_include=["eligible", "has_needs", "enrolled_at", "closed_at", "reopened_at"],
    ),
    Index(
        "ix_service_fact_ward_client",
        ServiceFact.ward,
        ServiceFact.client_code,
        ServiceFact.category,
        postgresql_include=["received_at"],
    ),
)
