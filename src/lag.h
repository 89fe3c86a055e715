/* lag.h: the lag record. When each channel first showed an incident
 * (Service Health, emerging issues, the status page, X, azwatch's early
 * warning, the user's first alert), against its impact start: what a
 * post-incident review asks. Pure. */
#ifndef AZWATCH_LAG_H
#define AZWATCH_LAG_H

#include <time.h>

#include "model.h"

/* The lag record's channel for an incident a channel reports. The user's
 * fired alerts are no channel: whatever matches an alert to an incident
 * sets incident.seen[LAG_ALERT] to the alert's start (the earliest wins
 * in incident_merge), and every line below says it. */
enum lag_chan lag_chan_of(enum chan_id, const struct incident *);

/* Stamp every incident of a channel's new list with when that channel
 * first showed it: kept from the channel's previous list (by key), else
 * now. Incidents are owned (copied when shared) before they change. */
void	 lag_stamp(struct inc_list *fresh, const struct inc_list *before,
	     enum chan_id, time_t now);

/* When a channel first showed it: its stamp or, for channels whose
 * updates carry their own times, its earliest update if earlier; 0 if
 * it never did. */
time_t	 lag_first(const struct incident *, enum lag_chan);

/* A drill squeezes time by its speed: the record is then said in the
 * recorded minutes. Set once, before any thread starts (1: live). */
void	 lag_set_scale(double);

/* "Service Health +9m, status page +24m, early warning −10m" against the
 * impact start (or, without one, the earliest channel); "" when no
 * channel is known. Caller frees. */
char	*lag_text(const struct incident *);

/* How much earlier the early warning came than Service Health (seconds,
 * > 0), or 0 when it did not. */
long	 lag_lead(const struct incident *);
/* "azwatch warned 10m before Service Health posted" or NULL; caller frees. */
char	*lag_lead_text(const struct incident *);

#endif
