/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The text report a person reads: sizes in QEMU's format, a reason for
 * every region that is off or unused, and a table that fits its width
 * without cutting a word.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "hw/arm/virt.h"

/*
 * QEMU's size_to_str() as the real binaries print it: `info qtree` of
 * QEMU 7.2 (Debian bookworm) and 11.1 (sid) with
 *   -drive if=none,id=d,driver=null-co -device virtio-blk-pci,drive=d,
 *   opt_io_size=V        ("opt_io_size = V (TEXT)")
 * and -device pci-testdev,membar=V ("membar = V (TEXT)"); QEMU 10.0's
 * "highmem-mmio-size cannot be set to a lower value than the default
 * (512 GiB)". The 4 B, 24 B and 1000 B rows follow the same rule below
 * 512 (QEMU shows "0 B" and "512 B"); 1000 B is the first value shown
 * in KiB. "1e+03 KiB" is what QEMU prints for 1023488, %.3g rounding up.
 */
static const struct {
    uint64_t v;
    const char *qemu;
} sizes[] = {
    { 0, "0 B" },
    { 4, "4 B" },
    { 24, "24 B" },
    { 512, "512 B" },
    { 999, "999 B" },
    { 1000, "0.977 KiB" },
    { 1024, "1 KiB" },
    { 1536, "1.5 KiB" },
    { 10240, "10 KiB" },
    { 102400, "100 KiB" },
    { 999424, "976 KiB" },
    { 1023488, "1e+03 KiB" },
    { 1024000, "0.977 MiB" },
    { 1047552, "0.999 MiB" },
    { 1048064, "1 MiB" },
    { 16121856, "15.4 MiB" },       /* GIC_REDIST, 15744 KiB */
    { 788443136, "752 MiB" },       /* PCIE_MMIO, 0x2eff0000 */
    { 4294966784, "4 GiB" },
    { 4294967295, "4 GiB" },
    { 549755813888, "512 GiB" },
    { 17592186044416, "16 TiB" },
    { 1125899906842624, "1 PiB" },
    { 9223372036854775808u, "8 EiB" },
};

START_TEST(test_size_to_str)
{
    g_autofree char *s = virt_size_to_str(sizes[_i].v);

    ck_assert_str_eq(s, sizes[_i].qemu);
}
END_TEST

/* Configurations that turn every optional low and high region on or off */
static const char *const configs[] = {
    "",
    "-M virt,gic-version=3",
    "-M virt,gic-version=3,its=off",
    "-M virt,gic-version=2,virtualization=on -cpu max",
    "-M virt,gic-version=4,virtualization=on -cpu max",
    "-M virt,secure=on -cpu max",
    "-M virt,iommu=smmuv3",
    "-M virt-2.6",
    "-M virt-5.0,secure=on -cpu max",
    "-M virt-6.0,gic-version=3",
    "-cpu max -m 4G,slots=2,maxmem=8G -bios fw.bin",
    "-cpu max -m 4G -bios fw.bin -M virt,acpi=off",
    "-cpu max -m 16T",
    "-M virt,highmem=off -m 3G",
    "--qemu-version 10.0 -cpu max "
    "-M virt,highmem-ecam=off,highmem-mmio=off,gic-version=3",
    "-accel kvm --host-ipa-bits 36 -cpu host -m 63G",
    "-accel kvm --host-ipa-bits 40 -cpu host -M virt-5.0",
    "-accel kvm --host-ipa-bits 40 -cpu host -smp 200 "
    "-M virt,gic-version=3",
    "--qemu-version 10.0 -accel kvm --host-ipa-bits 40 -cpu host -smp 100 "
    "-M virt,gic-version=3,highmem-redists=off",
    "--qemu-version 10.0 -cpu max -M virt,gic-version=3",
    "--qemu-version 10.0 -cpu max -M virt,highmem-mmio-size=1T",
};

