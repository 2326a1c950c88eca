/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The generic ACPI builder and AML encoder. Expected encodings are
 * worked out by hand from the ACPI specification (20.2.3 integers,
 * 20.2.4 PkgLength, 19.6.142 ToUUID, 6.4 resource descriptors), not
 * taken from the code under test.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "hw/acpi/acpi-build.h"
#include "hw/acpi/aml.h"

static void assert_bytes(const GByteArray *a, const guint8 *want, size_t n,
                         const char *what)
{
    ck_assert_msg(a->len == n, "%s: %u bytes, want %zu", what, a->len, n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(a->data[i] == want[i], "%s: byte %zu is 0x%02x, want "
                      "0x%02x", what, i, a->data[i], want[i]);
    }
}

/* ---- PkgLength ---- */

typedef struct PkgLenCase {
    size_t length;
    bool incl_self;
    guint8 bytes[4];
    unsigned n;
} PkgLenCase;

/* clang-format off */
static const PkgLenCase pkglen_cases[] = {
    /* Field widths: the value itself is encoded */
    { 0, false, { 0x00 }, 1 },
    { 63, false, { 0x3F }, 1 },                        /* 1-byte max */
    { 64, false, { 0x40, 0x04 }, 2 },                  /* 2-byte min */
    { 4095, false, { 0x4F, 0xFF }, 2 },                /* 2-byte max */
    { 4096, false, { 0x80, 0x00, 0x01 }, 3 },          /* 3-byte min */
    { 0xFFFFF, false, { 0x8F, 0xFF, 0xFF }, 3 },       /* 2^20 - 1 */
    { 0x100000, false, { 0xC0, 0x00, 0x00, 0x01 }, 4 }, /* 2^20 */
    { 0xFFFFFFF, false, { 0xCF, 0xFF, 0xFF, 0xFF }, 4 }, /* 2^28 - 1 */
    /* Package lengths count their own bytes */
    { 62, true, { 0x3F }, 1 },                         /* total 63 */
    { 63, true, { 0x41, 0x04 }, 2 },                   /* total 65 */
    { 4093, true, { 0x4F, 0xFF }, 2 },                 /* total 4095 */
    { 4094, true, { 0x81, 0x00, 0x01 }, 3 },           /* total 4097 */
    { 0xFFFFC, true, { 0x8F, 0xFF, 0xFF }, 3 },        /* total 2^20 - 1 */
    { 0xFFFFD, true, { 0xC1, 0x00, 0x00, 0x01 }, 4 },  /* total 2^20 + 1 */
};
/* clang-format on */

START_TEST(test_pkg_length)
{
    const PkgLenCase *c = &pkglen_cases[_i];
    g_autoptr(GByteArray) a = g_byte_array_new();
    g_autofree char *what = g_strdup_printf("PkgLength(%zu, %s)", c->length,
                                            c->incl_self ? "self" : "bare");

    aml_append_pkg_length(a, c->length, c->incl_self);
    assert_bytes(a, c->bytes, c->n, what);
    ck_assert_uint_eq(aml_pkg_length_size(c->length, c->incl_self), c->n);
}
END_TEST

/* A Buffer of @n bytes frames as BufferOp PkgLength BufferSize data */
START_TEST(test_pkg_length_in_block)
{
    static const size_t sizes[] = { 58, 59, 60, 61, 4088, 4089, 4090, 4091 };

    for (size_t k = 0; k < G_N_ELEMENTS(sizes); k++) {
        g_autoptr(AmlContext) ctx = aml_context_new();
        g_autoptr(GByteArray) out = NULL;
        g_autoptr(GByteArray) size = g_byte_array_new();
        size_t n = sizes[k];
        size_t payload, total, lead;
        unsigned pl;

        out = aml_serialize(aml_buffer(ctx, n, NULL));
        aml_append_integer(size, n);
        payload = size->len + n;
        pl = aml_pkg_length_size(payload, true);
        total = payload + pl;
        ck_assert_uint_eq(out->len, 1 + total);
        ck_assert_uint_eq(out->data[0], 0x11);
        /* Decode the PkgLength by the spec and check it covers the rest */
        lead = out->data[1];
        if ((lead >> 6) == 0) {
            ck_assert_uint_eq(lead & 0x3F, total);
        } else {
            size_t v = lead & 0x0F;

            for (unsigned i = 1; i <= (lead >> 6); i++) {
                v |= (size_t)out->data[1 + i] << (4 + 8 * (i - 1));
            }
            ck_assert_uint_eq(v, total);
            ck_assert_uint_eq((lead >> 6) + 1, pl);
        }
    }
}
END_TEST

