/* chan-health.c: the Service Health channel. Signs in, lists the user's
 * subscriptions, reads Microsoft.ResourceHealth events per subscription
 * (or one Resource Graph query when there are many), names the user's
 * impacted resources, adds emerging issues and, for --resource, that
 * resource's health; all within ARM's read budget. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "alerts.h"
#include "arm.h"
#include "availability.h"
#include "buf.h"
#include "chan.h"
#include "fired.h"
#include "parse-arm.h"
#include "restype.h"
#include "ticket.h"
#include "timeutil.h"
#include "xmalloc.h"

#define RH_API		"2025-05-01"
#define SUBS_API	"2022-12-01"
#define PAGE_CAP	20		/* pages per listing */
#define IMPACTED_CAP	10		/* impactedResources calls per poll */
#define SUBS_TTL	1800		/* re-list subscriptions this often */
#define READS_LOW_WAIT	300		/* fewer than ARM_READS_LOW left */
#define TYPES_TTL	86400		/* re-read Support's service list */
#define TYPES_RETRY	600		/* ... after it failed */

#define GRAPH_QUERY \
	"ServiceHealthResources" \
	" | where type =~ 'Microsoft.ResourceHealth/events'" \
	" | project id, name, subscriptionId, properties"

/* Impacted resources already fetched for one event in one subscription;
 * fetched again only when the event changes. */
struct imp_entry {
	char		*key;		/* "sub/trackingid" */
	time_t		 last_update;
	struct strv	 ids;
	struct strv	 grades;	/* "confirmed" or "potential", per id */
	bool		 seen;		/* in this poll */
};

#define ALERTS_TTL		1800	/* re-audit alert rules every 30 min */
#define ALERTS_MAX_SUBS		20

struct health {
	struct strv	 subs;		/* listed, when none are configured */
	time_t		 subs_at;
	char		*alerts_note;	/* "alerts: ready", NULL before audit */
	char		*alerts_detail;	/* a line per subscription */
	time_t		 alerts_at;
	struct imp_entry *imp;
	size_t		 nimp;
	struct availability *av;	/* the early warning's reading */
	struct fired	*fired;		/* fired alerts: the region cache */
	/* resource types to services: Support's service list over the
	 * built-in table, for the fired alerts and the early warning */
	struct restype_map *types;
	time_t		 types_at;	/* last asked */
};

/* One poll's state. */
struct call {
	struct health	*hs;
	struct poll_ctx	*ctx;
	const char	*arm;		/* endpoint without trailing slash */
	size_t		 subs_failed;	/* subscriptions whose events failed */
	struct buf	 detail;
};

/* Why a call failed, for the caller to decide how much it matters. */
struct arm_fail {
	enum chan_state	 state;
	int		 retry_after;
	bool		 fatal;		/* throttled, sign-in refused: stop the poll */
	bool		 bad;		/* a malformed answer (loop, bad JSON) */
	char		 msg[768];
};

/* What the ARM client said, as this channel weighs it. */
static void
fail_from(const struct arm_error *e, struct arm_fail *f)
{
	memset(f, 0, sizeof *f);
	snprintf(f->msg, sizeof f->msg, "%s", e->msg);
	f->state = CHAN_ERROR;
	switch (e->kind) {
	case ARM_ERR_NONE:
		break;
	case ARM_ERR_UNCONFIGURED:
		f->state = CHAN_UNCONFIGURED;
		f->fatal = true;
		break;
	case ARM_ERR_SIGNIN_DOWN:
	case ARM_ERR_ABORTED:
		f->state = CHAN_UNREACHABLE;
		f->fatal = true;
		break;
	case ARM_ERR_SIGNIN:
		f->fatal = true;
		break;
	case ARM_ERR_TRANSPORT:
		f->state = CHAN_UNREACHABLE;
		break;
	case ARM_ERR_THROTTLED:
		f->fatal = true;
		f->retry_after = e->retry_after;
		break;
	case ARM_ERR_STATUS:
		if (e->status == 401)
			f->fatal = true;
		else if (e->status >= 300 && e->status < 400)
			f->bad = true;	/* a proxy or portal in the way */
		else if (e->status >= 500)
			f->state = CHAN_UNREACHABLE;
		break;
	case ARM_ERR_POLICY:
	case ARM_ERR_BAD:
		f->bad = true;
		break;
	}
}

