/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtboard: the device tree of the Arm "virt" board, as QEMU 7.2 builds
 * it (hw/arm/virt.c for the board nodes, hw/arm/boot.c for memory, psci
 * and the /chosen boot properties).
 *
 * The blob comes out identical to QEMU's, not merely equivalent. QEMU
 * opens an empty tree in a 1 MiB buffer and adds everything by path with
 * libfdt's read-write API; this file builds the same tree in memory and
 * writes the blob once (FdtBuilder below), following the same rules:
 *
 *  - libfdt puts a new node before its existing siblings and a new
 *    property before the node's existing properties, so every node and
 *    property below is created in QEMU's creation order, which is the
 *    reverse of the order in the blob;
 *  - the strings block holds the names in order of first use, and a
 *    value's padding holds whatever fdt_setprop left there;
 *  - phandles are handed out from phandle_start in QEMU's allocation
 *    order: clock, CPUs from the highest index down, GIC, MSI controller,
 *    SMMUv3, PL061, secure PL061.
 *
 * docs/devel/fdt.md lists the nodes and what changes them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <libfdt.h>

#include "hw/arm/virt.h"
#include "hw/arm/virt-fdt.h"
#include "virt/output.h"

/* Interrupt specifier cells (the GIC binding) */
#define FDT_IRQ_TYPE_SPI 0
#define FDT_IRQ_TYPE_PPI 1
#define FDT_IRQ_FLAGS_EDGE_LO_HI 1
#define FDT_IRQ_FLAGS_LEVEL_HI 4
/* GICv2 only: PPI specifiers carry a CPU mask in bits 8..15 */
#define FDT_IRQ_PPI_CPU_SHIFT 8

/* PPI numbers (INTID - 16) */
#define PPI_TIMER_SECURE_PHYS 13
#define PPI_TIMER_NS_PHYS 14
#define PPI_TIMER_VIRT 11
#define PPI_TIMER_HYP 10
#define PPI_TIMER_HYP_VIRT 12
#define PPI_GIC_MAINTENANCE 9
#define PPI_PMU 7

/* PCI address space codes in the first cell of "ranges" */
#define FDT_PCI_RANGE_IOPORT 0x01000000
#define FDT_PCI_RANGE_MMIO 0x02000000
#define FDT_PCI_RANGE_MMIO_64BIT 0x03000000

/* PSCI function IDs: SMC32 and SMC64 calling conventions */
#define PSCI_FN_BASE 0x84000000u
#define PSCI_FN64_BASE 0xc4000000u
#define PSCI_FN_CPU_SUSPEND 1
#define PSCI_FN_CPU_OFF 2
#define PSCI_FN_CPU_ON 3
#define PSCI_FN_MIGRATE 5

/* Linux input event code of the power key (KEY_POWER) */
#define LINUX_KEY_POWER 116

/* Where hw/arm/boot.c puts the kernel and the initrd */
#define KERNEL_LOAD_OFFSET 0x10000     /* 32-bit zImage or raw image */
#define KERNEL64_LOAD_OFFSET 0x80000   /* arm64 Image without image_size */
#define BOOTLOADER_MAX_SIZE 0x1000     /* the boot stub at the RAM base */
#define ARM64_MAGIC_OFFSET 56
#define INITRD_MAX_OFFSET (128 * VIRT_MiB)
#define TARGET_PAGE_SIZE 0x1000

#define SMMU_NUM_IRQS 4
#define FLASH_BANK_WIDTH 4
#define APB_PCLK_HZ 24000000

/*
 * The tree under construction, in memory. libfdt's read-write API, which
 * QEMU uses, inserts a new node before its existing siblings and a new
 * property before its node's existing properties, and it finds a node by
 * walking its path. Here nodes are referred to by index and every list
 * is built by prepending, which gives the same order in O(1) per item;
 * the blob is written once at the end (fdt_builder_finish).
 *
 * Nodes and properties live in two growable arrays, sized from the vCPU
 * count up front, so a tree costs a handful of allocations. The bytes
 * live in a third: each node and property is kept as the record the
 * structure block holds for it (FDT_BEGIN_NODE and the padded name;
 * FDT_PROP, length, name offset and the padded value), so writing the
 * blob is one copy per record.
 */
typedef int FdtNodeId;

#define FDT_NONE (-1)
/* Root node: always index 0 */
#define FDT_ROOT 0

typedef struct FdtNode {
    uint32_t rec;           /* offset of its record in data */
    uint32_t rec_len;
    FdtNodeId parent;
    FdtNodeId child;        /* first child in blob order: the newest */
    FdtNodeId next;         /* next sibling in blob order: the one before */
    int prop;               /* first property in blob order: the newest */
    uint64_t has_name[2];   /* FdtNameSlot ids of its properties' names */
} FdtNode;

typedef struct FdtProp {
    uint32_t rec;           /* offset of its record in data */
    uint32_t rec_len;
    int next;
} FdtProp;

/* A property name and where the strings block has it */
typedef struct FdtNameSlot {
    const char *name;       /* the caller's pointer (mostly literals) */
    uint32_t off;
    uint32_t id;            /* the same for every pointer to this name */
} FdtNameSlot;

/*
 * Power of 2, well above the number of property names in use. There are
 * no more ids than slots, so FdtNode.has_name holds them all.
 */
#define FDT_NAME_SLOTS 128

#ifndef FDT_LAST_COMPATIBLE_VERSION /* libfdt.h before 1.6.1 */
#define FDT_LAST_COMPATIBLE_VERSION 0x10
#endif

/* Names and values are padded to whole cells in the blob */
#define FDT_CELL_ALIGN(len) \
    (((len) + FDT_TAGSIZE - 1) & ~(size_t)(FDT_TAGSIZE - 1))

typedef struct FdtCpu {
    uint64_t mpidr;
    uint32_t phandle;
} FdtCpu;

typedef struct FdtBuilder {
    const VirtMachineState *vms;
    uint32_t next_phandle;

    FdtNode *node;
    unsigned nnodes;
    size_t node_cap;
    FdtProp *prop;
    unsigned nprops;
    size_t prop_cap;
    guint8 *data;           /* the node and property records */
    size_t data_len, data_cap;
    char *strings;          /* the strings block */
    size_t strings_len, strings_cap;
    size_t struct_size;     /* the structure block, FDT_END included */
    FdtNameSlot names[FDT_NAME_SLOTS];
    uint32_t name_id_off[FDT_NAME_SLOTS];   /* by id */
    unsigned nname_ids;

    /* phandles handed out so far */
    uint32_t clock_phandle;
    uint32_t gic_phandle;
    uint32_t msi_phandle; /* 0: no MSI controller */
    uint32_t iommu_phandle;
    FdtCpu *cpu;            /* by CPU index */

    /* nodes that get properties later */
    FdtNodeId chosen;
    FdtNodeId secure_chosen;
    FdtNodeId aliases;          /* FDT_NONE without vms->fdt_aliases */
} FdtBuilder;

/* What hw/arm/boot.c decides from the -kernel and -initrd files */
typedef struct BootImages {
    bool have_initrd;    /* /chosen/linux,initrd-* are written */
    hwaddr initrd_start;
    hwaddr initrd_end;
} BootImages;

/* Make room for @more elements of @size in *@buf holding @len of @cap */
static void *fdt_grow(void *buf, size_t len, size_t more, size_t *cap,
                      size_t size)
{
    if (len + more <= *cap) {
        return buf;
    }
    *cap = MAX(2 * *cap, len + more);
    return g_realloc_n(buf, *cap, size);
}

/* A record of @len bytes, padded to whole cells like the blob */
static guint8 *fdt_data(FdtBuilder *b, size_t len, uint32_t *off)
{
    size_t padded = FDT_CELL_ALIGN(len);

    b->data = fdt_grow(b->data, b->data_len, padded, &b->data_cap, 1);
    *off = (uint32_t)b->data_len;
    b->data_len += padded;
    return b->data + *off;
}

/*
 * The strings block offset of @name, added if missing, and the name's id.
 * libfdt looks for "name\0" anywhere in the block (so a name may share the
 * tail of a longer one) and appends it if absent: so does this, once per
 * distinct pointer. Equal names have the same offset, hence the same id.
 */
static const FdtNameSlot *fdt_name(FdtBuilder *b, const char *name)
{
    unsigned h = (unsigned)(((uintptr_t)name >> 3) * 2654435761u);
    size_t len;
    const char *found;

    for (unsigned i = 0; i < FDT_NAME_SLOTS; i++) {
        FdtNameSlot *slot = &b->names[(h + i) % FDT_NAME_SLOTS];

        if (slot->name == name) {
            return slot;
        }
        if (slot->name != NULL) {
            continue;
        }
        len = strlen(name) + 1;
        found = b->strings_len >= len
                    ? memmem(b->strings, b->strings_len, name, len)
                    : NULL;
        if (found == NULL) {
            b->strings = fdt_grow(b->strings, b->strings_len, len,
                                  &b->strings_cap, 1);
            memcpy(b->strings + b->strings_len, name, len);
            found = b->strings + b->strings_len;
            b->strings_len += len;
        }
        slot->name = name;
        slot->off = (uint32_t)(found - b->strings);
        for (slot->id = 0; slot->id < b->nname_ids; slot->id++) {
            if (b->name_id_off[slot->id] == slot->off) {
                return slot;
            }
        }
        b->name_id_off[b->nname_ids++] = slot->off;
        return slot;
    }
    g_assert_not_reached();
}

