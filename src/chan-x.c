/* chan-x.c: the @AzureSupport account on X, read through the X API v2
 * with a bearer token (rate limits honoured) or through any RSS/Atom
 * bridge of the account. Posts are kept across polls; those that name a
 * known incident join it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "chan.h"
#include "parse-rss.h"
#include "parse-x.h"
#include "timeutil.h"
#include "xmalloc.h"

#define X_KEEP_POSTS	200
#define X_DETAIL_POSTS	20
#define X_MAX_BYTES	(2u * 1024 * 1024)
#define X_429_DEFAULT	900	/* the documented 15-minute window */

struct chan_x_self {
	char			*user_id;	/* resolved once */
	struct x_timeline	 posts;		/* newest first, bounded */
	struct x_rate		 rate;
	bool			 polled;	/* a timeline answer arrived */
};

static bool
x_has_token(const struct cfg *cfg)
{
	return cfg->x_bearer_token != NULL && *cfg->x_bearer_token != '\0';
}

static bool
x_has_feed(const struct cfg *cfg)
{
	return cfg->x_feed_url != NULL && *cfg->x_feed_url != '\0';
}

static bool
x_configured(const struct cfg *cfg, char *why, size_t len)
{
	char *path;

	if (x_has_token(cfg) || x_has_feed(cfg))
		return true;
	path = cfg->path != NULL ? xstrdup(cfg->path) : cfg_default_path();
	snprintf(why, len, "set X_BEARER_TOKEN or [x] bearer_token_file / "
	    "feed_url in %s; account: https://x.com/%s",
	    path != NULL ? path : "the config file",
	    cfg->x_account != NULL ? cfg->x_account : "AzureSupport");
	free(path);
	return false;
}

static void *
x_create(const struct cfg *cfg)
{
	return xcalloc(1, sizeof(struct chan_x_self));
}

static void
x_destroy(void *arg)
{
	struct chan_x_self *self = arg;

	if (self == NULL)
		return;
	free(self->user_id);
	x_timeline_free(&self->posts);
	free(self);
}

/* "budget: 897 left, resets 10:15" (UTC) */
static void
x_budget(const struct x_rate *r, char *buf, size_t len)
{
	char hm[16];

	if (!r->known) {
		snprintf(buf, len, "budget: unknown");
		return;
	}
	if (r->reset != 0)
		time_format_hm(r->reset, hm, sizeof hm);
	else
		snprintf(hm, sizeof hm, "?");
	if (r->remaining >= 0)
		snprintf(buf, len, "budget: %ld left, resets %s", r->remaining,
		    hm);
	else
		snprintf(buf, len, "budget: resets %s", hm);
}

/* Incidents from the kept posts, and the posts as the pane's detail. */
static void
x_fill(struct chan_x_self *self, struct poll_ctx *ctx,
    struct chan_result *res)
{
	struct buf b;
	char when[32];
	size_t i;

	x_posts_to_incidents(&self->posts, ctx->known, ctx->now,
	    &res->incidents);
	buf_init(&b);
	for (i = 0; i < self->posts.n && i < X_DETAIL_POSTS; i++) {
		const struct x_post *p = &self->posts.posts[i];

		if (p->created != 0)
			time_format_clock(ctx->now, p->created, when,
			    sizeof when);
		else
			snprintf(when, sizeof when, "           ");
		if (b.len != 0)
			buf_putc(&b, '\n');
		buf_printf(&b, "%s  ", when);
		buf_puts(&b, p->text);	/* the pane sanitizes */
	}
	if (self->posts.n == 0)
		buf_puts(&b, "no posts yet");
	free(res->detail);
	res->detail = buf_steal(&b);
}

/* Rate-limit headers of any answer update the budget. */
static void
x_take_rate(struct chan_x_self *self, const struct http_resp *resp)
{
	struct x_rate r;

	x_rate_parse(http_resp_header(resp, "x-rate-limit-limit"),
	    http_resp_header(resp, "x-rate-limit-remaining"),
	    http_resp_header(resp, "x-rate-limit-reset"), &r);
	if (r.known)
		self->rate = r;
}

/* X's windows are 15 minutes: a reset further off is a broken or hostile
 * answer, and must not silence the channel (nor overflow an int). */
#define X_RESET_MAX	900

