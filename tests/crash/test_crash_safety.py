#!/usr/bin/env python3
"""Crash safety: `entente serve` killed with SIGKILL in the middle of a stream of edits loses no
edit it acknowledged, leaves no half-written edit, and starts again on the same database.

One database is prepared once: the reference data, a staff account and an API token. Each round
starts the server on a fresh copy of it, streams audited edits from a few client threads (each
edit a POST /api/v1/plans of a one-day period on a day of its own, so that no two conflict), and
sends SIGKILL once a random number of edits have been acknowledged, after a random delay of up to
2 ms, so that the kill falls anywhere in the write path. Then:

- the database as the process left it (the main file and the write-ahead log, copied aside and
  opened by Python's sqlite3) passes PRAGMA integrity_check;
- every edit acknowledged with 201 is in partnership_plans with the fields that were sent, and
  has its audit_log row (record_kind 'plan', record_id its id, action 'create');
- no audit row lacks its record, no new record lacks its audit row, and the store revision rose
  by exactly the number of edits that survived: an edit is there whole or not at all;
- the server starts again on that database, serves every acknowledged edit (GET
  /api/v1/plans/{id} is 200 with the same fields), accepts a new edit and stops cleanly on
  SIGTERM; every few rounds the database is checked again after that restart.

SIGKILL ends the process, not the machine: the page cache survives it, so this covers the
server's transactions and SQLite's recovery of its log, not the order in which a disk writes
on power loss.

The kill points come from one seed, printed first; each round draws from its own stream
(seed, round), so `--seed S --round R` replays the draws of one round. Thread scheduling still
varies between runs, which is the point of running many rounds.

    test_crash_safety.py --entente BIN --data DIR --work DIR [--rounds 100] [--clients 4]
                         [--seed N] [--round R] [--web DIR] [--scenarios DIR]
"""
import argparse
import datetime
import http.client
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time

PASSWORD = "ochre lantern meridian"
ACCOUNT = "crash-test"
SOURCE = "https://example.org/crash-test"
# One lane per client: a nation with no IPAP in the reference data that existed long before
# FIRST_DAY, so that every edit of a lane is valid and none overlaps another. Clients write from
# FIRST_DAY on; the edit after a restart takes a day before it.
LANES = ("FIN", "SWE", "CHE", "IRL", "AUT", "ESP", "NOR", "ISL")
PLAN = "IPAP"
FIRST_DAY = datetime.date(1990, 1, 1)
MAX_ACKNOWLEDGED_BEFORE_KILL = 80
MAX_KILL_DELAY_SECONDS = 0.002
RECHECK_AFTER_RESTART_EVERY = 5  # rounds
RECORD_TABLES = {"membership": "memberships", "partnership": "partnerships", "plan": "partnership_plans"}
TIMEOUT = 15  # seconds: start-up, a request, a condition awaited


class Failure(Exception):
    pass


class Server:
    """One `entente serve` on an ephemeral port; stdout and stderr go to files, so that no pipe
    can fill up and stall it."""

    def __init__(self, options, db, name):
        self.stdout_path = os.path.join(options.work, name + ".stdout")
        self.stderr_path = os.path.join(options.work, name + ".stderr")
        self.args = [options.entente, "serve", "--db", db, "--port", "0", "--threads", "2", "--access-log", "off",
                     "--web", options.web, "--scenarios", options.scenarios]
        with open(self.stdout_path, "wb") as stdout, open(self.stderr_path, "wb") as stderr:
            self.process = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
        self.host, self.port = self._wait_for_address()

    def _wait_for_address(self):
        deadline = time.monotonic() + TIMEOUT
        while True:
            with open(self.stdout_path, "rb") as stdout:
                line = stdout.readline().decode("utf-8", "replace")
            if line.endswith("\n") and line.startswith("listening on http://"):
                host, port = line.strip().removeprefix("listening on http://").rsplit(":", 1)
                return host, int(port)
            if self.process.poll() is not None:
                raise Failure(f"`{' '.join(self.args)}` exited with {self.exit_description()} before listening:\n"
                              f"{self.stderr_tail()}")
            if time.monotonic() > deadline:
                self.kill()
                raise Failure(f"`{' '.join(self.args)}` printed no 'listening on' line within {TIMEOUT} s:\n"
                              f"{self.stderr_tail()}")
            time.sleep(0.005)

    def connection(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)

    def stderr_tail(self, lines=15):
        with open(self.stderr_path, "rb") as stderr:
            text = stderr.read().decode("utf-8", "replace")
        return "\n".join("    " + line for line in text.splitlines()[-lines:])

    def exit_description(self):
        code = self.process.returncode
        if code is not None and code < 0:
            return f"signal {signal.Signals(-code).name}"
        return f"exit code {code}"

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=TIMEOUT)

    def stop(self):
        """SIGTERM; the server must exit with 0."""
        self.process.terminate()
        try:
            self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            raise Failure(f"the server did not stop within {TIMEOUT} s of SIGTERM:\n{self.stderr_tail()}") from None
        if self.process.returncode != 0:
            raise Failure(f"the server stopped with {self.exit_description()} on SIGTERM:\n{self.stderr_tail()}")


