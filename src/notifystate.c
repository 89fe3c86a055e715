/* notifystate.c: notify.json, {"problem": "...", "since": "RFC 3339"},
 * through the one state-file helper. The problem is azwatch's own
 * sentence (the program's path and how it ended), already sanitized by
 * child_describe's caller; it is sanitized again where it is printed. */
#include "config.h"
#include "notifystate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "incjson.h"
#include "statefile.h"
#include "timeutil.h"
#include "xmalloc.h"

#define NOTIFYSTATE_MAX	8192

static char *
notifystate_path(const char *dir)
{
	return xasprintf("%s/" NOTIFYSTATE_FILE, dir);
}

int
notifystate_save(struct notifystate *st, const char *dir, const char *problem,
    time_t now, char *err, size_t errlen)
{
	json_object *o;
	const char *text;
	char *path;
	time_t since;
	int rc;

	if ((problem == NULL && st->problem == NULL) || (problem != NULL &&
	    st->problem != NULL && strcmp(problem, st->problem) == 0))
		return 0;
	since = problem != NULL ? now : 0;
	o = json_object_new_object();
	json_object_object_add(o, "problem", incjson_str(problem));
	json_object_object_add(o, "since", incjson_time(since));
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	path = notifystate_path(dir);
	rc = statefile_write(path, text, strlen(text), 0, err, errlen);
	free(path);
	json_object_put(o);
	if (rc == -1)
		return -1;
	free(st->problem);
	st->problem = problem != NULL ? xstrdup(problem) : NULL;
	st->since = since;
	return 0;
}

int
notifystate_load(struct notifystate *st, const char *dir, char *err,
    size_t errlen)
{
	json_object *o, *v;
	struct buf b;
	char *path, why[256];
	int rc;

	memset(st, 0, sizeof *st);
	buf_init(&b);
	path = notifystate_path(dir);
	rc = statefile_read(path, NOTIFYSTATE_MAX, &b, why, sizeof why);
	free(path);
	if (rc == -1) {
		buf_free(&b);
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	o = json_tokener_parse(b.data != NULL ? b.data : "");
	buf_free(&b);
	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		snprintf(err, errlen, NOTIFYSTATE_FILE " is not a JSON object");
		return -1;
	}
	if (json_object_object_get_ex(o, "problem", &v) &&
	    json_object_is_type(v, json_type_string))
		st->problem = xstrdup(json_object_get_string(v));
	if (json_object_object_get_ex(o, "since", &v) &&
	    json_object_is_type(v, json_type_string))
		(void)time_parse_rfc3339(json_object_get_string(v), &st->since);
	json_object_put(o);
	return 0;
}

void
notifystate_free(struct notifystate *st)
{
	free(st->problem);
	st->problem = NULL;
	st->since = 0;
}
