/* parse-rss.h: streaming RSS 2.0 / Atom parser (expat, no entity expansion,
 * no external entities, bounded sizes). */
#ifndef AZWATCH_PARSE_RSS_H
#define AZWATCH_PARSE_RSS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model.h"

/* A feed with more items is refused. The real status feed carries tens;
 * the bound keeps a hostile feed from costing more than its bytes (the
 * status page's answer is capped at 8 MiB) and matches how many
 * incidents the journal keeps. */
#define RSS_MAX_ITEMS		20000

struct rss_item {
	char		*title;
	char		*description;	/* raw, may be HTML */
	char		*link;
	char		*guid;
	time_t		 published;	/* 0 if absent or unparsable */
	struct strv	 categories;
};

struct rss_feed {
	bool		 atom;		/* it was an Atom <feed> */
	char		*title;		/* channel title */
	char		*link;
	time_t		 last_build;
	struct rss_item	*items;
	size_t		 nitems;
};

/* 0 on success; -1 with a sentence in err for malformed, truncated,
 * hostile (DTD/entities) or oversized input, or a document that is not a
 * feed at all. On failure *out is left empty. Text fields are trimmed and
 * NULL when absent or blank; each is cut at 64 KiB. */
int	 rss_parse(const char *data, size_t len, struct rss_feed *out,
	     char *err, size_t errlen);
void	 rss_feed_free(struct rss_feed *);

#endif
