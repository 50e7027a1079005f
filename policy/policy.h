/*
 * policy.h - the sandbox: who the helper is allowed to be, step by step.
 *
 * What is permitted only narrows; a capability is put in effect, alone,
 * only for the step that needs it.  The helper calls them in this order
 * (see helper/main.c): priv_classify at entry, priv_raise_dac_override
 * just before opening /dev/net/tun, priv_narrow_to_net_admin before
 * reading the ACL, priv_raise_net_admin before the TAP and netlink work,
 * priv_drop_caps after the last netlink request, then policy_seccomp_load
 * just before handing the fd over.  --check calls priv_drop_all first and
 * never holds a privilege while it reads.
 */
#ifndef BRHELPER_POLICY_H
#define BRHELPER_POLICY_H

#include <stddef.h>
#include <sys/types.h>

enum priv_mode {
	PRIV_UNPRIVILEGED, /* no CAP_NET_ADMIN: only --check, --help */
	PRIV_SETUID_ROOT,  /* euid 0: installed setuid root */
	PRIV_FILE_CAPS,	   /* cap_net_admin permitted by the file */
};

struct priv {
	enum priv_mode mode;
	uid_t uid; /* the caller: real uid and gid */
	gid_t gid;
};

/* Classify the process at entry; -1 (with err) for a state we refuse. */
int priv_classify(struct priv *p, char *err, size_t errlen);

/*
 * Step 3: file capabilities: CAP_DAC_OVERRIDE in effect, alone, to open
 * /dev/net/tun (it may be mode 0600); nothing to do for setuid root.
 */
int priv_raise_dac_override(const struct priv *p, char *err, size_t errlen);

/*
 * Step 4: become the caller; only CAP_NET_ADMIN permitted, none in effect
 * (the ACL is read without); no_new_privs; locked.
 */
int priv_narrow_to_net_admin(const struct priv *p, char *err, size_t errlen);

/* Step 6: CAP_NET_ADMIN in effect, for creating and attaching the TAP. */
int priv_raise_net_admin(char *err, size_t errlen);

/* From the entry state: the caller, no capability, no_new_privs. */
int priv_drop_all(const struct priv *p, char *err, size_t errlen);

/* Step 7: from priv_raise_net_admin's state, drop CAP_NET_ADMIN: none left. */
int priv_drop_caps(char *err, size_t errlen);

/*
 * Step 7, last: the allowlist for the hand-off (sendmsg on sock only,
 * write to stderr only, close, exit).  Anything else kills the process;
 * so does a syscall of another architecture.
 */
int policy_seccomp_load(int sock, char *err, size_t errlen);

/*
 * The program policy_seccomp_load loads for sock, into out (cap
 * instructions at least): its length, or 0 when out is too small.
 */
struct sock_filter;
size_t policy_seccomp_program(int sock, struct sock_filter *out, size_t cap);

#endif
