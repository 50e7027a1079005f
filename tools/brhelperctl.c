/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * brhelperctl - what the brhelper ACL allows, and the TAPs brhelper made.
 *
 *	brhelperctl check --br=BRIDGE [--user=NAME]
 *	brhelperctl list [--br=BRIDGE]
 *	brhelperctl --help | --version
 *
 * No privilege: it is installed 0755 and reads as its caller.  check links
 * the helper's own ACL, trusted-file and decision code (Makefile, ACL_SRC
 * and NET_SRC), so a run and check never disagree on the same files.
 * Exit status as brhelper(8): 0 allowed (or listed), 1 denied, 2 usage,
 * 3 configuration, 4 system.
 */
#include <stdio.h>
#include <string.h>

#include "../common/ifname.h"
#include "../common/wire.h"
#include "ctl.h"

#ifndef BRH_VERSION
#define BRH_VERSION "unknown"
#endif

static const char usage[] =
	"usage: brhelperctl check --br=BRIDGE [--user=NAME]\n"
	"       brhelperctl list [--br=BRIDGE]\n"
	"       brhelperctl --help | --version\n"
	"\n"
	"check says whether the ACL lets you (root: user NAME) put a TAP on\n"
	"BRIDGE, which rule decides and what it gives.  list shows the TAPs\n"
	"brhelper made in this network namespace.  See brhelperctl(1).\n";

static int bad_usage(const char *what, const char *arg)
{
	char shown[BRH_QUOTED_SIZE(40)];

	brh_quote(arg, strnlen(arg, 40), shown, sizeof(shown));
	return ctl_report(BRH_EXIT_USAGE, "%s%s (see brhelperctl --help)", what,
			  shown);
}

int main(int argc, char *argv[])
{
	const char *bridge = NULL, *user = NULL, *why;
	bool check;
	int i;

	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		return fputs(usage, stdout) < 0 || fflush(stdout) ? 4 : 0;
	if (argc == 2 && strcmp(argv[1], "--version") == 0)
		return printf("brhelperctl %s\n", BRH_VERSION) < 0 ? 4 : 0;
	if (argc < 2 || (strcmp(argv[1], "check") && strcmp(argv[1], "list")))
		return bad_usage("give check or list: ",
				 argc < 2 ? "" : argv[1]);
	check = strcmp(argv[1], "check") == 0;
	for (i = 2; i < argc; i++) {
		if (strncmp(argv[i], "--br=", 5) == 0 && bridge == NULL)
			bridge = argv[i] + 5;
		else if (check && strncmp(argv[i], "--user=", 7) == 0 &&
			 user == NULL)
			user = argv[i] + 7;
		else
			return bad_usage("unknown or repeated argument: ",
					 argv[i]);
	}
	if (check && bridge == NULL)
		return bad_usage("check needs --br=BRIDGE", "");
	why = bridge != NULL ? brh_ifname_problem(bridge) : NULL;
	if (why != NULL) {
		char shown[BRH_QUOTED_IFNAME + 4];

		brh_quote(bridge, strnlen(bridge, IFNAMSIZ), shown,
			  sizeof(shown));
		return ctl_report(BRH_EXIT_USAGE,
				  "--br=%s%s: bridge name %s (see brhelperctl "
				  "--help)",
				  shown,
				  strlen(bridge) >= IFNAMSIZ ? "..." : "", why);
	}
	if (check)
		return ctl_check(bridge, user);
	return ctl_list(bridge);
}
