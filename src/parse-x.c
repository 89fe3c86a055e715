/* parse-x.c: X API v2 answers into posts, and posts into incident updates.
 * Input is hostile: depth and sizes are capped and every field's type is
 * checked before use. */
#include "config.h"
#include "parse-x.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "buf.h"
#include "html.h"
#include "derive.h"
#include "regions.h"
#include "timeutil.h"
#include "jdoc.h"
#include "sanitize.h"
#include "xmalloc.h"

#define X_MAX_DEPTH	32
#define X_MAX_POSTS	1000
#define X_MAX_TEXT	(64u * 1024)

/* One line, no control characters, at most max bytes (whole UTF-8). */
static void
one_line(char *dst, size_t dstlen, const char *src, size_t max)
{
	size_t i, o = 0;

	if (dstlen == 0)
		return;
	if (max > dstlen - 1)
		max = dstlen - 1;
	for (i = 0; src[i] != '\0' && o < max; i++) {
		unsigned char c = (unsigned char)src[i];

		dst[o++] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
	}
	/* do not end in the middle of a UTF-8 sequence */
	while (src[i] != '\0' && o > 0 &&
	    ((unsigned char)src[i] & 0xc0) == 0x80) {
		o--;
		i--;
	}
	dst[o] = '\0';
}

bool
x_username_valid(const char *s)
{
	size_t n;

	if (s == NULL)
		return false;
	for (n = 0; s[n] != '\0'; n++) {
		if (!(isascii((unsigned char)s[n]) &&
		    (isalnum((unsigned char)s[n]) || s[n] == '_')))
			return false;
	}
	return n >= 1 && n <= 15;
}

int
x_id_cmp(const char *a, const char *b)
{
	size_t la, lb;
	int c;

	while (*a == '0' && a[1] != '\0')
		a++;
	while (*b == '0' && b[1] != '\0')
		b++;
	la = strlen(a);
	lb = strlen(b);
	if (la != lb)
		return la < lb ? -1 : 1;
	c = strcmp(a, b);
	return c < 0 ? -1 : c > 0;
}

static bool
x_id_numeric(const char *s)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++) {
		if (!isdigit((unsigned char)s[n]))
			return false;
	}
	return n > 0 && n <= 24;
}

/* The first problem in an errors[] array, as a sentence. */
static bool
errors_text(struct json_object *root, char *err, size_t errlen,
    const char *prefix)
{
	struct json_object *arr = jdoc_get(root, "errors"), *e;
	const char *m;
	struct json_object *code;

	if (arr == NULL || !json_object_is_type(arr, json_type_array) ||
	    json_object_array_length(arr) == 0)
		return false;
	e = json_object_array_get_idx(arr, 0);
	if ((m = jdoc_str(e, "detail")) == NULL &&
	    (m = jdoc_str(e, "message")) == NULL)
		m = jdoc_str(e, "title");
	if (m == NULL)
		return false;
	code = jdoc_get(e, "code");
	if (code != NULL && json_object_is_type(code, json_type_int)) {
		char line[400];

		one_line(line, sizeof line, m, 300);
		snprintf(err, errlen, "%s%s (code %d)", prefix, line,
		    json_object_get_int(code));
	} else {
		char line[400];

		one_line(line, sizeof line, m, 300);
		snprintf(err, errlen, "%s%s", prefix, line);
	}
	return true;
}

static void
x_error_text_build(const char *data, size_t len, long status, char *err,
    size_t errlen)
{
	struct json_object *root;
	char prefix[64], sub[8], line[400];
	const char *m;

	snprintf(prefix, sizeof prefix, "X answered HTTP %ld: ", status);
	root = jdoc_parse(data, len, X_MAX_DEPTH, sub, sizeof sub);
	if (root != NULL && json_object_is_type(root, json_type_object)) {
		/* a problem object's detail says more than errors[] */
		if ((m = jdoc_str(root, "detail")) != NULL ||
		    (m = jdoc_str(root, "title")) != NULL) {
			one_line(line, sizeof line, m, 300);
			snprintf(err, errlen, "%s%s", prefix, line);
			json_object_put(root);
			return;
		}
		if (errors_text(root, err, errlen, prefix)) {
			json_object_put(root);
			return;
		}
	}
	json_object_put(root);
	snprintf(err, errlen, "X answered HTTP %ld", status);
}