static guint8 *fdt_put32(guint8 *p, uint32_t v)
{
    fdt32_t be = cpu_to_fdt32(v);

    memcpy(p, &be, sizeof(be));
    return p + sizeof(be);
}

/*
 * Copy the record of @len bytes (whole cells) at @src to @dst. Records are
 * a few cells long: moves inline beat a call to memcpy for each.
 */
static inline guint8 *fdt_copy_record(guint8 *dst, const guint8 *src,
                                      size_t len)
{
    for (; len >= 2 * FDT_TAGSIZE; len -= 2 * FDT_TAGSIZE) {
        memcpy(dst, src, 2 * FDT_TAGSIZE);
        dst += 2 * FDT_TAGSIZE;
        src += 2 * FDT_TAGSIZE;
    }
    if (len != 0) {
        memcpy(dst, src, FDT_TAGSIZE);
    }
    return dst + len;
}

/*
 * A new node whose name is @len bytes long, not linked yet; *@name is
 * where the caller writes them (the NUL and the padding are there).
 */
static FdtNodeId fdt_new_node(FdtBuilder *b, size_t len, char **name)
{
    FdtNodeId id = (FdtNodeId)b->nnodes;
    /* FDT_BEGIN_NODE and the name */
    size_t rec_len = FDT_TAGSIZE + FDT_CELL_ALIGN(len + 1);
    FdtNode *n;
    uint32_t off;
    guint8 *p = fdt_data(b, rec_len, &off);

    b->node = fdt_grow(b->node, b->nnodes, 1, &b->node_cap, sizeof(FdtNode));
    /* fdt_add_subnode zero-pads the name: the NUL is in the last cell */
    memset(p + rec_len - FDT_TAGSIZE, 0, FDT_TAGSIZE);
    *name = (char *)fdt_put32(p, FDT_BEGIN_NODE);
    n = &b->node[b->nnodes++];
    n->rec = off;
    n->rec_len = (uint32_t)rec_len;
    n->parent = FDT_NONE;
    n->child = FDT_NONE;
    n->next = FDT_NONE;
    n->prop = FDT_NONE;
    n->has_name[0] = n->has_name[1] = 0;
    /* and FDT_END_NODE */
    b->struct_size += rec_len + FDT_TAGSIZE;
    return id;
}

/* Make @id the first child of @parent, before its existing children */
static FdtNodeId fdt_link(FdtBuilder *b, FdtNodeId parent, FdtNodeId id)
{
    b->node[id].parent = parent;
    b->node[id].next = b->node[parent].child;
    b->node[parent].child = id;
    return id;
}

/* Add the node @name under @parent, before its existing children */
static FdtNodeId fdt_node(FdtBuilder *b, FdtNodeId parent, const char *name)
{
    size_t len = strlen(name);
    char *dst;
    FdtNodeId id = fdt_new_node(b, len, &dst);

    memcpy(dst, name, len);
    return fdt_link(b, parent, id);
}

static FdtNodeId G_GNUC_PRINTF(3, 4)
fdt_nodef(FdtBuilder *b, FdtNodeId parent, const char *fmt, ...)
{
    char name[64];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(name, sizeof(name), fmt, ap);
    va_end(ap);
    g_assert(n > 0 && (size_t)n < sizeof(name));
    return fdt_node(b, parent, name);
}

/* The fixed part of the per-vCPU node names, e.g. "cpu@" */
typedef struct FdtNamePrefix {
    const char *s;
    size_t len;
} FdtNamePrefix;

#define FDT_NAME_PREFIX(lit) { (lit), sizeof(lit) - 1 }

/*
 * Add "@prefix@index" (@index in decimal) under @parent: the per-vCPU
 * names (cpu@N, cpu-map's socketN, clusterN, coreN, threadN), written
 * straight into the node's record, without a printf for each.
 */
static FdtNodeId fdt_node_index(FdtBuilder *b, FdtNodeId parent,
                                const FdtNamePrefix *prefix, unsigned index)
{
    char digits[10];
    unsigned ndigits = 0;
    char *name;
    FdtNodeId id;

    do {
        digits[ndigits++] = (char)('0' + index % 10);
        index /= 10;
    } while (index != 0);
    id = fdt_new_node(b, prefix->len + ndigits, &name);
    for (size_t i = 0; i < prefix->len; i++) {
        *name++ = prefix->s[i];
    }
    while (ndigits > 0) {
        *name++ = digits[--ndigits];
    }
    return fdt_link(b, parent, id);
}

/*
 * Finding the bytes a new property's padding will hold.
 *
 * libfdt's fdt_setprop opens a gap for the property by moving the rest
 * of the blob up, writes the tag, length, name offset and value, and
 * leaves the padding after the value as it was: the bytes that sat at
 * that place before the move. QEMU's blob has them, so this one must.
 * They are found by walking the blob as it would be laid out, from the
 * insertion point (just after the node's name), without writing it.
 */
typedef struct FdtSeek {
    size_t k;               /* bytes still to skip */
    guint8 *out;            /* where the bytes found go */
    size_t n;               /* how many are still wanted */
} FdtSeek;

static const guint8 fdt_end_node_tag[FDT_TAGSIZE] = { 0, 0, 0, FDT_END_NODE };
static const guint8 fdt_end_tag[FDT_TAGSIZE] = { 0, 0, 0, FDT_END };

/* Pass @len bytes at @p (NULL: zeros); true once all are found */
static bool seek_bytes(FdtSeek *s, const guint8 *p, size_t len)
{
    while (s->k < len) {
        *s->out++ = p != NULL ? p[s->k] : 0;
        s->k++;
        if (--s->n == 0) {
            return true;
        }
    }
    s->k -= len;
    return false;
}

static bool seek_props(const FdtBuilder *b, FdtNodeId id, FdtSeek *s)
{
    for (int i = b->node[id].prop; i != FDT_NONE; i = b->prop[i].next) {
        const FdtProp *p = &b->prop[i];

        if (seek_bytes(s, b->data + p->rec, p->rec_len)) {
            return true;
        }
    }
    return false;
}

static bool seek_node(const FdtBuilder *b, FdtNodeId id, FdtSeek *s)
{
    const FdtNode *n = &b->node[id];

    if (seek_bytes(s, b->data + n->rec, n->rec_len) || seek_props(b, id, s)) {
        return true;
    }
    for (FdtNodeId c = n->child; c != FDT_NONE; c = b->node[c].next) {
        if (seek_node(b, c, s)) {
            return true;
        }
    }
    return seek_bytes(s, fdt_end_node_tag, FDT_TAGSIZE);
}

/*
 * The @n bytes from @k bytes after node @id's name in the blob as it
 * stands, into @out: one walk for a property's whole padding.
 */
static void fdt_stale_bytes(const FdtBuilder *b, FdtNodeId id, size_t k,
                            guint8 *out, size_t n)
{
    FdtSeek s = { .k = k, .out = out, .n = n };

    if (n == 0 || seek_props(b, id, &s)) {
        return;
    }
    for (FdtNodeId c = b->node[id].child; c != FDT_NONE;
         c = b->node[c].next) {
        if (seek_node(b, c, &s)) {
            return;
        }
    }
    /* The node's end, then what follows it at each level up */
    for (FdtNodeId up = id; up != FDT_NONE; up = b->node[up].parent) {
        if (seek_bytes(&s, fdt_end_node_tag, FDT_TAGSIZE)) {
            return;
        }
        for (FdtNodeId sib = b->node[up].next; sib != FDT_NONE;
             sib = b->node[sib].next) {
            if (seek_node(b, sib, &s)) {
                return;
            }
        }
    }
    /* FDT_END, the strings block, then never-written zeros */
    if (seek_bytes(&s, fdt_end_tag, FDT_TAGSIZE) ||
        seek_bytes(&s, (const guint8 *)b->strings, b->strings_len)) {
        return;
    }
    memset(s.out, 0, s.n);
}

/*
 * Room for property @name of @len bytes on @node, before its existing
 * properties, as fdt_setprop adds it. Each property is set once.
 */
static void *fdt_prop_space(FdtBuilder *b, FdtNodeId node, const char *name,
                            size_t len)
{
    /* FDT_PROP, len, nameoff, the value */
    size_t rec_len = 3 * FDT_TAGSIZE + FDT_CELL_ALIGN(len);
    const FdtNameSlot *slot = fdt_name(b, name);
    uint64_t *has_name = &b->node[node].has_name[slot->id / 64];
    uint64_t bit = UINT64_C(1) << (slot->id % 64);
    FdtProp *p;
    uint32_t rec;
    guint8 *space;

    g_assert(!(*has_name & bit));
    *has_name |= bit;
    space = fdt_put32(fdt_data(b, rec_len, &rec), FDT_PROP);
    space = fdt_put32(space, (uint32_t)len);
    space = fdt_put32(space, slot->off);
    fdt_stale_bytes(b, node, 3 * FDT_TAGSIZE + len, space + len,
                    rec_len - 3 * FDT_TAGSIZE - len);
    b->prop = fdt_grow(b->prop, b->nprops, 1, &b->prop_cap, sizeof(FdtProp));
    p = &b->prop[b->nprops];
    p->rec = rec;
    p->rec_len = (uint32_t)rec_len;
    p->next = b->node[node].prop;
    b->node[node].prop = (int)b->nprops++;
    b->struct_size += rec_len;
    return space;
}

