/* arm.c: the one ARM client (see arm.h). The read budget is a guess kept
 * from ARM's own headers: what it last said was left, minus what was sent
 * since, plus a slow refill. ARM refills faster than that (25 reads a
 * second per bucket, or 12,000 an hour on the older model), so the guess
 * errs on the safe side: below ARM_READS_LOW requests are spaced out, at
 * ARM_READS_RESERVE they wait for the refill, and after a 429 nobody asks
 * the provider that sent it (Microsoft.ResourceHealth, Microsoft.Support,
 * ...: resource providers throttle on their own too) until Retry-After has
 * passed. */
#include "config.h"
#include "arm.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "buf.h"
#include "parse-arm.h"
#include "xmalloc.h"

/* The refill assumed while the budget is low (reads a second). */
#define ARM_REFILL_PER_S	2
/* Longest single wait for the budget inside one call; longer, and the
 * call fails as throttled so that the channel comes back later. */
#define ARM_WAIT_MAX_MS		10000
/* A 429 that names no Retry-After. */
#define ARM_THROTTLE_WAIT	60
#define ARM_TICK_MS		100
#define ARM_MAX_BATCH		64
#define ARM_PAUSES		8

/* A provider that answered 429, and until when it is left alone. */
struct arm_pause {
	char		 ns[64];	/* "microsoft.resourcehealth", "" */
	long long	 until_ms;
};

struct arm {
	const struct cfg	*cfg;
	struct auth		*auth;
	char			*endpoint;	/* no trailing slash */

	pthread_mutex_t		 lock;		/* everything below */
	long			 reads;		/* as last said, -1 unknown */
	long			 sent;		/* sent since it said so */
	long			 inflight;
	long long		 said_ms;
	long long		 last_send_ms;
	struct arm_pause	 pauses[ARM_PAUSES];	/* after a 429 */
	long			 graph_left;	/* -1 unknown */
	long long		 graph_reset_ms;
	const char		*method;	/* sign-in method, static */
};

static long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct arm *
arm_new(const struct cfg *cfg)
{
	struct arm *a = xcalloc(1, sizeof *a);
	const char *e = cfg->arm_endpoint != NULL ? cfg->arm_endpoint : "";
	size_t len = strlen(e);

	while (len > 0 && e[len - 1] == '/')
		len--;
	a->cfg = cfg;
	a->auth = auth_new(cfg);
	a->endpoint = xstrndup(e, len);
	pthread_mutex_init(&a->lock, NULL);
	a->reads = -1;
	a->graph_left = -1;
	return a;
}

void
arm_free(struct arm *a)
{
	if (a == NULL)
		return;
	auth_free(a->auth);
	free(a->endpoint);
	pthread_mutex_destroy(&a->lock);
	free(a);
}

struct auth *
arm_auth(struct arm *a)
{
	return a->auth;
}

const char *
arm_endpoint(const struct arm *a)
{
	return a->endpoint;
}

const char *
arm_method(const struct arm *a)
{
	struct arm *m = (struct arm *)a;	/* the lock only */
	const char *s;

	pthread_mutex_lock(&m->lock);
	s = a->method;
	pthread_mutex_unlock(&m->lock);
	return s;
}

long
arm_reads_left(const struct arm *a)
{
	struct arm *m = (struct arm *)a;
	long n;

	pthread_mutex_lock(&m->lock);
	n = a->reads;
	pthread_mutex_unlock(&m->lock);
	return n;
}

/* Resource Graph ------------------------------------------------------- */

#define ARM_GRAPH_API	"2022-10-01"

