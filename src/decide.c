/* decide.c: the "is it us or is it Azure?" verdict. Service Health is asked
 * first; the public status page as well, for broad impact and impact whose
 * audience Microsoft cannot yet tell (then Service Health may have nothing
 * targeted at the user), and as the fallback when Service Health cannot
 * answer; X only when neither can. */
#include "config.h"
#include "decide.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "depends.h"
#include "earlywarn.h"
#include "regions.h"
#include "sanitize.h"
#include "timeutil.h"
#include "xmalloc.h"

/* A mitigated incident still explains symptoms for this long (the seed's
 * window, and Service Health's own default query window). */
#define DECIDE_RECENT	(3 * 24 * 60 * 60)

/* Longest piece of update text quoted in one evidence sentence. */
#define DECIDE_QUOTE	160

/* How one incident relates to the user's answers. */
struct decide_hit {
	bool			 matched;
	bool			 by_resource;
	bool			 unscoped;	/* names no scope */
	const char		*service;	/* of the matching impact */
	const char		*region;	/* NULL = every region */
	enum inc_status		 status;	/* for the user's region */
};

/* When a ticket is still right, said the same way by both verdicts that
 * do not send the user to a matching incident. */
#define DECIDE_TICKET_RULE \
	"A ticket is right whenever resource health shows a " \
	"platform-initiated outage."

static const char decide_next_early[] = "Azure has not confirmed this; "
    "raise a ticket now \xe2\x80\x94 Sev A if production is down \xe2\x80\x94 "
    "and keep watching: your own resources of this service in this region "
    "went down for a platform-initiated reason (azwatch's early warning).";

static const char *decide_next[] = {
	[VERDICT_NO_KNOWN_INCIDENT] = "No reachable channel reports an "
	    "incident that covers or nearly covers this: most likely not "
	    "Azure; check your own changes and resource health. "
	    DECIDE_TICKET_RULE,
	[VERDICT_AZURE_INCIDENT] = "Follow the incident's updates; no ticket "
	    "is needed for updates; raise one only to get help with failover.",
	[VERDICT_NOT_MATCHING] = "Azure has an active incident nearby (this "
	    "service in another region, or another service in this region), "
	    "but none covers this service here: the problem may be unrelated; "
	    "raise a support ticket and say which incident it is not. "
	    DECIDE_TICKET_RULE,
	[VERDICT_MITIGATED_PERSISTING] = "The matching incident is mitigated "
	    "or resolved, yet your symptoms continue: raise a support ticket.",
	[VERDICT_UNDETERMINED] = "Azure could not be asked now. Go down the "
	    "escalation path: 1 Service Health in the portal, 2 the Azure "
	    "status page (from another network if need be), 3 @AzureSupport "
	    "on X; 4 if production is down, raise a support ticket without "
	    "waiting."
};

static const char decide_next_public[] = "The public status page shows an "
    "incident covering this that is not (yet) targeted at your "
    "subscriptions: follow its updates there; no ticket is needed for "
    "updates; raise one only to get help with failover, or if your "
    "symptoms do not fit its description.";
static const char decide_next_unscoped[] = "Azure reports a broad incident "
    "that names no service or region yet: follow its updates; no ticket is "
    "needed for updates; if your symptoms do not fit its description, "
    "raise a ticket.";
static const char decide_next_dependency[] = "A service yours depends on "
    "has an active incident here: follow its updates; no ticket is needed "
    "for updates; if your symptoms do not fit its description, raise a "
    "ticket.";

static const char decide_advice[] =
    "When an Azure incident matches what you see, do not raise a ticket "
    "just to get updates: follow the incident's updates, and raise one only "
    "if you need help with failover. Raise a ticket when your symptoms do "
    "not match the incident (for example, the incident is Redis in East US "
    "and you see Redis failing in East US 2), or when they persist after "
    "the incident is mitigated.";

const char *
verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_NO_KNOWN_INCIDENT:
		return "no-known-incident";
	case VERDICT_AZURE_INCIDENT:
		return "azure-incident";
	case VERDICT_NOT_MATCHING:
		return "not-matching";
	case VERDICT_MITIGATED_PERSISTING:
		return "mitigated-persisting";
	case VERDICT_UNDETERMINED:
		return "undetermined";
	}
	return "undetermined";
}

const char *
verdict_phrase(enum verdict v)
{
	switch (v) {
	case VERDICT_NO_KNOWN_INCIDENT:
		return "no Azure incident covers this";
	case VERDICT_AZURE_INCIDENT:
		return "Azure has an incident that covers this";
	case VERDICT_NOT_MATCHING:
		return "Azure has incidents nearby, none covers this";
	case VERDICT_MITIGATED_PERSISTING:
		return "the incident is mitigated, your symptoms are not";
	case VERDICT_UNDETERMINED:
		return "Azure could not be asked";
	}
	return "Azure could not be asked";
}

int
verdict_exit_code(enum verdict v)
{
	switch (v) {
	case VERDICT_NO_KNOWN_INCIDENT:
		return 0;
	case VERDICT_AZURE_INCIDENT:
		return 10;
	case VERDICT_NOT_MATCHING:
		return 11;
	case VERDICT_MITIGATED_PERSISTING:
		return 12;
	case VERDICT_UNDETERMINED:
		return 13;
	}
	return 13;
}

int
verdict_parse(const char *s)
{
	int v;

	if (s == NULL)
		return -1;
	for (v = VERDICT_NO_KNOWN_INCIDENT; v <= VERDICT_UNDETERMINED; v++) {
		if (strcmp(verdict_name(v), s) == 0)
			return v;
	}
	return -1;
}

const char *
decide_advice_text(void)
{
	return decide_advice;
}

const struct incident *
decide_find(const struct snapshot *snap, const char *id)
{
	size_t i;

	if (snap == NULL || id == NULL)
		return NULL;
	for (i = 0; i < snap->incidents.n; i++) {
		const struct incident *inc = snap->incidents.v[i];

		if (strcasecmp(decide_incident_id(inc), id) == 0)
			return inc;
	}
	return NULL;
}