static void fdt_prop(FdtBuilder *b, FdtNodeId node, const char *name,
                     const void *val, size_t len)
{
    void *space = fdt_prop_space(b, node, name, len);

    if (len) {
        memcpy(space, val, len);
    }
}

static void fdt_prop_empty(FdtBuilder *b, FdtNodeId node, const char *name)
{
    fdt_prop_space(b, node, name, 0);
}

static void fdt_prop_str(FdtBuilder *b, FdtNodeId node, const char *name,
                         const char *s)
{
    fdt_prop(b, node, name, s, strlen(s) + 1);
}

/* A string list given as one literal with embedded NULs: use sizeof */
#define fdt_prop_strlist(b, node, name, lit) \
    fdt_prop((b), (node), (name), (lit), sizeof(lit))

static void fdt_prop_u32s(FdtBuilder *b, FdtNodeId node, const char *name,
                          const uint32_t *cells, unsigned n)
{
    fdt32_t *be = fdt_prop_space(b, node, name, n * sizeof(fdt32_t));

    for (unsigned i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(cells[i]);
    }
}

/* @n 32-bit cells given as unsigned int varargs */
static void fdt_prop_cells(FdtBuilder *b, FdtNodeId node, const char *name,
                           unsigned n, ...)
{
    fdt32_t *be = fdt_prop_space(b, node, name, n * sizeof(fdt32_t));
    va_list ap;

    va_start(ap, n);
    for (unsigned i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(va_arg(ap, unsigned int));
    }
    va_end(ap);
}

static void fdt_prop_cell(FdtBuilder *b, FdtNodeId node, const char *name,
                          uint32_t v)
{
    fdt32_t *be = fdt_prop_space(b, node, name, sizeof(fdt32_t));

    *be = cpu_to_fdt32(v);
}

/*
 * @n 64-bit values given as uint64_t varargs, each written as two cells:
 * "reg" with #address-cells = #size-cells = 2, or a u64 property.
 */
static void fdt_prop_u64s(FdtBuilder *b, FdtNodeId node, const char *name,
                          unsigned n, ...)
{
    fdt64_t v;
    guint8 *out = fdt_prop_space(b, node, name, n * sizeof(fdt64_t));
    va_list ap;

    va_start(ap, n);
    for (unsigned i = 0; i < n; i++) {
        /* the value space is only 4-byte aligned */
        v = cpu_to_fdt64(va_arg(ap, uint64_t));
        memcpy(out + i * sizeof(v), &v, sizeof(v));
    }
    va_end(ap);
}

static uint32_t fdt_alloc_phandle(FdtBuilder *b)
{
    return b->next_phandle++;
}

static const MemMapEntry *region(const FdtBuilder *b, int idx)
{
    return &b->vms->memmap.entry[idx];
}

/* Level-high PPI flags, with the GICv2 CPU mask */
static uint32_t ppi_flags(const FdtBuilder *b, uint32_t flags)
{
    const VirtMachineState *vms = b->vms;

    if (vms->gic_version == VIRT_GIC_VERSION_2) {
        unsigned n = MIN(vms->smp.cpus, VIRT_GIC_NCPU);

        flags |= ((1u << n) - 1) << FDT_IRQ_PPI_CPU_SHIFT;
    }
    return flags;
}

/* ---- the nodes, in QEMU's creation order ---- */

static void fdt_add_randomness(FdtBuilder *b, FdtNodeId node)
{
    uint32_t seed[8];

    if (!b->vms->dtb_randomness) {
        return;
    }
    fdt_prop_u64s(b, node, "kaslr-seed", 1,
                  ((uint64_t)g_random_int() << 32) | g_random_int());
    if (!b->vms->fdt_rng_seed) {
        return;
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(seed); i++) {
        seed[i] = g_random_int();
    }
    fdt_prop(b, node, "rng-seed", seed, sizeof(seed));
}

/*
 * The root. QEMU 7.2's virt board ignores the generic dt-compatible
 * machine property (only some other boards read it), so the root is
 * always "linux,dummy-virt" whatever vms->dt_compatible says.
 */
static void fdt_add_root(FdtBuilder *b)
{
    const VirtMachineState *vms = b->vms;

    fdt_prop_str(b, FDT_ROOT, "compatible", "linux,dummy-virt");
    fdt_prop_cell(b, FDT_ROOT, "#address-cells", 2);
    fdt_prop_cell(b, FDT_ROOT, "#size-cells", 2);
    if (vms->fdt_model) {
        fdt_prop_str(b, FDT_ROOT, "model", "linux,dummy-virt");
    }
    if (vms->fdt_dma_coherent) {
        /* QEMU 10.0: every device of the board is DMA-coherent */
        fdt_prop_empty(b, FDT_ROOT, "dma-coherent");
    }

    /* /chosen must exist for the boot properties added at the end */
    b->chosen = fdt_node(b, FDT_ROOT, "chosen");
    fdt_add_randomness(b, b->chosen);
    if (vms->secure) {
        b->secure_chosen = fdt_node(b, FDT_ROOT, "secure-chosen");
        fdt_add_randomness(b, b->secure_chosen);
    }
    if (vms->fdt_aliases) {
        /* QEMU 10.0: filled in by the UARTs, serial0 then serial1 */
        b->aliases = fdt_node(b, FDT_ROOT, "aliases");
    }
}

static void fdt_add_clock(FdtBuilder *b)
{
    FdtNodeId node;

    b->clock_phandle = fdt_alloc_phandle(b);
    node = fdt_node(b, FDT_ROOT, "apb-pclk");
    fdt_prop_str(b, node, "compatible", "fixed-clock");
    fdt_prop_cell(b, node, "#clock-cells", 0);
    fdt_prop_cell(b, node, "clock-frequency", APB_PCLK_HZ);
    fdt_prop_str(b, node, "clock-output-names", "clk24mhz");
    fdt_prop_cell(b, node, "phandle", b->clock_phandle);
}

/*
 * cpu-map/socketS/clusterC/coreK[/threadT], from the highest CPU down,
 * each level created when first needed (QEMU's qemu_fdt_add_path). The
 * indices are the digits of the CPU number in the mixed radix of the
 * topology, so going down they never increase: a level's node is the
 * previous CPU's when its index and all those above are unchanged, and
 * new otherwise. No lookup is needed, and the digits are counted down
 * rather than divided out for each CPU.
 */
static void fdt_add_cpu_map(FdtBuilder *b, FdtNodeId cpus)
{
    static const FdtNamePrefix level_name[4] = {
        FDT_NAME_PREFIX("socket"), FDT_NAME_PREFIX("cluster"),
        FDT_NAME_PREFIX("core"), FDT_NAME_PREFIX("thread"),
    };
    const VirtSmp *smp = &b->vms->smp;
    unsigned nlevels = smp->threads > 1 ? 4 : 3;
    unsigned per_socket = smp->clusters * smp->cores * smp->threads;
    unsigned per_cluster = smp->cores * smp->threads;
    unsigned radix[4] = { 0, smp->clusters, smp->cores, smp->threads };
    unsigned top = smp->cpus - 1;
    unsigned idx[4] = {
        top / per_socket, (top / per_cluster) % smp->clusters,
        (top / smp->threads) % smp->cores, top % smp->threads,
    };
    unsigned changed = 0;   /* the highest level whose index changed */
    FdtNodeId map = fdt_node(b, cpus, "cpu-map"), level[4];

    for (unsigned cpu = top;; cpu--) {
        for (unsigned l = changed; l < nlevels; l++) {
            level[l] = fdt_node_index(b, l ? level[l - 1] : map,
                                      &level_name[l], idx[l]);
        }
        fdt_prop_cell(b, level[nlevels - 1], "cpu", b->cpu[cpu].phandle);
        if (cpu == 0) {
            break;
        }
        /* The next CPU down: subtract 1, borrowing from the levels above */
        for (changed = 3; idx[changed] == 0; changed--) {
            idx[changed] = radix[changed] - 1;
        }
        idx[changed]--;
    }
}

/*
 * QEMU 11.1's cache properties of a cpu@N node: the L1 geometry when the
 * board describes the topology (virt-6.2 and later, with cpu-map), and
 * always a next-level-cache of 0, as QEMU creates no node for the next
 * level.
 */
static void fdt_add_cpu_caches(FdtBuilder *b, FdtNodeId node)
{
    const VirtCpuModel *cpu = b->vms->cpu;

    if (!b->vms->compat.no_cpu_topology && cpu->l1d.size) {
        fdt_prop_cell(b, node, "d-cache-block-size", cpu->l1d.line);
        fdt_prop_cell(b, node, "d-cache-size", cpu->l1d.size);
        fdt_prop_cell(b, node, "d-cache-sets", cpu->l1d.sets);
        fdt_prop_cell(b, node, "i-cache-block-size", cpu->l1i.line);
        fdt_prop_cell(b, node, "i-cache-size", cpu->l1i.size);
        fdt_prop_cell(b, node, "i-cache-sets", cpu->l1i.sets);
    }
    fdt_prop_cell(b, node, "next-level-cache", 0);
}

