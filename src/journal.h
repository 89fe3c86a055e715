/* journal.h: every incident and update azwatch has seen, kept on disk as
 * JSON Lines under the state directory so a restart (even kill -9, even
 * offline) shows what was known. A record counts as written once its
 * append and fsync succeed; a failed one is written on the next call.
 * Compaction goes through statefile (temp, fsync, rename). One azwatch
 * writes a state directory at a time (an advisory lock); another reads
 * it. See doc/azwatch.1 (FILES). */
#ifndef AZWATCH_JOURNAL_H
#define AZWATCH_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model.h"

#define JOURNAL_FILE		"journal.jsonl"
/* Where a torn last line (a crash mid-write) is kept when it is cut. */
#define JOURNAL_TORN_FILE	"journal.jsonl.torn"
/* Compact when the file grows past this, or past twice its size just after
 * the last compaction (at most that size plus four times this), whichever
 * is larger. */
#define JOURNAL_COMPACT_BYTES	(4L * 1024 * 1024)
/* What compaction keeps: each incident's newest updates, at most this
 * many and about this much text; and the whole file within this bound
 * if it can (by dropping incidents no channel lists, then updates). */
#define JOURNAL_INC_UPDATES	512
#define JOURNAL_INC_BYTES	(1024 * 1024)
#define JOURNAL_MAX_BYTES	(32L * 1024 * 1024)
/* Longest line read back; longer ones are skipped as hostile. */
#define JOURNAL_MAX_LINE	(1024 * 1024)

struct journal;

/* Open (creating dir with mode 0700 and the file with 0600) for appending:
 * loads what is there, cuts a torn last line (kept in JOURNAL_TORN_FILE),
 * compacts when due. When it cannot write (another azwatch holds the
 * lock; the file is a link, a FIFO, a directory) it loads what it can
 * read, journal_note says why, and every journal_record tries again (so
 * also when dir cannot be made yet). NULL only without a dir.
 * compact_days <= 0 keeps everything. */
struct journal *journal_open(const char *dir, int compact_days, time_t now,
	    char *err, size_t errlen);
/* Load without writing or locking (for `status --format tmux`). A missing
 * file is an empty journal, not an error. */
struct journal *journal_load(const char *dir, char *err, size_t errlen);
void	 journal_close(struct journal *);

/* Record one channel's successful answer: new or changed incidents and
 * new updates are appended (each update once, whatever its time or
 * source, across restarts), then the channel's view (which keys it
 * listed) and last_success. One write of whole lines and one fsync. -1
 * with err on an I/O failure: nothing of it counts as written, the file
 * is cut back to its last whole record, and the records are written
 * first on the next call. */
int	 journal_record(struct journal *, enum chan_id,
	     const struct inc_list *, time_t last_success,
	     char *err, size_t errlen);
/* Rewrite the file without resolved incidents (or incidents no channel
 * lists any more) whose last update is older than compact_days. */
int	 journal_compact(struct journal *, time_t now, char *err, size_t errlen);

/* What the journal knows of a channel: last_success (0 = never) and
 * the incidents of its last answer (shared references), appended to out. Returns
 * false when the journal has nothing for that channel. */
bool	 journal_seed(const struct journal *, enum chan_id,
	     struct inc_list *out, time_t *last_success);
/* Stop keeping incidents in memory: seeding (journal_seed, journal_all)
 * needs them, recording does not (it keeps fingerprints of what is
 * written), and compaction reads them back from the file while it runs.
 * The dashboard calls this once the channels are seeded. */
void	 journal_forget(struct journal *);
/* Every incident ever kept, merged across channels (copies into out). */
void	 journal_all(const struct journal *, struct inc_list *out);
/* Number of records loaded and skipped (malformed) on the last load. */
void	 journal_stats(const struct journal *, size_t *records, size_t *skipped);
/* What is wrong with the journal in a few words ("disk full",
 * "read-only, another azwatch writes it"), NULL when nothing is (or j is
 * NULL). Valid until the next call on j. */
const char *journal_note(const struct journal *);
/* The file's path (for messages). */
const char *journal_path(const struct journal *);

#endif
