/* test-parse-arm.c: the ARM parsers against every example payload in
 * tests/data/arm (official specification examples in their real shapes),
 * plus hostile input: deep nesting, wrong shapes, sentinels. */
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

#include "parse-arm.h"
#include "xmalloc.h"

/* a literal and its length */
#define LIT(s)	(s), strlen(s)

static time_t
utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}

static char *
slurp(const char *name, size_t *len)
{
	const char *top = getenv("TOP_SRCDIR");
	char *path;
	FILE *f;
	char *data;
	long n;

	path = xasprintf("%s/tests/data/arm/%s", top != NULL ? top : ".", name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = xmalloc((size_t)n + 1);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	free(path);
	*len = (size_t)n;
	return data;
}

/* The specification examples wrap the answer: responses.200.body. */
static char *
example_body(const char *name, size_t *len)
{
	struct json_object *root, *r, *ok, *body;
	char *raw, *out;

	raw = slurp(name, len);
	root = json_tokener_parse(raw);
	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "responses", &r));
	assert_true(json_object_object_get_ex(r, "200", &ok));
	assert_true(json_object_object_get_ex(ok, "body", &body));
	out = xstrdup(json_object_to_json_string_ext(body,
	    JSON_C_TO_STRING_PLAIN));
	*len = strlen(out);
	json_object_put(root);
	free(raw);
	return out;
}

static struct impact *
find_impact(struct incident *inc, const char *service, const char *region)
{
	size_t i;

	for (i = 0; i < inc->nimpacts; i++) {
		if (strcmp(inc->impacts[i].service, service) == 0 &&
		    inc->impacts[i].region != NULL &&
		    strcmp(inc->impacts[i].region, region) == 0)
			return &inc->impacts[i];
	}
	return NULL;
}

static void
test_events_list(void **state)
{
	struct inc_list l = { 0 };
	struct incident *inc;
	struct impact *im;
	char err[256], *next = NULL, *data;
	size_t len;

	(void)state;
	data = example_body("2025-05-01_Events_ListBySubscriptionId.json", &len);
	/* before the mitigation time: still active */
	assert_int_equal(arm_parse_events(data, len, utc(2025, 5, 13, 16, 0, 0),
	    &l, &next, err, sizeof err), 0);
	assert_int_equal(l.n, 1);
	inc = l.v[0];
	assert_string_equal(inc->key, "BC_1-FXZ");
	assert_string_equal(inc->tracking_id, "BC_1-FXZ");
	assert_string_equal(inc->title, "ACTIVE: Virtual machines in West US");
	assert_string_equal(inc->summary, "An outage alert is being investigated. "
	    "More information will be provided as it is known.");
	assert_string_equal(inc->header,
	    "Your service might have been impacted by an Azure service issue");
	assert_string_equal(inc->level, "Warning");
	assert_int_equal(inc->type, INC_SERVICE_ISSUE);
	assert_int_equal(inc->status, INC_ACTIVE);
	assert_int_equal(inc->sources, CHAN_BIT(CHAN_SERVICE_HEALTH));
	assert_int_equal(inc->start, utc(2025, 5, 12, 14, 45, 48));
	assert_int_equal(inc->mitigated, utc(2025, 5, 14, 15, 43, 48));
	assert_int_equal(inc->last_update, utc(2025, 5, 13, 15, 43, 48));
	assert_false(inc->is_hir);
	assert_true(inc->false_positive);
	assert_int_equal(inc->services.n, 1);
	assert_string_equal(inc->services.v[0], "Virtual Machines");
	assert_int_equal(inc->regions.n, 1);
	assert_string_equal(inc->regions.v[0], "West US");
	im = find_impact(inc, "Virtual Machines", "West US");
	assert_non_null(im);
	assert_int_equal(im->status, INC_ACTIVE);
	assert_int_equal(inc->nupdates, 3);
	assert_true(strncmp(inc->updates[0].text, "Update 3 -", 10) == 0);
	assert_true(strncmp(inc->updates[1].text, "Update 2 -", 10) == 0);
	assert_true(strncmp(inc->updates[2].text, "Update 1 -", 10) == 0);
	assert_int_equal(inc->updates[0].time, utc(2025, 5, 13, 15, 43, 48));
	assert_int_equal(inc->updates[2].time, utc(2025, 5, 12, 15, 0, 48));
	assert_int_equal(inc->updates[0].source, CHAN_SERVICE_HEALTH);
	assert_int_equal(inc->subscriptions.n, 1);
	assert_string_equal(inc->subscriptions.v[0], "{subscriptionId}");
	assert_int_equal(inc->links.n, 1);
	assert_string_equal(inc->links.v[0], "https://azure.status.microsoft/"
	    "en-us/status/history/?trackingId=BC_1-FXZ");
	assert_string_equal(next, "{originalRequestUrl}?$skipToken={OpaquePageNumber}");
	free(next);
	inc_list_clear(&l);

	/* after it: a service issue still "Active" is active (Microsoft
	 * reopens incidents after reporting them mitigated); the region
	 * keeps its own status */
	assert_int_equal(arm_parse_events(data, len, utc(2026, 1, 1, 0, 0, 0),
	    &l, NULL, err, sizeof err), 0);
	assert_int_equal(l.v[0]->status, INC_ACTIVE);
	assert_int_equal(l.v[0]->mitigated, utc(2025, 5, 14, 15, 43, 48));
	assert_int_equal(l.v[0]->impacts[0].status, INC_ACTIVE);
	inc_list_clear(&l);
	free(data);
}

/* An Active service issue after its mitigation time: mitigated when
 * Microsoft marked every region resolved, active (reopened) while one
 * region is still Active. */
