/* draw.h: the only way ui/ puts text on the screen. Remote text goes
 * through sanitize() here and is clipped by display width; colours are
 * roles, so NO_COLOR turns them into bold/reverse in one place. */
#ifndef AZWATCH_DRAW_H
#define AZWATCH_DRAW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "decide.h"
#include "model.h"

enum draw_role {
	ROLE_NORMAL,
	ROLE_OK,		/* green */
	ROLE_BAD,		/* red: incident, error */
	ROLE_WARN,		/* yellow: unreachable, stale, mitigated */
	ROLE_INFO,		/* cyan: waiting, notes */
	ROLE_DIM,		/* secondary text */
	ROLE_TITLE,		/* pane titles, headings */
	ROLE_FOCUS,		/* the focused pane's frame */
	ROLE_SELECT,		/* the selected line */
	ROLE_KEY,		/* key names in hints */
	ROLE_MATCH,		/* a search's text where it occurs */
	ROLE_MATCH_CUR,		/* ... on the line n and N moved to */
	/* incidents by what they are ([colors] active, ...) */
	ROLE_ACTIVE,
	ROLE_MITIGATED,
	ROLE_RESOLVED,
	ROLE_PLANNED,		/* maintenance */
	ROLE_ADVISORY
};

/* After initscr(): colour unless NO_COLOR is set and non-empty. */
void	 draw_init(bool colour);
/* The eight semantic colours ([colors]: a colorspec_value per
 * colorspec_role); again after a reload. Ignored without colour. */
void	 draw_set_colors(const int *colors);
/* An incident's role: its status for incidents, planned for
 * maintenance, advisory for advisories. */
enum draw_role draw_inc_role(const struct incident *);
/* A verdict's colour: an Azure incident alarms, no known incident is ok. */
enum draw_role draw_verdict_role(enum verdict);
attr_t	 draw_attr(enum draw_role);
enum draw_role draw_state_role(enum chan_state);
enum draw_role draw_status_role(enum inc_status);
/* The state word people see: "waiting" for pending. */
const char *draw_state_word(enum chan_state);

/* Draw raw (untrusted) text at y,x in at most cols columns, one line;
 * returns the columns used. */
int	 draw_text(WINDOW *, int y, int x, int cols, const char *raw, attr_t);
/* The same for text already sanitized. */
int	 draw_clean(WINDOW *, int y, int x, int cols, const char *clean, attr_t);
/* draw_clean with every occurrence of mark (sanitize_find: ignoring
 * ASCII case) drawn in a, changed by mark_a (draw_attr(ROLE_MATCH) or
 * ROLE_MATCH_CUR); mark NULL or "": none. */
int	 draw_clean_mark(WINDOW *, int y, int x, int cols, const char *clean,
	     attr_t a, const char *mark, attr_t mark_a);
/* For text written past curses (the detail view's OSC 8 links), over
 * cells curses drew: the SGR sequence that sets exactly attribute a
 * (colours from its pair), and n bytes of clean text with mark's
 * occurrences switched to mark_a as draw_clean_mark draws them (a is in
 * effect before and after). Appended to out. */
void	 draw_sgr(struct buf *out, attr_t a);
void	 draw_clean_sgr(struct buf *out, const char *clean, size_t n,
	     attr_t a, const char *mark, attr_t mark_a);
/* Wrap raw text into at most maxlines lines of cols columns from row y;
 * the last line ends in "…" when text was cut. Returns lines used. */
int	 draw_wrap(WINDOW *, int y, int x, int cols, int maxlines,
	     const char *raw, attr_t);
/* Like draw_text, but a cut text ends in "…" (by display width), or in
 * "..." where the locale is not UTF-8. */
int	 draw_text_cut(WINDOW *, int y, int x, int cols, const char *raw,
	     attr_t);
/* The same with mark's occurrences drawn as draw_clean_mark does. */
int	 draw_text_cut_mark(WINDOW *, int y, int x, int cols, const char *raw,
	     attr_t, const char *mark, attr_t mark_a);
/* utf8 in a UTF-8 locale, else the ASCII stand-in. */
const char *draw_glyph(const char *utf8, const char *ascii);
/* A frame round the whole window with a title in the top edge. */
void	 draw_frame(WINDOW *, const char *title, bool focused);
/* Key hints "key label  key label" on row y from column x, in at most
 * cols columns; pairs in a NULL-ended list. */
void	 draw_hints(WINDOW *, int y, int x, int cols, const char *const *pairs);

/* A list of sanitized, wrapped lines to scroll through (detail view,
 * verdict screen). */
struct draw_line {
	char	*text;		/* sanitized */
	attr_t	 attr;
	int	 indent;
};
struct draw_lines {
	struct draw_line *v;
	size_t		  n;
};
/* Sanitize raw, wrap it to width - indent columns and append the lines. */
void	 draw_lines_add(struct draw_lines *, int width, int indent, attr_t,
	     const char *raw);
/* The same as a "- " bullet whose wrapped lines hang under its text. */
void	 draw_lines_bullet(struct draw_lines *, int width, int indent, attr_t,
	     const char *raw);
void	 draw_lines_free(struct draw_lines *);
/* Show rows lines from top at y,x in cols columns. */
void	 draw_lines_show(WINDOW *, int y, int x, int cols, size_t rows,
	     const struct draw_lines *, size_t top);
/* The same with a search's text marked where it occurs (ROLE_MATCH), on
 * line cur (an index into the lines; SIZE_MAX: none) as ROLE_MATCH_CUR. */
void	 draw_lines_find(WINDOW *, int y, int x, int cols, size_t rows,
	     const struct draw_lines *, size_t top, const char *mark,
	     size_t cur);

/* Times are formatted by timeutil.h (time_format_span, _age, _clock,
 * _utc); seconds until time_format_span() of a span that grows (an age) or shrinks (a
 * countdown) reads differently: what a pane passes to pane_changes_in. */
time_t	 draw_span_next(time_t secs);
time_t	 draw_countdown_next(time_t secs);
/* time_format_utc's "2026-11-24 09:40 UTC", or "—" for 0. */
void	 draw_utc(time_t, char *buf, size_t len);
/* Replace $HOME by "~" in a path; caller frees. */
char	*draw_tilde(const char *path);

#endif
