/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The tables behind the command line parser, and QEMU's JSON syntax for
 * -device/-object/-blockdev/-netdev/-audiodev.
 *
 * virt_qemu_options[]: every option of qemu-system-aarch64 as observed on
 * the oracles (Debian's QEMU 5.2, 7.2, 10.0 and 11.1): the names `-help`
 * lists plus the hidden ones the binaries accept (-M, -hdb, -hdd, -g,
 * -qtest, -qtest-log), whether each takes an argument (the binary run as
 * `qemu -OPT` answers "requires an argument"), and the releases that have
 * it. since/until are the first observed release with/without it: a
 * release between two observed ones is given the newer one's answer.
 *
 * virt_devices[]: -device drivers by what they do to the board, each
 * decision checked by dumping QEMU 7.2's DTB with and without it.
 */
#include "virt-cmdline.h"

#include <string.h>

#define V(major, minor) VIRT_RELEASE_VERSION(major, minor)
#define Q_IGNORED VIRT_QOPT_IGNORED
#define Q_BOARD VIRT_QOPT_BOARD
#define Q_REFUSED VIRT_QOPT_REFUSED
#define Q_NO_TARGET VIRT_QOPT_NO_TARGET

/* clang-format off */
static const VirtQemuOption virt_qemu_options[] = {
    { "-accel", true, Q_BOARD },
    { "-acpitable", true, Q_NO_TARGET },
    { "-action", true, Q_IGNORED, V(7, 2), 0 },
    { "-add-fd", true, Q_IGNORED },
    { "-alt-grab", false, Q_IGNORED, 0, V(7, 2) },
    { "-append", true, Q_BOARD },
    { "-async-teardown", false, Q_IGNORED, V(7, 2), V(10, 0) },
    { "-audio", true, Q_IGNORED, V(7, 2), 0 },
    { "-audio-help", false, Q_IGNORED, 0, V(10, 0) },
    { "-audiodev", true, Q_BOARD },
    { "-bios", true, Q_BOARD },
    { "-blockdev", true, Q_BOARD },
    { "-boot", true, Q_IGNORED },
    { "-cdrom", true, Q_IGNORED },
    { "-chardev", true, Q_IGNORED },
    { "-chroot", true, Q_IGNORED, 0, V(10, 0) },
    { "-compat", true, Q_IGNORED, V(7, 2), 0 },
    { "-cpu", true, Q_BOARD },
    { "-ctrl-grab", false, Q_IGNORED, 0, V(7, 2) },
    { "-curses", false, Q_IGNORED, 0, V(7, 2) },
    { "-D", true, Q_IGNORED },
    { "-d", true, Q_IGNORED },
    { "-daemonize", false, Q_IGNORED },
    { "-debugcon", true, Q_IGNORED },
    { "-device", true, Q_BOARD },
    { "-dfilter", true, Q_IGNORED },
    { "-display", true, Q_IGNORED },
    { "-drive", true, Q_BOARD },
    { "-dtb", true, Q_REFUSED, 0, 0,
      "the guest gets this device tree instead of the board's" },
    { "-dump-vmstate", true, Q_IGNORED },
    { "-echr", true, Q_IGNORED },
    { "-enable-fips", false, Q_IGNORED, 0, V(7, 2) },
    { "-enable-kvm", false, Q_BOARD },
    { "-enable-sync-profile", false, Q_IGNORED },
    { "-fda", true, Q_BOARD },
    { "-fsdev", true, Q_IGNORED },
    { "-full-screen", false, Q_IGNORED },
    { "-fw_cfg", true, Q_IGNORED },
    { "-g", true, Q_IGNORED },
    { "-gdb", true, Q_IGNORED },
    { "-global", true, Q_BOARD },
    { "-h", false, Q_IGNORED },
    { "-hda", true, Q_IGNORED },
    { "-hdb", true, Q_IGNORED },
    { "-hdc", true, Q_IGNORED },
    { "-hdd", true, Q_IGNORED },
    { "-icount", true, Q_IGNORED },
    { "-incoming", true, Q_IGNORED },
    { "-initrd", true, Q_BOARD },
    { "-iscsi", true, Q_IGNORED },
    { "-jitdump", false, Q_IGNORED, V(10, 0), 0 },
    { "-k", true, Q_IGNORED },
    { "-kernel", true, Q_BOARD },
    { "-L", true, Q_IGNORED },
    { "-loadvm", true, Q_IGNORED },
    { "-M", true, Q_BOARD },
    { "-m", true, Q_BOARD },
    { "-machine", true, Q_BOARD },
    { "-mem-path", true, Q_IGNORED },
    { "-mem-prealloc", false, Q_IGNORED },
    { "-mon", true, Q_IGNORED },
    { "-monitor", true, Q_IGNORED },
    { "-msg", true, Q_IGNORED },
    { "-mtdblock", true, Q_BOARD },
    { "-name", true, Q_IGNORED },
    { "-net", true, Q_IGNORED },
    { "-netdev", true, Q_BOARD },
    { "-nic", true, Q_IGNORED },
    { "-no-acpi", false, Q_BOARD, 0, V(10, 0) },
    { "-no-fd-bootchk", false, Q_NO_TARGET },
    { "-no-hpet", false, Q_NO_TARGET, 0, V(10, 0) },
    { "-no-quit", false, Q_IGNORED, 0, V(7, 2) },
    { "-no-reboot", false, Q_IGNORED },
    { "-no-shutdown", false, Q_IGNORED },
    { "-no-user-config", false, Q_IGNORED },
    { "-nodefaults", false, Q_IGNORED },
    { "-nographic", false, Q_IGNORED },
    { "-numa", true, Q_BOARD },
    { "-object", true, Q_BOARD },
    { "-old-param", false, Q_IGNORED, 0, V(11, 1) },
    { "-only-migratable", false, Q_IGNORED },
    { "-option-rom", true, Q_IGNORED },
    { "-overcommit", true, Q_IGNORED },
    { "-parallel", true, Q_IGNORED },
    { "-perfmap", false, Q_IGNORED, V(10, 0), 0 },
    { "-pflash", true, Q_BOARD },
    { "-pidfile", true, Q_IGNORED },
    { "-plugin", true, Q_IGNORED },
    { "-portrait", false, Q_IGNORED, 0, V(10, 0) },
    { "-preconfig", false, Q_IGNORED },
    { "-qmp", true, Q_IGNORED },
    { "-qmp-pretty", true, Q_IGNORED },
    { "-qtest", true, Q_IGNORED },
    { "-qtest-log", true, Q_IGNORED },
    { "-readconfig", true, Q_REFUSED, 0, 0,
      "a configuration file can set any option" },
    { "-realtime", true, Q_IGNORED, 0, V(7, 2) },
    { "-rotate", true, Q_IGNORED, 0, V(10, 0) },
    { "-rtc", true, Q_IGNORED },
    { "-run-with", true, Q_IGNORED, V(10, 0), 0 },
    { "-runas", true, Q_IGNORED, 0, V(10, 0) },
    { "-S", false, Q_IGNORED },
    { "-s", false, Q_IGNORED },
    { "-sandbox", true, Q_IGNORED },
    { "-sd", true, Q_BOARD },
    { "-sdl", false, Q_IGNORED, 0, V(7, 2) },
    { "-seed", true, Q_IGNORED },
    { "-semihosting", false, Q_IGNORED },
    { "-semihosting-config", true, Q_IGNORED },
    { "-serial", true, Q_BOARD },
    { "-set", true, Q_REFUSED, 0, 0,
      "it sets any option of any group" },
    { "-shim", true, Q_IGNORED, V(10, 0), 0 },
    { "-show-cursor", false, Q_IGNORED, 0, V(7, 2) },
    { "-singlestep", false, Q_IGNORED, 0, V(10, 0) },
    { "-smbios", true, Q_IGNORED },
    { "-smp", true, Q_BOARD },
    { "-snapshot", false, Q_IGNORED },
    { "-soundhw", true, Q_IGNORED, 0, V(7, 2) },
    { "-spice", true, Q_IGNORED },
    { "-tb-size", true, Q_IGNORED, 0, V(7, 2) },
    { "-tpmdev", true, Q_IGNORED },
    { "-trace", true, Q_IGNORED },
    { "-usb", false, Q_IGNORED },
    { "-usbdevice", true, Q_BOARD },
    { "-uuid", true, Q_IGNORED },
    { "-version", false, Q_IGNORED },
    { "-vga", true, Q_IGNORED },
    { "-virtfs", true, Q_IGNORED },
    { "-vnc", true, Q_IGNORED },
    { "-watchdog", true, Q_IGNORED, 0, V(7, 2) },
    { "-watchdog-action", true, Q_IGNORED },
    { "-writeconfig", true, Q_IGNORED, 0, V(7, 2) },
    { "-xen-attach", false, Q_NO_TARGET },
    { "-xen-domid", true, Q_IGNORED },
    { "-xen-domid-restrict", false, Q_NO_TARGET },
};
/* clang-format on */

const VirtQemuOption *virt_qemu_option_find(const VirtRelease *r,
                                            const char *name)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virt_qemu_options); i++) {
        const VirtQemuOption *o = &virt_qemu_options[i];

        if (strcmp(o->name, name) != 0) {
            continue;
        }
        if ((o->since && r->version < o->since) ||
            (o->until && r->version >= o->until)) {
            return NULL;
        }
        return o;
    }
    return NULL;
}

