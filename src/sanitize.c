/* sanitize.c: turn untrusted remote text into something safe to draw:
 * valid UTF-8 without escape sequences, controls or bidi overrides, and
 * measure, clip and wrap it by display columns. */
#include "config.h"
#include "sanitize.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "buf.h"
#include "xmalloc.h"

#define BAD_CP		0xffffffffu
#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

/*
 * Decode one UTF-8 sequence from p (avail bytes, or SIZE_MAX for a
 * NUL-terminated string: a NUL is never a continuation byte, so decoding
 * stops there). Returns the bytes consumed (at least 1) and sets *cp, or
 * BAD_CP for a bad sequence; a broken sequence consumes its lead byte and
 * the continuation bytes seen so far, so each one yields one U+FFFD.
 */
static size_t
sanitize_decode(const unsigned char *p, size_t avail, uint32_t *cp)
{
	static const uint32_t min[] = { 0, 0x80, 0x800, 0x10000 };
	uint32_t c = p[0];
	size_t need, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc0 && c <= 0xdf) {
		need = 1;
		c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf7) {
		need = 3;
		c &= 0x07;
	} else {
		*cp = BAD_CP;		/* stray continuation or 0xf8-0xff */
		return 1;
	}
	for (i = 1; i <= need; i++) {
		if (i >= avail || (p[i] & 0xc0) != 0x80) {
			*cp = BAD_CP;
			return i;
		}
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min[need] || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		c = BAD_CP;
	*cp = c;
	return need + 1;
}

static const struct {
	uint32_t	 cp;
	const char	*ascii;
} sanitize_ascii_table[] = {
	{ 0x2026, "..." },	/* horizontal ellipsis */
	{ 0x00b7, "-" },	/* middle dot, a separator */
	{ 0x2022, "*" },	/* bullet */
	{ 0x25cf, "*" },	/* black circle: the unread mark */
	{ 0x25cb, "o" },
	{ 0x2713, "+" },	/* check mark */
	{ 0x2717, "x" },
	{ 0x00d7, "x" },
	{ 0x2013, "-" },	/* en dash */
	{ 0x2014, "-" },	/* em dash */
	{ 0x2212, "-" },
	{ 0x2500, "-" },	/* box drawing */
	{ 0x2502, "|" },
	{ 0x258f, "|" },
	{ 0x2018, "'" },
	{ 0x2019, "'" },
	{ 0x201c, "\"" },
	{ 0x201d, "\"" },
	{ 0x2190, "<-" },
	{ 0x2192, "->" },
	{ 0x2191, "^" },
	{ 0x2193, "v" },
	{ 0x00a0, " " },
};

/* The ASCII for cp, or NULL. */
static const char *
sanitize_ascii_find(uint32_t cp)
{
	size_t i;

	for (i = 0; i < sizeof sanitize_ascii_table /
	    sizeof sanitize_ascii_table[0]; i++)
		if (sanitize_ascii_table[i].cp == cp)
			return sanitize_ascii_table[i].ascii;
	return NULL;
}

