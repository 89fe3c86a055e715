/* test-derive.c: status-feed items into incidents: the example feeds field
 * by field, the title check, title-only items, stage words, tracking-id
 * forms, stated times and the scenario rules. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "derive.h"
#include "parse-rss.h"
#include "xmalloc.h"

/* 2026-11-24 00:00:00 UTC */
#define DAY	((time_t)1795478400)
#define HM(h, m) (DAY + (h) * 3600 + (m) * 60)

static char *
slurp(const char *name, size_t *len)
{
	const char *top = getenv("TOP_SRCDIR");
	char path[1024], chunk[4096];
	struct buf b;
	size_t n;
	FILE *f;

	snprintf(path, sizeof path, "%s/tests/data/feed/%s",
	    top != NULL ? top : ".", name);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_steal(&b);
}

/* Parse and derive a file; returns derive's result. */
static int
derive_file(const char *name, struct inc_list *out, char *err, size_t errlen)
{
	struct rss_feed feed;
	size_t len;
	char *data = slurp(name, &len);
	int rc;

	if (rss_parse(data, len, &feed, err, errlen) != 0)
		fail_msg("parse %s: %s", name, err);
	free(data);
	rc = derive_status_feed(&feed, out, err, errlen);
	rss_feed_free(&feed);
	return rc;
}

/* A feed titled "Azure Status" with the given <item> contents. */
static struct incident *
derive_one(const char *item_xml)
{
	struct rss_feed feed;
	struct inc_list out = { 0 };
	struct incident *inc;
	char err[256];
	char *doc;

	doc = xasprintf("<rss version=\"2.0\"><channel><title>Azure Status"
	    "</title><item>%s</item></channel></rss>", item_xml);
	if (rss_parse(doc, strlen(doc), &feed, err, sizeof err) != 0)
		fail_msg("parse: %s", err);
	free(doc);
	assert_int_equal(derive_status_feed(&feed, &out, err, sizeof err), 0);
	rss_feed_free(&feed);
	assert_int_equal(out.n, 1);
	inc = out.v[0];
	out.n = 0;
	free(out.v);
	return inc;
}

static void
test_example_active(void **state)
{
	struct inc_list out = { 0 };
	struct incident *inc;
	char err[256] = "";

	(void)state;
	assert_int_equal(derive_file("status-active.xml", &out, err,
	    sizeof err), 0);
	assert_int_equal(out.n, 2);

	inc = out.v[0];
	assert_string_equal(inc->key, "7K2Q-XL8");
	assert_string_equal(inc->tracking_id, "7K2Q-XL8");
	assert_string_equal(inc->title,
	    "Azure Cache for Redis - East US - Investigating");
	assert_int_equal(inc->status, INC_ACTIVE);
	assert_int_equal(inc->type, INC_SERVICE_ISSUE);
	assert_int_equal(inc->sources, CHAN_BIT(CHAN_STATUS_PAGE));
	assert_int_equal(inc->services.n, 1);
	assert_string_equal(inc->services.v[0], "Azure Cache for Redis");
	assert_int_equal(inc->regions.n, 1);
	assert_string_equal(inc->regions.v[0], "East US");
	assert_int_equal(inc->nimpacts, 1);
	assert_string_equal(inc->impacts[0].service, "Azure Cache for Redis");
	assert_string_equal(inc->impacts[0].region, "East US");
	assert_int_equal(inc->impacts[0].status, INC_ACTIVE);
	/* "Starting at 08:55 UTC on 24 Nov 2026" beats the pubDate */
	assert_int_equal(inc->start, HM(8, 55));
	assert_int_equal(inc->mitigated, 0);
	assert_int_equal(inc->last_update, HM(9, 40));
	assert_int_equal(inc->nupdates, 1);
	assert_int_equal(inc->updates[0].time, HM(9, 40));
	assert_int_equal(inc->updates[0].source, CHAN_STATUS_PAGE);
	assert_string_equal(inc->updates[0].text, inc->summary);
	assert_non_null(strstr(inc->summary, "Impact Statement: Starting at "
	    "08:55 UTC on 24 Nov 2026"));
	assert_non_null(strstr(inc->summary, "Tracking ID: 7K2Q-XL8"));
	assert_null(strchr(inc->summary, '<'));
	assert_int_equal(inc->links.n, 1);
	assert_string_equal(inc->links.v[0], "https://azure.status.microsoft/"
	    "en-us/status/history/?trackingId=7K2Q-XL8");
	assert_int_equal(inc->scenario, SCEN_NONE);

	inc = out.v[1];
	assert_string_equal(inc->key, "QN4T-9B0");
	assert_string_equal(inc->tracking_id, "QN4T-9B0");
	assert_int_equal(inc->status, INC_MITIGATED);
	assert_int_equal(inc->services.n, 1);
	assert_string_equal(inc->services.v[0], "Azure Front Door");
	/* global: the impact has no region; the list shows the word */
	assert_int_equal(inc->nimpacts, 1);
	assert_string_equal(inc->impacts[0].service, "Azure Front Door");
	assert_null(inc->impacts[0].region);
	assert_int_equal(inc->impacts[0].status, INC_MITIGATED);
	assert_int_equal(inc->regions.n, 1);
	assert_string_equal(inc->regions.v[0], "Multiple Regions");
	assert_int_equal(inc->start, HM(6, 10));
	assert_int_equal(inc->mitigated, HM(8, 32));
	assert_int_equal(inc->last_update, HM(8, 45));
	assert_non_null(strstr(inc->summary, "HTTP 502 errors & increased"));
	assert_int_equal(inc->scenario, SCEN_BROAD);
	inc_list_clear(&out);
}

