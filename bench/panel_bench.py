#!/usr/bin/python3
"""The directed dyad-year panel: Entente against the pandas script a user would write.

Both sides write the full panel (every nation, 1949..2025 by default) as gzip CSV from the
files of data/; each runs as its own subprocess, whose wall time and peak resident memory
(wait4's ru_maxrss) are measured. The two outputs are then read back and compared row by
row, cell by cell.

    /usr/bin/python3 bench/panel_bench.py --driver BUILD/bench/panel_bench [--runs 3]

Also measure_http(url): rows per second of the panel streamed by a running server.

Run it with Debian's /usr/bin/python3 (pandas 1.5), from the repository root.
"""

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
import zlib

HEADER = ("year,a,b,shared_memberships,shared_organisations,a_partner_of_b_organisations,defense,offense,"
          "neutrality,nonaggression,consultation,shared_exercises,shared_operations")
OBLIGATIONS = ["defense", "offense", "neutrality", "nonaggression", "consultation"]


# --- the pandas side -------------------------------------------------------------------

def pandas_panel(data_dir, first_year, last_year, out_path):
    """The panel by cross join and filter, written with to_csv(compression='gzip')."""
    import pandas as pd

    def read(name):
        return pd.read_csv(os.path.join(data_dir, name), dtype=str, keep_default_na=False)

    def dates(column):
        return pd.to_datetime(column.replace("", None))

    far = pd.Timestamp("2262-01-01")

    nations = read("nations.csv")[["iso3", "from", "to"]]
    nations["from"] = dates(nations["from"])
    nations["to"] = dates(nations["to"])
    organisations = read("organisations.csv")[["id", "founded", "dissolved"]]
    organisations["founded"] = dates(organisations["founded"])
    organisations["dissolved"] = dates(organisations["dissolved"]).fillna(far)
    memberships = read("memberships.csv")
    memberships = memberships[memberships["status"] == "member"][["organisation", "nation", "from", "to"]].copy()
    memberships["from"] = dates(memberships["from"])
    memberships["to"] = dates(memberships["to"]).fillna(far)
    memberships = memberships.merge(organisations, left_on="organisation", right_on="id")
    frameworks = read("frameworks.csv")[["id", "organisation", "launched", "ended"]]
    frameworks["launched"] = dates(frameworks["launched"])
    frameworks["ended"] = dates(frameworks["ended"]).fillna(far)
    partnerships = read("partnerships.csv")
    partnerships = partnerships[partnerships["status"] == "active"][["framework", "nation", "from", "to"]].copy()
    partnerships["from"] = dates(partnerships["from"])
    partnerships["to"] = dates(partnerships["to"]).fillna(far)
    partnerships = partnerships.merge(frameworks, left_on="framework", right_on="id")
    alliances = read("alliances.csv")[["id", "in_force", "ended", "organisation"]]
    alliances["in_force"] = dates(alliances["in_force"])
    alliances["ended"] = dates(alliances["ended"]).fillna(far)
    alliance_members = read("alliance_members.csv")[["alliance", "nation", "from", "to"]]
    alliance_members["from"] = dates(alliance_members["from"])
    alliance_members["to"] = dates(alliance_members["to"]).fillna(far)
    provisions = read("alliance_provisions.csv")[["alliance", "provision", "level", "applies_to"]]
    provisions = provisions[provisions["provision"].isin(OBLIGATIONS)].copy()
    provisions["level"] = provisions["level"].astype(int)
    exercises = read("exercises.csv")[["id", "start", "end"]]
    exercises["start"] = dates(exercises["start"])
    exercises["end"] = dates(exercises["end"])
    exercise_participants = read("exercise_participants.csv")
    exercise_participants = exercise_participants[exercise_participants["role"] == "participant"]
    operations = read("operations.csv")[["id", "from", "to"]]
    operations["from"] = dates(operations["from"])
    operations["to"] = dates(operations["to"])
    operation_participants = read("operation_participants.csv")[["operation", "nation"]]
    coverage = read("dataset_coverage.csv")
    coverage["from"] = dates(coverage["from"])
    coverage["to"] = dates(coverage["to"])

    years = pd.DataFrame({"year": range(first_year, last_year + 1)})
    years["jan1"] = pd.to_datetime(years["year"].astype(str) + "-01-01")
    years["dec31"] = pd.to_datetime(years["year"].astype(str) + "-12-31")

    # Every nation in every year it exists on some day: its first and last day in the year.
    ny = nations.merge(years, how="cross")
    ny["end"] = ny["to"] - pd.Timedelta(days=1)  # NaT (open) is skipped by max and min
    ny["first"] = ny[["from", "jan1"]].max(axis=1)
    ny["last"] = ny[["end", "dec31"]].min(axis=1)
    ny = ny[ny["first"] <= ny["last"]][["iso3", "year", "first", "last"]]

    # Cross join and filter: ordered pairs sharing a day of the year, valued on the last one.
    dy = ny.merge(ny, on="year", suffixes=("_a", "_b"))
    dy = dy[dy["iso3_a"] != dy["iso3_b"]]
    dy = dy[dy[["first_a", "first_b"]].max(axis=1) <= dy[["last_a", "last_b"]].min(axis=1)]
    dy["day"] = dy[["last_a", "last_b"]].min(axis=1)
    dy = dy.rename(columns={"iso3_a": "a", "iso3_b": "b"})[["year", "a", "b", "day"]]
    keys = ["year", "a", "b"]

    def members_on_day(side):
        rows = dy.merge(memberships, left_on=side, right_on="nation")
        rows = rows[(rows["from"] <= rows["day"]) & (rows["day"] < rows["to"]) & (rows["founded"] <= rows["day"]) &
                    (rows["day"] < rows["dissolved"])]
        return rows[keys + ["organisation"]].drop_duplicates()

    member_a = members_on_day("a")
    member_b = members_on_day("b")
    shared = member_a.merge(member_b, on=keys + ["organisation"]).sort_values(keys + ["organisation"])
    shared_groups = shared.groupby(keys)["organisation"]
    dy = dy.merge(shared_groups.size().rename("shared_memberships").reset_index(), on=keys, how="left")
    dy = dy.merge(shared_groups.agg(";".join).rename("shared_organisations").reset_index(), on=keys, how="left")
    dy["shared_memberships"] = dy["shared_memberships"].fillna(0).astype("Int64")
    dy["shared_organisations"] = dy["shared_organisations"].fillna("")

    partner_a = dy[keys + ["day"]].merge(partnerships, left_on="a", right_on="nation")
    partner_a = partner_a[(partner_a["from"] <= partner_a["day"]) & (partner_a["day"] < partner_a["to"]) &
                          (partner_a["launched"] <= partner_a["day"]) & (partner_a["day"] < partner_a["ended"])]
    partner_a = partner_a[keys + ["organisation"]].drop_duplicates()
    partner_of = partner_a.merge(member_b, on=keys + ["organisation"]).sort_values(keys + ["organisation"])
    dy = dy.merge(partner_of.groupby(keys)["organisation"].agg(";".join).rename("a_partner_of_b_organisations")
                  .reset_index(), on=keys, how="left")
    dy["a_partner_of_b_organisations"] = dy["a_partner_of_b_organisations"].fillna("")

    def alliances_on_day(side, member_rows):
        by_organisation = member_rows.merge(alliances[alliances["organisation"] != ""], on="organisation")
        by_organisation = by_organisation.merge(dy[keys + ["day"]], on=keys)
        listed = dy[keys + ["day"]].merge(alliance_members, left_on=side, right_on="nation")
        listed = listed[(listed["from"] <= listed["day"]) & (listed["day"] < listed["to"])]
        listed = listed.merge(alliances[alliances["organisation"] == ""], left_on="alliance", right_on="id")
        rows = pd.concat([by_organisation, listed])
        rows = rows[(rows["in_force"] <= rows["day"]) & (rows["day"] < rows["ended"])]
        return rows[keys + ["id"]].drop_duplicates()

    shared_alliances = alliances_on_day("a", member_a).merge(alliances_on_day("b", member_b), on=keys + ["id"])
    bound = shared_alliances.merge(provisions, left_on="id", right_on="alliance")
    bound = bound[(bound["applies_to"] == "") | (bound["applies_to"] == bound["a"])]
    levels = bound.groupby(keys + ["provision"])["level"].max().unstack("provision")
    levels = levels.reindex(columns=OBLIGATIONS).reset_index()
    dy = dy.merge(levels, on=keys, how="left")
    for column in OBLIGATIONS:
        dy[column] = dy[column].fillna(0).astype("Int64")

    def shared_counts(events, participants, event_column, name):
        taken = participants[[event_column, "nation"]].drop_duplicates().merge(events, left_on=event_column,
                                                                                right_on="id")
        pairs = taken.merge(taken[[event_column, "nation", "year"]], on=[event_column, "year"], suffixes=("_a", "_b"))
        pairs = pairs[pairs["nation_a"] != pairs["nation_b"]]
        counts = pairs.groupby(["year", "nation_a", "nation_b"]).size().rename(name).reset_index()
        return counts.rename(columns={"nation_a": "a", "nation_b": "b"})

    # An exercise counts in every year it is held in part; an operation in every year it is active.
    held = exercises.copy()
    held["year"] = [list(range(s.year, e.year + 1)) for s, e in zip(held["start"], held["end"])]
    held = held.explode("year")[["id", "year"]]
    active = operations.copy()
    active["year"] = [list(range(f.year, (t - pd.Timedelta(days=1)).year + 1 if pd.notna(t) else last_year + 1))
                      for f, t in zip(active["from"], active["to"])]
    active = active.explode("year")[["id", "year"]]
    held["year"] = held["year"].astype(int)
    active["year"] = active["year"].astype(int)
    dy = dy.merge(shared_counts(held, exercise_participants, "exercise", "shared_exercises"), on=keys, how="left")
    dy = dy.merge(shared_counts(active, operation_participants, "operation", "shared_operations"), on=keys,
                  how="left")
    dy["shared_exercises"] = dy["shared_exercises"].fillna(0).astype("Int64")
    dy["shared_operations"] = dy["shared_operations"].fillna(0).astype("Int64")

    # Missing, never zero: a year no coverage row of the dataset covers has empty cells.
    def covered_years(dataset):
        rows = coverage[coverage["dataset"] == dataset]
        covered = set()
        for year in range(first_year, last_year + 1):
            for start, end in zip(rows["from"], rows["to"]):
                if start.year <= year and (pd.isna(end) or year < end.year or
                                           (year == end.year and end > pd.Timestamp(year=year, month=1, day=1))):
                    covered.add(year)
        return covered

    def blank(columns, dataset_years):
        missing = ~dy["year"].isin(dataset_years)
        for column in columns:
            dy.loc[missing, column] = pd.NA if str(dy[column].dtype) == "Int64" else ""

    membership_years = covered_years("memberships")
    blank(["shared_memberships", "shared_organisations"], membership_years)
    blank(["a_partner_of_b_organisations"], covered_years("partnerships") & membership_years)
    blank(OBLIGATIONS, covered_years("alliance-provisions"))
    blank(["shared_exercises"], covered_years("exercises"))
    blank(["shared_operations"], covered_years("operations"))

    dy = dy.sort_values(keys)[HEADER.split(",")]
    dy.to_csv(out_path, index=False, compression="gzip")
    return len(dy)


