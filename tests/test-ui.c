/* test-ui.c: the drawing layer and the feed pane on an off-screen terminal
 * (newterm on /dev/null, as tig's tests do): escapes never reach the
 * screen, clipping is by display width, a search's matches are
 * highlighted by display column, and the feed keeps its selection by
 * incident key when a new snapshot reorders the list. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "buf.h"
#include "draw.h"
#include "timeutil.h"
#include "pane.h"
#include "xmalloc.h"

static SCREEN *scr;
static FILE *out, *in;

static int
setup(void **state)
{
	set_term(scr);
	draw_init(false);
	return 0;
}

static int
teardown(void **state)
{
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	return 0;
}

/* Row y of w as UTF-8 (trailing blanks kept). */
static char *
row(WINDOW *w, int y)
{
	static char buf[1024];
	wchar_t ws[256];
	int n;
	size_t i, len = 0;
	mbstate_t ps;

	n = mvwinnwstr(w, y, 0, ws, 255);
	if (n < 0)
		n = 0;
	ws[n] = L'\0';
	memset(&ps, 0, sizeof ps);
	for (i = 0; ws[i] != L'\0' && len + MB_CUR_MAX < sizeof buf; i++)
		len += wcrtomb(buf + len, ws[i], &ps);
	buf[len] = '\0';
	return buf;
}

static void
test_text_escapes(void **state)
{
	WINDOW *w = newwin(1, 30, 0, 0);
	int used;

	/* CSI, OSC and a C1 CSI (U+009B) vanish whole; a stray byte that
	 * is not UTF-8 shows as U+FFFD. */
	used = draw_text(w, 0, 0, 30, "ab\033[31mcd\033]0;PWNED\007ef"
	    "\xc2\x9b" "31mg\xff", A_NORMAL);
	assert_int_equal(used, 8);
	assert_string_equal(row(w, 0), "abcdefg\xef\xbf\xbd"
	    "                      ");
	assert_null(strchr(row(w, 0), '\033'));
	delwin(w);
}

static void
test_text_clip_cjk(void **state)
{
	WINDOW *w = newwin(1, 10, 0, 0);
	int used;

	/* Each ideograph is two columns: five columns hold two of them. */
	used = draw_text(w, 0, 0, 5, "東京都庁", A_NORMAL);
	assert_int_equal(used, 4);
	assert_int_equal(strncmp(row(w, 0), "東京", strlen("東京")), 0);
	assert_null(strstr(row(w, 0), "都"));
	werase(w);
	used = draw_text(w, 0, 0, 4, "e\xcc\x81t\xc3\xa9s", A_NORMAL);
	assert_int_equal(used, 4);		/* e + combining accent is one */
	delwin(w);
}

static void
test_wrap_cut(void **state)
{
	WINDOW *w = newwin(3, 12, 0, 0);
	int n;

	n = draw_wrap(w, 0, 0, 10, 2, "one two three four five six seven",
	    A_NORMAL);
	assert_int_equal(n, 2);
	assert_string_equal(row(w, 0), "one two     ");
	assert_non_null(strstr(row(w, 1), "…"));
	delwin(w);
}

/* Row y of w as one letter a column: R reverse, U reverse and underline
 * (NO_COLOR's current match), . neither. */
static char *
marks(WINDOW *w, int y)
{
	static char buf[256];
	int x, n = getmaxx(w);
	cchar_t c;
	wchar_t wc[CCHARW_MAX + 1];
	attr_t a;
	short pair;

	for (x = 0; x < n && x < (int)sizeof buf - 1; x++) {
		mvwin_wch(w, y, x, &c);
		getcchar(&c, wc, &a, &pair, NULL);
		buf[x] = !(a & A_REVERSE) ? '.' : (a & A_UNDERLINE) ? 'U' : 'R';
	}
	buf[x] = '\0';
	return buf;
}

