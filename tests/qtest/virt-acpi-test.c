/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ACPI conformance: virtboard's tables against those of every QEMU
 * release it models (the oracles), byte for byte.
 *
 * For each configuration the same argv goes to virt_cmdline_parse() +
 * virt_machine_init() + virt_acpi_build() and to a real
 * qemu-system-aarch64 (through the qtest client; CPUs stopped with -S).
 * From QEMU we read etc/acpi/tables, etc/acpi/rsdp and etc/table-loader
 * over fw_cfg, then:
 *
 *   1. the three pre-link blobs are compared raw (checksums 0, pointers
 *      as offsets, the loader command stream itself);
 *   2. both triples are linked at the same base by the same loader
 *      replay and split RSDP -> XSDT -> tables (FACP -> DSDT), and every
 *      table is compared byte for byte. A mismatching table is shown as
 *      both `iasl -d` disassemblies and their diff.
 *
 * Nothing here holds expected bytes: QEMU is the only oracle.
 *
 * Some cases expect virtboard to refuse (VIRT_ERROR_UNSUPPORTED) a
 * configuration QEMU accepts, and one checks that acpi=off has no
 * tables on either side. Every row runs on every oracle whose release
 * offers its machine type, except the rows that need a newer release
 * (8.0+ properties, CPU models 7.2 lacks), which older oracles skip.
 * The last line is "N passed, M failed".
 *
 * Usage: virt-acpi-test [SUBSTRING]   (run only matching cases)
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "hw/acpi/acpi-build.h"
#include "hw/arm/virt-acpi.h"
#include "hw/arm/virt.h"
#include "libqtest-virt.h"
#include "test-util.h"

/* Both sides are linked here (see VIRT_ACPI_DEFAULT_BASE) */
#define LINK_BASE VIRT_ACPI_DEFAULT_BASE

typedef enum AcpiExpect {
    EXPECT_IDENTICAL,           /* every table byte-identical */
    EXPECT_UNSUPPORTED,         /* virtboard refuses: not modelled */
    EXPECT_NO_ACPI,             /* neither side has tables */
} AcpiExpect;

typedef struct AcpiCase {
    const char *name;
    AcpiExpect expect;
    const char *const *args;
    int since;                  /* VIRT_RELEASE_VERSION; 0: every release */
    /* 0, or the first release on which virtboard refuses (UNSUPPORTED) */
    int refused_since;
} AcpiCase;

#define FW "-bios", firmware_file
#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define SAME(n, ...) { n, EXPECT_IDENTICAL, ARGS(__VA_ARGS__), 0 }
#define UNSUP(n, ...) { n, EXPECT_UNSUPPORTED, ARGS(__VA_ARGS__), 0 }
/*
 * A row that needs release 7.2: neoverse-n1, -smp clusters, x-oem-id,
 * TCG's second GICv3 redistributor region, the reduced-IPA series'
 * rules (5.2 refuses these configurations, as virtboard does for it)
 */
#define SAME7(n, ...) \
    { n, EXPECT_IDENTICAL, ARGS(__VA_ARGS__), VIRT_RELEASE_VERSION(7, 2) }
/* A row that needs release 10.0 (its properties, CPU models, rules) */
#define SAME10(n, ...) \
    { n, EXPECT_IDENTICAL, ARGS(__VA_ARGS__), VIRT_RELEASE_VERSION(10, 0) }
/* A row that needs release 11.1 (msi=) */
#define SAME11(n, ...) \
    { n, EXPECT_IDENTICAL, ARGS(__VA_ARGS__), VIRT_RELEASE_VERSION(11, 1) }
/*
 * Identical before 11.1, refused from 11.1 on: PCI devices, which only
 * 11.1's DSDT lists (and virtboard does not model)
 */
#define PCI_DEV(n, ...) \
    { n, EXPECT_IDENTICAL, ARGS(__VA_ARGS__), 0, VIRT_RELEASE_VERSION(11, 1) }

/*
 * A TPM on the platform bus: QEMU needs a live backend, so a row with
 * -tpmdev gets a swtpm on tpm_sock for its QEMU run (without swtpm the
 * row is a SKIP; a failure under CI=true). 11.1's DSDT gives the TPM a
 * Physical Presence Interface.
 */
static char tpm_chardev[PATH_MAX + 64];
static char *tpm_dir;
static char *tpm_sock;

static bool make_tpm_dir(void)
{
    tpm_dir = g_dir_make_tmp("virt-acpi-test-tpm-XXXXXX", NULL);
    if (tpm_dir == NULL) {
        return false;
    }
    tpm_sock = g_build_filename(tpm_dir, "swtpm.sock", NULL);
    g_snprintf(tpm_chardev, sizeof(tpm_chardev), "socket,id=chrtpm,path=%s",
               tpm_sock);
    return true;
}

/* The swtpm state files, the socket, the directory */
static void remove_tpm_dir(void)
{
    g_autofree char *state = g_strdup_printf("%s-state", tpm_sock);
    g_autoptr(GDir) d = g_dir_open(state, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        g_autofree char *f = g_build_filename(state, name, NULL);

        g_unlink(f);
    }
    g_rmdir(state);
    g_unlink(tpm_sock);
    g_rmdir(tpm_dir);
    g_clear_pointer(&tpm_sock, g_free);
    g_clear_pointer(&tpm_dir, g_free);
}
#define TPM_ARGS "-chardev", tpm_chardev, "-tpmdev", \
    "emulator,id=tpm0,chardev=chrtpm"
#define TPM_DEV(n, ...) \
    { n, EXPECT_IDENTICAL, ARGS(__VA_ARGS__) }

/* A dummy firmware image: its contents never matter with -S */
static char firmware_file[64];

static bool make_firmware(void)
{
    static const char tmpl[] = "/tmp/virt-acpi-test-fw-XXXXXX";
    g_autofree guint8 *zeros = g_malloc0(64 * 1024);
    int fd;

    memcpy(firmware_file, tmpl, sizeof(tmpl));
    fd = g_mkstemp(firmware_file);
    if (fd < 0) {
        return false;
    }
    close(fd);
    return g_file_set_contents(firmware_file, (const char *)zeros,
                               64 * 1024, NULL);
}

