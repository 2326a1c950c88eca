/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtboard: describe QEMU's Arm virt board for a QEMU command line.
 *
 *   virtboard [--json] [--svg FILE] [--qemu-version X.Y | --qemu PATH]
 *             [QEMU options...]
 *   virtboard plan [--json] [--svg FILE] [...]
 *
 * Prints the memory map with the state of every region and why, the
 * highest guest-physical address, the IPA size a VM needs and the RAM and
 * vCPU limits; with -M virt,dumpdtb=FILE writes the device tree. Errors
 * use QEMU's text, prefixed with "virtboard: " (with --json also a JSON
 * object on stdout); the exit status tells their kind
 * (virtboard-errors.h).
 */
#include "hw/arm/virt.h"
#include "hw/arm/virt-plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef G_OS_UNIX
#include <sys/ioctl.h>
#include <unistd.h>
#endif

#include "virt/output.h"
#include "virtboard-conform.h"
#include "virtboard-errors.h"
#include "virtboard-outputs.h"

static const char usage[] =
    "Usage: virtboard [--json] [--svg FILE] [--quiet] [QEMU options...]\n"
    "       virtboard plan [--json] [--svg FILE] [--quiet] "
    "[QEMU options...]\n"
    "       virtboard conform [--json] QEMU_BINARY\n"
    "\n"
    "Describe the guest-physical memory map of QEMU's Arm 'virt' board for\n"
    "a QEMU command line, and write its device tree and ACPI tables.\n"
    "\n"
    "'plan' gives the host's limits (largest -m and maxmem, vCPUs per GIC\n"
    "version, where each high region stops fitting) and, for a requested\n"
    "configuration, whether it fits, the smallest changes that make it fit\n"
    "(each checked with the model), the IPA size it needs, and the QEMU\n"
    "8.0+ and 7.0-7.2 command lines. It writes no DTB or ACPI tables:\n"
    "dumpdtb= and dumpacpi= are refused there.\n"
    "\n"
    "'conform' runs QEMU_BINARY (under TCG, stopped) over a built-in\n"
    "matrix that exercises the reduced-IPA and highmem behaviours, and\n"
    "compares every result (accepted or refused, the message, the DTB,\n"
    "the ACPI tables where modelled) with virtboard's model of the\n"
    "binary's release ('--version'). It reports each behaviour as\n"
    "present, absent or differs (with the first differing configuration\n"
    "and a short diff); progress goes to stderr.\n"
    "\n"
    "virtboard options:\n"
    "  --qemu-version X.Y     the QEMU release to model (default: the newest\n"
    "                         modelled in full; --version lists them)\n"
    "  --qemu PATH            the release of that binary ('PATH --version')\n"
    "  --no-default-machine   refuse a command line without -M TYPE, as\n"
    "                         QEMU does (default: -M virt)\n"
    "  --json                 print the description (or a help list) as\n"
    "                         one JSON object\n"
    "  --svg FILE             draw the address space as an SVG picture\n"
    "  --quiet                write the files, print no table or JSON\n"
    "  --host-ipa-bits N      KVM host IPA limit (default: read /dev/kvm)\n"
    "  --host-ipa-bits D:M    HVF default and maximum IPA sizes\n"
    "  --host-ipa-bits none   KVM without KVM_CAP_ARM_VM_IPA_SIZE (40 bits)\n"
    "  -h, --help             this text\n"
    "  -V, --version          the version\n"
    "\n"
    "QEMU options understood:\n"
    "  -M/-machine TYPE[,prop=value...]   -M help, -M virt,help\n"
    "  -m SIZE[,slots=N,maxmem=SIZE]      -smp N[,maxcpus=,sockets=,...]\n"
    "  -cpu MODEL (-cpu help)             -accel tcg|kvm|hvf\n"
    "  -bios FILE, -drive if=pflash,...   firmware loaded\n"
    "  -kernel FILE, -initrd FILE, -append CMDLINE\n"
    "  -M virt,dumpdtb=FILE               write the DTB\n"
    "  -M virt,dumpacpi=DIR               write the ACPI tables\n"
    "\n"
    "Output files (--svg, dumpdtb=, dumpacpi=): a regular file is replaced\n"
    "through a temporary file and a rename, keeping its mode and owner; a\n"
    "symlink is followed; a character device, FIFO or socket is written in\n"
    "place, never replaced. FILE '-' (or /dev/stdout) is standard output,\n"
    "and the table is then not printed; dumpacpi=- writes the tables one\n"
    "after the other. Only one output may go to standard output.\n"
    "Options that do not change the board (-display, -nographic,\n"
    "-nodefaults, -S, -serial, -monitor, PCI -device, ...) are ignored.\n"
    "The table fits $COLUMNS, else the terminal, else 80 columns.\n"
    "\n"
    "Exit status:\n"
    "  0  success; plan: the configuration fits\n"
    "  1  a configuration QEMU refuses (QEMU's message), or one virtboard\n"
    "     does not model\n"
    "  2  plan: the configuration does not fit\n"
    "  3  invalid usage: an unknown option, a malformed value, a missing\n"
    "     argument\n"
    "  4  an I/O error: an output cannot be written, or a kernel read\n"
    "conform: 0 the binary matches the model of its release, 1 it differs\n"
    "(the behaviours are named), 3 invalid usage, 5 the binary cannot be\n"
    "checked (it does not run or does not say its version).\n"
    "Errors go to stderr; with --json an error is also a JSON object on\n"
    "stdout (\"kind\": \"error\"). --quiet keeps errors and warnings.\n"
    "\n"
    "See virtboard(1) (man virtboard) for every property, the memory map\n"
    "and the exit statuses.\n";

