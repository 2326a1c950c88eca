#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""virtboard -accel kvm against the real QEMU on real KVM.

KVM works inside an arm64 guest of qemu-system-aarch64 (TCG) with
-M virt,virtualization=on,gic-version=3: the guest kernel runs at EL2 and
its "kvm: IPA Size Limit" follows the emulated CPU's PARange (cortex-a53
40 bits, cortex-a57 44, neoverse-n1 48).  One boot per host CPU runs its
configuration list inside the guest (what depends on the IPA limit on
every host, the rest on one: CONFIGS) with:

  * Debian's arm64 qemu-system-aarch64 under strace (-e trace=ioctl):
    -accel kvm ... -M virt,...,dumpdtb=F, its exit status and stderr and
    the KVM_CREATE_VM type argument;
  * an arm64 build of virtboard (cross-compiled here) with the same
    options and no --host-ipa-bits, so it reads the IPA limit from
    /dev/kvm: DTB, --json, exit status and stderr.

The DTBs come back gzip+base64 on the serial console.  On the host side
they must be identical (dtc -I dtb -O dts -s; /chosen's random seeds
aside), the accept/refuse decision and error text the same, QEMU's VM
type equal to virtboard's kvm_type, and the IPA virtboard read equal to
the kernel's "IPA Size Limit".  For the properties QEMU 7.2 lacks
(highmem-*), virtboard inside the guest is compared with virtboard on
this host given the same limit with --host-ipa-bits.

The same boot also runs Debian's arm64 QEMU 10.0 (bookworm-backports,
fetched by scripts/qemu-oracles.sh with ORACLE_ARCH=arm64 and run with
its own loader and libraries from /opt/oracle) on ORACLE_CONFIGS, the
8.0+ properties among them, compared in the same way with
virtboard --qemu-version 10.0.

