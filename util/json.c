/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JSON members through json-glib: the conventions of include/virt/json.h
 * (null for a value that does not exist, bytes as integers) live here.
 */
#include "virt/json.h"

JsonBuilder *virt_json_begin(const char *kind)
{
    JsonBuilder *b = json_builder_new();

    json_builder_begin_object(b);
    virt_json_int(b, "version", VIRT_JSON_VERSION);
    virt_json_str(b, "kind", kind);
    return b;
}

void virt_json_str(JsonBuilder *b, const char *key, const char *v)
{
    if (key) {
        json_builder_set_member_name(b, key);
    }
    if (v) {
        json_builder_add_string_value(b, v);
    } else {
        json_builder_add_null_value(b);
    }
}

void virt_json_int(JsonBuilder *b, const char *key, int64_t v)
{
    json_builder_set_member_name(b, key);
    json_builder_add_int_value(b, v);
}

void virt_json_int_or_null(JsonBuilder *b, const char *key, bool present,
                           int64_t v)
{
    json_builder_set_member_name(b, key);
    if (present) {
        json_builder_add_int_value(b, v);
    } else {
        json_builder_add_null_value(b);
    }
}

void virt_json_u64(JsonBuilder *b, const char *key, uint64_t v)
{
    json_builder_set_member_name(b, key);
    if (v > (uint64_t)G_MAXINT64) {
        json_builder_add_double_value(b, (double)v);
    } else {
        json_builder_add_int_value(b, (gint64)v);
    }
}

void virt_json_u64_or_null(JsonBuilder *b, const char *key, bool present,
                           uint64_t v)
{
    if (present) {
        virt_json_u64(b, key, v);
    } else {
        json_builder_set_member_name(b, key);
        json_builder_add_null_value(b);
    }
}

void virt_json_bool(JsonBuilder *b, const char *key, bool v)
{
    json_builder_set_member_name(b, key);
    json_builder_add_boolean_value(b, v);
}

void virt_json_strv(JsonBuilder *b, const char *key, const char *const *v,
                    gssize n)
{
    json_builder_set_member_name(b, key);
    json_builder_begin_array(b);
    for (gssize i = 0; n < 0 ? v[i] != NULL : i < n; i++) {
        json_builder_add_string_value(b, v[i]);
    }
    json_builder_end_array(b);
}

char *virt_json_node_to_string(JsonNode *node)
{
    g_autoptr(JsonGenerator) gen = json_generator_new();

    json_generator_set_root(gen, node);
    return json_generator_to_data(gen, NULL);
}

char *virt_json_end(JsonBuilder *b)
{
    g_autoptr(JsonNode) root = NULL;

    json_builder_end_object(b);
    root = json_builder_get_root(b);
    g_object_unref(b);
    return virt_json_node_to_string(root);
}
