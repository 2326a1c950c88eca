/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AML encoder. Opcode values and encodings follow the ACPI
 * specification, chapter 20 (AML grammar) and section 6.4 (resource
 * descriptors).
 */
#include <stdarg.h>
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
#define AML_AND_OP 0x7B
#define AML_OR_OP 0x7D
#define AML_NOTIFY_OP 0x86
#define AML_CREATE_DWORD_FIELD_OP 0x8A
#define AML_LNOT_OP 0x92
#define AML_LEQUAL_OP 0x93
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

struct Aml {
    GByteArray *buf;
    AmlFrame frame;
    uint8_t op;
};

/*
 * Nodes live until the context is freed. They are handed out from chunks
 * of AML_CHUNK_NODES, each chunk one allocation, rather than one by one:
 * a 512-vCPU DSDT has some 3000 of them.
 */
#define AML_CHUNK_NODES 256

typedef struct AmlChunk {
    struct AmlChunk *prev;
    unsigned used;
    Aml node[AML_CHUNK_NODES];
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

        for (unsigned i = 0; i < c->used; i++) {
            g_byte_array_unref(c->node[i].buf);
        }
        ctx->chunk = c->prev;
        g_free(c);
    }
    g_free(ctx);
}

static Aml *aml_node(AmlContext *ctx, AmlFrame frame, uint8_t op)
{
    AmlChunk *c = ctx->chunk;
    Aml *node;

    if (c == NULL || c->used == AML_CHUNK_NODES) {
        c = g_new(AmlChunk, 1);
        c->prev = ctx->chunk;
        c->used = 0;
        ctx->chunk = c;
    }
    node = &c->node[c->used++];
    node->buf = g_byte_array_new();
    node->frame = frame;
    node->op = op;
    return node;
}

/*
 * printf into @buf of @size bytes if it fits, else into a new string
 * (*@heap, for the caller to free); returns the text
 */
static const char *aml_vformat(char *buf, size_t size, char **heap,
                               const char *fmt, va_list ap)
    G_GNUC_PRINTF(4, 0);

static const char *aml_vformat(char *buf, size_t size, char **heap,
                               const char *fmt, va_list ap)
{
    va_list copy;
    int n;

    va_copy(copy, ap);
    n = vsnprintf(buf, size, fmt, copy);
    va_end(copy);
    *heap = NULL;
    if (n >= 0 && (size_t)n < size) {
        return buf;
    }
    *heap = g_strdup_vprintf(fmt, ap);
    return *heap;
}

static void aml_append_raw(Aml *node, const guint8 *data, size_t len)
{
    g_byte_array_append(node->buf, data, len);
}

