/* model.h: what azwatch knows about the world: incidents, their updates,
 * channel states, and the immutable snapshot the worker hands to the UI.
 * No network and no drawing here. */
#ifndef AZWATCH_MODEL_H
#define AZWATCH_MODEL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* A vector of owned strings. */
struct strv {
	char	**v;
	size_t	  n;
};

void	 strv_add(struct strv *, const char *);		/* copies */
void	 strv_add_unique(struct strv *, const char *);	/* copies; case-insensitive dedupe */
bool	 strv_has(const struct strv *, const char *);	/* case-insensitive */
void	 strv_copy(struct strv *dst, const struct strv *src);	/* dst must be empty */
void	 strv_free(struct strv *);
char	*strv_join(const struct strv *, const char *sep);	/* caller frees */

enum chan_id {
	CHAN_SERVICE_HEALTH,
	CHAN_STATUS_PAGE,
	CHAN_X,
	CHAN_SUPPORT,
	CHAN_COUNT
};
#define CHAN_BIT(c)	(1u << (c))

const char *chan_id_name(enum chan_id);		/* "service-health", ... */
int	 chan_id_parse(const char *);		/* -1 if unknown */

enum chan_state {
	CHAN_PENDING,		/* configured, no answer yet (internal only) */
	CHAN_OK,
	CHAN_INCIDENT,
	CHAN_UNREACHABLE,
	CHAN_ERROR,
	CHAN_UNCONFIGURED
};
const char *chan_state_name(enum chan_state);	/* "ok", ..., "pending" */

enum inc_status {
	INC_ACTIVE,
	INC_MITIGATED,
	INC_RESOLVED
};
const char *inc_status_name(enum inc_status);
int	 inc_status_parse(const char *);

enum inc_type {
	INC_SERVICE_ISSUE,
	INC_PLANNED_MAINTENANCE,
	INC_HEALTH_ADVISORY,
	INC_SECURITY_ADVISORY,
	INC_RCA,
	INC_OTHER
};
const char *inc_type_name(enum inc_type);	/* "service-issue", ... */
int	 inc_type_parse(const char *);

/* The seed's three reasons the public status page carries an incident. */
enum scenario {
	SCEN_NONE,
	SCEN_BROAD,		/* broad multi-region / multi-service impact */
	SCEN_PORTAL,		/* the portal or Service Health itself impaired */
	SCEN_SCOPE_UNKNOWN	/* Microsoft cannot yet tell who is affected */
};
const char *scenario_name(enum scenario);	/* "broad-impact", ... */
const char *scenario_text(enum scenario);	/* a sentence for people */

/* The lag record: when each channel first showed an incident, against
 * its impact start ("Service Health +9m, early warning -10m"). */
enum lag_chan {
	LAG_SERVICE_HEALTH,
	LAG_EMERGING,		/* Service Health's emerging issues */
	LAG_STATUS_PAGE,
	LAG_X,
	LAG_EARLY_WARNING,	/* azwatch's own inference (earlywarn.c) */
	LAG_ALERT,		/* the user's first fired alert */
	LAG_COUNT
};
const char *lag_chan_name(enum lag_chan);	/* "Service Health", ... */
const char *lag_chan_key(enum lag_chan);	/* "service_health", ... */

/* Post-incident reviews, as Service Health tags them. */
enum pir_stage {
	PIR_NONE,
	PIR_PRELIMINARY,	/* "Preliminary PIR": within about 3 days */
	PIR_FINAL		/* "Final PIR": within about 14 days */
};
const char *pir_stage_name(enum pir_stage);	/* "none", "preliminary", "final" */
int	 pir_stage_parse(const char *);		/* -1 if unknown */

struct update {
	time_t		 time;
	enum chan_id	 source;
	char		*text;		/* plain text, unsanitized remote data */
};

/* One (service, region) pair an incident names, with that region's own
 * status. region NULL means global / no region named. */
struct impact {
	char		*service;
	char		*region;
	enum inc_status	 status;
};

/* Incidents are reference counted so that channel lists and published
 * snapshots can share them. A shared incident (refs > 1) is immutable:
 * code that changes one in a list takes it with inc_list_own(), which
 * copies it first when someone else holds it. */
