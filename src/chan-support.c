/* chan-support.c: the user's Azure support tickets. (Listing lands with
 * the support channel work; until then the pane says what to configure.) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "chan.h"

static bool
support_configured(const struct cfg *cfg, char *why, size_t len)
{
	snprintf(why, len, "needs Azure sign-in (see service-health); "
	    "raise tickets at https://portal.azure.com/#create/"
	    "Microsoft.Support");
	return false;
}

static void *
support_create(const struct cfg *cfg)
{
	return NULL;
}

static void
support_poll(void *self, struct poll_ctx *ctx, struct chan_result *res)
{
	chan_result_fail(res, CHAN_UNCONFIGURED, "not configured");
}

static void
support_destroy(void *self)
{
}

const struct chan_ops chan_support_ops = {
	.id = CHAN_SUPPORT,
	.min_interval = 0,
	.configured = support_configured,
	.create = support_create,
	.poll = support_poll,
	.destroy = support_destroy,
};
