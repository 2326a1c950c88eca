/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest-physical address space as an SVG picture.
 *
 * A 4 KiB UART and a 512 GiB PCI window differ by 2^27, so no linear or
 * plain log scale shows both. The picture uses a segmented scale instead:
 * every start and end of a region is a boundary, and each interval
 * between two boundaries gets a height that grows with the log of its
 * size (with a floor, so the smallest device still holds a label). Gaps
 * get a thinner band with a break mark. Addresses grow downwards.
 *
 * Two lanes: the board as built (low devices, RAM, hotplug area, the high
 * regions in use) and, beside it, the high regions that are off, hatched,
 * at the place they would take in the legacy layout, with the reason.
 */
#include "hw/arm/virt-plan.h"

#include <math.h>
#include <string.h>

#define SVG_WIDTH 1200
#define SVG_TOP 78
#define SVG_ADDR_X 160
#define SVG_MAIN_X 170
#define SVG_MAIN_W 170
#define SVG_MAIN_LABEL_X 350
#define SVG_OFF_X 660
#define SVG_OFF_W 140
#define SVG_OFF_LABEL_X 810

typedef enum SvgStyle {
    SVG_LOW_ON,
    SVG_LOW_OFF,
    SVG_RAM,
    SVG_DEVMEM,
    SVG_HIGH_ON,
    SVG_HIGH_UNUSED,
    SVG_HIGH_OFF,
} SvgStyle;

typedef struct SvgItem {
    hwaddr base;
    hwaddr size;
    SvgStyle style;
    char *label;
    char *note;                 /* second line, or NULL */
} SvgItem;

static const char *const svg_fill[] = {
    [SVG_LOW_ON] = "#4e79a7",
    [SVG_LOW_OFF] = "#e4e9f0",
    [SVG_RAM] = "#59a14f",
    [SVG_DEVMEM] = "#b5dca9",
    [SVG_HIGH_ON] = "#f28e2b",
    [SVG_HIGH_UNUSED] = "#fff4e6",
    [SVG_HIGH_OFF] = "url(#hatch)",
};

static void svg_item_clear(gpointer p)
{
    SvgItem *it = p;

    g_free(it->label);
    g_free(it->note);
}

/* "4 KiB", "15.4 MiB": exact when it is, else one decimal */
static char *svg_human(uint64_t v)
{
    static const char *const unit[] = { "bytes", "KiB", "MiB", "GiB", "TiB",
                                        "PiB", "EiB" };
    double d = (double)v;
    int u = 0;

    while (u < 6 && v >= 1024 && v % 1024 == 0) {
        v /= 1024;
        u++;
    }
    if (v < 1024 || u == 6) {
        return g_strdup_printf("%" G_GUINT64_FORMAT " %s", (guint64)v,
                               unit[u]);
    }
    for (u = 0; u < 6 && d >= 1024; u++) {
        d /= 1024;
    }
    return g_strdup_printf("%.1f %s", d, unit[u]);
}

/* 0x40_1000_0000: hex in groups of four digits */
static char *svg_addr(hwaddr a)
{
    g_autofree char *hex = g_strdup_printf("%" G_GINT64_MODIFIER "x",
                                           (guint64)a);
    GString *s = g_string_new("0x");
    size_t n = strlen(hex), i;

    for (i = 0; i < n; i++) {
        if (i && (n - i) % 4 == 0) {
            g_string_append_c(s, '_');
        }
        g_string_append_c(s, hex[i]);
    }
    return g_string_free(s, FALSE);
}

static void svg_text(GString *s, const char *text)
{
    g_autofree char *esc = g_markup_escape_text(text, -1);

    g_string_append(s, esc);
}

static void svg_add(GArray *items, hwaddr base, hwaddr size, SvgStyle st,
                    char *label, char *note)
{
    SvgItem it = { base, size, st, label, note };

    if (size) {
        g_array_append_val(items, it);
    } else {
        g_free(label);
        g_free(note);
    }
}