typedef struct CliArgs {
    bool plan;
    const char *cpu_note;  /* plan: -cpu host added for this accelerator */
    bool json;
    bool quiet;           /* --quiet: no table, no JSON */
    const char *svg;
    const char *qemu;     /* --qemu PATH */
    bool qemu_version;    /* --qemu-version given (parsed with the rest) */
    bool no_default;      /* --no-default-machine */
    GPtrArray *qemu_argv; /* borrowed strings */
    const char *missing;  /* an option of ours without its argument */
} CliArgs;

/* virtboard's own options, for suggestions */
static const char *const cli_own_options[] = {
    "--json", "--svg", "--quiet", "--qemu", "--no-default-machine",
    "--help", "--version", "-h", "-V",
};

static void cli_version(void)
{
    size_t n, i;
    const VirtRelease *const *list = virt_release_list(&n);

    printf("virtboard %s\nmodelled QEMU releases (virt board):",
           VIRTBOARD_VERSION);
    for (i = 0; i < n; i++) {
        printf(" %s%s", virt_release_name(list[i]),
               list[i] == virt_release_default() ? " (default)" : "");
    }
    putchar('\n');
}

/* Take virtboard's own flags out; leave QEMU's in order. */
static int cli_split(int argc, char **argv, CliArgs *cli)
{
    int i;

    cli->qemu_argv = g_ptr_array_new();
    i = 1;
    if (argc > 1 && !strcmp(argv[1], "plan")) {
        cli->plan = true;
        i = 2;
    }
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            cli->json = true;
        } else if (!strcmp(argv[i], "--quiet")) {
            cli->quiet = true;
        } else if (!strcmp(argv[i], "--no-default-machine")) {
            cli->no_default = true;
        } else if ((!strcmp(argv[i], "--svg") ||
                    !strcmp(argv[i], "--qemu")) && i + 1 >= argc) {
            cli->missing = argv[i];
        } else if (!strcmp(argv[i], "--svg")) {
            cli->svg = argv[++i];
        } else if (!strcmp(argv[i], "--qemu")) {
            cli->qemu = argv[++i];
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version")) {
            cli_version();
            return 0;
        } else {
            cli->qemu_version |= !strcmp(argv[i], "--qemu-version");
            g_ptr_array_add(cli->qemu_argv, argv[i]);
        }
    }
    return -1;
}

/*
 * Probe /dev/kvm when KVM is the accelerator QEMU would try: the first
 * listed, or a later one when those before it cannot work here. A probe
 * that fails while another accelerator follows is QEMU's fallback (the
 * machine then takes the next), not an error.
 */
