/*
 * spawn.c - run the helper as QEMU does and collect its answer.
 *
 * QEMU's rule (net/tap.c): a helper string with a space or tab is a shell
 * command, run as /bin/sh -c "STRING --use-vnet --fd=N --br=BRIDGE" with
 * --br= left out when STRING has one; otherwise the helper is executed
 * directly with the same arguments.  The bridge name goes into the shell
 * string single-quoted, after the same name check the helper makes, so it
 * cannot become shell syntax.
 *
 * The child gets stdin and stdout as they are, stderr as a pipe we read
 * (its message becomes the error text), the socket as fd 3, and nothing
 * else: every other descriptor of the VMM is closed in the child.
 *
 * The helper is not trusted to behave.  brh_finish never waits longer than
 * the deadline (then it kills and reaps the helper), keeps at most
 * STDERR_KEEP bytes of its stderr, stops waiting when the helper has ended
 * even if something it started still holds the pipe or the socket, and
 * accepts only a TAP with exactly the flags that were asked for.
 */
#include "brhelper.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/if_tun.h>
#include <sys/syscall.h>
#include <sys/random.h>
#include <linux/kcmp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/pidfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "ifname.h"
#include "wire.h"

#ifndef BRH_DEFAULT_HELPER
#error "BRH_DEFAULT_HELPER must be set at build time (see Makefile)"
#endif

#define CHILD_SOCK_FD 3

/* Bytes of the helper's stderr kept; the rest is read and dropped. */
#define STDERR_KEEP 4096
/* Bytes of its first line shown, so that the exit status after it fits. */
#define STDERR_SHOWN 400

extern char **environ;

const char *brh_default_helper(void)
{
	return BRH_DEFAULT_HELPER;
}

/* "--br='NAME'" with any ' written as '\'' */
static void shell_quote_br(const char *bridge, char *out, size_t len)
{
	size_t o = (size_t)snprintf(out, len, "--br='");
	const char *s;

	for (s = bridge; *s != '\0' && o + 6 < len; s++) {
		if (*s == '\'') {
			memcpy(out + o, "'\\''", 4);
			o += 4;
		} else {
			out[o++] = *s;
		}
	}
	snprintf(out + o, len - o, "'");
}

/* The helper's words; q holds "--queues=N", or "" for one queue. */
static int build_argv(const char *helper, const char *bridge, unsigned flags,
		      const char *q, char *cmd, size_t cmdlen, char *br,
		      size_t brlen, char *argv[7])
{
	const char *vnet = (flags & BRH_USE_VNET) ? " --use-vnet" : "";
	int n;

	if (strpbrk(helper, " \t") == NULL) {
		snprintf(br, brlen, "--br=%s", bridge);
		argv[0] = (char *)helper;
		n = 1;
		if (flags & BRH_USE_VNET)
			argv[n++] = (char *)"--use-vnet";
		if (q[0] != '\0')
			argv[n++] = (char *)q;
		argv[n++] = (char *)"--fd=3";
		argv[n++] = br;
		argv[n] = NULL;
		return 0;
	}
	shell_quote_br(bridge, br, brlen);
	n = snprintf(cmd, cmdlen, "%s%s%s%s --fd=3%s%s", helper, vnet,
		     q[0] ? " " : "", q, strstr(helper, "--br=") ? "" : " ",
		     strstr(helper, "--br=") ? "" : br);
	if (n < 0 || (size_t)n >= cmdlen)
		return -1;
	argv[0] = (char *)"sh";
	argv[1] = (char *)"-c";
	argv[2] = cmd;
	argv[3] = NULL;
	return 0;
}