void virt_qemu_option_names(const VirtRelease *r, GPtrArray *names)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virt_qemu_options); i++) {
        const char *name = virt_qemu_options[i].name;

        if (virt_qemu_option_find(r, name)) {
            g_ptr_array_add(names, (gpointer)name);
        }
    }
}

/* ---- -device ---- */

#define PCI(name) { name, VIRT_DEV_PCI, NULL, NULL }
#define PCI_BUS(name, bus) { name, VIRT_DEV_PCI, bus, NULL }
#define ON(name, bus) { name, VIRT_DEV_BUS, bus, NULL }
#define MMIO(name) { name, VIRT_DEV_MMIO, NULL, NULL }
#define MMIO_BUS(name, bus) { name, VIRT_DEV_MMIO, bus, NULL }
#define PLAIN(name) { name, VIRT_DEV_PLAIN, NULL, NULL }
#define NO(name, why) { name, VIRT_DEV_REFUSED, NULL, why }

/*
 * The bus names are QEMU's, as its "No '%s' bus found for device '%s'"
 * error gives them. The bare virtio names ("virtio-net") are QEMU's
 * aliases, which on the virt board are the -pci devices. Any driver
 * ending in "-pci" is PCI too (virt_device_find()).
 */
/* clang-format off */
static const VirtDeviceDesc virt_devices[] = {
    /* PCI(e) bridges and ports */
    PCI("pcie-root-port"), PCI("pcie-pci-bridge"), PCI("pci-bridge"),
    PCI("ioh3420"), PCI("x3130-upstream"), PCI("xio3130-downstream"),
    PCI("i82801b11-bridge"), PCI("pci-bridge-seat"),
    /* network */
    PCI("e1000"), PCI("e1000e"), PCI("igb"), PCI("rtl8139"), PCI("tulip"),
    PCI("ne2k_pci"), PCI("pcnet"), PCI("i82550"), PCI("i82551"),
    PCI("i82557a"), PCI("i82557b"), PCI("i82557c"), PCI("i82558a"),
    PCI("i82558b"), PCI("i82559a"), PCI("i82559b"), PCI("i82559c"),
    PCI("i82559er"), PCI("i82562"), PCI("i82801"), PCI("vmxnet3"),
    PCI("virtio-net"),
    /* storage controllers (each gives its bus) */
    PCI_BUS("virtio-scsi", "SCSI"), PCI_BUS("lsi53c895a", "SCSI"),
    PCI_BUS("lsi53c810", "SCSI"), PCI_BUS("megasas", "SCSI"),
    PCI_BUS("megasas-gen2", "SCSI"), PCI_BUS("mptsas1068", "SCSI"),
    PCI_BUS("am53c974", "SCSI"), PCI_BUS("dc390", "SCSI"),
    PCI_BUS("pvscsi", "SCSI"), PCI_BUS("ahci", "IDE"),
    PCI_BUS("ich9-ahci", "IDE"), PCI_BUS("nvme", "nvme-bus"),
    PCI("virtio-blk"), PCI("sdhci-pci"),
    /* USB controllers */
    PCI_BUS("qemu-xhci", "usb-bus"), PCI_BUS("nec-usb-xhci", "usb-bus"),
    PCI_BUS("usb-ehci", "usb-bus"), PCI_BUS("ich9-usb-ehci1", "usb-bus"),
    PCI_BUS("ich9-usb-ehci2", "usb-bus"), PCI_BUS("ich9-usb-uhci1", "usb-bus"),
    PCI_BUS("ich9-usb-uhci2", "usb-bus"), PCI_BUS("ich9-usb-uhci3", "usb-bus"),
    PCI_BUS("ich9-usb-uhci4", "usb-bus"), PCI_BUS("ich9-usb-uhci5", "usb-bus"),
    PCI_BUS("ich9-usb-uhci6", "usb-bus"), PCI_BUS("piix3-usb-uhci", "usb-bus"),
    PCI_BUS("piix4-usb-uhci", "usb-bus"), PCI_BUS("vt82c686b-usb-uhci", "usb-bus"),
    /* serial, sound, display, misc */
    PCI_BUS("virtio-serial", "virtio-serial-bus"),
    PCI("pci-serial"), PCI("pci-serial-2x"), PCI("pci-serial-4x"),
    PCI_BUS("intel-hda", "HDA"), PCI_BUS("ich9-intel-hda", "HDA"),
    PCI("ES1370"), PCI("AC97"),
    PCI("VGA"), PCI("secondary-vga"), PCI("bochs-display"), PCI("ati-vga"),
    PCI("cirrus-vga"), PCI("qxl"), PCI("qxl-vga"), PCI("virtio-gpu"),
    PCI("virtio-vga"), PCI("virtio-gpu-gl"), PCI("virtio-vga-gl"),
    PCI("virtio-rng"), PCI("virtio-balloon"), PCI("virtio-keyboard"),
    PCI("virtio-mouse"), PCI("virtio-tablet"), PCI("virtio-9p"),
    PCI("virtio-input-host"), PCI("vhost-vsock"), PCI("vhost-user-fs"),
    PCI("i6300esb"), PCI("pvpanic-pci"), PCI("ivshmem-plain"),
    PCI("ivshmem-doorbell"), PCI("pci-testdev"), PCI("edu"),
    PCI("vfio-pci"), PCI("vfio-pci-nohotplug"), PCI("pci-ohci"),
    /* on a bus of another device */
    ON("scsi-hd", "SCSI"), ON("scsi-cd", "SCSI"), ON("scsi-disk", "SCSI"),
    ON("scsi-generic", "SCSI"), ON("scsi-block", "SCSI"),
    ON("ide-hd", "IDE"), ON("ide-cd", "IDE"), ON("ide-drive", "IDE"),
    ON("nvme-ns", "nvme-bus"),
    ON("hda-duplex", "HDA"), ON("hda-output", "HDA"), ON("hda-micro", "HDA"),
    ON("virtconsole", "virtio-serial-bus"),
    ON("virtserialport", "virtio-serial-bus"),
    ON("usb-kbd", "usb-bus"), ON("usb-mouse", "usb-bus"),
    ON("usb-tablet", "usb-bus"), ON("usb-storage", "usb-bus"),
    ON("usb-uas", "usb-bus"), ON("usb-bot", "usb-bus"),
    ON("usb-hub", "usb-bus"), ON("usb-host", "usb-bus"),
    ON("usb-redir", "usb-bus"), ON("usb-net", "usb-bus"),
    ON("usb-serial", "usb-bus"), ON("usb-braille", "usb-bus"),
    ON("usb-audio", "usb-bus"), ON("usb-ccid", "usb-bus"),
    ON("usb-wacom-tablet", "usb-bus"), ON("usb-mtp", "usb-bus"),
    ON("u2f-passthru", "usb-bus"), ON("u2f-emulated", "usb-bus"),
    ON("ccid-card-emulated", "ccid-bus"),
    ON("ccid-card-passthru", "ccid-bus"),
    /* on one of the board's 32 virtio-mmio transports: always in the DT */
    MMIO("virtio-net-device"), MMIO("virtio-blk-device"),
    MMIO_BUS("virtio-scsi-device", "SCSI"),
    MMIO_BUS("virtio-serial-device", "virtio-serial-bus"),
    MMIO("virtio-9p-device"), MMIO("virtio-rng-device"),
    MMIO("virtio-balloon-device"), MMIO("virtio-gpu-device"),
    MMIO("virtio-keyboard-device"), MMIO("virtio-mouse-device"),
    MMIO("virtio-tablet-device"), MMIO("vhost-vsock-device"),
    MMIO("vhost-user-fs-device"), MMIO("virtio-input-host-device"),
    MMIO("vhost-user-blk-device"), MMIO("virtio-crypto-device"),
    /* no bus and no node: ramfb is a fw_cfg file */
    PLAIN("ramfb"), PLAIN("nvme-subsys"),
    /* change the DT or the ACPI tables */
    NO("tpm-tis-device", "a TPM on the platform bus (DT node, ACPI TPM2)"),
    NO("nvdimm", "an NVDIMM (ACPI NFIT and its SSDT)"),
    NO("virtio-mem-pci", "memory in the hot-plug area"),
    NO("virtio-pmem-pci", "memory in the hot-plug area"),
    NO("virtio-iommu-pci", "an IOMMU (DT iommu-map, ACPI VIOT)"),
    NO("pxb-pcie", "a PCIe expander bridge (ACPI DSDT)"),
    NO("pxb", "a PCI expander bridge (ACPI DSDT)"),
    NO("guest-loader", "a /chosen module node in the DT"),
    NO("vfio-platform", "a device on the platform bus (DT node)"),
    NO("vfio-amd-xgbe", "a device on the platform bus (DT node)"),
    NO("vfio-calxeda-xgmac", "a device on the platform bus (DT node)"),
    NO("acpi-erst", "an ACPI ERST table"),
    NO("arm-smmuv3", "an SMMUv3 (DT and ACPI IORT)"),
};
/* clang-format on */