static bool cli_detect_host(VirtOptions *opts, GError **errp)
{
    unsigned n = opts->n_accels ? opts->n_accels : 1;
    unsigned i;
    int bits;

    for (i = 0; i < n && i < VIRT_ACCEL_LIST_MAX; i++) {
        VirtAccel a = opts->n_accels ? opts->accels[i] : opts->accel;
        g_autoptr(GError) err = NULL;

        if (a == VIRT_ACCEL_TCG ||
            (a == VIRT_ACCEL_HVF && opts->host.hvf_max_ipa) ||
            (a == VIRT_ACCEL_KVM && opts->host.kvm_ipa_bits >= 0)) {
            return true;
        }
        if (a != VIRT_ACCEL_KVM) {
            continue;
        }
        bits = virt_host_kvm_ipa_bits(&err);
        if (bits >= 0) {
            opts->host.kvm_ipa_bits = bits;
            return true;
        }
        if (i + 1 == n) {
            g_propagate_error(errp, g_steal_pointer(&err));
            return false;
        }
    }
    return true;
}

/* The release an error is reported against; NULL while it is unknown */
static const char *cli_release(const VirtOptions *opts)
{
    return opts && opts->release ? virt_release_name(opts->release) : NULL;
}

/* Report @err, blaming @option (may be NULL); returns the exit status */
static int cli_fail_option(const CliArgs *cli, const VirtOptions *opts,
                           GError *err, const char *option)
{
    VirtboardFailure f = {
        .json = cli->json,
        .option = option,
        .qemu_version = cli_release(opts),
    };

    return virtboard_fail(err, &f);
}

static int cli_fail(const CliArgs *cli, const VirtOptions *opts,
                    GError *err)
{
    return cli_fail_option(cli, opts, err, NULL);
}

/* A known option close to the unknown @typed, or NULL */
static const char *cli_suggest(const char *typed)
{
    g_autoptr(GPtrArray) names = virt_cmdline_option_names();

    if (typed[0] != '-') {
        return NULL;
    }
    for (guint i = 0; i < G_N_ELEMENTS(cli_own_options); i++) {
        g_ptr_array_add(names, (gpointer)cli_own_options[i]);
    }
    return virtboard_suggest(typed, (const char *const *)names->pdata,
                             names->len);
}

/* A parse error: blame the option, suggest a known one if it is unknown */
static int cli_fail_parse(const CliArgs *cli, const VirtOptions *opts,
                          GError *err, int failed)
{
    const char *arg = failed >= 0
        ? g_ptr_array_index(cli->qemu_argv, failed) : NULL;
    /* a stray word ("virt") is named by the message, not an option */
    const char *typed = arg && arg[0] == '-' ? arg : NULL;
    VirtboardFailure f = {
        .json = cli->json,
        .option = typed,
        .qemu_version = cli_release(opts),
    };

    if (typed && g_error_matches(err, VIRT_ERROR,
                                 VIRT_ERROR_UNKNOWN_OPTION)) {
        f.suggestion = cli_suggest(typed);
    }
    if (typed && !strcmp(typed, "--qemu-version")) {
        f.qemu_version = NULL;
    }
    return virtboard_fail(err, &f);
}

static bool cli_write_svg(const char *path, const VirtMachineState *vms,
                          const char *title, GError **errp)
{
    g_autofree char *svg = NULL;

    if (!path) {
        return true;
    }
    svg = virt_machine_to_svg(vms, title);
    return virt_output_write(path, svg, strlen(svg), errp);
}

/* The accelerator the machine takes: the first that works here */
static VirtAccel cli_accel(const VirtOptions *opts)
{
    unsigned n = MIN(opts->n_accels, VIRT_ACCEL_LIST_MAX);
    unsigned i;

    for (i = 0; i < n; i++) {
        VirtAccel a = opts->accels[i];

        if (a == VIRT_ACCEL_TCG ||
            (a == VIRT_ACCEL_KVM && opts->host.kvm_ipa_bits >= 0) ||
            (a == VIRT_ACCEL_HVF && opts->host.hvf_max_ipa)) {
            return a;
        }
    }
    return n ? opts->accels[0] : opts->accel;
}