static void svg_low_items(const VirtMachineState *vms, GArray *items)
{
    const VirtMemMap *m = &vms->memmap;
    int i;

    for (i = 0; i < VIRT_LOWMEMMAP_LAST; i++) {
        hwaddr size = m->entry[i].size;
        bool on = virt_low_region_used(vms, i);
        g_autofree char *hs = NULL;

        if (i == VIRT_CPUPERIPHS || i == VIRT_MEM) {
            continue;
        }
        if (i == VIRT_MMIO) {
            size *= VIRT_NUM_VIRTIO_TRANSPORTS;
        }
        hs = svg_human(size);
        svg_add(items, m->entry[i].base, size, on ? SVG_LOW_ON : SVG_LOW_OFF,
                g_strdup_printf("%s  %s%s", virt_region_name(i), hs,
                                on ? "" : "  (not instantiated)"),
                NULL);
    }
    {
        g_autofree char *hs = svg_human(vms->ram_size);

        svg_add(items, m->entry[VIRT_MEM].base, vms->ram_size, SVG_RAM,
                g_strdup_printf("RAM  %s", hs), NULL);
    }
    if (m->device_memory_size) {
        g_autofree char *hs = svg_human(m->device_memory_size);

        svg_add(items, m->device_memory_base, m->device_memory_size,
                SVG_DEVMEM, g_strdup_printf("hotplug area  %s", hs),
                g_strdup("maxmem - RAM + 1 GiB per slot"));
    }
}

/* Where each high region sits when every one takes its space */
static void svg_legacy_bases(const VirtMachineState *vms,
                             hwaddr base[VIRT_HIGH_REGION_COUNT])
{
    /* the machine's own request, in the legacy layout, every region on */
    VirtMemMapRequest req = vms->memmap_request;
    VirtMemMap legacy;
    int i;

    req.pa_bits = vms->memmap.pa_bits;
    req.highmem = true;
    req.compact = false;
    for (i = 0; i < VIRT_HIGH_REGION_COUNT; i++) {
        req.enabled[i] = true;
    }

    for (i = 0; i < VIRT_HIGH_REGION_COUNT; i++) {
        base[i] = vms->memmap.entry[VIRT_LOWMEMMAP_LAST + i].base;
    }
    if (vms->highmem_compact && virt_memmap_plan(&req, &legacy, NULL)) {
        for (i = 0; i < VIRT_HIGH_REGION_COUNT; i++) {
            base[i] = legacy.entry[VIRT_LOWMEMMAP_LAST + i].base;
        }
    }
}

static void svg_high_items(const VirtMachineState *vms, GArray *main,
                           GArray *off)
{
    hwaddr legacy[VIRT_HIGH_REGION_COUNT];
    int i;

    svg_legacy_bases(vms, legacy);
    for (i = 0; i < VIRT_HIGH_REGION_COUNT; i++) {
        int idx = VIRT_LOWMEMMAP_LAST + i;
        const MemMapEntry *e = &vms->memmap.entry[idx];
        g_autofree char *hs = svg_human(e->size);
        char *why = virt_region_reason(vms, idx);

        if (virt_high_region_used(vms, idx)) {
            svg_add(main, e->base, e->size, SVG_HIGH_ON,
                    g_strdup_printf("%s  %s", virt_region_name(idx), hs),
                    why);
        } else if (vms->region_state[i] == VIRT_REGION_ENABLED ||
                   vms->region_state[i] == VIRT_REGION_UNUSED) {
            svg_add(main, e->base, e->size, SVG_HIGH_UNUSED,
                    g_strdup_printf("%s  %s  (unused)", virt_region_name(idx),
                                    hs),
                    why);
        } else {
            bool compact_off = vms->highmem_compact &&
                               !vms->memmap.enabled[i];
            bool by_prop =
                vms->region_state[i] == VIRT_REGION_OFF_PROPERTY ||
                vms->region_state[i] == VIRT_REGION_OFF_COMPAT;

            /* drawn where it would be if every region took its space */
            svg_add(off, compact_off ? legacy[i] : e->base, e->size,
                    SVG_HIGH_OFF,
                    g_strdup_printf("%s  %s  off%s", virt_region_name(idx),
                                    hs,
                                    compact_off && by_prop
                                        ? " (takes no space: compact "
                                          "layout)"
                                        : ""),
                    why);
        }
    }
}

static gint svg_cmp_addr(gconstpointer a, gconstpointer b)
{
    hwaddr x = *(const hwaddr *)a, y = *(const hwaddr *)b;

    return x < y ? -1 : x > y ? 1 : 0;
}

