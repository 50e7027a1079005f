/*
 * brhelper.h - libbrhelper, the unprivileged side of brhelper.
 *
 * A VMM that runs as an ordinary user gets a TAP device on a bridge by
 * spawning the setuid helper, which checks the administrator's ACL and sends
 * the open TAP fd back over a unix socket.  This library does both halves:
 * spawning the helper the way QEMU does, and receiving the fd.  It needs no
 * privilege and nothing beyond libc.  See libbrhelper(3).
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

#define BRH_USE_VNET 0x1u /* pass --use-vnet: TAP with IFF_VNET_HDR */
/*
 * Most fds brh_recv_fds returns at once, and most queues a multiqueue TAP
 * may ask for: the kernel passes at most 253 in one message (SCM_MAX_FD).
 */
#define BRH_MAX_FDS 253
#define BRH_MAX_QUEUES BRH_MAX_FDS
#define BRH_DEFAULT_TIMEOUT_MS 10000 /* how long brh_finish waits */

struct brh_error {
	int status;    /* helper's exit status; -1 if it did not exit */
	int signal;    /* signal that ended the helper, or 0 */
	int err;       /* errno of the failure, or 0 */
	char msg[512]; /* one line for a person, without "\n" */
};

/*
 * Receive up to `want` (1..BRH_MAX_FDS) descriptors sent with SCM_RIGHTS on
 * sock.  They arrive close-on-exec.  Retries on EINTR; descriptors beyond
 * `want` are closed; data without descriptors, a peer that closed first
 * and truncated control data are errors.  Returns the number stored in
 * fds, or -1 with e filled.
 */
BRH_API int brh_recv_fds(int sock, int *fds, size_t want, struct brh_error *e);

/* brh_recv_fds for one descriptor: returns it, or -1. */
BRH_API int brh_recv_fd(int sock, struct brh_error *e);

/* The helper this library was built for ($(LIBEXECDIR)/brhelper). */
BRH_API const char *brh_default_helper(void);

/*
 * A helper on its way: brh_start, then brh_finish.  brh_start fills every
 * field; the caller may change timeout_ms before brh_finish and must leave
 * the rest alone.
 */
struct brh_child {
	pid_t pid;	 /* the helper (or its shell), leader of its own
			   process group; -1 once reaped */
	int sock;	 /* our end of the socket */
	int err_fd;	 /* the helper's stderr */
	int pidfd;	 /* the helper's pidfd */
	unsigned flags;	 /* as given to brh_start */
	unsigned queues; /* as given to brh_start_queues; 1 */
	int timeout_ms;	 /* brh_finish's deadline, > 0; brh_start sets
			   BRH_DEFAULT_TIMEOUT_MS */
};

/*
 * Start a helper the way QEMU does.  helper is a path (NULL: the default)
 * or, when it contains a space or a tab, a shell command run with
 * "/bin/sh -c"; "--br=BRIDGE" is added unless that string already has
 * "--br=".  The helper gets its socket as fd 3 (--fd=3) and no other fd of
 * ours but 0 and 1, in a process group of its own.  pair, if not NULL, is
 * a socketpair to use (pair[0] ours, pair[1] the helper's; both taken
 * over), else one is made.  Needs Linux 5.4 (pidfd).  Returns 0, or -1
 * with e filled.
 */
BRH_API int brh_start(struct brh_child *c, const char *helper,
		      const char *bridge, unsigned flags, const int pair[2],
		      struct brh_error *e);

/*
 * brh_start for a multiqueue TAP: "--queues=N" is passed when queues (1 to
 * BRH_MAX_QUEUES) is more than 1.  brh_finish_queues then takes the fds.
 */
BRH_API int brh_start_queues(struct brh_child *c, const char *helper,
			     const char *bridge, unsigned flags,
			     unsigned queues, const int pair[2],
			     struct brh_error *e);

/*
 * Wait for the helper, at most c->timeout_ms from this call: receive the
 * TAP fd, read its stderr, reap it.  It stops waiting when the helper has
 * ended, even if other processes still hold its stderr or socket; at the
 * deadline it kills the helper's process group (SIGKILL) and reaps it.
 * Returns the TAP fd (close-on-exec; its name in ifname when not NULL) if
 * the helper exited 0 and sent a TAP with exactly the flags asked for
 * (IFF_TAP, IFF_NO_PI, and IFF_VNET_HDR when BRH_USE_VNET was given), else
 * -1 with e filled, including the helper's exit status and its first line
 * of stderr.  Always releases c and reaps the helper.
 */
BRH_API int brh_finish(struct brh_child *c, char ifname[IFNAMSIZ],
		       struct brh_error *e);

/*
 * brh_finish for brh_start_queues: stores c->queues fds, in queue order,
 * in fds, and returns how many; -1 with e filled.  With more than one
 * queue every fd must be a queue of the same IFF_MULTI_QUEUE TAP, with the
 * flags asked for; anything else is refused and every fd closed.
 */
BRH_API int brh_finish_queues(struct brh_child *c, int *fds,
			      char ifname[IFNAMSIZ], struct brh_error *e);

/* brh_start_queues then brh_finish_queues. */
BRH_API int brh_open_queues(const char *helper, const char *bridge,
			    unsigned flags, unsigned queues, int *fds,
			    char ifname[IFNAMSIZ], struct brh_error *e);

/* brh_start then brh_finish: the one call most VMMs need. */
BRH_API int brh_open_tap(const char *helper, const char *bridge, unsigned flags,
			 char ifname[IFNAMSIZ], struct brh_error *e);

/* brh_open_tap with a deadline other than BRH_DEFAULT_TIMEOUT_MS (> 0). */
BRH_API int brh_open_tap_timeout(const char *helper, const char *bridge,
				 unsigned flags, int timeout_ms,
				 char ifname[IFNAMSIZ], struct brh_error *e);

#ifdef __cplusplus
}
#endif

#endif
