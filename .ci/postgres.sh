#!/usr/bin/env bash
# A local PostgreSQL 15 with pgvector for the test suite, from Debian's packages only.
# bookworm has no pgvector binary package, so Debian's pgvector source package (trixie) is
# built against bookworm's PostgreSQL 15. Prints the TEST_DATABASE_URL to use.
set -euo pipefail
PG=15
PG_CONFIG=/usr/lib/postgresql/$PG/bin/pg_config
export DEBIAN_FRONTEND=noninteractive

if [ ! -x "$PG_CONFIG" ] || ! dpkg -s dpkg-dev >/dev/null 2>&1; then
  apt-get install -y -qq "postgresql-$PG" "postgresql-server-dev-$PG" postgresql-contrib dpkg-dev make gcc >/dev/null
fi

if [ ! -f "/usr/lib/postgresql/$PG/lib/vector.so" ]; then
  src=/etc/apt/sources.list.d/debian-trixie-src.sources
  if [ ! -f "$src" ]; then
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' >"$src"
    apt-get update -qq
  fi
  work=$(mktemp -d)
  (cd "$work" && apt-get source --download-only -qq pgvector >/dev/null 2>&1 && tar xzf pgvector_*.orig.tar.gz)
  make -s -C "$work"/pgvector-*/ PG_CONFIG="$PG_CONFIG" OPTFLAGS="" >/dev/null
  make -s -C "$work"/pgvector-*/ PG_CONFIG="$PG_CONFIG" install >/dev/null
  rm -rf "$work"
fi

if ! pg_lsclusters -h | grep -q "^$PG main"; then
  pg_createcluster "$PG" main >&2
fi
# pg_ctlcluster may print notes ("Removed stale pid file.") on stdout, which must hold only the URL.
pg_ctlcluster "$PG" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
su postgres -c "psql -q -c \"alter user postgres password 'postgres'\"" >/dev/null
echo "postgres://postgres:postgres@127.0.0.1:5432/postgres"