static bool
health_configured(const struct cfg *cfg, char *why, size_t len)
{
	switch (cfg->auth) {
	case AUTH_TOKEN:
		if (cfg->access_token == NULL || *cfg->access_token == '\0') {
			snprintf(why, len, "auth = token needs "
			    "AZWATCH_ACCESS_TOKEN in the environment");
			return false;
		}
		return true;
	case AUTH_CLIENT_SECRET:
		if (cfg->tenant_id == NULL || cfg->client_id == NULL ||
		    cfg->client_secret == NULL) {
			snprintf(why, len, "auth = client-secret needs "
			    "AZURE_TENANT_ID, AZURE_CLIENT_ID and "
			    "AZURE_CLIENT_SECRET (or tenant_id, client_id and "
			    "client_secret_file in [azure])");
			return false;
		}
		return true;
	case AUTH_AUTO:
	case AUTH_AZURE_CLI:
	case AUTH_MANAGED_IDENTITY:
		/* only trying tells; a failure says what to set */
		return true;
	}
	return true;
}

/* Were Service Health alerts configured beforehand? Rules change rarely:
 * audit at most every ALERTS_TTL seconds. */
static void
health_alerts(struct health *hs, struct poll_ctx *ctx, const struct strv *subs)
{
	struct alerts_audit_result *res;
	size_t ready = 0, none = 0;
	struct buf d;
	char *line;
	size_t i, n, known = 0;

	if (hs->alerts_at != 0 && ctx->now - hs->alerts_at < ALERTS_TTL)
		return;
	n = subs->n < ALERTS_MAX_SUBS ? subs->n : ALERTS_MAX_SUBS;
	buf_init(&d);
	res = xcalloc(n > 0 ? n : 1, sizeof *res);
	/* every subscription at once */
	alerts_audit_many(ctx->arm, ctx->http, ctx->abort,
	    (const char *const *)subs->v, n, res);
	for (i = 0; i < n; i++) {
		const char *sub = subs->v[i];

		if (!res[i].ok) {
			buf_printf(&d, "%salerts: unknown (%s)", d.len ? "\n" : "",
			    res[i].err);
			continue;
		}
		known++;
		if (res[i].rep.level == ALERTS_READY)
			ready++;
		else if (res[i].rep.level == ALERTS_NONE)
			none++;
		line = alerts_line(&res[i].rep);
		/* several subscriptions: name each by its tail */
		buf_printf(&d, "%s%s%s%s", d.len ? "\n" : "", line,
		    n > 1 ? " in \xe2\x80\xa6" : "",
		    n > 1 ? sub + (strlen(sub) > 8 ? strlen(sub) - 8 : 0) : "");
		free(line);
		alerts_report_free(&res[i].rep);
	}
	free(res);
	free(hs->alerts_note);
	free(hs->alerts_detail);
	/* ready only when every subscription is; none only when none is */
	if (known == 0)
		hs->alerts_note = NULL;
	else if (ready == known)
		hs->alerts_note = xstrdup("alerts: ready");
	else if (none == known)
		hs->alerts_note = xstrdup("alerts: none");
	else
		hs->alerts_note = xasprintf("alerts: partial (ready in %zu of "
		    "%zu subscriptions)", ready, known);
	hs->alerts_detail = d.len > 0 ? buf_steal(&d) : NULL;
	buf_free(&d);
	hs->alerts_at = known > 0 ? ctx->now : 0;
}

static void *
health_create(const struct cfg *cfg)
{
	struct health *hs = xcalloc(1, sizeof *hs);

	hs->av = availability_new(cfg);
	hs->fired = fired_new();
	return hs;
}

static void
health_destroy(void *arg)
{
	struct health *hs = arg;
	size_t i;

	strv_free(&hs->subs);
	free(hs->alerts_note);
	free(hs->alerts_detail);
	for (i = 0; i < hs->nimp; i++) {
		free(hs->imp[i].key);
		strv_free(&hs->imp[i].ids);
		strv_free(&hs->imp[i].grades);
	}
	free(hs->imp);
	availability_free(hs->av);
	fired_free(hs->fired);
	restype_map_free(hs->types);
	free(hs);
}

/* requests -------------------------------------------------------------- */

/* A listing through the ARM client; a cut-off listing is noted. */
static void
list_init(struct arm_list *l, const char *url, const char *what,
    arm_page_fn fn, void *arg)
{
	memset(l, 0, sizeof *l);
	l->url = url;
	l->what = what;
	l->fn = fn;
	l->arg = arg;
	l->max_pages = PAGE_CAP;
}

