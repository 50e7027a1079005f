/*
 * wire.h - what the helper, brhelperctl and libbrhelper agree on.
 *
 * The helper (helper/, privileged) and libbrhelper (lib/, unprivileged)
 * never include each other's headers; the few facts both sides must share
 * live here: exit codes, the hand-off message and its limits.  What an
 * interface name is lives in ifname.h.
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

/*
 * The hand-off: exactly one message on the --fd socket, one data byte
 * (QEMU reads one) and one SCM_RIGHTS control message with the TAP fd,
 * or with one fd per queue, in queue order.
 */
#define BRH_WIRE_BYTE 0

/*
 * Queues, and so fds in that one message: the kernel passes at most 253
 * fds in one SCM_RIGHTS message (SCM_MAX_FD).  The one definition of the
 * limit: --queues, queues= and the library all use it.
 */
#define BRH_WIRE_MAX_FDS 253

/* The alias every brhelper TAP carries: who made it (brhelper(8)). */
#define BRH_TAP_ALIAS_FMT "brhelper uid=%u pid=%d"

#endif
