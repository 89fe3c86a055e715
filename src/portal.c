/* portal.c: the Service Health blade's share link and the "next update
 * expected" promise that Microsoft's updates carry in their text. */
#include "config.h"
#include "portal.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decide.h"
#include "xmalloc.h"

/* Letters, digits, '-' and '_' only: nothing that changes a URL's shape. */
static bool
portal_safe(const char *s, size_t min)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++) {
		if (!isascii((unsigned char)s[n]) ||
		    (!isalnum((unsigned char)s[n]) && s[n] != '-' &&
		    s[n] != '_'))
			return false;
	}
	return n >= min && n <= 64;
}

char *
portal_link_for(const char *id, const char *sub)
{
	size_t n;

	if (id == NULL || sub == NULL || !portal_safe(id, 1) ||
	    !portal_safe(sub, 6))
		return NULL;
	n = strlen(sub);
	return xasprintf("https://app.azure.com/h/%s/%.3s%s", id, sub,
	    sub + n - 3);
}

char *
portal_link(const struct incident *inc)
{
	if (inc->subscriptions.n == 0)
		return NULL;
	return portal_link_for(inc->tracking_id, inc->subscriptions.v[0]);
}

/* p past spaces; NULL at the end. */
static const char *
portal_skip(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	return p;
}

/* A word w at p (case-insensitive, whole); the text after it, or NULL. */
static const char *
portal_word(const char *p, const char *w)
{
	size_t n = strlen(w);

	p = portal_skip(p);
	if (strncasecmp(p, w, n) != 0 || isalnum((unsigned char)p[n]))
		return NULL;
	return p + n;
}

/* "60 minutes", "2 hours", "an hour", "1 hr": seconds, or -1. */
static long
portal_duration(const char *p)
{
	static const struct {
		const char	*word;
		long		 secs;
	} units[] = {
		{ "minutes", 60 }, { "minute", 60 }, { "mins", 60 },
		{ "min", 60 }, { "hours", 3600 }, { "hour", 3600 },
		{ "hrs", 3600 }, { "hr", 3600 },
	};
	const char *q;
	char *end;
	long n;
	size_t i;

	p = portal_skip(p);
	if ((q = portal_word(p, "an")) != NULL || (q = portal_word(p, "a")) !=
	    NULL) {
		n = 1;
		p = q;
	} else {
		if (!isdigit((unsigned char)*p))
			return -1;
		n = strtol(p, &end, 10);
		if (n <= 0 || n > 10000)
			return -1;
		p = end;
	}
	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (portal_word(p, units[i].word) != NULL)
			return n * units[i].secs;
	}
	return -1;
}

/* "18:00 UTC", "18:00": the first such moment after posted, or 0. */
static time_t
portal_clock(const char *p, time_t posted)
{
	struct tm tm;
	int h, m;
	time_t t;

	p = portal_skip(p);
	if (!isdigit((unsigned char)p[0]))
		return 0;
	h = p[0] - '0';
	p++;
	if (isdigit((unsigned char)*p))
		h = h * 10 + (*p++ - '0');
	if (*p != ':' || !isdigit((unsigned char)p[1]) ||
	    !isdigit((unsigned char)p[2]) || h > 23)
		return 0;
	m = (p[1] - '0') * 10 + (p[2] - '0');
	if (m > 59 || posted <= 0)
		return 0;
	/* times in updates are UTC unless they say otherwise */
	p = portal_skip(p + 3);
	if (isupper((unsigned char)p[0]) && isupper((unsigned char)p[1]) &&
	    isupper((unsigned char)p[2]) && strncmp(p, "UTC", 3) != 0 &&
	    strncmp(p, "GMT", 3) != 0)
		return 0;	/* "18:00 PST" */
	if (gmtime_r(&posted, &tm) == NULL)
		return 0;
	t = posted - tm.tm_hour * 3600 - tm.tm_min * 60 - tm.tm_sec +
	    h * 3600 + m * 60;
	if (t < posted)
		t += 86400;
	return t;
}

time_t
portal_next_update_in(const char *text, time_t posted)
{
	const char *p, *q, *end;
	long secs;
	time_t t;

	if (text == NULL || posted <= 0)
		return 0;
	for (p = text; (p = strcasestr(p, "next update")) != NULL; p += 11) {
		/* the promise follows within a sentence */
		end = strchr(p, '.');
		for (q = p + 11; *q != '\0' && (end == NULL || q < end) &&
		    q - p < 120; q++) {
			const char *r;

			if (q > p && isalnum((unsigned char)q[-1]))
				continue;
			if ((r = portal_word(q, "in")) != NULL ||
			    (r = portal_word(q, "within")) != NULL) {
				if ((secs = portal_duration(r)) > 0)
					return posted + secs;
			}
			if ((r = portal_word(q, "by")) != NULL ||
			    (r = portal_word(q, "at")) != NULL ||
			    (r = portal_word(q, "around")) != NULL) {
				if ((t = portal_clock(r, posted)) != 0)
					return t;
			}
		}
	}
	return 0;
}

time_t
portal_next_update(const struct incident *inc)
{
	if (inc->nupdates > 0)
		return portal_next_update_in(inc->updates[0].text,
		    inc->updates[0].time);
	return portal_next_update_in(inc->summary, inc->last_update);
}

/* The status page's footer under an update's text. */
static const char *const portal_tails[] = {
	"Tracking ID:", "This message was last updated"
};

/* The length of text before its footer. */
static size_t
portal_body_len(const char *text)
{
	size_t i, n = strlen(text);
	const char *t;

	for (i = 0; i < sizeof portal_tails / sizeof portal_tails[0]; i++) {
		if ((t = strcasestr(text, portal_tails[i])) != NULL &&
		    t > text && (size_t)(t - text) < n)
			n = (size_t)(t - text);
	}
	return n;
}

/* The next letter or digit at or after *i (below n), lower-cased; 0 at
 * the end. */
static int
portal_next_alnum(const char *s, size_t n, size_t *i)
{
	while (*i < n && !(isascii((unsigned char)s[*i]) &&
	    isalnum((unsigned char)s[*i])) && !((unsigned char)s[*i] & 0x80))
		(*i)++;
	if (*i >= n)
		return 0;
	return tolower((unsigned char)s[(*i)++]);
}

bool
portal_update_same(const char *a, const char *b)
{
	size_t na, nb, i = 0, j = 0;
	int ca, cb;

	if (a == NULL || b == NULL)
		return false;
	na = portal_body_len(a);
	nb = portal_body_len(b);
	do {
		ca = portal_next_alnum(a, na, &i);
		cb = portal_next_alnum(b, nb, &j);
		if (ca != cb)
			return false;
	} while (ca != 0);
	return true;
}

char *
portal_current_status(const struct incident *inc, size_t max)
{
	const char *text, *cs;
	char *copy, *out;
	size_t n;

	if (inc->nupdates == 0 || inc->updates[0].text == NULL ||
	    *inc->updates[0].text == '\0')
		return NULL;
	text = inc->updates[0].text;
	if ((cs = strcasestr(text, "Current Status:")) != NULL &&
	    cs[15] != '\0')
		text = cs + 15;
	while (*text == ' ' || *text == '\n')
		text++;
	/* the status page's footer is not the status */
	n = portal_body_len(text);
	copy = xstrndup(text, n);
	out = decide_quote(copy, max);
	free(copy);
	/* what the footer left behind */
	n = strlen(out);
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\n'))
		out[--n] = '\0';
	return out;
}
