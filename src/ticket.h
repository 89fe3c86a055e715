/* ticket.h: Azure support tickets (Microsoft.Support): listing them,
 * finding the incident a ticket is about, and raising one from the
 * wizard's draft. The request is always built and shown first; it is
 * sent only when confirmed, never in dry-run or read-only mode. */
#ifndef AZWATCH_TICKET_H
#define AZWATCH_TICKET_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "auth.h"
#include "cfg.h"
#include "http.h"
#include "model.h"

#define TICKET_API_VERSION	"2024-04-01"
#define TICKET_PORTAL_URL	"https://portal.azure.com/#create/Microsoft.Support"
/* Longest description sent; the whole draft stays in its file. */
#define TICKET_MAX_DESCRIPTION	5000

/* A tracking id in free text: a known incident's id if one appears,
 * else the first word shaped like one ("7K2Q-XL8", "BC_1-FXZ": 3-6
 * capitals/digits/_, '-', 3 capitals/digits, with a digit somewhere;
 * "SHA-256" and "COVID-19" are not). known may be NULL. 0 and the id in
 * out, -1 if none. */
int	 ticket_find_tracking_id(const char *text, const struct inc_list *known,
	     char *out, size_t outlen);

/* One ticket as listed. */
struct ticket {
	char	*name;		/* resource name */
	char	*number;	/* supportTicketId */
	char	*title;
	char	*severity;
	char	*status;	/* "Open", "Closed", ... */
	char	*service;	/* serviceDisplayName */
	char	*subscription;
	time_t	 created;
	time_t	 modified;
	char	*tracking_id;	/* linked incident, NULL if none */
	char	*text;		/* title, name and description: where
				   ticket_link looks for the tracking id */
};

struct ticket_set {
	struct ticket	*v;
	size_t		 n;
};
void	 ticket_set_free(struct ticket_set *);
void	 ticket_set_copy(struct ticket_set *dst, const struct ticket_set *src);
/* The incident t names, found in its text with ticket_find_tracking_id
 * (the ids of known first): into t->tracking_id, NULL when none. */
void	 ticket_link(struct ticket *, const struct inc_list *known);
bool	 ticket_is_open(const struct ticket *);

/* A page of supportTickets; tickets appended to out, tracking ids found
 * with ticket_find_tracking_id (known may be NULL). *next_link caller
 * frees. */
int	 ticket_parse_list(const char *data, size_t len, const char *subscription,
	     const struct inc_list *known, struct ticket_set *out,
	     char **next_link, char *err, size_t errlen);
/* For an incident's detail: "#119120321001170  Open  Severity B
 * (moderate impact)  my title  (updated 2026-11-24 09:30 UTC)"; caller
 * frees. */
char	*ticket_brief(const struct ticket *);
/* The same with the incident it names, for the support channel's list:
 * "...  (updated 2026-11-24 09:30 UTC)  about 7K2Q-XL8"; caller frees. */
char	*ticket_line(const struct ticket *);

/* services or problemClassifications: id plus display name. */
struct ticket_choice {
	char		*id;
	char		*name;
	struct strv	 types;	/* a service's resourceTypes (none for a
				   problem classification) */
};
struct ticket_choices {
	struct ticket_choice	*v;
	size_t			 n;
};
int	 ticket_parse_choices(const char *data, size_t len,
	     struct ticket_choices *out, char **next_link, char *err,
	     size_t errlen);
void	 ticket_choices_free(struct ticket_choices *);

/* What the user picked for a new ticket. */
struct ticket_draft {
	const char	*subscription;
	const char	*service_id;		/* from ticket_services() */
	const char	*classification_id;	/* from ticket_classifications() */
	const char	*severity;	/* minimal | moderate | critical |
					   highestcriticalimpact */
	bool		 consent;	/* advancedDiagnosticConsent Yes/No */
	const char	*markdown;	/* the draft: the description */
	const char	*draft_path;	/* where the draft is kept, may be NULL */
	const char	*tracking_id;	/* NULL: found in the markdown */
	const char	*title;		/* NULL: from the draft's heading */
	const char	*resource_id;	/* optional */
	time_t		 problem_start;	/* 0: not given */
	time_t		 now;		/* for the ticket name */
};

bool	 ticket_severity_valid(const char *);

/* The request body (JSON text) and the resource name it is PUT under.
 * -1 with a sentence when something required is missing (contact
 * details in [support], service, classification, severity). Caller
 * frees both. */
int	 ticket_request(const struct cfg *, const struct ticket_draft *,
	     char **json, char **name, char *err, size_t errlen);
/* "PUT <url>" then the JSON, for showing before confirmation. */
char	*ticket_request_text(const struct cfg *, const struct ticket_draft *,
	     char *err, size_t errlen);

struct arm;

/* Support API lists (GET, through the ARM client). */
int	 ticket_services(struct arm *, struct http *, const atomic_int *abort,
	     struct ticket_choices *out, char *err, size_t errlen);
int	 ticket_classifications(struct arm *, struct http *,
	     const atomic_int *abort, const char *service_id,
	     struct ticket_choices *out, char *err, size_t errlen);

enum ticket_outcome {
	TICKET_CREATED,		/* 200/201: created */
	TICKET_ACCEPTED,	/* 202: Azure is still creating it */
	TICKET_NOT_SENT,	/* dry run, read-only or not confirmed */
	TICKET_NO_PLAN,		/* no support plan or no permission */
	TICKET_FAILED		/* anything else */
};

/*
 * Build, and send only when confirmed and neither cfg->dry_run nor
 * cfg->read_only. *shown (may be NULL; caller frees) gets the request
 * text. msg always gets a sentence: the created ticket's id, why nothing
 * was sent, or what failed, with the draft's path and the portal address
 * for raising it by hand.
 */
enum ticket_outcome ticket_send(const struct cfg *, struct arm *,
	     struct http *, const atomic_int *abort,
	     const struct ticket_draft *, bool confirmed, char **shown,
	     char *msg, size_t msglen);

#endif
