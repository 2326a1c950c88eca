/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtboard-bench: what a board description costs.
 *
 *   virtboard-bench [-i N] [-w N] [-r N] [--virtboard PATH] [--qemu PATH]
 *                   [--only TEXT] [--phase NAME] [--no-processes]
 *
 * In process, for each configuration: the plan (virt_machine_init from
 * parsed options), the DTB (virt_fdt_build), the ACPI tables
 * (virt_acpi_build) and all three together, each timed over N
 * iterations after a warm-up: median, 10th and 90th percentile, the
 * bytes produced and the heap high-water mark of one full description.
 *
 * Whole process: `virtboard ... -M virt,dumpdtb=F` against QEMU's own
 * `-M virt,dumpdtb=F`, run alternately, R repetitions each: median wall
 * time, its ratio, and the peak RSS from wait4().
 *
 * --phase times that phase alone and skips the byte counts and the heap
 * run, so that under callgrind each phase function runs exactly
 * warm-up + iterations times.
 *
 * It prints tables and whether the targets in docs/devel/performance.md
 * are met; it asserts nothing, since timings belong to the machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libfdt.h>

#include "hw/arm/virt.h"
#include "hw/acpi/acpi-build.h"
#include "hw/arm/virt-acpi.h"
#include "hw/arm/virt-fdt.h"
#include "heap-count.h"
#include "virt/output.h"

extern char **environ;

/* The targets (docs/devel/performance.md) */
#define TARGET_FULL_512_US 200.0
#define TARGET_LINEAR_RATIO 8.0
#define TARGET_PROC_RATIO_512 100.0
#define TARGET_PROC_RATIO_1 10.0
#define TARGET_RSS_KIB (8 * 1024)

typedef enum BenchPhase {
    PHASE_PLAN,
    PHASE_DTB,
    PHASE_ACPI,
    PHASE_ALL,
    PHASE_COUNT,
} BenchPhase;

static const char *const phase_names[PHASE_COUNT] = {
    "plan", "dtb", "acpi", "all",
};

typedef struct BenchStats {
    double med, p10, p90;       /* microseconds */
} BenchStats;

/* One in-process configuration */
typedef struct BenchBoard {
    unsigned cpus;
    int gic;
    bool high;                  /* high regions allowed (else highmem=off) */
    char *cmdline;
    VirtOptions opts;
    VirtMachineState vms;       /* resolved once, for the DTB and ACPI */
    BenchStats stats[PHASE_COUNT];
    size_t dtb_used, dtb_total, acpi_bytes, heap_peak;
    size_t acpi_content;        /* acpi_bytes without the padding */
} BenchBoard;

typedef struct BenchArgs {
    int iterations;
    int warmup;
    int reps;
    char *virtboard;
    char *qemu;
    char *only;                 /* measure only command lines with this */
    char *phase;                /* time only this phase (NULL: all) */
    int phase_only;             /* its BenchPhase, or -1 */
    gboolean no_processes;
} BenchArgs;

static const unsigned bench_cpus[] = { 1, 8, 64, 123, 124, 256, 512 };
static const int bench_gics[] = { 2, 3, 4 };
static const unsigned proc_cpus[] = { 1, 8, 64, 256, 512 };

static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted @v */
static double percentile(const double *v, size_t n, double pct)
{
    size_t k = (size_t)ceil(pct / 100.0 * (double)n);

    return v[k > 0 ? k - 1 : 0];
}

static BenchStats stats_of(double *ns, size_t n)
{
    BenchStats s;

    qsort(ns, n, sizeof(*ns), cmp_double);
    s.med = n % 2 ? ns[n / 2] : (ns[n / 2 - 1] + ns[n / 2]) / 2;
    s.med /= 1e3;
    s.p10 = percentile(ns, n, 10) / 1e3;
    s.p90 = percentile(ns, n, 90) / 1e3;
    return s;
}

/* ---- in process ---- */

static void die_on(GError *err, const char *what)
{
    fprintf(stderr, "virtboard-bench: %s: %s\n", what, err->message);
    exit(1);
}

static void build_dtb(const VirtMachineState *vms, size_t *used,
                      size_t *total)
{
    GError *err = NULL;
    void *blob;
    size_t size;

    if (!virt_fdt_build(vms, &blob, &size, &err)) {
        die_on(err, "virt_fdt_build");
    }
    if (used != NULL) {
        *used = fdt_off_dt_strings(blob) + fdt_size_dt_strings(blob);
    }
    if (total != NULL) {
        *total = size;
    }
    g_free(blob);
}

