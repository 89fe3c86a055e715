/* shim-enospc.c: an LD_PRELOAD library that makes the disk under the
 * journal "full" on demand, without privileges: while the file named by
 * SHIM_FULL_FLAG exists, write() to a file whose path ends in
 * SHIM_SUFFIX (default "/journal.jsonl") writes half of what it is given
 * and then fails with ENOSPC (so a batch is torn as on a real full disk),
 * and fsync()/fdatasync() of it fail with ENOSPC. Remove the flag and the
 * space is back. Built by the test that uses it (tests/e2e-journal-faults.sh). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);

static bool
shim_full(int fd)
{
	const char *flag = getenv("SHIM_FULL_FLAG");
	const char *suffix = getenv("SHIM_SUFFIX");
	char link[64], path[PATH_MAX];
	size_t n, sl;
	ssize_t len;

	if (flag == NULL || access(flag, F_OK) != 0)
		return false;
	if (suffix == NULL)
		suffix = "/journal.jsonl";
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((len = readlink(link, path, sizeof path - 1)) <= 0)
		return false;
	path[len] = '\0';
	n = (size_t)len;
	sl = strlen(suffix);
	return n >= sl && strcmp(path + n - sl, suffix) == 0;
}

ssize_t
write(int fd, const void *buf, size_t count)
{
	static __thread bool torn;

	if (real_write == NULL)
		real_write = (ssize_t (*)(int, const void *, size_t))
		    dlsym(RTLD_NEXT, "write");
	if (count > 1 && shim_full(fd)) {
		/* the first write gets half through, the rest finds no room */
		if (!torn) {
			torn = true;
			return real_write(fd, buf, count / 2);
		}
		torn = false;
		errno = ENOSPC;
		return -1;
	}
	return real_write(fd, buf, count);
}

int
fsync(int fd)
{
	if (real_fsync == NULL)
		real_fsync = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	if (shim_full(fd)) {
		errno = ENOSPC;
		return -1;
	}
	return real_fsync(fd);
}

int
fdatasync(int fd)
{
	if (real_fdatasync == NULL)
		real_fdatasync = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
	if (shim_full(fd)) {
		errno = ENOSPC;
		return -1;
	}
	return real_fdatasync(fd);
}
