#!/usr/bin/python3
"""The network metrics of Entente (igraph, C) against networkx 2.8 (Python) on the same graphs.

Usage (from the repository root, with the bench targets built):

    /usr/bin/python3 bench/network_bench.py [--driver build/release/bench/network_bench]
                                            [--from 1949] [--to 2025] [--repeats 5]

bench/network_bench.cpp writes the graph of the reference data for every year (as of
31 December, default options: every edge type weight 1, a 5-year window) with Entente's
metrics, and times Entente's metrics over all the years (median of --repeats passes, no
file I/O). This script reads the same edges, times networkx computing the same metrics
over all the years (degree, strength, betweenness_centrality, eigenvector_centrality,
louvain_communities with modularity), checks that degree, strength, betweenness and
eigenvector agree to 1e-9 and that the modularity of Entente's partition is networkx's
modularity of it (to 1e-9) and within 0.02 of networkx's own Louvain, and prints a
Markdown table.

networkx's eigenvector_centrality iterates until the values move by less than tol per
node; its default tol (1e-6) leaves values up to 1e-6 from their limit, so the timed run
uses tol=1e-13, which agrees with igraph's ARPACK to 1e-9. The default's time is printed
as well.
"""

import argparse
import csv
import json
import math
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from networkx.algorithms import community as nx_community

TOLERANCE = 1e-9
LOUVAIN_SLACK = 0.02
SEED = 20240404
EIGENVECTOR_TOL = 1e-13


