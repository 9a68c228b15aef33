#!/usr/bin/env python3
"""Runs one golden-file case of the entente command and compares its output.

A case file (tests/cli/cases/NAME.test) reads:

    # what the case shows (comment lines start with '#')
    args: members NATO --as-of 2023-04-04 --db {db}
    exit: 0
    stream: stdout
    ----
    the exact expected output

`{db}` is a database loaded from the reference data, shared by the cases; `{work}` is
a scratch folder for the case; `{data}` is the reference data folder; `{byte_ff}` is the
single byte 0xFF, which is not UTF-8. `stream` is stdout
(the default) or stderr. With --update the expected output is rewritten from the actual.
"""
import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile


def parse_case(path):
    header, _, expected = open(path, encoding="utf-8").read().partition("----\n")
    fields = {}
    for number, line in enumerate(header.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            sys.exit(f"{path}:{number}: expected 'key: value'")
        fields[key.strip()] = value.strip()
    if "args" not in fields:
        sys.exit(f"{path}: missing 'args:' line")
    return fields, expected, header


def shared_database(entente, data, work):
    """Loads the reference data once per build; rebuilt when data/ is newer."""
    db = os.path.join(work, "golden.db")
    newest = max(os.path.getmtime(os.path.join(data, f)) for f in os.listdir(data))
    if not os.path.exists(db) or os.path.getmtime(db) < newest:
        os.makedirs(work, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=work, suffix=".db")
        os.close(fd)
        os.remove(tmp)
        subprocess.run([entente, "init", "--db", tmp, "--data", data], check=True, stdout=subprocess.DEVNULL)
        os.replace(tmp, db)
    return db


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entente", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--update", action="store_true")
    parser.add_argument("cases", nargs="+")
    options = parser.parse_args()

    db = shared_database(options.entente, options.data, options.work)
    passed = failed = 0
    for path in options.cases:
        fields, expected, header = parse_case(path)
        name = os.path.splitext(os.path.basename(path))[0]
        case_work = os.path.join(options.work, name)
        shutil.rmtree(case_work, ignore_errors=True)
        os.makedirs(case_work)
        # '\udcff' reaches the command as the raw byte 0xFF (os.fsencode's surrogateescape).
        args = [a.format(db=db, work=case_work, data=options.data, byte_ff="\udcff")
                for a in shlex.split(fields["args"])]
        result = subprocess.run([options.entente, *args], capture_output=True, text=True, timeout=60)
        stream = fields.get("stream", "stdout")
        actual = result.stdout if stream == "stdout" else result.stderr
        # Paths of this machine read back as the placeholders the case was written with.
        actual = actual.replace(case_work, "{work}").replace(db, "{db}").replace(options.data, "{data}")
        expected_exit = int(fields.get("exit", "0"))
        if options.update:
            with open(path, "w", encoding="utf-8") as out:
                out.write(header + "----\n" + actual)
            print(f"updated {path}")
            continue
        problems = []
        if result.returncode != expected_exit:
            problems.append(f"exit code {result.returncode}, expected {expected_exit}\nstderr: {result.stderr}")
        if actual != expected:
            import difflib
            diff = difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "expected", "actual")
            problems.append("output differs:\n" + "".join(diff))
        if stream == "stdout" and expected_exit == 0 and result.stderr:
            problems.append("unexpected stderr: " + result.stderr)
        if problems:
            failed += 1
            print(f"FAIL {path}\n  " + "\n  ".join(problems))
        else:
            passed += 1
            print(f"ok   {name}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
