/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every file virtboard writes (DTB, ACPI tables, SVG) goes through here.
 *
 * What a path names decides how it is written:
 *
 * - a regular file, new or existing: written to a temporary file in its
 *   own directory, fsync'ed, renamed over the path and the directory
 *   fsync'ed; an existing file keeps its mode and owner (the write fails,
 *   leaving the file alone, when its owner cannot be kept);
 * - a symlink: followed (relative targets from the link's directory, at
 *   most 40 links) and its final target written by these same rules; a
 *   dangling link creates its target, as open(O_CREAT) would;
 * - a character device, FIFO or socket: opened (a socket: connected) and
 *   written directly, never unlinked, renamed over or truncated;
 * - "-", or any path naming the same file as standard output
 *   (/dev/stdout, /proc/self/fd/1, ...): written to file descriptor 1;
 * - a directory, a block device, a path whose parent does not exist:
 *   an error naming the path and the reason.
 *
 * On any error no new file and no temporary file is left behind.
 */
#ifndef VIRT_OUTPUT_H
#define VIRT_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

#include "virt/error.h"

G_BEGIN_DECLS

/* Write @len bytes of @data to @path (see above) */
bool virt_output_write(const char *path, const void *data, size_t len,
                       GError **errp);

/*
 * The same for @size bytes (@size >= @len): @data then zeros. A regular
 * file is extended over the zeros (sparse); anything else gets them
 * written.
 */
bool virt_output_write_padded(const char *path, const void *data,
                              size_t len, size_t size, GError **errp);

/*
 * Would virt_output_write(@path) be refused before writing anything (a
 * directory, a missing parent, a block device, a directory that is not
 * writable)? Nothing is created or opened.
 */
bool virt_output_check(const char *path, GError **errp);

/* Is @path "-" or the file that standard output is? */
bool virt_output_is_stdout(const char *path);

typedef struct VirtOutputFile {
    const char *name;           /* a plain file name, no '/' */
    const void *data;
    size_t len;
} VirtOutputFile;

/*
 * Write @n files into the directory @dir, all or none: @dir is created
 * if it does not exist (only @dir itself, not its parents); each file
 * follows the rules above. Every file is staged before any is renamed
 * into place; if a rename still fails, the files this call created are
 * removed again (and @dir, if it created it). With @dir "-" (or the
 * file standard output is) the files' data are written one after the
 * other to standard output.
 */
bool virt_output_write_dir(const char *dir, const VirtOutputFile *files,
                           size_t n, GError **errp);

/* virt_output_check() for a directory written with the call above */
bool virt_output_check_dir(const char *dir, GError **errp);

G_END_DECLS

#endif /* VIRT_OUTPUT_H */
