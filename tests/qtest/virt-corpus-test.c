/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virt-corpus-test: the command lines real tools build, against QEMU.
 *
 * The corpus (tests/corpus/lines/NAME.argv, see tests/corpus/README.md)
 * holds command lines that lima, podman, minikube, UTM, kata and others
 * build for the virt board; libvirt's are generated on each run from
 * the domain XMLs of tests/corpus/libvirt/ with
 * "virsh -c qemu:///embed?root=DIR domxml-to-native qemu-argv" (when
 * virsh is installed). For every line and every QEMU oracle whose
 * release virtboard models:
 *
 *   1. QEMU runs the line with "-machine dumpdtb=F,dtb-randomness=off"
 *      appended, and so does the virtboard CLI (--qemu-version of the
 *      oracle, --no-default-machine: QEMU has no default machine); a
 *      release without dtb-randomness (5.2) gets dumpdtb alone, and its
 *      random kaslr-seed is zeroed in both blobs. Both must accept or
 *      both refuse; when both refuse, with the same message (QEMU's
 *      first stderr line without its program prefix, virtboard's
 *      without "virtboard: ").
 *   2. Both accept: the DTBs, decompiled with "dtc -s", must be equal.
 *   3. Both accept and the release's ACPI tables are modelled: QEMU runs
 *      the line under the qtest client (-S, -nodefaults, -accel tcg) and
 *      its etc/acpi/tables, linked, must equal virtboard's table by
 *      table.
 *
 * Expected results are never stored: QEMU is the oracle on every run.
 *
 * Rewrite rules. The lines are run on this host under TCG, so before
 * both sides see a line (the same rewritten argv goes to QEMU and to
 * virtboard):
 *
 *   - placeholders (@DISK@, @FW_CODE@, ...) become temporary files;
 *   - -accel kvm / -accel hvf (with their properties), -enable-kvm and
 *     --enable-kvm are dropped; "accel=kvm|hvf" in -machine becomes
 *     "accel=tcg". The issue's intent is the board as QEMU builds it
 *     for the line; KVM and HVF are modelled apart (--host-ipa-bits);
 *   - -cpu host[,props] becomes -cpu max[,props], gic-version=host
 *     becomes gic-version=max (the host's CPU and GIC under TCG);
 *   - host network backends (tap, socket, stream, vmnet-*, bridge) in
 *     -netdev and -nic become "user" with the same id, model and mac;
 *   - a hostfwd= rule's host port becomes 0 (one the kernel picks): two
 *     runs at a time (another clone's make check, a helper's test) must
 *     not fight over lima's 127.0.0.1:60022;
 *   - -daemonize is dropped, -display X becomes -display none, -vnc and
 *     -spice are dropped, spiceport/spicevmc chardevs become null ones
 *     and spice/coreaudio audiodevs "none" (display and host channels,
 *     not the board; the 10.0 oracle has no spice module);
 *   - -device usb-host (host USB passthrough) is dropped;
 *   - libvirt's lines: the master-key secret object (a file of the
 *     daemon) is dropped, host networks in JSON -netdev become
 *     "user,id=ID", and the directories of socket chardevs are made;
 *   - for the ACPI run, every accelerator choice and -display and
 *     -nographic are dropped: the qtest client adds its own; a chardev
 *     the line names char0 becomes corpus-char0 (the client's QMP
 *     chardev is char0).
 *
 * A line with "# needs: swtpm" gets a software TPM (swtpm socket --tpm2
 * --terminate on @DIR@/swtpm.sock) for each QEMU run; without swtpm the
 * line is skipped and named (a failure under CI=true).
 * tests/corpus/expected-fail lists, one per line, "NAME: reason" for
 * the lines virtboard does not handle yet: they are reported as XFAIL
 * with QEMU's and virtboard's answers, and a listed line that passes
 * everywhere is a failure (XPASS: take it off the list). "NAME [10.0
 * 11.1]: reason" expects the failure on those releases only: the line
 * must pass on the others and fail on each listed one (a pass there is
 * an XPASS failure). Without a
 * modelled QEMU, dtc or qemu-img the test is skipped (exit 77), except
 * under CI=true, where it fails.
 *
 * Usage: virt-corpus-test [SUBSTRING]   (only lines whose name matches)
 * Environment: VIRT_CORPUS_DIR (tests/corpus), VIRTBOARD (the CLI).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "hw/acpi/acpi-build.h"
#include "hw/arm/virt-acpi.h"
#include "hw/arm/virt-release.h"
#include "hw/arm/virt.h"
#include "libqtest-virt.h"
#include "test-util.h"

#define QEMU_TIMEOUT_S 120

typedef struct CorpusLine {
    char *name;
    char *origin;       /* the file, or the domain XML */
    char *needs;        /* "# needs:" or NULL */
    GPtrArray *args;    /* char *, without the program name */
} CorpusLine;

typedef struct TestEnv {
    char *dir;          /* private temporary directory */
    char *virtboard;
    GHashTable *tags;   /* "@DISK@" -> path */
    GHashTable *xfail;  /* name -> XFail */
} TestEnv;

typedef enum {
    RESULT_PASS,
    RESULT_FAIL,
    RESULT_SKIP,
} Result;

static void corpus_line_free(gpointer p)
{
    CorpusLine *l = p;

    g_free(l->name);
    g_free(l->origin);
    g_free(l->needs);
    g_ptr_array_unref(l->args);
    g_free(l);
}

static int skip_or_fail(const char *why)
{
    const char *ci = g_getenv("CI");

    if (ci != NULL && !strcmp(ci, "true")) {
        printf("virt-corpus-test: %s; required under CI=true\n", why);
        return 1;
    }
    printf("SKIP: virt-corpus-test: %s\n", why);
    return 77;
}

/* ---- the corpus ---- */

