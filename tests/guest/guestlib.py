# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared helpers of the guest tests: assets, initramfs, booting, results.

Standard library only (the tests run under the python3 that meson uses).
"""

import gzip
import os
import re
import shutil
import stat
import subprocess
import sys
import time

SKIP = 77


def run(cmd, **kw):
    """Run @cmd to completion, capturing stdout and stderr as text."""
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **kw)


def log(msg):
    print(msg, flush=True)


def unavailable(reason):
    """The test cannot run here: skip locally, fail under CI=true."""
    if os.environ.get("CI", "") == "true":
        log("FAIL: guest material unavailable under CI: " + reason)
        log("0 passed, 1 failed")
        sys.exit(1)
    log("SKIP: " + reason)
    sys.exit(SKIP)


def srcdir():
    return os.environ.get("MESON_SOURCE_ROOT") or os.path.dirname(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def modelled_releases(virtboard):
    """The QEMU releases @virtboard models (its --version lists them)."""
    out = run([virtboard, "--version"]).stdout
    return set(re.findall(r"\b([0-9]+\.[0-9]+)\b", out.split("\n", 1)[-1]))


def later_cases(virtboard, later):
    """Of @later ({name: release}), the names to skip: their release is
    not modelled yet (issue 14); each is said so."""
    have = modelled_releases(virtboard)
    skip = set()
    for name, release in sorted(later.items()):
        if release not in have:
            log("SKIP %s: needs release %s (issue 14)" % (name, release))
            skip.add(name)
    return skip


def qemu_release(version_text):
    """"X.Y" of a QEMU version ("QEMU emulator version 7.2.22 (...)", or
    a Debian package version "1:7.2+dfsg-7"), or None."""
    m = re.search(r"(?:version |^|[:=])(\d+\.\d+)[.+~-]", version_text,
                  re.M)
    return m.group(1) if m else None


def qemu_binary_release(qemu):
    """The release of the QEMU binary @qemu, from its --version."""
    rel = qemu_release(run([qemu, "--version"]).stdout)
    if rel is None:
        unavailable("cannot tell the release of %s from --version" % qemu)
    return rel


def cache_dir():
    d = os.environ.get("GUEST_CACHE")
    if not d:
        d = os.path.join(os.environ.get("MESON_BUILD_ROOT", "build"),
                         "guest-cache")
    os.makedirs(d, exist_ok=True)
    return os.path.abspath(d)


def asset(what):
    """Run scripts/guest-assets.sh CACHE WHAT; return the path it prints."""
    script = os.path.join(srcdir(), "scripts", "guest-assets.sh")
    p = subprocess.run([script, cache_dir(), what], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        unavailable("guest-assets.sh %s: %s" % (what, p.stderr.strip()[-600:]))
    return p.stdout.strip().splitlines()[-1]


def qemu_binary():
    q = os.environ.get("QTEST_QEMU_BINARY") or shutil.which(
        "qemu-system-aarch64")
    if not q or not os.access(q, os.X_OK):
        unavailable("qemu-system-aarch64 not found")
    return q


# ---- cpio "newc" archives, written directly: every entry owned by root,
# no privileges needed to build them ----

class Cpio:
    def __init__(self):
        self.entries = {}   # path -> (mode, data)

    def _parents(self, path):
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d and d not in self.entries:
                self.entries[d] = (stat.S_IFDIR | 0o755, b"")

    def dir(self, path, mode=0o755):
        path = path.strip("/")
        self._parents(path)
        self.entries[path] = (stat.S_IFDIR | mode, b"")

    def file(self, path, data, mode=0o644):
        path = path.strip("/")
        if isinstance(data, str):
            data = data.encode()
        self._parents(path)
        self.entries[path] = (stat.S_IFREG | mode, data)

    def symlink(self, path, target):
        path = path.strip("/")
        self._parents(path)
        self.entries[path] = (stat.S_IFLNK | 0o777, target.encode())

    def tree(self, host_dir, prefix="", keep=None):
        """Add a host directory tree (files, symlinks, dirs) under prefix;
        with @keep, only the paths (relative to host_dir) it accepts."""
        for root, dirs, files in os.walk(host_dir):
            rel = os.path.relpath(root, host_dir)
            base = prefix.strip("/")
            if rel != ".":
                base = (base + "/" + rel).strip("/")
            if keep:
                dirs[:] = [n for n in dirs
                           if keep(os.path.normpath(os.path.join(rel, n)),
                                   True)]
            for n in dirs + files:
                hp = os.path.join(root, n)
                gp = (base + "/" + n).strip("/")
                if keep and n in files and \
                        not keep(os.path.normpath(os.path.join(rel, n)), False):
                    continue
                st = os.lstat(hp)
                if stat.S_ISLNK(st.st_mode):
                    self.symlink(gp, os.readlink(hp))
                elif stat.S_ISDIR(st.st_mode):
                    self.dir(gp, st.st_mode & 0o7777)
                elif stat.S_ISREG(st.st_mode):
                    with open(hp, "rb") as f:
                        self.file(gp, f.read(), st.st_mode & 0o7777)

    def write(self, out):
        ino = 1000
        with open(out + ".tmp", "wb") as f:
            for path in sorted(self.entries):
                mode, data = self.entries[path]
                self._entry(f, ino, path, mode, data)
                ino += 1
            self._entry(f, 0, "TRAILER!!!", 0, b"")
            # pad the archive to 512 bytes
            pos = f.tell()
            f.write(b"\0" * ((-pos) % 512))
        os.replace(out + ".tmp", out)

    @staticmethod
    def _entry(f, ino, name, mode, data):
        nm = name.encode() + b"\0"
        nlink = 2 if stat.S_ISDIR(mode) else 1
        hdr = "070701" + "".join("%08X" % v for v in (
            ino, mode, 0, 0, nlink, 0, len(data), 0, 0, 0, 0, len(nm), 0))
        f.write(hdr.encode() + nm)
        f.write(b"\0" * ((-(110 + len(nm))) % 4))
        f.write(data)
        f.write(b"\0" * ((-len(data)) % 4))


def base_initramfs(busybox, init_script):
    c = Cpio()
    for d in ("bin", "sbin", "proc", "sys", "dev", "tmp", "etc", "root"):
        c.dir(d)
    with open(busybox, "rb") as f:
        c.file("bin/busybox", f.read(), 0o755)
    c.symlink("bin/sh", "busybox")
    c.file("init", init_script, 0o755)
    return c


# ---- booting ----

def cpu_share(seconds=0.5):
    """The share of one core this process gets now: about 1.0 on an idle
    machine, 0.3 when three busy processes compete for each core."""
    w0, c0 = time.monotonic(), time.process_time()
    n = 0
    while time.monotonic() - w0 < seconds:
        for _ in range(20000):
            n += 1
    return (time.process_time() - c0) / max(time.monotonic() - w0, 1e-3)


def slowdown():
    """How much slower than on an idle machine work runs now (>= 1),
    measured, so that time limits follow the machine's load."""
    return min(20.0, max(1.0, 1.0 / max(cpu_share(), 0.05)))


