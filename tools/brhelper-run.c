/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * brhelper-run - run a program with a bridged TAP device on fd 3.
 *
 *	brhelper-run --br=BRIDGE [--helper=PATH | --service[=SOCKET]]
 *		     [--no-vnet] [--queues=N] [--mac=MAC] -- COMMAND [ARG...]
 *
 * For VMMs that take open TAP fds (QEMU's -netdev tap,fd=3 or fds=3:4,
 * crosvm, cloud-hypervisor, test programs).  The TAP's queues are on fds 3
 * to 3+N-1 (one with no --queues), its name in BRHELPER_IFNAME, the fds
 * in BRHELPER_FDS ("3:4:...", QEMU's fds= syntax), and the guest's MAC
 * given with --mac (for a locked rule) in BRHELPER_MAC.  Exit status:
 * COMMAND's, or 125 when the TAP could not be had, 126/127 when COMMAND
 * cannot be run (as env(1)).  The TAP comes from the service when its
 * socket exists, else from the helper; --helper or --service chooses.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/brhelper.h"

#define FIRST_FD 3

/* Print the usage, after why when it is an error. */
static void usage(const char *why)
{
	if (why != NULL)
		fprintf(stderr, "brhelper-run: %s\n", why);
	fprintf(why ? stderr : stdout,
		"usage: brhelper-run --br=BRIDGE [--helper=PATH | "
		"--service[=SOCKET]] [--no-vnet] [--queues=N] [--mac=MAC] -- "
		"COMMAND [ARG...]\n");
}

static int parse_queues(const char *s, unsigned *n)
{
	char *end;
	long v;

	errno = 0;
	v = s[0] >= '1' && s[0] <= '9' ? strtol(s, &end, 10) : 0;
	if (v < 1 || *end != '\0' || errno != 0 || v > BRH_MAX_QUEUES)
		return -1;
	*n = (unsigned)v;
	return 0;
}

/*
 * fds[0..n) to FIRST_FD.., open across exec, nothing else moved: first
 * every one above the target range, then down into it.
 */
static int place(int *fds, unsigned n, char *list, size_t len)
{
	size_t o = 0;
	unsigned i;
	int high;

	for (i = 0; i < n; i++) {
		high = fcntl(fds[i], F_DUPFD_CLOEXEC, FIRST_FD + (int)n);
		if (high < 0)
			return -1;
		close(fds[i]);
		fds[i] = high;
	}
	for (i = 0; i < n; i++) {
		if (dup2(fds[i], FIRST_FD + (int)i) < 0)
			return -1;
		close(fds[i]);
		o += (size_t)snprintf(list + o, len - o, "%s%d", i ? ":" : "",
				      FIRST_FD + (int)i);
	}
	return o < len ? 0 : -1;
}

/*
 * The options before "--" into req.  Returns the index of "--"; or -1
 * after printing why not, or 0 after --help.
 */
static int parse(int argc, char *argv[], struct brh_request *req)
{
	const char *why = NULL;
	int i, seen_q = 0;

	for (i = 1; i < argc && why == NULL && strcmp(argv[i], "--") != 0;
	     i++) {
		if (strncmp(argv[i], "--br=", 5) == 0 && req->bridge == NULL)
			req->bridge = argv[i] + 5;
		else if (strncmp(argv[i], "--helper=", 9) == 0 && !req->via) {
			req->helper = argv[i] + 9;
			req->via = BRH_VIA_HELPER;
		} else if (strcmp(argv[i], "--service") == 0 && !req->via)
			req->via = BRH_VIA_SERVICE;
		else if (strncmp(argv[i], "--service=", 10) == 0 && !req->via) {
			req->service = argv[i] + 10;
			req->via = BRH_VIA_SERVICE;
		} else if (strncmp(argv[i], "--mac=", 6) == 0 && !req->mac)
			req->mac = argv[i] + 6;
		else if (strcmp(argv[i], "--no-vnet") == 0)
			req->flags &= ~BRH_USE_VNET;
		else if (strncmp(argv[i], "--queues=", 9) == 0 && !seen_q++) {
			if (parse_queues(argv[i] + 9, &req->queues) < 0)
				why = "--queues=N: N from 1 to 253";
		} else if (strcmp(argv[i], "--help") == 0) {
			usage(NULL);
			return 0;
		} else {
			why = "unknown or repeated argument";
		}
	}
	if (why == NULL && req->bridge == NULL)
		why = "missing --br=BRIDGE";
	else if (why == NULL && i + 1 >= argc)
		why = "missing -- COMMAND";
	if (why != NULL) {
		usage(why);
		return -1;
	}
	return i;
}

int main(int argc, char *argv[])
{
	struct brh_request req = { .flags = BRH_USE_VNET, .queues = 1 };
	char ifname[IFNAMSIZ], list[BRH_MAX_QUEUES * 5];
	static int fds[BRH_MAX_QUEUES];
	struct brh_error e;
	int i = parse(argc, argv, &req);

	if (i <= 0)
		return i == 0 ? 0 : 125;
	if (brh_open(&req, fds, ifname, &e) < 0) {
		fprintf(stderr, "brhelper-run: %s\n", e.msg);
		return 125;
	}
	if (place(fds, req.queues, list, sizeof(list)) < 0) {
		fprintf(stderr, "brhelper-run: placing the TAP fds: %s\n",
			strerror(errno));
		return 125;
	}
	if (setenv("BRHELPER_IFNAME", ifname, 1) < 0 ||
	    setenv("BRHELPER_FDS", list, 1) < 0 ||
	    (req.mac != NULL ? setenv("BRHELPER_MAC", req.mac, 1)
			     : unsetenv("BRHELPER_MAC")) < 0)
		return 125;
	execvp(argv[i + 1], argv + i + 1);
	fprintf(stderr, "brhelper-run: %s: %s\n", argv[i + 1], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
