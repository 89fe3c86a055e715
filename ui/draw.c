/* draw.c: sanitized, width-clipped text drawing and the colour roles.
 * Remote text never reaches curses except through draw_text/draw_wrap,
 * which run it through sanitize() and draw it with waddnstr. */
#include "config.h"
#include "draw.h"

#include <langinfo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colorspec.h"
#include "sanitize.h"
#include "timeutil.h"
#include "xmalloc.h"

static bool	draw_colour;
static bool	draw_utf8;	/* frames in Unicode rather than the ACS charset */

enum {
	PAIR_GREEN = 1,
	PAIR_RED,
	PAIR_YELLOW,
	PAIR_CYAN,
	PAIR_BLUE,
	PAIR_SEMANTIC,		/* + a colorspec_role */
	PAIR_MATCH = PAIR_SEMANTIC + COLORSPEC_N	/* the current match */
};

void
draw_init(bool colour)
{
	const char *cs = nl_langinfo(CODESET);

	/* Unicode box characters look the same in every UTF-8 terminal and
	 * in tmux's captures; the ACS switch does not. */
	draw_utf8 = cs != NULL && strcmp(cs, "UTF-8") == 0;
	draw_colour = colour && has_colors();
	if (!draw_colour)
		return;
	start_color();
	use_default_colors();
	init_pair(PAIR_GREEN, COLOR_GREEN, -1);
	init_pair(PAIR_RED, COLOR_RED, -1);
	init_pair(PAIR_YELLOW, COLOR_YELLOW, -1);
	init_pair(PAIR_CYAN, COLOR_CYAN, -1);
	init_pair(PAIR_BLUE, COLOR_BLUE, -1);
	for (int i = 0; i < COLORSPEC_N; i++)
		init_pair((short)(PAIR_SEMANTIC + i),
		    (short)colorspec_default((enum colorspec_role)i), -1);
	init_pair(PAIR_MATCH, COLOR_BLACK, COLOR_YELLOW);
}

void
draw_set_colors(const int *colors)
{
	int i, c;

	if (!draw_colour || colors == NULL)
		return;
	for (i = 0; i < COLORSPEC_N; i++) {
		c = colors[i];
		/* a 256-colour number on an 8-colour terminal: its default */
		if (c >= COLORS)
			c = c < 16 ? c - 8 : colorspec_default((enum colorspec_role)i);
		init_pair((short)(PAIR_SEMANTIC + i), (short)c, -1);
	}
}

static attr_t
draw_semantic(enum colorspec_role r)
{
	return COLOR_PAIR(PAIR_SEMANTIC + (int)r);
}

attr_t
draw_attr(enum draw_role role)
{
	if (!draw_colour) {
		/* NO_COLOR: only bold and reverse carry meaning. */
		switch (role) {
		case ROLE_BAD:
		case ROLE_TITLE:
		case ROLE_FOCUS:
		case ROLE_KEY:
			return A_BOLD;
		case ROLE_WARN:
		case ROLE_ACTIVE:
		case ROLE_MITIGATED:
			return A_BOLD;
		case ROLE_SELECT:
		case ROLE_MATCH:
			return A_REVERSE;
		case ROLE_MATCH_CUR:
			return A_REVERSE | A_UNDERLINE;
		default:
			return A_NORMAL;
		}
	}
	switch (role) {
	case ROLE_OK:
		return draw_semantic(COLORSPEC_OK) | A_BOLD;
	case ROLE_BAD:
		return draw_semantic(COLORSPEC_ERROR) | A_BOLD;
	case ROLE_WARN:
		return draw_semantic(COLORSPEC_WARN) | A_BOLD;
	case ROLE_ACTIVE:
		return draw_semantic(COLORSPEC_ACTIVE) | A_BOLD;
	case ROLE_MITIGATED:
		return draw_semantic(COLORSPEC_MITIGATED) | A_BOLD;
	case ROLE_RESOLVED:
		return draw_semantic(COLORSPEC_RESOLVED);
	case ROLE_PLANNED:
		return draw_semantic(COLORSPEC_PLANNED);
	case ROLE_ADVISORY:
		return draw_semantic(COLORSPEC_ADVISORY);
	case ROLE_INFO:
		return COLOR_PAIR(PAIR_CYAN);
	case ROLE_DIM:
		return A_DIM;
	case ROLE_TITLE:
		return A_BOLD;
	case ROLE_FOCUS:
		return COLOR_PAIR(PAIR_CYAN) | A_BOLD;
	case ROLE_SELECT:
		return A_REVERSE;
	case ROLE_KEY:
		return COLOR_PAIR(PAIR_CYAN) | A_BOLD;
	case ROLE_MATCH:
		return A_REVERSE;
	case ROLE_MATCH_CUR:
		return COLOR_PAIR(PAIR_MATCH) | A_BOLD;
	default:
		return A_NORMAL;
	}
}

