#!/usr/bin/env bash
# PCMD — one PostgreSQL database and two login roles per service (least privilege).
#
# For each service s in intake, inspection, case_support, online_monitoring, reporting:
#   role     pcmd_<s>       the OWNER: LOGIN, no superuser / createdb / createrole /
#                           replication / bypassrls. Owns the database, the schema and the
#                           tables; `pcmd migrate <s>` (and `pcmd rebuild reporting`) connect
#                           as it, through PCMD_<S>_MIGRATION_DATABASE_URL.
#   role     pcmd_<s>_app   the RUNTIME role the service connects as (PCMD_<S>_DATABASE_URL):
#                           LOGIN with the same attributes, and here only CONNECT on its own
#                           database. Its rights on the tables (read and write rows, add to the
#                           audit log; never change the schema or the audit) are granted by
#                           `pcmd migrate <s>` on every run, not by this script.
#   database pcmd_<s>       owned by pcmd_<s>; CONNECT and TEMP revoked from PUBLIC, so no
#                           role but these two can even connect to it; schema `public` owned
#                           by pcmd_<s>
# Passwords are read from PCMD_<S>_DB_PASSWORD (owner) and PCMD_<S>_APP_DB_PASSWORD
# (runtime), all ten required and the two of a service different.
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
#                      PCMD_INTAKE_DB_PASSWORD=... PCMD_INTAKE_APP_DB_PASSWORD=... (all ten) \
#                      ./init-databases.sh
#
# It defines functions and runs them, with no top-level `exit`, so that the image's
# entrypoint may either execute it or source it.

pcmd_init_databases() {
    local services=(intake inspection case_support online_monitoring reporting)
    local svc var app_var missing=() same=()

    for svc in "${services[@]}"; do
        var="PCMD_${svc^^}_DB_PASSWORD"
        app_var="PCMD_${svc^^}_APP_DB_PASSWORD"
        [[ -n "${!var:-}" ]] || missing+=("$var")
        [[ -n "${!app_var:-}" ]] || missing+=("$app_var")
        if [[ -n "${!var:-}" && "${!var:-}" == "${!app_var:-}" ]]; then
            same+=("$app_var")
        fi
    done
    if ((${#missing[@]})); then
        echo "init-databases: missing ${missing[*]}" >&2
        return 1
    fi
    # The runtime role's password must not open the owner role too.
    if ((${#same[@]})); then
        echo "init-databases: ${same[*]} must differ from the owner's PCMD_<S>_DB_PASSWORD" >&2
        return 1
    fi

    # Inside the postgres image's entrypoint the temporary server is reached through
    # its socket as POSTGRES_USER; elsewhere the libpq environment (PGHOST, PGUSER...) applies.
    local psql_args=(-X -q -v ON_ERROR_STOP=1)
    [[ -n "${POSTGRES_USER:-}" ]] && psql_args+=(--username "$POSTGRES_USER")
    psql_args+=(--dbname "${POSTGRES_DB:-${PGDATABASE:-postgres}}")

    for svc in "${services[@]}"; do
        var="PCMD_${svc^^}_DB_PASSWORD"
        app_var="PCMD_${svc^^}_APP_DB_PASSWORD"
        pcmd_init_one "pcmd_${svc}" "${!var}" "${!app_var}" "${psql_args[@]}" || return 1
        echo "init-databases: pcmd_${svc} and pcmd_${svc}_app ready"
    done
}

# pcmd_init_one NAME PASSWORD APP_PASSWORD PSQL_ARGS...
# Owner role and database NAME, runtime role NAME_app. The passwords travel as psql
# variables (never on the command line of the server, never echoed); :'x' quotes a
# literal and :"x" an identifier.
pcmd_init_one() {
    local name=$1 password=$2 app_password=$3
    shift 3
    psql "$@" -v name="$name" -v password="$password" \
        -v app="${name}_app" -v app_password="$app_password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'name')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'name') \gexec
ALTER ROLE :"name" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'password';

SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'name', :'name', 'UTF8')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'name') \gexec
ALTER DATABASE :"name" OWNER TO :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;

-- The runtime role: it may connect to this database only; `pcmd migrate` grants the rest.
SELECT format('CREATE ROLE %I LOGIN', :'app')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec
ALTER ROLE :"app" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'app_password';
GRANT CONNECT ON DATABASE :"name" TO :"app";

\connect :"name"
-- PostgreSQL 15+ already keeps CREATE on `public` from PUBLIC; make it explicit for any version.
ALTER SCHEMA public OWNER TO :"name";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
SQL
}

pcmd_init_databases
