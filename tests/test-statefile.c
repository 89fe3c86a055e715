/* test-statefile.c: the one way azwatch writes a file whole and opens a
 * state file: a link at the target is replaced, never written through; a
 * planted temporary-file link is never opened; NOREPLACE never replaces;
 * links, FIFOs and directories are refused with a message and no wait;
 * nothing is left behind. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "statefile.h"
#include "xmalloc.h"

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "test-statefile.XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

static char *
in_dir(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *
slurp(const char *path)
{
	char err[256];
	struct buf b;

	buf_init(&b);
	assert_int_equal(statefile_read(path, 1 << 20, &b, err, sizeof err), 0);
	buf_putc(&b, '\0');
	return buf_steal(&b);
}

/* Entries of dir, not counting . and .. */
static int
entries(void)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
	closedir(d);
	return n;
}

static void
test_write_replaces(void **state)
{
	char err[256], *p = in_dir("view.json"), *s;
	struct stat sb;

	(void)state;
	assert_int_equal(statefile_write(p, "one\n", 4, 0, err, sizeof err), 0);
	assert_int_equal(statefile_write(p, "two\n", 4, 0, err, sizeof err), 0);
	s = slurp(p);
	assert_string_equal(s, "two\n");
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(entries(), 1);		/* no temporary file left */
	free(s);
	free(p);
}

/* A writer killed between its temporary file and the rename leaves
 * ".view.json.tmp-XXXXXX": the next write of view.json removes it once it
 * is STATEFILE_STALE old, and nothing else. */
static void
test_sweeps_stale(void **state)
{
	char err[256], *p = in_dir("view.json"), *old = in_dir(
	    ".view.json.tmp-a1B2c3"), *fresh = in_dir(".view.json.tmp-d4E5f6"),
	    *other = in_dir(".seen.json.tmp-a1B2c3"), *lnk = in_dir(
	    ".view.json.tmp-zzzzzz"), *target = in_dir("target");
	struct timespec ts[2];
	struct stat sb;

	(void)state;
	put(old, "{\"half\":");
	put(fresh, "{\"in flight\":");
	put(other, "{");
	put(target, "keep");
	assert_int_equal(symlink("target", lnk), 0);
	ts[0].tv_sec = ts[1].tv_sec = time(NULL) - STATEFILE_STALE - 60;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	assert_int_equal(utimensat(AT_FDCWD, old, ts, 0), 0);
	assert_int_equal(utimensat(AT_FDCWD, other, ts, 0), 0);
	assert_int_equal(utimensat(AT_FDCWD, lnk, ts, AT_SYMLINK_NOFOLLOW), 0);
	assert_int_equal(statefile_write(p, "one\n", 4, 0, err, sizeof err), 0);
	assert_int_equal(lstat(old, &sb), -1);		/* swept */
	assert_int_equal(lstat(fresh, &sb), 0);		/* maybe in flight */
	assert_int_equal(lstat(other, &sb), 0);		/* another file's */
	assert_int_equal(lstat(lnk, &sb), 0);		/* not a regular file */
	assert_int_equal(entries(), 5);
	free(p);
	free(old);
	free(fresh);
	free(other);
	free(lnk);
	free(target);
}

static void
test_links_untouched(void **state)
{
	char err[256], *p = in_dir("view.json"), *tmp = in_dir("view.json.tmp");
	char *t1 = in_dir("target1"), *t2 = in_dir("target2"), *s;
	struct stat sb;

	(void)state;
	put(t1, "precious 1\n");
	put(t2, "precious 2\n");
	assert_int_equal(symlink("target1", p), 0);
	assert_int_equal(symlink("target2", tmp), 0);
	assert_int_equal(statefile_write(p, "new\n", 4, 0, err, sizeof err), 0);
	/* the link at the target is replaced by a file ... */
	assert_int_equal(lstat(p, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	/* ... and neither link's target was written */
	s = slurp(t1);
	assert_string_equal(s, "precious 1\n");
	free(s);
	s = slurp(t2);
	assert_string_equal(s, "precious 2\n");
	free(s);
	assert_int_equal(lstat(tmp, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	free(t1);
	free(t2);
	free(tmp);
	free(p);
}

static void
test_noreplace(void **state)
{
	char err[256], *p = in_dir("draft.md"), *s;

	(void)state;
	assert_int_equal(statefile_write(p, "first\n", 6, STATEFILE_NOREPLACE,
	    err, sizeof err), 0);
	errno = 0;
	assert_int_equal(statefile_write(p, "second\n", 7, STATEFILE_NOREPLACE,
	    err, sizeof err), -1);
	assert_int_equal(errno, EEXIST);
	assert_non_null(strstr(err, "already exists"));
	s = slurp(p);
	assert_string_equal(s, "first\n");
	assert_int_equal(entries(), 1);
	free(s);
	free(p);
}

static void
test_open_refuses(void **state)
{
	char err[256], *p = in_dir("journal.jsonl"), *t = in_dir("target");
	struct buf b;
	int fd;

	(void)state;
	put(t, "x\n");
	assert_int_equal(symlink("target", p), 0);
	assert_int_equal(statefile_open(p, O_RDONLY, err, sizeof err), -1);
	assert_int_equal(errno, ELOOP);
	assert_non_null(strstr(err, "is a symbolic link"));
	unlink(p);

	/* a FIFO with no writer: refused at once, for reading or writing */
	assert_int_equal(mkfifo(p, 0600), 0);
	assert_int_equal(statefile_open(p, O_RDONLY, err, sizeof err), -1);
	assert_non_null(strstr(err, "is a FIFO, not a regular file"));
	assert_int_equal(statefile_open(p, O_RDWR | O_APPEND | O_CREAT, err,
	    sizeof err), -1);
	buf_init(&b);
	assert_int_equal(statefile_read(p, 100, &b, err, sizeof err), -1);
	buf_free(&b);
	unlink(p);

	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(statefile_open(p, O_RDWR | O_CREAT, err, sizeof err),
	    -1);
	assert_non_null(strstr(err, "is a directory"));
	assert_int_equal(statefile_open(p, O_RDONLY, err, sizeof err), -1);
	assert_non_null(strstr(err, "is a directory"));
	rmdir(p);

	/* a missing file: ENOENT, so a caller can take it as empty */
	assert_int_equal(statefile_open(p, O_RDONLY, err, sizeof err), -1);
	assert_int_equal(errno, ENOENT);
	/* created 0600, and usable */
	fd = statefile_open(p, O_RDWR | O_CREAT, err, sizeof err);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "ok\n", 3), 3);
	close(fd);
	free(t);
	free(p);
}

static void
test_read_bound(void **state)
{
	char err[256], *p = in_dir("seen");
	struct buf b;

	(void)state;
	put(p, "0123456789");
	buf_init(&b);
	assert_int_equal(statefile_read(p, 5, &b, err, sizeof err), -1);
	assert_int_equal(errno, EFBIG);
	buf_reset(&b);
	assert_int_equal(statefile_read(p, 10, &b, err, sizeof err), 0);
	assert_int_equal(b.len, 10);
	buf_free(&b);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_replaces, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sweeps_stale, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_links_untouched, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_noreplace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_refuses, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_read_bound, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
