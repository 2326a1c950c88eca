/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ACPI byte builder and table-loader link step. See
 * include/hw/acpi/acpi-build.h for the model.
 */
#include <string.h>

#include "hw/acpi/acpi-build.h"
#include "virt/error.h"

/* Loader command body layout (after the 4-byte command word) */
#define LOADER_ALLOC_ALIGN_OFF (4 + ACPI_LOADER_FILESZ)
#define LOADER_ALLOC_ZONE_OFF (LOADER_ALLOC_ALIGN_OFF + 4)
#define LOADER_PTR_SRC_OFF (4 + ACPI_LOADER_FILESZ)
#define LOADER_PTR_OFFSET_OFF (LOADER_PTR_SRC_OFF + ACPI_LOADER_FILESZ)
#define LOADER_PTR_SIZE_OFF (LOADER_PTR_OFFSET_OFF + 4)
#define LOADER_CKSUM_OFFSET_OFF (4 + ACPI_LOADER_FILESZ)
#define LOADER_CKSUM_START_OFF (LOADER_CKSUM_OFFSET_OFF + 4)
#define LOADER_CKSUM_LENGTH_OFF (LOADER_CKSUM_START_OFF + 4)

static void acpi_file_free(gpointer p)
{
    AcpiFile *f = p;

    g_free(f->name);
    g_byte_array_unref(f->data);
    g_free(f);
}

AcpiBuilder *acpi_builder_new(void)
{
    AcpiBuilder *b = g_new0(AcpiBuilder, 1);

    b->files = g_ptr_array_new_with_free_func(acpi_file_free);
    b->fixups = g_array_new(FALSE, TRUE, sizeof(AcpiFixup));
    return b;
}

void acpi_builder_free(AcpiBuilder *b)
{
    if (b == NULL) {
        return;
    }
    g_ptr_array_unref(b->files);
    g_array_unref(b->fixups);
    g_free(b);
}

unsigned acpi_builder_add_file(AcpiBuilder *b, const char *name,
                               uint32_t align, AcpiZone zone)
{
    AcpiFile *f = g_new0(AcpiFile, 1);
    AcpiFixup alloc = {
        .kind = ACPI_FIXUP_ALLOCATE,
        .file = b->files->len,
        .align = align,
        .zone = zone,
    };

    g_assert(strlen(name) < ACPI_LOADER_FILESZ);
    g_assert(acpi_builder_find_file(b, name) < 0);
    f->name = g_strdup(name);
    f->data = g_byte_array_new();
    g_ptr_array_add(b->files, f);
    g_array_prepend_val(b->fixups, alloc);
    return alloc.file;
}

GBytes *acpi_builder_steal_bytes(AcpiBuilder *b, unsigned file)
{
    AcpiFile *f;
    GByteArray *data;

    g_assert(file < b->files->len);
    f = g_ptr_array_index(b->files, file);
    data = f->data;
    f->data = g_byte_array_new();
    return g_byte_array_free_to_bytes(data);
}

GByteArray *acpi_builder_data(AcpiBuilder *b, unsigned file)
{
    g_assert(file < b->files->len);
    return ((AcpiFile *)g_ptr_array_index(b->files, file))->data;
}

