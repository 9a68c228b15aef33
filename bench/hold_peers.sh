#!/usr/bin/env bash
# The hold model (P pending events; each operation pops the earliest and schedules the
# next at now + Exp(mean 100)) on entente's event kernel and its peers, one after another
# in the same run: build/release/bench/hold_bench, build/release/bench/ns3_hold (ns-3's
# schedulers) and bench/simpy_hold.py (SimPy 2.3). Each measures at least 1 s per kernel
# and P after a warm-up. Prints a Markdown table; raw lines land in bench/out/hold/.
#
#   bench/hold_peers.sh
# Needs the release build (cmake --build --preset release --target hold_bench ns3_hold).
# A missing peer is skipped with a message saying how to install it; libns3-dev for
# ns3_hold, python3-simpy for SimPy.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=bench/out/hold
rm -rf "$out"; mkdir -p "$out"
lines="$out/ops.txt"

entente=build/release/bench/hold_bench
if [ ! -x "$entente" ]; then
  echo "hold_peers: $entente is missing; build it: cmake --build --preset release --target hold_bench" >&2
  exit 1
fi
"$entente" --benchmark_min_time=1 --benchmark_format=json 2>/dev/null >"$out/hold_bench.json"
# BM_HoldModel/1000 -> "entente P=1000 ops/s=...", the peers' line format.
python3 - "$out/hold_bench.json" >"$lines" <<'EOF'
import json, sys
for run in json.load(open(sys.argv[1]))["benchmarks"]:
    print(f"entente P={run['name'].split('/')[1]} ops/s={run['items_per_second']:.0f}")
EOF

ns3=build/release/bench/ns3_hold
if [ -x "$ns3" ]; then
  "$ns3" | tee "$out/ns3_hold.txt" >>"$lines"
else
  echo "hold_peers: $ns3 is missing, ns-3 skipped; install libns3-dev, then:" \
    "cmake --preset release && cmake --build --preset release --target ns3_hold" >&2
fi

if /usr/bin/python3 -c 'import SimPy.Simulation' 2>/dev/null; then
  /usr/bin/python3 bench/simpy_hold.py | tee "$out/simpy_hold.txt" >>"$lines"
else
  echo "hold_peers: SimPy 2 is missing, SimPy skipped; install python3-simpy (apt)" >&2
fi

# One row per kernel and P, entente first; the ratio is entente's ops/s over the row's.
python3 - "$lines" <<'EOF'
import sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
rows = [(kernel, int(p[2:]), float(rate[6:])) for kernel, p, rate in rows]
entente = {p: rate for kernel, p, rate in rows if kernel == "entente"}
print("| kernel | P | ops/s | entente ÷ kernel |")
print("|---|---:|---:|---:|")
for kernel, p, rate in sorted(rows, key=lambda row: row[1]):  # stable: run order within P
    print(f"| {kernel} | {p:,} | {rate / 1e6:.2f} M | {entente[p] / rate:.2f} |")
EOF
