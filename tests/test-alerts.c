/* test-alerts.c: the Service Health alert audit (ready, partial with
 * narrowing, none, disabled, other scopes and categories) and the
 * bodies `alerts setup` sends. Rules have the documented 2020-10-01
 * shape. */
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

#include "alerts.h"

#define SUB	"187f412d-1758-44d9-b052-169e2564721d"
#define AG	"/subscriptions/" SUB "/resourceGroups/MyResourceGroup/" \
		"providers/Microsoft.Insights/actionGroups/SampleActionGroup"

/* rule(name, enabled, scope, extra condition leaves) */
#define RULE(name, enabled, scope, extra, groups)			\
	"{\"id\":\"/subscriptions/" SUB "/resourceGroups/rg/providers/"	\
	"microsoft.insights/activityLogAlerts/" name "\",\"name\":\""	\
	name "\",\"location\":\"Global\",\"properties\":{\"scopes\":"	\
	"[\"" scope "\"],\"condition\":{\"allOf\":[{\"field\":"		\
	"\"category\",\"equals\":\"ServiceHealth\",\"odata.type\":null}"	\
	extra "]},\"actions\":{\"actionGroups\":[" groups "]},"		\
	"\"enabled\":" enabled "}}"

#define GROUP	"{\"actionGroupId\":\"" AG "\",\"webhookProperties\":{}}"

static const char group_body[] =
	"{\"id\":\"" AG "\",\"properties\":{\"groupShortName\":\"ops\","
	"\"enabled\":true,\"emailReceivers\":[{\"name\":\"a\",\"emailAddress\":"
	"\"oncall@contoso.com\",\"status\":\"Enabled\"},{\"name\":\"b\","
	"\"emailAddress\":\"gone@contoso.com\",\"status\":\"Disabled\"}],"
	"\"smsReceivers\":[{\"name\":\"s\",\"countryCode\":\"1\",\"phoneNumber\":"
	"\"5555550100\"}],\"webhookReceivers\":[{\"name\":\"w\",\"serviceUri\":"
	"\"https://example.com/hook\"}],\"voiceReceivers\":[]}}";

static void
audit(const char *body, struct alerts_report *rep)
{
	char err[256];
	size_t i;

	memset(rep, 0, sizeof *rep);
	assert_int_equal(alerts_parse_rules(body, strlen(body), SUB, rep, NULL,
	    err, sizeof err), 0);
	for (i = 0; i < rep->nrules; i++) {
		if (rep->rules[i].groups.n > 0) {
			rep->rules[i].groups_read = true;
			assert_int_equal(alerts_parse_group(group_body,
			    strlen(group_body), &rep->rules[i], err,
			    sizeof err), 0);
		}
	}
	alerts_evaluate(rep);
}

static void
test_ready(void **state)
{
	static const char body[] = "{\"value\":["
	    RULE("all", "true", "/subscriptions/" SUB, "", GROUP) "]}";
	struct alerts_report rep;
	char *line;

	audit(body, &rep);
	assert_int_equal(rep.nrules, 1);
	assert_true(rep.rules[0].covers);
	assert_int_equal(rep.rules[0].email, 1);
	assert_int_equal(rep.rules[0].sms, 1);
	assert_int_equal(rep.rules[0].webhook, 1);
	assert_int_equal(rep.level, ALERTS_READY);
	line = alerts_line(&rep);
	assert_string_equal(line, "alerts: ready (rule all: notifies 1 email, "
	    "1 SMS, 1 webhook)");
	free(line);
	alerts_report_free(&rep);
}

/* The documented anyOf example: only Incident and Maintenance. */
static void
test_partial_narrowing(void **state)
{
	static const char body[] = "{\"value\":["
	    RULE("narrow", "true", "subscriptions/" SUB,
	    ",{\"anyOf\":[{\"field\":\"properties.incidentType\",\"equals\":"
	    "\"Incident\",\"odata.type\":null},{\"field\":"
	    "\"properties.incidentType\",\"equals\":\"Maintenance\"}]},"
	    "{\"field\":\"properties.impactedServices[*].ImpactedRegions[*]."
	    "RegionName\",\"containsAny\":[\"East US\",\"West US\"]}", GROUP)
	    "]}";
	struct alerts_report rep;
	char *line;

	audit(body, &rep);
	assert_int_equal(rep.level, ALERTS_PARTIAL);
	assert_int_equal(rep.rules[0].narrowing.n, 2);
	assert_string_equal(rep.rules[0].narrowing.v[0],
	    "event types: Incident, Maintenance");
	assert_string_equal(rep.rules[0].narrowing.v[1],
	    "regions: East US, West US");
	line = alerts_line(&rep);
	assert_string_equal(line, "alerts: partial (rule narrow: only event "
	    "types: Incident, Maintenance; regions: East US, West US; "
	    "notifies 1 email, 1 SMS, 1 webhook)");
	free(line);
	alerts_report_free(&rep);
}