static CorpusLine *parse_line_file(const char *path, GError **errp)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    g_autofree char *base = g_path_get_basename(path);
    CorpusLine *l;
    bool header = true;

    if (!g_file_get_contents(path, &text, NULL, errp)) {
        return NULL;
    }
    l = g_new0(CorpusLine, 1);
    *strrchr(base, '.') = '\0';
    l->name = g_strdup(base);
    l->origin = g_strdup(path);
    l->args = g_ptr_array_new_with_free_func(g_free);
    lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        const char *s = lines[i];

        if (header && g_str_has_prefix(s, "# ")) {
            if (g_str_has_prefix(s, "# needs: ")) {
                l->needs = g_strdup(s + strlen("# needs: "));
            }
            continue;
        }
        header = false;
        if (*s == '\0' && lines[i + 1] == NULL) {
            break;      /* the final newline */
        }
        g_ptr_array_add(l->args, g_strdup(s));
    }
    return l;
}

static gint by_name(gconstpointer a, gconstpointer b)
{
    const CorpusLine *x = *(CorpusLine *const *)a;
    const CorpusLine *y = *(CorpusLine *const *)b;

    return strcmp(x->name, y->name);
}

static GPtrArray *load_corpus(const char *dir, GError **errp)
{
    g_autofree char *lines_dir = g_build_filename(dir, "lines", NULL);
    g_autoptr(GDir) d = g_dir_open(lines_dir, 0, errp);
    GPtrArray *all;
    const char *n;

    if (d == NULL) {
        return NULL;
    }
    all = g_ptr_array_new_with_free_func(corpus_line_free);
    while ((n = g_dir_read_name(d)) != NULL) {
        g_autofree char *p = NULL;
        CorpusLine *l;

        if (!g_str_has_suffix(n, ".argv")) {
            continue;
        }
        p = g_build_filename(lines_dir, n, NULL);
        l = parse_line_file(p, errp);
        if (l == NULL) {
            g_ptr_array_unref(all);
            return NULL;
        }
        g_ptr_array_add(all, l);
    }
    g_ptr_array_sort(all, by_name);
    return all;
}

/* One line of tests/corpus/expected-fail */
typedef struct XFail {
    char *reason;
    char **releases;    /* "NAME [10.0 11.1]: ...": only there; NULL: all */
} XFail;

static void xfail_free(gpointer p)
{
    XFail *x = p;

    g_free(x->reason);
    g_strfreev(x->releases);
    g_free(x);
}

/* Is @x expected to fail on @release? */
static bool xfail_applies(const XFail *x, const char *release)
{
    return x != NULL && (x->releases == NULL ||
                         g_strv_contains((const char *const *)x->releases,
                                         release));
}

static GHashTable *load_xfail(const char *dir)
{
    g_autofree char *p = g_build_filename(dir, "expected-fail", NULL);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                          xfail_free);

    if (!g_file_get_contents(p, &text, NULL, NULL)) {
        return h;
    }
    lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        char *colon = strchr(lines[i], ':');
        char *open = NULL;
        XFail *x;

        if (lines[i][0] == '#' || colon == NULL) {
            continue;
        }
        *colon = '\0';
        x = g_new0(XFail, 1);
        x->reason = g_strdup(g_strstrip(colon + 1));
        open = strchr(lines[i], '[');
        if (open != NULL && strchr(open, ']') != NULL) {
            *strchr(open, ']') = '\0';
            *open = '\0';
            x->releases = g_strsplit_set(g_strstrip(open + 1), " ,", -1);
        }
        g_hash_table_insert(h, g_strdup(g_strstrip(lines[i])), x);
    }
    return h;
}

/* ---- libvirt's lines, generated ---- */

/*
 * Run virsh domxml-to-native on every tests/corpus/libvirt/ *.xml
 * (embedded driver, no daemon) and add the argv it prints. FALSE with
 * @errp when virsh exists but fails; no virsh: nothing added, *@have
 * false.
 */
static bool add_libvirt_lines(const TestEnv *env, const char *dir,
                              GPtrArray *all, bool *have, GError **errp)
{
    g_autofree char *xml_dir = g_build_filename(dir, "libvirt", NULL);
    g_autofree char *virsh = g_find_program_in_path("virsh");
    g_autofree char *root = g_build_filename(env->dir, "libvirt", NULL);
    g_autofree char *uri = g_strdup_printf("qemu:///embed?root=%s", root);
    g_autoptr(GDir) d = NULL;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *n;

    *have = virsh != NULL;
    if (virsh == NULL) {
        return true;
    }
    d = g_dir_open(xml_dir, 0, errp);
    if (d == NULL) {
        return false;
    }
    while ((n = g_dir_read_name(d)) != NULL) {
        if (g_str_has_suffix(n, ".xml")) {
            g_ptr_array_add(names, g_strdup(n));
        }
    }
    g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
    for (guint i = 0; i < names->len; i++) {
        const char *xml_name = g_ptr_array_index(names, i);
        g_autofree char *xml = g_build_filename(xml_dir, xml_name, NULL);
        const char *argv[] = { virsh, "-q", "-c", uri, "domxml-to-native",
                               "qemu-argv", xml, NULL };
        g_autofree char *out = NULL;
        g_autofree char *err = NULL;
        g_auto(GStrv) words = NULL;
        int status;
        CorpusLine *l;
        guint w = 0;

        if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL,
                          NULL, &out, &err, &status, errp)) {
            return false;
        }
        if (!g_spawn_check_wait_status(status, NULL)) {
            g_set_error(errp, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                        "virsh domxml-to-native %s: %s", xml_name, err);
            return false;
        }
        if (!g_shell_parse_argv(out, NULL, &words, errp)) {
            return false;
        }
        /* VAR=value environment words, then the emulator */
        while (words[w] != NULL && strchr(words[w], '=') != NULL &&
               words[w][0] != '-') {
            w++;
        }
        if (words[w] == NULL) {
            g_set_error(errp, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                        "virsh domxml-to-native %s: no emulator in '%s'",
                        xml_name, out);
            return false;
        }
        l = g_new0(CorpusLine, 1);
        l->name = g_strdup_printf("libvirt-%.*s",
                                  (int)(strlen(xml_name) - 4), xml_name);
        l->origin = g_strdup(xml);
        l->args = g_ptr_array_new_with_free_func(g_free);
        for (w++; words[w] != NULL; w++) {
            g_ptr_array_add(l->args, g_strdup(words[w]));
        }
        g_ptr_array_add(all, l);
    }
    return true;
}