static void
list_note(struct call *cl, const struct arm_list *l)
{
	if (l->truncated)
		buf_printf(&cl->detail, "%s: stopped after %d pages\n", l->what,
		    l->pages);
}

static int
health_list(struct call *cl, const char *url, const char *what,
    arm_page_fn fn, void *arg, struct arm_fail *f)
{
	struct arm_list l;

	list_init(&l, url, what, fn, arg);
	if (arm_list(cl->ctx->arm, cl->ctx->http, cl->ctx->abort, &l) == -1) {
		fail_from(&l.err, f);
		return -1;
	}
	list_note(cl, &l);
	return 0;
}

/* subscriptions --------------------------------------------------------- */

static int
subs_page(const char *data, size_t len, void *arg, char **next, char *err,
    size_t errlen)
{
	return arm_parse_subscriptions(data, len, arg, next, err, errlen);
}

static int
get_subscriptions(struct call *cl, const struct strv **out,
    struct arm_fail *f)
{
	struct health *hs = cl->hs;
	struct strv fresh = { 0 };
	char *url;
	int rc;

	if (cl->ctx->cfg->subscriptions.n > 0) {
		*out = &cl->ctx->cfg->subscriptions;
		return 0;
	}
	if (hs->subs_at != 0 && cl->ctx->now - hs->subs_at < SUBS_TTL) {
		*out = &hs->subs;
		return 0;
	}
	url = xasprintf("%s/subscriptions?api-version=" SUBS_API, cl->arm);
	rc = health_list(cl, url, "subscriptions", subs_page, &fresh, f);
	free(url);
	if (rc == -1) {
		strv_free(&fresh);
		return -1;
	}
	strv_free(&hs->subs);
	hs->subs = fresh;
	hs->subs_at = cl->ctx->now;
	*out = &hs->subs;
	return 0;
}

/* the first round: events, emerging issues, resource health ------------- */

struct events_arg {
	struct inc_list	 incs;
	const char	*sub;
	time_t		 now;
	char		*url;
};

static int
events_page(const char *data, size_t len, void *arg, char **next,
    char *err, size_t errlen)
{
	struct events_arg *ea = arg;
	struct inc_list page = { 0 };
	size_t i;

	if (arm_parse_events(data, len, ea->now, &page, next, err,
	    errlen) == -1)
		return -1;
	/* the event came back for this subscription */
	for (i = 0; i < page.n; i++)
		strv_add_unique(&page.v[i]->subscriptions, ea->sub);
	inc_list_merge(&ea->incs, &page);
	inc_list_clear(&page);
	return 0;
}

struct emerging_arg {
	struct inc_list	 em;
	struct strv	 banners;
};

static int
emerging_page(const char *data, size_t len, void *arg, char **next,
    char *err, size_t errlen)
{
	struct emerging_arg *a = arg;

	*next = NULL;
	return arm_parse_emerging(data, len, &a->em, &a->banners, err, errlen);
}

static int
svc_page(const char *data, size_t len, void *arg, char **next, char *err,
    size_t errlen)
{
	return ticket_parse_choices(data, len, arg, next, err, errlen);
}

struct avail_arg {
	struct resource_health	 rh;
	bool			 have;
};

static int
avail_page(const char *data, size_t len, void *arg, char **next,
    char *err, size_t errlen)
{
	struct avail_arg *a = arg;

	*next = NULL;
	if (a->have)
		return 0;
	if (arm_parse_availability(data, len, &a->rh, err, errlen) == -1)
		return -1;
	a->have = true;
	return 0;
}

/* The events of every subscription in one Resource Graph query, its
 * $skipToken pages followed by the ARM client. */
struct graph_events {
	time_t		 now;
	struct inc_list	*out;
	bool		 truncated;
};

static int
graph_events_page(const char *data, size_t len, void *arg, char **skip,
    char *err, size_t errlen)
{
	struct graph_events *ge = arg;

	return arm_parse_graph(data, len, ge->now, ge->out, skip,
	    &ge->truncated, err, errlen);
}

/* Everything that needs only the subscriptions, at once: each
 * subscription's events (or the Resource Graph query that reads them
 * all), the emerging issues, the availability of the user's resources
 * for the early warning, for --resource its health and, now and then,
 * Support's service list (the resource types of each service). */
