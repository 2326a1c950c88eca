/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AML encoder. Opcode values and encodings follow the ACPI
 * specification, chapter 20 (AML grammar) and section 6.4 (resource
 * descriptors).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "hw/acpi/acpi-build.h"
#include "hw/acpi/aml.h"

/* 20.3 AML byte stream byte values */
#define AML_ZERO_OP 0x00
#define AML_ONE_OP 0x01
#define AML_NAME_OP 0x08
#define AML_BYTE_PREFIX 0x0A
#define AML_WORD_PREFIX 0x0B
#define AML_DWORD_PREFIX 0x0C
#define AML_STRING_PREFIX 0x0D
#define AML_QWORD_PREFIX 0x0E
#define AML_SCOPE_OP 0x10
#define AML_BUFFER_OP 0x11
#define AML_PACKAGE_OP 0x12
#define AML_VAR_PACKAGE_OP 0x13
#define AML_METHOD_OP 0x14
#define AML_DUAL_NAME_PREFIX 0x2E
#define AML_MULTI_NAME_PREFIX 0x2F
#define AML_EXT_OP_PREFIX 0x5B
#define AML_EXT_OPREGION_OP 0x80
#define AML_EXT_FIELD_OP 0x81
#define AML_EXT_DEVICE_OP 0x82
#define AML_ROOT_CHAR '\\'
#define AML_PARENT_PREFIX_CHAR '^'
#define AML_LOCAL0_OP 0x60
#define AML_ARG0_OP 0x68
#define AML_STORE_OP 0x70
#define AML_ADD_OP 0x72
#define AML_SUBTRACT_OP 0x74
#define AML_TO_INTEGER_OP 0x99
#define AML_WHILE_OP 0xA2
#define AML_EXT_MUTEX_OP 0x01
#define AML_EXT_ACQUIRE_OP 0x23
#define AML_EXT_RELEASE_OP 0x27
#define AML_AND_OP 0x7B
#define AML_OR_OP 0x7D
#define AML_DEREFOF_OP 0x83
#define AML_NOTIFY_OP 0x86
#define AML_INDEX_OP 0x88
#define AML_CREATE_DWORD_FIELD_OP 0x8A
#define AML_LNOT_OP 0x92
#define AML_LEQUAL_OP 0x93
#define AML_LLESS_OP 0x95
#define AML_IF_OP 0xA0
#define AML_ELSE_OP 0xA1
#define AML_RETURN_OP 0xA4
#define AML_ONES_OP 0xFF

/* 6.4.2.9 / 6.4.3 resource descriptor tags */
#define AML_RES_END_TAG 0x79
#define AML_RES_MEMORY32_FIXED 0x86
#define AML_RES_DWORD_ADDRESS 0x87
#define AML_RES_WORD_ADDRESS 0x88
#define AML_RES_EXT_INTERRUPT 0x89
#define AML_RES_QWORD_ADDRESS 0x8A
#define AML_RES_GPIO 0x8C

/* 6.4.3.5 Address Space Resource Type */
#define AML_ADDR_SPACE_MEMORY 0
#define AML_ADDR_SPACE_IO 1
#define AML_ADDR_SPACE_BUS 2

/* How a node is framed when appended to its parent */
typedef enum AmlFrame {
    AML_FRAME_RAW,          /* the bytes as they are */
    AML_FRAME_OPCODE,       /* op, bytes */
    AML_FRAME_PACKAGE,      /* op, PkgLength, bytes */
    AML_FRAME_EXT_PACKAGE,  /* ExtOpPrefix, op, PkgLength, bytes */
    AML_FRAME_BUFFER,       /* BufferOp, PkgLength, BufferSize, bytes */
    AML_FRAME_RES_TEMPLATE, /* a buffer of descriptors plus an End Tag */
} AmlFrame;

/*
 * A node's content is a list of items, each either bytes of its own or a
 * child appended to it. A child is not copied into its parent: it is
 * referred to, and written out once, when the root is serialized. So
 * that this means the same as copying, a node is sealed when it is
 * appended (or serialized), and nothing can be appended to it after.
 * A sealed node can be appended to any number of parents.
 *
 * Nodes and items live in the context's arena; the bytes of an item
 * follow it, and grow in place while the item is the arena's last
 * allocation, which it almost always is while its node is being built.
 */
typedef struct AmlItem {
    struct AmlItem *next;
    const Aml *child;           /* NULL: @len bytes follow */
    uint32_t len;
    guint8 bytes[];
} AmlItem;

struct Aml {
    AmlContext *ctx;
    AmlItem *first, *last;
    uint32_t body;              /* bytes of the content, children framed */
    uint32_t size;              /* framed size, once sealed */
    AmlFrame frame;
    uint8_t op;
    bool sealed;
};

/* Arena chunks: 64 KiB covers the DSDT of about 500 vCPUs in one */
#define AML_CHUNK_SIZE (64 * 1024)

