/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * helper.h - the pieces of the privileged program, one file each.  A
 * function that can fail returns 0 or an exit status (common/wire.h), with
 * a one-line reason in err.
 */
#ifndef BRHELPER_HELPER_H
#define BRHELPER_HELPER_H

#include <net/ethernet.h>
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "../acl/acl.h"
#include "../common/wire.h"
#include "../policy/policy.h"

/* args.c: the command line, parsed strictly (brhelper(8)) */
enum args_mode { MODE_RUN, MODE_HELP, MODE_VERSION };
struct args {
	enum args_mode mode;
	bool use_vnet;
	const char *bridge; /* points into argv; checked as a name */
	int fd;		    /* MODE_RUN: 3..INT_MAX; else -1 */
	unsigned queues;    /* --queues=N, 1 to BRH_WIRE_MAX_FDS; 1 */
	bool has_mac;	    /* --mac=MAC, for a locked rule */
	unsigned char mac[ETHER_ADDR_LEN];
};
int args_parse(int argc, char *const argv[], struct args *a, char *err,
	       size_t errlen);

/* netlink.c: fmt into err; returns status */
__attribute__((format(printf, 4, 5))) int
failure(int status, char *err, size_t errlen, const char *fmt, ...);

/* entry.c */
int entry_check(char *err, size_t errlen);
int entry_close_rest(const int *keep, unsigned n, char *err, size_t errlen);

/* fds.c, shared with brhelper-forward: what is wrong with --fd (or NULL);
 * one message with fds; stderr, a pipe, read by the caller or 1 s gone */
const char *fd_problem(int fd);
ssize_t send_msg(int sock, const void *data, size_t len, const int *fds,
		 unsigned n, int flags);
void stderr_drained(void);

/* send.c: --fd checked and moved to POLICY_SOCK_FD; the hand-off */
int send_check(int fd, char *err, size_t errlen);
int send_fds(int shown, const int *fds, unsigned n, char *err, size_t errlen);

/* tap.c */
struct tap {
	int fds[BRH_WIRE_MAX_FDS];
	unsigned queues; /* fds open */
	char name[IFNAMSIZ];
	unsigned char mac[ETHER_ADDR_LEN];
	int ifindex; /* from bridge_attach() */
};
int tap_open(struct tap *t, unsigned queues, char *err, size_t errlen);
int tap_create(struct tap *t, bool vnet, uid_t owner, char *err, size_t errlen);
int tap_reset(struct tap *t, bool vnet, char *err, size_t errlen);
void tap_close(struct tap *t);

/* netlink.c */
#define LINK_MAX_NAMES 33 /* a bridge's real name and 32 altnames */
struct link {
	int ifindex, master;
	char name[IFNAMSIZ];
	bool up;
	unsigned char addr[ETHER_ADDR_LEN]; /* IFLA_ADDRESS, if 6 bytes */
	char kind[16];
	unsigned mtu;
	char altnames[LINK_MAX_NAMES - 1][IFNAMSIZ];
	size_t naltnames;
	bool too_many_names;
	bool vlan_filtering;   /* a bridge's */
	bool isolated, locked; /* a bridge port's */
	bool tagged;	       /* alias BRH_TAP_ALIAS_FMT: uid, pid */
	uint32_t uid;
	int32_t pid;
	bool claims; /* ... and mac=: a locked port's MAC */
	unsigned char claim[ETHER_ADDR_LEN];
	/* a TAP's, from IFLA_TUN_* (tun's fill_info) */
	bool owned, grouped, persist;
	uint32_t owner, queues, disabled;
};
typedef void (*link_fn)(const struct link *li, void *arg);
struct nl_sock;
struct nl_msg;
struct netlink {
	struct nl_sock *sk;
	int kernel_errno; /* of the last refusal or failed call, or 0 */
	link_fn fn;	  /* netlink_request's, while it reads */
	void *arg;
};
int netlink_open(struct netlink *nl, char *err, size_t errlen);
void netlink_close(struct netlink *nl);
/* Send msg (freed), each RTM_NEWLINK answer to fn: 0 or -NLE. */
int netlink_request(struct netlink *nl, struct nl_msg *msg, link_fn fn,
		    void *arg);