struct round {
	struct events_arg	*ea;
	size_t			 nsubs;
	struct graph_events	 ge;
	struct emerging_arg	 em;
	struct avail_arg	 av;
	struct availability_read *avr;
	struct ticket_choices	 svc;	/* Support's service list */
	struct arm_list		*lists;
	size_t			 n;
	size_t			 ge_i, em_i, av_i, svc_i; /* SIZE_MAX: not asked */
	char			*em_url, *av_url, *svc_url;
};

static void
round_run(struct call *cl, const struct strv *subs, bool graph,
    struct inc_list *out, struct round *rd)
{
	const struct cfg *cfg = cl->ctx->cfg;
	struct arm_list *avl;
	char mdy[32], *esc, *sub;
	size_t i, k = 0, navl;

	memset(rd, 0, sizeof *rd);
	rd->nsubs = graph ? 0 : subs->n;
	rd->ea = xcalloc(rd->nsubs + 1, sizeof *rd->ea);
	rd->avr = availability_begin(cl->hs->av, cl->arm, subs, &avl, &navl);
	rd->lists = xcalloc(rd->nsubs + 4 + navl, sizeof *rd->lists);
	time_format_mdy(cl->ctx->now - (time_t)cfg->lookback_days * 86400,
	    mdy, sizeof mdy);
	esc = http_escape(mdy);
	for (i = 0; i < rd->nsubs; i++) {
		sub = http_escape(subs->v[i]);
		rd->ea[i].sub = subs->v[i];
		rd->ea[i].now = cl->ctx->now;
		rd->ea[i].url = xasprintf("%s/subscriptions/%s/providers/"
		    "Microsoft.ResourceHealth/events?api-version=" RH_API
		    "&queryStartTime=%s", cl->arm, sub, esc);
		free(sub);
		list_init(&rd->lists[k++], rd->ea[i].url, "events", events_page,
		    &rd->ea[i]);
	}
	free(esc);
	rd->ge_i = SIZE_MAX;
	if (graph && subs->n > 0) {
		rd->ge.now = cl->ctx->now;
		rd->ge.out = out;
		rd->ge_i = k;
		list_init(&rd->lists[k], NULL, "Resource Graph",
		    graph_events_page, &rd->ge);
		rd->lists[k].graph_query = GRAPH_QUERY;
		rd->lists[k++].graph_subs = subs;
	}
	rd->em_url = xasprintf("%s/providers/Microsoft.ResourceHealth/"
	    "emergingIssues?api-version=" RH_API, cl->arm);
	rd->em_i = k;
	list_init(&rd->lists[k++], rd->em_url, "emerging issues",
	    emerging_page, &rd->em);
	rd->av_i = SIZE_MAX;
	if (cfg->resource != NULL && *cfg->resource != '\0') {
		rd->av_url = xasprintf("%s%s%s/providers/Microsoft.ResourceHealth/"
		    "availabilityStatuses/current?api-version=" RH_API, cl->arm,
		    *cfg->resource == '/' ? "" : "/", cfg->resource);
		rd->av_i = k;
		list_init(&rd->lists[k++], rd->av_url, "resource health",
		    avail_page, &rd->av);
	}
	rd->svc_i = SIZE_MAX;
	if ((cl->ctx->fired || navl > 0) && (cl->hs->types_at == 0 ||
	    cl->ctx->now - cl->hs->types_at >= (cl->hs->types != NULL ?
	    TYPES_TTL : TYPES_RETRY))) {
		rd->svc_url = xasprintf("%s/providers/Microsoft.Support/"
		    "services?api-version=" TICKET_API_VERSION, cl->arm);
		rd->svc_i = k;
		list_init(&rd->lists[k++], rd->svc_url, "Support services",
		    svc_page, &rd->svc);
	}
	/* the early warning's listings go last: after the round they are
	 * copied back to availability's own */
	for (i = 0; i < navl; i++)
		rd->lists[k + i] = avl[i];
	rd->n = k + navl;
	arm_list_many(cl->ctx->arm, cl->ctx->http, cl->ctx->abort, rd->lists,
	    rd->n);
	for (i = 0; i < navl; i++)
		avl[i] = rd->lists[k + i];
}