const VirtDeviceDesc *virt_device_find(const char *name)
{
    static const VirtDeviceDesc pci = PCI("*-pci");
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virt_devices); i++) {
        if (!strcmp(virt_devices[i].name, name)) {
            return &virt_devices[i];
        }
    }
    /* CPUs (-device host-arm-cpu) are hot-plug: refused as unknown */
    if (g_str_has_suffix(name, "-pci") && strlen(name) > 4) {
        g_autofree char *stem = g_strndup(name, strlen(name) - 4);

        /* "virtio-serial-pci" is the device "virtio-serial" names */
        for (i = 0; i < G_N_ELEMENTS(virt_devices); i++) {
            if (!strcmp(virt_devices[i].name, stem) &&
                virt_devices[i].kind == VIRT_DEV_PCI) {
                return &virt_devices[i];
            }
        }
        return &pci;
    }
    return NULL;
}

/*
 * The devices the board creates itself: "-global DRIVER.PROP=..." on one
 * of them can change what the DT and ACPI tables say.
 */
static const char *const virt_board_devices[] = {
    "arm-gic", "arm-gicv3", "arm-gicv3-its", "kvm-arm-gic", "kvm-arm-gicv3",
    "arm-its-kvm", "arm-gicv2m", "pl011", "pl031", "pl061", "cfi.pflash01",
    "fw_cfg", "fw_cfg_mem", "gpex-pcihost", "arm-smmuv3", "acpi-ged",
    "gpio-key", "platform-bus-device", "virtio-mmio", "armv7m",
    "tpm-tis-device",
};

