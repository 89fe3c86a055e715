/* shim-crash.c: an LD_PRELOAD library that kills its process (SIGKILL,
 * as a crash or kill -9 would) at the moment a state file is about to be
 * put in place: rename(2) onto a path ending in SHIM_CRASH_SUFFIX whose
 * new content holds SHIM_CRASH_WHEN dies before renaming, so the old file
 * stays. For the sinks: the outbox written after a delivery was answered
 * ("delivered":1) never lands, which is the window between a delivery
 * and its record. Built by the test that uses it (e2e-sink-crash.sh). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int (*real_rename)(const char *, const char *);

/* Whether file holds text (the first 1 MiB is enough for a test). */
static bool
shim_holds(const char *file, const char *text)
{
	static char buf[1 << 20];
	ssize_t n;
	int fd;

	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return strstr(buf, text) != NULL;
}

int
rename(const char *from, const char *to)
{
	const char *suffix = getenv("SHIM_CRASH_SUFFIX");
	const char *when = getenv("SHIM_CRASH_WHEN");
	size_t n, sl;

	if (real_rename == NULL)
		real_rename = (int (*)(const char *, const char *))
		    dlsym(RTLD_NEXT, "rename");
	if (suffix != NULL && when != NULL && to != NULL) {
		n = strlen(to);
		sl = strlen(suffix);
		if (n >= sl && strcmp(to + n - sl, suffix) == 0 &&
		    shim_holds(from, when))
			raise(SIGKILL);
	}
	return real_rename(from, to);
}