static void fdt_add_cpus(FdtBuilder *b)
{
    static const FdtNamePrefix cpu_prefix = FDT_NAME_PREFIX("cpu@");
    const VirtMachineState *vms = b->vms;
    unsigned ncpus = vms->smp.cpus;
    unsigned addr_cells = 1;
    bool psci = vms->psci_conduit != VIRT_PSCI_CONDUIT_DISABLED && ncpus > 1;
    const char *compat = vms->cpu->dt_compatible;
    size_t compat_size = strlen(compat) + 1;
    FdtNodeId cpus;

    /* Two address cells only if some CPU has a non-zero Aff3 */
    b->cpu = g_new0(FdtCpu, ncpus);
    for (unsigned cpu = 0; cpu < ncpus; cpu++) {
        b->cpu[cpu].mpidr = virt_cpu_mp_affinity(vms, cpu);
        if (b->cpu[cpu].mpidr & ~UINT64_C(0xffffffff)) {
            addr_cells = 2;
        }
    }

    cpus = fdt_node(b, FDT_ROOT, "cpus");
    fdt_prop_cell(b, cpus, "#address-cells", addr_cells);
    fdt_prop_cell(b, cpus, "#size-cells", 0);

    for (int cpu = (int)ncpus - 1; cpu >= 0; cpu--) {
        uint64_t mpidr = b->cpu[cpu].mpidr;
        FdtNodeId node = fdt_node_index(b, cpus, &cpu_prefix, (unsigned)cpu);

        fdt_prop_str(b, node, "device_type", "cpu");
        fdt_prop(b, node, "compatible", compat, compat_size);
        if (psci) {
            fdt_prop_str(b, node, "enable-method", "psci");
        }
        if (addr_cells == 2) {
            fdt_prop_u64s(b, node, "reg", 1, mpidr);
        } else {
            fdt_prop_cell(b, node, "reg", (uint32_t)mpidr);
        }
        if (vms->numa_nodes > 0) {
            fdt_prop_cell(b, node, "numa-node-id", vms->numa_cpu_node[cpu]);
        }
        /*
         * The phandles exist for cpu-map (virt-6.2 and later) and, in
         * 11.1, for the cache description of every type
         */
        if (!vms->compat.no_cpu_topology || vms->fdt_cpu_caches) {
            b->cpu[cpu].phandle = fdt_alloc_phandle(b);
            fdt_prop_cell(b, node, "phandle", b->cpu[cpu].phandle);
        }
        if (vms->fdt_cpu_caches) {
            fdt_add_cpu_caches(b, node);
        }
    }

    if (!vms->compat.no_cpu_topology) {
        fdt_add_cpu_map(b, cpus);
    }
}

static void fdt_add_timer(FdtBuilder *b)
{
    /* virt-2.8 and older wrongly said edge; guests depend on it */
    uint32_t flags = ppi_flags(b, b->vms->compat.claim_edge_triggered_timers
                                      ? FDT_IRQ_FLAGS_EDGE_LO_HI
                                      : FDT_IRQ_FLAGS_LEVEL_HI);
    FdtNodeId node = fdt_node(b, FDT_ROOT, "timer");

    if (b->vms->cpu->aarch64) {
        fdt_prop_strlist(b, node, "compatible",
                         "arm,armv8-timer\0arm,armv7-timer");
    } else {
        fdt_prop_str(b, node, "compatible", "arm,armv7-timer");
    }
    fdt_prop_empty(b, node, "always-on");
    if (b->vms->el2_vtimer) {
        /* virt-9.0+ with a VHE CPU at EL2: the EL2 virtual timer too */
        fdt_prop_cells(b, node, "interrupts", 15,
                       FDT_IRQ_TYPE_PPI, PPI_TIMER_SECURE_PHYS, flags,
                       FDT_IRQ_TYPE_PPI, PPI_TIMER_NS_PHYS, flags,
                       FDT_IRQ_TYPE_PPI, PPI_TIMER_VIRT, flags,
                       FDT_IRQ_TYPE_PPI, PPI_TIMER_HYP, flags,
                       FDT_IRQ_TYPE_PPI, PPI_TIMER_HYP_VIRT, flags);
        return;
    }
    fdt_prop_cells(b, node, "interrupts", 12,
                   FDT_IRQ_TYPE_PPI, PPI_TIMER_SECURE_PHYS, flags,
                   FDT_IRQ_TYPE_PPI, PPI_TIMER_NS_PHYS, flags,
                   FDT_IRQ_TYPE_PPI, PPI_TIMER_VIRT, flags,
                   FDT_IRQ_TYPE_PPI, PPI_TIMER_HYP, flags);
}

/* @unit_address: the node name's, not always @base (see the release) */
static void fdt_add_flash_node(FdtBuilder *b, const char *name, hwaddr base,
                               hwaddr size, unsigned banks, bool secure,
                               hwaddr unit_address)
{
    FdtNodeId node = fdt_nodef(b, FDT_ROOT, "%s@%" PRIx64, name,
                               unit_address);

    fdt_prop_str(b, node, "compatible", "cfi-flash");
    if (banks == 2) {
        fdt_prop_u64s(b, node, "reg", 4, base, size, base + size, size);
    } else {
        fdt_prop_u64s(b, node, "reg", 2, base, size);
    }
    fdt_prop_cell(b, node, "bank-width", FLASH_BANK_WIDTH);
    if (secure) {
        fdt_prop_str(b, node, "status", "disabled");
        fdt_prop_str(b, node, "secure-status", "okay");
    }
}

static void fdt_add_flash(FdtBuilder *b)
{
    const MemMapEntry *flash = region(b, VIRT_FLASH);
    hwaddr bank = flash->size / 2;

    if (b->vms->secure) {
        /* Bank 0 is secure-only, bank 1 is the non-secure flash */
        fdt_add_flash_node(b, "secflash", flash->base, bank, 1, true,
                           flash->base);
        fdt_add_flash_node(b, "flash", flash->base + bank, bank, 1, false,
                           b->vms->fdt_flash_name_own_base ? flash->base + bank
                                                           : flash->base);
    } else {
        fdt_add_flash_node(b, "flash", flash->base, bank, 2, false,
                           flash->base);
    }
}

static void fdt_add_gic_v2m(FdtBuilder *b, FdtNodeId gic)
{
    const MemMapEntry *v2m = region(b, VIRT_GIC_V2M);
    FdtNodeId node;

    b->msi_phandle = fdt_alloc_phandle(b);
    node = fdt_nodef(b, gic, "v2m@%" PRIx64, v2m->base);
    fdt_prop_str(b, node, "compatible", "arm,gic-v2m-frame");
    fdt_prop_empty(b, node, "msi-controller");
    fdt_prop_u64s(b, node, "reg", 2, v2m->base, v2m->size);
    fdt_prop_cell(b, node, "phandle", b->msi_phandle);
}

static void fdt_add_gic_its(FdtBuilder *b, FdtNodeId gic)
{
    const MemMapEntry *its = region(b, VIRT_GIC_ITS);
    FdtNodeId node;

    b->msi_phandle = fdt_alloc_phandle(b);
    node = fdt_nodef(b, gic, "its@%" PRIx64, its->base);
    fdt_prop_str(b, node, "compatible", "arm,gic-v3-its");
    fdt_prop_empty(b, node, "msi-controller");
    fdt_prop_cell(b, node, "#msi-cells", 1);
    fdt_prop_u64s(b, node, "reg", 2, its->base, its->size);
    fdt_prop_cell(b, node, "phandle", b->msi_phandle);
}

static void fdt_add_gic(FdtBuilder *b)
{
    const VirtMachineState *vms = b->vms;
    const MemMapEntry *dist = region(b, VIRT_GIC_DIST);
    FdtNodeId node;

    b->gic_phandle = fdt_alloc_phandle(b);
    fdt_prop_cell(b, FDT_ROOT, "interrupt-parent", b->gic_phandle);

    node = fdt_nodef(b, FDT_ROOT, "intc@%" PRIx64, dist->base);
    fdt_prop_cell(b, node, "#interrupt-cells", 3);
    fdt_prop_empty(b, node, "interrupt-controller");
    /* Room for the MSI controller child */
    fdt_prop_cell(b, node, "#address-cells", 2);
    fdt_prop_cell(b, node, "#size-cells", 2);
    fdt_prop_empty(b, node, "ranges");

    if (vms->gic_version == VIRT_GIC_VERSION_2) {
        const MemMapEntry *cpu = region(b, VIRT_GIC_CPU);

        fdt_prop_str(b, node, "compatible", "arm,cortex-a15-gic");
        if (vms->virtualization) {
            const MemMapEntry *hyp = region(b, VIRT_GIC_HYP);
            const MemMapEntry *vcpu = region(b, VIRT_GIC_VCPU);

            fdt_prop_u64s(b, node, "reg", 8, dist->base, dist->size,
                          cpu->base, cpu->size, hyp->base, hyp->size,
                          vcpu->base, vcpu->size);
        } else {
            fdt_prop_u64s(b, node, "reg", 4, dist->base, dist->size,
                          cpu->base, cpu->size);
        }
    } else {
        const MemMapEntry *redist = region(b, VIRT_GIC_REDIST);
        const MemMapEntry *redist2 = region(b, VIRT_HIGH_GIC_REDIST2);

        fdt_prop_str(b, node, "compatible", "arm,gic-v3");
        fdt_prop_cell(b, node, "#redistributor-regions",
                      vms->redist_region_count);
        if (vms->redist_region_count == 2) {
            fdt_prop_u64s(b, node, "reg", 6, dist->base, dist->size,
                          redist->base, redist->size,
                          redist2->base, redist2->size);
        } else {
            fdt_prop_u64s(b, node, "reg", 4, dist->base, dist->size,
                          redist->base, redist->size);
        }
    }
    if (vms->virtualization) {
        fdt_prop_cells(b, node, "interrupts", 3, FDT_IRQ_TYPE_PPI,
                       PPI_GIC_MAINTENANCE, FDT_IRQ_FLAGS_LEVEL_HI);
    }
    fdt_prop_cell(b, node, "phandle", b->gic_phandle);

    /* 11.1's msi=gicv2m puts a GICv2m frame on a GICv3 too */
    if (vms->its) {
        fdt_add_gic_its(b, node);
    } else if (vms->v2m) {
        fdt_add_gic_v2m(b, node);
    }
}

