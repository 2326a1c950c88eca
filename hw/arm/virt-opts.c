/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QEMU-style command line -> VirtOptions.
 *
 * One table (virt_props[]) describes every "-M virt" property and holds
 * every rule about it: the QEMU releases that have it (since/until),
 * whether "auto" is a value, and its limits. It drives the parser, the
 * check of a VirtOptions a library caller filled in (virt_options_check),
 * "-M virt,help" and the documentation test. Value syntax and error texts
 * follow QEMU: QemuOpts "key=value" lists with ",," for a
 * literal comma, qapi bools (on/yes/true/y, off/no/false/n) and
 * qemu_strtosz sizes (suffixes B K M G T P E, fractions with a suffix).
 */
#include "hw/arm/virt.h"
#include "hw/arm/virt-internal.h"
#include "virt-cmdline.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "virt/json.h"

typedef enum VirtPropType {
    VIRT_PROP_BOOL,
    VIRT_PROP_ON_OFF_AUTO,  /* on, off or auto */
    VIRT_PROP_AUTO_BOOL,    /* a qapi bool; not given = auto */
    VIRT_PROP_SIZE,
    VIRT_PROP_STRING,
    VIRT_PROP_UINT32,
    VIRT_PROP_UINT8,     /* qapi uint8; ->limit: the most it may be */
    VIRT_PROP_GIC,
    VIRT_PROP_MSI,
    VIRT_PROP_ITS,       /* a bool that records that it was given */
    VIRT_PROP_IOMMU,
    VIRT_PROP_FIRMWARE,  /* a file name that also marks firmware loaded */
    VIRT_PROP_ACCEL,
    VIRT_PROP_PFLASH,    /* a -blockdev node name; pflash0 is firmware */
    VIRT_PROP_IGNORED,   /* accepted, does not change the board */
    VIRT_PROP_UNSUPPORTED,
} VirtPropType;

typedef struct VirtPropDesc {
    const char *name;
    VirtPropType type;
    size_t offset;
    const char *type_name;
    const char *dflt;
    const char *help;
    int since;          /* first release with it (VIRT_RELEASE_VERSION); 0 */
    int until;          /* first release without it; 0: still there */
    uint64_t limit;     /* STRING: most bytes; SIZE: least value (a power
                         * of 2 is required too); UINT8: most value; 0:
                         * none */
} VirtPropDesc;

/*
 * V(7, 2) on a property 5.2 lacks: 7.2 is the oldest modelled release
 * that has it (when it came in between is not recorded here).
 */
#define V(major, minor) VIRT_RELEASE_VERSION(major, minor)

#define OPT(field) offsetof(VirtOptions, field)

static const VirtPropDesc *virt_prop_find(const char *name);
static bool virt_options_set_accel_list(VirtOptions *opts, const char *arg,
                                        GError **errp);
static bool virt_str_in(const char *s, const char *const *list, size_t n);

/* clang-format off */
static const VirtPropDesc virt_props[] = {
    { "acpi", VIRT_PROP_ON_OFF_AUTO, OPT(acpi), "OnOffAuto", "auto",
      "Enable ACPI" },
    { "append", VIRT_PROP_STRING, OPT(append), "string", NULL,
      "Linux kernel command line" },
    { "compact-highmem", VIRT_PROP_AUTO_BOOL, OPT(compact_highmem), "bool",
      "on (off for virt-7.1 and older)",
      "Set on/off to enable/disable compact layout for high memory regions",
      V(8, 0) },
    { "dt-compatible", VIRT_PROP_STRING, OPT(dt_compatible), "string", NULL,
      "Overrides the \"compatible\" property of the dt root node" },
    { "dtb-kaslr-seed", VIRT_PROP_BOOL, OPT(dtb_randomness), "bool", "on",
      "Deprecated synonym of dtb-randomness", V(7, 2) },
    { "dtb-randomness", VIRT_PROP_BOOL, OPT(dtb_randomness), "bool", "on",
      "Set off to disable passing random or non-deterministic dtb nodes to "
      "guest", V(7, 2) },
    { "dumpacpi", VIRT_PROP_STRING, OPT(dumpacpi), "string", NULL,
      "Write the ACPI tables, one SIG.dat file each, to this directory "
      "(virtboard)" },
    { "dumpdtb", VIRT_PROP_STRING, OPT(dumpdtb), "string", NULL,
      "Dump current dtb to a file and quit" },
    { "firmware", VIRT_PROP_FIRMWARE, 0, "string", NULL, "Firmware image" },
    { "gic-version", VIRT_PROP_GIC, OPT(gic_version), "string",
      "2 (tcg), 3 (kvm, hvf)",
      "Set GIC version. Valid values are 2, 3, 4, host and max" },
    { "highmem", VIRT_PROP_BOOL, OPT(highmem), "bool", "on",
      "Set on/off to enable/disable using physical address space above 32 "
      "bits" },
    { "highmem-ecam", VIRT_PROP_AUTO_BOOL, OPT(highmem_ecam), "bool",
      "on (off for virt-2.12 and older)",
      "Set on/off to enable/disable high memory region for PCI ECAM",
      V(8, 0) },
    { "highmem-mmio", VIRT_PROP_AUTO_BOOL, OPT(highmem_mmio), "bool", "on",
      "Set on/off to enable/disable high memory region for PCI MMIO",
      V(8, 0) },
    { "highmem-mmio-size", VIRT_PROP_SIZE, OPT(highmem_mmio_size), "size",
      "512G", "Set the high memory region size for PCI MMIO", V(10, 0), 0,
      VIRT_HIGH_PCIE_MMIO_DEFAULT_SIZE },
    { "highmem-redists", VIRT_PROP_AUTO_BOOL, OPT(highmem_redists), "bool",
      "on",
      "Set on/off to enable/disable high memory region for GICv3 or GICv4 "
      "redistributor",
      V(8, 0) },
    { "initrd", VIRT_PROP_STRING, OPT(initrd), "string", NULL,
      "Linux initial ramdisk file" },
    { "iommu", VIRT_PROP_IOMMU, OPT(iommu), "string", "none",
      "Set the IOMMU type. Valid values are none and smmuv3" },
    { "its", VIRT_PROP_ITS, OPT(its), "bool", "on",
      "Set on/off to enable/disable ITS instantiation" },
    { "kernel", VIRT_PROP_STRING, OPT(kernel), "string", NULL,
      "Linux kernel image file" },
    { "msi", VIRT_PROP_MSI, OPT(msi), "string", "auto",
      "Set MSI settings. Valid values are auto, gicv2m, its and off",
      V(11, 1) },
    { "phandle-start", VIRT_PROP_UINT32, OPT(phandle_start), "int", "32768",
      "The first phandle ID we may generate dynamically" },
    { "secure", VIRT_PROP_BOOL, OPT(secure), "bool", "off",
      "Set on/off to enable/disable the ARM Security Extensions "
      "(TrustZone)" },
    { "virtualization", VIRT_PROP_BOOL, OPT(virtualization), "bool", "off",
      "Set on/off to enable/disable emulating a guest CPU which implements "
      "the ARM Virtualization Extensions" },
    { "virtio-mmio-transports", VIRT_PROP_UINT8,
      OPT(virtio_mmio_transports), "uint8", "32",
      "Set the number of virtio-mmio transports to instantiate", V(11, 1),
      0, VIRT_NUM_VIRTIO_TRANSPORTS },
    { "x-oem-id", VIRT_PROP_STRING, OPT(oem_id), "string", "BOCHS ",
      "Override the default value of field OEMID in ACPI table header. The "
      "string may be up to 6 bytes in size", V(7, 2), 0, 6 },
    { "x-oem-table-id", VIRT_PROP_STRING, OPT(oem_table_id), "string",
      "BXPC    ",
      "Override the default value of field OEM Table ID in ACPI table "
      "header. The string may be up to 8 bytes in size", V(7, 2), 0, 8 },
    { "accel", VIRT_PROP_ACCEL, 0, "string", "tcg",
      "Accelerator (legacy spelling of -accel)" },
    /* accepted and ignored: they do not change the board description */
    { "dump-guest-core", VIRT_PROP_IGNORED, 0, "bool", NULL, NULL },
    { "graphics", VIRT_PROP_IGNORED, 0, "bool", NULL, NULL },
    { "mem-merge", VIRT_PROP_IGNORED, 0, "bool", NULL, NULL },
    { "suppress-vmdesc", VIRT_PROP_IGNORED, 0, "bool", NULL, NULL },
    { "usb", VIRT_PROP_IGNORED, 0, "bool", NULL, NULL },
    { "boot", VIRT_PROP_IGNORED, 0, "string", NULL, NULL, V(7, 2) },
    /* 10.0: shares guest RAM with other processes; same board */
    { "aux-ram-share", VIRT_PROP_IGNORED, 0, "bool", NULL, NULL, V(10, 0) },
    /* 11.1: a new accelerator VM handle on reset (testing); same board */
    { "x-change-vmfd-on-reset", VIRT_PROP_IGNORED, 0, "bool", NULL, NULL,
      V(11, 1) },
    /* QEMU accepts these; virtboard does not model them */
    { "dtb", VIRT_PROP_UNSUPPORTED, 0, "string", NULL, NULL },
    /* RAM from an -object memory-backend-*: the parser checks its size */
    { "memory-backend", VIRT_PROP_STRING, OPT(memory_backend), "string",
      NULL, NULL },
    /* the firmware and its variables as -blockdev nodes */
    { "pflash0", VIRT_PROP_PFLASH, OPT(pflash[0]), "str", NULL, NULL },
    { "pflash1", VIRT_PROP_PFLASH, OPT(pflash[1]), "str", NULL, NULL },
    /* ACPI NFIT and its SSDT: refused by virt_machine_init() when on */
    { "nvdimm", VIRT_PROP_BOOL, OPT(nvdimm), "bool", NULL, NULL },
    /* ACPI HMAT, with -numa hmat-lb/hmat-cache (accepted, unlisted) */
    { "hmat", VIRT_PROP_UNSUPPORTED, 0, "bool", NULL, NULL },
    { "mte", VIRT_PROP_BOOL, OPT(mte), "bool", "off",
      "Set on/off to enable/disable emulating a guest CPU which implements "
      "the ARM Memory Tagging Extension (not modelled: refused)" },
    { "ras", VIRT_PROP_UNSUPPORTED, 0, "bool", NULL, NULL },
    { "confidential-guest-support", VIRT_PROP_UNSUPPORTED, 0, "string",
      NULL, NULL, V(7, 2) },
    { "memory-encryption", VIRT_PROP_UNSUPPORTED, 0, "string", NULL, NULL },
    { "memory", VIRT_PROP_UNSUPPORTED, 0, "string", NULL, NULL, V(7, 2) },
    { "smp", VIRT_PROP_UNSUPPORTED, 0, "string", NULL, NULL, V(7, 2) },
    /* 10.0: a shim.efi blob with -kernel; cache topology for PPTT */
    { "shim", VIRT_PROP_UNSUPPORTED, 0, "string", NULL, NULL, V(10, 0) },
    { "smp-cache", VIRT_PROP_UNSUPPORTED, 0, "string", NULL, NULL,
      V(10, 0) },
};
/* clang-format on */

/* Does release @r have property @d? */
static bool virt_prop_offered(const VirtPropDesc *d, const VirtRelease *r)
{
    return (!d->since || r->version >= d->since) &&
           (!d->until || r->version < d->until);
}

static const VirtRelease *virt_opts_release(const VirtOptions *opts)
{
    return opts->release ? opts->release : virt_release_default();
}

/* The machine type a property error names: -M TYPE, else the newest */
static const char *virt_opts_type_name(const VirtOptions *opts)
{
    return opts->type ? opts->type->name
                      : virt_opts_release(opts)->machine_types[0].name;
}

static bool virt_prop_not_found(const VirtOptions *opts, const char *name,
                                GError **errp)
{
    virt_release_error(virt_opts_release(opts), errp,
                       VIRT_ERROR_UNKNOWN_OPTION,
                       VIRT_TEXT_PROPERTY_NOT_FOUND,
                       virt_opts_type_name(opts), name);
    return false;
}

/* A string property's limit (the OEM ids) */
static bool virt_prop_check_string(const VirtPropDesc *d, const char *value,
                                   GError **errp)
{
    if (d->limit && value && strlen(value) > d->limit) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "User specified %s value is bigger than %d bytes in "
                    "size",
                    d->name + 2, (int)d->limit);
        return false;
    }
    return true;
}

/* A size property's limits (highmem-mmio-size); 0 is "not given" */
static bool virt_prop_check_size(const VirtPropDesc *d, uint64_t size,
                                 GError **errp)
{
    if (size && (size & (size - 1))) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "%s is not a power of 2", d->name);
        return false;
    }
    if (size && size < d->limit) {
        g_autofree char *min = virt_size_to_str(d->limit);

        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "%s cannot be set to a lower value than the default "
                    "(%s)",
                    d->name, min);
        return false;
    }
    return true;
}

/* A property's most value (virtio-mmio-transports) */
static bool virt_prop_check_most(const VirtPropDesc *d, uint64_t v,
                                 GError **errp)
{
    if (d->limit && v > d->limit) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "%s must not exceed %" G_GUINT64_FORMAT, d->name,
                    d->limit);
        return false;
    }
    return true;
}

/* Has the field of @d a value other than "not given"? */
static bool virt_prop_given(const VirtPropDesc *d, const VirtOptions *opts)
{
    const void *field = (const char *)opts + d->offset;

    switch (d->type) {
    case VIRT_PROP_AUTO_BOOL:
        return *(const OnOffAuto *)field != ON_OFF_AUTO_AUTO;
    case VIRT_PROP_SIZE:
        return *(const uint64_t *)field != 0;
    case VIRT_PROP_MSI:
        return opts->msi != VIRT_MSI_NOSEL;
    case VIRT_PROP_UINT8:
        return opts->virtio_mmio_transports_set;
    default:
        return false;
    }
}

bool virt_release_has_property(const VirtRelease *r, const char *name)
{
    const VirtPropDesc *d = virt_prop_find(name);

    return d && virt_prop_offered(d, r);
}

