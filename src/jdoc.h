/* jdoc.h: reading JSON that came from the network (ARM, X, Support,
 * Monitor): parsing with a depth bound and a sentence on failure, and
 * typed member access that never trusts the document's shape. */
#ifndef AZWATCH_JDOC_H
#define AZWATCH_JDOC_H

#include <stddef.h>

#include <json-c/json.h>

/* NULL with a sentence in err for an empty, oversized, truncated,
 * malformed or too deeply nested answer. Caller json_object_put()s. */
struct json_object *jdoc_parse(const char *data, size_t len, int max_depth,
	     char *err, size_t errlen);
/* Member key of object o, NULL when o is not an object or has none. */
struct json_object *jdoc_get(struct json_object *o, const char *key);
/* The member as a string / array, NULL when absent or of another type. */
const char *jdoc_str(struct json_object *o, const char *key);
struct json_object *jdoc_array(struct json_object *o, const char *key);
/* The strings among the first max items of array a (anything else, and
 * "", left out), each once (case-insensitive), appended to out. a may be
 * NULL or not an array: nothing. */
struct strv;
void	 jdoc_strings(struct json_object *a, size_t max, struct strv *out);

#endif
