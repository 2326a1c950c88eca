/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ACPI tables of the virt board, byte for byte as each modelled QEMU
 * release builds them under TCG (see docs/devel/acpi.md for the table
 * list, what differs per release and what is not modelled). What differs
 * is data of the release (VirtRelease.acpi_*), read here.
 *
 * Reads a const VirtMachineState only. The table list is data
 * (virt_acpi_tables[]): a table is registered in the XSDT if and only if
 * it is built, but for the one extra entry a release may have
 * (VirtRelease.acpi_xsdt_extra_entry_after).
 */
#include <string.h>

#include "hw/acpi/acpi-build.h"
#include "hw/acpi/aml.h"
#include "hw/arm/virt-acpi.h"
#include "hw/arm/virt.h"
#include "virt/output.h"

/* Interrupt numbering: GSIV = SPI + 32, PPI + 16 */
#define ACPI_SPI(n) ((n) + 32)
#define ACPI_PPI(n) ((n) + 16)

/* PPIs the tables name (the DT uses the same numbers) */
#define VIRT_PPI_PMU 7
#define VIRT_PPI_GIC_MAINT 9
#define VIRT_PPI_TIMER_NS_EL2 10
#define VIRT_PPI_TIMER_VIRT 11
#define VIRT_PPI_TIMER_VIRT_EL2 12
#define VIRT_PPI_TIMER_S_EL1 13
#define VIRT_PPI_TIMER_NS_EL1 14

/* SPI of PCIe INTA; INTB..INTD follow (the DT interrupt-map's base) */
#define VIRT_PCIE_SPI 3
/* The GICv2m frame serves 64 SPIs */
#define VIRT_GICV2M_NUM_SPIS 64
/* The smallest ECAM window: one bus */
#define PCIE_MMCFG_BUS_SIZE (1 * VIRT_MiB)
/* PCI slots and INTx pins in _PRT */
#define PCI_SLOT_MAX 32
#define PCI_NUM_PINS 4
/* etc/acpi/tables is padded to a multiple of this */
#define VIRT_ACPI_TABLES_ALIGN 0x20000

#define DEFAULT_OEM_ID "BOCHS "
#define DEFAULT_OEM_TABLE_ID "BXPC    "
/* The OEM Table ID of acpi_oem_table_id_sig: this, then the signature */
#define OEM_TABLE_ID_PREFIX "BXPC"

/* The state of one build */
typedef struct VirtAcpiBuild {
    const VirtMachineState *vms;
    AcpiBuilder *b;
    unsigned tables;            /* file number of etc/acpi/tables */
    unsigned tpm_log;           /* ... of etc/tpm/log, with a TPM */
    uint32_t dsdt;              /* offset of the DSDT */
    GArray *xsdt_entries;       /* uint32_t offsets of XSDT tables */
} VirtAcpiBuild;

static GByteArray *blob(VirtAcpiBuild *s)
{
    return acpi_builder_data(s->b, s->tables);
}

static const MemMapEntry *region(const VirtAcpiBuild *s, int idx)
{
    return &s->vms->memmap.entry[idx];
}

/* The header of table @sig, with the revision the release writes */
static void table_begin(VirtAcpiBuild *s, AcpiTable *t, const char *sig)
{
    char sig_id[9];

    t->sig = sig;
    t->rev = (uint8_t)virt_release_acpi_revision(s->vms->release, sig);
    t->oem_id = s->vms->oem_id ? s->vms->oem_id : DEFAULT_OEM_ID;
    if (s->vms->oem_table_id != NULL) {
        t->oem_table_id = s->vms->oem_table_id;
    } else if (s->vms->release->acpi_oem_table_id_sig) {
        memcpy(sig_id, OEM_TABLE_ID_PREFIX, 4);
        memcpy(sig_id + 4, sig, 4);
        sig_id[8] = '\0';
        t->oem_table_id = sig_id;
    } else {
        t->oem_table_id = DEFAULT_OEM_TABLE_ID;
    }
    acpi_table_begin(s->b, s->tables, t);
    t->oem_table_id = NULL; /* sig_id ends here */
}

/* 5.2.3.2 Generic Address Structure */
static void append_gas(GByteArray *a, uint8_t space, uint8_t bit_width,
                       uint8_t bit_offset, uint8_t access_size,
                       uint64_t address)
{
    acpi_append_u8(a, space);           /* Address Space ID */
    acpi_append_u8(a, bit_width);       /* Register Bit Width */
    acpi_append_u8(a, bit_offset);      /* Register Bit Offset */
    acpi_append_u8(a, access_size);     /* Access Size */
    acpi_append_u64(a, address);        /* Address */
}

#define GAS_SYSTEM_MEMORY 0
#define GAS_ACCESS_BYTE 1
#define GAS_ACCESS_DWORD 3

/* The PL011 registers in SPCR and DBG2: 8-bit (7.2) or 32-bit (10.0) */
static void append_uart_gas(const VirtAcpiBuild *s, GByteArray *a)
{
    bool wide = s->vms->release->acpi_uart_32bit;

    append_gas(a, GAS_SYSTEM_MEMORY, wide ? 32 : 8, 0,
               wide ? GAS_ACCESS_DWORD : GAS_ACCESS_BYTE,
               region(s, VIRT_UART)->base);
}

/* ======================================================================
 * DSDT
 * ====================================================================== */

/* "C%.03X" without printf: C, then at least 3 upper-case hex digits */
static const char *cpu_device_name(char buf[16], unsigned i)
{
    char *p = buf + 15;

    *p = '\0';
    do {
        *--p = "0123456789ABCDEF"[i & 0xF];
        i >>= 4;
    } while (i != 0 || p > buf + 12);
    *--p = 'C';
    return p;
}

static void dsdt_add_cpus(AmlContext *ctx, Aml *scope,
                          const VirtMachineState *vms)
{
    /* The same _HID in every device: one node, linked 512 times */
    Aml *hid = aml_name_decl(ctx, "_HID", aml_string(ctx, "ACPI0007"));

    for (unsigned i = 0; i < vms->smp.cpus; i++) {
        char name[16];
        Aml *dev = aml_device(ctx, "%s", cpu_device_name(name, i));

        aml_append(dev, hid);
        aml_append(dev, aml_name_decl(ctx, "_UID", aml_int(ctx, i)));
        aml_append(scope, dev);
    }
}

static Aml *mmio_irq_crs(AmlContext *ctx, const MemMapEntry *e,
                         uint32_t gsiv)
{
    Aml *crs = aml_resource_template(ctx);

    aml_append(crs, aml_memory32_fixed(ctx, (uint32_t)e->base,
                                       (uint32_t)e->size, AML_READ_WRITE));
    aml_append(crs, aml_interrupt(ctx, AML_CONSUMER, AML_LEVEL,
                                  AML_ACTIVE_HIGH, AML_EXCLUSIVE, &gsiv, 1));
    return crs;
}

/* COM@uid: UART0 (VIRT_UART) or UART1 (VIRT_SECURE_UART's place) */
static void dsdt_add_uart(AmlContext *ctx, Aml *scope,
                          const VirtAcpiBuild *s, unsigned uid, int idx)
{
    Aml *dev = aml_device(ctx, "COM%u", uid);
    uint32_t gsiv = ACPI_SPI(virt_irqmap[idx]);

    aml_append(dev, aml_name_decl(ctx, "_HID", aml_string(ctx, "ARMH0011")));
    aml_append(dev, aml_name_decl(ctx, "_UID", aml_int(ctx, uid)));
    aml_append(dev, aml_name_decl(ctx, "_CRS",
                                  mmio_irq_crs(ctx, region(s, idx), gsiv)));
    aml_append(scope, dev);
}

/*
 * The two flash banks, each half of the flash region. Only virt-5.0 and
 * older list them (QEMU's acpi_expose_flash), between COM0 and FWCF.
 */
static void dsdt_add_flash(AmlContext *ctx, Aml *scope,
                           const VirtAcpiBuild *s)
{
    const MemMapEntry *flash = region(s, VIRT_FLASH);
    hwaddr bank = flash->size / 2;

    for (unsigned i = 0; i < 2; i++) {
        Aml *dev = aml_device(ctx, "FLS%u", i);
        Aml *crs = aml_resource_template(ctx);

        aml_append(dev, aml_name_decl(ctx, "_HID",
                                      aml_string(ctx, "LNRO0015")));
        aml_append(dev, aml_name_decl(ctx, "_UID", aml_int(ctx, i)));
        aml_append(crs, aml_memory32_fixed(ctx,
                                           (uint32_t)(flash->base + i * bank),
                                           (uint32_t)bank, AML_READ_WRITE));
        aml_append(dev, aml_name_decl(ctx, "_CRS", crs));
        aml_append(scope, dev);
    }
}

static void dsdt_add_fw_cfg(AmlContext *ctx, Aml *scope,
                            const VirtAcpiBuild *s)
{
    const MemMapEntry *e = region(s, VIRT_FW_CFG);
    Aml *dev = aml_device(ctx, "FWCF");
    Aml *crs = aml_resource_template(ctx);

    aml_append(dev, aml_name_decl(ctx, "_HID", aml_string(ctx, "QEMU0002")));
    /* Present, enabled, functioning; not shown in the UI */
    aml_append(dev, aml_name_decl(ctx, "_STA", aml_int(ctx, 0xB)));
    aml_append(dev, aml_name_decl(ctx, "_CCA", aml_one(ctx)));
    aml_append(crs, aml_memory32_fixed(ctx, (uint32_t)e->base,
                                       (uint32_t)e->size, AML_READ_WRITE));
    aml_append(dev, aml_name_decl(ctx, "_CRS", crs));
    aml_append(scope, dev);
}

/* virtio-mmio transports: level-triggered here, edge in the DT (7.2) */
static void dsdt_add_virtio(AmlContext *ctx, Aml *scope,
                            const VirtAcpiBuild *s)
{
    const MemMapEntry *mmio = region(s, VIRT_MMIO);
    hwaddr size = mmio->size;   /* one transport; the others follow */
    uint32_t gsiv = ACPI_SPI(virt_irqmap[VIRT_MMIO]);

    for (unsigned i = 0; i < VIRT_NUM_VIRTIO_TRANSPORTS; i++) {
        MemMapEntry e = { mmio->base + i * size, size };
        Aml *dev = aml_device(ctx, "VR%02u", i);

        aml_append(dev, aml_name_decl(ctx, "_HID",
                                      aml_string(ctx, "LNRO0005")));
        aml_append(dev, aml_name_decl(ctx, "_UID", aml_int(ctx, i)));
        aml_append(dev, aml_name_decl(ctx, "_CCA", aml_one(ctx)));
        aml_append(dev, aml_name_decl(ctx, "_CRS",
                                      mmio_irq_crs(ctx, &e, gsiv + i)));
        aml_append(scope, dev);
    }
}

/*
 * The name of PCI interrupt link @i: GSI0-3 inside PCI0 (7.2), or
 * L000-L003 in \_SB (10.0, acpi_pci_links_in_sb)
 */
static const char *pci_link_name(char buf[8], const VirtMachineState *vms,
                                 unsigned i)
{
    g_assert(i < PCI_NUM_PINS);
    memcpy(buf, vms->release->acpi_pci_links_in_sb ? "L000" : "GSI0", 5);
    buf[3] = (char)('0' + i);
    return buf;
}

/* The four PCI interrupt links (PNP0C0F), each on one INTx SPI */
static void dsdt_add_pci_links(AmlContext *ctx, Aml *parent,
                               const VirtMachineState *vms)
{
    for (unsigned i = 0; i < PCI_NUM_PINS; i++) {
        uint32_t gsiv = ACPI_SPI(VIRT_PCIE_SPI) + i;
        char name[8];
        Aml *link = aml_device(ctx, "%s", pci_link_name(name, vms, i));
        Aml *crs = aml_resource_template(ctx);

        aml_append(link, aml_name_decl(ctx, "_HID",
                                       aml_string(ctx, "PNP0C0F")));
        aml_append(link, aml_name_decl(ctx, "_UID", aml_int(ctx, i)));
        aml_append(crs, aml_interrupt(ctx, AML_CONSUMER, AML_LEVEL,
                                      AML_ACTIVE_HIGH, AML_EXCLUSIVE,
                                      &gsiv, 1));
        aml_append(link, aml_name_decl(ctx, "_PRS", crs));
        aml_append(link, aml_name_decl(ctx, "_CRS", crs));
        aml_append(link, aml_method(ctx, "_SRS", 1, AML_NOTSERIALIZED));
        aml_append(parent, link);
    }
}

/* _PRT: slot S pin P routes to link (S + P) mod 4 */
static void dsdt_add_pci_routing(AmlContext *ctx, Aml *dev,
                                 const VirtMachineState *vms)
{
    Aml *prt = aml_varpackage(ctx, PCI_SLOT_MAX * PCI_NUM_PINS);
    Aml *source[PCI_NUM_PINS];

    for (unsigned i = 0; i < PCI_NUM_PINS; i++) {
        char name[8];

        source[i] = aml_name(ctx, "%s", pci_link_name(name, vms, i));
    }
    for (unsigned slot = 0; slot < PCI_SLOT_MAX; slot++) {
        for (unsigned pin = 0; pin < PCI_NUM_PINS; pin++) {
            Aml *entry = aml_package(ctx, 4);
            unsigned link = (slot + pin) % PCI_NUM_PINS;

            /* Address (any function), Pin, Source, Source Index */
            aml_append(entry, aml_int(ctx, (slot << 16) | 0xFFFF));
            aml_append(entry, aml_int(ctx, pin));
            aml_append(entry, source[link]);
            aml_append(entry, aml_int(ctx, 0));
            aml_append(prt, entry);
        }
    }
    aml_append(dev, aml_name_decl(ctx, "_PRT", prt));
    if (!vms->release->acpi_pci_links_in_sb) {
        dsdt_add_pci_links(ctx, dev, vms);
    }
}

