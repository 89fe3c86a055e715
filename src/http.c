/* http.c: the HTTP client every channel uses, on libcurl's multi
 * interface. One instance per thread (curl handles are never shared). The
 * multi handle lives as long as the client, so connections (and HTTP/2
 * streams to one host) are reused from poll to poll. Redirects are
 * followed here, not by curl, so that each hop is checked against the URL
 * policy and a bearer token is dropped when the scheme, host or port
 * changes. */
#include "config.h"
#include "http.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "xmalloc.h"

#define HTTP_DEFAULT_CONNECT_MS	10000L
#define HTTP_DEFAULT_TIMEOUT_MS	30000L
#define HTTP_DEFAULT_MAX	(8u * 1024 * 1024)
#define HTTP_DEFAULT_INFLIGHT	32
#define HTTP_DEFAULT_PER_HOST	24
#define HTTP_IMDS_HOST		"169.254.169.254"
#define HTTP_USER_AGENT		PACKAGE_NAME "/" PACKAGE_VERSION
/* How often a waiting client looks at the abort flags. */
#define HTTP_TICK_MS		100

struct http {
	CURLM		*multi;
	long		 connect_ms;
	long		 timeout_ms;
	long		 max_total;
	long		 max_host;
	unsigned long	 requests;
	unsigned long	 bytes;
	unsigned long	 peak;
};

struct xfer {
	struct http_resp	*resp;
	size_t			 max;
	bool			 too_big;
	const atomic_int	*abort;
};

/* One request of a batch, across its redirect hops. */
enum job_state { JOB_WAIT, JOB_RUN, JOB_DONE };

struct job {
	const struct http_req	*req;
	struct http_resp	*resp;
	enum job_state		 st;
	const char		*method;
	char			*url;		/* this hop's */
	char			*origin;	/* "scheme://host:port" of url */
	int			 hops;
	bool			 bearer;	/* still sent on this hop */
	long			 connect_ms;
	long			 timeout_ms;
	CURL			*easy;
	struct curl_slist	*headers;
	struct xfer		 x;
	char			 curlerr[CURL_ERROR_SIZE];
};

static struct http *
http_alloc(long connect_ms, long timeout_ms, long max_total, long max_host)
{
	struct http *h = xcalloc(1, sizeof *h);

	h->multi = curl_multi_init();
	if (h->multi == NULL)
		xmalloc_die("curl_multi_init");
	h->connect_ms = connect_ms > 0 ? connect_ms : HTTP_DEFAULT_CONNECT_MS;
	h->timeout_ms = timeout_ms > 0 ? timeout_ms : HTTP_DEFAULT_TIMEOUT_MS;
	h->max_total = max_total > 0 ? max_total : HTTP_DEFAULT_INFLIGHT;
	h->max_host = max_host > 0 ? max_host : HTTP_DEFAULT_PER_HOST;
	if (h->max_host > h->max_total)
		h->max_host = h->max_total;
	curl_multi_setopt(h->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    h->max_total);
	curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, h->max_host);
	/* keep about as many idle connections as may be busy at once */
	curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, h->max_total);
#ifdef CURLPIPE_MULTIPLEX
	curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
#endif
	return h;
}

struct http *
http_new(void)
{
	return http_alloc(0, 0, 0, 0);
}

struct http *
http_new_cfg(const struct cfg *cfg)
{
	return http_alloc((long)cfg->connect_timeout * 1000L,
	    (long)cfg->request_timeout * 1000L, cfg->max_requests,
	    cfg->max_per_host);
}

void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	curl_multi_cleanup(h->multi);
	free(h);
}

void
http_wakeup(struct http *h)
{
	if (h != NULL)
		curl_multi_wakeup(h->multi);
}

unsigned long
http_peak(const struct http *h)
{
	return h->peak;
}

void
http_stats(const struct http *h, unsigned long *requests, unsigned long *bytes)
{
	*requests = h->requests;
	*bytes = h->bytes;
}