static void build_acpi(const VirtMachineState *vms, size_t *bytes,
                       size_t *content)
{
    g_auto(VirtAcpiBlobs) blobs = { 0 };
    GError *err = NULL;

    if (!virt_acpi_build(vms, &blobs, &err)) {
        die_on(err, "virt_acpi_build");
    }
    if (bytes != NULL) {
        *bytes = g_bytes_get_size(blobs.tables) +
                 g_bytes_get_size(blobs.rsdp) +
                 g_bytes_get_size(blobs.loader);
    }
    if (content != NULL) {
        gsize n;
        const guint8 *t = g_bytes_get_data(blobs.tables, &n);

        /* etc/acpi/tables without the zeros it is padded with */
        while (n > 0 && t[n - 1] == 0) {
            n--;
        }
        *content = n + g_bytes_get_size(blobs.rsdp) +
                   g_bytes_get_size(blobs.loader);
    }
}

static void plan(const BenchBoard *bb, VirtMachineState *vms)
{
    GError *err = NULL;

    if (!virt_machine_init(vms, &bb->opts, &err)) {
        die_on(err, "virt_machine_init");
    }
}

static void run_phase(const BenchBoard *bb, BenchPhase phase)
{
    VirtMachineState vms;

    switch (phase) {
    case PHASE_PLAN:
        plan(bb, &vms);
        break;
    case PHASE_DTB:
        build_dtb(&bb->vms, NULL, NULL);
        break;
    case PHASE_ACPI:
        build_acpi(&bb->vms, NULL, NULL);
        break;
    default:
        plan(bb, &vms);
        build_dtb(&vms, NULL, NULL);
        build_acpi(&vms, NULL, NULL);
        break;
    }
}

static void time_phase(BenchBoard *bb, BenchPhase phase,
                       const BenchArgs *args)
{
    g_autofree double *ns = g_new(double, args->iterations);

    for (int i = 0; i < args->warmup; i++) {
        run_phase(bb, phase);
    }
    for (int i = 0; i < args->iterations; i++) {
        double t0 = now_ns();

        run_phase(bb, phase);
        ns[i] = now_ns() - t0;
    }
    bb->stats[phase] = stats_of(ns, args->iterations);
}

static char *board_cmdline(unsigned cpus, int gic, bool high)
{
    return g_strdup_printf("-M virt,gic-version=%d%s%s -cpu max -m 1G "
                           "-smp %u", gic,
                           gic == 4 ? ",virtualization=on" : "",
                           high ? "" : ",highmem=off", cpus);
}

/*
 * Parse and resolve, in release @release (NULL: the default); false (with
 * @errp) if the board refuses it
 */
static bool board_init_in(BenchBoard *bb, const VirtRelease *release,
                          unsigned cpus, int gic, bool high, GError **errp)
{
    g_auto(GStrv) argv = NULL;
    VirtHelpRequest help;
    g_autofree char *cmdline = board_cmdline(cpus, gic, high);

    memset(bb, 0, sizeof(*bb));
    bb->cpus = cpus;
    bb->gic = gic;
    bb->high = high;
    bb->cmdline = release ? g_strdup_printf("--qemu-version %s %s",
                                            virt_release_name(release),
                                            cmdline)
                          : g_steal_pointer(&cmdline);
    virt_options_init(&bb->opts);
    return g_shell_parse_argv(bb->cmdline, NULL, &argv, errp) &&
           virt_cmdline_parse(&bb->opts, (int)g_strv_length(argv), argv,
                              &help, errp) &&
           virt_machine_init(&bb->vms, &bb->opts, errp);
}

static bool board_init(BenchBoard *bb, unsigned cpus, int gic, bool high,
                       GError **errp)
{
    return board_init_in(bb, NULL, cpus, gic, high, errp);
}

static void board_clear(BenchBoard *bb)
{
    virt_options_clear(&bb->opts);
    g_free(bb->cmdline);
}

