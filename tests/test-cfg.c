/* test-cfg.c: configuration parsing: sections, values, errors with line
 * numbers, environment precedence, secret file permissions, URL policy. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cfg.h"
#include "feedsort.h"
#include "sanitize.h"

static void
clear_env(void)
{
	unsetenv("AZURE_TENANT_ID");
	unsetenv("AZURE_CLIENT_ID");
	unsetenv("AZURE_CLIENT_SECRET");
	unsetenv("AZURE_SUBSCRIPTION_ID");
	unsetenv("AZWATCH_ACCESS_TOKEN");
	unsetenv("X_BEARER_TOKEN");
	unsetenv("AZWATCH_CONFIG");
	unsetenv("AZWATCH_IMDS_ENDPOINT");
}

static char *
write_file(const char *text, mode_t mode)
{
	char tmpl[] = "/tmp/azwatch-cfg-XXXXXX";
	int fd = mkstemp(tmpl);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	fchmod(fd, mode);
	close(fd);
	return strdup(tmpl);
}

static void
test_defaults(void **state)
{
	struct cfg c;

	cfg_defaults(&c);
	assert_string_equal(c.arm_endpoint, "https://management.azure.com");
	assert_string_equal(c.login_endpoint,
	    "https://login.microsoftonline.com");
	assert_string_equal(c.feed_url,
	    "https://rssfeed.azure.status.microsoft/en-us/status/feed/");
	assert_string_equal(c.x_account, "AzureSupport");
	assert_int_equal(c.interval, 60);
	assert_int_equal(c.auth, AUTH_AUTO);
	assert_true(c.notify_bell);
	assert_int_equal(c.notify_desktop, DESKTOP_OFF);
	cfg_free(&c);
}

static void
test_parse_sections(void **state)
{
	static const char text[] =
	    "# comment\n"
	    "[azure]\n"
	    "cloud = AzureUSGovernment\n"
	    "auth = azure-cli   # trailing comment\n"
	    "subscriptions = aaa, bbb ,aaa,, ccc\n"
	    "\n"
	    "[status_page]\n"
	    "feed_url = https://example.com/feed#frag\n"
	    "[x]\n"
	    "account = SomeAccount\n"
	    "[poll]\n"
	    "interval = 120\n"
	    "[notify]\n"
	    "bell = off\n"
	    "desktop = osc777\n"
	    "tmux = no\n"
	    "notify_program = /usr/local/bin/pager-me\n";
	char err[256] = "";
	struct cfg c;

	cfg_defaults(&c);
	assert_int_equal(cfg_parse(&c, text, "t", err, sizeof err), 0);
	assert_string_equal(c.arm_endpoint,
	    "https://management.usgovcloudapi.net");
	assert_string_equal(c.login_endpoint, "https://login.microsoftonline.us");
	assert_int_equal(c.auth, AUTH_AZURE_CLI);
	assert_int_equal(c.subscriptions.n, 3);
	assert_string_equal(c.subscriptions.v[1], "bbb");
	assert_string_equal(c.feed_url, "https://example.com/feed#frag");
	assert_string_equal(c.x_account, "SomeAccount");
	assert_int_equal(c.interval, 120);
	assert_false(c.notify_bell);
	assert_false(c.notify_tmux);
	assert_int_equal(c.notify_desktop, DESKTOP_OSC777);
	assert_string_equal(c.notify_program, "/usr/local/bin/pager-me");
	cfg_free(&c);
}

static void
expect_error(const char *text, const char *want)
{
	char err[256] = "";
	struct cfg c;

	cfg_defaults(&c);
	assert_int_equal(cfg_parse(&c, text, "f", err, sizeof err), -1);
	if (strstr(err, want) == NULL)
		fail_msg("error '%s' does not contain '%s'", err, want);
	cfg_free(&c);
}

static void
test_errors(void **state)
{
	expect_error("[azure]\nbogus = 1\n", "f:2: unknown key 'bogus' in [azure]");
	expect_error("[nope]\n", "f:1: unknown section [nope]");
	expect_error("key = 1\n", "f:1: 'key' is outside any section");
	expect_error("[poll]\ninterval = soon\n", "f:2: interval");
	expect_error("[poll]\n\ninterval\n", "f:3: expected key = value");
	expect_error("[azure]\nauth = magic\n", "auth must be");
	expect_error("[azure]\ncloud = Mars\n", "unknown cloud 'Mars'");
	expect_error("[notify]\nbell = loud\n", "not on or off");
	expect_error("[azure\n", "bad section header");
	expect_error("[depends]\nAzure Cache for Redis =  , \n",
	    "f:2: [depends] Azure Cache for Redis: name the services");
}

/* [depends]: one service a line, the foundations it depends on. */
static void
test_depends(void **state)
{
	static const char text[] =
	    "[depends]\n"
	    "Azure Cache for Redis = Storage\n"
	    "Logic Apps = Storage, Azure Resource Manager ,\n";
	char err[256] = "";
	struct cfg c;

	(void)state;
	cfg_defaults(&c);
	assert_int_equal(cfg_parse(&c, text, "t", err, sizeof err), 0);
	assert_int_equal(c.depends.n, 3);
	assert_string_equal(c.depends.v[0], "Azure Cache for Redis=Storage");
	assert_string_equal(c.depends.v[1], "Logic Apps=Storage");
	assert_string_equal(c.depends.v[2],
	    "Logic Apps=Azure Resource Manager");
	cfg_free(&c);
}

