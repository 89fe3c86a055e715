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
#include "auth.h"
#include "buf.h"
#include "chan.h"
#include "parse-arm.h"
#include "timeutil.h"
#include "xmalloc.h"

#define RH_API		"2025-05-01"
#define SUBS_API	"2022-12-01"
#define GRAPH_API	"2022-10-01"
#define PAGE_CAP	20		/* pages per listing */
#define IMPACTED_CAP	10		/* impactedResources calls per poll */
#define SUBS_TTL	1800		/* re-list subscriptions this often */
#define READS_LOW	100		/* fewer reads left: slow down */
#define READS_LOW_WAIT	300
#define THROTTLE_WAIT	60		/* a 429 without Retry-After */

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
	bool		 seen;		/* in this poll */
};

#define ALERTS_TTL		1800	/* re-audit alert rules every 30 min */
#define ALERTS_MAX_SUBS		20

struct health {
	struct auth	*auth;		/* borrowed from the poll context */
	struct strv	 subs;		/* listed, when none are configured */
	time_t		 subs_at;
	char		*alerts_note;	/* "alerts: ready", NULL before audit */
	char		*alerts_detail;	/* a line per subscription */
	time_t		 alerts_at;
	struct imp_entry *imp;
	size_t		 nimp;
};

/* One poll's state. */
struct call {
	struct health	*hs;
	struct poll_ctx	*ctx;
	char		*arm;		/* endpoint without trailing slash */
	char		*arm_host;
	long		 reads_left;	/* lowest seen, -1 unknown */
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
	struct alerts_report rep;
	size_t ready = 0, none = 0;
	struct buf d;
	char err[512], *line;
	size_t i, n, known = 0;
	bool af;

	if (hs->alerts_at != 0 && ctx->now - hs->alerts_at < ALERTS_TTL)
		return;
	n = subs->n < ALERTS_MAX_SUBS ? subs->n : ALERTS_MAX_SUBS;
	buf_init(&d);
	for (i = 0; i < n; i++) {
		const char *sub = subs->v[i];

		if (alerts_audit(ctx->cfg, ctx->http, hs->auth, ctx->abort, sub,
		    &rep, &af, err, sizeof err) == -1) {
			buf_printf(&d, "%salerts: unknown (%s)", d.len ? "\n" : "",
			    err);
			continue;
		}
		known++;
		if (rep.level == ALERTS_READY)
			ready++;
		else if (rep.level == ALERTS_NONE)
			none++;
		line = alerts_line(&rep);
		/* several subscriptions: name each by its tail */
		buf_printf(&d, "%s%s%s%s", d.len ? "\n" : "", line,
		    n > 1 ? " in \xe2\x80\xa6" : "",
		    n > 1 ? sub + (strlen(sub) > 8 ? strlen(sub) - 8 : 0) : "");
		free(line);
		alerts_report_free(&rep);
	}
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
	}
	free(hs->imp);
	free(hs);
}

/* requests -------------------------------------------------------------- */

static void
note_budget(struct call *cl, const struct http_resp *resp)
{
	const char *v;
	char *end;
	long n;

	v = http_resp_header(resp, "x-ms-ratelimit-remaining-subscription-reads");
	if (v == NULL)
		v = http_resp_header(resp, "x-ms-ratelimit-remaining-tenant-reads");
	if (v == NULL)
		return;
	n = strtol(v, &end, 10);
	if (end == v || n < 0)
		return;
	if (cl->reads_left < 0 || n < cl->reads_left)
		cl->reads_left = n;
}

/* A token for the next call, or a failure saying what to do. */
static const char *
call_token(struct call *cl, struct arm_fail *f)
{
	const char *tok;
	char err[600];

	tok = auth_token_get(cl->hs->auth, cl->ctx->http, cl->ctx->abort,
	    cl->ctx->now, err, sizeof err);
	if (tok != NULL)
		return tok;
	memset(f, 0, sizeof *f);
	f->fatal = true;
	switch (auth_last_fail(cl->hs->auth)) {
	case AUTH_FAIL_UNCONFIGURED:
		f->state = CHAN_UNCONFIGURED;
		break;
	case AUTH_FAIL_UNREACHABLE:
		f->state = CHAN_UNREACHABLE;
		break;
	default:
		f->state = CHAN_ERROR;
		break;
	}
	snprintf(f->msg, sizeof f->msg, "%s", err);
	return NULL;
}

