/* ui.c: the dashboard's main loop. It sets up the terminal, lays the panes
 * out from one table, sleeps in poll() on the terminal, the worker's pipe
 * and a signal pipe, and hands keys and new snapshots to the panes. */
#include "config.h"
#include "ui.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "draw.h"
#include "feedsort.h"
#include "feedstate.h"
#include "filter.h"
#include "layout.h"
#include "notify.h"
#include "pane.h"
#include "prompt.h"
#include "seen.h"
#include "wizard.h"
#include "xmalloc.h"

/* The dashboard, top to bottom and left to right within a slot. */
static const struct {
	const struct pane_ops	*ops;
	int			 arg;
} ui_table[] = {
	{ &pane_header_ops, 0 },
	{ &pane_channel_ops, CHAN_SERVICE_HEALTH },
	{ &pane_channel_ops, CHAN_STATUS_PAGE },
	{ &pane_channel_ops, CHAN_X },
	{ &pane_channel_ops, CHAN_SUPPORT },
	{ &pane_chanlist_ops, CHAN_SERVICE_HEALTH },
	{ &pane_feed_ops, 0 },
	{ &pane_footer_ops, 0 },
};
#define UI_NPANES (sizeof ui_table / sizeof ui_table[0])

static int	ui_sigpipe[2] = { -1, -1 };
static bool	ui_curses_on;
static ui_reload_fn ui_reload_hook;
static void	*ui_reload_arg;

void
ui_set_reload(ui_reload_fn fn, void *arg)
{
	ui_reload_hook = fn;
	ui_reload_arg = arg;
}

static void
ui_cleanup(void)
{
	if (ui_curses_on) {
		endwin();
		ui_curses_on = false;
	}
}

static void
ui_on_signal(int sig)
{
	unsigned char c = (unsigned char)sig;
	int saved = errno;

	if (ui_sigpipe[1] != -1)
		(void)!write(ui_sigpipe[1], &c, 1);
	errno = saved;
}

static void
ui_free_win(struct pane *p)
{
	if (p->win != NULL) {
		delwin(p->win);
		p->win = NULL;
	}
}

/* Give p a window of h x w at y,x (or none when it does not fit). */
static void
ui_place(struct pane *p, int y, int x, int h, int w)
{
	ui_free_win(p);
	p->h = h;
	p->w = w;
	p->dirty = true;
	if (h > 0 && w > 0)
		p->win = newwin(h, w, y, x);
}

static void
ui_place_screen(struct ui *ui, struct pane *p, int top)
{
	int h, w;

	if (p->ops->slot == SLOT_OVERLAY && p->ops->size != NULL) {
		p->ops->size(p, ui->lines, ui->cols, &h, &w);
		if (h > ui->lines)
			h = ui->lines;
		if (w > ui->cols)
			w = ui->cols;
		ui_place(p, (ui->lines - h) / 2, (ui->cols - w) / 2, h, w);
	} else
		ui_place(p, top, 0, ui->lines - top, ui->cols);
}

static size_t	ui_ntop(const struct ui *);

static void
ui_layout(struct ui *ui)
{
	struct layout_box *box;
	size_t i;

	getmaxyx(stdscr, ui->lines, ui->cols);
	prompt_layout(ui);
	layout_pick(ui);
	for (i = 0; i < ui->npanes; i++)
		ui_free_win(&ui->panes[i]);
	for (i = 0; i < ui->nstack; i++)
		ui_free_win(ui->stack[i]);
	werase(stdscr);
	if (ui->too_small) {
		char msg[80];

		snprintf(msg, sizeof msg, "too small: need %dx%d, have %dx%d",
		    UI_MIN_COLS, UI_MIN_LINES, ui->cols, ui->lines);
		mvwaddnstr(stdscr, ui->lines / 2, 0, msg, ui->cols);
		mvwaddnstr(stdscr, ui->lines / 2 + 1, 0, "(q quits)", ui->cols);
		wnoutrefresh(stdscr);
		return;
	}
	/* Copy the blank stdscr now so a later getch() does not repaint it
	 * over the panes. */
	wnoutrefresh(stdscr);

	box = xcalloc(ui->npanes, sizeof *box);
	layout_boxes(ui, box);
	for (i = 0; i < ui->npanes; i++)
		ui_place(&ui->panes[i], box[i].y, box[i].x, box[i].h, box[i].w);
	free(box);
	layout_refocus(ui);
	for (i = 0; i < ui->nstack; i++)
		ui_place_screen(ui, ui->stack[i], (int)ui_ntop(ui));
}

