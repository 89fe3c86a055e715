/* pane-header.c: the two one-line bars of the dashboard: the header (active
 * incidents, overall state, refresh marker, what is wrong with the
 * journal, label; no clock: the screen
 * changes only when what it says changes) and the footer
 * with the keys that work in the focused pane. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "pane.h"
#include "timeutil.h"

/* The overall state, honest about what it rests on: "unknown" while
 * nothing answered, "offline · data 16m old" when every channel that is
 * set up fails, and "incident"/"ok" with how many channels fail when
 * only some do, never a bare verdict that old data implies. */
static enum draw_role
header_overall(struct pane *p, char *buf, size_t len)
{
	const struct snapshot *s = p->ui->snap;
	int k, answered = 0, failing = 0;
	time_t newest = 0;
	char span[16];
	const char *dot = draw_glyph("·", "-");

	for (k = 0; k < CHAN_COUNT; k++) {
		const struct chan_status *cs = &s->chans[k];

		if (cs->last_success > newest)
			newest = cs->last_success;
		if (cs->state == CHAN_OK || cs->state == CHAN_INCIDENT)
			answered++;
		else if (cs->state == CHAN_UNREACHABLE ||
		    cs->state == CHAN_ERROR)
			failing++;
	}
	if (answered == 0 && failing == 0) {
		snprintf(buf, len, "unknown");
		return ROLE_INFO;
	}
	if (answered == 0) {
		if (newest == 0) {
			snprintf(buf, len, "offline %s no data", dot);
			return ROLE_WARN;
		}
		time_format_span(p->ui->now > newest ? p->ui->now - newest : 0,
		    span, sizeof span);
		pane_changes_in(p, draw_span_next(p->ui->now - newest));
		snprintf(buf, len, "offline %s data %s old", dot, span);
		return ROLE_WARN;
	}
	if (failing == 0) {
		if (snapshot_active_count(s) > 0) {
			snprintf(buf, len, "incident");
			return ROLE_BAD;
		}
		snprintf(buf, len, "ok");
		return ROLE_OK;
	}
	snprintf(buf, len, "%s %s %d of %d failing",
	    snapshot_active_count(s) > 0 ? "incident" : "ok", dot, failing,
	    failing + answered);
	return snapshot_active_count(s) > 0 ? ROLE_BAD : ROLE_WARN;
}

/* A drill says so first, with its own clock: "DRILL T+1h25m" (recorded
 * time since the timeline's start, whatever the speed), the recorded
 * clock where the timeline has one, and "ended" once the last step has
 * been played (the clock stops there). Returns the columns used. */
static int
header_drill(struct pane *p, int x)
{
	const struct snapshot_drill *d = &p->ui->snap->drill;
	const char *dot = draw_glyph("·", "-");
	char clock[32], rec[40], line[96];
	double real = p->ui->now > d->start ? (double)(p->ui->now - d->start) : 0;
	long secs = (long)(real * d->speed), next;
	int used;

	/* ended, or the last step on its way: the clock stops there */
	if (d->ended || secs > d->length)
		secs = d->length;
	time_format_drill(secs, clock, sizeof clock);
	used = draw_clean(p->win, 0, x, p->w - x, " DRILL ",
	    draw_attr(ROLE_WARN) | A_REVERSE | A_BOLD);
	snprintf(line, sizeof line, " %s%s", d->ended ? "ended " : "", clock);
	used += draw_clean(p->win, 0, x + used, p->w - x - used, line,
	    draw_attr(ROLE_WARN) | A_BOLD);
	if (d->recorded != 0 && p->w >= 100) {
		time_format_utc(d->recorded + secs, 0, rec, sizeof rec);
		snprintf(line, sizeof line, " %s recorded %s", dot, rec);
		used += draw_clean(p->win, 0, x + used, p->w - x - used, line,
		    draw_attr(ROLE_WARN));
	}
	if (!d->ended && d->speed > 0) {
		/* redraw when the drill's minute turns */
		next = (long)((double)(60 - secs % 60) / d->speed + 0.999);
		pane_changes_in(p, next > 0 ? next : 1);
	}
	return used;
}

