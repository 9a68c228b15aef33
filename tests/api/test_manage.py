#!/usr/bin/env python3
"""Black-box and hostile tests of partnership management over HTTP: the real `entente serve` on
ephemeral ports, signed-in users (API tokens and session cookies), the replies checked against
the OpenAPI document the server serves (docs/openapi.json).

- Every reply of a manage route (and of /api/v1/audit) is checked as it arrives: its status is
  one the operation documents; a JSON body has exactly the keys of the documented schema,
  recursively ($ref, allOf, properties, required, items), with the documented types and enums;
  a problem+json has a stable `code` that its `type` repeats; a view documented with an ETag
  carries "r<version>"; a CSV has the documented x-columns. The findings are reported by the
  last test, one sub-test per operation and status.
- The ITPP over HTTP: drafted with its parts and submitted by the partner's officer, reviewed
  and referred by staff under the silence procedure, blocked by an Ally's objection, referred
  again and adopted when the server closes the deadline itself.
- Events: invitations, registration with a waiting list, attendance and feedback.
- Four eyes and N of M; concurrent writes with one If-Match; a deadline that passes while no
  server runs; two servers on one database; hostile input that must change nothing (the audit
  log gains no entry); the eligibility rules; the CSV forms.


    test_manage.py --entente BIN --data DIR --work DIR [--web DIR] [--scenarios DIR] [unittest args]
"""
import argparse
import csv
import datetime
import http.client
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import unittest
import urllib.parse

OPTIONS = None
DOC = None  # the OpenAPI document, as the server serves it
MAIN_USERS = None
PREPARED_DB = None  # the reference data and the accounts, copied by the tests that need their own database
MAIN = None  # the server most tests share
PASSWORD = "ochre lantern meridian"
TIMEOUT = 20  # seconds: a request, start-up, a condition awaited

# name, role, nation
ACCOUNTS = (
    ("geo-officer", "nation-officer", "GEO"),  # a partner's officer
    ("ukr-officer", "nation-officer", "UKR"),  # another partner's
    ("fra-officer", "nation-officer", "FRA"),  # an Ally's
    ("rus-officer", "nation-officer", "RUS"),  # a suspended partner's
    ("staff-a", "alliance-staff", None),
    ("staff-b", "alliance-staff", None),
    ("staff-c", "alliance-staff", None),
    ("reader", "viewer", None),
)

# The routes whose replies are checked against the document.
CHECKED_PREFIXES = ("/api/v1/menu", "/api/v1/dcb-packages", "/api/v1/workflows", "/api/v1/programmes",
                    "/api/v1/rounds", "/api/v1/transitions", "/api/v1/inbox", "/api/v1/parp", "/api/v1/evaluations",
                    "/api/v1/events", "/api/v1/audit")
# The problem codes a client may branch on.
BAD_REQUEST = ("invalid-argument", "invalid-date")  # a malformed field (the document's BadRequest)
STABLE_CODES = {"invalid-argument", "invalid-date", "unknown-nation", "unknown-organisation", "unknown-framework",
                "not-found", "invalid-data", "conflict", "precondition-required", "refused", "forbidden",
                "unauthenticated", "csrf-failed", "forbidden-origin", "unsupported-media-type", "method-not-allowed",
                "not-acceptable", "too-many-requests", "body-too-large"}


# --- Time -------------------------------------------------------------------------------------

def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def instant(moment):
    """RFC 3339 with milliseconds, as the server writes instants."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def today():
    return utc_now().date()


def period(start_in_days=30, years=3):
    start = today() + datetime.timedelta(days=start_in_days)
    return start.isoformat(), (start + datetime.timedelta(days=365 * years)).isoformat()


def wait_until(moment):
    """Returns once the clock has passed `moment` (polls the clock)."""
    while utc_now() <= moment:
        time.sleep(0.02)


# --- The OpenAPI document and the conformance of replies ------------------------------------

class SchemaChecker:
    """`problems(schema, value)`: where `value` has other keys than `schema` documents (with a
    "required" list only those must be there; without one, every documented key), or another
    type or a value outside an enum; as expect_matches in src/server/router_test.cpp."""

    def __init__(self, document):
        self.document = document

    def resolve(self, schema):
        while isinstance(schema, dict) and "$ref" in schema:
            ref = schema["$ref"]
            assert ref.startswith("#/"), ref
            node = self.document
            for part in ref[2:].split("/"):
                node = node[part]
            schema = node
        return schema

    def merged(self, schema):
        schema = self.resolve(schema)
        if not isinstance(schema, dict) or "allOf" not in schema:
            return schema
        properties, required, all_required = {}, [], True
        for part in schema["allOf"]:
            whole = self.merged(part)
            own = whole.get("properties")
            if own is None:
                continue
            keys = whole.get("required")
            for key, prop in own.items():
                properties[key] = prop
                if keys is None or key in keys:
                    required.append(key)
            all_required = all_required and keys is None
        out = {"type": "object", "properties": properties}
        if not all_required:
            out["required"] = required
        return out

    @staticmethod
    def type_matches(kind, value):
        return {"integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
                "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
                "string": lambda v: isinstance(v, str),
                "boolean": lambda v: isinstance(v, bool),
                "array": lambda v: isinstance(v, list),
                "object": lambda v: isinstance(v, dict),
                "null": lambda v: v is None}.get(kind, lambda v: True)(value)

    def problems(self, schema, value, where="$"):
        schema = self.merged(schema)
        found = []
        if not isinstance(schema, dict):
            return found
        kinds = schema.get("type")
        if kinds is not None:
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if not any(self.type_matches(kind, value) for kind in kinds):
                found.append(f"{where} is {json.dumps(value)[:60]}, not of type {'/'.join(kinds)}")
                return found
        if "enum" in schema and value is not None and value not in schema["enum"]:
            found.append(f"{where} is {json.dumps(value)[:60]}, not one of the enum {schema['enum']}")
        properties = schema.get("properties")
        if properties is not None and isinstance(value, dict):
            required = schema.get("required")
            for key, prop in properties.items():
                if key not in value:
                    if required is None or key in required:
                        found.append(f"{where} lacks the documented key '{key}'")
                    continue
                found.extend(self.problems(prop, value[key], f"{where}.{key}"))
            for key in value:
                if key not in properties:
                    found.append(f"{where} has the undocumented key '{key}'")
        items = schema.get("items")
        if items is not None and isinstance(value, list):
            for index, item in enumerate(value):
                found.extend(self.problems(items, item, f"{where}[{index}]"))
        return found


class Conformance:
    """Every reply of a checked route, against the operation the document gives its path."""

    def __init__(self):
        self.lock = threading.Lock()
        self.checked = {}  # (method, template, status) -> number of replies
        self.findings = {}  # (method, template, status) -> {finding: an example request}

    @staticmethod
    def template_of(path):
        segments = path.split("/")
        while len(segments) > 1 and segments[-1] == "":
            segments.pop()
        for template in DOC["paths"]:
            parts = template.split("/")
            if len(parts) == len(segments) and all(
                    p == s or (p.startswith("{") and p.endswith("}") and s) for p, s in zip(parts, segments)):
                return template
        return None

    def response_of(self, operation, status):
        response = operation["responses"].get(str(status))
        return None if response is None else CHECKER.resolve(response)

    def check(self, method, target, reply):
        path = target.split("?", 1)[0]
        if not path.startswith(CHECKED_PREFIXES):
            return
        template = self.template_of(path)
        found = []
        key = (method, template or path, reply.status)
        if reply.content_type == "application/problem+json":
            found += self.problem_findings(reply)
            if reply.status == 400 and isinstance(reply.body, dict) and reply.body.get("instance") == "":
                template = None  # refused before routing (a target that is not UTF-8 once decoded)
        if template is None:
            if reply.status not in (400, 404):
                found.append(f"{reply.status} for a path the document does not describe")
        else:
            operation = DOC["paths"][template].get(method.lower())
            if operation is None:
                if reply.status != 405:
                    found.append(f"{method} is not documented for {template}, yet answered {reply.status}")
            else:
                found += self.operation_findings(operation, reply)
        with self.lock:
            self.checked[key] = self.checked.get(key, 0) + 1
            for finding in found:
                self.findings.setdefault(key, {}).setdefault(finding, f"{method} {target}")
        return found

    @staticmethod
    def problem_findings(reply):
        body = reply.body
        if not isinstance(body, dict):
            return ["a problem+json that is not a JSON object"]
        found = CHECKER.problems({"$ref": "#/components/schemas/Problem"}, body, "problem")
        code = body.get("code")
        if code not in STABLE_CODES:
            found.append(f"problem code {code!r} is not one of the stable codes")
        if body.get("type") != f"/problems/{code}":
            found.append(f"problem type {body.get('type')!r} does not name its code {code!r}")
        if body.get("status") != reply.status:
            found.append(f"problem status {body.get('status')} differs from the HTTP status {reply.status}")
        if not body.get("title") or not body.get("detail"):
            found.append("a problem without title or detail")
        return found

    def operation_findings(self, operation, reply):
        if reply.status == 304:
            return []  # a conditional GET (If-None-Match), which HTTP defines for every ETag
        response = self.response_of(operation, reply.status)
        if response is None:
            return [f"status {reply.status} is not documented (documented: {sorted(operation['responses'])})"]
        found = []
        content = response.get("content", {})
        if reply.status == 204 or not reply.raw:
            if content and reply.status != 204:
                found.append("an empty body where the document gives content")
            return found
        media = reply.content_type
        if media not in content:
            return found + [f"content type {media} is not documented (documented: {sorted(content)})"]
        if media == "text/csv":
            columns = content[media].get("x-columns")
            header = next(csv.reader(io.StringIO(reply.raw.decode("utf-8"))), [])
            if columns is not None and header != columns:
                found.append(f"CSV columns {header} differ from x-columns {columns}")
            return found
        if media == "application/problem+json":
            return found  # checked above, with the Problem schema
        schema = content[media].get("schema")
        if schema is not None:
            found += CHECKER.problems(schema, reply.body, "body")
        if "ETag" in response.get("headers", {}):
            etag = reply.header("ETag")
            version = reply.body.get("version") if isinstance(reply.body, dict) else None
            if etag is None:
                found.append("no ETag, which the document gives this reply")
            elif etag != f'"r{version}"':
                found.append(f"ETag {etag} is not \"r<version>\" of the body's version {version}")
        return found


CHECKER = None
CONFORMANCE = Conformance()


# --- Servers and clients ----------------------------------------------------------------------

def run(args, stdin=None):
    return subprocess.run(args, input=stdin, text=True, capture_output=True, check=True, timeout=TIMEOUT)


def prepare_database(path):
    """The reference data and the accounts, made once; tests that need their own database copy it."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    run([OPTIONS.entente, "init", "--db", path, "--data", OPTIONS.data])
    for name, role, nation in ACCOUNTS:
        args = [OPTIONS.entente, "user", "add", name, "--role", role, "--password-stdin", "--db", path]
        if nation:
            args += ["--nation", nation]
        run(args, stdin=PASSWORD + "\n")