static size_t
ui_ntop(const struct ui *ui)
{
	size_t i, n = 0;

	for (i = 0; i < ui->npanes; i++)
		if (ui->panes[i].ops->slot == SLOT_TOP)
			n++;
	return n;
}

static void
edit_backspace(struct buf *b)
{
	if (b->len == 0)
		return;
	do
		b->len--;
	while (b->len > 0 && ((unsigned char)b->data[b->len] & 0xc0) == 0x80);
	b->data[b->len] = '\0';
}

bool
ui_scroll(size_t *top, size_t max, size_t rows, int k)
{
	switch (k) {
	case 'j':
	case K_FN(KEY_DOWN):
		if (*top < max)
			(*top)++;
		break;
	case 'k':
	case K_FN(KEY_UP):
		if (*top > 0)
			(*top)--;
		break;
	case ' ':
	case K_FN(KEY_NPAGE):
	case K_CTRL('f'):
		*top = *top + rows < max ? *top + rows : max;
		break;
	case K_FN(KEY_PPAGE):
	case K_CTRL('b'):
		*top = *top > rows ? *top - rows : 0;
		break;
	case 'g':
	case K_FN(KEY_HOME):
		*top = 0;
		break;
	case 'G':
	case K_FN(KEY_END):
		*top = max;
		break;
	default:
		return false;
	}
	return true;
}

bool
ui_edit(struct buf *b, int k, size_t max)
{
	char mb[MB_LEN_MAX];
	mbstate_t ps;
	size_t n;

	if (K_IS_BACKSPACE(k))
		edit_backspace(b);
	else if (k == K_CTRL('u'))
		buf_reset(b);
	else if (k == K_CTRL('w')) {
		while (b->len > 0 && b->data[b->len - 1] == ' ')
			edit_backspace(b);
		while (b->len > 0 && b->data[b->len - 1] != ' ')
			edit_backspace(b);
	} else if (k >= ' ' && k < UI_KEY_FN && k != 0x7f) {
		memset(&ps, 0, sizeof ps);
		n = wcrtomb(mb, (wchar_t)k, &ps);
		if (n != (size_t)-1 && b->len + n <= max)
			buf_append(b, mb, n);
	} else
		return false;
	return true;
}

void
ui_dirty_all(struct ui *ui)
{
	size_t i;

	for (i = 0; i < ui->npanes; i++)
		ui->panes[i].dirty = true;
	for (i = 0; i < ui->nstack; i++)
		ui->stack[i]->dirty = true;
}

void
ui_filter_changed(struct ui *ui)
{
	char err[512], *msg;

	if (ui->worker != NULL && ui->filter != NULL)
		worker_set_filter(ui->worker, ui->filter);
	/* kept for the next start (not in drills) */
	if (ui->label == NULL && ui->cfg != NULL && ui->filter != NULL &&
	    feedstate_save(ui->cfg->state_dir, ui->filter,
	    ui->sort == ui->cfg->ui_sort ? -1 : ui->sort, err,
	    sizeof err) == -1) {
		msg = xasprintf("filters not kept for the next start: %s", err);
		prompt_say(ui, true, msg);
		free(msg);
	}
	ui_dirty_all(ui);
}

/* The filters and sort of the last run, else the configuration's. */
static void
ui_filter_restore(struct ui *ui)
{
	char err[512], *msg;
	int rc;

	/* [ui] sort (active first, then mitigated, ... by default); one
	 * picked with :sort is kept in the state file and wins */
	ui->sort = ui->cfg != NULL ? ui->cfg->ui_sort : FEEDSORT_STATUS;
	if (ui->label != NULL || ui->cfg == NULL)
		return;
	rc = feedstate_load(ui->cfg->state_dir, ui->filter, &ui->sort, err,
	    sizeof err);
	if (rc == 0)
		feedstate_defaults(ui->filter, ui->cfg);
	else if (rc == -1) {
		msg = xasprintf("filters not restored: %s", err);
		prompt_say(ui, true, msg);
		free(msg);
	}
	if (ui->worker != NULL)
		worker_set_filter(ui->worker, ui->filter);
}

