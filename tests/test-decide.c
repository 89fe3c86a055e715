/* test-decide.c: table tests of the "is it us or is it Azure?" decision:
 * matching by alias, region form, global events and per-region status,
 * the 3-day window counted from the impact's end, non-incidents and "No
 * Impact", the channel fallback order, the status page while Service
 * Health is quiet, unscoped incidents, foundational services, near misses
 * against unrelated incidents, reopened incidents and open tickets. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "decide.h"
#include "model.h"
#include "parse-arm.h"

#define NOW	((time_t)1795514400)	/* 2026-11-24T10:00:00Z */
#define MIN	60
#define HOUR	(60 * MIN)
#define DAY	(24 * HOUR)

#define SH	CHAN_BIT(CHAN_SERVICE_HEALTH)
#define SP	CHAN_BIT(CHAN_STATUS_PAGE)
#define XX	CHAN_BIT(CHAN_X)

#define RES_ID	"/subscriptions/0000/resourceGroups/rg/providers/" \
		"Microsoft.Cache/Redis/cache1"

/* helpers --------------------------------------------------------------- */

static void
set_chan(struct snapshot *s, enum chan_id c, enum chan_state st)
{
	struct chan_status *cs = &s->chans[c];

	cs->state = st;
	cs->configured = st != CHAN_UNCONFIGURED;
	free(cs->error);
	cs->error = NULL;
	free(cs->note);
	cs->note = NULL;
	if (st == CHAN_OK || st == CHAN_INCIDENT)
		cs->last_success = NOW - 12;
	else if (st == CHAN_UNREACHABLE)
		cs->error = strdup("could not connect to host");
	else if (st == CHAN_ERROR)
		cs->error = strdup("HTTP 401: the token was refused");
	else if (st == CHAN_UNCONFIGURED)
		cs->note = strdup("set tenant_id and client_id");
}

/* An incident with one update, reported by the given channels. */
static struct incident *
add_inc(struct snapshot *s, const char *id, unsigned sources,
    enum inc_status st, time_t last)
{
	struct incident *inc = incident_new(id);
	enum chan_id c = (sources & SH) ? CHAN_SERVICE_HEALTH :
	    (sources & SP) ? CHAN_STATUS_PAGE : CHAN_X;

	inc->tracking_id = strdup(id);
	inc->title = strdup("Service degradation");
	inc->status = st;
	inc->sources = sources;
	inc->start = last - 2 * HOUR;
	if (st != INC_ACTIVE)
		inc->mitigated = last;
	incident_add_update(inc, last, c,
	    "Engineers are investigating the issue.");
	inc->last_update = last;
	inc_list_add(&s->incidents, inc);
	return inc;
}

static void
imp(struct incident *inc, const char *service, const char *region,
    enum inc_status st)
{
	incident_add_impact(inc, service, region, st);
}

/* One active Redis-in-region incident from the given channels. */
static struct incident *
redis_in(struct snapshot *s, const char *id, unsigned sources,
    const char *region)
{
	struct incident *inc = add_inc(s, id, sources, INC_ACTIVE,
	    NOW - 20 * MIN);

	imp(inc, "Azure Cache for Redis", region, INC_ACTIVE);
	return inc;
}

/* scenarios ------------------------------------------------------------- */

static void
setup_none(struct snapshot *s)
{
	(void)s;
}

static void
setup_redis_eastus(struct snapshot *s)
{
	redis_in(s, "7K2Q-XL8", SH, "East US");
}

static void
setup_redis_eastus2(struct snapshot *s)
{
	redis_in(s, "R2-EUS2", SH, "East US 2");
}

/* Active in East US, resolved in West US an hour ago. */
static void
setup_per_region(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "VM-1", SH, INC_ACTIVE,
	    NOW - HOUR);

	imp(inc, "Virtual Machines", "East US", INC_ACTIVE);
	imp(inc, "Virtual Machines", "West US", INC_RESOLVED);
}

static void
setup_global_null(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "GL-1", SH, INC_ACTIVE,
	    NOW - HOUR);

	imp(inc, "Virtual Machines", NULL, INC_ACTIVE);
}

static void
setup_global_word(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "GL-2", SH, INC_ACTIVE,
	    NOW - HOUR);

	imp(inc, "Virtual Machines", "Global", INC_ACTIVE);
}

static void
setup_resolved_2d(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "OLD-2", SH, INC_RESOLVED,
	    NOW - 2 * DAY);

	imp(inc, "Azure Cache for Redis", "East US", INC_RESOLVED);
}

static void
setup_resolved_4d(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "OLD-4", SH, INC_RESOLVED,
	    NOW - 4 * DAY);

	imp(inc, "Azure Cache for Redis", "East US", INC_RESOLVED);
}

static void
setup_mitigated(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "MIT-1", SH, INC_MITIGATED,
	    NOW - 3 * HOUR);

	imp(inc, "Azure Cache for Redis", "East US", INC_MITIGATED);
}

/* Resolved as a whole yesterday; the region entry was never updated. */
static void
setup_resolved_stale_region(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "STALE-1", SH, INC_RESOLVED,
	    NOW - DAY);

	imp(inc, "Azure Cache for Redis", "East US", INC_ACTIVE);
}

static void
setup_maintenance(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "PM-1", SH, INC_ACTIVE,
	    NOW - HOUR);

	inc->type = INC_PLANNED_MAINTENANCE;
	imp(inc, "Virtual Machines", "East US", INC_ACTIVE);
}

static void
setup_advisory(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "HA-1", SH, INC_ACTIVE,
	    NOW - HOUR);

	inc->type = INC_HEALTH_ADVISORY;
	imp(inc, "Virtual Machines", "East US", INC_ACTIVE);
}

static void
setup_rca(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "RCA-1", SH, INC_ACTIVE,
	    NOW - HOUR);

	inc->type = INC_RCA;
	imp(inc, "Azure Cache for Redis", "East US", INC_ACTIVE);
}

static void
setup_false_positive(struct snapshot *s)
{
	struct incident *inc = redis_in(s, "FP-1", SH, "East US");

	/* as parse-arm.c marks it */
	inc->false_positive = true;
	inc->no_impact = true;
}

/* Storage in West Europe, but the user's Redis cache is listed. */
static void
setup_resource(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "RS-1", SH, INC_ACTIVE,
	    NOW - HOUR);

	imp(inc, "Storage", "West Europe", INC_ACTIVE);
	strv_add(&inc->resources, RES_ID);
}

