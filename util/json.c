/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JSON strings: '"' and '\' escaped, newlines as \n, the other control
 * characters as \u00XX; everything else (UTF-8 included) as it is.
 */
#include "virt/json.h"

void virt_json_append_string(GString *s, const char *v)
{
    g_string_append_c(s, '"');
    for (const char *p = v; *p; p++) {
        if (*p == '"' || *p == '\\') {
            g_string_append_c(s, '\\');
            g_string_append_c(s, *p);
        } else if (*p == '\n') {
            g_string_append(s, "\\n");
        } else if ((unsigned char)*p < 0x20) {
            g_string_append_printf(s, "\\u%04x", (unsigned)*p);
        } else {
            g_string_append_c(s, *p);
        }
    }
    g_string_append_c(s, '"');
}
