"""deploy/ gives each service two database roles: migrations the owner's URL, the service the runtime one.

Read with PyYAML only (no kubectl): the base manifests, the secrets template, the dev overlay's
generated secrets and docker-compose.yml agree on the secret keys, the role names and the passwords.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from shared.contracts.catalog import SERVICES
from shared.ratelimit import parse_networks

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "deploy" / "k8s" / "base"
DEV = ROOT / "deploy" / "k8s" / "overlays" / "dev" / "kustomization.yaml"


def dashed(service: str) -> str:
    return service.replace("_", "-")


def load_all(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def template_secrets() -> dict[str, set[str]]:
    return {
        doc["metadata"]["name"]: set(doc.get("stringData") or {})
        for doc in load_all(BASE / "secrets.template.yaml")
        if doc["kind"] == "Secret"
    }


def deployment(service: str) -> dict[str, Any]:
    docs = load_all(BASE / f"{dashed(service)}.yaml")
    (found,) = [d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == dashed(service)]
    return found


def secret_refs(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Environment variable -> its secretKeyRef."""
    return {
        e["name"]: e["valueFrom"]["secretKeyRef"]
        for e in container.get("env", [])
        if "secretKeyRef" in e.get("valueFrom", {})
    }


def test_every_secret_key_a_base_manifest_reads_is_in_the_template() -> None:
    secrets = template_secrets()
    manifests = sorted(
        p for p in BASE.glob("*.yaml") if p.name not in ("secrets.template.yaml", "kustomization.yaml")
    )
    assert [p.stem for p in manifests] == sorted(dashed(s) for s in SERVICES)
    checked = 0
    for path in manifests:
        for doc in load_all(path):
            pod = doc.get("spec", {}).get("template", {}).get("spec", {})
            for container in pod.get("initContainers", []) + pod.get("containers", []):
                for var, ref in secret_refs(container).items():
                    assert ref["name"] in secrets, (path.name, var, ref)
                    if not ref.get("optional"):
                        assert ref["key"] in secrets[ref["name"]], (path.name, var, ref)
                        checked += 1
    assert checked >= 5 * 4  # every service reads at least its URLs, NATS password and field keys


@pytest.mark.parametrize("service", SERVICES)
def test_only_the_migrate_init_container_gets_the_owner_url(service: str) -> None:
    spec = deployment(service)["spec"]["template"]["spec"]
    (migrate,) = [c for c in spec["initContainers"] if c["name"] == "migrate"]
    assert migrate["args"] == ["migrate", service]
    (serve,) = spec["containers"]
    secret = f"{dashed(service)}-secrets"
    url, migration_url = (
        f"PCMD_{service.upper()}_DATABASE_URL",
        f"PCMD_{service.upper()}_MIGRATION_DATABASE_URL",
    )

    refs = secret_refs(migrate)
    assert refs[migration_url] == {"name": secret, "key": "migration-database-url"}
    assert refs[url] == {"name": secret, "key": "database-url"}  # the runtime role it grants
    refs = secret_refs(serve)
    assert refs[url] == {"name": secret, "key": "database-url"}
    assert migration_url not in {e["name"] for e in serve.get("env", [])}
    assert all(r["key"] != "migration-database-url" for r in refs.values())


def assert_two_roles(service: str, migration_url: str, url: str) -> tuple[str, str]:
    """The owner's and the runtime role's URLs of one database; returns their two passwords."""
    owner, runtime = urlsplit(migration_url), urlsplit(url)
    assert owner.username == f"pcmd_{service}", migration_url
    assert runtime.username == f"pcmd_{service}_app", url
    assert owner.path == runtime.path == f"/pcmd_{service}"
    assert owner.password and runtime.password and owner.password != runtime.password
    return owner.password, runtime.password


@pytest.mark.parametrize("service", SERVICES)
def test_the_template_names_the_owner_and_the_runtime_role(service: str) -> None:
    (doc,) = [
        d
        for d in load_all(BASE / "secrets.template.yaml")
        if d["kind"] == "Secret" and d["metadata"]["name"] == f"{dashed(service)}-secrets"
    ]
    data = doc["stringData"]
    owner, runtime = urlsplit(data["migration-database-url"]), urlsplit(data["database-url"])
    assert (owner.username, runtime.username) == (f"pcmd_{service}", f"pcmd_{service}_app")
    assert owner.path == runtime.path == f"/pcmd_{service}"