static void board_measure(BenchBoard *bb, const BenchArgs *args)
{
    VirtMachineState vms;

    if (args->phase_only >= 0) {
        time_phase(bb, args->phase_only, args);
        return;
    }
    build_dtb(&bb->vms, &bb->dtb_used, &bb->dtb_total);
    build_acpi(&bb->vms, &bb->acpi_bytes, &bb->acpi_content);

    heap_count_begin();
    plan(bb, &vms);
    build_dtb(&vms, NULL, NULL);
    build_acpi(&vms, NULL, NULL);
    bb->heap_peak = heap_count_end();

    for (int p = 0; p < PHASE_COUNT; p++) {
        time_phase(bb, p, args);
    }
}

static void print_board_header(void)
{
    printf("%-3s %5s %-4s", "gic", "vcpus", "high");
    for (int p = 0; p < PHASE_COUNT; p++) {
        printf(" | %-4s med [p10, p90] us   ", phase_names[p]);
    }
    printf(" | %8s %8s %8s | %8s\n", "dtb used", "dtb size", "acpi",
           "heap KiB");
}

static void print_board(const BenchBoard *bb)
{
    printf("v%-2d %5u %-4s", bb->gic, bb->cpus, bb->high ? "on" : "off");
    for (int p = 0; p < PHASE_COUNT; p++) {
        const BenchStats *s = &bb->stats[p];

        printf(" | %8.1f [%7.1f, %7.1f] ", s->med, s->p10, s->p90);
    }
    printf(" | %8zu %8zu %8zu | %8zu\n", bb->dtb_used, bb->dtb_total,
           bb->acpi_bytes, (bb->heap_peak + 1023) / 1024);
    fflush(stdout);
}

/* All valid configurations, measured and printed as they go */
static GPtrArray *bench_in_process(const BenchArgs *args)
{
    GPtrArray *boards = g_ptr_array_new();
    GString *skipped = g_string_new(NULL);

    printf("In process: %d iterations after %d warm-up, microseconds; "
           "-cpu max -m 1G\n\n", args->iterations, args->warmup);
    print_board_header();
    for (size_t g = 0; g < G_N_ELEMENTS(bench_gics); g++) {
        for (int high = 1; high >= 0; high--) {
            for (size_t c = 0; c < G_N_ELEMENTS(bench_cpus); c++) {
                BenchBoard *bb = g_new(BenchBoard, 1);
                g_autoptr(GError) err = NULL;

                g_autofree char *cmdline = board_cmdline(
                    bench_cpus[c], bench_gics[g], high);

                if (args->only != NULL && !strstr(cmdline, args->only)) {
                    g_free(bb);
                    continue;
                }
                if (!board_init(bb, bench_cpus[c], bench_gics[g], high,
                                &err)) {
                    g_string_append_printf(skipped, "  %s: %s\n",
                                           bb->cmdline, err->message);
                    board_clear(bb);
                    g_free(bb);
                    continue;
                }
                board_measure(bb, args);
                print_board(bb);
                g_ptr_array_add(boards, bb);
            }
        }
    }
    if (skipped->len) {
        printf("\nNot valid (the board refuses them, as QEMU does):\n%s",
               skipped->str);
    }
    g_string_free(skipped, TRUE);
    return boards;
}

/* ---- per release ---- */

/* The boards every release is timed on: small, typical, largest */
static const struct {
    unsigned cpus;
    int gic;
    bool high;
} release_boards[] = {
    { 1, 2, true }, { 8, 3, true }, { 512, 3, true }, { 8, 3, false },
};

#define TARGET_RELEASE_SLOWDOWN 1.10

/* Rounds per release and board, interleaved; the fastest median counts */
#define RELEASE_ROUNDS 5

typedef struct ReleaseTiming {
    double pd, all;             /* plan+dtb and plan+dtb+acpi, us; 0: n/a */
    size_t pd_bytes, all_bytes; /* what they write: DTB, DTB + ACPI */
    char *refused;
} ReleaseTiming;

/*
 * Plan + DTB (+ ACPI where the release's tables are modelled) for each
 * modelled release on the same boards, against QEMU 7.2's: no release may
 * be slower per byte written by more than 10%.  Per byte, because a
 * release may describe more on the same board (11.1 gives every CPU node
 * its caches, and doubles the DTB of 512 vCPUs): that costs time in
 * proportion, and is not the slowdown the target is about.  The releases
 * take turns, RELEASE_ROUNDS times, and each keeps its fastest median, so
 * that a busy moment of the machine does not fall on one release only.
 * Returns the largest per-byte ratio.
 */
