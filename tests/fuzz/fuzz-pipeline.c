/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: the whole pipeline, options -> virt_machine_init() ->
 * DTB -> ACPI, with every output checked.
 *
 * Input: one selector byte, then either (even) an argument vector split
 * at NUL bytes for virt_cmdline_parse(), or (odd) raw bytes that fill a
 * VirtOptions directly, as a library caller may, reaching values the
 * command line parser refuses. -kernel and -initrd name files the target
 * writes itself: their contents are the option's text with byte 0x01
 * read as 0x00 (so an arm64 Image header can be spelled). dumpdtb= and
 * dumpacpi= are dropped: nothing is written to disk but those two files.
 *
 * Checked: the memory map invariants (fuzz_check_machine), the DTB
 * passes fdt_check_full and is VIRT_FDT_MAX_SIZE bytes, the ACPI blobs
 * link with their own table-loader, and every linked table has a Length
 * matching its size and a checksum summing to zero.
 */
#include "fuzz-common.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/acpi/acpi-build.h"
#include "hw/arm/virt-acpi.h"
#include "hw/arm/virt-fdt.h"

/* ---- raw options ---- */

typedef struct FuzzBytes {
    const uint8_t *p;
    size_t left;
} FuzzBytes;

static uint64_t fuzz_take(FuzzBytes *in, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < n && in->left; i++, in->left--) {
        v |= (uint64_t)*in->p++ << (8 * i);
    }
    return v;
}

static OnOffAuto fuzz_on_off_auto(FuzzBytes *in)
{
    return (OnOffAuto)(fuzz_take(in, 1) % 3);
}

static char *fuzz_take_str(FuzzBytes *in)
{
    size_t n = fuzz_take(in, 1) % 16;

    if (n == 0) {
        return NULL;
    }
    n = MIN(n - 1, in->left);
    in->p += n;
    in->left -= n;
    return fuzz_strndup(in->p - n, n);
}

/* A size: small shifts make powers of two and round sizes likely */
static uint64_t fuzz_take_size(FuzzBytes *in)
{
    uint8_t how = fuzz_take(in, 1);

    if (how < 0x80) {
        return (uint64_t)1 << (how % 64);
    }
    return fuzz_take(in, 8);
}

static void fuzz_raw_options(VirtOptions *o, const uint8_t *data,
                             size_t size)
{
    static const VirtGICType gics[] = {
        VIRT_GIC_VERSION_NOSEL, VIRT_GIC_VERSION_2, VIRT_GIC_VERSION_3,
        VIRT_GIC_VERSION_4, VIRT_GIC_VERSION_MAX, VIRT_GIC_VERSION_HOST,
    };
    FuzzBytes in = { data, size };
    const VirtMachineType *types = virt_machine_types();
    const VirtCpuModel *cpus = virt_cpu_models();
    size_t ntypes = 0, ncpus = 0, i;

    while (types[ntypes].name) {
        ntypes++;
    }
    while (cpus[ncpus].name) {
        ncpus++;
    }
    i = fuzz_take(&in, 1) % (ntypes + 1);
    o->type = i < ntypes ? &types[i] : NULL;
    i = fuzz_take(&in, 1) % (ncpus + 1);
    o->cpu = i < ncpus ? &cpus[i] : NULL;
    o->cpu_name = o->cpu ? g_strdup(o->cpu->name) : NULL;
    o->accel = (VirtAccel)(fuzz_take(&in, 1) % 3);
    o->host.kvm_ipa_bits = (int8_t)fuzz_take(&in, 1);
    o->host.hvf_default_ipa = (int8_t)fuzz_take(&in, 1);
    o->host.hvf_max_ipa = (int8_t)fuzz_take(&in, 1);
    o->ram_size = fuzz_take_size(&in);
    o->maxram_size = fuzz_take_size(&in);
    o->ram_slots = fuzz_take(&in, 2);
    o->smp.cpus = fuzz_take(&in, 2);
    o->smp.max_cpus = fuzz_take(&in, 2);
    o->smp.sockets = fuzz_take(&in, 1);
    o->smp.clusters = fuzz_take(&in, 1);
    o->smp.cores = fuzz_take(&in, 2);
    o->smp.threads = fuzz_take(&in, 1);
    o->highmem = fuzz_take(&in, 1) & 1;
    o->compact_highmem = fuzz_on_off_auto(&in);
    o->highmem_redists = fuzz_on_off_auto(&in);
    o->highmem_ecam = fuzz_on_off_auto(&in);
    o->highmem_mmio = fuzz_on_off_auto(&in);
    o->highmem_mmio_size = fuzz_take_size(&in);
    o->gic_version = gics[fuzz_take(&in, 1) % G_N_ELEMENTS(gics)];
    o->its = fuzz_take(&in, 1) & 1;
    o->virtualization = fuzz_take(&in, 1) & 1;
    o->secure = fuzz_take(&in, 1) & 1;
    o->iommu = (VirtIOMMUType)(fuzz_take(&in, 1) % 2);
    o->acpi = fuzz_on_off_auto(&in);
    o->dtb_randomness = false;
    o->phandle_start = fuzz_take(&in, 4);
    o->firmware_loaded = fuzz_take(&in, 1) & 1;
    o->dt_compatible = fuzz_take_str(&in);
    o->oem_id = fuzz_take_str(&in);
    o->oem_table_id = fuzz_take_str(&in);
    o->append = fuzz_take_str(&in);
}

