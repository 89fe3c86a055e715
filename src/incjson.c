/* incjson.c: an incident as JSON, and back. One writer for every place an
 * incident leaves the process as JSON, so that the object `status --json`
 * documents is the one notify_program, the sinks and the state files get;
 * one reader, bounded, for the files azwatch reads back. */
#include "config.h"
#include "incjson.h"

#include <string.h>

#include "buf.h"
#include "lag.h"
#include "timeutil.h"
#include "xmalloc.h"

/* writing --------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at p, 0 if it is not one. */
static size_t
incjson_utf8_len(const unsigned char *p)
{
	size_t n, i;
	unsigned c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	}
	if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) ||
	    (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
		return 0;	/* overlong, surrogate, beyond U+10FFFF */
	return n;
}

json_object *
incjson_str(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	json_object *o;
	struct buf b;
	size_t n;

	if (s == NULL)
		return NULL;
	buf_init(&b);
	while (*p != '\0') {
		if ((n = incjson_utf8_len(p)) == 0) {
			buf_puts(&b, "\xef\xbf\xbd");
			p++;
		} else {
			buf_append(&b, p, n);
			p += n;
		}
	}
	o = json_object_new_string(buf_str(&b));
	buf_free(&b);
	return o;
}

json_object *
incjson_time(time_t t)
{
	char tb[40];

	if (t == 0)
		return NULL;
	time_format_rfc3339(t, tb, sizeof tb);
	return json_object_new_string(tb);
}

/* Remote text: repaired for the public object (its readers expect valid
 * UTF-8), kept byte for byte in the state files (whose fingerprints are
 * of the bytes), clipped to what a reader takes back. */
static json_object *
incjson_text_of(const char *s, size_t max, int flags)
{
	if (s == NULL)
		return NULL;
	if ((flags & INCJSON_STATE) == 0)
		return incjson_str(s);
	return json_object_new_string_len(s, (int)strnlen(s, max));
}

static json_object *
incjson_strv(const struct strv *sv, int flags)
{
	json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < sv->n; i++)
		json_object_array_add(a, incjson_text_of(sv->v[i],
		    INCJSON_MAX_SHORT, flags));
	return a;
}

static void
incjson_put(json_object *o, const char *name, json_object *v)
{
	json_object_object_add(o, name, v);
}

/* State files leave out what is empty; the public object always has its
 * documented members. */
static void
incjson_put_opt(json_object *o, const char *name, const char *s, size_t max,
    int flags)
{
	if (s != NULL)
		incjson_put(o, name, incjson_text_of(s, max, flags));
}

void
incjson_update_add(json_object *o, const struct update *u, int flags)
{
	incjson_put(o, "time", incjson_time(u->time));
	incjson_put(o, "source", json_object_new_string(
	    chan_id_name(u->source)));
	incjson_put(o, "text", incjson_text_of(u->text != NULL ? u->text : "",
	    (flags & INCJSON_LATEST) != 0 ? INCJSON_LATEST_TEXT :
	    INCJSON_MAX_TEXT, flags));
}

/* The lag record: {"service_health": time, ...}, only the channels that
 * showed the incident. */
static void
incjson_put_lag(json_object *o, const struct incident *inc)
{
	json_object *l = NULL;
	int c;

	for (c = 0; c < LAG_COUNT; c++) {
		/* as the detail view says it: a channel's own first post
		 * when earlier than azwatch's look */
		time_t t = lag_first(inc, (enum lag_chan)c);

		if (t == 0)
			continue;
		if (l == NULL)
			l = json_object_new_object();
		incjson_put(l, lag_chan_key((enum lag_chan)c), incjson_time(t));
	}
	if (l != NULL)
		incjson_put(o, "first_seen", l);
}

static json_object *
incjson_update(const struct update *u, int flags)
{
	json_object *o = json_object_new_object();

	incjson_update_add(o, u, flags);
	return o;
}

