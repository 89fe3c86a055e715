/* earlywarn.c: the early warning. Keeps, across polls, when each of the
 * user's resources last turned down for Azure's reason, and says when
 * enough of one service in one region did so at once while Azure has
 * posted nothing. An inference, and marked as one everywhere. */
#include "config.h"
#include "earlywarn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "regions.h"
#include "restype.h"
#include "timeutil.h"
#include "xmalloc.h"

/* One resource as last read. */
struct ew_res {
	char		*id;
	char		*service;	/* canonical name */
	char		*region;	/* display name */
	char		*state;		/* availabilityState as read */
	bool		 down;		/* down for a counting reason */
	bool		 degraded;	/* ... Degraded rather than Unavailable */
	time_t		 turned;	/* its first turn down in this episode */
	bool		 seen;		/* in the latest reading */
};

/* One warning raised, until its resources recover or the incident it
 * joined goes. */
struct ew_warn {
	char		*service;
	char		*region;
	time_t		 since;		/* the first resource's turn */
	time_t		 raised;	/* when azwatch said so */
	time_t		 changed;	/* the count last changed */
	int		 count;
	bool		 degraded;	/* some only Degraded */
	char		*joined;	/* the Azure incident's key, or NULL */
	bool		 live;		/* still stands after this eval */
};

struct earlywarn {
	struct earlywarn_cfg	 cfg;
	struct ew_res		*res;
	size_t			 nres;
	struct ew_warn		*warn;
	size_t			 nwarn;
};


struct earlywarn *
earlywarn_new(const struct earlywarn_cfg *cfg)
{
	struct earlywarn *ew = xcalloc(1, sizeof *ew);

	ew->cfg.min_resources = EARLYWARN_MIN_RESOURCES;
	ew->cfg.min_percent = EARLYWARN_MIN_PERCENT;
	ew->cfg.window = EARLYWARN_WINDOW;
	if (cfg != NULL) {
		if (cfg->min_resources > 0)
			ew->cfg.min_resources = cfg->min_resources;
		if (cfg->min_percent > 0)
			ew->cfg.min_percent = cfg->min_percent;
		if (cfg->window > 0)
			ew->cfg.window = cfg->window;
	}
	return ew;
}

static void
ew_res_free(struct ew_res *r)
{
	free(r->id);
	free(r->service);
	free(r->region);
	free(r->state);
}

static void
ew_warn_free(struct ew_warn *w)
{
	free(w->service);
	free(w->region);
	free(w->joined);
}

void
earlywarn_free(struct earlywarn *ew)
{
	size_t i;

	if (ew == NULL)
		return;
	for (i = 0; i < ew->nres; i++)
		ew_res_free(&ew->res[i]);
	for (i = 0; i < ew->nwarn; i++)
		ew_warn_free(&ew->warn[i]);
	free(ew->res);
	free(ew->warn);
	free(ew);
}

static bool
ew_is(const char *s, const char *word)
{
	return s != NULL && strcasecmp(s, word) == 0;
}

/* Down for Azure's unplanned reason: the one thing that counts. */
static bool
ew_counts(const struct resource_health *rh, bool *degraded)
{
	*degraded = ew_is(rh->state, "Degraded");
	if (!ew_is(rh->state, "Unavailable") && !*degraded)
		return false;
	if (!rh->platform || rh->user)
		return false;
	/* planned maintenance is announced, not an incident */
	if (ew_is(rh->reason_type, "Planned") || ew_is(rh->category, "Planned"))
		return false;
	return true;
}

static struct ew_res *
ew_res_find(struct earlywarn *ew, const char *id)
{
	size_t i;

	for (i = 0; i < ew->nres; i++) {
		if (strcasecmp(ew->res[i].id, id) == 0)
			return &ew->res[i];
	}
	return NULL;
}