static const char mitigated_events[] =
"{\"value\":[{\"name\":\"ALL-DONE\",\"properties\":{\"eventType\":"
"\"ServiceIssue\",\"status\":\"Active\",\"title\":\"Redis - East US\","
"\"impactMitigationTime\":\"2026-11-24T10:20:00Z\",\"impact\":[{"
"\"impactedService\":\"Azure Cache for Redis\",\"impactedRegions\":["
"{\"impactedRegion\":\"East US\",\"status\":\"Resolved\"}]}]}},"
"{\"name\":\"ONE-LEFT\",\"properties\":{\"eventType\":"
"\"ServiceIssue\",\"status\":\"Active\",\"title\":\"Redis - US\","
"\"impactMitigationTime\":\"2026-11-24T10:20:00Z\",\"impact\":[{"
"\"impactedService\":\"Azure Cache for Redis\",\"impactedRegions\":["
"{\"impactedRegion\":\"East US\",\"status\":\"Resolved\"},"
"{\"impactedRegion\":\"East US 2\",\"status\":\"Active\"}]}]}}]}";

static void
test_events_mitigated(void **state)
{
	struct inc_list l = { 0 };
	char err[256];

	(void)state;
	assert_int_equal(arm_parse_events(mitigated_events,
	    strlen(mitigated_events), utc(2026, 11, 24, 12, 0, 0), &l, NULL,
	    err, sizeof err), 0);
	assert_int_equal(inc_list_find(&l, "ALL-DONE")->status, INC_MITIGATED);
	assert_int_equal(inc_list_find(&l, "ONE-LEFT")->status, INC_ACTIVE);
	inc_list_clear(&l);
	/* before the mitigation time it is active whatever the regions say */
	assert_int_equal(arm_parse_events(mitigated_events,
	    strlen(mitigated_events), utc(2026, 11, 24, 10, 0, 0), &l, NULL,
	    err, sizeof err), 0);
	assert_int_equal(inc_list_find(&l, "ALL-DONE")->status, INC_ACTIVE);
	inc_list_clear(&l);
}

static void
test_event_single(void **state)
{
	struct incident *inc = NULL;
	char err[256], *data;
	size_t len;

	(void)state;
	data = example_body("2025-05-01_Event_GetBySubscriptionIdAndTrackingId.json",
	    &len);
	assert_int_equal(arm_parse_event(data, len, utc(2025, 5, 13, 0, 0, 0),
	    &inc, err, sizeof err), 0);
	assert_string_equal(inc->key, "{eventTrackingId}");
	assert_int_equal(inc->type, INC_SERVICE_ISSUE);
	assert_int_equal(inc->status, INC_ACTIVE);
	assert_int_equal(inc->nupdates, 3);
	assert_non_null(find_impact(inc, "Virtual Machines", "West US"));
	/* the id is escaped in the link */
	assert_string_equal(inc->links.v[0], "https://azure.status.microsoft/"
	    "en-us/status/history/?trackingId=%7BeventTrackingId%7D");
	incident_free(inc);
	free(data);

	assert_int_equal(arm_parse_event(LIT("{\"properties\":{}}"), 0, &inc,
	    err, sizeof err), -1);
	assert_null(inc);
	assert_non_null(strstr(err, "tracking id"));
}

/* Older shape without leading slashes, several regions with their own
 * status, the same update text in two regions, the year-0001 sentinel,
 * and the other event types. */
static const char older_events[] =
"{\"value\":[{\"id\":\"providers/Microsoft.ResourceHealth/events/VSG1-B90\","
"\"type\":\"providers/Microsoft.ResourceHealth/events\",\"name\":\"VSG1-B90\","
"\"properties\":{\"eventType\":\"ServiceIssue\",\"status\":\"Active\","
"\"title\":\"Storage - multiple regions\",\"description\":\"<p>Engineers are "
"<b>investigating</b>.</p>\",\"level\":\"Critical\",\"isHIR\":true,"
"\"impactStartTime\":\"2026-11-25T08:00:00Z\","
"\"impactMitigationTime\":\"0001-01-01T00:00:00\","
"\"lastUpdateTime\":\"2026-11-25T09:30:00Z\","
"\"impact\":[{\"impactedService\":\"Storage\",\"impactedRegions\":["
"{\"impactedRegion\":\"East US\",\"status\":\"Active\","
"\"impactedSubscriptions\":[\"sub-a\"],\"updates\":["
"{\"summary\":\"We are investigating.\",\"updateDateTime\":\"2026-11-25T08:10:00Z\"},"
"{\"summary\":\"<p>Mitigation in progress.</p>\",\"updateDateTime\":\"2026-11-25T09:30:00Z\"}]},"
"{\"impactedRegion\":\"West Europe\",\"status\":\"Resolved\","
"\"impactedSubscriptions\":[\"sub-a\",\"sub-b\"],\"updates\":["
"{\"summary\":\"We are investigating.\",\"updateDateTime\":\"2026-11-25T08:10:00Z\"}]}]}]}},"
"{\"name\":\"PM-1\",\"properties\":{\"eventType\":\"PlannedMaintenance\",\"status\":\"Active\","
"\"impactMitigationTime\":\"2026-12-01T00:00:00Z\"}},"
"{\"name\":\"HA-1\",\"properties\":{\"eventType\":\"HealthAdvisory\",\"status\":\"Resolved\"}},"
"{\"name\":\"SA-1\",\"properties\":{\"eventType\":\"SecurityAdvisory\"}},"
"{\"name\":\"RCA-1\",\"properties\":{\"eventType\":\"RCA\",\"status\":\"Resolved\"}},"
"{\"name\":\"BILL-1\",\"properties\":{\"eventType\":\"Billing\"}},"
"{\"properties\":{\"eventType\":\"ServiceIssue\",\"title\":\"no id\"}},"
"{\"id\":\"/providers/Microsoft.ResourceHealth/events/FROM-ID\",\"properties\":{}}"
"]}";