/* ---- boot files ---- */

static char *fuzz_dir;

static char *fuzz_boot_file(const char *name, const char *text)
{
    char *path = g_build_filename(fuzz_dir, name, NULL);
    g_autofree char *bytes = g_strdup(text);
    size_t len = strlen(bytes);
    FILE *f;

    for (size_t i = 0; i < len; i++) {
        if (bytes[i] == '\x01') {
            bytes[i] = '\0';
        }
    }
    f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL);
    FUZZ_CHECK(fwrite(bytes, 1, len, f) == len);
    FUZZ_CHECK(fclose(f) == 0);
    return path;
}

static void fuzz_remove_files(void)
{
    const char *names[] = { "kernel", "initrd" };

    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *path = g_build_filename(fuzz_dir, names[i], NULL);

        unlink(path);
    }
    rmdir(fuzz_dir);
}

static void fuzz_prepare_files(VirtOptions *o)
{
    char *path;

    if (fuzz_dir == NULL && (o->kernel || o->initrd)) {
        fuzz_dir = g_dir_make_tmp("virtboard-fuzz-XXXXXX", NULL);
        FUZZ_CHECK(fuzz_dir != NULL);
        atexit(fuzz_remove_files);
    }
    if (o->kernel) {
        path = fuzz_boot_file("kernel", o->kernel);
        g_free(o->kernel);
        o->kernel = path;
    }
    if (o->initrd) {
        path = fuzz_boot_file("initrd", o->initrd);
        g_free(o->initrd);
        o->initrd = path;
    }
    g_clear_pointer(&o->dumpdtb, g_free);
    g_clear_pointer(&o->dumpacpi, g_free);
}

/* ---- outputs ---- */

static void fuzz_check_fdt(const VirtMachineState *vms)
{
    GError *err = NULL;
    void *blob = NULL;
    size_t size = 0;
    bool ok = virt_fdt_build(vms, &blob, &size, &err);

    fuzz_check_result(ok, err);
    if (!ok) {
        FUZZ_CHECK(blob == NULL);
        return;
    }
    FUZZ_CHECK(blob != NULL && size == VIRT_FDT_MAX_SIZE);
    FUZZ_CHECK(fdt_totalsize(blob) == size);
    FUZZ_CHECK(fdt_check_full(blob, size) == 0);
    FUZZ_CHECK(fdt_path_offset(blob, "/cpus") >= 0);
    FUZZ_CHECK(fdt_path_offset(blob, "/chosen") >= 0);
    g_free(blob);
}

static void fuzz_check_acpi(const VirtMachineState *vms)
{
    g_auto(VirtAcpiBlobs) blobs = { 0 };
    g_autoptr(GPtrArray) tables = NULL;
    GError *err = NULL;
    bool ok = virt_acpi_build(vms, &blobs, &err);

    fuzz_check_result(ok, err);
    if (!ok || blobs.tables == NULL) {
        FUZZ_CHECK(ok || blobs.tables == NULL);
        return;
    }
    FUZZ_CHECK(vms->acpi);
    tables = virt_acpi_link_blobs(&blobs, VIRT_ACPI_DEFAULT_BASE, &err);
    FUZZ_CHECK(tables != NULL && err == NULL);
    FUZZ_CHECK(tables->len >= 4);   /* RSDP, XSDT, FACP, DSDT at least */
    for (guint i = 0; i < tables->len; i++) {
        const AcpiLinkedTable *t = g_ptr_array_index(tables, i);
        gsize len;
        const guint8 *p = g_bytes_get_data(t->bytes, &len);

        if (i == 0) {
            /* RSDP: checksum over the first 20 bytes, extended over 36 */
            FUZZ_CHECK(len == 36 && memcmp(p, "RSD PTR ", 8) == 0);
            FUZZ_CHECK(acpi_checksum(p, 20) == 0);
            FUZZ_CHECK(acpi_checksum(p, 36) == 0);
            continue;
        }
        FUZZ_CHECK(len >= ACPI_TABLE_HEADER_SIZE);
        FUZZ_CHECK(acpi_read_int(p + ACPI_TABLE_LENGTH_OFFSET, 4) == len);
        FUZZ_CHECK(acpi_checksum(p, len) == 0);
    }
}

static void fuzz_pipeline(const VirtOptions *opts)
{
    VirtMachineState vms;
    GError *err = NULL;
    bool ok = virt_machine_init(&vms, opts, &err);

    fuzz_check_result(ok, err);
    if (!ok) {
        return;
    }
    fuzz_check_machine(&vms);
    fuzz_check_fdt(&vms);
    fuzz_check_acpi(&vms);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_auto(VirtOptions) opts;

    fuzz_init();
    virt_options_init(&opts);
    if (size < 1) {
        return 0;
    }
    if (data[0] & 1) {
        fuzz_raw_options(&opts, data + 1, size - 1);
    } else {
        g_auto(GStrv) argv = NULL;
        VirtHelpRequest help;
        GError *err = NULL;
        int argc;
        bool ok;

        argv = fuzz_split_argv(data + 1, size - 1, 64, &argc);
        ok = virt_cmdline_parse(&opts, argc, argv, &help, &err);
        fuzz_check_result(ok, err);
        if (!ok || help != VIRT_HELP_NONE) {
            return 0;
        }
    }
    fuzz_prepare_files(&opts);
    fuzz_pipeline(&opts);
    return 0;
}