/* ---- the rewrite rules (see the top of the file) ---- */

static char *replace_all(const char *s, const char *what, const char *with)
{
    g_auto(GStrv) parts = g_strsplit(s, what, -1);

    return g_strjoinv(with, parts);
}

static char *expand(const TestEnv *env, const char *arg)
{
    GHashTableIter it;
    gpointer k, v;
    char *s = g_strdup(arg);

    g_hash_table_iter_init(&it, env->tags);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        if (strstr(s, k) != NULL) {
            char *r = replace_all(s, k, v);

            g_free(s);
            s = r;
        }
    }
    return s;
}

static bool is_hw_accel(const char *name, size_t len)
{
    return (len == 3 && !strncmp(name, "kvm", 3)) ||
           (len == 3 && !strncmp(name, "hvf", 3));
}

/* "kvm,tso=on" -> is it KVM or HVF? */
static bool accel_is_hw(const char *val)
{
    return is_hw_accel(val, strcspn(val, ",:"));
}

/* the value of key @key in a "type,key=value,..." string, or NULL */
static char *opt_value(const char *val, const char *key)
{
    g_auto(GStrv) toks = g_strsplit(val, ",", -1);
    size_t n = strlen(key);

    for (guint i = 0; toks[i] != NULL; i++) {
        if (!strncmp(toks[i], key, n) && toks[i][n] == '=') {
            return g_strdup(toks[i] + n + 1);
        }
    }
    return NULL;
}

static char *rewrite_machine(const char *val, bool acpi_run)
{
    g_auto(GStrv) toks = g_strsplit(val, ",", -1);
    g_autoptr(GPtrArray) out = g_ptr_array_new();
    g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; toks[i] != NULL; i++) {
        const char *t = toks[i];

        if (g_str_has_prefix(t, "accel=")) {
            if (acpi_run) {
                continue;
            }
            if (accel_is_hw(t + strlen("accel="))) {
                t = "accel=tcg";
            }
        } else if (!strcmp(t, "gic-version=host") ||
                   !strcmp(t, "gic_version=host")) {
            char *m = replace_all(t, "=host", "=max");

            g_ptr_array_add(own, m);
            t = m;
        }
        g_ptr_array_add(out, (gpointer)t);
    }
    g_ptr_array_add(out, NULL);
    return g_strjoinv(",", (char **)out->pdata);
}

static bool is_host_net(const char *val)
{
    static const char *const types[] = {
        "tap", "socket", "stream", "dgram", "vmnet-shared", "vmnet-host",
        "vmnet-bridged", "bridge", "vhost-user", "vde", "l2tpv3",
    };
    size_t n = strcspn(val, ",");

    for (size_t i = 0; i < G_N_ELEMENTS(types); i++) {
        if (strlen(types[i]) == n && !strncmp(val, types[i], n)) {
            return true;
        }
    }
    return false;
}

/* hostfwd=PROTO:ADDR:PORT-GUEST:GPORT: the host PORT becomes 0 */
static char *free_hostfwd(const char *val)
{
    g_auto(GStrv) parts = g_strsplit(val, ",", -1);

    for (guint i = 0; parts[i] != NULL; i++) {
        char *p = parts[i];
        const char *dash = strchr(p, '-');
        const char *colon = NULL;

        if (!g_str_has_prefix(p, "hostfwd=") || dash == NULL) {
            continue;
        }
        for (const char *c = p; c < dash; c++) {
            if (*c == ':') {
                colon = c;
            }
        }
        if (colon != NULL) {
            char *r = g_strdup_printf("%.*s0%s", (int)(colon + 1 - p), p,
                                      dash);

            g_free(parts[i]);
            parts[i] = r;
        }
    }
    return g_strjoinv(",", parts);
}

static char *user_net(const char *val, const char *const *keep)
{
    GString *s = g_string_new("user");

    for (guint i = 0; keep[i] != NULL; i++) {
        g_autofree char *v = opt_value(val, keep[i]);

        if (v != NULL) {
            g_string_append_printf(s, ",%s=%s", keep[i], v);
        }
    }
    return g_string_free(s, FALSE);
}

/* the string value of "key" in a flat JSON object, or NULL */
static char *json_value(const char *json, const char *key)
{
    g_autofree char *pat = g_strdup_printf("\"%s\":\"", key);
    const char *p = strstr(json, pat);
    const char *end;

    if (p == NULL) {
        return NULL;
    }
    p += strlen(pat);
    end = strchr(p, '"');
    return end != NULL ? g_strndup(p, end - p) : NULL;
}

/* -netdev '{"type":"tap","fd":"5","id":"hostnet0"}' (libvirt) */
static bool is_host_net_json(const char *val)
{
    g_autofree char *type = NULL;

    if (val[0] != '{') {
        return false;
    }
    type = json_value(val, "type");
    return type != NULL && is_host_net(type);
}

/* libvirt's master key: a secret object reading a file of its daemon */
static bool is_secret_object(const char *val)
{
    g_autofree char *type = val[0] == '{' ? json_value(val, "qom-type")
                                          : g_strndup(val, strcspn(val, ","));

    return type != NULL && !strcmp(type, "secret");
}

/* a socket chardev's directory must exist (libvirt's domain directory) */
static void make_socket_dir(const char *val)
{
    g_autofree char *path = opt_value(val, "path");
    g_autofree char *dir = NULL;

    if (path == NULL || !g_str_has_prefix(val, "socket,")) {
        return;
    }
    dir = g_path_get_dirname(path);
    g_mkdir_with_parents(dir, 0700);
}

