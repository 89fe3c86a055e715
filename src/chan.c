/* chan.c: what every channel shares: its result, and the table of tables. */
#include "config.h"
#include "chan.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

void
chan_result_init(struct chan_result *r)
{
	memset(r, 0, sizeof *r);
	r->state = CHAN_PENDING;
}

void
chan_result_free(struct chan_result *r)
{
	free(r->error);
	free(r->note);
	free(r->detail);
	inc_list_clear(&r->incidents);
	fired_set_unref(r->fired);
	subnames_unref(r->subnames);
	chan_result_init(r);
}

void
chan_result_fail(struct chan_result *r, enum chan_state st, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(r->error);
	r->error = xvasprintf(fmt, ap);
	va_end(ap);
	r->failed = true;
	r->state = st;
	inc_list_clear(&r->incidents);
}

const struct chan_ops *
chan_ops_get(enum chan_id id)
{
	switch (id) {
	case CHAN_SERVICE_HEALTH:
		return &chan_health_ops;
	case CHAN_STATUS_PAGE:
		return &chan_status_ops;
	case CHAN_X:
		return &chan_x_ops;
	case CHAN_SUPPORT:
		return &chan_support_ops;
	default:
		return NULL;
	}
}