/* The same Redis incident seen by every channel, under its own id each. */
static void
setup_everywhere(struct snapshot *s)
{
	struct incident *inc;

	redis_in(s, "SH-1", SH, "East US");
	inc = redis_in(s, "SP-1", SP, "East US");
	inc->scenario = SCEN_BROAD;
	redis_in(s, "X-1", XX, "East US");
}

/* Status page only: the portal is impaired; nothing about Redis. */
static void
setup_sp_portal(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "PORTAL-1", SP, INC_ACTIVE,
	    NOW - HOUR);

	inc->scenario = SCEN_PORTAL;
	imp(inc, "Azure Portal", NULL, INC_ACTIVE);
}

/* Only the status page knows about Redis; Service Health says nothing. */
static void
setup_sp_only_redis(struct snapshot *s)
{
	struct incident *inc = redis_in(s, "SPR-1", SP, "East US");

	inc->scenario = SCEN_SCOPE_UNKNOWN;
}

static void
setup_unknown_service(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "CW-1", SH, INC_ACTIVE,
	    NOW - HOUR);

	imp(inc, "Contoso Widgets", "East US", INC_ACTIVE);
}

static void
setup_corroborated(struct snapshot *s)
{
	redis_in(s, "CO-1", SH | SP, "East US");
}

/* Started after the user's symptoms began (symptoms 09:00). */
static void
setup_late_start(struct snapshot *s)
{
	struct incident *inc = redis_in(s, "LATE-1", SH, "East US");

	inc->start = NOW - 30 * MIN;
}

/* Active and recently-mitigated matches together. */
static void
setup_active_and_mitigated(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "AA-MIT", SH, INC_MITIGATED,
	    NOW - 5 * HOUR);

	imp(inc, "Azure Cache for Redis", "East US", INC_MITIGATED);
	redis_in(s, "ZZ-ACT", SH, "East US");
}

/* A source that gives only lists of services and regions. */
static void
setup_lists_only(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "LIST-1", XX, INC_ACTIVE,
	    NOW - HOUR);

	strv_add(&inc->services, "Virtual Machines");
	strv_add(&inc->regions, "East US");
}

/* Redis East US active in X only. */
static void
setup_x_only(struct snapshot *s)
{
	redis_in(s, "XO-1", XX, "East US");
}

/* Two active incidents elsewhere; none is Redis in East US 2. */
static void
setup_two_elsewhere(struct snapshot *s)
{
	redis_in(s, "7K2Q-XL8", SH, "East US");
	imp(add_inc(s, "ST-9", SH, INC_ACTIVE, NOW - HOUR), "Storage",
	    "West Europe", INC_ACTIVE);
}

/* Issue 14's rules --------------------------------------------------- */

/* The status page's incident that names no service or region yet. */
static void
setup_sp_unscoped(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "SPU-1", SP, INC_ACTIVE,
	    NOW - HOUR);

	inc->scenario = SCEN_SCOPE_UNKNOWN;
}

/* An unscoped post on X (what parse-x makes of "We are investigating a
 * networking issue impacting connectivity to Azure ..."). */
static void
setup_x_unscoped(struct snapshot *s)
{
	add_inc(s, "X-NET", XX, INC_ACTIVE, NOW - 30 * MIN);
}

/* Storage active in East US (Service Health). */
static void
setup_storage_eastus(struct snapshot *s)
{
	imp(add_inc(s, "STO-1", SH, INC_ACTIVE, NOW - HOUR), "Storage",
	    "East US", INC_ACTIVE);
}

/* The network, everywhere, on the status page only. */
static void
setup_network_global(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "NET-1", SP, INC_ACTIVE,
	    NOW - HOUR);

	inc->scenario = SCEN_BROAD;
	imp(inc, "Azure Networking", NULL, INC_ACTIVE);
}

/* Front Door named beside its category, a broad area. */
static void
setup_afd_area(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "AFD-1", SP, INC_ACTIVE,
	    NOW - HOUR);

	imp(inc, "Azure Front Door", NULL, INC_ACTIVE);
	imp(inc, "Network Infrastructure", NULL, INC_ACTIVE);
}

/* Only unrelated incidents: Storage in West Europe. */
static void
setup_unrelated(struct snapshot *s)
{
	imp(add_inc(s, "UNR-1", SH, INC_ACTIVE, NOW - HOUR), "Storage",
	    "West Europe", INC_ACTIVE);
}

/* Reported mitigated three hours ago, then Active again. */
static void
setup_reopened(struct snapshot *s)
{
	struct incident *inc = redis_in(s, "REO-1", SH, "East US");

	inc->mitigated = NOW - 3 * HOUR;
}

/* Mitigated 4 days ago; a post-incident review a day ago. */
static void
setup_pir_late(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "PIR-4", SH, INC_RESOLVED,
	    NOW - DAY);

	inc->start = NOW - 4 * DAY - 5 * HOUR;
	inc->mitigated = NOW - 4 * DAY;
	imp(inc, "Azure Cache for Redis", "East US", INC_RESOLVED);
}

/* Mitigated 2 days ago; the review an hour ago. */
static void
setup_pir_recent(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "PIR-2", SH, INC_RESOLVED,
	    NOW - HOUR);

	inc->mitigated = NOW - 2 * DAY;
	imp(inc, "Azure Cache for Redis", "East US", INC_RESOLVED);
}

static void
setup_no_impact(struct snapshot *s)
{
	struct incident *inc = redis_in(s, "NOI-1", SH, "East US");

	free(inc->title);
	inc->title = strdup("No Impact - Azure Cache for Redis - East US");
	inc->no_impact = true;
}

/* A Service Health event read by the real parser: the title starts "No
 * Impact" (shape of a real ServiceIssue event; title in the form Microsoft
 * uses for communications that found no customer impact). */
