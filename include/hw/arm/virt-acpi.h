/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ACPI tables of the virt board, as QEMU 7.2 builds them.
 *
 * virt_acpi_build() produces what QEMU puts in fw_cfg: the pre-link
 * "etc/acpi/tables" (all tables back to back, padded to 128 KiB,
 * checksums 0, pointers holding offsets), "etc/acpi/rsdp" and the
 * "etc/table-loader" command stream that tells firmware how to place
 * and patch them. virt_acpi_link_blobs() plays the firmware's part for
 * any such triple, ours or QEMU's, so both can be compared table by
 * table at the same addresses.
 */
#ifndef HW_ARM_VIRT_ACPI_H
#define HW_ARM_VIRT_ACPI_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "hw/acpi/acpi-linked.h"
#include "hw/arm/virt.h"

G_BEGIN_DECLS

/* fw_cfg file names */
#define VIRT_ACPI_TABLES_FILE "etc/acpi/tables"
#define VIRT_ACPI_RSDP_FILE "etc/acpi/rsdp"
#define VIRT_ACPI_LOADER_FILE "etc/table-loader"
/*
 * The TPM event log the TPM2 table points to: zeros the firmware fills,
 * as long as the table's Minimum Log Length (64 KiB, observed)
 */
#define VIRT_ACPI_TPM_LOG_FILE "etc/tpm/log"
#define VIRT_ACPI_TPM_LOG_SIZE 0x10000

/*
 * Default link address for virt_acpi_write_dir(): the loader's first
 * ALLOCATE (the RSDP, 16-byte aligned) goes here and the table blob
 * follows at the next 64-byte boundary (base + 0x40). It lies in guest
 * RAM, 128 MiB above its start, like the extraction tool's default.
 */
#define VIRT_ACPI_DEFAULT_BASE UINT64_C(0x48000000)

/* What QEMU exposes in fw_cfg. All NULL when ACPI is off. */
typedef struct VirtAcpiBlobs {
    GBytes *tables;             /* etc/acpi/tables */
    GBytes *rsdp;               /* etc/acpi/rsdp */
    GBytes *loader;             /* etc/table-loader */
} VirtAcpiBlobs;

void virt_acpi_blobs_clear(VirtAcpiBlobs *blobs);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(VirtAcpiBlobs, virt_acpi_blobs_clear)

/*
 * Build the tables of @vms in QEMU 7.2's fw_cfg form. With ACPI off,
 * succeeds and leaves @out empty. Configurations whose tables virtboard
 * does not reproduce exactly fail with VIRT_ERROR_UNSUPPORTED.
 */
bool virt_acpi_build(const VirtMachineState *vms, VirtAcpiBlobs *out,
                     GError **errp);

/*
 * Apply @blobs->loader at @base (see VIRT_ACPI_DEFAULT_BASE) and split
 * the result: RSDP, XSDT, then each XSDT entry in order, with the DSDT
 * right after the FACP. Returns AcpiLinkedTable *.
 */
GPtrArray *virt_acpi_link_blobs(const VirtAcpiBlobs *blobs, uint64_t base,
                                GError **errp);

/*
 * Write the linked tables of @vms into @dir (created if missing), one
 * file per table named SIG.dat (RSDP.dat, XSDT.dat, FACP.dat, DSDT.dat,
 * APIC.dat, ...), each through a temporary file and rename(2). With
 * ACPI off nothing is written.
 */
bool virt_acpi_write_dir(const VirtMachineState *vms, const char *dir,
                         uint64_t base, GError **errp);

G_END_DECLS

#endif /* HW_ARM_VIRT_ACPI_H */