void
earlywarn_observe(struct earlywarn *ew, const struct resource_health *rh,
    size_t n, const struct restype_map *types, time_t now)
{
	const struct region_info *ri;
	const char *svc;
	struct ew_res *r;
	bool degraded;
	time_t t;
	size_t i, j;

	for (i = 0; i < ew->nres; i++)
		ew->res[i].seen = false;
	for (i = 0; i < n; i++) {
		if (rh[i].id == NULL || rh[i].location == NULL ||
		    (svc = restype_map_service_of_id(types, rh[i].id)) == NULL)
			continue;
		if ((r = ew_res_find(ew, rh[i].id)) == NULL) {
			ew->res = xreallocarray(ew->res, ew->nres + 1,
			    sizeof *ew->res);
			r = &ew->res[ew->nres++];
			memset(r, 0, sizeof *r);
			r->id = xstrdup(rh[i].id);
			r->service = xstrdup(svc);
			ri = regions_lookup(rh[i].location);
			r->region = xstrdup(ri != NULL ? ri->display :
			    rh[i].location);
		}
		if (strcmp(r->service, svc) != 0) {
			/* the Support list came: it names the type */
			free(r->service);
			r->service = xstrdup(svc);
		}
		r->seen = true;
		free(r->state);
		r->state = xstrdup(rh[i].state != NULL ? rh[i].state : "Unknown");
		if (!ew_counts(&rh[i], &degraded)) {
			/* up again (or down by the user's hand): its last
			 * turn is kept, so that a flap counts once */
			r->down = false;
			continue;
		}
		r->degraded = degraded;
		if (r->down)
			continue;
		r->down = true;
		t = rh[i].occurred != 0 && rh[i].occurred <= now ?
		    rh[i].occurred : now;
		/* a flap within the window is the same episode */
		if (r->turned == 0 || r->turned < now - ew->cfg.window)
			r->turned = t;
	}
	for (i = j = 0; i < ew->nres; i++) {
		if (ew->res[i].seen)
			ew->res[j++] = ew->res[i];
		else
			ew_res_free(&ew->res[i]);
	}
	ew->nres = j;
}

static bool
ew_service_matches(const char *named, const char *service)
{
	const char *u;

	if (named == NULL)
		return false;
	if (services_equal(named, service))
		return true;
	/* "Azure Networking" covers Load Balancer */
	u = services_umbrella(service);
	return u != NULL && services_equal(named, u);
}

static bool
ew_region_matches(const char *named, const char *region)
{
	return named == NULL || *named == '\0' || regions_is_global(named) ||
	    regions_equal(named, region);
}

bool
earlywarn_covers(const struct incident *inc, const char *service,
    const char *region)
{
	size_t i, j;

	if (inc->early || inc->no_impact || inc->false_positive ||
	    inc->status == INC_RESOLVED)
		return false;
	if (inc->type != INC_SERVICE_ISSUE && inc->type != INC_OTHER)
		return false;
	for (i = 0; i < inc->nimpacts; i++) {
		if (inc->impacts[i].status != INC_RESOLVED &&
		    ew_service_matches(inc->impacts[i].service, service) &&
		    ew_region_matches(inc->impacts[i].region, region))
			return true;
	}
	if (inc->nimpacts > 0)
		return false;
	for (i = 0; i < inc->services.n; i++) {
		if (!ew_service_matches(inc->services.v[i], service))
			continue;
		if (inc->regions.n == 0)
			return true;
		for (j = 0; j < inc->regions.n; j++) {
			if (ew_region_matches(inc->regions.v[j], region))
				return true;
		}
	}
	return false;
}

static struct ew_warn *
ew_warn_find(struct earlywarn *ew, const char *service, const char *region)
{
	size_t i;

	for (i = 0; i < ew->nwarn; i++) {
		if (strcmp(ew->warn[i].service, service) == 0 &&
		    strcmp(ew->warn[i].region, region) == 0)
			return &ew->warn[i];
	}
	return NULL;
}