enum draw_role
draw_state_role(enum chan_state st)
{
	switch (st) {
	case CHAN_OK:
		return ROLE_OK;
	case CHAN_INCIDENT:
	case CHAN_ERROR:
		return ROLE_BAD;
	case CHAN_UNREACHABLE:
		return ROLE_WARN;
	case CHAN_PENDING:
		return ROLE_INFO;
	default:
		return ROLE_DIM;
	}
}

enum draw_role
draw_status_role(enum inc_status st)
{
	switch (st) {
	case INC_ACTIVE:
		return ROLE_ACTIVE;
	case INC_MITIGATED:
		return ROLE_MITIGATED;
	default:
		return ROLE_RESOLVED;
	}
}

enum draw_role
draw_verdict_role(enum verdict v)
{
	switch (v) {
	case VERDICT_AZURE_INCIDENT:
		return ROLE_BAD;
	case VERDICT_NO_KNOWN_INCIDENT:
		return ROLE_OK;
	case VERDICT_UNDETERMINED:
		return ROLE_INFO;
	default:
		return ROLE_WARN;
	}
}

enum draw_role
draw_inc_role(const struct incident *inc)
{
	if (inc->status != INC_RESOLVED &&
	    inc->type == INC_PLANNED_MAINTENANCE)
		return ROLE_PLANNED;
	if (inc->status != INC_RESOLVED &&
	    (inc->type == INC_HEALTH_ADVISORY ||
	    inc->type == INC_SECURITY_ADVISORY))
		return ROLE_ADVISORY;
	return draw_status_role(inc->status);
}

const char *
draw_state_word(enum chan_state st)
{
	if (st == CHAN_PENDING)
		return "waiting";
	return chan_state_name(st);
}

int
draw_clean(WINDOW *w, int y, int x, int cols, const char *clean, attr_t a)
{
	size_t n;
	int used = 0;

	if (clean == NULL || cols <= 0)
		return 0;
	if (!draw_utf8) {
		/* LANG=C: bytes above ASCII would draw as "~@" and push the
		 * border out; one ASCII column per character instead */
		char *ascii = sanitize_ascii(clean);

		n = strlen(ascii);
		used = n > (size_t)cols ? cols : (int)n;
		wattrset(w, a);
		mvwaddnstr(w, y, x, ascii, used);
		wattrset(w, A_NORMAL);
		free(ascii);
		return used;
	}
	n = sanitize_clip(clean, cols, &used);
	if (n == 0)
		return 0;
	wattrset(w, a);
	mvwaddnstr(w, y, x, clean, (int)n);
	wattrset(w, A_NORMAL);
	return used;
}

/* Columns sanitized text takes as draw_clean draws it (one a character
 * where the locale is not UTF-8). */
static int
draw_clean_width(const char *clean)
{
	char *ascii;
	int w;

	if (draw_utf8)
		return sanitize_width(clean);
	ascii = sanitize_ascii(clean);
	w = (int)strlen(ascii);
	free(ascii);
	return w;
}

