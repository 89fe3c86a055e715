/* main.c: command line: the dashboard, `status`, `check` and friends. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "alerts.h"
#include "cfg.h"
#include "cfginit.h"
#include "checkalerts.h"
#include "checkrun.h"
#include "decide.h"
#include "notifystate.h"
#include "output.h"
#include "regions.h"
#include "replay.h"
#include "sanitize.h"
#include "sink.h"
#include "statusline.h"
#include "timeutil.h"
#include "ui.h"
#include "watch.h"
#include "worker.h"
#include "xmalloc.h"

#define EXIT_USAGE	2
#define EXIT_CHANNELS	3

enum {
	OPT_INTERVAL = 256,
	OPT_CLOUD,
	OPT_JSON,
	OPT_FORMAT,
	OPT_SERVICE,
	OPT_REGION,
	OPT_SINCE,
	OPT_RESOURCE,
	OPT_SPEED,
	OPT_EMAIL,
	OPT_SUBSCRIPTION,
	OPT_DRY_RUN,
	OPT_READ_ONLY,
	OPT_TIMEOUT,
	OPT_NO_COLOR,
	OPT_STATE_DIR,
	OPT_LOG_FORMAT,
	OPT_ALERTS
};

struct args {
	const char	*command;
	const char	*config;
	const char	*interval;
	const char	*cloud;
	bool		 json;
	const char	*format;
	const char	*service;
	const char	*region;
	const char	*since;
	const char	*resource;
	const char	*speed;
	const char	*email;
	const char	*subscription;
	bool		 dry_run;
	bool		 read_only;
	bool		 no_color;
	bool		 alerts;	/* check --alerts */
	int		 timeout;	/* seconds; 0: the default */
	const char	*file;		/* replay FILE */
	const char	*subcommand;	/* alerts setup */
	const char	*state_dir;	/* --state-dir */
	const char	*log_format;	/* watch: text or json */
};

