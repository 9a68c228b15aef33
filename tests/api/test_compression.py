#!/usr/bin/env python3
"""Black-box tests of compression over HTTP: the real `entente serve` on the reference data.

JSON and CSV replies for clients that accept br or gzip, their ETags and 304s per coding,
HEAD, small replies and writes left alone, hostile Accept-Encoding headers, and a UI folder
with precompressed siblings served in each coding. Brotli is decoded with Debian's
libbrotlidec (which the server links) through ctypes, gzip with Python's own module.
"""
import argparse
import ctypes
import ctypes.util
import gzip
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import unittest

OPTIONS = None
SERVER = None  # serves the reference data and the UI folder below
UI_SCRIPT = ("export const greeting = 'entente';\n" * 400).encode()
RELATIONS = "/api/v1/organisations/NATO/relations?as_of=2023-04-04"


def brotli_decode(data, size):
    """`data` decoded from brotli into at most `size` bytes, with libbrotlidec."""
    library = ctypes.CDLL(ctypes.util.find_library("brotlidec") or "libbrotlidec.so.1")
    out = ctypes.create_string_buffer(size)
    out_size = ctypes.c_size_t(size)
    result = library.BrotliDecoderDecompress(ctypes.c_size_t(len(data)), data, ctypes.byref(out_size), out)
    if result != 1:
        raise ValueError("not a brotli stream")
    return out.raw[:out_size.value]


def decoded(coding, data, size):
    if coding == "br":
        return brotli_decode(data, size)
    if coding == "gzip":
        return gzip.decompress(data)
    return data


def brotli_encode(data):
    library = ctypes.CDLL(ctypes.util.find_library("brotlienc") or "libbrotlienc.so.1")
    library.BrotliEncoderMaxCompressedSize.restype = ctypes.c_size_t
    size = ctypes.c_size_t(library.BrotliEncoderMaxCompressedSize(ctypes.c_size_t(len(data))))
    out = ctypes.create_string_buffer(size.value)
    # quality 11, window 22, generic mode
    if library.BrotliEncoderCompress(11, 22, 0, ctypes.c_size_t(len(data)), data, ctypes.byref(size), out) != 1:
        raise ValueError("brotli failed")
    return out.raw[:size.value]


