/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The library API on hostile user data: every public function must
 * refuse bad input with a GError (VIRT_ERROR) and never abort, crash or
 * print a GLib critical (this test makes criticals fatal). NULL where a
 * pointer to an object is required is a programming error and is not
 * tested; NULL or garbage *data* is.
 */
#include <check.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "hw/acpi/acpi-build.h"
#include "hw/arm/virt-acpi.h"
#include "hw/arm/virt-fdt.h"
#include "hw/arm/virt.h"
#include "virt/output.h"

#define MIB_STRING (1024 * 1024)

static void assert_error(bool ok, GError *err, const char *what)
{
    ck_assert_msg(!ok, "%s: accepted", what);
    ck_assert_msg(err != NULL, "%s: refused without an error", what);
    ck_assert_msg(err->domain == VIRT_ERROR && err->message[0] != '\0',
                  "%s: bad error", what);
}

typedef bool (*Setter)(VirtOptions *opts, const char *arg, GError **errp);

static const struct {
    const char *name;
    Setter set;
} setters[] = {
    { "machine", virt_options_set_machine },
    { "memory", virt_options_set_memory },
    { "smp", virt_options_set_smp },
    { "cpu", virt_options_set_cpu },
    { "accel", virt_options_set_accel },
    { "host-ipa", virt_options_set_host_ipa },
};

/* 1 MiB strings, bytes above 0x7f, control characters: refused */
START_TEST(test_setters_garbage)
{
    g_autofree char *big = g_malloc(MIB_STRING + 1);
    const char *garbage[] = {
        big, "\xff\xfe\x80", "\x01\x02\x03", "virt,\xc3\x28=on",
        "\t", "=", ",,,,", "1G,slots=\xff",
    };

    memset(big, 'x', MIB_STRING);
    big[MIB_STRING] = '\0';
    for (size_t i = 0; i < G_N_ELEMENTS(setters); i++) {
        for (size_t j = 0; j < G_N_ELEMENTS(garbage); j++) {
            g_auto(VirtOptions) opts;
            g_autoptr(GError) err = NULL;
            bool ok;

            virt_options_init(&opts);
            ok = setters[i].set(&opts, garbage[j], &err);
            ck_assert_msg(ok == (err == NULL), "%s", setters[i].name);
            /* only "-M x...x" has no '=' and is a machine type: refused */
            if (j == 0) {
                assert_error(ok, err, setters[i].name);
            }
        }
    }
}
END_TEST

START_TEST(test_size_garbage)
{
    uint64_t v = 7;

    ck_assert_int_eq(virt_parse_size(NULL, 1, &v), -EINVAL);
    ck_assert_int_eq(virt_parse_size("", 1, &v), -EINVAL);
    ck_assert_int_eq(virt_parse_size("1G\n", 1, &v), -EINVAL);
    ck_assert_int_eq(virt_parse_size("0x", 1, &v), -EINVAL);
    ck_assert_int_eq(virt_parse_size("99999999999999999999999", 1, &v),
                     -ERANGE);
    ck_assert_int_eq(virt_parse_size("15.9999999999999999E", 1, &v),
                     -ERANGE);
    ck_assert_uint_eq(v, 7);
}
END_TEST

/* Arguments that are empty strings, or a 1 MiB option name */
START_TEST(test_cmdline_garbage)
{
    g_autofree char *big = g_malloc(MIB_STRING + 1);
    char *argv1[] = { (char *)"", NULL };
    char *argv2[] = { (char *)"-M", (char *)"", NULL };
    char *argv3[] = { big, (char *)"x", NULL };
    char **argvs[] = { argv1, argv2, argv3 };

    memset(big, '-', MIB_STRING);
    big[MIB_STRING] = '\0';
    for (size_t i = 0; i < G_N_ELEMENTS(argvs); i++) {
        g_auto(VirtOptions) opts;
        GError *err = NULL;
        VirtHelpRequest help;
        bool ok;

        virt_options_init(&opts);
        ok = virt_cmdline_parse(&opts, (int)g_strv_length(argvs[i]),
                                argvs[i], &help, &err);
        assert_error(ok, err, "cmdline");
        g_error_free(err);
    }
}
END_TEST

/* VirtOptions a library caller filled in badly */
typedef void (*Spoil)(VirtOptions *o);