struct incident {
	atomic_int	 refs;
	char		*key;		/* merge key: tracking id, else source-specific */
	char		*tracking_id;	/* NULL if unknown */
	char		*title;
	char		*summary;	/* plain text */
	char		*header;
	char		*level;		/* "Warning", "Critical", ... or NULL */
	enum inc_status	 status;
	enum inc_type	 type;
	enum scenario	 scenario;
	bool		 is_hir;
	bool		 false_positive;	/* an update tagged "False Positive" */
	bool		 no_impact;	/* a "No Impact" communication: never a match */
	time_t		 start;		/* 0 = unknown */
	time_t		 mitigated;	/* 0 = none */
	time_t		 last_update;
	unsigned	 sources;	/* CHAN_BIT()s */
	struct strv	 services;
	struct strv	 regions;
	struct impact	*impacts;
	size_t		 nimpacts;
	struct update	*updates;	/* newest first */
	size_t		 nupdates;
	struct strv	 links;
	struct strv	 subscriptions;
	struct strv	 resources;	/* impacted resource ids of the user's */
	/* An early warning is azwatch's inference from the user's own
	 * resources, never Microsoft's word: never a match by itself. Once
	 * Azure posts a matching incident it names it in joined (a key),
	 * and the snapshot folds it into that incident's lag record. */
	bool		 early;
	char		*joined;
	time_t		 seen[LAG_COUNT];	/* first shown per channel; 0 = not */
	/* Impact as Azure grades it: resources lists the confirmed ones
	 * (impactedResources); potential, the user's other resources of an
	 * impacted service in an impacted region; health, "State id" for
	 * both, as Resource Health last said. */
	struct strv	 potential;
	struct strv	 health;
	enum pir_stage	 pir;		/* the latest review posted */
	time_t		 pir_posted;	/* when that stage was posted; 0 = unknown */
	/* What the portal's Service Health blade shows besides: raw API
	 * values (apiword.h makes them words), plain text otherwise. */
	int		 priority;	/* 0 most urgent .. 23; -1 unknown */
	char		*event_level;	/* eventLevel: Critical .. Informational */
	char		*subtype;	/* eventSubType: Retirement, ... */
	char		*impact_type;	/* impactType */
	bool		 platform_initiated;
	bool		 enable_support;	/* enableMicrosoftSupport */
	bool		 enable_chat;		/* enableChatWithUs */
	char		*info;		/* additionalInformation.message */
	struct strv	 faqs;		/* "question\nanswer" */
	/* the user's support tickets that name it, a line each
	 * (chan-support.c, ticket_brief) */
	struct strv	 tickets;
};

/* What an incident is, in the one vocabulary people see: "active",
 * "mitigated", "resolved" for incidents; "planned", "in progress",
 * "done" for maintenance (a window ahead of now is never active);
 * "advisory" for advisories until resolved. */
enum inc_state {
	INC_STATE_ACTIVE,
	INC_STATE_MITIGATED,
	INC_STATE_IN_PROGRESS,
	INC_STATE_PLANNED,
	INC_STATE_ADVISORY,
	INC_STATE_RESOLVED,
	INC_STATE_DONE
};
struct incident;
enum inc_state incident_state(const struct incident *, time_t now);
const char *inc_state_name(enum inc_state);
/* Order in the feed: active, mitigated, maintenance and advisories, then
 * what is over; smaller first. */
int	 inc_state_rank(enum inc_state);

struct incident *incident_new(const char *key);		/* refs = 1 */
struct incident *incident_ref(struct incident *);
void	 incident_free(struct incident *);	/* drops one reference */
struct incident *incident_dup(const struct incident *);	/* a private copy */
void	 incident_add_update(struct incident *, time_t, enum chan_id,
	     const char *text);		/* keeps newest first, drops exact dups */
void	 incident_add_impact(struct incident *, const char *service,
	     const char *region, enum inc_status);	/* also fills services/regions */
/* Merge src into dst (same key): union of sources, updates, impacts, lists;
 * scalar fields taken from whichever has the later last_update, filling
 * blanks from the other. */