/* QEMU options that take no argument (the ones the corpus uses and kin) */
static bool is_flag_option(const char *opt)
{
    static const char *const flags[] = {
        "-S", "-s", "-nographic", "-daemonize", "-enable-kvm", "-snapshot",
        "-no-reboot", "-no-shutdown", "-nodefaults", "-no-user-config",
        "-no-acpi", "-no-hpet", "-usb", "-full-screen", "-only-migratable",
        "-preconfig", "-no-fd-bootchk", "-win2k-hack", "-old-param",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
        if (!strcmp(opt, flags[i])) {
            return true;
        }
    }
    return false;
}

/*
 * The qtest client names its QMP chardev "char0": in the ACPI run a
 * line's own char0 (multipass) becomes corpus-char0, with its users
 */
static char *rename_char0(const char *val)
{
    static const char *const keys[] = { "id", "chardev" };
    g_auto(GStrv) toks = NULL;

    if (!strcmp(val, "chardev:char0")) {
        return g_strdup("chardev:corpus-char0");
    }
    toks = g_strsplit(val, ",", -1);
    for (guint i = 0; toks[i] != NULL; i++) {
        for (size_t k = 0; k < G_N_ELEMENTS(keys); k++) {
            g_autofree char *old = g_strdup_printf("%s=char0", keys[k]);

            if (!strcmp(toks[i], old)) {
                g_free(toks[i]);
                toks[i] = g_strdup_printf("%s=corpus-char0", keys[k]);
            }
        }
    }
    return g_strjoinv(",", toks);
}

/* the rewritten argv of @l (see the top of the file); owned strings */
static GPtrArray *rewrite(const TestEnv *env, const CorpusLine *l,
                          bool acpi_run)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    guint n = l->args->len;

    for (guint i = 0; i < n; i++) {
        g_autofree char *a = expand(env, g_ptr_array_index(l->args, i));
        g_autofree char *v = i + 1 < n ?
            expand(env, g_ptr_array_index(l->args, i + 1)) : NULL;
        const char *opt = a[0] == '-' && a[1] == '-' ? a + 1 : a;

        if (!strcmp(opt, "-daemonize") || !strcmp(opt, "-enable-kvm") ||
            (acpi_run && !strcmp(opt, "-nographic"))) {
            continue;
        }
        if (v == NULL || a[0] != '-' || is_flag_option(opt)) {
            g_ptr_array_add(out, g_steal_pointer(&a));
            continue;
        }
        if (acpi_run) {
            char *r = rename_char0(v);

            g_free(v);
            v = r;
        }
        if (!strcmp(opt, "-accel")) {
            if (!acpi_run && !accel_is_hw(v)) {
                g_ptr_array_add(out, g_steal_pointer(&a));
                g_ptr_array_add(out, g_steal_pointer(&v));
            }
            i++;
            continue;
        }
        if ((!strcmp(opt, "-object") && is_secret_object(v)) ||
            (!strcmp(opt, "-device") && g_str_has_prefix(v, "usb-host,"))) {
            i++;
            continue;
        }
        if (!strcmp(opt, "-chardev")) {
            make_socket_dir(v);
        }
        if (!strcmp(opt, "-vnc") || !strcmp(opt, "-spice") ||
            (acpi_run && !strcmp(opt, "-display"))) {
            i++;
            continue;
        }
        g_ptr_array_add(out, g_steal_pointer(&a));
        if (!strcmp(opt, "-M") || !strcmp(opt, "-machine")) {
            g_ptr_array_add(out, rewrite_machine(v, acpi_run));
        } else if (!strcmp(opt, "-cpu") && g_str_has_prefix(v, "host") &&
                   (v[4] == '\0' || v[4] == ',')) {
            g_ptr_array_add(out, g_strconcat("max", v + 4, NULL));
        } else if (!strcmp(opt, "-netdev") && is_host_net(v)) {
            static const char *const keep[] = { "id", NULL };

            g_ptr_array_add(out, user_net(v, keep));
        } else if (!strcmp(opt, "-netdev") && is_host_net_json(v)) {
            g_autofree char *id = json_value(v, "id");

            g_ptr_array_add(out, g_strdup_printf("user,id=%s", id));
        } else if (!strcmp(opt, "-nic") && is_host_net(v)) {
            static const char *const keep[] = { "model", "mac", NULL };

            g_ptr_array_add(out, user_net(v, keep));
        } else if ((!strcmp(opt, "-netdev") || !strcmp(opt, "-nic")) &&
                   strstr(v, "hostfwd=") != NULL) {
            g_ptr_array_add(out, free_hostfwd(v));
        } else if (!strcmp(opt, "-display")) {
            g_ptr_array_add(out, g_strdup("none"));
        } else if (!strcmp(opt, "-chardev") &&
                   (g_str_has_prefix(v, "spiceport,") ||
                    g_str_has_prefix(v, "spicevmc,"))) {
            g_autofree char *id = opt_value(v, "id");

            g_ptr_array_add(out, g_strdup_printf("null,id=%s", id));
        } else if (!strcmp(opt, "-audiodev") &&
                   (g_str_has_prefix(v, "spice,") ||
                    g_str_has_prefix(v, "coreaudio,"))) {
            g_autofree char *id = opt_value(v, "id");

            g_ptr_array_add(out, g_strdup_printf("none,id=%s", id));
        } else {
            g_ptr_array_add(out, g_steal_pointer(&v));
        }
        i++;
    }
    return out;
}

/* ---- running both sides ---- */

static char *first_line(const char *text)
{
    const char *t = text != NULL ? text : "";

    return g_strndup(t, strcspn(t, "\n"));
}

/*
 * Lines of QEMU's stderr that are not its error: warnings, the image
 * format probe notice, and the oracles' module noise (a module of the
 * host's QEMU build that another build declines to load)
 */
