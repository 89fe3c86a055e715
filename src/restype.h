/* restype.h: which Service Health service an ARM resource belongs to, by
 * its resource type (Microsoft.Cache/redis is "Azure Cache for Redis"),
 * and the parts of a resource id. A built-in table: the names are the
 * canonical ones of regions.c. */
#ifndef AZWATCH_RESTYPE_H
#define AZWATCH_RESTYPE_H

#include <stdbool.h>
#include <stddef.h>

/* The service for a resource type ("Microsoft.Sql/servers/databases",
 * any case); a nested type falls back to its parent's entry. NULL if
 * the table has none. */
const char *restype_service(const char *type);
/* The resource type of an ARM resource id: "Microsoft.Cache/Redis" for
 * /subscriptions/…/providers/Microsoft.Cache/Redis/name, the nested
 * form for child resources. false (and buf "") when id names none. */
bool	 restype_of_id(const char *id, char *buf, size_t len);
/* The segment after "subscriptions" or "resourceGroups" (any case) in an
 * ARM id; false (and buf "") when absent. */
bool	 restype_id_part(const char *id, const char *key, char *buf, size_t len);
/* The service of a resource id's type; NULL if unknown. */
const char *restype_service_of_id(const char *id);

/* The table, for tests: n entries of type and service. */
struct restype_entry {
	const char	*type;
	const char	*service;
};
const struct restype_entry *restype_all(size_t *n);

#endif