/*
 * Every CPU model the board accepts has a PMU, but QEMU 7.2 describes only
 * a PMUv3 (the v8 models): the v7 ones get an empty /pmu node. Machine
 * types up to virt-2.6 turn the PMU off, as does -cpu ...,pmu=off, and then
 * there is no node.
 */
static void fdt_add_pmu(FdtBuilder *b)
{
    FdtNodeId node;

    if (!b->vms->pmu) {
        return;
    }
    node = fdt_node(b, FDT_ROOT, "pmu");
    if (!b->vms->cpu->has_pmu) {
        return;
    }
    fdt_prop_str(b, node, "compatible", "arm,armv8-pmuv3");
    fdt_prop_cells(b, node, "interrupts", 3, FDT_IRQ_TYPE_PPI, PPI_PMU,
                   ppi_flags(b, FDT_IRQ_FLAGS_LEVEL_HI));
}

static void fdt_secure_only(FdtBuilder *b, FdtNodeId node)
{
    fdt_prop_str(b, node, "status", "disabled");
    fdt_prop_str(b, node, "secure-status", "okay");
}

/*
 * A PL011: UART0 (VIRT_UART), the secure UART or UART1 (both at
 * VIRT_SECURE_UART). /chosen's stdout-path is UART0, secure-chosen's
 * the secure UART; the aliases are serial0, then serial1.
 */
static void fdt_add_uart(FdtBuilder *b, int idx, bool secure)
{
    const MemMapEntry *uart = region(b, idx);
    char path[32];
    FdtNodeId node;

    snprintf(path, sizeof(path), "/pl011@%" PRIx64, uart->base);
    node = fdt_node(b, FDT_ROOT, path + 1);
    fdt_prop_strlist(b, node, "compatible", "arm,pl011\0arm,primecell");
    fdt_prop_u64s(b, node, "reg", 2, uart->base, uart->size);
    fdt_prop_cells(b, node, "interrupts", 3, FDT_IRQ_TYPE_SPI,
                   virt_irqmap[idx], FDT_IRQ_FLAGS_LEVEL_HI);
    fdt_prop_cells(b, node, "clocks", 2, b->clock_phandle, b->clock_phandle);
    fdt_prop_strlist(b, node, "clock-names", "uartclk\0apb_pclk");
    if (secure) {
        fdt_secure_only(b, node);
        fdt_prop_str(b, b->secure_chosen, "stdout-path", path);
    } else if (idx == VIRT_UART) {
        fdt_prop_str(b, b->chosen, "stdout-path", path);
    }
    if (b->aliases != FDT_NONE) {
        fdt_prop_str(b, b->aliases, idx == VIRT_UART ? "serial0" : "serial1",
                     path);
    }
}

static void fdt_add_secram(FdtBuilder *b)
{
    const MemMapEntry *ram = region(b, VIRT_SECURE_MEM);
    FdtNodeId node = fdt_nodef(b, FDT_ROOT, "secram@%" PRIx64, ram->base);

    fdt_prop_str(b, node, "device_type", "memory");
    fdt_prop_u64s(b, node, "reg", 2, ram->base, ram->size);
    fdt_secure_only(b, node);
}

static void fdt_add_rtc(FdtBuilder *b)
{
    const MemMapEntry *rtc = region(b, VIRT_RTC);
    FdtNodeId node = fdt_nodef(b, FDT_ROOT, "pl031@%" PRIx64, rtc->base);

    fdt_prop_strlist(b, node, "compatible", "arm,pl031\0arm,primecell");
    fdt_prop_u64s(b, node, "reg", 2, rtc->base, rtc->size);
    fdt_prop_cells(b, node, "interrupts", 3, FDT_IRQ_TYPE_SPI,
                   virt_irqmap[VIRT_RTC], FDT_IRQ_FLAGS_LEVEL_HI);
    fdt_prop_cell(b, node, "clocks", b->clock_phandle);
    fdt_prop_str(b, node, "clock-names", "apb_pclk");
}

/* The legacy INTx lines: slot @dev pin @pin (1..4) swizzled onto SPIs */
static void fdt_add_pcie_irq_map(FdtBuilder *b, FdtNodeId node)
{
    uint32_t map[VIRT_PCI_NUM_INTX * VIRT_PCI_NUM_INTX * 10];
    uint32_t *p = map;
    int first = virt_irqmap[VIRT_PCIE_MMIO];

    for (unsigned dev = 0; dev < VIRT_PCI_NUM_INTX; dev++) {
        for (unsigned pin = 1; pin <= VIRT_PCI_NUM_INTX; pin++) {
            /* child unit address (phys.hi with the device number), pin */
            *p++ = dev << 11;
            *p++ = 0;
            *p++ = 0;
            *p++ = pin;
            /* parent: the GIC, unit address 0 0, SPI specifier */
            *p++ = b->gic_phandle;
            *p++ = 0;
            *p++ = 0;
            *p++ = FDT_IRQ_TYPE_SPI;
            *p++ = first + (pin - 1 + dev) % VIRT_PCI_NUM_INTX;
            *p++ = FDT_IRQ_FLAGS_LEVEL_HI;
        }
    }
    fdt_prop_cell(b, node, "#interrupt-cells", 1);
    fdt_prop_u32s(b, node, "interrupt-map", map, G_N_ELEMENTS(map));
    fdt_prop_cells(b, node, "interrupt-map-mask", 4, 3u << 11, 0, 0, 7);
}

static FdtNodeId fdt_add_pcie(FdtBuilder *b)
{
    const VirtMachineState *vms = b->vms;
    const MemMapEntry *mmio = region(b, VIRT_PCIE_MMIO);
    const MemMapEntry *pio = region(b, VIRT_PCIE_PIO);
    const MemMapEntry *ecam = region(b, vms->ecam_id);
    const MemMapEntry *mmio64 = region(b, VIRT_HIGH_PCIE_MMIO);
    FdtNodeId node = fdt_nodef(b, FDT_ROOT, "pcie@%" PRIx64, mmio->base);
    uint32_t ranges[3 * 7];
    unsigned n = 0;

    fdt_prop_str(b, node, "compatible", "pci-host-ecam-generic");
    fdt_prop_str(b, node, "device_type", "pci");
    fdt_prop_cell(b, node, "#address-cells", 3);
    fdt_prop_cell(b, node, "#size-cells", 2);
    fdt_prop_cell(b, node, "linux,pci-domain", 0);
    fdt_prop_cells(b, node, "bus-range", 2, 0,
                   (uint32_t)(ecam->size / VIRT_MiB - 1));
    fdt_prop_empty(b, node, "dma-coherent");
    if (b->msi_phandle && b->vms->fdt_pcie_msi_map) {
        fdt_prop_cells(b, node, "msi-map", 4, 0, b->msi_phandle, 0,
                       0x10000);
    } else if (b->msi_phandle) {
        fdt_prop_cell(b, node, "msi-parent", b->msi_phandle);
    }
    fdt_prop_u64s(b, node, "reg", 2, ecam->base, ecam->size);

    /* (space code, PCI address hi/lo, CPU address hi/lo, size hi/lo) */
    const struct {
        uint32_t code;
        hwaddr pci, cpu, size;
    } windows[3] = {
        { FDT_PCI_RANGE_IOPORT, 0, pio->base, pio->size },
        { FDT_PCI_RANGE_MMIO, mmio->base, mmio->base, mmio->size },
        { FDT_PCI_RANGE_MMIO_64BIT, mmio64->base, mmio64->base,
          mmio64->size },
    };
    for (unsigned i = 0; i < (vms->highmem_mmio ? 3u : 2u); i++) {
        ranges[n++] = windows[i].code;
        ranges[n++] = (uint32_t)(windows[i].pci >> 32);
        ranges[n++] = (uint32_t)windows[i].pci;
        ranges[n++] = (uint32_t)(windows[i].cpu >> 32);
        ranges[n++] = (uint32_t)windows[i].cpu;
        ranges[n++] = (uint32_t)(windows[i].size >> 32);
        ranges[n++] = (uint32_t)windows[i].size;
    }
    fdt_prop_u32s(b, node, "ranges", ranges, n);

    fdt_add_pcie_irq_map(b, node);
    return node;
}

