/*
 * caps.c - uids and capabilities, with libcap-ng.
 *
 * Rules this file keeps:
 *  1. A state we do not understand is refused, not repaired: a set-group-ID
 *     or set-user-ID to anyone but root; not in the initial user namespace;
 *     not root, yet a capability in effect at exec, or permitted other than
 *     the three of make install-caps.
 *  2. Both installs reach one state before anything else is done
 *     (priv_enter): the caller's uid and gid in all three slots, the
 *     caller's supplementary groups kept (group-readable per-user ACL
 *     files, as with QEMU), CAP_NET_ADMIN and CAP_DAC_OVERRIDE permitted,
 *     none in effect, none inheritable or ambient, the bounding set empty,
 *     no_new_privs.  The setuid install gets there from root, with the
 *     securebits locked first (no root magic if the uid is 0); the
 *     file-capability install (cap_net_admin,cap_dac_override,cap_setpcap+p:
 *     permitted, never in effect at exec) uses CAP_SETPCAP for the bounding
 *     set and then lets it go.
 *  3. Every change goes through libcap-ng, and the state reached is read
 *     back from the kernel (capng_get_caps_process) where it matters: at
 *     entry and when everything is dropped.  A failed check is an error.
 */
#include "policy.h"

#include <cap-ng.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <linux/securebits.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Not KEEP_CAPS_LOCKED: capng_change_id sets keep-caps for the change. */
#define LOCKED_SECUREBITS                                                      \
	(SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |       \
	 SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_NO_CAP_AMBIENT_RAISE |         \
	 SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED)

/* The kernel's inode number of the initial user namespace (proc_ns.h). */
#define INIT_USER_NS "user:[4026531837]"

static int fail(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s: %s", what, strerror(errno ? errno : EPERM));
	return -1;
}

/*
 * Rule 1: in the initial user namespace?  The kernel writes the answer as
 * the text of the magic link /proc/thread-self/ns/user.  A caller with a
 * mount namespace of its own could cover /proc or that link with a file
 * of its choosing, so the link is reached from a procfs descriptor with
 * RESOLVE_NO_XDEV: no mount crossed, so what is read is procfs's own.
 */
static int initial_userns(char *err, size_t errlen)
{
	struct open_how how = { .flags = O_PATH | O_NOFOLLOW | O_CLOEXEC,
				.resolve = RESOLVE_NO_XDEV };
	char text[64] = "";
	struct statfs sf;
	int proc, link = -1;
	ssize_t n = -1;

	errno = 0;
	proc = open("/proc", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (proc >= 0 && fstatfs(proc, &sf) == 0 &&
	    sf.f_type == PROC_SUPER_MAGIC)
		link = (int)syscall(SYS_openat2, proc, "thread-self/ns/user",
				    &how, sizeof(how));
	if (link >= 0)
		n = readlinkat(link, "", text, sizeof(text) - 1);
	if (proc >= 0)
		close(proc);
	if (link >= 0)
		close(link);
	if (n < 0)
		return fail(err, errlen,
			    "cannot tell whether it is in the initial user "
			    "namespace (is /proc mounted?)");
	text[n] = '\0';
	if (strcmp(text, INIT_USER_NS) == 0)
		return 0;
	snprintf(err, errlen,
		 "not in the initial user namespace (in %s): refused; run "
		 "it from the host's own user namespace",
		 text);
	return -1;
}

/*
 * As the kernel reads it back: nothing in any set but, when net_dac, the
 * permitted CAP_NET_ADMIN and CAP_DAC_OVERRIDE.
 */
static int caps_are(int net_dac, char *err, size_t errlen)
{
	int cap;

	if (capng_get_caps_process() < 0)
		return fail(err, errlen, "reading capabilities");
	for (cap = 0; cap <= CAP_LAST_CAP; cap++) {
		int want = net_dac &&
			   (cap == CAP_NET_ADMIN || cap == CAP_DAC_OVERRIDE);

		if (capng_have_capability(CAPNG_PERMITTED, cap) != want ||
		    capng_have_capability(CAPNG_EFFECTIVE, cap) ||
		    capng_have_capability(CAPNG_INHERITABLE, cap) ||
		    capng_have_capability(CAPNG_BOUNDING_SET, cap) ||
		    capng_have_capability(CAPNG_AMBIENT, cap)) {
			snprintf(err, errlen,
				 "capabilities are not as set (capability %d)",
				 cap);
			return -1;
		}
	}
	return 0;
}

/* Rule 2's state, and no_new_privs. */
static int common_state(char *err, size_t errlen)
{
	if (caps_are(1, err, errlen) < 0)
		return -1;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return fail(err, errlen, "setting no_new_privs");
	return 0;
}

/* Setuid root: lock the securebits, then become the caller for good. */
static int from_root(const struct priv *p, char *err, size_t errlen)
{
	errno = 0;
	if (prctl(PR_SET_SECUREBITS, LOCKED_SECUREBITS, 0, 0, 0) < 0)
		return fail(err, errlen, "locking securebits");
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_updatev(CAPNG_ADD, CAPNG_PERMITTED, CAP_NET_ADMIN,
			  CAP_DAC_OVERRIDE, -1) < 0 ||
	    capng_change_id((int)p->uid, (int)p->gid, CAPNG_CLEAR_BOUNDING) < 0)
		return fail(err, errlen, "becoming the caller");
	return 0;
}

