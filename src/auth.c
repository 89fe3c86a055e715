/* auth.c: signing in to ARM. One cached token per process, from the
 * method the configuration names or, in auto mode, the first of client
 * secret, managed identity and Azure CLI that works. Secrets and tokens
 * are zeroed before their memory is freed and never printed. */
#include "config.h"
#include "auth.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "child.h"
#include "parse-arm.h"
#include "sanitize.h"
#include "xmalloc.h"

#define IMDS_DEFAULT		"http://169.254.169.254"
#define IMDS_PATH		"/metadata/identity/oauth2/token?api-version=2018-02-01"
#define AZ_TIMEOUT_MS		30000
#define AZ_MAX_OUTPUT		(64 * 1024)
/* auto mode: after the metadata endpoint did not answer, skip it this long */
#define IMDS_RETRY_AFTER	600

struct auth {
	const struct cfg	*cfg;
	/* every field below: two channel threads may sign in at once */
	pthread_mutex_t		 lock;
	char			*token;		/* secret */
	time_t			 expires;
	time_t			 refresh_at;
	bool			 have;		/* method below produced token */
	enum cfg_auth		 method;
	enum auth_fail		 fail;
	unsigned long		 sign_ins;
	time_t			 imds_down_until;
};

static void
zfree(char **p)
{
	if (*p != NULL) {
		explicit_bzero(*p, strlen(*p));
		free(*p);
		*p = NULL;
	}
}

/* Response bodies may hold a token: zero them before they are freed. */
static void
resp_zero_free(struct http_resp *resp)
{
	if (resp->body.data != NULL)
		explicit_bzero(resp->body.data, resp->body.cap);
	http_resp_free(resp);
}

/* An endpoint without trailing slashes; caller frees. */
static char *
trimmed(const char *url)
{
	size_t len;

	if (url == NULL)
		url = "";
	len = strlen(url);

	while (len > 0 && url[len - 1] == '/')
		len--;
	return xstrndup(url, len);
}

static const char *
method_name(enum cfg_auth m)
{
	return cfg_auth_name(m);
}

struct auth *
auth_new(const struct cfg *cfg)
{
	struct auth *a = xcalloc(1, sizeof *a);

	a->cfg = cfg;
	pthread_mutex_init(&a->lock, NULL);
	return a;
}

void
auth_free(struct auth *a)
{
	if (a == NULL)
		return;
	sanitize_secret_remove(a->token);
	zfree(&a->token);
	pthread_mutex_destroy(&a->lock);
	free(a);
}

static void
invalidate_locked(struct auth *a)
{
	sanitize_secret_remove(a->token);
	zfree(&a->token);
	a->expires = a->refresh_at = 0;
}

void
auth_invalidate(struct auth *a)
{
	pthread_mutex_lock(&a->lock);
	invalidate_locked(a);
	pthread_mutex_unlock(&a->lock);
}

void
auth_reject(struct auth *a, const char *token)
{
	pthread_mutex_lock(&a->lock);
	/* another thread may have signed in again already */
	if (a->token != NULL && token != NULL && strcmp(a->token, token) == 0)
		invalidate_locked(a);
	pthread_mutex_unlock(&a->lock);
}

const char *
auth_method(const struct auth *a)
{
	struct auth *m = (struct auth *)a;	/* the lock only */
	const char *name;

	pthread_mutex_lock(&m->lock);
	name = a->have ? method_name(a->method) : NULL;
	pthread_mutex_unlock(&m->lock);
	return name;
}

enum auth_fail
auth_last_fail(const struct auth *a)
{
	struct auth *m = (struct auth *)a;
	enum auth_fail f;

	pthread_mutex_lock(&m->lock);
	f = a->fail;
	pthread_mutex_unlock(&m->lock);
	return f;
}

unsigned long
auth_sign_ins(const struct auth *a)
{
	struct auth *m = (struct auth *)a;
	unsigned long n;

	pthread_mutex_lock(&m->lock);
	n = a->sign_ins;
	pthread_mutex_unlock(&m->lock);
	return n;
}

/* Keep a new token; refresh it AUTH_REFRESH_MARGIN before it expires, or
 * halfway through its life when that is shorter. */
static void
keep(struct auth *a, enum cfg_auth m, char *token, time_t expires,
    time_t now)
{
	time_t margin = AUTH_REFRESH_MARGIN;

	/* the sanitizer redacts the token from any remote text */
	sanitize_secret_remove(a->token);
	zfree(&a->token);
	a->token = token;
	sanitize_secret_add(token);
	a->expires = expires;
	if (expires - now < 2 * margin)
		margin = (expires - now) / 2;
	a->refresh_at = expires - (margin > 0 ? margin : 0);
	/* a token already past its time: use it, ask again in a minute */
	if (a->refresh_at <= now)
		a->refresh_at = now + 60;
	a->method = m;
	a->have = true;
	a->fail = AUTH_FAIL_NONE;
}

