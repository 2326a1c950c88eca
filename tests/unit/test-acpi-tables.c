/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Invariants of the virt ACPI tables, without QEMU: every linked table
 * sums to zero, the XSDT points at every table and nothing else, the
 * DSDT is reached through the FADT, `iasl -d` reads each table without
 * an error or a warning, virt_acpi_write_dir() writes one SIG.dat per
 * table, and refusals are VIRT_ERROR_UNSUPPORTED. Byte-for-byte
 * conformance with QEMU is tests/qtest/virt-acpi-test.c's job.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "hw/acpi/acpi-build.h"
#include "hw/arm/virt-acpi.h"
#include "hw/arm/virt.h"

/* clang-format off */
/* 7: the configuration needs release 7.2 (5.2 refuses it, as QEMU 5.2) */
#define V7 VIRT_RELEASE_VERSION(7, 2)
static const struct {
    const char *cmdline;
    int since;                  /* VIRT_RELEASE_VERSION; 0: every release */
} configs[] = {
    { "-M virt -cpu max -m 1G", 0 },
    { "-M virt,gic-version=3 -cpu max -m 1G -smp 4", 0 },
    { "-M virt,gic-version=3 -cpu max -m 1G -smp 124", V7 },
    { "-M virt,gic-version=4,virtualization=on -cpu max -m 1G -smp 62", V7 },
    { "-M virt,iommu=smmuv3,gic-version=3,its=off -cpu max -m 1G", 0 },
    { "-M virt,highmem=off -cpu cortex-a15 -m 1G -smp 2", 0 },
    { "-M virt -cpu cortex-a53 -m 1G,slots=4,maxmem=700G", V7 },
    { "-M virt,gic-version=3 -cpu max -m 1G "
      "-smp 16,sockets=2,clusters=2,cores=2,threads=2", V7 },
    { "-M virt,secure=on,virtualization=on -cpu max -m 1G -bios fw.bin", 0 },
    { "-M virt,x-oem-id=AB,x-oem-table-id=XY -cpu max -m 1G", V7 },
    { "-M virt-6.1 -cpu max -m 1G", 0 },
    { "-M virt-5.0 -cpu max -m 1G -smp 2", 0 },
    { "-M virt-2.8,gic-version=3 -cpu max -m 1G,slots=2,maxmem=4G "
      "-bios fw.bin", 0 },
    { "-M virt,gic-version=3 -cpu cortex-a57 -m 1G -smp 123", 0 },
    { "-M virt,gic-version=3 -cpu max -m 1G -smp 8,sockets=2,cores=2,"
      "threads=2", 0 },
    /* firmware + slots: the memory hot-plug AML in the DSDT */
    { "-M virt -cpu max -m 1G,slots=2,maxmem=4G -bios fw.bin", 0 },
};
/* clang-format on */

/* @cmdline in @release (NULL: the default release) */
static void plan_in(const VirtRelease *release, const char *cmdline,
                    VirtOptions *opts, VirtMachineState *vms)
{
    g_auto(GStrv) argv = g_strsplit(cmdline, " ", -1);
    g_autoptr(GError) err = NULL;
    VirtHelpRequest help = VIRT_HELP_NONE;

    virt_options_init(opts);
    if (release != NULL) {
        opts->release = release;
    }
    memset(vms, 0, sizeof(*vms));
    ck_assert_msg(virt_cmdline_parse(opts, (int)g_strv_length(argv), argv,
                                     &help, &err),
                  "%s: %s", cmdline, err ? err->message : "");
    ck_assert_msg(virt_machine_init(vms, opts, &err), "%s: %s", cmdline,
                  err ? err->message : "");
}

static void plan(const char *cmdline, VirtOptions *opts, VirtMachineState *vms)
{
    plan_in(NULL, cmdline, opts, vms);
}

/*
 * The loop tests run every configuration in every release with ACPI
 * tables modelled: index @i is configuration i % N of release i / N
 */
/* The releases whose ACPI tables are modelled, in virt_release_list order */
static const VirtRelease *const *acpi_releases(size_t *count)
{
    static const VirtRelease *list[16];
    static size_t n;

    if (!n) {
        size_t all;
        const VirtRelease *const *r = virt_release_list(&all);

        for (size_t i = 0; i < all && n < G_N_ELEMENTS(list); i++) {
            if (r[i]->acpi_modelled) {
                list[n++] = r[i];
            }
        }
    }
    *count = n;
    return list;
}