static void
test_example_empty(void **state)
{
	struct inc_list out = { 0 };
	char err[256] = "";

	(void)state;
	assert_int_equal(derive_file("status-empty.xml", &out, err,
	    sizeof err), 0);
	assert_int_equal(out.n, 0);
}

static void
test_wrong_title(void **state)
{
	struct rss_feed feed = { 0 };
	struct inc_list out = { 0 };
	char err[256] = "";

	(void)state;
	feed.title = (char *)"Hotel Wi-Fi Login";
	assert_int_equal(derive_status_feed(&feed, &out, err, sizeof err), -1);
	assert_string_equal(err, "feed title is \"Hotel Wi-Fi Login\", "
	    "expected \"Azure Status\" (wrong URL or a captive portal?)");
	feed.title = NULL;
	assert_int_equal(derive_status_feed(&feed, &out, err, sizeof err), -1);
	assert_string_equal(err, "feed title is \"\", expected \"Azure "
	    "Status\" (wrong URL or a captive portal?)");
	feed.title = (char *)"azure status";
	assert_int_equal(derive_status_feed(&feed, &out, err, sizeof err), -1);
	/* trimmed, otherwise exact */
	feed.title = (char *)" \n Azure Status\t";
	assert_int_equal(derive_status_feed(&feed, &out, err, sizeof err), 0);
	assert_int_equal(out.n, 0);
	/* The Atom fixture is a feed, but not this one. */
	assert_int_equal(derive_file("atom.xml", &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "feed title is \"Azure Support "));
	assert_int_equal(out.n, 0);
}

