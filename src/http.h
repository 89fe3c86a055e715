/* http.h: one HTTP client per thread on top of libcurl's multi interface:
 * one request or many at once (capped in flight overall and per host,
 * connections and HTTP/2 streams reused for the client's life). TLS
 * verification always on; plain http only to loopback; redirects followed
 * by hand so a bearer token never goes to another scheme, host or port;
 * size cap, deadlines, gzip, conditional requests, abort flag. */
#ifndef AZWATCH_HTTP_H
#define AZWATCH_HTTP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "cfg.h"
#include "model.h"

struct http;

struct http_header {
	const char	*name;
	const char	*value;
};

struct http_req {
	const char	*method;	/* NULL: GET, or POST when body set */
	const char	*url;
	const char	*body;
	size_t		 body_len;
	const char	*content_type;
	const char	*bearer;	/* secret; Authorization: Bearer */
	const struct http_header *headers;
	size_t		 nheaders;
	const char	*etag;		/* If-None-Match */
	const char	*last_modified;	/* If-Modified-Since, as received */
	long		 connect_timeout_ms;	/* 0: the client's ([poll]
						   connect_timeout, 10 s) */
	long		 timeout_ms;		/* 0: the client's ([poll]
						   request_timeout, 30 s) */
	size_t		 max_bytes;		/* 0: 8 MiB */
	int		 max_redirects;		/* 0: none followed */
	const atomic_int *abort;		/* non-zero aborts the transfer */
	bool		 imds;		/* the instance metadata service: plain
					   http to 169.254.169.254 allowed */
};

enum http_fail {
	HTTP_FAIL_NONE,
	HTTP_FAIL_CONNECT,	/* refused, unreachable, DNS, TLS, timeout */
	HTTP_FAIL_POLICY,	/* URL or redirect not allowed */
	HTTP_FAIL_TOO_BIG,
	HTTP_FAIL_ABORTED
};

struct http_resp {
	long		 status;
	struct buf	 body;
	char		*etag;
	char		*last_modified;
	char		*content_type;
	char		*url;		/* final URL after redirects */
	long		 retry_after;	/* seconds, 0..HTTP_RETRY_AFTER_MAX;
					   -1 if none */
	struct strv	 headers;	/* "name: value", name lower-cased */
	enum http_fail	 fail;
	size_t		 wire_bytes;	/* bytes received before decoding */
	char		 error[512];	/* why fail is set; no secrets */
};

/* A Retry-After beyond this is taken as this (a hostile or broken server
 * must not silence a channel for a day). */
#define HTTP_RETRY_AFTER_MAX	900

/* Defaults: 10 s to connect, 30 s per request, 16 requests in flight,
 * 8 per host. http_new_cfg takes them from [poll]. */
struct http *http_new(void);
struct http *http_new_cfg(const struct cfg *);
void	 http_free(struct http *);
void	 http_resp_init(struct http_resp *);
void	 http_resp_free(struct http_resp *);
const char *http_resp_header(const struct http_resp *, const char *name);

/* 0 when an HTTP answer arrived (any status); -1 on transport failure,
 * policy refusal, oversize or abort, with resp->fail and err set. Error
 * text never contains the bearer token or request body. */
int	 http_do(struct http *, const struct http_req *, struct http_resp *,
	     char *err, size_t errlen);
/* n requests at once; returns when every one has its answer or failure
 * (resps[i].fail, resps[i].error), never later than the slowest deadline.
 * Returns how many failed. An aborted request stops within 100 ms. */
size_t	 http_do_many(struct http *, const struct http_req *reqs,
	     struct http_resp *resps, size_t n);
/* Wake a thread waiting in http_do/http_do_many (after setting abort);
 * safe from any thread. */
void	 http_wakeup(struct http *);

/* "host" or "host:port" when the URL names a port; caller frees; NULL
 * if it does not parse. */
char	*http_url_host(const char *url);
/* Same scheme, host and port (parsed, default ports filled in), and
 * neither carries a user name or password. */
bool	 http_same_origin(const char *a, const char *b);
/* An http or https URL that parses, with a host and no user name or
 * password: one a browser may be given. */
bool	 http_url_is_web(const char *url);
char	*http_escape(const char *);		/* percent-encode, caller frees */
/* Counters for the bench: requests made and bytes received. */
void	 http_stats(const struct http *, unsigned long *requests,
	     unsigned long *bytes);
/* The most requests that were in flight at once. */
unsigned long http_peak(const struct http *);

#endif
