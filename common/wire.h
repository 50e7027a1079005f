/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * wire.h - what the helper (privileged), brhelperctl and libbrhelper
 * (unprivileged) agree on; they never include each other's headers.
 */
#ifndef BRHELPER_WIRE_H
#define BRHELPER_WIRE_H

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

/* The alias every brhelper TAP carries: who made it (brhelper(8)). */
#define BRH_TAP_ALIAS_FMT "brhelper uid=%u pid=%d"

#endif