void
x_error_text(const char *data, size_t len, long status, char *err,
    size_t errlen)
{
	x_error_text_build(data, len, status, err, errlen);
	if (errlen > 0)
		sanitize_redact_str(err);	/* a server may echo a secret */
}

int
x_parse_user(const char *data, size_t len, char **id, char *err,
    size_t errlen)
{
	struct json_object *root, *d;
	const char *v;

	*id = NULL;
	if ((root = jdoc_parse(data, len, X_MAX_DEPTH, err, errlen)) == NULL)
		return -1;
	d = jdoc_get(root, "data");
	if (d == NULL) {
		if (!errors_text(root, err, errlen, "X: "))
			snprintf(err, errlen, "X's user lookup has no data");
		json_object_put(root);
		return -1;
	}
	if ((v = jdoc_str(d, "id")) == NULL || !x_id_numeric(v)) {
		snprintf(err, errlen, "X's user lookup has no usable id");
		json_object_put(root);
		return -1;
	}
	*id = xstrdup(v);
	json_object_put(root);
	return 0;
}

static int
post_cmp(const void *a, const void *b)
{
	const struct x_post *x = a, *y = b;
	bool nx = x_id_numeric(x->id), ny = x_id_numeric(y->id);

	if (nx && ny)
		return -x_id_cmp(x->id, y->id);
	if (x->created != y->created)
		return x->created > y->created ? -1 : 1;
	return strcmp(x->id, y->id);
}

static void
timeline_sort(struct x_timeline *tl)
{
	size_t i;

	if (tl->n > 1)
		qsort(tl->posts, tl->n, sizeof *tl->posts, post_cmp);
	free(tl->newest_id);
	tl->newest_id = NULL;
	for (i = 0; i < tl->n; i++) {
		if (!x_id_numeric(tl->posts[i].id))
			continue;
		if (tl->newest_id == NULL ||
		    x_id_cmp(tl->posts[i].id, tl->newest_id) > 0) {
			free(tl->newest_id);
			tl->newest_id = xstrdup(tl->posts[i].id);
		}
	}
}

static void
timeline_add(struct x_timeline *tl, const char *id, const char *text,
    time_t created)
{
	struct x_post *p;
	size_t n = strlen(text);

	tl->posts = xreallocarray(tl->posts, tl->n + 1, sizeof *tl->posts);
	p = &tl->posts[tl->n++];
	p->id = xstrdup(id);
	p->text = xstrndup(text, n > X_MAX_TEXT ? X_MAX_TEXT : n);
	p->created = created;
}

int
x_parse_timeline(const char *data, size_t len, struct x_timeline *out,
    char *err, size_t errlen)
{
	struct json_object *root, *arr, *e;
	const char *id, *text, *ca;
	time_t t;
	size_t i, n;

	memset(out, 0, sizeof *out);
	if ((root = jdoc_parse(data, len, X_MAX_DEPTH, err, errlen)) == NULL)
		return -1;
	if (!json_object_is_type(root, json_type_object)) {
		snprintf(err, errlen, "X's answer is not an object");
		json_object_put(root);
		return -1;
	}
	arr = jdoc_get(root, "data");
	if (arr == NULL) {
		/* since_id with nothing new: only meta, result_count 0 */
		if (jdoc_get(root, "meta") != NULL) {
			json_object_put(root);
			return 0;
		}
		if (!errors_text(root, err, errlen, "X: "))
			snprintf(err, errlen, "X's answer has neither data nor "
			    "meta");
		json_object_put(root);
		return -1;
	}
	if (!json_object_is_type(arr, json_type_array)) {
		snprintf(err, errlen, "X's data is not a list of posts");
		json_object_put(root);
		return -1;
	}
	n = json_object_array_length(arr);
	for (i = 0; i < n && out->n < X_MAX_POSTS; i++) {
		e = json_object_array_get_idx(arr, i);
		if ((id = jdoc_str(e, "id")) == NULL || !x_id_numeric(id) ||
		    (text = jdoc_str(e, "text")) == NULL)
			continue;
		t = 0;
		if ((ca = jdoc_str(e, "created_at")) != NULL &&
		    time_parse_rfc3339(ca, &t) == -1)
			t = 0;
		timeline_add(out, id, text, t);
	}
	json_object_put(root);
	timeline_sort(out);
	return 0;
}