# --- measuring ---------------------------------------------------------------------------

def run_measured(command):
    """Runs `command`; returns (wall seconds, peak RSS in MiB, stdout)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout = process.stdout.read()
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr.decode()}")
    return seconds, usage.ru_maxrss / 1024.0, stdout.decode()


def compare(entente_path, pandas_path):
    """Rows only one side has, and rows whose cells differ (a few examples of each)."""
    def rows(path):
        with gzip.open(path, "rt", newline="") as text:
            lines = text.read().split("\n")
        assert lines[0] == HEADER, f"{path}: header {lines[0]!r}"
        return {tuple(line.split(",")[:3]): line for line in lines[1:] if line}

    ours, theirs = rows(entente_path), rows(pandas_path)
    only_ours = sorted(set(ours) - set(theirs))
    only_theirs = sorted(set(theirs) - set(ours))
    differ = [key for key in ours if key in theirs and ours[key] != theirs[key]]
    return {
        "rows": len(ours),
        "only_entente": len(only_ours),
        "only_pandas": len(only_theirs),
        "differing": len(differ),
        "examples": [(ours[k], theirs[k]) for k in sorted(differ)[:5]] + [ours[k] for k in only_ours[:3]] +
                    [theirs[k] for k in only_theirs[:3]],
    }


def measure_http(url, use_gzip=True, timeout=600):
    """Rows per second of the panel as a server streams it: GETs `url` (asking for gzip when
    `use_gzip`), reads and decodes the body as it arrives, counts its rows. Returns a dict
    with rows, wire and CSV bytes, seconds to the first byte and in all, rows per second."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip" if use_gzip else "identity",
                                                   "Accept": "text/csv"})
    started = time.perf_counter()
    first_byte = None
    wire = csv_bytes = lines = 0
    with urllib.request.urlopen(request, timeout=timeout) as response:
        encoded = response.headers.get("Content-Encoding", "") == "gzip"
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoded else None
        while True:
            block = response.read(1 << 16)
            if not block:
                break
            if first_byte is None:
                first_byte = time.perf_counter() - started
            wire += len(block)
            text = decoder.decompress(block) if decoder else block
            csv_bytes += len(text)
            lines += text.count(b"\n")
        if decoder:
            rest = decoder.flush()
            csv_bytes += len(rest)
            lines += rest.count(b"\n")
    seconds = time.perf_counter() - started
    rows = max(0, lines - 1)
    return {"url": url, "gzip": encoded, "rows": rows, "wire_bytes": wire, "csv_bytes": csv_bytes,
            "first_byte_seconds": first_byte, "seconds": seconds, "rows_per_second": rows / seconds if seconds else 0}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--driver", default="build/bench/panel_bench", help="the panel_bench executable")
    parser.add_argument("--data", default="data")
    parser.add_argument("--from", dest="first", type=int, default=1949)
    parser.add_argument("--to", dest="last", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=3, help="runs of the Entente side (the best is kept)")
    parser.add_argument("--pandas-runs", type=int, default=1, help="runs of the pandas side (the best is kept)")
    parser.add_argument("--out-dir", default="/tmp/panel_bench")
    parser.add_argument("--url", help="also measure the panel streamed from this URL")
    parser.add_argument("--pandas-side", metavar="OUT", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.pandas_side:
        print(json.dumps({"rows": pandas_panel(args.data, args.first, args.last, args.pandas_side)}))
        return

    os.makedirs(args.out_dir, exist_ok=True)
    entente_out = os.path.join(args.out_dir, "entente.csv.gz")
    pandas_out = os.path.join(args.out_dir, "pandas.csv.gz")
    years = ["--from", str(args.first), "--to", str(args.last)]
    entente_runs = []
    for _ in range(args.runs):
        seconds, rss, stdout = run_measured([args.driver, "--data", args.data, "--gzip", "--out", entente_out] + years)
        entente_runs.append({"seconds": seconds, "peak_rss_mib": rss, **json.loads(stdout)})
    entente = min(entente_runs, key=lambda run: run["seconds"])
    entente["median_seconds"] = statistics.median(run["seconds"] for run in entente_runs)
    pandas_runs = []
    for _ in range(args.pandas_runs):
        seconds, rss, stdout = run_measured([sys.executable, os.path.abspath(__file__), "--data", args.data,
                                             "--pandas-side", pandas_out] + years)
        pandas_runs.append({"seconds": seconds, "peak_rss_mib": rss, **json.loads(stdout)})
    pandas_run = min(pandas_runs, key=lambda run: run["seconds"])
    pandas_run["median_seconds"] = statistics.median(run["seconds"] for run in pandas_runs)
    result = {
        "entente": entente,
        "pandas": pandas_run,
        "speedup": pandas_run["seconds"] / entente["seconds"],
        "speedup_of_medians": pandas_run["median_seconds"] / entente["median_seconds"],
        "memory_ratio": pandas_run["peak_rss_mib"] / entente["peak_rss_mib"],
        "gzip_bytes": {"entente": os.path.getsize(entente_out), "pandas": os.path.getsize(pandas_out)},
        "comparison": compare(entente_out, pandas_out),
    }
    if args.url:
        result["http"] = measure_http(args.url)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
