/* sink-fmt.c: payloads for the four kinds of sink (see sink-fmt.h). JSON
 * is built with json-c, never by pasting strings; the incident object
 * itself comes only from incjson. */
#include "config.h"

#include "sink-fmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "incjson.h"
#include "jdoc.h"
#include "sanitize.h"
#include "timeutil.h"
#include "xmalloc.h"

/* Slack's section text is limited to 3000 characters, a header to 150,
 * PagerDuty's summary to 1024: clip well below. */
#define FMT_UPDATE_COLS		2500
#define FMT_TITLE_COLS		140
#define FMT_SUMMARY_COLS	900

time_t
sink_fmt_newest(const struct incident *inc)
{
	if (inc->nupdates > 0 && inc->updates[0].time != 0)
		return inc->updates[0].time;
	return inc->last_update;
}

static bool
is_active(const struct incident *inc)
{
	return inc->status == INC_ACTIVE;
}

char *
sink_fmt_id(enum cfg_sink_type type, const struct incident *inc,
    bool *resolve)
{
	*resolve = false;
	if (type == SINK_PAGERDUTY) {
		*resolve = !is_active(inc);
		return xasprintf("%s|%s", inc->key, *resolve ? "resolve" :
		    "trigger");
	}
	return xasprintf("%s|%s|%lld", inc->key, is_active(inc) ? "active" :
	    "ended", (long long)sink_fmt_newest(inc));
}

/* Sanitized remote text (one line unless multi), clipped to cols. */
static char *
clean(const char *s, int cols, bool multi)
{
	char *c = multi ? sanitize(s != NULL ? s : "", s != NULL ? strlen(s) :
	    0, SANITIZE_MULTILINE) : sanitize_str(s);
	int used;
	size_t n = sanitize_clip(c, cols, &used);

	if (c[n] != '\0') {
		c[n] = '\0';
		c = xrealloc(c, n + 4);
		strcat(c, "\xe2\x80\xa6");	/* U+2026 */
	}
	return c;
}

static char *
clean_list(const struct strv *v)
{
	char *j = strv_join(v, ", "), *c;

	c = clean(j != NULL && *j != '\0' ? j : "-", 300, false);
	free(j);
	return c;
}

static char *
tracking(const struct incident *inc)
{
	return clean(inc->tracking_id != NULL ? inc->tracking_id : inc->key,
	    64, false);
}

static char *
latest_text(const struct incident *inc)
{
	const char *t = inc->nupdates > 0 ? inc->updates[0].text :
	    inc->summary;

	return clean(t != NULL ? t : "", FMT_UPDATE_COLS, true);
}

/* The first link that is an https URL (never a javascript: or other
 * scheme), sanitized; NULL when there is none. */
static char *
link_of(const struct incident *inc)
{
	size_t i;

	for (i = 0; i < inc->links.n; i++) {
		if (strncmp(inc->links.v[i], "https://", 8) == 0 &&
		    strpbrk(inc->links.v[i], " <>|\"") == NULL)
			return sanitize_str(inc->links.v[i]);
	}
	return NULL;
}

/* Slack treats &, < and > as markup (<!channel> would ping everyone). */
static void
slack_escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '&')
			buf_puts(b, "&amp;");
		else if (*s == '<')
			buf_puts(b, "&lt;");
		else if (*s == '>')
			buf_puts(b, "&gt;");
		else
			buf_putc(b, *s);
	}
}

static json_object *
slack_text(const char *type, const char *text)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "type", json_object_new_string(type));
	json_object_object_add(o, "text", json_object_new_string(text));
	return o;
}

static json_object *
slack_field(const char *name, const char *value)
{
	struct buf b;
	json_object *o;

	buf_init(&b);
	buf_printf(&b, "*%s*\n", name);
	slack_escape(&b, value);
	o = slack_text("mrkdwn", buf_str(&b));
	buf_free(&b);
	return o;
}

static json_object *
slack_block(const char *type)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "type", json_object_new_string(type));
	return o;
}

