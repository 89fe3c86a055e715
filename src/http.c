/* http.c: the HTTP client every channel uses. One instance per thread (a
 * curl easy handle is never shared). Redirects are followed here, not by
 * curl, so that each hop is checked against the URL policy and a bearer
 * token is dropped when the host changes. */
#include "config.h"
#include "http.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "cfg.h"
#include "xmalloc.h"

#define HTTP_DEFAULT_CONNECT_MS	10000L
#define HTTP_DEFAULT_TIMEOUT_MS	30000L
#define HTTP_DEFAULT_MAX	(8u * 1024 * 1024)
#define HTTP_IMDS_BASE		"http://169.254.169.254/"
#define HTTP_USER_AGENT		PACKAGE_NAME "/" PACKAGE_VERSION

struct http {
	CURL		*curl;
	unsigned long	 requests;
	unsigned long	 bytes;
};

struct xfer {
	struct http_resp	*resp;
	size_t			 max;
	bool			 too_big;
	const atomic_int	*abort;
};

struct http *
http_new(void)
{
	struct http *h = xcalloc(1, sizeof *h);

	h->curl = curl_easy_init();
	if (h->curl == NULL)
		xmalloc_die("curl_easy_init");
	return h;
}

void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	curl_easy_cleanup(h->curl);
	free(h);
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

char *
http_url_host(const char *url)
{
	const char *p, *e;

	if ((p = strstr(url, "://")) == NULL)
		return NULL;
	p += 3;
	e = p + strcspn(p, "/?#");
	if (e == p)
		return NULL;
	return xstrndup(p, (size_t)(e - p));
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

static void
fill_resp(struct http_resp *r)
{
	const char *v;
	char *end;
	long n;

	if ((v = http_resp_header(r, "etag")) != NULL)
		r->etag = xstrdup(v);
	if ((v = http_resp_header(r, "last-modified")) != NULL)
		r->last_modified = xstrdup(v);
	if ((v = http_resp_header(r, "content-type")) != NULL)
		r->content_type = xstrdup(v);
	if ((v = http_resp_header(r, "retry-after")) != NULL) {
		n = strtol(v, &end, 10);
		if (end != v && n >= 0)
			r->retry_after = n > 86400 ? 86400 : n;
	}
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

static bool
same_host(const char *a, const char *b)
{
	char *ha = http_url_host(a), *hb = http_url_host(b);
	bool same = ha != NULL && hb != NULL && strcasecmp(ha, hb) == 0;

	free(ha);
	free(hb);
	return same;
}

int
http_do(struct http *h, const struct http_req *req, struct http_resp *resp,
    char *err, size_t errlen)
{
	char curlerr[CURL_ERROR_SIZE], *url, *next;
	const char *method, *loc;
	struct curl_slist *headers;
	struct xfer x;
	long connect_ms, timeout_ms, status;
	curl_off_t wire;
	bool bearer = true;
	int hops = 0;
	CURLcode rc;

	resp_clear(resp);
	connect_ms = req->connect_timeout_ms > 0 ? req->connect_timeout_ms :
	    HTTP_DEFAULT_CONNECT_MS;
	timeout_ms = req->timeout_ms > 0 ? req->timeout_ms :
	    HTTP_DEFAULT_TIMEOUT_MS;
	method = req->method != NULL ? req->method :
	    (req->body != NULL ? "POST" : "GET");
	/* The metadata service is plain http by design, on a link-local
	 * address that never leaves the machine; only that request may use it,
	 * and it never follows redirects. */
	if (req->imds && strncmp(req->url, HTTP_IMDS_BASE,
	    sizeof HTTP_IMDS_BASE - 1) == 0) {
		if (req->max_redirects != 0) {
			snprintf(err, errlen, "metadata requests never follow "
			    "redirects");
			resp->fail = HTTP_FAIL_POLICY;
			return -1;
		}
	} else if (!cfg_url_ok(req->url, err, errlen)) {
		resp->fail = HTTP_FAIL_POLICY;
		return -1;
	}
	url = xstrdup(req->url);

	for (;;) {
		CURL *c = h->curl;

		curl_easy_reset(c);
		x.resp = resp;
		x.max = req->max_bytes > 0 ? req->max_bytes : HTTP_DEFAULT_MAX;
		x.too_big = false;
		x.abort = req->abort;
		curlerr[0] = '\0';
		headers = build_headers(req, bearer);

		curl_easy_setopt(c, CURLOPT_URL, url);
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
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
		curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
		curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curlerr);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
		curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(c, CURLOPT_HEADERDATA, &x);
		curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(c, CURLOPT_XFERINFODATA, &x);
		if (req->body != NULL && strcmp(method, "GET") != 0) {
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body);
			curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
			    (curl_off_t)req->body_len);
		}
		if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0)
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);

		h->requests++;
		rc = curl_easy_perform(c);
		wire = 0;
		curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &wire);
		if (wire > 0) {
			h->bytes += (unsigned long)wire;
			resp->wire_bytes += (size_t)wire;
		}
		free_headers(headers);
		if (rc != CURLE_OK) {
			if (x.too_big) {
				resp->fail = HTTP_FAIL_TOO_BIG;
				errf(err, errlen, "answer is larger than %zu "
				    "bytes; refused", x.max);
			} else if (rc == CURLE_ABORTED_BY_CALLBACK) {
				resp->fail = HTTP_FAIL_ABORTED;
				errf(err, errlen, "request cancelled");
			} else {
				resp->fail = HTTP_FAIL_CONNECT;
				describe_curl_error(rc, curlerr, url,
				    timeout_ms, err, errlen);
			}
			free(url);
			return -1;
		}
		status = 0;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		resp->status = status;
		fill_resp(resp);

		if (status < 300 || status > 399 || status == 304 ||
		    hops >= req->max_redirects || strcmp(method, "GET") != 0)
			break;
		loc = NULL;
		curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc);
		if (loc == NULL)
			break;
		if (!cfg_url_ok(loc, err, errlen)) {
			char why[256];

			snprintf(why, sizeof why, "%s", err);
			errf(err, errlen, "refused redirect: %s", why);
			resp->fail = HTTP_FAIL_POLICY;
			free(url);
			return -1;
		}
		next = xstrdup(loc);
		if (!same_host(url, next))
			bearer = false;	/* never carry the token elsewhere */
		free(url);
		url = next;
		hops++;
		buf_reset(&resp->body);
		free(resp->etag);
		free(resp->last_modified);
		free(resp->content_type);
		resp->etag = resp->last_modified = resp->content_type = NULL;
		resp->retry_after = -1;
		strv_free(&resp->headers);
	}
	resp->url = url;
	return 0;
}
