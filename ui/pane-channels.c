/* pane-channels.c: one pane per channel: its state word, the age of its
 * last good answer (or how stale the data on screen is), how long a poll
 * has been in flight, the last error in words and the note, e.g. what to
 * set and where when unconfigured. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cfg.h"
#include "draw.h"
#include "pane.h"
#include "timeutil.h"
#include "xmalloc.h"

/* A poll shows as in flight once it has taken this long: one that
 * answers at once does not make the pane flicker. */
#define CHANNELS_POLL_SHOW	1000

/* Milliseconds the channel's poll has been in flight; -1 when none is,
 * or not long enough to show. */
static long long
channels_polling_ms(const struct chan_status *cs)
{
	long long ms;

	if (!cs->polling)
		return -1;
	ms = time_mono_ms() - cs->poll_started;
	return ms >= CHANNELS_POLL_SHOW ? ms : -1;
}

static bool
channels_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool
channels_changed(struct pane *p, const struct snapshot *old,
    const struct snapshot *new)
{
	const struct chan_status *a, *b;

	if (old == NULL)
		return true;
	a = &old->chans[p->arg];
	b = &new->chans[p->arg];
	return a->state != b->state || a->configured != b->configured ||
	    a->last_success != b->last_success || a->active != b->active ||
	    a->from_cache != b->from_cache || a->polling != b->polling ||
	    !channels_streq(a->error, b->error) ||
	    !channels_streq(a->note, b->note) ||
	    !channels_streq(a->detail, b->detail);
}

/* Seconds after which data counts as stale (overdue): three poll
 * intervals, the channel's own pace when it answers slower than the
 * configured one (a budget, a Retry-After), never a failure's backoff. */
static time_t
channels_stale_after(const struct ui *ui, const struct chan_status *cs)
{
	time_t iv = ui->cfg != NULL && ui->cfg->interval > 0 ?
	    ui->cfg->interval : 60;

	if (cs->next_poll != 0 && cs->last_attempt != 0 &&
	    cs->last_attempt == cs->last_success &&
	    cs->next_poll - cs->last_attempt > iv)
		iv = cs->next_poll - cs->last_attempt;
	return 3 * iv;
}

/* When the channel last answered: a time while the data is current, its
 * age once overdue ("stale: 25m"; a failed poll alone does not make the
 * data stale), and when the pane must be drawn again for that. */
static enum draw_role
channels_when(struct pane *p, const struct chan_status *cs, char *line,
    size_t len)
{
	struct ui *ui = p->ui;
	char span[32];
	time_t age, stale;

	age = ui->now - cs->last_success;
	stale = channels_stale_after(ui, cs);
	if (cs->last_success == 0) {
		snprintf(line, len, "%s", cs->state == CHAN_PENDING ?
		    "no answer yet" : "never answered");
		return ROLE_DIM;
	}
	if (age > stale) {
		time_format_span(age, span, sizeof span);
		snprintf(line, len, "stale: %s", span);
		pane_changes_in(p, draw_span_next(age));
		return ROLE_WARN;
	}
	/* A time, not an age: nothing to tick while the channel answers;
	 * it turns stale on its own. */
	time_format_clock(ui->now, cs->last_success, span, sizeof span);
	snprintf(line, len, "updated %s", span);
	pane_changes_in(p, stale - age + 1);
	pane_changes_in(p, time_clock_next(ui->now));
	return ROLE_DIM;
}

