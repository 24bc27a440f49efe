#!/usr/bin/env python3
"""Checks that every citation code used in the code has a glossary entry.

Comments in src/, tests/ (tests/fixtures excluded), fuzz/ and bench/ cite
material by short codes: field captures (R27, D08), behaviour notes (B4),
catalog items (ACC-13, AMB-22, EMIT-02, A-13, legacy_catalog E5), sections of
the protocol documents (004 §12.1.1, 001 §6.1, 004 Appendix 7) and of the
project's notes (field-lessons §5.17, legacy_catalog §2.2). Each must have a
row in the "Glossary of citation codes" of docs/architecture.md, whose
tables give the code in backticks in the first column:

    | `R27` | field capture: ... |

    python3 tools/check_citations.py [repo_root]

repo_root defaults to the parent of this script's folder. Exit status 0 when
every code is in the glossary (one summary line), 1 when some are not (each
listed with file:line), 2 when the glossary cannot be read.

What is read: in C++ files (.cc, .h, .in) only comments, so string literals
such as test serial numbers ("CMD-1") or PINs ("A-1") are not citations; in
Python, shell, Lua, nginx templates and Markdown the whole text.

A bare section ("§12.1.3", no document named before it) is not checked: its
document is the one the surrounding comment or file names (see the glossary's
notes). RFC sections ("RFC 9112 §6.1") are public and not checked either.
Stdlib only.
"""

from __future__ import annotations

import os
import re
import sys
from collections import defaultdict

SCAN_DIRS = ("src", "tests", "fuzz", "bench")
EXCLUDED_DIRS = ("tests/fixtures", "fuzz/corpus", "bench/results/tmp")
CPP_SUFFIXES = (".cc", ".h", ".hpp", ".cpp", ".in")
TEXT_SUFFIXES = (".py", ".sh", ".lua", ".md", ".template", ".txt", ".cmake")
GLOSSARY_DOC = os.path.join("docs", "architecture.md")
GLOSSARY_HEADING = "## Glossary of citation codes"

# Tokens the generic LETTERS-NUMBER pattern finds that are not citations:
# encodings, hashes, curves, checksums, standards.
NOT_CITATIONS = frozenset({
    "UTF-7", "UTF-8", "UTF-16", "UTF-32",
    "SHA-1", "SHA-224", "SHA-256", "SHA-384", "SHA-512",
    "MD-5", "P-256", "P-384", "P-521", "X-25519",
    "AES-128", "AES-192", "AES-256", "CRC-16", "CRC-32",
    "ISO-8859", "KOI-8", "IEEE-754", "TLS-1", "HTTP-1",
})

SECTION = r"\d+(?:\.\d+)*"
# Further sections after a first one, joined by ",", "/", "and" or a range
# ("§11.2, §11.7", "§3/§4", "§7.7-§7.9", "§11.4-11.16"). A range end without
# "§" counts only when it has a dot ("§12.2.1-4" is a shorthand, skipped).
MORE_SECTIONS = re.compile(r"\s*(?:,|/|\band\b)\s*§\s*(" + SECTION + r")|\s*-\s*(?:§\s*(" + SECTION +
                           r")|(\d+\.\d+(?:\.\d+)*))")

PATTERNS = [
    # Catalog items and the like: ACC-13, AMB-22, EMIT-02, A-13.
    ("generic", re.compile(r"\b([A-Z]{1,6}-\d{1,3})\b")),
    # Field captures and behaviour notes (tests/fixtures/captures/INDEX.md).
    ("capture", re.compile(r"\b([RD]\d{2})\b")),
    ("behaviour", re.compile(r"\b(B\d{1,2})\b")),
    # The older specs' endpoint table in the legacy catalog.
    ("legacy-endpoint", re.compile(r"\b(legacy)[_ ]catalog\s+(E\d{1,2})\b")),
]

# Sections: (regex whose group 1 is the first section, code prefix).
SECTION_PATTERNS = [
    (re.compile(r"\bfield[- ]lessons\s*§\s*(" + SECTION + ")"), "field-lessons"),
    (re.compile(r"\blegacy[_ ]catalog\s*§\s*(" + SECTION + ")"), "legacy_catalog"),
    (re.compile(r"\bpush3[_ ]catalog\s*§\s*(" + SECTION + ")"), "push3_catalog"),
    # The canteen catalog's numbering is the numbering zkpush cites 001 by.
    (re.compile(r"\b(?:seed001[_ ])?(?<!legacy_)(?<!legacy )(?<!push3_)(?<!push3 )[Cc]atalog\s*§\s*(" + SECTION + ")"), "001"),
    (re.compile(r"\b(00[0-4])\s*§\s*(" + SECTION + ")"), None),  # prefix from group 1
]
APPENDIX = re.compile(r"\b(00[0-4])\s+Appendix\s+(\d+)")
RAW_STRING = re.compile(r'(?:u8|u|U|L)?R"')
LINE_REF = re.compile(r"\b(00[0-4])(?::L|\s+L)\d+")
NAMED = [
    (re.compile(r"\bperf-facts\b"), "perf-facts"),
    (re.compile(r"\bARCHITECTURE\b"), "ARCHITECTURE"),
]
ISSUE = re.compile(r"\bissue (\d+)\b")


