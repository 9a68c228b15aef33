#!/usr/bin/env python3
"""Black-box security regression tests: the real `entente serve`, probed as a hostile client would.

One test per finding, named after it. Each test starts its own server on an ephemeral port of
127.0.0.1 (most on the default flags), so that a request that kills the process fails that test
alone, with the server's exit status and the end of its stderr, and the next test gets a fresh
server. Every socket has a timeout and every wait polls for its condition against a deadline, so
a dead or stuck server is a failure, never a hang. Traffic goes to 127.0.0.0/8 only; a second
client is told apart by binding its source address to 127.0.0.2.

The figures (RSS, CPU time) come from /proc, so the tier needs Linux. Under AddressSanitizer
the RSS means nothing (shadow memory, the quarantine of freed blocks): --no-memory-figures
skips the two tests that measure it.

    test_security.py --entente BIN --data DIR --work DIR [--web DIR] [--scenarios DIR]
                     [--no-memory-figures] [unittest arguments]
"""
import argparse
import datetime
import http.client
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

OPTIONS = None
DATABASE = None

CLIENT = "127.0.0.1"
OTHER_CLIENT = "127.0.0.2"
MiB = 1024 * 1024
BALTIC = "baltic-armed-attack"
# A decision the registry can answer: the 2003 silence procedure on Turkey's defence.
VALID_DECISION = {"organisation": "NATO", "procedure": "silence", "subject": "Defensive planning for Turkey",
                  "as_of": "2003-02-06", "silence_deadline": "2003-02-10",
                  "silence_breaks": {"FRA": "2003-02-09", "DEU": "2003-02-09", "BEL": "2003-02-09"}}
# A job that runs for tens of seconds on two threads: it stays queued or running for the test.
LONG_JOB = {"scenario_id": BALTIC, "runs": 2_000_000}
DESCRIPTORS_WANTED = 4096  # this process holds up to 1,500 client sockets at once