/* Columns of one code point as the text will be drawn. */
static int
sanitize_cp_width(uint32_t cp)
{
	int w;

	if (cp == BAD_CP)
		return 1;		/* drawn as U+FFFD */
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return 0;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

static int
sanitize_is_bidi(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

/* CSI parameters and intermediates up to the final byte. Anything else
 * ends the sequence unconsumed, as a terminal would abort it. */
static const unsigned char *
sanitize_skip_csi(const unsigned char *p, const unsigned char *end)
{
	while (p < end) {
		if (*p >= 0x40 && *p <= 0x7e)
			return p + 1;
		if (*p < 0x20 || *p > 0x3f)
			return p;
		p++;
	}
	return end;
}

/* OSC/DCS/SOS/PM/APC payload up to ST (ESC \ or U+009C), or BEL for OSC.
 * Another ESC aborts the string and starts a new sequence. Unterminated
 * strings run to the end: their payload must never be shown. */
static const unsigned char *
sanitize_skip_string(const unsigned char *p, const unsigned char *end,
    int bel_ends)
{
	while (p < end) {
		if (*p == 0x07 && bel_ends)
			return p + 1;
		if (*p == 0x1b) {
			if (p + 1 < end && p[1] == '\\')
				return p + 2;
			return p;
		}
		if (*p == 0xc2 && p + 1 < end && p[1] == 0x9c)
			return p + 2;
		p++;
	}
	return end;
}

/* p points just after an ESC. */
static const unsigned char *
sanitize_skip_esc(const unsigned char *p, const unsigned char *end)
{
	if (p == end)
		return end;
	switch (*p) {
	case '[':
		return sanitize_skip_csi(p + 1, end);
	case ']':
		return sanitize_skip_string(p + 1, end, 1);
	case 'P':
	case 'X':
	case '^':
	case '_':
		return sanitize_skip_string(p + 1, end, 0);
	}
	/* ESC, intermediates 0x20-0x2f, final 0x30-0x7e (ESC ( B, ESC 7). */
	while (p < end && *p >= 0x20 && *p <= 0x2f)
		p++;
	if (p < end && *p >= 0x30 && *p <= 0x7e)
		p++;
	return p;
}

/* p points just after an UTF-8 encoded C1 control. */
static const unsigned char *
sanitize_skip_c1(uint32_t cp, const unsigned char *p,
    const unsigned char *end)
{
	switch (cp) {
	case 0x9b:
		return sanitize_skip_csi(p, end);
	case 0x9d:
		return sanitize_skip_string(p, end, 1);
	case 0x90:
	case 0x98:
	case 0x9e:
	case 0x9f:
		return sanitize_skip_string(p, end, 0);
	}
	return p;
}

char *
sanitize(const char *s, size_t len, int flags)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	struct buf b;
	uint32_t cp;
	size_t n;

	buf_init(&b);
	if (s == NULL)
		return buf_steal(&b);
	while (p < end) {
		if (*p == 0x1b) {
			p = sanitize_skip_esc(p + 1, end);
			continue;
		}
		if (*p < 0x20 || *p == 0x7f) {
			if (*p == '\t')
				buf_putc(&b, ' ');
			else if (*p == '\n')
				buf_putc(&b, (flags & SANITIZE_MULTILINE) ?
				    '\n' : ' ');
			p++;
			continue;
		}
		if (*p < 0x80) {
			buf_putc(&b, (char)*p++);
			continue;
		}
		n = sanitize_decode(p, (size_t)(end - p), &cp);
		if (cp == BAD_CP)
			buf_puts(&b, REPLACEMENT);
		else if (cp <= 0x9f) {
			p = sanitize_skip_c1(cp, p + n, end);
			continue;
		} else if (sanitize_is_bidi(cp))
			;
		else if (cp == 0x2028 || cp == 0x2029)	/* line/para separator */
			buf_putc(&b, (flags & SANITIZE_MULTILINE) ? '\n' : ' ');
		else if (wcwidth((wchar_t)cp) < 0 &&
		    sanitize_ascii_find(cp) == NULL)
			/* (outside UTF-8 locales every character is unknown
			 * to wcwidth: keep those sanitize_ascii spells) */
			buf_puts(&b, REPLACEMENT);
		else
			buf_append(&b, p, n);
		p += n;
	}
	/* after the escapes are gone: "se\033[mcret" shows as "secret" */
	if (b.data != NULL)
		b.len = sanitize_redact(b.data, b.len);
	return buf_steal(&b);
}

char *
sanitize_str(const char *s)
{
	if (s == NULL)
		return xstrdup("");
	return sanitize(s, strlen(s), 0);
}

int
sanitize_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	int w = 0;

	if (s == NULL)
		return 0;
	while (*p != '\0') {
		p += sanitize_decode(p, SIZE_MAX, &cp);
		w += sanitize_cp_width(cp);
	}
	return w;
}

char *
sanitize_ascii(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	struct buf b;
	uint32_t cp;
	const char *a;

	buf_init(&b);
	while (*p != '\0') {
		if (*p < 0x80) {
			buf_putc(&b, (char)*p++);
			continue;
		}
		p += sanitize_decode(p, SIZE_MAX, &cp);
		if (sanitize_cp_width(cp) == 0)
			continue;
		a = sanitize_ascii_find(cp);
		buf_puts(&b, a != NULL ? a : "?");
	}
	return buf_steal(&b);
}

