/* test-fired.c: fired Azure Monitor alerts: reading Alerts_GetAll pages
 * and Resource Graph rows (the shapes of the 2019-05-05-preview Alerts_List
 * example and the documented alertsmanagementresources query), the
 * filters, and the alert -> verdict mapping through decide(): Redis in the
 * incident's region, Redis elsewhere, an unrelated service, a resource
 * type no table knows. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cfg.h"
#include "decide.h"
#include "fired.h"
#include "model.h"

#define NOW	((time_t)1795514400)	/* 2026-11-24T10:00:00Z */
#define SUB	"00000000-0000-0000-0000-0000000000a1"

/* Alerts_GetAll, two alerts on one page and a nextLink; the second one
 * is resolved and must be left out. Fields as ARM sends them (a short
 * targetResourceType, the rule as an ARM id). */
static const char page1[] =
"{\"nextLink\":\"https://management.azure.com/subscriptions/" SUB
"/providers/Microsoft.AlertsManagement/alerts?api-version=2019-05-05-preview"
"&$skipToken=1\",\"value\":["
"{\"properties\":{\"essentials\":{\"severity\":\"Sev1\","
"\"signalType\":\"Metric\",\"alertState\":\"New\","
"\"monitorCondition\":\"Fired\",\"monitorService\":\"Platform\","
"\"targetResource\":\"/subscriptions/" SUB "/resourceGroups/rg-cache/"
"providers/Microsoft.Cache/Redis/cache-eus\","
"\"targetResourceName\":\"cache-eus\",\"targetResourceGroup\":\"rg-cache\","
"\"targetResourceType\":\"Redis\","
"\"alertRule\":\"/subscriptions/" SUB "/resourceGroups/rg-monitor/providers/"
"microsoft.insights/metricalerts/redis-errors\","
"\"startDateTime\":\"2026-11-24T09:40:00Z\","
"\"lastModifiedDateTime\":\"2026-11-24T09:40:00Z\"}},"
"\"id\":\"/subscriptions/" SUB "/providers/Microsoft.AlertsManagement/"
"alerts/aaaa\",\"type\":\"Microsoft.AlertsManagement/alerts\","
"\"name\":\"redis-errors\"},"
"{\"properties\":{\"essentials\":{\"severity\":\"Sev0\","
"\"monitorCondition\":\"Resolved\",\"targetResource\":\"/subscriptions/" SUB
"/resourceGroups/rg/providers/Microsoft.Web/sites/app\","
"\"startDateTime\":\"2026-11-24T08:00:00Z\"}},"
"\"id\":\"/subscriptions/" SUB "/providers/Microsoft.AlertsManagement/"
"alerts/bbbb\",\"name\":\"old\"}]}";

/* Resource Graph, objectArray rows of alertsmanagementresources. */
static const char graph1[] =
"{\"totalRecords\":1,\"count\":1,\"data\":[{\"id\":\"/subscriptions/" SUB
"/providers/Microsoft.AlertsManagement/alerts/cccc\",\"name\":\"kv-slow\","
"\"subscriptionId\":\"" SUB "\",\"properties\":{\"essentials\":{"
"\"severity\":\"Sev2\",\"monitorCondition\":\"Fired\","
"\"targetResource\":\"/subscriptions/" SUB "/resourcegroups/rg-kv/providers/"
"microsoft.keyvault/vaults/kv1\",\"alertRule\":\"kv-slow\","
"\"startDateTime\":\"2026-11-24T09:50:00.1234567Z\"}}}],"
"\"$skipToken\":\"ew0KICAicGFnZSI6IDINCn0=\"}";

static const char locs[] =
"{\"data\":[{\"id\":\"/subscriptions/" SUB "/resourceGroups/rg-cache/"
"providers/Microsoft.Cache/Redis/cache-eus\",\"location\":\"eastus\"},"
"{\"id\":\"/x\",\"location\":\"\"}]}";

