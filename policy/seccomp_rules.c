/*
 * seccomp_rules.c - the hand-off allowlist, as libseccomp rules.
 *
 * The one place the rules are written.  They are compiled to BPF at build
 * time (seccomp_gen.c writes the program that seccomp.c loads) and again
 * by the unit test, which checks that the program the helper carries is
 * exactly what libseccomp builds from these rules for any socket.
 */
#include "seccomp_rules.h"

#include <seccomp.h>
#include <stddef.h>

struct allowed {
	int nr;
	long long pin_fd; /* -1: any first argument */
};

void *seccomp_rules(int sock)
{
	const struct allowed list[] = {
		{ SCMP_SYS(sendmsg), sock }, { SCMP_SYS(write), 2 },
		{ SCMP_SYS(close), -1 },     { SCMP_SYS(exit_group), -1 },
		{ SCMP_SYS(exit), -1 },
	};
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	size_t i;
	int rc;

	if (ctx == NULL)
		return NULL;
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			      SCMP_ACT_KILL_PROCESS);
	for (i = 0; rc == 0 && i < sizeof(list) / sizeof(list[0]); i++) {
		if (list[i].pin_fd < 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, list[i].nr,
					      0);
		else
			rc = seccomp_rule_add(
				ctx, SCMP_ACT_ALLOW, list[i].nr, 1,
				SCMP_A0(SCMP_CMP_EQ,
					(scmp_datum_t)list[i].pin_fd));
	}
	if (rc == 0)
		return ctx;
	seccomp_release(ctx);
	return NULL;
}
