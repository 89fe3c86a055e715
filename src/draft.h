/* draft.h: a Markdown support-ticket draft built from a verdict, and
 * saving it safely to the user's state directory. */
#ifndef AZWATCH_DRAFT_H
#define AZWATCH_DRAFT_H

#include <stddef.h>
#include <time.h>

#include "decide.h"
#include "model.h"

/* The heading of the last section: nothing from it may become the
 * ticket's tracking id, title or link. */
#define DRAFT_NOT_THIS_ONE	"## Not this one"

/* The draft: title, summary, service, region, resource, start time,
 * verdict, the matched incidents with their latest update, channel
 * evidence, a UTC timeline and the advice; then, under DRAFT_NOT_THIS_ONE,
 * the active incidents that do not match, as context only. Remote text is
 * stripped of control characters. snap may be NULL. Caller frees. */
char	*draft_markdown(const struct answers *, const struct decision *,
	     const struct snapshot *, time_t now);

/* $XDG_STATE_HOME/azwatch/drafts, else ~/.local/state/azwatch/drafts. */
int	 draft_default_dir(char *out, size_t outlen, char *err, size_t errlen);

/* Write markdown to dir (NULL = the default, created 0700) as
 * "azwatch-<hint>-YYYYMMDD-HHMMSS.md", never replacing an existing file:
 * a temporary file in the same directory, fsync, rename. The file is 0600.
 * The path written goes to path_out. */
int	 draft_save(const char *markdown, const char *dir, const char *name_hint,
	     char *path_out, size_t path_len, char *err, size_t errlen);

#endif
