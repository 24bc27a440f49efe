#!/usr/bin/env python3
"""Checks that every layer under src/ includes only its own headers and those
of the layers below it (docs/architecture.md, "Layers"), and that each test
folder keeps to what its layer may use. The link enforces calls; this check
enforces headers, which the link cannot see (inline code, types).

    python3 tools/check_layers.py [REPO_ROOT]

Prints one line per violation (file:line: the include and what the layer may
use) and exits 1; prints a summary and exits 0 when there is none."""
import os
import re
import sys

# What each layer may include, itself first. The order is the build's
# (src/CMakeLists.txt): util <- protocol <- store <- service <- http <- api,
# sim on protocol alone, cli over everything.
ALLOWED = {
    "util": {"util"},
    "protocol": {"protocol", "util"},
    "store": {"store", "protocol", "util"},
    "service": {"service", "store", "protocol", "util"},
    "http": {"http", "service", "store", "protocol", "util"},
    "api": {"api", "http", "service", "store", "protocol", "util"},
    "sim": {"sim", "protocol", "util"},
    "cli": {"cli", "api", "http", "service", "store", "protocol", "util", "sim"},
}
# Test folders: a layer's tests use that layer; the integration tests drive
# the real binary with the emulator and stand up in-process HTTP servers.
TEST_ALLOWED = dict(ALLOWED)
TEST_ALLOWED["integration"] = {"sim", "http", "service", "store", "protocol", "util"}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/')


def check_tree(root, folder, rules, problems):
    base = os.path.join(root, folder)
    count = 0
    for layer in sorted(os.listdir(base)):
        layer_dir = os.path.join(base, layer)
        if not os.path.isdir(layer_dir) or layer not in rules:
            continue
        for dirpath, _, files in os.walk(layer_dir):
            for name in sorted(files):
                if not name.endswith((".cc", ".h")):
                    continue
                path = os.path.join(dirpath, name)
                count += 1
                with open(path, encoding="utf-8", errors="replace") as f:
                    for number, line in enumerate(f, 1):
                        match = INCLUDE.match(line)
                        if match and match.group(1) in ALLOWED and match.group(1) not in rules[layer]:
                            used = ", ".join(sorted(rules[layer]))
                            problems.append(f"{os.path.relpath(path, root)}:{number}: includes "
                                            f"{match.group(1)}/, but {folder}/{layer} may use only {used}")
    return count


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    problems = []
    files = check_tree(root, "src", ALLOWED, problems)
    files += check_tree(root, "tests", TEST_ALLOWED, problems)
    for problem in problems:
        print(problem)
    if problems:
        print(f"layers: {len(problems)} includes reach a higher layer")
        return 1
    print(f"layers: {files} files, every include within its layer or below")
    return 0


if __name__ == "__main__":
    sys.exit(main())
