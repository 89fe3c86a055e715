/* cfg.c: configuration: defaults, then the INI file, then the environment,
 * then flags (through cfg_set). Secrets are read here and only here. */
#include "config.h"
#include "cfg.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "buf.h"
#include "depends.h"
#include "feedsort.h"
#include "sanitize.h"
#include "sink-slack.h"
#include "statefile.h"
#include "timeutil.h"
#include "xmalloc.h"

static void sink_cfg_free(struct cfg_sink *);

#define CFG_MAX_FILE	(256 * 1024)
#define CFG_MAX_SECRET	(16 * 1024)

struct cloud {
	const char	*name;
	const char	*arm;
	const char	*login;
};

static const struct cloud clouds[] = {
	{ "AzureCloud", "https://management.azure.com",
	  "https://login.microsoftonline.com" },
	{ "AzureUSGovernment", "https://management.usgovcloudapi.net",
	  "https://login.microsoftonline.us" },
	{ "AzureChinaCloud", "https://management.chinacloudapi.cn",
	  "https://login.chinacloudapi.cn" },
};

static const char *auth_names[] = {
	"auto", "client-secret", "azure-cli", "managed-identity", "token"
};

const char *
cfg_auth_name(enum cfg_auth a)
{
	return (unsigned)a <= AUTH_TOKEN ? auth_names[a] : "?";
}

static void
set_str(char **field, const char *value)
{
	char *copy = xstrdup(value);

	free(*field);
	*field = copy;
}

/* Overwrite a secret before freeing it. */
static void
free_secret(char **s)
{
	if (*s != NULL) {
		sanitize_secret_remove(*s);
		explicit_bzero(*s, strlen(*s));
		free(*s);
		*s = NULL;
	}
}

/* Keep a secret (value is taken over): known to the sanitizer, which
 * redacts it from remote text, until free_secret. */
static void
set_secret(char **field, char *value)
{
	free_secret(field);
	*field = value;
	sanitize_secret_add(value);
}

void
cfg_secret_env(const struct cfg *c, struct strv *names)
{
	size_t i;

	/* c NULL (a sign-in's az): only the fixed names */
	for (i = 0; c != NULL && i < c->nsinks; i++) {
		if (c->sinks[i].url_env != NULL)
			strv_add_unique(names, c->sinks[i].url_env);
		if (c->sinks[i].key_env != NULL)
			strv_add_unique(names, c->sinks[i].key_env);
	}
	strv_add_unique(names, "AZURE_CLIENT_SECRET");
	strv_add_unique(names, "AZWATCH_ACCESS_TOKEN");
	strv_add_unique(names, "X_BEARER_TOKEN");
}

char *
cfg_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/azwatch/config", xdg);
	return xasprintf("%s/.config/azwatch/config", home ? home : "");
}

static char *
default_state_dir(void)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/azwatch", xdg);
	return xasprintf("%s/.local/state/azwatch", home ? home : "");
}

int
cfg_set_cloud(struct cfg *c, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof clouds / sizeof clouds[0]; i++) {
		if (strcasecmp(name, clouds[i].name) == 0) {
			set_str(&c->cloud, clouds[i].name);
			set_str(&c->arm_endpoint, clouds[i].arm);
			set_str(&c->login_endpoint, clouds[i].login);
			return 0;
		}
	}
	return -1;
}

void
cfg_defaults(struct cfg *c)
{
	memset(c, 0, sizeof *c);
	cfg_set_cloud(c, "AzureCloud");
	c->auth = AUTH_AUTO;
	c->az_program = xstrdup("az");
	c->graph_threshold = 20;
	c->lookback_days = 3;
	c->ew_enabled = true;
	c->ew_min_resources = 3;
	c->ew_min_percent = 20;
	c->ew_window = 15 * 60;
	c->feed_url = xstrdup(
	    "https://rssfeed.azure.status.microsoft/en-us/status/feed/");
	c->x_api_endpoint = xstrdup("https://api.x.com");
	c->x_account = xstrdup("AzureSupport");
	c->x_interval = 300;
	c->contact_timezone = xstrdup("UTC");
	c->contact_country = xstrdup("usa");
	c->contact_language = xstrdup("en-us");
	c->interval = 60;
	c->connect_timeout = 10;
	c->request_timeout = 30;
	c->max_requests = 32;
	c->max_per_host = 24;
	c->notify_bell = true;
	c->notify_tmux = true;
	c->notify_timeout = 30;
	c->az_timeout = 30;
	c->state_dir = default_state_dir();
	c->compact_days = 30;
	c->ui_sort = FEEDSORT_STATUS;
	for (int i = 0; i < COLORSPEC_N; i++)
		c->colors[i] = colorspec_default((enum colorspec_role)i);
	c->alerts_fired = true;
	c->alerts_severities = 0x7;	/* Sev0 to Sev2 */
}