/* clang-format off */
static const AcpiCase cases[] = {
    /* tpm-tis-device: the TPM2 table and the DSDT's TPM0 (issue 16) */
    TPM_DEV("tpm", "-M", "virt", "-cpu", "max", "-m", "1G", TPM_ARGS,
            "-device", "tpm-tis-device,tpmdev=tpm0"),
    TPM_DEV("tpm-bios-gic3-smp4", "-M", "virt,gic-version=3", "-cpu", "max",
            "-m", "1G", "-smp", "4", FW, TPM_ARGS, "-device",
            "tpm-tis-device,tpmdev=tpm0,id=tpm"),
    TPM_DEV("tpm-numa", "-M", "virt", "-cpu", "max", "-m", "1G", "-object",
            "memory-backend-ram,id=m0,size=1G", "-numa", "node,memdev=m0",
            TPM_ARGS, "-device", "tpm-tis-device,tpmdev=tpm0"),
    /* CPU models */
    SAME("default-max", "-M", "virt", "-cpu", "max", "-m", "1G"),
    SAME("cpu-a53", "-M", "virt", "-cpu", "cortex-a53", "-m", "1G"),
    SAME("cpu-a57", "-M", "virt", "-cpu", "cortex-a57", "-m", "1G"),
    SAME("cpu-a72", "-M", "virt", "-cpu", "cortex-a72", "-m", "1G"),
    SAME7("cpu-n1", "-M", "virt", "-cpu", "neoverse-n1", "-m", "1G"),
    SAME("cpu-a15", "-M", "virt", "-cpu", "cortex-a15", "-m", "1G"),
    /* a second -serial: DSDT COM1 on 10.0+, nothing on 7.2 (issue 16) */
    SAME("serial-2", "-M", "virt", "-cpu", "max", "-m", "1G", "-serial",
         "null", "-serial", "null"),
    SAME("serial-none-null", "-M", "virt", "-cpu", "max", "-m", "1G",
         "-serial", "none", "-serial", "null"),
    SAME("serial-null-none", "-M", "virt", "-cpu", "max", "-m", "1G",
         "-serial", "null", "-serial", "none"),
    SAME("serial-3-virt-6.2", "-M", "virt-6.2", "-cpu", "cortex-a57", "-m",
         "1G", "-serial", "null", "-serial", "null", "-serial", "null"),
    /* -numa node: one node, node 0: the SRAT (issue 16) */
    SAME("numa-node", "-M", "virt", "-cpu", "max", "-m", "1G", "-object",
         "memory-backend-ram,id=m0,size=1G", "-numa", "node,memdev=m0"),
    SAME("numa-node-gic3-smp4", "-M", "virt,gic-version=3", "-cpu", "max",
         "-m", "2G", "-smp", "4", "-object",
         "memory-backend-ram,id=m0,size=2G", "-numa",
         "node,nodeid=0,cpus=0-3,memdev=m0"),
    SAME("numa-node-maxmem", "-M", "virt", "-cpu", "cortex-a57", "-m",
         "1G,slots=2,maxmem=4G", "-smp", "2", "-object",
         "memory-backend-ram,id=m0,size=1G", "-numa",
         "node,memdev=m0,cpus=1"),
    /* several nodes: SRAT per node and CPU, SLIT with -numa dist */
    SAME("numa-2", "-M", "virt", "-cpu", "max", "-m", "2G", "-smp", "2",
         "-object", "memory-backend-ram,id=m0,size=1G", "-object",
         "memory-backend-ram,id=m1,size=1G", "-numa",
         "node,nodeid=0,cpus=0,memdev=m0", "-numa",
         "node,nodeid=1,cpus=1,memdev=m1"),
    SAME("numa-3-dist", "-M", "virt,gic-version=3", "-cpu", "max", "-m",
         "3G", "-smp", "6,sockets=3,cores=2", "-object",
         "memory-backend-ram,id=m0,size=1G", "-object",
         "memory-backend-ram,id=m1,size=1G", "-object",
         "memory-backend-ram,id=m2,size=1G", "-numa", "node,memdev=m0",
         "-numa", "node,memdev=m1", "-numa", "node,memdev=m2", "-numa",
         "dist,src=0,dst=1,val=21", "-numa", "dist,src=0,dst=2,val=31",
         "-numa", "dist,src=1,dst=2,val=41"),
    SAME("numa-memoryless", "-M", "virt", "-cpu", "cortex-a57", "-m", "2G",
         "-smp", "4,sockets=2,cores=2", "-object",
         "memory-backend-ram,id=m0,size=2G", "-numa", "node,memdev=m0",
         "-numa", "node"),
    SAME("numa-2-hotplug-dist", "-M", "virt", "-cpu", "max", "-m",
         "2G,slots=2,maxmem=6G", "-smp", "2", "-object",
         "memory-backend-ram,id=m0,size=1G", "-object",
         "memory-backend-ram,id=m1,size=1G", "-numa",
         "node,cpus=0,memdev=m0", "-numa", "node,cpus=1,memdev=m1",
         "-numa", "dist,src=1,dst=0,val=15"),
    SAME("numa-1-dist", "-M", "virt", "-cpu", "max", "-m", "1G", "-object",
         "memory-backend-ram,id=m0,size=1G", "-numa", "node,memdev=m0",
         "-numa", "dist,src=0,dst=0,val=10"),
    /* pmu=off: no PMU GSIV in the MADT (issue 16) */
    SAME("cpu-max-pmu-off", "-M", "virt", "-cpu", "max,pmu=off", "-m", "1G"),
    SAME("cpu-a57-pmu-off", "-M", "virt,gic-version=3", "-cpu",
         "cortex-a57,pmu=off", "-m", "1G", "-smp", "2"),
    SAME("cpu-a15-smp4", "-M", "virt", "-cpu", "cortex-a15", "-m", "1G",
         "-smp", "4"),
    SAME("cpu-a72-gic3", "-M", "virt,gic-version=3", "-cpu", "cortex-a72",
         "-m", "2G", "-smp", "2"),
    /* GIC versions, ITS */
    SAME("gic2-smp8", "-M", "virt,gic-version=2", "-cpu", "max", "-m", "1G",
         "-smp", "8"),
    SAME("gic2-its-off", "-M", "virt,gic-version=2,its=off", "-cpu", "max",
         "-m", "1G"),
    SAME("gic3", "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G"),
    SAME("gic3-smp4", "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
         "-smp", "4"),
    SAME("gic3-its-off", "-M", "virt,gic-version=3,its=off", "-cpu", "max",
         "-m", "1G"),
    SAME("gic3-its-off-smp8", "-M", "virt,gic-version=3,its=off", "-cpu",
         "cortex-a57", "-m", "1G", "-smp", "8"),
    SAME("gic-max", "-M", "virt,gic-version=max", "-cpu", "max", "-m", "1G",
         "-smp", "2"),
    SAME("gic-max-virt", "-M", "virt,gic-version=max,virtualization=on",
         "-cpu", "max", "-m", "1G", "-smp", "2"),
    SAME("gic4", "-M", "virt,gic-version=4,virtualization=on", "-cpu", "max",
         "-m", "1G"),
    SAME("gic4-smp61", "-M", "virt,gic-version=4,virtualization=on", "-cpu",
         "max", "-m", "1G", "-smp", "61"),
    SAME("gic4-smp62-redist2", "-M", "virt,gic-version=4,virtualization=on",
         "-cpu", "max", "-m", "1G", "-smp", "62"),
    SAME("gic3-smp123", "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
         "-smp", "123"),
    SAME7("gic3-smp124-redist2", "-M", "virt,gic-version=3", "-cpu", "max",
          "-m", "1G", "-smp", "124"),
    SAME7("gic3-smp512", "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
          "-smp", "512"),
    /* -smp topologies */
    SAME("topo-s2-c2-t2", "-M", "virt,gic-version=3", "-cpu", "max", "-m",
         "1G", "-smp", "8,sockets=2,cores=2,threads=2"),
    SAME7("topo-s2-cl2-c2-t2", "-M", "virt,gic-version=3", "-cpu", "max",
          "-m", "1G", "-smp", "16,sockets=2,clusters=2,cores=2,threads=2"),
    SAME("topo-s3-c2", "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
         "-smp", "6,sockets=3,cores=2"),
    SAME("topo-gic2-s2-c2", "-M", "virt", "-cpu", "cortex-a57", "-m", "1G",
         "-smp", "4,sockets=2,cores=2"),
    SAME7("topo-cl2-c4", "-M", "virt", "-cpu", "cortex-a72", "-m", "1G",
          "-smp", "8,sockets=1,clusters=2,cores=4"),
    SAME7("topo-n1-s4-c16", "-M", "virt,gic-version=3", "-cpu", "neoverse-n1",
          "-m", "1G", "-smp", "64,sockets=4,cores=16"),
    SAME7("topo-256-s2-cl2-c32-t2", "-M", "virt,gic-version=3", "-cpu", "max",
          "-m", "1G", "-smp", "256,sockets=2,clusters=2,cores=32,threads=2"),
    SAME7("topo-512-s8-c16-t4", "-M", "virt,gic-version=3", "-cpu", "max",
          "-m", "1G", "-smp", "512,sockets=8,cores=16,threads=4"),
    SAME("maxcpus-2of4", "-M", "virt,gic-version=3", "-cpu", "max", "-m",
         "1G", "-smp", "2,maxcpus=4"),
    SAME("maxcpus-3of8-t2", "-M", "virt,gic-version=3", "-cpu", "max", "-m",
         "1G", "-smp", "3,maxcpus=8,sockets=2,cores=2,threads=2"),
    /* IOMMU */
    SAME("smmuv3", "-M", "virt,iommu=smmuv3", "-cpu", "max", "-m", "1G"),
    SAME("smmuv3-gic3", "-M", "virt,iommu=smmuv3,gic-version=3", "-cpu",
         "max", "-m", "1G", "-smp", "4"),
    SAME("smmuv3-gic3-its-off", "-M",
         "virt,iommu=smmuv3,gic-version=3,its=off", "-cpu", "max", "-m",
         "1G"),
    SAME("smmuv3-highmem-off", "-M", "virt,iommu=smmuv3,highmem=off",
         "-cpu", "max", "-m", "1G"),
    /* highmem and the high regions */
    SAME("highmem-off", "-M", "virt,highmem=off", "-cpu", "max", "-m", "1G"),
    SAME("highmem-off-3G", "-M", "virt,highmem=off", "-cpu", "cortex-a57",
         "-m", "3G"),
    SAME("highmem-off-gic3-smp123", "-M", "virt,highmem=off,gic-version=3",
         "-cpu", "max", "-m", "1G", "-smp", "123"),
    SAME("highmem-off-gic3-its-off", "-M",
         "virt,highmem=off,gic-version=3,its=off", "-cpu", "max", "-m",
         "1G", "-smp", "8"),
    SAME("ram-4G", "-M", "virt", "-cpu", "max", "-m", "4G"),
    SAME7("a53-maxmem-700G-no-mmio64", "-M", "virt", "-cpu", "cortex-a53",
          "-m", "1G,slots=4,maxmem=700G"),
    SAME7("a53-maxmem-1022G-low-ecam", "-M", "virt", "-cpu", "cortex-a53",
          "-m", "1G,slots=1,maxmem=1022G"),
    SAME("a57-maxmem-1022G", "-M", "virt", "-cpu", "cortex-a57", "-m",
         "1G,slots=1,maxmem=1022G"),
    SAME7("a57-maxmem-300G-redist2", "-M", "virt,gic-version=3", "-cpu",
          "cortex-a57", "-m", "1G,slots=1,maxmem=300G", "-smp", "124"),
    SAME7("a53-maxmem-700G-gic3-smp200", "-M", "virt,gic-version=3", "-cpu",
          "cortex-a53", "-m", "1G,slots=2,maxmem=700G", "-smp", "200"),
    /* memory hot-plug space: QEMU adds NUMA node 0 and an SRAT */
    SAME("slots-srat", "-M", "virt", "-cpu", "max", "-m",
         "1G,slots=4,maxmem=8G"),
    SAME("slots-srat-gic3-smp4", "-M", "virt,gic-version=3", "-cpu", "max",
         "-m", "2G,slots=1,maxmem=4G", "-smp", "4"),
    SAME("slots-srat-maxcpus", "-M", "virt,gic-version=3", "-cpu", "max",
         "-m", "1G,slots=2,maxmem=3G", "-smp", "2,maxcpus=6"),
    SAME("slots-srat-smmuv3", "-M", "virt,iommu=smmuv3", "-cpu",
         "cortex-a72", "-m", "2G,slots=2,maxmem=10G"),
    SAME("maxmem-no-slots", "-M", "virt", "-cpu", "max", "-m",
         "1G,maxmem=2G"),
    SAME("bios-maxmem-no-slots", "-M", "virt", "-cpu", "max", "-m",
         "1G,maxmem=3G", FW),
    /* EL2, EL3 */
    SAME("virtualization", "-M", "virt,virtualization=on", "-cpu", "max",
         "-m", "1G"),
    SAME("virtualization-gic3-smp4", "-M",
         "virt,virtualization=on,gic-version=3", "-cpu", "max", "-m", "1G",
         "-smp", "4"),
    SAME("secure", "-M", "virt,secure=on", "-cpu", "max", "-m", "1G"),
    SAME("secure-virtualization", "-M", "virt,secure=on,virtualization=on",
         "-cpu", "max", "-m", "1G"),
    SAME("secure-a15", "-M", "virt,secure=on", "-cpu", "cortex-a15", "-m",
         "1G"),
    /* firmware loaded: GED instead of the PL061 (64-bit CPUs) */
    SAME("bios", "-M", "virt", "-cpu", "max", "-m", "1G", FW),
    SAME("bios-gic3-smp4", "-M", "virt,gic-version=3", "-cpu", "max", "-m",
         "1G", "-smp", "4", FW),
    SAME("bios-a15", "-M", "virt", "-cpu", "cortex-a15", "-m", "1G", FW),
    SAME("bios-secure", "-M", "virt,secure=on", "-cpu", "max", "-m", "1G",
         FW),
    SAME("bios-virtualization", "-M", "virt,virtualization=on", "-cpu",
         "max", "-m", "1G", FW),
    SAME("bios-secure-virtualization", "-M",
         "virt,secure=on,virtualization=on,gic-version=3", "-cpu", "max",
         "-m", "1G", FW),
    SAME("bios-smmuv3-highmem-off", "-M", "virt,iommu=smmuv3,highmem=off",
         "-cpu", "cortex-a53", "-m", "1G", FW),
    /* OEM ids */
    SAME7("oem-ids", "-M", "virt,x-oem-id=TEST,x-oem-table-id=OEMTABLE",
          "-cpu", "max", "-m", "1G"),
    SAME7("oem-ids-short", "-M", "virt,x-oem-id=AB,x-oem-table-id=XY",
          "-cpu", "max", "-m", "1G"),
    /* machine types */
    SAME("virt-7.1", "-M", "virt-7.1", "-cpu", "max", "-m", "1G"),
    SAME("virt-7.0-gic3", "-M", "virt-7.0,gic-version=3", "-cpu", "max",
         "-m", "1G", "-smp", "4"),
    SAME("virt-6.2", "-M", "virt-6.2", "-cpu", "max", "-m", "1G"),
    SAME("virt-6.1-no-pptt", "-M", "virt-6.1", "-cpu", "max", "-m", "1G",
         "-smp", "2"),
    SAME("virt-5.2-bios", "-M", "virt-5.2", "-cpu", "max", "-m", "1G", FW),
    /* virt-5.0 and older: the flash banks in the DSDT */
    SAME("virt-5.0-flash", "-M", "virt-5.0", "-cpu", "max", "-m", "1G"),
    SAME("virt-4.2-flash-bios", "-M", "virt-4.2", "-cpu", "max", "-m", "1G",
         FW),
    SAME("virt-4.1-flash-secure", "-M", "virt-4.1,secure=on", "-cpu", "max",
         "-m", "1G"),
    SAME("virt-2.6-flash-gic3", "-M", "virt-2.6,gic-version=3", "-cpu",
         "cortex-a57", "-m", "1G", "-smp", "20"),
    /*
     * Firmware + slots: the memory hot-plug AML (MHPD, MHPC, a device
     * per slot) and the GED's memory event; a cold-plugged DIMM changes
     * no table
     */
    SAME("bios-slots-memhp", "-M", "virt", "-cpu", "max", "-m",
         "1G,slots=2,maxmem=4G", FW),
    SAME("bios-slots-memhp-16", "-M", "virt,gic-version=3", "-cpu",
         "cortex-a72", "-m", "2G,slots=16,maxmem=40G", "-smp", "2", FW),
    SAME("bios-slots-dimm", "-M", "virt", "-cpu", "max", "-m",
         "1G,slots=2,maxmem=4G", FW, "-object",
         "memory-backend-ram,id=d0,size=512M", "-device",
         "pc-dimm,memdev=d0"),
    SAME("bios-numa-dimm", "-M", "virt,gic-version=3", "-cpu", "cortex-a72",
         "-m", "1G,slots=4,maxmem=8G", "-smp", "4", FW, "-object",
         "memory-backend-ram,id=m0,size=512M", "-object",
         "memory-backend-ram,id=m1,size=512M", "-numa",
         "node,cpus=0-1,memdev=m0", "-numa", "node,cpus=2-3,memdev=m1",
         "-object", "memory-backend-ram,id=d0,size=256M", "-device",
         "pc-dimm,memdev=d0,node=1"),
    { "acpi-off", EXPECT_NO_ACPI,
      ARGS("-M", "virt,acpi=off", "-cpu", "max", "-m", "1G"), 0, 0 },

    /* ---- release 10.0 and later ---- */
    /* CPU models 7.2 lacks */
    SAME10("cpu-a55", "-M", "virt", "-cpu", "cortex-a55", "-m", "1G"),
    SAME10("cpu-a710-gic3-smp4", "-M", "virt,gic-version=3", "-cpu",
           "cortex-a710", "-m", "1G", "-smp", "4"),
    SAME10("cpu-v1", "-M", "virt", "-cpu", "neoverse-v1", "-m", "1G"),
    SAME10("cpu-n2-virtualization", "-M", "virt,virtualization=on", "-cpu",
           "neoverse-n2", "-m", "1G", "-smp", "2"),
    /* no gic-version: GICv3 above 8 vCPUs */
    SAME10("gic-default-smp9", "-M", "virt", "-cpu", "max", "-m", "1G",
           "-smp", "9"),
    SAME10("gic-default-smp9-virt-7.2", "-M", "virt-7.2", "-cpu", "max",
           "-m", "1G", "-smp", "9"),
    /* the EL2 virtual timer (GTDT): virt-9.0+, a VHE CPU, EL2 */
    SAME10("el2-vtimer-a76", "-M", "virt,virtualization=on", "-cpu",
           "cortex-a76", "-m", "1G"),
    SAME10("el2-vtimer-off-a57", "-M", "virt,virtualization=on", "-cpu",
           "cortex-a57", "-m", "1G"),
    SAME10("el2-vtimer-virt-9.0", "-M", "virt-9.0,virtualization=on",
           "-cpu", "max", "-m", "1G"),
    SAME10("el2-vtimer-off-virt-8.2", "-M", "virt-8.2,virtualization=on",
           "-cpu", "max", "-m", "1G"),
    SAME10("el2-vtimer-gic4-bios", "-M",
           "virt,gic-version=4,virtualization=on,secure=on", "-cpu", "max",
           "-m", "1G", "-smp", "4", FW),
    /* PPTT: the cluster level only when -smp names clusters */
    SAME10("topo-clusters1", "-M", "virt", "-cpu", "max", "-m", "1G",
           "-smp", "4,clusters=1,cores=4"),
    SAME10("topo-clusters1-t2", "-M", "virt,gic-version=3", "-cpu", "max",
           "-m", "1G", "-smp", "4,sockets=1,clusters=1,cores=2,threads=2"),
    SAME10("topo-s2-cl3-c2", "-M", "virt,gic-version=3", "-cpu", "max",
           "-m", "1G", "-smp", "12,sockets=2,clusters=3,cores=2"),
    SAME10("topo-maxcpus-cl2", "-M", "virt,gic-version=3", "-cpu", "max",
           "-m", "1G", "-smp", "3,maxcpus=8,clusters=2,cores=2,threads=2"),
    /* the 8.0+ properties, alone */
    SAME10("p8-redists-off", "-M", "virt,gic-version=3,highmem-redists=off",
           "-cpu", "max", "-m", "1G", "-smp", "123"),
    SAME10("p8-ecam-off", "-M", "virt,highmem-ecam=off", "-cpu", "max",
           "-m", "1G"),
    SAME10("p8-mmio-off", "-M", "virt,highmem-mmio=off", "-cpu", "max",
           "-m", "1G"),
    SAME10("p8-mmio-size-1T", "-M", "virt,highmem-mmio-size=1T", "-cpu",
           "max", "-m", "1G"),
    SAME10("p8-mmio-size-4T", "-M", "virt,highmem-mmio-size=4T", "-cpu",
           "max", "-m", "1G"),
    SAME10("p8-compact-off", "-M", "virt,compact-highmem=off", "-cpu",
           "max", "-m", "1G"),
    /* ... combined, and with CPUs whose PA range forces regions off */
    SAME10("p8-a53-compact-off-700G", "-M", "virt,compact-highmem=off",
           "-cpu", "cortex-a53", "-m", "1G,slots=1,maxmem=700G"),
    SAME10("p8-a53-mmio-size-1T-1000G", "-M", "virt,highmem-mmio-size=1T",
           "-cpu", "cortex-a53", "-m", "1G,slots=1,maxmem=1000G"),
    SAME10("p8-a57-ecam-off-mmio-2T", "-M",
           "virt,highmem-ecam=off,highmem-mmio-size=2T", "-cpu",
           "cortex-a57", "-m", "1G"),
    SAME10("p8-a53-redists-off-smp200", "-M",
           "virt,gic-version=3,highmem-redists=off,highmem-mmio=off", "-cpu",
           "cortex-a53", "-m", "1G", "-smp", "123"),
    SAME10("p8-gic4-all-off-smmuv3", "-M",
           "virt,gic-version=4,virtualization=on,highmem-ecam=off,"
           "highmem-mmio=off,iommu=smmuv3", "-cpu", "max", "-m", "2G",
           "-smp", "8"),
    SAME10("p8-compact-off-smmuv3-slots", "-M",
           "virt,compact-highmem=off,iommu=smmuv3,gic-version=3", "-cpu",
           "neoverse-n1", "-m", "1G,slots=2,maxmem=64G", "-smp", "4"),
    SAME10("p8-virt-8.0-mmio-size", "-M", "virt-8.0,highmem-mmio-size=1T",
           "-cpu", "max", "-m", "1G"),
    /* IOMMU on GICv2, secure, hot-plug space */
    SAME10("smmuv3-gic2-secure", "-M", "virt,iommu=smmuv3,secure=on",
           "-cpu", "max", "-m", "1G", "-smp", "2"),
    SAME10("smmuv3-bios-slots-srat", "-M", "virt,iommu=smmuv3,gic-version=3",
           "-cpu", "max", "-m", "2G,maxmem=6G", "-smp", "4", FW),

    /* ---- release 11.1 ---- */
    /* msi=: the MADT and IORT describe the ITS that is selected */
    SAME11("msi-its-gic3", "-M", "virt,gic-version=3,msi=its", "-cpu", "max",
           "-m", "1G", "-smp", "2"),
    SAME11("msi-auto-its-off", "-M", "virt,gic-version=3,msi=auto,its=off",
           "-cpu", "max", "-m", "1G"),
    SAME11("msi-gicv2m-gic3", "-M", "virt,gic-version=3,msi=gicv2m", "-cpu",
           "max", "-m", "1G", "-smp", "2"),
    SAME11("msi-off-gic2", "-M", "virt,gic-version=2,msi=off", "-cpu",
           "max", "-m", "1G"),
    SAME11("msi-off-smmuv3", "-M", "virt,gic-version=3,msi=off,iommu=smmuv3",
           "-cpu", "max", "-m", "1G"),
    SAME11("msi-its-virt-6.1", "-M", "virt-6.1,gic-version=3,msi=its",
           "-cpu", "max", "-m", "1G", "-smp", "2"),
    SAME11("its-virt-6.2-gic4", "-M", "virt-6.2,gic-version=4,"
           "virtualization=on", "-cpu", "max", "-m", "1G"),
    /* the PPTT's package node and flags on every level */
    SAME11("topo-s4-cl2-c2-t2", "-M", "virt,gic-version=3", "-cpu", "max",
           "-m", "1G", "-smp", "32,sockets=4,clusters=2,cores=2,threads=2"),
    SAME11("topo-s2-t4", "-M", "virt,gic-version=3", "-cpu", "neoverse-n2",
           "-m", "1G", "-smp", "8,sockets=2,cores=1,threads=4"),
    /* the GED's error event, hot-plug memory without firmware */
    SAME11("ged-error-gic3-smmuv3", "-M", "virt,gic-version=3,iommu=smmuv3",
           "-cpu", "max", "-m", "1G", "-smp", "2", FW),
    SAME11("nic-none-slots", "-M", "virt", "-cpu", "max", "-m",
           "1G,slots=2,maxmem=2G", "-nic", "none"),
    SAME11("netdev-only", "-M", "virt", "-cpu", "cortex-a72", "-m", "1G",
           "-netdev", "user,id=n0"),

    /* PCI devices: the same tables before 11.1, refused on 11.1 */
    PCI_DEV("pci-dev-rng", "-M", "virt", "-cpu", "max", "-m", "1G",
            "-device", "virtio-rng-pci"),
    PCI_DEV("pci-nic", "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
            "-nic", "user,model=virtio-net-pci"),
    PCI_DEV("pci-root-port", "-M", "virt", "-cpu", "max", "-m", "1G",
            "-device", "pcie-root-port,id=rp1,chassis=1", "-device",
            "virtio-rng-pci,bus=rp1"),
};