/* GET (body NULL) or POST a JSON body to url with the token. 0 with a 2xx
 * answer in resp; -1 with f filled. A 401 signs in again once. */
static int
arm_call(struct call *cl, const char *url, const char *body,
    struct http_resp *resp, struct arm_fail *f)
{
	struct http_req req;
	const char *tok;
	char err[600], *host;
	int attempt;

	memset(f, 0, sizeof *f);
	/* nextLinks are followed verbatim: the token goes to ARM only */
	host = http_url_host(url);
	if (host == NULL || strcasecmp(host, cl->arm_host) != 0) {
		f->state = CHAN_ERROR;
		f->bad = true;
		snprintf(f->msg, sizeof f->msg, "ARM pointed to another host "
		    "(%s); not followed", host != NULL ? host : "none");
		free(host);
		return -1;
	}
	free(host);

	for (attempt = 0; attempt < 2; attempt++) {
		if ((tok = call_token(cl, f)) == NULL)
			return -1;
		memset(&req, 0, sizeof req);
		req.url = url;
		req.bearer = tok;
		req.abort = cl->ctx->abort;
		req.max_redirects = 0;
		if (body != NULL) {
			req.method = "POST";
			req.body = body;
			req.body_len = strlen(body);
			req.content_type = "application/json";
		}
		http_resp_free(resp);
		http_resp_init(resp);
		if (http_do(cl->ctx->http, &req, resp, err, sizeof err) == -1) {
			f->state = resp->fail == HTTP_FAIL_CONNECT ||
			    resp->fail == HTTP_FAIL_ABORTED ?
			    CHAN_UNREACHABLE : CHAN_ERROR;
			f->fatal = resp->fail == HTTP_FAIL_ABORTED;
			snprintf(f->msg, sizeof f->msg, "%s", err);
			return -1;
		}
		note_budget(cl, resp);
		if (resp->status == 401 && attempt == 0) {
			/* expired or revoked: sign in again, once */
			auth_invalidate(cl->hs->auth);
			continue;
		}
		break;
	}
	if (resp->status >= 200 && resp->status < 300)
		return 0;

	arm_error_text(resp->body.data, resp->body.len, resp->status, err,
	    sizeof err);
	if (resp->status == 429) {
		f->retry_after = resp->retry_after > 0 ?
		    (int)resp->retry_after : THROTTLE_WAIT;
		f->state = CHAN_ERROR;
		f->fatal = true;
		snprintf(f->msg, sizeof f->msg, "throttled by ARM, retrying "
		    "in %ds", f->retry_after);
	} else if (resp->status == 401) {
		f->state = CHAN_ERROR;
		f->fatal = true;
		snprintf(f->msg, sizeof f->msg, "ARM refused the token "
		    "(signed in with %s): %s",
		    auth_method(cl->hs->auth) != NULL ?
		    auth_method(cl->hs->auth) : "?", err);
	} else if (resp->status >= 300 && resp->status < 400) {
		/* a proxy or a portal in the way, not ARM: never followed */
		f->state = CHAN_ERROR;
		f->bad = true;
		snprintf(f->msg, sizeof f->msg, "ARM answered with a redirect "
		    "(HTTP %ld); not followed", resp->status);
	} else if (resp->status >= 500) {
		f->state = CHAN_UNREACHABLE;
		snprintf(f->msg, sizeof f->msg, "ARM failed: %s", err);
	} else {
		f->state = CHAN_ERROR;
		snprintf(f->msg, sizeof f->msg, "ARM refused: %s", err);
	}
	return -1;
}