static const char usage_text[] =
"usage: azwatch [OPTIONS]                  the dashboard\n"
"       azwatch status [--json | --format tmux] [OPTIONS]\n"
"       azwatch check --service NAME --region REGION [--since TIME]\n"
"                     [--resource ID] [--timeout SECONDS] [--json] [OPTIONS]\n"
"       azwatch check --alerts [--timeout SECONDS] [--json] [OPTIONS]\n"
"       azwatch replay FILE [--speed N]\n"
"       azwatch watch [--log-format text|json] [--state-dir DIR] [OPTIONS]\n"
"       azwatch alerts setup --email ADDRESS [--subscription ID] [--dry-run]\n"
"       azwatch config init [--config FILE]\n"
"       azwatch --help | --version\n"
"\n"
"Is it us or is it Azure? Watches Azure Service Health, the public status\n"
"page, @AzureSupport on X and your support tickets, in that order.\n"
"\n"
"options:\n"
"  -c, --config FILE      configuration file (default $AZWATCH_CONFIG, else\n"
"                         $XDG_CONFIG_HOME/azwatch/config)\n"
"      --interval SECONDS poll interval (default 60, at least 10)\n"
"      --cloud NAME       AzureCloud, AzureUSGovernment or AzureChinaCloud\n"
"      --resource ID      also watch this resource's health\n"
"      --read-only        never create anything in Azure\n"
"      --timeout SECONDS  (check, the wizard) wait at most this long for the\n"
"                         channels (default 15); those that did not answer\n"
"                         count as unreachable\n"
"      --json             (status, check) print JSON\n"
"      --format FMT       (status) text, json or tmux\n"
"      --service NAME     (check) the service, by name or alias\n"
"      --region REGION    (check) the region, by name or alias\n"
"      --since TIME       (check) when it started: 2026-11-24T09:00Z, 09:00, 30m\n"
"      --speed N          (replay) N times the recorded pace\n"
"      --email ADDRESS    (alerts setup) where Service Health alerts are mailed\n"
"      --subscription ID  (alerts setup) the subscription to set them up in\n"
"      --dry-run          (alerts setup) show what would be created\n"
"      --no-color         no colours (as NO_COLOR)\n"
"      --state-dir DIR    journal and outbox here (default\n"
"                         $XDG_STATE_HOME/azwatch)\n"
"      --log-format FMT   (watch) text or json, one line per event\n"
"  -h, --help             this help\n"
"  -V, --version          print the version\n"
"\n"
"watch: no terminal; logs each new, updated, mitigated or resolved\n"
"incident, channel failure and sink delivery on stderr and delivers to\n"
"the [sink NAME] sections of the configuration. SIGHUP reloads the\n"
"configuration, SIGTERM stops (exit 0), SIGINT too (exit 130).\n"
"\n"
"check: --service and --region take names and aliases (AFD, Redis Cache,\n"
"eastus2); an unknown name exits 2 with the closest known names. Exit 10\n"
"azure-incident, 11 not-matching (a near miss), 12 mitigated-persisting,\n"
"0 no-known-incident, 13 undetermined.\n"
"check --alerts: a verdict per fired Azure Monitor alert of the last day\n"
"([alerts] severities, default Sev0-2); exits with the most severe verdict's\n"
"status (azure-incident, mitigated-persisting, not-matching, undetermined,\n"
"no-known-incident), 0 when none fired, 13 when they cannot be read.\n"
"\n"
"dashboard keys: ? F1 help, Tab Shift-Tab panes, j k arrows PgDn PgUp g G\n"
"move, Enter l details, / search (Enter keeps, Esc clears), n N next and\n"
"previous match, : command line (filter, sort, export, help, q; Tab\n"
"completes), f filter menu, R M hide resolved, maintenance, c clear\n"
"filters, m mark read, e export, y copy the ID, o open, [ ] previous and\n"
"next, / n N search (in the details), r Ctrl-R refresh, Ctrl-L redraw,\n"
"1-4 a channel's state, w is-it-us wizard (from the selected incident;\n"
"s y o t on its verdict), a your fired alerts, q quit.\n"
"Mouse with [ui] mouse = on. Fits 40x8 and up.\n"
"\n"
"signals: Ctrl-C (SIGINT) exits 130, SIGTERM exits 0, SIGHUP reloads the\n"
"configuration (a bad file keeps the old one and says why).\n"
"\n"
"environment: AZWATCH_CONFIG, AZURE_TENANT_ID, AZURE_CLIENT_ID,\n"
"AZURE_CLIENT_SECRET, AZURE_SUBSCRIPTION_ID, AZWATCH_ACCESS_TOKEN,\n"
"X_BEARER_TOKEN, AZWATCH_AZ_PROGRAM, AZWATCH_IMDS_ENDPOINT, NO_COLOR,\n"
"LANG/LC_ALL (not UTF-8: ASCII text), TERM, COLORTERM, TMUX,\n"
"XDG_CONFIG_HOME, XDG_STATE_HOME, HOME; proxies as libcurl reads them:\n"
"http_proxy, https_proxy, ALL_PROXY, no_proxy. See azwatch(1).\n";

static void
usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2),
    noreturn));

static void
usage_error(const char *fmt, ...)
{
	char msg[1024], *clean;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* it quotes arguments: no escape from them reaches the terminal */
	clean = sanitize_str(msg);
	fprintf(stderr, "azwatch: %s (try azwatch --help)\n", clean);
	free(clean);
	exit(EXIT_USAGE);
}

/* An error sentence on stderr. It may quote remote text (an ARM error, a
 * replay file) or a path: sanitized, never a format. */
static void
say_error(const char *err)
{
	char *clean = sanitize_str(err);

	fprintf(stderr, "azwatch: %s\n", clean);
	free(clean);
}