bool
decide_is_incident(const struct incident *inc)
{
	/* azwatch's own inference is evidence, never an incident */
	if (inc->early)
		return false;
	switch (inc->type) {
	case INC_SERVICE_ISSUE:
	case INC_OTHER:
		return true;
	case INC_PLANNED_MAINTENANCE:
	case INC_HEALTH_ADVISORY:
	case INC_SECURITY_ADVISORY:
	case INC_RCA:
		break;
	}
	return false;
}

const char *
decide_incident_id(const struct incident *inc)
{
	if (inc->tracking_id != NULL && *inc->tracking_id != '\0')
		return inc->tracking_id;
	return inc->key != NULL ? inc->key : "(no id)";
}

time_t
decide_last_activity(const struct incident *inc)
{
	time_t t = inc->last_update;

	if (inc->mitigated > t)
		t = inc->mitigated;
	if (inc->nupdates > 0 && inc->updates[0].time > t)
		t = inc->updates[0].time;
	return t;
}

static bool
decide_empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/* A communication that says the user was not impacted: the parsers set
 * no_impact (derive_no_impact() on titles and text, a "False Positive"
 * tag). The journal keeps only the tag, so an event read back from it
 * before its channel answers again is known by false_positive alone. */
static bool
decide_no_impact(const struct incident *inc)
{
	return inc->no_impact || inc->false_positive;
}

/* When the impact ended: the mitigation time, else the last activity of
 * a resolved or mitigated incident; 0 while active. */
static time_t
decide_ended(const struct incident *inc)
{
	if (inc->status == INC_ACTIVE)
		return 0;
	if (inc->mitigated != 0)
		return inc->mitigated;
	return decide_last_activity(inc);
}

/* An impact that names no service covers every service in its region; one
 * that names no region (or "Global") covers every region. */
static bool
decide_service_ok(const char *impact, const struct answers *ans)
{
	if (decide_empty(impact) || decide_empty(ans->service))
		return true;
	return services_equal(impact, ans->service);
}

static bool
decide_region_ok(const char *impact, const struct answers *ans)
{
	if (decide_empty(impact) || regions_is_global(impact))
		return true;
	if (decide_empty(ans->region))
		return true;
	return regions_equal(impact, ans->region);
}

/* The more resolved of two states: a region resolved inside an active
 * incident is resolved; an incident resolved as a whole is resolved
 * everywhere, whatever a stale region entry says. */
static enum inc_status
decide_later(enum inc_status a, enum inc_status b)
{
	return a > b ? a : b;
}

static void
decide_match(const struct incident *inc, const struct answers *ans,
    struct decide_hit *hit)
{
	enum inc_status best = INC_RESOLVED;
	bool found = false;
	size_t i, j;

	memset(hit, 0, sizeof *hit);
	if (decide_empty(ans->service) && decide_empty(ans->region) &&
	    decide_empty(ans->resource))
		return;
	if (decide_empty(ans->service) && decide_empty(ans->region))
		goto resource;

	for (i = 0; i < inc->nimpacts; i++) {
		const struct impact *im = &inc->impacts[i];

		if (!decide_service_ok(im->service, ans) ||
		    !decide_region_ok(im->region, ans))
			continue;
		/* Prefer the most active matching impact, and a named
		 * region over a global one for the sentence. */
		if (!found || im->status < best ||
		    (im->status == best && hit->region == NULL &&
		    im->region != NULL && !regions_is_global(im->region))) {
			best = im->status;
			hit->service = im->service;
			hit->region = im->region;
		}
		found = true;
	}
	/* Sources that give only lists of services and regions. */
	if (inc->nimpacts == 0 && (inc->services.n > 0 || inc->regions.n > 0)) {
		size_t ns = inc->services.n > 0 ? inc->services.n : 1;
		size_t nr = inc->regions.n > 0 ? inc->regions.n : 1;

		for (i = 0; i < ns && !found; i++) {
			const char *s = inc->services.n > 0 ?
			    inc->services.v[i] : NULL;

			for (j = 0; j < nr && !found; j++) {
				const char *r = inc->regions.n > 0 ?
				    inc->regions.v[j] : NULL;

				if (decide_service_ok(s, ans) &&
				    decide_region_ok(r, ans)) {
					found = true;
					best = inc->status;
					hit->service = s;
					hit->region = r;
				}
			}
		}
	}
	/* An incident that names no service and no region yet (the seed's
	 * scenario 3, an unscoped post on X) covers everything. */
	if (!found && inc->nimpacts == 0 && inc->services.n == 0 &&
	    inc->regions.n == 0) {
		found = true;
		best = inc->status;
		hit->unscoped = true;
	}
	if (found) {
		hit->matched = true;
		hit->status = decide_later(best, inc->status);
		if (hit->region != NULL && regions_is_global(hit->region))
			hit->region = NULL;
	}

resource:
	if (!decide_empty(ans->resource) &&
	    strv_has(&inc->resources, ans->resource)) {
		if (!hit->matched || inc->status < hit->status)
			hit->status = inc->status;
		hit->matched = true;
		hit->by_resource = true;
	}
}

/* One line of remote text, without controls, at most max bytes,
 * cut at a word where one is near and never inside a character. */
char *
decide_quote(const char *text, size_t max)
{
	char *s = sanitize_str(text);
	size_t len = strlen(s), cut, i;

	if (max < 8)
		max = 8;
	if (len <= max)
		return s;
	cut = max - 3;	/* room for the ellipsis */
	while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	for (i = cut; i > max / 2; i--) {
		if (s[i] == ' ') {
			cut = i;
			break;
		}
	}
	while (cut > 0 && s[cut - 1] == ' ')
		cut--;
	memcpy(s + cut, "\xe2\x80\xa6", 4);	/* "…" and the NUL */
	return s;
}

/* "09:40 UTC" today, "2026-11-21 09:40 UTC" on another day. */
void
decide_format_time(time_t t, time_t now, char *buf, size_t len)
{
	if (t == 0) {
		snprintf(buf, len, "unknown time");
		return;
	}
	time_format_utc(t, now, buf, len);
}

