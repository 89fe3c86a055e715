/* test-ticket.c: support tickets: tracking ids in text, the ticket list,
 * services and classifications, the request built from a draft, and
 * that dry-run, read-only and unconfirmed requests are never sent.
 * With "--send CONFIG [--dry-run]" it raises a ticket for the end-to-end
 * test instead (services and classifications listed from the API). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <json-c/json.h>

#include "arm.h"
#include "ticket.h"
#include "xmalloc.h"

static const char draft_md[] =
	"# Support ticket draft: Azure Cache for Redis failing in East US\n\n"
	"_Drafted by azwatch at 2026-11-24T10:00:00Z. Review before sending._\n\n"
	"## Summary\n\n"
	"| | |\n|---|---|\n| Service | Azure Cache for Redis |\n"
	"| Region | East US |\n| Verdict | azure-incident |\n"
	"| Tracking IDs | 7K2Q-XL8 |\n\n"
	"We see problems with Azure Cache for Redis in East US.\n";

static void
test_tracking_id(void **state)
{
	struct inc_list known = { 0 };
	struct incident *inc;
	char id[32];

	assert_int_equal(ticket_find_tracking_id("Tracking ID: 7K2Q-XL8.",
	    NULL, id, sizeof id), 0);
	assert_string_equal(id, "7K2Q-XL8");
	assert_int_equal(ticket_find_tracking_id("(BC_1-FXZ) VMs down", NULL,
	    id, sizeof id), 0);
	assert_string_equal(id, "BC_1-FXZ");
	assert_int_equal(ticket_find_tracking_id("see GCC46-OUT", NULL, id,
	    sizeof id), 0);
	assert_string_equal(id, "GCC46-OUT");
	assert_int_equal(ticket_find_tracking_id("SHA-256 and COVID-19, "
	    "UTF-8, 2026-11-24, ABCD-EFG", NULL, id, sizeof id), -1);
	assert_int_equal(ticket_find_tracking_id("x7K2Q-XL8y", NULL, id,
	    sizeof id), -1);
	assert_int_equal(ticket_find_tracking_id(NULL, NULL, id, sizeof id),
	    -1);

	/* a known incident's id wins, in any case */
	inc = incident_new("QN4T-9B0");
	inc->tracking_id = xstrdup("QN4T-9B0");
	inc_list_add(&known, inc);
	assert_int_equal(ticket_find_tracking_id("first 7K2Q-XL8 then "
	    "qn4t-9b0", &known, id, sizeof id), 0);
	assert_string_equal(id, "QN4T-9B0");
	inc_list_clear(&known);
}

static const char list_body[] =
	"{\"value\":[{\"id\":\"/subscriptions/132d901f-189d-4381-9214-"
	"fe68e27e05a1/providers/Microsoft.Support/supportTickets/testticket\","
	"\"name\":\"testticket\",\"type\":\"Microsoft.Support/supportTickets\","
	"\"properties\":{\"supportTicketId\":\"119120321001170\",\"description\":"
	"\"Redis down, Tracking ID 7K2Q-XL8\",\"severity\":\"moderate\","
	"\"title\":\"my title\",\"serviceDisplayName\":\"Virtual Machine running "
	"Linux\",\"status\":\"Open\",\"createdDate\":\"2020-03-11T21:36:18Z\","
	"\"modifiedDate\":\"2020-03-12T21:36:23Z\"}},{\"id\":\"/subscriptions/"
	"132d901f-189d-4381-9214-fe68e27e05a1/providers/Microsoft.Support/"
	"supportTickets/testticket2\",\"name\":\"testticket2\",\"properties\":{"
	"\"supportTicketId\":\"118032014183771\",\"description\":\"This is a "
	"test - please ignore\",\"severity\":\"minimal\",\"title\":\"Test - "
	"please ignore\",\"status\":\"Closed\",\"createdDate\":"
	"\"2020-03-11T21:36:18Z\",\"modifiedDate\":\"2020-03-12T21:36:18Z\"}}],"
	"\"nextLink\":\"https://management.azure.com/next\"}";