void
incjson_add(json_object *o, const struct incident *inc, int flags)
{
	bool state = (flags & INCJSON_STATE) != 0;
	json_object *a, *im;
	size_t i, n;
	int c;

	if (state) {
		incjson_put(o, "key", incjson_text_of(inc->key,
		    INCJSON_MAX_KEY, flags));
		incjson_put_opt(o, "tracking_id", inc->tracking_id,
		    INCJSON_MAX_KEY, flags);
	} else
		incjson_put(o, "tracking_id", incjson_str(
		    inc->tracking_id != NULL ? inc->tracking_id : inc->key));
	incjson_put(o, "title", incjson_text_of(inc->title, INCJSON_MAX_SHORT,
	    flags));
	incjson_put(o, "status", json_object_new_string(
	    inc_status_name(inc->status)));
	incjson_put(o, "type", json_object_new_string(
	    inc_type_name(inc->type)));
	incjson_put(o, "services", incjson_strv(&inc->services, flags));
	incjson_put(o, "regions", incjson_strv(&inc->regions, flags));
	incjson_put(o, "start", incjson_time(inc->start));
	incjson_put(o, "last_update", incjson_time(inc->last_update));
	a = json_object_new_array();
	for (c = 0; c < CHAN_COUNT; c++) {
		if (inc->sources & CHAN_BIT(c))
			json_object_array_add(a,
			    json_object_new_string(chan_id_name(c)));
	}
	incjson_put(o, "sources", a);
	if (inc->scenario != SCEN_NONE)
		incjson_put(o, "scenario", json_object_new_string(
		    scenario_name(inc->scenario)));
	a = json_object_new_array();
	for (i = 0; i < inc->nimpacts; i++) {
		im = json_object_new_object();
		incjson_put(im, "service", incjson_text_of(
		    inc->impacts[i].service, INCJSON_MAX_SHORT, flags));
		incjson_put(im, "region", incjson_text_of(
		    inc->impacts[i].region, INCJSON_MAX_SHORT, flags));
		incjson_put(im, "status", json_object_new_string(
		    inc_status_name(inc->impacts[i].status)));
		json_object_array_add(a, im);
	}
	incjson_put(o, "impacts", a);
	if (inc->resources.n != 0)
		incjson_put(o, "impacted_resources",
		    incjson_strv(&inc->resources, flags));
	if (inc->links.n != 0)
		incjson_put(o, "links", incjson_strv(&inc->links, flags));
	if (inc->potential.n != 0)
		incjson_put(o, "potential_resources",
		    incjson_strv(&inc->potential, flags));
	if (inc->health.n != 0)
		incjson_put(o, "resource_health", incjson_strv(&inc->health,
		    flags));
	if (inc->early)
		incjson_put(o, "early_warning", json_object_new_boolean(1));
	if (inc->pir != PIR_NONE) {
		incjson_put(o, "pir", json_object_new_string(
		    pir_stage_name(inc->pir)));
		if (inc->pir_posted != 0)
			incjson_put(o, "pir_posted", incjson_time(inc->pir_posted));
	}
	incjson_put_lag(o, inc);
	if (state) {
		incjson_put_opt(o, "joined", inc->joined, INCJSON_MAX_KEY,
		    flags);
		incjson_put_opt(o, "summary", inc->summary, INCJSON_MAX_TEXT,
		    flags);
		incjson_put_opt(o, "header", inc->header, INCJSON_MAX_SHORT,
		    flags);
		incjson_put_opt(o, "level", inc->level, INCJSON_MAX_KEY, flags);
		if (inc->mitigated != 0)
			incjson_put(o, "mitigated", incjson_time(inc->mitigated));
		if (inc->is_hir)
			incjson_put(o, "hir", json_object_new_boolean(1));
		if (inc->false_positive)
			incjson_put(o, "false_positive",
			    json_object_new_boolean(1));
		if (inc->no_impact)
			incjson_put(o, "no_impact", json_object_new_boolean(1));
		if (inc->subscriptions.n != 0)
			incjson_put(o, "subscriptions",
			    incjson_strv(&inc->subscriptions, flags));
		/* the Service Health blade's facts */
		if (inc->priority >= 0)
			incjson_put(o, "priority",
			    json_object_new_int(inc->priority));
		incjson_put_opt(o, "event_level", inc->event_level,
		    INCJSON_MAX_KEY, flags);
		incjson_put_opt(o, "subtype", inc->subtype, INCJSON_MAX_KEY,
		    flags);
		incjson_put_opt(o, "impact_type", inc->impact_type,
		    INCJSON_MAX_KEY, flags);
		if (inc->platform_initiated)
			incjson_put(o, "platform_initiated",
			    json_object_new_boolean(1));
		if (inc->enable_support)
			incjson_put(o, "enable_support",
			    json_object_new_boolean(1));
		if (inc->enable_chat)
			incjson_put(o, "enable_chat",
			    json_object_new_boolean(1));
		incjson_put_opt(o, "info", inc->info, INCJSON_MAX_TEXT, flags);
		if (inc->faqs.n != 0)
			incjson_put(o, "faqs", incjson_strv(&inc->faqs, flags));
		if (inc->tickets.n != 0)
			incjson_put(o, "tickets", incjson_strv(&inc->tickets,
			    flags));
	}
	if ((flags & INCJSON_NO_UPDATES) != 0)
		return;
	a = json_object_new_array();
	n = (flags & INCJSON_LATEST) != 0 && inc->nupdates > 1 ? 1 :
	    inc->nupdates;
	for (i = 0; i < n; i++)
		json_object_array_add(a, incjson_update(&inc->updates[i],
		    flags));
	incjson_put(o, "updates", a);
}

