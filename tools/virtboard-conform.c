/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtboard conform: check a QEMU binary against virtboard's model of
 * its release. See virtboard-conform.h and docs/system/arm/conform.md.
 *
 * Each configuration runs twice: QEMU writes its DTB with
 * -M ...,dumpdtb=FILE (and dtb-randomness=off where the release has it)
 * under TCG, and the model parses the same words, builds the board and
 * its DTB. Same result means: both refuse with the same message, or both
 * accept with the same DTB bytes (/chosen kaslr-seed and rng-seed are
 * compared by presence and size only: without dtb-randomness=off they
 * are random). QEMU runs in a bounded thread pool; the model and the
 * comparison run in the caller's thread.
 */
#include "virtboard-conform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libfdt.h>

#include "hw/arm/virt.h"
#include "hw/arm/virt-acpi.h"
#include "hw/arm/virt-fdt.h"
#include "virt/error.h"
#include "virt/json.h"
#include "virt/qemu-run.h"
#include "virt/qtest.h"

/* Seconds one QEMU run may take */
#define CONFORM_QEMU_TIMEOUT 120
/* Lines of DTB difference shown, per side */
#define CONFORM_DIFF_LINES 6
#define CONFORM_MAX_JOBS 4
#define CONFORM_MAX_CONFIGS 8

/* How the binary shows a behaviour on the first (probe) configuration */
typedef enum ProbeKind {
    PROBE_ACCEPTED,     /* QEMU accepts it */
    PROBE_REFUSED,      /* QEMU refuses it with a message starting so */
} ProbeKind;

typedef struct ConformBehaviour {
    const char *id;
    const char *title;
    const char *since;          /* the first QEMU release with it */
    const char *origin;         /* the series or commits it comes from */
    ProbeKind probe;
    const char *probe_text;     /* PROBE_REFUSED: the message's start */
    /* configs[0] is the probe; "-accel tcg" etc. are added */
    const char *configs[CONFORM_MAX_CONFIGS];
} ConformBehaviour;

/*
 * The matrix. docs/system/arm/conform.md explains each behaviour; keep
 * it in step. The probes are chosen so that the behaviour decides the
 * outcome: a release without it gives the other one.
 */
