/* derive.c: turns status-page feed items into incidents: the tracking id,
 * the stage, which services and regions, the times the text states, and
 * which of the three reasons for a public post the item suggests. */
#include "config.h"
#include "derive.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "html.h"
#include "regions.h"
#include "xmalloc.h"

#define DERIVE_FEED_TITLE	"Azure Status"
#define DERIVE_MAX_FOUND	16	/* regions/services taken from free text */

/* Lists of what an item names, before they become impacts. */
struct derive_scope {
	struct strv	 services;
	struct strv	 regions;	/* display names, never global words */
	char		*global;	/* the global word as written, or NULL */
};

static bool
derive_is_word(unsigned char c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

/* Case-insensitive search for a whole word (or phrase) in text. */
static const char *
derive_find_word(const char *text, const char *word)
{
	const char	*p = text;
	size_t		 n = strlen(word);

	while ((p = strcasestr(p, word)) != NULL) {
		if ((p == text || !derive_is_word((unsigned char)p[-1])) &&
		    !derive_is_word((unsigned char)p[n]))
			return p;
		p++;
	}
	return NULL;
}

static char *
derive_trim(const char *s)
{
	size_t	n;

	if (s == NULL)
		return NULL;
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* Stage --------------------------------------------------------------- */

struct derive_stage_word {
	const char	*word;
	enum inc_status	 status;
};

static const struct derive_stage_word derive_stages[] = {
	{ "investigating", INC_ACTIVE },
	{ "mitigating", INC_ACTIVE },
	{ "applying mitigation", INC_ACTIVE },
	{ "mitigation in progress", INC_ACTIVE },
	{ "recovery in progress", INC_ACTIVE },
	{ "active", INC_ACTIVE },
	{ "mitigated", INC_MITIGATED },
	{ "resolved", INC_RESOLVED },
};
#define NSTAGES (sizeof derive_stages / sizeof derive_stages[0])

/* The stage word that comes first in the text decides: in a feed item the
 * current state is stated before any "will be resolved" promises. */
enum inc_status
derive_stage(const char *text, bool *found)
{
	const char	*best = NULL, *p;
	enum inc_status	 st = INC_ACTIVE;
	size_t		 i;

	if (text != NULL) {
		for (i = 0; i < NSTAGES; i++) {
			p = derive_find_word(text, derive_stages[i].word);
			if (p != NULL && (best == NULL || p < best)) {
				best = p;
				st = derive_stages[i].status;
			}
		}
	}
	if (found != NULL)
		*found = best != NULL;
	return st;
}

/* Tracking id --------------------------------------------------------- */

static bool
derive_id_char(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '_';
}

/* "VN8T-TZ8", "BC_1-FXZ", "GCC46-OUT": 3-6 of [A-Z0-9_], then '-' (or
 * '_' when there is no '-'), then 2-4 of [A-Z0-9]. */
static bool
derive_id_valid(const char *s, size_t n)
{
	const char	*sep = NULL;
	size_t		 i, a, b;

	for (i = 0; i < n; i++) {
		if (s[i] == '-')
			sep = &s[i];
	}
	if (sep == NULL) {
		for (i = 0; i < n; i++) {
			if (s[i] == '_')
				sep = &s[i];
		}
	}
	if (sep == NULL)
		return false;
	a = (size_t)(sep - s);
	b = n - a - 1;
	if (a < 3 || a > 6 || b < 2 || b > 4)
		return false;
	if (!isalnum((unsigned char)s[0]))
		return false;
	for (i = 0; i < a; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(isupper(c) || isdigit(c) || c == '_'))
			return false;
	}
	for (i = a + 1; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(isupper(c) || isdigit(c)))
			return false;
	}
	return true;
}

/* The id right after a marker, or NULL. Ids are upper case; a link may
 * have lowered one, so case is folded before checking. */
static char *
derive_id_after(const char *p)
{
	char	 cand[16];
	size_t	 n = 0, i;

	while (*p == ' ' || *p == '\t' || *p == ':' || *p == '#' ||
	    *p == '=' || *p == '\n')
		p++;
	while (derive_id_char((unsigned char)p[n]))
		n++;
	while (n > 0 && (p[n - 1] == '-' || p[n - 1] == '_'))
		n--;
	if (n == 0 || n >= sizeof cand)
		return NULL;
	for (i = 0; i < n; i++)
		cand[i] = (char)toupper((unsigned char)p[i]);
	cand[n] = '\0';
	if (!derive_id_valid(cand, n))
		return NULL;
	return xstrdup(cand);
}

