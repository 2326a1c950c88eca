/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Errors of the virtboard CLI: the library's GError codes become exit
 * statuses and stable code names here and nowhere else, and an error is
 * reported the same way whatever failed.
 */
#include "virtboard-errors.h"

#include <stdio.h>
#include <string.h>

#include "virt/error.h"
#include "virt/json.h"

static const struct {
    VirtError code;
    const char *name;
    VirtboardExit status;
} virtboard_errors[] = {
    { VIRT_ERROR_INVALID_OPTION, "invalid-option", VIRTBOARD_EXIT_USAGE },
    { VIRT_ERROR_UNKNOWN_OPTION, "unknown-option", VIRTBOARD_EXIT_USAGE },
    { VIRT_ERROR_UNSUPPORTED, "unsupported", VIRTBOARD_EXIT_REFUSED },
    { VIRT_ERROR_DOES_NOT_FIT, "does-not-fit", VIRTBOARD_EXIT_REFUSED },
    { VIRT_ERROR_HOST, "host", VIRTBOARD_EXIT_REFUSED },
    { VIRT_ERROR_FDT, "fdt", VIRTBOARD_EXIT_REFUSED },
    { VIRT_ERROR_ACPI, "acpi", VIRTBOARD_EXIT_REFUSED },
    { VIRT_ERROR_IO, "io", VIRTBOARD_EXIT_IO },
    { VIRT_ERROR_REFUSED, "refused", VIRTBOARD_EXIT_REFUSED },
};

static int virtboard_error_row(const GError *err)
{
    if (err->domain != VIRT_ERROR) {
        return -1;
    }
    for (guint i = 0; i < G_N_ELEMENTS(virtboard_errors); i++) {
        if ((int)virtboard_errors[i].code == err->code) {
            return (int)i;
        }
    }
    return -1;
}

VirtboardExit virtboard_exit_status(const GError *err)
{
    int row = virtboard_error_row(err);

    /* another domain (GLib's file errors): an I/O error */
    return row < 0 ? VIRTBOARD_EXIT_IO : virtboard_errors[row].status;
}

const char *virtboard_error_code(const GError *err)
{
    int row = virtboard_error_row(err);

    return row < 0 ? "io" : virtboard_errors[row].name;
}

/*
 * Edit distance counting a swap of two neighbours as one edit ("--sgv"
 * is one from "--svg"): the optimal string alignment distance.
 */
static guint virtboard_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), w = lb + 1;
    g_autofree guint *d = g_new(guint, (la + 1) * w);

    for (size_t i = 0; i <= la; i++) {
        for (size_t j = 0; j <= lb; j++) {
            guint v;

            if (i == 0 || j == 0) {
                d[i * w + j] = (guint)(i + j);
                continue;
            }
            v = d[(i - 1) * w + j - 1] + (a[i - 1] != b[j - 1]);
            v = MIN(v, d[(i - 1) * w + j] + 1);
            v = MIN(v, d[i * w + j - 1] + 1);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1]) {
                v = MIN(v, d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    return d[la * w + lb];
}

const char *virtboard_suggest(const char *typed, const char *const *names,
                              guint n)
{
    const char *best = NULL;
    guint best_d = G_MAXUINT;
    size_t len = strlen(typed);

    /* very long arguments are not typos of an option */
    if (len > 64) {
        return NULL;
    }
    for (guint i = 0; i < n; i++) {
        guint d = virtboard_distance(typed, names[i]);

        /* QEMU takes "--opt" for "-opt": so may the user */
        if (typed[0] == '-' && typed[1] == '-') {
            d = MIN(d, virtboard_distance(typed + 1, names[i]));
        }
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    if (best_d == 0 || best_d > 2 || best_d * 2 >= len) {
        return NULL;
    }
    return best;
}

int virtboard_fail(GError *err, const VirtboardFailure *f)
{
    VirtboardExit status = virtboard_exit_status(err);

    fprintf(stderr, "virtboard: %s\n", err->message);
    if (f->suggestion) {
        fprintf(stderr, "did you mean '%s'?\n", f->suggestion);
    }
    if (f->json) {
        JsonBuilder *b = virt_json_begin("error");
        g_autofree char *text = NULL;

        virt_json_str(b, "code", virtboard_error_code(err));
        virt_json_str(b, "option", f->option);
        virt_json_str(b, "suggestion", f->suggestion);
        virt_json_str(b, "message", err->message);
        virt_json_int(b, "exit_status", (int)status);
        virt_json_str(b, "qemu_version", f->qemu_version);
        text = virt_json_end(b);
        printf("%s\n", text);
        if (fflush(stdout) != 0 && status != VIRTBOARD_EXIT_IO) {
            status = VIRTBOARD_EXIT_IO;
        }
    }
    g_error_free(err);
    return (int)status;
}
