#!/usr/bin/env python3
"""Audited edits: their rate through the API beside the sqlite3 shell writing the same rows, and
the latency of reads while edits stream in.

(a) Edits per second: `wrk -t2 -cC -dSs -s bench/edits.lua` against `entente serve`, each request
    a POST /api/v1/plans with an API token (Bearer) creating one plan of a one-day period, so
    each is one transaction of the registry's write path (checks, the record, its audit row,
    the store revision, the next snapshot published). The peer is the sqlite3 shell writing the
    very rows the server wrote (read back from its database, audit rows included) into a copy of
    the same starting database, one transaction per edit (BEGIN IMMEDIATE, the INSERT into
    partnership_plans, the INSERT into audit_log, COMMIT) with the server's PRAGMAs: foreign keys
    on, WAL, and SQLite's default synchronous (FULL in WAL mode for Debian's build). Both
    processes' CPU time is counted too, since on a virtual disk the time of an fsync varies from
    run to run by an order of magnitude. Rounds alternate server and shell; measured on the
    reference data, then on it with PRELOAD more plans (and their audit rows) written
    beforehand, since the server's work per edit grows with the registry.
(b) Reads during edits: `wrk -t2 -c64 -dRs --latency` on GET
    /api/v1/organisations/NATO/relations?as_of=2024-01-01, first alone, then while a second
    driver (threads here) commits 100 edits per second through the API, each on its schedule;
    one fresh server per round.

    bench/edits_bench.py [rounds=3] [seconds=5] [clients=4] [read_seconds=10] [preload=10000]

Prints Markdown for docs/performance.md. Needs wrk, the sqlite3 shell and the release build;
ENTENTE=path/to/entente measures another build. Run from anywhere; works in bench/out/edits.
"""
import datetime
import http.client
import itertools
import json
import os
import platform
import re
import resource
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENTENTE = os.environ.get("ENTENTE", os.path.join(ROOT, "build/release/apps/entente"))
OUT = os.path.join(ROOT, "bench/out/edits")
ACCOUNT = "bench"
PASSWORD = "ochre lantern meridian"
RELATIONS = "/api/v1/organisations/NATO/relations?as_of=2024-01-01"
PLANS = ("ANP", "IPAP", "IPCP", "ITPP", "MAP")
PRELOAD_NATIONS = ("PRT", "ITA", "GRC", "TUR", "NLD")  # not written by bench/edits.lua
STREAM_NATION = "LUX"  # the lane of the 100 edits/s stream
STREAM_RATE = 100  # edits per second
STREAM_CONNECTIONS = 4
SERVER_PRAGMAS = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;\n"


def day(offset):
    return (datetime.date(1970, 1, 1) + datetime.timedelta(days=offset)).isoformat()