bool virt_device_is_board(const char *name)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virt_board_devices); i++) {
        if (!strcmp(virt_board_devices[i], name)) {
            return true;
        }
    }
    /* CPU properties: "max-arm-cpu.pmu=off" */
    return g_str_has_suffix(name, "-arm-cpu") ||
           g_str_has_suffix(name, "-machine");
}

/* ---- JSON ---- */

void virt_keyval_free(gpointer p)
{
    VirtKeyVal *kv = p;

    g_free(kv->key);
    g_free(kv->value);
    g_free(kv);
}

typedef struct JsonParser {
    const char *opt;
    const char *p;
    GPtrArray *out;
    GError **errp;
    int depth;
} JsonParser;

/* Deeper nesting than any -device/-blockdev needs is refused */
#define JSON_MAX_DEPTH 32

static bool json_fail(JsonParser *j, const char *what)
{
    g_set_error(j->errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                "%s: JSON parse error, %s", j->opt, what);
    return false;
}

/* A bare word where a value or name belongs: QEMU's "invalid keyword" */
static bool json_fail_keyword(JsonParser *j)
{
    size_t n = 0;
    g_autofree char *word = NULL;
    g_autofree char *what = NULL;

    while (g_ascii_isalnum(j->p[n]) || j->p[n] == '_') {
        n++;
    }
    if (!n) {
        return json_fail(j, "expecting value");
    }
    word = g_strndup(j->p, n);
    what = g_strdup_printf("invalid keyword '%s'", word);
    return json_fail(j, what);
}