/* "Azure Cache for Redis in East US" for a hit; "every region" if global. */
static void
decide_where(struct buf *b, const char *service, const char *region)
{
	const struct region_info *ri;
	const char *canon;

	if (decide_empty(service))
		buf_puts(b, "all services");
	else {
		canon = services_canonical(service);
		buf_puts(b, canon != NULL ? canon : service);
	}
	if (decide_empty(region) || regions_is_global(region))
		buf_puts(b, " in every region");
	else {
		ri = regions_lookup(region);
		buf_printf(b, " in %s", ri != NULL ? ri->display : region);
	}
}

/* Where a hit applies: the matching impact, or the user's resource. */
static void
decide_hit_where(struct buf *b, const struct decide_hit *hit,
    const struct answers *ans)
{
	if (hit->unscoped && !hit->by_resource) {
		buf_puts(b, "an incident that names no service or region yet");
		return;
	}
	if (hit->by_resource && hit->service == NULL && hit->region == NULL) {
		buf_printf(b, "your resource %s (listed as impacted)",
		    ans->resource);
		return;
	}
	decide_where(b, hit->service, hit->region);
	if (hit->by_resource)
		buf_puts(b, " (your resource is listed as impacted)");
}

/* What the user chose: "Azure Cache for Redis in East US 2". */
static void
decide_choice(struct buf *b, const struct decision *d)
{
	buf_puts(b, decide_empty(d->service) ? "any service" : d->service);
	if (!decide_empty(d->region))
		buf_printf(b, " in %s", d->region);
}

/* " (latest update 09:40 UTC: text)" */
static void
decide_latest(struct buf *b, const struct incident *inc, time_t now)
{
	char when[32], *q;

	if (inc->nupdates > 0) {
		decide_format_time(inc->updates[0].time, now, when,
		    sizeof when);
		q = decide_quote(inc->updates[0].text, DECIDE_QUOTE);
		buf_printf(b, " (latest update %s: %s)", when, q);
		free(q);
	} else if (inc->last_update != 0) {
		decide_format_time(inc->last_update, now, when, sizeof when);
		if (!decide_empty(inc->title)) {
			q = decide_quote(inc->title, DECIDE_QUOTE);
			buf_printf(b, " (last updated %s: %s)", when, q);
			free(q);
		} else
			buf_printf(b, " (last updated %s)", when);
	} else if (!decide_empty(inc->title)) {
		q = decide_quote(inc->title, DECIDE_QUOTE);
		buf_printf(b, " (%s)", q);
		free(q);
	}
}

/* Up to three "service in region" pairs of an incident's active impacts. */
static void
decide_impacts(struct buf *b, const struct incident *inc)
{
	struct strv seen = { NULL, 0 };
	struct buf one;
	size_t i, shown = 0, more = 0;

	/* Channels name the same pair in their own words ("Global", none):
	 * say each pair once. */
	buf_init(&one);
	for (i = 0; i < inc->nimpacts; i++) {
		const struct impact *im = &inc->impacts[i];

		if (decide_later(im->status, inc->status) != INC_ACTIVE)
			continue;
		buf_reset(&one);
		decide_where(&one, im->service, im->region);
		if (strv_has(&seen, buf_str(&one)))
			continue;
		strv_add(&seen, buf_str(&one));
		if (shown == 3) {
			more++;
			continue;
		}
		if (shown > 0)
			buf_puts(b, ", ");
		buf_puts(b, buf_str(&one));
		shown++;
	}
	buf_free(&one);
	strv_free(&seen);
	if (shown == 0 && inc->nimpacts == 0 &&
	    (inc->services.n > 0 || inc->regions.n > 0)) {
		char *s = strv_join(&inc->services, ", ");
		char *r = strv_join(&inc->regions, ", ");

		buf_printf(b, "%s in %s", *s != '\0' ? s : "all services",
		    *r != '\0' ? r : "every region");
		free(s);
		free(r);
		shown = 1;
	}
	if (shown == 0) {
		if (!decide_empty(inc->title)) {
			char *q = decide_quote(inc->title, DECIDE_QUOTE);

			buf_puts(b, q);
			free(q);
		} else
			buf_puts(b, "unnamed services");
	}
	if (more > 0)
		buf_printf(b, " and %zu more", more);
}

static void
decide_say(struct strv *to, struct buf *b)
{
	strv_add(to, buf_str(b));
	buf_reset(b);
}

/* "also reported by status-page, x", for the channels that did not decide. */
static void
decide_corroboration(struct buf *b, const struct incident *inc,
    const struct snapshot *snap, enum chan_id decider)
{
	struct strv by = { NULL, 0 };
	const char *tid = inc->tracking_id;
	size_t i;
	int c;

	for (c = 0; c < CHAN_COUNT; c++) {
		if (c != (int)decider && (inc->sources & CHAN_BIT(c)))
			strv_add_unique(&by, chan_id_name(c));
	}
	/* The same tracking id under another key: not merged, same event. */
	for (i = 0; !decide_empty(tid) && i < snap->incidents.n; i++) {
		const struct incident *o = snap->incidents.v[i];

		if (o == inc || decide_empty(o->tracking_id) ||
		    strcasecmp(o->tracking_id, tid) != 0)
			continue;
		for (c = 0; c < CHAN_COUNT; c++) {
			if (c != (int)decider && (o->sources & CHAN_BIT(c)))
				strv_add_unique(&by, chan_id_name(c));
		}
	}
	if (by.n > 0) {
		char *j = strv_join(&by, ", ");

		buf_printf(b, "; also reported by %s", j);
		free(j);
	}
	strv_free(&by);
}

static bool
decide_usable(enum chan_state st)
{
	return st == CHAN_OK || st == CHAN_INCIDENT;
}