static int
x_wait_for_reset(const struct chan_x_self *self, time_t now)
{
	time_t d;

	if (self->rate.reset <= now)
		return X_429_DEFAULT;
	d = self->rate.reset - now;
	return d >= X_RESET_MAX ? X_RESET_MAX + 1 : (int)d + 1;
}

/* A failed answer: 429 waits for the reset, others say what happened.
 * The kept posts stay in the detail. */
static void
x_answer_failed(struct chan_x_self *self, struct poll_ctx *ctx,
    struct chan_result *res, const struct http_resp *resp)
{
	char err[512], budget[80], hm[16];
	struct buf b;
	time_t again;

	if (resp->status == 429) {
		self->rate.known = true;
		self->rate.remaining = 0;
		res->retry_after = x_wait_for_reset(self, ctx->now);
		again = ctx->now + res->retry_after;
		time_format_hm(again, hm, sizeof hm);
		chan_result_fail(res, CHAN_UNREACHABLE, "X rate limit reached "
		    "(HTTP 429); next try at %s UTC, posts kept", hm);
	} else {
		x_error_text(resp->body.data, resp->body.len, resp->status,
		    err, sizeof err);
		if (resp->status == 401 || resp->status == 403)
			chan_result_fail(res, CHAN_ERROR, "X refused the bearer "
			    "token: %s", err);
		else if (resp->status >= 500)
			chan_result_fail(res, CHAN_UNREACHABLE, "%s", err);
		else
			chan_result_fail(res, CHAN_ERROR, "%s", err);
	}
	x_budget(&self->rate, budget, sizeof budget);
	res->note = xasprintf("%s; %zu post%s kept", budget, self->posts.n,
	    self->posts.n == 1 ? "" : "s");
	buf_init(&b);
	if (self->posts.n != 0) {
		/* keep showing what we had */
		struct chan_result tmp;

		chan_result_init(&tmp);
		x_fill(self, ctx, &tmp);
		buf_puts(&b, tmp.detail);
		chan_result_free(&tmp);
	}
	res->detail = b.len != 0 ? buf_steal(&b) : NULL;
	buf_free(&b);
}

static int
x_get(struct poll_ctx *ctx, const char *url, struct http_resp *resp,
    struct chan_result *res)
{
	struct http_req req = { 0 };
	char err[512];

	req.url = url;
	/* the bearer goes to the configured X API host only */
	if (http_same_origin(url, ctx->cfg->x_api_endpoint))
		req.bearer = ctx->cfg->x_bearer_token;
	req.max_bytes = X_MAX_BYTES;
	req.abort = ctx->abort;
	if (http_do(ctx->http, &req, resp, err, sizeof err) == -1) {
		chan_result_fail(res, resp->fail == HTTP_FAIL_CONNECT ?
		    CHAN_UNREACHABLE : CHAN_ERROR, "%s", err);
		return -1;
	}
	return 0;
}

static void
x_poll_api(struct chan_x_self *self, struct poll_ctx *ctx,
    struct chan_result *res)
{
	const struct cfg *cfg = ctx->cfg;
	struct http_resp resp;
	struct x_timeline fresh;
	char err[512], budget[80], *url, *esc;

