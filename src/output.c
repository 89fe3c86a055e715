/* output.c: `azwatch status` and `azwatch check` output. Text output goes
 * through sanitize() because it may land on a terminal; an incident in JSON
 * is incjson's public object. */
#include "config.h"
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "incjson.h"
#include "notifystate.h"
#include "sanitize.h"
#include "timeutil.h"
#include "xmalloc.h"

static json_object *
json_strv(const struct strv *sv)
{
	json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < sv->n; i++)
		json_object_array_add(a, incjson_str(sv->v[i]));
	return a;
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
	output_status_json_sinks(f, s, now, NULL, NULL);
}

void
output_status_json_sinks(FILE *f, const struct snapshot *s, time_t now,
    struct json_object *sinks, const struct notifystate *ns)
{
	json_object *root = json_object_new_object(), *chans, *c, *incs;
	size_t i;
	int k;

	json_object_object_add(root, "generated_at", incjson_time(now));
	chans = json_object_new_array();
	for (k = 0; k < CHAN_COUNT; k++) {
		const struct chan_status *cs = &s->chans[k];

		c = json_object_new_object();
		json_object_object_add(c, "id",
		    json_object_new_string(chan_id_name(k)));
		json_object_object_add(c, "state",
		    json_object_new_string(chan_state_name(cs->state)));
		json_object_object_add(c, "last_success",
		    incjson_time(cs->last_success));
		json_object_object_add(c, "error", incjson_str(cs->error));
		json_object_object_add(c, "active",
		    json_object_new_int(cs->active));
		if (cs->note != NULL)
			json_object_object_add(c, "note", incjson_str(cs->note));
		if (cs->detail != NULL)
			json_object_object_add(c, "detail", incjson_str(cs->detail));
		if (cs->journal != NULL)
			json_object_object_add(c, "journal",
			    incjson_str(cs->journal));
		json_object_array_add(chans, c);
	}
	json_object_object_add(root, "channels", chans);
	/* the header's counts: Azure's incidents, azwatch's warnings apart */
	json_object_object_add(root, "active",
	    json_object_new_int(snapshot_active_count(s)));
	json_object_object_add(root, "early_warnings",
	    json_object_new_int(snapshot_early_count(s)));
	incs = json_object_new_array();
	for (i = 0; i < s->incidents.n; i++)
		json_object_array_add(incs, incjson_new(s->incidents.v[i], 0));
	json_object_object_add(root, "incidents", incs);
	if (sinks != NULL)
		json_object_object_add(root, "sinks", sinks);
	if (ns != NULL && ns->problem != NULL) {
		json_object *n = json_object_new_object();

		json_object_object_add(n, "problem", incjson_str(ns->problem));
		json_object_object_add(n, "since", incjson_time(ns->since));
		json_object_object_add(root, "notify", n);
	}
	print_json(f, root);
}

void
output_notify_text(FILE *f, const struct notifystate *ns, time_t now)
{
	char age[32], *clean;

	if (ns == NULL || ns->problem == NULL)
		return;
	clean = sanitize_str(ns->problem);
	if (ns->since != 0) {
		time_format_age(now, ns->since, age, sizeof age);
		fprintf(f, "\nnotify: %s (first seen %s)\n", clean, age);
	} else
		fprintf(f, "\nnotify: %s\n", clean);
	free(clean);
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
	fprintf(f, "\n%d active incident%s", snapshot_active_count(s),
	    snapshot_active_count(s) == 1 ? "" : "s");
	if (snapshot_early_count(s) > 0)
		fprintf(f, ", %d early warning%s (azwatch's inference, not "
		    "Azure's word)", snapshot_early_count(s),
		    snapshot_early_count(s) == 1 ? "" : "s");
	fputc('\n', f);
	for (i = 0; i < s->incidents.n; i++) {
		const struct incident *inc = s->incidents.v[i];
		char *services = strv_join(&inc->services, ", ");
		char *regions = strv_join(&inc->regions, ", ");
		int b;

		/* text for people: the details' UTC form (JSON keeps RFC 3339) */
		time_format_utc(inc->last_update, 0, when, sizeof when);
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
			time_format_utc(inc->updates[0].time, 0, when,
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
	json_object_object_add(root, "service", incjson_str(d->service));
	json_object_object_add(root, "region", incjson_str(d->region));
	json_object_object_add(root, "matched", json_strv(&d->matched));
	json_object_object_add(root, "evidence", json_strv(&d->evidence));
	used = json_object_new_array();
	for (k = 0; k < CHAN_COUNT; k++) {
		if (d->channels_used & CHAN_BIT(k))
			json_object_array_add(used,
			    json_object_new_string(chan_id_name(k)));
	}
	json_object_object_add(root, "channels_used", used);
	json_object_object_add(root, "next_step", incjson_str(d->next_step));
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
	if (d->early_warnings > 0)
		fprintf(f, "early warnings: %d (azwatch's inference, not "
		    "Azure's word)\n", d->early_warnings);
	if (d->advice != NULL)
		fprintf(f, "advice: %s\n", d->advice);
}
