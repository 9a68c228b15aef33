#!/usr/bin/env python3
"""Checks that the engine's sources, build, scripts and tests never read the web UI's packages.

Regression: the unit tests and `entente init` read the Natural Earth atlas from
web/node_modules/world-atlas, so the engine failed wherever the browser UI's npm
packages were not installed. The atlas now lives in data/atlas/; nothing outside the
browser UI may name `node_modules`.

Scanned: every file under src/, apps/, bench/, fuzz/, scripts/ and tests/, and every
CMake file. Not scanned: web/ and tests/e2e/ (the browser UI and its browser tests, which
own their packages), and scripts/setup, which installs those packages.

    no_web_package_paths.py [REPOSITORY_ROOT]
"""
import os
import sys

MARKER = b"node_modules"
SCANNED_FOLDERS = ["src", "apps", "bench", "fuzz", "scripts", "tests"]
SKIPPED = {
    "web",
    os.path.join("tests", "e2e"),
    os.path.join("scripts", "setup"),
    os.path.join("tests", "repo", os.path.basename(__file__)),
}


def files_to_scan(root):
    for top in SCANNED_FOLDERS:
        for folder, subfolders, files in os.walk(os.path.join(root, top)):
            relative = os.path.relpath(folder, root)
            subfolders[:] = [d for d in subfolders if os.path.join(relative, d) not in SKIPPED and d != "node_modules"]
            for name in files:
                path = os.path.join(relative, name)
                if path not in SKIPPED:
                    yield path
    for name in os.listdir(root):
        if name in ("CMakeLists.txt", "CMakePresets.json") or name.endswith(".cmake"):
            yield name


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
    problems = []
    scanned = 0
    for path in sorted(set(files_to_scan(root))):
        scanned += 1
        with open(os.path.join(root, path), "rb") as file:
            for number, line in enumerate(file, start=1):
                if MARKER in line:
                    problems.append(f"{path}:{number}: names node_modules: {line.decode('utf-8', 'replace').strip()}")
    if scanned < 50:
        print(f"no_web_package_paths: only {scanned} files under {root}; is it the repository root?")
        return 1
    for problem in problems:
        print(problem)
    if problems:
        print("no_web_package_paths: the engine must not read the web UI's packages; keep what it needs in data/")
        return 1
    print(f"no_web_package_paths: {scanned} files, none names node_modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