/*
 * Every machine type x hot-plug (none, slots) x GIC version, made by
 * matrix_cases() after the rows above. The gic-version=max rows without
 * hot-plug load firmware (GED or PL061).
 */
static const char *const matrix_types[] = {
    "11.1", "11.0", "10.2", "10.1", "10.0", "9.2", "9.1", "9.0", "8.2",
    "8.1", "8.0", "7.2", "7.1", "7.0", "6.2", "6.1", "6.0", "5.2", "5.1",
    "5.0", "4.2", "4.1", "4.0", "3.1", "3.0", "2.12", "2.11", "2.10", "2.9",
    "2.8", "2.7", "2.6",
};
static const char *const matrix_gics[] = { "2", "3", "max", "4" };

/*
 * Release 11.1 also runs every machine type it offers with each of
 * these: the IORT and MADT without an ITS, the PPTT's levels, secure
 * firmware with the GED, the MSI controllers of msi=.
 */
static const struct {
    const char *name;
    const char *props;          /* appended to -M virt-X.Y */
    const char *smp;
    bool fw;
} matrix11_variants[] = {
    { "smmuv3-its-off", ",gic-version=3,its=off,iommu=smmuv3", "2", false },
    { "topo", ",gic-version=3", "8,sockets=2,clusters=2,cores=2", false },
    { "secure-virt-fw", ",gic-version=3,secure=on,virtualization=on", "2",
      true },
    { "msi-gicv2m", ",gic-version=3,msi=gicv2m,iommu=smmuv3", "2", false },
};