static const ConformBehaviour conform_behaviours[] = {
    {
        "baseline",
        "the default board: what every other row builds on",
        "-",
        "the release's own device tree and defaults (no series)",
        PROBE_ACCEPTED, NULL,
        {
            "-M virt -cpu max -m 1G",
            "-M virt -cpu cortex-a57 -m 1G -smp 2",
            "-M virt,gic-version=3 -cpu max -m 2G -smp 4",
        },
    },
    {
        "highmem-off-pa-cap",
        "highmem=off caps the guest PA range at 32 bits",
        "7.0",
        "Marc Zyngier's reduced-IPA series, \"hw/arm/virt: Use the PA "
        "range to compute the memory map\" (39a1fd25287f)",
        PROBE_REFUSED, "Addressing limited to 32 bits",
        {
            "-M virt,highmem=off -cpu max -m 4G",
            "-M virt,highmem=off -cpu max -m 3G",
            "-M virt,highmem=off -cpu cortex-a57 -m 2G,slots=1,maxmem=3G",
            "-M virt,highmem=off -cpu max -m 1G,slots=2,maxmem=2G",
            "-M virt,highmem=off -cpu cortex-a15 -m 3G",
        },
    },
    {
        "pa-from-cpu",
        "the PA range comes from the CPU model",
        "7.0",
        "reduced-IPA series (39a1fd25287f); 32-bit CPUs: \"target/arm: "
        "Extend arm_pamax to more than aarch64\" (22536b13247c), "
        "\"Check V7VE as well as LPAE in arm_pamax\" (59e1b8a22ea9), 7.1",
        PROBE_REFUSED, "Addressing limited to 40 bits",
        {
            "-M virt -cpu cortex-a53 -m 1G,slots=1,maxmem=1023G",
            "-M virt -cpu cortex-a57 -m 1G,slots=1,maxmem=1023G",
            "-M virt -cpu cortex-a35 -m 1G,slots=1,maxmem=1022G",
            "-M virt -cpu cortex-a15 -m 1G,slots=1,maxmem=1023G",
            "-M virt -cpu max -m 1G,slots=1,maxmem=2000G",
        },
    },
    {
        "region-disabling",
        "high regions that do not fit the PA range are switched off",
        "7.0",
        "reduced-IPA series, \"hw/arm/virt: Disable highmem devices that "
        "don't fit in the PA range\"",
        PROBE_ACCEPTED, NULL,
        {
            "-M virt -cpu cortex-a53 -m 1G,slots=1,maxmem=511G",
            "-M virt,gic-version=3 -cpu cortex-a53 -m 1G,slots=1,maxmem=767G "
            "-smp 2",
            "-M virt -cpu cortex-a76 -m 1G,slots=4,maxmem=700G",
            "-M virt,gic-version=3 -cpu max -m 1G,slots=1,maxmem=1000G",
            "-M virt,highmem=off,gic-version=3 -cpu max -m 1G -smp 2",
        },
    },
    {
        "compact-layout",
        "compact layout of the high regions (compact-highmem)",
        "8.0",
        "Gavin Shan's series, \"hw/arm/virt: Improve high memory region "
        "address assignment\" (4a4ff9edc6a8), \"Add 'compact-highmem' "
        "property\" (f40408a9fe5d)",
        PROBE_ACCEPTED, NULL,
        {
            "-M virt,compact-highmem=on -cpu max -m 1G",
            "-M virt,highmem-redists=off,gic-version=3 -cpu max -m 1G",
            "-M virt-7.1,highmem-redists=off,gic-version=3 -cpu max -m 1G",
            "-M virt,compact-highmem=off,highmem-redists=off,gic-version=3 "
            "-cpu max -m 1G",
            "-M virt,highmem-ecam=off -cpu cortex-a53 "
            "-m 1G,slots=1,maxmem=700G",
        },
    },
    {
        "vcpu-capacity",
        "the vCPU limit counts only the redistributor regions that are on",
        "8.0",
        "Gavin Shan's series (6a48c64eec35); GICv4 redistributor stride: "
        "virt_redist_capacity() (7.1)",
        PROBE_REFUSED, "Number of SMP CPUs requested (124)",
        {
            "-M virt,highmem=off,gic-version=3 -cpu max -m 1G -smp 124",
            "-M virt,highmem=off,gic-version=3 -cpu max -m 1G -smp 123",
            "-M virt,gic-version=3 -cpu max -m 1G -smp 124",
            "-M virt,gic-version=4,virtualization=on -cpu max -m 1G -smp 62",
            "-M virt,gic-version=4,virtualization=on,highmem=off -cpu max "
            "-m 1G -smp 62",
            "-M virt -cpu max -m 1G -smp 9",
        },
    },
    {
        "highmem-properties",
        "highmem-redists, highmem-ecam and highmem-mmio switch one region "
        "off",
        "8.0",
        "Gavin Shan's series, \"hw/arm/virt: Add properties to disable "
        "high memory regions\" (6a48c64eec35)",
        PROBE_ACCEPTED, NULL,
        {
            "-M virt,highmem-mmio=off -cpu max -m 1G",
            "-M virt,highmem-ecam=off -cpu max -m 1G",
            "-M virt,highmem-redists=off,gic-version=3 -cpu max -m 1G "
            "-smp 124",
            "-M virt,highmem-mmio=off,highmem-ecam=off -cpu max "
            "-m 1G,slots=1,maxmem=4G",
        },
    },
    {
        "highmem-mmio-size",
        "highmem-mmio-size sets the size of the high PCIe MMIO window",
        "10.0",
        "Matthew R. Ochs, \"hw/arm/virt: Add highmem-mmio-size property\" "
        "(2025)",
        PROBE_ACCEPTED, NULL,
        {
            "-M virt,highmem-mmio-size=1T -cpu max -m 1G",
            "-M virt,highmem-mmio-size=768G -cpu max -m 1G",
            "-M virt,highmem-mmio-size=256G -cpu max -m 1G",
            "-M virt,highmem-mmio-size=2T -cpu cortex-a57 -m 1G",
            "-M virt,highmem-mmio-size=1T -cpu cortex-a53 -m 1G",
        },
    },
};

/* One side's result: accepted with a DTB, or refused with a message */
typedef struct ConformOutcome {
    bool accepted;
    char *error;                /* refused: the message */
    guint8 *dtb;                /* accepted: the blob */
    size_t dtb_size;
} ConformOutcome;

typedef struct ConformCase {
    guint behaviour;
    const char *config;
    unsigned index;             /* in the run, for the DTB file name */
    GStrv qemu_argv;
    char *dtb_path;
    ConformOutcome model;
    bool unmodelled;            /* the model says VIRT_ERROR_UNSUPPORTED */
    ConformOutcome qemu;
    char *qemu_failure;         /* QEMU could not run or timed out */
    /* ACPI: when the model built tables for an accepted configuration */
    bool acpi;
    VirtAcpiBlobs model_acpi;
    VirtAcpiBlobs qemu_acpi;
    char *acpi_failure;         /* QEMU's tables could not be read */
    bool same;
    GPtrArray *diff;            /* lines, when not same */
} ConformCase;

typedef struct ConformBehaviourResult {
    ConformStatus status;
    bool qemu_shows;
    bool model_shows;
    bool probed;                /* the probe ran on both sides */
    unsigned configs;
    unsigned differing;
    unsigned unmodelled;
    const ConformCase *first;   /* the first differing configuration */
} ConformBehaviourResult;

struct ConformResult {
    char *binary;
    char *version;              /* "10.0.2" as --version says */
    char *release_name;         /* "10.0" */
    const VirtRelease *model;
    bool release_modelled;
    GPtrArray *cases;
    ConformBehaviourResult behaviours[G_N_ELEMENTS(conform_behaviours)];
    unsigned acpi_compared;     /* configurations whose ACPI was compared */
    gint64 elapsed_ms;
    bool matches;
};

static void conform_outcome_clear(ConformOutcome *o)
{
    g_free(o->error);
    g_free(o->dtb);
}