static void json_ws(JsonParser *j)
{
    while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' ||
           *j->p == '\r') {
        j->p++;
    }
}

static int json_hex(char c)
{
    return g_ascii_xdigit_value(c);
}

/* A string at j->p (after its quote); QEMU also takes single quotes */
static char *json_string(JsonParser *j)
{
    char quote = *j->p++;
    GString *s = g_string_new(NULL);

    while (*j->p != quote) {
        char c = *j->p;

        if (!c) {
            json_fail(j, "missing quote");
            return g_string_free(s, TRUE), NULL;
        }
        if ((unsigned char)c < 0x20) {
            json_fail(j, "control character in a string");
            return g_string_free(s, TRUE), NULL;
        }
        j->p++;
        if (c != '\\') {
            g_string_append_c(s, c);
            continue;
        }
        c = *j->p++;
        switch (c) {
        case '"': case '\'': case '\\': case '/':
            g_string_append_c(s, c);
            break;
        case 'b': g_string_append_c(s, '\b'); break;
        case 'f': g_string_append_c(s, '\f'); break;
        case 'n': g_string_append_c(s, '\n'); break;
        case 'r': g_string_append_c(s, '\r'); break;
        case 't': g_string_append_c(s, '\t'); break;
        case 'u': {
            gunichar u = 0;
            int k;

            for (k = 0; k < 4; k++) {
                int h = json_hex(j->p[k]);

                if (h < 0) {
                    json_fail(j, "invalid escape sequence in string");
                    return g_string_free(s, TRUE), NULL;
                }
                u = u * 16 + (gunichar)h;
            }
            j->p += 4;
            if (u == 0 || (u >= 0xd800 && u <= 0xdfff)) {
                json_fail(j, "invalid escape sequence in string");
                return g_string_free(s, TRUE), NULL;
            }
            g_string_append_unichar(s, u);
            break;
        }
        default:
            json_fail(j, "invalid escape sequence in string");
            return g_string_free(s, TRUE), NULL;
        }
    }
    j->p++;
    return g_string_free(s, FALSE);
}