/* ---- integers ---- */

typedef struct IntCase {
    uint64_t v;
    guint8 bytes[9];
    unsigned n;
} IntCase;

/* clang-format off */
static const IntCase int_cases[] = {
    { 0, { 0x00 }, 1 },                                        /* ZeroOp */
    { 1, { 0x01 }, 1 },                                        /* OneOp */
    { 2, { 0x0A, 0x02 }, 2 },
    { 0xFF, { 0x0A, 0xFF }, 2 },                               /* ByteConst */
    { 0x100, { 0x0B, 0x00, 0x01 }, 3 },                        /* WordConst */
    { 0xFFFF, { 0x0B, 0xFF, 0xFF }, 3 },
    { 0x10000, { 0x0C, 0x00, 0x00, 0x01, 0x00 }, 5 },          /* DWordConst */
    { 0xFFFFFFFF, { 0x0C, 0xFF, 0xFF, 0xFF, 0xFF }, 5 },
    { UINT64_C(0x100000000),
      { 0x0E, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00 }, 9 }, /* QWord */
    { UINT64_C(0x0000004010000000),
      { 0x0E, 0x00, 0x00, 0x00, 0x10, 0x40, 0x00, 0x00, 0x00 }, 9 },
    /* All ones stays a QWordConst, as QEMU encodes it (not OnesOp) */
    { UINT64_MAX,
      { 0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, 9 },
};
/* clang-format on */

START_TEST(test_integer)
{
    const IntCase *c = &int_cases[_i];
    g_autoptr(AmlContext) ctx = aml_context_new();
    g_autoptr(GByteArray) out = aml_serialize(aml_int(ctx, c->v));
    g_autofree char *what =
        g_strdup_printf("integer 0x%" G_GINT64_MODIFIER "x", c->v);

    assert_bytes(out, c->bytes, c->n, what);
}
END_TEST

START_TEST(test_constants)
{
    g_autoptr(AmlContext) ctx = aml_context_new();
    g_autoptr(GByteArray) zero = aml_serialize(aml_zero(ctx));
    g_autoptr(GByteArray) one = aml_serialize(aml_one(ctx));
    g_autoptr(GByteArray) ones = aml_serialize(aml_ones(ctx));

    assert_bytes(zero, (const guint8[]){ 0x00 }, 1, "Zero");
    assert_bytes(one, (const guint8[]){ 0x01 }, 1, "One");
    assert_bytes(ones, (const guint8[]){ 0xFF }, 1, "Ones");
}
END_TEST

/* ---- names, strings, blocks ---- */

START_TEST(test_namestring)
{
    g_autoptr(GByteArray) a = g_byte_array_new();
    g_autoptr(GByteArray) b = g_byte_array_new();
    g_autoptr(GByteArray) c = g_byte_array_new();
    g_autoptr(GByteArray) d = g_byte_array_new();

    aml_append_namestring(a, "\\_SB");
    assert_bytes(a, (const guint8 *)"\\_SB_", 5, "\\_SB");
    aml_append_namestring(b, "\\_SB.GED");
    assert_bytes(b, (const guint8 *)"\\\x2e_SB_GED_", 10, "\\_SB.GED");
    aml_append_namestring(c, "\\_SB.PCI0.RES0");
    assert_bytes(c, (const guint8 *)"\\\x2f\x03_SB_PCI0RES0", 15,
                 "\\_SB.PCI0.RES0");
    aml_append_namestring(d, "^PWRB");
    assert_bytes(d, (const guint8 *)"^PWRB", 5, "^PWRB");
}
END_TEST

START_TEST(test_name_decl_and_device)
{
    g_autoptr(AmlContext) ctx = aml_context_new();
    Aml *dev = aml_device(ctx, "COM%d", 0);
    g_autoptr(GByteArray) out = NULL;
    /* DeviceOp PkgLength "COM0" NameOp "_HID" StringPrefix "A" NUL */
    static const guint8 want[] = {
        0x5B, 0x82, 0x0D, 'C', 'O', 'M', '0',
        0x08, '_', 'H', 'I', 'D', 0x0D, 'A', 0x00,
    };

    aml_append(dev, aml_name_decl(ctx, "_HID", aml_string(ctx, "A")));
    out = aml_serialize(dev);
    assert_bytes(out, want, sizeof(want), "Device(COM0)");
}
END_TEST

/* A node appended to two parents is written in each, whole */
START_TEST(test_shared_child)
{
    g_autoptr(AmlContext) ctx = aml_context_new();
    Aml *hid = aml_name_decl(ctx, "_HID", aml_string(ctx, "A"));
    Aml *scope = aml_scope(ctx, "S");
    Aml *d0 = aml_device(ctx, "D0");
    Aml *d1 = aml_device(ctx, "%s", "D1");
    g_autoptr(GByteArray) out = NULL;
    /* ScopeOp PkgLength "S___", then two devices with the same _HID */
    static const guint8 want[] = {
        0x10, 0x23, 'S', '_', '_', '_',
        0x5B, 0x82, 0x0D, 'D', '0', '_', '_',
        0x08, '_', 'H', 'I', 'D', 0x0D, 'A', 0x00,
        0x5B, 0x82, 0x0D, 'D', '1', '_', '_',
        0x08, '_', 'H', 'I', 'D', 0x0D, 'A', 0x00,
    };

    aml_append(d0, hid);
    aml_append(d1, hid);
    aml_append(scope, d0);
    aml_append(scope, d1);
    out = aml_serialize(scope);
    assert_bytes(out, want, sizeof(want), "shared _HID");
}
END_TEST

START_TEST(test_method_if_else)
{
    g_autoptr(AmlContext) ctx = aml_context_new();
    Aml *m = aml_method(ctx, "_E03", 1, AML_SERIALIZED);
    Aml *iff = aml_if(ctx, aml_equal(ctx, aml_arg(ctx, 0), aml_one(ctx)));
    Aml *els = aml_else(ctx);
    g_autoptr(GByteArray) out = NULL;
    static const guint8 want[] = {
        0x14, 0x16, '_', 'E', '0', '3', 0x09,       /* Method, 1 arg, ser. */
        0xA0, 0x06, 0x93, 0x68, 0x01,               /* If (Arg0 == One) */
        0xA4, 0x00,                                 /* Return (Zero) */
        0xA1, 0x08,                                 /* Else */
        0x86, 'P', 'W', 'R', 'B', 0x0A, 0x80,       /* Notify (PWRB, 0x80) */
    };

    aml_append(iff, aml_return(ctx, aml_int(ctx, 0)));
    aml_append(m, iff);
    aml_append(els, aml_notify(ctx, aml_name(ctx, "PWRB"), aml_int(ctx, 0x80)));
    aml_append(m, els);
    out = aml_serialize(m);
    assert_bytes(out, want, sizeof(want), "Method");
}
END_TEST

START_TEST(test_package_and_buffer)
{
    g_autoptr(AmlContext) ctx = aml_context_new();
    Aml *pkg = aml_package(ctx, 2);
    Aml *var = aml_varpackage(ctx, 0x80);
    static const guint8 data[] = { 0xAA, 0xBB };
    g_autoptr(GByteArray) p = NULL;
    g_autoptr(GByteArray) v = NULL;
    g_autoptr(GByteArray) b = NULL;
    g_autoptr(GByteArray) u = NULL;
    static const guint8 want_pkg[] = { 0x12, 0x05, 0x02, 0x01, 0x0A, 0x07 };
    static const guint8 want_var[] = { 0x13, 0x03, 0x0A, 0x80 };
    static const guint8 want_buf[] = { 0x11, 0x05, 0x0A, 0x02, 0xAA, 0xBB };
    static const guint8 want_uni[] = { 0x11, 0x09, 0x0A, 0x06,
                                       'P', 0, 'C', 0, 0, 0 };

    aml_append(pkg, aml_int(ctx, 1));
    aml_append(pkg, aml_int(ctx, 7));
    p = aml_serialize(pkg);
    assert_bytes(p, want_pkg, sizeof(want_pkg), "Package");
    v = aml_serialize(var);
    assert_bytes(v, want_var, sizeof(want_var), "VarPackage");
    b = aml_serialize(aml_buffer(ctx, sizeof(data), data));
    assert_bytes(b, want_buf, sizeof(want_buf), "Buffer");
    u = aml_serialize(aml_unicode(ctx, "PC"));
    assert_bytes(u, want_uni, sizeof(want_uni), "Unicode");
}
END_TEST

START_TEST(test_touuid)
{
    g_autoptr(AmlContext) ctx = aml_context_new();
    g_autoptr(GByteArray) out = aml_serialize(
        aml_touuid(ctx, "33DB4D5B-1FF7-401C-9657-7441C03DD766"));
    /* 19.6.142: groups 1-3 little-endian, 4-5 as written */
    static const guint8 want[] = {
        0x11, 0x13, 0x0A, 0x10,
        0x5B, 0x4D, 0xDB, 0x33, 0xF7, 0x1F, 0x1C, 0x40,
        0x96, 0x57, 0x74, 0x41, 0xC0, 0x3D, 0xD7, 0x66,
    };

    assert_bytes(out, want, sizeof(want), "ToUUID");
}
END_TEST

START_TEST(test_resources)
{
    g_autoptr(AmlContext) ctx = aml_context_new();
    Aml *rt = aml_resource_template(ctx);
    uint32_t irq = 0x21;
    g_autoptr(GByteArray) out = NULL;
    static const guint8 want[] = {
        0x11, 0x1A, 0x0A, 0x17,                     /* Buffer (0x17) */
        0x86, 0x09, 0x00, 0x01,                     /* Memory32Fixed RW */
        0x00, 0x00, 0x00, 0x09, 0x00, 0x10, 0x00, 0x00,
        0x89, 0x06, 0x00, 0x01, 0x01,               /* Interrupt, consumer */
        0x21, 0x00, 0x00, 0x00,                     /* level, high, excl. */
        0x79, 0x00,                                 /* End Tag */
    };

    aml_append(rt, aml_memory32_fixed(ctx, 0x09000000, 0x1000,
                                      AML_READ_WRITE));
    aml_append(rt, aml_interrupt(ctx, AML_CONSUMER, AML_LEVEL, AML_ACTIVE_HIGH,
                                 AML_EXCLUSIVE, &irq, 1));
    out = aml_serialize(rt);
    assert_bytes(out, want, sizeof(want), "ResourceTemplate");
}
END_TEST

START_TEST(test_address_space)
{
    g_autoptr(AmlContext) ctx = aml_context_new();
    g_autoptr(GByteArray) w = aml_serialize(
        aml_word_bus_number(ctx, AML_MIN_FIXED, AML_MAX_FIXED, AML_POS_DECODE,
                            0, 0, 0xFF, 0, 0x100));
    g_autoptr(GByteArray) q = aml_serialize(
        aml_qword_memory(ctx, AML_POS_DECODE, AML_MIN_FIXED, AML_MAX_FIXED,
                         AML_NON_CACHEABLE, AML_READ_WRITE, 0,
                         UINT64_C(0x8000000000), UINT64_C(0xFFFFFFFFFF), 0,
                         UINT64_C(0x8000000000)));
    /* 6.4.3.5.3: tag 0x88, length 13, bus range, MIF|MAF */
    static const guint8 want_w[] = {
        0x88, 0x0D, 0x00, 0x02, 0x0C, 0x00,
        0x00, 0x00, 0x00, 0x00, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x01,
    };

    assert_bytes(w, want_w, sizeof(want_w), "WordBusNumber");
    /* 6.4.3.5.1: tag 0x8A, length 43, memory, MIF|MAF, RW */
    ck_assert_uint_eq(q->len, 46);
    ck_assert_uint_eq(q->data[0], 0x8A);
    ck_assert_uint_eq(acpi_read_int(q->data + 1, 2), 43);
    ck_assert_uint_eq(q->data[3], 0);
    ck_assert_uint_eq(q->data[4], 0x0C);
    ck_assert_uint_eq(q->data[5], 0x01);
    ck_assert_uint_eq(acpi_read_int(q->data + 14, 8), UINT64_C(0x8000000000));
    ck_assert_uint_eq(acpi_read_int(q->data + 22, 8), UINT64_C(0xFFFFFFFFFF));
    ck_assert_uint_eq(acpi_read_int(q->data + 38, 8), UINT64_C(0x8000000000));
}
END_TEST

START_TEST(test_field)
{
    g_autoptr(AmlContext) ctx = aml_context_new();
    Aml *f = aml_field(ctx, "EREG", AML_DWORD_ACC, AML_NOLOCK,
                       AML_WRITE_AS_ZEROS);
    g_autoptr(GByteArray) out = NULL;
    /* FieldOp PkgLength "EREG" flags(DWordAcc | WriteAsZeros) ESEL 32 */
    static const guint8 want[] = {
        0x5B, 0x81, 0x0B, 'E', 'R', 'E', 'G', 0x43, 'E', 'S', 'E', 'L', 0x20,
    };

    aml_append(f, aml_named_field(ctx, "ESEL", 32));
    out = aml_serialize(f);
    assert_bytes(out, want, sizeof(want), "Field");
}
END_TEST

/* ---- the byte builder and the link step ---- */

START_TEST(test_appends)
{
    g_autoptr(GByteArray) a = g_byte_array_new();
    static const guint8 want[] = {
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
        0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
        'A', 'B', ' ', ' ', 0x00, 0x00,
    };

    acpi_append_u8(a, 0x01);
    acpi_append_u16(a, 0x0302);
    acpi_append_u32(a, 0x07060504);
    acpi_append_u64(a, UINT64_C(0x0F0E0D0C0B0A0908));
    acpi_append_padded_str(a, "AB", 4, ' ');
    acpi_append_zeros(a, 2);
    assert_bytes(a, want, sizeof(want), "appends");
}
END_TEST

START_TEST(test_struct_length)
{
    g_autoptr(GByteArray) a = g_byte_array_new();
    uint32_t s1, s2;

    acpi_append_zeros(a, 3);
    s1 = acpi_struct_begin(a, 0x0B, 1);
    acpi_append_zeros(a, 78);
    acpi_struct_end(a, s1, 1);
    ck_assert_uint_eq(a->data[s1], 0x0B);
    ck_assert_uint_eq(a->data[s1 + 1], 80);
    s2 = acpi_struct_begin(a, 0x04, 2);
    acpi_append_zeros(a, 300);
    acpi_struct_end(a, s2, 2);
    ck_assert_uint_eq(acpi_read_int(a->data + s2 + 1, 2), 303);
}
END_TEST

/* Two files, one table pointing at another and a checksummed header */
static AcpiBuilder *sample_builder(unsigned *tables_out, unsigned *ptr_out)
{
    AcpiBuilder *b = acpi_builder_new();
    unsigned tables = acpi_builder_add_file(b, "etc/acpi/tables", 64,
                                            ACPI_ZONE_HIGH);
    unsigned ptr = acpi_builder_add_file(b, "etc/acpi/rsdp", 16,
                                         ACPI_ZONE_FSEG);
    GByteArray *ta = acpi_builder_data(b, tables);
    GByteArray *pa = acpi_builder_data(b, ptr);
    AcpiTable first = { .sig = "DSDT", .rev = 2, .oem_id = "BOCHS ",
                        .oem_table_id = "BXPC    " };
    AcpiTable second = { .sig = "XSDT", .rev = 1, .oem_id = "T",
                         .oem_table_id = "U" };
    uint32_t field;

    acpi_table_begin(b, tables, &first);
    acpi_append_zeros(ta, 7);
    acpi_table_end(b, &first);
    acpi_table_begin(b, tables, &second);
    field = ta->len;
    acpi_append_u64(ta, 0);
    acpi_add_pointer(b, tables, field, 8, tables, first.start);
    acpi_table_end(b, &second);
    acpi_append_u32(pa, 0);
    acpi_append_u8(pa, 0);
    acpi_add_pointer(b, ptr, 0, 4, tables, second.start);
    acpi_add_checksum(b, ptr, 4, 0, 5);
    *tables_out = tables;
    *ptr_out = ptr;
    return b;
}

START_TEST(test_prelink_form)
{
    unsigned tables, ptr;
    g_autoptr(AcpiBuilder) b = sample_builder(&tables, &ptr);
    GByteArray *ta = acpi_builder_data(b, tables);
    const AcpiFixup *f0 = &g_array_index(b->fixups, AcpiFixup, 0);
    const AcpiFixup *f1 = &g_array_index(b->fixups, AcpiFixup, 1);

    /* Length patched, checksum 0, pointer holds the target offset */
    ck_assert_uint_eq(acpi_read_int(ta->data + 4, 4), 43);
    ck_assert_uint_eq(ta->data[9], 0);
    ck_assert_uint_eq(acpi_read_int(ta->data + 43 + 36, 8), 0);
    ck_assert_uint_eq(acpi_read_int(acpi_builder_data(b, ptr)->data, 4), 43);
    /* The later allocation comes first */
    ck_assert_int_eq(f0->kind, ACPI_FIXUP_ALLOCATE);
    ck_assert_uint_eq(f0->file, ptr);
    ck_assert_int_eq(f1->kind, ACPI_FIXUP_ALLOCATE);
    ck_assert_uint_eq(f1->file, tables);
    /* NUL padding of short OEM ids */
    ck_assert_int_eq(memcmp(ta->data + 43 + 10, "T\0\0\0\0\0U\0\0\0\0\0\0\0",
                            14), 0);
}
END_TEST

START_TEST(test_link)
{
    unsigned tables, ptr;
    g_autoptr(AcpiBuilder) b = sample_builder(&tables, &ptr);
    g_autoptr(GPtrArray) data = g_ptr_array_new();
    g_autoptr(GArray) addr = g_array_new(FALSE, TRUE, sizeof(uint64_t));
    g_autoptr(GPtrArray) out = NULL;
    g_autoptr(GError) err = NULL;
    GByteArray *lt, *lp;
    uint64_t tbase, pbase;

    g_ptr_array_add(data, acpi_builder_data(b, 0));
    g_ptr_array_add(data, acpi_builder_data(b, 1));
    out = acpi_link(data, b->fixups, 0x48000000, addr, &err);
    ck_assert_msg(out != NULL, "%s", err ? err->message : "");
    lt = g_ptr_array_index(out, tables);
    lp = g_ptr_array_index(out, ptr);
    tbase = g_array_index(addr, uint64_t, tables);
    pbase = g_array_index(addr, uint64_t, ptr);
    /* RSDP-like file first at the base, the tables 64-aligned after it */
    ck_assert_uint_eq(pbase, 0x48000000);
    ck_assert_uint_eq(tbase, 0x48000040);
    ck_assert_uint_eq(acpi_checksum(lt->data, 43), 0);
    ck_assert_uint_eq(acpi_checksum(lt->data + 43, 44), 0);
    ck_assert_uint_eq(acpi_checksum(lp->data, 5), 0);
    ck_assert_uint_eq(acpi_read_int(lt->data + 43 + 36, 8), tbase);
    ck_assert_uint_eq(acpi_read_int(lp->data, 4), tbase + 43);
}
END_TEST

START_TEST(test_loader_roundtrip)
{
    unsigned tables, ptr;
    g_autoptr(AcpiBuilder) b = sample_builder(&tables, &ptr);
    g_autoptr(GByteArray) loader = acpi_builder_loader(b);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GArray) fixups = g_array_new(FALSE, TRUE, sizeof(AcpiFixup));
    g_autoptr(GError) err = NULL;

    ck_assert_uint_eq(loader->len, b->fixups->len * ACPI_LOADER_ENTRY_SIZE);
    /* ALLOCATE "etc/acpi/rsdp", align 16, zone FSEG */
    ck_assert_uint_eq(acpi_read_int(loader->data, 4), 1);
    ck_assert_str_eq((const char *)loader->data + 4, "etc/acpi/rsdp");
    ck_assert_uint_eq(acpi_read_int(loader->data + 60, 4), 16);
    ck_assert_uint_eq(loader->data[64], 2);
    ck_assert(acpi_loader_parse(loader->data, loader->len, names, fixups,
                                &err));
    ck_assert_uint_eq(fixups->len, b->fixups->len);
    for (unsigned i = 0; i < fixups->len; i++) {
        const AcpiFixup *x = &g_array_index(fixups, AcpiFixup, i);
        const AcpiFixup *y = &g_array_index(b->fixups, AcpiFixup, i);
        const AcpiFile *fy = g_ptr_array_index(b->files, y->file);

        ck_assert_int_eq(x->kind, y->kind);
        ck_assert_str_eq(g_ptr_array_index(names, x->file), fy->name);
        ck_assert_uint_eq(x->offset, y->offset);
        ck_assert_uint_eq(x->start, y->start);
        ck_assert_uint_eq(x->length, y->length);
        ck_assert_uint_eq(x->size, y->size);
        ck_assert_uint_eq(x->align, y->align);
    }
}
END_TEST