typedef struct AmlChunk {
    struct AmlChunk *prev;
    size_t used, size;
    guint8 mem[];               /* at offset 24: 8-aligned */
} AmlChunk;

struct AmlContext {
    AmlChunk *chunk;            /* the newest, the others through prev */
};

AmlContext *aml_context_new(void)
{
    return g_new0(AmlContext, 1);
}

void aml_context_free(AmlContext *ctx)
{
    if (ctx == NULL) {
        return;
    }
    while (ctx->chunk != NULL) {
        AmlChunk *c = ctx->chunk;

        ctx->chunk = c->prev;
        g_free(c);
    }
    g_free(ctx);
}

#define AML_ALIGN(n) (((n) + 7) & ~(size_t)7)
/* Arena bytes taken by an item holding @len bytes */
#define AML_ITEM_SIZE(len) AML_ALIGN(offsetof(AmlItem, bytes) + (len))

static void *arena_alloc(AmlContext *ctx, size_t len)
{
    AmlChunk *c = ctx->chunk;
    void *p;

    len = AML_ALIGN(len);
    if (c == NULL || c->size - c->used < len) {
        size_t size = MAX(AML_CHUNK_SIZE, len);

        c = g_malloc(sizeof(AmlChunk) + size);
        c->prev = ctx->chunk;
        c->used = 0;
        c->size = size;
        ctx->chunk = c;
    }
    p = c->mem + c->used;
    c->used += len;
    return p;
}

static Aml *aml_node(AmlContext *ctx, AmlFrame frame, uint8_t op)
{
    Aml *node = arena_alloc(ctx, sizeof(Aml));

    *node = (Aml) { .ctx = ctx, .frame = frame, .op = op };
    return node;
}

static void node_add_item(Aml *node, AmlItem *item)
{
    if (node->last != NULL) {
        node->last->next = item;
    } else {
        node->first = item;
    }
    node->last = item;
}

/* @len more bytes at the end of @node's content, to be filled in */
static guint8 *node_put(Aml *node, size_t len)
{
    AmlChunk *c = node->ctx->chunk;
    AmlItem *it = node->last;
    guint8 *p;

    g_assert(!node->sealed);
    g_assert(len <= UINT32_MAX - node->body);
    if (it != NULL && it->child == NULL && c != NULL &&
        (guint8 *)it + AML_ITEM_SIZE(it->len) == c->mem + c->used) {
        /* The last item is the arena's last allocation: grow it */
        size_t grown = AML_ITEM_SIZE(it->len + len) - AML_ITEM_SIZE(it->len);

        if (c->size - c->used >= grown) {
            c->used += grown;
            p = it->bytes + it->len;
            it->len += (uint32_t)len;
            node->body += (uint32_t)len;
            return p;
        }
    }
    it = arena_alloc(node->ctx, offsetof(AmlItem, bytes) + len);
    it->next = NULL;
    it->child = NULL;
    it->len = (uint32_t)len;
    node_add_item(node, it);
    node->body += (uint32_t)len;
    return it->bytes;
}

static void node_u8(Aml *node, uint8_t v)
{
    *node_put(node, 1) = v;
}

static void node_u16(Aml *node, uint16_t v)
{
    acpi_store_u16(node_put(node, 2), v);
}

static void node_u32(Aml *node, uint32_t v)
{
    acpi_store_u32(node_put(node, 4), v);
}

static void node_u64(Aml *node, uint64_t v)
{
    acpi_store_u64(node_put(node, 8), v);
}

static void node_bytes(Aml *node, const void *data, size_t len)
{
    if (len > 0) {
        memcpy(node_put(node, len), data, len);
    }
}

/*
 * printf into @buf of @size bytes if it fits, else into a new string
 * (*@heap, for the caller to free); returns the text. A format without
 * conversions, or "%s" alone, needs no printf.
 */
static const char *aml_vformat(char *buf, size_t size, char **heap,
                               const char *fmt, va_list ap)
    G_GNUC_PRINTF(4, 0);

static const char *aml_vformat(char *buf, size_t size, char **heap,
                               const char *fmt, va_list ap)
{
    va_list copy;
    int n;

    *heap = NULL;
    if (strchr(fmt, '%') == NULL) {
        return fmt;
    }
    if (strcmp(fmt, "%s") == 0) {
        return va_arg(ap, const char *);
    }
    va_copy(copy, ap);
    n = vsnprintf(buf, size, fmt, copy);
    va_end(copy);
    if (n >= 0 && (size_t)n < size) {
        return buf;
    }
    *heap = g_strdup_vprintf(fmt, ap);
    return *heap;
}

/* ---- low-level encodings ---- */