void
http_resp_init(struct http_resp *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->body);
	r->retry_after = -1;
}

static void
resp_clear(struct http_resp *r)
{
	buf_free(&r->body);
	free(r->etag);
	free(r->last_modified);
	free(r->content_type);
	free(r->url);
	strv_free(&r->headers);
	http_resp_init(r);
}

void
http_resp_free(struct http_resp *r)
{
	resp_clear(r);
}

const char *
http_resp_header(const struct http_resp *r, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < r->headers.n; i++) {
		const char *h = r->headers.v[i];

		if (strncasecmp(h, name, len) == 0 && h[len] == ':')
			return h + len + 2;
	}
	return NULL;
}

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;

	if (x->resp->body.len + len > x->max) {
		x->too_big = true;
		return 0;	/* makes curl fail with CURLE_WRITE_ERROR */
	}
	buf_append(&x->resp->body, data, len);
	return len;
}

static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n, nlen, i;
	const char *colon, *v;
	char *line;

	/* A new status line starts a new header block (after 100 Continue). */
	if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		strv_free(&x->resp->headers);
		return len;
	}
	if ((colon = memchr(data, ':', len)) == NULL || x->resp->headers.n > 200)
		return len;
	nlen = (size_t)(colon - data);
	v = colon + 1;
	while (v < data + len && (*v == ' ' || *v == '\t'))
		v++;
	while (len > 0 && (data[len - 1] == '\r' || data[len - 1] == '\n' ||
	    data[len - 1] == ' '))
		len--;
	if (v > data + len)
		v = data + len;
	line = xasprintf("%.*s: %.*s", (int)nlen, data,
	    (int)(data + len - v), v);
	for (i = 0; i < nlen; i++)
		line[i] = (char)tolower((unsigned char)line[i]);
	x->resp->headers.v = xreallocarray(x->resp->headers.v,
	    x->resp->headers.n + 1, sizeof *x->resp->headers.v);
	x->resp->headers.v[x->resp->headers.n++] = line;
	return size * n;
}

static int
on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct xfer *x = arg;

	return x->abort != NULL && atomic_load(x->abort) != 0;
}

/* A parsed URL, or NULL; caller frees with curl_url_cleanup. */
static CURLU *
url_parse(const char *url)
{
	CURLU *u = curl_url();

	if (u == NULL)
		xmalloc_die("curl_url");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		curl_url_cleanup(u);
		return NULL;
	}
	return u;
}

static char *
url_part(CURLU *u, CURLUPart what, unsigned flags)
{
	char *v = NULL, *copy;

	if (curl_url_get(u, what, &v, flags) != CURLUE_OK || v == NULL)
		return NULL;
	copy = xstrdup(v);
	curl_free(v);
	return copy;
}

static bool
url_has_userinfo(CURLU *u)
{
	char *v = url_part(u, CURLUPART_USER, 0);
	char *p = url_part(u, CURLUPART_PASSWORD, 0);
	bool has = v != NULL || p != NULL;

	free(v);
	free(p);
	return has;
}

char *
http_url_host(const char *url)
{
	CURLU *u = url_parse(url);
	char *host, *port, *hp;

	if (u == NULL)
		return NULL;
	host = url_part(u, CURLUPART_HOST, 0);
	port = url_part(u, CURLUPART_PORT, 0);	/* only when it is given */
	curl_url_cleanup(u);
	if (host == NULL || port == NULL) {
		free(port);
		return host;
	}
	hp = xasprintf("%s:%s", host, port);
	free(host);
	free(port);
	return hp;
}

/* "scheme://host:port", lower-cased, default port filled in; NULL when
 * the URL does not parse or carries a user name or password. */
