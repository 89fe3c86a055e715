/* share.c: copy and open, for the detail view and the verdict. The
 * clipboard is reached with OSC 52 (base64 inside a constant frame, so
 * nothing copied can act on the terminal) and, inside tmux, with tmux
 * set-buffer; links go to xdg-open. Children run through child.c. */
#include "config.h"
#include "share.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "child.h"
#include "http.h"
#include "xmalloc.h"

/* xdg-open hands the link to a browser and returns; tmux set-buffer is
 * instant. One that takes longer than this is stuck. */
#define SHARE_OPEN_MS	30000
#define SHARE_TMUX_MS	5000
/* Longest text copied. */
#define SHARE_COPY_MAX	256

struct share {
	struct child	*opener;	/* xdg-open */
	struct child	*tmux;		/* tmux set-buffer */
};

struct share *
share_new(void)
{
	return xcalloc(1, sizeof(struct share));
}

void
share_free(struct share *s)
{
	if (s == NULL)
		return;
	child_free(s->opener);
	child_free(s->tmux);
	free(s);
}

static void
share_reap_one(struct child **c)
{
	if (*c != NULL && child_poll(*c, 0)) {
		child_free(*c);
		*c = NULL;
	}
}

void
share_reap(struct share *s)
{
	if (s == NULL)
		return;
	share_reap_one(&s->opener);
	share_reap_one(&s->tmux);
}

static const char share_b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
share_osc52(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i, n = strlen(text);
	struct buf b;
	unsigned v;

	buf_init(&b);
	buf_puts(&b, "\033]52;c;");
	for (i = 0; i < n; i += 3) {
		v = (unsigned)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		buf_putc(&b, share_b64[(v >> 18) & 63]);
		buf_putc(&b, share_b64[(v >> 12) & 63]);
		buf_putc(&b, i + 1 < n ? share_b64[(v >> 6) & 63] : '=');
		buf_putc(&b, i + 2 < n ? share_b64[v & 63] : '=');
	}
	buf_puts(&b, "\a");
	(void)!write(STDOUT_FILENO, b.data, b.len);
	buf_free(&b);
}

/* Start argv as a child; true when it started (or already ended well). */
static bool
share_spawn(struct child **slot, const struct cfg *cfg, char **argv,
    int timeout_ms)
{
	struct child_opts o;

	memset(&o, 0, sizeof o);
	o.argv = argv;
	o.cfg = cfg;
	o.timeout_ms = timeout_ms;
	child_free(*slot);
	*slot = child_start(&o);
	if (child_poll(*slot, 0) && child_end(*slot) != CHILD_OK) {
		child_free(*slot);
		*slot = NULL;
		return false;
	}
	return true;
}

bool
share_copy(struct share *s, const struct cfg *cfg, const char *what,
    const char *text, char *msg, size_t len)
{
	const unsigned char *u;
	char *argv[5];
	bool tmux = false;

	if (text == NULL || *text == '\0' || strlen(text) > SHARE_COPY_MAX) {
		snprintf(msg, len, "Nothing to copy.");
		return false;
	}
	for (u = (const unsigned char *)text; *u != '\0'; u++) {
		if (*u < 0x20 || *u == 0x7f) {
			snprintf(msg, len, "Not copied: the text holds control "
			    "characters.");
			return false;
		}
	}
	share_osc52(text);
	if (getenv("TMUX") != NULL && *getenv("TMUX") != '\0') {
		share_reap(s);
		if (s->tmux == NULL) {
			argv[0] = (char *)"tmux";
			argv[1] = (char *)"set-buffer";
			argv[2] = (char *)"--";
			argv[3] = (char *)text;
			argv[4] = NULL;
			tmux = share_spawn(&s->tmux, cfg, argv, SHARE_TMUX_MS);
		}
	}
	snprintf(msg, len, tmux ? "%s %s copied to the clipboard (tmux's "
	    "buffer, and OSC 52 if the terminal allows it)." : "%s %s copied "
	    "to the clipboard (if the terminal allows OSC 52).", what, text);
	return true;
}

/* An executable xdg-open on PATH, or NULL; caller frees. */
static char *
share_find_opener(void)
{
	const char *path = getenv("PATH"), *p, *e;
	char *cand;

	if (path == NULL)
		return NULL;
	for (p = path; *p != '\0'; p = *e ? e + 1 : e) {
		e = strchr(p, ':');
		if (e == NULL)
			e = p + strlen(p);
		if (e == p)
			continue;
		cand = xasprintf("%.*s/xdg-open", (int)(e - p), p);
		if (access(cand, X_OK) == 0)
			return cand;
		free(cand);
	}
	return NULL;
}

bool
share_open(struct share *s, const struct cfg *cfg, const char *url,
    char *msg, size_t len)
{
	char *opener, *argv[3];
	bool ok;

	/* Only web addresses: anything else could name a local file. */
	if (url == NULL || !http_url_is_web(url)) {
		snprintf(msg, len, "The link is not a web address.");
		return false;
	}
	if ((opener = share_find_opener()) == NULL) {
		snprintf(msg, len, "Link: %s", url);
		return false;
	}
	share_reap(s);
	if (s->opener != NULL) {
		snprintf(msg, len, "Still opening the last link.");
		free(opener);
		return false;
	}
	argv[0] = opener;
	argv[1] = (char *)url;
	argv[2] = NULL;
	ok = share_spawn(&s->opener, cfg, argv, SHARE_OPEN_MS);
	snprintf(msg, len, ok ? "Opening %s" : "Link: %s", url);
	free(opener);
	return ok;
}
