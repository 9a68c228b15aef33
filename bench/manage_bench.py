#!/usr/bin/env python3
"""Partnership management under a mixed workload: programme pages, workflow steps and event
registrations from 64 concurrent users, beside SQLite doing the same database work.

Setup (once): `entente init` on the reference data; accounts with `entente user add
--password-stdin`: one partner officer per user, of NATIONS partner nations (the first of
CANDIDATES that GET /api/v1/eligibility?nation=X&activity=individual-programme says are
NATO partners eligible for an individual programme today), and 4 alliance-staff accounts;
an API token for each (POST /api/v1/tokens); EVENTS open events of capacity 10,000 with
every bench nation invited (POST /api/v1/events, /invitations, /transitions: through the
API). Then, with the server stopped, PROGRAMMES programmes of ACTIVITIES activities each
(with 5 objectives and 10 partnership goals each) are written with Python's sqlite3 module
straight into the tables of migration 12 (programmes, programme_objectives,
partnership_goals, programme_activities), in one transaction: no audit rows, no
transitions. Programme i belongs to user i mod USERS (its nation is that user's) and
starts as a draft.

Each round runs the server (1, 2) and the peer (3), each on a fresh copy of that database,
one after the other, the server first in odd rounds and the peer first in even ones; a
thread times a 4 KiB overwrite and fdatasync five times a second during each run (the
disk's commit time, which moves from minute to minute on a shared virtual disk):
 1. `entente serve --threads 2 --access-log off` (--threads); its memory (VmRSS, VmHWM of
    /proc/PID/status) after start, after every programme page has been read once (one
    connection, in order, as staff), and at the end of the mixed run.
 2. The mixed run, USERS users for SECONDS seconds, closed loop, each on its own keep-alive
    connection (asyncio, raw HTTP/1.1, CLIENTS processes): per request, 80% GET
    /api/v1/programmes/{id} (a random programme of the user's nation), 10% one step of the
    itpp cycle on the user's own programmes (submit by the officer, review by a staff
    token, return with a comment by staff, revise by the officer; POST
    /api/v1/programmes/{id}/transitions with If-Match from the previous reply's ETag), 10%
    POST /api/v1/events/{id}/registrations as the officer. Every reply's status is checked
    (2xx expected: anything else is counted and the first of each kind kept); the server's
    and the client's CPU time are measured.
 3. The peer, on another fresh copy: PEERS processes of Python's sqlite3 module (the
    system's SQLite, the library the server links), with the server's settings (foreign
    keys on, WAL, busy_timeout 5000, synchronous left at its default), doing the same mix
    of the same database work for SECONDS seconds:
      page read: one read transaction with the SELECTs the server runs (same SQL): the
        programme, its objectives, goals, activities, history and council rounds;
      transition: BEGIN IMMEDIATE; UPDATE programmes (state, updated_at, version + 1,
        checked against the version read); INSERT the workflow_transitions row; INSERT the
        audit_log row; COMMIT;
      registration: BEGIN IMMEDIATE; SELECT count(*) of the event's registrations; INSERT
        the registrations row; INSERT the audit_log row; COMMIT.
    Writers take turns through one lock across the processes, as the server's writes take
    turns at its writer connection's mutex, instead of sleeping in SQLite's busy handler.
    No HTTP, no JSON, no authentication, no workflow rules, no notifications: the floor of
    the storage work.

    ENTENTE=path/to/entente bench/manage_bench.py [--rounds 3] [--seconds 20] [--users 64]
        [--programmes 1000] [--activities 100] [--nations 32] [--events 4] [--clients 2]
        [--peers CORES] [--threads 2] [--perf FILE] [--dir DIR]

Prints Markdown for docs/performance.md. Works in bench/out/manage (or --dir: a tmpfs takes
the disk out of the measure). Standard library only. --perf FILE records
`perf record --call-graph dwarf` of the server during the last round's mixed run.
"""
import argparse
import asyncio
import csv
import datetime
import http.client
import json
import multiprocessing
import os
import platform
import random
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
OUT = os.path.join(ROOT, "bench/out/manage")
PASSWORD = "ochre lantern meridian"
# Partners asked about, in this order; the first NATIONS that are eligible are used.
CANDIDATES = ("GEO", "UKR", "MDA", "ARM", "AZE", "KAZ", "KGZ", "TJK", "TKM", "UZB", "BIH", "SRB", "AUT", "CHE",
              "IRL", "MLT", "JOR", "EGY", "ISR", "MAR", "TUN", "DZA", "MRT", "BHR", "KWT", "QAT", "ARE", "AUS",
              "NZL", "JPN", "KOR", "MNG", "IRQ", "COL", "PAK")
