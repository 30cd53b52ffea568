#!/usr/bin/env bash
# Starts a real PostgreSQL server (Debian's package) on 127.0.0.1:5432 for the store's tests and
# prints the DATABASE_URL to use. Installs the package when the machine lacks it.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >&2
fi
pg_ctlcluster "$version" main start >&2 || pg_ctlcluster "$version" main status >&2
for _ in $(seq 1 30); do
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qc \"do \\\$\\\$ begin if not exists (select from pg_roles where rolname = 'leadflow') then create role leadflow login superuser password 'leadflow'; end if; end \\\$\\\$;\"" >&2
su postgres -c "psql -qAtc \"select 1 from pg_database where datname = 'leadflow'\"" | grep -q 1 || su postgres -c "createdb -O leadflow leadflow" >&2
echo "postgres://leadflow:leadflow@127.0.0.1:5432/leadflow"