static Aml *qword_window(AmlContext *ctx, const MemMapEntry *e)
{
    return aml_qword_memory(ctx, AML_POS_DECODE, AML_MIN_FIXED, AML_MAX_FIXED,
                            AML_NON_CACHEABLE, AML_READ_WRITE, 0, e->base,
                            e->base + e->size - 1, 0, e->size);
}

static Aml *pci_host_crs(AmlContext *ctx, const VirtAcpiBuild *s)
{
    const MemMapEntry *ecam = region(s, s->vms->ecam_id);
    const MemMapEntry *mmio = region(s, VIRT_PCIE_MMIO);
    const MemMapEntry *pio = region(s, VIRT_PCIE_PIO);
    uint16_t buses = (uint16_t)(ecam->size / PCIE_MMCFG_BUS_SIZE);
    Aml *crs = aml_resource_template(ctx);

    aml_append(crs, aml_word_bus_number(ctx, AML_MIN_FIXED, AML_MAX_FIXED,
                                        AML_POS_DECODE, 0, 0, buses - 1, 0,
                                        buses));
    aml_append(crs, aml_dword_memory(ctx, AML_POS_DECODE, AML_MIN_FIXED,
                                     AML_MAX_FIXED, AML_NON_CACHEABLE,
                                     AML_READ_WRITE, 0, (uint32_t)mmio->base,
                                     (uint32_t)(mmio->base + mmio->size - 1),
                                     0, (uint32_t)mmio->size));
    aml_append(crs, aml_dword_io(ctx, AML_MIN_FIXED, AML_MAX_FIXED,
                                 AML_POS_DECODE, AML_ENTIRE_RANGE, 0, 0,
                                 (uint32_t)(pio->size - 1),
                                 (uint32_t)pio->base, (uint32_t)pio->size));
    if (s->vms->highmem_mmio) {
        aml_append(crs, qword_window(ctx, region(s, VIRT_HIGH_PCIE_MMIO)));
    }
    return crs;
}

/*
 * _OSC for a PCI host bridge: grant the OS all five controls. The mask
 * lives in PCI0.CTRL (with the caller's CDW2 in PCI0.SUPP) and each
 * branch returns, or (acpi_pci_osc_local) in Local0 with one return.
 */
static void dsdt_add_pci_osc(AmlContext *ctx, Aml *dev, bool local)
{
    Aml *method = aml_method(ctx, "_OSC", 4, AML_NOTSERIALIZED);
    Aml *cdw1 = aml_name(ctx, "CDW1");
    Aml *ctrl = local ? aml_local(ctx, 0) : aml_name(ctx, "CTRL");
    Aml *is_pci = aml_if(ctx, aml_equal(ctx, aml_arg(ctx, 0),
                                        aml_touuid(ctx, "33DB4D5B-1FF7-401C-"
                                                        "9657-7441C03DD766")));
    Aml *bad_rev = aml_if(ctx, aml_lnot(ctx, aml_equal(ctx, aml_arg(ctx, 1),
                                                       aml_one(ctx))));
    Aml *cdw3 = aml_name(ctx, "CDW3");
    Aml *masked = aml_if(ctx, aml_lnot(ctx, aml_equal(ctx, cdw3, ctrl)));
    Aml *other = aml_else(ctx);

    if (!local) {
        aml_append(dev, aml_name_decl(ctx, "SUPP", aml_int(ctx, 0)));
        aml_append(dev, aml_name_decl(ctx, "CTRL", aml_int(ctx, 0)));
    }
    aml_append(method, aml_create_dword_field(ctx, aml_arg(ctx, 3),
                                              aml_int(ctx, 0), "CDW1"));

    aml_append(is_pci, aml_create_dword_field(ctx, aml_arg(ctx, 3),
                                              aml_int(ctx, 4), "CDW2"));
    aml_append(is_pci, aml_create_dword_field(ctx, aml_arg(ctx, 3),
                                              aml_int(ctx, 8), "CDW3"));
    if (!local) {
        aml_append(is_pci, aml_store(ctx, aml_name(ctx, "CDW2"),
                                     aml_name(ctx, "SUPP")));
    }
    aml_append(is_pci, aml_store(ctx, aml_name(ctx, "CDW3"), ctrl));
    aml_append(is_pci, aml_and(ctx, ctrl, aml_int(ctx, 0x1F), ctrl));
    /* Unknown revision */
    aml_append(bad_rev, aml_or(ctx, cdw1, aml_int(ctx, 0x08), cdw1));
    aml_append(is_pci, bad_rev);
    /* Capabilities masked */
    aml_append(masked, aml_or(ctx, cdw1, aml_int(ctx, 0x10), cdw1));
    aml_append(is_pci, masked);
    aml_append(is_pci, aml_store(ctx, ctrl, aml_name(ctx, "CDW3")));
    if (!local) {
        aml_append(is_pci, aml_return(ctx, aml_arg(ctx, 3)));
    }
    aml_append(method, is_pci);

    /* Unrecognized UUID */
    aml_append(other, aml_or(ctx, cdw1, aml_int(ctx, 4), cdw1));
    if (!local) {
        aml_append(other, aml_return(ctx, aml_arg(ctx, 3)));
    }
    aml_append(method, other);
    if (local) {
        aml_append(method, aml_return(ctx, aml_arg(ctx, 3)));
    }
    aml_append(dev, method);
}

/*
 * _DSM: PCI firmware device-labeling functions, only the query; it
 * answers 1 (functions to come) or (acpi_pci_dsm_query_none) 0
 */
static void dsdt_add_pci_dsm(AmlContext *ctx, Aml *dev, bool query_none)
{
    static const uint8_t one = 0x01, none = 0x00;
    const uint8_t *supported = query_none ? &none : &one;
    Aml *method = aml_method(ctx, "_DSM", 4, AML_NOTSERIALIZED);
    Aml *uuid = aml_touuid(ctx, "E5C937D0-3553-4D7A-9117-EA4D19C3434D");
    Aml *is_label = aml_if(ctx, aml_equal(ctx, aml_arg(ctx, 0), uuid));
    Aml *is_query = aml_if(ctx, aml_equal(ctx, aml_arg(ctx, 2),
                                          aml_int(ctx, 0)));

    aml_append(is_query, aml_return(ctx, aml_buffer(ctx, 1, supported)));
    aml_append(is_label, is_query);
    aml_append(method, is_label);
    aml_append(method, aml_return(ctx, aml_buffer(ctx, 1, &none)));
    aml_append(dev, method);
}

static void dsdt_add_pci(AmlContext *ctx, Aml *scope, const VirtAcpiBuild *s)
{
    const MemMapEntry *ecam = region(s, s->vms->ecam_id);
    Aml *dev = aml_device(ctx, "PCI0");
    Aml *cba = aml_method(ctx, "_CBA", 0, AML_NOTSERIALIZED);
    Aml *res0 = aml_device(ctx, "RES0");
    Aml *res0_crs = aml_resource_template(ctx);

    aml_append(dev, aml_name_decl(ctx, "_HID", aml_string(ctx, "PNP0A08")));
    aml_append(dev, aml_name_decl(ctx, "_CID", aml_string(ctx, "PNP0A03")));
    aml_append(dev, aml_name_decl(ctx, "_SEG", aml_int(ctx, 0)));
    aml_append(dev, aml_name_decl(ctx, "_BBN", aml_int(ctx, 0)));
    aml_append(dev, aml_name_decl(ctx, "_UID", aml_int(ctx, 0)));
    aml_append(dev, aml_name_decl(ctx, "_STR",
                                  aml_unicode(ctx, "PCIe 0 Device")));
    aml_append(dev, aml_name_decl(ctx, "_CCA", aml_one(ctx)));
    if (s->vms->release->acpi_pci_links_in_sb) {
        dsdt_add_pci_links(ctx, scope, s->vms);
    }
    dsdt_add_pci_routing(ctx, dev, s->vms);

    aml_append(cba, aml_return(ctx, aml_int(ctx, ecam->base)));
    aml_append(dev, cba);
    aml_append(dev, aml_name_decl(ctx, "_CRS", pci_host_crs(ctx, s)));
    dsdt_add_pci_osc(ctx, dev, s->vms->release->acpi_pci_osc_local);
    dsdt_add_pci_dsm(ctx, dev, s->vms->release->acpi_pci_dsm_query_none);

    /* The ECAM window, reserved as motherboard resources */
    aml_append(res0, aml_name_decl(ctx, "_HID", aml_string(ctx, "PNP0C02")));
    aml_append(res0_crs, qword_window(ctx, ecam));
    aml_append(res0, aml_name_decl(ctx, "_CRS", res0_crs));
    aml_append(dev, res0);
    aml_append(scope, dev);
}

/* PL061 with the power key on pin 3 (no firmware, or a 32-bit CPU) */
static void dsdt_add_gpio(AmlContext *ctx, Aml *scope, const VirtAcpiBuild *s)
{
    static const uint16_t power_pin = 3;
    Aml *dev = aml_device(ctx, "GPO0");
    Aml *aei = aml_resource_template(ctx);
    Aml *e03 = aml_method(ctx, "_E03", 0, AML_NOTSERIALIZED);
    uint32_t gsiv = ACPI_SPI(virt_irqmap[VIRT_GPIO]);

    aml_append(dev, aml_name_decl(ctx, "_HID", aml_string(ctx, "ARMH0061")));
    aml_append(dev, aml_name_decl(ctx, "_UID", aml_int(ctx, 0)));
    aml_append(dev, aml_name_decl(ctx, "_CRS",
                                  mmio_irq_crs(ctx, region(s, VIRT_GPIO),
                                               gsiv)));
    aml_append(aei, aml_gpio_int(ctx, AML_CONSUMER, AML_EDGE, AML_ACTIVE_HIGH,
                                 AML_EXCLUSIVE, AML_PULL_UP, 0, &power_pin, 1,
                                 "GPO0"));
    aml_append(dev, aml_name_decl(ctx, "_AEI", aei));
    aml_append(e03, aml_notify(ctx, aml_name(ctx, "PWRB"), aml_int(ctx, 0x80)));
    aml_append(dev, e03);
    aml_append(scope, dev);
}

/* Generic Event Device event bits (QEMU's GED selector register) */
#define GED_EVT_MEM_HOTPLUG 0x1
#define GED_EVT_PWR_DOWN 0x2
#define GED_EVT_ERROR 0x20

/* The GED replaces the PL061 when firmware is loaded on a 64-bit CPU */
static void dsdt_add_ged(AmlContext *ctx, Aml *scope, const VirtAcpiBuild *s)
{
    uint32_t gsiv = ACPI_SPI(virt_irqmap[VIRT_ACPI_GED]);
    hwaddr ged_base = region(s, VIRT_ACPI_GED)->base;
    Aml *dev = aml_device(ctx, "\\_SB.GED");
    Aml *crs = aml_resource_template(ctx);
    Aml *field = aml_field(ctx, "EREG", AML_DWORD_ACC, AML_NOLOCK,
                           AML_WRITE_AS_ZEROS);
    Aml *evt = aml_method(ctx, "_EVT", 1, AML_SERIALIZED);
    Aml *sel = aml_local(ctx, 0);
    Aml *pwr = aml_if(ctx, aml_equal(ctx,
                                     aml_and(ctx, sel,
                                             aml_int(ctx, GED_EVT_PWR_DOWN),
                                             NULL),
                                     aml_int(ctx, GED_EVT_PWR_DOWN)));

    aml_append(dev, aml_name_decl(ctx, "_HID", aml_string(ctx, "ACPI0013")));
    aml_append(dev, aml_name_decl(ctx, "_UID", aml_string(ctx, "GED")));
    aml_append(crs, aml_interrupt(ctx, AML_CONSUMER, AML_EDGE, AML_ACTIVE_HIGH,
                                  AML_EXCLUSIVE, &gsiv, 1));
    aml_append(dev, aml_name_decl(ctx, "_CRS", crs));
    /* The event selector: one 32-bit register at the GED base */
    aml_append(dev, aml_operation_region(ctx, "EREG", AML_SYSTEM_MEMORY,
                                         aml_int(ctx, ged_base), 4));
    aml_append(field, aml_named_field(ctx, "ESEL", 32));
    aml_append(dev, field);
    aml_append(evt, aml_store(ctx, aml_name(ctx, "ESEL"), sel));
    if (s->vms->ram_slots > 0) {
        Aml *mem = aml_if(ctx, aml_equal(ctx,
                                         aml_and(ctx, sel,
                                                 aml_int(ctx,
                                                         GED_EVT_MEM_HOTPLUG),
                                                 NULL),
                                         aml_int(ctx, GED_EVT_MEM_HOTPLUG)));

        aml_append(mem, aml_call(ctx, "\\_SB.MHPC.MSCN", NULL, 0));
        aml_append(evt, mem);
    }
    aml_append(pwr, aml_notify(ctx, aml_name(ctx, "PWRB"), aml_int(ctx, 0x80)));
    aml_append(evt, pwr);
    if (s->vms->release->acpi_error_device) {
        Aml *error = aml_if(ctx, aml_equal(ctx,
                                           aml_and(ctx, sel,
                                                   aml_int(ctx, GED_EVT_ERROR),
                                                   NULL),
                                           aml_int(ctx, GED_EVT_ERROR)));

        aml_append(error, aml_notify(ctx, aml_name(ctx, "GEDD"),
                                     aml_int(ctx, 0x80)));
        aml_append(evt, error);
    }
    aml_append(dev, evt);
    aml_append(scope, dev);
}

/*
 * Memory hot-plug (firmware with -m ...,slots=N): the register block at
 * PCDIMM_ACPI (MHPD) and the slot devices with the methods that read it
 * (MHPC), as QEMU 10.0 lays them out. MSEL selects a slot; the other
 * registers then describe it.
 */
