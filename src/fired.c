/* fired.c: the user's fired Azure Monitor alerts. Per subscription,
 * Alerts_GetAll (monitorCondition=Fired, the last day), or one Resource
 * Graph query over alertsmanagementresources when there are many
 * subscriptions; then the regions of the alerts' resources from Resource
 * Graph's resources table, kept between polls. Each alert's verdict is
 * decide()'s, with since = when it fired. */
#include "config.h"
#include "fired.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "arm.h"
#include "buf.h"
#include "chan.h"
#include "checkrun.h"
#include "jdoc.h"
#include "parse-arm.h"
#include "regions.h"
#include "restype.h"
#include "sanitize.h"
#include "timeutil.h"
#include "xmalloc.h"

#define FIRED_PAGE_CAP		20	/* pages per listing */
#define FIRED_MAX		500	/* alerts kept */
#define FIRED_LOC_TTL		(6 * 3600)	/* regions rarely move */
#define FIRED_LOC_BATCH		100	/* ids per resources query */

#define FIRED_GRAPH_QUERY \
	"alertsmanagementresources" \
	" | where type =~ 'microsoft.alertsmanagement/alerts'" \
	" | where tostring(properties.essentials.monitorCondition) =~ 'Fired'" \
	" | where todatetime(properties.essentials.startDateTime) > ago(1d)" \
	" | project id, name, subscriptionId, properties"

struct fired {
	struct strv	 loc;		/* "lower-case id\tlocation" */
	time_t		 loc_at;
	struct fired_set *last;		/* the last set read in full */
};

/* parsing ------------------------------------------------------------- */

static const char *
last_segment(const char *s)
{
	const char *e, *p;
	size_t n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	while (n > 0 && s[n - 1] == '/')
		n--;
	e = s + n;
	for (p = e; p > s && p[-1] != '/'; p--)
		;
	return p < e ? p : NULL;
}

static char *
segment_dup(const char *s)
{
	const char *p = last_segment(s);
	size_t n;

	if (p == NULL)
		return NULL;
	n = strcspn(p, "/");
	return xstrndup(p, n);
}

/* One alert object (an Alerts_GetAll value or a Resource Graph row); 0
 * when kept or skipped, never fails on a field it lacks. */
static void
fired_row(struct json_object *row, struct fired_set *set)
{
	struct json_object *props, *ess;
	struct fired_alert a;
	const char *s, *cond, *target, *type;
	char buf[256];

	props = jdoc_get(row, "properties");
	ess = jdoc_get(props, "essentials");
	if (ess == NULL || set->n >= FIRED_MAX)
		return;
	cond = jdoc_str(ess, "monitorCondition");
	if (cond != NULL && strcasecmp(cond, "Fired") != 0)
		return;
	target = jdoc_str(ess, "targetResource");
	memset(&a, 0, sizeof a);
	a.severity = -1;
	a.id = xstrdup(jdoc_str(row, "id"));
	s = jdoc_str(ess, "alertRule");
	a.rule = segment_dup(s);
	if (a.rule == NULL)
		a.rule = xstrdup(jdoc_str(row, "name"));
	s = jdoc_str(ess, "severity");
	if (s != NULL && strncasecmp(s, "Sev", 3) == 0 && s[3] >= '0' &&
	    s[3] <= '4' && s[4] == '\0')
		a.severity = s[3] - '0';
	a.resource = xstrdup(target);
	if (restype_of_id(target, buf, sizeof buf))
		a.resource_type = xstrdup(buf);
	else if ((type = jdoc_str(ess, "targetResourceType")) != NULL &&
	    strchr(type, '/') != NULL)
		a.resource_type = xstrdup(type);
	a.service = xstrdup(restype_service(a.resource_type));
	if (restype_id_part(target, "subscriptions", buf, sizeof buf))
		a.subscription = xstrdup(buf);
	else if (restype_id_part(a.id, "subscriptions", buf, sizeof buf))
		a.subscription = xstrdup(buf);
	else
		a.subscription = xstrdup(jdoc_str(row, "subscriptionId"));
	if (restype_id_part(target, "resourceGroups", buf, sizeof buf))
		a.resource_group = xstrdup(buf);
	else
		a.resource_group = xstrdup(jdoc_str(ess,
		    "targetResourceGroup"));
	s = jdoc_str(ess, "startDateTime");
	if (s == NULL || time_parse_rfc3339(s, &a.start) == -1)
		a.start = 0;
	a.monitor = xstrdup(jdoc_str(ess, "monitorService"));
	if (a.id == NULL) {
		fired_alert_free(&a);
		return;
	}
	set->v = xreallocarray(set->v, set->n + 1, sizeof *set->v);
	set->v[set->n++] = a;
}

