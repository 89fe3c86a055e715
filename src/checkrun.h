/* checkrun.h: a verdict as soon as it is conclusive. `azwatch check` asks
 * the channels that can change the verdict all at once and stops at the
 * first conclusive answer or at its deadline; the wizard reads the same
 * rule from the dashboard's snapshots. */
#ifndef AZWATCH_CHECKRUN_H
#define AZWATCH_CHECKRUN_H

#include <stdbool.h>
#include <time.h>

#include "decide.h"
#include "model.h"

struct worker;

/* The channels a verdict reads (Service Health, the status page, X) that
 * are configured in s, as CHAN_BIT()s. */
unsigned checkrun_channels(const struct snapshot *s);

/* Decide from s while the channels in waiting have not answered: before
 * the deadline (timeout 0) they count as pending, after it (timeout, in
 * seconds, > 0) as unreachable with "no answer within N s". The evidence
 * names the channels still pending and those that timed out. True when
 * the verdict is conclusive: it says azure-incident, or no channel still
 * waited for could change it, or the deadline has passed. */
bool	 checkrun_decide(const struct answers *, const struct snapshot *s,
	     unsigned waiting, int timeout, time_t now, struct decision *out);

/* `azwatch check`: poll, decide, stop. timeout in seconds. */
void	 checkrun(struct worker *, const struct answers *, int timeout,
	     struct decision *out);

#endif