static void fdt_add_smmuv3(FdtBuilder *b, FdtNodeId pcie)
{
    const MemMapEntry *smmu = region(b, VIRT_SMMU);
    int irq = virt_irqmap[VIRT_SMMU];
    FdtNodeId node;

    b->iommu_phandle = fdt_alloc_phandle(b);
    node = fdt_nodef(b, FDT_ROOT, "smmuv3@%" PRIx64, smmu->base);
    fdt_prop_str(b, node, "compatible", "arm,smmu-v3");
    fdt_prop_u64s(b, node, "reg", 2, smmu->base, smmu->size);
    fdt_prop_cells(b, node, "interrupts", 3 * SMMU_NUM_IRQS,
                   FDT_IRQ_TYPE_SPI, irq, FDT_IRQ_FLAGS_EDGE_LO_HI,
                   FDT_IRQ_TYPE_SPI, irq + 1, FDT_IRQ_FLAGS_EDGE_LO_HI,
                   FDT_IRQ_TYPE_SPI, irq + 2, FDT_IRQ_FLAGS_EDGE_LO_HI,
                   FDT_IRQ_TYPE_SPI, irq + 3, FDT_IRQ_FLAGS_EDGE_LO_HI);
    fdt_prop_strlist(b, node, "interrupt-names",
                     "eventq\0priq\0cmdq-sync\0gerror");
    if (b->vms->fdt_smmu_clocks) {
        fdt_prop_cell(b, node, "clocks", b->clock_phandle);
        fdt_prop_str(b, node, "clock-names", "apb_pclk");
    }
    fdt_prop_empty(b, node, "dma-coherent");
    fdt_prop_cell(b, node, "#iommu-cells", 1);
    fdt_prop_cell(b, node, "phandle", b->iommu_phandle);

    fdt_prop_cells(b, pcie, "iommu-map", 4, 0, b->iommu_phandle, 0, 0x10000);
}

static uint32_t fdt_add_pl061(FdtBuilder *b, int idx, bool secure)
{
    const MemMapEntry *gpio = region(b, idx);
    uint32_t phandle = fdt_alloc_phandle(b);
    FdtNodeId node = fdt_nodef(b, FDT_ROOT, "pl061@%" PRIx64, gpio->base);

    fdt_prop_u64s(b, node, "reg", 2, gpio->base, gpio->size);
    fdt_prop_strlist(b, node, "compatible", "arm,pl061\0arm,primecell");
    fdt_prop_cell(b, node, "#gpio-cells", 2);
    fdt_prop_empty(b, node, "gpio-controller");
    fdt_prop_cells(b, node, "interrupts", 3, FDT_IRQ_TYPE_SPI,
                   virt_irqmap[idx], FDT_IRQ_FLAGS_LEVEL_HI);
    fdt_prop_cell(b, node, "clocks", b->clock_phandle);
    fdt_prop_str(b, node, "clock-names", "apb_pclk");
    fdt_prop_cell(b, node, "phandle", phandle);
    if (secure) {
        fdt_secure_only(b, node);
    }
    return phandle;
}

static void fdt_add_gpio_keys(FdtBuilder *b)
{
    uint32_t phandle = fdt_add_pl061(b, VIRT_GPIO, false);
    FdtNodeId keys = fdt_node(b, FDT_ROOT, "gpio-keys");
    FdtNodeId key;

    fdt_prop_str(b, keys, "compatible", "gpio-keys");
    if (b->vms->fdt_gpio_keys_cells) {
        fdt_prop_cell(b, keys, "#size-cells", 0);
        fdt_prop_cell(b, keys, "#address-cells", 1);
    }
    key = fdt_node(b, keys, "poweroff");
    fdt_prop_str(b, key, "label", "GPIO Key Poweroff");
    fdt_prop_cell(b, key, "linux,code", LINUX_KEY_POWER);
    fdt_prop_cells(b, key, "gpios", 3, phandle, 3, 0);
}

static void fdt_add_secure_gpio(FdtBuilder *b)
{
    static const char *const names[] = { "gpio-poweroff", "gpio-restart" };
    uint32_t phandle = fdt_add_pl061(b, VIRT_SECURE_GPIO, true);

    for (unsigned i = 0; i < G_N_ELEMENTS(names); i++) {
        FdtNodeId node = fdt_node(b, FDT_ROOT, names[i]);

        fdt_prop_str(b, node, "compatible", names[i]);
        fdt_prop_cells(b, node, "gpios", 3, phandle, i, 0);
        fdt_secure_only(b, node);
    }
}

static void fdt_add_virtio_mmio(FdtBuilder *b)
{
    const MemMapEntry *mmio = region(b, VIRT_MMIO);
    hwaddr stride = mmio->size;

    /* Highest first, so that they come out lowest address first */
    for (int i = (int)b->vms->virtio_transports - 1; i >= 0; i--) {
        hwaddr base = mmio->base + i * stride;
        FdtNodeId node = fdt_nodef(b, FDT_ROOT, "virtio_mmio@%" PRIx64,
                                   base);

        fdt_prop_str(b, node, "compatible", "virtio,mmio");
        fdt_prop_u64s(b, node, "reg", 2, base, stride);
        fdt_prop_cells(b, node, "interrupts", 3, FDT_IRQ_TYPE_SPI,
                       virt_irqmap[VIRT_MMIO] + i, FDT_IRQ_FLAGS_EDGE_LO_HI);
        fdt_prop_empty(b, node, "dma-coherent");
    }
}

static void fdt_add_fw_cfg(FdtBuilder *b)
{
    const MemMapEntry *fw = region(b, VIRT_FW_CFG);
    FdtNodeId node = fdt_nodef(b, FDT_ROOT, "fw-cfg@%" PRIx64, fw->base);

    fdt_prop_str(b, node, "compatible", "qemu,fw-cfg-mmio");
    fdt_prop_u64s(b, node, "reg", 2, fw->base, fw->size);
    fdt_prop_empty(b, node, "dma-coherent");
}

static void fdt_add_platform_bus(FdtBuilder *b)
{
    const MemMapEntry *pb = region(b, VIRT_PLATFORM_BUS);
    FdtNodeId node = fdt_nodef(b, FDT_ROOT, "%s@%" PRIx64,
                               b->vms->fdt_platform_bus_name ? "platform-bus"
                                                             : "platform",
                               pb->base);

    fdt_prop_strlist(b, node, "compatible", "qemu,platform\0simple-bus");
    fdt_prop_cell(b, node, "#size-cells", 1);
    fdt_prop_cell(b, node, "#address-cells", 1);
    fdt_prop_cells(b, node, "ranges", 4, 0, (uint32_t)(pb->base >> 32),
                   (uint32_t)pb->base, (uint32_t)pb->size);
    fdt_prop_cell(b, node, "interrupt-parent", b->gic_phandle);
    if (b->vms->tpm) {
        FdtNodeId tpm = fdt_nodef(b, node, "tpm_tis@%" PRIx64,
                                  b->vms->tpm_offset);

        fdt_prop_str(b, tpm, "compatible", "tcg,tpm-tis-mmio");
        fdt_prop_cells(b, tpm, "reg", 2, (uint32_t)b->vms->tpm_offset,
                       (uint32_t)b->vms->tpm_size);
    }
}

/* ---- what hw/arm/boot.c adds ---- */

static bool read_head(const char *what, const char *path, guint8 *buf,
                      size_t len, size_t *got, goffset *file_size,
                      GError **errp)
{
    FILE *f = fopen(path, "rb");
    struct stat st;

    /* a directory opens, but reads nothing: QEMU cannot load it either */
    if (f == NULL || fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_IO, "could not load %s '%s'",
                    what, path);
        if (f != NULL) {
            fclose(f);
        }
        return false;
    }
    *got = fread(buf, 1, len, f);
    *file_size = st.st_size;
    fclose(f);
    return true;
}

/*
 * Where the kernel image ends in guest memory. Only the plain formats are
 * modelled: a raw image (32-bit zImage included) and an arm64 Image.
 * ELF, U-Boot and gzip images are placed by rules virtboard does not
 * follow, so they are refused rather than given a different tree.
 */
static bool kernel_end(const VirtMachineState *vms, hwaddr *end,
                       GError **errp)
{
    static const guint8 elf_magic[4] = { 0x7f, 'E', 'L', 'F' };
    static const guint8 uimage_magic[4] = { 0x27, 0x05, 0x19, 0x56 };
    static const guint8 gzip_magic[2] = { 0x1f, 0x8b };
    static const guint8 arm64_magic[4] = { 'A', 'R', 'M', 0x64 };
    hwaddr ram = vms->memmap.entry[VIRT_MEM].base;
    guint8 head[64];
    size_t got;
    goffset size;
    hwaddr offset, extent;

    if (!read_head("kernel", vms->kernel, head, sizeof(head), &got, &size,
                   errp)) {
        return false;
    }
    if ((got >= 4 && memcmp(head, elf_magic, 4) == 0) ||
        (got >= 4 && memcmp(head, uimage_magic, 4) == 0) ||
        (vms->cpu->aarch64 && got >= 2 && memcmp(head, gzip_magic, 2) == 0)) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "kernel '%s': ELF, U-Boot and compressed images are not "
                    "supported; use a raw image or an arm64 Image",
                    vms->kernel);
        return false;
    }
    extent = (hwaddr)size;
    if (!vms->cpu->aarch64) {
        offset = KERNEL_LOAD_OFFSET;
    } else {
        offset = KERNEL64_LOAD_OFFSET;
        if (got >= ARM64_MAGIC_OFFSET + 4 &&
            memcmp(head + ARM64_MAGIC_OFFSET, arm64_magic, 4) == 0) {
            uint64_t text_offset = 0, image_size = 0;

            for (int i = 7; i >= 0; i--) {
                text_offset = (text_offset << 8) | head[8 + i];
                image_size = (image_size << 8) | head[16 + i];
            }
            /*
             * image_size 0: a pre-3.17 kernel, text_offset unreliable.
             * Otherwise the image claims text_offset..+image_size (BSS
             * included), and that, not the file, is what the initrd
             * must clear.
             */
            if (image_size != 0) {
                extent = image_size;
                offset = text_offset;
                /* Keep clear of the boot stub at the bottom of RAM */
                if (offset < BOOTLOADER_MAX_SIZE) {
                    offset += 2 * VIRT_MiB;
                }
            }
        }
    }
    *end = ram + offset + extent;
    return true;
}