START_TEST(test_loader_rejects_unknown)
{
    guint8 cmd[ACPI_LOADER_ENTRY_SIZE] = { 9 };
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GArray) fixups = g_array_new(FALSE, TRUE, sizeof(AcpiFixup));
    g_autoptr(GError) err = NULL;

    ck_assert(!acpi_loader_parse(cmd, sizeof(cmd), names, fixups, &err));
    ck_assert_ptr_nonnull(err);
}
END_TEST

static Suite *acpi_suite(void)
{
    Suite *s = suite_create("acpi");
    TCase *aml = tcase_create("aml");
    TCase *builder = tcase_create("builder");

    tcase_add_loop_test(aml, test_pkg_length, 0,
                        G_N_ELEMENTS(pkglen_cases));
    tcase_add_test(aml, test_pkg_length_in_block);
    tcase_add_loop_test(aml, test_integer, 0, G_N_ELEMENTS(int_cases));
    tcase_add_test(aml, test_constants);
    tcase_add_test(aml, test_namestring);
    tcase_add_test(aml, test_name_decl_and_device);
    tcase_add_test(aml, test_shared_child);
    tcase_add_test(aml, test_method_if_else);
    tcase_add_test(aml, test_package_and_buffer);
    tcase_add_test(aml, test_touuid);
    tcase_add_test(aml, test_resources);
    tcase_add_test(aml, test_address_space);
    tcase_add_test(aml, test_field);
    suite_add_tcase(s, aml);

    tcase_add_test(builder, test_appends);
    tcase_add_test(builder, test_struct_length);
    tcase_add_test(builder, test_prelink_form);
    tcase_add_test(builder, test_link);
    tcase_add_test(builder, test_loader_roundtrip);
    tcase_add_test(builder, test_loader_rejects_unknown);
    suite_add_tcase(s, builder);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(acpi_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
