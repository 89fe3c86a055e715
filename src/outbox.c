/* outbox.c: the sinks' persistent queue of deliveries and the record of
 * what was delivered (see outbox.h). One JSON document, written whole
 * through statefile after every change. */
#include "config.h"

#include "outbox.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "buf.h"
#include "incjson.h"
#include "jdoc.h"
#include "statefile.h"
#include "xmalloc.h"

static void
outbox_item_free(struct outbox_item *it)
{
	free(it->sink);
	free(it->id);
	free(it->key);
	free(it->body);
	free(it->error);
}

static void
outbox_thread_free(struct outbox_thread *t)
{
	free(t->sink);
	free(t->key);
	free(t->ts);
	free(t->channel);
}

void
outbox_free(struct outbox *ob)
{
	size_t i;

	for (i = 0; i < ob->nthreads; i++)
		outbox_thread_free(&ob->threads[i]);
	free(ob->threads);

	for (i = 0; i < ob->nitems; i++)
		outbox_item_free(&ob->items[i]);
	free(ob->items);
	for (i = 0; i < ob->nsinks; i++) {
		free(ob->sinks[i].name);
		free(ob->sinks[i].error);
	}
	free(ob->sinks);
	strv_free(&ob->done);
	free(ob->path);
	memset(ob, 0, sizeof *ob);
}

struct outbox_sink *
outbox_sink(struct outbox *ob, const char *name)
{
	struct outbox_sink *s;
	size_t i;

	for (i = 0; i < ob->nsinks; i++) {
		if (strcmp(ob->sinks[i].name, name) == 0)
			return &ob->sinks[i];
	}
	ob->sinks = xreallocarray(ob->sinks, ob->nsinks + 1, sizeof *ob->sinks);
	s = &ob->sinks[ob->nsinks++];
	memset(s, 0, sizeof *s);
	s->name = xstrdup(name);
	return s;
}

static char *
done_entry(const char *sink, const char *id)
{
	return xasprintf("%s\t%s", sink, id);
}

/* Read members with the bounds the journal uses: the file is ours, but a
 * damaged one must not make the watcher allocate without limit. */
static void
read_item(struct outbox *ob, json_object *o)
{
	struct outbox_item it;

	memset(&it, 0, sizeof it);
	it.sink = incjson_get_str(o, "sink", INCJSON_MAX_KEY);
	it.id = incjson_get_str(o, "id", INCJSON_MAX_KEY);
	it.key = incjson_get_str(o, "key", INCJSON_MAX_KEY);
	it.body = incjson_get_str(o, "body", OUTBOX_MAX_BYTES);
	it.error = incjson_get_str(o, "error", INCJSON_MAX_SHORT);
	it.created = incjson_get_time(o, "created");
	it.next = incjson_get_time(o, "next");
	{
		json_object *n = jdoc_get(o, "attempts");

		it.attempts = n != NULL && json_object_is_type(n, json_type_int)
		    ? json_object_get_int(n) : 0;
		if (it.attempts < 0 || it.attempts > 1000)
			it.attempts = 0;
	}
	if (it.sink == NULL || it.id == NULL || it.body == NULL) {
		outbox_item_free(&it);
		return;
	}
	if (it.key == NULL)
		it.key = xstrdup("");
	ob->items = xreallocarray(ob->items, ob->nitems + 1, sizeof *ob->items);
	ob->items[ob->nitems++] = it;
}

static void
read_thread(struct outbox *ob, json_object *o)
{
	char *sink, *key, *ts, *chan;

	if (!json_object_is_type(o, json_type_object))
		return;
	sink = incjson_get_str(o, "sink", INCJSON_MAX_KEY);
	key = incjson_get_str(o, "key", INCJSON_MAX_KEY);
	ts = incjson_get_str(o, "ts", INCJSON_MAX_KEY);
	chan = incjson_get_str(o, "channel", INCJSON_MAX_KEY);
	if (sink != NULL && key != NULL && ts != NULL && chan != NULL)
		outbox_thread_set(ob, sink, key, ts, chan,
		    incjson_get_time(o, "created"));
	free(sink);
	free(key);
	free(ts);
	free(chan);
}

static unsigned long
get_count(json_object *o, const char *name)
{
	json_object *n = jdoc_get(o, name);

	if (n == NULL || !json_object_is_type(n, json_type_int))
		return 0;
	return json_object_get_int64(n) < 0 ? 0 :
	    (unsigned long)json_object_get_int64(n);
}

