#!/usr/bin/env bash
# Two nodes on one PostgreSQL on this machine (benchmark, not a test):
#   bash build/bench-cluster.sh [WORK_DIR]
# Starts PostgreSQL 15 (initdb in WORK_DIR, loopback port), two published Release nodes with their own data folders that import
# ../shared/kb-eval/articles (5,721 articles; the starter content/ when missing) on first start, mints an API key and
# an Admin, then runs `KnowledgeBase.Bench cluster`: index lag between the nodes under a steady write load, search API
# throughput and p99 across both nodes, and memory per idle Blazor circuit (CIRCUITS headless Chromium pages, default
# 100; 0 skips it). Everything is stopped and WORK_DIR deleted at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${1:-$(mktemp -d /tmp/kb-bench-cluster.XXXXXX)}"
CIRCUITS="${CIRCUITS:-100}"
EVAL="${KB_EVAL:-$ROOT/../shared/kb-eval}"
PGBIN=/usr/lib/postgresql/15/bin
CONTENT="$ROOT/content"; QUERIES=()
if [ -d "$EVAL/articles" ]; then CONTENT="$EVAL/articles"; QUERIES=(--queries "$EVAL/queries/natural.tsv"); fi

cd "$ROOT"
mkdir -p "$WORK"
# Published, as in the container: the build output alone does not serve the static assets (blazor.web.js) in Production.
dotnet publish -c Release src/KnowledgeBase.Web -o "$WORK/app" -v q -nologo >/dev/null
dotnet build -c Release src/KnowledgeBase.Bench -v q -nologo >/dev/null
WEB="$WORK/app/KnowledgeBase.Web.dll"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

PGPORT=$(free_port)
as_pg=(); if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$WORK"; as_pg=(runuser -u postgres --); fi
"${as_pg[@]}" "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  Database__Provider=PostgreSql ConnectionStrings__KnowledgeBase="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres" \
  Content__Path="$CONTENT" Api__RateLimit__PermitsPerMinute=100000000
WEBDIR="$(dirname "$WEB")"
start_node() { # name port
  mkdir -p "$WORK/$1"
  (cd "$WEBDIR" && Node__Id="$1" Storage__DataDirectory="$WORK/$1" exec dotnet "$WEB" --urls "http://127.0.0.1:$2" >"$WORK/$1.log" 2>&1) &
  PIDS+=($!)
}
PORT_A=$(free_port); PORT_B=$(free_port)
echo "starting two nodes (first start imports $(ls "$CONTENT" | wc -l) files)…" >&2
start_node node-a "$PORT_A"; PID_A=${PIDS[-1]}
start_node node-b "$PORT_B"
for port in "$PORT_A" "$PORT_B"; do
  for _ in $(seq 1 1200); do
    curl -sf "http://127.0.0.1:$port/health/ready" 2>/dev/null | grep -q 'changes behind' && break
    sleep 0.5
  done
done
KEY="$(cd "$WEBDIR" && Storage__DataDirectory="$WORK/node-a" dotnet "$WEB" apikey create --name "bench-$(date +%s)" --scopes kb.read,kb.write --audience internal 2>/dev/null | tail -1)"
(cd "$WEBDIR" && Storage__DataDirectory="$WORK/node-a" dotnet "$WEB" user create --email bench@bench.local --password Bench-Password-2026 --role Contributor >/dev/null 2>&1)
echo "nodes ready; node A pid $PID_A, $(curl -s "http://127.0.0.1:$PORT_A/health/ready" | grep -o '[0-9]* documents' | head -1)" >&2

dotnet "$ROOT/src/KnowledgeBase.Bench/bin/Release/net10.0/KnowledgeBase.Bench.dll" cluster \
  --a "http://127.0.0.1:$PORT_A" --b "http://127.0.0.1:$PORT_B" --key "$KEY" "${QUERIES[@]}" \
  --circuits "$CIRCUITS" --pid-a "$PID_A" --email bench@bench.local --password Bench-Password-2026