static void
test_title_only(void **state)
{
	struct incident *inc;

	(void)state;
	inc = derive_one("<title>Virtual Machines - West Europe - Mitigated"
	    "</title><guid>g-1</guid>");
	assert_string_equal(inc->key, "status-page:g-1");
	assert_null(inc->tracking_id);
	assert_null(inc->summary);
	assert_int_equal(inc->status, INC_MITIGATED);
	assert_string_equal(inc->services.v[0], "Virtual Machines");
	assert_string_equal(inc->regions.v[0], "West Europe");
	assert_int_equal(inc->nimpacts, 1);
	assert_int_equal(inc->start, 0);
	assert_int_equal(inc->nupdates, 1);
	assert_string_equal(inc->updates[0].text, inc->title);
	assert_int_equal(inc->scenario, SCEN_NONE);
	incident_free(inc);

	/* no guid: the title is the key; "Service Stage" form */
	inc = derive_one("<title>Azure Front Door Resolved</title>");
	assert_string_equal(inc->key, "status-page:Azure Front Door Resolved");
	assert_int_equal(inc->status, INC_RESOLVED);
	assert_int_equal(inc->services.n, 1);
	assert_string_equal(inc->services.v[0], "Azure Front Door");
	assert_int_equal(inc->regions.n, 0);
	assert_null(inc->impacts[0].region);
	incident_free(inc);

	/* stage first, several regions in one segment, alias service */
	inc = derive_one("<title>Mitigated - Redis Cache - East US 2 and "
	    "North Central US</title>");
	assert_int_equal(inc->status, INC_MITIGATED);
	assert_string_equal(inc->services.v[0], "Azure Cache for Redis");
	assert_int_equal(inc->regions.n, 2);
	assert_string_equal(inc->regions.v[0], "East US 2");
	assert_string_equal(inc->regions.v[1], "North Central US");
	assert_int_equal(inc->nimpacts, 2);
	assert_int_equal(inc->scenario, SCEN_BROAD);
	incident_free(inc);

	/* names not in our tables, taken as written */
	inc = derive_one("<title>Contoso Widgets - Austria East - "
	    "Investigating</title>");
	assert_int_equal(inc->status, INC_ACTIVE);
	assert_string_equal(inc->services.v[0], "Contoso Widgets");
	assert_string_equal(inc->regions.v[0], "Austria East");
	incident_free(inc);

	/* nothing in the title: names from the text */
	inc = derive_one("<title>Service incident</title><description>"
	    "&lt;p&gt;Customers using Azure SQL Database in West US 2 may "
	    "see login failures. This is now resolved.&lt;/p&gt;"
	    "</description>");
	assert_int_equal(inc->status, INC_RESOLVED);
	assert_string_equal(inc->services.v[0], "Azure SQL Database");
	assert_string_equal(inc->regions.v[0], "West US 2");
	assert_string_equal(inc->summary, "Customers using Azure SQL Database "
	    "in West US 2 may see login failures. This is now resolved.");
	incident_free(inc);
}

static void
test_categories(void **state)
{
	struct inc_list out = { 0 };
	struct incident *inc;
	char err[256] = "";

	(void)state;
	assert_int_equal(derive_file("odd-items.xml", &out, err, sizeof err), 0);
	assert_int_equal(out.n, 4);
	inc = out.v[0];
	assert_int_equal(inc->services.n, 3);
	assert_string_equal(inc->services.v[2], "Azure SQL Database");
	assert_int_equal(inc->regions.n, 7);
	assert_string_equal(inc->regions.v[6], "Southeast Asia");
	assert_int_equal(inc->nimpacts, 21);
	assert_int_equal(inc->status, INC_ACTIVE);
	assert_int_equal(inc->scenario, SCEN_BROAD);
	assert_string_equal(inc->summary, "Impact: several services & regions.");
	assert_int_equal(inc->start, HM(7, 0));
	assert_int_equal(inc->last_update, HM(7, 0));
	incident_free(inc);
	out.v[0] = NULL;

	inc = out.v[2];
	assert_string_equal(inc->key, "status-page:guid-3");
	assert_string_equal(inc->summary, "From content:encoded");
	assert_string_equal(inc->links.v[0], "https://example.net/a10-link");
	assert_int_equal(inc->last_update, HM(6, 30));
	out.n = 4;
	inc_list_clear(&out);

	/* Category region plus a title with the service only: both kept;
	 * an aliased service category is made canonical. */
	inc = derive_one("<title>AKS - Resolved</title>"
	    "<category>West US 3</category><category>AKS</category>"
	    "<category>Global</category>");
	assert_string_equal(inc->services.v[0],
	    "Azure Kubernetes Service (AKS)");
	assert_int_equal(inc->regions.n, 2);
	assert_string_equal(inc->regions.v[0], "Global");
	assert_string_equal(inc->regions.v[1], "West US 3");
	assert_int_equal(inc->status, INC_RESOLVED);
	incident_free(inc);

	inc = derive_one("<title>Investigating - Service Health</title>"
	    "<category>Service Health</category>"
	    "<category>Multiple Regions</category>");
	assert_int_equal(inc->scenario, SCEN_PORTAL);
	incident_free(inc);
}

