/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The JSON outputs (map, plan, errors, help lists) are trees built with
 * json-glib's JsonBuilder and written by its generator; these helpers
 * add one member each and keep the house conventions in one place
 * (internal: not installed). docs/system/arm/json.md:
 *
 * - every member is always present; a value that does not exist (not
 *   that accelerator, no such limit, a low region's property) is null;
 * - addresses and sizes are integers of bytes.
 */
#ifndef VIRT_JSON_H
#define VIRT_JSON_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stdint.h>

G_BEGIN_DECLS

/* The schema version every object carries in "version" */
#define VIRT_JSON_VERSION 2

/* A new builder with an object open and "version", "kind" set */
JsonBuilder *virt_json_begin(const char *kind);

/* @key: @v, or null when @v is NULL */
void virt_json_str(JsonBuilder *b, const char *key, const char *v);

void virt_json_int(JsonBuilder *b, const char *key, int64_t v);

/* @key: @v when @present, else null */
void virt_json_int_or_null(JsonBuilder *b, const char *key, bool present,
                           int64_t v);

/*
 * @key: @v, bytes. JSON integers reach 2^63 - 1 here (json-glib holds
 * gint64); a larger value, which only a user can type (-m 8E), is
 * written as a JSON number in exponent form.
 */
void virt_json_u64(JsonBuilder *b, const char *key, uint64_t v);

/* virt_json_u64(), or null when not @present */
void virt_json_u64_or_null(JsonBuilder *b, const char *key, bool present,
                           uint64_t v);

void virt_json_bool(JsonBuilder *b, const char *key, bool v);

/* @key: an array of the strings of @v (a GPtrArray or NULL-ended) */
void virt_json_strv(JsonBuilder *b, const char *key, const char *const *v,
                    gssize n);

/* Close the object virt_json_begin() opened; the text on one line */
char *virt_json_end(JsonBuilder *b);

/* The one-line text of @node */
char *virt_json_node_to_string(JsonNode *node);

G_END_DECLS

#endif /* VIRT_JSON_H */