static void
test_events_older(void **state)
{
	struct inc_list l = { 0 };
	struct incident *inc;
	char err[256];

	(void)state;
	assert_int_equal(arm_parse_events(older_events, strlen(older_events),
	    utc(2026, 11, 25, 10, 0, 0), &l, NULL, err, sizeof err), 0);
	assert_int_equal(l.n, 7);
	inc = inc_list_find(&l, "VSG1-B90");
	assert_non_null(inc);
	assert_int_equal(inc->status, INC_ACTIVE);	/* 0001: not mitigated */
	assert_int_equal(inc->mitigated, 0);
	assert_true(inc->is_hir);
	assert_false(inc->false_positive);
	assert_string_equal(inc->level, "Critical");
	/* description is HTML: plain text for the summary */
	assert_null(strchr(inc->summary, '<'));
	assert_non_null(strstr(inc->summary, "investigating"));
	assert_int_equal(find_impact(inc, "Storage", "East US")->status,
	    INC_ACTIVE);
	assert_int_equal(find_impact(inc, "Storage", "West Europe")->status,
	    INC_RESOLVED);
	/* the text shared by both regions appears once */
	assert_int_equal(inc->nupdates, 2);
	assert_null(strchr(inc->updates[0].text, '<'));
	assert_non_null(strstr(inc->updates[0].text, "Mitigation in progress."));
	assert_string_equal(inc->updates[1].text, "We are investigating.");
	assert_int_equal(inc->subscriptions.n, 2);

	assert_int_equal(inc_list_find(&l, "PM-1")->type, INC_PLANNED_MAINTENANCE);
	assert_int_equal(inc_list_find(&l, "PM-1")->status, INC_ACTIVE);
	assert_int_equal(inc_list_find(&l, "HA-1")->type, INC_HEALTH_ADVISORY);
	assert_int_equal(inc_list_find(&l, "HA-1")->status, INC_RESOLVED);
	assert_int_equal(inc_list_find(&l, "SA-1")->type, INC_SECURITY_ADVISORY);
	assert_int_equal(inc_list_find(&l, "RCA-1")->type, INC_RCA);
	assert_int_equal(inc_list_find(&l, "BILL-1")->type, INC_OTHER);
	assert_non_null(inc_list_find(&l, "FROM-ID"));
	inc_list_clear(&l);
}

/* The same tracking id from two subscriptions' pages is one incident. */
static void
test_events_merge(void **state)
{
	static const char a[] = "{\"value\":[{\"name\":\"M-1\",\"properties\":{"
	    "\"eventType\":\"ServiceIssue\",\"status\":\"Active\",\"impact\":[{"
	    "\"impactedService\":\"SQL Database\",\"impactedRegions\":[{"
	    "\"impactedRegion\":\"East US\",\"impactedSubscriptions\":[\"s1\"]}]}]}}]}";
	static const char b[] = "{\"value\":[{\"name\":\"M-1\",\"properties\":{"
	    "\"eventType\":\"ServiceIssue\",\"status\":\"Active\",\"impact\":[{"
	    "\"impactedService\":\"SQL Database\",\"impactedRegions\":[{"
	    "\"impactedRegion\":\"West US\",\"impactedSubscriptions\":[\"s2\"]}]}]}}]}";
	struct inc_list l = { 0 };
	char err[256];

	(void)state;
	assert_int_equal(arm_parse_events(a, strlen(a), 0, &l, NULL, err,
	    sizeof err), 0);
	assert_int_equal(arm_parse_events(b, strlen(b), 0, &l, NULL, err,
	    sizeof err), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0]->subscriptions.n, 2);
	assert_int_equal(l.v[0]->regions.n, 2);
	assert_int_equal(l.v[0]->links.n, 1);
	inc_list_clear(&l);
}

static void
test_impacted(void **state)
{
	struct strv ids = { 0 }, regions = { 0 };
	char err[256], *next = NULL, *data;
	size_t len;

	(void)state;
	data = example_body(
	    "2025-05-01_ImpactedResources_ListBySubscriptionId_ListByEventId.json",
	    &len);
	assert_int_equal(arm_parse_impacted(data, len, &ids, &regions, NULL,
	    NULL, &next, err, sizeof err), 0);
	/* the info-only row has no resource id */
	assert_int_equal(ids.n, 2);
	assert_int_equal(regions.n, 2);
	assert_string_equal(ids.v[0], "/subscriptions/4970d23e-ed41-4670-9c19-"
	    "02a1d2808dd9/resourceGroups/TEST/providers/Microsoft.Compute/"
	    "virtualMachines/testvm");
	assert_non_null(strstr(ids.v[1], "/virtualMachines/testvm2"));
	assert_string_equal(regions.v[0], "westus");
	assert_non_null(next);
	free(next);
	strv_free(&ids);
	strv_free(&regions);
	free(data);
}

/* The grade: the real example (no info about the impact: confirmed,
 * the event named by each row's id) and a row whose info[] says
 * ImpactType Potential (the only free-form part of the row's shape). */
static void
test_impacted_graded(void **state)
{
	static const char pot[] =
	    "{\"value\":[{\"id\":\"/subscriptions/s/providers/Microsoft."
	    "ResourceHealth/events/7K2Q-XL8/impactedResources/a1\","
	    "\"properties\":{\"targetResourceId\":\"/subscriptions/s/r1\","
	    "\"info\":[{\"key\":\"ImpactType\",\"value\":\"Potential\"}]}},"
	    "{\"id\":\"/subscriptions/s/providers/Microsoft.ResourceHealth/"
	    "events/7K2Q-XL8/impactedResources/a2\",\"properties\":{"
	    "\"targetResourceId\":\"/subscriptions/s/r2\",\"info\":[{\"key\":"
	    "\"ImpactType\",\"value\":\"Confirmed\"},{\"key\":\"Note\","
	    "\"value\":\"Potential\"}]}}]}";
	struct strv ids = { 0 }, grades = { 0 }, events = { 0 };
	char err[256], *next = NULL, *data;
	size_t len;

	(void)state;
	data = example_body(
	    "2025-05-01_ImpactedResources_ListBySubscriptionId_ListByEventId.json",
	    &len);
	assert_int_equal(arm_parse_impacted(data, len, &ids, NULL, &grades,
	    &events, &next, err, sizeof err), 0);
	assert_int_equal(ids.n, 2);
	assert_string_equal(grades.v[0], "confirmed");
	assert_string_equal(grades.v[1], "confirmed");
	assert_string_equal(events.v[0], "BC_1-FXZ");
	free(next);
	free(data);
	assert_int_equal(arm_parse_impacted(pot, sizeof pot - 1, &ids, NULL,
	    &grades, &events, NULL, err, sizeof err), 0);
	assert_int_equal(ids.n, 4);
	assert_string_equal(ids.v[2], "/subscriptions/s/r1");
	assert_string_equal(grades.v[2], "potential");
	assert_string_equal(grades.v[3], "confirmed");
	assert_string_equal(events.v[3], "7K2Q-XL8");
	strv_free(&ids);
	strv_free(&grades);
	strv_free(&events);
}