/* [ui], [colors] and [filter]: the dashboard's own settings. */
static void
test_ui_sections(void **state)
{
	static const char text[] =
	    "[ui]\nmouse = on\nsort = title\n"
	    "[colors]\nactive = bright-red\nplanned = 208\nok = default\n"
	    "[filter]\nregions = eastus, eastus2\nservices = Azure Cache for Redis\n";
	char err[256] = "";
	struct cfg c;

	(void)state;
	cfg_defaults(&c);
	assert_false(c.mouse);
	assert_int_equal(c.ui_sort, FEEDSORT_STATUS);
	assert_int_equal(c.colors[COLORSPEC_ERROR], 1);
	assert_int_equal(cfg_parse(&c, text, "t", err, sizeof err), 0);
	assert_true(c.mouse);
	assert_int_equal(c.ui_sort, FEEDSORT_TITLE);
	assert_int_equal(c.colors[COLORSPEC_ACTIVE], 9);
	assert_int_equal(c.colors[COLORSPEC_PLANNED], 208);
	assert_int_equal(c.colors[COLORSPEC_OK], COLORSPEC_DEFAULT);
	assert_int_equal(c.colors[COLORSPEC_WARN], 3);
	assert_int_equal(c.filter_regions.n, 2);
	assert_string_equal(c.filter_regions.v[1], "eastus2");
	assert_int_equal(c.filter_services.n, 1);
	cfg_free(&c);
	expect_error("[colors]\npink = red\n", "f:2: unknown colour 'pink'");
	expect_error("[colors]\nok = 256\n", "f:2: ok: '256' is not a colour");
	expect_error("[colors]\nok = bright-7\n", "is not a colour");
	expect_error("[ui]\nmouse = sometimes\n", "not on or off");
	expect_error("[ui]\nsort = newest\n",
	    "f:2: sort must be status, updated or title, not 'newest'");
	expect_error("[ui]\nsort = stat\n", "sort must be");
	expect_error("[filter]\ntypes = outage\n", "types: unknown type 'outage'");
}

static void
test_early_warning(void **state)
{
	static const char text[] =
	    "[early_warning]\n"
	    "min_resources = 5\n"
	    "min_percent = 30\n"
	    "window = 1h30m\n";
	char err[256] = "";
	struct cfg c;

	(void)state;
	cfg_defaults(&c);
	assert_true(c.ew_enabled);
	assert_int_equal(c.ew_min_resources, 3);
	assert_int_equal(c.ew_min_percent, 20);
	assert_int_equal(c.ew_window, 900);
	assert_int_equal(cfg_parse(&c, text, "t", err, sizeof err), 0);
	assert_int_equal(c.ew_min_resources, 5);
	assert_int_equal(c.ew_min_percent, 30);
	assert_int_equal(c.ew_window, 5400);
	assert_int_equal(cfg_parse(&c, "[early_warning]\nwindow = soon\n",
	    "t", err, sizeof err), -1);
	assert_non_null(strstr(err, "window"));
	assert_int_equal(cfg_parse(&c, "[early_warning]\nmin_percent = 101\n",
	    "t", err, sizeof err), -1);
	assert_int_equal(cfg_parse(&c, "[early_warning]\nenabled = off\n",
	    "t", err, sizeof err), 0);
	assert_false(c.ew_enabled);
	cfg_free(&c);
}

