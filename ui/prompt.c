/* prompt.c: the one-line prompt at the bottom of the screen, over the
 * key hints: the feed's "/" search (applied as it is typed, Enter keeps
 * it, Esc clears it), the ":" command line (src/cmdline.c parses and
 * completes it; this file runs the commands) and one-line messages. */
#include "config.h"
#include "prompt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmdline.h"
#include "draw.h"
#include "export.h"
#include "feedsort.h"
#include "filter.h"
#include "pane.h"
#include "sanitize.h"
#include "xmalloc.h"

/* Longest line typed, in bytes. */
#define PROMPT_MAX	200

enum prompt_mode {
	PROMPT_OFF,
	PROMPT_SEARCH,
	PROMPT_COMMAND,
	PROMPT_MESSAGE
};

struct prompt {
	enum prompt_mode mode;
	struct buf	 text;		/* typed */
	char		*hint;		/* after the text: completions; owned */
	char		*msg;		/* PROMPT_MESSAGE; owned */
	bool		 error;
	WINDOW		*win;
	int		 lines, cols;	/* the window was made for these */
};

void
prompt_init(struct ui *ui)
{
	struct prompt *pr = xcalloc(1, sizeof *pr);

	buf_init(&pr->text);
	ui->prompt = pr;
}

static void
prompt_drop_win(struct prompt *pr)
{
	if (pr->win != NULL) {
		delwin(pr->win);
		pr->win = NULL;
	}
}

void
prompt_free(struct ui *ui)
{
	struct prompt *pr = ui->prompt;

	if (pr == NULL)
		return;
	prompt_drop_win(pr);
	buf_free(&pr->text);
	free(pr->hint);
	free(pr->msg);
	free(pr);
	ui->prompt = NULL;
}

void
prompt_layout(struct ui *ui)
{
	if (ui->prompt != NULL)
		prompt_drop_win(ui->prompt);
}

static void
prompt_set_hint(struct prompt *pr, char *hint)
{
	free(pr->hint);
	pr->hint = hint;
}

/* Back to the key hints under it. */
static void
prompt_close(struct ui *ui)
{
	struct prompt *pr = ui->prompt;

	pr->mode = PROMPT_OFF;
	buf_reset(&pr->text);
	prompt_set_hint(pr, NULL);
	free(pr->msg);
	pr->msg = NULL;
	curs_set(0);
	ui_dirty_all(ui);
}

static void
prompt_open(struct ui *ui, enum prompt_mode mode)
{
	struct prompt *pr = ui->prompt;

	if (pr == NULL)
		return;
	prompt_close(ui);
	pr->mode = mode;
}

void
prompt_search(struct ui *ui)
{
	if (ui->filter == NULL)
		return;
	prompt_open(ui, PROMPT_SEARCH);
	filter_set_search(ui->filter, NULL);
	ui_dirty_all(ui);
}

void
prompt_command(struct ui *ui)
{
	prompt_open(ui, PROMPT_COMMAND);
}

void
prompt_say(struct ui *ui, bool error, const char *msg)
{
	struct prompt *pr = ui->prompt;

	if (pr == NULL)
		return;
	prompt_close(ui);
	pr->mode = PROMPT_MESSAGE;
	pr->error = error;
	pr->msg = xstrdup(msg);
}

void
prompt_dismiss(struct ui *ui)
{
	if (ui->prompt != NULL && ui->prompt->mode == PROMPT_MESSAGE)
		prompt_close(ui);
}

static void
prompt_values(int field, struct strv *out, void *arg)
{
	struct ui *ui = arg;

	filter_values((enum filter_field)field, &ui->snap->incidents, out);
}

static void
prompt_complete(struct ui *ui)
{
	struct prompt *pr = ui->prompt;
	struct strv cands = { NULL, 0 };
	char *line;

	line = cmdline_complete(buf_str(&pr->text), prompt_values, ui, &cands);
	buf_reset(&pr->text);
	buf_puts(&pr->text, line);
	free(line);
	/* several matches: list them after what is typed */
	prompt_set_hint(pr, cands.n > 1 ? strv_join(&cands, " ") : NULL);
	strv_free(&cands);
}

static void
prompt_export(struct ui *ui)
{
	const struct incident *inc = pane_feed_selected(ui);
	char path[1024], err[512], *msg, *shown;

	if (inc == NULL) {
		prompt_say(ui, true, ":export: no incident is selected");
		return;
	}
	if (export_save(inc, ui->cfg != NULL ? ui->cfg->state_dir : NULL,
	    ui->now, path, sizeof path, err, sizeof err) == -1) {
		msg = xasprintf(":export: %s", err);
		prompt_say(ui, true, msg);
		free(msg);
		return;
	}
	shown = draw_tilde(path);
	msg = xasprintf("exported to %s", shown);
	prompt_say(ui, false, msg);
	free(msg);
	free(shown);
}