static bool boot_images(const VirtMachineState *vms, BootImages *img,
                        GError **errp)
{
    hwaddr ram = vms->memmap.entry[VIRT_MEM].base;
    hwaddr end, start;
    guint8 head[4];
    size_t got;
    goffset size;

    memset(img, 0, sizeof(*img));
    /* With firmware the kernel and initrd go to fw_cfg, not the DT */
    if (vms->kernel == NULL || vms->firmware_loaded) {
        return true;
    }
    if (!kernel_end(vms, &end, errp)) {
        return false;
    }
    if (vms->initrd == NULL) {
        return true;
    }
    if (!read_head("initrd", vms->initrd, head, sizeof(head), &got, &size,
                   errp)) {
        return false;
    }
    if (got >= 4 && head[0] == 0x27 && head[1] == 0x05 && head[2] == 0x19 &&
        head[3] == 0x56) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "initrd '%s': U-Boot ramdisk images are not supported",
                    vms->initrd);
        return false;
    }
    start = ram + MIN(vms->ram_size / 2, INITRD_MAX_OFFSET);
    start = MAX(start, end);
    start = (start + TARGET_PAGE_SIZE - 1) & ~(hwaddr)(TARGET_PAGE_SIZE - 1);
    if (start >= ram + vms->ram_size ||
        (hwaddr)size > ram + vms->ram_size - start) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_DOES_NOT_FIT,
                    "could not load initrd '%s'", vms->initrd);
        return false;
    }
    img->have_initrd = true;
    img->initrd_start = start;
    img->initrd_end = start + (hwaddr)size;
    return true;
}

static void fdt_add_memory_node(FdtBuilder *b, hwaddr base, uint64_t size,
                                int numa_node)
{
    FdtNodeId node = fdt_nodef(b, FDT_ROOT, "memory@%" PRIx64, base);

    fdt_prop_str(b, node, "device_type", "memory");
    fdt_prop_u64s(b, node, "reg", 2, base, size);
    if (numa_node >= 0) {
        fdt_prop_cell(b, node, "numa-node-id", (uint32_t)numa_node);
    }
}

/*
 * One memory node, or one per NUMA node with memory (5.2: every NUMA
 * node), in node order
 */
static void fdt_add_memory(FdtBuilder *b)
{
    const VirtMachineState *vms = b->vms;
    hwaddr base = region(b, VIRT_MEM)->base;

    if (vms->numa_nodes == 0) {
        fdt_add_memory_node(b, base, vms->ram_size, -1);
        return;
    }
    for (unsigned i = 0; i < vms->numa_nodes; i++) {
        if (vms->numa_mem[i] || vms->release->fdt_numa_empty_memory) {
            fdt_add_memory_node(b, base, vms->numa_mem[i], (int)i);
            base += vms->numa_mem[i];
        }
    }
}

/*
 * 11.1: a pmem-region node for each NVDIMM, where it was placed, created
 * lowest address first (observed: the blob lists the highest first)
 */
static void fdt_add_pmem(FdtBuilder *b)
{
    const VirtMachineState *vms = b->vms;

    if (!vms->release->nvdimm_without_ged) {
        return;
    }
    for (unsigned i = 0; i < vms->n_nvdimms; i++) {
        FdtNodeId node = fdt_nodef(b, FDT_ROOT, "pmem@%" PRIx64,
                                   vms->nvdimms[i].base);

        fdt_prop_str(b, node, "compatible", "pmem-region");
        fdt_prop_u64s(b, node, "reg", 2, vms->nvdimms[i].base,
                      vms->nvdimms[i].size);
        fdt_prop_cell(b, node, "numa-node-id", vms->nvdimms[i].node);
    }
}

/* -numa dist: every (node, node, distance) triple, row by row */
static void fdt_add_distance_map(FdtBuilder *b)
{
    const VirtMachineState *vms = b->vms;
    unsigned n = vms->numa_nodes;
    FdtNodeId node;
    fdt32_t *be;

    if (!vms->numa_have_dist) {
        return;
    }
    node = fdt_node(b, FDT_ROOT, "distance-map");
    fdt_prop_str(b, node, "compatible", "numa-distance-map-v1");
    be = fdt_prop_space(b, node, "distance-matrix",
                        n * n * 3 * sizeof(fdt32_t));
    for (unsigned i = 0; i < n; i++) {
        for (unsigned j = 0; j < n; j++) {
            *be++ = cpu_to_fdt32(i);
            *be++ = cpu_to_fdt32(j);
            *be++ = cpu_to_fdt32(vms->numa_dist[i][j]);
        }
    }
}

static void fdt_add_boot_chosen(FdtBuilder *b, const BootImages *img)
{
    const VirtMachineState *vms = b->vms;

    if (vms->kernel != NULL && vms->append != NULL && vms->append[0]) {
        fdt_prop_str(b, b->chosen, "bootargs", vms->append);
    }
    if (img->have_initrd && vms->fdt_initrd_u64) {
        /* QEMU 10.0: as wide as the root's #address-cells (2) */
        fdt_prop_u64s(b, b->chosen, "linux,initrd-start", 1,
                      img->initrd_start);
        fdt_prop_u64s(b, b->chosen, "linux,initrd-end", 1, img->initrd_end);
    } else if (img->have_initrd) {
        fdt_prop_cell(b, b->chosen, "linux,initrd-start",
                      (uint32_t)img->initrd_start);
        fdt_prop_cell(b, b->chosen, "linux,initrd-end",
                      (uint32_t)img->initrd_end);
    }
}

/*
 * The psci node follows the conduit left after hw/arm/boot.c's boot-EL
 * rule (vms->boot_psci_conduit): none when the guest starts at or above
 * the EL that would answer the calls.
 */
static void fdt_add_psci(FdtBuilder *b)
{
    const VirtMachineState *vms = b->vms;
    VirtPsciConduit conduit = vms->boot_psci_conduit;
    uint32_t base = vms->cpu->aarch64 ? PSCI_FN64_BASE : PSCI_FN_BASE;
    FdtNodeId node;

    if (conduit == VIRT_PSCI_CONDUIT_DISABLED) {
        return;
    }
    node = fdt_node(b, FDT_ROOT, "psci");
    if (vms->fdt_psci_1_0) {
        fdt_prop_strlist(b, node, "compatible",
                         "arm,psci-1.0\0arm,psci-0.2\0arm,psci");
    } else {
        fdt_prop_strlist(b, node, "compatible", "arm,psci-0.2\0arm,psci");
    }
    fdt_prop_str(b, node, "method",
                 conduit == VIRT_PSCI_CONDUIT_SMC ? "smc" : "hvc");
    fdt_prop_cell(b, node, "cpu_suspend", base + PSCI_FN_CPU_SUSPEND);
    /* CPU_OFF takes no 64-bit argument: always the SMC32 ID */
    fdt_prop_cell(b, node, "cpu_off", PSCI_FN_BASE + PSCI_FN_CPU_OFF);
    fdt_prop_cell(b, node, "cpu_on", base + PSCI_FN_CPU_ON);
    fdt_prop_cell(b, node, "migrate", base + PSCI_FN_MIGRATE);
}

/* ---- entry points ---- */

static bool fdt_check_supported(const VirtMachineState *vms, GError **errp)
{
    if (vms->cpu == NULL || vms->release == NULL || vms->smp.cpus == 0 ||
        vms->smp.sockets == 0 ||
        vms->smp.clusters == 0 || vms->smp.cores == 0 ||
        vms->smp.threads == 0 ||
        (vms->gic_version != VIRT_GIC_VERSION_2 &&
         vms->gic_version != VIRT_GIC_VERSION_3 &&
         vms->gic_version != VIRT_GIC_VERSION_4)) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_FDT,
                    "the machine state is not resolved "
                    "(run virt_machine_init first)");
        return false;
    }
    /*
     * Under KVM the tree is the TCG tree of the host CPU ("arm,armv8";
     * "arm,arm-v8" from 10.0 on: the release's "host" model),
     * checked against QEMU 7.2 on real KVM (docs/devel/kvm-testing.md):
     * a GICv3 host with PMUv3 and KVM's PSCI 1.x. HVF cannot be checked
     * here, so it is refused rather than guessed.
     */
    if (vms->accel == VIRT_ACCEL_HVF) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                            "the device tree is not modelled under HVF");
        return false;
    }
    /*
     * 11.1 gives each cpu node the L1 caches of the CPU; the host CPU's
     * (KVM) are the host's own, which virtboard does not know
     */
    if (vms->fdt_cpu_caches && !vms->compat.no_cpu_topology &&
        vms->cpu->l1d.size == 0) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "-cpu %s: QEMU %s puts the CPU's cache geometry in the "
                    "device tree; virtboard does not know it for this "
                    "CPU", vms->cpu->name, vms->release->name);
        return false;
    }
    if (vms->numa_nodes > VIRT_NUMA_MAX_NODES) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "%u NUMA nodes: virtboard models up to %u",
                    vms->numa_nodes, VIRT_NUMA_MAX_NODES);
        return false;
    }
    return true;
}

