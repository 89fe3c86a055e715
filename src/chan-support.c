/* chan-support.c: the user's Azure support tickets, per subscription,
 * with the incident each one is about, and whether a Service Health
 * alert would have told them (alert readiness). Asks through the ARM
 * client, every subscription at once. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alerts.h"
#include "arm.h"
#include "buf.h"
#include "chan.h"
#include "parse-arm.h"
#include "ticket.h"
#include "timeutil.h"
#include "xmalloc.h"

#define SUPPORT_MAX_SUBS	20
#define SUPPORT_MAX_PAGES	5
#define SUPPORT_LOOKBACK	(90 * 86400)	/* tickets created since */
#define SUPPORT_SUBS_TTL	3600
#define SUPPORT_SUBS_API	"2022-12-01"
#define SUPPORT_NAMES_RETRY	300	/* names not listed: again after */

struct chan_support_self {
	struct strv	 subs;		/* listed when none configured */
	struct subnames	*names;		/* their display names */
	time_t		 subs_at;
	time_t		 names_at;	/* configured ones: names last read */
	/* what the last poll read, for an answer joined again (rejoin) */
	struct ticket_set last;
	char		*last_detail;	/* subscriptions not readable */
	size_t		 last_nsubs;
	bool		 have_last;
};

static bool
support_configured(const struct cfg *cfg, char *why, size_t len)
{
	/* Whether sign-in works is only known by trying (auth = auto may
	 * find the Azure CLI); the poll says so when it does not. */
	return true;
}

static void *
support_create(const struct cfg *cfg)
{
	struct chan_support_self *self = xcalloc(1, sizeof *self);

	return self;
}

static void
support_destroy(void *arg)
{
	struct chan_support_self *self = arg;

	if (self == NULL)
		return;
	strv_free(&self->subs);
	subnames_unref(self->names);
	ticket_set_free(&self->last);
	free(self->last_detail);
	free(self);
}

/* Signing in failed: unconfigured (a sentence, not an error look) when
 * nothing is set up, else unreachable / error. */
static void
support_auth_failed(struct chan_result *res, const struct arm_error *e)
{
	switch (e->kind) {
	case ARM_ERR_SIGNIN_DOWN:
	case ARM_ERR_ABORTED:
		chan_result_fail(res, CHAN_UNREACHABLE, "Azure sign-in: %s",
		    e->msg);
		break;
	case ARM_ERR_SIGNIN:
		chan_result_fail(res, CHAN_ERROR, "Azure sign-in: %s", e->msg);
		break;
	default:
		res->state = CHAN_UNCONFIGURED;
		res->note = xasprintf("sign in to Azure to see your support "
		    "tickets (%s); raise tickets at " TICKET_PORTAL_URL, e->msg);
		break;
	}
}

static bool
support_is_signin(const struct arm_error *e)
{
	return e->kind == ARM_ERR_UNCONFIGURED || e->kind == ARM_ERR_SIGNIN ||
	    e->kind == ARM_ERR_SIGNIN_DOWN;
}

struct subs_list {
	struct strv	 ids;
	struct subnames	*names;
};

static int
subs_page(const char *data, size_t len, void *arg, char **next, char *err,
    size_t errlen)
{
	struct subs_list *sl = arg;

	return arm_parse_subscription_names(data, len, &sl->ids, sl->names,
	    next, err, errlen);
}

struct tickets_page {
	const char		*sub;
	const struct inc_list	*known;
	struct ticket_set	 set;
	char			*url;
};

static int
tickets_page(const char *data, size_t len, void *arg, char **next,
    char *err, size_t errlen)
{
	struct tickets_page *tp = arg;

	return ticket_parse_list(data, len, tp->sub, tp->known, &tp->set, next,
	    err, errlen);
}

/* The configured subscriptions, else those the identity can list. */
static int
support_subs(struct chan_support_self *self, struct poll_ctx *ctx,
    const struct strv **out, struct arm_error *e)
{
	const struct cfg *cfg = ctx->cfg;
	struct subs_list sl = { { 0 }, NULL };
	struct arm_list l;
	char *url;

	if (cfg->subscriptions.n > 0) {
		*out = &cfg->subscriptions;
		return 0;
	}
	if (self->subs.n > 0 && ctx->now - self->subs_at < SUPPORT_SUBS_TTL) {
		*out = &self->subs;
		return 0;
	}
	url = xasprintf("%s/subscriptions?api-version=" SUPPORT_SUBS_API,
	    arm_endpoint(ctx->arm));
	memset(&l, 0, sizeof l);
	l.url = url;
	l.what = "subscriptions";
	l.fn = subs_page;
	l.arg = &sl;
	l.max_pages = SUPPORT_MAX_PAGES;
	sl.names = subnames_new();
	arm_list(ctx->arm, ctx->http, ctx->abort, &l);
	free(url);
	if (l.err.kind != ARM_ERR_NONE) {
		*e = l.err;
		strv_free(&sl.ids);
		subnames_unref(sl.names);
		return -1;
	}
	strv_free(&self->subs);
	self->subs = sl.ids;
	subnames_unref(self->names);
	self->names = sl.names;
	self->subs_at = ctx->now;
	*out = &self->subs;
	return 0;
}