static void
test_parse_list(void **state)
{
	struct fired_set *set = fired_set_new();
	char *next = NULL, err[256];
	const struct fired_alert *a;

	(void)state;
	assert_int_equal(fired_parse_list(page1, sizeof page1 - 1, set, &next,
	    err, sizeof err), 0);
	assert_non_null(next);
	assert_non_null(strstr(next, "$skipToken=1"));
	free(next);
	assert_int_equal(set->n, 1);
	a = &set->v[0];
	assert_string_equal(a->rule, "redis-errors");
	assert_int_equal(a->severity, 1);
	assert_string_equal(a->resource_type, "Microsoft.Cache/Redis");
	assert_string_equal(a->service, "Azure Cache for Redis");
	assert_string_equal(a->subscription, SUB);
	assert_string_equal(a->resource_group, "rg-cache");
	assert_null(a->region);
	assert_int_equal(a->start, NOW - 20 * 60);
	assert_string_equal(a->monitor, "Platform");
	fired_set_unref(set);

	set = fired_set_new();
	assert_int_equal(fired_parse_list("{\"value\":3}", 11, set, &next, err,
	    sizeof err), -1);
	assert_int_equal(fired_parse_list("{\"val", 5, set, &next, err,
	    sizeof err), -1);
	assert_int_equal(set->n, 0);
	fired_set_unref(set);
}

static void
test_parse_graph_and_locations(void **state)
{
	struct fired_set *set = fired_set_new();
	struct strv out = { 0 };
	char *skip = NULL, err[256];

	(void)state;
	assert_int_equal(fired_parse_graph(graph1, sizeof graph1 - 1, set, &skip,
	    err, sizeof err), 0);
	assert_non_null(skip);
	free(skip);
	assert_int_equal(set->n, 1);
	assert_string_equal(set->v[0].rule, "kv-slow");
	assert_string_equal(set->v[0].service, "Key Vault");
	assert_string_equal(set->v[0].resource_group, "rg-kv");
	assert_int_equal(set->v[0].start, NOW - 10 * 60);
	fired_set_unref(set);

	assert_int_equal(fired_parse_locations(locs, sizeof locs - 1, &out,
	    &skip, err, sizeof err), 0);
	assert_null(skip);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0], "/subscriptions/" SUB "/resourcegroups/"
	    "rg-cache/providers/microsoft.cache/redis/cache-eus\teastus");
	strv_free(&out);
}

static void
alert_init(struct fired_alert *a, const char *rule, int sev,
    const char *type, const char *region)
{
	memset(a, 0, sizeof *a);
	a->id = strdup(rule);
	a->rule = strdup(rule);
	a->severity = sev;
	a->resource = strdup("/subscriptions/" SUB "/resourceGroups/rg-a/"
	    "providers/Microsoft.Cache/Redis/c1");
	a->resource_type = strdup(type);
	a->subscription = strdup(SUB);
	a->resource_group = strdup("rg-a");
	a->region = region != NULL ? strdup(region) : NULL;
	a->start = NOW - 30 * 60;
	/* the parser sets it from the same table */
	if (strcmp(type, "Microsoft.Cache/Redis") == 0)
		a->service = strdup("Azure Cache for Redis");
	else if (strcmp(type, "Microsoft.KeyVault/vaults") == 0)
		a->service = strdup("Key Vault");
}