/* Walk a nextLink listing. parse() gets each page; stops after PAGE_CAP
 * pages (noted in the detail) or with an error when a link repeats. */
typedef int (*page_fn)(struct call *, const struct http_resp *, void *arg,
    char **next, char *err, size_t errlen);

static int
arm_list(struct call *cl, const char *first, const char *what, page_fn fn,
    void *arg, struct arm_fail *f)
{
	struct http_resp resp;
	struct strv seen = { 0 };
	char *url = xstrdup(first), *next = NULL, err[512];
	int pages = 0, rc = 0;

	http_resp_init(&resp);
	while (url != NULL) {
		if (strv_has(&seen, url)) {
			memset(f, 0, sizeof *f);
			f->state = CHAN_ERROR;
			/* a malformed listing: its data cannot be trusted whole */
			f->bad = true;
			snprintf(f->msg, sizeof f->msg, "the %s list repeats a "
			    "page (nextLink loop); stopped after %d pages",
			    what, pages);
			rc = -1;
			break;
		}
		if (pages == PAGE_CAP) {
			buf_printf(&cl->detail, "%s: stopped after %d pages\n",
			    what, PAGE_CAP);
			break;
		}
		strv_add(&seen, url);
		if (arm_call(cl, url, NULL, &resp, f) == -1) {
			rc = -1;
			break;
		}
		pages++;
		if (fn(cl, &resp, arg, &next, err, sizeof err) == -1) {
			memset(f, 0, sizeof *f);
			f->state = CHAN_ERROR;
			f->bad = true;
			snprintf(f->msg, sizeof f->msg, "the %s answer: %s", what,
			    err);
			rc = -1;
			break;
		}
		free(url);
		url = next;
		next = NULL;
	}
	free(url);
	free(next);
	strv_free(&seen);
	http_resp_free(&resp);
	return rc;
}

/* subscriptions --------------------------------------------------------- */

