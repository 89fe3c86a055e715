/* test-earlywarn.c: the early warning's window (count, share, window,
 * platform- vs user-initiated, planned maintenance, flapping resources),
 * its joining an Azure incident, the resource-type table, and the lag
 * record (stamps kept across polls, the line the detail view shows).
 * Statuses are built in the shape of Resource Health's
 * availabilityStatuses (2025-05-01 swagger examples). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "earlywarn.h"
#include "restype.h"
#include "incjson.h"
#include "lag.h"
#include "model.h"
#include "parse-arm.h"
#include "xmalloc.h"

#define NOW	((time_t)1795514400)	/* 2026-11-24T10:00:00Z */
#define MIN	60

#define REDIS(n) "/subscriptions/0000/resourceGroups/rg/providers/" \
		"Microsoft.Cache/Redis/cache" #n

/* A reading of up to 32 resources. */
struct reading {
	struct resource_health	 rh[32];
	size_t			 n;
};

static void
add(struct reading *r, const char *id, const char *loc, const char *state,
    const char *context, const char *reason, time_t occurred)
{
	struct resource_health *h;

	assert_true(r->n < sizeof r->rh / sizeof r->rh[0]);
	h = &r->rh[r->n++];

	memset(h, 0, sizeof *h);
	h->id = xstrdup(id);
	h->location = xstrdup(loc);
	h->state = xstrdup(state);
	h->context = xstrdup(context);
	h->reason_type = xstrdup(reason);
	h->platform = context != NULL && strstr(context, "Platform") != NULL;
	h->user = context != NULL && strstr(context, "User") != NULL;
	h->occurred = occurred;
}

static void
reading_free(struct reading *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		arm_resource_health_free(&r->rh[i]);
	r->n = 0;
}

/* n Redis caches in eastus2, the first down ones Unavailable for the
 * platform's unplanned reason since at. */
static void
redis(struct reading *r, int total, int down, time_t at)
{
	char id[160];
	int i;

	for (i = 0; i < total; i++) {
		snprintf(id, sizeof id, "/subscriptions/0000/resourceGroups/rg/"
		    "providers/Microsoft.Cache/Redis/cache%d", i);
		if (i < down)
			add(r, id, "eastus2", "Unavailable", "Platform Initiated",
			    "Unplanned", at);
		else
			add(r, id, "eastus2", "Available", NULL, NULL, 0);
	}
}

/* n more caches in eastus2, Available. */
static void
fill(struct reading *r, int n)
{
	char id[160];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "/subscriptions/0000/resourceGroups/rg/"
		    "providers/Microsoft.Cache/Redis/fine%d", i);
		add(r, id, "eastus2", "Available", NULL, NULL, 0);
	}
}

/* One poll: observe, evaluate against azure; the warnings in *out. */
static void
poll(struct earlywarn *ew, struct reading *r, const struct inc_list *azure,
    time_t now, struct inc_list *out)
{
	inc_list_clear(out);
	earlywarn_observe(ew, r->rh, r->n, NULL, now);
	earlywarn_eval(ew, azure, now, out);
	reading_free(r);
}

static void
test_threshold(void **state)
{
	struct earlywarn *ew = earlywarn_new(NULL);
	struct reading r = { 0 };
	struct inc_list out = { 0 };

	(void)state;
	/* two of twenty: neither 3 nor 20 % */
	redis(&r, 20, 2, NOW - 5 * MIN);
	poll(ew, &r, NULL, NOW, &out);
	assert_int_equal(out.n, 0);
	/* the third turns: a warning */
	redis(&r, 20, 3, NOW - 2 * MIN);
	poll(ew, &r, NULL, NOW + MIN, &out);
	assert_int_equal(out.n, 1);
	assert_true(out.v[0]->early);
	assert_int_equal(out.v[0]->status, INC_ACTIVE);
	assert_string_equal(out.v[0]->key, "early:Azure Cache for Redis/eastus2");
	assert_non_null(strstr(out.v[0]->updates[0].text, "3 of your Azure "
	    "Cache for Redis in East US 2 became unavailable "
	    "(platform-initiated) since 09:55 UTC; Azure has posted nothing "
	    "yet"));
	assert_non_null(strstr(out.v[0]->summary, "inference"));
	assert_int_equal(out.v[0]->start, NOW - 5 * MIN);
	assert_int_equal(out.v[0]->seen[LAG_EARLY_WARNING], NOW + MIN);
	/* every one recovers: the warning is over */
	redis(&r, 20, 0, 0);
	poll(ew, &r, NULL, NOW + 2 * MIN, &out);
	assert_int_equal(out.n, 0);
	inc_list_clear(&out);
	earlywarn_free(ew);
}