static void
test_env_overrides_file(void **state)
{
	char *path = write_file("[azure]\ntenant_id = from-file\n"
	    "subscriptions = s1\n", 0600);
	char err[256] = "";
	struct cfg c;

	clear_env();
	setenv("AZURE_TENANT_ID", "from-env", 1);
	setenv("AZURE_SUBSCRIPTION_ID", "s2", 1);
	setenv("AZWATCH_ACCESS_TOKEN", "tok", 1);
	assert_int_equal(cfg_load(&c, path, err, sizeof err), 0);
	assert_string_equal(c.tenant_id, "from-env");
	assert_int_equal(c.subscriptions.n, 1);
	assert_string_equal(c.subscriptions.v[0], "s2");
	assert_int_equal(c.auth, AUTH_TOKEN);
	assert_string_equal(c.path, path);
	cfg_free(&c);
	clear_env();
	unlink(path);
	free(path);
}

static void
test_missing_explicit_file(void **state)
{
	char err[256] = "";
	struct cfg c;

	clear_env();
	assert_int_equal(cfg_load(&c, "/nonexistent/azwatch.conf", err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "cannot read config /nonexistent"));
	cfg_free(&c);
}

static void
test_secret_file_permissions(void **state)
{
	char *secret = write_file("s3cr3t-value\n", 0644), *conf;
	char text[512], err[512] = "";
	struct cfg c;

	clear_env();
	snprintf(text, sizeof text, "[azure]\nclient_secret_file = %s\n", secret);
	conf = write_file(text, 0600);
	assert_int_equal(cfg_load(&c, conf, err, sizeof err), -1);
	assert_non_null(strstr(err, "readable by group or others"));
	assert_non_null(strstr(err, "chmod 600"));
	assert_null(strstr(err, "s3cr3t"));
	cfg_free(&c);

	chmod(secret, 0600);
	assert_int_equal(cfg_load(&c, conf, err, sizeof err), 0);
	assert_string_equal(c.client_secret, "s3cr3t-value");
	cfg_free(&c);
	unlink(secret);
	unlink(conf);
	free(secret);
	free(conf);
}

/* A FIFO, a directory or a device as the config or a secret file is
 * refused with a sentence that says what it is; a FIFO never blocks. */
