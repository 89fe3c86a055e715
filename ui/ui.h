/* ui.h: the dashboard. Only the UI thread calls curses; it sleeps in
 * poll() on the terminal and the worker's pipe. */
#ifndef AZWATCH_UI_H
#define AZWATCH_UI_H

#include "cfg.h"
#include "worker.h"

/* Run the dashboard until the user quits. 0 on a normal quit, -1 with err
 * (the terminal could not be set up). label: shown in the header (e.g.
 * "replay" for drills), may be NULL. */
int	 ui_run(const struct cfg *, struct worker *, const char *label,
	     char *err, size_t errlen);

#endif
