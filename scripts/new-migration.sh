#!/usr/bin/env bash
# scripts/new-migration.sh NAME: after editing prisma/models/*.prisma, writes the migration for
# both providers (prisma/sqlite/migrations and prisma/postgres/migrations), each from that
# provider's migration history replayed into a scratch database, so each is exactly what its
# history lacks. PostgreSQL's needs a server: a throwaway cluster is started and removed.
# Then: `npm run db:generate`, and `npx prisma migrate deploy` to apply it. docs/database.md.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/new-migration.sh <name>}
ts=$(date -u +%Y%m%d%H%M%S)
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pgbin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)"; exit 1; }

emit() { # emit PROVIDER EXIT_CODE FILE: migrate diff --exit-code gives 0 (no change) or 2 (a change)
  case $2 in
    0) echo "$1: no changes"; rm -f "$3" ;;
    # Only now the folder: an empty migration folder breaks Prisma's scan of the history (P3015).
    2) d="prisma/$1/migrations/${ts}_${name}"; mkdir -p "$d"; mv "$3" "$d/migration.sql"; echo "wrote $d/migration.sql" ;;
    *) echo "$1: prisma migrate diff failed (exit $2)"; exit 1 ;;
  esac
}

out=$(mktemp); rc=0
env -u DATABASE_URL npx prisma migrate diff --from-migrations prisma/sqlite/migrations \
  --to-schema-datamodel prisma/sqlite --script --exit-code -o "$out" || rc=$?
emit sqlite $rc "$out"

pgdir=$(mktemp -d)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
as_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdir -c fsync=off" start >/dev/null
trap 'as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pgdir"' EXIT
out=$(mktemp); rc=0
DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres" npx prisma migrate diff \
  --from-migrations prisma/postgres/migrations --to-schema-datamodel prisma/postgres --script --exit-code -o "$out" || rc=$?
emit postgres $rc "$out"
