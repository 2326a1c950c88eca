/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Write the seed corpora of the fuzz targets:
 *
 *   gen-seeds DIR     writes DIR/fuzz-opts/, DIR/fuzz-pipeline/,
 *                     DIR/fuzz-acpi-link/ and DIR/fuzz-output/
 *                     (tests/fuzz/corpus in the tree)
 *
 * Seeds are the command lines of the README, docs and unit tests in each
 * target's input format, and the fw_cfg blobs of a few boards.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "hw/acpi/acpi-build.h"
#include "hw/arm/virt-acpi.h"
#include "hw/arm/virt.h"

/* fuzz-opts: selector byte (see fuzz-opts.c), then the text */
static const struct {
    int which;
    const char *text;
} opts_seeds[] = {
    { 0, "virt" }, { 0, "virt-7.2,highmem=off" },
    { 0, "virt,gic-version=3,its=off,iommu=smmuv3" },
    { 0, "virt,highmem-mmio-size=1T,compact-highmem=on" },
    { 0, "virt-2.12,highmem-ecam=off,highmem-redists=off" },
    { 0, "virt,dumpdtb=a,,b.dtb,acpi=auto,x-oem-id=ABCDEF" },
    { 0, "virt,secure=on,virtualization=yes,phandle-start=0x100" },
    { 1, "1G" }, { 1, "1536" }, { 1, "4G,slots=2,maxmem=8G" },
    { 1, "size=1.5G" }, { 1, "0x40000000B" },
    { 2, "8" }, { 2, "4,sockets=2,cores=2,threads=1" },
    { 2, "cpus=2,maxcpus=8,clusters=2" }, { 2, "8,dies=1" },
    { 3, "cortex-a57" }, { 3, "max" }, { 3, "host" }, { 3, "cortex-a8" },
    { 4, "tcg" }, { 4, "kvm" }, { 4, "hvf" },
    { 5, "40" }, { 5, "36:40" }, { 5, "none" },
    { 6, "16E" }, { 6, "1.5G" }, { 6, "18446744073709551615" },
    /* -device/-blockdev/... keyval and JSON, -global, CPU properties */
    { 8, "virtio-net-pci,netdev=n,id=x" },
    { 8, "{\"driver\":\"pcie-root-port\",\"port\":8,\"chassis\":1,"
         "\"multifunction\":true,\"addr\":\"0x1\"}" },
    { 8, "{\"node-name\":\"v\",\"file\":{\"driver\":\"file\","
         "\"filename\":\"/x\"},\"a\":[1,-2.5e3,null,'s\\u00e9']}" },
    { 8, "{bad" }, { 8, "arm-gicv3.x=1" }, { 8, "pmu=off,sve=off" },
    /* option names */
    { 9, "cdrom" }, { 9, "no-acpi" }, { 9, "acpitable" }, { 9, "numa" },
    { 9, "-preconfig" }, { 9, "xen-attach" },
};

