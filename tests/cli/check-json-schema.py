#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Validate real `virtboard --json` and `virtboard plan --json` output
against docs/system/arm/virtboard.schema.json, errors included: an error
with --json is one JSON object on stdout ("kind": "error") whose
exit_status is the process's, whose message is the text on stderr, and
whose code and option are those the docs give for that mistake (exit
statuses: virtboard(1), EXIT STATUS).

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
        for e in errors:
            print(f"FAIL {name}: {'/'.join(map(str, e.path))}: {e.message}")
        if errors:
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
                "exit_status": want_rc, "qemu_version": "7.2"}
        problems += [f"{k} is {doc.get(k)!r}, expected {v!r}"
                     for k, v in want.items() if doc.get(k) != v]
        if doc.get("suggestion") != suggestion:
            problems.append(f"suggestion {doc.get('suggestion')!r}")
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
