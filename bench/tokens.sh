#!/usr/bin/env bash
# Real tokens for the benchmarks, the way a client gets them (docs/identity.md): registration, then the
# authorization code flow with PKCE through the sign-in form. Usage: bench/tokens.sh BASE_URL COUNT [PREFIX]
# prints COUNT access tokens (one a line) of COUNT new customers with scopes cart and orders.
set -euo pipefail
B=$1; COUNT=$2; PREFIX=${3:-bench}
PASSWORD='Passw0rd!x-2026'
SCOPES='openid%20profile%20email%20roles%20offline_access%20cart%20orders'
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT

token_for() { # email
  local email=$1 jar="$WORK/jar.$1" verifier challenge authz ret form code
  curl -sf -o /dev/null -X POST "$B/api/identity/register" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$PASSWORD\",\"displayName\":\"Bench\"}"
  verifier=$(openssl rand -base64 48 | tr '+/' '-_' | tr -d '=\n' | cut -c1-64)
  challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | openssl base64 | tr '+/' '-_' | tr -d '=\n')
  authz="/connect/authorize?response_type=code&client_id=storefront&redirect_uri=http%3A%2F%2Flocalhost%3A5173%2Fcallback&scope=$SCOPES&state=s&code_challenge=$challenge&code_challenge_method=S256"
  curl -s -o /dev/null -c "$jar" -b "$jar" "$B$authz"
  ret=$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1], safe=""))' "$authz")
  form=$(curl -s -c "$jar" -b "$jar" "$B/account/login?returnUrl=$ret" \
    | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p')
  curl -s -o /dev/null -c "$jar" -b "$jar" -X POST "$B/account/login" \
    --data-urlencode "email=$email" --data-urlencode "password=$PASSWORD" \
    --data-urlencode "returnUrl=$authz" --data-urlencode "__RequestVerificationToken=$form"
  code=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" "$B$authz" | sed -n 's/.*[?&]code=\([^&]*\).*/\1/p')
  [ -n "$code" ] || { echo "no authorization code for $email" >&2; return 1; }
  curl -sf -X POST "$B/connect/token" -d grant_type=authorization_code -d client_id=storefront \
    -d "code=$code" -d "code_verifier=$verifier" --data-urlencode 'redirect_uri=http://localhost:5173/callback' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

run_id=$(date +%s%N)
for n in $(seq 1 "$COUNT"); do
  # Each sign-in writes its own file: parallel writers on one stdout can interleave two tokens on one line.
  token_for "$PREFIX-$run_id-$n@example.com" > "$WORK/token.$n" &
  # a few sign-ins at a time (each hashes a password twice)
  if (( n % 4 == 0 )); then wait; fi
done
wait
cat "$WORK"/token.*