static void
test_mark(void **state)
{
	WINDOW *w = newwin(2, 20, 0, 0);
	attr_t hl = draw_attr(ROLE_MATCH);
	struct draw_lines dl = { NULL, 0 };
	int used;

	/* by display width: each ideograph is two columns */
	used = draw_clean_mark(w, 0, 0, 20, "東京 Rolling rolling", A_NORMAL,
	    "ROLLING", hl);
	assert_int_equal(used, 20);
	assert_string_equal(row(w, 0), "東京 Rolling rolling");
	assert_string_equal(marks(w, 0), ".....RRRRRRR.RRRRRRR");
	/* clipped: the visible part of a match still shows */
	werase(w);
	used = draw_clean_mark(w, 0, 0, 9, "東京 Rolling", A_NORMAL, "rolling",
	    hl);
	assert_int_equal(used, 9);
	assert_string_equal(marks(w, 0), ".....RRRR...........");
	/* a multibyte needle; a piece of a character matches nothing */
	werase(w);
	draw_clean_mark(w, 0, 0, 20, "東京 x", A_NORMAL, "京", hl);
	assert_string_equal(marks(w, 0), "..RR................");
	werase(w);
	draw_clean_mark(w, 0, 0, 20, "東京 x", A_NORMAL, "\xba\xac", hl);
	assert_string_equal(marks(w, 0), "....................");
	assert_string_equal(row(w, 0), "東京 x              ");
	/* on a selected (reversed) line a match is the unreversed part */
	werase(w);
	draw_clean_mark(w, 0, 0, 3, "abc", draw_attr(ROLE_SELECT), "B", hl);
	assert_string_equal(marks(w, 0), "R.R.................");
	/* cut with "…": matched in the whole text */
	werase(w);
	draw_text_cut_mark(w, 0, 0, 10, "rolling rolling", A_NORMAL,
	    "rolling", hl);
	assert_string_equal(row(w, 0), "rolling r…          ");
	assert_string_equal(marks(w, 0), "RRRRRRR.R...........");
	/* a list: the current line's matches apart (NO_COLOR: underlined) */
	werase(w);
	draw_lines_add(&dl, 20, 0, A_NORMAL, "one x");
	draw_lines_add(&dl, 20, 2, A_BOLD, "two x x");
	draw_lines_find(w, 0, 0, 20, 2, &dl, 0, "X", 1);
	assert_string_equal(marks(w, 0), "....R...............");
	assert_string_equal(marks(w, 1), "......U.U...........");
	draw_lines_free(&dl);
	delwin(w);
}

/* Past curses (OSC 8 links): the same attributes and highlights as SGR. */
static void
test_mark_sgr(void **state)
{
	const char *link = "https://x/history/?id=1";
	struct buf b;

	buf_init(&b);
	draw_sgr(&b, A_BOLD | A_REVERSE);
	assert_string_equal(buf_str(&b), "\033[0;1;7m");
	buf_reset(&b);
	draw_clean_sgr(&b, link, strlen(link), A_BOLD, "HISTORY",
	    draw_attr(ROLE_MATCH));
	assert_string_equal(buf_str(&b),
	    "https://x/\033[0;1;7mhistory\033[0;1m/?id=1");
	/* only the n bytes drawn, a match cut with them */
	buf_reset(&b);
	draw_clean_sgr(&b, link, 13, A_NORMAL, "history",
	    draw_attr(ROLE_MATCH_CUR));
	assert_string_equal(buf_str(&b), "https://x/\033[0;4;7mhis\033[0m");
	buf_reset(&b);
	draw_clean_sgr(&b, link, strlen(link), A_NORMAL, NULL, A_NORMAL);
	assert_string_equal(buf_str(&b), link);
	buf_free(&b);
}

static void
test_ages(void **state)
{
	char buf[32];

	time_format_age(1000, 0, buf, sizeof buf);
	assert_string_equal(buf, "never");
	time_format_age(1000, 990, buf, sizeof buf);
	assert_string_equal(buf, "<1m ago");
	time_format_age(1000, 1000 - 125, buf, sizeof buf);
	assert_string_equal(buf, "2m ago");
	time_format_age(100000, 100000 - 3 * 3600 - 5, buf, sizeof buf);
	assert_string_equal(buf, "3h ago");
	time_format_span(2 * 86400 + 10, buf, sizeof buf);
	assert_string_equal(buf, "2d");
	draw_utc(0, buf, sizeof buf);
	assert_string_equal(buf, "—");
	draw_utc(1795513200, buf, sizeof buf);	/* 2026-11-24 09:40 UTC */
	assert_string_equal(buf, "2026-11-24 09:40 UTC");
}

/* The UI sleeps until the moment an age or countdown on screen would
 * read differently: one second earlier it must read the same, at that
 * moment it must not. */
