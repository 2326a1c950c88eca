#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Render `virtboard --svg` pictures in headless Chromium.

Usage: check-svg.py VIRTBOARD
Each picture must be well-formed XML (xml.etree, and xmllint when
present), have a <title>, a <title> tooltip on every region drawn (a
<g> holding a <rect>) naming it with its base, size and state, and
Chromium's screenshot of it must exist and not be blank.
Without chromium the test is skipped (77), except under CI=true, where
that is a failure.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

CASES = {
    "default": ["-cpu", "cortex-a57", "-m", "1G"],
    "highmem-off": ["-M", "virt,highmem=off", "-cpu", "cortex-a57",
                    "-m", "3G"],
    "m1": ["-accel", "kvm", "--host-ipa-bits", "36", "-cpu", "host",
           "-m", "63G"],
    "plan-fixed": ["plan", "-accel", "kvm", "--host-ipa-bits", "36",
                   "-cpu", "host", "-m", "64G"],
}


def png_pixels(path):
    """Decode an 8-bit, non-interlaced RGB(A) PNG: (width, height, rows)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG depth {depth} type {ctype}")
    bpp = 4 if ctype == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        ftype, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def check_png(path):
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return "no screenshot"
    width, height, bpp, rows = png_pixels(path)
    colours, ink = set(), 0
    for row in rows[::4]:
        for x in range(0, width * bpp, bpp * 4):
            px = row[x:x + 3]
            colours.add(px)
            if px != b"\xff\xff\xff":
                ink += 1
    total = len(rows[::4]) * len(range(0, width * bpp, bpp * 4))
    if len(colours) < 4 or ink < total // 50:
        return f"blank: {len(colours)} colours, {ink}/{total} inked"
    return None


NS = "{http://www.w3.org/2000/svg}"


def check_titles(root, name):
    """None, or what is wrong with the picture's titles and tooltips."""
    title = root.find(NS + "title")
    if title is None or not title.text.startswith("QEMU "):
        return "no <title> naming the release"
    if name.startswith("plan") and "after change 1" not in title.text:
        return "plan: the title lost the change"
    groups = root.findall(NS + "g")
    if len(groups) < 25:
        return f"{len(groups)} regions with a tooltip"
    for g in groups:
        tip = g.find(NS + "title")
        if g.find(NS + "rect") is None or tip is None:
            return "a region without a <title> tooltip"
        lines = tip.text.split("\n")
        if len(lines) < 4 or not lines[1].startswith("base 0x") or \
                not lines[2].startswith("size ") or \
                lines[3].split(":")[0] not in ("on", "off", "unused"):
            return f"tooltip without base, size and state: {tip.text!r}"
    return None


def chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def main():
    vb = sys.argv[1]
    browser = chromium()
    if not browser:
        msg = "chromium is missing (scripts/install-deps.sh check)"
        if os.environ.get("CI") == "true":
            print("FAIL: " + msg, file=sys.stderr)
            return 1
        print("SKIP: " + msg)
        return 77
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, args in CASES.items():
            svg = os.path.join(tmp, name + ".svg")
            png = os.path.join(tmp, name + ".png")
            cmd = [vb, "--svg", svg] + args if args[0] != "plan" else \
                [vb, "plan", "--svg", svg] + args[1:]
            p = subprocess.run(cmd, capture_output=True, text=True,
                               check=False)
            if p.returncode not in (0, 2) or not os.path.exists(svg):
                print(f"FAIL {name}: virtboard exit {p.returncode}: "
                      f"{p.stderr}")
                failed += 1
                continue
            try:
                root = ET.parse(svg).getroot()
                if not root.tag.endswith("svg"):
                    raise ValueError("root is " + root.tag)
            except (ET.ParseError, ValueError) as e:
                print(f"FAIL {name}: not well-formed: {e}")
                failed += 1
                continue
            why = check_titles(root, name)
            if why:
                print(f"FAIL {name}: {why}")
                failed += 1
                continue
            if shutil.which("xmllint"):
                x = subprocess.run(["xmllint", "--noout", svg],
                                   capture_output=True, text=True,
                                   check=False)
                if x.returncode:
                    print(f"FAIL {name}: xmllint: {x.stderr}")
                    failed += 1
                    continue
            profile = os.path.join(tmp, "profile-" + name)
            subprocess.run([browser, "--headless", "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update", "--disable-sync",
                            "--no-first-run", "--user-data-dir=" + profile,
                            "--screenshot=" + png, "--window-size=1200,800",
                            "file://" + svg],
                           capture_output=True, timeout=120, check=False)
            why = check_png(png)
            if why:
                print(f"FAIL {name}: {why}")
                failed += 1
            else:
                passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
