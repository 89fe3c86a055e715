/* pane.h: every pane of the dashboard and every screen pushed over it
 * (detail, help, wizard) is one table of operations, as tig's view_ops:
 * adding one means filling a table, not editing a switch in several files. */
#ifndef AZWATCH_PANE_H
#define AZWATCH_PANE_H

#include <curses.h>
#include <stdbool.h>
#include <time.h>

#include "cfg.h"
#include "buf.h"
#include "model.h"
#include "worker.h"

/* Keys: characters are their code point; function keys (KEY_UP, ...) are
 * offset above Unicode so the two never collide. */
#define UI_KEY_FN	0x1000000
#define K_FN(k)		(UI_KEY_FN | (k))
#define K_CTRL(c)	((c) & 0x1f)
#define K_ESC		0x1b
#define K_TAB		'\t'
#define K_BTAB		K_FN(KEY_BTAB)
#define K_RESIZE	K_FN(KEY_RESIZE)

/* A key press means Enter whichever way the terminal sends it. */
#define K_IS_ENTER(k)	((k) == '\n' || (k) == '\r' || (k) == K_FN(KEY_ENTER))
#define K_IS_BACKSPACE(k) ((k) == K_FN(KEY_BACKSPACE) || (k) == 0x7f || \
			  (k) == K_CTRL('h'))

enum pane_key {
	PANE_KEY_PASS,		/* not handled: the caller may try it */
	PANE_KEY_DONE		/* handled */
};

/* Where a dashboard pane goes; the layout code knows slots, not panes. */
enum pane_slot {
	SLOT_TOP,		/* one line across the top */
	SLOT_STRIP,		/* side by side in a band under the top */
	SLOT_CHANNELS,		/* the channels in brief, when the band does
				 * not fit: a line each, or one line for all */
	SLOT_MAIN,		/* the rest of the height */
	SLOT_BOTTOM,		/* one line across the bottom */
	SLOT_SCREEN,		/* pushed over the body, under the top line */
	SLOT_OVERLAY		/* pushed, centred box of the size it asks */
};

/* How much the dashboard shows, picked by layout_pick from the size. */
enum ui_tier {
	TIER_FULL,		/* >= 100x30: a pane per channel */
	TIER_MEDIUM,		/* >= 60x16: a line per channel over the feed */
	TIER_SMALL		/* >= 40x8: one line for the channels */
};

struct ui;
struct pane;
struct filter;
struct seen;
struct prompt;

struct pane_ops {
	const char	*name;
	enum pane_slot	 slot;
	bool		 focusable;
	/* Set up p->data from arg (may be NULL); optional. */
	void		(*open)(struct pane *, const void *arg);
	/* Free p->data; optional. */
	void		(*close)(struct pane *);
	/* True when going from old to new changes what the pane shows;
	 * NULL means "always redraw". old may be NULL. */
	bool		(*changed)(struct pane *, const struct snapshot *old,
			    const struct snapshot *new);
	void		(*draw)(struct pane *);
	enum pane_key	(*key)(struct pane *, int key);
	/* Milliseconds until the pane needs drawing again (progress), or -1. */
	int		(*wait_ms)(struct pane *);
	/* Overlays: the size wanted, given the terminal's. */
	void		(*size)(struct pane *, int lines, int cols, int *h, int *w);
	/* The top screen, after the terminal was updated: write what curses
	 * cannot (OSC 8 hyperlinks over text already drawn); optional. */
	void		(*after)(struct pane *);
	/* A mouse click (button 1) at y,x inside the pane's window;
	 * optional. The wheel comes as the arrow keys. */
	void		(*click)(struct pane *, int y, int x);
};

struct pane {
	const struct pane_ops	*ops;
	struct ui		*ui;
	WINDOW			*win;
	int			 h, w;
	int			 arg;		/* e.g. the channel id */
	bool			 focused;
	bool			 dirty;
	time_t			 changes_at;	/* when what it shows changes by
						 * itself (an age); 0: never */
	void			*data;
};

/* What panes may read: the UI's shared state. */
struct ui {
	const struct cfg	*cfg;
	struct worker		*worker;
	const char		*label;
	struct snapshot		*snap;		/* never NULL while running */
	time_t			 now;
	time_t			 last_tick;	/* last redraw for an age */
	bool			 colour;
	bool			 quit;
	bool			 too_small;
	enum ui_tier		 tier;		/* set by layout_pick */
	int			 lines, cols;
	unsigned long		 notice_seen;	/* newest notice delivered */
	struct filter		*filter;	/* what the feed lists; NULL: all */
	struct seen		*seen;		/* read marks; NULL: none kept */
	int			 sort;		/* the feed's enum feedsort */
	struct prompt		*prompt;	/* the bottom line's prompt */
	int			 exit_status;	/* 130 after Ctrl-C */

	struct pane		*panes;		/* the dashboard, in table order */
	size_t			 npanes;
	size_t			 focus;		/* index into panes */

	struct pane		*stack[8];	/* pushed screens, top last */
	size_t			 nstack;
};

/* Push a screen (SLOT_SCREEN or SLOT_OVERLAY) over the dashboard. */
void	 ui_push(struct ui *, const struct pane_ops *, const void *arg);
/* Pop the pane p (must be the top). */
void	 ui_pop(struct ui *, struct pane *);
/* Redraw everything on the next frame. */
void	 ui_dirty_all(struct ui *);
/* From draw: what p shows will read differently in secs seconds (an
 * age turns from 4m to 5m), so redraw it then. The UI sleeps until the
 * first such moment and no longer: nothing else wakes an idle screen. */
void	 pane_changes_in(struct pane *p, time_t secs);
/* The filters changed: notifications follow them; redraw. */
void	 ui_filter_changed(struct ui *);
/* Mark inc read (NULL: every incident in the snapshot); saved at once. */
void	 ui_mark_seen(struct ui *, const struct incident *);
/* Line editing for typed answers and the search: Backspace drops a
 * character (not a byte), Ctrl-U clears, Ctrl-W drops a word, printable
 * keys are appended as UTF-8 while b stays under max bytes. true when k
 * was an editing key. */
bool	 ui_edit(struct buf *b, int k, size_t max);
/* Scrolling keys shared by every text screen (j k arrows, Space PgDn
 * ^F, PgUp ^B, g Home, G End) over a text whose top line is *top and
 * whose last top is max; true when k was one of them. */
bool	 ui_scroll(size_t *top, size_t max, size_t rows, int k);
/* The incident selected in the feed, or NULL. */
const struct incident *pane_feed_selected(struct ui *);
/* Select the incident before (dir < 0) or after the one keyed key in the
 * feed's order, and return it; NULL at either end. */
const struct incident *pane_feed_step(struct ui *, const char *key, int dir);
/* Minimum terminal size. */
#define UI_MIN_COLS	40
#define UI_MIN_LINES	8

extern const struct pane_ops pane_header_ops;
extern const struct pane_ops pane_channel_ops;
extern const struct pane_ops pane_chanlist_ops;
extern const struct pane_ops pane_feed_ops;
extern const struct pane_ops pane_footer_ops;
extern const struct pane_ops pane_detail_ops;
extern const struct pane_ops pane_chaninfo_ops;
extern const struct pane_ops pane_help_ops;
extern const struct pane_ops pane_filter_ops;
extern const struct pane_ops pane_wizard_ops;
extern const struct pane_ops pane_alerts_ops;

#endif
