#!/usr/bin/env bash
# The same scenario and seed give byte-identical results on one process with one thread,
# on one process with two threads, and on two MPI ranks under mpirun (loopback).
#
#   tests/sim/mpi_determinism.sh ENTENTE WORK_DIR
set -euo pipefail
entente=$1
work=$2
mkdir -p "$work"
db="$work/entente.db"
"$entente" init --db "$db" --data data >/dev/null  # anew: a database of an older build lacks newer tables
scenario=scenarios/baltic-armed-attack.toml
run() { "$entente" simulate "$scenario" --db "$db" --runs 3000 --seed 11 --format json --progress never "$@"; }

run --threads 1 >"$work/one-thread.json"
run --threads 2 >"$work/two-threads.json"
# mpirun refuses root unless told; CI containers run as root. Oversubscribe: one core is enough.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
mpirun -np 2 "$entente" simulate "$scenario" --db "$db" --runs 3000 --seed 11 --format json --progress never \
  --threads 1 --mpi >"$work/two-ranks.json"

status=0
for other in two-threads two-ranks; do
  if cmp -s "$work/one-thread.json" "$work/$other.json"; then
    echo "identical: one thread and $other"
  else
    echo "DIFFERENT: one thread and $other" >&2
    diff <(head -c 2000 "$work/one-thread.json") <(head -c 2000 "$work/$other.json") >&2 || true
    status=1
  fi
done
# A guard against comparing empty outputs.
grep -q '"runs": 3000' "$work/one-thread.json" || { echo "no results in the output" >&2; status=1; }
exit $status