static const char *
ew_covering(const struct inc_list *azure, const char *service,
    const char *region)
{
	size_t i;

	for (i = 0; azure != NULL && i < azure->n; i++) {
		if (earlywarn_covers(azure->v[i], service, region))
			return azure->v[i]->key;
	}
	return NULL;
}

/* One group's reading: how many turned down within the window, and how
 * many are down now. */
struct ew_group {
	int	 total, recent, down;
	time_t	 since;
	bool	 degraded;
};

static void
ew_group_read(const struct earlywarn *ew, const char *service,
    const char *region, time_t now, struct ew_group *g)
{
	const struct ew_res *r;
	size_t i;

	memset(g, 0, sizeof *g);
	for (i = 0; i < ew->nres; i++) {
		r = &ew->res[i];
		if (strcmp(r->service, service) != 0 ||
		    strcmp(r->region, region) != 0)
			continue;
		g->total++;
		if (!r->down)
			continue;
		g->down++;
		g->degraded |= r->degraded;
		if (r->turned >= now - ew->cfg.window) {
			g->recent++;
			if (g->since == 0 || r->turned < g->since)
				g->since = r->turned;
		}
	}
}

static bool
ew_crossed(const struct earlywarn *ew, const struct ew_group *g)
{
	if (g->recent >= ew->cfg.min_resources)
		return true;
	/* a share needs at least two: one resource down is its own story */
	return g->recent >= 2 && g->total > 0 &&
	    g->recent * 100 >= ew->cfg.min_percent * g->total;
}

static struct incident *
ew_incident(const struct ew_warn *w, time_t now)
{
	const struct region_info *ri = regions_lookup(w->region);
	struct incident *inc;
	char *key, *text, hm[16];

	key = xasprintf(EARLYWARN_KEY_PREFIX "%s/%s", w->service,
	    ri != NULL ? ri->name : w->region);
	inc = incident_new(key);
	free(key);
	time_format_hm(w->since, hm, sizeof hm);
	text = xasprintf("%d of your %s in %s became %s (platform-initiated) "
	    "since %s UTC; %s", w->count, w->service, w->region,
	    w->degraded ? "unavailable or degraded" : "unavailable", hm,
	    w->joined != NULL ? "Azure has posted an incident since" :
	    "Azure has posted nothing yet");
	inc->title = xasprintf("Early warning (azwatch): %s in %s",
	    w->service, w->region);
	inc->summary = xasprintf("%s. This is azwatch's inference from your "
	    "resources' health, not Microsoft's word.", text);
	inc->level = xstrdup("azwatch");
	inc->early = true;
	inc->type = INC_OTHER;
	inc->status = w->joined != NULL ? INC_RESOLVED : INC_ACTIVE;
	inc->joined = xstrdup(w->joined);
	inc->start = w->since;
	inc->last_update = w->changed;
	inc->sources = CHAN_BIT(CHAN_SERVICE_HEALTH);
	inc->seen[LAG_EARLY_WARNING] = w->raised;
	incident_add_impact(inc, w->service, w->region, inc->status);
	incident_add_update(inc, w->changed, CHAN_SERVICE_HEALTH, text);
	free(text);
	(void)now;
	return inc;
}

