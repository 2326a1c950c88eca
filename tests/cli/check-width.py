#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""check-width.py VIRTBOARD

The width the table fits (docs/virtboard.1, ENVIRONMENT): $COLUMNS when
it is a number, else the terminal's width when standard output is one,
else 80. Run through a pipe, with COLUMNS set to numbers and to junk,
and on a pseudo-terminal whose window size the test sets (TIOCSWINSZ).
Whatever the width, no line passes it and a wide table holds the same
regions as a narrow one.
"""
import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios

ARGS = ["-M", "virt,gic-version=3", "-m", "4G,slots=2,maxmem=8G"]
failed = 0


def check(ok, what):
    global failed
    if not ok:
        failed += 1
    print(("ok    " if ok else "FAIL  ") + what)


def env_with(columns):
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    if columns is not None:
        env["COLUMNS"] = columns
    return env


def piped(vb, columns):
    out = subprocess.run([vb] + ARGS, env=env_with(columns),
                         capture_output=True, text=True, check=True)
    return out.stdout


def on_tty(vb, cols, columns=None):
    """Run with stdout on a pty of @cols columns; return what it wrote."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, cols, 0, 0))
    # no output post-processing: the bytes the program wrote, \n as \n
    attrs = termios.tcgetattr(slave)
    attrs[1] &= ~termios.OPOST
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    p = subprocess.Popen([vb] + ARGS, stdout=slave, stderr=subprocess.PIPE,
                         env=env_with(columns))
    os.close(slave)
    data = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:         # EIO: the child closed its end
            break
        if not chunk:
            break
        data += chunk
    os.close(master)
    check(p.wait() == 0, f"exit 0 on a {cols}-column terminal")
    return data.decode()


def longest(text):
    return max(len(line) for line in text.splitlines())


def regions(text):
    """The region names of the table, in order."""
    lines = text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("REGION "))
    names = []
    for line in lines[start + 1:]:
        if not line:
            break
        if not line.startswith(" "):
            names.append(line.split()[0])
    return names


def main():
    vb = sys.argv[1]
    wide = piped(vb, "10000")
    want = regions(wide)
    check(" END " in wide.splitlines()[3], "COLUMNS=10000 keeps END")
    check("DEVICE_MEMORY" in want and "HIGH_PCIE_MMIO" in want,
          "the table has every region")

    text = piped(vb, None)
    check(longest(text) <= 80, f"a pipe: 80 columns ({longest(text)})")
    check(regions(text) == want, "a pipe: the same regions")
    for junk in ["", "abc", "-5", "0", "80x"]:
        check(piped(vb, junk) == text, f"COLUMNS='{junk}' is ignored: 80")
    for cols in [40, 60, 100, 132]:
        t = piped(vb, str(cols))
        check(longest(t) <= cols, f"COLUMNS={cols}: {longest(t)} columns")
        check(regions(t) == want, f"COLUMNS={cols}: the same regions")
    t = piped(vb, "20")
    check(longest(t) <= 40, "COLUMNS=20 counts as 40")

    for cols in [50, 100, 150]:
        t = on_tty(vb, cols)
        check(longest(t) <= cols, f"a {cols}-column terminal: "
              f"{longest(t)} columns")
        check(t == piped(vb, str(cols)),
              f"a {cols}-column terminal prints what COLUMNS={cols} does")
    t = on_tty(vb, 150, "60")
    check(longest(t) <= 60, "COLUMNS=60 wins over a 150-column terminal")

    print(f"{failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
