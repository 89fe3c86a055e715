/* test-http.c: the HTTP client and the ARM client's URL rules against two
 * small HTTP servers on loopback (a thread per connection): requests in
 * flight are capped overall and per host and do run at once, a redirect
 * to another port loses the bearer token, a link or redirect with a user
 * name is refused, an aborted request stops, Retry-After is clamped; the
 * URL policy and the origin comparison on their own. */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "arm.h"
#include "cfg.h"
#include "http.h"
#include "xmalloc.h"

/* servers ------------------------------------------------------------- */

#define LOG_MAX	64

struct hit {
	char	 path[512];
	bool	 auth;		/* an Authorization header arrived */
};

struct server {
	int		 fd;
	int		 port;
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	struct hit	 log[LOG_MAX];
	int		 nlog;
	int		 cur;		/* /hold requests being held */
	int		 peak;
	int		 target;	/* release /hold when this many wait */
	int		 gen;		/* batches released so far */
	bool		 release;	/* release every held request */
	char		 next[512];	/* nextLink of /list pages */
};

static struct server sa, sb;

struct conn {
	struct server	*s;
	int		 fd;
};

static void
say(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
say(int fd, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0 && write(fd, buf, (size_t)n) < 0)
		return;
}

static void
answer(int fd, int status, const char *extra, const char *body)
{
	say(fd, "HTTP/1.1 %d X\r\nContent-Type: application/json\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n%s\r\n%s", status,
	    strlen(body), extra, body);
}

/* Wait (at most 5 s) until released; returns with the lock held. */
static void
hold(struct server *s)
{
	struct timespec ts;
	int mine = s->gen;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	s->cur++;
	if (s->cur > s->peak)
		s->peak = s->cur;
	/* the batch that reaches the target goes together */
	if (s->cur >= s->target)
		s->gen++;
	pthread_cond_broadcast(&s->cond);
	while (!s->release && s->gen == mine &&
	    pthread_cond_timedwait(&s->cond, &s->lock, &ts) == 0)
		;
}

static void *
conn_main(void *arg)
{
	struct conn *c = arg;
	struct server *s = c->s;
	char req[8192], path[512], *p, *q;
	size_t got = 0;
	ssize_t n;
	bool auth;

	while (got < sizeof req - 1 && (n = read(c->fd, req + got,
	    sizeof req - 1 - got)) > 0) {
		got += (size_t)n;
		req[got] = '\0';
		if (strstr(req, "\r\n\r\n") != NULL)
			break;
	}
	req[got] = '\0';
	path[0] = '\0';
	if ((p = strchr(req, ' ')) != NULL && (q = strchr(p + 1, ' ')) != NULL)
		snprintf(path, sizeof path, "%.*s", (int)(q - p - 1), p + 1);
	auth = strstr(req, "\nAuthorization:") != NULL ||
	    strstr(req, "\nauthorization:") != NULL;

	pthread_mutex_lock(&s->lock);
	if (s->nlog < LOG_MAX) {
		snprintf(s->log[s->nlog].path, sizeof s->log[s->nlog].path,
		    "%s", path);
		s->log[s->nlog++].auth = auth;
	}
	pthread_cond_broadcast(&s->cond);
	if (strncmp(path, "/hold", 5) == 0) {
		hold(s);
		s->cur--;
		pthread_mutex_unlock(&s->lock);
		answer(c->fd, 200, "", "{}");
	} else if (strncmp(path, "/never", 6) == 0) {
		while (!s->release)
			pthread_cond_wait(&s->cond, &s->lock);
		pthread_mutex_unlock(&s->lock);
	} else if (strncmp(path, "/redir?to=", 10) == 0) {
		pthread_mutex_unlock(&s->lock);
		say(c->fd, "HTTP/1.1 302 Found\r\nLocation: %s\r\n"
		    "Content-Length: 0\r\nConnection: close\r\n\r\n", path + 10);
	} else if (strncmp(path, "/ra?v=", 6) == 0) {
		char extra[128];

		pthread_mutex_unlock(&s->lock);
		snprintf(extra, sizeof extra, "Retry-After: %.60s\r\n", path + 6);
		answer(c->fd, 429, extra, "{}");
	} else if (strncmp(path, "/list", 5) == 0) {
		char body[700];

		snprintf(body, sizeof body, "{\"value\":[],\"nextLink\":\"%s\"}",
		    s->next);
		pthread_mutex_unlock(&s->lock);
		answer(c->fd, 200, "", body);
	} else {
		pthread_mutex_unlock(&s->lock);
		answer(c->fd, 200, "", "{}");
	}
	close(c->fd);
	free(c);
	return NULL;
}