static void conform_case_free(ConformCase *c)
{
    conform_outcome_clear(&c->model);
    conform_outcome_clear(&c->qemu);
    g_strfreev(c->qemu_argv);
    g_free(c->dtb_path);
    g_free(c->qemu_failure);
    virt_acpi_blobs_clear(&c->model_acpi);
    virt_acpi_blobs_clear(&c->qemu_acpi);
    g_free(c->acpi_failure);
    if (c->diff) {
        g_ptr_array_unref(c->diff);
    }
    g_free(c);
}

void conform_result_free(ConformResult *res)
{
    if (!res) {
        return;
    }
    g_free(res->binary);
    g_free(res->version);
    g_free(res->release_name);
    if (res->cases) {
        g_ptr_array_unref(res->cases);
    }
    g_free(res);
}

bool conform_matches(const ConformResult *res)
{
    return res->matches;
}

/* ---- the binary's release ---- */

/*
 * "QEMU emulator version X.Y.Z" from `@binary --version`: the version
 * and the release "X.Y"
 */
static bool conform_version(const char *binary, char **version,
                            char **release, GError **errp)
{
    const char *argv[] = { binary, "--version", NULL };
    const char *prefix = "QEMU emulator version ";
    g_autofree char *out = NULL;
    g_autoptr(GError) err = NULL;
    unsigned major, minor, micro;
    const char *p;
    int status;

    if (!g_file_test(binary, G_FILE_TEST_IS_EXECUTABLE) ||
        g_file_test(binary, G_FILE_TEST_IS_DIR)) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_HOST,
                    "conform: %s is not an executable file", binary);
        return false;
    }
    if (!virt_qemu_run(argv, 30, &status, &out, NULL, &err)) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_HOST,
                    "conform: cannot run '%s --version': %s", binary,
                    err->message);
        return false;
    }
    p = strstr(out, prefix);
    if (status != 0 || !p ||
        sscanf(p + strlen(prefix), "%u.%u.%u", &major, &minor, &micro) != 3) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_HOST,
                    "conform: '%s --version' (exit status %d) does not say "
                    "\"%sX.Y.Z\"", binary, status, prefix);
        return false;
    }
    *version = g_strdup_printf("%u.%u.%u", major, minor, micro);
    *release = g_strdup_printf("%u.%u", major, minor);
    return true;
}

/*
 * The model to compare with: the release's own, else the newest
 * modelled release older than it, else the oldest modelled
 */
static const VirtRelease *conform_pick_model(const char *release,
                                             bool *modelled)
{
    const VirtRelease *r = virt_release_find(release);
    const VirtRelease *const *list;
    unsigned major = 0, minor = 0;
    size_t n, i;
    int v;

    *modelled = r != NULL;
    if (r) {
        return r;
    }
    list = virt_release_list(&n);
    if (sscanf(release, "%u.%u", &major, &minor) != 2) {
        return list[n - 1];
    }
    v = VIRT_RELEASE_VERSION((int)major, (int)minor);
    r = list[0];
    for (i = 0; i < n; i++) {
        if (list[i]->version <= v) {
            r = list[i];
        }
    }
    return r;
}

/* ---- one configuration ---- */

/*
 * Zero the seeds /chosen and /secure-chosen may hold (kaslr-seed,
 * rng-seed): random unless dtb-randomness=off, which QEMU 5.2 lacks
 */
static void conform_mask_seeds(void *fdt)
{
    static const char *const nodes[] = { "/chosen", "/secure-chosen" };
    static const char *const seeds[] = { "kaslr-seed", "rng-seed" };

    for (size_t n = 0; n < G_N_ELEMENTS(nodes); n++) {
        int node = fdt_path_offset(fdt, nodes[n]);

        for (size_t i = 0; node >= 0 && i < G_N_ELEMENTS(seeds); i++) {
            int len;
            void *v = fdt_getprop_w(fdt, node, seeds[i], &len);

            if (v && len > 0) {
                memset(v, 0, (size_t)len);
            }
        }
    }
}

/* The words of @c's configuration with -M extended by @extra */
static GPtrArray *conform_words(const ConformCase *c, const char *extra)
{
    g_auto(GStrv) words = g_strsplit(c->config, " ", -1);
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    bool machine_next = false;

    for (size_t i = 0; words[i]; i++) {
        g_ptr_array_add(out, machine_next
                        ? g_strconcat(words[i], extra, NULL)
                        : g_strdup(words[i]));
        machine_next = !strcmp(words[i], "-M");
    }
    g_ptr_array_add(out, g_strdup("-accel"));
    g_ptr_array_add(out, g_strdup("tcg"));
    return out;
}

/*
 * The model, given the same words as QEMU (dumpdtb= included: QEMU
 * quotes the -M argument in some messages); the DTB is built in memory
 */