static int
outbox_read(struct outbox *ob, const char *dir, char *err, size_t errlen)
{
	struct buf b;
	json_object *root, *a, *o;
	char why[256];
	size_t i, n;

	memset(ob, 0, sizeof *ob);
	ob->path = xasprintf("%s/%s", dir, OUTBOX_FILE);
	buf_init(&b);
	if (statefile_read(ob->path, OUTBOX_MAX_BYTES, &b, why,
	    sizeof why) == -1) {
		buf_free(&b);
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	root = jdoc_parse(b.data, b.len, 16, why, sizeof why);
	buf_free(&b);
	if (root == NULL || !json_object_is_type(root, json_type_object)) {
		snprintf(err, errlen, "outbox %s cannot be read (%s); it is "
		    "left as it is", ob->path, root == NULL ? why :
		    "not a JSON object");
		json_object_put(root);
		return -1;
	}
	if ((a = jdoc_array(root, "items")) != NULL) {
		n = json_object_array_length(a);
		for (i = 0; i < n; i++) {
			o = json_object_array_get_idx(a, i);
			if (json_object_is_type(o, json_type_object))
				read_item(ob, o);
		}
	}
	incjson_get_strv(root, "done", &ob->done, OUTBOX_DONE_MAX,
	    2 * INCJSON_MAX_KEY);
	if ((a = jdoc_array(root, "sinks")) != NULL) {
		n = json_object_array_length(a);
		for (i = 0; i < n && i < 256; i++) {
			struct outbox_sink *s;
			char *name;

			o = json_object_array_get_idx(a, i);
			name = incjson_get_str(o, "name", INCJSON_MAX_KEY);
			if (name == NULL)
				continue;
			s = outbox_sink(ob, name);
			free(name);
			s->last_success = incjson_get_time(o, "last_success");
			s->last_failure = incjson_get_time(o, "last_failure");
			free(s->error);
			s->error = incjson_get_str(o, "error", INCJSON_MAX_SHORT);
			s->delivered = get_count(o, "delivered");
			s->failed = get_count(o, "failed");
			s->dropped = get_count(o, "dropped");
		}
	}
	if ((a = jdoc_array(root, "threads")) != NULL) {
		n = json_object_array_length(a);
		for (i = 0; i < n && i < OUTBOX_THREADS_MAX; i++)
			read_thread(ob, json_object_array_get_idx(a, i));
	}
	json_object_put(root);
	return 0;
}

int
outbox_open(struct outbox *ob, const char *dir, char *err, size_t errlen)
{
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create state directory %s: %s",
		    dir, strerror(errno));
		memset(ob, 0, sizeof *ob);
		return -1;
	}
	if (outbox_read(ob, dir, err, errlen) == -1) {
		outbox_free(ob);
		return -1;
	}
	return 0;
}

int
outbox_load(struct outbox *ob, const char *dir, char *err, size_t errlen)
{
	if (outbox_read(ob, dir, err, errlen) == -1) {
		outbox_free(ob);
		return -1;
	}
	return 0;
}