static void aml_byte(Aml *node, uint8_t b)
{
    g_byte_array_append(node->buf, &b, 1);
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

void aml_append_pkg_length(GByteArray *a, size_t length, bool incl_self)
{
    unsigned n = aml_pkg_length_size(length, incl_self);
    size_t total = length + (incl_self ? n : 0);
    guint8 bytes[4];

    if (n == 1) {
        bytes[0] = (guint8)total;
    } else {
        /* PkgLeadByte: bits 7-6 count of following bytes, 3-0 low nibble */
        bytes[0] = (guint8)(((n - 1) << 6) | (total & 0x0F));
        for (unsigned i = 1; i < n; i++) {
            bytes[i] = (guint8)(total >> (4 + 8 * (i - 1)));
        }
    }
    g_byte_array_append(a, bytes, n);
}

void aml_append_integer(GByteArray *a, uint64_t v)
{
    /*
     * OnesOp is not used for all-ones: QEMU's encoder emits a QWordConst
     * there, and the tables must match byte for byte.
     */
    if (v == 0) {
        acpi_append_u8(a, AML_ZERO_OP);
    } else if (v == 1) {
        acpi_append_u8(a, AML_ONE_OP);
    } else if (v <= UINT8_MAX) {
        acpi_append_u8(a, AML_BYTE_PREFIX);
        acpi_append_u8(a, (uint8_t)v);
    } else if (v <= UINT16_MAX) {
        acpi_append_u8(a, AML_WORD_PREFIX);
        acpi_append_u16(a, (uint16_t)v);
    } else if (v <= UINT32_MAX) {
        acpi_append_u8(a, AML_DWORD_PREFIX);
        acpi_append_u32(a, (uint32_t)v);
    } else {
        acpi_append_u8(a, AML_QWORD_PREFIX);
        acpi_append_u64(a, v);
    }
}

static void append_nameseg(GByteArray *a, const char *seg, size_t len)
{
    g_assert(len >= 1 && len <= 4);
    acpi_append_bytes(a, seg, len);
    for (size_t i = len; i < 4; i++) {
        acpi_append_u8(a, '_');
    }
}

void aml_append_namestring(GByteArray *a, const char *name)
{
    unsigned nsegs = 1;

    while (*name == AML_ROOT_CHAR || *name == AML_PARENT_PREFIX_CHAR) {
        acpi_append_u8(a, (uint8_t)*name++);
    }
    if (*name == '\0') {
        acpi_append_u8(a, 0x00);        /* NullName */
        return;
    }
    for (const char *p = name; *p; p++) {
        nsegs += *p == '.';
    }
    if (nsegs == 2) {
        acpi_append_u8(a, AML_DUAL_NAME_PREFIX);
    } else if (nsegs > 2) {
        g_assert(nsegs <= 255);
        acpi_append_u8(a, AML_MULTI_NAME_PREFIX);
        acpi_append_u8(a, (uint8_t)nsegs);
    }
    for (;;) {
        const char *dot = strchr(name, '.');
        size_t len = dot != NULL ? (size_t)(dot - name) : strlen(name);

        append_nameseg(a, name, len);
        if (dot == NULL) {
            break;
        }
        name = dot + 1;
    }
}

/* ---- serialization ---- */

static void serialize_into(GByteArray *out, const Aml *child)
{
    GByteArray *body = child->buf;
    g_autoptr(GByteArray) tmp = NULL;

    switch (child->frame) {
    case AML_FRAME_RAW:
        break;
    case AML_FRAME_OPCODE:
        acpi_append_u8(out, child->op);
        break;
    case AML_FRAME_PACKAGE:
        acpi_append_u8(out, child->op);
        aml_append_pkg_length(out, body->len, true);
        break;
    case AML_FRAME_EXT_PACKAGE:
        acpi_append_u8(out, AML_EXT_OP_PREFIX);
        acpi_append_u8(out, child->op);
        aml_append_pkg_length(out, body->len, true);
        break;
    case AML_FRAME_RES_TEMPLATE:
    case AML_FRAME_BUFFER:
        /* BufferOp PkgLength BufferSize ByteList */
        tmp = g_byte_array_new();
        aml_append_integer(tmp, body->len +
                           (child->frame == AML_FRAME_RES_TEMPLATE ? 2 : 0));
        g_byte_array_append(tmp, body->data, body->len);
        if (child->frame == AML_FRAME_RES_TEMPLATE) {
            /* 6.4.2.9 End Tag, checksum 0 ("treated as correct") */
            acpi_append_u8(tmp, AML_RES_END_TAG);
            acpi_append_u8(tmp, 0);
        }
        acpi_append_u8(out, AML_BUFFER_OP);
        aml_append_pkg_length(out, tmp->len, true);
        body = tmp;
        break;
    }
    g_byte_array_append(out, body->data, body->len);
}

void aml_append(Aml *parent, const Aml *child)
{
    serialize_into(parent->buf, child);
}

GByteArray *aml_serialize(const Aml *node)
{
    GByteArray *out = g_byte_array_new();

    serialize_into(out, node);
    return out;
}

void aml_append_to(GByteArray *table, const Aml *node)
{
    serialize_into(table, node);
}

/* ---- data objects ---- */

Aml *aml_int(AmlContext *ctx, uint64_t v)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    aml_append_integer(node->buf, v);
    return node;
}

Aml *aml_zero(AmlContext *ctx)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    aml_byte(node, AML_ZERO_OP);
    return node;
}

Aml *aml_one(AmlContext *ctx)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    aml_byte(node, AML_ONE_OP);
    return node;
}

