/* pane-detail.c: one incident in full: tracking id, status, type, times,
 * services and per-region status, links and the whole update history,
 * scrollable. It keeps its own copy so the text stays if the incident
 * drops out of a later snapshot. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "draw.h"
#include "pane.h"
#include "xmalloc.h"

struct detail {
	struct incident	*inc;		/* owned copy */
	bool		 gone;		/* no longer in the snapshot */
	struct draw_lines lines;
	int		 built_w;	/* width the lines were wrapped for */
	size_t		 top;
};

static void
detail_add(struct detail *d, int width, int indent, attr_t a, const char *raw)
{
	draw_lines_add(&d->lines, width, indent, a, raw);
}

static void
detail_addf(struct detail *d, int width, int indent, attr_t a,
    const char *label, const char *raw)
{
	struct buf b;

	buf_init(&b);
	buf_puts(&b, label);
	buf_puts(&b, raw != NULL && *raw != '\0' ? raw : "—");
	detail_add(d, width, indent, a, buf_str(&b));
	buf_free(&b);
}

static void
detail_sources(unsigned bits, struct buf *b)
{
	size_t i;

	for (i = 0; i < CHAN_COUNT; i++) {
		if (bits & CHAN_BIT(i)) {
			if (b->len > 0)
				buf_puts(b, ", ");
			buf_puts(b, chan_id_name((enum chan_id)i));
		}
	}
}

/* Facts first, then the update history, then the longer texts. */
static void
detail_build(struct pane *p)
{
	struct detail *d = p->data;
	const struct incident *inc = d->inc;
	int width = p->w - 2;
	char t1[40], t2[40];
	struct buf b;
	size_t i;
	char *s;

	draw_lines_free(&d->lines);
	d->built_w = p->w;
	buf_init(&b);

	detail_add(d, width, 0, draw_attr(ROLE_TITLE), inc->title);
	if (d->gone)
		detail_add(d, width, 0, draw_attr(ROLE_WARN),
		    "(no longer reported by any channel; shown as last seen)");

	buf_printf(&b, "Status: %s   Type: %s   Tracking ID: ",
	    inc_status_name(inc->status), inc_type_name(inc->type));
	buf_puts(&b, inc->tracking_id != NULL ? inc->tracking_id : "—");
	if (inc->level != NULL) {
		buf_puts(&b, "   Level: ");
		buf_puts(&b, inc->level);
	}
	detail_add(d, width, 0, draw_attr(draw_status_role(inc->status)),
	    buf_str(&b));
	buf_reset(&b);
	draw_utc(inc->start, t1, sizeof t1);
	draw_utc(inc->mitigated, t2, sizeof t2);
	buf_printf(&b, "Started: %s   Mitigated: %s", t1, t2);
	detail_add(d, width, 0, A_NORMAL, buf_str(&b));
	buf_reset(&b);
	detail_sources(inc->sources, &b);
	detail_addf(d, width, 0, A_NORMAL, "Reported by: ", buf_str(&b));
	buf_reset(&b);
	s = strv_join(&inc->services, ", ");
	detail_addf(d, width, 0, A_NORMAL, "Services: ", s);
	free(s);
	if (inc->nimpacts == 0) {
		s = strv_join(&inc->regions, ", ");
		detail_addf(d, width, 0, A_NORMAL, "Regions: ", s);
		free(s);
	}
	for (i = 0; i < inc->nimpacts; i++) {
		const struct impact *im = &inc->impacts[i];

		buf_reset(&b);
		buf_puts(&b, i == 0 ? "Regions: " : "         ");
		buf_puts(&b, im->region != NULL ? im->region : "global");
		buf_puts(&b, " (");
		buf_puts(&b, im->service != NULL ? im->service : "?");
		buf_puts(&b, "): ");
		buf_puts(&b, inc_status_name(im->status));
		detail_add(d, width, 0, A_NORMAL, buf_str(&b));
	}
	if (inc->scenario != SCEN_NONE)
		detail_addf(d, width, 0, A_NORMAL, "Scenario: ",
		    scenario_text(inc->scenario));

	buf_reset(&b);
	buf_printf(&b, "Updates (%zu, newest first, times in UTC):",
	    inc->nupdates);
	detail_add(d, width, 0, draw_attr(ROLE_TITLE), buf_str(&b));
	for (i = 0; i < inc->nupdates; i++) {
		const struct update *u = &inc->updates[i];

		buf_reset(&b);
		draw_utc(u->time, t1, sizeof t1);
		buf_printf(&b, "%s  %s", t1, chan_id_name(u->source));
		detail_add(d, width, 2, draw_attr(ROLE_INFO), buf_str(&b));
		detail_add(d, width, 4, A_NORMAL, u->text);
	}
	if (inc->nupdates == 0)
		detail_add(d, width, 2, draw_attr(ROLE_DIM), "(none)");

	if (inc->links.n > 0) {
		detail_add(d, width, 0, draw_attr(ROLE_TITLE), "Links:");
		for (i = 0; i < inc->links.n; i++)
			detail_add(d, width, 2, draw_attr(ROLE_INFO),
			    inc->links.v[i]);
	}
	if (inc->resources.n > 0) {
		detail_add(d, width, 0, draw_attr(ROLE_TITLE),
		    "Your impacted resources:");
		for (i = 0; i < inc->resources.n; i++)
			detail_add(d, width, 2, A_NORMAL, inc->resources.v[i]);
	}
	if (inc->summary != NULL && *inc->summary != '\0') {
		detail_add(d, width, 0, draw_attr(ROLE_TITLE), "Summary:");
		detail_add(d, width, 2, A_NORMAL, inc->summary);
	}
	buf_free(&b);
}

