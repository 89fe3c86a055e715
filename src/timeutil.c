/* timeutil.c: parse the time formats azwatch meets (RFC 3339 from ARM and
 * X, RFC 822 from the status feed, what people type after --since) and
 * print times and ages. Everything is UTC. */
#include "config.h"
#include "timeutil.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Read exactly n digits; -1 if they are not there. */
static int
time_digits(const char **sp, int n)
{
	const char *s = *sp;
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*sp = s + n;
	return v;
}

/* Read one or two digits; -1 if none. */
static int
time_digits12(const char **sp)
{
	const char *s = *sp;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	if (isdigit((unsigned char)s[1]))
		return time_digits(sp, 2);
	return time_digits(sp, 1);
}

static int
time_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
time_valid(int y, int mon, int d, int h, int min, int sec)
{
	static const int mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int dim;

	if (y < 1 || mon < 1 || mon > 12 || d < 1)
		return 0;
	dim = mdays[mon - 1] + (mon == 2 && time_is_leap(y));
	return d <= dim && h >= 0 && h <= 23 && min >= 0 && min <= 59 &&
	    sec >= 0 && sec <= 60;
}

/* Build a time_t; off is the zone's offset east of UTC in seconds. */
static int
time_make(int y, int mon, int d, int h, int min, int sec, long off,
    time_t *out)
{
	struct tm tm;
	time_t t;

	if (!time_valid(y, mon, d, h, min, sec))
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = min;
	tm.tm_sec = sec;		/* 60 normalises to the next minute */
	t = timegm(&tm);
	*out = t - (time_t)off;
	return 0;
}

/* Times before 2000 or more than five years ahead are placeholders
 * (.NET's 0001-01-01 and 9999-12-31) or garbage, never an incident's
 * time: such a time is absent (0) rather than shown or stored. */
#define TIME_MIN	946684800L		/* 2000-01-01T00:00:00Z */
#define TIME_MAX_AHEAD	(5L * 366 * 86400)

static int
time_sane(int rc, time_t *out)
{
	if (rc == 0 && (*out < (time_t)TIME_MIN ||
	    *out > time(NULL) + (time_t)TIME_MAX_AHEAD))
		*out = 0;
	return rc;
}