static void
test_percent(void **state)
{
	struct earlywarn_cfg cfg = { 5, 40, 600 };
	struct earlywarn *ew = earlywarn_new(&cfg);
	struct reading r = { 0 };
	struct inc_list out = { 0 };

	(void)state;
	/* one of two is 50 %, but one resource is its own story */
	redis(&r, 2, 1, NOW - MIN);
	poll(ew, &r, NULL, NOW, &out);
	assert_int_equal(out.n, 0);
	/* two of five: 40 % of them, under the count of 5 */
	redis(&r, 5, 2, NOW - MIN);
	poll(ew, &r, NULL, NOW, &out);
	assert_int_equal(out.n, 1);
	inc_list_clear(&out);
	earlywarn_free(ew);

	/* two of six is 33 %: no */
	ew = earlywarn_new(&cfg);
	redis(&r, 6, 2, NOW - MIN);
	poll(ew, &r, NULL, NOW, &out);
	assert_int_equal(out.n, 0);
	inc_list_clear(&out);
	earlywarn_free(ew);
}

static void
test_window(void **state)
{
	struct earlywarn *ew = earlywarn_new(NULL);
	struct reading r = { 0 };
	struct inc_list out = { 0 };
	(void)state;
	/* three down, but spread over an hour: not at once */
	add(&r, REDIS(1), "eastus2", "Unavailable", "Platform Initiated",
	    "Unplanned", NOW - 60 * MIN);
	add(&r, REDIS(2), "eastus2", "Unavailable", "Platform Initiated",
	    "Unplanned", NOW - 30 * MIN);
	add(&r, REDIS(3), "eastus2", "Unavailable", "Platform Initiated",
	    "Unplanned", NOW - 1 * MIN);
	fill(&r, 12);
	poll(ew, &r, NULL, NOW, &out);
	assert_int_equal(out.n, 0);
	inc_list_clear(&out);
	earlywarn_free(ew);
}

static void
test_excluded(void **state)
{
	struct earlywarn *ew = earlywarn_new(NULL);
	struct reading r = { 0 };
	struct inc_list out = { 0 };

	(void)state;
	/* the user's own doing, planned maintenance, and Unknown never
	 * count; another region is another group */
	add(&r, REDIS(1), "eastus2", "Unavailable", "User Initiated",
	    "UserInitiated", NOW - MIN);
	add(&r, REDIS(2), "eastus2", "Unavailable", "Platform Initiated",
	    "Planned", NOW - MIN);
	add(&r, REDIS(3), "eastus2", "Unknown", "Platform Initiated",
	    "Unplanned", NOW - MIN);
	add(&r, REDIS(4), "eastus2", "Degraded", "Platform Initiated",
	    "Unplanned", NOW - MIN);
	add(&r, REDIS(5), "westus", "Unavailable", "Platform Initiated",
	    "Unplanned", NOW - MIN);
	add(&r, REDIS(6), "eastus2", "Degraded", "Platform Initiated",
	    "Unplanned", NOW - MIN);
	r.rh[1].category = xstrdup("Planned");
	fill(&r, 8);
	poll(ew, &r, NULL, NOW, &out);
	assert_int_equal(out.n, 0);
	/* a third Degraded one: unavailable or degraded */
	add(&r, REDIS(4), "eastus2", "Degraded", "Platform Initiated",
	    "Unplanned", NOW - MIN);
	add(&r, REDIS(6), "eastus2", "Degraded", "Platform Initiated",
	    "Unplanned", NOW - MIN);
	add(&r, REDIS(7), "eastus2", "Degraded", "Platform Initiated",
	    "Unplanned", NOW);
	add(&r, "/subscriptions/0000/resourceGroups/rg/providers/"
	    "Microsoft.Unheard/things/t1", "eastus2", "Unavailable",
	    "Platform Initiated", "Unplanned", NOW);
	poll(ew, &r, NULL, NOW + MIN, &out);
	assert_int_equal(out.n, 1);
	assert_non_null(strstr(out.v[0]->updates[0].text,
	    "3 of your Azure Cache for Redis in East US 2 became unavailable "
	    "or degraded"));
	inc_list_clear(&out);
	earlywarn_free(ew);
}

