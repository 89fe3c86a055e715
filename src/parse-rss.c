/* parse-rss.c: RSS 2.0 and Atom feeds into struct rss_feed, with expat.
 * Hostile input is refused early: no DTDs (so no entity expansion and no
 * external entities), bounded field sizes and item counts. */
#include "config.h"
#include "parse-rss.h"

#include <ctype.h>
#include <expat.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "timeutil.h"
#include "xmalloc.h"

#define RSS_FIELD_MAX		(64 * 1024)	/* longer text is cut */
#define RSS_MAX_CATEGORIES	100		/* per item; more are ignored */
#define RSS_CHUNK		(256 * 1024)	/* fed to expat at a time */

enum rss_field {
	RSS_F_NONE,
	RSS_F_TITLE,
	RSS_F_DESC,
	RSS_F_CONTENT,
	RSS_F_LINK,
	RSS_F_GUID,
	RSS_F_PUBDATE,		/* RFC 822 */
	RSS_F_DCDATE,		/* RFC 3339: dc:date */
	RSS_F_PUBLISHED,	/* RFC 3339: Atom */
	RSS_F_UPDATED,		/* RFC 3339: Atom */
	RSS_F_CATEGORY,
	RSS_F_CH_TITLE,
	RSS_F_CH_LINK,
	RSS_F_CH_BUILD,		/* lastBuildDate / pubDate, RFC 822 */
	RSS_F_CH_UPDATED	/* Atom feed <updated> */
};

struct rss_ctx {
	XML_Parser	 parser;
	struct rss_feed	*feed;
	size_t		 cap;		/* allocated items */

	bool		 root_seen;
	int		 depth;		/* of the element being parsed; root 1 */
	int		 chan_depth;	/* element whose children are feed fields */
	int		 item_depth;	/* current item/entry, 0 outside one */

	enum rss_field	 field;		/* text being collected */
	int		 field_depth;
	struct buf	 text;
	bool		 full;		/* text reached RSS_FIELD_MAX */
	char		*href;		/* link href / category term attribute */

	/* Per item, resolved when the item ends. */
	char		*content;
	char		*pubdate;
	char		*dcdate;
	char		*published;
	char		*updated;

	bool		 failed;	/* stopped by us: err holds why */
	char		 err[256];
};

static void
rss_fail(struct rss_ctx *ctx, const char *msg)
{
	if (ctx->failed)
		return;
	ctx->failed = true;
	snprintf(ctx->err, sizeof ctx->err, "%s", msg);
	XML_StopParser(ctx->parser, XML_FALSE);
}

/* "a10:link" -> "link": namespaces are told apart by local name only. */
static const char *
rss_local(const char *name)
{
	const char *colon = strrchr(name, ':');

	return colon != NULL ? colon + 1 : name;
}

static const char *
rss_attr(const char **atts, const char *want)
{
	size_t i;

	for (i = 0; atts[i] != NULL && atts[i + 1] != NULL; i += 2) {
		if (strcmp(rss_local(atts[i]), want) == 0)
			return atts[i + 1];
	}
	return NULL;
}

/* An element name for an error message: printable ASCII only, short. */
static void
rss_clean_name(const char *in, char *out, size_t len)
{
	size_t i = 0;

	for (; *in != '\0' && i + 1 < len && i < 40; in++) {
		unsigned char c = (unsigned char)*in;

		out[i++] = (c > 0x20 && c < 0x7f) ? (char)c : '?';
	}
	out[i] = '\0';
}

static void
rss_not_a_feed(struct rss_ctx *ctx, const char *root)
{
	char name[48], msg[128];

	rss_clean_name(root, name, sizeof name);
	snprintf(msg, sizeof msg, "not an RSS or Atom feed (root element <%s>)",
	    name);
	rss_fail(ctx, msg);
}

/* Trimmed copy, NULL when blank. */
static char *
rss_trimmed(const char *s, size_t len)
{
	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len == 0)
		return NULL;
	return xstrndup(s, len);
}

/* Keep the first value of a field; later duplicates are dropped. */
static void
rss_keep(char **dst, char *val)
{
	if (*dst == NULL)
		*dst = val;
	else
		free(val);
}

static void
rss_clear_scratch(struct rss_ctx *ctx)
{
	free(ctx->content);
	free(ctx->pubdate);
	free(ctx->dcdate);
	free(ctx->published);
	free(ctx->updated);
	ctx->content = ctx->pubdate = ctx->dcdate = NULL;
	ctx->published = ctx->updated = NULL;
}

static struct rss_item *
rss_cur(struct rss_ctx *ctx)
{
	return &ctx->feed->items[ctx->feed->nitems - 1];
}