/*
 * plan without -cpu under KVM or HVF: QEMU's default CPU cannot run
 * there, so the plan is made for -cpu host (added to the plan's command
 * lines too), and the text says so in one line.
 */
static bool cli_plan_cpu(CliArgs *cli, VirtOptions *opts, GError **errp)
{
    VirtAccel a = cli_accel(opts);

    if (opts->cpu || opts->cpu_name || a == VIRT_ACCEL_TCG) {
        return true;
    }
    if (!virt_options_set_cpu(opts, "host", errp)) {
        return false;
    }
    g_ptr_array_add(cli->qemu_argv, (char *)"-cpu");
    g_ptr_array_add(cli->qemu_argv, (char *)"host");
    cli->cpu_note = a == VIRT_ACCEL_KVM ? "kvm" : "hvf";
    return true;
}

/* plan writes neither a DTB nor ACPI tables: refuse rather than ignore */
static bool cli_plan_check(const VirtOptions *opts, GError **errp)
{
    if (opts->dumpdtb || opts->dumpacpi) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "-M %s=%s: 'virtboard plan' writes no device tree or "
                    "ACPI tables; run virtboard without 'plan', with the "
                    "options of the plan's fix, to write them",
                    opts->dumpdtb ? "dumpdtb" : "dumpacpi",
                    opts->dumpdtb ? opts->dumpdtb : opts->dumpacpi);
        return false;
    }
    return true;
}

/* The title of the picture of fix 1 */
static char *cli_fix_title(const VirtPlan *plan)
{
    VirtPlanFix *f = g_ptr_array_index(plan->fixes, 0);
    GString *t = g_string_new("after change 1:");
    guint i;

    for (i = 0; i < f->changes->len; i++) {
        VirtPlanChange *c = g_ptr_array_index(f->changes, i);

        g_string_append_printf(t, " %s", c->option);
    }
    return g_string_free(t, FALSE);
}

/* Print @text (and a newline after JSON) unless quiet; false: I/O error */
static bool cli_print(const CliArgs *cli, const char *text, bool quiet,
                      GError **errp)
{
    if (!quiet) {
        fputs(text, stdout);
        if (cli->json) {
            fputc('\n', stdout);
        }
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_IO,
                            "cannot write to standard output");
        return false;
    }
    return true;
}

/* virtboard plan: exit 0 if it fits (or only the host was given), 2 if not */
static int cli_plan(const CliArgs *cli, const VirtOptions *opts)
{
    g_autoptr(VirtPlan) plan = NULL;
    g_autofree char *text = NULL;
    g_autofree char *title = NULL;
    const VirtMachineState *vms;
    GError *err = NULL;
    bool fixed;
    bool quiet = cli->quiet || virt_output_is_stdout(cli->svg);

    /* the user's own arguments stay in the plan's command lines */
    g_ptr_array_add(cli->qemu_argv, NULL);
    plan = virt_plan_new_argv(opts, (char *const *)cli->qemu_argv->pdata,
                              &err);
    g_ptr_array_set_size(cli->qemu_argv, cli->qemu_argv->len - 1);
    if (!plan) {
        return cli_fail(cli, opts, err);
    }
    if (cli->svg) {
        vms = virt_plan_machine(plan, &fixed);
        if (!vms) {
            g_set_error_literal(&err, VIRT_ERROR, VIRT_ERROR_DOES_NOT_FIT,
                                "--svg: nothing to draw: the configuration "
                                "does not fit and no change makes it fit");
            return cli_fail_option(cli, opts, err, "--svg");
        }
        title = fixed ? cli_fix_title(plan) : NULL;
        if (!virt_output_check(cli->svg, &err) ||
            !cli_write_svg(cli->svg, vms, title, &err)) {
            return cli_fail_option(cli, opts, err, "--svg");
        }
    }
    text = cli->json ? virt_plan_to_json(plan) : virt_plan_describe(plan);
    if (cli->cpu_note && !cli->json) {
        g_autofree char *body = g_steal_pointer(&text);

        text = g_strdup_printf("No -cpu: QEMU's default CPU cannot run under "
                               "-accel %s; planned for -cpu host.\n%s",
                               cli->cpu_note, body);
    }
    if (!cli_print(cli, text, quiet, &err)) {
        return cli_fail(cli, opts, err);
    }
    return plan->requested && !plan->fits ? VIRTBOARD_EXIT_NO_FIT
                                          : VIRTBOARD_EXIT_OK;
}

