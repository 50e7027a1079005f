/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * spawn.c - run the helper as QEMU does and collect its answer.
 *
 * QEMU's rule (net/tap.c): a helper string with a space or tab is a shell
 * command, run as /bin/sh -c "STRING --use-vnet --fd=N --br=BRIDGE" with
 * --br= left out when STRING has one; otherwise the helper is executed
 * directly with the same arguments.  The bridge name goes into the shell
 * string single-quoted, after the same name check the helper makes, so it
 * cannot become shell syntax; a MAC goes in only as six hex pairs.
 *
 * The child gets stdin and stdout as they are, stderr as a pipe we read
 * (its message becomes the error text), the socket as fd 3, and no other
 * fd of the VMM.
 *
 * What the library defends against (libbrhelper(3), CAVEATS): the helper
 * is trusted code running as root, so a helper written to attack the VMM
 * has already won and is not defended against.  A helper that fails,
 * hangs or dies must not hang the VMM or make it grow: brh_finish never
 * waits past the deadline (then it kills the helper's process group), and
 * never blocks to reap it (issue 17, 3.4: a traced helper's zombie held a
 * blocking waitid for a minute); it keeps at most STDERR_KEEP bytes of
 * stderr; it stops waiting when the helper has ended even if something it
 * started still holds the pipe or the socket; and it accepts only what
 * TUNGETIFF says is a TAP with the flags that were asked for.
 */
#include "brhelper.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/pidfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "../common/ifname.h"
#include "../common/wire.h"

#ifndef BRH_DEFAULT_HELPER
#error "BRH_DEFAULT_HELPER must be set at build time (see Makefile)"
#endif
#ifndef BRH_SERVICE_PATH
#error "BRH_SERVICE_PATH must be set at build time (see Makefile)"
#endif

_Static_assert(BRH_MAX_QUEUES == BRH_WIRE_MAX_FDS,
	       "brhelper.h and wire.h must agree on the most fds");

#define CHILD_SOCK_FD 3

/* Bytes of the helper's stderr kept; the rest is read and dropped. */
#define STDERR_KEEP 4096
/* Bytes of its first line shown, so that the exit status after it fits. */
#define STDERR_SHOWN 400
/* How long a helper killed at the deadline is given to die and be reaped. */
#define KILL_GRACE_MS 500

extern char **environ;

/* ---- the command line ---------------------------------------------------- */

/* What posix_spawn runs, and the room its words are built in. */
struct command {
	const char *path;
	char *argv[8];
	char queues[24], mac[32], br[BRH_QUOTED_IFNAME + 16], cmd[4096];
};

/* Append s to buf (len bytes) at *o; -1 when it does not fit. */
static int append(char *buf, size_t len, size_t *o, const char *s)
{
	size_t n = strlen(s);

	if (*o + n >= len)
		return -1;
	memcpy(buf + *o, s, n + 1);
	*o += n;
	return 0;
}

/* " --br='NAME'" with any ' written as '\'' (the name is checked already) */
static int append_quoted_br(char *buf, size_t len, size_t *o, const char *br)
{
	char one[2] = { 0, 0 };
	int rc = append(buf, len, o, " --br='");

	for (; rc == 0 && *br != '\0'; br++) {
		one[0] = *br;
		rc = append(buf, len, o, *br == '\'' ? "'\\''" : one);
	}
	return rc == 0 ? append(buf, len, o, "'") : -1;
}

/*
 * The helper's words in QEMU's order: [--use-vnet] [--queues=N] [--mac=MAC]
 * --fd=3 --br=BRIDGE; as argv, or as a shell string.  -1: too long.
 */
static int build_command(const struct brh_request *req, const char *helper,
			 unsigned queues, struct command *w)
{
	const char *opt[4];
	size_t n = 0, i, o = 0;
	int rc;

	if (req->flags & BRH_USE_VNET)
		opt[n++] = "--use-vnet";
	if (queues > 1) {
		snprintf(w->queues, sizeof(w->queues), "--queues=%u", queues);
		opt[n++] = w->queues;
	}
	if (req->mac != NULL) { /* six hex pairs: nothing for a shell */
		snprintf(w->mac, sizeof(w->mac), "--mac=%s", req->mac);
		opt[n++] = w->mac;
	}
	opt[n++] = "--fd=3";
	if (strpbrk(helper, " \t") == NULL) {
		snprintf(w->br, sizeof(w->br), "--br=%s", req->bridge);
		w->path = helper;
		w->argv[0] = (char *)helper;
		for (i = 0; i < n; i++)
			w->argv[i + 1] = (char *)opt[i];
		w->argv[n + 1] = w->br;
		w->argv[n + 2] = NULL;
		return 0;
	}
	rc = append(w->cmd, sizeof(w->cmd), &o, helper);
	for (i = 0; i < n && rc == 0; i++)
		if ((rc = append(w->cmd, sizeof(w->cmd), &o, " ")) == 0)
			rc = append(w->cmd, sizeof(w->cmd), &o, opt[i]);
	if (rc == 0 && strstr(helper, "--br=") == NULL)
		rc = append_quoted_br(w->cmd, sizeof(w->cmd), &o, req->bridge);
	w->path = "/bin/sh";
	w->argv[0] = (char *)"sh";
	w->argv[1] = (char *)"-c";
	w->argv[2] = w->cmd;
	w->argv[3] = NULL;
	return rc;
}

/* Six hex pairs with colons: all a MAC may be on a command line. */
static int is_mac(const char *s)
{
	int i;

	for (i = 0; i < 17; i++) {
		if (s[i] == '\0')
			return 0;
		if (i % 3 == 2 ? s[i] != ':' : !isxdigit((unsigned char)s[i]))
			return 0;
	}
	return s[17] == '\0';
}

/* 0 when req can be sent as it is, else -1 with e saying why not. */
static int check_request(const struct brh_request *req, struct brh_error *e)
{
	char shown[BRH_QUOTED_SIZE(24)];
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(req->reserved) / sizeof(req->reserved[0]); i++)
		if (req->reserved[i] != NULL)
			return brh_fail(e, EINVAL,
					"brh_request.reserved must be zero");
	if (req->via < BRH_VIA_DEFAULT || req->via > BRH_VIA_SERVICE)
		return brh_fail(e, EINVAL,
				"via is %d; BRH_VIA_HELPER (1), "
				"BRH_VIA_SERVICE (2) or 0 is known",
				req->via);
	if (req->flags & ~BRH_USE_VNET)
		return brh_fail(e, EINVAL, "unknown flags %#x",
				req->flags & ~BRH_USE_VNET);
	if ((why = brh_ifname_problem(req->bridge)) != NULL)
		return brh_fail(e, EINVAL, "bridge name %s", why);
	if (req->queues > BRH_MAX_QUEUES)
		return brh_fail(e, EINVAL, "%u queues asked for; 1 to %d",
				req->queues, BRH_MAX_QUEUES);
	if (req->timeout_ms < 0)
		return brh_fail(e, EINVAL,
				"timeout_ms is %d, not 0 (the default) or a "
				"positive number of milliseconds",
				req->timeout_ms);
	if (req->mac != NULL && !is_mac(req->mac))
		return brh_fail(e, EINVAL,
				"MAC \"%s\" is not six hex pairs such as "
				"52:54:00:12:34:56",
				brh_quote(req->mac, strnlen(req->mac, 24),
					  shown, sizeof(shown)));
	if (req->mac != NULL && strspn(req->mac, "0:") == 17)
		return brh_fail(e, EINVAL,
				"MAC %s is all zero; give the guest's address",
				req->mac);
	return 0;
}