static void
setup_sh_no_impact_event(struct snapshot *s)
{
	static const char ev[] =
	    "{\"name\":\"NI7-XZ9\",\"properties\":{"
	    "\"eventType\":\"ServiceIssue\",\"eventSource\":"
	    "\"ServiceHealth\",\"status\":\"Active\","
	    "\"title\":\"No Impact - Azure Cache for Redis - East US\","
	    "\"summary\":\"<p>We have confirmed that your subscription was "
	    "not impacted by this issue.</p>\","
	    "\"impactStartTime\":\"2026-11-24T09:00:00Z\","
	    "\"lastUpdateTime\":\"2026-11-24T09:40:00Z\","
	    "\"impact\":[{\"impactedService\":\"Azure Cache for Redis\","
	    "\"impactedRegions\":[{\"impactedRegion\":\"East US\","
	    "\"status\":\"Active\"}]}]}}";
	struct incident *inc = NULL;
	char err[256];

	assert_int_equal(arm_parse_event(ev, sizeof ev - 1, NOW, &inc, err,
	    sizeof err), 0);
	assert_true(inc->no_impact);
	inc_list_add(&s->incidents, inc);
}

/* A Service Health event tagged "False Positive" in an update. */
static void
setup_sh_false_positive_event(struct snapshot *s)
{
	static const char ev[] =
	    "{\"name\":\"FP7-XZ9\",\"properties\":{"
	    "\"eventType\":\"ServiceIssue\",\"status\":\"Active\","
	    "\"title\":\"Azure Cache for Redis - East US - Investigating\","
	    "\"impactStartTime\":\"2026-11-24T09:00:00Z\","
	    "\"impact\":[{\"impactedService\":\"Azure Cache for Redis\","
	    "\"impactedRegions\":[{\"impactedRegion\":\"East US\","
	    "\"status\":\"Active\",\"updates\":[{\"summary\":"
	    "\"After investigation, your service was not impacted.\","
	    "\"updateDateTime\":\"2026-11-24T09:40:00Z\","
	    "\"eventTags\":[\"False Positive\"]}]}]}]}}";
	struct incident *inc = NULL;
	char err[256];

	assert_int_equal(arm_parse_event(ev, sizeof ev - 1, NOW, &inc, err,
	    sizeof err), 0);
	assert_true(inc->no_impact);
	inc_list_add(&s->incidents, inc);
}

/* Matched, and the support pane has an open ticket naming it. */
static void
setup_ticketed(struct snapshot *s)
{
	struct incident *inc = redis_in(s, "TKT-1", SH, "East US");

	inc->sources |= CHAN_BIT(CHAN_SUPPORT);
}

/* Service Health resolved it; the page still shows it active. */
static void
setup_page_lags(struct snapshot *s)
{
	struct incident *inc = add_inc(s, "LAG-1", SH, INC_RESOLVED,
	    NOW - HOUR);

	imp(inc, "Azure Cache for Redis", "East US", INC_RESOLVED);
	inc = redis_in(s, "LAG-1-page", SP, "East US");
	free(inc->tracking_id);
	inc->tracking_id = strdup("LAG-1");
}

/* the table ------------------------------------------------------------- */

struct tcase {
	const char	*name;
	void		(*setup)(struct snapshot *);
	enum chan_state	 sh, sp, x;
	const char	*service;
	const char	*region;
	const char	*resource;
	time_t		 since;
	enum verdict	 verdict;
	const char	*matched;	/* comma-joined */
	unsigned	 used;
	unsigned	 failed;
	enum scenario	 scenario;
	const char	*evidence;	/* a substring of some evidence line */
	const char	*others;	/* comma-joined, NULL = don't check */
};

#define OK	CHAN_OK
#define INC	CHAN_INCIDENT
#define UNR	CHAN_UNREACHABLE
#define ERR	CHAN_ERROR
#define UNC	CHAN_UNCONFIGURED
#define PEN	CHAN_PENDING

#define V_NONE	VERDICT_NO_KNOWN_INCIDENT
#define V_AZ	VERDICT_AZURE_INCIDENT
#define V_NM	VERDICT_NOT_MATCHING
#define V_MP	VERDICT_MITIGATED_PERSISTING
#define V_UN	VERDICT_UNDETERMINED