static int
subs_page(struct call *cl, const struct http_resp *r, void *arg,
    char **next, char *err, size_t errlen)
{
	return arm_parse_subscriptions(r->body.data, r->body.len, arg, next,
	    err, errlen);
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
	rc = arm_list(cl, url, "subscriptions", subs_page, &fresh, f);
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

/* events ---------------------------------------------------------------- */

struct events_arg {
	struct inc_list	*out;
	const char	*sub;
};

static int
events_page(struct call *cl, const struct http_resp *r, void *arg,
    char **next, char *err, size_t errlen)
{
	struct events_arg *ea = arg;
	struct inc_list page = { 0 };
	size_t i;

	if (arm_parse_events(r->body.data, r->body.len, cl->ctx->now, &page,
	    next, err, errlen) == -1)
		return -1;
	/* the event came back for this subscription */
	for (i = 0; i < page.n; i++)
		strv_add_unique(&page.v[i]->subscriptions, ea->sub);
	inc_list_merge(ea->out, &page);
	inc_list_clear(&page);
	return 0;
}

/* Per subscription. A subscription that fails is named in the detail;
 * only when every one fails, or one is throttled, refused or malformed,
 * does the poll fail. */
static int
events_by_subscription(struct call *cl, const struct strv *subs,
    struct inc_list *out, struct arm_fail *f)
{
	struct events_arg ea;
	struct arm_fail one, first;
	char mdy[32], *esc, *sub, *url;
	size_t i, failed = 0;

	time_format_mdy(cl->ctx->now - (time_t)cl->ctx->cfg->lookback_days *
	    86400, mdy, sizeof mdy);
	esc = http_escape(mdy);
	memset(&first, 0, sizeof first);
	for (i = 0; i < subs->n; i++) {
		sub = http_escape(subs->v[i]);
		url = xasprintf("%s/subscriptions/%s/providers/"
		    "Microsoft.ResourceHealth/events?api-version=" RH_API
		    "&queryStartTime=%s", cl->arm, sub, esc);
		ea.out = out;
		ea.sub = subs->v[i];
		if (arm_list(cl, url, "events", events_page, &ea, &one) == -1) {
			if (failed++ == 0)
				first = one;
			if (one.fatal || one.bad) {
				*f = one;
				free(url);
				free(sub);
				free(esc);
				return -1;
			}
			cl->subs_failed++;
			buf_printf(&cl->detail, "subscription %s: %s\n",
			    subs->v[i], one.msg);
		}
		free(url);
		free(sub);
	}
	free(esc);
	if (subs->n > 0 && failed == subs->n) {
		*f = first;
		return -1;
	}
	return 0;
}

static char *
graph_body(const struct strv *subs, const char *skip)
{
	struct json_object *o, *a, *opt;
	char *s;
	size_t i;

	o = json_object_new_object();
	a = json_object_new_array();
	for (i = 0; i < subs->n; i++)
		json_object_array_add(a, json_object_new_string(subs->v[i]));
	json_object_object_add(o, "subscriptions", a);
	json_object_object_add(o, "query", json_object_new_string(GRAPH_QUERY));
	opt = json_object_new_object();
	json_object_object_add(opt, "$top", json_object_new_int(1000));
	json_object_object_add(opt, "resultFormat",
	    json_object_new_string("objectArray"));
	if (skip != NULL)
		json_object_object_add(opt, "$skipToken",
		    json_object_new_string(skip));
	json_object_object_add(o, "options", opt);
	s = xstrdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return s;
}

/* One Resource Graph query over every subscription, with $skipToken. */
static int
events_by_graph(struct call *cl, const struct strv *subs,
    struct inc_list *out, struct arm_fail *f)
{
	struct http_resp resp;
	struct strv seen = { 0 };
	char *url, *body, *skip = NULL, err[512];
	bool truncated = false;
	time_t oldest;
	size_t i;
	int pages = 0, rc = 0;

	url = xasprintf("%s/providers/Microsoft.ResourceGraph/resources"
	    "?api-version=" GRAPH_API, cl->arm);
	http_resp_init(&resp);
	for (;;) {
		body = graph_body(subs, skip);
		rc = arm_call(cl, url, body, &resp, f);
		free(body);
		if (rc == -1)
			break;
		pages++;
		free(skip);
		skip = NULL;
		if (arm_parse_graph(resp.body.data, resp.body.len, cl->ctx->now,
		    out, &skip, &truncated, err, sizeof err) == -1) {
			memset(f, 0, sizeof *f);
			f->state = CHAN_ERROR;
			snprintf(f->msg, sizeof f->msg, "the Resource Graph "
			    "answer: %s", err);
			rc = -1;
			break;
		}
		if (skip == NULL)
			break;
		if (strv_has(&seen, skip)) {
			memset(f, 0, sizeof *f);
			f->state = CHAN_ERROR;
			snprintf(f->msg, sizeof f->msg, "Resource Graph repeats a "
			    "$skipToken; stopped after %d pages", pages);
			rc = -1;
			break;
		}
		if (pages == PAGE_CAP) {
			buf_printf(&cl->detail, "Resource Graph: stopped after "
			    "%d pages\n", PAGE_CAP);
			break;
		}
		strv_add(&seen, skip);
	}
	if (rc == 0 && truncated)
		buf_printf(&cl->detail, "Resource Graph: results truncated\n");
	free(skip);
	free(url);
	strv_free(&seen);
	http_resp_free(&resp);
	if (rc == -1)
		return -1;

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
		}
	}
	hs->nimp = j;
}

static int
imp_page(struct call *cl, const struct http_resp *r, void *arg,
    char **next, char *err, size_t errlen)
{
	return arm_parse_impacted(r->body.data, r->body.len, arg, NULL, next,
	    err, errlen);
}

static int
impacted_resources(struct call *cl, const struct strv *subs,
    struct inc_list *incs, struct arm_fail *f)
{
	struct health *hs = cl->hs;
	struct imp_entry *e;
	struct incident *inc;
	struct strv ids;
	char *key, *url, *esub, *etid;
	size_t i, j, k;
	int calls = 0;

