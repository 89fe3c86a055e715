/* alerts.c: whether the user will hear about a Service Health event
 * without watching a screen: an audit of activity-log alert rules and
 * their action groups, and `azwatch alerts setup` to create a rule that
 * covers every Service Health event of a subscription. */
#include "config.h"
#include "alerts.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "arm.h"
#include "buf.h"
#include "parse-arm.h"
#include "sanitize.h"
#include "ticket.h"
#include "jdoc.h"
#include "xmalloc.h"

#define ALERTS_MAX_DEPTH	48
#define ALERTS_MAX_PAGES	10
#define ALERTS_MAX_GROUPS	10	/* per rule */
#define ALERTS_SETUP_NAME	"azwatch-service-health"
#define ALERTS_SETUP_RG		"azwatch-alerts"
#define ALERTS_RG_API_VERSION	"2021-04-01"

const char *
alerts_level_name(enum alerts_level l)
{
	switch (l) {
	case ALERTS_READY:	return "ready";
	case ALERTS_PARTIAL:	return "partial";
	default:		return "none";
	}
}

void
alerts_report_free(struct alerts_report *r)
{
	size_t i;

	for (i = 0; i < r->nrules; i++) {
		free(r->rules[i].id);
		free(r->rules[i].name);
		strv_free(&r->rules[i].narrowing);
		strv_free(&r->rules[i].groups);
	}
	free(r->rules);
	memset(r, 0, sizeof *r);
}

/* conditions ------------------------------------------------------------ */

/* What a condition field narrows, in words. */
static const char *
field_label(const char *field)
{
	if (strcasecmp(field, "properties.incidentType") == 0)
		return "event types";
	if (strcasestr(field, "ImpactedRegions") != NULL ||
	    strcasestr(field, "RegionName") != NULL ||
	    strcasecmp(field, "properties.region") == 0)
		return "regions";
	if (strcasestr(field, "ServiceName") != NULL ||
	    strcasestr(field, "impactedServices") != NULL ||
	    strcasecmp(field, "properties.service") == 0)
		return "services";
	return field;
}

struct narrow {
	struct strv	 labels;
	struct strv	 values;	/* "a, b" per label */
};

static void
narrow_add(struct narrow *n, const char *label, const char *value)
{
	size_t i;
	char *joined;

	for (i = 0; i < n->labels.n; i++) {
		if (strcmp(n->labels.v[i], label) != 0)
			continue;
		joined = xasprintf("%s, %s", n->values.v[i], value);
		free(n->values.v[i]);
		n->values.v[i] = joined;
		return;
	}
	strv_add(&n->labels, label);
	strv_add(&n->values, value);
}

struct cond {
	bool		 has_category;
	bool		 service_health;
	struct narrow	 narrow;
};

static void
cond_leaf(struct cond *c, struct json_object *leaf, int depth)
{
	struct json_object *any, *vals;
	const char *field, *eq;
	char *label;
	size_t i, n;

	if (depth > 8 || leaf == NULL)
		return;
	if ((any = jdoc_array(leaf, "anyOf")) != NULL) {
		n = json_object_array_length(any);
		for (i = 0; i < n; i++)
			cond_leaf(c, json_object_array_get_idx(any, i), depth + 1);
		return;
	}
	if ((field = jdoc_str(leaf, "field")) == NULL)
		return;
	eq = jdoc_str(leaf, "equals");
	vals = jdoc_array(leaf, "containsAny");
	if (strcasecmp(field, "category") == 0) {
		c->has_category = true;
		if (eq != NULL && strcasecmp(eq, "ServiceHealth") == 0)
			c->service_health = true;
		n = vals != NULL ? json_object_array_length(vals) : 0;
		for (i = 0; i < n; i++) {
			const char *v = json_object_get_string(
			    json_object_array_get_idx(vals, i));

			if (v != NULL && strcasecmp(v, "ServiceHealth") == 0)
				c->service_health = true;
		}
		return;
	}
	label = xstrdup(field_label(field));
	if (eq != NULL)
		narrow_add(&c->narrow, label, eq);
	n = vals != NULL ? json_object_array_length(vals) : 0;
	for (i = 0; i < n; i++) {
		struct json_object *v = json_object_array_get_idx(vals, i);

		if (v != NULL && json_object_is_type(v, json_type_string))
			narrow_add(&c->narrow, label, json_object_get_string(v));
	}
	free(label);
}

