/* watch.h: `azwatch watch`, the headless watcher: the dashboard's worker,
 * channels, journal and filters with no terminal, one log line per event
 * on stderr (text or JSON Lines), delivery to the configured sinks,
 * SIGHUP reloads the configuration, SIGTERM and SIGINT stop it. */
#ifndef AZWATCH_WATCH_H
#define AZWATCH_WATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg.h"

/* Load the configuration again (SIGHUP) as the command line first did:
 * 0, or -1 with a sentence in err (the old one is kept). */
typedef int (*watch_load_fn)(struct cfg *, void *arg, char *err,
	     size_t errlen);

struct watch_opts {
	bool		 json;		/* --log-format json */
	watch_load_fn	 reload;
	void		*reload_arg;
};

/* Run until SIGTERM (returns 0) or SIGINT (130); 1 when it cannot start.
 * cfg is the watcher's: replaced on a reload, freed by the caller. */
int	 watch_run(struct cfg *cfg, const struct watch_opts *);

#endif
