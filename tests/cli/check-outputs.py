#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""check-outputs.py VIRTBOARD

--svg FILE, -M virt,dumpdtb=FILE and -M virt,dumpacpi=DIR on every kind
of path, run as the test's user and, when that is root, again as uid and
gid 65534 (in a scratch directory that user owns, with a copy of the
binary it can execute). What each must do (docs/system/arm/virt.rst,
"Output files"):

- a new file is created; an existing regular file is replaced, keeping
  its mode and owner;
- a symlink (to a file, dangling, to a symlink) stays a symlink and its
  final target gets the data;
- a character device (a private mknod 1,3 node in the scratch directory,
  root only: it needs CAP_MKNOD) and a FIFO read by another process are
  written in place and stay what they are;
- '-' and a link to /proc/self/fd/1 (what /dev/stdout is) are standard
  output, which then holds the file alone (no table); the machine's own
  /dev/stdout is never used: a regression would replace it for everyone;
- a read-only directory is written by root and refused to 65534;
- a missing parent and a directory are refused (exit 4, an I/O error:
  one message that names the path), and nothing is left behind;
- --quiet writes every file and prints nothing at all, with exit 0;
- dumpacpi= with acpi=off writes nothing, creates no directory, and says
  so on stderr (exit 0: the board is valid, it has no tables);
- a standard output that cannot be written (/dev/full) is an I/O error.

