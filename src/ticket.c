/* ticket.c: Microsoft.Support tickets: parsing the list, linking tickets
 * to incidents by tracking id, and building, showing and (only when
 * confirmed and allowed) sending a new ticket from the wizard's draft. */
#include "config.h"
#include "ticket.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "apiword.h"
#include "buf.h"
#include "arm.h"
#include "draft.h"
#include "parse-arm.h"
#include "timeutil.h"
#include "jdoc.h"
#include "xmalloc.h"

#define TICKET_MAX_DEPTH	32
#define TICKET_MAX_BYTES	(4u * 1024 * 1024)
#define TICKET_MAX_PAGES	10
#define TICKET_MAX_TYPES	200	/* resource types kept per service */

/* tracking ids ---------------------------------------------------------- */

static bool
id_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Known ids may sit inside names like "azw-7k2q-xl8-eastus". */
static bool
word_edge(const char *text, const char *p, size_t n)
{
	bool left = p == text || !isalnum((unsigned char)p[-1]);
	bool right = !isalnum((unsigned char)p[n]);

	return left && right;
}

static bool
digit_in(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (isdigit((unsigned char)p[i]))
			return true;
	}
	return false;
}

int
ticket_find_tracking_id(const char *text, const struct inc_list *known,
    char *out, size_t outlen)
{
	const char *p, *q, *id;
	size_t i, a, b;
	bool digit, alpha, tail_alpha;

	if (text == NULL)
		return -1;
	for (i = 0; known != NULL && i < known->n; i++) {
		id = known->v[i]->tracking_id;
		if (id == NULL || strlen(id) < 5)
			continue;
		for (p = text; (p = strcasestr(p, id)) != NULL; p++) {
			if (word_edge(text, p, strlen(id))) {
				snprintf(out, outlen, "%s", id);
				return 0;
			}
		}
	}
	for (p = text; *p != '\0'; p++) {
		if (!id_char((unsigned char)*p) || (p != text &&
		    (isalnum((unsigned char)p[-1]) || p[-1] == '_' ||
		    p[-1] == '-')))
			continue;
		digit = false;
		alpha = false;
		for (q = p, a = 0; id_char((unsigned char)*q); q++, a++) {
			digit |= isdigit((unsigned char)*q) != 0;
			alpha |= isdigit((unsigned char)*q) == 0;
		}
		if (a < 3 || a > 6 || *q != '-')
			continue;
		/* "SHA-256", "ISO-639": letters then digits is not an id */
		tail_alpha = false;
		for (q++, b = 0; id_char((unsigned char)*q); q++, b++) {
			digit |= isdigit((unsigned char)*q) != 0;
			tail_alpha |= isdigit((unsigned char)*q) == 0;
		}
		if (b != 3 || !digit || isalnum((unsigned char)*q) ||
		    *q == '-' || !(alpha || tail_alpha) ||
		    (!tail_alpha && alpha && !digit_in(p, a)))
			continue;
		snprintf(out, outlen, "%.*s", (int)(q - p), p);
		return 0;
	}
	return -1;
}

/* listing ---------------------------------------------------------------- */

static time_t
jtime(struct json_object *o, const char *key)
{
	const char *s = jdoc_str(o, key);
	time_t t;

	if (s == NULL || time_parse_rfc3339(s, &t) == -1)
		return 0;
	return t;
}

void
ticket_set_free(struct ticket_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		struct ticket *t = &set->v[i];

		free(t->name);
		free(t->number);
		free(t->title);
		free(t->severity);
		free(t->status);
		free(t->service);
		free(t->subscription);
		free(t->tracking_id);
		free(t->text);
	}
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

void
ticket_set_copy(struct ticket_set *dst, const struct ticket_set *src)
{
	size_t i;

	dst->v = src->n > 0 ? xcalloc(src->n, sizeof *dst->v) : NULL;
	dst->n = src->n;
	for (i = 0; i < src->n; i++) {
		const struct ticket *s = &src->v[i];
		struct ticket *t = &dst->v[i];

		*t = *s;
		t->name = xstrdup(s->name);
		t->number = xstrdup(s->number);
		t->title = xstrdup(s->title);
		t->severity = xstrdup(s->severity);
		t->status = xstrdup(s->status);
		t->service = xstrdup(s->service);
		t->subscription = xstrdup(s->subscription);
		t->tracking_id = xstrdup(s->tracking_id);
		t->text = xstrdup(s->text);
	}
}