static void conform_run_model(ConformCase *c, const VirtRelease *r,
                              const char *extra)
{
    g_auto(VirtOptions) opts;
    g_autoptr(GPtrArray) words = conform_words(c, extra);
    g_autoptr(GError) err = NULL;
    VirtHelpRequest help = VIRT_HELP_NONE;
    VirtMachineState vms;
    void *blob = NULL;
    size_t size = 0;

    virt_options_init(&opts);
    opts.release = r;
    opts.no_default_machine = true; /* as QEMU */
    g_ptr_array_add(words, NULL);
    if (!virt_cmdline_parse(&opts, (int)words->len - 1,
                            (char *const *)words->pdata, &help, &err) ||
        !virt_machine_init(&vms, &opts, &err) ||
        !virt_fdt_build(&vms, &blob, &size, &err)) {
        c->unmodelled = g_error_matches(err, VIRT_ERROR,
                                        VIRT_ERROR_UNSUPPORTED);
        c->model.error = g_strdup(err->message);
        return;
    }
    conform_mask_seeds(blob);
    c->model.accepted = true;
    c->model.dtb = blob;
    c->model.dtb_size = size;
    /* ACPI where the release's tables are modelled and this board has some */
    if (r->acpi_modelled && vms.acpi) {
        c->acpi = virt_acpi_build(&vms, &c->model_acpi, NULL) &&
                  c->model_acpi.tables != NULL;
    }
}

/* What both sides add to -M: dtb-randomness=off if any, dumpdtb= */
static char *conform_machine_extra(ConformCase *c, const char *dir,
                                   const char *randomness)
{
    c->dtb_path = g_strdup_printf("%s/%u.dtb", dir, c->index);
    return g_strdup_printf("%s,dumpdtb=%s", randomness, c->dtb_path);
}

static void conform_prepare_qemu(ConformCase *c, const char *binary,
                                 const char *extra)
{
    g_autoptr(GPtrArray) words = conform_words(c, extra);
    static const char *const tail[] = {
        "-display", "none", "-nodefaults", "-S",
    };
    GPtrArray *argv = g_ptr_array_new();

    g_ptr_array_add(argv, g_strdup(binary));
    for (guint i = 0; i < words->len; i++) {
        g_ptr_array_add(argv, g_strdup(g_ptr_array_index(words, i)));
    }
    for (size_t i = 0; i < G_N_ELEMENTS(tail); i++) {
        g_ptr_array_add(argv, g_strdup(tail[i]));
    }
    g_ptr_array_add(argv, NULL);
    c->qemu_argv = (GStrv)g_ptr_array_free(argv, FALSE);
}

/*
 * QEMU's ACPI blobs for @c, read over fw_cfg from a qtest session (the
 * CPUs stopped): the configuration without the dump options
 */
static void conform_read_qemu_acpi(ConformCase *c)
{
    g_auto(GStrv) words = g_strsplit(c->config, " ", -1);
    g_autoptr(GError) err = NULL;
    QtsExit ex = { 0 };
    QTestState *s;

    s = qts_start_binary(c->qemu_argv[0], (const char *const *)words, &ex,
                         &err);
    qts_exit_clear(&ex);
    if (!s) {
        c->acpi_failure = g_strdup_printf("cannot start a qtest session: "
                                          "%s", err->message);
        return;
    }
    qfw_cfg_read_acpi(s, &c->qemu_acpi, &err);
    if (err) {
        c->acpi_failure = g_strdup_printf("reading fw_cfg: %s",
                                          err->message);
    }
    qts_quit(s);
}

/* The thread pool's work: run QEMU for one case (no model, no output) */
static void conform_run_qemu(gpointer data, gpointer user_data)
{
    ConformCase *c = data;
    GAsyncQueue *done = user_data;
    g_autofree char *err_text = NULL;
    g_autoptr(GError) err = NULL;
    char *blob = NULL;
    gsize len = 0;
    int status = -1;

    if (!virt_qemu_run((const char *const *)c->qemu_argv,
                       CONFORM_QEMU_TIMEOUT, &status, NULL, &err_text,
                       &err)) {
        c->qemu_failure = g_strdup(err->message);
    } else if (status != 0) {
        c->qemu.error = virt_qemu_first_error(err_text, c->qemu_argv[0]);
    } else if (!g_file_get_contents(c->dtb_path, &blob, &len, NULL) ||
               fdt_check_header(blob) != 0 || fdt_totalsize(blob) > len) {
        c->qemu_failure = g_strdup("QEMU exited with status 0 but wrote "
                                   "no valid DTB");
        g_free(blob);
    } else {
        conform_mask_seeds(blob);
        c->qemu.accepted = true;
        c->qemu.dtb = (guint8 *)blob;
        c->qemu.dtb_size = fdt_totalsize(blob);
    }
    g_unlink(c->dtb_path);
    if (c->acpi && c->qemu.accepted) {
        conform_read_qemu_acpi(c);
    }
    g_async_queue_push(done, c);
}

/* ---- comparing DTBs ---- */