static void
channels_draw(struct pane *p)
{
	struct ui *ui = p->ui;
	const struct chan_status *cs = &ui->snap->chans[p->arg];
	struct buf text;
	char line[64];
	int y = 1, x = 1, cols = p->w - 2, rows = p->h - 2, n;
	long long polling;

	draw_frame(p->win, chan_id_name((enum chan_id)p->arg), p->focused);
	if (cols <= 0 || rows <= 0)
		return;

	n = draw_clean(p->win, y, x, cols, draw_state_word(cs->state),
	    draw_attr(draw_state_role(cs->state)));
	if (cs->active > 0 && cols - n > 4) {
		snprintf(line, sizeof line, cols - n >= 11 ? " · %d active" :
		    " (%d)", cs->active);
		draw_clean(p->win, y, x + n, cols - n, line, A_NORMAL);
	}
	y++;

	if (y <= rows && cs->state != CHAN_UNCONFIGURED) {
		enum draw_role role = channels_when(p, cs, line, sizeof line);

		if (cs->from_cache && strlen(line) + 9 < sizeof line)
			strcat(line, " (cached)");
		draw_clean(p->win, y++, x, cols, line, draw_attr(role));
	}

	/* the last good data stays above, the poll's progress below it */
	polling = channels_polling_ms(cs);
	if (polling >= 0 && y <= rows) {
		snprintf(line, sizeof line, "polling… %llds", polling / 1000);
		draw_clean(p->win, y++, x, cols, line, draw_attr(ROLE_INFO));
	}

	if (cs->error != NULL && y <= rows)
		y += draw_wrap(p->win, y, x, cols, rows - y + 1, cs->error,
		    draw_attr(cs->state == CHAN_ERROR ? ROLE_BAD : ROLE_WARN));

	buf_init(&text);
	if (cs->note != NULL)
		buf_puts(&text, cs->note);
	if (cs->detail != NULL) {
		if (text.len > 0)
			buf_putc(&text, '\n');
		buf_puts(&text, cs->detail);
	}
	if (cs->state == CHAN_UNCONFIGURED) {
		char *path = NULL, *shown;

		if (ui->cfg == NULL || ui->cfg->path == NULL)
			path = cfg_default_path();
		shown = draw_tilde(path != NULL ? path : ui->cfg->path);
		if (text.len > 0)
			buf_putc(&text, '\n');
		buf_printf(&text, "config: %s", shown);
		free(shown);
		free(path);
	}
	if (text.len > 0 && y <= rows)
		draw_wrap(p->win, y, x, cols, rows - y + 1, buf_str(&text),
		    draw_attr(ROLE_INFO));
	buf_free(&text);
}

/* While a poll is in flight, its seconds tick. */
static int
channels_wait_ms(struct pane *p)
{
	const struct chan_status *cs = &p->ui->snap->chans[p->arg];
	long long ms;

	if (!cs->polling)
		return -1;
	ms = time_mono_ms() - cs->poll_started;
	if (ms < CHANNELS_POLL_SHOW)
		return (int)(CHANNELS_POLL_SHOW - ms);
	return (int)(1000 - ms % 1000);
}

static enum pane_key
channels_key(struct pane *p, int k)
{
	if (K_IS_ENTER(k)) {
		ui_push(p->ui, &pane_chaninfo_ops, &p->arg);
		return PANE_KEY_DONE;
	}
	return PANE_KEY_PASS;
}

const struct pane_ops pane_channel_ops = {
	.name = "channel",
	.slot = SLOT_STRIP,
	.focusable = true,
	.changed = channels_changed,
	.draw = channels_draw,
	.key = channels_key,
	.wait_ms = channels_wait_ms,
};

/* The channels in brief, when a pane each does not fit: a line per
 * channel (name, state, when, active count, then the error or note as far
 * as the width goes) from 60x16, one line for all of them below that
 * ("SH ✓ SP ● X – SUP ✓ · 2 active · 3m"). p->arg is the selected
 * channel; Enter opens its whole state. */
static const char *const chanlist_short[CHAN_COUNT] = {
	[CHAN_SERVICE_HEALTH] = "SH",
	[CHAN_STATUS_PAGE] = "SP",
	[CHAN_X] = "X",
	[CHAN_SUPPORT] = "SUP",
};

static const char *
chanlist_mark(enum chan_state st)
{
	switch (st) {
	case CHAN_OK:
		return draw_glyph("✓", "+");
	case CHAN_INCIDENT:
		return draw_glyph("●", "*");
	case CHAN_UNREACHABLE:
	case CHAN_ERROR:
		return draw_glyph("✗", "x");
	case CHAN_PENDING:
		return draw_glyph("…", ".");
	default:
		return draw_glyph("–", "-");
	}
}

