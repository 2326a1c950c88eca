/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the fuzz targets: input splitting, result checks and
 * the memory map invariants every resolved board must satisfy.
 */
#include "fuzz-common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: invariant failed: %s\n", file, line, what);
    abort();
}

/*
 * GLib ends a fatal message with SIGTRAP, which libFuzzer does not treat
 * as a crash; abort() instead so that it saves the input.
 */
static GLogWriterOutput fuzz_log_writer(GLogLevelFlags level,
                                        const GLogField *fields,
                                        gsize n_fields, gpointer user_data)
{
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL |
                 G_LOG_LEVEL_WARNING)) {
        for (gsize i = 0; i < n_fields; i++) {
            if (strcmp(fields[i].key, "MESSAGE") == 0) {
                fprintf(stderr, "fuzz: GLib: %s\n",
                        (const char *)fields[i].value);
            }
        }
        abort();
    }
    return G_LOG_WRITER_HANDLED;
}

void fuzz_init(void)
{
    static bool done;

    if (!done) {
        g_log_set_writer_func(fuzz_log_writer, NULL, NULL);
        done = true;
    }
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = g_malloc(size + 1);

    if (size) {
        memcpy(s, data, size);
    }
    s[size] = '\0';
    return s;
}

char **fuzz_split_argv(const uint8_t *data, size_t size, int max, int *argc)
{
    GPtrArray *argv = g_ptr_array_new();
    size_t start = 0;

    for (size_t i = 0; i <= size && (int)argv->len < max; i++) {
        if (i == size || data[i] == '\0') {
            if (i > start || i < size) {
                g_ptr_array_add(argv, fuzz_strndup(data + start, i - start));
            }
            start = i + 1;
        }
    }
    *argc = (int)argv->len;
    g_ptr_array_add(argv, NULL);
    return (char **)g_ptr_array_free(argv, FALSE);
}

void fuzz_check_result(bool ok, GError *err)
{
    if (ok) {
        FUZZ_CHECK(err == NULL);
        return;
    }
    FUZZ_CHECK(err != NULL);
    FUZZ_CHECK(err->domain == VIRT_ERROR);
    FUZZ_CHECK(err->message != NULL && err->message[0] != '\0');
    g_error_free(err);
}

static void fuzz_check_high_regions(const VirtMachineState *vms,
                                    hwaddr pa_limit)
{
    const VirtMemMap *m = &vms->memmap;

    for (int i = 0; i < VIRT_HIGH_REGION_COUNT; i++) {
        const MemMapEntry *e = &m->entry[VIRT_LOWMEMMAP_LAST + i];

        if (!m->enabled[i]) {
            continue;
        }
        FUZZ_CHECK(m->fits[i]);
        FUZZ_CHECK(e->size != 0 && (e->size & (e->size - 1)) == 0);
        FUZZ_CHECK(e->base % e->size == 0);
        FUZZ_CHECK(e->base >= m->high_base && e->base >= m->memtop);
        FUZZ_CHECK(e->base + e->size > e->base);
        FUZZ_CHECK(e->base + e->size <= pa_limit);
        FUZZ_CHECK(e->base + e->size - 1 <= m->highest_gpa);
        for (int j = 0; j < i; j++) {
            const MemMapEntry *o = &m->entry[VIRT_LOWMEMMAP_LAST + j];

            FUZZ_CHECK(!m->enabled[j] || o->base + o->size <= e->base ||
                       e->base + e->size <= o->base);
        }
    }
}

void fuzz_check_machine(const VirtMachineState *vms)
{
    const VirtMemMap *m = &vms->memmap;
    hwaddr ram_base = virt_base_memmap[VIRT_MEM].base;
    hwaddr pa_limit;
    g_autofree char *text = NULL;
    g_autofree char *json = NULL;

    FUZZ_CHECK(m->pa_bits >= 32 && m->pa_bits <= 63);
    pa_limit = (hwaddr)1 << m->pa_bits;
    for (int i = 0; i < VIRT_LOWMEMMAP_LAST; i++) {
        FUZZ_CHECK(m->entry[i].base == virt_base_memmap[i].base);
        FUZZ_CHECK(i == VIRT_MEM ||
                   m->entry[i].size == virt_base_memmap[i].size);
    }
    FUZZ_CHECK(m->entry[VIRT_MEM].size == vms->ram_size);
    FUZZ_CHECK(vms->ram_size > 0 && vms->ram_size <= vms->maxram_size);
    FUZZ_CHECK(ram_base + vms->ram_size > ram_base);
    FUZZ_CHECK(ram_base + vms->ram_size <= m->memtop);
    FUZZ_CHECK(m->memtop % VIRT_GiB == 0 && m->memtop <= pa_limit);
    FUZZ_CHECK(m->device_memory_size == 0 ||
               (m->device_memory_base >= ram_base + vms->ram_size &&
                m->device_memory_base + m->device_memory_size <= m->memtop));
    FUZZ_CHECK(m->high_base >= m->memtop);
    FUZZ_CHECK(m->highest_gpa >= m->memtop - 1 && m->highest_gpa < pa_limit);
    fuzz_check_high_regions(vms, pa_limit);

    FUZZ_CHECK(vms->requested_ipa_bits >= 32 &&
               vms->requested_ipa_bits <= 64);
    FUZZ_CHECK(vms->gic_version == VIRT_GIC_VERSION_2 ||
               vms->gic_version == VIRT_GIC_VERSION_3 ||
               vms->gic_version == VIRT_GIC_VERSION_4);
    FUZZ_CHECK(vms->gic_version == VIRT_GIC_VERSION_2
                   ? vms->redist_region_count == 0
                   : vms->redist_region_count == 1 ||
                         vms->redist_region_count == 2);
    FUZZ_CHECK(vms->redist_region_count < 2 || m->enabled[0]);
    FUZZ_CHECK(!vms->highmem_ecam || m->enabled[1]);
    FUZZ_CHECK(!vms->highmem_mmio || m->enabled[2]);
    FUZZ_CHECK(vms->ecam_id == (vms->highmem_ecam ? VIRT_HIGH_PCIE_ECAM
                                                  : VIRT_PCIE_ECAM));
    FUZZ_CHECK(vms->smp.cpus >= 1 && vms->smp.cpus <= vms->smp.max_cpus);
    FUZZ_CHECK(vms->smp.cpus <= vms->max_cpus);
    FUZZ_CHECK(vms->cpu != NULL && vms->type != NULL);

    text = virt_machine_describe(vms);
    json = virt_machine_to_json(vms);
    FUZZ_CHECK(text != NULL && text[0] != '\0');
    FUZZ_CHECK(json != NULL && json[0] == '{');
}