void
cfg_free(struct cfg *c)
{
	free(c->path);
	free(c->cloud);
	free(c->arm_endpoint);
	free(c->login_endpoint);
	free(c->imds_endpoint);
	free(c->tenant_id);
	free(c->client_id);
	free(c->client_secret_file);
	free_secret(&c->client_secret);
	free_secret(&c->access_token);
	free(c->az_program);
	strv_free(&c->subscriptions);
	strv_free(&c->depends);
	strv_free(&c->filter_regions);
	strv_free(&c->filter_services);
	strv_free(&c->filter_types);
	strv_free(&c->alerts_subscriptions);
	strv_free(&c->alerts_resource_groups);
	free(c->feed_url);
	free(c->x_api_endpoint);
	free(c->x_account);
	free(c->x_bearer_token_file);
	free_secret(&c->x_bearer_token);
	free(c->x_feed_url);
	free(c->contact_first_name);
	free(c->contact_last_name);
	free(c->contact_email);
	free(c->contact_timezone);
	free(c->contact_country);
	free(c->contact_language);
	free(c->notify_program);
	free(c->state_dir);
	free(c->resource);
	for (size_t i = 0; i < c->nsinks; i++)
		sink_cfg_free(&c->sinks[i]);
	free(c->sinks);
	memset(c, 0, sizeof *c);
}

static void
errf(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static void parse_list(struct strv *, const char *);

static int
parse_bool(const char *v, bool *out)
{
	if (strcasecmp(v, "on") == 0 || strcasecmp(v, "yes") == 0 ||
	    strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0)
		*out = true;
	else if (strcasecmp(v, "off") == 0 || strcasecmp(v, "no") == 0 ||
	    strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0)
		*out = false;
	else
		return -1;
	return 0;
}

static int
parse_int(const char *v, int lo, int hi, int *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < lo || n > hi)
		return -1;
	*out = (int)n;
	return 0;
}

/* "0,1,2" or "Sev0, Sev1": a bit per severity; at least one. */
static int
parse_severities(const char *v, unsigned *out)
{
	struct strv sv = { 0 };
	unsigned mask = 0;
	const char *s;
	size_t i;
	int rc = 0;

	parse_list(&sv, v);
	for (i = 0; i < sv.n; i++) {
		s = sv.v[i];
		if (strncasecmp(s, "sev", 3) == 0)
			s += 3;
		if (s[0] < '0' || s[0] > '4' || s[1] != '\0') {
			rc = -1;
			break;
		}
		mask |= 1u << (s[0] - '0');
	}
	strv_free(&sv);
	if (rc == -1 || mask == 0)
		return -1;
	*out = mask;
	return 0;
}

static void
parse_list(struct strv *sv, const char *v)
{
	const char *p = v, *e;
	char *item;
	size_t len;

	strv_free(sv);
	while (*p != '\0') {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		e = p;
		while (*e != '\0' && *e != ',')
			e++;
		len = (size_t)(e - p);
		while (len > 0 && isspace((unsigned char)p[len - 1]))
			len--;
		if (len > 0) {
			item = xstrndup(p, len);
			strv_add_unique(sv, item);
			free(item);
		}
		p = e;
	}
}

/* Open path for reading only if it is a regular file: a FIFO must not
 * block (O_NONBLOCK until it is known to be a file), a directory or a
 * device is refused. what names it in err ("config", "secret file").
 * -1 with errno kept (ENOENT for a missing file) and a sentence in err. */
static int
open_regular(const char *path, int flags, struct stat *st, char *err,
    size_t errlen, const char *what)
{
	int fd, e;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | flags);
	if (fd == -1) {
		e = errno;
		errf(err, errlen, "cannot read %s %s: %s", what, path,
		    strerror(e));
		errno = e;
		return -1;
	}
	if (fstat(fd, st) == -1 || !S_ISREG(st->st_mode)) {
		errf(err, errlen, "%s %s is %s, not a regular file", what, path,
		    statefile_kind(st->st_mode));
		close(fd);
		errno = EINVAL;
		return -1;
	}
	if (fcntl(fd, F_SETFL, 0) == -1) {
		e = errno;
		errf(err, errlen, "cannot read %s %s: %s", what, path,
		    strerror(e));
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Read a secret from a file that only its owner may read. */
static int
read_secret_file(const char *path, char **out, char *err, size_t errlen)
{
	struct stat st;
	struct buf b;
	char chunk[1024];
	ssize_t n;
	int fd;

	if ((fd = open_regular(path, O_NOFOLLOW, &st, err, errlen,
	    "secret file")) == -1)
		return -1;
	if (st.st_mode & (S_IRGRP | S_IROTH | S_IWGRP | S_IWOTH)) {
		close(fd);
		errf(err, errlen, "secret file %s is readable by group or "
		    "others; run: chmod 600 %s", path, path);
		return -1;
	}
	buf_init(&b);
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		buf_append(&b, chunk, (size_t)n);
		if (b.len > CFG_MAX_SECRET)
			break;
	}
	explicit_bzero(chunk, sizeof chunk);
	close(fd);
	if (n < 0 || b.len > CFG_MAX_SECRET) {
		if (b.data != NULL)
			explicit_bzero(b.data, b.len);
		buf_free(&b);
		errf(err, errlen, "cannot read secret file %s", path);
		return -1;
	}
	while (b.len > 0 && isspace((unsigned char)b.data[b.len - 1]))
		b.data[--b.len] = '\0';
	set_secret(out, buf_steal(&b));
	return 0;
}