def request(connection, method, path, body=None, headers=None):
    """The status, headers and parsed JSON body of one request on `connection`."""
    data = None if body is None else json.dumps(body).encode()
    all_headers = dict(headers or {})
    if data is not None:
        all_headers["Content-Type"] = "application/json"
    connection.request(method, path, body=data, headers=all_headers)
    response = connection.getresponse()
    raw = response.read()
    return response.status, response, json.loads(raw) if raw else None


def plan_edit(nation, day, reason):
    return {"organisation": "NATO", "nation": nation, "plan": PLAN, "from": day.isoformat(),
            "to": (day + datetime.timedelta(days=1)).isoformat(), "source": SOURCE, "reason": reason}


class Baseline:
    """What the prepared database holds before any round writes to it."""

    def __init__(self, db):
        with sqlite3.connect(db) as conn:
            self.max_plan_id = conn.execute("SELECT coalesce(max(id), 0) FROM partnership_plans").fetchone()[0]
            self.max_audit_id = conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
            self.revision = conn.execute("SELECT revision FROM store_revision").fetchone()[0]
        conn.close()


def prepare_database(options):
    """The database every round copies: the reference data, a staff account, an API token. Made
    by the server itself and closed cleanly, so that it is one file without a log."""
    db = os.path.join(options.work, "prepared.db")
    subprocess.run([options.entente, "init", "--db", db, "--data", options.data], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([options.entente, "user", "add", ACCOUNT, "--role", "alliance-staff", "--password-stdin",
                    "--db", db], input=PASSWORD + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
    server = Server(options, db, "prepare")
    try:
        connection = server.connection()
        status, response, body = request(connection, "POST", "/api/v1/session",
                                         {"username": ACCOUNT, "password": PASSWORD})
        if status != 201:
            raise Failure(f"signing in answered {status}: {body}")
        cookie = response.getheader("Set-Cookie").split(";", 1)[0]
        status, _, body = request(connection, "POST", "/api/v1/tokens", {"name": "crash-test", "expires_in_days": 30},
                                  {"Cookie": cookie, "X-CSRF-Token": body["csrf_token"]})
        if status != 201:
            raise Failure(f"creating an API token answered {status}: {body}")
        connection.close()
    finally:
        server.stop()
    if os.path.exists(db + "-wal"):
        raise Failure("the prepared database still has a write-ahead log after a clean stop")
    return db, body["token"]


class EditStream(threading.Thread):
    """One client: creates plans of its lane one after another on one keep-alive connection until
    the server goes away or `stop` is set. Acknowledged edits go to the shared `acknowledged`."""

    def __init__(self, server, token, nation, round_number, shared):
        super().__init__(daemon=True)
        self.server = server
        self.headers = {"Authorization": "Bearer " + token}
        self.nation = nation
        self.reason = f"crash test, round {round_number}"
        self.shared = shared

    def run(self):
        connection = self.server.connection()
        day = FIRST_DAY
        while not self.shared.stop.is_set():
            edit = plan_edit(self.nation, day, self.reason)
            try:
                status, _, body = request(connection, "POST", "/api/v1/plans", edit, self.headers)
            except (OSError, http.client.HTTPException, ValueError) as error:
                self.shared.lost(self.nation, error)
                break
            if status != 201:
                self.shared.unexpected(f"POST /api/v1/plans {edit} answered {status}: {body}")
                break
            self.shared.acknowledge(body["id"], edit)
            day += datetime.timedelta(days=1)
        connection.close()


class RoundState:
    """What the client threads of one round share with it."""

    def __init__(self):
        self.changed = threading.Condition()
        self.acknowledged = []  # (id, edit) in the order the replies arrived
        self.problems = []
        self.stop = threading.Event()
        self.killed = threading.Event()

    def acknowledge(self, record_id, edit):
        with self.changed:
            self.acknowledged.append((record_id, edit))
            self.changed.notify_all()

    def lost(self, nation, error):
        """A client's request failed: expected once the server is killed, a failure before."""
        with self.changed:
            if not self.killed.is_set():
                self.problems.append(f"client {nation} lost the server before the kill: {error!r}")
            self.changed.notify_all()

    def unexpected(self, problem):
        with self.changed:
            self.problems.append(problem)
            self.changed.notify_all()

    def wait_for(self, count):
        """Waits until `count` edits are acknowledged or a client reports a problem."""
        deadline = time.monotonic() + TIMEOUT
        with self.changed:
            while len(self.acknowledged) < count and not self.problems:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise Failure(f"{len(self.acknowledged)} of {count} edits acknowledged within {TIMEOUT} s")
                self.changed.wait(remaining)
            if self.problems:
                raise Failure("; ".join(self.problems))


def check_database(db, baseline, acknowledged, when):
    """The invariants of a database some edits were written to; raises Failure naming `when`.
    Returns the number of edits it holds beyond the prepared database."""
    problems = []
    conn = sqlite3.connect(db)
    try:
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"PRAGMA integrity_check: {integrity[:10]}")
        for record_id, edit in acknowledged:
            row = conn.execute("SELECT organisation, nation, plan, valid_from, valid_to, source, version "
                               "FROM partnership_plans WHERE id = ?", (record_id,)).fetchone()
            expected = (edit["organisation"], edit["nation"], edit["plan"], edit["from"], edit["to"], edit["source"], 1)
            if row != expected:
                problems.append(f"acknowledged plan {record_id} is {row}, not {expected}")
            audits = conn.execute("SELECT count(*) FROM audit_log WHERE record_kind = 'plan' AND record_id = ? "
                                  "AND action = 'create'", (record_id,)).fetchone()[0]
            if audits != 1:
                problems.append(f"acknowledged plan {record_id} has {audits} audit rows of its creation, not 1")
        for kind, table in RECORD_TABLES.items():
            orphans = conn.execute(f"SELECT a.id, a.action, a.record_id FROM audit_log a WHERE a.record_kind = ? "
                                   f"AND a.action <> 'delete' AND NOT EXISTS "
                                   f"(SELECT 1 FROM {table} r WHERE r.id = a.record_id)", (kind,)).fetchall()
            if orphans:
                problems.append(f"audit rows without their {kind}: {orphans[:10]}")
        unaudited = conn.execute("SELECT id FROM partnership_plans p WHERE id > ? AND NOT EXISTS "
                                 "(SELECT 1 FROM audit_log a WHERE a.record_kind = 'plan' AND a.record_id = p.id "
                                 "AND a.action = 'create')", (baseline.max_plan_id,)).fetchall()
        if unaudited:
            problems.append(f"plans without the audit row of their creation: {[row[0] for row in unaudited[:10]]}")
        written = conn.execute("SELECT count(*) FROM partnership_plans WHERE id > ?",
                               (baseline.max_plan_id,)).fetchone()[0]
        audited = conn.execute("SELECT count(*) FROM audit_log WHERE id > ?", (baseline.max_audit_id,)).fetchone()[0]
        revision = conn.execute("SELECT revision FROM store_revision").fetchone()[0]
        if not written == audited == revision - baseline.revision:
            problems.append(f"{written} new plans, {audited} new audit rows, revision up by "
                            f"{revision - baseline.revision}: an edit was written in part")
    finally:
        conn.close()
    if problems:
        raise Failure(f"{when}:\n  " + "\n  ".join(problems))
    return written


def copy_as_left(db, folder):
    """The database and its write-ahead log as the killed process left them, copied into `folder`
    (without the shared-memory index, which SQLite rebuilds from the log)."""
    os.makedirs(folder, exist_ok=True)
    image = os.path.join(folder, os.path.basename(db))
    for suffix in ("", "-wal"):
        if os.path.exists(db + suffix):
            shutil.copyfile(db + suffix, image + suffix)
    return image


def check_restart(options, db, token, acknowledged, name, round_number):
    """Starts the server again on `db`: every acknowledged edit is served, a new edit is accepted,
    SIGTERM stops it with 0. Returns the new edit as (id, edit)."""
    server = Server(options, db, name)
    try:
        connection = server.connection()
        for record_id, edit in acknowledged:
            status, _, body = request(connection, "GET", f"/api/v1/plans/{record_id}")
            if status != 200:
                raise Failure(f"after the restart, GET /api/v1/plans/{record_id} answered {status}: {body}")
            served = {key: body.get(key) for key in ("organisation", "nation", "plan", "from", "to", "source")}
            if served != {key: edit[key] for key in served}:
                raise Failure(f"after the restart, plan {record_id} is served as {served}, sent as {edit}")
        edit = plan_edit(LANES[0], FIRST_DAY - datetime.timedelta(days=round_number + 1), "after a restart")
        status, _, body = request(connection, "POST", "/api/v1/plans", edit, {"Authorization": "Bearer " + token})
        if status != 201:
            raise Failure(f"after the restart, a new edit answered {status}: {body}")
        connection.close()
    except (OSError, http.client.HTTPException) as error:
        server.kill()
        raise Failure(f"after the restart, no reply ({error!r}); the server's stderr ends with:\n"
                      f"{server.stderr_tail()}") from None
    except Failure:
        server.kill()
        raise
    server.stop()
    return body["id"], edit


def run_round(options, prepared, token, baseline, seed, round_number):
    """One round; returns a line that describes it, or raises Failure."""
    draw = random.Random(f"{seed}:{round_number}")
    target = draw.randint(0, MAX_ACKNOWLEDGED_BEFORE_KILL)
    delay = draw.uniform(0, MAX_KILL_DELAY_SECONDS)
    name = f"round-{round_number:03d}"
    db = os.path.join(options.work, "round.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    shutil.copyfile(prepared, db)

    server = Server(options, db, name)
    state = RoundState()
    clients = [EditStream(server, token, LANES[i], round_number, state) for i in range(options.clients)]
    try:
        for client in clients:
            client.start()
        state.wait_for(target)
        time.sleep(delay)  # where in the write path the kill lands
    finally:
        state.killed.set()
        server.kill()
        state.stop.set()
        for client in clients:
            client.join(timeout=TIMEOUT)
    if any(client.is_alive() for client in clients):
        raise Failure("a client thread did not end after the kill")
    if state.problems:
        raise Failure("; ".join(state.problems))
    if server.process.returncode != -signal.SIGKILL:
        raise Failure(f"the server ended with {server.exit_description()} before the kill:\n{server.stderr_tail()}")
    acknowledged = list(state.acknowledged)

    log_bytes = os.path.getsize(db + "-wal") if os.path.exists(db + "-wal") else 0
    image = copy_as_left(db, os.path.join(options.work, "as-left"))
    held = check_database(image, baseline, acknowledged, "the database as the killed server left it")
    extra = check_restart(options, db, token, acknowledged, name + "-restart", round_number)
    if round_number % RECHECK_AFTER_RESTART_EVERY == 0:
        check_database(db, baseline, acknowledged + [extra], "the database after the restart")
    return (f"round {round_number:3d}: kill after {target:2d} acknowledged + {delay * 1000:.2f} ms: "
            f"{len(acknowledged):3d} acknowledged, {held - len(acknowledged)} more committed, "
            f"a log of {log_bytes // 1024} KiB left")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entente", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--web", default="web/dist", help="the built browser UI")
    parser.add_argument("--scenarios", default="scenarios", help="the shipped scenarios")
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--clients", type=int, default=4, choices=range(1, len(LANES) + 1))
    parser.add_argument("--seed", type=int, help="the seed of the kill points (default: a new one, printed)")
    parser.add_argument("--round", type=int, help="run only this round of the seed")
    options = parser.parse_args()
    options.work = os.path.abspath(options.work)
    shutil.rmtree(options.work, ignore_errors=True)
    os.makedirs(options.work)
    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(2**32)
    print(f"seed {seed} (replay with --seed {seed}); {options.clients} clients", flush=True)

    try:
        prepared, token = prepare_database(options)
        baseline = Baseline(prepared)
        rounds = [options.round] if options.round is not None else range(1, options.rounds + 1)
        for round_number in rounds:
            started = time.monotonic()
            try:
                line = run_round(options, prepared, token, baseline, seed, round_number)
            except Failure as failure:
                print(f"round {round_number} FAILED (replay with --seed {seed} --round {round_number}): {failure}",
                      flush=True)
                return 1
            print(f"{line} ({time.monotonic() - started:.2f} s)", flush=True)
    except Failure as failure:
        print(f"FAILED: {failure}", flush=True)
        return 1
    print(f"{len(rounds)} rounds passed: no acknowledged edit lost, no edit written in part, every restart served them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