/* Every subscription's tickets at once; tp[i] and lists[i] for subs[i].
 * With configured subscriptions, their display names are listed in the
 * same round (lists[n]), now and then: the identity may list them. */
static void
support_tickets(struct chan_support_self *self, struct poll_ctx *ctx,
    const struct strv *subs, size_t n, struct tickets_page *tp,
    struct arm_list *lists)
{
	struct subs_list sl = { { 0 }, NULL };
	char *names_url = NULL;
	size_t extra = 0;
	time_t since = ctx->now - SUPPORT_LOOKBACK;
	char stamp[32], *filter, *esc_f, *esc_s;
	size_t i;

	time_format_rfc3339(since, stamp, sizeof stamp);
	filter = xasprintf("createdDate ge %s", stamp);
	esc_f = http_escape(filter);
	for (i = 0; i < n; i++) {
		esc_s = http_escape(subs->v[i]);
		tp[i].sub = subs->v[i];
		tp[i].known = ctx->known;
		tp[i].url = xasprintf("%s/subscriptions/%s/providers/"
		    "Microsoft.Support/supportTickets?api-version="
		    TICKET_API_VERSION "&$top=100&$filter=%s",
		    arm_endpoint(ctx->arm), esc_s, esc_f);
		free(esc_s);
		memset(&lists[i], 0, sizeof lists[i]);
		lists[i].url = tp[i].url;
		lists[i].what = "support tickets";
		lists[i].fn = tickets_page;
		lists[i].arg = &tp[i];
		lists[i].max_pages = SUPPORT_MAX_PAGES;
	}
	free(filter);
	free(esc_f);
	if (ctx->cfg->subscriptions.n > 0 && (self->names_at == 0 ||
	    ctx->now - self->names_at >= SUPPORT_SUBS_TTL)) {
		names_url = xasprintf("%s/subscriptions?api-version="
		    SUPPORT_SUBS_API, arm_endpoint(ctx->arm));
		sl.names = subnames_new();
		memset(&lists[n], 0, sizeof lists[n]);
		lists[n].url = names_url;
		lists[n].what = "subscriptions";
		lists[n].fn = subs_page;
		lists[n].arg = &sl;
		lists[n].max_pages = SUPPORT_MAX_PAGES;
		extra = 1;
	}
	arm_list_many(ctx->arm, ctx->http, ctx->abort, lists, n + extra);
	if (extra > 0) {
		/* names only dress the ids: a failure is tried again soon */
		self->names_at = ctx->now - (lists[n].err.kind ==
		    ARM_ERR_NONE ? 0 : SUPPORT_SUBS_TTL - SUPPORT_NAMES_RETRY);
		if (lists[n].err.kind == ARM_ERR_NONE) {
			subnames_unref(self->names);
			self->names = sl.names;
			sl.names = NULL;
		}
		subnames_unref(sl.names);
		strv_free(&sl.ids);
		free(names_url);
	}
}

/* An open ticket about a known incident adds the support channel to its
 * sources. It is not an update: "last update" stays Azure's. */
static void
support_join(struct poll_ctx *ctx, const struct ticket *t,
    struct chan_result *res)
{
	const struct incident *known = NULL;
	struct incident *inc;
	char *line;
	size_t i;

	if (t->tracking_id == NULL || ctx->known == NULL)
		return;
	for (i = 0; i < ctx->known->n && known == NULL; i++) {
		const char *id = ctx->known->v[i]->tracking_id;

		if (id != NULL && strcasecmp(id, t->tracking_id) == 0)
			known = ctx->known->v[i];
	}
	if (known == NULL)
		return;
	line = ticket_brief(t);
	if ((inc = inc_list_own(&res->incidents, known->key)) != NULL) {
		strv_add_unique(&inc->tickets, line);
		free(line);
		return;
	}
	inc = incident_new(known->key);
	strv_add(&inc->tickets, line);
	free(line);
	inc->tracking_id = xstrdup(known->tracking_id);
	inc->title = xstrdup(known->title);
	inc->status = known->status;
	inc->type = known->type;
	inc->start = known->start;
	inc->last_update = known->last_update;
	inc->sources = CHAN_BIT(CHAN_SUPPORT);
	inc_list_add(&res->incidents, inc);
}

/* An active service issue in the known incidents that targets the user
 * (it came from Service Health) or that one of their tickets names. */
static bool
support_matching_active(const struct poll_ctx *ctx,
    const struct ticket_set *set)
{
	size_t i, j;

	for (i = 0; ctx->known != NULL && i < ctx->known->n; i++) {
		const struct incident *inc = ctx->known->v[i];

		if (inc->status != INC_ACTIVE || inc->early || (inc->type != INC_SERVICE_ISSUE
		    && inc->type != INC_OTHER))
			continue;
		if (inc->sources & CHAN_BIT(CHAN_SERVICE_HEALTH))
			return true;
		for (j = 0; j < set->n && inc->tracking_id != NULL; j++) {
			if (set->v[j].tracking_id != NULL &&
			    strcasecmp(set->v[j].tracking_id,
			    inc->tracking_id) == 0)
				return true;
		}
	}
	return false;
}

