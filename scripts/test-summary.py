#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Print one closing line for a meson test run: 'check: N passed, M failed'.

Reads BUILD/meson-logs/testlog.json (one JSON object per test). Exits 1
when a test failed or none ran, so the line never hides a failure.
"""
import json
import sys


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    with open(f"{build}/meson-logs/testlog.json", encoding="utf-8") as f:
        for line in f:
            result = json.loads(line).get("result")
            if result in ("OK", "EXPECTEDFAIL"):
                counts["passed"] += 1
            elif result == "SKIP":
                counts["skipped"] += 1
            else:
                counts["failed"] += 1
    print(f"check: {counts['passed']} passed, {counts['failed']} failed, "
          f"{counts['skipped']} skipped")
    return 1 if counts["failed"] or not counts["passed"] else 0


if __name__ == "__main__":
    sys.exit(main())