/* Resource Graph's HealthResources: states and, in rows of their own,
 * why. Row shapes as documented for the table (availabilitystatuses:
 * targetResourceType, targetResourceId, occurredTime,
 * previousAvailabilityState, availabilityState; resourceannotations:
 * context, category, reason, summary), values made up. */
static void
test_graph_health(void **state)
{
	static const char page[] =
	    "{\"totalRecords\":3,\"count\":3,\"resultTruncated\":\"false\","
	    "\"$skipToken\":\"next\",\"data\":["
	    "{\"id\":\"/subscriptions/s/resourceGroups/g/providers/Microsoft."
	    "Compute/virtualMachines/vm1/providers/Microsoft.ResourceHealth/"
	    "availabilityStatuses/current\",\"type\":\"microsoft.resourcehealth/"
	    "availabilitystatuses\",\"location\":\"eastus2\",\"properties\":{"
	    "\"targetResourceType\":\"Microsoft.Compute/virtualMachines\","
	    "\"targetResourceId\":\"/subscriptions/s/resourceGroups/g/providers/"
	    "Microsoft.Compute/virtualMachines/vm1\",\"occurredTime\":"
	    "\"2026-11-24T10:02:00Z\",\"previousAvailabilityState\":"
	    "\"Available\",\"availabilityState\":\"Unavailable\"}},"
	    "{\"id\":\"/subscriptions/s/resourceGroups/g/providers/Microsoft."
	    "Compute/virtualMachines/vm1/providers/Microsoft.ResourceHealth/"
	    "resourceAnnotations/current\",\"type\":\"microsoft.resourcehealth/"
	    "resourceannotations\",\"properties\":{\"targetResourceId\":"
	    "\"/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/"
	    "virtualMachines/vm1\",\"occurredTime\":\"2026-11-24T10:02:00Z\","
	    "\"annotationName\":\"HostFailure\",\"reason\":\"Unexpected host "
	    "failure\",\"context\":\"Platform-Initiated\",\"category\":"
	    "\"Unplanned\"}},"
	    "{\"id\":\"/subscriptions/s/x\",\"type\":\"microsoft.compute/"
	    "virtualmachines\",\"properties\":{}}]}";
	struct resource_health *rh = NULL;
	size_t n = 0;
	char err[256], *skip = NULL;
	bool trunc = true;

	(void)state;
	assert_int_equal(arm_parse_graph_health(page, sizeof page - 1, &rh, &n,
	    &skip, &trunc, err, sizeof err), 0);
	assert_int_equal(n, 2);		/* another table's row is skipped */
	assert_false(trunc);
	assert_string_equal(skip, "next");
	free(skip);
	assert_false(rh[0].annotation);
	assert_string_equal(rh[0].id, "/subscriptions/s/resourceGroups/g/"
	    "providers/Microsoft.Compute/virtualMachines/vm1");
	assert_string_equal(rh[0].state, "Unavailable");
	assert_string_equal(rh[0].location, "eastus2");
	assert_int_equal(rh[0].occurred, (time_t)1795514520);
	assert_true(rh[1].annotation);
	assert_string_equal(rh[1].id, rh[0].id);
	assert_true(rh[1].platform);
	assert_false(rh[1].user);
	assert_string_equal(rh[1].category, "Unplanned");
	assert_string_equal(rh[1].summary, "Unexpected host failure");
	while (n > 0)
		arm_resource_health_free(&rh[--n]);
	free(rh);
	assert_int_equal(arm_parse_graph_health("{\"value\":[]}", 12, &rh, &n,
	    NULL, NULL, err, sizeof err), -1);
}

static void
test_availability(void **state)
{
	struct resource_health rh, *list = NULL;
	char err[256], *data, *line, *next = NULL;
	size_t len, n, i;

	(void)state;
	data = example_body("2025-05-01_AvailabilityStatus_GetByResource.json",
	    &len);
	assert_int_equal(arm_parse_availability(data, len, &rh, err,
	    sizeof err), 0);
	assert_string_equal(rh.state, "Unavailable");
	assert_string_equal(rh.reason_type, "Unplanned");
	assert_string_equal(rh.context, "Platform Initiated");
	assert_true(rh.platform);
	assert_false(rh.user);
	assert_string_equal(rh.title, "Unavailable");
	assert_int_equal(rh.occurred, utc(2016, 3, 29, 9, 12, 0));
	assert_non_null(strstr(rh.id, "/virtualMachines /rhctestenvV1PI"));
	assert_null(strstr(rh.id, "availabilityStatuses"));
	line = arm_resource_health_line(&rh);
	assert_string_equal(line, "Unavailable (platform-initiated, Unplanned) "
	    "since 2016-03-29T09:12:00Z: We're sorry, we couldn't automatically "
	    "recover your virtual machine");
	free(line);
	arm_resource_health_free(&rh);
	free(data);

	data = example_body("2025-05-01_AvailabilityStatuses_ListBySubscriptionId.json",
	    &len);
	assert_int_equal(arm_parse_availability_list(data, len, &list, &n,
	    &next, err, sizeof err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].state, "Available");
	assert_string_equal(list[1].state, "Unavailable");
	/* no context: neither side is named */
	assert_false(list[1].platform);
	assert_false(list[1].user);
	assert_non_null(next);
	for (i = 0; i < n; i++)
		arm_resource_health_free(&list[i]);
	free(list);
	free(next);
	free(data);
}

