/* test-auth.c: sign-in methods against a one-thread HTTP server on
 * loopback and fake az programs written by the test: what is sent, what
 * is cached, when it refreshes, and that no token or secret reaches an
 * error message. */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "auth.h"
#include "xmalloc.h"

/* server ------------------------------------------------------------- */

struct server {
	int		 fd;
	int		 port;
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	char		 reply[4096];	/* the whole HTTP answer */
	char		 last[8192];	/* the last request, head and body */
	int		 hits;
};

static struct server srv;

static void *
serve(void *arg)
{
	struct server *s = arg;
	char req[8192], *hdr_end, *cl;
	size_t got, want;
	ssize_t n;
	int c;

	for (;;) {
		c = accept(s->fd, NULL, NULL);
		if (c == -1)
			return NULL;
		got = 0;
		want = 0;
		for (;;) {
			n = read(c, req + got, sizeof req - 1 - got);
			if (n <= 0)
				break;
			got += (size_t)n;
			req[got] = '\0';
			hdr_end = strstr(req, "\r\n\r\n");
			if (hdr_end == NULL)
				continue;
			cl = strcasestr(req, "\r\nContent-Length:");
			want = (size_t)(hdr_end + 4 - req) +
			    (cl != NULL ? strtoul(cl + 17, NULL, 10) : 0);
			if (got >= want)
				break;
		}
		pthread_mutex_lock(&s->lock);
		memcpy(s->last, req, got + 1);
		s->hits++;
		if (write(c, s->reply, strlen(s->reply)) < 0)
			s->hits = -1;
		pthread_mutex_unlock(&s->lock);
		close(c);
	}
}

static void
server_reply(int status, const char *body)
{
	pthread_mutex_lock(&srv.lock);
	snprintf(srv.reply, sizeof srv.reply, "HTTP/1.1 %d X\r\n"
	    "Content-Type: application/json\r\nContent-Length: %zu\r\n"
	    "Connection: close\r\n\r\n%s", status, strlen(body), body);
	srv.last[0] = '\0';
	srv.hits = 0;
	pthread_mutex_unlock(&srv.lock);
}

static int
server_start(void **state)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;

	(void)state;
	pthread_mutex_init(&srv.lock, NULL);
	srv.fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(srv.fd, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    listen(srv.fd, 8) == -1 ||
	    getsockname(srv.fd, (struct sockaddr *)&sa, &len) == -1)
		return -1;
	srv.port = ntohs(sa.sin_port);
	return pthread_create(&srv.thread, NULL, serve, &srv);
}

/* helpers ------------------------------------------------------------- */

static char tmpdir[256];

static void
setup_dir(void)
{
	const char *t = getenv("TMPDIR");

	if (tmpdir[0] != '\0')
		return;
	snprintf(tmpdir, sizeof tmpdir, "%s/test-auth-XXXXXX",
	    t != NULL ? t : "/tmp");
	assert_non_null(mkdtemp(tmpdir));
}

/* A fake az: a shell script (the test's, not azwatch's: azwatch runs it
 * without a shell); returns its path, caller frees. */