def dev_generated() -> dict[str, dict[str, str]]:
    kustomization = yaml.safe_load(DEV.read_text(encoding="utf-8"))
    return {
        g["name"]: dict(literal.split("=", 1) for literal in g["literals"])
        for g in kustomization["secretGenerator"]
    }


@pytest.mark.parametrize("service", SERVICES)
def test_the_dev_overlay_urls_use_the_passwords_its_postgres_init_gets(service: str) -> None:
    generated = dev_generated()
    data, postgres = generated[f"{dashed(service)}-secrets"], generated["pcmd-postgres"]
    assert template_secrets()[f"{dashed(service)}-secrets"] <= set(data)  # every key the template names
    owner, runtime = assert_two_roles(service, data["migration-database-url"], data["database-url"])
    assert postgres[f"PCMD_{service.upper()}_DB_PASSWORD"] == owner
    assert postgres[f"PCMD_{service.upper()}_APP_DB_PASSWORD"] == runtime


def compose_default(value: str) -> str:
    """``${VAR:-default}`` as compose reads it with VAR unset."""
    return re.sub(r"\$\{[A-Z0-9_]+:-([^}]*)\}", r"\1", value)


@pytest.mark.parametrize("service", SERVICES)
def test_compose_migrates_as_the_owner_and_serves_as_the_runtime_role(service: str) -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    url, migration_url = (
        f"PCMD_{service.upper()}_DATABASE_URL",
        f"PCMD_{service.upper()}_MIGRATION_DATABASE_URL",
    )
    job = {k: compose_default(v) for k, v in compose[f"migrate-{service}"]["environment"].items()}
    serve = {k: compose_default(v) for k, v in compose[service]["environment"].items()}
    postgres = {k: compose_default(v) for k, v in compose["postgres"]["environment"].items()}

    assert compose[f"migrate-{service}"]["command"] == ["migrate", service]
    owner, runtime = assert_two_roles(service, job[migration_url], job[url])
    assert serve[url] == job[url] and migration_url not in serve
    assert postgres[f"PCMD_{service.upper()}_DB_PASSWORD"] == owner
    assert postgres[f"PCMD_{service.upper()}_APP_DB_PASSWORD"] == runtime


def test_the_init_script_creates_the_runtime_roles() -> None:
    script = (ROOT / "deploy" / "postgres" / "init-databases.sh").read_text(encoding="utf-8")
    assert 'app_var="PCMD_${svc^^}_APP_DB_PASSWORD"' in script
    assert 'GRANT CONNECT ON DATABASE :"name" TO :"app";' in script


def test_intake_behind_the_ingress_trusts_a_proxy_network_in_each_overlay() -> None:
    kustomization = yaml.safe_load((BASE / "kustomization.yaml").read_text(encoding="utf-8"))
    (config,) = [g for g in kustomization["configMapGenerator"] if g["name"] == "pcmd-config"]
    assert "PCMD_TRUSTED_PROXIES=" in config["literals"]  # the key, empty: none unless an overlay says
    (intake,) = deployment("intake")["spec"]["template"]["spec"]["containers"]
    assert {"configMapRef": {"name": "pcmd-config"}} in intake["envFrom"]  # how the overlays' value arrives

    (dev,) = [
        g
        for g in yaml.safe_load(DEV.read_text(encoding="utf-8"))["configMapGenerator"]
        if g["name"] == "pcmd-config"
    ]
    city_dir = ROOT / "deploy" / "k8s" / "overlays" / "city"
    city_generators = yaml.safe_load((city_dir / "kustomization.yaml").read_text(encoding="utf-8"))[
        "configMapGenerator"
    ]
    assert {"name": "pcmd-config", "behavior": "merge", "envs": ["city.env"]} in city_generators
    city_env = (city_dir / "city.env").read_text(encoding="utf-8")
    city = dict(line.split("=", 1) for line in city_env.splitlines() if line and not line.startswith("#"))
    dev_value = dict(literal.split("=", 1) for literal in dev["literals"])["PCMD_TRUSTED_PROXIES"]
    for value in (dev_value, city["PCMD_TRUSTED_PROXIES"]):
        assert parse_networks(value), value
