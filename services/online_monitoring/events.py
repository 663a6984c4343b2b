"""online_monitoring domain events → contract messages (``proto/pcmd/online_monitoring/v1``).

None are recorded yet."""

from __future__ import annotations

from shared.uow import no_messages

to_messages = no_messages