static void conform_format_value(GString *s, const guint8 *v, int len)
{
    bool strings = len > 0 && v[len - 1] == '\0' && v[0] != '\0';

    for (int i = 0; strings && i < len; i++) {
        strings = g_ascii_isprint(v[i]) ||
                  (v[i] == '\0' && i + 1 < len ? v[i + 1] != '\0' : true);
    }
    if (len == 0) {
        g_string_append(s, "(empty)");
    } else if (strings) {
        for (int i = 0; i < len; i += (int)strlen((const char *)v + i) + 1) {
            g_string_append_printf(s, "%s\"%s\"", i ? ", " : "",
                                   (const char *)v + i);
        }
    } else if (len % 4 == 0) {
        g_string_append_c(s, '<');
        for (int i = 0; i < len; i += 4) {
            if (i == 4 * 16) {
                g_string_append(s, " ...");
                break;
            }
            g_string_append_printf(s, "%s0x%x", i ? " " : "",
                                   fdt32_ld((const fdt32_t *)(v + i)));
        }
        g_string_append_c(s, '>');
    } else {
        g_string_append_c(s, '[');
        for (int i = 0; i < len && i < 32; i++) {
            g_string_append_printf(s, "%s%02x", i ? " " : "", v[i]);
        }
        g_string_append(s, len > 32 ? " ...]" : "]");
    }
}

/* One line per node ("PATH {") and per property ("PATH: NAME = VALUE") */
static void conform_flatten(const void *fdt, int node, const char *path,
                            GPtrArray *lines)
{
    int prop, child;

    g_ptr_array_add(lines, g_strdup_printf("%s {", path));
    fdt_for_each_property_offset(prop, fdt, node) {
        const char *name;
        int len;
        const void *v = fdt_getprop_by_offset(fdt, prop, &name, &len);
        GString *s = g_string_new(NULL);

        g_string_printf(s, "%s: %s = ", path, name ? name : "?");
        if (v) {
            conform_format_value(s, v, len);
        }
        g_ptr_array_add(lines, g_string_free(s, FALSE));
    }
    fdt_for_each_subnode(child, fdt, node) {
        const char *name = fdt_get_name(fdt, child, NULL);
        g_autofree char *sub = g_strdup_printf("%s/%s",
                                               strcmp(path, "/") ? path : "",
                                               name ? name : "?");

        conform_flatten(fdt, child, sub, lines);
    }
}

/* Up to CONFORM_DIFF_LINES lines of @a missing from @b, each prefixed */
static void conform_lines_missing(GPtrArray *a, GPtrArray *b,
                                  const char *mark, GPtrArray *out)
{
    g_autoptr(GHashTable) in_b = g_hash_table_new(g_str_hash, g_str_equal);
    unsigned shown = 0, more = 0;

    for (guint i = 0; i < b->len; i++) {
        g_hash_table_add(in_b, g_ptr_array_index(b, i));
    }
    for (guint i = 0; i < a->len; i++) {
        const char *line = g_ptr_array_index(a, i);

        if (g_hash_table_contains(in_b, line)) {
            continue;
        }
        if (shown < CONFORM_DIFF_LINES) {
            g_ptr_array_add(out, g_strdup_printf("%s %s", mark, line));
            shown++;
        } else {
            more++;
        }
    }
    if (more) {
        g_ptr_array_add(out, g_strdup_printf("%s ... (%u more)", mark, more));
    }
}

/* The same nodes and properties: say what else differs */
static void conform_diff_headers(ConformCase *c)
{
    static const struct {
        const char *name;
        size_t offset;
    } fields[] = {
        { "totalsize", 4 }, { "off_dt_struct", 8 }, { "off_dt_strings", 12 },
        { "off_mem_rsvmap", 16 }, { "version", 20 },
        { "last_comp_version", 24 }, { "boot_cpuid_phys", 28 },
        { "size_dt_strings", 32 }, { "size_dt_struct", 36 },
    };
    guint before = c->diff->len;

    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        uint32_t q = fdt32_ld((const fdt32_t *)(c->qemu.dtb +
                                                fields[i].offset));
        uint32_t m = fdt32_ld((const fdt32_t *)(c->model.dtb +
                                                fields[i].offset));

        if (q != m) {
            g_ptr_array_add(c->diff, g_strdup_printf(
                "  header %s: QEMU %u, virtboard %u", fields[i].name, q, m));
        }
    }
    if (c->diff->len == before) {
        g_ptr_array_add(c->diff, g_strdup("  the same header, nodes and "
                                          "properties, in another order or "
                                          "layout"));
    }
}

static void conform_diff_dtbs(ConformCase *c)
{
    g_autoptr(GPtrArray) q = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) m = g_ptr_array_new_with_free_func(g_free);
    guint before;

    conform_flatten(c->qemu.dtb, 0, "/", q);
    conform_flatten(c->model.dtb, 0, "/", m);
    g_ptr_array_add(c->diff, g_strdup("DTB (- QEMU, + virtboard):"));
    before = c->diff->len;
    conform_lines_missing(q, m, "-", c->diff);
    conform_lines_missing(m, q, "+", c->diff);
    if (c->diff->len == before) {
        conform_diff_headers(c);
    }
}

/* The first byte where @a and @b differ (or the shorter length) */
static gsize conform_first_difference(GBytes *a, GBytes *b)
{
    gsize la, lb, i;
    const guint8 *pa = g_bytes_get_data(a, &la);
    const guint8 *pb = g_bytes_get_data(b, &lb);

    for (i = 0; i < la && i < lb && pa[i] == pb[i]; i++) {
    }
    return i;
}

/*
 * Both sides' ACPI tables, linked at the same address by the same
 * loader replay, table by table; false with lines in @c->diff
 */
