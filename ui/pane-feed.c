/* pane-feed.c: the incident feed, one line per incident, newest update
 * first, narrowed by the filters and the "/" search, with unread
 * incidents in bold and marked. The selection follows the incident's key
 * across snapshots, so a new incident arriving on top does not move what
 * the user is looking at. Also the small filter menu ("f"). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "decide.h"
#include "draw.h"
#include "filter.h"
#include "pane.h"
#include "sanitize.h"
#include "seen.h"
#include "xmalloc.h"

/* Longest search, in bytes. */
#define FEED_SEARCH_MAX	120

struct feed {
	char	*sel_key;	/* the selected incident's key, owned */
	size_t	 sel;		/* index into shown */
	size_t	 top;
	bool	 typing;	/* "/" is taking keys */
	size_t	*shown;		/* indexes into the snapshot's list */
	size_t	 nshown;
};

static const char *const feed_src_short[CHAN_COUNT] = {
	[CHAN_SERVICE_HEALTH] = "SH",
	[CHAN_STATUS_PAGE] = "SP",
	[CHAN_X] = "X",
	[CHAN_SUPPORT] = "SUP",
};

static void
feed_open(struct pane *p, const void *arg)
{
	p->data = xcalloc(1, sizeof(struct feed));
}

static void
feed_close(struct pane *p)
{
	struct feed *f = p->data;

	free(f->sel_key);
	free(f->shown);
	free(f);
	p->data = NULL;
}

static bool
feed_changed(struct pane *p, const struct snapshot *old,
    const struct snapshot *new)
{
	const struct incident *a, *b;
	size_t i;

	if (old == NULL || old->incidents.n != new->incidents.n)
		return true;
	for (i = 0; i < new->incidents.n; i++) {
		a = old->incidents.v[i];
		b = new->incidents.v[i];
		if (a == b)		/* shared, so unchanged */
			continue;
		if (strcmp(a->key, b->key) != 0 ||
		    a->last_update != b->last_update ||
		    a->status != b->status || a->sources != b->sources ||
		    a->nupdates != b->nupdates ||
		    a->services.n != b->services.n ||
		    a->regions.n != b->regions.n ||
		    strcmp(a->title ? a->title : "", b->title ? b->title : "") != 0)
			return true;
	}
	/* Channel states change the empty-list message. */
	for (i = 0; i < CHAN_COUNT; i++)
		if (new->incidents.n == 0 &&
		    old->chans[i].state != new->chans[i].state)
			return true;
	return false;
}

static const struct incident *
feed_inc(const struct pane *p, size_t i)
{
	const struct feed *f = p->data;

	return p->ui->snap->incidents.v[f->shown[i]];
}

/* Work out what is shown, then find the selected key in it, keeping sel
 * and key in step. */
static void
feed_sync(struct pane *p)
{
	struct feed *f = p->data;
	const struct inc_list *l = &p->ui->snap->incidents;
	const struct filter *flt = p->ui->filter;
	size_t i;

	f->shown = xreallocarray(f->shown, l->n + 1, sizeof *f->shown);
	f->nshown = 0;
	for (i = 0; i < l->n; i++)
		if (flt == NULL || filter_pass(flt, l->v[i]))
			f->shown[f->nshown++] = i;

	if (f->nshown == 0) {
		f->sel = f->top = 0;
		return;
	}
	if (f->sel_key != NULL) {
		for (i = 0; i < f->nshown; i++) {
			if (strcmp(feed_inc(p, i)->key, f->sel_key) == 0) {
				f->sel = i;
				return;
			}
		}
	}
	/* Gone (or none yet): stay at the same place in the list. */
	if (f->sel >= f->nshown)
		f->sel = f->nshown - 1;
	free(f->sel_key);
	f->sel_key = xstrdup(feed_inc(p, f->sel)->key);
}

static void
feed_select(struct pane *p, size_t i)
{
	struct feed *f = p->data;

	if (f->nshown == 0)
		return;
	if (i >= f->nshown)
		i = f->nshown - 1;
	f->sel = i;
	free(f->sel_key);
	f->sel_key = xstrdup(feed_inc(p, i)->key);
	p->dirty = true;
}

static void
feed_sources(unsigned bits, char *buf, size_t len)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < CHAN_COUNT; i++) {
		if ((bits & CHAN_BIT(i)) == 0)
			continue;
		if (buf[0] != '\0')
			strncat(buf, ",", len - strlen(buf) - 1);
		strncat(buf, feed_src_short[i], len - strlen(buf) - 1);
	}
}