/* Why the history is not being kept, as the worker put it ("disk full"),
 * or NULL. */
static const char *
header_journal(const struct snapshot *s)
{
	int k;

	for (k = 0; k < CHAN_COUNT; k++) {
		if (s->chans[k].journal != NULL)
			return s->chans[k].journal;
	}
	return NULL;
}

static void
header_draw(struct pane *p)
{
	struct ui *ui = p->ui;
	char count[32], overall[64];
	const char *journal;
	enum draw_role role;
	int x = 0, n;

	x += draw_clean(p->win, 0, x, p->w - x, "azwatch", draw_attr(ROLE_TITLE));
	x += 2;
	if (ui->snap->drill.start != 0)
		x += header_drill(p, x) + 2;

	n = snapshot_active_count(ui->snap);
	snprintf(count, sizeof count, "%d active", n);
	x += draw_clean(p->win, 0, x, p->w - x, count,
	    draw_attr(n > 0 ? ROLE_BAD : ROLE_OK));
	x += 2;
	/* azwatch's own early warnings, apart from Azure's incidents */
	if ((n = snapshot_early_count(ui->snap)) > 0) {
		snprintf(count, sizeof count, "%d early", n);
		x += draw_clean(p->win, 0, x, p->w - x, count,
		    draw_attr(ROLE_WARN));
		x += 2;
	}

	role = header_overall(p, overall, sizeof overall);
	if (p->w >= 60) {
		x += draw_clean(p->win, 0, x, p->w - x, "overall:", A_NORMAL);
		x += 1;
	}
	x += draw_clean(p->win, 0, x, p->w - x, overall, draw_attr(role));
	x += 2;

	if (ui->snap->refreshing) {
		x += draw_clean(p->win, 0, x, p->w - x, "refreshing…",
		    draw_attr(ROLE_INFO));
		x += 2;
	}
	if ((journal = header_journal(ui->snap)) != NULL) {
		x += draw_clean(p->win, 0, x, p->w - x, "journal:",
		    draw_attr(ROLE_BAD));
		x += 1;
		x += draw_text(p->win, 0, x, p->w - x, journal,
		    draw_attr(ROLE_BAD));
		x += 2;
	}
	if (ui->label != NULL && *ui->label != '\0' &&
	    ui->snap->drill.start == 0) {
		x += draw_clean(p->win, 0, x, p->w - x, "[", A_NORMAL);
		x += draw_text(p->win, 0, x, p->w - x - 1, ui->label,
		    draw_attr(ROLE_WARN));
		x += draw_clean(p->win, 0, x, p->w - x, "]", A_NORMAL);
	}
	if (p->w - x > 8)
		draw_clean(p->win, 0, p->w - 6, 6, "? help", draw_attr(ROLE_DIM));
}

const struct pane_ops pane_header_ops = {
	.name = "header",
	.slot = SLOT_TOP,
	.draw = header_draw,
};

static bool
footer_changed(struct pane *p, const struct snapshot *old,
    const struct snapshot *new)
{
	return false;		/* hints depend on focus only */
}

static void
footer_draw(struct pane *p)
{
	static const char *const feed[] = {
		"Tab", "pane", "Enter", "details", "/", "search", "f", "filter",
		"r", "refresh", "w", "wizard", "?", "help", "q", "quit", NULL
	};
	static const char *const other[] = {
		"Tab", "pane", "Enter", "details", "r", "refresh", "w", "wizard", "?", "help",
		"q", "quit", NULL
	};
	struct ui *ui = p->ui;
	const struct pane *f = &ui->panes[ui->focus];

	draw_hints(p->win, 0, 0, p->w,
	    f->ops->slot == SLOT_MAIN ? feed : other);
}

const struct pane_ops pane_footer_ops = {
	.name = "footer",
	.slot = SLOT_BOTTOM,
	.changed = footer_changed,
	.draw = footer_draw,
};
