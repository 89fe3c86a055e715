/* export.h: one incident's timeline as Markdown for the post-incident
 * review, and where the dashboard saves it. */
#ifndef AZWATCH_EXPORT_H
#define AZWATCH_EXPORT_H

#include <stddef.h>
#include <time.h>

#include "model.h"

/* Title, tracking id, status, type, services and per-region status,
 * start and mitigation, every update oldest first with its UTC time and
 * source, links, summary. Remote text has its control characters
 * stripped (sanitize). Caller frees. */
char	*export_markdown(const struct incident *, time_t now);

/* Save the incident's Markdown under state_dir/exports (created 0700) as
 * a new 0600 file, written to a temporary file and renamed. The path goes
 * to path_out. */
int	 export_save(const struct incident *, const char *state_dir,
	     time_t now, char *path_out, size_t path_len,
	     char *err, size_t errlen);

#endif
