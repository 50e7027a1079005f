/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * args.c - the command line, in any order (QEMU through sh -c may repeat
 * --use-vnet): [--use-vnet] [--queues=N] [--mac=MAC] --br=BRIDGE --fd=N, or
 * --help or --version alone.  Anything else is a usage error: an unknown
 * word, a value twice, a number not all digits or out of range, a name the
 * kernel would not take, a MAC that is not one.  Nothing is truncated.
 */
#include "helper.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "../common/ifname.h"
#include "../common/wire.h"
#include "../trusted/accounts.h"

#define ARG_SHOWN_MAX 40 /* bytes of a bad argument shown, escaped */

/* Decimal digits, no leading zero, from lo to hi; else -1. */
static long number(const char *s, uint32_t lo, uint32_t hi)
{
	uint32_t v;

	return accounts_parse_id(s, strlen(s), &v) == 0 && v >= lo && v <= hi
		       ? (long)v
		       : -1;
}

/* As ip(8) prints it (common/wire.h); unicast or not is the locked rule's
 * to judge. */
static int mac_value(struct args *a, const char *v, const char *shown,
		     char *err, size_t errlen)
{
	a->has_mac = true;
	if (brh_mac_parse(v, a->mac) == 0 && v[17] == '\0')
		return 0;
	snprintf(err, errlen,
		 "--mac=%s: not a MAC address; write six two-digit hex "
		 "bytes joined by ':', not all zero (52:54:00:12:34:56)",
		 shown);
	return -1;
}

static int set_value(struct args *a, const char *opt, const char *v, char *err,
		     size_t errlen)
{
	char shown[BRH_QUOTED_SIZE(ARG_SHOWN_MAX)];
	size_t len = strnlen(v, ARG_SHOWN_MAX);
	const char *why;
	long n;

	brh_quote(v, len, shown, sizeof(shown));
	if (strcmp(opt, "--br=") == 0) {
		why = brh_ifname_problem(v);
		a->bridge = v;
		if (why != NULL)
			snprintf(err, errlen, "--br=%s%s: bridge name %s",
				 shown, len >= ARG_SHOWN_MAX ? "..." : "", why);
		return why != NULL ? -1 : 0;
	}
	if (strcmp(opt, "--queues=") == 0) {
		n = number(v, 1, BRH_WIRE_MAX_FDS); /* as queues= in the ACL */
		a->queues = (unsigned)n;
		if (n < 0)
			snprintf(err, errlen,
				 "--queues=%s: a number from 1 to %d (one "
				 "SCM_RIGHTS message carries at most %d fds)",
				 shown, BRH_WIRE_MAX_FDS, BRH_WIRE_MAX_FDS);
		return n < 0 ? -1 : 0;
	}
	if (strcmp(opt, "--mac=") == 0)
		return mac_value(a, v, shown, err, errlen);
	n = number(v, 0, INT_MAX);
	a->fd = (int)n;
	if (n < 0)
		snprintf(err, errlen, "--fd=%s: not a file descriptor number",
			 shown);
	else if (n <= 2)
		snprintf(err, errlen,
			 "--fd=%ld: fds 0-2 are standard input, output and "
			 "error, not a socket",
			 n);
	return n <= 2 ? -1 : 0;
}

/* The words of the command line, each at most once (but --use-vnet). */
static const char *const words[] = { "--use-vnet", "--br=",  "--fd=",
				     "--queues=",  "--help", "--version",
				     "--mac=" };
#define NWORDS (sizeof(words) / sizeof(words[0]))

static int word(const char *s)
{
	size_t i, n;

	for (i = 0; i < NWORDS; i++) {
		n = strlen(words[i]);
		if (words[i][n - 1] == '=' ? strncmp(s, words[i], n) == 0
					   : strcmp(s, words[i]) == 0)
			return (int)i;
	}
	return -1;
}

int args_parse(int argc, char *const argv[], struct args *a, char *err,
	       size_t errlen)
{
	char shown[BRH_QUOTED_SIZE(ARG_SHOWN_MAX)];
	unsigned seen = 0;
	int i, w;

	*a = (struct args) { MODE_RUN, false, NULL, -1, 1, false, { 0 } };
	for (i = 1; i < argc; i++) {
		w = word(argv[i]);
		brh_quote(argv[i], strnlen(argv[i], ARG_SHOWN_MAX), shown,
			  sizeof(shown));
		if (w < 0) {
			snprintf(err, errlen, "unknown argument '%s'%s", shown,
				 strcmp(argv[i], "--br") == 0 ||
						 strcmp(argv[i], "--fd") == 0
					 ? " (write --br=BRIDGE, --fd=N)"
					 : "");
			return -1;
		}
		if ((seen & (1u << w)) && w != 0) {
			snprintf(err, errlen, "%.*s given twice",
				 (int)strcspn(words[w], "="), words[w]);
			return -1;
		}
		seen |= 1u << w;
		a->use_vnet |= w == 0;
		a->mode = w == 4 ? MODE_HELP : w == 5 ? MODE_VERSION : a->mode;
		if (strchr(words[w], '=') != NULL &&
		    set_value(a, words[w], argv[i] + strlen(words[w]), err,
			      errlen) < 0)
			return -1;
	}
	if (a->mode != MODE_RUN && argc != 2)
		snprintf(err, errlen,
			 "--help and --version take no other options");
	else if (a->mode == MODE_RUN && (a->bridge == NULL || a->fd < 0))
		snprintf(err, errlen, "missing %s",
			 a->bridge == NULL ? "--br=BRIDGE" : "--fd=N");
	else
		return 0;
	return -1;
}
