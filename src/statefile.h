/* statefile.h: the one way azwatch reads and writes its own files. A file
 * written whole goes through a fresh temporary file in the target's own
 * directory (O_EXCL, never through a link), fsync, rename, fsync of the
 * directory; a state file is opened with O_NOFOLLOW and only when it is a
 * regular file (a FIFO, a directory or a device is refused, never waited
 * on). */
#ifndef AZWATCH_STATEFILE_H
#define AZWATCH_STATEFILE_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"

/* statefile_write flags */
#define STATEFILE_NOREPLACE	0x1	/* fail with EEXIST if path exists */

/* A temporary file of a killed writer is removed by the next write of
 * the same file once it is this old (seconds). */
#define STATEFILE_STALE		600

/* Replace (or create) path with len bytes of data, mode 0600. -1 with a
 * sentence in err and errno set (EEXIST for NOREPLACE on a taken name).
 * After a write, temporary files a killed writer left for path are
 * removed (STATEFILE_STALE). */
int	 statefile_write(const char *path, const void *data, size_t len,
	     int flags, char *err, size_t errlen);

/* Open a state file: O_NOFOLLOW, no wait on a FIFO, refused unless it is
 * a regular file. oflags as for open(2) (O_CREAT makes it with mode 0600).
 * Returns the fd (O_CLOEXEC, blocking), or -1 with a sentence in err and
 * errno set (ENOENT when it does not exist and O_CREAT was not given). */
int	 statefile_open(const char *path, int oflags, char *err,
	     size_t errlen);

/* Read a whole state file into b (appended), at most max bytes. -1 with a
 * sentence in err, errno ENOENT when there is none, EFBIG when too big. */
int	 statefile_read(const char *path, size_t max, struct buf *b,
	     char *err, size_t errlen);

/* "a FIFO", "a directory", "a device", ... for a message. */
const char *statefile_kind(mode_t);
/* write(2) all of p, again after EINTR; 0, or -1 with errno set. */
int	 statefile_write_all(int fd, const char *p, size_t len);

/* fsync the directory that holds path (a rename's durability). */
int	 statefile_sync_dir(const char *path);

#endif