/* Acquire (MLCK, 0xFFFF); MSEL = ToInteger (Arg0) */
static void mhp_select(AmlContext *ctx, Aml *method)
{
    aml_append(method, aml_acquire(ctx, aml_name(ctx, "MLCK"), 0xffff));
    aml_append(method, aml_store(ctx, aml_to_integer(ctx, aml_arg(ctx, 0)),
                                 aml_name(ctx, "MSEL")));
}

static Aml *mhp_fields(AmlContext *ctx, AmlAccessType acc,
                       AmlUpdateRule rule, const char *const *names,
                       const unsigned *bits, unsigned n, unsigned gap)
{
    Aml *field = aml_field(ctx, "\\_SB.MHPD.HPMR", acc, AML_NOLOCK, rule);

    if (gap) {
        aml_append(field, aml_reserved_field(ctx, gap));
    }
    for (unsigned i = 0; i < n; i++) {
        aml_append(field, aml_named_field(ctx, names[i], bits[i]));
    }
    return field;
}

static Aml *mhp_mscn(AmlContext *ctx)
{
    Aml *m = aml_method(ctx, "MSCN", 0, AML_NOTSERIALIZED);
    Aml *none = aml_if(ctx, aml_equal(ctx, aml_name(ctx, "MDNR"),
                                      aml_zero(ctx)));
    Aml *idx = aml_local(ctx, 0);
    Aml *loop = aml_while(ctx, aml_lless(ctx, idx, aml_name(ctx, "MDNR")));
    Aml *ins = aml_if(ctx, aml_equal(ctx, aml_name(ctx, "MINS"),
                                     aml_one(ctx)));
    Aml *els = aml_else(ctx);
    Aml *rmv = aml_if(ctx, aml_equal(ctx, aml_name(ctx, "MRMV"),
                                     aml_one(ctx)));
    const Aml *ins_args[] = { idx, aml_one(ctx) };
    const Aml *rmv_args[] = { idx, aml_int(ctx, 3) };

    aml_append(none, aml_return(ctx, aml_zero(ctx)));
    aml_append(m, none);
    aml_append(m, aml_store(ctx, aml_zero(ctx), idx));
    aml_append(m, aml_acquire(ctx, aml_name(ctx, "MLCK"), 0xffff));
    aml_append(loop, aml_store(ctx, idx, aml_name(ctx, "MSEL")));
    aml_append(ins, aml_call(ctx, "MTFY", ins_args, 2));
    aml_append(ins, aml_store(ctx, aml_one(ctx), aml_name(ctx, "MINS")));
    aml_append(loop, ins);
    aml_append(rmv, aml_call(ctx, "MTFY", rmv_args, 2));
    aml_append(rmv, aml_store(ctx, aml_one(ctx), aml_name(ctx, "MRMV")));
    aml_append(els, rmv);
    aml_append(loop, els);
    aml_append(loop, aml_add(ctx, idx, aml_one(ctx), idx));
    aml_append(m, loop);
    aml_append(m, aml_release(ctx, aml_name(ctx, "MLCK")));
    aml_append(m, aml_return(ctx, aml_one(ctx)));
    return m;
}

static Aml *mhp_mcrs(AmlContext *ctx)
{
    Aml *m = aml_method(ctx, "MCRS", 1, AML_SERIALIZED);
    Aml *mr64 = aml_resource_template(ctx);
    Aml *mr32 = aml_resource_template(ctx);
    Aml *carry = aml_if(ctx, aml_lless(ctx, aml_name(ctx, "MAXL"),
                                       aml_name(ctx, "MINL")));
    Aml *borrow = aml_if(ctx, aml_lless(ctx, aml_name(ctx, "MAXL"),
                                        aml_one(ctx)));
    Aml *small = aml_if(ctx, aml_equal(ctx, aml_name(ctx, "MAXH"),
                                       aml_zero(ctx)));
    static const struct {
        unsigned off;
        const char *name;
    } f64[] = {
        { 14, "MINL" }, { 18, "MINH" }, { 38, "LENL" }, { 42, "LENH" },
        { 22, "MAXL" }, { 26, "MAXH" },
    }, f32[] = { { 10, "MIN" }, { 14, "MAX" }, { 22, "LEN" } };

    mhp_select(ctx, m);
    aml_append(mr64, aml_qword_memory(ctx, AML_POS_DECODE, AML_MIN_FIXED,
                                      AML_MAX_FIXED, AML_CACHEABLE,
                                      AML_READ_WRITE, 0, 0,
                                      0xFFFFFFFFFFFFFFFEULL, 0,
                                      0xFFFFFFFFFFFFFFFFULL));
    aml_append(m, aml_name_decl(ctx, "MR64", mr64));
    for (unsigned i = 0; i < G_N_ELEMENTS(f64); i++) {
        aml_append(m, aml_create_dword_field(ctx, aml_name(ctx, "MR64"),
                                             aml_int(ctx, f64[i].off),
                                             f64[i].name));
    }
    aml_append(m, aml_store(ctx, aml_name(ctx, "MRBH"), aml_name(ctx, "MINH")));
    aml_append(m, aml_store(ctx, aml_name(ctx, "MRBL"), aml_name(ctx, "MINL")));
    aml_append(m, aml_store(ctx, aml_name(ctx, "MRLH"), aml_name(ctx, "LENH")));
    aml_append(m, aml_store(ctx, aml_name(ctx, "MRLL"), aml_name(ctx, "LENL")));
    aml_append(m, aml_add(ctx, aml_name(ctx, "MINL"), aml_name(ctx, "LENL"),
                          aml_name(ctx, "MAXL")));
    aml_append(m, aml_add(ctx, aml_name(ctx, "MINH"), aml_name(ctx, "LENH"),
                          aml_name(ctx, "MAXH")));
    aml_append(carry, aml_add(ctx, aml_name(ctx, "MAXH"), aml_one(ctx),
                              aml_name(ctx, "MAXH")));
    aml_append(m, carry);
    aml_append(borrow, aml_subtract(ctx, aml_name(ctx, "MAXH"), aml_one(ctx),
                                    aml_name(ctx, "MAXH")));
    aml_append(m, borrow);
    aml_append(m, aml_subtract(ctx, aml_name(ctx, "MAXL"), aml_one(ctx),
                               aml_name(ctx, "MAXL")));
    aml_append(mr32, aml_dword_memory(ctx, AML_POS_DECODE, AML_MIN_FIXED,
                                      AML_MAX_FIXED, AML_CACHEABLE,
                                      AML_READ_WRITE, 0, 0, 0xFFFFFFFE, 0,
                                      0xFFFFFFFF));
    aml_append(small, aml_name_decl(ctx, "MR32", mr32));
    for (unsigned i = 0; i < G_N_ELEMENTS(f32); i++) {
        aml_append(small, aml_create_dword_field(ctx, aml_name(ctx, "MR32"),
                                                 aml_int(ctx, f32[i].off),
                                                 f32[i].name));
    }
    aml_append(small, aml_store(ctx, aml_name(ctx, "MINL"),
                                aml_name(ctx, "MIN")));
    aml_append(small, aml_store(ctx, aml_name(ctx, "MAXL"),
                                aml_name(ctx, "MAX")));
    aml_append(small, aml_store(ctx, aml_name(ctx, "LENL"),
                                aml_name(ctx, "LEN")));
    aml_append(small, aml_release(ctx, aml_name(ctx, "MLCK")));
    aml_append(small, aml_return(ctx, aml_name(ctx, "MR32")));
    aml_append(m, small);
    aml_append(m, aml_release(ctx, aml_name(ctx, "MLCK")));
    aml_append(m, aml_return(ctx, aml_name(ctx, "MR64")));
    return m;
}

static void dsdt_add_memory_hotplug(AmlContext *ctx, Aml *scope,
                                    const VirtAcpiBuild *s)
{
    const MemMapEntry *r = region(s, VIRT_PCDIMM_ACPI);
    unsigned slots = s->vms->ram_slots;
    Aml *mhpd = aml_device(ctx, "\\_SB.MHPD");
    Aml *crs = aml_resource_template(ctx);
    Aml *mhpc = aml_device(ctx, "\\_SB.MHPC");
    Aml *sta = aml_method(ctx, "_STA", 0, AML_NOTSERIALIZED);
    Aml *none = aml_if(ctx, aml_equal(ctx, aml_name(ctx, "MDNR"),
                                      aml_zero(ctx)));
    Aml *m, *cond, *mtfy;
    static const char *const regs[] = { "MRBL", "MRBH", "MRLL", "MRLH",
                                        "MPX_" };
    static const unsigned regs_bits[] = { 32, 32, 32, 32, 32 };
    static const char *const flags[] = { "MES_", "MINS", "MRMV", "MEJ_" };
    static const unsigned flags_bits[] = { 1, 1, 1, 1 };
    static const char *const ctl[] = { "MSEL", "MOEV", "MOSC" };
    static const unsigned ctl_bits[] = { 32, 32, 32 };

    aml_append(mhpd, aml_name_decl(ctx, "_HID", aml_string(ctx, "PNP0A06")));
    aml_append(mhpd, aml_name_decl(ctx, "_UID", aml_string(ctx,
                                   "Memory hotplug resources")));
    aml_append(crs, aml_memory32_fixed(ctx, (uint32_t)r->base,
                                       (uint32_t)r->size, AML_READ_WRITE));
    aml_append(mhpd, aml_name_decl(ctx, "_CRS", crs));
    aml_append(mhpd, aml_operation_region(ctx, "HPMR", AML_SYSTEM_MEMORY,
                                          aml_int(ctx, r->base),
                                          (uint32_t)r->size));
    aml_append(scope, mhpd);

    aml_append(mhpc, aml_name_decl(ctx, "_HID", aml_string(ctx, "PNP0A06")));
    aml_append(mhpc, aml_name_decl(ctx, "_UID", aml_string(ctx,
                                   "DIMM devices")));
    aml_append(mhpc, aml_name_decl(ctx, "MDNR", aml_int(ctx, slots)));
    aml_append(mhpc, mhp_fields(ctx, AML_DWORD_ACC, AML_PRESERVE, regs,
                                regs_bits, G_N_ELEMENTS(regs), 0));
    aml_append(mhpc, mhp_fields(ctx, AML_BYTE_ACC, AML_WRITE_AS_ZEROS,
                                flags, flags_bits, G_N_ELEMENTS(flags),
                                0x14 * 8));
    aml_append(mhpc, mhp_fields(ctx, AML_DWORD_ACC, AML_PRESERVE, ctl,
                                ctl_bits, G_N_ELEMENTS(ctl), 0));
    aml_append(none, aml_return(ctx, aml_zero(ctx)));
    aml_append(sta, none);
    aml_append(sta, aml_return(ctx, aml_int(ctx, 0xb)));
    aml_append(mhpc, sta);
    aml_append(mhpc, aml_mutex(ctx, "MLCK", 0));
    aml_append(mhpc, mhp_mscn(ctx));

    /* MRST: 0xF when the selected slot is enabled */
    m = aml_method(ctx, "MRST", 1, AML_NOTSERIALIZED);
    aml_append(m, aml_store(ctx, aml_zero(ctx), aml_local(ctx, 0)));
    mhp_select(ctx, m);
    cond = aml_if(ctx, aml_equal(ctx, aml_name(ctx, "MES_"), aml_one(ctx)));
    aml_append(cond, aml_store(ctx, aml_int(ctx, 0xf), aml_local(ctx, 0)));
    aml_append(m, cond);
    aml_append(m, aml_release(ctx, aml_name(ctx, "MLCK")));
    aml_append(m, aml_return(ctx, aml_local(ctx, 0)));
    aml_append(mhpc, m);

    aml_append(mhpc, mhp_mcrs(ctx));

    m = aml_method(ctx, "MPXM", 1, AML_NOTSERIALIZED);
    mhp_select(ctx, m);
    aml_append(m, aml_store(ctx, aml_name(ctx, "MPX_"), aml_local(ctx, 0)));
    aml_append(m, aml_release(ctx, aml_name(ctx, "MLCK")));
    aml_append(m, aml_return(ctx, aml_local(ctx, 0)));
    aml_append(mhpc, m);

    m = aml_method(ctx, "MOST", 4, AML_NOTSERIALIZED);
    mhp_select(ctx, m);
    aml_append(m, aml_store(ctx, aml_arg(ctx, 1), aml_name(ctx, "MOEV")));
    aml_append(m, aml_store(ctx, aml_arg(ctx, 2), aml_name(ctx, "MOSC")));
    aml_append(m, aml_release(ctx, aml_name(ctx, "MLCK")));
    aml_append(mhpc, m);

    m = aml_method(ctx, "MEJ0", 2, AML_NOTSERIALIZED);
    mhp_select(ctx, m);
    aml_append(m, aml_store(ctx, aml_one(ctx), aml_name(ctx, "MEJ_")));
    aml_append(m, aml_release(ctx, aml_name(ctx, "MLCK")));
    aml_append(mhpc, m);

    mtfy = aml_method(ctx, "MTFY", 2, AML_NOTSERIALIZED);
    for (unsigned i = 0; i < slots; i++) {
        Aml *dev = aml_device(ctx, "MP%02X", i);
        const Aml *uid1[] = { aml_name(ctx, "_UID") };
        const Aml *ost[] = { aml_name(ctx, "_UID"), aml_arg(ctx, 0),
                             aml_arg(ctx, 1), aml_arg(ctx, 2) };
        const Aml *ej0[] = { aml_name(ctx, "_UID"), aml_arg(ctx, 0) };
        static const struct {
            const char *name, *target;
        } rets[] = { { "_CRS", "MCRS" }, { "_STA", "MRST" },
                     { "_PXM", "MPXM" } };

        aml_append(dev, aml_name_decl(ctx, "_UID",
                                      aml_string(ctx, "0x%02X", i)));
        aml_append(dev, aml_name_decl(ctx, "_HID", aml_int(ctx, 0x800cd041)));
        for (unsigned k = 0; k < G_N_ELEMENTS(rets); k++) {
            m = aml_method(ctx, rets[k].name, 0, AML_NOTSERIALIZED);
            aml_append(m, aml_return(ctx, aml_call(ctx, rets[k].target,
                                                   uid1, 1)));
            aml_append(dev, m);
        }
        m = aml_method(ctx, "_OST", 3, AML_NOTSERIALIZED);
        aml_append(m, aml_call(ctx, "MOST", ost, 4));
        aml_append(dev, m);
        m = aml_method(ctx, "_EJ0", 1, AML_NOTSERIALIZED);
        aml_append(m, aml_call(ctx, "MEJ0", ej0, 2));
        aml_append(dev, m);
        aml_append(mhpc, dev);

        cond = aml_if(ctx, aml_equal(ctx, aml_arg(ctx, 0), aml_int(ctx, i)));
        aml_append(cond, aml_notify(ctx, aml_name(ctx, "MP%02X", i),
                                    aml_arg(ctx, 1)));
        aml_append(mtfy, cond);
    }
    aml_append(mhpc, mtfy);
    aml_append(scope, mhpc);
}