void
ticket_link(struct ticket *t, const struct inc_list *known)
{
	char id[64];

	free(t->tracking_id);
	t->tracking_id = NULL;
	if (ticket_find_tracking_id(t->text, known, id, sizeof id) == 0)
		t->tracking_id = xstrdup(id);
}

bool
ticket_is_open(const struct ticket *t)
{
	return t->status == NULL || strcasecmp(t->status, "closed") != 0;
}

int
ticket_parse_list(const char *data, size_t len, const char *subscription,
    const struct inc_list *known, struct ticket_set *out, char **next_link,
    char *err, size_t errlen)
{
	struct json_object *root, *arr, *e, *pr;
	struct ticket *t;
	const char *nl;
	struct buf hay;
	size_t i, n;

	if (next_link != NULL)
		*next_link = NULL;
	if ((root = jdoc_parse(data, len, TICKET_MAX_DEPTH, err, errlen)) == NULL)
		return -1;
	arr = jdoc_get(root, "value");
	if (arr == NULL || !json_object_is_type(arr, json_type_array)) {
		snprintf(err, errlen, "the ticket list has no \"value\" list");
		json_object_put(root);
		return -1;
	}
	n = json_object_array_length(arr);
	for (i = 0; i < n && out->n < 1000; i++) {
		e = json_object_array_get_idx(arr, i);
		if ((pr = jdoc_get(e, "properties")) == NULL)
			continue;
		out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
		t = &out->v[out->n++];
		memset(t, 0, sizeof *t);
		t->name = xstrdup(jdoc_str(e, "name"));
		t->number = xstrdup(jdoc_str(pr, "supportTicketId"));
		t->title = xstrdup(jdoc_str(pr, "title"));
		t->severity = xstrdup(jdoc_str(pr, "severity"));
		t->status = xstrdup(jdoc_str(pr, "status"));
		t->service = xstrdup(jdoc_str(pr, "serviceDisplayName"));
		t->subscription = xstrdup(subscription);
		t->created = jtime(pr, "createdDate");
		t->modified = jtime(pr, "modifiedDate");
		buf_init(&hay);
		buf_puts(&hay, t->title != NULL ? t->title : "");
		buf_putc(&hay, '\n');
		buf_puts(&hay, t->name != NULL ? t->name : "");
		buf_putc(&hay, '\n');
		if (jdoc_str(pr, "description") != NULL)
			buf_puts(&hay, jdoc_str(pr, "description"));
		t->text = buf_steal(&hay);
		ticket_link(t, known);
	}
	if (next_link != NULL && (nl = jdoc_str(root, "nextLink")) != NULL &&
	    *nl != '\0')
		*next_link = xstrdup(nl);
	json_object_put(root);
	return 0;
}

char *
ticket_brief(const struct ticket *t)
{
	struct buf b;
	char when[40];

	buf_init(&b);
	buf_printf(&b, "#%s  %s  %s  ", t->number != NULL ? t->number :
	    (t->name != NULL ? t->name : "?"),
	    t->status != NULL ? t->status : "?",
	    t->severity != NULL ? apiword_severity(t->severity) : "?");
	buf_puts(&b, t->title != NULL ? t->title : "(no title)");
	if (t->modified != 0) {
		time_format_utc(t->modified, 0, when, sizeof when);
		buf_printf(&b, "  (updated %s)", when);
	}
	return buf_steal(&b);
}

char *
ticket_line(const struct ticket *t)
{
	char *brief = ticket_brief(t), *line;

	if (t->tracking_id == NULL)
		return brief;
	line = xasprintf("%s  about %s", brief, t->tracking_id);
	free(brief);
	return line;
}

/* services and problem classifications ---------------------------------- */

void
ticket_choices_free(struct ticket_choices *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].id);
		free(c->v[i].name);
		strv_free(&c->v[i].types);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