static void close_if(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/*
 * The helper leads a process group of its own, so that the deadline can
 * end all of it: with a helper string that has a space, the child we
 * spawn is /bin/sh, and the real helper may be the shell's child (dash
 * forks for "a; b", and a helper string may start anything); killing the
 * shell alone would leave the helper running, holding the socket and the
 * stderr pipe.  The group's id is the spawned pid, which names our own
 * child until brh_finish reaps it, so kill(-pid) before that reaches only
 * the helper and what it started and left in its group, never a stranger
 * (unless a process of the caller's own session joins the group on
 * purpose).  The price: the helper is not in the terminal's foreground
 * group, so ^C does not reach it; it ends on its own or at the deadline.
 *
 * Child ends are above fd 3, so the dup2s below cannot clobber each other.
 */
static int spawn_child(struct brh_child *c, char *argv[], int child_sock,
		       int child_err, const char *path)
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
		rc = posix_spawn(&c->pid, path, &fa, &at, argv, environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/*
 * A pidfd for the child just spawned: brh_finish polls it to learn that
 * the helper has ended, and signals and reaps through it.  Without one
 * (Linux before 5.4) the child is killed and reaped here, and that is an
 * error: waiting without it could hang on what the helper leaves behind.
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

static int make_pipes(const int pair[2], int sv[2], int ev[2],
		      struct brh_error *e)
{
	if (pair != NULL) {
		sv[0] = pair[0];
		sv[1] = pair[1];
	} else if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		return brh_fail(e, errno, "socketpair: %s", strerror(errno));
	}
	/* our read end only: the helper's stderr must stay blocking */
	if (pipe2(ev, O_CLOEXEC) < 0 || fcntl(ev[0], F_SETFL, O_NONBLOCK) < 0)
		return brh_fail(e, errno, "pipe: %s", strerror(errno));
	if (move_up(&sv[1]) < 0 || move_up(&ev[1]) < 0)
		return brh_fail(e, errno, "fcntl: %s", strerror(errno));
	return 0;
}

int brh_start(struct brh_child *c, const char *helper, const char *bridge,
	      unsigned flags, const int pair[2], struct brh_error *e)
{
	return brh_start_queues(c, helper, bridge, flags, 1, pair, e);
}

int brh_start_queues(struct brh_child *c, const char *helper,
		     const char *bridge, unsigned flags, unsigned queues,
		     const int pair[2], struct brh_error *e)
{
	char cmd[4096], br[IFNAMSIZ * 4 + 16], q[24] = "";
	char *argv[7];
	int sv[2] = { -1, -1 }, ev[2] = { -1, -1 }, rc;
	const char *why;

	brh_error_clear(e);
	c->pid = -1;
	c->sock = c->err_fd = c->pidfd = -1;
	c->flags = flags;
	c->queues = queues;
	c->timeout_ms = BRH_DEFAULT_TIMEOUT_MS;
	if (queues > 1)
		snprintf(q, sizeof(q), "--queues=%u", queues);
	if (pair != NULL) {
		sv[0] = pair[0];
		sv[1] = pair[1];
	}
	if (helper == NULL)
		helper = brh_default_helper();
	if ((why = brh_ifname_problem(bridge)) != NULL)
		rc = brh_fail(e, EINVAL, "bridge name %s", why);
	else if (queues < 1 || queues > BRH_MAX_QUEUES)
		rc = brh_fail(e, EINVAL, "%u queues asked for; 1 to %d", queues,
			      BRH_MAX_QUEUES);
	else if (build_argv(helper, bridge, flags, q, cmd, sizeof(cmd), br,
			    sizeof(br), argv) < 0)
		rc = brh_fail(e, E2BIG, "helper command is too long");
	else
		rc = make_pipes(pair, sv, ev, e);
	if (rc == 0) {
		rc = spawn_child(c, argv, sv[1], ev[1],
				 argv[2] == cmd ? "/bin/sh" : helper);
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
	return 0;
}

/* What brh_finish learned from the helper. */
struct answer {
	int fds[BRH_MAX_QUEUES]; /* the descriptors the helper sent */
	int nfds;		 /* how many; 0: none */
	int exited;		 /* the helper has ended: its pidfd said so */
	int killed;		 /* we are to kill it; re says why */
	struct brh_error re;	 /* why there is no fd, or why it is killed */
	size_t len;		 /* bytes of stderr kept in text */
	char text[STDERR_KEEP + 1];
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

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

static void close_fds(struct answer *a)
{
	brh_discard(a->fds, (size_t)a->nfds);
	a->nfds = 0;
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
			 "the helper did not answer within "
			 "%d s and was killed",
			 c->timeout_ms / 1000);
	else
		brh_fail(&a->re, ETIMEDOUT,
			 "the helper did not answer within "
			 "%d ms and was killed",
			 c->timeout_ms);
	a->killed = 1;
}

/*
 * Wait until the helper has ended or the deadline has passed, taking the
 * fd when it comes and reading stderr all along.  The pidfd, not the end
 * of the pipe or of the socket, says when the helper is done: a process it
 * started may hold those open for as long as it likes.
 */
static void collect_answer(struct brh_child *c, struct answer *a)
{
	struct pollfd p[3] = {
		{ c->sock, POLLIN, 0 },
		{ c->err_fd, POLLIN, 0 },
		{ c->pidfd, POLLIN, 0 },
	};
	long long deadline = now_ms() + c->timeout_ms;
	int left;

	while (!a->exited) {
		if ((left = ms_until(deadline)) == 0)
			return timed_out(c, a);
		if (poll(p, 3, left) < 0) {
			if (errno == EINTR)
				continue;
			brh_fail(&a->re, errno,
				 "poll: %s; the helper was "
				 "killed",
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
			a->exited = 1;
	}
	take_leftovers(c, a, p[0].fd >= 0, p[1].fd >= 0);
}

/*
 * End the helper and what it left in its process group (see spawn_child).
 * Only before reaping, while c->pid still names our child.  A setuid
 * helper cannot refuse either signal: its real uid is still the caller's,
 * which is what kill(2) checks (tests/hostile/run.sh: tapclient kill).
 */
static void kill_helper(const struct brh_child *c)
{
	if (c->pid <= 0)
		return; /* kill(0 or -1) would reach strangers */
	kill(-c->pid, SIGKILL);
	pidfd_send_signal(c->pidfd, SIGKILL, NULL, 0); /* left its group */
}

/* Reap the helper, once, and note how it ended in e. */
static void reap(struct brh_child *c, struct brh_error *e)
{
	siginfo_t si;
	int r;

	memset(&si, 0, sizeof(si));
	do
		r = waitid(P_PIDFD, (id_t)c->pidfd, &si, WEXITED);
	while (r < 0 && errno == EINTR);
	if (r == 0 && si.si_code == CLD_EXITED)
		e->status = si.si_status;
	else if (r == 0)
		e->signal = si.si_status;
	c->pid = -1;
}

static void release(struct brh_child *c)
{
	close_if(&c->sock);
	close_if(&c->err_fd);
	close_if(&c->pidfd);
}

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

/* Turn what happened into e: 0 when there is an fd left to check. */
static int report(struct answer *a, struct brh_error *e)
{
	char *nl;
	const char *sep;

	a->text[a->len] = '\0';
	if ((nl = strchr(a->text, '\n')) != NULL)
		*nl = '\0'; /* the first line is the message */
	a->text[STDERR_SHOWN] = '\0';
	sep = a->text[0] != '\0' ? ": " : "";
	if (a->killed || e->signal != 0 || e->status > 0)
		close_fds(a);
	if (a->killed)
		return brh_fail(e, a->re.err, "%s%s%s", a->re.msg, sep,
				a->text);
	if (e->signal != 0)
		return brh_fail(e, ECHILD,
				"the helper was killed by signal "
				"%d%s%s",
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
					"the helper sent TAP %s "
					"without %s, which was asked for",
					name, tap_flags[i].name);
		if ((got & f) && !(want & f))
			return brh_fail(e, EPROTO,
					"the helper sent TAP %s "
					"with %s, which was not asked for",
					name, tap_flags[i].name);
	}
	return brh_fail(e, EPROTO,
			"the helper sent TAP %s with flags %#x, "
			"not %#x as asked",
			name, (unsigned)got, (unsigned)want);
}

/*
 * The TAP's flags, into ifr.  TUNGETIFF alone cannot tell IFF_NO_PI: its
 * answer also has IFF_NOFILTER, the same bit (0x1000), whenever no socket
 * filter is attached (drivers/net/tun.c), which on a fresh TAP is always.
 * With a filter attached the bit is IFF_NO_PI alone, so attach one that
 * passes every frame whole, ask, and take it off again.  A filter the
 * helper may have attached is gone after this; the VMM did not ask for one.
 */
static int read_tap_flags(int fd, struct ifreq *ifr, const char *name,
			  struct brh_error *e)
{
	struct sock_filter pass = BPF_STMT(BPF_RET | BPF_K, 0xffffffffu);
	struct sock_fprog prog = { 1, &pass };
	int got, err;

	if (ioctl(fd, TUNATTACHFILTER, &prog) < 0)
		return brh_fail(e, errno, "TAP %s: TUNATTACHFILTER: %s", name,
				strerror(errno));
	got = ioctl(fd, TUNGETIFF, ifr);
	err = errno;
	if (ioctl(fd, TUNDETACHFILTER, &prog) < 0)
		return brh_fail(e, errno, "TAP %s: TUNDETACHFILTER: %s", name,
				strerror(errno));
	if (got < 0)
		return brh_fail(e, err, "TAP %s: TUNGETIFF: %s", name,
				strerror(err));
	return 0;
}

/* 0 when fd is a TAP with exactly the flags asked for; its name to ifname. */
static int check_tap(int fd, unsigned flags, unsigned queues,
		     char ifname[IFNAMSIZ], struct brh_error *e)
{
	int want = IFF_TAP | IFF_NO_PI |
		   ((flags & BRH_USE_VNET) ? IFF_VNET_HDR : 0) |
		   (queues > 1 ? IFF_MULTI_QUEUE : 0);
	char name[BRH_QUOTED_IFNAME];
	struct ifreq ifr;
	int got;

	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(fd, TUNGETIFF, &ifr) < 0 ||
	    (ifr.ifr_flags & TUN_TYPE_MASK) != IFF_TAP)
		return brh_fail(e, EBADF,
				"the helper sent a descriptor "
				"that is not a TAP device");
	brh_quote(ifr.ifr_name, strnlen(ifr.ifr_name, IFNAMSIZ), name,
		  sizeof(name));
	if (read_tap_flags(fd, &ifr, name, e) < 0)
		return -1;
	got = (unsigned short)ifr.ifr_flags;
	if (got != want)
		return wrong_flags(name, want, got, e);
	if (ifname != NULL) {
		memcpy(ifname, ifr.ifr_name, IFNAMSIZ - 1);
		ifname[IFNAMSIZ - 1] = '\0';
	}
	return 0;
}

/*
 * Is fd the same device as the first queue?  TUNSETVNETHDRSZ is per
 * device and needs no privilege: set a value on the first, read it back
 * through fd (two devices in two namespaces may share a name and an
 * address; they do not share this).  The first queue's value is put back.
 */
static int same_device(int first, int fd, int probe)
{
	int orig, got = -1, ok;

	if (ioctl(first, TUNGETVNETHDRSZ, &orig) < 0 ||
	    ioctl(first, TUNSETVNETHDRSZ, &probe) < 0)
		return 0;
	ok = ioctl(fd, TUNGETVNETHDRSZ, &got) == 0 && got == probe;
	ioctl(first, TUNSETVNETHDRSZ, &orig);
	return ok;
}

/* Two of the fds name the same open file (one queue sent twice)? */
static int repeated(const struct answer *a, int i)
{
	pid_t me = getpid();
	int j;

	for (j = 0; j < i; j++)
		if (syscall(SYS_kcmp, me, me, KCMP_FILE, a->fds[j],
			    a->fds[i]) == 0)
			return 1;
	return 0;
}

/*
 * Every fd after the first: a distinct queue of the same multiqueue TAP,
 * with the same flags (those are the device's, checked on the first).
 */
static int check_queues(const struct answer *a, unsigned queues,
			const char *name, struct brh_error *e)
{
	struct ifreq first, ifr;
	unsigned r = 0;
	int i, probe;

	if ((unsigned)a->nfds != queues)
		return brh_fail(e, EPROTO,
				"the helper sent %d descriptors for %u queues",
				a->nfds, queues);
	memset(&first, 0, sizeof(first));
	if (a->nfds > 1 && ioctl(a->fds[0], TUNGETIFF, &first) < 0)
		return brh_fail(e, errno, "TAP %s: TUNGETIFF: %s", name,
				strerror(errno));
	(void)!getrandom(&r, sizeof(r), GRND_NONBLOCK);
	probe = 12 + 2 * (int)(r % 1000); /* >= sizeof(virtio_net_hdr) */
	for (i = 1; i < a->nfds; i++) {
		memset(&ifr, 0, sizeof(ifr));
		if (ioctl(a->fds[i], TUNGETIFF, &ifr) < 0 ||
		    ifr.ifr_flags != first.ifr_flags ||
		    strncmp(ifr.ifr_name, name, IFNAMSIZ) != 0 ||
		    !same_device(a->fds[0], a->fds[i], probe) || repeated(a, i))
			return brh_fail(e, EPROTO,
					"the helper's descriptor %d is not "
					"another queue of TAP %s",
					i, name);
	}
	return 0;
}

int brh_finish_queues(struct brh_child *c, int *fds, char ifname[IFNAMSIZ],
		      struct brh_error *e)
{
	struct answer a;
	char name[IFNAMSIZ];

	brh_error_clear(e);
	if (c->pid <= 0 || c->pidfd < 0) {
		release(c);
		return brh_fail(e, EINVAL, "brh_finish: no helper was started");
	}
	memset(&a, 0, sizeof(a));
	brh_fail(&a.re, ECONNRESET,
		 "the helper exited without sending a "
		 "descriptor");
	if (c->timeout_ms > 0) {
		collect_answer(c, &a);
	} else {
		brh_fail(&a.re, EINVAL,
			 "timeout_ms is %d, not a positive "
			 "number of milliseconds; the helper was killed",
			 c->timeout_ms);
		a.killed = 1;
	}
	if (a.killed)
		kill_helper(c);
	reap(c, e);
	release(c);
	if (report(&a, e) < 0)
		return -1;
	if (check_tap(a.fds[0], c->flags, c->queues, name, e) < 0 ||
	    check_queues(&a, c->queues, name, e) < 0) {
		close_fds(&a);
		return -1;
	}
	if (ifname != NULL)
		memcpy(ifname, name, IFNAMSIZ);
	memcpy(fds, a.fds, (size_t)a.nfds * sizeof(int));
	return a.nfds;
}

int brh_finish(struct brh_child *c, char ifname[IFNAMSIZ], struct brh_error *e)
{
	int fd;

	if (c->queues != 1) {
		kill_helper(c);
		reap(c, e);
		release(c);
		return brh_fail(e, EINVAL,
				"brh_finish: %u queues were asked "
				"for; use brh_finish_queues",
				c->queues);
	}
	return brh_finish_queues(c, &fd, ifname, e) == 1 ? fd : -1;
}

int brh_open_queues(const char *helper, const char *bridge, unsigned flags,
		    unsigned queues, int *fds, char ifname[IFNAMSIZ],
		    struct brh_error *e)
{
	struct brh_child c;

	if (brh_start_queues(&c, helper, bridge, flags, queues, NULL, e) < 0)
		return -1;
	return brh_finish_queues(&c, fds, ifname, e);
}

int brh_open_tap_timeout(const char *helper, const char *bridge, unsigned flags,
			 int timeout_ms, char ifname[IFNAMSIZ],
			 struct brh_error *e)
{
	struct brh_child c;

	if (timeout_ms <= 0) {
		brh_error_clear(e);
		return brh_fail(e, EINVAL,
				"timeout_ms is %d, not a positive "
				"number of milliseconds",
				timeout_ms);
	}
	if (brh_start(&c, helper, bridge, flags, NULL, e) < 0)
		return -1;
	c.timeout_ms = timeout_ms;
	return brh_finish(&c, ifname, e);
}

int brh_open_tap(const char *helper, const char *bridge, unsigned flags,
		 char ifname[IFNAMSIZ], struct brh_error *e)
{
	return brh_open_tap_timeout(helper, bridge, flags,
				    BRH_DEFAULT_TIMEOUT_MS, ifname, e);
}