/* Sorted, unique boundaries of every item, 0 and the PA limit */
static GArray *svg_boundaries(GArray *main, GArray *off, hwaddr limit)
{
    GArray *b = g_array_new(FALSE, FALSE, sizeof(hwaddr));
    GArray *lists[2] = { main, off };
    hwaddr zero = 0;
    guint i, j, k;

    g_array_append_val(b, zero);
    g_array_append_val(b, limit);
    for (k = 0; k < 2; k++) {
        for (i = 0; i < lists[k]->len; i++) {
            SvgItem *it = &g_array_index(lists[k], SvgItem, i);
            hwaddr end = it->base + it->size;

            g_array_append_val(b, it->base);
            g_array_append_val(b, end);
        }
    }
    g_array_sort(b, svg_cmp_addr);
    for (i = 1, j = 1; i < b->len; i++) {
        if (g_array_index(b, hwaddr, i) != g_array_index(b, hwaddr, j - 1)) {
            g_array_index(b, hwaddr, j++) = g_array_index(b, hwaddr, i);
        }
    }
    g_array_set_size(b, j);
    return b;
}

static bool svg_covered(GArray *list, hwaddr lo, hwaddr hi)
{
    guint i;

    for (i = 0; i < list->len; i++) {
        SvgItem *it = &g_array_index(list, SvgItem, i);

        if (it->base <= lo && it->base + it->size >= hi) {
            return true;
        }
    }
    return false;
}

/* The y of every boundary; the heights follow log2 of each interval */
static double *svg_layout(GArray *b, GArray *main, GArray *off,
                          double *bottom, bool **gap)
{
    double *y = g_new0(double, b->len);
    guint i;

    *gap = g_new0(bool, b->len);
    y[0] = SVG_TOP;
    for (i = 1; i < b->len; i++) {
        hwaddr lo = g_array_index(b, hwaddr, i - 1);
        hwaddr hi = g_array_index(b, hwaddr, i);
        double l2 = log2((double)(hi - lo) / 4096.0);
        double h;

        if (svg_covered(main, lo, hi) || svg_covered(off, lo, hi)) {
            h = CLAMP(12.0 + 3.0 * l2, 12.0, 110.0);
        } else {
            h = CLAMP(5.0 + 1.2 * l2, 5.0, 36.0);
            (*gap)[i] = hi - lo >= VIRT_GiB;
        }
        y[i] = y[i - 1] + h;
    }
    *bottom = y[b->len - 1];
    return y;
}

static double svg_y(GArray *b, const double *y, hwaddr a)
{
    hwaddr *hit = bsearch(&a, b->data, b->len, sizeof(hwaddr), svg_cmp_addr);

    g_assert(hit != NULL);
    return y[hit - (hwaddr *)b->data];
}

static void svg_defs(GString *s)
{
    g_string_append(s,
        "<defs><pattern id=\"hatch\" patternUnits=\"userSpaceOnUse\" "
        "width=\"8\" height=\"8\" patternTransform=\"rotate(45)\">"
        "<rect width=\"8\" height=\"8\" fill=\"#f2f2f2\"/>"
        "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#a0a0a0\" "
        "stroke-width=\"3\"/></pattern></defs>\n"
        "<style>text{font-family:DejaVu Sans,Verdana,sans-serif;"
        "font-size:10.5px;fill:#222}.t{font-size:15px;font-weight:bold}"
        ".s{font-size:11.5px}.a{font-family:DejaVu Sans Mono,monospace;"
        "font-size:10px;fill:#555}.pa{fill:#c00;font-weight:bold;"
        "font-size:11.5px}.n{fill:#666}"
        ".h{paint-order:stroke;stroke:#fff;stroke-width:3px}</style>\n");
}

