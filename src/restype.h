/* restype.h: which Service Health service an ARM resource belongs to, by
 * its resource type (Microsoft.Cache/redis is "Azure Cache for Redis"),
 * and the parts of a resource id. A built-in table: the names are the
 * canonical ones of regions.c; the Support API's service list extends it
 * (restype_map). */
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

/* The Support API's service list (GET /providers/Microsoft.Support/
 * services: each service's displayName and resourceTypes), as a map over
 * the table. Built whole, then only read; strings it returns live as long
 * as it does. */
#define RESTYPE_MAP_MAX		5000	/* (type, service) pairs kept */
#define RESTYPE_NAME_MAX	120	/* a longer display name is dropped */
struct restype_map;
struct restype_map *restype_map_new(void);
void	 restype_map_free(struct restype_map *);
/* One resource type a Support service lists (remote text: a name with
 * control characters or over RESTYPE_NAME_MAX bytes is left out). */
void	 restype_map_add(struct restype_map *, const char *type,
	     const char *display);
size_t	 restype_map_count(const struct restype_map *);
/* The service for type: a Support service listing it whose name is a
 * Service Health service (regions.c's names and aliases), else the
 * table's entry, else the name of the one Support service listing it
 * (several different ones: NULL). Nested types fall back to their
 * parent at each step. A NULL or empty map is the table alone. */
const char *restype_map_service(const struct restype_map *,
	     const char *type);
const char *restype_map_service_of_id(const struct restype_map *,
	     const char *id);

/* The table, for tests: n entries of type and service. */
struct restype_entry {
	const char	*type;
	const char	*service;
};
const struct restype_entry *restype_all(size_t *n);

#endif
