/* output.c: `azwatch status` and `azwatch check` output. Text output goes
 * through sanitize() because it may land on a terminal; JSON is escaped by
 * json-c. */
#include "config.h"
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "sanitize.h"
#include "timeutil.h"
#include "xmalloc.h"

static json_object *
json_time(time_t t)
{
	char buf[40];

	if (t == 0)
		return NULL;
	time_format_rfc3339(t, buf, sizeof buf);
	return json_object_new_string(buf);
}

/* Length of the valid UTF-8 sequence at p, 0 if it is not one. */
static size_t
utf8_len(const unsigned char *p)
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

/* Remote text may carry invalid UTF-8 (json-c and the parsers pass it
 * through); JSON output must be valid, so such bytes become U+FFFD. */
static json_object *
json_str(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	json_object *o;
	struct buf b;
	size_t n;

	if (s == NULL)
		return NULL;
	buf_init(&b);
	while (*p != '\0') {
		if ((n = utf8_len(p)) == 0) {
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

static json_object *
json_strv(const struct strv *sv)
{
	json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < sv->n; i++)
		json_object_array_add(a, json_str(sv->v[i]));
	return a;
}

static json_object *
json_sources(unsigned sources)
{
	json_object *a = json_object_new_array();
	int i;

	for (i = 0; i < CHAN_COUNT; i++) {
		if (sources & CHAN_BIT(i))
			json_object_array_add(a,
			    json_object_new_string(chan_id_name(i)));
	}
	return a;
}

static json_object *
json_incident(const struct incident *inc)
{
	json_object *o = json_object_new_object(), *ups, *u, *imps, *im;
	size_t i;

	json_object_object_add(o, "tracking_id",
	    json_str(inc->tracking_id != NULL ? inc->tracking_id : inc->key));
	json_object_object_add(o, "title", json_str(inc->title));
	json_object_object_add(o, "status",
	    json_object_new_string(inc_status_name(inc->status)));
	json_object_object_add(o, "type",
	    json_object_new_string(inc_type_name(inc->type)));
	json_object_object_add(o, "services", json_strv(&inc->services));
	json_object_object_add(o, "regions", json_strv(&inc->regions));
	json_object_object_add(o, "start", json_time(inc->start));
	json_object_object_add(o, "last_update", json_time(inc->last_update));
	json_object_object_add(o, "sources", json_sources(inc->sources));
	if (inc->scenario != SCEN_NONE)
		json_object_object_add(o, "scenario",
		    json_object_new_string(scenario_name(inc->scenario)));
	imps = json_object_new_array();
	for (i = 0; i < inc->nimpacts; i++) {
		im = json_object_new_object();
		json_object_object_add(im, "service",
		    json_str(inc->impacts[i].service));
		json_object_object_add(im, "region",
		    json_str(inc->impacts[i].region));
		json_object_object_add(im, "status", json_object_new_string(
		    inc_status_name(inc->impacts[i].status)));
		json_object_array_add(imps, im);
	}
	json_object_object_add(o, "impacts", imps);
	if (inc->resources.n != 0)
		json_object_object_add(o, "impacted_resources",
		    json_strv(&inc->resources));
	if (inc->links.n != 0)
		json_object_object_add(o, "links", json_strv(&inc->links));
	ups = json_object_new_array();
	for (i = 0; i < inc->nupdates; i++) {
		u = json_object_new_object();
		json_object_object_add(u, "time", json_time(inc->updates[i].time));
		json_object_object_add(u, "source", json_object_new_string(
		    chan_id_name(inc->updates[i].source)));
		json_object_object_add(u, "text", json_str(inc->updates[i].text));
		json_object_array_add(ups, u);
	}
	json_object_object_add(o, "updates", ups);
	return o;
}

static void
print_json(FILE *f, json_object *root)
{
	fputs(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
	    JSON_C_TO_STRING_NOSLASHESCAPE), f);
	fputc('\n', f);
	json_object_put(root);
}

void
output_status_json(FILE *f, const struct snapshot *s, time_t now)
{
	json_object *root = json_object_new_object(), *chans, *c, *incs;
	size_t i;
	int k;

	json_object_object_add(root, "generated_at", json_time(now));
	chans = json_object_new_array();
	for (k = 0; k < CHAN_COUNT; k++) {
		const struct chan_status *cs = &s->chans[k];

		c = json_object_new_object();
		json_object_object_add(c, "id",
		    json_object_new_string(chan_id_name(k)));
		json_object_object_add(c, "state",
		    json_object_new_string(chan_state_name(cs->state)));
		json_object_object_add(c, "last_success",
		    json_time(cs->last_success));
		json_object_object_add(c, "error", json_str(cs->error));
		json_object_object_add(c, "active",
		    json_object_new_int(cs->active));
		if (cs->note != NULL)
			json_object_object_add(c, "note", json_str(cs->note));
		if (cs->detail != NULL)
			json_object_object_add(c, "detail", json_str(cs->detail));
		json_object_array_add(chans, c);
	}
	json_object_object_add(root, "channels", chans);
	incs = json_object_new_array();
	for (i = 0; i < s->incidents.n; i++)
		json_object_array_add(incs, json_incident(s->incidents.v[i]));
	json_object_object_add(root, "incidents", incs);
	print_json(f, root);
}

/* Print remote text safely: sanitized, never as a format. */
static void
put_clean(FILE *f, const char *s)
{
	char *clean = sanitize_str(s);

	fputs(clean, f);
	free(clean);
}

void
output_status_text(FILE *f, const struct snapshot *s, time_t now)
{
	char age[32], when[40];
	size_t i;
	int k;

	fprintf(f, "%-15s %-13s %-10s %s\n", "CHANNEL", "STATE", "ANSWERED",
	    "DETAIL");
	for (k = 0; k < CHAN_COUNT; k++) {
		const struct chan_status *cs = &s->chans[k];

		time_format_age(now, cs->last_success, age, sizeof age);
		fprintf(f, "%-15s %-13s %-10s ", chan_id_name(k),
		    chan_state_name(cs->state), age);
		put_clean(f, cs->error != NULL ? cs->error :
		    (cs->note != NULL ? cs->note : ""));
		fputc('\n', f);
	}
	fprintf(f, "\n%d active incident%s\n", snapshot_active_count(s),
	    snapshot_active_count(s) == 1 ? "" : "s");
	for (i = 0; i < s->incidents.n; i++) {
		const struct incident *inc = s->incidents.v[i];
		char *services = strv_join(&inc->services, ", ");
		char *regions = strv_join(&inc->regions, ", ");
		int b;

		time_format_rfc3339(inc->last_update, when, sizeof when);
		fprintf(f, "\n%-10s ", inc_status_name(inc->status));
		put_clean(f, inc->tracking_id != NULL ? inc->tracking_id : "-");
		fputs("  ", f);
		put_clean(f, inc->title);
		fprintf(f, "\n  type: %s  updated: %s  sources:",
		    inc_type_name(inc->type), when);
		for (b = 0; b < CHAN_COUNT; b++) {
			if (inc->sources & CHAN_BIT(b))
				fprintf(f, " %s", chan_id_name(b));
		}
		fputs("\n  services: ", f);
		put_clean(f, *services ? services : "-");
		fputs("\n  regions: ", f);
		put_clean(f, *regions ? regions : "-");
		if (inc->nupdates > 0) {
			time_format_rfc3339(inc->updates[0].time, when,
			    sizeof when);
			fprintf(f, "\n  latest (%s): ", when);
			put_clean(f, inc->updates[0].text);
		}
		fputc('\n', f);
		free(services);
		free(regions);
	}
}

void
output_check_json(FILE *f, const struct decision *d)
{
	json_object *root = json_object_new_object(), *used;
	int k;

	json_object_object_add(root, "verdict",
	    json_object_new_string(verdict_name(d->verdict)));
	json_object_object_add(root, "service", json_str(d->service));
	json_object_object_add(root, "region", json_str(d->region));
	json_object_object_add(root, "matched", json_strv(&d->matched));
	json_object_object_add(root, "evidence", json_strv(&d->evidence));
	used = json_object_new_array();
	for (k = 0; k < CHAN_COUNT; k++) {
		if (d->channels_used & CHAN_BIT(k))
			json_object_array_add(used,
			    json_object_new_string(chan_id_name(k)));
	}
	json_object_object_add(root, "channels_used", used);
	json_object_object_add(root, "next_step", json_str(d->next_step));
	print_json(f, root);
}

void
output_check_text(FILE *f, const struct decision *d)
{
	size_t i;

	fprintf(f, "verdict: %s\n", verdict_name(d->verdict));
	fputs("service: ", f);
	put_clean(f, d->service);
	fputs("\nregion:  ", f);
	put_clean(f, d->region);
	fputc('\n', f);
	if (d->matched.n != 0) {
		fputs("matched:", f);
		for (i = 0; i < d->matched.n; i++) {
			fputc(' ', f);
			put_clean(f, d->matched.v[i]);
		}
		fputc('\n', f);
	}
	fputs("\nevidence:\n", f);
	for (i = 0; i < d->evidence.n; i++) {
		fputs("  - ", f);
		put_clean(f, d->evidence.v[i]);
		fputc('\n', f);
	}
	fprintf(f, "\nnext step: %s\n", d->next_step != NULL ? d->next_step : "");
	if (d->advice != NULL)
		fprintf(f, "advice: %s\n", d->advice);
}