static size_t loop_count(void)
{
    size_t n;

    acpi_releases(&n);
    return n * G_N_ELEMENTS(configs);
}

static const char *loop_plan(int i, VirtOptions *opts, VirtMachineState *vms)
{
    size_t n;
    const VirtRelease *const *list = acpi_releases(&n);
    const VirtRelease *r = list[(size_t)i / G_N_ELEMENTS(configs)];
    size_t k = (size_t)i % G_N_ELEMENTS(configs);
    const char *cmdline = configs[k].cmdline;
    g_autofree char *type = g_strndup(cmdline + 3, strcspn(cmdline + 3,
                                                          ", "));

    /* "-M TYPE...": a type the release does not offer is not run */
    if (virt_release_machine_type(r, type) == NULL ||
        r->version < configs[k].since) {
        return NULL;
    }
    plan_in(r, cmdline, opts, vms);
    return cmdline;
}

/* Does release @r build table @sig (when it applies)? */
static unsigned release_lists(const VirtRelease *r, const char *sig)
{
    for (const VirtAcpiTableRev *t = r->acpi_tables; t->sig; t++) {
        if (strcmp(t->sig, sig) == 0) {
            return 1;
        }
    }
    return 0;
}

static GPtrArray *linked_tables(const VirtMachineState *vms,
                                const char *cmdline)
{
    g_auto(VirtAcpiBlobs) blobs = { 0 };
    g_autoptr(GError) err = NULL;
    GPtrArray *tables;

    ck_assert_msg(virt_acpi_build(vms, &blobs, &err), "%s: %s", cmdline,
                  err ? err->message : "");
    ck_assert_ptr_nonnull(blobs.tables);
    /* 128 KiB multiples, but for 5.2's unpadded blob */
    if (!vms->release->acpi_tables_unpadded) {
        ck_assert_uint_eq(g_bytes_get_size(blobs.tables) % 0x20000, 0);
    }
    ck_assert_uint_eq(g_bytes_get_size(blobs.loader) % 128, 0);
    tables = virt_acpi_link_blobs(&blobs, VIRT_ACPI_DEFAULT_BASE, &err);
    ck_assert_msg(tables != NULL, "%s: %s", cmdline, err ? err->message : "");
    return tables;
}

START_TEST(test_checksums)
{
    g_auto(VirtOptions) opts = { 0 };
    VirtMachineState vms;
    g_autoptr(GPtrArray) tables = NULL;
    bool have_dsdt = false;
    const char *cmdline = loop_plan(_i, &opts, &vms);

    if (cmdline == NULL) {
        return;
    }
    tables = linked_tables(&vms, cmdline);
    /*
     * RSDP XSDT FACP DSDT APIC GTDT MCFG SPCR, DBG2 where the release
     * has one (not 5.2), the IORT where built
     */
    ck_assert_uint_ge(tables->len,
                      8 + release_lists(vms.release, "DBG2") + vms.acpi_iort);
    for (unsigned i = 0; i < tables->len; i++) {
        const AcpiLinkedTable *t = g_ptr_array_index(tables, i);
        gsize len;
        const guint8 *p = g_bytes_get_data(t->bytes, &len);

        if (strcmp(t->sig, "RSDP") == 0) {
            ck_assert_uint_eq(len, 36);
            ck_assert_msg(acpi_checksum(p, 20) == 0, "%s: RSDP v1 sum",
                          cmdline);
            ck_assert_msg(acpi_checksum(p, 36) == 0, "%s: RSDP sum", cmdline);
            continue;
        }
        ck_assert_uint_eq(acpi_read_int(p + 4, 4), len);
        ck_assert_msg(acpi_checksum(p, len) == 0, "%s: %s sums to 0x%02x",
                      cmdline, t->sig, acpi_checksum(p, len));
        have_dsdt |= strcmp(t->sig, "DSDT") == 0;
    }
    ck_assert_msg(have_dsdt, "%s: no DSDT behind the FADT", cmdline);
}
END_TEST