static void *
server_main(void *arg)
{
	struct server *s = arg;
	struct conn *c;
	pthread_t t;
	int fd;

	while ((fd = accept(s->fd, NULL, NULL)) >= 0) {
		c = xcalloc(1, sizeof *c);
		c->s = s;
		c->fd = fd;
		if (pthread_create(&t, NULL, conn_main, c) != 0) {
			close(fd);
			free(c);
			continue;
		}
		pthread_detach(t);
	}
	return NULL;
}

static void
server_start(struct server *s)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;

	memset(s, 0, sizeof *s);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->cond, NULL);
	s->target = 1000;
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->fd >= 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s->fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(s->fd, 64), 0);
	getsockname(s->fd, (struct sockaddr *)&a, &len);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&s->thread, NULL, server_main, s), 0);
}

/* Forget what was seen; hold batches of target. */
static void
server_reset(struct server *s, int target)
{
	pthread_mutex_lock(&s->lock);
	s->nlog = 0;
	s->cur = s->peak = 0;
	s->target = target;
	s->release = false;
	pthread_mutex_unlock(&s->lock);
}

static int
server_hits(struct server *s, bool *any_auth)
{
	int i, n;

	pthread_mutex_lock(&s->lock);
	n = s->nlog;
	if (any_auth != NULL) {
		*any_auth = false;
		for (i = 0; i < n; i++)
			*any_auth = *any_auth || s->log[i].auth;
	}
	pthread_mutex_unlock(&s->lock);
	return n;
}

static int
server_peak(struct server *s)
{
	int p;

	pthread_mutex_lock(&s->lock);
	p = s->peak;
	pthread_mutex_unlock(&s->lock);
	return p;
}

