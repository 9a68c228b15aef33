#!/usr/bin/env python3
"""The peer of Article 6's point-in-polygon work: shapely (Debian python3-shapely) on the
very polygons and points entente indexes, side by side, answers compared point by point.

    bench/shapely_peer.py [points=200000]

Runs `build/release/bench/article6_bench --export` to write the polygons (as entente
indexes them, split at the antimeridian), the points and entente's answers; then times
shapely's STRtree with prepared polygons on the same points, and the entente grid on
the same points in the same run; prints both rates, the ratio and the number of points
where the answers differ (0 expected).
"""
import csv
import os
import subprocess
import warnings
import sys
import time

from shapely import wkt
from shapely.geometry import Point
from shapely.prepared import prep
from shapely.strtree import STRtree

OUT = "bench/out/article6"


warnings.filterwarnings("ignore", category=DeprecationWarning)
warnings.filterwarnings("ignore", message=".*STRtree will be changed.*")


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    os.makedirs(OUT, exist_ok=True)
    subprocess.run(["build/release/bench/article6_bench", "--export", OUT, str(count)], check=True,
                   stdout=subprocess.DEVNULL)
    owners, polygons = [], []
    with open(os.path.join(OUT, "polygons.wkt")) as f:
        for line in f:
            owner, text = line.rstrip("\n").split("\t", 1)
            owners.append(int(owner))
            polygons.append(wkt.loads(text))
    with open(os.path.join(OUT, "points.csv")) as f:
        points = [tuple(map(float, line.split(","))) for line in f]
    with open(os.path.join(OUT, "answers.csv")) as f:
        ours = [int(line) for line in f]

    begin = time.perf_counter()
    tree = STRtree(polygons)
    prepared = [prep(p) for p in polygons]
    index_of = {id(p): i for i, p in enumerate(polygons)}
    build_seconds = time.perf_counter() - begin

    begin = time.perf_counter()
    answers = []
    for lon, lat in points:
        point = Point(lon, lat)
        found = -1
        for candidate in tree.query(point):
            i = candidate if isinstance(candidate, int) else index_of[id(candidate)]
            if prepared[i].contains(point):
                found = owners[i]
                break
        answers.append(found)
    shapely_seconds = time.perf_counter() - begin

    # The entente grid on the same points, timed by the benchmark binary in this run.
    result = subprocess.run(["build/release/bench/article6_bench", "--benchmark_filter=BM_LandGrid",
                             "--benchmark_min_time=1", "--benchmark_format=csv"], check=True,
                            capture_output=True, text=True)
    rows = list(csv.DictReader(line for line in result.stdout.splitlines() if "," in line))
    entente_per_second = float(next(r for r in rows if r["name"] == "BM_LandGrid")["items_per_second"])
    mismatches = sum(1 for a, b in zip(answers, ours) if a != b)
    shapely_per_second = len(points) / shapely_seconds
    print(f"{len(polygons)} polygons (Natural Earth 1:50m countries, split at the antimeridian), "
          f"{len(points)} uniform points between 60°S and 84°N\n")
    print("| implementation | point-in-polygon queries/s (one core) |")
    print("|---|---:|")
    print(f"| entente grid index (C++) | {entente_per_second:,.0f} |")
    print(f"| shapely {__import__('shapely').__version__} STRtree + prepared polygons | {shapely_per_second:,.0f} |")
    print(f"\nentente / shapely: {entente_per_second / shapely_per_second:,.0f}x; shapely index build "
          f"{build_seconds:.2f} s; answers that differ: {mismatches} of {len(points)}")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