static void
test_stage(void **state)
{
	struct { const char *text; enum inc_status st; bool found; } cases[] = {
		{ "Investigating", INC_ACTIVE, true },
		{ "mitigating", INC_ACTIVE, true },
		{ "ACTIVE", INC_ACTIVE, true },
		{ "Mitigated", INC_MITIGATED, true },
		{ "Resolved", INC_RESOLVED, true },
		{ "The issue has been resolved.", INC_RESOLVED, true },
		{ "Engineers are investigating; once mitigated we will "
		    "update.", INC_ACTIVE, true },
		{ "Mitigated: Azure Front Door errors", INC_MITIGATED, true },
		{ "unresolved inactivity", INC_ACTIVE, false },
		{ "Nothing here", INC_ACTIVE, false },
		{ "", INC_ACTIVE, false },
		{ NULL, INC_ACTIVE, false },
	};
	struct incident *inc;
	size_t i;
	bool found;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		found = !cases[i].found;
		if (derive_stage(cases[i].text, &found) != cases[i].st ||
		    found != cases[i].found)
			fail_msg("stage of \"%s\"", cases[i].text ?
			    cases[i].text : "(null)");
	}
	assert_int_equal(derive_stage("resolved", NULL), INC_RESOLVED);

	/* The title's last segment wins over other words in the title and
	 * over the text. */
	inc = derive_one("<title>Storage - Resolved investigating - East US - "
	    "Mitigated</title><description>Still investigating."
	    "</description>");
	assert_int_equal(inc->status, INC_MITIGATED);
	incident_free(inc);
	/* No stage in the title: the text decides. */
	inc = derive_one("<title>Storage - East US</title><description>"
	    "Engineers are investigating.</description>");
	assert_int_equal(inc->status, INC_ACTIVE);
	incident_free(inc);
	inc = derive_one("<title>Storage - East US</title><description>"
	    "This issue is now mitigated.</description>");
	assert_int_equal(inc->status, INC_MITIGATED);
	assert_int_equal(inc->impacts[0].status, INC_MITIGATED);
	incident_free(inc);
	/* Nothing at all: active. */
	inc = derive_one("<title>Storage - East US</title>");
	assert_int_equal(inc->status, INC_ACTIVE);
	incident_free(inc);
}

static void
test_tracking_id(void **state)
{
	struct { const char *text, *id; } cases[] = {
		{ "Tracking ID: 7K2Q-XL8", "7K2Q-XL8" },
		{ "<p>Tracking ID: 7K2Q-XL8</p>", "7K2Q-XL8" },
		{ "?trackingId=QN4T-9B0", "QN4T-9B0" },
		{ "https://x/?trackingid=qn4t-9b0&x=1", "QN4T-9B0" },
		{ "tracking id VN8T-TZ8.", "VN8T-TZ8" },
		{ "Tracking-ID #BC_1-FXZ", "BC_1-FXZ" },
		{ "(Tracking ID: GCC46-OUT)", "GCC46-OUT" },
		{ "tracking_id=NKRF-1TG", "NKRF-1TG" },
		{ "see https://app.azure.com/h/VSG1-B90/abc123", "VSG1-B90" },
		{ "Tracking ID: pending. Tracking ID: VN8T-TZ8", "VN8T-TZ8" },
		{ "Tracking ID: ABC_DE", "ABC_DE" },
		{ "HTTP-502 errors", NULL },
		{ "Tracking ID: pending", NULL },
		{ "Tracking ID: ABCDEFG-XYZ", NULL },
		{ "Tracking ID: AB-XYZ", NULL },
		{ "Tracking ID: ABC-X", NULL },
		{ "Tracking ID: ABC-XYZ12", NULL },
		{ "retracking id: ABC-XYZ", NULL },
		{ "", NULL },
		{ NULL, NULL },
	};
	struct incident *inc;
	size_t i;
	char *id;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		id = derive_tracking_id(cases[i].text);
		if (cases[i].id == NULL ? id != NULL :
		    (id == NULL || strcmp(id, cases[i].id) != 0))
			fail_msg("\"%s\" -> %s", cases[i].text ? cases[i].text :
			    "(null)", id ? id : "(null)");
		free(id);
	}

	/* From the link when the text has none. */
	inc = derive_one("<title>Storage - East US - Active</title>"
	    "<link>https://azure.status.microsoft/en-us/status/history/"
	    "?trackingId=VN8T-TZ8</link>");
	assert_string_equal(inc->key, "VN8T-TZ8");
	assert_string_equal(inc->tracking_id, "VN8T-TZ8");
	incident_free(inc);
	/* From the title. */
	inc = derive_one("<title>Storage - East US (Tracking ID: BC_1-FXZ)"
	    "</title>");
	assert_string_equal(inc->key, "BC_1-FXZ");
	incident_free(inc);
}