static double bench_releases(const BenchArgs *args)
{
    size_t n, r, b;
    const VirtRelease *const *list = virt_release_list(&n);
    const VirtRelease *ref = virt_release_find("7.2");
    size_t ref_i = 0;
    double worst = 0;
    g_autofree char *worst_what = NULL;

    for (r = 0; r < n; r++) {
        ref_i = list[r] == ref ? r : ref_i;
    }
    printf("\nPer QEMU release (in process, microseconds, fastest median of "
           "%d rounds; ratio to QEMU 7.2 on the same board,\nin time and "
           "in time per byte written):\n", RELEASE_ROUNDS);
    printf("%-7s %-30s | %10s %7s %7s %8s | %10s %7s %7s %8s\n", "release",
           "board", "plan+dtb", "ratio", "/byte", "bytes", "+acpi", "ratio",
           "/byte", "bytes");
    for (b = 0; b < G_N_ELEMENTS(release_boards); b++) {
        g_autofree ReleaseTiming *t = g_new0(ReleaseTiming, n);
        g_autofree char *what = g_strdup_printf(
            "GICv%d, %u vCPU%s%s", release_boards[b].gic,
            release_boards[b].cpus, release_boards[b].cpus == 1 ? "" : "s",
            release_boards[b].high ? "" : ", highmem=off");

        for (int round = 0; round < RELEASE_ROUNDS; round++) {
            for (r = 0; r < n; r++) {
                BenchBoard bb;
                g_autoptr(GError) err = NULL;
                double pd;

                if (t[r].refused) {
                    continue;
                }
                if (!board_init_in(&bb, list[r], release_boards[b].cpus,
                                   release_boards[b].gic,
                                   release_boards[b].high, &err)) {
                    t[r].refused = g_strdup(err->message);
                    board_clear(&bb);
                    continue;
                }
                build_dtb(&bb.vms, &bb.dtb_used, NULL);
                t[r].pd_bytes = bb.dtb_used;
                time_phase(&bb, PHASE_PLAN, args);
                time_phase(&bb, PHASE_DTB, args);
                pd = bb.stats[PHASE_PLAN].med + bb.stats[PHASE_DTB].med;
                t[r].pd = round ? MIN(t[r].pd, pd) : pd;
                if (list[r]->acpi_modelled) {
                    build_acpi(&bb.vms, NULL, &bb.acpi_content);
                    t[r].all_bytes = bb.dtb_used + bb.acpi_content;
                    time_phase(&bb, PHASE_ALL, args);
                    t[r].all = round ? MIN(t[r].all, bb.stats[PHASE_ALL].med)
                                     : bb.stats[PHASE_ALL].med;
                }
                board_clear(&bb);
            }
        }
        for (r = 0; r < n; r++) {
            const ReleaseTiming *x = &t[r], *ref_t = &t[ref_i];
            const char *name = virt_release_name(list[r]);
            double rp, ra, bp, ba;

            if (x->refused) {
                printf("%-7s %-30s | refused: %s\n", name, what, x->refused);
                g_free(x->refused);
                continue;
            }
            rp = ref_t->pd > 0 ? x->pd / ref_t->pd : 0;
            ra = x->all > 0 && ref_t->all > 0 ? x->all / ref_t->all : 0;
            bp = rp * ref_t->pd_bytes / MAX(x->pd_bytes, 1);
            ba = ra * ref_t->all_bytes / MAX(x->all_bytes, 1);
            printf("%-7s %-30s | %10.1f %6.2fx %6.2fx %8zu | ", name, what,
                   x->pd, rp, bp, x->pd_bytes);
            if (ra > 0) {
                printf("%10.1f %6.2fx %6.2fx %8zu\n", x->all, ra, ba,
                       x->all_bytes);
            } else {
                printf("%10s %7s %7s %8s\n", x->all > 0 ? "" : "-", "-", "-",
                       "-");
            }
            if (MAX(bp, ba) > worst) {
                worst = MAX(bp, ba);
                g_free(worst_what);
                worst_what = g_strdup_printf("QEMU %s, %s, %s", name, what,
                                             ba > bp ? "with ACPI"
                                                     : "plan+dtb");
            }
        }
        fflush(stdout);
    }
    if (worst_what) {
        printf("  slowest per byte against 7.2: %s\n", worst_what);
    }
    return worst;
}