static void
test_availability_events(void **state)
{
	static const char doc[] = "{\"id\":\"/subscriptions/s/resourceGroups/g/"
	    "providers/Microsoft.Sql/servers/db/providers/Microsoft.ResourceHealth/"
	    "availabilityStatuses/current\",\"properties\":{"
	    "\"availabilityState\":\"Degraded\",\"reasonType\":\"UserInitiated\","
	    "\"healthEventCause\":\"UserInitiated\",\"summary\":\"Restarted\\nby you\","
	    "\"serviceImpactingEvents\":[{\"correlationId\":\"7K2Q-XL8\","
	    "\"incidentProperties\":{\"title\":\"SQL in East US\"}},5]}}";
	struct resource_health rh;
	char err[256], *line;

	(void)state;
	assert_int_equal(arm_parse_availability(doc, strlen(doc), &rh, err,
	    sizeof err), 0);
	assert_string_equal(rh.id,
	    "/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/servers/db");
	assert_true(rh.user);
	assert_false(rh.platform);
	assert_int_equal(rh.occurred, 0);
	assert_int_equal(rh.event_ids.n, 1);
	assert_string_equal(rh.event_ids.v[0], "7K2Q-XL8");
	line = arm_resource_health_line(&rh);
	assert_string_equal(line, "Degraded (user-initiated, UserInitiated): "
	    "Restarted by you [platform event: SQL in East US]");
	free(line);
	arm_resource_health_free(&rh);

	assert_int_equal(arm_parse_availability(LIT("{\"value\":[]}"), &rh, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "properties"));
}

static void
test_emerging(void **state)
{
	struct inc_list l = { 0 };
	struct strv banners = { 0 };
	struct incident *inc;
	char err[256], *data;
	size_t len;

	(void)state;
	data = example_body("2025-05-01_EmergingIssues_List.json", &len);
	assert_int_equal(arm_parse_emerging(data, len, &l, &banners, err,
	    sizeof err), 0);
	assert_int_equal(l.n, 2);
	inc = inc_list_find(&l, "KTTK-TZ8");
	assert_non_null(inc);
	assert_string_equal(inc->level, "Emerging Information");
	assert_int_equal(inc->status, INC_ACTIVE);
	assert_int_equal(inc->sources, CHAN_BIT(CHAN_SERVICE_HEALTH));
	assert_non_null(find_impact(inc, "Virtual Machines", "Central US"));
	assert_non_null(find_impact(inc, "Virtual Machines", "East US"));
	assert_int_equal(inc->start, utc(2019, 12, 15, 8, 6, 0));
	inc = inc_list_find(&l, "4KHK-LS8");
	assert_string_equal(inc->level, "Emerging Error");
	assert_string_equal(inc->title, "Azure SQL Database - West Europe");
	assert_non_null(find_impact(inc, "SQL Database", "West Europe"));
	assert_int_equal(banners.n, 2);
	assert_string_equal(banners.v[0], "Automatic updates to the dial tone "
	    "page from ACM - banner: Testing backup site");
	assert_null(strchr(banners.v[1], '<'));
	assert_non_null(strstr(banners.v[1], "A subset of customers using Storage"));
	strv_free(&banners);
	inc_list_clear(&l);
	free(data);
}

static void
test_graph_examples(void **state)
{
	struct inc_list l = { 0 };
	char err[256], *data, *skip = NULL;
	bool trunc = true;
	size_t len;

	(void)state;
	data = example_body("2022-10-01_ResourcesFirstPageQuery.json", &len);
	assert_int_equal(arm_parse_graph(data, len, 0, &l, &skip, &trunc, err,
	    sizeof err), 0);
	assert_false(trunc);
	assert_string_equal(skip,
	    "eyAibm8iOiAibHVjayIsICJidXQiOiAibmljZSIsICJ0cnkiOiAiISIgfQ==");
	/* rows keyed by their name: not events, but no crash either */
	assert_int_equal(l.n, 3);
	inc_list_clear(&l);
	free(skip);
	free(data);

	data = example_body("2022-10-01_ResourcesNextPageQuery.json", &len);
	assert_int_equal(arm_parse_graph(data, len, 0, &l, &skip, NULL, err,
	    sizeof err), 0);
	assert_string_equal(skip,
	    "eyAibm8yIjogImx1Y2syIiwgImJ1dDIiOiAibmljZTIiLCAidHJ5MiI6ICIhIiB9");
	inc_list_clear(&l);
	free(skip);
	free(data);
}

/* ServiceHealthResources rows: PascalCase, numeric times (ticks or
 * milliseconds), Impact as a JSON string, the same event per subscription. */