static void
round_free(struct round *rd)
{
	size_t i;

	for (i = 0; i < rd->nsubs; i++) {
		inc_list_clear(&rd->ea[i].incs);
		free(rd->ea[i].url);
	}
	free(rd->ea);
	free(rd->lists);
	inc_list_clear(&rd->em.em);
	strv_free(&rd->em.banners);
	if (rd->av.have)
		arm_resource_health_free(&rd->av.rh);
	free(rd->em_url);
	free(rd->av_url);
	free(rd->svc_url);
	ticket_choices_free(&rd->svc);
	availability_read_free(rd->avr);	/* NULL once judged */
}

/* Per subscription. A subscription that fails is named in the detail;
 * only when every one fails, or one is throttled, refused or malformed,
 * does the poll fail. */
static int
events_by_subscription(struct call *cl, struct round *rd,
    struct inc_list *out, struct arm_fail *f)
{
	struct arm_fail one, first;
	size_t i, failed = 0;

	memset(&first, 0, sizeof first);
	for (i = 0; i < rd->nsubs; i++) {
		const struct arm_list *l = &rd->lists[i];

		if (l->err.kind == ARM_ERR_NONE) {
			list_note(cl, l);
			inc_list_merge(out, &rd->ea[i].incs);
			continue;
		}
		fail_from(&l->err, &one);
		if (failed++ == 0)
			first = one;
		if (one.fatal || one.bad) {
			*f = one;
			return -1;
		}
		cl->subs_failed++;
		buf_printf(&cl->detail, "subscription %s: %s\n", rd->ea[i].sub,
		    one.msg);
	}
	if (rd->nsubs > 0 && failed == rd->nsubs) {
		*f = first;
		return -1;
	}
	return 0;
}

static int
events_by_graph(struct call *cl, struct round *rd, struct inc_list *out,
    struct arm_fail *f)
{
	const struct arm_list *l = &rd->lists[rd->ge_i];
	time_t oldest;
	size_t i;

	if (l->repeated) {
		memset(f, 0, sizeof *f);
		f->state = CHAN_ERROR;
		snprintf(f->msg, sizeof f->msg, "Resource Graph repeats a "
		    "$skipToken; stopped after %d pages", l->pages);
		return -1;
	}
	if (l->err.kind != ARM_ERR_NONE) {
		fail_from(&l->err, f);
		return -1;
	}
	if (l->truncated)
		buf_printf(&cl->detail, "Resource Graph: stopped after "
		    "%d pages\n", PAGE_CAP);
	if (rd->ge.truncated)
		buf_printf(&cl->detail, "Resource Graph: results truncated\n");

	/* the query has no time window: apply the look-back here */
	oldest = cl->ctx->now - (time_t)cl->ctx->cfg->lookback_days * 86400;
	for (i = 0; i < out->n;) {
		struct incident *inc = out->v[i];

		if (inc->status != INC_ACTIVE && inc->last_update != 0 &&
		    inc->last_update < oldest) {
			incident_free(inc);
			memmove(&out->v[i], &out->v[i + 1],
			    (out->n - i - 1) * sizeof *out->v);
			out->n--;
		} else
			i++;
	}
	return 0;
}

/* impacted resources ---------------------------------------------------- */

static struct imp_entry *
imp_find(struct health *hs, const char *key)
{
	size_t i;

	for (i = 0; i < hs->nimp; i++) {
		if (strcmp(hs->imp[i].key, key) == 0)
			return &hs->imp[i];
	}
	hs->imp = xreallocarray(hs->imp, hs->nimp + 1, sizeof *hs->imp);
	memset(&hs->imp[hs->nimp], 0, sizeof *hs->imp);
	hs->imp[hs->nimp].key = xstrdup(key);
	return &hs->imp[hs->nimp++];
}

/* Forget entries of events no longer listed. */
static void
imp_prune(struct health *hs)
{
	size_t i, j = 0;

	for (i = 0; i < hs->nimp; i++) {
		if (hs->imp[i].seen) {
			hs->imp[i].seen = false;
			hs->imp[j++] = hs->imp[i];
		} else {
			free(hs->imp[i].key);
			strv_free(&hs->imp[i].ids);
			strv_free(&hs->imp[i].grades);
		}
	}
	hs->nimp = j;
}

/* One impactedResources listing to fetch. */
struct imp_job {
	size_t		 entry;		/* index into hs->imp */
	const char	*tracking_id;
	time_t		 last_update;
	char		*url;
	struct strv	 ids;
	struct strv	 grades;
};