/* The matrix11_variants rows of machine type @type */
static void matrix11_cases(GArray *list, GPtrArray *keep, const char *type)
{
    for (size_t v = 0; v < G_N_ELEMENTS(matrix11_variants); v++) {
        GPtrArray *a = g_ptr_array_new();
        char *name = g_strdup_printf("mt11-%s-%s", type,
                                     matrix11_variants[v].name);
        char *machine = g_strdup_printf("virt-%s%s", type,
                                        matrix11_variants[v].props);
        AcpiCase c = { name, EXPECT_IDENTICAL, NULL,
                       VIRT_RELEASE_VERSION(11, 1), 0 };

        g_ptr_array_add(keep, name);
        g_ptr_array_add(keep, machine);
        g_ptr_array_add(a, (gpointer) "-M");
        g_ptr_array_add(a, machine);
        g_ptr_array_add(a, (gpointer) "-cpu");
        g_ptr_array_add(a, (gpointer) "max");
        g_ptr_array_add(a, (gpointer) "-m");
        g_ptr_array_add(a, (gpointer) "1G");
        g_ptr_array_add(a, (gpointer) "-smp");
        g_ptr_array_add(a, (gpointer)matrix11_variants[v].smp);
        if (matrix11_variants[v].fw) {
            g_ptr_array_add(a, (gpointer) "-bios");
            g_ptr_array_add(a, firmware_file);
        }
        g_ptr_array_add(a, NULL);
        c.args = (const char *const *)a->pdata;
        g_ptr_array_add(keep, g_ptr_array_free(a, FALSE));
        g_array_append_val(list, c);
    }
}