/*
 * Sized for the vCPUs up front: each has a cpu@N node with up to six
 * properties and usually a cpu-map node with one, at most some 170
 * bytes of records; the rest of the board is about 60 nodes and 250
 * properties, under 8 KiB.
 */
static void fdt_builder_init(FdtBuilder *b, const VirtMachineState *vms)
{
    unsigned ncpus = vms->smp.cpus;
    char *root_name;

    memset(b, 0, sizeof(*b));
    b->vms = vms;
    b->next_phandle = vms->phandle_start;
    b->node_cap = 2 * ncpus + 80;
    b->node = g_new(FdtNode, b->node_cap);
    b->prop_cap = 7 * ncpus + 320;
    b->prop = g_new(FdtProp, b->prop_cap);
    b->data_cap = 176 * ncpus + 8192;
    b->data = g_malloc(b->data_cap);
    b->strings_cap = 1024;
    b->strings = g_malloc(b->strings_cap);
    b->struct_size = FDT_TAGSIZE;   /* FDT_END */
    fdt_new_node(b, 0, &root_name); /* the root, FDT_ROOT */
    b->chosen = FDT_NONE;
    b->secure_chosen = FDT_NONE;
    b->aliases = FDT_NONE;
}

static void fdt_builder_clear(FdtBuilder *b)
{
    g_free(b->node);
    g_free(b->prop);
    g_free(b->data);
    g_free(b->strings);
    g_free(b->cpu);
}

/* Node @id and everything under it, in blob order */
static guint8 *fdt_put_node(const FdtBuilder *b, FdtNodeId id, guint8 *p)
{
    const FdtNode *n = &b->node[id];

    p = fdt_copy_record(p, b->data + n->rec, n->rec_len);
    for (int i = n->prop; i != FDT_NONE; i = b->prop[i].next) {
        const FdtProp *prop = &b->prop[i];

        p = fdt_copy_record(p, b->data + prop->rec, prop->rec_len);
    }
    for (FdtNodeId c = n->child; c != FDT_NONE; c = b->node[c].next) {
        p = fdt_put_node(b, c, p);
    }
    return fdt_put32(p, FDT_END_NODE);
}

/*
 * The blob as QEMU's sequence of fdt_create, fdt_finish and fdt_open_into
 * at 1 MiB lays it out: a version 17 header (compatible with 16), the
 * empty reservation map at 48, the structure block at 64, the strings
 * block right after it, and zeros up to totalsize.
 */
static bool fdt_builder_finish(const FdtBuilder *b, bool padded,
                               void **blob, size_t *used_out, GError **errp)
{
    /* fdt_create aligns the map to its entry size */
    size_t rsvmap = (sizeof(struct fdt_header) +
                     sizeof(struct fdt_reserve_entry) - 1) &
                    ~(sizeof(struct fdt_reserve_entry) - 1);
    size_t off_struct = rsvmap + sizeof(struct fdt_reserve_entry);
    size_t off_strings = off_struct + b->struct_size;
    size_t used = off_strings + b->strings_len;
    guint8 *fdt, *end;

    if (used > VIRT_FDT_MAX_SIZE) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_FDT,
                    "the device tree needs %zu bytes, more than %u: %s",
                    used, VIRT_FDT_MAX_SIZE, fdt_strerror(-FDT_ERR_NOSPACE));
        return false;
    }
    /*
     * The padded blob comes zeroed from calloc: at 1 MiB that is fresh
     * pages from the kernel, so the zeros after @used cost nothing until
     * they are read (a memset here took a quarter of a process's time)
     */
    fdt = padded ? g_malloc0(VIRT_FDT_MAX_SIZE) : g_malloc(used);
    memset(fdt, 0, off_struct);
    fdt_set_magic(fdt, FDT_MAGIC);
    fdt_set_totalsize(fdt, VIRT_FDT_MAX_SIZE);
    fdt_set_off_dt_struct(fdt, off_struct);
    fdt_set_off_dt_strings(fdt, off_strings);
    fdt_set_off_mem_rsvmap(fdt, rsvmap);
    fdt_set_version(fdt, FDT_LAST_SUPPORTED_VERSION);
    fdt_set_last_comp_version(fdt, b->vms->fdt_last_comp_version
                                       ? b->vms->fdt_last_comp_version
                                       : FDT_LAST_COMPATIBLE_VERSION);
    fdt_set_size_dt_strings(fdt, b->strings_len);
    fdt_set_size_dt_struct(fdt, b->struct_size);

    end = fdt_put32(fdt_put_node(b, FDT_ROOT, fdt + off_struct), FDT_END);
    g_assert((size_t)(end - fdt) == off_strings);
    memcpy(end, b->strings, b->strings_len);
    *blob = fdt;
    *used_out = used;
    return true;
}

/*
 * One step of the release's creation order (VirtRelease.dt_steps). The
 * PCIe node is created before the SMMU that points at it: @pcie carries
 * it from step to step.
 */
static FdtNodeId fdt_add_step(FdtBuilder *b, VirtDtStep step,
                              const BootImages *img, FdtNodeId pcie)
{
    const VirtMachineState *v = b->vms;

    switch (step) {
    case VIRT_DT_ROOT:
        fdt_add_root(b);
        break;
    case VIRT_DT_CLOCK:
        fdt_add_clock(b);
        break;
    case VIRT_DT_DISTANCE_MAP:
        fdt_add_distance_map(b);
        break;
    case VIRT_DT_TIMER:
        fdt_add_timer(b);
        break;
    case VIRT_DT_CPUS:
        fdt_add_cpus(b);
        break;
    case VIRT_DT_FLASH:
        fdt_add_flash(b);
        break;
    case VIRT_DT_GIC:
        fdt_add_gic(b);
        break;
    case VIRT_DT_PMU:
        fdt_add_pmu(b);
        break;
    case VIRT_DT_UART1:
        if (v->uarts > 1) {
            fdt_add_uart(b, VIRT_SECURE_UART, false);
        }
        break;
    case VIRT_DT_UART:
        fdt_add_uart(b, VIRT_UART, false);
        break;
    case VIRT_DT_SECURE_RAM:
        if (v->secure) {
            fdt_add_secram(b);
        }
        break;
    case VIRT_DT_SECURE_UART:
        if (v->secure) {
            fdt_add_uart(b, VIRT_SECURE_UART, true);
        }
        break;
    case VIRT_DT_RTC:
        fdt_add_rtc(b);
        break;
    case VIRT_DT_PCIE:
        return fdt_add_pcie(b);
    case VIRT_DT_SMMU:
        if (v->iommu == VIRT_IOMMU_SMMUV3) {
            fdt_add_smmuv3(b, pcie);
        }
        break;
    case VIRT_DT_POWER_KEY:
        /* with an ACPI GED the power button is there instead */
        if (!v->acpi_ged) {
            fdt_add_gpio_keys(b);
        }
        break;
    case VIRT_DT_SECURE_GPIO:
        if (v->secure_gpio) {
            fdt_add_secure_gpio(b);
        }
        break;
    case VIRT_DT_VIRTIO_MMIO:
        fdt_add_virtio_mmio(b);
        break;
    case VIRT_DT_FW_CFG:
        fdt_add_fw_cfg(b);
        break;
    case VIRT_DT_PLATFORM_BUS:
        fdt_add_platform_bus(b);
        break;
    case VIRT_DT_MEMORY:
        fdt_add_memory(b);
        break;
    case VIRT_DT_CHOSEN:
        fdt_add_boot_chosen(b, img);
        break;
    case VIRT_DT_PMEM:
        fdt_add_pmem(b);
        break;
    case VIRT_DT_PSCI:
        fdt_add_psci(b);
        break;
    case VIRT_DT_STEP_COUNT:
    default:
        g_assert_not_reached();
    }
    return pcie;
}

/*
 * The blob of @vms. With @padded, *@blob is the whole of it
 * (VIRT_FDT_MAX_SIZE bytes); without, only its first *@used bytes, the
 * rest being zeros.
 */
static bool fdt_build(const VirtMachineState *vms, bool padded, void **blob,
                      size_t *used, GError **errp)
{
    FdtBuilder b;
    BootImages img;
    FdtNodeId pcie = 0;
    bool ok;
    int i;

    if (!fdt_check_supported(vms, errp) || !boot_images(vms, &img, errp)) {
        return false;
    }
    fdt_builder_init(&b, vms);
    for (i = 0; i < VIRT_DT_STEP_COUNT; i++) {
        pcie = fdt_add_step(&b, vms->release->dt_steps[i], &img, pcie);
    }

    ok = fdt_builder_finish(&b, padded, blob, used, errp);
    fdt_builder_clear(&b);
    return ok;
}

bool virt_fdt_build(const VirtMachineState *vms, void **blob, size_t *size,
                    GError **errp)
{
    size_t used;
    void *fdt;

    if (!fdt_build(vms, true, &fdt, &used, errp)) {
        return false;
    }
    *blob = fdt;
    *size = VIRT_FDT_MAX_SIZE;
    return true;
}

/*
 * Only the used part is built and written; the file is extended to
 * totalsize over the zeros (a sparse file with the same content), which
 * spares 1 MiB of memory, copying and disk writes.
 */
bool virt_fdt_write(const VirtMachineState *vms, const char *path,
                    GError **errp)
{
    g_autofree void *blob = NULL;
    size_t used;

    if (!fdt_build(vms, false, &blob, &used, errp)) {
        return false;
    }
    return virt_output_write_padded(path, blob, used, VIRT_FDT_MAX_SIZE,
                                    errp);
}