STAFF = 4
KINDS = ("page", "transition", "registration")
# The itpp cycle: (action, who takes it, comment).
CYCLE = (("submit", "officer", ""), ("review", "staff", ""),
         ("return", "staff", "Please cost the activities of goal 3 and add an indicator."), ("revise", "officer", ""))
STATE_BEFORE = ("draft", "submitted", "under-review", "returned")
STATE_AFTER = ("submitted", "under-review", "returned", "draft")
OBJECTIVES = 5
GOALS = 10


# --- Helpers ---

def now_text():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def load():
    return os.getloadavg()


class DiskProbe:
    """Times a 4 KiB overwrite and fdatasync (what SQLite does to commit in WAL mode) in OUT,
    five times a second in a thread, while a run goes on: the disk's commit time, which moves
    from minute to minute on a shared virtual disk."""

    def __init__(self):
        self.path = os.path.join(OUT, "disk.probe")
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_TRUNC)
        os.write(self.fd, b"\0" * (1 << 20))
        os.fsync(self.fd)
        self.times = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        offset = 0
        while not self.stop.wait(0.2):
            os.pwrite(self.fd, os.urandom(4096), offset)
            begin = time.perf_counter()
            os.fdatasync(self.fd)
            self.times.append(time.perf_counter() - begin)
            offset = (offset + 4096) % (1 << 20)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        os.close(self.fd)
        os.remove(self.path)

    def median_ms(self):
        return statistics.median(self.times) * 1000 if self.times else float("nan")


def memory(pid):
    """(VmRSS, VmHWM) in KiB."""
    with open(f"/proc/{pid}/status") as status:
        text = status.read()
    return tuple(int(re.search(rf"{name}:\s+(\d+) kB", text).group(1)) for name in ("VmRSS", "VmHWM"))


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def file_size(path):
    return sum(os.path.getsize(path + suffix) for suffix in ("", "-wal") if os.path.exists(path + suffix))


def fresh_copy(source, name):
    target = os.path.join(OUT, name)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(target + suffix):
            os.remove(target + suffix)
    shutil.copyfile(source, target)
    return target


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def ms(seconds):
    return f"{seconds * 1000:.2f} ms" if seconds == seconds else "—"


def mib(kib):
    return f"{kib / 1024:.1f} MiB"


class Server:
    threads = 2

    def __init__(self, db, name):
        self.log = os.path.join(OUT, name + ".stderr")
        with open(self.log, "wb") as stderr:
            self.process = subprocess.Popen(
                [ENTENTE, "serve", "--db", db, "--port", "0", "--threads", str(self.threads), "--access-log", "off",
                 "--web", os.path.join(ROOT, "web/dist"), "--scenarios", os.path.join(ROOT, "scenarios")],
                stdout=subprocess.PIPE, stderr=stderr, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("listening on http://"):
            self.process.kill()
            sys.exit(f"manage_bench: entente serve did not start: {line}{open(self.log).read()}")
        self.host, port = line.strip().removeprefix("listening on http://").rsplit(":", 1)
        self.port = int(port)

    def connection(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=60)

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


def expect(status, wanted, what, body):
    if status != wanted:
        sys.exit(f"manage_bench: {what}: {status} {json.dumps(body)[:600]}")


# --- Setup ---

def eligible_nations(server, count):
    connection = server.connection()
    chosen = []
    for nation in CANDIDATES:
        status, _, body = call(connection, "GET", f"/api/v1/eligibility?nation={nation}&activity=individual-programme")
        expect(status, 200, f"eligibility of {nation}", body)
        if body.get("relation") == "partner" and body.get("eligible") == "yes":
            chosen.append(nation)
        if len(chosen) == count:
            return chosen
    sys.exit(f"manage_bench: only {len(chosen)} eligible partners among the candidates; ask for fewer nations")


def add_user(db, name, role, nation=None):
    command = [ENTENTE, "user", "add", name, "--role", role, "--password-stdin", "--db", db]
    if nation:
        command += ["--nation", nation]
    subprocess.run(command, input=PASSWORD + "\n", text=True, check=True, stdout=subprocess.DEVNULL)


def token_of(server, name):
    connection = server.connection()
    status, response, body = call(connection, "POST", "/api/v1/session", {"username": name, "password": PASSWORD})
    expect(status, 201, f"session of {name}", body)
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]
    status, _, body = call(connection, "POST", "/api/v1/tokens", {"name": "bench", "expires_in_days": 30},
                           {"Cookie": cookie, "X-CSRF-Token": body["csrf_token"]})
    expect(status, 201, f"token of {name}", body)
    return body["token"]


