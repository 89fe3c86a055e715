/* html.c: reduce the HTML found in feed descriptions and ARM event texts
 * to plain paragraphs and bullet lines. Not a real HTML parser: one
 * forgiving linear pass that never fails, whatever the input. */
#include "config.h"
#include "html.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "xmalloc.h"

#define HTML_MAX_DEPTH	8	/* list indentation stops growing here */

/* The writer collapses whitespace and breaks lazily, so nothing is
 * emitted until real text follows: this trims both ends for free. */
struct html_out {
	struct buf	 b;
	int		 space;		/* whitespace seen since the last text */
	int		 brk;		/* 0, 1 = new line, 2 = blank line */
	int		 line_empty;	/* nothing on the current line yet */
	const char	*prefix;	/* bullet waiting for the line's text */
	int		 indent;
	int		 depth;		/* list nesting */
};

static void
html_text(struct html_out *o, const char *s, size_t len)
{
	int i;

	if (len == 0)
		return;
	if (o->brk != 0 && o->b.len != 0) {
		buf_append(&o->b, "\n\n", (size_t)o->brk);
		o->line_empty = 1;
	}
	o->brk = 0;
	if (o->line_empty && o->prefix != NULL) {
		for (i = 0; i < o->indent; i++)
			buf_append(&o->b, "  ", 2);
		buf_puts(&o->b, o->prefix);
	} else if (o->space && !o->line_empty)
		buf_putc(&o->b, ' ');
	o->prefix = NULL;
	o->space = 0;
	o->line_empty = 0;
	buf_append(&o->b, s, len);
}

static void
html_space(struct html_out *o)
{
	if (!o->line_empty)
		o->space = 1;
}

static void
html_break(struct html_out *o, int n)
{
	if (n > o->brk)
		o->brk = n;
	o->line_empty = 1;
	o->space = 0;
}

static void
html_put_cp(struct html_out *o, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == '\f' || cp == 0xa0) {
		html_space(o);
		return;
	}
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	html_text(o, u, n);
}

static const struct {
	const char	*name;
	uint32_t	 cp;
} html_entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", 0xa0 }, { "ndash", 0x2013 },
	{ "mdash", 0x2014 }, { "hellip", 0x2026 }, { "rsquo", 0x2019 },
	{ "lsquo", 0x2018 }, { "rdquo", 0x201d }, { "ldquo", 0x201c },
	{ "sbquo", 0x201a }, { "bdquo", 0x201e }, { "bull", 0x2022 },
	{ "copy", 0xa9 }, { "reg", 0xae }, { "trade", 0x2122 },
	{ "middot", 0xb7 }, { "deg", 0xb0 }, { "times", 0xd7 },
	{ "divide", 0xf7 }, { "plusmn", 0xb1 }, { "micro", 0xb5 },
	{ "para", 0xb6 }, { "sect", 0xa7 }, { "laquo", 0xab },
	{ "raquo", 0xbb }, { "lsaquo", 0x2039 }, { "rsaquo", 0x203a },
	{ "euro", 0x20ac }, { "pound", 0xa3 }, { "cent", 0xa2 },
	{ "yen", 0xa5 }, { "ensp", ' ' }, { "emsp", ' ' },
	{ "thinsp", ' ' }, { "zwj", 0x200d }, { "zwnj", 0x200c },
	{ "larr", 0x2190 }, { "rarr", 0x2192 }, { "uarr", 0x2191 },
	{ "darr", 0x2193 }, { "harr", 0x2194 }, { "rArr", 0x21d2 },
	{ "le", 0x2264 }, { "ge", 0x2265 }, { "ne", 0x2260 },
	{ "minus", 0x2212 }, { "frac12", 0xbd }, { "frac14", 0xbc },
	{ "frac34", 0xbe }, { "iexcl", 0xa1 }, { "iquest", 0xbf },
	{ "dagger", 0x2020 }, { "Dagger", 0x2021 }, { "permil", 0x2030 },
	{ "prime", 0x2032 }, { "check", 0x2713 },
};