static char *
fmt_slack(const struct incident *inc)
{
	json_object *root = json_object_new_object(), *blocks, *blk, *a;
	char *tid = tracking(inc), *title = clean(inc->title, FMT_TITLE_COLS,
	    false), *svc = clean_list(&inc->services),
	    *reg = clean_list(&inc->regions), *upd = latest_text(inc),
	    *link = link_of(inc), *out;
	const char *status = inc_status_name(inc->status);
	char when[40];
	struct buf b;

	/* the notification text is mrkdwn too */
	buf_init(&b);
	buf_printf(&b, "Azure incident %s %s: ", tid, status);
	slack_escape(&b, title);
	json_object_object_add(root, "text",
	    json_object_new_string(buf_str(&b)));
	blocks = json_object_new_array();
	blk = slack_block("header");
	json_object_object_add(blk, "text", slack_text("plain_text", title));
	json_object_array_add(blocks, blk);
	blk = slack_block("section");
	a = json_object_new_array();
	json_object_array_add(a, slack_field("Tracking ID", tid));
	json_object_array_add(a, slack_field("Status", status));
	json_object_array_add(a, slack_field("Services", svc));
	json_object_array_add(a, slack_field("Regions", reg));
	json_object_object_add(blk, "fields", a);
	json_object_array_add(blocks, blk);
	if (*upd != '\0') {
		buf_reset(&b);
		slack_escape(&b, upd);
		blk = slack_block("section");
		json_object_object_add(blk, "text", slack_text("mrkdwn",
		    buf_str(&b)));
		json_object_array_add(blocks, blk);
	}
	buf_reset(&b);
	time_format_rfc3339(sink_fmt_newest(inc), when, sizeof when);
	buf_printf(&b, "Updated %s", when);
	if (link != NULL) {
		buf_puts(&b, " \xc2\xb7 <");
		slack_escape(&b, link);
		buf_puts(&b, "|Details>");
	}
	blk = slack_block("context");
	a = json_object_new_array();
	json_object_array_add(a, slack_text("mrkdwn", buf_str(&b)));
	json_object_object_add(blk, "elements", a);
	json_object_array_add(blocks, blk);
	json_object_object_add(root, "blocks", blocks);
	out = xstrdup(json_object_to_json_string_ext(root,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(root);
	buf_free(&b);
	free(tid);
	free(title);
	free(svc);
	free(reg);
	free(upd);
	free(link);
	return out;
}

static json_object *
card_text(const char *text, bool bold)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "type", json_object_new_string("TextBlock"));
	json_object_object_add(o, "text", json_object_new_string(text));
	json_object_object_add(o, "wrap", json_object_new_boolean(1));
	if (bold) {
		json_object_object_add(o, "weight",
		    json_object_new_string("Bolder"));
		json_object_object_add(o, "size",
		    json_object_new_string("Medium"));
	}
	return o;
}

static void
card_fact(json_object *facts, const char *title, const char *value)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "title", json_object_new_string(title));
	json_object_object_add(o, "value", json_object_new_string(value));
	json_object_array_add(facts, o);
}