char *
derive_tracking_id(const char *text)
{
	const char	*p, *q;
	char		*id;

	if (text == NULL)
		return NULL;
	/* "Tracking ID: X", "Tracking-ID X", "trackingId=X", "tracking_id=X" */
	for (p = text; (p = strcasestr(p, "tracking")) != NULL; p++) {
		if (p != text && isalnum((unsigned char)p[-1]))
			continue;
		q = p + 8;
		if (*q == ' ' || *q == '-' || *q == '_')
			q++;
		if (strncasecmp(q, "id", 2) != 0)
			continue;
		q += 2;
		if (isalnum((unsigned char)*q))
			continue;
		if ((id = derive_id_after(q)) != NULL)
			return id;
	}
	/* The portal's short link: app.azure.com/h/<id>/... */
	for (p = text; (p = strcasestr(p, "app.azure.com/h/")) != NULL; p++) {
		if ((id = derive_id_after(p + 16)) != NULL)
			return id;
	}
	return NULL;
}

/* Times stated in the text -------------------------------------------- */

static const char *const derive_months[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};

static const char *
derive_skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == ',')
		p++;
	return p;
}

/* "08:55" [" UTC"]; sets minutes of the day. */
static const char *
derive_parse_hm(const char *p, int *mins)
{
	int	h, m;

	p = derive_skip_space(p);
	if (!isdigit((unsigned char)p[0]))
		return NULL;
	h = p[0] - '0';
	p++;
	if (isdigit((unsigned char)*p))
		h = h * 10 + (*p++ - '0');
	if (*p != ':' || !isdigit((unsigned char)p[1]) ||
	    !isdigit((unsigned char)p[2]))
		return NULL;
	m = (p[1] - '0') * 10 + (p[2] - '0');
	p += 3;
	if (h > 23 || m > 59)
		return NULL;
	*mins = h * 60 + m;
	p = derive_skip_space(p);
	if (strncasecmp(p, "UTC", 3) == 0)
		p += 3;
	return p;
}

/* " on 24 Nov 2026" / " on 24 November 2026"; a midnight UTC time. */
static const char *
derive_parse_on_date(const char *p, time_t *day)
{
	struct tm	 tm;
	int		 d = 0, y = 0, mon = -1, i;

	p = derive_skip_space(p);
	if (strncasecmp(p, "on ", 3) != 0)
		return NULL;
	p = derive_skip_space(p + 3);
	while (isdigit((unsigned char)*p) && d < 100)
		d = d * 10 + (*p++ - '0');
	if (d < 1 || d > 31)
		return NULL;
	p = derive_skip_space(p);
	for (i = 0; i < 12; i++) {
		if (strncasecmp(p, derive_months[i], 3) == 0)
			mon = i;
	}
	if (mon < 0)
		return NULL;
	while (isalpha((unsigned char)*p))
		p++;
	p = derive_skip_space(p);
	while (isdigit((unsigned char)*p) && y < 10000)
		y = y * 10 + (*p++ - '0');
	if (y < 2000 || y > 2999)
		return NULL;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mon;
	tm.tm_mday = d;
	*day = timegm(&tm);
	return p;
}

/* "Starting at 08:55 UTC on 24 Nov 2026" and "Between 06:10 and 08:32 UTC
 * on 24 Nov 2026" (each time may carry its own date) give the impact's
 * start and, for the second form, its end. */