static void init(const char *args, VirtMachineState *vms, VirtOptions *opts)
{
    g_auto(GStrv) argv = NULL;
    g_autoptr(GError) err = NULL;
    VirtHelpRequest help;
    int argc = 0;

    if (*args) {
        ck_assert(g_shell_parse_argv(args, &argc, &argv, NULL));
    }
    virt_options_init(opts);
    if (!virt_cmdline_parse(opts, argc, argv, &help, &err) ||
        !virt_machine_init(vms, opts, &err)) {
        ck_abort_msg("%s: %s", args, err->message);
    }
}

/* One row of a table: its state and the whole reason, lines joined */
typedef struct Row {
    char *name;
    char *state;
    GString *reason;
} Row;

static void row_free(gpointer p)
{
    Row *r = p;

    g_free(r->name);
    g_free(r->state);
    g_string_free(r->reason, TRUE);
    g_free(r);
}

static void join(GString *s, const char *text)
{
    g_autofree char *t = g_strstrip(g_strdup(text));

    if (*t) {
        g_string_append_printf(s, "%s%s", s->len ? " " : "", t);
    }
}

/*
 * The rows of the table in @text, in order. The REASON heading gives the
 * column (on a line of its own when reasons go under their rows); a line
 * that starts with a blank continues the reason of the row above.
 */
static GPtrArray *parse_table(const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    GPtrArray *rows = g_ptr_array_new_with_free_func(row_free);
    int i, col = -1;
    bool below = false;

    for (i = 0; lines[i] && !g_str_has_prefix(lines[i], "REGION "); i++) {
    }
    ck_assert_ptr_nonnull(lines[i]);
    if (strstr(lines[i], "REASON")) {
        col = (int)(strstr(lines[i], "REASON") - lines[i]);
    } else {
        ck_assert_str_eq(lines[++i], "    REASON");
        col = 4;
        below = true;
    }
    for (i++; lines[i] && *lines[i]; i++) {
        const char *l = lines[i];

        if (*l != ' ') {
            Row *r = g_new0(Row, 1);
            g_autofree char *head =
                g_strndup(l, below ? strlen(l) : (size_t)col);
            g_auto(GStrv) words = g_strsplit_set(g_strstrip(head), " ", -1);

            r->name = g_strdup(words[0]);
            r->state = g_strdup(words[g_strv_length(words) - 1]);
            r->reason = g_string_new(NULL);
            if (!below && (int)strlen(l) > col) {
                ck_assert_msg(l[col - 1] == ' ', "%s", l);
                join(r->reason, l + col);
            }
            g_ptr_array_add(rows, r);
        } else {
            ck_assert_uint_gt(rows->len, 0);
            ck_assert_msg(!below || g_str_has_prefix(l, "    "), "%s", l);
            ck_assert_msg(below || ((int)strlen(l) > col &&
                                    strspn(l, " ") == (size_t)col),
                          "not under REASON: '%s'", l);
            join(((Row *)g_ptr_array_index(rows, rows->len - 1))->reason, l);
        }
    }
    return rows;
}

/* Every region that is off or unused says why, in full */
START_TEST(test_reasons)
{
    g_auto(VirtOptions) opts = { 0 };
    VirtMachineState vms;
    g_autofree char *text = NULL;
    g_autoptr(GPtrArray) rows = NULL;
    guint i;

    init(configs[_i], &vms, &opts);
    text = virt_machine_describe_width(&vms, 0);
    rows = parse_table(text);
    ck_assert_uint_ge(rows->len, VIRT_MEMMAP_LAST);
    for (i = 0; i < rows->len; i++) {
        Row *r = g_ptr_array_index(rows, i);
        const char *why = r->reason->str;

        ck_assert_msg(!strcmp(r->state, "on") || !strcmp(r->state, "off") ||
                          !strcmp(r->state, "unused"),
                      "%s: %s: state '%s'", configs[_i], r->name, r->state);
        if (!strcmp(r->state, "on")) {
            continue;
        }
        ck_assert_msg(strlen(why) >= 10, "%s: %s is %s without a reason",
                      configs[_i], r->name, r->state);
        /* a sentence that stops short ends on a verb or an article */
        ck_assert_msg(!g_str_has_suffix(why, " is") &&
                          !g_str_has_suffix(why, " the") &&
                          !g_str_has_suffix(why, " a") &&
                          !g_str_has_suffix(why, ":"),
                      "%s: %s: cut reason '%s'", configs[_i], r->name, why);
    }
}
END_TEST

