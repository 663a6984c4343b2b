"""deploy/ gives each service two database roles, and keeps ``/metrics`` off the public side.

Read with PyYAML: the base manifests, the secrets template, the dev overlay's generated secrets and
docker-compose.yml agree on the secret keys, the role names and the passwords. Built with ``kubectl
kustomize`` (skipped without kubectl): ``/metrics`` is on each service's ``metrics`` port, no Ingress rule
routes a private path or targets a port but ``http``, every public API area is routed to its own service,
and the ingress controller's namespace may open only ``http``, the monitoring namespace only ``metrics``.
"""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
from functools import cache
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
    assert compose[service]["command"][-2:] == ["--metrics-port", "9464"]  # /metrics never on the API port
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


# --- what is reachable from outside: the Ingress never routes /metrics, the NetworkPolicy ----------------
# /metrics (unauthenticated, counts only) is served on the `metrics` port only; the Ingress targets `http`
# only and routes no private path; the NetworkPolicy admits the ingress controller to `http`, Prometheus to
# `metrics`, and no one else.

OVERLAYS = ROOT / "deploy" / "k8s" / "overlays"
PRIVATE = ("/metrics", "/healthz", "/readyz", "/v1/ops", "/openapi.json", "/docs", "/redoc")
UNSAFE_ANNOTATIONS = ("rewrite-target", "use-regex", "snippet", "default-backend", "app-root", "mirror")
MONITORING, INGRESS_CONTROLLER = "monitoring", "ingress-nginx"
COMPONENT = "app.kubernetes.io/component"


@cache
def rendered(overlay: str) -> tuple[dict[str, Any], ...]:
    """What ``kubectl apply -k`` would apply: the overlay built by ``kubectl kustomize``."""
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed: the overlays cannot be built")
    built = subprocess.run(
        ["kubectl", "kustomize", str(OVERLAYS / overlay)], capture_output=True, text=True, check=False
    )
    assert built.returncode == 0, built.stderr
    return tuple(d for d in yaml.safe_load_all(built.stdout) if d)


def overlays() -> list[str]:
    return sorted(p.name for p in OVERLAYS.iterdir() if (p / "kustomization.yaml").exists())


def routes(path: str, path_type: str, request: str) -> bool:
    """Whether an Ingress path routes a request path, as the Ingress API defines Exact and Prefix
    (Prefix: whole path elements, "/" routes everything)."""
    if path_type == "Exact":
        return request == path
    rule, asked = [e for e in path.split("/") if e], [e for e in request.split("/") if e]
    return asked[: len(rule)] == rule


