/* lag.c: the lag record: when each channel first showed an incident,
 * kept on the incident (incident.seen[]) and said in one line. */
#include "config.h"
#include "lag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "parse-arm.h"
#include "xmalloc.h"

static double lag_scale = 1;

void
lag_set_scale(double s)
{
	lag_scale = s > 0 ? s : 1;
}

enum lag_chan
lag_chan_of(enum chan_id c, const struct incident *inc)
{
	switch (c) {
	case CHAN_SERVICE_HEALTH:
		if (inc->early)
			return LAG_EARLY_WARNING;
		if (inc->level != NULL && strncmp(inc->level,
		    ARM_EMERGING_LEVEL, strlen(ARM_EMERGING_LEVEL)) == 0)
			return LAG_EMERGING;
		return LAG_SERVICE_HEALTH;
	case CHAN_STATUS_PAGE:
		return LAG_STATUS_PAGE;
	case CHAN_X:
		return LAG_X;
	case CHAN_SUPPORT:
	case CHAN_COUNT:
		break;
	}
	return LAG_COUNT;
}

void
lag_stamp(struct inc_list *fresh, const struct inc_list *before,
    enum chan_id c, time_t now)
{
	const struct incident *old;
	struct incident *inc;
	enum lag_chan l;
	time_t t;
	size_t i;
	int k;

	for (i = 0; i < fresh->n; i++) {
		inc = fresh->v[i];
		/* an early warning carries its own time */
		if (inc->early || (l = lag_chan_of(c, inc)) == LAG_COUNT)
			continue;
		old = before != NULL ? inc_list_find(before, inc->key) : NULL;
		/* the other channels' times it carries (an emerging issue's
		 * publication folded into its event) are kept as well */
		for (k = 0; old != NULL && k < LAG_COUNT; k++) {
			if (k == (int)l || old->seen[k] == 0 ||
			    (inc->seen[k] != 0 && inc->seen[k] <= old->seen[k]))
				continue;
			inc = inc_list_own_at(fresh, i);
			inc->seen[k] = old->seen[k];
		}
		/* the previous answer's first time, its own updates too */
		t = old != NULL && old->seen[l] != 0 ? lag_first(old, l) : now;
		/* a time of the channel's own (a publication) counts when
		 * earlier than azwatch's look */
		if (inc->seen[l] != 0 && inc->seen[l] <= t)
			continue;
		inc = inc_list_own_at(fresh, i);
		inc->seen[l] = t;
	}
}

time_t
lag_first(const struct incident *inc, enum lag_chan l)
{
	time_t t = (unsigned)l < LAG_COUNT ? inc->seen[l] : 0;
	enum chan_id src;
	size_t i;

	switch (l) {
	case LAG_SERVICE_HEALTH:
		src = CHAN_SERVICE_HEALTH;
		break;
	case LAG_STATUS_PAGE:
		src = CHAN_STATUS_PAGE;
		break;
	case LAG_X:
		src = CHAN_X;
		break;
	default:
		return t;
	}
	/* a channel that showed it at all: its own first post may be
	 * earlier than azwatch's first look */
	if (t == 0)
		return 0;
	for (i = 0; i < inc->nupdates; i++) {
		if (inc->updates[i].source == src && inc->updates[i].time != 0 &&
		    inc->updates[i].time < t)
			t = inc->updates[i].time;
	}
	return t;
}

/* "+9m", "−10m", "+1h05m", "+0m" (recorded minutes in a drill). */
static void
lag_minutes(struct buf *b, long d)
{
	long m = (long)((double)(d < 0 ? -d : d) * lag_scale + 0.5) / 60;

	if (m >= 60)
		buf_printf(b, "%ldh%02ldm", m / 60, m % 60);
	else
		buf_printf(b, "%ldm", m);
}

static void
lag_delta(struct buf *b, long d)
{
	buf_puts(b, d < 0 ? "\xe2\x88\x92" : "+");
	lag_minutes(b, d);
}

char *
lag_text(const struct incident *inc)
{
	struct buf b;
	time_t t[LAG_COUNT], base = inc->start;
	int c;

	for (c = 0; c < LAG_COUNT; c++) {
		t[c] = lag_first(inc, (enum lag_chan)c);
		if (inc->start == 0 && t[c] != 0 && (base == 0 || t[c] < base))
			base = t[c];
	}
	buf_init(&b);
	for (c = 0; c < LAG_COUNT; c++) {
		if (t[c] == 0)
			continue;
		buf_printf(&b, "%s%s ", b.len > 0 ? ", " : "",
		    lag_chan_name((enum lag_chan)c));
		lag_delta(&b, (long)(t[c] - base));
	}
	if (b.len > 0 && inc->start == 0)
		buf_puts(&b, " (against the first; no impact start known)");
	return buf_steal(&b);
}

long
lag_lead(const struct incident *inc)
{
	time_t e = lag_first(inc, LAG_EARLY_WARNING);
	time_t s = lag_first(inc, LAG_SERVICE_HEALTH);

	if (e == 0 || s == 0 || e >= s)
		return 0;
	return (long)(s - e);
}

char *
lag_lead_text(const struct incident *inc)
{
	struct buf b;
	long d = lag_lead(inc);

	if (d <= 0)
		return NULL;
	buf_init(&b);
	buf_puts(&b, "azwatch's early warning came ");
	lag_minutes(&b, d);
	buf_puts(&b, " before Service Health posted");
	return buf_steal(&b);
}