Environment: VIRTBOARD (host CLI), MESON_SOURCE_ROOT, MESON_BUILD_ROOT,
GUEST_CACHE, GUEST_HOSTS=cortex-a53,... (subset), GUEST_CONFIGS=name,...,
GUEST_CASE_TIMEOUT (seconds, default 240: to try the re-runs).
"""

import json
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guestlib as g  # noqa: E402

HOSTS = ["cortex-a53", "cortex-a57", "neoverse-n1"]
# Time limits follow the work done, not the clock (guestlib.boot(),
# docs/devel/guest-testing.md): CASE_TIMEOUT is what one tool run inside
# the guest may take on an idle machine, with margin (124 vCPUs: 17-70 s
# measured), and the host counts it in the CPU time the outer QEMU uses
# while the case runs, so a busy machine stretches it.  The guest's own
# timeout(1) is only the clock's backstop, g.WALL_BACKSTOP times longer.
# The outer boot is killed when a case uses up its CPU time (the cases
# after it are run in the next boot), or when its console stays silent
# longer than a case may run plus BOOT_SILENCE (kernel start and
# power-off; ~10 s idle).  A case that runs out of time is not a result:
# it is run again in the next round, with twice the limit, up to ROUNDS
# rounds.
CASE_TIMEOUT = int(os.environ.get("GUEST_CASE_TIMEOUT", "240"))
# The emulated host's CPUs.  One: with two, a busy machine preempts one
# TCG thread while the guest kernel on the other waits for it (TLB
# shoot-downs, IPIs of the inner QEMU's mmap and thread work), spinning:
# next to a second nested guest, a dumpdtb run took 15-29 s of CPU time
# instead of 2 s, and a 124-vCPU run more than 200 s instead of 42 s.
OUTER_CPUS = int(os.environ.get("GUEST_OUTER_CPUS", "1"))
BOOT_SILENCE = 300
ROUNDS = 3

# name, arguments after "-accel kvm" (each with exactly one -M), whether
# QEMU 7.2 knows every option (else: virtboard only), and optionally the
# host CPUs to run it on (default: all).
#
# The host's IPA limit only matters where the map reaches high: RAM and
# hotplug sizes, the high regions and highmem-* properties.  Those run
# on every host.  What varies the GIC, the vCPUs, the CPU model, devices
# or the security extensions gives the same answer on every host, so it
# runs on one host only (ONE: cortex-a53, the 40-bit host, where the
# high regions are tightest).  That halves the runs on the other two
# (in one quiet run, the 124-vCPU QEMU took 32 s on cortex-a53 and
# 221 s on neoverse-n1).
K = "-cpu host"
ONE = ["cortex-a53"]
CONFIGS = [
    ("default", K + " -M virt", True),
    ("m4g", K + " -m 4G -M virt", True),
    ("highmem-off-3g", K + " -m 3G -M virt,highmem=off", True),
    ("highmem-off-4g", K + " -m 4G -M virt,highmem=off", True),
    ("m200g", K + " -m 200G -M virt", True),
    ("maxmem-300g", K + " -m 1G,slots=2,maxmem=300G -M virt", True),
    ("maxmem-600g", K + " -m 1G,slots=2,maxmem=600G -M virt", True),
    ("maxmem-1021g", K + " -m 1G,slots=2,maxmem=1021G -M virt", True),
    # beyond a 40-bit and a 44-bit host (hotplug space: QEMU allocates
    # dirty bitmaps for -m, which takes minutes for terabytes under TCG)
    ("maxmem-1100g", K + " -m 1G,slots=1,maxmem=1100G -M virt", True),
    ("maxmem-17t", K + " -m 1G,slots=1,maxmem=17T -M virt", True),
    ("smp9", K + " -smp 9 -M virt", True, ONE),
    ("smp124-gicv3", K + " -smp 124 -M virt,gic-version=3", True, ONE),
    # REDIST2 and the high ECAM pushed out on the 40-bit host: 124 vCPUs
    # no longer fit.  Only there: on larger hosts it is accepted, and 124
    # real vCPUs cost QEMU 25-180 s under nested TCG.
    ("smp124-maxmem-1021g",
     K + " -smp 124 -m 1G,slots=2,maxmem=1021G -M virt,gic-version=3", True,
     ["cortex-a53"]),
    # the same limit through maxcpus (only one vCPU is created): all hosts
    ("maxcpus124-maxmem-1021g",
     K + " -smp 1,maxcpus=124 -m 1G,slots=2,maxmem=1021G "
     "-M virt,gic-version=3", True),
    ("gic2", K + " -M virt,gic-version=2", True, ONE),
    ("gic3", K + " -M virt,gic-version=3", True, ONE),
    ("gic-host", K + " -M virt,gic-version=host", True, ONE),
    ("gic-max", K + " -M virt,gic-version=max", True, ONE),
    ("gic4", K + " -M virt,gic-version=4", True, ONE),
    ("its-off", K + " -M virt,its=off", True, ONE),
    ("iommu-smmuv3", K + " -M virt,iommu=smmuv3", True, ONE),
    ("virt-7.1-maxmem-600g", K + " -m 1G,slots=2,maxmem=600G -M virt-7.1",
     True),
    ("cpu-max", "-cpu max -M virt", True, ONE),
    ("no-cpu", "-M virt", True, ONE),
    ("secure-on", K + " -M virt,secure=on", True, ONE),
    ("virtualization-on", K + " -M virt,virtualization=on", True, ONE),
    ("mte-on", K + " -M virt,mte=on", True, ONE),
    # virtboard's 8.0+ properties: QEMU 7.2 has none of them
    ("highmem-mmio-off", K + " -M virt,highmem-mmio=off", False),
    ("highmem-ecam-off", K + " -M virt,highmem-ecam=off", False),
    ("highmem-redists-off-smp124",
     K + " -smp 124 -M virt,gic-version=3,highmem-redists=off", False, ONE),
    ("highmem-mmio-size-1t", K + " -M virt,highmem-mmio-size=1T", False),
    ("compact-highmem-off-maxmem-600g",
     K + " -m 1G,slots=2,maxmem=600G -M virt,compact-highmem=off", False),
]

# Configurations with properties of a later release (QEMU 7.2 lacks
# them): run once virtboard models it
LATER = {
    "highmem-mmio-off": "10.0",
    "highmem-ecam-off": "10.0",
    "highmem-redists-off-smp124": "10.0",
    "highmem-mmio-size-1t": "10.0",
    "compact-highmem-off-maxmem-600g": "10.0",
}

# The second QEMU in the guest, and what it runs: the configurations
# where releases differ or that exercise a rule of the model, and every
# 8.0+ property (LATER). Not the 124-vCPU runs: 25-180 s each here.
ORACLE_REL = "10.0"
ORACLE_CONFIGS = [
    "default", "highmem-off-3g", "highmem-off-4g", "maxmem-1021g",
    "maxmem-1100g", "smp9", "maxcpus124-maxmem-1021g", "gic2", "gic4",
    "no-cpu", "secure-on", "virt-7.1-maxmem-600g",
] + sorted(LATER)

SKIPPED = {}   # host -> configurations not run there

INIT = r'''#!/bin/sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
# the inner QEMU maps -m RAM without touching it: allow any size
echo 1 >/proc/sys/vm/overcommit_memory
# without address space randomisation every run maps QEMU's libraries at
# the same addresses, and the outer TCG reuses its translations: ~1 s per
# QEMU run instead of ~7 s
echo 0 >/proc/sys/kernel/randomize_va_space
export LD_LIBRARY_PATH=/lib/aarch64-linux-gnu:/usr/lib/aarch64-linux-gnu
set -f
echo "=== BEGIN dmesg"
dmesg | grep -i -E 'kvm|IPA'
echo "=== END dmesg"
limit=$(cat /etc/case-limit)
while read tool name args; do
    [ -n "$tool" ] || continue
    echo "=== BEGIN $tool $name"
    t0=$(cut -d' ' -f1 /proc/uptime)
    rm -f /tmp/out.dtb /tmp/err /tmp/out /tmp/st
    if [ "$tool" = Q ]; then
        timeout -s KILL $limit strace -qq -e trace=ioctl -e signal=none \
            -o /tmp/st qemu-system-aarch64 -display none -nodefaults \
            -accel kvm $args >/tmp/out 2>/tmp/err
    elif [ "$tool" = R ]; then
        timeout -s KILL $limit strace -qq -e trace=ioctl -e signal=none \
            -o /tmp/st /opt/oracle/qemu-$(cat /etc/oracle-release) \
            -display none -nodefaults -accel kvm $args >/tmp/out 2>/tmp/err
    elif [ "$tool" = V ]; then
        timeout -s KILL $limit strace -qq -e trace=ioctl -e signal=none \
            -o /tmp/st virtboard --json -accel kvm $args >/tmp/out 2>/tmp/err
    else
        timeout -s KILL $limit virtboard -accel kvm $args \
            >/tmp/out 2>/tmp/err
    fi
    rc=$?
    t1=$(cut -d' ' -f1 /proc/uptime)
    echo "rc $rc"
    echo "time $t0 $t1"
    # killed by timeout: out of time, not a result
    [ "$rc" = 137 ] && [ $((${t1%%.*} - ${t0%%.*})) -ge $((limit - 1)) ] &&
        echo "timedout $limit"
    echo "--- stderr"
    cat /tmp/err
    echo "--- stdout"
    cat /tmp/out
    echo "--- ioctl"
    grep -E 'KVM_CREATE_VM|KVM_CAP_ARM_VM_IPA_SIZE' /tmp/st 2>/dev/null
    if [ -f /tmp/out.dtb ]; then
        echo "--- dtb"
        gzip -c /tmp/out.dtb | base64
    fi
    echo "=== END $tool $name"
done </etc/cases
echo "=== ALL DONE"
poweroff -f
'''


def with_dumpdtb(args, path):
    a = args.split()
    i = a.index("-M")
    a[i + 1] += ",dumpdtb=" + path
    return " ".join(a)


def build_arm64_virtboard():
    """Cross-compile virtboard for arm64 into the cache; return its path."""
    if not shutil.which("aarch64-linux-gnu-gcc"):
        g.unavailable("aarch64-linux-gnu-gcc not installed "
                      "(scripts/install-deps.sh check installs it)")
    cross2 = g.asset("arm64-sysroot")
    src = g.srcdir()
    bdir = os.path.join(g.cache_dir(), "arm64-build")
    if not os.path.exists(os.path.join(bdir, "build.ninja")):
        shutil.rmtree(bdir, ignore_errors=True)
        # werror off: a warning of a different compiler must not stop
        # the test from running; the native build keeps -Werror
        p = g.run(["meson", "setup", "-Dwerror=false",
                 "--cross-file", os.path.join(src, "scripts",
                                              "cross-aarch64.txt"),
                 "--cross-file", cross2, bdir, src])
        if p.returncode != 0:
            return None, "meson setup (arm64) failed:\n" + p.stdout[-2000:]
    p = g.run(["ninja", "-C", bdir, "tools/virtboard"])
    if p.returncode != 0:
        return None, "ninja (arm64) failed:\n" + p.stdout[-3000:]
    return os.path.join(bdir, "tools", "virtboard"), None


def parse_runs(text):
    runs = {}
    for m in re.finditer(r"^=== BEGIN ([QRVD]) (\S+)\n(.*?)^=== END \1 \2$",
                         text, re.S | re.M):
        tool, name, body = m.group(1), m.group(2), m.group(3)
        r = {"rc": None, "stderr": "", "stdout": "", "ioctl": "",
             "dtb": None, "secs": None, "timedout": False}
        mm = re.search(r"^rc (\d+)", body, re.M)
        if mm:
            r["rc"] = int(mm.group(1))
        r["timedout"] = bool(re.search(r"^timedout \d+", body, re.M))
        mm = re.search(r"^time (\S+) (\S+)", body, re.M)
        if mm:
            r["secs"] = float(mm.group(2)) - float(mm.group(1))
        parts = re.split(r"^--- (stderr|stdout|ioctl|dtb)\n", body,
                         flags=re.M)
        for i in range(1, len(parts) - 1, 2):
            r[parts[i]] = parts[i + 1]
        if r["dtb"]:
            try:
                r["dtb"] = g.gunzip_b64(r["dtb"])
            except Exception as e:  # noqa: BLE001
                r["dtb"] = None
                r["stderr"] += "\n(test: DTB did not decode: %s)" % e
        runs[(tool, name)] = r
    return runs


def dts(blob, path):
    with open(path, "wb") as f:
        f.write(blob)
    p = g.run(["dtc", "-q", "-I", "dtb", "-O", "dts", "-s", path])
    if p.returncode != 0:
        return None
    # the random seeds QEMU puts in /chosen differ from run to run
    return re.sub(r"^(\s*(?:rng-seed|kaslr-seed) = ).*;$", r"\1<random>;",
                  p.stdout, flags=re.M)


def errors(stderr):
    """Error lines, program name taken off; warnings and info dropped."""
    out = []
    for line in stderr.splitlines():
        # the oracle runs through its loader: argv[0] is a whole path
        line = re.sub(r"^(\S*/)?(qemu-system-aarch64|virtboard): ", "",
                      line.strip())
        if not line or "warning:" in line or line.startswith("info:") \
                or "info: " in line[:40]:
            continue
        # virtboard's own hint under QEMU's error (issue 16), not QEMU's
        if line == "add -cpu host":
            continue
        out.append(line)
    return out


def vm_type(ioctl_text):
    m = re.search(r"KVM_CREATE_VM, (0x[0-9a-f]+|\d+)\)", ioctl_text)
    return int(m.group(1), 0) if m else None


def ipa_read(ioctl_text):
    m = re.search(r"KVM_CAP_ARM_VM_IPA_SIZE\) = (-?\d+)", ioctl_text)
    return int(m.group(1)) if m else None


def diff_text(a, b, limit=40):
    import difflib
    d = list(difflib.unified_diff(a.splitlines(), b.splitlines(), "qemu",
                                  "virtboard", lineterm="", n=1))
    return "\n".join(d[:limit]) + ("\n..." if len(d) > limit else "")


def compare_host(res, host, runs, virtboard_host, work, host_ipa, configs,
                 unfinished, guest_rel, qtool="Q"):
    """Compare the runs of @configs; @qtool names the QEMU's runs (Q: the
    guest's Debian QEMU, R: the oracle of ORACLE_REL)."""
    for name, args, both in configs:
        tag = "%s/%s" % (host, name)
        if ("V", name) not in runs and (qtool, name) not in runs and \
                ("D", name) not in runs and name in SKIPPED.get(host, ()):
            continue
        if name in unfinished:
            # not a difference: the guest could not finish it here now
            res.check(tag + ": finished in the guest", False,
                      "out of time in %d rounds (limits %s s of an idle "
                      "machine, counted in QEMU's CPU time)" % (len(unfinished[name]),
                                          unfinished[name]))
            continue
        v = runs.get(("V", name))
        vdtb = runs.get(("D", name)) or {"rc": None, "dtb": None,
                                         "stderr": "no result"}
        if not res.check(tag + ": virtboard ran in the guest",
                         v is not None and v["rc"] is not None,
                         "no result in the serial log"):
            continue
        vipa = ipa_read(v["ioctl"])
        vdesc = None
        if v["rc"] == 0:
            try:
                vdesc = json.loads(v["stdout"].strip().splitlines()[-1])
            except (ValueError, IndexError):
                vdesc = None
        if both:
            q = runs.get((qtool, name))
            if not res.check(tag + ": QEMU ran in the guest",
                             q is not None and q["rc"] is not None,
                             "no result in the serial log"):
                continue
            qok, vok = q["rc"] == 0, v["rc"] == 0
            g.log("# %s: QEMU rc %d %.1fs%s, VM type %s; virtboard rc %d "
                  "%.1fs%s" % (
                      tag, q["rc"], q["secs"] or 0,
                      "" if qok else " " + repr(errors(q["stderr"])),
                      vm_type(q["ioctl"]), v["rc"], v["secs"] or 0,
                      "" if vok else " " + repr(errors(v["stderr"]))))
            if not res.check(tag + ": same accept/refuse decision",
                             qok == vok,
                             "QEMU rc %d %s; virtboard rc %d %s" % (
                                 q["rc"], errors(q["stderr"]), v["rc"],
                                 errors(v["stderr"]))):
                continue
            if not qok:
                res.check(tag + ": same error text",
                          errors(q["stderr"]) == errors(v["stderr"]),
                          "QEMU %r, virtboard %r" % (errors(q["stderr"]),
                                                     errors(v["stderr"])))
                continue
            qd = dts(q["dtb"], os.path.join(work, tag.replace("/", "-")
                                            + "-qemu.dtb")) \
                if q["dtb"] else None
            vd = dts(vdtb["dtb"], os.path.join(work, tag.replace("/", "-")
                                               + "-virtboard.dtb")) \
                if vdtb["dtb"] else None
            if res.check(tag + ": both wrote a valid DTB",
                         qd is not None and vd is not None,
                         "QEMU %s; virtboard %s" % (
                             "ok" if qd else "missing/invalid",
                             "ok" if vd else "rc %s %s" % (
                                 vdtb["rc"], errors(vdtb["stderr"])))):
                res.check(tag + ": identical DTBs", qd == vd,
                          "\n" + diff_text(qd, vd))
            qt = vm_type(q["ioctl"])
            res.check(tag + ": KVM_CREATE_VM type equals virtboard kvm_type",
                      vdesc is not None and qt is not None
                      and qt == vdesc.get("kvm_type"),
                      "strace %s, virtboard %s" % (
                          qt, vdesc and vdesc.get("kvm_type")))
        else:
            # virtboard only: the same configuration on this host with the
            # guest's limit given explicitly is virtboard's expected map
            exp = os.path.join(work, "expected.dtb")
            if os.path.exists(exp):
                os.unlink(exp)
            hostv = [virtboard_host, "-accel", "kvm",
                     "--host-ipa-bits", str(host_ipa),
                     "--qemu-version", LATER.get(name, guest_rel)]
            p = g.run(hostv + ["--json"] + args.split())
            g.log("# %s: virtboard in guest rc %d%s; on host with "
                  "--host-ipa-bits %d rc %d" % (
                      tag, v["rc"], "" if v["rc"] == 0 else
                      " " + repr(errors(v["stderr"])), host_ipa,
                      p.returncode))
            if not res.check(tag + ": same decision as --host-ipa-bits %d"
                             % host_ipa, (p.returncode == 0) == (v["rc"] == 0),
                             "guest rc %d %s, host rc %d %s" % (
                                 v["rc"], errors(v["stderr"]), p.returncode,
                                 errors(p.stderr))):
                continue
            if v["rc"] != 0:
                res.check(tag + ": same error as --host-ipa-bits",
                          errors(v["stderr"]) == errors(p.stderr),
                          "guest %r, host %r" % (errors(v["stderr"]),
                                                 errors(p.stderr)))
                continue
            hdesc = json.loads(p.stdout.strip().splitlines()[-1])
            res.check(tag + ": same map as --host-ipa-bits %d" % host_ipa,
                      hdesc == vdesc, "guest %s\nhost %s" % (vdesc, hdesc))
            p = g.run(hostv + with_dumpdtb(args, exp).split())
            hd = None
            if p.returncode == 0 and os.path.exists(exp):
                with open(exp, "rb") as f:
                    hd = dts(f.read(), os.path.join(work, "expected2.dtb"))
            vd = dts(vdtb["dtb"], os.path.join(work, "guest.dtb")) \
                if vdtb["dtb"] else None
            res.check(tag + ": same DTB as --host-ipa-bits %d" % host_ipa,
                      hd is not None and hd == vd,
                      "guest: rc %s %s; host: rc %d %s\n%s" % (
                          vdtb["rc"], errors(vdtb["stderr"]), p.returncode,
                          errors(p.stderr), diff_text(hd or "", vd or "")))
        if vdesc is not None:
            # the VM type rule of memmap.md 3.8, from virtboard's own map
            bits = max(32, vdesc["highest_gpa"].bit_length())
            want = 0 if host_ipa == 0 else bits
            res.check(tag + ": kvm_type = max(32, bits of highest_gpa)",
                      vdesc["kvm_type"] == want and
                      vdesc["requested_ipa_bits"] == bits,
                      "kvm_type %s, requested %s, highest_gpa %#x" % (
                          vdesc["kvm_type"], vdesc["requested_ipa_bits"],
                          vdesc["highest_gpa"]))
        if vipa is not None:
            res.check(tag + ": IPA virtboard read = kernel's IPA limit",
                      vipa == host_ipa, "virtboard read %d, dmesg %d" % (
                          vipa, host_ipa))