	/* An empty budget is never spent: wait for the reset. */
	if (self->rate.known && self->rate.remaining == 0 &&
	    self->rate.reset > ctx->now) {
		res->retry_after = x_wait_for_reset(self, ctx->now);
		x_budget(&self->rate, budget, sizeof budget);
		x_fill(self, ctx, res);
		res->note = xasprintf("%s; waiting, %zu post%s kept", budget,
		    self->posts.n, self->posts.n == 1 ? "" : "s");
		return;
	}
	http_resp_init(&resp);
	if (self->user_id == NULL) {
		if (!x_username_valid(cfg->x_account)) {
			chan_result_fail(res, CHAN_ERROR, "[x] account must be "
			    "1-15 letters, digits or _ (an X username)");
			goto out;
		}
		url = xasprintf("%s/2/users/by/username/%s",
		    cfg->x_api_endpoint, cfg->x_account);
		if (x_get(ctx, url, &resp, res) == -1) {
			free(url);
			goto out;
		}
		free(url);
		x_take_rate(self, &resp);
		if (resp.status != 200) {
			x_answer_failed(self, ctx, res, &resp);
			goto out;
		}
		if (x_parse_user(resp.body.data, resp.body.len, &self->user_id,
		    err, sizeof err) == -1) {
			chan_result_fail(res, CHAN_ERROR, "looking up @%s: %s",
			    cfg->x_account, err);
			goto out;
		}
		if (self->rate.known && self->rate.remaining == 0) {
			/* the lookup spent the last request of this window */
			res->retry_after = x_wait_for_reset(self, ctx->now);
			x_fill(self, ctx, res);
			x_budget(&self->rate, budget, sizeof budget);
			res->note = xasprintf("%s; posts after the reset",
			    budget);
			goto out;
		}
	}
	if (self->posts.newest_id != NULL) {
		esc = http_escape(self->posts.newest_id);
		url = xasprintf("%s/2/users/%s/tweets?max_results=20&"
		    "tweet.fields=created_at&since_id=%s", cfg->x_api_endpoint,
		    self->user_id, esc);
		free(esc);
	} else
		url = xasprintf("%s/2/users/%s/tweets?max_results=20&"
		    "tweet.fields=created_at", cfg->x_api_endpoint,
		    self->user_id);
	if (x_get(ctx, url, &resp, res) == -1) {
		free(url);
		goto out;
	}
	free(url);
	x_take_rate(self, &resp);
	if (resp.status != 200) {
		x_answer_failed(self, ctx, res, &resp);
		goto out;
	}
	if (x_parse_timeline(resp.body.data, resp.body.len, &fresh, err,
	    sizeof err) == -1) {
		chan_result_fail(res, CHAN_ERROR, "posts of @%s: %s",
		    cfg->x_account, err);
		goto out;
	}
	x_timeline_merge(&self->posts, &fresh, X_KEEP_POSTS);
	self->polled = true;
	x_budget(&self->rate, budget, sizeof budget);
	x_fill(self, ctx, res);
	res->note = xasprintf("%s; %zu post%s kept", budget, self->posts.n,
	    self->posts.n == 1 ? "" : "s");
	if (self->rate.known && self->rate.remaining == 0)
		res->retry_after = x_wait_for_reset(self, ctx->now);
out:
	http_resp_free(&resp);
}

static void
x_poll_feed(struct chan_x_self *self, struct poll_ctx *ctx,
    struct chan_result *res)
{
	struct http_req req = { 0 };
	struct http_resp resp;
	struct rss_feed feed;
	struct x_timeline fresh;
	char err[512], *host;

	req.url = ctx->cfg->x_feed_url;
	req.max_redirects = 5;
	req.max_bytes = X_MAX_BYTES;
	req.abort = ctx->abort;
	http_resp_init(&resp);
	if (http_do(ctx->http, &req, &resp, err, sizeof err) == -1) {
		chan_result_fail(res, resp.fail == HTTP_FAIL_CONNECT ?
		    CHAN_UNREACHABLE : CHAN_ERROR, "%s", err);
		goto out;
	}
	if (resp.status != 200) {
		if (resp.status == 429 && resp.retry_after > 0)
			res->retry_after = (int)resp.retry_after;
		chan_result_fail(res, resp.status >= 500 || resp.status == 429 ?
		    CHAN_UNREACHABLE : CHAN_ERROR, "the X feed answered HTTP "
		    "%ld", resp.status);
		goto out;
	}
	if (rss_parse(resp.body.data, resp.body.len, &feed, err,
	    sizeof err) == -1) {
		chan_result_fail(res, CHAN_ERROR, "the X feed: %s", err);
		goto out;
	}
	x_timeline_from_feed(&feed, &fresh);
	rss_feed_free(&feed);
	x_timeline_merge(&self->posts, &fresh, X_KEEP_POSTS);
	self->polled = true;
	host = http_url_host(ctx->cfg->x_feed_url);
	x_fill(self, ctx, res);
	res->note = xasprintf("via feed %s; %zu post%s kept",
	    host != NULL ? host : "?", self->posts.n,
	    self->posts.n == 1 ? "" : "s");
	free(host);
out:
	http_resp_free(&resp);
}

static void
x_poll(void *arg, struct poll_ctx *ctx, struct chan_result *res)
{
	struct chan_x_self *self = arg;

	if (x_has_token(ctx->cfg))
		x_poll_api(self, ctx, res);
	else
		x_poll_feed(self, ctx, res);
}

const struct chan_ops chan_x_ops = {
	.id = CHAN_X,
	.min_interval = 300,
	.joins = true,
	.configured = x_configured,
	.create = x_create,
	.poll = x_poll,
	.destroy = x_destroy,
};
