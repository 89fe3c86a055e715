/* checkrun.c: a verdict as soon as it is conclusive. decide() is read as
 * a black box over a view of the snapshot in which the channels not
 * heard from yet are pending, or, once the deadline has passed,
 * unreachable. The verdict stands when it is azure-incident (more answers
 * only add to the evidence) or when no channel still waited for can
 * change it: Service Health and the status page always can, X only while
 * neither of them has answered usably (it is the last fallback). The
 * support channel never changes the verdict but does change what is said
 * (an open ticket about the matched incident comes before advice to raise
 * one): it is asked at the same time and waited for only once Service
 * Health has answered, that is while ARM answers at all. */
#include "config.h"
#include "checkrun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeutil.h"
#include "worker.h"
#include "xmalloc.h"

static const enum chan_id checkrun_order[] = {
	CHAN_SERVICE_HEALTH, CHAN_STATUS_PAGE, CHAN_X, CHAN_SUPPORT
};
#define CHECKRUN_NCHAN	(sizeof checkrun_order / sizeof checkrun_order[0])

unsigned
checkrun_channels(const struct snapshot *s)
{
	unsigned m = 0;
	size_t i;

	for (i = 0; i < CHECKRUN_NCHAN; i++) {
		const struct chan_status *cs = &s->chans[checkrun_order[i]];

		if (cs->configured && cs->state != CHAN_UNCONFIGURED)
			m |= CHAN_BIT(checkrun_order[i]);
	}
	return m;
}

static bool
checkrun_usable(const struct snapshot *v, enum chan_id c)
{
	return v->chans[c].state == CHAN_OK ||
	    v->chans[c].state == CHAN_INCIDENT;
}

/* The snapshot as decide() should read it. New reference. */
static struct snapshot *
checkrun_view(const struct snapshot *s, unsigned waiting, int timeout)
{
	struct snapshot *v = snapshot_dup(s);
	size_t i;

	for (i = 0; i < CHECKRUN_NCHAN; i++) {
		struct chan_status *cs = &v->chans[checkrun_order[i]];

		if (!(waiting & CHAN_BIT(checkrun_order[i])))
			continue;
		free(cs->error);
		cs->error = NULL;
		cs->from_cache = false;
		if (timeout > 0) {
			cs->state = CHAN_UNREACHABLE;
			cs->timed_out = true;
			cs->error = xasprintf("no answer within %d s", timeout);
		} else
			cs->state = CHAN_PENDING;
	}
	return v;
}

/* Whether some evidence sentence starts with name and has needle. */
static bool
checkrun_said(const struct decision *d, const char *name, const char *needle)
{
	size_t i, n = strlen(name);

	for (i = 0; i < d->evidence.n; i++) {
		const char *e = d->evidence.v[i];

		if (strncmp(e, name, n) == 0 && strstr(e + n, needle) != NULL)
			return true;
	}
	return false;
}

bool
checkrun_decide(const struct answers *ans, const struct snapshot *s,
    unsigned waiting, int timeout, time_t now, struct decision *out)
{
	struct snapshot *v = checkrun_view(s, waiting, timeout);
	unsigned matter = CHAN_BIT(CHAN_SERVICE_HEALTH) |
	    CHAN_BIT(CHAN_STATUS_PAGE);
	bool conclusive;
	char *line;
	size_t i;

	decide(ans, v, now, out);
	if (!checkrun_usable(v, CHAN_SERVICE_HEALTH) &&
	    !checkrun_usable(v, CHAN_STATUS_PAGE))
		matter |= CHAN_BIT(CHAN_X);
	conclusive = timeout > 0 || out->verdict == VERDICT_AZURE_INCIDENT ||
	    (waiting & matter) == 0;
	if (timeout == 0 && (waiting & CHAN_BIT(CHAN_SUPPORT)) &&
	    checkrun_usable(v, CHAN_SERVICE_HEALTH))
		conclusive = false;

	for (i = 0; i < CHECKRUN_NCHAN; i++) {
		const char *name = chan_id_name(checkrun_order[i]);

		if (!(waiting & CHAN_BIT(checkrun_order[i])))
			continue;
		line = NULL;
		if (timeout > 0) {
			if (!checkrun_said(out, name, "no answer within"))
				line = xasprintf("%s: no answer within %d s",
				    name, timeout);
		} else if (!checkrun_said(out, name, "has not answered")) {
			line = xasprintf("%s has not answered yet%s", name,
			    conclusive ? "; its answer cannot change this "
			    "verdict" : "");
		}
		if (line != NULL) {
			strv_add(&out->evidence, line);
			free(line);
		}
	}
	snapshot_unref(v);
	return conclusive;
}

void
checkrun(struct worker *w, const struct answers *ans, int timeout,
    struct decision *out)
{
	struct snapshot *s = worker_snapshot(w);
	unsigned pending = checkrun_channels(s), rejoin;
	long long deadline;
	bool late, done, have = false;

	snapshot_unref(s);
	/* Support's tickets are read beside the others; a ticket joins the
	 * incident it names only once that is known, so when Service Health
	 * has answered, support answers again from the tickets it read,
	 * joined to what is known then (no request, no round trip). */
	rejoin = pending & CHAN_BIT(CHAN_SUPPORT);
	pending = worker_round_start(w, pending, true);
	deadline = time_mono_ms() + (long long)timeout * 1000;
	for (;;) {
		s = worker_round_wait(w, deadline, &pending);
		if (rejoin != 0 && !(pending & rejoin) &&
		    checkrun_usable(s, CHAN_SERVICE_HEALTH) &&
		    checkrun_usable(s, CHAN_SUPPORT)) {
			snapshot_unref(s);
			pending = worker_round_rejoin(w, rejoin);
			rejoin = 0;
			continue;
		}
		late = pending != 0 && time_mono_ms() >= deadline;
		if (have)
			decision_free(out);
		done = checkrun_decide(ans, s, pending, late ? timeout : 0,
		    time(NULL), out);
		have = true;
		snapshot_unref(s);
		if (done || pending == 0)
			break;
	}
	/* what is still in flight cannot change the verdict: stop it */
	worker_round_end(w);
}
