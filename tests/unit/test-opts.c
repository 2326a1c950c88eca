/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The QEMU-style option parser: good and bad inputs, QEMU's error texts
 * (observed on Debian's QEMU 7.2), and outputs untouched on failure.
 */
#include <check.h>
#include <json-glib/json-glib.h>
#include <errno.h>
#include <stdlib.h>

#include "hw/arm/virt.h"
#include "test-util.h"

typedef struct SizeCase {
    const char *str;
    uint64_t unit;
    int ret;
    uint64_t value;
} SizeCase;

/* clang-format off */
static const SizeCase size_cases[] = {
    { "1G", 1, 0, VIRT_GiB },
    { "1g", 1, 0, VIRT_GiB },
    { "1536", VIRT_MiB, 0, 1536 * VIRT_MiB },
    { "1.5G", 1, 0, VIRT_GiB + VIRT_GiB / 2 },
    { "1000001B", VIRT_MiB, 0, 1000001 },
    { "16383P", 1, 0, 16383 * VIRT_TiB * 1024 },
    { "15E", 1, 0, 15 * VIRT_TiB * 1024 * 1024 },
    { "16E", 1, -ERANGE, 0 },
    { "18446744073709551615", 1, 0, UINT64_MAX },
    { "18446744073709551616", 1, -ERANGE, 0 },
    { "0x10", 1, 0, 16 },
    { "0x1.5G", 1, -EINVAL, 0 },
    { "-1G", 1, -EINVAL, 0 },
    { "1.5", 1, -EINVAL, 0 },
    { "1X", 1, -EINVAL, 0 },
    { "", 1, -EINVAL, 0 },
    { " 1G", 1, -EINVAL, 0 },
    { "1GG", 1, -EINVAL, 0 },
    { "G", 1, -EINVAL, 0 },
    { "1.G", 1, -EINVAL, 0 },
};
/* clang-format on */

START_TEST(test_size)
{
    const SizeCase *c = &size_cases[_i];
    uint64_t v = 0xadadadad;
    int r = virt_parse_size(c->str, c->unit, &v);

    ck_assert_msg(r == c->ret, "'%s': %d", c->str, r);
    if (r == 0) {
        ck_assert_msg(v == c->value, "'%s': %" G_GUINT64_FORMAT, c->str,
                      (guint64)v);
    } else {
        ck_assert_uint_eq(v, 0xadadadad);
    }
}
END_TEST

typedef struct ArgCase {
    const char *args;
    const char *error; /* NULL: accepted; else exact message */
} ArgCase;

/* clang-format off */
static const ArgCase arg_cases[] = {
    { "-M virt,highmem=off,highmem=on", NULL },
    { "-machine virt-6.2", NULL },
    { "--machine type=virt", NULL },
    { "-M virt,dumpdtb=a,,b.dtb", NULL },
    { "-M virt,highmem=y,its=no,secure=true,virtualization=false", NULL },
    { "-M virt,acpi=auto", NULL },
    { "-m size=1G,slots=2,maxmem=4G", NULL },
    { "-smp 8,sockets=2,clusters=2,cores=2,threads=1", NULL },
    { "-smp cpus=2,cores=2,threads=1", NULL },
    { "-nographic -nodefaults -S -display none -serial stdio", NULL },
    { "-device virtio-net-pci,netdev=n0", NULL },
    { "-drive if=pflash,format=raw,file=x.fd", NULL },
    { "-M virt,highmem", "-M virt,highmem: Expected '=' after parameter "
      "'highmem'" },
    { "-M virt,,x", "-M virt,,x: Invalid parameter ''" },
    { "-M virt,=on", "-M virt,=on: Invalid parameter ''" },
    { "-M virt,highmem=maybe", "Parameter 'highmem' expects 'on' or 'off'" },
    /* the default release is 10.0, the newest modelled in full */
    { "-M virt,foo=1", "Property 'virt-10.0-machine.foo' not found" },
    { "--qemu-version 10.0 -M virt,foo=1",
      "Property 'virt-10.0-machine.foo' not found" },
    { "--qemu-version 7.2 -M virt,foo=1",
      "Property 'virt-7.2-machine.foo' not found" },
    { "-M virt-7.1,foo=1", "Property 'virt-7.1-machine.foo' not found" },
    /* QEMU 7.2 has "its" on every type; virt-2.7 just builds no ITS */
    { "-M virt-2.7,its=on", NULL },
    /* the default, 10.0, names the type (7.2 did not) */
    { "-M virt-9.9", "unsupported machine type: \"virt-9.9\"\n"
      "Use -machine help to list supported machines" },
    { "-M virt,gic-version=5", "Invalid gic-version value\n"
      "Valid values are 3, 2, host, max." },
    { "-M virt,iommu=foo", "Invalid iommu value\n"
      "Valid values are none, smmuv3." },
    { "-M virt,acpi=foo", "Parameter 'acpi' does not accept value 'foo'" },
    /* QEMU 7.2's text for 8.0's and 10.0's properties */
    { "--qemu-version 7.2 -M virt,highmem-mmio-size=1T", "Property "
      "'virt-7.2-machine.highmem-mmio-size' not found" },
    { "--qemu-version 7.2 -M virt-7.1,highmem-ecam=off", "Property "
      "'virt-7.1-machine.highmem-ecam' not found" },
    /* --qemu-version applies first, wherever it stands */
    { "-M virt,highmem=off --qemu-version 7.2.22", NULL },
    { "-M virt --qemu-version 7.2", NULL },
    { "--qemu-version 8.0 -M virt", "--qemu-version 8.0: not a modelled "
      "QEMU release (modelled: 5.2, 7.2, 10.0, 11.1)" },
    { "--qemu-version 7.20", "--qemu-version 7.20: not a modelled QEMU "
      "release (modelled: 5.2, 7.2, 10.0, 11.1)" },
    /*
     * QEMU 5.2 (its binary): an unknown type names the first -machine
     * option as written, argument included; max has no pauth
     */
    { "--qemu-version 5.2 -machine foo,highmem=off", "-machine "
      "foo,highmem=off: unsupported machine type\nUse -machine help to list "
      "supported machines" },
    { "--qemu-version 5.2 --machine type=foo", "--machine type=foo: "
      "unsupported machine type\nUse -machine help to list supported "
      "machines" },
    { "--qemu-version 5.2 -M virt -M foo", "-M virt: unsupported machine "
      "type\nUse -machine help to list supported machines" },
    { "--qemu-version 5.2 -M virt -cpu max,pauth=off", "can't apply global "
      "max-arm-cpu.pauth=off: Property 'max-arm-cpu.pauth' not found" },
    { "--qemu-version 5.2 -M virt -cpu max,sve=off", NULL },
    { "--qemu-version 5.2 -M virt,gic-version=4", "Invalid gic-version "
      "value\nValid values are 3, 2, host, max." },
    { "-m 1X", "-m 1X: Parameter 'size' expects a non-negative number "
      "below 2^64\nOptional suffix k, M, G, T, P or E means kilo-, mega-, "
      "giga-, tera-, peta-\nand exabytes, respectively." },
    { "-m 16E", "-m 16E: Value '16E' is out of range for parameter 'size'" },
    { "-m 1G,foo=2", "-m 1G,foo=2: Invalid parameter 'foo'" },
    { "-smp abc", "Parameter 'smp.cpus' expects integer" },
    { "-smp 2,dies=2", "dies > 1 not supported by this machine's CPU "
      "topology" },
    { "-smp 4,sockets=3", "Invalid CPU topology: product of the hierarchy "
      "must match maxcpus: sockets (3) * clusters (1) * cores (1) * threads "
      "(1) != maxcpus (4)" },
    { "-smp 4,maxcpus=2", "Invalid CPU topology: maxcpus must be equal to "
      "or greater than smp: sockets (1) * clusters (1) * cores (2) * "
      "threads (1) == maxcpus (2) < smp_cpus (4)" },
    { "-cpu foo", "unable to find CPU model 'foo'" },
    { "-accel whpx", "-accel whpx: invalid accelerator whpx" },
    { "-frobnicate 1", "-frobnicate: invalid option" },
    { "-numa node,nodeid=1", "numa: Node ID missing: 0" },
    { "-numa cpu,node-id=0,socket-id=0", "-numa cpu,node-id=0,socket-id=0: "
      "changes the board (-numa cpu, HMAT); virtboard does not model it" },
    { "-M", "-M: requires an argument" },
    /* a bare argument is a disk image, as in QEMU (virtboard opens none) */
    { "virt", NULL },
    { "disk.qcow2 -m 1G", NULL },
    /* QEMU 7.2 accepts these (observed with -M virt,dumpdtb=) */
    { "-cdrom x.iso -hda x.img -spice port=5900 -vnc :1 -echr 0x14 "
      "-fw_cfg name=opt/x,string=y -tpmdev emulator,id=t,chardev=c "
      "-display none -serial stdio -monitor none -chardev null,id=c "
      "-netdev user,id=n -drive file=x,if=none,id=d -audio none", NULL },
    { "-smbios type=1,serial=x -mem-path /tmp -mem-prealloc -usb -vga std "
      "-option-rom x -rtc base=utc -boot c -k en-us -sandbox on", NULL },
    { "-global virtio-pci.disable-legacy=on", NULL },
    { "-global driver=virtio-pci,property=disable-legacy,value=on", NULL },
    /* -no-acpi: up to 9.x, so 7.2 has it and 10.0 (the default) not */
    { "--qemu-version 7.2 -no-acpi", NULL },
    { "-no-acpi", "-no-acpi: invalid option" },
    { "-accel kvm -accel tcg", NULL },
    { "-M virt,accel=kvm:tcg", NULL },
    /* QEMU 7.2 and 11.1: "invalid accelerator foo", then TCG */
    { "-M virt,accel=foo:tcg", NULL },
    { "-M virt,accel=tcg:", NULL },
    { "-accel tcg,tb-size=256,thread=single,split-wx=on", NULL },
    { "-accel hvf,tso=on -accel tcg", NULL },
    { "-cpu max,pmu=off,sve=off", NULL },
    { "-cpu cortex-a57,pmu=off", NULL },
    { "-M virt,gic_version=3", NULL },
    { "-M virt,dtb_randomness=off,x_oem_id=AB", NULL },
    { "--qemu-version 7.2 -M virt,foo_bar=1", "Property "
      "'virt-7.2-machine.foo-bar' not "
      "found" },
    { "-device virtio-scsi -device scsi-hd,drive=d -device qemu-xhci "
      "-device usb-tablet -device virtio-serial -device virtconsole "
      "-device intel-hda -device hda-duplex -device pci-serial "
      "-device nec-usb-xhci -device usb-kbd -device ramfb "
      "-device virtio-net-device -device virtio-9p-device "
      "-device scsi-cd,bus=scsi0.0", NULL },
    { "-device '{\"driver\":\"pcie-root-port\",\"port\":8,\"chassis\":1,"
      "\"id\":\"pci.1\",\"bus\":\"pcie.0\",\"multifunction\":true,"
      "\"addr\":\"0x1\"}'", NULL },
    { "-blockdev '{\"driver\":\"file\",\"filename\":\"/x.fd\","
      "\"node-name\":\"fw\",\"read-only\":true}' "
      "-blockdev '{\"node-name\":\"vars\",\"driver\":\"qcow2\","
      "\"file\":{\"driver\":\"file\",\"filename\":\"/v\"}}' "
      "-M virt,pflash0=fw,pflash1=vars", NULL },
    { "-object '{\"qom-type\":\"memory-backend-ram\",\"id\":\"m\","
      "\"size\":1073741824}' -netdev '{\"type\":\"user\",\"id\":\"n\"}'",
      NULL },
    { "-object '{\"qom-type\":\"rng-random\",\"id\":\"r\",}'",
      "-object {\"qom-type\":\"rng-random\",\"id\":\"r\",}: JSON parse "
      "error, expecting a member name" },
    /* libvirt's RAM: -machine memory-backend= and a JSON -object */
    { "-machine virt,memory-backend=mach-virt.ram -m 4096 -object "
      "'{\"qom-type\":\"memory-backend-ram\",\"id\":\"mach-virt.ram\","
      "\"size\":4294967296}'", NULL },
    { "-M virt,memory-backend=m -object memory-backend-ram,id=m,size=2G",
      "-M memory-backend=m: without -m the RAM size comes from the backend, "
      "which virtboard does not model; give -m with the backend's size" },
    { "-cdrom", "-cdrom: requires an argument" },
    { "-nodefconfig", "-nodefconfig: invalid option" },
    { "--qemu-version 7.2 -audio-help -async-teardown", NULL },
    { "--qemu-version 10.0 -async-teardown", "-async-teardown: invalid "
      "option" },
    { "--host-ipa-bits 31", "--host-ipa-bits 31: IPA sizes are whole "
      "numbers of bits from 32 to 52" },
    { "--host-ipa-bits 40:36", "--host-ipa-bits 40:36: the maximum IPA size "
      "is below the default" },
};
/* clang-format on */

/*
 * Rows of a release virtboard does not model yet (issue 14), run with
 * "--qemu-version RELEASE" once it does.
 */
static const struct {
    const char *release;
    ArgCase c;
} later_arg_cases[] = {
    { "10.0", { "-M virt,highmem-mmio-size=256G", "highmem-mmio-size cannot "
      "be set to a lower value than the default (512 GiB)" } },
    /* each release's -smp texts (observed on the oracles) */
    { "7.2", { "-smp 2,dies=2", "dies not supported by this machine's CPU "
      "topology" } },
    { "7.2", { "-smp 2,books=1", "Parameter 'smp.books' is unexpected" } },
    { "7.2", { "-smp 2,sockets=0", NULL } },
    { "10.0", { "-smp 2,sockets=0", "Invalid CPU topology: CPU topology "
      "parameters must be greater than zero" } },
    { "10.0", { "-smp 2,books=1", NULL } },
    { "10.0", { "-smp 2,modules=2", "modules > 1 not supported by this "
      "machine's CPU topology" } },
    { "11.1", { "-smp 0", "Invalid CPU topology: CPU topology parameters "
      "must be greater than zero" } },
};

static void check_args(const ArgCase *c, const char *release)
{
    g_auto(VirtOptions) opts;
    g_auto(GStrv) argv = NULL;
    g_autoptr(GError) err = NULL;
    VirtHelpRequest help;
    int argc;
    bool ok;

    g_autofree char *args =
        release ? g_strdup_printf("--qemu-version %s %s", release, c->args)
                : g_strdup(c->args);

    virt_options_init(&opts);
    ck_assert(g_shell_parse_argv(args, &argc, &argv, NULL));
    ok = virt_cmdline_parse(&opts, argc, argv, &help, &err);
    if (!c->error) {
        ck_assert_msg(ok, "'%s': %s", args, err ? err->message : "");
        return;
    }
    ck_assert_msg(!ok, "'%s' accepted", args);
    ck_assert_str_eq(err->message, c->error);
}

START_TEST(test_args)
{
    check_args(&arg_cases[_i], NULL);
}
END_TEST

START_TEST(test_later_args)
{
    if (test_release_modelled(later_arg_cases[_i].release,
                              later_arg_cases[_i].c.args)) {
        check_args(&later_arg_cases[_i].c, later_arg_cases[_i].release);
    }
}
END_TEST

/*
 * -smp levels left out or given as 0, as QEMU 7.2 fills them in (the CPU
 * counts checked against its dumpdtb): without cpus and maxcpus they
 * are 1, otherwise computed from maxcpus.
 */
typedef struct SmpCase {
    const char *arg;
    unsigned cpus, sockets, cores, threads;
} SmpCase;

static const SmpCase smp_cases[] = {
    { "cores=2", 2, 1, 2, 1 },
    { "sockets=0,cores=2,threads=1", 2, 1, 2, 1 },
    { "cpus=0,cores=2", 2, 1, 2, 1 },
    { "maxcpus=0,cores=2", 2, 1, 2, 1 },
    { "0", 1, 1, 1, 1 },
    { "2,threads=2", 2, 1, 1, 2 },
    { "4,sockets=2", 4, 2, 2, 1 },
    { "sockets=2,threads=2", 4, 2, 1, 2 },
};

START_TEST(test_smp_defaults)
{
    const SmpCase *c = &smp_cases[_i];
    g_auto(VirtOptions) opts;
    g_autoptr(GError) err = NULL;

    virt_options_init(&opts);
    opts.release = virt_release_find("7.2");
    ck_assert_msg(virt_options_set_smp(&opts, c->arg, &err), "%s: %s",
                  c->arg, err ? err->message : "");
    ck_assert_msg(opts.smp.cpus == c->cpus && opts.smp.sockets == c->sockets &&
                      opts.smp.cores == c->cores &&
                      opts.smp.threads == c->threads,
                  "-smp %s: %u cpus, %u sockets, %u cores, %u threads",
                  c->arg, opts.smp.cpus, opts.smp.sockets, opts.smp.cores,
                  opts.smp.threads);
}
END_TEST

/* Values land where they belong */
START_TEST(test_values)
{
    g_auto(VirtOptions) opts;
    VirtHelpRequest help;
    g_auto(GStrv) argv = NULL;
    int argc;

    ck_assert(g_shell_parse_argv(
        "-M virt-6.2,highmem=off,gic-version=max,dumpdtb=a,,b "
        "-m 2G,slots=3,maxmem=8G -smp 4,sockets=2 -cpu cortex-a53 "
        "-accel kvm --host-ipa-bits 36 -append console=ttyAMA0",
        &argc, &argv, NULL));
    virt_options_init(&opts);
    ck_assert(virt_cmdline_parse(&opts, argc, argv, &help, NULL));
    ck_assert_int_eq(help, VIRT_HELP_NONE);
    ck_assert_str_eq(opts.type->name, "virt-6.2");
    ck_assert(!opts.highmem);
    ck_assert_int_eq(opts.gic_version, VIRT_GIC_VERSION_MAX);
    ck_assert_str_eq(opts.dumpdtb, "a,b");
    ck_assert_uint_eq(opts.ram_size, 2 * VIRT_GiB);
    ck_assert_uint_eq(opts.maxram_size, 8 * VIRT_GiB);
    ck_assert_uint_eq(opts.ram_slots, 3);
    ck_assert_uint_eq(opts.smp.cpus, 4);
    ck_assert_uint_eq(opts.smp.sockets, 2);
    ck_assert_uint_eq(opts.smp.cores, 2);
    ck_assert_str_eq(opts.cpu->name, "cortex-a53");
    ck_assert_int_eq(opts.accel, VIRT_ACCEL_KVM);
    ck_assert_int_eq(opts.host.kvm_ipa_bits, 36);
    ck_assert_str_eq(opts.append, "console=ttyAMA0");
}
END_TEST

/* -m rounds to 8 KiB and 0 means the default (QEMU 7.2) */
START_TEST(test_ram_rounding)
{
    g_auto(VirtOptions) opts;
    VirtMachineState vms;

    virt_options_init(&opts);
    ck_assert(virt_options_set_memory(&opts, "1000001B", NULL));
    ck_assert_uint_eq(opts.ram_size, 0xf6000);
    ck_assert(virt_options_set_memory(&opts, "0", NULL));
    ck_assert(virt_machine_init(&vms, &opts, NULL));
    ck_assert_uint_eq(vms.ram_size, 128 * VIRT_MiB);
}
END_TEST

START_TEST(test_help)
{
    g_auto(VirtOptions) opts;
    VirtHelpRequest help;
    g_auto(GStrv) m_help = g_strsplit("-M help", " ", -1);
    g_auto(GStrv) p_help = g_strsplit("-M virt,help", " ", -1);
    g_auto(GStrv) c_help = g_strsplit("-cpu help", " ", -1);
    g_autofree char *text = NULL;

    virt_options_init(&opts);
    ck_assert(virt_cmdline_parse(&opts, 2, m_help, &help, NULL));
    ck_assert_int_eq(help, VIRT_HELP_MACHINES);
    ck_assert(virt_cmdline_parse(&opts, 2, p_help, &help, NULL));
    ck_assert_int_eq(help, VIRT_HELP_PROPERTIES);
    opts.release = virt_release_find("10.0");
    text = virt_help_text(help, &opts);
    ck_assert_ptr_nonnull(strstr(text, "highmem=<bool>"));
    ck_assert_ptr_nonnull(strstr(text, "(default: on)"));
    /* QEMU 10.0's -M virt,help (qemu-help/qemu-10.0.virt-help.txt) */
    ck_assert_ptr_nonnull(strstr(text, "highmem-mmio-size=<size>"));
    ck_assert_ptr_nonnull(strstr(text, "compact-highmem=<bool>"));
    g_free(text);
    /* QEMU 7.2's -M virt,help has no 8.0+ property */
    opts.release = virt_release_find("7.2");
    text = virt_help_text(help, &opts);
    ck_assert_ptr_null(strstr(text, "highmem-mmio"));
    ck_assert_ptr_null(strstr(text, "compact-highmem"));
    ck_assert(virt_cmdline_parse(&opts, 2, c_help, &help, NULL));
    ck_assert_int_eq(help, VIRT_HELP_CPUS);
}
END_TEST

/*
 * -M help as QEMU prints the virt types: sorted by name, the alias just
 * before its type, "(deprecated)" marks. Lines observed in Debian's QEMU
 * 7.2 and 10.0 (qemu-help/qemu-7.2.M-help.txt, qemu-10.0.M-help.txt),
 * and 5.2 (qemu-5.2.M-help.txt).
 */
START_TEST(test_help_machines_order)
{
    static const struct {
        const char *release;
        const char *lines[4];   /* the first three, the last */
    } cases[] = {
        { "7.2", {
            "virt-2.10            QEMU 2.10 ARM Virtual Machine",
            "virt-2.11            QEMU 2.11 ARM Virtual Machine",
            "virt-2.12            QEMU 2.12 ARM Virtual Machine",
            "virt-7.2             QEMU 7.2 ARM Virtual Machine" } },
        { "10.0", {
            "virt                 QEMU 10.0 ARM Virtual Machine "
            "(alias of virt-10.0)",
            "virt-10.0            QEMU 10.0 ARM Virtual Machine",
            "virt-2.10            QEMU 2.10 ARM Virtual Machine "
            "(deprecated)",
            "virt-9.2             QEMU 9.2 ARM Virtual Machine" } },
        { "5.2", {
            "virt-2.10            QEMU 2.10 ARM Virtual Machine",
            "virt-2.11            QEMU 2.11 ARM Virtual Machine",
            "virt-2.12            QEMU 2.12 ARM Virtual Machine",
            "virt-5.2             QEMU 5.2 ARM Virtual Machine" } },
    };
    g_auto(VirtOptions) opts;

    virt_options_init(&opts);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *text = NULL;
        g_auto(GStrv) lines = NULL;
        guint n;

        opts.release = virt_release_find(cases[i].release);
        text = virt_help_text(VIRT_HELP_MACHINES, &opts);
        lines = g_strsplit(text, "\n", -1);
        n = g_strv_length(lines);
        ck_assert_uint_ge(n, 5);
        ck_assert_str_eq(lines[0], "Supported machines are:");
        ck_assert_str_eq(lines[1], cases[i].lines[0]);
        ck_assert_str_eq(lines[2], cases[i].lines[1]);
        ck_assert_str_eq(lines[3], cases[i].lines[2]);
        /* the text ends with a newline: the last line is empty */
        ck_assert_str_eq(lines[n - 2], cases[i].lines[3]);
    }
    /* QEMU 7.2: the alias line just before virt-7.2, which sorts last */
    opts.release = virt_release_find("7.2");
    {
        g_autofree char *text = virt_help_text(VIRT_HELP_MACHINES, &opts);

        ck_assert_ptr_nonnull(strstr(
            text, "virt                 QEMU 7.2 ARM Virtual Machine "
                  "(alias of virt-7.2)\nvirt-7.2 "));
        ck_assert_ptr_null(strstr(text, "deprecated"));
    }
}
END_TEST

