/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AML encoder (ACPI 6.x chapter 20, "ACPI Machine Language
 * Specification").
 *
 * An Aml node is a byte string plus how it is framed when appended to a
 * parent: raw, after an opcode, or as a package with a PkgLength
 * (Scope, Device, Method, If, Else, Package, Buffer...). Build a tree
 * the way ASL reads, appending each child to its parent:
 *
 *   Aml *dev = aml_device(ctx, "COM%d", 0);
 *   aml_append(dev, aml_name_decl(ctx, "_HID", aml_string(ctx, "ARMH0011")));
 *   aml_append(scope, dev);
 *
 * aml_append() does not copy the child: it links it, and the whole tree
 * is written once by aml_append_to() or aml_serialize(). A node is
 * sealed when it is appended or serialized; appending to a sealed node
 * is a programming error (an assertion), so a tree means exactly what
 * copying each child at aml_append() time would. A sealed node may be
 * appended to several parents.
 *
 * Every node belongs to an AmlContext and lives until the context is
 * freed; nodes are never freed one by one.
 */
#ifndef HW_ACPI_AML_H
#define HW_ACPI_AML_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct AmlContext AmlContext;
typedef struct Aml Aml;

AmlContext *aml_context_new(void);
void aml_context_free(AmlContext *ctx);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AmlContext, aml_context_free)

/* Append @child (sealing it) to @parent's content */
void aml_append(Aml *parent, const Aml *child);
/* The node's bytes as they would be appended to a parent */
GByteArray *aml_serialize(const Aml *node);
/* Append a node's serialized bytes to a table */
void aml_append_to(GByteArray *table, const Aml *node);

/* ---- low-level encodings ---- */

/*
 * 20.2.4 PkgLength: the encoded length counts the PkgLength bytes
 * themselves when @incl_self (package lengths), not for field widths.
 * One byte up to 63, then 2, 3 or 4 bytes (12, 20, 28 bits).
 */
void aml_append_pkg_length(GByteArray *a, size_t length, bool incl_self);
/* Bytes aml_append_pkg_length() would write for a payload of @length */
unsigned aml_pkg_length_size(size_t length, bool incl_self);
/* 20.2.3 ComputationalData integer: Zero, One, or the smallest prefix */
void aml_append_integer(GByteArray *a, uint64_t v);
/* 20.2.2 NameString: "\\_SB.PCI0", "^FOO", "PWRB" (segments '_' padded) */
void aml_append_namestring(GByteArray *a, const char *name);