/* The URL's scheme and host (lower-cased), parsed; -1 when it does not
 * parse or has a user name or password. Caller frees both. */
static int
url_scheme_host(const char *url, char **scheme, char **host)
{
	CURLU *u = curl_url();
	char *s = NULL, *h = NULL, *user = NULL, *pass = NULL, *p;
	int rc = -1;

	*scheme = *host = NULL;
	if (u == NULL)
		xmalloc_die("curl_url");
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &s, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_USER, &user, 0) != CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PASSWORD, &pass, 0) != CURLUE_OK &&
	    *h != '\0') {
		*scheme = xstrdup(s);
		*host = xstrdup(h);
		for (p = *host; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		for (p = *scheme; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		rc = 0;
	}
	curl_free(s);
	curl_free(h);
	curl_free(user);
	curl_free(pass);
	curl_url_cleanup(u);
	return rc;
}

static bool
host_is_loopback(const char *host)
{
	unsigned a, b, c, d;
	char tail;

	if (strcmp(host, "localhost") == 0 || strcmp(host, "[::1]") == 0)
		return true;
	/* libcurl normalises IPv4 to dotted quads */
	return sscanf(host, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) == 4 &&
	    a == 127 && b < 256 && c < 256 && d < 256;
}

bool
cfg_url_is_loopback(const char *url)
{
	char *scheme, *host;
	bool lo;

	if (url_scheme_host(url, &scheme, &host) == -1)
		return false;
	lo = host_is_loopback(host);
	free(scheme);
	free(host);
	return lo;
}

bool
cfg_url_ok(const char *url, char *err, size_t errlen)
{
	char *scheme, *host;
	bool ok = false;

	if (url_scheme_host(url, &scheme, &host) == -1) {
		/* not echoed: a password may be in it */
		errf(err, errlen, "not a URL azwatch accepts: it must parse, "
		    "name a host, and carry no user name or password");
		return false;
	}
	if (strcmp(scheme, "https") == 0)
		ok = true;
	else if (strcmp(scheme, "http") == 0) {
		ok = host_is_loopback(host);
		if (!ok)
			errf(err, errlen, "%s: plain http is allowed only for "
			    "loopback hosts; use https://", url);
	} else
		errf(err, errlen, "%s: not an https:// URL", url);
	free(scheme);
	free(host);
	return ok;
}

static void
strip_slash(char *s)
{
	size_t len;

	if (s == NULL)
		return;
	len = strlen(s);
	while (len > 0 && s[len - 1] == '/')
		s[--len] = '\0';
}

/* [sink NAME] ------------------------------------------------------- */

static const char *sink_type_names[] = {
	"", "webhook", "slack", "teams", "pagerduty"
};

const char *
cfg_sink_type_name(enum cfg_sink_type t)
{
	return (unsigned)t <= SINK_PAGERDUTY ? sink_type_names[t] : "?";
}

/* "sink NAME" with a name of letters, digits, '-', '_' and '.'. */
static bool
sink_name_ok(const char *section)
{
	const char *p;

	if (strncmp(section, "sink ", 5) != 0 || section[5] == '\0')
		return false;
	for (p = section + 5; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' &&
		    *p != '.')
			return false;
	}
	return true;
}

static void
sink_cfg_free(struct cfg_sink *s)
{
	free(s->name);
	free_secret(&s->url);
	free(s->url_file);
	free(s->url_env);
	free_secret(&s->key);
	free(s->key_file);
	free(s->key_env);
	free(s->endpoint);
	free(s->channel);
	strv_free(&s->services);
	strv_free(&s->regions);
	strv_free(&s->subscriptions);
	strv_free(&s->types);
	free(s->min_level);
}

static struct cfg_sink *
sink_cfg_get(struct cfg *c, const char *name)
{
	struct cfg_sink *s;
	size_t i;

	for (i = 0; i < c->nsinks; i++) {
		if (strcmp(c->sinks[i].name, name) == 0)
			return &c->sinks[i];
	}
	c->sinks = xreallocarray(c->sinks, c->nsinks + 1, sizeof *c->sinks);
	s = &c->sinks[c->nsinks++];
	memset(s, 0, sizeof *s);
	s->name = xstrdup(name);
	s->rate = 30;
	s->timeout = 10;
	s->settle = 5;
	return s;
}

/* A secret from an environment variable (never from argv). */
static int
sink_secret_env(const char *name, char **out, char *err, size_t errlen)
{
	const char *v = getenv(name);

	if (v == NULL || *v == '\0') {
		errf(err, errlen, "environment variable %s is not set", name);
		return -1;
	}
	set_secret(out, xstrdup(v));
	return 0;
}