/* client secret --------------------------------------------------------- */

static int
sign_in_secret(struct auth *a, struct http *h, const atomic_int *abort,
    time_t now, char *err, size_t errlen)
{
	const struct cfg *c = a->cfg;
	struct http_resp resp;
	struct http_req req;
	struct buf body;
	char *login, *arm, *tenant, *url, *e, *token, why[512];
	time_t expires;
	int rc = -1;

	if (c->tenant_id == NULL || c->client_id == NULL ||
	    c->client_secret == NULL) {
		a->fail = AUTH_FAIL_UNCONFIGURED;
		snprintf(err, errlen, "auth = client-secret needs AZURE_TENANT_ID, "
		    "AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or tenant_id, "
		    "client_id and client_secret_file in [azure])");
		return -1;
	}
	login = trimmed(c->login_endpoint);
	arm = trimmed(c->arm_endpoint);
	tenant = http_escape(c->tenant_id);
	url = xasprintf("%s/%s/oauth2/v2.0/token", login, tenant);

	buf_init(&body);
	buf_puts(&body, "client_id=");
	e = http_escape(c->client_id);
	buf_puts(&body, e);
	free(e);
	buf_puts(&body, "&client_secret=");
	e = http_escape(c->client_secret);
	buf_puts(&body, e);
	zfree(&e);
	buf_puts(&body, "&scope=");
	e = xasprintf("%s/.default", arm);
	{
		char *esc = http_escape(e);

		buf_puts(&body, esc);
		free(esc);
	}
	free(e);
	buf_puts(&body, "&grant_type=client_credentials");

	memset(&req, 0, sizeof req);
	req.method = "POST";
	req.url = url;
	req.body = body.data;
	req.body_len = body.len;
	req.content_type = "application/x-www-form-urlencoded";
	req.abort = abort;
	http_resp_init(&resp);
	a->sign_ins++;
	if (http_do(h, &req, &resp, why, sizeof why) == -1) {
		a->fail = resp.fail == HTTP_FAIL_POLICY ? AUTH_FAIL_REFUSED :
		    AUTH_FAIL_UNREACHABLE;
		snprintf(err, errlen, "cannot reach the sign-in endpoint: %s",
		    why);
	} else if (resp.status != 200) {
		arm_error_text(resp.body.data, resp.body.len, resp.status,
		    why, sizeof why);
		a->fail = resp.status >= 500 ? AUTH_FAIL_UNREACHABLE :
		    AUTH_FAIL_REFUSED;
		snprintf(err, errlen, "sign-in with the client secret was "
		    "refused: %s", why);
	} else if (arm_parse_token(resp.body.data, resp.body.len, now,
	    &token, &expires, why, sizeof why) == -1) {
		a->fail = AUTH_FAIL_REFUSED;
		snprintf(err, errlen, "sign-in with the client secret failed: "
		    "%s", why);
	} else {
		keep(a, AUTH_CLIENT_SECRET, token, expires, now);
		rc = 0;
	}
	explicit_bzero(body.data, body.cap);
	buf_free(&body);
	resp_zero_free(&resp);
	free(url);
	free(tenant);
	free(arm);
	free(login);
	return rc;
}

/* managed identity ------------------------------------------------------ */