static struct incident *
mk(const char *title, const char *summary, const char *svc1,
    const char *svc2, const char *reg1, const char *reg2)
{
	struct incident *inc = incident_new("k");

	inc->title = xstrdup(title);
	inc->summary = xstrdup(summary);
	if (svc1 != NULL)
		strv_add(&inc->services, svc1);
	if (svc2 != NULL)
		strv_add(&inc->services, svc2);
	if (reg1 != NULL)
		strv_add(&inc->regions, reg1);
	if (reg2 != NULL)
		strv_add(&inc->regions, reg2);
	return inc;
}

static void
test_scenario(void **state)
{
	struct {
		const char *title, *summary, *s1, *s2, *r1, *r2;
		enum scenario want;
	} cases[] = {
		/* single service, single region, clear */
		{ "Storage - East US - Active", "Customers using Storage in "
		    "East US may experience errors.", "Storage", NULL,
		    "East US", NULL, SCEN_NONE },
		/* portal by service */
		{ "Azure Portal - Global", NULL, "Azure Portal", NULL,
		    "Global", NULL, SCEN_PORTAL },
		{ "x", NULL, "Resource Manager", NULL, "East US", NULL,
		    SCEN_PORTAL },
		{ "x", NULL, "Service Health", "Storage", NULL, NULL,
		    SCEN_PORTAL },
		/* portal by text */
		{ "Virtual Machines - East US", "Customers may be unable to "
		    "access the Azure portal. VMs are unaffected.",
		    "Virtual Machines", NULL, "East US", NULL, SCEN_PORTAL },
		{ "x", "Service Health notifications are delayed and may be "
		    "unavailable.", "Storage", NULL, "East US", NULL,
		    SCEN_PORTAL },
		/* the portal mentioned, but not as impaired */
		{ "x", "Updates are posted in the Azure portal. Some "
		    "requests fail with errors.", "Storage", NULL, "East US",
		    NULL, SCEN_NONE },
		/* scope unknown, explicit (even with regions) */
		{ "x", "We are unable to determine the full extent of impact "
		    "at this time.", "Storage", NULL, "East US", "West US",
		    SCEN_SCOPE_UNKNOWN },
		{ "x", "Engineers are assessing the scope of this issue.",
		    "Storage", NULL, "East US", NULL, SCEN_SCOPE_UNKNOWN },
		/* broad */
		{ "x", NULL, "Storage", NULL, "Multiple Regions", NULL,
		    SCEN_BROAD },
		{ "x", NULL, "Storage", NULL, "East US", "West US",
		    SCEN_BROAD },
		{ "x", NULL, "Storage", "Virtual Machines", "East US", NULL,
		    SCEN_BROAD },
		/* scope unknown, implicit: nothing says where */
		{ "Storage - Investigating", "This issue is being "
		    "investigated.", "Storage", NULL, NULL, NULL,
		    SCEN_SCOPE_UNKNOWN },
		{ "x", "Customers may experience errors.", "Storage", NULL,
		    NULL, NULL, SCEN_SCOPE_UNKNOWN },
		/* no region, nothing vague */
		{ "x", "Storage accounts saw errors; now mitigated.",
		    "Storage", NULL, NULL, NULL, SCEN_NONE },
	};
	struct incident *inc;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		inc = mk(cases[i].title, cases[i].summary, cases[i].s1,
		    cases[i].s2, cases[i].r1, cases[i].r2);
		if (derive_scenario(inc) != cases[i].want)
			fail_msg("case %zu: got %s", i,
			    scenario_name(derive_scenario(inc)));
		incident_free(inc);
	}
	assert_int_equal(derive_scenario(NULL), SCEN_NONE);
}

