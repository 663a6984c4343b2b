"""Every service's OpenAPI document says what the service really answers."""

from __future__ import annotations

import importlib

import pytest

from shared.contracts.catalog import SERVICES

PROBLEM = "application/problem+json"


def document(service: str) -> dict:  # type: ignore[type-arg]
    main = importlib.import_module(f"services.{service}.main")
    return main.build_app(main.load_settings()).openapi()  # type: ignore[no-any-return]


@pytest.mark.parametrize("service", SERVICES)
def test_errors_are_documented_as_problems_and_guarded_operations_name_the_bearer_scheme(
    service: str,
) -> None:
    doc = document(service)
    assert doc["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }
    assert set(doc["components"]["schemas"]["ProblemDocument"]["required"]) == {"type", "title", "status"}
    guarded = 0
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            responses = op["responses"]
            for status in ("400", "413", "422", "500"):
                assert PROBLEM in responses[status]["content"], (method, path, status)
            assert "HTTPValidationError" not in str(responses["422"])
            if path.startswith("/v1/") and not path.startswith("/v1/public"):
                assert op["security"] == [{"bearer": []}], (method, path)
                assert {"401", "403"} <= set(responses), (method, path)
                guarded += 1
            elif path.startswith("/v1/public"):
                assert "Retry-After" in responses["429"]["headers"], (method, path)
            else:
                assert "security" not in op, (method, path)  # health and readiness
    assert guarded >= 3, "the operations endpoints at least"
