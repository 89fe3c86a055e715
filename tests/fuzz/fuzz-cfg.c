/* fuzz-cfg.c: the INI config parser, then the checks run after flags and
 * a flag-style override taken from the same bytes. */
#include "config.h"
#include "fuzz.h"

#include <string.h>

#include "cfg.h"

int
fuzz_cfg_one(const uint8_t *data, size_t size)
{
	struct cfg c;
	char err[512], *text, *line, *dot, *eq;
	int rc;

	text = fuzz_cstr(data, size);
	/* Secret files are opened by path; keep the fuzzer from opening
	 * whatever path it invents (a FIFO would block). */
	if (strstr(text, "_file") != NULL) {
		free(text);
		return 0;
	}
	cfg_defaults(&c);
	memset(err, 0, sizeof err);
	rc = cfg_parse(&c, text, "fuzz", err, sizeof err);
	fuzz_check_err(err, sizeof err, rc == -1);
	FUZZ_CHECK(strchr(err, '\n') == NULL);
	if (rc == 0) {
		memset(err, 0, sizeof err);
		rc = cfg_validate(&c, err, sizeof err);
		fuzz_check_err(err, sizeof err, rc == -1);
		if (rc == 0)
			FUZZ_CHECK(c.x_interval >= c.interval);
	}

	/* The first line as "section.key=value", as a flag would set it. */
	line = text;
	line[strcspn(line, "\n")] = '\0';
	if ((dot = strchr(line, '.')) != NULL &&
	    (eq = strchr(dot, '=')) != NULL) {
		*dot = '\0';
		*eq = '\0';
		memset(err, 0, sizeof err);
		rc = cfg_set(&c, line, dot + 1, eq + 1, err, sizeof err);
		fuzz_check_err(err, sizeof err, rc == -1);
	}
	memset(err, 0, sizeof err);
	(void)cfg_url_ok(text, err, sizeof err);
	(void)cfg_url_is_loopback(text);
	cfg_free(&c);
	free(text);
	return 0;
}

FUZZ_ENTRY(fuzz_cfg_one)
