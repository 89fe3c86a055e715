/* availability.c: reads the availability of every resource in the
 * user's subscriptions (Resource Health availabilityStatuses, paged, all
 * subscriptions at once through the one ARM client; one Resource Graph
 * query over HealthResources when there are more subscriptions than
 * [azure] graph_threshold) and keeps the early warning's memory between
 * polls. */
#include "config.h"
#include "availability.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "earlywarn.h"
#include "http.h"
#include "parse-arm.h"
#include "xmalloc.h"

#define AV_API		"2025-05-01"
#define AV_PAGES	20	/* pages per subscription, or of the query */

/* Resource Graph's HealthResources: the states, and why in rows of their
 * own (the annotations' context and category). */
#define AV_GRAPH_QUERY \
	"HealthResources" \
	" | where type =~ 'microsoft.resourcehealth/availabilitystatuses'" \
	" or type =~ 'microsoft.resourcehealth/resourceannotations'" \
	" | project id, type, location, subscriptionId, properties"

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

/* The Resource Graph reading's pages. */
struct av_graph {
	struct resource_health	*rh;
	size_t			 n;
	bool			 truncated;
};

static int
av_graph_page(const char *data, size_t len, void *arg, char **skip,
    char *err, size_t errlen)
{
	struct av_graph *g = arg;
	bool trunc = false;

	if (arm_parse_graph_health(data, len, &g->rh, &g->n, skip, &trunc,
	    err, errlen) == -1)
		return -1;
	g->truncated = g->truncated || trunc;
	return 0;
}

/* Resource Graph gives a state and, in a row of its own, why (context,
 * category): each status takes its resource's newest annotation, and
 * the annotations go. */
static void
av_annotate(struct resource_health *rh, size_t *n)
{
	const struct resource_health *best;
	size_t i, j, k;

	for (i = 0; i < *n; i++) {
		if (rh[i].annotation || rh[i].id == NULL)
			continue;
		best = NULL;
		for (j = 0; j < *n; j++) {
			if (!rh[j].annotation || rh[j].id == NULL ||
			    strcasecmp(rh[j].id, rh[i].id) != 0)
				continue;
			if (best == NULL || rh[j].occurred > best->occurred)
				best = &rh[j];
		}
		if (best == NULL)
			continue;
		free(rh[i].context);
		rh[i].context = best->context != NULL ?
		    xstrdup(best->context) : NULL;
		free(rh[i].category);
		rh[i].category = best->category != NULL ?
		    xstrdup(best->category) : NULL;
		rh[i].platform = best->platform;
		rh[i].user = best->user;
		if (rh[i].summary == NULL && best->summary != NULL)
			rh[i].summary = xstrdup(best->summary);
	}
	for (i = 0, k = 0; i < *n; i++) {
		if (rh[i].annotation)
			arm_resource_health_free(&rh[i]);
		else
			rh[k++] = rh[i];
	}
	*n = k;
}

/* The Resource Graph reading as the listings' were: rows into *all
 * (*total), what went wrong into detail; -1 when the reading is not
 * whole. */
static int
av_graph_end(const struct arm_list *l, struct av_graph *g,
    struct resource_health **all, size_t *total, struct buf *detail)
{
	int rc = 0;

	if (l->err.kind != ARM_ERR_NONE) {
		if (l->repeated)
			buf_printf(detail, "resource health (Resource Graph): a "
			    "$skipToken came again; stopped after %d pages\n",
			    l->pages);
		else if (l->err.kind == ARM_ERR_STATUS &&
		    (l->err.status == 403 || l->err.status == 401))
			buf_printf(detail, "resource health (Resource Graph): "
			    "not permitted; grant this identity read access "
			    "(the Reader role) to the subscriptions for the "
			    "early warning\n");
		else
			buf_printf(detail, "resource health (Resource Graph): "
			    "%s\n", l->err.msg);
		rc = -1;
	} else if (l->truncated) {
		buf_printf(detail, "resource health (Resource Graph): stopped "
		    "after %d pages\n", l->pages);
		rc = -1;
	}
	if (g->truncated) {
		buf_printf(detail, "resource health (Resource Graph): results "
		    "truncated\n");
		rc = -1;
	}
	av_annotate(g->rh, &g->n);
	*all = g->rh;
	*total = g->n;
	g->rh = NULL;
	g->n = 0;
	return rc;
}