/* The rows of cases[], then the matrix's; what they own goes to @keep */
static GArray *all_cases(GPtrArray *keep)
{
    GArray *list = g_array_new(FALSE, FALSE, sizeof(AcpiCase));

    g_array_append_vals(list, cases, G_N_ELEMENTS(cases));
    for (size_t t = 0; t < G_N_ELEMENTS(matrix_types); t++) {
        matrix11_cases(list, keep, matrix_types[t]);
        for (size_t g = 0; g < G_N_ELEMENTS(matrix_gics); g++) {
            for (int hp = 0; hp <= 1; hp++) {
                const char *gic = matrix_gics[g];
                bool fw = !strcmp(gic, "max") && !hp;
                GPtrArray *a = g_ptr_array_new();
                char *name = g_strdup_printf("mt-%s-gic%s%s",
                                             matrix_types[t], gic,
                                             hp ? "-hp" : "");
                char *machine = g_strdup_printf(
                    "virt-%s,gic-version=%s%s", matrix_types[t], gic,
                    !strcmp(gic, "4") ? ",virtualization=on" : "");
                AcpiCase c = { name, EXPECT_IDENTICAL, NULL, 0, 0 };

                g_ptr_array_add(keep, name);
                g_ptr_array_add(keep, machine);
                g_ptr_array_add(a, (gpointer) "-M");
                g_ptr_array_add(a, machine);
                g_ptr_array_add(a, (gpointer) "-cpu");
                g_ptr_array_add(a, (gpointer) "max");
                g_ptr_array_add(a, (gpointer) "-m");
                g_ptr_array_add(a, (gpointer)(hp ? "1G,slots=2,maxmem=4G"
                                                 : "1G"));
                g_ptr_array_add(a, (gpointer) "-smp");
                g_ptr_array_add(a, (gpointer) "2");
                if (fw) {
                    g_ptr_array_add(a, (gpointer) "-bios");
                    g_ptr_array_add(a, firmware_file);
                }
                g_ptr_array_add(a, NULL);
                c.args = (const char *const *)a->pdata;
                g_ptr_array_add(keep, g_ptr_array_free(a, FALSE));
                g_array_append_val(list, c);
            }
        }
    }
    return list;
}
/* clang-format on */

