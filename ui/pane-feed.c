/* pane-feed.c: the incident feed, one line per incident, newest update
 * first, narrowed by the filters and the "/" search (its text highlighted
 * in the rows), with unread
 * incidents in bold and marked. The selection follows the incident's key
 * across snapshots, so a new incident arriving on top does not move what
 * the user is looking at. Also the small filter menu ("f"). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "draw.h"
#include "feedsort.h"
#include "filter.h"
#include "pane.h"
#include "prompt.h"
#include "sanitize.h"
#include "seen.h"
#include "timeutil.h"
#include "xmalloc.h"

struct feed {
	char	*sel_key;	/* the selected incident's key, owned */
	size_t	 sel;		/* index into shown */
	size_t	 top;
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

/* Active first, then mitigated, then maintenance and advisories, then
 * what is over; newest update first within each (the snapshot's order,
 * which the sort keeps for equal keys by comparing positions). */
struct feed_order {
	int	 rank;
	time_t	 last_update;
	size_t	 i;
};

static int
feed_order_cmp(const void *a, const void *b)
{
	const struct feed_order *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->last_update != y->last_update)
		return x->last_update > y->last_update ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void
feed_sort(const struct pane *p, size_t *v, size_t n)
{
	const struct inc_list *l = &p->ui->snap->incidents;
	struct feed_order *o;
	size_t i;

	if (n < 2)
		return;
	o = xreallocarray(NULL, n, sizeof *o);
	for (i = 0; i < n; i++) {
		o[i].rank = inc_state_rank(incident_state(l->v[v[i]],
		    p->ui->now));
		o[i].last_update = l->v[v[i]]->last_update;
		o[i].i = v[i];
	}
	qsort(o, n, sizeof *o, feed_order_cmp);
	for (i = 0; i < n; i++)
		v[i] = o[i].i;
	free(o);
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
	/* by state (the default) with the state as of now; or as ":sort" says */
	if ((enum feedsort)p->ui->sort == FEEDSORT_STATUS)
		feed_sort(p, f->shown, f->nshown);
	else
		feedsort_apply((enum feedsort)p->ui->sort, l, f->shown, f->nshown);

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

/* Framed with a heading row except in the smallest layout, where the
 * feed is bare rows under a title line only while filters or a search
 * narrow it. */
static bool
feed_framed(const struct pane *p)
{
	return p->ui->tier != TIER_SMALL;
}

static bool
feed_narrowed(const struct pane *p)
{
	const struct filter *flt = p->ui->filter;

	/* a search being typed is in the filter already */
	return flt != NULL && filter_active(flt);
}

/* The first row of incidents. */
static int
feed_first_row(const struct pane *p)
{
	if (feed_framed(p))
		return 2;	/* frame and the column heading */
	return feed_narrowed(p) ? 1 : 0;
}

static int
feed_rows(const struct pane *p)
{
	return p->h - feed_first_row(p) - (feed_framed(p) ? 1 : 0);
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
		if (flt->search != NULL && *flt->search != '\0') {
			buf_puts(&b, " · /");
			buf_puts(&b, flt->search);
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
		time_format_span(inc->start - now, buf + 3, len - 3);
		pane_changes_in(p, draw_countdown_next(inc->start - now));
		return true;
	}
	time_format_age(now, inc->last_update, buf, len);
	if (inc->last_update != 0)
		pane_changes_in(p, draw_span_next(now - inc->last_update));
	return false;
}

static void
feed_empty(struct pane *p, int y, int x, int cols)
{
	const struct snapshot *snap = p->ui->snap;
	bool waiting = false, answered = false;
	const char *msg;
	size_t i;

	if (snap->incidents.n > 0) {
		msg = "Nothing matches the filters: c clears them, Esc the "
		    "search.";
		draw_wrap(p->win, y, x, cols, p->h - y, msg,
		    draw_attr(ROLE_INFO));
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
	draw_wrap(p->win, y, x, cols, p->h - y, msg, draw_attr(ROLE_INFO));
}

/* How a state looks: its semantic colour ([colors]) and, where a word
 * does not fit, a mark. */
static enum draw_role
feed_state_role(enum inc_state st)
{
	switch (st) {
	case INC_STATE_ACTIVE:
		return ROLE_ACTIVE;
	case INC_STATE_MITIGATED:
		return ROLE_MITIGATED;
	case INC_STATE_IN_PROGRESS:
	case INC_STATE_PLANNED:
		return ROLE_PLANNED;
	case INC_STATE_RESOLVED:
	case INC_STATE_DONE:
		return ROLE_RESOLVED;
	case INC_STATE_ADVISORY:
		return ROLE_ADVISORY;
	default:
		return ROLE_DIM;
	}
}

static const char *
feed_state_mark(enum inc_state st)
{
	switch (st) {
	case INC_STATE_ACTIVE:
		return draw_glyph("●", "*");
	case INC_STATE_MITIGATED:
		return draw_glyph("◐", "~");
	case INC_STATE_IN_PROGRESS:
		return draw_glyph("▸", ">");
	case INC_STATE_PLANNED:
		return draw_glyph("○", "o");
	case INC_STATE_ADVISORY:
		return "i";
	default:
		return draw_glyph("✓", "+");
	}
}

/* Column widths depend on the width alone, never on the values, so a
 * row that changes does not move the others. A column that does not fit
 * is left out whole, the least needed first. */
#define FEED_STATE_W	11	/* "in progress" */
#define FEED_ID_W	8	/* "7K2Q-XL8" */
#define FEED_SRC_W	11	/* "SH,SP,X,SUP" */
#define FEED_WHEN_W	7	/* "59m ago", "in 23h" */

struct feed_cols {
	int	 mark, state, id, title, regions, src, when;	/* x; -1: none */
	int	 state_w, title_w, regions_w;
};

static void
feed_columns(int x, int cols, struct feed_cols *c)
{
	int right = x + cols;

	c->mark = x;
	x += 2;
	c->state_w = cols >= 58 ? FEED_STATE_W : 1;
	c->state = x;
	x += c->state_w + 1;
	c->id = x;
	x += FEED_ID_W + 1;
	c->when = c->src = c->regions = -1;
	if (cols >= 48) {
		right -= FEED_WHEN_W;
		c->when = right;
		right--;
	}
	if (cols >= 96) {
		right -= FEED_SRC_W;
		c->src = right;
		right--;
	}
	if (cols >= 76) {
		c->regions_w = cols * 18 / 100;
		right -= c->regions_w;
		c->regions = right;
		right--;
	}
	c->title = x;
	c->title_w = right - x;
}

static void
feed_row(struct pane *p, const struct feed_cols *c, int y, int cols,
    size_t i)
{
	struct feed *f = p->data;
	const struct incident *inc = feed_inc(p, i);
	enum inc_state st = incident_state(inc, p->ui->now);
	const char *mark = p->ui->filter != NULL ? p->ui->filter->search : NULL;
	attr_t hl = draw_attr(ROLE_MATCH);
	bool sel = i == f->sel, ahead;
	attr_t base = A_NORMAL;
	char src[32], age[16], *t;

	if (sel) {
		base = p->focused ? draw_attr(ROLE_SELECT) : A_BOLD;
		wattrset(p->win, base);
		mvwhline(p->win, y, c->mark, ' ', cols);
		wattrset(p->win, A_NORMAL);
	}
	/* Unread: bold, and newsboat's N at the left edge. */
	if (feed_unread(p, inc)) {
		base |= A_BOLD;
		draw_clean(p->win, y, c->mark, 1, "N",
		    base | draw_attr(ROLE_INFO));
	}
	/* azwatch's own inference says so in the state column */
	if (inc->early)
		draw_clean(p->win, y, c->state, c->state_w, c->state_w > 1 ?
		    "early" : "!", base | draw_attr(ROLE_WARN));
	else
		draw_clean(p->win, y, c->state, c->state_w, c->state_w > 1 ?
		    inc_state_name(st) : feed_state_mark(st),
		    base | draw_attr(feed_state_role(st)));
	t = sanitize_str(inc->tracking_id != NULL ? inc->tracking_id : "-");
	draw_clean_mark(p->win, y, c->id, FEED_ID_W, t, base, mark, hl);
	free(t);
	if (inc->pir != PIR_NONE) {
		/* the review is news of its own: say it first */
		t = xasprintf("PIR posted: %s", inc->title != NULL ?
		    inc->title : "");
		draw_text_cut_mark(p->win, y, c->title, c->title_w, t, base,
		    mark, hl);
		free(t);
	} else
		draw_text_cut_mark(p->win, y, c->title, c->title_w, inc->title,
		    base, mark, hl);
	if (c->regions >= 0) {
		char *r = strv_join(&inc->regions, ", ");

		draw_text_cut_mark(p->win, y, c->regions, c->regions_w, r,
		    base, mark, hl);
		free(r);
	}
	if (c->src >= 0) {
		feed_sources(inc->sources, src, sizeof src);
		if (inc->early)
			snprintf(src, sizeof src, "azw");
		draw_clean(p->win, y, c->src, FEED_SRC_W, src, base);
	}
	if (c->when >= 0) {
		ahead = feed_when(p, inc, age, sizeof age);
		draw_clean(p->win, y, c->when, FEED_WHEN_W, age,
		    ahead ? base | draw_attr(ROLE_INFO) : base);
	}
}

static void
feed_draw(struct pane *p)
{
	struct feed *f = p->data;
	struct feed_cols c;
	char *title;
	int x, cols, rows = feed_rows(p), first = feed_first_row(p), y;
	size_t i;

	feed_sync(p);
	title = feed_title(p);
	if (feed_framed(p)) {
		draw_frame(p->win, title, p->focused);
		x = 1;
		cols = p->w - 2;
	} else {
		if (first > 0)
			draw_clean(p->win, 0, 0, p->w, title,
			    draw_attr(ROLE_TITLE));
		x = 0;
		cols = p->w;
	}
	free(title);
	if (rows <= 0 || cols <= 0)
		return;

	feed_columns(x, cols, &c);
	if (feed_framed(p)) {
		draw_clean(p->win, 1, c.state, c.state_w, "STATE",
		    draw_attr(ROLE_DIM));
		draw_clean(p->win, 1, c.id, FEED_ID_W, "ID", draw_attr(ROLE_DIM));
		draw_clean(p->win, 1, c.title, c.title_w, "TITLE",
		    draw_attr(ROLE_DIM));
		if (c.regions >= 0)
			draw_clean(p->win, 1, c.regions, c.regions_w, "REGIONS",
			    draw_attr(ROLE_DIM));
		if (c.src >= 0)
			draw_clean(p->win, 1, c.src, FEED_SRC_W, "SOURCES",
			    draw_attr(ROLE_DIM));
		if (c.when >= 0)
			draw_clean(p->win, 1, c.when, FEED_WHEN_W, "UPDATED",
			    draw_attr(ROLE_DIM));
	}

	if (f->nshown == 0) {
		feed_empty(p, first + (feed_framed(p) ? 1 : 0), x + 1, cols - 2);
		return;
	}

	if (f->sel < f->top)
		f->top = f->sel;
	if (f->sel >= f->top + (size_t)rows)
		f->top = f->sel - (size_t)rows + 1;
	if (f->top + (size_t)rows > f->nshown)
		f->top = f->nshown > (size_t)rows ? f->nshown - (size_t)rows : 0;

	for (i = f->top, y = first; i < f->nshown && y < first + rows; i++, y++)
		feed_row(p, &c, y, cols, i);
	if (f->nshown > (size_t)rows && feed_framed(p)) {
		char more[32];

		snprintf(more, sizeof more, " %zu/%zu ", f->sel + 1, f->nshown);
		draw_clean(p->win, p->h - 1, p->w - 2 - (int)strlen(more),
		    (int)strlen(more), more, A_NORMAL);
	}
}

static enum pane_key
feed_key(struct pane *p, int k)
{
	struct feed *f = p->data;
	struct filter *flt = p->ui->filter;
	size_t page = feed_rows(p) > 1 ? (size_t)feed_rows(p) - 1 : 1;

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
			prompt_search(p->ui);
			break;
		case 'n':
		case 'N':
			/* every row listed matches the search: go round them */
			if (flt->search == NULL || f->nshown == 0)
				return PANE_KEY_PASS;
			feed_select(p, k == 'n' ? (f->sel + 1) % f->nshown :
			    (f->sel + f->nshown - 1) % f->nshown);
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

/* A click on a row selects it. */
static void
feed_click(struct pane *p, int y, int x)
{
	struct feed *f = p->data;

	(void)x;
	feed_sync(p);
	if (y < 2 || y >= 2 + feed_rows(p) ||
	    f->top + (size_t)(y - 2) >= f->nshown)
		return;
	feed_select(p, f->top + (size_t)(y - 2));
}

const struct incident *
pane_feed_selected(struct ui *ui)
{
	size_t i;

	for (i = 0; i < ui->npanes; i++) {
		struct pane *p = &ui->panes[i];
		struct feed *f = p->data;

		if (p->ops != &pane_feed_ops || f == NULL)
			continue;
		feed_sync(p);
		return f->nshown > 0 ? feed_inc(p, f->sel) : NULL;
	}
	return NULL;
}

const struct incident *
pane_feed_step(struct ui *ui, const char *key, int dir)
{
	size_t i, at;

	for (i = 0; i < ui->npanes; i++) {
		struct pane *p = &ui->panes[i];
		struct feed *f = p->data;

		if (p->ops != &pane_feed_ops || f == NULL)
			continue;
		feed_sync(p);
		if (f->nshown == 0)
			return NULL;
		for (at = 0; at < f->nshown; at++) {
			if (strcmp(feed_inc(p, at)->key, key) == 0)
				break;
		}
		if (at == f->nshown)
			at = f->sel;
		if ((dir < 0 && at == 0) || (dir > 0 && at + 1 >= f->nshown))
			return NULL;
		feed_select(p, dir < 0 ? at - 1 : at + 1);
		return feed_inc(p, f->sel);
	}
	return NULL;
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
	.click = feed_click,
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
	int r, y, y0, first, rows, inner = p->h - 2;
	bool hinted;
	attr_t a;

	/* A roomy menu has a blank row above the fields and its keys below;
	 * a short pane drops the blank row, then the keys, then scrolls the
	 * fields to keep the selected one in view. */
	hinted = inner >= MENU_ROWS + 1;
	y0 = inner >= MENU_ROWS + 3 ? 2 : 1;
	rows = inner - (hinted ? (y0 == 2 ? 3 : 1) : 0);
	if (rows > MENU_ROWS)
		rows = MENU_ROWS;
	first = m->row >= rows ? m->row - rows + 1 : 0;
	draw_frame(p->win, "filter", true);
	for (r = first; r < MENU_ROWS && r < first + rows; r++) {
		y = y0 + r - first;
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
	if (hinted)
		draw_hints(p->win, p->h - 2, 2, p->w - 4, hints);
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