static void
test_flapping(void **state)
{
	struct earlywarn *ew = earlywarn_new(NULL);
	struct reading r = { 0 };
	struct inc_list out = { 0 };

	(void)state;
	/* one cache flaps down, up, down, up, down: one resource, not three */
	add(&r, REDIS(1), "eastus2", "Unavailable", "Platform Initiated",
	    "Unplanned", NOW);
	poll(ew, &r, NULL, NOW, &out);
	add(&r, REDIS(1), "eastus2", "Available", NULL, NULL, 0);
	poll(ew, &r, NULL, NOW + MIN, &out);
	add(&r, REDIS(1), "eastus2", "Unavailable", "Platform Initiated",
	    "Unplanned", NOW + 2 * MIN);
	poll(ew, &r, NULL, NOW + 2 * MIN, &out);
	add(&r, REDIS(1), "eastus2", "Available", NULL, NULL, 0);
	poll(ew, &r, NULL, NOW + 3 * MIN, &out);
	add(&r, REDIS(1), "eastus2", "Unavailable", "Platform Initiated",
	    "Unplanned", NOW + 4 * MIN);
	add(&r, REDIS(2), "eastus2", "Unavailable", "Platform Initiated",
	    "Unplanned", NOW + 4 * MIN);
	fill(&r, 10);
	poll(ew, &r, NULL, NOW + 4 * MIN, &out);
	assert_int_equal(out.n, 0);
	/* a second real one joins the first: the flapper's first turn is
	 * the start */
	add(&r, REDIS(1), "eastus2", "Unavailable", "Platform Initiated",
	    "Unplanned", NOW + 4 * MIN);
	add(&r, REDIS(2), "eastus2", "Unavailable", "Platform Initiated",
	    "Unplanned", NOW + 4 * MIN);
	add(&r, REDIS(3), "eastus2", "Unavailable", "Platform Initiated",
	    "Unplanned", NOW + 5 * MIN);
	poll(ew, &r, NULL, NOW + 5 * MIN, &out);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0]->start, NOW);
	inc_list_clear(&out);
	earlywarn_free(ew);
}

static struct incident *
azure_incident(const char *id, const char *service, const char *region)
{
	struct incident *inc = incident_new(id);

	inc->tracking_id = xstrdup(id);
	inc->title = xstrdup("Azure Cache for Redis - East US 2 - Mitigated");
	inc->type = INC_SERVICE_ISSUE;
	inc->status = INC_ACTIVE;
	inc->sources = CHAN_BIT(CHAN_SERVICE_HEALTH);
	inc->start = NOW - 10 * MIN;
	incident_add_impact(inc, service, region, INC_ACTIVE);
	return inc;
}