static void
decide_chan_sentence(struct decision *d, struct buf *b,
    const struct snapshot *snap, enum chan_id c, time_t now)
{
	const struct chan_status *cs = &snap->chans[c];
	const char *name = chan_id_name(c);
	char age[32];
	char *q;

	switch (cs->state) {
	case CHAN_OK:
	case CHAN_INCIDENT:
		buf_printf(b, "%s answered (%s", name,
		    chan_state_name(cs->state));
		if (cs->from_cache)
			buf_puts(b, ", from cache");
		if (cs->last_success != 0) {
			time_format_age(now, cs->last_success, age,
			    sizeof age);
			buf_printf(b, ", %s", age);
		}
		buf_putc(b, ')');
		break;
	case CHAN_UNREACHABLE:
	case CHAN_ERROR:
		buf_printf(b, "%s %s", name, cs->state == CHAN_ERROR ?
		    "error" : "unreachable");
		if (!decide_empty(cs->error)) {
			q = decide_quote(cs->error, 200);
			buf_printf(b, ": %s", q);
			free(q);
		}
		if (cs->last_success != 0) {
			time_format_age(now, cs->last_success, age,
			    sizeof age);
			buf_printf(b, " (last answer %s)", age);
		}
		break;
	case CHAN_UNCONFIGURED:
		buf_printf(b, "%s not configured", name);
		if (!decide_empty(cs->note)) {
			q = decide_quote(cs->note, 200);
			buf_printf(b, ": %s", q);
			free(q);
		}
		break;
	case CHAN_PENDING:
		buf_printf(b, "%s has not answered yet", name);
		break;
	}
	decide_say(&d->evidence, b);
}

static const char *
decide_type_words(enum inc_type t)
{
	switch (t) {
	case INC_PLANNED_MAINTENANCE:
		return "planned maintenance";
	case INC_HEALTH_ADVISORY:
		return "a health advisory";
	case INC_SECURITY_ADVISORY:
		return "a security advisory";
	case INC_RCA:
		return "a post-incident review";
	case INC_SERVICE_ISSUE:
	case INC_OTHER:
		break;
	}
	return "an incident";
}

/* "Virtual Machines depend", "App Service depends": a name whose last
 * word ends in a plural s (not "Bus", "Express") takes the plural. */
static bool
decide_plural(const char *name)
{
	size_t n = name != NULL ? strlen(name) : 0;

	return n > 2 && name[n - 1] == 's' && name[n - 2] != 's' &&
	    name[n - 2] != 'u';
}

/* Does another incident with the same tracking id come from the channel?
 * Service Health's own word on an event wins over the public page's. */
static bool
decide_chan_has(const struct snapshot *snap, const struct incident *inc,
    enum chan_id c)
{
	const char *tid = inc->tracking_id;
	size_t i;

	if (inc->sources & CHAN_BIT(c))
		return true;
	for (i = 0; !decide_empty(tid) && i < snap->incidents.n; i++) {
		const struct incident *o = snap->incidents.v[i];

		if (o != inc && !decide_empty(o->tracking_id) &&
		    strcasecmp(o->tracking_id, tid) == 0 &&
		    (o->sources & CHAN_BIT(c)))
			return true;
	}
	return false;
}

/* The (service, region) pairs an incident names, impacts first, else the
 * cross product of its lists; fn returns true to stop. */
static bool
decide_each_pair(const struct incident *inc,
    bool (*fn)(const char *, const char *, enum inc_status, void *),
    void *arg)
{
	size_t i, j, ns, nr;

	for (i = 0; i < inc->nimpacts; i++) {
		const struct impact *im = &inc->impacts[i];

		if (decide_later(im->status, inc->status) == INC_ACTIVE &&
		    fn(im->service, im->region, INC_ACTIVE, arg))
			return true;
	}
	if (inc->nimpacts > 0)
		return false;
	ns = inc->services.n > 0 ? inc->services.n : 1;
	nr = inc->regions.n > 0 ? inc->regions.n : 1;
	for (i = 0; i < ns; i++) {
		for (j = 0; j < nr; j++) {
			if (fn(inc->services.n > 0 ? inc->services.v[i] : NULL,
			    inc->regions.n > 0 ? inc->regions.v[j] : NULL,
			    inc->status, arg))
				return true;
		}
	}
	return false;
}

/* A near miss: this service in another region, or another service in
 * this region (or in every region). */
static bool
decide_near_pair(const char *service, const char *region,
    enum inc_status st, void *arg)
{
	const struct answers *ans = arg;

	(void)st;
	return decide_service_ok(service, ans) ||
	    decide_region_ok(region, ans);
}

/* Does the incident name a service, not only a broad area? */
static bool
decide_specific_pair(const char *service, const char *region,
    enum inc_status st, void *arg)
{
	(void)region;
	(void)st;
	(void)arg;
	return !decide_empty(service) && !depends_is_area(service);
}

struct decide_dep {
	const struct answers	*ans;
	bool			 specific;	/* names a service */
	const char		*foundation;	/* found: display name */
	const char		*region;	/* found; NULL = all */
};

static bool
decide_dep_pair(const char *service, const char *region,
    enum inc_status st, void *arg)
{
	struct decide_dep *dp = arg;
	const char *f;

	(void)st;
	if (!decide_region_ok(region, dp->ans) ||
	    (dp->specific && depends_is_area(service)))
		return false;
	f = depends_on(dp->ans->service, service, dp->ans->depends);
	if (f == NULL)
		return false;
	dp->foundation = f;
	dp->region = decide_empty(region) || regions_is_global(region) ?
	    NULL : region;
	return true;
}

/* Decide from the incidents the deciding channel reports and, when
 * Service Health decides, from the public status page as well. Sentences
 * come out in the order a reader needs them: active matches, matches on
 * the public page, dependencies, recent matches, notes (false positives,
 * old events, maintenance), near misses, then unrelated incidents. */