Aml *aml_ones(AmlContext *ctx)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    aml_byte(node, AML_ONES_OP);
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
    aml_append_raw(node, (const guint8 *)s, strlen(s) + 1);
    return node;
}

Aml *aml_unicode(AmlContext *ctx, const char *ascii)
{
    Aml *node = aml_node(ctx, AML_FRAME_BUFFER, 0);

    for (const char *p = ascii; *p; p++) {
        g_assert((unsigned char)*p < 0x80);
        acpi_append_u16(node->buf, (uint16_t)*p);
    }
    acpi_append_u16(node->buf, 0);
    return node;
}

static Aml *aml_name_va(AmlContext *ctx, const char *fmt, va_list ap)
    G_GNUC_PRINTF(2, 0);

static Aml *aml_name_va(AmlContext *ctx, const char *fmt, va_list ap)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);
    g_autofree char *heap = NULL;
    char buf[64];

    aml_append_namestring(node->buf,
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
    aml_byte(node, (uint8_t)(AML_ARG0_OP + n));
    return node;
}

Aml *aml_local(AmlContext *ctx, unsigned n)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    g_assert(n <= 7);
    aml_byte(node, (uint8_t)(AML_LOCAL0_OP + n));
    return node;
}

Aml *aml_buffer(AmlContext *ctx, size_t len, const uint8_t *data)
{
    Aml *node = aml_node(ctx, AML_FRAME_BUFFER, 0);

    if (data != NULL) {
        aml_append_raw(node, data, len);
    } else {
        acpi_append_zeros(node->buf, len);
    }
    return node;
}

Aml *aml_package(AmlContext *ctx, uint8_t num_elements)
{
    Aml *node = aml_node(ctx, AML_FRAME_PACKAGE, AML_PACKAGE_OP);

    aml_byte(node, num_elements);   /* NumElements */
    return node;
}

