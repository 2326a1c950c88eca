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

# The limits of a boot are counted in the CPU time its QEMU has used, not
# in seconds on the clock: on a busy machine QEMU gets fewer cycles and
# every guest step takes longer, but the work a step needs stays about
# the same (docs/devel/guest-testing.md).  A limit given as seconds on an
# idle machine allows QUIET_CORES times as many seconds of CPU time: the
# cores a boot may keep busy there (guest-kvm's outer QEMU has one TCG
# thread, guest-boot's 2-CPU guests two).
QUIET_CORES = max(1, min(2, os.cpu_count() or 1))
# A guest that hangs idle uses no CPU time; such a hang is caught by the
# clock, this many times later than the limit would have been reached
# on an idle machine.
WALL_BACKSTOP = 20
_CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """The CPU time (user and system, every thread) process @pid has used,
    from /proc/PID/stat; None once it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            text = f.read()
    except OSError:
        return None
    # after "pid (comm) ": state is field 3 of proc(5), utime 14, stime 15
    fields = text[text.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / _CLK_TCK


CASE_RE = re.compile(r"^=== (BEGIN|END) (\S+ \S+)$")


def boot(args, log_path, timeout=None, stall=None, case_limit=None):
    """Run QEMU with the serial console on stdout, into log_path.

    Every limit is in seconds of an idle machine and is counted in the
    CPU time QEMU uses (QUIET_CORES seconds of it per second), so that a
    busy machine stretches it (see above); WALL_BACKSTOP times it on the
    clock also ends the boot.  QEMU is killed when it runs longer than
    @timeout in all, when its console stays silent for @stall, or when
    one case of the guest (from its "=== BEGIN T NAME" line to its
    "=== END T NAME") uses more CPU time than @case_limit allows (its
    clock backstop is the guest's, timeout(1)); None: no limit.

    Returns (rc or None when it was killed, seconds, serial text); the
    log says which limit ended a boot, and the CPU time of each case that
    took more than a second.
    """
    t0 = time.monotonic()
    seen, changed = 0, t0
    case, case_t, case_cpu = None, t0, 0.0
    pending = b""

    def over(limit, wall, cpu, backstop=True):
        return limit is not None and (
            cpu > limit * QUIET_CORES or
            (backstop and wall > limit * WALL_BACKSTOP))

    with open(log_path, "wb") as out, open(log_path, "rb") as tail:
        p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out,
                             stderr=subprocess.STDOUT)
        cpu_changed = 0.0
        why = None
        while True:
            try:
                rc = p.wait(timeout=1)
                break
            except subprocess.TimeoutExpired:
                pass
            now = time.monotonic()
            cpu = cpu_seconds(p.pid)
            if cpu is None:
                continue
            size = os.path.getsize(log_path)
            if size != seen:
                seen, changed, cpu_changed = size, now, cpu
                pending += tail.read()
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    m = CASE_RE.match(line.decode("utf-8", "replace")
                                      .rstrip("\r"))
                    if not m:
                        continue
                    if m.group(1) == "BEGIN":
                        case, case_t, case_cpu = m.group(2), now, cpu
                    elif case is not None:
                        if cpu - case_cpu >= 1:
                            log("# case %s: %.1f s, %.1f s of CPU" % (
                                case, now - case_t, cpu - case_cpu))
                        case = None
            if over(timeout, now - t0, cpu):
                why = "ran out of time (%.0f s, %.0f s of CPU)" % (
                    now - t0, cpu)
            elif over(stall, now - changed, cpu - cpu_changed):
                why = "console silent (%.0f s, %.0f s of CPU)" % (
                    now - changed, cpu - cpu_changed)
            # a case's clock limit is the guest's own (timeout(1))
            elif case is not None and over(case_limit, now - case_t,
                                           cpu - case_cpu, backstop=False):
                why = "case %s ran out of time (%.0f s, %.0f s of CPU)" % (
                    case, now - case_t, cpu - case_cpu)
            if why:
                log("# boot killed: " + why)
                p.kill()
                p.wait()
                rc = None
                break
    dt = time.monotonic() - t0
    with open(log_path, "rb") as f:
        text = f.read().decode("utf-8", "replace").replace("\r", "")
    return rc, dt, text


def boot_retry(args, log_path, limit, attempts=3):
    """boot() with a time limit counted in QEMU's CPU time (see boot()):
    @limit is the time the boot needs on an idle machine, with some
    margin.  A boot that runs out of time is started again with twice the
    limit, up to @attempts times: a slow machine makes the test slower,
    never wrong.

    Returns (rc or None, seconds, text, list of the limits used).
    """
    limits = []
    for i in range(attempts):
        lim = limit * (2 ** i)
        limits.append(lim)
        rc, dt, text = boot(args, log_path, timeout=lim)
        log("# boot attempt %d: %.1f s (limit %d s of an idle machine), "
            "rc %s" % (i + 1, dt, lim, rc))
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
