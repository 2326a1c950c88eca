#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""`virtboard conform` against the real QEMU binaries and wrappers that
alter one behaviour.

Usage: conform-test.py VIRTBOARD SCHEMA
The binaries are those of $QTEST_QEMU_BINARIES (':'-separated, the
oracles of `make oracles`), each run once per distinct `--version`.

- Every oracle of a release virtboard models must match its model
  (exit 0), and each behaviour must be present or absent as QEMU's
  history says (the release that brought it, below: from the QEMU
  changelogs and the merged series, not from virtboard); 5.2, from
  before the reduced-IPA series, has all but the baseline absent. An
  oracle of a release not modelled must be compared with the nearest
  modelled one and say so.
- A QEMU 10.0 wrapper that drops highmem-mmio=off from -M must be caught:
  exit 1 and highmem-properties, alone, differs.
- QEMU 7.2 claiming to be 10.0 must be caught: exit 1, and the 8.0 and
  10.0 behaviours differ with "the binary lacks it".
- QEMU 7.2 that adds a vCPU only in qtest sessions (the DTB is right,
  the ACPI tables are not) must be caught through the ACPI comparison.
- QEMU 10.0 claiming to be 9.2 (not modelled): compared with the newest
  modelled release before 9.2, with the note.
- Usage errors exit 3, a binary that is not QEMU exits 5.
Every --json output is validated against SCHEMA (python3-jsonschema).