/* Every table in the blob is reached: the XSDT lists all but the DSDT */
START_TEST(test_all_tables_reached)
{
    g_auto(VirtOptions) opts = { 0 };
    g_auto(VirtAcpiBlobs) blobs = { 0 };
    g_autoptr(GPtrArray) tables = NULL;
    VirtMachineState vms;
    gsize blob_len, off = 0, reached = 0;
    const guint8 *blob;
    const char *cmdline = loop_plan(_i, &opts, &vms);

    if (cmdline == NULL) {
        return;
    }
    ck_assert(virt_acpi_build(&vms, &blobs, NULL));
    tables = linked_tables(&vms, cmdline);
    blob = g_bytes_get_data(blobs.tables, &blob_len);
    /* Walk the pre-link blob: headers back to back, then zero padding */
    while (off + 36 <= blob_len && blob[off] != 0) {
        off += acpi_read_int(blob + off + 4, 4);
        reached++;
    }
    for (gsize i = off; i < blob_len; i++) {
        ck_assert_msg(blob[i] == 0, "%s: padding byte %zu is not 0",
                      cmdline, i);
    }
    /*
     * tables: RSDP + every table of the blob, and one twice when the
     * XSDT has an entry without a table of its own (11.1)
     */
    ck_assert_uint_eq(tables->len,
                      reached + 1 +
                          (vms.release->acpi_xsdt_extra_entry_after != NULL));
}
END_TEST

static bool ci_mode(void)
{
    const char *ci = g_getenv("CI");

    return ci != NULL && strcmp(ci, "true") == 0;
}

/* `iasl -d` on @dat: true when it exits 0 without errors or warnings */
static bool iasl_clean(const char *dir, const char *dat, char **report)
{
    const char *argv[] = { "iasl", "-d", dat, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *all = NULL;
    g_autofree char *lower = NULL;
    int status = -1;

    if (!g_spawn_sync(dir, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL,
                      NULL, &out, &err, &status, NULL)) {
        *report = g_strdup("cannot run iasl");
        return false;
    }
    all = g_strconcat(out, err, NULL);
    lower = g_ascii_strdown(all, -1);
    *report = g_strdup(all);
    return g_spawn_check_wait_status(status, NULL) &&
           strstr(lower, "warning") == NULL && strstr(lower, "error") == NULL;
}

START_TEST(test_iasl_disassembles)
{
    g_autofree char *iasl = g_find_program_in_path("iasl");
    const char *cmdline;
    g_auto(VirtOptions) opts = { 0 };
    g_autoptr(GError) err = NULL;
    g_autofree char *dir = NULL;
    g_autoptr(GDir) d = NULL;
    VirtMachineState vms;
    const char *name;
    unsigned checked = 0;

    if (iasl == NULL) {
        ck_assert_msg(!ci_mode(), "iasl is missing and CI=true");
        if (_i == 0) {
            printf("test-acpi-tables: iasl not found, iasl test skipped\n");
        }
        return;
    }
    cmdline = loop_plan(_i, &opts, &vms);
    if (cmdline == NULL) {
        return;
    }
    dir = g_dir_make_tmp("test-acpi-XXXXXX", &err);
    ck_assert_ptr_nonnull(dir);
    ck_assert_msg(virt_acpi_write_dir(&vms, dir, VIRT_ACPI_DEFAULT_BASE, &err),
                  "%s", err ? err->message : "");
    d = g_dir_open(dir, 0, NULL);
    ck_assert_ptr_nonnull(d);
    while ((name = g_dir_read_name(d)) != NULL) {
        g_autofree char *report = NULL;

        /* iasl does not disassemble a bare RSDP */
        if (!g_str_has_suffix(name, ".dat") || strcmp(name, "RSDP.dat") == 0) {
            continue;
        }
        ck_assert_msg(iasl_clean(dir, name, &report), "%s: iasl -d %s:\n%s",
                      cmdline, name, report);
        checked++;
    }
    /* every table but the RSDP (see test_checksums) */
    ck_assert_uint_ge(checked,
                      7 + release_lists(vms.release, "DBG2") + vms.acpi_iort);
    /* Clean up: .dat and .dsl files, then the directory */
    g_dir_rewind(d);
    while ((name = g_dir_read_name(d)) != NULL) {
        g_autofree char *path = g_build_filename(dir, name, NULL);

        g_unlink(path);
    }
    g_rmdir(dir);
}
END_TEST

START_TEST(test_write_dir)
{
    static const char *const want[] = {
        "RSDP.dat", "XSDT.dat", "FACP.dat", "DSDT.dat", "APIC.dat",
        "PPTT.dat", "GTDT.dat", "MCFG.dat", "SPCR.dat", "DBG2.dat",
        "IORT.dat",
    };
    g_auto(VirtOptions) opts = { 0 };
    g_autoptr(GError) err = NULL;
    g_autofree char *top = g_dir_make_tmp("test-acpi-XXXXXX", NULL);
    g_autofree char *dir = g_build_filename(top, "sub", NULL);
    g_autoptr(GDir) d = NULL;
    VirtMachineState vms;
    const char *name;
    unsigned n = 0;

    plan(configs[0].cmdline, &opts, &vms);
    ck_assert_msg(virt_acpi_write_dir(&vms, dir, VIRT_ACPI_DEFAULT_BASE, &err),
                  "%s", err ? err->message : "");
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        g_autofree char *path = g_build_filename(dir, want[i], NULL);

        ck_assert_msg(g_file_test(path, G_FILE_TEST_IS_REGULAR), "%s missing",
                      want[i]);
    }
    d = g_dir_open(dir, 0, NULL);
    while ((name = g_dir_read_name(d)) != NULL) {
        g_autofree char *path = g_build_filename(dir, name, NULL);

        ck_assert_msg(g_str_has_suffix(name, ".dat"), "stray file %s", name);
        g_unlink(path);
        n++;
    }
    ck_assert_uint_eq(n, G_N_ELEMENTS(want));
    g_rmdir(dir);
    g_rmdir(top);
}
END_TEST

