/*
 * wire.h - what the helper and its callers agree on, and nothing else.
 *
 * The helper (helper/, setuid) and libbrhelper (lib/, unprivileged) never
 * include each other's headers; the few facts both sides must share live
 * here: exit codes and the hand-off message.  What an interface name is
 * lives in ifname.h.
 */
#ifndef BRHELPER_WIRE_H
#define BRHELPER_WIRE_H

/* Exit status of the helper (brhelper(8), EXIT STATUS). */
enum {
	BRH_EXIT_OK = 0,     /* the TAP fd was sent (or --check: allowed) */
	BRH_EXIT_DENIED = 1, /* refused by the ACL */
	BRH_EXIT_USAGE = 2,  /* bad command line */
	BRH_EXIT_CONFIG = 3, /* ACL missing, unsafe or malformed */
	BRH_EXIT_SYSTEM = 4, /* no such bridge, kernel refused, send failed */
};

/*
 * The hand-off: exactly one message on the --fd socket, one data byte
 * (QEMU reads one) and one SCM_RIGHTS control message with the TAP fd.
 */
#define BRH_WIRE_BYTE 0

#endif
