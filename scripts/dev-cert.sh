#!/usr/bin/env bash
# Makes a self-signed development certificate for the Gateway's HTTPS listener (CN/SAN localhost and 127.0.0.1)
# as PEM files: <dir>/gateway.crt and <dir>/gateway.key (default dir: certs/ at the repository root, gitignored).
# The Gateway loads them through Kestrel:Endpoints:Https:Certificate:Path/KeyPath (see docs/gateway.md).
set -euo pipefail

dir="${1:-$(cd "$(dirname "$0")/.." && pwd)/certs}"
days="${DEV_CERT_DAYS:-365}"
mkdir -p "$dir"

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$days" \
  -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
  -addext "basicConstraints=critical,CA:FALSE" \
  -addext "keyUsage=critical,digitalSignature,keyEncipherment" \
  -addext "extendedKeyUsage=serverAuth" \
  -keyout "$dir/gateway.key" -out "$dir/gateway.crt" 2>/dev/null
chmod 600 "$dir/gateway.key"

echo "Wrote $dir/gateway.crt and $dir/gateway.key (valid $days days)."
echo "Trust it for curl with: curl --cacert $dir/gateway.crt https://localhost:5443/health/live"