void	 incident_merge(struct incident *dst, const struct incident *src);
void	 incident_set(char **field, const char *value);	/* replace owned string */
/* Redact every known secret from the incident's text, in place (it must
 * not be shared yet): what a server quoted back is never shown or kept. */
void	 incident_redact(struct incident *);

/* An owned, growable list of incidents. Past a few dozen entries it
 * keeps a hash index of its keys, maintained by inc_list_add and
 * inc_list_sort; code that removes entries by hand (memmove, n--) only
 * makes inc_list_find fall back to a scan until the next add. Move a list
 * by copying the struct and zeroing the source, never by sharing it. */
struct inc_list {
	struct incident	**v;
	size_t		  n;
	size_t		 *slots;	/* position + 1; 0 = empty */
	size_t		  nslots;	/* a power of two, or 0 */
	size_t		  indexed;	/* v[0..indexed) are in slots */
};
void	 inc_list_add(struct inc_list *, struct incident *);	/* takes ownership */
struct incident *inc_list_find(const struct inc_list *, const char *key);
/* The incident with that key, for changing: copied first (and the copy
 * put in its place) when it is shared. NULL if there is none. */
struct incident *inc_list_own(struct inc_list *, const char *key);
struct incident *inc_list_own_at(struct inc_list *, size_t i);	/* i < n */
void	 inc_list_clear(struct inc_list *);	/* drops its references */
/* Merge every incident of src into dst by key: an incident dst does not
 * have is shared (a reference), one it has is merged into its own copy. */
void	 inc_list_merge(struct inc_list *dst, const struct inc_list *src);
void	 inc_list_sort(struct inc_list *);	/* newest last_update first */

/* Per-channel state as the UI and `status` show it. */
struct chan_status {
	enum chan_state	 state;
	bool		 configured;
	time_t		 last_success;	/* 0 = never */
	time_t		 last_attempt;	/* 0 = never */
	time_t		 next_poll;	/* 0 = unknown */
	char		*error;		/* last error in words, NULL after success */
	char		*note;		/* one line: how signed in, budget, what to set */
	char		*detail;	/* extra lines for the pane, '\n' separated */
	int		 active;	/* active incidents this channel reports */
	bool		 from_cache;	/* data came from the journal, not the network */
	char		*journal;	/* why the journal is not written ("disk
					   full", ...) at its last answer, or NULL */
	/* progress: a poll in flight since poll_started (CLOCK_MONOTONIC
	 * milliseconds, time_mono_ms), and how many polls have ended, so
	 * that a screen waiting for a fresh answer can tell one came */
	bool		 polling;
	long long	 poll_started;
	unsigned long	 answers;
	bool		 timed_out;	/* check: no answer before the deadline */
};
void	 chan_status_copy(struct chan_status *dst, const struct chan_status *src);
void	 chan_status_free(struct chan_status *);

/* A notification for the UI to deliver (bell, OSC 9/777): notify.c makes
 * them off the UI thread, the worker copies the recent ones into every
 * snapshot, and the UI acts on each id it has not seen yet. */
enum notice_kind {
	NOTICE_INCIDENT,	/* a new incident */
	NOTICE_UPDATE,		/* a new update or status of a known one */
	NOTICE_SUMMARY		/* a burst: "50 updates, 3 incidents" */
};
struct notice {
	unsigned long	 id;		/* increasing from 1 */
	enum notice_kind kind;
	char		*key;		/* incident key (newest one for a burst) */
	char		*title;		/* unsanitized remote text */
	char		*text;		/* one line, unsanitized */
};
void	 notice_copy(struct notice *dst, const struct notice *src);
void	 notice_free(struct notice *);

/* The user's fired Azure Monitor alerts (fired.c reads them): each with
 * its target resource, that resource's service and region. */