static void
decide_from(struct decision *d, const struct answers *ans,
    const struct snapshot *snap, enum chan_id c, bool with_page,
    time_t now)
{
	enum { S_ACTIVE, S_PUBLIC, S_DEP, S_RECENT, S_NOTE, S_NEAR, S_OTHER,
	    S_COUNT };
	struct strv say[S_COUNT], recent = { NULL, 0 }, pub = { NULL, 0 },
	    dep = { NULL, 0 };
	unsigned mask = CHAN_BIT(c);
	struct decide_hit hit;
	struct decide_dep dp;
	struct buf b;
	enum scenario scen = SCEN_NONE, pub_scen = SCEN_NONE,
	    other_scen = SCEN_NONE;
	bool active = false, persisting = false, unscoped = true;
	char when[32], since[32], age[32];
	time_t t;
	size_t i, k;

	if (with_page)
		mask |= CHAN_BIT(CHAN_STATUS_PAGE);
	memset(say, 0, sizeof say);
	buf_init(&b);
	for (i = 0; i < snap->incidents.n; i++) {
		const struct incident *inc = snap->incidents.v[i];
		const char *id = decide_incident_id(inc);
		bool own = (inc->sources & CHAN_BIT(c)) != 0;

		if (!(inc->sources & mask) || inc->early)
			continue;
		/* The page's copy of an event Service Health reports adds
		 * nothing: Service Health's own status decides. */
		if (!own && decide_chan_has(snap, inc, c))
			continue;
		decide_match(inc, ans, &hit);

		if (!decide_is_incident(inc)) {
			/* Not an incident, but worth knowing about. */
			if (!own || !hit.matched ||
			    hit.status == INC_RESOLVED || inc->type == INC_RCA)
				continue;
			buf_printf(&b, "%s: %s for ", id,
			    decide_type_words(inc->type));
			decide_hit_where(&b, &hit, ans);
			buf_puts(&b, " (not an incident)");
			decide_latest(&b, inc, now);
			decide_say(&say[S_NOTE], &b);
			continue;
		}
		if (decide_no_impact(inc)) {
			if (!hit.matched)
				continue;
			if (inc->false_positive)
				buf_printf(&b, "%s: marked a false positive by "
				    "Microsoft (your service was not "
				    "impacted); not counted", id);
			else
				buf_printf(&b, "%s: a \"No Impact\" "
				    "communication (no customer impact); not "
				    "counted", id);
			decide_say(&say[S_NOTE], &b);
			continue;
		}
		/* The page's word on what is over: Service Health decides. */
		if (!own && hit.matched && hit.status != INC_ACTIVE)
			continue;
		if (!hit.matched) {
			if (inc->status != INC_ACTIVE)
				continue;
			memset(&dp, 0, sizeof dp);
			dp.ans = ans;
			dp.specific = decide_each_pair(inc,
			    decide_specific_pair, NULL);
			if (!decide_empty(ans->service) &&
			    decide_each_pair(inc, decide_dep_pair, &dp)) {
				strv_add_unique(&dep, id);
				decide_where(&b, ans->service, ans->region);
				buf_printf(&b, " %s on %s, which has an active "
				    "incident %s: %s",
				    decide_plural(d->service) ? "depend" :
				    "depends", dp.foundation,
				    dp.region != NULL ? "there" :
				    "in every region", id);
				decide_latest(&b, inc, now);
				if (!own)
					buf_puts(&b, "; it comes from the "
					    "public status page and is not "
					    "(yet) targeted at your "
					    "subscriptions");
				decide_say(&say[S_DEP], &b);
				if (pub_scen == SCEN_NONE &&
				    (inc->sources & CHAN_BIT(CHAN_STATUS_PAGE)))
					pub_scen = inc->scenario;
				continue;
			}
			strv_add_unique(&d->others, id);
			if (decide_each_pair(inc, decide_near_pair,
			    (void *)ans)) {
				strv_add_unique(&d->near, id);
				buf_printf(&b, "%s: ", id);
				decide_impacts(&b, inc);
				buf_puts(&b, " is active");
				decide_latest(&b, inc, now);
				buf_puts(&b, "; a near miss: it does not "
				    "cover ");
				decide_choice(&b, d);
				decide_say(&say[S_NEAR], &b);
			} else {
				buf_printf(&b, "context: %s: ", id);
				decide_impacts(&b, inc);
				buf_puts(&b, " is active; unrelated to ");
				decide_choice(&b, d);
				decide_say(&say[S_OTHER], &b);
			}
			if (other_scen == SCEN_NONE)
				other_scen = inc->scenario;
			continue;
		}

		/* A match. */
		if (hit.status == INC_ACTIVE) {
			buf_printf(&b, "%s: ", id);
			decide_hit_where(&b, &hit, ans);
			buf_puts(&b, " is active");
			if (inc->mitigated != 0 && inc->mitigated <= now &&
			    inc->status == INC_ACTIVE) {
				decide_format_time(inc->mitigated, now, when,
				    sizeof when);
				buf_printf(&b, " again (reopened: it was "
				    "reported mitigated at %s)", when);
			}
			if (!hit.unscoped)
				unscoped = false;
			decide_latest(&b, inc, now);
			decide_corroboration(&b, inc, snap, c);
			if (own) {
				active = true;
				strv_add_unique(&d->matched, id);
				if (scen == SCEN_NONE)
					scen = inc->scenario;
				decide_say(&say[S_ACTIVE], &b);
			} else {
				strv_add_unique(&pub, id);
				if (pub_scen == SCEN_NONE)
					pub_scen = inc->scenario;
				buf_puts(&b, "; from the public status page: "
				    "not (yet) targeted at your subscriptions "
				    "in Service Health");
				decide_say(&say[S_PUBLIC], &b);
			}
			if (ans->since != 0 && inc->start > ans->since) {
				decide_format_time(inc->start, now, when,
				    sizeof when);
				decide_format_time(ans->since, now, since,
				    sizeof since);
				buf_printf(&b, "%s started at %s, after your "
				    "symptoms began at %s; it may still be "
				    "the cause", id, when, since);
				decide_say(&say[own ? S_ACTIVE : S_PUBLIC],
				    &b);
			}
			continue;
		}
		/* Mitigated or resolved: recent counts from when the impact
		 * ended, not from later updates (post-incident reviews). */
		t = decide_ended(inc);
		if (t == 0)
			t = decide_last_activity(inc);
		if (t != 0 && now - t > DECIDE_RECENT &&
		    !(ans->since != 0 && ans->since <= t &&
		    (inc->start == 0 || ans->since >= inc->start))) {
			decide_format_time(t, now, when, sizeof when);
			time_format_age(now, t, age, sizeof age);
			buf_printf(&b, "%s: ", id);
			decide_hit_where(&b, &hit, ans);
			buf_printf(&b, " was %s at %s (%s), more than 3 days "
			    "ago and before your symptoms began; not counted",
			    inc_status_name(hit.status), when, age);
			decide_say(&say[S_NOTE], &b);
			continue;
		}
		persisting = true;
		strv_add_unique(&recent, id);
		if (scen == SCEN_NONE)
			scen = inc->scenario;
		buf_printf(&b, "%s: ", id);
		decide_hit_where(&b, &hit, ans);
		buf_printf(&b, " is %s", inc_status_name(hit.status));
		if (t != 0) {
			decide_format_time(t, now, when, sizeof when);
			time_format_age(now, t, age, sizeof age);
			buf_printf(&b, ", impact ended %s (%s)", when, age);
		}
		if (t != 0 && now - t > DECIDE_RECENT)
			buf_puts(&b, "; your symptoms began while it was "
			    "under way");
		decide_latest(&b, inc, now);
		decide_corroboration(&b, inc, snap, c);
		decide_say(&say[S_RECENT], &b);
	}

	/* Active matches first, then the public page's, the dependencies,
	 * and the recently mitigated ones. */
	if (!active) {
		for (i = 0; i < pub.n; i++)
			strv_add_unique(&d->matched, pub.v[i]);
		if (pub.n == 0)
			for (i = 0; i < dep.n; i++)
				strv_add_unique(&d->matched, dep.v[i]);
	}
	for (i = 0; i < recent.n; i++)
		strv_add_unique(&d->matched, recent.v[i]);
	for (k = 0; k < S_COUNT; k++) {
		/* A dependency, or the public page's copy, is said only
		 * when it decides (decide_unused() names the page's). */
		if ((k == S_DEP && (active || pub.n > 0)) ||
		    (k == S_PUBLIC && active)) {
			strv_free(&say[k]);
			continue;
		}
		for (i = 0; i < say[k].n; i++)
			strv_add(&d->evidence, say[k].v[i]);
		strv_free(&say[k]);
	}

	if (active)
		d->verdict = VERDICT_AZURE_INCIDENT;
	else if (pub.n > 0) {
		d->verdict = VERDICT_AZURE_INCIDENT;
		d->public_only = c != CHAN_STATUS_PAGE;
		scen = pub_scen;
	} else if (dep.n > 0) {
		d->verdict = VERDICT_AZURE_INCIDENT;
		d->by_dependency = true;
		if (scen == SCEN_NONE)
			scen = pub_scen;
	} else if (persisting)
		d->verdict = VERDICT_MITIGATED_PERSISTING;
	else if (d->near.n > 0)
		d->verdict = VERDICT_NOT_MATCHING;
	else
		d->verdict = VERDICT_NO_KNOWN_INCIDENT;
	d->unscoped = (active || pub.n > 0) && unscoped;
	strv_free(&recent);
	strv_free(&pub);
	strv_free(&dep);

	if (c == CHAN_STATUS_PAGE || d->public_only ||
	    (d->by_dependency && scen != SCEN_NONE)) {
		d->scenario = scen != SCEN_NONE ? scen : other_scen;
		if (d->scenario != SCEN_NONE) {
			buf_printf(&b, "status page scenario (%s): %s",
			    scenario_name(d->scenario),
			    scenario_text(d->scenario));
			decide_say(&d->evidence, &b);
		}
	}
	buf_free(&b);
}