static const char graph_rows[] =
"{\"totalRecords\":3,\"count\":3,\"resultTruncated\":\"true\",\"data\":["
"{\"id\":\"/subscriptions/s1/providers/Microsoft.ResourceHealth/events/7K2Q-XL8\","
"\"name\":\"7K2Q-XL8\",\"subscriptionId\":\"s1\",\"properties\":{"
"\"EventType\":\"ServiceIssue\",\"Status\":\"Active\",\"Title\":\"SQL in East US\","
"\"TrackingId\":\"7K2Q-XL8\",\"Summary\":\"Connection failures\",\"Priority\":1,"
"\"ImpactStartTime\":638680000000000000,\"ImpactMitigationTime\":\"0\","
"\"LastUpdateTime\":1764064800000,"
"\"Impact\":\"[{\\\"ImpactedService\\\":\\\"SQL Database\\\",\\\"ImpactedRegions\\\":"
"[{\\\"ImpactedRegion\\\":\\\"East US\\\",\\\"Status\\\":\\\"Active\\\"}]}]\"}},"
"{\"name\":\"7K2Q-XL8\",\"subscriptionId\":\"s2\",\"properties\":{"
"\"EventType\":\"ServiceIssue\",\"Status\":\"Active\",\"TrackingId\":\"7K2Q-XL8\","
"\"Impact\":[{\"ImpactedService\":\"SQL Database\",\"ImpactedRegions\":"
"[{\"ImpactedRegion\":\"East US 2\"}]}]}},"
"{\"name\":\"PM-9\",\"subscriptionId\":\"s2\",\"properties\":{"
"\"EventType\":\"PlannedMaintenance\",\"Status\":\"Active\",\"TrackingId\":\"PM-9\","
"\"ImpactMitigationTime\":1700000000}}"
"],\"$skipToken\":\"tok2\"}";

static void
test_graph_rows(void **state)
{
	struct inc_list l = { 0 };
	struct incident *inc;
	char err[256], *skip = NULL;
	bool trunc = false;

	(void)state;
	assert_int_equal(arm_parse_graph(graph_rows, strlen(graph_rows),
	    utc(2026, 11, 25, 10, 0, 0), &l, &skip, &trunc, err, sizeof err), 0);
	assert_true(trunc);
	assert_string_equal(skip, "tok2");
	assert_int_equal(l.n, 2);
	inc = inc_list_find(&l, "7K2Q-XL8");
	assert_non_null(inc);
	assert_string_equal(inc->title, "SQL in East US");
	assert_string_equal(inc->summary, "Connection failures");
	assert_int_equal(inc->status, INC_ACTIVE);
	assert_int_equal(inc->mitigated, 0);
	/* 638680000000000000 ticks */
	assert_int_equal(inc->start,
	    (638680000000000000LL - 621355968000000000LL) / 10000000);
	assert_int_equal(inc->last_update, 1764064800);
	assert_int_equal(inc->subscriptions.n, 2);
	assert_int_equal(inc->regions.n, 2);
	assert_int_equal(find_impact(inc, "SQL Database", "East US")->status,
	    INC_ACTIVE);
	/* a planned maintenance whose window ended is mitigated */
	inc = inc_list_find(&l, "PM-9");
	assert_int_equal(inc->type, INC_PLANNED_MAINTENANCE);
	assert_int_equal(inc->mitigated, 1700000000);
	assert_int_equal(inc->status, INC_MITIGATED);
	free(skip);
	inc_list_clear(&l);

	assert_int_equal(arm_parse_graph(LIT("{\"columns\":[],\"rows\":[]}"), 0,
	    &l, &skip, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "\"data\""));
	assert_null(skip);
}

static void
test_subscriptions(void **state)
{
	static const char doc[] = "{\"value\":["
	    "{\"id\":\"/subscriptions/aaa\",\"subscriptionId\":\"aaa\",\"state\":\"Enabled\"},"
	    "{\"id\":\"/subscriptions/bbb\",\"state\":\"Warned\"},"
	    "{\"id\":\"/subscriptions/ccc\",\"subscriptionId\":\"ccc\",\"state\":\"Disabled\"},"
	    "{\"subscriptionId\":\"aaa\"},7,null],"
	    "\"nextLink\":\"https://management.azure.com/subscriptions?page=2\"}";
	struct strv ids = { 0 };
	char err[256], *next = NULL;

	(void)state;
	assert_int_equal(arm_parse_subscriptions(doc, strlen(doc), &ids, &next,
	    err, sizeof err), 0);
	assert_int_equal(ids.n, 2);
	assert_string_equal(ids.v[0], "aaa");
	assert_string_equal(ids.v[1], "bbb");
	assert_string_equal(next, "https://management.azure.com/subscriptions?page=2");
	free(next);
	strv_free(&ids);
}

static void
test_tokens(void **state)
{
	char err[256], *tok = NULL, *data, *body;
	time_t exp, now = 1700000000;
	size_t len;

	(void)state;
	data = slurp("aad_v2_client_credentials_success.json", &len);
	assert_int_equal(arm_parse_token(data, len, now, &tok, &exp, err,
	    sizeof err), 0);
	assert_true(strncmp(tok, "eyJ0eXAiOiJKV1Qi", 16) == 0);
	assert_int_equal(exp, now + 3599);
	free(tok);
	free(data);

	data = slurp("imds_managed_identity_token_response.http", &len);
	body = strchr(data, '{');
	assert_int_equal(arm_parse_token(body, strlen(body), now, &tok, &exp,
	    err, sizeof err), 0);
	assert_string_equal(tok, "eyJ0eXAi...");
	assert_int_equal(exp, 1506484173);	/* expires_on, a string */
	free(tok);
	free(data);

	data = slurp("az_account_get_access_token_output.json", &len);
	assert_int_equal(arm_parse_token(data, len, now, &tok, &exp, err,
	    sizeof err), 0);
	assert_string_equal(tok, "...");
	assert_int_equal(exp, 1698760750);
	free(tok);
	free(data);

	/* an older az: only the local-time expiresOn */
	assert_int_equal(arm_parse_token(LIT("{\"accessToken\":\"abc\","
	    "\"expiresOn\":\"2023-10-31 21:59:10.000000\"}"), now, &tok, &exp,
	    err, sizeof err), 0);
	assert_true(exp > 1698600000 && exp < 1698900000);
	free(tok);

	data = slurp("aad_v2_client_credentials_error.json", &len);
	assert_int_equal(arm_parse_token(data, len, now, &tok, &exp, err,
	    sizeof err), -1);
	assert_null(tok);
	assert_string_equal(err, "invalid_scope: AADSTS70011: The provided value "
	    "for the input parameter 'scope' is not valid. The scope "
	    "https://foo.microsoft.com/.default is not valid.");
	free(data);

	assert_int_equal(arm_parse_token(LIT("{\"token_type\":\"Bearer\"}"), now,
	    &tok, &exp, err, sizeof err), -1);
	assert_non_null(strstr(err, "no access token"));
	/* a token with a newline would smuggle a header */
	assert_int_equal(arm_parse_token(LIT("{\"access_token\":\"a\\r\\nX: y\"}"),
	    now, &tok, &exp, err, sizeof err), -1);
	assert_null(strstr(err, "X: y"));
}

