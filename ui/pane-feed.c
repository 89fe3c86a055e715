/* pane-feed.c: the incident feed, one line per incident, newest update
 * first. The selection follows the incident's key across snapshots, so a
 * new incident arriving on top does not move what the user is looking at. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "decide.h"
#include "draw.h"
#include "pane.h"
#include "xmalloc.h"

struct feed {
	char	*sel_key;	/* the selected incident's key, owned */
	size_t	 sel;
	size_t	 top;
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

/* Find the selected key in the current list, keep sel and key in step. */
static void
feed_sync(struct pane *p)
{
	struct feed *f = p->data;
	const struct inc_list *l = &p->ui->snap->incidents;
	size_t i;

	if (l->n == 0) {
		f->sel = f->top = 0;
		return;
	}
	if (f->sel_key != NULL) {
		for (i = 0; i < l->n; i++) {
			if (strcmp(l->v[i]->key, f->sel_key) == 0) {
				f->sel = i;
				return;
			}
		}
	}
	/* Gone (or none yet): stay at the same place in the list. */
	if (f->sel >= l->n)
		f->sel = l->n - 1;
	free(f->sel_key);
	f->sel_key = xstrdup(l->v[f->sel]->key);
}

static void
feed_select(struct pane *p, size_t i)
{
	struct feed *f = p->data;
	const struct inc_list *l = &p->ui->snap->incidents;

	if (l->n == 0)
		return;
	if (i >= l->n)
		i = l->n - 1;
	f->sel = i;
	free(f->sel_key);
	f->sel_key = xstrdup(l->v[i]->key);
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

static void
feed_draw(struct pane *p)
{
	struct feed *f = p->data;
	const struct snapshot *snap = p->ui->snap;
	const struct inc_list *l = &snap->incidents;
	char title[64], src[32], age[16];
	int cols = p->w - 2, rows = feed_rows(p), srcw = 3, flex, tw, sw, rw;
	int x, y;
	size_t i;

	feed_sync(p);
	snprintf(title, sizeof title, "incidents: %zu, %d active", l->n,
	    snapshot_active_count(snap));
	draw_frame(p->win, title, p->focused);
	if (rows <= 0 || cols <= 0)
		return;

	for (i = 0; i < l->n; i++) {
		feed_sources(l->v[i]->sources, src, sizeof src);
		if ((int)strlen(src) > srcw)
			srcw = (int)strlen(src);
	}
	/* status, title, services, regions, sources, age */
	flex = cols - (9 + 1) - 3 - (srcw + 1) - 7;
	if (flex < 12)
		flex = 12;
	tw = flex * 45 / 100;
	sw = flex * 30 / 100;
	rw = flex - tw - sw;

	x = 1;
	draw_clean(p->win, 1, x, 9, "STATUS", draw_attr(ROLE_DIM));
	draw_clean(p->win, 1, x + 10, tw, "TITLE", draw_attr(ROLE_DIM));
	draw_clean(p->win, 1, x + 11 + tw, sw, "SERVICES", draw_attr(ROLE_DIM));
	draw_clean(p->win, 1, x + 12 + tw + sw, rw, "REGIONS",
	    draw_attr(ROLE_DIM));
	draw_clean(p->win, 1, x + 13 + tw + sw + rw, srcw, "SRC",
	    draw_attr(ROLE_DIM));
	draw_clean(p->win, 1, x + cols - 7, 7, "UPDATED", draw_attr(ROLE_DIM));

	if (l->n == 0) {
		bool waiting = false, answered = false;
		const char *msg;

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
		return;
	}

	if (f->sel < f->top)
		f->top = f->sel;
	if (f->sel >= f->top + (size_t)rows)
		f->top = f->sel - (size_t)rows + 1;
	if (f->top + (size_t)rows > l->n)
		f->top = l->n > (size_t)rows ? l->n - (size_t)rows : 0;

	for (i = f->top, y = 2; i < l->n && y < rows + 2; i++, y++) {
		const struct incident *inc = l->v[i];
		bool sel = i == f->sel;
		attr_t base = A_NORMAL;

		if (sel) {
			base = p->focused ? draw_attr(ROLE_SELECT) : A_BOLD;
			wattrset(p->win, base);
			mvwhline(p->win, y, 1, ' ', cols);
			wattrset(p->win, A_NORMAL);
		}
		/* Maintenance and advisories are not outages: no alarm colour. */
		draw_clean(p->win, y, x, 9, inc_status_name(inc->status),
		    base | draw_attr(decide_is_incident(inc) ?
		    draw_status_role(inc->status) : ROLE_DIM));
		draw_text(p->win, y, x + 10, tw, inc->title, base);
		feed_list(p->win, y, x + 11 + tw, sw, &inc->services, base);
		feed_list(p->win, y, x + 12 + tw + sw, rw, &inc->regions, base);
		feed_sources(inc->sources, src, sizeof src);
		draw_clean(p->win, y, x + 13 + tw + sw + rw, srcw, src, base);
		draw_age(p->ui->now, inc->last_update, age, sizeof age);
		draw_clean(p->win, y, x + cols - 7, 7, age, base);
	}
	if (l->n > (size_t)rows) {
		char more[32];

		snprintf(more, sizeof more, " %zu/%zu ", f->sel + 1, l->n);
		draw_clean(p->win, p->h - 1, p->w - 2 - (int)strlen(more),
		    (int)strlen(more), more, A_NORMAL);
	}
}

static enum pane_key
feed_key(struct pane *p, int k)
{
	struct feed *f = p->data;
	const struct inc_list *l = &p->ui->snap->incidents;
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
		if (l->n > 0)
			feed_select(p, l->n - 1);
		break;
	default:
		if (K_IS_ENTER(k) || k == K_FN(KEY_RIGHT) || k == 'l') {
			if (l->n > 0)
				ui_push(p->ui, &pane_detail_ops, l->v[f->sel]->key);
			break;
		}
		return PANE_KEY_PASS;
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
