# SPDX-License-Identifier: GPL-2.0-or-later
#
# The README's contract:
#   make run     install what is missing, build, describe the default board
#   make check   install what is missing, build, run every test suite
#
BUILD ?= build
MESON_TEST = meson test -C $(BUILD) --print-errorlogs --num-processes 2

.PHONY: all deps deps-check build run check check-unit check-qtest bench clean

all: build

deps:
	@scripts/install-deps.sh build

deps-check:
	@scripts/install-deps.sh check

$(BUILD)/build.ninja:
	meson setup $(BUILD)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

# The main job: the default board's memory map, DTB and ACPI tables.
run: build
	@mkdir -p $(BUILD)/run
	$(BUILD)/tools/virtboard -M virt,dumpdtb=$(BUILD)/run/virt.dtb \
		-cpu cortex-a57 -m 1G
	@echo "DTB written to $(BUILD)/run/virt.dtb"

check: deps-check build
	$(MESON_TEST); rc=$$?; scripts/test-summary.py $(BUILD) && exit $$rc

check-unit: deps build
	$(MESON_TEST) --suite unit

check-qtest: deps-check build
	$(MESON_TEST) --suite qtest

# In-process timings of plan, DTB and ACPI, and whole-process virtboard
# against QEMU's dumpdtb (docs/devel/performance.md). Not a test.
QEMU ?= $(or $(QTEST_QEMU_BINARY),/usr/bin/qemu-system-aarch64)
BENCH_ARGS ?=
bench: deps-check build
	$(BUILD)/bench/virtboard-bench --virtboard $(BUILD)/tools/virtboard \
		--qemu $(QEMU) $(BENCH_ARGS)

clean:
	rm -rf $(BUILD)
