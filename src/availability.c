/* availability.c: reads the availability of every resource in the
 * user's subscriptions (Resource Health availabilityStatuses, paged, all
 * subscriptions at once through the one ARM client) and keeps the early
 * warning's memory between polls. */
#include "config.h"
#include "availability.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "earlywarn.h"
#include "http.h"
#include "parse-arm.h"
#include "xmalloc.h"

#define AV_API		"2025-05-01"
#define AV_PAGES	20	/* pages per subscription */

struct availability {
	const struct cfg	*cfg;
	struct earlywarn	*ew;
};

/* One subscription's listing. */
struct av_sub {
	const char		*sub;
	char			*url;
	struct resource_health	*rh;
	size_t			 n;
};

struct availability *
availability_new(const struct cfg *cfg)
{
	struct availability *av = xcalloc(1, sizeof *av);
	struct earlywarn_cfg ec;

	av->cfg = cfg;
	ec.min_resources = cfg->ew_min_resources;
	ec.min_percent = cfg->ew_min_percent;
	ec.window = cfg->ew_window;
	av->ew = earlywarn_new(&ec);
	return av;
}

void
availability_free(struct availability *av)
{
	if (av == NULL)
		return;
	earlywarn_free(av->ew);
	free(av);
}

static int
av_page(const char *data, size_t len, void *arg, char **next, char *err,
    size_t errlen)
{
	struct av_sub *s = arg;
	struct resource_health *rh;
	size_t n, i;

	if (arm_parse_availability_list(data, len, &rh, &n, next, err,
	    errlen) == -1)
		return -1;
	if (n > 0) {
		s->rh = xreallocarray(s->rh, s->n + n, sizeof *s->rh);
		for (i = 0; i < n; i++)
			s->rh[s->n + i] = rh[i];
		s->n += n;
	}
	free(rh);
	return 0;
}

/* What a failed listing means to the user: a missing permission says
 * what to grant. */
static void
av_fail(struct buf *detail, const char *sub, const struct arm_error *e)
{
	if (e->kind == ARM_ERR_STATUS && (e->status == 403 || e->status == 401))
		buf_printf(detail, "resource health in subscription %s: not "
		    "permitted; grant this identity "
		    "Microsoft.ResourceHealth/availabilityStatuses/read (the "
		    "Reader role has it) for the early warning\n", sub);
	else
		buf_printf(detail, "resource health in subscription %s: %s\n",
		    sub, e->msg);
}

struct availability_read {
	struct av_sub	*s;
	struct arm_list	*lists;
	size_t		 n, nsubs;
};

struct availability_read *
availability_begin(struct availability *av, const char *endpoint,
    const struct strv *subs, struct arm_list **lists, size_t *n)
{
	struct availability_read *rd;
	size_t i;
	char *esub;

	*lists = NULL;
	*n = 0;
	if (!av->cfg->ew_enabled || subs->n == 0)
		return NULL;
	rd = xcalloc(1, sizeof *rd);
	rd->nsubs = subs->n;
	rd->n = subs->n < AVAILABILITY_MAX_SUBS ? subs->n :
	    AVAILABILITY_MAX_SUBS;
	rd->s = xcalloc(rd->n, sizeof *rd->s);
	rd->lists = xcalloc(rd->n, sizeof *rd->lists);
	for (i = 0; i < rd->n; i++) {
		rd->s[i].sub = subs->v[i];
		esub = http_escape(subs->v[i]);
		rd->s[i].url = xasprintf("%s/subscriptions/%s/providers/"
		    "Microsoft.ResourceHealth/availabilityStatuses?api-version="
		    AV_API, endpoint, esub);
		free(esub);
		rd->lists[i].url = rd->s[i].url;
		rd->lists[i].what = "resource health";
		rd->lists[i].fn = av_page;
		rd->lists[i].arg = &rd->s[i];
		rd->lists[i].max_pages = AV_PAGES;
	}
	*lists = rd->lists;
	*n = rd->n;
	return rd;
}

void
availability_end(struct availability *av, struct availability_read *rd,
    const struct inc_list *azure, time_t now, struct inc_list *out,
    struct buf *detail)
{
	struct av_sub *s;
	const struct arm_list *lists;
	struct resource_health *all = NULL;
	size_t i, j, n, total = 0, failed = 0, down = 0;

	if (rd == NULL)
		return;
	s = rd->s;
	lists = rd->lists;
	n = rd->n;
	for (i = 0; i < n; i++) {
		if (lists[i].err.kind != ARM_ERR_NONE) {
			av_fail(detail, s[i].sub, &lists[i].err);
			failed++;
		} else if (lists[i].truncated)
			buf_printf(detail, "resource health in subscription %s: "
			    "stopped after %d pages\n", s[i].sub, lists[i].pages);
		total += s[i].n;
	}
	if (rd->nsubs > n)
		buf_printf(detail, "resource health: read %zu of %zu "
		    "subscriptions\n", n, rd->nsubs);
	if (total > 0)
		all = xcalloc(total, sizeof *all);
	for (i = 0, total = 0; i < n; i++) {
		for (j = 0; j < s[i].n; j++) {
			if (s[i].rh[j].state != NULL &&
			    strcmp(s[i].rh[j].state, "Available") != 0 &&
			    s[i].rh[j].platform)
				down++;
			all[total++] = s[i].rh[j];
		}
		free(s[i].rh);	/* moved into all */
		s[i].rh = NULL;
		s[i].n = 0;
	}
	/* a partial reading would make the missing resources look gone:
	 * judge only on complete ones, keep the warnings meanwhile */
	if (failed == 0)
		earlywarn_observe(av->ew, all, total, now);
	earlywarn_eval(av->ew, azure, now, out);
	/* confirmed and potential impact, with each resource's health */
	for (i = 0; i < out->n; i++) {
		const struct incident *inc = out->v[i];

		if (inc->early || inc->status == INC_RESOLVED ||
		    (inc->type != INC_SERVICE_ISSUE && inc->type != INC_OTHER))
			continue;
		earlywarn_grade(av->ew, inc_list_own_at(out, i));
	}
	if (failed < n)
		buf_printf(detail, "resource health: %zu resource%s, %zu down "
		    "for a platform reason\n", total, total == 1 ? "" : "s",
		    down);
	for (i = 0; i < total; i++)
		arm_resource_health_free(&all[i]);
	free(all);
	availability_read_free(rd);
}

void
availability_read_free(struct availability_read *rd)
{
	size_t i, j;

	if (rd == NULL)
		return;
	for (i = 0; i < rd->n; i++) {
		for (j = 0; j < rd->s[i].n; j++)
			arm_resource_health_free(&rd->s[i].rh[j]);
		free(rd->s[i].rh);
		free(rd->s[i].url);
	}
	free(rd->s);
	free(rd->lists);
	free(rd);
}