int acpi_builder_find_file(const AcpiBuilder *b, const char *name)
{
    for (unsigned i = 0; i < b->files->len; i++) {
        const AcpiFile *f = g_ptr_array_index(b->files, i);

        if (strcmp(f->name, name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* ---- little-endian appends ---- */

void acpi_append_int(GByteArray *a, uint64_t v, unsigned size)
{
    guint8 *p;

    g_assert(size >= 1 && size <= 8);
    p = acpi_append_space(a, size);
    for (unsigned i = 0; i < size; i++) {
        p[i] = (guint8)(v >> (8 * i));
    }
}

void acpi_append_bytes(GByteArray *a, const void *data, size_t len)
{
    memcpy(acpi_append_space(a, len), data, len);
}

void acpi_append_zeros(GByteArray *a, size_t len)
{
    memset(acpi_append_space(a, len), 0, len);
}

void acpi_append_padded_str(GByteArray *a, const char *s, size_t len,
                            char pad)
{
    size_t n = s != NULL ? strnlen(s, len) : 0;
    guint8 *p = acpi_append_space(a, len);

    if (n > 0) {
        memcpy(p, s, n);
    }
    memset(p + n, pad, len - n);
}

void acpi_patch_int(GByteArray *a, uint32_t offset, uint64_t v,
                    unsigned size)
{
    g_assert(size >= 1 && size <= 8);
    g_assert((uint64_t)offset + size <= a->len);
    for (unsigned i = 0; i < size; i++) {
        a->data[offset + i] = (guint8)(v >> (8 * i));
    }
}

uint64_t acpi_read_int(const guint8 *p, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

/* ---- tables and sub-structures ---- */

void acpi_table_begin(AcpiBuilder *b, unsigned file, AcpiTable *t)
{
    GByteArray *a = acpi_builder_data(b, file);

    g_assert(strlen(t->sig) == 4);
    t->file = file;
    t->start = a->len;
    /* 5.2.6 System Description Table Header */
    acpi_append_bytes(a, t->sig, 4);                  /* Signature */
    acpi_append_u32(a, 0);                            /* Length */
    acpi_append_u8(a, t->rev);                        /* Revision */
    acpi_append_u8(a, 0);                             /* Checksum */
    /* Short ids are NUL padded (the defaults carry their own spaces) */
    acpi_append_padded_str(a, t->oem_id, 6, '\0');    /* OEMID */
    acpi_append_padded_str(a, t->oem_table_id, 8, '\0'); /* OEM Table ID */
    acpi_append_u32(a, 1);                            /* OEM Revision */
    acpi_append_bytes(a, "BXPC", 4);                  /* Creator ID */
    acpi_append_u32(a, 1);                            /* Creator Revision */
}

void acpi_table_end(AcpiBuilder *b, AcpiTable *t)
{
    GByteArray *a = acpi_builder_data(b, t->file);
    uint32_t len = a->len - t->start;

    acpi_patch_int(a, t->start + ACPI_TABLE_LENGTH_OFFSET, len, 4);
    acpi_add_checksum(b, t->file, t->start + ACPI_TABLE_CHECKSUM_OFFSET,
                      t->start, len);
}

uint32_t acpi_struct_begin(GByteArray *a, uint8_t type, unsigned len_size)
{
    uint32_t start = a->len;

    g_assert(len_size == 1 || len_size == 2);
    acpi_append_u8(a, type);                          /* Type */
    acpi_append_int(a, 0, len_size);                  /* Length */
    return start;
}

void acpi_struct_end(GByteArray *a, uint32_t start, unsigned len_size)
{
    uint32_t len = a->len - start;

    g_assert(len < (1u << (8 * len_size)));
    acpi_patch_int(a, start + 1, len, len_size);
}

void acpi_add_pointer(AcpiBuilder *b, unsigned file, uint32_t offset,
                      uint8_t size, unsigned src_file, uint32_t target)
{
    AcpiFixup f = {
        .kind = ACPI_FIXUP_POINTER,
        .file = file,
        .src_file = src_file,
        .offset = offset,
        .size = size,
    };

    g_assert(size == 1 || size == 2 || size == 4 || size == 8);
    g_assert(src_file < b->files->len);
    acpi_patch_int(acpi_builder_data(b, file), offset, target, size);
    g_array_append_val(b->fixups, f);
}

void acpi_add_checksum(AcpiBuilder *b, unsigned file, uint32_t offset,
                       uint32_t start, uint32_t length)
{
    GByteArray *a = acpi_builder_data(b, file);
    AcpiFixup f = {
        .kind = ACPI_FIXUP_CHECKSUM,
        .file = file,
        .offset = offset,
        .start = start,
        .length = length,
    };

    g_assert((uint64_t)start + length <= a->len);
    g_assert(offset >= start && offset < start + length);
    a->data[offset] = 0;
    g_array_append_val(b->fixups, f);
}

/* ---- the loader ---- */

static void loader_put_name(guint8 *cmd, unsigned at, const char *name)
{
    strncpy((char *)cmd + at, name, ACPI_LOADER_FILESZ - 1);
}

GByteArray *acpi_builder_loader(const AcpiBuilder *b)
{
    GByteArray *out = g_byte_array_new();

    for (unsigned i = 0; i < b->fixups->len; i++) {
        const AcpiFixup *f = &g_array_index(b->fixups, AcpiFixup, i);
        const AcpiFile *file = g_ptr_array_index(b->files, f->file);
        guint8 cmd[ACPI_LOADER_ENTRY_SIZE] = { 0 };
        GByteArray view = { .data = cmd, .len = sizeof(cmd) };

        acpi_patch_int(&view, 0, f->kind, 4);
        loader_put_name(cmd, 4, file->name);
        switch (f->kind) {
        case ACPI_FIXUP_ALLOCATE:
            acpi_patch_int(&view, LOADER_ALLOC_ALIGN_OFF, f->align, 4);
            acpi_patch_int(&view, LOADER_ALLOC_ZONE_OFF, f->zone, 1);
            break;
        case ACPI_FIXUP_POINTER:
            loader_put_name(cmd, LOADER_PTR_SRC_OFF,
                            ((AcpiFile *)g_ptr_array_index(
                                 b->files, f->src_file))->name);
            acpi_patch_int(&view, LOADER_PTR_OFFSET_OFF, f->offset, 4);
            acpi_patch_int(&view, LOADER_PTR_SIZE_OFF, f->size, 1);
            break;
        case ACPI_FIXUP_CHECKSUM:
            acpi_patch_int(&view, LOADER_CKSUM_OFFSET_OFF, f->offset, 4);
            acpi_patch_int(&view, LOADER_CKSUM_START_OFF, f->start, 4);
            acpi_patch_int(&view, LOADER_CKSUM_LENGTH_OFF, f->length, 4);
            break;
        }
        g_byte_array_append(out, cmd, sizeof(cmd));
    }
    return out;
}

static unsigned loader_name_index(GPtrArray *names, const guint8 *field)
{
    char name[ACPI_LOADER_FILESZ + 1] = { 0 };

    memcpy(name, field, ACPI_LOADER_FILESZ);
    for (unsigned i = 0; i < names->len; i++) {
        if (strcmp(g_ptr_array_index(names, i), name) == 0) {
            return i;
        }
    }
    g_ptr_array_add(names, g_strdup(name));
    return names->len - 1;
}

bool acpi_loader_parse(const guint8 *loader, size_t len, GPtrArray *names,
                       GArray *fixups, GError **errp)
{
    for (size_t off = 0; off + ACPI_LOADER_ENTRY_SIZE <= len;
         off += ACPI_LOADER_ENTRY_SIZE) {
        const guint8 *c = loader + off;
        AcpiFixup f = { 0 };

        f.kind = (AcpiFixupKind)acpi_read_int(c, 4);
        switch (f.kind) {
        case ACPI_FIXUP_ALLOCATE:
            f.file = loader_name_index(names, c + 4);
            f.align = (uint32_t)acpi_read_int(c + LOADER_ALLOC_ALIGN_OFF, 4);
            f.zone = (AcpiZone)c[LOADER_ALLOC_ZONE_OFF];
            break;
        case ACPI_FIXUP_POINTER:
            f.file = loader_name_index(names, c + 4);
            f.src_file = loader_name_index(names, c + LOADER_PTR_SRC_OFF);
            f.offset = (uint32_t)acpi_read_int(c + LOADER_PTR_OFFSET_OFF, 4);
            f.size = c[LOADER_PTR_SIZE_OFF];
            if (f.size != 1 && f.size != 2 && f.size != 4 && f.size != 8) {
                g_set_error(errp, VIRT_ERROR, VIRT_ERROR_ACPI,
                            "table-loader command at offset %zu: pointer "
                            "size %u is not 1, 2, 4 or 8",
                            off, (unsigned)f.size);
                return false;
            }
            break;
        case ACPI_FIXUP_CHECKSUM:
            f.file = loader_name_index(names, c + 4);
            f.offset = (uint32_t)acpi_read_int(c + LOADER_CKSUM_OFFSET_OFF, 4);
            f.start = (uint32_t)acpi_read_int(c + LOADER_CKSUM_START_OFF, 4);
            f.length =
                (uint32_t)acpi_read_int(c + LOADER_CKSUM_LENGTH_OFF, 4);
            break;
        default:
            if (f.kind == 0) {
                continue;       /* padding */
            }
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_ACPI,
                        "table-loader command %u at offset %zu is not "
                        "supported", (unsigned)f.kind, off);
            return false;
        }
        g_array_append_val(fixups, f);
    }
    return true;
}

/* ---- the link step ---- */

static bool link_check(const GPtrArray *out, unsigned file, uint64_t end,
                       GError **errp)
{
    if (file >= out->len || g_ptr_array_index(out, file) == NULL) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_ACPI,
                    "loader refers to file %u before allocating it", file);
        return false;
    }
    if (end > ((GByteArray *)g_ptr_array_index(out, file))->len) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_ACPI,
                    "loader command reaches past the end of file %u", file);
        return false;
    }
    return true;
}

