"""inspection domain events → contract messages (``proto/pcmd/inspection/v1``); none recorded yet."""

from __future__ import annotations

from shared.uow import no_messages

to_messages = no_messages
