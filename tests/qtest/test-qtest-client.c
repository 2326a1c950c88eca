/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for the pure parts of the qtest client: the reply parser,
 * hex and base64 decoding, and the fw_cfg directory parser. No QEMU.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libqtest-virt.h"
#include "virt/qemu-run.h"

typedef struct ReplyCase {
    const char *line;
    bool ok;
    QtsReplyKind kind;
    const char *arg;        /* expected argument text */
    bool has_value;
    uint64_t value;
} ReplyCase;

static const ReplyCase reply_cases[] = {
    { "OK", true, QTS_REPLY_OK, "", false, 0 },
    { "OK\n", true, QTS_REPLY_OK, "", false, 0 },
    { "OK\r\n", true, QTS_REPLY_OK, "", false, 0 },
    { "OK 0x00000000000000ff", true, QTS_REPLY_OK, "0x00000000000000ff",
      true, 0xff },
    { "OK 0xffffffffffffffff\n", true, QTS_REPLY_OK, "0xffffffffffffffff",
      true, UINT64_MAX },
    { "OK 0x00081b36", true, QTS_REPLY_OK, "0x00081b36", true, 0x81b36 },
    { "OK 12345", true, QTS_REPLY_OK, "12345", true, 12345 },
    { "OK 18446744073709551615", true, QTS_REPLY_OK,
      "18446744073709551615", true, UINT64_MAX },
    /* overflow: still OK, but no value */
    { "OK 18446744073709551616", true, QTS_REPLY_OK,
      "18446744073709551616", false, 0 },
    { "OK 0x1ffffffffffffffff", true, QTS_REPLY_OK, "0x1ffffffffffffffff",
      false, 0 },
    { "OK little", true, QTS_REPLY_OK, "little", false, 0 },
    { "OK 0x", true, QTS_REPLY_OK, "0x", false, 0 },
    { "OK 0xg1", true, QTS_REPLY_OK, "0xg1", false, 0 },
    { "OK UUVNVSBDRkc=", true, QTS_REPLY_OK, "UUVNVSBDRkc=", false, 0 },
    { "OK  0x10  ", true, QTS_REPLY_OK, "0x10", true, 0x10 },
    { "FAIL Unknown command 'clock_step'", true, QTS_REPLY_FAIL,
      "Unknown command 'clock_step'", false, 0 },
    { "FAIL", true, QTS_REPLY_FAIL, "", false, 0 },
    { "ERR invalid argument size", true, QTS_REPLY_ERR,
      "invalid argument size", false, 0 },
    { "IRQ raise 5", true, QTS_REPLY_IRQ, "raise 5", false, 0 },
    { "IRQ lower 0\n", true, QTS_REPLY_IRQ, "lower 0", false, 0 },
    { "IRQ", false, QTS_REPLY_INVALID, "", false, 0 },
    { "IRQ raise", false, QTS_REPLY_INVALID, "", false, 0 },
    { "IRQ raise x", false, QTS_REPLY_INVALID, "", false, 0 },
    { "IRQ toggle 3", false, QTS_REPLY_INVALID, "", false, 0 },
    { "IRQ raise 99999999999", false, QTS_REPLY_INVALID, "", false, 0 },
    { "", false, QTS_REPLY_INVALID, "", false, 0 },
    { "\n", false, QTS_REPLY_INVALID, "", false, 0 },
    { "OKAY", false, QTS_REPLY_INVALID, "", false, 0 },
    { "ok 0x1", false, QTS_REPLY_INVALID, "", false, 0 },
    { " OK", false, QTS_REPLY_INVALID, "", false, 0 },
    { "FAILED x", false, QTS_REPLY_INVALID, "", false, 0 },
    { "{\"QMP\": {}}", false, QTS_REPLY_INVALID, "", false, 0 },
    { "OK \tx", false, QTS_REPLY_INVALID, "", false, 0 },
    { "OK \x80", false, QTS_REPLY_INVALID, "", false, 0 },
};

