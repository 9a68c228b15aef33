#!/usr/bin/python3
"""Checks the network metrics of Entente against networkx on the same graphs.

Usage: networkx_equality.py DIR [COUNT]

DIR holds one folder per graph, as the NetworkxEquality test of
src/analytics/network_test.cpp writes them: nodes.csv (iso3, name, degree, strength,
betweenness, eigenvector, community), edges.csv (a, b, weight, ...), network.json and
network.graphml. For each graph networkx recomputes, on the same weighted edges:
degree, strength, betweenness_centrality (unweighted, normalised), eigenvector
centrality (weighted) and the modularity of Entente's partition, each to 1e-9; and
the partition's modularity may fall short of networkx's own louvain_communities
(seeded) by at most 0.02. COUNT, when given, is the number of folders expected.
Exits 0 when every graph agrees, 1 otherwise (and 2 when networkx is missing).
"""

import csv
import json
import math
import sys
from pathlib import Path

try:
    import networkx as nx
    from networkx.algorithms import community as nx_community
except ImportError as error:  # pragma: no cover - the setup installs python3-networkx
    print(f"networkx_equality: {error}; install python3-networkx (scripts/setup)", file=sys.stderr)
    sys.exit(2)

TOLERANCE = 1e-9
LOUVAIN_SLACK = 0.02
LOUVAIN_SEED = 20240404


def read_graph(folder):
    """The graph of a folder, and Entente's node rows and network JSON."""
    graph = nx.Graph()
    nodes = {}
    with open(folder / "nodes.csv", newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            nodes[row["iso3"]] = row
            graph.add_node(row["iso3"])
    with open(folder / "edges.csv", newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            graph.add_edge(row["a"], row["b"], weight=float(row["weight"]))
    with open(folder / "network.json", encoding="utf-8") as file:
        network = json.load(file)
    return graph, nodes, network


def eigenvector(graph):
    """networkx's eigenvector_centrality (power iteration on A + I from the uniform vector),
    run to a tolerance that leaves each value within 1e-11 or so of its limit. Its limit is
    the definition Entente matches, also where the largest eigenvalue has several
    eigenvectors (equal components, an edgeless graph)."""
    return nx.eigenvector_centrality(graph, max_iter=1000000, tol=1e-15, weight="weight")


def check(folder):
    """The list of disagreements for one graph."""
    graph, nodes, network = read_graph(folder)
    problems = []
    largest = {}

    def compare(metric, expected):
        if set(expected) != set(nodes):
            problems.append(f"{metric}: networkx has {len(expected)} nodes, entente {len(nodes)}")
            return
        for code, value in expected.items():
            got = float(nodes[code][metric])
            largest[metric] = max(largest.get(metric, 0.0), abs(got - value))
            if not math.isfinite(got) or abs(got - value) > TOLERANCE:
                problems.append(f"{metric} of {code}: entente {got!r}, networkx {value!r}")

    compare("degree", dict(graph.degree()))
    compare("strength", dict(graph.degree(weight="weight")))
    compare("betweenness", nx.betweenness_centrality(graph))
    if graph.number_of_nodes() > 0:
        compare("eigenvector", eigenvector(graph))

    partition = {}
    for code, row in nodes.items():
        partition.setdefault(int(row["community"]), set()).add(code)
    communities = list(partition.values())
    reported = network["modularity"]
    if graph.number_of_edges() == 0:
        if reported is not None:
            problems.append(f"modularity of an edgeless graph: entente {reported!r}, expected null")
    else:
        mine = nx_community.modularity(graph, communities, weight="weight", resolution=1)
        largest["modularity"] = abs(mine - reported) if reported is not None else math.inf
        if reported is None or abs(mine - reported) > TOLERANCE:
            problems.append(f"modularity of the partition: entente {reported!r}, networkx {mine!r}")
        louvain = nx_community.louvain_communities(graph, weight="weight", resolution=1, seed=LOUVAIN_SEED)
        theirs = nx_community.modularity(graph, louvain, weight="weight", resolution=1)
        largest["louvain shortfall"] = max(0.0, theirs - mine)
        if mine < theirs - LOUVAIN_SLACK:
            problems.append(f"modularity {mine:.6f} is below networkx louvain's {theirs:.6f} by more than {LOUVAIN_SLACK}")

    # The GraphML export reads back as the same graph.
    exported = nx.read_graphml(folder / "network.graphml")
    if set(exported.nodes) != set(graph.nodes) or {frozenset(e) for e in exported.edges} != {
        frozenset(e) for e in graph.edges
    }:
        problems.append("network.graphml: nodes or edges differ from the CSV files")
    for code, data in exported.nodes(data=True):
        if data.get("name") != nodes[code]["name"]:
            problems.append(f"network.graphml: name of {code} is {data.get('name')!r}, not {nodes[code]['name']!r}")
    for a, b, data in exported.edges(data=True):
        if abs(data.get("weight", math.nan) - graph[a][b]["weight"]) > 0:
            problems.append(f"network.graphml: weight of {a}-{b} differs")
    return graph, problems, largest


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = Path(argv[1])
    folders = sorted(path for path in root.iterdir() if path.is_dir())
    if len(argv) > 2 and len(folders) != int(argv[2]):
        print(f"networkx_equality: {len(folders)} graphs in {root}, expected {argv[2]}", file=sys.stderr)
        return 1
    failed = False
    for folder in folders:
        graph, problems, largest = check(folder)
        status = "ok" if not problems else f"{len(problems)} problems"
        differences = ", ".join(f"{metric} {value:.1e}" for metric, value in largest.items())
        print(
            f"{folder.name}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, "
            f"{nx.number_connected_components(graph)} components: {status} (largest differences: {differences})"
        )
        for problem in problems[:20]:
            print(f"  {problem}")
        failed = failed or bool(problems)
    return 1 if failed or not folders else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