int
ticket_parse_choices(const char *data, size_t len, struct ticket_choices *out,
    char **next_link, char *err, size_t errlen)
{
	struct json_object *root, *arr, *e;
	struct ticket_choice *c;
	const char *id, *name, *nl;
	size_t i, n;

	if (next_link != NULL)
		*next_link = NULL;
	if ((root = jdoc_parse(data, len, TICKET_MAX_DEPTH, err, errlen)) == NULL)
		return -1;
	arr = jdoc_get(root, "value");
	if (arr == NULL || !json_object_is_type(arr, json_type_array)) {
		snprintf(err, errlen, "the Support API list has no \"value\" "
		    "list");
		json_object_put(root);
		return -1;
	}
	n = json_object_array_length(arr);
	for (i = 0; i < n && out->n < 5000; i++) {
		e = json_object_array_get_idx(arr, i);
		if ((id = jdoc_str(e, "id")) == NULL || *id != '/')
			continue;
		if ((name = jdoc_str(jdoc_get(e, "properties"), "displayName")) == NULL &&
		    (name = jdoc_str(e, "name")) == NULL)
			name = id;
		out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
		c = &out->v[out->n++];
		memset(c, 0, sizeof *c);
		c->id = xstrdup(id);
		c->name = xstrdup(name);
		jdoc_strings(jdoc_array(jdoc_get(e, "properties"),
		    "resourceTypes"), TICKET_MAX_TYPES, &c->types);
	}
	if (next_link != NULL && (nl = jdoc_str(root, "nextLink")) != NULL &&
	    *nl != '\0')
		*next_link = xstrdup(nl);
	json_object_put(root);
	return 0;
}

/* building -------------------------------------------------------------- */

bool
ticket_severity_valid(const char *s)
{
	return s != NULL && (strcmp(s, "minimal") == 0 ||
	    strcmp(s, "moderate") == 0 || strcmp(s, "critical") == 0 ||
	    strcmp(s, "highestcriticalimpact") == 0);
}

static bool
blank(const char *s)
{
	return s == NULL || *s == '\0';
}

/* The draft's first "# " heading without its "Support ticket draft:"
 * label, one line, at most max bytes (whole UTF-8 sequences). */
static char *
draft_title(const char *md, size_t max)
{
	const char *p = md, *e;
	static const char label[] = "Support ticket draft: ";
	size_t n;

	while (p != NULL && *p != '\0') {
		if (p[0] == '#' && p[1] == ' ')
			break;
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	if (p == NULL || *p == '\0')
		return xstrdup("Problem report");
	p += 2;
	if (strncmp(p, label, sizeof label - 1) == 0)
		p += sizeof label - 1;
	e = p + strcspn(p, "\r\n");
	n = (size_t)(e - p);
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)p[n] & 0xc0) == 0x80)
			n--;
	}
	return xstrndup(p, n);
}

/* The markdown cut to at most max bytes on a UTF-8 boundary. */
static char *
clip_utf8(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return xstrdup(s);
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return xstrndup(s, n);
}

static char *
ticket_name_for(const char *tracking_id, time_t now)
{
	struct tm tm;
	char stamp[32];
	struct buf b;
	const char *p;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
	buf_init(&b);
	buf_puts(&b, "azwatch-");
	for (p = tracking_id != NULL ? tracking_id : ""; *p != '\0'; p++) {
		if (isalnum((unsigned char)*p) || *p == '-')
			buf_putc(&b, (char)tolower((unsigned char)*p));
	}
	if (tracking_id != NULL)
		buf_putc(&b, '-');
	buf_puts(&b, stamp);
	return buf_steal(&b);
}