bool virt_options_check(const VirtOptions *opts, GError **errp)
{
    const VirtRelease *r = virt_opts_release(opts);
    size_t i;

    if (opts->numa_nodes > VIRT_NUMA_MAX_NODES) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "%u NUMA nodes: virtboard models up to %u",
                    opts->numa_nodes, VIRT_NUMA_MAX_NODES);
        return false;
    }
    for (i = 0; i < G_N_ELEMENTS(virt_props); i++) {
        const VirtPropDesc *d = &virt_props[i];
        const void *field = (const char *)opts + d->offset;

        if (virt_prop_given(d, opts) && !virt_prop_offered(d, r)) {
            return virt_prop_not_found(opts, d->name, errp);
        }
        if ((d->type == VIRT_PROP_STRING &&
             !virt_prop_check_string(d, *(char *const *)field, errp)) ||
            (d->type == VIRT_PROP_SIZE &&
             !virt_prop_check_size(d, *(const uint64_t *)field, errp)) ||
            (d->type == VIRT_PROP_UINT8 && virt_prop_given(d, opts) &&
             !virt_prop_check_most(d, *(const unsigned *)field, errp))) {
            return false;
        }
    }
    return true;
}

void virt_options_init(VirtOptions *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->release = virt_release_default();
    opts->accel = VIRT_ACCEL_TCG;
    opts->host.kvm_ipa_bits = -1;
    opts->highmem = true;
    opts->its = true;
    opts->dtb_randomness = true;
    opts->phandle_start = 0x8000;
}

void virt_options_clear(VirtOptions *opts)
{
    size_t i;
    char **strs[] = {
        &opts->cpu_name, &opts->dt_compatible, &opts->oem_id,
        &opts->oem_table_id, &opts->dumpdtb, &opts->dumpacpi,
        &opts->kernel, &opts->initrd, &opts->append, &opts->pflash[0],
        &opts->pflash[1], &opts->cpu_kvm_prop, &opts->memory_backend,
        &opts->msi_port_device,
    };

    for (i = 0; i < G_N_ELEMENTS(strs); i++) {
        g_clear_pointer(strs[i], g_free);
    }
    for (i = 0; i < opts->n_dimms; i++) {
        g_clear_pointer(&opts->dimms[i].arg, g_free);
        g_clear_pointer(&opts->dimms[i].memdev, g_free);
        g_clear_pointer(&opts->dimms[i].id, g_free);
    }
    opts->n_dimms = 0;
}

/* ---- value parsers ---- */

static uint64_t virt_size_suffix(char c)
{
    switch (g_ascii_toupper(c)) {
    case 'B':
        return 1;
    case 'K':
        return VIRT_KiB;
    case 'M':
        return VIRT_MiB;
    case 'G':
        return VIRT_GiB;
    case 'T':
        return VIRT_TiB;
    case 'P':
        return VIRT_TiB * 1024;
    case 'E':
        return VIRT_TiB * 1024 * 1024;
    default:
        return 0;
    }
}

/*
 * qemu_strtosz: "N[.F][suffix]", @unit when there is no suffix. Returns
 * 0, -EINVAL (syntax) or -ERANGE (does not fit in 64 bits).
 */
int virt_parse_size(const char *str, uint64_t unit, uint64_t *result)
{
    const char *p = str;
    char *end = NULL;
    uint64_t val, mul;
    double fraction = 0;
    bool hex;

    if (!str || !*str || g_ascii_isspace(*str) || strchr(str, '-')) {
        return -EINVAL;
    }
    hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
    errno = 0;
    val = g_ascii_strtoull(p, &end, hex ? 16 : 10);
    if (end == p || (hex && end == p + 2)) {
        return -EINVAL;
    }
    if (errno == ERANGE) {
        return -ERANGE;
    }
    if (*end == '.') {
        const char *f = end;

        if (hex || !g_ascii_isdigit(f[1])) {
            return -EINVAL;
        }
        fraction = g_ascii_strtod(f, &end);
    }
    mul = virt_size_suffix(*end);
    if (mul) {
        end++;
    } else {
        mul = unit;
    }
    if (*end || (mul == 1 && fraction > 0)) {
        return -EINVAL;
    }
    if (val > UINT64_MAX / mul ||
        (fraction > 0 && (double)val * mul + fraction * mul >= 0x1p64)) {
        return -ERANGE;
    }
    *result = val * mul + (uint64_t)(fraction * (double)mul);
    return 0;
}

/* qapi_bool_parse */
static bool virt_parse_bool(const char *name, const char *value, bool *out,
                            GError **errp)
{
    static const char *const on[] = { "on", "yes", "true", "y" };
    static const char *const off[] = { "off", "no", "false", "n" };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(on); i++) {
        if (!strcmp(value, on[i])) {
            *out = true;
            return true;
        }
        if (!strcmp(value, off[i])) {
            *out = false;
            return true;
        }
    }
    g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                "Parameter '%s' expects 'on' or 'off'", name);
    return false;
}

static bool virt_parse_uint(const char *name, const char *value,
                            uint64_t max, uint64_t *out, GError **errp)
{
    char *end = NULL;
    uint64_t v;

    errno = 0;
    v = g_ascii_strtoull(value, &end, 0);
    if (!*value || *end || value[0] == '-' || errno) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "Parameter '%s' expects integer", name);
        return false;
    }
    if (v > max) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "Parameter '%s' expects integer below %" G_GUINT64_FORMAT,
                    name, max + 1);
        return false;
    }
    *out = v;
    return true;
}

/* ---- key=value lists ---- */

/* A key (or implied value) runs to '=' or ','; it has no escapes. */
static char *virt_keyval_key(const char **pp)
{
    const char *p = *pp;
    size_t n = strcspn(p, "=,");

    *pp = p + n;
    return g_strndup(p, n);
}

/* A value runs to a lone ','; ",," is a literal comma. */
static char *virt_keyval_value(const char **pp)
{
    GString *s = g_string_new(NULL);
    const char *p = *pp;

    while (*p) {
        if (*p == ',') {
            if (p[1] != ',') {
                break;
            }
            p++;
        }
        g_string_append_c(s, *p++);
    }
    *pp = p;
    return g_string_free(s, FALSE);
}

/*
 * Split "[implied,]key=value,..." QemuOpts style. The first element may
 * lack "=" when @implied is true; any other element without one is an
 * error, as is an empty one.
 */
static GPtrArray *virt_keyval_split(const char *opt, const char *arg,
                                    bool implied, GError **errp)
{
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(
        virt_keyval_free);
    const char *p = arg;
    bool first = true;

    /* "" is an empty list: QEMU takes "-m ''" and "-smp ''" as defaults */
    while (*arg && (first || *p)) {
        VirtKeyVal *kv = g_new0(VirtKeyVal, 1);
        char *tok = virt_keyval_key(&p);

        g_ptr_array_add(list, kv);
        if (*p == '=') {
            p++;
            kv->key = tok;
            kv->value = virt_keyval_value(&p);
        } else if (first && implied && *tok) {
            kv->value = tok;
        } else {
            kv->key = tok;
        }
        /* keyval keeps keys in a 128-byte buffer */
        if (kv->key && strlen(kv->key) > 127) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "%s %s: Parameter '%s' is too long", opt, arg,
                        kv->key);
            return NULL;
        }
        if (kv->key && !*kv->key) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "%s %s: Invalid parameter ''", opt, arg);
            return NULL;
        }
        if (!kv->value && kv->key && strcmp(kv->key, "help") != 0) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "%s %s: Expected '=' after parameter '%s'", opt, arg,
                        kv->key);
            return NULL;
        }
        /* QEMU accepts one trailing comma ("virt,", "-smp 2,") */
        if (*p == ',') {
            p++;
        }
        first = false;
    }
    return g_steal_pointer(&list);
}

/* ---- -M ---- */

static const VirtPropDesc *virt_prop_find(const char *name)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virt_props); i++) {
        if (!strcmp(virt_props[i].name, name)) {
            return &virt_props[i];
        }
    }
    return NULL;
}

static bool virt_set_gic(VirtOptions *opts, const char *value, GError **errp)
{
    static const struct {
        const char *name;
        VirtGICType v;
    } map[] = {
        { "2", VIRT_GIC_VERSION_2 },     { "3", VIRT_GIC_VERSION_3 },
        { "4", VIRT_GIC_VERSION_4 },     { "host", VIRT_GIC_VERSION_HOST },
        { "max", VIRT_GIC_VERSION_MAX },
    };
    const VirtRelease *r = virt_opts_release(opts);
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(map); i++) {
        if (!strcmp(value, map[i].name) &&
            (map[i].v != VIRT_GIC_VERSION_4 ||
             virt_opts_release(opts)->gic_v4)) {
            opts->gic_version = map[i].v;
            return true;
        }
    }
    if (r->gic_x5 && !strcmp(value, "x-5")) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                            "-M gic-version=x-5: QEMU accepts the "
                            "experimental GICv5, but virtboard does not "
                            "model it");
        return false;
    }
    virt_release_error(r, errp, VIRT_ERROR_INVALID_OPTION,
                       VIRT_TEXT_INVALID_GIC);
    return false;
}

static bool virt_set_msi(VirtOptions *opts, const char *value, GError **errp)
{
    static const struct {
        const char *name;
        VirtMsiType v;
    } map[] = {
        { "auto", VIRT_MSI_AUTO }, { "gicv2m", VIRT_MSI_GICV2M },
        { "its", VIRT_MSI_ITS },   { "off", VIRT_MSI_OFF },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(map); i++) {
        if (!strcmp(value, map[i].name)) {
            opts->msi = map[i].v;
            return true;
        }
    }
    g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "Invalid msi value\n"
                        "Valid values are auto, gicv2m, its, off");
    return false;
}

/*
 * A qapi uint8: QEMU's integer syntax (leading blanks, a sign, 0x or a
 * leading 0 for octal); a negative or larger value is out of range.
 */
static bool virt_parse_uint8(const char *name, const char *value,
                             unsigned *out, GError **errp)
{
    const char *p = value;
    bool negative = false;
    char *end = NULL;
    uint64_t v;

    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (*p == '-' || *p == '+') {
        negative = *p == '-';
        p++;
    }
    errno = 0;
    v = g_ascii_isdigit(*p) ? g_ascii_strtoull(p, &end, 0) : 0;
    if (!g_ascii_isdigit(*p) || *end || errno) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "Parameter '%s' expects integer", name);
        return false;
    }
    if (v > UINT8_MAX || (negative && v != 0)) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "Parameter '%s' expects uint8_t", name);
        return false;
    }
    *out = (unsigned)v;
    return true;
}

static bool virt_set_size(VirtOptions *opts, const VirtPropDesc *d,
                          const char *value, GError **errp)
{
    const char *name = d->name;
    uint64_t size;
    int r = virt_parse_size(value, 1, &size);

    if (r == -ERANGE) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "Value '%s' is out of range for parameter '%s'", value,
                    name);
        return false;
    }
    if (r < 0) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "Parameter '%s' expects size", name);
        return false;
    }
    if (!virt_prop_check_size(d, size, errp)) {
        return false;
    }
    *(uint64_t *)((char *)opts + d->offset) = size;
    return true;
}

static bool virt_set_on_off_auto(const char *name, const char *value,
                                 OnOffAuto *out, bool allow_auto,
                                 GError **errp)
{
    bool b;

    if (allow_auto && !strcmp(value, "auto")) {
        *out = ON_OFF_AUTO_AUTO;
        return true;
    }
    if (allow_auto) {
        if (!strcmp(value, "on") || !strcmp(value, "off")) {
            *out = value[1] == 'n' ? ON_OFF_AUTO_ON : ON_OFF_AUTO_OFF;
            return true;
        }
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "Parameter '%s' does not accept value '%s'", name, value);
        return false;
    }
    if (!virt_parse_bool(name, value, &b, errp)) {
        return false;
    }
    *out = b ? ON_OFF_AUTO_ON : ON_OFF_AUTO_OFF;
    return true;
}

static bool virt_set_string(VirtOptions *opts, size_t offset,
                            const char *value)
{
    char **field = (char **)((char *)opts + offset);

    g_free(*field);
    *field = g_strdup(value);
    return true;
}

static bool virt_set_prop(VirtOptions *opts, const VirtPropDesc *d,
                          const char *value, GError **errp)
{
    void *field = (char *)opts + d->offset;
    uint64_t u;

    switch (d->type) {
    case VIRT_PROP_BOOL:
        return virt_parse_bool(d->name, value, field, errp);
    case VIRT_PROP_ON_OFF_AUTO:
    case VIRT_PROP_AUTO_BOOL:
        return virt_set_on_off_auto(d->name, value, field,
                                    d->type == VIRT_PROP_ON_OFF_AUTO, errp);
    case VIRT_PROP_SIZE:
        return virt_set_size(opts, d, value, errp);
    case VIRT_PROP_STRING:
        if (!virt_prop_check_string(d, value, errp)) {
            return false;
        }
        return virt_set_string(opts, d->offset, value);
    case VIRT_PROP_UINT32:
        if (!virt_parse_uint(d->name, value, UINT32_MAX, &u, errp)) {
            return false;
        }
        *(uint32_t *)field = (uint32_t)u;
        return true;
    case VIRT_PROP_UINT8:
        if (!virt_parse_uint8(d->name, value, &opts->virtio_mmio_transports,
                              errp) ||
            !virt_prop_check_most(d, opts->virtio_mmio_transports, errp)) {
            return false;
        }
        opts->virtio_mmio_transports_set = true;
        return true;
    case VIRT_PROP_GIC:
        return virt_set_gic(opts, value, errp);
    case VIRT_PROP_MSI:
        return virt_set_msi(opts, value, errp);
    case VIRT_PROP_ITS:
        if (!virt_parse_bool(d->name, value, &opts->its, errp)) {
            return false;
        }
        opts->its_set = true;
        return true;
    case VIRT_PROP_IOMMU:
        if (!strcmp(value, "none") || !strcmp(value, "smmuv3")) {
            opts->iommu = value[0] == 's' ? VIRT_IOMMU_SMMUV3
                                          : VIRT_IOMMU_NONE;
            return true;
        }
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                            "Invalid iommu value\n"
                            "Valid values are none, smmuv3.");
        return false;
    case VIRT_PROP_FIRMWARE:
        opts->firmware_loaded = true;
        return true;
    case VIRT_PROP_ACCEL:
        return virt_options_set_accel_list(opts, value, errp);
    case VIRT_PROP_PFLASH:
        /* QEMU loads firmware from pflash unit 0 only */
        opts->firmware_loaded |= d->offset == OPT(pflash[0]);
        return virt_set_string(opts, d->offset, value);
    case VIRT_PROP_IGNORED:
        return true;
    case VIRT_PROP_UNSUPPORTED:
    default:
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "-M %s: QEMU accepts this property, but virtboard does "
                    "not model it",
                    d->name);
        return false;
    }
}