class Server:
    def __init__(self, entente, db, web):
        self.process = subprocess.Popen(
            [entente, "serve", "--db", db, "--port", "0", "--web", web, "--threads", "2", "--access-log", "off"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("listening on http://"):
            self.process.kill()
            raise RuntimeError("server did not start: " + line + self.process.stderr.read())
        self.host, port = line.strip().removeprefix("listening on http://").rsplit(":", 1)
        self.port = int(port)

    def request(self, path, method="GET", headers=None, body=None):
        """The response, with its raw (still encoded) body read whole."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        raw = response.read()
        connection.close()
        return response, raw

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.communicate(timeout=10)


class CompressedRepliesTest(unittest.TestCase):
    def identity(self, path):
        response, body = SERVER.request(path)
        self.assertEqual(response.status, 200, body)
        self.assertIsNone(response.getheader("Content-Encoding"))
        return response, body

    def test_json_and_csv_in_each_coding_decode_to_the_identity_reply(self):
        for path in [RELATIONS, RELATIONS + "&format=csv", "/api/v1/organisations", "/api/v1/openapi.json"]:
            plain_response, plain = self.identity(path)
            self.assertGreater(len(plain), 1024, path)
            self.assertIn("Accept-Encoding", plain_response.getheader("Vary"), path)
            for accept, coding in [("gzip, deflate, br, zstd", "br"), ("gzip, deflate", "gzip"),
                                   ("br;q=0.5, gzip", "gzip"), ("*", "br"), ("identity", None)]:
                response, body = SERVER.request(path, headers={"Accept-Encoding": accept})
                self.assertEqual(response.status, 200, path)
                self.assertEqual(response.getheader("Content-Encoding"), coding, f"{path} for {accept}")
                self.assertIn("Accept-Encoding", response.getheader("Vary"), path)
                self.assertEqual(int(response.getheader("Content-Length")), len(body), path)
                self.assertEqual(response.getheader("Content-Type"), plain_response.getheader("Content-Type"))
                if coding:
                    self.assertLess(len(body), len(plain) / 2, f"{path} in {coding}")
                self.assertEqual(decoded(coding, body, len(plain)), plain, f"{path} in {coding}")

    def test_each_coding_has_its_own_etag_and_if_none_match_honours_it(self):
        response, _ = self.identity(RELATIONS)
        version = response.getheader("ETag")
        self.assertRegex(version, r'^"v\d+"$')
        tags = {}
        for coding, suffix in [("br", "-br"), ("gzip", "-gz")]:
            response, _ = SERVER.request(RELATIONS, headers={"Accept-Encoding": coding})
            tags[coding] = response.getheader("ETag")
            self.assertEqual(tags[coding], version[:-1] + suffix + '"')
        for coding, tag in [("br", tags["br"]), ("gzip", tags["gzip"]), ("", version)]:
            response, body = SERVER.request(RELATIONS, headers={"Accept-Encoding": coding, "If-None-Match": tag})
            self.assertEqual(response.status, 304, coding)
            self.assertEqual(body, b"")
            self.assertEqual(response.getheader("ETag"), tag)
            self.assertIn("Accept-Encoding", response.getheader("Vary"))
            self.assertIsNone(response.getheader("Content-Encoding"))
        # The tag of another coding names another representation: the whole reply.
        response, _ = SERVER.request(RELATIONS, headers={"Accept-Encoding": "br", "If-None-Match": version})
        self.assertEqual(response.status, 200)
        self.assertEqual(response.getheader("Content-Encoding"), "br")

    def test_head_has_the_identity_headers_and_no_body(self):
        _, plain = self.identity(RELATIONS)
        response, body = SERVER.request(RELATIONS, method="HEAD", headers={"Accept-Encoding": "br, gzip"})
        self.assertEqual(response.status, 200)
        self.assertEqual(body, b"")
        self.assertIsNone(response.getheader("Content-Encoding"))
        self.assertEqual(int(response.getheader("Content-Length")), len(plain))
        self.assertIn("Accept-Encoding", response.getheader("Vary"))

    def test_small_replies_are_not_compressed(self):
        for path in ["/healthz", "/api/v1/organisations/NATO", "/api/v1/nations/XYZ"]:
            response, body = SERVER.request(path, headers={"Accept-Encoding": "br, gzip"})
            self.assertLess(len(body), 1024, path)
            self.assertIsNone(response.getheader("Content-Encoding"), path)
            self.assertNotIn("Accept-Encoding", response.getheader("Vary") or "", path)

    def test_replies_to_writes_are_not_compressed(self):
        decision = json.dumps({
            "organisation": "eu", "procedure": "qualified-majority", "subject": "Nature restoration",
            "as_of": "2024-06-17", "default": "support",
            "positions": {"ITA": "object", "HUN": "object", "NLD": "object", "POL": "object", "FIN": "object",
                          "SWE": "object", "BEL": "abstain"}}).encode()
        response, body = SERVER.request("/api/v1/decisions", method="POST", body=decision,
                                        headers={"Content-Type": "application/json", "Accept-Encoding": "br, gzip"})
        self.assertEqual(response.status, 200, body)
        self.assertGreater(len(body), 1024, "the test needs a reply worth compressing")
        self.assertIsNone(response.getheader("Content-Encoding"))
        self.assertTrue(json.loads(body)["adopted"])

    def test_hostile_accept_encoding_is_identity_never_an_error(self):
        _, plain = self.identity(RELATIONS)
        for accept in ["gzip;q=2", "br;q=-1", "gzip;q=", ";;;", "br, g zip", "gzip;q=0.5;q=1", "identity;q=0",
                       "*;q=0", "br;q=0, gzip;q=0", "x" * 8000, "," * 8000, "gzip;level=9", "br, \xe9"]:
            response, body = SERVER.request(RELATIONS, headers={"Accept-Encoding": accept})
            self.assertEqual(response.status, 200, repr(accept[:40]))
            self.assertIsNone(response.getheader("Content-Encoding"), repr(accept[:40]))
            self.assertEqual(body, plain, repr(accept[:40]))


class PrecompressedFilesTest(unittest.TestCase):
    def test_a_script_in_each_coding_round_trips(self):
        response, plain = SERVER.request("/assets/app-1.js")
        self.assertEqual(response.status, 200)
        self.assertEqual(plain, UI_SCRIPT)
        self.assertEqual(response.getheader("Cache-Control"), "public, max-age=31536000, immutable")
        identity_tag = response.getheader("ETag")
        for accept, coding, suffix in [("gzip, deflate, br", "br", "-br"), ("gzip", "gzip", "-gz"), ("", None, "")]:
            response, body = SERVER.request("/assets/app-1.js", headers={"Accept-Encoding": accept})
            self.assertEqual(response.status, 200)
            self.assertEqual(response.getheader("Content-Encoding"), coding, accept)
            self.assertEqual(response.getheader("Vary"), "Accept-Encoding")
            self.assertEqual(response.getheader("Content-Type"), "text/javascript; charset=utf-8")
            self.assertEqual(int(response.getheader("Content-Length")), len(body))
            tag = response.getheader("ETag")
            self.assertEqual(tag, identity_tag[:-1] + suffix + '"')
            self.assertEqual(decoded(coding, body, len(UI_SCRIPT)), UI_SCRIPT, accept)
            # HEAD of a file costs nothing to encode: the same headers as the GET.
            head, nothing = SERVER.request("/assets/app-1.js", method="HEAD", headers={"Accept-Encoding": accept})
            self.assertEqual(nothing, b"")
            self.assertEqual(head.getheader("Content-Encoding"), coding)
            self.assertEqual(int(head.getheader("Content-Length")), len(body))
            again, empty = SERVER.request("/assets/app-1.js", headers={"Accept-Encoding": accept, "If-None-Match": tag})
            self.assertEqual(again.status, 304, accept)
            self.assertEqual(empty, b"")
            self.assertEqual(again.getheader("Cache-Control"), "public, max-age=31536000, immutable")

    def test_siblings_are_not_files_of_their_own_and_a_png_does_not_vary(self):
        response, _ = SERVER.request("/assets/app-1.js.br")
        self.assertEqual(response.status, 404)
        response, body = SERVER.request("/logo.png", headers={"Accept-Encoding": "br, gzip"})
        self.assertEqual(response.status, 200)
        self.assertIsNone(response.getheader("Content-Encoding"))
        self.assertIsNone(response.getheader("Vary"))

    def test_index_html_is_revalidated_by_its_etag(self):
        response, _ = SERVER.request("/", headers={"Accept-Encoding": "br"})
        self.assertEqual(response.status, 200)
        self.assertEqual(response.getheader("Cache-Control"), "no-cache")
        tag = response.getheader("ETag")
        again, _ = SERVER.request("/", headers={"Accept-Encoding": "br", "If-None-Match": tag})
        self.assertEqual(again.status, 304)


def make_ui(folder):
    """A built UI as web/scripts/precompress.mjs leaves it: a script with .br and .gz beside it."""
    os.makedirs(os.path.join(folder, "assets"))
    index = b"<!doctype html><html><head><title>Entente</title></head><body>" + b"<p>entente</p>" * 100 + b"</body></html>"
    files = {"index.html": index, "assets/app-1.js": UI_SCRIPT}
    for name, data in files.items():
        with open(os.path.join(folder, name), "wb") as out:
            out.write(data)
        with open(os.path.join(folder, name + ".gz"), "wb") as out:
            out.write(gzip.compress(data, 9))
        with open(os.path.join(folder, name + ".br"), "wb") as out:
            out.write(brotli_encode(data))
    with open(os.path.join(folder, "logo.png"), "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)


def main():
    global OPTIONS, SERVER
    parser = argparse.ArgumentParser()
    parser.add_argument("--entente", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--work", required=True)
    OPTIONS, rest = parser.parse_known_args()
    shutil.rmtree(OPTIONS.work, ignore_errors=True)
    os.makedirs(OPTIONS.work)
    db = os.path.join(OPTIONS.work, "compression.db")
    subprocess.run([OPTIONS.entente, "init", "--db", db, "--data", OPTIONS.data], check=True, stdout=subprocess.DEVNULL)
    web = os.path.join(OPTIONS.work, "web")
    make_ui(web)
    SERVER = Server(OPTIONS.entente, db, web)
    try:
        result = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2).result
    finally:
        SERVER.stop()
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