static char *
url_origin(const char *url)
{
	CURLU *u = url_parse(url);
	char *scheme, *host, *port, *o = NULL, *p;

	if (u == NULL)
		return NULL;
	scheme = url_part(u, CURLUPART_SCHEME, 0);
	host = url_part(u, CURLUPART_HOST, 0);
	port = url_part(u, CURLUPART_PORT, CURLU_DEFAULT_PORT);
	if (scheme != NULL && host != NULL && port != NULL && *host != '\0' &&
	    !url_has_userinfo(u)) {
		o = xasprintf("%s://%s:%s", scheme, host, port);
		for (p = o; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	free(scheme);
	free(host);
	free(port);
	curl_url_cleanup(u);
	return o;
}

bool
http_url_is_web(const char *url)
{
	char *o = url_origin(url);
	bool web = o != NULL && (strncmp(o, "https://", 8) == 0 ||
	    strncmp(o, "http://", 7) == 0);

	free(o);
	return web;
}

bool
http_same_origin(const char *a, const char *b)
{
	char *oa = url_origin(a), *ob = url_origin(b);
	bool same = oa != NULL && ob != NULL && strcmp(oa, ob) == 0;

	free(oa);
	free(ob);
	return same;
}

/* The metadata service: plain http to its link-local address. */
static bool
url_is_imds(const char *url)
{
	CURLU *u = url_parse(url);
	char *scheme, *host;
	bool ok = false;

	if (u == NULL)
		return false;
	scheme = url_part(u, CURLUPART_SCHEME, 0);
	host = url_part(u, CURLUPART_HOST, 0);
	ok = scheme != NULL && host != NULL && strcmp(scheme, "http") == 0 &&
	    strcmp(host, HTTP_IMDS_HOST) == 0 && !url_has_userinfo(u);
	free(scheme);
	free(host);
	curl_url_cleanup(u);
	return ok;
}

char *
http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = xmalloc(strlen(s) * 3 + 1), *o = out;
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.' ||
		    *p == '~')
			*o++ = (char)*p;
		else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
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

static void
free_headers(struct curl_slist *list)
{
	struct curl_slist *l;

	/* Scrub the Authorization line before it goes back to the heap. */
	for (l = list; l != NULL; l = l->next)
		explicit_bzero(l->data, strlen(l->data));
	curl_slist_free_all(list);
}

static struct curl_slist *
build_headers(const struct http_req *req, bool with_bearer)
{
	struct curl_slist *list = NULL;
	char *line;
	size_t i;

	if (with_bearer && req->bearer != NULL) {
		line = xasprintf("Authorization: Bearer %s", req->bearer);
		list = curl_slist_append(list, line);
		explicit_bzero(line, strlen(line));
		free(line);
	}
	if (req->content_type != NULL) {
		line = xasprintf("Content-Type: %s", req->content_type);
		list = curl_slist_append(list, line);
		free(line);
	}
	if (req->etag != NULL) {
		line = xasprintf("If-None-Match: %s", req->etag);
		list = curl_slist_append(list, line);
		free(line);
	}
	if (req->last_modified != NULL) {
		line = xasprintf("If-Modified-Since: %s", req->last_modified);
		list = curl_slist_append(list, line);
		free(line);
	}
	for (i = 0; i < req->nheaders; i++) {
		line = xasprintf("%s: %s", req->headers[i].name,
		    req->headers[i].value);
		list = curl_slist_append(list, line);
		free(line);
	}
	/* no "Expect: 100-continue" round trip on POST */
	list = curl_slist_append(list, "Expect:");
	return list;
}

/* Retry-After: seconds or an HTTP date; clamped to
 * 0..HTTP_RETRY_AFTER_MAX. */
static long
retry_after_parse(const char *v)
{
	char *end;
	long long n;
	time_t t, now;

	while (*v == ' ')
		v++;
	if (isdigit((unsigned char)*v)) {
		n = strtoll(v, &end, 10);
		if (end == v)
			return -1;
		return n > HTTP_RETRY_AFTER_MAX ? HTTP_RETRY_AFTER_MAX : (long)n;
	}
	if ((t = curl_getdate(v, NULL)) == -1)
		return -1;
	now = time(NULL);
	if (t <= now)
		return 0;
	return t - now > HTTP_RETRY_AFTER_MAX ? HTTP_RETRY_AFTER_MAX :
	    (long)(t - now);
}

static void
fill_resp(struct http_resp *r)
{
	const char *v;

	if ((v = http_resp_header(r, "etag")) != NULL)
		r->etag = xstrdup(v);
	if ((v = http_resp_header(r, "last-modified")) != NULL)
		r->last_modified = xstrdup(v);
	if ((v = http_resp_header(r, "content-type")) != NULL)
		r->content_type = xstrdup(v);
	if ((v = http_resp_header(r, "retry-after")) != NULL)
		r->retry_after = retry_after_parse(v);
}
static void
describe_curl_error(CURLcode rc, const char *curlerr, const char *url,
    long timeout_ms, char *err, size_t errlen)
{
	char *host = http_url_host(url);
	const char *h = host != NULL ? host : "server";

	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		errf(err, errlen, "cannot resolve %s (DNS failure)", h);
		break;
	case CURLE_COULDNT_CONNECT:
		errf(err, errlen, "cannot connect to %s (connection refused "
		    "or unreachable)", h);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		errf(err, errlen, "%s did not answer in time (timed out after "
		    "%lds)", h, timeout_ms / 1000);
		break;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
		errf(err, errlen, "TLS failure talking to %s: %s", h,
		    *curlerr ? curlerr : curl_easy_strerror(rc));
		break;
	case CURLE_GOT_NOTHING:
		errf(err, errlen, "%s closed the connection without an answer",
		    h);
		break;
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
		errf(err, errlen, "connection to %s broke in the middle of the "
		    "answer (truncated)", h);
		break;
	case CURLE_BAD_CONTENT_ENCODING:
		errf(err, errlen, "%s sent a body that does not decompress", h);
		break;
	default:
		errf(err, errlen, "request to %s failed: %s", h,
		    *curlerr ? curlerr : curl_easy_strerror(rc));
		break;
	}
	free(host);
}

