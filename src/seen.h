/* seen.h: which incidents the user has looked at, so the feed can mark
 * new incidents and new updates as unread. Keyed by incident key and the
 * last_update seen; kept in a small file in the state directory, written
 * whole to a temporary file and renamed over the old one. */
#ifndef AZWATCH_SEEN_H
#define AZWATCH_SEEN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model.h"

#define SEEN_FILE	"seen"
/* Marks older than this are dropped when the file is written. */
#define SEEN_KEEP_DAYS	90

struct seen;

/* Load dir/seen (a missing file is an empty set). dir NULL: in memory
 * only. Never fails: an unreadable file is an empty set. */
struct seen *seen_new(const char *dir);
void	 seen_free(struct seen *);
/* True when inc is new or changed since it was last marked. */
bool	 seen_unread(const struct seen *, const struct incident *);
/* Mark inc as seen as it is now; true if that changed anything. */
bool	 seen_mark(struct seen *, const struct incident *);
/* Mark all of l; true if that changed anything. */
bool	 seen_mark_all(struct seen *, const struct inc_list *);
size_t	 seen_count_unread(const struct seen *, const struct inc_list *);
/* Write the file if something changed since the last save. -1 with a
 * sentence in err on failure (the marks stay in memory). */
int	 seen_save(struct seen *, time_t now, char *err, size_t errlen);

#endif
