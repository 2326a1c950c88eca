/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Host probing and output files.
 */
#include "hw/arm/virt.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

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

bool virt_write_file_atomic(const char *path, const void *data, size_t len,
                            GError **errp)
{
    return virt_write_file_atomic_padded(path, data, len, len, errp);
}

bool virt_write_file_atomic_padded(const char *path, const void *data,
                                   size_t len, size_t size, GError **errp)
{
    g_autofree char *dir = NULL;
    g_autofree char *base = NULL;
    g_autofree char *tmp = NULL;
    const char *p = data;
    int fd;

    g_return_val_if_fail(path != NULL && (data != NULL || len == 0), false);
    g_return_val_if_fail(size >= len, false);

    if (!*path) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_IO,
                            "output file name is empty");
        return false;
    }
    dir = g_path_get_dirname(path);
    base = g_path_get_basename(path);
    tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
    fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_IO, "cannot write %s: %s",
                    path, g_strerror(errno));
        return false;
    }
    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            int e = n < 0 ? errno : EIO;

            close(fd);
            g_unlink(tmp);
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_IO,
                        "cannot write %s: %s", path, g_strerror(e));
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    if ((size > (size_t)(p - (const char *)data) &&
         ftruncate(fd, (off_t)size) < 0) || fsync(fd) < 0) {
        int e = errno;

        close(fd);
        g_unlink(tmp);
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_IO, "cannot write %s: %s",
                    path, g_strerror(e));
        return false;
    }
    if (close(fd) < 0 || g_rename(tmp, path) < 0) {
        int e = errno;

        g_unlink(tmp);
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_IO, "cannot write %s: %s",
                    path, g_strerror(e));
        return false;
    }
    return true;
}
