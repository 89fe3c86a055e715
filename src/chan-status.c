/* chan-status.c: the public Azure status page, through its RSS feed. It
 * needs no credentials. An empty feed is the healthy state only when the
 * channel is really "Azure Status"; anything else is an error. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chan.h"
#include "derive.h"
#include "parse-rss.h"
#include "xmalloc.h"

#define STATUS_MAX_BYTES	(8u * 1024 * 1024)

struct chan_status_self {
	char		*etag;
	char		*last_modified;
	bool		 have_last;	/* a 200 was parsed: may ask for 304 */
};

static bool
status_configured(const struct cfg *cfg, char *why, size_t len)
{
	if (cfg->feed_url == NULL || *cfg->feed_url == '\0') {
		snprintf(why, len, "set feed_url in [status_page]");
		return false;
	}
	return true;
}

static void *
status_create(const struct cfg *cfg)
{
	return xcalloc(1, sizeof(struct chan_status_self));
}

static void
status_destroy(void *arg)
{
	struct chan_status_self *self = arg;

	free(self->etag);
	free(self->last_modified);
	free(self);
}

/* A feed is XML; an HTML page or an image is not, whatever it contains. */
static int
status_check_type(const char *ct, char *err, size_t len)
{
	if (ct == NULL || *ct == '\0')
		return 0;
	if (strncasecmp(ct, "text/html", 9) == 0) {
		snprintf(err, len, "got an HTML page instead of the feed "
		    "(captive portal or wrong URL?)");
		return -1;
	}
	if (strcasestr(ct, "xml") != NULL || strncasecmp(ct, "text/", 5) == 0 ||
	    strncasecmp(ct, "application/octet-stream", 24) == 0)
		return 0;
	snprintf(err, len, "got content of type %.60s instead of an XML feed",
	    ct);
	return -1;
}

static void
status_poll(void *arg, struct poll_ctx *ctx, struct chan_result *res)
{
	struct chan_status_self *self = arg;
	struct http_req req = { 0 };
	struct http_resp resp;
	struct rss_feed feed;
	char err[512];

	req.url = ctx->cfg->feed_url;
	req.max_redirects = 5;	/* status.azure.com redirects to a CDN copy */
	req.max_bytes = STATUS_MAX_BYTES;
	req.abort = ctx->abort;
	if (self->have_last) {
		req.etag = self->etag;
		req.last_modified = self->last_modified;
	}
	http_resp_init(&resp);
	if (http_do(ctx->http, &req, &resp, err, sizeof err) == -1) {
		chan_result_fail(res, resp.fail == HTTP_FAIL_CONNECT ?
		    CHAN_UNREACHABLE : CHAN_ERROR, "%s", err);
		goto out;
	}
	if (resp.status == 304 && self->have_last) {
		/* the worker keeps what the last 200 said */
		res->unchanged = true;
		res->note = xstrdup("feed unchanged (304)");
		goto out;
	}
	if (resp.status == 429) {
		res->retry_after = resp.retry_after > 0 ? (int)resp.retry_after : 0;
		chan_result_fail(res, CHAN_UNREACHABLE, "status page is "
		    "throttling requests (HTTP 429)");
		goto out;
	}
	if (resp.status >= 500) {
		chan_result_fail(res, CHAN_UNREACHABLE, "status page answered "
		    "HTTP %ld", resp.status);
		goto out;
	}
	if (resp.status != 200) {
		chan_result_fail(res, CHAN_ERROR, "status page answered HTTP %ld",
		    resp.status);
		goto out;
	}
	if (status_check_type(resp.content_type, err, sizeof err) == -1) {
		chan_result_fail(res, CHAN_ERROR, "%s", err);
		goto out;
	}
	if (rss_parse(resp.body.data, resp.body.len, &feed, err,
	    sizeof err) == -1) {
		chan_result_fail(res, CHAN_ERROR, "%s", err);
		goto out;
	}
	if (derive_status_feed(&feed, &res->incidents, err, sizeof err) == -1) {
		rss_feed_free(&feed);
		chan_result_fail(res, CHAN_ERROR, "%s", err);
		goto out;
	}
	rss_feed_free(&feed);

	self->have_last = true;
	free(self->etag);
	free(self->last_modified);
	self->etag = xstrdup(resp.etag);
	self->last_modified = xstrdup(resp.last_modified);
	if (res->incidents.n == 0)
		res->note = xstrdup("feed empty: no broad incident published");
out:
	http_resp_free(&resp);
}

const struct chan_ops chan_status_ops = {
	.id = CHAN_STATUS_PAGE,
	.min_interval = 0,
	.configured = status_configured,
	.create = status_create,
	.poll = status_poll,
	.destroy = status_destroy,
};