static bool conform_compare_acpi(ConformCase *c)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GPtrArray) qt = NULL;
    g_autoptr(GPtrArray) mt = NULL;
    g_autofree char *ql = NULL;
    g_autofree char *ml = NULL;
    bool same = true;

    if (c->acpi_failure) {
        g_ptr_array_add(c->diff, g_strdup_printf("ACPI: QEMU: %s",
                                                 c->acpi_failure));
        return false;
    }
    if (!c->qemu_acpi.loader) {
        g_ptr_array_add(c->diff, g_strdup("ACPI: QEMU has no tables, "
                                          "virtboard has"));
        return false;
    }
    qt = virt_acpi_link_blobs(&c->qemu_acpi, VIRT_ACPI_DEFAULT_BASE, &err);
    if (qt) {
        mt = virt_acpi_link_blobs(&c->model_acpi, VIRT_ACPI_DEFAULT_BASE,
                                  &err);
    }
    if (!mt) {
        g_ptr_array_add(c->diff, g_strdup_printf("ACPI: linking %s tables: "
                                                 "%s", qt ? "virtboard's"
                                                 : "QEMU's", err->message));
        return false;
    }
    ql = qts_acpi_signatures(qt);
    ml = qts_acpi_signatures(mt);
    if (strcmp(ql, ml)) {
        g_ptr_array_add(c->diff, g_strdup_printf("ACPI tables: QEMU [%s], "
                                                 "virtboard [%s]", ql, ml));
        return false;
    }
    for (guint i = 0; i < qt->len; i++) {
        const AcpiLinkedTable *a = g_ptr_array_index(qt, i);
        const AcpiLinkedTable *b = g_ptr_array_index(mt, i);

        if (!g_bytes_equal(a->bytes, b->bytes)) {
            g_ptr_array_add(c->diff, g_strdup_printf(
                "ACPI %s differs from byte %" G_GSIZE_FORMAT
                " (QEMU %" G_GSIZE_FORMAT " bytes, virtboard %"
                G_GSIZE_FORMAT ")", a->sig,
                conform_first_difference(a->bytes, b->bytes),
                g_bytes_get_size(a->bytes), g_bytes_get_size(b->bytes)));
            same = false;
        }
    }
    return same;
}

static char *conform_outcome_text(const ConformOutcome *o)
{
    return o->accepted ? g_strdup("accepted")
                       : g_strdup_printf("refused: %s", o->error);
}

/* @text with the temporary DTB path as "FILE": the report is stable */
static void conform_hide_path(char **text, const char *path)
{
    g_auto(GStrv) parts = NULL;

    if (*text && strstr(*text, path)) {
        parts = g_strsplit(*text, path, -1);
        g_free(*text);
        *text = g_strjoinv("FILE", parts);
    }
}

static void conform_compare(ConformCase *c)
{
    conform_hide_path(&c->qemu.error, c->dtb_path);
    conform_hide_path(&c->model.error, c->dtb_path);
    c->diff = g_ptr_array_new_with_free_func(g_free);
    if (c->qemu_failure) {
        c->same = false;
        g_ptr_array_add(c->diff, g_strdup_printf("QEMU: %s",
                                                 c->qemu_failure));
        return;
    }
    if (c->qemu.accepted && c->model.accepted) {
        c->same = c->qemu.dtb_size == c->model.dtb_size &&
                  memcmp(c->qemu.dtb, c->model.dtb, c->qemu.dtb_size) == 0;
        if (!c->same) {
            conform_diff_dtbs(c);
        }
        if (c->acpi && !conform_compare_acpi(c)) {
            c->same = false;
        }
        return;
    }
    if (!c->qemu.accepted && !c->model.accepted) {
        c->same = !strcmp(c->qemu.error, c->model.error);
    } else {
        c->same = false;
    }
    if (!c->same) {
        g_autofree char *q = conform_outcome_text(&c->qemu);
        g_autofree char *m = conform_outcome_text(&c->model);

        g_ptr_array_add(c->diff, g_strdup_printf("QEMU      %s", q));
        g_ptr_array_add(c->diff, g_strdup_printf("virtboard %s", m));
    }
}

static bool conform_shows(const ConformBehaviour *b, const ConformOutcome *o)
{
    if (b->probe == PROBE_ACCEPTED) {
        return o->accepted;
    }
    return !o->accepted && o->error &&
           g_str_has_prefix(o->error, b->probe_text);
}

static void conform_summarise(ConformResult *res)
{
    res->matches = true;
    for (guint i = 0; i < res->cases->len; i++) {
        const ConformCase *c = g_ptr_array_index(res->cases, i);
        const ConformBehaviour *b = &conform_behaviours[c->behaviour];
        ConformBehaviourResult *br = &res->behaviours[c->behaviour];

        br->configs++;
        res->acpi_compared += c->acpi && c->qemu.accepted;
        if (c->unmodelled) {
            br->unmodelled++;
            continue;
        }
        if (c->config == b->configs[0] && !c->qemu_failure) {
            br->probed = true;
            br->qemu_shows = conform_shows(b, &c->qemu);
            br->model_shows = conform_shows(b, &c->model);
        }
        if (!c->same) {
            br->differing++;
            if (!br->first) {
                br->first = c;
            }
        }
    }
    for (guint i = 0; i < G_N_ELEMENTS(conform_behaviours); i++) {
        ConformBehaviourResult *br = &res->behaviours[i];

        if (br->differing) {
            br->status = CONFORM_DIFFERS;
            res->matches = false;
        } else {
            br->status = br->qemu_shows ? CONFORM_PRESENT : CONFORM_ABSENT;
        }
    }
}