/* The entry named @name of the array @member of @obj, or NULL */
static JsonObject *help_entry(JsonObject *obj, const char *member,
                              const char *name)
{
    JsonArray *a = json_object_get_array_member(obj, member);

    for (guint i = 0; i < json_array_get_length(a); i++) {
        JsonObject *e = json_array_get_object_element(a, i);

        if (!strcmp(json_object_get_string_member(e, "name"), name)) {
            return e;
        }
    }
    return NULL;
}

/* The help lists as JSON: the text's entries, one object each */
START_TEST(test_help_json)
{
    static const struct {
        VirtHelpRequest help;
        const char *kind, *member;
    } lists[] = {
        { VIRT_HELP_MACHINES, "machines", "machines" },
        { VIRT_HELP_PROPERTIES, "machine-properties", "properties" },
        { VIRT_HELP_CPUS, "cpus", "cpus" },
        { VIRT_HELP_ACCELS, "accels", "accels" },
    };
    static const char *const releases[] = { "7.2", "10.0" };
    g_auto(VirtOptions) opts;

    virt_options_init(&opts);
    for (size_t r = 0; r < G_N_ELEMENTS(releases); r++) {
        opts.release = virt_release_find(releases[r]);
        for (size_t i = 0; i < G_N_ELEMENTS(lists); i++) {
            g_autofree char *json = virt_help_to_json(lists[i].help, &opts);
            g_autofree char *text = virt_help_text(lists[i].help, &opts);
            g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
            g_autoptr(JsonParser) parser = json_parser_new();
            JsonObject *obj;
            guint want = 0;

            ck_assert_msg(json_parser_load_from_data(parser, json, -1, NULL),
                          "%s", json);
            ck_assert_ptr_null(strchr(json, '\n'));
            obj = json_node_get_object(json_parser_get_root(parser));
            ck_assert_int_eq(json_object_get_int_member(obj, "version"), 2);
            ck_assert_str_eq(json_object_get_string_member(obj, "kind"),
                             lists[i].kind);
            ck_assert_str_eq(json_object_get_string_member(obj,
                                                           "qemu_version"),
                             releases[r]);
            /* a heading line, then one line per entry ("virt" twice) */
            for (guint l = 1; lines[l]; l++) {
                want += lines[l][0] && !strstr(lines[l], "(alias of");
            }
            ck_assert_uint_eq(json_array_get_length(
                json_object_get_array_member(obj, lists[i].member)), want);
        }
    }
    {
        g_autofree char *json = virt_help_to_json(VIRT_HELP_PROPERTIES,
                                                  &opts);
        g_autofree char *cpus = virt_help_to_json(VIRT_HELP_CPUS, &opts);
        g_autoptr(JsonParser) pp = json_parser_new();
        g_autoptr(JsonParser) cp = json_parser_new();
        JsonObject *e;

        /* QEMU 10.0's -M virt,help: "highmem-mmio-size=<size>" */
        ck_assert(json_parser_load_from_data(pp, json, -1, NULL));
        e = help_entry(json_node_get_object(json_parser_get_root(pp)),
                       "properties", "highmem-mmio-size");
        ck_assert_ptr_nonnull(e);
        ck_assert_str_eq(json_object_get_string_member(e, "type"), "size");
        e = help_entry(json_node_get_object(json_parser_get_root(pp)),
                       "properties", "highmem");
        ck_assert_str_eq(json_object_get_string_member(e, "default"), "on");
        /* "host" has no PA range of its own: null */
        ck_assert(json_parser_load_from_data(cp, cpus, -1, NULL));
        e = help_entry(json_node_get_object(json_parser_get_root(cp)),
                       "cpus", "host");
        ck_assert_ptr_nonnull(e);
        ck_assert(json_object_get_null_member(e, "pa_bits"));
        ck_assert(json_object_get_boolean_member(e, "host_only"));
    }
}
END_TEST

