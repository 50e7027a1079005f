/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * wire.h - what the helper (privileged), brhelperctl and libbrhelper
 * (unprivileged) agree on; they never include each other's headers.
 */
#ifndef BRHELPER_WIRE_H
#define BRHELPER_WIRE_H

#include <stdio.h>
#include <string.h>

/* Exit status of the helper (brhelper(8), EXIT STATUS). */
enum {
	BRH_EXIT_OK = 0,     /* the TAP fd was sent (brhelperctl: allowed) */
	BRH_EXIT_DENIED = 1, /* refused by the ACL, the quota or queues= */
	BRH_EXIT_USAGE = 2,  /* bad command line */
	BRH_EXIT_CONFIG = 3, /* ACL missing, unsafe or malformed */
	BRH_EXIT_SYSTEM = 4, /* no such bridge, kernel refused, send failed */
};

/* The hand-off: one message on --fd, this one data byte (QEMU reads one)
 * and one SCM_RIGHTS with the TAP fd, or one fd per queue in order. */
#define BRH_WIRE_BYTE 0

/* Most queues: fds in one SCM_RIGHTS message (SCM_MAX_FD). */
#define BRH_WIRE_MAX_FDS 253

/* The alias every brhelper TAP carries: who made it (brhelper(8)); a
 * locked port's adds " mac=MAC", the MAC it claims. */
#define BRH_TAP_ALIAS_FMT "brhelper uid=%u pid=%d"

/* A MAC as --mac= and the alias write it, at s: six two-digit hex bytes
 * joined by ':' (either case), not all zero.  0, or -1.  What follows the
 * 17 bytes is the caller's to check. */
static inline int brh_mac_parse(const char *s, unsigned char mac[6])
{
	int n = 0;

	if (strnlen(s, 17) == 17 && strspn(s, "0123456789abcdefABCDEF:") >= 17)
		sscanf(s, "%2hhx:%2hhx:%2hhx:%2hhx:%2hhx:%2hhx%n", &mac[0],
		       &mac[1], &mac[2], &mac[3], &mac[4], &mac[5], &n);
	return n == 17 && (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] |
			   mac[5]) != 0
		       ? 0
		       : -1;
}

#endif