static void spoil_ram(VirtOptions *o) { o->ram_size = UINT64_MAX; }
static void spoil_maxmem(VirtOptions *o)
{
    o->ram_size = 2 * VIRT_GiB;
    o->maxram_size = VIRT_GiB;
}
static void spoil_slots(VirtOptions *o)
{
    o->maxram_size = 4 * VIRT_GiB;
    o->ram_slots = 100000;
}
static void spoil_smp(VirtOptions *o)
{
    o->smp = (VirtSmp){ 4, 2, 1, 1, 1, 1 };
}
static void spoil_smp_zero(VirtOptions *o)
{
    o->smp = (VirtSmp){ 4, 4, 2, 0, 2, 1 };
}
static void spoil_mmio(VirtOptions *o) { o->highmem_mmio_size = 1000; }
static void spoil_oem(VirtOptions *o) { o->oem_id = g_strdup("1234567"); }
static void spoil_kvm(VirtOptions *o)
{
    o->accel = VIRT_ACCEL_KVM;
    o->host.kvm_ipa_bits = 99;
}
static void spoil_hvf(VirtOptions *o)
{
    o->accel = VIRT_ACCEL_HVF;
    o->host.hvf_default_ipa = 44;
    o->host.hvf_max_ipa = 40;
}
static void spoil_cpu(VirtOptions *o) { o->cpu_name = g_strdup("\xff"); }

static const Spoil spoils[] = {
    spoil_ram, spoil_maxmem, spoil_slots, spoil_smp, spoil_smp_zero,
    spoil_mmio, spoil_oem, spoil_kvm, spoil_hvf, spoil_cpu,
};

START_TEST(test_machine_garbage)
{
    g_auto(VirtOptions) opts;
    VirtMachineState vms;
    GError *err = NULL;
    bool ok;

    virt_options_init(&opts);
    spoils[_i](&opts);
    ok = virt_machine_init(&vms, &opts, &err);
    assert_error(ok, err, "virt_machine_init");
    g_error_free(err);
}
END_TEST

START_TEST(test_plan_garbage)
{
    VirtMemMapRequest reqs[] = {
        { .ram_size = VIRT_GiB, .maxram_size = VIRT_GiB, .pa_bits = 0 },
        { .ram_size = VIRT_GiB, .maxram_size = VIRT_GiB, .pa_bits = 64,
          .highmem = true },
        { .ram_size = VIRT_GiB, .maxram_size = VIRT_GiB, .pa_bits = -5,
          .highmem = true },
        { .ram_size = UINT64_MAX, .maxram_size = UINT64_MAX, .pa_bits = 52,
          .highmem = true },
        { .ram_size = VIRT_GiB, .maxram_size = 2 * VIRT_GiB,
          .ram_slots = 4096, .pa_bits = 52, .highmem = true },
        { .ram_size = 2 * VIRT_GiB, .maxram_size = VIRT_GiB, .pa_bits = 40,
          .highmem = true },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(reqs); i++) {
        VirtMemMap map;
        GError *err = NULL;
        bool ok = virt_memmap_plan(&reqs[i], &map, &err);

        ck_assert_msg(!ok, "virt_memmap_plan: request %zu accepted", i);
        assert_error(ok, err, "virt_memmap_plan");
        g_error_free(err);
    }
}
END_TEST

/* Writers given a state virt_machine_init() never resolved */
START_TEST(test_writers_unresolved)
{
    VirtMachineState vms;
    g_auto(VirtAcpiBlobs) blobs = { 0 };
    GError *err = NULL;
    void *blob = NULL;
    size_t size = 0;
    bool ok;

    memset(&vms, 0, sizeof(vms));
    ok = virt_fdt_build(&vms, &blob, &size, &err);
    assert_error(ok, err, "virt_fdt_build");
    ck_assert_ptr_null(blob);
    g_clear_error(&err);
    vms.acpi = true;
    ok = virt_acpi_build(&vms, &blobs, &err);
    assert_error(ok, err, "virt_acpi_build");
    g_clear_error(&err);
}
END_TEST

START_TEST(test_link_garbage)
{
    VirtAcpiBlobs empty = { 0 };
    VirtAcpiBlobs junk = { 0 };
    GError *err = NULL;
    GPtrArray *t;
    guint8 cmd[ACPI_LOADER_ENTRY_SIZE] = { 0x77 };

    t = virt_acpi_link_blobs(&empty, 0, &err);
    assert_error(t != NULL, err, "link empty blobs");
    g_clear_error(&err);

    junk.tables = g_bytes_new_static("xyz", 3);
    junk.rsdp = g_bytes_new_static("RSD PTR ", 8);
    junk.loader = g_bytes_new(cmd, sizeof(cmd));
    t = virt_acpi_link_blobs(&junk, UINT64_MAX, &err);
    assert_error(t != NULL, err, "link junk");
    g_clear_error(&err);
    virt_acpi_blobs_clear(&junk);
}
END_TEST