/* policy ---------------------------------------------------------------- */

/* May this request go to url at all? */
static bool
url_allowed(const struct http_req *req, const char *url, char *err,
    size_t errlen)
{
	/* The metadata service is plain http by design, on a link-local
	 * address that never leaves the machine; only that request may use
	 * it, and it never follows redirects. */
	if (req->imds && url_is_imds(url)) {
		if (req->max_redirects != 0) {
			snprintf(err, errlen, "metadata requests never follow "
			    "redirects");
			return false;
		}
		return true;
	}
	return cfg_url_ok(url, err, errlen);
}

/* the batch ------------------------------------------------------------- */

static void
job_fail(struct job *j, enum http_fail why, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
job_fail(struct job *j, enum http_fail why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->resp->error, sizeof j->resp->error, fmt, ap);
	va_end(ap);
	j->resp->fail = why;
	j->st = JOB_DONE;
}

/* Take the easy handle out of the multi handle and free what this hop
 * set up; curl keeps no pointer into the job afterwards. */
static void
job_release(struct http *h, struct job *j)
{
	if (j->easy != NULL) {
		curl_multi_remove_handle(h->multi, j->easy);
		curl_easy_setopt(j->easy, CURLOPT_ERRORBUFFER, NULL);
		curl_easy_cleanup(j->easy);
		j->easy = NULL;
	}
	if (j->headers != NULL) {
		free_headers(j->headers);
		j->headers = NULL;
	}
}

static void
job_start(struct http *h, struct job *j)
{
	const struct http_req *req = j->req;
	CURL *c = curl_easy_init();

	if (c == NULL)
		xmalloc_die("curl_easy_init");
	j->easy = c;
	j->x.resp = j->resp;
	j->x.max = req->max_bytes > 0 ? req->max_bytes : HTTP_DEFAULT_MAX;
	j->x.too_big = false;
	j->x.abort = req->abort;
	j->curlerr[0] = '\0';
	j->headers = build_headers(req, j->bearer);

	curl_easy_setopt(c, CURLOPT_PRIVATE, j);
	curl_easy_setopt(c, CURLOPT_URL, j->url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS,
	    CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, HTTP_USER_AGENT);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, j->connect_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, j->timeout_ms);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, j->curlerr);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, j->headers);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &j->x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &j->x);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, &j->x);
