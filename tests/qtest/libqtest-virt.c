/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The conformance tests' side of the qtest client: which QEMU is the
 * oracle, and the skip/CI-fail policy. The client itself is
 * util/qtest.c. See libqtest-virt.h and docs/devel/testing.md.
 */
#include "libqtest-virt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "hw/arm/virt-release.h"

#define QTS_DEFAULT_BINARY "/usr/bin/qemu-system-aarch64"

/* The oracle chosen with qts_use_oracle() */
static char *qts_oracle_binary;
static char *qts_oracle_release;

const char *qts_qemu_binary(void)
{
    const char *env = g_getenv("QTEST_QEMU_BINARY");

    if (qts_oracle_binary != NULL) {
        return qts_oracle_binary;
    }
    if (env != NULL && env[0] != '\0') {
        return env;
    }
    return QTS_DEFAULT_BINARY;
}

static bool qts_is_executable(const char *bin)
{
    return g_file_test(bin, G_FILE_TEST_IS_EXECUTABLE) &&
           !g_file_test(bin, G_FILE_TEST_IS_DIR);
}

/* Exit 77 (meson: skipped), or 1 when CI=true: CI must not skip */
static G_NORETURN void qts_skip_or_fail(const char *why, const char *hint)
{
    if (g_strcmp0(g_getenv("CI"), "true") == 0) {
        fprintf(stderr, "FAIL: %s (%s); CI=true, so this is an error\n",
                why, hint);
        exit(1);
    }
    printf("SKIP: %s (%s to run this test)\n", why, hint);
    exit(77);
}

void qts_require_qemu(void)
{
    const char *bin = qts_qemu_binary();
    g_autofree char *why = NULL;

    if (qts_is_executable(bin)) {
        return;
    }
    why = g_strdup_printf("QEMU binary '%s' is not executable", bin);
    qts_skip_or_fail(why, "set QTEST_QEMU_BINARY");
}

QTestState *qts_start_ex(const char *const *machine_args, QtsExit *exit_info,
                         GError **errp)
{
    return qts_start_binary(qts_qemu_binary(), machine_args, exit_info,
                            errp);
}

QTestState *qts_start(const char *const *machine_args, GError **errp)
{
    return qts_start_ex(machine_args, NULL, errp);
}

/* ---- the oracles ---- */

GStrv qts_qemu_binaries(void)
{
    const char *list = g_getenv("QTEST_QEMU_BINARIES");
    g_autoptr(GStrvBuilder) b = g_strv_builder_new();
    g_auto(GStrv) parts = NULL;

    if (list == NULL || list[0] == '\0') {
        g_strv_builder_add(b, qts_qemu_binary());
        return g_strv_builder_end(b);
    }
    parts = g_strsplit(list, ":", -1);
    for (size_t i = 0; parts[i] != NULL; i++) {
        if (parts[i][0] != '\0') {
            g_strv_builder_add(b, parts[i]);
        }
    }
    return g_strv_builder_end(b);
}

void qts_oracle_free(QtsOracle *o)
{
    if (o == NULL) {
        return;
    }
    g_free(o->binary);
    g_free(o->version);
    g_free(o->release);
    g_free(o->package);
    g_free(o);
}

/* Member @key of @obj as a version number (0-9999), or -1 */
static int qts_json_version_part(JsonObject *obj, const char *key)
{
    JsonNode *n = obj ? json_object_get_member(obj, key) : NULL;
    gint64 v;

    if (n == NULL || json_node_get_value_type(n) != G_TYPE_INT64) {
        return -1;
    }
    v = json_node_get_int(n);
    return v >= 0 && v <= 9999 ? (int)v : -1;
}

