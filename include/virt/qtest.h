/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small qtest client for a real qemu-system-aarch64: the conformance
 * tests (tests/qtest/libqtest-virt.h adds their oracle policy) and
 * `virtboard conform` use it. Internal to the tree (not installed).
 *
 * QEMU is started with a qtest server and a QMP monitor, both as clients
 * of two unix sockets we listen on:
 *
 *   $QEMU -qtest unix:Q -qtest-log none
 *         -chardev socket,path=M,id=char0 -mon chardev=char0,mode=control
 *         -display none -nodefaults <machine args> -accel tcg -S
 *
 * Debian's QEMU 7.2 has no qtest accelerator, so the CPUs are kept
 * stopped with -S; memory and MMIO accesses still work. Two caveats of
 * that setup (see docs/devel/testing.md):
 *   - never touch the GICv2 distributor or CPU interface when there is
 *     more than one vCPU: QEMU 7.2 dereferences a NULL current_cpu;
 *   - every access goes through the Non-secure view, so secure-only
 *     devices read as 0.
 *
 * Every function that talks to QEMU takes a trailing GError **errp and
 * returns false/NULL on failure, so one broken configuration does not
 * abort a whole run. Nothing here prints or exits, and sessions are
 * independent: several threads may each run their own.
 */
#ifndef VIRT_QTEST_H
#define VIRT_QTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "hw/acpi/acpi-linked.h"
#include "hw/arm/virt-acpi.h"

G_BEGIN_DECLS

#define QTS_ERROR (qts_error_quark())
GQuark qts_error_quark(void);

typedef enum {
    QTS_ERROR_SPAWN,        /* could not create sockets or start QEMU */
    QTS_ERROR_EXITED,       /* QEMU exited (message: status and stderr) */
    QTS_ERROR_TIMEOUT,      /* QEMU did not answer in time */
    QTS_ERROR_PROTOCOL,     /* malformed reply, or the connection broke */
    QTS_ERROR_FAILED,       /* QEMU answered FAIL or ERR */
    QTS_ERROR_FW_CFG,       /* fw_cfg signature, directory or DMA error */
} QtsError;

/*
 * Seconds to wait for QEMU to connect, and for any single reply, while
 * it uses no CPU: a QEMU still working on a busy machine gets more
 * (virt_qemu_busy(), include/virt/qemu-run.h)
 */
#define QTS_DEFAULT_TIMEOUT 30

typedef struct QTestState QTestState;

/* How QEMU ended, when it ended before or instead of a session */
typedef struct QtsExit {
    bool exited;            /* false: QEMU has not exited (or unknown) */
    int status;             /* exit code, or 128 + signal number */
    char *stderr_text;      /* everything QEMU wrote to stderr */
} QtsExit;

void qts_exit_clear(QtsExit *ex);

/* ---- sessions ---- */

/*
 * Start @binary with @machine_args (NULL-terminated, e.g. "-M", "virt",
 * ...) and connect the qtest and QMP channels. If QEMU exits during
 * start-up, fail with QTS_ERROR_EXITED; @exit_info (may be NULL) then
 * receives the exit status and QEMU's stderr text.
 */
QTestState *qts_start_binary(const char *binary,
                             const char *const *machine_args,
                             QtsExit *exit_info, GError **errp);


/*
 * Ask QEMU to quit over QMP, wait for it (SIGKILL after a timeout),
 * reap it and remove the temporary directory. NULL is allowed.
 */
void qts_quit(QTestState *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QTestState, qts_quit)

/* QEMU's process id (for diagnostics) */
int qts_pid(const QTestState *s);

/*
 * Send one QMP command (a complete JSON object) and return the reply
 * line (skipping events). A reply holding "error" fails with
 * QTS_ERROR_FAILED.
 */
char *qts_qmp(QTestState *s, const char *json, GError **errp);

/*
 * Send one qtest request line (without the newline) and return what
 * follows "OK" (possibly ""), skipping asynchronous IRQ lines. FAIL and
 * ERR replies fail with QTS_ERROR_FAILED.
 */
char *qts_request(QTestState *s, const char *request, GError **errp);

/* ---- memory and MMIO ---- */

bool qts_readb(QTestState *s, uint64_t addr, uint8_t *value, GError **errp);
bool qts_readw(QTestState *s, uint64_t addr, uint16_t *value, GError **errp);
bool qts_readl(QTestState *s, uint64_t addr, uint32_t *value, GError **errp);
bool qts_readq(QTestState *s, uint64_t addr, uint64_t *value, GError **errp);
bool qts_writeb(QTestState *s, uint64_t addr, uint8_t value, GError **errp);
bool qts_writew(QTestState *s, uint64_t addr, uint16_t value, GError **errp);
bool qts_writel(QTestState *s, uint64_t addr, uint32_t value, GError **errp);
bool qts_writeq(QTestState *s, uint64_t addr, uint64_t value, GError **errp);

/* Bytes in address order through "read ADDR SIZE" (hex reply) */
bool qts_memread(QTestState *s, uint64_t addr, void *buf, size_t size,
                 GError **errp);
/* ... through "write ADDR SIZE 0xHEX" */
bool qts_memwrite(QTestState *s, uint64_t addr, const void *buf,
                  size_t size, GError **errp);
/* Bulk variants through b64read / b64write (chunked) */
bool qts_bufread(QTestState *s, uint64_t addr, void *buf, size_t size,
                 GError **errp);