static const struct incident *
detail_find(const struct snapshot *s, const char *key)
{
	return s != NULL ? inc_list_find(&s->incidents, key) : NULL;
}

static void
detail_open(struct pane *p, const void *arg)
{
	struct detail *d = xcalloc(1, sizeof *d);
	const struct incident *inc = detail_find(p->ui->snap, arg);

	d->inc = inc != NULL ? incident_dup(inc) : incident_new(arg);
	p->data = d;
}

static void
detail_close(struct pane *p)
{
	struct detail *d = p->data;

	draw_lines_free(&d->lines);
	incident_free(d->inc);
	free(d);
	p->data = NULL;
}

static bool
detail_changed(struct pane *p, const struct snapshot *old,
    const struct snapshot *new)
{
	struct detail *d = p->data;
	const struct incident *inc = detail_find(new, d->inc->key);

	if (inc == NULL) {
		if (d->gone)
			return false;
		d->gone = true;
	} else {
		if (!d->gone && inc->last_update == d->inc->last_update &&
		    inc->nupdates == d->inc->nupdates &&
		    inc->status == d->inc->status &&
		    inc->sources == d->inc->sources &&
		    inc->nimpacts == d->inc->nimpacts)
			return false;
		d->gone = false;
		incident_free(d->inc);
		d->inc = incident_dup(inc);
	}
	d->built_w = 0;
	return true;
}

static size_t
detail_rows(const struct pane *p)
{
	return p->h > 2 ? (size_t)p->h - 2 : 1;
}

static void
detail_draw(struct pane *p)
{
	static const char *const hints[] = {
		"j/k", "scroll", "PgUp/PgDn", "page", "g/G", "top/end",
		"q/Esc", "back", "?", "help", NULL
	};
	struct detail *d = p->data;
	size_t rows = detail_rows(p);
	char pos[48];
	int y;

	if (d->built_w != p->w)
		detail_build(p);
	if (d->top + rows > d->lines.n)
		d->top = d->lines.n > rows ? d->lines.n - rows : 0;

	wattrset(p->win, draw_attr(ROLE_SELECT));
	mvwhline(p->win, 0, 0, ' ', p->w);
	wattrset(p->win, A_NORMAL);
	y = draw_clean(p->win, 0, 1, p->w - 2, "Incident ",
	    draw_attr(ROLE_SELECT) | A_BOLD);
	draw_text(p->win, 0, 1 + y, p->w - 20 - y,
	    d->inc->tracking_id != NULL ? d->inc->tracking_id : d->inc->key,
	    draw_attr(ROLE_SELECT) | A_BOLD);
	snprintf(pos, sizeof pos, "%zu-%zu/%zu", d->lines.n ? d->top + 1 : 0,
	    d->top + rows < d->lines.n ? d->top + rows : d->lines.n, d->lines.n);
	draw_clean(p->win, 0, p->w - 1 - (int)strlen(pos), (int)strlen(pos),
	    pos, draw_attr(ROLE_SELECT));

	draw_lines_show(p->win, 1, 1, p->w - 2, rows, &d->lines, d->top);
	draw_hints(p->win, p->h - 1, p->w, hints);
}

static enum pane_key
detail_key(struct pane *p, int k)
{
	struct detail *d = p->data;
	size_t rows = detail_rows(p), max;

	max = d->lines.n > rows ? d->lines.n - rows : 0;
	switch (k) {
	case 'q':
	case K_ESC:
	case K_FN(KEY_LEFT):
	case 'h':
	case K_FN(KEY_BACKSPACE):
		ui_pop(p->ui, p);
		return PANE_KEY_DONE;
	case 'j':
	case K_FN(KEY_DOWN):
		if (d->top < max)
			d->top++;
		break;
	case 'k':
	case K_FN(KEY_UP):
		if (d->top > 0)
			d->top--;
		break;
	case ' ':
	case K_FN(KEY_NPAGE):
	case K_CTRL('f'):
		d->top = d->top + rows < max ? d->top + rows : max;
		break;
	case K_FN(KEY_PPAGE):
	case K_CTRL('b'):
		d->top = d->top > rows ? d->top - rows : 0;
		break;
	case 'g':
	case K_FN(KEY_HOME):
		d->top = 0;
		break;
	case 'G':
	case K_FN(KEY_END):
		d->top = max;
		break;
	default:
		return PANE_KEY_PASS;
	}
	p->dirty = true;
	return PANE_KEY_DONE;
}

const struct pane_ops pane_detail_ops = {
	.name = "detail",
	.slot = SLOT_SCREEN,
	.open = detail_open,
	.close = detail_close,
	.changed = detail_changed,
	.draw = detail_draw,
	.key = detail_key,
};