def boot(args, log_path, timeout=None, stall=None):
    """Run QEMU with the serial console on stdout, into log_path.

    It is killed when it runs longer than @timeout seconds in all, or
    when its console stays silent for @stall seconds (None: no limit).
    Returns (rc or None when it was killed, seconds, serial text).
    """
    t0 = time.monotonic()
    seen, changed = 0, t0
    with open(log_path, "wb") as out:
        p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out,
                             stderr=subprocess.STDOUT)
        while True:
            try:
                rc = p.wait(timeout=1)
                break
            except subprocess.TimeoutExpired:
                pass
            now = time.monotonic()
            size = os.path.getsize(log_path)
            if size != seen:
                seen, changed = size, now
            if (timeout is not None and now - t0 > timeout) or \
                    (stall is not None and now - changed > stall):
                p.kill()
                p.wait()
                rc = None
                break
    dt = time.monotonic() - t0
    with open(log_path, "rb") as f:
        text = f.read().decode("utf-8", "replace").replace("\r", "")
    return rc, dt, text


def boot_retry(args, log_path, limit, attempts=3):
    """boot() with a time limit that follows the load: @limit is the time
    the boot needs on an idle machine with some margin, multiplied by
    slowdown() at each start.  A boot that runs out of time is started
    again with twice the limit, up to @attempts times: a slow machine
    makes the test slower, never wrong.

    Returns (rc or None, seconds, text, list of the limits used).
    """
    limits = []
    for i in range(attempts):
        lim = int(limit * slowdown() * (2 ** i))
        limits.append(lim)
        rc, dt, text = boot(args, log_path, timeout=lim)
        log("# boot attempt %d: %.1f s (limit %d s), rc %s" % (
            i + 1, dt, lim, rc))
        if rc is not None:
            break
    return rc, dt, text, limits


def section(text, name):
    """Lines between '=== BEGIN name' and '=== END name' markers."""
    m = re.search(r"^=== BEGIN %s\n(.*?)^=== END %s$" % (
        re.escape(name), re.escape(name)), text, re.S | re.M)
    return m.group(1) if m else None


def gunzip_b64(b64text):
    import base64
    return gzip.decompress(base64.b64decode("".join(b64text.split())))


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            log("PASS: %s" % name)
        else:
            self.failed += 1
            log("FAIL: %s%s" % (name, (": " + detail) if detail else ""))
        return ok

    def finish(self):
        log("%d passed, %d failed" % (self.passed, self.failed))
        sys.exit(1 if self.failed else 0)