/* A channel ID or "#name": letters, digits, '-', '_', '.', at most 80. */
static bool
sink_channel_ok(const char *v)
{
	const char *p = *v == '#' ? v + 1 : v;

	if (*p == '\0' || strlen(v) > 80)
		return false;
	for (; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' &&
		    *p != '.')
			return false;
	}
	return true;
}

static int
sink_cfg_set(struct cfg *c, const char *name, const char *key, const char *v,
    char *err, size_t errlen)
{
	struct cfg_sink *s = sink_cfg_get(c, name);
	static const char *levels[] = {
		"informational", "warning", "error", "critical"
	};
	size_t i;
	int n;

	if (strcmp(key, "type") == 0) {
		for (n = SINK_WEBHOOK; n <= SINK_PAGERDUTY; n++) {
			if (strcmp(v, sink_type_names[n]) == 0)
				break;
		}
		if (n > SINK_PAGERDUTY) {
			errf(err, errlen, "type must be webhook, slack, teams "
			    "or pagerduty, not '%s'", v);
			return -1;
		}
		s->type = (enum cfg_sink_type)n;
	} else if (strcmp(key, "url") == 0 || strcmp(key, "key") == 0 ||
	    strcmp(key, "token") == 0) {
		errf(err, errlen, "a sink's %s is a secret: give %s_file (a "
		    "file of mode 600) or %s_env (an environment variable)",
		    key, key, key);
		return -1;
	} else if (strcmp(key, "url_file") == 0) {
		set_str(&s->url_file, v);
		if (read_secret_file(v, &s->url, err, errlen) == -1)
			return -1;
	} else if (strcmp(key, "key_file") == 0 ||
	    strcmp(key, "token_file") == 0 ||
	    strcmp(key, "routing_key_file") == 0 ||
	    strcmp(key, "secret_file") == 0) {
		/* a Slack bot token is the sink's key, named for what it is */
		s->key_is_token = key[0] == 't';
		set_str(&s->key_file, v);
		if (read_secret_file(v, &s->key, err, errlen) == -1)
			return -1;
	} else if (strcmp(key, "url_env") == 0) {
		set_str(&s->url_env, v);
		if (sink_secret_env(v, &s->url, err, errlen) == -1)
			return -1;
	} else if (strcmp(key, "key_env") == 0 ||
	    strcmp(key, "token_env") == 0 ||
	    strcmp(key, "routing_key_env") == 0 ||
	    strcmp(key, "secret_env") == 0) {
		s->key_is_token = key[0] == 't';
		set_str(&s->key_env, v);
		if (sink_secret_env(v, &s->key, err, errlen) == -1)
			return -1;
	} else if (strcmp(key, "endpoint") == 0) {
		set_str(&s->endpoint, v);
	} else if (strcmp(key, "channel") == 0) {
		if (!sink_channel_ok(v)) {
			errf(err, errlen, "channel: '%s' is not a Slack channel "
			    "(its ID such as C0123456789, or its name without the #)", v);
			return -1;
		}
		set_str(&s->channel, v);
	} else if (strcmp(key, "services") == 0) {
		strv_free(&s->services);
		parse_list(&s->services, v);
	} else if (strcmp(key, "regions") == 0) {
		strv_free(&s->regions);
		parse_list(&s->regions, v);
	} else if (strcmp(key, "subscriptions") == 0) {
		strv_free(&s->subscriptions);
		parse_list(&s->subscriptions, v);
	} else if (strcmp(key, "types") == 0) {
		strv_free(&s->types);
		parse_list(&s->types, v);
		for (i = 0; i < s->types.n; i++) {
			if (inc_type_parse(s->types.v[i]) == -1) {
				errf(err, errlen, "types: unknown incident type "
				    "'%s' (service-issue, planned-maintenance, "
				    "health-advisory, security-advisory, ...)",
				    s->types.v[i]);
				return -1;
			}
		}
	} else if (strcmp(key, "min_level") == 0) {
		for (i = 0; i < 4; i++) {
			if (strcasecmp(v, levels[i]) == 0)
				break;
		}
		if (i == 4) {
			errf(err, errlen, "min_level must be informational, "
			    "warning, error or critical, not '%s'", v);
			return -1;
		}
		set_str(&s->min_level, levels[i]);
	} else if (strcmp(key, "rate") == 0) {
		if (parse_int(v, 1, 600, &s->rate) == -1) {
			errf(err, errlen, "rate: '%s' is not a number of "
			    "deliveries a minute from 1 to 600", v);
			return -1;
		}
	} else if (strcmp(key, "settle") == 0) {
		if (parse_int(v, 0, 600, &s->settle) == -1) {
			errf(err, errlen, "settle: '%s' is not a number of "
			    "seconds from 0 to 600", v);
			return -1;
		}
	} else if (strcmp(key, "timeout") == 0) {
		if (parse_int(v, 1, 300, &s->timeout) == -1) {
			errf(err, errlen, "timeout: '%s' is not a number of "
			    "seconds from 1 to 300", v);
			return -1;
		}
	} else {
		errf(err, errlen, "unknown key '%s' in [sink %s]", key, name);
		return -1;
	}
	return 0;
}