def run_rounds(c, host, pending, work, qemu, kernel, res):
    """Boot @host until every (tool, name, args) of @pending has a result.

    Each round boots the guest once with the runs still pending; a run that
    ran out of time, or that the boot did not reach, is pending again in
    the next round with twice the limit.  Returns the results by (tool,
    name), the guest's KVM lines of dmesg, and the names of the runs that
    did not finish in ROUNDS rounds, with their limits.
    """
    runs = {}
    dmesg = ""
    limits = []
    for rnd in range(ROUNDS):
        if not pending:
            break
        limit = CASE_TIMEOUT * (2 ** rnd)
        limits.append(limit)
        c.file("etc/cases", "".join("%s %s %s\n" % p for p in pending))
        c.file("etc/case-limit", "%d\n" % (limit * g.WALL_BACKSTOP))
        initrd = os.path.join(work, "initrd.cpio")
        c.write(initrd)
        args = [qemu, "-accel", "tcg,thread=multi",
                "-M", "virt,virtualization=on,gic-version=3",
                "-cpu", host, "-smp", str(OUTER_CPUS), "-m", "3G",
                "-kernel", kernel, "-initrd", initrd,
                "-append", "console=ttyAMA0 panic=-1 quiet nowatchdog",
                "-nic", "none", "-nographic", "-no-reboot"]
        logf = os.path.join(work, "%s-%d.log" % (host, rnd + 1))
        stall = limit + int(BOOT_SILENCE * limit / CASE_TIMEOUT)
        g.log("# %s round %d: %d runs, %d s a run, boot killed after %d s "
              "of silence (seconds of an idle machine, counted in CPU "
              "time): %s" % (host, rnd + 1, len(pending), limit, stall,
                             " ".join(args[1:])))
        rc, dt, log = g.boot(args, logf, stall=stall, case_limit=limit)
        g.log("# %s round %d: outer boot took %.1f s, rc %s" % (
            host, rnd + 1, dt, rc))
        dmesg = dmesg or g.section(log, "dmesg") or ""
        got = parse_runs(log)
        late = []
        for tool, name, a in pending:
            r = got.get((tool, name))
            if r is None or r["rc"] is None or r["timedout"]:
                late.append((tool, name, a))
            else:
                runs[(tool, name)] = r
        # a boot that stopped with nothing left to do is fine; one that
        # died with runs that had no time problem is a failure of its own
        if rc != 0 and not (rc is None and late):
            res.check("%s round %d: guest ran the list and powered off" % (
                host, rnd + 1), False, "rc %s, log %s, tail:\n%s" % (
                    rc, logf, log[-1500:]))
        if late:
            g.log("# %s round %d: %d runs out of time or not reached: %s" % (
                host, rnd + 1, len(late),
                ", ".join("%s %s" % (t, n) for t, n, _ in late)))
        pending = late
    unfinished = {name: limits for _, name, _ in pending}
    return runs, dmesg, unfinished


