/* pane-channels.c: one pane per channel: its state word, the age of its
 * last good answer (or how stale the data on screen is), the last error in
 * words and the note, e.g. what to set and where when unconfigured. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cfg.h"
#include "draw.h"
#include "pane.h"

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
	    a->from_cache != b->from_cache ||
	    !channels_streq(a->error, b->error) ||
	    !channels_streq(a->note, b->note) ||
	    !channels_streq(a->detail, b->detail);
}

/* Seconds after which data counts as stale: three poll intervals. */
static time_t
channels_stale_after(const struct ui *ui, const struct chan_status *cs)
{
	time_t iv = ui->cfg != NULL && ui->cfg->interval > 0 ?
	    ui->cfg->interval : 60;

	if (cs->next_poll != 0 && cs->last_attempt != 0 &&
	    cs->next_poll - cs->last_attempt > iv)
		iv = cs->next_poll - cs->last_attempt;
	return 3 * iv;
}

static void
channels_draw(struct pane *p)
{
	struct ui *ui = p->ui;
	const struct chan_status *cs = &ui->snap->chans[p->arg];
	struct buf text;
	char line[64], span[16];
	int y = 1, x = 1, cols = p->w - 2, rows = p->h - 2, n;
	bool failed;

	draw_frame(p->win, chan_id_name((enum chan_id)p->arg), p->focused);
	if (cols <= 0 || rows <= 0)
		return;

	n = draw_clean(p->win, y, x, cols, draw_state_word(cs->state),
	    draw_attr(draw_state_role(cs->state)));
	if (cs->active > 0 && cols - n > 4) {
		snprintf(line, sizeof line, " · %d active", cs->active);
		draw_clean(p->win, y, x + n, cols - n, line, A_NORMAL);
	}
	y++;

	failed = cs->state == CHAN_UNREACHABLE || cs->state == CHAN_ERROR;
	if (y <= rows && cs->state != CHAN_UNCONFIGURED) {
		enum draw_role role = ROLE_DIM;

		if (cs->last_success == 0) {
			snprintf(line, sizeof line, "%s",
			    cs->state == CHAN_PENDING ? "no answer yet" :
			    "never answered");
		} else if (failed || ui->now - cs->last_success >
		    channels_stale_after(ui, cs)) {
			draw_span(ui->now - cs->last_success, span, sizeof span);
			snprintf(line, sizeof line, "stale: %s", span);
			role = ROLE_WARN;
		} else {
			draw_age(ui->now, cs->last_success, span, sizeof span);
			snprintf(line, sizeof line, "updated %s", span);
		}
		if (cs->from_cache && strlen(line) + 9 < sizeof line)
			strcat(line, " (cached)");
		draw_clean(p->win, y++, x, cols, line, draw_attr(role));
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

const struct pane_ops pane_channel_ops = {
	.name = "channel",
	.slot = SLOT_STRIP,
	.focusable = true,
	.changed = channels_changed,
	.draw = channels_draw,
};
