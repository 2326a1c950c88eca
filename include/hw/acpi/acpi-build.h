/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ACPI byte builder: tables as little-endian byte strings, with the
 * pointers and checksums a firmware must fix up recorded as data.
 *
 * A builder holds one or more named files (QEMU's fw_cfg files, e.g.
 * "etc/acpi/tables" and "etc/acpi/rsdp") and an ordered list of fixups:
 *
 *   ALLOCATE  place a file in guest memory (all of them come first)
 *   POINTER   a field of one file holds an offset into another file;
 *             linking adds that file's load address
 *   CHECKSUM  a byte that makes a byte range sum to zero
 *
 * Nothing is patched while building: pointer fields hold offsets and
 * checksum bytes hold 0, which is exactly the pre-link form QEMU puts in
 * fw_cfg. acpi_builder_loader() serializes the fixups as QEMU's
 * "etc/table-loader" command stream, and acpi_link() applies such a
 * stream at a base address in one step, producing linked tables.
 *
 * No board knowledge lives here.
 */
#ifndef HW_ACPI_ACPI_BUILD_H
#define HW_ACPI_ACPI_BUILD_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "hw/acpi/acpi-linked.h"

G_BEGIN_DECLS

/* Size of the standard System Description Table header */
#define ACPI_TABLE_HEADER_SIZE 36
/* Offsets of header fields */
#define ACPI_TABLE_LENGTH_OFFSET 4
#define ACPI_TABLE_CHECKSUM_OFFSET 9

/* etc/table-loader: fixed-size commands, file names of FW_CFG_MAX_FILE_PATH */
#define ACPI_LOADER_ENTRY_SIZE 128
#define ACPI_LOADER_FILESZ 56

typedef enum AcpiFixupKind {
    ACPI_FIXUP_ALLOCATE = 1,
    ACPI_FIXUP_POINTER = 2,
    ACPI_FIXUP_CHECKSUM = 3,
} AcpiFixupKind;

/* Where an ALLOCATE puts a file (the loader's "zone") */
typedef enum AcpiZone {
    ACPI_ZONE_HIGH = 1,         /* anywhere */
    ACPI_ZONE_FSEG = 2,         /* the legacy F segment (RSDP) */
} AcpiZone;

/* One loader command. Files are named by index into a file list. */
typedef struct AcpiFixup {
    AcpiFixupKind kind;
    unsigned file;              /* ALLOCATE/CHECKSUM file, POINTER dest */
    unsigned src_file;          /* POINTER: the file pointed into */
    uint32_t offset;            /* POINTER field / CHECKSUM byte offset */
    uint32_t start;             /* CHECKSUM range */
    uint32_t length;
    uint8_t size;               /* POINTER width: 1, 2, 4 or 8 */
    uint32_t align;             /* ALLOCATE */
    AcpiZone zone;              /* ALLOCATE */
} AcpiFixup;

typedef struct AcpiFile {
    char *name;
    GByteArray *data;
} AcpiFile;

typedef struct AcpiBuilder {
    GPtrArray *files;           /* AcpiFile *, indexed by file number */
    GArray *fixups;             /* AcpiFixup, in loader order */
} AcpiBuilder;

/* The header of a table being built, from acpi_table_begin() to _end() */
typedef struct AcpiTable {
    const char *sig;            /* 4 characters */
    uint8_t rev;
    const char *oem_id;         /* up to 6 characters, NUL padded */
    const char *oem_table_id;   /* up to 8 characters, NUL padded */
    unsigned file;              /* set by acpi_table_begin() */
    uint32_t start;             /* offset of the header in its file */
} AcpiTable;

AcpiBuilder *acpi_builder_new(void);
void acpi_builder_free(AcpiBuilder *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AcpiBuilder, acpi_builder_free)

/*
 * Add a file and record its ALLOCATE. As in QEMU's loader, a later
 * allocation is placed before the earlier ones in the command stream.
 * Returns the file number.
 */
unsigned acpi_builder_add_file(AcpiBuilder *b, const char *name,
                               uint32_t align, AcpiZone zone);
GByteArray *acpi_builder_data(AcpiBuilder *b, unsigned file);
/* Hand over a file's bytes without copying them; the file is left empty */
GBytes *acpi_builder_steal_bytes(AcpiBuilder *b, unsigned file);
int acpi_builder_find_file(const AcpiBuilder *b, const char *name);

/* ---- little-endian appends ----
 *
 * Each append grows the array once (no call per byte and no memcpy of a
 * temporary) and stores the field in place. They are inline: the table
 * builders make one call per field, some 15000 for 512 vCPUs.
 */

/* Little-endian stores of a field at @p */
static inline void acpi_store_u16(guint8 *p, uint16_t v)
{
    p[0] = (guint8)v;
    p[1] = (guint8)(v >> 8);
}

