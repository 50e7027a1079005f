/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * brhelper.h - libbrhelper, the unprivileged side of brhelper.
 *
 * A VMM that runs as an ordinary user gets a TAP device on a bridge the
 * way QEMU does: it spawns the helper (installed setuid root or with file
 * capabilities), which checks the administrator's ACL and sends the open
 * TAP fd back over a unix socket; or, where brhelper.socket listens, it
 * asks the service, which runs the same checks and answers the same way.
 * This library does that and nothing else: spawn or ask, receive, check
 * the fd with TUNGETIFF, reap with a deadline.
 * It needs no privilege and nothing beyond libc.  See libbrhelper(3).
 *
 * Four calls: brh_open (most VMMs need only this), brh_start and
 * brh_finish (the same in two halves, for an event loop), brh_recv_fds
 * (the receiving side alone, for a caller that runs the helper itself).
 */
#ifndef BRHELPER_H
#define BRHELPER_H

#include <net/if.h>
#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define BRH_API __attribute__((visibility("default")))
#else
#define BRH_API
#endif

#define BRH_USE_VNET 0x1u /* --use-vnet: a TAP with IFF_VNET_HDR */
/* Most queues, and fds in one message: the kernel's SCM_MAX_FD. */
#define BRH_MAX_QUEUES 253
#define BRH_DEFAULT_TIMEOUT_MS 10000

/* How a request reaches brhelper: struct brh_request.via. */
enum {
	BRH_VIA_DEFAULT = 0, /* the service when its socket exists and no
				helper is named, else the helper */
	BRH_VIA_HELPER = 1,  /* spawn the helper */
	BRH_VIA_SERVICE = 2, /* ask the service (brhelper(8), SERVICE) */
};

/*
 * What to ask for.  Zero is the default of every field, so a designated
 * initializer names only what differs:
 *	struct brh_request req = { .bridge = "br0", .flags = BRH_USE_VNET };
 */
struct brh_request {
	const char *helper;  /* NULL: the installed helper; with a space or a
			       tab: a shell command, as QEMU runs it */
	const char *bridge;  /* the bridge; checked as the kernel would */
	unsigned flags;	     /* 0 or BRH_USE_VNET */
	unsigned queues;     /* 0 or 1: one fd; 2 to BRH_MAX_QUEUES: a
			       multi-queue TAP, one fd per queue */
	const char *mac;     /* NULL, or the guest's MAC for a locked rule,
			       "52:54:00:12:34:56": passed as --mac= */
	int timeout_ms;	     /* 0: BRH_DEFAULT_TIMEOUT_MS */
	int via;	     /* BRH_VIA_DEFAULT, _HELPER or _SERVICE */
	const int *pair;     /* NULL; or a socketpair to use, [0] ours and
			       [1] the helper's, both taken over */
	const char *service; /* NULL: the installed service's socket */
	void *reserved[3];   /* zero: room for later fields */
};

struct brh_error {
	int status;    /* the helper's exit status; -1 if not known */
	int signal;    /* the signal that ended the helper, or 0 */
	int err;       /* errno of the failure, or 0 */
	int via;       /* how the request went (BRH_VIA_HELPER or
			  BRH_VIA_SERVICE); 0: not sent */
	char msg[512]; /* one line for a person, without "\n" */
};

/*
 * A helper on its way, between brh_start and brh_finish.  The caller may
 * read pid and poll sock; the rest is the library's.
 */
struct brh_child {
	pid_t pid; /* the helper (or its shell), leader of its own process
		      group; -1 when there is none, as when the request
		      went to the service: never pass it to kill() unchecked */
	int sock;  /* our end of its socket: readable when it answers */
	int err_fd, pidfd;
	unsigned flags, queues;
	int timeout_ms, via;
	long long deadline_ms; /* CLOCK_MONOTONIC */
};

/*
 * Run the helper for req, wait for it and check what it sent.  Stores
 * the fd (one per queue, in queue order; room for req->queues, or for one)
 * in fds, close-on-exec, and the TAP's name in ifname unless NULL.
 * Returns how many fds, or -1 with e filled.
 */
BRH_API int brh_open(const struct brh_request *req, int *fds,
		     char ifname[IFNAMSIZ], struct brh_error *e);

/*
 * The first half of brh_open: start the helper and return at once.  The
 * deadline (req->timeout_ms) counts from here.  Returns 0, or -1 with e
 * filled; either way c is ready for brh_finish.
 */
BRH_API int brh_start(struct brh_child *c, const struct brh_request *req,
		      struct brh_error *e);

/*
 * The second half: wait until the helper has ended or the deadline has
 * passed (then kill its process group), reap it without ever blocking,
 * and check what it sent.  Returns as brh_open.  Always releases c.
 */
BRH_API int brh_finish(struct brh_child *c, int *fds, char ifname[IFNAMSIZ],
		       struct brh_error *e);

/*
 * Receive one message's fds (SCM_RIGHTS) on sock: at most want (1 to
 * BRH_MAX_QUEUES) are stored in fds, close-on-exec, and any beyond are
 * closed.  Retries on EINTR.  Data without fds, a peer that closed first
 * and truncated control data are errors.  Returns how many, or -1.
 */
BRH_API int brh_recv_fds(int sock, int *fds, size_t want, struct brh_error *e);

#ifdef __cplusplus
}
#endif

#endif
