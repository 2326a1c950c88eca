#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Boot a real Debian arm64 kernel on virtboard's device tree.

For each case: virtboard writes the DTB (-M virt,...,dumpdtb=F) and
describes the map (--json); the real qemu-system-aarch64 (TCG) boots
Debian's arm64 kernel with -dtb F and a busybox initramfs whose init
prints /proc/iomem, the PCI devices, the online CPUs and MemTotal, then
powers off.  The serial log is checked against virtboard's map: RAM
range, PCI ECAM and host bridge windows, 64-bit BAR placement, CPUs.

Environment: VIRTBOARD (the CLI), QTEST_QEMU_BINARY (optional),
GUEST_CACHE (asset cache, default BUILD/guest-cache),
GUEST_DTB_SOURCE=qemu (stand-in: QEMU's own dumpdtb instead of
virtboard's; development only), GUEST_CASES=name,name (subset).
"""

import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guestlib as g  # noqa: E402

# Time a boot needs on an idle machine, with margin: 1.5-3 s measured for
# 2 CPUs.  g.boot_retry() counts it in the CPU time QEMU uses, so a busy
# machine stretches it, and starts a boot that ran out of time again with
# twice the limit.
BOOT_TIMEOUT = 60
# 124 vCPUs under TCG: ~40 s of CPU with one TCG thread (measured); MTTCG
# (124 host threads on 2 cores) is slower and trips soft-lockup reports
BOOT_TIMEOUT_MANY_CPUS = 150
MiB = 1 << 20
GiB = 1 << 30

# name, board options given to both, virtboard-only -M properties,
# extra QEMU-only options
CASES = [
    ("default",
     ["-M", "virt", "-cpu", "cortex-a57", "-m", "1G", "-smp", "2"], "", []),
    ("highmem-off-3G",
     ["-M", "virt,highmem=off", "-cpu", "cortex-a57", "-m", "3G",
      "-smp", "2"], "", []),
    # 40-bit PA: the hotplug area pushes the floating regions up until
    # the 64-bit window and the high ECAM no longer fit below 1 TiB
    ("a53-40bit-maxmem",
     ["-M", "virt", "-cpu", "cortex-a53", "-m", "1G,slots=2,maxmem=1021G",
      "-smp", "2"], "", []),
    # virtboard's own property: its DTB has no 64-bit window, while
    # QEMU 7.2 (which lacks the property) still maps one
    ("highmem-mmio-off",
     ["-M", "virt", "-cpu", "cortex-a57", "-m", "1G", "-smp", "2"],
     "highmem-mmio=off", []),
    ("gicv3-124cpus",
     ["-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-m", "1G",
      "-smp", "124"], "", ["-accel", "tcg,thread=single"]),
]

# Cases with properties of a later release (QEMU 7.2 lacks them): run
# once virtboard models it
LATER = {"highmem-mmio-off": "10.0"}

INIT = r'''#!/bin/sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo "=== BEGIN iomem"
cat /proc/iomem
echo "=== END iomem"
echo "=== BEGIN pci"
for d in /sys/bus/pci/devices/*; do
    [ -e "$d/vendor" ] || continue
    echo "dev ${d##*/} $(cat $d/vendor) $(cat $d/device) $(cat $d/class)"
    cat "$d/resource" | sed 's/^/res /'
done
echo "=== END pci"
echo "=== BEGIN cpus"
echo "online $(cat /sys/devices/system/cpu/online)"
echo "nproc $(nproc)"
echo "=== END cpus"
echo "=== BEGIN dmesg"
dmesg | grep -E 'redistributor|smp: |SMP: |IPA|PCI: host bridge|ECAM'
echo "=== END dmesg"
echo "=== BEGIN meminfo"
grep MemTotal /proc/meminfo
echo "=== END meminfo"
poweroff -f
'''


def with_prop(argv, prop):
    """Add ',prop' to the -M argument."""
    if not prop:
        return list(argv)
    out = list(argv)
    i = out.index("-M")
    out[i + 1] += "," + prop
    return out


def machine_dtb(virtboard, qemu, board, vb_only, dtb, workdir, release):
    """The DTB under test and virtboard's JSON description, for QEMU
    release @release (the QEMU that boots it, or the case's own)."""
    vb = ["--qemu-version", release] + with_prop(board, vb_only)
    p = g.run([virtboard, "--json"] + vb)
    if p.returncode != 0:
        return None, "virtboard --json failed: " + p.stderr.strip()
    desc = json.loads(p.stdout)
    if os.environ.get("GUEST_DTB_SOURCE") == "qemu":
        q = with_prop(board, "dumpdtb=" + dtb)
        p = g.run([qemu, "-accel", "tcg", "-display", "none", "-nodefaults"]
                + q)
        what = "qemu dumpdtb (stand-in)"
    else:
        p = g.run([virtboard] + with_prop(vb, "dumpdtb=" + dtb))
        what = "virtboard dumpdtb"
    if p.returncode != 0 or not os.path.exists(dtb):
        return None, "%s failed (rc %d): %s" % (what, p.returncode,
                                                 p.stderr.strip())
    return desc, None


def parse_iomem(text):
    """Top-level and nested /proc/iomem entries: (depth, start, end, name)."""
    out = []
    for line in text.splitlines():
        m = re.match(r"^( *)([0-9a-f]+)-([0-9a-f]+) : (.*)$", line)
        if m:
            out.append((len(m.group(1)) // 2, int(m.group(2), 16),
                        int(m.group(3), 16), m.group(4).strip()))
    return out


def parse_pci(text):
    devs = []
    for line in text.splitlines():
        f = line.split()
        if f and f[0] == "dev":
            devs.append({"bdf": f[1], "vendor": f[2], "device": f[3],
                         "class": f[4], "res": []})
        elif f and f[0] == "res" and devs:
            devs[-1]["res"].append(tuple(int(x, 16) for x in f[1:4]))
    return devs


def region(desc, name):
    for r in desc["regions"]:
        if r["name"] == name:
            return r
    return None


def check_case(res, name, desc, log):
    iomem_t = g.section(log, "iomem")
    pci_t = g.section(log, "pci")
    cpus_t = g.section(log, "cpus")
    mem_t = g.section(log, "meminfo")
    if not res.check(name + ": guest printed its report",
                     None not in (iomem_t, pci_t, cpus_t, mem_t),
                     "missing sections; log tail: " + log[-800:]):
        return
    iomem = parse_iomem(iomem_t)
    top = [e for e in iomem if e[0] == 0]

    # RAM: exactly [MEM base, + ram_size)
    mem = region(desc, "MEM")
    ram = [e for e in top if e[3] == "System RAM"]
    lo = min(e[1] for e in ram) if ram else None
    hi = max(e[2] for e in ram) + 1 if ram else None
    res.check(name + ": System RAM spans the map's RAM",
              (lo, hi) == (mem["base"], mem["base"] + desc["ram_size"]),
              "iomem %s-%s, map %#x-%#x" % (
                  lo and hex(lo), hi and hex(hi), mem["base"],
                  mem["base"] + desc["ram_size"]))
    m = re.search(r"MemTotal:\s+(\d+) kB", mem_t)
    total = int(m.group(1)) * 1024 if m else 0
    res.check(name + ": MemTotal within RAM size",
              desc["ram_size"] * 0.7 < total <= desc["ram_size"],
              "MemTotal %d, ram_size %d" % (total, desc["ram_size"]))

    # PCI ECAM: the config space Linux mapped is virtboard's ECAM
    ecam = [e for e in iomem if "PCI ECAM" in e[3]]
    want = (desc["ecam_base"], desc["ecam_base"] + desc["ecam_buses"] * MiB)
    got = [(e[1], e[2] + 1) for e in ecam]
    res.check(name + ": PCI ECAM at the map's ECAM", got == [want],
              "iomem %s, map %s" % ([tuple(map(hex, x)) for x in got],
                                    tuple(map(hex, want))))

    # host bridge windows: the 32-bit window always, the 64-bit one
    # exactly when virtboard says the high MMIO region is on
    bridge = [e for e in top if e[3].startswith("pcie@")]
    spans = sorted((e[1], e[2] + 1) for e in bridge)
    low = region(desc, "PCIE_MMIO")
    high = region(desc, "HIGH_PCIE_MMIO")
    want = [(low["base"], low["base"] + low["size"])]
    if high and high["state"] == "on":
        want.append((high["base"], high["base"] + high["size"]))
    want.sort()
    res.check(name + ": host bridge windows match the map", spans == want,
              "iomem %s, map %s" % ([tuple(map(hex, x)) for x in spans],
                                    [tuple(map(hex, x)) for x in want]))

    # every memory BAR inside a window; 64-bit BARs in the high window
    # when there is one, else below 4 GiB
    devs = parse_pci(pci_t)
    bars64 = []
    bad = []
    for d in devs:
        for i, (s, e, fl) in enumerate(d["res"][:6]):
            if s == 0 and e == 0:
                continue
            if fl & 0x100:  # IORESOURCE_IO
                continue
            if not any(ws <= s and e < we for ws, we in want):
                bad.append("%s BAR%d %#x-%#x" % (d["bdf"], i, s, e))
            if fl & 0x00100000:  # IORESOURCE_MEM_64
                bars64.append((d["bdf"], i, s, e))
    res.check(name + ": memory BARs inside the bridge windows", not bad,
              ", ".join(bad))
    virtio = [d for d in devs if d["vendor"] == "0x1af4"]
    res.check(name + ": virtio-net-pci enumerated", bool(virtio),
              "devices: %s" % [(d["bdf"], d["vendor"], d["device"])
                               for d in devs])
    if high and high["state"] == "on":
        okb = all(high["base"] <= s and e < high["base"] + high["size"]
                  for _, _, s, e in bars64)
        where = "in the 64-bit window"
    else:
        okb = all(e < 4 * GiB for _, _, s, e in bars64)
        where = "below 4 GiB (no 64-bit window)"
    res.check(name + ": 64-bit BARs " + where, bool(bars64) and okb,
              "%s" % [(b, i, hex(s)) for b, i, s, _ in bars64])

    # CPUs
    n = desc["cpus"]
    want_online = "0" if n == 1 else "0-%d" % (n - 1)
    m1 = re.search(r"^online (\S+)", cpus_t, re.M)
    m2 = re.search(r"^nproc (\d+)", cpus_t, re.M)
    res.check(name + ": all %d CPUs online" % n,
              m1 and m1.group(1) == want_online and m2
              and int(m2.group(1)) == n, cpus_t.strip())
    if desc.get("redist_regions", 0) == 2:
        used = set(re.findall(r"found redistributor [0-9a-f]+ region (\d+)",
                              g.section(log, "dmesg") or ""))
        res.check(name + ": second redistributor region used",
                  "1" in used, "regions seen: %s" % sorted(used))


def main():
    virtboard = os.environ.get("VIRTBOARD")
    if not virtboard or not os.access(virtboard, os.X_OK):
        g.unavailable("VIRTBOARD not set to the virtboard CLI")
    qemu = g.qemu_binary()
    kernel = g.asset("kernel")
    busybox = g.asset("busybox")

    work = os.path.join(g.cache_dir(), "boot")
    os.makedirs(work, exist_ok=True)
    initrd = os.path.join(work, "initrd.cpio")
    g.base_initramfs(busybox, INIT).write(initrd)

    only = os.environ.get("GUEST_CASES")
    later = g.later_cases(virtboard, LATER)
    # virtboard models the QEMU that boots its DTB; a case of a later
    # release is modelled as that release
    qrel = g.qemu_binary_release(qemu)
    res = g.Results()
    for name, board, vb_only, qemu_extra in CASES:
        if only and name not in only.split(","):
            continue
        if name in later:
            continue
        dtb = os.path.join(work, name + ".dtb")
        if os.path.exists(dtb):
            os.unlink(dtb)
        desc, err = machine_dtb(virtboard, qemu, board, vb_only, dtb, work,
                                LATER.get(name, qrel))
        if not res.check(name + ": DTB and map from virtboard", desc, err):
            continue
        # QEMU 7.2 grows a -dtb file by 10000 bytes when it loads it; a
        # DTB whose header says 1 MiB (as QEMU's dumpdtb writes them) then
        # leaves Linux silent.  Drop the free space: the content is kept.
        packed = dtb + ".packed"
        p = g.run(["dtc", "-q", "-I", "dtb", "-O", "dtb", "-o", packed, dtb])
        if not res.check(name + ": DTB is valid (dtc)", p.returncode == 0,
                         p.stderr.strip()):
            continue
        accel = ["-accel", "tcg"] if "-accel" not in qemu_extra else []
        args = [qemu] + accel + qemu_extra + board + [
            "-kernel", kernel, "-initrd", initrd, "-dtb", packed,
            "-append", "console=ttyAMA0 panic=-1 quiet nowatchdog "
            "nosoftlockup rcupdate.rcu_cpu_stall_suppress=1",
            "-nic", "none", "-device", "virtio-net-pci,romfile=",
            "-nographic", "-no-reboot"]
        logf = os.path.join(work, name + ".log")
        g.log("# %s: %s" % (name, " ".join(args[1:])))
        limit = BOOT_TIMEOUT if desc["cpus"] <= 8 else BOOT_TIMEOUT_MANY_CPUS
        rc, dt, log, limits = g.boot_retry(args, logf, limit)
        g.log("# %s: boot took %.1f s (limits %s s), rc %s" % (
            name, dt, limits, rc))
        if rc is None:
            # not a difference: QEMU could not finish on this machine now
            res.check(name + ": guest finished booting", False,
                      "did not finish in %d attempts (limits %s s of an "
                      "idle machine, counted in QEMU's CPU time); log %s" % (
                          len(limits), limits, logf))
            continue
        if not res.check(name + ": guest booted and powered off",
                         rc == 0 and "=== END meminfo" in log,
                         "rc %s; log %s; tail: %s" % (rc, logf, log[-1500:])):
            continue
        check_case(res, name, desc, log)
    res.finish()


if __name__ == "__main__":
    main()