static bool is_noise(const char *line)
{
    static const char *const parts[] = {
        "warning: ", "WARNING: ", "info: ", "Automatically detecting the",
        "Specify the 'raw' format", "failed to initialize module: ",
        "Only modules from the same build",
    };

    if (*line == '\0' || g_ascii_isspace(*line)) {
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(parts); i++) {
        if (strstr(line, parts[i]) != NULL) {
            return true;
        }
    }
    return false;
}

/*
 * QEMU's error: its first stderr line that is not noise, without the
 * "-msg timestamp=on" time stamp and the "<program>: " prefix
 */
static char *qemu_message(const char *stderr_text)
{
    g_auto(GStrv) all = g_strsplit(stderr_text != NULL ? stderr_text : "",
                                   "\n", -1);
    char *line = NULL;

    for (guint i = 0; all[i] != NULL && line == NULL; i++) {
        if (!is_noise(all[i])) {
            const char *t = all[i];

            /* 2026-11-30T07:41:50.681712Z (libvirt's -msg timestamp=on) */
            if (strlen(t) > 28 && t[4] == '-' && t[10] == 'T' &&
                t[26] == 'Z' && t[27] == ' ') {
                t += 28;
            }
            line = g_strdup(t);
        }
    }
    if (line == NULL) {
        line = g_strdup("");
    }
    const char *const prefix = "qemu-system-aarch64: ";
    g_autofree char *prog = g_path_get_basename(qts_qemu_binary());
    g_autofree char *own = g_strdup_printf("%s: ", prog);
    const char *const prefixes[] = { prefix, own };

    for (size_t i = 0; i < G_N_ELEMENTS(prefixes); i++) {
        size_t n = strlen(prefixes[i]);

        if (g_str_has_prefix(line, prefixes[i])) {
            memmove(line, line + n, strlen(line) - n + 1);
            break;
        }
    }
    return line;
}

static char *virtboard_message(const char *stderr_text)
{
    char *line = first_line(stderr_text);
    size_t n = strlen("virtboard: ");

    if (g_str_has_prefix(line, "virtboard: ")) {
        memmove(line, line + n, strlen(line) - n + 1);
    }
    return line;
}

/*
 * "dumpdtb=@dtb,dtb-randomness=off", without the property for a release
 * that lacks it (5.2: its kaslr-seed is zeroed on both sides instead)
 */
static char *dumpdtb_option(const char *dtb)
{
    return g_strdup_printf("dumpdtb=%s%s", dtb,
                           test_release_has_dtb_randomness(qts_qemu_release())
                               ? ",dtb-randomness=off"
                               : "");
}

static bool run_virtboard(const TestEnv *env, GPtrArray *args,
                          const char *dtb, int *status, char **err_text,
                          GError **errp)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *m = dumpdtb_option(dtb);

    g_ptr_array_add(argv, g_strdup(env->virtboard));
    g_ptr_array_add(argv, g_strdup("--qemu-version"));
    g_ptr_array_add(argv, g_strdup(qts_qemu_release()));
    /* as QEMU: a line without a machine type is refused */
    g_ptr_array_add(argv, g_strdup("--no-default-machine"));
    for (guint i = 0; i < args->len; i++) {
        g_ptr_array_add(argv, g_strdup(g_ptr_array_index(args, i)));
    }
    g_ptr_array_add(argv, g_strdup("-machine"));
    g_ptr_array_add(argv, g_strdup(m));
    g_ptr_array_add(argv, NULL);
    return g_spawn_sync(NULL, (char **)argv->pdata, NULL,
                        G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                        err_text, status, errp);
}

static char *decompile(const char *dtb, GString *why)
{
    const char *argv[] = { "dtc", "-q", "-s", "-I", "dtb", "-O", "dts",
                           dtb, NULL };
    g_autofree char *err = NULL;
    g_autoptr(GError) e = NULL;
    char *out = NULL;
    int status;

    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL,
                      NULL, &out, &err, &status, &e) ||
        !g_spawn_check_wait_status(status, NULL)) {
        g_string_append_printf(why, " dtc %s: %s;", dtb,
                               e != NULL ? e->message : err);
        g_free(out);
        return NULL;
    }
    return out;
}

/* the first 40 lines of "diff -u" of the two DTS texts, onto @why */
static void show_diff(const TestEnv *env, const char *a, const char *b,
                      GString *why)
{
    g_autofree char *pa = g_build_filename(env->dir, "qemu.dts", NULL);
    g_autofree char *pb = g_build_filename(env->dir, "virtboard.dts", NULL);
    const char *argv[] = { "diff", "-u", pa, pb, NULL };
    g_autofree char *out = NULL;
    g_auto(GStrv) lines = NULL;

    if (!g_file_set_contents(pa, a, -1, NULL) ||
        !g_file_set_contents(pb, b, -1, NULL) ||
        !g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL,
                      NULL, &out, NULL, NULL, NULL)) {
        return;
    }
    lines = g_strsplit(out, "\n", -1);
    for (guint i = 0; lines[i] != NULL && i < 40; i++) {
        g_string_append_printf(why, "\n     | %s", lines[i]);
    }
}

/*
 * "# needs: swtpm": a software TPM on @DIR@/swtpm.sock for one QEMU run
 * (the line's -chardev socket,path=@DIR@/swtpm.sock). 0 when the line
 * needs nothing; -1 with @why on failure.
 */