struct availability_read {
	struct av_sub	*s;
	struct arm_list	*lists;
	size_t		 n, nsubs;
	bool		 graph;		/* one Resource Graph query: g */
	struct av_graph	 g;
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
	/* many subscriptions: one query, as for the events */
	if ((int)subs->n > av->cfg->graph_threshold) {
		rd->graph = true;
		rd->n = 1;
		rd->lists = xcalloc(1, sizeof *rd->lists);
		rd->lists[0].what = "resource health (Resource Graph)";
		rd->lists[0].fn = av_graph_page;
		rd->lists[0].arg = &rd->g;
		rd->lists[0].max_pages = AV_PAGES;
		rd->lists[0].graph_query = AV_GRAPH_QUERY;
		rd->lists[0].graph_subs = subs;
		*lists = rd->lists;
		*n = rd->n;
		return rd;
	}
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
    const struct inc_list *azure, const struct restype_map *types,
    time_t now, struct inc_list *out, struct buf *detail)
{
	struct av_sub *s;
	const struct arm_list *lists;
	struct resource_health *all = NULL;
	size_t i, j, k, n, total = 0, failed = 0, down = 0;

	if (rd == NULL)
		return;
	s = rd->s;
	lists = rd->lists;
	n = rd->n;
	if (rd->graph)
		failed = av_graph_end(&lists[0], &rd->g, &all, &total,
		    detail) == -1 ? 1 : 0;
	for (i = 0; !rd->graph && i < n; i++) {
		if (lists[i].err.kind != ARM_ERR_NONE) {
			av_fail(detail, s[i].sub, &lists[i].err);
			failed++;
		} else if (lists[i].truncated)
			buf_printf(detail, "resource health in subscription %s: "
			    "stopped after %d pages\n", s[i].sub, lists[i].pages);
		total += s[i].n;
	}
	if (!rd->graph && rd->nsubs > n)
		buf_printf(detail, "resource health: read %zu of %zu "
		    "subscriptions\n", n, rd->nsubs);
	if (!rd->graph && total > 0)
		all = xcalloc(total, sizeof *all);
	for (i = 0, j = 0; !rd->graph && i < n; i++) {
		for (k = 0; k < s[i].n; k++)
			all[j++] = s[i].rh[k];
		free(s[i].rh);	/* moved into all */
		s[i].rh = NULL;
		s[i].n = 0;
	}
	for (i = 0; i < total; i++) {
		if (all[i].state != NULL &&
		    strcmp(all[i].state, "Available") != 0 && all[i].platform)
			down++;
	}
	/* a partial reading would make the missing resources look gone:
	 * judge only on complete ones, keep the warnings meanwhile */
	if (failed == 0)
		earlywarn_observe(av->ew, all, total, types, now);
	earlywarn_eval(av->ew, azure, now, out);
	/* confirmed and potential impact, with each resource's health */
	for (i = 0; i < out->n; i++) {
		const struct incident *inc = out->v[i];

		if (inc->early || inc->status == INC_RESOLVED ||
		    (inc->type != INC_SERVICE_ISSUE && inc->type != INC_OTHER))
			continue;
		earlywarn_grade(av->ew, inc_list_own_at(out, i));
	}
	if (failed < n || (rd->graph && total > 0))
		buf_printf(detail, "resource health%s: %zu resource%s, %zu down "
		    "for a platform reason\n", rd->graph ? " (Resource Graph)" :
		    "", total, total == 1 ? "" : "s", down);
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
	for (i = 0; rd->s != NULL && i < rd->n; i++) {
		for (j = 0; j < rd->s[i].n; j++)
			arm_resource_health_free(&rd->s[i].rh[j]);
		free(rd->s[i].rh);
		free(rd->s[i].url);
	}
	for (j = 0; j < rd->g.n; j++)
		arm_resource_health_free(&rd->g.rh[j]);
	free(rd->g.rh);
	free(rd->s);
	free(rd->lists);
	free(rd);
}