/* A match in text drawn in a: the mark's colour replaces the text's and
 * its reverse toggles, so a match shows on a selected (reversed) line. */
static attr_t
draw_mark_attr(attr_t a, attr_t mark)
{
	if (mark & A_COLOR)
		a &= ~(A_COLOR | A_REVERSE);
	return (a ^ (mark & A_REVERSE)) | (mark & ~A_REVERSE);
}

/* n bytes of clean at y,x; *cut: they did not all fit in cols. */
static int
draw_piece(WINDOW *w, int y, int x, int cols, const char *clean, size_t n,
    attr_t a, bool *cut)
{
	char *piece = xstrndup(clean, n);
	int used = draw_clean(w, y, x, cols, piece, a);

	*cut = used < draw_clean_width(piece);
	free(piece);
	return used;
}

int
draw_clean_mark(WINDOW *w, int y, int x, int cols, const char *clean,
    attr_t a, const char *mark, attr_t mark_a)
{
	const char *s, *m;
	size_t len;
	int used = 0;
	bool cut = false;

	if (clean == NULL || cols <= 0 || mark == NULL || *mark == '\0')
		return draw_clean(w, y, x, cols, clean, a);
	/* matched in the whole text, so a match cut at the edge still
	 * shows its visible part */
	for (s = clean; *s != '\0' && !cut; s = m + len) {
		if ((m = sanitize_find(s, mark, &len)) == NULL) {
			used += draw_clean(w, y, x + used, cols - used, s, a);
			break;
		}
		if (m > s)
			used += draw_piece(w, y, x + used, cols - used, s,
			    (size_t)(m - s), a, &cut);
		if (!cut)
			used += draw_piece(w, y, x + used, cols - used, m, len,
			    draw_mark_attr(a, mark_a), &cut);
	}
	return used;
}

/* One colour of a pair as SGR parameters: base 30 (foreground) or 40. */
static void
draw_sgr_colour(struct buf *out, int base, short c)
{
	if (c < 0)
		return;			/* the terminal's default */
	if (c < 8)
		buf_printf(out, ";%d", base + c);
	else if (c < 16)
		buf_printf(out, ";%d", base + 60 + c - 8);
	else
		buf_printf(out, ";%d;5;%d", base + 8, c);
}

void
draw_sgr(struct buf *out, attr_t a)
{
	short fg, bg;
	int pair = (int)PAIR_NUMBER(a);

	buf_puts(out, "\033[0");
	if (a & A_BOLD)
		buf_puts(out, ";1");
	if (a & A_DIM)
		buf_puts(out, ";2");
	if (a & A_UNDERLINE)
		buf_puts(out, ";4");
	if (a & A_REVERSE)
		buf_puts(out, ";7");
	if (draw_colour && pair > 0 &&
	    pair_content((short)pair, &fg, &bg) == OK) {
		draw_sgr_colour(out, 30, fg);
		draw_sgr_colour(out, 40, bg);
	}
	buf_putc(out, 'm');
}

void
draw_clean_sgr(struct buf *out, const char *clean, size_t n, attr_t a,
    const char *mark, attr_t mark_a)
{
	const char *s = clean, *end = clean + n, *m;
	size_t len;

	while (s < end) {
		m = sanitize_find(s, mark, &len);
		if (m == NULL || m >= end) {
			buf_append(out, s, (size_t)(end - s));
			break;
		}
		buf_append(out, s, (size_t)(m - s));
		if (len > (size_t)(end - m))
			len = (size_t)(end - m);
		draw_sgr(out, draw_mark_attr(a, mark_a));
		buf_append(out, m, len);
		draw_sgr(out, a);
		s = m + len;
	}
}

int
draw_text(WINDOW *w, int y, int x, int cols, const char *raw, attr_t a)
{
	char *clean;
	int used;

	if (raw == NULL || cols <= 0)
		return 0;
	clean = sanitize_str(raw);
	used = draw_clean(w, y, x, cols, clean, a);
	free(clean);
	return used;
}

