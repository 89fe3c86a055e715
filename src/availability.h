/* availability.h: the user's resources' availability (Resource Health
 * availabilityStatuses, one listing per subscription, all at once through
 * the ARM client, or one Resource Graph HealthResources query above the
 * events' graph_threshold), read on the Service Health channel's cadence
 * and fed to the early warning. Only reads. */
#ifndef AZWATCH_AVAILABILITY_H
#define AZWATCH_AVAILABILITY_H

#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

#include "arm.h"
#include "buf.h"
#include "cfg.h"
#include "model.h"

/* Subscriptions listed one by one per poll at most (the rest are named
 * as skipped); above graph_threshold Resource Graph reads them all. */
#define AVAILABILITY_MAX_SUBS	50

struct availability;

struct availability *availability_new(const struct cfg *);	/* cfg outlives it */
void	 availability_free(struct availability *);

/* One poll: list every subscription's statuses, observe them, and add
 * the early warnings (judged against azure, the incidents Azure posted)
 * to out. Problems never fail the channel: they become lines of detail
 * ("resource health in ...: grant ..."). */
void	 availability_poll(struct availability *, struct arm *, struct http *,
	     const atomic_int *abort, const struct strv *subs,
	     const struct inc_list *azure, time_t now, struct inc_list *out,
	     struct buf *detail);

#endif