static void
test_stated_times(void **state)
{
	struct incident *inc;

	(void)state;
	/* dates spelled out, across midnight */
	inc = derive_one("<title>Storage - East US - Resolved</title>"
	    "<description>Between 23:30 UTC on 23 November 2026 and 01:15 UTC "
	    "on 24 November 2026, customers saw errors.</description>"
	    "<pubDate>Tue, 24 Nov 2026 09:00:00 Z</pubDate>");
	assert_int_equal(inc->start, DAY - 30 * 60);
	assert_int_equal(inc->mitigated, HM(1, 15));
	assert_int_equal(inc->last_update, HM(9, 0));
	incident_free(inc);
	/* only the second time dated */
	inc = derive_one("<title>Storage - East US - Mitigated</title>"
	    "<description>Between 23:30 and 01:15 UTC on 24 Nov 2026, "
	    "errors.</description>");
	assert_int_equal(inc->start, DAY - 30 * 60);
	assert_int_equal(inc->mitigated, HM(1, 15));
	incident_free(inc);
	/* an undated phrase is ignored; pubDate stands in */
	inc = derive_one("<title>Storage - East US - Mitigated</title>"
	    "<description>Traffic between regions failed between 10:00 and "
	    "11:00.</description><pubDate>Tue, 24 Nov 2026 12:00:00 Z"
	    "</pubDate>");
	assert_int_equal(inc->start, HM(12, 0));
	assert_int_equal(inc->mitigated, HM(12, 0));
	incident_free(inc);
}

/* One item of status-real-titles.xml, by key. */
static const struct incident *
real_item(const struct inc_list *l, const char *key)
{
	const struct incident *inc = inc_list_find(l, key);

	if (inc == NULL)
		fail_msg("no item %s", key);
	return inc;
}

static void
assert_list(const struct strv *v, const char *const *want)
{
	size_t n = 0;

	while (want[n] != NULL) {
		if (n >= v->n || strcmp(v->v[n], want[n]) != 0)
			fail_msg("item %zu: got %s, want %s", n,
			    n < v->n ? v->v[n] : "(none)", want[n]);
		n++;
	}
	if (v->n != n)
		fail_msg("%zu items, want %zu", v->n, n);
}

#define LIST(...)	((const char *const[]){ __VA_ARGS__, NULL })
#define NONE		((const char *const[]){ NULL })

/* Titles as Microsoft writes them: every separator, the stage first,
 * last or after a colon, reviews, regions in prose, and the union of
 * what the title and the categories name. */