static void
derive_stated_times(const char *text, time_t *start, time_t *end)
{
	const char	*p, *q, *r;
	int		 m1, m2;
	time_t		 d1, d2;

	*start = *end = 0;
	if (text == NULL)
		return;
	for (p = text; (p = strcasestr(p, "starting at ")) != NULL; p++) {
		d1 = 0;
		q = derive_parse_hm(p + 12, &m1);
		if (q != NULL && derive_parse_on_date(q, &d1) != NULL) {
			*start = d1 + (time_t)m1 * 60;
			return;
		}
	}
	for (p = text; (p = strcasestr(p, "between ")) != NULL; p++) {
		d1 = d2 = 0;
		if ((q = derive_parse_hm(p + 8, &m1)) == NULL)
			continue;
		if ((r = derive_parse_on_date(q, &d1)) != NULL)
			q = r;
		q = derive_skip_space(q);
		if (strncasecmp(q, "and ", 4) != 0)
			continue;
		if ((q = derive_parse_hm(q + 4, &m2)) == NULL)
			continue;
		if (derive_parse_on_date(q, &d2) == NULL)
			d2 = d1;
		if (d1 == 0)
			d1 = d2;
		if (d1 == 0)
			continue;
		*start = d1 + (time_t)m1 * 60;
		*end = d2 + (time_t)m2 * 60;
		if (*end < *start)	/* "between 23:30 and 01:10 UTC on <day 2>" */
			*start -= 24 * 3600;
		return;
	}
}

/* Services and regions ------------------------------------------------ */

static void
derive_scope_free(struct derive_scope *sc)
{
	strv_free(&sc->services);
	strv_free(&sc->regions);
	free(sc->global);
}

/* A name that is no known service but reads like a region ("Austria
 * East", "Contoso Central 2"): a region added after our table. */
static bool
derive_looks_like_region(const char *s)
{
	static const char *const dirs[] = { "east", "west", "north", "south",
	    "central", "southeast", "northeast", "southwest", "northwest" };
	const char	*end = s + strlen(s), *w;
	size_t		 i, n;

	while (end > s && (isspace((unsigned char)end[-1]) ||
	    isdigit((unsigned char)end[-1])))
		end--;
	for (w = end; w > s && isalpha((unsigned char)w[-1]); w--)
		continue;
	if (w == s)
		return false;	/* a single word is not a region name */
	n = (size_t)(end - w);
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		if (strlen(dirs[i]) == n && strncasecmp(w, dirs[i], n) == 0)
			return true;
	}
	return false;
}

/* Classify one name that stands alone (a category, a title segment).
 * Returns false when it is neither a region nor a known service. */
static bool
derive_classify(struct derive_scope *sc, const char *name, bool take_unknown)
{
	const struct region_info	*r;
	const char			*svc;
	char				*t = derive_trim(name);
	bool				 ok = true;

	if (t == NULL || *t == '\0')
		ok = false;
	else if (regions_is_global(t)) {
		if (sc->global == NULL)
			sc->global = xstrdup(t);
	} else if ((r = regions_lookup(t)) != NULL)
		strv_add_unique(&sc->regions, r->display);
	else if ((svc = services_canonical(t)) != NULL)
		strv_add_unique(&sc->services, svc);
	else if (!take_unknown)
		ok = false;
	else if (derive_looks_like_region(t))
		strv_add_unique(&sc->regions, t);
	else
		strv_add_unique(&sc->services, t);
	free(t);
	return ok;
}

/* Add the regions of a geography ("Europe"). */
static void
derive_add_geo(struct derive_scope *sc, const char *geo)
{
	const struct region_info	*r[40];
	size_t				 i, n;

	n = regions_in_geography(geo, r, sizeof r / sizeof r[0]);
	for (i = 0; i < n; i++)
		strv_add_unique(&sc->regions, r[i]->display);
}

static void
derive_find_in(struct derive_scope *sc, const char *text, bool want_services,
    bool want_regions)
{
	const struct region_info	*r;
	const char			*p, *svc, *geo;
	size_t				 off, len, n;

	if (text == NULL)
		return;
	for (p = text, n = 0; want_regions && n < DERIVE_MAX_FOUND &&
	    (r = regions_find(p, &off, &len)) != NULL; p += off + len, n++)
		strv_add_unique(&sc->regions, r->display);
	for (p = text, n = 0; want_services && n < DERIVE_MAX_FOUND &&
	    (svc = services_find(p, &off, &len)) != NULL; p += off + len, n++)
		strv_add_unique(&sc->services, svc);
	for (p = text, n = 0; want_regions && n < DERIVE_MAX_FOUND &&
	    (geo = regions_find_geography(p, &off, &len)) != NULL;
	    p += off + len, n++)
		derive_add_geo(sc, geo);
	if (want_regions && sc->global == NULL) {
		static const char *const words[] = { "Multiple Regions",
		    "Global", "Non-Regional", "All Regions", "Worldwide",
		    "across regions", "across multiple regions",
		    "multiple Azure regions", "across Azure regions" };
		size_t i;

		for (i = 0; i < sizeof words / sizeof words[0]; i++) {
			if (derive_find_word(text, words[i]) != NULL) {
				sc->global = xstrdup(words[i]);
				break;
			}
		}
	}
}