static void dsdt_add_power_button(AmlContext *ctx, Aml *scope)
{
    Aml *dev = aml_device(ctx, "PWRB");

    aml_append(dev, aml_name_decl(ctx, "_HID", aml_string(ctx, "PNP0C0C")));
    aml_append(dev, aml_name_decl(ctx, "_UID", aml_int(ctx, 0)));
    aml_append(scope, dev);
}

/* "X == n" */
static Aml *aml_is(AmlContext *ctx, const Aml *x, uint64_t n)
{
    return aml_equal(ctx, x, aml_int(ctx, n));
}

/* "Local0 = DerefOf (Arg3 [Zero])" and "Local1 = TPFN (Local0)" */
static void tpm_ppi_read_op(AmlContext *ctx, Aml *block)
{
    const Aml *arg[1];

    aml_append(block, aml_store(ctx,
                                aml_derefof(ctx, aml_index(ctx, aml_arg(ctx, 3),
                                                           aml_zero(ctx))),
                                aml_local(ctx, 0)));
    arg[0] = aml_local(ctx, 0);
    aml_append(block, aml_store(ctx, aml_call(ctx, "TPFN", arg, 1),
                                aml_local(ctx, 1)));
}

/* "If (((Local1 & 0x07) == n)) { Return (r) }" */
static Aml *tpm_ppi_if_flags(AmlContext *ctx, uint64_t n, uint64_t r)
{
    Aml *blk = aml_if(ctx, aml_is(ctx, aml_and(ctx, aml_local(ctx, 1),
                                                aml_int(ctx, 7), NULL),
                                  n));

    aml_append(blk, aml_return(ctx, aml_int(ctx, r)));
    return blk;
}

/*
 * "If ((Arg0 == ToUUID (@uuid))) { If ((Arg2 == Zero)) { Return
 * (Buffer { @funcs }) } ... }": a _DSM's interface, with its function 0
 * (the functions it supports) in it
 */
static Aml *tpm_dsm_interface(AmlContext *ctx, const char *uuid,
                              const uint8_t *funcs, size_t n)
{
    Aml *ifc = aml_if(ctx, aml_equal(ctx, aml_arg(ctx, 0),
                                     aml_touuid(ctx, uuid)));
    Aml *blk = aml_if(ctx, aml_is(ctx, aml_arg(ctx, 2), 0));

    aml_append(blk, aml_return(ctx, aml_buffer(ctx, n, funcs)));
    aml_append(ifc, blk);
    return ifc;
}

/* "TPM3 [One] = @a", "TPM3 [0x02] = @b", "Return (TPM3)" */
static void tpm_ppi_return_pair(AmlContext *ctx, Aml *block, const char *a,
                                const char *b)
{
    aml_append(block, aml_store(ctx, aml_name(ctx, "%s", a),
                                aml_index(ctx, aml_name(ctx, "TPM3"),
                                          aml_one(ctx))));
    aml_append(block, aml_store(ctx, aml_name(ctx, "%s", b),
                                aml_index(ctx, aml_name(ctx, "TPM3"),
                                          aml_int(ctx, 2))));
    aml_append(block, aml_return(ctx, aml_name(ctx, "TPM3")));
}

/* "PPRQ = Local0" and "PPRM = @pprm" */
static void tpm_ppi_request(AmlContext *ctx, Aml *block, const Aml *pprm)
{
    aml_append(block, aml_store(ctx, aml_local(ctx, 0), aml_name(ctx, "PPRQ")));
    aml_append(block, aml_store(ctx, pprm, aml_name(ctx, "PPRM")));
}

/*
 * The Physical Presence Interface of 11.1's TPM0 (acpi_tpm_ppi), as
 * read from QEMU 11.1's DSDT: PPI 1.3 over a page of memory after the
 * TIS registers (@ppi): 256 bytes of per-operation flags, the
 * request/response fields at 0x100 and the memory-overwrite byte at
 * 0x15a; functions 0-8 of the PPI _DSM and 0-1 of the TCG memory
 * clear one (TCG Physical Presence Interface Specification 1.30; TCG
 * Platform Reset Attack Mitigation Specification).
 */
static void dsdt_add_tpm_ppi(AmlContext *ctx, Aml *dev, uint64_t ppi)
{
    static const uint8_t funcs_ppi[] = { 0xff, 0x01 };
    static const uint8_t funcs_mor[] = { 0x03 };
    static const uint8_t zero[] = { 0x00 };
    Aml *f, *m, *blk, *uuid, *pkg, *sub;

    aml_append(dev, aml_operation_region(ctx, "TPP2", AML_SYSTEM_MEMORY,
                                         aml_int(ctx, ppi + 0x100), 0x5a));
    f = aml_field(ctx, "TPP2", AML_ANY_ACC, AML_NOLOCK, AML_PRESERVE);
    aml_append(f, aml_named_field(ctx, "PPIN", 8));
    aml_append(f, aml_named_field(ctx, "PPIP", 32));
    aml_append(f, aml_named_field(ctx, "PPRP", 32));
    aml_append(f, aml_named_field(ctx, "PPRQ", 32));
    aml_append(f, aml_named_field(ctx, "PPRM", 32));
    aml_append(f, aml_named_field(ctx, "LPPR", 32));
    aml_append(dev, f);
    aml_append(dev, aml_operation_region(ctx, "TPP3", AML_SYSTEM_MEMORY,
                                         aml_int(ctx, ppi + 0x15a), 1));
    f = aml_field(ctx, "TPP3", AML_BYTE_ACC, AML_NOLOCK, AML_PRESERVE);
    aml_append(f, aml_named_field(ctx, "MOVV", 8));
    aml_append(dev, f);

    /* TPFN(op): the flags byte of operation @op, 0 beyond 255 */
    m = aml_method(ctx, "TPFN", 1, AML_SERIALIZED);
    blk = aml_if(ctx, aml_lnot(ctx, aml_lless(ctx, aml_arg(ctx, 0),
                                              aml_int(ctx, 0x100))));
    aml_append(blk, aml_return(ctx, aml_zero(ctx)));
    aml_append(m, blk);
    aml_append(m, aml_operation_region(ctx, "TPP1", AML_SYSTEM_MEMORY,
                                       aml_add(ctx, aml_int(ctx, ppi),
                                               aml_arg(ctx, 0), NULL),
                                       1));
    f = aml_field(ctx, "TPP1", AML_BYTE_ACC, AML_NOLOCK, AML_PRESERVE);
    aml_append(f, aml_named_field(ctx, "TPPF", 8));
    aml_append(m, f);
    aml_append(m, aml_return(ctx, aml_name(ctx, "TPPF")));
    aml_append(dev, m);

    pkg = aml_package(ctx, 2);
    aml_append(pkg, aml_zero(ctx));
    aml_append(pkg, aml_zero(ctx));
    aml_append(dev, aml_name_decl(ctx, "TPM2", pkg));
    pkg = aml_package(ctx, 3);
    aml_append(pkg, aml_zero(ctx));
    aml_append(pkg, aml_zero(ctx));
    aml_append(pkg, aml_zero(ctx));
    aml_append(dev, aml_name_decl(ctx, "TPM3", pkg));

    m = aml_method(ctx, "_DSM", 4, AML_SERIALIZED);
    /* PPI: 0, the functions supported (0-8) */
    uuid = tpm_dsm_interface(ctx, "3DDDFAA6-361B-4EB4-A424-8D10089D1653",
                             funcs_ppi, sizeof(funcs_ppi));
    /* 1: the interface version */
    blk = aml_if(ctx, aml_is(ctx, aml_arg(ctx, 2), 1));
    aml_append(blk, aml_return(ctx, aml_string(ctx, "1.3")));
    aml_append(uuid, blk);
    /* 2: submit a request (1.0 form) */
    blk = aml_if(ctx, aml_is(ctx, aml_arg(ctx, 2), 2));
    tpm_ppi_read_op(ctx, blk);
    aml_append(blk, tpm_ppi_if_flags(ctx, 0, 1));
    tpm_ppi_request(ctx, blk, aml_zero(ctx));
    aml_append(blk, aml_return(ctx, aml_zero(ctx)));
    aml_append(uuid, blk);
    /* 3: the pending request, with its parameter in revision 2 */
    blk = aml_if(ctx, aml_is(ctx, aml_arg(ctx, 2), 3));
    sub = aml_if(ctx, aml_is(ctx, aml_arg(ctx, 1), 1));
    aml_append(sub, aml_store(ctx, aml_name(ctx, "PPRQ"),
                              aml_index(ctx, aml_name(ctx, "TPM2"),
                                        aml_one(ctx))));
    aml_append(sub, aml_return(ctx, aml_name(ctx, "TPM2")));
    aml_append(blk, sub);
    sub = aml_if(ctx, aml_is(ctx, aml_arg(ctx, 1), 2));
    tpm_ppi_return_pair(ctx, sub, "PPRQ", "PPRM");
    aml_append(blk, sub);
    aml_append(uuid, blk);
    /* 4: the action to transition to the OS: a reboot */
    blk = aml_if(ctx, aml_is(ctx, aml_arg(ctx, 2), 4));
    aml_append(blk, aml_return(ctx, aml_int(ctx, 2)));
    aml_append(uuid, blk);
    /* 5: the last request and its response */
    blk = aml_if(ctx, aml_is(ctx, aml_arg(ctx, 2), 5));
    tpm_ppi_return_pair(ctx, blk, "LPPR", "PPRP");
    aml_append(uuid, blk);
    /* 6: the preferred language: not implemented */
    blk = aml_if(ctx, aml_is(ctx, aml_arg(ctx, 2), 6));
    aml_append(blk, aml_return(ctx, aml_int(ctx, 3)));
    aml_append(uuid, blk);
    /* 7: submit a request (with its parameter in revision 2) */
    blk = aml_if(ctx, aml_is(ctx, aml_arg(ctx, 2), 7));
    tpm_ppi_read_op(ctx, blk);
    aml_append(blk, tpm_ppi_if_flags(ctx, 0, 1));
    aml_append(blk, tpm_ppi_if_flags(ctx, 2, 3));
    sub = aml_if(ctx, aml_is(ctx, aml_arg(ctx, 1), 1));
    tpm_ppi_request(ctx, sub, aml_zero(ctx));
    aml_append(blk, sub);
    sub = aml_if(ctx, aml_is(ctx, aml_arg(ctx, 1), 2));
    tpm_ppi_request(ctx, sub,
                    aml_derefof(ctx, aml_index(ctx, aml_arg(ctx, 3),
                                               aml_one(ctx))));
    aml_append(blk, sub);
    aml_append(blk, aml_return(ctx, aml_zero(ctx)));
    aml_append(uuid, blk);
    /* 8: whether an operation needs the user */
    blk = aml_if(ctx, aml_is(ctx, aml_arg(ctx, 2), 8));
    tpm_ppi_read_op(ctx, blk);
    aml_append(blk, aml_return(ctx, aml_and(ctx, aml_local(ctx, 1),
                                            aml_int(ctx, 7), NULL)));
    aml_append(uuid, blk);
    aml_append(uuid, aml_return(ctx, aml_buffer(ctx, sizeof(zero), zero)));
    aml_append(m, uuid);

    /* Memory clear: 0 the functions (0-1), 1 set the request */
    uuid = tpm_dsm_interface(ctx, "376054ED-CC13-4675-901C-4756D7F2D45D",
                             funcs_mor, sizeof(funcs_mor));
    blk = aml_if(ctx, aml_is(ctx, aml_arg(ctx, 2), 1));
    aml_append(blk, aml_store(ctx,
                              aml_derefof(ctx, aml_index(ctx, aml_arg(ctx, 3),
                                                         aml_zero(ctx))),
                              aml_local(ctx, 0)));
    aml_append(blk, aml_store(ctx, aml_local(ctx, 0), aml_name(ctx, "MOVV")));
    aml_append(blk, aml_return(ctx, aml_zero(ctx)));
    aml_append(uuid, blk);
    aml_append(m, uuid);
    aml_append(dev, m);
}