/* dumpacpi= with acpi=off: nothing to write, and the user is told so */
static void cli_note_acpi_off(const VirtMachineState *vms,
                              const VirtOptions *opts)
{
    if (opts->dumpacpi && !vms->acpi) {
        fprintf(stderr, "virtboard: -M virt,dumpacpi=%s: ACPI is off "
                "(acpi=off), so no tables were written; drop acpi=off to "
                "write them\n", opts->dumpacpi);
    }
}

/* Options, release and host; false with *@status set when done */
static bool cli_setup(CliArgs *cli, VirtOptions *opts, int *status)
{
    VirtHelpRequest help;
    GError *err = NULL;
    g_autofree char *text = NULL;
    int failed;

    if (cli->missing) {
        g_set_error(&err, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "%s: requires an argument", cli->missing);
        *status = cli_fail_option(cli, opts, err, cli->missing);
        return false;
    }
    if (cli->qemu && cli->qemu_version) {
        g_set_error_literal(&err, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                            "--qemu and --qemu-version: give one of them");
        *status = cli_fail_option(cli, NULL, err, "--qemu");
        return false;
    }
    if (cli->qemu) {
        opts->release = virt_release_probe(cli->qemu, &err);
        if (!opts->release) {
            *status = cli_fail_option(cli, NULL, err, "--qemu");
            return false;
        }
    }
    opts->no_default_machine = cli->no_default;
    if (!virt_cmdline_parse_at(opts, (int)cli->qemu_argv->len,
                               (char *const *)cli->qemu_argv->pdata, &help,
                               &failed, &err)) {
        *status = cli_fail_parse(cli, opts, err, failed);
        return false;
    }
    if (help != VIRT_HELP_NONE) {
        /* --json: the same list as one JSON object */
        text = cli->json ? virt_help_to_json(help, opts)
                         : virt_help_text(help, opts);
        fputs(text, stdout);
        if (cli->json) {
            fputc('\n', stdout);
        }
        *status = fflush(stdout) == 0 ? VIRTBOARD_EXIT_OK : VIRTBOARD_EXIT_IO;
        return false;
    }
    if (cli->plan && !cli_plan_check(opts, &err)) {
        *status = cli_fail_option(cli, opts, err, "-M");
        return false;
    }
    if (!cli_detect_host(opts, &err)) {
        *status = cli_fail(cli, opts, err);
        return false;
    }
    /*
     * Several accelerators: the one QEMU takes here is the board's, for
     * the plan (which reads opts->accel) as for the map.
     */
    if (opts->n_accels > 1) {
        opts->accel = cli_accel(opts);
        opts->accels[0] = opts->accel;
        opts->n_accels = 1;
    }
    if (cli->plan && !cli_plan_cpu(cli, opts, &err)) {
        *status = cli_fail(cli, opts, err);
        return false;
    }
    return true;
}

/* Progress of conform, on stderr */
static void cli_conform_progress(unsigned done, unsigned total,
                                 const char *config, bool same, void *opaque)
{
    fprintf(stderr, "virtboard conform: [%u/%u] %-7s %s\n", done, total,
            same ? "same" : "DIFFERS", config);
}

/* A conform error: @status 0 is the status of the error's kind */
static int cli_conform_fail(bool json, GError *err, const char *option,
                            VirtboardExit status)
{
    VirtboardFailure f = {
        .json = json,
        .option = option,
        .status = status,
    };

    return virtboard_fail(err, &f);
}

