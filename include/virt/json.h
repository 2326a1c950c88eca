/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one JSON string writer of the map, plan and error outputs
 * (internal: not installed).
 */
#ifndef VIRT_JSON_H
#define VIRT_JSON_H

#include <glib.h>

G_BEGIN_DECLS

/* Append @v to @s as a JSON string, quotes included */
void virt_json_append_string(GString *s, const char *v);

G_END_DECLS

#endif /* VIRT_JSON_H */
