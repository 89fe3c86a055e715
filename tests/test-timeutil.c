/* test-timeutil.c: RFC 3339, RFC 822 and --since parsing, and the ways
 * times are printed. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "timeutil.h"

#define T_0940	((time_t)1795513200)	/* 2026-11-24T09:40:00Z */

static time_t
rfc3339(const char *s)
{
	time_t t = -2;

	assert_int_equal(time_parse_rfc3339(s, &t), 0);
	return t;
}

static void
rfc3339_bad(const char *s)
{
	time_t t = 12345;

	assert_int_equal(time_parse_rfc3339(s, &t), -1);
	assert_int_equal(t, 12345);
}

static time_t
rfc822(const char *s)
{
	time_t t = -2;

	assert_int_equal(time_parse_rfc822(s, &t), 0);
	return t;
}

static void
rfc822_bad(const char *s)
{
	time_t t;

	assert_int_equal(time_parse_rfc822(s, &t), -1);
}

static time_t
user(const char *s, time_t now)
{
	time_t t = -2;

	assert_int_equal(time_parse_user(s, now, &t), 0);
	return t;
}

static void
user_bad(const char *s)
{
	time_t t;

	assert_int_equal(time_parse_user(s, T_0940, &t), -1);
}

static void
test_rfc3339(void **state)
{
	assert_int_equal(rfc3339("2026-11-24T09:40:00Z"), T_0940);
	assert_int_equal(rfc3339("2026-11-24t09:40:00z"), T_0940);
	assert_int_equal(rfc3339("2026-11-24 09:40:00Z"), T_0940);
	assert_int_equal(rfc3339("2026-11-24T09:40:00"), T_0940);
	assert_int_equal(rfc3339("2025-05-13T15:43:48.1203530Z"), 1747151028);
	assert_int_equal(rfc3339("2025-05-13T15:43:48.1Z"), 1747151028);
	assert_int_equal(rfc3339("2025-05-13T15:43:48.999999Z"), 1747151028);
	assert_int_equal(rfc3339("2026-11-24T10:40:00+01:00"), T_0940);
	assert_int_equal(rfc3339("2026-11-24T04:40:00-05:00"), T_0940);
	assert_int_equal(rfc3339("2026-11-24T15:10:00+0530"), T_0940);
	assert_int_equal(rfc3339("2026-11-24T09:40:00.5+00:00"), T_0940);
	assert_int_equal(rfc3339("2024-02-29T00:00:00Z"), 1709164800);
	assert_int_equal(rfc3339(" 2026-11-24T09:40:00Z\n"), T_0940);
	/* .NET MinValue sentinel: no time at all */
	assert_int_equal(rfc3339("0001-01-01T00:00:00"), 0);
	assert_int_equal(rfc3339("0001-01-01T00:00:00Z"), 0);
	/* and every other time before 2000 or more than five years ahead:
	 * MaxValue, a year-0001 date with a zone, a mistyped year */
	assert_int_equal(rfc3339("9999-12-31T23:59:59.9999999Z"), 0);
	assert_int_equal(rfc3339("0001-01-01T00:00:00+01:00"), 0);
	assert_int_equal(rfc3339("1999-12-31T23:59:59Z"), 0);
	assert_int_equal(rfc3339("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(rfc3339("2000-01-01T00:00:00Z"), 946684800);
	{
		time_t now = time(NULL), t;
		char soon[40], far[40];

		time_format_rfc3339(now + 4 * 365 * 86400L, soon, sizeof soon);
		time_format_rfc3339(now + 6 * 366 * 86400L, far, sizeof far);
		assert_int_equal(time_parse_rfc3339(soon, &t), 0);
		assert_true(t > now);
		assert_int_equal(time_parse_rfc3339(far, &t), 0);
		assert_int_equal(t, 0);
	}

	rfc3339_bad("");
	rfc3339_bad("garbage");
	rfc3339_bad("2026-11-24");
	rfc3339_bad("2026-11-24T09:40");
	rfc3339_bad("2026-11-24T09:40:00ZX");
	rfc3339_bad("2026-11-24T09:40:00.Z");
	rfc3339_bad("2026-13-24T09:40:00Z");
	rfc3339_bad("2025-02-29T00:00:00Z");
	rfc3339_bad("2026-11-24T24:00:00Z");
	rfc3339_bad("2026-11-24T09:60:00Z");
	rfc3339_bad("2026-11-24T09:40:00+25:00");
	rfc3339_bad("26-11-24T09:40:00Z");
	rfc3339_bad("Tue, 24 Nov 2026 09:40:00 Z");
	assert_int_equal(time_parse_rfc3339(NULL, &(time_t){ 0 }), -1);
}

static void
test_rfc822(void **state)
{
	assert_int_equal(rfc822("Tue, 24 Nov 2026 09:40:00 Z"), T_0940);
	assert_int_equal(rfc822("Tue, 24 Nov 2026 09:40:00 GMT"), T_0940);
	assert_int_equal(rfc822("Tue, 24 Nov 2026 09:40:00 UTC"), T_0940);
	assert_int_equal(rfc822("Tue, 24 Nov 2026 09:40:00 +0000"), T_0940);
	assert_int_equal(rfc822("Tue, 24 Nov 2026 04:40:00 -0500"), T_0940);
	assert_int_equal(rfc822("Tue, 24 Nov 2026 04:40:00 EST"), T_0940);
	assert_int_equal(rfc822("24 Nov 2026 09:40:00 Z"), T_0940);
	assert_int_equal(rfc822("Tue, 24 Nov 2026 09:40 Z"), T_0940);
	assert_int_equal(rfc822("24 nov 2026 09:40 GMT"), T_0940);
	assert_int_equal(rfc822("Mon, 2 Jul 2018 14:00:00 Z"), 1530540000);
	assert_int_equal(rfc822("Mon, 02 Jul 18 14:00:00 GMT"), 1530540000);
	/* before 2000: not an incident's time, absent */
	assert_int_equal(rfc822("Fri, 31 Dec 1999 23:59:59 +0000"), 0);
	assert_int_equal(rfc822("Sat, 01 Jan 2000 00:00:00 +0000"), 946684800);
	assert_int_equal(rfc822("Fri, 31 Dec 9999 23:59:59 GMT"), 0);
	assert_int_equal(rfc822("  Tue, 24 Nov 2026 09:40:00 Z  "), T_0940);
	assert_int_equal(rfc822("Tue, 24 Nov 2026 09:40:00"), T_0940);

	rfc822_bad("");
	rfc822_bad("Tue");
	rfc822_bad("Tue 24 Nov 2026 09:40:00 Z");
	rfc822_bad("Tue, 24 Foo 2026 09:40:00 Z");
	rfc822_bad("Tue, 31 Nov 2026 09:40:00 Z");
	rfc822_bad("Tue, 24 Nov 2026 9h40 Z");
	rfc822_bad("Tue, 24 Nov 2026 09:40:00 XYZ");
	rfc822_bad("Tue, 24 Nov 2026 09:40:00 Z trailing");
	rfc822_bad("2026-11-24T09:40:00Z");
}

static void
test_user(void **state)
{
	assert_int_equal(user("now", T_0940), T_0940);
	assert_int_equal(user("30m", T_0940), T_0940 - 1800);
	assert_int_equal(user("2h", T_0940), T_0940 - 7200);
	assert_int_equal(user("1d", T_0940), T_0940 - 86400);
	assert_int_equal(user("45s", T_0940), T_0940 - 45);
	/* "HH:MM" is today in UTC, or yesterday if still to come */
	assert_int_equal(user("09:10", T_0940), 1795511400);
	assert_int_equal(user("9:10", T_0940), 1795511400);
	assert_int_equal(user("09:40", T_0940), T_0940);
	assert_int_equal(user("23:30", T_0940), 1795476600);
	assert_int_equal(user("00:00", T_0940), 1795478400);
	assert_int_equal(user("2026-11-24 08:40", T_0940), T_0940 - 3600);
	assert_int_equal(user("2026-11-24T08:40", T_0940), T_0940 - 3600);
	assert_int_equal(user("2026-11-24", T_0940), 1795478400);
	assert_int_equal(user("2026-11-24T09:40:00Z", 0), T_0940);
	assert_int_equal(user("2026-11-24T10:40:00+01:00", 0), T_0940);

	user_bad("");
	user_bad("yesterday");
	user_bad("30");
	user_bad("30x");
	user_bad("m");
	user_bad("25:00");
	user_bad("09:60");
	user_bad("2026-11-24 08");
	user_bad("99999999999999999999d");
	user_bad("0001-01-01T00:00:00Z");
	assert_int_equal(time_parse_user(NULL, T_0940, &(time_t){ 0 }), -1);
}

static void
test_format(void **state)
{
	char buf[64];

	time_format_rfc3339(T_0940, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-24T09:40:00Z");
	time_format_rfc3339(0, buf, sizeof buf);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	time_format_hm(T_0940, buf, sizeof buf);
	assert_string_equal(buf, "09:40");
	time_format_hm(T_0940 - 9 * 3600 - 35 * 60, buf, sizeof buf);
	assert_string_equal(buf, "00:05");
	time_format_mdy(1747151028, buf, sizeof buf);
	assert_string_equal(buf, "5/13/2025");
	time_format_mdy(1747008000, buf, sizeof buf);
	assert_string_equal(buf, "5/12/2025");
	time_format_mdy(T_0940, buf, sizeof buf);
	assert_string_equal(buf, "11/24/2026");
	/* a short buffer is truncated, never overrun */
	time_format_mdy(T_0940, buf, 4);
	assert_string_equal(buf, "11/");
	time_format_rfc3339(T_0940, buf, 0);
	/* round trip */
	{
		time_t t;

		time_format_rfc3339(1747151028, buf, sizeof buf);
		assert_int_equal(time_parse_rfc3339(buf, &t), 0);
		assert_int_equal(t, 1747151028);
	}
}

static void
test_age(void **state)
{
	char buf[32];

	time_format_age(T_0940, 0, buf, sizeof buf);
	assert_string_equal(buf, "never");
	time_format_age(T_0940, T_0940, buf, sizeof buf);
	assert_string_equal(buf, "<1m ago");
	time_format_age(T_0940, T_0940 - 59, buf, sizeof buf);
	assert_string_equal(buf, "<1m ago");
	time_format_age(T_0940, T_0940 - 60, buf, sizeof buf);
	assert_string_equal(buf, "1m ago");
	time_format_age(T_0940, T_0940 - 5 * 60 - 30, buf, sizeof buf);
	assert_string_equal(buf, "5m ago");
	time_format_age(T_0940, T_0940 - 3599, buf, sizeof buf);
	assert_string_equal(buf, "59m ago");
	time_format_age(T_0940, T_0940 - 3 * 3600, buf, sizeof buf);
	assert_string_equal(buf, "3h ago");
	time_format_age(T_0940, T_0940 - 23 * 3600, buf, sizeof buf);
	assert_string_equal(buf, "23h ago");
	time_format_age(T_0940, T_0940 - 48 * 3600, buf, sizeof buf);
	assert_string_equal(buf, "2d ago");
	time_format_age(T_0940, T_0940 - 30 * 86400, buf, sizeof buf);
	assert_string_equal(buf, "30d ago");
	/* clocks that disagree a little */
	time_format_age(T_0940, T_0940 + 5, buf, sizeof buf);
	assert_string_equal(buf, "<1m ago");
	time_format_span(0, buf, sizeof buf);
	assert_string_equal(buf, "<1m");
	time_format_span(14 * 60 + 59, buf, sizeof buf);
	assert_string_equal(buf, "14m");
	time_format_span(86400, buf, sizeof buf);
	assert_string_equal(buf, "1d");
}

/* Lists in local time: today's time alone, this week's with the day,
 * older ones with the date. */
static void
test_clock(void **state)
{
	char buf[32];
	char *old = getenv("TZ") != NULL ? strdup(getenv("TZ")) : NULL;

	(void)state;
	setenv("TZ", "UTC0", 1);
	tzset();
	time_format_clock(T_0940, T_0940 - 3600, buf, sizeof buf);
	assert_string_equal(buf, "08:40");
	time_format_clock(T_0940, T_0940 - 9 * 3600 - 45 * 60, buf,
	    sizeof buf);
	assert_string_equal(buf, "Mon 23:55");		/* yesterday */
	time_format_clock(T_0940, T_0940 - 5 * 86400, buf, sizeof buf);
	assert_string_equal(buf, "Thu 09:40");
	time_format_clock(T_0940, T_0940 + 86400, buf, sizeof buf);
	assert_string_equal(buf, "Wed 09:40");		/* maintenance ahead */
	time_format_clock(T_0940, T_0940 - 7 * 86400, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-17 09:40");
	time_format_clock(T_0940, 0, buf, sizeof buf);
	assert_string_equal(buf, "?");
	/* local: 09:40 UTC is 15:10 at UTC+05:30, the same day */
	setenv("TZ", "IST-5:30", 1);
	tzset();
	time_format_clock(T_0940, T_0940, buf, sizeof buf);
	assert_string_equal(buf, "15:10");
	/* the next change is at local midnight */
	assert_int_equal(time_clock_next(T_0940), 8 * 3600 + 50 * 60);
	if (old != NULL) {
		setenv("TZ", old, 1);
		free(old);
	} else
		unsetenv("TZ");
	tzset();
}

/* Details and text in UTC: the date unless it is now's day. */
static void
test_utc(void **state)
{
	char buf[32];

	(void)state;
	time_format_utc(T_0940, 0, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-24 09:40 UTC");
	time_format_utc(T_0940 - 3600, T_0940, buf, sizeof buf);
	assert_string_equal(buf, "08:40 UTC");
	time_format_utc(T_0940 - 10 * 3600, T_0940, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-23 23:40 UTC");
	time_format_utc(0, T_0940, buf, sizeof buf);
	assert_string_equal(buf, "unknown");
}

/* The drill clock. */
static void
test_drill(void **state)
{
	char buf[32];

	(void)state;
	time_format_drill(0, buf, sizeof buf);
	assert_string_equal(buf, "T+0m");
	time_format_drill(25 * 60 + 59, buf, sizeof buf);
	assert_string_equal(buf, "T+25m");
	time_format_drill(3600 + 25 * 60, buf, sizeof buf);
	assert_string_equal(buf, "T+1h25m");
	time_format_drill(26 * 3600 + 5 * 60, buf, sizeof buf);
	assert_string_equal(buf, "T+26h05m");
	time_format_drill(-5, buf, sizeof buf);
	assert_string_equal(buf, "T+0m");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_rfc822),
		cmocka_unit_test(test_user),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_clock),
		cmocka_unit_test(test_utc),
		cmocka_unit_test(test_drill),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