static char *
script(const char *name, const char *body)
{
	char *path;
	FILE *f;

	setup_dir();
	path = xasprintf("%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	chmod(path, 0700);
	return path;
}

static void
cfg_test(struct cfg *c, enum cfg_auth m)
{
	cfg_defaults(c);
	c->auth = m;
	free(c->arm_endpoint);
	c->arm_endpoint = xstrdup("https://management.azure.com");
	free(c->login_endpoint);
	c->login_endpoint = xasprintf("http://127.0.0.1:%d", srv.port);
}

/* tests --------------------------------------------------------------- */

static void
test_run(void **state)
{
	char err[512], *out = NULL, *p;
	size_t len;
	char *argv[4];

	(void)state;
	p = script("echo", "echo \"$1-$2\"; echo noise >&2");
	argv[0] = p;
	argv[1] = (char *)"a b";
	argv[2] = (char *)"$HOME";
	argv[3] = NULL;
	/* arguments arrive as given: no shell between */
	assert_int_equal(auth_run(NULL, argv, 5000, 1024, NULL, &out, &len, err,
	    sizeof err), 0);
	assert_string_equal(out, "a b-$HOME\n");
	assert_int_equal(len, 10);
	free(out);
	free(p);

	p = script("fail", "echo 'ERROR: Please run '\"'\"'az login'\"'\"' to "
	    "setup account.' >&2; exit 1");
	argv[0] = p;
	argv[1] = NULL;
	assert_int_equal(auth_run(NULL, argv, 5000, 1024, NULL, &out, &len, err,
	    sizeof err), -1);
	assert_null(out);
	assert_non_null(strstr(err, "exited with status 1: ERROR: Please run "
	    "'az login' to setup account."));
	free(p);

	p = script("slow", "sleep 5");
	argv[0] = p;
	assert_int_equal(auth_run(NULL, argv, 300, 1024, NULL, &out, &len, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "did not finish"));
	free(p);

	p = script("big", "i=0; while [ $i -lt 400 ]; do echo "
	    "0123456789012345678901234567890123456789; i=$((i+1)); done");
	argv[0] = p;
	assert_int_equal(auth_run(NULL, argv, 5000, 1024, NULL, &out, &len, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "wrote more than 1024 bytes"));
	free(p);

	argv[0] = (char *)"azwatch-test-no-such-program";
	assert_int_equal(auth_run(NULL, argv, 5000, 1024, NULL, &out, &len, err,
	    sizeof err), -2);
}

static void
test_cli(void **state)
{
	struct cfg c;
	struct auth *a;
	struct http *h = http_new();
	char err[512], *args, *p, *log;
	const char *tok;
	time_t now = 1700000000;
	FILE *f;

	(void)state;
	setup_dir();
	log = xasprintf("%s/az-args", tmpdir);
	args = xasprintf("echo \"$*\" > %s; echo '{\"accessToken\": "
	    "\"cli-token-1\", \"expires_on\": 1700003600, \"tokenType\": "
	    "\"Bearer\"}'", log);
	p = script("az", args);
	cfg_test(&c, AUTH_AZURE_CLI);
	free(c.az_program);
	c.az_program = p;
	a = auth_new(&c);
	assert_null(auth_method(a));
	tok = auth_token_get(a, h, NULL, now, err, sizeof err);
	assert_non_null(tok);
	assert_string_equal(tok, "cli-token-1");
	assert_string_equal(auth_method(a), "azure-cli");
	assert_int_equal(auth_sign_ins(a), 1);
	f = fopen(log, "r");
	assert_non_null(f);
	assert_non_null(fgets(err, sizeof err, f));
	fclose(f);
	assert_string_equal(err, "account get-access-token --resource "
	    "https://management.azure.com --output json\n");

	/* cached until five minutes before expiry */
	assert_non_null(auth_token_get(a, h, NULL, now + 3000, err, sizeof err));
	assert_int_equal(auth_sign_ins(a), 1);
	assert_non_null(auth_token_get(a, h, NULL, now + 3301, err, sizeof err));
	assert_int_equal(auth_sign_ins(a), 2);
	/* after a 401 */
	auth_invalidate(a);
	assert_non_null(auth_token_get(a, h, NULL, now + 3302, err, sizeof err));
	assert_int_equal(auth_sign_ins(a), 3);
	auth_free(a);

	/* not logged in: the CLI's own words, the token never */
	free(c.az_program);
	c.az_program = script("az-out", "echo '{\"accessToken\": \"leak-me\"}'; "
	    "echo 'ERROR: Please run az login' >&2; exit 1");
	a = auth_new(&c);
	assert_null(auth_token_get(a, h, NULL, now, err, sizeof err));
	assert_non_null(strstr(err, "Please run az login"));
	assert_null(strstr(err, "leak-me"));
	assert_int_equal(auth_last_fail(a), AUTH_FAIL_REFUSED);
	auth_free(a);

	free(c.az_program);
	c.az_program = xstrdup("azwatch-test-no-such-az");
	a = auth_new(&c);
	assert_null(auth_token_get(a, h, NULL, now, err, sizeof err));
	assert_non_null(strstr(err, "not installed"));
	assert_int_equal(auth_last_fail(a), AUTH_FAIL_UNCONFIGURED);
	auth_free(a);

	cfg_free(&c);
	http_free(h);
	free(args);
	free(log);
}

static void
test_secret(void **state)
{
	struct cfg c;
	struct auth *a;
	struct http *h = http_new();
	char err[512];
	const char *tok;
	time_t now = 1700000000;

	(void)state;
	cfg_test(&c, AUTH_CLIENT_SECRET);
	a = auth_new(&c);
	assert_null(auth_token_get(a, h, NULL, now, err, sizeof err));
	assert_non_null(strstr(err, "AZURE_CLIENT_SECRET"));
	assert_int_equal(auth_last_fail(a), AUTH_FAIL_UNCONFIGURED);
	auth_free(a);

	c.tenant_id = xstrdup("my-tenant");
	c.client_id = xstrdup("my-client");
	c.client_secret = xstrdup("s&cret=Z9 +");
	server_reply(200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,"
	    "\"access_token\":\"aad-token-1\"}");
	a = auth_new(&c);
	tok = auth_token_get(a, h, NULL, now, err, sizeof err);
	assert_non_null(tok);
	assert_string_equal(tok, "aad-token-1");
	assert_string_equal(auth_method(a), "client-secret");
	pthread_mutex_lock(&srv.lock);
	assert_true(strncmp(srv.last, "POST /my-tenant/oauth2/v2.0/token "
	    "HTTP/1.1\r\n", 44) == 0);
	assert_non_null(strcasestr(srv.last, "\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\n"));
	assert_non_null(strstr(srv.last, "\r\n\r\nclient_id=my-client&"
	    "client_secret=s%26cret%3DZ9%20%2B&scope=https%3A%2F%2F"
	    "management.azure.com%2F.default&grant_type=client_credentials"));
	pthread_mutex_unlock(&srv.lock);
	/* expires_in 3599: refreshed after 3299 s */
	assert_non_null(auth_token_get(a, h, NULL, now + 3298, err, sizeof err));
	assert_int_equal(auth_sign_ins(a), 1);
	assert_non_null(auth_token_get(a, h, NULL, now + 3300, err, sizeof err));
	assert_int_equal(auth_sign_ins(a), 2);
	auth_free(a);

	/* refused: AAD's sentence, never the secret */
	server_reply(401, "{\"error\":\"invalid_client\",\"error_description\":"
	    "\"AADSTS7000215: Invalid client secret provided.\\r\\nTrace ID: x\"}");
	a = auth_new(&c);
	assert_null(auth_token_get(a, h, NULL, now, err, sizeof err));
	assert_string_equal(err, "sign-in with the client secret was refused: "
	    "HTTP 401 invalid_client: AADSTS7000215: Invalid client secret "
	    "provided.");
	assert_int_equal(auth_last_fail(a), AUTH_FAIL_REFUSED);
	auth_free(a);

	/* auto with the three set is client-secret */
	c.auth = AUTH_AUTO;
	server_reply(200, "{\"access_token\":\"aad-token-2\",\"expires_in\":60}");
	a = auth_new(&c);
	assert_string_equal(auth_token_get(a, h, NULL, now, err, sizeof err),
	    "aad-token-2");
	assert_string_equal(auth_method(a), "client-secret");
	/* a short-lived token is refreshed halfway */
	assert_non_null(auth_token_get(a, h, NULL, now + 29, err, sizeof err));
	assert_int_equal(auth_sign_ins(a), 1);
	assert_non_null(auth_token_get(a, h, NULL, now + 31, err, sizeof err));
	assert_int_equal(auth_sign_ins(a), 2);
	auth_free(a);

	/* unreachable login endpoint */
	free(c.login_endpoint);
	c.login_endpoint = xstrdup("http://127.0.0.1:1");
	a = auth_new(&c);
	assert_null(auth_token_get(a, h, NULL, now, err, sizeof err));
	assert_int_equal(auth_last_fail(a), AUTH_FAIL_UNREACHABLE);
	assert_null(strstr(err, "cret"));
	auth_free(a);
	cfg_free(&c);
	http_free(h);
}

static void
test_imds(void **state)
{
	struct cfg c;
	struct auth *a;
	struct http *h = http_new();
	char err[512];
	time_t now = 1700000000;

	(void)state;
	cfg_test(&c, AUTH_MANAGED_IDENTITY);
	c.imds_endpoint = xasprintf("http://127.0.0.1:%d", srv.port);
	server_reply(200, "{\"access_token\":\"mi-token-1\",\"refresh_token\":"
	    "\"\",\"expires_in\":\"3599\",\"expires_on\":\"1700003599\","
	    "\"resource\":\"https://management.azure.com/\",\"token_type\":\"Bearer\"}");
	a = auth_new(&c);
	assert_string_equal(auth_token_get(a, h, NULL, now, err, sizeof err),
	    "mi-token-1");
	assert_string_equal(auth_method(a), "managed-identity");
	pthread_mutex_lock(&srv.lock);
	assert_true(strncmp(srv.last, "GET /metadata/identity/oauth2/token?"
	    "api-version=2018-02-01&resource=https%3A%2F%2Fmanagement.azure.com"
	    "%2F HTTP/1.1\r\n", 107) == 0);
	assert_non_null(strstr(srv.last, "\r\nMetadata: true\r\n"));
	pthread_mutex_unlock(&srv.lock);
	auth_free(a);

	server_reply(400, "{\"error\":\"invalid_request\",\"error_description\":"
	    "\"Identity not found\"}");
	a = auth_new(&c);
	assert_null(auth_token_get(a, h, NULL, now, err, sizeof err));
	assert_non_null(strstr(err, "Identity not found"));
	auth_free(a);
	cfg_free(&c);
	http_free(h);
}

static void
test_token_and_auto(void **state)
{
	struct cfg c;
	struct auth *a;
	struct http *h = http_new();
	char err[1024];
	time_t now = 1700000000;

	(void)state;
	cfg_test(&c, AUTH_TOKEN);
	a = auth_new(&c);
	assert_null(auth_token_get(a, h, NULL, now, err, sizeof err));
	assert_non_null(strstr(err, "AZWATCH_ACCESS_TOKEN"));
	auth_free(a);
	c.access_token = xstrdup("given-token");
	a = auth_new(&c);
	assert_string_equal(auth_token_get(a, h, NULL, now, err, sizeof err),
	    "given-token");
	assert_string_equal(auth_method(a), "token");
	auth_free(a);
	free(c.access_token);
	c.access_token = NULL;

	/* auto, nothing there: what to set and where */
	c.auth = AUTH_AUTO;
	c.imds_endpoint = xstrdup("http://127.0.0.1:1");
	free(c.az_program);
	c.az_program = xstrdup("azwatch-test-no-such-az");
	a = auth_new(&c);
	assert_null(auth_token_get(a, h, NULL, now, err, sizeof err));
	assert_true(strncmp(err, "not signed in: set AZURE_TENANT_ID, "
	    "AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or run `az login`, or "
	    "set auth = ", 96) == 0);
	assert_non_null(strstr(err, "config"));
	assert_int_equal(auth_last_fail(a), AUTH_FAIL_UNCONFIGURED);
	assert_null(auth_method(a));
	/* the metadata endpoint is not asked again at once */
	assert_int_equal(auth_sign_ins(a), 2);
	assert_null(auth_token_get(a, h, NULL, now + 60, err, sizeof err));
	assert_int_equal(auth_sign_ins(a), 3);

	/* auto falls through to a working CLI */
	free(c.az_program);
	c.az_program = script("az-ok", "echo '{\"accessToken\":\"cli-token-2\","
	    "\"expires_on\":1700003600}'");
	assert_string_equal(auth_token_get(a, h, NULL, now + 120, err,
	    sizeof err), "cli-token-2");
	assert_string_equal(auth_method(a), "azure-cli");
	auth_free(a);

	/* auto prefers a managed identity when one answers */
	free(c.imds_endpoint);
	c.imds_endpoint = xasprintf("http://127.0.0.1:%d", srv.port);
	server_reply(200, "{\"access_token\":\"mi-token-2\",\"expires_on\":"
	    "\"1700003599\"}");
	a = auth_new(&c);
	assert_string_equal(auth_token_get(a, h, NULL, now, err, sizeof err),
	    "mi-token-2");
	assert_string_equal(auth_method(a), "managed-identity");
	auth_free(a);
	cfg_free(&c);
	http_free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run),
		cmocka_unit_test(test_cli),
		cmocka_unit_test(test_secret),
		cmocka_unit_test(test_imds),
		cmocka_unit_test(test_token_and_auto),
	};
	int rc;

	unsetenv("AZURE_TENANT_ID");
	unsetenv("AZURE_CLIENT_ID");
	unsetenv("AZURE_CLIENT_SECRET");
	rc = cmocka_run_group_tests(tests, server_start, NULL);
	if (tmpdir[0] != '\0') {
		char *cmd = xasprintf("rm -rf '%s'", tmpdir);

		if (system(cmd) != 0)
			rc = 1;
		free(cmd);
	}
	return rc;
}