/* "subscriptions/X" or "/subscriptions/X/" covers sub X; so does any
 * prefix of that path ending at a '/'. */
static bool
scope_covers(const char *scope, const char *sub)
{
	char *want = xasprintf("subscriptions/%s", sub);
	size_t n;
	bool ok;

	while (*scope == '/')
		scope++;
	n = strlen(scope);
	while (n > 0 && scope[n - 1] == '/')
		n--;
	ok = n > 0 && n <= strlen(want) && strncasecmp(scope, want, n) == 0 &&
	    (want[n] == '\0' || want[n] == '/');
	free(want);
	return ok;
}

int
alerts_parse_rules(const char *data, size_t len, const char *sub,
    struct alerts_report *out, char **next_link, char *err, size_t errlen)
{
	struct json_object *root, *arr, *e, *pr, *en, *scopes, *all, *groups;
	struct alerts_rule *r;
	struct cond c;
	const char *nl, *gid;
	size_t i, j, n, m;

	if (next_link != NULL)
		*next_link = NULL;
	if ((root = jdoc_parse(data, len, ALERTS_MAX_DEPTH, err, errlen)) == NULL)
		return -1;
	if ((arr = jdoc_array(root, "value")) == NULL) {
		snprintf(err, errlen, "the alert rule list has no \"value\" list");
		json_object_put(root);
		return -1;
	}
	n = json_object_array_length(arr);
	for (i = 0; i < n && out->nrules < 500; i++) {
		e = json_object_array_get_idx(arr, i);
		if ((pr = jdoc_get(e, "properties")) == NULL)
			continue;
		memset(&c, 0, sizeof c);
		all = jdoc_array(jdoc_get(pr, "condition"), "allOf");
		m = all != NULL ? json_object_array_length(all) : 0;
		for (j = 0; j < m; j++)
			cond_leaf(&c, json_object_array_get_idx(all, j), 0);
		if (!c.service_health) {
			strv_free(&c.narrow.labels);
			strv_free(&c.narrow.values);
			continue;
		}
		out->rules = xreallocarray(out->rules, out->nrules + 1,
		    sizeof *out->rules);
		r = &out->rules[out->nrules++];
		memset(r, 0, sizeof *r);
		r->id = xstrdup(jdoc_str(e, "id"));
		r->name = xstrdup(jdoc_str(e, "name") != NULL ? jdoc_str(e, "name") :
		    "(unnamed)");
		r->service_health = true;
		/* enabled defaults to true when absent */
		en = jdoc_get(pr, "enabled");
		r->enabled = en == NULL || !json_object_is_type(en,
		    json_type_boolean) || json_object_get_boolean(en);
		scopes = jdoc_array(pr, "scopes");
		m = scopes != NULL ? json_object_array_length(scopes) : 0;
		for (j = 0; j < m; j++) {
			const char *s = json_object_get_string(
			    json_object_array_get_idx(scopes, j));

			if (s != NULL && scope_covers(s, sub))
				r->covers = true;
		}
		for (j = 0; j < c.narrow.labels.n; j++) {
			char *line = xasprintf("%s: %s", c.narrow.labels.v[j],
			    c.narrow.values.v[j]);

			strv_add(&r->narrowing, line);
			free(line);
		}
		strv_free(&c.narrow.labels);
		strv_free(&c.narrow.values);
		groups = jdoc_array(jdoc_get(pr, "actions"), "actionGroups");
		m = groups != NULL ? json_object_array_length(groups) : 0;
		for (j = 0; j < m; j++) {
			gid = jdoc_str(json_object_array_get_idx(groups, j),
			    "actionGroupId");
			if (gid != NULL && *gid != '\0')
				strv_add_unique(&r->groups, gid);
		}
		r->groups_read = r->groups.n == 0;
	}
	if (next_link != NULL && (nl = jdoc_str(root, "nextLink")) != NULL &&
	    *nl != '\0')
		*next_link = xstrdup(nl);
	json_object_put(root);
	return 0;
}

static int
enabled_receivers(struct json_object *pr, const char *key)
{
	struct json_object *arr = jdoc_array(pr, key), *e;
	const char *st;
	size_t i, n;
	int count = 0;

	n = arr != NULL ? json_object_array_length(arr) : 0;
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(arr, i);
		st = jdoc_str(e, "status");
		if (st == NULL || strcasecmp(st, "Disabled") != 0)
			count++;
	}
	return count;
}

