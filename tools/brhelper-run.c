/*
 * brhelper-run - run a program with a bridged TAP device on fd 3.
 *
 *	brhelper-run --br=BRIDGE [--helper=PATH] [--no-vnet] -- COMMAND [ARG...]
 *
 * For VMMs that take an open TAP fd (QEMU's -netdev tap,fd=3, crosvm,
 * cloud-hypervisor, test programs).  The TAP's name is put in the
 * environment as BRHELPER_IFNAME.  Exit status: COMMAND's, or 125 when the
 * TAP could not be had, 126/127 when COMMAND cannot be run (as env(1)).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/brhelper.h"

#define TAP_FD 3

static int usage(const char *why)
{
	if (why != NULL)
		fprintf(stderr, "brhelper-run: %s\n", why);
	fprintf(why ? stderr : stdout,
		"usage: brhelper-run --br=BRIDGE [--helper=PATH] [--no-vnet] "
		"-- COMMAND [ARG...]\n");
	return why ? 125 : 0;
}

int main(int argc, char *argv[])
{
	const char *bridge = NULL, *helper = NULL;
	unsigned flags = BRH_USE_VNET;
	char ifname[IFNAMSIZ];
	struct brh_error e;
	int i, fd;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strncmp(argv[i], "--br=", 5) == 0 && bridge == NULL)
			bridge = argv[i] + 5;
		else if (strncmp(argv[i], "--helper=", 9) == 0 && !helper)
			helper = argv[i] + 9;
		else if (strcmp(argv[i], "--no-vnet") == 0)
			flags &= ~BRH_USE_VNET;
		else if (strcmp(argv[i], "--help") == 0)
			return usage(NULL);
		else
			return usage("unknown or repeated argument");
	}
	if (bridge == NULL)
		return usage("missing --br=BRIDGE");
	if (i + 1 >= argc)
		return usage("missing -- COMMAND");
	fd = brh_open_tap(helper, bridge, flags, ifname, &e);
	if (fd < 0) {
		fprintf(stderr, "brhelper-run: %s\n", e.msg);
		return 125;
	}
	if (fd != TAP_FD && dup2(fd, TAP_FD) < 0) {
		fprintf(stderr, "brhelper-run: dup2: %s\n", strerror(errno));
		return 125;
	}
	if (fd != TAP_FD)
		close(fd);
	/* dup2 leaves fd 3 without close-on-exec; when fd was 3, clear it. */
	if (fd == TAP_FD && fcntl(TAP_FD, F_SETFD, 0) < 0)
		return 125;
	if (setenv("BRHELPER_IFNAME", ifname, 1) < 0)
		return 125;
	execvp(argv[i + 1], argv + i + 1);
	fprintf(stderr, "brhelper-run: %s: %s\n", argv[i + 1], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