def ingress_paths(doc: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(host, path, pathType, backend) of every rule of an Ingress."""
    return [
        (rule.get("host", "*"), p.get("path", "/"), p.get("pathType", ""), p["backend"])
        for rule in doc["spec"].get("rules", [])
        for p in (rule.get("http") or {}).get("paths", [])
    ]


def exposure_problems(docs: tuple[dict[str, Any], ...]) -> list[str]:
    """Every way the rendered manifests would let /metrics (or another private path) out."""
    problems = []
    for doc in docs:
        name = f"{doc['kind']}/{doc['metadata']['name']}"
        if doc["kind"] == "Ingress":
            if doc["spec"].get("defaultBackend"):
                problems.append(f"{name}: a default backend routes every path, /metrics included")
            for key in doc["metadata"].get("annotations") or {}:
                if any(word in key for word in UNSAFE_ANNOTATIONS):
                    problems.append(f"{name}: annotation {key} changes what the paths route")
            for host, path, path_type, backend in ingress_paths(doc):
                port = (backend.get("service") or {}).get("port")
                if port not in ({"name": "http"}, {"number": 8000}):
                    problems.append(f"{name} {host}{path}: targets port {port}, not http")
                if path_type not in ("Exact", "Prefix"):
                    problems.append(f"{name} {host}{path}: pathType {path_type!r} (only Exact, Prefix)")
                for private in PRIVATE:
                    if routes(path, path_type, private) or routes(path, path_type, f"{private}/x"):
                        problems.append(f"{name} {host}{path} routes {private}")
        if doc["kind"] == "Service" and doc["spec"].get("type", "ClusterIP") != "ClusterIP":
            labels = doc["metadata"].get("labels") or {}
            if labels.get(COMPONENT) == "service":
                problems.append(f"{name}: type {doc['spec']['type']} opens the port, /metrics included")
    return problems


@pytest.mark.parametrize("overlay", overlays())
def test_no_ingress_rule_and_no_service_type_would_expose_metrics(overlay: str) -> None:
    docs = rendered(overlay)
    assert [d for d in docs if d["kind"] == "Ingress"], "the public routes are in the manifests"
    assert exposure_problems(docs) == []


def test_the_exposure_check_catches_a_catch_all_a_metrics_path_and_a_regex() -> None:
    def ingress(path: str, path_type: str = "Prefix", **extra: Any) -> dict[str, Any]:
        port = extra.pop("port", {"name": "http"})
        paths = [
            {"path": path, "pathType": path_type, "backend": {"service": {"name": "intake", "port": port}}}
        ]
        return {
            "kind": "Ingress",
            "metadata": {"name": "x", **extra},
            "spec": {"rules": [{"http": {"paths": paths}}]},
        }

    assert exposure_problems((ingress("/v1/tips"), ingress("/metricsx", "Exact"))) == []
    for bad in (
        ingress("/"),
        ingress("/metrics", "Exact"),
        ingress("/metrics/"),
        ingress("/v1"),
        ingress("/.*", "ImplementationSpecific"),
        ingress("/v1/tips", annotations={"nginx.ingress.kubernetes.io/rewrite-target": "/$2"}),
        ingress("/v1/tips", port={"name": "metrics"}),
        ingress("/v1/tips", port={"number": 9464}),
        {"kind": "Ingress", "metadata": {"name": "x"}, "spec": {"defaultBackend": {"service": {}}}},
        {"kind": "Service", "metadata": {"name": "intake", "labels": {COMPONENT: "service"}},
         "spec": {"type": "LoadBalancer"}},
    ):  # fmt: skip
        assert exposure_problems((bad,)), bad


def api_paths(service: str) -> list[str]:
    """The service's routes, from its OpenAPI document and the pages it leaves out of it."""
    main = importlib.import_module(f"services.{service}.main")
    paths = list(main.build_app(main.load_settings()).openapi()["paths"])
    return paths + {"intake": ["/v1/public"], "reporting": ["/dashboard"]}.get(service, [])


@pytest.mark.parametrize("service", SERVICES)
def test_the_ingress_routes_every_public_area_of_a_service_to_it_and_nothing_else(service: str) -> None:
    (ingress,) = [d for d in rendered("city") if d["kind"] == "Ingress"]
    mine = [(p, t) for _, p, t, b in ingress_paths(ingress) if b["service"]["name"] == dashed(service)]
    paths = api_paths(service)
    public = [p for p in paths if not any(routes(private, "Prefix", p) for private in PRIVATE)]
    assert public, service
    unrouted = [p for p in public if not any(routes(rule, t, p) for rule, t in mine)]
    assert unrouted == [], f"{service}: API paths the Ingress does not route"
    dead = [rule for rule, t in mine if not any(routes(rule, t, p) for p in paths)]
    assert dead == [], f"{service}: Ingress paths that reach none of its routes"
    hosts = {h for h, _, _, b in ingress_paths(ingress) if b["service"]["name"] == dashed(service)}
    assert len(hosts) == 1, "one host per service: several services share paths (/v1/tips, /v1/ops)"


def peers(rule: dict[str, Any]) -> set[str]:
    """The namespaces a NetworkPolicy rule admits ("*" for anything wider than named namespaces)."""
    found = set()
    for peer in rule.get("from") or [{}]:
        selector = (peer.get("namespaceSelector") or {}).get("matchLabels") or {}
        names = selector.get("kubernetes.io/metadata.name")
        found.add(names if names and set(peer) == {"namespaceSelector"} else "*")
    return found


def admissions(docs: tuple[dict[str, Any], ...]) -> dict[str, set[str]]:
    """Namespace -> the services' pods' ports the policies selecting them let it open ("*": all ports)."""
    labels = {COMPONENT: "service"}
    admitted: dict[str, set[str]] = {}
    for policy in (d for d in docs if d["kind"] == "NetworkPolicy"):
        selector = policy["spec"]["podSelector"].get("matchLabels") or {}
        if not selector.items() <= labels.items():
            continue
        assert "Ingress" in policy["spec"]["policyTypes"]
        for rule in policy["spec"].get("ingress", []):
            for namespace in peers(rule):
                admitted.setdefault(namespace, set()).update(
                    str(p.get("port", "*")) for p in rule.get("ports") or [{}]
                )
    return admitted


ALLOWED = {INGRESS_CONTROLLER: {"http"}, MONITORING: {"metrics"}}


def named(docs: tuple[dict[str, Any], ...], kind: str, name: str) -> dict[str, Any]:
    (found,) = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    return found


def test_the_policy_check_catches_the_ingress_controller_reaching_metrics() -> None:
    def policy(*rules: tuple[str, list[str] | None]) -> tuple[dict[str, Any], ...]:
        ingress = [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": ns}}}]}
                   | ({"ports": [{"port": p} for p in ports]} if ports is not None else {})
                   for ns, ports in rules]  # fmt: skip
        spec = {"podSelector": {"matchLabels": {COMPONENT: "service"}}, "policyTypes": ["Ingress"]}
        return ({"kind": "NetworkPolicy", "spec": spec | {"ingress": ingress}},)

    ingress, monitoring = (INGRESS_CONTROLLER, ["http"]), (MONITORING, ["metrics"])
    assert admissions(policy(ingress, monitoring)) == ALLOWED  # as deploy/ingress/networkpolicy.yaml
    for bad in (
        policy((INGRESS_CONTROLLER, ["http", "metrics"]), monitoring),
        policy((INGRESS_CONTROLLER, None), monitoring),  # no ports: every port
        policy(ingress, (INGRESS_CONTROLLER, ["9464"]), monitoring),
        policy(ingress, (MONITORING, ["http"])),
    ):
        assert admissions(bad) != ALLOWED, bad


@pytest.mark.parametrize("overlay", overlays())
def test_metrics_on_its_own_port_scraped_and_reached_only_by_prometheus(overlay: str) -> None:
    docs = rendered(overlay)
    assert admissions(docs) == ALLOWED, "a NetworkPolicy selects the services, admits only these"
    for service in SERVICES:
        pod = named(docs, "Deployment", dashed(service))["spec"]["template"]
        assert pod["metadata"]["labels"][COMPONENT] == "service"  # what the NetworkPolicy selects
        (serve,) = pod["spec"]["containers"]
        assert serve["args"][:2] == ["serve", service] and serve["args"][-2:] == ["--metrics-port", "9464"]
        assert {p["name"]: p["containerPort"] for p in serve["ports"]} == {"http": 8000, "metrics": 9464}
        ports = named(docs, "Service", dashed(service))["spec"]["ports"]
        assert {p["name"]: p["targetPort"] for p in ports} == {"http": "http", "metrics": "metrics"}
    scrape = yaml.safe_load((ROOT / "deploy" / "prometheus" / "scrape.yml").read_text(encoding="utf-8"))
    keep = [r for r in scrape["scrape_configs"][0]["relabel_configs"] if r.get("action") == "keep"]
    assert [r["regex"] for r in keep] == ["service;metrics"]