unsigned aml_pkg_length_size(size_t length, bool incl_self)
{
    unsigned n;

    /* One byte holds 6 bits; each more byte adds 8 (20.2.4) */
    for (n = 1; n < 4; n++) {
        size_t total = length + (incl_self ? n : 0);
        unsigned bits = n == 1 ? 6 : 4 + 8 * (n - 1);

        if (total < ((size_t)1 << bits)) {
            return n;
        }
    }
    g_assert(length + (incl_self ? 4 : 0) < ((size_t)1 << 28));
    return 4;
}

/* Write the PkgLength of @length at @p; returns the end */
static guint8 *pkg_length_write(guint8 *p, size_t length, bool incl_self)
{
    unsigned n = aml_pkg_length_size(length, incl_self);
    size_t total = length + (incl_self ? n : 0);

    if (n == 1) {
        *p++ = (guint8)total;
        return p;
    }
    /* PkgLeadByte: bits 7-6 count of following bytes, 3-0 low nibble */
    *p++ = (guint8)(((n - 1) << 6) | (total & 0x0F));
    for (unsigned i = 1; i < n; i++) {
        *p++ = (guint8)(total >> (4 + 8 * (i - 1)));
    }
    return p;
}

void aml_append_pkg_length(GByteArray *a, size_t length, bool incl_self)
{
    pkg_length_write(acpi_append_space(a, aml_pkg_length_size(length,
                                                              incl_self)),
                     length, incl_self);
}

static void node_pkg_length(Aml *node, size_t length, bool incl_self)
{
    pkg_length_write(node_put(node, aml_pkg_length_size(length, incl_self)),
                     length, incl_self);
}

/* Bytes of the 20.2.3 encoding of @v */
static unsigned integer_size(uint64_t v)
{
    return v <= 1 ? 1 : v <= UINT8_MAX ? 2 : v <= UINT16_MAX ? 3 :
           v <= UINT32_MAX ? 5 : 9;
}

static guint8 *integer_write(guint8 *p, uint64_t v)
{
    /*
     * OnesOp is not used for all-ones: QEMU's encoder emits a QWordConst
     * there, and the tables must match byte for byte.
     */
    switch (integer_size(v)) {
    case 1:
        *p = v == 0 ? AML_ZERO_OP : AML_ONE_OP;
        return p + 1;
    case 2:
        p[0] = AML_BYTE_PREFIX;
        p[1] = (uint8_t)v;
        return p + 2;
    case 3:
        p[0] = AML_WORD_PREFIX;
        acpi_store_u16(p + 1, (uint16_t)v);
        return p + 3;
    case 5:
        p[0] = AML_DWORD_PREFIX;
        acpi_store_u32(p + 1, (uint32_t)v);
        return p + 5;
    default:
        p[0] = AML_QWORD_PREFIX;
        acpi_store_u64(p + 1, v);
        return p + 9;
    }
}

void aml_append_integer(GByteArray *a, uint64_t v)
{
    integer_write(acpi_append_space(a, integer_size(v)), v);
}

static void node_integer(Aml *node, uint64_t v)
{
    integer_write(node_put(node, integer_size(v)), v);
}

/* Bytes of the 20.2.2 NameString of @name */
static size_t namestring_size(const char *name)
{
    size_t n = 0, nsegs = 1;

    while (*name == AML_ROOT_CHAR || *name == AML_PARENT_PREFIX_CHAR) {
        name++;
        n++;
    }
    if (*name == '\0') {
        return n + 1;                   /* NullName */
    }
    for (const char *p = name; *p; p++) {
        nsegs += *p == '.';
    }
    g_assert(nsegs <= 255);
    return n + (nsegs == 1 ? 0 : nsegs == 2 ? 1 : 2) + 4 * nsegs;
}

static void namestring_write(guint8 *p, const char *name)
{
    unsigned nsegs = 1;

    while (*name == AML_ROOT_CHAR || *name == AML_PARENT_PREFIX_CHAR) {
        *p++ = (guint8)*name++;
    }
    if (*name == '\0') {
        *p = 0x00;                      /* NullName */
        return;
    }
    for (const char *q = name; *q; q++) {
        nsegs += *q == '.';
    }
    if (nsegs == 2) {
        *p++ = AML_DUAL_NAME_PREFIX;
    } else if (nsegs > 2) {
        *p++ = AML_MULTI_NAME_PREFIX;
        *p++ = (guint8)nsegs;
    }
    for (;;) {
        size_t len = 0;

        while (name[len] != '\0' && name[len] != '.') {
            len++;
        }
        /* NameSeg: up to 4 characters, '_' padded */
        g_assert(len >= 1 && len <= 4);
        memcpy(p, name, len);
        memset(p + len, '_', 4 - len);
        p += 4;
        if (name[len] == '\0') {
            break;
        }
        name += len + 1;
    }
}

void aml_append_namestring(GByteArray *a, const char *name)
{
    namestring_write(acpi_append_space(a, namestring_size(name)), name);
}