class Server:
    def __init__(self, db, name):
        self.log = os.path.join(OUT, name + ".stderr")
        with open(self.log, "wb") as stderr:
            self.process = subprocess.Popen(
                [ENTENTE, "serve", "--db", db, "--port", "0", "--threads", "2", "--access-log", "off",
                 "--web", os.path.join(ROOT, "web/dist"), "--scenarios", os.path.join(ROOT, "scenarios")],
                stdout=subprocess.PIPE, stderr=stderr, text=True)
        line = self.process.stdout.readline()  # the first line, or "" if it exits
        if not line.startswith("listening on http://"):
            self.process.kill()
            sys.exit(f"edits_bench: entente serve did not start: {line}{open(self.log).read()}")
        self.host, port = line.strip().removeprefix("listening on http://").rsplit(":", 1)
        self.port = int(port)
        self.url = f"http://{self.host}:{self.port}"

    def connection(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def call(connection, method, path, body=None, headers=None):
    all_headers = dict(headers or {})
    if body is not None:
        all_headers["Content-Type"] = "application/json"
    connection.request(method, path, body=None if body is None else json.dumps(body), headers=all_headers)
    response = connection.getresponse()
    raw = response.read()
    return response.status, response, json.loads(raw) if raw else None


def prepare():
    """The reference data, an alliance-staff account and its API token, closed cleanly."""
    db = os.path.join(OUT, "prepared.db")
    subprocess.run([ENTENTE, "init", "--db", db, "--data", os.path.join(ROOT, "data")], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    subprocess.run([ENTENTE, "user", "add", ACCOUNT, "--role", "alliance-staff", "--password-stdin", "--db", db],
                   input=PASSWORD + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
    server = Server(db, "prepare")
    connection = server.connection()
    status, response, body = call(connection, "POST", "/api/v1/session", {"username": ACCOUNT, "password": PASSWORD})
    assert status == 201, (status, body)
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]
    status, _, body = call(connection, "POST", "/api/v1/tokens", {"name": "bench", "expires_in_days": 30},
                           {"Cookie": cookie, "X-CSRF-Token": body["csrf_token"]})
    assert status == 201, (status, body)
    server.stop()
    return db, body["token"]


def fresh_copy(source, name):
    target = os.path.join(OUT, name)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(target + suffix):
            os.remove(target + suffix)
    shutil.copyfile(source, target)
    return target


def edit_sql(plan_row, audit_row):
    """The two INSERTs of one edit: the plan and its audit row."""
    nation, organisation, plan, valid_from, valid_to, source, note = plan_row
    at, actor, action, kind, before, after, reason, request_id = audit_row
    return (f"INSERT INTO partnership_plans (nation, organisation, plan, valid_from, valid_to, source, note, version) "
            f"VALUES ({quote(nation)}, {quote(organisation)}, {quote(plan)}, {quote(valid_from)}, {quote(valid_to)}, "
            f"{quote(source)}, {quote(note)}, 1);\n"
            f"INSERT INTO audit_log (at, actor, action, record_kind, record_id, before, after, reason, request_id) "
            f"VALUES ({quote(at)}, {quote(actor)}, {quote(action)}, {quote(kind)}, last_insert_rowid(), "
            f"{quote(before)}, {quote(after)}, {quote(reason)}, {quote(request_id)});\n")


def quote(value):
    return "NULL" if value is None else "'" + str(value).replace("'", "''") + "'"


def edits_written(db, after_plan_id):
    """The plans beyond `after_plan_id` with the audit rows of their creation, in commit order."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT p.nation, p.organisation, p.plan, p.valid_from, p.valid_to, p.source, p.note, "
            "a.at, a.actor, a.action, a.record_kind, a.before, a.after, a.reason, a.request_id "
            "FROM partnership_plans p JOIN audit_log a ON a.record_kind = 'plan' AND a.record_id = p.id "
            "WHERE p.id > ? ORDER BY p.id", (after_plan_id,)).fetchall()
    conn.close()
    return [(row[:7], row[7:]) for row in rows]


def max_plan_id(db):
    with sqlite3.connect(db) as conn:
        value = conn.execute("SELECT max(id) FROM partnership_plans").fetchone()[0]
    conn.close()
    return value


def preload(prepared, count):
    """`prepared` with `count` more plans and their audit rows, written in one transaction."""
    db = fresh_copy(prepared, f"preloaded-{count}.db")
    statements = [SERVER_PRAGMAS, "BEGIN IMMEDIATE;\n"]
    for k in range(count):
        nation = PRELOAD_NATIONS[k % len(PRELOAD_NATIONS)]
        lane_index = k // len(PRELOAD_NATIONS)
        plan, offset = PLANS[lane_index % len(PLANS)], lane_index // len(PLANS)
        after = json.dumps({"organisation": "NATO", "nation": nation, "plan": plan, "from": day(offset),
                            "to": day(offset + 1), "source": "https://example.org/preload", "note": ""})
        statements.append(edit_sql(
            (nation, "NATO", plan, day(offset), day(offset + 1), "https://example.org/preload", ""),
            ("2026-01-01T00:00:00.000Z", ACCOUNT, "create", "plan", None, after, "preload", "preload")))
        statements.append("UPDATE store_revision SET revision = revision + 1 WHERE id = 1;\n")
    statements.append("COMMIT;\n")
    subprocess.run(["sqlite3", db], input="".join(statements), text=True, check=True, stdout=subprocess.DEVNULL)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return db


def cpu_seconds(pid):
    """User plus system CPU time of a process so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def api_edits(start_db, token, seconds, clients, label):
    """wrk through the API: (edits per second, the server's CPU ms per edit, the edits written)."""
    db = fresh_copy(start_db, f"api-{label}.db")
    server = Server(db, f"api-{label}")
    cpu_before = cpu_seconds(server.process.pid)
    result = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "-s", os.path.join(ROOT, "bench/edits.lua"),
                             server.url, "--", token], capture_output=True, text=True, check=True)
    cpu = cpu_seconds(server.process.pid) - cpu_before
    server.stop()
    with open(os.path.join(OUT, f"api-{label}.wrk"), "w") as out:
        out.write(result.stdout + result.stderr)
    created, refused = map(int, re.search(r"created (\d+) refused (\d+)", result.stdout).groups())
    value, unit = re.search(r"requests in ([\d.]+)(ms|s|m)\b", result.stdout).groups()
    runtime = float(value) * {"ms": 0.001, "s": 1.0, "m": 60.0}[unit]
    if refused:
        sys.exit(f"edits_bench: {refused} edits were refused; see {OUT}/api-{label}.wrk")
    edits = edits_written(db, max_plan_id(start_db))
    if len(edits) < created:
        sys.exit(f"edits_bench: {created} edits acknowledged, {len(edits)} in the database")
    return created / runtime, cpu * 1000 / created, edits[:created]