static void
test_join(void **state)
{
	struct earlywarn *ew = earlywarn_new(NULL);
	struct reading r = { 0 };
	struct inc_list out = { 0 }, azure = { 0 }, snap = { 0 };
	const struct incident *inc;
	char *line;

	(void)state;
	/* an incident elsewhere covers nothing */
	inc_list_add(&azure, azure_incident("AAAA-111", "Azure Cache for Redis",
	    "West Europe"));
	redis(&r, 4, 3, NOW - 8 * MIN);
	poll(ew, &r, &azure, NOW, &out);
	assert_int_equal(out.n, 1);
	assert_null(out.v[0]->joined);
	/* Azure posts it ten minutes later ("Redis Cache", "eastus2") */
	inc_list_add(&azure, azure_incident("7K2Q-XL8", "Redis Cache",
	    "eastus2"));
	redis(&r, 4, 3, NOW - 8 * MIN);
	poll(ew, &r, &azure, NOW + 10 * MIN, &out);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0]->joined, "7K2Q-XL8");
	assert_int_equal(out.v[0]->status, INC_RESOLVED);

	/* the snapshot folds it into the incident's lag record */
	lag_stamp(&azure, NULL, CHAN_SERVICE_HEALTH, NOW + 10 * MIN);
	inc_list_merge(&snap, &azure);
	inc_list_merge(&snap, &out);
	earlywarn_join(&snap);
	assert_int_equal(snap.n, 2);
	inc = inc_list_find(&snap, "7K2Q-XL8");
	assert_non_null(inc);
	assert_int_equal(inc->seen[LAG_EARLY_WARNING], NOW);
	assert_int_equal(lag_lead(inc), 10 * MIN);
	line = lag_lead_text(inc);
	assert_string_equal(line, "azwatch's early warning came 10m before "
	    "Service Health posted");
	free(line);
	/* a drill at --speed 60 says the recorded minutes */
	lag_set_scale(60);
	line = lag_text(inc);
	assert_string_equal(line, "Service Health +20h00m, early warning "
	    "+10h00m");
	free(line);
	lag_set_scale(1);
	line = lag_text(inc);
	assert_string_equal(line, "Service Health +20m, early warning +10m");
	free(line);
	assert_null(inc_list_find(&snap, out.v[0]->key));
	/* the azure list itself was not changed (shared, copied on write) */
	assert_int_equal(inc_list_find(&azure, "7K2Q-XL8")->seen[
	    LAG_EARLY_WARNING], 0);

	/* the incident goes: so does the warning */
	inc_list_clear(&azure);
	redis(&r, 4, 0, 0);
	poll(ew, &r, &azure, NOW + 30 * MIN, &out);
	assert_int_equal(out.n, 0);
	inc_list_clear(&out);
	inc_list_clear(&snap);
	earlywarn_free(ew);
}

static void
test_azure_first(void **state)
{
	struct earlywarn *ew = earlywarn_new(NULL);
	struct reading r = { 0 };
	struct inc_list out = { 0 }, azure = { 0 };

	(void)state;
	/* "Azure Networking" in every region covers a load balancer */
	inc_list_add(&azure, azure_incident("NET-1", "Azure Networking",
	    "Global"));
	add(&r, "/subscriptions/0/resourceGroups/rg/providers/"
	    "Microsoft.Network/loadBalancers/a", "eastus", "Unavailable",
	    "Platform Initiated", "Unplanned", NOW);
	add(&r, "/subscriptions/0/resourceGroups/rg/providers/"
	    "Microsoft.Network/loadBalancers/b", "eastus", "Unavailable",
	    "Platform Initiated", "Unplanned", NOW);
	add(&r, "/subscriptions/0/resourceGroups/rg/providers/"
	    "Microsoft.Network/loadBalancers/c", "eastus", "Unavailable",
	    "Platform Initiated", "Unplanned", NOW);
	poll(ew, &r, &azure, NOW, &out);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0]->joined, "NET-1");
	inc_list_clear(&out);
	inc_list_clear(&azure);
	earlywarn_free(ew);
}

static void
test_service_of(void **state)
{
	(void)state;
	assert_string_equal(restype_service_of_id(REDIS(1)),
	    "Azure Cache for Redis");
	assert_string_equal(restype_service_of_id("/subscriptions/s/"
	    "resourceGroups/rg/providers/Microsoft.Sql/servers/s1/databases/"
	    "db1"), "Azure SQL Database");
	assert_string_equal(restype_service_of_id("/subscriptions/s/"
	    "resourceGroups/rg/providers/microsoft.compute/VIRTUALMACHINES/vm"),
	    "Virtual Machines");
	assert_null(restype_service_of_id("/subscriptions/s/resourceGroups/rg/"
	    "providers/Contoso.Widgets/widgets/w1"));
	assert_null(restype_service_of_id("not an id"));
	assert_null(restype_service_of_id(NULL));
}

