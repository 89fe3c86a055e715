/* cfg.h: configuration from the file, the environment and flags, in that
 * order of precedence (flags win). Every section of the contract is parsed
 * here even where its channel comes later. */
#ifndef AZWATCH_CFG_H
#define AZWATCH_CFG_H

#include <stdbool.h>
#include <stddef.h>

#include "colorspec.h"
#include "model.h"

enum cfg_auth {
	AUTH_AUTO,
	AUTH_CLIENT_SECRET,
	AUTH_AZURE_CLI,
	AUTH_MANAGED_IDENTITY,
	AUTH_TOKEN
};
const char *cfg_auth_name(enum cfg_auth);

enum cfg_desktop {
	DESKTOP_OFF,
	DESKTOP_OSC9,
	DESKTOP_OSC777
};

/* A [sink NAME] section: where `azwatch watch` (and the dashboard with
 * [notify] sinks = on) delivers incidents. */
enum cfg_sink_type {
	SINK_NONE,
	SINK_WEBHOOK,
	SINK_SLACK,
	SINK_TEAMS,
	SINK_PAGERDUTY
};
const char *cfg_sink_type_name(enum cfg_sink_type);

struct cfg_sink {
	char		*name;
	enum cfg_sink_type type;
	char		*url;		/* secret: from url_file or url_env */
	char		*url_file;
	char		*url_env;
	char		*key;		/* secret: HMAC key, PagerDuty routing key */
	char		*key_file;
	char		*key_env;
	char		*endpoint;	/* pagerduty: the Events API URL; slack
					   with a token: the Web API's base */
	char		*channel;	/* slack: where the Web API posts */
	bool		 key_is_token;	/* key is a Slack bot token (token_*) */
	struct strv	 services;	/* filters; empty: any */
	struct strv	 regions;
	struct strv	 subscriptions;
	struct strv	 types;		/* "service-issue", ... */
	char		*min_level;	/* "warning", ...; NULL: any */
	int		 rate;		/* deliveries a minute, at most */
	int		 timeout;	/* seconds for one delivery */
	int		 settle;	/* seconds a change waits for the other
					   channels' answers before it is sent */
};

struct cfg {
	char		*path;		/* file read, NULL if none */

	/* [azure] */
	char		*cloud;
	char		*arm_endpoint;
	char		*login_endpoint;
	char		*imds_endpoint;	/* AZWATCH_IMDS_ENDPOINT, for tests */
	enum cfg_auth	 auth;
	char		*tenant_id;
	char		*client_id;
	char		*client_secret_file;
	char		*client_secret;	/* secret: AZURE_CLIENT_SECRET or the file */
	char		*access_token;	/* secret: AZWATCH_ACCESS_TOKEN */
	char		*az_program;	/* "az" unless AZWATCH_AZ_PROGRAM */
	int		 az_timeout;	/* seconds az may take, then it is killed */
	struct strv	 subscriptions;
	int		 graph_threshold;	/* > this many subs: Resource Graph */
	int		 lookback_days;

	/* [status_page] */
	char		*feed_url;

	/* [x] */
	char		*x_api_endpoint;
	char		*x_account;
	char		*x_bearer_token_file;
	char		*x_bearer_token;	/* secret */
	char		*x_feed_url;
	int		 x_interval;

	/* [support] */
	bool		 read_only;
	char		*contact_first_name;
	char		*contact_last_name;
	char		*contact_email;
	char		*contact_timezone;
	char		*contact_country;
	char		*contact_language;

	/* [poll] */
	int		 interval;
	int		 connect_timeout;	/* seconds to connect */
	int		 request_timeout;	/* seconds for a whole request */
	int		 max_requests;		/* in flight at once, per client */
	int		 max_per_host;		/* of those, to one host */

	/* [notify] */
	bool		 notify_bell;
	enum cfg_desktop notify_desktop;
	bool		 notify_tmux;
	char		*notify_program;
	int		 notify_timeout;	/* seconds for notify_program, tmux */
	bool		 notify_sinks;	/* the dashboard delivers to [sink]s too */

	/* [sink NAME] sections, in file order */
	struct cfg_sink	*sinks;
	size_t		 nsinks;

	/* [journal] */
	char		*state_dir;	/* $XDG_STATE_HOME/azwatch */
	int		 compact_days;

	/* [early_warning]: how many of one service in one region, or
	 * what share of them, turning down within how long */
	bool		 ew_enabled;
	int		 ew_min_resources;
	int		 ew_min_percent;
	int		 ew_window;		/* seconds */

	/* [depends]: "service=foundation" pairs beyond the built-in table */
	struct strv	 depends;

	/* [ui] */
	bool		 mouse;		/* clicks and the wheel; off by default */
	int		 ui_sort;	/* the feed's order (enum feedsort) where
					   the user has picked none; status */

	/* [colors]: a colorspec_value() per colorspec_role */
	int		 colors[COLORSPEC_N];

	/* [filter]: the feed's filters on a start with none saved */
	struct strv	 filter_regions;
	struct strv	 filter_services;
	struct strv	 filter_types;	/* inc_type_name()s */

	/* [alerts]: fired Azure Monitor alerts */
	bool		 alerts_fired;		/* read them (default on) */
	unsigned	 alerts_severities;	/* bit n: Sev n is shown */
	struct strv	 alerts_subscriptions;	/* empty: every one */
	struct strv	 alerts_resource_groups;	/* empty: every one */

	/* from flags only */
	char		*resource;	/* --resource */
	bool		 dry_run;
	bool		 no_color;	/* --no-color */
};

/* Defaults, then the file (explicit path or $AZWATCH_CONFIG or the XDG
 * one), then the environment. -1 with one line in err on a bad file, bad
 * value, insecure secret file or plain-http non-loopback endpoint. */
int	 cfg_load(struct cfg *, const char *explicit_path, char *err, size_t errlen);
/* Apply one "section.key=value" style override (used for flags). */
int	 cfg_set(struct cfg *, const char *section, const char *key,
	     const char *value, char *err, size_t errlen);
/* Checks done after flags: endpoints, interval minimum, cloud. */
int	 cfg_validate(struct cfg *, char *err, size_t errlen);
void	 cfg_free(struct cfg *);
/* Parse an INI document (for tests and cfg_load). */
int	 cfg_parse(struct cfg *, const char *text, const char *name,
	     char *err, size_t errlen);
void	 cfg_defaults(struct cfg *);
/* Cloud name sets arm/login endpoints; -1 if unknown. */
int	 cfg_set_cloud(struct cfg *, const char *cloud);
/* Parsed with libcurl's URL API: https://, or http:// only when the host
 * is loopback (127.0.0.0/8, ::1, localhost); never a user name or
 * password in it, which could disguise the host. */
bool	 cfg_url_ok(const char *url, char *err, size_t errlen);
bool	 cfg_url_is_loopback(const char *url);
/* Names of the environment variables that hold azwatch's secrets (the
 * built-in ones and any a configured sink names): a child never gets
 * them. Appended to names. */
void	 cfg_secret_env(const struct cfg *, struct strv *names);
/* Where the config file would be read from (for messages). caller frees */
char	*cfg_default_path(void);

#endif
