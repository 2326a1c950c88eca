/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest-physical address space as an SVG picture.
 *
 * A 4 KiB UART and 16 TiB of RAM differ by 2^32: no linear scale shows
 * both, and a log scale draws 16 TiB only twice as tall as 752 MiB,
 * which reads as a proportion it is not. The picture is a memory map as
 * data sheets draw them, not to scale: every start and end of a region
 * is a boundary, and each interval between two boundaries is one of
 * four heights by its size (under 64 KiB, under 16 MiB, under 1 GiB,
 * 1 GiB and more). From 1 GiB on a region is drawn cut (a zig-zag
 * across it), as is a gap (with its size). Every region's base is
 * written on the axis, its size beside it, and a <title> tooltip gives
 * name, base, end, size, state and reason. Addresses grow downwards.
 *
 * Two lanes: the board as built (low devices, RAM, hotplug area, the high
 * regions in use) and, beside it, the high regions that are off, hatched,
 * at the place they would take in the legacy layout, with the reason.
 */
#include "hw/arm/virt-plan.h"
#include "hw/arm/virt-internal.h"

#include <string.h>

#define SVG_WIDTH 1200
#define SVG_TOP 78               /* the first boundary, without a given title */
#define SVG_LINE 20              /* one more line of title */
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
    char *tip;                  /* the <title> tooltip */
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
    g_free(it->tip);
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

/* The tooltip: what the table's row says, one fact a line */
static char *svg_tip(const char *name, hwaddr base, hwaddr size,
                     const char *state, const char *why)
{
    g_autofree char *b = svg_addr(base);
    g_autofree char *e = svg_addr(base + size - 1);
    g_autofree char *hs = virt_size_to_str(size);

    return g_strdup_printf("%s\nbase %s, end %s\nsize %s\n%s%s%s", name, b,
                           e, hs, state, why && *why ? ": " : "",
                           why ? why : "");
}