static const BenchBoard *find_board(GPtrArray *boards, unsigned cpus,
                                    int gic, bool high)
{
    for (guint i = 0; i < boards->len; i++) {
        const BenchBoard *bb = g_ptr_array_index(boards, i);

        if (bb->cpus == cpus && bb->gic == gic && bb->high == high) {
            return bb;
        }
    }
    return NULL;
}

/* ---- whole process ---- */

typedef struct ProcRun {
    double wall_ms;
    long maxrss_kib;
} ProcRun;

typedef struct ProcConfig {
    unsigned cpus;
    char *out[2];               /* dumpdtb files: virtboard, QEMU */
    double *wall[2];
    long maxrss[2];
    int failed[2];
} ProcConfig;

static const char *const tool_names[2] = { "virtboard", "qemu" };

/* Run @argv with stdout and stderr to /dev/null; false if it failed */
static bool proc_run(char *const argv[], ProcRun *r)
{
    posix_spawn_file_actions_t fa;
    struct rusage ru;
    double t0;
    pid_t pid;
    int status, rc;

    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    t0 = now_ns();
    rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        fprintf(stderr, "virtboard-bench: %s: %s\n", argv[0], strerror(rc));
        return false;
    }
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            return false;
        }
    }
    r->wall_ms = (now_ns() - t0) / 1e6;
    r->maxrss_kib = ru.ru_maxrss;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/*
 * Peak RSS needs a parent with a small address space: a child created by
 * fork or posix_spawn starts in (a copy of) the parent's, and Linux
 * counts that address space's peak into the child's ru_maxrss when it
 * execs. So the benchmark runs itself afresh as
 *   virtboard-bench --rusage-of OUT PROG ARGS...
 * which forks PROG from its own small process, waits, and writes PROG's
 * ru_maxrss (KiB) to OUT. What remains counted is the runner's own RSS
 * at fork, below that of any program linking GLib.
 */
static int rusage_of(char **argv)
{
    struct rusage ru;
    int status, fd;
    pid_t pid = fork();

    if (pid == 0) {
        fd = open("/dev/null", O_WRONLY);
        dup2(fd, 1);
        dup2(fd, 2);
        execv(argv[1], argv + 1);
        _exit(127);
    }
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
        return 1;
    }
    g_autofree char *text = g_strdup_printf("%ld\n", ru.ru_maxrss);
    if (!virt_output_write(argv[0], text, strlen(text), NULL)) {
        return 1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/* The peak RSS of @argv in KiB, through rusage_of; -1 if it failed */
static long proc_maxrss(char *const argv[], const char *dir)
{
    g_autofree char *out = g_build_filename(dir, "rss", NULL);
    g_autofree char *text = NULL;
    g_autoptr(GPtrArray) a = g_ptr_array_new();
    ProcRun r;

    g_ptr_array_add(a, (char *)"/proc/self/exe");
    g_ptr_array_add(a, (char *)"--rusage-of");
    g_ptr_array_add(a, out);
    for (int i = 0; argv[i] != NULL; i++) {
        g_ptr_array_add(a, argv[i]);
    }
    g_ptr_array_add(a, NULL);
    if (!proc_run((char *const *)a->pdata, &r) ||
        !g_file_get_contents(out, &text, NULL, NULL)) {
        return -1;
    }
    g_unlink(out);
    return strtol(text, NULL, 10);
}

/*
 * "7.2.22" from `QEMU -version` ("QEMU emulator version 7.2.22 (Debian
 * ...)"); NULL if it cannot be run or read.  Caller frees.
 */
static char *qemu_version(const char *qemu)
{
    const char *argv[] = { qemu, "-version", NULL };
    g_autofree char *out = NULL;
    const char *p;
    gint status;

    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &out, NULL, &status, NULL) ||
        !g_spawn_check_wait_status(status, NULL) ||
        (p = strstr(out, "version ")) == NULL) {
        return NULL;
    }
    p += strlen("version ");
    return g_strndup(p, strspn(p, "0123456789.-rc"));
}

/*
 * @release: for virtboard, the release of the QEMU it is compared with
 * (NULL for QEMU itself), so that both describe the same board
 */