/* ---- starting ------------------------------------------------------------ */

static void close_if(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/*
 * The helper leads a process group of its own, so that the deadline can
 * end all of it: with a helper string that has a space, the child we
 * spawn is /bin/sh, and the real helper may be the shell's child; killing
 * the shell alone would leave the helper running.  The group's id is the
 * spawned pid, which names our own child until brh_finish reaps it, so
 * kill(-pid) reaches only the helper and what it left in its group.  The
 * price: ^C at a terminal does not reach it; it ends on its own or at the
 * deadline.  Child ends are above fd 3, so the dup2s cannot clobber each
 * other.
 */
static int spawn_child(struct brh_child *c, const struct command *w,
		       int child_sock, int child_err)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	int rc;

	if (posix_spawn_file_actions_init(&fa) != 0)
		return ENOMEM;
	if (posix_spawnattr_init(&at) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return ENOMEM;
	}
	rc = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
	if (rc == 0)
		rc = posix_spawnattr_setpgroup(&at, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, child_err, 2);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, child_sock,
						      CHILD_SOCK_FD);
	if (rc == 0)
		rc = posix_spawn_file_actions_addclosefrom_np(
			&fa, CHILD_SOCK_FD + 1);
	if (rc == 0)
		rc = posix_spawn(&c->pid, w->path, &fa, &at, w->argv, environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/*
 * A pidfd for the child just spawned: brh_finish polls it to learn that
 * the helper has ended, and reaps through it.  Without one (Linux before
 * 5.4) the child is killed and reaped here, and that is an error.
 */
static int open_pidfd(struct brh_child *c, struct brh_error *e)
{
	int err;

	c->pidfd = pidfd_open(c->pid, 0); /* always close-on-exec */
	if (c->pidfd >= 0)
		return 0;
	err = errno;
	kill(-c->pid, SIGKILL);
	while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
		;
	c->pid = -1;
	return brh_fail(e, err,
			"pidfd_open: %s (libbrhelper needs Linux 5.4 "
			"or later)",
			strerror(err));
}

/* Move *fd to 4 or above, so the child's dup2s cannot clobber each other. */
static int move_up(int *fd)
{
	int high = fcntl(*fd, F_DUPFD_CLOEXEC, CHILD_SOCK_FD + 1);

	if (high < 0)
		return -1;
	close(*fd);
	*fd = high;
	return 0;
}

static int make_pipes(const int *pair, int sv[2], int ev[2],
		      struct brh_error *e)
{
	if (pair == NULL &&
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return brh_fail(e, errno, "socketpair: %s", strerror(errno));
	/* our read end only: the helper's stderr must stay blocking */
	if (pipe2(ev, O_CLOEXEC) < 0 || fcntl(ev[0], F_SETFL, O_NONBLOCK) < 0)
		return brh_fail(e, errno, "pipe: %s", strerror(errno));
	if (move_up(&sv[1]) < 0 || move_up(&ev[1]) < 0)
		return brh_fail(e, errno, "fcntl: %s", strerror(errno));
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The service instead of a child: req checked, the request sent. */
static int start_service(struct brh_child *c, const struct brh_request *req,
			 const char *path, struct brh_error *e)
{
	unsigned char mac[6] = { 0 };

	c->via = BRH_VIA_SERVICE;
	if (check_request(req, e) < 0)
		return -1;
	if (req->pair != NULL) { /* taken over, so closed whatever happens */
		close(req->pair[0]);
		close(req->pair[1]);
	}
	if (req->pair != NULL || req->helper != NULL)
		return brh_fail(e, EINVAL,
				"a helper or a socketpair is for the helper, "
				"not the service");
	e->via = c->via;
	if (req->mac != NULL)
		sscanf(req->mac, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0],
		       &mac[1], &mac[2], &mac[3], &mac[4], &mac[5]);
	if (brh_service_start(c, req, path, mac, e) < 0)
		return -1;
	c->deadline_ms = now_ms() + c->timeout_ms;
	return 0;
}

int brh_start(struct brh_child *c, const struct brh_request *req,
	      struct brh_error *e)
{
	struct command w;
	int sv[2] = { -1, -1 }, ev[2] = { -1, -1 }, rc;
	const char *helper, *service;

	brh_error_clear(e);
	memset(c, 0, sizeof(*c));
	c->pid = -1;
	c->sock = c->err_fd = c->pidfd = -1;
	if (req == NULL)
		return brh_fail(e, EINVAL, "brh_start: no request");
	if (req->pair != NULL) {
		sv[0] = req->pair[0];
		sv[1] = req->pair[1];
	}
	helper = req->helper != NULL ? req->helper : BRH_DEFAULT_HELPER;
	c->flags = req->flags;
	c->queues = req->queues > 1 ? req->queues : 1;
	c->timeout_ms = req->timeout_ms > 0 ? req->timeout_ms
					    : BRH_DEFAULT_TIMEOUT_MS;
	service = req->service != NULL ? req->service : BRH_SERVICE_PATH;
	if (req->via == BRH_VIA_SERVICE ||
	    (req->via == BRH_VIA_DEFAULT && req->helper == NULL &&
	     req->pair == NULL && brh_service_exists(service)))
		return start_service(c, req, service, e);
	c->via = BRH_VIA_HELPER;
	rc = check_request(req, e);
	if (rc == 0 && build_command(req, helper, c->queues, &w) < 0)
		rc = brh_fail(e, E2BIG, "helper command is too long");
	if (rc == 0) {
		e->via = c->via;
		rc = make_pipes(req->pair, sv, ev, e);
	}
	if (rc == 0) {
		rc = spawn_child(c, &w, sv[1], ev[1]);
		if (rc != 0)
			rc = brh_fail(e, rc, "cannot run %s: %s", helper,
				      strerror(rc));
		else
			rc = open_pidfd(c, e);
	}
	close_if(&sv[1]);
	close_if(&ev[1]);
	if (rc != 0) {
		close_if(&sv[0]);
		close_if(&ev[0]);
		return -1;
	}
	c->sock = sv[0];
	c->err_fd = ev[0];
	c->deadline_ms = now_ms() + c->timeout_ms;
	return 0;
}

/* ---- waiting ------------------------------------------------------------- */

/* What brh_finish learned from the helper. */
struct answer {
	int fds[BRH_MAX_QUEUES]; /* the fds the helper sent */
	int nfds;		 /* how many; 0: none */
	int killed;		 /* we are to kill it; re says why */
	int unreaped;		 /* 0, or why it was not reaped (reap_by) */
	pid_t pid;		 /* the helper, for a message */
	struct brh_error re;	 /* why there is no fd, or why it is killed */
	size_t len;		 /* bytes of stderr kept in text */
	char text[STDERR_KEEP + 1];
};

/* Milliseconds from now to deadline, as poll takes them; 0 once past. */
static int ms_until(long long deadline)
{
	long long left = deadline - now_ms();

	if (left <= 0)
		return 0;
	return left > INT_MAX ? INT_MAX : (int)left;
}

/*
 * One read of the helper's stderr.  The first STDERR_KEEP bytes are kept;
 * later ones are read and dropped, so that a helper that floods its stderr
 * never blocks on a full pipe and never makes us grow.  Returns 1 when it
 * read something, 0 at end of file or on an error (stop reading), -1 when
 * nothing is there now.
 */
static int read_stderr(int fd, struct answer *a)
{
	char drop[4096];
	ssize_t n;

	do {
		if (a->len < STDERR_KEEP)
			n = read(fd, a->text + a->len, STDERR_KEEP - a->len);
		else
			n = read(fd, drop, sizeof(drop));
	} while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return -1;
	if (n <= 0)
		return 0;
	if (a->len < STDERR_KEEP)
		a->len += (size_t)n;
	return 1;
}

/* The one message: as many fds as queues were asked for, no more. */
static void take_fds(struct brh_child *c, struct answer *a)
{
	int n = brh_recv_fds(c->sock, a->fds, c->queues, &a->re);

	a->nfds = n > 0 ? n : 0;
}

static int ready_now(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };
	int n;

	do
		n = poll(&p, 1, 0);
	while (n < 0 && errno == EINTR);
	return n > 0;
}

/*
 * The helper has ended: take what it left on the socket and in the pipe,
 * without waiting, for whatever else holds their other ends (a process the
 * helper left behind) may never close them.  The pipe is read only up to
 * STDERR_KEEP, so a leftover that keeps writing cannot keep us here.
 */
static void take_leftovers(struct brh_child *c, struct answer *a, int sock_open,
			   int err_open)
{
	if (sock_open && ready_now(c->sock))
		take_fds(c, a);
	while (err_open && a->len < STDERR_KEEP &&
	       read_stderr(c->err_fd, a) > 0)
		;
}

static void timed_out(const struct brh_child *c, struct answer *a)
{
	if (c->timeout_ms % 1000 == 0)
		brh_fail(&a->re, ETIMEDOUT,
			 "the helper did not answer within %d s and was "
			 "killed",
			 c->timeout_ms / 1000);
	else
		brh_fail(&a->re, ETIMEDOUT,
			 "the helper did not answer within %d ms and was "
			 "killed",
			 c->timeout_ms);
	a->killed = 1;
}

/*
 * Wait until the helper has ended or the deadline has passed, taking the
 * fds when they come and reading stderr all along.  The pidfd, not the end
 * of the pipe or of the socket, says when the helper is done: a process it
 * started may hold those open for as long as it likes.  A helper that has
 * ended is never killed, even if brh_finish comes after the deadline.
 */
static void collect_answer(struct brh_child *c, struct answer *a)
{
	struct pollfd p[3] = {
		{ c->sock, POLLIN, 0 },
		{ c->err_fd, POLLIN, 0 },
		{ c->pidfd, POLLIN, 0 },
	};
	int left, n;

	for (;;) {
		left = ms_until(c->deadline_ms);
		if ((n = poll(p, 3, left)) < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			brh_fail(&a->re, errno,
				 "poll: %s; the helper was killed",
				 strerror(errno));
			a->killed = 1;
			return;
		}
		if (p[0].revents != 0) {
			take_fds(c, a);
			p[0].fd = -1;
		}
		if (p[1].revents != 0 && read_stderr(c->err_fd, a) == 0)
			p[1].fd = -1;
		if (p[2].revents != 0)
			break;
		if (left == 0)
			return timed_out(c, a);
	}
	take_leftovers(c, a, p[0].fd >= 0, p[1].fd >= 0);
}

/* End the helper and what it left in its process group (spawn_child). */
static void kill_helper(const struct brh_child *c)
{
	if (c->pid > 0) /* kill(0 or -1) would reach strangers */
		kill(-c->pid, SIGKILL);
}

enum { REAPED, HELD, ALIVE };

/*
 * Reap the helper by `until` (CLOCK_MONOTONIC ms) and note in e how it
 * ended; never wait past `until`.  Only waitid with WNOHANG: a helper that
 * has ended is not always ours to reap, for a process tracing it
 * (PTRACE_SEIZE) holds its zombie until it lets go, for as long as it
 * likes, and a blocking wait would wait as long (issue 17, 3.4).  Returns
 * REAPED; or, when `until` passed first, HELD (a zombie, left as it is) or
 * ALIVE (not dead yet).  ECHILD (the caller ignores SIGCHLD, or reaped it
 * itself) counts as reaped, with the status unknown.
 */
static int reap_by(struct brh_child *c, long long until, struct brh_error *e)
{
	struct timespec nap = { 0, 10 * 1000000 };
	struct pollfd p = { c->pidfd, POLLIN, 0 };
	int ended = 0, left, r;
	siginfo_t si;

	for (;;) {
		memset(&si, 0, sizeof(si));
		r = waitid(P_PIDFD, (id_t)c->pidfd, &si, WEXITED | WNOHANG);
		if ((r == 0 && si.si_pid != 0) || (r < 0 && errno == ECHILD))
			break;
		if ((left = ms_until(until)) == 0)
			return ended || ready_now(c->pidfd) ? HELD : ALIVE;
		if (ended)
			nanosleep(&nap, NULL); /* a zombie, not yet ours */
		else if (poll(&p, 1, left) > 0)
			ended = 1; /* try waitid once more before a nap */
	}
	if (r == 0 && si.si_code == CLD_EXITED)
		e->status = si.si_status;
	else if (r == 0)
		e->signal = si.si_status;
	c->pid = -1;
	return REAPED;
}

static void release(struct brh_child *c)
{
	close_if(&c->sock);
	close_if(&c->err_fd);
	close_if(&c->pidfd);
	c->pid = -1;
}

/* ---- what it means ------------------------------------------------------- */

static const char *status_meaning(int status)
{
	switch (status) {
	case BRH_EXIT_DENIED:
		return "refused by the ACL";
	case BRH_EXIT_USAGE:
		return "usage error";
	case BRH_EXIT_CONFIG:
		return "configuration error";
	case BRH_EXIT_SYSTEM:
		return "system error";
	case 126:
		return "helper not executable";
	case 127:
		return "helper not found";
	default:
		return "failed";
	}
}

/* The helper ended (or was killed) but could not be reaped by then. */
static int not_reaped(const struct brh_child *c, struct answer *a,
		      const char *sep, struct brh_error *e)
{
	if (a->unreaped == ALIVE)
		return brh_fail(e, ETIMEDOUT,
				"%s, but has not died; pid %d is left "
				"behind%s%s",
				a->re.msg, (int)a->pid, sep, a->text);
	if (a->killed)
		return brh_fail(e, ETIMEDOUT,
				"%s, but its exit status could not be read: a "
				"process tracing it holds it; pid %d is left a "
				"zombie%s%s",
				a->re.msg, (int)a->pid, sep, a->text);
	return brh_fail(e, ETIMEDOUT,
			"the helper ended, but its exit status could not be "
			"read within %d ms: a process tracing it holds it; "
			"pid %d is left a zombie%s%s",
			c->timeout_ms, (int)a->pid, sep, a->text);
}

/* Turn what happened into e: 0 when there are fds left to check. */
static int report(const struct brh_child *c, struct answer *a,
		  struct brh_error *e)
{
	const char *sep;
	char *nl;

	a->text[a->len] = '\0';
	if ((nl = strchr(a->text, '\n')) != NULL)
		*nl = '\0'; /* the first line is the message */
	a->text[STDERR_SHOWN] = '\0';
	sep = a->text[0] != '\0' ? ": " : "";
	if (a->killed || a->unreaped || e->signal != 0 || e->status > 0) {
		brh_close_all(a->fds, (size_t)a->nfds);
		a->nfds = 0;
	}
	if (a->unreaped)
		return not_reaped(c, a, sep, e);
	if (a->killed)
		return brh_fail(e, a->re.err, "%s%s%s", a->re.msg, sep,
				a->text);
	if (e->signal != 0)
		return brh_fail(e, ECHILD,
				"the helper was killed by signal %d%s%s",
				e->signal, sep, a->text);
	if (e->status > 0)
		return brh_fail(e, ECHILD, "%s [exit status %d, %s]",
				a->text[0] ? a->text : "the helper failed",
				e->status, status_meaning(e->status));
	if (a->nfds == 0)
		return brh_fail(e, a->re.err, "%s%s%s", a->re.msg, sep,
				a->text);
	return 0;
}

/* ---- what it sent -------------------------------------------------------- */

/* The flags TUNGETIFF can report on a TAP, for messages. */
static const struct {
	int flag;
	const char *name;
} tap_flags[] = {
	{ IFF_NO_PI, "IFF_NO_PI (no packet information header)" },
	{ IFF_VNET_HDR, "IFF_VNET_HDR (virtio-net header)" },
	{ IFF_MULTI_QUEUE, "IFF_MULTI_QUEUE" },
	{ IFF_PERSIST, "IFF_PERSIST" },
	{ IFF_ONE_QUEUE, "IFF_ONE_QUEUE" },
	{ IFF_NAPI, "IFF_NAPI" },
	{ IFF_NAPI_FRAGS, "IFF_NAPI_FRAGS" },
	{ IFF_DETACH_QUEUE, "IFF_DETACH_QUEUE" },
};

static int wrong_flags(const char *name, int want, int got, struct brh_error *e)
{
	size_t i;

	for (i = 0; i < sizeof(tap_flags) / sizeof(tap_flags[0]); i++) {
		int f = tap_flags[i].flag;

		if ((want & f) && !(got & f))
			return brh_fail(e, EPROTO,
					"the helper sent TAP %s without %s, "
					"which was asked for",
					name, tap_flags[i].name);
		if ((got & f) && !(want & f))
			return brh_fail(e, EPROTO,
					"the helper sent TAP %s with %s, "
					"which was not asked for",
					name, tap_flags[i].name);
	}
	return brh_fail(e, EPROTO,
			"the helper sent TAP %s with flags %#x, not %#x as "
			"asked",
			name, (unsigned)got, (unsigned)want);
}

/*
 * 0 when fd is a TAP with exactly the flags want; its name to name.
 * TUNGETIFF reports IFF_NOFILTER, the same bit as IFF_NO_PI, whenever no
 * socket filter is attached, so on a fresh TAP the IFF_NO_PI check cannot
 * fail (libbrhelper(3), CAVEATS).
 */
static int check_tap(int fd, int want, char name[IFNAMSIZ], struct brh_error *e)
{
	char shown[BRH_QUOTED_IFNAME];
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(fd, TUNGETIFF, &ifr) < 0 ||
	    (ifr.ifr_flags & TUN_TYPE_MASK) != IFF_TAP)
		return brh_fail(e, EBADF,
				"the helper sent a descriptor that is not a "
				"TAP device");
	memcpy(name, ifr.ifr_name, IFNAMSIZ - 1);
	name[IFNAMSIZ - 1] = '\0';
	if ((unsigned short)ifr.ifr_flags != want)
		return wrong_flags(brh_quote(name, strlen(name), shown,
					     sizeof(shown)),
				   want, (unsigned short)ifr.ifr_flags, e);
	return 0;
}

