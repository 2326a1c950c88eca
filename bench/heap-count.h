/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef BENCH_HEAP_COUNT_H
#define BENCH_HEAP_COUNT_H

#include <stddef.h>

/* Start tracking live heap bytes from zero */
void heap_count_begin(void);
/* Stop tracking; the highest live byte count since heap_count_begin() */
size_t heap_count_end(void);

#endif