Aml *aml_varpackage(AmlContext *ctx, uint32_t num_elements)
{
    Aml *node = aml_node(ctx, AML_FRAME_PACKAGE, AML_VAR_PACKAGE_OP);

    aml_append_integer(node->buf, num_elements); /* VarNumElements */
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

    aml_append_namestring(node->buf, name);
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
    aml_append_namestring(node->buf,
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
    aml_append_namestring(node->buf,
                          aml_vformat(buf, sizeof(buf), &heap, fmt, ap));
    va_end(ap);
    return node;
}

Aml *aml_method(AmlContext *ctx, const char *name, unsigned nargs,
                AmlSerializeFlag sflag)
{
    Aml *node = aml_node(ctx, AML_FRAME_PACKAGE, AML_METHOD_OP);

    g_assert(nargs <= 7);
    aml_append_namestring(node->buf, name);
    /* MethodFlags: bits 0-2 ArgCount, bit 3 SerializeFlag, 4-7 SyncLevel */
    aml_byte(node, (uint8_t)(nargs | (sflag << 3)));
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

    aml_byte(node, AML_EXT_OP_PREFIX);
    aml_byte(node, AML_EXT_OPREGION_OP);
    aml_append_namestring(node->buf, name);
    aml_byte(node, (uint8_t)rs);        /* RegionSpace */
    aml_append(node, offset);           /* RegionOffset */
    aml_append_integer(node->buf, len); /* RegionLen */
    return node;
}

Aml *aml_field(AmlContext *ctx, const char *name, AmlAccessType type,
               AmlLockRule lock, AmlUpdateRule rule)
{
    Aml *node = aml_node(ctx, AML_FRAME_EXT_PACKAGE, AML_EXT_FIELD_OP);

    aml_append_namestring(node->buf, name);
    /* FieldFlags: bits 0-3 AccessType, bit 4 LockRule, 5-6 UpdateRule */
    aml_byte(node, (uint8_t)(type | (lock << 4) | (rule << 5)));
    return node;
}

Aml *aml_named_field(AmlContext *ctx, const char *name, unsigned bits)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    g_assert(strlen(name) == 4);
    append_nameseg(node->buf, name, 4);
    aml_append_pkg_length(node->buf, bits, false);
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
        aml_byte(node, 0x00);           /* NullName: no target */
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

Aml *aml_equal(AmlContext *ctx, const Aml *a, const Aml *b)
{
    return aml_op2(ctx, AML_LEQUAL_OP, a, b);
}

Aml *aml_lnot(AmlContext *ctx, const Aml *a)
{
    return aml_op1(ctx, AML_LNOT_OP, a);
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

    aml_append_namestring(node->buf, name);
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
    acpi_append_u8(node->buf, AML_RES_MEMORY32_FIXED); /* Type, Large 0x06 */
    acpi_append_u16(node->buf, 9);                     /* Length */
    acpi_append_u8(node->buf, rw);                     /* Information */
    acpi_append_u32(node->buf, base);                  /* Range base */
    acpi_append_u32(node->buf, len);                   /* Range length */
    return node;
}

Aml *aml_interrupt(AmlContext *ctx, AmlConsumerAndProducer con,
                   AmlLevelAndEdge level, AmlActiveHighAndLow pol,
                   AmlShared shared, const uint32_t *irqs, unsigned n)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    g_assert(n >= 1 && n <= 255);
    /* 6.4.3.6 Extended Interrupt Descriptor */
    acpi_append_u8(node->buf, AML_RES_EXT_INTERRUPT); /* Type, Large 0x09 */
    acpi_append_u16(node->buf, (uint16_t)(2 + 4 * n)); /* Length */
    /* Interrupt Vector Flags */
    acpi_append_u8(node->buf,
                   (uint8_t)(con | (level << 1) | (pol << 2) | (shared << 3)));
    acpi_append_u8(node->buf, (uint8_t)n);       /* Interrupt table length */
    for (unsigned i = 0; i < n; i++) {
        acpi_append_u32(node->buf, irqs[i]);     /* Interrupt Number */
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
    GByteArray *a = node->buf;
    const uint16_t pin_table = 0x17;   /* right after the fixed part */
    uint16_t source = (uint16_t)(pin_table + 2 * n);
    uint16_t vendor = (uint16_t)(source + strlen(resource_source) + 1);

    /* 6.4.3.8.1 GPIO Connection Descriptor */
    acpi_append_u8(a, AML_RES_GPIO);            /* Type, Large 0x0C */
    acpi_append_u16(a, (uint16_t)(vendor - 3)); /* Length */
    acpi_append_u8(a, 1);                       /* Revision ID */
    acpi_append_u8(a, 0);                       /* Connection Type: Int */
    acpi_append_u16(a, con);                    /* General Flags */
    /* Interrupt and I/O Flags */
    acpi_append_u16(a, (uint16_t)(edge | (pol << 1) | (shared << 3)));
    acpi_append_u8(a, pin_config);              /* Pin Configuration */
    acpi_append_u16(a, 0);                      /* Output Drive Strength */
    acpi_append_u16(a, debounce);               /* Debounce Timeout */
    acpi_append_u16(a, pin_table);              /* Pin Table Offset */
    acpi_append_u8(a, 0);                       /* Resource Source Index */
    acpi_append_u16(a, source);                 /* Resource Source Name */
    acpi_append_u16(a, vendor);                 /* Vendor Data Offset */
    acpi_append_u16(a, 0);                      /* Vendor Data Length */
    for (unsigned i = 0; i < n; i++) {
        acpi_append_u16(a, pins[i]);            /* Pin Number */
    }
    acpi_append_bytes(a, resource_source, strlen(resource_source) + 1);
    return node;
}

/* 6.4.3.5 Address Space Descriptors: the part common to all widths */
static void address_space_head(GByteArray *a, uint8_t tag, uint16_t len,
                               uint8_t type, AmlMinFixed min_fixed,
                               AmlMaxFixed max_fixed, AmlDecode dec,
                               uint8_t type_flags)
{
    acpi_append_u8(a, tag);                     /* Type, Large */
    acpi_append_u16(a, len);                    /* Length */
    acpi_append_u8(a, type);                    /* Resource Type */
    /* General Flags: bit 1 _DEC, bit 2 _MIF, bit 3 _MAF (producer) */
    acpi_append_u8(a, (uint8_t)((dec << 1) | (min_fixed << 2) |
                                (max_fixed << 3)));
    acpi_append_u8(a, type_flags);              /* Type Specific Flags */
}

Aml *aml_word_bus_number(AmlContext *ctx, AmlMinFixed min_fixed,
                         AmlMaxFixed max_fixed, AmlDecode dec,
                         uint16_t gran, uint16_t min, uint16_t max,
                         uint16_t offset, uint16_t len)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    /* 6.4.3.5.3 Word Address Space Descriptor */
    address_space_head(node->buf, AML_RES_WORD_ADDRESS, 13,
                       AML_ADDR_SPACE_BUS, min_fixed, max_fixed, dec, 0);
    acpi_append_u16(node->buf, gran);           /* _GRA */
    acpi_append_u16(node->buf, min);            /* _MIN */
    acpi_append_u16(node->buf, max);            /* _MAX */
    acpi_append_u16(node->buf, offset);         /* _TRA */
    acpi_append_u16(node->buf, len);            /* _LEN */
    return node;
}

