/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: the pure parsers of the qtest client
 * (tests/qtest/libqtest-virt.c), which read what QEMU writes on the
 * qtest channel and in fw_cfg.
 *
 * Input: one selector byte, then the text or bytes:
 *   0  qts_parse_reply() on one line
 *   1  qts_parse_hex_bytes() (next byte: the size wanted, 0..16)
 *   2  qts_base64_decode(), checked against GLib's decoder
 *   3  qfw_cfg_parse_dir() on a file directory
 * Every buffer is allocated to its exact size, so ASan catches any read
 * past @len.
 */
#include "fuzz-common.h"

#include <string.h>

#include "libqtest-virt.h"

static void fuzz_reply(const char *line, size_t len)
{
    QtsReply r;
    bool ok = qts_parse_reply(line, len, &r);

    FUZZ_CHECK(ok == (r.kind != QTS_REPLY_INVALID));
    if (!ok) {
        return;
    }
    FUZZ_CHECK(r.kind == QTS_REPLY_OK || r.kind == QTS_REPLY_FAIL ||
               r.kind == QTS_REPLY_ERR || r.kind == QTS_REPLY_IRQ);
    FUZZ_CHECK(r.arg_offset <= len && r.arg_len <= len - r.arg_offset);
    FUZZ_CHECK(r.has_value || r.value == 0);
}

static void fuzz_hex(const char *text, size_t len, size_t size)
{
    g_autofree uint8_t *out = g_malloc0(size ? size : 1);

    if (qts_parse_hex_bytes(text, len, out, size)) {
        FUZZ_CHECK(len == 2 + 2 * size);
    }
}

static void fuzz_base64(const char *text, size_t len)
{
    size_t n = 0;
    g_autofree uint8_t *out = qts_base64_decode(text, len, &n);
    g_autofree char *z = NULL;
    g_autofree guchar *ref = NULL;
    gsize ref_len = 0;

    if (out == NULL) {
        return;
    }
    /* strict input: GLib's lenient decoder must agree byte for byte */
    FUZZ_CHECK(len % 4 == 0 && n <= len / 4 * 3);
    z = fuzz_strndup((const uint8_t *)text, len);
    ref = g_base64_decode(z, &ref_len);
    FUZZ_CHECK(ref_len == n && (n == 0 || memcmp(ref, out, n) == 0));
}

static void fuzz_dir(const uint8_t *data, size_t len)
{
    GError *err = NULL;
    g_autoptr(GArray) dir = qfw_cfg_parse_dir(data, len, &err);

    FUZZ_CHECK((dir != NULL) == (err == NULL));
    g_clear_error(&err);
    for (guint i = 0; dir != NULL && i < dir->len; i++) {
        const QfwCfgFile *f = &g_array_index(dir, QfwCfgFile, i);

        FUZZ_CHECK(strlen(f->name) < QFW_CFG_MAX_FILE_PATH);
        FUZZ_CHECK(qfw_cfg_dir_find(dir, f->name) != NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *buf = NULL;
    size_t len;

    fuzz_init();
    if (size < 2) {
        return 0;
    }
    /* an exact-size copy, no NUL: the parsers take a length */
    len = size - 1;
    buf = g_memdup2(data + 1, len);
    switch (data[0] % 4) {
    case 0:
        fuzz_reply(buf, len);
        break;
    case 1:
        fuzz_hex(buf + 1, len - 1, (unsigned char)buf[0] % 17);
        break;
    case 2:
        fuzz_base64(buf, len);
        break;
    default:
        fuzz_dir((const uint8_t *)buf, len);
        break;
    }
    return 0;
}