def create_events(server, staff_token, nations, count):
    connection = server.connection()
    headers = {"Authorization": "Bearer " + staff_token}
    ids = []
    for k in range(count):
        status, response, body = call(connection, "POST", "/api/v1/events", {
            "menu_item": "ndc-senior-course", "title": f"Partnership course {k + 1}", "kind": "course",
            "activity": "education-training", "from": "2027-03-01", "to": "2027-03-12", "location": "Rome",
            "capacity": 10000}, headers)
        expect(status, 201, "creating an event", body)
        event = body["id"]
        status, response, body = call(connection, "POST", f"/api/v1/events/{event}/invitations",
                                      {"nations": list(nations)}, headers)
        expect(status, 201, "inviting the nations", body)
        status, response, body = call(connection, "POST", f"/api/v1/events/{event}/transitions", {"action": "open"},
                                      {**headers, "If-Match": response.getheader("ETag")})
        expect(status, 200, "opening the event", body)
        ids.append(event)
    return ids


def menu_items():
    with open(os.path.join(ROOT, "data/cooperation_menu.csv"), newline="") as source:
        return [(row["id"], row["title"]) for row in csv.DictReader(source)]


def user_nation(user, nations):
    return nations[user % len(nations)]


def officer_name(user, nations):
    return f"officer-{user_nation(user, nations).lower()}-{user:02d}"


