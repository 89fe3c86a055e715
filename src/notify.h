/* notify.h: telling the user about new incidents and updates. Runs in the
 * worker thread: it decides what is new, rate-limits, runs `tmux
 * display-message` and notify_program (no shell), and queues notices for
 * the UI, which alone writes to the terminal (bell, OSC 9 / OSC 777). */
#ifndef AZWATCH_NOTIFY_H
#define AZWATCH_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cfg.h"
#include "model.h"

/* After one notification, the next waits this long; what arrives
 * meanwhile is summed up in one ("50 updates, 3 incidents"). */
#define NOTIFY_WINDOW	30
/* Notices kept for the snapshot. */
#define NOTIFY_KEEP	16

struct notify;

/* cfg must outlive it. */
struct notify *notify_new(const struct cfg *);
void	 notify_free(struct notify *);
/* Which incidents count (the UI's filters); NULL: all. Called in the
 * worker thread, so it must only read what arg points to under its own
 * lock. */
typedef bool (*notify_filter_fn)(const struct incident *, void *arg);
void	 notify_set_filter(struct notify *, notify_filter_fn, void *arg);
/* Do not run notify_program (replay drills). */
void	 notify_set_quiet_program(struct notify *, bool);

/* The user's read marks as they were at the start (a private copy that
 * outlives the notify; NULL: none): an incident read and unchanged since
 * is known, no part of the start summary. */
struct seen;
void	 notify_set_seen(struct notify *, const struct seen *);

/* Remember incidents as known without telling anyone (what the journal
 * had, or a channel's very first answer). */
void	 notify_prime(struct notify *, const struct inc_list *);
/* A channel's first answer on a start with no history: known from now on
 * like notify_prime, and what is active and was not known (from the
 * journal or another channel) is kept for the start summary. */
void	 notify_baseline(struct notify *, const struct inc_list *);
/* The first complete poll is over (every channel answered or failed):
 * what the baselines kept that passes the filters becomes one pending
 * summary, "2 active Azure incidents for your filters: TITLE; TITLE".
 * Baselines after this are silent, as notify_prime. */
void	 notify_started(struct notify *);
/* A channel's answer: what was not known yet becomes pending. */
void	 notify_scan(struct notify *, const struct inc_list *);
/* Deliver what is pending if the window allows: one notice (kept for the
 * snapshot), tmux display-message, notify_program. true if it did. */
bool	 notify_flush(struct notify *, time_t now);
/* When notify_flush has something to deliver, or running children to
 * look after (0: nothing). */
time_t	 notify_due(const struct notify *);
/* Copies of the recent notices, oldest first (caller frees each with
 * notice_free, then the array). */
void	 notify_notices(const struct notify *, struct notice **out, size_t *n);

/* What went wrong with the last notify_program or tmux run (missing,
 * failed, hung and killed), or NULL once one succeeds. Reaps finished
 * children; one past its deadline ([notify] timeout) is killed. */
const char *notify_problem(struct notify *);
/* Add that problem, if any, as a line of st's detail. */
void	 notify_report(struct notify *, struct chan_status *st);

/* For the UI: the terminal sequence that shows n as a desktop
 * notification (OSC 9 or OSC 777), from sanitized text; "" when off. */
void	 notify_osc(const struct notice *, enum cfg_desktop, char *buf,
	     size_t len);
/* Remote text made safe for tmux display-message: sanitized, one line,
 * '#' doubled so it is never read as a format, clipped. Caller frees. */
char	*notify_tmux_text(const char *);
/* The incident as `status --json` prints one (caller frees). */
char	*notify_incident_json(const struct incident *);

#endif