void
x_timeline_from_feed(const struct rss_feed *feed, struct x_timeline *out)
{
	const struct rss_item *it;
	char *text;
	const char *id;
	size_t i;

	memset(out, 0, sizeof *out);
	for (i = 0; i < feed->nitems && out->n < X_MAX_POSTS; i++) {
		it = &feed->items[i];
		if (it->title != NULL && *it->title != '\0')
			text = html_to_text(it->title, strlen(it->title));
		else if (it->description != NULL)
			text = html_to_text(it->description,
			    strlen(it->description));
		else
			continue;
		id = it->guid != NULL ? it->guid : it->link;
		if (id == NULL || *id == '\0') {
			char num[32];

			snprintf(num, sizeof num, "item%zu", i);
			timeline_add(out, num, text, it->published);
		} else
			timeline_add(out, id, text, it->published);
		free(text);
	}
	timeline_sort(out);
}

void
x_timeline_free(struct x_timeline *tl)
{
	size_t i;

	for (i = 0; i < tl->n; i++) {
		free(tl->posts[i].id);
		free(tl->posts[i].text);
	}
	free(tl->posts);
	free(tl->newest_id);
	memset(tl, 0, sizeof *tl);
}

void
x_timeline_merge(struct x_timeline *keep, struct x_timeline *fresh,
    size_t max)
{
	size_t i, j;
	bool dup;

	for (i = 0; i < fresh->n; i++) {
		dup = false;
		for (j = 0; j < keep->n && !dup; j++)
			dup = strcmp(keep->posts[j].id, fresh->posts[i].id) == 0;
		if (dup) {
			free(fresh->posts[i].id);
			free(fresh->posts[i].text);
			continue;
		}
		keep->posts = xreallocarray(keep->posts, keep->n + 1,
		    sizeof *keep->posts);
		keep->posts[keep->n++] = fresh->posts[i];
	}
	free(fresh->posts);
	free(fresh->newest_id);
	memset(fresh, 0, sizeof *fresh);
	timeline_sort(keep);
	while (keep->n > max) {
		keep->n--;
		free(keep->posts[keep->n].id);
		free(keep->posts[keep->n].text);
	}
}

void
x_rate_parse(const char *limit, const char *remaining, const char *reset,
    struct x_rate *out)
{
	char *end;
	long long v;

	memset(out, 0, sizeof *out);
	out->limit = out->remaining = -1;
	if (limit != NULL) {
		v = strtoll(limit, &end, 10);
		if (end != limit && v >= 0 && v < LONG_MAX)
			out->limit = (long)v;
	}
	if (remaining != NULL) {
		v = strtoll(remaining, &end, 10);
		if (end != remaining && v >= 0 && v < LONG_MAX) {
			out->remaining = (long)v;
			out->known = true;
		}
	}
	if (reset != NULL) {
		v = strtoll(reset, &end, 10);
		/* epoch seconds between 2001 and 2286 */
		if (end != reset && v > 1000000000LL && v < 10000000000LL) {
			out->reset = (time_t)v;
			out->known = true;
		}
	}
}

/* incidents from posts ------------------------------------------------ */

/* The next needle in hay from from on, case-insensitive, not inside a
 * longer word; NULL when there is none. */
static const char *
word_next(const char *hay, const char *from, const char *needle)
{
	size_t n = strlen(needle);
	const char *p;

	if (n == 0)
		return NULL;
	for (p = from; (p = strcasestr(p, needle)) != NULL; p++) {
		bool left = p == hay || !isalnum((unsigned char)p[-1]);
		bool right = !isalnum((unsigned char)p[n]);

		if (left && right)
			return p;
	}
	return NULL;
}

static bool
has_word(const char *hay, const char *needle)
{
	return word_next(hay, hay, needle) != NULL;
}

/* The word before p in text (at most len-1 bytes, lower case); "" at the
 * start. *start gets where that word begins. */
static void
word_before(const char *text, const char *p, char *buf, size_t len,
    const char **start)
{
	const char *e = p, *b;
	size_t n, i;

	while (e > text && !isalnum((unsigned char)e[-1]) && e[-1] != '\'')
		e--;
	b = e;
	while (b > text && (isalnum((unsigned char)b[-1]) || b[-1] == '\''))
		b--;
	n = (size_t)(e - b) < len - 1 ? (size_t)(e - b) : len - 1;
	for (i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)b[i]);
	buf[n] = '\0';
	*start = b;
}