int
outbox_save(struct outbox *ob, char *err, size_t errlen)
{
	json_object *root = json_object_new_object(), *a, *o;
	const char *text;
	size_t i, len;
	int rc;

	json_object_object_add(root, "version", json_object_new_int(1));
	a = json_object_new_array();
	for (i = 0; i < ob->nitems; i++) {
		const struct outbox_item *it = &ob->items[i];

		o = json_object_new_object();
		json_object_object_add(o, "sink", incjson_str(it->sink));
		json_object_object_add(o, "id", incjson_str(it->id));
		json_object_object_add(o, "key", incjson_str(it->key));
		json_object_object_add(o, "attempts",
		    json_object_new_int(it->attempts));
		json_object_object_add(o, "created", incjson_time(it->created));
		json_object_object_add(o, "next", incjson_time(it->next));
		if (it->error != NULL)
			json_object_object_add(o, "error", incjson_str(it->error));
		json_object_object_add(o, "body", incjson_str(it->body));
		json_object_array_add(a, o);
	}
	json_object_object_add(root, "items", a);
	a = json_object_new_array();
	for (i = 0; i < ob->done.n; i++)
		json_object_array_add(a, incjson_str(ob->done.v[i]));
	json_object_object_add(root, "done", a);
	a = json_object_new_array();
	for (i = 0; i < ob->nsinks; i++) {
		const struct outbox_sink *s = &ob->sinks[i];

		o = json_object_new_object();
		json_object_object_add(o, "name", incjson_str(s->name));
		json_object_object_add(o, "last_success",
		    incjson_time(s->last_success));
		json_object_object_add(o, "last_failure",
		    incjson_time(s->last_failure));
		json_object_object_add(o, "error", incjson_str(s->error));
		json_object_object_add(o, "delivered",
		    json_object_new_int64((int64_t)s->delivered));
		json_object_object_add(o, "failed",
		    json_object_new_int64((int64_t)s->failed));
		json_object_object_add(o, "dropped",
		    json_object_new_int64((int64_t)s->dropped));
		json_object_array_add(a, o);
	}
	json_object_object_add(root, "sinks", a);
	a = json_object_new_array();
	for (i = 0; i < ob->nthreads; i++) {
		const struct outbox_thread *t = &ob->threads[i];

		o = json_object_new_object();
		json_object_object_add(o, "sink", incjson_str(t->sink));
		json_object_object_add(o, "key", incjson_str(t->key));
		json_object_object_add(o, "ts", incjson_str(t->ts));
		json_object_object_add(o, "channel", incjson_str(t->channel));
		json_object_object_add(o, "created", incjson_time(t->created));
		json_object_array_add(a, o);
	}
	json_object_object_add(root, "threads", a);
	text = json_object_to_json_string_length(root, JSON_C_TO_STRING_PLAIN,
	    &len);
	rc = statefile_write(ob->path, text, len, 0, err, errlen);
	json_object_put(root);
	return rc;
}

bool
outbox_known(const struct outbox *ob, const char *sink, const char *id)
{
	char *e;
	bool found = false;
	size_t i;

	if (outbox_find(ob, sink, id) >= 0)
		return true;
	e = done_entry(sink, id);
	for (i = ob->done.n; i-- > 0 && !found;)
		found = strcmp(ob->done.v[i], e) == 0;
	free(e);
	return found;
}

bool
outbox_key_known(const struct outbox *ob, const char *sink, const char *key)
{
	char *prefix;
	size_t i, plen;
	bool found = false;

	for (i = 0; i < ob->nitems; i++) {
		if (strcmp(ob->items[i].sink, sink) == 0 &&
		    strcmp(ob->items[i].key, key) == 0)
			return true;
	}
	prefix = xasprintf("%s\t%s|", sink, key);
	plen = strlen(prefix);
	for (i = ob->done.n; i-- > 0 && !found;)
		found = strncmp(ob->done.v[i], prefix, plen) == 0;
	free(prefix);
	return found;
}

void
outbox_mark_done(struct outbox *ob, const char *sink, const char *id)
{
	size_t drop;

	strv_add(&ob->done, "");
	free(ob->done.v[ob->done.n - 1]);
	ob->done.v[ob->done.n - 1] = done_entry(sink, id);
	if (ob->done.n > OUTBOX_DONE_MAX) {
		drop = ob->done.n - OUTBOX_DONE_MAX;
		for (size_t i = 0; i < drop; i++)
			free(ob->done.v[i]);
		memmove(ob->done.v, ob->done.v + drop,
		    (ob->done.n - drop) * sizeof *ob->done.v);
		ob->done.n -= drop;
	}
}

void
outbox_add(struct outbox *ob, const char *sink, const char *key,
    const char *id, const char *body, time_t now, time_t next)
{
	struct outbox_item *it;

	ob->items = xreallocarray(ob->items, ob->nitems + 1, sizeof *ob->items);
	it = &ob->items[ob->nitems++];
	memset(it, 0, sizeof *it);
	it->sink = xstrdup(sink);
	it->key = xstrdup(key);
	it->id = xstrdup(id);
	it->body = xstrdup(body);
	it->created = now;
	it->next = next;
}

long
outbox_unsent(const struct outbox *ob, const char *sink, const char *key)
{
	size_t i;

	for (i = 0; i < ob->nitems; i++) {
		if (ob->items[i].attempts == 0 &&
		    strcmp(ob->items[i].sink, sink) == 0 &&
		    strcmp(ob->items[i].key, key) == 0)
			return (long)i;
	}
	return -1;
}