The data are checked against facts, not against virtboard's own output:
the DTB starts with the FDT magic and is 1 MiB long, as QEMU's dumpdtb
writes it (totalsize = the 1 MiB buffer); the SVG is an XML document
with an <svg> root; dumpacpi=- is a stream of ACPI tables, each of the
length its header says, whose signatures and bytes are those of the
SIG.dat files of the same board. Each run is also compared with the
same output written to a new file.
"""
import os
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import threading

NOBODY = 65534
EXIT_IO = 4         # virtboard(1), EXIT STATUS: an output not written
BOARD = ["-cpu", "max", "-m", "1G"]
DTB_SIZE = 1 << 20
FDT_MAGIC = b"\xd0\x0d\xfe\xed"

failures = []
passed = 0


def check(cond, what):
    global passed
    if cond:
        passed += 1
    else:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


class Runner:
    def __init__(self, exe, unpriv):
        self.exe = exe
        self.unpriv = unpriv
        self.tag = "uid 65534" if unpriv else "as is"

    def run(self, args, cwd):
        kw = {}
        if self.unpriv:
            kw = dict(user=NOBODY, group=NOBODY, extra_groups=[])
        return subprocess.run([self.exe] + args, cwd=cwd, capture_output=True,
                              timeout=60, **kw)


def option(kind, path):
    """The command line writing output @kind to @path"""
    if kind == "svg":
        return ["--svg", path] + BOARD
    if kind == "dtb":
        return ["-M", "virt,dtb-randomness=off,dumpdtb=%s" % path] + BOARD
    return ["-M", "virt,dtb-randomness=off,dumpacpi=%s" % path] + BOARD


def valid(kind, data):
    if kind == "dtb":
        return (len(data) == DTB_SIZE and data[:4] == FDT_MAGIC and
                struct.unpack(">I", data[4:8])[0] == DTB_SIZE)
    return data.startswith(b"<?xml") and b"<svg" in data and \
        data.rstrip().endswith(b"</svg>")


def acpi_stream(data):
    """Split a stream of ACPI tables: [(signature, bytes)]"""
    out = []
    while data:
        if data[:8] == b"RSD PTR ":
            n = struct.unpack("<I", data[20:24])[0]
            sig = "RSDP"
        else:
            n = struct.unpack("<I", data[4:8])[0]
            sig = data[:4].decode("ascii")
        if n < 20 or n > len(data):
            return None
        out.append((sig, data[:n]))
        data = data[n:]
    return out


def read_dir(path):
    return {f[:-4]: open(os.path.join(path, f), "rb").read()
            for f in os.listdir(path) if f.endswith(".dat")}


def reader(path, box):
    with open(path, "rb") as f:
        box.append(f.read())


def names(d):
    return sorted(os.listdir(d))


def case_files(r, kind, d, ref):
    """svg and dtb: every kind of path"""
    tag = "%s %s" % (r.tag, kind)
    own = NOBODY if r.unpriv else os.geteuid()

    # new file, then an existing one: mode and owner kept
    p = os.path.join(d, "new")
    res = r.run(option(kind, p), d)
    check(res.returncode == 0, "%s new file: %s" % (tag, res.stderr))
    check(os.path.exists(p) and valid(kind, open(p, "rb").read()),
          "%s new file content" % tag)
    ref[kind] = open(p, "rb").read() if os.path.exists(p) else b""
    check(b"highest GPA" in res.stdout, "%s table printed" % tag)
    os.chmod(p, 0o604)
    owner = (own, NOBODY if r.unpriv else 0)
    if not r.unpriv and os.geteuid() == 0:
        os.chown(p, 4242, 4343)
        owner = (4242, 4343)
    res = r.run(option(kind, p), d)
    st = os.stat(p)
    check(res.returncode == 0 and stat.S_IMODE(st.st_mode) == 0o604 and
          (st.st_uid, st.st_gid) == owner,
          "%s existing file: mode %o owner %d:%d" %
          (tag, st.st_mode, st.st_uid, st.st_gid))
    check(open(p, "rb").read() == ref[kind], "%s existing file content" % tag)

    # symlinks: to a file, dangling, to a symlink
    os.symlink("new", os.path.join(d, "l1"))
    os.symlink("l1", os.path.join(d, "l2"))
    os.symlink("created", os.path.join(d, "dangling"))
    for link in ("l1", "l2", "dangling"):
        lp = os.path.join(d, link)
        os.truncate(p, 0)
        res = r.run(option(kind, lp), d)
        target = os.path.join(d, "created" if link == "dangling" else "new")
        check(res.returncode == 0 and os.path.islink(lp) and
              open(target, "rb").read() == ref[kind],
              "%s symlink %s: %s" % (tag, link, res.stderr))

    # a FIFO read by another process
    f = os.path.join(d, "fifo")
    os.mkfifo(f)
    os.chmod(f, 0o666)
    box = []
    t = threading.Thread(target=reader, args=(f, box), daemon=True)
    t.start()
    res = r.run(option(kind, f), d)
    if res.returncode != 0:
        os.close(os.open(f, os.O_WRONLY | os.O_NONBLOCK))   # free the reader
    t.join(30)
    check(res.returncode == 0 and box == [ref[kind]] and
          stat.S_ISFIFO(os.lstat(f).st_mode), "%s FIFO: %r" %
          (tag, res.stderr))

    # '-' and a private /dev/stdout: the file alone on stdout
    os.symlink("/proc/self/fd/1", os.path.join(d, "stdout"))
    for out in ("-", "/proc/self/fd/1", os.path.join(d, "stdout")):
        res = r.run(option(kind, out), d)
        check(res.returncode == 0 and res.stdout == ref[kind],
              "%s %s: %d bytes, rc %d" %
              (tag, out, len(res.stdout), res.returncode))

    # missing parent, a directory: refused, nothing new
    before = names(d)
    for bad, why in (("nodir/x", "No such file or directory"),
                     (".", "Is a directory")):
        bp = os.path.join(d, bad)
        res = r.run(option(kind, bp), d)
        err = res.stderr.decode()
        check(res.returncode == EXIT_IO and res.stdout == b"" and
              err == "virtboard: cannot write %s: %s\n" % (bp, why),
              "%s %s: %r" % (tag, bad, err))
    check(names(d) == before, "%s left behind: %s" % (tag, names(d)))


def case_device(r, kind, d, ref):
    """A private mknod 1,3 node and a symlink to it: written, kept"""
    tag = "%s %s" % (r.tag, kind)
    n = os.path.join(d, "null")
    if not os.path.exists(n):
        return
    for p in (n, os.path.join(d, "nulllink")):
        res = r.run(option(kind, p), d)
        st = os.lstat(n)
        check(res.returncode == 0 and stat.S_ISCHR(st.st_mode) and
              st.st_rdev == os.makedev(1, 3), "%s device %s: %s" %
              (tag, p, res.stderr))
    check(os.path.islink(os.path.join(d, "nulllink")), "%s link" % tag)


def case_readonly(r, kind, d, ref):
    tag = "%s %s" % (r.tag, kind)
    ro = os.path.join(d, "ro")
    os.mkdir(ro, 0o555)
    p = os.path.join(ro, "x")
    res = r.run(option(kind, p), d)
    if r.unpriv or os.geteuid() != 0:
        check(res.returncode == EXIT_IO and res.stderr.decode() ==
              "virtboard: cannot write %s: Permission denied\n" % p,
              "%s read-only dir: %r" % (tag, res.stderr))
        check(os.listdir(ro) == [], "%s read-only dir written" % tag)
    else:
        check(res.returncode == 0 and open(p, "rb").read() == ref[kind],
              "%s read-only dir as root: %r" % (tag, res.stderr))


def case_acpi(r, d, ref):
    tag = "%s acpi" % r.tag
    a = os.path.join(d, "acpi")
    res = r.run(option("acpi", a), d)
    tables = read_dir(a) if os.path.isdir(a) else {}
    check(res.returncode == 0 and {"RSDP", "XSDT", "DSDT"} <= set(tables),
          "%s new dir: %r" % (tag, res.stderr))
    # '-': the same tables, one after the other, and no table text
    res = r.run(option("acpi", "-"), d)
    stream = acpi_stream(res.stdout)
    check(res.returncode == 0 and stream is not None and
          dict(stream) == tables and len(stream) == len(tables),
          "%s dumpacpi=-" % tag)
    # a symlink to the directory, a dangling one (creates its target)
    os.symlink("acpi", os.path.join(d, "alink"))
    os.symlink("acpi2", os.path.join(d, "adangling"))
    for link, target in (("alink", "acpi"), ("adangling", "acpi2")):
        res = r.run(option("acpi", os.path.join(d, link)), d)
        check(res.returncode == 0 and
              read_dir(os.path.join(d, target)) == tables and
              os.path.islink(os.path.join(d, link)),
              "%s %s: %r" % (tag, link, res.stderr))
    # only the last level is created; a file is not a directory
    before = names(d)
    for bad, why in (("nodir/acpi", "No such file or directory"),
                     ("new", "Not a directory")):
        bp = os.path.join(d, bad)
        res = r.run(option("acpi", bp), d)
        check(res.returncode == EXIT_IO and res.stderr.decode() ==
              "virtboard: cannot create directory '%s': %s\n" % (bp, why),
              "%s %s: %r" % (tag, bad, res.stderr))
    check(names(d) == before, "%s left behind: %s" % (tag, names(d)))


def case_quiet(r, d, ref):
    """--quiet: the files, and not a byte on stdout or stderr"""
    tag = "%s quiet" % r.tag
    dtb, svg = os.path.join(d, "q.dtb"), os.path.join(d, "q.svg")
    acpi = os.path.join(d, "qacpi")
    for plan in ([], ["plan"]):
        args = plan + ["--quiet", "--svg", svg] + BOARD
        if not plan:
            args += ["-M", "virt,dumpdtb=%s,dumpacpi=%s" % (dtb, acpi)]
        res = r.run(args, d)
        check(res.returncode == 0 and res.stdout == b"" and
              res.stderr == b"", "%s %s: rc %d, %r %r" %
              (tag, plan, res.returncode, res.stdout[:80], res.stderr))
        check(valid("svg", open(svg, "rb").read()), "%s %s svg" % (tag, plan))
        os.unlink(svg)
    check(valid("dtb", open(dtb, "rb").read()), "%s dtb" % tag)
    check({"RSDP", "XSDT", "DSDT"} <= set(read_dir(acpi)), "%s acpi" % tag)
    # --json --quiet: still no output
    res = r.run(["--json", "--quiet"] + BOARD, d)
    check(res.returncode == 0 and res.stdout == b"",
          "%s --json: %r" % (tag, res.stdout[:80]))


def case_stdout_full(r, d, ref):
    """standard output that cannot be written: an I/O error, 4"""
    tag = "%s /dev/full" % r.tag
    if not os.path.exists("/dev/full"):
        return
    for args in (BOARD, ["--json"] + BOARD, ["plan"] + BOARD):
        with open("/dev/full", "wb") as full:
            kw = {}
            if r.unpriv:
                kw = dict(user=NOBODY, group=NOBODY, extra_groups=[])
            res = subprocess.run([r.exe] + args, cwd=d, stdout=full,
                                 stderr=subprocess.PIPE, timeout=60, **kw)
        check(res.returncode == EXIT_IO and res.stderr ==
              b"virtboard: cannot write to standard output\n",
              "%s %s: rc %d, %r" % (tag, args, res.returncode, res.stderr))


def case_acpi_off(r, d, ref):
    """acpi=off: no tables, no directory, and a word on stderr"""
    tag = "%s acpi=off" % r.tag
    a = os.path.join(d, "noacpi")
    for extra in ([], ["--quiet"]):
        res = r.run(extra + ["-M", "virt,acpi=off,dumpacpi=%s" % a] + BOARD,
                    d)
        err = res.stderr.decode()
        check(res.returncode == 0 and not os.path.exists(a) and
              err.startswith("virtboard: -M virt,dumpacpi=%s: " % a) and
              "no tables were written" in err and
              "acpi=off" in err and err.count("\n") == 1,
              "%s %s: rc %d, %r" % (tag, extra, res.returncode, err))
        check((res.stdout == b"") == bool(extra),
              "%s %s: stdout %r" % (tag, extra, res.stdout[:80]))


def scratch(r, exe):
    d = tempfile.mkdtemp(prefix="virtboard-outputs-")
    if os.geteuid() == 0:
        os.mknod(os.path.join(d, "null"), 0o666 | stat.S_IFCHR,
                 os.makedev(1, 3))
        os.chmod(os.path.join(d, "null"), 0o666)
        os.symlink("null", os.path.join(d, "nulllink"))
    if r.unpriv:
        shutil.copy(exe, os.path.join(d, "virtboard"))
        os.chmod(os.path.join(d, "virtboard"), 0o755)
        r.exe = os.path.join(d, "virtboard")
        os.chown(d, NOBODY, NOBODY)
    return d


def main():
    exe = os.path.abspath(sys.argv[1])
    runs = [False] + ([True] if os.geteuid() == 0 else [])
    if os.geteuid() != 0:
        print("not root: the device node and uid 65534 runs are skipped",
              file=sys.stderr)
    for unpriv in runs:
        for kind in ("svg", "dtb"):
            r = Runner(exe, unpriv)
            d = scratch(r, exe)
            ref = {}
            try:
                case_files(r, kind, d, ref)
                case_device(r, kind, d, ref)
                case_readonly(r, kind, d, ref)
                if kind == "dtb":
                    case_acpi(r, d, ref)
                    case_quiet(r, d, ref)
                    case_acpi_off(r, d, ref)
                    case_stdout_full(r, d, ref)
            finally:
                shutil.rmtree(d)
    print("%d passed, %d failed" % (passed, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