static int
fired_rows(const char *data, size_t len, const char *list_key,
    const char *next_key, void (*fn)(struct json_object *, void *), void *arg,
    char **next, char *err, size_t errlen)
{
	struct json_object *root, *list, *n;
	size_t i;

	*next = NULL;
	if ((root = jdoc_parse(data, len, ARM_MAX_DEPTH, err, errlen)) == NULL)
		return -1;
	if ((list = jdoc_array(root, list_key)) == NULL) {
		snprintf(err, errlen, "the answer has no \"%s\" list", list_key);
		json_object_put(root);
		return -1;
	}
	for (i = 0; i < json_object_array_length(list); i++)
		fn(json_object_array_get_idx(list, i), arg);
	n = jdoc_get(root, next_key);
	if (n != NULL && json_object_is_type(n, json_type_string) &&
	    json_object_get_string_len(n) > 0)
		*next = xstrdup(json_object_get_string(n));
	json_object_put(root);
	return 0;
}

static void
fired_row_cb(struct json_object *row, void *arg)
{
	fired_row(row, arg);
}

int
fired_parse_list(const char *data, size_t len, struct fired_set *set,
    char **next, char *err, size_t errlen)
{
	return fired_rows(data, len, "value", "nextLink", fired_row_cb, set,
	    next, err, errlen);
}

int
fired_parse_graph(const char *data, size_t len, struct fired_set *set,
    char **skip, char *err, size_t errlen)
{
	return fired_rows(data, len, "data", "$skipToken", fired_row_cb, set,
	    skip, err, errlen);
}