static bool link_one(GPtrArray *data, GPtrArray *out, GArray *addr,
                     const AcpiFixup *f, uint64_t *cursor, GError **errp)
{
    GByteArray *d;
    uint64_t v;

    switch (f->kind) {
    case ACPI_FIXUP_ALLOCATE: {
        GByteArray *src = g_ptr_array_index(data, f->file);
        uint64_t al = f->align ? f->align : 1;
        uint64_t start = (*cursor + al - 1) / al * al;

        if (g_ptr_array_index(out, f->file) != NULL) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_ACPI,
                        "loader allocates file %u twice", f->file);
            return false;
        }
        if (src == NULL || start < *cursor || start + src->len < start) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_ACPI,
                        "loader cannot place file %u above 0x%"
                        G_GINT64_MODIFIER "x",
                        f->file, *cursor);
            return false;
        }
        *cursor = start;
        g_array_index(addr, uint64_t, f->file) = *cursor;
        *cursor += src->len;
        g_ptr_array_index(out, f->file) = g_byte_array_append(
            g_byte_array_sized_new(src->len), src->data, src->len);
        return true;
    }
    case ACPI_FIXUP_POINTER:
        if (f->size != 1 && f->size != 2 && f->size != 4 && f->size != 8) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_ACPI,
                        "loader pointer size %u is not 1, 2, 4 or 8",
                        (unsigned)f->size);
            return false;
        }
        if (!link_check(out, f->file, (uint64_t)f->offset + f->size, errp) ||
            !link_check(out, f->src_file, 0, errp)) {
            return false;
        }
        d = g_ptr_array_index(out, f->file);
        v = acpi_read_int(d->data + f->offset, f->size);
        v += g_array_index(addr, uint64_t, f->src_file);
        acpi_patch_int(d, f->offset, v, f->size);
        return true;
    case ACPI_FIXUP_CHECKSUM:
        if (!link_check(out, f->file, (uint64_t)f->start + f->length, errp) ||
            !link_check(out, f->file, (uint64_t)f->offset + 1, errp)) {
            return false;
        }
        d = g_ptr_array_index(out, f->file);
        d->data[f->offset] -= acpi_checksum(d->data + f->start, f->length);
        return true;
    }
    g_set_error(errp, VIRT_ERROR, VIRT_ERROR_ACPI,
                "loader command %u is not supported", (unsigned)f->kind);
    return false;
}

