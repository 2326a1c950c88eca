# SPDX-License-Identifier: GPL-2.0-or-later
#
# The README's contract:
#   make run     install what is missing, build, describe the default board
#   make check   install what is missing, build, run every test suite
#
BUILD ?= build
# Developer and CI builds: warnings are errors and the tests are required
# (meson's defaults, for a release tarball, are werror=false and
# tests=auto)
MESON_SETUP = meson setup -Dwerror=true -Dtests=enabled
# The per-test time-outs of meson.build only catch hangs; on a busy
# machine (CI next to other builds) tests run several times slower, so
# they are stretched.  The long matrices (qtest, guest) have none: they
# bound each QEMU run themselves.
MESON_TEST = meson test -C $(BUILD) --print-errorlogs --num-processes 2 \
	--timeout-multiplier 5

# Hardening (docs/devel/hardening.md): a gcc ASan+UBSan build of every
# suite, a clang libFuzzer build, and valgrind on the CLI.
SAN_BUILD ?= build-san
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 20
# G_SLICE=always-malloc: GLib 2.74's slice allocator hides a double free
# of a GError (or any slice) from ASan; plain malloc lets ASan see it
SAN_ENV = G_SLICE=always-malloc \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

.PHONY: all deps deps-check build run check check-full check-unit
.PHONY: check-qtest bench clean
.PHONY: oracles deb images
.PHONY: check-sanitize check-sanitize-full check-valgrind check-fuzz
.PHONY: fuzz fuzz-build check-fresh

all: build

deps:
	@scripts/install-deps.sh build

deps-check:
	@scripts/install-deps.sh check

$(BUILD)/build.ninja:
	$(MESON_SETUP) $(BUILD)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

# The main job: the default board's memory map, DTB and ACPI tables.
run: build
	@mkdir -p $(BUILD)/run
	$(BUILD)/tools/virtboard -M virt,dumpdtb=$(BUILD)/run/virt.dtb \
		-cpu cortex-a57 -m 1G
	@echo "DTB written to $(BUILD)/run/virt.dtb"

# The QEMU oracles, one per release (scripts/qemu-oracles.sh): fetched
# once from Debian into $(BUILD)/oracles, then cached. Without the
# network the tests still run against the QEMUs there are (and say which
# are missing); under CI=true a failed fetch is an error.
oracles: deps-check
	@scripts/qemu-oracles.sh $(BUILD)/oracles || \
		{ rc=$$?; [ "$$CI" != true ] || exit $$rc; \
		  echo "oracles: continuing without the missing ones" >&2; }

# The qtests' oracles (meson option qtest_oracles) in the two passes of
# make check: each release is compared with virtboard on every
# configuration once. The release build meets 7.2 and 10.0 (and the
# installed QEMU), the ASan+UBSan build 5.2 and 11.1 (check-sanitize),
# the first and the last release, whose code paths are the widest.
# conform-test runs against every oracle in both. Comparing each release
# twice took a quarter of make check (issue 11: under 30 minutes from
# nothing on 2 cores); make check-full still does, and check-qtest runs
# the release build against all of them.
ORACLES_ALL = 5.2,7.2,10.0,11.1,installed
CHECK_ORACLES ?= 7.2,10.0,installed
SAN_ORACLES ?= 5.2,11.1
QTEST_ORACLES ?= $(ORACLES_ALL)

check: deps-check build oracles
	meson configure $(BUILD) -Dqtest_oracles=$(CHECK_ORACLES)
	$(MESON_TEST); rc=$$?; scripts/test-summary.py $(BUILD) && exit $$rc
	$(MAKE) --no-print-directory check-sanitize check-valgrind check-fuzz

check-full:
	$(MAKE) --no-print-directory check CHECK_ORACLES=$(ORACLES_ALL) \
		SAN_ORACLES=$(ORACLES_ALL)

check-unit: deps build
	$(MESON_TEST) --suite unit

check-qtest: deps-check build oracles
	meson configure $(BUILD) -Dqtest_oracles=$(QTEST_ORACLES)
	$(MESON_TEST) --suite qtest

$(SAN_BUILD)/build.ninja:
	$(MESON_SETUP) $(SAN_BUILD) -Db_sanitize=address,undefined \
		-Dc_args=-fno-sanitize-recover=all