static void
parse_args(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "interval", required_argument, NULL, OPT_INTERVAL },
		{ "cloud", required_argument, NULL, OPT_CLOUD },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "service", required_argument, NULL, OPT_SERVICE },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "resource", required_argument, NULL, OPT_RESOURCE },
		{ "speed", required_argument, NULL, OPT_SPEED },
		{ "email", required_argument, NULL, OPT_EMAIL },
		{ "subscription", required_argument, NULL, OPT_SUBSCRIPTION },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "read-only", no_argument, NULL, OPT_READ_ONLY },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ "log-format", required_argument, NULL, OPT_LOG_FORMAT },
		{ "alerts", no_argument, NULL, OPT_ALERTS },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	long n;
	int ch, i;

	memset(a, 0, sizeof *a);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":c:hV", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': a->config = optarg; break;
		case 'h': fputs(usage_text, stdout); exit(0);
		case 'V': puts(PACKAGE_NAME " " PACKAGE_VERSION); exit(0);
		case OPT_INTERVAL: a->interval = optarg; break;
		case OPT_CLOUD: a->cloud = optarg; break;
		case OPT_JSON: a->json = true; break;
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_SERVICE: a->service = optarg; break;
		case OPT_REGION: a->region = optarg; break;
		case OPT_SINCE: a->since = optarg; break;
		case OPT_RESOURCE: a->resource = optarg; break;
		case OPT_SPEED: a->speed = optarg; break;
		case OPT_EMAIL: a->email = optarg; break;
		case OPT_SUBSCRIPTION: a->subscription = optarg; break;
		case OPT_DRY_RUN: a->dry_run = true; break;
		case OPT_READ_ONLY: a->read_only = true; break;
		case OPT_NO_COLOR: a->no_color = true; break;
		case OPT_STATE_DIR: a->state_dir = optarg; break;
		case OPT_LOG_FORMAT: a->log_format = optarg; break;
		case OPT_ALERTS: a->alerts = true; break;
		case OPT_TIMEOUT:
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    n < 1 || n > 3600)
				usage_error("--timeout: '%s' is not a number of "
				    "seconds from 1 to 3600", optarg);
			a->timeout = (int)n;
			break;
		case ':':
			usage_error("%s needs an argument", argv[optind - 1]);
		default:
			if (optopt != 0)
				usage_error("unknown option -%c", optopt);
			usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	i = optind;
	if (i < argc)
		a->command = argv[i++];
	if (a->command == NULL)
		return;
	if (strcmp(a->command, "replay") == 0) {
		if (i >= argc)
			usage_error("replay needs a FILE");
		a->file = argv[i++];
	} else if (strcmp(a->command, "config") == 0) {
		if (i >= argc || strcmp(argv[i], "init") != 0)
			usage_error("config takes one subcommand: init");
		a->subcommand = argv[i++];
	} else if (strcmp(a->command, "alerts") == 0) {
		if (i >= argc || strcmp(argv[i], "setup") != 0)
			usage_error("alerts takes one subcommand: setup");
		a->subcommand = argv[i++];
	} else if (strcmp(a->command, "status") != 0 &&
	    strcmp(a->command, "check") != 0 &&
	    strcmp(a->command, "watch") != 0)
		usage_error("unknown command '%s'", a->command);
	if (i < argc)
		usage_error("unexpected argument '%s'", argv[i]);
}

/* The configuration as the flags amend it: at the start, and again on
 * SIGHUP. -1 with err (cfg is then freed). */
static int
config_read(const struct args *a, struct cfg *cfg, char *err, size_t errlen)
{
	int n;
	char *end;

	if (cfg_load(cfg, a->config, err, errlen) == -1)
		goto fail;
	if (a->interval != NULL) {
		errno = 0;
		n = (int)strtol(a->interval, &end, 10);
		if (errno != 0 || *end != '\0' || end == a->interval || n < 1)
			usage_error("--interval: '%s' is not a number of seconds",
			    a->interval);
		cfg->interval = n;
	}
	if (a->cloud != NULL &&
	    cfg_set(cfg, "azure", "cloud", a->cloud, err, errlen) == -1)
		goto fail;
	if (a->state_dir != NULL) {
		free(cfg->state_dir);
		cfg->state_dir = xstrdup(a->state_dir);
	}
	if (a->resource != NULL) {
		free(cfg->resource);
		cfg->resource = xstrdup(a->resource);
	}
	if (a->read_only)
		cfg->read_only = true;
	cfg->dry_run = a->dry_run;
	cfg->no_color = a->no_color;
	if (cfg_validate(cfg, err, errlen) == -1)
		goto fail;
	return 0;
fail:
	cfg_free(cfg);
	return -1;
}

