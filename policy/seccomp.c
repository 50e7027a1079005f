/*
 * seccomp.c - the allowlist loaded just before the hand-off, with
 * libseccomp.
 *
 * After it the helper sends the TAP fds on the --fd socket, reports a
 * failure of that send on stderr, and exits.  Every other syscall, and
 * every syscall of a foreign architecture (i386 or x32 entry points on
 * x86_64), kills the whole process.  sendmsg is allowed on the socket
 * only, write on fd 2 only.  Nothing after the filter may need more: the
 * send's message is formatted without locale (main.c, report), and the
 * process ends with exit_group, never through exit(3).
 */
#include "policy.h"

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>

/* The allowlist: one line a syscall; fd: the first argument, or -1: any. */
static const struct {
	int nr;
	int fd;
} allowed[] = {
	{ SCMP_SYS(sendmsg), 0 /* the --fd socket, put in below */ },
	{ SCMP_SYS(write), 2 },
	{ SCMP_SYS(exit_group), -1 },
	{ SCMP_SYS(exit), -1 },
};

static int add(scmp_filter_ctx ctx, int nr, int fd)
{
	if (fd < 0)
		return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
				SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd));
}

int sandbox_seal(int sock, char *err, size_t errlen)
{
	scmp_filter_ctx ctx;
	size_t i;
	int rc;

	errno = 0;
	ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (ctx == NULL) {
		snprintf(err, errlen, "seccomp: cannot make a filter: %s",
			 strerror(errno ? errno : ENOMEM));
		return -1;
	}
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			      SCMP_ACT_KILL_PROCESS);
	/* The kernel's own errno when loading fails, not -ECANCELED. */
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1);
	/* no_new_privs, which the kernel requires, is set at entry (caps.c). */
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	/*
	 * A tracer that skips a call (strace's fault injection, make check's
	 * sweep) makes it syscall -1: allowed, it does nothing (ENOSYS).
	 */
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_API_TSKIP, 1);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, -1, 0);
	for (i = 0; rc == 0 && i < sizeof(allowed) / sizeof(allowed[0]); i++)
		rc = add(ctx, allowed[i].nr,
			 allowed[i].nr == SCMP_SYS(sendmsg) ? sock
							    : allowed[i].fd);
	if (rc == 0)
		rc = seccomp_load(ctx);
	/*
	 * Not released once loaded: freeing may return memory to the kernel
	 * (munmap, brk), which the filter does not allow.  The process ends
	 * within a few syscalls.
	 */
	if (rc == 0)
		return 0;
	seccomp_release(ctx);
	snprintf(err, errlen, "seccomp: loading the filter: %s", strerror(-rc));
	return -1;
}
