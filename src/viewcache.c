/* viewcache.c: the small "last screen" file that makes a restart paint
 * at once. The journal stays the history; this is only a shortcut. */
#include "config.h"
#include "viewcache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "incjson.h"
#include "jdoc.h"
#include "statefile.h"
#include "xmalloc.h"

#define VIEWCACHE_MAX_BYTES	(4u * 1024 * 1024)
/* 2: incidents as incjson writes them (1 had numbers for names) */
#define VIEWCACHE_VERSION	2
#define VIEWCACHE_DEPTH		16

static void
add_str(json_object *o, const char *key, const char *s)
{
	if (s != NULL)
		json_object_object_add(o, key, json_object_new_string(s));
}

static void
add_time(json_object *o, const char *key, time_t t)
{
	if (t != 0)
		json_object_object_add(o, key, json_object_new_int64(t));
}

int
viewcache_write(const char *dir, const struct snapshot *s, char *err,
    size_t errlen)
{
	json_object *root, *chans, *c, *incs;
	const char *text;
	char *path;
	size_t i;
	int k, rc;

	root = json_object_new_object();
	json_object_object_add(root, "v", json_object_new_int(VIEWCACHE_VERSION));
	chans = json_object_new_array();
	for (k = 0; k < CHAN_COUNT; k++) {
		const struct chan_status *cs = &s->chans[k];

		c = json_object_new_object();
		json_object_object_add(c, "state", json_object_new_int(cs->state));
		add_time(c, "last_success", cs->last_success);
		add_str(c, "error", cs->error);
		add_str(c, "note", cs->note);
		json_object_object_add(c, "active", json_object_new_int(cs->active));
		json_object_array_add(chans, c);
	}
	json_object_object_add(root, "chans", chans);
	incs = json_object_new_array();
	for (i = 0; i < s->incidents.n && i < VIEWCACHE_INCIDENTS; i++)
		json_object_array_add(incs, incjson_new(s->incidents.v[i],
		    INCJSON_STATE | INCJSON_LATEST));
	json_object_object_add(root, "incidents", incs);
	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	path = xasprintf("%s/%s", dir, VIEWCACHE_FILE);
	rc = statefile_write(path, text, strlen(text), 0, err, errlen);
	free(path);
	json_object_put(root);
	return rc;
}

static time_t
get_time(json_object *o, const char *key)
{
	json_object *v = jdoc_get(o, key);

	return v != NULL && json_object_is_type(v, json_type_int) ?
	    (time_t)json_object_get_int64(v) : 0;
}

static int
get_int(json_object *o, const char *key, int lo, int hi)
{
	json_object *v = jdoc_get(o, key);
	int n;

	if (v == NULL || !json_object_is_type(v, json_type_int))
		return lo;
	n = json_object_get_int(v);
	return n < lo || n > hi ? lo : n;
}

static struct incident *
incident_from(json_object *o)
{
	struct incident *inc;
	const char *key = jdoc_str(o, "key");

	if (key == NULL || *key == '\0')
		return NULL;
	inc = incident_new(key);
	if (incjson_read(o, inc) == -1) {
		incident_free(inc);
		return NULL;
	}
	return inc;
}

struct snapshot *
viewcache_read(const char *dir)
{
	struct snapshot *s;
	struct incident *inc;
	json_object *root, *a, *c;
	struct buf b;
	char err[256], *path;
	size_t i, len;
	int k;

	path = xasprintf("%s/%s", dir, VIEWCACHE_FILE);
	buf_init(&b);
	root = statefile_read(path, VIEWCACHE_MAX_BYTES, &b, err,
	    sizeof err) == -1 ? NULL : jdoc_parse(b.data, b.len,
	    VIEWCACHE_DEPTH, err, sizeof err);
	buf_free(&b);
	free(path);
	if (root == NULL)
		return NULL;
	if (get_int(root, "v", 0, VIEWCACHE_VERSION) != VIEWCACHE_VERSION ||
	    (a = jdoc_array(root, "chans")) == NULL ||
	    json_object_array_length(a) != CHAN_COUNT) {
		json_object_put(root);
		return NULL;
	}
	s = snapshot_new();
	s->generated = time(NULL);
	s->refreshing = true;
	for (k = 0; k < CHAN_COUNT; k++) {
		struct chan_status *cs = &s->chans[k];

		c = json_object_array_get_idx(a, (size_t)k);
		cs->state = (enum chan_state)get_int(c, "state", CHAN_PENDING,
		    CHAN_UNCONFIGURED);
		cs->configured = cs->state != CHAN_UNCONFIGURED;
		cs->last_success = get_time(c, "last_success");
		cs->error = xstrdup(jdoc_str(c, "error"));
		cs->note = xstrdup(jdoc_str(c, "note"));
		cs->active = get_int(c, "active", 0, 1000000);
		cs->from_cache = cs->configured;
	}
	if ((a = jdoc_array(root, "incidents")) != NULL) {
		len = json_object_array_length(a);
		for (i = 0; i < len && i < VIEWCACHE_INCIDENTS; i++) {
			inc = incident_from(json_object_array_get_idx(a, i));
			if (inc != NULL && inc_list_find(&s->incidents,
			    inc->key) == NULL)
				inc_list_add(&s->incidents, inc);
			else
				incident_free(inc);
		}
	}
	json_object_put(root);
	inc_list_sort(&s->incidents);
	return s;
}
