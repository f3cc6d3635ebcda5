#!/usr/bin/env bash
# REST API throughput and latency with wrk (Debian package) on loopback, SQLite default, Release build, Production.
#   bash build/bench-api.sh [DATA_DIR] [PORT]
# Imports ../shared/kb-eval/articles (5,721 articles) into DATA_DIR when it has none, mints an API key, starts the
# site with a high rate limit and runs GET /api/v1/articles/{id} and GET /api/v1/articles/search with rotating ids /
# queries at 2 and 16 connections (wrk -t2 -d20s --latency), then search again with the result cache off (the engine's
# own cost). Prints a Markdown table.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${1:-/tmp/kb-bench-api}"
PORT="${2:-5988}"
DURATION="${DURATION:-20s}"
EVAL="${KB_EVAL:-$ROOT/../shared/kb-eval}"
WORK="$(mktemp -d)"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }

cd "$ROOT"
dotnet build -c Release src/KnowledgeBase.Web -v q -nologo >/dev/null
WEB="$ROOT/src/KnowledgeBase.Web/bin/Release/net10.0/KnowledgeBase.Web.dll"
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
if [ ! -f "$DATA/knowledgebase.db" ]; then
  (cd src/KnowledgeBase.Web && dotnet "$WEB" import "$EVAL/articles" --Storage:DataDirectory="$DATA" --Content:ImportOnStart=false | tail -1) >&2
fi
KEY="$(cd src/KnowledgeBase.Web && dotnet "$WEB" apikey create --name "bench-$(date +%s)" --scopes kb.read --audience internal --Storage:DataDirectory="$DATA" 2>/dev/null | tail -1)"

SITE=""
start_site() { # extra site arguments
  (cd src/KnowledgeBase.Web && exec dotnet "$WEB" --urls "http://127.0.0.1:$PORT" --Storage:DataDirectory="$DATA" \
     --Content:ImportOnStart=false --Api:RateLimit:PermitsPerMinute=100000000 "$@" >"$WORK/site.log" 2>&1) &
  SITE=$!
  for _ in $(seq 1 600); do
    curl -sf -H "X-Api-Key: $KEY" "http://127.0.0.1:$PORT/api/v1/articles/search?q=outlook" >/dev/null 2>&1 && break
    sleep 0.5
  done
}
stop_site() { kill "$SITE" 2>/dev/null || true; wait "$SITE" 2>/dev/null || true; }
trap 'stop_site; rm -rf "$WORK"' EXIT
start_site

# Every article id (paged through the API itself) and the kb-eval queries.
cursor=""
: >"$WORK/ids.txt"
while :; do
  page="$(curl -sf -H "X-Api-Key: $KEY" "http://127.0.0.1:$PORT/api/v1/articles?limit=100${cursor:+&cursor=$cursor}")"
  echo "$page" | jq -r '.items[].id' >>"$WORK/ids.txt"
  cursor="$(echo "$page" | jq -r '.nextCursor // empty')"
  [ -z "$cursor" ] && break
done
cut -f1 "$EVAL"/queries/{natural,error,typo,paraphrase}.tsv | jq -sRr 'split("\n")[] | select(length > 0) | @uri' >"$WORK/queries.txt"
echo "ids: $(wc -l <"$WORK/ids.txt"), queries: $(wc -l <"$WORK/queries.txt")" >&2

cat >"$WORK/rotate.lua" <<LUA
local lines = {}
for line in io.lines(os.getenv("KB_LINES")) do lines[#lines + 1] = line end
local prefix = os.getenv("KB_PREFIX")
local i = math.random(#lines)
wrk.headers["X-Api-Key"] = os.getenv("KB_KEY")
request = function()
  i = i % #lines + 1
  return wrk.format("GET", prefix .. lines[i])
end
LUA

run() { # name lines prefix connections
  local out
  out="$(KB_KEY="$KEY" KB_LINES="$2" KB_PREFIX="$3" wrk -t2 -c"$4" -d"$DURATION" --latency -s "$WORK/rotate.lua" "http://127.0.0.1:$PORT")"
  local rps p50 p99 errors
  rps="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  p50="$(echo "$out" | awk '$1 == "50%" {print $2}')"
  p99="$(echo "$out" | awk '$1 == "99%" {print $2}')"
  errors="$(echo "$out" | awk '/Non-2xx/ {print $NF}')"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$4" "$rps" "$p50" "$p99" "${errors:-0}"
}
echo "| endpoint | connections | req/s | p50 | p99 | non-2xx |"
echo "| --- | --- | --- | --- | --- | --- |"
# Warm-up (JIT tiering needs some seconds of load, SQLite page cache, Lucene searcher). The search warm-up asks every
# query at least once, so the search rows below measure the result cache answering repeated searches.
KB_KEY="$KEY" KB_LINES="$WORK/ids.txt" KB_PREFIX="/api/v1/articles/" wrk -t2 -c8 -d15s -s "$WORK/rotate.lua" "http://127.0.0.1:$PORT" >/dev/null
KB_KEY="$KEY" KB_LINES="$WORK/queries.txt" KB_PREFIX="/api/v1/articles/search?q=" wrk -t2 -c8 -d15s -s "$WORK/rotate.lua" "http://127.0.0.1:$PORT" >/dev/null
for c in 2 16; do run "GET /api/v1/articles/{id}" "$WORK/ids.txt" "/api/v1/articles/" "$c"; done
for c in 2 16; do run "GET /api/v1/articles/search?q= (repeated: result cache)" "$WORK/queries.txt" "/api/v1/articles/search?q=" "$c"; done

# The engine's own cost: the same searches with the result cache off.
stop_site
start_site --Search:ResultCacheEntries=0
KB_KEY="$KEY" KB_LINES="$WORK/queries.txt" KB_PREFIX="/api/v1/articles/search?q=" wrk -t2 -c8 -d15s -s "$WORK/rotate.lua" "http://127.0.0.1:$PORT" >/dev/null
for c in 2 16; do run "GET /api/v1/articles/search?q= (result cache off)" "$WORK/queries.txt" "/api/v1/articles/search?q=" "$c"; done