def arm64_oracle():
    """Fetch Debian's arm64 QEMU ORACLE_REL (scripts/qemu-oracles.sh with
    ORACLE_ARCH=arm64) into the cache; return the directory holding the
    wrapper qemu-X.Y and X.Y/root, or None and why."""
    out = os.path.join(g.cache_dir(), "oracles-arm64")
    script = os.path.join(g.srcdir(), "scripts", "qemu-oracles.sh")
    env = dict(os.environ, ORACLE_ARCH="arm64")
    p = g.run([script, out, ORACLE_REL], env=env)
    if p.returncode != 0:
        return None, "qemu-oracles.sh (arm64 %s): %s" % (
            ORACLE_REL, p.stderr.strip()[-600:])
    return out, None


def oracle_keep(path, is_dir):
    """What of the oracle's root goes into the guest: the binary, its
    libraries and loader, its modules and data files; not the rest of
    the closure (docs, man pages, locales, gconv, perl: ~80 MB)."""
    path = path.replace(os.sep, "/")
    if path == ".":
        return True
    wanted = ["lib", "usr", "usr/bin", "usr/bin/qemu-system-aarch64",
              "usr/lib", "usr/share", "usr/share/qemu",
              "lib/aarch64-linux-gnu", "usr/lib/aarch64-linux-gnu",
              "usr/lib/aarch64-linux-gnu/qemu"]
    if path in wanted:
        return True
    for d in ("usr/share/qemu/", "usr/lib/aarch64-linux-gnu/qemu/",
              "lib/aarch64-linux-gnu/"):
        if path.startswith(d):
            return True
    # shared libraries directly in usr/lib/aarch64-linux-gnu
    if path.startswith("usr/lib/aarch64-linux-gnu/") and not is_dir:
        return ".so" in os.path.basename(path)
    return path.startswith("lib/") and not is_dir and ".so" in path