static void
test_lag_stamp(void **state)
{
	struct inc_list before = { 0 }, fresh = { 0 };
	struct incident *a, *b;
	char *line;

	(void)state;
	a = incident_new("X1");
	a->start = NOW;
	inc_list_add(&before, a);
	lag_stamp(&before, NULL, CHAN_STATUS_PAGE, NOW + 24 * MIN);
	/* the next answer keeps the first stamp */
	b = incident_new("X1");
	b->start = NOW;
	incident_add_update(b, NOW + 30 * MIN, CHAN_STATUS_PAGE, "more");
	inc_list_add(&fresh, b);
	lag_stamp(&fresh, &before, CHAN_STATUS_PAGE, NOW + 40 * MIN);
	assert_int_equal(fresh.v[0]->seen[LAG_STATUS_PAGE], NOW + 24 * MIN);
	/* Service Health's own first post is earlier than azwatch's look */
	incident_add_update(fresh.v[0], NOW + 9 * MIN, CHAN_SERVICE_HEALTH, "x");
	lag_stamp(&fresh, NULL, CHAN_SERVICE_HEALTH, NOW + 40 * MIN);
	fresh.v[0]->seen[LAG_EARLY_WARNING] = NOW - 10 * MIN;
	line = lag_text(fresh.v[0]);
	assert_string_equal(line, "Service Health +9m, status page +24m, "
	    "early warning \xe2\x88\x92" "10m");
	free(line);
	assert_int_equal(lag_lead(fresh.v[0]), 19 * MIN);
	/* no impact start: against the first */
	fresh.v[0]->start = 0;
	fresh.v[0]->seen[LAG_EARLY_WARNING] = 0;
	fresh.v[0]->seen[LAG_X] = NOW + 100 * MIN;
	line = lag_text(fresh.v[0]);
	assert_string_equal(line, "Service Health +0m, status page +15m, "
	    "X +1h31m (against the first; no impact start known)");
	free(line);
	inc_list_clear(&before);
	inc_list_clear(&fresh);
}

/* An emerging issue's lag is its own publication (publishedTime, else
 * startTime), not azwatch's first look; the event's first update, not
 * the poll; and a time carried over from the channel's previous answer
 * stays. Shapes: the Emerging Issues API's statusActiveEvents
 * (EmergingIssues_List example) with times of this test. */
static void
test_lag_own_times(void **state)
{
	static const char em[] =
	    "{\"value\":[{\"name\":\"default\",\"properties\":{"
	    "\"statusActiveEvents\":["
	    "{\"title\":\"Azure Front Door - Multiple Regions\","
	    "\"trackingId\":\"QN4T-9B0\",\"startTime\":\"2026-11-24T10:05:00Z\","
	    "\"published\":true,\"stage\":\"Active\","
	    "\"lastModifiedTime\":\"2026-11-24T10:20:00Z\"},"
	    "{\"title\":\"Virtual Machines - East US\","
	    "\"trackingId\":\"VM1-EUS\",\"startTime\":\"2026-11-24T10:00:00Z\","
	    "\"publishedTime\":\"2026-11-24T10:07:00Z\","
	    "\"published\":true,\"stage\":\"Active\"}]}}]}";
	struct inc_list l = { 0 }, before = { 0 };
	struct strv banners = { 0 };
	struct incident *inc;
	char err[256], *line;

	(void)state;
	assert_int_equal(arm_parse_emerging(em, sizeof em - 1, &l, &banners,
	    err, sizeof err), 0);
	assert_int_equal(l.n, 2);
	lag_stamp(&l, NULL, CHAN_SERVICE_HEALTH, NOW + 40 * MIN);
	inc = inc_list_find(&l, "QN4T-9B0");
	assert_non_null(inc);
	assert_int_equal(inc->seen[LAG_EMERGING], NOW + 5 * MIN);
	assert_int_equal(inc->seen[LAG_SERVICE_HEALTH], 0);
	inc = inc_list_find(&l, "VM1-EUS");
	assert_non_null(inc);
	assert_int_equal(inc->seen[LAG_EMERGING], NOW + 7 * MIN);
	line = lag_text(inc);
	assert_string_equal(line, "emerging issues +7m");
	free(line);

	/* the event posted later: its first update, and the emerging
	 * issue's time carried over from the previous answer */
	inc = incident_new("VM1-EUS");
	inc->start = NOW;
	incident_add_update(inc, NOW + 12 * MIN, CHAN_SERVICE_HEALTH, "first");
	incident_add_update(inc, NOW + 30 * MIN, CHAN_SERVICE_HEALTH, "second");
	inc_list_add(&before, inc);
	inc = incident_new("VM1-EUS");
	inc->start = NOW;
	incident_add_update(inc, NOW + 30 * MIN, CHAN_SERVICE_HEALTH, "second");
	inc->seen[LAG_EMERGING] = NOW + 7 * MIN;
	inc_list_add(&before, incident_new("other"));
	lag_stamp(&before, NULL, CHAN_SERVICE_HEALTH, NOW + 45 * MIN);
	inc_list_clear(&l);
	inc_list_add(&l, inc);
	lag_stamp(&l, &before, CHAN_SERVICE_HEALTH, NOW + 50 * MIN);
	line = lag_text(l.v[0]);
	/* Service Health's stamp is azwatch's first look (+45m), but its
	 * own first update (+12m, in the previous answer) is earlier */
	assert_string_equal(line, "Service Health +12m, emerging issues +7m");
	free(line);
	inc_list_clear(&l);
	inc_list_clear(&before);
	strv_free(&banners);
}