static void node_namestring(Aml *node, const char *name)
{
    namestring_write(node_put(node, namestring_size(name)), name);
}

/* ---- serialization ---- */

/* The BufferSize and descriptor bytes of a Buffer or ResourceTemplate */
static uint32_t buffer_payload(const Aml *node, uint32_t *list)
{
    *list = node->body + (node->frame == AML_FRAME_RES_TEMPLATE ? 2 : 0);
    return integer_size(*list) + *list;
}

/* Fix the node's framed size; from now on it cannot change */
static void aml_seal(Aml *node)
{
    uint32_t list, payload;
    size_t size = node->body;

    if (node->sealed) {
        return;
    }
    switch (node->frame) {
    case AML_FRAME_RAW:
        break;
    case AML_FRAME_OPCODE:
        size += 1;
        break;
    case AML_FRAME_PACKAGE:
        size += 1 + aml_pkg_length_size(node->body, true);
        break;
    case AML_FRAME_EXT_PACKAGE:
        size += 2 + aml_pkg_length_size(node->body, true);
        break;
    case AML_FRAME_RES_TEMPLATE:
    case AML_FRAME_BUFFER:
        payload = buffer_payload(node, &list);
        size = 1 + aml_pkg_length_size(payload, true) + (size_t)payload;
        break;
    }
    g_assert(size <= UINT32_MAX);
    node->size = (uint32_t)size;
    node->sealed = true;
}

/* Write the sealed @node framed at @p; returns the end */
static guint8 *aml_write(const Aml *node, guint8 *p)
{
    uint32_t list, payload;

    switch (node->frame) {
    case AML_FRAME_RAW:
        break;
    case AML_FRAME_OPCODE:
        *p++ = node->op;
        break;
    case AML_FRAME_PACKAGE:
        *p++ = node->op;
        p = pkg_length_write(p, node->body, true);
        break;
    case AML_FRAME_EXT_PACKAGE:
        *p++ = AML_EXT_OP_PREFIX;
        *p++ = node->op;
        p = pkg_length_write(p, node->body, true);
        break;
    case AML_FRAME_RES_TEMPLATE:
    case AML_FRAME_BUFFER:
        /* BufferOp PkgLength BufferSize ByteList */
        payload = buffer_payload(node, &list);
        *p++ = AML_BUFFER_OP;
        p = pkg_length_write(p, payload, true);
        p = integer_write(p, list);
        break;
    }
    for (const AmlItem *it = node->first; it != NULL; it = it->next) {
        if (it->child != NULL) {
            p = aml_write(it->child, p);
        } else {
            memcpy(p, it->bytes, it->len);
            p += it->len;
        }
    }
    if (node->frame == AML_FRAME_RES_TEMPLATE) {
        /* 6.4.2.9 End Tag, checksum 0 ("treated as correct") */
        *p++ = AML_RES_END_TAG;
        *p++ = 0;
    }
    return p;
}

void aml_append(Aml *parent, const Aml *child)
{
    AmlItem *it;

    g_assert(!parent->sealed);
    g_assert(parent != child);
    /* Sealing changes no byte: it fixes the size the parent counts */
    aml_seal((Aml *)child);
    g_assert(child->size <= UINT32_MAX - parent->body);
    it = arena_alloc(parent->ctx, offsetof(AmlItem, bytes));
    it->next = NULL;
    it->child = child;
    it->len = 0;
    node_add_item(parent, it);
    parent->body += child->size;
}

GByteArray *aml_serialize(const Aml *node)
{
    GByteArray *out = g_byte_array_new();

    aml_append_to(out, node);
    return out;
}

void aml_append_to(GByteArray *table, const Aml *node)
{
    guint8 *p, *end;

    aml_seal((Aml *)node);
    p = acpi_append_space(table, node->size);
    end = aml_write(node, p);
    g_assert(end == p + node->size);
}

/* ---- data objects ---- */

Aml *aml_int(AmlContext *ctx, uint64_t v)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    node_integer(node, v);
    return node;
}

Aml *aml_zero(AmlContext *ctx)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    node_u8(node, AML_ZERO_OP);
    return node;
}

Aml *aml_one(AmlContext *ctx)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    node_u8(node, AML_ONE_OP);
    return node;
}

Aml *aml_ones(AmlContext *ctx)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    node_u8(node, AML_ONES_OP);
    return node;
}

Aml *aml_string(AmlContext *ctx, const char *fmt, ...)
{
    Aml *node = aml_node(ctx, AML_FRAME_OPCODE, AML_STRING_PREFIX);
    g_autofree char *heap = NULL;
    char buf[64];
    const char *s;
    va_list ap;

    va_start(ap, fmt);
    s = aml_vformat(buf, sizeof(buf), &heap, fmt, ap);
    va_end(ap);
    node_bytes(node, (const guint8 *)s, strlen(s) + 1);
    return node;
}