/* fuzz-pipeline and fuzz-opts selector 7: argument vectors */
static const char *const argv_seeds[] = {
    "-M virt -cpu cortex-a57 -m 1G",
    "-M virt,gic-version=3 -cpu cortex-a57 -m 4G -smp 8",
    "-M virt,highmem=off -m 3G",
    "-M virt,highmem-mmio=off -m 8G -smp 8 -cpu cortex-a57",
    "-M virt,dtb-randomness=off -cpu max -m 2G",
    "-M virt-2.12 -cpu cortex-a15 -m 512M -smp 2",
    "-M virt,gic-version=max,virtualization=on -cpu max -smp 16",
    "-M virt,secure=on -cpu cortex-a53 -bios f -m 1G",
    "-M virt,iommu=smmuv3 -cpu neoverse-n1 -m 2G,slots=4,maxmem=16G",
    "-M virt,acpi=off -cpu cortex-a72 -smp 4,sockets=2,cores=2",
    "-M virt-5.0 -cpu max -m 1G,maxmem=4G",
    "-machine virt,compact-highmem=off,highmem-ecam=off -cpu max -m 300G",
    "-M virt,gic-version=3 -cpu max -smp 200",
    "-accel kvm --host-ipa-bits 36 -cpu host -m 63G",
    "-accel hvf --host-ipa-bits 36:40 -cpu host -m 2G",
    "-M virt -cpu cortex-a57 -kernel Image -append console=ttyAMA0",
    "-M virt -cpu cortex-a15 -kernel zImage -initrd initrd -m 1G",
    /* what real tools pass (issue 16) */
    "-accel kvm -accel hvf,tso=on -accel tcg,tb-size=256 -cpu max,pmu=off "
    "-M virt,gic_version=3 -no-acpi -cdrom x.iso disk.img -vnc :1",
    "-machine virt,pflash0=fw,pflash1=vars -blockdev "
    "{\"driver\":\"file\",\"filename\":\"f\",\"node-name\":\"fw\"} "
    "-blockdev driver=file,filename=v,node-name=vars -device qemu-xhci "
    "-device usb-tablet -device virtio-scsi -device scsi-hd,drive=d",
    /* NUMA nodes, distances, and the second UART of 10.0+ */
    "-M virt -smp 4 -m 2G -numa node,nodeid=0,cpus=0-1 "
    "-numa node,nodeid=1,cpus=2-3 -numa dist,src=0,dst=1,val=21",
    "-M virt -m 2G -object memory-backend-ram,id=m0,size=1G "
    "-object memory-backend-ram,id=m1,size=1G -numa node,memdev=m0 "
    "-numa node,memdev=m1 -m 2G,slots=2,maxmem=4G",
    "--qemu-version 10.0 -M virt -serial null -serial null -smp 2",
    "--qemu-version 11.1 -M virt,secure=on -serial none -serial null",
    /* cold-plugged DIMMs: key=value and JSON, a busy backend */
    "-M virt -bios b -m 1G,slots=2,maxmem=4G -object "
    "memory-backend-ram,id=d0,size=256M -device pc-dimm,memdev=d0,node=0 "
    "-device {\"driver\":\"pc-dimm\",\"memdev\":\"d0\",\"slot\":1,"
    "\"addr\":\"0x1\"}",
};

/* A kernel file as fuzz-pipeline spells it: 0x01 stands for 0x00 */
static const char arm64_image[] =
    "MZ\x01\x01\x01\x01\x01\x01"                   /* code0, code1 */
    "\x01\x01\x08\x01\x01\x01\x01\x01"             /* text_offset 512K */
    "\x01\x01\x20\x01\x01\x01\x01\x01"             /* image_size 2M */
    "\x0a\x01\x01\x01\x01\x01\x01\x01"             /* flags */
    "\x01\x01\x01\x01\x01\x01\x01\x01"
    "\x01\x01\x01\x01\x01\x01\x01\x01"
    "\x01\x01\x01\x01\x01\x01\x01\x01"
    "ARM\x64";

/* fuzz-qtest-reply: selector byte (see fuzz-qtest-reply.c), then text */
static const char *const reply_seeds[] = {
    "\x00" "OK\n", "\x00" "OK 0x0000000012345678\n", "\x00" "OK 42\r\n",
    "\x00" "FAIL Unknown command 'frob'\n", "\x00" "ERR\n",
    "\x00" "IRQ raise 33\n", "\x00" "IRQ lower 5\n",
    "\x01\x04" "0x00ff10ab", "\x01\x01" "0x7f",
    "\x02" "QUJDRA==", "\x02" "AAECAwQFBgc=", "\x02",
};

/*
 * fuzz-output: count, entries (kind, name[, length, target]), then the
 * call (see fuzz-output.c). Kinds: 0 file, 1 directory, 2 symlink,
 * 3 socket, 4 character device 1,3. Names: 0 a, 1 b, 2 d, 3 e, 4 a/x,
 * 5 d/e, 6 d/x/a, 7 x. Target letters: 0 a, 1 b, 2 d, 3 e, 4 x, 5 /.
 * The call: name + 8 * (0 write, 1 padded write, 2 directory).
 */
