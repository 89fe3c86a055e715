/* availability.h: the user's resources' availability (Resource Health
 * availabilityStatuses, one listing per subscription, all at once through
 * the ARM client, or one Resource Graph HealthResources query above the
 * events' graph_threshold), read on the Service Health channel's cadence
 * and fed to the early warning. Only reads. */
#ifndef AZWATCH_AVAILABILITY_H
#define AZWATCH_AVAILABILITY_H

#include <stddef.h>
#include <time.h>

#include "arm.h"
#include "buf.h"
#include "cfg.h"
#include "model.h"
#include "restype.h"

/* Subscriptions listed one by one per poll at most (the rest are named
 * as skipped); above graph_threshold Resource Graph reads them all. */
#define AVAILABILITY_MAX_SUBS	50

struct availability;

struct availability *availability_new(const struct cfg *);	/* cfg outlives it */
void	 availability_free(struct availability *);

/* One poll's reading, in two halves so that its listings go out in the
 * same round as the caller's others: begin returns the listings to run
 * (NULL and 0 when the early warning is off or there is nothing to read);
 * after they ran, end observes the statuses, adds the early warnings
 * (judged against azure, the incidents Azure posted) to out, and frees
 * the reading. Problems never fail the channel: they become lines of
 * detail ("resource health in ...: grant ..."). */
struct availability_read;

struct availability_read *availability_begin(struct availability *,
	     const char *endpoint, const struct strv *subs,
	     struct arm_list **lists, size_t *n);
void	 availability_end(struct availability *, struct availability_read *,
	     const struct inc_list *azure, const struct restype_map *types,
	     time_t now, struct inc_list *out, struct buf *detail);
/* Frees a reading that will not be judged (the poll failed). */
void	 availability_read_free(struct availability_read *);

#endif
