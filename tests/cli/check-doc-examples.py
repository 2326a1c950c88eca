#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run the worked examples of a Markdown guide and compare.

Usage: check-doc-examples.py VIRTBOARD GUIDE.md
Every ```console block is a session: a line "$ virtboard ARGS" is a
command, the lines after it (up to the next "$ " line) its expected
output (stdout, then stderr). A line "..." stands for any number of
lines; otherwise the expected lines must appear consecutively and in
order. A command's exit status is not checked.

A block right after a line "<!-- release X.Y -->" shows QEMU X.Y: it runs
with "--qemu-version X.Y" when VIRTBOARD models that release (its
--version lists it), and is skipped, and said so, until then.
"""
import re
import shlex
import subprocess
import sys


def sessions(path):
    """Yield (release or None, lines) for every console block."""
    block, inside, release, prev = [], False, None, ""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("```console"):
                inside, block = True, []
                m = re.fullmatch(r"<!-- release ([0-9]+\.[0-9]+) -->", prev)
                release = m.group(1) if m else None
            elif line.startswith("```") and inside:
                inside = False
                yield release, block
            elif inside:
                block.append(line)
            prev = line


def modelled(vb):
    """The releases VIRTBOARD models, from its --version."""
    out = subprocess.run([vb, "--version"], capture_output=True, text=True,
                         check=False).stdout
    return set(re.findall(r"\b([0-9]+\.[0-9]+)\b", out.split("\n", 1)[-1]))


def commands(block):
    cmd, expect = None, []
    for line in block:
        if line.startswith("$ "):
            if cmd:
                yield cmd, expect
            cmd, expect = line[2:], []
        elif cmd:
            expect.append(line)
    if cmd:
        yield cmd, expect


def matches(expect, got):
    """Expected lines, with "..." gaps, as a subsequence of got."""
    pos = 0
    chunks, chunk = [], []
    for line in expect:
        if line.strip() == "...":
            chunks.append(chunk)
            chunk = []
        else:
            chunk.append(line.rstrip())
    chunks.append(chunk)
    for i, chunk in enumerate(chunks):
        if not chunk:
            continue
        n = len(chunk)
        found = -1
        for start in range(pos, len(got) - n + 1):
            if got[start:start + n] == chunk:
                found = start
                break
            if i == 0 and expect and expect[0].strip() != "...":
                break
        if found < 0:
            return chunk
        pos = found + n
    return None


def main():
    vb, guide = sys.argv[1], sys.argv[2]
    passed = failed = 0
    releases = modelled(vb)
    for release, block in sessions(guide):
        for cmd, expect in commands(block):
            argv = shlex.split(cmd)
            if argv[0] != "virtboard":
                continue
            if release and release not in releases:
                print(f"SKIP $ {cmd}: needs release {release} (issue 14)")
                continue
            if release:
                at = 2 if argv[1:2] == ["plan"] else 1
                argv[at:at] = ["--qemu-version", release]
            p = subprocess.run([vb] + argv[1:], capture_output=True,
                               text=True, check=False)
            got = [l.rstrip() for l in (p.stdout + p.stderr).splitlines()]
            missing = matches(expect, got)
            if missing is None:
                passed += 1
            else:
                failed += 1
                print(f"FAIL $ {cmd}\n  expected:\n    " +
                      "\n    ".join(missing) + "\n  got:\n    " +
                      "\n    ".join(got))
    if passed + failed == 0:
        print(f"FAIL: no examples in {guide}")
        return 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