/* File capabilities: CAP_SETPCAP empties the bounding set, then goes. */
static int from_file_caps(char *err, size_t errlen)
{
	errno = 0;
	if (capng_get_caps_process() < 0 ||
	    capng_update(CAPNG_ADD, CAPNG_EFFECTIVE, CAP_SETPCAP) < 0 ||
	    capng_apply(CAPNG_SELECT_CAPS) < 0)
		return fail(err, errlen, "raising CAP_SETPCAP");
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_updatev(CAPNG_ADD, CAPNG_PERMITTED, CAP_NET_ADMIN,
			  CAP_DAC_OVERRIDE, -1) < 0 ||
	    capng_apply(CAPNG_SELECT_BOTH) < 0)
		return fail(err, errlen, "emptying the bounding set");
	return 0;
}

/* Not root: none at all, or exactly make install-caps' three, as +p. */
static int classify_caps(struct priv *p, char *err, size_t errlen)
{
	int cap, odd = 0, eff = 0;

	if (capng_get_caps_process() < 0)
		return fail(err, errlen, "reading capabilities");
	p->via = capng_have_permitted_capabilities() == CAPNG_NONE ? VIA_NONE
								   : VIA_CAPS;
	for (cap = 0; p->via == VIA_CAPS && cap <= CAP_LAST_CAP; cap++) {
		odd |= capng_have_capability(CAPNG_PERMITTED, cap) !=
		       (cap == CAP_NET_ADMIN || cap == CAP_DAC_OVERRIDE ||
			cap == CAP_SETPCAP);
		eff |= capng_have_capability(CAPNG_EFFECTIVE, cap);
	}
	if (odd)
		snprintf(err, errlen,
			 "file capabilities other than "
			 "cap_net_admin,cap_dac_override,cap_setpcap+p; "
			 "reinstall it with 'make install-caps' (see "
			 "brhelper(8))");
	else if (eff)
		snprintf(err, errlen,
			 "capabilities in effect at start: install it with +p, "
			 "not +ep ('make install-caps'; see brhelper(8))");
	return odd || eff ? -1 : 0;
}

int priv_enter(struct priv *p, char *err, size_t errlen)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;

	if (getresuid(&r, &e, &s) < 0 || getresgid(&rg, &eg, &sg) < 0)
		return fail(err, errlen, "reading its own credentials");
	p->uid = r;
	p->gid = rg;
	if (eg != rg || sg != rg) {
		snprintf(err, errlen,
			 "installed set-group-ID; reinstall it "
			 "mode 4755 root:root (see brhelper(8))");
		return -1;
	}
	if (e != 0 && (e != r || s != r)) {
		snprintf(err, errlen,
			 "set-user-ID to uid %u, not root; reinstall it (see "
			 "brhelper(8))",
			 (unsigned)e);
		return -1;
	}
	if (initial_userns(err, errlen) < 0)
		return -1;
	if (e == 0 &&
	    (capng_get_caps_process() < 0 ||
	     !capng_have_capability(CAPNG_EFFECTIVE, CAP_NET_ADMIN))) {
		snprintf(err, errlen,
			 "running as root without CAP_NET_ADMIN; "
			 "refusing an odd privilege state");
		return -1;
	}
	if (e == 0)
		p->via = VIA_SETUID;
	else if (classify_caps(p, err, errlen) < 0)
		return -1;
	if (p->via == VIA_NONE)
		return 0;
	if ((p->via == VIA_SETUID ? from_root(p, err, errlen)
				  : from_file_caps(err, errlen)) < 0)
		return -1;
	return common_state(err, errlen);
}

static int change(capng_act_t act, capng_type_t sets, int cap, char *err,
		  size_t errlen)
{
	errno = 0;
	if (capng_update(act, sets, (unsigned)cap) < 0 ||
	    capng_apply(CAPNG_SELECT_CAPS) < 0)
		return fail(err, errlen, "changing capabilities");
	return 0;
}

int priv_raise(int cap, char *err, size_t errlen)
{
	return change(CAPNG_ADD, CAPNG_EFFECTIVE, cap, err, errlen);
}

int priv_lower(int cap, char *err, size_t errlen)
{
	return change(CAPNG_DROP, CAPNG_EFFECTIVE, cap, err, errlen);
}

int priv_forget(int cap, char *err, size_t errlen)
{
	return change(CAPNG_DROP, CAPNG_EFFECTIVE | CAPNG_PERMITTED, cap, err,
		      errlen);
}

int priv_drop_all(char *err, size_t errlen)
{
	errno = 0;
	capng_clear(CAPNG_SELECT_CAPS);
	if (capng_apply(CAPNG_SELECT_CAPS) < 0)
		return fail(err, errlen, "dropping capabilities");
	return caps_are(0, err, errlen);
}