/* Which argument virt_cmdline_parse_at() blames, and the error's kind */
static const struct {
    const char *args;
    int failed;                 /* -1: accepted */
    VirtError code;
} blame_cases[] = {
    { "-m 1G -smp 2", -1, 0 },
    { "-m 1G -foo", 2, VIRT_ERROR_UNKNOWN_OPTION },
    { "-m 1G -foo x", 2, VIRT_ERROR_UNKNOWN_OPTION },
    { "-X", 0, VIRT_ERROR_UNKNOWN_OPTION },
    { "-nographic -m", 1, VIRT_ERROR_INVALID_OPTION },
    { "-m 1Q", 0, VIRT_ERROR_INVALID_OPTION },
    { "-cpu cortex-a57 -M virt,nosuch=on", 2, VIRT_ERROR_UNKNOWN_OPTION },
    { "-smp 4,sockets=3", 0, VIRT_ERROR_REFUSED },
    { "-m 1G --qemu-version 9.9", 2, VIRT_ERROR_UNSUPPORTED },
};

START_TEST(test_blame)
{
    g_auto(VirtOptions) opts;
    g_auto(GStrv) argv = NULL;
    g_autoptr(GError) err = NULL;
    VirtHelpRequest help;
    int argc, failed = 42;
    bool ok;

    virt_options_init(&opts);
    ck_assert(g_shell_parse_argv(blame_cases[_i].args, &argc, &argv, NULL));
    ok = virt_cmdline_parse_at(&opts, argc, argv, &help, &failed, &err);
    ck_assert_msg(ok == (blame_cases[_i].failed < 0), "'%s': %s",
                  blame_cases[_i].args, err ? err->message : "accepted");
    ck_assert_int_eq(failed, blame_cases[_i].failed);
    if (!ok) {
        ck_assert_msg(g_error_matches(err, VIRT_ERROR, blame_cases[_i].code),
                      "'%s': code %d", blame_cases[_i].args, err->code);
    }
}
END_TEST