/* One fd per queue asked for, each a queue of the same TAP, as asked. */
static int check_fds(const struct brh_child *c, const struct answer *a,
		     char name[IFNAMSIZ], struct brh_error *e)
{
	int want = IFF_TAP | IFF_NO_PI |
		   ((c->flags & BRH_USE_VNET) ? IFF_VNET_HDR : 0) |
		   (c->queues > 1 ? IFF_MULTI_QUEUE : 0);
	char other[IFNAMSIZ], s1[BRH_QUOTED_IFNAME], s2[BRH_QUOTED_IFNAME];
	int i;

	if (check_tap(a->fds[0], want, name, e) < 0)
		return -1;
	if ((unsigned)a->nfds != c->queues)
		return brh_fail(e, EPROTO,
				"the helper sent %d descriptors for %u queues",
				a->nfds, c->queues);
	for (i = 1; i < a->nfds; i++) {
		if (check_tap(a->fds[i], want, other, e) < 0)
			return -1;
		if (strcmp(other, name) != 0)
			return brh_fail(
				e, EPROTO,
				"the helper's descriptor %d is TAP %s, not a "
				"queue of TAP %s",
				i,
				brh_quote(other, strlen(other), s1, sizeof(s1)),
				brh_quote(name, strlen(name), s2, sizeof(s2)));
	}
	return 0;
}