int
alerts_parse_group(const char *data, size_t len, struct alerts_rule *rule,
    char *err, size_t errlen)
{
	static const char *const others[] = {
		"voiceReceivers", "azureAppPushReceivers", "armRoleReceivers",
		"logicAppReceivers", "azureFunctionReceivers",
		"eventHubReceivers", "itsmReceivers",
		"automationRunbookReceivers"
	};
	struct json_object *root, *pr, *en;
	size_t i;

	if ((root = jdoc_parse(data, len, ALERTS_MAX_DEPTH, err, errlen)) == NULL)
		return -1;
	if ((pr = jdoc_get(root, "properties")) == NULL) {
		snprintf(err, errlen, "the action group has no properties");
		json_object_put(root);
		return -1;
	}
	en = jdoc_get(pr, "enabled");
	if (en != NULL && json_object_is_type(en, json_type_boolean) &&
	    !json_object_get_boolean(en)) {
		json_object_put(root);
		return 0;
	}
	rule->email += enabled_receivers(pr, "emailReceivers");
	rule->sms += enabled_receivers(pr, "smsReceivers");
	rule->webhook += enabled_receivers(pr, "webhookReceivers");
	for (i = 0; i < sizeof others / sizeof *others; i++)
		rule->other += enabled_receivers(pr, others[i]);
	json_object_put(root);
	return 0;
}

static bool
notifies(const struct alerts_rule *r)
{
	if (r->groups.n == 0)
		return false;
	/* a group we could not read still exists: give it the benefit */
	return !r->groups_read || r->email + r->sms + r->webhook + r->other > 0;
}

void
alerts_evaluate(struct alerts_report *rep)
{
	size_t i;

	rep->level = ALERTS_NONE;
	rep->disabled = 0;
	for (i = 0; i < rep->nrules; i++) {
		const struct alerts_rule *r = &rep->rules[i];

		if (!r->enabled) {
			rep->disabled++;
			continue;
		}
		if (!r->covers)
			continue;
		if (r->narrowing.n == 0 && notifies(r)) {
			rep->level = ALERTS_READY;
			return;
		}
		rep->level = ALERTS_PARTIAL;
	}
}

static void
receivers_text(struct buf *b, const struct alerts_rule *r)
{
	bool any = false;

	if (!r->groups_read) {
		buf_printf(b, "%zu action group%s", r->groups.n,
		    r->groups.n == 1 ? "" : "s");
		return;
	}
#define RECV(n, word) do {						\
	if ((n) > 0) {							\
		buf_printf(b, "%s%d %s", any ? ", " : "", (n), (word));	\
		any = true;						\
	}								\
} while (0)
	RECV(r->email, "email");
	RECV(r->sms, "SMS");
	RECV(r->webhook, "webhook");
	RECV(r->other, "other");
#undef RECV
	if (!any)
		buf_puts(b, "nobody");
}

char *
alerts_line(const struct alerts_report *rep)
{
	const struct alerts_rule *best = NULL;
	struct buf b;
	size_t i, j;

	buf_init(&b);
	buf_printf(&b, "alerts: %s", alerts_level_name(rep->level));
	for (i = 0; i < rep->nrules; i++) {
		const struct alerts_rule *r = &rep->rules[i];

		if (!r->enabled || !r->covers)
			continue;
		if (best == NULL || (r->narrowing.n == 0 && notifies(r)))
			best = r;
		if (rep->level == ALERTS_READY && r->narrowing.n == 0 &&
		    notifies(r))
			break;
	}
	if (best != NULL) {
		buf_printf(&b, " (rule %s: ", best->name);
		if (best->narrowing.n != 0) {
			buf_puts(&b, "only ");
			for (j = 0; j < best->narrowing.n; j++)
				buf_printf(&b, "%s%s", j ? "; " : "",
				    best->narrowing.v[j]);
			buf_puts(&b, "; notifies ");
		} else
			buf_puts(&b, "notifies ");
		receivers_text(&b, best);
		buf_putc(&b, ')');
	} else if (rep->disabled > 0)
		buf_printf(&b, " (%zu Service Health rule%s disabled)",
		    rep->disabled, rep->disabled == 1 ? "" : "s");
	else if (rep->nrules > 0)
		buf_puts(&b, " (no Service Health rule covers the whole "
		    "subscription)");
	else
		buf_puts(&b, " (no Service Health alert rule; try azwatch "
		    "alerts setup)");
	return buf_steal(&b);
}

