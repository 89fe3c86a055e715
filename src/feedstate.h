/* feedstate.h: the feed's filters and sort kept across restarts in a
 * small file in the state directory ("filters"), and the default filters
 * from the configuration ([filter] regions, services, types) for a start
 * with none kept. The search is not kept: it belongs to one reading. */
#ifndef AZWATCH_FEEDSTATE_H
#define AZWATCH_FEEDSTATE_H

#include <stddef.h>

#include "cfg.h"
#include "filter.h"

/* Read state_dir/filters into f and *sort. 1 when read, 0 when there is
 * none (f and *sort untouched), -1 with err when it cannot be read (f
 * and *sort untouched). Unknown lines are skipped; a file that names no
 * sort leaves *sort as it was (the configuration's). */
int	 feedstate_load(const char *state_dir, struct filter *f, int *sort,
	     char *err, size_t errlen);
/* Write them (atomically, 0600, through statefile_write). sort -1: the
 * user has picked none, so none is kept and the configuration's [ui]
 * sort goes on applying. 0 or -1. */
int	 feedstate_save(const char *state_dir, const struct filter *f,
	     int sort, char *err, size_t errlen);
/* The configuration's default filters into f: regions and services as
 * lists ("eastus, eastus2": either matches). */
void	 feedstate_defaults(struct filter *f, const struct cfg *);

#endif