void
ui_mark_seen(struct ui *ui, const struct incident *inc)
{
	char err[256];
	bool changed;

	if (ui->seen == NULL)
		return;
	if (inc != NULL)
		changed = seen_mark(ui->seen, inc);
	else
		changed = seen_mark_all(ui->seen, &ui->snap->incidents);
	/* A failed save keeps the marks for this run: not worth a message. */
	if (changed) {
		(void)seen_save(ui->seen, ui->now, err, sizeof err);
		ui_dirty_all(ui);
	}
}

void
ui_push(struct ui *ui, const struct pane_ops *ops, const void *arg)
{
	struct pane *p;

	if (ui->nstack == sizeof ui->stack / sizeof ui->stack[0])
		return;
	p = xcalloc(1, sizeof *p);
	p->ops = ops;
	p->ui = ui;
	p->focused = true;
	if (ops->open != NULL)
		ops->open(p, arg);
	ui->stack[ui->nstack++] = p;
	if (!ui->too_small)
		ui_place_screen(ui, p, (int)ui_ntop(ui));
	p->dirty = true;
}

void
ui_pop(struct ui *ui, struct pane *p)
{
	if (ui->nstack == 0 || ui->stack[ui->nstack - 1] != p)
		return;
	ui->nstack--;
	if (p->ops->close != NULL)
		p->ops->close(p);
	ui_free_win(p);
	free(p);
	/* What it covered must be painted again. */
	ui_dirty_all(ui);
}

static void
ui_pane_draw(struct pane *p)
{
	if (p->win == NULL)
		return;
	werase(p->win);
	p->changes_at = 0;
	p->ops->draw(p);
	p->dirty = false;
	wnoutrefresh(p->win);
}

/* Draw what is dirty, bottom to top, then send it in one go. */
static void
ui_frame(struct ui *ui)
{
	size_t i, first = 0;
	bool covered = false, below = false, painted = false;

	if (ui->too_small) {
		doupdate();
		return;
	}
	for (i = 0; i < ui->nstack; i++) {
		if (ui->stack[i]->ops->slot == SLOT_SCREEN) {
			covered = true;
			first = i;
		}
	}
	for (i = 0; i < ui->npanes; i++) {
		struct pane *p = &ui->panes[i];

		if (covered && p->ops->slot != SLOT_TOP)
			continue;
		if (p->dirty) {
			ui_pane_draw(p);
			below = true;
		}
	}
	for (i = first; i < ui->nstack; i++) {
		struct pane *p = ui->stack[i];

		painted = false;
		if (p->dirty) {
			ui_pane_draw(p);
			painted = true;
		} else if (below && p->win != NULL) {
			/* Something underneath was repainted: put it back on top. */
			touchwin(p->win);
			wnoutrefresh(p->win);
			painted = true;
		}
		below = true;
	}
	prompt_draw(ui);
	doupdate();
	/* Only the top screen may write over what curses drew, and only
	 * when it was just painted. */
	if (painted && ui->stack[ui->nstack - 1]->ops->after != NULL)
		ui->stack[ui->nstack - 1]->ops->after(ui->stack[ui->nstack - 1]);
}

/* Deliver the notices not seen yet: the bell and the desktop
 * notification sequence (notify_osc builds it from sanitized text). Only
 * this thread writes to the terminal. */
static void
ui_notify(struct ui *ui, const struct snapshot *snap)
{
	char seq[1024];
	size_t i;
	bool bell = false;

	for (i = 0; i < snap->nnotices; i++) {
		const struct notice *n = &snap->notices[i];

		if (n->id <= ui->notice_seen)
			continue;
		ui->notice_seen = n->id;
		if (ui->cfg == NULL)
			continue;
		if (ui->cfg->notify_bell)
			bell = true;
		if (ui->cfg->notify_desktop != DESKTOP_OFF) {
			notify_osc(n, ui->cfg->notify_desktop, seq, sizeof seq);
			if (seq[0] != '\0')
				(void)!write(STDOUT_FILENO, seq, strlen(seq));
		}
	}
	if (bell)
		beep();
}

