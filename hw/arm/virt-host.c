/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Host probing.
 */
#include "hw/arm/virt.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "virt/output.h"

/*
 * KVM_CHECK_EXTENSION is _IO(KVMIO, 0x03) with KVMIO 0xAE, and
 * KVM_CAP_ARM_VM_IPA_SIZE is capability 165 (Linux uapi, stable ABI).
 * Spelled out so the library builds without arm64 kernel headers.
 */
#define VIRT_KVM_CHECK_EXTENSION 0xAE03
#define VIRT_KVM_CAP_ARM_VM_IPA_SIZE 165

int virt_host_kvm_ipa_bits(GError **errp)
{
#if defined(__aarch64__) && defined(__linux__)
    int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    int r;

    if (fd < 0) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_HOST,
                    "cannot open /dev/kvm: %s (give the host IPA size with "
                    "--host-ipa-bits)",
                    g_strerror(errno));
        return -1;
    }
    r = ioctl(fd, VIRT_KVM_CHECK_EXTENSION, VIRT_KVM_CAP_ARM_VM_IPA_SIZE);
    close(fd);
    if (r < 0) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_HOST,
                    "KVM_CHECK_EXTENSION(KVM_CAP_ARM_VM_IPA_SIZE) failed: %s",
                    g_strerror(errno));
        return -1;
    }
    return r;
#else
    g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_HOST,
                        "-accel kvm: this is not an arm64 Linux host, so the "
                        "host IPA size cannot be read from /dev/kvm; give it "
                        "with --host-ipa-bits N");
    return -1;
#endif
}

/* The old names, kept for callers not yet converted */
bool virt_write_file_atomic(const char *path, const void *data, size_t len,
                            GError **errp)
{
    return virt_output_write(path, data, len, errp);
}

bool virt_write_file_atomic_padded(const char *path, const void *data,
                                   size_t len, size_t size, GError **errp)
{
    return virt_output_write_padded(path, data, len, size, errp);
}