def main():
    virtboard = os.environ.get("VIRTBOARD")
    if not virtboard or not os.access(virtboard, os.X_OK):
        g.unavailable("VIRTBOARD not set to the virtboard CLI")
    qemu = g.qemu_binary()
    if not shutil.which("dtc"):
        g.unavailable("dtc (device-tree-compiler) not installed")
    kernel = g.asset("kernel")
    busybox = g.asset("busybox")
    root = g.asset("kvm-root")
    # the release of the QEMU the guest runs (Debian's arm64 package)
    with open(os.path.join(root, "stamp")) as f:
        guest_rel = g.qemu_release(f.read())
    if guest_rel is None:
        g.unavailable("cannot tell the release of the guest's QEMU")
    vb_arm64, err = build_arm64_virtboard()
    res = g.Results()
    if not res.check("arm64 virtboard cross-compiled", vb_arm64, err):
        res.finish()

    only = os.environ.get("GUEST_CONFIGS")
    later = g.later_cases(virtboard, LATER)
    # the second QEMU, when virtboard models its release
    oracle, why = None, None
    if ORACLE_REL in g.modelled_releases(virtboard):
        oracle, why = arm64_oracle()
        if oracle is None and os.environ.get("CI", "") == "true":
            res.check("arm64 QEMU %s fetched" % ORACLE_REL, False, why)
        elif oracle is None:
            g.log("SKIP QEMU %s in the guest: %s" % (ORACLE_REL, why))
    oracle_configs = []
    if oracle:
        oracle_configs = [("%s@%s" % (c[0], ORACLE_REL), c[1], True)
                          for c in CONFIGS if c[0] in ORACLE_CONFIGS
                          and (not only or c[0] in only.split(","))]
        # the 8.0+ properties meet the real QEMU 10.0 instead
        later = later | set(LATER)
    configs = [c[:3] for c in CONFIGS
               if (not only or c[0] in only.split(",")) and c[0] not in later]
    hosts = [h for h in HOSTS if not os.environ.get("GUEST_HOSTS")
             or h in os.environ["GUEST_HOSTS"].split(",")]
    g.log("# %d configurations (+%d with QEMU %s) x %d host CPUs" % (
        len(configs), len(oracle_configs), ORACLE_REL, len(hosts)))

    work = os.path.join(g.cache_dir(), "kvm")
    os.makedirs(work, exist_ok=True)
    c = g.base_initramfs(busybox, INIT)
    c.tree(root)
    with open(vb_arm64, "rb") as f:
        c.file("usr/bin/virtboard", f.read(), 0o755)
    if oracle:
        wrapper = "qemu-" + ORACLE_REL
        with open(os.path.join(oracle, wrapper), "rb") as f:
            c.file("opt/oracle/" + wrapper, f.read(), 0o755)
        c.tree(os.path.join(oracle, ORACLE_REL, "root"),
               "opt/oracle/%s/root" % ORACLE_REL, keep=oracle_keep)
        c.file("etc/oracle-release", ORACLE_REL + "\n")

    for host in hosts:
        pending = []
        for cfg in CONFIGS:
            name, args, both = cfg[:3]
            if (name, args, both) not in configs:
                continue
            if len(cfg) > 3 and host not in cfg[3]:
                SKIPPED.setdefault(host, set()).add(name)
                continue
            a = with_dumpdtb(args, "/tmp/out.dtb")
            # virtboard models the guest's QEMU, or the configuration's
            # own later release
            sel = "--qemu-version %s " % LATER.get(name, guest_rel)
            if both:
                pending.append(("Q", name, a))
            pending.append(("V", name, sel + args))
            pending.append(("D", name, sel + a))
        for name, args, _ in oracle_configs:
            base = name.split("@")[0]
            cfg = [x for x in CONFIGS if x[0] == base][0]
            if len(cfg) > 3 and host not in cfg[3]:
                SKIPPED.setdefault(host, set()).add(name)
                continue
            a = with_dumpdtb(args, "/tmp/out.dtb")
            sel = "--qemu-version %s " % ORACLE_REL
            pending.append(("R", name, a))
            pending.append(("V", name, sel + args))
            pending.append(("D", name, sel + a))
        runs, dmesg, unfinished = run_rounds(c, host, pending, work, qemu,
                                             kernel, res)
        m = re.search(r"kvm \[\d+\]: IPA Size Limit: (\d+) bits", dmesg)
        if not res.check(host + ": KVM initialised (IPA Size Limit in dmesg)",
                         m, dmesg):
            continue
        host_ipa = int(m.group(1))
        g.log("# %s: kvm IPA Size Limit %d bits" % (host, host_ipa))
        compare_host(res, host, runs, virtboard, work, host_ipa, configs,
                     unfinished, guest_rel)
        compare_host(res, host, runs, virtboard, work, host_ipa,
                     oracle_configs, unfinished, ORACLE_REL, qtool="R")
    res.finish()


if __name__ == "__main__":
    main()