static void
test_list(void **state)
{
	struct ticket_set set = { 0 };
	char err[256], *next, *line;

	assert_int_equal(ticket_parse_list(list_body, strlen(list_body), "sub1",
	    NULL, &set, &next, err, sizeof err), 0);
	assert_int_equal(set.n, 2);
	assert_string_equal(set.v[0].number, "119120321001170");
	assert_string_equal(set.v[0].severity, "moderate");
	assert_string_equal(set.v[0].subscription, "sub1");
	assert_string_equal(set.v[0].tracking_id, "7K2Q-XL8");
	assert_int_equal(set.v[0].created, 1583962578);
	assert_true(ticket_is_open(&set.v[0]));
	assert_false(ticket_is_open(&set.v[1]));
	assert_null(set.v[1].tracking_id);
	assert_string_equal(next, "https://management.azure.com/next");
	line = ticket_line(&set.v[0]);
	/* words for the severity, the one time format */
	assert_string_equal(line, "#119120321001170  Open  Severity B "
	    "(moderate impact)  my title  (updated 2020-03-12 21:36 UTC)  "
	    "about 7K2Q-XL8");
	free(line);
	free(next);
	ticket_set_free(&set);

	assert_int_equal(ticket_parse_list("{\"error\":{}}", 12, "s", NULL,
	    &set, NULL, err, sizeof err), -1);
	assert_int_equal(ticket_parse_list("{\"value\":[", 10, "s", NULL, &set,
	    NULL, err, sizeof err), -1);
}