static const struct tcase cases[] = {
	/* the seed's example */
	{ "seed: Redis East US, symptoms in East US 2", setup_redis_eastus,
	    INC, OK, OK, "Azure Cache for Redis", "East US 2", NULL, 0,
	    V_NM, "", SH, 0, SCEN_NONE,
	    "7K2Q-XL8: Azure Cache for Redis in East US is active (latest "
	    "update 09:40 UTC: Engineers are investigating the issue.); a near "
	    "miss: it does not cover Azure Cache for Redis in East US 2",
	    "7K2Q-XL8" },
	{ "seed: Redis East US, symptoms in East US", setup_redis_eastus,
	    INC, OK, OK, "Azure Cache for Redis", "East US", NULL, 0,
	    V_AZ, "7K2Q-XL8", SH, 0, SCEN_NONE,
	    "7K2Q-XL8: Azure Cache for Redis in East US is active (latest "
	    "update 09:40 UTC: Engineers are investigating the issue.)", "" },
	{ "seed: not-matching names both incidents", setup_two_elsewhere,
	    INC, OK, OK, "Redis", "eastus2", NULL, 0,
	    V_NM, "", SH, 0, SCEN_NONE, "ST-9: Storage in West Europe is active",
	    "7K2Q-XL8,ST-9" },

	/* service aliases */
	{ "alias Redis Cache", setup_redis_eastus, INC, OK, OK,
	    "Redis Cache", "East US", NULL, 0, V_AZ, "7K2Q-XL8", SH, 0,
	    SCEN_NONE, NULL, NULL },
	{ "alias redis", setup_redis_eastus, INC, OK, OK,
	    "redis", "eastus", NULL, 0, V_AZ, "7K2Q-XL8", SH, 0,
	    SCEN_NONE, NULL, NULL },
	{ "alias VM", setup_per_region, INC, OK, OK,
	    "VM", "East US", NULL, 0, V_AZ, "VM-1", SH, 0, SCEN_NONE,
	    "VM-1: Virtual Machines in East US is active", NULL },
	{ "alias of another service does not match", setup_redis_eastus,
	    INC, OK, OK, "VM", "East US", NULL, 0, V_NM, "", SH, 0,
	    SCEN_NONE, NULL, "7K2Q-XL8" },

	/* region forms */
	{ "region eastus2", setup_redis_eastus2, INC, OK, OK,
	    "Azure Cache for Redis", "eastus2", NULL, 0, V_AZ, "R2-EUS2",
	    SH, 0, SCEN_NONE, NULL, NULL },
	{ "region East US 2", setup_redis_eastus2, INC, OK, OK,
	    "Azure Cache for Redis", "East US 2", NULL, 0, V_AZ, "R2-EUS2",
	    SH, 0, SCEN_NONE, NULL, NULL },
	{ "region east us 2", setup_redis_eastus2, INC, OK, OK,
	    "Azure Cache for Redis", "east us 2", NULL, 0, V_AZ, "R2-EUS2",
	    SH, 0, SCEN_NONE, NULL, NULL },
	{ "region eastus is not East US 2", setup_redis_eastus2, INC, OK,
	    OK, "Azure Cache for Redis", "eastus", NULL, 0, V_NM, "", SH, 0,
	    SCEN_NONE, NULL, "R2-EUS2" },

	/* global events */
	{ "global event, region NULL", setup_global_null, INC, OK, OK,
	    "Virtual Machines", "Japan East", NULL, 0, V_AZ, "GL-1", SH, 0,
	    SCEN_NONE, "GL-1: Virtual Machines in every region is active",
	    NULL },
	{ "global event, region Global", setup_global_word, INC, OK, OK,
	    "VM", "westeurope", NULL, 0, V_AZ, "GL-2", SH, 0, SCEN_NONE,
	    NULL, NULL },
	{ "global event, other service", setup_global_null, INC, OK, OK,
	    "Storage", "Japan East", NULL, 0, V_NM, "", SH, 0, SCEN_NONE,
	    NULL, "GL-1" },

	/* per-region status */
	{ "per-region: active region", setup_per_region, INC, OK, OK,
	    "Virtual Machines", "eastus", NULL, 0, V_AZ, "VM-1", SH, 0,
	    SCEN_NONE, NULL, NULL },
	{ "per-region: resolved region", setup_per_region, INC, OK, OK,
	    "Virtual Machines", "West US", NULL, 0, V_MP, "VM-1", SH, 0,
	    SCEN_NONE, "VM-1: Virtual Machines in West US is resolved", "" },
	{ "per-region: region not named", setup_per_region, INC, OK, OK,
	    "Virtual Machines", "West US 2", NULL, 0, V_NM, "", SH, 0,
	    SCEN_NONE, NULL, "VM-1" },
	{ "resolved overall, stale active region", setup_resolved_stale_region,
	    OK, OK, OK, "Redis", "East US", NULL, 0, V_MP, "STALE-1", SH, 0,
	    SCEN_NONE, NULL, "" },

	/* the 3-day window */
	{ "resolved 2 days ago", setup_resolved_2d, OK, OK, OK,
	    "Redis", "East US", NULL, NOW - HOUR, V_MP, "OLD-2", SH, 0,
	    SCEN_NONE, "OLD-2: Azure Cache for Redis in East US is resolved"
	    ", impact ended 2026-11-22 10:00 UTC (2d ago)", NULL },
	{ "resolved 4 days ago", setup_resolved_4d, OK, OK, OK,
	    "Redis", "East US", NULL, NOW - HOUR, V_NONE, "", SH, 0,
	    SCEN_NONE, "more than 3 days ago", "" },
	{ "mitigated 3 hours ago", setup_mitigated, OK, OK, OK,
	    "Azure Cache for Redis", "East US", NULL, 0, V_MP, "MIT-1", SH, 0,
	    SCEN_NONE, "is mitigated", NULL },
	{ "active first, then mitigated", setup_active_and_mitigated, INC,
	    OK, OK, "Redis", "East US", NULL, 0, V_AZ, "ZZ-ACT,AA-MIT", SH, 0,
	    SCEN_NONE, NULL, "" },

	/* not incidents */
	{ "planned maintenance only", setup_maintenance, OK, OK, OK,
	    "Virtual Machines", "East US", NULL, 0, V_NONE, "", SH, 0,
	    SCEN_NONE, "PM-1: planned maintenance for Virtual Machines in "
	    "East US (not an incident)", "" },
	{ "maintenance elsewhere is not an other", setup_maintenance, OK, OK,
	    OK, "Storage", "West US", NULL, 0, V_NONE, "", SH, 0, SCEN_NONE,
	    NULL, "" },
	{ "health advisory only", setup_advisory, OK, OK, OK,
	    "VM", "East US", NULL, 0, V_NONE, "", SH, 0, SCEN_NONE,
	    "HA-1: a health advisory for Virtual Machines", "" },
	{ "post-incident review only", setup_rca, OK, OK, OK,
	    "Redis", "East US", NULL, 0, V_NONE, "", SH, 0, SCEN_NONE,
	    NULL, "" },
	{ "false positive", setup_false_positive, INC, OK, OK,
	    "Redis", "East US", NULL, 0, V_NONE, "", SH, 0, SCEN_NONE,
	    "FP-1: marked a false positive", "" },

	/* resources */
	{ "resource listed, other service and region", setup_resource, INC,
	    OK, OK, "Redis", "East US", RES_ID, 0, V_AZ, "RS-1", SH, 0,
	    SCEN_NONE, "RS-1: your resource " RES_ID " (listed as impacted) "
	    "is active", "" },
	{ "resource listed, any case", setup_resource, INC, OK, OK,
	    "Redis", "East US", "/SUBSCRIPTIONS/0000/RESOURCEGROUPS/RG/"
	    "PROVIDERS/MICROSOFT.CACHE/REDIS/CACHE1", 0, V_AZ, "RS-1", SH, 0,
	    SCEN_NONE, NULL, NULL },
	{ "resource not listed", setup_resource, INC, OK, OK,
	    "Redis", "East US", RES_ID "2", 0, V_NONE, "", SH, 0, SCEN_NONE,
	    "no incident lists your resource", "RS-1" },

	/* odd inputs */
	{ "empty snapshot", setup_none, OK, OK, OK, "Redis", "East US", NULL,
	    0, V_NONE, "", SH, 0, SCEN_NONE,
	    "service-health answered (ok", "" },
	{ "unknown service compared literally", setup_unknown_service, INC,
	    OK, OK, "contoso  widgets", "East US", NULL, 0, V_AZ, "CW-1", SH,
	    0, SCEN_NONE, NULL, NULL },
	{ "unknown service, other name", setup_unknown_service, INC, OK, OK,
	    "Contoso Gadgets", "East US", NULL, 0, V_NM, "", SH, 0, SCEN_NONE,
	    NULL, "CW-1" },
	{ "lists of services and regions only", setup_lists_only, UNR, UNR,
	    INC, "VM", "East US", NULL, 0, V_AZ, "LIST-1", SH | SP | XX,
	    SH | SP, SCEN_NONE, NULL, NULL },
	{ "started after the symptoms still matches", setup_late_start, INC,
	    OK, OK, "Redis", "East US", NULL, NOW - HOUR, V_AZ, "LATE-1", SH,
	    0, SCEN_NONE, "after your symptoms began at 09:00 UTC", NULL },
	{ "symptoms since", setup_none, OK, OK, OK, "Redis", "East US", NULL,
	    NOW - 48 * MIN, V_NONE, "", SH, 0, SCEN_NONE,
	    "symptoms since 09:12 UTC", NULL },
	{ "corroborated by the status page", setup_corroborated, INC, OK, OK,
	    "Redis", "East US", NULL, 0, V_AZ, "CO-1", SH, 0, SCEN_NONE,
	    "also reported by status-page", NULL },
	{ "Service Health quiet, status page lists it", setup_sp_only_redis,
	    OK, INC, OK, "Redis", "East US", NULL, 0, V_AZ, "SPR-1", SH, 0,
	    SCEN_SCOPE_UNKNOWN, "from the public status page: not (yet) "
	    "targeted at your subscriptions in Service Health", "" },

	/* the fallback order */
	{ "SH ok decides", setup_everywhere, OK, OK, OK, "Redis", "East US",
	    NULL, 0, V_AZ, "SH-1", SH, 0, SCEN_NONE,
	    "x not consulted: Service Health answered", NULL },
	{ "SH incident decides", setup_everywhere, INC, UNR, UNC, "Redis",
	    "East US", NULL, 0, V_AZ, "SH-1", SH, 0, SCEN_NONE,
	    "x not consulted: Service Health answered", NULL },
	{ "SH unreachable: status page", setup_everywhere, UNR, OK, OK,
	    "Redis", "East US", NULL, 0, V_AZ, "SP-1", SH | SP, SH,
	    SCEN_BROAD, "service-health unreachable: could not connect",
	    NULL },
	{ "SH error: status page", setup_everywhere, ERR, INC, UNC,
	    "Redis", "East US", NULL, 0, V_AZ, "SP-1", SH | SP, SH,
	    SCEN_BROAD, "service-health error: HTTP 401", NULL },
	{ "SH unconfigured: status page", setup_everywhere, UNC, OK, OK,
	    "Redis", "East US", NULL, 0, V_AZ, "SP-1", SH | SP, SH,
	    SCEN_BROAD, "service-health not configured", NULL },
	{ "SH pending: status page", setup_everywhere, PEN, OK, OK,
	    "Redis", "East US", NULL, 0, V_AZ, "SP-1", SH | SP, SH,
	    SCEN_BROAD, "x not consulted: the status page answered", NULL },
	{ "SH and status page unreachable: X", setup_everywhere, UNR, UNR,
	    OK, "Redis", "East US", NULL, 0, V_AZ, "X-1", SH | SP | XX,
	    SH | SP, SCEN_NONE, "x answered (ok", NULL },
	{ "nothing reachable", setup_everywhere, UNC, UNR, UNR,
	    "Redis", "East US", NULL, 0, V_UN, "", SH | SP | XX,
	    SH | SP | XX, SCEN_NONE, "x unreachable", "" },
	{ "nothing usable, X unconfigured", setup_everywhere, ERR, UNR, UNC,
	    "Redis", "East US", NULL, 0, V_UN, "", SH | SP | XX,
	    SH | SP | XX, SCEN_NONE, "x not configured", "" },
	{ "status page decides with a scenario", setup_sp_portal, UNC, INC,
	    UNC, "Redis", "East US", NULL, 0, V_NM, "", SH | SP, SH,
	    SCEN_PORTAL, "status page scenario (", "PORTAL-1" },
	{ "status page decides on the Redis incident", setup_sp_only_redis,
	    UNR, INC, OK, "Redis Cache", "east us", NULL, 0, V_AZ, "SPR-1",
	    SH | SP, SH, SCEN_SCOPE_UNKNOWN, NULL, NULL },
	{ "X-only decision", setup_x_only, UNC, UNR, INC, "Redis", "East US",
	    NULL, 0, V_AZ, "XO-1", SH | SP | XX, SH | SP, SCEN_NONE, NULL,
	    NULL },
	{ "X answers, nothing there", setup_none, UNC, UNR, OK, "Redis",
	    "East US", NULL, 0, V_NONE, "", SH | SP | XX, SH | SP, SCEN_NONE,
	    NULL, "" },
	{ "only the deciding channel's incidents count", setup_x_only, OK, OK,
	    OK, "Redis", "East US", NULL, 0, V_NONE, "", SH, 0, SCEN_NONE,
	    "x also lists XO-1", "" },
	/* Service Health quiet: the public page (scenario 1 and 3) */
	{ "SH quiet, the page has it: azure-incident from the page",
	    setup_sp_only_redis, OK, INC, OK, "Redis", "East US", NULL, 0,
	    V_AZ, "SPR-1", SH, 0, SCEN_SCOPE_UNKNOWN, "not (yet) targeted at "
	    "your subscriptions", "" },
	{ "SH quiet, the page's incident names no scope yet",
	    setup_sp_unscoped, OK, INC, OK, "Key Vault", "Brazil South", NULL,
	    0, V_AZ, "SPU-1", SH, 0, SCEN_SCOPE_UNKNOWN, "names no service or "
	    "region yet", "" },
	{ "SH quiet, the page unreachable: nothing known", setup_sp_only_redis,
	    OK, UNR, OK, "Redis", "East US", NULL, 0, V_NONE, "", SH, 0,
	    SCEN_NONE, "status-page unreachable", "" },
	{ "SH resolved it, the page lags: SH's word wins", setup_page_lags,
	    OK, INC, OK, "Redis", "East US", NULL, 0, V_MP, "LAG-1", SH, 0,
	    SCEN_NONE, "LAG-1: Azure Cache for Redis in East US is resolved",
	    NULL },
	/* X: an unscoped post while the others are down */
	{ "X's unscoped post, SH and page down", setup_x_unscoped, UNR, UNR,
	    OK, "Virtual Machines", "East US", NULL, 0, V_AZ, "X-NET",
	    SH | SP | XX, SH | SP, SCEN_NONE, "names no service or region "
	    "yet", NULL },
	/* foundational services */
	{ "VMs depend on Storage in their region", setup_storage_eastus, INC,
	    OK, OK, "VM", "eastus", NULL, 0, V_AZ, "STO-1", SH, 0, SCEN_NONE,
	    "Virtual Machines in East US depend on Storage, which has an "
	    "active incident there: STO-1", "" },
	{ "Redis does not depend on Storage: a near miss",
	    setup_storage_eastus, INC, OK, OK, "Redis", "East US", NULL, 0,
	    V_NM, "", SH, 0, SCEN_NONE, "a near miss", "STO-1" },
	{ "Storage elsewhere explains nothing", setup_storage_eastus, INC, OK,
	    OK, "VM", "West Europe", NULL, 0, V_NONE, "", SH, 0, SCEN_NONE,
	    "context: STO-1", "STO-1" },
	{ "global networking on the page while SH is quiet",
	    setup_network_global, OK, INC, OK, "App Service", "Japan East",
	    NULL, 0, V_AZ, "NET-1", SH, 0, SCEN_BROAD, "App Service in Japan "
	    "East depends on Azure Networking, which has an active incident "
	    "in every region", "" },
	{ "a dependency's next step allows a ticket", setup_network_global,
	    UNR, INC, OK, "VM", "East US", NULL, 0, V_AZ, "NET-1", SH | SP,
	    SH, SCEN_BROAD, "if your symptoms do not fit its description, "
	    "raise a ticket", "" },
	{ "an area beside Front Door is no dependency", setup_afd_area, UNR,
	    INC, OK, "Azure SQL Database", "West Europe", NULL, 0, V_NM, "",
	    SH | SP, SH, SCEN_NONE, NULL, "AFD-1" },
	{ "a web app behind Front Door", setup_afd_area, UNR, INC, OK,
	    "App Service", "West Europe", NULL, 0, V_AZ, "AFD-1", SH | SP, SH,
	    SCEN_NONE, "depends on Azure Front Door", "" },
	/* near miss vs unrelated */
	{ "only unrelated incidents: no-known-incident with context",
	    setup_unrelated, INC, OK, OK, "Redis", "East US", NULL, 0, V_NONE,
	    "", SH, 0, SCEN_NONE, "context: UNR-1: Storage in West Europe is "
	    "active; unrelated to Azure Cache for Redis in East US", "UNR-1" },
	{ "no-known-incident says when a ticket is right", setup_unrelated,
	    INC, OK, OK, "Redis", "East US", NULL, 0, V_NONE, "", SH, 0,
	    SCEN_NONE, "A ticket is right whenever resource health shows a "
	    "platform-initiated outage.", "UNR-1" },
	{ "not-matching says it the same way", setup_redis_eastus, INC, OK,
	    OK, "Redis", "East US 2", NULL, 0, V_NM, "", SH, 0, SCEN_NONE,
	    "A ticket is right whenever resource health shows a "
	    "platform-initiated outage.", "7K2Q-XL8" },
	/* reopened */
	{ "reopened: active after a past mitigation time", setup_reopened,
	    INC, OK, OK, "Redis", "East US", NULL, 0, V_AZ, "REO-1", SH, 0,
	    SCEN_NONE, "is active again (reopened: it was reported mitigated "
	    "at 07:00 UTC)", "" },
	/* recent counts from when the impact ended */
	{ "mitigated 4 days ago, reviewed yesterday: not recent",
	    setup_pir_late, OK, OK, OK, "Redis", "East US", NULL, 0, V_NONE,
	    "", SH, 0, SCEN_NONE, "was resolved at 2026-11-20 10:00 UTC", "" },
	{ "mitigated 4 days ago, symptoms since the outage", setup_pir_late,
	    OK, OK, OK, "Redis", "East US", NULL, NOW - 4 * DAY - 2 * HOUR,
	    V_MP, "PIR-4", SH, 0, SCEN_NONE, "your symptoms began while it "
	    "was under way", "" },
	{ "mitigated 2 days ago, reviewed an hour ago", setup_pir_recent, OK,
	    OK, OK, "Redis", "East US", NULL, 0, V_MP, "PIR-2", SH, 0,
	    SCEN_NONE, "impact ended 2026-11-22 10:00 UTC (2d ago)", "" },
	/* "No Impact" */
	{ "a No Impact communication never matches", setup_no_impact, INC,
	    OK, OK, "Redis", "East US", NULL, 0, V_NONE, "", SH, 0, SCEN_NONE,
	    "a \"No Impact\" communication", "" },
	{ "nor is it a near miss", setup_no_impact, INC, OK, OK, "Redis",
	    "East US 2", NULL, 0, V_NONE, "", SH, 0, SCEN_NONE, NULL, "" },
	{ "a Service Health No Impact event never matches",
	    setup_sh_no_impact_event, INC, OK, OK, "Redis", "East US", NULL,
	    0, V_NONE, "", SH, 0, SCEN_NONE, "NI7-XZ9: a \"No Impact\" "
	    "communication", "" },
	{ "nor is it a near miss elsewhere", setup_sh_no_impact_event, INC,
	    OK, OK, "Redis", "West US", NULL, 0, V_NONE, "", SH, 0, SCEN_NONE,
	    NULL, "" },
	{ "a Service Health event tagged False Positive never matches",
	    setup_sh_false_positive_event, INC, OK, OK, "Redis", "East US",
	    NULL, 0, V_NONE, "", SH, 0, SCEN_NONE, "FP7-XZ9: marked a false "
	    "positive", "" },
	/* an open ticket */
	{ "an open ticket about the match is said", setup_ticketed, INC, OK,
	    OK, "Redis", "East US", NULL, 0, V_AZ, "TKT-1", SH, 0, SCEN_NONE,
	    "you already have an open support ticket about TKT-1", "" },
	{ "... before a new one is offered", setup_ticketed, INC, OK, OK,
	    "Redis", "East US", NULL, 0, V_AZ, "TKT-1", SH, 0, SCEN_NONE,
	    "You already have an open support ticket about TKT-1: follow it "
	    "in the support pane before raising a new one. Follow the "
	    "incident's updates", "" },
};