/* Title shapes ----------------------------------------------------------
 *
 * Real titles (status page, its history, post-incident reviews) join
 * their parts with " - ", " – " (en dash) or " — " (em dash); the stage
 * comes last ("... - Mitigated", "... - Applying Mitigation") or first
 * ("Mitigated – Azure Front Door – Connectivity issues", "Resolved: ..."),
 * review titles start "RCA - " or "Post Incident Review (PIR) – ", and
 * "(Tracking ID XXXX-XXX)" may close any of them.
 */

#define DERIVE_MAX_SEGS	8

struct derive_title {
	char		*seg[DERIVE_MAX_SEGS];	/* the name parts, trimmed */
	size_t		 nseg;
	bool		 has_stage;
	enum inc_status	 stage;
	bool		 review;		/* RCA / PIR */
	bool		 no_impact;		/* "No Impact - ..." */
};

static void
derive_title_free(struct derive_title *t)
{
	size_t	i;

	for (i = 0; i < t->nseg; i++)
		free(t->seg[i]);
	t->nseg = 0;
}

/* Where the next separator starts in p, and its length; NULL if none. */
static const char *
derive_next_sep(const char *p, size_t *seplen)
{
	static const char *const seps[] = { " - ", "\xe2\x80\x93",
	    "\xe2\x80\x94", " | " };
	const char	*best = NULL, *q;
	size_t		 i;

	for (i = 0; i < sizeof seps / sizeof seps[0]; i++) {
		if ((q = strstr(p, seps[i])) != NULL && (best == NULL || q < best)) {
			best = q;
			*seplen = strlen(seps[i]);
		}
	}
	return best;
}

/* Drop "(Tracking ID ...)" and other parentheses that hold a tracking id. */
static void
derive_drop_tracking(char *s)
{
	char	*open, *close, *id, *p = s;

	while ((open = strchr(p, '(')) != NULL &&
	    (close = strchr(open, ')')) != NULL) {
		*close = '\0';
		id = derive_tracking_id(open + 1);
		*close = ')';
		if (id == NULL) {
			p = close + 1;
			continue;
		}
		free(id);
		memmove(open, close + 1, strlen(close + 1) + 1);
		p = open;
	}
}

static const struct derive_stage_word *
derive_stage_only_entry(const char *seg)
{
	size_t	i;

	for (i = 0; i < NSTAGES; i++) {
		if (strcasecmp(seg, derive_stages[i].word) == 0)
			return &derive_stages[i];
	}
	return NULL;
}

/* "RCA", "Post Incident Review (PIR)", "Preliminary PIR", "Final Post
 * Incident Review (PIR)", "Root Cause Analysis" */
static bool
derive_is_review(const char *seg)
{
	static const char *const words[] = { "rca", "pir",
	    "post incident review", "post-incident review",
	    "root cause analysis" };
	size_t	i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (derive_find_word(seg, words[i]) != NULL)
			return true;
	}
	return false;
}

static bool
derive_starts_no_impact(const char *s)
{
	while (*s == '[' || *s == '(' || isspace((unsigned char)*s))
		s++;
	return strncasecmp(s, "no impact", 9) == 0 &&
	    !derive_is_word((unsigned char)s[9]);
}