/* Run the command line; what it did, or why not, stays on the line. */
static void
prompt_run(struct ui *ui, const char *line)
{
	struct cmdline c;
	char err[256], *msg, *d;

	if (cmdline_parse(line, &c, err, sizeof err) == -1) {
		prompt_say(ui, true, err);
		return;
	}
	switch (c.cmd) {
	case CMDLINE_NONE:
		prompt_close(ui);
		break;
	case CMDLINE_QUIT:
		prompt_close(ui);
		ui->quit = true;
		break;
	case CMDLINE_HELP:
		prompt_close(ui);
		ui_push(ui, &pane_help_ops, NULL);
		break;
	case CMDLINE_EXPORT:
		prompt_export(ui);
		break;
	case CMDLINE_SORT:
		ui->sort = c.sort >= 0 ? c.sort :
		    (int)feedsort_next((enum feedsort)ui->sort);
		msg = xasprintf("sorted by %s (:sort cycles: updated, status, "
		    "title)", feedsort_name((enum feedsort)ui->sort));
		prompt_say(ui, false, msg);
		free(msg);
		ui_filter_changed(ui);	/* kept with the filters */
		break;
	case CMDLINE_FILTER:
		if (ui->filter == NULL) {
			prompt_say(ui, true, "no filters here");
			break;
		}
		if (c.field < 0)
			filter_clear(ui->filter);
		else
			filter_set(ui->filter, (enum filter_field)c.field,
			    c.value);
		ui_filter_changed(ui);
		d = filter_describe(ui->filter);
		msg = xasprintf("filter: %s", *d != '\0' ? d : "none");
		prompt_say(ui, false, msg);
		free(msg);
		free(d);
		break;
	}
	cmdline_free(&c);
}

bool
prompt_key(struct ui *ui, int k)
{
	struct prompt *pr = ui->prompt;
	char *line;

	if (pr == NULL || k == K_RESIZE)
		return false;
	switch (pr->mode) {
	case PROMPT_OFF:
		return false;
	case PROMPT_MESSAGE:
		prompt_close(ui);
		/* Esc only dismisses the message */
		return k == K_ESC;
	case PROMPT_SEARCH:
		if (K_IS_ENTER(k)) {
			prompt_close(ui);
			return true;
		}
		if (k == K_ESC) {
			filter_set_search(ui->filter, NULL);
			prompt_close(ui);
			return true;
		}
		if (ui_edit(&pr->text, k, PROMPT_MAX)) {
			filter_set_search(ui->filter, buf_str(&pr->text));
			ui_dirty_all(ui);
		}
		return true;
	case PROMPT_COMMAND:
		if (K_IS_ENTER(k)) {
			line = xstrdup(buf_str(&pr->text));
			prompt_close(ui);
			prompt_run(ui, line);
			free(line);
			return true;
		}
		if (k == K_ESC || (K_IS_BACKSPACE(k) && pr->text.len == 0)) {
			prompt_close(ui);
			return true;
		}
		if (k == K_TAB)
			prompt_complete(ui);
		else if (ui_edit(&pr->text, k, PROMPT_MAX))
			prompt_set_hint(pr, NULL);
		return true;
	}
	return false;
}

void
prompt_draw(struct ui *ui)
{
	struct prompt *pr = ui->prompt;
	const char *lead;
	attr_t a;
	int x;

	if (pr == NULL || pr->mode == PROMPT_OFF || ui->too_small ||
	    ui->lines < 1 || ui->cols < 2)
		return;
	if (pr->win != NULL && (pr->lines != ui->lines || pr->cols != ui->cols))
		prompt_drop_win(pr);
	if (pr->win == NULL) {
		pr->win = newwin(1, ui->cols, ui->lines - 1, 0);
		if (pr->win == NULL)
			return;
		pr->lines = ui->lines;
		pr->cols = ui->cols;
	}
	werase(pr->win);
	if (pr->mode == PROMPT_MESSAGE) {
		a = pr->error ? draw_attr(ROLE_BAD) : draw_attr(ROLE_INFO);
		draw_text(pr->win, 0, 0, ui->cols, pr->msg, a);
	} else {
		lead = pr->mode == PROMPT_SEARCH ? "/" : ":";
		x = draw_clean(pr->win, 0, 0, 1, lead, draw_attr(ROLE_KEY));
		/* typed text: sanitized like everything else drawn */
		x += draw_text(pr->win, 0, x, ui->cols - x - 1,
		    buf_str(&pr->text), A_NORMAL);
		/* the cursor, where the next character goes */
		draw_clean(pr->win, 0, x, 1, " ", A_REVERSE);
		x++;
		if (pr->hint != NULL && x + 2 < ui->cols)
			draw_text(pr->win, 0, x + 2, ui->cols - x - 2, pr->hint,
			    draw_attr(ROLE_DIM));
		else if (pr->mode == PROMPT_SEARCH && x + 2 < ui->cols)
			draw_clean(pr->win, 0, x + 2, ui->cols - x - 2,
			    "Enter keeps, Esc clears, n/N next/previous",
			    draw_attr(ROLE_DIM));
	}
	wnoutrefresh(pr->win);
}