struct fired_alert {
	char		*id;		/* the alert's ARM id */
	char		*rule;		/* the alert rule's name */
	int		 severity;	/* 0 (Sev0) to 4, -1 unknown */
	char		*resource;	/* target resource id */
	char		*resource_type;	/* "Microsoft.Cache/Redis", or NULL */
	char		*subscription;
	char		*resource_group;	/* NULL: none in the id */
	char		*service;	/* Service Health's name; NULL: unknown type */
	char		*region;	/* as ARM names it; NULL: unknown */
	time_t		 start;		/* when it fired; 0 unknown */
	char		*monitor;	/* monitorService: "Platform", ... */
};

enum fired_state {
	FIRED_WAITING,		/* not read yet */
	FIRED_OK,		/* read (some subscriptions may be denied) */
	FIRED_DENIED,		/* no permission anywhere: see FIRED_GRANT */
	FIRED_FAILED		/* could not be read */
};

/* Immutable once published. All text in it is remote and unsanitized. */
struct fired_set {
	atomic_int		 refs;
	enum fired_state	 state;
	time_t			 at;		/* when read */
	char			*error;		/* a sentence, or NULL */
	struct strv		 denied;	/* subscriptions without the read */
	bool			 truncated;	/* more pages than read */
	struct fired_alert	*v;		/* most severe first, then newest */
	size_t			 n;
};

void	 fired_alert_free(struct fired_alert *);	/* its fields */
/* A deep copy into dst. */
void	 fired_alert_copy(struct fired_alert *dst, const struct fired_alert *src);
struct fired_set *fired_set_new(void);		/* refs = 1 */
struct fired_set *fired_set_ref(struct fired_set *);	/* NULL is fine */
void	 fired_set_unref(struct fired_set *);		/* NULL is fine */
/* Sort v: most severe first, then the newest. */
void	 fired_set_sort(struct fired_set *);
/* "Sev1", or "Sev?" */
const char *fired_severity_name(int severity);

/* The display names of the user's subscriptions, as the subscription
 * list gave them: names.v[i] is ids.v[i]'s. Immutable once published;
 * reference counted as fired_set. All text in it is remote. */
struct subnames {
	atomic_int		 refs;
	struct strv		 ids;
	struct strv		 names;
};
struct subnames *subnames_new(void);		/* refs = 1 */
struct subnames *subnames_ref(struct subnames *);	/* NULL is fine */
void	 subnames_unref(struct subnames *);		/* NULL is fine */
void	 subnames_add(struct subnames *, const char *id, const char *name);
/* The name of subscription id (case-insensitive), or NULL. */
const char *subnames_get(const struct subnames *, const char *id);

/* What the worker publishes. Immutable once published; reference counted
 * so the UI can hold one while the worker builds the next. */
struct snapshot {
	atomic_int		 refs;
	unsigned long		 seq;		/* increases with every publish */
	time_t			 generated;
	bool			 refreshing;	/* a poll is in progress */
	struct chan_status	 chans[CHAN_COUNT];
	struct inc_list		 incidents;	/* merged, newest first */
	struct notice		*notices;	/* the most recent, oldest first */
	size_t			 nnotices;
	struct fired_set	*fired;		/* the user's fired alerts (a
						   reference); NULL: not read */
	struct snapshot_drill {
		time_t		 start;		/* when it began here; 0: live */
		double		 speed;
		time_t		 recorded;	/* the recorded clock at its
						   start; 0: unknown */
		long		 length;	/* recorded seconds to its
						   last step */
		bool		 ended;		/* every step has been played */
	}			 drill;
	struct subnames		*subnames;	/* a reference; NULL: none listed */
};

struct snapshot *snapshot_new(void);
struct snapshot *snapshot_ref(struct snapshot *);
/* A new snapshot with the same channels and incidents (shared), for a
 * view that changes some channel states; seq and notices not copied. */
struct snapshot *snapshot_dup(const struct snapshot *);
void	 snapshot_unref(struct snapshot *);
int	 snapshot_active_count(const struct snapshot *);
/* azwatch's own early warnings still standing alone (Azure has posted
 * nothing that covers them): counted apart, never as incidents. */
int	 snapshot_early_count(const struct snapshot *);
/* "ok", "incident", "degraded" (some channel failing), "unknown" */
const char *snapshot_overall(const struct snapshot *);

#endif
