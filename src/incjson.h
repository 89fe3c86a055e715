/* incjson.h: the one incident serializer. `status --json`, the
 * notify_program's stdin and the sinks get the public object of the CLI
 * contract (tracking_id, title, status, type, services, regions, start,
 * last_update, sources, updates[{time, source, text}], plus scenario,
 * impacts, impacted_resources and links); azwatch's own files (journal,
 * view cache) add, in this one place, what they need to rebuild an
 * incident. Reading it back is here too, bounded against hostile files. */
#ifndef AZWATCH_INCJSON_H
#define AZWATCH_INCJSON_H

#include <json-c/json.h>

#include "model.h"

/* incjson flags */
#define INCJSON_STATE		0x1	/* key, summary, header, level,
					   mitigated, hir, false_positive,
					   subscriptions; text kept as is */
#define INCJSON_NO_UPDATES	0x2	/* no "updates" member */
#define INCJSON_LATEST		0x4	/* only the newest update, clipped */

/* Bounds applied when reading back (and to what the state files get). */
#define INCJSON_MAX_KEY		512
#define INCJSON_MAX_SHORT	4096
#define INCJSON_MAX_TEXT	(64 * 1024)
#define INCJSON_MAX_LIST	512
#define INCJSON_MAX_UPDATES	4096
#define INCJSON_LATEST_TEXT	4096

/* Add the incident's members to o (after any it has: the journal puts its
 * record kind first). */
void	 incjson_add(json_object *o, const struct incident *, int flags);
/* One update's members (time, source, text) added to o. */
void	 incjson_update_add(json_object *o, const struct update *, int flags);
json_object *incjson_new(const struct incident *, int flags);
/* The object as one line of text; caller frees. */
char	*incjson_text(const struct incident *, int flags);

/* A JSON string of s with invalid UTF-8 replaced by U+FFFD; NULL for
 * NULL (JSON null). For any remote text in public JSON output. */
json_object *incjson_str(const char *s);
/* RFC 3339 UTC string, or NULL (JSON null) for 0. */
json_object *incjson_time(time_t);

/* Set inc's fields from o, as either form wrote them (missing members
 * leave fields empty; updates in o are added). -1 if o is not an object.
 * The key is the caller's. */
int	 incjson_read(json_object *o, struct incident *inc);

/* Read helpers shared with the journal's own records. */
char	*incjson_get_str(json_object *o, const char *name, size_t max);
time_t	 incjson_get_time(json_object *o, const char *name);
/* The strings of the array member name (others skipped), at most
 * max_items of them, each cut to max_len bytes; out is emptied first. */
void	 incjson_get_strv(json_object *o, const char *name, struct strv *out,
	     size_t max_items, size_t max_len);

#endif