static bool
negates(const char *w)
{
	static const char *const words[] = {
		"not", "never", "until", "once", "when", "before", "unless",
		"be", "being", "yet", "if", "no"
	};
	size_t i, n = strlen(w);

	if (n >= 3 && strcmp(w + n - 3, "n't") == 0)
		return true;
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(w, words[i]) == 0)
			return true;
	return false;
}

/* Whether a post says the issue is word ("resolved", "mitigated"): the
 * whole word, not "unresolved", "not yet resolved", "until resolved" or
 * "will be resolved"; "has been resolved" and "is now resolved" say so. */
static bool
says_state(const char *text, const char *word)
{
	const char *p, *b;
	char w1[16], w2[16];

	for (p = text; (p = word_next(text, p, word)) != NULL; p++) {
		word_before(text, p, w1, sizeof w1, &b);
		word_before(text, b, w2, sizeof w2, &b);
		if (negates(w1))
			continue;
		/* "not been resolved", "not fully mitigated" */
		if ((strcmp(w1, "been") == 0 || strcmp(w1, "fully") == 0 ||
		    strcmp(w1, "yet") == 0 || strcmp(w1, "completely") == 0) &&
		    negates(w2))
			continue;
		return true;
	}
	return false;
}

static bool
mentions_region(const char *text, const char *region)
{
	const struct region_info *ri;

	if (has_word(text, region))
		return true;
	if ((ri = regions_lookup(region)) == NULL)
		return false;
	return has_word(text, ri->name) || has_word(text, ri->display);
}

static bool
mentions_service(const char *text, const char *service)
{
	size_t off, len;
	const char *found, *p = text;

	if (has_word(text, service))
		return true;
	/* an alias in the post ("Redis Cache") naming the same service */
	while ((found = services_find(p, &off, &len)) != NULL) {
		if (services_equal(found, service))
			return true;
		p += off + (len > 0 ? len : 1);
	}
	return false;
}

static bool
joins(const struct x_post *p, const struct incident *inc)
{
	size_t i, j;

	if (inc->tracking_id != NULL && has_word(p->text, inc->tracking_id))
		return true;
	for (i = 0; i < inc->services.n; i++) {
		if (!mentions_service(p->text, inc->services.v[i]))
			continue;
		for (j = 0; j < inc->regions.n; j++) {
			if (!regions_is_global(inc->regions.v[j]) &&
			    mentions_region(p->text, inc->regions.v[j]))
				return true;
		}
	}
	return false;
}

static const char *const incident_words[] = {
	"investigating", "mitigat", "outage", "degrad", "we're aware",
	"we are aware", "impacting", "experiencing issues", "service issue",
	"resolved", "disruption", "intermittent", "unavailable"
};

static bool
incident_words_in(const char *text)
{
	size_t i;

	for (i = 0; i < sizeof incident_words / sizeof *incident_words; i++) {
		if (strcasestr(text, incident_words[i]) != NULL)
			return true;
	}
	return false;
}

static void
title_of(const struct x_post *p, char *buf, size_t len)
{
	one_line(buf, len, p->text, 120);
}

static struct incident *
join_incident(const struct x_post *p, const struct incident *known)
{
	struct incident *inc = incident_new(known->key);
	time_t t = p->created != 0 ? p->created : known->last_update;

	/* carry the known scalars so the merge does not change them */
	inc->tracking_id = xstrdup(known->tracking_id);
	inc->title = xstrdup(known->title);
	inc->status = known->status;
	inc->type = known->type;
	inc->sources = CHAN_BIT(CHAN_X);
	incident_add_update(inc, t, CHAN_X, p->text);
	inc->last_update = t < known->last_update ? known->last_update : t;
	return inc;
}

/* Replies to one person ("Please DM us ...", "Hi there, ...") are help,
 * not news about Azure, whatever words they use. */
static bool
routine_reply(const char *text)
{
	static const char *const openers[] = { "hi ", "hi,", "hello",
	    "hey ", "thanks", "thank you", "we're sorry", "we are sorry",
	    "sorry to hear", "we're happy", "we are happy", "glad ",
	    "please ", "can you", "could you", "would you", "do you",
	    "have you", "are you", "did you", "we'd like", "we would like",
	    "we'd be happy", "feel free", "you can", "you may", "you're" };
	static const char *const anywhere[] = { "dm us", "direct message",
	    "send us a", "send us your", "reach out to", "reply to this",
	    "let us know", "happy to help", "sorry to hear", "sorry for the",
	    "could you please", "can you please", "private message",
	    "via dm", "in a dm", "open a support", "create a support",
	    "raise a support", "https://aka.ms/azsupt" };
	size_t i;

	while (*text == ' ' || *text == '\n')
		text++;
	for (i = 0; i < sizeof openers / sizeof *openers; i++) {
		if (strncasecmp(text, openers[i], strlen(openers[i])) == 0)
			return true;
	}
	for (i = 0; i < sizeof anywhere / sizeof *anywhere; i++) {
		if (strcasestr(text, anywhere[i]) != NULL)
			return true;
	}
	return false;
}