/* Member @key of @obj if it is an object, else NULL */
static JsonObject *qts_json_object(JsonObject *obj, const char *key)
{
    JsonNode *n = obj ? json_object_get_member(obj, key) : NULL;

    return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

bool qts_parse_query_version(const char *reply, char **version,
                             char **release, char **package, GError **errp)
{
    g_autoptr(JsonParser) parser = json_parser_new();
    JsonObject *ret = NULL, *qemu;
    JsonNode *root, *pkg;
    int major, minor, micro;

    if (reply != NULL && json_parser_load_from_data(parser, reply, -1, NULL)) {
        root = json_parser_get_root(parser);
        ret = root && JSON_NODE_HOLDS_OBJECT(root)
            ? qts_json_object(json_node_get_object(root), "return") : NULL;
    }
    qemu = qts_json_object(ret, "qemu");
    major = qts_json_version_part(qemu, "major");
    minor = qts_json_version_part(qemu, "minor");
    micro = qts_json_version_part(qemu, "micro");
    if (major < 0 || minor < 0 || micro < 0) {
        g_set_error(errp, QTS_ERROR, QTS_ERROR_PROTOCOL,
                    "not a query-version reply: %s",
                    reply != NULL ? reply : "(nothing)");
        return false;
    }
    pkg = json_object_get_member(ret, "package");
    *version = g_strdup_printf("%d.%d.%d", major, minor, micro);
    *release = g_strdup_printf("%d.%d", major, minor);
    *package = g_strdup(pkg && json_node_get_value_type(pkg) == G_TYPE_STRING
                            ? json_node_get_string(pkg) : "");
    return true;
}

QtsOracle *qts_oracle_probe(const char *binary, GError **errp)
{
    static const char *const none[] = { "-M", "none", NULL };
    g_autoptr(QtsOracle) o = g_new0(QtsOracle, 1);
    g_autofree char *reply = NULL;
    QtsExit ex;
    QTestState *s;

    s = qts_start_binary(binary, none, &ex, errp);
    qts_exit_clear(&ex);
    if (s == NULL) {
        return NULL;
    }
    reply = qts_qmp(s, "{\"execute\": \"query-version\"}", errp);
    qts_quit(s);
    if (reply == NULL ||
        !qts_parse_query_version(reply, &o->version, &o->release,
                                 &o->package, errp)) {
        return NULL;
    }
    o->binary = g_strdup(binary);
    return g_steal_pointer(&o);
}

/* Does virtboard model release @ver ("7.2")? The model says. */
static bool qts_release_modelled(const char *ver)
{
    return ver != NULL && virt_release_find(ver) != NULL;
}

static const QtsOracle *qts_oracle_same(const GPtrArray *seen,
                                        const QtsOracle *o)
{
    for (guint i = 0; i < seen->len; i++) {
        const QtsOracle *x = g_ptr_array_index(seen, i);

        if (!strcmp(x->version, o->version) &&
            !strcmp(x->package, o->package)) {
            return x;
        }
    }
    return NULL;
}

GPtrArray *qts_require_oracles(const char *test_name, unsigned *failures)
{
    g_auto(GStrv) bins = qts_qemu_binaries();
    /* every oracle probed; the ones in @use are handed to the caller */
    g_autoptr(GPtrArray) seen = g_ptr_array_new();
    GPtrArray *use =
        g_ptr_array_new_with_free_func((GDestroyNotify)qts_oracle_free);
    g_autofree char *list = g_strjoinv(", ", bins);
    g_autofree char *why = NULL;

    for (size_t i = 0; bins[i] != NULL; i++) {
        g_autoptr(GError) err = NULL;
        const QtsOracle *same;
        QtsOracle *o;

        if (!qts_is_executable(bins[i])) {
            printf("# %s: %s is not executable, skipped\n", test_name,
                   bins[i]);
            continue;
        }
        o = qts_oracle_probe(bins[i], &err);
        if (o == NULL) {
            printf("FAIL %s: cannot ask %s its version: %s\n", test_name,
                   bins[i], err->message);
            (*failures)++;
            continue;
        }
        same = qts_oracle_same(seen, o);
        g_ptr_array_add(seen, o);
        if (same != NULL) {
            printf("# qemu %s (%s): the same QEMU as %s, skipped\n",
                   o->version, o->binary, same->binary);
        } else if (!qts_release_modelled(o->release)) {
            printf("# qemu %s (%s): release %s not modelled yet, skipped\n",
                   o->version, o->binary, o->release);
        } else {
            g_ptr_array_add(use, o);
        }
    }
    for (guint i = 0; i < seen->len; i++) {
        if (!g_ptr_array_find(use, g_ptr_array_index(seen, i), NULL)) {
            qts_oracle_free(g_ptr_array_index(seen, i));
        }
    }
    if (use->len == 0 && *failures == 0) {
        why = g_strdup_printf("no QEMU of a release virtboard models "
                              "among %s", list);
        qts_skip_or_fail(why, "set QTEST_QEMU_BINARIES");
    }
    return use;
}

void qts_use_oracle(const QtsOracle *o)
{
    g_clear_pointer(&qts_oracle_binary, g_free);
    g_clear_pointer(&qts_oracle_release, g_free);
    if (o != NULL) {
        qts_oracle_binary = g_strdup(o->binary);
        qts_oracle_release = g_strdup(o->release);
    }
}

const char *qts_qemu_release(void)
{
    return qts_oracle_release;
}


/* ---- one-shot runs of the oracle in use ---- */

bool qts_run_qemu_timeout(const char *const *args, int timeout_s,
                          int *exit_status, char **stdout_text,
                          char **stderr_text, GError **errp)
{
    return qts_run_binary(qts_qemu_binary(), args, timeout_s, exit_status,
                          stdout_text, stderr_text, errp);
}

bool qts_run_qemu(const char *const *args, int *exit_status,
                  char **stdout_text, char **stderr_text, GError **errp)
{
    return qts_run_qemu_timeout(args, 0, exit_status, stdout_text,
                                stderr_text, errp);
}

/* ---- a software TPM ---- */

char *qts_swtpm_options(const char *sock)
{
    return g_strdup_printf("-chardev socket,id=chrtpm,path=%s "
                           "-tpmdev emulator,id=tpm0,chardev=chrtpm",
                           sock);
}

GPid qts_swtpm_start(const char *sock, const char *state_dir, GError **errp)
{
    g_autofree char *ctrl = g_strdup_printf("type=unixio,path=%s", sock);
    g_autofree char *state = g_strdup_printf("dir=%s", state_dir);
    const char *argv[] = { "swtpm", "socket", "--tpm2", "--tpmstate", state,
                           "--ctrl", ctrl, "--terminate", NULL };
    GPid pid;

    if (g_mkdir_with_parents(state_dir, 0700) != 0) {
        g_set_error(errp, G_FILE_ERROR, g_file_error_from_errno(errno),
                    "%s: %s", state_dir, g_strerror(errno));
        return 0;
    }
    g_unlink(sock);
    if (!g_spawn_async(NULL, (char **)argv, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                           G_SPAWN_STDOUT_TO_DEV_NULL |
                           G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, &pid, errp)) {
        return 0;
    }
    /* swtpm makes the socket once it listens; 10 s bound, 10 ms steps */
    for (int i = 0; i < 1000; i++) {
        int status;

        if (g_file_test(sock, G_FILE_TEST_EXISTS)) {
            return pid;
        }
        if (waitpid(pid, &status, WNOHANG) == pid) {
            g_set_error_literal(errp, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                                "swtpm exited before it listened");
            return 0;
        }
        g_usleep(10000);
    }
    qts_swtpm_stop(pid);
    g_set_error(errp, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                "swtpm did not listen on %s within 10 s", sock);
    return 0;
}

void qts_swtpm_stop(GPid pid)
{
    if (pid > 0) {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
        g_spawn_close_pid(pid);
    }
}