static char *
graph_body(const struct strv *subs, const char *query, const char *skip)
{
	struct json_object *o, *a, *opt;
	char *s;
	size_t i;

	o = json_object_new_object();
	a = json_object_new_array();
	for (i = 0; i < subs->n; i++)
		json_object_array_add(a, json_object_new_string(subs->v[i]));
	json_object_object_add(o, "subscriptions", a);
	json_object_object_add(o, "query", json_object_new_string(query));
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

int
arm_graph(struct arm *a, struct http *h, const atomic_int *abort,
    const struct strv *subs, const char *query, int max_pages,
    arm_graph_page_fn fn, void *arg, int *pages, enum arm_graph_end *end,
    struct arm_error *e)
{
	struct arm_list l;

	memset(&l, 0, sizeof l);
	l.what = "Resource Graph";
	l.fn = fn;
	l.arg = arg;
	l.max_pages = max_pages;
	l.graph_query = query;
	l.graph_subs = subs;
	arm_list_many(a, h, abort, &l, 1);
	*pages = l.pages;
	*end = l.repeated ? ARM_GRAPH_REPEAT : l.truncated ? ARM_GRAPH_CAP :
	    ARM_GRAPH_ALL;
	if (l.repeated)
		memset(&l.err, 0, sizeof l.err);
	*e = l.err;
	return l.err.kind == ARM_ERR_NONE ? 0 : -1;
}

char *
arm_budget_text(const struct arm *a)
{
	long n = arm_reads_left(a);
	char digits[32], out[48];
	size_t len, i, o = 0;

	if (n < 0)
		return NULL;
	len = (size_t)snprintf(digits, sizeof digits, "%ld", n);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return xasprintf("ARM reads left: %s", out);
}

static void
seterr(struct arm_error *e, enum arm_err kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
seterr(struct arm_error *e, enum arm_err kind, const char *fmt, ...)
{
	va_list ap;

	memset(e, 0, sizeof *e);
	e->kind = kind;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}

void
arm_status_error(const struct http_resp *r, struct arm_error *e)
{
	char why[600];

	arm_error_text(r->body.data, r->body.len, r->status, why, sizeof why);
	if (r->status >= 300 && r->status < 400)
		seterr(e, ARM_ERR_STATUS, "ARM answered with a redirect (HTTP "
		    "%ld); not followed", r->status);
	else if (r->status == 401)
		seterr(e, ARM_ERR_STATUS, "ARM refused the token: %s", why);
	else if (r->status >= 500)
		seterr(e, ARM_ERR_STATUS, "ARM failed: %s", why);
	else
		seterr(e, ARM_ERR_STATUS, "ARM refused: %s", why);
	e->status = r->status;
}

/* sign-in ---------------------------------------------------------------- */

/* A copy of the token (caller zeroes and frees) or NULL with e filled. */
static char *
token(struct arm *a, struct http *h, const atomic_int *abort,
    struct arm_error *e)
{
	enum auth_fail fail;
	const char *method;
	char err[600], *tok;

	tok = auth_token_copy(a->auth, h, abort, time(NULL), &fail, &method,
	    err, sizeof err);
	pthread_mutex_lock(&a->lock);
	if (method != NULL)
		a->method = method;
	pthread_mutex_unlock(&a->lock);
	if (tok != NULL)
		return tok;
	switch (fail) {
	case AUTH_FAIL_UNCONFIGURED:
		seterr(e, ARM_ERR_UNCONFIGURED, "%s", err);
		break;
	case AUTH_FAIL_UNREACHABLE:
		seterr(e, ARM_ERR_SIGNIN_DOWN, "%s", err);
		break;
	default:
		seterr(e, ARM_ERR_SIGNIN, "%s", err);
		break;
	}
	if (abort != NULL && atomic_load(abort))
		e->kind = ARM_ERR_ABORTED;
	return NULL;
}

static void
token_free(char *t)
{
	if (t != NULL) {
		explicit_bzero(t, strlen(t));
		free(t);
	}
}

int
arm_sign_in(struct arm *a, struct http *h, const atomic_int *abort,
    struct arm_error *e)
{
	char *t = token(a, h, abort, e);

	if (t == NULL)
		return -1;
	token_free(t);
	memset(e, 0, sizeof *e);
	return 0;
}

/* the budget ------------------------------------------------------------- */

/* Reads left now, by the guess; LONG_MAX while ARM has said nothing. */
static long
estimate(const struct arm *a, long long now)
{
	long long e;

	if (a->reads < 0)
		return LONG_MAX;
	e = (long long)a->reads - a->sent +
	    (now - a->said_ms) * ARM_REFILL_PER_S / 1000;
	return e > LONG_MAX ? LONG_MAX : (long)e;
}

/* The resource provider a URL asks (its last "/providers/NS/"), lower
 * case; "" for ARM's own (subscriptions, tenants). */
static void
provider_of(const char *url, char *ns, size_t len)
{
	const char *p = url, *q = NULL, *end;
	size_t i, n;

	ns[0] = '\0';
	while ((p = strstr(p, "/providers/")) != NULL) {
		q = p + strlen("/providers/");
		p = q;
	}
	if (q == NULL)
		return;
	end = q + strcspn(q, "/?#");
	n = (size_t)(end - q);
	if (n >= len)
		n = len - 1;
	for (i = 0; i < n; i++)
		ns[i] = (char)((q[i] >= 'A' && q[i] <= 'Z') ? q[i] + 32 : q[i]);
	ns[n] = '\0';
}

static struct arm_pause *
pause_find(struct arm *a, const char *ns, bool make, long long now)
{
	struct arm_pause *p, *old = &a->pauses[0];
	size_t i;

	for (i = 0; i < ARM_PAUSES; i++) {
		p = &a->pauses[i];
		if (p->until_ms > now && strcmp(p->ns, ns) == 0)
			return p;
		if (p->until_ms < old->until_ms)
			old = p;
	}
	if (!make)
		return NULL;
	snprintf(old->ns, sizeof old->ns, "%s", ns);
	old->until_ms = 0;
	return old;
}

/* May one more request go now? 0: yes (counted as sent); > 0: ask again
 * in that many ms; -1: no, e says why. */
static long
admit(struct arm *a, const char *url, bool graph, struct arm_error *e)
{
	long long now = mono_ms(), wait = 0;
	struct arm_pause *pause;
	char ns[64];
	long left;

	provider_of(url, ns, sizeof ns);
	pthread_mutex_lock(&a->lock);
	left = estimate(a, now);
	if ((pause = pause_find(a, ns, false, now)) != NULL) {
		long secs = (long)((pause->until_ms - now + 999) / 1000);

		pthread_mutex_unlock(&a->lock);
		seterr(e, ARM_ERR_THROTTLED, "throttled by ARM, retrying in "
		    "%lds", secs);
		e->retry_after = (int)secs;
		return -1;
	}
	if (graph && a->graph_left == 0 && a->graph_reset_ms > now)
		wait = a->graph_reset_ms - now;
	else if (left <= ARM_READS_RESERVE)
		wait = ((long long)ARM_READS_RESERVE + 1 - left) * 1000 /
		    ARM_REFILL_PER_S;
	else if (left < ARM_READS_LOW &&
	    now - a->last_send_ms < 1000 / ARM_REFILL_PER_S)
		wait = 1000 / ARM_REFILL_PER_S - (now - a->last_send_ms);
	if (wait == 0) {
		a->sent++;
		a->inflight++;
		a->last_send_ms = now;
		if (graph && a->graph_left > 0)
			a->graph_left--;
	}
	pthread_mutex_unlock(&a->lock);
	if (wait > ARM_WAIT_MAX_MS) {
		long secs = (long)((wait + 999) / 1000);

		if (graph)
			seterr(e, ARM_ERR_THROTTLED, "Resource Graph quota "
			    "spent; retrying in %lds", secs);
		else
			seterr(e, ARM_ERR_THROTTLED, "throttled by azwatch: ARM "
			    "read budget nearly spent (%ld left); retrying in "
			    "%lds", left < 0 ? 0 : left, secs);
		e->retry_after = (int)secs;
		return -1;
	}
	return (long)wait;
}

/* "hh:mm:ss" (Resource Graph's resets-after) in ms, -1 if not that. */
static long long
hms_ms(const char *v)
{
	unsigned hh, mm, ss;

	if (v == NULL || sscanf(v, "%u:%u:%u", &hh, &mm, &ss) != 3 ||
	    hh > 24 || mm > 59 || ss > 59)
		return -1;
	return ((long long)hh * 3600 + mm * 60 + ss) * 1000;
}

static long
header_long(const struct http_resp *r, const char *name)
{
	const char *v = http_resp_header(r, name);
	char *end;
	long long n;

	if (v == NULL)
		return -1;
	n = strtoll(v, &end, 10);
	if (end == v || n < 0)
		return -1;
	return n > LONG_MAX / 2 ? LONG_MAX / 2 : (long)n;
}

/* What an answer (or a failure, resp NULL) says about the budget. */
static void
account(struct arm *a, const struct http_resp *r, const char *url,
    bool graph)
{
	static const char *const names[] = {
		"x-ms-ratelimit-remaining-subscription-reads",
		"x-ms-ratelimit-remaining-subscription-global-reads",
		"x-ms-ratelimit-remaining-tenant-reads",
	};
	long long now = mono_ms(), reset;
	long v, low = -1;
	size_t i;

	pthread_mutex_lock(&a->lock);
	if (a->inflight > 0)
		a->inflight--;
	if (r != NULL) {
		for (i = 0; i < sizeof names / sizeof names[0]; i++) {
			v = header_long(r, names[i]);
			if (v >= 0 && (low < 0 || v < low))
				low = v;
		}
		if (low >= 0) {
			a->reads = low;
			a->said_ms = now;
			/* the ones still out may not be counted yet */
			a->sent = a->inflight;
		}
		if (graph) {
			v = header_long(r, "x-ms-user-quota-remaining");
			reset = hms_ms(http_resp_header(r,
			    "x-ms-user-quota-resets-after"));
			if (v >= 0)
				a->graph_left = v;
			/* whole seconds, rounded down by the server: one
			 * more, or the next query lands before the reset */
			if (reset >= 0)
				a->graph_reset_ms = now + (reset > 900000 ?
				    900000 : reset + 1000);
		}
		if (r->status == 429) {
			long ra = r->retry_after > 0 ? r->retry_after :
			    ARM_THROTTLE_WAIT;
			struct arm_pause *p;
			char ns[64];

			provider_of(url, ns, sizeof ns);
			p = pause_find(a, ns, true, now);
			if (now + ra * 1000 > p->until_ms)
				p->until_ms = now + ra * 1000;
			if (graph)
				a->graph_left = 0;
		}
	}
	pthread_mutex_unlock(&a->lock);
}

/* Sleep ms in slices, 0; -1 when abort was set meanwhile. */
static int
nap(long ms, const atomic_int *abort)
{
	struct timespec ts;
	long slice;

	while (ms > 0) {
		if (abort != NULL && atomic_load(abort))
			return -1;
		slice = ms > ARM_TICK_MS ? ARM_TICK_MS : ms;
		ts.tv_sec = 0;
		ts.tv_nsec = slice * 1000000L;
		while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
			;
		ms -= slice;
	}
	return abort != NULL && atomic_load(abort) ? -1 : 0;
}

/* requests --------------------------------------------------------------- */

/* Send the requests idx[0..k) with the token; fill their resps/errs. */
static void
send_batch(struct arm *a, struct http *h, const atomic_int *abort,
    const struct arm_req *reqs, struct http_resp *resps,
    struct arm_error *errs, const size_t *idx, size_t k, const char *tok)
{
	struct http_req hr[ARM_MAX_BATCH];
	struct http_resp hresp[ARM_MAX_BATCH];
	size_t i;

	memset(hr, 0, sizeof hr);
	for (i = 0; i < k; i++) {
		const struct arm_req *q = &reqs[idx[i]];

		hr[i].method = q->method;
		hr[i].url = q->url;
		hr[i].bearer = tok;
		hr[i].abort = abort;
		hr[i].max_bytes = q->max_bytes;
		hr[i].max_redirects = 0;	/* ARM never redirects */
		if (q->body != NULL) {
			if (q->method == NULL)
				hr[i].method = "POST";
			hr[i].body = q->body;
			hr[i].body_len = strlen(q->body);
			hr[i].content_type = "application/json";
		}
		http_resp_init(&hresp[i]);
	}
	http_do_many(h, hr, hresp, k);
	for (i = 0; i < k; i++) {
		struct http_resp *r = &resps[idx[i]];
		struct arm_error *e = &errs[idx[i]];
		const struct arm_req *q = &reqs[idx[i]];

		http_resp_free(r);
		*r = hresp[i];	/* moved */
		if (r->fail != HTTP_FAIL_NONE) {
			account(a, NULL, q->url, q->graph);
			seterr(e, r->fail == HTTP_FAIL_ABORTED ? ARM_ERR_ABORTED :
			    r->fail == HTTP_FAIL_POLICY ? ARM_ERR_POLICY :
			    r->fail == HTTP_FAIL_TOO_BIG ? ARM_ERR_BAD :
			    ARM_ERR_TRANSPORT, "%s", r->error);
			continue;
		}
		account(a, r, q->url, q->graph);
		memset(e, 0, sizeof *e);
		if (r->status == 429) {
			long ra = r->retry_after > 0 ? r->retry_after :
			    ARM_THROTTLE_WAIT;

			seterr(e, ARM_ERR_THROTTLED, "throttled by ARM, "
			    "retrying in %lds", ra);
			e->retry_after = (int)ra;
			e->status = 429;
		}
	}
}

/* One pass over the requests marked todo: admit each under the budget,
 * sending what was admitted whenever the next one has to wait. */
static void
send_all(struct arm *a, struct http *h, const atomic_int *abort,
    const struct arm_req *reqs, struct http_resp *resps,
    struct arm_error *errs, const bool *todo, size_t n, const char *tok)
{
	size_t idx[ARM_MAX_BATCH], k = 0, i = 0;
	long wait;

	while (i < n) {
		if (!todo[i]) {
			i++;
			continue;
		}
		wait = admit(a, reqs[i].url, reqs[i].graph, &errs[i]);
		if (wait < 0) {
			i++;
			continue;
		}
		if (wait == 0) {
			idx[k++] = i++;
			if (k < ARM_MAX_BATCH)
				continue;
		}
		if (k > 0) {
			send_batch(a, h, abort, reqs, resps, errs, idx, k, tok);
			k = 0;
		}
		if (wait > 0 && nap(wait, abort) == -1) {
			for (; i < n; i++) {
				if (todo[i])
					seterr(&errs[i], ARM_ERR_ABORTED,
					    "request cancelled");
			}
		}
	}
	if (k > 0)
		send_batch(a, h, abort, reqs, resps, errs, idx, k, tok);
}

size_t
arm_do_many(struct arm *a, struct http *h, const atomic_int *abort,
    const struct arm_req *reqs, struct http_resp *resps,
    struct arm_error *errs, size_t n)
{
	struct arm_error te;
	bool *todo = xcalloc(n > 0 ? n : 1, sizeof *todo);
	char *tok;
	size_t i, failed = 0, again = 0;

	for (i = 0; i < n; i++) {
		memset(&errs[i], 0, sizeof errs[i]);
		/* the token goes to the configured endpoint only */
		if (!http_same_origin(reqs[i].url, a->endpoint))
			seterr(&errs[i], ARM_ERR_POLICY, "not on the ARM "
			    "endpoint; not sent");
		else
			todo[i] = true;
	}
	tok = token(a, h, abort, &te);
	if (tok == NULL) {
		for (i = 0; i < n; i++)
			if (todo[i])
				errs[i] = te;
		goto out;
	}
	send_all(a, h, abort, reqs, resps, errs, todo, n, tok);

	/* a 401: the token expired or was revoked; sign in again, once */
	for (i = 0; i < n; i++) {
		todo[i] = todo[i] && errs[i].kind == ARM_ERR_NONE &&
		    resps[i].status == 401;
		if (todo[i])
			again++;
	}
	if (again > 0) {
		auth_reject(a->auth, tok);
		token_free(tok);
		if ((tok = token(a, h, abort, &te)) == NULL) {
			for (i = 0; i < n; i++)
				if (todo[i])
					errs[i] = te;
			goto out;
		}
		send_all(a, h, abort, reqs, resps, errs, todo, n, tok);
	}
out:
	token_free(tok);
	free(todo);
	for (i = 0; i < n; i++) {
		if (errs[i].kind != ARM_ERR_NONE)
			failed++;
	}
	return failed;
}

int
arm_do(struct arm *a, struct http *h, const atomic_int *abort,
    const struct arm_req *req, struct http_resp *resp, struct arm_error *e)
{
	return arm_do_many(a, h, abort, req, resp, e, 1) == 0 ? 0 : -1;
}

/* listings --------------------------------------------------------------- */

/* One listing's walk: the key of the page to fetch next (a nextLink, or
 * a $skipToken with "" for a query's first page), NULL when done. */
struct walk {
	char		*next;
	char		*url;		/* the request's */
	char		*body;		/* a query's, with its $skipToken */
	struct strv	 seen;
};

/* The request for l's next page, or an end: 0 to send, -1 done. */
static int
walk_step(struct arm *a, struct arm_list *l, struct walk *w,
    struct arm_req *req)
{
	const bool graph = l->graph_query != NULL;
	char *host;

	if (strv_has(&w->seen, w->next)) {
		/* a malformed listing: not to be trusted whole */
		l->repeated = true;
		seterr(&l->err, ARM_ERR_BAD, graph ? "the %s answer repeats "
		    "a $skipToken; stopped after %d pages" : "the %s list "
		    "repeats a page (nextLink loop); stopped after %d pages",
		    l->what, l->pages);
	} else if (l->pages >= l->max_pages) {
		l->truncated = true;
	} else if (!graph && l->pages > 0 &&
	    !http_same_origin(w->next, a->endpoint)) {
		host = http_url_host(w->next);
		seterr(&l->err, ARM_ERR_POLICY, "ARM's next page of %s "
		    "points to another host (%s); not followed", l->what,
		    host != NULL ? host : "not a URL");
		free(host);
	} else {
		strv_add(&w->seen, w->next);
		memset(req, 0, sizeof *req);
		if (graph) {
			free(w->body);
			w->body = graph_body(l->graph_subs, l->graph_query,
			    l->pages > 0 ? w->next : NULL);
			req->url = w->url;
			req->body = w->body;
			req->graph = true;
		} else
			req->url = w->next;
		return 0;
	}
	free(w->next);
	w->next = NULL;
	return -1;
}

size_t
arm_list_many(struct arm *a, struct http *h, const atomic_int *abort,
    struct arm_list *lists, size_t n)
{
	struct walk *w = xcalloc(n > 0 ? n : 1, sizeof *w);
	struct arm_req *reqs = xcalloc(n > 0 ? n : 1, sizeof *reqs);
	struct http_resp *resps = xcalloc(n > 0 ? n : 1, sizeof *resps);
	struct arm_error *errs = xcalloc(n > 0 ? n : 1, sizeof *errs);
	size_t *map = xcalloc(n > 0 ? n : 1, sizeof *map);
	size_t i, k, failed = 0;
	char err[512], *next;

	for (i = 0; i < n; i++) {
		lists[i].pages = 0;
		lists[i].truncated = false;
		lists[i].repeated = false;
		memset(&lists[i].err, 0, sizeof lists[i].err);
		if (lists[i].graph_query != NULL) {
			w[i].next = xstrdup("");
			w[i].url = xasprintf("%s/providers/"
			    "Microsoft.ResourceGraph/resources?api-version="
			    ARM_GRAPH_API, a->endpoint);
		} else
			w[i].next = xstrdup(lists[i].url);
		http_resp_init(&resps[i]);
	}
	for (;;) {
		/* this round: the next page of every listing still going */
		k = 0;
		for (i = 0; i < n; i++) {
			if (w[i].next != NULL &&
			    walk_step(a, &lists[i], &w[i], &reqs[k]) == 0)
				map[k++] = i;
		}
		if (k == 0)
			break;
		arm_do_many(a, h, abort, reqs, resps, errs, k);
		for (i = 0; i < k; i++) {
			struct arm_list *l = &lists[map[i]];
			struct walk *wk = &w[map[i]];
			const struct http_resp *r = &resps[i];

			free(wk->next);
			wk->next = NULL;
			if (errs[i].kind != ARM_ERR_NONE) {
				l->err = errs[i];
				continue;
			}
			if (r->status < 200 || r->status > 299) {
				arm_status_error(r, &l->err);
				continue;
			}
			l->pages++;
			next = NULL;
			if (l->fn(r->body.data, r->body.len, l->arg, &next, err,
			    sizeof err) == -1) {
				seterr(&l->err, ARM_ERR_BAD, "the %s answer: %s",
				    l->what, err);
				free(next);
				continue;
			}
			wk->next = next;
		}
	}
	for (i = 0; i < n; i++) {
		if (lists[i].err.kind != ARM_ERR_NONE)
			failed++;
		free(w[i].next);
		free(w[i].url);
		free(w[i].body);
		strv_free(&w[i].seen);
		http_resp_free(&resps[i]);
	}
	free(w);
	free(reqs);
	free(resps);
	free(errs);
	free(map);
	return failed;
}

int
arm_list(struct arm *a, struct http *h, const atomic_int *abort,
    struct arm_list *l)
{
	return arm_list_many(a, h, abort, l, 1) == 0 ? 0 : -1;
}
