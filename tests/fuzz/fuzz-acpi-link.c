/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: the ACPI link step, which reads what QEMU puts in fw_cfg
 * (etc/table-loader, etc/acpi/tables, etc/acpi/rsdp) and so must treat
 * it as untrusted: acpi_loader_parse(), acpi_link(), acpi_split_tables()
 * through virt_acpi_link_blobs().
 *
 * Input: a 16-byte header (little-endian u32 tables length, u32 RSDP
 * length, u64 link base), then the tables, the RSDP and, for the rest,
 * the table-loader stream. Checked: success and an error go together,
 * every table returned lies inside the linked blobs with a Length of at
 * least a header, and nothing leaks or reads out of bounds.
 */
#include "fuzz-common.h"

#include <stdio.h>
#include <string.h>

#include "hw/acpi/acpi-build.h"
#include "hw/arm/virt-acpi.h"

static uint64_t fuzz_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < n; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    VirtAcpiBlobs blobs = { 0 };
    g_autoptr(GPtrArray) tables = NULL;
    GError *err = NULL;
    size_t tlen, rlen;
    uint64_t base;

    fuzz_init();
    if (size < 16) {
        return 0;
    }
    tlen = MIN(fuzz_le(data, 4), size - 16);
    rlen = MIN(fuzz_le(data + 4, 4), size - 16 - tlen);
    base = fuzz_le(data + 8, 8);
    data += 16;
    size -= 16;
    blobs.tables = g_bytes_new(data, tlen);
    blobs.rsdp = g_bytes_new(data + tlen, rlen);
    blobs.loader = g_bytes_new(data + tlen + rlen, size - tlen - rlen);

    tables = virt_acpi_link_blobs(&blobs, base, &err);
    if (err != NULL && g_getenv("FUZZ_VERBOSE") != NULL) {
        fprintf(stderr, "fuzz-acpi-link: %s\n", err->message);
    }
    fuzz_check_result(tables != NULL, err);
    for (guint i = 0; tables && i < tables->len; i++) {
        const AcpiLinkedTable *t = g_ptr_array_index(tables, i);
        gsize len;
        const guint8 *p = g_bytes_get_data(t->bytes, &len);

        FUZZ_CHECK(i == 0 ? len == 36 : len >= ACPI_TABLE_HEADER_SIZE);
        FUZZ_CHECK(i == 0 ||
                   acpi_read_int(p + ACPI_TABLE_LENGTH_OFFSET, 4) == len);
        FUZZ_CHECK(i == 0 || len <= tlen);
    }
    virt_acpi_blobs_clear(&blobs);
    return 0;
}