/* Service Health answered, with Redis active in East US. */
static struct snapshot *
redis_snapshot(void)
{
	struct snapshot *s = snapshot_new();
	struct incident *inc = incident_new("7K2Q-XL8");
	int i;

	for (i = 0; i < CHAN_COUNT; i++) {
		s->chans[i].state = CHAN_UNCONFIGURED;
		s->chans[i].configured = false;
	}
	s->chans[CHAN_SERVICE_HEALTH].state = CHAN_INCIDENT;
	s->chans[CHAN_SERVICE_HEALTH].configured = true;
	s->chans[CHAN_SERVICE_HEALTH].last_success = NOW - 10;
	s->chans[CHAN_STATUS_PAGE].state = CHAN_OK;
	s->chans[CHAN_STATUS_PAGE].configured = true;
	s->chans[CHAN_STATUS_PAGE].last_success = NOW - 10;
	inc->tracking_id = strdup("7K2Q-XL8");
	inc->title = strdup("Azure Cache for Redis - East US");
	inc->status = INC_ACTIVE;
	inc->type = INC_SERVICE_ISSUE;
	inc->sources = CHAN_BIT(CHAN_SERVICE_HEALTH);
	inc->start = NOW - 3600;
	inc->last_update = NOW - 600;
	incident_add_update(inc, NOW - 600, CHAN_SERVICE_HEALTH,
	    "Engineers are investigating.");
	incident_add_impact(inc, "Azure Cache for Redis", "East US", INC_ACTIVE);
	inc_list_add(&s->incidents, inc);
	return s;
}

static bool
has_evidence(const struct decision *d, const char *needle)
{
	size_t i;

	for (i = 0; i < d->evidence.n; i++)
		if (strstr(d->evidence.v[i], needle) != NULL)
			return true;
	return false;
}

static void
test_alert_verdicts(void **state)
{
	struct snapshot *s = redis_snapshot();
	struct fired_alert a;
	struct decision d;

	(void)state;
	alert_init(&a, "redis-eus", 1, "Microsoft.Cache/Redis", "eastus");
	fired_decide(&a, s, NULL, 0, 0, NOW, &d);
	assert_int_equal(d.verdict, VERDICT_AZURE_INCIDENT);
	assert_int_equal(d.matched.n, 1);
	assert_string_equal(d.matched.v[0], "7K2Q-XL8");
	assert_string_equal(d.region, "East US");
	/* the alert comes first in the evidence, with when it fired */
	assert_non_null(strstr(d.evidence.v[0], "Alert redis-eus (Sev1) fired "
	    "at 09:30 UTC"));
	decision_free(&d);
	fired_alert_free(&a);

	alert_init(&a, "redis-eus2", 2, "Microsoft.Cache/Redis", "eastus2");
	fired_decide(&a, s, NULL, 0, 0, NOW, &d);
	assert_int_equal(d.verdict, VERDICT_NOT_MATCHING);
	assert_int_equal(d.matched.n, 0);
	decision_free(&d);
	fired_alert_free(&a);

	alert_init(&a, "kv", 1, "Microsoft.KeyVault/vaults", "westus2");
	fired_decide(&a, s, NULL, 0, 0, NOW, &d);
	assert_int_equal(d.verdict, VERDICT_NO_KNOWN_INCIDENT);
	decision_free(&d);
	fired_alert_free(&a);

	/* a type no table knows: still a verdict, and the evidence says why
	 * nothing can match it */
	alert_init(&a, "widget", 1, "Microsoft.Contoso/widgets", "eastus");
	fired_decide(&a, s, NULL, 0, 0, NOW, &d);
	assert_int_not_equal(d.verdict, VERDICT_AZURE_INCIDENT);
	assert_true(has_evidence(&d, "Microsoft.Contoso/widgets has no known "
	    "Service Health service"));
	decision_free(&d);
	fired_alert_free(&a);

	/* no region known: said in the evidence */
	alert_init(&a, "redis-noregion", 1, "Microsoft.Cache/Redis", NULL);
	fired_decide(&a, s, NULL, 0, 0, NOW, &d);
	assert_true(has_evidence(&d, "region is not known"));
	decision_free(&d);
	fired_alert_free(&a);
	snapshot_unref(s);
}