/* "gic_version" and "gic-version" in one -M: QEMU's conflict error */
static bool virt_machine_check_conflict(GPtrArray *list, guint at,
                                        GError **errp)
{
    VirtKeyVal *kv = g_ptr_array_index(list, at);
    g_autofree char *a = g_strdelimit(g_strdup(kv->key), "_", '-');
    guint i;

    for (i = 0; i < at; i++) {
        VirtKeyVal *prev = g_ptr_array_index(list, i);
        g_autofree char *b = NULL;

        if (!prev->key || !strcmp(prev->key, kv->key)) {
            continue;
        }
        b = g_strdelimit(g_strdup(prev->key), "_", '-');
        if (!strcmp(a, b)) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "Conflict between '%s' and '%s'", prev->key,
                        kv->key);
            return false;
        }
    }
    return true;
}

/*
 * One -M argument; @loc is where QEMU 5.2 says an unknown type is (its
 * first -machine option as written, "-machine foo,highmem=off"; NULL:
 * "-M " and @arg)
 */
static bool virt_options_set_machine_at(VirtOptions *opts, const char *loc,
                                        const char *arg, GError **errp)
{
    g_autoptr(GPtrArray) list = NULL;
    g_autofree char *own_loc = NULL;
    guint i;

    if (!*arg) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_UNKNOWN_OPTION,
                            "No machine specified, and there is no default\n"
                            "Use -machine help to list supported machines");
        return false;
    }
    list = virt_keyval_split("-M", arg, true, errp);
    if (!list) {
        return false;
    }
    for (i = 0; i < list->len; i++) {
        VirtKeyVal *kv = g_ptr_array_index(list, i);
        const VirtPropDesc *d;
        const char *type = NULL;

        /* "help" alone is a help request; "help=on" is no property */
        if (kv->key && !strcmp(kv->key, "help") && kv->value) {
            return virt_prop_not_found(opts, "help", errp);
        }
        if (kv->key && !strcmp(kv->key, "help")) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "-M %s: help is listed by virt_help_text()", arg);
            return false;
        }
        if (!kv->key || !strcmp(kv->key, "type")) {
            type = kv->value;
        }
        if (type) {
            opts->type = virt_release_machine_type(virt_opts_release(opts),
                                                   type);
            if (!opts->type) {
                if (!loc) {
                    loc = own_loc = g_strdup_printf("-M %s", arg);
                }
                virt_release_error(virt_opts_release(opts), errp,
                                   VIRT_ERROR_UNKNOWN_OPTION,
                                   VIRT_TEXT_UNSUPPORTED_MACHINE,
                                   virt_opts_release(opts)
                                           ->unsupported_machine_names_arg
                                       ? loc
                                       : type);
                return false;
            }
            continue;
        }
        d = virt_prop_find(kv->key);
        if (!d || !virt_prop_offered(d, virt_opts_release(opts))) {
            /* QEMU takes '_' for '-' in property names (gic_version) */
            g_autofree char *dashed = g_strdelimit(g_strdup(kv->key), "_",
                                                   '-');

            d = virt_prop_find(dashed);
            if (!d || !virt_prop_offered(d, virt_opts_release(opts))) {
                return virt_prop_not_found(opts, dashed, errp);
            }
        }
        if (!virt_machine_check_conflict(list, i, errp)) {
            return false;
        }
        if (!virt_set_prop(opts, d, kv->value, errp)) {
            return false;
        }
    }
    return true;
}

bool virt_options_set_machine(VirtOptions *opts, const char *arg,
                              GError **errp)
{
    g_return_val_if_fail(opts != NULL && arg != NULL, false);

    return virt_options_set_machine_at(opts, NULL, arg, errp);
}

/* ---- -m ---- */

static const char virt_size_hint[] =
    "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, "
    "peta-\nand exabytes, respectively.";

static bool virt_parse_mem_size(const char *arg, const char *name,
                                const char *value, uint64_t unit,
                                uint64_t *out, GError **errp)
{
    int r = virt_parse_size(value, unit, out);

    if (r == -ERANGE) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "-m %s: Value '%s' is out of range for parameter '%s'",
                    arg, value, name);
        return false;
    }
    if (r < 0) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "-m %s: Parameter '%s' expects a non-negative number "
                    "below 2^64\n%s",
                    arg, name, virt_size_hint);
        return false;
    }
    return true;
}

/*
 * QEMU 5.2 checks maxmem and slots while it parses -m, and names the
 * option (VirtRelease.mem_checked_at_parse); 0 is "not given"
 */
static bool virt_memory_check_5_2(const char *arg, uint64_t ram_size,
                                  uint64_t maxram_size, unsigned ram_slots,
                                  GError **errp)
{
    uint64_t ram = ram_size ? ram_size : VIRT_DEFAULT_RAM_SIZE;

    if (ram_slots && !maxram_size) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "-m %s: invalid -m option value: missing 'maxmem' "
                    "option",
                    arg);
        return false;
    }
    if (maxram_size && maxram_size < ram) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "-m %s: invalid value of -m option maxmem: maximum "
                    "memory size (0x%" G_GINT64_MODIFIER "x) must be at "
                    "least the initial memory size (0x%" G_GINT64_MODIFIER
                    "x)",
                    arg, (guint64)maxram_size, (guint64)ram);
        return false;
    }
    if (maxram_size && ram_slots && maxram_size == ram) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "-m %s: invalid value of -m option maxmem: memory "
                    "slots were specified but maximum memory size (0x%"
                    G_GINT64_MODIFIER "x) is equal to the initial memory "
                    "size (0x%" G_GINT64_MODIFIER "x)",
                    arg, (guint64)maxram_size, (guint64)ram);
        return false;
    }
    return true;
}

bool virt_options_set_memory(VirtOptions *opts, const char *arg,
                             GError **errp)
{
    g_autoptr(GPtrArray) list = NULL;
    uint64_t ram_size = opts ? opts->ram_size : 0;
    uint64_t maxram_size = opts ? opts->maxram_size : 0;
    unsigned ram_slots = opts ? opts->ram_slots : 0;
    guint i;

    g_return_val_if_fail(opts != NULL && arg != NULL, false);

    list = virt_keyval_split("-m", arg, true, errp);
    if (!list) {
        return false;
    }
    for (i = 0; i < list->len; i++) {
        VirtKeyVal *kv = g_ptr_array_index(list, i);
        const char *key = kv->key ? kv->key : "size";
        uint64_t v;

        if (!strcmp(key, "size")) {
            /*
             * QEMU parses a size in bytes, then scales a suffix-less one
             * to MiB ("legacy format"): so "1.5" is a fractional byte
             * count (refused), and a scaled value past 2^64 fails as the
             * memory backend's size.
             */
            size_t n = strlen(kv->value);
            bool legacy = n && g_ascii_isdigit(kv->value[n - 1]);

            if (!virt_parse_mem_size(arg, "size", kv->value, 1, &v, errp)) {
                return false;
            }
            if (legacy && v > UINT64_MAX / VIRT_MiB) {
                g_set_error_literal(errp, VIRT_ERROR,
                                    VIRT_ERROR_INVALID_OPTION,
                                    "Parameter 'memory.size' expects size");
                return false;
            }
            v = legacy ? v * VIRT_MiB : v;
            /* RAM is allocated in 8 KiB units; 0 means the default */
            if (v > UINT64_MAX - 8191) {
                g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                            "-m %s: Value '%s' is out of range for parameter "
                            "'size'",
                            arg, kv->value);
                return false;
            }
            ram_size = (v + 8191) & ~(uint64_t)8191;
        } else if (!strcmp(key, "maxmem")) {
            /* only "size" implies MiB; maxmem counts bytes */
            if (!virt_parse_mem_size(arg, "maxmem", kv->value, 1, &v,
                                     errp)) {
                return false;
            }
            maxram_size = v;
        } else if (!strcmp(key, "slots")) {
            if (!virt_parse_uint("slots", kv->value, UINT32_MAX, &v,
                                 NULL)) {
                g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                            "-m %s: Parameter 'slots' expects a number", arg);
                return false;
            }
            ram_slots = (unsigned)v;
        } else {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "-m %s: Invalid parameter '%s'", arg, key);
            return false;
        }
    }
    if (virt_opts_release(opts)->mem_checked_at_parse &&
        !virt_memory_check_5_2(arg, ram_size, maxram_size, ram_slots,
                               errp)) {
        return false;
    }
    /* all or nothing: a bad key leaves the earlier ones unapplied */
    opts->ram_size = ram_size;
    opts->maxram_size = maxram_size;
    opts->ram_slots = ram_slots;
    return true;
}

/* ---- -smp ---- */

bool virt_smp_check(const VirtSmp *s, GError **errp)
{
    uint64_t product = (uint64_t)s->sockets * s->clusters * s->cores *
                       s->threads;

    if (product != s->max_cpus) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "Invalid CPU topology: product of the hierarchy must "
                    "match maxcpus: sockets (%u) * clusters (%u) * cores "
                    "(%u) * threads (%u) != maxcpus (%u)",
                    s->sockets, s->clusters, s->cores, s->threads,
                    s->max_cpus);
        return false;
    }
    if (s->max_cpus < s->cpus) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "Invalid CPU topology: maxcpus must be equal to or "
                    "greater than smp: sockets (%u) * clusters (%u) * cores "
                    "(%u) * threads (%u) == maxcpus (%u) < smp_cpus (%u)",
                    s->sockets, s->clusters, s->cores, s->threads,
                    s->max_cpus, s->cpus);
        return false;
    }
    return true;
}

static bool virt_smp_topology(VirtSmp *smp, unsigned cpus, unsigned maxcpus,
                              GError **errp)
{
    unsigned sockets = smp->sockets, clusters = smp->clusters;
    unsigned cores = smp->cores, threads = smp->threads;
    bool has_clusters = smp->clusters > 0;
    uint64_t product;
    VirtSmp result;

    /*
     * QEMU 7.2's machine_parse_smp_config(): a 0 counts as omitted (QEMU
     * warns that it is deprecated). Without cpus and maxcpus the omitted
     * levels are 1; otherwise they are computed from maxcpus, preferring
     * cores over sockets (QEMU 6.2+), and threads last.
     */
    clusters = clusters ? clusters : 1;
    if (!cpus && !maxcpus) {
        sockets = sockets ? sockets : 1;
        cores = cores ? cores : 1;
        threads = threads ? threads : 1;
    } else {
        maxcpus = maxcpus ? maxcpus : cpus;
        if (!cores) {
            sockets = sockets ? sockets : 1;
            threads = threads ? threads : 1;
            cores = (unsigned)(maxcpus /
                               ((uint64_t)sockets * clusters * threads));
        } else if (!sockets) {
            threads = threads ? threads : 1;
            sockets = (unsigned)(maxcpus /
                                 ((uint64_t)clusters * cores * threads));
        }
        if (!threads) {
            threads = (unsigned)(maxcpus /
                                 ((uint64_t)sockets * clusters * cores));
        }
    }
    product = (uint64_t)sockets * clusters * cores * threads;
    maxcpus = maxcpus ? maxcpus : (unsigned)MIN(product, UINT32_MAX);
    cpus = cpus ? cpus : maxcpus;

    result = (VirtSmp){
        .cpus = cpus,
        .max_cpus = maxcpus,
        .sockets = sockets,
        .clusters = clusters,
        .cores = cores,
        .threads = threads,
        .has_clusters = has_clusters,
    };
    if (!virt_smp_check(&result, errp)) {
        return false;
    }
    *smp = result;
    return true;
}

/*
 * The levels QEMU knows but the virt board has not: a value above 1 is
 * refused (VIRT_TEXT_SMP_LEVEL). books, drawers, modules: 10.0+.
 */
static bool virt_smp_other_level(const VirtRelease *r, const char *key)
{
    static const char *const more[] = { "books", "drawers", "modules" };

    return !strcmp(key, "dies") ||
           (r->smp_more_levels && virt_str_in(key, more, G_N_ELEMENTS(more)));
}

/*
 * QEMU checks the values once the keys are known: a 0 anywhere (refused
 * by 10.0, a warning and "omitted" before), then the levels above 1.
 */
static bool virt_smp_values(VirtOptions *opts, bool zero, const char *level,
                            GError **errp)
{
    const VirtRelease *r = virt_opts_release(opts);

    if (zero && r->smp_zero_refused) {
        virt_release_error(r, errp, VIRT_ERROR_REFUSED, VIRT_TEXT_SMP_ZERO);
        return false;
    }
    if (level != NULL) {
        virt_release_error(r, errp, VIRT_ERROR_REFUSED, VIRT_TEXT_SMP_LEVEL,
                           level);
        return false;
    }
    opts->smp_zero |= zero && !r->smp_zero_silent;
    return true;
}

/*
 * QEMU 5.2's -smp (VirtRelease.smp_prefers_sockets): no clusters, dies
 * ignored, the omitted levels computed preferring sockets, then cores,
 * then threads, each at least 1; its own texts.
 */
static bool virt_smp_topology_5_2(VirtSmp *smp, unsigned cpus,
                                  unsigned maxcpus, bool maxcpus_given,
                                  GError **errp)
{
    uint64_t sockets = smp->sockets, cores = smp->cores;
    uint64_t threads = smp->threads, max;

    if (!cpus || !sockets) {
        cores = cores ? cores : 1;
        threads = threads ? threads : 1;
        if (!cpus) {
            sockets = sockets ? sockets : 1;
            cpus = (unsigned)MIN(sockets * cores * threads, UINT32_MAX);
        } else {
            sockets = (maxcpus_given ? maxcpus : cpus) / (cores * threads);
        }
    } else if (!cores) {
        threads = threads ? threads : 1;
        cores = MAX(cpus / (sockets * threads), 1);
    } else if (!threads) {
        threads = MAX(cpus / (cores * sockets), 1);
    } else if (sockets * cores * threads < cpus) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "cpu topology: sockets (%u) * cores (%u) * threads "
                    "(%u) < smp_cpus (%u)",
                    (unsigned)sockets, (unsigned)cores, (unsigned)threads,
                    cpus);
        return false;
    }
    max = maxcpus_given ? maxcpus : cpus;
    if (max < cpus) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                            "maxcpus must be equal to or greater than smp");
        return false;
    }
    if (sockets * cores * threads != max) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "Invalid CPU topology: sockets (%u) * cores (%u) * "
                    "threads (%u) != maxcpus (%u)",
                    (unsigned)sockets, (unsigned)cores, (unsigned)threads,
                    (unsigned)max);
        return false;
    }
    *smp = (VirtSmp){ cpus, (unsigned)max, (unsigned)sockets, 1,
                      (unsigned)cores, (unsigned)threads };
    return true;
}