Aml *aml_dword_io(AmlContext *ctx, AmlMinFixed min_fixed,
                  AmlMaxFixed max_fixed, AmlDecode dec,
                  AmlIsaRanges isa, uint32_t gran, uint32_t min,
                  uint32_t max, uint32_t offset, uint32_t len)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    /* 6.4.3.5.2 DWord Address Space Descriptor, I/O */
    address_space_head(node->buf, AML_RES_DWORD_ADDRESS, 23,
                       AML_ADDR_SPACE_IO, min_fixed, max_fixed, dec,
                       (uint8_t)isa);
    acpi_append_u32(node->buf, gran);           /* _GRA */
    acpi_append_u32(node->buf, min);            /* _MIN */
    acpi_append_u32(node->buf, max);            /* _MAX */
    acpi_append_u32(node->buf, offset);         /* _TRA */
    acpi_append_u32(node->buf, len);            /* _LEN */
    return node;
}

Aml *aml_dword_memory(AmlContext *ctx, AmlDecode dec, AmlMinFixed min_fixed,
                      AmlMaxFixed max_fixed, AmlCacheable cache,
                      AmlReadAndWrite rw, uint32_t gran, uint32_t min,
                      uint32_t max, uint32_t offset, uint32_t len)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    /* 6.4.3.5.2 DWord Address Space Descriptor, memory */
    address_space_head(node->buf, AML_RES_DWORD_ADDRESS, 23,
                       AML_ADDR_SPACE_MEMORY, min_fixed, max_fixed, dec,
                       (uint8_t)((cache << 1) | rw));
    acpi_append_u32(node->buf, gran);           /* _GRA */
    acpi_append_u32(node->buf, min);            /* _MIN */
    acpi_append_u32(node->buf, max);            /* _MAX */
    acpi_append_u32(node->buf, offset);         /* _TRA */
    acpi_append_u32(node->buf, len);            /* _LEN */
    return node;
}

Aml *aml_qword_memory(AmlContext *ctx, AmlDecode dec, AmlMinFixed min_fixed,
                      AmlMaxFixed max_fixed, AmlCacheable cache,
                      AmlReadAndWrite rw, uint64_t gran, uint64_t min,
                      uint64_t max, uint64_t offset, uint64_t len)
{
    Aml *node = aml_node(ctx, AML_FRAME_RAW, 0);

    /* 6.4.3.5.1 QWord Address Space Descriptor, memory */
    address_space_head(node->buf, AML_RES_QWORD_ADDRESS, 43,
                       AML_ADDR_SPACE_MEMORY, min_fixed, max_fixed, dec,
                       (uint8_t)((cache << 1) | rw));
    acpi_append_u64(node->buf, gran);           /* _GRA */
    acpi_append_u64(node->buf, min);            /* _MIN */
    acpi_append_u64(node->buf, max);            /* _MAX */
    acpi_append_u64(node->buf, offset);         /* _TRA */
    acpi_append_u64(node->buf, len);            /* _LEN */
    return node;
}