static void
rss_item_begin(struct rss_ctx *ctx)
{
	struct rss_feed *f = ctx->feed;

	if (f->nitems >= RSS_MAX_ITEMS) {
		rss_fail(ctx, "feed has too many items");
		return;
	}
	if (f->nitems == ctx->cap) {
		ctx->cap = ctx->cap == 0 ? 16 : ctx->cap * 2;
		f->items = xreallocarray(f->items, ctx->cap, sizeof *f->items);
	}
	memset(&f->items[f->nitems], 0, sizeof f->items[0]);
	f->nitems++;
	ctx->item_depth = ctx->depth;
	rss_clear_scratch(ctx);
}

static time_t
rss_time822(const char *s)
{
	time_t t = 0;

	if (time_parse_rfc822(s, &t) == 0)
		return t;
	/* Some feeds put ISO dates in pubDate. */
	if (time_parse_rfc3339(s, &t) == 0)
		return t;
	return 0;
}

static time_t
rss_time3339(const char *s)
{
	time_t t = 0;

	if (time_parse_rfc3339(s, &t) == 0)
		return t;
	if (time_parse_rfc822(s, &t) == 0)
		return t;
	return 0;
}

static void
rss_item_end(struct rss_ctx *ctx)
{
	struct rss_item *it = rss_cur(ctx);

	/* content:encoded (or Atom <content>) stands in for a missing
	 * description. */
	if (it->description == NULL && ctx->content != NULL) {
		it->description = ctx->content;
		ctx->content = NULL;
	}
	if (ctx->pubdate != NULL)
		it->published = rss_time822(ctx->pubdate);
	if (it->published == 0 && ctx->dcdate != NULL)
		it->published = rss_time3339(ctx->dcdate);
	if (it->published == 0 && ctx->published != NULL)
		it->published = rss_time3339(ctx->published);
	if (it->published == 0 && ctx->updated != NULL)
		it->published = rss_time3339(ctx->updated);
	rss_clear_scratch(ctx);
	ctx->item_depth = 0;
}

static enum rss_field
rss_item_field(const char *local)
{
	if (strcmp(local, "title") == 0)
		return RSS_F_TITLE;
	if (strcmp(local, "description") == 0 || strcmp(local, "summary") == 0)
		return RSS_F_DESC;
	if (strcmp(local, "encoded") == 0 || strcmp(local, "content") == 0)
		return RSS_F_CONTENT;
	if (strcmp(local, "link") == 0)
		return RSS_F_LINK;
	if (strcmp(local, "guid") == 0 || strcmp(local, "id") == 0)
		return RSS_F_GUID;
	if (strcmp(local, "pubDate") == 0)
		return RSS_F_PUBDATE;
	if (strcmp(local, "date") == 0)
		return RSS_F_DCDATE;
	if (strcmp(local, "published") == 0 || strcmp(local, "issued") == 0)
		return RSS_F_PUBLISHED;
	if (strcmp(local, "updated") == 0 || strcmp(local, "modified") == 0)
		return RSS_F_UPDATED;
	if (strcmp(local, "category") == 0)
		return RSS_F_CATEGORY;
	return RSS_F_NONE;
}

static enum rss_field
rss_chan_field(const char *local)
{
	if (strcmp(local, "title") == 0)
		return RSS_F_CH_TITLE;
	if (strcmp(local, "link") == 0)
		return RSS_F_CH_LINK;
	if (strcmp(local, "lastBuildDate") == 0)
		return RSS_F_CH_BUILD;
	if (strcmp(local, "updated") == 0)
		return RSS_F_CH_UPDATED;
	return RSS_F_NONE;
}

/* Atom links: only rel="alternate" (or no rel) is the page itself. */
static const char *
rss_link_href(const char **atts)
{
	const char *rel = rss_attr(atts, "rel");

	if (rel != NULL && strcmp(rel, "alternate") != 0)
		return NULL;
	return rss_attr(atts, "href");
}

