#!/usr/bin/env python3
"""`entente init` with its defaults needs nothing but a data/ folder.

Regression: init read its default atlas from the web UI's npm packages, so it failed
outside a checkout whose browser UI packages were installed. Here a copy of data/ is all
there is: init without options must load the reference data with its country land, and
an Article 6 point query on the result must place the point. A second init from another
folder, given only --data, must find the atlas in that data folder.

    init_data_folder_only.py --entente BIN --data DATA --work WORK
"""
import argparse
import os
import shutil
import subprocess
import sys


def run(command, cwd):
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entente", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--work", required=True)
    options = parser.parse_args()
    entente = os.path.abspath(options.entente)

    work = os.path.abspath(options.work)
    shutil.rmtree(work, ignore_errors=True)
    alone = os.path.join(work, "alone")
    shutil.copytree(options.data, os.path.join(alone, "data"))
    elsewhere = os.path.join(work, "elsewhere")
    os.makedirs(elsewhere)

    failures = []
    init = run([entente, "init"], alone)
    if init.returncode != 0 or "country shapes" not in init.stdout:
        failures.append(f"init in a folder holding only data/: exit {init.returncode}\n{init.stdout}{init.stderr}")
    else:
        query = run([entente, "article5", "--lat", "40.4168", "--lon", "-3.7038", "--as-of", "2020-01-01"], alone)
        if query.returncode != 0 or "COVERED" not in query.stdout:
            failures.append(f"article5 on that database: exit {query.returncode}\n{query.stdout}{query.stderr}")

    other = run([entente, "init", "--db", "other.db", "--data", os.path.join(alone, "data")], elsewhere)
    if other.returncode != 0 or "country shapes" not in other.stdout:
        failures.append(f"init --data from another folder: exit {other.returncode}\n{other.stdout}{other.stderr}")

    for failure in failures:
        print("FAIL " + failure)
    if not failures:
        print("ok   init with its defaults reads the atlas from the data folder")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