static void svg_add(GArray *items, hwaddr base, hwaddr size, SvgStyle st,
                    char *label, char *note, char *tip)
{
    SvgItem it = { base, size, st, label, note, tip };

    if (size) {
        g_array_append_val(items, it);
    } else {
        g_free(label);
        g_free(note);
        g_free(tip);
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
        g_autofree char *why = NULL;

        if (i == VIRT_CPUPERIPHS || i == VIRT_MEM) {
            continue;
        }
        if (i == VIRT_MMIO) {
            size *= VIRT_NUM_VIRTIO_TRANSPORTS;
        }
        hs = virt_size_to_str(size);
        why = virt_report_reason(vms, i);
        svg_add(items, m->entry[i].base, size, on ? SVG_LOW_ON : SVG_LOW_OFF,
                g_strdup_printf("%s  %s%s", virt_region_name(i), hs,
                                on ? "" : "  (not instantiated)"),
                NULL,
                svg_tip(virt_region_name(i), m->entry[i].base, size,
                        virt_report_state(vms, i), why));
    }
    {
        g_autofree char *hs = virt_size_to_str(vms->ram_size);

        svg_add(items, m->entry[VIRT_MEM].base, vms->ram_size, SVG_RAM,
                g_strdup_printf("RAM  %s", hs), NULL,
                svg_tip("MEM (RAM, -m)", m->entry[VIRT_MEM].base,
                        vms->ram_size, "on", NULL));
    }
    if (m->device_memory_size) {
        g_autofree char *hs = virt_size_to_str(m->device_memory_size);

        svg_add(items, m->device_memory_base, m->device_memory_size,
                SVG_DEVMEM, g_strdup_printf("hotplug area  %s", hs),
                g_strdup("maxmem - RAM + 1 GiB per slot"),
                svg_tip("DEVICE_MEMORY", m->device_memory_base,
                        m->device_memory_size, "on",
                        "hotplug: maxmem - RAM + 1 GiB per slot"));
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
        const char *name = virt_region_name(idx);
        const char *state = virt_report_state(vms, idx);
        g_autofree char *hs = virt_size_to_str(e->size);
        char *why = virt_report_reason(vms, idx);

        if (virt_high_region_used(vms, idx)) {
            svg_add(main, e->base, e->size, SVG_HIGH_ON,
                    g_strdup_printf("%s  %s", name, hs), why,
                    svg_tip(name, e->base, e->size, state, why));
        } else if (vms->region_state[i] == VIRT_REGION_ENABLED ||
                   vms->region_state[i] == VIRT_REGION_UNUSED) {
            svg_add(main, e->base, e->size, SVG_HIGH_UNUSED,
                    g_strdup_printf("%s  %s  (unused)", name, hs), why,
                    svg_tip(name, e->base, e->size, state, why));
        } else {
            bool compact_off = vms->highmem_compact &&
                               !vms->memmap.enabled[i];
            bool by_prop =
                vms->region_state[i] == VIRT_REGION_OFF_PROPERTY ||
                vms->region_state[i] == VIRT_REGION_OFF_COMPAT;
            hwaddr at = compact_off ? legacy[i] : e->base;
            g_autofree char *where = g_strdup_printf(
                "%s%s", why,
                compact_off ? "; drawn where the legacy layout puts it"
                            : "");

            /* drawn where it would be if every region took its space */
            svg_add(off, at, e->size, SVG_HIGH_OFF,
                    g_strdup_printf("%s  %s  off%s", name, hs,
                                    compact_off && by_prop
                                        ? " (takes no space: compact "
                                          "layout)"
                                        : ""),
                    why, svg_tip(name, at, e->size, state, where));
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

/* Does some item of @list start at @a? */
static bool svg_is_base(GArray *list, hwaddr a)
{
    guint i;

    for (i = 0; i < list->len; i++) {
        if (g_array_index(list, SvgItem, i).base == a) {
            return true;
        }
    }
    return false;
}

/* The scale: a height per size class, the same in every picture */
#define SVG_H_SMALL 16          /* under 64 KiB */
#define SVG_H_MEDIUM 22         /* under 16 MiB */
#define SVG_H_LARGE 30          /* under 1 GiB */
#define SVG_H_HUGE 46           /* 1 GiB and more: cut */
#define SVG_H_GAP 8             /* a gap under 1 GiB */
#define SVG_H_GAP_HUGE 26       /* a gap of 1 GiB and more: cut */

/* How the picture lays the address space out */
typedef struct SvgLayout {
    GArray *b;                  /* the boundaries, sorted */
    double *y;                  /* the y of each */
    bool *cut;                  /* interval i-1..i is drawn shortened */
    bool *gap;                  /* ... and covered by no region */
    double bottom;
} SvgLayout;

static void svg_layout_clear(SvgLayout *l)
{
    g_array_unref(l->b);
    g_free(l->y);
    g_free(l->cut);
    g_free(l->gap);
}

static void svg_layout(SvgLayout *l, GArray *main, GArray *off, hwaddr limit,
                       double top)
{
    guint i;

    l->b = svg_boundaries(main, off, limit);
    l->y = g_new0(double, l->b->len);
    l->cut = g_new0(bool, l->b->len);
    l->gap = g_new0(bool, l->b->len);
    l->y[0] = top;
    for (i = 1; i < l->b->len; i++) {
        hwaddr lo = g_array_index(l->b, hwaddr, i - 1);
        hwaddr hi = g_array_index(l->b, hwaddr, i);
        hwaddr size = hi - lo;
        double h;

        l->cut[i] = size >= VIRT_GiB;
        if (svg_covered(main, lo, hi) || svg_covered(off, lo, hi)) {
            h = size < 64 * VIRT_KiB ? SVG_H_SMALL
                : size < 16 * VIRT_MiB ? SVG_H_MEDIUM
                : size < VIRT_GiB ? SVG_H_LARGE : SVG_H_HUGE;
        } else {
            l->gap[i] = true;
            h = l->cut[i] ? SVG_H_GAP_HUGE : SVG_H_GAP;
        }
        l->y[i] = l->y[i - 1] + h;
    }
    l->bottom = l->y[l->b->len - 1];
}

static guint svg_index(const SvgLayout *l, hwaddr a)
{
    hwaddr *hit = bsearch(&a, l->b->data, l->b->len, sizeof(hwaddr),
                          svg_cmp_addr);

    g_assert(hit != NULL);
    return (guint)(hit - (hwaddr *)l->b->data);
}

static double svg_y(const SvgLayout *l, hwaddr a)
{
    return l->y[svg_index(l, a)];
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
        "font-size:10px;fill:#333}.e{fill:#999}"
        ".pa{fill:#c00;font-weight:bold;"
        "font-size:11.5px}.n{fill:#666}"
        ".h{paint-order:stroke;stroke:#fff;stroke-width:3px}"
        ".cut{fill:none;stroke:#fff;stroke-width:5}</style>\n");
}

/* A zig-zag across x..x+w at @y: this part is drawn shortened */
static void svg_cut_mark(GString *s, double x, double w, double y,
                         const char *cls, const char *stroke)
{
    double step = w / 8;
    int k;

    g_string_append_printf(s, "<path class=\"%s\"%s%s%s d=\"M%.1f %.1f", cls,
                           stroke ? " style=\"stroke:" : "",
                           stroke ? stroke : "", stroke ? "\"" : "",
                           x - 4, y);
    for (k = 0; k < 8; k++) {
        g_string_append_printf(s, " L%.1f %.1f", x + step * (k + 0.5),
                               y + (k % 2 ? 4 : -4));
    }
    g_string_append_printf(s, " L%.1f %.1f\"/>\n", x + w + 4, y);
}

static void svg_items(GString *s, GArray *list, const SvgLayout *l,
                      double x, double w, double label_x)
{
    guint i, k;

    for (i = 0; i < list->len; i++) {
        SvgItem *it = &g_array_index(list, SvgItem, i);
        guint k0 = svg_index(l, it->base);
        guint k1 = svg_index(l, it->base + it->size);
        double y0 = l->y[k0];
        double y1 = l->y[k1];
        double mid = (y0 + y1) / 2;
        bool two = it->note && y1 - y0 >= 26;

        g_string_append(s, "<g><title>");
        svg_text(s, it->tip);
        g_string_append(s, "</title>\n");
        g_string_append_printf(s, "<rect x=\"%.0f\" y=\"%.1f\" "
                               "width=\"%.0f\" height=\"%.1f\" fill=\"%s\" "
                               "stroke=\"%s\"%s/>\n",
                               x, y0, w, y1 - y0, svg_fill[it->style],
                               it->style == SVG_LOW_ON ? "#fff" : "#777",
                               it->style == SVG_HIGH_UNUSED
                                   ? " stroke-dasharray=\"5 3\""
                                   : "");
        for (k = k0 + 1; k <= k1; k++) {
            if (l->cut[k]) {
                svg_cut_mark(s, x, w, (l->y[k - 1] + l->y[k]) / 2, "cut",
                             NULL);
            }
        }
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
        g_string_append(s, "</g>\n");
    }
}

/*
 * The address axis: the base of every region, always; an end that starts
 * nothing only where there is room for it, in grey.
 */
static void svg_axis(GString *s, const SvgLayout *l, GArray *main,
                     GArray *off)
{
    double last = -100;
    guint i, n = l->b->len;

    for (i = 0; i < n; i++) {
        hwaddr at = g_array_index(l->b, hwaddr, i);
        g_autofree char *a = svg_addr(at);
        bool base = svg_is_base(main, at) || svg_is_base(off, at);
        double next = i + 1 < n ? l->y[i + 1] : 1e9;

        if (i && l->gap[i] && l->cut[i]) {
            g_autofree char *hs =
                virt_size_to_str(at - g_array_index(l->b, hwaddr, i - 1));
            double m = (l->y[i - 1] + l->y[i]) / 2;

            svg_cut_mark(s, SVG_MAIN_X + 40, 60, m, "n", "#999;fill:none");
            g_string_append_printf(s, "<text class=\"n\" x=\"%d\" y=\"%.1f\">"
                                   "gap of %s</text>\n",
                                   SVG_MAIN_X + 112, m + 3.5, hs);
        }
        if (!base && (l->y[i] - last < 11 || next - l->y[i] < 11)) {
            /* an end only: the next base or the label above needs room */
            g_string_append_printf(s, "<line x1=\"%d\" y1=\"%.1f\" "
                                   "x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                                   "\n",
                                   SVG_ADDR_X + 6, l->y[i], SVG_MAIN_X,
                                   l->y[i]);
            continue;
        }
        g_string_append_printf(s, "<text class=\"a%s\" x=\"%d\" y=\"%.1f\" "
                               "text-anchor=\"end\">%s</text>\n",
                               base ? "" : " e", SVG_ADDR_X, l->y[i] + 3.5,
                               a);
        g_string_append_printf(s, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
                               "y2=\"%.1f\" stroke=\"#bbb\"/>\n",
                               SVG_ADDR_X + 2, l->y[i], SVG_MAIN_X, l->y[i]);
        last = l->y[i];
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
                           "Not to scale. A band between two boundaries is "
                           "%d px tall under 64 KiB, %d px under 16 MiB, "
                           "%d px under 1 GiB and %d px from 1 GiB on, "
                           "drawn cut (zig-zag); the size is written beside "
                           "each region.</text>\n",
                           y0 + 30, SVG_H_SMALL, SVG_H_MEDIUM, SVG_H_LARGE,
                           SVG_H_HUGE);
    g_string_append_printf(s, "<text class=\"n\" x=\"20\" y=\"%.0f\">"
                           "Addresses grow downwards; the axis gives the "
                           "base of every region (an end in grey where "
                           "nothing starts). Hover over a region for its "
                           "details.</text>\n",
                           y0 + 46);
}

static void svg_title(GString *s, const VirtMachineState *vms,
                      const char *title)
{
    g_autofree char *ram = virt_size_to_str(vms->ram_size);
    g_autofree char *head = g_strdup_printf(
        "QEMU %s, %s, cpu %s, -accel %s, %s of RAM: guest physical address "
        "space",
        virt_release_name(vms->release), vms->type->name, vms->cpu->name,
        vms->accel == VIRT_ACCEL_KVM ? "kvm"
        : vms->accel == VIRT_ACCEL_HVF ? "hvf" : "tcg", ram);
    g_autofree char *hi = svg_addr(vms->memmap.highest_gpa);
    double y = 26;

    g_string_append_printf(s, "<title>");
    svg_text(s, head);
    if (title) {
        g_string_append(s, " (");
        svg_text(s, title);
        g_string_append(s, ")");
    }
    g_string_append_printf(s, "</title>\n<text class=\"t\" x=\"20\" "
                           "y=\"%.0f\">", y);
    svg_text(s, head);
    g_string_append(s, "</text>\n");
    if (title) {
        y += SVG_LINE;
        g_string_append_printf(s, "<text class=\"t\" x=\"20\" y=\"%.0f\">",
                               y);
        svg_text(s, title);
        g_string_append(s, "</text>\n");
    }
    g_string_append_printf(s, "<text class=\"s\" x=\"20\" y=\"%.0f\">PA "
                           "range %d bits%s; highest GPA %s; the VM needs a "
                           "%d-bit IPA",
                           y + 20, vms->memmap.pa_bits,
                           vms->highmem ? "" : " (highmem=off)", hi,
                           vms->requested_ipa_bits);
    if (vms->kvm_type >= 0) {
        g_string_append_printf(s, " (KVM VM type %d)", vms->kvm_type);
    }
    g_string_append_printf(s, "; %s layout; GICv%d, %u vCPU%s (max %u)"
                           "</text>\n",
                           vms->highmem_compact ? "compact" : "legacy",
                           (int)vms->gic_version, vms->smp.cpus,
                           vms->smp.cpus == 1 ? "" : "s", vms->max_cpus);
    g_string_append_printf(s, "<text class=\"s\" x=\"%d\" y=\"%.0f\">the "
                           "board</text><text class=\"s\" x=\"%d\" "
                           "y=\"%.0f\">high regions that are off</text>\n",
                           SVG_MAIN_X, y + 40, SVG_OFF_X, y + 40);
}

static void svg_pa_line(GString *s, const VirtMachineState *vms,
                        const SvgLayout *l)
{
    hwaddr limit = (hwaddr)1 << vms->memmap.pa_bits;
    g_autofree char *hs = virt_size_to_str(limit);
    double ly = svg_y(l, limit);

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
    SvgLayout l;
    GString *s;
    double height;

    g_return_val_if_fail(vms != NULL, NULL);

    g_array_set_clear_func(main, svg_item_clear);
    g_array_set_clear_func(off, svg_item_clear);
    svg_low_items(vms, main);
    svg_high_items(vms, main, off);
    svg_layout(&l, main, off, (hwaddr)1 << vms->memmap.pa_bits,
               SVG_TOP + (title ? SVG_LINE : 0));
    height = l.bottom + 86;

    s = g_string_new(NULL);
    g_string_append_printf(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                           "width=\"%d\" height=\"%.0f\" viewBox=\"0 0 %d "
                           "%.0f\">\n",
                           SVG_WIDTH, height, SVG_WIDTH, height);
    svg_defs(s);
    g_string_append_printf(s, "<rect width=\"%d\" height=\"%.0f\" "
                           "fill=\"#fff\"/>\n",
                           SVG_WIDTH, height);
    svg_title(s, vms, title);
    svg_axis(s, &l, main, off);
    svg_items(s, main, &l, SVG_MAIN_X, SVG_MAIN_W, SVG_MAIN_LABEL_X);
    svg_items(s, off, &l, SVG_OFF_X, SVG_OFF_W, SVG_OFF_LABEL_X);
    svg_pa_line(s, vms, &l);
    svg_legend(s, l.bottom + 22);
    g_string_append(s, "</svg>\n");
    svg_layout_clear(&l);
    return g_string_free(s, FALSE);
}