static void
feed_list(WINDOW *w, int y, int x, int cols, const struct strv *sv, attr_t a)
{
	char *s = strv_join(sv, ", ");

	draw_text(w, y, x, cols, s, a);
	free(s);
}

static int
feed_rows(const struct pane *p)
{
	return p->h - 3;	/* frame and the column heading */
}

static bool
feed_unread(const struct pane *p, const struct incident *inc)
{
	return p->ui->seen != NULL && seen_unread(p->ui->seen, inc);
}

/* "incidents: 1 of 3, 1 active, 1 unread · filter: region=East US · /redis":
 * what is listed and why, always on screen. Sanitized here because
 * filter values and the search are remote or typed text. */
static char *
feed_title(struct pane *p)
{
	struct feed *f = p->data;
	const struct snapshot *snap = p->ui->snap;
	const struct filter *flt = p->ui->filter;
	struct filter only;
	struct buf b;
	size_t unread = 0, i;
	char *d, *clean;

	buf_init(&b);
	if (flt != NULL && filter_active(flt))
		buf_printf(&b, "incidents: %zu of %zu", f->nshown,
		    snap->incidents.n);
	else
		buf_printf(&b, "incidents: %zu", snap->incidents.n);
	buf_printf(&b, ", %d active", snapshot_active_count(snap));
	for (i = 0; i < f->nshown; i++)
		if (feed_unread(p, feed_inc(p, i)))
			unread++;
	if (unread > 0)
		buf_printf(&b, ", %zu unread", unread);
	if (flt != NULL) {
		filter_init(&only);
		filter_copy(&only, flt);
		filter_set_search(&only, NULL);
		if (filter_active(&only)) {
			d = filter_describe(&only);
			buf_puts(&b, " · filter: ");
			buf_puts(&b, d);
			free(d);
		}
		filter_free(&only);
		if (f->typing || (flt->search != NULL && *flt->search != '\0')) {
			buf_puts(&b, " · /");
			buf_puts(&b, flt->search != NULL ? flt->search : "");
			if (f->typing)
				buf_puts(&b, "▏");
		}
	}
	clean = sanitize_str(buf_str(&b));
	buf_free(&b);
	return clean;
}

/* The time column: how long ago the last update was, or for maintenance
 * still ahead, how long until it starts. */
static bool
feed_when(struct pane *p, const struct incident *inc, char *buf, size_t len)
{
	time_t now = p->ui->now;

	if (inc->type == INC_PLANNED_MAINTENANCE && inc->start > now &&
	    len > 4) {
		memcpy(buf, "in ", 4);
		draw_span(inc->start - now, buf + 3, len - 3);
		pane_changes_in(p, draw_countdown_next(inc->start - now));
		return true;
	}
	draw_age(now, inc->last_update, buf, len);
	if (inc->last_update != 0)
		pane_changes_in(p, draw_span_next(now - inc->last_update));
	return false;
}

static void
feed_empty(struct pane *p, int cols)
{
	const struct snapshot *snap = p->ui->snap;
	bool waiting = false, answered = false;
	const char *msg;
	size_t i;

	if (snap->incidents.n > 0) {
		msg = "Nothing matches the filters: c clears them, Esc the "
		    "search.";
		draw_clean(p->win, 3, 3, cols - 4, msg, draw_attr(ROLE_INFO));
		return;
	}
	for (i = 0; i < CHAN_COUNT; i++) {
		if (snap->chans[i].state == CHAN_PENDING)
			waiting = true;
		if (snap->chans[i].state == CHAN_OK ||
		    snap->chans[i].state == CHAN_INCIDENT)
			answered = true;
	}
	if (answered)
		msg = "No known incidents: every channel that answered "
		    "is quiet.";
	else if (waiting)
		msg = "Waiting for the first answers…";
	else
		msg = "No channel answered, so nothing is known: see "
		    "the panes above.";
	draw_clean(p->win, 3, 3, cols - 4, msg, draw_attr(ROLE_INFO));
}