/* Azure's grade of each listed resource, confirmed or potential */
static int
imp_page(const char *data, size_t len, void *arg, char **next, char *err,
    size_t errlen)
{
	struct imp_job *job = arg;

	return arm_parse_impacted(data, len, &job->ids, NULL, &job->grades,
	    NULL, next, err, errlen);
}

/* The active service issues' impacted resources, for each subscription
 * the event came back for, all at once; only for events that changed. */
static int
impacted_resources(struct call *cl, const struct strv *subs,
    struct inc_list *incs, struct arm_fail *f)
{
	struct health *hs = cl->hs;
	struct imp_job jobs[IMPACTED_CAP];
	struct arm_list lists[IMPACTED_CAP];
	struct imp_entry *e;
	struct incident *inc;
	char *key, *esub, *etid;
	size_t i, j, k, nj = 0;
	int rc = 0;

	for (i = 0; i < incs->n; i++) {
		inc = incs->v[i];
		if (inc->type != INC_SERVICE_ISSUE || inc->status != INC_ACTIVE ||
		    inc->tracking_id == NULL)
			continue;
		for (j = 0; j < inc->subscriptions.n; j++) {
			if (!strv_has(subs, inc->subscriptions.v[j]))
				continue;
			key = xasprintf("%s/%s", inc->subscriptions.v[j],
			    inc->tracking_id);
			e = imp_find(hs, key);
			free(key);
			e->seen = true;
			if ((e->last_update == inc->last_update &&
			    e->last_update != 0) || nj == IMPACTED_CAP)
				continue;
			memset(&jobs[nj], 0, sizeof jobs[nj]);
			jobs[nj].entry = (size_t)(e - hs->imp);
			jobs[nj].tracking_id = inc->tracking_id;
			jobs[nj].last_update = inc->last_update;
			esub = http_escape(inc->subscriptions.v[j]);
			etid = http_escape(inc->tracking_id);
			jobs[nj].url = xasprintf("%s/subscriptions/%s/providers/"
			    "Microsoft.ResourceHealth/events/%s/"
			    "impactedResources?api-version=" RH_API, cl->arm,
			    esub, etid);
			free(esub);
			free(etid);
			nj++;
		}
	}
	for (k = 0; k < nj; k++)
		list_init(&lists[k], jobs[k].url, "impacted resources",
		    imp_page, &jobs[k]);
	if (nj > 0)
		arm_list_many(cl->ctx->arm, cl->ctx->http, cl->ctx->abort, lists,
		    nj);
	for (k = 0; k < nj; k++) {
		e = &hs->imp[jobs[k].entry];
		if (lists[k].err.kind != ARM_ERR_NONE) {
			fail_from(&lists[k].err, f);
			if (f->fatal)
				rc = -1;
			else
				buf_printf(&cl->detail, "impacted resources of "
				    "%s: %s\n", jobs[k].tracking_id, f->msg);
		} else {
			list_note(cl, &lists[k]);
			strv_free(&e->ids);
			strv_free(&e->grades);
			e->ids = jobs[k].ids;
			e->grades = jobs[k].grades;
			memset(&jobs[k].ids, 0, sizeof jobs[k].ids);
			memset(&jobs[k].grades, 0, sizeof jobs[k].grades);
			e->last_update = jobs[k].last_update;
		}
		strv_free(&jobs[k].ids);
		strv_free(&jobs[k].grades);
		free(jobs[k].url);
	}
	if (rc == -1)
		return -1;

	/* name them on the incidents (a snapshot may share one: own it) */
	for (i = 0; i < incs->n; i++) {
		inc = incs->v[i];
		if (inc->type != INC_SERVICE_ISSUE || inc->status != INC_ACTIVE ||
		    inc->tracking_id == NULL)
			continue;
		inc = inc_list_own_at(incs, i);
		for (j = 0; j < inc->subscriptions.n; j++) {
			if (!strv_has(subs, inc->subscriptions.v[j]))
				continue;
			key = xasprintf("%s/%s", inc->subscriptions.v[j],
			    inc->tracking_id);
			e = imp_find(hs, key);
			free(key);
			for (k = 0; k < e->ids.n; k++)
				strv_add_unique(k < e->grades.n && strcmp(
				    e->grades.v[k], "potential") == 0 ?
				    &inc->potential : &inc->resources,
				    e->ids.v[k]);
		}
		if (inc->resources.n > 0) {
			buf_printf(&cl->detail, "%s names %zu of your "
			    "resource%s\n", inc->tracking_id, inc->resources.n,
			    inc->resources.n == 1 ? "" : "s");
		}
	}
	imp_prune(hs);
	return 0;
}

