#!/usr/bin/env python3
"""Audited edits: their rate through the API beside the sqlite3 shell writing the same rows, and
the latency of reads while edits stream in.

(a) Edits per second: `wrk -t2 -cC -dSs -s bench/edits.lua` against `entente serve`, each request
    a POST /api/v1/plans with an API token (Bearer) creating one plan of a one-day period, so
    each is one transaction of the registry's write path (checks, the record, its audit row,
    the store revision, the next snapshot published). The peer is the sqlite3 shell writing the
    very rows the server wrote (read back from its database, audit rows included) into a copy of
    the same starting database, one transaction per edit, with the server's PRAGMAs (foreign
    keys on, WAL, SQLite's default synchronous, FULL) and its BEGIN IMMEDIATE: the INSERT into
    partnership_plans and the INSERT into audit_log; a second peer run adds the server's UPDATE
    of store_revision. Measured on the reference data, then on it with PRELOAD more plans (and
    their audit rows) written beforehand, since the server's work per edit grows with the
    registry.
(b) Reads during edits: `wrk -t2 -c64 -dRs --latency` on GET
    /api/v1/organisations/NATO/relations?as_of=2024-01-01, first alone, then while a second
    driver (threads here) commits 100 edits per second through the API, each on its schedule.

    bench/edits_bench.py [seconds=10] [clients=4] [read_seconds=10] [preload=10000]

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
                 "--web", os.path.join(ROOT, "web/dist"), "--scenarios", os.path.join(ROOT, "scenarios"),
                 "--common-passwords", os.path.join(ROOT, "data/common_passwords.txt")],
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
    subprocess.run([ENTENTE, "user", "add", ACCOUNT, "--role", "alliance-staff", "--password-stdin", "--db", db,
                    "--common-passwords", os.path.join(ROOT, "data/common_passwords.txt")],
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


def edit_sql(plan_row, audit_row, with_revision):
    """The statements of one edit as the server commits it: the plan, its audit row (and the
    revision)."""
    nation, organisation, plan, valid_from, valid_to, source, note = plan_row
    at, actor, action, kind, before, after, reason, request_id = audit_row
    text = (f"INSERT INTO partnership_plans (nation, organisation, plan, valid_from, valid_to, source, note, version) "
            f"VALUES ({quote(nation)}, {quote(organisation)}, {quote(plan)}, {quote(valid_from)}, {quote(valid_to)}, "
            f"{quote(source)}, {quote(note)}, 1);\n"
            f"INSERT INTO audit_log (at, actor, action, record_kind, record_id, before, after, reason, request_id) "
            f"VALUES ({quote(at)}, {quote(actor)}, {quote(action)}, {quote(kind)}, last_insert_rowid(), "
            f"{quote(before)}, {quote(after)}, {quote(reason)}, {quote(request_id)});\n")
    if with_revision:
        text += "UPDATE store_revision SET revision = revision + 1 WHERE id = 1;\n"
    return text


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
            ("2026-01-01T00:00:00.000Z", ACCOUNT, "create", "plan", None, after, "preload", "preload"),
            with_revision=True))
    statements.append("COMMIT;\n")
    subprocess.run(["sqlite3", db], input="".join(statements), text=True, check=True, stdout=subprocess.DEVNULL)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return db


def api_edit_rate(start_db, token, seconds, clients, label):
    """wrk through the API: (edits per second, edits, the database written)."""
    db = fresh_copy(start_db, f"api-{label}.db")
    server = Server(db, f"api-{label}")
    result = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "-s", os.path.join(ROOT, "bench/edits.lua"),
                             server.url, "--", token], capture_output=True, text=True, check=True)
    server.stop()
    with open(os.path.join(OUT, f"api-{label}.wrk"), "w") as out:
        out.write(result.stdout + result.stderr)
    created, refused = map(int, re.search(r"created (\d+) refused (\d+)", result.stdout).groups())
    value, unit = re.search(r"requests in ([\d.]+)(ms|s|m)\b", result.stdout).groups()
    runtime = float(value) * {"ms": 0.001, "s": 1.0, "m": 60.0}[unit]
    if refused:
        sys.exit(f"edits_bench: {refused} edits were refused; see {OUT}/api-{label}.wrk")
    return created / runtime, created, db


def shell_edit_rate(start_db, edits, with_revision, label):
    """The sqlite3 shell committing `edits` one transaction each: edits per second."""
    db = fresh_copy(start_db, f"shell-{label}.db")
    script = SERVER_PRAGMAS + "".join("BEGIN IMMEDIATE;\n" + edit_sql(plan, audit, with_revision) + "COMMIT;\n"
                                      for plan, audit in edits)
    path = os.path.join(OUT, f"shell-{label}.sql")
    with open(path, "w") as out:
        out.write(script)
    with open(path) as sql:
        begin = time.perf_counter()
        subprocess.run(["sqlite3", db], stdin=sql, check=True, stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - begin
    written = len(edits_written(db, max_plan_id(start_db)))
    if written != len(edits):
        sys.exit(f"edits_bench: the sqlite3 shell wrote {written} edits of {len(edits)}")
    return len(edits) / elapsed


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


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    clients = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    read_seconds = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    preload_count = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    prepared, token = prepare()
    print(machine())
    print()

    print(f"(a) edits per second: wrk -t2 -c{clients} -d{seconds}s -s bench/edits.lua (API) beside the sqlite3 "
          f"shell writing the same rows")
    print()
    print("| registry before the run | edits | entente API, edits/s | sqlite3 shell, 2 INSERTs per transaction "
          "| entente / shell | sqlite3 shell, + UPDATE store_revision | entente / shell |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, start_db, description in (("reference", prepared, "the reference data (33 plans)"),
                                         ("preloaded", preload(prepared, preload_count),
                                          f"the reference data + {preload_count:,} plans")):
        api_rate, created, api_db = api_edit_rate(start_db, token, seconds, clients, label)
        edits = edits_written(api_db, max_plan_id(start_db))
        if len(edits) < created:
            sys.exit(f"edits_bench: {created} edits acknowledged, {len(edits)} in the database")
        edits = edits[:created]
        shell_rate = shell_edit_rate(start_db, edits, False, label)
        shell_full_rate = shell_edit_rate(start_db, edits, True, label + "-revision")
        print(f"| {description} | {created:,} | {api_rate:,.0f} | {shell_rate:,.0f} | **{api_rate / shell_rate:.2f}** "
              f"| {shell_full_rate:,.0f} | {api_rate / shell_full_rate:.2f} |")
    print()

    print(f"(b) reads during edits: wrk -t2 -c64 -d{read_seconds}s --latency GET {RELATIONS}")
    print()
    server = Server(fresh_copy(prepared, "reads.db"), "reads")
    alone = wrk_reads(server.url, read_seconds, "alone")
    stream = EditStream(server, token)
    stream.start()
    if not stream.started.wait(timeout=30):
        sys.exit("edits_bench: the edit stream did not start")
    during = wrk_reads(server.url, read_seconds, "during-edits")
    stream.stop.set()
    stream.join()
    server.stop()
    if stream.failures:
        sys.exit(f"edits_bench: {len(stream.failures)} streamed edits failed, e.g. {stream.failures[0]}")
    latencies = sorted(stream.latencies)
    edit_p50 = statistics.median(latencies) * 1000
    edit_p99 = latencies[int(0.99 * (len(latencies) - 1))] * 1000
    print("| reads | requests/s | p50 | p99 | max |")
    print("|---|---:|---:|---:|---:|")
    print(f"| alone | {alone[0]:,.0f} | {alone[1]} | {alone[2]} | {alone[3]} |")
    print(f"| during {len(latencies) / stream.elapsed:.0f} edits/s | {during[0]:,.0f} | {during[1]} | {during[2]} "
          f"| {during[3]} |")
    print()
    print(f"the streamed edits: {len(latencies):,} in {stream.elapsed:.1f} s, latency p50 {edit_p50:.2f} ms, "
          f"p99 {edit_p99:.2f} ms, max {latencies[-1] * 1000:.2f} ms")
    print(f"p99 of reads during edits: {milliseconds(during[2]):.2f} ms (goal: under 10 ms)")


if __name__ == "__main__":
    main()