static void
test_age_changes(void **state)
{
	static const time_t spans[] = { 0, 1, 59, 60, 61, 119, 125, 3599,
	    3600, 3601, 7199, 86399, 86400, 86401, 2 * 86400 + 10, 40 * 86400 };
	char a[32], b[32];
	time_t s, n;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof spans / sizeof spans[0]; i++) {
		s = spans[i];
		n = draw_span_next(s);
		assert_true(n > 0);
		time_format_span(s, a, sizeof a);
		time_format_span(s + n - 1, b, sizeof b);
		assert_string_equal(a, b);
		time_format_span(s + n, b, sizeof b);
		assert_string_not_equal(a, b);

		n = draw_countdown_next(s);
		assert_true(n > 0);
		time_format_span(s - (n - 1), b, sizeof b);
		assert_string_equal(a, b);
		if (s - n >= 0) {
			time_format_span(s - n, b, sizeof b);
			assert_string_not_equal(a, b);
		}
	}
	/* a time ahead of the clock reads "<1m ago" until a minute after */
	assert_int_equal(draw_span_next(-30), 90);
}

static struct incident *
mk(const char *key, const char *title, time_t t)
{
	struct incident *inc = incident_new(key);

	inc->tracking_id = xstrdup(key);
	inc->title = xstrdup(title);
	inc->last_update = t;
	inc->status = INC_ACTIVE;
	inc->sources = CHAN_BIT(CHAN_STATUS_PAGE);
	incident_add_impact(inc, "Azure Cache for Redis", "East US", INC_ACTIVE);
	return inc;
}

/* The row showing title, or -1. */
static int
find_row(WINDOW *w, int h, const char *title)
{
	int y;

	for (y = 0; y < h; y++)
		if (strstr(row(w, y), title) != NULL)
			return y;
	return -1;
}

static bool
row_reversed(WINDOW *w, int y)
{
	return (mvwinch(w, y, 3) & A_REVERSE) != 0;
}

static void
test_feed_selection_by_key(void **state)
{
	struct ui ui;
	struct pane p;
	struct snapshot *s1, *s2;
	int y;

	memset(&ui, 0, sizeof ui);
	memset(&p, 0, sizeof p);
	s1 = snapshot_new();
	inc_list_add(&s1->incidents, mk("AAAA-111", "First incident", 2000));
	inc_list_add(&s1->incidents, mk("BBBB-222", "Second incident", 1000));
	ui.snap = s1;
	ui.now = 3000;
	p.ops = &pane_feed_ops;
	p.ui = &ui;
	p.focused = true;
	p.h = 10;
	p.w = 80;
	p.win = newwin(p.h, p.w, 0, 0);
	p.ops->open(&p, NULL);

	p.ops->draw(&p);
	y = find_row(p.win, p.h, "First incident");
	assert_int_equal(y, 2);
	assert_true(row_reversed(p.win, y));
	assert_int_equal(p.ops->key(&p, 'j'), PANE_KEY_DONE);
	werase(p.win);
	p.ops->draw(&p);
	assert_true(row_reversed(p.win, find_row(p.win, p.h, "Second incident")));

	/* A newer incident arrives on top: the selection stays on BBBB. */
	s2 = snapshot_new();
	inc_list_add(&s2->incidents, mk("CCCC-333", "Newest incident", 2500));
	inc_list_add(&s2->incidents, mk("AAAA-111", "First incident", 2000));
	inc_list_add(&s2->incidents, mk("BBBB-222", "Second incident", 1000));
	assert_true(p.ops->changed(&p, s1, s2));
	ui.snap = s2;
	werase(p.win);
	p.ops->draw(&p);
	y = find_row(p.win, p.h, "Second incident");
	assert_int_equal(y, 4);
	assert_true(row_reversed(p.win, y));
	assert_false(row_reversed(p.win, find_row(p.win, p.h, "Newest")));
	/* The same list again is no change. */
	assert_false(p.ops->changed(&p, s2, s2));

	p.ops->close(&p);
	delwin(p.win);
	snapshot_unref(s1);
	snapshot_unref(s2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_escapes),
		cmocka_unit_test(test_text_clip_cjk),
		cmocka_unit_test(test_wrap_cut),
		cmocka_unit_test(test_mark),
		cmocka_unit_test(test_mark_sgr),
		cmocka_unit_test(test_ages),
		cmocka_unit_test(test_age_changes),
		cmocka_unit_test(test_feed_selection_by_key),
	};

	/* Without a UTF-8 locale or the xterm terminfo entry there is
	 * nothing to test against: skip (automake's 77). */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		puts("SKIP: no C.UTF-8 locale");
		return 77;
	}
	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	if (out == NULL || in == NULL ||
	    (scr = newterm("xterm", out, in)) == NULL) {
		puts("SKIP: cannot set up an off-screen xterm");
		return 77;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