int
ticket_request(const struct cfg *cfg, const struct ticket_draft *d,
    char **json, char **name, char *err, size_t errlen)
{
	struct json_object *root, *pr, *cd, *tt;
	char found[64], when[40], *title, *desc, *full;
	const char *tid = d->tracking_id;

	*json = *name = NULL;
	if (blank(cfg->contact_first_name) || blank(cfg->contact_last_name) ||
	    blank(cfg->contact_email)) {
		snprintf(err, errlen, "a ticket needs contact details: set "
		    "first_name, last_name and email in [support] of %s",
		    cfg->path != NULL ? cfg->path : "the config file");
		return -1;
	}
	if (blank(d->subscription)) {
		snprintf(err, errlen, "a ticket needs a subscription");
		return -1;
	}
	if (blank(d->service_id) || blank(d->classification_id)) {
		snprintf(err, errlen, "pick a service and a problem "
		    "classification from the Support API first");
		return -1;
	}
	if (!ticket_severity_valid(d->severity)) {
		snprintf(err, errlen, "severity must be minimal, moderate, "
		    "critical or highestcriticalimpact");
		return -1;
	}
	if (blank(d->markdown)) {
		snprintf(err, errlen, "the draft is empty");
		return -1;
	}
	/* A tracking id only from what the draft says the ticket is about,
	 * never from its "not this one" context. */
	if (blank(tid)) {
		const char *ctx = strstr(d->markdown, "\n" DRAFT_NOT_THIS_ONE);
		char *about = ctx != NULL ? xstrndup(d->markdown,
		    (size_t)(ctx - d->markdown)) : xstrdup(d->markdown);

		if (ticket_find_tracking_id(about, NULL, found,
		    sizeof found) == 0)
			tid = found;
		free(about);
	}

	if (!blank(d->title))
		title = clip_utf8(d->title, 150);
	else
		title = draft_title(d->markdown, 150);
	if (!blank(tid) && strstr(title, tid) == NULL) {
		char *t = xasprintf("[%s] %s", tid, title);

		free(title);
		title = t;
	}
	/* the tracking id leads the description so clipping keeps it */
	if (!blank(tid))
		full = xasprintf("Tracking ID: %s\n\n%s", tid, d->markdown);
	else
		full = xstrdup(d->markdown);
	desc = clip_utf8(full, TICKET_MAX_DESCRIPTION);
	free(full);

	root = json_object_new_object();
	pr = json_object_new_object();
	json_object_object_add(pr, "serviceId",
	    json_object_new_string(d->service_id));
	json_object_object_add(pr, "title", json_object_new_string(title));
	json_object_object_add(pr, "description", json_object_new_string(desc));
	json_object_object_add(pr, "problemClassificationId",
	    json_object_new_string(d->classification_id));
	json_object_object_add(pr, "severity",
	    json_object_new_string(d->severity));
	json_object_object_add(pr, "advancedDiagnosticConsent",
	    json_object_new_string(d->consent ? "Yes" : "No"));
	if (d->problem_start != 0) {
		time_format_rfc3339(d->problem_start, when, sizeof when);
		json_object_object_add(pr, "problemStartTime",
		    json_object_new_string(when));
	}
	cd = json_object_new_object();
	json_object_object_add(cd, "firstName",
	    json_object_new_string(cfg->contact_first_name));
	json_object_object_add(cd, "lastName",
	    json_object_new_string(cfg->contact_last_name));
	json_object_object_add(cd, "preferredContactMethod",
	    json_object_new_string("email"));
	json_object_object_add(cd, "primaryEmailAddress",
	    json_object_new_string(cfg->contact_email));
	json_object_object_add(cd, "preferredTimeZone", json_object_new_string(
	    blank(cfg->contact_timezone) ? "UTC" : cfg->contact_timezone));
	json_object_object_add(cd, "country", json_object_new_string(
	    blank(cfg->contact_country) ? "usa" : cfg->contact_country));
	json_object_object_add(cd, "preferredSupportLanguage",
	    json_object_new_string(blank(cfg->contact_language) ? "en-us" :
	    cfg->contact_language));
	json_object_object_add(pr, "contactDetails", cd);
	if (!blank(d->resource_id)) {
		tt = json_object_new_object();
		json_object_object_add(tt, "resourceId",
		    json_object_new_string(d->resource_id));
		json_object_object_add(pr, "technicalTicketDetails", tt);
	}
	json_object_object_add(root, "properties", pr);
	*json = xstrdup(json_object_to_json_string_ext(root,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	*name = ticket_name_for(tid, d->now != 0 ? d->now : time(NULL));
	free(title);
	free(desc);
	return 0;
}

static char *
ticket_url(const struct cfg *cfg, const char *sub, const char *name)
{
	char *es = http_escape(sub), *en = http_escape(name), *url;

	url = xasprintf("%s/subscriptions/%s/providers/Microsoft.Support/"
	    "supportTickets/%s?api-version=" TICKET_API_VERSION,
	    cfg->arm_endpoint, es, en);
	free(es);
	free(en);
	return url;
}

/* The request's fields as a person reads them, read back from the JSON
 * that will be sent, so the two cannot disagree. */
static const char *
request_str(json_object *o, const char *key, const char *dflt)
{
	json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return dflt;
	return json_object_get_string(v);
}

static char *
request_fields(const char *json, const struct ticket_draft *d)
{
	json_object *root = json_tokener_parse(json), *pr = NULL, *cd = NULL,
	    *tt = NULL;
	const char *v;
	struct buf b;
	char when[64];
	time_t t;

	buf_init(&b);
	if (root != NULL)
		json_object_object_get_ex(root, "properties", &pr);
	if (pr != NULL) {
		json_object_object_get_ex(pr, "contactDetails", &cd);
		json_object_object_get_ex(pr, "technicalTicketDetails", &tt);
	}
	buf_printf(&b, "Title: %s\n", request_str(pr, "title", "-"));
	v = request_str(pr, "severity", NULL);
	buf_printf(&b, "Severity: %s\n", v != NULL ? apiword_severity(v) :
	    "-");
	v = request_str(pr, "problemStartTime", NULL);
	if (v != NULL && time_parse_rfc3339(v, &t) == 0) {
		time_format_utc(t, 0, when, sizeof when);
		buf_printf(&b, "Problem started: %s\n", when);
	} else
		buf_puts(&b, "Problem started: not given\n");
	buf_printf(&b, "Subscription: %s\n", d->subscription);
	if ((v = request_str(tt, "resourceId", NULL)) != NULL)
		buf_printf(&b, "Resource: %s\n", v);
	buf_printf(&b, "Contact: %s %s, %s, by email (%s, %s)\n",
	    request_str(cd, "firstName", ""), request_str(cd, "lastName", ""),
	    request_str(cd, "primaryEmailAddress", ""),
	    request_str(cd, "preferredTimeZone", ""),
	    request_str(cd, "preferredSupportLanguage", ""));
	v = request_str(pr, "advancedDiagnosticConsent", "No");
	buf_printf(&b, "Diagnostic data: %s\n", strcmp(v, "Yes") == 0 ?
	    "Microsoft may collect it" : "not shared");
	buf_puts(&b, "Description: the draft, in the request below\n");
	json_object_put(root);
	return buf_steal(&b);
}

char *
ticket_request_text(const struct cfg *cfg, const struct ticket_draft *d,
    char *err, size_t errlen)
{
	char *json, *name, *url, *text, *fields;

	if (ticket_request(cfg, d, &json, &name, err, errlen) == -1)
		return NULL;
	url = ticket_url(cfg, d->subscription, name);
	fields = request_fields(json, d);
	text = xasprintf("%s\nAs it will be sent:\n\nPUT %s\n\n%s\n", fields,
	    url, json);
	free(fields);
	free(url);
	free(json);
	free(name);
	return text;
}

/* sending --------------------------------------------------------------- */

static int
choices_page(const char *data, size_t len, void *arg, char **next,
    char *err, size_t errlen)
{
	return ticket_parse_choices(data, len, arg, next, err, errlen);
}

static int
choices_get(struct arm *arm, struct http *h, const atomic_int *abort,
    const char *path, struct ticket_choices *out, char *err, size_t errlen)
{
	struct arm_list l;
	char *url;

	url = xasprintf("%s%s?api-version=" TICKET_API_VERSION,
	    arm_endpoint(arm), path);
	memset(&l, 0, sizeof l);
	l.url = url;
	l.what = "Support";
	l.fn = choices_page;
	l.arg = out;
	l.max_pages = TICKET_MAX_PAGES;
	arm_list(arm, h, abort, &l);
	free(url);
	if (l.err.kind == ARM_ERR_NONE)
		return 0;
	snprintf(err, errlen, "%s", l.err.msg);
	return -1;
}

int
ticket_services(struct arm *arm, struct http *h, const atomic_int *abort,
    struct ticket_choices *out, char *err, size_t errlen)
{
	return choices_get(arm, h, abort,
	    "/providers/Microsoft.Support/services", out, err, errlen);
}

int
ticket_classifications(struct arm *arm, struct http *h,
    const atomic_int *abort, const char *service_id,
    struct ticket_choices *out, char *err, size_t errlen)
{
	char *path;
	int rc;

	if (service_id == NULL || strncmp(service_id,
	    "/providers/Microsoft.Support/services/", 38) != 0 ||
	    strpbrk(service_id, "?#") != NULL) {
		snprintf(err, errlen, "not a Support service id");
		return -1;
	}
	path = xasprintf("%s/problemClassifications", service_id);
	rc = choices_get(arm, h, abort, path, out, err, errlen);
	free(path);
	return rc;
}

/* "the draft is kept at PATH; raise it by hand at PORTAL" */
static void
by_hand(const struct ticket_draft *d, char *buf, size_t len)
{
	if (d->draft_path != NULL)
		snprintf(buf, len, "the draft is kept at %s; raise it by hand "
		    "at " TICKET_PORTAL_URL, d->draft_path);
	else
		snprintf(buf, len, "raise it by hand at " TICKET_PORTAL_URL);
}

static bool
no_plan_answer(long status, const char *why)
{
	if (status == 403)
		return true;
	/* the Support API names a missing plan in the error code/message */
	return (status == 400 || status == 404) && why != NULL &&
	    (strcasestr(why, "plan") != NULL ||
	    strcasestr(why, "authoriz") != NULL);
}

enum ticket_outcome
ticket_send(const struct cfg *cfg, struct arm *arm, struct http *h,
    const atomic_int *abort, const struct ticket_draft *d, bool confirmed,
    char **shown, char *msg, size_t msglen)
{
	struct http_resp resp;
	struct json_object *root = NULL;
	struct arm_req req = { 0 };
	struct arm_error e;
	char err[800], hand[600], sub[8], *json, *name, *url;
	const char *num;
	enum ticket_outcome out;
	bool af;

	if (shown != NULL)
		*shown = NULL;
	if (ticket_request(cfg, d, &json, &name, err, sizeof err) == -1) {
		by_hand(d, hand, sizeof hand);
		snprintf(msg, msglen, "%s; %s", err, hand);
		return TICKET_FAILED;
	}
	url = ticket_url(cfg, d->subscription, name);
	if (shown != NULL)
		*shown = xasprintf("PUT %s\n\n%s\n", url, json);
	by_hand(d, hand, sizeof hand);
	if (cfg->dry_run || cfg->read_only || !confirmed) {
		snprintf(msg, msglen, "not sent (%s); %s", cfg->dry_run ?
		    "dry run" : (cfg->read_only ? "read-only mode" :
		    "not confirmed"), hand);
		out = TICKET_NOT_SENT;
		goto done;
	}
	http_resp_init(&resp);
	req.method = "PUT";
	req.url = url;
	req.body = json;
	req.max_bytes = TICKET_MAX_BYTES;
	if (arm_do(arm, h, abort, &req, &resp, &e) == -1) {
		af = e.kind == ARM_ERR_UNCONFIGURED || e.kind == ARM_ERR_SIGNIN ||
		    e.kind == ARM_ERR_SIGNIN_DOWN;
		snprintf(err, sizeof err, "%s", e.msg);
		snprintf(msg, msglen, "%s%s; %s", af ? "cannot sign in to "
		    "Azure: " : "", err, hand);
		out = TICKET_FAILED;
	} else if (resp.status == 200 || resp.status == 201) {
		root = jdoc_parse(resp.body.data, resp.body.len,
		    TICKET_MAX_DEPTH, sub, sizeof sub);
		num = jdoc_str(jdoc_get(root, "properties"), "supportTicketId");
		snprintf(msg, msglen, "support ticket %s created (%s)",
		    num != NULL ? num : name, name);
		out = TICKET_CREATED;
	} else if (resp.status == 202) {
		snprintf(msg, msglen, "support ticket %s accepted; Azure is "
		    "still creating it (see the portal's support requests)",
		    name);
		out = TICKET_ACCEPTED;
	} else {
		arm_error_text(resp.body.data, resp.body.len, resp.status, err,
		    sizeof err);
		if (no_plan_answer(resp.status, err)) {
			snprintf(msg, msglen, "this subscription has no support "
			    "plan, or you may not raise tickets in it (%s); %s",
			    err, hand);
			out = TICKET_NO_PLAN;
		} else {
			snprintf(msg, msglen, "the ticket was not created "
			    "(%s); %s", err, hand);
			out = TICKET_FAILED;
		}
	}
	json_object_put(root);
	http_resp_free(&resp);
done:
	free(url);
	free(json);
	free(name);
	return out;
}