static int
sign_in_imds(struct auth *a, struct http *h, const atomic_int *abort,
    time_t now, bool quick, char *err, size_t errlen)
{
	const struct cfg *c = a->cfg;
	struct http_header hdr = { "Metadata", "true" };
	struct http_resp resp;
	struct http_req req;
	char *base, *arm, *resource, *esc, *url, *token, why[512];
	time_t expires;
	int rc = -1;

	base = trimmed(c->imds_endpoint != NULL ? c->imds_endpoint :
	    IMDS_DEFAULT);
	arm = trimmed(c->arm_endpoint);
	resource = xasprintf("%s/", arm);
	esc = http_escape(resource);
	/* a user-assigned identity is chosen by its client id */
	if (c->client_id != NULL && c->client_secret == NULL) {
		char *cid = http_escape(c->client_id);

		url = xasprintf("%s" IMDS_PATH "&resource=%s&client_id=%s",
		    base, esc, cid);
		free(cid);
	} else
		url = xasprintf("%s" IMDS_PATH "&resource=%s", base, esc);

	memset(&req, 0, sizeof req);
	req.url = url;
	req.headers = &hdr;
	req.nheaders = 1;
	req.abort = abort;
	req.connect_timeout_ms = quick ? 1000 : 3000;
	req.timeout_ms = quick ? 2000 : 15000;
	req.max_bytes = 64 * 1024;
	req.imds = true;
	http_resp_init(&resp);
	a->sign_ins++;
	if (http_do(h, &req, &resp, why, sizeof why) == -1) {
		a->fail = AUTH_FAIL_UNREACHABLE;
		snprintf(err, errlen, "no managed identity: the metadata "
		    "endpoint %s did not answer (%s)", base, why);
	} else if (resp.status != 200) {
		arm_error_text(resp.body.data, resp.body.len, resp.status,
		    why, sizeof why);
		a->fail = resp.status >= 500 ? AUTH_FAIL_UNREACHABLE :
		    AUTH_FAIL_REFUSED;
		snprintf(err, errlen, "the managed identity endpoint refused: "
		    "%s", why);
	} else if (arm_parse_token(resp.body.data, resp.body.len, now,
	    &token, &expires, why, sizeof why) == -1) {
		a->fail = AUTH_FAIL_REFUSED;
		snprintf(err, errlen, "the managed identity endpoint gave no "
		    "token: %s", why);
	} else {
		keep(a, AUTH_MANAGED_IDENTITY, token, expires, now);
		rc = 0;
	}
	resp_zero_free(&resp);
	free(url);
	free(esc);
	free(resource);
	free(arm);
	free(base);
	return rc;
}

/* Azure CLI ------------------------------------------------------------- */

int
auth_run(const struct cfg *cfg, char *const argv[], int timeout_ms, size_t max,
    const atomic_int *abort, char **out, size_t *outlen, char *err,
    size_t errlen)
{
	struct child_opts o = {
		.cfg = cfg,	/* the sinks' secret variables stay out too */
		.argv = argv,
		.capture = true,
		.max_out = max,
		.timeout_ms = timeout_ms,
	};
	struct child *s;
	char why[512];
	int rc = -1;

	*out = NULL;
	*outlen = 0;
	s = child_start(&o);
	switch (child_wait(s, abort)) {
	case CHILD_OK:
		*out = child_take_out(s, outlen);
		rc = 0;
		break;
	case CHILD_NOT_FOUND:
		rc = -2;
		/* FALLTHROUGH */
	default:
		child_describe(s, why, sizeof why);
		snprintf(err, errlen, "%s %s", argv[0], why);
		sanitize_redact_str(err);
		break;
	}
	child_free(s);
	return rc;
}

static int
sign_in_cli(struct auth *a, const atomic_int *abort, time_t now, char *err,
    size_t errlen)
{
	const struct cfg *c = a->cfg;
	char *arm, *out, *token, why[512];
	char *argv[8];
	size_t outlen;
	time_t expires;
	int rc;

	arm = trimmed(c->arm_endpoint);
	argv[0] = c->az_program != NULL ? c->az_program : (char *)"az";
	argv[1] = (char *)"account";
	argv[2] = (char *)"get-access-token";
	argv[3] = (char *)"--resource";
	argv[4] = arm;
	argv[5] = (char *)"--output";
	argv[6] = (char *)"json";
	argv[7] = NULL;
	a->sign_ins++;
	rc = auth_run(c, argv, c->az_timeout > 0 ? c->az_timeout * 1000 :
	    AZ_TIMEOUT_MS, AZ_MAX_OUTPUT, abort, &out, &outlen,
	    why, sizeof why);
	free(arm);
	if (rc == -2) {
		a->fail = AUTH_FAIL_UNCONFIGURED;
		snprintf(err, errlen, "the Azure CLI (%s) is not installed",
		    argv[0]);
		return -1;
	}
	if (rc == -1) {
		a->fail = AUTH_FAIL_REFUSED;
		snprintf(err, errlen, "the Azure CLI gave no token: %s", why);
		return -1;
	}
	rc = arm_parse_token(out, outlen, now, &token, &expires, why,
	    sizeof why);
	explicit_bzero(out, outlen);
	free(out);
	if (rc == -1) {
		a->fail = AUTH_FAIL_REFUSED;
		snprintf(err, errlen, "the Azure CLI gave no token: %s", why);
		return -1;
	}
	keep(a, AUTH_AZURE_CLI, token, expires, now);
	return 0;
}

/* token and auto -------------------------------------------------------- */

static int
use_given(struct auth *a, time_t now, char *err, size_t errlen)
{
	if (a->cfg->access_token == NULL || *a->cfg->access_token == '\0') {
		a->fail = AUTH_FAIL_UNCONFIGURED;
		snprintf(err, errlen, "auth = token needs AZWATCH_ACCESS_TOKEN "
		    "in the environment");
		return -1;
	}
	/* its lifetime is unknown: ARM's 401 tells us when it ends */
	keep(a, AUTH_TOKEN, xstrdup(a->cfg->access_token),
	    now + 365 * 86400, now);
	return 0;
}