/* Files not allocated yet are NULL */
static void link_free_file(gpointer p)
{
    if (p != NULL) {
        g_byte_array_unref(p);
    }
}

GPtrArray *acpi_link(GPtrArray *data, const GArray *fixups, uint64_t base,
                     GArray *addr, GError **errp)
{
    g_autoptr(GPtrArray) out =
        g_ptr_array_new_with_free_func(link_free_file);
    uint64_t cursor = base;

    g_ptr_array_set_size(out, data->len);
    g_array_set_size(addr, data->len);
    for (unsigned i = 0; i < fixups->len; i++) {
        const AcpiFixup *f = &g_array_index(fixups, AcpiFixup, i);

        if (f->kind == ACPI_FIXUP_ALLOCATE && f->file >= data->len) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_ACPI,
                        "loader allocates unknown file %u", f->file);
            return NULL;
        }
        if (!link_one(data, out, addr, f, &cursor, errp)) {
            return NULL;
        }
    }
    for (unsigned i = 0; i < out->len; i++) {
        if (g_ptr_array_index(out, i) == NULL) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_ACPI,
                        "loader never allocates file %u", i);
            return NULL;
        }
    }
    return g_steal_pointer(&out);
}

uint8_t acpi_checksum(const guint8 *p, size_t len)
{
    uint8_t sum = 0;

    for (size_t i = 0; i < len; i++) {
        sum += p[i];
    }
    return sum;
}

/* ---- walking linked tables ---- */

void acpi_linked_table_free(AcpiLinkedTable *t)
{
    if (t != NULL) {
        g_bytes_unref(t->bytes);
        g_free(t);
    }
}