def copy_database(name):
    db = os.path.join(OPTIONS.work, name + ".db")
    for suffix in ("-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    shutil.copyfile(PREPARED_DB, db)
    return db


class Server:
    """`entente serve` on an ephemeral port; its output goes to files, which no pipe can stall."""

    def __init__(self, db, name):
        self.name = name
        self.stdout_path = os.path.join(OPTIONS.work, name + ".stdout")
        self.stderr_path = os.path.join(OPTIONS.work, name + ".stderr")
        # Deadlines seconds away: the flows wait for them to pass.
        args = [OPTIONS.entente, "serve", "--db", db, "--port", "0", "--threads", "4", "--access-log", "off",
                "--web", OPTIONS.web, "--scenarios", OPTIONS.scenarios, "--simulation-threads", "1",
                "--shortest-deadline", "0"]
        with open(self.stdout_path, "wb") as stdout, open(self.stderr_path, "wb") as stderr:
            self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
        deadline = time.monotonic() + TIMEOUT
        while True:
            with open(self.stdout_path, "rb") as stdout:
                line = stdout.readline().decode("utf-8", "replace")
            if line.endswith("\n") and line.startswith("listening on http://"):
                self.host, port = line.strip().removeprefix("listening on http://").rsplit(":", 1)
                self.port = int(port)
                return
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                self.process.wait()
                raise RuntimeError(f"{name} did not start:\n{self.stderr()}")
            time.sleep(0.01)

    def stderr(self):
        with open(self.stderr_path, "rb") as stderr:
            return stderr.read().decode("utf-8", "replace")

    def stop(self):
        """SIGTERM; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


class Reply:
    def __init__(self, response, raw):
        self.status = response.status
        self.headers = response.headers
        self.raw = raw
        self.content_type = (response.getheader("Content-Type") or "").split(";")[0].strip()
        self.body = None
        if raw and self.content_type in ("application/json", "application/problem+json"):
            self.body = json.loads(raw)

    def header(self, name):
        return self.headers.get(name)

    @property
    def etag(self):
        return self.header("ETag")

    def __repr__(self):
        return f"{self.status} {self.content_type} {self.raw[:600]!r}"


def send(server, method, target, body=None, headers=None):
    """One request on a new connection; the reply, checked against the document."""
    all_headers = dict(headers or {})
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        all_headers.setdefault("Content-Type", "application/json")
    connection = http.client.HTTPConnection(server.host, server.port, timeout=TIMEOUT)
    try:
        connection.putrequest(method, target, skip_accept_encoding=True)
        for name, value in all_headers.items():
            connection.putheader(name, value)
        if data is not None:
            connection.putheader("Content-Length", str(len(data)))
        connection.endheaders(data)
        response = connection.getresponse()
        reply = Reply(response, response.read())
    finally:
        connection.close()
    CONFORMANCE.check(method, target, reply)
    return reply


class Client:
    """A user on a server, by API token (default) or by session cookie with its CSRF token."""

    tokens = {}  # (database, user) -> token: tokens live in the database, sessions too

    def __init__(self, server, name, via="token", db_key="main"):
        self.server, self.name, self.via = server, name, via
        self.cookie = self.csrf = None
        if via == "session":
            self.sign_in()
        else:
            key = (db_key, name)
            if key not in Client.tokens:
                self.sign_in()
                reply = self.post("/api/v1/tokens", {"name": "test_manage", "expires_in_days": 2})
                assert reply.status == 201, reply
                Client.tokens[key] = reply.body["token"]
                self.cookie = self.csrf = None
            self.token = Client.tokens[key]

    def sign_in(self):
        reply = send(self.server, "POST", "/api/v1/session", {"username": self.name, "password": PASSWORD})
        assert reply.status == 201, f"signing in as {self.name}: {reply}"
        self.cookie = reply.header("Set-Cookie").split(";", 1)[0]
        self.csrf = reply.body["csrf_token"]

    def on(self, server):
        """The same user on another server of the same database."""
        other = Client.__new__(Client)
        other.__dict__.update(self.__dict__)
        other.server = server
        return other

    def request(self, method, target, body=None, if_match=None, headers=None, csrf=True):
        all_headers = {}
        if self.cookie:
            all_headers["Cookie"] = self.cookie
            if csrf and method not in ("GET", "HEAD"):
                all_headers["X-CSRF-Token"] = self.csrf
        else:
            all_headers["Authorization"] = "Bearer " + self.token
        if if_match is not None:
            all_headers["If-Match"] = if_match
        all_headers.update(headers or {})
        return send(self.server, method, target, body, all_headers)

    def get(self, target, **kwargs):
        return self.request("GET", target, **kwargs)

    def post(self, target, body=None, **kwargs):
        return self.request("POST", target, {} if body is None else body, **kwargs)

    def patch(self, target, body, **kwargs):
        return self.request("PATCH", target, body, **kwargs)

    def delete(self, target, **kwargs):
        return self.request("DELETE", target, **kwargs)


class Users:
    """The accounts on one server."""

    def __init__(self, server, db_key="main"):
        self.geo = Client(server, "geo-officer", db_key=db_key)
        self.ukr = Client(server, "ukr-officer", db_key=db_key)
        self.fra = Client(server, "fra-officer", db_key=db_key)
        self.rus = Client(server, "rus-officer", db_key=db_key)
        self.staff_a = Client(server, "staff-a", db_key=db_key)
        self.staff_b = Client(server, "staff-b", db_key=db_key)
        self.staff_c = Client(server, "staff-c", db_key=db_key)
        self.reader = Client(server, "reader", db_key=db_key)


# --- Assertions and steps shared by the tests --------------------------------------------------

class ManageCase(unittest.TestCase):
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        cls.server = MAIN
        cls.users = MAIN_USERS

    # Replies

    def ok(self, reply, status=200):
        self.assertEqual(reply.status, status, reply)
        self.assertEqual(reply.content_type, "application/json", reply)
        return reply.body

    def problem(self, reply, status, code, pointer=None):
        """A problem+json of `status` and `code` (or one of a tuple of codes); with `pointer`,
        errors[] names that field (a JSON pointer, a query parameter or a header)."""
        self.assertEqual((reply.status, reply.content_type), (status, "application/problem+json"), reply)
        body = reply.body
        self.assertIn(body["code"], code if isinstance(code, tuple) else (code,), body)
        self.assertEqual(body["type"], "/problems/" + body["code"])
        self.assertEqual(body["status"], status)
        self.assertTrue(body["title"] and body["detail"], body)
        if pointer is not None:
            self.assertIn("errors", body, body)
            fields = [e.get("pointer") or e.get("parameter") or e.get("header") for e in body["errors"]]
            self.assertIn(pointer, fields, body)
            self.assertTrue(all(e.get("detail") for e in body["errors"]), body)
        return body

    def assert_view_etag(self, reply):
        self.assertEqual(reply.etag, f'"r{reply.body["version"]}"', reply)

    # Audit: nothing a person did since a mark (the server's own deadline steps aside)

    def audit_mark(self):
        entries = self.ok(self.users.staff_c.get("/api/v1/audit?limit=1"))["entries"]
        return entries[0]["id"] if entries else 0

    def assert_audit_unchanged(self, mark, what):
        entries = self.ok(self.users.staff_c.get("/api/v1/audit?limit=50"))["entries"]
        new = [e for e in entries if e["id"] > mark and e["actor"] != "system"]
        self.assertEqual(new, [], f"{what} wrote to the audit log")

    # Programmes

    def create_programme(self, by, nation="GEO", title="Individually Tailored Partnership Programme"):
        start, end = period()
        reply = by.post("/api/v1/programmes", {"nation": nation, "title": title, "period_from": start,
                                               "period_to": end})
        body = self.ok(reply, 201)
        self.assertEqual(reply.header("Location"), f"/api/v1/programmes/{body['id']}")
        self.assert_view_etag(reply)
        self.assertEqual(body["state"], "draft")
        return body["id"], reply.etag

    def view(self, client, pid):
        reply = client.get(f"/api/v1/programmes/{pid}")
        self.ok(reply)
        self.assert_view_etag(reply)
        return reply.body, reply.etag

    def step(self, client, pid, etag, action, status=200, **fields):
        reply = client.post(f"/api/v1/programmes/{pid}/transitions", dict(action=action, **fields), if_match=etag)
        if status == 200:
            self.ok(reply)
            self.assert_view_etag(reply)
        else:
            self.assertEqual(reply.status, status, reply)
        return reply

    def to_under_review(self, submitter, reviewer, nation="GEO"):
        pid, etag = self.create_programme(submitter, nation)
        etag = self.step(submitter, pid, etag, "submit").etag
        etag = self.step(reviewer, pid, etag, "review").etag
        return pid, etag

    def wait_state(self, client, pid, state, timeout=TIMEOUT):
        """Polls the programme until it is in `state`."""
        deadline = time.monotonic() + timeout
        while True:
            body, etag = self.view(client, pid)
            if body["state"] == state:
                return body, etag
            if time.monotonic() > deadline:
                self.fail(f"programme {pid} is {body['state']}, not {state}, after {timeout} s: {body['rounds']}")
            time.sleep(0.05)

    def approved(self, submitter, reviewer, referrer, nation="GEO"):
        """A programme the council adopted, under the silence procedure with a deadline a second away."""
        pid, etag = self.to_under_review(submitter, reviewer, nation)
        deadline = instant(utc_now() + datetime.timedelta(seconds=1))
        self.step(referrer, pid, etag, "refer", procedure="silence", deadline=deadline)
        return self.wait_state(referrer, pid, "approved")


# --- 1. The documented shapes: reads, creates, ETag, Location --------------------------------

class DocumentedShapesTest(ManageCase):
    def test_reference_tables_answer_anyone(self):
        anonymous = self.server
        menu = self.ok(send(anonymous, "GET", "/api/v1/menu"))
        self.assertEqual(menu["count"], len(menu["items"]))
        self.assertGreater(menu["count"], 0)
        self.ok(send(anonymous, "GET", "/api/v1/dcb-packages"))
        workflows = self.ok(send(anonymous, "GET", "/api/v1/workflows"))
        self.assertIn(("itpp", "refer"), {(s["workflow"], s["action"]) for s in workflows["steps"]})
        self.ok(send(anonymous, "GET", "/api/v1/menu?nation=GEO"))
        self.problem(send(anonymous, "GET", "/api/v1/menu?nation=XYZ"), 404, "unknown-nation", "nation")
        self.problem(send(anonymous, "GET", "/api/v1/menu?area=nowhere"), 400, "invalid-argument", "area")
        self.problem(send(anonymous, "GET", "/api/v1/programmes"), 401, "unauthenticated")

    def test_lists_and_views_of_every_kind(self):
        staff, geo = self.users.staff_a, self.users.geo
        pid, _ = self.create_programme(geo)
        for client in (staff, geo):
            listed = self.ok(client.get("/api/v1/programmes?nation=GEO&limit=500"))
            self.assertIn(pid, [p["id"] for p in listed["programmes"]])
            self.assertEqual(listed["total"], len(listed["programmes"]))
            self.ok(client.get("/api/v1/inbox"))
            self.ok(client.get("/api/v1/parp"))
            self.ok(client.get("/api/v1/evaluations"))
            self.ok(client.get("/api/v1/events"))
            for part in ("objectives", "goals", "activities", "transitions"):
                self.ok(client.get(f"/api/v1/programmes/{pid}/{part}"))
        self.ok(staff.get("/api/v1/transitions?workflow=itpp&limit=5"))
        self.ok(staff.get("/api/v1/audit?kind=programme&limit=5"))

    def test_creates_answer_201_with_location_and_etag(self):
        geo, staff = self.users.geo, self.users.staff_a
        pid, _ = self.create_programme(geo)  # checks Location and ETag
        # A PARP cycle (one a year per nation: UKR's here), a unit, an event.
        reply = staff.post("/api/v1/parp", {"nation": "UKR"})
        body = self.ok(reply, 201)
        self.assert_view_etag(reply)
        self.assertEqual(reply.header("Location"), f"/api/v1/parp/{body['id']}")
        self.ok(staff.get(reply.header("Location")))
        self.ok(self.users.ukr.get(reply.header("Location")))
        self.problem(geo.get(reply.header("Location")), 404, "not-found")  # another nation's
        start, _ = period(60)
        reply = staff.post("/api/v1/events", {"title": "Seminar on building integrity", "kind": "seminar",
                                              "activity": "cooperation-menu", "from": start, "to": start,
                                              "location": "Brussels", "capacity": 20})
        body = self.ok(reply, 201)
        self.assert_view_etag(reply)
        self.assertEqual(reply.header("Location"), f"/api/v1/events/{body['id']}")
        self.ok(staff.get(reply.header("Location")))

    def test_a_declared_unit_is_where_its_location_says(self):
        # A declared unit's Location is a path that answers it.
        reply = self.users.geo.post("/api/v1/evaluations", {"nation": "GEO", "name": "Signals company",
                                                            "kind": "land"})
        body = self.ok(reply, 201)
        self.assert_view_etag(reply)
        location = reply.header("Location")
        self.assertEqual(self.users.geo.get(location or "").status, 200, f"Location {location} does not resolve")
        self.assertEqual(location, f"/api/v1/evaluations/{body['id']}")

    def test_parts_move_the_programme_version(self):
        geo = self.users.geo
        pid, etag = self.create_programme(geo)
        reply = geo.post(f"/api/v1/programmes/{pid}/objectives", {"title": "Interoperability",
                                                                   "description": "Forces able to work with Allies"})
        self.ok(reply, 201)
        self.assertNotEqual(reply.etag, etag)
        objective = reply.body["objectives"][0]
        reply = geo.post(f"/api/v1/programmes/{pid}/goals", {"title": "A NATO-evaluated battalion", "code": "G1",
                                                             "objective": objective["id"]})
        goal = self.ok(reply, 201)["goals"][0]
        self.assertEqual(goal["objective"], objective["id"])
        start, _ = period()
        reply = geo.post(f"/api/v1/programmes/{pid}/activities", {"title": "Staff course", "goal": goal["id"],
                                                                  "from": start, "to": start})
        activity = self.ok(reply, 201)["activities"][0]
        self.assertEqual(activity["state"], "planned")
        # A part's own version is its If-Match; the programme's version moves with it.
        before = reply.etag
        reply = geo.patch(f"/api/v1/programmes/{pid}/activities/{activity['id']}", {"state": "cancelled"},
                          if_match=f'"r{activity["version"]}"')
        self.assertEqual(self.ok(reply)["activities"][0]["state"], "cancelled")
        self.assertNotEqual(reply.etag, before)
        self.problem(geo.patch(f"/api/v1/programmes/{pid}/activities/{activity['id']}", {"state": "done"}), 428,
                     "precondition-required", "If-Match")
        reply = geo.delete(f"/api/v1/programmes/{pid}/objectives/{objective['id']}",
                           if_match=f'"r{objective["version"]}"')
        body = self.ok(reply)
        self.assertEqual(body["objectives"], [])
        self.assertEqual(body["goals"][0]["objective"], 0)  # the goal stays, without its objective


# --- 2. The ITPP over HTTP ---------------------------------------------------------------------

class ItppFlowTest(ManageCase):
    def test_drafted_submitted_reviewed_objected_to_referred_again_and_adopted(self):
        geo, staff, staff_b = self.users.geo, self.users.staff_a, self.users.staff_b
        fra = Client(self.server, "fra-officer", via="session")  # an Ally's officer, by cookie and CSRF token
        start, end = period()
        # The partner's officer drafts it, with its parts.
        reply = geo.post("/api/v1/programmes", {"nation": "GEO", "title": "Georgia ITPP", "period_from": start,
                                                "period_to": end, "review_on": start})
        programme = self.ok(reply, 201)
        pid = programme["id"]
        self.assertTrue(programme["editable"])
        self.assertEqual([a["action"] for a in programme["actions"]], ["submit"])
        reply = geo.post(f"/api/v1/programmes/{pid}/objectives", {"title": "Defence reform"})
        objective = self.ok(reply, 201)["objectives"][0]["id"]
        reply = geo.post(f"/api/v1/programmes/{pid}/goals", {"title": "Professional NCO corps", "objective": objective})
        goal = self.ok(reply, 201)["goals"][0]["id"]
        menu_item = self.ok(geo.get("/api/v1/menu?nation=GEO"))["items"][0]
        reply = geo.post(f"/api/v1/programmes/{pid}/activities", {"menu_item": menu_item["id"], "goal": goal,
                                                                  "from": start, "to": start})
        activity = self.ok(reply, 201)["activities"][0]
        self.assertEqual(activity["title"], menu_item["title"])  # taken from the menu
        reply = geo.patch(f"/api/v1/programmes/{pid}", {"title": "Georgia ITPP 2027-2030"}, if_match=reply.etag)
        self.assertEqual(self.ok(reply)["title"], "Georgia ITPP 2027-2030")
        etag = self.step(geo, pid, reply.etag, "submit").etag
        # The partner can no longer edit it; staff review it.
        self.problem(geo.patch(f"/api/v1/programmes/{pid}", {"title": "x"}, if_match=etag), 422, "refused")
        self.problem(geo.post(f"/api/v1/programmes/{pid}/transitions", {"action": "review"}, if_match=etag), 403,
                     "forbidden")
        etag = self.step(staff, pid, etag, "review").etag
        # Nobody but staff refers it, and an Ally's officer does not see it before it goes to the council.
        self.problem(fra.get(f"/api/v1/programmes/{pid}"), 404, "not-found")
        deadline = instant(utc_now() + datetime.timedelta(seconds=3))
        reply = self.step(staff, pid, etag, "refer", procedure="silence", deadline=deadline)
        self.assertEqual(reply.body["state"], "in-council")
        first = reply.body["rounds"][0]
        self.assertEqual((first["state"], first["procedure"], first["deadline"]), ("open", "silence", deadline))
        self.assertIn("FRA", first["awaiting"])
        # The Ally sees it now, with the round awaiting its position in its inbox.
        round_view = self.ok(fra.get(f"/api/v1/rounds/{first['id']}"))
        self.assertTrue(round_view["may_state_position"])
        inbox = self.ok(fra.get("/api/v1/inbox"))
        self.assertIn(("council-round", first["id"], ["object"]),
                      [(i["workflow"], i["subject"], i["actions"]) for i in inbox["awaiting"]])
        self.ok(fra.get(f"/api/v1/programmes/{pid}"))
        # Under silence, only an objection is said; it needs a reason, and blocks at once.
        self.problem(fra.post(f"/api/v1/rounds/{first['id']}/positions", {"position": "support"}), 400,
                     "invalid-argument", "/position")
        self.problem(fra.post(f"/api/v1/rounds/{first['id']}/positions", {"position": "object"}), 400,
                     "invalid-argument", "/reason")
        reason = "The programme lacks a timetable for the reform of the NCO corps"
        decided = self.ok(fra.post(f"/api/v1/rounds/{first['id']}/positions",
                                   {"position": "object", "reason": reason}), 201)
        self.assertEqual(decided["state"], "not-adopted")
        self.assertEqual([(p["nation"], p["position"], p["reason"]) for p in decided["positions"]],
                         [("FRA", "object", reason)])
        self.assertTrue(any("FRA" in step["finding"] for step in decided["reasoning"]), decided["reasoning"])
        self.problem(fra.post(f"/api/v1/rounds/{first['id']}/positions", {"position": "object", "reason": "again"}),
                     422, "refused")
        programme, etag = self.view(staff, pid)
        self.assertEqual(programme["state"], "under-review")
        self.assertEqual(programme["rounds"][0]["positions"][0]["reason"], reason)
        # Referred again, by another member of staff, with a deadline two seconds ahead: adopted
        # when the server closes the deadline itself.
        deadline = instant(utc_now() + datetime.timedelta(seconds=2))
        self.step(staff_b, pid, etag, "refer", procedure="silence", deadline=deadline)
        programme, _ = self.wait_state(geo, pid, "approved")
        second = programme["rounds"][1]
        self.assertEqual((second["state"], second["outcome"]), ("adopted", "adopted"))
        self.assertTrue(any(step["clause"] == "Deadline" for step in second["reasoning"]), second["reasoning"])
        # The history, in the view and on its own, and the audit log show every step.
        steps = [("submit", "draft", "submitted", "geo-officer"), ("review", "submitted", "under-review", "staff-a"),
                 ("refer", "under-review", "in-council", "staff-a"),
                 ("reject", "in-council", "under-review", "system"),
                 ("refer", "under-review", "in-council", "staff-b"), ("adopt", "in-council", "approved", "system")]
        self.assertEqual([(t["action"], t["from_state"], t["to_state"], t["actor"]) for t in programme["history"]],
                         steps)
        self.assertTrue(all(t["effective"] == 1 for t in programme["history"]))
        history = self.ok(geo.get(f"/api/v1/programmes/{pid}/transitions"))["transitions"]
        self.assertEqual(history, programme["history"])
        audit = self.ok(staff.get(f"/api/v1/audit?kind=programme&record={pid}&limit=500"))["entries"]
        audited_steps = [(e["after"]["action"], e["before"]["state"], e["after"]["state"], e["actor"])
                         for e in reversed(audit) if e["action"] == "step"]
        self.assertEqual(audited_steps, steps)
        self.assertEqual([e["action"] for e in reversed(audit)][:4], ["create", "create", "create", "create"])
        self.assertIn("update", [e["action"] for e in audit])
        self.assertEqual(len(audit), 4 + 1 + len(steps))  # the programme and three parts, the title, the steps
        rounds = self.ok(staff.get("/api/v1/audit?kind=council-round&limit=500"))["entries"]
        ours = [(e["action"], e["actor"]) for e in reversed(rounds)
                if e["record"] in (first["id"], second["id"])]
        self.assertEqual(ours, [("create", "staff-a"), ("position", "fra-officer"), ("step", "system"),
                                ("create", "staff-b"), ("step", "system")])
        # The whole history of every workflow is staff's; the partner's officer was told.
        everything = self.ok(staff.get(f"/api/v1/transitions?workflow=itpp&subject={pid}"))["transitions"]
        self.assertEqual(sorted(t["id"] for t in everything), sorted(t["id"] for t in programme["history"]))
        notes = self.ok(geo.get("/api/v1/inbox"))["notifications"]
        self.assertTrue(any(n["subject"] == pid and "adopt" in n["text"] for n in notes), notes)
        unread = [n for n in notes if not n["read_at"]]
        reply = geo.post(f"/api/v1/inbox/{unread[0]['id']}/read")
        self.assertEqual(reply.status, 204, reply)
        self.problem(self.users.ukr.post(f"/api/v1/inbox/{unread[0]['id']}/read"), 404, "not-found")
        # Approved: staff activate it.
        programme, etag = self.view(staff, pid)
        self.assertEqual(self.step(staff, pid, etag, "activate").body["state"], "active")


    def test_a_withdrawn_round_decides_nothing_at_its_deadline(self):
        geo, staff = self.users.geo, self.users.staff_a
        pid, etag = self.to_under_review(geo, staff)
        deadline = utc_now() + datetime.timedelta(seconds=1)
        etag = self.step(staff, pid, etag, "refer", procedure="silence", deadline=instant(deadline)).etag
        self.problem(self.step(staff, pid, etag, "withdraw", status=400), 400, "invalid-argument", "/comment")
        reply = self.step(staff, pid, etag, "withdraw", comment="The partner asked for changes")
        self.assertEqual(reply.body["state"], "under-review")
        round_id = reply.body["rounds"][0]["id"]
        self.assertEqual(reply.body["rounds"][0]["state"], "withdrawn")
        # The server wakes at least every second: past the deadline and a second more, nothing moved.
        wait_until(deadline + datetime.timedelta(seconds=1.2))
        programme, etag_now = self.view(staff, pid)
        self.assertEqual(etag_now, reply.etag)
        self.assertEqual([t["action"] for t in programme["history"]], ["submit", "review", "refer", "withdraw"])
        self.problem(self.users.fra.post(f"/api/v1/rounds/{round_id}/positions", {"position": "object",
                                                                                 "reason": "late"}), 422, "refused")

    def test_a_position_that_decides_nothing_changes_the_view_and_its_etag(self):
        # The programme view carries its rounds (positions, awaiting), so a support or an
        # abstention that does not decide the round moves the programme's version, hence its
        # ETag: GET with If-None-Match of the old ETag answers the new view, not 304.
        geo, staff = self.users.geo, self.users.staff_a
        pid, etag = self.to_under_review(geo, staff)
        reply = self.step(staff, pid, etag, "refer", procedure="consensus",
                          deadline=instant(utc_now() + datetime.timedelta(days=3)))
        before = reply.etag
        round_id = reply.body["rounds"][0]["id"]
        decided = self.ok(self.users.fra.post(f"/api/v1/rounds/{round_id}/positions", {"position": "support"}), 201)
        self.assertEqual(decided["state"], "open")
        programme, now = self.view(staff, pid)
        self.assertNotIn("FRA", programme["rounds"][0]["awaiting"])
        try:
            self.assertEqual(staff.get(f"/api/v1/programmes/{pid}", headers={"If-None-Match": before}).status, 200,
                             "a changed view answered 304 Not Modified")
            self.assertNotEqual(now, before, "the view changed, its ETag did not")
        finally:
            self.step(staff, pid, now, "withdraw", comment="end of the test")


# --- Events: invitations, registrations, attendance, feedback ---------------------------------

class EventFlowTest(ManageCase):
    def held_event(self):
        """An event of today with GEO and UKR invited, one place, GEO's participant attending."""
        staff, geo = self.users.staff_a, self.users.geo
        day = today().isoformat()
        reply = staff.post("/api/v1/events", {"title": "Course on civil preparedness", "kind": "course",
                                              "activity": "cooperation-menu", "from": day, "to": day,
                                              "location": "Vienna", "capacity": 1})
        event = self.ok(reply, 201)["id"]
        reply = staff.post(f"/api/v1/events/{event}/invitations", {"nations": ["GEO", "UKR"]})
        self.ok(reply, 201)
        self.assertFalse(reply.body["may_register"])  # planned: not open yet
        self.problem(geo.post(f"/api/v1/events/{event}/registrations", {"participant": "Capt. Beridze"}), 422,
                     "refused")
        self.problem(geo.post(f"/api/v1/events/{event}/transitions", {"action": "open"}, if_match=reply.etag), 403,
                     "forbidden")
        reply = staff.post(f"/api/v1/events/{event}/transitions", {"action": "open"}, if_match=reply.etag)
        self.assertEqual(self.ok(reply)["state"], "open")
        self.assertTrue(self.ok(geo.get(f"/api/v1/events/{event}"))["may_register"])
        first = self.ok(geo.post(f"/api/v1/events/{event}/registrations", {"participant": "Capt. Beridze"}), 201)
        self.assertEqual([(r["participant"], r["state"]) for r in first["registrations"]],
                         [("Capt. Beridze", "registered")])
        reply = self.users.ukr.post(f"/api/v1/events/{event}/registrations", {"participant": "Maj. Kovalenko"})
        body = self.ok(reply, 201)
        self.assertEqual((body["registered"], body["waitlisted"]), (1, 1))
        self.assertEqual([r["nation"] for r in body["registrations"]], ["UKR"])  # an officer sees their own
        self.problem(geo.post(f"/api/v1/events/{event}/registrations", {"participant": "Capt. Beridze"}), 409,
                     "conflict", "/participant")
        self.problem(geo.post(f"/api/v1/events/{event}/registrations", {"nation": "UKR", "participant": "x"}), 403,
                     "forbidden", "/nation")
        self.problem(self.users.rus.post(f"/api/v1/events/{event}/registrations", {"participant": "x"}), 404,
                     "not-found")
        return event

    def test_registration_waiting_list_attendance_and_feedback(self):
        staff, geo, ukr = self.users.staff_a, self.users.geo, self.users.ukr
        event = self.held_event()
        view = self.ok(staff.get(f"/api/v1/events/{event}"))
        georgian = next(r for r in view["registrations"] if r["nation"] == "GEO")
        ukrainian = next(r for r in view["registrations"] if r["nation"] == "UKR")
        target = f"/api/v1/events/{event}/registrations/{georgian['id']}"
        self.problem(geo.delete(target), 428, "precondition-required", "If-Match")
        self.problem(ukr.delete(target, if_match=f'"r{georgian["version"]}"'), 404, "not-found")
        reply = geo.delete(target, if_match=f'"r{georgian["version"]}"')
        self.ok(reply)
        view = self.ok(staff.get(f"/api/v1/events/{event}"))
        self.assertEqual({r["nation"]: r["state"] for r in view["registrations"]},
                         {"GEO": "cancelled", "UKR": "registered"})  # the waiting list moved up
        self.problem(geo.delete(target, if_match=f'"r{georgian["version"]}"'), 409, "conflict")
        reply = staff.get(f"/api/v1/events/{event}")
        reply = staff.post(f"/api/v1/events/{event}/transitions", {"action": "close-registration"},
                           if_match=reply.etag)
        reply = staff.post(f"/api/v1/events/{event}/transitions", {"action": "hold"}, if_match=reply.etag)
        self.assertEqual(self.ok(reply)["state"], "held")
        attendance = f"/api/v1/events/{event}/registrations/{ukrainian['id']}/attendance"
        self.problem(staff.post(attendance, {"attendance": "maybe"}), 400, "invalid-argument", "/attendance")
        self.problem(ukr.post(attendance, {"attendance": "attended"}), 403, "forbidden")
        self.problem(staff.post(f"/api/v1/events/{event}/registrations/{georgian['id']}/attendance",
                                {"attendance": "attended"}), 422, "refused")  # cancelled
        self.ok(staff.post(attendance, {"attendance": "attended"}))
        self.assertTrue(self.ok(ukr.get(f"/api/v1/events/{event}"))["may_give_feedback"])
        self.problem(geo.post(f"/api/v1/events/{event}/feedback", {"rating": 5}), 422, "refused")  # absent
        body = self.ok(ukr.post(f"/api/v1/events/{event}/feedback", {"rating": 4, "text": "Useful"}), 201)
        self.assertEqual((body["average_rating"], body["may_give_feedback"]), (4, False))
        self.problem(ukr.post(f"/api/v1/events/{event}/feedback", {"rating": 5}), 422, "refused")  # once
        audit = self.ok(staff.get(f"/api/v1/audit?kind=event&record={event}&limit=100"))["entries"]
        self.assertEqual(len(audit), 1 + 1 + 1 + 2 + 1 + 2 + 1 + 1)  # create, invite, open, 2 registrations,
        # a cancellation, close and hold, attendance, feedback

    def test_attendance_and_feedback_change_the_view_and_its_etag(self):
        # Recording attendance and giving feedback change the event's view (a registration's
        # state, the feedback, the average rating), so they move the event's version and its ETag.
        staff, ukr = self.users.staff_a, self.users.ukr
        event = self.held_event()
        reply = staff.get(f"/api/v1/events/{event}")
        reply = staff.post(f"/api/v1/events/{event}/transitions", {"action": "close-registration"},
                           if_match=reply.etag)
        reply = staff.post(f"/api/v1/events/{event}/transitions", {"action": "hold"}, if_match=reply.etag)
        held = reply.etag
        geo_registration = next(r for r in reply.body["registrations"] if r["nation"] == "GEO")
        reply = staff.post(f"/api/v1/events/{event}/registrations/{geo_registration['id']}/attendance",
                           {"attendance": "attended"})
        self.ok(reply)
        self.assertEqual(staff.get(f"/api/v1/events/{event}", headers={"If-None-Match": held}).status, 200,
                         "the view changed by the attendance answered 304 Not Modified")
        self.assertNotEqual(reply.etag, held, "the attendance changed the view, not its ETag")


# --- 3. Four eyes, N of M ----------------------------------------------------------------------

class FourEyesTest(ManageCase):
    def test_staff_who_submitted_for_the_partner_may_not_review_or_refer(self):
        staff_a, staff_b = self.users.staff_a, self.users.staff_b
        pid, etag = self.create_programme(staff_a)
        etag = self.step(staff_a, pid, etag, "submit").etag
        body = self.problem(self.step(staff_a, pid, etag, "review", status=422), 422, "refused")
        self.assertIn("four eyes", body["detail"])
        option = next(a for a in self.view(staff_a, pid)[0]["actions"] if a["action"] == "review")
        self.assertFalse(option["allowed"])
        self.assertTrue(option["reason"])
        etag = self.step(staff_b, pid, etag, "review").etag
        body = self.problem(self.step(staff_a, pid, etag, "refer", status=422), 422, "refused")
        self.assertIn("four eyes", body["detail"])
        self.assertEqual(self.view(staff_a, pid)[0]["state"], "under-review")

    def test_closing_a_reviewed_programme_needs_two_other_staff(self):
        geo, staff_a, staff_b, staff_c = self.users.geo, self.users.staff_a, self.users.staff_b, self.users.staff_c
        programme, etag = self.approved(geo, staff_a, staff_a)
        pid = programme["id"]
        etag = self.step(staff_a, pid, etag, "activate").etag
        self.problem(self.step(staff_a, pid, etag, "assess", status=400), 400, "invalid-argument", "/comment")
        etag = self.step(staff_a, pid, etag, "assess", comment="Half of the goals met").etag
        # The assessor may not close it; the first other approval does not move it.
        body = self.problem(self.step(staff_a, pid, etag, "close", status=422, comment="done"), 422, "refused")
        self.assertIn("four eyes", body["detail"])
        self.problem(self.step(staff_b, pid, etag, "close", status=400), 400, "invalid-argument", "/comment")
        reply = self.step(staff_b, pid, etag, "close", comment="Superseded by the next programme")
        self.assertEqual(reply.body["state"], "reviewed")
        close = next(a for a in reply.body["actions"] if a["action"] == "close")
        self.assertEqual((close["approvals"], close["approved_by"]), (2, ["staff-b"]))
        self.assertEqual(reply.body["history"][-1]["effective"], 0)
        body = self.problem(self.step(staff_b, pid, reply.etag, "close", status=409, comment="again"), 409,
                            "conflict")
        self.assertIn("already", body["detail"])
        reply = self.step(staff_c, pid, reply.etag, "close", comment="Agreed")
        self.assertEqual(reply.body["state"], "closed")
        self.assertEqual([(t["action"], t["actor"], t["effective"]) for t in reply.body["history"][-2:]],
                         [("close", "staff-b", 0), ("close", "staff-c", 1)])


# --- 4. Concurrent writes ----------------------------------------------------------------------

class ConcurrencyTest(ManageCase):
    def race(self, *calls):
        """Runs the calls at once; their replies."""
        barrier = threading.Barrier(len(calls))
        replies = [None] * len(calls)

        def run_one(index, call):
            barrier.wait()
            replies[index] = call()

        threads = [threading.Thread(target=run_one, args=(i, c)) for i, c in enumerate(calls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIMEOUT)
        return replies

    def assert_one_wins(self, replies, clients, pid):
        statuses = sorted(r.status for r in replies)
        self.assertEqual(statuses, [200, 409], replies)
        loser = next(i for i, r in enumerate(replies) if r.status == 409)
        problem = self.problem(replies[loser], 409, "conflict")
        now, etag = self.view(clients[loser], pid)
        self.assertEqual(problem["current"], now)  # the view as it now is, for the one who lost
        self.assertEqual(replies[loser].etag, etag)
        self.assertEqual(CHECKER.problems({"$ref": "#/components/schemas/ProgrammeView"}, problem["current"]), [])
        return replies[1 - loser]

    def test_two_patches_with_one_if_match(self):
        geo, staff = self.users.geo, self.users.staff_a
        pid, etag = self.create_programme(geo)
        replies = self.race(lambda: geo.patch(f"/api/v1/programmes/{pid}", {"title": "A"}, if_match=etag),
                            lambda: staff.patch(f"/api/v1/programmes/{pid}", {"title": "B"}, if_match=etag))
        winner = self.assert_one_wins(replies, (geo, staff), pid)
        self.assertEqual(self.view(staff, pid)[0]["title"], winner.body["title"])

    def test_two_steps_with_one_if_match(self):
        geo, staff = self.users.geo, self.users.staff_a
        pid, etag = self.create_programme(geo)
        step = {"action": "submit"}
        replies = self.race(lambda: geo.post(f"/api/v1/programmes/{pid}/transitions", step, if_match=etag),
                            lambda: staff.post(f"/api/v1/programmes/{pid}/transitions", step, if_match=etag))
        self.assert_one_wins(replies, (geo, staff), pid)
        self.assertEqual(len(self.view(staff, pid)[0]["history"]), 1)

    def test_a_stale_if_match_changes_nothing(self):
        geo = self.users.geo
        pid, old = self.create_programme(geo)
        new = self.ok(geo.patch(f"/api/v1/programmes/{pid}", {"title": "First"}, if_match=old))
        body = self.problem(geo.patch(f"/api/v1/programmes/{pid}", {"title": "Second"}, if_match=old), 409,
                            "conflict")
        self.assertEqual(body["current"]["title"], "First")
        self.assertEqual(body["current"]["version"], new["version"])

    def test_writes_without_if_match_answer_428(self):
        geo = self.users.geo
        pid, etag = self.create_programme(geo)
        mark = self.audit_mark()
        self.problem(geo.patch(f"/api/v1/programmes/{pid}", {"title": "x"}), 428, "precondition-required",
                     "If-Match")
        self.problem(geo.post(f"/api/v1/programmes/{pid}/transitions", {"action": "submit"}), 428,
                     "precondition-required", "If-Match")
        for tag in ("*", 'W/"r1"', "r1", '"r"', '"rx"', '"r1", "r2"'):
            self.problem(geo.patch(f"/api/v1/programmes/{pid}", {"title": "x"}, if_match=tag), 400,
                         "invalid-argument", "If-Match")
        self.assert_audit_unchanged(mark, "writes without a usable If-Match")
        self.assertEqual(self.view(geo, pid)[1], etag)


# --- 5, 6. Deadlines across a restart; two servers on one database ----------------------------

class RestartTest(ManageCase):
    def test_a_deadline_that_passed_while_no_server_ran_closes_at_start_up(self):
        db = copy_database("restart")
        first = Server(db, "restart-1")
        try:
            users = Users(first, db_key="restart")
            pid, etag = self.to_under_review(users.geo, users.staff_a)
            deadline = utc_now() + datetime.timedelta(seconds=2)
            self.step(users.staff_a, pid, etag, "refer", procedure="silence", deadline=instant(deadline))
        finally:
            code = first.stop()
        self.assertEqual(code, 0, first.stderr())
        self.assertLess(utc_now(), deadline, "the server took until the deadline to stop: nothing was tested")
        wait_until(deadline)
        second = Server(db, "restart-2")
        try:
            programme, _ = self.view(users.staff_a.on(second), pid)  # the first read
            self.assertEqual(programme["state"], "approved", programme["rounds"])
            self.assertEqual([t["action"] for t in programme["history"]].count("adopt"), 1)
            self.assertIn("closed 1 deadline(s) that passed", second.stderr())
        finally:
            self.assertEqual(second.stop(), 0, second.stderr())


class MultiInstanceTest(ManageCase):
    def test_two_servers_on_one_database(self):
        db = copy_database("multi")
        one = Server(db, "multi-1")
        two = Server(db, "multi-2")
        try:
            users = Users(one, db_key="multi")
            geo, staff = users.geo, users.staff_a
            pid, _ = self.create_programme(geo)
            # Created on one, read and changed on the other at once.
            programme, etag = self.view(staff.on(two), pid)
            self.assertEqual(programme["created_by"], "geo-officer")
            etag = self.step(geo.on(two), pid, etag, "submit").etag
            etag = self.step(staff, pid, etag, "review").etag
            self.problem(staff.on(two).post(f"/api/v1/programmes/{pid}/transitions", {"action": "refer"},
                                            if_match='"r1"'), 409, "conflict")
            # A deadline set through one closes once, whichever server closes it.
            self.step(users.staff_b.on(two), pid, etag, "refer", procedure="silence",
                      deadline=instant(utc_now() + datetime.timedelta(seconds=2)))
            programme, _ = self.wait_state(staff, pid, "approved")
            round_id = programme["rounds"][0]["id"]
            # Both servers wake at least every second: watch both for longer than that.
            watch_until = time.monotonic() + 1.5
            while time.monotonic() < watch_until:
                for server in (one, two):
                    seen, _ = self.view(staff.on(server), pid)
                    self.assertEqual([t["action"] for t in seen["history"]],
                                     ["submit", "review", "refer", "adopt"])
                time.sleep(0.1)
            closes = self.ok(staff.get(f"/api/v1/audit?kind=council-round&record={round_id}"))["entries"]
            self.assertEqual([(e["action"], e["actor"]) for e in closes], [("step", "system"), ("create", "staff-b")])
            closed = one.stderr().count("closed 1 deadline(s)") + two.stderr().count("closed 1 deadline(s)")
            self.assertEqual(closed, 1, one.stderr() + two.stderr())
        finally:
            self.assertEqual(one.stop(), 0, one.stderr())
            self.assertEqual(two.stop(), 0, two.stderr())


# --- 7. Hostile input: a 4xx problem, and nothing changed -------------------------------------

class HostileInputTest(ManageCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = cls.users
        start, end = period()
        reply = users.geo.post("/api/v1/programmes", {"nation": "GEO", "title": "Target", "period_from": start,
                                                      "period_to": end})
        assert reply.status == 201, reply
        cls.pid, cls.etag = reply.body["id"], reply.etag
        reply = users.geo.post(f"/api/v1/programmes/{cls.pid}/objectives", {"title": "Objective"}, if_match=None)
        assert reply.status == 201, reply
        cls.etag = reply.etag
        cls.objective = reply.body["objectives"][0]
        reply = users.staff_a.post("/api/v1/events", {"menu_item": "", "title": "Course", "kind": "course",
                                                      "activity": "cooperation-menu", "from": start, "to": start,
                                                      "capacity": 5})
        assert reply.status == 201, reply
        cls.event = reply.body["id"]
        reply = users.geo.post("/api/v1/evaluations", {"nation": "GEO", "name": "Engineer company", "kind": "land"})
        assert reply.status == 201, reply
        cls.unit, cls.unit_etag = reply.body["id"], reply.etag

    def setUp(self):
        self.mark = self.audit_mark()

    def tearDown(self):
        # Whatever a test sent, the target is as it was.
        self.assertEqual(self.view(self.users.geo, self.pid)[1], self.etag)

    def refused(self, reply, status, code, pointer=None, what=None):
        body = self.problem(reply, status, code, pointer)
        self.assert_audit_unchanged(self.mark, what or repr(reply))
        return body

    def test_bodies_that_are_not_a_json_object(self):
        geo = self.users.geo
        target = f"/api/v1/programmes/{self.pid}"
        for raw in (b'{"title": ', b"[1, 2]", b'"title"', b"null", b"42", b"{\"title\": \"a\"} x", b"\xef\xbb\xbf{}",
                    b'{"title": "\xff\xfe"}', b'{"title": "\xc0\xaf"}', b'{"title": "\xed\xa0\x80"}',
                    b'{"title": "\\ud800"}', b"{'title': 'a'}", b"{\"title\": \"a\",}"):
            with self.subTest(body=raw):
                self.refused(geo.patch(target, raw, if_match=self.etag), 400, "invalid-argument")
                self.refused(geo.post("/api/v1/programmes", raw), 400, "invalid-argument")
        self.refused(geo.request("POST", "/api/v1/programmes", b"nation=GEO", headers={"Content-Type": "text/plain"}),
                     415, "unsupported-media-type")

    def test_unknown_members_and_wrong_types(self):
        geo, staff = self.users.geo, self.users.staff_a
        target = f"/api/v1/programmes/{self.pid}"
        start, end = period()
        good = {"nation": "GEO", "title": "T", "period_from": start, "period_to": end}
        for body, pointer in (({"colour": "red"}, "/colour"), ({"title": 5}, "/title"), ({"title": 5.5}, "/title"),
                              ({"title": True}, "/title"), ({"title": ["a"]}, "/title"),
                              ({"title": {"text": "a"}}, "/title"), ({"period_to": 20270101}, "/period_to"),
                              ({"review_on": {}}, "/review_on"), ({"nation": ["GEO"]}, "/nation")):
            with self.subTest(body=body):
                self.refused(geo.patch(target, body, if_match=self.etag), 400, "invalid-argument", pointer)
                self.refused(geo.post("/api/v1/programmes", dict(good, **body)), 400, "invalid-argument", pointer)
        parts = f"/api/v1/programmes/{self.pid}"
        for path, body, pointer in ((f"{parts}/goals", {"title": "g", "objective": "1"}, "/objective"),
                                    (f"{parts}/goals", {"title": "g", "objective": 1.5}, "/objective"),
                                    (f"{parts}/goals", {"title": "g", "objective": -1}, "/objective"),
                                    (f"{parts}/goals", {"title": "g", "objective": 99999999}, "/objective"),
                                    (f"{parts}/goals", {"title": "g", "objective": 99999999999999999999},
                                     "/objective"),
                                    (f"{parts}/activities", {"title": "a", "goal": "2"}, "/goal"),
                                    (f"{parts}/activities", {"title": "a", "state": "finished"}, "/state"),
                                    (f"{parts}/activities", {"menu_item": "no-such-item"}, "/menu_item"),
                                    (f"{parts}/activities", {"title": "a", "from": "1999-01-01"}, "/from"),
                                    (f"{parts}/objectives", {"description": "no title"}, "/title")):
            with self.subTest(path=path, body=body):
                self.refused(geo.post(path, body), 400, BAD_REQUEST, pointer)
        for body, pointer in (({"menu_item": "", "title": "E", "from": "2027-01-01", "capacity": "5"}, "/capacity"),
                              ({"menu_item": "", "title": "E", "from": "2027-01-01", "capacity": 0}, "/capacity"),
                              ({"menu_item": "", "title": "E", "from": "2027-01-01", "capacity": 10001},
                               "/capacity"),
                              ({"menu_item": "", "title": "E", "from": "2027-01-01", "capacity": 5, "kind": "party"},
                               "/kind"),
                              ({"title": "E", "from": "2027-02-30", "capacity": 5}, "/from"),
                              ({"title": "E", "from": "2027-01-01", "to": "2028-06-01", "capacity": 5}, "/to")):
            with self.subTest(event=body):
                self.refused(staff.post("/api/v1/events", body), 400, BAD_REQUEST, pointer)

    def test_long_titles_control_characters_and_unicode(self):
        geo = self.users.geo
        target = f"/api/v1/programmes/{self.pid}"
        for title in ("x" * 10240, "é" * 101, " ", "", "\t\n"):
            with self.subTest(title=title[:20]):
                self.refused(geo.patch(target, {"title": title}, if_match=self.etag), 400, "invalid-argument",
                             "/title")
        self.refused(geo.post(f"{target}/objectives", {"title": "o", "description": "d" * 10240}), 400,
                     "invalid-argument", "/description")
        for char in ("\u0000", "\u0001", "\u0007", "\u001b", "\r", "\u001f"):
            with self.subTest(control=repr(char)):
                self.refused(geo.patch(target, {"title": "a" + char + "b"}, if_match=self.etag), 400,
                             "invalid-argument", "/title")
                self.refused(geo.post(f"{target}/transitions", {"action": "submit", "comment": "a" + char},
                                      if_match=self.etag), 400, "invalid-argument", "/comment")

    def test_delete_and_c1_control_characters_are_refused(self):
        # Text fields refuse every control character (Unicode category Cc) but newline and tab:
        # C0, DEL (U+007F) and the C1 controls (U+0080 to U+009F). On a programme of its own.
        geo = self.users.geo
        pid, etag = self.create_programme(geo)
        for char in ("\u007f", "\u0085", "\u009b"):
            with self.subTest(control=repr(char)):
                self.mark = self.audit_mark()
                reply = geo.patch(f"/api/v1/programmes/{pid}", {"title": "a" + char + "b"}, if_match=etag)
                if reply.status == 200:
                    etag = reply.etag
                self.refused(reply, 400, "invalid-argument", "/title")

    def test_ids_that_are_not_ids(self):
        geo, staff = self.users.geo, self.users.staff_a
        for bad in ("0", "-1", "1e3", "99999999999999999999", "9223372036854775808", "1.0", "0x1", "+1", "..",
                    "..%2F..%2Fetc%2Fpasswd", f"{self.pid}%2Ftransitions", "%00", "%C3%A9", "1%20", "abc"):
            with self.subTest(id=bad):
                for path in (f"/api/v1/programmes/{bad}", f"/api/v1/programmes/{bad}/transitions",
                             f"/api/v1/programmes/{bad}/objectives", f"/api/v1/rounds/{bad}",
                             f"/api/v1/parp/{bad}", f"/api/v1/evaluations/{bad}", f"/api/v1/events/{bad}"):
                    self.refused(staff.get(path), 404, "not-found", what=path)
                self.refused(geo.patch(f"/api/v1/programmes/{bad}", {"title": "x"}, if_match=self.etag), 404,
                             "not-found")
                self.refused(geo.post(f"/api/v1/programmes/{bad}/transitions", {"action": "submit"},
                                      if_match=self.etag), 404, "not-found")
                self.refused(geo.patch(f"/api/v1/programmes/{self.pid}/objectives/{bad}", {"title": "x"},
                                       if_match=self.etag), 404, "not-found")
                self.refused(geo.delete(f"/api/v1/programmes/{self.pid}/objectives/{bad}", if_match=self.etag), 404,
                             "not-found")
                self.refused(geo.post(f"/api/v1/inbox/{bad}/read"), 404, "not-found")
        self.refused(staff.get("/api/v1/programmes/../programmes/1"), 404, "not-found")  # no dot segments
        for path in ("/api/v1/programmes/%FF", "/api/v1/programmes/1%C0%AF", "/api/v1/programmes?q=%FF"):
            self.refused(staff.get(path), 400, "invalid-argument", what=path)  # not UTF-8 once decoded
        # Paging and filters
        for query, parameter in (("limit=0", "limit"), ("limit=501", "limit"), ("limit=1e3", "limit"),
                                 ("offset=-1", "offset"), ("limit=99999999999999999999", "limit"),
                                 ("colour=red", "colour")):
            with self.subTest(query=query):
                self.refused(staff.get("/api/v1/programmes?" + query), 400, "invalid-argument", parameter)
        for query, parameter in (("workflow=dance", "workflow"), ("subject=0", "subject"), ("from=soon", "from"),
                                 ("to=2026-02-30", "to"), ("limit=-5", "limit")):
            with self.subTest(query=query):
                self.refused(staff.get("/api/v1/transitions?" + query), 400, "invalid-argument", parameter)

    def test_invitations_out_of_bounds_or_of_unknown_nations(self):
        staff = self.users.staff_a
        target = f"/api/v1/events/{self.event}/invitations"
        self.refused(staff.post(target, {"nations": ["GEO"] * 201}), 400, "invalid-argument", "/nations")
        self.refused(staff.post(target, {"nations": ["GEO", "UKR"] * 150}), 400, "invalid-argument", "/nations")
        self.refused(staff.post(target, {"nations": []}), 400, "invalid-argument", "/nations")
        self.refused(staff.post(target, {"nations": "GEO"}), 400, "invalid-argument", "/nations")
        self.refused(staff.post(target, {"nations": [["GEO"]]}), 400, "invalid-argument", "/nations")
        self.refused(staff.post(target, {"nations": [{"iso3": "GEO"}]}), 400, "invalid-argument", "/nations")
        reply = staff.post(target, {"nations": ["GEO", "XYZ", "../..", "geo", "G" * 5000]})
        self.refused(reply, 422, "refused", "/nations/1")
        self.assertEqual([r["nation"] for r in reply.body["refused"]], ["XYZ", "../..", "geo", "G" * 8])
        self.assertEqual(self.ok(staff.get(f"/api/v1/events/{self.event}"))["invitations"], [])
        self.refused(self.users.geo.post(target, {"nations": ["GEO"]}), 403, "forbidden")

    def test_steps_asked_wrongly(self):
        geo, staff_a, staff_b = self.users.geo, self.users.staff_a, self.users.staff_b
        pid, etag = self.to_under_review(geo, staff_a)
        self.mark = self.audit_mark()
        target = f"/api/v1/programmes/{pid}/transitions"
        now = utc_now()
        for body, pointer in (({"action": "refer", "deadline": "2020-01-01T00:00:00Z"}, "/deadline"),
                              ({"action": "refer", "deadline": instant(now - datetime.timedelta(seconds=1))},
                               "/deadline"),
                              ({"action": "refer", "deadline": instant(now + datetime.timedelta(days=365))},
                               "/deadline"),
                              ({"action": "refer", "deadline": instant(now + datetime.timedelta(days=31))},
                               "/deadline"),
                              ({"action": "refer", "deadline": "tomorrow"}, "/deadline"),
                              ({"action": "refer", "deadline": "2026-13-01T00:00:00Z"}, "/deadline"),
                              ({"action": "refer", "deadline": 1893456000}, "/deadline"),
                              ({"action": "refer", "procedure": "unanimity"}, "/procedure"),
                              ({"action": "refer", "procedure": "qualified-majority"}, "/procedure"),
                              ({"action": "refer", "procedure": ""}, None),
                              ({"action": "fly"}, "/action"), ({"action": ""}, "/action"), ({}, "/action"),
                              ({"action": 1}, "/action"), ({"action": "refer", "extra": 1}, "/extra")):
            if body.get("procedure") == "":
                continue  # empty means the usual procedure
            with self.subTest(body=body):
                self.refused(staff_b.post(target, body, if_match=etag), 400, "invalid-argument", pointer)
        for action, status, code in (("adopt", 422, "refused"), ("reject", 422, "refused"),
                                     ("submit", 422, "refused"), ("activate", 422, "refused")):
            with self.subTest(action=action):
                self.refused(staff_b.post(target, {"action": action}, if_match=etag), status, code, "/action")
        self.refused(geo.post(target, {"action": "refer"}, if_match=etag), 403, "forbidden")
        self.refused(self.users.reader.post(target, {"action": "refer"}, if_match=etag), 403, "forbidden")
        self.refused(self.users.ukr.post(target, {"action": "refer"}, if_match=etag), 404, "not-found")
        self.assertEqual(self.view(staff_b, pid)[1], etag)

    def test_deadlines_in_any_rfc_3339_form_are_understood(self):
        # A deadline is any RFC 3339 instant: a fraction of 1 to 9 digits, Z or an offset.
        geo, staff_a, staff_b = self.users.geo, self.users.staff_a, self.users.staff_b
        soon = (utc_now() + datetime.timedelta(hours=1)).replace(microsecond=0)
        plus_two = datetime.timezone(datetime.timedelta(hours=2))
        for form, deadline in (("microseconds", soon.strftime("%Y-%m-%dT%H:%M:%S.000000Z")),
                               ("a tenth of a second", soon.strftime("%Y-%m-%dT%H:%M:%S.0Z")),
                               ("offset +02:00", soon.astimezone(plus_two).isoformat(timespec="seconds")),
                               ("offset +00:00", soon.strftime("%Y-%m-%dT%H:%M:%S+00:00"))):
            with self.subTest(form=form):
                pid, etag = self.to_under_review(geo, staff_a)
                reply = staff_b.post(f"/api/v1/programmes/{pid}/transitions",
                                     {"action": "refer", "procedure": "silence", "deadline": deadline}, if_match=etag)
                self.assertEqual(reply.status, 200, f"deadline {deadline}: {reply}")
                self.assertEqual(reply.body["rounds"][0]["deadline"], instant(soon))
                # Withdrawn at once: the round decides nothing and its deadline is spent.
                self.step(staff_b, pid, reply.etag, "withdraw", comment="a test of the deadline's form")

    def test_positions_from_who_may_not_state_them(self):
        geo, staff_a, staff_b = self.users.geo, self.users.staff_a, self.users.staff_b
        pid, etag = self.to_under_review(geo, staff_a)
        reply = self.step(staff_b, pid, etag, "refer", procedure="consensus",
                          deadline=instant(utc_now() + datetime.timedelta(days=2)))
        round_id = reply.body["rounds"][0]["id"]
        target = f"/api/v1/rounds/{round_id}/positions"
        self.mark = self.audit_mark()
        self.refused(geo.post(target, {"position": "support"}), 403, "forbidden")  # the partner's officer
        self.refused(self.users.rus.post(target, {"position": "object", "reason": "no"}), 403, "forbidden")
        self.refused(self.users.reader.post(target, {"position": "support"}), 403, "forbidden")
        self.refused(staff_a.post(target, {"position": "support"}), 403, "forbidden")
        fra = self.users.fra
        for body, pointer in (({"position": "veto"}, "/position"), ({"position": "object"}, "/reason"),
                              ({"position": "object", "reason": " "}, "/reason"),
                              ({"position": "object", "reason": "x" * 5000}, "/reason"),
                              ({"position": 1}, "/position"), ({"position": "support", "nation": "USA"}, "/nation")):
            with self.subTest(body=body):
                self.refused(fra.post(target, body), 400, "invalid-argument", pointer)
        for bad in ("0", "-1", "99999999999999999999", "1e3"):
            self.refused(fra.post(f"/api/v1/rounds/{bad}/positions", {"position": "support"}), 404, "not-found")
        self.assertEqual(self.ok(staff_a.get(f"/api/v1/rounds/{round_id}"))["positions"], [])
        self.step(staff_b, pid, reply.etag, "withdraw", comment="end of the test")

    def test_evaluation_answers_and_ratings_out_of_bounds(self):
        geo = self.users.geo
        workflows = self.ok(geo.get("/api/v1/workflows"))
        items = {c["item"]: True for c in workflows["checklists"] if c["step"] == "sel1"}
        target = f"/api/v1/evaluations/{self.unit}/results"
        base = {"step": "sel1", "evaluator": "Self", "on": today().isoformat()}
        for answers, pointer in ((dict(items, **{"9-parade": True}), "/answers/9-parade"),
                                 (dict(items, **{"a/b~c": True}), "/answers/a~1b~0c"),
                                 ({}, "/answers/" + sorted(items)[0]),
                                 ({k: "yes" for k in items}, "/answers/" + sorted(items)[0]),
                                 ({k: 1 for k in items}, "/answers/" + sorted(items)[0]),
                                 ([True], "/answers"), ("all", "/answers")):
            with self.subTest(answers=answers):
                self.refused(geo.post(target, dict(base, answers=answers), if_match=self.unit_etag), 400,
                             "invalid-argument", pointer)
        for body, pointer in ((dict(base, answers=items, step="sel9"), "/step"),
                              (dict(base, answers=items, on="2026-02-30"), "/on"),
                              (dict(base, answers=items, on="2999-01-01"), "/on")):
            with self.subTest(body=body):
                self.refused(geo.post(target, body, if_match=self.unit_etag), 400, BAD_REQUEST, pointer)
        self.refused(geo.post(target, dict(base, answers=items)), 428, "precondition-required", "If-Match")
        self.refused(self.users.ukr.post(target, dict(base, answers=items), if_match=self.unit_etag), 404,
                     "not-found")
        feedback = f"/api/v1/events/{self.event}/feedback"
        for rating in (0, 6, -1, 99999999999999999999):
            with self.subTest(rating=rating):
                self.refused(geo.post(feedback, {"rating": rating, "text": "x"}), 400, "invalid-argument", "/rating")
        for rating in ("5", 4.5, None, [5]):
            with self.subTest(rating=rating):
                self.refused(geo.post(feedback, {"rating": rating}), 400, "invalid-argument", "/rating")

    def test_session_writes_without_their_csrf_token(self):
        staff = Client(self.server, "staff-b", via="session")
        for method, path, body in (("POST", "/api/v1/programmes", {"nation": "GEO", "title": "x"}),
                                   ("PATCH", f"/api/v1/programmes/{self.pid}", {"title": "x"}),
                                   ("POST", f"/api/v1/programmes/{self.pid}/transitions", {"action": "submit"}),
                                   ("POST", f"/api/v1/programmes/{self.pid}/objectives", {"title": "x"}),
                                   ("DELETE", f"/api/v1/programmes/{self.pid}/objectives/{self.objective['id']}",
                                    None),
                                   ("POST", "/api/v1/events", {"title": "x"}),
                                   ("POST", "/api/v1/parp", {"nation": "GEO"})):
            with self.subTest(method=method, path=path):
                reply = staff.request(method, path, body, if_match=self.etag, csrf=False)
                self.refused(reply, 403, "csrf-failed", "X-CSRF-Token")
                reply = staff.request(method, path, body, if_match=self.etag, csrf=False,
                                      headers={"X-CSRF-Token": "0" * 64})
                self.refused(reply, 403, "csrf-failed", "X-CSRF-Token")
        self.ok(staff.get(f"/api/v1/programmes/{self.pid}"))  # reads need no token

    def test_who_may_not_read_what(self):
        users = self.users
        self.refused(users.ukr.get(f"/api/v1/programmes/{self.pid}"), 404, "not-found")  # another partner's
        self.refused(users.rus.get(f"/api/v1/programmes/{self.pid}"), 404, "not-found")
        self.refused(users.fra.get(f"/api/v1/programmes/{self.pid}"), 404, "not-found")  # an Ally's, before council
        self.refused(users.ukr.get(f"/api/v1/programmes/{self.pid}/transitions"), 404, "not-found")
        self.refused(users.ukr.patch(f"/api/v1/programmes/{self.pid}", {"title": "x"}, if_match=self.etag), 404,
                     "not-found")
        self.refused(users.ukr.get(f"/api/v1/evaluations/{self.unit}"), 404, "not-found")
        self.refused(users.ukr.get(f"/api/v1/events/{self.event}"), 404, "not-found")  # not invited
        self.assertNotIn(self.pid, [p["id"] for p in self.ok(users.ukr.get("/api/v1/programmes"))["programmes"]])
        self.assertEqual(self.ok(users.ukr.get("/api/v1/programmes?nation=GEO"))["programmes"], [])
        for client in (users.geo, users.fra, users.ukr):
            self.refused(client.get("/api/v1/transitions"), 403, "forbidden")
            self.refused(client.get("/api/v1/audit"), 403, "forbidden")
        for path in ("/api/v1/programmes", f"/api/v1/programmes/{self.pid}", "/api/v1/inbox", "/api/v1/parp",
                     "/api/v1/evaluations", "/api/v1/events", "/api/v1/transitions"):
            self.refused(users.reader.get(path), 403, "forbidden", what=path)
        self.refused(users.reader.post("/api/v1/programmes", {"nation": "GEO", "title": "x"}), 403, "forbidden")
        start, end = period()
        self.refused(users.ukr.post("/api/v1/programmes", {"nation": "GEO", "title": "x", "period_from": start,
                                                           "period_to": end}), 403, "forbidden", "/nation")
        self.refused(users.staff_a.post("/api/v1/programmes", {"nation": "FRA", "title": "x", "period_from": start,
                                                               "period_to": end}), 422, "refused", "/nation")
        self.refused(users.staff_a.post("/api/v1/programmes", {"nation": "XYZ", "title": "x", "period_from": start,
                                                               "period_to": end}), 404, "unknown-nation", "/nation")
        self.refused(users.staff_a.post("/api/v1/programmes", {"nation": "GEO", "title": "x", "period_from": end,
                                                               "period_to": start}), 400, "invalid-argument",
                     "/period_to")


# --- 8. Eligibility -----------------------------------------------------------------------------

class EligibilityTest(ManageCase):
    def test_parp_for_a_suspended_partner_is_refused_with_the_reason(self):
        for client in (self.users.staff_a, self.users.rus):
            mark = self.audit_mark()
            body = self.problem(client.post("/api/v1/parp", {"nation": "RUS"}), 422, "refused", "/nation")
            self.assertIn("Russia may not take part in the Planning and Review Process", body["detail"])
            self.assertIn("suspended", body["detail"])
            self.assert_audit_unchanged(mark, "a refused PARP cycle")
        self.assertEqual(self.ok(self.users.staff_a.get("/api/v1/parp?nation=RUS"))["cycles"], [])
        self.problem(self.users.geo.post("/api/v1/parp", {"nation": "UKR"}), 403, "forbidden", "/nation")
        self.problem(self.users.staff_a.post("/api/v1/parp", {"nation": "XYZ"}), 404, "unknown-nation", "/nation")

    def test_no_parp_cycle_for_an_ally(self):
        # POST /api/v1/parp refuses a member (France): the rules engine's planning-review
        # answers yes for members (they agree the partners' goals), but the process is for partners.
        mark = self.audit_mark()
        body = self.problem(self.users.staff_a.post("/api/v1/parp", {"nation": "FRA"}), 422, "refused", "/nation")
        self.assertIn("member", body["detail"])
        self.assert_audit_unchanged(mark, "a PARP cycle for an Ally")

    def test_an_event_invitation_of_a_suspended_partner_is_refused_whole(self):
        staff = self.users.staff_a
        menu = self.ok(staff.get("/api/v1/menu?nation=GEO"))["items"]
        start, _ = period(90)
        reply = staff.post("/api/v1/events", {"menu_item": menu[0]["id"], "from": start, "to": start,
                                              "location": "Tbilisi", "capacity": 2})
        event = self.ok(reply, 201)
        self.assertEqual((event["title"], event["kind"]), (menu[0]["title"], menu[0]["kind"]))
        target = f"/api/v1/events/{event['id']}/invitations"
        mark = self.audit_mark()
        body = self.problem(staff.post(target, {"nations": ["GEO", "RUS"]}), 422, "refused", "/nations/1")
        self.assertEqual([r["nation"] for r in body["refused"]], ["RUS"])
        self.assertIn("suspended", body["refused"][0]["reason"])
        self.assert_audit_unchanged(mark, "a refused invitation")
        self.assertEqual(self.ok(staff.get(f"/api/v1/events/{event['id']}"))["invitations"], [])
        reply = staff.post(target, {"nations": ["GEO", "UKR", "GEO"]})
        invited = self.ok(reply, 201)["invitations"]
        self.assertEqual(sorted(i["nation"] for i in invited), ["GEO", "UKR"])
        self.assertTrue(all(i["standing"] for i in invited))
        self.assertIn(event["id"], [e["id"] for e in self.ok(self.users.geo.get("/api/v1/events"))["events"]])
        self.assertNotIn(event["id"], [e["id"] for e in self.ok(self.users.rus.get("/api/v1/events"))["events"]])


# --- 9. CSV -------------------------------------------------------------------------------------

class CsvTest(ManageCase):
    def csv(self, client, target):
        reply = client.get(target)
        self.assertEqual(reply.status, 200, reply)
        self.assertEqual(reply.header("Content-Type"), "text/csv; charset=utf-8")
        self.assertTrue((reply.header("Content-Disposition") or "").startswith("attachment"), reply.headers)
        return list(csv.reader(io.StringIO(reply.raw.decode("utf-8"))))

    def columns(self, path):
        return DOC["paths"][path]["get"]["responses"]["200"]["content"]["text/csv"]["x-columns"]

    def test_programmes_menu_and_transitions(self):
        staff = self.users.staff_a
        pid, etag = self.create_programme(self.users.geo, title='A "quoted", multi-part title')
        self.step(self.users.geo, pid, etag, "submit")
        for path, target, list_name in (
                ("/api/v1/programmes", "/api/v1/programmes?format=csv&limit=500", "programmes"),
                ("/api/v1/menu", "/api/v1/menu?format=csv", "items"),
                ("/api/v1/transitions", "/api/v1/transitions?format=csv&limit=500", "transitions"),
                ("/api/v1/programmes/{id}/transitions", f"/api/v1/programmes/{pid}/transitions?format=csv",
                 "transitions")):
            with self.subTest(target=target):
                rows = self.csv(staff, target)
                self.assertEqual(rows[0], self.columns(path))
                listed = self.ok(staff.get(target.replace("format=csv", "format=json")))[list_name]
                self.assertEqual(len(rows) - 1, len(listed))
                if list_name != "items":
                    self.assertEqual([int(r[0]) for r in rows[1:]], [item["id"] for item in listed])
        rows = self.csv(staff, "/api/v1/programmes?format=csv&limit=500")
        row = next(r for r in rows[1:] if r[0] == str(pid))
        self.assertEqual(row[rows[0].index("title")], 'A "quoted", multi-part title')
        rows = self.csv(staff, "/api/v1/programmes/x/transitions?format=csv".replace("x", str(pid)))
        self.assertEqual(rows[1][rows[0].index("action")], "submit")
        reply = staff.get("/api/v1/programmes", headers={"Accept": "text/csv"})
        self.assertEqual((reply.status, reply.header("Content-Type")), (200, "text/csv; charset=utf-8"))
        self.problem(staff.get("/api/v1/programmes?format=xml"), 400, "invalid-argument")

    def test_every_other_list(self):
        # The x-columns of /programmes/{id}/activities and /events are the server's order,
        # 'from' before 'to'.
        staff = self.users.staff_a
        pid, _ = self.create_programme(self.users.geo)
        for path in ("/api/v1/dcb-packages", "/api/v1/workflows", "/api/v1/parp", "/api/v1/evaluations",
                     "/api/v1/events", "/api/v1/programmes/{id}/objectives", "/api/v1/programmes/{id}/goals",
                     "/api/v1/programmes/{id}/activities"):
            with self.subTest(path=path):
                rows = self.csv(staff, path.replace("{id}", str(pid)) + "?format=csv")
                self.assertEqual(rows[0], self.columns(path))


# --- The conformance of every reply, checked as they arrived ----------------------------------

class ConformanceReport(unittest.TestCase):
    """Runs after every other test: what the replies of each operation broke in the document."""

    def test_every_reply_matched_the_document(self):
        self.assertTrue(CONFORMANCE.checked, "no reply was checked")
        for key in sorted(CONFORMANCE.checked, key=str):
            method, template, status = key
            with self.subTest(operation=f"{method} {template} {status}"):
                findings = CONFORMANCE.findings.get(key, {})
                self.assertEqual(findings, {}, "\n".join(f"{finding} (e.g. {example})"
                                                         for finding, example in findings.items()))


def main():
    global OPTIONS, DOC, CHECKER, PREPARED_DB, MAIN, MAIN_USERS
    parser = argparse.ArgumentParser()
    parser.add_argument("--entente", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--web", default="web/dist")
    parser.add_argument("--scenarios", default="scenarios")
    OPTIONS, rest = parser.parse_known_args()
    OPTIONS.entente = os.path.abspath(OPTIONS.entente)
    shutil.rmtree(OPTIONS.work, ignore_errors=True)
    os.makedirs(OPTIONS.work)
    PREPARED_DB = os.path.join(OPTIONS.work, "prepared.db")
    prepare_database(PREPARED_DB)
    MAIN = Server(copy_database("main"), "main")
    try:
        reply = send(MAIN, "GET", "/api/v1/openapi.json")
        assert reply.status == 200, reply
        DOC = reply.body
        CHECKER = SchemaChecker(DOC)
        MAIN_USERS = Users(MAIN)
        # The conformance report last, whatever else is asked for.
        names = [name for name, value in sorted(globals().items())
                 if isinstance(value, type) and issubclass(value, ManageCase) and value is not ManageCase]
        program = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2,
                                defaultTest=names + ["ConformanceReport"])
        result = program.result
    finally:
        code = MAIN.stop()
    stopped = code == 0
    print(f"graceful shutdown of the main server on SIGTERM: {'ok' if stopped else f'FAILED (exit {code})'}")
    failures = len(result.failures) + len(result.errors) + (0 if stopped else 1)
    print(f"{result.testsRun} tests, {len(CONFORMANCE.checked)} operation-status pairs checked against the "
          f"document, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