START_TEST(test_parse_reply_table)
{
    const ReplyCase *c = &reply_cases[_i];
    QtsReply r;
    bool ok;

    memset(&r, 0xa5, sizeof(r));
    ok = qts_parse_reply(c->line, strlen(c->line), &r);
    ck_assert_msg(ok == c->ok, "line '%s'", c->line);
    ck_assert_int_eq(r.kind, c->kind);
    if (!ok) {
        ck_assert_int_eq(r.has_value, false);
        return;
    }
    ck_assert_uint_le(r.arg_offset + r.arg_len, strlen(c->line));
    ck_assert_uint_eq(r.arg_len, strlen(c->arg));
    ck_assert_msg(memcmp(c->line + r.arg_offset, c->arg, r.arg_len) == 0,
                  "line '%s': argument", c->line);
    ck_assert_msg(r.has_value == c->has_value, "line '%s': has_value",
                  c->line);
    ck_assert_uint_eq(r.value, c->value);
}
END_TEST

START_TEST(test_parse_reply_irq_fields)
{
    QtsReply r;

    ck_assert(qts_parse_reply("IRQ raise 42", 12, &r));
    ck_assert_int_eq(r.kind, QTS_REPLY_IRQ);
    ck_assert(r.irq_raise);
    ck_assert_int_eq(r.irq_num, 42);
    ck_assert(qts_parse_reply("IRQ lower 7\r\n", 13, &r));
    ck_assert(!r.irq_raise);
    ck_assert_int_eq(r.irq_num, 7);
}
END_TEST

START_TEST(test_parse_reply_bounds)
{
    /* The parser must respect @len: no NUL terminator needed */
    const char buf[] = { 'O', 'K', ' ', '0', 'x', '1', '2', '9', '9' };
    QtsReply r;

    ck_assert(qts_parse_reply(buf, 7, &r));
    ck_assert(r.has_value);
    ck_assert_uint_eq(r.value, 0x12);
    ck_assert(!qts_parse_reply(buf, 1, &r));
    ck_assert(qts_parse_reply(buf, 2, &r));
    ck_assert_int_eq(r.kind, QTS_REPLY_OK);
    ck_assert(!qts_parse_reply(NULL, 0, &r));
    ck_assert(!qts_parse_reply("OK\0 0x1", 7, &r));
}
END_TEST

/*
 * Random lines from an alphabet of the characters that matter, each in a
 * buffer of exactly its length (so ASan builds catch any over-read).
 */
START_TEST(test_parse_reply_random)
{
    static const char alphabet[] = "OKFAILERRQ x0123456789abcdefX \r\n\t=+/";
    GRand *rnd = g_rand_new_with_seed(0x71e57);

    for (int iter = 0; iter < 20000; iter++) {
        size_t len = (size_t)g_rand_int_range(rnd, 0, 40);
        char *line = g_malloc(len + 1);
        QtsReply r;
        bool ok;

        for (size_t i = 0; i < len; i++) {
            line[i] = alphabet[g_rand_int_range(rnd, 0,
                                                sizeof(alphabet) - 1)];
        }
        /* Half the time, start with a real keyword */
        if (len >= 3 && g_rand_boolean(rnd)) {
            memcpy(line, iter % 3 == 0 ? "OK " : iter % 3 == 1 ? "IRQ" : "ERR",
                   3);
        }
        line = g_realloc(line, len ? len : 1);
        ok = qts_parse_reply(line, len, &r);
        ck_assert(ok == (r.kind != QTS_REPLY_INVALID));
        ck_assert_uint_le(r.arg_offset + r.arg_len, len);
        if (!ok) {
            ck_assert(!r.has_value);
        }
        g_free(line);
    }
    g_rand_free(rnd);
}
END_TEST

