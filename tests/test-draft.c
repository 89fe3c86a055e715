/* test-draft.c: the support-ticket draft: what it says (tracking id,
 * region, advice, timeline order, no control characters, an incident that
 * does not match only as "not this one" context) and how it is
 * saved (atomically, 0600, in a 0700 default directory). */
#include "config.h"

#include <dirent.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "cfg.h"
#include "decide.h"
#include "draft.h"
#include "model.h"
#include "ticket.h"

#define NOW	((time_t)1795514400)	/* 2026-11-24T10:00:00Z */
#define MIN	60

static struct snapshot *
make_snapshot(void)
{
	struct snapshot *s = snapshot_new();
	struct incident *inc = incident_new("7K2Q-XL8");

	s->chans[CHAN_SERVICE_HEALTH].state = CHAN_INCIDENT;
	s->chans[CHAN_SERVICE_HEALTH].last_success = NOW - 12;
	inc->tracking_id = strdup("7K2Q-XL8");
	inc->title = strdup("Azure Cache for Redis | connection failures");
	inc->sources = CHAN_BIT(CHAN_SERVICE_HEALTH);
	inc->status = INC_ACTIVE;
	inc->start = NOW - 140 * MIN;
	incident_add_impact(inc, "Azure Cache for Redis", "East US",
	    INC_ACTIVE);
	incident_add_update(inc, NOW - 20 * MIN, CHAN_SERVICE_HEALTH,
	    "Engineers are investigating.\x1b]0;pwned\x07\nSecond line.");
	incident_add_update(inc, NOW - 100 * MIN, CHAN_SERVICE_HEALTH,
	    "We are aware of connection failures.");
	strv_add(&inc->links, "https://app.azure.com/h/7K2Q-XL8");
	inc_list_add(&s->incidents, inc);
	return s;
}

static char *
make_draft(const char *region, struct decision *d)
{
	struct snapshot *s = make_snapshot();
	struct answers ans = { "Redis Cache", region, NULL, NOW - 48 * MIN,
	    NULL };
	char *md;

	decide(&ans, s, NOW, d);
	md = draft_markdown(&ans, d, s, NOW);
	snapshot_unref(s);
	return md;
}

static void
test_matching(void **state)
{
	struct decision d;
	char *md = make_draft("eastus", &d);
	const char *a, *b, *c;

	(void)state;
	assert_int_equal(d.verdict, VERDICT_AZURE_INCIDENT);
	assert_non_null(strstr(md, "# Support ticket draft: Azure Cache for "
	    "Redis failing in East US\n"));
	assert_non_null(strstr(md, "| Region | East US |"));
	assert_non_null(strstr(md, "| Tracking IDs | 7K2Q-XL8 |"));
	assert_non_null(strstr(md, "| Verdict | azure-incident |"));
	assert_non_null(strstr(md, "| Symptoms since | 2026-11-24 09:12 UTC |"));
	assert_non_null(strstr(md, "## Matching Azure incidents"));
	/* a '|' in remote text cannot break the table or the heading */
	assert_non_null(strstr(md, "### 7K2Q-XL8: Azure Cache for Redis | "
	    "connection failures"));
	assert_non_null(strstr(md, "- Latest update (2026-11-24 09:40 UTC, "
	    "service-health):\n  > Engineers are investigating.\n"
	    "  > Second line.\n"));
	assert_non_null(strstr(md, "https://app.azure.com/h/7K2Q-XL8"));
	assert_non_null(strstr(md, d.advice));
	assert_non_null(strstr(md, "raise one only to get help with "
	    "failover"));
	/* no escape sequences or controls survive */
	assert_null(strchr(md, '\x1b'));
	assert_null(strchr(md, '\x07'));
	assert_null(strstr(md, "]0;pwned"));

	/* timeline oldest first, with our own start in its place */
	a = strstr(md, "- 2026-11-24 07:40 UTC: 7K2Q-XL8 started");
	b = strstr(md, "- 2026-11-24 08:20 UTC: 7K2Q-XL8 (service-health): "
	    "We are aware");
	c = strstr(md, "- 2026-11-24 09:12 UTC: our symptoms began");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_true(strstr(md, "## Timeline") < a);
	assert_true(a < b && b < c);
	assert_true(c < strstr(md, "09:40 UTC: 7K2Q-XL8 (service-health): "
	    "Engineers"));
	free(md);
	decision_free(&d);
}