static void
feed_draw(struct pane *p)
{
	struct feed *f = p->data;
	char *title, src[32], age[16];
	int cols = p->w - 2, rows = feed_rows(p), srcw = 3, flex, tw, sw, rw;
	int x, y, tx;
	size_t i;

	feed_sync(p);
	title = feed_title(p);
	draw_frame(p->win, title, p->focused);
	free(title);
	if (rows <= 0 || cols <= 0)
		return;

	for (i = 0; i < f->nshown; i++) {
		feed_sources(feed_inc(p, i)->sources, src, sizeof src);
		if ((int)strlen(src) > srcw)
			srcw = (int)strlen(src);
	}
	/* status, title, services, regions, sources, unread mark, age; the
	 * mark's two columns come out of services and regions, never the
	 * title. */
	flex = cols - (9 + 1) - 3 - (srcw + 1) - 7;
	if (flex < 14)
		flex = 14;
	tw = flex * 45 / 100;
	flex -= 2;
	sw = flex * 30 / 100;
	rw = flex - tw - sw;
	tx = cols - 7;

	x = 1;
	draw_clean(p->win, 1, x, 9, "STATUS", draw_attr(ROLE_DIM));
	draw_clean(p->win, 1, x + 10, tw, "TITLE", draw_attr(ROLE_DIM));
	draw_clean(p->win, 1, x + 11 + tw, sw, "SERVICES", draw_attr(ROLE_DIM));
	draw_clean(p->win, 1, x + 12 + tw + sw, rw, "REGIONS",
	    draw_attr(ROLE_DIM));
	draw_clean(p->win, 1, x + 13 + tw + sw + rw, srcw, "SRC",
	    draw_attr(ROLE_DIM));
	draw_clean(p->win, 1, x + tx, 7, "UPDATED", draw_attr(ROLE_DIM));

	if (f->nshown == 0) {
		feed_empty(p, cols);
		return;
	}

	if (f->sel < f->top)
		f->top = f->sel;
	if (f->sel >= f->top + (size_t)rows)
		f->top = f->sel - (size_t)rows + 1;
	if (f->top + (size_t)rows > f->nshown)
		f->top = f->nshown > (size_t)rows ? f->nshown - (size_t)rows : 0;

	for (i = f->top, y = 2; i < f->nshown && y < rows + 2; i++, y++) {
		const struct incident *inc = feed_inc(p, i);
		bool sel = i == f->sel, ahead;
		attr_t base = A_NORMAL;

		if (sel) {
			base = p->focused ? draw_attr(ROLE_SELECT) : A_BOLD;
			wattrset(p->win, base);
			mvwhline(p->win, y, 1, ' ', cols);
			wattrset(p->win, A_NORMAL);
		}
		/* Unread: bold, and a mark by the time of the news. */
		if (feed_unread(p, inc)) {
			base |= A_BOLD;
			draw_clean(p->win, y, x + tx - 2, 1, "●",
			    base | draw_attr(ROLE_INFO));
		}
		/* Maintenance and advisories are not outages: no alarm colour. */
		/* azwatch's own inference says so in the status column */
		draw_clean(p->win, y, x, 9, inc->early ? "early" :
		    inc_status_name(inc->status), base | draw_attr(inc->early ?
		    ROLE_WARN : decide_is_incident(inc) ?
		    draw_status_role(inc->status) : ROLE_DIM));
		if (inc->pir != PIR_NONE) {
			/* the review is news of its own: say it first */
			char *t = xasprintf("PIR posted: %s", inc->title != NULL ?
			    inc->title : "");

			draw_text(p->win, y, x + 10, tw, t, base);
			free(t);
		} else
			draw_text(p->win, y, x + 10, tw, inc->title, base);
		feed_list(p->win, y, x + 11 + tw, sw, &inc->services, base);
		feed_list(p->win, y, x + 12 + tw + sw, rw, &inc->regions, base);
		feed_sources(inc->sources, src, sizeof src);
		if (inc->early)
			snprintf(src, sizeof src, "azw");
		draw_clean(p->win, y, x + 13 + tw + sw + rw, srcw, src, base);
		ahead = feed_when(p, inc, age, sizeof age);
		draw_clean(p->win, y, x + tx, 7, age,
		    ahead ? base | draw_attr(ROLE_INFO) : base);
	}
	if (f->nshown > (size_t)rows) {
		char more[32];

		snprintf(more, sizeof more, " %zu/%zu ", f->sel + 1, f->nshown);
		draw_clean(p->win, p->h - 1, p->w - 2 - (int)strlen(more),
		    (int)strlen(more), more, A_NORMAL);
	}
}

/* Keys while "/" is typing: everything is text but Enter (keep), Esc
 * (clear), Backspace and Ctrl-U. */