/*
 * The table at @off in @file, sharing its memory: an XSDT listing the
 * same big table thousands of times costs no copies.
 */
static AcpiLinkedTable *linked_table(GBytes *file, size_t off, size_t len)
{
    AcpiLinkedTable *t = g_new0(AcpiLinkedTable, 1);
    const guint8 *p = g_bytes_get_data(file, NULL);

    memcpy(t->sig, p + off, 4);
    t->bytes = g_bytes_new_from_bytes(file, off, len);
    return t;
}

static AcpiLinkedTable *table_at(GBytes *tables, uint64_t tables_addr,
                                 uint64_t addr, GError **errp)
{
    gsize size;
    const guint8 *p = g_bytes_get_data(tables, &size);
    uint64_t off = addr - tables_addr;
    uint32_t len;

    if (addr < tables_addr || off > size ||
        size - off < ACPI_TABLE_HEADER_SIZE) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_ACPI,
                    "table pointer 0x%" G_GINT64_MODIFIER "x is outside "
                    "the table file", addr);
        return NULL;
    }
    len = (uint32_t)acpi_read_int(p + off + ACPI_TABLE_LENGTH_OFFSET, 4);
    if (len < ACPI_TABLE_HEADER_SIZE || len > size - off) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_ACPI,
                    "table at 0x%" G_GINT64_MODIFIER "x has a bad length %u",
                    addr, len);
        return NULL;
    }
    return linked_table(tables, off, len);
}

/* FADT: X_DSDT at 140 (ACPI 2.0+), DSDT at 40 */
#define FADT_DSDT_OFFSET 40
#define FADT_X_DSDT_OFFSET 140
/* RSDP: XsdtAddress at 24 */
#define RSDP_XSDT_OFFSET 24

static bool add_fadt_dsdt(GPtrArray *out, const AcpiLinkedTable *fadt,
                          GBytes *tables, uint64_t tables_addr,
                          GError **errp)
{
    gsize len;
    const guint8 *p = g_bytes_get_data(fadt->bytes, &len);
    uint64_t dsdt = 0;
    AcpiLinkedTable *t;

    if (len >= FADT_X_DSDT_OFFSET + 8) {
        dsdt = acpi_read_int(p + FADT_X_DSDT_OFFSET, 8);
    }
    if (dsdt == 0 && len >= FADT_DSDT_OFFSET + 4) {
        dsdt = acpi_read_int(p + FADT_DSDT_OFFSET, 4);
    }
    if (dsdt == 0) {
        return true;
    }
    t = table_at(tables, tables_addr, dsdt, errp);
    if (t == NULL) {
        return false;
    }
    g_ptr_array_add(out, t);
    return true;
}

GPtrArray *acpi_split_tables(GBytes *rsdp, GBytes *tables,
                             uint64_t tables_addr, GError **errp)
{
    g_autoptr(GPtrArray) out =
        g_ptr_array_new_with_free_func((GDestroyNotify)acpi_linked_table_free);
    gsize rsdp_len, xlen;
    const guint8 *r = g_bytes_get_data(rsdp, &rsdp_len);
    const guint8 *x;
    AcpiLinkedTable *xsdt;

    if (rsdp_len < 36 || memcmp(r, "RSD PTR ", 8) != 0) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_ACPI, "no RSDP signature");
        return NULL;
    }
    g_ptr_array_add(out, linked_table(rsdp, 0, 36));
    memcpy(((AcpiLinkedTable *)g_ptr_array_index(out, 0))->sig, "RSDP", 4);
    xsdt = table_at(tables, tables_addr,
                    acpi_read_int(r + RSDP_XSDT_OFFSET, 8), errp);
    if (xsdt == NULL) {
        return NULL;
    }
    g_ptr_array_add(out, xsdt);
    x = g_bytes_get_data(xsdt->bytes, &xlen);
    for (gsize off = ACPI_TABLE_HEADER_SIZE; off + 8 <= xlen; off += 8) {
        AcpiLinkedTable *t =
            table_at(tables, tables_addr, acpi_read_int(x + off, 8), errp);

        if (t == NULL) {
            return NULL;
        }
        g_ptr_array_add(out, t);
        if (memcmp(t->sig, "FACP", 4) == 0 &&
            !add_fadt_dsdt(out, t, tables, tables_addr, errp)) {
            return NULL;
        }
    }
    return g_steal_pointer(&out);
}
