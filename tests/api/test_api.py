#!/usr/bin/env python3
"""Black-box tests of the HTTP API: the real `entente serve` on an ephemeral port.

Checks status codes, bodies and RFC 9457 problem+json errors for every route, the
simulation jobs (submit, poll, results, cancel, compare), the OpenAPI document,
keep-alive, graceful shutdown on SIGTERM, and that `entente init` on bad data leaves an
existing database unchanged.
"""
import argparse
import hashlib
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import unittest

OPTIONS = None
SERVER = None


class Server:
    def __init__(self, entente, db, web, scenarios):
        self.process = subprocess.Popen(
            [entente, "serve", "--db", db, "--port", "0", "--web", web, "--threads", "2", "--access-log", "-",
             "--scenarios", scenarios, "--simulation-threads", "2"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("listening on http://"):
            self.process.kill()
            raise RuntimeError("server did not start: " + line + self.process.stderr.read())
        host_port = line.strip().removeprefix("listening on http://")
        self.host, port = host_port.rsplit(":", 1)
        self.port = int(port)

    def request(self, path, method="GET"):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        connection.request(method, path)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response, body

    def json(self, path):
        response, body = self.request(path)
        return response.status, response.getheader("Content-Type"), json.loads(body) if body else None

    def send(self, method, path, body=None):
        """A request with an optional JSON body (a dict, or bytes as they are); the
        response, its headers and its parsed JSON body."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        data = None if body is None else body if isinstance(body, bytes) else json.dumps(body).encode()
        connection.request(method, path, body=data, headers={"Content-Type": "application/json"} if data else {})
        response = connection.getresponse()
        raw = response.read()
        connection.close()
        return response, json.loads(raw) if raw else None

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        _, stderr = self.process.communicate(timeout=10)
        return self.process.returncode, stderr


class ApiTest(unittest.TestCase):
    def get_ok(self, path):
        status, content_type, body = SERVER.json(path)
        self.assertEqual(status, 200, f"{path}: {body}")
        self.assertEqual(content_type, "application/json")
        return body

    def get_text(self, path):
        response, body = SERVER.request(path)
        self.assertEqual(response.status, 200, f"{path}: {body!r}")
        self.assertEqual(response.getheader("Content-Type"), "text/csv; charset=utf-8")
        return body.decode("utf-8")

    def assert_problem(self, path, status, code):
        actual_status, content_type, body = SERVER.json(path)
        self.assertEqual(actual_status, status, f"{path}: {body}")
        self.assertEqual(content_type, "application/problem+json")
        self.assertEqual(body["code"], code)
        self.assertEqual(body["status"], status)
        self.assertEqual(body["type"], "/problems/" + code)
        self.assertTrue(body["title"])
        self.assertTrue(body["detail"])
        return body

    def test_health(self):
        body = self.get_ok("/healthz")
        self.assertEqual(body["status"], "ok")
        self.assertGreaterEqual(body["nations"], 196)

    def test_members_as_of_finland_accession(self):
        before = self.get_ok("/api/v1/organisations/NATO/members?as_of=2023-04-03")
        after = self.get_ok("/api/v1/organisations/nato/members?as_of=2023-04-04")
        self.assertEqual(before["count"], 30)
        self.assertEqual(after["count"], 31)
        self.assertNotIn("FIN", [m["iso3"] for m in before["members"]])
        finland = next(m for m in after["members"] if m["iso3"] == "FIN")
        self.assertEqual(finland["from"], "2023-04-04")
        self.assertIsNone(finland["to"])
        self.assertTrue(finland["source"].strip())

    def test_members_founders(self):
        body = self.get_ok("/api/v1/organisations/NATO/members?as_of=1949-08-24")
        self.assertEqual(body["count"], 12)
        self.assertEqual(self.get_ok("/api/v1/organisations/NATO/members?as_of=1949-08-23")["count"], 0)

    def test_partners_and_frameworks(self):
        frameworks = {f["id"] for f in self.get_ok("/api/v1/frameworks")["frameworks"]}
        self.assertTrue({"NACC", "EAPC", "PFP", "MD", "ICI", "PATG", "EOP"} <= frameworks)
        md = self.get_ok("/api/v1/frameworks/MD/partners?as_of=2003-01-01")
        self.assertEqual(sorted(p["iso3"] for p in md["partners"]), ["DZA", "EGY", "ISR", "JOR", "MAR", "MRT", "TUN"])
        pfp_1997 = {p["iso3"] for p in self.get_ok("/api/v1/frameworks/PFP/partners?as_of=1997-01-01")["partners"]}
        pfp_2009 = {p["iso3"] for p in self.get_ok("/api/v1/frameworks/PFP/partners?as_of=2009-01-01")["partners"]}
        self.assertNotIn("MLT", pfp_1997)
        self.assertIn("MLT", pfp_2009)

    def test_relations_is_the_map_data(self):
        body = self.get_ok("/api/v1/organisations/NATO/relations?as_of=2015-01-01")
        by_code = {r["iso3"]: r for r in body["relations"]}
        self.assertEqual(by_code["USA"]["relation"], "member")
        self.assertEqual(by_code["FIN"]["relation"], "partner")
        self.assertIn("PFP", by_code["FIN"]["frameworks"])
        self.assertEqual(by_code["RUS"]["relation"], "suspended-partner")
        self.assertEqual(by_code["BRA"]["relation"], "none")
        self.assertNotIn("SUN", by_code)  # the Soviet Union no longer exists in 2015
        self.assertEqual(sum(body["counts"].values()), len(body["relations"]))
        self.assertEqual(by_code["FIN"]["iso_numeric"], "246")

    def test_nation_profile(self):
        body = self.get_ok("/api/v1/nations/FIN?as_of=2023-04-04")
        self.assertEqual(body["nation"]["name"], "Finland")
        nato = next(r for r in body["relations"] if r["organisation"] == "NATO")
        self.assertEqual(nato["relation"], "member")
        self.assertTrue(any(p["framework"] == "PFP" and p["to"] == "2023-04-04" for p in body["partnerships"]))
        for row in body["memberships"] + body["partnerships"]:
            self.assertTrue(row["source"].strip())

    def test_timeline(self):
        body = self.get_ok("/api/v1/timeline?organisation=NATO&from=2023-04-04&to=2023-04-04")
        kinds = {(e["nation"], e["kind"]) for e in body["events"]}
        self.assertIn(("FIN", "accession"), kinds)
        self.assertIn(("FIN", "partnership-end"), kinds)
        dates = [e["date"] for e in self.get_ok("/api/v1/timeline?nation=MLT")["events"]]
        self.assertEqual(dates, sorted(dates))
        self.assertIn("1996-10-27", dates)

    def test_search(self):
        body = self.get_ok("/api/v1/nations?q=SWE")
        self.assertEqual(body["nations"][0]["iso3"], "SWE")
        body = self.get_ok("/api/v1/nations?q=%20land")  # percent-encoded, trimmed
        # by name, or by another name of the nation (Holland), which the answer names
        self.assertTrue(all("land" in (n["matched_alias"] or n["name"]).lower() for n in body["nations"]))
        self.assertIn("NLD", [n["iso3"] for n in body["nations"]])
        for query, iso3 in (("Turkey", "TUR"), ("cote d'ivoire", "CIV"), ("UK", "GBR"), ("Burma", "MMR")):
            first = self.get_ok("/api/v1/nations?q=" + urllib.parse.quote(query))["nations"][0]
            self.assertEqual(first["iso3"], iso3, query)
        csv_text = self.get_text("/api/v1/nations?q=land&format=csv")
        self.assertTrue(csv_text.startswith("iso3,iso2,iso_numeric,name,status,region,subregion,capital\n"))
        self.assertEqual(len(csv_text.strip().split("\n")) - 1, len(body["nations"]))
        everything = self.get_ok("/api/v1/nations")["nations"]
        self.assertGreaterEqual(len(everything), 196)

    def test_publishers(self):
        publishers = self.get_ok("/api/v1/publishers")["publishers"]
        hosts = [p["host"] for p in publishers]
        self.assertEqual(hosts, sorted(hosts))
        by_host = {p["host"]: p for p in publishers}
        self.assertEqual(by_host["nato.int"]["publisher"], "NATO")
        self.assertEqual(by_host["nato.int"]["kind"], "primary")
        self.assertEqual(by_host["wikipedia.org"]["kind"], "secondary")
        self.assertTrue(all(p["kind"] in ("primary", "secondary") and p["source"] for p in publishers))
        csv_text = self.get_text("/api/v1/publishers?format=csv")
        self.assertTrue(csv_text.startswith("host,publisher,kind,source,note\n"))
        self.assertIn("\nnato.int,NATO,primary,", csv_text)

    def test_problems(self):
        self.assert_problem("/api/v1/nations/XYZ", 404, "unknown-nation")
        self.assert_problem("/api/v1/organisations/NAT0/members", 404, "unknown-organisation")
        self.assert_problem("/api/v1/frameworks/PFQ/partners", 404, "unknown-framework")
        self.assert_problem("/api/v1/organisations/NATO/members?as_of=2023-02-29", 400, "invalid-date")
        self.assert_problem("/api/v1/organisations/NATO/members?as_of=yesterday", 400, "invalid-date")
        self.assert_problem("/api/v1/organisations/NATO/members?asof=2020-01-01", 400, "invalid-argument")
        self.assert_problem("/api/v1/timeline?from=2025-01-01&to=2020-01-01", 400, "invalid-argument")
        self.assert_problem("/api/v1/nowhere", 404, "not-found")
        problem = self.assert_problem("/api/v2/nations", 404, "not-found")
        self.assertEqual(problem["instance"], "/api/v2/nations")

    def post(self, path, body):
        connection = http.client.HTTPConnection(SERVER.host, SERVER.port, timeout=10)
        connection.request("POST", path, body=body if isinstance(body, bytes) else json.dumps(body).encode(),
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, response.getheader("Content-Type"), json.loads(data)

    def test_decision_silence_procedure_2003(self):
        status, content_type, body = self.post("/api/v1/decisions", {
            "organisation": "NATO", "procedure": "silence", "subject": "Defensive planning for Turkey",
            "as_of": "2003-02-06", "silence_deadline": "2003-02-10",
            "silence_breaks": {"FRA": "2003-02-09", "DEU": "2003-02-09", "BEL": "2003-02-09"}})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["outcome"], "returned-to-discussion")
        self.assertEqual(sorted(d["iso3"] for d in body["decisive"]), ["BEL", "DEU", "FRA"])
        self.assertEqual(body["counts"]["object"], 3)
        self.assertTrue(body["reasoning"])

    def test_decision_eu_qualified_majority(self):
        status, _, body = self.post("/api/v1/decisions", {
            "organisation": "eu", "procedure": "qualified-majority", "subject": "Nature restoration",
            "as_of": "2024-06-17", "default": "support",
            "positions": {"ITA": "object", "HUN": "object", "NLD": "object", "POL": "object", "FIN": "object",
                          "SWE": "object", "BEL": "abstain"}})
        self.assertEqual(status, 200, body)
        self.assertTrue(body["adopted"])
        self.assertAlmostEqual(body["margins"]["member_share"], 20 / 27, places=6)

    def test_decision_problems(self):
        status, content_type, body = self.post("/api/v1/decisions", {"organisation": "NATO", "subject": "x",
                                                                     "as_of": "2022-06-01",
                                                                     "positions": {"FIN": "object"}})
        self.assertEqual((status, content_type, body["code"]), (400, "application/problem+json", "invalid-argument"))
        self.assertIn("FIN", body["detail"])
        status, _, body = self.post("/api/v1/decisions", b"{not json")
        self.assertEqual((status, body["code"]), (400, "invalid-argument"))
        status, _, body = self.post("/api/v1/decisions", {"organisation": "NATO", "subject": "x", "colour": "red"})
        self.assertEqual((status, body["code"]), (400, "invalid-argument"))
        self.assertEqual(body["errors"][0]["pointer"], "/colour")
        for request, pointer in (({"organisation": 5, "subject": "x"}, "/organisation"),
                                 ({"organisation": "NATO", "subject": "x", "as_of": "2022-02-30"}, "/as_of"),
                                 ({"organisation": "NATO", "subject": "x", "positions": {"XYZ": "object"}},
                                  "/positions/XYZ"),
                                 ({"organisation": "NATO", "subject": "x", "positions": {"FRA": "maybe"}},
                                  "/positions/FRA"),
                                 ({"organisation": "NATO", "subject": "x", "procedure": "vote"}, "/procedure")):
            _, _, body = self.post("/api/v1/decisions", request)
            self.assertEqual(body.get("errors", [{}])[0].get("pointer"), pointer, f"{request}: {body}")
        status, _, body = self.post("/api/v1/decisions", {"organisation": "NATO", "subject": ""})
        self.assertEqual((status, body["code"]), (400, "invalid-argument"))
        response, _ = SERVER.request("/api/v1/decisions")
        self.assertEqual(response.status, 405)
        self.assertEqual(response.getheader("Allow"), "POST")

    def test_article5(self):
        madrid = self.get_ok("/api/v1/article5?lat=40.4168&lon=-3.7038&as_of=2020-01-01")
        self.assertEqual((madrid["verdict"], madrid["clause"]), ("covered", "6(1)-europe-north-america"))
        self.assertEqual(len(madrid["bound"]), 29)  # North Macedonia joined on 2020-03-27
        honolulu = self.get_ok("/api/v1/article5?lat=21.3069&lon=-157.8583&as_of=2020-01-01")
        self.assertEqual(honolulu["verdict"], "not-covered")
        self.assertEqual(honolulu["bound"], [])
        vessel = self.get_ok("/api/v1/article5?lat=38&lon=5&target=vessel&nation=ITA&as_of=2020-01-01")
        self.assertEqual((vessel["verdict"], vessel["clause"]), ("covered", "6(2)-mediterranean"))
        canaries = self.get_ok("/api/v1/article5?territory=ES-CN&as_of=2020-01-01")
        self.assertEqual(canaries["verdict"], "covered")
        self.assert_problem("/api/v1/article5?lat=91&lon=0", 400, "invalid-argument")
        self.assert_problem("/api/v1/article5?lat=40&lon=-40", 400, "invalid-argument")  # territory at sea
        self.assert_problem("/api/v1/article5?territory=XX-YY", 404, "unknown-nation")
        area = self.get_ok("/api/v1/treaty-area?as_of=1960-01-01")
        algeria = next(u for u in area["units"] if u["clause"] == "6(1)-algeria")
        self.assertEqual(algeria["ruling"], "covered")
        self.assertIn("mediterranean", {s["id"] for s in area["seas"]})

    def test_article4_operations_eligibility_seats(self):
        article4 = self.get_ok("/api/v1/article4?from=2022-01-01&to=2022-12-31")
        self.assertEqual(article4["count"], 1)
        self.assertEqual(len(article4["consultations"][0]["requested_by"]), 8)
        allied_force = self.get_ok("/api/v1/operations/allied-force")
        self.assertEqual((allied_force["classification"], allied_force["contested"]), ("no-explicit-mandate", True))
        isaf = self.get_ok("/api/v1/operations/isaf")
        self.assertIn("1386", isaf["unsc_resolutions"])
        self.assertGreater(len(isaf["participants"]), 20)
        mandated = self.get_ok("/api/v1/operations?basis=un-mandated")
        self.assertTrue(all(o["classification"] == "un-mandated" for o in mandated["operations"]))
        self.assert_problem("/api/v1/operations/nowhere", 404, "not-found")
        member = self.get_ok("/api/v1/eligibility?nation=DEU&activity=exercises&as_of=2020-01-01")
        self.assertEqual(member["eligible"], "yes")
        russia = self.get_ok("/api/v1/eligibility?nation=RUS&activity=exercises&as_of=2020-01-01")
        self.assertEqual((russia["relation"], russia["eligible"]), ("suspended-partner", "no"))
        brazil = self.get_ok("/api/v1/eligibility?nation=BRA&activity=exercises&as_of=2020-01-01")
        self.assertEqual(brazil["eligible"], "no")
        self.assert_problem("/api/v1/eligibility?nation=DEU&activity=dancing", 400, "invalid-argument")
        seats = self.get_ok("/api/v1/councils/AUPSC/seats?as_of=2024-06-01")
        self.assertEqual(seats["count"], 15)

    def test_a_participant_filter_says_what_it_could_not_judge(self):
        everything = self.get_ok("/api/v1/operations")
        self.assertNotIn("not_judged", everything, "no nation filter, nothing left unjudged")
        unrecorded = [o["id"] for o in everything["operations"] if not o["participants"]]
        self.assertTrue(unrecorded, "the reference data has operations without recorded participants")
        poland = self.get_ok("/api/v1/operations?nation=POL")
        not_judged = poland["not_judged"]
        self.assertEqual(not_judged["of"], everything["count"])
        self.assertEqual(not_judged["operations"], unrecorded)
        self.assertEqual(not_judged["count"], len(unrecorded))
        self.assertTrue(all(o["participants"] for o in poland["operations"]))
        # the other filters narrow what is considered
        active = self.get_ok("/api/v1/operations?nation=POL&as_of=2024-01-01")
        active_all = self.get_ok("/api/v1/operations?as_of=2024-01-01")
        self.assertEqual(active["not_judged"]["of"], active_all["count"])

    def test_method_not_allowed(self):
        response, body = SERVER.request("/api/v1/nations", method="POST")
        self.assertEqual(response.status, 405)
        self.assertEqual(response.getheader("Allow"), "GET, HEAD")
        self.assertEqual(json.loads(body)["code"], "method-not-allowed")

    def test_head_has_no_body(self):
        response, body = SERVER.request("/api/v1/organisations", method="HEAD")
        self.assertEqual(response.status, 200)
        self.assertEqual(body, b"")
        self.assertGreater(int(response.getheader("Content-Length")), 0)

    def test_openapi_lists_every_route(self):
        document = self.get_ok("/api/v1/openapi.json")
        self.assertTrue(document["openapi"].startswith("3."))
        paths = set(document["paths"])
        for route in ["/healthz", "/api/v1/organisations", "/api/v1/organisations/{id}",
                      "/api/v1/organisations/{id}/members", "/api/v1/organisations/{id}/relations",
                      "/api/v1/frameworks", "/api/v1/frameworks/{id}/partners", "/api/v1/nations",
                      "/api/v1/nations/{iso3}", "/api/v1/timeline", "/api/v1/openapi.json", "/api/v1/decisions",
                      "/api/v1/article4", "/api/v1/article5", "/api/v1/treaty-area", "/api/v1/operations",
                      "/api/v1/operations/{id}", "/api/v1/eligibility", "/api/v1/councils/{id}/seats",
                      "/api/v1/scenarios", "/api/v1/simulations", "/api/v1/simulations/{id}"]:
            self.assertIn(route, paths)

    def test_keep_alive_serves_many_requests_on_one_connection(self):
        connection = http.client.HTTPConnection(SERVER.host, SERVER.port, timeout=10)
        for _ in range(20):
            connection.request("GET", "/api/v1/organisations/NATO/relations?as_of=2000-01-01")
            response = connection.getresponse()
            self.assertEqual(response.status, 200)
            response.read()
        connection.close()

    def test_serves_the_browser_ui(self):
        response, body = SERVER.request("/")
        if not os.path.exists(os.path.join(OPTIONS.web, "index.html")):
            self.assertEqual(response.status, 503)
            return
        self.assertEqual(response.status, 200)
        self.assertIn("text/html", response.getheader("Content-Type"))
        self.assertIn(b"<html", body.lower())
        response, _ = SERVER.request("/no-such-file.js")
        self.assertEqual(response.status, 404)


class SimulationTest(unittest.TestCase):
    """The simulation jobs: submit (202 + Location), poll to done, results, cancel."""

    BALTIC = "baltic-armed-attack"

    def submit(self, request):
        response, body = SERVER.send("POST", "/api/v1/simulations", request)
        self.assertEqual(response.status, 202, body)
        self.assertEqual(response.getheader("Content-Type"), "application/json")
        self.assertEqual(response.getheader("Location"), "/api/v1/simulations/" + body["id"])
        self.assertEqual(body["href"], response.getheader("Location"))
        self.assertIn(body["state"], ("queued", "running"))
        self.assertNotIn("result", body)
        return body

    def wait(self, job_id, states=("done", "failed", "cancelled"), timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            response, body = SERVER.send("GET", "/api/v1/simulations/" + job_id)
            self.assertEqual(response.status, 200, body)
            if body["state"] in states:
                return body
            self.assertLess(time.monotonic(), deadline, f"job {job_id} still {body['state']} after {timeout} s")
            time.sleep(0.05)

    def run_to_done(self, request):
        job = self.wait(self.submit(request)["id"])
        self.assertEqual(job["state"], "done", job.get("error"))
        self.assertEqual(job["done"], job["runs"])
        self.assertEqual(job["progress"], 1.0)
        return job

    def assert_problem(self, method, path, body, status, code):
        response, problem = SERVER.send(method, path, body)
        self.assertEqual(response.status, status, problem)
        self.assertEqual(response.getheader("Content-Type"), "application/problem+json")
        self.assertEqual((problem["code"], problem["status"]), (code, status))
        self.assertTrue(problem["detail"])
        return problem

    def assert_probability(self, value, name):
        self.assertIsInstance(value, (int, float), name)
        self.assertGreaterEqual(value, 0, name)
        self.assertLessEqual(value, 1, name)

    def assert_results(self, result, runs):
        """The shape of one scenario's results (a simulation, or a side of a comparison)."""
        self.assertEqual(result["runs"], runs)
        horizon = result["scenario"]["scenario"]["horizon_days"]
        for name, value in result["probabilities"].items():
            if name != "deterrence_day":
                self.assert_probability(value, name)
        for name in ("detected", "consulted", "decided", "first_forces", "deterred", "rounds",
                     "first_round_objectors"):
            outcome = result["outcomes"][name]
            self.assert_probability(outcome["share"], name)
            if name in ("rounds", "first_round_objectors"):  # counted in the runs that reached the Council
                self.assertLessEqual(outcome["observed"], runs, name)
            else:  # times: observed, or missing when not reached within the horizon
                self.assertEqual(outcome["observed"] + outcome["missing"], runs, name)
            if outcome["observed"]:
                self.assertLessEqual(outcome["min"], outcome["p5"], name)
                self.assertLessEqual(outcome["p5"], outcome["p50"], name)
                self.assertLessEqual(outcome["p50"], outcome["p95"], name)
                self.assertLessEqual(outcome["p95"], outcome["max"], name)
        self.assertEqual(result["outcomes"]["decided"]["share"], result["probabilities"]["decided"])
        forces = result["forces"]
        self.assertEqual(forces["days"], list(range(int(horizon) + 1)))
        for series in ("mean", "p5", "p50", "p95", "adversary"):
            self.assertEqual(len(forces[series]), len(forces["days"]), series)
        model = result["model"]
        self.assertIn(model["article6"]["verdict"], ("covered", "contested", "not-covered"))
        self.assertGreaterEqual(len(model["council"]), 32)
        self.assertEqual({c["nation"] for c in result["contributions"]}, {c["nation"] for c in model["contributors"]})

    def test_scenarios_lists_the_shipped_files(self):
        status, content_type, body = SERVER.json("/api/v1/scenarios")
        self.assertEqual((status, content_type), (200, "application/json"))
        by_id = {s["id"]: s for s in body["scenarios"]}
        self.assertIn(self.BALTIC, by_id)
        for scenario in body["scenarios"]:
            self.assertEqual(scenario["file"], scenario["id"] + ".toml")
            self.assertNotIn("error", scenario, scenario["id"])
        baltic = by_id[self.BALTIC]
        self.assertTrue(baltic["name"])
        self.assertEqual(baltic["kind"], "armed-attack")
        self.assertEqual(baltic["scenario"]["scenario"]["start"], "2026-06-01")
        # Every default is filled in.
        self.assertEqual(len(baltic["scenario"]["forces"]["tier"]), 3)
        self.assertEqual(baltic["scenario"]["decision"]["procedure"], "consensus")

    def test_simulation_runs_to_done_and_repeats_with_the_same_seed(self):
        job = self.run_to_done({"scenario_id": self.BALTIC, "runs": 2000, "seed": 7})
        self.assertEqual((job["kind"], job["runs"], job["seed"]), ("simulation", 2000, 7))
        result = job["result"]
        self.assertEqual(result["run"], {"runs": 2000, "seed": 7})
        self.assert_results(result, 2000)
        self.assertEqual(result["model"]["article6"]["verdict"], "covered")
        again = self.run_to_done({"scenario_id": self.BALTIC, "runs": 2000, "seed": 7})
        self.assertNotEqual(again["id"], job["id"])
        self.assertEqual(again["result"], result)
        other_seed = self.run_to_done({"scenario_id": self.BALTIC, "runs": 2000, "seed": 8})
        self.assertNotEqual(other_seed["result"]["outcomes"], result["outcomes"])

    def test_inline_scenario(self):
        scenario = {"scenario": {"name": "Inline", "start": "2026-06-01", "horizon_days": 60},
                    "crisis": {"territory": "LTU", "adversary": "RUS", "attack_day": 5},
                    "warning": {"probability": 1, "delay_days": 1}}
        job = self.run_to_done({"scenario": scenario, "runs": 300})
        self.assertEqual(job["name"], "Inline")
        self.assert_results(job["result"], 300)
        detected = job["result"]["outcomes"]["detected"]  # always warned, a day into the build-up
        self.assertEqual((detected["min"], detected["max"], detected["share"]), (1, 1, 1))
        self.assertEqual(job["result"]["probabilities"]["warned_before_attack"], 1)
        self.assertEqual(job["result"]["scenario"]["crisis"]["territory"], "LTU")

    def test_simulation_problems(self):
        path = "/api/v1/simulations"
        self.assert_problem("POST", path, b"{not json", 400, "invalid-argument")
        self.assert_problem("POST", path, [self.BALTIC], 400, "invalid-argument")
        self.assert_problem("POST", path, {}, 400, "invalid-argument")
        problem = self.assert_problem("POST", path, {"scenario_id": "no-such-scenario"}, 404, "not-found")
        self.assertIn("no-such-scenario", problem["detail"])
        # Ids are looked up among the shipped scenarios, never turned into a path.
        self.assert_problem("POST", path, {"scenario_id": "../etc/passwd"}, 404, "not-found")
        for runs in (0, -5, 10_000_001, 2.5, "many"):
            problem = self.assert_problem("POST", path, {"scenario_id": self.BALTIC, "runs": runs}, 400,
                                          "invalid-argument")
            self.assertIn("runs", problem["detail"])
        problem = self.assert_problem("POST", path, {"scenario_id": self.BALTIC, "colour": "red"}, 400,
                                      "invalid-argument")
        self.assertIn("colour", problem["detail"])
        self.assertEqual(problem["errors"][0]["pointer"], "/colour")
        # Each problem of one field points at it (RFC 6901), for a form to show beside the field.
        for body, pointer in (({"scenario_id": self.BALTIC, "runs": -5}, "/runs"),
                              ({"scenario_id": self.BALTIC, "seed": "x"}, "/seed"),
                              ({"scenario_id": "no-such-scenario"}, "/scenario_id"),
                              ({"scenario": {"name": "x"}}, "/scenario"),
                              ({"scenario_id": self.BALTIC, "compare_with_id": "nope"}, "/compare_with_id")):
            response, problem = SERVER.send("POST", path, body)
            self.assertEqual(problem.get("errors", [{}])[0].get("pointer"), pointer, f"{body}: {problem}")
        # The work of one job is bounded by runs x days: a ten-year horizon allows fewer runs.
        long_horizon = {"scenario": {"start": "2026-06-01", "horizon_days": 3650}, "crisis": {"territory": "EST"}}
        problem = self.assert_problem("POST", path, {"scenario": long_horizon, "runs": 1_000_000}, 400,
                                      "invalid-argument")
        self.assertIn("at most 547795 runs", problem["detail"])
        self.assert_problem("POST", path, {"scenario_id": self.BALTIC, "scenario": {}}, 400, "invalid-argument")
        problem = self.assert_problem("POST", path, {"scenario": {"scenario": {"start": "2026-02-30"},
                                                                  "crisis": {"territory": "EST"}}},
                                      400, "invalid-argument")
        self.assertEqual(problem["detail"], "scenario: scenario.start: '2026-02-30' is not a date (YYYY-MM-DD)")
        self.assert_problem("POST", path, {"scenario": {"scenario": {"start": "2026-06-01"},
                                                        "crisis": {"territory": "XYZ"}}}, 404, "unknown-nation")
        self.assert_problem("POST", path, {"scenario_id": self.BALTIC, "compare_with": {
            "scenario": {"start": "2026-06-01", "horizon_days": 90}, "crisis": {"territory": "EST"}}},
                            400, "invalid-argument")
        self.assert_problem("GET", path + "?state=done", None, 400, "invalid-argument")
        response, problem = SERVER.send("PUT", path, {})
        self.assertEqual(response.status, 405)
        self.assertEqual(response.getheader("Allow"), "GET, HEAD, POST")
        self.assertEqual(problem["code"], "method-not-allowed")

    def test_list_shows_jobs_without_results(self):
        job = self.run_to_done({"scenario_id": self.BALTIC, "runs": 256, "seed": 3})
        status, _, body = SERVER.json("/api/v1/simulations")
        self.assertEqual(status, 200)
        listed = [j for j in body["simulations"] if j["seed"] == 3 and j["runs"] == 256]
        self.assertEqual([j["state"] for j in listed], ["done"])
        self.assertTrue(all("result" not in j for j in body["simulations"]))
        # Ids are capabilities, told only in the answer to a submission.
        self.assertTrue(all("id" not in j and "href" not in j for j in body["simulations"]))
        self.assertNotIn(job["id"], json.dumps(body))

    def test_cancel_a_big_run(self):
        job = self.submit({"scenario_id": self.BALTIC, "runs": 10_000_000})
        response, body = SERVER.send("DELETE", "/api/v1/simulations/" + job["id"])
        self.assertEqual(response.status, 200, body)
        self.assertIn(body["state"], ("running", "cancelled"))
        cancelled = self.wait(job["id"], timeout=30)
        self.assertEqual(cancelled["state"], "cancelled")
        self.assertLess(cancelled["done"], 10_000_000)
        self.assertNotIn("result", cancelled)
        # Deleting a finished job forgets it.
        response, _ = SERVER.send("DELETE", "/api/v1/simulations/" + job["id"])
        self.assertEqual(response.status, 200)
        self.assert_problem("GET", "/api/v1/simulations/" + job["id"], None, 404, "not-found")

    def test_unknown_jobs(self):
        self.assert_problem("DELETE", "/api/v1/simulations/999999", None, 404, "not-found")
        self.assert_problem("GET", "/api/v1/simulations/999999", None, 404, "not-found")

    def test_comparison_with_itself_differs_by_nothing(self):
        job = self.run_to_done({"scenario_id": self.BALTIC, "compare_with_id": self.BALTIC, "runs": 1000, "seed": 5})
        self.assertEqual(job["kind"], "comparison")
        result = job["result"]
        self.assertEqual(result["run"], {"runs": 1000, "seed": 5, "common_random_numbers": True})
        self.assert_results(result["a"], 1000)
        self.assertEqual(result["a"], result["b"])
        for name, difference in result["difference"].items():
            if name == "meaning":
                continue
            self.assertEqual((difference["mean"], difference["low"], difference["high"], difference["sd"]),
                             (0, 0, 0, 0), name)

    def test_comparison_with_pre_authorised_plans(self):
        status, _, body = SERVER.json("/api/v1/scenarios")
        alternative = next(s for s in body["scenarios"] if s["id"] == self.BALTIC)["scenario"]
        alternative["decision"]["pre_authorised"] = True
        job = self.run_to_done({"scenario_id": self.BALTIC, "compare_with": alternative, "runs": 1000})
        difference = job["result"]["difference"]
        # The same decisions on the same random numbers; tier 1 moves on warning instead.
        self.assertEqual(difference["decided_days"]["mean"], 0)
        self.assertEqual(difference["decided_days"]["sd"], 0)
        self.assertLess(difference["first_forces_days"]["mean"], 0)
        self.assertLessEqual(difference["first_forces_days"]["high"], 0)


class InitTest(unittest.TestCase):
    def test_bad_data_leaves_the_database_unchanged(self):
        db = os.path.join(OPTIONS.work, "atomic.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        subprocess.run([OPTIONS.entente, "init", "--db", db, "--data", OPTIONS.data], check=True,
                       stdout=subprocess.DEVNULL)
        before = subprocess.run([OPTIONS.entente, "members", "NATO", "--as-of", "2024-12-31", "--db", db,
                                 "--format", "csv"], check=True, capture_output=True, text=True).stdout
        result = subprocess.run([OPTIONS.entente, "init", "--db", db, "--data", "tests/cli/bad_data"],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 1)
        self.assertIn("tests/cli/bad_data/memberships.csv:5: unknown nation 'XYZ'", result.stderr)
        after = subprocess.run([OPTIONS.entente, "members", "NATO", "--as-of", "2024-12-31", "--db", db,
                                "--format", "csv"], check=True, capture_output=True, text=True).stdout
        self.assertEqual(hashlib.sha256(before.encode()).hexdigest(), hashlib.sha256(after.encode()).hexdigest())
        self.assertEqual(len(after.splitlines()), 33)  # header + 32 members

    def test_serve_refuses_a_missing_database(self):
        result = subprocess.run([OPTIONS.entente, "serve", "--db", os.path.join(OPTIONS.work, "none.db"),
                                 "--port", "0"], capture_output=True, text=True, timeout=10)
        self.assertEqual(result.returncode, 1)
        self.assertIn("entente init", result.stderr)


def main():
    global OPTIONS, SERVER
    parser = argparse.ArgumentParser()
    parser.add_argument("--entente", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--web", default="web/dist")
    parser.add_argument("--scenarios", default="scenarios", help="the shipped scenarios the server lists")
    OPTIONS, rest = parser.parse_known_args()
    shutil.rmtree(OPTIONS.work, ignore_errors=True)
    os.makedirs(OPTIONS.work)
    db = os.path.join(OPTIONS.work, "api.db")
    subprocess.run([OPTIONS.entente, "init", "--db", db, "--data", OPTIONS.data], check=True, stdout=subprocess.DEVNULL)
    SERVER = Server(OPTIONS.entente, db, OPTIONS.web, OPTIONS.scenarios)
    result = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2).result
    code, stderr = SERVER.stop()
    shutdown_ok = code == 0 and "received SIGTERM, shutting down" in stderr and "entente: stopped" in stderr
    access_logged = '"GET /healthz HTTP/1.1" 200' in stderr
    print(f"graceful shutdown on SIGTERM: {'ok' if shutdown_ok else 'FAILED (exit %s)' % code}")
    print(f"access log written: {'ok' if access_logged else 'FAILED'}")
    failures = len(result.failures) + len(result.errors) + (0 if shutdown_ok else 1) + (0 if access_logged else 1)
    print(f"{result.testsRun + 2 - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
