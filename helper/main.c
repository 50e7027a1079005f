/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * main.c - brhelper, the privileged bridge helper: the sequence.  Read top
 * to bottom; each step only narrows what the process may do.
 *
 *  1. Before main (entry.c, the static link's first constructor): fds 0-2
 *     valid, environment empty, umask 077, not dumpable, signal mask
 *     cleared.  In main, refused: no argv[0], not in the initial user
 *     namespace, set-group-ID, set-user-ID to anyone but root, odd file
 *     capabilities.
 *  2. At once both installs reach one state (policy/caps.c): the caller's
 *     uids, gids and groups, CAP_NET_ADMIN and CAP_DAC_OVERRIDE permitted,
 *     none in effect, the bounding set empty, no_new_privs.  No socket is
 *     made and no file opened before this.
 *  3. The arguments are parsed strictly; --fd is checked and moved to fd
 *     3, and the audit socket is made.  Other inherited fds are held, not
 *     closed: a last close can wait on the caller (entry.c).
 *  4. /dev/net/tun is opened, once per queue, with CAP_DAC_OVERRIDE in
 *     effect in tap_open() only; then CAP_DAC_OVERRIDE is gone for good.
 *  5. The ACL is read as the caller, with no capability in effect, and
 *     decides on the name given, before any interface is looked up.
 *  6. The bridge is looked up and decided on again by every name it has.
 *     With CAP_NET_ADMIN in effect in make_port() only, the TAP is made
 *     and owned by the caller, read back if multi-queue, attached by
 *     ifindex with its alias, set (isolated, vlan=, locked) and admitted
 *     under max= while down, and brought up.
 *  7. Every capability is dropped; the audit line is written; every
 *     inherited fd but --fd is closed; the seccomp allowlist is loaded.
 *  8. The TAP fds are sent in one message; exit 0.
 *
 * finish() is the one path out: on failure the TAP is closed (gone: never
 * persistent), every capability dropped, the audit line written, one line
 * printed.  Nothing the caller controls is waited on while a capability is
 * permitted; the process never exits through library destructors.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "helper.h"

#ifndef BRH_ACL_PATH
#error "BRH_ACL_PATH must be set at build time (see Makefile)"
#endif
#ifndef BRH_VERSION
#define BRH_VERSION "unknown"
#endif

static const char usage[] =
	"usage: brhelper [--use-vnet] [--queues=N] [--mac=MAC] --br=BRIDGE "
	"--fd=UNIXFD\n"
	"       brhelper --help | --version\n"
	"\n"
	"Creates a TAP device, attaches it to BRIDGE if " BRH_ACL_PATH "\n"
	"allows it, and sends its fd (N queue fds) over the unix socket\n"
	"UNIXFD.  brhelperctl check says what the ACL allows, brhelperctl\n"
	"list shows the TAPs brhelper made.  See brhelper(8).\n";

/* --help, --version: with no capability left, print and exit. */
__attribute__((noreturn)) static void tell(struct run *r)
{
	if (priv_drop_all(r->err, sizeof(r->err)) < 0)
		finish(r, BRH_EXIT_SYSTEM);
	fputs(r->a.mode == MODE_HELP ? usage : "brhelper " BRH_VERSION "\n",
	      stdout);
	exit_now(fflush(stdout) == 0 ? BRH_EXIT_OK : BRH_EXIT_SYSTEM);
}

int main(int argc, char *argv[])
{
	struct run r = { .audit = { -1 } };
	char why[900];
	int rc;

	/* 1, 2.  Linux 5.18+ turns an empty argv into { "" }: refuse both. */
	if (entry_check(r.err, sizeof(r.err)) != 0)
		finish(&r, BRH_EXIT_SYSTEM);
	if (argc < 1 || argv[0] == NULL || argv[0][0] == '\0') {
		snprintf(r.err, sizeof(r.err), "started without argv[0]");
		finish(&r, BRH_EXIT_USAGE);
	}
	r.pid = getppid();
	if (priv_enter(&r.p, r.err, sizeof(r.err)) < 0)
		finish(&r, BRH_EXIT_SYSTEM);
	/* 3. */
	if (args_parse(argc, argv, &r.a, why, sizeof(why)) < 0) {
		snprintf(r.err, sizeof(r.err), "%s (see brhelper --help)", why);
		finish(&r, BRH_EXIT_USAGE);
	}
	if (r.a.mode != MODE_RUN)
		tell(&r);
	if (r.p.via == VIA_NONE) { /* the service's forwarder, or why not */
		execv(BRH_FORWARD, argv);
		snprintf(r.err, sizeof(r.err),
			 "no privilege to create a TAP, and %s: %s: install it "
			 "setuid root (make install), with file capabilities "
			 "(make install-caps), or with the service (make "
			 "install-service); see brhelper(8)",
			 BRH_FORWARD, strerror(errno));
		finish(&r, BRH_EXIT_SYSTEM);
	}
	/* Checked, and moved to POLICY_SOCK_FD; other inherited fds are held
	 * (closed at 7: entry.c). */
	rc = send_check(r.a.fd, r.err, sizeof(r.err));
	if (rc != 0)
		finish(&r, rc);
	run_request(&r); /* the audit socket, then 4 to 8 (run.c) */
}