ConformResult *conform_run(const char *binary, unsigned jobs,
                           ConformProgress progress, void *opaque,
                           GError **errp)
{
    g_autoptr(ConformResult) res = g_new0(ConformResult, 1);
    g_autoptr(GError) err = NULL;
    g_autofree char *dir = NULL;
    const char *randomness;
    gint64 start = g_get_monotonic_time();
    GAsyncQueue *done;
    GThreadPool *pool;

    res->binary = g_strdup(binary);
    if (!conform_version(binary, &res->version, &res->release_name, errp)) {
        return NULL;
    }
    res->model = conform_pick_model(res->release_name,
                                    &res->release_modelled);
    randomness = virt_release_has_property(res->model, "dtb-randomness")
                 ? ",dtb-randomness=off" : "";
    dir = g_dir_make_tmp("virtboard-conform-XXXXXX", &err);
    if (!dir) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_IO,
                    "conform: cannot create a temporary directory: %s",
                    err->message);
        return NULL;
    }
    if (jobs == 0) {
        jobs = MIN(g_get_num_processors(), CONFORM_MAX_JOBS);
    }

    res->cases = g_ptr_array_new_with_free_func(
        (GDestroyNotify)conform_case_free);
    for (guint b = 0; b < G_N_ELEMENTS(conform_behaviours); b++) {
        for (guint k = 0; k < CONFORM_MAX_CONFIGS &&
                          conform_behaviours[b].configs[k]; k++) {
            ConformCase *c = g_new0(ConformCase, 1);
            char *extra;

            c->behaviour = b;
            c->config = conform_behaviours[b].configs[k];
            c->index = res->cases->len;
            extra = conform_machine_extra(c, dir, randomness);
            conform_run_model(c, res->model, extra);
            conform_prepare_qemu(c, binary, extra);
            g_clear_pointer(&extra, g_free);
            g_ptr_array_add(res->cases, c);
        }
    }

    done = g_async_queue_new();
    pool = g_thread_pool_new(conform_run_qemu, done, (gint)jobs, TRUE, &err);
    if (!pool) {
        g_async_queue_unref(done);
        g_rmdir(dir);
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_HOST,
                    "conform: cannot start threads: %s", err->message);
        return NULL;
    }
    for (guint i = 0; i < res->cases->len; i++) {
        g_thread_pool_push(pool, g_ptr_array_index(res->cases, i), NULL);
    }
    for (guint i = 0; i < res->cases->len; i++) {
        ConformCase *c = g_async_queue_pop(done);

        conform_compare(c);
        if (progress) {
            progress(i + 1, res->cases->len, c->config, c->same, opaque);
        }
    }
    g_thread_pool_free(pool, FALSE, TRUE);
    g_async_queue_unref(done);
    g_rmdir(dir);

    conform_summarise(res);
    res->elapsed_ms = (g_get_monotonic_time() - start) / 1000;
    return g_steal_pointer(&res);
}

/* ---- the report ---- */

static const char *conform_status_name(ConformStatus s)
{
    switch (s) {
    case CONFORM_PRESENT:
        return "present";
    case CONFORM_ABSENT:
        return "absent";
    case CONFORM_DIFFERS:
        return "differs";
    }
    g_assert_not_reached();
}

/* The note for a release virtboard does not model, or NULL */
static char *conform_note(const ConformResult *res)
{
    if (res->release_modelled) {
        return NULL;
    }
    return g_strdup_printf("QEMU %s is not modelled; it is compared with "
                           "the nearest modelled release, %s, so "
                           "differences may be the release's own",
                           res->release_name,
                           virt_release_name(res->model));
}

/* The names of the behaviours that differ, ", "-separated */
static char *conform_differing_names(const ConformResult *res)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < G_N_ELEMENTS(conform_behaviours); i++) {
        if (res->behaviours[i].status == CONFORM_DIFFERS) {
            g_string_append_printf(s, "%s%s", s->len ? ", " : "",
                                   conform_behaviours[i].id);
        }
    }
    return g_string_free(s, FALSE);
}