void
earlywarn_eval(struct earlywarn *ew, const struct inc_list *azure,
    time_t now, struct inc_list *out)
{
	struct ew_group g;
	struct ew_warn *w;
	const char *cover;
	size_t i, j;

	/* new warnings: every service and region that crossed */
	for (i = 0; i < ew->nres; i++) {
		const struct ew_res *r = &ew->res[i];

		if (!r->down || ew_warn_find(ew, r->service, r->region) != NULL)
			continue;
		ew_group_read(ew, r->service, r->region, now, &g);
		if (!ew_crossed(ew, &g))
			continue;
		ew->warn = xreallocarray(ew->warn, ew->nwarn + 1,
		    sizeof *ew->warn);
		w = &ew->warn[ew->nwarn++];
		memset(w, 0, sizeof *w);
		w->service = xstrdup(r->service);
		w->region = xstrdup(r->region);
		w->since = g.since;
		w->raised = w->changed = now;
		w->count = g.recent;
		w->degraded = g.degraded;
		/* Azure was there first: the warning joins at once */
		if ((cover = ew_covering(azure, w->service, w->region)) != NULL)
			w->joined = xstrdup(cover);
	}
	/* every warning: still standing, joined, or over */
	for (i = 0; i < ew->nwarn; i++) {
		w = &ew->warn[i];
		ew_group_read(ew, w->service, w->region, now, &g);
		cover = ew_covering(azure, w->service, w->region);
		if (w->joined != NULL) {
			/* kept while that incident is listed */
			w->live = azure != NULL &&
			    inc_list_find(azure, w->joined) != NULL;
		} else if (cover != NULL) {
			w->joined = xstrdup(cover);
			w->changed = now;
			w->live = true;
		} else if (g.down == 0) {
			w->live = false;	/* recovered; Azure said nothing */
		} else {
			w->live = true;
			if (g.down > w->count) {
				w->count = g.down;
				w->changed = now;
			}
			w->degraded |= g.degraded;
		}
	}
	for (i = j = 0; i < ew->nwarn; i++) {
		if (ew->warn[i].live) {
			inc_list_add(out, ew_incident(&ew->warn[i], now));
			ew->warn[j++] = ew->warn[i];
		} else
			ew_warn_free(&ew->warn[i]);
	}
	ew->nwarn = j;
}

void
earlywarn_join(struct inc_list *l)
{
	struct incident *w, *target;
	size_t i, j;
	time_t t;

	for (i = 0; i < l->n; i++) {
		w = l->v[i];
		if (!w->early || w->joined == NULL ||
		    inc_list_find(l, w->joined) == NULL)
			continue;
		t = w->seen[LAG_EARLY_WARNING];
		target = inc_list_own(l, w->joined);
		if (target != NULL && t != 0 &&
		    (target->seen[LAG_EARLY_WARNING] == 0 ||
		    t < target->seen[LAG_EARLY_WARNING]))
			target->seen[LAG_EARLY_WARNING] = t;
	}
	for (i = j = 0; i < l->n; i++) {
		if (l->v[i]->early && l->v[i]->joined != NULL)
			incident_free(l->v[i]);
		else
			l->v[j++] = l->v[i];
	}
	if (j != l->n) {
		l->n = j;
		if (l->indexed > j)
			l->indexed = 0;
		inc_list_sort(l);
	}
}

void
earlywarn_grade(const struct earlywarn *ew, struct incident *inc)
{
	const struct ew_res *r;
	char *line;
	size_t i;

	/* Azure's own potential ones (impactedResources) stay */
	strv_free(&inc->health);
	for (i = 0; i < ew->nres; i++) {
		r = &ew->res[i];
		if (!strv_has(&inc->resources, r->id) &&
		    !strv_has(&inc->potential, r->id)) {
			if (!earlywarn_covers(inc, r->service, r->region))
				continue;
			strv_add(&inc->potential, r->id);
		}
		line = xasprintf("%s %s", r->state, r->id);
		strv_add(&inc->health, line);
		free(line);
	}
}

const char *
earlywarn_health_of(const struct incident *inc, const char *id, char *buf,
    size_t len)
{
	const char *h, *sp;
	size_t i;

	snprintf(buf, len, "not read");
	for (i = 0; i < inc->health.n; i++) {
		h = inc->health.v[i];
		if ((sp = strchr(h, ' ')) != NULL && strcasecmp(sp + 1, id) == 0) {
			snprintf(buf, len, "%.*s", (int)(sp - h), h);
			break;
		}
	}
	return buf;
}
