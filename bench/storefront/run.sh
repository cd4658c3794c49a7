#!/usr/bin/env bash
# The storefront's rendered pages against the JSON API calls behind them, side by side, on one Host (the monolith):
#   the catalog page  GET /products?page=1            vs  GET /api/catalog/products?page=1&pageSize=12 (anonymous)
#   the cart page     GET /cart  (session cookie)     vs  GET /api/cart (bearer token), the same three lines
# For each: requests/s and p99 (wrk), and CPU time per request of the Host (utime + stime from /proc/<pid>/stat over
# the run). Prints a Markdown table with the page/API ratios; the target is a page costing at most 2x its API call.
# Usage: bash bench/storefront/run.sh   Knobs: BENCH_DURATION (10 s), BENCH_CONNECTIONS (16), BENCH_THREADS (2),
# BENCH_PORT (27611), BENCH_CONFIG (Release; the build is made when missing). Needs wrk, curl, python3, openssl.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DURATION=${BENCH_DURATION:-10}; CONNECTIONS=${BENCH_CONNECTIONS:-16}; THREADS=${BENCH_THREADS:-2}
PORT=${BENCH_PORT:-27611}; CONFIG=${BENCH_CONFIG:-Release}
B=http://localhost:$PORT
WORK=$(mktemp -d /tmp/shop-storefront-bench.XXXXXX)
HOST_PID=
log() { printf '[storefront-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cleanup() { [[ -n $HOST_PID ]] && kill "$HOST_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

dll=$ROOT/src/Host/bin/$CONFIG/net10.0/Host.dll
[[ -f $dll ]] || { log "building the Host ($CONFIG)"; dotnet build -c "$CONFIG" -nologo -v q "$ROOT/src/Host" >&2; }

log "starting the Host on $B"
(cd "$ROOT/src/Host" && exec env ASPNETCORE_ENVIRONMENT=Development dotnet "$dll" --urls "$B" "--Auth:Issuer=$B/" \
  "--Database:DataDirectory=$WORK/data" "--Identity:Clients:3:RedirectUris:9=$B/signin-oidc" \
  --Identity:RateLimits:SignInPerMinute=100000 --Identity:RateLimits:RegisterPerMinute=100000 \
  --Identity:RateLimits:TokenPerMinute=100000 --Logging:LogLevel:Default=Warning > "$WORK/host.log" 2>&1) &
HOST_PID=$!
for _ in $(seq 1 240); do curl -sf -o /dev/null "$B/health/ready" && break; sleep 0.5; done
curl -sf -o /dev/null "$B/health/ready" || { tail -n 30 "$WORK/host.log" >&2; exit 1; }

# A shopper signed in to the storefront the way a browser does it (curl keeps the cookies; localhost is a secure
# origin for curl too, so the Secure cookies come back).
email="bench-$(date +%s%N)@example.com"; password='Storefront#Bench2026'
curl -sf -o /dev/null -X POST "$B/api/identity/register" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\",\"displayName\":\"Bench\"}"
jar=$WORK/jar
login=$(curl -s -L -c "$jar" -b "$jar" -o "$WORK/login.html" -w '%{url_effective}' "$B/signin?returnUrl=%2Fcart")
return_url=$(python3 -c 'import urllib.parse,sys; print(urllib.parse.parse_qs(urllib.parse.urlparse(sys.argv[1]).query)["returnUrl"][0])' "$login")
form=$(sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' "$WORK/login.html" | head -n 1)
curl -s -L -c "$jar" -b "$jar" -o /dev/null -X POST "$B/account/login" --data-urlencode "email=$email" \
  --data-urlencode "password=$password" --data-urlencode "returnUrl=$return_url" \
  --data-urlencode "__RequestVerificationToken=$form"
session=$(awk '$6 == "shop.storefront" { print $7 }' "$jar")
[[ -n $session ]] || { log "no storefront session cookie"; exit 1; }
cookie="Cookie: shop.storefront=$session"

# Three lines in the shopper's cart, added through the storefront's own form.
products=$(curl -sf "$B/api/catalog/products?pageSize=3" | python3 -c 'import json,sys; print(" ".join(p["id"] for p in json.load(sys.stdin)["items"]))')
for id in $products; do
  page=$(curl -s -b "$jar" -c "$jar" "$B/products/$id")
  token=$(printf '%s' "$page" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -n 1)
  curl -s -o /dev/null -b "$jar" -c "$jar" -X POST "$B/cart/items" --data-urlencode "productId=$id" \
    --data-urlencode "quantity=2" --data-urlencode "__RequestVerificationToken=$token"
done
curl -s -b "$jar" "$B/cart" | grep -q 'data-testid="cart-total"' || { log "the cart page shows no cart"; exit 1; }

# The same cart for an API client with a bearer token (bench/tokens.sh: the public client's code flow).
at=$(bash "$ROOT/bench/tokens.sh" "$B" 1 storefront-bench | head -n 1)
for id in $products; do
  curl -sf -o /dev/null -X POST "$B/api/cart/items" -H "Authorization: Bearer $at" -H 'Content-Type: application/json' \
    -d "{\"productId\":\"$id\",\"quantity\":2}"
done

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$HOST_PID/stat"; }
hz=$(getconf CLK_TCK)
run() { # name path header
  local name=$1 path=$2 header=$3 before after
  BENCH_PATH=$path BENCH_HEADER=$header wrk -t "$THREADS" -c "$CONNECTIONS" -d 3s \
    -s "$ROOT/bench/storefront/headers.lua" "$B" > /dev/null 2>&1   # warm-up
  before=$(cpu_ticks)
  BENCH_PATH=$path BENCH_HEADER=$header wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" \
    -s "$ROOT/bench/storefront/headers.lua" "$B" 2> "$WORK/$name.json" > "$WORK/$name.txt"
  after=$(cpu_ticks)
  python3 - "$WORK/$name.json" "$name" "$((after - before))" "$hz" >> "$WORK/results.jsonl" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
r["name"] = sys.argv[2]
r["rps"] = r["requests"] / r["seconds"]
r["cpu_ms"] = 1000 * int(sys.argv[3]) / int(sys.argv[4]) / max(1, r["requests"])
print(json.dumps(r))
PY
  log "$name: $(tail -n 1 "$WORK/results.jsonl")"
}

run catalog-page "/products?page=1" "Accept: text/html"
run catalog-api "/api/catalog/products?page=1&pageSize=12" "Accept: application/json"
run cart-page "/cart" "$cookie"
run cart-api "/api/cart" "Authorization: Bearer $at"

python3 - "$WORK/results.jsonl" "$CONNECTIONS" "$DURATION" "$CONFIG" <<'PY'
import json, sys
rows = {r["name"]: r for r in (json.loads(l) for l in open(sys.argv[1]) if l.strip())}
print(f"Host {sys.argv[4]} build, monolith on SQLite, wrk {sys.argv[2]} connections, {sys.argv[3]} s per run.\n")
print("| what | requests/s | p99 ms | CPU ms/request | errors + non-2xx |")
print("|---|---:|---:|---:|---:|")
for name in ("catalog-page", "catalog-api", "cart-page", "cart-api"):
    r = rows[name]
    print(f"| {name} | {r['rps']:.0f} | {r['p99']:.1f} | {r['cpu_ms']:.2f} | {r['errors'] + r['non2xx']} |")
print("\n| page / API | throughput (API/page) | p99 (page/API) | CPU per request (page/API) | target <= 2x |")
print("|---|---:|---:|---:|---|")
for page, api in (("catalog-page", "catalog-api"), ("cart-page", "cart-api")):
    p, a = rows[page], rows[api]
    cpu = p["cpu_ms"] / a["cpu_ms"]
    print(f"| {page.split('-')[0]} | {a['rps'] / p['rps']:.2f}x | {p['p99'] / a['p99']:.2f}x | {cpu:.2f}x | "
          f"{'met' if cpu <= 2 else 'missed'} (CPU) |")
PY