static void
test_errors(void **state)
{
	char err[512], *data, *body;
	size_t len;

	(void)state;
	/* a real answer, after the PowerShell prefix */
	data = slurp("arm_error_real_InvalidResourceType_from_issue_11379.txt", &len);
	body = strchr(data, '{');
	arm_error_text(body, strlen(body), 400, err, sizeof err);
	assert_true(strncmp(err, "HTTP 400 InvalidResourceType: The resource "
	    "type 'availabilityStatuses' could not be found in the namespace "
	    "'Microsoft.ResourceHealth' for api version '2018-07-01'.", 150) == 0);
	assert_non_null(strstr(err, "2020-05-01-preview'."));
	free(data);

	arm_error_text(LIT("{\"code\":\"NotFound\",\"message\":\"No event.\\nMore.\","
	    "\"details\":\"x\"}"), 404, err, sizeof err);
	assert_string_equal(err, "HTTP 404 NotFound: No event.");

	data = slurp("aad_v2_client_credentials_error.json", &len);
	arm_error_text(data, len, 400, err, sizeof err);
	assert_true(strncmp(err, "HTTP 400 invalid_scope: AADSTS70011:", 36) == 0);
	assert_null(strstr(err, "Trace ID"));
	free(data);

	arm_error_text(LIT("<html>Bad gateway</html>"), 502, err, sizeof err);
	assert_string_equal(err, "HTTP 502");
	arm_error_text(NULL, 0, 403, err, sizeof err);
	assert_string_equal(err, "HTTP 403");
	/* control bytes in a code never reach the error line */
	arm_error_text(LIT("{\"error\":{\"code\":\"A\\u001b[2JB\"}}"), 400, err,
	    sizeof err);
	assert_null(strchr(err, '\033'));
}

static void
test_hostile(void **state)
{
	struct inc_list l = { 0 };
	struct strv ids = { 0 };
	char err[256], *deep, *next = NULL;
	size_t i, n = 100000;

	(void)state;
	deep = xmalloc(2 * n + 32);
	memcpy(deep, "{\"value\":", 9);
	for (i = 0; i < n; i++)
		deep[9 + i] = '[';
	for (i = 0; i < n; i++)
		deep[9 + n + i] = ']';
	deep[9 + 2 * n] = '}';
	assert_int_equal(arm_parse_events(deep, 10 + 2 * n, 0, &l, &next, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "nested more than 64"));
	assert_int_equal(l.n, 0);
	assert_null(next);
	assert_int_equal(arm_parse_subscriptions(deep, 10 + 2 * n, &ids, NULL,
	    err, sizeof err), -1);
	free(deep);

	/* wrong shapes */
	assert_int_equal(arm_parse_events(LIT("[]"), 0, &l, NULL, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "not a JSON object"));
	assert_int_equal(arm_parse_events(LIT("{\"value\":5}"), 0, &l, NULL, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "no \"value\" list"));
	assert_int_equal(arm_parse_events(LIT("{\"error\":{}}"), 0, &l, NULL, err,
	    sizeof err), -1);
	assert_int_equal(arm_parse_events(LIT("{\"value\":["), 0, &l, NULL, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "ends early"));
	assert_int_equal(arm_parse_events(LIT("\xff\xfe garbage"), 0, &l, NULL,
	    err, sizeof err), -1);
	assert_int_equal(arm_parse_events("", 0, 0, &l, NULL, err, sizeof err),
	    -1);

	/* fields of the wrong type are ignored, not trusted */
	static const char odd[] = "{\"value\":[1,\"x\",null,[],{\"properties\":5},"
	    "{\"name\":7},{\"name\":\"T-1\",\"properties\":{\"title\":9,"
	    "\"status\":[],\"impact\":{\"a\":1},\"eventTags\":\"False Positive\","
	    "\"impactStartTime\":\"yesterday\",\"isHIR\":\"true\"}},"
	    "{\"name\":\"T-2\",\"properties\":{\"impact\":[5,{\"impactedRegions\":"
	    "[7,{\"impactedRegion\":\"East US\",\"updates\":[null,{\"summary\":3}]}]}]}}"
	    "],\"nextLink\":42}";
	assert_int_equal(arm_parse_events(odd, strlen(odd), 0, &l, &next, err,
	    sizeof err), 0);
	assert_null(next);
	assert_int_equal(l.n, 2);
	assert_null(l.v[0]->title);
	assert_int_equal(l.v[0]->start, 0);
	assert_true(l.v[0]->is_hir);
	assert_false(l.v[0]->false_positive);
	assert_int_equal(l.v[1]->nupdates, 0);
	assert_int_equal(l.v[1]->regions.n, 1);
	inc_list_clear(&l);

	assert_int_equal(arm_parse_emerging(LIT("{\"value\":[{\"properties\":{"
	    "\"statusActiveEvents\":[{\"trackingId\":\"E-1\",\"published\":false},"
	    "{\"trackingId\":\"E-2\",\"stage\":\"Resolve\",\"impacts\":[{\"name\":\"X\"}]},"
	    "3]}}]}"), &l, NULL, err, sizeof err), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0]->key, "E-2");
	assert_int_equal(l.v[0]->status, INC_RESOLVED);
	inc_list_clear(&l);
	assert_int_equal(arm_parse_emerging(LIT("{}"), &l, NULL, err, sizeof err),
	    -1);
}

/* "No Impact" communications: the title, a summary that says so, the
 * "False Positive" tag, and emerging issues, all set the one flag. */
