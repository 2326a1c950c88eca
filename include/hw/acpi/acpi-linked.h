/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One ACPI table of a linked set, as virt_acpi_link_blobs() and
 * acpi_split_tables() return them. Part of the installed API (the rest
 * of hw/acpi/ is internal).
 */
#ifndef HW_ACPI_ACPI_LINKED_H
#define HW_ACPI_ACPI_LINKED_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct AcpiLinkedTable {
    char sig[5];                /* "RSDP", "XSDT", "FACP", ... */
    GBytes *bytes;              /* the linked table */
} AcpiLinkedTable;

void acpi_linked_table_free(AcpiLinkedTable *t);

G_END_DECLS

#endif /* HW_ACPI_ACPI_LINKED_H */
