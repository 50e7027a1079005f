/*
 * args.c - parse the helper's command line.
 *
 * Accepted, in any order (QEMU: --use-vnet --fd=N --br=B; libvirt:
 * --br=B --fd=N; QEMU through sh -c may repeat --use-vnet):
 *
 *	[--use-vnet] [--queues=N] --br=BRIDGE --fd=N
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

#include "../common/ifname.h"
#include "../common/wire.h"

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
		snprintf(err, errlen,
			 "--fd=%ld: fds 0-2 are standard input, "
			 "output and error, not a socket",
			 v);
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

static int parse_queues(const char *s, unsigned *queues, char *err,
			size_t errlen)
{
	char shown[BRH_QUOTED_SIZE(ARG_SHOWN_MAX)];
	char *end;
	long v;

	errno = 0;
	v = s[0] >= '1' && s[0] <= '9' ? strtol(s, &end, 10) : 0;
	if (v < 1 || *end != '\0' || errno == ERANGE || v > BRH_WIRE_MAX_FDS) {
		brh_quote(s, strnlen(s, ARG_SHOWN_MAX), shown, sizeof(shown));
		snprintf(err, errlen,
			 "--queues=%s: a number from 1 to %d "
			 "(one SCM_RIGHTS message carries at most %d fds)",
			 shown, BRH_WIRE_MAX_FDS, BRH_WIRE_MAX_FDS);
		return -1;
	}
	*queues = (unsigned)v;
	return 0;
}

/* The words of the command line: one table, each at most once. */
enum {
	OPT_USE_VNET,
	OPT_BR,
	OPT_FD,
	OPT_QUEUES,
	OPT_HELP,
	OPT_VERSION
};
static const struct {
	const char *name;    /* with '=' when it takes a value */
	enum args_mode mode; /* MODE_RUN: not a mode word */
} options[] = {
	[OPT_USE_VNET] = { "--use-vnet", MODE_RUN },
	[OPT_BR] = { "--br=", MODE_RUN },
	[OPT_FD] = { "--fd=", MODE_RUN },
	[OPT_QUEUES] = { "--queues=", MODE_RUN },
	[OPT_HELP] = { "--help", MODE_HELP },
	[OPT_VERSION] = { "--version", MODE_VERSION },
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

/* Which option s is, or -1; *value points after its '='. */
static int find_option(const char *s, const char **value)
{
	size_t i, n;

	for (i = 0; i < NOPTIONS; i++) {
		n = strlen(options[i].name);
		if (options[i].name[n - 1] == '='
			    ? strncmp(s, options[i].name, n) == 0
			    : strcmp(s, options[i].name) == 0) {
			*value = s + n;
			return (int)i;
		}
	}
	return -1;
}

static int set_option(struct args *a, int opt, const char *v, char *err,
		      size_t errlen)
{
	switch (opt) {
	case OPT_USE_VNET:
		a->use_vnet = true;
		return 0;
	case OPT_BR:
		return parse_bridge(v, &a->bridge, err, errlen);
	case OPT_FD:
		return parse_fd(v, &a->fd, err, errlen);
	case OPT_QUEUES:
		return parse_queues(v, &a->queues, err, errlen);
	default:
		if (a->mode != MODE_RUN) {
			snprintf(err, errlen, "give --help or --version, not both");
			return -1;
		}
		a->mode = options[opt].mode;
		return 0;
	}
}

static int check_mode(const struct args *a, int nargs, char *err,
		      size_t errlen)
{
	const char *want = NULL;

	if ((a->mode == MODE_HELP || a->mode == MODE_VERSION) && nargs != 1)
		want = "--help and --version take no other options";
	else if (a->mode == MODE_RUN && (a->bridge == NULL || a->fd < 0))
		want = a->bridge == NULL ? "missing --br=BRIDGE"
					 : "missing --fd=N";
	if (want == NULL)
		return 0;
	snprintf(err, errlen, "%s", want);
	return -1;
}

int args_parse(int argc, char *const argv[], struct args *a, char *err,
	       size_t errlen)
{
	char shown[BRH_QUOTED_SIZE(ARG_SHOWN_MAX)];
	unsigned seen = 0;
	const char *v;
	int i, opt;

	*a = (struct args) { MODE_RUN, false, NULL, -1, 1 };
	for (i = 1; i < argc; i++) {
		opt = find_option(argv[i], &v);
		if (opt < 0) {
			brh_quote(argv[i], strnlen(argv[i], ARG_SHOWN_MAX),
				  shown, sizeof(shown));
			snprintf(err, errlen, "unknown argument '%s'%s", shown,
				 strcmp(argv[i], "--br") == 0 ||
						 strcmp(argv[i], "--fd") == 0
					 ? " (write --br=BRIDGE, --fd=N)"
					 : "");
			return -1;
		}
		/* QEMU through sh -c may repeat --use-vnet; nothing else. */
		if ((seen & (1u << opt)) && opt != OPT_USE_VNET) {
			snprintf(err, errlen, "%.*s given twice",
				 (int)strcspn(options[opt].name, "="),
				 options[opt].name);
			return -1;
		}
		seen |= 1u << opt;
		if (set_option(a, opt, v, err, errlen) < 0)
			return -1;
	}
	return check_mode(a, argc - 1, err, errlen);
}