START_TEST(test_parse_hex_bytes)
{
    uint8_t out[4];

    memset(out, 0, sizeof(out));
    ck_assert(qts_parse_hex_bytes("0xdeadBEEF", 10, out, 4));
    ck_assert_uint_eq(out[0], 0xde);
    ck_assert_uint_eq(out[1], 0xad);
    ck_assert_uint_eq(out[2], 0xbe);
    ck_assert_uint_eq(out[3], 0xef);
    ck_assert(qts_parse_hex_bytes("0x", 2, out, 0));
    ck_assert(!qts_parse_hex_bytes("0xdead", 6, out, 4));
    ck_assert(!qts_parse_hex_bytes("0xdeadbeef00", 12, out, 4));
    ck_assert(!qts_parse_hex_bytes("deadbeef", 8, out, 4));
    ck_assert(!qts_parse_hex_bytes("0xdeadbeeg", 10, out, 4));
    ck_assert(!qts_parse_hex_bytes("1xdeadbeef", 10, out, 4));
    ck_assert(!qts_parse_hex_bytes(NULL, 10, out, 4));
}
END_TEST

typedef struct B64Case {
    const char *text;
    const char *plain;      /* NULL: must be rejected */
    size_t plain_len;
} B64Case;

static const B64Case b64_cases[] = {
    { "", "", 0 },
    { "Zg==", "f", 1 },
    { "Zm8=", "fo", 2 },
    { "Zm9v", "foo", 3 },
    { "Zm9vYg==", "foob", 4 },
    { "Zm9vYmE=", "fooba", 5 },
    { "Zm9vYmFy", "foobar", 6 },
    { "UUVNVSBDRkc=", "QEMU CFG", 8 },
    { "AP8A/w==", "\x00\xff\x00\xff", 4 },
    { "+/+/", "\xfb\xff\xbf", 3 },
    { "Zg=", NULL, 0 },          /* length not a multiple of 4 */
    { "Zg", NULL, 0 },
    { "Z===", NULL, 0 },         /* too much padding */
    { "Zh==", NULL, 0 },         /* stray bits under the padding */
    { "Zm9=", NULL, 0 },
    { "Zm=v", NULL, 0 },         /* padding in the middle */
    { "Zg==Zg==", NULL, 0 },
    { "Zm9v\n", NULL, 0 },
    { "Zm 9", NULL, 0 },
    { "Zm-_", NULL, 0 },         /* URL-safe alphabet is not accepted */
};

START_TEST(test_base64_table)
{
    const B64Case *c = &b64_cases[_i];
    size_t len = 12345;
    uint8_t *out = qts_base64_decode(c->text, strlen(c->text), &len);

    if (c->plain == NULL) {
        ck_assert_msg(out == NULL, "'%s' must be rejected", c->text);
        ck_assert_uint_eq(len, 0);
        return;
    }
    ck_assert_msg(out != NULL, "'%s' must decode", c->text);
    ck_assert_uint_eq(len, c->plain_len);
    ck_assert(memcmp(out, c->plain, len) == 0);
    g_free(out);
}
END_TEST

START_TEST(test_base64_roundtrip)
{
    uint8_t data[300];

    for (size_t i = 0; i < sizeof(data); i++) {
        data[i] = (uint8_t)(i * 37 + 11);
    }
    for (size_t n = 0; n <= sizeof(data); n++) {
        g_autofree char *enc = g_base64_encode(data, n);
        size_t len = 0;
        g_autofree uint8_t *dec = qts_base64_decode(enc, strlen(enc), &len);

        ck_assert_ptr_nonnull(dec);
        ck_assert_uint_eq(len, n);
        ck_assert(memcmp(dec, data, n) == 0);
    }
}
END_TEST

static void put_entry(uint8_t *e, uint32_t size, uint16_t select,
                      const char *name)
{
    memset(e, 0, 64);
    e[0] = (uint8_t)(size >> 24);
    e[1] = (uint8_t)(size >> 16);
    e[2] = (uint8_t)(size >> 8);
    e[3] = (uint8_t)size;
    e[4] = (uint8_t)(select >> 8);
    e[5] = (uint8_t)select;
    strncpy((char *)e + 8, name, 56);
}