char *conform_describe(const ConformResult *res)
{
    GString *s = g_string_new(NULL);
    g_autofree char *note = conform_note(res);
    const char *model = virt_release_name(res->model);

    g_string_append_printf(s, "QEMU %s (%s), compared with virtboard's "
                           "model of QEMU %s\n", res->version, res->binary,
                           model);
    if (note) {
        g_string_append_printf(s, "note: %s\n", note);
    }
    if (res->acpi_compared) {
        g_string_append_printf(s, "ACPI tables compared in %u "
                               "configurations\n", res->acpi_compared);
    } else {
        g_string_append_printf(s, "ACPI tables not compared: virtboard "
                               "does not model QEMU %s's yet\n", model);
    }
    g_string_append_printf(s, "\n%-20s %-6s %-8s %s\n", "behaviour", "since",
                           "status", "configurations");
    for (guint i = 0; i < G_N_ELEMENTS(conform_behaviours); i++) {
        const ConformBehaviour *b = &conform_behaviours[i];
        const ConformBehaviourResult *br = &res->behaviours[i];

        g_string_append_printf(s, "%-20s %-6s %-8s %u, %u differ%s\n", b->id,
                               b->since, conform_status_name(br->status),
                               br->configs, br->differing,
                               br->unmodelled ? " (some not modelled)" : "");
    }
    for (guint i = 0; i < G_N_ELEMENTS(conform_behaviours); i++) {
        const ConformBehaviour *b = &conform_behaviours[i];
        const ConformBehaviourResult *br = &res->behaviours[i];

        if (br->status != CONFORM_DIFFERS) {
            continue;
        }
        g_string_append_printf(s, "\n%s differs: %s\n", b->id, b->title);
        if (br->probed && br->qemu_shows != br->model_shows) {
            g_string_append_printf(s, "  the binary %s it; QEMU %s %s it\n",
                                   br->qemu_shows ? "has" : "lacks", model,
                                   br->model_shows ? "has" : "lacks");
        }
        g_string_append_printf(s, "  first differing configuration: %s\n",
                               br->first->config);
        for (guint k = 0; k < br->first->diff->len; k++) {
            g_string_append_printf(s, "    %s\n",
                                   (char *)g_ptr_array_index(
                                       br->first->diff, k));
        }
    }
    if (res->matches) {
        g_string_append_printf(s, "\nresult: the binary matches the model "
                               "of QEMU %s (%u configurations, %.1f s)\n",
                               model, res->cases->len,
                               res->elapsed_ms / 1000.0);
    } else {
        g_autofree char *names = conform_differing_names(res);

        g_string_append_printf(s, "\nresult: the binary differs from the "
                               "model of QEMU %s in: %s (%u configurations, "
                               "%.1f s)\n", model, names, res->cases->len,
                               res->elapsed_ms / 1000.0);
    }
    return g_string_free(s, FALSE);
}

static void json_outcome(JsonBuilder *b, const char *key,
                         const ConformOutcome *o, const char *failure)
{
    json_builder_set_member_name(b, key);
    json_builder_begin_object(b);
    virt_json_bool(b, "accepted", o->accepted);
    virt_json_str(b, "error", failure ? failure : o->error);
    json_builder_end_object(b);
}

static void json_first_difference(JsonBuilder *b, const ConformCase *c)
{
    json_builder_set_member_name(b, "first_difference");
    if (!c) {
        json_builder_add_null_value(b);
        return;
    }
    json_builder_begin_object(b);
    virt_json_str(b, "config", c->config);
    json_outcome(b, "qemu", &c->qemu, c->qemu_failure);
    json_outcome(b, "virtboard", &c->model, NULL);
    virt_json_strv(b, "diff", (const char *const *)c->diff->pdata,
                   (gssize)c->diff->len);
    json_builder_end_object(b);
}

char *conform_to_json(const ConformResult *res)
{
    JsonBuilder *b = virt_json_begin("conform");
    g_autofree char *note = conform_note(res);

    virt_json_str(b, "binary", res->binary);
    virt_json_str(b, "qemu_version", res->version);
    virt_json_str(b, "release", res->release_name);
    virt_json_bool(b, "release_modelled", res->release_modelled);
    virt_json_str(b, "model", virt_release_name(res->model));
    virt_json_str(b, "note", note);
    virt_json_int(b, "acpi_compared", res->acpi_compared);
    virt_json_bool(b, "matches", res->matches);
    virt_json_int(b, "configurations", res->cases->len);
    virt_json_int(b, "elapsed_ms", res->elapsed_ms);
    json_builder_set_member_name(b, "behaviours");
    json_builder_begin_array(b);
    for (guint i = 0; i < G_N_ELEMENTS(conform_behaviours); i++) {
        const ConformBehaviour *cb = &conform_behaviours[i];
        const ConformBehaviourResult *br = &res->behaviours[i];

        json_builder_begin_object(b);
        virt_json_str(b, "id", cb->id);
        virt_json_str(b, "title", cb->title);
        virt_json_str(b, "since", cb->since);
        virt_json_str(b, "origin", cb->origin);
        virt_json_str(b, "status", conform_status_name(br->status));
        json_builder_set_member_name(b, "qemu_shows");
        if (br->probed) {
            json_builder_add_boolean_value(b, br->qemu_shows);
        } else {
            json_builder_add_null_value(b);
        }
        json_builder_set_member_name(b, "model_shows");
        if (br->probed) {
            json_builder_add_boolean_value(b, br->model_shows);
        } else {
            json_builder_add_null_value(b);
        }
        virt_json_int(b, "configurations", br->configs);
        virt_json_int(b, "differing", br->differing);
        virt_json_int(b, "unmodelled", br->unmodelled);
        json_first_difference(b, br->first);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    return virt_json_end(b);
}