bool virt_options_set_smp(VirtOptions *opts, const char *arg, GError **errp)
{
    g_autoptr(GPtrArray) list = NULL;
    VirtSmp smp = { 0 };
    unsigned cpus = 0, maxcpus = 0;
    const char *level = NULL;
    bool zero = false;
    bool maxcpus_given = false;
    bool old = virt_opts_release(opts)->smp_prefers_sockets;
    guint i;

    g_return_val_if_fail(opts != NULL && arg != NULL, false);

    list = virt_keyval_split("-smp", arg, true, errp);
    if (!list) {
        return false;
    }
    for (i = 0; i < list->len; i++) {
        VirtKeyVal *kv = g_ptr_array_index(list, i);
        const char *key = kv->key ? kv->key : "cpus";
        g_autofree char *name = g_strdup_printf("smp.%s", key);
        unsigned *field = NULL;
        uint64_t v;

        if (!strcmp(key, "cpus")) {
            field = &cpus;
        } else if (!strcmp(key, "maxcpus")) {
            field = &maxcpus;
            maxcpus_given = true;
        } else if (!strcmp(key, "sockets")) {
            field = &smp.sockets;
        } else if (!strcmp(key, "clusters") && !old) {
            field = &smp.clusters;
        } else if (!strcmp(key, "cores")) {
            field = &smp.cores;
        } else if (!strcmp(key, "threads")) {
            field = &smp.threads;
        } else if (virt_smp_other_level(virt_opts_release(opts), key)) {
            field = NULL;
        } else if (old) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "-smp %s: Invalid parameter '%s'", arg, key);
            return false;
        } else {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "Parameter 'smp.%s' is unexpected", key);
            return false;
        }
        if (!virt_parse_uint(name, kv->value, UINT32_MAX, &v, errp)) {
            return false;
        }
        zero |= v == 0;
        if (!field) {
            if (!old) {
                /* 5.2 ignores dies on this board */
                level = level == NULL && v > 1 ? key : level;
            }
            continue;
        }
        *field = (unsigned)v;
    }
    if (!virt_smp_values(opts, zero, level, errp) ||
        (old ? !virt_smp_topology_5_2(&smp, cpus, maxcpus, maxcpus_given,
                                      errp)
             : !virt_smp_topology(&smp, cpus, maxcpus, errp))) {
        return false;
    }
    opts->smp = smp;
    return true;
}

/* ---- -cpu, -accel, host ---- */

/* CPU models QEMU knows but the virt board refuses */
/*
 * CPU properties ("-cpu max,pmu=off,sve=off"). QEMU applies them as
 * globals of the CPU class when it creates the vCPUs, so its errors name
 * "MODEL-arm-cpu". pmu= is modelled (no PMU: no DT node, no GICC perf
 * GSIV); the feature properties of "max" and "host" change neither
 * table; the ones that change the board (EL2/EL3, AArch32, the MPIDR, the
 * timer) are refused by name; anything else is QEMU's "not found".
 */
static bool virt_cpu_props(VirtOptions *opts, const char *model,
                           const char *props, GError **errp)
{
    static const char *const kvm_only[] = {
        "kvm-no-adjvtime", "kvm-steal-time",
    };
    static const char *const board[] = {
        "has_el2", "has_el3", "aarch64", "mp-affinity", "midr", "cntfrq",
        "reset-cbar", "rvbar", "psci-conduit", "start-powered-off",
        "reset-hivecs", "cfgend", "has-mpu", "core-count",
    };
    g_autofree char *where = g_strdup_printf("%s,%s", model, props);
    g_autoptr(GPtrArray) list = virt_keyval_split("-cpu", where, true, errp);
    bool sve_cpu = !strcmp(model, "max") || !strcmp(model, "host") ||
                   !strcmp(model, "a64fx");
    OnOffAuto pmu = opts->cpu_pmu;
    guint i;

    if (!list) {
        return false;
    }
    for (i = 1; i < list->len; i++) {
        VirtKeyVal *kv = g_ptr_array_index(list, i);
        bool b;

        if (!kv->key) {
            continue;
        }
        if (!strcmp(kv->key, "pmu")) {
            if (!virt_parse_bool("pmu", kv->value, &b, errp)) {
                g_prefix_error(errp, "can't apply global %s-arm-cpu.pmu=%s: ",
                               model, kv->value);
                return false;
            }
            pmu = b ? ON_OFF_AUTO_ON : ON_OFF_AUTO_OFF;
        } else if (virt_str_in(kv->key, board, G_N_ELEMENTS(board))) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                        "-cpu %s: the CPU property '%s' changes the board; "
                        "virtboard does not model it",
                        where, kv->key);
            return false;
        } else if (virt_str_in(kv->key, kvm_only, G_N_ELEMENTS(kvm_only))) {
            /* QEMU adds these under KVM only: virt_machine_init() checks */
            g_free(opts->cpu_kvm_prop);
            opts->cpu_kvm_prop = g_strdup_printf("%s=%s", kv->key,
                                                 kv->value);
        } else if (!(sve_cpu &&
                     g_strv_contains(virt_opts_release(opts)->max_cpu_props,
                                     kv->key))) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "can't apply global %s-arm-cpu.%s=%s: Property "
                        "'%s-arm-cpu.%s' not found",
                        model, kv->key, kv->value, model, kv->key);
            return false;
        }
    }
    opts->cpu_pmu = pmu;
    return true;
}

bool virt_options_set_cpu(VirtOptions *opts, const char *arg, GError **errp)
{
    g_autofree char *name = NULL;
    const char *comma = strchr(arg, ',');
    size_t i;

    g_return_val_if_fail(opts != NULL && arg != NULL, false);

    if (!*arg) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                            "-cpu option cannot be empty");
        return false;
    }
    name = comma ? g_strndup(arg, (gsize)(comma - arg)) : g_strdup(arg);
    opts->cpu = virt_release_cpu_model(virt_opts_release(opts), name);
    if (opts->cpu) {
        if (comma && !virt_cpu_props(opts, name, comma + 1, errp)) {
            opts->cpu = NULL;
            return false;
        }
        g_free(opts->cpu_name);
        opts->cpu_name = g_steal_pointer(&name);
        return true;
    }
    if (comma) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "-cpu %s: CPU properties are not modelled by virtboard",
                    arg);
        return false;
    }
    for (i = 0; virt_opts_release(opts)->other_cpus[i] != NULL; i++) {
        if (!strcmp(name, virt_opts_release(opts)->other_cpus[i])) {
            g_free(opts->cpu_name);
            opts->cpu_name = g_steal_pointer(&name);
            return true;
        }
    }
    g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNKNOWN_OPTION,
                "unable to find CPU model '%s'", arg);
    return false;
}

static bool virt_accel_from_name(const char *name, VirtAccel *out)
{
    if (!strcmp(name, "tcg")) {
        *out = VIRT_ACCEL_TCG;
    } else if (!strcmp(name, "kvm")) {
        *out = VIRT_ACCEL_KVM;
    } else if (!strcmp(name, "hvf")) {
        *out = VIRT_ACCEL_HVF;
    } else {
        return false;
    }
    return true;
}

/*
 * One accelerator property. TCG's are checked as the oracles answer them;
 * KVM's cannot be observed here (no /dev/kvm): the names QEMU documents
 * are accepted; HVF's (tso=, from Apple's and UTM's builds) are accepted
 * whatever they are. None changes the board.
 */
static bool virt_accel_prop(const VirtOptions *opts, const char *arg,
                            VirtAccel accel, const VirtKeyVal *kv,
                            GError **errp)
{
    static const char *const kvm_props[] = {
        "kernel-irqchip", "kvm-shadow-mem", "dirty-ring-size",
        "eager-split-size", "notify-vmexit", "notify-window", "device",
        "honor-guest-pat", "xen-version",
    };
    int version = virt_opts_release(opts)->version;
    const char *key = kv->key;
    bool b;
    uint64_t u;

    if (accel == VIRT_ACCEL_HVF) {
        return true;
    }
    if (accel == VIRT_ACCEL_KVM) {
        if (virt_str_in(key, kvm_props, G_N_ELEMENTS(kvm_props))) {
            return true;
        }
    } else if (!strcmp(key, "tb-size")) {
        if (!virt_parse_uint(key, kv->value, UINT64_MAX, &u, NULL)) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "-accel %s: Parameter 'tb-size' expects uint64",
                        arg);
            return false;
        }
        return true;
    } else if (!strcmp(key, "thread")) {
        if (strcmp(kv->value, "single") && strcmp(kv->value, "multi")) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "-accel %s: Invalid 'thread' setting %s", arg,
                        kv->value);
            return false;
        }
        return true;
    } else if ((!strcmp(key, "split-wx") &&
                version >= VIRT_RELEASE_VERSION(7, 2)) ||
               (!strcmp(key, "one-insn-per-tb") &&
                version >= VIRT_RELEASE_VERSION(10, 0))) {
        if (!virt_parse_bool(key, kv->value, &b, errp)) {
            g_prefix_error(errp, "-accel %s: ", arg);
            return false;
        }
        return true;
    }
    g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                "-accel %s: Property '%s-accel.%s' not found", arg,
                accel == VIRT_ACCEL_KVM ? "kvm" : "tcg", key);
    return false;
}

/* "-accel NAME[,prop=value...]" -> its accelerator */
static bool virt_accel_parse(const VirtOptions *opts, const char *arg,
                             VirtAccel *out, GError **errp)
{
    g_autoptr(GPtrArray) list = NULL;
    const char *name = NULL;
    guint i;

    list = virt_keyval_split("-accel", arg, true, errp);
    if (!list) {
        return false;
    }
    for (i = 0; i < list->len; i++) {
        VirtKeyVal *kv = g_ptr_array_index(list, i);

        if (!kv->key || !strcmp(kv->key, "accel")) {
            name = kv->value;
        }
    }
    if (!name) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "-accel %s: Parameter 'accel' is missing", arg);
        return false;
    }
    if (!virt_accel_from_name(name, out)) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNKNOWN_OPTION,
                    "-accel %s: invalid accelerator %s", arg, name);
        return false;
    }
    for (i = 0; i < list->len; i++) {
        VirtKeyVal *kv = g_ptr_array_index(list, i);

        if (kv->key && strcmp(kv->key, "accel") &&
            !virt_accel_prop(opts, arg, *out, kv, errp)) {
            return false;
        }
    }
    return true;
}

bool virt_options_set_accel(VirtOptions *opts, const char *arg,
                            GError **errp)
{
    VirtAccel accel;

    g_return_val_if_fail(opts != NULL && arg != NULL, false);

    if (!virt_accel_parse(opts, arg, &accel, errp)) {
        return false;
    }
    opts->accel = accel;
    opts->accels[0] = accel;
    opts->n_accels = 1;
    return true;
}

/* One more -accel: QEMU tries them in order */
static bool virt_options_add_accel(VirtOptions *opts, const char *arg,
                                   GError **errp)
{
    VirtAccel accel;

    if (!virt_accel_parse(opts, arg, &accel, errp)) {
        return false;
    }
    if (opts->n_accels >= VIRT_ACCEL_LIST_MAX) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "-accel %s: more than %d accelerators", arg,
                    VIRT_ACCEL_LIST_MAX);
        return false;
    }
    if (!opts->n_accels) {
        opts->accel = accel;
    }
    opts->accels[opts->n_accels++] = accel;
    return true;
}

/*
 * "-M accel=kvm:tcg": the legacy list, tried in order. QEMU reports a
 * name it does not know ("invalid accelerator foo") and goes on with
 * the others; only a list with no known name at all stops it, and an
 * empty one is "no accelerator found".
 */
static bool virt_options_set_accel_list(VirtOptions *opts, const char *arg,
                                        GError **errp)
{
    g_auto(GStrv) names = g_strsplit(arg, ":", -1);
    VirtAccel list[VIRT_ACCEL_LIST_MAX];
    const char *invalid = NULL;
    unsigned n = 0;
    int i;

    for (i = 0; names[i]; i++) {
        if (!virt_accel_from_name(names[i], &list[n])) {
            invalid = invalid ? invalid : names[i];
            continue;
        }
        if (++n == VIRT_ACCEL_LIST_MAX && names[i + 1]) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "-M accel=%s: more than %d accelerators", arg,
                        VIRT_ACCEL_LIST_MAX);
            return false;
        }
    }
    if (!n && invalid) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNKNOWN_OPTION,
                    "invalid accelerator %s", invalid);
        return false;
    }
    if (!n) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_UNKNOWN_OPTION,
                            "no accelerator found");
        return false;
    }
    memcpy(opts->accels, list, sizeof(list[0]) * n);
    opts->n_accels = n;
    opts->accel = list[0];
    return true;
}

static bool virt_parse_ipa(const char *arg, const char *value, int *out,
                           GError **errp)
{
    char *end = NULL;
    long v;

    errno = 0;
    v = strtol(value, &end, 10);
    if (!*value || *end || errno || v < VIRT_IPA_BITS_MIN ||
        v > VIRT_IPA_BITS_MAX) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "--host-ipa-bits %s: IPA sizes are whole numbers of bits "
                    "from %d to %d",
                    arg, VIRT_IPA_BITS_MIN, VIRT_IPA_BITS_MAX);
        return false;
    }
    *out = (int)v;
    return true;
}

bool virt_options_set_release(VirtOptions *opts, const char *arg,
                              GError **errp)
{
    const VirtRelease *r;
    g_autofree char *names = NULL;

    g_return_val_if_fail(opts != NULL && arg != NULL, false);

    r = virt_release_find(arg);
    if (!r) {
        names = virt_release_names();
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "--qemu-version %s: not a modelled QEMU release "
                    "(modelled: %s)",
                    arg, names);
        return false;
    }
    opts->release = r;
    return true;
}