static void
derive_title_parse(const char *title, struct derive_title *t)
{
	const struct derive_stage_word	*sw;
	const char			*p, *sep;
	char				*raw, *seg, *colon;
	size_t				 seplen = 0, i, n;

	memset(t, 0, sizeof *t);
	if (title == NULL)
		return;
	for (p = title; p != NULL && t->nseg < DERIVE_MAX_SEGS;
	    p = sep != NULL ? sep + seplen : NULL) {
		sep = derive_next_sep(p, &seplen);
		raw = sep != NULL ? xstrndup(p, (size_t)(sep - p)) : xstrdup(p);
		derive_drop_tracking(raw);
		seg = derive_trim(raw);
		free(raw);
		/* "Resolved: Azure Front Door ..." */
		if (t->nseg == 0 && (colon = strchr(seg, ':')) != NULL) {
			*colon = '\0';
			if ((sw = derive_stage_only_entry(seg)) != NULL) {
				t->has_stage = true;
				t->stage = sw->status;
				raw = derive_trim(colon + 1);
				free(seg);
				seg = raw;
			} else
				*colon = ':';
		}
		/* "[No Impact] Storage - ...", "No Impact: Storage" */
		if (t->nseg == 0 && derive_starts_no_impact(seg)) {
			const char *rest = strcasestr(seg, "no impact") + 9;

			t->no_impact = true;
			while (*rest == ']' || *rest == ')' || *rest == ':' ||
			    *rest == ' ')
				rest++;
			raw = xstrdup(rest);
			free(seg);
			seg = raw;
		}
		if (*seg != '\0')
			t->seg[t->nseg++] = seg;
		else
			free(seg);
	}
	/* The stage as a part of its own, first or last. */
	n = t->nseg;
	for (i = 0; i < n; i++) {
		if ((i == 0 || i + 1 == n) &&
		    (sw = derive_stage_only_entry(t->seg[i])) != NULL &&
		    (!t->has_stage || i + 1 == n)) {
			t->has_stage = true;
			t->stage = sw->status;
		}
	}
	if (derive_starts_no_impact(title))
		t->no_impact = true;
	for (i = 0; i < n; i++) {
		if (derive_is_review(t->seg[i]) && (i == 0 || i + 1 == n))
			t->review = true;
	}
}

/* A part of a title that names nothing: a stage, "No Impact", "RCA". */
static bool
derive_title_filler(const char *seg)
{
	return derive_stage_only_entry(seg) != NULL ||
	    derive_starts_no_impact(seg) || derive_is_review(seg);
}

/* Names used as categories that are no service and no region. */
static bool
derive_category_ignored(const char *c)
{
	static const char *const words[] = { "Public", "Azure Public",
	    "Public Cloud", "Azure", "Microsoft Azure", "Azure Government",
	    "Azure China", "Sovereign Clouds" };
	size_t	i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strcasecmp(c, words[i]) == 0)
			return true;
	}
	return false;
}

/* A part that says what went wrong ("Network Connectivity Issues",
 * "Failures when attempting to login") names no service. */
static bool
derive_is_symptom(const char *seg)
{
	static const char *const words[] = { "issue", "issues", "failure",
	    "failures", "error", "errors", "latency", "timeouts", "timeout",
	    "degradation", "degraded", "connectivity", "outage", "unavailable",
	    "intermittent", "delays", "delayed", "impact", "impacted",
	    "problems", "disruption", "unable" };
	size_t	i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (derive_find_word(seg, words[i]) != NULL)
			return true;
	}
	return false;
}

/* Every part of the title on its own, then names found inside the parts.
 * A part that names nothing known and reads like a region is one; the
 * first part after the stage, when it names nothing known, is the
 * service's name as written (*unknown, caller frees; used when nothing
 * else names a service). */
static void
derive_from_title(struct derive_scope *sc, const struct derive_title *t,
    char **unknown)
{
	size_t	i, ns, nr, named = 0;
	bool	global;

	for (i = 0; i < t->nseg; i++) {
		const char *seg = t->seg[i];

		if (derive_title_filler(seg))
			continue;
		named++;
		if (regions_geography(seg) != NULL) {
			derive_add_geo(sc, seg);
			continue;
		}
		if (derive_classify(sc, seg, false))
			continue;
		ns = sc->services.n;
		nr = sc->regions.n;
		global = sc->global != NULL;
		derive_find_in(sc, seg, true, true);
		if (sc->services.n != ns || sc->regions.n != nr ||
		    (sc->global != NULL) != global)
			continue;
		if (derive_looks_like_region(seg))
			strv_add_unique(&sc->regions, seg);
		else if (named == 1 && t->nseg > 1 && *unknown == NULL &&
		    !derive_is_symptom(seg))
			*unknown = xstrdup(seg);
	}
}

