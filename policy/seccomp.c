/*
 * seccomp.c - the allowlist loaded just before the hand-off.
 *
 * After it, the helper only sends the TAP fds on the --fd socket, reports
 * a failure on stderr, closes descriptors and exits.  Every other syscall,
 * and every syscall of a foreign architecture (i386 or x32 entry points on
 * x86_64), kills the whole process.  Arguments are pinned where it costs
 * nothing: sendmsg only on the socket, write only to fd 2.
 *
 * The rules are in seccomp_rules.c.  libseccomp compiles them at build
 * time (seccomp_gen.c) into the program below, with a placeholder for the
 * socket; at run time only the socket is put in and the program loaded:
 * no rule building, no allocation.  tests/unit/test_seccomp.c checks that
 * the result, after its first instruction, equals what libseccomp builds
 * from the rules for the same socket, kill default and architecture check
 * included.
 *
 * That first instruction is ours: a load of the first argument, which the
 * next instruction (libseccomp's load of the architecture) overwrites, so
 * it decides nothing.  It is there for the kernel's action cache: on
 * loading a filter the kernel emulates it for every syscall number of
 * every architecture, to find the ones it always allows, and gives up on
 * a syscall as soon as the emulation meets a load of anything but the
 * number or the architecture.  Here it gives up at once.  The cache would
 * serve a long-lived process; this one makes at most three syscalls under
 * the filter, and the emulation of libseccomp's program (some 20
 * instructions for each of about 900 numbers) cost more than the rest of
 * loading it (make bench, step 7).
 */
#include "policy.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "seccomp_bpf.h" /* generated: seccomp_program[] */
#include "seccomp_rules.h"

/* libseccomp's program and, before it, the load that stops the emulation. */
#define PROGRAM_LEN (1 + sizeof(seccomp_program) / sizeof(seccomp_program[0]))

size_t policy_seccomp_program(int sock, struct sock_filter *out, size_t cap)
{
	const struct sock_filter no_cache = BPF_STMT(
		BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args));
	size_t i;

	if (cap < PROGRAM_LEN)
		return 0;
	out[0] = no_cache;
	for (i = 1; i < PROGRAM_LEN; i++) {
		out[i] = seccomp_program[i - 1];
		if (out[i].code == (BPF_JMP | BPF_JEQ | BPF_K) &&
		    out[i].k == SECCOMP_SOCK_PLACEHOLDER)
			out[i].k = (uint32_t)sock;
	}
	return PROGRAM_LEN;
}

int policy_seccomp_load(int sock, char *err, size_t errlen)
{
	struct sock_filter prog[PROGRAM_LEN];
	struct sock_fprog fp = { (unsigned short)PROGRAM_LEN, prog };

	policy_seccomp_program(sock, prog, PROGRAM_LEN);
	/* no_new_privs is already set (step 4), as the kernel requires. */
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) == 0)
		return 0;
	snprintf(err, errlen, "seccomp: loading the filter: %s",
		 strerror(errno));
	return -1;
}