static bool
has_evidence(const struct decision *d, const char *want)
{
	size_t i;

	for (i = 0; i < d->evidence.n; i++) {
		if (strstr(d->evidence.v[i], want) != NULL)
			return true;
	}
	return d->next_step != NULL && strstr(d->next_step, want) != NULL;
}

static void
print_evidence(const struct decision *d)
{
	size_t i;

	for (i = 0; i < d->evidence.n; i++)
		print_message("  evidence: %s\n", d->evidence.v[i]);
}

static void
run_case(const struct tcase *tc)
{
	struct snapshot *s = snapshot_new();
	struct answers ans = { tc->service, tc->region, tc->resource,
	    tc->since, NULL };
	struct decision d;
	unsigned used, failed;
	char *m, *o;

	set_chan(s, CHAN_SERVICE_HEALTH, tc->sh);
	set_chan(s, CHAN_STATUS_PAGE, tc->sp);
	set_chan(s, CHAN_X, tc->x);
	tc->setup(s);

	decide(&ans, s, NOW, &d);
	m = strv_join(&d.matched, ",");
	o = strv_join(&d.others, ",");
	if (getenv("TEST_VERBOSE") != NULL) {
		print_message("case \"%s\": %s\n", tc->name,
		    verdict_name(d.verdict));
		print_evidence(&d);
	}
	/* When Service Health decides, the status page is read as well. */
	used = tc->used;
	failed = tc->failed;
	if (used == SH) {
		used |= SP;
		if (tc->sp != OK && tc->sp != INC)
			failed |= SP;
	}
	if (d.verdict != tc->verdict || strcmp(m, tc->matched) != 0 ||
	    d.channels_used != used || d.channels_failed != failed ||
	    d.scenario != tc->scenario ||
	    (tc->evidence != NULL && !has_evidence(&d, tc->evidence)) ||
	    (tc->others != NULL && strcmp(o, tc->others) != 0)) {
		print_message("case \"%s\": verdict %s matched [%s] others "
		    "[%s] used %#x failed %#x scenario %d\n", tc->name,
		    verdict_name(d.verdict), m, o, d.channels_used,
		    d.channels_failed, (int)d.scenario);
		print_evidence(&d);
	}
	assert_string_equal(verdict_name(d.verdict),
	    verdict_name(tc->verdict));
	assert_string_equal(m, tc->matched);
	assert_int_equal(d.channels_used, used);
	assert_int_equal(d.channels_failed, failed);
	assert_int_equal(d.scenario, tc->scenario);
	if (tc->evidence != NULL)
		assert_true(has_evidence(&d, tc->evidence));
	if (tc->others != NULL)
		assert_string_equal(o, tc->others);
	assert_non_null(d.next_step);
	assert_non_null(d.advice);
	free(m);
	free(o);
	decision_free(&d);
	snapshot_unref(s);
}