static GPtrArray *proc_argv(const char *exe, const char *release,
                            unsigned cpus, const char *out)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);

    g_ptr_array_add(a, g_strdup(exe));
    if (release != NULL) {
        g_ptr_array_add(a, g_strdup("--qemu-version"));
        g_ptr_array_add(a, g_strdup(release));
    }
    g_ptr_array_add(a, g_strdup("-M"));
    g_ptr_array_add(a, g_strdup_printf("virt,gic-version=3,"
                                       "dtb-randomness=off,dumpdtb=%s",
                                       out));
    g_ptr_array_add(a, g_strdup("-cpu"));
    g_ptr_array_add(a, g_strdup("max"));
    g_ptr_array_add(a, g_strdup("-m"));
    g_ptr_array_add(a, g_strdup("1G"));
    g_ptr_array_add(a, g_strdup("-smp"));
    g_ptr_array_add(a, g_strdup_printf("%u", cpus));
    g_ptr_array_add(a, g_strdup("-accel"));
    g_ptr_array_add(a, g_strdup("tcg"));
    g_ptr_array_add(a, g_strdup("-display"));
    g_ptr_array_add(a, g_strdup("none"));
    g_ptr_array_add(a, g_strdup("-nodefaults"));
    g_ptr_array_add(a, NULL);
    return a;
}

static void proc_one(ProcConfig *pc, int tool, int rep, const char *exe,
                     const char *release, const char *dir)
{
    g_autoptr(GPtrArray) argv = proc_argv(exe, release, pc->cpus,
                                          pc->out[tool]);
    ProcRun r = { 0 };

    if (!proc_run((char *const *)argv->pdata, &r)) {
        pc->failed[tool]++;
    }
    pc->wall[tool][rep] = r.wall_ms;
    /* The wall-time run's ru_maxrss includes this process's: see above */
    if (rep == 0) {
        pc->maxrss[tool] = proc_maxrss((char *const *)argv->pdata, dir);
    }
}

static bool same_file(const char *a, const char *b)
{
    g_autofree char *x = NULL, *y = NULL;
    gsize nx, ny;

    return g_file_get_contents(a, &x, &nx, NULL) &&
           g_file_get_contents(b, &y, &ny, NULL) && nx == ny &&
           memcmp(x, y, nx) == 0;
}