/* reading from ARM ------------------------------------------------------- */

/* Every group the enabled, covering rules of every report notify, read
 * at once. */
static void
read_groups(struct arm *arm, struct http *h, const atomic_int *abort,
    struct alerts_audit_result *res, size_t nres)
{
	struct arm_req *reqs = NULL;
	struct http_resp *resps;
	struct arm_error *errs;
	struct alerts_rule **owner = NULL;
	char err[256];
	size_t i, j, k, n = 0;

	for (k = 0; k < nres; k++) {
		struct alerts_report *rep = &res[k].rep;

		if (!res[k].ok)
			continue;
		for (i = 0; i < rep->nrules; i++) {
			struct alerts_rule *r = &rep->rules[i];

			if (!r->enabled || !r->covers)
				continue;
			r->groups_read = r->groups.n <= ALERTS_MAX_GROUPS;
			for (j = 0; j < r->groups.n && j < ALERTS_MAX_GROUPS;
			    j++) {
				const char *gid = r->groups.v[j];

				if (*gid != '/' || strpbrk(gid, "?#") != NULL) {
					r->groups_read = false;
					continue;
				}
				reqs = xreallocarray(reqs, n + 1, sizeof *reqs);
				owner = xreallocarray(owner, n + 1,
				    sizeof *owner);
				memset(&reqs[n], 0, sizeof reqs[n]);
				reqs[n].url = xasprintf("%s%s?api-version="
				    ALERTS_AG_API_VERSION, arm_endpoint(arm), gid);
				owner[n++] = r;
			}
		}
	}
	if (n == 0)
		return;
	resps = xcalloc(n, sizeof *resps);
	errs = xcalloc(n, sizeof *errs);
	for (i = 0; i < n; i++)
		http_resp_init(&resps[i]);
	arm_do_many(arm, h, abort, reqs, resps, errs, n);
	for (i = 0; i < n; i++) {
		if (errs[i].kind != ARM_ERR_NONE || resps[i].status != 200 ||
		    alerts_parse_group(resps[i].body.data, resps[i].body.len,
		    owner[i], err, sizeof err) == -1)
			owner[i]->groups_read = false;
		http_resp_free(&resps[i]);
		free((char *)reqs[i].url);
	}
	free(resps);
	free(errs);
	free(reqs);
	free(owner);
}

struct rules_arg {
	const char		*sub;
	struct alerts_report	*out;
	char			*url;
};

static int
rules_page(const char *data, size_t len, void *arg, char **next, char *err,
    size_t errlen)
{
	struct rules_arg *ra = arg;

	return alerts_parse_rules(data, len, ra->sub, ra->out, next, err,
	    errlen);
}

size_t
alerts_audit_many(struct arm *arm, struct http *h, const atomic_int *abort,
    const char *const *subs, size_t n, struct alerts_audit_result *res)
{
	struct rules_arg *ra = xcalloc(n > 0 ? n : 1, sizeof *ra);
	struct arm_list *l = xcalloc(n > 0 ? n : 1, sizeof *l);
	char *esc;
	size_t i, failed = 0;

	for (i = 0; i < n; i++) {
		memset(&res[i], 0, sizeof res[i]);
		esc = http_escape(subs[i]);
		ra[i].sub = subs[i];
		ra[i].out = &res[i].rep;
		ra[i].url = xasprintf("%s/subscriptions/%s/providers/"
		    "microsoft.insights/activityLogAlerts?api-version="
		    ALERTS_API_VERSION, arm_endpoint(arm), esc);
		free(esc);
		l[i].url = ra[i].url;
		l[i].what = "alert rules";
		l[i].fn = rules_page;
		l[i].arg = &ra[i];
		l[i].max_pages = ALERTS_MAX_PAGES;
	}
	arm_list_many(arm, h, abort, l, n);
	for (i = 0; i < n; i++) {
		struct alerts_audit_result *r = &res[i];

		free(ra[i].url);
		r->ok = l[i].err.kind == ARM_ERR_NONE && !l[i].truncated;
		if (r->ok)
			continue;
		failed++;
		if (l[i].truncated)
			snprintf(r->err, sizeof r->err, "more than %d pages of "
			    "alert rules; stopped", ALERTS_MAX_PAGES);
		else if (l[i].err.kind == ARM_ERR_STATUS)
			snprintf(r->err, sizeof r->err, "reading alert rules: "
			    "%.400s", l[i].err.msg);
		else
			snprintf(r->err, sizeof r->err, "%.480s", l[i].err.msg);
		r->auth_failed = l[i].err.kind == ARM_ERR_UNCONFIGURED ||
		    l[i].err.kind == ARM_ERR_SIGNIN ||
		    l[i].err.kind == ARM_ERR_SIGNIN_DOWN;
		/* nothing half-read is kept */
		alerts_report_free(&r->rep);
	}
	read_groups(arm, h, abort, res, n);
	for (i = 0; i < n; i++) {
		if (res[i].ok)
			alerts_evaluate(&res[i].rep);
	}
	free(ra);
	free(l);
	return failed;
}