static void
chanlist_line(struct pane *p, int c, int y)
{
	const struct chan_status *cs = &p->ui->snap->chans[c];
	bool sel = p->focused && p->arg == c;
	attr_t base = sel ? draw_attr(ROLE_SELECT) : A_NORMAL;
	enum draw_role role;
	const char *rest = NULL;
	char line[64];
	long long polling;
	int x = 1;

	if (sel) {
		wattrset(p->win, base);
		mvwhline(p->win, y, 0, ' ', p->w);
		wattrset(p->win, A_NORMAL);
	}
	draw_clean(p->win, y, x, 14, chan_id_name((enum chan_id)c),
	    base | A_BOLD);
	x += 15;
	draw_clean(p->win, y, x, 12, draw_state_word(cs->state),
	    base | draw_attr(draw_state_role(cs->state)));
	x += 13;
	if (cs->state != CHAN_UNCONFIGURED) {
		role = channels_when(p, cs, line, sizeof line);
		if (cs->from_cache && strlen(line) + 9 < sizeof line)
			strcat(line, " (cached)");
		draw_clean(p->win, y, x, 22, line, base | draw_attr(role));
	}
	x += 23;
	if (cs->active > 0) {
		snprintf(line, sizeof line, "%d active", cs->active);
		draw_clean(p->win, y, x, 8, line, base);
	}
	x += 10;
	if (x + 4 > p->w)
		return;
	polling = channels_polling_ms(cs);
	if (polling >= 0) {
		snprintf(line, sizeof line, "polling… %llds", polling / 1000);
		draw_clean(p->win, y, x, p->w - x - 1, line,
		    base | draw_attr(ROLE_INFO));
		return;
	}
	if (cs->error != NULL)
		rest = cs->error;
	else if (cs->note != NULL)
		rest = cs->note;
	if (rest != NULL)
		draw_text_cut(p->win, y, x, p->w - x - 1, rest, base |
		    draw_attr(cs->error != NULL ? (cs->state == CHAN_ERROR ?
		    ROLE_BAD : ROLE_WARN) : ROLE_INFO));
}

static void
chanlist_strip(struct pane *p)
{
	const struct snapshot *snap = p->ui->snap;
	time_t newest = 0;
	char text[48];
	int c, x = 0, n;

	for (c = 0; c < CHAN_COUNT; c++) {
		const struct chan_status *cs = &snap->chans[c];
		attr_t base = p->focused && p->arg == c ?
		    draw_attr(ROLE_SELECT) : A_NORMAL;

		if (cs->last_success > newest)
			newest = cs->last_success;
		if (c > 0)
			x++;
		x += draw_clean(p->win, 0, x, p->w - x, chanlist_short[c],
		    base);
		x += draw_clean(p->win, 0, x, p->w - x, " ", base);
		x += draw_clean(p->win, 0, x, p->w - x,
		    chanlist_mark(cs->state),
		    base | draw_attr(draw_state_role(cs->state)));
	}
	n = snapshot_active_count(snap);
	snprintf(text, sizeof text, " %s %d active", draw_glyph("·", "-"), n);
	x += draw_clean(p->win, 0, x, p->w - x, text,
	    n > 0 ? draw_attr(ROLE_BAD) : A_NORMAL);
	if (newest != 0) {
		char span[16];
		time_t age = p->ui->now > newest ? p->ui->now - newest : 0;

		time_format_span(age, span, sizeof span);
		snprintf(text, sizeof text, " %s %s", draw_glyph("·", "-"),
		    span);
		draw_clean(p->win, 0, x, p->w - x, text, draw_attr(ROLE_DIM));
		pane_changes_in(p, draw_span_next(age));
	}
}