/* The one serializer keeps the lag record, the warning's marks and the
 * review through the journal's state form. */
static void
test_incjson(void **state)
{
	struct incident *a = incident_new("early:Storage/westeurope"), *b;
	json_object *o;
	char *text;

	(void)state;
	a->early = true;
	a->joined = xstrdup("VSG1-B90");
	a->seen[LAG_EARLY_WARNING] = NOW;
	a->seen[LAG_STATUS_PAGE] = NOW + 22 * MIN;
	a->pir = PIR_PRELIMINARY;
	a->pir_posted = NOW + 3 * 86400;
	text = incjson_text(a, INCJSON_STATE);
	assert_non_null(strstr(text, "\"first_seen\":{\"status_page\":"));
	assert_non_null(strstr(text, "\"pir\":\"preliminary\""));
	o = json_tokener_parse(text);
	assert_non_null(o);
	b = incident_new("x");
	assert_int_equal(incjson_read(o, b), 0);
	assert_true(b->early);
	assert_string_equal(b->joined, "VSG1-B90");
	assert_int_equal(b->seen[LAG_EARLY_WARNING], NOW);
	assert_int_equal(b->seen[LAG_STATUS_PAGE], NOW + 22 * MIN);
	assert_int_equal(b->seen[LAG_SERVICE_HEALTH], 0);
	assert_int_equal(b->pir, PIR_PRELIMINARY);
	assert_int_equal(b->pir_posted, NOW + 3 * 86400);
	json_object_put(o);
	free(text);
	incident_free(a);
	incident_free(b);
}

/* Impact as Azure grades it: listed resources are confirmed, the user's
 * others in the incident's service and region potential; each with its
 * health as read. */
static void
test_grade(void **state)
{
	struct earlywarn *ew = earlywarn_new(NULL);
	struct reading r = { 0 };
	struct inc_list out = { 0 };
	struct incident *inc;
	char st[64];

	(void)state;
	add(&r, REDIS(1), "eastus2", "Unavailable", "Platform Initiated",
	    "Unplanned", NOW);
	add(&r, REDIS(2), "eastus2", "Degraded", "Platform Initiated",
	    "Unplanned", NOW);
	add(&r, REDIS(3), "eastus2", "Available", NULL, NULL, 0);
	add(&r, REDIS(4), "westus", "Unavailable", "Platform Initiated",
	    "Unplanned", NOW);
	poll(ew, &r, NULL, NOW, &out);
	inc = azure_incident("7K2Q-XL8", "Azure Cache for Redis", "East US 2");
	strv_add(&inc->resources, REDIS(1));
	earlywarn_grade(ew, inc);
	assert_int_equal(inc->potential.n, 2);
	assert_true(strv_has(&inc->potential, REDIS(2)));
	assert_true(strv_has(&inc->potential, REDIS(3)));
	assert_string_equal(earlywarn_health_of(inc, REDIS(1), st, sizeof st),
	    "Unavailable");
	assert_string_equal(earlywarn_health_of(inc, REDIS(2), st, sizeof st),
	    "Degraded");
	assert_string_equal(earlywarn_health_of(inc, REDIS(4), st, sizeof st),
	    "not read");
	incident_free(inc);
	inc_list_clear(&out);
	earlywarn_free(ew);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threshold),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_excluded),
		cmocka_unit_test(test_flapping),
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_azure_first),
		cmocka_unit_test(test_service_of),
		cmocka_unit_test(test_lag_stamp),
		cmocka_unit_test(test_lag_own_times),
		cmocka_unit_test(test_incjson),
		cmocka_unit_test(test_grade),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