static void
load_config(const struct args *a, struct cfg *cfg)
{
	char err[1024];

	if (config_read(a, cfg, err, sizeof err) == -1) {
		say_error(err);
		exit(EXIT_USAGE);
	}
}

static int
reload_config(struct cfg *cfg, void *arg, char *err, size_t errlen)
{
	return config_read(arg, cfg, err, errlen);
}

/* The headless watcher: the same worker as the dashboard, no terminal. */
static int
cmd_watch(const struct args *a, struct cfg *cfg)
{
	struct watch_opts o = { 0 };

	if (a->log_format != NULL && strcmp(a->log_format, "text") != 0 &&
	    strcmp(a->log_format, "json") != 0)
		usage_error("--log-format must be text or json");
	o.json = a->log_format != NULL && strcmp(a->log_format, "json") == 0;
	o.reload = reload_config;
	o.reload_arg = (void *)a;
	return watch_run(cfg, &o);
}

static int
cmd_status(const struct args *a, struct cfg *cfg)
{
	struct worker *w;
	struct snapshot *s;
	const char *fmt = a->format != NULL ? a->format :
	    (a->json ? "json" : "text");
	struct notifystate ns;
	char err[256], *clean;
	int k, rc = 0;

	if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0)
		usage_error("--format must be text, json or tmux");
	w = worker_new(cfg);
	s = worker_poll_once(w);
	/* what the dashboard or watcher found wrong with notify_program */
	if (notifystate_load(&ns, cfg->state_dir, err, sizeof err) == -1) {
		clean = sanitize_str(err);
		fprintf(stderr, "azwatch: %s\n", clean);
		free(clean);
	}
	if (strcmp(fmt, "json") == 0)
		output_status_json_sinks(stdout, s, time(NULL),
		    cfg->nsinks > 0 ? sinks_status_json(cfg) : NULL, &ns);
	else {
		output_status_text(stdout, s, time(NULL));
		sinks_status_text(stdout, cfg);
		output_notify_text(stdout, &ns, time(NULL));
	}
	notifystate_free(&ns);
	for (k = 0; k < CHAN_COUNT; k++) {
		if (s->chans[k].state == CHAN_UNREACHABLE ||
		    s->chans[k].state == CHAN_ERROR)
			rc = EXIT_CHANNELS;
	}
	snapshot_unref(s);
	worker_free(w);
	return rc;
}

/* An unknown --service or --region is a usage error naming the closest
 * known names: a verdict on a name nobody uses would say "not Azure". */
static void
check_names(const struct args *a)
{
	char msg[512];

	if (services_canonical(a->service) == NULL) {
		services_unknown_text(a->service, msg, sizeof msg);
		fprintf(stderr, "azwatch: %s\n", msg);
		exit(EXIT_USAGE);
	}
	if (regions_lookup(a->region) == NULL &&
	    !regions_is_global(a->region)) {
		regions_unknown_text(a->region, msg, sizeof msg);
		fprintf(stderr, "azwatch: %s\n", msg);
		exit(EXIT_USAGE);
	}
}

