/* ticketjob.c: the worker jobs behind the wizard's "raise a support
 * ticket" screens (list services and classifications, find a
 * subscription, send), and the pure helpers those screens use. */
#include "config.h"
#include "ticketjob.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arm.h"
#include "buf.h"
#include "chan.h"
#include "http.h"
#include "parse-arm.h"
#include "xmalloc.h"

#define TICKETJOB_SUB_API	"2022-12-01"

struct ticketjob *
ticketjob_new(enum ticketjob_kind kind)
{
	struct ticketjob *j = xcalloc(1, sizeof *j);

	j->kind = kind;
	atomic_init(&j->finished, false);
	return j;
}

void
ticketjob_free(struct ticketjob *j)
{
	if (j == NULL)
		return;
	free(j->service_id);
	free(j->resource_id);
	free(j->subscription);
	ticket_choices_free(&j->choices);
	strv_free(&j->kept);
	free(j);
}

const char *
ticketjob_keep(struct ticketjob *j, const char *s)
{
	if (s == NULL)
		return NULL;
	strv_add(&j->kept, s);
	return j->kept.v[j->kept.n - 1];
}

bool
ticketjob_finished(struct ticketjob *j)
{
	return atomic_load(&j->finished);
}

char *
ticketjob_resource_subscription(const char *rid)
{
	static const char pre[] = "/subscriptions/";
	size_t n;

	if (rid == NULL || strncasecmp(rid, pre, sizeof pre - 1) != 0)
		return NULL;
	rid += sizeof pre - 1;
	n = strcspn(rid, "/");
	/* a GUID: nothing else may go into the ticket's address */
	if (n == 0 || n > 64 || strspn(rid, "0123456789abcdefABCDEF-") != n)
		return NULL;
	return xstrndup(rid, n);
}

/* The first subscription the identity can list. */
static char *
ticketjob_list_first(struct poll_ctx *ctx, char *why, size_t whylen)
{
	struct http_resp resp;
	struct strv ids = { 0 };
	struct arm_req req = { 0 };
	struct arm_error e;
	char *url, *next = NULL, *sub = NULL;

	url = xasprintf("%s/subscriptions?api-version=" TICKETJOB_SUB_API,
	    arm_endpoint(ctx->arm));
	http_resp_init(&resp);
	req.url = url;
	if (arm_do(ctx->arm, ctx->http, ctx->abort, &req, &resp, &e) == -1)
		snprintf(why, whylen, "%.250s", e.msg);
	else {
		if (resp.status != 200)
			arm_error_text(resp.body.data, resp.body.len,
			    resp.status, why, whylen);
		else if (arm_parse_subscriptions(resp.body.data,
		    resp.body.len, &ids, &next, why, whylen) == 0) {
			if (ids.n > 0)
				sub = xstrdup(ids.v[0]);
			else
				snprintf(why, whylen, "this identity can see "
				    "no subscription");
		}
	}
	free(next);
	strv_free(&ids);
	http_resp_free(&resp);
	free(url);
	return sub;
}

/* The resource's own subscription, else the first configured, else the
 * first listed. */
static void
ticketjob_subscription(struct ticketjob *j, struct poll_ctx *ctx)
{
	j->subscription = ticketjob_resource_subscription(j->resource_id);
	if (j->subscription == NULL && ctx->cfg->subscriptions.n > 0)
		j->subscription = xstrdup(ctx->cfg->subscriptions.v[0]);
	if (j->subscription == NULL)
		j->subscription = ticketjob_list_first(ctx, j->sub_why,
		    sizeof j->sub_why);
}

void
ticketjob_run(void *arg, struct poll_ctx *ctx)
{
	struct ticketjob *j = arg;

	j->rc = 0;
	j->msg[0] = '\0';
	switch (j->kind) {
	case TICKETJOB_SERVICES:
		ticket_choices_free(&j->choices);
		j->rc = ticket_services(ctx->arm, ctx->http, ctx->abort, &j->choices, j->msg, sizeof j->msg);
		if (j->rc == 0 && j->choices.n == 0) {
			snprintf(j->msg, sizeof j->msg, "the Support API "
			    "listed no services");
			j->rc = -1;
		}
		if (j->rc == 0 && j->subscription == NULL)
			ticketjob_subscription(j, ctx);
		break;
	case TICKETJOB_CLASSIFICATIONS:
		ticket_choices_free(&j->choices);
		j->rc = ticket_classifications(ctx->arm, ctx->http,
		    ctx->abort, j->service_id, &j->choices, j->msg,
		    sizeof j->msg);
		if (j->rc == 0 && j->choices.n == 0) {
			snprintf(j->msg, sizeof j->msg, "the Support API "
			    "listed no problem classifications for this "
			    "service");
			j->rc = -1;
		}
		break;
	case TICKETJOB_SEND:
		j->outcome = ticket_send(ctx->cfg, ctx->arm, ctx->http,
		    ctx->abort, &j->draft, true, NULL, j->msg, sizeof j->msg);
		j->rc = j->outcome == TICKET_CREATED ||
		    j->outcome == TICKET_ACCEPTED ? 0 : -1;
		break;
	}
	/* last: the UI reads the answer once it sees this */
	atomic_store(&j->finished, true);
}