/* Longest prefix of s (at most len bytes, stops at NUL) that fits in cols.
 * Zero-width code points stay with the character before them. */
static size_t
sanitize_clip_n(const char *s, size_t len, int cols, int *used)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t off = 0, n;
	uint32_t cp;
	int w = 0, cw;

	while (off < len && p[off] != '\0') {
		n = sanitize_decode(p + off, len - off, &cp);
		cw = sanitize_cp_width(cp);
		if (cw > 0 && w + cw > cols)
			break;
		w += cw;
		off += n;
	}
	if (used != NULL)
		*used = w;
	return off;
}

size_t
sanitize_clip(const char *s, int cols, int *used)
{
	if (s == NULL || cols < 0) {
		if (used != NULL)
			*used = 0;
		return 0;
	}
	return sanitize_clip_n(s, SIZE_MAX, cols, used);
}

bool
sanitize_is_plain(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	}
	return true;
}

static unsigned char
sanitize_fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

const char *
sanitize_find(const char *s, const char *needle, size_t *len)
{
	const unsigned char *p, *q = (const unsigned char *)needle;
	size_t n, i;

	if (s == NULL || needle == NULL || (n = strlen(needle)) == 0)
		return NULL;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		/* a match starts and ends between characters */
		if ((*p & 0xc0) == 0x80)
			continue;
		for (i = 0; i < n && sanitize_fold(p[i]) == sanitize_fold(q[i]);
		    i++)
			;
		if (i == n && (p[n] & 0xc0) != 0x80) {
			if (len != NULL)
				*len = n;
			return (const char *)p;
		}
	}
	return NULL;
}

/* Bytes of the first character of s and its zero-width followers. */
static size_t
sanitize_cluster(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t off, n;
	uint32_t cp;

	off = sanitize_decode(p, len, &cp);
	while (off < len) {
		n = sanitize_decode(p + off, len - off, &cp);
		if (sanitize_cp_width(cp) != 0)
			break;
		off += n;
	}
	return off;
}

static void
sanitize_add_line(struct strv *out, const char *s, size_t len)
{
	char *line;

	while (len > 0 && s[len - 1] == ' ')
		len--;
	line = xstrndup(s, len);
	strv_add(out, line);
	free(line);
}

/* One paragraph (no '\n') of len bytes. The first line keeps its leading
 * spaces (indentation); spaces at a wrap point are dropped. */
static void
sanitize_wrap_para(const char *p, size_t len, int cols, struct strv *out)
{
	size_t n, brk, i;
	int first = 1, w, word;

	if (len == 0) {
		strv_add(out, "");
		return;
	}
	while (len > 0) {
		if (!first) {
			while (len > 0 && *p == ' ') {
				p++;
				len--;
			}
			if (len == 0)
				break;
		}
		first = 0;
		n = sanitize_clip_n(p, len, cols, &w);
		if (n == len) {
			sanitize_add_line(out, p, n);
			break;
		}
		/* Break at the last space that follows some word. */
		brk = 0;
		word = 0;
		for (i = 0; i < n; i++) {
			if (p[i] != ' ')
				word = 1;
			else if (word)
				brk = i;
		}
		if (word && p[n] == ' ')
			brk = n;
		if (brk == 0)
			brk = n != 0 ? n : sanitize_cluster(p, len);
		sanitize_add_line(out, p, brk);
		p += brk;
		len -= brk;
	}
}

void
sanitize_wrap(const char *s, int cols, struct strv *out)
{
	const char *nl;
	size_t len;

	if (s == NULL || *s == '\0')
		return;
	if (cols < 1)
		cols = 1;
	for (;;) {
		nl = strchr(s, '\n');
		len = nl != NULL ? (size_t)(nl - s) : strlen(s);
		sanitize_wrap_para(s, len, cols, out);
		/* A final '\n' ends the last line rather than starting one. */
		if (nl == NULL || nl[1] == '\0')
			break;
		s = nl + 1;
	}
}

/* Known secrets ---------------------------------------------------------- */

struct sanitize_secret {
	char		*v;
	size_t		 len;
	unsigned	 refs;
};

/* A window of SANITIZE_SECRET_RUN bytes of a secret, by its hash. */
struct sanitize_win {
	uint64_t	 h;
	uint32_t	 si;		/* UINT32_MAX: free slot */
	uint32_t	 off;
};

