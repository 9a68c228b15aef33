#!/usr/bin/env python3
"""Scaling of `entente simulate` on the baseline scenario, whole process included
(start-up, reading the database, building the model): one and two threads, then one and
two MPI ranks of one thread each. Prints a Markdown table of replications per second and
checks that every configuration printed the same results.

    bench/sim_scaling.py [RUNS]        (default 400000; from the repository root)
"""
import os
import shutil
import subprocess
import sys
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 400000
ENTENTE = "build/release/apps/entente"
SCENARIO = "scenarios/baltic-armed-attack.toml"


def main() -> int:
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    if not os.access(ENTENTE, os.X_OK):
        print("sim_scaling: build first (scripts/setup)", file=sys.stderr)
        return 1
    if not os.path.exists("entente.db"):
        subprocess.run([ENTENTE, "init"], check=True, stdout=subprocess.DEVNULL)
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")
    common = ["simulate", SCENARIO, "--runs", str(RUNS), "--progress", "never", "--format", "json"]
    configurations = [
        ("1 process, 1 thread", [ENTENTE, *common, "--threads", "1"]),
        ("1 process, 2 threads", [ENTENTE, *common, "--threads", "2"]),
    ]
    if shutil.which("mpirun"):
        configurations += [
            ("mpirun -np 1, 1 thread", ["mpirun", "-np", "1", ENTENTE, *common, "--threads", "1", "--mpi"]),
            ("mpirun -np 2, 1 thread each", ["mpirun", "-np", "2", ENTENTE, *common, "--threads", "1", "--mpi"]),
        ]
    else:
        print("sim_scaling: mpirun not found (apt-get install openmpi-bin); MPI rows skipped", file=sys.stderr)
    print("| configuration | runs | seconds | replications/s | speed-up |")
    print("|---|---:|---:|---:|---:|")
    base = None
    first_output = None
    for name, command in configurations:
        start = time.perf_counter()
        output = subprocess.run(command, check=True, capture_output=True, env=env).stdout
        seconds = time.perf_counter() - start
        rate = RUNS / seconds
        base = base or rate
        print(f"| {name} | {RUNS:,} | {seconds:.2f} | {rate:,.0f} | {rate / base:.2f} |")
        if first_output is None:
            first_output = output
        elif output != first_output:
            print(f"sim_scaling: {name} printed different results", file=sys.stderr)
            return 1
    print("\nEvery configuration printed byte-identical results.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
