/* earlywarn.h: the early warning. azwatch's own inference, from the
 * user's resources' availability (Resource Health), that Azure has a
 * problem with one service in one region before Azure says so. Pure: the
 * caller brings the statuses, the incidents Azure posted and the time. */
#ifndef AZWATCH_EARLYWARN_H
#define AZWATCH_EARLYWARN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model.h"
#include "restype.h"
#include "parse-arm.h"

/* Key prefix of an early warning's incident: "early:<service>/<region>". */
#define EARLYWARN_KEY_PREFIX	"early:"

struct earlywarn_cfg {
	int	 min_resources;	/* this many resources turning down ... */
	int	 min_percent;	/* ... or this share of the service's
				   resources in the region (at least 2) */
	int	 window;	/* ... within this many seconds */
};
#define EARLYWARN_MIN_RESOURCES	3
#define EARLYWARN_MIN_PERCENT	20
#define EARLYWARN_WINDOW	900

struct earlywarn;

struct earlywarn *earlywarn_new(const struct earlywarn_cfg *);	/* NULL: defaults */
void	 earlywarn_free(struct earlywarn *);

/* One complete reading of the user's resources (every status a poll
 * listed). A resource counts when it turned Unavailable or Degraded for a
 * platform-initiated, unplanned reason; planned maintenance and the
 * user's own doing never count; a resource that flaps counts once, from
 * its first turn in the window. Resources missing from the reading are
 * forgotten. A resource's service comes from types (NULL: the built-in
 * table). */
void	 earlywarn_observe(struct earlywarn *, const struct resource_health *,
	     size_t n, const struct restype_map *types, time_t now);

/* The warnings as incidents, added to out (owned by it): one active
 * early warning (inc->early) per service and region that crossed the
 * threshold and that no incident in azure covers; once an incident in
 * azure covers a warning raised before it, the warning names it in
 * inc->joined instead (status resolved), so that the snapshot folds
 * the lead time into it (earlywarn_join). azure may be NULL. */
void	 earlywarn_eval(struct earlywarn *, const struct inc_list *azure,
	     time_t now, struct inc_list *out);

/* Fold every joined early warning in l into the incident it names (its
 * lag record's early-warning time) and drop it from l; a warning whose
 * incident is not in l is dropped too. Active warnings stay. */
void	 earlywarn_join(struct inc_list *l);

/* Grade an Azure incident's impact on the user's resources as read:
 * the ones it lists (inc->resources) are confirmed; those Azure lists as
 * potential (already in inc->potential) and the user's other resources
 * of a service in a region it covers are potential; inc->health gets
 * "State id" for every one that was read. */
void	 earlywarn_grade(const struct earlywarn *, struct incident *);

/* A resource's state in inc->health ("Unavailable"), or "not read" when
 * no reading names it; into buf. */
const char *earlywarn_health_of(const struct incident *, const char *id,
	     char *buf, size_t len);

/* Does this Azure incident cover service in region (either may be a
 * form or alias)? Active or mitigated service issues only. */
bool	 earlywarn_covers(const struct incident *, const char *service,
	     const char *region);

#endif
