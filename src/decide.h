/* decide.h: the "is it us or is it Azure?" decision. One pure function of
 * the user's answers, the channels' snapshot and the time, used by the
 * wizard screens and by `azwatch check`. */
#ifndef AZWATCH_DECIDE_H
#define AZWATCH_DECIDE_H

#include <stdbool.h>
#include <time.h>

#include "model.h"

enum verdict {
	VERDICT_NO_KNOWN_INCIDENT,	/* exit 0 */
	VERDICT_AZURE_INCIDENT,		/* exit 10 */
	VERDICT_NOT_MATCHING,		/* exit 11 */
	VERDICT_MITIGATED_PERSISTING,	/* exit 12 */
	VERDICT_UNDETERMINED		/* exit 13 */
};
const char *verdict_name(enum verdict);	/* "azure-incident", ... */
/* What the verdict means, in a few words for its headline: "Azure has an
 * incident that covers this". */
const char *verdict_phrase(enum verdict);
int	 verdict_exit_code(enum verdict);

struct answers {
	const char	*service;	/* any form or alias */
	const char	*region;	/* any form */
	const char	*resource;	/* ARM resource id or NULL */
	time_t		 since;		/* when symptoms began; 0 = now */
	const struct strv *depends;	/* [depends] "service=foundation"
					   pairs; NULL: built-in table only */
};

struct decision {
	enum verdict	 verdict;
	char		*service;	/* canonical name, owned */
	char		*region;	/* display name, owned */
	struct strv	 matched;	/* tracking ids (or keys) that match */
	struct strv	 others;	/* active incidents that do not match */
	struct strv	 near;		/* of those, the near misses: this
					   service elsewhere, or another
					   service here */
	struct strv	 ticketed;	/* matched ids the user already has
					   an open support ticket about */
	struct strv	 evidence;	/* sentences: ids, latest update + time, channels */
	unsigned	 channels_used;	/* CHAN_BIT()s consulted, in fallback order */
	unsigned	 channels_failed;	/* consulted but unreachable/error/unconfigured */
	enum scenario	 scenario;	/* when the status page decided */
	bool		 public_only;	/* azure-incident from the public page
					   while Service Health had nothing
					   targeted at the user */
	bool		 by_dependency;	/* azure-incident through a
					   foundational service */
	bool		 unscoped;	/* azure-incident from an incident
					   that names no service or region */
	char		*next_step;	/* owned */
	int		 early_warnings;	/* azwatch's standing alone, any
					   service: snapshot_early_count */
	const char	*advice;	/* the seed's rule in plain words, static */
	/* The escalation path spelled out, one line per step whatever its
	 * state, always DECIDE_PATH_STEPS of them in this order: 1 Service
	 * Health, 2 the status page, 3 @AzureSupport on X (each consulted,
	 * not needed, pending, timed out, unreachable or not configured),
	 * 4 a support ticket (what this verdict says of one). */
	struct strv	 path;
	/* undetermined: what the freshest channel said before it failed,
	 * with its age ("12m ago Service Health showed ..."), or NULL */
	char		*known_before;
};
#define DECIDE_PATH_STEPS	4

void	 decide(const struct answers *, const struct snapshot *, time_t now,
	     struct decision *out);
void	 decision_free(struct decision *);

/* Helpers shared with the ticket draft and the wizard screens. */
int	 verdict_parse(const char *);		/* -1 if unknown */
const char *decide_advice_text(void);		/* the seed's rule, static */
/* Service issues and other events count; maintenance, advisories and
 * post-incident reviews do not. */
bool	 decide_is_incident(const struct incident *);
const char *decide_incident_id(const struct incident *);	/* tracking id, else key */
const struct incident *decide_find(const struct snapshot *, const char *id);
time_t	 decide_last_activity(const struct incident *);	/* 0 = unknown */
/* One line of remote text without controls, at most max bytes with an
 * ellipsis; caller frees. */
char	*decide_quote(const char *, size_t max);
/* "09:40 UTC" on now's day, else "2026-11-21 09:40 UTC". */
void	 decide_format_time(time_t, time_t now, char *buf, size_t len);

#endif
