"""Where the events are served and how to sign in, as the AsyncAPI documents state it."""

from __future__ import annotations

from typing import Any, Final

JsonObject = dict[str, Any]

# Where to connect, and as whom (docs/city-developers.md says how to get credentials).
SECURITY_SCHEMES: Final[JsonObject] = {
    "natsUser": {
        "type": "userPassword",
        "description": (
            "A NATS user of the deployment's accounts (deploy/nats/accounts.conf): each service has its "
            "own; city systems use the user `city` of the CITY account, whose password the ward's "
            "operator gives them."
        ),
    }
}
SERVERS: Final[JsonObject] = {
    "deployment": {
        "host": "nats:4222",
        "protocol": "nats",
        "description": "The deployment's JetStream cluster (deploy/nats), reached by its service name.",
        "security": [{"$ref": "#/components/securitySchemes/natsUser"}],
    },
    "local": {
        "host": "127.0.0.1:4222",
        "protocol": "nats",
        "description": "`make run`'s embedded server on one machine (the banner prints its port).",
    },
}