def shell_edits(start_db, edits, label):
    """The sqlite3 shell committing `edits`, one transaction each: (edits per second, its CPU ms
    per edit)."""
    db = fresh_copy(start_db, f"shell-{label}.db")
    script = SERVER_PRAGMAS + "".join("BEGIN IMMEDIATE;\n" + edit_sql(plan, audit) + "COMMIT;\n"
                                      for plan, audit in edits)
    path = os.path.join(OUT, f"shell-{label}.sql")
    with open(path, "w") as out:
        out.write(script)
    with open(path) as sql:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        begin = time.perf_counter()
        subprocess.run(["sqlite3", db], stdin=sql, check=True, stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - begin
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    written = len(edits_written(db, max_plan_id(start_db)))
    if written != len(edits):
        sys.exit(f"edits_bench: the sqlite3 shell wrote {written} edits of {len(edits)}")
    return len(edits) / elapsed, cpu * 1000 / len(edits)


class EditStream:
    """Commits STREAM_RATE edits per second through the API, open loop: edit k is due at
    k / STREAM_RATE s and is sent then (at once when late) by one of STREAM_CONNECTIONS workers,
    each with its keep-alive connection, so a slow edit delays no other. Keeps each edit's
    latency, from when it was due to its answer."""

    def __init__(self, server, token):
        self.server = server
        self.headers = {"Authorization": "Bearer " + token}
        self.stop = threading.Event()
        self.started = threading.Event()
        self.latencies = []
        self.failures = []
        self.elapsed = 0.0
        self.lock = threading.Lock()
        self.workers = [threading.Thread(target=self.work, args=(w,), daemon=True)
                        for w in range(STREAM_CONNECTIONS)]

    def start(self):
        self.begin = time.perf_counter()
        for worker in self.workers:
            worker.start()

    def join(self):
        for worker in self.workers:
            worker.join(timeout=30)
        self.elapsed = time.perf_counter() - self.begin

    def work(self, worker):
        connection = self.server.connection()
        for k in itertools.count(worker, STREAM_CONNECTIONS):
            due = self.begin + k / STREAM_RATE
            delay = due - time.perf_counter()
            if delay > 0 and self.stop.wait(delay):  # the schedule of the stream
                break
            if self.stop.is_set():
                break
            plan, offset = PLANS[k % len(PLANS)], k // len(PLANS)
            edit = {"organisation": "NATO", "nation": STREAM_NATION, "plan": plan, "from": day(offset),
                    "to": day(offset + 1), "source": "https://example.org/bench", "reason": "bench"}
            status, _, body = call(connection, "POST", "/api/v1/plans", edit, self.headers)
            with self.lock:
                self.latencies.append(time.perf_counter() - due)
                if status != 201:
                    self.failures.append((status, body))
            self.started.set()


def wrk_reads(url, seconds, label):
    result = subprocess.run(["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency", url + RELATIONS],
                            capture_output=True, text=True, check=True)
    with open(os.path.join(OUT, f"reads-{label}.wrk"), "w") as out:
        out.write(result.stdout)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", result.stdout, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", result.stdout, re.M).group(1)
    maximum = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", result.stdout).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if errors:
        sys.exit(f"edits_bench: {errors.group(1)} reads failed; see {OUT}/reads-{label}.wrk")
    return rps, p50, p99, maximum