/* emerging issues and resource health ----------------------------------- */

static int
emerging(struct call *cl, struct round *rd, struct inc_list *out,
    struct arm_fail *f)
{
	const struct arm_list *l = &rd->lists[rd->em_i];
	struct inc_list *em = &rd->em.em;
	size_t i, j;

	if (l->err.kind != ARM_ERR_NONE) {
		fail_from(&l->err, f);
		return -1;
	}
	/* an event from the subscriptions says more than its mirror; the
	 * mirror's publication stays in the event's lag record */
	for (i = 0; i < em->n; i++) {
		time_t pub = em->v[i]->seen[LAG_EMERGING];

		if (inc_list_find(out, em->v[i]->key) == NULL) {
			inc_list_add(out, em->v[i]);
			em->v[i] = NULL;
			continue;
		}
		for (j = 0; pub != 0 && j < out->n; j++) {
			if (strcmp(out->v[j]->key, em->v[i]->key) == 0 &&
			    (out->v[j]->seen[LAG_EMERGING] == 0 ||
			    pub < out->v[j]->seen[LAG_EMERGING]))
				inc_list_own_at(out, j)->seen[LAG_EMERGING] =
				    pub;
		}
	}
	inc_list_clear(em);	/* the moved ones are NULL */
	for (i = 0; i < rd->em.banners.n; i++)
		buf_printf(&cl->detail, "banner: %s\n", rd->em.banners.v[i]);
	return 0;
}

static void
resource_health(struct call *cl, struct round *rd)
{
	const struct arm_list *l;
	char *line;

	if (rd->av_i == SIZE_MAX)
		return;
	l = &rd->lists[rd->av_i];
	if (l->err.kind != ARM_ERR_NONE)
		buf_printf(&cl->detail, "resource health: %s\n", l->err.msg);
	else if (rd->av.have) {
		line = arm_resource_health_line(&rd->av.rh);
		buf_printf(&cl->detail, "resource health: %s\n", line);
		free(line);
	}
}

/* Support's service list, when the round asked for it, becomes the map
 * from resource types to services; a failure keeps the last one (or the
 * built-in table) and is said in the detail. */
static void
resource_types(struct call *cl, struct round *rd)
{
	const struct arm_list *l;
	struct restype_map *m;
	size_t i, j;

	if (rd->svc_i == SIZE_MAX)
		return;
	cl->hs->types_at = cl->ctx->now;
	l = &rd->lists[rd->svc_i];
	if (l->err.kind != ARM_ERR_NONE) {
		buf_printf(&cl->detail, "resource types: Support's service "
		    "list: %s (%s)\n", l->err.msg, cl->hs->types != NULL ?
		    "the last one read is used" : "the built-in table is used");
		return;
	}
	m = restype_map_new();
	for (i = 0; i < rd->svc.n; i++) {
		for (j = 0; j < rd->svc.v[i].types.n; j++)
			restype_map_add(m, rd->svc.v[i].types.v[j],
			    rd->svc.v[i].name);
	}
	restype_map_free(cl->hs->types);
	cl->hs->types = m;
}

/* The user's resources' availability, judged against every incident
 * Azure posted (this channel's and the others'). */
static void
early_warning(struct call *cl, struct round *rd, struct inc_list *out)
{
	struct inc_list azure = { 0 };

	inc_list_merge(&azure, out);
	if (cl->ctx->known != NULL)
		inc_list_merge(&azure, cl->ctx->known);
	availability_end(cl->hs->av, rd->avr, &azure, cl->hs->types,
	    cl->ctx->now, out, &cl->detail);
	rd->avr = NULL;
	inc_list_clear(&azure);
}

/* poll ------------------------------------------------------------------ */

/* "ARM reads left: 11,980" as the note's or the error's company. */
static void
budget_note(struct call *cl, struct buf *note)
{
	char *b = arm_budget_text(cl->ctx->arm);

	if (b == NULL)
		return;
	buf_printf(note, "%s%s", note->len > 0 ? ", " : "", b);
	free(b);
}