static double median_ms(double *v, int n)
{
    qsort(v, n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void proc_print(ProcConfig *pcs, size_t n, int reps)
{
    printf("%5s | %12s %-16s | %9s %-16s | %7s | %10s %10s | %s\n",
           "vcpus", "virtboard ms", "[min, max]", "qemu ms", "[min, max]",
           "ratio", "vb RSS KiB", "qemu KiB", "same DTB");
    for (size_t i = 0; i < n; i++) {
        ProcConfig *pc = &pcs[i];
        double m[2];

        for (int t = 0; t < 2; t++) {
            m[t] = median_ms(pc->wall[t], reps);
        }
        printf("%5u | %12.2f [%6.2f, %6.2f] | %9.1f [%6.0f, %6.0f] | "
               "%6.1fx | %10ld %10ld | %s%s\n", pc->cpus, m[0], pc->wall[0][0],
               pc->wall[0][reps - 1], m[1], pc->wall[1][0],
               pc->wall[1][reps - 1], m[1] / m[0], pc->maxrss[0],
               pc->maxrss[1],
               same_file(pc->out[0], pc->out[1]) ? "yes" : "NO",
               pc->failed[0] || pc->failed[1] ? " (a run FAILED)" : "");
    }
}

static ProcConfig *bench_processes(const BenchArgs *args, const char *dir,
                                   size_t *n)
{
    ProcConfig *pcs = g_new0(ProcConfig, G_N_ELEMENTS(proc_cpus));
    const char *exe[2] = { args->virtboard, args->qemu };
    g_autofree char *version = qemu_version(args->qemu);
    const char *release[2] = { version, NULL };

    *n = G_N_ELEMENTS(proc_cpus);
    printf("\nWhole process: -M virt,gic-version=3,dtb-randomness=off,"
           "dumpdtb=F -cpu max -m 1G\n-smp N -accel tcg -display none "
           "-nodefaults; %d runs of each, alternating;\nwall time from "
           "spawn to wait4(); peak RSS: ru_maxrss of one more run, forked "
           "from a fresh\nrunner process\n  virtboard: "
           "%s --qemu-version %s\n  qemu:      %s\n\n", args->reps,
           args->virtboard, version ? version : "(unknown: the default)",
           args->qemu);
    for (size_t i = 0; i < *n; i++) {
        pcs[i].cpus = proc_cpus[i];
        for (int t = 0; t < 2; t++) {
            pcs[i].out[t] = g_strdup_printf("%s/%s-%u.dtb", dir,
                                            tool_names[t], proc_cpus[i]);
            pcs[i].wall[t] = g_new0(double, args->reps);
        }
    }
    for (int rep = 0; rep < args->reps; rep++) {
        for (size_t i = 0; i < *n; i++) {
            /* Alternate which goes first */
            for (int k = 0; k < 2; k++) {
                int t = (rep + k) % 2;

                proc_one(&pcs[i], t, rep, exe[t], release[t], dir);
            }
        }
    }
    proc_print(pcs, *n, args->reps);
    return pcs;
}

static double proc_ratio(ProcConfig *pcs, size_t n, unsigned cpus, int reps)
{
    for (size_t i = 0; i < n; i++) {
        if (pcs[i].cpus == cpus) {
            /* wall[] is sorted by proc_print() */
            return median_ms(pcs[i].wall[1], reps) /
                   median_ms(pcs[i].wall[0], reps);
        }
    }
    return 0;
}

static void proc_free(ProcConfig *pcs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (int t = 0; t < 2; t++) {
            g_unlink(pcs[i].out[t]);
            g_free(pcs[i].out[t]);
            g_free(pcs[i].wall[t]);
        }
    }
    g_free(pcs);
}

/* ---- targets ---- */

static void verdict(const char *what, double value, const char *unit,
                    const char *target, bool met)
{
    printf("  %-46s %10.1f %-4s (target %s): %s\n", what, value, unit,
           target, met ? "met" : "NOT MET");
}

static void print_linearity(GPtrArray *boards)
{
    for (size_t g = 0; g < G_N_ELEMENTS(bench_gics); g++) {
        const BenchBoard *a = find_board(boards, 64, bench_gics[g], true);
        const BenchBoard *b = find_board(boards, 512, bench_gics[g], true);
        g_autofree char *what = NULL;

        if (a == NULL || b == NULL) {
            continue;
        }
        for (int p = PHASE_DTB; p < PHASE_COUNT; p++) {
            double r = b->stats[p].med / a->stats[p].med;

            g_free(what);
            what = g_strdup_printf("GICv%d %s, 512 / 64 vCPUs", bench_gics[g],
                                   phase_names[p]);
            verdict(what, r, "x", "<= 8", r <= TARGET_LINEAR_RATIO);
        }
    }
}

static void print_targets(GPtrArray *boards, ProcConfig *pcs, size_t n,
                          const BenchArgs *args, double release_worst)
{
    const BenchBoard *full = find_board(boards, 512, 3, true);
    struct rusage self;

    printf("\nTargets:\n");
    if (args->phase_only >= 0) {
        printf("  (not judged: --phase times one phase only)\n");
        return;
    }
    if (full != NULL) {
        verdict("plan + DTB + ACPI, GICv3, 512 vCPUs (median)",
                full->stats[PHASE_ALL].med, "us", "< 200 us",
                full->stats[PHASE_ALL].med < TARGET_FULL_512_US);
    }
    print_linearity(boards);
    if (release_worst > 0) {
        verdict("slowest release vs 7.2, per byte (same boards)",
                release_worst, "x", "<= 1.10",
                release_worst <= TARGET_RELEASE_SLOWDOWN);
    }
    if (pcs != NULL) {
        double r512 = proc_ratio(pcs, n, 512, args->reps);
        double r1 = proc_ratio(pcs, n, 1, args->reps);
        long rss = 0;

        verdict("whole process vs QEMU dumpdtb, 512 vCPUs", r512, "x",
                ">= 100x", r512 >= TARGET_PROC_RATIO_512);
        verdict("whole process vs QEMU dumpdtb, 1 vCPU", r1, "x", ">= 10x",
                r1 >= TARGET_PROC_RATIO_1);
        for (size_t i = 0; i < n; i++) {
            rss = MAX(rss, pcs[i].maxrss[0]);
        }
        verdict("virtboard process peak RSS (max of all runs)",
                (double)rss / 1024, "MiB", "< 8 MiB", rss < TARGET_RSS_KIB);
    }
    getrusage(RUSAGE_SELF, &self);
    printf("  %-46s %10.1f MiB\n", "this benchmark's own peak RSS",
           (double)self.ru_maxrss / 1024);
}

/* ---- main ---- */

static bool parse_args(int argc, char **argv, BenchArgs *args)
{
    GOptionEntry entries[] = {
        { "iterations", 'i', 0, G_OPTION_ARG_INT, &args->iterations,
          "timed iterations per phase (default 300)", "N" },
        { "warmup", 'w', 0, G_OPTION_ARG_INT, &args->warmup,
          "untimed iterations first (default 30)", "N" },
        { "reps", 'r', 0, G_OPTION_ARG_INT, &args->reps,
          "whole-process runs of each tool (default 7)", "N" },
        { "virtboard", 0, 0, G_OPTION_ARG_FILENAME, &args->virtboard,
          "the virtboard executable", "PATH" },
        { "qemu", 0, 0, G_OPTION_ARG_FILENAME, &args->qemu,
          "qemu-system-aarch64 (default: $QTEST_QEMU_BINARY or "
          "/usr/bin/qemu-system-aarch64)", "PATH" },
        { "only", 0, 0, G_OPTION_ARG_STRING, &args->only,
          "in process, only the command lines containing TEXT, e.g. "
          "'gic-version=3 -cpu max -m 1G -smp 512'", "TEXT" },
        { "phase", 0, 0, G_OPTION_ARG_STRING, &args->phase,
          "in process, time only this phase (plan, dtb, acpi or all), "
          "without the byte counts and heap run: for callgrind", "NAME" },
        { "no-processes", 0, 0, G_OPTION_ARG_NONE, &args->no_processes,
          "in-process measurements only", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
    g_autoptr(GError) err = NULL;

    args->iterations = 300;
    args->warmup = 30;
    args->reps = 7;
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "virtboard-bench: %s\n", err->message);
        return false;
    }
    if (args->iterations < 1 || args->warmup < 0 || args->reps < 1) {
        fprintf(stderr, "virtboard-bench: counts must be positive\n");
        return false;
    }
    args->phase_only = -1;
    for (int p = 0; args->phase != NULL && p < PHASE_COUNT; p++) {
        if (strcmp(args->phase, phase_names[p]) == 0) {
            args->phase_only = p;
        }
    }
    if (args->phase != NULL && args->phase_only < 0) {
        fprintf(stderr, "virtboard-bench: unknown phase '%s'\n",
                args->phase);
        return false;
    }
    if (args->qemu == NULL) {
        const char *env = g_getenv("QTEST_QEMU_BINARY");

        args->qemu = g_strdup(env ? env : "/usr/bin/qemu-system-aarch64");
    }
    if (args->virtboard == NULL ||
        !g_file_test(args->qemu, G_FILE_TEST_IS_EXECUTABLE)) {
        if (!args->no_processes) {
            printf("(whole-process comparison skipped: %s)\n\n",
                   args->virtboard == NULL ? "no --virtboard"
                                           : "QEMU not found");
        }
        args->no_processes = TRUE;
    }
    return true;
}

int main(int argc, char **argv)
{
    BenchArgs args = { 0 };
    g_autoptr(GPtrArray) boards = NULL;
    g_autofree char *dir = NULL;
    ProcConfig *pcs = NULL;
    size_t n = 0;
    double release_worst;

    if (argc > 3 && strcmp(argv[1], "--rusage-of") == 0) {
        return rusage_of(argv + 2);
    }
    if (!parse_args(argc, argv, &args)) {
        return 2;
    }
    boards = bench_in_process(&args);
    release_worst = args.phase_only >= 0 ? 0 : bench_releases(&args);
    if (!args.no_processes) {
        dir = g_dir_make_tmp("virtboard-bench-XXXXXX", NULL);
        if (dir == NULL) {
            fprintf(stderr, "virtboard-bench: no temporary directory\n");
            return 1;
        }
        pcs = bench_processes(&args, dir, &n);
    }
    print_targets(boards, pcs, n, &args, release_worst);
    if (pcs != NULL) {
        proc_free(pcs, n);
        g_rmdir(dir);
    }
    for (guint i = 0; i < boards->len; i++) {
        board_clear(g_ptr_array_index(boards, i));
        g_free(g_ptr_array_index(boards, i));
    }
    g_free(args.virtboard);
    g_free(args.qemu);
    g_free(args.only);
    g_free(args.phase);
    return 0;
}