static void
test_no_impact(void **state)
{
	struct inc_list l = { 0 };
	char err[256];

	(void)state;
	assert_int_equal(arm_parse_events(LIT("{\"value\":["
	    "{\"name\":\"N-1\",\"properties\":{\"title\":"
	    "\"No Impact - Storage - West Europe\",\"status\":\"Active\"}},"
	    "{\"name\":\"N-2\",\"properties\":{\"title\":"
	    "\"Storage - West Europe\",\"status\":\"Active\",\"summary\":"
	    "\"<p>We have confirmed that your subscription was not impacted."
	    "</p>\"}},"
	    "{\"name\":\"N-3\",\"properties\":{\"title\":"
	    "\"Storage - West Europe\",\"status\":\"Active\","
	    "\"eventTags\":[\"False Positive\"]}},"
	    "{\"name\":\"N-4\",\"properties\":{\"title\":"
	    "\"Storage - West Europe\",\"status\":\"Active\",\"summary\":"
	    "\"Customers in other regions were not impacted.\"}}]}"), 0, &l,
	    NULL, err, sizeof err), 0);
	assert_int_equal(l.n, 4);
	assert_true(inc_list_find(&l, "N-1")->no_impact);
	assert_true(inc_list_find(&l, "N-2")->no_impact);
	assert_true(inc_list_find(&l, "N-3")->no_impact);
	assert_false(inc_list_find(&l, "N-4")->no_impact);
	inc_list_clear(&l);

	assert_int_equal(arm_parse_emerging(LIT("{\"value\":[{\"properties\":{"
	    "\"statusActiveEvents\":[{\"trackingId\":\"E-3\",\"title\":"
	    "\"No Impact: Azure Front Door\"},{\"trackingId\":\"E-4\","
	    "\"title\":\"Azure Front Door - Connectivity issues\"}]}}]}"), &l,
	    NULL, err, sizeof err), 0);
	assert_int_equal(l.n, 2);
	assert_true(inc_list_find(&l, "E-3")->no_impact);
	assert_false(inc_list_find(&l, "E-4")->no_impact);
	inc_list_clear(&l);
}

/* Post-incident reviews: "Preliminary PIR" and "Final PIR" tags on an
 * update (the stage and when it was posted) or on the event; the location
 * and category of availability statuses. */
static void
test_pir(void **state)
{
	struct inc_list l = { 0 };
	const struct incident *inc;
	struct resource_health *list = NULL;
	char err[256], *next = NULL;
	size_t n;

	(void)state;
	assert_int_equal(arm_parse_events(LIT("{\"value\":["
	    "{\"name\":\"P-1\",\"properties\":{\"status\":\"Resolved\","
	    "\"impact\":[{\"impactedService\":\"Storage\",\"impactedRegions\":"
	    "[{\"impactedRegion\":\"West Europe\",\"updates\":["
	    "{\"summary\":\"Final PIR: what happened\",\"updateDateTime\":"
	    "\"2026-11-30T10:00:00Z\",\"eventTags\":[\"Final PIR\"]},"
	    "{\"summary\":\"Preliminary PIR: what happened\",\"updateDateTime\":"
	    "\"2026-11-26T10:00:00Z\",\"eventTags\":[\"Preliminary PIR\"]},"
	    "{\"summary\":\"Mitigated\",\"updateDateTime\":"
	    "\"2026-11-24T10:00:00Z\"}]}]}]}},"
	    "{\"name\":\"P-2\",\"properties\":{\"status\":\"Resolved\","
	    "\"lastUpdateTime\":\"2026-11-27T08:00:00Z\","
	    "\"eventTags\":[\"Preliminary PIR\"]}},"
	    "{\"name\":\"P-3\",\"properties\":{\"status\":\"Resolved\"}}]}"),
	    0, &l, NULL, err, sizeof err), 0);
	inc = inc_list_find(&l, "P-1");
	assert_int_equal(inc->pir, PIR_FINAL);
	assert_int_equal(inc->pir_posted, utc(2026, 11, 30, 10, 0, 0));
	inc = inc_list_find(&l, "P-2");
	assert_int_equal(inc->pir, PIR_PRELIMINARY);
	assert_int_equal(inc->pir_posted, utc(2026, 11, 27, 8, 0, 0));
	assert_int_equal(inc_list_find(&l, "P-3")->pir, PIR_NONE);
	inc_list_clear(&l);

	assert_int_equal(arm_parse_availability_list(LIT("{\"value\":[{\"id\":"
	    "\"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cache/"
	    "Redis/c1/providers/Microsoft.ResourceHealth/availabilityStatuses/"
	    "current\",\"location\":\"eastus2\",\"properties\":{"
	    "\"availabilityState\":\"Unavailable\",\"context\":"
	    "\"Platform Initiated\",\"category\":\"Planned\"}}]}"), &list,
	    &n, &next, err, sizeof err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].location, "eastus2");
	assert_string_equal(list[0].category, "Planned");
	assert_string_equal(list[0].id, "/subscriptions/s/resourceGroups/rg/"
	    "providers/Microsoft.Cache/Redis/c1");
	arm_resource_health_free(&list[0]);
	free(list);
	free(next);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events_list),
		cmocka_unit_test(test_event_single),
		cmocka_unit_test(test_events_older),
		cmocka_unit_test(test_events_mitigated),
		cmocka_unit_test(test_events_merge),
		cmocka_unit_test(test_impacted),
		cmocka_unit_test(test_impacted_graded),
		cmocka_unit_test(test_graph_health),
		cmocka_unit_test(test_availability),
		cmocka_unit_test(test_availability_events),
		cmocka_unit_test(test_emerging),
		cmocka_unit_test(test_no_impact),
		cmocka_unit_test(test_pir),
		cmocka_unit_test(test_graph_examples),
		cmocka_unit_test(test_graph_rows),
		cmocka_unit_test(test_subscriptions),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