static void json_emit(JsonParser *j, const char *key, char *value)
{
    VirtKeyVal *kv = g_new0(VirtKeyVal, 1);

    kv->key = g_strdup(key);
    kv->value = value;
    g_ptr_array_add(j->out, kv);
}

static bool json_value(JsonParser *j, const char *key);

static bool json_object(JsonParser *j, const char *prefix)
{
    j->p++;
    json_ws(j);
    if (*j->p == '}') {
        j->p++;
        return true;
    }
    for (;;) {
        g_autofree char *name = NULL;
        g_autofree char *key = NULL;

        json_ws(j);
        if (*j->p != '"' && *j->p != '\'') {
            return g_ascii_isalpha(*j->p) ? json_fail_keyword(j)
                                          : json_fail(j, "expecting a "
                                                         "member name");
        }
        name = json_string(j);
        if (!name) {
            return false;
        }
        key = prefix ? g_strdup_printf("%s.%s", prefix, name)
                     : g_strdup(name);
        json_ws(j);
        if (*j->p++ != ':') {
            return json_fail(j, "expecting ':'");
        }
        if (!json_value(j, key)) {
            return false;
        }
        json_ws(j);
        if (*j->p == ',') {
            j->p++;
            continue;
        }
        if (*j->p == '}') {
            j->p++;
            return true;
        }
        return json_fail(j, "expecting ',' or '}'");
    }
}

