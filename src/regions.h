/* regions.h: Azure's public regions and service names, with the forms
 * people and APIs write them in, so that "eastus2", "East US 2" and
 * "east us 2" are one region, and "Redis Cache" is "Azure Cache for Redis". */
#ifndef AZWATCH_REGIONS_H
#define AZWATCH_REGIONS_H

#include <stdbool.h>
#include <stddef.h>

struct region_info {
	const char	*name;		/* programmatic: "eastus2" */
	const char	*display;	/* "East US 2" */
	const char	*slug;		/* status page id: "us-east-2", or NULL */
};

const struct region_info *regions_all(size_t *n);
/* Any form (name, display name any case and spacing, slug); NULL if unknown. */
const struct region_info *regions_lookup(const char *);
/* True when both name the same region (either may be unknown: then a
 * case/space-insensitive comparison). */
bool	 regions_equal(const char *, const char *);
/* Words that mean "not one region": "Global", "Multiple Regions", ... */
bool	 regions_is_global(const char *);
/* Find the longest region display name in text ("North Central US" wins
 * over "Central US"); returns the region and the match offset/length.
 * The leftmost match is returned, so callers loop from off + len. */
const struct region_info *regions_find(const char *text, size_t *off, size_t *len);

/* Service Health's service names; aliases map onto them. */
const char *const *services_all(size_t *n);
const char *services_canonical(const char *name_or_alias);	/* NULL if unknown */
bool	 services_equal(const char *, const char *);
const char *services_find(const char *text, size_t *off, size_t *len);

/* Type-ahead: indexes of entries whose forms contain the typed text, best
 * first (prefix matches before substring); returns the count, at most max. */
size_t	 regions_complete(const char *typed, size_t *idx, size_t max);
size_t	 services_complete(const char *typed, size_t *idx, size_t max);

/* Geographies written in prose ("Europe", "Asia Pacific", "APAC"):
 * the geography's name for any of its forms, NULL if none. */
const char *regions_geography(const char *name);
/* The regions of a geography (up to max into out); 0 if unknown. */
size_t	 regions_in_geography(const char *geo, const struct region_info **out,
	     size_t max);
/* Leftmost geography named in text, never one inside a region's name
 * ("West Europe" is a region); as regions_find. */
const char *regions_find_geography(const char *text, size_t *off, size_t *len);

/* Umbrella names stand for an area of services: "Azure Networking" (also
 * written "Networking", "Network Infrastructure") covers Virtual Network,
 * Load Balancer, Azure DNS, ExpressRoute, Azure Front Door, ... An
 * umbrella is also a canonical service name. */
bool	 services_is_umbrella(const char *name);
/* The umbrella that covers a service, NULL if none. */
const char *services_umbrella(const char *service);
/* The canonical names an umbrella covers; NULL (and *n 0) if name is no
 * umbrella. */
const char *const *services_umbrella_members(const char *umbrella, size_t *n);

/* The closest known names to a name nobody knows ("Redis Cahce",
 * "eastus3"): indexes into services_all()/regions_all(), as close as the
 * closest one (a typo's edit distance over every form and alias, else
 * the typed words found in a name); returns the count, at most max. */
size_t	 services_suggest(const char *typed, size_t *idx, size_t max);
size_t	 regions_suggest(const char *typed, size_t *idx, size_t max);
/* One sentence for a name nobody knows, with the suggestions: "unknown
 * service 'Redis Cahce'; did you mean 'Azure Cache for Redis'?". */
void	 services_unknown_text(const char *typed, char *buf, size_t len);
void	 regions_unknown_text(const char *typed, char *buf, size_t len);

#endif