/*
 * A line without a machine type, as QEMU 7.2, 10.0 and 11.1 answer it
 * (observed: exit 1 and this text, after the option syntax is read)
 */
static const struct {
    const char *args;
    VirtError code;             /* -1: accepted */
    bool no_machine;            /* refused with QEMU's "No machine" */
} no_machine_cases[] = {
    { "-m 1G", VIRT_ERROR_REFUSED, true },
    { "-nographic -cpu max -smp 2", VIRT_ERROR_REFUSED, true },
    { "-M accel=tcg -m 1G", VIRT_ERROR_REFUSED, true },
    { "-machine gic-version=3", VIRT_ERROR_REFUSED, true },
    { "-smp 0x", VIRT_ERROR_REFUSED, true },
    { "-cpu foo", VIRT_ERROR_REFUSED, true },
    { "-m 1Q", VIRT_ERROR_INVALID_OPTION, false },
    { "-M gic-version=9", VIRT_ERROR_REFUSED, true },
    { "-M nosuch=1 -m 1G", VIRT_ERROR_REFUSED, true },
    { "-accel foo", VIRT_ERROR_REFUSED, true },
    { "-device foo", VIRT_ERROR_REFUSED, true },
    { "-numa node,nodeid=0", VIRT_ERROR_REFUSED, true },
    { "-smp 4,sockets=3", VIRT_ERROR_REFUSED, true },
    { "-M ,,,", VIRT_ERROR_INVALID_OPTION, false },
    { "-device '{bad'", VIRT_ERROR_INVALID_OPTION, false },
    { "-m 1G,slots=x", VIRT_ERROR_INVALID_OPTION, false },
    { "-Z", VIRT_ERROR_UNKNOWN_OPTION, false },
    { "-m", VIRT_ERROR_INVALID_OPTION, false },
    { "-M virt -m 1G", (VirtError)-1, false },
    { "-machine type=virt -m 1G", (VirtError)-1, false },
    { "-M accel=tcg -M virt", (VirtError)-1, false },
    { "-M help", (VirtError)-1, false },
    { "-cpu help", (VirtError)-1, false },
};