/* helpers ---------------------------------------------------------------- */

/* Lower-case words of at least three letters, minus the ones every
 * service name shares. */
static void
ticketjob_words(const char *s, struct strv *out)
{
	static const char *const common[] = {
		"azure", "service", "services", "for", "and", "the", "microsoft"
	};
	char w[64];
	size_t n, i;

	while (s != NULL && *s != '\0') {
		while (*s != '\0' && !isalnum((unsigned char)*s))
			s++;
		for (n = 0; isalnum((unsigned char)*s); s++)
			if (n < sizeof w - 1)
				w[n++] = (char)tolower((unsigned char)*s);
		w[n] = '\0';
		if (n < 3)
			continue;
		for (i = 0; i < sizeof common / sizeof common[0]; i++)
			if (strcmp(w, common[i]) == 0)
				break;
		if (i == sizeof common / sizeof common[0])
			strv_add(out, w);
	}
}

/* "machine" and "machines" are the same word here. */
static bool
ticketjob_same_word(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t n = la < lb ? la : lb;

	if (la == lb)
		return strcmp(a, b) == 0;
	return n >= 4 && strncmp(a, b, n) == 0;
}

static int
ticketjob_score(const char *name, const char *service)
{
	struct strv a = { 0 }, b = { 0 };
	size_t i, k;
	int score = 0;

	if (strcasecmp(name, service) == 0)
		return 1000;
	if (strcasestr(name, service) != NULL ||
	    strcasestr(service, name) != NULL)
		score = 500;
	ticketjob_words(name, &a);
	ticketjob_words(service, &b);
	for (i = 0; i < a.n; i++)
		for (k = 0; k < b.n; k++)
			if (ticketjob_same_word(a.v[i], b.v[k])) {
				score += 10;
				break;
			}
	/* fewer extra words is closer */
	if (score > 0 && a.n > b.n)
		score -= (int)(a.n - b.n);
	strv_free(&a);
	strv_free(&b);
	return score;
}

size_t
ticketjob_best(const struct ticket_choices *c, const char *service)
{
	size_t i, best = 0;
	int s, top = 0;

	if (service == NULL || *service == '\0')
		return 0;
	for (i = 0; i < c->n; i++) {
		s = ticketjob_score(c->v[i].name, service);
		if (s > top) {
			top = s;
			best = i;
		}
	}
	return best;
}

/* "vm" for "Virtual Machine running Linux": the words' first letters. */
static void
ticketjob_initials(const char *name, char *out, size_t outlen)
{
	size_t n = 0;
	bool start = true;

	for (; name != NULL && *name != '\0' && n + 1 < outlen; name++) {
		if (isalnum((unsigned char)*name)) {
			if (start)
				out[n++] = *name;
			start = false;
		} else
			start = true;
	}
	out[n] = '\0';
}

bool
ticketjob_matches(const char *name, const char *typed)
{
	char w[128], ini[64];
	size_t n;

	if (typed == NULL)
		return true;
	ticketjob_initials(name, ini, sizeof ini);
	for (;;) {
		while (*typed == ' ')
			typed++;
		if (*typed == '\0')
			return true;
		n = strcspn(typed, " ");
		if (n >= sizeof w)
			n = sizeof w - 1;
		memcpy(w, typed, n);
		w[n] = '\0';
		typed += strcspn(typed, " ");
		if (name == NULL || (strcasestr(name, w) == NULL &&
		    (n < 2 || strcasestr(ini, w) == NULL)))
			return false;
	}
}

char *
ticketjob_missing_contact(const struct cfg *cfg)
{
	struct buf b;

	buf_init(&b);
	if (cfg->contact_first_name == NULL || *cfg->contact_first_name == '\0')
		buf_puts(&b, "first_name");
	if (cfg->contact_last_name == NULL || *cfg->contact_last_name == '\0')
		buf_puts(&b, b.len > 0 ? ", last_name" : "last_name");
	if (cfg->contact_email == NULL || *cfg->contact_email == '\0')
		buf_puts(&b, b.len > 0 ? ", email" : "email");
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}
