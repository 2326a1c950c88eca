/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtboard conform: run a QEMU binary over a built-in matrix of
 * configurations and compare every result (accepted or refused, the
 * refusal's text, the DTB) with virtboard's model of the binary's own
 * release. See docs/system/arm/conform.md.
 *
 * This module runs QEMU and compares; it never prints or exits: the
 * progress goes through a callback, errors are GErrors, and the report
 * is returned as text or JSON for main() to print.
 */
#ifndef VIRTBOARD_CONFORM_H
#define VIRTBOARD_CONFORM_H

#include <stdbool.h>
#include <glib.h>

#include "hw/arm/virt-release.h"

typedef enum ConformStatus {
    CONFORM_PRESENT,    /* the binary shows the behaviour, as modelled */
    CONFORM_ABSENT,     /* the binary lacks it, as modelled */
    CONFORM_DIFFERS,    /* a configuration's result is not the model's */
} ConformStatus;

typedef struct ConformResult ConformResult;

/* Called in the caller's thread after each configuration: done of total */
typedef void (*ConformProgress)(unsigned done, unsigned total,
                                const char *config, bool same,
                                void *opaque);

/*
 * Ask @binary its version (`--version`), pick the model of that release
 * (or, for a release virtboard does not model, the nearest one and say
 * so), run the matrix with up to @jobs QEMUs at a time (0: the number
 * of processors, at most 4) and compare. NULL with @errp set
 * (VIRT_ERROR_HOST) when the binary cannot be run or says no version.
 */
ConformResult *conform_run(const char *binary, unsigned jobs,
                           ConformProgress progress, void *opaque,
                           GError **errp);

void conform_result_free(ConformResult *res);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ConformResult, conform_result_free)

/* Every configuration gave the model's result */
bool conform_matches(const ConformResult *res);

/* The report: a table of behaviours and the differences */
char *conform_describe(const ConformResult *res);

/* The report as one JSON object (data/conform.schema.json) */
char *conform_to_json(const ConformResult *res);

#endif