static void XMLCALL
rss_start(void *arg, const char *name, const char **atts)
{
	struct rss_ctx *ctx = arg;
	const char *local = rss_local(name);
	enum rss_field f = RSS_F_NONE;
	const char *attr = NULL;

	if (ctx->failed)
		return;
	ctx->depth++;
	if (!ctx->root_seen) {
		ctx->root_seen = true;
		if (strcmp(local, "feed") == 0) {
			ctx->feed->atom = true;
			ctx->chan_depth = 1;
		} else if (strcmp(local, "rss") != 0 &&
		    strcmp(local, "RDF") != 0) {
			rss_not_a_feed(ctx, name);
		}
		return;
	}
	if (ctx->field != RSS_F_NONE)
		return;		/* markup inside a field (Atom xhtml): text only */

	if (ctx->item_depth == 0) {
		if (strcmp(local, "item") == 0 || strcmp(local, "entry") == 0) {
			rss_item_begin(ctx);
			return;
		}
		if (!ctx->feed->atom && ctx->depth == 2 &&
		    strcmp(local, "channel") == 0) {
			ctx->chan_depth = 2;
			return;
		}
		if (ctx->chan_depth != 0 && ctx->depth == ctx->chan_depth + 1) {
			f = rss_chan_field(local);
			if (f == RSS_F_CH_LINK)
				attr = rss_link_href(atts);
			else if (f == RSS_F_NONE &&
			    strcmp(local, "pubDate") == 0)
				f = RSS_F_CH_BUILD;
		}
	} else if (ctx->depth == ctx->item_depth + 1) {
		f = rss_item_field(local);
		if (f == RSS_F_LINK)
			attr = rss_link_href(atts);
		else if (f == RSS_F_CATEGORY)
			attr = rss_attr(atts, "term");
	}
	if (f == RSS_F_NONE)
		return;
	ctx->field = f;
	ctx->field_depth = ctx->depth;
	ctx->full = false;
	buf_reset(&ctx->text);
	free(ctx->href);
	ctx->href = attr != NULL ? xstrdup(attr) : NULL;
}

static void XMLCALL
rss_chars(void *arg, const char *s, int len)
{
	struct rss_ctx *ctx = arg;
	size_t n = (size_t)len, room;

	if (ctx->failed || ctx->field == RSS_F_NONE || ctx->full || len <= 0)
		return;
	room = RSS_FIELD_MAX - ctx->text.len;
	if (n > room) {
		n = room;
		/* Cut before a character, not inside one. */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		ctx->full = true;
	}
	buf_append(&ctx->text, s, n);
}

static void
rss_field_end(struct rss_ctx *ctx)
{
	struct rss_feed *feed = ctx->feed;
	struct rss_item *it = ctx->item_depth != 0 ? rss_cur(ctx) : NULL;
	char *v = rss_trimmed(buf_str(&ctx->text), ctx->text.len);

	/* Atom links and categories carry their value in an attribute. */
	if (v == NULL && ctx->href != NULL)
		v = rss_trimmed(ctx->href, strlen(ctx->href));
	if (v == NULL)
		goto out;
	switch (ctx->field) {
	case RSS_F_TITLE:
		rss_keep(&it->title, v);
		break;
	case RSS_F_DESC:
		rss_keep(&it->description, v);
		break;
	case RSS_F_CONTENT:
		rss_keep(&ctx->content, v);
		break;
	case RSS_F_LINK:
		rss_keep(&it->link, v);
		break;
	case RSS_F_GUID:
		rss_keep(&it->guid, v);
		break;
	case RSS_F_PUBDATE:
		rss_keep(&ctx->pubdate, v);
		break;
	case RSS_F_DCDATE:
		rss_keep(&ctx->dcdate, v);
		break;
	case RSS_F_PUBLISHED:
		rss_keep(&ctx->published, v);
		break;
	case RSS_F_UPDATED:
		rss_keep(&ctx->updated, v);
		break;
	case RSS_F_CATEGORY:
		if (it->categories.n < RSS_MAX_CATEGORIES)
			strv_add(&it->categories, v);
		free(v);
		break;
	case RSS_F_CH_TITLE:
		rss_keep(&feed->title, v);
		break;
	case RSS_F_CH_LINK:
		rss_keep(&feed->link, v);
		break;
	case RSS_F_CH_BUILD:
		if (feed->last_build == 0)
			feed->last_build = rss_time822(v);
		free(v);
		break;
	case RSS_F_CH_UPDATED:
		if (feed->last_build == 0)
			feed->last_build = rss_time3339(v);
		free(v);
		break;
	case RSS_F_NONE:
		free(v);
		break;
	}
out:
	ctx->field = RSS_F_NONE;
	buf_reset(&ctx->text);
	free(ctx->href);
	ctx->href = NULL;
}

static void XMLCALL
rss_end(void *arg, const char *name)
{
	struct rss_ctx *ctx = arg;

	(void)name;
	if (ctx->failed)
		return;
	if (ctx->field != RSS_F_NONE && ctx->depth == ctx->field_depth)
		rss_field_end(ctx);
	else if (ctx->field == RSS_F_NONE && ctx->item_depth != 0 &&
	    ctx->depth == ctx->item_depth)
		rss_item_end(ctx);
	ctx->depth--;
}