static void
chanlist_draw(struct pane *p)
{
	int c;

	if (p->h < CHAN_COUNT) {
		chanlist_strip(p);
		return;
	}
	for (c = 0; c < CHAN_COUNT; c++)
		chanlist_line(p, c, c);
}

static int
chanlist_wait_ms(struct pane *p)
{
	struct pane one = *p;
	int c, t, ms = -1;

	if (p->h < CHAN_COUNT)
		return -1;	/* the strip shows no progress */
	for (c = 0; c < CHAN_COUNT; c++) {
		one.arg = c;
		t = channels_wait_ms(&one);
		if (t >= 0 && (ms < 0 || t < ms))
			ms = t;
	}
	return ms;
}

static enum pane_key
chanlist_key(struct pane *p, int k)
{
	switch (k) {
	case 'j':
	case 'l':
	case K_FN(KEY_DOWN):
	case K_FN(KEY_RIGHT):
		p->arg = (p->arg + 1) % CHAN_COUNT;
		break;
	case 'k':
	case 'h':
	case K_FN(KEY_UP):
	case K_FN(KEY_LEFT):
		p->arg = (p->arg + CHAN_COUNT - 1) % CHAN_COUNT;
		break;
	default:
		if (K_IS_ENTER(k)) {
			ui_push(p->ui, &pane_chaninfo_ops, &p->arg);
			return PANE_KEY_DONE;
		}
		return PANE_KEY_PASS;
	}
	p->dirty = true;
	return PANE_KEY_DONE;
}

const struct pane_ops pane_chanlist_ops = {
	.name = "channels",
	.slot = SLOT_CHANNELS,
	.focusable = true,
	.draw = chanlist_draw,
	.key = chanlist_key,
	.wait_ms = chanlist_wait_ms,
};

/* The whole of one channel's state, for what a 20-column pane cuts. */
struct chaninfo {
	int			 chan;
	struct draw_lines	 lines;
	int			 built_w;
	size_t			 top;
};

static void
chaninfo_open(struct pane *p, const void *arg)
{
	struct chaninfo *ci = xcalloc(1, sizeof *ci);

	ci->chan = *(const int *)arg;
	p->data = ci;
}

static void
chaninfo_close(struct pane *p)
{
	struct chaninfo *ci = p->data;

	draw_lines_free(&ci->lines);
	free(ci);
	p->data = NULL;
}

static bool
chaninfo_changed(struct pane *p, const struct snapshot *old,
    const struct snapshot *new)
{
	struct chaninfo *ci = p->data;
	struct pane fake = *p;

	fake.arg = ci->chan;
	if (!channels_changed(&fake, old, new))
		return false;
	ci->built_w = 0;
	return true;
}

static void
chaninfo_when(struct chaninfo *ci, int width, const char *label, time_t t)
{
	char when[48], *s;

	draw_utc(t, when, sizeof when);
	s = xasprintf("%s%s", label, when);
	draw_lines_add(&ci->lines, width, 0, A_NORMAL, s);
	free(s);
}