bool qts_bufwrite(QTestState *s, uint64_t addr, const void *buf,
                  size_t size, GError **errp);

/* ---- one-shot runs ---- */

/*
 * Run @binary with @args (NULL-terminated) to completion, stdin from
 * /dev/null. Kills it and fails with QTS_ERROR_TIMEOUT after @timeout_s
 * seconds (<= 0: the default). Returns true when QEMU ran and exited
 * (whatever its status).
 */
bool qts_run_binary(const char *binary, const char *const *args,
                    int timeout_s, int *exit_status, char **stdout_text,
                    char **stderr_text, GError **errp);

/* ---- pure helpers (no QEMU; unit-tested and fuzzable) ---- */

typedef enum {
    QTS_REPLY_INVALID,      /* not a well-formed reply line */
    QTS_REPLY_OK,
    QTS_REPLY_FAIL,
    QTS_REPLY_ERR,
    QTS_REPLY_IRQ,          /* asynchronous "IRQ raise N" / "IRQ lower N" */
} QtsReplyKind;

typedef struct QtsReply {
    QtsReplyKind kind;
    size_t arg_offset;      /* where the text after the keyword starts */
    size_t arg_len;         /* its length (no trailing CR/LF/blanks) */
    bool has_value;         /* the text is one number (0x..., decimal) */
    uint64_t value;
    bool irq_raise;         /* QTS_REPLY_IRQ: raise (else lower) */
    int irq_num;            /* QTS_REPLY_IRQ: line number */
} QtsReply;

/*
 * Classify one line of the qtest channel, @len bytes at @line (no NUL
 * needed; a trailing "\n" or "\r\n" is allowed). Never reads past
 * @len. Returns false (kind QTS_REPLY_INVALID) when the line is not a
 * reply; @reply is always fully written.
 */
bool qts_parse_reply(const char *line, size_t len, QtsReply *reply);

/*
 * Parse "0x" followed by exactly 2 * @size hex digits into @out.
 * Returns false on any other input.
 */
bool qts_parse_hex_bytes(const char *text, size_t len, uint8_t *out,
                         size_t size);

/*
 * Strict standard base64 (RFC 4648 section 4, with '=' padding; no
 * whitespace). Returns NULL on invalid input; *out_len gets the length.
 */
uint8_t *qts_base64_decode(const char *text, size_t len, size_t *out_len);

/* ---- fw_cfg (MMIO interface of the virt board) ---- */

#define QFW_CFG_VIRT_BASE       UINT64_C(0x09020000)
#define QFW_CFG_REG_DATA        0x00
#define QFW_CFG_REG_SELECTOR    0x08
#define QFW_CFG_REG_DMA         0x10

#define QFW_CFG_SIGNATURE       0x0000
#define QFW_CFG_ID              0x0001
#define QFW_CFG_NB_CPUS         0x0005
#define QFW_CFG_FILE_DIR        0x0019

#define QFW_CFG_VERSION_DMA     0x2u

#define QFW_CFG_DMA_CTL_ERROR   0x01u
#define QFW_CFG_DMA_CTL_READ    0x02u
#define QFW_CFG_DMA_CTL_SKIP    0x04u
#define QFW_CFG_DMA_CTL_SELECT  0x08u
#define QFW_CFG_DMA_CTL_WRITE   0x10u

/* Scratch guest RAM for DMA descriptors and buffers: RAM base + 16 MiB */
#define QFW_CFG_DMA_SCRATCH     UINT64_C(0x41000000)

/* FW_CFG_MAX_FILE_PATH: the name field of a directory entry */
#define QFW_CFG_MAX_FILE_PATH   56

typedef struct QfwCfgFile {
    uint32_t size;
    uint16_t select;
    char name[QFW_CFG_MAX_FILE_PATH + 1];
} QfwCfgFile;

/*
 * Parse the FW_CFG_FILE_DIR item (BE32 count, then 64-byte entries).
 * Returns an array of QfwCfgFile, or NULL with @errp set when the blob
 * is truncated or an entry's name is not NUL-terminated.
 */
GArray *qfw_cfg_parse_dir(const uint8_t *data, size_t len, GError **errp);
/* The entry called @name in a parsed directory, or NULL */
const QfwCfgFile *qfw_cfg_dir_find(const GArray *dir, const char *name);

/* Key 0 reads "QEMU" */
bool qfw_cfg_check_signature(QTestState *s, GError **errp);
/* Key 1 has the DMA bit and the DMA register reads "QEMU CFG" */
bool qfw_cfg_dma_supported(QTestState *s);
/* Read @size bytes of item @key (DMA if available, else the data reg) */
GBytes *qfw_cfg_read_key(QTestState *s, uint16_t key, size_t size,
                         GError **errp);
/* The parsed file directory */
GArray *qfw_cfg_read_dir(QTestState *s, GError **errp);
/* A whole fw_cfg file, by name */
GBytes *qfw_cfg_read_file(QTestState *s, const char *name, GError **errp);
/*
 * The three ACPI files (etc/acpi/tables, etc/acpi/rsdp, etc/table-loader)
 * into @out, which is cleared first. A guest without ACPI tables
 * (acpi=off) gives all NULL and true.
 */
bool qfw_cfg_read_acpi(QTestState *s, VirtAcpiBlobs *out, GError **errp);
/* The signatures of linked tables (AcpiLinkedTable), space-separated */
char *qts_acpi_signatures(const GPtrArray *tables);
G_END_DECLS

#endif /* VIRT_QTEST_H */