static int
cmd_check(const struct args *a, struct cfg *cfg)
{
	struct answers ans = { 0 };
	struct decision d;
	struct worker *w;
	time_t now = time(NULL);
	int rc;

	if (a->alerts) {
		if (a->service != NULL || a->region != NULL ||
		    a->since != NULL || a->resource != NULL)
			usage_error("check --alerts takes no --service, --region, "
			    "--since or --resource: each alert names its own");
		w = worker_new(cfg);
		if (a->timeout > 0)
			worker_set_timeout(w, a->timeout);
		rc = checkalerts_run(w, cfg, worker_timeout(w), a->json, stdout,
		    stderr);
		worker_free(w);
		return rc;
	}
	if (a->service == NULL || *a->service == '\0')
		usage_error("check needs --service NAME");
	if (a->region == NULL || *a->region == '\0')
		usage_error("check needs --region REGION");
	check_names(a);
	ans.service = a->service;
	ans.region = a->region;
	ans.resource = a->resource;
	ans.depends = &cfg->depends;
	ans.since = now;
	if (a->since != NULL && time_parse_user(a->since, now, &ans.since) == -1)
		usage_error("--since: cannot read '%s' (try 2026-11-24T09:00Z, "
		    "09:00 or 30m)", a->since);
	w = worker_new(cfg);
	if (a->timeout > 0)
		worker_set_timeout(w, a->timeout);
	/* every channel that can change the verdict at once; the verdict as
	 * soon as it is conclusive, at the latest at the deadline */
	checkrun(w, &ans, worker_timeout(w), &d);
	if (a->json)
		output_check_json(stdout, &d);
	else
		output_check_text(stdout, &d);
	rc = verdict_exit_code(d.verdict);
	decision_free(&d);
	worker_free(w);
	return rc;
}

/* SIGHUP in the dashboard: the new configuration, or the old one kept. */
struct reload {
	const struct args	*args;
	struct cfg		*cfg;		/* the one the UI reads */
	struct worker		*w;		/* the one running */
	struct sinks		*sk;		/* [notify] sinks = on, or NULL */
};

/* [notify] sinks = on: this dashboard delivers too (off by default: a
 * team's watcher does). 0 with *skp NULL when it does not. */
static int
dashboard_sinks(const struct cfg *cfg, struct sinks **skp, char *err,
    size_t errlen)
{
	struct sinks *sk;

	*skp = NULL;
	if (!cfg->notify_sinks || cfg->nsinks == 0)
		return 0;
	if ((sk = sinks_new(cfg, NULL, NULL, err, errlen)) == NULL)
		return -1;
	if (sinks_start(sk, err, errlen) == -1) {
		sinks_free(sk);
		return -1;
	}
	*skp = sk;
	return 0;
}

static int
dashboard_reload(void *arg, struct worker **wp, char *err, size_t errlen)
{
	struct reload *r = arg;
	struct cfg fresh;
	struct worker *w;
	int rc;

	if (config_read(r->args, &fresh, err, errlen) == -1)
		return -1;
	/* Endpoints and credentials belong to the worker's clients: a new
	 * worker on the new configuration. It starts from the view cache and
	 * the journal, as a restart would, and polls at once. The sinks read
	 * the configuration: new ones too. */
	worker_free(*wp);
	sinks_free(r->sk);
	cfg_free(r->cfg);
	*r->cfg = fresh;
	rc = dashboard_sinks(r->cfg, &r->sk, err, errlen);
	w = worker_new(r->cfg);
	worker_set_sinks(w, r->sk);
	if (r->args->timeout > 0)
		worker_set_timeout(w, r->args->timeout);
	*wp = r->w = w;
	if (worker_start(w, err, errlen) == -1)
		return -1;
	return rc;
}

static int
cmd_dashboard(const struct args *a, struct cfg *cfg, const char *label,
    int timeout)
{
	struct reload r = { a, cfg, NULL, NULL };
	char err[512];
	int rc = 0;

	if (dashboard_sinks(cfg, &r.sk, err, sizeof err) == -1) {
		say_error(err);
		return 1;
	}
	r.w = worker_new(cfg);
	worker_set_sinks(r.w, r.sk);
	if (timeout > 0)
		worker_set_timeout(r.w, timeout);	/* the wizard's wait */
	ui_set_reload(dashboard_reload, &r);
	if (worker_start(r.w, err, sizeof err) == -1 ||
	    (rc = ui_run(cfg, r.w, label, err, sizeof err)) == -1) {
		say_error(err);
		rc = 1;
	}
	ui_set_reload(NULL, NULL);
	worker_free(r.w);	/* SIGHUP may have replaced it */
	sinks_free(r.sk);
	return rc;
}