static void
feed_type(struct pane *p, int k)
{
	struct feed *f = p->data;
	struct filter *flt = p->ui->filter;
	struct buf s;

	buf_init(&s);
	buf_puts(&s, flt->search != NULL ? flt->search : "");
	if (K_IS_ENTER(k))
		f->typing = false;
	else if (k == K_ESC) {
		f->typing = false;
		buf_reset(&s);
	} else if (!ui_edit(&s, k, FEED_SEARCH_MAX)) {
		buf_free(&s);
		return;
	}
	filter_set_search(flt, buf_str(&s));
	buf_free(&s);
	/* The search does not change notifications: only redraw. */
	ui_dirty_all(p->ui);
}

static enum pane_key
feed_key(struct pane *p, int k)
{
	struct feed *f = p->data;
	struct filter *flt = p->ui->filter;
	size_t page = feed_rows(p) > 1 ? (size_t)feed_rows(p) - 1 : 1;

	if (f->typing && flt != NULL) {
		feed_type(p, k);
		return PANE_KEY_DONE;
	}
	feed_sync(p);
	switch (k) {
	case 'j':
	case K_FN(KEY_DOWN):
		feed_select(p, f->sel + 1);
		break;
	case 'k':
	case K_FN(KEY_UP):
		if (f->sel > 0)
			feed_select(p, f->sel - 1);
		break;
	case K_FN(KEY_NPAGE):
	case K_CTRL('f'):
		feed_select(p, f->sel + page);
		break;
	case K_FN(KEY_PPAGE):
	case K_CTRL('b'):
		feed_select(p, f->sel > page ? f->sel - page : 0);
		break;
	case 'g':
	case K_FN(KEY_HOME):
		feed_select(p, 0);
		break;
	case 'G':
	case K_FN(KEY_END):
		if (f->nshown > 0)
			feed_select(p, f->nshown - 1);
		break;
	case 'm':
		ui_mark_seen(p->ui, NULL);
		break;
	default:
		if (K_IS_ENTER(k) || k == K_FN(KEY_RIGHT) || k == 'l') {
			if (f->nshown > 0)
				ui_push(p->ui, &pane_detail_ops,
				    feed_inc(p, f->sel)->key);
			break;
		}
		if (flt == NULL)
			return PANE_KEY_PASS;
		switch (k) {
		case '/':
			f->typing = true;
			filter_set_search(flt, NULL);
			ui_dirty_all(p->ui);
			break;
		case K_ESC:
			if (flt->search == NULL)
				return PANE_KEY_PASS;
			filter_set_search(flt, NULL);
			ui_dirty_all(p->ui);
			break;
		case 'f':
			ui_push(p->ui, &pane_filter_ops, NULL);
			break;
		case 'R':
			flt->hide_resolved = !flt->hide_resolved;
			ui_filter_changed(p->ui);
			break;
		case 'M':
			flt->hide_maintenance = !flt->hide_maintenance;
			ui_filter_changed(p->ui);
			break;
		case 'c':
			filter_clear(flt);
			ui_filter_changed(p->ui);
			break;
		default:
			return PANE_KEY_PASS;
		}
		break;
	}
	return PANE_KEY_DONE;
}

const struct pane_ops pane_feed_ops = {
	.name = "feed",
	.slot = SLOT_MAIN,
	.focusable = true,
	.open = feed_open,
	.close = feed_close,
	.changed = feed_changed,
	.draw = feed_draw,
	.key = feed_key,
};

/* The filter menu: a field per row; Left and Right step through the
 * values the feed holds now ("any" first), applied at once. */
enum {
	MENU_RESOLVED = FILTER_NFIELDS,
	MENU_MAINT,
	MENU_ROWS
};

struct menu {
	int	 row;
};

static void
menu_open(struct pane *p, const void *arg)
{
	p->data = xcalloc(1, sizeof(struct menu));
}

static void
menu_close(struct pane *p)
{
	free(p->data);
	p->data = NULL;
}

static void
menu_size(struct pane *p, int lines, int cols, int *h, int *w)
{
	*h = MENU_ROWS + 6;
	*w = 64;
}

static bool
menu_changed(struct pane *p, const struct snapshot *old,
    const struct snapshot *new)
{
	return false;
}