/* What was received, checked (check_fds), to the caller: how many fds. */
static int hand_out(const struct brh_child *c, struct answer *a, int *fds,
		    char ifname[IFNAMSIZ], struct brh_error *e)
{
	char name[IFNAMSIZ];

	if (check_fds(c, a, name, e) < 0) {
		brh_close_all(a->fds, (size_t)a->nfds);
		return -1;
	}
	if (ifname != NULL)
		memcpy(ifname, name, IFNAMSIZ);
	memcpy(fds, a->fds, (size_t)a->nfds * sizeof(int));
	return a->nfds;
}

/* brh_finish for the service: its answer, checked as the helper's. */
static int finish_service(struct brh_child *c, int *fds, char ifname[IFNAMSIZ],
			  struct brh_error *e)
{
	char line[sizeof(e->msg)];
	struct answer a;

	e->via = c->via;
	memset(&a, 0, sizeof(a));
	a.nfds = brh_service_finish(c, a.fds, e);
	release(c);
	if (a.nfds < 0 && e->status > 0) {
		snprintf(line, sizeof(line), "%s", e->msg);
		return brh_fail(e, ECHILD,
				"brhelper: %s [exit status %d, %s; through the "
				"service]",
				line, e->status, status_meaning(e->status));
	}
	if (a.nfds < 0)
		return -1;
	if (a.nfds == 0)
		return brh_fail(e, EPROTO,
				"the service answered 0 with no descriptor");
	return hand_out(c, &a, fds, ifname, e);
}