static GPid start_service(const TestEnv *env, const CorpusLine *l,
                          GString *why)
{
    const char *dir = g_hash_table_lookup(env->tags, "@DIR@");
    g_autofree char *sock = g_build_filename(dir, "swtpm.sock", NULL);
    g_autofree char *ctrl = g_strdup_printf("type=unixio,path=%s", sock);
    g_autofree char *state = g_build_filename(env->dir, "tpm", NULL);
    g_autofree char *state_opt = g_strdup_printf("dir=%s", state);
    const char *argv[] = { "swtpm", "socket", "--tpm2", "--tpmstate",
                           state_opt, "--ctrl", ctrl, "--terminate", NULL };
    g_autoptr(GError) err = NULL;
    GPid pid;

    if (l->needs == NULL) {
        return 0;
    }
    g_mkdir_with_parents(state, 0700);
    g_unlink(sock);
    if (!g_spawn_async(NULL, (char **)argv, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                       G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, &pid, &err)) {
        g_string_append_printf(why, " starting swtpm: %s;", err->message);
        return -1;
    }
    /* swtpm creates the socket once it listens: wait for it, bounded */
    for (int i = 0; i < 1000 && !g_file_test(sock, G_FILE_TEST_EXISTS); i++) {
        if (waitpid(pid, NULL, WNOHANG) == pid) {
            g_string_append(why, " swtpm exited at start;");
            g_spawn_close_pid(pid);
            return -1;
        }
        g_usleep(10000);
    }
    if (!g_file_test(sock, G_FILE_TEST_EXISTS)) {
        g_string_append(why, " swtpm did not listen within 10 s;");
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        g_spawn_close_pid(pid);
        return -1;
    }
    return pid;
}

static void stop_service(GPid pid)
{
    if (pid > 0) {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
        g_spawn_close_pid(pid);
    }
}

/* The ACPI tables of both, linked and compared table by table */
static bool check_acpi(const TestEnv *env, const CorpusLine *l,
                       GString *why, GString *what)
{
    g_autoptr(GPtrArray) args = rewrite(env, l, true);
    g_auto(VirtOptions) opts = { 0 };
    g_auto(VirtAcpiBlobs) q = { 0 };
    g_auto(VirtAcpiBlobs) o = { 0 };
    g_autoptr(GError) err = NULL;
    g_autoptr(QTestState) qts = NULL;
    g_autoptr(GPtrArray) qt = NULL;
    g_autoptr(GPtrArray) ot = NULL;
    VirtMachineState vms;
    bool ok = true;

    GPid svc;

    g_ptr_array_add(args, NULL);
    memset(&vms, 0, sizeof(vms));
    virt_options_init(&opts);
    svc = start_service(env, l, why);
    if (svc < 0) {
        return false;
    }
    qts = qts_start((const char *const *)args->pdata, &err);
    if (qts == NULL) {
        stop_service(svc);
        g_string_append_printf(why, " ACPI run: QEMU: %s;", err->message);
        return false;
    }
    ok = qfw_cfg_read_acpi(qts, &q, &err);
    qts_quit(g_steal_pointer(&qts));
    stop_service(svc);
    if (!ok) {
        g_string_append_printf(why, " ACPI run: fw_cfg: %s;", err->message);
        return false;
    }
    if (!test_virtboard_init_release(qts_qemu_release(),
                                     (const char *const *)args->pdata,
                                     &opts, &vms, &err)) {
        g_string_append_printf(why, " ACPI: virtboard refuses: %s;",
                               err->message);
        return false;
    }
    if (q.tables != NULL && !virt_acpi_build(&vms, &o, &err)) {
        /*
         * 11.1's DSDT lists the PCI devices, which virtboard refuses by
         * name (docs/devel/acpi.md): the one refusal that is not a
         * failure, as for a release whose tables are not modelled
         */
        if (vms.pci_devices && vms.release->acpi_pci_bus_devices &&
            g_error_matches(err, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED)) {
            g_string_append_printf(what, ", ACPI not compared (PCI "
                                   "devices on %s, refused by name)",
                                   vms.release->name);
            return true;
        }
        g_string_append_printf(why, " ACPI: virtboard refuses: %s;",
                               err->message);
        return false;
    }
    if (q.tables == NULL) {
        g_string_append(what, ", no ACPI (as QEMU)");
        return true;
    }
    qt = virt_acpi_link_blobs(&q, VIRT_ACPI_DEFAULT_BASE, &err);
    if (qt != NULL) {
        ot = virt_acpi_link_blobs(&o, VIRT_ACPI_DEFAULT_BASE, &err);
    }
    if (ot == NULL) {
        g_string_append_printf(why, " ACPI: linking: %s;", err->message);
        return false;
    }
    if (qt->len != ot->len) {
        g_string_append_printf(why, " ACPI: %u tables, virtboard %u;",
                               qt->len, ot->len);
        return false;
    }
    for (guint i = 0; i < qt->len; i++) {
        const AcpiLinkedTable *a = g_ptr_array_index(qt, i);
        const AcpiLinkedTable *b = g_ptr_array_index(ot, i);

        if (strcmp(a->sig, b->sig) != 0 || !g_bytes_equal(a->bytes, b->bytes)) {
            g_string_append_printf(why, " ACPI %s differs (virtboard: %s);",
                                   a->sig, b->sig);
            ok = false;
        }
    }
    if (ok) {
        g_string_append_printf(what, ", ACPI equal (%u tables)", qt->len);
    }
    return ok;
}