def read_year(folder):
    graph = nx.Graph()
    nodes = {}
    with open(folder / "nodes.csv", newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            nodes[row["iso3"]] = row
            graph.add_node(row["iso3"])
    with open(folder / "edges.csv", newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            graph.add_edge(row["a"], row["b"], weight=float(row["weight"]))
    text = (folder / "modularity.txt").read_text().strip()
    return graph, nodes, float(text) if text else None


def networkx_metrics(graph, eigenvector_tol):
    """What Entente computes, computed by networkx."""
    metrics = {
        "degree": dict(graph.degree()),
        "strength": dict(graph.degree(weight="weight")),
        "betweenness": nx.betweenness_centrality(graph),
        "eigenvector": nx.eigenvector_centrality(graph, max_iter=1000000, tol=eigenvector_tol, weight="weight"),
    }
    if graph.number_of_edges() > 0:
        louvain = nx_community.louvain_communities(graph, weight="weight", resolution=1, seed=SEED)
        metrics["louvain_modularity"] = nx_community.modularity(graph, louvain, weight="weight", resolution=1)
    return metrics


def check(year, graph, nodes, modularity, metrics):
    problems = []
    for metric in ("degree", "strength", "betweenness", "eigenvector"):
        for code, value in metrics[metric].items():
            got = float(nodes[code][metric])
            if not abs(got - value) <= TOLERANCE:
                problems.append(f"{year} {metric} of {code}: entente {got!r}, networkx {value!r}")
    if graph.number_of_edges() > 0:
        partition = {}
        for code, row in nodes.items():
            partition.setdefault(row["community"], set()).add(code)
        mine = nx_community.modularity(graph, list(partition.values()), weight="weight", resolution=1)
        if modularity is None or abs(mine - modularity) > TOLERANCE:
            problems.append(f"{year} modularity: entente {modularity!r}, networkx of its partition {mine!r}")
        if mine < metrics["louvain_modularity"] - LOUVAIN_SLACK:
            problems.append(f"{year} modularity {mine:.4f} < networkx louvain {metrics['louvain_modularity']:.4f} - 0.02")
    return problems


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as file:
            for line in file:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def igraph_version():
    try:
        return subprocess.run(["pkg-config", "--modversion", "igraph"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--driver", default="build/release/bench/network_bench")
    parser.add_argument("--from", dest="first", type=int, default=1949)
    parser.add_argument("--to", dest="last", type=int, default=2025)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="entente-network-bench-") as directory:
        driver = subprocess.run([args.driver, directory, str(args.first), str(args.last), str(args.repeats)],
                                capture_output=True, text=True, check=False)
        if driver.returncode != 0:
            print(f"network_bench: {args.driver} failed:\n{driver.stderr}", file=sys.stderr)
            return 1
        entente = json.loads(driver.stdout)
        years = [(int(path.name), *read_year(path)) for path in sorted(Path(directory).iterdir()) if path.is_dir()]

    problems = []
    timed = 0.0
    per_metric = {"degree+strength": 0.0, "betweenness": 0.0, "eigenvector": 0.0, "louvain+modularity": 0.0}
    for year, graph, nodes, modularity in years:
        start = time.perf_counter()
        metrics = networkx_metrics(graph, EIGENVECTOR_TOL)
        timed += time.perf_counter() - start
        problems += check(year, graph, nodes, modularity, metrics)
        # The same work again, metric by metric, for the breakdown.
        start = time.perf_counter()
        dict(graph.degree())
        dict(graph.degree(weight="weight"))
        per_metric["degree+strength"] += time.perf_counter() - start
        start = time.perf_counter()
        nx.betweenness_centrality(graph)
        per_metric["betweenness"] += time.perf_counter() - start
        start = time.perf_counter()
        nx.eigenvector_centrality(graph, max_iter=1000000, tol=EIGENVECTOR_TOL, weight="weight")
        per_metric["eigenvector"] += time.perf_counter() - start
        if graph.number_of_edges() > 0:
            start = time.perf_counter()
            louvain = nx_community.louvain_communities(graph, weight="weight", resolution=1, seed=SEED)
            nx_community.modularity(graph, louvain, weight="weight", resolution=1)
            per_metric["louvain+modularity"] += time.perf_counter() - start
    default_eigenvector = 0.0
    for _, graph, _, _ in years:
        start = time.perf_counter()
        nx.eigenvector_centrality(graph, max_iter=1000000, weight="weight")
        default_eigenvector += time.perf_counter() - start

    metrics_seconds = entente["metrics_seconds"]
    nodes_total = sum(graph.number_of_nodes() for _, graph, _, _ in years)
    print(f"## Network of nations, {args.first}-{args.last}: Entente (igraph {igraph_version()}) against "
          f"networkx {nx.__version__}\n")
    print(f"{len(years)} graphs (one per year, as of 31 December, default options), {nodes_total} nodes and "
          f"{entente['edges']} edges in all.\n")
    print("| work over every year | Entente (C++, igraph) | networkx (Python) | networkx / Entente |")
    print("|---|---:|---:|---:|")
    print(f"| degree, strength, betweenness, eigenvector, Louvain, modularity | {metrics_seconds:.3f} s | "
          f"{timed:.2f} s | {timed / metrics_seconds:.0f}x |")
    print(f"| the same, networkx's eigenvector at its default tol=1e-6 | {metrics_seconds:.3f} s | "
          f"{timed - per_metric['eigenvector'] + default_eigenvector:.2f} s | "
          f"{(timed - per_metric['eigenvector'] + default_eigenvector) / metrics_seconds:.0f}x |")
    print(f"| Entente's whole series from the registry (graphs and metrics) | {entente['series_seconds']:.3f} s | | |")
    print()
    print("networkx by metric: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in per_metric.items()) +
          f" (eigenvector at tol=1e-6: {default_eigenvector:.2f} s).\n")
    print(f"Entente: median of {entente['repeats']} passes over the {len(years)} built graphs, no file I/O; "
          "networkx: one pass over the same edges read from the driver's CSV files (reading excluded).\n")
    verdict = "all equal" if not problems else f"{len(problems)} DIFFERENCES"
    print(f"Values: degree, strength, betweenness, eigenvector to {TOLERANCE:g}; modularity of Entente's partition "
          f"to {TOLERANCE:g}, within {LOUVAIN_SLACK} of networkx's Louvain: {verdict}.\n")
    print(f"Machine: {cpu_model()}, {os.cpu_count()} logical CPUs, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}.\n")
    print("Command: `" + " ".join(shlex.quote(part) for part in [sys.executable] + sys.argv) + "`")
    for problem in problems[:30]:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