static void svg_items(GString *s, GArray *list, GArray *b, const double *y,
                      double x, double w, double label_x)
{
    guint i;

    for (i = 0; i < list->len; i++) {
        SvgItem *it = &g_array_index(list, SvgItem, i);
        double y0 = svg_y(b, y, it->base);
        double y1 = svg_y(b, y, it->base + it->size);
        double mid = (y0 + y1) / 2;
        bool two = it->note && y1 - y0 >= 26;

        g_string_append_printf(s, "<rect x=\"%.0f\" y=\"%.1f\" "
                               "width=\"%.0f\" height=\"%.1f\" fill=\"%s\" "
                               "stroke=\"%s\"%s/>\n",
                               x, y0, w, y1 - y0, svg_fill[it->style],
                               it->style == SVG_LOW_ON ? "#fff" : "#777",
                               it->style == SVG_HIGH_UNUSED
                                   ? " stroke-dasharray=\"5 3\""
                                   : "");
        g_string_append_printf(s, "<text x=\"%.0f\" y=\"%.1f\">",
                               label_x, two ? mid - 2 : mid + 3.5);
        svg_text(s, it->label);
        g_string_append(s, "</text>\n");
        if (two) {
            g_string_append_printf(s, "<text class=\"n\" x=\"%.0f\" "
                                   "y=\"%.1f\">",
                                   label_x, mid + 11);
            svg_text(s, it->note);
            g_string_append(s, "</text>\n");
        }
    }
}

static void svg_axis(GString *s, GArray *b, const double *y, const bool *gap)
{
    double last = -100;
    guint i;

    for (i = 0; i < b->len; i++) {
        g_autofree char *a = svg_addr(g_array_index(b, hwaddr, i));

        if (i && gap[i]) {
            g_autofree char *hs =
                svg_human(g_array_index(b, hwaddr, i) -
                          g_array_index(b, hwaddr, i - 1));
            double m = (y[i - 1] + y[i]) / 2;

            g_string_append_printf(s, "<path d=\"M%d %.1f l10 -4 l10 8 l10 -8 "
                                   "l10 8 l10 -4\" fill=\"none\" "
                                   "stroke=\"#999\"/>\n",
                                   SVG_MAIN_X + 60, m);
            g_string_append_printf(s, "<text class=\"n\" x=\"%d\" y=\"%.1f\">"
                                   "gap of %s</text>\n",
                                   SVG_MAIN_X + 118, m + 3.5, hs);
        }
        if (y[i] - last < 11 && i != b->len - 1) {
            continue;
        }
        g_string_append_printf(s, "<text class=\"a\" x=\"%d\" y=\"%.1f\" "
                               "text-anchor=\"end\">%s</text>\n",
                               SVG_ADDR_X, y[i] + 3.5, a);
        g_string_append_printf(s, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
                               "y2=\"%.1f\" stroke=\"#bbb\"/>\n",
                               SVG_ADDR_X + 2, y[i], SVG_MAIN_X, y[i]);
        last = y[i];
    }
}

static void svg_legend(GString *s, double y0)
{
    static const struct {
        SvgStyle st;
        const char *text;
    } keys[] = {
        { SVG_LOW_ON, "low device" },
        { SVG_LOW_OFF, "low slot, not instantiated" },
        { SVG_RAM, "RAM" },
        { SVG_DEVMEM, "hotplug area" },
        { SVG_HIGH_ON, "high region in use" },
        { SVG_HIGH_UNUSED, "high region, not needed" },
        { SVG_HIGH_OFF, "high region off" },
    };
    guint i;
    double x = 20;

    for (i = 0; i < G_N_ELEMENTS(keys); i++) {
        g_string_append_printf(s, "<rect x=\"%.0f\" y=\"%.0f\" width=\"16\" "
                               "height=\"12\" fill=\"%s\" stroke=\"#777\"/>"
                               "<text x=\"%.0f\" y=\"%.0f\">%s</text>\n",
                               x, y0, svg_fill[keys[i].st], x + 21, y0 + 10,
                               keys[i].text);
        x += 26 + 6.2 * strlen(keys[i].text) + 14;
    }
    g_string_append_printf(s, "<text class=\"n\" x=\"20\" y=\"%.0f\">"
                           "Segmented scale: each band between two region "
                           "boundaries is as tall as log2 of its size "
                           "(at least 12 px), so a 4 KiB device and a "
                           "512 GiB window both show. Addresses grow "
                           "downwards.</text>\n",
                           y0 + 30);
}