static pthread_mutex_t sanitize_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sanitize_secret *sanitize_secrets;
static size_t sanitize_nsecrets;
static atomic_size_t sanitize_live;	/* secrets with refs > 0 */
static struct sanitize_win *sanitize_wins;
static size_t sanitize_wcap;		/* a power of two, or 0 */

static uint64_t
sanitize_hash(const unsigned char *p)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < SANITIZE_SECRET_RUN; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Rebuild the window table; the lock is held. */
static void
sanitize_index(void)
{
	size_t i, off, need = 0, slot;
	uint64_t h;

	free(sanitize_wins);
	sanitize_wins = NULL;
	sanitize_wcap = 0;
	for (i = 0; i < sanitize_nsecrets; i++) {
		if (sanitize_secrets[i].refs > 0 &&
		    sanitize_secrets[i].len >= SANITIZE_SECRET_RUN)
			need += sanitize_secrets[i].len - SANITIZE_SECRET_RUN + 1;
	}
	if (need == 0)
		return;
	for (sanitize_wcap = 64; sanitize_wcap < need * 2; sanitize_wcap *= 2)
		;
	sanitize_wins = xreallocarray(NULL, sanitize_wcap,
	    sizeof *sanitize_wins);
	for (i = 0; i < sanitize_wcap; i++)
		sanitize_wins[i].si = UINT32_MAX;
	for (i = 0; i < sanitize_nsecrets; i++) {
		const struct sanitize_secret *sc = &sanitize_secrets[i];

		if (sc->refs == 0 || sc->len < SANITIZE_SECRET_RUN)
			continue;
		for (off = 0; off + SANITIZE_SECRET_RUN <= sc->len; off++) {
			h = sanitize_hash((const unsigned char *)sc->v + off);
			slot = (size_t)h & (sanitize_wcap - 1);
			while (sanitize_wins[slot].si != UINT32_MAX)
				slot = (slot + 1) & (sanitize_wcap - 1);
			sanitize_wins[slot].h = h;
			sanitize_wins[slot].si = (uint32_t)i;
			sanitize_wins[slot].off = (uint32_t)off;
		}
	}
}

/* Count one value up or down; the lock is held. */
static void
sanitize_count(const char *v, int delta)
{
	size_t len = strlen(v), i;

	for (i = 0; i < sanitize_nsecrets; i++) {
		if (sanitize_secrets[i].len == len &&
		    memcmp(sanitize_secrets[i].v, v, len) == 0)
			break;
	}
	if (i == sanitize_nsecrets) {
		if (delta < 0)
			return;
		sanitize_secrets = xreallocarray(sanitize_secrets,
		    sanitize_nsecrets + 1, sizeof *sanitize_secrets);
		sanitize_secrets[i].v = xstrdup(v);
		sanitize_secrets[i].len = len;
		sanitize_secrets[i].refs = 0;
		sanitize_nsecrets++;
	}
	if (delta > 0) {
		if (sanitize_secrets[i].refs++ == 0)
			atomic_fetch_add(&sanitize_live, 1);
		return;
	}
	if (sanitize_secrets[i].refs == 0 || --sanitize_secrets[i].refs > 0)
		return;
	atomic_fetch_sub(&sanitize_live, 1);
	explicit_bzero(sanitize_secrets[i].v, len);
	free(sanitize_secrets[i].v);
	sanitize_secrets[i] = sanitize_secrets[--sanitize_nsecrets];
	if (sanitize_nsecrets == 0) {
		free(sanitize_secrets);
		sanitize_secrets = NULL;
	}
}

/* The forms a server may echo a secret in: as it is, percent-encoded (a
 * form body) and JSON-escaped. Caller frees each (and zeroes: they are
 * secrets). */
static void
sanitize_forms(const char *v, char *out[3])
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	struct buf pe, je;

	buf_init(&pe);
	buf_init(&je);
	for (p = (const unsigned char *)v; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL)
			buf_putc(&pe, (char)*p);
		else {
			buf_putc(&pe, '%');
			buf_putc(&pe, hex[*p >> 4]);
			buf_putc(&pe, hex[*p & 15]);
		}
		if (*p == '"' || *p == '\\' || *p == '/') {
			buf_putc(&je, '\\');
			buf_putc(&je, (char)*p);
		} else if (*p < 0x20) {
			buf_printf(&je, "\\u%04x", *p);
		} else
			buf_putc(&je, (char)*p);
	}
	out[0] = xstrdup(v);
	out[1] = buf_steal(&pe);
	out[2] = buf_steal(&je);
}