static char *
fmt_teams(const struct incident *inc)
{
	json_object *root = json_object_new_object(), *atts, *att, *card,
	    *body, *fs, *facts, *acts, *act;
	char *tid = tracking(inc), *title = clean(inc->title, FMT_TITLE_COLS,
	    false), *svc = clean_list(&inc->services),
	    *reg = clean_list(&inc->regions), *upd = latest_text(inc),
	    *link = link_of(inc), *out, when[40];

	json_object_object_add(root, "type", json_object_new_string("message"));
	atts = json_object_new_array();
	att = json_object_new_object();
	json_object_object_add(att, "contentType", json_object_new_string(
	    "application/vnd.microsoft.card.adaptive"));
	json_object_object_add(att, "contentUrl", NULL);
	card = json_object_new_object();
	json_object_object_add(card, "$schema", json_object_new_string(
	    "http://adaptivecards.io/schemas/adaptive-card.json"));
	json_object_object_add(card, "type",
	    json_object_new_string("AdaptiveCard"));
	json_object_object_add(card, "version", json_object_new_string("1.4"));
	body = json_object_new_array();
	json_object_array_add(body, card_text(title, true));
	fs = json_object_new_object();
	json_object_object_add(fs, "type", json_object_new_string("FactSet"));
	facts = json_object_new_array();
	card_fact(facts, "Tracking ID", tid);
	card_fact(facts, "Status", inc_status_name(inc->status));
	card_fact(facts, "Services", svc);
	card_fact(facts, "Regions", reg);
	time_format_rfc3339(sink_fmt_newest(inc), when, sizeof when);
	card_fact(facts, "Updated", when);
	json_object_object_add(fs, "facts", facts);
	json_object_array_add(body, fs);
	if (*upd != '\0')
		json_object_array_add(body, card_text(upd, false));
	json_object_object_add(card, "body", body);
	if (link != NULL) {
		acts = json_object_new_array();
		act = json_object_new_object();
		json_object_object_add(act, "type",
		    json_object_new_string("Action.OpenUrl"));
		json_object_object_add(act, "title",
		    json_object_new_string("Details"));
		json_object_object_add(act, "url", json_object_new_string(link));
		json_object_array_add(acts, act);
		json_object_object_add(card, "actions", acts);
	}
	json_object_object_add(att, "content", card);
	json_object_array_add(atts, att);
	json_object_object_add(root, "attachments", atts);
	out = xstrdup(json_object_to_json_string_ext(root,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(root);
	free(tid);
	free(title);
	free(svc);
	free(reg);
	free(upd);
	free(link);
	return out;
}

/* Events API v2 severities: critical, error, warning, info. */
static const char *
pd_severity(const struct incident *inc)
{
	const char *l = inc->level;

	if (l == NULL)
		return inc->type == INC_SERVICE_ISSUE ? "error" : "info";
	if (strncasecmp(l, "critical", 8) == 0)
		return "critical";
	if (strncasecmp(l, "error", 5) == 0)
		return "error";
	if (strncasecmp(l, "warning", 7) == 0)
		return "warning";
	return "info";
}

static char *
fmt_pagerduty(const struct incident *inc, bool resolve)
{
	json_object *root = json_object_new_object(), *p, *links, *l;
	char *tid = tracking(inc), *title, *svc, *reg, *link, *out, when[40];
	struct buf b;

	json_object_object_add(root, "event_action",
	    json_object_new_string(resolve ? "resolve" : "trigger"));
	json_object_object_add(root, "dedup_key", json_object_new_string(tid));
	if (!resolve) {
		title = clean(inc->title, FMT_SUMMARY_COLS, false);
		svc = clean_list(&inc->services);
		reg = clean_list(&inc->regions);
		buf_init(&b);
		buf_printf(&b, "Azure %s: %s", tid, title);
		p = json_object_new_object();
		json_object_object_add(p, "summary",
		    json_object_new_string(buf_str(&b)));
		json_object_object_add(p, "source",
		    json_object_new_string("Azure"));
		json_object_object_add(p, "severity",
		    json_object_new_string(pd_severity(inc)));
		time_format_rfc3339(inc->start != 0 ? inc->start :
		    sink_fmt_newest(inc), when, sizeof when);
		json_object_object_add(p, "timestamp",
		    json_object_new_string(when));
		json_object_object_add(p, "component",
		    json_object_new_string(svc));
		json_object_object_add(p, "group", json_object_new_string(reg));
		json_object_object_add(p, "class",
		    json_object_new_string(inc_type_name(inc->type)));
		/* the public incident object, newest update only */
		json_object_object_add(p, "custom_details",
		    incjson_new(inc, INCJSON_LATEST));
		json_object_object_add(root, "payload", p);
		json_object_object_add(root, "client",
		    json_object_new_string("azwatch"));
		if ((link = link_of(inc)) != NULL) {
			links = json_object_new_array();
			l = json_object_new_object();
			json_object_object_add(l, "href",
			    json_object_new_string(link));
			json_object_object_add(l, "text",
			    json_object_new_string("Details"));
			json_object_array_add(links, l);
			json_object_object_add(root, "links", links);
			free(link);
		}
		buf_free(&b);
		free(title);
		free(svc);
		free(reg);
	}
	out = xstrdup(json_object_to_json_string_ext(root,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(root);
	free(tid);
	return out;
}

/* The webhook: the one serializer's object, as `status --json` prints. */
static char *
fmt_webhook(const struct incident *inc, bool resolve)
{
	(void)resolve;
	return incjson_text(inc, 0);
}

static char *
fmt_slack_ev(const struct incident *inc, bool resolve)
{
	(void)resolve;
	return fmt_slack(inc);
}

static char *
fmt_teams_ev(const struct incident *inc, bool resolve)
{
	(void)resolve;
	return fmt_teams(inc);
}

/* One row per kind of sink, indexed by enum cfg_sink_type. */
static char *(*const fmt_table[])(const struct incident *, bool) = {
	[SINK_NONE] = fmt_webhook,
	[SINK_WEBHOOK] = fmt_webhook,
	[SINK_SLACK] = fmt_slack_ev,
	[SINK_TEAMS] = fmt_teams_ev,
	[SINK_PAGERDUTY] = fmt_pagerduty,
};

char *
sink_fmt_body(enum cfg_sink_type type, const struct incident *inc,
    bool resolve)
{
	if ((unsigned)type >= sizeof fmt_table / sizeof fmt_table[0])
		type = SINK_WEBHOOK;
	return fmt_table[type](inc, resolve);
}

char *
sink_fmt_with_key(const char *body, const char *key)
{
	char err[128], *out;
	json_object *o = jdoc_parse(body, strlen(body), 32, err, sizeof err);

	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return NULL;
	}
	json_object_object_add(o, "routing_key", json_object_new_string(key));
	out = xstrdup(json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return out;
}