static void
chaninfo_build(struct pane *p)
{
	struct chaninfo *ci = p->data;
	const struct chan_status *cs = &p->ui->snap->chans[ci->chan];
	int width = p->w - 2;
	char *path = NULL, *shown, *s;

	draw_lines_free(&ci->lines);
	ci->built_w = p->w;
	s = xasprintf("State: %s%s", draw_state_word(cs->state),
	    cs->from_cache ? " (from the journal)" : "");
	draw_lines_add(&ci->lines, width, 0,
	    draw_attr(draw_state_role(cs->state)), s);
	free(s);
	if (cs->active > 0) {
		s = xasprintf("Active incidents: %d", cs->active);
		draw_lines_add(&ci->lines, width, 0, A_NORMAL, s);
		free(s);
	}
	chaninfo_when(ci, width, "Last good answer: ", cs->last_success);
	chaninfo_when(ci, width, "Last attempt: ", cs->last_attempt);
	if (cs->polling) {
		s = xasprintf("Polling now, for %llds",
		    (time_mono_ms() - cs->poll_started) / 1000);
		draw_lines_add(&ci->lines, width, 0, draw_attr(ROLE_INFO), s);
		free(s);
	} else
		chaninfo_when(ci, width, "Next poll: ", cs->next_poll);
	if (cs->error != NULL) {
		draw_lines_add(&ci->lines, width, 0, A_NORMAL, "");
		draw_lines_add(&ci->lines, width, 0, draw_attr(ROLE_TITLE),
		    "Last error:");
		draw_lines_add(&ci->lines, width, 2,
		    draw_attr(cs->state == CHAN_ERROR ? ROLE_BAD : ROLE_WARN),
		    cs->error);
	}
	if (cs->note != NULL || cs->detail != NULL) {
		draw_lines_add(&ci->lines, width, 0, A_NORMAL, "");
		draw_lines_add(&ci->lines, width, 0, draw_attr(ROLE_TITLE),
		    "Notes:");
		if (cs->note != NULL)
			draw_lines_add(&ci->lines, width, 2, A_NORMAL, cs->note);
		if (cs->detail != NULL)
			draw_lines_add(&ci->lines, width, 2, A_NORMAL,
			    cs->detail);
	}
	draw_lines_add(&ci->lines, width, 0, A_NORMAL, "");
	if (p->ui->cfg == NULL || p->ui->cfg->path == NULL)
		path = cfg_default_path();
	shown = draw_tilde(path != NULL ? path : p->ui->cfg->path);
	s = xasprintf("Configuration file: %s%s", shown,
	    p->ui->cfg != NULL && p->ui->cfg->path != NULL ? "" :
	    " (not present: defaults and environment in use)");
	draw_lines_add(&ci->lines, width, 0, draw_attr(ROLE_INFO), s);
	free(s);
	free(shown);
	free(path);
}

static void
chaninfo_draw(struct pane *p)
{
	static const char *const hints[] = {
		"j/k", "scroll", "r", "refresh", "q/Esc", "back", "?", "help",
		NULL
	};
	struct chaninfo *ci = p->data;
	size_t rows = p->h > 2 ? (size_t)p->h - 2 : 1;

	if (ci->built_w != p->w)
		chaninfo_build(p);
	if (ci->top + rows > ci->lines.n)
		ci->top = ci->lines.n > rows ? ci->lines.n - rows : 0;
	wattrset(p->win, draw_attr(ROLE_SELECT));
	mvwhline(p->win, 0, 0, ' ', p->w);
	wattrset(p->win, A_NORMAL);
	draw_clean(p->win, 0, 1, 9, "Channel ", draw_attr(ROLE_SELECT) | A_BOLD);
	draw_clean(p->win, 0, 9, p->w - 10,
	    chan_id_name((enum chan_id)ci->chan),
	    draw_attr(ROLE_SELECT) | A_BOLD);
	draw_lines_show(p->win, 1, 1, p->w - 2, rows, &ci->lines, ci->top);
	draw_hints(p->win, p->h - 1, 0, p->w, hints);
}

static enum pane_key
chaninfo_key(struct pane *p, int k)
{
	struct chaninfo *ci = p->data;

	switch (k) {
	case 'q':
	case K_ESC:
	case K_FN(KEY_LEFT):
		ui_pop(p->ui, p);
		return PANE_KEY_DONE;
	case 'j':
	case K_FN(KEY_DOWN):
		ci->top++;
		break;
	case 'k':
	case K_FN(KEY_UP):
		if (ci->top > 0)
			ci->top--;
		break;
	default:
		return PANE_KEY_PASS;
	}
	p->dirty = true;
	return PANE_KEY_DONE;
}

const struct pane_ops pane_chaninfo_ops = {
	.name = "channel-info",
	.slot = SLOT_SCREEN,
	.open = chaninfo_open,
	.close = chaninfo_close,
	.changed = chaninfo_changed,
	.draw = chaninfo_draw,
	.key = chaninfo_key,
};