/* Does an argument of case @c contain @s? */
static bool case_has_arg(const AcpiCase *c, const char *s)
{
    for (size_t i = 0; c->args[i] != NULL; i++) {
        if (strstr(c->args[i], s) != NULL) {
            return true;
        }
    }
    return false;
}

/*
 * Can release @r run case @c? It must be recent enough, have the GIC
 * version and offer the machine type of the case's -M (the release's
 * "virt" always exists).
 */
static bool case_runs_on(const AcpiCase *c, const VirtRelease *r)
{
    if (r->version < c->since) {
        return false;
    }
    /* gic-version=4 (7.1+) */
    if (!r->gic_v4 && case_has_arg(c, "gic-version=4")) {
        return false;
    }
    for (size_t i = 0; c->args[i] != NULL && c->args[i + 1] != NULL; i++) {
        if (strcmp(c->args[i], "-M") == 0) {
            const char *m = c->args[i + 1];
            g_autofree char *type = g_strndup(m, strcspn(m, ","));

            return virt_release_machine_type(r, type) != NULL;
        }
    }
    return true;
}

/* ---- QEMU's side ---- */

/* ---- reporting a mismatch ---- */

static bool have_iasl(void)
{
    g_autofree char *path = g_find_program_in_path("iasl");

    return path != NULL;
}

/* `iasl -d` of @bytes; the text of the .dsl, or an explanation */
static char *disassemble(const char *dir, const char *stem, GBytes *bytes)
{
    g_autofree char *dat = g_strdup_printf("%s/%s.dat", dir, stem);
    g_autofree char *dsl = g_strdup_printf("%s/%s.dsl", dir, stem);
    const char *argv[] = { "iasl", "-d", dat, NULL };
    char *text = NULL;
    int status;

    if (!g_file_set_contents(dat, g_bytes_get_data(bytes, NULL),
                             (gssize)g_bytes_get_size(bytes), NULL)) {
        return g_strdup("(cannot write the table)\n");
    }
    if (!have_iasl()) {
        return g_strdup("(iasl not installed)\n");
    }
    if (!g_spawn_sync(dir, (char **)argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                          G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, NULL, NULL, &status, NULL) ||
        !g_file_get_contents(dsl, &text, NULL, NULL)) {
        return g_strdup("(iasl -d failed)\n");
    }
    return text;
}