static void
server_release(struct server *s)
{
	pthread_mutex_lock(&s->lock);
	s->release = true;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

static char *
url_a(const char *path)
{
	return xasprintf("http://127.0.0.1:%d%s", sa.port, path);
}

static struct http *
client(int max_requests, int max_per_host)
{
	struct cfg c;
	struct http *h;

	cfg_defaults(&c);
	c.max_requests = max_requests;
	c.max_per_host = max_per_host;
	c.request_timeout = 20;
	h = http_new_cfg(&c);
	cfg_free(&c);
	return h;
}

/* n GETs of url at once; every one must answer 200. */
static void
get_many(struct http *h, const char *url, size_t n)
{
	struct http_req reqs[16];
	struct http_resp resps[16];
	size_t i;

	assert_true(n <= 16);
	memset(reqs, 0, sizeof reqs);
	for (i = 0; i < n; i++) {
		reqs[i].url = url;
		http_resp_init(&resps[i]);
	}
	assert_int_equal(http_do_many(h, reqs, resps, n), 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(resps[i].status, 200);
		http_resp_free(&resps[i]);
	}
}

/* tests --------------------------------------------------------------- */

/* Requests in flight never exceed [poll] max_requests, and up to that
 * many do run at once (the server answers only when that many wait). */
static void
test_cap_in_flight(void **state)
{
	struct http *h = client(3, 3);
	char *url = url_a("/hold");

	server_reset(&sa, 3);
	get_many(h, url, 9);
	assert_int_equal(server_peak(&sa), 3);
	assert_int_equal(http_peak(h), 3);
	assert_int_equal(server_hits(&sa, NULL), 9);
	http_free(h);
	free(url);
}

/* ... and max_per_host for one host, with room for more overall. */
static void
test_cap_per_host(void **state)
{
	struct http *h = client(8, 2);
	char *url = url_a("/hold");

	server_reset(&sa, 2);
	get_many(h, url, 6);
	assert_int_equal(server_peak(&sa), 2);
	assert_int_equal(server_hits(&sa, NULL), 6);
	http_free(h);
	free(url);
}

static int
get_one(struct http *h, const char *url, const char *bearer, int redirects,
    const atomic_int *abort, struct http_resp *resp, char *err, size_t len)
{
	struct http_req req = { 0 };

	req.url = url;
	req.bearer = bearer;
	req.max_redirects = redirects;
	req.abort = abort;
	return http_do(h, &req, resp, err, len);
}

/* A redirect to another port keeps nothing of the token; one on the same
 * origin keeps it. */
static void
test_redirect_drops_bearer(void **state)
{
	struct http *h = client(4, 4);
	struct http_resp resp;
	char err[512], *to, *url;
	bool auth;

	http_resp_init(&resp);
	server_reset(&sa, 1000);
	server_reset(&sb, 1000);
	to = xasprintf("http://127.0.0.1:%d/ok", sb.port);
	url = xasprintf("http://127.0.0.1:%d/redir?to=%s", sa.port, to);
	assert_int_equal(get_one(h, url, "sekrit-token", 3, NULL, &resp, err,
	    sizeof err), 0);
	assert_int_equal(resp.status, 200);
	assert_int_equal(server_hits(&sb, &auth), 1);
	assert_false(auth);
	assert_int_equal(server_hits(&sa, &auth), 1);
	assert_true(auth);
	free(to);
	free(url);

	/* the same origin: the token goes along */
	server_reset(&sa, 1000);
	to = xasprintf("http://127.0.0.1:%d/ok", sa.port);
	url = xasprintf("http://127.0.0.1:%d/redir?to=%s", sa.port, to);
	assert_int_equal(get_one(h, url, "sekrit-token", 3, NULL, &resp, err,
	    sizeof err), 0);
	assert_int_equal(server_hits(&sa, &auth), 2);
	assert_true(auth);
	free(to);
	free(url);
	http_resp_free(&resp);
	http_free(h);
}

/* Userinfo in a redirect could disguise the host: refused, not followed. */
static void
test_redirect_userinfo(void **state)
{
	struct http *h = client(4, 4);
	struct http_resp resp;
	char err[512], *url;

	http_resp_init(&resp);
	server_reset(&sa, 1000);
	server_reset(&sb, 1000);
	url = xasprintf("http://127.0.0.1:%d/redir?to=http://127.0.0.1:%d@"
	    "127.0.0.1:%d/ok", sa.port, sa.port, sb.port);
	assert_int_equal(get_one(h, url, "sekrit-token", 3, NULL, &resp, err,
	    sizeof err), -1);
	assert_int_equal(resp.fail, HTTP_FAIL_POLICY);
	assert_int_equal(server_hits(&sb, NULL), 0);
	assert_null(strstr(err, "sekrit"));
	free(url);
	http_resp_free(&resp);
	http_free(h);
}

struct aborter {
	atomic_int	*flag;
	struct http	*h;
};

static void *
abort_when_seen(void *arg)
{
	struct aborter *ab = arg;

	/* the request has arrived and is being held */
	pthread_mutex_lock(&sa.lock);
	while (sa.nlog == 0)
		pthread_cond_wait(&sa.cond, &sa.lock);
	pthread_mutex_unlock(&sa.lock);
	atomic_store(ab->flag, 1);
	http_wakeup(ab->h);
	return NULL;
}

/* An abort stops a request the server never answers (the deadline is
 * 20 s; the test harness would notice a hang). */
static void
test_abort(void **state)
{
	struct http *h = client(4, 4);
	struct http_resp resp;
	struct aborter ab;
	atomic_int flag;
	pthread_t t;
	char err[512], *url = url_a("/never");

	atomic_init(&flag, 0);
	http_resp_init(&resp);
	server_reset(&sa, 1000);
	ab.flag = &flag;
	ab.h = h;
	assert_int_equal(pthread_create(&t, NULL, abort_when_seen, &ab), 0);
	assert_int_equal(get_one(h, url, NULL, 0, &flag, &resp, err,
	    sizeof err), -1);
	assert_int_equal(resp.fail, HTTP_FAIL_ABORTED);
	pthread_join(t, NULL);
	server_release(&sa);
	free(url);
	http_resp_free(&resp);
	http_free(h);
}

/* A day-long Retry-After is taken as 15 minutes. */
static void
test_retry_after_clamped(void **state)
{
	struct http *h = client(4, 4);
	struct http_resp resp;
	char err[512], *url;

	http_resp_init(&resp);
	url = url_a("/ra?v=86400000000000000000");
	assert_int_equal(get_one(h, url, NULL, 0, NULL, &resp, err,
	    sizeof err), 0);
	assert_int_equal(resp.status, 429);
	assert_int_equal(resp.retry_after, HTTP_RETRY_AFTER_MAX);
	free(url);
	url = url_a("/ra?v=7");
	assert_int_equal(get_one(h, url, NULL, 0, NULL, &resp, err,
	    sizeof err), 0);
	assert_int_equal(resp.retry_after, 7);
	free(url);
	url = url_a("/ra?v=-5");
	assert_int_equal(get_one(h, url, NULL, 0, NULL, &resp, err,
	    sizeof err), 0);
	assert_true(resp.retry_after == -1 || resp.retry_after == 0);
	free(url);
	http_resp_free(&resp);
	http_free(h);
}

static void
test_url_policy(void **state)
{
	char err[512];

	assert_true(cfg_url_ok("https://management.azure.com", err,
	    sizeof err));
	assert_true(cfg_url_ok("http://127.0.0.1:8080/feed", err, sizeof err));
	assert_true(cfg_url_ok("http://127.9.8.7/", err, sizeof err));
	assert_true(cfg_url_ok("http://LOCALHOST:99/x", err, sizeof err));
	assert_true(cfg_url_ok("http://[::1]:99/", err, sizeof err));
	/* userinfo disguises the host */
	assert_false(cfg_url_ok("http://127.0.0.1:x@other.example/", err,
	    sizeof err));
	assert_null(strstr(err, "other.example"));
	assert_false(cfg_url_ok("http://localhost@other.example/", err,
	    sizeof err));
	assert_false(cfg_url_ok("https://user:pw@management.azure.com/", err,
	    sizeof err));
	/* look-alike hosts */
	assert_false(cfg_url_ok("http://127.0.0.1.attacker.example/", err,
	    sizeof err));
	assert_false(cfg_url_ok("http://localhost.attacker.example/", err,
	    sizeof err));
	assert_false(cfg_url_ok("http://example.com/feed", err, sizeof err));
	assert_false(cfg_url_ok("ftp://127.0.0.1/", err, sizeof err));
	assert_false(cfg_url_ok("not a url", err, sizeof err));
	assert_false(cfg_url_is_loopback("http://127.0.0.1:1@10.1.2.3/"));
}

static void
test_same_origin(void **state)
{
	const char *arm = "https://management.azure.com";

	assert_true(http_same_origin(arm, "https://management.azure.com/x?y"));
	assert_true(http_same_origin(arm, "HTTPS://Management.Azure.com:443/"));
	assert_false(http_same_origin(arm,
	    "https://management.azure.com.attacker.example/subscriptions"));
	assert_false(http_same_origin(arm, "https://management.azure.com:444/"));
	assert_false(http_same_origin(arm, "http://management.azure.com/"));
	assert_false(http_same_origin(arm,
	    "https://management.azure.com@attacker.example/"));
	assert_false(http_same_origin(arm,
	    "https://x:y@management.azure.com/"));
	assert_false(http_same_origin("http://127.0.0.1:4123",
	    "http://127.0.0.1:41230/"));
}

/* A listing whose next page is off the ARM endpoint: not fetched, and
 * the token goes nowhere else. */
static int
list_page(const char *data, size_t len, void *arg, char **next, char *err,
    size_t errlen)
{
	struct server *s = arg;

	pthread_mutex_lock(&s->lock);
	*next = s->next[0] != '\0' ? xstrdup(s->next) : NULL;
	pthread_mutex_unlock(&s->lock);
	return 0;
}

static void
arm_next(const char *next, int want_a, enum arm_err want)
{
	struct cfg c;
	struct arm *a;
	struct http *h;
	struct arm_list l;
	char *ep = xasprintf("http://127.0.0.1:%d", sa.port);
	char *first = xasprintf("%s/list?api-version=1", ep);
	bool auth;

	cfg_defaults(&c);
	free(c.arm_endpoint);
	c.arm_endpoint = ep;
	c.auth = AUTH_TOKEN;
	c.access_token = xstrdup("fake-static-token");
	a = arm_new(&c);
	h = http_new_cfg(&c);
	server_reset(&sa, 1000);
	server_reset(&sb, 1000);
	pthread_mutex_lock(&sa.lock);
	snprintf(sa.next, sizeof sa.next, "%s", next);
	pthread_mutex_unlock(&sa.lock);
	memset(&l, 0, sizeof l);
	l.url = first;
	l.what = "tests";
	l.fn = list_page;
	l.arg = &sa;
	l.max_pages = 3;
	arm_list(a, h, NULL, &l);
	assert_int_equal(l.err.kind, want);
	assert_int_equal(server_hits(&sb, NULL), 0);
	assert_int_equal(server_hits(&sa, &auth), want_a);
	assert_true(auth);
	assert_null(strstr(l.err.msg, "fake-static-token"));
	arm_free(a);
	http_free(h);
	free(first);
	cfg_free(&c);
}

static void
test_arm_next_links(void **state)
{
	char link[256];

	/* another port */
	snprintf(link, sizeof link, "http://127.0.0.1:%d/list?api-version=1",
	    sb.port);
	arm_next(link, 1, ARM_ERR_POLICY);
	/* a user name in front of another server */
	snprintf(link, sizeof link, "http://127.0.0.1:%d@127.0.0.1:%d/list"
	    "?api-version=1", sa.port, sb.port);
	arm_next(link, 1, ARM_ERR_POLICY);
	/* another name for the same machine is another host */
	snprintf(link, sizeof link, "http://localhost:%d/list?api-version=1",
	    sa.port);
	arm_next(link, 1, ARM_ERR_POLICY);
	/* the endpoint itself: followed (up to the page cap) */
	snprintf(link, sizeof link, "http://127.0.0.1:%d/list?api-version=2",
	    sa.port);
	arm_next(link, 2, ARM_ERR_BAD);	/* then it repeats: a loop */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_policy),
		cmocka_unit_test(test_same_origin),
		cmocka_unit_test(test_cap_in_flight),
		cmocka_unit_test(test_cap_per_host),
		cmocka_unit_test(test_redirect_drops_bearer),
		cmocka_unit_test(test_redirect_userinfo),
		cmocka_unit_test(test_abort),
		cmocka_unit_test(test_retry_after_clamped),
		cmocka_unit_test(test_arm_next_links),
	};
	int rc;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	server_start(&sa);
	server_start(&sb);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
