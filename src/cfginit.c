/* cfginit.c: the configuration template of `azwatch config init`. Every
 * setting is there, commented out at its default, so the file reads as
 * the reference and loads as it is. Written through statefile_write with
 * STATEFILE_NOREPLACE: mode 600, never over a file or through a link. */
#include "config.h"
#include "cfginit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "statefile.h"
#include "xmalloc.h"

static const char cfginit_text[] =
"# azwatch configuration (see azwatch(1)). Lines starting with # are\n"
"# comments; remove the # in front of a setting to change it.\n"
"\n"
"[azure]\n"
"# Service Health and support tickets need a sign-in. auto tries, in\n"
"# order: AZWATCH_ACCESS_TOKEN, a client secret, the Azure CLI (az login),\n"
"# a managed identity.\n"
"# auth = auto    # client-secret, azure-cli, managed-identity, token\n"
"# tenant_id = 00000000-0000-0000-0000-000000000000\n"
"# client_id = 00000000-0000-0000-0000-000000000000\n"
"# client_secret_file = /path/to/client-secret   # mode 600\n"
"# subscriptions = 00000000-0000-0000-0000-000000000000, ...\n"
"# cloud = AzureCloud           # AzureUSGovernment, AzureChinaCloud\n"
"# lookback_days = 7\n"
"# graph_threshold = 10         # more subscriptions: ask Resource Graph\n"
"# az_timeout = 30              # seconds the Azure CLI may take\n"
"\n"
"[status_page]\n"
"# feed_url = https://rssfeed.azure.status.microsoft/en-us/status/feed/\n"
"\n"
"[x]\n"
"# @AzureSupport's posts: a bearer token for the X API, or a feed_url.\n"
"# bearer_token_file = /path/to/x-token   # mode 600\n"
"# account = AzureSupport\n"
"# interval = 300\n"
"\n"
"[support]\n"
"# Who Microsoft contacts about a ticket raised from the wizard.\n"
"# first_name =\n"
"# last_name =\n"
"# email =\n"
"# timezone = UTC\n"
"# country = usa\n"
"# language = en-us\n"
"# read_only = off             # on: never create anything in Azure\n"
"\n"
"[poll]\n"
"# interval = 60               # seconds, at least 10\n"
"# connect_timeout = 10\n"
"# request_timeout = 30\n"
"\n"
"[notify]\n"
"# bell = on\n"
"# desktop = off               # osc9 or osc777\n"
"# tmux = on                   # display-message in tmux\n"
"# notify_program =            # run with the incident as JSON on stdin\n"
"# timeout = 30\n"
"\n"
"[journal]\n"
"# state_dir = /path/to/state     # default $XDG_STATE_HOME/azwatch\n"
"# compact_days = 30\n"
"\n"
"[filter]\n"
"# What the feed lists on a start with no filters kept from the last run.\n"
"# regions = eastus, eastus2\n"
"# services = Azure Cache for Redis, Storage\n"
"# types = service-issue, planned-maintenance, health-advisory\n"
"\n"
"[ui]\n"
"# mouse = off                 # on: click selects and focuses, wheel scrolls\n"
"# sort = status               # the feed's order: status, updated or title;\n"
"#                             # one picked with :sort is kept and wins\n"
"\n"
"[colors]\n"
"# default, black, red, green, yellow, blue, magenta, cyan, white,\n"
"# bright-red, ... or 0-255.\n"
"# active = red\n"
"# mitigated = yellow\n"
"# resolved = green\n"
"# planned = blue\n"
"# advisory = cyan\n"
"# ok = green\n"
"# warn = yellow\n"
"# error = red\n"
"\n"
"[depends]\n"
"# Your services' foundations, beyond the built-in table:\n"
"# Azure Cache for Redis = Storage\n";

static const char cfginit_steps[] =
"Fill in, then run `azwatch status` to see every channel answer:\n"
"  [azure]    tenant_id, client_id and client_secret_file (or auth =\n"
"             azure-cli after `az login`), and subscriptions: without a\n"
"             sign-in only the public status page is watched\n"
"  [x]        bearer_token_file, for @AzureSupport's posts (optional)\n"
"  [support]  first_name, last_name and email, to raise tickets from the\n"
"             wizard (optional)\n"
"  [filter]   regions and services you run in (optional)\n"
"Secrets go in files of mode 600 or in the environment\n"
"(AZURE_CLIENT_SECRET, X_BEARER_TOKEN), never in this file.\n";

const char *
cfginit_template(void)
{
	return cfginit_text;
}

const char *
cfginit_next_steps(void)
{
	return cfginit_steps;
}

int
cfginit_write(const char *path, char *err, size_t errlen)
{
	char *dir, *slash, *p;

	/* ~/.config/azwatch may not be there yet: make it, 0700 */
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		for (p = dir + 1; *p != '\0'; p++) {
			if (*p != '/')
				continue;
			*p = '\0';
			(void)mkdir(dir, 0700);
			*p = '/';
		}
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			snprintf(err, errlen, "cannot create %s: %s", dir,
			    strerror(errno));
			free(dir);
			return -1;
		}
	}
	free(dir);
	return statefile_write(path, cfginit_text, strlen(cfginit_text),
	    STATEFILE_NOREPLACE, err, errlen);
}