/* A post about Azure as a whole: "a networking issue impacting
 * connectivity to Azure for a subset of users" names no service, yet it
 * is an incident whose scope Microsoft has not given (scenario 3). */
static const char *const unscoped_words[] = {
	"investigating", "we're aware", "we are aware", "issue impacting",
	"issue affecting", "issue which impacted", "issue that impacted",
	"issue impacted", "now mitigated", "has been mitigated",
	"have been mitigated", "mitigation", "outage affecting",
	"outage impacting", "service disruption", "experiencing an issue",
	"experiencing issues", "impacting connectivity", "subset of customers",
	"subset of users"
};

static bool
unscoped_in(const char *text)
{
	size_t i;

	if (!has_word(text, "Azure"))
		return false;
	for (i = 0; i < sizeof unscoped_words / sizeof *unscoped_words; i++) {
		if (strcasestr(text, unscoped_words[i]) != NULL)
			return true;
	}
	return false;
}

static struct incident *
own_incident(const struct x_post *p, time_t now)
{
	const struct region_info *ri;
	const char *svc, *q;
	struct incident *inc;
	char key[160], title[160];
	size_t off, len, n;
	bool scoped;

	if (p->text[0] == '@' || p->created == 0 ||
	    now - p->created > X_INCIDENT_MAX_AGE || routine_reply(p->text))
		return NULL;
	svc = services_find(p->text, &off, &len);
	scoped = svc != NULL && incident_words_in(p->text);
	if (!scoped && !unscoped_in(p->text))
		return NULL;
	snprintf(key, sizeof key, "x:%.120s", p->id);
	inc = incident_new(key);
	title_of(p, title, sizeof title);
	inc->title = xstrdup(title);
	inc->type = INC_SERVICE_ISSUE;
	if (says_state(p->text, "resolved"))
		inc->status = INC_RESOLVED;
	else if (says_state(p->text, "mitigated"))
		inc->status = INC_MITIGATED;
	else
		inc->status = INC_ACTIVE;
	inc->sources = CHAN_BIT(CHAN_X);
	inc->start = p->created;
	inc->no_impact = derive_no_impact(p->text, NULL) ||
	    derive_no_impact(NULL, p->text);
	if (!scoped) {
		/* no services, no regions: who is affected is not known */
		inc->scenario = SCEN_SCOPE_UNKNOWN;
		incident_add_update(inc, p->created, CHAN_X, p->text);
		return inc;
	}
	/* every service and region the post names */
	for (q = p->text, n = 0; n < 8 &&
	    (svc = services_find(q, &off, &len)) != NULL; q += off + len, n++) {
		size_t roff, rlen, m;
		const char *r = p->text;

		for (m = 0; m < 8 && (ri = regions_find(r, &roff, &rlen)) != NULL;
		    r += roff + rlen, m++)
			incident_add_impact(inc, svc, ri->display, inc->status);
		if (m == 0)
			incident_add_impact(inc, svc, NULL, inc->status);
	}
	incident_add_update(inc, p->created, CHAN_X, p->text);
	return inc;
}

void
x_posts_to_incidents(const struct x_timeline *tl, const struct inc_list *known,
    time_t now, struct inc_list *out)
{
	struct incident *inc, *have;
	const struct x_post *p;
	size_t i, k;
	bool joined;

	/* oldest first, so that updates build up in time order */
	for (i = tl->n; i-- > 0;) {
		p = &tl->posts[i];
		joined = false;
		for (k = 0; known != NULL && k < known->n; k++) {
			if (!joins(p, known->v[k]))
				continue;
			inc = join_incident(p, known->v[k]);
			if ((have = inc_list_own(out, inc->key)) != NULL) {
				incident_merge(have, inc);
				incident_free(inc);
			} else
				inc_list_add(out, inc);
			joined = true;
		}
		if (joined)
			continue;
		if ((inc = own_incident(p, now)) != NULL)
			inc_list_add(out, inc);
	}
}