/* TPM0: the TPM TIS on the platform bus */
static void dsdt_add_tpm(AmlContext *ctx, Aml *scope,
                         const VirtAcpiBuild *s)
{
    Aml *dev = aml_device(ctx, "TPM0");
    Aml *crs = aml_resource_template(ctx);
    uint64_t base = region(s, VIRT_PLATFORM_BUS)->base + s->vms->tpm_offset;
    bool ppi = s->vms->release->acpi_tpm_ppi;

    aml_append(dev, aml_name_decl(ctx, "_HID", aml_string(ctx, "MSFT0101")));
    if (!s->vms->release->acpi_tpm_no_str) {
        aml_append(dev, aml_name_decl(ctx, "_STR",
                                      aml_string(ctx, "TPM 2.0 Device")));
    }
    aml_append(dev, aml_name_decl(ctx, "_UID", aml_int(ctx, ppi ? 1 : 0)));
    if (ppi) {
        aml_append(dev, aml_name_decl(ctx, "_STA", aml_int(ctx, 0xf)));
    }
    aml_append(crs, aml_memory32_fixed(ctx, (uint32_t)base,
                                       (uint32_t)s->vms->tpm_size,
                                       AML_READ_WRITE));
    aml_append(dev, aml_name_decl(ctx, "_CRS", crs));
    if (ppi) {
        /* the PPI page follows the TIS registers */
        dsdt_add_tpm_ppi(ctx, dev, base + s->vms->tpm_size);
    }
    aml_append(scope, dev);
}

/* An ACPI Error Device (acpi_error_device) */
static void dsdt_add_error_device(AmlContext *ctx, Aml *scope)
{
    Aml *dev = aml_device(ctx, "GEDD");

    aml_append(dev, aml_name_decl(ctx, "_HID", aml_string(ctx, "PNP0C33")));
    aml_append(dev, aml_name_decl(ctx, "_UID", aml_int(ctx, 0)));
    aml_append(scope, dev);
}

/*
 * EDSM(UUID, Rev, Func, _, Args): the PCI firmware device-labeling _DSM
 * the root bus's devices would call. Function 0 answers 0x81 (function 7)
 * to revision 2 and later of that UUID, else 0; function 7 returns the
 * Package {instance, ""} with the instance from Args[0].
 */
static Aml *dsdt_pci_edsm(AmlContext *ctx)
{
    static const uint8_t none = 0x00;
    Aml *method = aml_method(ctx, "EDSM", 5, AML_SERIALIZED);
    Aml *query = aml_if(ctx, aml_equal(ctx, aml_arg(ctx, 2), aml_int(ctx, 0)));
    Aml *uuid = aml_touuid(ctx, "E5C937D0-3553-4D7A-9117-EA4D19C3434D");
    Aml *other_uuid = aml_if(ctx, aml_lnot(ctx, aml_equal(ctx, aml_arg(ctx, 0),
                                                          uuid)));
    Aml *old_rev = aml_if(ctx, aml_lless(ctx, aml_arg(ctx, 1),
                                         aml_int(ctx, 2)));
    Aml *label = aml_if(ctx, aml_equal(ctx, aml_arg(ctx, 2), aml_int(ctx, 7)));
    Aml *pkg = aml_package(ctx, 2);

    aml_append(query, aml_store(ctx, aml_buffer(ctx, 1, &none),
                                aml_local(ctx, 0)));
    aml_append(other_uuid, aml_return(ctx, aml_local(ctx, 0)));
    aml_append(query, other_uuid);
    aml_append(old_rev, aml_return(ctx, aml_local(ctx, 0)));
    aml_append(query, old_rev);
    aml_append(query, aml_store(ctx, aml_int(ctx, 0x81),
                                aml_index(ctx, aml_local(ctx, 0),
                                          aml_int(ctx, 0))));
    aml_append(query, aml_return(ctx, aml_local(ctx, 0)));
    aml_append(method, query);

    aml_append(pkg, aml_int(ctx, 0));
    aml_append(pkg, aml_string(ctx, "%s", ""));
    aml_append(label, aml_store(ctx, pkg, aml_local(ctx, 0)));
    aml_append(label, aml_store(ctx,
                                aml_derefof(ctx, aml_index(ctx,
                                                           aml_arg(ctx, 4),
                                                           aml_int(ctx, 0))),
                                aml_local(ctx, 1)));
    aml_append(label, aml_store(ctx, aml_local(ctx, 1),
                                aml_index(ctx, aml_local(ctx, 0),
                                          aml_int(ctx, 0))));
    aml_append(label, aml_return(ctx, aml_local(ctx, 0)));
    aml_append(method, label);
    return method;
}

/* Device (Sxx), xx the devfn in hex, with _ADR slot << 16 | function */
static Aml *dsdt_pci_slot(AmlContext *ctx, unsigned slot, unsigned fn)
{
    Aml *dev = aml_device(ctx, "S%.02X", slot << 3 | fn);

    aml_append(dev, aml_name_decl(ctx, "_ADR", aml_int(ctx, slot << 16 | fn)));
    return dev;
}

/*
 * The devices of the PCIe root bus (acpi_pci_bus_devices): the label
 * helper, S00 (the host bridge at 00.0) and S08 (QEMU's default NIC at
 * 01.0); any other PCI device is refused (virt_acpi_check_supported)
 */
static void dsdt_add_pci_bus_devices(AmlContext *ctx, GByteArray *table,
                                     const VirtMachineState *vms)
{
    Aml *scope = aml_scope(ctx, "\\_SB.PCI0");

    aml_append(scope, dsdt_pci_edsm(ctx));
    aml_append(scope, dsdt_pci_slot(ctx, 0, 0));
    if (vms->default_nic) {
        aml_append(scope, dsdt_pci_slot(ctx, 1, 0));
    }
    aml_append_to(table, scope);
}


/* 5.2.11.1 Differentiated System Description Table */
static void build_dsdt(VirtAcpiBuild *s)
{
    g_autoptr(AmlContext) ctx = aml_context_new();
    Aml *scope = aml_scope(ctx, "\\_SB");
    AcpiTable t;

    table_begin(s, &t, "DSDT");
    /* No RTC device: UEFI owns the PL031 */
    dsdt_add_cpus(ctx, scope, s->vms);
    dsdt_add_uart(ctx, scope, s, 0, VIRT_UART);
    if (s->vms->uarts > 1) {
        dsdt_add_uart(ctx, scope, s, 1, VIRT_SECURE_UART);
    }
    if (s->vms->compat.acpi_expose_flash) {
        dsdt_add_flash(ctx, scope, s);
    }
    dsdt_add_fw_cfg(ctx, scope, s);
    dsdt_add_virtio(ctx, scope, s);
    dsdt_add_pci(ctx, scope, s);
    if (s->vms->acpi_ged) {
        dsdt_add_ged(ctx, scope, s);
        if (s->vms->ram_slots > 0) {
            dsdt_add_memory_hotplug(ctx, scope, s);
        }
    } else {
        dsdt_add_gpio(ctx, scope, s);
    }
    dsdt_add_power_button(ctx, scope);
    /* 11.1 adds the TPM after the error device */
    if (s->vms->tpm && !s->vms->release->acpi_tpm_ppi) {
        dsdt_add_tpm(ctx, scope, s);
    }
    if (s->vms->release->acpi_error_device) {
        dsdt_add_error_device(ctx, scope);
    }
    if (s->vms->tpm && s->vms->release->acpi_tpm_ppi) {
        dsdt_add_tpm(ctx, scope, s);
    }
    aml_append_to(blob(s), scope);
    if (s->vms->release->acpi_pci_bus_devices) {
        dsdt_add_pci_bus_devices(ctx, blob(s), s->vms);
    }
    acpi_table_end(s->b, &t);
}

/* ======================================================================
 * Static tables
 * ====================================================================== */

/* FADT Flags: HW_REDUCED_ACPI */
#define FADT_F_HW_REDUCED_ACPI (1u << 20)
/* ARM_BOOT_ARCH flags */
#define FADT_ARM_PSCI_COMPLIANT (1u << 0)
#define FADT_ARM_PSCI_USE_HVC (1u << 1)
/* FADT field offsets */
#define FADT_X_DSDT_OFFSET 140

/* 5.2.9 Fixed ACPI Description Table, revision 6.0 (6.3 in 10.0) */
static void build_fadt(VirtAcpiBuild *s)
{
    GByteArray *a = blob(s);
    uint16_t arm_flags = 0;
    AcpiTable t;

    switch (s->vms->psci_conduit) {
    case VIRT_PSCI_CONDUIT_DISABLED:
        break;
    case VIRT_PSCI_CONDUIT_HVC:
        arm_flags = FADT_ARM_PSCI_COMPLIANT | FADT_ARM_PSCI_USE_HVC;
        break;
    case VIRT_PSCI_CONDUIT_SMC:
        arm_flags = FADT_ARM_PSCI_COMPLIANT;
        break;
    }

    table_begin(s, &t, "FACP");
    acpi_append_u32(a, 0);              /* FIRMWARE_CTRL: no FACS */
    acpi_append_u32(a, 0);              /* DSDT: X_DSDT is used */
    acpi_append_u8(a, 0);               /* Reserved */
    acpi_append_u8(a, 0);               /* Preferred_PM_Profile */
    acpi_append_u16(a, 0);              /* SCI_INT */
    acpi_append_u32(a, 0);              /* SMI_CMD */
    acpi_append_u8(a, 0);               /* ACPI_ENABLE */
    acpi_append_u8(a, 0);               /* ACPI_DISABLE */
    acpi_append_u8(a, 0);               /* S4BIOS_REQ */
    acpi_append_u8(a, 0);               /* PSTATE_CNT */
    acpi_append_u32(a, 0);              /* PM1a_EVT_BLK */
    acpi_append_u32(a, 0);              /* PM1b_EVT_BLK */
    acpi_append_u32(a, 0);              /* PM1a_CNT_BLK */
    acpi_append_u32(a, 0);              /* PM1b_CNT_BLK */
    acpi_append_u32(a, 0);              /* PM2_CNT_BLK */
    acpi_append_u32(a, 0);              /* PM_TMR_BLK */
    acpi_append_u32(a, 0);              /* GPE0_BLK */
    acpi_append_u32(a, 0);              /* GPE1_BLK */
    acpi_append_u8(a, 0);               /* PM1_EVT_LEN */
    acpi_append_u8(a, 0);               /* PM1_CNT_LEN */
    acpi_append_u8(a, 0);               /* PM2_CNT_LEN */
    acpi_append_u8(a, 0);               /* PM_TMR_LEN */
    acpi_append_u8(a, 0);               /* GPE0_BLK_LEN */
    acpi_append_u8(a, 0);               /* GPE1_BLK_LEN */
    acpi_append_u8(a, 0);               /* GPE1_BASE */
    acpi_append_u8(a, 0);               /* CST_CNT */
    acpi_append_u16(a, 0);              /* P_LVL2_LAT */
    acpi_append_u16(a, 0);              /* P_LVL3_LAT */
    acpi_append_u16(a, 0);              /* FLUSH_SIZE */
    acpi_append_u16(a, 0);              /* FLUSH_STRIDE */
    acpi_append_u8(a, 0);               /* DUTY_OFFSET */
    acpi_append_u8(a, 0);               /* DUTY_WIDTH */
    acpi_append_u8(a, 0);               /* DAY_ALRM */
    acpi_append_u8(a, 0);               /* MON_ALRM */
    acpi_append_u8(a, 0);               /* CENTURY */
    acpi_append_u16(a, 0);              /* IAPC_BOOT_ARCH */
    acpi_append_u8(a, 0);               /* Reserved */
    acpi_append_u32(a, FADT_F_HW_REDUCED_ACPI); /* Flags */
    append_gas(a, 0, 0, 0, 0, 0);       /* RESET_REG */
    acpi_append_u8(a, 0);               /* RESET_VALUE */
    acpi_append_u16(a, arm_flags);      /* ARM_BOOT_ARCH */
    /* FADT Minor Version */
    acpi_append_u8(a, (uint8_t)s->vms->release->acpi_fadt_minor);
    acpi_append_u64(a, 0);              /* X_FIRMWARE_CTRL */
    g_assert(a->len - t.start == FADT_X_DSDT_OFFSET);
    acpi_append_u64(a, 0);              /* X_DSDT */
    acpi_add_pointer(s->b, s->tables, t.start + FADT_X_DSDT_OFFSET, 8,
                     s->tables, s->dsdt);
    append_gas(a, 0, 0, 0, 0, 0);       /* X_PM1a_EVT_BLK */
    append_gas(a, 0, 0, 0, 0, 0);       /* X_PM1b_EVT_BLK */
    append_gas(a, 0, 0, 0, 0, 0);       /* X_PM1a_CNT_BLK */
    append_gas(a, 0, 0, 0, 0, 0);       /* X_PM1b_CNT_BLK */
    append_gas(a, 0, 0, 0, 0, 0);       /* X_PM2_CNT_BLK */
    append_gas(a, 0, 0, 0, 0, 0);       /* X_PM_TMR_BLK */
    append_gas(a, 0, 0, 0, 0, 0);       /* X_GPE0_BLK */
    append_gas(a, 0, 0, 0, 0, 0);       /* X_GPE1_BLK */
    append_gas(a, 0, 0, 0, 0, 0);       /* SLEEP_CONTROL_REG */
    append_gas(a, 0, 0, 0, 0, 0);       /* SLEEP_STATUS_REG */
    /* Hypervisor Vendor Identity: revision 6 (ACPI 6.0) on; 5.2 writes 5 */
    if (t.rev >= 6) {
        acpi_append_padded_str(a, "QEMU", 8, '\0');
    }
    acpi_table_end(s->b, &t);
}

/* MADT structure types (5.2.12) */
#define MADT_GICC 0x0B
#define MADT_GICD 0x0C
#define MADT_GIC_MSI_FRAME 0x0D
#define MADT_GICR 0x0E
#define MADT_GIC_ITS 0x0F