# Every suite (unit, cli, fuzz replay, hostile table, qtest) under
# ASan+UBSan; not bench, whose malloc interposer (bench/heap-count.c)
# cannot work under ASan's allocator. The qtests compare with the
# oracles of SAN_ORACLES (above; docs/devel/hardening.md);
# make check-sanitize-full runs the whole matrix under the sanitizers.
check-sanitize: deps-check oracles $(SAN_BUILD)/build.ninja
	meson configure $(SAN_BUILD) -Dqtest_oracles=$(SAN_ORACLES)
	ninja -C $(SAN_BUILD)
	@# the qtests look for the oracles in their own build tree
	ln -sfn $(abspath $(BUILD))/oracles $(SAN_BUILD)/oracles
	$(SAN_ENV) meson test -C $(SAN_BUILD) --print-errorlogs \
		--num-processes 2 --timeout-multiplier 10 --no-suite bench

check-sanitize-full:
	$(MAKE) --no-print-directory check-sanitize \
		SAN_ORACLES=$(ORACLES_ALL)

# The CLI under valgrind on representative configurations: no leak, no error
check-valgrind: deps-check build
	tests/valgrind-cli.sh $(BUILD)/tools/virtboard

$(FUZZ_BUILD)/build.ninja:
	CC=clang $(MESON_SETUP) $(FUZZ_BUILD) -Dfuzzing=true \
		-Db_sanitize=address,undefined -Db_lundef=false \
		-Dc_args=-fno-sanitize-recover=all

fuzz-build: deps-check $(FUZZ_BUILD)/build.ninja
	ninja -C $(FUZZ_BUILD)

# A short run of every fuzz target (part of make check)
check-fuzz: fuzz-build
	$(SAN_ENV) tests/fuzz/run-fuzz.sh $(FUZZ_BUILD) $(FUZZ_SMOKE_SECONDS)

# A longer run: make fuzz FUZZ_SECONDS=600
fuzz: fuzz-build
	$(SAN_ENV) tests/fuzz/run-fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# In-process timings of plan, DTB and ACPI, and whole-process virtboard
# against QEMU's dumpdtb (docs/devel/performance.md). Not a test.
QEMU ?= $(or $(QTEST_QEMU_BINARY),/usr/bin/qemu-system-aarch64)
BENCH_ARGS ?=
bench: deps-check build
	$(BUILD)/bench/virtboard-bench --virtboard $(BUILD)/tools/virtboard \
		--qemu $(QEMU) $(BENCH_ARGS)

# The pictures of docs/system/arm/reduced-ipa.md and virt.rst, drawn by
# virtboard --svg; run after a change to the map, its reasons or the
# drawing, and commit the result.
IMAGES = docs/images
images: build
	$(BUILD)/tools/virtboard --quiet --svg $(IMAGES)/virt-default.svg \
		-cpu cortex-a57 -m 4G
	$(BUILD)/tools/virtboard --quiet --svg $(IMAGES)/virt-highmem-off.svg \
		-M virt,highmem=off -cpu cortex-a57 -m 3G
	$(BUILD)/tools/virtboard --quiet --svg $(IMAGES)/virt-ipa36.svg \
		-accel kvm --host-ipa-bits 36 -cpu host -m 63G
	$(BUILD)/tools/virtboard --quiet --svg $(IMAGES)/virt-ipa39.svg \
		-accel kvm --host-ipa-bits 39 -cpu host -m 255G

# Debian packages virtboard, libvirtboard0, libvirtboard-dev into
# $(BUILD)/deb (built from a copy of the tree; lintian must pass).
# DEB_BUILD_OPTIONS=nocheck skips the package build's unit tests.
deb:
	@scripts/install-deps.sh deb
	scripts/build-deb.sh $(CURDIR)/$(BUILD)/deb

# The README's contract in a clean room (docs/devel/testing.md): a minimal
# Debian 12 chroot with only make and git, a clone of HEAD, `make run` and
# `CI=true bash .ci/run` in it, as root. Slow; not part of make check.
check-fresh:
	scripts/check-fresh.sh $(FRESH_ARGS)

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(FUZZ_BUILD)