START_TEST(test_acpi_off)
{
    g_auto(VirtOptions) opts = { 0 };
    g_auto(VirtAcpiBlobs) blobs = { 0 };
    g_autofree char *top = g_dir_make_tmp("test-acpi-XXXXXX", NULL);
    g_autofree char *dir = g_build_filename(top, "none", NULL);
    VirtMachineState vms;

    plan("-M virt,acpi=off -cpu max -m 1G", &opts, &vms);
    ck_assert(virt_acpi_build(&vms, &blobs, NULL));
    ck_assert_ptr_null(blobs.tables);
    ck_assert_ptr_null(blobs.rsdp);
    ck_assert_ptr_null(blobs.loader);
    ck_assert(virt_acpi_write_dir(&vms, dir, VIRT_ACPI_DEFAULT_BASE, NULL));
    ck_assert(!g_file_test(dir, G_FILE_TEST_EXISTS));
    g_rmdir(top);
}
END_TEST

START_TEST(test_unsupported)
{
    g_auto(VirtOptions) opts = { 0 };
    g_auto(VirtAcpiBlobs) blobs = { 0 };
    g_autoptr(GError) err = NULL;
    VirtMachineState vms;

    /* Other accelerators: QEMU's ITS and IORT depend on the host */
    plan("-M virt -cpu max -m 1G", &opts, &vms);
    vms.accel = VIRT_ACCEL_KVM;
    ck_assert(!virt_acpi_build(&vms, &blobs, &err));
    ck_assert(g_error_matches(err, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED));
    ck_assert_ptr_null(blobs.tables);
}
END_TEST

/*
 * A release whose tables are not modelled (acpi_modelled false, as 10.0
 * was before its tables were): refused by name, no output. Every
 * release virtboard lists today is modelled, so the test takes a copy
 * of 10.0's descriptor with the flag cleared.
 */
START_TEST(test_release_not_modelled)
{
    g_auto(VirtOptions) opts = { 0 };
    g_auto(VirtAcpiBlobs) blobs = { 0 };
    g_autoptr(GError) err = NULL;
    VirtRelease unmodelled = *virt_release_find("10.0");
    VirtMachineState vms;

    unmodelled.acpi_modelled = false;
    plan("-M virt -cpu max -m 1G", &opts, &vms);
    vms.release = &unmodelled;
    ck_assert(!virt_acpi_build(&vms, &blobs, &err));
    ck_assert(g_error_matches(err, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED));
    ck_assert_str_eq(err->message,
                     "ACPI tables of QEMU 10.0 are not modelled yet");
    ck_assert_ptr_null(blobs.tables);
    ck_assert_ptr_null(blobs.rsdp);
    ck_assert_ptr_null(blobs.loader);
}
END_TEST

static Suite *acpi_tables_suite(void)
{
    Suite *s = suite_create("acpi-tables");
    TCase *tc = tcase_create("tables");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_checksums, 0, (int)loop_count());
    tcase_add_loop_test(tc, test_all_tables_reached, 0, (int)loop_count());
    tcase_add_loop_test(tc, test_iasl_disassembles, 0, (int)loop_count());
    tcase_add_test(tc, test_write_dir);
    tcase_add_test(tc, test_acpi_off);
    tcase_add_test(tc, test_unsupported);
    tcase_add_test(tc, test_release_not_modelled);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(acpi_tables_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