START_TEST(test_write_file_garbage)
{
    const char *paths[] = { "", "/", "/proc/virtboard-api-test",
                            "/nonexistent-dir/x" };

    for (size_t i = 0; i < G_N_ELEMENTS(paths); i++) {
        GError *err = NULL;
        bool ok = virt_output_write(paths[i], "x", 1, &err);

        assert_error(ok, err, paths[i]);
        g_error_free(err);
    }
}
END_TEST

/* A shell script @path that runs @body */
static void write_script(const char *path, const char *body)
{
    g_autofree char *text = g_strdup_printf("#!/bin/sh\n%s\n", body);

    ck_assert(g_file_set_contents(path, text, -1, NULL));
    ck_assert_int_eq(g_chmod(path, 0755), 0);
}

/* The release API: names, micro versions, binaries that cannot answer */
START_TEST(test_release_api)
{
    static const char *const bad[] = {
        "", "7", "7.", "7.20", "72", "v7.2", "8.2", "7.2x", "-7.2",
    };
    g_autofree char *dir = g_dir_make_tmp("virtboard-release-XXXXXX", NULL);
    g_autofree char *fake = g_build_filename(dir, "qemu", NULL);
    g_autofree char *rm = g_strdup_printf("rm -rf '%s'", dir);
    const VirtRelease *const *list;
    GError *err = NULL;
    size_t n, i;

    list = virt_release_list(&n);
    ck_assert_uint_ge(n, 1);
    /*
     * the default: the newest release modelled in full (with ACPI, and
     * PCI devices in it)
     */
    for (i = n; i-- > 0;) {
        if (list[i]->acpi_modelled && !list[i]->acpi_pci_bus_devices) {
            break;
        }
    }
    ck_assert_uint_lt(i, n);
    ck_assert_ptr_eq(list[i], virt_release_default());
    ck_assert_str_eq(virt_release_name(virt_release_find("7.2")), "7.2");
    ck_assert_ptr_eq(virt_release_find("7.2.22"), virt_release_find("7.2"));
    ck_assert_ptr_eq(virt_release_find("7.2.0-rc1"),
                     virt_release_find("7.2"));
    ck_assert_ptr_null(virt_release_find(NULL));
    for (i = 0; i < G_N_ELEMENTS(bad); i++) {
        ck_assert_msg(virt_release_find(bad[i]) == NULL, "'%s'", bad[i]);
    }
    ck_assert_ptr_null(virt_release_name(NULL));

    /* Debian 12's first line, then one that is no QEMU, then a failure */
    write_script(fake, "echo 'QEMU emulator version 7.2.22 (Debian "
                       "1:7.2+dfsg-7)'");
    ck_assert_ptr_eq(virt_release_probe(fake, NULL), virt_release_find("7.2"));
    write_script(fake, "echo 'QEMU emulator version 99.1.0'");
    ck_assert_ptr_null(virt_release_probe(fake, &err));
    ck_assert_msg(strstr(err->message, "QEMU 99.1.0 is not modelled"), "%s",
                  err->message);
    g_clear_error(&err);
    write_script(fake, "echo hello");
    ck_assert_ptr_null(virt_release_probe(fake, &err));
    g_clear_error(&err);
    write_script(fake, "exit 3");
    ck_assert_ptr_null(virt_release_probe(fake, &err));
    g_clear_error(&err);
    ck_assert_ptr_null(virt_release_probe(dir, &err));
    assert_error(false, err, "virt_release_probe");
    g_clear_error(&err);
    ck_assert_int_eq(system(rm), 0);
}
END_TEST

/* A library caller's VirtOptions gets the parser's rules */
START_TEST(test_release_properties)
{
    g_auto(VirtOptions) opts;
    VirtMachineState vms;
    g_autoptr(GError) err = NULL;

    virt_options_init(&opts);
    ck_assert_ptr_eq(opts.release, virt_release_default());
    opts.release = virt_release_find("7.2");
    opts.highmem_mmio = ON_OFF_AUTO_OFF;
    ck_assert(!virt_machine_init(&vms, &opts, &err));
    ck_assert_str_eq(err->message,
                     "Property 'virt-7.2-machine.highmem-mmio' not found");
    ck_assert(!virt_release_has_property(opts.release, "highmem-mmio"));
    ck_assert(virt_release_has_property(opts.release, "highmem"));
    ck_assert(!virt_release_has_property(opts.release, "no-such"));
}
END_TEST

/*
 * The machine-type compat table at each boundary: the newest type with
 * the old behaviour, and the next one (QEMU's virt_machine_X_Y_options)
 */
