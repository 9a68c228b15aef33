#!/usr/bin/env bash
# API throughput and latency with wrk on loopback: entente's relations route side by
# side, in the same run, with nginx serving the same JSON bytes as a static file.
# Both servers get the same number of workers and write an access log to a file. A third
# run shows entente with its reply cache off, rendering every response anew.
#
#   bench/http_bench.sh [seconds=10] [connections=64] [workers=2]
# Prints a Markdown table row per server and the ratio. Needs wrk and nginx
# (scripts/setup installs them) and the release build; ENTENTE=path/to/entente measures
# another build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-10}
connections=${2:-64}
workers=${3:-2}
entente=${ENTENTE:-build/release/apps/entente}
out=bench/out/http
rm -rf "$out"; mkdir -p "$out/www/api/v1/organisations/NATO" "$out/nginx"

"$entente" init --db "$out/bench.db" --data data >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
entente_port=$(free_port)
nginx_port=$(free_port)
path="/api/v1/organisations/NATO/relations?as_of=2023-04-04"

"$entente" serve --db "$out/bench.db" --port "$entente_port" --threads "$workers" --web web/dist \
  --access-log "$out/entente-access.log" >"$out/entente.out" 2>"$out/entente.err" &
entente_pid=$!
uncached_port=$(free_port)
"$entente" serve --db "$out/bench.db" --port "$uncached_port" --threads "$workers" --web web/dist --reply-cache-mb 0 \
  --access-log "$out/entente-uncached-access.log" >"$out/entente-uncached.out" 2>"$out/entente-uncached.err" &
uncached_pid=$!
cleanup() {
  kill "$entente_pid" "$uncached_pid" 2>/dev/null || true
  [ -f "$out/nginx/nginx.pid" ] && kill "$(cat "$out/nginx/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 50); do grep -q listening "$out/entente.out" "$out/entente-uncached.out" 2>/dev/null && break; sleep 0.1; done
sleep 0.2

# The very bytes entente serves, as nginx's static file.
curl -sf "http://127.0.0.1:$entente_port$path" -o "$out/www/api/v1/organisations/NATO/relations"
cat >"$out/nginx/nginx.conf" <<CONF
worker_processes $workers;
pid $PWD/$out/nginx/nginx.pid;
error_log $PWD/$out/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log $PWD/$out/nginx/access.log;
  default_type application/json;
  types { }
  client_body_temp_path $PWD/$out/nginx; proxy_temp_path $PWD/$out/nginx;
  fastcgi_temp_path $PWD/$out/nginx; uwsgi_temp_path $PWD/$out/nginx; scgi_temp_path $PWD/$out/nginx;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    root $PWD/$out/www;
    location / { try_files \$uri =404; }
  }
}
CONF
nginx -c "$PWD/$out/nginx/nginx.conf" -e "$PWD/$out/nginx/error.log"
sleep 0.3
cmp <(curl -sf "http://127.0.0.1:$nginx_port$path") <(curl -sf "http://127.0.0.1:$entente_port$path") \
  || { echo "http_bench: the two servers do not return the same bytes" >&2; exit 1; }

run() {  # name url
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$2" >"$out/$1.wrk"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$out/$1.wrk")
  p50=$(awk '$1=="50%" {print $2}' "$out/$1.wrk")
  p99=$(awk '$1=="99%" {print $2}' "$out/$1.wrk")
  echo "$1 $rps $p50 $p99"
}
entente_line=$(run entente "http://127.0.0.1:$entente_port$path")
nginx_line=$(run nginx "http://127.0.0.1:$nginx_port$path")
uncached_line=$(run entente-reply-cache-off "http://127.0.0.1:$uncached_port$path")
bytes=$(stat -c %s "$out/www/api/v1/organisations/NATO/relations")

echo "wrk -t2 -c$connections -d${seconds}s, $workers workers each, response $bytes bytes, $(nproc) cores"
echo
echo "| server | requests/s | p50 | p99 |"
echo "|---|---:|---:|---:|"
for line in "$entente_line" "$nginx_line" "$uncached_line"; do
  read -r name rps p50 p99 <<<"$line"
  echo "| $name | $rps | $p50 | $p99 |"
done
read -r _ entente_rps _ _ <<<"$entente_line"
read -r _ nginx_rps _ _ <<<"$nginx_line"
read -r _ uncached_rps _ _ <<<"$uncached_line"
python3 -c "print(f'\nentente / nginx requests per second: {$entente_rps / $nginx_rps:.2f}')"
python3 -c "print(f'entente with its reply cache off / nginx: {$uncached_rps / $nginx_rps:.2f}')"