START_TEST(test_fw_cfg_dir)
{
    uint8_t blob[4 + 3 * 64];
    g_autoptr(GArray) dir = NULL;
    g_autoptr(GError) err = NULL;
    const QfwCfgFile *f;

    memset(blob, 0, sizeof(blob));
    blob[3] = 3;
    put_entry(blob + 4, 36, 0x22, "etc/acpi/rsdp");
    put_entry(blob + 68, 131072, 0x23, "etc/acpi/tables");
    put_entry(blob + 132, 0, 0x28, "etc/tpm/log");

    dir = qfw_cfg_parse_dir(blob, sizeof(blob), &err);
    ck_assert_ptr_nonnull(dir);
    ck_assert_ptr_null(err);
    ck_assert_uint_eq(dir->len, 3);
    f = qfw_cfg_dir_find(dir, "etc/acpi/tables");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(f->size, 131072);
    ck_assert_uint_eq(f->select, 0x23);
    f = qfw_cfg_dir_find(dir, "etc/tpm/log");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(f->size, 0);
    ck_assert_ptr_null(qfw_cfg_dir_find(dir, "etc/acpi"));
    ck_assert_ptr_null(qfw_cfg_dir_find(NULL, "etc/acpi/rsdp"));
}
END_TEST

START_TEST(test_fw_cfg_dir_longest_name)
{
    uint8_t blob[4 + 64];
    char name[56];
    g_autoptr(GArray) dir = NULL;

    memset(name, 'a', sizeof(name));
    name[55] = '\0';
    memset(blob, 0, sizeof(blob));
    blob[3] = 1;
    put_entry(blob + 4, 1, 0x20, name);
    dir = qfw_cfg_parse_dir(blob, sizeof(blob), NULL);
    ck_assert_ptr_nonnull(dir);
    ck_assert_str_eq(g_array_index(dir, QfwCfgFile, 0).name, name);
}
END_TEST

START_TEST(test_fw_cfg_dir_bad)
{
    uint8_t blob[4 + 2 * 64];
    g_autoptr(GError) err = NULL;
    GArray *dir;

    /* shorter than the count */
    memset(blob, 0, sizeof(blob));
    dir = qfw_cfg_parse_dir(blob, 3, &err);
    ck_assert_ptr_null(dir);
    ck_assert_ptr_nonnull(err);
    g_clear_error(&err);

    /* count larger than the data */
    memset(blob, 0, sizeof(blob));
    blob[3] = 3;
    dir = qfw_cfg_parse_dir(blob, sizeof(blob), &err);
    ck_assert_ptr_null(dir);
    ck_assert_int_eq(err->code, QTS_ERROR_FW_CFG);
    g_clear_error(&err);

    /* a huge count must not overflow the size check */
    blob[0] = blob[1] = blob[2] = blob[3] = 0xff;
    dir = qfw_cfg_parse_dir(blob, sizeof(blob), &err);
    ck_assert_ptr_null(dir);
    g_clear_error(&err);

    /* a name that fills all 56 bytes with no NUL */
    memset(blob, 0, sizeof(blob));
    blob[3] = 1;
    memset(blob + 4 + 8, 'x', 56);
    dir = qfw_cfg_parse_dir(blob, 4 + 64, &err);
    ck_assert_ptr_null(dir);
    g_clear_error(&err);

    /* zero entries is fine */
    memset(blob, 0, sizeof(blob));
    dir = qfw_cfg_parse_dir(blob, 4, &err);
    ck_assert_ptr_nonnull(dir);
    ck_assert_uint_eq(dir->len, 0);
    g_array_unref(dir);
}
END_TEST

START_TEST(test_qemu_binary_env)
{
    g_autofree char *saved = g_strdup(g_getenv("QTEST_QEMU_BINARY"));

    g_setenv("QTEST_QEMU_BINARY", "/opt/qemu/bin/qemu-system-aarch64", TRUE);
    ck_assert_str_eq(qts_qemu_binary(), "/opt/qemu/bin/qemu-system-aarch64");
    g_setenv("QTEST_QEMU_BINARY", "", TRUE);
    ck_assert_str_eq(qts_qemu_binary(), "/usr/bin/qemu-system-aarch64");
    g_unsetenv("QTEST_QEMU_BINARY");
    ck_assert_str_eq(qts_qemu_binary(), "/usr/bin/qemu-system-aarch64");
    if (saved != NULL) {
        g_setenv("QTEST_QEMU_BINARY", saved, TRUE);
    }
}
END_TEST

