/* chan-x.c: @AzureSupport on X. (Polling lands with the X channel work;
 * until then the pane says what to configure.) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "chan.h"

static bool
x_configured(const struct cfg *cfg, char *why, size_t len)
{
	snprintf(why, len, "set X_BEARER_TOKEN, or bearer_token_file or "
	    "feed_url in [x]; account: https://x.com/%s", cfg->x_account);
	return false;
}

static void *
x_create(const struct cfg *cfg)
{
	return NULL;
}

static void
x_poll(void *self, struct poll_ctx *ctx, struct chan_result *res)
{
	chan_result_fail(res, CHAN_UNCONFIGURED, "not configured");
}

static void
x_destroy(void *self)
{
}

const struct chan_ops chan_x_ops = {
	.id = CHAN_X,
	.min_interval = 300,
	.configured = x_configured,
	.create = x_create,
	.poll = x_poll,
	.destroy = x_destroy,
};
