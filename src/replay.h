/* replay.h: incident timelines for drills (`azwatch replay FILE`): timed
 * steps, each a channel's raw answer (fed to the real parsers) or a
 * channel failure. The format is documented in doc/replay.md. */
#ifndef AZWATCH_REPLAY_H
#define AZWATCH_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "chan.h"
#include "model.h"

#define REPLAY_MAX_FILE		(32L * 1024 * 1024)
#define REPLAY_MAX_PAYLOAD	(4L * 1024 * 1024)
#define REPLAY_MAX_STEPS	10000

enum replay_action {
	REPLAY_ANSWER,		/* body is what the channel's endpoint said */
	REPLAY_UNREACHABLE,	/* body is the error in words */
	REPLAY_ERROR
};

struct replay_step {
	long			 offset;	/* seconds after start, recorded */
	enum chan_id		 chan;
	enum replay_action	 action;
	char			*body;
	size_t			 len;
	int			 line;		/* where it was in the file */
	bool			 availability;	/* "resource-health": the
						   user's resources' statuses,
						   for the early warning */
	bool			 impacted;	/* "impacted-resources": an
						   event's impactedResources,
						   graded confirmed/potential */
};

struct replay {
	char			*name;
	time_t			 start;		/* recorded clock at offset 0, or 0 */
	struct replay_step	*steps;		/* in offset order */
	size_t			 nsteps;
	unsigned		 chans;		/* CHAN_BIT()s the steps use */
};

/* 0, or -1 with "FILE:LINE: what is wrong" in err. */
int	 replay_parse(const char *text, size_t len, const char *name,
	     struct replay *, char *err, size_t errlen);
int	 replay_load(const char *path, struct replay *, char *err, size_t errlen);
void	 replay_free(struct replay *);
/* A recorded time as the drill shows it: with a start line, the timeline
 * is moved to begin at real_start and squeezed by speed, so that "5m ago"
 * stays true while replaying fast. Without one, times are kept. */
time_t	 replay_map(const struct replay *, double speed, time_t real_start,
	     time_t recorded);
/* What a poll would have produced at this step (res initialised by the
 * caller): the payload through rss_parse + derive_status_feed or
 * arm_parse_events, times mapped; or a failure. */
void	 replay_step_result(const struct replay *, const struct replay_step *,
	     double speed, time_t real_start, struct chan_result *);

/* A drill's memory between steps: the last Service Health events and
 * the early warning's reading of the resources. */
struct earlywarn_cfg;
struct replay_run;
struct replay_run *replay_run_new(const struct replay *, double speed,
	     time_t real_start, const struct earlywarn_cfg *);	/* NULL: defaults */
void	 replay_run_free(struct replay_run *);
/* replay_step_result, and for Service Health the early warning: a
 * resource-health step (availabilityStatuses) is observed and answers
 * with the last events; every Service Health answer carries the warnings
 * judged against those events. */
void	 replay_run_step(struct replay_run *, const struct replay_step *,
	     struct chan_result *);

#endif