static void
test_non_regular_files(void **state)
{
	char dir[] = "/tmp/azwatch-cfg-dir-XXXXXX", fifo[512], text[1024];
	char err[512], *conf;
	struct cfg c;

	(void)state;
	clear_env();
	alarm(20);		/* a FIFO that blocks fails here, not hangs */
	assert_non_null(mkdtemp(dir));
	snprintf(fifo, sizeof fifo, "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);

	err[0] = '\0';
	assert_int_equal(cfg_load(&c, dir, err, sizeof err), -1);
	assert_non_null(strstr(err, "is a directory"));
	cfg_free(&c);
	setenv("AZWATCH_CONFIG", dir, 1);
	assert_int_equal(cfg_load(&c, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "is a directory"));
	cfg_free(&c);
	unsetenv("AZWATCH_CONFIG");
	assert_int_equal(cfg_load(&c, fifo, err, sizeof err), -1);
	assert_non_null(strstr(err, "is a FIFO"));
	cfg_free(&c);
	assert_int_equal(cfg_load(&c, "/dev/null", err, sizeof err), -1);
	assert_non_null(strstr(err, "is a device"));
	cfg_free(&c);

	snprintf(text, sizeof text, "[azure]\nclient_secret_file = %s\n", fifo);
	conf = write_file(text, 0600);
	assert_int_equal(cfg_load(&c, conf, err, sizeof err), -1);
	assert_non_null(strstr(err, "secret file"));
	assert_non_null(strstr(err, "is a FIFO"));
	cfg_free(&c);
	unlink(conf);
	free(conf);
	snprintf(text, sizeof text, "[x]\nbearer_token_file = %s\n", dir);
	conf = write_file(text, 0600);
	assert_int_equal(cfg_load(&c, conf, err, sizeof err), -1);
	assert_non_null(strstr(err, "is a directory"));
	cfg_free(&c);
	unlink(conf);
	free(conf);
	alarm(0);
	unlink(fifo);
	rmdir(dir);
}

/* Every secret read is known to the sanitizer until the config is freed;
 * a child's environment leaves out the variables that hold them. */
static void
test_secrets_known(void **state)
{
	char *secret = write_file("file-secret-value-1\n", 0600), *conf;
	char text[512], err[512] = "";
	struct strv names = { 0 };
	struct cfg c;

	(void)state;
	clear_env();
	setenv("X_BEARER_TOKEN", "env-bearer-value-2", 1);
	snprintf(text, sizeof text, "[azure]\nclient_secret_file = %s\n", secret);
	conf = write_file(text, 0600);
	assert_int_equal(cfg_load(&c, conf, err, sizeof err), 0);
	assert_true(sanitize_secret_is("file-secret-value-1"));
	assert_true(sanitize_secret_is("env-bearer-value-2"));
	cfg_secret_env(&c, &names);
	assert_true(strv_has(&names, "AZURE_CLIENT_SECRET"));
	assert_true(strv_has(&names, "AZWATCH_ACCESS_TOKEN"));
	assert_true(strv_has(&names, "X_BEARER_TOKEN"));
	strv_free(&names);
	cfg_free(&c);
	assert_false(sanitize_secret_is("file-secret-value-1"));
	assert_false(sanitize_secret_is("env-bearer-value-2"));
	clear_env();
	unlink(secret);
	unlink(conf);
	free(secret);
	free(conf);
}

static void
test_url_policy(void **state)
{
	char err[256];

	assert_true(cfg_url_ok("https://management.azure.com", err, sizeof err));
	assert_true(cfg_url_ok("http://127.0.0.1:8080/feed", err, sizeof err));
	assert_true(cfg_url_ok("http://localhost/x", err, sizeof err));
	assert_true(cfg_url_ok("http://[::1]:99/", err, sizeof err));
	assert_false(cfg_url_ok("http://example.com/feed", err, sizeof err));
	assert_non_null(strstr(err, "loopback"));
	assert_false(cfg_url_ok("http://127.0.0.1.evil.com/", err, sizeof err));
	assert_false(cfg_url_ok("http://user@127.0.0.1@evil.com/", err,
	    sizeof err));
	assert_false(cfg_url_ok("ftp://example.com/", err, sizeof err));
	assert_false(cfg_url_ok("file:///etc/passwd", err, sizeof err));
}

static void
test_validate(void **state)
{
	char err[256] = "";
	struct cfg c;

	cfg_defaults(&c);
	c.interval = 5;
	assert_int_equal(cfg_validate(&c, err, sizeof err), -1);
	assert_non_null(strstr(err, "at least 10"));
	cfg_free(&c);

	cfg_defaults(&c);
	assert_int_equal(cfg_parse(&c, "[status_page]\nfeed_url = "
	    "http://status.example.com/\n", "f", err, sizeof err), 0);
	assert_int_equal(cfg_validate(&c, err, sizeof err), -1);
	assert_non_null(strstr(err, "plain http"));
	cfg_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_parse_sections),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_depends),
		cmocka_unit_test(test_early_warning),
		cmocka_unit_test(test_env_overrides_file),
		cmocka_unit_test(test_missing_explicit_file),
		cmocka_unit_test(test_secret_file_permissions),
		cmocka_unit_test(test_non_regular_files),
		cmocka_unit_test(test_secrets_known),
		cmocka_unit_test(test_url_policy),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_ui_sections),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
