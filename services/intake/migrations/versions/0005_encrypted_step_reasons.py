"""Intake: the reasons officials type into a tip's steps are personal data, stored encrypted.

``tip_transition.reason_ciphertext`` holds a step's reason encrypted with the service's field cipher
(AES-GCM, the key id inside the value, as for ``tip_private_field``; bound to the tip, the action and
the time of the step). ``reason`` stays, for plain reasons only until they are encrypted.

This migration does not encrypt the existing rows itself; the service does, and reads both kinds:

- Alembic gives a migration only the database URL. The service's field keys come from its settings,
  and not every migration job is given them (the docker-compose job is not): a migration reading the
  settings there would silently encrypt with the development key, and the service, with its real keys,
  could never read those reasons again.
- During a rolling update the previous version keeps writing plain reasons after this migration ran
  (the column stays, so its writes still work), so the service has to read and encrypt plain rows anyway.

So the service reads a plain ``reason`` where there is no ciphertext, and encrypts every plain reason
(then blanks it) at start and every ten minutes, a batch per transaction (``reason_sealer`` in
``main``); the partial index finds the rows left, none once done. A later migration may drop ``reason``.
Until the rolling update is over, the previous version shows the new steps' reasons empty.

Downgrade puts the reasons back in plain text, which needs the keys: it reads the service's settings
(``PCMD_INTAKE_FIELD_KEYS``), and refuses, changing nothing, if a reason does not decrypt with them.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from services.intake.repository.tables import PLAIN_REASON, reason_aad
from shared.crypto import FieldCipher

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEX = "ix_tip_transition_plain_reason"


def upgrade() -> None:
    op.add_column("tip_transition", sa.Column("reason_ciphertext", sa.LargeBinary))
    op.create_index(INDEX, "tip_transition", ["id"], postgresql_where=sa.text(PLAIN_REASON))


def _cipher() -> FieldCipher:
    from services.intake.settings import IntakeSettings

    settings = IntakeSettings()
    return FieldCipher.from_config(settings.field_keys, settings.field_key_id)


def downgrade() -> None:
    bind = op.get_bind()
    sealed = bind.execute(
        sa.text(
            "SELECT id, tip_id, action, at, reason_ciphertext FROM tip_transition "
            "WHERE reason_ciphertext IS NOT NULL ORDER BY id"
        )
    ).all()
    if sealed:
        try:
            cipher = _cipher()
            plain = [
                {
                    "id": r.id,
                    "reason": cipher.decrypt(r.reason_ciphertext, reason_aad(r.tip_id, r.action, r.at)),
                }
                for r in sealed
            ]
        except Exception as exc:
            raise RuntimeError(
                "Refusing to downgrade intake below 0005: the encrypted step reasons do not decrypt with "
                "the configured field keys (set PCMD_INTAKE_FIELD_KEYS as the service has them). "
                "Nothing was changed."
            ) from exc
        bind.execute(sa.text("UPDATE tip_transition SET reason = :reason WHERE id = :id"), plain)
    op.drop_index(INDEX, "tip_transition")
    op.drop_column("tip_transition", "reason_ciphertext")