/* The union of what the categories and the title name: the status page
 * files an Azure Front Door incident under "Network Infrastructure" and
 * "Public Non-Regional", and only the title says Front Door. What both
 * leave open comes from the text. */
static void
derive_scope_of(const struct rss_item *it, const struct derive_title *t,
    const char *text, struct derive_scope *sc)
{
	char	*unknown = NULL;
	size_t	 i;

	for (i = 0; i < it->categories.n; i++) {
		char *c = derive_trim(it->categories.v[i]);

		if (!derive_category_ignored(c)) {
			if (regions_geography(c) != NULL)
				derive_add_geo(sc, c);
			else
				derive_classify(sc, c, true);
		}
		free(c);
	}
	derive_from_title(sc, t, &unknown);
	if (sc->services.n == 0 && unknown != NULL)
		strv_add_unique(&sc->services, unknown);
	free(unknown);
	if (sc->services.n == 0 && sc->regions.n == 0 && sc->global == NULL)
		derive_find_in(sc, it->title, true, true);
	if (sc->services.n == 0)
		derive_find_in(sc, text, true, false);
	if (sc->regions.n == 0 && sc->global == NULL)
		derive_find_in(sc, text, false, true);
}

/* "No Impact" -------------------------------------------------------- */

/* Does a sentence start at p (the text's start, or after ". ", "\n")? */
static bool
derive_sentence_start(const char *text, const char *p)
{
	while (p > text && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '"' ||
	    p[-1] == '(' || p[-1] == '['))
		p--;
	return p == text || p[-1] == '.' || p[-1] == '\n' || p[-1] == ':' ||
	    p[-1] == '!' || p[-1] == ';';
}

/*
 * Microsoft sends "No Impact" communications to say that a subscription
 * was looked at and not affected: a title that starts "No Impact", or a
 * sentence that starts by saying so. Only a sentence's start counts: a
 * review's "There was no impact to VIPs" is about one part, and "customers
 * in other regions were not impacted" about others.
 */
bool
derive_no_impact(const char *title, const char *text)
{
	static const char *const openers[] = {
	    "no impact", "no customer impact", "there was no impact",
	    "there is no impact", "there was no customer impact",
	    "there is no customer impact", "customers were not impacted",
	    "customers are not impacted", "customers were not affected",
	    "customers are not affected", "your subscription was not impacted",
	    "your subscription is not impacted",
	    "your subscription has not been impacted",
	    "your subscriptions were not impacted",
	    "your subscriptions are not impacted",
	    "your resources were not impacted", "your resources are not impacted",
	    "your services were not impacted", "you were not impacted",
	    "you are not impacted", "we have confirmed that your subscription was not impacted",
	    "we have confirmed there was no impact",
	    "we have confirmed that there was no impact",
	};
	const char	*p;
	size_t		 i, n;

	if (title != NULL && derive_starts_no_impact(title))
		return true;
	if (text == NULL)
		return false;
	for (i = 0; i < sizeof openers / sizeof openers[0]; i++) {
		n = strlen(openers[i]);
		for (p = text; (p = strcasestr(p, openers[i])) != NULL; p++) {
			/* "There was no impact to VIPs": one part only */
			if (n >= 6 && strcmp(openers[i] + n - 6, "impact") == 0 &&
			    strncasecmp(p + n, " to ", 4) == 0)
				continue;
			if (derive_sentence_start(text, p) &&
			    !derive_is_word((unsigned char)p[n]))
				return true;
		}
	}
	return false;
}

/* Scenario ------------------------------------------------------------ */

static bool
derive_has_any(const char *text, const char *const *words, size_t n)
{
	size_t	i;

	if (text == NULL)
		return false;
	for (i = 0; i < n; i++) {
		if (strcasestr(text, words[i]) != NULL)
			return true;
	}
	return false;
}

/* Does some sentence of text say the portal or Service Health is not
 * working? Both halves must be in the same sentence. */