static inline void acpi_store_u32(guint8 *p, uint32_t v)
{
    p[0] = (guint8)v;
    p[1] = (guint8)(v >> 8);
    p[2] = (guint8)(v >> 16);
    p[3] = (guint8)(v >> 24);
}

static inline void acpi_store_u64(guint8 *p, uint64_t v)
{
    acpi_store_u32(p, (uint32_t)v);
    acpi_store_u32(p + 4, (uint32_t)(v >> 32));
}

/* Grow @a by @len bytes, left uninitialized; returns where they start */
static inline guint8 *acpi_append_space(GByteArray *a, size_t len)
{
    guint old = a->len;

    g_assert(len <= G_MAXUINT - old);
    g_byte_array_set_size(a, old + (guint)len);
    return a->data + old;
}

static inline void acpi_append_u8(GByteArray *a, uint8_t v)
{
    *acpi_append_space(a, 1) = v;
}

static inline void acpi_append_u16(GByteArray *a, uint16_t v)
{
    acpi_store_u16(acpi_append_space(a, 2), v);
}

static inline void acpi_append_u32(GByteArray *a, uint32_t v)
{
    acpi_store_u32(acpi_append_space(a, 4), v);
}

static inline void acpi_append_u64(GByteArray *a, uint64_t v)
{
    acpi_store_u64(acpi_append_space(a, 8), v);
}

/* The low @size bytes of @v, little-endian (size 1..8) */
void acpi_append_int(GByteArray *a, uint64_t v, unsigned size);
void acpi_append_bytes(GByteArray *a, const void *data, size_t len);
void acpi_append_zeros(GByteArray *a, size_t len);
/* @s truncated or padded with @pad to exactly @len bytes */
void acpi_append_padded_str(GByteArray *a, const char *s, size_t len,
                            char pad);
/* Overwrite @size bytes at @offset with @v, little-endian */
void acpi_patch_int(GByteArray *a, uint32_t offset, uint64_t v,
                    unsigned size);
uint64_t acpi_read_int(const guint8 *p, unsigned size);

/* ---- tables and sub-structures ---- */

/*
 * Start a table at the end of @file: the 36-byte header with Length and
 * Checksum 0 (Creator ID "BXPC", revision 1; OEM revision 1).
 */
void acpi_table_begin(AcpiBuilder *b, unsigned file, AcpiTable *t);
/* Patch Length and record the CHECKSUM fixup over the whole table */
void acpi_table_end(AcpiBuilder *b, AcpiTable *t);

/*
 * Start a sub-structure: Type (1 byte) and a Length of @len_size bytes
 * (1 or 2) left 0. Returns the start offset for acpi_struct_end(), which
 * patches Length with the structure's real size.
 */
uint32_t acpi_struct_begin(GByteArray *a, uint8_t type, unsigned len_size);
void acpi_struct_end(GByteArray *a, uint32_t start, unsigned len_size);

/*
 * Record that @size bytes at @offset of @file hold @target, an offset
 * into @src_file; the field is written now, as the pre-link value.
 */
void acpi_add_pointer(AcpiBuilder *b, unsigned file, uint32_t offset,
                      uint8_t size, unsigned src_file, uint32_t target);
/* Record a checksum at @offset over [@start, @start + @length) */
void acpi_add_checksum(AcpiBuilder *b, unsigned file, uint32_t offset,
                       uint32_t start, uint32_t length);

/* ---- the loader and the link step ---- */

/* Serialize the fixups as an "etc/table-loader" command stream */
GByteArray *acpi_builder_loader(const AcpiBuilder *b);

/*
 * Parse a table-loader command stream into fixups, naming files by
 * index into @names (a GPtrArray of char *, extended as new names
 * appear). Unknown commands are an error.
 */
bool acpi_loader_parse(const guint8 *loader, size_t len, GPtrArray *names,
                       GArray *fixups, GError **errp);

/*
 * Link: apply @fixups, in order, to copies of @data (GByteArray * per
 * file, indexed like the fixups). ALLOCATE places files one after the
 * other from @base, each aligned as asked; @addr receives each file's
 * address (one uint64_t per file). Returns the patched copies.
 */
GPtrArray *acpi_link(GPtrArray *data, const GArray *fixups, uint64_t base,
                     GArray *addr, GError **errp);

/* Sum of @len bytes modulo 256 (0 for a valid ACPI table) */
uint8_t acpi_checksum(const guint8 *p, size_t len);

/*
 * Walk linked tables the way an OS does: RSDP -> XSDT -> each entry, and
 * FADT -> DSDT. @rsdp is the linked RSDP; @tables is the linked table
 * file loaded at @tables_addr. Returns AcpiLinkedTable * in the order
 * RSDP, XSDT, then XSDT entries, with DSDT after the FADT.
 */
GPtrArray *acpi_split_tables(GBytes *rsdp, GBytes *tables,
                             uint64_t tables_addr, GError **errp);

G_END_DECLS

#endif /* HW_ACPI_ACPI_BUILD_H */