Aml *aml_unicode(AmlContext *ctx, const char *ascii)
{
    Aml *node = aml_node(ctx, AML_FRAME_BUFFER, 0);

    for (const char *p = ascii; *p; p++) {
        g_assert((unsigned char)*p < 0x80);
        node_u16(node, (uint16_t)*p);
    }
    node_u16(node, 0);
    return node;
}

static Aml *aml_name_va(AmlContext *ctx, const char *fmt, va_list ap)
    G_GNUC_PRINTF(2, 0);

static Aml *aml_name_va(AmlContext *ctx, const char *fmt, va_list ap)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);
    g_autofree char *heap = NULL;
    char buf[64];

    node_namestring(node,
                          aml_vformat(buf, sizeof(buf), &heap, fmt, ap));
    return node;
}

Aml *aml_name(AmlContext *ctx, const char *fmt, ...)
{
    Aml *node;
    va_list ap;

    va_start(ap, fmt);
    node = aml_name_va(ctx, fmt, ap);
    va_end(ap);
    return node;
}

Aml *aml_arg(AmlContext *ctx, unsigned n)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    g_assert(n <= 6);
    node_u8(node, (uint8_t)(AML_ARG0_OP + n));
    return node;
}

Aml *aml_local(AmlContext *ctx, unsigned n)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    g_assert(n <= 7);
    node_u8(node, (uint8_t)(AML_LOCAL0_OP + n));
    return node;
}

Aml *aml_buffer(AmlContext *ctx, size_t len, const uint8_t *data)
{
    Aml *node = aml_node(ctx, AML_FRAME_BUFFER, 0);

    if (data != NULL) {
        node_bytes(node, data, len);
    } else {
        memset(node_put(node, len), 0, len);
    }
    return node;
}

Aml *aml_package(AmlContext *ctx, uint8_t num_elements)
{
    Aml *node = aml_node(ctx, AML_FRAME_PACKAGE, AML_PACKAGE_OP);

    node_u8(node, num_elements);   /* NumElements */
    return node;
}

Aml *aml_varpackage(AmlContext *ctx, uint32_t num_elements)
{
    Aml *node = aml_node(ctx, AML_FRAME_PACKAGE, AML_VAR_PACKAGE_OP);

    node_integer(node, num_elements); /* VarNumElements */
    return node;
}

static int hex_digit(char c)
{
    int v = g_ascii_xdigit_value(c);

    g_assert(v >= 0);
    return v;
}

static uint8_t uuid_byte(const char *uuid, unsigned pos)
{
    return (uint8_t)(hex_digit(uuid[pos]) << 4 | hex_digit(uuid[pos + 1]));
}

Aml *aml_touuid(AmlContext *ctx, const char *uuid)
{
    /*
     * 19.6.142 ToUUID: the first three groups are stored little-endian,
     * the last two in the order written. Character position of each
     * output byte's two hex digits:
     */
    static const unsigned pos[16] = {
        6, 4, 2, 0, 11, 9, 16, 14, 19, 21, 24, 26, 28, 30, 32, 34,
    };
    uint8_t bytes[16];

    g_assert(strlen(uuid) == 36);
    g_assert(uuid[8] == '-' && uuid[13] == '-' && uuid[18] == '-' &&
             uuid[23] == '-');
    for (unsigned i = 0; i < 16; i++) {
        bytes[i] = uuid_byte(uuid, pos[i]);
    }
    return aml_buffer(ctx, sizeof(bytes), bytes);
}

/* ---- named objects and blocks ---- */

Aml *aml_name_decl(AmlContext *ctx, const char *name, const Aml *val)
{
    Aml *node = aml_node(ctx, AML_FRAME_OPCODE, AML_NAME_OP);

    node_namestring(node, name);
    aml_append(node, val);
    return node;
}

Aml *aml_scope(AmlContext *ctx, const char *fmt, ...)
{
    Aml *node = aml_node(ctx, AML_FRAME_PACKAGE, AML_SCOPE_OP);
    g_autofree char *heap = NULL;
    char buf[64];
    va_list ap;

    va_start(ap, fmt);
    node_namestring(node,
                          aml_vformat(buf, sizeof(buf), &heap, fmt, ap));
    va_end(ap);
    return node;
}

Aml *aml_device(AmlContext *ctx, const char *fmt, ...)
{
    Aml *node = aml_node(ctx, AML_FRAME_EXT_PACKAGE, AML_EXT_DEVICE_OP);
    g_autofree char *heap = NULL;
    char buf[64];
    va_list ap;

    va_start(ap, fmt);
    node_namestring(node,
                          aml_vformat(buf, sizeof(buf), &heap, fmt, ap));
    va_end(ap);
    return node;
}

