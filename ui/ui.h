/* ui.h: the dashboard. Only the UI thread calls curses; it sleeps in
 * poll() on the terminal and the worker's pipe. */
#ifndef AZWATCH_UI_H
#define AZWATCH_UI_H

#include "cfg.h"
#include "worker.h"

/* Run the dashboard until the user quits. The exit status (0 on a quit
 * or SIGTERM, 130 after Ctrl-C), or -1 with err (the terminal could not
 * be set up). label: shown in the header (e.g. "replay" for drills), may
 * be NULL. */
int	 ui_run(const struct cfg *, struct worker *, const char *label,
	     char *err, size_t errlen);

/* SIGHUP: read the configuration again. The function replaces *worker
 * (stopping the old one, starting one on the new configuration, which it
 * puts where the cfg given to ui_run is) and returns 0; or returns -1
 * with err and changes nothing, so the old configuration stays. Without
 * one (drills), SIGHUP only says that nothing was reloaded. */
typedef int (*ui_reload_fn)(void *arg, struct worker **worker, char *err,
	     size_t errlen);
void	 ui_set_reload(ui_reload_fn, void *arg);

#endif
