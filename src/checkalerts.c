/* checkalerts.c: `azwatch check --alerts`. One round as `check` makes it,
 * with Service Health also reading the fired alerts; then fired_decide()
 * for each alert the [alerts] filters let through. Remote text is
 * sanitized before it is printed, in JSON too. */
#include "config.h"
#include "checkalerts.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "checkrun.h"
#include "decide.h"
#include "fired.h"
#include "regions.h"
#include "sanitize.h"
#include "timeutil.h"
#include "worker.h"
#include "xmalloc.h"

/* Remote text, cleaned, on its own. */
static void
put_clean(FILE *f, const char *s)
{
	char *c = sanitize_str(s);

	fputs(c, f);
	free(c);
}

static json_object *
jclean(const char *s)
{
	json_object *o;
	char *c;

	if (s == NULL)
		return NULL;
	c = sanitize_str(s);
	o = json_object_new_string(c);
	free(c);
	return o;
}

static json_object *
jclean_strv(const struct strv *sv)
{
	json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < sv->n; i++)
		json_object_array_add(a, jclean(sv->v[i]));
	return a;
}

static const char *
region_shown(const struct fired_alert *a)
{
	const struct region_info *ri = regions_lookup(a->region);

	return ri != NULL ? ri->display : a->region;
}

static json_object *
alert_json(const struct fired_alert *a, const struct decision *d)
{
	json_object *o = json_object_new_object();
	char when[40];

	json_object_object_add(o, "alert_id", jclean(a->id));
	json_object_object_add(o, "rule", jclean(a->rule));
	json_object_object_add(o, "severity",
	    json_object_new_string(fired_severity_name(a->severity)));
	json_object_object_add(o, "resource", jclean(a->resource));
	json_object_object_add(o, "resource_type", jclean(a->resource_type));
	json_object_object_add(o, "service", jclean(a->service));
	json_object_object_add(o, "region", jclean(region_shown(a)));
	if (a->start != 0) {
		time_format_rfc3339(a->start, when, sizeof when);
		json_object_object_add(o, "fired_at",
		    json_object_new_string(when));
	} else
		json_object_object_add(o, "fired_at", NULL);
	json_object_object_add(o, "verdict",
	    json_object_new_string(verdict_name(d->verdict)));
	json_object_object_add(o, "matched_tracking_id",
	    d->matched.n > 0 ? jclean(d->matched.v[0]) : NULL);
	json_object_object_add(o, "matched", jclean_strv(&d->matched));
	json_object_object_add(o, "evidence", jclean_strv(&d->evidence));
	json_object_object_add(o, "next_step", jclean(d->next_step));
	return o;
}

/* "azure-incident  Sev1  rule  resource  service / region  7K2Q-XL8",
 * then the evidence and the next step, indented. */
static void
alert_text(FILE *f, const struct fired_alert *a, const struct decision *d)
{
	const char *tail = a->resource != NULL ? strrchr(a->resource, '/') :
	    NULL;
	size_t i;

	fprintf(f, "%s  %s  ", verdict_name(d->verdict),
	    fired_severity_name(a->severity));
	put_clean(f, a->rule != NULL ? a->rule : "?");
	fputs("  ", f);
	put_clean(f, tail != NULL && tail[1] != '\0' ? tail + 1 :
	    (a->resource != NULL ? a->resource : "-"));
	fputs("  ", f);
	put_clean(f, a->service != NULL ? a->service : (a->resource_type !=
	    NULL ? a->resource_type : "unknown service"));
	fputs(" / ", f);
	put_clean(f, a->region != NULL ? region_shown(a) : "region unknown");
	fputs("  ", f);
	put_clean(f, d->matched.n > 0 ? d->matched.v[0] : "-");
	fputc('\n', f);
	for (i = 0; i < d->evidence.n; i++) {
		fputs("  - ", f);
		put_clean(f, d->evidence.v[i]);
		fputc('\n', f);
	}
	fputs("  next step: ", f);
	put_clean(f, d->next_step);
	fputc('\n', f);
}

