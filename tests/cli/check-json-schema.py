#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Validate real `virtboard --json` output (the map, `plan`, the help
lists of `-M help`, `-M virt,help`, `-cpu help`, `-accel help`) against
docs/system/arm/virtboard.schema.json, errors included: an error
with --json is one JSON object on stdout ("kind": "error") whose
exit_status is the process's, whose message is the text on stderr, and
whose code and option are those the docs give for that mistake (exit
statuses: virtboard(1), EXIT STATUS). Beyond the schema: a map's regions
are the rows of the text table, in the same (address) order, and a help
list names what the text list names.

Usage: check-json-schema.py VIRTBOARD SCHEMA
Needs python3-jsonschema (Debian); without it the test is skipped (77),
except under CI=true, where that is a failure.
"""
import json
import os
import subprocess
import sys

CASES = [
    (0, ["--json", "-cpu", "cortex-a57", "-m", "1G"]),
    (0, ["--json", "-M", "virt,highmem=off", "-m", "3G"]),
    (0, ["--json", "-accel", "kvm", "--host-ipa-bits", "36", "-cpu", "host",
         "-m", "63G"]),
    (0, ["--json", "-cpu", "cortex-a53", "-m", "4G,slots=2,maxmem=8G"]),
    (0, ["plan", "--json", "-accel", "kvm", "--host-ipa-bits", "36",
         "-cpu", "host"]),
    (2, ["plan", "--json", "-accel", "kvm", "--host-ipa-bits", "36",
         "-cpu", "host", "-m", "64G", "-smp", "124", "-M",
         "virt,gic-version=3"]),
    (0, ["plan", "--json", "-accel", "hvf", "--host-ipa-bits", "36:40",
         "-cpu", "host", "-m", "4G"]),
    (2, ["plan", "--json", "-accel", "hvf", "--host-ipa-bits", "36:36",
         "-cpu", "host", "-m", "64G"]),
    (0, ["plan", "--json", "-accel", "kvm", "--host-ipa-bits", "39",
         "-cpu", "host", "-m", "255G"]),
    # no -cpu under KVM/HVF: planned for -cpu host (issue 16)
    (0, ["plan", "--json", "-accel", "kvm", "--host-ipa-bits", "36"]),
    (0, ["plan", "--json", "-accel", "kvm", "-accel", "tcg", "-m", "1G"]),
    (0, ["--json", "-accel", "tcg,tb-size=64", "-cpu", "max,pmu=off",
         "-device", "{\"driver\":\"virtio-net-pci\",\"id\":\"n\"}"]),
    (2, ["plan", "--json", "-cpu", "cortex-a53", "-m", "1T"]),
    (2, ["plan", "--json", "-M", "virt,gic-version=4", "-cpu", "max"]),
    # a size beyond 2^63 - 1, which only a user types
    (2, ["plan", "--json", "-m", "8E"]),
    (0, ["--json", "--qemu-version", "10.0", "-cpu", "max", "-m", "2G"]),
]

# the help lists: (args, kind, the member that holds the list)
HELP = [
    (["-M", "help"], "machines", "machines"),
    (["-M", "virt,help"], "machine-properties", "properties"),
    (["-M", "virt-6.2,help"], "machine-properties", "properties"),
    (["-cpu", "help"], "cpus", "cpus"),
    (["-accel", "help"], "accels", "accels"),
]

# errors: (exit status, args, code, option, suggestion); the messages are
# QEMU 7.2's (tests/unit/test-hostile.c runs QEMU for the same text)
ERRORS = [
    (3, ["--json", "--jsn"], "unknown-option", "--jsn", "--json"),
    (3, ["--json", "-m", "1G", "-foo"], "unknown-option", "-foo", None),
    (3, ["plan", "--json", "-m", "1Q"], "invalid-option", "-m", None),
    (3, ["--json", "-m"], "invalid-option", "-m", None),
    (1, ["--json", ""], "refused", None, None),
    (1, ["--json", "-device", "usb-kbd"], "refused", "-device", None),
    (3, ["--json", "-M", "virt,nosuch=on"], "unknown-option", "-M", None),
    (3, ["plan", "--json", "-M", "virt,dumpdtb=x.dtb"], "invalid-option",
     "-M", None),
    (1, ["--json", "-M", "virt,gic-version=host"], "refused", None, None),
    (1, ["--json", "-cpu", "cortex-a53", "-m", "1T"], "does-not-fit", None,
     None),
    (1, ["--json", "-M", "virt,ras=on"], "unsupported", "-M", None),
    (4, ["--json", "-M", "virt,dumpdtb=/nonexistent/dir/x.dtb"], "io",
     None, None),
]


def text_rows(vb, args):
    """The region names of the text table, in its order"""
    p = subprocess.run([vb] + [a for a in args if a != "--json"],
                       capture_output=True, text=True, check=False)
    lines = p.stdout.splitlines()
    start = next(i for i, line in enumerate(lines)
                 if line.startswith("REGION"))
    rows = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        if not line.startswith(" "):
            rows.append(line.split()[0])
    return rows


def check_map(vb, args, doc):
    """A map's regions: the table's rows, in address order"""
    problems = []
    names = [r["name"] for r in doc["regions"]]
    if names != text_rows(vb, args):
        problems.append(f"regions {names} are not the table's rows")
    bases = [r["base"] for r in doc["regions"]]
    if bases != sorted(bases):
        problems.append("regions are not in address order")
    hotplug = "DEVICE_MEMORY" in names
    if hotplug != (doc["device_memory_size"] is not None):
        problems.append("DEVICE_MEMORY row and device_memory_size disagree")
    return problems


def text_names(vb, args, kind):
    """The names the text form of a help list gives"""
    p = subprocess.run([vb] + args, capture_output=True, text=True,
                       check=False)
    lines = p.stdout.splitlines()[1:]
    if kind == "machine-properties":
        return [line.split()[0].split("=")[0] for line in lines]
    if kind == "machines":
        return [line.split()[0] for line in lines
                if "(alias of" not in line]
    return [line.split()[0] for line in lines]


def check_help(vb, validator, args, kind, member):
    problems = []
    for release in ("7.2", "10.0"):
        full = ["--qemu-version", release] + args
        p = subprocess.run([vb, "--json"] + full, capture_output=True,
                           text=True, check=False)
        if p.returncode != 0:
            problems.append(f"exit {p.returncode}: {p.stderr}")
            continue
        doc = json.loads(p.stdout)
        problems += [f"{release}: {'/'.join(map(str, e.path))}: {e.message}"
                     for e in validator.iter_errors(doc)]
        if doc.get("kind") != kind or doc.get("qemu_version") != release:
            problems.append(f"{release}: kind {doc.get('kind')!r}, "
                            f"qemu_version {doc.get('qemu_version')!r}")
            continue
        names = [x["name"] for x in doc[member]]
        want = text_names(vb, full, kind)
        if names != want:
            problems.append(f"{release}: names {names}, text lists {want}")
    return problems


def main():
    vb, schema_path = sys.argv[1], sys.argv[2]
    try:
        import jsonschema
    except ImportError:
        msg = "python3-jsonschema is missing (scripts/install-deps.sh check)"
        if os.environ.get("CI") == "true":
            print("FAIL: " + msg, file=sys.stderr)
            return 1
        print("SKIP: " + msg)
        return 77
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    passed = failed = 0
    for want_rc, args in CASES:
        p = subprocess.run([vb] + args, capture_output=True, text=True,
                           check=False)
        name = " ".join(args)
        if p.returncode != want_rc:
            print(f"FAIL {name}: exit {p.returncode}, expected {want_rc}: "
                  f"{p.stderr}")
            failed += 1
            continue
        doc = json.loads(p.stdout)
        errors = sorted(validator.iter_errors(doc), key=lambda e: e.path)
        problems = [f"{'/'.join(map(str, e.path))}: {e.message}"
                    for e in errors]
        if not errors and doc["kind"] == "map":
            problems += check_map(vb, args, doc)
        for msg in problems:
            print(f"FAIL {name}: {msg}")
        if problems:
            failed += 1
        else:
            passed += 1
    for args, kind, member in HELP:
        problems = check_help(vb, validator, args, kind, member)
        for msg in problems:
            print(f"FAIL --json {' '.join(args)}: {msg}")
        if problems:
            failed += 1
        else:
            passed += 1
    for want_rc, args, code, option, suggestion in ERRORS:
        # the texts are QEMU 7.2's: virtboard models 7.2 for them (after
        # "plan", which comes first)
        plan = args[:1] == ["plan"]
        args = args[:1] * plan + ["--qemu-version", "7.2"] + args[plan:]
        p = subprocess.run([vb] + args, capture_output=True, text=True,
                           check=False)
        name = " ".join(args)
        problems = []
        try:
            doc = json.loads(p.stdout)
        except ValueError:
            doc = {}
            problems.append(f"stdout is not one JSON object: {p.stdout!r}")
        problems += [f"{'/'.join(map(str, e.path))}: {e.message}"
                     for e in validator.iter_errors(doc)]
        want = {"kind": "error", "code": code, "option": option,
                "suggestion": suggestion,
                "exit_status": want_rc, "qemu_version": "7.2"}
        problems += [f"{k} is {doc.get(k)!r}, expected {v!r}"
                     for k, v in want.items() if doc.get(k) != v]
        if p.returncode != want_rc:
            problems.append(f"exit {p.returncode}, expected {want_rc}")
        if not p.stderr.startswith(f"virtboard: {doc.get('message')}\n"):
            problems.append(f"stderr {p.stderr!r} is not the message")
        for msg in problems:
            print(f"FAIL {name}: {msg}")
        if problems:
            failed += 1
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