static Result run_line(const TestEnv *env, const CorpusLine *l,
                       GString *why, GString *what)
{
    g_autoptr(GPtrArray) args = rewrite(env, l, false);
    g_autoptr(GPtrArray) qargs = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *qdtb = g_build_filename(env->dir, "qemu.dtb", NULL);
    g_autofree char *vdtb = g_build_filename(env->dir, "virtboard.dtb",
                                             NULL);
    g_autofree char *m = dumpdtb_option(qdtb);
    g_autofree char *qerr = NULL;
    g_autofree char *verr = NULL;
    g_autofree char *qdts = NULL;
    g_autofree char *vdts = NULL;
    g_autoptr(GError) err = NULL;
    const VirtRelease *rel = virt_release_find(qts_qemu_release());
    int qstatus = -1;
    int vstatus = -1;
    GPid svc;
    bool qok;
    bool vok;

    g_unlink(qdtb);
    g_unlink(vdtb);
    for (guint i = 0; i < args->len; i++) {
        g_ptr_array_add(qargs, g_strdup(g_ptr_array_index(args, i)));
    }
    g_ptr_array_add(qargs, g_strdup("-machine"));
    g_ptr_array_add(qargs, g_strdup(m));
    g_ptr_array_add(qargs, NULL);
    svc = start_service(env, l, why);
    if (svc < 0) {
        return RESULT_FAIL;
    }
    qok = qts_run_qemu_timeout((const char *const *)qargs->pdata,
                               QEMU_TIMEOUT_S, &qstatus, NULL, &qerr, &err);
    stop_service(svc);
    if (!qok) {
        g_string_append_printf(why, " running QEMU: %s;", err->message);
        return RESULT_FAIL;
    }
    if (!run_virtboard(env, args, vdtb, &vstatus, &verr, &err)) {
        g_string_append_printf(why, " running virtboard: %s;", err->message);
        return RESULT_FAIL;
    }
    qok = qstatus == 0 && g_file_test(qdtb, G_FILE_TEST_EXISTS);
    vok = g_spawn_check_wait_status(vstatus, NULL);
    if (!qok && !vok) {
        g_autofree char *qm = qemu_message(qerr);
        g_autofree char *vm = virtboard_message(verr);

        if (strcmp(qm, vm) != 0) {
            g_string_append_printf(why, " both refuse, QEMU: \"%s\", "
                                   "virtboard: \"%s\";", qm, vm);
            return RESULT_FAIL;
        }
        g_string_append_printf(what, "refused as QEMU: \"%s\"", qm);
        return RESULT_PASS;
    }
    if (!qok) {
        g_autofree char *qm = qemu_message(qerr);

        g_string_append_printf(why, " QEMU refuses: \"%s\", virtboard "
                               "accepts;", qm);
        return RESULT_FAIL;
    }
    if (!vok) {
        g_autofree char *vm = virtboard_message(verr);

        g_string_append_printf(why, " QEMU accepts, virtboard refuses: "
                               "\"%s\";", vm);
        return RESULT_FAIL;
    }
    if (!test_release_has_dtb_randomness(qts_qemu_release())) {
        g_autoptr(GString) qnodes = g_string_new(NULL);
        g_autoptr(GString) vnodes = g_string_new(NULL);
        g_autoptr(GString) log = g_string_new(NULL);

        if (!test_dtb_zero_kaslr_seed(qdtb, qnodes, log) ||
            !test_dtb_zero_kaslr_seed(vdtb, vnodes, log)) {
            g_string_append_printf(why, "%s;", g_strchomp(log->str));
            return RESULT_FAIL;
        }
        if (strcmp(qnodes->str, vnodes->str) != 0) {
            g_string_append_printf(why, " kaslr-seed in %s(QEMU), in "
                                   "%s(virtboard);", qnodes->str,
                                   vnodes->str);
            return RESULT_FAIL;
        }
    }
    qdts = decompile(qdtb, why);
    vdts = decompile(vdtb, why);
    if (qdts == NULL || vdts == NULL) {
        return RESULT_FAIL;
    }
    if (strcmp(qdts, vdts) != 0) {
        g_string_append(why, " the DTBs differ:");
        show_diff(env, qdts, vdts, why);
        return RESULT_FAIL;
    }
    g_string_append(what, "accepted, DTB equal");
    if (rel != NULL && rel->acpi_modelled && !check_acpi(env, l, why, what)) {
        return RESULT_FAIL;
    }
    return RESULT_PASS;
}

/* ---- the environment ---- */

static bool make_sparse(const char *path, goffset size, GError **errp)
{
    FILE *f = fopen(path, "w");

    if (f == NULL || ftruncate(fileno(f), size) != 0) {
        g_set_error(errp, G_FILE_ERROR, g_file_error_from_errno(errno),
                    "%s: %s", path, g_strerror(errno));
        if (f != NULL) {
            fclose(f);
        }
        return false;
    }
    fclose(f);
    return true;
}

static bool env_init(TestEnv *env, GError **errp)
{
    static const struct {
        const char *tag;
        const char *file;
        goffset size;
    } files[] = {
        { "@FW_CODE@", "fw-code.fd", 64 * 1024 * 1024 },
        { "@FW_VARS@", "fw-vars.fd", 64 * 1024 * 1024 },
        { "@BIOS@", "bios.fd", 2 * 1024 * 1024 },
        { "@DISK@", "disk.raw", 16 * 1024 * 1024 },
        { "@DISK2@", "disk2.raw", 16 * 1024 * 1024 },
        { "@ISO@", "cidata.iso", 1024 * 1024 },
        { "@FILE@", "ignition.json", 4096 },
        { "@KERNEL@", "Image", 1024 * 1024 },
        { "@INITRD@", "initrd.img", 64 * 1024 },
    };
    g_autofree char *qcow2 = NULL;
    g_autofree char *share = NULL;
    int status;

    env->dir = g_dir_make_tmp("virt-corpus-XXXXXX", errp);
    if (env->dir == NULL) {
        return false;
    }
    env->tags = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        char *p = g_build_filename(env->dir, files[i].file, NULL);

        g_hash_table_insert(env->tags, (gpointer)files[i].tag, p);
        if (!make_sparse(p, files[i].size, errp)) {
            return false;
        }
    }
    share = g_build_filename(env->dir, "share", NULL);
    if (g_mkdir(share, 0700) != 0) {
        g_set_error(errp, G_FILE_ERROR, g_file_error_from_errno(errno),
                    "%s: %s", share, g_strerror(errno));
        return false;
    }
    g_hash_table_insert(env->tags, (gpointer)"@DIR@", g_steal_pointer(&share));
    qcow2 = g_build_filename(env->dir, "disk.qcow2", NULL);
    {
        const char *argv[] = { "qemu-img", "create", "-q", "-f", "qcow2",
                               qcow2, "64M", NULL };

        if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH,
                          NULL, NULL, NULL, NULL, &status, errp) ||
            !g_spawn_check_wait_status(status, errp)) {
            return false;
        }
    }
    g_hash_table_insert(env->tags, (gpointer)"@QCOW2@",
                        g_steal_pointer(&qcow2));
    return true;
}