static void
test_choices(void **state)
{
	static const char body[] =
	    "{\"value\":[{\"id\":\"/providers/Microsoft.Support/services/abc\","
	    "\"name\":\"abc\",\"properties\":{\"displayName\":\"Azure Cache for "
	    "Redis\",\"resourceTypes\":[\"MICROSOFT.CACHE/REDIS\",7,"
	    "\"MICROSOFT.CACHE/REDISENTERPRISE\"]}},{\"id\":\"relative/ignored\","
	    "\"name\":\"x\"},{\"id\":"
	    "\"/providers/Microsoft.Support/services/def\",\"name\":\"def\"}]}";
	struct ticket_choices c = { 0 };
	char err[256];

	assert_int_equal(ticket_parse_choices(body, strlen(body), &c, NULL, err,
	    sizeof err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.v[0].name, "Azure Cache for Redis");
	assert_string_equal(c.v[1].name, "def");
	/* a service's resource types; what is not a string is left out */
	assert_int_equal(c.v[0].types.n, 2);
	assert_string_equal(c.v[0].types.v[1], "MICROSOFT.CACHE/REDISENTERPRISE");
	assert_int_equal(c.v[1].types.n, 0);
	ticket_choices_free(&c);
}

static void
contact(struct cfg *cfg)
{
	cfg_defaults(cfg);
	cfg->arm_endpoint = (free(cfg->arm_endpoint),
	    xstrdup("https://management.azure.com"));
	cfg->contact_first_name = xstrdup("Ada");
	cfg->contact_last_name = xstrdup("Lovelace");
	cfg->contact_email = xstrdup("ada@contoso.com");
}

static void
draft_init(struct ticket_draft *d)
{
	memset(d, 0, sizeof *d);
	d->subscription = "00000000-0000-0000-0000-0000000000a1";
	d->service_id = "/providers/Microsoft.Support/services/abc";
	d->classification_id = "/providers/Microsoft.Support/services/abc/"
	    "problemClassifications/def";
	d->severity = "moderate";
	d->consent = true;
	d->markdown = draft_md;
	d->draft_path = "drafts/azwatch-redis.md";
	d->now = 1795514400;	/* 2026-11-24T10:00:00Z */
}

static const char *
prop(struct json_object *root, const char *a, const char *b)
{
	struct json_object *p, *v;

	if (!json_object_object_get_ex(root, "properties", &p) ||
	    !json_object_object_get_ex(p, a, &v))
		return NULL;
	if (b != NULL && !json_object_object_get_ex(v, b, &v))
		return NULL;
	return json_object_get_string(v);
}

static void
test_request(void **state)
{
	struct ticket_draft d;
	struct json_object *root;
	struct cfg cfg;
	char err[256], *json, *name;

	contact(&cfg);
	draft_init(&d);
	assert_int_equal(ticket_request(&cfg, &d, &json, &name, err,
	    sizeof err), 0);
	root = json_tokener_parse(json);
	assert_non_null(root);
	assert_string_equal(prop(root, "severity", NULL), "moderate");
	assert_string_equal(prop(root, "advancedDiagnosticConsent", NULL),
	    "Yes");
	assert_string_equal(prop(root, "title", NULL), "[7K2Q-XL8] Azure Cache "
	    "for Redis failing in East US");
	assert_non_null(strstr(prop(root, "description", NULL),
	    "Tracking ID: 7K2Q-XL8\n\n# Support ticket draft"));
	assert_string_equal(prop(root, "serviceId", NULL), d.service_id);
	assert_string_equal(prop(root, "problemClassificationId", NULL),
	    d.classification_id);
	assert_string_equal(prop(root, "contactDetails", "firstName"), "Ada");
	assert_string_equal(prop(root, "contactDetails", "lastName"),
	    "Lovelace");
	assert_string_equal(prop(root, "contactDetails", "primaryEmailAddress"),
	    "ada@contoso.com");
	assert_string_equal(prop(root, "contactDetails",
	    "preferredContactMethod"), "email");
	assert_string_equal(prop(root, "contactDetails", "country"), "usa");
	json_object_put(root);
	assert_string_equal(name, "azwatch-7k2q-xl8-20261124100000");
	free(json);
	free(name);

	/* consent off, a long draft is clipped but keeps the id */
	d.consent = false;
	{
		char *big = xmalloc(20000);

		memset(big, 'a', 19999);
		big[19999] = '\0';
		memcpy(big, "# T\n| Tracking IDs | 7K2Q-XL8 |\n", 32);
		d.markdown = big;
		assert_int_equal(ticket_request(&cfg, &d, &json, &name, err,
		    sizeof err), 0);
		root = json_tokener_parse(json);
		assert_string_equal(prop(root, "advancedDiagnosticConsent",
		    NULL), "No");
		assert_true(strlen(prop(root, "description", NULL)) <=
		    TICKET_MAX_DESCRIPTION);
		assert_non_null(strstr(prop(root, "description", NULL),
		    "7K2Q-XL8"));
		json_object_put(root);
		free(json);
		free(name);
		free(big);
	}
	draft_init(&d);

	d.severity = "urgent";
	assert_int_equal(ticket_request(&cfg, &d, &json, &name, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "severity"));
	d.severity = "critical";
	d.service_id = NULL;
	assert_int_equal(ticket_request(&cfg, &d, &json, &name, err,
	    sizeof err), -1);
	assert_null(json);

	free(cfg.contact_email);
	cfg.contact_email = NULL;
	draft_init(&d);
	assert_int_equal(ticket_request(&cfg, &d, &json, &name, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "first_name, last_name and email in "
	    "[support]"));
	cfg_free(&cfg);
}

/* No network object at all: anything that tried to send would crash. */
static void
test_never_sent(void **state)
{
	struct ticket_draft d;
	struct cfg cfg;
	char msg[1024], *shown;

	contact(&cfg);
	draft_init(&d);
	cfg.dry_run = true;
	assert_int_equal(ticket_send(&cfg, NULL, NULL, NULL, &d, true, &shown,
	    msg, sizeof msg), TICKET_NOT_SENT);
	assert_non_null(strstr(msg, "not sent (dry run)"));
	assert_non_null(strstr(msg, "the draft is kept at "
	    "drafts/azwatch-redis.md; raise it by hand at "
	    "https://portal.azure.com/#create/Microsoft.Support"));
	assert_non_null(shown);
	assert_true(strncmp(shown, "PUT https://management.azure.com/"
	    "subscriptions/00000000-0000-0000-0000-0000000000a1/providers/"
	    "Microsoft.Support/supportTickets/azwatch-7k2q-xl8-20261124100000"
	    "?api-version=2024-04-01\n\n{", 150) == 0);
	assert_non_null(strstr(shown, "7K2Q-XL8"));
	free(shown);

	cfg.dry_run = false;
	cfg.read_only = true;
	assert_int_equal(ticket_send(&cfg, NULL, NULL, NULL, &d, true, NULL,
	    msg, sizeof msg), TICKET_NOT_SENT);
	assert_non_null(strstr(msg, "read-only"));

	cfg.read_only = false;
	assert_int_equal(ticket_send(&cfg, NULL, NULL, NULL, &d, false, NULL,
	    msg, sizeof msg), TICKET_NOT_SENT);
	assert_non_null(strstr(msg, "not confirmed"));

	shown = ticket_request_text(&cfg, &d, msg, sizeof msg);
	assert_non_null(shown);
	assert_non_null(strstr(shown, "\"severity\": \"moderate\""));
	free(shown);
	cfg_free(&cfg);
}

static const char *
outcome_name(enum ticket_outcome o)
{
	switch (o) {
	case TICKET_CREATED:	return "created";
	case TICKET_ACCEPTED:	return "accepted";
	case TICKET_NOT_SENT:	return "not-sent";
	case TICKET_NO_PLAN:	return "no-plan";
	default:		return "failed";
	}
}

/* --send CONFIG [--dry-run]: the whole path against a server. */
static int
send_main(const char *config, bool dry_run)
{
	struct ticket_choices svcs = { 0 }, classes = { 0 };
	struct ticket_draft d;
	enum ticket_outcome o;
	struct http *h;
	struct arm *arm;
	struct cfg cfg;
	char err[1024], msg[2048], *shown;
	size_t i, pick = 0;

	if (cfg_load(&cfg, config, err, sizeof err) == -1 ||
	    cfg_validate(&cfg, err, sizeof err) == -1) {
		fprintf(stderr, "config: %s\n", err);
		return 2;
	}
	cfg.dry_run = dry_run;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	h = http_new_cfg(&cfg);
	arm = arm_new(&cfg);
	if (ticket_services(arm, h, NULL, &svcs, err, sizeof err) == -1 ||
	    svcs.n == 0) {
		fprintf(stderr, "services: %s\n", err);
		return 1;
	}
	for (i = 0; i < svcs.n; i++) {
		if (strcasestr(svcs.v[i].name, "Redis") != NULL)
			pick = i;
	}
	if (ticket_classifications(arm, h, NULL, svcs.v[pick].id,
	    &classes, err, sizeof err) == -1 || classes.n == 0) {
		fprintf(stderr, "classifications: %s\n", err);
		return 1;
	}
	draft_init(&d);
	d.subscription = cfg.subscriptions.n > 0 ? cfg.subscriptions.v[0] :
	    "00000000-0000-0000-0000-0000000000a1";
	d.service_id = svcs.v[pick].id;
	d.classification_id = classes.v[0].id;
	d.now = time(NULL);
	o = ticket_send(&cfg, arm, h, NULL, &d, true, &shown, msg, sizeof msg);
	printf("%s\n%s\noutcome: %s\n", shown != NULL ? shown : "", msg,
	    outcome_name(o));
	free(shown);
	ticket_choices_free(&svcs);
	ticket_choices_free(&classes);
	arm_free(arm);
	http_free(h);
	cfg_free(&cfg);
	curl_global_cleanup();
	return o == TICKET_CREATED || o == TICKET_ACCEPTED ||
	    (dry_run && o == TICKET_NOT_SENT) ? 0 : 1;
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tracking_id),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_choices),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_never_sent),
	};

	if (argc >= 3 && strcmp(argv[1], "--send") == 0)
		return send_main(argv[2], argc >= 4 &&
		    strcmp(argv[3], "--dry-run") == 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