START_TEST(test_no_default_machine)
{
    g_auto(VirtOptions) opts;
    g_auto(VirtOptions) dflt;
    g_auto(GStrv) argv = NULL;
    g_autoptr(GError) err = NULL;
    VirtHelpRequest help;
    int argc;
    bool ok;

    virt_options_init(&opts);
    virt_options_init(&dflt);
    opts.no_default_machine = true;
    ck_assert(g_shell_parse_argv(no_machine_cases[_i].args, &argc, &argv,
                                 NULL));
    ok = virt_cmdline_parse(&opts, argc, argv, &help, &err);
    ck_assert_msg(ok == (no_machine_cases[_i].code == (VirtError)-1),
                  "'%s': %s",
                  no_machine_cases[_i].args,
                  err ? err->message : "accepted");
    if (!ok) {
        ck_assert(g_error_matches(err, VIRT_ERROR, no_machine_cases[_i].code));
        ck_assert_int_eq(!strcmp(err->message,
                                 "No machine specified, and there is no "
                                 "default\nUse -machine help to list "
                                 "supported machines"),
                         no_machine_cases[_i].no_machine);
    }
    /* the library's default: -M virt */
    if (no_machine_cases[_i].no_machine) {
        g_clear_error(&err);
        if (!virt_cmdline_parse(&dflt, argc, argv, &help, &err)) {
            ck_assert_ptr_null(strstr(err->message, "No machine"));
        }
    }
}
END_TEST

