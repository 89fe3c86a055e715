/* statusline.h: `azwatch status --format tmux`, one short line for tmux's
 * status-right built from the journal alone: no network, no libcurl. */
#ifndef AZWATCH_STATUSLINE_H
#define AZWATCH_STATUSLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "journal.h"

/* "AZ ▲2 active · SH ok 3m · SP ▲2 1m", or "AZ ok · SP ok 2m", or
 * "AZ ? no data" when the journal knows nothing. ascii uses "^" and "|"
 * instead of "▲" and "·". Never contains remote text. */
void	 statusline_format(const struct journal *, time_t now, bool ascii,
	     char *buf, size_t len);
/* Load the journal under state_dir and print the line. ascii is also
 * chosen when the locale is not UTF-8. 0, or 1 when the journal could
 * not be read (the line then says "AZ ! journal"). */
int	 statusline_print(FILE *, const char *state_dir, bool ascii, time_t now);

#endif