int brh_finish(struct brh_child *c, int *fds, char ifname[IFNAMSIZ],
	       struct brh_error *e)
{
	struct answer a;
	long long until;

	brh_error_clear(e);
	if (c->via == BRH_VIA_SERVICE && c->sock >= 0)
		return finish_service(c, fds, ifname, e);
	if (c->pid <= 0 || c->pidfd < 0) {
		release(c);
		return brh_fail(e, EINVAL, "brh_finish: no helper was started");
	}
	e->via = c->via;
	memset(&a, 0, sizeof(a));
	a.pid = c->pid;
	brh_fail(&a.re, ECONNRESET,
		 "the helper exited without sending a descriptor");
	collect_answer(c, &a);
	until = c->deadline_ms;
	if (a.killed) {
		kill_helper(c);
		until = now_ms() + KILL_GRACE_MS;
	}
	a.unreaped = reap_by(c, until, e);
	release(c);
	if (report(c, &a, e) < 0)
		return -1;
	return hand_out(c, &a, fds, ifname, e);
}

int brh_open(const struct brh_request *req, int *fds, char ifname[IFNAMSIZ],
	     struct brh_error *e)
{
	struct brh_child c;

	if (brh_start(&c, req, e) < 0)
		return -1;
	return brh_finish(&c, fds, ifname, e);
}
