/*
 * helper.h - the pieces of the privileged program, one file each:
 * entry.c (inherited state), usock.c (the --fd socket), tap.c (the TAP
 * device), netlink.c (the bridge), check.c (--check), main.c (the order).
 * Each returns 0, or -1 with a one-line reason in err.
 */
#ifndef BRHELPER_HELPER_H
#define BRHELPER_HELPER_H

#include <net/ethernet.h>
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "../acl/acl.h"
#include "../policy/policy.h"

/* entry.c: the early step runs before main; NULL when it ran and worked */
const char *entry_early_failure(void);
int entry_close_fds(int keep);

/* usock.c */
int usock_check(int fd, char *err, size_t errlen);
/* One message, one data byte, n_fds (1 to USOCK_MAX_FDS) in queue order. */
#define USOCK_MAX_FDS 253
int usock_send_fds(int sock, const int *fds, unsigned n_fds, char *err,
		   size_t errlen);

/* tap.c: one device, one fd per queue */
struct tap {
	int fds[USOCK_MAX_FDS];
	unsigned queues; /* fds open */
	char name[IFNAMSIZ];
	unsigned char mac[ETHER_ADDR_LEN];
};
int tap_open(struct tap *t, unsigned queues, char *err, size_t errlen);
void tap_close(struct tap *t);
int tap_create(struct tap *t, bool vnet, uid_t owner, char *err, size_t errlen);
int tap_reset(struct tap *t, bool vnet, char *err, size_t errlen);

/* netlink.c: exit-status style, 0 or BRH_EXIT_SYSTEM */
/* A bridge's names: its real name first, then its altnames. */
#define BRIDGE_MAX_NAMES 32
struct bridge {
	const char *name; /* as the caller gave it */
	int ifindex;
	unsigned mtu;
	char kind[32];
	char names[BRIDGE_MAX_NAMES][IFNAMSIZ];
	size_t nnames;
	bool vlan_filtering; /* IFLA_BR_VLAN_FILTERING */
	int parsed;	     /* lookup reply: 1 ok, <0 refused */
};
struct netlink {
	int fd; /* a NETLINK_ROUTE socket, when open */
	bool open;
	bool acked;	  /* the request in flight asked for an ack */
	uint32_t seq;	  /* the sequence number of that request */
	bool changed;	  /* the last dump's list changed as it was read */
	int kernel_errno; /* from the last NLMSG_ERROR reply */
};
int netlink_open(struct netlink *nl, char *err, size_t errlen);
void netlink_close(struct netlink *nl);
int bridge_lookup(struct netlink *nl, struct bridge *br, char *err,
		  size_t errlen);
/* The alias every brhelper TAP carries: who made it (brhelper(8)). */
#define TAP_ALIAS_FMT "brhelper uid=%u pid=%d"
int bridge_attach(struct netlink *nl, const struct bridge *br,
		  const struct tap *t, uid_t uid, pid_t pid, bool up, char *err,
		  size_t errlen);
int link_set_up(struct netlink *nl, const struct tap *t, bool up, char *err,
		size_t errlen);
/*
 * A multi-queue TAP is as made: its queues only, none detached, owned by
 * owner, no group, not persistent.  0, or 4.
 */
int tap_check_as_made(struct netlink *nl, const struct tap *t, uid_t owner,
		      char *err, size_t errlen);
/* vlan= and isolated on the attached port, before it is up. */
int port_settings(struct netlink *nl, const struct bridge *br,
		  const struct tap *t, const struct acl_options *opt, char *err,
		  size_t errlen);