static void
ui_set_snapshot(struct ui *ui, struct snapshot *snap)
{
	struct snapshot *old = ui->snap;
	size_t i;

	for (i = 0; i < ui->npanes; i++) {
		struct pane *p = &ui->panes[i];

		if (p->ops->changed == NULL || p->ops->changed(p, old, snap))
			p->dirty = true;
	}
	for (i = 0; i < ui->nstack; i++) {
		struct pane *p = ui->stack[i];

		if (p->ops->changed == NULL || p->ops->changed(p, old, snap))
			p->dirty = true;
	}
	ui->snap = snap;
	if (old != NULL)
		snapshot_unref(old);
	ui_notify(ui, snap);
}

static void
ui_focus_move(struct ui *ui, int dir)
{
	size_t i, n = ui->npanes, f = ui->focus;

	for (i = 0; i < n; i++) {
		f = (f + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
		if (ui->panes[f].ops->focusable && ui->panes[f].win != NULL)
			break;
	}
	if (f == ui->focus)
		return;
	ui->panes[ui->focus].focused = false;
	ui->panes[ui->focus].dirty = true;
	ui->focus = f;
	ui->panes[f].focused = true;
	ui->panes[f].dirty = true;
	for (i = 0; i < n; i++)
		if (ui->panes[i].ops->slot == SLOT_BOTTOM)
			ui->panes[i].dirty = true;	/* hints follow focus */
}

static void ui_key(struct ui *, int);

/* [ui] mouse = on: clicks and the wheel. Off, the terminal keeps its
 * own selection and scrolling. */
static void
ui_mouse_setup(const struct ui *ui)
{
	mmask_t want = 0;

	if (ui->cfg != NULL && ui->cfg->mouse)
		want = BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED;
	mousemask(want, NULL);
	/* presses come at once, not after a wait for a click */
	mouseinterval(0);
}

/* A click focuses the pane under it and hands it the click; the wheel
 * moves in what is under the pointer (or the screen on top) as three
 * arrow keys. */
static void
ui_mouse(struct ui *ui)
{
	MEVENT ev;
	struct pane *p = NULL;
	size_t i;
	int k, n, by, bx;

	if (getmouse(&ev) != OK)
		return;
	if (ui->nstack > 0) {
		p = ui->stack[ui->nstack - 1];
		if (p->win == NULL || !wenclose(p->win, ev.y, ev.x))
			p = NULL;
	} else {
		for (i = 0; i < ui->npanes; i++) {
			if (ui->panes[i].win != NULL &&
			    wenclose(ui->panes[i].win, ev.y, ev.x)) {
				p = &ui->panes[i];
				break;
			}
		}
	}
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		k = (ev.bstate & BUTTON4_PRESSED) ? K_FN(KEY_UP) : K_FN(KEY_DOWN);
		if (p == NULL || ui->nstack > 0 || !p->ops->focusable) {
			for (n = 0; n < 3; n++)
				ui_key(ui, k);
			return;
		}
		for (n = 0; n < 3 && p->ops->key != NULL; n++)
			(void)p->ops->key(p, k);
		return;
	}
	if (!(ev.bstate & BUTTON1_PRESSED) || p == NULL)
		return;
	if (ui->nstack == 0 && p->ops->focusable && !p->focused) {
		i = (size_t)(p - ui->panes);
		while (ui->focus != i)
			ui_focus_move(ui, 1);
	}
	if (p->ops->click != NULL) {
		getbegyx(p->win, by, bx);
		p->ops->click(p, ev.y - by, ev.x - bx);
	}
}

static void
ui_key(struct ui *ui, int k)
{
	struct pane *p;

	if (k == K_RESIZE) {
		ui_layout(ui);
		return;
	}
	if (ui->too_small) {
		if (k == 'q')
			ui->quit = true;
		return;
	}
	if (k == K_FN(KEY_MOUSE)) {
		prompt_dismiss(ui);
		ui_mouse(ui);
		return;
	}
	if (prompt_key(ui, k))
		return;
	if (ui->nstack > 0) {
		p = ui->stack[ui->nstack - 1];
		if (p->ops->key(p, k) == PANE_KEY_DONE)
			return;
		/* The few keys that work everywhere. */
		if (k == '?')
			ui_push(ui, &pane_help_ops, NULL);
		else if (k == ':')
			prompt_command(ui);
		else if (k == 'r')
			worker_refresh(ui->worker);
		return;
	}
	p = &ui->panes[ui->focus];
	if (p->ops->key != NULL && p->ops->key(p, k) == PANE_KEY_DONE)
		return;
	switch (k) {
	case 'q':
		ui->quit = true;
		break;
	case '?':
	case K_FN(KEY_F(1)):
		ui_push(ui, &pane_help_ops, NULL);
		break;
	case 'r':
	case K_CTRL('r'):
		worker_refresh(ui->worker);
		break;
	case 'w':
		wizard_start(ui);	/* the selected incident's service, region */
		break;
	case ':':
		prompt_command(ui);
		break;
	case '1': case '2': case '3': case '4': {
		int chan = k - '1';	/* a channel's whole state, at any size */

		ui_push(ui, &pane_chaninfo_ops, &chan);
		break;
	}
	case 'a':
		ui_push(ui, &pane_alerts_ops, NULL);
		break;
	case K_TAB:
		ui_focus_move(ui, 1);
		break;
	case K_BTAB:
		ui_focus_move(ui, -1);
		break;
	case K_CTRL('l'):
		clearok(curscr, TRUE);
		ui_dirty_all(ui);
		break;
	}
}