START_TEST(test_start_missing_binary)
{
    const char *const args[] = { "-M", "virt", NULL };
    g_autofree char *saved = g_strdup(g_getenv("QTEST_QEMU_BINARY"));
    g_autoptr(GError) err = NULL;
    QtsExit ex;
    QTestState *s;

    g_setenv("QTEST_QEMU_BINARY", "/nonexistent/qemu-system-aarch64", TRUE);
    s = qts_start_ex(args, &ex, &err);
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(err->code, QTS_ERROR_EXITED);
    ck_assert(ex.exited);
    ck_assert_int_eq(ex.status, 127);
    qts_exit_clear(&ex);
    if (saved != NULL) {
        g_setenv("QTEST_QEMU_BINARY", saved, TRUE);
    } else {
        g_unsetenv("QTEST_QEMU_BINARY");
    }
}
END_TEST

/* The shared runner: exit status, both texts, and the time-out */
START_TEST(test_qemu_run)
{
    const char *const script[] = {
        "/bin/sh", "-c", "echo out; echo err >&2; exit 3", NULL,
    };
    const char *const forever[] = { "/bin/sh", "-c", "exec sleep 1000", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err_text = NULL;
    g_autoptr(GError) err = NULL;
    int status = -1;

    ck_assert(virt_qemu_run(script, 30, &status, &out, &err_text, &err));
    ck_assert_int_eq(status, 3);
    ck_assert_str_eq(out, "out\n");
    ck_assert_str_eq(err_text, "err\n");
    /* a child that never ends on its own is killed at the limit */
    ck_assert(!virt_qemu_run(forever, 1, &status, NULL, NULL, &err));
    ck_assert(g_error_matches(err, VIRT_QEMU_RUN_ERROR,
                              VIRT_QEMU_RUN_ERROR_TIMEOUT));
}
END_TEST

/*
 * A child that runs past the limit while it uses CPU (a slow QEMU on a
 * busy machine) is waited for, not killed: the limit is for hangs
 */
START_TEST(test_qemu_run_busy)
{
    /* 5 s of wall time, all of it busy in the shell itself */
    const char *const busy[] = {
        "/bin/bash", "-c", "while [ $SECONDS -lt 5 ]; do :; done; exit 7",
        NULL,
    };
    g_autoptr(GError) err = NULL;
    int status = -1;

    ck_assert_msg(virt_qemu_run(busy, 2, &status, NULL, NULL, &err), "%s",
                  err ? err->message : "");
    ck_assert_int_eq(status, 7);
}
END_TEST

/* QEMU's message out of its stderr, as the oracles print them */
START_TEST(test_qemu_first_error)
{
    static const struct {
        const char *program;
        const char *stderr_text;
        const char *message;
    } rows[] = {
        /* 7.2: the message ends in a newline, so a blank line follows */
        { "/usr/bin/qemu-system-aarch64",
          "qemu-system-aarch64: Addressing limited to 32 bits, but memory "
          "exceeds it by 1073741824 bytes\n\n",
          "Addressing limited to 32 bits, but memory exceeds it by "
          "1073741824 bytes" },
        /* 10.0: a hint continues the message */
        { "build/oracles/qemu-10.0",
          "qemu-system-aarch64: Number of SMP CPUs requested (124) exceeds "
          "max CPUs supported by machine 'mach-virt' (123)\n"
          "Try 'highmem-redists=on' for more CPUs\n",
          "Number of SMP CPUs requested (124) exceeds max CPUs supported by "
          "machine 'mach-virt' (123)\nTry 'highmem-redists=on' for more "
          "CPUs" },
        /* the program's own name; a second prefixed line is not part */
        { "/opt/qemu/bin/qemu-system-arm64",
          "qemu-system-arm64: first\nqemu-system-arm64: second\n",
          "first" },
        { NULL, "", "" },
        { NULL, "no prefix", "no prefix" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autofree char *msg = virt_qemu_first_error(rows[i].stderr_text,
                                                     rows[i].program);

        ck_assert_str_eq(msg, rows[i].message);
    }
}
END_TEST

/* query-version replies: the first four as Debian's QEMU 5.2, 7.2, 10.0
 * and 11.1 give them (observed), then made-up variants */
START_TEST(test_query_version)
{
    static const struct {
        const char *reply, *version, *release, *package;
    } ok[] = {
        { "{\"return\": {\"qemu\": {\"micro\": 0, \"minor\": 2, "
          "\"major\": 5}, \"package\": \"Debian 1:5.2+dfsg-11+deb11u3\"}}",
          "5.2.0", "5.2", "Debian 1:5.2+dfsg-11+deb11u3" },
        { "{\"return\": {\"qemu\": {\"micro\": 22, \"minor\": 2, "
          "\"major\": 7}, \"package\": "
          "\"Debian 1:7.2+dfsg-7+deb12u18+b3\"}}",
          "7.2.22", "7.2", "Debian 1:7.2+dfsg-7+deb12u18+b3" },
        { "{\"return\": {\"qemu\": {\"micro\": 2, \"minor\": 0, "
          "\"major\": 10}, \"package\": "
          "\"Debian 1:10.0.2+ds-2+deb13u1~bpo12+1\"}}",
          "10.0.2", "10.0", "Debian 1:10.0.2+ds-2+deb13u1~bpo12+1" },
        { "{\"return\": {\"qemu\": {\"micro\": 3, \"minor\": 1, "
          "\"major\": 11}, \"package\": \"Debian 1:11.1.3+ds-1\"}}",
          "11.1.3", "11.1", "Debian 1:11.1.3+ds-1" },
        /* an upstream build: empty package; a line ending */
        { "{\"return\": {\"qemu\": {\"micro\": 2, \"minor\": 0, "
          "\"major\": 10}, \"package\": \"\"}}\r\n",
          "10.0.2", "10.0", "" },
        /* no package member; keys in another order, no blanks */
        { "{\"return\":{\"qemu\":{\"major\":11,\"minor\":1,"
          "\"micro\":3}}}", "11.1.3", "11.1", "" },
        /* escaped quotes in the package */
        { "{\"return\": {\"qemu\": {\"micro\": 22, \"minor\": 2, "
          "\"major\": 7}, \"package\": \"a \\\"q\\\" b\"}}",
          "7.2.22", "7.2", "a \"q\" b" },
    };
    static const char *const bad[] = {
        "", "{}", "{\"return\": {}}",
        "{\"return\": {\"qemu\": {\"micro\": 0, \"minor\": 2}}}",
        "{\"return\": {\"qemu\": {\"micro\": 0, \"minor\": -2, "
        "\"major\": 5}}}",
        "{\"return\": {\"qemu\": {\"micro\": 0, \"minor\": 2, "
        "\"major\": 99999999999999999999}}}",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(ok); i++) {
        g_autoptr(GError) err = NULL;
        g_autofree char *v = NULL, *r = NULL, *p = NULL;

        ck_assert_msg(qts_parse_query_version(ok[i].reply, &v, &r, &p, &err),
                      "%s", ok[i].reply);
        ck_assert_str_eq(v, ok[i].version);
        ck_assert_str_eq(r, ok[i].release);
        ck_assert_str_eq(p, ok[i].package);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) err = NULL;
        char *v = NULL, *r = NULL, *p = NULL;

        ck_assert_msg(!qts_parse_query_version(bad[i], &v, &r, &p, &err),
                      "%s", bad[i]);
        ck_assert_ptr_nonnull(err);
        ck_assert_int_eq(err->code, QTS_ERROR_PROTOCOL);
        ck_assert_ptr_null(v);
    }
}
END_TEST

START_TEST(test_qemu_binaries_env)
{
    g_autofree char *saved = g_strdup(g_getenv("QTEST_QEMU_BINARIES"));
    g_autofree char *saved1 = g_strdup(g_getenv("QTEST_QEMU_BINARY"));
    g_auto(GStrv) list = NULL;

    g_setenv("QTEST_QEMU_BINARIES", "/o/qemu-5.2::/o/qemu-7.2:", TRUE);
    list = qts_qemu_binaries();
    ck_assert_uint_eq(g_strv_length(list), 2);
    ck_assert_str_eq(list[0], "/o/qemu-5.2");
    ck_assert_str_eq(list[1], "/o/qemu-7.2");
    g_clear_pointer(&list, g_strfreev);

    /* unset or empty: the one binary of qts_qemu_binary() */
    g_setenv("QTEST_QEMU_BINARIES", "", TRUE);
    g_setenv("QTEST_QEMU_BINARY", "/opt/q", TRUE);
    list = qts_qemu_binaries();
    ck_assert_uint_eq(g_strv_length(list), 1);
    ck_assert_str_eq(list[0], "/opt/q");
    g_clear_pointer(&list, g_strfreev);
    g_unsetenv("QTEST_QEMU_BINARIES");
    g_unsetenv("QTEST_QEMU_BINARY");
    list = qts_qemu_binaries();
    ck_assert_str_eq(list[0], "/usr/bin/qemu-system-aarch64");

    if (saved != NULL) {
        g_setenv("QTEST_QEMU_BINARIES", saved, TRUE);
    }
    if (saved1 != NULL) {
        g_setenv("QTEST_QEMU_BINARY", saved1, TRUE);
    }
}
END_TEST

/* An oracle in use wins over the environment, until reset */
START_TEST(test_use_oracle)
{
    QtsOracle o = {
        .binary = (char *)"/o/qemu-7.2", .version = (char *)"7.2.22",
        .release = (char *)"7.2", .package = (char *)"",
    };

    g_unsetenv("QTEST_QEMU_BINARY");
    ck_assert_ptr_null(qts_qemu_release());
    qts_use_oracle(&o);
    ck_assert_str_eq(qts_qemu_binary(), "/o/qemu-7.2");
    ck_assert_str_eq(qts_qemu_release(), "7.2");
    qts_use_oracle(NULL);
    ck_assert_str_eq(qts_qemu_binary(), "/usr/bin/qemu-system-aarch64");
    ck_assert_ptr_null(qts_qemu_release());
}
END_TEST

static Suite *qtest_client_suite(void)
{
    Suite *s = suite_create("qtest-client");
    TCase *tc;

    tc = tcase_create("reply");
    tcase_add_loop_test(tc, test_parse_reply_table, 0,
                        G_N_ELEMENTS(reply_cases));
    tcase_add_test(tc, test_parse_reply_irq_fields);
    tcase_add_test(tc, test_parse_reply_bounds);
    tcase_add_test(tc, test_parse_reply_random);
    tcase_add_test(tc, test_parse_hex_bytes);
    suite_add_tcase(s, tc);

    tc = tcase_create("base64");
    tcase_add_loop_test(tc, test_base64_table, 0, G_N_ELEMENTS(b64_cases));
    tcase_add_test(tc, test_base64_roundtrip);
    suite_add_tcase(s, tc);

    tc = tcase_create("fw_cfg");
    tcase_add_test(tc, test_fw_cfg_dir);
    tcase_add_test(tc, test_fw_cfg_dir_longest_name);
    tcase_add_test(tc, test_fw_cfg_dir_bad);
    suite_add_tcase(s, tc);

    tc = tcase_create("oracles");
    tcase_add_test(tc, test_query_version);
    tcase_add_test(tc, test_qemu_binaries_env);
    tcase_add_test(tc, test_use_oracle);
    suite_add_tcase(s, tc);

    tc = tcase_create("process");
    tcase_add_test(tc, test_qemu_binary_env);
    tcase_add_test(tc, test_start_missing_binary);
    tcase_add_test(tc, test_qemu_run);
    tcase_add_test(tc, test_qemu_run_busy);
    tcase_add_test(tc, test_qemu_first_error);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(qtest_client_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