/* The differing bytes, for tables iasl cannot disassemble (RSDP) */
static void show_byte_diff(GBytes *qemu, GBytes *ours)
{
    gsize ql, ol;
    const guint8 *q = g_bytes_get_data(qemu, &ql);
    const guint8 *o = g_bytes_get_data(ours, &ol);
    unsigned shown = 0;

    printf("---- differing bytes (offset: QEMU virtboard), %zu vs %zu "
           "bytes ----\n", ql, ol);
    for (gsize i = 0; i < MAX(ql, ol) && shown < 64; i++) {
        int a = i < ql ? q[i] : -1;
        int b = i < ol ? o[i] : -1;

        if (a != b) {
            printf("  0x%04zx: %02x %02x\n", i, a & 0xff, b & 0xff);
            shown++;
        }
    }
}

static void show_table_diff(const char *sig, GBytes *qemu, GBytes *ours)
{
    g_autofree char *dir = g_dir_make_tmp("virt-acpi-test-XXXXXX", NULL);
    g_autofree char *qemu_dsl = NULL;
    g_autofree char *ours_dsl = NULL;
    g_autofree char *qemu_stem = g_strdup_printf("qemu-%s", sig);
    g_autofree char *ours_stem = g_strdup_printf("ours-%s", sig);
    g_autofree char *diff_out = NULL;
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    if (dir == NULL) {
        printf("     (cannot create a temporary directory)\n");
        return;
    }
    qemu_dsl = disassemble(dir, qemu_stem, qemu);
    ours_dsl = disassemble(dir, ours_stem, ours);
    printf("---- QEMU %s (iasl -d) ----\n%s", sig, qemu_dsl);
    printf("---- virtboard %s (iasl -d) ----\n%s", sig, ours_dsl);
    a = g_strdup_printf("%s/%s.dsl", dir, qemu_stem);
    b = g_strdup_printf("%s/%s.dsl", dir, ours_stem);
    {
        const char *argv[] = { "diff", "-u", a, b, NULL };

        if (g_file_test(a, G_FILE_TEST_EXISTS) &&
            g_file_test(b, G_FILE_TEST_EXISTS) &&
            g_spawn_sync(dir, (char **)argv, NULL, G_SPAWN_SEARCH_PATH,
                         NULL, NULL, &diff_out, NULL, NULL, NULL)) {
            printf("---- diff -u QEMU virtboard ----\n%s", diff_out);
        }
    }
    show_byte_diff(qemu, ours);
    printf("---- (files kept in %s) ----\n", dir);
}

/* ---- comparing ---- */

static const char *raw_name(unsigned i)
{
    static const char *const names[] = {
        VIRT_ACPI_TABLES_FILE, VIRT_ACPI_RSDP_FILE, VIRT_ACPI_LOADER_FILE,
    };
    return names[i];
}

/* Compare the pre-link blobs; append what differs to @why */
static void compare_raw(const VirtAcpiBlobs *q, const VirtAcpiBlobs *o,
                        GString *why)
{
    GBytes *qb[] = { q->tables, q->rsdp, q->loader };
    GBytes *ob[] = { o->tables, o->rsdp, o->loader };

    for (unsigned i = 0; i < G_N_ELEMENTS(qb); i++) {
        if (!g_bytes_equal(qb[i], ob[i])) {
            g_string_append_printf(why, " raw %s differs (%zu vs %zu bytes);",
                                   raw_name(i), g_bytes_get_size(qb[i]),
                                   g_bytes_get_size(ob[i]));
        }
    }
}

/* Link both sides at LINK_BASE and compare table by table */
static bool compare_linked(const VirtAcpiBlobs *q, const VirtAcpiBlobs *o,
                           GString *why, GString *summary)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GPtrArray) qt = virt_acpi_link_blobs(q, LINK_BASE, &err);
    g_autoptr(GPtrArray) ot = NULL;
    g_autofree char *ql = NULL;
    g_autofree char *ol = NULL;
    bool ok = true;

    if (qt == NULL) {
        g_string_append_printf(why, " linking QEMU's tables: %s;",
                               err->message);
        return false;
    }
    ot = virt_acpi_link_blobs(o, LINK_BASE, &err);
    if (ot == NULL) {
        g_string_append_printf(why, " linking ours: %s;", err->message);
        return false;
    }
    ql = qts_acpi_signatures(qt);
    ol = qts_acpi_signatures(ot);
    g_string_append_printf(summary, "%u tables (%s)", qt->len, ql);
    if (strcmp(ql, ol) != 0) {
        g_string_append_printf(why, " table lists differ: QEMU [%s], "
                               "virtboard [%s];", ql, ol);
        return false;
    }
    for (unsigned i = 0; i < qt->len; i++) {
        const AcpiLinkedTable *a = g_ptr_array_index(qt, i);
        const AcpiLinkedTable *b = g_ptr_array_index(ot, i);

        if (!g_bytes_equal(a->bytes, b->bytes)) {
            g_string_append_printf(why, " %s differs;", a->sig);
            show_table_diff(a->sig, a->bytes, b->bytes);
            ok = false;
        }
    }
    return ok;
}

static bool check_identical(const AcpiCase *c, const VirtMachineState *vms,
                            const VirtAcpiBlobs *q, GString *why,
                            GString *summary)
{
    g_auto(VirtAcpiBlobs) o = { 0 };
    g_autoptr(GError) err = NULL;
    bool linked_ok;

    if (!virt_acpi_build(vms, &o, &err)) {
        g_string_append_printf(why, " virtboard refuses: %s;", err->message);
        return false;
    }
    if (q->tables == NULL || o.tables == NULL) {
        g_string_append_printf(why, " ACPI present: QEMU %d, virtboard %d;",
                               q->tables != NULL, o.tables != NULL);
        return false;
    }
    linked_ok = compare_linked(q, &o, why, summary);
    compare_raw(q, &o, why);
    return linked_ok && why->len == 0;
}

static bool check_case(const AcpiCase *c, const VirtMachineState *vms,
                       const VirtAcpiBlobs *q, GString *why,
                       GString *summary)
{
    g_auto(VirtAcpiBlobs) o = { 0 };
    g_autoptr(GError) err = NULL;
    AcpiExpect expect = c->expect;

    if (c->refused_since != 0 && vms->release->version >= c->refused_since) {
        expect = EXPECT_UNSUPPORTED;
    }
    switch (expect) {
    case EXPECT_IDENTICAL:
        return check_identical(c, vms, q, why, summary);
    case EXPECT_UNSUPPORTED:
        if (virt_acpi_build(vms, &o, &err)) {
            g_string_append(why, " virtboard builds tables it should refuse;");
            return false;
        }
        if (!g_error_matches(err, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED)) {
            g_string_append_printf(why, " wrong error: %s;", err->message);
            return false;
        }
        g_string_append_printf(summary, "refused: %s (QEMU has %s)",
                               err->message,
                               q->tables ? "tables" : "no tables");
        return true;
    case EXPECT_NO_ACPI:
        if (!virt_acpi_build(vms, &o, &err)) {
            g_string_append_printf(why, " %s;", err->message);
            return false;
        }
        if (q->tables != NULL || o.tables != NULL) {
            g_string_append_printf(why, " tables: QEMU %d, virtboard %d;",
                                   q->tables != NULL, o.tables != NULL);
            return false;
        }
        g_string_append(summary, "no tables on either side");
        return true;
    }
    return false;
}