def cpp_comments(text: str):
    """Yields (line_number, comment_text) for every comment of C++ source,
    skipping string and character literals (raw strings included)."""
    i, n, line = 0, len(text), 1
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            yield line, text[i + 2:end]
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end
            body = text[i + 2:end]
            for k, part in enumerate(body.split("\n")):
                yield line + k, part
            line += body.count("\n")
            i = end + 2
        elif RAW_STRING.match(text, i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            quote = text.index('"', i)
            paren = text.find("(", quote)
            delim = text[quote + 1:paren]
            end = text.find(")" + delim + '"', paren)
            end = n if end < 0 else end + len(delim) + 2
            line += text.count("\n", i, end)
            i = end
        elif c == '"' or (c == "'" and not (i > 0 and text[i - 1].isalnum())):
            # A ' between digits is a digit separator (1'000'000), not a literal.
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            i = j + 1 if j < n and text[j] == c else j
        else:
            i += 1


def text_lines(text: str):
    for k, part in enumerate(text.split("\n")):
        yield k + 1, part


def codes_in(fragment: str):
    """The citation codes one line of commentary uses."""
    found = []
    for name, pattern in PATTERNS:
        for m in pattern.finditer(fragment):
            code = f"legacy_catalog {m.group(2)}" if name == "legacy-endpoint" else m.group(1)
            if code not in NOT_CITATIONS:
                found.append(code)
    for pattern, prefix in SECTION_PATTERNS:
        for m in pattern.finditer(fragment):
            if prefix is None:
                doc, first, end = m.group(1), m.group(2), m.end(2)
            else:
                doc, first, end = prefix, m.group(1), m.end(1)
            found.append(f"{doc} §{first}")
            while True:
                more = MORE_SECTIONS.match(fragment, end)
                if not more:
                    break
                section = more.group(1) or more.group(2) or more.group(3)
                found.append(f"{doc} §{section}")
                end = more.end()
    for m in APPENDIX.finditer(fragment):
        found.append(f"{m.group(1)} Appendix {m.group(2)}")
    for m in LINE_REF.finditer(fragment):
        found.append(m.group(1))
    for pattern, code in NAMED:
        if pattern.search(fragment):
            found.append(code)
    for m in ISSUE.finditer(fragment):
        found.append(f"issue {m.group(1)}")
    return found


def scanned_files(root: str):
    for top in SCAN_DIRS:
        base = os.path.join(root, top)
        for folder, dirs, files in os.walk(base):
            rel_folder = os.path.relpath(folder, root).replace(os.sep, "/")
            dirs[:] = sorted(d for d in dirs
                             if f"{rel_folder}/{d}" not in EXCLUDED_DIRS and not d.startswith("."))
            for name in sorted(files):
                if name.endswith(CPP_SUFFIXES) or name.endswith(TEXT_SUFFIXES):
                    yield os.path.join(folder, name)


def glossary_codes(path: str):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    codes, inside = set(), False
    row = re.compile(r"^\|\s*`([^`]+)`\s*\|")
    for line in lines:
        if line.startswith("## "):
            inside = line.strip() == GLOSSARY_HEADING
            continue
        if inside:
            m = row.match(line)
            if m:
                codes.add(m.group(1).strip())
    return codes


def main(argv):
    root = os.path.abspath(argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
    doc = os.path.join(root, GLOSSARY_DOC)
    try:
        known = glossary_codes(doc)
    except OSError as e:
        print(f"citations: cannot read {GLOSSARY_DOC}: {e}", file=sys.stderr)
        return 2
    if not known:
        print(f"citations: {GLOSSARY_DOC} has no '{GLOSSARY_HEADING}' section with "
              "| `CODE` | rows", file=sys.stderr)
        return 2

    used = defaultdict(list)  # code -> ["path:line", ...]
    for path in scanned_files(root):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        lines = cpp_comments(text) if path.endswith(CPP_SUFFIXES) else text_lines(text)
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        for number, fragment in lines:
            for code in codes_in(fragment):
                used[code].append(f"{rel}:{number}")

    missing = sorted(code for code in used if code not in known)
    if missing:
        for code in missing:
            for where in used[code]:
                print(f"{where}: {code} has no entry in {GLOSSARY_DOC}")
        print(f"citations: {len(missing)} of {len(used)} codes used have no entry in {GLOSSARY_DOC}",
              file=sys.stderr)
        return 1
    print(f"citations: {len(used)} codes used, all in {GLOSSARY_DOC} ({len(known)} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
