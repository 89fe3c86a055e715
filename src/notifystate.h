/* notifystate.h: what went wrong with notify_program (or tmux), kept in
 * the state directory by the process that runs them (the dashboard, the
 * watcher) so that `azwatch status`, another process, can say so. */
#ifndef AZWATCH_NOTIFYSTATE_H
#define AZWATCH_NOTIFYSTATE_H

#include <time.h>

#define NOTIFYSTATE_FILE	"notify.json"

struct notifystate {
	char	*problem;	/* NULL: the last run went well */
	time_t	 since;		/* when this problem was first seen */
};

/* Keep st in step with problem (NULL: none): written to dir only when it
 * changed. -1 with err when the file could not be written (st then still
 * holds the old value, so the next call tries again). */
int	 notifystate_save(struct notifystate *st, const char *dir,
	     const char *problem, time_t now, char *err, size_t errlen);
/* What dir holds; 0 with st->problem NULL when there is nothing to say
 * (no file, or no problem). -1 with err when the file is unreadable. */
int	 notifystate_load(struct notifystate *st, const char *dir, char *err,
	     size_t errlen);
void	 notifystate_free(struct notifystate *);

#endif