/* After the file: every sink complete, its URL allowed. The message never
 * quotes a secret URL. */
static int
sink_cfg_validate(struct cfg_sink *s, char *err, size_t errlen)
{
	char why[512];

	if (s->type == SINK_NONE) {
		errf(err, errlen, "[sink %s] needs type = webhook, slack, teams "
		    "or pagerduty", s->name);
		return -1;
	}
	if (s->key_is_token && s->type != SINK_SLACK) {
		errf(err, errlen, "[sink %s]: token_file and token_env are for "
		    "slack (a bot token); a %s sink's secret is key_file or "
		    "key_env", s->name, cfg_sink_type_name(s->type));
		return -1;
	}
	if (s->channel != NULL && s->type != SINK_SLACK) {
		errf(err, errlen, "[sink %s]: channel is for slack", s->name);
		return -1;
	}
	if (s->type == SINK_SLACK && (s->key != NULL || s->channel != NULL ||
	    s->endpoint != NULL)) {
		/* the Web API: a bot token, a channel, and slack.com only */
		if (!s->key_is_token || s->key == NULL || s->channel == NULL) {
			errf(err, errlen, "[sink %s]: Slack's Web API needs a "
			    "bot token (token_file or token_env) and a channel",
			    s->name);
			return -1;
		}
		if (s->url != NULL) {
			errf(err, errlen, "[sink %s]: either an incoming "
			    "webhook (url_file, url_env) or the Web API "
			    "(token_file, token_env and channel), not both",
			    s->name);
			return -1;
		}
		if (s->endpoint == NULL)
			set_str(&s->endpoint, SINK_SLACK_API);
		if (!sink_slack_endpoint_ok(s->endpoint)) {
			errf(err, errlen, "[sink %s]: endpoint %s: a Slack bot "
			    "token goes only to %s (or a loopback address, for "
			    "tests)", s->name, s->endpoint, SINK_SLACK_API);
			return -1;
		}
		return 0;
	}
	if (s->type == SINK_PAGERDUTY) {
		if (s->key == NULL) {
			errf(err, errlen, "[sink %s] needs its routing key: "
			    "key_file or key_env", s->name);
			return -1;
		}
		if (s->url == NULL)
			set_str(&s->endpoint, s->endpoint != NULL ? s->endpoint :
			    "https://events.pagerduty.com/v2/enqueue");
		if (s->url == NULL && !cfg_url_ok(s->endpoint, err, errlen))
			return -1;
	} else if (s->endpoint != NULL) {
		errf(err, errlen, "[sink %s]: endpoint is for pagerduty; a "
		    "%s URL is a secret (url_file or url_env)", s->name,
		    cfg_sink_type_name(s->type));
		return -1;
	}
	if (s->type != SINK_PAGERDUTY && s->url == NULL) {
		errf(err, errlen, "[sink %s] needs its URL: url_file or url_env",
		    s->name);
		return -1;
	}
	if (s->url != NULL && !cfg_url_ok(s->url, why, sizeof why)) {
		errf(err, errlen, "[sink %s]: its URL is not allowed: https, "
		    "or http only to loopback, no user name or password",
		    s->name);
		return -1;
	}
	return 0;
}

