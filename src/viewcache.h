/* viewcache.h: the last published screen, kept small so that a restart
 * paints at once, before the journal is read: each channel's state and
 * the newest incidents with their latest update. A cache: written
 * atomically (temp + rename), and losing it costs only speed. */
#ifndef AZWATCH_VIEWCACHE_H
#define AZWATCH_VIEWCACHE_H

#include <stddef.h>

#include "model.h"

#define VIEWCACHE_FILE		"view.json"
#define VIEWCACHE_INCIDENTS	100	/* more than any screen shows */

/* Write snapshot s to dir/view.json. -1 with err on failure. */
int	 viewcache_write(const char *dir, const struct snapshot *,
	     char *err, size_t errlen);
/* A snapshot from dir/view.json, channels marked from_cache; NULL when
 * there is none or it cannot be read (then nothing is lost). */
struct snapshot *viewcache_read(const char *dir);

#endif
