/* jdoc.c: bounded parsing of untrusted JSON and typed member access. */
#include "config.h"
#include "jdoc.h"

#include <limits.h>
#include <stdio.h>

#include "model.h"
#include "xmalloc.h"

struct json_object *
jdoc_parse(const char *data, size_t len, int max_depth, char *err,
    size_t errlen)
{
	struct json_tokener *tok;
	struct json_object *o;
	enum json_tokener_error je;

	if (data == NULL || len == 0) {
		snprintf(err, errlen, "the answer was empty");
		return NULL;
	}
	if (len > INT_MAX) {
		snprintf(err, errlen, "the answer is too large");
		return NULL;
	}
	if ((tok = json_tokener_new_ex(max_depth)) == NULL)
		xmalloc_die("json_tokener_new_ex");
	o = json_tokener_parse_ex(tok, data, (int)len);
	je = json_tokener_get_error(tok);
	if (je != json_tokener_success) {
		json_object_put(o);
		o = NULL;
		if (je == json_tokener_continue)
			snprintf(err, errlen, "the answer is not valid JSON "
			    "(it ends early)");
		else if (je == json_tokener_error_depth)
			snprintf(err, errlen, "the answer is nested more than "
			    "%d levels deep", max_depth);
		else
			snprintf(err, errlen, "the answer is not valid JSON (%s)",
			    json_tokener_error_desc(je));
	}
	json_tokener_free(tok);
	return o;
}

struct json_object *
jdoc_get(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (o == NULL || !json_object_is_type(o, json_type_object))
		return NULL;
	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

const char *
jdoc_str(struct json_object *o, const char *key)
{
	struct json_object *v = jdoc_get(o, key);

	if (v == NULL || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

struct json_object *
jdoc_array(struct json_object *o, const char *key)
{
	struct json_object *v = jdoc_get(o, key);

	return v != NULL && json_object_is_type(v, json_type_array) ? v : NULL;
}

void
jdoc_strings(struct json_object *a, size_t max, struct strv *out)
{
	struct json_object *s;
	size_t i;

	if (a == NULL || !json_object_is_type(a, json_type_array))
		return;
	for (i = 0; i < json_object_array_length(a) && i < max; i++) {
		s = json_object_array_get_idx(a, i);
		if (json_object_is_type(s, json_type_string) &&
		    *json_object_get_string(s) != '\0')
			strv_add_unique(out, json_object_get_string(s));
	}
}