static bool
derive_portal_impaired(const char *text)
{
	static const char *const subject[] = { "portal", "service health" };
	static const char *const trouble[] = { "unavailable", "impaired",
	    "degraded", "unable to access", "unable to load", "not load",
	    "failures", "errors", "issues accessing", "difficulties",
	    "timeouts", "latency", "unable to view", "not be able to",
	    "inaccessible", "outage" };
	const char	*p, *end;
	char		*s;
	bool		 yes = false;

	for (p = text; p != NULL && *p != '\0' && !yes; p = end) {
		end = strpbrk(p, ".!?\n");
		end = end != NULL ? end + 1 : p + strlen(p);
		s = xstrndup(p, (size_t)(end - p));
		yes = derive_has_any(s, subject, 2) &&
		    derive_has_any(s, trouble, sizeof trouble / sizeof trouble[0]);
		free(s);
	}
	return yes;
}

/*
 * Why is this incident on the public status page? Rules, first match wins:
 *  1. SCEN_PORTAL: a named service is the Azure Portal, Service Health or
 *     Azure Resource Manager, or a sentence says the portal or Service
 *     Health is unavailable/impaired/failing (then Service Health itself
 *     may not be telling people).
 *  2. SCEN_SCOPE_UNKNOWN, explicit: the text says the scope is still being
 *     worked out ("unable to determine", "determine the scope", ...).
 *  3. SCEN_BROAD: a global region word ("Multiple Regions", "Global"), or
 *     two or more regions, or two or more services.
 *  4. SCEN_SCOPE_UNKNOWN, implicit: no region at all is named and the text
 *     speaks only of an investigation or of what customers "may
 *     experience".
 *  5. Otherwise (one service in one named region, stated clearly):
 *     SCEN_NONE.
 */
enum scenario
derive_scenario(const struct incident *inc)
{
	static const char *const portal_services[] = { "Azure Portal",
	    "Service Health", "Azure Resource Manager" };
	static const char *const scope_words[] = { "unable to determine",
	    "not yet able to determine", "determine the scope",
	    "determine the extent", "determine the full", "scope of impact is",
	    "scope of the impact is", "extent of the impact is",
	    "assessing the scope", "assessing the impact",
	    "assessing the extent", "still being determined",
	    "impact is being assessed", "working to understand the scope",
	    "working to determine", "investigating the scope" };
	static const char *const vague_words[] = { "being investigated",
	    "investigating", "may experience", "may be experiencing",
	    "may have experienced", "may see" };
	const char	*texts[2];
	size_t		 i, j, nregions = 0;
	bool		 global = false;

	if (inc == NULL)
		return SCEN_NONE;
	texts[0] = inc->title;
	texts[1] = inc->summary;

	for (i = 0; i < inc->services.n; i++) {
		for (j = 0; j < 3; j++) {
			if (services_equal(inc->services.v[i],
			    portal_services[j]))
				return SCEN_PORTAL;
		}
	}
	for (i = 0; i < 2; i++) {
		if (texts[i] != NULL && derive_portal_impaired(texts[i]))
			return SCEN_PORTAL;
	}
	for (i = 0; i < 2; i++) {
		if (derive_has_any(texts[i], scope_words,
		    sizeof scope_words / sizeof scope_words[0]))
			return SCEN_SCOPE_UNKNOWN;
	}
	for (i = 0; i < inc->regions.n; i++) {
		if (regions_is_global(inc->regions.v[i]))
			global = true;
		else
			nregions++;
	}
	if (global || nregions >= 2 || inc->services.n >= 2)
		return SCEN_BROAD;
	if (nregions == 0) {
		for (i = 0; i < 2; i++) {
			if (derive_has_any(texts[i], vague_words,
			    sizeof vague_words / sizeof vague_words[0]))
				return SCEN_SCOPE_UNKNOWN;
		}
	}
	return SCEN_NONE;
}

/* The feed ------------------------------------------------------------ */

static char *
derive_item_key(const struct rss_item *it, const char *tid, size_t index)
{
	if (tid != NULL)
		return xstrdup(tid);
	if (it->guid != NULL)
		return xasprintf("status-page:%s", it->guid);
	if (it->link != NULL)
		return xasprintf("status-page:%s", it->link);
	if (it->title != NULL)
		return xasprintf("status-page:%s", it->title);
	return xasprintf("status-page:item-%zu", index);
}