Aml *aml_method(AmlContext *ctx, const char *name, unsigned nargs,
                AmlSerializeFlag sflag)
{
    Aml *node = aml_node(ctx, AML_FRAME_PACKAGE, AML_METHOD_OP);

    g_assert(nargs <= 7);
    node_namestring(node, name);
    /* MethodFlags: bits 0-2 ArgCount, bit 3 SerializeFlag, 4-7 SyncLevel */
    node_u8(node, (uint8_t)(nargs | (sflag << 3)));
    return node;
}

Aml *aml_if(AmlContext *ctx, const Aml *predicate)
{
    Aml *node = aml_node(ctx, AML_FRAME_PACKAGE, AML_IF_OP);

    aml_append(node, predicate);
    return node;
}

Aml *aml_else(AmlContext *ctx)
{
    return aml_node(ctx, AML_FRAME_PACKAGE, AML_ELSE_OP);
}

Aml *aml_operation_region(AmlContext *ctx, const char *name,
                          AmlRegionSpace rs, const Aml *offset,
                          uint32_t len)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    node_u8(node, AML_EXT_OP_PREFIX);
    node_u8(node, AML_EXT_OPREGION_OP);
    node_namestring(node, name);
    node_u8(node, (uint8_t)rs);        /* RegionSpace */
    aml_append(node, offset);           /* RegionOffset */
    node_integer(node, len); /* RegionLen */
    return node;
}

Aml *aml_field(AmlContext *ctx, const char *name, AmlAccessType type,
               AmlLockRule lock, AmlUpdateRule rule)
{
    Aml *node = aml_node(ctx, AML_FRAME_EXT_PACKAGE, AML_EXT_FIELD_OP);

    node_namestring(node, name);
    /* FieldFlags: bits 0-3 AccessType, bit 4 LockRule, 5-6 UpdateRule */
    node_u8(node, (uint8_t)(type | (lock << 4) | (rule << 5)));
    return node;
}

Aml *aml_named_field(AmlContext *ctx, const char *name, unsigned bits)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    g_assert(strlen(name) == 4);
    node_bytes(node, name, 4);
    node_pkg_length(node, bits, false);
    return node;
}

/* ---- statements and expressions ---- */

static Aml *aml_op1(AmlContext *ctx, uint8_t op, const Aml *a)
{
    Aml *node = aml_node(ctx, AML_FRAME_OPCODE, op);

    aml_append(node, a);
    return node;
}

static Aml *aml_op2(AmlContext *ctx, uint8_t op, const Aml *a, const Aml *b)
{
    Aml *node = aml_op1(ctx, op, a);

    aml_append(node, b);
    return node;
}

static Aml *aml_op2_target(AmlContext *ctx, uint8_t op, const Aml *a,
                           const Aml *b, const Aml *target)
{
    Aml *node = aml_op2(ctx, op, a, b);

    if (target != NULL) {
        aml_append(node, target);
    } else {
        node_u8(node, 0x00);           /* NullName: no target */
    }
    return node;
}

Aml *aml_return(AmlContext *ctx, const Aml *val)
{
    return aml_op1(ctx, AML_RETURN_OP, val);
}

Aml *aml_notify(AmlContext *ctx, const Aml *obj, const Aml *event)
{
    return aml_op2(ctx, AML_NOTIFY_OP, obj, event);
}

Aml *aml_store(AmlContext *ctx, const Aml *val, const Aml *target)
{
    return aml_op2(ctx, AML_STORE_OP, val, target);
}

/* A target operand: the name given, or NullName (0x00) for none */
static void node_target(Aml *node, const Aml *target)
{
    if (target != NULL) {
        aml_append(node, target);
    } else {
        node_u8(node, 0x00);
    }
}

Aml *aml_add(AmlContext *ctx, const Aml *a, const Aml *b, const Aml *target)
{
    Aml *node = aml_op2(ctx, AML_ADD_OP, a, b);

    node_target(node, target);
    return node;
}

Aml *aml_subtract(AmlContext *ctx, const Aml *a, const Aml *b,
                  const Aml *target)
{
    Aml *node = aml_op2(ctx, AML_SUBTRACT_OP, a, b);

    node_target(node, target);
    return node;
}

Aml *aml_to_integer(AmlContext *ctx, const Aml *a)
{
    Aml *node = aml_op1(ctx, AML_TO_INTEGER_OP, a);

    node_target(node, NULL);
    return node;
}

Aml *aml_while(AmlContext *ctx, const Aml *predicate)
{
    Aml *node = aml_node(ctx, AML_FRAME_PACKAGE, AML_WHILE_OP);

    aml_append(node, predicate);
    return node;
}

Aml *aml_mutex(AmlContext *ctx, const char *name, uint8_t sync_level)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    node_u8(node, AML_EXT_OP_PREFIX);
    node_u8(node, AML_EXT_MUTEX_OP);
    node_namestring(node, name);
    node_u8(node, sync_level & 0xf);    /* SyncFlags */
    return node;
}