static void svg_title(GString *s, const VirtMachineState *vms,
                      const char *title)
{
    g_autofree char *ram = svg_human(vms->ram_size);
    g_autofree char *deflt = g_strdup_printf(
        "QEMU %s, %s, cpu %s, -accel %s, %s of RAM: guest physical address "
        "space",
        virt_release_name(vms->release), vms->type->name, vms->cpu->name,
        vms->accel == VIRT_ACCEL_KVM ? "kvm"
        : vms->accel == VIRT_ACCEL_HVF ? "hvf" : "tcg", ram);
    g_autofree char *hi = svg_addr(vms->memmap.highest_gpa);

    g_string_append(s, "<text class=\"t\" x=\"20\" y=\"26\">");
    g_autofree char *given = title ? g_strdup_printf(
        "QEMU %s, %s", virt_release_name(vms->release), title) : NULL;

    svg_text(s, title ? given : deflt);
    g_string_append_printf(s, "</text>\n<text class=\"s\" x=\"20\" "
                           "y=\"46\">PA range %d bits%s; highest GPA %s; "
                           "the VM needs a %d-bit IPA",
                           vms->memmap.pa_bits,
                           vms->highmem ? "" : " (highmem=off)", hi,
                           vms->requested_ipa_bits);
    if (vms->kvm_type >= 0) {
        g_string_append_printf(s, " (KVM VM type %d)", vms->kvm_type);
    }
    g_string_append_printf(s, "; %s layout; GICv%d, %u vCPUs (max %u)"
                           "</text>\n",
                           vms->highmem_compact ? "compact" : "legacy",
                           (int)vms->gic_version, vms->smp.cpus,
                           vms->max_cpus);
    g_string_append_printf(s, "<text class=\"s\" x=\"%d\" y=\"66\">the board"
                           "</text><text class=\"s\" x=\"%d\" y=\"66\">high "
                           "regions that are off</text>\n",
                           SVG_MAIN_X, SVG_OFF_X);
}

static void svg_pa_line(GString *s, const VirtMachineState *vms, GArray *b,
                        const double *y)
{
    hwaddr limit = (hwaddr)1 << vms->memmap.pa_bits;
    g_autofree char *hs = svg_human(limit);
    double ly = svg_y(b, y, limit);

    g_string_append_printf(s, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
                           "y2=\"%.1f\" stroke=\"#c00\" stroke-width=\"2\" "
                           "stroke-dasharray=\"8 4\"/>\n",
                           SVG_ADDR_X + 2, ly, SVG_WIDTH - 10, ly);
    g_string_append_printf(s, "<text class=\"pa h\" x=\"%d\" y=\"%.1f\">"
                           "PA limit 2^%d = %s%s</text>\n",
                           SVG_OFF_X - 240, ly - 4, vms->memmap.pa_bits, hs,
                           vms->highmem ? "" : " (highmem=off)");
}

char *virt_machine_to_svg(const VirtMachineState *vms, const char *title)
{
    g_autoptr(GArray) main = g_array_new(FALSE, FALSE, sizeof(SvgItem));
    g_autoptr(GArray) off = g_array_new(FALSE, FALSE, sizeof(SvgItem));
    g_autoptr(GArray) b = NULL;
    g_autofree double *y = NULL;
    g_autofree bool *gap = NULL;
    GString *s;
    double bottom;

    g_return_val_if_fail(vms != NULL, NULL);

    g_array_set_clear_func(main, svg_item_clear);
    g_array_set_clear_func(off, svg_item_clear);
    svg_low_items(vms, main);
    svg_high_items(vms, main, off);
    b = svg_boundaries(main, off, (hwaddr)1 << vms->memmap.pa_bits);
    y = svg_layout(b, main, off, &bottom, &gap);

    s = g_string_new(NULL);
    g_string_append_printf(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                           "width=\"%d\" height=\"%.0f\" viewBox=\"0 0 %d "
                           "%.0f\">\n",
                           SVG_WIDTH, bottom + 70, SVG_WIDTH, bottom + 70);
    svg_defs(s);
    g_string_append_printf(s, "<rect width=\"%d\" height=\"%.0f\" "
                           "fill=\"#fff\"/>\n",
                           SVG_WIDTH, bottom + 70);
    svg_title(s, vms, title);
    svg_axis(s, b, y, gap);
    svg_items(s, main, b, y, SVG_MAIN_X, SVG_MAIN_W, SVG_MAIN_LABEL_X);
    svg_items(s, off, b, y, SVG_OFF_X, SVG_OFF_W, SVG_OFF_LABEL_X);
    svg_pa_line(s, vms, b, y);
    svg_legend(s, bottom + 22);
    g_string_append(s, "</svg>\n");
    return g_string_free(s, FALSE);
}