static struct incident *
derive_item(const struct rss_item *it, size_t index)
{
	struct incident		*inc;
	struct derive_scope	 sc = { 0 };
	struct derive_title	 t;
	char			*text = NULL, *tid, *key, *title;
	enum inc_status		 st = INC_ACTIVE;
	time_t			 start, end;
	bool			 found = false;
	size_t			 i, j;

	if (it->description != NULL)
		text = html_to_text(it->description, strlen(it->description));
	if ((tid = derive_tracking_id(text)) == NULL &&
	    (tid = derive_tracking_id(it->description)) == NULL &&
	    (tid = derive_tracking_id(it->title)) == NULL &&
	    (tid = derive_tracking_id(it->link)) == NULL)
		tid = derive_tracking_id(it->guid);
	key = derive_item_key(it, tid, index);
	inc = incident_new(key);
	free(key);
	inc->tracking_id = tid;
	title = derive_trim(it->title);
	inc->title = title != NULL && *title != '\0' ? title : NULL;
	if (inc->title == NULL)
		free(title);
	inc->summary = text;
	inc->type = INC_SERVICE_ISSUE;
	inc->sources = CHAN_BIT(CHAN_STATUS_PAGE);

	/* Stage: a part of the title that is one (first or last), a stage
	 * word in the title, the text; a review is over unless it says
	 * otherwise. */
	derive_title_parse(inc->title, &t);
	if (t.has_stage) {
		st = t.stage;
		found = true;
	} else if (inc->title != NULL)
		st = derive_stage(inc->title, &found);
	if (!found && t.review) {
		st = INC_RESOLVED;
		found = true;
	}
	if (!found)
		st = derive_stage(text, &found);
	if (t.review)
		inc->type = INC_RCA;
	inc->no_impact = t.no_impact || derive_no_impact(inc->title, text);
	inc->status = st;

	derive_scope_of(it, &t, text, &sc);
	derive_title_free(&t);
	if (sc.global != NULL)
		strv_add_unique(&inc->regions, sc.global);
	for (i = 0; i < (sc.services.n > 0 ? sc.services.n : 1); i++) {
		const char *svc = sc.services.n > 0 ? sc.services.v[i] : NULL;

		if (sc.regions.n == 0)
			incident_add_impact(inc, svc, NULL, st);
		for (j = 0; j < sc.regions.n; j++)
			incident_add_impact(inc, svc, sc.regions.v[j], st);
	}
	derive_scope_free(&sc);

	derive_stated_times(text, &start, &end);
	inc->start = start != 0 ? start : it->published;
	if (st != INC_ACTIVE)
		inc->mitigated = end != 0 ? end : it->published;
	incident_add_update(inc, it->published, CHAN_STATUS_PAGE,
	    text != NULL ? text : inc->title);
	inc->last_update = it->published;
	if (it->link != NULL)
		strv_add_unique(&inc->links, it->link);
	else if (it->guid != NULL && strncmp(it->guid, "https://", 8) == 0)
		strv_add_unique(&inc->links, it->guid);
	inc->scenario = derive_scenario(inc);
	return inc;
}

/* The title, fit for an error message: short, no control characters. */
static void
derive_clean_title(const char *in, char *out, size_t len)
{
	size_t	i = 0;

	for (; in != NULL && *in != '\0' && i + 1 < len && i < 60; in++) {
		unsigned char c = (unsigned char)*in;

		out[i++] = (c < 0x20 || c == 0x7f || c == '"') ? '?' : (char)c;
	}
	out[i] = '\0';
}

int
derive_status_feed(const struct rss_feed *feed, struct inc_list *out,
    char *err, size_t errlen)
{
	char	*title = derive_trim(feed->title);
	char	 shown[64];
	size_t	 i;

	if (title == NULL || strcmp(title, DERIVE_FEED_TITLE) != 0) {
		derive_clean_title(title, shown, sizeof shown);
		snprintf(err, errlen, "feed title is \"%s\", expected \""
		    DERIVE_FEED_TITLE "\" (wrong URL or a captive portal?)",
		    shown);
		free(title);
		return -1;
	}
	free(title);
	for (i = 0; i < feed->nitems; i++)
		inc_list_add(out, derive_item(&feed->items[i], i));
	return 0;
}