#ifdef CURL_HTTP_VERSION_2TLS
	/* HTTP/2 where TLS offers it: many requests share one connection */
	curl_easy_setopt(c, CURLOPT_HTTP_VERSION,
	    (long)CURL_HTTP_VERSION_2TLS);
#endif
#ifdef CURLOPT_PIPEWAIT
	/* wait for a connection that may multiplex rather than open more */
	curl_easy_setopt(c, CURLOPT_PIPEWAIT, 1L);
#endif
	if (req->body != NULL && strcmp(j->method, "GET") != 0) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)req->body_len);
	}
	if (strcmp(j->method, "GET") != 0 && strcmp(j->method, "POST") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, j->method);

	h->requests++;
	j->st = JOB_RUN;
	if (curl_multi_add_handle(h->multi, c) != CURLM_OK) {
		job_release(h, j);
		job_fail(j, HTTP_FAIL_CONNECT, "cannot start a request");
	}
}

/* Clear what a hop left in the answer before the next one. */
static void
resp_next_hop(struct http_resp *r)
{
	buf_reset(&r->body);
	free(r->etag);
	free(r->last_modified);
	free(r->content_type);
	r->etag = r->last_modified = r->content_type = NULL;
	r->retry_after = -1;
	strv_free(&r->headers);
}

/* One hop ended with rc: done, failed, or off to the next hop. */
static void
job_finish_hop(struct http *h, struct job *j, CURLcode rc)
{
	struct http_resp *resp = j->resp;
	const char *loc = NULL;
	curl_off_t wire = 0;
	long status = 0;
	char why[256], *next, *origin;

	curl_easy_getinfo(j->easy, CURLINFO_SIZE_DOWNLOAD_T, &wire);
	if (wire > 0) {
		h->bytes += (unsigned long)wire;
		resp->wire_bytes += (size_t)wire;
	}
	if (rc != CURLE_OK) {
		if (j->x.too_big)
			job_fail(j, HTTP_FAIL_TOO_BIG, "answer is larger than "
			    "%zu bytes; refused", j->x.max);
		else if (rc == CURLE_ABORTED_BY_CALLBACK)
			job_fail(j, HTTP_FAIL_ABORTED, "request cancelled");
		else {
			describe_curl_error(rc, j->curlerr, j->url, j->timeout_ms,
			    resp->error, sizeof resp->error);
			resp->fail = HTTP_FAIL_CONNECT;
			j->st = JOB_DONE;
		}
		job_release(h, j);
		return;
	}
	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &status);
	resp->status = status;
	fill_resp(resp);
	if (status >= 300 && status <= 399 && status != 304 &&
	    j->hops < j->req->max_redirects && strcmp(j->method, "GET") == 0)
		curl_easy_getinfo(j->easy, CURLINFO_REDIRECT_URL, &loc);
	if (loc == NULL) {
		job_release(h, j);
		j->st = JOB_DONE;
		return;
	}
	next = xstrdup(loc);
	job_release(h, j);
	if (!cfg_url_ok(next, why, sizeof why)) {
		job_fail(j, HTTP_FAIL_POLICY, "refused redirect: %s", why);
		free(next);
		return;
	}
	/* never carry the token to another scheme, host or port */
	origin = url_origin(next);
	if (origin == NULL || j->origin == NULL ||
	    strcmp(origin, j->origin) != 0)
		j->bearer = false;
	free(j->origin);
	j->origin = origin;
	free(j->url);
	j->url = next;
	j->hops++;
	resp_next_hop(resp);
	j->st = JOB_WAIT;
}