bool virt_options_set_host_ipa(VirtOptions *opts, const char *arg,
                               GError **errp)
{
    g_auto(GStrv) parts = NULL;
    int dflt, max;

    g_return_val_if_fail(opts != NULL && arg != NULL, false);

    /* "none": KVM without KVM_CAP_ARM_VM_IPA_SIZE (fixed 40 bits) */
    if (!strcmp(arg, "none")) {
        opts->host.kvm_ipa_bits = 0;
        return true;
    }
    parts = g_strsplit(arg, ":", 3);
    if (g_strv_length(parts) > 2) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "--host-ipa-bits %s: expected N or DEFAULT:MAX", arg);
        return false;
    }
    /* g_strsplit("") is an empty vector: parse "" to get the error */
    if (!virt_parse_ipa(arg, parts[0] ? parts[0] : "", &dflt, errp)) {
        return false;
    }
    max = dflt;
    if (parts[1] && !virt_parse_ipa(arg, parts[1], &max, errp)) {
        return false;
    }
    if (max < dflt) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "--host-ipa-bits %s: the maximum IPA size is below the "
                    "default",
                    arg);
        return false;
    }
    opts->host.kvm_ipa_bits = max;
    opts->host.hvf_default_ipa = dflt;
    opts->host.hvf_max_ipa = max;
    return true;
}

/* ---- the command line ---- */

/*
 * QEMU's options, which of them take an argument and which change the
 * board, are virt_qemu_options[] (virt-cmdline.c), per release. These
 * are virtboard's own, which take an argument too.
 */
static const char *const virt_own_opts[] = {
    "--host-ipa-bits", "--qemu-version",
};

/* -object memory-backend-*: what a DIMM needs of it */
typedef struct VirtBackend {
    uint64_t size;
    bool readonly;              /* memory-backend-file's readonly=on */
} VirtBackend;

/* What the parser carries from one option to the next */
typedef struct VirtCmdline {
    VirtOptions *opts;
    bool accel_option;          /* -accel given */
    bool machine_accel;         /* -M accel= or -enable-kvm given */
    unsigned pflash_units;      /* -pflash and -drive if=pflash so far */
    GPtrArray *buses;           /* buses the -devices so far provide */
    GPtrArray *nodes;           /* -blockdev node-names */
    GHashTable *backends;       /* -object memory-backend-*: VirtBackend */
    const char *host_ipa;       /* --host-ipa-bits as given, or NULL */
    uint32_t numa_present;      /* -numa node IDs given (bit N: node N) */
    unsigned numa_declared;     /* -numa node options so far */
    GArray *numa_cpus;          /* VirtNumaCpus: cpus= of every node */
    const char *machine_opt;    /* the first -M as written ("-machine") */
    const char *machine_arg;    /* ... and its argument */
    GPtrArray *numa_memdevs;    /* memdev= of every -numa node */
    GPtrArray *tpm_ids;         /* the -tpmdev's id (QEMU allows one) */
    GPtrArray *tpm_devices;     /* -device tpm-tis-device arguments */
} VirtCmdline;

static bool virt_str_in(const char *s, const char *const *list, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (!strcmp(s, list[i])) {
            return true;
        }
    }
    return false;
}

static bool virt_str_in_array(const char *s, const GPtrArray *a)
{
    guint i;

    for (i = 0; i < a->len; i++) {
        if (!strcmp(s, g_ptr_array_index(a, i))) {
            return true;
        }
    }
    return false;
}

/* The value of @key in @list (the implied one for NULL), or NULL */
static const char *virt_kv_get(const GPtrArray *list, const char *key)
{
    const char *found = NULL;
    guint i;

    for (i = 0; i < list->len; i++) {
        const VirtKeyVal *kv = g_ptr_array_index(list, i);

        if (key ? kv->key && !strcmp(kv->key, key) : !kv->key) {
            found = kv->value;
        }
    }
    return found;
}

/*
 * A JSON argument as a release without JSON for -device, -object and
 * -netdev reads it (VirtRelease.json_device_object_netdev): QemuOpts
 * key=value, split at each comma (",," is a comma). Returns the first
 * element, unescaped; *@has_id: whether an element is "id=...".
 */
static char *virt_qemuopts_first(const char *arg, bool *has_id)
{
    GString *first = g_string_new(NULL);
    bool in_first = true, start = true;

    *has_id = false;
    for (const char *p = arg; *p; p++) {
        if (start && g_str_has_prefix(p, "id=")) {
            *has_id = true;
        }
        start = false;
        if (*p == ',' && p[1] == ',') {
            p++;
        } else if (*p == ',') {
            in_first = false;
            start = true;
            continue;
        }
        if (in_first) {
            g_string_append_c(first, *p);
        }
    }
    return g_string_free(first, FALSE);
}

/*
 * -device/-object/-netdev JSON in a release that reads it as key=value:
 * QEMU's error for it (true), or false when the release takes JSON or
 * @arg is not JSON.
 */
static bool virt_json_refused(const VirtOptions *opts, const char *opt,
                              const char *arg, GError **errp)
{
    g_autofree char *first = NULL;
    bool has_id;

    if (arg[0] != '{' || virt_opts_release(opts)->json_device_object_netdev) {
        return false;
    }
    first = virt_qemuopts_first(arg, &has_id);
    if (!strcmp(opt, "-device")) {
        if (strchr(first, '=')) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-device %s: Parameter 'driver' is missing", arg);
        } else {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-device %s: '%s' is not a valid device model name",
                        arg, first);
        }
        return true;
    }
    if (has_id) {
        /* QEMU would go on with a type named '{...': not modelled */
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "%s %s: QEMU %s reads JSON here as key=value; with an "
                    "id= element that is not modelled by virtboard",
                    opt, arg, virt_release_name(virt_opts_release(opts)));
    } else if (!strcmp(opt, "-object")) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "-object %s: Parameter 'id' is missing", arg);
    } else {
        /* given when the network backends are created: no option named */
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "Parameter 'id' is missing");
    }
    return true;
}

/* "-device/-object/...": JSON when it starts with '{', else key=value */
static GPtrArray *virt_cmdline_props(const char *opt, const char *arg,
                                     GError **errp)
{
    if (arg[0] == '{') {
        return virt_json_object_parse(opt, arg, errp);
    }
    return virt_keyval_split(opt, arg, true, errp);
}

/* An integer property: decimal, 0x hex or 0 octal, as QEMU's visitor */
static bool virt_dimm_int(const char *str, gint64 min, guint64 max,
                          guint64 *out)
{
    char *end = NULL;
    bool neg = str[0] == '-';
    guint64 v;

    errno = 0;
    v = g_ascii_strtoull(neg ? str + 1 : str, &end, 0);
    if (!str[0] || errno || end == NULL || *end || (neg && min >= 0) ||
        (neg && v > (guint64)-min) || (!neg && v > max)) {
        return false;
    }
    *out = neg ? (guint64)-(gint64)v : v;
    return true;
}

/*
 * pc-dimm's integer properties: the range QEMU's property setter takes,
 * and the type it names when a value is out of it.
 */
typedef enum {
    VIRT_DIMM_NODE,
    VIRT_DIMM_SLOT,
    VIRT_DIMM_ADDR,
} VirtDimmField;

typedef struct {
    const char *key;
    gint64 min;
    guint64 max;
    const char *type;
    VirtDimmField field;
} VirtDimmProp;

static const VirtDimmProp virt_dimm_props[] = {
    { "node", 0, G_MAXUINT32, "uint32_t", VIRT_DIMM_NODE },
    { "slot", -1, G_MAXINT32, "int32_t", VIRT_DIMM_SLOT },
    { "addr", 0, G_MAXUINT64, "uint64_t", VIRT_DIMM_ADDR },
};

static const VirtDimmProp *virt_dimm_prop(const char *key)
{
    for (gsize i = 0; i < G_N_ELEMENTS(virt_dimm_props); i++) {
        if (!strcmp(virt_dimm_props[i].key, key)) {
            return &virt_dimm_props[i];
        }
    }
    return NULL;
}

/*
 * -device pc-dimm[,memdev=ID][,node=N][,slot=N][,addr=A][,id=...], and
 * nvdimm with them and [,unarmed=on|off]: the properties are recorded;
 * QEMU checks them against the board once it is built
 * (virt_machine_init), except a value of the wrong type, which the
 * property setter refuses at once.
 */
static bool virt_cmdline_dimm(VirtCmdline *c, const char *arg,
                              const GPtrArray *list, bool nvdimm,
                              GError **errp)
{
    VirtOptions *opts = c->opts;
    VirtDimm *d;
    guint i;

    if (opts->n_dimms == VIRT_DIMMS_MAX) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "-device %s: virtboard models up to %u pc-dimm and "
                    "nvdimm devices",
                    arg, VIRT_DIMMS_MAX);
        return false;
    }
    d = &opts->dimms[opts->n_dimms];
    memset(d, 0, sizeof(*d));
    d->slot = -1;
    d->nvdimm = nvdimm;
    for (i = 0; i < list->len; i++) {
        const VirtKeyVal *kv = g_ptr_array_index(list, i);
        const VirtDimmProp *p;
        guint64 u;

        if (!kv->key || !strcmp(kv->key, "driver")) {
            continue;
        }
        if (!strcmp(kv->key, "id")) {
            g_free(d->id);
            d->id = g_strdup(kv->value);
        } else if (!strcmp(kv->key, "memdev")) {
            g_free(d->memdev);
            d->memdev = g_strdup(kv->value);
        } else if ((p = virt_dimm_prop(kv->key))) {
            if (!virt_dimm_int(kv->value, p->min, p->max, &u)) {
                g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                            "-device %s: Parameter '%s' expects %s",
                            arg, p->key, p->type);
                goto fail;
            }
            switch (p->field) {
            case VIRT_DIMM_NODE:
                d->node = (uint32_t)u;
                break;
            case VIRT_DIMM_SLOT:
                d->slot = (int)(gint64)u;
                break;
            case VIRT_DIMM_ADDR:
                d->has_addr = true;
                d->addr = u;
                break;
            }
        } else if (nvdimm && !strcmp(kv->key, "unarmed") &&
                   virt_parse_bool("unarmed", kv->value, &d->unarmed, NULL)) {
            continue;
        } else {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                        "-device %s: %s property '%s' is not modelled "
                        "by virtboard",
                        arg, nvdimm ? "nvdimm" : "pc-dimm", kv->key);
            goto fail;
        }
    }
    d->arg = g_strdup(arg);
    opts->n_dimms++;
    return true;

fail:
    g_clear_pointer(&d->memdev, g_free);
    g_clear_pointer(&d->id, g_free);
    return false;
}

/*
 * Once every option is read: which DIMM's backend exists, with what
 * size, and which is already RAM (a -numa node's, -M memory-backend's,
 * or an earlier DIMM's: QEMU's "busy memdev").
 */
static void virt_cmdline_dimms(VirtCmdline *c)
{
    VirtOptions *opts = c->opts;
    unsigned i, j;

    for (i = 0; i < opts->n_dimms; i++) {
        VirtDimm *d = &opts->dimms[i];
        const VirtBackend *be;

        if (!d->memdev) {
            continue;
        }
        be = g_hash_table_lookup(c->backends, d->memdev);
        d->memdev_found = be != NULL;
        d->size = be ? be->size : 0;
        d->memdev_readonly = be && be->readonly;
        d->memdev_busy =
            (opts->memory_backend &&
             !strcmp(opts->memory_backend, d->memdev)) ||
            virt_str_in_array(d->memdev, c->numa_memdevs);
        for (j = 0; j < i; j++) {
            const char *m = opts->dimms[j].memdev;

            d->memdev_busy |= m && !strcmp(m, d->memdev);
        }
    }
}

static bool virt_cmdline_device(VirtCmdline *c, const char *arg,
                                GError **errp)
{
    g_autoptr(GPtrArray) list = NULL;
    const VirtDeviceDesc *d;
    const char *driver;

    if (virt_json_refused(c->opts, "-device", arg, errp)) {
        return false;
    }
    list = virt_cmdline_props("-device", arg, errp);
    if (!list) {
        return false;
    }
    driver = virt_kv_get(list, "driver");
    driver = driver ? driver : virt_kv_get(list, NULL);
    if (virt_kv_get(list, "help") || (driver && (!strcmp(driver, "help") ||
                                                 !strcmp(driver, "?")))) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "-device %s: virtboard does not list QEMU's devices",
                    arg);
        return false;
    }
    if (!driver) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "-device %s: Parameter 'driver' is missing", arg);
        return false;
    }
    if (!strcmp(driver, "pc-dimm")) {
        return virt_cmdline_dimm(c, arg, list, false, errp);
    }
    d = virt_device_find(driver);
    if (!d) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "-device %s: '%s' is not in virtboard's table of "
                    "devices, so whether it changes the board is not known",
                    arg, driver);
        return false;
    }
    if (d->kind == VIRT_DEV_REFUSED) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "-device %s: %s adds %s; virtboard does not model it",
                    arg, driver, d->why);
        return false;
    }
    /* QEMU checks an NVDIMM when it plugs it, after the board is built */
    if (d->kind == VIRT_DEV_NVDIMM) {
        return virt_cmdline_dimm(c, arg, list, true, errp);
    }
    /* checked once every -tpmdev is read, as QEMU creates them first */
    if (d->kind == VIRT_DEV_TPM) {
        g_ptr_array_add(c->tpm_devices, (gpointer)arg);
        return true;
    }
    /* with bus= QEMU looks the bus up by id: not checked */
    if (d->kind == VIRT_DEV_BUS && !virt_kv_get(list, "bus") &&
        !virt_str_in_array(d->bus, c->buses)) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "-device %s: No '%s' bus found for device '%s'", arg,
                    d->bus, driver);
        return false;
    }
    if (d->kind != VIRT_DEV_BUS && d->bus) {
        g_ptr_array_add(c->buses, (gpointer)d->bus);
    }
    c->opts->pci_devices += d->kind == VIRT_DEV_PCI;
    /* PCIe ports: MSI-X, or MSI (observed on 5.2, 7.2 and 10.0) */
    if (!c->opts->msi_port_device &&
        (!strcmp(driver, "pcie-root-port") || !strcmp(driver, "ioh3420") ||
         !strcmp(driver, "x3130-upstream"))) {
        c->opts->msi_port_device = g_strdup(arg);
        c->opts->msi_port_msix = !strcmp(driver, "pcie-root-port");
    }
    return true;
}

/*
 * -global DRIVER.PROP=VALUE (or driver=,property=,value=): a property of
 * a device the board creates can change its DT node or ACPI table.
 */
