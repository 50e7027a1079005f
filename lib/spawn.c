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
 */
#include "brhelper.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "ifname.h"
#include "wire.h"

#ifndef BRH_DEFAULT_HELPER
#error "BRH_DEFAULT_HELPER must be set at build time (see Makefile)"
#endif

#define CHILD_SOCK_FD 3

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

static int build_argv(const char *helper, const char *bridge, unsigned flags,
		      char *cmd, size_t cmdlen, char *br, size_t brlen,
		      char *argv[6])
{
	const char *vnet = (flags & BRH_USE_VNET) ? " --use-vnet" : "";
	int n;

	if (strpbrk(helper, " \t") == NULL) {
		snprintf(br, brlen, "--br=%s", bridge);
		argv[0] = (char *)helper;
		n = 1;
		if (flags & BRH_USE_VNET)
			argv[n++] = (char *)"--use-vnet";
		argv[n++] = (char *)"--fd=3";
		argv[n++] = br;
		argv[n] = NULL;
		return 0;
	}
	shell_quote_br(bridge, br, brlen);
	n = snprintf(cmd, cmdlen, "%s%s --fd=3%s%s", helper, vnet,
		     strstr(helper, "--br=") ? "" : " ",
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

/* Child ends above fd 3, so the dup2s below cannot clobber each other. */
static int spawn_child(struct brh_child *c, char *argv[], int child_sock,
		       int child_err, const char *path)
{
	posix_spawn_file_actions_t fa;
	int rc;

	if (posix_spawn_file_actions_init(&fa) != 0)
		return ENOMEM;
	rc = posix_spawn_file_actions_adddup2(&fa, child_err, 2);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, child_sock,
						      CHILD_SOCK_FD);
	if (rc == 0)
		rc = posix_spawn_file_actions_addclosefrom_np(&fa,
							CHILD_SOCK_FD + 1);
	if (rc == 0)
		rc = posix_spawn(&c->pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
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
	if (pipe2(ev, O_CLOEXEC) < 0)
		return brh_fail(e, errno, "pipe: %s", strerror(errno));
	if (move_up(&sv[1]) < 0 || move_up(&ev[1]) < 0)
		return brh_fail(e, errno, "fcntl: %s", strerror(errno));
	return 0;
}

int brh_start(struct brh_child *c, const char *helper, const char *bridge,
	      unsigned flags, const int pair[2], struct brh_error *e)
{
	char cmd[4096], br[IFNAMSIZ * 4 + 16];
	char *argv[6];
	int sv[2] = { -1, -1 }, ev[2] = { -1, -1 }, rc;
	const char *why;

	brh_error_clear(e);
	c->pid = -1;
	c->sock = c->err_fd = -1;
	if (pair != NULL) {
		sv[0] = pair[0];
		sv[1] = pair[1];
	}
	if (helper == NULL)
		helper = brh_default_helper();
	if ((why = brh_ifname_problem(bridge)) != NULL)
		rc = brh_fail(e, EINVAL, "bridge name %s", why);
	else if (build_argv(helper, bridge, flags, cmd, sizeof(cmd), br,
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

/* Keep the first line the helper wrote to stderr, without its newline. */
static void keep_first_line(char *text, size_t *len, const char *buf,
			    size_t n, size_t cap)
{
	char *nl;

	if (*len + 1 >= cap || memchr(text, '\n', *len) != NULL)
		return;
	if (n > cap - 1 - *len)
		n = cap - 1 - *len;
	memcpy(text + *len, buf, n);
	*len += n;
	text[*len] = '\0';
	nl = strchr(text, '\n');
	if (nl != NULL)
		*nl = '\0';
}

/* Read the socket once and stderr to its end, whichever comes first. */
static int collect_answer(struct brh_child *c, char *text, size_t cap,
			  struct brh_error *re)
{
	struct pollfd p[2] = { { c->sock, POLLIN, 0 }, { c->err_fd, POLLIN, 0 } };
	size_t len = 0;
	int fd = -1;

	brh_fail(re, ECONNRESET, "the helper sent nothing");
	text[0] = '\0';
	while (p[0].fd >= 0 || p[1].fd >= 0) {
		char buf[512];
		ssize_t n;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			brh_fail(re, errno, "poll: %s", strerror(errno));
			break;
		}
		if (p[0].revents) {
			fd = brh_recv_fd(c->sock, re);
			p[0].fd = -1;
		}
		if (p[1].revents) {
			n = read(c->err_fd, buf, sizeof(buf));
			if (n > 0)
				keep_first_line(text, &len, buf, (size_t)n, cap);
			else if (n == 0 || errno != EINTR)
				p[1].fd = -1;
		}
	}
	return fd;
}

static const char *status_meaning(int status)
{
	switch (status) {
	case BRH_EXIT_DENIED: return "refused by the ACL";
	case BRH_EXIT_USAGE: return "usage error";
	case BRH_EXIT_CONFIG: return "configuration error";
	case BRH_EXIT_SYSTEM: return "system error";
	case 126: return "helper not executable";
	case 127: return "helper not found";
	default: return "failed";
	}
}

/* 0 when fd is a TAP device; its name goes to ifname. */
static int check_tap(int fd, char ifname[IFNAMSIZ], struct brh_error *e)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(fd, TUNGETIFF, &ifr) < 0 || !(ifr.ifr_flags & IFF_TAP))
		return brh_fail(e, EBADF, "the helper sent a descriptor "
				"that is not a TAP device");
	if (ifname != NULL) {
		memcpy(ifname, ifr.ifr_name, IFNAMSIZ - 1);
		ifname[IFNAMSIZ - 1] = '\0';
	}
	return 0;
}

int brh_finish(struct brh_child *c, char ifname[IFNAMSIZ],
	       struct brh_error *e)
{
	struct brh_error re;
	char text[400];
	int fd, ws = 0;
	pid_t w;

	brh_error_clear(e);
	fd = collect_answer(c, text, sizeof(text), &re);
	close_if(&c->sock);
	close_if(&c->err_fd);
	do
		w = waitpid(c->pid, &ws, 0);
	while (w < 0 && errno == EINTR);
	c->pid = -1;
	if (w > 0 && WIFEXITED(ws))
		e->status = WEXITSTATUS(ws);
	if (w > 0 && WIFSIGNALED(ws))
		e->signal = WTERMSIG(ws);
	if (w > 0 && (e->status != 0 || e->signal != 0)) {
		close_if(&fd);
		if (e->signal != 0)
			return brh_fail(e, ECHILD, "the helper was killed by "
					"signal %d%s%s", e->signal,
					text[0] ? ": " : "", text);
		return brh_fail(e, ECHILD, "%s [exit status %d, %s]",
				text[0] ? text : "the helper failed",
				e->status, status_meaning(e->status));
	}
	if (fd < 0)
		return brh_fail(e, re.err, "%s%s%s", re.msg,
				text[0] ? ": " : "", text);
	if (check_tap(fd, ifname, e) < 0) {
		close_if(&fd);
		return -1;
	}
	return fd;
}

int brh_open_tap(const char *helper, const char *bridge, unsigned flags,
		 char ifname[IFNAMSIZ], struct brh_error *e)
{
	struct brh_child c;

	if (brh_start(&c, helper, bridge, flags, NULL, e) < 0)
		return -1;
	return brh_finish(&c, ifname, e);
}