int
checkalerts_run(struct worker *w, const struct cfg *cfg, int timeout,
    bool json, FILE *out, FILE *err)
{
	struct snapshot *s = worker_snapshot(w);
	const struct fired_set *set;
	const struct chan_status *cs;
	unsigned mask, pending;
	json_object *arr = NULL;
	long long deadline;
	enum verdict worst = VERDICT_NO_KNOWN_INCIDENT;
	bool late, any = false;
	size_t i;
	int rc;

	mask = checkrun_channels(s) & ~CHAN_BIT(CHAN_SUPPORT);
	cs = &s->chans[CHAN_SERVICE_HEALTH];
	if (!(mask & CHAN_BIT(CHAN_SERVICE_HEALTH)) || !cfg->alerts_fired) {
		fputs("azwatch: fired alerts are read through Service Health, ",
		    err);
		if (!cfg->alerts_fired)
			fputs("and [alerts] fired = off\n", err);
		else {
			fputs("which is not configured: ", err);
			put_clean(err, cs->note != NULL ? cs->note : "see azwatch(1)");
			fputc('\n', err);
		}
		snapshot_unref(s);
		return verdict_exit_code(VERDICT_UNDETERMINED);
	}
	snapshot_unref(s);
	worker_set_fired(w, true);
	pending = worker_round_start(w, mask, true);
	deadline = time_mono_ms() + (long long)timeout * 1000;
	for (;;) {
		s = worker_round_wait(w, deadline, &pending);
		if (pending == 0 || time_mono_ms() >= deadline)
			break;
		snapshot_unref(s);
	}
	late = pending != 0;
	worker_round_end(w);

	set = s->fired;
	cs = &s->chans[CHAN_SERVICE_HEALTH];
	if (set == NULL || set->state == FIRED_DENIED ||
	    (set->state == FIRED_FAILED && set->n == 0)) {
		/* never an empty list that reads as "no alerts" */
		fputs("azwatch: cannot read your fired alerts: ", err);
		if (set != NULL && set->state == FIRED_DENIED)
			fputs("this identity may not read them; grant it "
			    FIRED_GRANT, err);
		else if (set != NULL && set->error != NULL)
			put_clean(err, set->error);
		else if (cs->error != NULL) {
			fputs("Service Health: ", err);
			put_clean(err, cs->error);
		} else
			fprintf(err, "Service Health did not answer within %d s",
			    timeout);
		fputc('\n', err);
		snapshot_unref(s);
		return verdict_exit_code(VERDICT_UNDETERMINED);
	}
	if (set->error != NULL) {
		fputs("azwatch: ", err);
		put_clean(err, set->error);
		fputc('\n', err);
	}
	for (i = 0; i < set->denied.n; i++) {
		fputs("azwatch: no permission to read fired alerts in "
		    "subscription ", err);
		put_clean(err, set->denied.v[i]);
		fputs(": grant " FIRED_GRANT "\n", err);
	}
	if (json)
		arr = json_object_new_array();
	for (i = 0; i < set->n; i++) {
		const struct fired_alert *a = &set->v[i];
		struct decision d;

		if (!fired_shown(a, cfg, 0, NULL, NULL))
			continue;
		fired_decide(a, s, &cfg->depends, pending, late ? timeout : 0,
		    time(NULL), &d);
		if (!any || fired_verdict_rank(d.verdict) >
		    fired_verdict_rank(worst))
			worst = d.verdict;
		any = true;
		if (json)
			json_object_array_add(arr, alert_json(a, &d));
		else
			alert_text(out, a, &d);
		decision_free(&d);
	}
	if (json) {
		fputs(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY |
		    JSON_C_TO_STRING_NOSLASHESCAPE), out);
		fputc('\n', out);
		json_object_put(arr);
	} else if (!any)
		fputs("no fired alert in the last day passes the [alerts] "
		    "filters\n", out);
	rc = any ? verdict_exit_code(worst) : 0;
	snapshot_unref(s);
	return rc;
}