Without any oracle the test is skipped (77), except under CI=true.
"""
import json
import os
import re
import stat
import subprocess
import sys
import tempfile

# The QEMU release that brought each behaviour (docs/system/arm/conform.md)
SINCE = {
    "baseline": (0, 0),
    "highmem-off-pa-cap": (7, 0),
    "pa-from-cpu": (7, 0),
    "region-disabling": (7, 0),
    "compact-layout": (8, 0),
    "vcpu-capacity": (8, 0),
    "highmem-properties": (8, 0),
    "highmem-mmio-size": (10, 0),
}

CI = os.environ.get("CI") == "true"
failures = []


def fail(msg):
    print("FAIL " + msg)
    failures.append(msg)


def skip_or_fail(why):
    if CI:
        print("FAIL: %s; CI=true, so this is an error" % why)
        sys.exit(1)
    print("SKIP: " + why)
    sys.exit(77)


def load_validator(schema_path):
    try:
        import jsonschema
    except ImportError:
        if CI:
            fail("python3-jsonschema is missing")
        else:
            print("# python3-jsonschema missing: JSON not validated")
        return None
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def version_of(binary):
    try:
        out = subprocess.run([binary, "--version"], capture_output=True,
                             text=True, timeout=60).stdout
    except OSError:
        return None, None
    m = re.search(r"QEMU emulator version (\d+)\.(\d+)\.(\d+)", out)
    if not m:
        return None, None
    return (int(m.group(1)), int(m.group(2))), out


def modelled_releases(virtboard):
    out = subprocess.run([virtboard, "--version"], capture_output=True,
                         text=True, check=True).stdout
    line = out.splitlines()[1]
    found = re.findall(r"(\d+)\.(\d+)", line.split(":", 1)[1])
    return sorted((int(a), int(b)) for a, b in found)


def conform(virtboard, validator, binary, tag):
    proc = subprocess.run([virtboard, "conform", "--json", binary],
                          capture_output=True, text=True, timeout=900)
    try:
        rep = json.loads(proc.stdout)
    except ValueError:
        fail("%s: conform --json printed no JSON (exit %d): %s"
             % (tag, proc.returncode, proc.stderr[-2000:]))
        return proc.returncode, None
    if validator is not None:
        errors = sorted(validator.iter_errors(rep), key=str)
        for e in errors[:3]:
            fail("%s: JSON does not match the schema: %s at %s"
                 % (tag, e.message, list(e.absolute_path)))
    if "progress" not in proc.stderr and "[1/" not in proc.stderr:
        fail("%s: no progress on stderr" % tag)
    return proc.returncode, rep


def behaviours(rep):
    return {b["id"]: b for b in rep["behaviours"]}


def describe_differences(rep):
    out = []
    for b in rep["behaviours"]:
        if b["status"] == "differs":
            d = b["first_difference"]
            out.append("  %s: %s\n    %s" % (b["id"], d["config"],
                                            "\n    ".join(d["diff"])))
    return "\n".join(out)


def check_oracle(virtboard, validator, binary, release, modelled):
    tag = "qemu %d.%d (%s)" % (release + (binary,))
    rc, rep = conform(virtboard, validator, binary, tag)
    if rep is None:
        return
    name = "%d.%d" % release
    if release in modelled:
        if rc != 0 or not rep["matches"] or rep["model"] != name:
            fail("%s: expected a match with the model of %s, got exit %d, "
                 "model %s:\n%s" % (tag, name, rc, rep["model"],
                                    describe_differences(rep)))
            return
        for bid, since in SINCE.items():
            want = "present" if release >= since else "absent"
            got = behaviours(rep)[bid]["status"]
            if got != want:
                fail("%s: %s is %s, QEMU's history says %s"
                     % (tag, bid, got, want))
        # a release before the reduced-IPA series (5.2): every behaviour
        # but the baseline absent, and still a match (exit 0)
        series = [b for b, since in SINCE.items() if since >= (7, 0)]
        if release < (7, 0):
            present = [b for b in series
                       if behaviours(rep)[b]["status"] != "absent"]
            if present:
                fail("%s: before the reduced-IPA series, yet %s not absent"
                     % (tag, ", ".join(present)))
                return
        print("PASS %s: matches its model in %d configurations, %.1f s%s"
              % (tag, rep["configurations"], rep["elapsed_ms"] / 1000,
                 "; the reduced-IPA series absent" if release < (7, 0)
                 else ""))
    else:
        older = [r for r in modelled if r <= release] or modelled[:1]
        want = "%d.%d" % older[-1]
        if (rep["release_modelled"] or rep["model"] != want or
                not rep["note"] or "release's own" not in rep["note"] or
                rc not in (0, 1)):
            fail("%s: not modelled: expected the model of %s and a note, "
                 "got model %s, note %r, exit %d"
                 % (tag, want, rep["model"], rep["note"], rc))
        else:
            print("PASS %s: not modelled, compared with %s and said so"
                  % (tag, want))


def write_wrapper(path, body):
    with open(path, "w", encoding="utf-8") as f:
        f.write("#!/bin/sh\n" + body)
    os.chmod(path, stat.S_IRWXU)


def check_wrappers(virtboard, validator, oracles, modelled, tmp):
    q100 = oracles.get((10, 0))
    q72 = oracles.get((7, 2))
    if q100 is None or q72 is None:
        why = "the wrapper checks need the QEMU 7.2 and 10.0 oracles"
        if CI:
            fail(why)
        else:
            print("# " + why + ": skipped")
        return

    drop = os.path.join(tmp, "qemu-drops-highmem-mmio-off")
    write_wrapper(drop, (
        "# QEMU 10.0 that loses highmem-mmio=off from every argument\n"
        "for a do\n"
        "  shift\n"
        "  a=$(printf '%%s' \"$a\" | sed -e 's/,highmem-mmio=off//g' "
        "-e 's/highmem-mmio=off,//g')\n"
        "  set -- \"$@\" \"$a\"\n"
        "done\n"
        "exec '%s' \"$@\"\n") % q100)
    rc, rep = conform(virtboard, validator, drop, "drops highmem-mmio=off")
    if rep is not None:
        diff = [b["id"] for b in rep["behaviours"] if b["status"] == "differs"]
        first = behaviours(rep)["highmem-properties"]["first_difference"]
        if rc != 1 or diff != ["highmem-properties"] or \
                "highmem-mmio=off" not in first["config"]:
            fail("drops highmem-mmio=off: expected exit 1 and only "
                 "highmem-properties differing on a highmem-mmio=off "
                 "configuration; got exit %d, differing %s" % (rc, diff))
        else:
            print("PASS drops highmem-mmio=off: caught, highmem-properties "
                  "named (%s)" % first["config"])

    claim = os.path.join(tmp, "qemu-7.2-claims-10.0")
    write_wrapper(claim, (
        "# QEMU 7.2 that says it is 10.0\n"
        "if [ \"$1\" = --version ]; then\n"
        "  echo 'QEMU emulator version 10.0.2'; exit 0\n"
        "fi\n"
        "exec '%s' \"$@\"\n") % q72)
    if (10, 0) in modelled:
        rc, rep = conform(virtboard, validator, claim, "7.2 claims 10.0")
        if rep is not None:
            bs = behaviours(rep)
            wrong = [b for b in ("compact-layout", "vcpu-capacity",
                                 "highmem-properties", "highmem-mmio-size")
                     if bs[b]["status"] != "differs" or
                     bs[b]["qemu_shows"] is not False or
                     bs[b]["model_shows"] is not True]
            if rc != 1 or rep["model"] != "10.0" or wrong:
                fail("7.2 claims 10.0: expected exit 1, model 10.0 and the "
                     "8.0/10.0 behaviours differing as lacking; got exit "
                     "%d, model %s, wrong: %s" % (rc, rep["model"], wrong))
            else:
                print("PASS 7.2 claims 10.0: caught, the 8.0 and 10.0 "
                      "behaviours named as missing")

    smp = os.path.join(tmp, "qemu-7.2-acpi-smp2")
    write_wrapper(smp, (
        "# QEMU 7.2 that adds a vCPU when it runs as a qtest server\n"
        "case \"$*\" in\n"
        "*-qtest*) exec '%s' \"$@\" -smp 2 ;;\n"
        "esac\n"
        "exec '%s' \"$@\"\n") % (q72, q72))
    if (7, 2) in modelled:
        rc, rep = conform(virtboard, validator, smp, "7.2, ACPI with -smp 2")
        if rep is not None:
            first = behaviours(rep)["baseline"]["first_difference"]
            acpi = [l for l in (first or {}).get("diff", [])
                    if l.startswith("ACPI APIC")]
            if rc != 1 or rep["acpi_compared"] == 0 or not acpi:
                fail("7.2, ACPI with -smp 2: expected exit 1 and the MADT "
                     "(APIC) named in baseline's difference; got exit %d, "
                     "%d compared, first difference %s"
                     % (rc, rep["acpi_compared"], first))
            else:
                print("PASS 7.2, ACPI with -smp 2: caught in the ACPI "
                      "tables (%s)" % acpi[0])

    claim92 = os.path.join(tmp, "qemu-10.0-claims-9.2")
    write_wrapper(claim92, (
        "# QEMU 10.0 that says it is 9.2\n"
        "if [ \"$1\" = --version ]; then\n"
        "  echo 'QEMU emulator version 9.2.0'; exit 0\n"
        "fi\n"
        "exec '%s' \"$@\"\n") % q100)
    if (9, 2) not in modelled:
        check_oracle(virtboard, validator, claim92, (9, 2), modelled)


def check_usage(virtboard, tmp):
    notqemu = os.path.join(tmp, "not-qemu")
    write_wrapper(notqemu, "echo hello\n")
    cases = [
        (3, ["conform"]),
        (3, ["conform", "--jsn", "/bin/true"]),
        (3, ["conform", "a", "b"]),
        (5, ["conform", os.path.join(tmp, "missing")]),
        (5, ["conform", notqemu]),
    ]
    for want, args in cases:
        proc = subprocess.run([virtboard] + args, capture_output=True,
                              text=True, timeout=60)
        if proc.returncode != want or not proc.stderr.startswith(
                "virtboard: conform: ") or proc.stdout:
            fail("virtboard %s: expected exit %d and one message on "
                 "stderr, got exit %d, stdout %r, stderr %r"
                 % (" ".join(args), want, proc.returncode, proc.stdout,
                    proc.stderr))
    print("PASS usage errors: exit statuses 3 and 5")


def main():
    virtboard, schema = sys.argv[1], sys.argv[2]
    validator = load_validator(schema)
    modelled = modelled_releases(virtboard)
    bins = [b for b in os.environ.get("QTEST_QEMU_BINARIES", "").split(":")
            if b] or ["/usr/bin/qemu-system-aarch64"]
    oracles = {}
    seen = {}
    for b in bins:
        if not os.access(b, os.X_OK):
            print("# %s is not executable, skipped" % b)
            continue
        release, text = version_of(b)
        if release is None:
            fail("%s does not say its version" % b)
            continue
        if text in seen:
            print("# %s: the same QEMU as %s, skipped" % (b, seen[text]))
            continue
        seen[text] = b
        oracles[release] = b
    if not oracles:
        skip_or_fail("no QEMU binary among %s" % ", ".join(bins))
    with tempfile.TemporaryDirectory(prefix="conform-test-") as tmp:
        check_usage(virtboard, tmp)
        for release, b in sorted(oracles.items()):
            check_oracle(virtboard, validator, b, release, modelled)
        check_wrappers(virtboard, validator, oracles, modelled, tmp)
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