json_object *
incjson_new(const struct incident *inc, int flags)
{
	json_object *o = json_object_new_object();

	incjson_add(o, inc, flags);
	return o;
}

char *
incjson_text(const struct incident *inc, int flags)
{
	json_object *o = incjson_new(inc, flags);
	char *s;

	s = xstrdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return s;
}

/* reading --------------------------------------------------------------- */

char *
incjson_get_str(json_object *o, const char *name, size_t max)
{
	json_object *v;
	const char *s;
	size_t len;

	if (!json_object_object_get_ex(o, name, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (memchr(s, '\0', len) != NULL)
		len = strlen(s);
	return xstrndup(s, len > max ? max : len);
}

time_t
incjson_get_time(json_object *o, const char *name)
{
	json_object *v;
	time_t t = 0;

	if (!json_object_object_get_ex(o, name, &v))
		return 0;
	if (json_object_is_type(v, json_type_int))
		return (time_t)json_object_get_int64(v);
	if (!json_object_is_type(v, json_type_string) ||
	    time_parse_rfc3339(json_object_get_string(v), &t) == -1)
		return 0;
	return t;
}

void
incjson_get_strv(json_object *o, const char *name, struct strv *out,
    size_t max_items, size_t max_len)
{
	json_object *a, *e;
	size_t i, n;

	strv_free(out);
	if (!json_object_object_get_ex(o, name, &a) ||
	    !json_object_is_type(a, json_type_array))
		return;
	n = json_object_array_length(a);
	for (i = 0; i < n && i < max_items; i++) {
		e = json_object_array_get_idx(a, i);
		if (json_object_is_type(e, json_type_string)) {
			char *s = xstrndup(json_object_get_string(e),
			    max_len);

			strv_add(out, s);
			free(s);
		}
	}
}

/* A status, type or scenario as a name (or, as older files wrote them, a
 * number); -1 when it is neither. */
static int
incjson_get_enum(json_object *o, const char *name, int (*parse)(const char *),
    int max)
{
	json_object *v;
	int x;

	if (!json_object_object_get_ex(o, name, &v))
		return -1;
	if (json_object_is_type(v, json_type_int)) {
		x = json_object_get_int(v);
		return x >= 0 && x <= max ? x : -1;
	}
	if (!json_object_is_type(v, json_type_string))
		return -1;
	return parse(json_object_get_string(v));
}

static int
incjson_scenario_parse(const char *s)
{
	int i;

	for (i = SCEN_BROAD; i <= SCEN_SCOPE_UNKNOWN; i++) {
		if (strcmp(s, scenario_name((enum scenario)i)) == 0)
			return i;
	}
	return -1;
}

static bool
incjson_get_bool(json_object *o, const char *name)
{
	json_object *v;

	return json_object_object_get_ex(o, name, &v) &&
	    json_object_get_boolean(v);
}

static void
incjson_take(char **field, char *value)
{
	free(*field);
	*field = value;
}

static void
incjson_get_lag(json_object *o, struct incident *inc)
{
	json_object *l;
	int c;

	if (!json_object_object_get_ex(o, "first_seen", &l) ||
	    !json_object_is_type(l, json_type_object))
		return;
	for (c = 0; c < LAG_COUNT; c++)
		inc->seen[c] = incjson_get_time(l, lag_chan_key((enum lag_chan)c));
}

int
incjson_read(json_object *o, struct incident *inc)
{
	json_object *a, *e;
	char *svc, *reg, *src, *text;
	size_t i, n;
	int x;

	if (!json_object_is_type(o, json_type_object))
		return -1;
	incjson_take(&inc->tracking_id, incjson_get_str(o, "tracking_id",
	    INCJSON_MAX_KEY));
	incjson_take(&inc->title, incjson_get_str(o, "title",
	    INCJSON_MAX_SHORT));
	incjson_take(&inc->summary, incjson_get_str(o, "summary",
	    INCJSON_MAX_TEXT));
	incjson_take(&inc->header, incjson_get_str(o, "header",
	    INCJSON_MAX_SHORT));
	incjson_take(&inc->level, incjson_get_str(o, "level", INCJSON_MAX_KEY));
	if ((x = incjson_get_enum(o, "status", inc_status_parse,
	    INC_RESOLVED)) != -1)
		inc->status = (enum inc_status)x;
	if ((x = incjson_get_enum(o, "type", inc_type_parse, INC_OTHER)) != -1)
		inc->type = (enum inc_type)x;
	x = incjson_get_enum(o, "scenario", incjson_scenario_parse,
	    SCEN_SCOPE_UNKNOWN);
	inc->scenario = x == -1 ? SCEN_NONE : (enum scenario)x;
	inc->is_hir = incjson_get_bool(o, "hir");
	inc->false_positive = incjson_get_bool(o, "false_positive");
	inc->no_impact = incjson_get_bool(o, "no_impact");
	inc->early = incjson_get_bool(o, "early_warning");
	if ((x = incjson_get_enum(o, "pir", pir_stage_parse, PIR_FINAL)) > 0) {
		inc->pir = (enum pir_stage)x;
		inc->pir_posted = incjson_get_time(o, "pir_posted");
	}
	incjson_take(&inc->joined, incjson_get_str(o, "joined",
	    INCJSON_MAX_KEY));
	incjson_get_lag(o, inc);
	inc->start = incjson_get_time(o, "start");
	inc->mitigated = incjson_get_time(o, "mitigated");
	inc->last_update = incjson_get_time(o, "last_update");
	if (json_object_object_get_ex(o, "sources", &a) &&
	    json_object_is_type(a, json_type_array)) {
		n = json_object_array_length(a);
		for (i = 0; i < n && i < INCJSON_MAX_LIST; i++) {
			e = json_object_array_get_idx(a, i);
			if (json_object_is_type(e, json_type_string) &&
			    (x = chan_id_parse(json_object_get_string(e))) != -1)
				inc->sources |= CHAN_BIT(x);
		}
	}
	for (i = 0; i < inc->nimpacts; i++) {
		free(inc->impacts[i].service);
		free(inc->impacts[i].region);
	}
	free(inc->impacts);
	inc->impacts = NULL;
	inc->nimpacts = 0;
	incjson_get_strv(o, "services", &inc->services, INCJSON_MAX_LIST,
	    INCJSON_MAX_SHORT);
	incjson_get_strv(o, "regions", &inc->regions, INCJSON_MAX_LIST,
	    INCJSON_MAX_SHORT);
	if (json_object_object_get_ex(o, "impacts", &a) &&
	    json_object_is_type(a, json_type_array)) {
		n = json_object_array_length(a);
		for (i = 0; i < n && i < INCJSON_MAX_LIST; i++) {
			e = json_object_array_get_idx(a, i);
			if (!json_object_is_type(e, json_type_object))
				continue;
			svc = incjson_get_str(e, "service", INCJSON_MAX_SHORT);
			reg = incjson_get_str(e, "region", INCJSON_MAX_SHORT);
			x = incjson_get_enum(e, "status", inc_status_parse,
			    INC_RESOLVED);
			incident_add_impact(inc, svc, reg,
			    x == -1 ? INC_ACTIVE : (enum inc_status)x);
			free(svc);
			free(reg);
		}
	}
	incjson_get_strv(o, "links", &inc->links, INCJSON_MAX_LIST,
	    INCJSON_MAX_SHORT);
	incjson_get_strv(o, "subscriptions", &inc->subscriptions,
	    INCJSON_MAX_LIST, INCJSON_MAX_SHORT);
	/* older journals called them "resources" */
	incjson_get_strv(o, json_object_object_get_ex(o, "impacted_resources",
	    NULL) ? "impacted_resources" : "resources", &inc->resources,
	    INCJSON_MAX_LIST, INCJSON_MAX_SHORT);
	incjson_get_strv(o, "potential_resources", &inc->potential,
	    INCJSON_MAX_LIST, INCJSON_MAX_SHORT);
	incjson_get_strv(o, "resource_health", &inc->health,
	    INCJSON_MAX_LIST, INCJSON_MAX_SHORT);
	if (json_object_object_get_ex(o, "priority", &e) &&
	    json_object_is_type(e, json_type_int) &&
	    json_object_get_int(e) >= 0 && json_object_get_int(e) <= 1000)
		inc->priority = json_object_get_int(e);
	incjson_take(&inc->event_level, incjson_get_str(o, "event_level",
	    INCJSON_MAX_KEY));
	incjson_take(&inc->subtype, incjson_get_str(o, "subtype",
	    INCJSON_MAX_KEY));
	incjson_take(&inc->impact_type, incjson_get_str(o, "impact_type",
	    INCJSON_MAX_KEY));
	inc->platform_initiated = incjson_get_bool(o, "platform_initiated");
	inc->enable_support = incjson_get_bool(o, "enable_support");
	inc->enable_chat = incjson_get_bool(o, "enable_chat");
	incjson_take(&inc->info, incjson_get_str(o, "info", INCJSON_MAX_TEXT));
	incjson_get_strv(o, "faqs", &inc->faqs, INCJSON_MAX_LIST,
	    INCJSON_MAX_TEXT);
	incjson_get_strv(o, "tickets", &inc->tickets, INCJSON_MAX_LIST,
	    INCJSON_MAX_SHORT);
	if (json_object_object_get_ex(o, "updates", &a) &&
	    json_object_is_type(a, json_type_array)) {
		n = json_object_array_length(a);
		for (i = 0; i < n && inc->nupdates < INCJSON_MAX_UPDATES; i++) {
			e = json_object_array_get_idx(a, i);
			if (!json_object_is_type(e, json_type_object))
				continue;
			text = incjson_get_str(e, "text", INCJSON_MAX_TEXT);
			src = incjson_get_str(e, "source", 32);
			x = src != NULL ? chan_id_parse(src) : -1;
			if (text != NULL && x != -1)
				incident_add_update(inc, incjson_get_time(e,
				    "time"), (enum chan_id)x, text);
			free(text);
			free(src);
		}
	}
	return 0;
}