/*
 * A TPM on the platform bus: -tpmdev may follow the -device (QEMU makes
 * the backends first); the machine state puts it at the bus's base with
 * the 0x5000 bytes of reg the oracles' tpm_tis@0 has. nvdimm=off is
 * accepted (QEMU accepts it; no NVDIMM, no change).
 */
START_TEST(test_tpm_state)
{
    static const char *const args[] = {
        "-M", "virt,nvdimm=off", "-cpu", "max", "-device",
        "tpm-tis-device,tpmdev=t0", "-chardev", "socket,id=c0,path=/x",
        "-tpmdev", "emulator,id=t0,chardev=c0",
    };
    g_auto(VirtOptions) opts;
    g_autoptr(GError) err = NULL;
    VirtMachineState vms;
    VirtHelpRequest help;

    virt_options_init(&opts);
    ck_assert_msg(virt_cmdline_parse(&opts, G_N_ELEMENTS(args),
                                     (char *const *)args, &help, &err),
                  "%s", err ? err->message : "");
    ck_assert(opts.tpm);
    ck_assert(!opts.nvdimm);
    ck_assert_msg(virt_machine_init(&vms, &opts, &err), "%s",
                  err ? err->message : "");
    ck_assert(vms.tpm);
    ck_assert_uint_eq(vms.tpm_offset, 0);
    ck_assert_uint_eq(vms.tpm_size, 0x5000);
}
END_TEST