def milliseconds(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def machine():
    model = "unknown processor"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    sqlite_version = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
    filesystem = subprocess.run(["df", "--output=fstype", OUT], capture_output=True, text=True).stdout.split()[-1]
    return (f"{os.cpu_count()} cores ({model}), Linux {platform.release()}, {filesystem} file system, "
            f"SQLite {sqlite_version} (shell and server link the same library)")


def read_round(prepared, token, read_seconds, round_number):
    """One fresh server: reads alone, then reads during the edit stream."""
    server = Server(fresh_copy(prepared, "reads.db"), f"reads-{round_number}")
    alone = wrk_reads(server.url, read_seconds, f"alone-{round_number}")
    stream = EditStream(server, token)
    stream.start()
    if not stream.started.wait(timeout=30):
        sys.exit("edits_bench: the edit stream did not start")
    during = wrk_reads(server.url, read_seconds, f"during-edits-{round_number}")
    stream.stop.set()
    stream.join()
    server.stop()
    if stream.failures:
        sys.exit(f"edits_bench: {len(stream.failures)} streamed edits failed, e.g. {stream.failures[0]}")
    latencies = sorted(stream.latencies)
    edit_p99 = latencies[int(0.99 * (len(latencies) - 1))] * 1000
    return alone, during, len(latencies) / stream.elapsed, edit_p99


def main():
    arguments = [int(value) for value in sys.argv[1:]]
    rounds, seconds, clients, read_seconds, preload_count = arguments + [3, 5, 4, 10, 10000][len(arguments):]
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    prepared, token = prepare()
    print(machine())
    print()

    print(f"(a) edits per second: wrk -t2 -c{clients} -d{seconds}s -s bench/edits.lua through the API, then the "
          f"sqlite3 shell writing the same rows, {rounds} rounds")
    print()
    print("| registry before the run | round | edits | entente API, edits/s | its CPU per edit "
          "| sqlite3 shell, edits/s | its CPU per edit | entente / shell |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    ratios = {}
    for label, start_db, description in (("reference", prepared, "reference data (33 plans)"),
                                         ("preloaded", preload(prepared, preload_count),
                                          f"reference data + {preload_count:,} plans")):
        ratios[description] = []
        for round_number in range(1, rounds + 1):
            name = f"{label}-{round_number}"
            api_rate, api_cpu, edits = api_edits(start_db, token, seconds, clients, name)
            shell_rate, shell_cpu = shell_edits(start_db, edits, name)
            ratios[description].append(api_rate / shell_rate)
            print(f"| {description} | {round_number} | {len(edits):,} | {api_rate:,.0f} | {api_cpu:.2f} ms "
                  f"| {shell_rate:,.0f} | {shell_cpu:.3f} ms | {api_rate / shell_rate:.2f} |")
    print()
    for description, values in ratios.items():
        print(f"entente / sqlite3 shell, {description}: median **{statistics.median(values):.2f}** "
              f"(from {min(values):.2f} to {max(values):.2f}; goal: at least 0.5)")
    print()

    print(f"(b) reads during edits: wrk -t2 -c64 -d{read_seconds}s --latency GET {RELATIONS}, alone and while "
          f"{STREAM_RATE} edits/s are committed, {rounds} rounds")
    print()
    print("| round | reads alone: requests/s | p50 | p99 | during edits: requests/s | p50 | p99 | max "
          "| edits/s | edit latency p99 |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    p99s = []
    for round_number in range(1, rounds + 1):
        alone, during, edit_rate, edit_p99 = read_round(prepared, token, read_seconds, round_number)
        p99s.append(milliseconds(during[2]))
        print(f"| {round_number} | {alone[0]:,.0f} | {alone[1]} | {alone[2]} | {during[0]:,.0f} | {during[1]} "
              f"| {during[2]} | {during[3]} | {edit_rate:.0f} | {edit_p99:.1f}ms |")
    print()
    print(f"p99 of reads during edits: median **{statistics.median(p99s):.2f} ms** (from {min(p99s):.2f} to "
          f"{max(p99s):.2f} ms; goal: under 10 ms)")


if __name__ == "__main__":
    main()
