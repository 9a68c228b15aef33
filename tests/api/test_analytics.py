#!/usr/bin/env python3
"""Black-box tests of the analytics over HTTP: the real `entente serve` on an ephemeral port,
its replies checked against the OpenAPI document it serves (docs/openapi.json) and their facts
against the reference data (data/).

- Every reply of an analytics route (and of /api/v1/exercises, /api/v1/defence-expenditure,
  /api/v1/alliances) is checked as it arrives: its status is one the operation documents; a
  JSON body has exactly the keys of the documented schema, recursively, with the documented
  types; a problem+json has a stable `code` that its `type` repeats; a CSV has the documented
  x-columns. The findings are reported by the last test, one sub-test per operation and status.
- Facts: Poland's 2024 share of GDP, Iceland's missing figures (null with a reason, never 0),
  NATO and the EU on 2024-12-31, Article 5 in the comparison of alliances, the network's degrees
  against its edges and GraphML, the nations the network gains from 1990 to 2000, the exercises
  a nation took part in.
- Hostile input: each a 400 or 404 problem naming the offending parameter, the server still
  answering after.
- Cohesion and interoperability read partnership management's records for staff only; the
  replies say whose records they read. ETag and If-None-Match on a cacheable route.

    test_analytics.py --entente BIN --data DIR --work DIR [--web DIR] [--scenarios DIR] [unittest args]
"""
import argparse
import csv
import gzip
import http.client
import io
import itertools
import json
import os
import shutil
import sys
import threading
import time
import unittest
import urllib.parse
import xml.etree.ElementTree as ElementTree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_manage  # noqa: E402
from test_manage import STABLE_CODES, Reply, SchemaChecker, Server, run  # noqa: E402  (shared with test_manage.py)

OPTIONS = None
DOC = None  # the OpenAPI document, as the server serves it
CHECKER = None
SERVER = None
PASSWORD = "ochre lantern meridian"
TIMEOUT = 30  # seconds: a request, start-up

# The routes whose replies are checked against the document.
CHECKED_PREFIXES = ("/api/v1/analytics/", "/api/v1/exercises", "/api/v1/defence-expenditure", "/api/v1/alliances")
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
# Where the replies and the document disagree today: (template, status, what the finding says).
# They are reported, not failed, by ConformanceReport; test_known_gaps_remain fails once one is
# gone, so that it is struck from this list.
KNOWN_GAPS = ()


# --- The reference data, read by the tests themselves -----------------------------------------

