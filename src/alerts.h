/* alerts.h: is a Service Health alert configured? An audit of the
 * subscription's activity-log alert rules and the action groups they
 * notify, and `azwatch alerts setup`, which creates one that covers
 * every Service Health event. */
#ifndef AZWATCH_ALERTS_H
#define AZWATCH_ALERTS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "auth.h"
#include "cfg.h"
#include "http.h"
#include "model.h"

#define ALERTS_API_VERSION	"2020-10-01"	/* activityLogAlerts */
#define ALERTS_AG_API_VERSION	"2023-01-01"	/* actionGroups */

enum alerts_level {
	ALERTS_NONE,		/* no enabled Service Health rule */
	ALERTS_PARTIAL,		/* one that may miss events or tell nobody */
	ALERTS_READY		/* enabled, whole subscription, every event,
				   someone is notified */
};
const char *alerts_level_name(enum alerts_level);	/* "none", ... */

struct alerts_rule {
	char		*id;
	char		*name;
	bool		 enabled;
	bool		 covers;	/* a scope covers the subscription */
	bool		 service_health;	/* category == ServiceHealth */
	struct strv	 narrowing;	/* "event types: Incident, Maintenance" */
	struct strv	 groups;	/* action group ids */
	/* receivers over the groups read (alerts_count_receivers) */
	int		 email, sms, webhook, other;
	bool		 groups_read;	/* every group could be read */
};

struct alerts_report {
	enum alerts_level	 level;
	struct alerts_rule	*rules;	/* Service Health rules only */
	size_t			 nrules;
	size_t			 disabled;	/* of those, disabled */
};
void	 alerts_report_free(struct alerts_report *);

/* A page of activityLogAlerts for subscription sub; Service Health
 * rules are appended to out. *next_link (may be NULL) caller frees. */
int	 alerts_parse_rules(const char *data, size_t len, const char *sub,
	     struct alerts_report *out, char **next_link, char *err,
	     size_t errlen);
/* One action group: its receivers added to the rule's counts. A
 * disabled group adds nothing. */
int	 alerts_parse_group(const char *data, size_t len,
	     struct alerts_rule *rule, char *err, size_t errlen);
/* Decide report->level from its rules. */
void	 alerts_evaluate(struct alerts_report *);
/* "alerts: ready (rule sh-all: 1 email, 1 webhook)", "alerts: partial
 * (rule x: only event types: Incident)", "alerts: none"; caller frees. */
char	*alerts_line(const struct alerts_report *);

/* Read a subscription's rules and their action groups and decide. 0 or
 * -1 with a sentence (*auth_failed when no token could be had). */
struct arm;
int	 alerts_audit(struct arm *, struct http *, const atomic_int *abort,
	     const char *sub, struct alerts_report *out, bool *auth_failed,
	     char *err, size_t errlen);
/* The same for several subscriptions at once (rules, then every action
 * group, each in one round); res[i] for subs[i]. Returns how many could
 * not be read. */
struct alerts_audit_result {
	struct alerts_report	 rep;	/* when ok; alerts_report_free */
	bool			 ok;
	bool			 auth_failed;
	char			 err[512];
};
size_t	 alerts_audit_many(struct arm *, struct http *, const atomic_int *abort,
	     const char *const *subs, size_t n, struct alerts_audit_result *);

/* The two bodies `alerts setup` PUTs; caller frees. */
char	*alerts_group_body(const char *email);
char	*alerts_rule_body(const char *sub, const char *group_id);

/* `azwatch alerts setup --email ADDRESS [--subscription ID] [--dry-run]`:
 * prints what it will create, then creates it (unless dry run or
 * read-only), printing the resource ids. Returns the exit code. */
int	 alerts_setup_command(struct cfg *, const char *email, const char *sub,
	     bool dry_run);

#endif