/*
 * p points at '&'. On a known entity emit it and return its length;
 * otherwise return 0 and the '&' is taken literally.
 */
static size_t
html_entity(struct html_out *o, const char *p, const char *end)
{
	const char *q = p + 1, *name;
	uint32_t cp = 0;
	size_t i, n;
	int hex = 0, digits = 0;

	if (q < end && *q == '#') {
		q++;
		if (q < end && (*q == 'x' || *q == 'X')) {
			hex = 1;
			q++;
		}
		for (; q < end; q++) {
			if (*q >= '0' && *q <= '9')
				n = (size_t)(*q - '0');
			else if (hex && *q >= 'a' && *q <= 'f')
				n = (size_t)(*q - 'a' + 10);
			else if (hex && *q >= 'A' && *q <= 'F')
				n = (size_t)(*q - 'A' + 10);
			else
				break;
			/* Saturate: anything this big is invalid anyway. */
			if (cp <= 0x10ffff)
				cp = cp * (hex ? 16 : 10) + (uint32_t)n;
			digits++;
		}
		if (digits == 0 || q >= end || *q != ';')
			return 0;
		html_put_cp(o, cp);
		return (size_t)(q + 1 - p);
	}
	name = q;
	while (q < end && q - name < 16 &&
	    ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
	    (*q >= '0' && *q <= '9')))
		q++;
	if (q >= end || *q != ';' || q == name)
		return 0;
	n = (size_t)(q - name);
	for (i = 0; i < sizeof html_entities / sizeof html_entities[0]; i++) {
		if (strlen(html_entities[i].name) == n &&
		    strncmp(html_entities[i].name, name, n) == 0) {
			html_put_cp(o, html_entities[i].cp);
			return (size_t)(q + 1 - p);
		}
	}
	return 0;
}

/* Case-insensitive search for needle (lower case) in [p, end). */
static const char *
html_find(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; (size_t)(end - p) >= n; p++) {
		if (strncasecmp(p, needle, n) == 0)
			return p;
	}
	return NULL;
}

static int
html_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
html_is_tag(const char *name, size_t n, const char *const *list)
{
	for (; *list != NULL; list++) {
		if (strlen(*list) == n && strncasecmp(*list, name, n) == 0)
			return 1;
	}
	return 0;
}

static const char *const html_para_tags[] = {
	"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
	"table", "hr", "dl", "address", "figure", NULL
};
static const char *const html_line_tags[] = {
	"br", "div", "tr", "dt", "dd", "section", "article", "header",
	"footer", "nav", "main", "aside", "caption", "thead", "tbody",
	"tfoot", "form", "fieldset", "details", "summary", NULL
};

/* A start or end tag called name (n bytes). */
static void
html_tag(struct html_out *o, const char *name, size_t n, int closing)
{
	if (html_is_tag(name, n, html_para_tags))
		html_break(o, 2);
	else if (html_is_tag(name, n, html_line_tags))
		html_break(o, 1);
	else if (n == 2 && (strncasecmp(name, "ul", 2) == 0 ||
	    strncasecmp(name, "ol", 2) == 0)) {
		if (closing && o->depth > 0)
			o->depth--;
		html_break(o, o->depth == 0 ? 2 : 1);
		if (!closing)
			o->depth++;
		o->prefix = NULL;
	} else if (n == 2 && strncasecmp(name, "li", 2) == 0) {
		html_break(o, 1);
		if (closing)
			o->prefix = NULL;
		else {
			o->prefix = "\xe2\x80\xa2 ";	/* U+2022 */
			o->indent = o->depth > 0 ? o->depth - 1 : 0;
			if (o->indent > HTML_MAX_DEPTH)
				o->indent = HTML_MAX_DEPTH;
		}
	} else if (n == 2 && (strncasecmp(name, "td", 2) == 0 ||
	    strncasecmp(name, "th", 2) == 0))
		html_space(o);
}

/*
 * p points at '<'. Handle the markup and return where text resumes, or
 * NULL if this '<' does not start markup and is a literal character.
 */