static const struct {
    size_t len;
    const char *bytes;
} output_seeds[] = {
    { 2, "\x00\x00" },                                  /* new file */
    { 4, "\x01\x00\x00\x00" },                          /* existing file */
    { 8, "\x02\x00\x00\x02\x01\x00\x00\x01" },          /* b -> a */
    { 6, "\x01\x02\x01\x00\x03\x01" },                  /* b -> e, dangling */
    { 12, "\x03\x00\x00\x02\x01\x00\x00\x02\x03\x00\x01\x03" },  /* e -> b -> a */
    { 6, "\x01\x02\x00\x00\x00\x00" },                  /* a -> a, a loop */
    { 4, "\x01\x01\x02\x02" },                          /* a directory */
    { 2, "\x00\x04" },                                  /* missing parent */
    { 4, "\x01\x04\x00\x08" },                          /* device, padded */
    { 4, "\x01\x03\x00\x00" },                          /* a socket */
    { 2, "\x00\x12" },                                  /* new directory */
    { 8, "\x02\x01\x02\x02\x07\x00\x02\x17" },          /* x -> d */
    { 4, "\x01\x00\x00\x10" },                          /* a file as dir */
    { 10, "\x02\x01\x02\x02\x01\x02\x02\x05\x04\x11" },   /* b -> d/x */
};

static void write_seed(const char *dir, const char *target, unsigned n,
                       const void *data, size_t len)
{
    g_autofree char *sub = g_build_filename(dir, target, NULL);
    g_autofree char *name = g_strdup_printf("seed-%03u", n);
    g_autofree char *path = g_build_filename(sub, name, NULL);
    g_autoptr(GError) err = NULL;

    g_mkdir_with_parents(sub, 0755);
    if (!g_file_set_contents(path, data, (gssize)len, &err)) {
        fprintf(stderr, "gen-seeds: %s\n", err->message);
        exit(1);
    }
}

/* "a b c" -> "a\0b\0c" after the selector byte */
static GByteArray *argv_bytes(uint8_t selector, const char *line)
{
    g_auto(GStrv) words = g_strsplit(line, " ", -1);
    GByteArray *a = g_byte_array_new();

    g_byte_array_append(a, &selector, 1);
    for (int i = 0; words[i]; i++) {
        const char *w = words[i];

        if (i > 0) {
            g_byte_array_append(a, (const guint8 *)"", 1);
        }
        if (strcmp(w, "Image") == 0) {
            w = arm64_image;
        }
        g_byte_array_append(a, (const guint8 *)w, strlen(w));
    }
    return a;
}

static void put_le(GByteArray *a, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        guint8 b = (guint8)(v >> (8 * i));

        g_byte_array_append(a, &b, 1);
    }
}

static bool acpi_seed(const char *dir, unsigned n, const char *line)
{
    g_auto(VirtOptions) opts;
    g_auto(GStrv) argv = g_strsplit(line, " ", -1);
    g_auto(VirtAcpiBlobs) blobs = { 0 };
    g_autoptr(GByteArray) a = g_byte_array_new();
    VirtMachineState vms;
    VirtHelpRequest help;
    GBytes *parts[3];
    const guint8 *tables;
    gsize tlen, size;

    virt_options_init(&opts);
    if (!virt_cmdline_parse(&opts, (int)g_strv_length(argv), argv, &help,
                            NULL) ||
        !virt_machine_init(&vms, &opts, NULL) ||
        !virt_acpi_build(&vms, &blobs, NULL) || blobs.tables == NULL) {
        return false;
    }
    /* the table file without its zero padding to 128 KiB */
    tables = g_bytes_get_data(blobs.tables, &size);
    tlen = 0;
    while (tlen + ACPI_TABLE_HEADER_SIZE <= size && tables[tlen] != 0) {
        tlen += acpi_read_int(tables + tlen + ACPI_TABLE_LENGTH_OFFSET, 4);
    }
    parts[0] = g_bytes_new_from_bytes(blobs.tables, 0, tlen);
    parts[1] = g_bytes_ref(blobs.rsdp);
    parts[2] = g_bytes_ref(blobs.loader);
    put_le(a, g_bytes_get_size(parts[0]), 4);
    put_le(a, g_bytes_get_size(parts[1]), 4);
    put_le(a, VIRT_ACPI_DEFAULT_BASE, 8);
    for (int i = 0; i < 3; i++) {
        g_byte_array_append(a, g_bytes_get_data(parts[i], NULL),
                            g_bytes_get_size(parts[i]));
        g_bytes_unref(parts[i]);
    }
    write_seed(dir, "fuzz-acpi-link", n, a->data, a->len);
    return true;
}