static void
loc_row_cb(struct json_object *row, void *arg)
{
	struct strv *out = arg;
	const char *id = jdoc_str(row, "id"), *loc = jdoc_str(row, "location");
	char *pair, *p;

	if (id == NULL || loc == NULL || *loc == '\0' || strchr(id, '\t') ||
	    strchr(loc, '\t'))
		return;
	pair = xasprintf("%s\t%s", id, loc);
	for (p = pair; *p != '\t'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	strv_add(out, pair);
	free(pair);
}

int
fired_parse_locations(const char *data, size_t len, struct strv *out,
    char **skip, char *err, size_t errlen)
{
	return fired_rows(data, len, "data", "$skipToken", loc_row_cb, out,
	    skip, err, errlen);
}

/* reading ------------------------------------------------------------- */

struct fired *
fired_new(void)
{
	return xcalloc(1, sizeof(struct fired));
}

void
fired_free(struct fired *f)
{
	if (f == NULL)
		return;
	strv_free(&f->loc);
	fired_set_unref(f->last);
	free(f);
}

static bool
denied_error(const struct arm_error *e)
{
	return e->kind == ARM_ERR_STATUS && e->status == 403;
}

/* One Resource Graph query through the ARM client, $skipToken pages. */
static int
graph_run(struct poll_ctx *ctx, const struct strv *subs, const char *query,
    arm_graph_page_fn fn, void *arg, bool *truncated, struct arm_error *e)
{
	enum arm_graph_end end;
	int pages, rc;

	rc = arm_graph(ctx->arm, ctx->http, ctx->abort, subs, query,
	    FIRED_PAGE_CAP, fn, arg, &pages, &end, e);
	if (rc == 0 && end != ARM_GRAPH_ALL)
		*truncated = true;
	return rc;
}

static int
list_page(const char *data, size_t len, void *arg, char **next, char *err,
    size_t errlen)
{
	return fired_parse_list(data, len, arg, next, err, errlen);
}

static int
graph_page(const char *data, size_t len, void *arg, char **next, char *err,
    size_t errlen)
{
	return fired_parse_graph(data, len, arg, next, err, errlen);
}

static int
loc_page(const char *data, size_t len, void *arg, char **next, char *err,
    size_t errlen)
{
	return fired_parse_locations(data, len, arg, next, err, errlen);
}

/* Per subscription, all at once. */
static void
read_by_subscription(struct poll_ctx *ctx, const struct strv *subs,
    struct fired_set *set)
{
	struct arm_list *lists;
	struct fired_set **parts;
	char **urls, *esub;
	size_t i, j, failed = 0, denied = 0;
	const char *first = NULL;

	lists = xcalloc(subs->n, sizeof *lists);
	parts = xcalloc(subs->n, sizeof *parts);
	urls = xcalloc(subs->n, sizeof *urls);
	for (i = 0; i < subs->n; i++) {
		esub = http_escape(subs->v[i]);
		urls[i] = xasprintf("%s/subscriptions/%s/providers/"
		    "Microsoft.AlertsManagement/alerts?api-version="
		    FIRED_API_VERSION "&monitorCondition=Fired&timeRange=1d",
		    arm_endpoint(ctx->arm), esub);
		free(esub);
		parts[i] = fired_set_new();
		lists[i].url = urls[i];
		lists[i].what = "fired alerts";
		lists[i].fn = list_page;
		lists[i].arg = parts[i];
		lists[i].max_pages = FIRED_PAGE_CAP;
	}
	arm_list_many(ctx->arm, ctx->http, ctx->abort, lists, subs->n);
	for (i = 0; i < subs->n; i++) {
		if (lists[i].err.kind == ARM_ERR_NONE) {
			set->truncated |= lists[i].truncated;
			for (j = 0; j < parts[i]->n; j++) {
				set->v = xreallocarray(set->v, set->n + 1,
				    sizeof *set->v);
				set->v[set->n++] = parts[i]->v[j];
			}
			parts[i]->n = 0;
		} else if (denied_error(&lists[i].err)) {
			denied++;
			strv_add(&set->denied, subs->v[i]);
		} else {
			failed++;
			if (first == NULL)
				first = lists[i].err.msg;
		}
	}
	if (subs->n > 0 && denied == subs->n)
		set->state = FIRED_DENIED;
	else if (subs->n > 0 && denied + failed == subs->n && failed > 0)
		set->state = FIRED_FAILED;
	else
		set->state = FIRED_OK;
	if (failed > 0)
		set->error = xasprintf("fired alerts of %zu subscription%s "
		    "could not be read: %s", failed, failed == 1 ? "" : "s",
		    first);
	for (i = 0; i < subs->n; i++) {
		fired_set_unref(parts[i]);
		free(urls[i]);
	}
	free(parts);
	free(urls);
	free(lists);
}

static void
read_by_graph(struct poll_ctx *ctx, const struct strv *subs,
    struct fired_set *set)
{
	struct arm_error e;
	size_t i;

	memset(&e, 0, sizeof e);
	if (graph_run(ctx, subs, FIRED_GRAPH_QUERY, graph_page, set,
	    &set->truncated, &e) == 0) {
		set->state = FIRED_OK;
		return;
	}
	if (denied_error(&e)) {
		set->state = FIRED_DENIED;
		for (i = 0; i < subs->n; i++)
			strv_add(&set->denied, subs->v[i]);
	} else {
		set->state = FIRED_FAILED;
		set->error = xasprintf("fired alerts could not be read: %s",
		    e.msg);
	}
}

static const char *
loc_find(const struct fired *f, const char *id)
{
	size_t i, n = strlen(id);

	for (i = 0; i < f->loc.n; i++) {
		if (strncasecmp(f->loc.v[i], id, n) == 0 &&
		    f->loc.v[i][n] == '\t')
			return f->loc.v[i] + n + 1;
	}
	return NULL;
}

/* Only ids made of what ARM ids are made of go into a query: the id is
 * remote text, and KQL must not read any of it as code. */
static bool
loc_id_ok(const char *id)
{
	const char *p;

	if (id == NULL || *id != '/' || strlen(id) > 1024)
		return false;
	for (p = id; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-()", *p) != NULL))
			return false;
	}
	return true;
}

/* The regions of the alerts' resources: what is cached, then one query
 * for the rest. A failure leaves them unknown (the verdict says so). */
static void
resolve_regions(struct fired *f, struct poll_ctx *ctx,
    const struct strv *subs, struct fired_set *set)
{
	struct strv want = { 0 }, got = { 0 };
	struct arm_error e;
	struct buf q;
	const char *loc;
	bool trunc = false;
	size_t i;

	if (f->loc_at != 0 && ctx->now - f->loc_at > FIRED_LOC_TTL) {
		strv_free(&f->loc);
		f->loc_at = 0;
	}
	for (i = 0; i < set->n; i++) {
		const char *id = set->v[i].resource;

		if (loc_id_ok(id) && restype_of_id(id, (char[2]){ 0 }, 2) &&
		    loc_find(f, id) == NULL && !strv_has(&want, id) &&
		    want.n < FIRED_LOC_BATCH)
			strv_add(&want, id);
	}
	if (want.n > 0) {
		buf_init(&q);
		buf_puts(&q, "resources | where id in~ (");
		for (i = 0; i < want.n; i++)
			buf_printf(&q, "%s'%s'", i > 0 ? ", " : "", want.v[i]);
		buf_puts(&q, ") | project id, location");
		memset(&e, 0, sizeof e);
		if (graph_run(ctx, subs, buf_str(&q), loc_page, &got, &trunc,
		    &e) == 0) {
			for (i = 0; i < got.n; i++)
				strv_add(&f->loc, got.v[i]);
			if (f->loc_at == 0)
				f->loc_at = ctx->now;
		}
		buf_free(&q);
	}
	for (i = 0; i < set->n; i++) {
		if (set->v[i].resource != NULL &&
		    (loc = loc_find(f, set->v[i].resource)) != NULL) {
			free(set->v[i].region);
			set->v[i].region = xstrdup(loc);
		}
	}
	strv_free(&want);
	strv_free(&got);
}

struct fired_set *
fired_poll(struct fired *f, struct poll_ctx *ctx, const struct strv *subs,
    bool graph, const struct restype_map *types)
{
	struct fired_set *set = fired_set_new();
	size_t i;

	set->at = ctx->now;
	if (subs->n == 0)
		set->state = FIRED_OK;
	else if (graph)
		read_by_graph(ctx, subs, set);
	else
		read_by_subscription(ctx, subs, set);
	if (set->state == FIRED_FAILED && f->last != NULL) {
		/* the last good list, next to the error */
		set->v = xcalloc(f->last->n + 1, sizeof *set->v);
		for (i = 0; i < f->last->n; i++)
			fired_alert_copy(&set->v[i], &f->last->v[i]);
		set->n = f->last->n;
		set->at = f->last->at;
	}
	/* where ARM's words enter the model: no echoed secret passes */
	sanitize_redact_str(set->error);
	if (set->state == FIRED_OK && set->n > 0)
		resolve_regions(f, ctx, subs, set);
	for (i = 0; i < set->n && types != NULL; i++) {
		/* Support's list may name a type the table does not */
		free(set->v[i].service);
		set->v[i].service = xstrdup(restype_map_service(types,
		    set->v[i].resource_type));
	}
	fired_set_sort(set);
	if (set->state == FIRED_OK) {
		fired_set_unref(f->last);
		f->last = fired_set_ref(set);
	}
	return set;
}

/* filters and verdicts -------------------------------------------------- */

bool
fired_shown(const struct fired_alert *a, const struct cfg *cfg,
    unsigned sev_mask, const char *sub, const char *rg)
{
	unsigned mask = sev_mask != 0 ? sev_mask :
	    (cfg != NULL ? cfg->alerts_severities : 0x7);

	/* an alert of no known severity is shown: hiding it could hide
	 * the one that matters */
	if (a->severity >= 0 && !(mask & (1u << a->severity)))
		return false;
	if (sub != NULL) {
		if (a->subscription == NULL || strcasecmp(sub,
		    a->subscription) != 0)
			return false;
	} else if (cfg != NULL && cfg->alerts_subscriptions.n > 0 &&
	    (a->subscription == NULL ||
	    !strv_has(&cfg->alerts_subscriptions, a->subscription)))
		return false;
	if (rg != NULL) {
		if (a->resource_group == NULL || strcasecmp(rg,
		    a->resource_group) != 0)
			return false;
	} else if (cfg != NULL && cfg->alerts_resource_groups.n > 0 &&
	    (a->resource_group == NULL ||
	    !strv_has(&cfg->alerts_resource_groups, a->resource_group)))
		return false;
	return true;
}

void
fired_answers(const struct fired_alert *a, const struct strv *depends,
    struct answers *out)
{
	memset(out, 0, sizeof *out);
	/* a type with no known service still gets a verdict: nothing will
	 * match it, and the evidence says why */
	out->service = a->service != NULL ? a->service :
	    (a->resource_type != NULL ? a->resource_type : "");
	out->region = a->region != NULL ? a->region : "";
	out->resource = a->resource;
	out->since = a->start;
	out->depends = depends;
}

void
fired_decide(const struct fired_alert *a, const struct snapshot *s,
    const struct strv *depends, unsigned waiting, int timeout, time_t now,
    struct decision *out)
{
	struct answers ans;
	struct strv ev = { 0 };
	char when[48], *line;
	size_t i;

	fired_answers(a, depends, &ans);
	(void)checkrun_decide(&ans, s, waiting, timeout, now, out);
	if (a->start != 0)
		decide_format_time(a->start, now, when, sizeof when);
	else
		snprintf(when, sizeof when, "an unknown time");
	line = xasprintf("Alert %s (%s) fired at %s on %s", a->rule != NULL ?
	    a->rule : "?", fired_severity_name(a->severity), when,
	    a->resource != NULL ? a->resource : "no resource");
	strv_add(&ev, line);
	free(line);
	if (a->service == NULL) {
		line = xasprintf("Resource type %s has no known Service Health "
		    "service: no incident can be matched to it",
		    a->resource_type != NULL ? a->resource_type : "(none)");
		strv_add(&ev, line);
		free(line);
	}
	if (a->region == NULL) {
		strv_add(&ev, "The resource's region is not known (Resource "
		    "Graph did not name it)");
	}
	for (i = 0; i < out->evidence.n; i++)
		strv_add(&ev, out->evidence.v[i]);
	strv_free(&out->evidence);
	out->evidence = ev;
}

void
fired_lag(struct snapshot *s, const struct strv *depends, time_t now)
{
	const struct fired_alert *a;
	struct incident *inc;
	struct answers ans;
	struct decision d;
	size_t i, j, k;

	for (i = 0; s->fired != NULL && i < s->fired->n; i++) {
		a = &s->fired->v[i];
		if (a->start == 0 || a->service == NULL)
			continue;
		fired_answers(a, depends, &ans);
		decide(&ans, s, now, &d);
		for (j = 0; d.verdict == VERDICT_AZURE_INCIDENT &&
		    j < d.matched.n; j++) {
			for (k = 0; k < s->incidents.n; k++) {
				inc = s->incidents.v[k];
				if (strcmp(decide_incident_id(inc),
				    d.matched.v[j]) != 0 ||
				    (inc->seen[LAG_ALERT] != 0 &&
				    inc->seen[LAG_ALERT] <= a->start))
					continue;
				inc_list_own_at(&s->incidents, k)->
				    seen[LAG_ALERT] = a->start;
			}
		}
		decision_free(&d);
	}
}

int
fired_verdict_rank(enum verdict v)
{
	switch (v) {
	case VERDICT_AZURE_INCIDENT:
		return 4;
	case VERDICT_MITIGATED_PERSISTING:
		return 3;
	case VERDICT_NOT_MATCHING:
		return 2;
	case VERDICT_UNDETERMINED:
		return 1;
	case VERDICT_NO_KNOWN_INCIDENT:
		return 0;
	}
	return 0;
}