int
alerts_audit(struct arm *arm, struct http *h, const atomic_int *abort,
    const char *sub, struct alerts_report *out, bool *auth_failed, char *err,
    size_t errlen)
{
	struct alerts_audit_result r;

	alerts_audit_many(arm, h, abort, &sub, 1, &r);
	*out = r.rep;
	*auth_failed = r.auth_failed;
	if (r.ok)
		return 0;
	snprintf(err, errlen, "%s", r.err);
	return -1;
}

/* setup ------------------------------------------------------------------ */

static char *
body_text(struct json_object *root)
{
	char *s = xstrdup(json_object_to_json_string_ext(root,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
	    JSON_C_TO_STRING_NOSLASHESCAPE));

	json_object_put(root);
	return s;
}

char *
alerts_group_body(const char *email)
{
	struct json_object *root = json_object_new_object(), *pr, *arr, *rcv;

	json_object_object_add(root, "location",
	    json_object_new_string("Global"));
	pr = json_object_new_object();
	json_object_object_add(pr, "groupShortName",
	    json_object_new_string("azwatch"));
	json_object_object_add(pr, "enabled", json_object_new_boolean(1));
	arr = json_object_new_array();
	rcv = json_object_new_object();
	json_object_object_add(rcv, "name",
	    json_object_new_string("azwatch-email"));
	json_object_object_add(rcv, "emailAddress",
	    json_object_new_string(email));
	json_object_object_add(rcv, "useCommonAlertSchema",
	    json_object_new_boolean(1));
	json_object_array_add(arr, rcv);
	json_object_object_add(pr, "emailReceivers", arr);
	json_object_object_add(pr, "smsReceivers", json_object_new_array());
	json_object_object_add(pr, "webhookReceivers", json_object_new_array());
	json_object_object_add(root, "properties", pr);
	return body_text(root);
}

char *
alerts_rule_body(const char *sub, const char *group_id)
{
	struct json_object *root = json_object_new_object(), *pr, *arr, *leaf;
	struct json_object *cond, *acts, *ag;
	char *scope = xasprintf("/subscriptions/%s", sub);

	json_object_object_add(root, "location",
	    json_object_new_string("Global"));
	pr = json_object_new_object();
	arr = json_object_new_array();
	json_object_array_add(arr, json_object_new_string(scope));
	json_object_object_add(pr, "scopes", arr);
	cond = json_object_new_object();
	arr = json_object_new_array();
	leaf = json_object_new_object();
	json_object_object_add(leaf, "field",
	    json_object_new_string("category"));
	json_object_object_add(leaf, "equals",
	    json_object_new_string("ServiceHealth"));
	json_object_array_add(arr, leaf);
	json_object_object_add(cond, "allOf", arr);
	json_object_object_add(pr, "condition", cond);
	acts = json_object_new_object();
	arr = json_object_new_array();
	ag = json_object_new_object();
	json_object_object_add(ag, "actionGroupId",
	    json_object_new_string(group_id));
	json_object_object_add(ag, "webhookProperties",
	    json_object_new_object());
	json_object_array_add(arr, ag);
	json_object_object_add(acts, "actionGroups", arr);
	json_object_object_add(pr, "actions", acts);
	json_object_object_add(pr, "enabled", json_object_new_boolean(1));
	json_object_object_add(pr, "description", json_object_new_string(
	    "Every Service Health event of the subscription (all event "
	    "types, services and regions); created by azwatch"));
	json_object_object_add(root, "properties", pr);
	free(scope);
	return body_text(root);
}