/* A drill: the dashboard driven by a recorded timeline, no network. */
static int
cmd_replay(const struct args *a, struct cfg *cfg)
{
	struct replay rp;
	struct worker *w;
	char err[1024], *end;
	double speed = 1;
	int rc = 0;

	if (a->speed != NULL) {
		errno = 0;
		speed = strtod(a->speed, &end);
		if (errno != 0 || end == a->speed || *end != '\0' ||
		    !(speed > 0 && speed <= 100000))
			usage_error("--speed: '%s' is not a number above 0",
			    a->speed);
	}
	if (replay_load(a->file, &rp, err, sizeof err) == -1) {
		say_error(err);
		return EXIT_USAGE;
	}
	w = worker_new(cfg);
	worker_set_replay(w, &rp, speed);
	if (worker_start(w, err, sizeof err) == -1 ||
	    (rc = ui_run(cfg, w, "replay", err, sizeof err)) == -1) {
		say_error(err);
		rc = 1;
	}
	worker_free(w);
	replay_free(&rp);
	return rc;
}

/* azwatch config init: the template where the configuration is read
 * from, never over anything already there. */
static int
cmd_config_init(const struct args *a)
{
	const char *env = getenv("AZWATCH_CONFIG");
	char err[1024], *path;
	int rc = 0;

	if (a->config != NULL)
		path = xstrdup(a->config);
	else if (env != NULL && *env != '\0')
		path = xstrdup(env);
	else
		path = cfg_default_path();
	if (cfginit_write(path, err, sizeof err) == -1) {
		say_error(err);
		fputs("azwatch: nothing was written; edit that file, or name "
		    "another with --config FILE\n", stderr);
		rc = 1;
	} else {
		char *clean = sanitize_str(path);

		printf("Wrote %s (mode 600).\n", clean);
		free(clean);
		fputs(cfginit_next_steps(), stdout);
	}
	free(path);
	return rc;
}

int
main(int argc, char **argv)
{
	struct args a;
	struct cfg cfg;
	int rc;

	/* Before any thread: setlocale is not thread-safe, and both threads
	 * measure text with wcwidth. */
	setlocale(LC_ALL, "");
	/* Read the time zone once, before any thread: both threads convert
	 * times, and glibc loads the zone data on first use. */
	tzset();
#ifdef M_ARENA_MAX
	/* A thread per channel, mostly asleep or waiting on the network:
	 * little contention, and one malloc arena keeps what one thread
	 * frees reusable by all, and the resident size small. */
	mallopt(M_ARENA_MAX, 1);
#endif
	signal(SIGPIPE, SIG_IGN);
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	parse_args(argc, argv, &a);
	if (a.command != NULL && strcmp(a.command, "config") == 0)
		return cmd_config_init(&a);
	if (a.format != NULL && a.command != NULL &&
	    strcmp(a.command, "status") == 0 && (strcmp(a.format, "tmux") == 0 ||
	    strcmp(a.format, "tmux-ascii") == 0)) {
		/* from the journal alone: no network, no libcurl */
		load_config(&a, &cfg);
		rc = statusline_print(stdout, cfg.state_dir,
		    strcmp(a.format, "tmux-ascii") == 0, time(NULL));
		cfg_free(&cfg);
		return rc;
	}
	load_config(&a, &cfg);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fprintf(stderr, "azwatch: cannot initialise libcurl\n");
		return 1;
	}
	if (a.command == NULL)
		rc = cmd_dashboard(&a, &cfg, NULL, a.timeout);
	else if (strcmp(a.command, "replay") == 0)
		rc = cmd_replay(&a, &cfg);
	else if (strcmp(a.command, "status") == 0)
		rc = cmd_status(&a, &cfg);
	else if (strcmp(a.command, "watch") == 0)
		rc = cmd_watch(&a, &cfg);
	else if (strcmp(a.command, "alerts") == 0)
		rc = alerts_setup_command(&cfg, a.email, a.subscription,
		    a.dry_run);
	else
		rc = cmd_check(&a, &cfg);
	curl_global_cleanup();
	cfg_free(&cfg);
	return rc;
}
