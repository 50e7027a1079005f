/*
 * policy.h - the sandbox: what the helper may do, step by step.
 *
 * At entry (priv_enter), both installs reach the same state: the caller's
 * uids and gids (and its own supplementary groups), CAP_NET_ADMIN and
 * CAP_DAC_OVERRIDE permitted, none in effect, nothing inheritable or
 * ambient, the bounding set empty, no_new_privs.  From there a capability
 * is put in effect only inside the one function that needs it, and taken
 * out of effect in that same function (priv_raise, priv_lower); once its
 * last use is over it leaves the permitted set for good (priv_forget).
 * priv_drop_all empties every set; sandbox_seal then loads the seccomp
 * allowlist for the hand-off.
 */
#ifndef BRHELPER_POLICY_H
#define BRHELPER_POLICY_H

#include <stddef.h>
#include <sys/types.h>

enum priv_via { VIA_NONE, VIA_SETUID, VIA_CAPS };

struct priv {
	enum priv_via via; /* how the helper was given its privilege */
	uid_t uid;	   /* the caller: real uid and gid */
	gid_t gid;
};

/* Step 1 and 2: refuse an odd state, else reach the common one. */
int priv_enter(struct priv *p, char *err, size_t errlen);
/* Put cap in effect (it must be permitted), or take it out of effect. */
int priv_raise(int cap, char *err, size_t errlen);
int priv_lower(int cap, char *err, size_t errlen);
/* Take cap out of effect and out of the permitted set: gone for good. */
int priv_forget(int cap, char *err, size_t errlen);
/* No capability in any set, as the kernel reads it back. */
int priv_drop_all(char *err, size_t errlen);
/* The fd the --fd socket is moved to, which the allowlist names. */
#define POLICY_SOCK_FD 3
/*
 * The hand-off allowlist (seccomp_gen.c): sendmsg on POLICY_SOCK_FD, write
 * on fd 2, exit.  Anything else, and any syscall of another architecture,
 * kills the process.
 */
int sandbox_seal(char *err, size_t errlen);

#endif
