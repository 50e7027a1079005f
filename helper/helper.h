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

#include "../policy/policy.h"

/* entry.c */
int entry_stdio(void);
void entry_sanitize(void);
int entry_close_fds(int keep);

/* usock.c */
int usock_check(int fd, char *err, size_t errlen);
int usock_send_fd(int sock, int fd, char *err, size_t errlen);

/* tap.c */
struct tap {
	int fd;
	char name[IFNAMSIZ];
	unsigned char mac[ETHER_ADDR_LEN];
};
int tap_open(struct tap *t, char *err, size_t errlen);
int tap_create(struct tap *t, bool vnet, char *err, size_t errlen);

/* netlink.c: exit-status style, 0 or BRH_EXIT_SYSTEM */
struct bridge {
	const char *name;
	int ifindex;
	unsigned mtu;
};
struct netlink {
	struct nl_sock *sk;
	int kernel_errno;	/* from the last NLMSG_ERROR reply */
};
int netlink_open(struct netlink *nl, char *err, size_t errlen);
void netlink_close(struct netlink *nl);
int bridge_lookup(struct netlink *nl, struct bridge *br, char *err,
		  size_t errlen);
int bridge_attach(struct netlink *nl, const struct bridge *br,
		  const struct tap *t, char *err, size_t errlen);

/* check.c: --check; returns the exit status */
int check_run(const char *acl_path, const char *bridge,
	      const struct priv *p);

/* report.c */
__attribute__((format(printf, 2, 3)))
int report(int status, const char *fmt, ...);

#endif