static void
ui_resize(struct ui *ui)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	ui_layout(ui);
}

void
pane_changes_in(struct pane *p, time_t secs)
{
	time_t at = p->ui->now + (secs > 0 ? secs : 1);

	if (p->changes_at == 0 || at < p->changes_at)
		p->changes_at = at;
}

/* Every pane on screen, dashboard first, then the pushed ones. */
static struct pane *
ui_pane_at(const struct ui *ui, size_t i)
{
	if (i < ui->npanes)
		return &ui->panes[i];
	i -= ui->npanes;
	return i < ui->nstack ? ui->stack[i] : NULL;
}

/* Milliseconds until something on screen changes by itself: an age or
 * countdown turning over (pane_changes_in), a progress screen; -1 when
 * nothing will, so an idle dashboard sleeps until the worker or the
 * keyboard has news. */
static int
ui_timeout(const struct ui *ui)
{
	struct timespec ts;
	struct pane *p;
	time_t first = 0;
	long ms = -1;
	size_t i;
	int t;

	for (i = 0; (p = ui_pane_at(ui, i)) != NULL; i++) {
		if (p->changes_at != 0 && (first == 0 || p->changes_at < first))
			first = p->changes_at;
	}
	/* Rows whose ages turn over at different seconds are redrawn
	 * together: at most one timed redraw a minute, each age late by
	 * less than its own unit. */
	if (first != 0 && ui->last_tick != 0 && first < ui->last_tick + 60)
		first = ui->last_tick + 60;
	if (first != 0) {
		/* ages count whole seconds of time(): wake just after */
		clock_gettime(CLOCK_REALTIME, &ts);
		ms = first > ts.tv_sec ? (long)(first - ts.tv_sec) * 1000L -
		    ts.tv_nsec / 1000000L + 20 : 0;
		if (ms > INT_MAX)
			ms = INT_MAX;
	}
	for (i = 0; (p = ui_pane_at(ui, i)) != NULL; i++) {
		if (p->ops->wait_ms != NULL && (t = p->ops->wait_ms(p)) >= 0 &&
		    (ms < 0 || t < ms))
			ms = t;
	}
	return (int)ms;
}

static void
ui_drain_keys(struct ui *ui)
{
	wint_t c;
	int r;

	while (!ui->quit && (r = wget_wch(stdscr, &c)) != ERR) {
		if (r == KEY_CODE_YES)
			ui_key(ui, K_FN((int)c));
		else
			ui_key(ui, (int)c);
	}
}

