/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * policy.h - the sandbox: what the helper may do, step by step (caps.c
 * says the state priv_enter reaches).  A capability is put in effect only
 * inside the one function that needs it and taken out in that same
 * function; after its last use it leaves the permitted set for good.
 */
#ifndef BRHELPER_POLICY_H
#define BRHELPER_POLICY_H

#include <stddef.h>
#include <sys/types.h>

enum priv_via { VIA_NONE, VIA_SETUID, VIA_CAPS, VIA_SERVICE };

struct priv {
	enum priv_via via; /* how the helper was given its privilege */
	uid_t uid;	   /* the caller: real uid and gid */
	gid_t gid;
};

/* Steps 1 and 2: refuse an odd state, else reach the common one. */
int priv_enter(struct priv *p, char *err, size_t errlen);
/* The same for the service (run by root): p->uid and p->gid, and groups,
 * are its client's, as the kernel gave them (helper/service.c). */
int priv_enter_service(struct priv *p, const gid_t *groups, size_t n, char *err,
		       size_t errlen);
/* cap (permitted) in or out of effect; out of every set; all of them. */
int priv_raise(int cap, char *err, size_t errlen);
int priv_lower(int cap, char *err, size_t errlen);
int priv_forget(int cap, char *err, size_t errlen);
int priv_drop_all(char *err, size_t errlen);
/* The fd the --fd socket is moved to, which the allowlist names. */
#define POLICY_SOCK_FD 3
/* The hand-off allowlist (seccomp_gen.c): sendmsg on POLICY_SOCK_FD,
 * write on fd 2, exit; anything else, any other architecture, kills. */
int sandbox_seal(char *err, size_t errlen);

#endif