def data_rows(name):
    with open(os.path.join(OPTIONS.data, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def holds_on(row, day):
    """A half-open [from, to) period of the reference data holds on `day` (YYYY-MM-DD)."""
    return (not row["from"] or row["from"] <= day) and (not row["to"] or day < row["to"])


def nations_existing(day):
    return {row["iso3"] for row in data_rows("nations.csv") if holds_on(row, day)}


def members_on(organisation, day):
    return {row["nation"] for row in data_rows("memberships.csv")
            if row["organisation"] == organisation and row["status"] == "member" and holds_on(row, day)}


def number(text):
    return None if text == "" else float(text)


# --- Conformance of replies to the document ---------------------------------------------------

class Conformance:
    """Every reply of a checked route, against the operation the document gives its path."""

    def __init__(self):
        self.lock = threading.Lock()
        self.checked = {}  # (method, template, status) -> number of replies
        self.findings = {}  # (method, template, status) -> {finding: an example request}

    @staticmethod
    def template_of(path):
        return path if path in DOC["paths"] else None

    def check(self, method, target, reply):
        path = target.split("?", 1)[0]
        if not path.startswith(CHECKED_PREFIXES):
            return
        template = self.template_of(path)
        found = []
        if reply.content_type == "application/problem+json":
            found += self.problem_findings(reply)
        if template is None:
            if reply.status not in (400, 404):
                found.append(f"{reply.status} for a path the document does not describe")
        elif reply.status == 400 and isinstance(reply.body, dict) and reply.body.get("instance") == "":
            pass  # refused before routing (a target that is not UTF-8 once decoded)
        else:
            operation = DOC["paths"][template].get(method.lower())
            if operation is None:
                if reply.status != 405:
                    found.append(f"{method} is not documented for {template}, yet answered {reply.status}")
            else:
                found += self.operation_findings(operation, reply)
        key = (method, template or path, reply.status)
        with self.lock:
            self.checked[key] = self.checked.get(key, 0) + 1
            for finding in found:
                self.findings.setdefault(key, {}).setdefault(finding, f"{method} {target[:160]}")

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
        return found

    @staticmethod
    def operation_findings(operation, reply):
        if reply.status == 304:
            return []
        response = CHECKER.resolve(operation["responses"].get(str(reply.status)))
        if response is None:
            return [f"status {reply.status} is not documented (documented: {sorted(operation['responses'])})"]
        content = response.get("content", {})
        media = reply.content_type
        if media not in content:
            return [f"content type {media} is not documented (documented: {sorted(content)})"]
        if media == "text/csv":
            columns = content[media].get("x-columns")
            header = next(csv.reader(io.StringIO(reply.raw.decode("utf-8"))), [])
            if columns is not None and header != columns:
                return [f"CSV columns {header} differ from x-columns {columns}"]
            return []
        if media != "application/json":
            return []
        schema = content[media].get("schema")
        return [] if schema is None else CHECKER.problems(schema, reply.body, "body")


CONFORMANCE = Conformance()


# --- The server and its clients: test_manage.py's, on this run's options ---------------------

def send(method, target, headers=None, body=None, checked=True):
    """One request on a new connection; the reply, checked against the document (unless a test
    of a known defect asks otherwise: its failure is its own)."""
    connection = http.client.HTTPConnection(SERVER.host, SERVER.port, timeout=TIMEOUT)
    try:
        connection.putrequest(method, target, skip_accept_encoding=True)
        all_headers = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
            all_headers["Content-Length"] = str(len(data))
        for name, value in all_headers.items():
            connection.putheader(name, value)
        connection.endheaders(data)
        response = connection.getresponse()
        reply = Reply(response, response.read())
    finally:
        connection.close()
    if checked:
        CONFORMANCE.check(method, target, reply)
    return reply


def target_of(path, **query):
    return path + ("?" + urllib.parse.urlencode(query, safe=",:") if query else "")


def sign_in(name):
    """The session cookie of `name`."""
    reply = send("POST", "/api/v1/session", body={"username": name, "password": PASSWORD})
    assert reply.status == 201, f"signing in as {name}: {reply}"
    return reply.header("Set-Cookie").split(";", 1)[0]


# --- Assertions shared by the tests -----------------------------------------------------------

class AnalyticsCase(unittest.TestCase):
    maxDiff = 4000

    def get(self, path, headers=None, checked=True, **query):
        return send("GET", target_of(path, **query), headers, checked=checked)

    def ok(self, path, headers=None, **query):
        reply = self.get(path, headers, **query)
        self.assertEqual((reply.status, reply.content_type), (200, "application/json"), reply)
        return reply.body

    def csv(self, path, headers=None, **query):
        """The rows of a CSV reply, the header first, checked against the documented x-columns."""
        reply = self.get(path, headers, format="csv", **query)
        self.assertEqual(reply.status, 200, reply)
        self.assertEqual(reply.header("Content-Type"), "text/csv; charset=utf-8")
        self.assertTrue((reply.header("Content-Disposition") or "").startswith("attachment"), reply.headers)
        rows = list(csv.reader(io.StringIO(reply.raw.decode("utf-8"), newline="")))
        columns = DOC["paths"][path]["get"]["responses"]["200"]["content"]["text/csv"].get("x-columns")
        if columns is not None:
            self.assertEqual(rows[0], columns)
        self.assertTrue(all(len(row) == len(rows[0]) for row in rows), "rows of another width than the header")
        return rows

    def csv_dicts(self, path, **query):
        rows = self.csv(path, **query)
        return [dict(zip(rows[0], row)) for row in rows[1:]]

    def problem(self, reply, status, code=None, parameter=None):
        """A problem+json of `status` (and `code`, one or a tuple); with `parameter`, errors[]
        names that query parameter."""
        self.assertEqual((reply.status, reply.content_type), (status, "application/problem+json"), reply)
        body = reply.body
        if code is not None:
            self.assertIn(body["code"], code if isinstance(code, tuple) else (code,), body)
        self.assertEqual(body["type"], "/problems/" + body["code"])
        self.assertEqual(body["status"], status)
        self.assertTrue(body["title"] and body["detail"], body)
        if parameter is not None:
            self.assertIn("errors", body, body)
            self.assertIn(parameter, [e.get("parameter") for e in body["errors"]], body)
            self.assertTrue(all(e.get("detail") for e in body["errors"]), body)
        return body

    def assert_healthy(self):
        reply = send("GET", "/healthz")
        self.assertEqual(reply.status, 200, reply)


# --- 1. The reference tables behind the analytics ---------------------------------------------

class ReferenceTablesTest(AnalyticsCase):
    def test_exercises_of_a_nation(self):
        """The exercises Sweden took part in up to 1999 are those of data/exercise_participants.csv
        that started by then, each with Sweden among its participants."""
        answer = self.ok("/api/v1/exercises", nation="SWE", to="1999-12-31")
        started = {row["id"] for row in data_rows("exercises.csv") if row["start"] <= "1999-12-31"}
        expected = {row["exercise"] for row in data_rows("exercise_participants.csv")
                    if row["nation"] == "SWE" and row["exercise"] in started}
        self.assertTrue(expected)
        self.assertEqual({e["id"] for e in answer["exercises"]}, expected)
        self.assertEqual(answer["count"], len(expected))
        for exercise in answer["exercises"]:
            self.assertIn("SWE", [p["nation"] for p in exercise["participants"]], exercise["id"])
            self.assertLessEqual(exercise["start"], "1999-12-31")
        rows = self.csv_dicts("/api/v1/exercises", nation="SWE", to="1999-12-31")
        self.assertEqual({row["exercise"] for row in rows}, expected)

    def test_every_exercise(self):
        answer = self.ok("/api/v1/exercises")
        self.assertEqual({e["id"] for e in answer["exercises"]}, {row["id"] for row in data_rows("exercises.csv")})

    def test_defence_expenditure_of_iceland_is_null_never_zero(self):
        recorded = [row for row in data_rows("defence_expenditure.csv") if row["nation"] == "ISL"]
        self.assertTrue(recorded)
        figures = self.ok("/api/v1/defence-expenditure", nation="ISL")["figures"]
        self.assertEqual(sorted(f["year"] for f in figures), sorted(int(row["year"]) for row in recorded))
        for figure in figures:
            for key in ("expenditure_musd", "gdp_share", "equipment_share"):
                self.assertIsNone(figure[key], figure)
            self.assertTrue(figure["note"], figure)
        for row in self.csv_dicts("/api/v1/defence-expenditure", nation="ISL"):
            for key in ("expenditure_musd", "gdp_share", "equipment_share"):
                self.assertEqual(row[key], "", row)

    def test_defence_expenditure_as_recorded(self):
        recorded = {(row["nation"], int(row["year"])): row for row in data_rows("defence_expenditure.csv")}
        figures = self.ok("/api/v1/defence-expenditure")["figures"]
        self.assertEqual({(f["nation"], f["year"]) for f in figures}, set(recorded))
        for figure in figures:
            row = recorded[(figure["nation"], figure["year"])]
            self.assertEqual(figure["gdp_share"], number(row["gdp_share"]), row)
            self.assertEqual(figure["expenditure_musd"], number(row["expenditure_musd"]), row)
            self.assertEqual(figure["estimate"], 1 if row["estimate"] == "yes" else 0, row)
        answer = self.ok("/api/v1/defence-expenditure", nation="POL", **{"from": "2024", "to": "2024"})
        self.assertEqual([(f["nation"], f["year"]) for f in answer["figures"]], [("POL", 2024)])

    def test_alliances(self):
        answer = self.ok("/api/v1/alliances")
        self.assertEqual(sorted(a["id"] for a in answer["alliances"]),
                         sorted(row["id"] for row in data_rows("alliances.csv")))
        signed = [a["signed"] for a in answer["alliances"]]
        self.assertEqual(signed, sorted(signed), "alliances in the order they were signed")
        self.assertEqual(len(answer["provisions"]), len(data_rows("alliance_provisions.csv")))
        rows = self.csv_dicts("/api/v1/alliances")
        self.assertEqual(len(rows), len(data_rows("alliance_provisions.csv")))
        reply = self.get("/api/v1/alliances", headers={"Accept": "text/csv"})
        self.assertEqual((reply.status, reply.header("Content-Type")), (200, "text/csv; charset=utf-8"))


# --- 2. The network ---------------------------------------------------------------------------

class NetworkTest(AnalyticsCase):
    DAY = "2004-05-01"

    def test_degree_is_the_number_of_edges(self):
        network = self.ok("/api/v1/analytics/network", as_of=self.DAY)
        self.assertEqual({n["iso3"] for n in network["nodes"]}, nations_existing(self.DAY))
        edges = self.csv_dicts("/api/v1/analytics/network/edges", as_of=self.DAY)
        self.assertEqual(len(edges), len(network["edges"]))
        counted = {}
        for edge in edges:
            self.assertLess(edge["a"], edge["b"], edge)
            self.assertGreater(float(edge["weight"]), 0, edge)
            for end in (edge["a"], edge["b"]):
                counted[end] = counted.get(end, 0) + 1
        for node in network["nodes"]:
            self.assertEqual(node["degree"], counted.get(node["iso3"], 0), node["iso3"])
        nodes = self.csv_dicts("/api/v1/analytics/network", as_of=self.DAY)
        self.assertEqual({row["iso3"]: int(row["degree"]) for row in nodes},
                         {n["iso3"]: n["degree"] for n in network["nodes"]})
        # POL and DEU: both in NATO and the EU on the day Poland joined the EU.
        pol_deu = [e for e in network["edges"] if (e["a"], e["b"]) == ("DEU", "POL")]
        self.assertEqual(len(pol_deu), 1)
        self.assertTrue({"NATO", "EU"} <= set(pol_deu[0]["ties"]["organisations"]), pol_deu)

    def test_graphml_has_the_nodes_and_edges_of_the_json(self):
        for query in ({"as_of": "1995-12-31", "nations": "FIN,SWE,NOR,DNK,DEU"}, {"as_of": "1995-12-31"}):
            with self.subTest(query=query):
                network = self.ok("/api/v1/analytics/network", **query)
                reply = self.get("/api/v1/analytics/network/graphml", **query)
                self.assertEqual((reply.status, reply.content_type), (200, "application/graphml+xml"), reply)
                graph = ElementTree.fromstring(reply.raw).find(GRAPHML + "graph")
                nodes = graph.findall(GRAPHML + "node")
                self.assertEqual(len(nodes), len(network["nodes"]))
                self.assertEqual({n.get("id") for n in nodes}, {n["iso3"] for n in network["nodes"]})
                self.assertEqual(len(graph.findall(GRAPHML + "edge")), len(network["edges"]))

    def test_weights_and_window(self):
        query = {"as_of": "1995-12-31", "nations": "FIN,SWE,NOR,DNK,DEU"}
        only_membership = self.ok("/api/v1/analytics/network", weights="partnership:0,exercise:0,operation:0",
                                  **query)
        for edge in only_membership["edges"]:
            self.assertEqual(edge["weight"], edge["membership"], edge)
        no_window = self.ok("/api/v1/analytics/network", window="0", **query)
        self.assertEqual(no_window["window_years"], 0)
        self.assertTrue(all(e["exercise"] == 0 for e in no_window["edges"]), no_window["edges"])

    def test_change_from_1990_to_2000(self):
        change = self.ok("/api/v1/analytics/network/change", **{"from": "1990-12-31", "to": "2000-12-31"})
        before, after = nations_existing("1990-12-31"), nations_existing("2000-12-31")
        self.assertEqual(set(change["nodes_added"]), after - before)
        self.assertEqual(set(change["nodes_removed"]), before - after)
        for nation in ("EST", "LVA", "UKR", "CZE", "SVK"):
            self.assertIn(nation, change["nodes_added"])
        self.assertIn("SUN", change["nodes_removed"])

    def test_series(self):
        series = self.ok("/api/v1/analytics/network/series", nations="FIN,SWE,EST", **{"from": "1990", "to": "1992"})
        self.assertEqual([y["as_of"] for y in series["years"]], ["1990-12-31", "1991-12-31", "1992-12-31"])
        # Estonia restored its independence on 1991-08-20.
        self.assertEqual([sorted(n["iso3"] for n in y["nodes"]) for y in series["years"]],
                         [["FIN", "SWE"], ["EST", "FIN", "SWE"], ["EST", "FIN", "SWE"]])


# --- 3. Burden-sharing, overlaps, alliances, interoperability ----------------------------------

class BurdenSharingTest(AnalyticsCase):
    def test_poland_2024_as_recorded(self):
        row = next(r for r in data_rows("defence_expenditure.csv") if (r["nation"], r["year"]) == ("POL", "2024"))
        answer = self.ok("/api/v1/analytics/burden-sharing", nations="POL,DEU", **{"from": "2024", "to": "2024"})
        pol = next(r for r in answer["rows"] if r["nation"] == "POL")
        self.assertEqual(pol["gdp_share"], float(row["gdp_share"]))
        self.assertEqual(pol["expenditure_musd"], float(row["expenditure_musd"]))
        self.assertEqual(pol["equipment_share"], float(row["equipment_share"]))
        self.assertEqual(pol["estimate"], row["estimate"] == "yes")
        self.assertIs(pol["guidelines"]["wales-gdp-2"]["met"], float(row["gdp_share"]) >= 2)
        self.assertEqual({r["nation"] for r in answer["rows"]}, {"POL", "DEU"})
        rows = self.csv_dicts("/api/v1/analytics/burden-sharing", nations="POL", **{"from": "2024", "to": "2024"})
        self.assertEqual([(r["nation"], r["year"], float(r["gdp_share"])) for r in rows],
                         [("POL", "2024", float(row["gdp_share"]))])

    def test_iceland_is_null_with_a_reason(self):
        answer = self.ok("/api/v1/analytics/burden-sharing", nations="ISL")
        self.assertTrue(answer["rows"])
        for row in answer["rows"]:
            for key in ("expenditure_musd", "gdp_share", "equipment_share", "implied_gdp_musd"):
                self.assertIsNone(row[key], row)
            self.assertTrue(row["missing_reason"], row)
            for guideline in row["guidelines"].values():
                self.assertIsNone(guideline["met"], row)
                self.assertIsNone(guideline["gap_points"], row)
        for row in self.csv_dicts("/api/v1/analytics/burden-sharing", nations="ISL"):
            self.assertEqual(row["gdp_share"], "", row)
            self.assertEqual(row["expenditure_musd"], "", row)
            self.assertNotIn(row["wales-gdp-2_gap_points"], ("0", "0.0"), row)
            self.assertTrue(row["missing_reason"], row)


class OverlapsTest(AnalyticsCase):
    def test_nato_and_eu_at_the_end_of_2024(self):
        day = "2024-12-31"
        expected = members_on("NATO", day) & members_on("EU", day)
        self.assertIn("SWE", expected)
        answer = self.ok("/api/v1/analytics/overlaps", ids="NATO,EU", as_of=day)
        pair = next(p for p in answer["pairs"] if {p["first"], p["second"]} == {"NATO", "EU"})
        self.assertEqual(set(pair["nations"]), expected)
        self.assertEqual(pair["count"], len(expected))
        bodies = {b["id"]: set(b["members"]) for b in answer["bodies"]}
        self.assertEqual(bodies, {"NATO": members_on("NATO", day), "EU": members_on("EU", day)})
        rows = self.csv_dicts("/api/v1/analytics/overlaps", ids="NATO,EU", as_of=day)
        self.assertEqual(len(rows), 1)
        self.assertEqual(int(rows[0]["count"]), len(expected))

    def test_every_body(self):
        answer = self.ok("/api/v1/analytics/overlaps", as_of="2000-01-01")
        self.assertGreater(len(answer["bodies"]), 2)


class CompareAlliancesTest(AnalyticsCase):
    def test_nato_defence_names_article_5_and_quotes_the_treaty(self):
        answer = self.ok("/api/v1/analytics/alliances", ids="NATO,RIO", as_of="2024-12-31")
        self.assertEqual([a["id"] for a in answer["alliances"]], ["NATO", "RIO"])
        defense = next(p for p in answer["provisions"] if p["provision"] == "defense")
        cell = defense["cells"]["NATO"]
        quotes = {(row["alliance"], row["provision"]): row["quote"] for row in data_rows("alliance_provisions.csv")}
        self.assertTrue(cell["rows"])
        self.assertIn("Article 5", [row["article"] for row in cell["rows"]], cell)
        for row in cell["rows"]:
            self.assertTrue(row["quote"])
            self.assertIn(row["quote"], quotes[("NATO", "defense")])
        self.assertIn("RIO", defense["cells"])
        rows = self.csv_dicts("/api/v1/analytics/alliances", ids="NATO,RIO", as_of="2024-12-31")
        nato = [r for r in rows if (r["provision"], r["alliance"]) == ("defense", "NATO")]
        self.assertEqual([r["article"] for r in nato], ["Article 5"])

    def test_every_alliance(self):
        answer = self.ok("/api/v1/analytics/alliances", as_of="2024-12-31")
        self.assertEqual({a["id"] for a in answer["alliances"]}, {row["id"] for row in data_rows("alliances.csv")})


class InteroperabilityTest(AnalyticsCase):
    def test_georgia(self):
        answer = self.ok("/api/v1/analytics/interoperability", nations="GEO", **{"from": "2020", "to": "2021"})
        self.assertEqual([(r["nation"], r["year"]) for r in answer["rows"]], [("GEO", 2020), ("GEO", 2021)])
        for row in answer["rows"]:
            self.assertAlmostEqual(row["score"], sum(c["contribution"] for c in row["components"]), places=3)
            self.assertTrue(0 <= row["score"] <= 1, row)
        rows = self.csv_dicts("/api/v1/analytics/interoperability", nations="GEO", **{"from": "2020", "to": "2021"})
        self.assertEqual([r["year"] for r in rows], ["2020", "2021"])
        weighted = self.ok("/api/v1/analytics/interoperability", nations="GEO", weights="plans:0",
                           **{"from": "2020", "to": "2020"})
        plans = next(c for c in weighted["rows"][0]["components"] if c["name"] == "plans")
        self.assertEqual(plans["contribution"], 0)


# --- 4. Whose records: anonymous and signed-in staff ------------------------------------------

class RecordsTest(AnalyticsCase):
    def test_cohesion_says_whose_rounds_it_read(self):
        anonymous = self.ok("/api/v1/analytics/cohesion")
        staff = self.ok("/api/v1/analytics/cohesion", headers={"Cookie": sign_in("staff-a")})
        self.assertTrue(anonymous["records"] and staff["records"])
        self.assertNotEqual(anonymous["records"], staff["records"])
        self.assertEqual(anonymous["article4_requests"], staff["article4_requests"])
        self.csv("/api/v1/analytics/cohesion")

    def test_interoperability_says_whose_records_it_read(self):
        query = {"nations": "GEO", "from": "2020", "to": "2020"}
        anonymous = self.ok("/api/v1/analytics/interoperability", **query)
        staff = self.ok("/api/v1/analytics/interoperability", headers={"Cookie": sign_in("staff-a")}, **query)
        self.assertNotEqual(anonymous["records"], staff["records"])

    def test_simulated_rounds_count_too(self):
        body = {"rounds": [
            {"id": "s1", "opened": "2024-02-01", "positions": {"FRA": "object", "DEU": "support", "USA": "support"}},
            {"opened": "2024-03-01", "procedure": "silence", "positions": {"FRA": "silent", "DEU": "break", "USA": "silent"}},
            {"opened": "2024-04-01", "positions": {"FRA": "support", "DEU": "support", "USA": "object"}}]}
        reply = send("POST", "/api/v1/analytics/cohesion", body=body)
        self.assertEqual(reply.status, 200, reply)
        self.assertEqual((reply.body["rounds"], reply.body["simulated_rounds"]), (3, 3))
        france = next(a for a in reply.body["allies"] if a["nation"] == "FRA")
        self.assertEqual((france["rounds"], france["objections"]), (3, 1))
        pair = next(p for p in reply.body["pairs"] if {p["nation"], p["other"]} == {"DEU", "FRA"})
        self.assertEqual((pair["shared_rounds"], pair["agreements"]), (3, 1))
        for bad, pointer in (({"rounds": "x"}, "/rounds"), ({"rounds": [{"opened": "x", "positions": {}}]}, "/rounds/0/opened"),
                             ({"rounds": [{"opened": "2024-01-01", "positions": {"FRA": "maybe"}}]}, "/rounds/0/positions/FRA"),
                             ({"rounds": [{"opened": "2024-01-01", "positions": {"XXX": "object"}}]}, "/rounds")):
            with self.subTest(body=bad):
                refused = send("POST", "/api/v1/analytics/cohesion", body=bad)
                self.assertIn(refused.status, (400, 404), refused)
                self.assertEqual(refused.content_type, "application/problem+json", refused)

    def test_simulated_positions_are_allies_of_the_day(self):
        for body, pointer in (
                ({"rounds": [{"opened": "2024-01-01", "positions": {"RUS": "support"}}]}, "/rounds/0/positions/RUS"),
                ({"rounds": [{"opened": "1990-01-01", "positions": {"POL": "object"}}]}, "/rounds/0/positions/POL"),
                ({"rounds": [{"opened": "1900-01-01", "positions": {"FRA": "object"}}]}, "/rounds/0/opened")):
            with self.subTest(body=body):
                refused = send("POST", "/api/v1/analytics/cohesion", body=body)
                self.assertEqual(refused.status, 400, refused)
                self.assertEqual([e.get("pointer") for e in refused.body["errors"]], [pointer], refused.body)

    def test_networks_take_turns_and_the_rest_is_answered(self):
        """One network is computed at a time and one more waits: the others are refused as
        unavailable, and every other route keeps being answered meanwhile."""
        import concurrent.futures
        target = target_of("/api/v1/analytics/network/series", **{"from": "1949", "to": "2025"})
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            series = [pool.submit(send, "GET", target, None, None, False) for _ in range(6)]
            other = send("GET", "/api/v1/organisations")
            replies = [future.result() for future in series]
        self.assertEqual(other.status, 200, other)
        statuses = sorted(reply.status for reply in replies)
        self.assertIn(200, statuses)
        self.assertTrue(set(statuses) <= {200, 503}, statuses)
        for reply in replies:
            if reply.status == 503:
                self.assertEqual(reply.body["code"], "unavailable", reply)

    def test_a_revalidated_cohesion_is_the_callers_own(self):
        """An answer that depends on the caller is never revalidated by a tag, nor stored by a
        shared cache: a cache that holds the anonymous reply cannot serve it to staff."""
        for path in ("/api/v1/analytics/cohesion", "/api/v1/analytics/interoperability"):
            with self.subTest(path=path):
                anonymous = self.get(path)
                self.assertEqual(anonymous.status, 200, anonymous)
                self.assertIsNone(anonymous.header("ETag"))
                self.assertIn("no-store", anonymous.header("Cache-Control"))
                self.assertIn("Cookie", anonymous.header("Vary"))
                staff = self.get(path, headers={"Cookie": sign_in("staff-a"), "If-None-Match": '"v1"'})
                self.assertEqual(staff.status, 200, staff)
                self.assertNotEqual(staff.body["records"], anonymous.body["records"])


# --- 5. Caching --------------------------------------------------------------------------------

class CacheTest(AnalyticsCase):
    def test_etag_and_if_none_match(self):
        for path, query in (("/api/v1/analytics/overlaps", {"ids": "NATO,EU", "as_of": "2024-12-31"}),
                            ("/api/v1/analytics/network", {"as_of": "1995-12-31", "nations": "FIN,SWE"}),
                            ("/api/v1/analytics/network/graphml", {"as_of": "1995-12-31", "nations": "FIN,SWE"}),
                            ("/api/v1/analytics/burden-sharing", {"nations": "POL"}),
                            ("/api/v1/alliances", {})):
            with self.subTest(path=path):
                first = self.get(path, **query)
                self.assertEqual(first.status, 200, first)
                etag = first.header("ETag")
                self.assertTrue(etag and etag.startswith('"') and etag.endswith('"'), first.headers)
                again = self.get(path, headers={"If-None-Match": etag}, **query)
                self.assertEqual(again.status, 304, again)
                self.assertEqual(again.raw, b"")
                self.assertEqual(again.header("ETag"), etag)
                other = self.get(path, headers={"If-None-Match": '"not-this-one"'}, **query)
                self.assertEqual(other.status, 200, other)
                self.assertEqual(other.raw, first.raw)
        # The CSV form has an ETag of its own: a 304 for the JSON's would hand back the wrong body.
        query = {"ids": "NATO,EU", "as_of": "2024-12-31"}
        json_etag = self.get("/api/v1/analytics/overlaps", **query).header("ETag")
        csv_reply = self.get("/api/v1/analytics/overlaps", format="csv", **query)
        self.assertNotEqual(csv_reply.header("ETag"), json_etag)


# --- 6. Hostile input --------------------------------------------------------------------------

NETWORK_ROUTES = ("/api/v1/analytics/network", "/api/v1/analytics/network/edges",
                  "/api/v1/analytics/network/graphml", "/api/v1/analytics/network/series")
FOUR_HUNDRED_AND_ONE = ",".join(["".join(letters) for letters in itertools.product("ABCDEFGHIJ", repeat=3)][:401])
TEN_KB = "A" * 10240


def hostile_cases():
    """(path, query, status, codes, parameter)"""
    bad = "invalid-argument"
    bad_date = ("invalid-date", "invalid-argument")
    cases = []
    for path in NETWORK_ROUTES:
        cases += [
            (path, {"weights": "bogus:1"}, 400, bad, "weights"),
            (path, {"weights": "membership:-1"}, 400, bad, "weights"),
            (path, {"weights": "membership:NaN"}, 400, bad, "weights"),
            (path, {"weights": "membership:nan"}, 400, bad, "weights"),
            (path, {"weights": "membership:inf"}, 400, bad, "weights"),
            (path, {"weights": "membership:1e400"}, 400, bad, "weights"),
            (path, {"weights": "membership"}, 400, bad, "weights"),
            (path, {"window": "51"}, 400, bad, "window"),
            (path, {"window": "-1"}, 400, bad, "window"),
            (path, {"window": "5.5"}, 400, bad, "window"),
            (path, {"nations": FOUR_HUNDRED_AND_ONE}, 400, bad, "nations"),
            (path, {"nations": TEN_KB}, 400, bad, "nations"),
            (path, {"nations": "FIN,S\x00E"}, 400, bad, "nations"),
            (path, {"nations": "FIN,<script>"}, 400, bad, "nations"),
            (path, {"nations": "FIN,\u00e9\u00e9\u00e9"}, 400, bad, "nations"),
            (path, {"nations": "FIN,\U0001F600"}, 400, bad, "nations"),
            (path, {"nations": "FIN,SWE\r\nX-Injected: 1"}, 400, bad, "nations"),
            (path, {"nations": "XYZ"}, (400, 404), None, "nations"),
        ]
    for path in ("/api/v1/analytics/network", "/api/v1/analytics/network/edges", "/api/v1/analytics/network/graphml"):
        cases += [
            (path, {"as_of": "garbage"}, 400, bad_date, "as_of"),
            (path, {"as_of": "2024-02-30"}, 400, bad_date, "as_of"),
            (path, {"as_of": "1800-01-01"}, 400, bad_date, "as_of"),
            (path, {"as_of": "99999-01-01"}, 400, bad_date, "as_of"),
            (path, {"as_of": TEN_KB}, 400, bad_date, "as_of"),
        ]
    series = "/api/v1/analytics/network/series"
    cases += [
        (series, {"from": "1800"}, 400, bad, "from"),
        (series, {"to": "99999"}, 400, bad, "to"),
        (series, {"from": "2001", "to": "2000"}, 400, bad, "to"),
        (series, {"from": TEN_KB}, 400, bad, "from"),
    ]
    change = "/api/v1/analytics/network/change"
    cases += [
        (change, {}, 400, bad, "from"),
        (change, {"from": "2000-01-01", "weights": "bogus:1"}, 400, bad, "weights"),
        (change, {"from": "2000-01-01", "window": "51"}, 400, bad, "window"),
        (change, {"from": "2000-01-01", "nations": FOUR_HUNDRED_AND_ONE}, 400, bad, "nations"),
    ]
    burden = "/api/v1/analytics/burden-sharing"
    cases += [
        (burden, {"from": "1800"}, 400, bad, "from"),
        (burden, {"to": "99999"}, 400, bad, "to"),
        (burden, {"from": "2024", "to": "2020"}, 400, bad, "to"),
        (burden, {"from": "garbage"}, 400, bad, "from"),
        (burden, {"nations": FOUR_HUNDRED_AND_ONE}, 400, bad, "nations"),
        (burden, {"nations": "POL,\u00e9"}, 400, bad, "nations"),
        (burden, {"nations": "XYZ"}, 404, "unknown-nation", "nations"),
        (burden, {"nations": TEN_KB}, 400, bad, "nations"),
    ]
    interop = "/api/v1/analytics/interoperability"
    cases += [
        (interop, {"from": "1800"}, 400, bad, "from"),
        (interop, {"to": "99999"}, 400, bad, "to"),
        (interop, {"from": "2021", "to": "2020"}, 400, bad, "to"),
        (interop, {"nations": FOUR_HUNDRED_AND_ONE}, 400, bad, "nations"),
        (interop, {"nations": "XYZ"}, 404, "unknown-nation", "nations"),
        (interop, {"nations": "GEO,<b>"}, 400, bad, "nations"),
    ]
    cohesion = "/api/v1/analytics/cohesion"
    cases += [
        (cohesion, {"from": "garbage"}, 400, bad_date, "from"),
        (cohesion, {"to": "99999-01-01"}, 400, bad_date, "to"),
        (cohesion, {"from": "2021-01-01", "to": "2020-01-01"}, 400, bad, "to"),
        (cohesion, {"from": TEN_KB}, 400, bad_date, "from"),
    ]
    for path, kind in (("/api/v1/analytics/alliances", "alliance"), ("/api/v1/analytics/overlaps", "body")):
        cases += [
            (path, {"ids": "NOPE"}, 404, ("not-found", "unknown-organisation"), "ids"),
            (path, {"ids": "NATO,NOPE"}, 404, ("not-found", "unknown-organisation"), "ids"),
            (path, {"ids": "NATO,<x>"}, 400, bad, "ids"),
            (path, {"ids": TEN_KB}, 400, bad, "ids"),
            (path, {"as_of": "garbage"}, 400, bad_date, "as_of"),
            (path, {"as_of": "99999-01-01"}, 400, bad_date, "as_of"),
        ]
    cases += [
        ("/api/v1/exercises", {"nation": "XYZ"}, 404, "unknown-nation", "nation"),
        ("/api/v1/exercises", {"from": "2020-01-01", "to": "2019-01-01"}, 400, bad, "to"),
        ("/api/v1/exercises", {"to": "garbage"}, 400, bad_date, "to"),
        ("/api/v1/exercises", {"nation": TEN_KB}, (400, 404), None, "nation"),
        ("/api/v1/defence-expenditure", {"from": "1800"}, 400, bad, "from"),
        ("/api/v1/defence-expenditure", {"to": "99999"}, 400, bad, "to"),
        ("/api/v1/defence-expenditure", {"from": "2024", "to": "2014"}, 400, bad, "to"),
        ("/api/v1/defence-expenditure", {"nation": "XYZ"}, 404, "unknown-nation", "nation"),
        ("/api/v1/alliances", {"format": "xml"}, 400, bad, "format"),
        ("/api/v1/analytics/network", {"format": "xml"}, 400, bad, "format"),
        ("/api/v1/analytics/network", {"bogus": "1"}, 400, bad, "bogus"),
        ("/api/v1/analytics/network/change", {"from": "2000-01-01", "as_of": "2000-01-01"}, 400, bad, "as_of"),
    ]
    return cases


class HostileInputTest(AnalyticsCase):
    def test_each_is_a_problem_naming_its_parameter(self):
        for path, query, status, codes, parameter in hostile_cases():
            label = f"{path}?{urllib.parse.urlencode(query)[:80]}"
            with self.subTest(request=label):
                reply = self.get(path, **query)
                statuses = status if isinstance(status, tuple) else (status,)
                self.assertIn(reply.status, statuses, reply)
                self.problem(reply, reply.status, codes, parameter)
        self.assert_healthy()

    def test_a_target_that_is_not_utf8(self):
        # Refused before routing: the problem has no parameter to name.
        for target in ("/api/v1/analytics/network?nations=FIN,%FF%FE", "/api/v1/analytics/overlaps?ids=%C0%AF"):
            with self.subTest(target=target):
                reply = send("GET", target)
                self.problem(reply, 400, "invalid-argument")
        self.assert_healthy()

    def test_many_at_once(self):
        """The hostile requests from eight threads at once; the server answers each, then /healthz."""
        cases = hostile_cases()
        failures = []

        def worker(part):
            for path, query, status, _, _ in part:
                reply = send("GET", target_of(path, **query))
                if reply.status not in (status if isinstance(status, tuple) else (status,)):
                    failures.append((path, query, reply.status))

        threads = [threading.Thread(target=worker, args=(cases[i::8],)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(failures, [])
        self.assert_healthy()

    # Known defect: igraph's eigenvector centrality fails on such weights, a 500 internal-error.
    def test_huge_finite_weights_are_refused_or_answered(self):
        """Finite weights as large as a double holds: a 400 naming weights or an answer, never a 500."""
        failed = []
        for weight in ("1e300", "1.7e308"):
            for path in NETWORK_ROUTES + ("/api/v1/analytics/network/change",):
                query = {"weights": f"membership:{weight}", "as_of": "2000-01-01", "nations": "FIN,SWE,NOR"}
                if path.endswith("change"):
                    query = {"weights": f"membership:{weight}", "from": "2000-01-01", "to": "2001-01-01"}
                elif path.endswith("series"):
                    query = {"weights": f"membership:{weight}", "from": "2000", "to": "2001"}
                reply = self.get(path, checked=False, **query)
                if reply.status not in (200, 400) or (
                        reply.status == 400 and "weights" not in [e.get("parameter") for e in reply.body["errors"]]):
                    failed.append(f"{path} {weight}: {reply}")
        self.assert_healthy()
        self.assertEqual(failed, [])

    # Known defect: the failure of a malformed day names `as_of`, a parameter the route does not take.
    def test_network_change_names_the_bad_day(self):
        named = []
        for query, parameter in (({"from": "1990", "to": "2000-12-31"}, "from"),
                                 ({"from": "2000-01-01", "to": "garbage"}, "to")):
            reply = self.get("/api/v1/analytics/network/change", checked=False, **query)
            self.assertEqual(reply.status, 400, reply)
            named.append((parameter, [e.get("parameter") for e in reply.body["errors"]]))
        self.assertEqual(named, [("from", ["from"]), ("to", ["to"])])

    def test_network_change_refuses_a_bad_day(self):
        for query in ({"from": "1990", "to": "2000-12-31"}, {"from": "2000-01-01", "to": "garbage"}):
            with self.subTest(query=query):
                self.problem(self.get("/api/v1/analytics/network/change", **query), 400,
                             ("invalid-date", "invalid-argument"))

    # Known inconsistency: interoperability names a weight's parameter `weights/plans`, the network
    # routes `weights`; errors[].parameter is documented as a query parameter's name.
    def test_interoperability_weights_name_the_parameter(self):
        for weights in ("plans:-1", "plans:NaN", "bogus:1"):
            reply = self.get("/api/v1/analytics/interoperability", weights=weights)
            body = self.problem(reply, 400, "invalid-argument")
            self.assertIn("weights", [e.get("parameter") for e in body["errors"]], body)

    def test_interoperability_refuses_bad_weights(self):
        for weights in ("plans:-1", "plans:NaN", "plans:inf", "bogus:1", "plans"):
            with self.subTest(weights=weights):
                body = self.problem(self.get("/api/v1/analytics/interoperability", weights=weights), 400,
                                    "invalid-argument")
                self.assertTrue(any(e.get("parameter", "").startswith("weights") for e in body["errors"]), body)
        self.assert_healthy()


# --- The conformance of every reply, checked as they arrived ----------------------------------

def is_known(template, status, finding):
    return any(template == t and status == st and text in finding for t, st, text in KNOWN_GAPS)


class ConformanceReport(unittest.TestCase):
    """Runs after every other test: what the replies of each operation broke in the document."""

    def test_every_reply_matched_the_document(self):
        self.assertTrue(CONFORMANCE.checked, "no reply was checked")
        for key in sorted(CONFORMANCE.checked, key=str):
            method, template, status = key
            with self.subTest(operation=f"{method} {template} {status}"):
                findings = {finding: example for finding, example in CONFORMANCE.findings.get(key, {}).items()
                            if not is_known(template, status, finding)}
                self.assertEqual(findings, {}, "\n".join(f"{finding} (e.g. {example})"
                                                         for finding, example in findings.items()))
        for (method, template, status), findings in sorted(CONFORMANCE.findings.items(), key=str):
            for finding, example in findings.items():
                if is_known(template, status, finding):
                    print(f"known gap: {method} {template} {status}: {finding} (e.g. {example})")

    def test_every_documented_route_was_asked(self):
        documented = {path for path in DOC["paths"] if path.startswith(CHECKED_PREFIXES)}
        asked = {template for (_, template, status) in CONFORMANCE.checked if status == 200}
        self.assertEqual(documented - asked, set())

# --- 6. The dyad-year panel, streamed -----------------------------------------------------------

def nation_lives():
    """ISO alpha-3 -> (from, to) of data/nations.csv, open ends as None."""
    return {row["iso3"]: (row["from"] or None, row["to"] or None) for row in data_rows("nations.csv")}


def exists_in_year(life, year):
    start, end = life
    return (start is None or start <= f"{year}-12-31") and (end is None or end > f"{year}-01-01")


def both_exist_in_year(first, second, year):
    """Both lives share a day of the year (the panel's rule: no false dyads)."""
    lo = max(f"{year}-01-01", first[0] or "0000", second[0] or "0000")
    hi = min(f"{year + 1}-01-01", first[1] or "9999", second[1] or "9999")
    return lo < hi


class PanelTest(AnalyticsCase):
    def test_streamed_rows_follow_the_rules(self):
        reply = self.get("/api/v1/analytics/panel", **{"from": "1988", "to": "1996"})
        self.assertEqual(reply.status, 200, reply)
        self.assertEqual(reply.header("Content-Type"), "text/csv; charset=utf-8")
        self.assertEqual(reply.header("Transfer-Encoding"), "chunked")
        self.assertIsNone(reply.header("Content-Length"))
        rows = list(csv.DictReader(io.StringIO(reply.raw.decode("utf-8"), newline="")))
        self.assertEqual(len(rows), int(reply.header("X-Panel-Rows")))
        lives = nation_lives()
        expected = sum(1 for year in range(1988, 1997) for a in lives for b in lives
                       if a != b and both_exist_in_year(lives[a], lives[b], year))
        self.assertEqual(len(rows), expected, "one row per ordered pair existing in the year, no more")
        for row in rows:
            year = int(row["year"])
            self.assertTrue(both_exist_in_year(lives[row["a"]], lives[row["b"]], year), row)
            # Exercises are covered from 1994: before, missing (empty), never 0.
            self.assertEqual(row["shared_exercises"] == "", year < 1994, row)
        keyed = {(r["year"], r["a"], r["b"]): r for r in rows}
        # No false dyads: East Germany ended in 1990, Slovakia began in 1993.
        self.assertNotIn(("1993", "DDR", "SVK"), keyed)
        self.assertIn(("1990", "DDR", "DEU"), keyed)
        self.assertNotIn(("1991", "DDR", "DEU"), keyed)
        # Direction: Russia partners NATO (NACC from December 1991), of which Germany is a member.
        self.assertIn("NATO", keyed[("1992", "RUS", "DEU")]["a_partner_of_b_organisations"].split(";"))
        self.assertNotIn("NATO", keyed[("1992", "DEU", "RUS")]["a_partner_of_b_organisations"].split(";"))
        # NATO's Article 5 between two Allies.
        self.assertGreaterEqual(int(keyed[("1995", "FRA", "DEU")]["defense"]), 1)

    def test_gzip_when_accepted(self):
        plain = self.get("/api/v1/analytics/panel", **{"from": "2000", "to": "2001", "nations": "FIN,SWE,NOR"})
        packed = self.get("/api/v1/analytics/panel", headers={"Accept-Encoding": "gzip"}, checked=False,
                          **{"from": "2000", "to": "2001", "nations": "FIN,SWE,NOR"})
        self.assertEqual(packed.status, 200, packed)
        self.assertEqual(packed.header("Content-Encoding"), "gzip")
        self.assertIn("Accept-Encoding", packed.header("Vary"))
        self.assertEqual(gzip.decompress(packed.raw), plain.raw)
        self.assertEqual(len(plain.raw.decode().splitlines()), 1 + 2 * 6)

    def test_about_describes_the_panel(self):
        about = self.ok("/api/v1/analytics/panel/about", **{"from": "1990", "to": "1995", "nations": "DEU,DDR,FRA"})
        # 1990: the three pairs both ways (East Germany until 3 October); 1991-1995: France and Germany.
        self.assertEqual(about["rows"], 6 + 2 * 5)

    def test_bad_requests(self):
        for query, parameter in ((("from", "1800"),), "from"), ((("to", "99999"),), "to"), \
                                ((("from", "2000"), ("to", "1990")), "from"), ((("nations", "FIN,XXX"),), "nations"):
            with self.subTest(query=query):
                reply = self.get("/api/v1/analytics/panel", **dict(query))
                self.problem(reply, 400 if parameter != "nations" else reply.status, parameter=parameter)

    def test_full_panel_rate(self):
        """The whole panel, gzip, as a browser downloads it; the rate is printed, not asserted."""
        started = time.monotonic()
        packed = self.get("/api/v1/analytics/panel", headers={"Accept-Encoding": "gzip"}, checked=False,
                          **{"from": "1949", "to": "2025"})
        elapsed = time.monotonic() - started
        self.assertEqual(packed.status, 200, packed)
        rows = gzip.decompress(packed.raw).count(b"\n") - 1
        self.assertEqual(rows, int(packed.header("X-Panel-Rows")))
        print(f"\n  panel 1949-2025: {rows} rows in {elapsed:.2f} s over HTTP ({rows / elapsed / 1e6:.1f} M rows/s, "
              f"{len(packed.raw) / 1e6:.1f} MB gzip)", file=sys.stderr)


def main():
    global OPTIONS, DOC, CHECKER, SERVER
    parser = argparse.ArgumentParser()
    parser.add_argument("--entente", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--web", default="web/dist")
    parser.add_argument("--scenarios", default="scenarios")
    OPTIONS, rest = parser.parse_known_args()
    OPTIONS.entente = os.path.abspath(OPTIONS.entente)
    test_manage.OPTIONS = OPTIONS  # its Server reads the binary and the folders from there
    shutil.rmtree(OPTIONS.work, ignore_errors=True)
    os.makedirs(OPTIONS.work)
    db = os.path.join(OPTIONS.work, "analytics.db")
    run([OPTIONS.entente, "init", "--db", db, "--data", OPTIONS.data])
    run([OPTIONS.entente, "user", "add", "staff-a", "--role", "alliance-staff", "--password-stdin", "--db", db],
        stdin=PASSWORD + "\n")
    SERVER = Server(db, "analytics")
    try:
        reply = send("GET", "/api/v1/openapi.json")
        assert reply.status == 200, reply
        DOC = reply.body
        CHECKER = SchemaChecker(DOC)
        # The conformance report last, whatever else is asked for.
        names = [name for name, value in sorted(globals().items())
                 if isinstance(value, type) and issubclass(value, AnalyticsCase) and value is not AnalyticsCase]
        program = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2,
                                defaultTest=names + ["ConformanceReport"])
        result = program.result
    finally:
        code = SERVER.stop()
    stopped = code == 0
    print(f"graceful shutdown on SIGTERM: {'ok' if stopped else f'FAILED (exit {code})'}")
    failures = (len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
                + (0 if stopped else 1))
    print(f"{result.testsRun} tests, {len(result.expectedFailures)} known failures, "
          f"{len(CONFORMANCE.checked)} operation-status pairs checked against the document, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