static int longest_line(const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    int i, n = 0;

    for (i = 0; lines[i]; i++) {
        n = MAX(n, (int)strlen(lines[i]));
        ck_assert_msg(!g_str_has_suffix(lines[i], " "),
                      "trailing blank: '%s'", lines[i]);
    }
    return n;
}

static const int widths[] = { 1, 39, 40, 45, 50, 60, 72, 80, 100, 132, 200 };

/*
 * At every width the table fits (40 at least), and wrapping changes no
 * row, no state and no word of a reason: the same rows as one line each.
 */
START_TEST(test_width)
{
    g_auto(VirtOptions) opts = { 0 };
    VirtMachineState vms;
    g_autofree char *wide = NULL;
    g_autoptr(GPtrArray) want = NULL;
    guint w, i;

    init(configs[_i], &vms, &opts);
    wide = virt_machine_describe_width(&vms, 0);
    want = parse_table(wide);
    for (w = 0; w < G_N_ELEMENTS(widths); w++) {
        int width = MAX(widths[w], 40);
        g_autofree char *text = virt_machine_describe_width(&vms, widths[w]);
        g_autoptr(GPtrArray) got = parse_table(text);
        int n = longest_line(text);

        ck_assert_msg(n <= width, "%s: a line of %d columns at width %d\n%s",
                      configs[_i], n, width, text);
        ck_assert_uint_eq(got->len, want->len);
        for (i = 0; i < got->len; i++) {
            Row *g = g_ptr_array_index(got, i);
            Row *r = g_ptr_array_index(want, i);

            ck_assert_str_eq(g->name, r->name);
            ck_assert_str_eq(g->state, r->state);
            ck_assert_str_eq(g->reason->str, r->reason->str);
        }
    }
}
END_TEST

/* Which columns a width keeps: END goes first, then SIZE */
START_TEST(test_columns)
{
    g_auto(VirtOptions) opts = { 0 };
    VirtMachineState vms;
    g_autofree char *w200 = NULL;
    g_autofree char *w80 = NULL;
    g_autofree char *w40 = NULL;
    g_autofree char *dflt = NULL;

    init("-M virt,gic-version=3", &vms, &opts);
    w200 = virt_machine_describe_width(&vms, 200);
    w80 = virt_machine_describe_width(&vms, 80);
    w40 = virt_machine_describe_width(&vms, 40);
    dflt = virt_machine_describe(&vms);

    ck_assert_str_eq(dflt, w80);
    ck_assert_ptr_nonnull(strstr(w200, " END "));
    ck_assert_ptr_nonnull(strstr(w200, " SIZE "));
    ck_assert_ptr_null(strstr(w80, " END "));
    ck_assert_ptr_nonnull(strstr(w80, " SIZE "));
    ck_assert_ptr_nonnull(strstr(w80, "15.4 MiB"));
    ck_assert_ptr_nonnull(strstr(w40, "\n    REASON\n"));
    /* an address has the digits the highest one needs: 0xff_ffff_ffff */
    ck_assert_ptr_nonnull(strstr(w200, "0x8000000000 0xffffffffff"));
}
END_TEST

static Suite *report_suite(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("text");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_size_to_str, 0, G_N_ELEMENTS(sizes));
    tcase_add_loop_test(tc, test_reasons, 0, G_N_ELEMENTS(configs));
    tcase_add_loop_test(tc, test_width, 0, G_N_ELEMENTS(configs));
    tcase_add_test(tc, test_columns);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(report_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