static int
sign_in(struct auth *a, enum cfg_auth m, struct http *h,
    const atomic_int *abort, time_t now, bool quick, char *err,
    size_t errlen)
{
	switch (m) {
	case AUTH_CLIENT_SECRET:
		return sign_in_secret(a, h, abort, now, err, errlen);
	case AUTH_AZURE_CLI:
		return sign_in_cli(a, abort, now, err, errlen);
	case AUTH_MANAGED_IDENTITY:
		return sign_in_imds(a, h, abort, now, quick, err, errlen);
	case AUTH_TOKEN:
		return use_given(a, now, err, errlen);
	case AUTH_AUTO:
		break;
	}
	snprintf(err, errlen, "unknown sign-in method");
	return -1;
}

static int
sign_in_auto(struct auth *a, struct http *h, const atomic_int *abort,
    time_t now, char *err, size_t errlen)
{
	const struct cfg *c = a->cfg;
	char why_mi[512] = "", why_cli[512] = "", *path;
	enum auth_fail cli_fail;

	/* the method that worked last time first */
	if (a->have && (a->method == AUTH_MANAGED_IDENTITY ||
	    a->method == AUTH_AZURE_CLI) &&
	    sign_in(a, a->method, h, abort, now, true, err, errlen) == 0)
		return 0;
	a->have = false;

	/* configured credentials are meant: their failure is the answer */
	if (c->tenant_id != NULL && c->client_id != NULL &&
	    c->client_secret != NULL)
		return sign_in_secret(a, h, abort, now, err, errlen);
	if (c->access_token != NULL)
		return use_given(a, now, err, errlen);

	if (now >= a->imds_down_until) {
		if (sign_in_imds(a, h, abort, now, true, why_mi,
		    sizeof why_mi) == 0)
			return 0;
		if (a->fail == AUTH_FAIL_UNREACHABLE)
			a->imds_down_until = now + IMDS_RETRY_AFTER;
	}
	if (abort != NULL && atomic_load(abort)) {
		snprintf(err, errlen, "sign-in cancelled");
		return -1;
	}
	if (sign_in_cli(a, abort, now, why_cli, sizeof why_cli) == 0)
		return 0;
	cli_fail = a->fail;

	a->fail = AUTH_FAIL_UNCONFIGURED;
	path = c->path != NULL ? xstrdup(c->path) : cfg_default_path();
	if (cli_fail == AUTH_FAIL_UNCONFIGURED || why_cli[0] == '\0') {
		snprintf(err, errlen, "not signed in: set AZURE_TENANT_ID, "
		    "AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or run `az login`, "
		    "or set auth = client-secret | azure-cli | managed-identity "
		    "| token in %s", path != NULL ? path : "the config file");
	} else {
		snprintf(err, errlen, "not signed in: set AZURE_TENANT_ID, "
		    "AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or run `az login`, "
		    "or set auth = client-secret | azure-cli | managed-identity "
		    "| token in %s (%s)", path != NULL ? path : "the config file",
		    why_cli);
	}
	free(path);
	return -1;
}

static const char *
token_get_locked(struct auth *a, struct http *h, const atomic_int *abort,
    time_t now, char *err, size_t errlen)
{
	int rc;

	if (a->token != NULL && now < a->refresh_at)
		return a->token;
	if (a->cfg->auth == AUTH_AUTO)
		rc = sign_in_auto(a, h, abort, now, err, errlen);
	else
		rc = sign_in(a, a->cfg->auth, h, abort, now, false, err, errlen);
	if (rc == -1) {
		invalidate_locked(a);
		return NULL;
	}
	return a->token;
}

const char *
auth_token_get(struct auth *a, struct http *h, const atomic_int *abort,
    time_t now, char *err, size_t errlen)
{
	const char *tok;

	pthread_mutex_lock(&a->lock);
	tok = token_get_locked(a, h, abort, now, err, errlen);
	pthread_mutex_unlock(&a->lock);
	return tok;
}

char *
auth_token_copy(struct auth *a, struct http *h, const atomic_int *abort,
    time_t now, enum auth_fail *fail, const char **method, char *err,
    size_t errlen)
{
	const char *tok;
	char *copy = NULL;

	/* one sign-in at a time: a second caller waits for the first's
	 * token instead of signing in again */
	pthread_mutex_lock(&a->lock);
	tok = token_get_locked(a, h, abort, now, err, errlen);
	if (tok != NULL)
		copy = xstrdup(tok);
	*fail = a->fail;
	*method = a->have ? method_name(a->method) : NULL;
	pthread_mutex_unlock(&a->lock);
	return copy;
}