static void
test_table(void **state)
{
	size_t i;

	(void)state;
	assert_true(sizeof cases / sizeof cases[0] >= 35);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		run_case(&cases[i]);
}

/* Every combination of channel states: the first usable channel of
 * service-health, status-page, x decides; none usable is undetermined. */
static void
test_fallback_matrix(void **state)
{
	static const enum chan_state states[] = {
		CHAN_OK, CHAN_INCIDENT, CHAN_UNREACHABLE, CHAN_ERROR,
		CHAN_UNCONFIGURED, CHAN_PENDING
	};
	static const char *ids[] = { "SH-1", "SP-1", "X-1" };
	struct answers ans = { "Redis", "East US", NULL, 0, NULL };
	size_t a, b, c, n = sizeof states / sizeof states[0];

	(void)state;
	for (a = 0; a < n; a++)
	for (b = 0; b < n; b++)
	for (c = 0; c < n; c++) {
		enum chan_state st[3] = { states[a], states[b], states[c] };
		unsigned used = 0, failed = 0;
		int decider = -1, i;
		struct snapshot *s = snapshot_new();
		struct decision d;

		for (i = 0; i < 3; i++) {
			set_chan(s, (enum chan_id)i, st[i]);
			used |= CHAN_BIT(i);
			if (st[i] == CHAN_OK || st[i] == CHAN_INCIDENT) {
				decider = i;
				break;
			}
			failed |= CHAN_BIT(i);
		}
		for (; i < 3; i++)
			set_chan(s, (enum chan_id)i, st[i]);
		if (decider == 0) {
			used |= SP;
			if (st[1] != CHAN_OK && st[1] != CHAN_INCIDENT)
				failed |= SP;
		}
		setup_everywhere(s);
		decide(&ans, s, NOW, &d);
		assert_int_equal(d.channels_used, used);
		assert_int_equal(d.channels_failed, failed);
		if (decider < 0) {
			assert_int_equal(d.verdict, VERDICT_UNDETERMINED);
			assert_int_equal(d.matched.n, 0);
		} else {
			assert_int_equal(d.verdict, VERDICT_AZURE_INCIDENT);
			assert_int_equal(d.matched.n, 1);
			assert_string_equal(d.matched.v[0], ids[decider]);
		}
		decision_free(&d);
		snapshot_unref(s);
	}
}