/* 5.2.12.14 GIC CPU Interface (GICC) Structure */
static void madt_add_gicc(VirtAcpiBuild *s, unsigned cpu)
{
    const VirtMachineState *vms = s->vms;
    GByteArray *a = blob(s);
    bool v2 = vms->gic_version == VIRT_GIC_VERSION_2;
    uint32_t start = acpi_struct_begin(a, MADT_GICC, 1);

    acpi_append_u16(a, 0);              /* Reserved */
    acpi_append_u32(a, cpu);            /* CPU Interface Number */
    acpi_append_u32(a, cpu);            /* ACPI Processor UID */
    acpi_append_u32(a, 1);              /* Flags: Enabled */
    acpi_append_u32(a, 0);              /* Parking Protocol Version */
    /*
     * Performance Interrupt GSIV. Every CPU model has the PMU feature
     * (cortex-a15 too, though its DT has no pmu node) unless the machine
     * type predates it or -cpu ...,pmu=off turns it off.
     */
    acpi_append_u32(a, vms->pmu ? ACPI_PPI(VIRT_PPI_PMU) : 0);
    acpi_append_u64(a, 0);              /* Parked Address */
    /* Physical Base Address; GICV and GICH: always filled for GICv2 */
    acpi_append_u64(a, v2 ? region(s, VIRT_GIC_CPU)->base : 0);
    acpi_append_u64(a, v2 ? region(s, VIRT_GIC_VCPU)->base : 0); /* GICV */
    acpi_append_u64(a, v2 ? region(s, VIRT_GIC_HYP)->base : 0);  /* GICH */
    /* VGIC Maintenance interrupt */
    acpi_append_u32(a, vms->virtualization ? ACPI_PPI(VIRT_PPI_GIC_MAINT) : 0);
    acpi_append_u64(a, 0);              /* GICR Base Address */
    acpi_append_u64(a, virt_cpu_mp_affinity(vms, (int)cpu)); /* MPIDR */
    if (!vms->release->acpi_gicc_76_bytes) {
        acpi_append_u8(a, 0);    /* Processor Power Efficiency Class */
        acpi_append_zeros(a, 3); /* Reserved */
    }
    acpi_struct_end(a, start, 1);
}

/* 5.2.12.17 GIC Redistributor (GICR) Structure */
static void madt_add_gicr(GByteArray *a, const MemMapEntry *e)
{
    uint32_t start = acpi_struct_begin(a, MADT_GICR, 1);

    acpi_append_u16(a, 0);                  /* Reserved */
    acpi_append_u64(a, e->base);            /* Discovery Range Base Address */
    acpi_append_u32(a, (uint32_t)e->size);  /* Discovery Range Length */
    acpi_struct_end(a, start, 1);
}

/* 5.2.12 Multiple APIC Description Table */
static void build_madt(VirtAcpiBuild *s)
{
    const VirtMachineState *vms = s->vms;
    GByteArray *a = blob(s);
    uint32_t start;
    AcpiTable t;

    table_begin(s, &t, "APIC");
    acpi_append_u32(a, 0);              /* Local Interrupt Controller Address */
    acpi_append_u32(a, 0);              /* Flags */

    /* 5.2.12.15 GIC Distributor (GICD) Structure */
    start = acpi_struct_begin(a, MADT_GICD, 1);
    acpi_append_u16(a, 0);              /* Reserved */
    acpi_append_u32(a, 0);              /* GIC ID */
    acpi_append_u64(a, region(s, VIRT_GIC_DIST)->base); /* Physical Base */
    acpi_append_u32(a, 0);              /* System Vector Base */
    acpi_append_u8(a, (uint8_t)vms->gic_version); /* GIC version */
    acpi_append_zeros(a, 3);            /* Reserved */
    acpi_struct_end(a, start, 1);

    for (unsigned i = 0; i < vms->smp.cpus; i++) {
        madt_add_gicc(s, i);
    }

    if (vms->gic_version != VIRT_GIC_VERSION_2) {
        madt_add_gicr(a, region(s, VIRT_GIC_REDIST));
        if (vms->redist_region_count == 2) {
            madt_add_gicr(a, region(s, VIRT_HIGH_GIC_REDIST2));
        }
        /*
         * 5.2.12.18 GIC ITS Structure: listed even with its=off (7.2),
         * only with an ITS selected (11.1)
         */
        if (vms->acpi_its) {
            start = acpi_struct_begin(a, MADT_GIC_ITS, 1);
            acpi_append_u16(a, 0);      /* Reserved */
            acpi_append_u32(a, 0);      /* GIC ITS ID */
            acpi_append_u64(a, region(s, VIRT_GIC_ITS)->base); /* Base */
            acpi_append_u32(a, 0);      /* Reserved */
            acpi_struct_end(a, start, 1);
        }
    }
    /* a GICv2m frame: GICv2, or (11.1) msi=gicv2m on any GIC */
    if (vms->v2m) {
        /* 5.2.12.16 GIC MSI Frame Structure */
        start = acpi_struct_begin(a, MADT_GIC_MSI_FRAME, 1);
        acpi_append_u16(a, 0);          /* Reserved */
        acpi_append_u32(a, 0);          /* GIC MSI Frame ID */
        acpi_append_u64(a, region(s, VIRT_GIC_V2M)->base); /* Physical Base */
        acpi_append_u32(a, 1);          /* Flags: SPI Count/Base Select */
        acpi_append_u16(a, VIRT_GICV2M_NUM_SPIS);           /* SPI Count */
        acpi_append_u16(a, ACPI_SPI(virt_irqmap[VIRT_GIC_V2M])); /* SPI Base */
        acpi_struct_end(a, start, 1);
    }
    acpi_table_end(s->b, &t);
}

/* PPTT Processor Hierarchy Node flags */
#define PPTT_PHYSICAL_PACKAGE (1u << 0)
#define PPTT_ACPI_ID_VALID (1u << 1)
#define PPTT_IS_THREAD (1u << 2)
#define PPTT_IS_LEAF (1u << 3)
#define PPTT_IDENTICAL_IMPL (1u << 4)

/* 5.2.29.1 Processor Hierarchy Node Structure; returns its offset */
static uint32_t pptt_add_node(GByteArray *a, uint32_t table_start,
                              uint32_t flags, uint32_t parent, uint32_t id)
{
    uint32_t start = acpi_struct_begin(a, 0, 1);

    acpi_append_u16(a, 0);              /* Reserved */
    acpi_append_u32(a, flags);          /* Flags */
    acpi_append_u32(a, parent);         /* Parent */
    acpi_append_u32(a, id);             /* ACPI Processor ID */
    acpi_append_u32(a, 0);              /* Number of private resources */
    acpi_struct_end(a, start, 1);
    return start - table_start;
}

/*
 * 5.2.29 Processor Properties Topology Table: (11.1) a package node
 * above the sockets, one package per socket, one cluster node per
 * cluster (10.0: only when -smp names clusters, acpi_pptt_clusters),
 * then a leaf per possible vCPU (with a core node above the threads when
 * threads > 1); (11.1) every node but the leaves sets Identical
 * Implementation. vCPU n sits in socket
 * n / (clusters * cores * threads), cluster n / (cores * threads) %
 * clusters, core n / threads % cores.
 */
static void build_pptt(VirtAcpiBuild *s)
{
    const VirtSmp *smp = &s->vms->smp;
    /* Without -smp the levels may be left 0: one of each */
    unsigned clusters = MAX(smp->clusters, 1u);
    unsigned cores = MAX(smp->cores, 1u);
    unsigned threads = MAX(smp->threads, 1u);
    const VirtRelease *r = s->vms->release;
    uint32_t upper = r->acpi_pptt_identical_impl ? PPTT_IDENTICAL_IMPL : 0;
    GByteArray *a = blob(s);
    uint32_t root_off = 0, socket_off = 0, cluster_off = 0, core_off = 0;
    long socket = -1, cluster = -1, core = -1;
    AcpiTable t;

    table_begin(s, &t, "PPTT");
    if (r->acpi_pptt_root_node) {
        root_off = pptt_add_node(a, t.start, PPTT_PHYSICAL_PACKAGE | upper,
                                 0, 0);
    }
    for (unsigned n = 0; n < smp->max_cpus; n++) {
        long n_socket = n / (clusters * cores * threads);
        long n_cluster = n / (cores * threads) % clusters;
        long n_core = n / threads % cores;

        if (n_socket != socket) {
            socket = n_socket;
            cluster = -1;
            core = -1;
            socket_off = pptt_add_node(a, t.start,
                                       PPTT_PHYSICAL_PACKAGE | upper,
                                       root_off, (uint32_t)socket);
        }
        if (n_cluster != cluster) {
            cluster = n_cluster;
            core = -1;
            cluster_off = s->vms->acpi_pptt_clusters ?
                              pptt_add_node(a, t.start, upper, socket_off,
                                            (uint32_t)cluster) :
                              socket_off;
        }
        if (threads == 1) {
            pptt_add_node(a, t.start, PPTT_ACPI_ID_VALID | PPTT_IS_LEAF,
                          cluster_off, n);
            continue;
        }
        if (n_core != core) {
            core = n_core;
            core_off = pptt_add_node(a, t.start, upper, cluster_off,
                                     (uint32_t)core);
        }
        pptt_add_node(a, t.start,
                      PPTT_ACPI_ID_VALID | PPTT_IS_THREAD | PPTT_IS_LEAF,
                      core_off, n);
    }
    acpi_table_end(s->b, &t);
}

/* GTDT timer flags: bit 0 edge-triggered, bit 2 always-on (active high) */
#define GTDT_TIMER_EDGE (1u << 0)
#define GTDT_ALWAYS_ON (1u << 2)

/* 5.2.24 Generic Timer Description Table */
static void build_gtdt(VirtAcpiBuild *s)
{
    GByteArray *a = blob(s);
    /* virt-2.8 and older claim edge-triggered timers */
    uint32_t irqflags = s->vms->compat.claim_edge_triggered_timers ?
                        GTDT_TIMER_EDGE : 0;
    /* no memory-mapped counter: all ones (5.2: 0) */
    uint64_t cnt_base =
        s->vms->release->acpi_gtdt_cnt_base_zero ? 0 : UINT64_MAX;
    AcpiTable t;

    table_begin(s, &t, "GTDT");
    acpi_append_u64(a, cnt_base);       /* CntControlBase Physical Address */
    acpi_append_u32(a, 0);              /* Reserved */
    acpi_append_u32(a, ACPI_PPI(VIRT_PPI_TIMER_S_EL1)); /* Secure EL1 GSIV */
    acpi_append_u32(a, irqflags);       /* Secure EL1 Timer Flags */
    acpi_append_u32(a, ACPI_PPI(VIRT_PPI_TIMER_NS_EL1)); /* NS EL1 GSIV */
    /* Non-Secure EL1 Timer Flags */
    acpi_append_u32(a, irqflags | GTDT_ALWAYS_ON);
    acpi_append_u32(a, ACPI_PPI(VIRT_PPI_TIMER_VIRT)); /* Virtual Timer GSIV */
    acpi_append_u32(a, irqflags);       /* Virtual Timer Flags */
    acpi_append_u32(a, ACPI_PPI(VIRT_PPI_TIMER_NS_EL2)); /* EL2 Timer GSIV */
    acpi_append_u32(a, irqflags);       /* EL2 Timer Flags */
    acpi_append_u64(a, cnt_base);       /* CntReadBase Physical Address */
    acpi_append_u32(a, 0);              /* Platform Timer Count */
    acpi_append_u32(a, 0);              /* Platform Timer Offset */
    if (s->vms->release->acpi_gtdt_el2_vtimer) {
        bool vtimer = s->vms->el2_vtimer; /* 0 and 0 without it */

        /* Virtual EL2 Timer GSIV */
        acpi_append_u32(a, vtimer ? ACPI_PPI(VIRT_PPI_TIMER_VIRT_EL2) : 0);
        /* Virtual EL2 Timer Flags */
        acpi_append_u32(a, vtimer ? irqflags : 0);
    }
    acpi_table_end(s->b, &t);
}

/* PCI Firmware Specification 3.2, 4.1.2 MCFG Table */
static void build_mcfg(VirtAcpiBuild *s)
{
    const MemMapEntry *ecam = region(s, s->vms->ecam_id);
    GByteArray *a = blob(s);
    AcpiTable t;

    table_begin(s, &t, "MCFG");
    acpi_append_u64(a, 0);              /* Reserved */
    /* Configuration Space Base Address Allocation Structure */
    acpi_append_u64(a, ecam->base);     /* Base Address */
    acpi_append_u16(a, 0);              /* PCI Segment Group Number */
    acpi_append_u8(a, 0);               /* Start Bus Number */
    /* End Bus Number */
    acpi_append_u8(a, (uint8_t)(ecam->size / PCIE_MMCFG_BUS_SIZE - 1));
    acpi_append_u32(a, 0);              /* Reserved */
    acpi_table_end(s->b, &t);
}

/* Serial Port Console Redirection Table, revision 2 */
static void build_spcr(VirtAcpiBuild *s)
{
    GByteArray *a = blob(s);
    AcpiTable t;

    table_begin(s, &t, "SPCR");
    acpi_append_u8(a, 3);               /* Interface Type: ARM PL011 */
    acpi_append_zeros(a, 3);            /* Reserved */
    append_uart_gas(s, a);              /* Base Address */
    acpi_append_u8(a, 1u << 3);         /* Interrupt Type: ARM GIC */
    acpi_append_u8(a, 0);               /* IRQ */
    /* Global System Interrupt */
    acpi_append_u32(a, ACPI_SPI(virt_irqmap[VIRT_UART]));
    acpi_append_u8(a, 3);               /* Baud Rate: 9600 */
    acpi_append_u8(a, 0);               /* Parity: none */
    acpi_append_u8(a, 1);               /* Stop Bits: 1 */
    acpi_append_u8(a, 1u << 1);         /* Flow Control: RTS/CTS */
    acpi_append_u8(a, 0);               /* Terminal Type: VT100 */
    acpi_append_u8(a, 0);               /* Language */
    acpi_append_u16(a, 0xFFFF);         /* PCI Device ID: not PCI */
    acpi_append_u16(a, 0xFFFF);         /* PCI Vendor ID: not PCI */
    acpi_append_u8(a, 0);               /* PCI Bus Number */
    acpi_append_u8(a, 0);               /* PCI Device Number */
    acpi_append_u8(a, 0);               /* PCI Function Number */
    acpi_append_u32(a, 0);              /* PCI Flags */
    acpi_append_u8(a, 0);               /* PCI Segment */
    acpi_append_u32(a, 0);              /* Reserved */
    acpi_table_end(s->b, &t);
}

