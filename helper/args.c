/*
 * args.c - parse the helper's command line.
 *
 * Accepted, in any order (QEMU: --use-vnet --fd=N --br=B; libvirt:
 * --br=B --fd=N; QEMU through sh -c may repeat --use-vnet):
 *
 *	[--use-vnet] --br=BRIDGE --fd=N
 *	--check --br=BRIDGE
 *	--help | --version			(alone)
 *
 * Anything else is a usage error: an unknown word, a value given twice, a
 * number that is not all digits or out of range, a name the kernel would not
 * accept.  Nothing is truncated; a name too long is refused.
 */
#include "args.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/ifname.h"

/* Bytes of a bad argument shown (escaped) in a message. */
#define ARG_SHOWN_MAX 40

static int parse_fd(const char *s, int *fd, char *err, size_t errlen)
{
	char shown[BRH_QUOTED_SIZE(ARG_SHOWN_MAX)];
	char *end;
	long v;

	brh_quote(s, strnlen(s, ARG_SHOWN_MAX), shown, sizeof(shown));
	if (s[0] < '0' || s[0] > '9') {
		snprintf(err, errlen, "--fd=%s: not a file descriptor number",
			 shown);
		return -1;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || errno == ERANGE || v > INT_MAX) {
		snprintf(err, errlen, "--fd=%s: not a file descriptor number",
			 shown);
		return -1;
	}
	if (v <= 2) {
		snprintf(err, errlen, "--fd=%ld: fds 0-2 are standard input, "
			 "output and error, not a socket", v);
		return -1;
	}
	*fd = (int)v;
	return 0;
}

static int parse_bridge(const char *s, const char **bridge, char *err,
			size_t errlen)
{
	char shown[BRH_QUOTED_SIZE(ARG_SHOWN_MAX)];
	const char *why = brh_ifname_problem(s);
	size_t len = strnlen(s, ARG_SHOWN_MAX);

	if (why != NULL) {
		brh_quote(s, len, shown, sizeof(shown));
		snprintf(err, errlen, "--br=%s%s: bridge name %s", shown,
			 len >= ARG_SHOWN_MAX ? "..." : "", why);
		return -1;
	}
	*bridge = s;
	return 0;
}

static int once(bool *seen, const char *opt, char *err, size_t errlen)
{
	if (*seen) {
		snprintf(err, errlen, "%s given twice", opt);
		return -1;
	}
	*seen = true;
	return 0;
}

static int check_mode(struct args *a, int nargs, char *err, size_t errlen)
{
	switch (a->mode) {
	case MODE_HELP:
	case MODE_VERSION:
		if (nargs == 1)
			return 0;
		snprintf(err, errlen, "--help and --version take no other "
			 "options");
		return -1;
	case MODE_CHECK:
		if (a->bridge != NULL && a->fd < 0 && !a->use_vnet)
			return 0;
		snprintf(err, errlen, "--check takes --br=BRIDGE and nothing "
			 "else");
		return -1;
	case MODE_RUN:
		if (a->bridge != NULL && a->fd >= 0)
			return 0;
		snprintf(err, errlen, "missing %s",
			 a->bridge == NULL ? "--br=BRIDGE" : "--fd=N");
		return -1;
	}
	return -1;
}

int args_parse(int argc, char *const argv[], struct args *a, char *err,
	       size_t errlen)
{
	bool seen_br = false, seen_fd = false, seen_mode = false;
	char shown[BRH_QUOTED_SIZE(ARG_SHOWN_MAX)];
	int i;

	*a = (struct args){ MODE_RUN, false, NULL, -1 };
	for (i = 1; i < argc; i++) {
		const char *s = argv[i];

		if (strcmp(s, "--use-vnet") == 0) {
			a->use_vnet = true;
		} else if (strncmp(s, "--br=", 5) == 0) {
			if (once(&seen_br, "--br", err, errlen) < 0 ||
			    parse_bridge(s + 5, &a->bridge, err, errlen) < 0)
				return -1;
		} else if (strncmp(s, "--fd=", 5) == 0) {
			if (once(&seen_fd, "--fd", err, errlen) < 0 ||
			    parse_fd(s + 5, &a->fd, err, errlen) < 0)
				return -1;
		} else if (strcmp(s, "--check") == 0 ||
			   strcmp(s, "--help") == 0 ||
			   strcmp(s, "--version") == 0) {
			if (once(&seen_mode, "--check, --help or --version",
				 err, errlen) < 0)
				return -1;
			a->mode = s[2] == 'c' ? MODE_CHECK
				  : s[2] == 'h' ? MODE_HELP : MODE_VERSION;
		} else {
			brh_quote(s, strnlen(s, ARG_SHOWN_MAX), shown, sizeof(shown));
			snprintf(err, errlen, "unknown argument '%s'%s", shown,
				 strcmp(s, "--br") == 0 || strcmp(s, "--fd") == 0
				 ? " (write --br=BRIDGE, --fd=N)" : "");
			return -1;
		}
	}
	return check_mode(a, argc - 1, err, errlen);
}
