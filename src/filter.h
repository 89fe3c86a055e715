/* filter.h: which incidents the feed lists: filters by service, region,
 * subscription, type and status, the resolved and maintenance toggles,
 * and the "/" search. Pure functions of the model, so they are tested
 * without a terminal, plus a locked copy that notify reads from the
 * worker thread. */
#ifndef AZWATCH_FILTER_H
#define AZWATCH_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

enum filter_field {
	FILTER_SERVICE,
	FILTER_REGION,
	FILTER_SUBSCRIPTION,
	FILTER_TYPE,		/* an inc_type_name() */
	FILTER_STATUS,		/* an inc_status_name() */
	FILTER_NFIELDS
};
const char *filter_field_name(enum filter_field);	/* "service", ... */

struct filter {
	char	*field[FILTER_NFIELDS];	/* owned; NULL: any */
	bool	 hide_resolved;
	bool	 hide_maintenance;
	char	*search;		/* owned; NULL or "": none */
};

void	 filter_init(struct filter *);		/* everything shown */
void	 filter_free(struct filter *);
void	 filter_copy(struct filter *dst, const struct filter *src);
/* Set one field (value copied; NULL or "" clears it). */
void	 filter_set(struct filter *, enum filter_field, const char *value);
void	 filter_set_search(struct filter *, const char *);
/* Back to filter_init's state. */
void	 filter_clear(struct filter *);
/* True when some filter or the search narrows the list. */
bool	 filter_active(const struct filter *);

/* The incident passes the filters (not the search). Services and regions
 * compare as regions.h does ("eastus" is "East US"); they and types may
 * be a comma-separated list that any one of matches; subscriptions,
 * types and statuses case-insensitively. */
bool	 filter_match(const struct filter *, const struct incident *);
/* The incident's title, tracking id, services, regions or an update's
 * text contains the search, ignoring ASCII case; true for no search. */
bool	 filter_search(const struct filter *, const struct incident *);
/* Both. */
bool	 filter_pass(const struct filter *, const struct incident *);
/* How many of l pass. */
size_t	 filter_count(const struct filter *, const struct inc_list *);

/* One line for people: "region=East US, hide resolved · /redis", or ""
 * when nothing narrows the list. Raw user and remote text: draw it
 * through sanitize. Caller frees. */
char	*filter_describe(const struct filter *);

/* The values a field can take in l (services, regions and subscriptions
 * seen; every type or status), sorted, unique. */
void	 filter_values(enum filter_field, const struct inc_list *,
	     struct strv *out);

/* A filter another thread reads: the UI sets it, notify asks it. */
struct filter_gate;
struct filter_gate *filter_gate_new(void);
void	 filter_gate_free(struct filter_gate *);
/* Copy f in (the search is left out: it narrows the list being read,
 * never what the user is told about). */
void	 filter_gate_set(struct filter_gate *, const struct filter *);
/* A notify_filter_fn: arg is the gate. */
bool	 filter_gate_match(const struct incident *, void *arg);

#endif
