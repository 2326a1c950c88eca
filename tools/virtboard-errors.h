/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VIRTBOARD_ERRORS_H
#define VIRTBOARD_ERRORS_H

#include <glib.h>
#include <stdbool.h>

/*
 * The exit statuses of the virtboard CLI: docs/virtboard.1 (EXIT
 * STATUS), --help and docs/system/arm/virt.rst list them. 1 stays what
 * every error used to be: a configuration QEMU refuses.
 */
typedef enum VirtboardExit {
    VIRTBOARD_EXIT_OK = 0,
    VIRTBOARD_EXIT_REFUSED = 1,     /* QEMU (or the model) refuses it */
    VIRTBOARD_EXIT_NO_FIT = 2,      /* plan: the request does not fit */
    VIRTBOARD_EXIT_USAGE = 3,       /* unknown option, malformed value */
    VIRTBOARD_EXIT_IO = 4,          /* an output cannot be written */
    VIRTBOARD_EXIT_UNCHECKED = 5,   /* conform: the binary cannot be checked */
} VirtboardExit;

/* What main() reports about an error besides its message */
typedef struct VirtboardFailure {
    bool json;                  /* --json: also a JSON object on stdout */
    const char *option;         /* the option to blame, or NULL */
    const char *suggestion;     /* a known option close to it, or NULL */
    const char *qemu_version;   /* the release modelled, NULL: unknown */
    VirtboardExit status;       /* 0: the status of the error's kind */
} VirtboardFailure;

/* The exit status of @err: the one place GError codes map to statuses */
VirtboardExit virtboard_exit_status(const GError *err);

/* A stable name of @err's kind for the JSON "code" ("invalid-option") */
const char *virtboard_error_code(const GError *err);

/*
 * The known option nearest to @typed (edit distance, at most 2 and less
 * than half its length), or NULL: @names are the candidates.
 */
const char *virtboard_suggest(const char *typed, const char *const *names,
                              guint n);

/*
 * Report @err: "virtboard: MESSAGE" on stderr (and "did you mean
 * 'OPTION'?" on a second line), and with --json the error object on
 * stdout. Frees @err; returns the exit status.
 */
int virtboard_fail(GError *err, const VirtboardFailure *f);

#endif
