/* viewcache.c: the small "last screen" file that makes a restart paint
 * at once. The journal stays the history; this is only a shortcut. */
#include "config.h"
#include "viewcache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "jdoc.h"
#include "xmalloc.h"

#define VIEWCACHE_MAX_BYTES	(4u * 1024 * 1024)
#define VIEWCACHE_MAX_TEXT	4096	/* the latest update, clipped */
#define VIEWCACHE_MAX_LIST	64
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

static json_object *
strv_json(const struct strv *sv)
{
	json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < sv->n && i < VIEWCACHE_MAX_LIST; i++)
		json_object_array_add(a, json_object_new_string(sv->v[i]));
	return a;
}

static json_object *
incident_json(const struct incident *inc)
{
	json_object *o = json_object_new_object(), *imps, *im, *u;
	size_t i;

	add_str(o, "key", inc->key);
	add_str(o, "tracking_id", inc->tracking_id);
	add_str(o, "title", inc->title);
	json_object_object_add(o, "status", json_object_new_int(inc->status));
	json_object_object_add(o, "type", json_object_new_int(inc->type));
	json_object_object_add(o, "scenario",
	    json_object_new_int(inc->scenario));
	json_object_object_add(o, "sources", json_object_new_int(
	    (int)inc->sources));
	add_time(o, "start", inc->start);
	add_time(o, "mitigated", inc->mitigated);
	add_time(o, "last_update", inc->last_update);
	json_object_object_add(o, "services", strv_json(&inc->services));
	json_object_object_add(o, "regions", strv_json(&inc->regions));
	json_object_object_add(o, "subscriptions",
	    strv_json(&inc->subscriptions));
	imps = json_object_new_array();
	for (i = 0; i < inc->nimpacts && i < VIEWCACHE_MAX_LIST; i++) {
		im = json_object_new_object();
		add_str(im, "service", inc->impacts[i].service);
		add_str(im, "region", inc->impacts[i].region);
		json_object_object_add(im, "status",
		    json_object_new_int(inc->impacts[i].status));
		json_object_array_add(imps, im);
	}
	json_object_object_add(o, "impacts", imps);
	if (inc->nupdates > 0) {
		u = json_object_new_object();
		add_time(u, "time", inc->updates[0].time);
		json_object_object_add(u, "source",
		    json_object_new_int(inc->updates[0].source));
		json_object_object_add(u, "text", json_object_new_string_len(
		    inc->updates[0].text, (int)strnlen(inc->updates[0].text,
		    VIEWCACHE_MAX_TEXT)));
		json_object_object_add(o, "update", u);
	}
	return o;
}

int
viewcache_write(const char *dir, const struct snapshot *s, char *err,
    size_t errlen)
{
	json_object *root, *chans, *c, *incs;
	const char *text;
	char *path, *tmp;
	size_t i, len;
	int k, fd, rc = -1;

	root = json_object_new_object();
	json_object_object_add(root, "v", json_object_new_int(1));
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
		json_object_array_add(incs, incident_json(s->incidents.v[i]));
	json_object_object_add(root, "incidents", incs);
	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN);
	len = strlen(text);

	path = xasprintf("%s/%s", dir, VIEWCACHE_FILE);
	tmp = xasprintf("%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || write(fd, text, len) != (ssize_t)len) {
		snprintf(err, errlen, "cannot write %s: %s", tmp,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		unlink(tmp);
	} else if (close(fd) == -1 || rename(tmp, path) == -1) {
		snprintf(err, errlen, "cannot replace %s: %s", path,
		    strerror(errno));
		unlink(tmp);
	} else
		rc = 0;
	free(path);
	free(tmp);
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

static void
get_strv(json_object *o, const char *key, struct strv *out)
{
	json_object *a = jdoc_array(o, key), *e;
	size_t i, n;

	if (a == NULL)
		return;
	n = json_object_array_length(a);
	for (i = 0; i < n && i < VIEWCACHE_MAX_LIST; i++) {
		e = json_object_array_get_idx(a, i);
		if (json_object_is_type(e, json_type_string))
			strv_add_unique(out, json_object_get_string(e));
	}
}

static struct incident *
incident_from(json_object *o)
{
	struct incident *inc;
	json_object *a, *e, *u;
	const char *key = jdoc_str(o, "key"), *text;
	size_t i, n;

	if (key == NULL || *key == '\0')
		return NULL;
	inc = incident_new(key);
	inc->tracking_id = xstrdup(jdoc_str(o, "tracking_id"));
	inc->title = xstrdup(jdoc_str(o, "title"));
	inc->status = (enum inc_status)get_int(o, "status", INC_ACTIVE,
	    INC_RESOLVED);
	inc->type = (enum inc_type)get_int(o, "type", INC_SERVICE_ISSUE,
	    INC_OTHER);
	inc->scenario = (enum scenario)get_int(o, "scenario", SCEN_NONE,
	    SCEN_SCOPE_UNKNOWN);
	inc->sources = (unsigned)get_int(o, "sources", 0,
	    (1 << CHAN_COUNT) - 1);
	inc->start = get_time(o, "start");
	inc->mitigated = get_time(o, "mitigated");
	if ((a = jdoc_array(o, "impacts")) != NULL) {
		n = json_object_array_length(a);
		for (i = 0; i < n && i < VIEWCACHE_MAX_LIST; i++) {
			e = json_object_array_get_idx(a, i);
			incident_add_impact(inc, jdoc_str(e, "service"),
			    jdoc_str(e, "region"), (enum inc_status)get_int(e,
			    "status", INC_ACTIVE, INC_RESOLVED));
		}
	}
	get_strv(o, "services", &inc->services);
	get_strv(o, "regions", &inc->regions);
	get_strv(o, "subscriptions", &inc->subscriptions);
	if ((u = jdoc_get(o, "update")) != NULL &&
	    (text = jdoc_str(u, "text")) != NULL)
		incident_add_update(inc, get_time(u, "time"),
		    (enum chan_id)get_int(u, "source", 0, CHAN_COUNT - 1), text);
	inc->last_update = get_time(o, "last_update");
	return inc;
}

struct snapshot *
viewcache_read(const char *dir)
{
	struct snapshot *s;
	struct incident *inc;
	json_object *root, *a, *c;
	struct buf b;
	char chunk[16384], err[256], *path;
	ssize_t n;
	size_t i, len;
	int fd, k;

	path = xasprintf("%s/%s", dir, VIEWCACHE_FILE);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(path);
	if (fd == -1)
		return NULL;
	buf_init(&b);
	while ((n = read(fd, chunk, sizeof chunk)) > 0 &&
	    b.len <= VIEWCACHE_MAX_BYTES)
		buf_append(&b, chunk, (size_t)n);
	close(fd);
	root = n < 0 || b.len > VIEWCACHE_MAX_BYTES ? NULL :
	    jdoc_parse(b.data, b.len, VIEWCACHE_DEPTH, err, sizeof err);
	buf_free(&b);
	if (root == NULL)
		return NULL;
	if (get_int(root, "v", 0, 1) != 1 ||
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