/* id appears in md, and only after the "not this one" heading. */
static void
not_this_one(const char *md, const char *id)
{
	const char *ctx = strstr(md, "\n" DRAFT_NOT_THIS_ONE "\n");
	const char *first = strstr(md, id);

	assert_non_null(ctx);
	assert_non_null(first);
	assert_true(first > ctx);
}

/* The seed's case: the incident is East US, the user is in East US 2. */
static void
test_not_matching(void **state)
{
	struct decision d;
	char *md = make_draft("East US 2", &d);

	(void)state;
	assert_int_equal(d.verdict, VERDICT_NOT_MATCHING);
	assert_non_null(strstr(md, "failing in East US 2\n"));
	assert_non_null(strstr(md, "| Region | East US 2 |"));
	assert_non_null(strstr(md, "none of them covers this service in this "
	    "region"));
	assert_non_null(strstr(md, "| Verdict | not-matching |"));
	assert_non_null(strstr(md, "| Tracking IDs | (none) |"));
	assert_non_null(strstr(md, "raise a support ticket"));
	assert_non_null(strstr(md, "- service-health: incident, last answer "
	    "2026-11-24 09:59 UTC"));
	/* the incident that does not match is context, and only at the end:
	 * no link to it, no timeline entry, nothing before the heading */
	not_this_one(md, "7K2Q-XL8");
	assert_null(strstr(md, "https://app.azure.com/h/7K2Q-XL8"));
	assert_non_null(strstr(strstr(md, DRAFT_NOT_THIS_ONE), "### 7K2Q-XL8: "
	    "Azure Cache for Redis | connection failures"));
	free(md);
	decision_free(&d);
}

/* A ticket raised from a not-matching verdict never carries the other
 * incident's tracking id in its title, its description's head or its
 * name: the id is in the description only as "not this one" context. */
static void
test_not_matching_ticket(void **state)
{
	struct ticket_draft td;
	struct json_object *root, *pr, *v;
	struct decision d;
	struct cfg cfg;
	char err[256], *json, *name;
	char *md = make_draft("East US 2", &d);
	const char *title, *desc;

	(void)state;
	cfg_defaults(&cfg);
	cfg.contact_first_name = strdup("Ada");
	cfg.contact_last_name = strdup("Lovelace");
	cfg.contact_email = strdup("ada@contoso.com");
	memset(&td, 0, sizeof td);
	td.subscription = "00000000-0000-0000-0000-0000000000a1";
	td.service_id = "/providers/Microsoft.Support/services/abc";
	td.classification_id = "/providers/Microsoft.Support/services/abc/"
	    "problemClassifications/def";
	td.severity = "moderate";
	td.markdown = md;
	td.now = NOW;
	assert_int_equal(ticket_request(&cfg, &td, &json, &name, err,
	    sizeof err), 0);
	root = json_tokener_parse(json);
	assert_true(json_object_object_get_ex(root, "properties", &pr));
	assert_true(json_object_object_get_ex(pr, "title", &v));
	title = json_object_get_string(v);
	assert_string_equal(title, "Azure Cache for Redis failing in East US 2");
	assert_true(json_object_object_get_ex(pr, "description", &v));
	desc = json_object_get_string(v);
	assert_null(strstr(desc, "Tracking ID: "));
	not_this_one(desc, "7K2Q-XL8");
	assert_null(strstr(name, "7k2q"));
	json_object_put(root);
	free(json);
	free(name);
	cfg_free(&cfg);
	free(md);
	decision_free(&d);
}

static void
test_no_snapshot(void **state)
{
	struct answers ans = { "VM", "westus", "/subscriptions/1/vm|x", 0, NULL };
	struct decision d;
	char *md;

	(void)state;
	decide(&ans, NULL, NOW, &d);
	md = draft_markdown(&ans, &d, NULL, NOW);
	assert_non_null(strstr(md, "| Resource | /subscriptions/1/vm\\|x |"));
	assert_non_null(strstr(md, "| Verdict | undetermined |"));
	assert_non_null(strstr(md, "| Tracking IDs | (none) |"));
	assert_non_null(strstr(md, "| Symptoms since | 2026-11-24 10:00 UTC |"));
	free(md);
	decision_free(&d);
}