static void
menu_draw(struct pane *p)
{
	static const char *const hints[] = {
		"j/k", "field", "h/l", "value", "x", "any", "c", "clear",
		"Enter", "done", NULL
	};
	struct menu *m = p->data;
	const struct filter *flt = p->ui->filter;
	const char *v;
	char label[32];
	int r, y;
	attr_t a;

	draw_frame(p->win, "filter", true);
	for (r = 0; r < MENU_ROWS; r++) {
		y = 2 + r;
		a = r == m->row ? draw_attr(ROLE_SELECT) : A_NORMAL;
		if (r == m->row) {
			wattrset(p->win, a);
			mvwhline(p->win, y, 2, ' ', p->w - 4);
			wattrset(p->win, A_NORMAL);
		}
		if (r < FILTER_NFIELDS) {
			snprintf(label, sizeof label, "%s:",
			    filter_field_name((enum filter_field)r));
			v = flt != NULL ? flt->field[r] : NULL;
			draw_clean(p->win, y, 3, 14, label, a | A_BOLD);
			if (v != NULL)
				draw_text(p->win, y, 18, p->w - 21, v, a);
			else
				draw_clean(p->win, y, 18, p->w - 21, "any",
				    a | draw_attr(ROLE_DIM));
		} else {
			bool on = flt != NULL && (r == MENU_RESOLVED ?
			    flt->hide_resolved : flt->hide_maintenance);

			draw_clean(p->win, y, 3, 14, r == MENU_RESOLVED ?
			    "resolved:" : "maintenance:", a | A_BOLD);
			draw_clean(p->win, y, 18, p->w - 21, on ? "hidden" :
			    "shown", a);
		}
	}
	draw_hints(p->win, p->h - 2, p->w - 2, hints);
}

/* Step field r to the next (dir 1) or previous (-1) value. */
static void
menu_step(struct pane *p, int r, int dir)
{
	struct filter *flt = p->ui->filter;
	struct strv vals = { NULL, 0 };
	size_t i, n, cur;

	if (r == MENU_RESOLVED) {
		flt->hide_resolved = !flt->hide_resolved;
		return;
	}
	if (r == MENU_MAINT) {
		flt->hide_maintenance = !flt->hide_maintenance;
		return;
	}
	filter_values((enum filter_field)r, &p->ui->snap->incidents, &vals);
	/* Position 0 is "any", value i is position i + 1. */
	n = vals.n + 1;
	cur = 0;
	if (flt->field[r] != NULL) {
		for (i = 0; i < vals.n; i++)
			if (strcmp(vals.v[i], flt->field[r]) == 0)
				cur = i + 1;
	}
	cur = dir > 0 ? (cur + 1) % n : (cur + n - 1) % n;
	filter_set(flt, (enum filter_field)r, cur == 0 ? NULL : vals.v[cur - 1]);
	strv_free(&vals);
}

static enum pane_key
menu_key(struct pane *p, int k)
{
	struct menu *m = p->data;
	struct filter *flt = p->ui->filter;

	if (flt == NULL) {
		ui_pop(p->ui, p);
		return PANE_KEY_DONE;
	}
	switch (k) {
	case 'j':
	case K_FN(KEY_DOWN):
	case K_TAB:
		m->row = (m->row + 1) % MENU_ROWS;
		break;
	case 'k':
	case K_FN(KEY_UP):
	case K_BTAB:
		m->row = (m->row + MENU_ROWS - 1) % MENU_ROWS;
		break;
	case 'l':
	case ' ':
	case K_FN(KEY_RIGHT):
		menu_step(p, m->row, 1);
		ui_filter_changed(p->ui);
		break;
	case 'h':
	case K_FN(KEY_LEFT):
		menu_step(p, m->row, -1);
		ui_filter_changed(p->ui);
		break;
	case 'x':
	case K_FN(KEY_DC):
	case K_FN(KEY_BACKSPACE):
	case 0x7f:
		if (m->row < FILTER_NFIELDS)
			filter_set(flt, (enum filter_field)m->row, NULL);
		else if (m->row == MENU_RESOLVED)
			flt->hide_resolved = false;
		else
			flt->hide_maintenance = false;
		ui_filter_changed(p->ui);
		break;
	case 'c':
		filter_clear(flt);
		ui_filter_changed(p->ui);
		break;
	case 'q':
	case 'f':
	case K_ESC:
		ui_pop(p->ui, p);
		return PANE_KEY_DONE;
	default:
		if (K_IS_ENTER(k)) {
			ui_pop(p->ui, p);
			return PANE_KEY_DONE;
		}
		if (k == K_RESIZE)
			return PANE_KEY_PASS;
		return PANE_KEY_DONE;	/* a menu: nothing leaks through */
	}
	p->dirty = true;
	return PANE_KEY_DONE;
}

const struct pane_ops pane_filter_ops = {
	.name = "filter",
	.slot = SLOT_OVERLAY,
	.open = menu_open,
	.close = menu_close,
	.changed = menu_changed,
	.draw = menu_draw,
	.key = menu_key,
	.size = menu_size,
};