START_TEST(test_compat_boundaries)
{
    static const struct {
        const char *old, *next;
        size_t offset;
    } rows[] = {
#define ROW(o, n, f) { o, n, offsetof(VirtCompat, f) }
        ROW("virt-2.6", "virt-2.7", disallow_affinity_adjustment),
        ROW("virt-2.6", "virt-2.7", no_pmu),
        ROW("virt-2.7", "virt-2.8", no_its),
        ROW("virt-2.8", "virt-2.9", claim_edge_triggered_timers),
        ROW("virt-2.12", "virt-3.0", no_highmem_ecam),
        ROW("virt-4.1", "virt-4.2", no_ged),
        ROW("virt-5.0", "virt-5.1", acpi_expose_flash),
        ROW("virt-5.0", "virt-5.1", no_auto_numa_with_memdev),
        ROW("virt-5.1", "virt-5.2", no_kvm_steal_time),
        ROW("virt-5.2", "virt-6.0", no_secure_gpio),
        ROW("virt-6.1", "virt-6.2", no_cpu_topology),
        ROW("virt-6.1", "virt-6.2", no_tcg_its),
        ROW("virt-7.1", "virt-7.2", no_highmem_compact),
        ROW("virt-8.2", "virt-9.0", no_el2_vtimer),
#undef ROW
    };
    /* 10.0 offers every type from virt-2.6 on */
    const VirtRelease *r = virt_release_find("10.0");
    VirtCompat a, b;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(rows); i++) {
        virt_compat_init(&a, virt_release_machine_type(r, rows[i].old));
        virt_compat_init(&b, virt_release_machine_type(r, rows[i].next));
        ck_assert_msg(*(bool *)((char *)&a + rows[i].offset) &&
                          !*(bool *)((char *)&b + rows[i].offset),
                      "row %zu (%s)", i, rows[i].old);
    }
    virt_compat_init(&a, virt_release_machine_type(r, "virt-2.12"));
    virt_compat_init(&b, virt_release_machine_type(r, "virt-3.0"));
    ck_assert_uint_eq(a.max_cpus, 255);
    ck_assert_uint_eq(b.max_cpus, 512);
    /* the newest type carries no compat at all */
    virt_compat_init(&a, virt_release_machine_type(r, "virt"));
    memset(&b, 0, sizeof(b));
    b.max_cpus = 512;
    ck_assert(memcmp(&a, &b, sizeof(a)) == 0);
}
END_TEST

/* Each release's DTB steps list every step once; its ACPI tables too */
START_TEST(test_release_layout)
{
    size_t n, i;
    const VirtRelease *const *list = virt_release_list(&n);

    for (i = 0; i < n; i++) {
        bool seen[VIRT_DT_STEP_COUNT] = { false };
        const VirtAcpiTableRev *t;
        int s;

        for (s = 0; s < VIRT_DT_STEP_COUNT; s++) {
            VirtDtStep step = list[i]->dt_steps[s];

            ck_assert_int_lt(step, VIRT_DT_STEP_COUNT);
            ck_assert_msg(!seen[step], "%s: step %d twice", list[i]->name,
                          (int)step);
            seen[step] = true;
        }
        for (t = list[i]->acpi_tables; t->sig; t++) {
            ck_assert_uint_eq(strlen(t->sig), 4);
            ck_assert_uint_eq(virt_release_acpi_revision(list[i], t->sig),
                              t->revision);
        }
        ck_assert_str_eq(list[i]->machine_types[0].alias, "virt");
    }
    /* 7.2's, as virt-acpi-test finds them in QEMU 7.2's tables */
    ck_assert_uint_eq(virt_release_acpi_revision(virt_release_find("7.2"),
                                                 "FACP"),
                      6);
    ck_assert_uint_eq(virt_release_acpi_revision(virt_release_find("7.2"),
                                                 "IORT"),
                      3);
}
END_TEST

static Suite *api_suite(void)
{
    Suite *s = suite_create("api");
    TCase *tc = tcase_create("hostile");

    tcase_add_test(tc, test_setters_garbage);
    tcase_add_test(tc, test_size_garbage);
    tcase_add_test(tc, test_cmdline_garbage);
    tcase_add_loop_test(tc, test_machine_garbage, 0, G_N_ELEMENTS(spoils));
    tcase_add_test(tc, test_plan_garbage);
    tcase_add_test(tc, test_writers_unresolved);
    tcase_add_test(tc, test_link_garbage);
    tcase_add_test(tc, test_write_file_garbage);
    tcase_add_test(tc, test_release_api);
    tcase_add_test(tc, test_release_properties);
    tcase_add_test(tc, test_compat_boundaries);
    tcase_add_test(tc, test_release_layout);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(api_suite());
    int failed;

    g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL |
                           G_LOG_LEVEL_WARNING);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
