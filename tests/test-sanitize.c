/* test-sanitize.c: escape sequences, controls, invalid UTF-8, bidi and
 * width handling of the text every remote string goes through. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "model.h"
#include "sanitize.h"
#include "xmalloc.h"

#define FFFD	"\xef\xbf\xbd"

/* sanitize() of len bytes (SIZE_MAX: strlen) compared with want. */
static void
check_n(const char *in, size_t len, int flags, const char *want)
{
	char *got;

	if (len == SIZE_MAX)
		len = strlen(in);
	got = sanitize(in, len, flags);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
check(const char *in, const char *want)
{
	check_n(in, SIZE_MAX, 0, want);
}

static void
test_plain(void **state)
{
	char *s;

	check("hello, world", "hello, world");
	check("", "");
	check("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac", "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac");
	s = sanitize_str(NULL);
	assert_string_equal(s, "");
	free(s);
	s = sanitize_str("a\nb");
	assert_string_equal(s, "a b");
	free(s);
}

static void
test_csi(void **state)
{
	check("\x1b[31mred\x1b[0m", "red");
	check("\x1b[1;38;5;196mbold\x1b[m!", "bold!");
	check("a\x1b[2J\x1b[H\x1b[10;20Hb", "ab");
	check("\x1b[?25l\x1b[?1049hx", "x");
	check("\x1b[5A\x1b[3Cup", "up");
	/* unterminated CSI at the end */
	check("a\x1b[12;", "a");
	/* a control byte aborts the CSI; it is then dropped itself */
	check("a\x1b[1\nb", "a b");
}

static void
test_osc(void **state)
{
	/* window title, BEL and ST terminated */
	check("x\x1b]0;evil title\x07y", "xy");
	check("x\x1b]2;evil title\x1b\\y", "xy");
	/* clipboard write */
	check("\x1b]52;c;ZWNobyBwd25lZA==\x07ok", "ok");
	/* hyperlinks */
	check("\x1b]8;;https://evil.example/\x07" "click\x1b]8;;\x07 here",
	    "click here");
	check("\x1b]8;id=1;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
	    "click");
	/* unterminated OSC swallows the rest */
	check("a\x1b]0;title that never ends \xe6\x97\xa5", "a");
	/* a new ESC aborts the string */
	check("a\x1b]0;t\x1b[31mb", "ab");
}

static void
test_dcs_and_friends(void **state)
{
	check("\x1bPq#0;2;0;0;0#1~~@@\x1b\\after", "after");
	/* BEL does not end a DCS */
	check("\x1bP1$r\x07still\x1b\\x", "x");
	check("a\x1bXsos\x1b\\b\x1b^pm\x1b\\c\x1b_apc\x1b\\d", "abcd");
	check("a\x1bPunterminated", "a");
	/* two- and three-byte escapes */
	check("a\x1b" "7b\x1b" "8c", "abc");
	check("\x1b(Bx\x1b=y\x1b>z", "xyz");
	check("end\x1b", "end");
	check("\x1b\x1b[1mx", "x");
}

static void
test_c1(void **state)
{
	/* UTF-8 encoded C1 controls are consumed like their ESC forms */
	check("\xc2\x9b" "31mX", "X");
	check("\xc2\x9d" "0;title\xc2\x9cY", "Y");
	check("\xc2\x9d" "8;;http://e.example/\x07Z", "Z");
	check("\xc2\x90q#1\x1b\\D", "D");
	check("\xc2\x9f" "apc\xc2\x9c" "A", "A");
	check("a\xc2\x85" "b\xc2\x9c" "c", "abc");
	/* raw C1 bytes are invalid UTF-8: replaced, never passed through */
	check("\x9b" "31mX", FFFD "31mX");
	check("\x9d" "0;t\x07Y", FFFD "0;tY");
}

static void
test_c0(void **state)
{
	check_n("a\tb\rc\x01" "d\x7f" "e\0f", 11, 0, "a bcdef");
	check("a\nb", "a b");
	check_n("a\nb\r\n", SIZE_MAX, SANITIZE_MULTILINE, "a\nb\n");
	check("\x07\x08\x0b\x0c\x0e\x1f", "");
	check("a\xe2\x80\xa8" "b", "a b");
	check_n("a\xe2\x80\xa9" "b", SIZE_MAX, SANITIZE_MULTILINE, "a\nb");
}

static void
test_invalid_utf8(void **state)
{
	check("a\x80" "b", "a" FFFD "b");
	check("\x80\xbf", FFFD FFFD);
	check("ab\xe6\x97", "ab" FFFD);		/* truncated at end */
	check("\xe6\x97x", FFFD "x");		/* truncated mid-string */
	check("\xc0\xaf", FFFD);			/* overlong '/' */
	check("\xe0\x80\xaf", FFFD);		/* overlong, 3 bytes */
	check("\xf0\x80\x80\xaf", FFFD);	/* overlong, 4 bytes */
	check("\xed\xa0\x80", FFFD);		/* surrogate */
	check("\xf4\x90\x80\x80", FFFD);	/* above U+10FFFF */
	check("\xff\xfe", FFFD FFFD);
	check("\xc3", FFFD);
	/* unassigned / noncharacter: wcwidth < 0 */
	check("\xcd\xb8", FFFD);		/* U+0378 */
	check("\xf4\x8f\xbf\xbf", FFFD);	/* U+10FFFF */
}

static void
test_bidi(void **state)
{
	check("abc\xe2\x80\xae" "dcba\xe2\x80\xac", "abcdcba");
	check("\xe2\x81\xa6x\xe2\x81\xa9", "x");		/* LRI/PDI */
	check("a\xe2\x80\x8f" "b\xe2\x80\x8e" "c\xd8\x9c" "d", "abcd");
	check("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xad\xe2\x81\xa7\xe2\x81\xa8", "");
}

static void
test_zero_width(void **state)
{
	int used = -1;

	/* combining acute and zero-width joiner are kept */
	check("e\xcc\x81", "e\xcc\x81");
	check("a\xe2\x80\x8d" "b", "a\xe2\x80\x8d" "b");
	assert_int_equal(sanitize_width("e\xcc\x81"), 1);
	assert_int_equal(sanitize_width("a\xe2\x80\x8b" "b"), 2);
	/* a base character is never separated from its marks */
	assert_int_equal(sanitize_clip("e\xcc\x81\xcc\xa3x", 1, &used), 5);
	assert_int_equal(used, 1);
	assert_int_equal(sanitize_clip("ae\xcc\x81", 1, &used), 1);
	assert_int_equal(used, 1);
}

static void
test_width_clip(void **state)
{
	const char *cjk = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e";	/* 3 x width 2 */
	int used = -1;

	assert_int_equal(sanitize_width(cjk), 6);
	assert_int_equal(sanitize_width("abc"), 3);
	assert_int_equal(sanitize_width(""), 0);
	assert_int_equal(sanitize_clip(cjk, 5, &used), 6);
	assert_int_equal(used, 4);
	assert_int_equal(sanitize_clip(cjk, 1, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(sanitize_clip(cjk, 6, &used), 9);
	assert_int_equal(used, 6);
	assert_int_equal(sanitize_clip(cjk, 100, &used), 9);
	assert_int_equal(used, 6);
	assert_int_equal(sanitize_clip("a\xe6\x97\xa5" "b", 2, &used), 1);
	assert_int_equal(used, 1);
	assert_int_equal(sanitize_clip("abc", 0, &used), 0);
	assert_int_equal(used, 0);
	/* emoji are two columns */
	assert_int_equal(sanitize_width("\xf0\x9f\x98\x80"), 2);
	assert_int_equal(sanitize_clip("x\xf0\x9f\x98\x80y", 2, &used), 1);
	assert_int_equal(sanitize_clip("x\xf0\x9f\x98\x80y", 3, &used), 5);
	assert_int_equal(used, 3);
	check("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");
}

static void
test_find(void **state)
{
	const char *s = "Rolling it back, rolling out";
	const char *cafe = "caf\xc3\xa9";
	const char *tokyo = "\xe6\x9d\xb1\xe4\xba\xac";	/* 東京 */
	size_t len = 0;

	assert_ptr_equal(sanitize_find(s, "ROLL", &len), s);
	assert_int_equal(len, 4);
	assert_ptr_equal(sanitize_find(s + 1, "rolling", &len), s + 17);
	assert_null(sanitize_find(s, "", &len));
	assert_null(sanitize_find(NULL, "a", &len));
	assert_null(sanitize_find(s, NULL, &len));
	assert_null(sanitize_find(s, "rolled", NULL));
	/* whole characters only: never from or to the middle of one */
	assert_ptr_equal(sanitize_find(cafe, "\xc3\xa9", &len), cafe + 3);
	assert_int_equal(len, 2);
	assert_null(sanitize_find(cafe, "\xa9", &len));
	assert_null(sanitize_find(cafe, "f\xc3", &len));
	assert_ptr_equal(sanitize_find(tokyo, "\xe4\xba\xac", &len),
	    tokyo + 3);
	assert_null(sanitize_find(tokyo, "\xba\xac", &len));
	/* case is ASCII's: "É" is not "é" */
	assert_null(sanitize_find(cafe, "\xc3\x89", &len));
	assert_ptr_equal(sanitize_find(cafe, "CAF", &len), cafe);
}

static void
test_long(void **state)
{
	size_t n = 10 * 1024, big = 1024 * 1024, i;
	char *in, *out;
	clock_t t0 = clock();

	/* a 10 kB line with colour codes sprinkled in */
	in = xmalloc(n * 6 + 1);
	for (i = 0; i < n; i++)
		memcpy(in + i * 6, "\x1b[1mx", 6);
	out = sanitize(in, n * 6, 0);
	assert_int_equal(strlen(out), n);
	assert_int_equal(sanitize_width(out), (int)n);
	assert_int_equal(out[n - 1], 'x');
	free(out);
	free(in);

	/* 1 MB: an unterminated OSC, and lots of ESC ] starts */
	in = xmalloc(big);
	memset(in, 'a', big);
	memcpy(in + 10, "\x1b]0;", 4);
	out = sanitize(in, big, 0);
	assert_string_equal(out, "aaaaaaaaaa");
	free(out);
	for (i = 0; i + 2 <= big; i += 2)
		memcpy(in + i, "\x1b]", 2);
	out = sanitize(in, big, 0);
	assert_string_equal(out, "");
	free(out);
	memset(in, 0xe6, big);		/* only lead bytes */
	out = sanitize(in, big, 0);
	assert_int_equal(strlen(out), big * 3);
	free(out);
	free(in);
	/* linear: generous bound that a quadratic scan would blow */
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
}

static void
wrap_check(const char *in, int cols, const char *const *want, size_t nwant)
{
	struct strv sv = { NULL, 0 };
	size_t i;

	sanitize_wrap(in, cols, &sv);
	for (i = 0; i < sv.n && i < nwant; i++)
		assert_string_equal(sv.v[i], want[i]);
	assert_int_equal(sv.n, nwant);
	strv_free(&sv);
}

#define WRAP(in, cols, ...) do {					\
	static const char *const w_[] = { __VA_ARGS__ };		\
	wrap_check(in, cols, w_, sizeof w_ / sizeof w_[0]);		\
} while (0)

static void
test_wrap(void **state)
{
	struct strv sv = { NULL, 0 };
	char *line;
	size_t i;

	WRAP("the quick brown fox", 10, "the quick", "brown fox");
	WRAP("the quick brown fox", 9, "the quick", "brown fox");
	WRAP("the quick brown fox", 8, "the", "quick", "brown", "fox");
	WRAP("abcdefghijkl", 5, "abcde", "fghij", "kl");
	WRAP("a abcdefghij", 5, "a", "abcde", "fghij");
	WRAP("a\n\nb", 10, "a", "", "b");
	WRAP("a\n", 10, "a");
	WRAP("  indented text", 20, "  indented text");
	WRAP("one   two", 4, "one", "two");
	WRAP("abc", 0, "a", "b", "c");
	WRAP("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 3,
	    "\xe6\x97\xa5", "\xe6\x9c\xac", "\xe8\xaa\x9e");
	/* a double-width character wider than the line still advances */
	WRAP("\xe6\x97\xa5\xe6\x9c\xac", 1, "\xe6\x97\xa5", "\xe6\x9c\xac");
	WRAP("e\xcc\x81" "e\xcc\x81", 1, "e\xcc\x81", "e\xcc\x81");

	sanitize_wrap("", 10, &sv);
	assert_int_equal(sv.n, 0);

	/* a 10 kB word hard-breaks into full lines */
	line = xmalloc(10001);
	memset(line, 'w', 10000);
	line[10000] = '\0';
	sanitize_wrap(line, 80, &sv);
	assert_int_equal(sv.n, 125);
	for (i = 0; i < sv.n; i++)
		assert_int_equal(strlen(sv.v[i]), 80);
	strv_free(&sv);
	free(line);
}

/* Known secrets are redacted from remote text: exactly, escaped, split by
 * an escape sequence, cut short, and no longer once removed. */
static void
test_secrets(void **state)
{
	const char *tok = "eyJ0eXAiOiJKV1Q.fake-arm-token-9f8e7d6c5b4a";
	const char *cs = "fake/client+secret~Q8";
	char buf[512];
	char *got;

	(void)state;

	sanitize_secret_add(tok);
	sanitize_secret_add(cs);
	sanitize_secret_add("short");		/* too short: ignored */

	snprintf(buf, sizeof buf, "invalid token %s here", tok);
	sanitize_redact_str(buf);
	assert_string_equal(buf, "invalid token [redacted] here");

	/* percent-encoded (a form body echoed) and JSON-escaped */
	snprintf(buf, sizeof buf, "body client_secret=fake%%2Fclient%%2Bsecret~Q8&x");
	sanitize_redact_str(buf);
	assert_string_equal(buf, "body client_secret=[redacted]&x");
	snprintf(buf, sizeof buf, "{\"m\":\"fake\\/client+secret~Q8\"}");
	sanitize_redact_str(buf);
	assert_string_equal(buf, "{\"m\":\"[redacted]\"}");

	/* a server that cut the token short still gives most of it away */
	snprintf(buf, sizeof buf, "token '%.30s...' expired", tok);
	sanitize_redact_str(buf);
	assert_string_equal(buf, "token '[redacted]...' expired");
	/* and one that echoes the tail */
	snprintf(buf, sizeof buf, "...%s", tok + 10);
	sanitize_redact_str(buf);
	assert_string_equal(buf, "...[redacted]");

	/* sanitize() redacts after dropping escapes that split a secret */
	got = sanitize_str("x fake/client\033[1m+secret~Q8 y");
	assert_string_equal(got, "x [redacted] y");
	free(got);
	got = sanitize_str("short and sweet");
	assert_string_equal(got, "short and sweet");
	free(got);

	assert_true(sanitize_secret_is(tok));
	assert_true(sanitize_secret_is("fake%2Fclient%2Bsecret~Q8"));
	assert_false(sanitize_secret_is("fake"));

	/* counted: two adds need two removes */
	sanitize_secret_add(tok);
	sanitize_secret_remove(tok);
	assert_true(sanitize_secret_is(tok));
	sanitize_secret_remove(tok);
	sanitize_secret_remove(cs);
	sanitize_secret_remove("short");
	assert_false(sanitize_secret_is(tok));
	snprintf(buf, sizeof buf, "%s", tok);
	sanitize_redact_str(buf);
	assert_string_equal(buf, tok);
}

/* LANG=C: one ASCII column per character. */
static void
test_ascii(void **state)
{
	char *a;

	(void)state;
	a = sanitize_ascii("Waiting\xe2\x80\xa6 \xc2\xb7 \xe2\x97\x8f caf\xc3\xa9 "
	    "\xe6\x9d\xb1\xe4\xba\xac e\xcc\x81");
	assert_string_equal(a, "Waiting... - * caf? ?? e");
	free(a);
	a = sanitize_ascii(NULL);
	assert_string_equal(a, "");
	free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_csi),
		cmocka_unit_test(test_osc),
		cmocka_unit_test(test_dcs_and_friends),
		cmocka_unit_test(test_c1),
		cmocka_unit_test(test_c0),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_bidi),
		cmocka_unit_test(test_zero_width),
		cmocka_unit_test(test_width_clip),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_secrets),
		cmocka_unit_test(test_ascii),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return 77;	/* skip: no UTF-8 locale */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