static bool json_array(JsonParser *j, const char *prefix)
{
    unsigned n = 0;

    j->p++;
    json_ws(j);
    if (*j->p == ']') {
        j->p++;
        return true;
    }
    for (;;) {
        g_autofree char *key = g_strdup_printf("%s.%u", prefix, n++);

        if (!json_value(j, key)) {
            return false;
        }
        json_ws(j);
        if (*j->p == ',') {
            j->p++;
            continue;
        }
        if (*j->p == ']') {
            j->p++;
            return true;
        }
        return json_fail(j, "expecting ',' or ']'");
    }
}

static bool json_number(JsonParser *j, const char *key)
{
    const char *start = j->p;

    if (*j->p == '-') {
        j->p++;
    }
    if (!g_ascii_isdigit(*j->p)) {
        return json_fail(j, "invalid number");
    }
    while (g_ascii_isdigit(*j->p)) {
        j->p++;
    }
    if (*j->p == '.') {
        j->p++;
        if (!g_ascii_isdigit(*j->p)) {
            return json_fail(j, "invalid number");
        }
        while (g_ascii_isdigit(*j->p)) {
            j->p++;
        }
    }
    if (*j->p == 'e' || *j->p == 'E') {
        j->p++;
        if (*j->p == '+' || *j->p == '-') {
            j->p++;
        }
        if (!g_ascii_isdigit(*j->p)) {
            return json_fail(j, "invalid number");
        }
        while (g_ascii_isdigit(*j->p)) {
            j->p++;
        }
    }
    json_emit(j, key, g_strndup(start, (gsize)(j->p - start)));
    return true;
}

static bool json_value(JsonParser *j, const char *key)
{
    static const char *const words[] = { "true", "false", "null" };
    size_t i;
    bool ok;

    json_ws(j);
    if (*j->p == '{' || *j->p == '[') {
        if (++j->depth > JSON_MAX_DEPTH) {
            return json_fail(j, "too many nested containers");
        }
        ok = *j->p == '{' ? json_object(j, key) : json_array(j, key);
        j->depth--;
        return ok;
    }
    if (*j->p == '"' || *j->p == '\'') {
        char *s = json_string(j);

        if (!s) {
            return false;
        }
        json_emit(j, key, s);
        return true;
    }
    if (*j->p == '-' || g_ascii_isdigit(*j->p)) {
        return json_number(j, key);
    }
    for (i = 0; i < G_N_ELEMENTS(words); i++) {
        size_t n = strlen(words[i]);

        if (!strncmp(j->p, words[i], n) && !g_ascii_isalnum(j->p[n])) {
            j->p += n;
            json_emit(j, key, g_strdup(words[i]));
            return true;
        }
    }
    return json_fail_keyword(j);
}

GPtrArray *virt_json_object_parse(const char *opt, const char *json,
                                  GError **errp)
{
    g_autoptr(GPtrArray) out =
        g_ptr_array_new_with_free_func(virt_keyval_free);
    g_autofree char *where = g_strdup_printf("%s %s", opt, json);
    JsonParser j = { where, json, out, errp, 0 };

    json_ws(&j);
    if (*j.p != '{') {
        json_fail(&j, "expecting an object");
        return NULL;
    }
    j.depth = 1;
    if (!json_object(&j, NULL)) {
        return NULL;
    }
    json_ws(&j);
    if (*j.p) {
        json_fail(&j, "trailing characters after the object");
        return NULL;
    }
    return g_steal_pointer(&out);
}
