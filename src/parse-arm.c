/* parse-arm.c: ARM JSON answers into the incident model. Everything here
 * treats its input as hostile: depth is capped, every field is checked
 * for its type before use, and a wrong shape is a sentence, never a crash. */
#include "config.h"
#include "parse-arm.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "buf.h"
#include "derive.h"
#include "html.h"
#include "timeutil.h"
#include "jdoc.h"
#include "sanitize.h"
#include "xmalloc.h"

#define HISTORY_URL \
	"https://azure.status.microsoft/en-us/status/history/?trackingId="

/* .NET ticks at the Unix epoch, for Resource Graph's numeric times. */
#define TICKS_AT_EPOCH	621355968000000000LL

/* json helpers -------------------------------------------------------- */

/* Member by name: exact first, then ignoring case, because Resource Graph
 * writes the same fields in PascalCase. */
static struct json_object *
jget(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (o == NULL || !json_object_is_type(o, json_type_object))
		return NULL;
	if (json_object_object_get_ex(o, key, &v))
		return v;
	json_object_object_foreach(o, k, val) {
		if (strcasecmp(k, key) == 0)
			return val;
	}
	return NULL;
}

static const char *
jstr(struct json_object *o, const char *key)
{
	struct json_object *v = jget(o, key);

	if (v == NULL || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* A non-empty string or NULL. */
static const char *
jstrn(struct json_object *o, const char *key)
{
	const char *s = jstr(o, key);

	return (s != NULL && *s != '\0') ? s : NULL;
}

static struct json_object *
jarr(struct json_object *o, const char *key)
{
	struct json_object *v = jget(o, key);

	if (v == NULL || !json_object_is_type(v, json_type_array))
		return NULL;
	return v;
}

static struct json_object *
jobj(struct json_object *o, const char *key)
{
	struct json_object *v = jget(o, key);

	if (v == NULL || !json_object_is_type(v, json_type_object))
		return NULL;
	return v;
}

static bool
jbool(struct json_object *o, const char *key)
{
	struct json_object *v = jget(o, key);
	const char *s;

	if (v == NULL)
		return false;
	if (json_object_is_type(v, json_type_boolean))
		return json_object_get_boolean(v);
	if (json_object_is_type(v, json_type_string)) {
		s = json_object_get_string(v);
		return strcasecmp(s, "true") == 0;
	}
	return false;
}

/* A number given as a JSON number or a string of digits. */
static bool
jnum(struct json_object *o, const char *key, long long *out)
{
	struct json_object *v = jget(o, key);
	const char *s;
	char *end;
	long long n;
	double d;

	if (v == NULL)
		return false;
	if (json_object_is_type(v, json_type_int)) {
		*out = (long long)json_object_get_int64(v);
		return true;
	}
	if (json_object_is_type(v, json_type_double)) {
		d = json_object_get_double(v);
		if (!(d > -9e18 && d < 9e18))
			return false;
		*out = (long long)d;
		return true;
	}
	if (!json_object_is_type(v, json_type_string))
		return false;
	s = json_object_get_string(v);
	errno = 0;
	n = strtoll(s, &end, 10);
	if (end == s || errno != 0)
		return false;
	while (*end == ' ')
		end++;
	if (*end != '\0')
		return false;
	*out = n;
	return true;
}

/* A time as ISO 8601 text, or as the numbers Resource Graph gives (.NET
 * ticks, milliseconds or seconds since the epoch). Year 0001 is "none". */
static time_t
jtime(struct json_object *o, const char *key)
{
	struct json_object *v = jget(o, key);
	long long n;
	time_t t;

	if (v == NULL)
		return 0;
	if (jnum(o, key, &n)) {
		if (n <= 0)
			return 0;
		if (n > 100000000000000000LL) {	/* ticks */
			n -= TICKS_AT_EPOCH;
			if (n <= 0)
				return 0;
			n /= 10000000;
		} else if (n > 100000000000LL)	/* milliseconds */
			n /= 1000;
		return (time_t)n;
	}
	if (!json_object_is_type(v, json_type_string))
		return 0;
	if (time_parse_rfc3339(json_object_get_string(v), &t) != 0)
		return 0;
	return t < 0 ? 0 : t;
}

/* Plain text from a field that may hold HTML; caller frees, NULL if none. */
static char *
text_of(const char *s)
{
	if (s == NULL || *s == '\0')
		return NULL;
	if (strchr(s, '<') != NULL || strchr(s, '&') != NULL)
		return html_to_text(s, strlen(s));
	return xstrdup(s);
}

static void
set_next(struct json_object *root, const char *key, char **next)
{
	const char *s;

	if (next == NULL)
		return;
	*next = NULL;
	s = jstrn(root, key);
	if (s != NULL)
		*next = xstrdup(s);
}

/* The list of a {"value": [...]} answer, or NULL with a sentence. */
static struct json_object *
value_list(struct json_object *root, const char *what, char *err,
    size_t errlen)
{
	struct json_object *v;

	if (!json_object_is_type(root, json_type_object)) {
		snprintf(err, errlen, "the %s answer is not a JSON object", what);
		return NULL;
	}
	v = jarr(root, "value");
	if (v == NULL) {
		snprintf(err, errlen, "the %s answer has no \"value\" list", what);
		return NULL;
	}
	return v;
}

/* Tracking id: the event's name, else the last part of its id. */
static const char *
event_tracking_id(struct json_object *ev, struct json_object *props)
{
	const char *s, *slash;

	if ((s = jstrn(props, "trackingId")) != NULL)
		return s;
	if ((s = jstrn(ev, "name")) != NULL)
		return s;
	if ((s = jstrn(ev, "id")) != NULL) {
		slash = strrchr(s, '/');
		s = slash != NULL ? slash + 1 : s;
		if (*s != '\0')
			return s;
	}
	return NULL;
}

static enum inc_type
event_type(const char *s)
{
	if (s == NULL)
		return INC_OTHER;
	if (strcasecmp(s, "ServiceIssue") == 0)
		return INC_SERVICE_ISSUE;
	if (strcasecmp(s, "PlannedMaintenance") == 0)
		return INC_PLANNED_MAINTENANCE;
	if (strcasecmp(s, "HealthAdvisory") == 0)
		return INC_HEALTH_ADVISORY;
	if (strcasecmp(s, "SecurityAdvisory") == 0)
		return INC_SECURITY_ADVISORY;
	if (strcasecmp(s, "RCA") == 0)
		return INC_RCA;
	return INC_OTHER;
}

static enum inc_status
region_status(const char *s, enum inc_status dflt)
{
	if (s == NULL)
		return dflt;
	if (strcasecmp(s, "Active") == 0)
		return INC_ACTIVE;
	if (strcasecmp(s, "Resolved") == 0 || strcasecmp(s, "Resolve") == 0)
		return INC_RESOLVED;
	if (strcasecmp(s, "Mitigated") == 0)
		return INC_MITIGATED;
	return dflt;
}

static bool
tags_have(struct json_object *o, const char *tag)
{
	struct json_object *a = jarr(o, "eventTags");
	struct json_object *t;
	size_t i;

	for (i = 0; a != NULL && i < json_object_array_length(a); i++) {
		t = json_object_array_get_idx(a, i);
		if (json_object_is_type(t, json_type_string) &&
		    strcasecmp(json_object_get_string(t), tag) == 0)
			return true;
	}
	return false;
}

/* "Preliminary PIR" / "Final PIR" tags (on the event or an update):
 * the latest stage, first posted when. */
static void
event_pir(struct incident *inc, struct json_object *o, time_t when)
{
	enum pir_stage p = PIR_NONE;

	if (tags_have(o, "Final PIR"))
		p = PIR_FINAL;
	else if (tags_have(o, "Preliminary PIR"))
		p = PIR_PRELIMINARY;
	if (p == PIR_NONE || p < inc->pir)
		return;
	if (p > inc->pir || (when != 0 && (inc->pir_posted == 0 ||
	    when < inc->pir_posted)))
		inc->pir_posted = when;
	inc->pir = p;
}

/* Resource Graph may hand Impact over as a string holding JSON. */
static struct json_object *
impact_array(struct json_object *props, struct json_object **owned)
{
	struct json_object *v = jget(props, "impact");
	const char *s;
	char err[64];

	*owned = NULL;
	if (v == NULL)
		return NULL;
	if (json_object_is_type(v, json_type_array))
		return v;
	if (!json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	*owned = jdoc_parse(s, strlen(s), ARM_MAX_DEPTH, err, sizeof err);
	if (*owned == NULL || !json_object_is_type(*owned, json_type_array)) {
		json_object_put(*owned);
		*owned = NULL;
		return NULL;
	}
	return *owned;
}

static void
event_impacts(struct incident *inc, struct json_object *props,
    enum inc_status dflt)
{
	struct json_object *owned, *imps, *imp, *regs, *reg, *ups, *up;
	const char *service, *region;
	char *text;
	time_t t, newest = 0;
	size_t i, j, k;

	imps = impact_array(props, &owned);
	for (i = 0; imps != NULL && i < json_object_array_length(imps); i++) {
		imp = json_object_array_get_idx(imps, i);
		service = jstrn(imp, "impactedService");
		regs = jarr(imp, "impactedRegions");
		if (regs == NULL || json_object_array_length(regs) == 0) {
			if (service != NULL)
				incident_add_impact(inc, service, NULL, dflt);
			continue;
		}
		for (j = 0; j < json_object_array_length(regs); j++) {
			reg = json_object_array_get_idx(regs, j);
			if (!json_object_is_type(reg, json_type_object))
				continue;
			region = jstrn(reg, "impactedRegion");
			if (service != NULL || region != NULL) {
				incident_add_impact(inc, service, region,
				    region_status(jstr(reg, "status"), dflt));
			}
			jdoc_strings(jarr(reg, "impactedSubscriptions"),
			    SIZE_MAX, &inc->subscriptions);
			t = jtime(reg, "lastUpdateTime");
			if (t > newest)
				newest = t;
			ups = jarr(reg, "updates");
			for (k = 0; ups != NULL &&
			    k < json_object_array_length(ups); k++) {
				up = json_object_array_get_idx(ups, k);
				text = text_of(jstr(up, "summary"));
				if (text == NULL)
					continue;
				/* the same text in several regions is one update */
				incident_add_update(inc,
				    jtime(up, "updateDateTime"),
				    CHAN_SERVICE_HEALTH, text);
				free(text);
				if (tags_have(up, "False Positive"))
					inc->false_positive = true;
				event_pir(inc, up, jtime(up, "updateDateTime"));
			}
		}
	}
	if (newest > inc->last_update)
		inc->last_update = newest;
	json_object_put(owned);
}

/* The blade's facts beside the text: priority, flags, subtype, the
 * additional information and the FAQs. */
static void
event_blade(struct incident *inc, struct json_object *props)
{
	struct json_object *faqs, *q;
	long long n;
	char *qt, *at;
	size_t i;

	if (jnum(props, "priority", &n) && n >= 0 && n <= 1000)
		inc->priority = (int)n;
	inc->event_level = xstrdup(jstrn(props, "eventLevel"));
	inc->subtype = xstrdup(jstrn(props, "eventSubType"));
	inc->impact_type = xstrdup(jstrn(props, "impactType"));
	inc->platform_initiated = jbool(props, "platformInitiated");
	inc->enable_support = jbool(props, "enableMicrosoftSupport");
	inc->enable_chat = jbool(props, "enableChatWithUs");
	inc->info = text_of(jstrn(jobj(props, "additionalInformation"),
	    "message"));
	faqs = jarr(props, "faqs");
	for (i = 0; faqs != NULL && i < json_object_array_length(faqs) &&
	    i < 20; i++) {
		q = json_object_array_get_idx(faqs, i);
		qt = text_of(jstrn(q, "question"));
		at = text_of(jstrn(q, "answer"));
		if (qt != NULL) {
			char *both = xasprintf("%s\n%s", qt,
			    at != NULL ? at : "");

			strv_add_unique(&inc->faqs, both);
			free(both);
		}
		free(qt);
		free(at);
	}
}

static bool
impacts_active(const struct incident *inc)
{
	size_t i;

	for (i = 0; i < inc->nimpacts; i++) {
		if (inc->impacts[i].status == INC_ACTIVE)
			return true;
	}
	return false;
}

/* One event object into a new incident, or NULL when it has no tracking
 * id or is not an object. */
static struct incident *
event_to_incident(struct json_object *ev, time_t now)
{
	struct json_object *props;
	struct incident *inc;
	const char *id, *st;
	char *text;
	time_t t;

	if (!json_object_is_type(ev, json_type_object))
		return NULL;
	props = jobj(ev, "properties");
	if (props == NULL)
		props = ev;
	id = event_tracking_id(ev, props);
	if (id == NULL)
		return NULL;

	inc = incident_new(id);
	inc->tracking_id = xstrdup(id);
	inc->sources = CHAN_BIT(CHAN_SERVICE_HEALTH);
	inc->title = xstrdup(jstrn(props, "title"));
	text = text_of(jstrn(props, "summary"));
	if (text == NULL)
		text = text_of(jstrn(props, "description"));
	inc->summary = text;
	inc->header = xstrdup(jstrn(props, "header"));
	inc->level = xstrdup(jstrn(props, "level"));
	if (inc->level == NULL)
		inc->level = xstrdup(jstrn(props, "eventLevel"));
	inc->type = event_type(jstr(props, "eventType"));
	inc->start = jtime(props, "impactStartTime");
	inc->mitigated = jtime(props, "impactMitigationTime");
	inc->is_hir = jbool(props, "isHIR");
	event_blade(inc, props);
	inc->false_positive = tags_have(props, "False Positive");
	event_pir(inc, props, jtime(props, "lastUpdateTime"));

	st = jstr(props, "status");
	if (st != NULL && strcasecmp(st, "Resolved") == 0)
		inc->status = INC_RESOLVED;
	else if (st != NULL && strcasecmp(st, "Active") == 0 &&
	    (inc->type == INC_SERVICE_ISSUE || inc->type == INC_OTHER))
		/* Microsoft reopens incidents ("We previously reported this
		 * issue as mitigated, however ..."): an Active service issue
		 * is active whatever an earlier mitigation time says. */
		inc->status = INC_ACTIVE;
	else if (inc->mitigated != 0 && inc->mitigated <= now)
		/* maintenance and advisories end at their mitigation time */
		inc->status = INC_MITIGATED;
	else
		inc->status = INC_ACTIVE;

	/* Region statuses default to the event's own when absent. */
	event_impacts(inc, props, inc->status);
	/* An Active event whose every region Microsoft marked resolved, after
	 * the mitigation time, is mitigated; a region still Active keeps it
	 * active (a reopened incident). */
	if (inc->status == INC_ACTIVE && inc->mitigated != 0 &&
	    inc->mitigated <= now && inc->nimpacts > 0 &&
	    !impacts_active(inc))
		inc->status = INC_MITIGATED;
	/* "No Impact - ..." titles and summaries, and events tagged "False
	 * Positive" (Microsoft looked and the subscription was not
	 * impacted): one flag that no rule ever matches. */
	inc->no_impact = inc->false_positive ||
	    derive_no_impact(inc->title, inc->summary);

	t = jtime(props, "lastUpdateTime");
	if (t > inc->last_update)
		inc->last_update = t;
	if (inc->last_update == 0)
		inc->last_update = inc->start;

	text = arm_history_link(id);
	strv_add(&inc->links, text);
	free(text);
	return inc;
}

static void
list_put(struct inc_list *out, struct incident *inc)
{
	struct incident *have = inc_list_own(out, inc->key);

	if (have == NULL) {
		inc_list_add(out, inc);
		return;
	}
	incident_merge(have, inc);
	incident_free(inc);
}

/* exported ------------------------------------------------------------ */

char *
arm_history_link(const char *tracking_id)
{
	struct buf b;
	const unsigned char *p;

	buf_init(&b);
	buf_puts(&b, HISTORY_URL);
	/* tracking ids are [A-Z0-9_-]; anything else is escaped */
	for (p = (const unsigned char *)tracking_id; *p != '\0'; p++) {
		if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.')
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	return buf_steal(&b);
}

int
arm_parse_events(const char *data, size_t len, time_t now,
    struct inc_list *out, char **next_link, char *err, size_t errlen)
{
	struct json_object *root, *list;
	struct incident *inc;
	size_t i;

	if (next_link != NULL)
		*next_link = NULL;
	if ((root = jdoc_parse(data, len, ARM_MAX_DEPTH, err, errlen)) == NULL)
		return -1;
	if ((list = value_list(root, "events", err, errlen)) == NULL) {
		json_object_put(root);
		return -1;
	}
	for (i = 0; i < json_object_array_length(list); i++) {
		inc = event_to_incident(json_object_array_get_idx(list, i), now);
		if (inc != NULL)
			list_put(out, inc);
	}
	set_next(root, "nextLink", next_link);
	json_object_put(root);
	return 0;
}

int
arm_parse_event(const char *data, size_t len, time_t now,
    struct incident **out, char *err, size_t errlen)
{
	struct json_object *root;

	*out = NULL;
	if ((root = jdoc_parse(data, len, ARM_MAX_DEPTH, err, errlen)) == NULL)
		return -1;
	*out = event_to_incident(root, now);
	json_object_put(root);
	if (*out == NULL) {
		snprintf(err, errlen, "the event answer has no tracking id");
		return -1;
	}
	return 0;
}

/* "potential" when an info item about the impact says so. */
static const char *
impacted_grade(struct json_object *props)
{
	struct json_object *info, *kv;
	const char *k, *v;
	size_t i;

	info = jarr(props, "info");
	for (i = 0; info != NULL && i < json_object_array_length(info); i++) {
		kv = json_object_array_get_idx(info, i);
		k = jstrn(kv, "key");
		v = jstrn(kv, "value");
		if (k == NULL || v == NULL || strcasecmp(v, "Potential") != 0)
			continue;
		if (strcasecmp(k, "ImpactType") == 0 ||
		    strcasecmp(k, "Impact") == 0 || strcasecmp(k, "Status") == 0)
			return "potential";
	}
	return "confirmed";
}

int
arm_parse_impacted(const char *data, size_t len, struct strv *ids,
    struct strv *regions, struct strv *grades, struct strv *events,
    char **next_link, char *err, size_t errlen)
{
	struct json_object *root, *list, *row, *props;
	const char *id, *rid, *ev, *end, *region;
	char *tid;
	size_t i;

	if (next_link != NULL)
		*next_link = NULL;
	if ((root = jdoc_parse(data, len, ARM_MAX_DEPTH, err, errlen)) == NULL)
		return -1;
	if ((list = value_list(root, "impacted resources", err,
	    errlen)) == NULL) {
		json_object_put(root);
		return -1;
	}
	for (i = 0; i < json_object_array_length(list); i++) {
		row = json_object_array_get_idx(list, i);
		props = jobj(row, "properties");
		id = jstrn(props, "targetResourceId");
		if (id == NULL || strv_has(ids, id))
			continue;
		strv_add(ids, id);
		if (regions != NULL) {
			region = jstr(props, "targetRegion");
			strv_add(regions, region != NULL ? region : "");
		}
		if (grades != NULL)
			strv_add(grades, impacted_grade(props));
		if (events == NULL)
			continue;
		tid = NULL;
		rid = jstrn(row, "id");
		if (rid != NULL && (ev = strcasestr(rid, "/events/")) != NULL) {
			ev += strlen("/events/");
			end = strchr(ev, '/');
			tid = end != NULL ? xstrndup(ev, (size_t)(end - ev)) :
			    xstrdup(ev);
		}
		strv_add(events, tid != NULL ? tid : "");
		free(tid);
	}
	set_next(root, "nextLink", next_link);
	json_object_put(root);
	return 0;
}

void
arm_resource_health_free(struct resource_health *rh)
{
	if (rh == NULL)
		return;
	free(rh->id);
	free(rh->state);
	free(rh->reason_type);
	free(rh->context);
	free(rh->cause);
	free(rh->category);
	free(rh->location);
	free(rh->title);
	free(rh->summary);
	free(rh->detailed);
	strv_free(&rh->event_ids);
	strv_free(&rh->event_titles);
	memset(rh, 0, sizeof *rh);
}

static bool
word_in(const char *s, const char *w)
{
	return s != NULL && strcasestr(s, w) != NULL;
}

static void
health_fill(struct json_object *o, struct resource_health *rh)
{
	struct json_object *props, *evs, *ev, *ip;
	const char *s, *slash;
	size_t i;

	memset(rh, 0, sizeof *rh);
	props = jobj(o, "properties");
	if (props == NULL)
		props = o;
	/* the id of a resource's status ends in /providers/Microsoft.ResourceHealth/... */
	if ((s = jstrn(o, "id")) != NULL) {
		slash = strcasestr(s, "/providers/Microsoft.ResourceHealth/");
		rh->id = slash != NULL ? xstrndup(s, (size_t)(slash - s)) :
		    xstrdup(s);
	}
	rh->state = xstrdup(jstrn(props, "availabilityState"));
	rh->reason_type = xstrdup(jstrn(props, "reasonType"));
	rh->context = xstrdup(jstrn(props, "context"));
	rh->cause = xstrdup(jstrn(props, "healthEventCause"));
	rh->category = xstrdup(jstrn(props, "category"));
	if (rh->category == NULL)
		rh->category = xstrdup(jstrn(props, "healthEventCategory"));
	rh->location = xstrdup(jstrn(o, "location"));
	rh->title = xstrdup(jstrn(props, "title"));
	rh->summary = text_of(jstrn(props, "summary"));
	rh->detailed = text_of(jstrn(props, "detailedStatus"));
	rh->occurred = jtime(props, "occuredTime");
	if (rh->occurred == 0)
		rh->occurred = jtime(props, "occurredTime");
	rh->reported = jtime(props, "reportedTime");

	rh->platform = word_in(rh->context, "platform") ||
	    word_in(rh->cause, "platform");
	rh->user = word_in(rh->context, "user") ||
	    word_in(rh->context, "customer") || word_in(rh->cause, "user") ||
	    word_in(rh->reason_type, "userinitiated");
	if (rh->user && !word_in(rh->context, "platform") &&
	    !word_in(rh->cause, "platform"))
		rh->platform = false;

	evs = jarr(props, "serviceImpactingEvents");
	for (i = 0; evs != NULL && i < json_object_array_length(evs); i++) {
		ev = json_object_array_get_idx(evs, i);
		if ((s = jstrn(ev, "correlationId")) != NULL)
			strv_add_unique(&rh->event_ids, s);
		ip = jobj(ev, "incidentProperties");
		if ((s = jstrn(ip, "title")) != NULL)
			strv_add_unique(&rh->event_titles, s);
	}
}

int
arm_parse_availability(const char *data, size_t len,
    struct resource_health *out, char *err, size_t errlen)
{
	struct json_object *root;

	memset(out, 0, sizeof *out);
	if ((root = jdoc_parse(data, len, ARM_MAX_DEPTH, err, errlen)) == NULL)
		return -1;
	if (!json_object_is_type(root, json_type_object) ||
	    jobj(root, "properties") == NULL) {
		snprintf(err, errlen, "the resource health answer has no "
		    "\"properties\"");
		json_object_put(root);
		return -1;
	}
	health_fill(root, out);
	json_object_put(root);
	return 0;
}

int
arm_parse_availability_list(const char *data, size_t len,
    struct resource_health **out, size_t *n, char **next_link,
    char *err, size_t errlen)
{
	struct json_object *root, *list, *row;
	size_t i, count;

	*out = NULL;
	*n = 0;
	if (next_link != NULL)
		*next_link = NULL;
	if ((root = jdoc_parse(data, len, ARM_MAX_DEPTH, err, errlen)) == NULL)
		return -1;
	if ((list = value_list(root, "resource health", err, errlen)) == NULL) {
		json_object_put(root);
		return -1;
	}
	count = json_object_array_length(list);
	if (count > 0)
		*out = xcalloc(count, sizeof **out);
	for (i = 0; i < count; i++) {
		row = json_object_array_get_idx(list, i);
		if (!json_object_is_type(row, json_type_object))
			continue;
		health_fill(row, &(*out)[(*n)++]);
	}
	set_next(root, "nextLink", next_link);
	json_object_put(root);
	return 0;
}

int
arm_parse_graph_health(const char *data, size_t len,
    struct resource_health **out, size_t *n, char **skip_token,
    bool *truncated, char *err, size_t errlen)
{
	struct json_object *root, *rows, *row, *props;
	struct resource_health *rh;
	const char *type, *target;
	size_t i, count;

	if (skip_token != NULL)
		*skip_token = NULL;
	if (truncated != NULL)
		*truncated = false;
	if ((root = jdoc_parse(data, len, ARM_MAX_DEPTH, err, errlen)) == NULL)
		return -1;
	if (!json_object_is_type(root, json_type_object) ||
	    (rows = jarr(root, "data")) == NULL) {
		snprintf(err, errlen, "the Resource Graph answer has no \"data\" "
		    "list of rows");
		json_object_put(root);
		return -1;
	}
	count = json_object_array_length(rows);
	if (count > 0)
		*out = xreallocarray(*out, *n + count, sizeof **out);
	for (i = 0; i < count; i++) {
		row = json_object_array_get_idx(rows, i);
		if (!json_object_is_type(row, json_type_object) ||
		    (type = jstrn(row, "type")) == NULL)
			continue;
		if (strcasecmp(type,
		    "microsoft.resourcehealth/availabilitystatuses") != 0 &&
		    strcasecmp(type,
		    "microsoft.resourcehealth/resourceannotations") != 0)
			continue;
		rh = &(*out)[(*n)++];
		health_fill(row, rh);
		rh->annotation = strcasecmp(type,
		    "microsoft.resourcehealth/resourceannotations") == 0;
		/* the row's id is the status's; the resource is named apart */
		props = jobj(row, "properties");
		if ((target = jstrn(props, "targetResourceId")) != NULL) {
			free(rh->id);
			rh->id = xstrdup(target);
		}
		if (rh->annotation && rh->summary == NULL)
			rh->summary = text_of(jstrn(props, "reason"));
	}
	if (truncated != NULL)
		*truncated = jbool(root, "resultTruncated");
	set_next(root, "$skipToken", skip_token);
	json_object_put(root);
	return 0;
}

char *
arm_resource_health_line(const struct resource_health *rh)
{
	struct buf b;
	char when[32];
	const char *why = NULL;

	buf_init(&b);
	buf_puts(&b, rh->state != NULL ? rh->state : "Unknown");
	if (rh->platform)
		why = "platform-initiated";
	else if (rh->user)
		why = "user-initiated";
	if (why != NULL || rh->reason_type != NULL) {
		buf_puts(&b, " (");
		if (why != NULL)
			buf_puts(&b, why);
		if (why != NULL && rh->reason_type != NULL)
			buf_puts(&b, ", ");
		if (rh->reason_type != NULL)
			buf_puts(&b, rh->reason_type);
		buf_putc(&b, ')');
	}
	if (rh->occurred != 0) {
		time_format_rfc3339(rh->occurred, when, sizeof when);
		buf_printf(&b, " since %s", when);
	}
	if (rh->summary != NULL)
		buf_printf(&b, ": %s", rh->summary);
	else if (rh->title != NULL)
		buf_printf(&b, ": %s", rh->title);
	if (rh->event_titles.n > 0)
		buf_printf(&b, " [platform event: %s]", rh->event_titles.v[0]);
	/* one line */
	for (char *p = b.data; p != NULL && *p != '\0'; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	}
	return buf_steal(&b);
}

static struct incident *
emerging_to_incident(struct json_object *ev)
{
	struct json_object *imps, *imp, *regs, *reg;
	struct incident *inc;
	const char *id, *st, *sev, *service, *region;
	enum inc_status status;
	char *text;
	size_t i, j;

	if (!json_object_is_type(ev, json_type_object))
		return NULL;
	if ((id = jstrn(ev, "trackingId")) == NULL)
		return NULL;
	/* unpublished drafts are not the status page's word yet */
	if (jget(ev, "published") != NULL && !jbool(ev, "published"))
		return NULL;
	st = jstr(ev, "stage");
	if (st != NULL && (strcasecmp(st, "Resolve") == 0 ||
	    strcasecmp(st, "Resolved") == 0 || strcasecmp(st, "Archived") == 0))
		status = INC_RESOLVED;
	else
		status = INC_ACTIVE;

	inc = incident_new(id);
	inc->tracking_id = xstrdup(id);
	inc->sources = CHAN_BIT(CHAN_SERVICE_HEALTH);
	inc->type = INC_SERVICE_ISSUE;
	inc->status = status;
	inc->title = xstrdup(jstrn(ev, "title"));
	inc->summary = text_of(jstrn(ev, "description"));
	sev = jstrn(ev, "severity");
	inc->level = sev != NULL ? xasprintf("%s %s", ARM_EMERGING_LEVEL, sev) :
	    xstrdup(ARM_EMERGING_LEVEL);
	inc->start = jtime(ev, "startTime");
	inc->last_update = jtime(ev, "lastModifiedTime");
	if (inc->last_update == 0)
		inc->last_update = inc->start;
	/* the lag record: when it was published, not when azwatch looked
	 * (publishedTime where given, else its startTime); lag_stamp keeps
	 * the earlier of this and its own look */
	inc->seen[LAG_EMERGING] = jtime(ev, "publishedTime");
	if (inc->seen[LAG_EMERGING] == 0)
		inc->seen[LAG_EMERGING] = inc->start;

	imps = jarr(ev, "impacts");
	for (i = 0; imps != NULL && i < json_object_array_length(imps); i++) {
		imp = json_object_array_get_idx(imps, i);
		service = jstrn(imp, "name");
		regs = jarr(imp, "regions");
		if (regs == NULL || json_object_array_length(regs) == 0) {
			if (service != NULL)
				incident_add_impact(inc, service, NULL, status);
			continue;
		}
		for (j = 0; j < json_object_array_length(regs); j++) {
			reg = json_object_array_get_idx(regs, j);
			region = jstrn(reg, "name");
			if (service != NULL || region != NULL)
				incident_add_impact(inc, service, region, status);
		}
	}
	if (inc->summary != NULL)
		incident_add_update(inc, inc->last_update, CHAN_SERVICE_HEALTH,
		    inc->summary);
	inc->no_impact = derive_no_impact(inc->title, inc->summary);
	text = arm_history_link(id);
	strv_add(&inc->links, text);
	free(text);
	return inc;
}

int
arm_parse_emerging(const char *data, size_t len, struct inc_list *out,
    struct strv *banners, char *err, size_t errlen)
{
	struct json_object *root, *list, *item, *props, *evs, *bans, *ban;
	struct incident *inc;
	const char *title;
	char *msg;
	size_t i, j;

	if ((root = jdoc_parse(data, len, ARM_MAX_DEPTH, err, errlen)) == NULL)
		return -1;
	/* the list, or the single "default" object */
	list = jarr(root, "value");
	if (list == NULL && jobj(root, "properties") == NULL) {
		snprintf(err, errlen, "the emerging issues answer has neither "
		    "\"value\" nor \"properties\"");
		json_object_put(root);
		return -1;
	}
	for (i = 0; i < (list != NULL ? json_object_array_length(list) : 1);
	    i++) {
		item = list != NULL ? json_object_array_get_idx(list, i) : root;
		props = jobj(item, "properties");
		evs = jarr(props, "statusActiveEvents");
		for (j = 0; evs != NULL && j < json_object_array_length(evs);
		    j++) {
			inc = emerging_to_incident(
			    json_object_array_get_idx(evs, j));
			if (inc != NULL)
				list_put(out, inc);
		}
		bans = jarr(props, "statusBanners");
		for (j = 0; banners != NULL && bans != NULL &&
		    j < json_object_array_length(bans); j++) {
			ban = json_object_array_get_idx(bans, j);
			title = jstrn(ban, "title");
			msg = text_of(jstrn(ban, "message"));
			if (title != NULL || msg != NULL) {
				char *line = xasprintf("%s%s%s",
				    title != NULL ? title : "",
				    title != NULL && msg != NULL ? ": " : "",
				    msg != NULL ? msg : "");
				strv_add(banners, line);
				free(line);
			}
			free(msg);
		}
	}
	json_object_put(root);
	return 0;
}

int
arm_parse_graph(const char *data, size_t len, time_t now,
    struct inc_list *out, char **skip_token, bool *truncated,
    char *err, size_t errlen)
{
	struct json_object *root, *rows, *row;
	struct incident *inc;
	const char *sub;
	size_t i;

	if (skip_token != NULL)
		*skip_token = NULL;
	if (truncated != NULL)
		*truncated = false;
	if ((root = jdoc_parse(data, len, ARM_MAX_DEPTH, err, errlen)) == NULL)
		return -1;
	if (!json_object_is_type(root, json_type_object) ||
	    (rows = jarr(root, "data")) == NULL) {
		/* objectArray is what we ask for; a table means a wrong shape */
		snprintf(err, errlen, "the Resource Graph answer has no \"data\" "
		    "list of rows");
		json_object_put(root);
		return -1;
	}
	for (i = 0; i < json_object_array_length(rows); i++) {
		row = json_object_array_get_idx(rows, i);
		inc = event_to_incident(row, now);
		if (inc == NULL)
			continue;
		if ((sub = jstrn(row, "subscriptionId")) != NULL)
			strv_add_unique(&inc->subscriptions, sub);
		list_put(out, inc);
	}
	if (truncated != NULL)
		*truncated = jbool(root, "resultTruncated");
	set_next(root, "$skipToken", skip_token);
	json_object_put(root);
	return 0;
}

int
arm_parse_subscriptions(const char *data, size_t len, struct strv *ids,
    char **next_link, char *err, size_t errlen)
{
	return arm_parse_subscription_names(data, len, ids, NULL, next_link,
	    err, errlen);
}

int
arm_parse_subscription_names(const char *data, size_t len, struct strv *ids,
    struct subnames *names, char **next_link, char *err, size_t errlen)
{
	struct json_object *root, *list, *row;
	const char *id, *state, *slash;
	size_t i;

	if (next_link != NULL)
		*next_link = NULL;
	if ((root = jdoc_parse(data, len, ARM_MAX_DEPTH, err, errlen)) == NULL)
		return -1;
	if ((list = value_list(root, "subscriptions", err, errlen)) == NULL) {
		json_object_put(root);
		return -1;
	}
	for (i = 0; i < json_object_array_length(list); i++) {
		row = json_object_array_get_idx(list, i);
		state = jstr(row, "state");
		/* a disabled subscription answers every read with an error */
		if (state != NULL && (strcasecmp(state, "Disabled") == 0 ||
		    strcasecmp(state, "Deleted") == 0))
			continue;
		id = jstrn(row, "subscriptionId");
		if (id == NULL && (id = jstrn(row, "id")) != NULL) {
			slash = strrchr(id, '/');
			id = slash != NULL ? slash + 1 : id;
		}
		if (id != NULL && *id != '\0') {
			strv_add_unique(ids, id);
			if (names != NULL)
				subnames_add(names, id,
				    jstrn(row, "displayName"));
		}
	}
	set_next(root, "nextLink", next_link);
	json_object_put(root);
	return 0;
}

/* Remote text in an error stays on one line without controls. */
static void
oneline(char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
	}
}

/* Copy the first line of s into err, after prefix. */
static void
first_line(char *err, size_t errlen, const char *prefix, const char *s)
{
	size_t n = strcspn(s, "\r\n");

	if (n > 400)
		n = 400;
	snprintf(err, errlen, "%s%.*s", prefix, (int)n, s);
	if (errlen > 0)
		oneline(err);
}

/* az writes expiresOn as local time without a zone. */
static time_t
local_time(const char *s)
{
	struct tm tm;
	char *end;

	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%d %H:%M:%S", &tm);
	if (end == NULL)
		return 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

int
arm_parse_token(const char *data, size_t len, time_t now, char **token,
    time_t *expires, char *err, size_t errlen)
{
	struct json_object *root;
	const char *tok, *code, *desc;
	long long n;
	time_t t = 0;

	*token = NULL;
	*expires = 0;
	if ((root = jdoc_parse(data, len, ARM_MAX_DEPTH, err, errlen)) == NULL)
		return -1;
	if (!json_object_is_type(root, json_type_object)) {
		snprintf(err, errlen, "the token answer is not a JSON object");
		json_object_put(root);
		return -1;
	}
	tok = jstrn(root, "access_token");
	if (tok == NULL)
		tok = jstrn(root, "accessToken");
	if (tok == NULL) {
		code = jstrn(root, "error");
		desc = jstrn(root, "error_description");
		if (code != NULL) {
			char prefix[160];

			snprintf(prefix, sizeof prefix, "%.100s%s", code,
			    desc != NULL ? ": " : "");
			first_line(err, errlen, prefix, desc != NULL ? desc : "");
		} else
			snprintf(err, errlen, "the token answer has no access token");
		json_object_put(root);
		return -1;
	}
	if (strpbrk(tok, " \t\r\n") != NULL) {
		snprintf(err, errlen, "the token answer holds a malformed token");
		json_object_put(root);
		return -1;
	}
	/* absolute expiry first (IMDS, az), then relative (AAD), then az's
	 * local time */
	if (jnum(root, "expires_on", &n) && n > 0)
		t = (time_t)n;
	else if (jnum(root, "expires_in", &n) && n > 0 && n < 100000000)
		t = now + (time_t)n;
	else if (jstrn(root, "expiresOn") != NULL)
		t = local_time(jstr(root, "expiresOn"));
	if (t <= 0)
		t = now + 15 * 60;	/* unknown: assume short-lived */
	*token = xstrdup(tok);
	*expires = t;
	json_object_put(root);
	return 0;
}

void
arm_error_text(const char *data, size_t len, long status, char *err,
    size_t errlen)
{
	struct json_object *root, *e;
	const char *code = NULL, *msg = NULL;
	char prefix[160], sub[8];

	if (status > 0)
		snprintf(prefix, sizeof prefix, "HTTP %ld", status);
	else
		snprintf(prefix, sizeof prefix, "the answer");
	root = jdoc_parse(data, len, ARM_MAX_DEPTH, sub, sizeof sub);
	if (root != NULL && json_object_is_type(root, json_type_object)) {
		e = jget(root, "error");
		if (e != NULL && json_object_is_type(e, json_type_object)) {
			code = jstrn(e, "code");
			msg = jstrn(e, "message");
		} else if (e != NULL && json_object_is_type(e, json_type_string)) {
			code = json_object_get_string(e);
			msg = jstrn(root, "error_description");
		} else {
			code = jstrn(root, "code");
			msg = jstrn(root, "message");
		}
	}
	if (code != NULL) {
		size_t n = strlen(prefix);

		snprintf(prefix + n, sizeof prefix - n, " %.100s", code);
	}
	if (msg != NULL) {
		size_t n = strlen(prefix);

		snprintf(prefix + n, sizeof prefix - n, ": ");
		first_line(err, errlen, prefix, msg);
	} else
		snprintf(err, errlen, "%s", prefix);
	if (errlen > 0) {
		oneline(err);
		sanitize_redact_str(err);	/* a server may echo a secret */
	}
	json_object_put(root);
}
