/* fuzz.h: what the fuzz targets share. Each target is one function of
 * the bytes given, called by libFuzzer (tests/fuzz/run.sh) and by the
 * regression test that replays kept inputs (tests/test-regress.c). */
#ifndef AZWATCH_FUZZ_H
#define AZWATCH_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* A broken promise of the code under test: report it and crash, so
 * libFuzzer keeps the input and the regression test fails. */
#define FUZZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n",		\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

void	 fuzz_init(void);
/* A NUL-terminated copy of the input (caller frees). */
char	*fuzz_cstr(const uint8_t *, size_t);
/* The error buffer was filled with one line. */
void	 fuzz_check_err(const char *err, size_t errlen, int need_text);
/* Sanitized text is safe to draw: valid UTF-8 and no controls. */
void	 fuzz_check_clean(const char *s, int multiline);

int	 fuzz_rss_one(const uint8_t *, size_t);
int	 fuzz_arm_one(const uint8_t *, size_t);
int	 fuzz_x_one(const uint8_t *, size_t);
int	 fuzz_cfg_one(const uint8_t *, size_t);
int	 fuzz_html_one(const uint8_t *, size_t);
int	 fuzz_sanitize_one(const uint8_t *, size_t);

/* Each target file ends with FUZZ_ENTRY(its function): the libFuzzer
 * entry point, left out when the file is linked into the regression
 * test (FUZZ_REGRESS). */
#ifdef FUZZ_REGRESS
#define FUZZ_ENTRY(fn)
#else
#define FUZZ_ENTRY(fn)							\
int LLVMFuzzerInitialize(int *, char ***);				\
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);			\
int									\
LLVMFuzzerInitialize(int *argc, char ***argv)				\
{									\
	(void)argc;							\
	(void)argv;							\
	fuzz_init();							\
	return 0;							\
}									\
int									\
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)		\
{									\
	return fn(data, size);						\
}
#endif

#endif