def proc_status_kib(pid, field):
    """A "Field:  N kB" line of /proc/PID/status, in KiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"/proc/{pid}/status has no {field}")


def cpu_seconds(pid):
    """User plus system CPU time of a process so far (utime + stime of /proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()  # the command name may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Reply:
    """One HTTP response: status, headers (lower-case names), body bytes, and whether the server
    closed the connection after it (None when not observed)."""

    def __init__(self, status, headers, body, closed=None):
        self.status = status
        self.headers = headers
        self.body = body
        self.closed = closed

    def header(self, name):
        return self.headers.get(name.lower())

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return f"HTTP {self.status} {self.body[:300]!r}"


def parse_response(data):
    """The first response in `data` and whether it is complete (by Content-Length), or
    (None, False) while its head has not arrived."""
    head_end = data.find(b"\r\n\r\n")
    if head_end < 0:
        return None, False
    lines = data[:head_end].decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        return None, False
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = data[head_end + 4:]
    length = headers.get("content-length")
    complete = length is not None and length.isdigit() and len(body) >= int(length)
    if complete:
        body = body[:int(length)]
    return Reply(int(parts[1]), headers, body), complete


class ServerStartError(Exception):
    pass


class Server:
    """One `entente serve` on an ephemeral port of 127.0.0.1; its stdout and stderr go to files
    in the work folder, so that no pipe can fill up and stall it."""

    count = 0

    def __init__(self, name, flags=None, descriptor_limit=None):
        Server.count += 1
        self.name = f"{Server.count:02d}-{name}"
        self.stderr_path = os.path.join(OPTIONS.work, self.name + ".stderr")
        self.stdout_path = os.path.join(OPTIONS.work, self.name + ".stdout")
        settings = {"--db": DATABASE, "--port": "0", "--web": OPTIONS.web, "--scenarios": OPTIONS.scenarios,
                    "--threads": "2", "--simulation-threads": "2", "--access-log": "-"}
        settings.update(flags or {})
        self.args = [OPTIONS.entente, "serve"] + [item for pair in settings.items() for item in pair]
        self.died_reported = False
        limit = None
        if descriptor_limit is not None:
            def limit():
                resource.setrlimit(resource.RLIMIT_NOFILE, (descriptor_limit, descriptor_limit))
        with open(self.stdout_path, "wb") as stdout, open(self.stderr_path, "wb") as stderr:
            self.process = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr,
                                            preexec_fn=limit)
        self.pid = self.process.pid
        self.host, self.port = self._wait_for_address(timeout=15)

    def _wait_for_address(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            with open(self.stdout_path, "rb") as stdout:
                line = stdout.readline().decode("utf-8", "replace")
            if line.endswith("\n") and line.startswith("listening on http://"):
                host, port = line.strip().removeprefix("listening on http://").rsplit(":", 1)
                return host, int(port)
            if self.process.poll() is not None:
                raise ServerStartError(f"`{' '.join(self.args)}` exited with {self.exit_description()} "
                                       f"before listening:\n{self.stderr_tail()}")
            if time.monotonic() > deadline:
                self.process.kill()
                self.process.wait(timeout=10)
                raise ServerStartError(f"`{' '.join(self.args)}` printed no 'listening on' line within "
                                       f"{timeout} s:\n{self.stderr_tail()}")
            time.sleep(0.01)

    def stderr_text(self):
        with open(self.stderr_path, "rb") as stderr:
            return stderr.read().decode("utf-8", "replace")

    def stderr_tail(self, lines=15):
        return "\n".join("    " + line for line in self.stderr_text().splitlines()[-lines:])

    def exit_description(self):
        code = self.process.returncode
        if code is not None and code < 0:
            return f"signal {signal.Signals(-code).name}"
        return f"exit code {code}"

    def alive(self):
        return self.process.poll() is None

    def explain(self, what, error):
        """Why `what` got no usable reply: the server died (exit status, stderr), or it lives on."""
        try:
            self.process.wait(timeout=2)  # a crash may still be under way when the socket breaks
        except subprocess.TimeoutExpired:
            return f"no reply to {what}: {error!r} (the server is still running)"
        self.died_reported = True
        return (f"the server died on {what} ({self.exit_description()}); its stderr ends with:\n"
                f"{self.stderr_tail()}")

    def rss_bytes(self):
        return proc_status_kib(self.pid, "VmRSS") * 1024

    def stop(self):
        """SIGTERM, then SIGKILL after 5 s. A server that had died on its own is reported here
        unless the test already said so."""
        exited_by_itself = self.process.poll() is not None
        if not exited_by_itself:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if exited_by_itself and not self.died_reported:
            raise AssertionError(f"the server {self.name} died during the test ({self.exit_description()}); "
                                 f"its stderr ends with:\n{self.stderr_tail()}")


class HostileClientTest(unittest.TestCase):
    """Starts servers and talks to them; every failure to get a reply names its cause."""

    maxDiff = None

    def start_server(self, name=None, flags=None, descriptor_limit=None):
        try:
            server = Server(name or self._testMethodName.removeprefix("test_"), flags, descriptor_limit)
        except ServerStartError as error:
            raise self.failureException(f"the server did not start: {error}") from None
        self.addCleanup(server.stop)
        return server

    def fail_unanswered(self, server, what, error):
        """Fails the test with why `what` got no reply, without the socket error's traceback."""
        raise self.failureException(server.explain(what, error)) from None

    def request(self, server, method, path, body=None, headers=None, source=None, timeout=10.0):
        what = f"{method} {path[:120]}"
        connection = http.client.HTTPConnection(server.host, server.port, timeout=timeout,
                                                source_address=(source, 0) if source else None)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
        except (OSError, http.client.HTTPException) as error:
            self.fail_unanswered(server, what, error)
        finally:
            connection.close()

    def post_json(self, server, path, value, content_type="application/json", headers=None, source=None):
        all_headers = dict(headers or {})
        if content_type is not None:
            all_headers["Content-Type"] = content_type
        return self.request(server, "POST", path, body=json.dumps(value).encode(), headers=all_headers,
                            source=source)

    def raw(self, server, payload, until_closed=False, timeout=10.0):
        """Sends `payload` as it is on a new connection and reads the first response; with
        `until_closed`, reads on until the server closes the connection (reply.closed tells
        whether it did within the timeout)."""
        what = payload[:60].decode("latin-1").split("\r\n")[0]
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            try:
                sock.connect((server.host, server.port))
            except OSError as error:
                self.fail_unanswered(server, what, error)
            try:
                sock.sendall(payload)
            except OSError:
                pass  # the server may answer and close before it has read everything
            data, closed, error = b"", False, None
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                sock.settimeout(max(0.01, deadline - time.monotonic()))
                try:
                    chunk = sock.recv(65536)
                except socket.timeout as timeout_error:
                    error = timeout_error
                    break
                except OSError as reset:
                    error, closed = reset, True
                    break
                if not chunk:
                    closed = True
                    break
                data += chunk
                if not until_closed and parse_response(data)[1]:
                    break
        reply, _ = parse_response(data)
        if reply is None:
            self.fail_unanswered(server, what, error or "the connection closed without a response")
        reply.closed = closed
        return reply

    def host_header(self, server):
        return f"{server.host}:{server.port}"

    def assert_problem(self, reply, status, code, what=""):
        """An RFC 9457 problem+json reply with this status and stable code."""
        self.assertEqual(reply.status, status, f"{what}: {reply}")
        content_type = (reply.header("Content-Type") or "").split(";")[0].strip()
        self.assertEqual(content_type, "application/problem+json", f"{what}: {reply}")
        problem = reply.json()
        self.assertEqual(problem.get("code"), code, f"{what}: {problem}")
        self.assertEqual(problem.get("status"), status, f"{what}: {problem}")
        return problem

    def assert_problem_one_of(self, reply, allowed, what=""):
        """A problem reply whose (status, code) is one of `allowed`."""
        self.assertIn(reply.status, {status for status, _ in allowed}, f"{what}: {reply}")
        code = dict(allowed)[reply.status]
        return self.assert_problem(reply, reply.status, code, what)

    def assert_running(self, server, what):
        if not server.alive():
            self.fail_unanswered(server, what, "the process has exited")

    def assert_alive(self, server, what="GET /healthz"):
        self.assert_running(server, what)
        reply = self.request(server, "GET", "/healthz")
        self.assertEqual(reply.status, 200, f"{what}: {reply}")

    def assert_retry_after(self, reply, what):
        value = reply.header("Retry-After")
        self.assertIsNotNone(value, f"{what}: no Retry-After header: {reply.headers}")
        self.assertTrue(value.strip().isdigit() and int(value) >= 1,
                        f"{what}: Retry-After must be whole seconds >= 1, got {value!r}")

    def submit(self, server, request, source=CLIENT, headers=None):
        """POSTs a simulation; a job that was created is cancelled when the test ends."""
        reply = self.post_json(server, "/api/v1/simulations", request, source=source, headers=headers)
        if reply.status == 202:
            self.addCleanup(self.cancel, server, reply.json()["id"], source)
        return reply

    def submit_until_refused(self, server, sources):
        """Submits LONG_JOB from each source in turn until one is refused: how many were
        accepted, and the refusal (None when every one was accepted)."""
        for accepted, source in enumerate(sources):
            reply = self.submit(server, LONG_JOB, source=source)
            if reply.status != 202:
                return accepted, reply
        return len(sources), None

    def cancel(self, server, job_id, source):
        if server.alive():
            self.request(server, "DELETE", "/api/v1/simulations/" + job_id, source=source)

    def listed_jobs(self, server, source):
        """The job list `source` is shown, as JSON text and as a list."""
        reply = self.request(server, "GET", "/api/v1/simulations", source=source)
        self.assertEqual(reply.status, 200, reply)
        return reply.body.decode("utf-8"), reply.json()["simulations"]

    def require_memory_figures(self):
        if OPTIONS.no_memory_figures:
            self.skipTest("RSS figures mean nothing under AddressSanitizer (shadow memory, quarantine)")


class RequestParsingTest(HostileClientTest):
    """Malformed or oversized requests: a problem reply, never a dead process."""

    def test_long_scenario_id_does_not_kill_server(self):
        server = self.start_server()
        reply = self.post_json(server, "/api/v1/simulations", {"scenario_id": "a" * 300})
        self.assert_problem(reply, 404, "not-found", "a 300-character scenario_id")
        reply = self.post_json(server, "/api/v1/simulations", {"scenario_id": BALTIC, "compare_with_id": "b" * 300})
        self.assert_problem(reply, 404, "not-found", "a 300-character compare_with_id")
        for scenario_id in ("../../etc/passwd", "x\u0000y"):
            reply = self.post_json(server, "/api/v1/simulations", {"scenario_id": scenario_id})
            self.assert_problem_one_of(reply, {(404, "not-found"), (400, "invalid-argument")},
                                       f"scenario_id {scenario_id!r}")
        self.assert_alive(server)

    def test_huge_chunked_trailer_is_431(self):
        server = self.start_server()
        chunk = json.dumps(VALID_DECISION).encode()
        payload = (f"POST /api/v1/decisions HTTP/1.1\r\nHost: {self.host_header(server)}\r\n"
                   "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
        payload += f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        payload += b"0\r\nX-Pad: " + b"a" * 70_000 + b"\r\n\r\n"
        self.assert_problem(self.raw(server, payload), 431, "header-too-large", "a 70,000-byte trailer field")
        self.assert_alive(server)

    def test_oversized_headers_are_431(self):
        server = self.start_server()
        payload = (f"GET /healthz HTTP/1.1\r\nHost: {self.host_header(server)}\r\n"
                   f"X-Pad: {'a' * 20 * 1024}\r\n\r\n").encode()
        self.assert_problem(self.raw(server, payload), 431, "header-too-large", "a 20 KiB header field")
        self.assert_alive(server)

    def test_oversized_body_is_413(self):
        server = self.start_server()
        body = json.dumps({**VALID_DECISION, "subject": "x" * 70 * 1024}).encode()
        payload = (f"POST /api/v1/decisions HTTP/1.1\r\nHost: {self.host_header(server)}\r\n"
                   f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
        self.assert_problem(self.raw(server, payload), 413, "body-too-large", "a 70 KiB JSON body")
        self.assert_alive(server)

    def test_text_plain_post_is_415(self):
        server = self.start_server()
        for path, body in (("/api/v1/decisions", VALID_DECISION), ("/api/v1/simulations", {"scenario_id": BALTIC})):
            for content_type in ("text/plain", None):
                reply = self.post_json(server, path, body, content_type=content_type)
                self.assert_problem(reply, 415, "unsupported-media-type", f"POST {path} as {content_type}")
        reply = self.post_json(server, "/api/v1/decisions", VALID_DECISION, content_type="application/json; charset=utf-8")
        self.assertEqual(reply.status, 200, f"a decision as application/json; charset=utf-8: {reply}")
        reply = self.submit(server, {"scenario_id": BALTIC, "runs": 1000},
                            headers={"Content-Type": "application/json; charset=utf-8"})
        self.assertEqual(reply.status, 202, f"a simulation as application/json; charset=utf-8: {reply}")

    def test_invalid_utf8_query_is_400(self):
        server = self.start_server()
        for path in ("/api/v1/nations?q=%ff", "/api/v1/nations/%ff%fe"):
            reply = self.request(server, "GET", path)
            try:
                reply.body.decode("utf-8")
            except UnicodeDecodeError as error:
                raise self.failureException(f"GET {path}: the body is not UTF-8 ({error}): "
                                            f"{reply.body[:300]!r}") from None
            self.assert_problem(reply, 400, "invalid-argument", f"GET {path}")

    def test_healthz_and_openapi_refuse_unknown_query(self):
        server = self.start_server()
        for path in ("/healthz?x=1", "/api/v1/openapi.json?x=1"):
            self.assert_problem(self.request(server, "GET", path), 400, "invalid-argument", f"GET {path}")

    def test_http11_without_host_is_400(self):
        server = self.start_server()
        reply = self.raw(server, b"GET /healthz HTTP/1.1\r\n\r\n", until_closed=True, timeout=5)
        self.assertEqual(reply.status, 400, f"HTTP/1.1 without Host: {reply}")
        self.assertTrue(reply.closed, "HTTP/1.1 without Host: the server kept the connection open")
        reply = self.raw(server, b"GET /healthz HTTP/1.0\r\n\r\n")
        self.assertEqual(reply.status, 200, f"HTTP/1.0 without Host: {reply}")

    def test_raw_invalid_utf8_target_is_400(self):
        server = self.start_server()
        for target in (b"/api/v1/nations/\xff\xfe", b"/\xff"):
            reply = self.raw(server, b"GET " + target + b" HTTP/1.1\r\nHost: " + self.host_header(server).encode() +
                             b"\r\n\r\n")
            self.assert_problem(reply, 400, "invalid-argument", f"GET {target!r}")
            reply.body.decode("utf-8")

    def test_duplicate_host_is_400(self):
        server = self.start_server()
        for hosts in ((self.host_header(server), "evil.example"), ("evil.example", self.host_header(server))):
            payload = f"GET /healthz HTTP/1.1\r\nHost: {hosts[0]}\r\nHost: {hosts[1]}\r\n\r\n".encode()
            reply = self.raw(server, payload, until_closed=True, timeout=5)
            self.assert_problem(reply, 400, "bad-request", f"Host: {hosts}")

    def test_expect_continue_is_answered(self):
        server = self.start_server()
        body = json.dumps({"organisation": "NATO", "as_of": "2003-02-06", "subject": "Deploy the NRF"}).encode()
        with socket.create_connection((server.host, server.port), timeout=5) as sock:
            sock.sendall(f"POST /api/v1/decisions HTTP/1.1\r\nHost: {self.host_header(server)}\r\n"
                         f"Content-Type: application/json\r\nExpect: 100-continue\r\n"
                         f"Content-Length: {len(body)}\r\n\r\n".encode())
            interim = b""
            while not interim.endswith(b"\r\n\r\n") and len(interim) < 200:
                chunk = sock.recv(1)
                if not chunk:
                    break
                interim += chunk
            self.assertEqual(interim, b"HTTP/1.1 100 Continue\r\n\r\n")
            sock.sendall(body)
            data = b""
            while parse_response(data)[0] is None:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        reply, _ = parse_response(data)
        self.assertIsNotNone(reply, "no reply after the body")
        self.assertEqual(reply.status, 200, reply)

    def test_unknown_transfer_coding_and_method_are_501(self):
        server = self.start_server()
        payload = (f"POST /api/v1/decisions HTTP/1.1\r\nHost: {self.host_header(server)}\r\n"
                   "Content-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n").encode()
        reply = self.raw(server, payload, until_closed=True, timeout=5)
        self.assert_problem(reply, 501, "not-implemented", "Transfer-Encoding: gzip, chunked")
        self.assertTrue(reply.closed, "Transfer-Encoding: gzip, chunked: the connection stayed open")
        reply = self.raw(server, f"BREW /healthz HTTP/1.1\r\nHost: {self.host_header(server)}\r\n\r\n".encode())
        self.assert_problem(reply, 501, "not-implemented", "BREW")

    def test_unknown_transfer_encoding_with_content_length_is_400(self):
        server = self.start_server()
        payload = (f"POST /api/v1/decisions HTTP/1.1\r\nHost: {self.host_header(server)}\r\n"
                   "Content-Type: application/json\r\nTransfer-Encoding: gzip\r\nContent-Length: 5\r\n\r\n"
                   "hello").encode()
        reply = self.raw(server, payload, until_closed=True, timeout=5)
        self.assertEqual(reply.status, 400, f"Transfer-Encoding: gzip with Content-Length: {reply}")
        self.assertTrue(reply.closed, "Transfer-Encoding: gzip with Content-Length: the connection stayed open")


class BrowserBoundaryTest(HostileClientTest):
    """What a hostile web page can make a browser send: other origins, rebound host names."""

    def test_foreign_origin_is_403(self):
        server = self.start_server()
        before = len(self.listed_jobs(server, CLIENT)[1])
        reply = self.submit(server, {"scenario_id": BALTIC, "runs": 1000}, headers={"Origin": "http://evil.example"})
        self.assert_problem(reply, 403, "forbidden-origin", "Origin: http://evil.example")
        self.assertEqual(len(self.listed_jobs(server, CLIENT)[1]), before, "a refused request created a job")
        own_origin = f"http://{self.host_header(server)}"
        reply = self.submit(server, {"scenario_id": BALTIC, "runs": 1000}, headers={"Origin": own_origin})
        self.assertEqual(reply.status, 202, f"Origin: {own_origin}: {reply}")

        allowing = self.start_server("foreign_origin_allowed", flags={"--allowed-origin": "https://ui.example"})
        reply = self.submit(allowing, {"scenario_id": BALTIC, "runs": 1000}, headers={"Origin": "https://ui.example"})
        self.assertEqual(reply.status, 202, f"--allowed-origin https://ui.example: {reply}")

    def test_dns_rebinding_host_is_403(self):
        server = self.start_server()
        reply = self.request(server, "GET", "/api/v1/organisations", headers={"Host": f"evil.example:{server.port}"})
        self.assert_problem(reply, 403, "forbidden-host", "Host: evil.example")
        for host in (f"localhost:{server.port}", f"127.0.0.1:{server.port}"):
            reply = self.request(server, "GET", "/api/v1/organisations", headers={"Host": host})
            self.assertEqual(reply.status, 200, f"Host: {host}: {reply}")

        allowing = self.start_server("dns_rebinding_allowed", flags={"--allowed-host": "entente.example"})
        reply = self.request(allowing, "GET", "/api/v1/organisations", headers={"Host": "entente.example"})
        self.assertEqual(reply.status, 200, f"--allowed-host entente.example: {reply}")

    def test_ui_sends_security_headers(self):
        server = self.start_server()
        for path in ("/", "/api/v1/organisations", "/api/v1/nowhere"):
            reply = self.request(server, "GET", path)
            policy = reply.header("Content-Security-Policy") or ""
            self.assertIn("frame-ancestors 'none'", policy, f"GET {path}: Content-Security-Policy")
            self.assertIn("default-src 'self'", policy, f"GET {path}: Content-Security-Policy")
            self.assertEqual((reply.header("X-Frame-Options") or "").upper(), "DENY", f"GET {path}")
            self.assertTrue(reply.header("Referrer-Policy"), f"GET {path}: no Referrer-Policy")
            self.assertEqual(reply.header("X-Content-Type-Options"), "nosniff", f"GET {path}")


class SimulationQueueTest(HostileClientTest):
    """Simulation jobs: ids nobody can guess, and a queue no single client can fill."""

    def test_simulation_jobs_are_capabilities(self):
        server = self.start_server()
        ids = []
        for _ in range(2):
            reply = self.submit(server, {"scenario_id": BALTIC, "runs": 1000})
            self.assertEqual(reply.status, 202, reply)
            ids.append(reply.json()["id"])
        for job_id in ids:
            self.assertGreaterEqual(len(job_id), 22, f"job id {job_id!r} is too short to be unguessable")
            self.assertFalse(job_id.isdigit(), f"job id {job_id!r} is a counter")
        first, second = ids
        common_prefix = len(os.path.commonprefix([first, second]))
        common_suffix = len(os.path.commonprefix([first[common_prefix:][::-1], second[common_prefix:][::-1]]))
        self.assertGreaterEqual(min(len(first), len(second)) - common_prefix - common_suffix, 16,
                                f"job ids {first!r} and {second!r} differ in too few characters (a sequence?)")
        other_text, other_jobs = self.listed_jobs(server, OTHER_CLIENT)
        self.assertEqual(other_jobs, [], "another client's listing shows this client's jobs")
        # Not even the submitter's own listing repeats an id: one address may be many clients.
        own_text, own_jobs = self.listed_jobs(server, CLIENT)
        self.assertEqual(len(own_jobs), 2, own_text)
        self.assertFalse(any(job_id in own_text for job_id in ids), f"the listing shows a job id: {own_text}")
        for guess in ("1", "2"):
            reply = self.request(server, "GET", "/api/v1/simulations/" + guess)
            self.assert_problem(reply, 404, "not-found", f"the guessed job id {guess!r}")

    def test_per_client_queue_share(self):
        server = self.start_server()
        share = 4
        accepted, refusal = self.submit_until_refused(server, [CLIENT] * (share + 4))
        self.assertIsNotNone(refusal, f"one client queued {accepted} long jobs without being refused")
        self.assert_problem(refusal, 429, "too-many-requests", f"job {accepted + 1} of one client")
        self.assertLessEqual(accepted, share, f"one client queued {accepted} jobs, more than its share")
        self.assert_retry_after(refusal, "429")
        reply = self.submit(server, LONG_JOB, source=OTHER_CLIENT)
        self.assertEqual(reply.status, 202, f"a second client after the first used its share: {reply}")

        small = self.start_server("queue_full", flags={"--max-jobs": "2", "--jobs-per-client": "2"})
        # One job per client address, so that only the whole queue can be what is full. A queue
        # that does not count the running job takes one more.
        accepted, refusal = self.submit_until_refused(small, [f"127.0.0.{host}" for host in range(2, 7)])
        self.assertIsNotNone(refusal, f"--max-jobs 2 took {accepted} long jobs")
        self.assertEqual(refusal.status, 503, f"a submission to a full queue: {refusal}")
        self.assertEqual((refusal.header("Content-Type") or "").split(";")[0], "application/problem+json",
                         refusal)
        self.assertTrue(refusal.json().get("code"), refusal)
        self.assertLessEqual(accepted, 3, f"--max-jobs 2 took {accepted} long jobs")
        self.assert_retry_after(refusal, "503")


class FilesystemTest(HostileClientTest):
    """What the server reads from disk: the scenarios folder and the web root."""

    def test_missing_scenarios_folder(self):
        folder = os.path.join(OPTIONS.work, "no-such-scenarios-folder")
        server = self.start_server(flags={"--scenarios": folder})
        deadline = time.monotonic() + 5
        while not any(folder in line and "warning" in line.lower() for line in server.stderr_text().splitlines()):
            if time.monotonic() > deadline:
                self.fail(f"no warning naming {folder} on stderr 5 s after start-up; it ends with:\n"
                          f"{server.stderr_tail()}")
            self.assert_running(server, "start-up")
            time.sleep(0.01)
        reply = self.request(server, "GET", "/api/v1/scenarios")
        self.assertEqual(reply.status, 200, f"GET /api/v1/scenarios: {reply}")
        self.assertEqual(reply.json(), {"scenarios": []})
        reply = self.post_json(server, "/api/v1/simulations", {"scenario_id": BALTIC})
        self.assert_problem(reply, 404, "not-found", "a scenario_id with no scenarios folder")

    def test_symlink_out_of_web_root_not_served(self):
        base = tempfile.mkdtemp(prefix="web-", dir=OPTIONS.work)
        root, outside = os.path.join(base, "root"), os.path.join(base, "outside")
        os.makedirs(root)
        os.makedirs(os.path.join(outside, "folder"))
        with open(os.path.join(root, "index.html"), "w") as index:
            index.write("<!doctype html><html><body>web root</body></html>\n")
        with open(os.path.join(outside, "secret.txt"), "w") as secret:
            secret.write("outside-secret\n")
        with open(os.path.join(outside, "folder", "inner.txt"), "w") as inner:
            inner.write("outside-inner\n")
        os.symlink(os.path.join(outside, "secret.txt"), os.path.join(root, "secret.txt"))
        os.symlink(os.path.join(outside, "folder"), os.path.join(root, "linked"), target_is_directory=True)
        server = self.start_server(flags={"--web": root})
        for path in ("/secret.txt", "/linked/inner.txt"):
            reply = self.request(server, "GET", path)
            self.assertNotIn(b"outside-", reply.body, f"GET {path} served a file from outside the web root")
            self.assertEqual(reply.status, 404, f"GET {path}: {reply}")
        # Where a file symlink's resolved path puts it relative to the root.
        reply = self.request(server, "GET", "/../outside/secret.txt")
        self.assertNotIn(b"outside-", reply.body, "GET /../outside/secret.txt served the symlinked file")
        self.assertNotEqual(reply.status, 200, f"GET /../outside/secret.txt: {reply}")
        reply = self.request(server, "GET", "/index.html")
        self.assertEqual(reply.status, 200, f"GET /index.html: {reply}")
        self.assertIn(b"web root", reply.body)

    def test_access_log_rotates(self):
        folder = tempfile.mkdtemp(prefix="access-log-", dir=OPTIONS.work)
        log = os.path.join(folder, "access.log")
        server = self.start_server(flags={"--access-log": log, "--access-log-max-mb": "1",
                                          "--access-log-files": "2"})
        connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
        self.addCleanup(connection.close)
        first_day = datetime.date(1900, 1, 1)

        def send(index):
            target = f"/api/v1/nations/FIN?as_of={(first_day + datetime.timedelta(days=index)).isoformat()}"
            try:
                connection.request("GET", target)
                connection.getresponse().read()
            except (OSError, http.client.HTTPException) as error:
                self.fail_unanswered(server, f"GET {target}", error)
            return target

        # The length of a line as this server writes it, from the first lines.
        sample = 200
        for index in range(sample):
            last_target = send(index)
        deadline = time.monotonic() + 5
        while True:
            with open(log, "rb") as file:
                written = file.read()
            lines = written.count(b"\n")
            if lines >= sample:
                break
            self.assertLess(time.monotonic(), deadline, f"{lines} of {sample} requests logged after 5 s")
            time.sleep(0.01)
        bytes_per_line = len(written) / lines
        total = min(60_000, int(2.5 * MiB * 1.05 / bytes_per_line) + 1)
        for index in range(sample, total):
            last_target = send(index)
        # Wait until the last request is in the current file, then look at the files.
        deadline = time.monotonic() + 5
        while True:
            with open(log, "rb") as file:
                if last_target.encode() in file.read():
                    break
            self.assertLess(time.monotonic(), deadline, "the last request never reached the access log")
            time.sleep(0.01)
        family = sorted(name for name in os.listdir(folder) if name.startswith("access"))
        sizes = {name: os.path.getsize(os.path.join(folder, name)) for name in family}
        longest_line = 0
        for name in family:
            with open(os.path.join(folder, name), "rb") as file:
                longest_line = max([longest_line] + [len(line) for line in file])
        self.assertLessEqual(len(family), 3, f"{total} requests ({total * bytes_per_line / MiB:.1f} MiB): {sizes}")
        self.assertTrue(any(re.fullmatch(r"access\.\d+\.log", name) for name in family),
                        f"no rotated file (access.1.log) after {total * bytes_per_line / MiB:.1f} MiB: {sizes}")
        for name, size in sizes.items():
            self.assertLessEqual(size, MiB + longest_line, f"{name} outgrew --access-log-max-mb 1: {sizes}")


class ResourceExhaustionTest(HostileClientTest):
    """Clients that hold connections or fill caches: the server stays reachable and bounded."""

    def test_connection_cap_keeps_healthz_reachable(self):
        server = self.start_server(descriptor_limit=256)
        idle = []
        self.addCleanup(lambda: [sock.close() for sock in idle])
        for _ in range(300):
            try:
                idle.append(socket.create_connection((server.host, server.port), timeout=5))
            except OSError as error:
                self.fail_unanswered(server, f"idle connection {len(idle) + 1}", error)
        started = time.monotonic()
        connection = http.client.HTTPConnection(server.host, server.port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            response.read()
            health = f"HTTP {response.status} after {time.monotonic() - started:.2f} s"
            reachable = response.status == 200 and time.monotonic() - started <= 5
        except (OSError, http.client.HTTPException) as error:
            health, reachable = f"{error!r} after {time.monotonic() - started:.2f} s", False
        finally:
            connection.close()
        self.assert_running(server, "300 idle connections")
        cpu_before, wall_before = cpu_seconds(server.pid), time.monotonic()
        time.sleep(1.0)  # the measurement window, not a wait for a condition
        cpu_used = cpu_seconds(server.pid) - cpu_before
        wall = time.monotonic() - wall_before
        self.assertTrue(reachable and cpu_used < 0.3,
                        f"with 300 idle connections and 256 descriptors: GET /healthz on a new connection: "
                        f"{health}; CPU time {cpu_used:.2f} s over {wall:.2f} s of wall time (bound 0.3 s)")

    def test_slow_body_senders_cannot_hold_every_slot(self):
        server = self.start_server(flags={"--max-connections": "50"})
        stuck = []
        self.addCleanup(lambda: [sock.close() for sock in stuck])
        head = (f"POST /api/v1/decisions HTTP/1.1\r\nHost: {self.host_header(server)}\r\n"
                "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{").encode()
        for _ in range(50):
            sock = socket.create_connection((server.host, server.port), timeout=5)
            sock.sendall(head)
            stuck.append(sock)
        # Each new connection closes the one that has waited longest, stuck in its body or not.
        deadline, status = time.monotonic() + 5, None
        while status != 200 and time.monotonic() < deadline:
            status = self.request(server, "GET", "/healthz", timeout=5).status
        self.assertEqual(status, 200, "GET /healthz with 50 connections stuck in their bodies at --max-connections 50")

    def largest_reply(self, server):
        """The longest reply the server gives: a script the UI's index.html loads, or the treaty area."""
        targets = ["/api/v1/treaty-area"]
        index = self.request(server, "GET", "/")
        if index.status == 200:
            targets += re.findall(r"/assets/[^\"'\s>]+\.js", index.body.decode("utf-8", "replace"))
        sizes = {}
        for target in targets:
            reply = self.request(server, "GET", target)
            self.assertEqual(reply.status, 200, f"GET {target}: {reply}")
            sizes[target] = len(reply.body)
        return max(sizes, key=sizes.get), sizes

    def test_slow_readers_do_not_each_copy_the_reply(self):
        self.require_memory_figures()
        server = self.start_server()
        target, sizes = self.largest_reply(server)
        before = server.rss_bytes()
        request = f"GET {target} HTTP/1.1\r\nHost: {self.host_header(server)}\r\n\r\n".encode()
        readers = []
        self.addCleanup(lambda: [sock.close() for sock in readers])
        for _ in range(1500):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            readers.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connect: a small window
            sock.settimeout(5)
            try:
                sock.connect((server.host, server.port))
                sock.sendall(request)
            except OSError as error:
                self.fail_unanswered(server, f"slow reader {len(readers)}", error)
            sock.setblocking(False)
        # Every reader has its first bytes (or was let go of): the server has built every reply.
        waiting = set(range(len(readers)))
        deadline = time.monotonic() + 60
        while waiting and time.monotonic() < deadline:
            for index in list(waiting):
                try:
                    readers[index].recv(1, socket.MSG_PEEK)
                except BlockingIOError:
                    continue
                except OSError:
                    pass  # reset: the server closed it
                waiting.discard(index)
            if waiting:
                time.sleep(0.01)
        self.assert_running(server, "1,500 slow readers")
        self.assertFalse(waiting, f"{len(waiting)} of 1,500 readers had no reply after 60 s")
        growth = server.rss_bytes() - before
        self.assertLess(growth, 120 * MiB,
                        f"1,500 unread replies of {target} ({sizes[target]} bytes) grew the RSS by "
                        f"{growth / MiB:.0f} MiB")

    def test_reply_cache_is_bounded_by_bytes(self):
        self.require_memory_figures()
        server = self.start_server(flags={"--reply-cache-mb": "16"})
        self.assert_alive(server)
        limit = server.rss_bytes() + 16 * MiB + 120 * MiB
        connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
        self.addCleanup(connection.close)
        last_day = datetime.date(2024, 12, 31)
        peak = 0
        for index in range(4096):
            target = ("/api/v1/timeline?organisation=NATO&from=1949-01-01&to="
                      f"{(last_day - datetime.timedelta(days=index)).isoformat()}")
            try:
                connection.request("GET", target)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                self.fail_unanswered(server, f"GET {target}", error)
            self.assertEqual(response.status, 200, target)
            if index % 64 == 63 or index == 4095:
                peak = max(peak, server.rss_bytes())
                self.assertLess(peak, limit, f"after {index + 1} distinct timelines the RSS is {peak / MiB:.0f} MiB, "
                                             f"over {limit / MiB:.0f} MiB with --reply-cache-mb 16")


def main():
    global OPTIONS, DATABASE
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entente", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--web", default="web/dist", help="the built browser UI")
    parser.add_argument("--scenarios", default="scenarios", help="the shipped scenarios")
    parser.add_argument("--no-memory-figures", action="store_true",
                        help="skip the tests that measure the server's RSS (sanitizer builds)")
    OPTIONS, rest = parser.parse_known_args()
    OPTIONS.work = os.path.abspath(OPTIONS.work)
    shutil.rmtree(OPTIONS.work, ignore_errors=True)
    os.makedirs(OPTIONS.work)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = DESCRIPTORS_WANTED if hard == resource.RLIM_INFINITY else min(hard, DESCRIPTORS_WANTED)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    DATABASE = os.path.join(OPTIONS.work, "security.db")
    subprocess.run([OPTIONS.entente, "init", "--db", DATABASE, "--data", OPTIONS.data], check=True,
                   stdout=subprocess.DEVNULL)
    result = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2).result
    failures = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    print(f"{result.testsRun - failures - skipped} passed, {failures} failed, {skipped} skipped")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