int
draw_wrap(WINDOW *w, int y, int x, int cols, int maxlines, const char *raw,
    attr_t a)
{
	struct strv lines = { NULL, 0 };
	char *clean;
	size_t i;
	int n = 0, used;

	if (raw == NULL || cols <= 0 || maxlines <= 0)
		return 0;
	clean = sanitize(raw, strlen(raw), SANITIZE_MULTILINE);
	sanitize_wrap(clean, cols, &lines);
	free(clean);
	for (i = 0; i < lines.n && n < maxlines; i++, n++) {
		if (n == maxlines - 1 && i + 1 < lines.n) {
			/* Cut: say so rather than hide it. */
			int ew = draw_utf8 ? 1 : 3;

			used = draw_clean(w, y + n, x, cols - ew, lines.v[i], a);
			draw_clean(w, y + n, x + used, ew, "…", a);
		} else
			draw_clean(w, y + n, x, cols, lines.v[i], a);
	}
	strv_free(&lines);
	return n;
}

static void
draw_cchar(cchar_t *c, wchar_t wc, attr_t a)
{
	wchar_t s[2] = { wc, L'\0' };

	setcchar(c, s, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
}

void
draw_frame(WINDOW *w, const char *title, bool focused)
{
	int h, wd;
	attr_t a = focused ? draw_attr(ROLE_FOCUS) : A_NORMAL;
	cchar_t hl, vl, tl, tr, bl, br;

	getmaxyx(w, h, wd);
	if (draw_utf8) {
		draw_cchar(&hl, L'\x2500', a);
		draw_cchar(&vl, L'\x2502', a);
		draw_cchar(&tl, L'\x250c', a);
		draw_cchar(&tr, L'\x2510', a);
		draw_cchar(&bl, L'\x2514', a);
		draw_cchar(&br, L'\x2518', a);
		wborder_set(w, &vl, &vl, &hl, &hl, &tl, &tr, &bl, &br);
	} else {
		wattrset(w, a);
		box(w, 0, 0);
		wattrset(w, A_NORMAL);
	}
	(void)h;
	if (title != NULL && wd > 4) {
		mvwaddch(w, 0, 1, ' ');
		draw_clean(w, 0, 2, wd - 5, title,
		    focused ? (draw_attr(ROLE_SELECT) | A_BOLD) :
		    draw_attr(ROLE_TITLE));
		waddch(w, ' ');
	}
}

void
draw_hints(WINDOW *w, int y, int x0, int cols, const char *const *pairs)
{
	int x = 0, kw, lw;
	size_t i;

	for (i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2) {
		kw = sanitize_width(pairs[i]);
		lw = sanitize_width(pairs[i + 1]);
		if (x + kw + 1 + lw > cols)
			break;
		x += draw_clean(w, y, x0 + x, cols - x, pairs[i],
		    draw_attr(ROLE_KEY));
		x += 1;
		x += draw_clean(w, y, x0 + x, cols - x, pairs[i + 1],
		    A_NORMAL);
		x += 2;
	}
}

/* The unit time_format_span counts secs in. */
static time_t
draw_span_unit(time_t secs)
{
	if (secs < 3600)
		return 60;
	return secs < 86400 ? 3600 : 86400;
}

time_t
draw_span_next(time_t secs)
{
	if (secs < 0)		/* a time ahead of the clock reads "<1m" */
		return -secs + 60;
	return draw_span_unit(secs) - secs % draw_span_unit(secs);
}

time_t
draw_countdown_next(time_t secs)
{
	if (secs < 0)
		return 1;
	return secs % draw_span_unit(secs) + 1;
}

void
draw_utc(time_t t, char *buf, size_t len)
{
	if (t == 0)
		snprintf(buf, len, "—");
	else
		time_format_utc(t, 0, buf, len);
}

char *
draw_tilde(const char *path)
{
	const char *home = getenv("HOME");
	size_t n;

	if (path == NULL)
		return xstrdup("");
	if (home != NULL && (n = strlen(home)) > 1 &&
	    strncmp(path, home, n) == 0 && path[n] == '/')
		return xasprintf("~%s", path + n);
	return xstrdup(path);
}

void
draw_lines_add(struct draw_lines *dl, int width, int indent, attr_t a,
    const char *raw)
{
	struct strv wrapped = { NULL, 0 };
	char *clean;
	size_t i;

	if (raw == NULL)
		raw = "";
	clean = sanitize(raw, strlen(raw), SANITIZE_MULTILINE);
	sanitize_wrap(clean, width - indent > 10 ? width - indent : 10,
	    &wrapped);
	free(clean);
	if (wrapped.n == 0)
		strv_add(&wrapped, "");
	dl->v = xreallocarray(dl->v, dl->n + wrapped.n, sizeof *dl->v);
	for (i = 0; i < wrapped.n; i++) {
		dl->v[dl->n].text = wrapped.v[i];	/* taken over */
		dl->v[dl->n].attr = a;
		dl->v[dl->n].indent = indent;
		dl->n++;
	}
	free(wrapped.v);
}

void
draw_lines_bullet(struct draw_lines *dl, int width, int indent, attr_t a,
    const char *raw)
{
	size_t first = dl->n, i;
	char *t;

	draw_lines_add(dl, width, indent + 2, a, raw);
	for (i = first; i < dl->n; i++) {
		if (i == first) {
			t = xasprintf("- %s", dl->v[i].text);
			free(dl->v[i].text);
			dl->v[i].text = t;
			dl->v[i].indent = indent;
		}
	}
}

void
draw_lines_free(struct draw_lines *dl)
{
	size_t i;

	for (i = 0; i < dl->n; i++)
		free(dl->v[i].text);
	free(dl->v);
	dl->v = NULL;
	dl->n = 0;
}

void
draw_lines_show(WINDOW *w, int y, int x, int cols, size_t rows,
    const struct draw_lines *dl, size_t top)
{
	draw_lines_find(w, y, x, cols, rows, dl, top, NULL, SIZE_MAX);
}

void
draw_lines_find(WINDOW *w, int y, int x, int cols, size_t rows,
    const struct draw_lines *dl, size_t top, const char *mark, size_t cur)
{
	size_t i;

	for (i = top; i < dl->n && i < top + rows; i++, y++) {
		const struct draw_line *l = &dl->v[i];

		draw_clean_mark(w, y, x + l->indent, cols - l->indent, l->text,
		    l->attr, mark, draw_attr(i == cur ? ROLE_MATCH_CUR :
		    ROLE_MATCH));
	}
}

const char *
draw_glyph(const char *utf8, const char *ascii)
{
	return draw_utf8 ? utf8 : ascii;
}

int
draw_text_cut(WINDOW *w, int y, int x, int cols, const char *raw, attr_t a)
{
	return draw_text_cut_mark(w, y, x, cols, raw, a, NULL, A_NORMAL);
}

int
draw_text_cut_mark(WINDOW *w, int y, int x, int cols, const char *raw,
    attr_t a, const char *mark, attr_t mark_a)
{
	char *clean;
	int used = 0;

	if (raw == NULL || cols <= 0)
		return 0;
	clean = sanitize_str(raw);
	if (!draw_utf8) {
		/* measured as it will be drawn: one column per ASCII byte */
		char *ascii = sanitize_ascii(clean);

		free(clean);
		clean = ascii;
	}
	if (sanitize_width(clean) <= cols)
		used = draw_clean_mark(w, y, x, cols, clean, a, mark, mark_a);
	else {
		/* LANG=C: "..." as people write it, not a lone "~" */
		int ew = draw_utf8 || cols < 4 ? 1 : 3;

		used = draw_clean_mark(w, y, x, cols - ew, clean, a, mark,
		    mark_a);
		used += draw_clean(w, y, x + used, ew, draw_glyph("…", "..."),
		    a);
	}
	free(clean);
	return used;
}