/* Matched incidents the user already has an open support ticket about:
 * the support channel joins a ticket to the incident it names. */
static void
decide_tickets(struct decision *d, const struct snapshot *snap)
{
	struct buf b;
	size_t i, j;

	buf_init(&b);
	for (i = 0; i < d->matched.n; i++) {
		for (j = 0; j < snap->incidents.n; j++) {
			const struct incident *inc = snap->incidents.v[j];

			if (!(inc->sources & CHAN_BIT(CHAN_SUPPORT)) ||
			    strcasecmp(decide_incident_id(inc),
			    d->matched.v[i]) != 0)
				continue;
			strv_add_unique(&d->ticketed, d->matched.v[i]);
			buf_printf(&b, "you already have an open support "
			    "ticket about %s (see the support pane)",
			    d->matched.v[i]);
			decide_say(&d->evidence, &b);
			break;
		}
	}
	buf_free(&b);
}

/* Incidents a channel that did not decide reports for the user's choice:
 * said, never counted. */
static void
decide_unused(struct decision *d, const struct answers *ans,
    const struct snapshot *snap, enum chan_id decider)
{
	struct decide_hit hit;
	struct buf b;
	size_t i;
	int c;

	buf_init(&b);
	for (i = 0; i < snap->incidents.n; i++) {
		const struct incident *inc = snap->incidents.v[i];
		const char *id = decide_incident_id(inc);

		if ((inc->sources & CHAN_BIT(decider)) ||
		    !decide_is_incident(inc) || decide_no_impact(inc) ||
		    strv_has(&d->matched, id))
			continue;
		decide_match(inc, ans, &hit);
		if (!hit.matched || hit.status != INC_ACTIVE)
			continue;
		for (c = 0; c < CHAN_COUNT; c++) {
			if (c == CHAN_SUPPORT || !(inc->sources & CHAN_BIT(c)))
				continue;
			if (decide_usable(snap->chans[c].state))
				buf_printf(&b, "%s also lists %s for ",
				    chan_id_name(c), id);
			else
				buf_printf(&b, "%s's last good data lists %s "
				    "for ", chan_id_name(c), id);
			decide_hit_where(&b, &hit, ans);
			buf_printf(&b, "; not used: %s decided",
			    chan_id_name(decider));
			decide_say(&d->evidence, &b);
			break;
		}
	}
	buf_free(&b);
}

/* azwatch's early warnings that match: evidence, marked as inference,
 * never a verdict. True when one is still standing. */