static void
test_real_titles(void **state)
{
	struct inc_list out = { 0 };
	const struct incident *inc;
	char err[256] = "";

	(void)state;
	assert_int_equal(derive_file("status-real-titles.xml", &out, err,
	    sizeof err), 0);
	assert_int_equal(out.n, 13);

	/* Area categories and a title naming the service: both. */
	inc = real_item(&out, "YKYN-BWZ");
	assert_list(&inc->services, LIST("Azure Networking",
	    "Azure Front Door"));
	assert_list(&inc->regions, LIST("Public Non-Regional"));
	assert_int_equal(inc->nimpacts, 2);
	assert_null(inc->impacts[1].region);
	assert_int_equal(inc->status, INC_ACTIVE);
	assert_false(inc->no_impact);

	/* en dashes, stage first */
	inc = real_item(&out, "status-page:t2-en-dash");
	assert_list(&inc->services, LIST("Azure CDN", "Azure Front Door"));
	assert_list(&inc->regions, NONE);
	assert_int_equal(inc->status, INC_MITIGATED);

	/* a review: resolved, an RCA; "(Tracking ID ...)" is no name */
	inc = real_item(&out, "VSG1-B90");
	assert_int_equal(inc->type, INC_RCA);
	assert_int_equal(inc->status, INC_RESOLVED);
	assert_list(&inc->services, LIST("Azure Networking"));
	assert_list(&inc->regions, LIST("Global"));

	/* stage last, before the tracking id; a symptom is no service */
	inc = real_item(&out, "YTYN-5T8");
	assert_int_equal(inc->type, INC_SERVICE_ISSUE);
	assert_int_equal(inc->status, INC_MITIGATED);
	assert_list(&inc->services, LIST("Azure Communication Services"));
	assert_list(&inc->regions, NONE);

	/* a review naming no service: the text's regions and its
	 * "in multiple regions" */
	inc = real_item(&out, "7SHM-P88");
	assert_int_equal(inc->type, INC_RCA);
	assert_int_equal(inc->status, INC_RESOLVED);
	assert_int_equal(inc->services.n, 0);
	assert_int_equal(inc->regions.n, 15);
	assert_string_equal(inc->regions.v[0], "Multiple Regions");
	assert_string_equal(inc->regions.v[14], "West US");

	/* "RCA - A and B (Management) - Region"; a sentence about one
	 * part having no impact is no "No Impact" communication */
	inc = real_item(&out, "status-page:t6-rca-2019");
	assert_int_equal(inc->type, INC_RCA);
	assert_list(&inc->services, LIST("Virtual Machines",
	    "Virtual Network"));
	assert_list(&inc->regions, LIST("North Europe"));
	assert_false(inc->no_impact);

	/* " - " and " – " in one title; an old name */
	inc = real_item(&out, "status-page:t7-rca-2017");
	assert_list(&inc->services, LIST("App Service"));
	assert_list(&inc->regions, LIST("North Europe"));

	inc = real_item(&out, "status-page:t8-stage-last");
	assert_int_equal(inc->status, INC_ACTIVE);
	assert_list(&inc->services, LIST("Virtual Machines"));
	assert_list(&inc->regions, LIST("East US 2"));

	/* regions in prose */
	inc = real_item(&out, "status-page:t9-prose");
	assert_int_equal(inc->status, INC_ACTIVE);
	assert_list(&inc->services, LIST("Azure Resource Manager"));
	assert_list(&inc->regions, LIST("East US", "West US"));

	/* "Resolved:", em dashes, a geography: its regions */
	inc = real_item(&out, "status-page:t10-em-dash");
	assert_int_equal(inc->status, INC_RESOLVED);
	assert_list(&inc->services, LIST("Azure Cosmos DB"));
	assert_int_equal(inc->regions.n, 17);
	assert_true(strv_has(&inc->regions, "West Europe"));
	assert_true(strv_has(&inc->regions, "UK South"));
	assert_false(strv_has(&inc->regions, "East US"));

	/* No Impact, by its title and by its text */
	inc = real_item(&out, "status-page:t11-no-impact");
	assert_true(inc->no_impact);
	assert_list(&inc->services, LIST("Azure Monitor"));
	assert_list(&inc->regions, LIST("Multiple regions"));
	inc = real_item(&out, "status-page:t12-no-impact-text");
	assert_true(inc->no_impact);
	assert_int_equal(inc->status, INC_RESOLVED);

	inc = real_item(&out, "status-page:t13-across");
	assert_int_equal(inc->status, INC_ACTIVE);
	assert_list(&inc->services, LIST("Microsoft Entra ID"));
	assert_list(&inc->regions, LIST("across regions"));
	assert_int_equal(inc->scenario, SCEN_BROAD);
	inc_list_clear(&out);
}