/* One interface of a dump, as brhelper reads it. */
struct link_info {
	int ifindex, master;
	char name[IFNAMSIZ];
	bool up;
	bool tagged; /* its alias is brhelper's: uid and pid */
	uint32_t uid;
	int32_t pid;
	bool tun, persist, isolated;
	uint32_t queues;
	unsigned pvid;	     /* --list only: the port's PVID, or 0 */
	bool vlan_filtering; /* a bridge's IFLA_BR_VLAN_FILTERING */
};
/* Called for each link; non-zero stops the dump and is returned. */
typedef int (*link_fn)(const struct link_info *li, void *arg);
/* Each bridge port's PVID (AF_BRIDGE dump, RTEXT_FILTER_BRVLAN). */
typedef void (*vlan_fn)(int ifindex, unsigned pvid, void *arg);
int link_pvids(struct netlink *nl, vlan_fn fn, void *arg, char *err,
	       size_t errlen);
/* Every link (master 0) or one bridge's TAPs: 0, fn's status, or 4. */
int link_dump(struct netlink *nl, int master, link_fn fn, void *arg, char *err,
	      size_t errlen);

/* decide.c: who asks, and the ACL's two decisions (see decide.c) */
struct who {
	uint32_t uid;
	uint32_t *gids; /* real gid, then the supplementary groups */
	size_t ngids;
	struct acl_caller caller;
};
int who_from_kernel(struct who *w, char *err, size_t errlen);
void who_free(struct who *w);
/*
 * On br->name, then (nl not NULL) on every name of the bridge it resolves
 * to.  BRH_EXIT_OK or BRH_EXIT_DENIED with v filled, or the lookup's exit
 * status with err filled.
 */
int decide(const struct acl *acl, const struct acl_caller *who,
	   struct netlink *nl, struct bridge *br, struct acl_verdict *v,
	   char *err, size_t errlen);
/* "allowed by FILE:LINE: allow br0", "denied: no rule in ... allows it" */
void verdict_text(const struct acl_verdict *v, const struct bridge *br,
		  const char *acl_path, char *buf, size_t len);

/* check.c: --check; returns the exit status */
int check_run(const char *acl_path, const char *bridge, const struct priv *p);
/*
 * Root's --user=NAME: p becomes NAME's uid and gid, and the process takes
 * NAME's groups, all from /etc/passwd and /etc/group.  0, or an exit
 * status with err filled (BRH_EXIT_USAGE when the caller is not root).
 */
int check_become_user(const char *name, struct priv *p, char *err,
		      size_t errlen);

/*
 * quota.c: t, attached down, is admitted under max= (and left up): 0; or
 * BRH_EXIT_DENIED with *held the caller's other TAPs there, up or on
 * their way; or an exit status with err filled.
 */
int quota_admit(struct netlink *nl, const struct bridge *br,
		const struct tap *t, uint32_t uid, unsigned max, unsigned *held,
		char *err, size_t errlen);

/* audit.c: the one syslog line of a run */
#define AUDIT_VALUE_MAX 512 /* bytes of one value, before escaping */
struct audit_rec {
	uint32_t uid;
	const char *bridge;	     /* as asked */
	const char *result;	     /* allowed, denied, quota, queues, error */
	int status;		     /* the run's exit status */
	const struct acl_rule *rule; /* the deciding rule, or NULL */
	const char *tap;	     /* allowed: the TAP's name */
	unsigned queues;
	struct acl_options opt;
};
struct audit {
	int sock;	/* made at the start of the run */
	char user[256]; /* the caller's name (ACCOUNTS_MAX_NAME), or "-" */
};
int audit_open(struct audit *au, char *err, size_t errlen);
void audit_user(struct audit *au, uint32_t uid, const struct acl_loader *files);
void audit_write(struct audit *au, const struct audit_rec *a);

/* list.c: --list; returns the exit status */
int list_run(const char *bridge);

/* steps.c: timestamps of main.c's steps, in STEPS=1 bench builds only */
#define STEPS_MAX 8
void steps_mark(int step);
void steps_report(void);

/* report.c */
__attribute__((format(printf, 2, 3))) int report(int status, const char *fmt,
						 ...);
int stderr_drained(int status);

#endif