int main(int argc, char **argv)
{
    unsigned n = 0, i;

    if (argc != 2) {
        fprintf(stderr, "usage: gen-seeds DIR\n");
        return 2;
    }
    for (i = 0; i < G_N_ELEMENTS(opts_seeds); i++) {
        g_autoptr(GByteArray) a = g_byte_array_new();
        guint8 sel = (guint8)opts_seeds[i].which;

        g_byte_array_append(a, &sel, 1);
        g_byte_array_append(a, (const guint8 *)opts_seeds[i].text,
                            strlen(opts_seeds[i].text));
        write_seed(argv[1], "fuzz-opts", i, a->data, a->len);
    }
    for (n = i, i = 0; i < G_N_ELEMENTS(argv_seeds); i++, n++) {
        g_autoptr(GByteArray) a = argv_bytes(7, argv_seeds[i]);

        write_seed(argv[1], "fuzz-opts", n, a->data, a->len);
    }
    for (i = 0; i < G_N_ELEMENTS(argv_seeds); i++) {
        g_autoptr(GByteArray) a = argv_bytes(0, argv_seeds[i]);

        write_seed(argv[1], "fuzz-pipeline", i, a->data, a->len);
    }
    /* raw VirtOptions: all-zero and all-0xff fill the extremes */
    {
        guint8 raw[96];

        memset(raw, 0, sizeof(raw));
        raw[0] = 1;
        write_seed(argv[1], "fuzz-pipeline", i++, raw, sizeof(raw));
        memset(raw, 0xff, sizeof(raw));
        write_seed(argv[1], "fuzz-pipeline", i++, raw, sizeof(raw));
    }
    for (i = 0; i < G_N_ELEMENTS(reply_seeds); i++) {
        const char *r = reply_seeds[i];

        /* the selector may be \0: write it, then the rest */
        g_autoptr(GByteArray) a = g_byte_array_new();

        g_byte_array_append(a, (const guint8 *)r, 1);
        g_byte_array_append(a, (const guint8 *)r + 1, strlen(r + 1));
        write_seed(argv[1], "fuzz-qtest-reply", i, a->data, a->len);
    }
    /* selector 3: a fw_cfg file directory with two entries */
    {
        guint8 dir[1 + 4 + 2 * 64] = { 3, 0, 0, 0, 2 };

        dir[5 + 3] = 0x24;              /* size 36 */
        dir[5 + 5] = 0x20;              /* select 0x0020 */
        memcpy(dir + 5 + 8, "etc/acpi/rsdp", 13);
        dir[5 + 64 + 2] = 0x02;         /* size 128 KiB */
        dir[5 + 64 + 5] = 0x21;
        memcpy(dir + 5 + 64 + 8, "etc/acpi/tables", 15);
        write_seed(argv[1], "fuzz-qtest-reply", i, dir, sizeof(dir));
    }
    for (i = 0; i < G_N_ELEMENTS(output_seeds); i++) {
        write_seed(argv[1], "fuzz-output", i, output_seeds[i].bytes,
                   output_seeds[i].len);
    }
    /* a few boards are enough: the tables differ in few places */
    for (n = 0, i = 0; i < G_N_ELEMENTS(argv_seeds) && n < 6; i++) {
        if (acpi_seed(argv[1], n, argv_seeds[i])) {
            n++;
        }
    }
    printf("gen-seeds: wrote the corpora to %s\n", argv[1]);
    return 0;
}
