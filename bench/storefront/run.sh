#!/usr/bin/env bash
# The storefront's rendered pages against the JSON API calls behind them, side by side, for a signed-in shopper on one
# Host (the monolith, where the page calls the API over loopback HTTP in the same process, with the shopper's token):
#   the catalog page  GET /products?page=1 (session cookie)  vs  GET /api/catalog/products?page=1&pageSize=12 (bearer)
#   the cart page     GET /cart (session cookie)             vs  GET /api/cart (bearer), the same three lines
# For each: requests/s and p99 (wrk), and the Host's CPU time per request (user + system time of its process tree
# from /proc, bench/proc_cpu.py, over the run divided by the requests answered): the page's CPU includes the API call
# it makes. Runs go A B C D D C B A after a warm-up, each figure the mean of its two runs. Prints a Markdown table with
# the page/API ratios; the target (issue #16) is a page costing at most 2x the API call it shows. Two more rows split
# a page's cost (BENCH_BREAKDOWN=0 leaves them out): "shell", GET /denied with the session cookie (the storefront's
# pipeline, session and layout, no API call), and "health", GET /health/live (the Host's bare pipeline).
# Not part of CI, nor of bench/run.sh (like bench/events.sh): `bash bench/storefront/run.sh`, about 6 minutes after
# the build. Figures: docs/benchmarks.md, "Storefront pages vs their API calls".
# Knobs: BENCH_DURATION (10 s per run), BENCH_WARMUP (20 s of each row before measuring: with 10, the tiered JIT
# still took 16% of the Host's CPU in the first page row, perf, 2026-11-28), BENCH_CONNECTIONS (16), BENCH_THREADS (2),
# BENCH_PORT (27611), BENCH_CONFIG (Release; built when missing), BENCH_PIN (1 on 2+ cores: wrk on core 0, the Host on
# core 1, as bench/run.sh does; 0: nothing pinned), BENCH_RESULTS (a file to append the runs to, one JSON object a
# line), BENCH_KEEP (1: keep the work folder, the Host's log in it).
# Needs wrk, curl, python3, openssl, taskset (when pinned).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DURATION=${BENCH_DURATION:-10}; WARMUP=${BENCH_WARMUP:-20}; CONNECTIONS=${BENCH_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-2}; PORT=${BENCH_PORT:-27611}; CONFIG=${BENCH_CONFIG:-Release}
PIN=${BENCH_PIN:-$( (( $(nproc) >= 2 )) && echo 1 || echo 0)}
B=http://localhost:$PORT
WORK=$(mktemp -d /tmp/shop-storefront-bench.XXXXXX)
HOST_PID=
log() { printf '[storefront-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cleanup() {
  if [[ -n $HOST_PID ]]; then kill "$HOST_PID" 2>/dev/null || true; wait "$HOST_PID" 2>/dev/null || true; fi
  if [[ ${BENCH_KEEP:-0} == 1 ]]; then log "work files kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

command -v wrk >/dev/null || { log "wrk is missing (apt-get install wrk)"; exit 1; }
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then log "port $PORT is in use: set BENCH_PORT"; exit 1; fi

dll=$ROOT/src/Host/bin/$CONFIG/net10.0/Host.dll
[[ -f $dll ]] || { log "building the Host ($CONFIG)"; dotnet build -c "$CONFIG" -nologo -v q "$ROOT/src/Host" >&2; }

# This run's address among storefront-web's redirect URIs (its place in Development's client list).
client=$(python3 -c 'import json, sys
clients = json.load(open(sys.argv[1]))["Identity"]["Clients"]
print(next(i for i, c in enumerate(clients) if c["ClientId"] == "storefront-web"))' \
  "$ROOT/src/Host/appsettings.Development.json")

log "starting the Host ($CONFIG, SQLite, Development seed, Warning logs) on $B"
(cd "$ROOT/src/Host" && exec env ASPNETCORE_ENVIRONMENT=Development OTEL_SDK_DISABLED=true dotnet "$dll" \
  --urls "$B" "--Auth:Issuer=$B/" "--Database:DataDirectory=$WORK/data" \
  "--Identity:Clients:$client:RedirectUris:9=$B/signin-oidc" \
  "--Identity:Clients:$client:PostLogoutRedirectUris:9=$B/signout-callback-oidc" \
  --Identity:RateLimits:SignInPerMinute=100000 --Identity:RateLimits:RegisterPerMinute=100000 \
  --Identity:RateLimits:TokenPerMinute=100000 --Logging:LogLevel:Default=Warning > "$WORK/host.log" 2>&1) &
HOST_PID=$!
for _ in $(seq 1 240); do curl -sf -o /dev/null "$B/health/ready" && break; sleep 0.5; done
curl -sf -o /dev/null "$B/health/ready" || { tail -n 30 "$WORK/host.log" >&2; exit 1; }

# A shopper signed in to the storefront the way a browser does it: /signin, the provider's form, back through
# /signin-oidc (curl keeps the cookies; localhost is a secure origin for curl too, so the Secure cookies come back).
email="bench-$(date +%s%N)@example.com"; password='Storefront#Bench2026'
curl -sf -o /dev/null -X POST "$B/api/identity/register" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\",\"displayName\":\"Bench\"}"
jar=$WORK/jar
login=$(curl -s -L -c "$jar" -b "$jar" -o "$WORK/login.html" -w '%{url_effective}' "$B/signin?returnUrl=%2Fcart")
return_url=$(python3 -c 'import urllib.parse, sys
print(urllib.parse.parse_qs(urllib.parse.urlparse(sys.argv[1]).query)["returnUrl"][0])' "$login")
form=$(sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' "$WORK/login.html" | head -n 1)
# (No -X POST: with -L it would make every redirect a POST too; --data alone posts the form, then follows with GET.)
curl -s -L -c "$jar" -b "$jar" -o /dev/null "$B/account/login" --data-urlencode "email=$email" \
  --data-urlencode "password=$password" --data-urlencode "returnUrl=$return_url" \
  --data-urlencode "__RequestVerificationToken=$form"
session=$(awk '$6 == "shop.storefront" { print $7 }' "$jar")
[[ -n $session ]] || { log "no storefront session cookie (sign-in failed; see $WORK/host.log)"; exit 1; }

# Three lines in the shopper's cart, added through the storefront's own form (antiforgery token of the page).
products=$(curl -sf "$B/api/catalog/products?pageSize=3" \
  | python3 -c 'import json, sys; print(" ".join(p["id"] for p in json.load(sys.stdin)["items"]))')
for id in $products; do
  token=$(curl -s -b "$jar" -c "$jar" "$B/products/$id" \
    | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -n 1)
  curl -s -o /dev/null -b "$jar" -c "$jar" -X POST "$B/cart/items" --data-urlencode "productId=$id" \
    --data-urlencode "quantity=2" --data-urlencode "__RequestVerificationToken=$token"
done
# What a browser sends to the pages: every cookie of path / (the session, antiforgery's, the provider's), so that no
# page mints a new antiforgery cookie for each request.
cookie="Cookie: $(awk -F '\t' 'NF == 7 && $3 == "/" { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar")"
log "page cookies: $(printf "%s" "$cookie" | grep -o "[^ ;:=]*=" | tr -d = | tr "\n" " ")"
lines=$(curl -s -H "$cookie" "$B/cart" | grep -c 'name="quantity"' || true)
[[ $lines == 3 ]] || { log "the cart page shows $lines lines, not 3"; exit 1; }
cards=$(curl -s -H "$cookie" "$B/products?page=1" | grep -c 'class="card"' || true)
(( cards > 0 )) || { log "the catalog page shows no product"; exit 1; }

# The same cart for an API client with a bearer token (bench/tokens.sh: the public client's code flow).
at=$(bash "$ROOT/bench/tokens.sh" "$B" 1 storefront-bench | head -n 1)
[[ -n $at ]] || { log "no access token"; exit 1; }
for id in $products; do
  curl -sf -o /dev/null -X POST "$B/api/cart/items" -H "Authorization: Bearer $at" \
    -H 'Content-Type: application/json' -d "{\"productId\":\"$id\",\"quantity\":2}"
done

WRK=(wrk)
if (( PIN )); then
  taskset -a -p -c 1 "$HOST_PID" >/dev/null
  WRK=(taskset -c 0 wrk)
fi

declare -A PATHS=(
  [catalog-page]="/products?page=1" [catalog-api]="/api/catalog/products?page=1&pageSize=12"
  [cart-page]="/cart" [cart-api]="/api/cart")
declare -A HEADERS=(
  [catalog-page]="$cookie" [catalog-api]="Authorization: Bearer $at"
  [cart-page]="$cookie" [cart-api]="Authorization: Bearer $at")
PATHS[shell]=/denied; HEADERS[shell]=$cookie; PATHS[health]=/health/live; HEADERS[health]="Accept: text/plain"
ORDER=(catalog-page catalog-api cart-page cart-api)
[[ ${BENCH_BREAKDOWN:-1} == 0 ]] || ORDER+=(shell health)

wrk_once() { # name seconds: wrk's JSON line (bench/storefront/headers.lua) on stdout
  BENCH_PATH=${PATHS[$1]} BENCH_HEADER=${HEADERS[$1]} "${WRK[@]}" -t "$THREADS" -c "$CONNECTIONS" -d "${2}s" \
    --timeout 10s -s "$ROOT/bench/storefront/headers.lua" "$B" 2>&1 >/dev/null | grep '^{"requests"' | tail -n 1
}

for name in "${ORDER[@]}"; do
  log "warm-up: $name (${WARMUP}s)"
  wrk_once "$name" "$WARMUP" >/dev/null
done

results=$WORK/results.jsonl
for name in "${ORDER[@]}" $(printf '%s\n' "${ORDER[@]}" | tac); do
  before=$(python3 "$ROOT/bench/proc_cpu.py" "host=$HOST_PID")
  line=$(wrk_once "$name" "$DURATION")
  after=$(python3 "$ROOT/bench/proc_cpu.py" "host=$HOST_PID")
  [[ -n $line ]] || { log "wrk $name gave no result"; exit 1; }
  printf '{"kind":"storefront","name":"%s","pinned":%d,"result":%s,"cpu_before":%s,"cpu_after":%s}\n' \
    "$name" "$PIN" "$line" "$before" "$after" >> "$results"
  log "$name: $line"
done
[[ -n ${BENCH_RESULTS:-} ]] && cat "$results" >> "$BENCH_RESULTS"

python3 - "$results" "$CONNECTIONS" "$DURATION" "$CONFIG" "$PIN" <<'PY'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
rows = {}
for name in ("catalog-page", "catalog-api", "cart-page", "cart-api", "shell", "health"):
    mine = [r for r in runs if r["name"] == name]
    if not mine:
        continue
    requests = sum(r["result"]["requests"] for r in mine)
    cpu_s = sum(r["cpu_after"]["host"]["cpu_s"] - r["cpu_before"]["host"]["cpu_s"] for r in mine)
    rows[name] = {
        "rps": statistics.mean(r["result"]["requests"] / r["result"]["seconds"] for r in mine),
        "p99": statistics.mean(r["result"]["p99"] for r in mine),
        "cpu_us": 1e6 * cpu_s / max(1, requests),
        "bad": sum(r["result"]["errors"] + r["result"]["non2xx"] for r in mine),
        "rounds": " / ".join(f"{r['result']['requests'] / r['result']['seconds']:.0f}" for r in mine),
    }
pinned = "wrk on core 0, the Host on core 1" if sys.argv[5] == "1" else "not pinned"
print(f"Host {sys.argv[4]} build, monolith on SQLite, wrk {sys.argv[2]} connections, {sys.argv[3]} s per run, "
      f"{pinned}; each row the mean of 2 runs (A B C D D C B A).\n")
print("| what | requests/s | p99 ms | Host CPU µs/request | errors + non-2xx | runs (req/s) |")
print("|---|---:|---:|---:|---:|---|")
for name, r in rows.items():
    print(f"| {name} | {r['rps']:.0f} | {r['p99']:.1f} | {r['cpu_us']:.0f} | {r['bad']} | {r['rounds']} |")
print("\n| page / API | requests/s (API / page) | p99 (page / API) | CPU per request (page / API) | target <= 2x |")
print("|---|---:|---:|---:|---|")
for what in ("catalog", "cart"):
    page, api = rows[what + "-page"], rows[what + "-api"]
    cost = page["cpu_us"] / api["cpu_us"]
    print(f"| {what} | {api['rps'] / page['rps']:.2f}x | {page['p99'] / api['p99']:.2f}x | {cost:.2f}x | "
          f"{'met' if cost <= 2 else 'missed'} (CPU) |")
if "shell" in rows and "health" in rows:
    shell, health = rows["shell"]["cpu_us"], rows["health"]["cpu_us"]
    print(f"\nWhere a page's CPU goes (µs/request): the Host's bare pipeline (/health/live) {health:.0f}; "
          f"the storefront's shell (/denied: session, layout, no API call) {shell:.0f}.")
    for what in ("catalog", "cart"):
        page, api = rows[what + "-page"]["cpu_us"], rows[what + "-api"]["cpu_us"]
        print(f"- {what}: page {page:.0f} = shell {shell:.0f} + the API request as a client sends it {api:.0f} + "
              f"the rest {page - shell - api:.0f} (the API call's client side, its JSON, the page's own markup)")
PY