static void
test_no_snapshot(void **state)
{
	struct answers ans = { "Redis", "East US", NULL, 0, NULL };
	struct decision d;

	(void)state;
	decide(&ans, NULL, NOW, &d);
	assert_int_equal(d.verdict, VERDICT_UNDETERMINED);
	assert_int_equal(d.channels_used, SH | SP | XX);
	assert_int_equal(d.channels_failed, SH | SP | XX);
	assert_string_equal(d.service, "Azure Cache for Redis");
	assert_string_equal(d.region, "East US");
	decision_free(&d);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(verdict_name(VERDICT_AZURE_INCIDENT),
	    "azure-incident");
	assert_string_equal(verdict_name(VERDICT_NOT_MATCHING),
	    "not-matching");
	assert_string_equal(verdict_name(VERDICT_MITIGATED_PERSISTING),
	    "mitigated-persisting");
	assert_string_equal(verdict_name(VERDICT_NO_KNOWN_INCIDENT),
	    "no-known-incident");
	assert_string_equal(verdict_name(VERDICT_UNDETERMINED),
	    "undetermined");
	assert_int_equal(verdict_exit_code(VERDICT_NO_KNOWN_INCIDENT), 0);
	assert_int_equal(verdict_exit_code(VERDICT_AZURE_INCIDENT), 10);
	assert_int_equal(verdict_exit_code(VERDICT_NOT_MATCHING), 11);
	assert_int_equal(verdict_exit_code(VERDICT_MITIGATED_PERSISTING), 12);
	assert_int_equal(verdict_exit_code(VERDICT_UNDETERMINED), 13);
	assert_int_equal(verdict_parse("not-matching"), VERDICT_NOT_MATCHING);
	assert_int_equal(verdict_parse("bogus"), -1);
}