static bool virt_cmdline_global(const char *arg, GError **errp)
{
    g_autofree char *driver = NULL;
    const char *eq = strchr(arg, '=');
    const char *dot = strchr(arg, '.');

    if (dot && (!eq || dot < eq)) {
        driver = g_strndup(arg, (gsize)(dot - arg));
    } else {
        g_autoptr(GPtrArray) list = virt_keyval_split("-global", arg, false,
                                                      NULL);

        driver = g_strdup(list ? virt_kv_get(list, "driver") : NULL);
    }
    if (driver && virt_device_is_board(driver)) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "-global %s: %s is a device of the board itself; "
                    "virtboard does not model its properties",
                    arg, driver);
        return false;
    }
    return true;
}

/* -tpmdev TYPE,id=ID,...: QEMU allows one TPM backend */
static bool virt_cmdline_tpmdev(VirtCmdline *c, const char *arg,
                                GError **errp)
{
    g_autoptr(GPtrArray) list = virt_keyval_split("-tpmdev", arg, true,
                                                  errp);

    if (!list) {
        return false;
    }
    if (c->tpm_ids->len > 0) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "-tpmdev %s: Only one TPM is allowed.", arg);
        return false;
    }
    g_ptr_array_add(c->tpm_ids, g_strdup(virt_kv_get(list, "id")));
    return true;
}

/*
 * -device tpm-tis-device: QEMU checks them when it creates the devices,
 * in order, once the backends exist. One TPM on the platform bus.
 */
static bool virt_cmdline_tpm_check(VirtCmdline *c, GError **errp)
{
    const char *id = c->tpm_ids->len ? g_ptr_array_index(c->tpm_ids, 0)
                                     : NULL;
    bool used = false;
    guint i;

    for (i = 0; i < c->tpm_devices->len; i++) {
        const char *arg = g_ptr_array_index(c->tpm_devices, i);
        g_autoptr(GPtrArray) list = virt_cmdline_props("-device", arg, NULL);
        const char *be = list ? virt_kv_get(list, "tpmdev") : NULL;

        if (!be) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-device %s: 'tpmdev' property is required", arg);
            return false;
        }
        if (!id || strcmp(be, id) != 0) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-device %s: Property 'tpm-tis-device.tpmdev' "
                        "can't find value '%s'",
                        arg, be);
            return false;
        }
        if (used) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-device %s: TPM backend '%s' is already "
                        "initialized",
                        arg, be);
            return false;
        }
        used = true;
    }
    c->opts->tpm = used;
    return true;
}

/* Interfaces the virt board has no controller for (QEMU's text) */
static bool virt_cmdline_no_if(const char *opt, const char *arg,
                               const char *iface, const char *bus,
                               const char *unit, GError **errp)
{
    g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                "%s %s: machine type does not support if=%s,bus=%s,unit=%s",
                opt, arg, iface, bus ? bus : "0", unit ? unit : "0");
    return false;
}

/* A pflash drive: unit 0 is the firmware */
static void virt_cmdline_pflash(VirtCmdline *c, const char *unit)
{
    unsigned n = unit ? (unsigned)g_ascii_strtoull(unit, NULL, 10)
                      : c->pflash_units;

    c->pflash_units++;
    c->opts->firmware_loaded |= n == 0;
}

static bool virt_cmdline_drive(VirtCmdline *c, const char *arg,
                               GError **errp)
{
    static const char *const no_controller[] = {
        "ide", "scsi", "sd", "mtd", "floppy",
    };
    g_autoptr(GPtrArray) list = virt_keyval_split("-drive", arg, true, NULL);
    const char *iface;

    /* QEMU's own -drive errors are not modelled: accept what is unclear */
    if (!list) {
        return true;
    }
    iface = virt_kv_get(list, "if");
    /* the virt board's default interface is virtio: a virtio-blk-pci */
    if (!iface || !strcmp(iface, "virtio")) {
        c->opts->pci_devices++;
    }
    if (iface && !strcmp(iface, "pflash")) {
        virt_cmdline_pflash(c, virt_kv_get(list, "unit"));
    } else if (iface && virt_str_in(iface, no_controller,
                                    G_N_ELEMENTS(no_controller))) {
        return virt_cmdline_no_if("-drive", arg, iface,
                                  virt_kv_get(list, "bus"),
                                  virt_kv_get(list, "unit"), errp);
    }
    return true;
}

static bool virt_cmdline_blockdev(VirtCmdline *c, const char *arg,
                                  GError **errp)
{
    g_autoptr(GPtrArray) list = NULL;
    const char *node;

    if (arg[0] == '{') {
        list = virt_json_object_parse("-blockdev", arg, errp);
        if (!list) {
            return false;
        }
    } else {
        list = virt_keyval_split("-blockdev", arg, true, NULL);
    }
    node = list ? virt_kv_get(list, "node-name") : NULL;
    if (node) {
        g_ptr_array_add(c->nodes, g_strdup(node));
    }
    return true;
}

/*
 * -object: memory backends are remembered (id -> size) for -M
 * memory-backend=; the rest does not change the board. JSON must still
 * be JSON; key=value QEMU checks by type, which virtboard does not.
 */
static bool virt_cmdline_object(VirtCmdline *c, const char *arg,
                                GError **errp)
{
    g_autoptr(GPtrArray) list = NULL;
    const char *type, *id, *size;
    uint64_t bytes;

    if (virt_json_refused(c->opts, "-object", arg, errp)) {
        return false;
    }
    if (arg[0] == '{') {
        list = virt_json_object_parse("-object", arg, errp);
        if (!list) {
            return false;
        }
    } else {
        list = virt_keyval_split("-object", arg, true, NULL);
        if (!list) {
            return true;
        }
    }
    type = virt_kv_get(list, "qom-type");
    type = type ? type : virt_kv_get(list, NULL);
    id = virt_kv_get(list, "id");
    size = virt_kv_get(list, "size");
    if (type && !strcmp(type, "memory-backend-file") &&
        virt_kv_get(list, "readonly") &&
        !virt_opts_release(c->opts)->backend_file_readonly) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "-object %s: Property 'memory-backend-file.readonly' "
                    "not found",
                    arg);
        return false;
    }
    if (type && g_str_has_prefix(type, "memory-backend-") && id && size &&
        virt_parse_size(size, 1, &bytes) == 0) {
        VirtBackend be = { bytes, false };
        const char *ro = virt_kv_get(list, "readonly");

        /* a value that is not a bool leaves it false */
        if (ro) {
            virt_parse_bool("readonly", ro, &be.readonly, NULL);
        }
        g_hash_table_replace(c->backends, g_strdup(id),
                             g_memdup2(&be, sizeof(be)));
    }
    return true;
}

static bool virt_numa_not_modelled(const char *arg, const char *what,
                                   GError **errp)
{
    g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                "-numa %s: changes the board (%s); virtboard does not "
                "model it",
                arg, what);
    return false;
}

/* One cpus=A[-B] of a -numa node, checked once -smp is known */
typedef struct VirtNumaCpus {
    const char *arg;            /* the -numa argument, for messages */
    unsigned node;
    uint64_t first, last;
} VirtNumaCpus;

/* cpus=A or cpus=A-B of node @node: appended to c->numa_cpus */
static bool virt_numa_cpus(VirtCmdline *c, const char *arg, unsigned node,
                           const char *value, GError **errp)
{
    g_auto(GStrv) ab = g_strsplit(value, "-", 2);
    VirtNumaCpus r = { arg, node, 0, 0 };

    /* "cpus=" splits into no field at all */
    if (!ab[0] ||
        !virt_parse_uint("cpus", ab[0], UINT32_MAX, &r.first, NULL) ||
        (ab[1] &&
         !virt_parse_uint("cpus", ab[1], UINT32_MAX, &r.last, NULL)) ||
        (ab[1] && r.last < r.first)) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "-numa %s: Parameter 'cpus' expects a uint64 value or "
                    "range",
                    arg);
        return false;
    }
    r.last = ab[1] ? r.last : r.first;
    g_array_append_val(c->numa_cpus, r);
    return true;
}

/* -numa node's nodeid=: QEMU's default is the next after those given */
static bool virt_numa_nodeid(VirtCmdline *c, const char *arg,
                             const GPtrArray *list, unsigned *node,
                             GError **errp)
{
    const char *v = virt_kv_get(list, "nodeid");
    uint64_t id = c->numa_declared;

    if (v && !virt_parse_uint("nodeid", v, UINT16_MAX, &id, errp)) {
        return false;
    }
    if (id >= 128) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "-numa %s: Max number of NUMA nodes reached: %u", arg,
                    (unsigned)id);
        return false;
    }
    if (id >= VIRT_NUMA_MAX_NODES) {
        return virt_numa_not_modelled(arg, "more than 16 NUMA nodes", errp);
    }
    if (c->numa_present & (1u << id)) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "-numa %s: Duplicate NUMA nodeid: %u", arg,
                    (unsigned)id);
        return false;
    }
    *node = (unsigned)id;
    return true;
}

/* -numa node[,nodeid=N][,memdev=ID][,cpus=A[-B]]... */
static bool virt_numa_node(VirtCmdline *c, const char *arg,
                           const GPtrArray *list, GError **errp)
{
    VirtOptions *opts = c->opts;
    unsigned node;
    guint i;

    if (!virt_numa_nodeid(c, arg, list, &node, errp)) {
        return false;
    }
    for (i = 0; i < list->len; i++) {
        const VirtKeyVal *kv = g_ptr_array_index(list, i);

        if (!kv->key || !strcmp(kv->key, "type") ||
            !strcmp(kv->key, "nodeid")) {
            continue;
        }
        if (!strcmp(kv->key, "cpus")) {
            if (!virt_numa_cpus(c, arg, node, kv->value, errp)) {
                return false;
            }
        } else if (!strcmp(kv->key, "memdev")) {
            const VirtBackend *be = g_hash_table_lookup(c->backends,
                                                        kv->value);

            if (!be) {
                g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                            "-numa %s: memdev=%s is ambiguous", arg,
                            kv->value);
                return false;
            }
            opts->numa_mem[node] = be->size;
            g_ptr_array_add(c->numa_memdevs, g_strdup(kv->value));
        } else if (!strcmp(kv->key, "mem") ||
                   !strcmp(kv->key, "initiator")) {
            return virt_numa_not_modelled(arg, "mem= and initiator= of "
                                          "-numa node", errp);
        } else {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "-numa %s: Invalid parameter '%s'", arg, kv->key);
            return false;
        }
    }
    c->numa_present |= 1u << node;
    c->numa_declared++;
    opts->numa_nodes = MAX(opts->numa_nodes, node + 1);
    return true;
}

/* -numa dist,src=A,dst=B,val=D: between nodes declared before */
static bool virt_numa_dist(VirtCmdline *c, const char *arg,
                           const GPtrArray *list, GError **errp)
{
    static const char *const keys[] = { "src", "dst", "val" };
    uint64_t v[3];
    guint i;

    for (i = 0; i < list->len; i++) {
        const VirtKeyVal *kv = g_ptr_array_index(list, i);

        if (kv->key && strcmp(kv->key, "type") != 0 &&
            !virt_str_in(kv->key, keys, G_N_ELEMENTS(keys))) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "-numa %s: Invalid parameter '%s'", arg, kv->key);
            return false;
        }
    }
    for (i = 0; i < 3; i++) {
        const char *s = virt_kv_get(list, keys[i]);

        if (!s) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "-numa %s: Parameter '%s' is missing", arg, keys[i]);
            return false;
        }
        if (!virt_parse_uint(keys[i], s, i == 2 ? UINT8_MAX : UINT16_MAX,
                             &v[i], NULL)) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "-numa %s: Parameter '%s' expects %s", arg, keys[i],
                        i == 2 ? "uint8_t" : "uint16_t");
            return false;
        }
    }
    if (v[0] >= VIRT_NUMA_MAX_NODES || v[1] >= VIRT_NUMA_MAX_NODES ||
        !(c->numa_present & (1u << v[0])) ||
        !(c->numa_present & (1u << v[1]))) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "-numa %s: Source/Destination NUMA node is missing. "
                    "Please use '-numa node' option to declare it first.",
                    arg);
        return false;
    }
    if (v[2] < 10) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "-numa %s: NUMA distance (%u) is invalid, it shouldn't "
                    "be less than 10.",
                    arg, (unsigned)v[2]);
        return false;
    }
    if (v[0] == v[1] && v[2] != 10) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "-numa %s: Local distance of node %u should be 10.", arg,
                    (unsigned)v[0]);
        return false;
    }
    c->opts->numa_dist[v[0]][v[1]] = (uint8_t)v[2];
    return true;
}

/*
 * -numa node and dist, as QEMU 7.2, 10.0 and 11.1 read them (their
 * texts observed); -numa cpu and the HMAT ones are not modelled.
 */
static bool virt_cmdline_numa(VirtCmdline *c, const char *arg,
                              GError **errp)
{
    g_autoptr(GPtrArray) list = virt_keyval_split("-numa", arg, true, errp);
    const char *type;

    if (!list) {
        return false;
    }
    type = virt_kv_get(list, "type");
    type = type ? type : virt_kv_get(list, NULL);
    if (type && !strcmp(type, "node")) {
        return virt_numa_node(c, arg, list, errp);
    }
    if (type && !strcmp(type, "dist")) {
        return virt_numa_dist(c, arg, list, errp);
    }
    if (type && (!strcmp(type, "cpu") || !strcmp(type, "hmat-lb") ||
                 !strcmp(type, "hmat-cache"))) {
        return virt_numa_not_modelled(arg, "-numa cpu, HMAT", errp);
    }
    g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                "-numa %s: Parameter 'type' does not accept value '%s'", arg,
                type ? type : "");
    return false;
}

/*
 * cpus= within maxcpus, then QEMU's machine checks: no node ID left
 * out, the nodes' memory is all of RAM. The distances are checked by
 * virt_machine_init(), which completes the matrix.
 */