static void
fail(struct chan_result *res, const struct arm_fail *f, struct call *cl)
{
	struct buf note;

	chan_result_fail(res, f->state, "%s", f->msg);
	res->retry_after = f->retry_after;
	/* the pane shows what to set where, not an outage */
	if (f->state == CHAN_UNCONFIGURED) {
		res->note = xstrdup(f->msg);
		return;
	}
	buf_init(&note);
	budget_note(cl, &note);
	res->note = note.len > 0 ? buf_steal(&note) : NULL;
	buf_free(&note);
}

static void
health_poll(void *arg, struct poll_ctx *ctx, struct chan_result *res)
{
	struct health *self = arg;
	const struct cfg *cfg = ctx->cfg;
	const struct strv *subs = NULL, none = { 0 };
	struct call cl;
	struct arm_fail f;
	struct arm_error e;
	struct round rd;
	struct buf note;
	const char *method;
	bool graph, have_round = false;
	long left;

	memset(&cl, 0, sizeof cl);
	memset(&f, 0, sizeof f);
	cl.hs = self;
	cl.ctx = ctx;
	cl.arm = arm_endpoint(ctx->arm);
	buf_init(&cl.detail);

	/* sign in first: nothing else makes sense without it */
	if (arm_sign_in(ctx->arm, ctx->http, ctx->abort, &e) == -1) {
		fail_from(&e, &f);
		fail(res, &f, &cl);
		goto out;
	}
	if (get_subscriptions(&cl, &subs, &f) == -1) {
		fail(res, &f, &cl);
		goto out;
	}
	graph = subs->n > 0 && (int)subs->n > cfg->graph_threshold;
	/* everything that needs only the subscriptions, in one round */
	round_run(&cl, subs->n > 0 ? subs : &none, graph || subs->n == 0,
	    &res->incidents, &rd);
	have_round = true;
	resource_types(&cl, &rd);
	if (subs->n > 0) {
		if ((graph ? events_by_graph(&cl, &rd, &res->incidents, &f) :
		    events_by_subscription(&cl, &rd, &res->incidents, &f)) == -1 ||
		    impacted_resources(&cl, subs, &res->incidents, &f) == -1) {
			fail(res, &f, &cl);
			goto out;
		}
	} else
		buf_puts(&cl.detail, "no subscriptions are visible to this "
		    "identity\n");
	if (emerging(&cl, &rd, &res->incidents, &f) == -1) {
		if (f.fatal) {
			fail(res, &f, &cl);
			goto out;
		}
		buf_printf(&cl.detail, "emerging issues: %s\n", f.msg);
	}
	resource_health(&cl, &rd);
	early_warning(&cl, &rd, &res->incidents);
	/* a verdict does not need the alert-rule audit */
	if (!ctx->minimal)
		health_alerts(self, ctx, subs);
	if (self->alerts_detail != NULL)
		buf_printf(&cl.detail, "%s\n", self->alerts_detail);
	/* the user's fired alerts, on this channel's cadence */
	if (ctx->fired)
		res->fired = fired_poll(self->fired, ctx, subs, graph,
		    self->types);

	buf_init(&note);
	method = arm_method(ctx->arm);
	buf_printf(&note, "signed in with %s", method != NULL ? method : "?");
	buf_printf(&note, ", %zu subscription%s%s", subs->n,
	    subs->n == 1 ? "" : "s", graph ? " (Resource Graph)" : "");
	if (cl.subs_failed > 0)
		buf_printf(&note, " (%zu failing)", cl.subs_failed);
	budget_note(&cl, &note);
	left = arm_reads_left(ctx->arm);
	if (left >= 0 && left < ARM_READS_LOW) {
		/* leave the budget to refill rather than run it dry */
		buf_puts(&note, " (slowing down)");
		res->retry_after = READS_LOW_WAIT;
	}
	if (self->alerts_note != NULL)
		buf_printf(&note, ", %s", self->alerts_note);
	res->note = buf_steal(&note);
	res->state = CHAN_PENDING;
out:
	if (have_round)
		round_free(&rd);
	if (cl.detail.len > 0) {
		cl.detail.data[--cl.detail.len] = '\0';	/* last '\n' */
		res->detail = buf_steal(&cl.detail);
	}
	buf_free(&cl.detail);
}

const struct chan_ops chan_health_ops = {
	.id = CHAN_SERVICE_HEALTH,
	.min_interval = 0,
	.configured = health_configured,
	.create = health_create,
	.poll = health_poll,
	.destroy = health_destroy,
};