static void
sanitize_secret_change(const char *v, int delta)
{
	char *forms[3];
	int i, j;

	if (v == NULL || strlen(v) < SANITIZE_SECRET_MIN)
		return;
	sanitize_forms(v, forms);
	pthread_mutex_lock(&sanitize_lock);
	for (i = 0; i < 3; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(forms[i], forms[j]) == 0)
				break;
		}
		if (j == i)
			sanitize_count(forms[i], delta);
	}
	sanitize_index();
	pthread_mutex_unlock(&sanitize_lock);
	for (i = 0; i < 3; i++) {
		explicit_bzero(forms[i], strlen(forms[i]));
		free(forms[i]);
	}
}

void
sanitize_secret_add(const char *v)
{
	sanitize_secret_change(v, 1);
}

void
sanitize_secret_remove(const char *v)
{
	sanitize_secret_change(v, -1);
}

bool
sanitize_secret_is(const char *s)
{
	size_t i, len;
	bool is = false;

	if (s == NULL || atomic_load(&sanitize_live) == 0)
		return false;
	len = strlen(s);
	pthread_mutex_lock(&sanitize_lock);
	for (i = 0; i < sanitize_nsecrets && !is; i++) {
		is = sanitize_secrets[i].len == len &&
		    memcmp(sanitize_secrets[i].v, s, len) == 0;
	}
	pthread_mutex_unlock(&sanitize_lock);
	return is;
}

/* Bytes of a known secret (or of a run of one) at t[0..n); 0: none. The
 * lock is held. */
static size_t
sanitize_match(const unsigned char *t, size_t n)
{
	const struct sanitize_secret *sc;
	const unsigned char *v;
	size_t i, k, best = 0, slot;
	uint64_t h;

	for (i = 0; i < sanitize_nsecrets; i++) {
		sc = &sanitize_secrets[i];
		if (sc->len < SANITIZE_SECRET_RUN && sc->len <= n &&
		    sc->len > best && memcmp(t, sc->v, sc->len) == 0)
			best = sc->len;
	}
	if (sanitize_wcap == 0 || n < SANITIZE_SECRET_RUN)
		return best;
	h = sanitize_hash(t);
	for (slot = (size_t)h & (sanitize_wcap - 1);
	    sanitize_wins[slot].si != UINT32_MAX;
	    slot = (slot + 1) & (sanitize_wcap - 1)) {
		if (sanitize_wins[slot].h != h)
			continue;
		sc = &sanitize_secrets[sanitize_wins[slot].si];
		v = (const unsigned char *)sc->v + sanitize_wins[slot].off;
		if (memcmp(t, v, SANITIZE_SECRET_RUN) != 0)
			continue;
		k = SANITIZE_SECRET_RUN;
		while (k < n && sanitize_wins[slot].off + k < sc->len &&
		    t[k] == v[k])
			k++;
		if (k > best)
			best = k;
	}
	return best;
}

size_t
sanitize_redact(char *s, size_t len)
{
	unsigned char *t = (unsigned char *)s;
	size_t r = 0, w = 0, m;
	const char *mark;

	if (s == NULL || atomic_load(&sanitize_live) == 0)
		return len;
	pthread_mutex_lock(&sanitize_lock);
	while (r < len) {
		m = sanitize_match(t + r, len - r);
		if (m == 0) {
			t[w++] = t[r++];
			continue;
		}
		mark = m >= sizeof SANITIZE_REDACTED - 1 ? SANITIZE_REDACTED :
		    "***";
		memcpy(t + w, mark, strlen(mark));
		w += strlen(mark);
		r += m;
	}
	pthread_mutex_unlock(&sanitize_lock);
	if (w < len)
		s[w] = '\0';
	return w;
}

void
sanitize_redact_str(char *s)
{
	if (s != NULL)
		sanitize_redact(s, strlen(s));
}