	for (i = 0; i < incs->n; i++) {
		inc = inc_list_own_at(incs, i);
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
			if ((e->last_update != inc->last_update ||
			    e->last_update == 0) && calls < IMPACTED_CAP) {
				calls++;
				esub = http_escape(inc->subscriptions.v[j]);
				etid = http_escape(inc->tracking_id);
				url = xasprintf("%s/subscriptions/%s/providers/"
				    "Microsoft.ResourceHealth/events/%s/"
				    "impactedResources?api-version=" RH_API,
				    cl->arm, esub, etid);
				free(esub);
				free(etid);
				memset(&ids, 0, sizeof ids);
				if (arm_list(cl, url, "impacted resources",
				    imp_page, &ids, f) == -1) {
					free(url);
					strv_free(&ids);
					if (f->fatal)
						return -1;
					buf_printf(&cl->detail, "impacted "
					    "resources of %s: %s\n",
					    inc->tracking_id, f->msg);
					continue;
				}
				free(url);
				strv_free(&e->ids);
				e->ids = ids;
				e->last_update = inc->last_update;
			}
			for (k = 0; k < e->ids.n; k++)
				strv_add_unique(&inc->resources, e->ids.v[k]);
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
emerging(struct call *cl, struct inc_list *out, struct arm_fail *f)
{
	struct http_resp resp;
	struct inc_list em = { 0 };
	struct strv banners = { 0 };
	char *url, err[512];
	size_t i;
	int rc;

	url = xasprintf("%s/providers/Microsoft.ResourceHealth/emergingIssues"
	    "?api-version=" RH_API, cl->arm);
	http_resp_init(&resp);
	rc = arm_call(cl, url, NULL, &resp, f);
	free(url);
	if (rc == 0 && arm_parse_emerging(resp.body.data, resp.body.len, &em,
	    &banners, err, sizeof err) == -1) {
		memset(f, 0, sizeof *f);
		snprintf(f->msg, sizeof f->msg, "%s", err);
		rc = -1;
	}
	http_resp_free(&resp);
	if (rc == -1)
		return -1;
	/* an event from the subscriptions says more than its mirror */
	for (i = 0; i < em.n; i++) {
		if (inc_list_find(out, em.v[i]->key) == NULL) {
			inc_list_add(out, em.v[i]);
			em.v[i] = NULL;
		}
	}
	inc_list_clear(&em);	/* the moved ones are NULL */
	for (i = 0; i < banners.n; i++)
		buf_printf(&cl->detail, "banner: %s\n", banners.v[i]);
	strv_free(&banners);
	return 0;
}

static void
resource_health(struct call *cl, const char *resource)
{
	struct http_resp resp;
	struct resource_health rh;
	struct arm_fail f;
	char *url, *line, err[512];
	const char *sep = *resource == '/' ? "" : "/";

	url = xasprintf("%s%s%s/providers/Microsoft.ResourceHealth/"
	    "availabilityStatuses/current?api-version=" RH_API, cl->arm, sep,
	    resource);
	http_resp_init(&resp);
	if (arm_call(cl, url, NULL, &resp, &f) == -1)
		buf_printf(&cl->detail, "resource health: %s\n", f.msg);
	else if (arm_parse_availability(resp.body.data, resp.body.len, &rh,
	    err, sizeof err) == -1)
		buf_printf(&cl->detail, "resource health: %s\n", err);
	else {
		line = arm_resource_health_line(&rh);
		buf_printf(&cl->detail, "resource health: %s\n", line);
		free(line);
		arm_resource_health_free(&rh);
	}
	http_resp_free(&resp);
	free(url);
}

/* poll ------------------------------------------------------------------ */

static void
fail(struct chan_result *res, const struct arm_fail *f, struct call *cl)
{
	chan_result_fail(res, f->state, "%s", f->msg);
	res->retry_after = f->retry_after;
	/* the pane shows what to set where, not an outage */
	if (f->state == CHAN_UNCONFIGURED)
		res->note = xstrdup(f->msg);
	else if (cl->reads_left >= 0)
		res->note = xasprintf("reads left: %ld", cl->reads_left);
}

static void
health_poll(void *arg, struct poll_ctx *ctx, struct chan_result *res)
{
	struct health *self = arg;
	const struct cfg *cfg = ctx->cfg;
	const struct strv *subs = NULL;
	struct call cl;
	struct arm_fail f;
	struct buf note;
	bool graph;
	size_t len;

	memset(&cl, 0, sizeof cl);
	memset(&f, 0, sizeof f);
	self->auth = ctx->auth;
	cl.hs = self;
	cl.ctx = ctx;
	cl.reads_left = -1;
	buf_init(&cl.detail);
	len = strlen(cfg->arm_endpoint != NULL ? cfg->arm_endpoint : "");
	while (len > 0 && cfg->arm_endpoint[len - 1] == '/')
		len--;
	cl.arm = xstrndup(cfg->arm_endpoint != NULL ? cfg->arm_endpoint : "",
	    len);
	cl.arm_host = http_url_host(cl.arm);
	if (cl.arm_host == NULL) {
		chan_result_fail(res, CHAN_ERROR, "arm_endpoint is not a URL");
		goto out;
	}

	/* sign in first: nothing else makes sense without it */
	if (call_token(&cl, &f) == NULL) {
		fail(res, &f, &cl);
		goto out;
	}
	if (get_subscriptions(&cl, &subs, &f) == -1) {
		fail(res, &f, &cl);
		goto out;
	}
	graph = subs->n > 0 && (int)subs->n > cfg->graph_threshold;
	if (subs->n > 0) {
		if ((graph ? events_by_graph(&cl, subs, &res->incidents, &f) :
		    events_by_subscription(&cl, subs, &res->incidents, &f)) == -1 ||
		    impacted_resources(&cl, subs, &res->incidents, &f) == -1) {
			fail(res, &f, &cl);
			goto out;
		}
	} else
		buf_puts(&cl.detail, "no subscriptions are visible to this "
		    "identity\n");
	if (emerging(&cl, &res->incidents, &f) == -1) {
		if (f.fatal) {
			fail(res, &f, &cl);
			goto out;
		}
		buf_printf(&cl.detail, "emerging issues: %s\n", f.msg);
	}
	if (cfg->resource != NULL && *cfg->resource != '\0')
		resource_health(&cl, cfg->resource);
	health_alerts(self, ctx, subs);
	if (self->alerts_detail != NULL)
		buf_printf(&cl.detail, "%s\n", self->alerts_detail);

	buf_init(&note);
	buf_printf(&note, "signed in with %s", auth_method(cl.hs->auth));
	buf_printf(&note, ", %zu subscription%s%s", subs->n,
	    subs->n == 1 ? "" : "s", graph ? " (Resource Graph)" : "");
	if (cl.subs_failed > 0)
		buf_printf(&note, " (%zu failing)", cl.subs_failed);
	if (cl.reads_left >= 0) {
		buf_printf(&note, ", reads left: %ld", cl.reads_left);
		if (cl.reads_left < READS_LOW) {
			/* leave the budget to refill rather than run it dry */
			buf_puts(&note, " (slowing down)");
			res->retry_after = READS_LOW_WAIT;
		}
	}
	if (self->alerts_note != NULL)
		buf_printf(&note, ", %s", self->alerts_note);
	res->note = buf_steal(&note);
	res->state = CHAN_PENDING;
out:
	if (cl.detail.len > 0) {
		cl.detail.data[--cl.detail.len] = '\0';	/* last '\n' */
		res->detail = buf_steal(&cl.detail);
	}
	buf_free(&cl.detail);
	free(cl.arm);
	free(cl.arm_host);
}

const struct chan_ops chan_health_ops = {
	.id = CHAN_SERVICE_HEALTH,
	.min_interval = 0,
	.configured = health_configured,
	.create = health_create,
	.poll = health_poll,
	.destroy = health_destroy,
};
