/* feedsort.h: the orders the feed can list incidents in (":sort"). A pure
 * function of the model: the feed sorts the indexes of what it shows. */
#ifndef AZWATCH_FEEDSORT_H
#define AZWATCH_FEEDSORT_H

#include <stddef.h>

#include "model.h"

enum feedsort {
	FEEDSORT_UPDATED,	/* newest update first (the snapshot's order) */
	FEEDSORT_STATUS,	/* active, mitigated, maintenance, resolved */
	FEEDSORT_TITLE,		/* by title, A to Z */
	FEEDSORT_N
};

/* "updated", "status", "title" */
const char *feedsort_name(enum feedsort);
/* The key named name (or a unique start of one), or -1. */
int	 feedsort_parse(const char *name);
/* The key after k, round. */
enum feedsort feedsort_next(enum feedsort k);
/* Sort idx[0..n) (indexes into l) by k; ties keep the snapshot's order
 * (newest update first). */
void	 feedsort_apply(enum feedsort k, const struct inc_list *l, size_t *idx,
	     size_t n);

#endif