static bool
decide_early(struct decision *d, const struct answers *ans,
    const struct snapshot *snap, time_t now)
{
	struct decide_hit hit;
	struct buf b;
	char when[32];
	char *q;
	size_t i;
	bool standing = false;

	if (snap == NULL)
		return false;
	buf_init(&b);
	for (i = 0; i < snap->incidents.n; i++) {
		const struct incident *inc = snap->incidents.v[i];

		if (!inc->early || inc->joined != NULL ||
		    inc->status != INC_ACTIVE)
			continue;
		decide_match(inc, ans, &hit);
		if (!hit.matched)
			continue;
		decide_format_time(inc->seen[LAG_EARLY_WARNING] != 0 ?
		    inc->seen[LAG_EARLY_WARNING] : inc->last_update, now, when,
		    sizeof when);
		q = decide_quote(inc->nupdates > 0 ? inc->updates[0].text :
		    inc->title, 300);
		buf_printf(&b, "early warning (azwatch's inference from your "
		    "resources' health, not Microsoft's word) since %s: %s",
		    when, q);
		free(q);
		decide_say(&d->evidence, &b);
		standing = true;
	}
	buf_free(&b);
	return standing;
}

/* How many of a list are not Available now. */
static size_t
decide_down(const struct incident *inc, const struct strv *ids)
{
	char st[64];
	size_t i, n = 0;

	for (i = 0; i < ids->n; i++) {
		earlywarn_health_of(inc, ids->v[i], st, sizeof st);
		if (strcmp(st, "Unavailable") == 0 || strcmp(st, "Degraded") == 0)
			n++;
	}
	return n;
}

/* The matched incidents' impact on the user's resources, as Azure grades
 * it: confirmed (listed) and potential, with their health now. */
static void
decide_graded(struct decision *d, const struct snapshot *snap)
{
	const struct incident *inc;
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; snap != NULL && i < d->matched.n; i++) {
		inc = decide_find(snap, d->matched.v[i]);
		if (inc == NULL || (inc->resources.n == 0 &&
		    inc->potential.n == 0))
			continue;
		buf_printf(&b, "%s: Azure confirms %zu of your resources as "
		    "impacted (%zu down now); %zu more of yours are in the "
		    "service and region (potential; %zu down now)",
		    decide_incident_id(inc), inc->resources.n,
		    decide_down(inc, &inc->resources), inc->potential.n,
		    decide_down(inc, &inc->potential));
		decide_say(&d->evidence, &b);
	}
	buf_free(&b);
}

/* One step of the path for channel c: "1 Service Health: consulted,
 * answered 12s ago". decider: the channel the verdict came from (3:
 * none). */
static void
decide_path_chan(struct decision *d, const struct snapshot *snap,
    enum chan_id c, int step, const char *label, time_t now)
{
	const struct chan_status *cs = snap != NULL ? &snap->chans[c] : NULL;
	struct buf b;
	char age[32];
	char *q;

	buf_init(&b);
	buf_printf(&b, "%d %s: ", step, label);
	if (cs == NULL || cs->state == CHAN_PENDING)
		buf_puts(&b, "pending, no answer yet");
	else if (!cs->configured || cs->state == CHAN_UNCONFIGURED)
		buf_puts(&b, "not configured");
	else if (!(d->channels_used & CHAN_BIT(c)))
		buf_puts(&b, "not needed, an earlier step answered");
	else if (decide_usable(cs->state)) {
		buf_puts(&b, "consulted");
		if (cs->last_success != 0) {
			time_format_age(now, cs->last_success, age, sizeof age);
			buf_printf(&b, ", answered %s", age);
		}
		if (cs->from_cache)
			buf_puts(&b, " (from cache)");
	} else if (cs->timed_out)
		buf_printf(&b, "timed out%s%s", cs->error != NULL ? ", " : "",
		    cs->error != NULL ? cs->error : "");
	else {
		buf_puts(&b, "unreachable");
		if (!decide_empty(cs->error)) {
			q = decide_quote(cs->error, 80);
			buf_printf(&b, " (%s)", q);
			free(q);
		}
		if (cs->last_success != 0) {
			time_format_age(now, cs->last_success, age, sizeof age);
			buf_printf(&b, ", last answer %s", age);
		}
	}
	strv_add(&d->path, buf_str(&b));
	buf_free(&b);
}

static void
decide_path(struct decision *d, const struct snapshot *snap, time_t now)
{
	const char *ticket;
	struct buf b;

	decide_path_chan(d, snap, CHAN_SERVICE_HEALTH, 1, "Service Health",
	    now);
	decide_path_chan(d, snap, CHAN_STATUS_PAGE, 2, "Azure status page",
	    now);
	decide_path_chan(d, snap, CHAN_X, 3, "@AzureSupport on X", now);
	switch (d->verdict) {
	case VERDICT_AZURE_INCIDENT:
		ticket = d->ticketed.n > 0 ? "already open, follow it" :
		    "not needed for updates; only for help with failover";
		break;
	case VERDICT_NOT_MATCHING:
	case VERDICT_MITIGATED_PERSISTING:
		ticket = d->ticketed.n > 0 ? "already open, follow it" :
		    "recommended, raise one";
		break;
	case VERDICT_NO_KNOWN_INCIDENT:
		ticket = "only if resource health shows a platform-initiated "
		    "outage";
		break;
	default:
		ticket = "raise one now if production is down";
		break;
	}
	buf_init(&b);
	buf_printf(&b, "4 Support ticket: %s", ticket);
	strv_add(&d->path, buf_str(&b));
	buf_free(&b);
}

/* Undetermined: what the channel that answered last said then, with its
 * age, read from the data the snapshot still holds. */