static char *args_to_string(const char *const *args)
{
    return g_strjoinv(" ", (char **)args);
}

/*
 * A release whose tables are not modelled: virtboard must refuse them,
 * naming the release, rather than write another release's tables
 */
static bool acpi_refused_by_name(const VirtRelease *r)
{
    static const char *const args[] = { "-M", "virt", "-cpu", "max", "-m",
                                        "1G", NULL };
    g_auto(VirtOptions) opts = { 0 };
    g_auto(VirtAcpiBlobs) o = { 0 };
    g_autoptr(GError) err = NULL;
    g_autofree char *name = g_strdup_printf("QEMU %s", r->name);
    VirtMachineState vms;

    memset(&vms, 0, sizeof(vms));
    virt_options_init(&opts);
    if (!test_virtboard_init_release(r->name, args, &opts, &vms, &err)) {
        printf("FAIL release %s: virtboard refuses %s: %s\n", r->name,
               "-M virt -cpu max -m 1G", err->message);
        return false;
    }
    if (virt_acpi_build(&vms, &o, &err)) {
        printf("FAIL release %s: its ACPI tables are not modelled, yet "
               "virtboard builds some\n", r->name);
        return false;
    }
    if (strstr(err->message, name) == NULL) {
        printf("FAIL release %s: the refusal does not name it: %s\n",
               r->name, err->message);
        return false;
    }
    printf("PASS release %s: ACPI refused by name: %s\n", r->name,
           err->message);
    return true;
}

static bool case_needs_tpm(const AcpiCase *c)
{
    for (size_t i = 0; c->args[i] != NULL; i++) {
        if (strcmp(c->args[i], "-tpmdev") == 0) {
            return true;
        }
    }
    return false;
}

/* 1 passed, 0 failed, -1 skipped */
static int run_case(const AcpiCase *c)
{
    g_auto(VirtOptions) opts = { 0 };
    g_auto(VirtAcpiBlobs) q = { 0 };
    g_autoptr(GError) err = NULL;
    g_autoptr(QTestState) qts = NULL;
    g_autoptr(GString) why = g_string_new(NULL);
    g_autoptr(GString) summary = g_string_new(NULL);
    g_autofree char *cmdline = args_to_string(c->args);
    VirtMachineState vms;
    GPid swtpm = 0;
    bool ok;

    memset(&vms, 0, sizeof(vms));
    virt_options_init(&opts);
    if (!test_virtboard_init_release(qts_qemu_release(), c->args, &opts,
                                     &vms, &err)) {
        printf("FAIL %s: virtboard refuses the configuration: %s\n"
               "     args: %s\n", c->name, err->message, cmdline);
        return false;
    }
    if (case_needs_tpm(c)) {
        g_autofree char *state = g_strdup_printf("%s-state", tpm_sock);

        swtpm = qts_swtpm_start(tpm_sock, state, &err);
        if (swtpm == 0) {
            bool ci = g_strcmp0(g_getenv("CI"), "true") == 0;

            printf("%s %s: needs swtpm: %s\n", ci ? "FAIL" : "SKIP",
                   c->name, err->message);
            return ci ? 0 : -1;
        }
    }
    qts = qts_start(c->args, &err);
    if (qts == NULL) {
        qts_swtpm_stop(swtpm);
        printf("FAIL %s: cannot run QEMU: %s\n     args: %s\n", c->name,
               err->message, cmdline);
        return false;
    }
    ok = qfw_cfg_read_acpi(qts, &q, &err);
    g_clear_pointer(&qts, qts_quit);
    qts_swtpm_stop(swtpm);
    if (!ok) {
        printf("FAIL %s: reading fw_cfg: %s\n     args: %s\n", c->name,
               err->message, cmdline);
        return false;
    }
    ok = check_case(c, &vms, &q, why, summary);
    if (ok) {
        printf("PASS %s: %s\n", c->name, summary->str);
    } else {
        printf("FAIL %s:%s %s\n     args: %s\n", c->name, why->str,
               summary->str, cmdline);
    }
    return ok;
}

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL;
    unsigned passed = 0;
    unsigned failed = 0;
    g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GArray) all = all_cases(keep);
    size_t n = all->len;
    size_t runs;
    const AcpiCase *list = (const AcpiCase *)(void *)all->data;
    g_autoptr(GPtrArray) oracles = NULL;

    setvbuf(stdout, NULL, _IOLBF, 0);
    oracles = qts_require_oracles("virt-acpi-test", &failed);
    if (!make_firmware() || !make_tpm_dir()) {
        printf("cannot create a dummy firmware image or a TPM directory\n");
        return EXIT_FAILURE;
    }
    for (guint k = 0; k < oracles->len; k++) {
        const QtsOracle *o = g_ptr_array_index(oracles, k);
        const VirtRelease *r = virt_release_find(o->release);

        if (r == NULL || !r->acpi_modelled) {
            /* the DTB of such a release is modelled, its tables not yet */
            printf("SKIP virt-acpi-test: qemu %s (%s): the ACPI tables of "
                   "release %s are not covered yet\n",
                   o->version, o->binary, o->release);
            if (r != NULL && !acpi_refused_by_name(r)) {
                failed++;
            }
            continue;
        }
        qts_use_oracle(o);
        runs = 0;
        for (size_t i = 0; i < n; i++) {
            runs += case_runs_on(&list[i], r);
        }
        printf("# virt-acpi-test: %zu of %zu configurations need a "
               "machine type or property qemu %s lacks: skipped\n",
               n - runs, n, o->version);
        printf("# virt-acpi-test: %zu configurations against qemu %s "
               "(%s)\n", runs, o->version, o->binary);
        for (size_t i = 0; i < n; i++) {
            if ((only != NULL && strstr(list[i].name, only) == NULL) ||
                !case_runs_on(&list[i], r)) {
                continue;
            }
            switch (run_case(&list[i])) {
            case 1:
                passed++;
                break;
            case 0:
                failed++;
                break;
            default:
                break;
            }
        }
    }
    qts_use_oracle(NULL);
    g_unlink(firmware_file);
    remove_tpm_dir();
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