static const char *
time_skip_space(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/* At end of string, modulo trailing whitespace? */
static int
time_at_end(const char *s)
{
	return *time_skip_space(s) == '\0';
}

/* "+hh:mm", "-hhmm", "+hh": offset in seconds. */
static int
time_numeric_zone(const char **sp, long *off)
{
	const char *s = *sp;
	int sign, hh, mm = 0;

	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if ((hh = time_digits(&s, 2)) < 0 || hh > 23)
		return -1;
	if (*s == ':')
		s++;
	if (isdigit((unsigned char)*s) && (mm = time_digits(&s, 2)) < 0)
		return -1;
	if (mm > 59)
		return -1;
	*off = sign * (hh * 3600L + mm * 60L);
	*sp = s;
	return 0;
}

/* "YYYY-MM-DD"; -1 if not there. */
static int
time_date(const char **sp, int *y, int *mon, int *d)
{
	const char *s = *sp;

	if ((*y = time_digits(&s, 4)) < 0 || *s++ != '-' ||
	    (*mon = time_digits(&s, 2)) < 0 || *s++ != '-' ||
	    (*d = time_digits(&s, 2)) < 0)
		return -1;
	*sp = s;
	return 0;
}

int
time_parse_rfc3339(const char *s, time_t *out)
{
	int y, mon, d, h, min, sec, frac = 0;
	long off = 0;

	if (s == NULL)
		return -1;
	s = time_skip_space(s);
	if (time_date(&s, &y, &mon, &d) != 0)
		return -1;
	if (*s != 'T' && *s != 't' && *s != ' ')
		return -1;
	s++;
	if ((h = time_digits(&s, 2)) < 0 || *s++ != ':' ||
	    (min = time_digits(&s, 2)) < 0 || *s++ != ':' ||
	    (sec = time_digits(&s, 2)) < 0)
		return -1;
	if (*s == '.' || *s == ',') {
		s++;
		while (isdigit((unsigned char)*s)) {
			s++;
			frac++;
		}
		if (frac == 0 || frac > 9)
			return -1;
	}
	if (*s == 'Z' || *s == 'z')
		s++;
	else if (*s == '+' || *s == '-') {
		if (time_numeric_zone(&s, &off) != 0)
			return -1;
	}
	if (!time_at_end(s))
		return -1;
	/* .NET DateTime.MinValue ("0001-01-01T00:00:00") means "none". */
	if (y == 1) {
		if (!time_valid(y, mon, d, h, min, sec))
			return -1;
		*out = 0;
		return 0;
	}
	return time_sane(time_make(y, mon, d, h, min, sec, off, out), out);
}

static const char *const time_months[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};

static const struct {
	const char	*name;
	int		 hours;
} time_zones[] = {
	{ "Z", 0 }, { "UT", 0 }, { "UTC", 0 }, { "GMT", 0 },
	{ "EST", -5 }, { "EDT", -4 }, { "CST", -6 }, { "CDT", -5 },
	{ "MST", -7 }, { "MDT", -6 }, { "PST", -8 }, { "PDT", -7 },
};

int
time_parse_rfc822(const char *s, time_t *out)
{
	const char *w;
	int y, mon, d, h, min, sec = 0;
	long off = 0;
	size_t i, n;

	if (s == NULL)
		return -1;
	s = time_skip_space(s);
	/* Optional day name: "Tue," (any word followed by a comma). */
	for (w = s; isalpha((unsigned char)*w); w++)
		;
	if (w != s) {
		if (*w != ',')
			return -1;
		s = time_skip_space(w + 1);
	}
	if ((d = time_digits12(&s)) < 0 || !isspace((unsigned char)*s))
		return -1;
	s = time_skip_space(s);
	/* Month: "Nov" or "November". */
	for (w = s; isalpha((unsigned char)*w); w++)
		;
	if (w - s < 3)
		return -1;
	for (mon = 0; mon < 12; mon++) {
		if (strncasecmp(s, time_months[mon], 3) == 0)
			break;
	}
	if (mon == 12 || !isspace((unsigned char)*w))
		return -1;
	mon++;
	s = time_skip_space(w);
	/* Year: four digits, or two as RFC 822 allowed. */
	for (w = s; isdigit((unsigned char)*w); w++)
		;
	if (w - s == 4)
		y = time_digits(&s, 4);
	else if (w - s == 2) {
		y = time_digits(&s, 2);
		y += y < 50 ? 2000 : 1900;
	} else
		return -1;
	if (!isspace((unsigned char)*s))
		return -1;
	s = time_skip_space(s);
	if ((h = time_digits(&s, 2)) < 0 || *s++ != ':' ||
	    (min = time_digits(&s, 2)) < 0)
		return -1;
	if (*s == ':') {
		s++;
		if ((sec = time_digits(&s, 2)) < 0)
			return -1;
	}
	if (*s != '\0' && !isspace((unsigned char)*s))
		return -1;
	s = time_skip_space(s);
	/* Zone; none at all is taken as UTC. */
	if (*s == '+' || *s == '-') {
		if (time_numeric_zone(&s, &off) != 0)
			return -1;
	} else if (*s != '\0') {
		for (w = s; isalpha((unsigned char)*w); w++)
			;
		n = (size_t)(w - s);
		for (i = 0; i < sizeof time_zones / sizeof time_zones[0]; i++) {
			if (strlen(time_zones[i].name) == n &&
			    strncasecmp(time_zones[i].name, s, n) == 0)
				break;
		}
		if (i == sizeof time_zones / sizeof time_zones[0])
			return -1;
		off = time_zones[i].hours * 3600L;
		s = w;
	}
	if (!time_at_end(s))
		return -1;
	return time_sane(time_make(y, mon, d, h, min, sec, off, out), out);
}

int
time_parse_user(const char *s, time_t now, time_t *out)
{
	const char *p;
	struct tm tm;
	long long n;
	long unit;
	int y, mon, d, h, min;

	if (s == NULL)
		return -1;
	s = time_skip_space(s);
	if (strncasecmp(s, "now", 3) == 0 && time_at_end(s + 3)) {
		*out = now;
		return 0;
	}

	/* "30m", "2h", "1d": that long before now. */
	p = s;
	if (isdigit((unsigned char)*p)) {
		for (n = 0; isdigit((unsigned char)*p); p++) {
			n = n * 10 + (*p - '0');
			if (n > 100000000LL)	/* three years of seconds */
				return -1;
		}
		switch (*p) {
		case 's':
			unit = 1;
			break;
		case 'm':
			unit = 60;
			break;
		case 'h':
			unit = 3600;
			break;
		case 'd':
			unit = 86400;
			break;
		case 'w':
			unit = 7 * 86400;
			break;
		default:
			unit = 0;
			break;
		}
		if (unit != 0 && time_at_end(p + 1)) {
			if (n * unit > 100LL * 366 * 86400)
				return -1;
			*out = now - (time_t)(n * unit);
			return 0;
		}
	}

	/* "HH:MM": today (UTC), or yesterday if that is still to come. */
	p = s;
	if ((h = time_digits12(&p)) >= 0 && *p == ':') {
		p++;
		if ((min = time_digits(&p, 2)) >= 0 && time_at_end(p)) {
			if (h > 23 || min > 59 || gmtime_r(&now, &tm) == NULL)
				return -1;
			if (time_make(tm.tm_year + 1900, tm.tm_mon + 1,
			    tm.tm_mday, h, min, 0, 0, out) != 0)
				return -1;
			if (*out > now)
				*out -= 86400;
			return 0;
		}
	}

	/* "YYYY-MM-DD HH:MM" or a bare date (midnight UTC). */
	p = s;
	if (time_date(&p, &y, &mon, &d) == 0) {
		if (time_at_end(p))
			return time_make(y, mon, d, 0, 0, 0, 0, out);
		if (*p == ' ' || *p == 'T' || *p == 't') {
			p++;
			if ((h = time_digits(&p, 2)) >= 0 && *p == ':') {
				p++;
				if ((min = time_digits(&p, 2)) >= 0 &&
				    time_at_end(p))
					return time_make(y, mon, d, h, min, 0,
					    0, out);
			}
		}
	}
	if (time_parse_rfc3339(s, out) == 0 && *out != 0)
		return 0;
	return -1;
}

void
time_format_rfc3339(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (len == 0)
		return;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		buf[0] = '\0';
}

void
time_format_hm(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (len == 0)
		return;
	if (gmtime_r(&t, &tm) == NULL || strftime(buf, len, "%H:%M", &tm) == 0)
		buf[0] = '\0';
}

/* Every time azwatch shows goes through the few functions below: ages and
 * spans at minute resolution, list times in local time, detail times in
 * UTC, the drill clock. */

void
time_format_span(time_t secs, char *buf, size_t len)
{
	if (len == 0)
		return;
	if (secs < 60)
		snprintf(buf, len, "<1m");
	else if (secs < 3600)
		snprintf(buf, len, "%lldm", (long long)(secs / 60));
	else if (secs < 86400)
		snprintf(buf, len, "%lldh", (long long)(secs / 3600));
	else
		snprintf(buf, len, "%lldd", (long long)(secs / 86400));
}

void
time_format_age(time_t now, time_t t, char *buf, size_t len)
{
	char span[24];

	if (len == 0)
		return;
	if (t == 0) {
		snprintf(buf, len, "never");
		return;
	}
	/* a time a little ahead (clocks disagree) reads "<1m ago" */
	time_format_span(now > t ? now - t : 0, span, sizeof span);
	snprintf(buf, len, "%s ago", span);
}

void
time_format_clock(time_t now, time_t t, char *buf, size_t len)
{
	struct tm tm, tn;
	long long d;
	size_t n;

	if (len == 0)
		return;
	if (t == 0 || localtime_r(&t, &tm) == NULL ||
	    localtime_r(&now, &tn) == NULL) {
		snprintf(buf, len, "?");
		return;
	}
	d = (long long)now - (long long)t;
	if (tm.tm_year == tn.tm_year && tm.tm_yday == tn.tm_yday)
		n = strftime(buf, len, "%H:%M", &tm);
	else if (d > -6 * 86400 && d < 6 * 86400)
		n = strftime(buf, len, "%a %H:%M", &tm);  /* this week */
	else
		n = strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
	if (n == 0)
		buf[0] = '\0';
}

time_t
time_clock_next(time_t now)
{
	struct tm tm;
	time_t midnight;

	if (localtime_r(&now, &tm) == NULL)
		return 3600;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday++;
	tm.tm_isdst = -1;
	midnight = mktime(&tm);
	return midnight > now ? midnight - now : 1;
}

void
time_format_utc(time_t t, time_t now, char *buf, size_t len)
{
	struct tm tm, tn;
	size_t n;

	if (len == 0)
		return;
	if (t == 0 || gmtime_r(&t, &tm) == NULL) {
		snprintf(buf, len, "unknown");
		return;
	}
	if (now != 0 && gmtime_r(&now, &tn) != NULL &&
	    tm.tm_year == tn.tm_year && tm.tm_yday == tn.tm_yday)
		n = strftime(buf, len, "%H:%M UTC", &tm);
	else
		n = strftime(buf, len, "%Y-%m-%d %H:%M UTC", &tm);
	if (n == 0)
		buf[0] = '\0';
}

void
time_format_drill(long secs, char *buf, size_t len)
{
	if (len == 0)
		return;
	if (secs < 0)
		secs = 0;
	if (secs < 3600)
		snprintf(buf, len, "T+%ldm", secs / 60);
	else
		snprintf(buf, len, "T+%ldh%02ldm", secs / 3600,
		    secs % 3600 / 60);
}

void
time_format_mdy(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (len == 0)
		return;
	if (gmtime_r(&t, &tm) == NULL) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, len, "%d/%d/%d", tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_year + 1900);
}

/* "90", "5m", "1h30m", "2m15s": seconds, or -1. */
long
time_parse_duration(const char *s)
{
	long total = 0, v;
	char *end;

	if (*s == '\0')
		return -1;
	while (*s != '\0') {
		if (!isdigit((unsigned char)*s))
			return -1;
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno != 0 || v > 10L * 365 * 86400)
			return -1;
		switch (*end) {
		case 'h': v *= 3600; end++; break;
		case 'm': v *= 60; end++; break;
		case 's': end++; break;
		case '\0': break;
		default: return -1;
		}
		total += v;
		if (total > 10L * 365 * 86400)
			return -1;
		s = end;
	}
	return total;
}

long long
time_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