/* ---- data objects ---- */
Aml *aml_int(AmlContext *ctx, uint64_t v);  /* never OnesOp: see aml.c */
Aml *aml_zero(AmlContext *ctx);
Aml *aml_one(AmlContext *ctx);
Aml *aml_ones(AmlContext *ctx);
Aml *aml_string(AmlContext *ctx, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* ASL Unicode("..."): a buffer of UTF-16LE characters and a NUL */
Aml *aml_unicode(AmlContext *ctx, const char *ascii);
Aml *aml_name(AmlContext *ctx, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
Aml *aml_arg(AmlContext *ctx, unsigned n);
Aml *aml_local(AmlContext *ctx, unsigned n);
Aml *aml_buffer(AmlContext *ctx, size_t len, const uint8_t *data);
Aml *aml_package(AmlContext *ctx, uint8_t num_elements);
/* VarPackage: the element count is a TermArg (an integer here) */
Aml *aml_varpackage(AmlContext *ctx, uint32_t num_elements);
/* ToUUID("aabbccdd-eeff-gghh-iijj-kkllmmnnoopp") as a 16-byte buffer */
Aml *aml_touuid(AmlContext *ctx, const char *uuid);

/* ---- named objects and blocks ---- */
Aml *aml_name_decl(AmlContext *ctx, const char *name, const Aml *val);
Aml *aml_scope(AmlContext *ctx, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
Aml *aml_device(AmlContext *ctx, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

typedef enum AmlSerializeFlag {
    AML_NOTSERIALIZED = 0,
    AML_SERIALIZED = 1,
} AmlSerializeFlag;

Aml *aml_method(AmlContext *ctx, const char *name, unsigned nargs,
                AmlSerializeFlag sflag);
Aml *aml_if(AmlContext *ctx, const Aml *predicate);
Aml *aml_else(AmlContext *ctx);

typedef enum AmlRegionSpace {
    AML_SYSTEM_MEMORY = 0x00,
    AML_SYSTEM_IO = 0x01,
} AmlRegionSpace;

Aml *aml_operation_region(AmlContext *ctx, const char *name,
                          AmlRegionSpace rs, const Aml *offset,
                          uint32_t len);

typedef enum AmlAccessType {
    AML_ANY_ACC = 0,
    AML_BYTE_ACC = 1,
    AML_WORD_ACC = 2,
    AML_DWORD_ACC = 3,
    AML_QWORD_ACC = 4,
    AML_BUFFER_ACC = 5,
} AmlAccessType;

typedef enum AmlLockRule {
    AML_NOLOCK = 0,
    AML_LOCK = 1,
} AmlLockRule;

typedef enum AmlUpdateRule {
    AML_PRESERVE = 0,
    AML_WRITE_AS_ONES = 1,
    AML_WRITE_AS_ZEROS = 2,
} AmlUpdateRule;

Aml *aml_field(AmlContext *ctx, const char *name, AmlAccessType type,
               AmlLockRule lock, AmlUpdateRule rule);
Aml *aml_named_field(AmlContext *ctx, const char *name, unsigned bits);

/* ---- statements and expressions ---- */
Aml *aml_return(AmlContext *ctx, const Aml *val);
Aml *aml_notify(AmlContext *ctx, const Aml *obj, const Aml *event);
Aml *aml_store(AmlContext *ctx, const Aml *val, const Aml *target);
Aml *aml_equal(AmlContext *ctx, const Aml *a, const Aml *b);
Aml *aml_lnot(AmlContext *ctx, const Aml *a);
Aml *aml_lless(AmlContext *ctx, const Aml *a, const Aml *b);
/* Index(obj, index) with no target: "obj[index]" as a reference */
Aml *aml_index(AmlContext *ctx, const Aml *obj, const Aml *index);
Aml *aml_derefof(AmlContext *ctx, const Aml *ref);
/* Target NULL: NullName (no store) */
Aml *aml_and(AmlContext *ctx, const Aml *a, const Aml *b, const Aml *target);
Aml *aml_or(AmlContext *ctx, const Aml *a, const Aml *b, const Aml *target);
Aml *aml_create_dword_field(AmlContext *ctx, const Aml *srcbuf,
                            const Aml *index, const char *name);
/* Target NULL: NullName (no store) */
Aml *aml_add(AmlContext *ctx, const Aml *a, const Aml *b, const Aml *target);
Aml *aml_subtract(AmlContext *ctx, const Aml *a, const Aml *b,
                  const Aml *target);
Aml *aml_to_integer(AmlContext *ctx, const Aml *a);
Aml *aml_while(AmlContext *ctx, const Aml *predicate);
Aml *aml_mutex(AmlContext *ctx, const char *name, uint8_t sync_level);
Aml *aml_acquire(AmlContext *ctx, const Aml *mutex, uint16_t timeout);
Aml *aml_release(AmlContext *ctx, const Aml *mutex);
/* METHOD(args[0], ...): a method invocation */
Aml *aml_call(AmlContext *ctx, const char *method, const Aml *const *args,
              unsigned n);
/* Offset()/a gap in a Field: @bits unnamed bits */
Aml *aml_reserved_field(AmlContext *ctx, unsigned bits);

/* ---- resource templates (6.4 Resource Data Types) ---- */
Aml *aml_resource_template(AmlContext *ctx);

typedef enum AmlReadAndWrite {
    AML_READ_ONLY = 0,
    AML_READ_WRITE = 1,
} AmlReadAndWrite;

typedef enum AmlConsumerAndProducer {
    AML_CONSUMER_PRODUCER = 0,
    AML_CONSUMER = 1,
} AmlConsumerAndProducer;

typedef enum AmlLevelAndEdge {
    AML_LEVEL = 0,
    AML_EDGE = 1,
} AmlLevelAndEdge;

typedef enum AmlActiveHighAndLow {
    AML_ACTIVE_HIGH = 0,
    AML_ACTIVE_LOW = 1,
} AmlActiveHighAndLow;

typedef enum AmlShared {
    AML_EXCLUSIVE = 0,
    AML_SHARED = 1,
    AML_EXCLUSIVE_AND_WAKE = 2,
    AML_SHARED_AND_WAKE = 3,
} AmlShared;

typedef enum AmlPinConfig {
    AML_PULL_DEFAULT = 0,
    AML_PULL_UP = 1,
    AML_PULL_DOWN = 2,
    AML_PULL_NONE = 3,
} AmlPinConfig;

typedef enum AmlDecode {
    AML_POS_DECODE = 0,
    AML_SUB_DECODE = 1,
} AmlDecode;

typedef enum AmlMinFixed {
    AML_MIN_NOT_FIXED = 0,
    AML_MIN_FIXED = 1,
} AmlMinFixed;

typedef enum AmlMaxFixed {
    AML_MAX_NOT_FIXED = 0,
    AML_MAX_FIXED = 1,
} AmlMaxFixed;

typedef enum AmlCacheable {
    AML_NON_CACHEABLE = 0,
    AML_CACHEABLE = 1,
    AML_WRITE_COMBINING = 2,
    AML_PREFETCHABLE = 3,
} AmlCacheable;

typedef enum AmlIsaRanges {
    AML_ISA_ONLY = 1,
    AML_NON_ISA_ONLY = 2,
    AML_ENTIRE_RANGE = 3,
} AmlIsaRanges;

Aml *aml_memory32_fixed(AmlContext *ctx, uint32_t base, uint32_t len,
                        AmlReadAndWrite rw);
/* Extended Interrupt Descriptor with @n GSIVs */
Aml *aml_interrupt(AmlContext *ctx, AmlConsumerAndProducer con,
                   AmlLevelAndEdge level, AmlActiveHighAndLow pol,
                   AmlShared shared, const uint32_t *irqs, unsigned n);
Aml *aml_gpio_int(AmlContext *ctx, AmlConsumerAndProducer con,
                  AmlLevelAndEdge edge, AmlActiveHighAndLow pol,
                  AmlShared shared, AmlPinConfig pin_config,
                  uint16_t debounce, const uint16_t *pins, unsigned n,
                  const char *resource_source);
Aml *aml_word_bus_number(AmlContext *ctx, AmlMinFixed min_fixed,
                         AmlMaxFixed max_fixed, AmlDecode dec,
                         uint16_t gran, uint16_t min, uint16_t max,
                         uint16_t offset, uint16_t len);
Aml *aml_dword_io(AmlContext *ctx, AmlMinFixed min_fixed,
                  AmlMaxFixed max_fixed, AmlDecode dec,
                  AmlIsaRanges isa, uint32_t gran, uint32_t min,
                  uint32_t max, uint32_t offset, uint32_t len);
Aml *aml_dword_memory(AmlContext *ctx, AmlDecode dec, AmlMinFixed min_fixed,
                      AmlMaxFixed max_fixed, AmlCacheable cache,
                      AmlReadAndWrite rw, uint32_t gran, uint32_t min,
                      uint32_t max, uint32_t offset, uint32_t len);
Aml *aml_qword_memory(AmlContext *ctx, AmlDecode dec, AmlMinFixed min_fixed,
                      AmlMaxFixed max_fixed, AmlCacheable cache,
                      AmlReadAndWrite rw, uint64_t gran, uint64_t min,
                      uint64_t max, uint64_t offset, uint64_t len);

G_END_DECLS

#endif /* HW_ACPI_AML_H */