void
outbox_replace(struct outbox *ob, size_t i, const char *id, const char *body)
{
	struct outbox_item *it = &ob->items[i];

	outbox_mark_done(ob, it->sink, it->id);
	free(it->id);
	it->id = xstrdup(id);
	free(it->body);
	it->body = xstrdup(body);
}

long
outbox_head(const struct outbox *ob, const char *sink)
{
	size_t i;

	for (i = 0; i < ob->nitems; i++) {
		if (strcmp(ob->items[i].sink, sink) == 0)
			return (long)i;
	}
	return -1;
}

long
outbox_find(const struct outbox *ob, const char *sink, const char *id)
{
	size_t i;

	for (i = 0; i < ob->nitems; i++) {
		if (strcmp(ob->items[i].sink, sink) == 0 &&
		    strcmp(ob->items[i].id, id) == 0)
			return (long)i;
	}
	return -1;
}

static void
outbox_remove(struct outbox *ob, size_t i)
{
	outbox_mark_done(ob, ob->items[i].sink, ob->items[i].id);
	outbox_item_free(&ob->items[i]);
	memmove(ob->items + i, ob->items + i + 1,
	    (ob->nitems - i - 1) * sizeof *ob->items);
	ob->nitems--;
}

void
outbox_delivered(struct outbox *ob, size_t i, time_t now)
{
	struct outbox_sink *s = outbox_sink(ob, ob->items[i].sink);

	s->delivered++;
	s->last_success = now;
	free(s->error);
	s->error = NULL;
	outbox_remove(ob, i);
}

long
outbox_backoff(int attempts)
{
	long d = OUTBOX_BACKOFF_BASE;

	while (attempts-- > 1 && d < OUTBOX_BACKOFF_MAX)
		d *= 2;
	return d < OUTBOX_BACKOFF_MAX ? d : OUTBOX_BACKOFF_MAX;
}

long
outbox_failed(struct outbox *ob, size_t i, time_t now, long retry_after,
    bool permanent, const char *why)
{
	struct outbox_item *it = &ob->items[i];
	struct outbox_sink *s = outbox_sink(ob, it->sink);
	long wait;

	s->failed++;
	s->last_failure = now;
	free(s->error);
	s->error = xstrdup(why);
	free(it->error);
	it->error = xstrdup(why);
	it->attempts++;
	if (permanent || now - it->created > OUTBOX_GIVE_UP) {
		s->dropped++;
		outbox_remove(ob, i);
		return -1;
	}
	wait = outbox_backoff(it->attempts);
	/* the server's own pause, within reason (http.c clamps it) */
	if (retry_after > wait)
		wait = retry_after;
	it->next = now + wait;
	return wait;
}

const struct outbox_thread *
outbox_thread(const struct outbox *ob, const char *sink, const char *key)
{
	size_t i;

	for (i = ob->nthreads; i-- > 0;) {
		if (strcmp(ob->threads[i].sink, sink) == 0 &&
		    strcmp(ob->threads[i].key, key) == 0)
			return &ob->threads[i];
	}
	return NULL;
}

void
outbox_thread_set(struct outbox *ob, const char *sink, const char *key,
    const char *ts, const char *channel, time_t now)
{
	struct outbox_thread *t;
	size_t i;

	for (i = 0; i < ob->nthreads; i++) {
		if (strcmp(ob->threads[i].sink, sink) == 0 &&
		    strcmp(ob->threads[i].key, key) == 0)
			break;
	}
	if (i < ob->nthreads) {
		/* a new first message (the old one was deleted): moved last */
		t = &ob->threads[i];
		outbox_thread_free(t);
		memmove(t, t + 1, (ob->nthreads - i - 1) * sizeof *t);
		ob->nthreads--;
	} else if (ob->nthreads >= OUTBOX_THREADS_MAX) {
		outbox_thread_free(&ob->threads[0]);
		memmove(ob->threads, ob->threads + 1,
		    (ob->nthreads - 1) * sizeof *ob->threads);
		ob->nthreads--;
	}
	ob->threads = xreallocarray(ob->threads, ob->nthreads + 1,
	    sizeof *ob->threads);
	t = &ob->threads[ob->nthreads++];
	t->sink = xstrdup(sink);
	t->key = xstrdup(key);
	t->ts = xstrdup(ts);
	t->channel = xstrdup(channel);
	t->created = now;
}
