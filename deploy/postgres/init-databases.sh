#!/usr/bin/env bash
# PCMD — one PostgreSQL database and one login role per service (least privilege).
#
# For each service s in intake, inspection, case_support, online_monitoring, reporting:
#   role     pcmd_<s>   LOGIN, no superuser / createdb / createrole / replication / bypassrls
#   database pcmd_<s>   owned by pcmd_<s>; CONNECT and TEMP revoked from PUBLIC, so no
#                       other role can even connect to it; schema `public` owned by pcmd_<s>
# The role's password is read from PCMD_<S>_DB_PASSWORD (required).
#
# Idempotent: run it again to create what is missing and to set (rotate) passwords.
#
# Where it runs
#   docker compose   mounted into /docker-entrypoint-initdb.d/ of the postgres image,
#                    which runs it once, when the data volume is first initialised.
#   Kubernetes dev   the same, through the ConfigMap made by deploy/postgres/kustomization.yaml.
#   managed server   run it once by hand as an administrator (a superuser, or a role
#                    with CREATEROLE and CREATEDB), with the usual libpq variables:
#                      PGHOST=db.example PGUSER=admin PGDATABASE=postgres \
#                      PCMD_INTAKE_DB_PASSWORD=... (all five) ./init-databases.sh
#
# It defines functions and runs them, with no top-level `exit`, so that the image's
# entrypoint may either execute it or source it.

pcmd_init_databases() {
    local services=(intake inspection case_support online_monitoring reporting)
    local svc var missing=()

    for svc in "${services[@]}"; do
        var="PCMD_${svc^^}_DB_PASSWORD"
        [[ -n "${!var:-}" ]] || missing+=("$var")
    done
    if ((${#missing[@]})); then
        echo "init-databases: missing ${missing[*]}" >&2
        return 1
    fi

    # Inside the postgres image's entrypoint the temporary server is reached through
    # its socket as POSTGRES_USER; elsewhere the libpq environment (PGHOST, PGUSER...) applies.
    local psql_args=(-X -q -v ON_ERROR_STOP=1)
    [[ -n "${POSTGRES_USER:-}" ]] && psql_args+=(--username "$POSTGRES_USER")
    psql_args+=(--dbname "${POSTGRES_DB:-${PGDATABASE:-postgres}}")

    for svc in "${services[@]}"; do
        var="PCMD_${svc^^}_DB_PASSWORD"
        pcmd_init_one "pcmd_${svc}" "${!var}" "${psql_args[@]}" || return 1
        echo "init-databases: pcmd_${svc} ready"
    done
}

# pcmd_init_one NAME PASSWORD PSQL_ARGS...
# The password travels as a psql variable (never on the command line of the server,
# never echoed); :'x' quotes a literal and :"x" an identifier.
pcmd_init_one() {
    local name=$1 password=$2
    shift 2
    psql "$@" -v name="$name" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'name')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'name') \gexec
ALTER ROLE :"name" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'password';

SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'name', :'name', 'UTF8')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'name') \gexec
ALTER DATABASE :"name" OWNER TO :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;

\connect :"name"
-- PostgreSQL 15+ already keeps CREATE on `public` from PUBLIC; make it explicit for any version.
ALTER SCHEMA public OWNER TO :"name";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
SQL
}

pcmd_init_databases
