#!/usr/bin/env bash
# System packages the test suite needs: a PostgreSQL 15 server (initdb, pg_ctl).
set -euo pipefail
need=()
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
  || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  else
    echo "Missing system packages: ${need[*]} (install them with apt-get)" >&2
    exit 1
  fi
fi