static int
ui_signals(struct sigaction *old, char *err, size_t errlen)
{
	static const int sigs[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	if (pipe2(ui_sigpipe, O_NONBLOCK | O_CLOEXEC) == -1) {
		snprintf(err, errlen, "cannot create a pipe: %s", strerror(errno));
		return -1;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ui_on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 4; i++)
		sigaction(sigs[i], &sa, &old[i]);
	return 0;
}

static void
ui_signals_restore(const struct sigaction *old)
{
	static const int sigs[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP };
	size_t i;

	for (i = 0; i < 4; i++)
		sigaction(sigs[i], &old[i], NULL);
	close(ui_sigpipe[0]);
	close(ui_sigpipe[1]);
	ui_sigpipe[0] = ui_sigpipe[1] = -1;
}

/* SIGHUP: the configuration again, keeping what is on screen, the
 * filters and the journal; a configuration that does not load changes
 * nothing and says why. */
static void
ui_reload(struct ui *ui)
{
	char err[512], *msg, *shown;
	int was = ui->cfg != NULL ? ui->cfg->ui_sort : -1;

	if (ui_reload_hook == NULL) {
		prompt_say(ui, true, "SIGHUP: nothing reloaded (a drill runs "
		    "without the configuration file)");
		return;
	}
	if (!worker_job_done(ui->worker)) {
		prompt_say(ui, true, "SIGHUP: configuration not reloaded while "
		    "a support request is in flight; send it again after");
		return;
	}
	if (ui_reload_hook(ui_reload_arg, &ui->worker, err, sizeof err) == -1) {
		/* "config:24: ..." rather than the whole path: the reason
		 * has to fit on the line */
		const char *why = err, *slash;

		if (ui->cfg != NULL && ui->cfg->path != NULL &&
		    strncmp(err, ui->cfg->path, strlen(ui->cfg->path)) == 0 &&
		    (slash = strrchr(ui->cfg->path, '/')) != NULL)
			why = err + (slash + 1 - ui->cfg->path);
		msg = xasprintf("kept the old config: %s", why);
		prompt_say(ui, true, msg);
		free(msg);
		return;
	}
	/* a new worker counts its notices from the start */
	ui->notice_seen = 0;
	/* the configured order follows [ui] sort; a picked one stays */
	if (ui->cfg != NULL && ui->sort == was)
		ui->sort = ui->cfg->ui_sort;
	ui_mouse_setup(ui);
	if (ui->cfg != NULL)
		draw_set_colors(ui->cfg->colors);
	if (ui->filter != NULL)
		worker_set_filter(ui->worker, ui->filter);
	shown = ui->cfg != NULL && ui->cfg->path != NULL ?
	    draw_tilde(ui->cfg->path) : NULL;
	msg = xasprintf("configuration reloaded%s%s", shown != NULL ?
	    " from " : "", shown != NULL ? shown : "");
	prompt_say(ui, false, msg);
	free(msg);
	free(shown);
	ui_dirty_all(ui);
}

/* Returns false when the program should stop. */
static bool
ui_read_signals(struct ui *ui)
{
	unsigned char buf[64];
	ssize_t n, i;
	bool resize = false, reload = false;

	while ((n = read(ui_sigpipe[0], buf, sizeof buf)) > 0) {
		for (i = 0; i < n; i++) {
			if (buf[i] == SIGWINCH)
				resize = true;
			else if (buf[i] == SIGHUP)
				reload = true;
			else {
				/* Ctrl-C: 128 + SIGINT, as a shell reports
				 * it; SIGTERM is the ordinary way to stop */
				if (buf[i] == SIGINT)
					ui->exit_status = 128 + SIGINT;
				ui->quit = true;
			}
		}
	}
	if (resize && !ui->quit)
		ui_resize(ui);
	if (reload && !ui->quit)
		ui_reload(ui);
	return !ui->quit;
}

static void
ui_loop(struct ui *ui)
{
	struct pollfd pfd[3];
	struct snapshot *snap;
	struct pane *p;

	while (!ui->quit) {
		ui->now = time(NULL);
		ui_frame(ui);

		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[1].fd = worker_fd(ui->worker);
		pfd[1].events = POLLIN;
		pfd[2].fd = ui_sigpipe[0];
		pfd[2].events = POLLIN;
		if (poll(pfd, 3, ui_timeout(ui)) == -1 && errno != EINTR)
			break;
		ui->now = time(NULL);

		if (!ui_read_signals(ui))
			break;
		if (pfd[1].revents & POLLIN) {
			snap = worker_snapshot(ui->worker);
			if (snap != NULL && snap != ui->snap)
				ui_set_snapshot(ui, snap);
			else if (snap != NULL)
				snapshot_unref(snap);
		}
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			break;		/* the terminal went away */
		ui_drain_keys(ui);

		if (ui->last_tick == 0 || ui->now >= ui->last_tick + 60) {
			for (size_t i = 0; (p = ui_pane_at(ui, i)) != NULL;
			    i++) {
				if (p->changes_at == 0 || p->changes_at > ui->now)
					continue;
				p->changes_at = 0;	/* set again when drawn */
				p->dirty = true;
				ui->last_tick = ui->now;
			}
		}
		/* Screens showing progress are drawn at every wake-up. */
		for (size_t i = 0; (p = ui_pane_at(ui, i)) != NULL; i++) {
			if (p->ops->wait_ms != NULL && p->ops->wait_ms(p) >= 0)
				p->dirty = true;
		}
	}
}

int
ui_run(const struct cfg *cfg, struct worker *worker, const char *label,
    char *err, size_t errlen)
{
	struct ui ui;
	struct sigaction old[4];
	SCREEN *scr;
	const char *nc;
	size_t i;

	/* the locale is set in main, before the worker thread starts */
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "the dashboard needs a terminal; "
		    "use \"azwatch status\" for plain output");
		return -1;
	}
	memset(&ui, 0, sizeof ui);
	ui.cfg = cfg;
	ui.worker = worker;
	ui.label = label;
	nc = getenv("NO_COLOR");
	ui.colour = (nc == NULL || *nc == '\0') &&
	    (cfg == NULL || !cfg->no_color);

	if (ui_signals(old, err, errlen) == -1)
		return -1;
	xmalloc_set_cleanup(ui_cleanup);
	scr = newterm(NULL, stdout, stdin);
	if (scr == NULL) {
		snprintf(err, errlen, "cannot set up the terminal "
		    "(is TERM set to a known terminal?)");
		ui_signals_restore(old);
		return -1;
	}
	set_term(scr);
	ui_curses_on = true;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	/* A frame goes out in one write: no peeking at the keyboard between
	 * lines (keys are read right after anyway), and fewer system calls
	 * and wake-ups of the terminal for each redraw. */
	typeahead(-1);
	set_escdelay(25);
	/* Home and End as the usual terminals send them, whatever TERM's
	 * entry says (tmux sends \e[1~ and \e[4~): otherwise their ESC would
	 * close the screen. */
	define_key("\033[1~", KEY_HOME);
	define_key("\033[4~", KEY_END);
	define_key("\033[H", KEY_HOME);
	define_key("\033[F", KEY_END);
	define_key("\033OH", KEY_HOME);
	define_key("\033OF", KEY_END);
	curs_set(0);
	ui_mouse_setup(&ui);
	draw_init(ui.colour);
	if (cfg != NULL)
		draw_set_colors(cfg->colors);
	ui.filter = xcalloc(1, sizeof *ui.filter);
	filter_init(ui.filter);
	/* Drills (a label) keep their read marks in memory only. */
	ui.seen = seen_new(label == NULL && cfg != NULL ? cfg->state_dir : NULL);
	prompt_init(&ui);
	ui_filter_restore(&ui);

	ui.snap = worker_snapshot(worker);
	if (ui.snap == NULL)
		ui.snap = snapshot_new();
	ui_notify(&ui, ui.snap);
	ui.now = time(NULL);

	ui.npanes = UI_NPANES;
	ui.panes = xcalloc(ui.npanes, sizeof *ui.panes);
	for (i = 0; i < ui.npanes; i++) {
		ui.panes[i].ops = ui_table[i].ops;
		ui.panes[i].ui = &ui;
		ui.panes[i].arg = ui_table[i].arg;
		if (ui.panes[i].ops->open != NULL)
			ui.panes[i].ops->open(&ui.panes[i], NULL);
		if (ui.panes[i].ops->slot == SLOT_MAIN &&
		    ui.panes[i].ops->focusable) {
			ui.focus = i;
			ui.panes[i].focused = true;
		}
	}
	ui_layout(&ui);
	ui_loop(&ui);

	while (ui.nstack > 0)
		ui_pop(&ui, ui.stack[ui.nstack - 1]);
	for (i = 0; i < ui.npanes; i++) {
		if (ui.panes[i].ops->close != NULL)
			ui.panes[i].ops->close(&ui.panes[i]);
		ui_free_win(&ui.panes[i]);
	}
	free(ui.panes);
	prompt_free(&ui);
	ui_cleanup();
	delscreen(scr);
	ui_signals_restore(old);
	snapshot_unref(ui.snap);
	{
		char serr[256];

		(void)seen_save(ui.seen, time(NULL), serr, sizeof serr);
	}
	seen_free(ui.seen);
	filter_free(ui.filter);
	free(ui.filter);
	return ui.exit_status;
}