Aml *aml_acquire(AmlContext *ctx, const Aml *mutex, uint16_t timeout)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    node_u8(node, AML_EXT_OP_PREFIX);
    node_u8(node, AML_EXT_ACQUIRE_OP);
    aml_append(node, mutex);
    node_u8(node, (uint8_t)(timeout & 0xff));   /* Timeout: WordData */
    node_u8(node, (uint8_t)(timeout >> 8));
    return node;
}

Aml *aml_release(AmlContext *ctx, const Aml *mutex)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    node_u8(node, AML_EXT_OP_PREFIX);
    node_u8(node, AML_EXT_RELEASE_OP);
    aml_append(node, mutex);
    return node;
}

Aml *aml_call(AmlContext *ctx, const char *method, const Aml *const *args,
              unsigned n)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    node_namestring(node, method);
    for (unsigned i = 0; i < n; i++) {
        aml_append(node, args[i]);
    }
    return node;
}

Aml *aml_reserved_field(AmlContext *ctx, unsigned bits)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    node_u8(node, 0x00);                /* ReservedField */
    node_pkg_length(node, bits, false);
    return node;
}

Aml *aml_equal(AmlContext *ctx, const Aml *a, const Aml *b)
{
    return aml_op2(ctx, AML_LEQUAL_OP, a, b);
}

Aml *aml_lnot(AmlContext *ctx, const Aml *a)
{
    return aml_op1(ctx, AML_LNOT_OP, a);
}

Aml *aml_lless(AmlContext *ctx, const Aml *a, const Aml *b)
{
    return aml_op2(ctx, AML_LLESS_OP, a, b);
}

Aml *aml_index(AmlContext *ctx, const Aml *obj, const Aml *index)
{
    return aml_op2_target(ctx, AML_INDEX_OP, obj, index, NULL);
}

Aml *aml_derefof(AmlContext *ctx, const Aml *ref)
{
    return aml_op1(ctx, AML_DEREFOF_OP, ref);
}

Aml *aml_and(AmlContext *ctx, const Aml *a, const Aml *b, const Aml *target)
{
    return aml_op2_target(ctx, AML_AND_OP, a, b, target);
}

Aml *aml_or(AmlContext *ctx, const Aml *a, const Aml *b, const Aml *target)
{
    return aml_op2_target(ctx, AML_OR_OP, a, b, target);
}

Aml *aml_create_dword_field(AmlContext *ctx, const Aml *srcbuf,
                            const Aml *index, const char *name)
{
    Aml *node = aml_op2(ctx, AML_CREATE_DWORD_FIELD_OP, srcbuf, index);

    node_namestring(node, name);
    return node;
}

/* ---- resource templates ---- */

Aml *aml_resource_template(AmlContext *ctx)
{
    return aml_node(ctx, AML_FRAME_RES_TEMPLATE, 0);
}

Aml *aml_memory32_fixed(AmlContext *ctx, uint32_t base, uint32_t len,
                        AmlReadAndWrite rw)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    /* 6.4.3.4 32-Bit Fixed Memory Range Descriptor */
    node_u8(node, AML_RES_MEMORY32_FIXED); /* Type, Large 0x06 */
    node_u16(node, 9);                     /* Length */
    node_u8(node, rw);                     /* Information */
    node_u32(node, base);                  /* Range base */
    node_u32(node, len);                   /* Range length */
    return node;
}

Aml *aml_interrupt(AmlContext *ctx, AmlConsumerAndProducer con,
                   AmlLevelAndEdge level, AmlActiveHighAndLow pol,
                   AmlShared shared, const uint32_t *irqs, unsigned n)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    g_assert(n >= 1 && n <= 255);
    /* 6.4.3.6 Extended Interrupt Descriptor */
    node_u8(node, AML_RES_EXT_INTERRUPT); /* Type, Large 0x09 */
    node_u16(node, (uint16_t)(2 + 4 * n)); /* Length */
    /* Interrupt Vector Flags */
    node_u8(node,
                   (uint8_t)(con | (level << 1) | (pol << 2) | (shared << 3)));
    node_u8(node, (uint8_t)n);       /* Interrupt table length */
    for (unsigned i = 0; i < n; i++) {
        node_u32(node, irqs[i]);     /* Interrupt Number */
    }
    return node;
}