/*
 * "No machine specified" with the location QEMU 5.2 gives it: the first
 * option that opens its machine options, as written (observed on the
 * 5.2 oracle; 7.2, 10.0 and 11.1 print the text alone)
 */
static const struct {
    const char *release;
    const char *args;
    const char *loc;            /* "" for none */
} no_machine_loc_cases[] = {
    { "5.2", "-nographic", "-nographic: " },
    { "5.2", "-m 1G -nographic -m 2G", "-nographic: " },
    { "5.2", "--kernel /dev/null -nographic", "--kernel /dev/null: " },
    { "5.2", "-machine accel=tcg", "-machine accel=tcg: " },
    { "5.2", "-append -nographic -usb", "-append -nographic: " },
    { "5.2", "-nographic -device foo", "-nographic: " },
    { "5.2", "-enable-kvm", "-enable-kvm: " },
    { "5.2", "-m 1G -cpu max -accel tcg", "" },
    { "7.2", "-nographic", "" },
    { "10.0", "-kernel /dev/null", "" },
    { "11.1", "-machine accel=tcg", "" },
};

START_TEST(test_no_machine_loc)
{
    g_auto(VirtOptions) opts;
    g_auto(GStrv) argv = NULL;
    g_autoptr(GError) err = NULL;
    g_autofree char *want = NULL;
    VirtHelpRequest help;
    int argc;

    virt_options_init(&opts);
    opts.no_default_machine = true;
    opts.release = virt_release_find(no_machine_loc_cases[_i].release);
    ck_assert_ptr_nonnull(opts.release);
    ck_assert(g_shell_parse_argv(no_machine_loc_cases[_i].args, &argc, &argv,
                                 NULL));
    ck_assert(!virt_cmdline_parse(&opts, argc, argv, &help, &err));
    want = g_strdup_printf("%sNo machine specified, and there is no "
                           "default\nUse -machine help to list supported "
                           "machines",
                           no_machine_loc_cases[_i].loc);
    ck_assert_str_eq(err->message, want);
}
END_TEST