/* Title shapes one item at a time. */
static void
test_title_shapes(void **state)
{
	struct {
		const char *item;
		enum inc_status st;
		const char *svc, *svc2, *reg, *reg2;
	} cases[] = {
		{ "<title>Azure Front Door — Connectivity issues — "
		    "Mitigated</title>", INC_MITIGATED, "Azure Front Door",
		    NULL, NULL, NULL },
		{ "<title>Investigating – Storage – East US</title>",
		    INC_ACTIVE, "Storage", NULL, "East US", NULL },
		{ "<title>Resolved: Frontdoor - West Europe</title>",
		    INC_RESOLVED, "Azure Front Door", NULL, "West Europe",
		    NULL },
		{ "<title>AKS – Mitigation in progress</title>"
		    "<category>Multiple Regions</category>", INC_ACTIVE,
		    "Azure Kubernetes Service (AKS)", NULL, NULL, NULL },
		{ "<title>Azure SQL Database – in North Central US and "
		    "Central US – Investigating</title>", INC_ACTIVE,
		    "Azure SQL Database", NULL, "North Central US",
		    "Central US" },
		/* the category names the area, the title the services */
		{ "<title>Virtual Network and Load Balancer - Japan East"
		    "</title><category>Network Infrastructure</category>",
		    INC_ACTIVE, "Azure Networking", "Virtual Network",
		    "Japan East", NULL },
		/* a region-like category is scope, not a service */
		{ "<title>Relay - Intermittent failures</title>"
		    "<category>Public Non-Regional</category>", INC_ACTIVE,
		    "Azure Relay", NULL, "Public Non-Regional", NULL },
		{ "<title>Azure DNS - Non-Regional - Investigating</title>",
		    INC_ACTIVE, "Azure DNS", NULL, "Non-Regional", NULL },
		{ "<title>Azure Front Door - Global - Mitigated</title>",
		    INC_MITIGATED, "Azure Front Door", NULL, "Global", NULL },
		/* other parentheses stay; the tracking id goes */
		{ "<title>Storage (Blobs) - East US (Tracking ID AB1C-DE2) - "
		    "Mitigated</title>", INC_MITIGATED, "Storage", NULL,
		    "East US", NULL },
		/* the No Impact marker is no part of a name */
		{ "<title>[No Impact] Storage - East US</title>",
		    INC_ACTIVE, "Storage", NULL, "East US", NULL },
		{ "<title>No Impact: Key Vault - West Europe - Resolved"
		    "</title>", INC_RESOLVED, "Key Vault", NULL,
		    "West Europe", NULL },
		/* a symptom after a review's name is no service */
		{ "<title>Post Incident Review (PIR) – Storage Latency Issues"
		    "</title><category>Storage</category>", INC_RESOLVED,
		    "Storage", NULL, NULL, NULL },
		/* a service not in our tables, after the stage */
		{ "<title>Mitigated - Contoso Widgets - Austria East</title>",
		    INC_MITIGATED, "Contoso Widgets", NULL, "Austria East",
		    NULL },
		{ "<title>Azure portal - Applying Mitigation</title>"
		    "<category>Microsoft Azure portal</category>",
		    INC_ACTIVE, "Azure Portal", NULL, NULL, NULL },
	};
	struct incident *inc;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		inc = derive_one(cases[i].item);
		if (inc->status != cases[i].st)
			fail_msg("case %zu: status %s", i,
			    inc_status_name(inc->status));
		if (inc->services.n < 1 ||
		    strcmp(inc->services.v[0], cases[i].svc) != 0)
			fail_msg("case %zu: service %s", i, inc->services.n ?
			    inc->services.v[0] : "(none)");
		if (cases[i].svc2 != NULL &&
		    !strv_has(&inc->services, cases[i].svc2))
			fail_msg("case %zu: no %s", i, cases[i].svc2);
		if (cases[i].reg != NULL &&
		    !strv_has(&inc->regions, cases[i].reg))
			fail_msg("case %zu: no region %s", i, cases[i].reg);
		if (cases[i].reg2 != NULL &&
		    !strv_has(&inc->regions, cases[i].reg2))
			fail_msg("case %zu: no region %s", i, cases[i].reg2);
		if (cases[i].reg == NULL && inc->regions.n > 0 &&
		    !strv_has(&inc->regions, "Multiple Regions"))
			fail_msg("case %zu: region %s", i, inc->regions.v[0]);
		incident_free(inc);
	}
}

static void
test_no_impact(void **state)
{
	struct { const char *title, *text; bool want; } cases[] = {
		{ "No Impact - Azure Monitor - Delayed alerts", NULL, true },
		{ "[No Impact] Storage - East US", NULL, true },
		{ "no impact: Key Vault", NULL, true },
		{ NULL, "Your subscription was not impacted by this event.",
		    true },
		{ NULL, "We investigated reports of failures. Customers were "
		    "not impacted.", true },
		{ NULL, "Update: No customer impact was observed.", true },
		{ NULL, "No impact.", true },
		/* one part had no impact; others in other regions: not a
		 * No Impact communication (real RCA text of June 2019) */
		{ NULL, "There was no impact to VIPs or Load Balancing "
		    "services for Azure tenants during this incident.",
		    false },
		{ NULL, "Customers in other regions were not impacted.",
		    false },
		{ NULL, "A subset of customers were impacted; others were "
		    "not impacted.", false },
		{ "Storage - No Impact Assessment pending", NULL, false },
		{ "Impact - Storage", NULL, false },
		{ NULL, NULL, false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (derive_no_impact(cases[i].title, cases[i].text) !=
		    cases[i].want)
			fail_msg("case %zu", i);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_active),
		cmocka_unit_test(test_example_empty),
		cmocka_unit_test(test_wrong_title),
		cmocka_unit_test(test_title_only),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_stage),
		cmocka_unit_test(test_tracking_id),
		cmocka_unit_test(test_scenario),
		cmocka_unit_test(test_stated_times),
		cmocka_unit_test(test_real_titles),
		cmocka_unit_test(test_title_shapes),
		cmocka_unit_test(test_no_impact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
