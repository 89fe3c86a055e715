/* sanitize.c: turn untrusted remote text into something safe to draw:
 * valid UTF-8 without escape sequences, controls or bidi overrides, and
 * measure, clip and wrap it by display columns. */
#include "config.h"
#include "sanitize.h"

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
		else if (wcwidth((wchar_t)cp) < 0)
			buf_puts(&b, REPLACEMENT);
		else
			buf_append(&b, p, n);
		p += n;
	}
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