static bool
email_ok(const char *s)
{
	const char *at;
	size_t i;

	if (s == NULL || strlen(s) > 254 || (at = strchr(s, '@')) == NULL ||
	    at == s || at[1] == '\0' || strchr(at + 1, '@') != NULL ||
	    strchr(at + 1, '.') == NULL)
		return false;
	for (i = 0; s[i] != '\0'; i++) {
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f || s[i] == '"' ||
		    s[i] == '<' || s[i] == '>')
			return false;
	}
	return true;
}

static bool
sub_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (!isxdigit((unsigned char)s[i]) && s[i] != '-')
			return false;
	}
	return i >= 8 && i <= 64;
}

/* The first subscription the identity can list; caller frees. */
/* One request through the ARM client: 0 with an answer (any status but
 * 429), -1 with a sentence. */
static int
setup_do(struct arm *arm, struct http *h, const char *method,
    const char *url, const char *body, struct http_resp *resp, char *err,
    size_t errlen)
{
	struct arm_req req = { 0 };
	struct arm_error e;

	req.method = method;
	req.url = url;
	req.body = body;
	if (arm_do(arm, h, NULL, &req, resp, &e) == 0)
		return 0;
	snprintf(err, errlen, "%s", e.msg);
	return -1;
}

static char *
first_subscription(struct arm *arm, struct http *h, char *err,
    size_t errlen)
{
	struct http_resp resp;
	struct strv ids = { 0 };
	char *url, *next = NULL, *sub = NULL;

	url = xasprintf("%s/subscriptions?api-version=2022-12-01",
	    arm_endpoint(arm));
	http_resp_init(&resp);
	if (setup_do(arm, h, "GET", url, NULL, &resp, err, errlen) == 0) {
		if (resp.status != 200)
			arm_error_text(resp.body.data, resp.body.len,
			    resp.status, err, errlen);
		else if (arm_parse_subscriptions(resp.body.data, resp.body.len,
		    &ids, &next, err, errlen) == 0) {
			if (ids.n > 0)
				sub = xstrdup(ids.v[0]);
			else
				snprintf(err, errlen, "the identity can list no "
				    "subscription");
		}
	}
	free(next);
	free(url);
	strv_free(&ids);
	http_resp_free(&resp);
	return sub;
}

static const char *
rg_location(const struct cfg *cfg)
{
	if (cfg->cloud != NULL && strcasecmp(cfg->cloud,
	    "AzureUSGovernment") == 0)
		return "usgovvirginia";
	if (cfg->cloud != NULL && strcasecmp(cfg->cloud,
	    "AzureChinaCloud") == 0)
		return "chinaeast2";
	return "eastus";
}

/* Make sure the resource group exists: created only when ARM says
 * ResourceGroupNotFound. */
static int
ensure_group(const struct cfg *cfg, struct arm *arm, struct http *h,
    const char *sub, char *err, size_t errlen)
{
	struct http_resp resp;
	char *url, *body;
	int rc = 0;

	url = xasprintf("%s/subscriptions/%s/resourcegroups/" ALERTS_SETUP_RG
	    "?api-version=" ALERTS_RG_API_VERSION, arm_endpoint(arm), sub);
	http_resp_init(&resp);
	if (setup_do(arm, h, "GET", url, NULL, &resp, err, errlen) == -1) {
		rc = -1;
		goto out;
	}
	if (resp.status != 404 || resp.body.len == 0 ||
	    strstr(buf_str(&resp.body), "ResourceGroupNotFound") == NULL)
		goto out;
	body = xasprintf("{\"location\": \"%s\", \"tags\": {\"createdBy\": "
	    "\"azwatch\"}}", rg_location(cfg));
	if (setup_do(arm, h, "PUT", url, body, &resp, err, errlen) == -1)
		rc = -1;
	else if (resp.status != 200 && resp.status != 201) {
		arm_error_text(resp.body.data, resp.body.len, resp.status, err,
		    errlen);
		rc = -1;
	} else
		printf("created resource group %s\n", ALERTS_SETUP_RG);
	free(body);
out:
	free(url);
	http_resp_free(&resp);
	return rc;
}