/* virtboard conform [--json] QEMU_BINARY */
static int cli_conform(int argc, char **argv)
{
    g_autoptr(ConformResult) res = NULL;
    g_autofree char *text = NULL;
    const char *binary = NULL;
    CliArgs cli = { 0 };
    GError *err = NULL;
    int i;

    for (i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            cli.json = true;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage, stdout);
            return VIRTBOARD_EXIT_OK;
        } else if (argv[i][0] == '-' || binary) {
            g_set_error(&err, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "conform: unexpected '%s' (usage: virtboard conform "
                        "[--json] QEMU_BINARY)", argv[i]);
            return cli_conform_fail(cli.json, err,
                                    argv[i][0] == '-' ? argv[i] : NULL, 0);
        } else {
            binary = argv[i];
        }
    }
    if (!binary) {
        g_set_error_literal(&err, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                            "conform: requires a QEMU binary (usage: "
                            "virtboard conform [--json] QEMU_BINARY)");
        return cli_conform_fail(cli.json, err, NULL, 0);
    }
    res = conform_run(binary, 0, cli_conform_progress, NULL, &err);
    if (!res) {
        return cli_conform_fail(cli.json, err, NULL,
                                VIRTBOARD_EXIT_UNCHECKED);
    }
    text = cli.json ? conform_to_json(res) : conform_describe(res);
    if (!cli_print(&cli, text, false, &err)) {
        return cli_conform_fail(cli.json, err, NULL, 0);
    }
    return conform_matches(res) ? VIRTBOARD_EXIT_OK
                                : VIRTBOARD_EXIT_REFUSED;
}

/*
 * The width the table fits: $COLUMNS when it is a positive number, else
 * the terminal's width when stdout is one, else 80 (a file or a pipe).
 */
static int cli_columns(void)
{
    const char *env = g_getenv("COLUMNS");
    guint64 v;

    if (env && g_ascii_string_to_unsigned(env, 10, 1, 10000, &v, NULL)) {
        return (int)v;
    }
#if defined(G_OS_UNIX) && defined(TIOCGWINSZ)
    if (isatty(STDOUT_FILENO)) {
        struct winsize ws;

        if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
            return ws.ws_col;
        }
    }
#endif
    return VIRT_TABLE_DEFAULT_WIDTH;
}

int main(int argc, char **argv)
{
    g_auto(VirtOptions) opts = { 0 };
    VirtMachineState vms;
    CliArgs cli = { 0 };
    GError *err = NULL;
    g_autofree char *text = NULL;
    g_autofree char *svg = NULL;
    bool on_stdout;
    bool ok;
    int rc;

    if (argc > 1 && !strcmp(argv[1], "conform")) {
        return cli_conform(argc, argv);
    }
    rc = cli_split(argc, argv, &cli);
    if (rc >= 0) {
        g_ptr_array_free(cli.qemu_argv, TRUE);
        return rc;
    }
    virt_options_init(&opts);
    ok = cli_setup(&cli, &opts, &rc);
    if (ok && cli.plan) {
        rc = cli_plan(&cli, &opts);
    }
    g_ptr_array_free(cli.qemu_argv, TRUE);
    cli.qemu_argv = NULL;
    if (!ok || cli.plan) {
        return rc;
    }
    if (!virt_machine_init(&vms, &opts, &err)) {
        return cli_fail(&cli, &opts, err);
    }
    if (vms.type_deprecated) {
        /* as QEMU: a warning on stderr, the board is built all the same */
        virt_release_error(vms.release, &err, VIRT_ERROR_INVALID_OPTION,
                           VIRT_TEXT_DEPRECATED_TYPE, vms.type->name);
        fprintf(stderr, "virtboard: warning: %s\n", err->message);
        g_clear_error(&err);
    }
    if (!virtboard_outputs_on_stdout(&opts, cli.svg, &on_stdout, &err)) {
        return cli_fail(&cli, &opts, err);
    }
    svg = cli.svg ? virt_machine_to_svg(&vms, NULL) : NULL;
    if (!virtboard_write_outputs(&vms, &opts, cli.svg, svg, &err)) {
        return cli_fail(&cli, &opts, err);
    }
    cli_note_acpi_off(&vms, &opts);
    text = cli.json ? virt_machine_to_json(&vms)
                    : virt_machine_describe_width(&vms, cli_columns());
    /* with an output on stdout, stdout holds that file alone */
    if (!cli_print(&cli, text, cli.quiet || on_stdout, &err)) {
        return cli_fail(&cli, &opts, err);
    }
    return VIRTBOARD_EXIT_OK;
}