int
cfg_set(struct cfg *c, const char *sec, const char *key, const char *v,
    char *err, size_t errlen)
{
	bool b;
	int n;

#define IS(s, k)	(strcmp(sec, (s)) == 0 && strcmp(key, (k)) == 0)
	if (strncmp(sec, "sink ", 5) == 0) {
		if (sink_cfg_set(c, sec + 5, key, v, err, errlen) == -1)
			return -1;
	} else if (IS("notify", "sinks")) {
		if (parse_bool(v, &c->notify_sinks) == -1)
			goto bad_bool;
	} else if (strcmp(sec, "depends") == 0) {
		/* "Service = Foundation, ...": the key is a service name */
		if (depends_parse(&c->depends, key, v, err, errlen) == -1)
			return -1;
	} else if (strcmp(sec, "colors") == 0) {
		if ((n = colorspec_role(key)) == -1) {
			errf(err, errlen, "unknown colour '%s' in [colors] "
			    "(active, mitigated, resolved, planned, advisory, "
			    "ok, warn, error)", key);
			return -1;
		}
		if (colorspec_value(v, &c->colors[n]) == -1) {
			errf(err, errlen, "%s: '%s' is not a colour (default, "
			    "red, bright-red, ..., or 0-255)", key, v);
			return -1;
		}
	} else if (IS("ui", "mouse")) {
		if (parse_bool(v, &c->mouse) == -1)
			goto bad_bool;
	} else if (IS("ui", "sort")) {
		n = feedsort_parse(v);
		if (n == -1 || strcmp(v, feedsort_name((enum feedsort)n)) != 0) {
			errf(err, errlen, "sort must be status, updated or "
			    "title, not '%s'", v);
			return -1;
		}
		c->ui_sort = n;
	} else if (IS("filter", "regions"))
		parse_list(&c->filter_regions, v);
	else if (IS("filter", "services"))
		parse_list(&c->filter_services, v);
	else if (IS("filter", "types")) {
		parse_list(&c->filter_types, v);
		for (n = 0; (size_t)n < c->filter_types.n; n++) {
			if (inc_type_parse(c->filter_types.v[n]) == -1) {
				errf(err, errlen, "types: unknown type '%s' "
				    "(service-issue, planned-maintenance, "
				    "health-advisory, security-advisory, rca, "
				    "other)", c->filter_types.v[n]);
				return -1;
			}
		}
	}
	else if (IS("azure", "cloud")) {
		if (cfg_set_cloud(c, v) == -1) {
			errf(err, errlen, "unknown cloud '%s' (AzureCloud, "
			    "AzureUSGovernment or AzureChinaCloud)", v);
			return -1;
		}
	} else if (IS("azure", "arm_endpoint")) {
		set_str(&c->arm_endpoint, v);
		strip_slash(c->arm_endpoint);
	} else if (IS("azure", "login_endpoint")) {
		set_str(&c->login_endpoint, v);
		strip_slash(c->login_endpoint);
	} else if (IS("azure", "imds_endpoint")) {
		set_str(&c->imds_endpoint, v);
		strip_slash(c->imds_endpoint);
	} else if (IS("azure", "auth")) {
		for (n = 0; n <= AUTH_TOKEN; n++) {
			if (strcmp(v, auth_names[n]) == 0)
				break;
		}
		if (n > AUTH_TOKEN) {
			errf(err, errlen, "auth must be auto, client-secret, "
			    "azure-cli, managed-identity or token, not '%s'", v);
			return -1;
		}
		c->auth = (enum cfg_auth)n;
	} else if (IS("azure", "tenant_id"))
		set_str(&c->tenant_id, v);
	else if (IS("azure", "client_id"))
		set_str(&c->client_id, v);
	else if (IS("azure", "client_secret_file")) {
		set_str(&c->client_secret_file, v);
		if (*v != '\0' &&
		    read_secret_file(v, &c->client_secret, err, errlen) == -1)
			return -1;
	} else if (IS("azure", "subscriptions"))
		parse_list(&c->subscriptions, v);
	else if (IS("azure", "graph_threshold")) {
		if (parse_int(v, 0, 100000, &c->graph_threshold) == -1)
			goto bad_number;
	} else if (IS("azure", "lookback_days")) {
		if (parse_int(v, 1, 365, &c->lookback_days) == -1)
			goto bad_number;
	} else if (IS("early_warning", "enabled")) {
		if (parse_bool(v, &c->ew_enabled) == -1)
			goto bad_bool;
	} else if (IS("early_warning", "min_resources")) {
		if (parse_int(v, 1, 100000, &c->ew_min_resources) == -1)
			goto bad_number;
	} else if (IS("early_warning", "min_percent")) {
		if (parse_int(v, 1, 100, &c->ew_min_percent) == -1)
			goto bad_number;
	} else if (IS("early_warning", "window")) {
		long w = time_parse_duration(v);

		if (w < 60 || w > 86400) {
			errf(err, errlen, "window: '%s' is not a duration from "
			    "1m to 24h (like 15m)", v);
			return -1;
		}
		c->ew_window = (int)w;
	} else if (IS("status_page", "feed_url"))
		set_str(&c->feed_url, v);
	else if (IS("x", "api_endpoint")) {
		set_str(&c->x_api_endpoint, v);
		strip_slash(c->x_api_endpoint);
	} else if (IS("x", "account"))
		set_str(&c->x_account, v);
	else if (IS("x", "bearer_token_file")) {
		set_str(&c->x_bearer_token_file, v);
		if (*v != '\0' &&
		    read_secret_file(v, &c->x_bearer_token, err, errlen) == -1)
			return -1;
	} else if (IS("x", "feed_url"))
		set_str(&c->x_feed_url, v);
	else if (IS("x", "interval")) {
		if (parse_int(v, 1, 86400, &c->x_interval) == -1)
			goto bad_number;
	} else if (IS("support", "read_only")) {
		if (parse_bool(v, &c->read_only) == -1)
			goto bad_bool;
	} else if (IS("support", "first_name"))
		set_str(&c->contact_first_name, v);
	else if (IS("support", "last_name"))
		set_str(&c->contact_last_name, v);
	else if (IS("support", "email"))
		set_str(&c->contact_email, v);
	else if (IS("support", "timezone"))
		set_str(&c->contact_timezone, v);
	else if (IS("support", "country"))
		set_str(&c->contact_country, v);
	else if (IS("support", "language"))
		set_str(&c->contact_language, v);
	else if (IS("poll", "interval")) {
		if (parse_int(v, 1, 86400, &c->interval) == -1)
			goto bad_number;
	} else if (IS("poll", "connect_timeout")) {
		if (parse_int(v, 1, 300, &c->connect_timeout) == -1)
			goto bad_number;
	} else if (IS("poll", "request_timeout")) {
		if (parse_int(v, 1, 600, &c->request_timeout) == -1)
			goto bad_number;
	} else if (IS("poll", "max_requests")) {
		if (parse_int(v, 1, 256, &c->max_requests) == -1)
			goto bad_number;
	} else if (IS("poll", "max_per_host")) {
		if (parse_int(v, 1, 256, &c->max_per_host) == -1)
			goto bad_number;
	} else if (IS("notify", "bell")) {
		if (parse_bool(v, &b) == -1)
			goto bad_bool;
		c->notify_bell = b;
	} else if (IS("notify", "desktop")) {
		if (strcmp(v, "off") == 0)
			c->notify_desktop = DESKTOP_OFF;
		else if (strcmp(v, "osc9") == 0)
			c->notify_desktop = DESKTOP_OSC9;
		else if (strcmp(v, "osc777") == 0)
			c->notify_desktop = DESKTOP_OSC777;
		else {
			errf(err, errlen, "desktop must be off, osc9 or osc777, "
			    "not '%s'", v);
			return -1;
		}
	} else if (IS("notify", "tmux")) {
		if (parse_bool(v, &b) == -1)
			goto bad_bool;
		c->notify_tmux = b;
	} else if (IS("notify", "notify_program"))
		set_str(&c->notify_program, v);
	else if (IS("notify", "timeout")) {
		if (parse_int(v, 1, 600, &c->notify_timeout) == -1)
			goto bad_number;
	} else if (IS("azure", "az_timeout")) {
		if (parse_int(v, 1, 600, &c->az_timeout) == -1)
			goto bad_number;
	}
	else if (IS("alerts", "fired")) {
		if (parse_bool(v, &c->alerts_fired) == -1)
			goto bad_bool;
	} else if (IS("alerts", "severities")) {
		if (parse_severities(v, &c->alerts_severities) == -1) {
			errf(err, errlen, "severities: '%s' is not a list of "
			    "numbers from 0 to 4 (Sev0 to Sev4)", v);
			return -1;
		}
	} else if (IS("alerts", "subscriptions"))
		parse_list(&c->alerts_subscriptions, v);
	else if (IS("alerts", "resource_groups"))
		parse_list(&c->alerts_resource_groups, v);
	else if (IS("journal", "state_dir"))
		set_str(&c->state_dir, v);
	else if (IS("journal", "compact_days")) {
		if (parse_int(v, 1, 3650, &c->compact_days) == -1)
			goto bad_number;
	} else {
		errf(err, errlen, "unknown key '%s' in [%s]", key, sec);
		return -1;
	}
#undef IS
	return 0;

bad_number:
	errf(err, errlen, "%s: '%s' is not a number in range", key, v);
	return -1;
bad_bool:
	errf(err, errlen, "%s: '%s' is not on or off", key, v);
	return -1;
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
cfg_parse(struct cfg *c, const char *text, const char *name, char *err,
    size_t errlen)
{
	char *copy = xstrdup(text), *line, *next, *eq, *key, *val, *hash;
	char section[64] = "", why[512];
	unsigned lineno = 0;
	int rc = 0;

	for (line = copy; line != NULL; line = next) {
		lineno++;
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		/* "#" starts a comment at line start or after white space */
		for (hash = line; (hash = strchr(hash, '#')) != NULL; hash++) {
			if (hash == line || isspace((unsigned char)hash[-1])) {
				*hash = '\0';
				break;
			}
		}
		line = trim(line);
		if (*line == '\0' || *line == ';')
			continue;
		if (*line == '[') {
			char *end = strchr(line, ']');

			if (end == NULL || end[1] != '\0' ||
			    (size_t)(end - line - 1) >= sizeof section) {
				errf(err, errlen, "%s:%u: bad section header",
				    name, lineno);
				rc = -1;
				break;
			}
			*end = '\0';
			snprintf(section, sizeof section, "%s", trim(line + 1));
			if (strcmp(section, "azure") != 0 &&
			    strcmp(section, "status_page") != 0 &&
			    strcmp(section, "x") != 0 &&
			    strcmp(section, "support") != 0 &&
			    strcmp(section, "poll") != 0 &&
			    strcmp(section, "notify") != 0 &&
			    strcmp(section, "journal") != 0 &&
			    strcmp(section, "depends") != 0 &&
			    strcmp(section, "alerts") != 0 &&
			    strcmp(section, "early_warning") != 0 &&
			    strcmp(section, "ui") != 0 &&
			    strcmp(section, "colors") != 0 &&
			    strcmp(section, "filter") != 0 &&
			    !sink_name_ok(section)) {
				errf(err, errlen, "%s:%u: unknown section [%s]",
				    name, lineno, section);
				rc = -1;
				break;
			}
			continue;
		}
		if ((eq = strchr(line, '=')) == NULL) {
			errf(err, errlen, "%s:%u: expected key = value", name,
			    lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		key = trim(line);
		val = trim(eq + 1);
		if (*section == '\0') {
			errf(err, errlen, "%s:%u: '%s' is outside any section",
			    name, lineno, key);
			rc = -1;
			break;
		}
		if (cfg_set(c, section, key, val, why, sizeof why) == -1) {
			errf(err, errlen, "%s:%u: %s", name, lineno, why);
			rc = -1;
			break;
		}
	}
	explicit_bzero(copy, strlen(text));
	free(copy);
	return rc;
}

static int
load_file(struct cfg *c, const char *path, bool must_exist, char *err,
    size_t errlen)
{
	struct stat st;
	struct buf b;
	char chunk[4096];
	ssize_t n;
	int fd, rc;

	if ((fd = open_regular(path, 0, &st, err, errlen, "config")) == -1) {
		if (errno == ENOENT && !must_exist)
			return 0;
		return -1;
	}
	buf_init(&b);
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			errf(err, errlen, "cannot read config %s: %s", path,
			    strerror(errno));
			close(fd);
			buf_free(&b);
			return -1;
		}
		buf_append(&b, chunk, (size_t)n);
		if (b.len > CFG_MAX_FILE)
			break;
	}
	close(fd);
	if (b.len > CFG_MAX_FILE) {
		buf_free(&b);
		errf(err, errlen, "config %s is too large", path);
		return -1;
	}
	if (b.len != 0 && memchr(b.data, '\0', b.len) != NULL) {
		buf_free(&b);
		errf(err, errlen, "config %s is not a text file", path);
		return -1;
	}
	set_str(&c->path, path);
	rc = cfg_parse(c, buf_str(&b), path, err, errlen);
	buf_free(&b);
	return rc;
}

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

int
cfg_load(struct cfg *c, const char *explicit_path, char *err, size_t errlen)
{
	const char *v;
	char *path;
	int rc;

	cfg_defaults(c);
	if (explicit_path != NULL)
		rc = load_file(c, explicit_path, true, err, errlen);
	else if ((v = env("AZWATCH_CONFIG")) != NULL)
		rc = load_file(c, v, true, err, errlen);
	else {
		path = cfg_default_path();
		rc = load_file(c, path, false, err, errlen);
		free(path);
	}
	if (rc == -1)
		return -1;

	if ((v = env("AZURE_TENANT_ID")) != NULL)
		set_str(&c->tenant_id, v);
	if ((v = env("AZURE_CLIENT_ID")) != NULL)
		set_str(&c->client_id, v);
	if ((v = env("AZURE_CLIENT_SECRET")) != NULL) {
		set_secret(&c->client_secret, xstrdup(v));
	}
	if ((v = env("AZURE_SUBSCRIPTION_ID")) != NULL)
		parse_list(&c->subscriptions, v);
	if ((v = env("AZWATCH_ACCESS_TOKEN")) != NULL) {
		set_secret(&c->access_token, xstrdup(v));
		if (c->auth == AUTH_AUTO)
			c->auth = AUTH_TOKEN;
	}
	if ((v = env("X_BEARER_TOKEN")) != NULL) {
		set_secret(&c->x_bearer_token, xstrdup(v));
	}
	if ((v = env("AZWATCH_IMDS_ENDPOINT")) != NULL) {
		set_str(&c->imds_endpoint, v);
		strip_slash(c->imds_endpoint);
	}
	if ((v = env("AZWATCH_AZ_PROGRAM")) != NULL)
		set_str(&c->az_program, v);
	return 0;
}

int
cfg_validate(struct cfg *c, char *err, size_t errlen)
{
	const char *urls[6];
	bool all_loopback = true;
	size_t i, n = 0;

	urls[n++] = c->feed_url;
	urls[n++] = c->arm_endpoint;
	urls[n++] = c->login_endpoint;
	urls[n++] = c->x_api_endpoint;
	if (c->x_feed_url != NULL && *c->x_feed_url != '\0')
		urls[n++] = c->x_feed_url;
	if (c->imds_endpoint != NULL)
		urls[n++] = c->imds_endpoint;
	for (i = 0; i < n; i++) {
		if (urls[i] == NULL || !cfg_url_ok(urls[i], err, errlen))
			return -1;
		if (!cfg_url_is_loopback(urls[i]))
			all_loopback = false;
	}
	if (c->interval < 10 && !all_loopback) {
		errf(err, errlen, "poll interval must be at least 10 seconds "
		    "(have %d)", c->interval);
		return -1;
	}
	if (c->x_interval < c->interval)
		c->x_interval = c->interval;
	for (i = 0; i < c->nsinks; i++) {
		if (sink_cfg_validate(&c->sinks[i], err, errlen) == -1)
			return -1;
	}
	if (c->auth == AUTH_TOKEN && c->access_token == NULL) {
		errf(err, errlen, "auth = token needs AZWATCH_ACCESS_TOKEN in "
		    "the environment");
		return -1;
	}
	return 0;
}