static int
put_resource(struct arm *arm, struct http *h, const char *id,
    const char *api, const char *body, char *err, size_t errlen)
{
	struct http_resp resp;
	char *url = xasprintf("%s%s?api-version=%s", arm_endpoint(arm), id,
	    api);
	int rc = 0;

	http_resp_init(&resp);
	if (setup_do(arm, h, "PUT", url, body, &resp, err, errlen) == -1)
		rc = -1;
	else if (resp.status != 200 && resp.status != 201) {
		arm_error_text(resp.body.data, resp.body.len, resp.status, err,
		    errlen);
		rc = -1;
	}
	free(url);
	http_resp_free(&resp);
	return rc;
}

/* One line on stderr: what failed, in our words, then why: remote text
 * (ARM's error, a subscription id it listed), sanitized so that it can
 * neither set the window title nor clear the screen. */
static void
setup_say(const char *what, const char *why, const char *after)
{
	char *w = sanitize_str(why);

	fprintf(stderr, "azwatch: %s%s%s\n", what, w, after);
	free(w);
}

int
alerts_setup_command(struct cfg *cfg, const char *email, const char *sub_arg,
    bool dry_run)
{
	struct http *h = http_new_cfg(cfg);
	struct arm *arm = arm_new(cfg);
	char err[1024], *sub = NULL, *gid = NULL, *rid = NULL;
	char *gbody = NULL, *rbody = NULL;
	int rc = 1;

	if (!email_ok(email)) {
		fprintf(stderr, "azwatch: alerts setup needs --email ADDRESS "
		    "(a valid email address)\n");
		rc = 2;
		goto out;
	}
	if (sub_arg != NULL)
		sub = xstrdup(sub_arg);
	else if (cfg->subscriptions.n > 0)
		sub = xstrdup(cfg->subscriptions.v[0]);
	else if ((sub = first_subscription(arm, h, err,
	    sizeof err)) == NULL) {
		setup_say("alerts setup needs a subscription: give "
		    "--subscription ID (", err, ")");
		goto out;
	}
	if (!sub_ok(sub)) {
		setup_say("--subscription: '", sub, "' is not a subscription "
		    "id");
		rc = 2;
		goto out;
	}
	gid = xasprintf("/subscriptions/%s/resourceGroups/" ALERTS_SETUP_RG
	    "/providers/microsoft.insights/actionGroups/" ALERTS_SETUP_NAME,
	    sub);
	rid = xasprintf("/subscriptions/%s/resourceGroups/" ALERTS_SETUP_RG
	    "/providers/microsoft.insights/activityLogAlerts/"
	    ALERTS_SETUP_NAME, sub);
	gbody = alerts_group_body(email);
	rbody = alerts_rule_body(sub, gid);
	printf("azwatch will create, in subscription %s:\n\n", sub);
	printf("1. an action group that emails %s:\nPUT %s%s?api-version="
	    ALERTS_AG_API_VERSION "\n%s\n\n", email, cfg->arm_endpoint, gid,
	    gbody);
	printf("2. a Service Health alert rule for every event type, "
	    "service and region:\nPUT %s%s?api-version=" ALERTS_API_VERSION
	    "\n%s\n\n", cfg->arm_endpoint, rid, rbody);
	if (dry_run || cfg->dry_run || cfg->read_only) {
		printf("nothing created (%s)\n", dry_run || cfg->dry_run ?
		    "dry run" : "read-only mode");
		rc = 0;
		goto out;
	}
	fflush(stdout);
	if (ensure_group(cfg, arm, h, sub, err, sizeof err) == -1) {
		setup_say("resource group " ALERTS_SETUP_RG ": ", err, "");
		goto out;
	}
	if (put_resource(arm, h, gid, ALERTS_AG_API_VERSION, gbody, err,
	    sizeof err) == -1) {
		setup_say("creating the action group: ", err, "");
		goto out;
	}
	printf("created %s\n", gid);
	if (put_resource(arm, h, rid, ALERTS_API_VERSION, rbody, err,
	    sizeof err) == -1) {
		setup_say("creating the alert rule: ", err, "");
		goto out;
	}
	printf("created %s\n", rid);
	rc = 0;
out:
	free(sub);
	free(gid);
	free(rid);
	free(gbody);
	free(rbody);
	arm_free(arm);
	http_free(h);
	return rc;
}