static int
count_entries(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(dp);
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, ".."))
			n++;
	}
	closedir(dp);
	return n;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s = calloc(1, 65536);
	size_t n;

	assert_non_null(f);
	n = fread(s, 1, 65535, f);
	s[n] = '\0';
	fclose(f);
	return s;
}

static void
rm_tree(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char p[4096];

	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		if (unlink(p) == -1)
			rm_tree(p);
	}
	closedir(dp);
	rmdir(dir);
}

static void
test_save(void **state)
{
	char dir[] = "azwatch-draft-test-XXXXXX";
	char path[4096], path2[4096], err[256] = "", *got;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	umask(022);
	assert_int_equal(draft_save("# hello\n", dir, "7K2Q-XL8/../x y",
	    path, sizeof path, err, sizeof err), 0);
	assert_int_equal(strncmp(path, dir, strlen(dir)), 0);
	/* the hint cannot leave the directory or add spaces */
	assert_null(strstr(path + strlen(dir) + 1, "/"));
	assert_null(strchr(path, ' '));
	assert_non_null(strstr(path, "/azwatch-7K2Q-XL8-..-x-y-"));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	got = slurp(path);
	assert_string_equal(got, "# hello\n");
	free(got);
	/* no temporary file left behind */
	assert_int_equal(count_entries(dir), 1);

	/* the same second: a second draft never replaces the first */
	assert_int_equal(draft_save("# two\n", dir, "7K2Q-XL8/../x y", path2,
	    sizeof path2, err, sizeof err), 0);
	assert_string_not_equal(path, path2);
	assert_int_equal(count_entries(dir), 2);
	got = slurp(path);
	assert_string_equal(got, "# hello\n");
	free(got);
	rm_tree(dir);
}

static void
test_save_default_dir(void **state)
{
	char rel[] = "azwatch-draft-state-XXXXXX";
	char base[4096], path[4096], want[4200], err[256] = "";
	struct stat st;

	(void)state;
	/* XDG_STATE_HOME must be absolute */
	assert_non_null(mkdtemp(rel));
	assert_non_null(realpath(rel, base));
	setenv("XDG_STATE_HOME", base, 1);
	assert_int_equal(draft_default_dir(path, sizeof path, err,
	    sizeof err), 0);
	snprintf(want, sizeof want, "%s/azwatch/drafts", base);
	assert_string_equal(path, want);
	assert_int_equal(draft_save("x\n", NULL, NULL, path, sizeof path,
	    err, sizeof err), 0);
	assert_int_equal(strncmp(path, want, strlen(want)), 0);
	assert_non_null(strstr(path, "/azwatch-ticket-"));
	assert_int_equal(stat(want, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(want, sizeof want, "%s/azwatch", base);
	assert_int_equal(stat(want, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);

	/* a relative XDG_STATE_HOME is ignored in favour of HOME */
	setenv("XDG_STATE_HOME", "relative", 1);
	setenv("HOME", base, 1);
	assert_int_equal(draft_default_dir(path, sizeof path, err,
	    sizeof err), 0);
	snprintf(want, sizeof want, "%s/.local/state/azwatch/drafts", base);
	assert_string_equal(path, want);
	snprintf(want, sizeof want, "%s/azwatch/drafts", base);
	rm_tree(want);
	snprintf(want, sizeof want, "%s/azwatch", base);
	rmdir(want);
	rmdir(base);
}

static void
test_save_errors(void **state)
{
	char dir[] = "azwatch-draft-err-XXXXXX";
	char file[4200], path[4096], err[256] = "";
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof file, "%s/plain", dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	/* a file where the directory should be */
	assert_int_equal(draft_save("x", file, "a", path, sizeof path, err,
	    sizeof err), -1);
	assert_true(strlen(err) > 0);
	/* a path_out too small: nothing written */
	err[0] = '\0';
	assert_int_equal(draft_save("x", dir, "a", path, 8, err, sizeof err),
	    -1);
	assert_true(strlen(err) > 0);
	assert_int_equal(count_entries(dir), 1);
	unlink(file);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matching),
		cmocka_unit_test(test_not_matching),
		cmocka_unit_test(test_not_matching_ticket),
		cmocka_unit_test(test_no_snapshot),
		cmocka_unit_test(test_save),
		cmocka_unit_test(test_save_default_dir),
		cmocka_unit_test(test_save_errors),
	};

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "en_US.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
