/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A heap high-water mark for the benchmark: the malloc family is replaced
 * in this executable (GLib's allocations resolve to it too) and forwards
 * to glibc's own entry points. While counting is on, the live bytes
 * (malloc_usable_size) and their peak are tracked; while it is off the
 * wrappers only forward.
 *
 * glibc only: __libc_malloc and friends are glibc's exported names.
 */
#include <malloc.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "heap-count.h"

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t align, size_t size);
extern void __libc_free(void *p);

static bool counting;
static size_t live;
static size_t peak;

static void count_add(void *p)
{
    if (counting && p != NULL) {
        live += malloc_usable_size(p);
        if (live > peak) {
            peak = live;
        }
    }
}

static void count_sub(void *p)
{
    if (counting && p != NULL) {
        size_t n = malloc_usable_size(p);

        /* Blocks allocated before counting started were not added */
        live = n < live ? live - n : 0;
    }
}

void heap_count_begin(void)
{
    live = 0;
    peak = 0;
    counting = true;
}

size_t heap_count_end(void)
{
    counting = false;
    return peak;
}

void *malloc(size_t size)
{
    void *p = __libc_malloc(size);

    count_add(p);
    return p;
}

void *calloc(size_t n, size_t size)
{
    void *p = __libc_calloc(n, size);

    count_add(p);
    return p;
}

void *realloc(void *old, size_t size)
{
    void *p;

    count_sub(old);
    p = __libc_realloc(old, size);
    count_add(p != NULL || size == 0 ? p : old);
    return p;
}

void free(void *p)
{
    count_sub(p);
    __libc_free(p);
}

void *memalign(size_t align, size_t size)
{
    void *p = __libc_memalign(align, size);

    count_add(p);
    return p;
}

void *aligned_alloc(size_t align, size_t size)
{
    return memalign(align, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
    void *p;

    if (align < sizeof(void *) || (align & (align - 1)) != 0) {
        return EINVAL;
    }
    p = memalign(align, size);
    if (p == NULL && size != 0) {
        return ENOMEM;
    }
    *out = p;
    return 0;
}