static void
test_partial_nobody(void **state)
{
	static const char body[] = "{\"value\":["
	    RULE("silent", "true", "/subscriptions/" SUB "/", "", "") "]}";
	struct alerts_report rep;
	char *line;

	audit(body, &rep);
	assert_int_equal(rep.level, ALERTS_PARTIAL);
	line = alerts_line(&rep);
	assert_string_equal(line, "alerts: partial (rule silent: notifies "
	    "nobody)");
	free(line);
	alerts_report_free(&rep);
}

static void
test_none(void **state)
{
	struct alerts_report rep;
	char *line;

	audit("{\"value\":[]}", &rep);
	assert_int_equal(rep.level, ALERTS_NONE);
	assert_int_equal(rep.nrules, 0);
	line = alerts_line(&rep);
	assert_string_equal(line, "alerts: none (no Service Health alert rule; "
	    "try azwatch alerts setup)");
	free(line);
	alerts_report_free(&rep);

	/* an Administrative rule and one on a resource group do not count */
	audit("{\"value\":[{\"name\":\"admin\",\"properties\":{\"scopes\":"
	    "[\"/subscriptions/" SUB "\"],\"condition\":{\"allOf\":[{\"field\":"
	    "\"category\",\"equals\":\"Administrative\"}]},\"actions\":{}}},"
	    RULE("rg", "true", "/subscriptions/" SUB "/resourceGroups/rg", "",
	    GROUP) "," RULE("other", "true", "/subscriptions/" SUB "0", "",
	    GROUP) "]}", &rep);
	assert_int_equal(rep.nrules, 2);
	assert_false(rep.rules[0].covers);
	assert_false(rep.rules[1].covers);
	assert_int_equal(rep.level, ALERTS_NONE);
	line = alerts_line(&rep);
	assert_string_equal(line, "alerts: none (no Service Health rule covers "
	    "the whole subscription)");
	free(line);
	alerts_report_free(&rep);
}

static void
test_disabled(void **state)
{
	static const char body[] = "{\"value\":["
	    RULE("off", "false", "/subscriptions/" SUB, "", GROUP) "]}";
	struct alerts_report rep;
	char *line;

	audit(body, &rep);
	assert_int_equal(rep.level, ALERTS_NONE);
	assert_int_equal(rep.disabled, 1);
	line = alerts_line(&rep);
	assert_string_equal(line, "alerts: none (1 Service Health rule "
	    "disabled)");
	free(line);
	alerts_report_free(&rep);
}

static void
test_bad(void **state)
{
	struct alerts_report rep = { 0 };
	char err[256];

	assert_int_equal(alerts_parse_rules("{\"value\":{}}", 12, SUB, &rep,
	    NULL, err, sizeof err), -1);
	assert_int_equal(alerts_parse_rules("nope", 4, SUB, &rep, NULL, err,
	    sizeof err), -1);
	assert_int_equal(rep.nrules, 0);
}

static void
test_setup_bodies(void **state)
{
	struct json_object *root, *p, *v, *leaf;
	char *body;

	body = alerts_rule_body(SUB, AG);
	root = json_tokener_parse(body);
	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "properties", &p));
	assert_true(json_object_object_get_ex(p, "scopes", &v));
	assert_string_equal(json_object_get_string(
	    json_object_array_get_idx(v, 0)), "/subscriptions/" SUB);
	assert_true(json_object_object_get_ex(p, "condition", &v));
	assert_true(json_object_object_get_ex(v, "allOf", &v));
	assert_int_equal(json_object_array_length(v), 1);
	leaf = json_object_array_get_idx(v, 0);
	assert_true(json_object_object_get_ex(leaf, "equals", &v));
	assert_string_equal(json_object_get_string(v), "ServiceHealth");
	assert_true(json_object_object_get_ex(p, "enabled", &v));
	assert_true(json_object_get_boolean(v));
	assert_non_null(strstr(body, AG));
	json_object_put(root);

	/* what setup creates passes its own audit as ready */
	{
		struct alerts_report rep = { 0 };
		char *list = NULL, err[256];
		size_t n = strlen(body) + 32;

		list = malloc(n);
		snprintf(list, n, "{\"value\":[%s]}", body);
		assert_int_equal(alerts_parse_rules(list, strlen(list), SUB,
		    &rep, NULL, err, sizeof err), 0);
		free(list);
		assert_int_equal(rep.nrules, 1);
		rep.rules[0].groups_read = true;
		free(body);
		body = alerts_group_body("oncall@contoso.com");
		assert_int_equal(alerts_parse_group(body, strlen(body),
		    &rep.rules[0], err, sizeof err), 0);
		alerts_evaluate(&rep);
		assert_int_equal(rep.level, ALERTS_READY);
		assert_int_equal(rep.rules[0].email, 1);
		alerts_report_free(&rep);
	}
	assert_non_null(strstr(body, "\"emailAddress\": \"oncall@contoso.com\""));
	free(body);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ready),
		cmocka_unit_test(test_partial_narrowing),
		cmocka_unit_test(test_partial_nobody),
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_disabled),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_setup_bodies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