static void
decide_known_before(struct decision *d, const struct answers *ans,
    const struct snapshot *snap, time_t now)
{
	static const enum chan_id order[] = {
		CHAN_SERVICE_HEALTH, CHAN_STATUS_PAGE, CHAN_X
	};
	struct snapshot *v;
	struct decision was;
	enum chan_id best = CHAN_COUNT;
	char age[32], when[32], *ids;
	struct buf b;
	size_t i;

	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		const struct chan_status *cs = &snap->chans[order[i]];

		if (cs->last_success != 0 && (best == CHAN_COUNT ||
		    cs->last_success > snap->chans[best].last_success))
			best = order[i];
	}
	if (best == CHAN_COUNT)
		return;
	/* the data as that channel last gave it: the only one usable */
	v = snapshot_dup(snap);
	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		struct chan_status *cs = &v->chans[order[i]];

		if (order[i] == best) {
			cs->state = cs->active > 0 ? CHAN_INCIDENT : CHAN_OK;
			cs->timed_out = false;
		} else
			cs->state = CHAN_UNREACHABLE;
	}
	decide(ans, v, now, &was);
	buf_init(&b);
	time_format_age(now, snap->chans[best].last_success, age, sizeof age);
	decide_format_time(snap->chans[best].last_success, now, when,
	    sizeof when);
	buf_printf(&b, "What was known %s (%s's last answer, %s): %s",
	    age, chan_id_name(best), when, verdict_name(was.verdict));
	if (was.matched.n > 0) {
		ids = strv_join(&was.matched, ", ");
		buf_printf(&b, ", matching %s", ids);
		free(ids);
	}
	buf_puts(&b, ". It may have changed since.");
	d->known_before = buf_steal(&b);
	/* `check` shows it with the evidence */
	strv_add(&d->evidence, d->known_before);
	buf_free(&b);
	decision_free(&was);
	snapshot_unref(v);
}

void
decide(const struct answers *ans, const struct snapshot *snap, time_t now,
    struct decision *d)
{
	static const enum chan_id order[] = {
		CHAN_SERVICE_HEALTH, CHAN_STATUS_PAGE, CHAN_X
	};
	static const char *answered_by[] = {
		"Service Health answered", "the status page answered",
		"X answered"
	};
	const struct region_info *ri;
	const char *canon, *next;
	struct buf b;
	size_t i, decider = 3;
	bool with_page = false;
	char when[32], age[32];

	memset(d, 0, sizeof *d);
	d->verdict = VERDICT_UNDETERMINED;
	d->scenario = SCEN_NONE;
	d->advice = decide_advice;
	d->early_warnings = snap != NULL ? snapshot_early_count(snap) : 0;

	canon = decide_empty(ans->service) ? NULL :
	    services_canonical(ans->service);
	d->service = xstrdup(canon != NULL ? canon : ans->service);
	ri = decide_empty(ans->region) ? NULL : regions_lookup(ans->region);
	d->region = xstrdup(ri != NULL ? ri->display : ans->region);

	buf_init(&b);
	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		d->channels_used |= CHAN_BIT(order[i]);
		if (snap != NULL && decide_usable(snap->chans[order[i]].state)) {
			decider = i;
			break;
		}
		d->channels_failed |= CHAN_BIT(order[i]);
	}
	/* Service Health decides, and the public page is read as well. */
	if (decider == 0) {
		d->channels_used |= CHAN_BIT(CHAN_STATUS_PAGE);
		if (decide_usable(snap->chans[CHAN_STATUS_PAGE].state))
			with_page = true;
		else
			d->channels_failed |= CHAN_BIT(CHAN_STATUS_PAGE);
	}

	if (decider < 3) {
		decide_from(d, ans, snap, order[decider], with_page, now);
		decide_unused(d, ans, snap, order[decider]);
		decide_tickets(d, snap);
	}

	if (ans->since != 0) {
		decide_format_time(ans->since, now, when, sizeof when);
		time_format_age(now, ans->since, age, sizeof age);
		buf_printf(&b, "symptoms since %s (%s)", when, age);
		decide_say(&d->evidence, &b);
	}
	if (!decide_empty(ans->resource) && decider < 3 &&
	    d->verdict != VERDICT_AZURE_INCIDENT &&
	    d->verdict != VERDICT_MITIGATED_PERSISTING) {
		buf_printf(&b, "no incident lists your resource %s as "
		    "impacted", ans->resource);
		decide_say(&d->evidence, &b);
	}

	/* Which channels answered, failed, or were not needed. */
	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		if (snap == NULL) {
			buf_printf(&b, "%s has not answered yet",
			    chan_id_name(order[i]));
			decide_say(&d->evidence, &b);
		} else if (i <= decider || (decider == 0 && i == 1))
			decide_chan_sentence(d, &b, snap, order[i], now);
		else {
			buf_printf(&b, "%s not consulted: %s",
			    chan_id_name(order[i]), answered_by[decider]);
			decide_say(&d->evidence, &b);
		}
	}

	if (decider == 3)
		d->verdict = VERDICT_UNDETERMINED;
	decide_graded(d, snap);
	next = decide_next[d->verdict];
	/* the verdict stays what Azure says; the next step does not wait */
	if (d->verdict != VERDICT_AZURE_INCIDENT &&
	    d->verdict != VERDICT_MITIGATED_PERSISTING &&
	    decide_early(d, ans, snap, now))
		next = decide_next_early;
	if (d->verdict == VERDICT_AZURE_INCIDENT) {
		if (d->unscoped)
			next = decide_next_unscoped;
		else if (d->public_only)
			next = decide_next_public;
		else if (d->by_dependency)
			next = decide_next_dependency;
	}
	/* An open ticket is said before a new one is offered. */
	if (d->ticketed.n > 0 && (d->verdict == VERDICT_AZURE_INCIDENT ||
	    d->verdict == VERDICT_MITIGATED_PERSISTING)) {
		char *ids = strv_join(&d->ticketed, ", ");

		buf_printf(&b, "You already have an open support ticket about "
		    "%s: follow it in the support pane before raising a new "
		    "one. ", ids);
		free(ids);
	}
	buf_puts(&b, next);
	d->next_step = buf_steal(&b);
	buf_free(&b);
	/* decider 3: no channel usable now (so the view it builds, with one
	 * usable, never comes back here) */
	if (d->verdict == VERDICT_UNDETERMINED && snap != NULL && decider == 3)
		decide_known_before(d, ans, snap, now);
	decide_path(d, snap, now);
}

void
decision_free(struct decision *d)
{
	if (d == NULL)
		return;
	free(d->service);
	free(d->region);
	free(d->next_step);
	strv_free(&d->matched);
	strv_free(&d->others);
	strv_free(&d->near);
	strv_free(&d->ticketed);
	strv_free(&d->evidence);
	strv_free(&d->path);
	free(d->known_before);
	d->service = d->region = d->next_step = d->known_before = NULL;
	d->advice = NULL;
}
