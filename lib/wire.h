/*
 * wire.h - what the helper and its callers agree on, and nothing else.
 *
 * The helper (helper/, setuid) and libbrhelper (lib/, unprivileged) never
 * include each other's headers; the few facts both sides must share live
 * here: exit codes, the hand-off message, and the rule for interface names
 * (the library checks a name before it puts it on a command line; the helper
 * and the ACL check it again, because they trust no caller).
 */
#ifndef BRHELPER_WIRE_H
#define BRHELPER_WIRE_H

#include <net/if.h>
#include <stddef.h>

/* Exit status of the helper (brhelper(8), EXIT STATUS). */
enum {
	BRH_EXIT_OK = 0,	/* the TAP fd was sent (or --check: allowed) */
	BRH_EXIT_DENIED = 1,	/* refused by the ACL */
	BRH_EXIT_USAGE = 2,	/* bad command line */
	BRH_EXIT_CONFIG = 3,	/* ACL missing, unsafe or malformed */
	BRH_EXIT_SYSTEM = 4,	/* no such bridge, kernel refused, send failed */
};

/*
 * The hand-off: exactly one message on the --fd socket, one data byte
 * (QEMU reads one) and one SCM_RIGHTS control message with the TAP fd.
 */
#define BRH_WIRE_BYTE 0

/* What the kernel's dev_valid_name() accepts, minus control bytes. */
static inline const char *brh_ifname_problem(const char *name)
{
	size_t len;

	if (name == NULL || name[0] == '\0')
		return "is empty";
	for (len = 0; name[len] != '\0'; len++) {
		unsigned char c = (unsigned char)name[len];

		if (len + 1 >= IFNAMSIZ)
			return "is longer than 15 bytes (IFNAMSIZ)";
		if (c == '/' || c == ':')
			return "contains '/' or ':'";
		if (c == ' ' || (c >= '\t' && c <= '\r'))
			return "contains white space";
		if (c < 0x20 || c == 0x7f)
			return "contains a control byte";
	}
	if ((name[0] == '.' && name[1] == '\0') ||
	    (name[0] == '.' && name[1] == '.' && name[2] == '\0'))
		return "is '.' or '..'";
	return NULL;
}

#endif