Aml *aml_gpio_int(AmlContext *ctx, AmlConsumerAndProducer con,
                  AmlLevelAndEdge edge, AmlActiveHighAndLow pol,
                  AmlShared shared, AmlPinConfig pin_config,
                  uint16_t debounce, const uint16_t *pins, unsigned n,
                  const char *resource_source)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);
    const uint16_t pin_table = 0x17;   /* right after the fixed part */
    uint16_t source = (uint16_t)(pin_table + 2 * n);
    uint16_t vendor = (uint16_t)(source + strlen(resource_source) + 1);

    /* 6.4.3.8.1 GPIO Connection Descriptor */
    node_u8(node, AML_RES_GPIO);            /* Type, Large 0x0C */
    node_u16(node, (uint16_t)(vendor - 3)); /* Length */
    node_u8(node, 1);                       /* Revision ID */
    node_u8(node, 0);                       /* Connection Type: Int */
    node_u16(node, con);                    /* General Flags */
    /* Interrupt and I/O Flags */
    node_u16(node, (uint16_t)(edge | (pol << 1) | (shared << 3)));
    node_u8(node, pin_config);              /* Pin Configuration */
    node_u16(node, 0);                      /* Output Drive Strength */
    node_u16(node, debounce);               /* Debounce Timeout */
    node_u16(node, pin_table);              /* Pin Table Offset */
    node_u8(node, 0);                       /* Resource Source Index */
    node_u16(node, source);                 /* Resource Source Name */
    node_u16(node, vendor);                 /* Vendor Data Offset */
    node_u16(node, 0);                      /* Vendor Data Length */
    for (unsigned i = 0; i < n; i++) {
        node_u16(node, pins[i]);            /* Pin Number */
    }
    node_bytes(node, resource_source, strlen(resource_source) + 1);
    return node;
}

/* 6.4.3.5 Address Space Descriptors: the part common to all widths */
/*
 * 6.4.3.5.1-3 QWord, DWord and Word Address Space Descriptors: the same
 * layout with @width-byte fields (8, 4 or 2). @v holds _GRA, _MIN, _MAX,
 * _TRA and _LEN.
 */
static Aml *address_space(AmlContext *ctx, unsigned width, uint8_t type,
                          AmlMinFixed min_fixed, AmlMaxFixed max_fixed,
                          AmlDecode dec, uint8_t type_flags,
                          const uint64_t v[5])
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);
    uint8_t tag = width == 8 ? AML_RES_QWORD_ADDRESS
                : width == 4 ? AML_RES_DWORD_ADDRESS : AML_RES_WORD_ADDRESS;

    node_u8(node, tag);                     /* Type, Large */
    node_u16(node, (uint16_t)(3 + 5 * width));  /* Length */
    node_u8(node, type);                    /* Resource Type */
    /* General Flags: bit 1 _DEC, bit 2 _MIF, bit 3 _MAF (producer) */
    node_u8(node, (uint8_t)((dec << 1) | (min_fixed << 2) |
                            (max_fixed << 3)));
    node_u8(node, type_flags);              /* Type Specific Flags */
    for (unsigned i = 0; i < 5; i++) {
        if (width == 8) {
            node_u64(node, v[i]);
        } else if (width == 4) {
            node_u32(node, (uint32_t)v[i]);
        } else {
            node_u16(node, (uint16_t)v[i]);
        }
    }
    return node;
}

Aml *aml_word_bus_number(AmlContext *ctx, AmlMinFixed min_fixed,
                         AmlMaxFixed max_fixed, AmlDecode dec,
                         uint16_t gran, uint16_t min, uint16_t max,
                         uint16_t offset, uint16_t len)
{
    const uint64_t v[5] = { gran, min, max, offset, len };

    return address_space(ctx, 2, AML_ADDR_SPACE_BUS, min_fixed, max_fixed,
                         dec, 0, v);
}

Aml *aml_dword_io(AmlContext *ctx, AmlMinFixed min_fixed,
                  AmlMaxFixed max_fixed, AmlDecode dec,
                  AmlIsaRanges isa, uint32_t gran, uint32_t min,
                  uint32_t max, uint32_t offset, uint32_t len)
{
    const uint64_t v[5] = { gran, min, max, offset, len };

    return address_space(ctx, 4, AML_ADDR_SPACE_IO, min_fixed, max_fixed,
                         dec, (uint8_t)isa, v);
}

Aml *aml_dword_memory(AmlContext *ctx, AmlDecode dec, AmlMinFixed min_fixed,
                      AmlMaxFixed max_fixed, AmlCacheable cache,
                      AmlReadAndWrite rw, uint32_t gran, uint32_t min,
                      uint32_t max, uint32_t offset, uint32_t len)
{
    const uint64_t v[5] = { gran, min, max, offset, len };

    return address_space(ctx, 4, AML_ADDR_SPACE_MEMORY, min_fixed,
                         max_fixed, dec, (uint8_t)((cache << 1) | rw), v);
}

Aml *aml_qword_memory(AmlContext *ctx, AmlDecode dec, AmlMinFixed min_fixed,
                      AmlMaxFixed max_fixed, AmlCacheable cache,
                      AmlReadAndWrite rw, uint64_t gran, uint64_t min,
                      uint64_t max, uint64_t offset, uint64_t len)
{
    const uint64_t v[5] = { gran, min, max, offset, len };

    return address_space(ctx, 8, AML_ADDR_SPACE_MEMORY, min_fixed,
                         max_fixed, dec, (uint8_t)((cache << 1) | rw), v);
}