/* Canonical service and display region; next steps per verdict. */
static void
test_fields(void **state)
{
	struct snapshot *s = snapshot_new();
	struct answers ans = { "redis cache", "eastus2", NULL, 0, NULL };
	struct decision d;

	(void)state;
	set_chan(s, CHAN_SERVICE_HEALTH, CHAN_INCIDENT);
	setup_redis_eastus(s);
	decide(&ans, s, NOW, &d);
	assert_string_equal(d.service, "Azure Cache for Redis");
	assert_string_equal(d.region, "East US 2");
	assert_non_null(strstr(d.next_step, "raise a support ticket"));
	assert_non_null(strstr(d.advice, "failover"));
	assert_non_null(strstr(d.advice, "persist"));
	decision_free(&d);

	ans.region = "East US";
	decide(&ans, s, NOW, &d);
	assert_non_null(strstr(d.next_step, "no ticket"));
	decision_free(&d);
	snapshot_unref(s);
}

/* Long update text is cut near 160 bytes; controls never get through. */
static void
test_quote(void **state)
{
	struct snapshot *s = snapshot_new();
	struct answers ans = { "Redis", "East US", NULL, 0, NULL };
	struct incident *inc;
	struct decision d;
	char text[600];
	size_t i;
	char *q;

	(void)state;
	for (i = 0; i + 1 < sizeof text; i++)
		text[i] = i % 7 == 6 ? ' ' : 'a';
	text[sizeof text - 1] = '\0';
	memcpy(text, "\x1b[31mred\x07", 9);

	set_chan(s, CHAN_SERVICE_HEALTH, CHAN_INCIDENT);
	inc = redis_in(s, "Q-1", SH, "East US");
	incident_add_update(inc, NOW - 5 * MIN, CHAN_SERVICE_HEALTH, text);
	decide(&ans, s, NOW, &d);
	assert_true(d.evidence.n > 0);
	assert_non_null(strstr(d.evidence.v[0], "latest update 09:55 UTC"));
	assert_null(strchr(d.evidence.v[0], '\x1b'));
	assert_null(strchr(d.evidence.v[0], '\x07'));
	assert_non_null(strstr(d.evidence.v[0], "\xe2\x80\xa6)"));
	assert_true(strlen(d.evidence.v[0]) < 260);
	decision_free(&d);
	snapshot_unref(s);

	q = decide_quote("short", 160);
	assert_string_equal(q, "short");
	free(q);
	/* never cut inside a character */
	q = decide_quote("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 8);
	assert_string_equal(q, "\xc3\xa9\xc3\xa9\xe2\x80\xa6");
	free(q);
}

/* An early warning is evidence and a next step, never the verdict; one
 * elsewhere, or joined to an incident, says nothing here. */
static void
test_early_warning(void **state)
{
	struct snapshot *s = snapshot_new();
	struct answers a = { "Redis", "eastus2", NULL, 0, NULL };
	struct incident *w;
	struct decision d;
	size_t i;
	bool said = false;

	(void)state;
	set_chan(s, CHAN_SERVICE_HEALTH, CHAN_OK);
	set_chan(s, CHAN_STATUS_PAGE, CHAN_OK);
	set_chan(s, CHAN_X, CHAN_UNCONFIGURED);
	w = incident_new("early:Azure Cache for Redis/eastus2");
	w->early = true;
	w->type = INC_OTHER;
	w->sources = SH;
	w->title = strdup("Early warning (azwatch): Azure Cache for Redis in "
	    "East US 2");
	w->seen[LAG_EARLY_WARNING] = NOW - 5 * MIN;
	w->last_update = NOW - 5 * MIN;
	incident_add_impact(w, "Azure Cache for Redis", "East US 2", INC_ACTIVE);
	incident_add_update(w, NOW - 5 * MIN, CHAN_SERVICE_HEALTH, "3 of your "
	    "Azure Cache for Redis in East US 2 became unavailable "
	    "(platform-initiated) since 09:53 UTC; Azure has posted nothing yet");
	inc_list_add(&s->incidents, w);
	assert_int_equal(snapshot_active_count(s), 0);

	decide(&a, s, NOW, &d);
	assert_int_equal(d.verdict, VERDICT_NO_KNOWN_INCIDENT);
	assert_int_equal(d.matched.n, 0);
	assert_int_equal(d.others.n, 0);
	assert_non_null(strstr(d.next_step, "Azure has not confirmed this; "
	    "raise a ticket now \xe2\x80\x94 Sev A if production is down "
	    "\xe2\x80\x94 and keep watching"));
	for (i = 0; i < d.evidence.n; i++)
		said |= strstr(d.evidence.v[i], "early warning (azwatch's "
		    "inference") != NULL && strstr(d.evidence.v[i], "3 of your "
		    "Azure Cache for Redis in East US 2") != NULL;
	assert_true(said);
	decision_free(&d);

	/* another region: nothing */
	a.region = "westus";
	decide(&a, s, NOW, &d);
	assert_null(strstr(d.next_step, "Azure has not confirmed"));
	decision_free(&d);

	/* Azure posted it: the verdict is Azure's, the next step too */
	a.region = "East US 2";
	w = redis_in(s, "R2-EUS2", SH, "East US 2");
	/* graded impact: one confirmed (down), two potential (one down) */
	strv_add(&w->resources, RES_ID);
	strv_add(&w->potential, RES_ID "2");
	strv_add(&w->potential, RES_ID "3");
	strv_add(&w->health, "Unavailable " RES_ID);
	strv_add(&w->health, "Degraded " RES_ID "2");
	strv_add(&w->health, "Available " RES_ID "3");
	decide(&a, s, NOW, &d);
	assert_int_equal(d.verdict, VERDICT_AZURE_INCIDENT);
	assert_null(strstr(d.next_step, "Azure has not confirmed"));
	said = false;
	for (i = 0; i < d.evidence.n; i++)
		said |= strcmp(d.evidence.v[i], "R2-EUS2: Azure confirms 1 of "
		    "your resources as impacted (1 down now); 2 more of yours "
		    "are in the service and region (potential; 1 down now)") == 0;
	assert_true(said);
	decision_free(&d);
	snapshot_unref(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_fallback_matrix),
		cmocka_unit_test(test_no_snapshot),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_early_warning),
	};

	/* sanitize measures characters in the UTF-8 locale */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "en_US.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
