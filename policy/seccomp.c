/*
 * seccomp.c - the allowlist loaded just before the hand-off.
 *
 * After it, the helper only sends the TAP fd on the --fd socket, reports a
 * failure on stderr, closes descriptors and exits.  Every other syscall,
 * and every syscall of a foreign architecture (i386 or x32 entry points on
 * x86_64), kills the whole process.  Arguments are pinned where it costs
 * nothing: sendmsg only on the socket, write only to fd 2.
 */
#include "policy.h"

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>

struct allowed {
	int nr;
	int pin_fd;	/* -1: any first argument */
};

int policy_seccomp_load(int sock, char *err, size_t errlen)
{
	const struct allowed list[] = {
		{ SCMP_SYS(sendmsg), sock },
		{ SCMP_SYS(write), 2 },
		{ SCMP_SYS(close), -1 },
		{ SCMP_SYS(exit_group), -1 },
		{ SCMP_SYS(exit), -1 },
	};
	scmp_filter_ctx ctx;
	size_t i;
	int rc;

	ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (ctx == NULL) {
		snprintf(err, errlen, "seccomp: cannot create a filter");
		return -1;
	}
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			      SCMP_ACT_KILL_PROCESS);
	for (i = 0; rc == 0 && i < sizeof(list) / sizeof(list[0]); i++) {
		if (list[i].pin_fd < 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, list[i].nr,
					      0);
		else
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, list[i].nr,
					      1, SCMP_A0(SCMP_CMP_EQ,
					      (scmp_datum_t)list[i].pin_fd));
	}
	/*
	 * On success the context is not released: free() could give memory
	 * back with brk or munmap, which the filter now kills.  The process
	 * exits within a few syscalls.
	 */
	if (rc == 0 && (rc = seccomp_load(ctx)) == 0)
		return 0;
	seccomp_release(ctx);
	snprintf(err, errlen, "seccomp: loading the filter: %s", strerror(-rc));
	return -1;
}
