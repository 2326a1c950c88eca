/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: the QEMU-style option parser.
 *
 * Input: one selector byte, then the text. The selector picks what the
 * text is fed to: one -M, -m, -smp, -cpu, -accel or --host-ipa-bits
 * argument, a qemu_strtosz size, (7) a whole argument vector split at
 * NUL bytes for virt_cmdline_parse(), (8) one -device, -blockdev,
 * -object, -netdev, -global and -cpu max,... argument (keyval or JSON),
 * or (9) an option name looked up in the release's option table, alone
 * and with an argument. Checked: success and a VIRT_ERROR
 * go together, failures leave the options untouched, accepted values
 * satisfy the documented rules (RAM in 8 KiB units, a consistent -smp
 * topology), and nothing leaks.
 */
#include "fuzz-common.h"

#include <errno.h>
#include <string.h>

enum {
    FUZZ_OPTS_MACHINE,
    FUZZ_OPTS_MEMORY,
    FUZZ_OPTS_SMP,
    FUZZ_OPTS_CPU,
    FUZZ_OPTS_ACCEL,
    FUZZ_OPTS_HOST_IPA,
    FUZZ_OPTS_SIZE,
    FUZZ_OPTS_ARGV,
    FUZZ_OPTS_OBJECT,
    FUZZ_OPTS_OPTION,
    FUZZ_OPTS_COUNT,
};

typedef bool (*FuzzSetter)(VirtOptions *opts, const char *arg,
                           GError **errp);

static const FuzzSetter fuzz_setters[] = {
    [FUZZ_OPTS_MACHINE] = virt_options_set_machine,
    [FUZZ_OPTS_MEMORY] = virt_options_set_memory,
    [FUZZ_OPTS_SMP] = virt_options_set_smp,
    [FUZZ_OPTS_CPU] = virt_options_set_cpu,
    [FUZZ_OPTS_ACCEL] = virt_options_set_accel,
    [FUZZ_OPTS_HOST_IPA] = virt_options_set_host_ipa,
};

static void fuzz_check_smp(const VirtSmp *s)
{
    uint64_t product = (uint64_t)s->sockets * s->clusters * s->cores *
                       s->threads;

    FUZZ_CHECK(s->cpus >= 1 && s->cpus <= s->max_cpus);
    FUZZ_CHECK(product == s->max_cpus);
}

static void fuzz_setter(int which, const char *arg)
{
    g_auto(VirtOptions) opts;
    VirtOptions before;
    GError *err = NULL;
    bool ok;

    virt_options_init(&opts);
    before = opts;
    ok = fuzz_setters[which](&opts, arg, &err);
    fuzz_check_result(ok, err);
    if (!ok) {
        /* a failed -m, -smp or -accel changes nothing */
        if (which == FUZZ_OPTS_MEMORY || which == FUZZ_OPTS_SMP ||
            which == FUZZ_OPTS_ACCEL) {
            FUZZ_CHECK(memcmp(&opts, &before, sizeof(opts)) == 0);
        }
        return;
    }
    if (which == FUZZ_OPTS_MEMORY) {
        FUZZ_CHECK(opts.ram_size % 8192 == 0);
    } else if (which == FUZZ_OPTS_SMP) {
        fuzz_check_smp(&opts.smp);
    } else if (which == FUZZ_OPTS_MACHINE && opts.highmem_mmio_size) {
        FUZZ_CHECK((opts.highmem_mmio_size &
                    (opts.highmem_mmio_size - 1)) == 0);
    }
}

static void fuzz_size(const char *arg)
{
    static const uint64_t units[] = { 1, VIRT_KiB, VIRT_MiB };
    uint64_t v = 0x5a5a5a5a;

    for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
        int r = virt_parse_size(arg, units[i], &v);

        FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ERANGE);
        FUZZ_CHECK(r == 0 || v == 0x5a5a5a5a);
        /* a plain decimal number is the number times the unit */
        if (r == 0 && arg[0] >= '1' && arg[0] <= '9' &&
            strspn(arg, "0123456789") == strlen(arg) &&
            strlen(arg) < 10) {
            FUZZ_CHECK(v == g_ascii_strtoull(arg, NULL, 10) * units[i]);
        }
        v = 0x5a5a5a5a;
    }
}

static void fuzz_argv(const uint8_t *data, size_t size)
{
    g_auto(VirtOptions) opts;
    g_auto(GStrv) argv = NULL;
    VirtHelpRequest help = VIRT_HELP_NONE;
    GError *err = NULL;
    int argc;
    bool ok;

    argv = fuzz_split_argv(data, size, 64, &argc);
    virt_options_init(&opts);
    ok = virt_cmdline_parse(&opts, argc, argv, &help, &err);
    fuzz_check_result(ok, err);
    if (ok && help != VIRT_HELP_NONE) {
        g_autofree char *text = virt_help_text(help, &opts);
        g_autofree char *json = virt_help_to_json(help, &opts);

        FUZZ_CHECK(text != NULL && text[0] != '\0');
        FUZZ_CHECK(json != NULL && json[0] == '{');
    } else if (ok) {
        if (opts.smp.max_cpus) {
            fuzz_check_smp(&opts.smp);
        }
        FUZZ_CHECK(opts.ram_size % 8192 == 0);
    }
}

/* One parse of @argv; the result and the error agree */
static void fuzz_parse(int argc, char **argv)
{
    g_auto(VirtOptions) opts;
    VirtHelpRequest help = VIRT_HELP_NONE;
    GError *err = NULL;
    bool ok;

    virt_options_init(&opts);
    ok = virt_cmdline_parse(&opts, argc, argv, &help, &err);
    fuzz_check_result(ok, err);
    g_clear_error(&err);
}

/* -device and its kin: keyval or JSON; -global; CPU properties */
static void fuzz_object(const char *arg)
{
    static const char *const opts[] = {
        "-device", "-blockdev", "-object", "-netdev", "-audiodev",
        "-global", "-drive",
    };
    g_autofree char *cpu = g_strdup_printf("max,%s", arg);
    char *argv[2];

    for (size_t i = 0; i < G_N_ELEMENTS(opts); i++) {
        argv[0] = (char *)opts[i];
        argv[1] = (char *)arg;
        fuzz_parse(2, argv);
    }
    argv[0] = (char *)"-cpu";
    argv[1] = cpu;
    fuzz_parse(2, argv);
}

/* The option table: "-NAME" alone, and with an argument */
static void fuzz_option(const char *name)
{
    g_autofree char *opt = g_strdup_printf("-%s", name);
    char *argv[] = { opt, (char *)"x" };

    fuzz_parse(1, argv);
    fuzz_parse(2, argv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *arg = NULL;
    int which;

    fuzz_init();
    if (size < 1) {
        return 0;
    }
    which = data[0] % FUZZ_OPTS_COUNT;
    if (which == FUZZ_OPTS_ARGV) {
        fuzz_argv(data + 1, size - 1);
        return 0;
    }
    arg = fuzz_strndup(data + 1, size - 1);
    if (which == FUZZ_OPTS_SIZE) {
        fuzz_size(arg);
    } else if (which == FUZZ_OPTS_OBJECT) {
        fuzz_object(arg);
    } else if (which == FUZZ_OPTS_OPTION) {
        fuzz_option(arg);
    } else {
        fuzz_setter(which, arg);
    }
    return 0;
}
