/* parse-arm.h: Azure Resource Manager answers (Service Health events,
 * impacted resources, resource health, emerging issues, Resource Graph
 * rows, subscriptions, tokens, error bodies) turned into the model.
 * Pure functions of the bytes given; hostile input yields an error. */
#ifndef AZWATCH_PARSE_ARM_H
#define AZWATCH_PARSE_ARM_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model.h"

/* Emerging issues become incidents whose level starts with this word
 * ("Emerging Warning"), so the UI can label them as the portal does. */
#define ARM_EMERGING_LEVEL	"Emerging"

/* JSON nesting deeper than this is refused. */
#define ARM_MAX_DEPTH		64

/* The public status page's history link for a tracking id; caller frees. */
char	*arm_history_link(const char *tracking_id);

/* A page of Microsoft.ResourceHealth events (any api-version shape; keys
 * in either camelCase or Resource Graph PascalCase). Each event becomes
 * one incident keyed by its tracking id and is merged into out (an event
 * already there by key is merged, not duplicated). now decides whether an
 * Active event whose mitigation time has passed is "mitigated".
 * *next_link (may be NULL) gets nextLink or NULL; caller frees.
 * A body that is not a {"value": [...]} list is an error. */
int	 arm_parse_events(const char *data, size_t len, time_t now,
	     struct inc_list *out, char **next_link, char *err, size_t errlen);
/* One event object (GET .../events/{trackingId}); *out caller frees. */
int	 arm_parse_event(const char *data, size_t len, time_t now,
	     struct incident **out, char *err, size_t errlen);

/* impactedResources: each resource id once, appended to ids; in step
 * with it, when not NULL: the targetRegion ("" if none) in regions,
 * "confirmed" or "potential" in grades (a row is potential when an info[]
 * item whose key names the impact, "ImpactType", "Impact" or "Status",
 * says "Potential"; any other listed row is confirmed), and the tracking
 * id its row's id names (".../events/ID/impactedResources/...", "" if
 * none) in events. Rows without a resource id are skipped. */
int	 arm_parse_impacted(const char *data, size_t len, struct strv *ids,
	     struct strv *regions, struct strv *grades, struct strv *events,
	     char **next_link, char *err, size_t errlen);

/* availabilityStatuses for one resource. */
struct resource_health {
	char		*id;
	char		*state;		/* Available | Unavailable | Degraded | Unknown */
	char		*reason_type;	/* Unplanned | Planned | UserInitiated | ... */
	char		*context;	/* "Platform Initiated", ... */
	char		*cause;		/* healthEventCause, ... */
	char		*category;	/* category / healthEventCategory:
					   Planned | Unplanned */
	char		*location;	/* the envelope's region: "eastus2" */
	bool		 platform;	/* Azure's doing, not the user's */
	bool		 user;		/* the user's doing */
	char		*title;
	char		*summary;
	char		*detailed;
	time_t		 occurred;	/* the API spells it occuredTime */
	time_t		 reported;
	struct strv	 event_ids;	/* serviceImpactingEvents correlation ids */
	struct strv	 event_titles;
	bool		 annotation;	/* Resource Graph's resourceannotations
					   row: why, not a state */
};
void	 arm_resource_health_free(struct resource_health *);
/* One object (.../availabilityStatuses/current). */
int	 arm_parse_availability(const char *data, size_t len,
	     struct resource_health *out, char *err, size_t errlen);
/* A {"value": [...]} list; *out is an array of *n (caller frees each
 * with arm_resource_health_free, then the array). */
int	 arm_parse_availability_list(const char *data, size_t len,
	     struct resource_health **out, size_t *n, char **next_link,
	     char *err, size_t errlen);
/* One page of a Resource Graph HealthResources query (objectArray):
 * availabilitystatuses rows and resourceannotations rows (annotation
 * set: context and category, no state), keyed by properties.
 * targetResourceId, appended to *out (*n grows; caller frees each, then
 * the array). *skip_token: the next page's token or NULL. */
int	 arm_parse_graph_health(const char *data, size_t len,
	     struct resource_health **out, size_t *n, char **skip_token,
	     bool *truncated, char *err, size_t errlen);
/* "Unavailable (platform, Unplanned) since 2016-03-29T09:12:00Z: We're
 * sorry, ..." in one line; caller frees. */
char	*arm_resource_health_line(const struct resource_health *);

/* emergingIssues: statusActiveEvents become incidents (level
 * ARM_EMERGING_LEVEL + severity, source service-health), merged into out;
 * status banners ("title: message" as text) appended to banners if not
 * NULL. */
int	 arm_parse_emerging(const char *data, size_t len, struct inc_list *out,
	     struct strv *banners, char *err, size_t errlen);

/* A Resource Graph answer over ServiceHealthResources: rows carry
 * subscriptionId and PascalCase properties with numeric times. Rows of
 * the same tracking id merge into one incident listing every
 * subscription. *skip_token gets $skipToken or NULL; *truncated whether
 * resultTruncated said "true". */
int	 arm_parse_graph(const char *data, size_t len, time_t now,
	     struct inc_list *out, char **skip_token, bool *truncated,
	     char *err, size_t errlen);

/* GET /subscriptions: enabled subscription ids appended (unique). */
int	 arm_parse_subscriptions(const char *data, size_t len,
	     struct strv *ids, char **next_link, char *err, size_t errlen);
/* The same, and each one's displayName added to names (may be NULL). */
int	 arm_parse_subscription_names(const char *data, size_t len,
	     struct strv *ids, struct subnames *names, char **next_link,
	     char *err, size_t errlen);

/* A token answer in any of three shapes: AAD v2 {access_token,
 * expires_in number}, IMDS {access_token, expires_on string}, Azure CLI
 * {accessToken, expires_on int}. *token (caller zeroes and frees) and
 * *expires (absolute). An {error, error_description} answer gives its
 * code and first line. err never contains the token. */
int	 arm_parse_token(const char *data, size_t len, time_t now,
	     char **token, time_t *expires, char *err, size_t errlen);

/* One sentence from an error answer: {"error":{code,message}}, flat
 * {code,message}, or AAD {error,error_description}; otherwise just the
 * HTTP status. Always fills err; one line. */
void	 arm_error_text(const char *data, size_t len, long status,
	     char *err, size_t errlen);

#endif
