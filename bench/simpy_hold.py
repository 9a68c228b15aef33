#!/usr/bin/python3
"""The peer of hold_bench in SimPy 2.3 (Debian's python3-simpy, the old process API): P
processes, each looping `yield hold, self, expovariate(1/100)`. One operation is one
hold ending: SimPy pops the process's event notice, resumes its generator and pushes the
next notice onto its heap. Operations per second of wall time are counted after a
warm-up of about P operations, and printed one line per P:

    simpy-2.3.1 P=1000 ops/s=123456

    /usr/bin/python3 bench/simpy_hold.py [SECONDS]   # about SECONDS timed per P; default 1
"""
import random
import sys
import time

import SimPy
from SimPy.Simulation import Process, activate, hold, initialize, simulate, stopSimulation

MEAN_HOLD = 100.0  # time units
operations = 0


class Holder(Process):
    def run(self):
        global operations
        draw = random.expovariate
        while True:
            yield hold, self, draw(1.0 / MEAN_HOLD)
            operations += 1


class Stopwatch(Process):
    """Times the steady state: starts once the warm-up has passed, then reads the wall
    clock every MEAN_HOLD of simulated time (about P operations) and stops the simulation
    once `seconds` have passed. Its own holds are not counted."""

    def run(self, warm_up, seconds):
        yield hold, self, warm_up
        start, operations_at_start = time.perf_counter(), operations
        while time.perf_counter() - start < seconds:
            yield hold, self, MEAN_HOLD
        self.rate = (operations - operations_at_start) / (time.perf_counter() - start)
        stopSimulation()


def measure(pending, seconds):
    global operations
    random.seed(100)
    operations = 0
    initialize()
    for _ in range(pending):
        holder = Holder()
        activate(holder, holder.run())
    stopwatch = Stopwatch()
    # P / MEAN_HOLD operations happen per unit of simulated time: warm up for about P.
    activate(stopwatch, stopwatch.run(MEAN_HOLD, seconds))
    simulate(until=float("inf"))
    return stopwatch.rate


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    for pending in (1000, 100_000):
        rate = measure(pending, seconds)
        print(f"simpy-{SimPy.__version__} P={pending} ops/s={rate:.0f}", flush=True)


if __name__ == "__main__":
    main()