/* Any DTD is refused before its contents are read: that disposes of
 * entity expansion ("billion laughs") and external entities (XXE). An
 * HTML doctype gets the more useful "this is not a feed". */
static void XMLCALL
rss_doctype(void *arg, const char *name, const char *sysid,
    const char *pubid, int has_internal_subset)
{
	struct rss_ctx *ctx = arg;

	(void)sysid;
	(void)pubid;
	if (name != NULL && strcasecmp(name, "html") == 0 &&
	    !has_internal_subset) {
		rss_not_a_feed(ctx, name);
		return;
	}
	rss_fail(ctx, "document type declarations are not allowed");
}

static void XMLCALL
rss_entity_decl(void *arg, const char *name, int is_param,
    const char *value, int value_len, const char *base, const char *sysid,
    const char *pubid, const char *notation)
{
	rss_fail(arg, "document type declarations are not allowed");
}

static int XMLCALL
rss_external_entity(XML_Parser p, const char *context, const char *base,
    const char *sysid, const char *pubid)
{
	struct rss_ctx *ctx = XML_GetUserData(p);

	rss_fail(ctx, "document type declarations are not allowed");
	return XML_STATUS_ERROR;
}

static bool
rss_is_truncation(enum XML_Error code)
{
	return code == XML_ERROR_NO_ELEMENTS ||
	    code == XML_ERROR_UNCLOSED_TOKEN ||
	    code == XML_ERROR_PARTIAL_CHAR ||
	    code == XML_ERROR_UNCLOSED_CDATA_SECTION;
}

static void
rss_xml_error(struct rss_ctx *ctx, char *err, size_t errlen)
{
	enum XML_Error code = XML_GetErrorCode(ctx->parser);
	unsigned long line = (unsigned long)XML_GetCurrentLineNumber(ctx->parser);
	const char *what = XML_ErrorString(code);

	if (ctx->failed) {
		snprintf(err, errlen, "%s", ctx->err);
		return;
	}
	if (rss_is_truncation(code)) {
		snprintf(err, errlen, "feed ends early (truncated)");
		return;
	}
	snprintf(err, errlen, "feed is not well-formed XML (line %lu: %s)",
	    line, what != NULL ? what : "unknown error");
}

int
rss_parse(const char *data, size_t len, struct rss_feed *out, char *err,
    size_t errlen)
{
	struct rss_ctx ctx;
	size_t i, off, n;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (data == NULL)
		len = 0;
	for (i = 0; i < len && isspace((unsigned char)data[i]); i++)
		continue;
	if (i == len) {
		snprintf(err, errlen, "empty response");
		return -1;
	}
	if (data[i] == '{' || data[i] == '[') {
		snprintf(err, errlen, "not an RSS or Atom feed (got JSON)");
		return -1;
	}

	memset(&ctx, 0, sizeof ctx);
	ctx.feed = out;
	buf_init(&ctx.text);
	if ((ctx.parser = XML_ParserCreate(NULL)) == NULL)
		xmalloc_die("XML_ParserCreate");
	XML_SetUserData(ctx.parser, &ctx);
	XML_SetElementHandler(ctx.parser, rss_start, rss_end);
	XML_SetCharacterDataHandler(ctx.parser, rss_chars);
	XML_SetStartDoctypeDeclHandler(ctx.parser, rss_doctype);
	XML_SetEntityDeclHandler(ctx.parser, rss_entity_decl);
	XML_SetExternalEntityRefHandler(ctx.parser, rss_external_entity);
	XML_SetParamEntityParsing(ctx.parser, XML_PARAM_ENTITY_PARSING_NEVER);

	for (off = 0;;) {
		n = len - off > RSS_CHUNK ? RSS_CHUNK : len - off;
		if (XML_Parse(ctx.parser, data + off, (int)n,
		    off + n == len) != XML_STATUS_OK) {
			rss_xml_error(&ctx, err, errlen);
			goto done;
		}
		off += n;
		if (off == len)
			break;
	}
	if (ctx.failed) {
		snprintf(err, errlen, "%s", ctx.err);
		goto done;
	}
	rc = 0;
done:
	XML_ParserFree(ctx.parser);
	rss_clear_scratch(&ctx);
	free(ctx.href);
	buf_free(&ctx.text);
	if (rc != 0)
		rss_feed_free(out);
	return rc;
}

void
rss_feed_free(struct rss_feed *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nitems; i++) {
		struct rss_item *it = &f->items[i];

		free(it->title);
		free(it->description);
		free(it->link);
		free(it->guid);
		strv_free(&it->categories);
	}
	free(f->items);
	free(f->title);
	free(f->link);
	memset(f, 0, sizeof *f);
}