const char *netlink_reason(const struct netlink *nl, int rc);
int link_get(struct netlink *nl, const char *name, struct link *li);

/* bridge.c */
struct bridge {
	struct link li;
	const char *names[LINK_MAX_NAMES]; /* li's names, for the ACL */
	size_t nnames;
};
int bridge_lookup(struct netlink *nl, const char *name, struct bridge *br,
		  char *err, size_t errlen);
/* mac: for a locked rule, the claim its alias carries; else NULL. */
int bridge_attach(struct netlink *nl, const struct bridge *br, struct tap *t,
		  uid_t uid, pid_t pid, const char *mac, bool up, char *err,
		  size_t errlen);
/* Each TAP of bridge ifindex master to fn: 0 or -NLE.  A dump the kernel
 * marks changed (-NLE_DUMP_INTR) is its caller's to read again, at most
 * DUMP_TRIES times. */
#define DUMP_TRIES 8
int bridge_taps(struct netlink *nl, int master, link_fn fn, void *arg);
/* isolated, vlan=, locked (to mac): 0; BRH_EXIT_DENIED when mac is in the
 * bridge's table already or another TAP claims it; or BRH_EXIT_SYSTEM. */
int port_settings(struct netlink *nl, const struct bridge *br,
		  const struct tap *t, const struct acl_rule *rule,
		  const unsigned char *mac, char *err, size_t errlen);
int link_set_up(struct netlink *nl, const struct tap *t, bool up, char *err,
		size_t errlen);
int tap_check_as_made(struct netlink *nl, const struct tap *t, uid_t owner,
		      char *err, size_t errlen);

/* quota.c: t admitted and up: 0; BRH_EXIT_DENIED with *held; or error. */
int quota_room(struct netlink *nl, const struct bridge *br, uint32_t uid,
	       unsigned max, unsigned *held, char *err, size_t errlen);
int quota_admit(struct netlink *nl, const struct bridge *br,
		const struct tap *t, uint32_t uid, unsigned max, unsigned *held,
		char *err, size_t errlen);

/* audit.c */
struct audit {
	int sock; /* made at step 3 */
};
struct audit_rec {
	uint32_t uid;
	const char *bridge; /* as asked */
	int status;	    /* the run's exit status */
	const struct acl_verdict *v;
	const char *via; /* setuid, caps */
	const char *tap; /* allowed: the TAP's name */
	unsigned queues;
	const char *mac; /* allowed, locked: the guest's MAC */
};
int audit_open(struct audit *au, char *err, size_t errlen);
void audit_write(struct audit *au, const struct audit_rec *a);

/* run.c: one run, from either entry (main.c, service.c) */
struct run {
	struct priv p;
	struct args a;
	struct audit audit;
	struct tap t;
	struct acl acl;
	struct acl_caller who;
	struct acl_verdict v;
	struct netlink nl;
	struct bridge br;
	char err[1024]; /* the failure's one line */
	char mac[18];	/* --mac as text: "52:54:00:12:34:56" */
	char why[512];	/* r->v.why's text, for ACL_MAC */
	pid_t pid;	/* the caller's, for the TAP's alias */
	/* service.c's: the answer to its client, with the fds on success */
	int (*answer)(struct run *r, int status);
};
__attribute__((noreturn)) void run_request(struct run *r);
__attribute__((noreturn)) void finish(struct run *r, int status);
/* exit_group: after the filter, exit(3)'s handlers would make calls it
 * kills; before it, library destructors have no business running.  Inline
 * in each file: GCC's ASan calls sigaltstack(2) before a call to a
 * noreturn function of another file, which the filter kills (stage
 * sanitized-helper). */
__attribute__((noreturn)) static inline void exit_now(int status)
{
	for (;;)
		syscall(SYS_exit_group, status);
}
/* run.c: the one line on stderr; returns status */
__attribute__((format(printf, 2, 3))) int report(int status, const char *fmt,
						 ...);

#endif