static void
test_filters_and_rank(void **state)
{
	struct fired_alert a;
	struct cfg cfg;

	(void)state;
	cfg_defaults(&cfg);
	alert_init(&a, "r", 3, "Microsoft.Cache/Redis", "eastus");
	assert_false(fired_shown(&a, &cfg, 0, NULL, NULL));	/* Sev0-2 */
	assert_true(fired_shown(&a, &cfg, 0x1f, NULL, NULL));
	a.severity = 2;
	assert_true(fired_shown(&a, &cfg, 0, NULL, NULL));
	a.severity = -1;	/* unknown: shown */
	assert_true(fired_shown(&a, &cfg, 0, NULL, NULL));
	assert_true(fired_shown(&a, &cfg, 0, SUB, "RG-A"));
	assert_false(fired_shown(&a, &cfg, 0, "other", NULL));
	assert_false(fired_shown(&a, &cfg, 0, NULL, "rg-b"));
	strv_add(&cfg.alerts_resource_groups, "rg-b");
	assert_false(fired_shown(&a, &cfg, 0, NULL, NULL));
	strv_add(&cfg.alerts_resource_groups, "rg-a");
	assert_true(fired_shown(&a, &cfg, 0, NULL, NULL));
	fired_alert_free(&a);
	cfg_free(&cfg);

	assert_true(fired_verdict_rank(VERDICT_AZURE_INCIDENT) >
	    fired_verdict_rank(VERDICT_MITIGATED_PERSISTING));
	assert_true(fired_verdict_rank(VERDICT_MITIGATED_PERSISTING) >
	    fired_verdict_rank(VERDICT_NOT_MATCHING));
	assert_true(fired_verdict_rank(VERDICT_NOT_MATCHING) >
	    fired_verdict_rank(VERDICT_UNDETERMINED));
	assert_true(fired_verdict_rank(VERDICT_UNDETERMINED) >
	    fired_verdict_rank(VERDICT_NO_KNOWN_INCIDENT));
	assert_string_equal(fired_severity_name(0), "Sev0");
	assert_string_equal(fired_severity_name(7), "Sev?");
}

/* [alerts] in the configuration. */
static void
test_cfg(void **state)
{
	struct cfg cfg;
	char err[256];

	(void)state;
	cfg_defaults(&cfg);
	assert_true(cfg.alerts_fired);
	assert_int_equal(cfg.alerts_severities, 0x7);
	assert_int_equal(cfg_parse(&cfg, "[alerts]\nfired = off\n"
	    "severities = Sev0, 3\nresource_groups = rg-a, rg-b\n", "t", err,
	    sizeof err), 0);
	assert_false(cfg.alerts_fired);
	assert_int_equal(cfg.alerts_severities, 0x9);
	assert_int_equal(cfg.alerts_resource_groups.n, 2);
	assert_int_equal(cfg_parse(&cfg, "[alerts]\nseverities = 5\n", "t",
	    err, sizeof err), -1);
	assert_non_null(strstr(err, "Sev0 to Sev4"));
	assert_int_equal(cfg_parse(&cfg, "[alerts]\nseverities =\n", "t",
	    err, sizeof err), -1);
	assert_int_equal(cfg.alerts_severities, 0x9);	/* kept */
	cfg_free(&cfg);
}

static void
test_sort(void **state)
{
	struct fired_set *set = fired_set_new();

	(void)state;
	set->v = calloc(3, sizeof *set->v);
	alert_init(&set->v[0], "a", 2, "Microsoft.Cache/Redis", "eastus");
	alert_init(&set->v[1], "b", 1, "Microsoft.Cache/Redis", "eastus");
	alert_init(&set->v[2], "c", 1, "Microsoft.Cache/Redis", "eastus");
	set->v[2].start += 60;
	set->n = 3;
	fired_set_sort(set);
	assert_string_equal(set->v[0].rule, "c");	/* Sev1, newest */
	assert_string_equal(set->v[1].rule, "b");
	assert_string_equal(set->v[2].rule, "a");
	fired_set_unref(set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_list),
		cmocka_unit_test(test_parse_graph_and_locations),
		cmocka_unit_test(test_alert_verdicts),
		cmocka_unit_test(test_filters_and_rank),
		cmocka_unit_test(test_cfg),
		cmocka_unit_test(test_sort),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
