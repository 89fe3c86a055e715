/* statefile.c: whole-file writes that a crash cannot tear and a planted
 * link cannot redirect, and opens that refuse links and anything but a
 * regular file. Every file azwatch writes whole goes through here. */
#include "config.h"
#include "statefile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "xmalloc.h"

int
statefile_write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The directory part of path ("." when it has none); caller frees. */
static char *
statefile_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

int
statefile_sync_dir(const char *path)
{
	char *dir = statefile_dir(path);
	int fd, rc = 0;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd == -1)
		return -1;
	/* some file systems cannot sync a directory: not an error */
	if (fsync(fd) == -1 && errno != EINVAL && errno != EROFS)
		rc = -1;
	close(fd);
	return rc;
}

/* rename without replacing: renameat2 where the file system has it, else
 * a hard link (which never replaces either). */
static int
statefile_rename_noreplace(const char *from, const char *to)
{
#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
#endif
	if (link(from, to) == -1)
		return -1;
	unlink(from);
	return 0;
}

/* The temporary file of path: ".NAME.tmp-" and STATEFILE_TMP_RAND
 * random characters (mkostemp's X's), beside it. */
#define STATEFILE_TMP_RAND	"XXXXXX"

/* The name's fixed part, ".NAME.tmp-"; caller frees. */
static char *
statefile_tmp_prefix(const char *path)
{
	const char *slash = strrchr(path, '/');

	return xasprintf(".%s.tmp-", slash != NULL ? slash + 1 : path);
}

/* Temporary files of path that a writer killed before its rename left
 * behind: regular, untouched for STATEFILE_STALE seconds (a write in
 * flight takes milliseconds). */
static void
statefile_sweep(const char *path)
{
	char *dir = statefile_dir(path), *prefix = statefile_tmp_prefix(path);
	struct dirent *de;
	struct stat st;
	time_t now = time(NULL);
	size_t plen = strlen(prefix);
	DIR *d;

	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strncmp(de->d_name, prefix, plen) != 0 ||
			    strlen(de->d_name) != plen +
			    strlen(STATEFILE_TMP_RAND))
				continue;
			if (fstatat(dirfd(d), de->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
			    st.st_mtime < now - STATEFILE_STALE)
				(void)unlinkat(dirfd(d), de->d_name, 0);
		}
		closedir(d);
	}
	free(prefix);
	free(dir);
}

int
statefile_write(const char *path, const void *data, size_t len, int flags,
    char *err, size_t errlen)
{
	const char *slash = strrchr(path, '/');
	char *tmp, *prefix = statefile_tmp_prefix(path);
	int fd, e, rc;

	/* In the target's own directory, so that rename stays on one file
	 * system; a random name made with O_EXCL, so nothing planted there
	 * (a link above all) is ever opened. */
	tmp = xasprintf("%.*s%s" STATEFILE_TMP_RAND, slash != NULL ?
	    (int)(slash - path + 1) : 0, path, prefix);
	free(prefix);
	if ((fd = mkostemp(tmp, O_CLOEXEC | O_NOFOLLOW)) == -1) {
		e = errno;
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(e));
		free(tmp);
		errno = e;
		return -1;
	}
	if (fchmod(fd, 0600) == -1 ||
	    statefile_write_all(fd, data, len) == -1 || fsync(fd) == -1) {
		e = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) == -1) {
		e = errno;
		goto fail;
	}
	/* rename replaces a link at path itself, never what it points to */
	if ((flags & STATEFILE_NOREPLACE) != 0)
		rc = statefile_rename_noreplace(tmp, path);
	else
		rc = rename(tmp, path);
	if (rc == -1) {
		e = errno;
		goto fail;
	}
	free(tmp);
	(void)statefile_sync_dir(path);
	statefile_sweep(path);
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	if (e == EEXIST && (flags & STATEFILE_NOREPLACE) != 0)
		snprintf(err, errlen, "%s already exists", path);
	else
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(e));
	errno = e;
	return -1;
}

const char *
statefile_kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	if (S_ISLNK(m))
		return "a symbolic link";
	return "not a regular file";
}

int
statefile_open(const char *path, int oflags, char *err, size_t errlen)
{
	struct stat sb;
	int fd, e;

	/* O_NONBLOCK: opening a FIFO for reading must not wait for a
	 * writer; it is cleared again once the file is known regular. */
	fd = open(path, oflags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
	if (fd == -1) {
		e = errno;
		if (e == ELOOP)
			snprintf(err, errlen, "%s is a symbolic link: azwatch "
			    "does not follow links for its state files; "
			    "remove it", path);
		else if (e == EISDIR)
			snprintf(err, errlen, "%s is a directory, not a file; "
			    "remove or rename it", path);
		else if (e == ENXIO)
			snprintf(err, errlen, "%s is not a regular file; "
			    "remove it", path);
		else
			snprintf(err, errlen, "cannot open %s: %s", path,
			    strerror(e));
		errno = e;
		return -1;
	}
	if (fstat(fd, &sb) == -1) {
		e = errno;
		close(fd);
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(e));
		errno = e;
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		snprintf(err, errlen, "%s is %s, not a regular file; remove it",
		    path, statefile_kind(sb.st_mode));
		errno = EINVAL;
		return -1;
	}
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

int
statefile_read(const char *path, size_t max, struct buf *b, char *err,
    size_t errlen)
{
	char chunk[65536];
	size_t start = b->len;
	ssize_t n;
	int fd, e;

	if ((fd = statefile_open(path, O_RDONLY, err, errlen)) == -1)
		return -1;
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n == 0)
			break;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			e = errno;
			snprintf(err, errlen, "cannot read %s: %s", path,
			    strerror(e));
			close(fd);
			errno = e;
			return -1;
		}
		if (b->len - start + (size_t)n > max) {
			snprintf(err, errlen, "%s is larger than %zu bytes",
			    path, max);
			close(fd);
			errno = EFBIG;
			return -1;
		}
		buf_append(b, chunk, (size_t)n);
	}
	close(fd);
	return 0;
}