static bool
job_aborted(const struct job *j)
{
	return j->req->abort != NULL && atomic_load(j->req->abort) != 0;
}

/* Requests of the batch in flight to this origin. */
static long
origin_busy(const struct job *jobs, size_t n, const char *origin)
{
	long busy = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (jobs[i].st == JOB_RUN && jobs[i].origin != NULL &&
		    origin != NULL && strcmp(jobs[i].origin, origin) == 0)
			busy++;
	}
	return busy;
}

size_t
http_do_many(struct http *h, const struct http_req *reqs,
    struct http_resp *resps, size_t n)
{
	struct job *jobs = xcalloc(n > 0 ? n : 1, sizeof *jobs);
	struct CURLMsg *msg;
	size_t i, failed = 0;
	long running;
	int still, left;
	bool pending;

	for (i = 0; i < n; i++) {
		struct job *j = &jobs[i];
		const struct http_req *req = &reqs[i];

		resp_clear(&resps[i]);
		j->req = req;
		j->resp = &resps[i];
		j->method = req->method != NULL ? req->method :
		    (req->body != NULL ? "POST" : "GET");
		j->bearer = true;
		j->connect_ms = req->connect_timeout_ms > 0 ?
		    req->connect_timeout_ms : h->connect_ms;
		j->timeout_ms = req->timeout_ms > 0 ? req->timeout_ms :
		    h->timeout_ms;
		j->st = JOB_WAIT;
		if (!url_allowed(req, req->url, j->resp->error,
		    sizeof j->resp->error)) {
			j->resp->fail = HTTP_FAIL_POLICY;
			j->st = JOB_DONE;
			continue;
		}
		j->url = xstrdup(req->url);
		j->origin = url_origin(j->url);
	}

	for (;;) {
		/* stop what was cancelled, start what fits under the caps */
		running = 0;
		pending = false;
		for (i = 0; i < n; i++) {
			struct job *j = &jobs[i];

			if (j->st != JOB_DONE && job_aborted(j)) {
				job_release(h, j);
				job_fail(j, HTTP_FAIL_ABORTED,
				    "request cancelled");
			}
			if (j->st == JOB_RUN)
				running++;
		}
		for (i = 0; i < n && running < h->max_total; i++) {
			struct job *j = &jobs[i];

			if (j->st != JOB_WAIT || origin_busy(jobs, n,
			    j->origin) >= h->max_host)
				continue;
			job_start(h, j);
			if (j->st == JOB_RUN)
				running++;
		}
		if ((unsigned long)running > h->peak)
			h->peak = (unsigned long)running;
		for (i = 0; i < n; i++) {
			if (jobs[i].st != JOB_DONE)
				pending = true;
		}
		if (!pending)
			break;

		curl_multi_perform(h->multi, &still);
		while ((msg = curl_multi_info_read(h->multi, &left)) != NULL) {
			struct job *j = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&j);
			if (j != NULL && j->st == JOB_RUN)
				job_finish_hop(h, j, msg->data.result);
		}
		pending = false;
		for (i = 0; i < n; i++) {
			if (jobs[i].st == JOB_RUN)
				pending = true;
		}
		/* sleep until a socket is ready, a curl timer runs out,
		 * http_wakeup, or the next look at the abort flags */
		if (pending)
			curl_multi_poll(h->multi, NULL, 0, HTTP_TICK_MS, NULL);
	}

	for (i = 0; i < n; i++) {
		struct job *j = &jobs[i];

		job_release(h, j);
		if (j->resp->fail != HTTP_FAIL_NONE)
			failed++;
		else {
			j->resp->url = j->url;
			j->url = NULL;
		}
		free(j->url);
		free(j->origin);
	}
	free(jobs);
	return failed;
}

int
http_do(struct http *h, const struct http_req *req, struct http_resp *resp,
    char *err, size_t errlen)
{
	if (http_do_many(h, req, resp, 1) == 0)
		return 0;
	snprintf(err, errlen, "%s", resp->error);
	return -1;
}