/* Microsoft Debug Port Table 2, one PL011 named \_SB.COM0 */
static void build_dbg2(VirtAcpiBuild *s)
{
    static const char name[] = "COM0";
    const uint16_t name_len = sizeof(name);
    const uint16_t gas_off = 22, size_off = 34, name_off = 38;
    GByteArray *a = blob(s);
    uint32_t info;
    AcpiTable t;

    table_begin(s, &t, "DBG2");
    acpi_append_u32(a, ACPI_TABLE_HEADER_SIZE + 8); /* OffsetDbgDeviceInfo */
    acpi_append_u32(a, 1);              /* NumberDbgDeviceInfo */

    /* Debug Device Information structure */
    info = a->len;
    acpi_append_u8(a, 0);               /* Revision */
    acpi_append_u16(a, 0);              /* Length, patched below */
    acpi_append_u8(a, 1);               /* NumberofGenericAddressRegisters */
    acpi_append_u16(a, name_len);       /* NameSpaceStringLength */
    acpi_append_u16(a, name_off);       /* NameSpaceStringOffset */
    acpi_append_u16(a, 0);              /* OemDataLength */
    acpi_append_u16(a, 0);              /* OemDataOffset */
    acpi_append_u16(a, 0x8000);         /* Port Type: serial */
    acpi_append_u16(a, 0x0003);         /* Port Subtype: ARM PL011 */
    acpi_append_u16(a, 0);              /* Reserved */
    acpi_append_u16(a, gas_off);        /* BaseAddressRegisterOffset */
    acpi_append_u16(a, size_off);       /* AddressSizeOffset */
    g_assert(a->len - info == gas_off);
    append_uart_gas(s, a);              /* BaseAddressRegister */
    g_assert(a->len - info == size_off);
    acpi_append_u32(a, (uint32_t)region(s, VIRT_UART)->size); /* AddressSize */
    g_assert(a->len - info == name_off);
    acpi_append_bytes(a, name, name_len); /* NamespaceString */
    acpi_patch_int(a, info + 1, a->len - info, 2);
    acpi_table_end(s->b, &t);
}

/* TPM2 Start Method: Memory mapped I/O (the TIS) */
#define TPM2_START_MMIO 6

/* TCG ACPI Specification: the TPM2 table of a TPM TIS */
static void build_tpm2(VirtAcpiBuild *s)
{
    GByteArray *a = blob(s);
    uint32_t lasa;
    AcpiTable t;

    table_begin(s, &t, "TPM2");
    acpi_append_u16(a, 0);              /* Platform Class: client */
    acpi_append_u16(a, 0);              /* Reserved */
    acpi_append_u64(a, 0);              /* Address of CRB Control Area */
    acpi_append_u32(a, TPM2_START_MMIO); /* Start Method */
    acpi_append_zeros(a, 12);           /* Start Method Specific Parameters */
    acpi_append_u32(a, VIRT_ACPI_TPM_LOG_SIZE); /* Log Area Minimum Length */
    lasa = a->len;
    acpi_append_u64(a, 0);              /* Log Area Start Address */
    acpi_add_pointer(s->b, s->tables, lasa, 8, s->tpm_log, 0);
    acpi_table_end(s->b, &t);
}

static bool virt_acpi_has_tpm2(const VirtMachineState *vms)
{
    return vms->tpm;
}

/* SRAT structure types and memory affinity flags */
#define SRAT_MEMORY 1
#define SRAT_GICC_AFFINITY 3
#define SRAT_MEM_ENABLED (1u << 0)
#define SRAT_MEM_HOTPLUGGABLE (1u << 1)

/* 5.2.16.2 Memory Affinity Structure */
static void srat_add_memory(GByteArray *a, uint64_t base, uint64_t len,
                            uint32_t node, uint32_t flags)
{
    uint32_t start = acpi_struct_begin(a, SRAT_MEMORY, 1);

    acpi_append_u32(a, node);           /* Proximity Domain */
    acpi_append_u16(a, 0);              /* Reserved */
    acpi_append_u64(a, base);           /* Base Address */
    acpi_append_u64(a, len);            /* Length */
    acpi_append_u32(a, 0);              /* Reserved */
    acpi_append_u32(a, flags);          /* Flags */
    acpi_append_u64(a, 0);              /* Reserved */
    acpi_struct_end(a, start, 1);
}

/*
 * 5.2.16 System Resource Affinity Table. QEMU emits it when NUMA is
 * configured; with hot-pluggable memory it creates node 0 by itself,
 * the only node virtboard models, so everything is in node 0.
 */
static void build_srat(VirtAcpiBuild *s)
{
    const VirtMachineState *vms = s->vms;
    GByteArray *a = blob(s);
    hwaddr base = region(s, VIRT_MEM)->base;
    AcpiTable t;

    table_begin(s, &t, "SRAT");
    acpi_append_u32(a, 1);              /* Reserved, 1 for compatibility */
    acpi_append_u64(a, 0);              /* Reserved */
    for (unsigned i = 0; i < vms->smp.max_cpus; i++) {
        /* 5.2.16.4 GICC Affinity Structure */
        uint32_t start = acpi_struct_begin(a, SRAT_GICC_AFFINITY, 1);

        acpi_append_u32(a, vms->numa_cpu_node[i]); /* Proximity Domain */
        acpi_append_u32(a, i);          /* ACPI Processor UID */
        acpi_append_u32(a, 1);          /* Flags: Enabled */
        acpi_append_u32(a, 0);          /* Clock Domain */
        acpi_struct_end(a, start, 1);
    }
    /* RAM in node order, a range per node with memory */
    for (unsigned i = 0; i < vms->numa_nodes; i++) {
        if (vms->numa_mem[i]) {
            srat_add_memory(a, base, vms->numa_mem[i], i, SRAT_MEM_ENABLED);
            base += vms->numa_mem[i];
        }
    }
    /* hotplugged memory goes to the last node */
    if (vms->memmap.device_memory_size) {
        srat_add_memory(a, vms->memmap.device_memory_base,
                        vms->memmap.device_memory_size, vms->numa_nodes - 1,
                        SRAT_MEM_ENABLED | SRAT_MEM_HOTPLUGGABLE);
    }
    acpi_table_end(s->b, &t);
}

/* 5.2.17 System Locality Distance Information Table (-numa dist) */
static void build_slit(VirtAcpiBuild *s)
{
    const VirtMachineState *vms = s->vms;
    GByteArray *a = blob(s);
    AcpiTable t;

    table_begin(s, &t, "SLIT");
    acpi_append_u64(a, vms->numa_nodes); /* Number of System Localities */
    for (unsigned i = 0; i < vms->numa_nodes; i++) {
        for (unsigned j = 0; j < vms->numa_nodes; j++) {
            acpi_append_u8(a, vms->numa_dist[i][j]); /* Entry[i][j] */
        }
    }
    acpi_table_end(s->b, &t);
}

/* IORT node types */
#define IORT_NODE_ITS_GROUP 0x00
#define IORT_NODE_PCI_ROOT_COMPLEX 0x02
#define IORT_NODE_SMMU_V3 0x04
#define IORT_NODES_OFFSET 48

/* Table 4 ID mapping format */
static void iort_add_id_mapping(GByteArray *a, uint32_t input_base,
                                uint32_t num_ids, uint32_t output_base,
                                uint32_t output_ref)
{
    acpi_append_u32(a, input_base);     /* Input base */
    acpi_append_u32(a, num_ids);        /* Number of IDs */
    acpi_append_u32(a, output_base);    /* Output base */
    acpi_append_u32(a, output_ref);     /* Output reference */
    acpi_append_u32(a, 0);              /* Flags */
}

/* Offset of a node's ID mapping array, from the node start */
#define IORT_SMMU_ID_ARRAY 68
#define IORT_RC_ID_ARRAY 36

/* @its_off 0: no ITS group, so no ID mapping */
static uint32_t iort_add_smmu(VirtAcpiBuild *s, uint32_t table_start,
                              uint32_t id, uint32_t its_off)
{
    GByteArray *a = blob(s);
    uint32_t gsiv = ACPI_SPI(virt_irqmap[VIRT_SMMU]);
    uint32_t start = acpi_struct_begin(a, IORT_NODE_SMMU_V3, 2);

    /* 3.1.1.2 SMMUv3 node */
    acpi_append_u8(a, 4);               /* Revision */
    acpi_append_u32(a, id);             /* Identifier */
    acpi_append_u32(a, its_off ? 1 : 0); /* Number of ID mappings */
    /* Reference to ID Array */
    acpi_append_u32(a, its_off ? IORT_SMMU_ID_ARRAY : 0);
    acpi_append_u64(a, region(s, VIRT_SMMU)->base); /* Base address */
    acpi_append_u32(a, 1);              /* Flags: COHACC Override */
    acpi_append_u32(a, 0);              /* Reserved */
    acpi_append_u64(a, 0);              /* VATOS address */
    acpi_append_u32(a, 0);              /* Model: generic SMMUv3 */
    acpi_append_u32(a, gsiv);           /* Event */
    acpi_append_u32(a, gsiv + 1);       /* PRI */
    acpi_append_u32(a, gsiv + 3);       /* GERR */
    acpi_append_u32(a, gsiv + 2);       /* Sync */
    acpi_append_u32(a, 0);              /* Proximity domain */
    acpi_append_u32(a, 0);              /* Device ID mapping index */
    g_assert(a->len - start == IORT_SMMU_ID_ARRAY);
    if (its_off) {
        /* All stream IDs go to the ITS group */
        iort_add_id_mapping(a, 0, 0xFFFF, 0, its_off);
    }
    acpi_struct_end(a, start, 2);
    return start - table_start;
}

/*
 * IO Remapping Table (DEN0049, revision E.b as QEMU 7.2 writes it): an
 * ITS group, an SMMUv3 with iommu=smmuv3, and the PCI root complex.
 * Under TCG 7.2 emits it whatever the GIC version and with its=off;
 * 11.1 (acpi_its_if_present) has the ITS group, and the mappings
 * to it, only with an ITS.
 */
static void build_iort(VirtAcpiBuild *s)
{
    const VirtMachineState *vms = s->vms;
    bool smmu = vms->iommu == VIRT_IOMMU_SMMUV3;
    uint32_t bus0_ids =
        vms->release->acpi_iort_id_count_minus_one ? 0xFF : 0x100;
    bool its = vms->acpi_its;
    unsigned rc_maps = (smmu ? 1 : 0) + (its ? 1 : 0);
    GByteArray *a = blob(s);
    uint32_t its_off = 0, smmu_off = 0, start, id = 0;
    AcpiTable t;

    table_begin(s, &t, "IORT");
    /* Number of IORT Nodes */
    acpi_append_u32(a, 1 + (smmu ? 1 : 0) + (its ? 1 : 0));
    acpi_append_u32(a, IORT_NODES_OFFSET); /* Offset to Array of IORT Nodes */
    acpi_append_u32(a, 0);              /* Reserved */

    if (its) {
        /* 3.1.1.1 ITS group node */
        start = acpi_struct_begin(a, IORT_NODE_ITS_GROUP, 2);
        its_off = start - t.start;
        g_assert(its_off == IORT_NODES_OFFSET);
        acpi_append_u8(a, 1);           /* Revision */
        acpi_append_u32(a, id++);       /* Identifier */
        acpi_append_u32(a, 0);          /* Number of ID mappings */
        acpi_append_u32(a, 0);          /* Reference to ID Array */
        acpi_append_u32(a, 1);          /* Number of ITSs */
        acpi_append_u32(a, 0);          /* GIC ITS Identifiers */
        acpi_struct_end(a, start, 2);
    }

    if (smmu) {
        smmu_off = iort_add_smmu(s, t.start,
                                 vms->release->acpi_iort_smmu_id_is_index ?
                                     0 : id,
                                 its_off);
        id++;
    }

    /* 3.1.1.5 PCI root complex node */
    start = acpi_struct_begin(a, IORT_NODE_PCI_ROOT_COMPLEX, 2);
    acpi_append_u8(a, 3);               /* Revision */
    acpi_append_u32(a, id++);           /* Identifier */
    acpi_append_u32(a, rc_maps);        /* Number of ID mappings */
    acpi_append_u32(a, IORT_RC_ID_ARRAY); /* Reference to ID Array */
    /* Memory access properties */
    acpi_append_u32(a, 1);              /* Cache Coherent Attribute */
    acpi_append_u8(a, 0);               /* Allocation Hints */
    acpi_append_u16(a, 0);              /* Reserved */
    acpi_append_u8(a, 3);               /* Memory Access Flags: CPM | DACS */
    acpi_append_u32(a, 0);              /* ATS Attribute */
    acpi_append_u32(a, 0);              /* PCI Segment number */
    acpi_append_u8(a, 64);              /* Memory address size limit */
    acpi_append_zeros(a, 3);            /* Reserved */
    g_assert(a->len - start == IORT_RC_ID_ARRAY);
    if (smmu) {
        /*
         * Bus 0 (the only bus without bridges) goes through the SMMU.
         * 7.2 writes the RID count, 0x100, where the spec wants count - 1
         * (0xFF, as 10.0 writes it).
         */
        iort_add_id_mapping(a, 0, bus0_ids, 0, smmu_off);
        /* The rest bypasses it */
        if (its) {
            iort_add_id_mapping(a, 0x100, 0xFFFF - 0x100, 0x100, its_off);
        }
    } else if (its) {
        iort_add_id_mapping(a, 0, 0xFFFF, 0, its_off);
    }
    acpi_struct_end(a, start, 2);
    acpi_table_end(s->b, &t);
}