def preload(db, programmes, activities, users, nations):
    """`programmes` draft programmes with their objectives, goals and activities, in one
    transaction, in the columns of migration 12."""
    menu = menu_items()
    at = "2026-11-30T09:00:00.000Z"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    assert conn.execute("SELECT count(*) FROM programmes").fetchone()[0] == 0
    conn.execute("BEGIN IMMEDIATE")
    rows_p, rows_o, rows_g, rows_a = [], [], [], []
    for p in range(1, programmes + 1):
        user = (p - 1) % users
        nation = user_nation(user, nations)
        rows_p.append((p, 1, nation, "NATO", f"Individually Tailored Partnership Programme {nation} {p:04d}",
                       "2026-01-01", "2029-12-31", "2027-12-31" if p % 2 else None, "draft",
                       officer_name(user, nations), at, at))
        for o in range(OBJECTIVES):
            objective = (p - 1) * OBJECTIVES + o + 1
            rows_o.append((objective, 1, p, f"Objective {o + 1}: interoperable forces and defence reform",
                           "Bring the units declared under the programme to NATO standards of command and control, "
                           "logistics and training, with democratic oversight of the defence sector."))
        for g in range(GOALS):
            goal = (p - 1) * GOALS + g + 1
            objective = (p - 1) * OBJECTIVES + g % OBJECTIVES + 1
            rows_g.append((goal, 1, p, objective, 0, f"PG-{g + 1:02d}", f"Partnership goal {g + 1}: a deployable unit",
                           "Evaluated at NEL2 by the end of the period; staff trained in NATO procedures"))
        for a in range(activities):
            goal = (p - 1) * GOALS + a % GOALS + 1
            item, title = menu[a % len(menu)]
            start = datetime.date(2026, 1, 5) + datetime.timedelta(days=(a * 13) % 1400)
            rows_a.append((None, 1, p, goal, item, title, start.isoformat(),
                           (start + datetime.timedelta(days=5)).isoformat(), "done" if a % 7 == 0 else "planned"))
    conn.executemany("INSERT INTO programmes (id, version, nation, organisation, title, period_from, period_to, "
                     "review_on, state, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows_p)
    conn.executemany("INSERT INTO programme_objectives (id, version, programme, title, description) "
                     "VALUES (?,?,?,?,?)", rows_o)
    conn.executemany("INSERT INTO partnership_goals (id, version, programme, objective, cycle, code, title, indicator) "
                     "VALUES (?,?,?,?,?,?,?,?)", rows_g)
    conn.executemany("INSERT INTO programme_activities (id, version, programme, goal, menu_item, title, valid_from, "
                     "valid_to, state) VALUES (?,?,?,?,?,?,?,?,?)", rows_a)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return len(rows_a), len(rows_o), len(rows_g)


def prepare(args):
    db = os.path.join(OUT, "prepared.db")
    subprocess.run([ENTENTE, "init", "--db", db, "--data", os.path.join(ROOT, "data")], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    server = Server(db, "prepare")
    nations = eligible_nations(server, args.nations)
    staff = [f"staff-{k + 1}" for k in range(STAFF)]
    for name in staff:
        add_user(db, name, "alliance-staff")
    officers = [officer_name(u, nations) for u in range(args.users)]
    for u, name in enumerate(officers):
        add_user(db, name, "nation-officer", user_nation(u, nations))
    staff_tokens = [token_of(server, name) for name in staff]
    officer_tokens = [token_of(server, name) for name in officers]
    events = create_events(server, staff_tokens[0], nations, args.events)
    server.stop()
    begin = time.perf_counter()
    counts = preload(db, args.programmes, args.activities, args.users, nations)
    took = time.perf_counter() - begin
    return db, nations, staff_tokens, officer_tokens, events, counts, took


# --- The load generator: raw HTTP/1.1 over asyncio, several processes ---

class Client:
    def __init__(self, host, port):
        self.host, self.port = host, port

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def request(self, method, path, headers, body=b""):
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n{headers}"
        if body:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        fields = {}
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                fields[name.strip().lower()] = value.strip()
        length = int(fields.get("content-length", "0"))
        if "chunked" in fields.get("transfer-encoding", ""):
            raise RuntimeError("chunked replies are not read by this client")
        payload = await self.reader.readexactly(length) if length else b""
        if fields.get("connection", "").lower() == "close":
            self.writer.close()
            await self.open()
        return status, fields, payload


async def user_loop(user, client, plan, start_at, end_at, record, failures):
    nations, officer_tokens, staff_tokens, events, programmes, users = plan
    rng = random.Random(1000 + user)
    officer = f"Authorization: Bearer {officer_tokens[user]}\r\n"
    staff = f"Authorization: Bearer {staff_tokens[user % len(staff_tokens)]}\r\n"
    nation = user_nation(user, nations)
    readable = [p for p in range(1, programmes + 1) if user_nation((p - 1) % users, nations) == nation]
    own = list(range(user + 1, programmes + 1, users))
    etags = {p: '"r1"' for p in own}
    steps = {p: 0 for p in own}
    turn = 0
    registered = 0
    await client.open()
    await asyncio.sleep(max(0.0, start_at - time.time()))
    while True:
        r = rng.random()
        if r < 0.8 or not own:
            kind = "page"
            method, path, headers, body = "GET", f"/api/v1/programmes/{rng.choice(readable)}", officer, b""
        elif r < 0.9:
            kind = "transition"
            programme = own[turn % len(own)]
            action, who, comment = CYCLE[steps[programme]]
            method, path = "POST", f"/api/v1/programmes/{programme}/transitions"
            headers = (officer if who == "officer" else staff) + f"If-Match: {etags[programme]}\r\n"
            body = json.dumps({"action": action, "comment": comment}).encode()
        else:
            kind = "registration"
            registered += 1
            event = events[(user + registered) % len(events)]
            method, path, headers = "POST", f"/api/v1/events/{event}/registrations", officer
            body = json.dumps({"participant": f"Participant {user:02d}-{registered:05d}"}).encode()
        begin = time.perf_counter()
        status, fields, payload = await client.request(method, path, headers, body)
        latency = time.perf_counter() - begin
        if time.time() > end_at:
            break
        record[kind].append(latency)
        if not 200 <= status < 300:
            failures.setdefault((kind, status), (f"{method} {path} {body.decode()[:200]}", payload[:600].decode()))
            failures[("count", kind)] = failures.get(("count", kind), 0) + 1
        if kind == "transition":
            if status == 200:
                etags[programme] = fields["etag"]
                steps[programme] = (steps[programme] + 1) % len(CYCLE)
                if steps[programme] == 0:
                    turn += 1  # the cycle is done: the next of the user's programmes
            else:  # read where it stands, and go on from there
                status, fields, payload = await client.request("GET", f"/api/v1/programmes/{programme}", officer)
                etags[programme] = fields.get("etag", etags[programme])
                state = json.loads(payload).get("state", "draft")
                steps[programme] = STATE_BEFORE.index(state) if state in STATE_BEFORE else 0
    client.writer.close()


def client_process(users, host, port, plan, start_at, seconds, queue):
    async def run():
        record = {kind: [] for kind in KINDS}
        failures = {}
        clients = [Client(host, port) for _ in users]
        end_at = start_at + seconds
        tasks = [user_loop(u, c, plan, start_at, end_at, record, failures) for u, c in zip(users, clients)]
        before = None

        async def mark():
            nonlocal before
            await asyncio.sleep(max(0.0, start_at - time.time()))
            before = resource.getrusage(resource.RUSAGE_SELF)

        await asyncio.gather(mark(), *tasks)
        after = resource.getrusage(resource.RUSAGE_SELF)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        return record, failures, cpu

    queue.put(asyncio.run(run()))


def mixed_run(server, args, plan, perf_file=None):
    start_at = time.time() + 1.5
    queue = multiprocessing.Queue()
    groups = [list(range(k, args.users, args.clients)) for k in range(args.clients)]
    processes = [multiprocessing.Process(target=client_process,
                                         args=(group, server.host, server.port, plan, start_at, args.seconds, queue))
                 for group in groups]
    for process in processes:
        process.start()
    time.sleep(max(0.0, start_at - time.time()))
    load_before = load()
    cpu_before = cpu_seconds(server.process.pid)
    perf = None
    if perf_file:
        perf = subprocess.Popen(["perf", "record", "-F", "199", "--call-graph", "dwarf,16384", "-o", perf_file, "-p",
                                 str(server.process.pid), "--", "sleep", str(args.seconds)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(args.seconds)
    server_cpu = cpu_seconds(server.process.pid) - cpu_before
    results = [queue.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    if perf:
        perf.wait(timeout=60)
    record = {kind: sorted(x for r in results for x in r[0][kind]) for kind in KINDS}
    failures = {}
    for r in results:
        for key, value in r[1].items():
            if key[0] == "count":
                failures[key] = failures.get(key, 0) + value
            else:
                failures.setdefault(key, value)
    client_cpu = sum(r[2] for r in results)
    return record, failures, server_cpu, client_cpu, load_before


def read_every_page(server, staff_token, programmes):
    connection = server.connection()
    headers = {"Authorization": "Bearer " + staff_token}
    sizes = []
    begin = time.perf_counter()
    for p in range(1, programmes + 1):
        connection.request("GET", f"/api/v1/programmes/{p}", headers=headers)
        response = connection.getresponse()
        body = response.read()
        expect(response.status, 200, f"GET /api/v1/programmes/{p}", body[:600])
        sizes.append(len(body))
    return time.perf_counter() - begin, statistics.median(sizes)


# --- The peer: Python's sqlite3, several processes, the same mix ---

def columns(conn, table):
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def select_sql(conn, table, where):
    """The server's SELECT (store/sqlite_rows.cpp): every column, ORDER BY id LIMIT ? OFFSET ?."""
    return (f"SELECT {', '.join(columns(conn, table))} FROM {table} WHERE "
            + " AND ".join(f"{column} = ?" for column in where) + " ORDER BY id LIMIT ? OFFSET ?")


def peer_process(index, processes, db, programmes, events, nations, users, seconds, start_at, write_lock, queue):
    conn = sqlite3.connect(db, isolation_level=None, timeout=5.0, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    reads = [(select_sql(conn, "programmes", ["id"]), lambda p: (p,)),
             (select_sql(conn, "programme_objectives", ["programme"]), lambda p: (p,)),
             (select_sql(conn, "partnership_goals", ["programme"]), lambda p: (p,)),
             (select_sql(conn, "programme_activities", ["programme"]), lambda p: (p,)),
             (select_sql(conn, "workflow_transitions", ["workflow", "subject"]), lambda p: ("itpp", p)),
             (select_sql(conn, "council_rounds", ["workflow", "subject"]), lambda p: ("itpp", p))]
    update = "UPDATE programmes SET version = version + 1, state = ?, updated_at = ? WHERE id = ? AND version = ? " \
             "RETURNING version"
    insert_transition = ("INSERT INTO workflow_transitions (version, workflow, subject, action, from_state, to_state, "
                         "actor, actor_role, actor_nation, comment, at, effective, request_id) "
                         "VALUES (1, 'itpp', ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)")
    insert_audit = ("INSERT INTO audit_log (at, actor, action, record_kind, record_id, before, after, reason, "
                    "request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
    count_registered = "SELECT count(*) FROM registrations WHERE event = ? AND state = ?"
    insert_registration = ("INSERT INTO registrations (version, event, nation, participant, state, registered_by, at) "
                           "VALUES (1, ?, ?, ?, ?, ?, ?)")
    rng = random.Random(5000 + index)
    own = list(range(index + 1, programmes + 1, processes))
    versions = {p: 1 for p in own}
    steps = {p: 0 for p in own}
    turn = 0
    registered = 0
    record = {kind: [] for kind in KINDS}
    while time.time() < start_at:
        time.sleep(0.001)
    before = resource.getrusage(resource.RUSAGE_SELF)
    end_at = start_at + seconds
    while True:
        r = rng.random()
        begin = time.perf_counter()
        if r < 0.8:
            kind = "page"
            p = rng.randint(1, programmes)
            conn.execute("BEGIN")
            for sql, binds in reads:
                conn.execute(sql, binds(p) + (-1, 0)).fetchall()
            conn.execute("COMMIT")
        elif r < 0.9:
            kind = "transition"
            p = own[turn % len(own)]
            step = steps[p]
            action, who, comment = CYCLE[step]
            user = (p - 1) % users
            actor, role, nation = ((officer_name(user, nations), "nation-officer", user_nation(user, nations))
                                   if who == "officer" else (f"staff-{user % STAFF + 1}", "alliance-staff", ""))
            at = now_text()
            request_id = os.urandom(8).hex()
            with write_lock:
                conn.execute("BEGIN IMMEDIATE")
                row = conn.execute(update, (STATE_AFTER[step], at, p, versions[p])).fetchone()
                assert row is not None, "a peer transition lost its version"
                conn.execute(insert_transition, (p, action, STATE_BEFORE[step], STATE_AFTER[step], actor, role, nation,
                                                 comment, at, request_id))
                conn.execute(insert_audit, (at, actor, "step", "programme", p,
                                            f'{{"state":"{STATE_BEFORE[step]}","version":{versions[p]}}}',
                                            f'{{"state":"{STATE_AFTER[step]}","action":"{action}"}}', comment,
                                            request_id))
                conn.execute("COMMIT")
            versions[p] = row[0]
            steps[p] = (step + 1) % len(CYCLE)
            if steps[p] == 0:
                turn += 1
        else:
            kind = "registration"
            registered += 1
            event = events[(index + registered) % len(events)]
            user = rng.randrange(users)
            nation, actor = user_nation(user, nations), officer_name(user, nations)
            participant = f"Participant {index:02d}-{registered:05d}"
            at = now_text()
            with write_lock:
                conn.execute("BEGIN IMMEDIATE")
                taken = conn.execute(count_registered, (event, "registered")).fetchone()[0]
                state = "registered" if taken < 10000 else "waitlisted"
                cursor = conn.execute(insert_registration, (event, nation, participant, state, actor, at))
                after = json.dumps({"id": cursor.lastrowid, "version": 1, "event": event, "nation": nation,
                                    "participant": participant, "state": state, "registered_by": actor, "at": at},
                                   separators=(",", ":"))
                conn.execute(insert_audit, (at, actor, "create", "event", event, None, after, "",
                                            os.urandom(8).hex()))
                conn.execute("COMMIT")
        latency = time.perf_counter() - begin
        if time.time() > end_at:
            break
        record[kind].append(latency)
    after = resource.getrusage(resource.RUSAGE_SELF)
    conn.close()
    queue.put((record, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime))


def peer_run(db, args, nations, events):
    start_at = time.time() + 1.0
    queue = multiprocessing.Queue()
    write_lock = multiprocessing.Lock()
    processes = [multiprocessing.Process(target=peer_process,
                                         args=(k, args.peers, db, args.programmes, events, nations, args.users,
                                               args.seconds, start_at, write_lock, queue))
                 for k in range(args.peers)]
    for process in processes:
        process.start()
    time.sleep(max(0.0, start_at - time.time()))
    load_before = load()
    results = [queue.get(timeout=args.seconds + 120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    record = {kind: sorted(x for r in results for x in r[0][kind]) for kind in KINDS}
    return record, sum(r[1] for r in results), load_before


# --- Rounds and the report ---

def machine():
    model = "unknown processor"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    filesystem = subprocess.run(["df", "--output=fstype", OUT], capture_output=True, text=True).stdout.split()[-1]
    return (f"{os.cpu_count()} cores ({model}), Linux {platform.release()}, {filesystem} file system, "
            f"SQLite {sqlite3.sqlite_version} (Python's sqlite3 module and the server load the same library)")


def kind_rows(label, round_number, load_1, fsync, record, seconds, failures):
    rows = []
    for kind in KINDS:
        values = record[kind]
        errors = failures.get(("count", kind), 0) if failures is not None else None
        rows.append(f"| {round_number} | {load_1:.2f} | {fsync:.1f} ms | {label} | {kind} | {len(values):,} "
                    f"| {len(values) / seconds:,.0f} "
                    f"| {ms(percentile(values, 0.5))} | {ms(percentile(values, 0.99))} "
                    f"| {ms(percentile(values, 0.999))} | {'—' if errors is None else errors} |")
    return rows


def main():
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--users", type=int, default=64)
    parser.add_argument("--programmes", type=int, default=1000)
    parser.add_argument("--activities", type=int, default=100)
    parser.add_argument("--nations", type=int, default=32)
    parser.add_argument("--events", type=int, default=4)
    parser.add_argument("--clients", type=int, default=2, help="load generator processes")
    parser.add_argument("--peers", type=int, default=os.cpu_count(), help="peer processes")
    parser.add_argument("--threads", type=int, default=2, help="the server's I/O threads (default 2, one per core)")
    parser.add_argument("--perf", help="perf record the server into this file during the last round")
    parser.add_argument("--dir", default=OUT, help="where the databases are written (default: bench/out/manage; "
                        "a tmpfs such as /dev/shm/manage takes the disk out of the measure)")
    args = parser.parse_args()
    OUT = os.path.abspath(args.dir)
    Server.threads = args.threads
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    db, nations, staff_tokens, officer_tokens, events, counts, took = prepare(args)
    activities, objectives, goals = counts
    print(machine())
    print()
    print(f"Setup: {len(nations)} partner nations ({', '.join(nations)}), {args.users} officers (one per user) "
          f"and {STAFF} staff, each with an API token; {len(events)} open events (capacity 10,000, every bench "
          f"nation invited), through the API. Preloaded with Python's sqlite3 in one transaction "
          f"({took:.1f} s): {args.programmes:,} programmes, {objectives:,} objectives, {goals:,} goals, "
          f"{activities:,} activities. Database: {mib(file_size(db) / 1024)}.")
    print()
    plan = (nations, officer_tokens, staff_tokens, events, args.programmes, args.users)
    table, ratios, memories, shares, failures_all = [], [], [], [], {}
    for round_number in range(1, args.rounds + 1):
        server_db = fresh_copy(db, f"entente-{round_number}.db")
        peer_db = fresh_copy(db, f"peer-{round_number}.db")

        def run_server():
            server = Server(server_db, f"entente-{round_number}")
            started = memory(server.process.pid)
            read_all, page_bytes = read_every_page(server, staff_tokens[0], args.programmes)
            after_pages = memory(server.process.pid)
            perf_file = args.perf if args.perf and round_number == args.rounds else None
            with DiskProbe() as probe:
                outcome = mixed_run(server, args, plan, perf_file)
            at_end = memory(server.process.pid)
            server.stop()
            return outcome, probe.median_ms(), (started, after_pages, at_end, read_all, page_bytes)

        def run_peer():
            with DiskProbe() as probe:
                outcome = peer_run(peer_db, args, nations, events)
            return outcome, probe.median_ms()

        # Alternate which goes first, so that a drift of the disk or the load favours neither.
        if round_number % 2:
            server_outcome, fsync_server, mem = run_server()
            peer_outcome, fsync_peer = run_peer()
        else:
            peer_outcome, fsync_peer = run_peer()
            server_outcome, fsync_server, mem = run_server()
        record, failures, server_cpu, client_cpu, load_server = server_outcome
        peer_record, peer_cpu, load_peer = peer_outcome
        started, after_pages, at_end, read_all, page_bytes = mem
        for key, value in failures.items():
            if key[0] != "count":
                failures_all.setdefault(key, value)
        table += kind_rows("entente", round_number, load_server[0], fsync_server, record, args.seconds, failures)
        table += kind_rows(f"peer ({args.peers} processes)", round_number, load_peer[0], fsync_peer, peer_record,
                           args.seconds, None)
        rates = {kind: len(record[kind]) / args.seconds for kind in KINDS}
        peer_rates = {kind: len(peer_record[kind]) / args.seconds for kind in KINDS}
        ratios.append((round_number, rates, peer_rates, percentile(record["transition"], 0.99)))
        memories.append((round_number, started, after_pages, at_end, file_size(server_db), read_all, page_bytes))
        shares.append((round_number, server_cpu, client_cpu, peer_cpu, sum(len(record[k]) for k in KINDS),
                       sum(len(peer_record[k]) for k in KINDS)))
        for path in (server_db, peer_db):  # keep bench/out small
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)

    cores = os.cpu_count()
    print(f"Mixed workload, {args.users} users, {args.seconds:g} s a run, closed loop; entente and the peer in the "
          f"same round, one after the other (alternating which goes first); load = the 1-minute load average when "
          f"the run started; "
          f"commit = the median time of a 4 KiB overwrite and fdatasync in the same directory, sampled 5 times a "
          f"second during the run")
    print()
    print("| round | load | commit | who | kind | requests | per second | p50 | p99 | p99.9 | not 2xx |")
    print("|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(table))
    print()
    print("| round | entente transitions/s | peer | entente / peer | entente page reads/s | peer | entente / peer "
          "| transitions p99 |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for round_number, rates, peer_rates, p99 in ratios:
        print(f"| {round_number} | {rates['transition']:,.0f} | {peer_rates['transition']:,.0f} "
              f"| {rates['transition'] / peer_rates['transition']:.2f} | {rates['page']:,.0f} "
              f"| {peer_rates['page']:,.0f} | {rates['page'] / peer_rates['page']:.2f} | {ms(p99)} |")
    print()
    median_round = sorted(ratios, key=lambda r: r[1]["transition"])[len(ratios) // 2]
    t_ratios = [r[1]["transition"] / r[2]["transition"] for r in ratios]
    p_ratios = [r[1]["page"] / r[2]["page"] for r in ratios]
    print(f"Median round (by transitions/s): round {median_round[0]}: **{median_round[1]['transition']:,.0f} "
          f"transitions/s**, p99 {ms(median_round[3])}; {median_round[1]['page']:,.0f} page reads/s. "
          f"entente / peer: transitions {statistics.median(t_ratios):.2f} ({min(t_ratios):.2f}–{max(t_ratios):.2f}), "
          f"page reads {statistics.median(p_ratios):.2f} ({min(p_ratios):.2f}–{max(p_ratios):.2f}).")
    print()
    print("CPU during the mixed run (share of the machine's cores × the run's seconds):")
    print()
    print("| round | entente serve | its CPU per request | load generator | peer processes | their CPU per request |")
    print("|---:|---:|---:|---:|---:|---:|")
    for round_number, server_cpu, client_cpu, peer_cpu, requests, operations in shares:
        whole = cores * args.seconds
        print(f"| {round_number} | {server_cpu / whole:.0%} ({server_cpu:.1f} s) "
              f"| {server_cpu / requests * 1000:.2f} ms "
              f"| {client_cpu / whole:.0%} ({client_cpu:.1f} s) | {peer_cpu / whole:.0%} ({peer_cpu:.1f} s) "
              f"| {peer_cpu / operations * 1000:.2f} ms |")
    print()
    print("Memory of `entente serve` (VmRSS / VmHWM):")
    print()
    print("| round | after start | after reading every programme once | end of the mixed run "
          "| database file (+ WAL) at the end | every page once, one connection |")
    print("|---:|---:|---:|---:|---:|---:|")
    for round_number, started, after_pages, at_end, size, read_all, page_bytes in memories:
        print(f"| {round_number} | {mib(started[0])} / {mib(started[1])} | {mib(after_pages[0])} / "
              f"{mib(after_pages[1])} | {mib(at_end[0])} / {mib(at_end[1])} | {mib(size / 1024)} "
              f"| {read_all:.2f} s ({args.programmes / read_all:,.0f} pages/s, {page_bytes / 1024:.1f} KiB a page) |")
    print()
    if failures_all:
        print("Replies other than 2xx (the first of each kind):")
        print()
        for (kind, status), (request, reply) in sorted(failures_all.items()):
            print(f"- {kind} {status}: `{request}` → `{reply}`")
    else:
        print("Replies other than 2xx: none.")


if __name__ == "__main__":
    main()