/* Every name listed is an option the parser takes, and none else is */
START_TEST(test_option_names)
{
    g_autoptr(GPtrArray) names = virt_cmdline_option_names();
    const char *want[] = { "-M", "-machine", "-m", "-smp", "-cpu", "-accel",
                           "--host-ipa-bits", "--qemu-version",
                           "-enable-kvm", "-nographic", "-display" };

    for (guint w = 0; w < G_N_ELEMENTS(want); w++) {
        bool found = false;

        for (guint i = 0; i < names->len; i++) {
            found |= !strcmp(g_ptr_array_index(names, i), want[w]);
        }
        ck_assert_msg(found, "%s is not listed", want[w]);
    }
    for (guint i = 0; i < names->len; i++) {
        g_auto(VirtOptions) opts;
        g_autoptr(GError) err = NULL;
        VirtHelpRequest help;
        char *argv[] = { g_ptr_array_index(names, i), (char *)"help" };

        virt_options_init(&opts);
        /* refused for its value perhaps, but never as unknown */
        if (!virt_cmdline_parse(&opts, 2, argv, &help, &err)) {
            ck_assert_msg(!strstr(err->message, "invalid option"), "%s: %s",
                          argv[0], err->message);
        }
    }
}
END_TEST

static Suite *opts_suite(void)
{
    Suite *s = suite_create("opts");
    TCase *tc = tcase_create("parse");

    tcase_add_loop_test(tc, test_size, 0, G_N_ELEMENTS(size_cases));
    tcase_add_loop_test(tc, test_args, 0, G_N_ELEMENTS(arg_cases));
    tcase_add_loop_test(tc, test_later_args, 0,
                        G_N_ELEMENTS(later_arg_cases));
    tcase_add_loop_test(tc, test_smp_defaults, 0, G_N_ELEMENTS(smp_cases));
    tcase_add_test(tc, test_values);
    tcase_add_test(tc, test_ram_rounding);
    tcase_add_test(tc, test_help);
    tcase_add_test(tc, test_help_json);
    tcase_add_test(tc, test_help_machines_order);
    tcase_add_loop_test(tc, test_blame, 0, G_N_ELEMENTS(blame_cases));
    tcase_add_test(tc, test_option_names);
    tcase_add_test(tc, test_tpm_state);
    tcase_add_loop_test(tc, test_no_machine_loc, 0,
                        G_N_ELEMENTS(no_machine_loc_cases));
    tcase_add_loop_test(tc, test_no_default_machine, 0,
                        G_N_ELEMENTS(no_machine_cases));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(opts_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
