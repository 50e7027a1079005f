/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * seccomp.c - load the hand-off allowlist, as libseccomp built it when the
 * helper was built (seccomp_gen.c says what it allows and why): the
 * program is loaded as written, nothing put in or taken out.
 */
#include "policy.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "seccomp_bpf.h" /* generated: seccomp_bpf[] */

int sandbox_seal(char *err, size_t errlen)
{
	static struct sock_filter
		prog[sizeof(seccomp_bpf) / sizeof(struct sock_filter)];
	struct sock_fprog fp = { sizeof(prog) / sizeof(prog[0]), prog };

	memcpy(prog, seccomp_bpf, sizeof(prog));
	/* no_new_privs, which the kernel requires, is set at entry (caps.c). */
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) == 0)
		return 0;
	snprintf(err, errlen, "seccomp: loading the filter: %s",
		 strerror(errno));
	return -1;
}
