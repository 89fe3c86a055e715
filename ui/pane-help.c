/* pane-help.c: the help overlay listing every key; any key closes it. */
#include "config.h"

#include <stddef.h>

#include "draw.h"
#include "pane.h"

static const char *const help_lines[][2] = {
	{ NULL, "Dashboard" },
	{ "Tab Shift-Tab", "move between panes" },
	{ "j k PgDn PgUp", "move in the list; g G first, last" },
	{ "Enter", "details: incident history, or channel" },
	{ "1 2 3 4", "a channel's whole state" },
	{ "/ n N", "search (Esc clears); next, previous" },
	{ "f", "filter by service, region, type, ..." },
	{ "R M c", "hide resolved, maintenance; clear" },
	{ "m", "mark every incident read" },
	{ "r", "refresh every channel now" },
	{ "w a", "wizard, from the selection; alerts" },
	{ "? : q", "this help; command line (Tab); quit" },
	{ NULL, "Detail view" },
	{ "j k PgDn PgUp", "scroll" },
	{ "[ ] y o / n N", "prev/next; copy ID; open; search" },
	{ "e q Esc", "export as Markdown; back" },
	{ NULL, "Wizard" },
	{ "type, Up Down", "search and pick; Enter chooses" },
	{ "Esc", "back one step" },
	{ "t s y o", "ticket, save draft, copy id, open link" },
	{ "r q", "check again, close the wizard" },
};
#define HELP_N (sizeof help_lines / sizeof help_lines[0])

static void
help_size(struct pane *p, int lines, int cols, int *h, int *w)
{
	*h = (int)HELP_N + 4;
	*w = 60;
}

/* Lines that fit; in a short terminal the list scrolls (p->arg is the
 * first line shown). */
static size_t
help_rows(const struct pane *p)
{
	return p->h > 3 ? (size_t)p->h - 3 : 1;
}

static bool
help_scrolls(const struct pane *p)
{
	return HELP_N > help_rows(p);
}

static void
help_draw(struct pane *p)
{
	size_t i;
	int y = 1;

	draw_frame(p->win, "keys", true);
	if ((size_t)p->arg + help_rows(p) > HELP_N)
		p->arg = help_scrolls(p) ? (int)(HELP_N - help_rows(p)) : 0;
	for (i = (size_t)p->arg; i < HELP_N && y < p->h - 2; i++, y++) {
		if (help_lines[i][0] == NULL)
			draw_clean(p->win, y, 2, p->w - 4, help_lines[i][1],
			    draw_attr(ROLE_TITLE));
		else {
			draw_clean(p->win, y, 4, 15, help_lines[i][0],
			    draw_attr(ROLE_KEY));
			draw_clean(p->win, y, 20, p->w - 22, help_lines[i][1],
			    A_NORMAL);
		}
	}
	draw_clean(p->win, p->h - 2, 2, p->w - 4, help_scrolls(p) ?
	    "Press any key to close; j/k scroll." : "Press any key to close.",
	    draw_attr(ROLE_DIM));
}

static enum pane_key
help_key(struct pane *p, int k)
{
	size_t top = (size_t)p->arg;

	if (k == K_RESIZE)
		return PANE_KEY_DONE;
	if (help_scrolls(p) && ui_scroll(&top, HELP_N - help_rows(p),
	    help_rows(p), k)) {
		p->arg = (int)top;
		p->dirty = true;
		return PANE_KEY_DONE;
	}
	ui_pop(p->ui, p);
	return PANE_KEY_DONE;
}

static bool
help_changed(struct pane *p, const struct snapshot *old,
    const struct snapshot *new)
{
	return false;
}

const struct pane_ops pane_help_ops = {
	.name = "help",
	.slot = SLOT_OVERLAY,
	.changed = help_changed,
	.draw = help_draw,
	.key = help_key,
	.size = help_size,
};