static void
support_poll(void *arg, struct poll_ctx *ctx, struct chan_result *res)
{
	struct chan_support_self *self = arg;
	const struct strv *subs;
	struct ticket_set set = { 0 };
	struct tickets_page *tp = NULL;
	struct arm_list *lists = NULL;
	struct arm_error e, last;
	struct buf detail;
	const char *method;
	char *line;
	size_t i, j, nsubs = 0, open = 0, readable = 0;

	buf_init(&detail);
	if (ctx->rejoin && self->have_last) {
		/* the same tickets, joined to what is known now */
		ticket_set_copy(&set, &self->last);
		for (i = 0; i < set.n; i++)
			ticket_link(&set.v[i], ctx->known);
		if (self->last_detail != NULL)
			buf_puts(&detail, self->last_detail);
		nsubs = self->last_nsubs;
		goto answer;
	}
	if (arm_sign_in(ctx->arm, ctx->http, ctx->abort, &e) == -1) {
		support_auth_failed(res, &e);
		goto out;
	}
	if (support_subs(self, ctx, &subs, &e) == -1) {
		if (support_is_signin(&e))
			support_auth_failed(res, &e);
		else
			chan_result_fail(res, CHAN_ERROR, "listing "
			    "subscriptions: %s", e.msg);
		goto out;
	}
	nsubs = subs->n < SUPPORT_MAX_SUBS ? subs->n : SUPPORT_MAX_SUBS;
	tp = xcalloc(nsubs + 1, sizeof *tp);
	lists = xcalloc(nsubs + 1, sizeof *lists);
	support_tickets(self, ctx, subs, nsubs, tp, lists);
	memset(&last, 0, sizeof last);
	for (i = 0; i < nsubs; i++) {
		const struct arm_error *le = &lists[i].err;

		if (le->kind != ARM_ERR_NONE) {
			/* nothing arrived from the only subscription */
			if (nsubs == 1 && (le->kind == ARM_ERR_TRANSPORT ||
			    le->kind == ARM_ERR_ABORTED)) {
				chan_result_fail(res, CHAN_UNREACHABLE, "%s",
				    le->msg);
				goto out;
			}
			buf_printf(&detail, "%s%s: tickets not readable (%s)",
			    detail.len ? "\n" : "", subs->v[i], le->msg);
			last = *le;
			continue;
		}
		readable++;
		for (j = 0; j < tp[i].set.n; j++) {
			set.v = xreallocarray(set.v, set.n + 1, sizeof *set.v);
			set.v[set.n++] = tp[i].set.v[j];
		}
		free(tp[i].set.v);
		memset(&tp[i].set, 0, sizeof tp[i].set);
	}
	if (readable == 0 && nsubs > 0) {
		/* 5xx is Azure failing, not a refusal: unreachable */
		chan_result_fail(res, last.status >= 500 ||
		    last.kind == ARM_ERR_TRANSPORT ? CHAN_UNREACHABLE :
		    CHAN_ERROR, "support tickets: %s", last.msg);
		goto out;
	}

	ticket_set_free(&self->last);
	ticket_set_copy(&self->last, &set);
	free(self->last_detail);
	self->last_detail = detail.len > 0 ? xstrdup(buf_str(&detail)) : NULL;
	self->last_nsubs = nsubs;
	self->have_last = true;

answer:
	/* the detail: open tickets */
	{
		struct buf d;

		buf_init(&d);
		for (i = 0; i < set.n; i++) {
			if (!ticket_is_open(&set.v[i]))
				continue;
			open++;
			line = ticket_line(&set.v[i]);
			buf_printf(&d, "%s%s", d.len ? "\n" : "", line);
			free(line);
			support_join(ctx, &set.v[i], res);
		}
		if (detail.len != 0)
			buf_printf(&d, "%s%s", d.len ? "\n" : "",
			    buf_str(&detail));
		res->detail = buf_steal(&d);
	}
	res->subnames = subnames_ref(self->names);
	method = arm_method(ctx->arm);
	if (support_matching_active(ctx, &set))
		res->note = xasprintf("updates come through Service Health; "
		    "raise a ticket only for help with failover (%zu open "
		    "ticket%s)", open, open == 1 ? "" : "s");
	else
		res->note = xasprintf("%zu open ticket%s of %zu in %zu "
		    "subscription%s; signed in with %s", open,
		    open == 1 ? "" : "s", set.n, nsubs, nsubs == 1 ? "" : "s",
		    method != NULL ? method : "?");
out:
	for (i = 0; tp != NULL && i < nsubs; i++) {
		ticket_set_free(&tp[i].set);
		free(tp[i].url);
	}
	free(tp);
	free(lists);
	buf_free(&detail);
	ticket_set_free(&set);
}

const struct chan_ops chan_support_ops = {
	.id = CHAN_SUPPORT,
	.min_interval = 0,
	.joins = true,
	.configured = support_configured,
	.create = support_create,
	.poll = support_poll,
	.destroy = support_destroy,
};