/* 5.2.8 Extended System Description Table */
static uint32_t build_xsdt(VirtAcpiBuild *s)
{
    GByteArray *a = blob(s);
    AcpiTable t;

    table_begin(s, &t, "XSDT");
    for (unsigned i = 0; i < s->xsdt_entries->len; i++) {
        uint32_t field = a->len;

        acpi_append_u64(a, 0);          /* Entry */
        acpi_add_pointer(s->b, s->tables, field, 8, s->tables,
                         g_array_index(s->xsdt_entries, uint32_t, i));
    }
    acpi_table_end(s->b, &t);
    return t.start;
}

/* 5.2.5.3 Root System Description Pointer, in its own FSEG file */
static void build_rsdp(VirtAcpiBuild *s, uint32_t xsdt)
{
    unsigned file = acpi_builder_add_file(s->b, VIRT_ACPI_RSDP_FILE, 16,
                                          ACPI_ZONE_FSEG);
    GByteArray *a = acpi_builder_data(s->b, file);

    acpi_append_bytes(a, "RSD PTR ", 8); /* Signature */
    acpi_append_u8(a, 0);               /* Checksum */
    acpi_append_padded_str(a, s->vms->oem_id ? s->vms->oem_id : DEFAULT_OEM_ID,
                           6, '\0');    /* OEMID */
    acpi_append_u8(a, 2);               /* Revision */
    acpi_append_u32(a, 0);              /* RsdtAddress: no RSDT */
    acpi_append_u32(a, 36);             /* Length */
    acpi_append_u64(a, 0);              /* XsdtAddress */
    acpi_append_u8(a, 0);               /* Extended Checksum */
    acpi_append_zeros(a, 3);            /* Reserved */

    /* The ACPI 1.0 checksum covers the first 20 bytes only */
    acpi_add_checksum(s->b, file, 8, 0, 20);
    acpi_add_pointer(s->b, file, 24, 8, s->tables, xsdt);
    acpi_add_checksum(s->b, file, 32, 0, 36);
}

/* ======================================================================
 * The table list
 * ====================================================================== */

static bool virt_acpi_has_pptt(const VirtMachineState *vms)
{
    return !vms->compat.no_cpu_topology;
}

static bool virt_acpi_has_srat(const VirtMachineState *vms)
{
    /* Hot-pluggable memory makes QEMU create NUMA node 0, and the SRAT */
    return vms->numa_nodes > 0;
}

static bool virt_acpi_has_slit(const VirtMachineState *vms)
{
    return vms->numa_nodes > 0 && vms->numa_have_dist;
}

static bool virt_acpi_has_iort(const VirtMachineState *vms)
{
    return vms->acpi_iort;
}

typedef struct VirtAcpiTableDesc {
    const char *sig;
    void (*build)(VirtAcpiBuild *s);
    bool (*present)(const VirtMachineState *vms); /* NULL: always */
} VirtAcpiTableDesc;

/*
 * The tables the XSDT can list; the release says which it builds, in
 * which order (VirtRelease.acpi_tables)
 */
static const VirtAcpiTableDesc virt_acpi_tables[] = {
    { "FACP", build_fadt, NULL },
    { "APIC", build_madt, NULL },
    { "PPTT", build_pptt, virt_acpi_has_pptt },
    { "GTDT", build_gtdt, NULL },
    { "MCFG", build_mcfg, NULL },
    { "SPCR", build_spcr, NULL },
    { "DBG2", build_dbg2, NULL },
    { "SRAT", build_srat, virt_acpi_has_srat },
    { "SLIT", build_slit, virt_acpi_has_slit },
    { "IORT", build_iort, virt_acpi_has_iort },
    { "TPM2", build_tpm2, virt_acpi_has_tpm2 },
};

/* The builder of table @sig; NULL for DSDT and XSDT (built apart) */
static const VirtAcpiTableDesc *virt_acpi_table_desc(const char *sig)
{
    for (size_t i = 0; i < G_N_ELEMENTS(virt_acpi_tables); i++) {
        if (strcmp(virt_acpi_tables[i].sig, sig) == 0) {
            return &virt_acpi_tables[i];
        }
    }
    return NULL;
}

/* Refuse what virtboard cannot reproduce byte for byte */
static bool virt_acpi_check_supported(const VirtMachineState *vms,
                                      GError **errp)
{
    /* a state virt_machine_init() never resolved (as virt_fdt_build) */
    if (vms->cpu == NULL || vms->type == NULL || vms->release == NULL ||
        vms->smp.cpus == 0 ||
        vms->smp.sockets == 0 || vms->smp.clusters == 0 ||
        vms->smp.cores == 0 || vms->smp.threads == 0 ||
        (vms->gic_version != VIRT_GIC_VERSION_2 &&
         vms->gic_version != VIRT_GIC_VERSION_3 &&
         vms->gic_version != VIRT_GIC_VERSION_4)) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_ACPI,
                            "the machine state is not resolved "
                            "(run virt_machine_init first)");
        return false;
    }
    if (!vms->release->acpi_modelled) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "ACPI tables of QEMU %s are not modelled yet",
                    vms->release->name);
        return false;
    }
    if (vms->release->acpi_pci_bus_devices && vms->pci_devices) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "ACPI tables of QEMU %s with PCI devices (-device of a "
                    "PCI driver, -nic, -net nic, a virtio -drive, -hda, "
                    "-cdrom, -vga) are not modelled: its DSDT describes "
                    "each device of the PCI buses",
                    vms->release->name);
        return false;
    }
    if (vms->accel != VIRT_ACCEL_TCG) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "ACPI tables are modelled for TCG only: under KVM or "
                    "HVF QEMU's ITS and IORT depend on the host");
        return false;
    }
    if (vms->nvdimm) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "ACPI tables with -M nvdimm=on are not modelled: QEMU "
                    "adds the NVDIMMs' NFIT and their SSDT");
        return false;
    }
    return true;
}

static void virt_acpi_build_all(VirtAcpiBuild *s)
{
    GByteArray *a = blob(s);
    const char *extra_after = s->vms->release->acpi_xsdt_extra_entry_after;
    uint32_t xsdt;

    s->dsdt = a->len;
    build_dsdt(s);
    for (const VirtAcpiTableRev *r = s->vms->release->acpi_tables; r->sig;
         r++) {
        const VirtAcpiTableDesc *d = virt_acpi_table_desc(r->sig);
        uint32_t start = a->len;

        if (d == NULL || (d->present != NULL && !d->present(s->vms))) {
            continue;
        }
        g_array_append_val(s->xsdt_entries, start);
        d->build(s);
        g_assert(a->len > start && memcmp(a->data + start, d->sig, 4) == 0);
        if (extra_after != NULL && strcmp(r->sig, extra_after) == 0) {
            /* registered with no table: the next one built lands here */
            uint32_t next = a->len;

            g_array_append_val(s->xsdt_entries, next);
        }
    }
    xsdt = build_xsdt(s);
    build_rsdp(s, xsdt);
    /* Pad to a fixed multiple so the blob size rarely changes */
    if (!s->vms->release->acpi_tables_unpadded) {
        acpi_append_zeros(
            a, (VIRT_ACPI_TABLES_ALIGN - a->len % VIRT_ACPI_TABLES_ALIGN) %
                   VIRT_ACPI_TABLES_ALIGN);
    }
}

static GBytes *bytes_of(GByteArray *a)
{
    return g_bytes_new(a->data, a->len);
}

bool virt_acpi_build(const VirtMachineState *vms, VirtAcpiBlobs *out,
                     GError **errp)
{
    g_autoptr(AcpiBuilder) b = NULL;
    g_autoptr(GArray) entries = NULL;
    VirtAcpiBuild s;
    unsigned rsdp;

    memset(out, 0, sizeof(*out));
    if (!vms->acpi) {
        return true;
    }
    if (!virt_acpi_check_supported(vms, errp)) {
        return false;
    }
    b = acpi_builder_new();
    entries = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    s = (VirtAcpiBuild) {
        .vms = vms,
        .b = b,
        .tables = acpi_builder_add_file(b, VIRT_ACPI_TABLES_FILE, 64,
                                        ACPI_ZONE_HIGH),
        .xsdt_entries = entries,
    };
    if (vms->tpm) {
        /* allocated after the tables, so QEMU's loader lists it first */
        s.tpm_log = acpi_builder_add_file(b, VIRT_ACPI_TPM_LOG_FILE, 1,
                                          ACPI_ZONE_HIGH);
        acpi_append_zeros(acpi_builder_data(b, s.tpm_log),
                          VIRT_ACPI_TPM_LOG_SIZE);
    }
    virt_acpi_build_all(&s);
    rsdp = (unsigned)acpi_builder_find_file(b, VIRT_ACPI_RSDP_FILE);
    out->loader = g_byte_array_free_to_bytes(acpi_builder_loader(b));
    out->tables = acpi_builder_steal_bytes(b, s.tables);
    out->rsdp = acpi_builder_steal_bytes(b, rsdp);
    return true;
}

void virt_acpi_blobs_clear(VirtAcpiBlobs *blobs)
{
    g_clear_pointer(&blobs->tables, g_bytes_unref);
    g_clear_pointer(&blobs->rsdp, g_bytes_unref);
    g_clear_pointer(&blobs->loader, g_bytes_unref);
}

/* ======================================================================
 * Linking and writing
 * ====================================================================== */

static GByteArray *array_of(GBytes *bytes)
{
    gsize len;
    const guint8 *p = g_bytes_get_data(bytes, &len);

    return g_byte_array_append(g_byte_array_new(), p, (guint)len);
}

GPtrArray *virt_acpi_link_blobs(const VirtAcpiBlobs *blobs, uint64_t base,
                                GError **errp)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GArray) fixups = g_array_new(FALSE, TRUE, sizeof(AcpiFixup));
    g_autoptr(GPtrArray) data = NULL;
    g_autoptr(GPtrArray) linked = NULL;
    g_autoptr(GArray) addr = g_array_new(FALSE, TRUE, sizeof(uint64_t));
    g_autoptr(GBytes) rsdp = NULL;
    g_autoptr(GBytes) tables = NULL;
    gsize loader_len;
    const guint8 *loader;
    int ti = -1, ri = -1;

    g_return_val_if_fail(blobs != NULL, NULL);

    if (blobs->tables == NULL || blobs->rsdp == NULL ||
        blobs->loader == NULL) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_ACPI,
                            "no ACPI tables to link (is ACPI off?)");
        return NULL;
    }
    loader = g_bytes_get_data(blobs->loader, &loader_len);
    if (!acpi_loader_parse(loader, loader_len, names, fixups, errp)) {
        return NULL;
    }
    data = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
    for (unsigned i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);

        if (strcmp(name, VIRT_ACPI_TABLES_FILE) == 0) {
            ti = (int)i;
            g_ptr_array_add(data, array_of(blobs->tables));
        } else if (strcmp(name, VIRT_ACPI_RSDP_FILE) == 0) {
            ri = (int)i;
            g_ptr_array_add(data, array_of(blobs->rsdp));
        } else if (strcmp(name, VIRT_ACPI_TPM_LOG_FILE) == 0) {
            /* the TPM event log: empty until the firmware fills it */
            GByteArray *log = g_byte_array_sized_new(VIRT_ACPI_TPM_LOG_SIZE);

            g_byte_array_set_size(log, VIRT_ACPI_TPM_LOG_SIZE);
            memset(log->data, 0, VIRT_ACPI_TPM_LOG_SIZE);
            g_ptr_array_add(data, log);
        } else {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_ACPI,
                        "table-loader names an unknown file '%s'", name);
            return NULL;
        }
    }
    if (ti < 0 || ri < 0) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_ACPI,
                    "table-loader does not allocate the tables and RSDP");
        return NULL;
    }
    linked = acpi_link(data, fixups, base, addr, errp);
    if (linked == NULL) {
        return NULL;
    }
    rsdp = bytes_of(g_ptr_array_index(linked, ri));
    tables = bytes_of(g_ptr_array_index(linked, ti));
    return acpi_split_tables(rsdp, tables, g_array_index(addr, uint64_t, ti),
                             errp);
}

bool virt_acpi_write_dir(const VirtMachineState *vms, const char *dir,
                         uint64_t base, GError **errp)
{
    g_auto(VirtAcpiBlobs) blobs = { 0 };
    g_autoptr(GPtrArray) tables = NULL;
    g_autoptr(GPtrArray) names = NULL;
    g_autofree VirtOutputFile *files = NULL;

    if (!virt_acpi_build(vms, &blobs, errp)) {
        return false;
    }
    if (blobs.tables == NULL) {
        return true;                    /* ACPI off */
    }
    tables = virt_acpi_link_blobs(&blobs, base, errp);
    if (tables == NULL) {
        return false;
    }
    names = g_ptr_array_new_with_free_func(g_free);
    files = g_new0(VirtOutputFile, tables->len + 1);
    for (unsigned i = 0; i < tables->len; i++) {
        const AcpiLinkedTable *t = g_ptr_array_index(tables, i);
        char *name = g_strdup_printf("%s.dat", t->sig);

        g_ptr_array_add(names, name);
        files[i].name = name;
        files[i].data = g_bytes_get_data(t->bytes, &files[i].len);
    }
    /* all tables or none */
    return virt_output_write_dir(dir, files, tables->len, errp);
}