static bool virt_cmdline_numa_check(const VirtCmdline *c, GError **errp)
{
    VirtOptions *opts = c->opts;
    uint64_t ram = opts->ram_size ? opts->ram_size : 128 * VIRT_MiB;
    /* -smp is resolved as it is read; without it, 1 CPU */
    unsigned max_cpus = opts->smp.max_cpus ? opts->smp.max_cpus : 1;
    uint64_t total = 0;
    guint i;

    if (!opts->numa_nodes) {
        return true;
    }
    for (i = 0; i < c->numa_cpus->len; i++) {
        const VirtNumaCpus *r = &g_array_index(c->numa_cpus, VirtNumaCpus, i);
        uint64_t cpu;

        if (r->last >= max_cpus) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-numa %s: CPU index (%" G_GUINT64_FORMAT ") should "
                        "be smaller than maxcpus (%u)",
                        r->arg, MAX(r->first, (uint64_t)max_cpus), max_cpus);
            return false;
        }
        for (cpu = r->first; cpu <= r->last; cpu++) {
            opts->numa_cpu_node[cpu] = (uint8_t)(r->node + 1);
        }
    }
    for (i = 0; i < opts->numa_nodes; i++) {
        /* a later parse onto these options (plan) adds no node */
        if (c->numa_declared && !(c->numa_present & (1u << i))) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "numa: Node ID missing: %u", i);
            return false;
        }
        total += opts->numa_mem[i];
    }
    if (total != ram) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "total memory for NUMA nodes (0x%" G_GINT64_MODIFIER
                    "x) should equal RAM size (0x%" G_GINT64_MODIFIER "x)",
                    (guint64)total, (guint64)ram);
        return false;
    }
    return true;
}

/*
 * -M memory-backend=ID: the RAM is that backend. With -m of the same
 * size the board is the same; QEMU refuses another size. Without -m
 * QEMU applies rules of its own to the backend's size (observed: 1 GiB
 * is taken, 1.5 GiB is "maxmem/slots too huge"), not modelled.
 */
static bool virt_cmdline_memory_backend(const VirtCmdline *c, GError **errp)
{
    const VirtOptions *opts = c->opts;
    const VirtBackend *be;

    if (!opts->memory_backend) {
        return true;
    }
    be = g_hash_table_lookup(c->backends, opts->memory_backend);
    if (!be) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "Memory backend '%s' not found", opts->memory_backend);
        return false;
    }
    if (!opts->ram_size) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "-M memory-backend=%s: without -m the RAM size comes "
                    "from the backend, which virtboard does not model; "
                    "give -m with the backend's size",
                    opts->memory_backend);
        return false;
    }
    if (be->size != opts->ram_size) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                            "Machine memory size does not match the size of "
                            "the memory backend");
        return false;
    }
    return true;
}

static bool virt_cmdline_help(const char *opt, const char *arg,
                              VirtHelpRequest *help)
{
    g_auto(GStrv) parts = g_strsplit(arg, ",", -1);
    int i;

    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        if (!strcmp(opt, "-M")) {
            *help = VIRT_HELP_MACHINES;
        } else if (!strcmp(opt, "-cpu")) {
            *help = VIRT_HELP_CPUS;
        } else if (!strcmp(opt, "-accel")) {
            *help = VIRT_HELP_ACCELS;
        } else {
            return false;
        }
        return true;
    }
    if (strcmp(opt, "-M") != 0) {
        return false;
    }
    for (i = 0; parts[i]; i++) {
        if (!strcmp(parts[i], "help") || !strcmp(parts[i], "?")) {
            *help = VIRT_HELP_PROPERTIES;
            return true;
        }
    }
    return false;
}

/* Does this -M argument set accel=? */
static bool virt_machine_sets_accel(const char *arg)
{
    g_autoptr(GPtrArray) list = virt_keyval_split("-M", arg, true, NULL);

    return list && virt_kv_get(list, "accel");
}

/* Apply one option the table marks VIRT_QOPT_BOARD (@arg NULL: a flag) */
/*
 * Options the DT ignores that put devices on the PCI root bus, or take
 * QEMU's default NIC away: only 11.1's DSDT reads them
 */
static void virt_cmdline_note_pci(VirtOptions *opts, const char *opt,
                                  const char *arg)
{
    static const char *const drives[] = {
        "-hda", "-hdb", "-hdc", "-hdd", "-cdrom",
    };
    bool none = arg && (!strcmp(arg, "none") ||
                        g_str_has_prefix(arg, "none,"));

    if (!strcmp(opt, "-nodefaults")) {
        opts->no_default_nic = true;
    } else if (!strcmp(opt, "-nic") || !strcmp(opt, "-net")) {
        opts->no_default_nic = true;
        /* -net user/tap... is a backend, -net nic and -nic a NIC */
        opts->pci_devices += !none && (!strcmp(opt, "-nic") ||
                                       g_str_has_prefix(arg, "nic"));
    } else if (!strcmp(opt, "-vga")) {
        opts->pci_devices += !none;
    } else if (virt_str_in(opt, drives, G_N_ELEMENTS(drives))) {
        /* on the board's default interface, virtio */
        opts->pci_devices++;
    }
}

static bool virt_cmdline_apply(VirtCmdline *c, const char *opt,
                               const char *arg, GError **errp)
{
    VirtOptions *opts = c->opts;

    if (!strcmp(opt, "-M")) {
        g_autofree char *loc = g_strdup_printf("%s %s", c->machine_opt,
                                               c->machine_arg);

        c->machine_accel |= virt_machine_sets_accel(arg);
        return virt_options_set_machine_at(opts, loc, arg, errp);
    } else if (!strcmp(opt, "-m")) {
        return virt_options_set_memory(opts, arg, errp);
    } else if (!strcmp(opt, "-smp")) {
        return virt_options_set_smp(opts, arg, errp);
    } else if (!strcmp(opt, "-cpu")) {
        return virt_options_set_cpu(opts, arg, errp);
    } else if (!strcmp(opt, "-accel")) {
        c->accel_option = true;
        return virt_options_add_accel(opts, arg, errp);
    } else if (!strcmp(opt, "-enable-kvm")) {
        /* QEMU's shorthand for -M accel=kvm */
        c->machine_accel = true;
        return virt_options_set_accel_list(opts, "kvm", errp);
    } else if (!strcmp(opt, "--host-ipa-bits")) {
        c->host_ipa = arg;
        return virt_options_set_host_ipa(opts, arg, errp);
    } else if (!strcmp(opt, "--qemu-version")) {
        /* applied first, by virt_cmdline_release() */
    } else if (!strcmp(opt, "-bios")) {
        opts->firmware_loaded = true;
    } else if (!strcmp(opt, "-pflash")) {
        virt_cmdline_pflash(c, NULL);
    } else if (!strcmp(opt, "-drive")) {
        return virt_cmdline_drive(c, arg, errp);
    } else if (!strcmp(opt, "-sd")) {
        return virt_cmdline_no_if(opt, arg, "sd", NULL, NULL, errp);
    } else if (!strcmp(opt, "-mtdblock")) {
        return virt_cmdline_no_if(opt, arg, "mtd", NULL, NULL, errp);
    } else if (!strcmp(opt, "-fda")) {
        return virt_cmdline_no_if(opt, arg, "floppy", NULL, NULL, errp);
    } else if (!strcmp(opt, "-kernel")) {
        return virt_set_string(opts, offsetof(VirtOptions, kernel), arg);
    } else if (!strcmp(opt, "-initrd")) {
        return virt_set_string(opts, offsetof(VirtOptions, initrd), arg);
    } else if (!strcmp(opt, "-append")) {
        return virt_set_string(opts, offsetof(VirtOptions, append), arg);
    } else if (!strcmp(opt, "-device")) {
        return virt_cmdline_device(c, arg, errp);
    } else if (!strcmp(opt, "-global")) {
        return virt_cmdline_global(arg, errp);
    } else if (!strcmp(opt, "-blockdev")) {
        return virt_cmdline_blockdev(c, arg, errp);
    } else if (!strcmp(opt, "-object")) {
        return virt_cmdline_object(c, arg, errp);
    } else if (!strcmp(opt, "-netdev") || !strcmp(opt, "-audiodev")) {
        /* the board does not read them; JSON must still be JSON */
        g_autoptr(GPtrArray) list = NULL;

        /* a -netdev replaces QEMU's default NIC */
        opts->no_default_nic |= !strcmp(opt, "-netdev");
        if (!strcmp(opt, "-netdev") &&
            virt_json_refused(opts, opt, arg, errp)) {
            return false;
        }
        if (arg[0] == '{') {
            list = virt_json_object_parse(opt, arg, errp);
            return list != NULL;
        }
    } else if (!strcmp(opt, "-numa")) {
        return virt_cmdline_numa(c, arg, errp);
    } else if (!strcmp(opt, "-tpmdev")) {
        return virt_cmdline_tpmdev(c, arg, errp);
    } else if (!strcmp(opt, "-serial")) {
        if (!strcmp(arg, "none") && opts->serials < 32) {
            opts->serials_none |= 1u << opts->serials;
        }
        opts->serials++;
    } else if (!strcmp(opt, "-no-acpi")) {
        opts->acpi = ON_OFF_AUTO_OFF;
    } else if (!strcmp(opt, "-usbdevice")) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "-usbdevice %s: Error: no usb bus to attach usbdevice "
                    "%s, please try -machine usb=on and check that the "
                    "machine model supports USB\n"
                    "-usbdevice %s: could not add USB device '%s'",
                    arg, arg, arg, arg);
        return false;
    } else {
        /* the table and this function disagree */
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNKNOWN_OPTION,
                    "%s: invalid option", opt);
        return false;
    }
    return true;
}

bool virt_cmdline_is_own(const char *opt)
{
    return virt_str_in(opt, virt_own_opts, G_N_ELEMENTS(virt_own_opts));
}

/* "--machine" and "-machine" are "-M"; QEMU accepts one or two dashes */
const char *virt_cmdline_normalize(const char *opt)
{
    if (opt[0] == '-' && opt[1] == '-' && !virt_cmdline_is_own(opt)) {
        opt++;
    }
    if (!strcmp(opt, "-machine")) {
        return "-M";
    }
    return opt;
}

/*
 * The release decides which machine types, CPU models and properties
 * exist, so "--qemu-version" is applied before anything else, wherever
 * it stands; the last one counts.
 */
static bool virt_cmdline_release(VirtOptions *opts, int argc,
                                 char *const argv[], int *failed,
                                 GError **errp)
{
    int i;

    for (i = 0; i + 1 < argc; i++) {
        if (!strcmp(argv[i], "--qemu-version") &&
            !virt_options_set_release(opts, argv[i + 1], errp)) {
            *failed = i;
            return false;
        }
    }
    return true;
}

/*
 * For virt-plan.c, which walks a command line it did not parse: the
 * default release's table (where releases differ, an option
 * the release lacks is refused by the parser anyway).
 */
bool virt_cmdline_takes_argument(const char *opt)
{
    const VirtQemuOption *q;

    if (opt[0] != '-') {
        return false;
    }
    opt = virt_cmdline_normalize(opt);
    if (virt_str_in(opt, virt_own_opts, G_N_ELEMENTS(virt_own_opts))) {
        return true;
    }
    q = virt_qemu_option_find(virt_release_default(), opt);
    return q && q->arg;
}

/* One option at argv[*i]; moves *i past its argument */
static bool virt_cmdline_one(VirtCmdline *c, int argc, char *const argv[],
                             int *i, VirtHelpRequest *help, GError **errp)
{
    const char *opt = virt_cmdline_normalize(argv[*i]);
    const VirtQemuOption *q = NULL;
    bool own = virt_str_in(opt, virt_own_opts, G_N_ELEMENTS(virt_own_opts));
    const char *arg = NULL;

    /*
     * As QEMU: an argument that is no option is a disk image (-hda).
     * virtboard opens no image; an empty name is QEMU's empty drive.
     */
    if (!*opt) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                            ": Device needs media, but drive is empty");
        return false;
    }
    if (opt[0] != '-') {
        return true;
    }
    if (!own) {
        q = virt_qemu_option_find(virt_opts_release(c->opts), opt);
    }
    /* as QEMU: an unknown option is invalid wherever it stands */
    if (!own && !q) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNKNOWN_OPTION,
                    "%s: invalid option", argv[*i]);
        return false;
    }
    if (own || q->arg) {
        if (*i + 1 >= argc) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "%s: requires an argument", argv[*i]);
            return false;
        }
        arg = argv[++*i];
    }
    if (arg && virt_cmdline_help(opt, arg, help)) {
        return true;
    }
    /* QEMU 5.2 names its first -machine option, as written */
    if (arg && !strcmp(opt, "-M") && !c->machine_opt) {
        c->machine_opt = argv[*i - 1];
        c->machine_arg = arg;
    }
    if (own) {
        return virt_cmdline_apply(c, opt, arg, errp);
    }
    switch (q->kind) {
    case VIRT_QOPT_NO_TARGET:
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "%s%s%s: Option not supported for this target",
                    argv[*i - (arg != NULL)], arg ? " " : "",
                    arg ? arg : "");
        return false;
    case VIRT_QOPT_REFUSED:
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "%s%s%s: changes the board (%s); virtboard does not "
                    "model it",
                    argv[*i - (arg != NULL)], arg ? " " : "",
                    arg ? arg : "", q->why);
        return false;
    case VIRT_QOPT_BOARD:
        return virt_cmdline_apply(c, opt, arg, errp);
    case VIRT_QOPT_IGNORED:
    default:
        virt_cmdline_note_pci(c->opts, opt, arg);
        return true;
    }
}

/*
 * --host-ipa-bits must fit an accelerator of the command line: the
 * DEFAULT:MAX pair is HVF's (KVM has one limit), and under TCG the CPU
 * model's PA size counts, not the host's. A silently ignored value would
 * give an answer for another host.
 */
static bool virt_cmdline_check_host_ipa(const VirtCmdline *c, GError **errp)
{
    const VirtOptions *opts = c->opts;
    unsigned n = opts->n_accels ? MIN(opts->n_accels, VIRT_ACCEL_LIST_MAX)
                                : 1;
    bool kvm = false, hvf = false;
    unsigned i;

    if (!c->host_ipa) {
        return true;
    }
    for (i = 0; i < n; i++) {
        VirtAccel a = opts->n_accels ? opts->accels[i] : opts->accel;

        kvm |= a == VIRT_ACCEL_KVM;
        hvf |= a == VIRT_ACCEL_HVF;
    }
    if (!kvm && !hvf) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "--host-ipa-bits %s: the host's IPA size counts only "
                    "under -accel kvm or hvf; under TCG the CPU model's PA "
                    "size does",
                    c->host_ipa);
        return false;
    }
    if (!hvf && strchr(c->host_ipa, ':')) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "--host-ipa-bits %s: DEFAULT:MAX is HVF's pair of IPA "
                    "sizes; KVM has one limit: give --host-ipa-bits N",
                    c->host_ipa);
        return false;
    }
    return true;
}

/*
 * Where QEMU says the missing machine is: the first option of @argv that
 * opens the machine options (VirtRelease.no_machine_loc_opts), as
 * written with its argument; NULL for none or a release without
 */