static const char *
html_markup(struct html_out *o, const char *p, const char *end)
{
	const char *q = p + 1, *name, *e;
	size_t n;
	int closing = 0;

	if (q >= end)
		return NULL;
	if ((size_t)(end - q) >= 3 && strncmp(q, "!--", 3) == 0) {
		e = html_find(q + 3, end, "-->");
		return e == NULL ? end : e + 3;
	}
	if ((size_t)(end - q) >= 8 && strncmp(q, "![CDATA[", 8) == 0) {
		q += 8;
		e = html_find(q, end, "]]>");
		if (e == NULL)
			e = end;
		/* CDATA is literal text: no entities, whitespace collapsed. */
		for (; q < e; q++) {
			if (*q == ' ' || *q == '\t' || *q == '\n' ||
			    *q == '\r' || *q == '\f')
				html_space(o);
			else
				html_text(o, q, 1);
		}
		return e == end ? end : e + 3;
	}
	if (*q == '!' || *q == '?') {
		e = memchr(q, '>', (size_t)(end - q));
		return e == NULL ? end : e + 1;
	}
	if (*q == '/') {
		closing = 1;
		q++;
	}
	if (q >= end || !html_is_alpha(*q))
		return NULL;
	name = q;
	while (q < end && (html_is_alpha(*q) || (*q >= '0' && *q <= '9') ||
	    *q == '-' || *q == ':'))
		q++;
	n = (size_t)(q - name);
	e = memchr(q, '>', (size_t)(end - q));
	if (e == NULL)
		return end;		/* unclosed tag: drop the rest */
	e++;
	if (!closing && ((n == 6 && strncasecmp(name, "script", 6) == 0) ||
	    (n == 5 && strncasecmp(name, "style", 5) == 0))) {
		/* Skip the content up to the matching end tag. */
		q = html_find(e, end, n == 6 ? "</script" : "</style");
		if (q == NULL)
			return end;
		e = memchr(q, '>', (size_t)(end - q));
		return e == NULL ? end : e + 1;
	}
	html_tag(o, name, n, closing);
	return e;
}

/* Plain text (no markup at all) keeps its own line structure. */
static int
html_has_markup(const char *p, const char *end)
{
	for (; p < end; p++) {
		if (*p == '<' && p + 1 < end && (html_is_alpha(p[1]) ||
		    p[1] == '/' || p[1] == '!' || p[1] == '?'))
			return 1;
	}
	return 0;
}

char *
html_to_text(const char *html, size_t len)
{
	struct html_out o;
	const char *p = html, *end = html + len, *next, *run;
	int markup, newlines = 0;
	size_t n;

	memset(&o, 0, sizeof o);
	buf_init(&o.b);
	o.line_empty = 1;
	if (html == NULL)
		return buf_steal(&o.b);
	/* the text is rarely longer than its markup: one allocation */
	buf_reserve(&o.b, len);
	markup = html_has_markup(p, end);
	while (p < end) {
		switch (*p) {
		case '<':
			next = markup ? html_markup(&o, p, end) : NULL;
			if (next != NULL) {
				p = next;
				newlines = 0;
				continue;
			}
			break;
		case '&':
			n = html_entity(&o, p, end);
			if (n != 0) {
				p += n;
				newlines = 0;
				continue;
			}
			break;
		case '\n':
			if (!markup) {
				newlines++;
				html_break(&o, newlines > 1 ? 2 : 1);
				p++;
				continue;
			}
			/* FALLTHROUGH */
		case ' ':
		case '\t':
		case '\r':
		case '\f':
		case '\v':
			html_space(&o);
			p++;
			continue;
		}
		/* A run of ordinary text up to the next special byte. */
		run = p++;
		while (p < end && *p != '<' && *p != '&' && *p != ' ' &&
		    *p != '\n' && *p != '\t' && *p != '\r' && *p != '\f' &&
		    *p != '\v')
			p++;
		html_text(&o, run, (size_t)(p - run));
		newlines = 0;
	}
	return buf_steal(&o.b);
}