static void env_clear(TestEnv *env)
{
    if (env->dir != NULL) {
        test_rm_rf(env->dir);
    }
    g_free(env->dir);
    g_free(env->virtboard);
    if (env->tags != NULL) {
        g_hash_table_unref(env->tags);
    }
    if (env->xfail != NULL) {
        g_hash_table_unref(env->xfail);
    }
}

/* ---- main ---- */

typedef struct LineTally {
    unsigned failed;        /* releases where the line failed */
    unsigned passed;
} LineTally;

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL;
    const char *corpus_dir = g_getenv("VIRT_CORPUS_DIR");
    g_autoptr(GPtrArray) oracles = NULL;
    g_autoptr(GPtrArray) lines = NULL;
    g_autoptr(GError) err = NULL;
    g_autofree char *dtc = g_find_program_in_path("dtc");
    g_autofree char *qemu_img = g_find_program_in_path("qemu-img");
    g_autofree char *swtpm = g_find_program_in_path("swtpm");
    const char *ci = g_getenv("CI");
    g_autofree LineTally *tally = NULL;
    TestEnv env = { 0 };
    unsigned passed = 0, failed = 0, xfailed = 0, skipped = 0;
    bool have_virsh = false;
    int rc = EXIT_SUCCESS;

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (corpus_dir == NULL) {
        printf("virt-corpus-test: VIRT_CORPUS_DIR is not set\n");
        return EXIT_FAILURE;
    }
    if (dtc == NULL) {
        return skip_or_fail("dtc not found");
    }
    if (qemu_img == NULL) {
        return skip_or_fail("qemu-img not found (package qemu-utils)");
    }
    if (g_getenv("VIRTBOARD") == NULL) {
        printf("virt-corpus-test: VIRTBOARD (the CLI) is not set\n");
        return EXIT_FAILURE;
    }
    oracles = qts_require_oracles("virt-corpus-test", &failed);
    env.virtboard = g_strdup(g_getenv("VIRTBOARD"));
    if (!env_init(&env, &err)) {
        printf("virt-corpus-test: cannot prepare the host files: %s\n",
               err->message);
        env_clear(&env);
        return EXIT_FAILURE;
    }
    env.xfail = load_xfail(corpus_dir);
    lines = load_corpus(corpus_dir, &err);
    if (lines == NULL ||
        !add_libvirt_lines(&env, corpus_dir, lines, &have_virsh, &err)) {
        printf("virt-corpus-test: %s\n", err->message);
        env_clear(&env);
        return EXIT_FAILURE;
    }
    if (!have_virsh) {
        printf("# virsh not found (libvirt-clients, "
               "libvirt-daemon-driver-qemu): libvirt's lines not run\n");
        if (ci != NULL && !strcmp(ci, "true")) {
            failed++;
        }
    }
    tally = g_new0(LineTally, lines->len);
    for (guint k = 0; k < oracles->len; k++) {
        const QtsOracle *o = g_ptr_array_index(oracles, k);

        qts_use_oracle(o);
        printf("# virt-corpus-test: %u command lines against qemu %s "
               "(%s)\n", lines->len, o->version, o->binary);
        for (guint i = 0; i < lines->len; i++) {
            const CorpusLine *l = g_ptr_array_index(lines, i);
            g_autoptr(GString) why = g_string_new(NULL);
            g_autoptr(GString) what = g_string_new(NULL);
            const XFail *x = g_hash_table_lookup(env.xfail, l->name);
            /* listed for this release, or for every release */
            const char *xf = xfail_applies(x, o->release) ? x->reason : NULL;
            Result r;

            if (only != NULL && strstr(l->name, only) == NULL) {
                continue;
            }
            if (l->needs != NULL && (strcmp(l->needs, "swtpm") != 0 ||
                                     swtpm == NULL)) {
                printf("SKIP %s (%s): needs %s, not found\n", l->name,
                       o->release, l->needs);
                skipped++;
                if (ci != NULL && !strcmp(ci, "true")) {
                    failed++;
                }
                continue;
            }
            r = run_line(&env, l, why, what);
            if (r == RESULT_PASS && xf != NULL && x->releases != NULL) {
                /* listed for this very release: it must fail here */
                failed++;
                printf("XPASS %s (%s): %s; listed for %s in "
                       "tests/corpus/expected-fail: take the release off "
                       "the list\n", l->name, o->release, what->str,
                       o->release);
            } else if (r == RESULT_PASS) {
                tally[i].passed++;
                printf("PASS %s (%s): %s\n", l->name, o->release, what->str);
            } else if (xf != NULL) {
                tally[i].failed++;
                xfailed++;
                printf("XFAIL %s (%s):%s [expected-fail: %s]\n", l->name,
                       o->release, why->str, xf);
            } else {
                tally[i].failed++;
                failed++;
                printf("FAIL %s (%s):%s\n     from: %s\n", l->name,
                       o->release, why->str, l->origin);
            }
        }
    }
    qts_use_oracle(NULL);
    for (guint i = 0; i < lines->len; i++) {
        const CorpusLine *l = g_ptr_array_index(lines, i);

        const XFail *x = g_hash_table_lookup(env.xfail, l->name);

        /* a line listed for every release must fail somewhere */
        if (tally[i].passed > 0 && tally[i].failed == 0 && x != NULL &&
            x->releases == NULL) {
            printf("XPASS %s: listed in tests/corpus/expected-fail but "
                   "passes; take it off the list\n", l->name);
            failed++;
        }
        if (tally[i].passed > 0 && tally[i].failed == 0) {
            passed++;
        }
    }
    printf("%u lines passed on every release, %u expected failures, "
           "%u skipped, %u failed\n", passed, xfailed, skipped, failed);
    if (failed > 0) {
        rc = EXIT_FAILURE;
    }
    env_clear(&env);
    return rc;
}