static char *virt_cmdline_no_machine_loc(const VirtOptions *opts, int argc,
                                         char *const argv[])
{
    const VirtRelease *r = virt_opts_release(opts);
    int i;

    if (r->no_machine_loc_opts == NULL) {
        return NULL;
    }
    for (i = 0; i < argc; i++) {
        const char *opt = virt_cmdline_normalize(argv[i]);
        const VirtQemuOption *q = virt_qemu_option_find(r, opt);
        bool arg = q != NULL && q->arg && i + 1 < argc;

        if (opt[0] != '-' || (q == NULL && !virt_cmdline_is_own(opt))) {
            return NULL;        /* not an option we can step over */
        }
        for (const char *const *o = r->no_machine_loc_opts; q && *o; o++) {
            if (strcmp(opt, *o) == 0) {
                return arg ? g_strdup_printf("%s %s", argv[i], argv[i + 1])
                           : g_strdup(argv[i]);
            }
        }
        /* virtboard's own options (--qemu-version V) all take one */
        if (arg || q == NULL) {
            i++;
        }
    }
    return NULL;
}

static void virt_cmdline_no_machine(const VirtOptions *opts, int argc,
                                    char *const argv[], GError **errp)
{
    g_autofree char *loc = virt_cmdline_no_machine_loc(opts, argc, argv);

    g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                "%s%sNo machine specified, and there is no default\n"
                "Use -machine help to list supported machines",
                loc ? loc : "", loc ? ": " : "");
}

/* Does some -M of @argv name a machine type (as -M TYPE or type=)? */
static bool virt_cmdline_names_machine(int argc, char *const argv[])
{
    int i;

    for (i = 0; i + 1 < argc; i++) {
        g_autoptr(GPtrArray) list = NULL;

        if (strcmp(virt_cmdline_normalize(argv[i]), "-M") != 0) {
            continue;
        }
        list = virt_keyval_split("-M", argv[++i], true, NULL);
        if (list && (virt_kv_get(list, NULL) || virt_kv_get(list, "type"))) {
            return true;
        }
    }
    return false;
}

/*
 * Is the failure of the option at argv[@at] one QEMU reports while it
 * reads the command line, before it selects the machine? Unknown
 * options, a missing argument, -m's size and the key=value or JSON
 * syntax are; any value the machine or a device checks is not (observed
 * on 7.2, 10.0 and 11.1: "-smp 0x", "-cpu foo", "-M gic-version=9",
 * "-accel foo", "-device foo", "-numa node" without a machine are all
 * "No machine specified").
 */
static bool virt_cmdline_read_time(const VirtOptions *opts, int argc,
                                   char *const argv[], int at)
{
    static const char *const keyval_opts[] = {
        "-M", "-device", "-object", "-blockdev", "-netdev", "-audiodev",
        "-smp", "-accel", "-numa", "-drive",
    };
    const char *opt = virt_cmdline_normalize(argv[at]);
    const VirtQemuOption *q;
    g_autoptr(GPtrArray) list = NULL;

    if (opt[0] != '-' ||
        virt_str_in(opt, virt_own_opts, G_N_ELEMENTS(virt_own_opts))) {
        return true;
    }
    q = virt_qemu_option_find(virt_opts_release(opts), opt);
    if (!q || (q->arg && at + 1 >= argc) || !strcmp(opt, "-m")) {
        return true;
    }
    if (!q->arg ||
        !virt_str_in(opt, keyval_opts, G_N_ELEMENTS(keyval_opts))) {
        return false;
    }
    list = virt_cmdline_props(opt, argv[at + 1], NULL);
    return list == NULL;
}

/* The rules QEMU applies once every option is read */
static bool virt_cmdline_finish(VirtCmdline *c, int argc, char *const argv[],
                                GError **errp)
{
    int i;

    /* QEMU selects the machine first, once the options are read */
    if (c->opts->no_default_machine && !c->opts->type) {
        virt_cmdline_no_machine(c->opts, argc, argv, errp);
        return false;
    }
    virt_cmdline_dimms(c);
    if (!virt_cmdline_check_host_ipa(c, errp) ||
        !virt_cmdline_memory_backend(c, errp) ||
        !virt_cmdline_numa_check(c, errp)) {
        return false;
    }

    if (c->accel_option && c->machine_accel) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                            "The -accel and \"-machine accel=\" options are "
                            "incompatible");
        return false;
    }
    for (i = 0; i < 2; i++) {
        const char *node = c->opts->pflash[i];

        if (node && !virt_str_in_array(node, c->nodes)) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "Property 'cfi.pflash01.drive' can't find value "
                        "'%s'",
                        node);
            return false;
        }
    }
    return virt_cmdline_tpm_check(c, errp);
}

bool virt_cmdline_parse_at(VirtOptions *opts, int argc, char *const argv[],
                           VirtHelpRequest *help, int *failed,
                           GError **errp)
{
    g_autoptr(GPtrArray) buses = g_ptr_array_new();
    g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GHashTable) backends =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GArray) numa_cpus = g_array_new(FALSE, FALSE,
                                              sizeof(VirtNumaCpus));
    g_autoptr(GPtrArray) numa_memdevs =
        g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) tpm_ids = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) tpm_devices = g_ptr_array_new();
    VirtCmdline c = { opts, false, false, 0, buses, nodes, backends, NULL,
                      0, 0, numa_cpus, NULL, NULL, numa_memdevs };
    g_autoptr(GError) err = NULL;
    int unused;
    int i;

    g_return_val_if_fail(opts != NULL && help != NULL, false);

    c.tpm_ids = tpm_ids;
    c.tpm_devices = tpm_devices;
    failed = failed ? failed : &unused;
    *failed = -1;
    *help = VIRT_HELP_NONE;
    if (!virt_cmdline_release(opts, argc, argv, failed, errp)) {
        return false;
    }
    for (i = 0; i < argc; i++) {
        int at = i;

        if (!virt_cmdline_one(&c, argc, argv, &i, help, &err)) {
            if (opts->no_default_machine &&
                !virt_cmdline_names_machine(argc, argv) &&
                !virt_cmdline_read_time(opts, argc, argv, at)) {
                g_clear_error(&err);
                virt_cmdline_no_machine(opts, argc, argv, &err);
                at = -1;
            }
            *failed = at;
            g_propagate_error(errp, g_steal_pointer(&err));
            return false;
        }
        if (*help != VIRT_HELP_NONE) {
            return true;
        }
    }
    return virt_cmdline_finish(&c, argc, argv, errp);
}

bool virt_cmdline_parse(VirtOptions *opts, int argc, char *const argv[],
                        VirtHelpRequest *help, GError **errp)
{
    return virt_cmdline_parse_at(opts, argc, argv, help, NULL, errp);
}

GPtrArray *virt_cmdline_option_names(void)
{
    GPtrArray *names = g_ptr_array_new();
    size_t i;

    virt_qemu_option_names(virt_release_default(), names);
    for (i = 0; i < G_N_ELEMENTS(virt_own_opts); i++) {
        g_ptr_array_add(names, (gpointer)virt_own_opts[i]);
    }
    return names;
}

/* ---- help texts ---- */

static int virt_help_cmp_type(gconstpointer a, gconstpointer b)
{
    const VirtMachineType *const *ta = a, *const *tb = b;

    return strcmp((*ta)->name, (*tb)->name);
}

/*
 * The machine types in the order -M help lists them: QEMU sorts by name
 * (strcmp: virt-10.0 before virt-2.10), an alias just before its type.
 */
static GPtrArray *virt_help_machine_types(const VirtOptions *opts)
{
    GPtrArray *types = g_ptr_array_new();
    const VirtMachineType *t;

    for (t = virt_opts_release(opts)->machine_types; t->name; t++) {
        g_ptr_array_add(types, (gpointer)t);
    }
    g_ptr_array_sort(types, virt_help_cmp_type);
    return types;
}

static void virt_help_machines(GString *s, const VirtOptions *opts)
{
    g_autoptr(GPtrArray) types = virt_help_machine_types(opts);

    g_string_append(s, "Supported machines are:\n");
    for (guint i = 0; i < types->len; i++) {
        const VirtMachineType *t = g_ptr_array_index(types, i);

        if (t->alias) {
            g_string_append_printf(s, "%-20s QEMU %d.%d ARM Virtual Machine "
                                   "(alias of %s)\n",
                                   t->alias, t->major, t->minor, t->name);
        }
        g_string_append_printf(s, "%-20s QEMU %d.%d ARM Virtual Machine%s\n",
                               t->name, t->major, t->minor,
                               t->deprecated ? " (deprecated)" : "");
    }
}

static void virt_help_properties(GString *s, const VirtOptions *opts)
{
    size_t i;

    g_string_append_printf(s, "%s-machine options:\n",
                           virt_opts_type_name(opts));
    for (i = 0; i < G_N_ELEMENTS(virt_props); i++) {
        const VirtPropDesc *d = &virt_props[i];
        g_autofree char *lhs = NULL;

        if (!d->help || !virt_prop_offered(d, virt_opts_release(opts))) {
            continue;
        }
        lhs = g_strdup_printf("%s=<%s>", d->name, d->type_name);
        g_string_append_printf(s, "  %-22s - %s", lhs, d->help);
        if (d->dflt) {
            g_string_append_printf(s, " (default: %s)", d->dflt);
        }
        g_string_append_c(s, '\n');
    }
}

static void virt_help_cpus(GString *s, const VirtOptions *opts)
{
    const VirtCpuModel *m;

    g_string_append(s, "Available CPUs (virt board):\n");
    for (m = virt_opts_release(opts)->cpu_models; m->name; m++) {
        if (m->host_only) {
            g_string_append_printf(s, "  %-12s  PA bits: the host's IPA "
                                   "limit (kvm, hvf only)\n",
                                   m->name);
        } else {
            g_string_append_printf(s, "  %-12s  PA bits: %d%s\n", m->name,
                                   m->pa_bits,
                                   m->aarch64 ? "" : " (AArch32, LPAE)");
        }
    }
}

char *virt_help_text(VirtHelpRequest help, const VirtOptions *opts)
{
    GString *s = g_string_new(NULL);

    switch (help) {
    case VIRT_HELP_MACHINES:
        virt_help_machines(s, opts);
        break;
    case VIRT_HELP_PROPERTIES:
        virt_help_properties(s, opts);
        break;
    case VIRT_HELP_CPUS:
        virt_help_cpus(s, opts);
        break;
    case VIRT_HELP_ACCELS:
        g_string_append(s, "Accelerators supported in QEMU binary:\n"
                           "tcg\nkvm\nhvf\n");
        break;
    case VIRT_HELP_NONE:
    default:
        break;
    }
    return g_string_free(s, FALSE);
}

/* ---- the help lists as JSON (docs/system/arm/json.md) ---- */

static void virt_help_json_machines(JsonBuilder *b, const VirtOptions *opts)
{
    g_autoptr(GPtrArray) types = virt_help_machine_types(opts);

    json_builder_set_member_name(b, "machines");
    json_builder_begin_array(b);
    for (guint i = 0; i < types->len; i++) {
        const VirtMachineType *t = g_ptr_array_index(types, i);
        g_autofree char *desc = g_strdup_printf("QEMU %d.%d ARM Virtual "
                                                "Machine", t->major,
                                                t->minor);

        json_builder_begin_object(b);
        virt_json_str(b, "name", t->name);
        virt_json_str(b, "alias", t->alias);
        virt_json_str(b, "description", desc);
        virt_json_bool(b, "deprecated", t->deprecated);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

static void virt_help_json_properties(JsonBuilder *b,
                                      const VirtOptions *opts)
{
    size_t i;

    virt_json_str(b, "machine", virt_opts_type_name(opts));
    json_builder_set_member_name(b, "properties");
    json_builder_begin_array(b);
    for (i = 0; i < G_N_ELEMENTS(virt_props); i++) {
        const VirtPropDesc *d = &virt_props[i];

        if (!d->help || !virt_prop_offered(d, virt_opts_release(opts))) {
            continue;
        }
        json_builder_begin_object(b);
        virt_json_str(b, "name", d->name);
        virt_json_str(b, "type", d->type_name);
        virt_json_str(b, "description", d->help);
        virt_json_str(b, "default", d->dflt);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

static void virt_help_json_cpus(JsonBuilder *b, const VirtOptions *opts)
{
    const VirtCpuModel *m;

    json_builder_set_member_name(b, "cpus");
    json_builder_begin_array(b);
    for (m = virt_opts_release(opts)->cpu_models; m->name; m++) {
        json_builder_begin_object(b);
        virt_json_str(b, "name", m->name);
        virt_json_bool(b, "aarch64", m->aarch64);
        /* "host": the PA range is the host's IPA limit */
        virt_json_int_or_null(b, "pa_bits", !m->host_only, m->pa_bits);
        virt_json_bool(b, "host_only", m->host_only);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

static void virt_help_json_accels(JsonBuilder *b)
{
    static const char *const accels[] = { "tcg", "kvm", "hvf" };

    json_builder_set_member_name(b, "accels");
    json_builder_begin_array(b);
    for (size_t i = 0; i < G_N_ELEMENTS(accels); i++) {
        json_builder_begin_object(b);
        virt_json_str(b, "name", accels[i]);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

char *virt_help_to_json(VirtHelpRequest help, const VirtOptions *opts)
{
    static const char *const kinds[] = {
        [VIRT_HELP_MACHINES] = "machines",
        [VIRT_HELP_PROPERTIES] = "machine-properties",
        [VIRT_HELP_CPUS] = "cpus",
        [VIRT_HELP_ACCELS] = "accels",
    };
    JsonBuilder *b;

    g_return_val_if_fail(opts != NULL, NULL);
    g_return_val_if_fail(help > VIRT_HELP_NONE &&
                         help < (int)G_N_ELEMENTS(kinds), NULL);

    b = virt_json_begin(kinds[help]);
    virt_json_str(b, "qemu_version",
                  virt_release_name(virt_opts_release(opts)));
    switch (help) {
    case VIRT_HELP_MACHINES:
        virt_help_json_machines(b, opts);
        break;
    case VIRT_HELP_PROPERTIES:
        virt_help_json_properties(b, opts);
        break;
    case VIRT_HELP_CPUS:
        virt_help_json_cpus(b, opts);
        break;
    case VIRT_HELP_ACCELS:
    default:
        virt_help_json_accels(b);
        break;
    }
    return virt_json_end(b);
}
