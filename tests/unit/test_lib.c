/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * test_lib.c - libbrhelper against hostile senders and broken helpers,
 * over real socketpairs, real child processes and real TAP devices (made
 * in a network namespace of their own; those tests need root and
 * /dev/net/tun, and are skipped without them, or fail under CI=true).
 *
 * Every spawning test runs under an alarm: a library that hangs kills the
 * test program instead of hanging make check.  Time bounds asserted below
 * (5 s against a 300 ms deadline) are hang checks, not speed checks.
 *
 * Usage: test-lib [PATTERN]  runs only the tests whose name matches.
 *        test-lib traced-helper exit|hang ...  is a helper (see
 *        traced_helper), run by the library through a script.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../lib/brhelper.h"
#include "../../common/service.h"

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = -1; /* the DIR's own fd */

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void send_fds(int sock, const int *fds, size_t n, const char *data,
		     size_t len)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * BRH_MAX_QUEUES)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { (void *)data, len };
	struct msghdr msg = { 0 };
	struct cmsghdr *c;

	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (n > 0) {
		memset(&ctl, 0, sizeof(ctl));
		msg.msg_control = ctl.buf;
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * n);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * n);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	}
	assert_int_equal(sendmsg(sock, &msg, 0), (ssize_t)len);
}

static int sv[2];

/* brh_recv_fds for one fd: the fd, or -1. */
static int recv_one(int sock, struct brh_error *e)
{
	int fd;

	return brh_recv_fds(sock, &fd, 1, e) == 1 ? fd : -1;
}

static int setup_pair(void **s)
{
	(void)s;
	return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
}

static int close_pair(void **s)
{
	(void)s;
	close(sv[0]);
	close(sv[1]);
	return 0;
}

static void one_fd_arrives_close_on_exec(void **s)
{
	struct brh_error e;
	int p[2], fd;

	(void)s;
	assert_int_equal(pipe(p), 0);
	send_fds(sv[1], &p[0], 1, "", 1);
	fd = recv_one(sv[0], &e);
	assert_true(fd >= 0);
	assert_int_equal(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	close(fd);
	close(p[0]);
	close(p[1]);
}

static void extra_fds_are_closed(void **s)
{
	struct brh_error e;
	int p[2], three[3], got[2], before;

	(void)s;
	assert_int_equal(pipe(p), 0);
	three[0] = three[1] = three[2] = p[1];
	before = open_fds();
	send_fds(sv[1], three, 3, "x", 1);
	assert_int_equal(brh_recv_fds(sv[0], got, 2, &e), 2);
	assert_int_equal(open_fds(), before + 2);
	close(got[0]);
	close(got[1]);
	assert_int_equal(open_fds(), before);
	close(p[0]);
	close(p[1]);
}

/*
 * The most the kernel passes in one message (SCM_MAX_FD, 253) all fit:
 * none is truncated away unseen, and all but the one asked for are closed.
 */
static void kernel_max_fds_all_taken_extra_closed(void **s)
{
	struct brh_error e;
	int p[2], many[BRH_MAX_QUEUES], got, before;
	size_t i;

	(void)s;
	assert_int_equal(pipe(p), 0);
	for (i = 0; i < sizeof(many) / sizeof(many[0]); i++)
		many[i] = p[0];
	before = open_fds();
	send_fds(sv[1], many, sizeof(many) / sizeof(many[0]), "x", 1);
	assert_int_equal(brh_recv_fds(sv[0], &got, 1, &e), 1);
	assert_int_equal(open_fds(), before + 1);
	close(got);
	close(p[0]);
	close(p[1]);
}

static void data_without_fd_refused(void **s)
{
	struct brh_error e;

	(void)s;
	send_fds(sv[1], NULL, 0, "x", 1);
	assert_int_equal(recv_one(sv[0], &e), -1);
	assert_int_equal(e.err, EBADMSG);
	assert_string_equal(e.msg, "the helper sent data without a descriptor");
}

static void peer_closed_early(void **s)
{
	struct brh_error e;

	(void)s;
	close(sv[1]);
	sv[1] = open("/dev/null", O_RDONLY);
	assert_int_equal(recv_one(sv[0], &e), -1);
	assert_int_equal(e.err, ECONNRESET);
}

static void credentials_are_not_fds(void **s)
{
	struct brh_error e;
	int on = 1;

	(void)s;
	assert_int_equal(
		setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)), 0);
	send_fds(sv[1], NULL, 0, "x", 1);
	assert_int_equal(recv_one(sv[0], &e), -1);
	assert_int_equal(e.err, EBADMSG);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void interrupted_receive_is_retried(void **s)
{
	struct sigaction sa = { .sa_handler = on_alarm }; /* no SA_RESTART */
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	struct brh_error e;
	pid_t pid;
	int fd;

	(void)s;
	sigaction(SIGALRM, &sa, NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		usleep(200000);
		send_fds(sv[1], &null, 1, "x", 1);
		_exit(0);
	}
	setitimer(ITIMER_REAL, &it, NULL);
	fd = recv_one(sv[0], &e);
	assert_true(fd >= 0);
	close(fd);
	waitpid(pid, NULL, 0);
	signal(SIGALRM, SIG_DFL);
}

static void want_out_of_range_refused(void **s)
{
	struct brh_error e;
	int fds[BRH_MAX_QUEUES + 1];

	(void)s;
	assert_int_equal(brh_recv_fds(sv[0], fds, 0, &e), -1);
	assert_int_equal(brh_recv_fds(sv[0], fds, BRH_MAX_QUEUES + 1, &e), -1);
	assert_int_equal(e.err, EINVAL);
}

/* ---- spawning ----------------------------------------------------------- */

static char fake[64], sleeper[64], forker[64], flooder[64], bigmouth[64],
	leaver[64], closer[64], traced_exit[64], traced_hang[64];

static void write_script(char path[64], const char *body)
{
	size_t len = strlen(body);
	int fd;

	snprintf(path, 64, "/tmp/brh-fake-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "#!/bin/sh\n", 10), 10);
	assert_int_equal(write(fd, body, len), (ssize_t)len);
	fchmod(fd, 0755);
	close(fd);
}

/*
 * The fake helpers: fake prints its arguments and its open fds and exits
 * 3; sleeper never answers; forker leaves the waiting to a child, as a
 * shell running a helper string does; flooder writes 10,000-byte lines
 * to stderr forever; bigmouth writes a 300,000-byte line and exits 3;
 * leaver exits 0 at once but leaves a child holding its stderr and its
 * socket; closer closes both and then never exits; traced_exit and
 * traced_hang are this program as a helper whose zombie a tracer holds
 * (traced_helper).
 */
static int make_fake(void **s)
{
	char self[256], body[320];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	(void)s;
	assert_true(n > 0 && (size_t)n < sizeof(self) - 1);
	self[n] = '\0';
	write_script(
		fake,
		"fds=$(ls /proc/$$/fd | sort -n | tr '\\n' ' ')\n"
		"echo \"args:$*|fds:$fds|sock:$(stat -L -c %F /proc/$$/fd/3)\" >&2\n"
		"echo 'second line' >&2\n"
		"exit 3\n");
	write_script(sleeper, "exec sleep 60\n");
	write_script(forker, "sleep 60 &\necho \"real $!\" >&2\nwait\n");
	write_script(flooder, "x=xxxxxxxxxx\n"
			      "x=$x$x$x$x$x$x$x$x$x$x\nx=$x$x$x$x$x$x$x$x$x$x\n"
			      "x=$x$x$x$x$x$x$x$x$x$x\nexec yes \"$x\" >&2\n");
	write_script(bigmouth, "head -c 300000 /dev/zero | tr '\\0' x >&2\n"
			       "echo >&2\nexit 3\n");
	write_script(leaver, "sleep 30 &\necho \"left $!\" >&2\nexit 0\n");
	write_script(closer, "exec 2>&- 3>&-\nexec sleep 60\n");
	snprintf(body, sizeof(body), "exec '%s' traced-helper exit \"$@\"\n",
		 self);
	write_script(traced_exit, body);
	snprintf(body, sizeof(body), "exec '%s' traced-helper hang \"$@\"\n",
		 self);
	write_script(traced_hang, body);
	return 0;
}

static int remove_fake(void **s)
{
	(void)s;
	unlink(fake);
	unlink(sleeper);
	unlink(forker);
	unlink(flooder);
	unlink(bigmouth);
	unlink(leaver);
	unlink(closer);
	unlink(traced_exit);
	unlink(traced_hang);
	return 0;
}

/* A hung library ends the test program instead of hanging make check. */
static void on_hang(int sig)
{
	static const char m[] = "test-lib: a test hung for 20 s\n";

	(void)sig;
	remove_fake(NULL);
	if (write(2, m, sizeof(m) - 1) < 0)
		_exit(2);
	_exit(1);
}

static int guard_on(void **s)
{
	struct sigaction sa = { .sa_handler = on_hang };

	(void)s;
	sigaction(SIGALRM, &sa, NULL);
	alarm(20);
	return 0;
}

static int guard_off(void **s)
{
	(void)s;
	alarm(0);
	return 0;
}

static long long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* pid was our child and has been reaped: no zombie, no process. */
static int reaped(pid_t pid)
{
	return waitpid(pid, NULL, WNOHANG) < 0 && errno == ECHILD &&
	       kill(pid, 0) < 0 && errno == ESRCH;
}

/* pid (not our child) is dead or a zombie within 5 s. */
static int gone(pid_t pid)
{
	char path[64], buf[256], *p;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (i = 0; i < 500; i++) {
		FILE *f = fopen(path, "r");

		if (f == NULL)
			return 1;
		p = fgets(buf, sizeof(buf), f);
		fclose(f);
		p = p ? strrchr(buf, ')') : NULL;
		if (p == NULL || p[1] == '\0' || p[2] == 'Z' || p[2] == 'X')
			return 1;
		usleep(10000);
	}
	return 0;
}

/* The number after tag in text, or -1. */
static pid_t pid_after(const char *text, const char *tag)
{
	const char *p = strstr(text, tag);

	return p ? (pid_t)strtol(p + strlen(tag), NULL, 10) : -1;
}

/* brh_open of one TAP through helper; the fd, or -1 with e filled. */
static int open_one(const char *helper, const char *bridge, unsigned flags,
		    int timeout_ms, struct brh_error *e)
{
	struct brh_request req = { .helper = helper,
				   .bridge = bridge,
				   .flags = flags,
				   .timeout_ms = timeout_ms };
	int fd;

	return brh_open(&req, &fd, NULL, e) == 1 ? fd : -1;
}

/* brh_start of helper for bridge: 0, or -1 with e filled. */
static int start(struct brh_child *c, const char *helper, const char *bridge,
		 int timeout_ms, struct brh_error *e)
{
	struct brh_request req = { .helper = helper,
				   .bridge = bridge,
				   .timeout_ms = timeout_ms };

	return brh_start(c, &req, e);
}

/* brh_finish of one fd: the fd, or -1 with e filled. */
static int finish_one(struct brh_child *c, struct brh_error *e)
{
	int fd;

	return brh_finish(c, &fd, NULL, e) == 1 ? fd : -1;
}

static void direct_exec_arguments(void **s)
{
	struct brh_error e;
	int null = open("/dev/null", O_RDONLY);
	int stray = dup2(null, 20); /* not close-on-exec */

	(void)s;
	close(null);
	assert_int_equal(stray, 20);
	assert_int_equal(open_one(fake, "br0", BRH_USE_VNET, 0, &e), -1);
	/* the VMM's stray fd is not passed on: only 0-3, ls and dash have their own */
	assert_int_equal(e.status, 3);
	assert_int_equal(e.via, BRH_VIA_HELPER);
	assert_non_null(strstr(e.msg, "args:--use-vnet --fd=3 --br=br0|"));
	assert_non_null(strstr(e.msg, "|fds:0 1 2 3 "));
	assert_null(strstr(e.msg, "second line"));
	assert_null(strstr(e.msg, " 20 "));
	assert_non_null(strstr(e.msg, "|sock:socket [exit status 3, "
				      "configuration error]"));
	close(stray);
}

static void no_vnet_flag_means_no_use_vnet(void **s)
{
	struct brh_error e;

	(void)s;
	assert_int_equal(open_one(fake, "br0", 0, 0, &e), -1);
	assert_non_null(strstr(e.msg, "args:--fd=3 --br=br0|"));
}

static void shell_string_gets_br_appended(void **s)
{
	struct brh_error e;
	char helper[128];

	(void)s;
	snprintf(helper, sizeof(helper), "%s --extra", fake);
	assert_int_equal(open_one(helper, "it's", BRH_USE_VNET, 0, &e), -1);
	assert_non_null(strstr(e.msg, "args:--extra --use-vnet --fd=3 "
				      "--br=it's|"));
}

static void shell_string_with_br_keeps_its_own(void **s)
{
	struct brh_error e;
	char helper[128];

	(void)s;
	snprintf(helper, sizeof(helper), "%s --br=mine", fake);
	assert_int_equal(open_one(helper, "br0", BRH_USE_VNET, 0, &e), -1);
	assert_non_null(strstr(e.msg, "args:--br=mine --use-vnet --fd=3|"));
}

/* queues 0 and 1 are one TAP (no --queues); more, and a MAC, are passed. */
static void queues_and_mac_passed_in_order(void **s)
{
	struct brh_request req = { .helper = fake, .bridge = "br0" };
	struct brh_error e;
	char helper[128];
	int fds[4];

	(void)s;
	req.queues = 1;
	assert_int_equal(brh_open(&req, fds, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "args:--fd=3 --br=br0|"));
	req.queues = 4;
	req.flags = BRH_USE_VNET;
	req.mac = "52:54:00:Ab:cd:EF";
	assert_int_equal(brh_open(&req, fds, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "args:--use-vnet --queues=4 "
				      "--mac=52:54:00:Ab:cd:EF --fd=3 "
				      "--br=br0|"));
	snprintf(helper, sizeof(helper), "%s --extra", fake);
	req.helper = helper;
	assert_int_equal(brh_open(&req, fds, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "args:--extra --use-vnet --queues=4 "
				      "--mac=52:54:00:Ab:cd:EF --fd=3 "
				      "--br=br0|"));
}

static void bad_bridge_name_never_reaches_a_shell(void **s)
{
	struct brh_error e;

	(void)s;
	assert_int_equal(open_one("/bin/sh -c", "a b", 0, 0, &e), -1);
	assert_string_equal(e.msg, "bridge name contains white space");
	assert_int_equal(e.via, 0); /* nothing was sent */
	assert_int_equal(open_one(fake, "abcdefghijklmnop", 0, 0, &e), -1);
	assert_string_equal(e.msg, "bridge name is longer than 15 bytes "
				   "(IFNAMSIZ)");
	assert_int_equal(open_one(fake, NULL, 0, 0, &e), -1);
	assert_string_equal(e.msg, "bridge name is empty");
}

/* A MAC reaches the command line only as six hex pairs. */
static void bad_mac_never_reaches_a_shell(void **s)
{
	static const char *bad[] = { "52:54:00:12:34:5",  "52:54:00:12:34:567",
				     "52:54:00:12:34;x",  "52-54-00-12-34-56",
				     "52:54:00:12:3g:56", "" };
	struct brh_request req = { .helper = "/bin/sh -c", .bridge = "br0" };
	struct brh_error e;
	size_t i;
	int fd;

	(void)s;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		req.mac = bad[i];
		assert_int_equal(brh_open(&req, &fd, NULL, &e), -1);
		assert_int_equal(e.err, EINVAL);
		assert_int_equal(e.status, -1);
	}
	req.mac = "a'b\n";
	assert_int_equal(brh_open(&req, &fd, NULL, &e), -1);
	assert_string_equal(e.msg, "MAC \"a'b\\x0a\" is not six hex pairs "
				   "such as 52:54:00:12:34:56");
}

/* What this library does not know yet is refused, not ignored. */
static void unknown_request_fields_refused(void **s)
{
	struct brh_request req = { .helper = fake, .bridge = "br0" };
	struct brh_error e;
	int fd, token;

	(void)s;
	req.via = 3; /* a later way */
	assert_int_equal(brh_open(&req, &fd, NULL, &e), -1);
	assert_string_equal(e.msg, "via is 3; BRH_VIA_HELPER (1), "
				   "BRH_VIA_SERVICE (2) or 0 is known");
	req.via = BRH_VIA_HELPER;
	req.reserved[2] = &token;
	assert_int_equal(brh_open(&req, &fd, NULL, &e), -1);
	assert_string_equal(e.msg, "brh_request.reserved must be zero");
	req.reserved[2] = NULL;
	req.flags = 0x2;
	assert_int_equal(brh_open(&req, &fd, NULL, &e), -1);
	assert_string_equal(e.msg, "unknown flags 0x2");
	req.flags = 0;
	assert_int_equal(brh_open(&req, &fd, NULL, &e), -1);
	assert_int_equal(e.status, 3); /* BRH_VIA_HELPER reached the fake */
	assert_int_equal(e.via, BRH_VIA_HELPER);
	assert_int_equal(brh_open(NULL, &fd, NULL, &e), -1);
	assert_int_equal(e.err, EINVAL);
}

/* ---- the service (brhelper(8), SERVICE) --------------------------------- */

/* fake_service ANSWER: a child listening on a socket of its own (its path
 * in svc_path), which takes one request, keeps it in svc_req, and sends
 * answer (status, line; no fd) or, with hang, nothing. */
static char svc_dir[64], svc_path[96];
static struct brh_service_request svc_req;
static pid_t svc_pid;
static int svc_pipe;

static void fake_service(int status, const char *line, int hang)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct brh_service_answer a = { BRH_SERVICE_VERSION, status, "" };
	int l, c, p[2];

	snprintf(svc_dir, sizeof(svc_dir), "/tmp/brh-svc.XXXXXX");
	assert_non_null(mkdtemp(svc_dir));
	snprintf(svc_path, sizeof(svc_path), "%s/sock", svc_dir);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", svc_path);
	snprintf(a.text, sizeof(a.text), "%s", line);
	l = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	assert_true(l >= 0);
	assert_int_equal(bind(l, (struct sockaddr *)&sun, sizeof(sun)), 0);
	assert_int_equal(listen(l, 4), 0);
	assert_int_equal(pipe(p), 0);
	svc_pid = fork();
	assert_true(svc_pid >= 0);
	if (svc_pid == 0) {
		c = accept(l, NULL, NULL);
		if (c < 0 || recv(c, &svc_req, sizeof(svc_req), 0) !=
				     (ssize_t)sizeof(svc_req))
			_exit(1);
		(void)!write(p[1], &svc_req, sizeof(svc_req));
		if (hang)
			pause();
		_exit(send(c, &a, sizeof(a), 0) == (ssize_t)sizeof(a) ? 0 : 1);
	}
	close(l);
	close(p[1]);
	svc_req.version = 0;
	svc_pipe = p[0]; /* the request, as the fake read it */
}

static void fake_service_gone(void)
{
	kill(svc_pid, SIGKILL);
	waitpid(svc_pid, NULL, 0);
	close(svc_pipe);
	unlink(svc_path);
	rmdir(svc_dir);
}

static void service_refusal_is_its_line_and_status(void **s)
{
	struct brh_request req = { .bridge = "br9",
				   .flags = BRH_USE_VNET,
				   .via = BRH_VIA_SERVICE };
	struct brh_error e;
	int fd;

	(void)s;
	fake_service(1,
		     "bridge br9: denied by /etc/brhelper/bridge.conf:2: "
		     "deny br9",
		     0);
	req.service = svc_path;
	assert_int_equal(brh_open(&req, &fd, NULL, &e), -1);
	assert_int_equal(e.via, BRH_VIA_SERVICE);
	assert_int_equal(e.status, 1);
	assert_string_equal(
		e.msg, "brhelper: bridge br9: denied by "
		       "/etc/brhelper/bridge.conf:2: deny br9 [exit status "
		       "1, refused by the ACL; through the service]");
	assert_int_equal(read(svc_pipe, &svc_req, sizeof(svc_req)),
			 sizeof(svc_req));
	assert_int_equal(svc_req.version, BRH_SERVICE_VERSION);
	assert_int_equal(svc_req.flags, BRH_SERVICE_VNET);
	assert_int_equal(svc_req.queues, 1);
	assert_string_equal(svc_req.bridge, "br9");
	fake_service_gone();
}

/* The default: the service when its socket is there and no helper is
 * named; a named helper is run. */
static void default_prefers_the_service_unless_a_helper_is_named(void **s)
{
	struct brh_request req = { .bridge = "br0" };
	struct brh_error e;
	int fd;

	(void)s;
	fake_service(4, "no such bridge", 0);
	req.service = svc_path;
	assert_int_equal(brh_open(&req, &fd, NULL, &e), -1);
	assert_int_equal(e.via, BRH_VIA_SERVICE);
	assert_int_equal(e.status, 4);
	req.helper = fake;
	assert_int_equal(brh_open(&req, &fd, NULL, &e), -1);
	assert_int_equal(e.via, BRH_VIA_HELPER);
	fake_service_gone();
}

static void service_silent_times_out(void **s)
{
	struct brh_request req = { .bridge = "br0",
				   .via = BRH_VIA_SERVICE,
				   .timeout_ms = 300 };
	struct brh_error e;
	int fd;

	(void)s;
	fake_service(0, "", 1);
	req.service = svc_path;
	assert_int_equal(brh_open(&req, &fd, NULL, &e), -1);
	assert_int_equal(e.err, ETIMEDOUT);
	assert_string_equal(e.msg, "the service did not answer within 300 ms");
	fake_service_gone();
}

static void service_success_without_fd_refused(void **s)
{
	struct brh_request req = { .bridge = "br0", .via = BRH_VIA_SERVICE };
	struct brh_error e;
	int fd;

	(void)s;
	fake_service(0, "", 0);
	req.service = svc_path;
	assert_int_equal(brh_open(&req, &fd, NULL, &e), -1);
	assert_int_equal(e.err, EPROTO);
	assert_string_equal(e.msg, "the service answered 0 with no descriptor");
	fake_service_gone();
}

/* "" would name an abstract socket any user may bind: refused, as is a
 * relative path; a pair given with the service is closed all the same; an
 * all-zero MAC is refused before anything is asked, whichever way. */
static void service_misuse_refused(void **s)
{
	struct brh_request req = { .bridge = "br0", .via = BRH_VIA_SERVICE };
	struct brh_error e;
	int fd, pair[2];

	(void)s;
	req.service = "";
	assert_int_equal(brh_open(&req, &fd, NULL, &e), -1);
	assert_int_equal(e.err, EINVAL);
	assert_string_equal(e.msg, "service socket \"\": not an absolute path");
	req.service = "run/brhelper/socket";
	assert_int_equal(brh_open(&req, &fd, NULL, &e), -1);
	assert_int_equal(e.err, EINVAL);
	req.service = NULL;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
	req.pair = pair;
	assert_int_equal(brh_open(&req, &fd, NULL, &e), -1);
	assert_int_equal(e.err, EINVAL);
	assert_int_equal(fcntl(pair[0], F_GETFD), -1);
	assert_int_equal(fcntl(pair[1], F_GETFD), -1);
	req.pair = NULL;
	req.mac = "00:00:00:00:00:00";
	assert_int_equal(brh_open(&req, &fd, NULL, &e), -1);
	assert_string_equal(e.msg, "MAC 00:00:00:00:00:00 is all zero; give "
				   "the guest's address");
	req.via = BRH_VIA_HELPER;
	req.helper = fake;
	assert_int_equal(brh_open(&req, &fd, NULL, &e), -1);
	assert_int_equal(e.err, EINVAL);
}

static void service_missing_says_where(void **s)
{
	struct brh_request req = { .bridge = "br0",
				   .via = BRH_VIA_SERVICE,
				   .service = "/nonexistent/brhelper.sock" };
	struct brh_error e;
	int fd;

	(void)s;
	assert_int_equal(brh_open(&req, &fd, NULL, &e), -1);
	assert_int_equal(e.via, BRH_VIA_SERVICE);
	assert_string_equal(e.msg, "the service at /nonexistent/brhelper.sock: "
				   "No such file or directory");
}

static void queues_out_of_range_refused(void **s)
{
	struct brh_request req = { .helper = "/bin/true", .bridge = "br0" };
	struct brh_child c;
	struct brh_error e;

	(void)s;
	req.queues = 254;
	assert_int_equal(brh_start(&c, &req, &e), -1);
	assert_string_equal(e.msg, "254 queues asked for; 1 to 253");
	assert_int_equal(c.pid, -1);
}

static void missing_helper_reported(void **s)
{
	struct brh_error e;

	(void)s;
	assert_int_equal(open_one("/nonexistent/brhelper", "br0", 0, 0, &e),
			 -1);
	assert_string_equal(e.msg, "cannot run /nonexistent/brhelper: No such "
				   "file or directory");
}

static void helper_sending_a_non_tap_is_refused(void **s)
{
	struct brh_request req = { .helper = "/bin/true", .bridge = "br0" };
	struct brh_error e;
	struct brh_child c;
	int pair[2], mine, p[2], before, fd;

	(void)s;
	assert_int_equal(
		socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
	mine = dup(pair[1]);
	assert_int_equal(pipe(p), 0);
	before = open_fds();
	req.pair = pair;
	assert_int_equal(brh_start(&c, &req, &e), 0);
	send_fds(mine, &p[0], 1, "", 1);
	close(mine);
	assert_int_equal(brh_finish(&c, &fd, NULL, &e), -1);
	assert_int_equal(e.err, EBADF);
	assert_string_equal(e.msg, "the helper sent a descriptor that is not "
				   "a TAP device");
	/* our end and the received pipe are closed; pair[1] went with c */
	assert_int_equal(open_fds(), before - 3);
	close(p[0]);
	close(p[1]);
}

static void helper_exiting_zero_without_fd(void **s)
{
	struct brh_error e;

	(void)s;
	assert_int_equal(open_one("/bin/true", "br0", 0, 0, &e), -1);
	assert_int_equal(e.status, 0);
	assert_int_equal(e.err, ECONNRESET);
	assert_string_equal(e.msg, "the helper closed the socket without "
				   "sending a descriptor");
}

static void killed_helper_reported(void **s)
{
	struct brh_error e;

	(void)s;
	assert_int_equal(open_one("kill -9 $$ #", "br0", 0, 0, &e), -1);
	assert_int_equal(e.signal, 9);
	assert_int_equal(e.err, ECHILD);
	assert_string_equal(e.msg, "the helper was killed by signal 9");
}

/* ---- deadline, stderr bound, leftovers, reaping ------------------------- */

static void helper_that_never_answers_is_killed_at_the_deadline(void **s)
{
	struct brh_child c;
	struct brh_error e;
	pid_t pid, bystander, parent = getpid();
	long long t0;
	int before, i;

	(void)s;
	bystander = fork(); /* ours, in our process group: must survive */
	assert_true(bystander >= 0);
	for (i = 0; bystander == 0 && i < 300 && getppid() == parent; i++)
		usleep(100000); /* until killed, or we are gone */
	if (bystander == 0)
		_exit(0);
	before = open_fds();
	t0 = ms_now();
	assert_int_equal(start(&c, sleeper, "br0", 300, &e), 0);
	assert_int_equal(fcntl(c.sock, F_GETFD), FD_CLOEXEC);
	assert_int_equal(fcntl(c.err_fd, F_GETFD), FD_CLOEXEC);
	assert_int_equal(fcntl(c.pidfd, F_GETFD), FD_CLOEXEC);
	pid = c.pid;
	assert_int_equal(finish_one(&c, &e), -1);
	assert_true(ms_now() - t0 < 5000);
	assert_int_equal(e.err, ETIMEDOUT);
	assert_int_equal(e.status, -1);
	assert_int_equal(e.signal, SIGKILL);
	assert_string_equal(e.msg, "the helper did not answer within 300 ms "
				   "and was killed");
	assert_true(reaped(pid));
	assert_int_equal(c.pid, -1);
	assert_int_equal(open_fds(), before);
	assert_int_equal(waitpid(bystander, NULL, WNOHANG), 0);
	kill(bystander, SIGKILL);
	waitpid(bystander, NULL, 0);
}

/* 0 is the default deadline; a negative one is refused before a spawn. */
static void default_and_negative_timeout(void **s)
{
	struct brh_child c;
	struct brh_error e;

	(void)s;
	assert_int_equal(start(&c, sleeper, "br0", 0, &e), 0);
	assert_int_equal(c.timeout_ms, BRH_DEFAULT_TIMEOUT_MS);
	kill(c.pid, SIGKILL);
	assert_int_equal(finish_one(&c, &e), -1);
	assert_int_equal(e.signal, SIGKILL);
	assert_int_equal(start(&c, sleeper, "br0", -5, &e), -1);
	assert_int_equal(e.err, EINVAL);
	assert_string_equal(e.msg, "timeout_ms is -5, not 0 (the default) or "
				   "a positive number of milliseconds");
	assert_int_equal(c.pid, -1);
}

/*
 * The deadline counts from brh_start; a helper that has ended by the time
 * brh_finish is called late is not killed, and its answer stands.
 */
static void late_finish_takes_an_ended_helper_as_it_is(void **s)
{
	struct brh_child c;
	struct brh_error e;
	long long t0;

	(void)s;
	assert_int_equal(start(&c, fake, "br0", 200, &e), 0);
	usleep(500000);
	t0 = ms_now();
	assert_int_equal(finish_one(&c, &e), -1);
	assert_true(ms_now() - t0 < 1000);
	assert_int_equal(e.status, 3);
	assert_non_null(strstr(e.msg, "[exit status 3, configuration error]"));
	assert_int_equal(start(&c, sleeper, "br0", 200, &e), 0);
	usleep(500000);
	t0 = ms_now();
	assert_int_equal(finish_one(&c, &e), -1);
	assert_true(ms_now() - t0 < 1000); /* past it already: killed at once */
	assert_string_equal(e.msg, "the helper did not answer within 200 ms "
				   "and was killed");
}

static void shell_helper_is_killed_with_the_real_helper(void **s)
{
	struct brh_child c;
	struct brh_error e;
	char helper[128];
	pid_t shell, real;

	(void)s;
	snprintf(helper, sizeof(helper), "%s --extra", forker);
	assert_int_equal(start(&c, helper, "br0", 300, &e), 0);
	shell = c.pid;
	assert_int_equal(finish_one(&c, &e), -1);
	assert_int_equal(e.err, ETIMEDOUT);
	assert_non_null(strstr(e.msg, "the helper did not answer within 300 "
				      "ms and was killed: real "));
	real = pid_after(e.msg, "real ");
	assert_true(real > 0 && real != shell);
	assert_true(reaped(shell));
	assert_true(gone(real));
}

static void stderr_flood_is_bounded_and_never_blocks_the_helper(void **s)
{
	static const char want[] = "the helper did not answer within 300 ms "
				   "and was killed: ";
	struct brh_child c;
	struct brh_error e;
	long long t0;
	size_t shown;
	pid_t pid;

	(void)s;
	t0 = ms_now();
	assert_int_equal(start(&c, flooder, "br0", 300, &e), 0);
	pid = c.pid;
	assert_int_equal(finish_one(&c, &e), -1);
	assert_true(ms_now() - t0 < 5000);
	assert_int_equal(e.err, ETIMEDOUT);
	assert_int_equal(e.signal, SIGKILL);
	assert_memory_equal(e.msg, want, sizeof(want) - 1);
	/* a bounded part of the 10,000-byte first line, nothing else */
	shown = strlen(e.msg + sizeof(want) - 1);
	assert_true(shown > 0 && shown < 512);
	assert_int_equal(strspn(e.msg + sizeof(want) - 1, "x"), shown);
	assert_true(reaped(pid));
	/* 300 KB, far past what is kept and what a pipe holds, then exit 3 */
	assert_int_equal(open_one(bigmouth, "br0", 0, 10000, &e), -1);
	assert_int_equal(e.status, 3);
	assert_non_null(strstr(e.msg, "xxx [exit status 3, configuration "
				      "error]"));
}

static void leftover_holding_stderr_and_socket_does_not_delay(void **s)
{
	struct brh_child c;
	struct brh_error e;
	long long t0;
	pid_t pid, left;

	(void)s;
	/* the deadline is not what ends this */
	assert_int_equal(start(&c, leaver, "br0", 60000, &e), 0);
	pid = c.pid;
	t0 = ms_now();
	assert_int_equal(finish_one(&c, &e), -1);
	assert_true(ms_now() - t0 < 5000);
	assert_int_equal(e.status, 0);
	assert_int_equal(e.signal, 0);
	assert_non_null(strstr(e.msg, "the helper exited without sending a "
				      "descriptor: left "));
	assert_true(reaped(pid));
	left = pid_after(e.msg, "left ");
	assert_true(left > 0);
	/* not the library's to kill: the helper ended on its own */
	assert_int_equal(kill(left, 0), 0);
	kill(left, SIGKILL);
}

static void helper_closing_its_fds_but_not_exiting_is_killed(void **s)
{
	struct brh_error e;
	long long t0 = ms_now();

	(void)s;
	assert_int_equal(open_one(closer, "br0", 0, 300, &e), -1);
	assert_true(ms_now() - t0 < 5000);
	assert_int_equal(e.err, ETIMEDOUT);
	assert_string_equal(e.msg, "the helper did not answer within 300 ms "
				   "and was killed");
}

static void on_usr1(int sig)
{
	(void)sig;
}

static void deadline_holds_under_a_storm_of_signals(void **s)
{
	struct sigaction sa = { .sa_handler = on_usr1 },
			 old; /* no SA_RESTART */
	struct brh_child c;
	struct brh_error e;
	pid_t parent = getpid(), pester, pid;
	int rc;

	(void)s;
	sigaction(SIGUSR1, &sa, &old);
	pester = fork();
	assert_true(pester >= 0);
	if (pester == 0) {
		while (getppid() == parent && kill(parent, SIGUSR1) == 0)
			usleep(2000);
		_exit(0);
	}
	assert_int_equal(start(&c, sleeper, "br0", 300, &e), 0);
	pid = c.pid;
	rc = finish_one(&c, &e);
	kill(pester, SIGKILL);
	waitpid(pester, NULL, 0);
	sigaction(SIGUSR1, &old, NULL);
	assert_int_equal(rc, -1);
	assert_string_equal(e.msg, "the helper did not answer within 300 ms "
				   "and was killed");
	assert_int_equal(e.signal, SIGKILL);
	assert_true(reaped(pid));
}

static void finish_after_failed_start_refused(void **s)
{
	struct brh_child c;
	struct brh_error e;

	(void)s;
	assert_int_equal(start(&c, sleeper, "a b", 0, &e), -1);
	assert_int_equal(finish_one(&c, &e), -1);
	assert_int_equal(e.err, EINVAL);
	assert_string_equal(e.msg, "brh_finish: no helper was started");
}

/*
 * This program as a helper (make_fake's traced_exit and traced_hang): it
 * starts a tracer that leaves its session (so that the deadline's kill of
 * the helper's process group misses it) and PTRACE_SEIZEs the helper; the
 * helper says "tracer PID" on stderr and then exits 0 at once (how "exit")
 * or waits to be killed (how "hang").  The tracer never waits for it, so
 * the helper's zombie is not its parent's to reap until the tracer ends:
 * after 30 s, or as soon as the test program is gone.  A helper that
 * cannot be traced here exits 5.  _exit: no sanitizer's exit-time work.
 */
static void traced_helper(const char *how)
{
	int go[2], ready[2], i, null;
	pid_t test = getppid(), tracer;
	char b = 0;

	if (pipe(go) < 0 || pipe(ready) < 0 || (tracer = fork()) < 0)
		_exit(90);
	if (tracer == 0) {
		close(go[1]);
		close(ready[0]);
		setsid();
		if (read(go[0], &b, 1) != 1 ||
		    ptrace(PTRACE_SEIZE, getppid(), NULL, NULL) < 0)
			_exit(1);
		null = open("/dev/null", O_RDWR);
		for (i = 0; i < 4; i++)
			dup2(null, i); /* hold no pipe of the test's */
		(void)!write(ready[1], "k", 1);
		for (i = 0; i < 300 && kill(test, 0) == 0; i++)
			usleep(100000);
		_exit(0);
	}
	close(ready[1]);
	prctl(PR_SET_PTRACER, tracer, 0, 0, 0); /* Yama's ptrace_scope 1 */
	if (write(go[1], "g", 1) != 1 || read(ready[0], &b, 1) != 1) {
		fprintf(stderr, "cannot be traced here\n");
		_exit(5);
	}
	fprintf(stderr, "tracer %d\n", (int)tracer);
	if (strcmp(how, "hang") == 0)
		for (;;)
			pause();
	_exit(0);
}

/* Skip (fail under CI=true) when the helper could not be traced here. */
static void skip_if_untraceable(const struct brh_error *e)
{
	const char *ci = getenv("CI");

	if (e->status != 5)
		return;
	if (ci != NULL && strcmp(ci, "true") == 0)
		fail_msg("no tracer: %s", e->msg);
	skip();
}

static void assert_prefix(const char *s, const char *prefix)
{
	assert_memory_equal(s, prefix, strlen(prefix));
}

/* The tracer lets go: the zombie is reaped, and ended as want says. */
static void release_zombie(pid_t zombie, pid_t tracer, int exited, int code)
{
	int st;

	assert_true(tracer > 0);
	assert_int_equal(kill(tracer, SIGKILL), 0);
	assert_int_equal(waitpid(zombie, &st, 0), zombie);
	if (exited)
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) == code);
	else
		assert_true(WIFSIGNALED(st) && WTERMSIG(st) == code);
}

/*
 * Issue 17, 3.4: a helper that ends while a tracer holds its zombie.  The
 * old library waited in a blocking waitid for as long as the tracer lived
 * (30 s here, past the 20 s guard); now brh_finish gives up at the
 * deadline and leaves the zombie, which is still the caller's child.
 */
static void traced_zombie_does_not_hold_finish_past_the_deadline(void **s)
{
	struct brh_child c;
	struct brh_error e;
	long long t0 = ms_now(), took;
	pid_t pid;

	(void)s;
	assert_int_equal(start(&c, traced_exit, "br0", 1000, &e), 0);
	pid = c.pid;
	assert_int_equal(finish_one(&c, &e), -1);
	took = ms_now() - t0;
	skip_if_untraceable(&e);
	assert_true(took >= 900 && took < 2000);
	assert_int_equal(e.err, ETIMEDOUT);
	assert_int_equal(e.status, -1);
	assert_int_equal(e.signal, 0);
	assert_int_equal(c.pid, -1);
	assert_int_equal(pid_after(e.msg, "is left a zombie: tracer ") > 0, 1);
	assert_int_equal(pid_after(e.msg, "; pid "), pid);
	assert_prefix(e.msg, "the helper ended, but its exit status could not "
			     "be read within 1000 ms: a process tracing it "
			     "holds it; pid ");
	assert_int_equal(waitpid(pid, NULL, WNOHANG), 0); /* left as it is */
	release_zombie(pid, pid_after(e.msg, "tracer "), 1, 0);
}

/* The same after the deadline's kill: no blocking wait for the corpse. */
static void traced_zombie_of_a_killed_helper_is_left(void **s)
{
	struct brh_child c;
	struct brh_error e;
	long long t0 = ms_now(), took;
	pid_t pid;

	(void)s;
	assert_int_equal(start(&c, traced_hang, "br0", 500, &e), 0);
	pid = c.pid;
	assert_int_equal(finish_one(&c, &e), -1);
	took = ms_now() - t0;
	skip_if_untraceable(&e);
	assert_true(took >= 400 && took < 2500);
	assert_int_equal(e.err, ETIMEDOUT);
	assert_int_equal(e.status, -1);
	assert_int_equal(e.signal, 0);
	assert_prefix(e.msg, "the helper did not answer within 500 ms and was "
			     "killed, but its exit status could not be read: "
			     "a process tracing it holds it; pid ");
	assert_int_equal(pid_after(e.msg, "; pid "), pid);
	assert_non_null(strstr(e.msg, " is left a zombie: tracer "));
	assert_int_equal(waitpid(pid, NULL, WNOHANG), 0);
	release_zombie(pid, pid_after(e.msg, "tracer "), 0, SIGKILL);
}

/* ---- what the helper sent: a real TAP with the asked flags -------------- */

/* A TAP in a network namespace of its own, which lives as long as the fd. */
static int make_tap(int flags)
{
	const char *ci = getenv("CI");
	struct ifreq ifr;
	int self, fd = -1, err = 0;

	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	assert_true(self >= 0);
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = (short)flags;
	if (unshare(CLONE_NEWNET) < 0) {
		err = errno;
	} else {
		fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
		if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) < 0)
			err = errno;
		assert_int_equal(setns(self, CLONE_NEWNET), 0);
	}
	close(self);
	if (err == 0)
		return fd;
	if (fd >= 0)
		close(fd);
	if (ci != NULL && strcmp(ci, "true") == 0)
		fail_msg("cannot make a TAP (needs root and /dev/net/tun): %s",
			 strerror(err));
	skip();
	return -1;
}

/* brh_finish's answer when /bin/true "sends" tap (ours is closed). */
static int finish_with(int tap, unsigned flags, char ifname[IFNAMSIZ],
		       struct brh_error *e)
{
	struct brh_request req = { .helper = "/bin/true",
				   .bridge = "br0",
				   .flags = flags };
	struct brh_child c;
	int pair[2], mine, fd;

	assert_int_equal(
		socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
	mine = fcntl(pair[1], F_DUPFD_CLOEXEC, 0);
	req.pair = pair;
	assert_int_equal(brh_start(&c, &req, e), 0);
	send_fds(mine, &tap, 1, "", 1);
	close(mine);
	close(tap);
	return brh_finish(&c, &fd, ifname, e) == 1 ? fd : -1;
}

/* The same TAP is accepted when it matches what was asked. */
static void tap_without_vnet_header_refused_when_asked(void **s)
{
	struct brh_error e;
	char ifname[IFNAMSIZ];
	int before = open_fds(), fd;

	(void)s;
	fd = finish_with(make_tap(IFF_TAP | IFF_NO_PI), 0, ifname, &e);
	assert_true(fd >= 0);
	assert_string_equal(ifname, "tap0");
	assert_int_equal(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	close(fd);
	assert_int_equal(finish_with(make_tap(IFF_TAP | IFF_NO_PI),
				     BRH_USE_VNET, NULL, &e),
			 -1);
	assert_int_equal(e.err, EPROTO);
	assert_string_equal(e.msg,
			    "the helper sent TAP tap0 without "
			    "IFF_VNET_HDR (virtio-net header), which was asked "
			    "for");
	assert_int_equal(open_fds(), before); /* the TAP was closed */
}

static void tap_with_vnet_header_not_asked_for_refused(void **s)
{
	struct brh_error e;
	int fd;

	(void)s;
	fd = finish_with(make_tap(IFF_TAP | IFF_NO_PI | IFF_VNET_HDR),
			 BRH_USE_VNET, NULL, &e);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(
		finish_with(make_tap(IFF_TAP | IFF_NO_PI | IFF_VNET_HDR), 0,
			    NULL, &e),
		-1);
	assert_string_equal(e.msg,
			    "the helper sent TAP tap0 with "
			    "IFF_VNET_HDR (virtio-net header), which was not "
			    "asked for");
}

/*
 * TUNGETIFF reports IFF_NOFILTER in IFF_NO_PI's bit while no socket filter
 * is attached; with one attached, a TAP without IFF_NO_PI shows, and is
 * refused (libbrhelper(3), CAVEATS).
 */
static void tap_without_no_pi_refused_when_tungetiff_shows_it(void **s)
{
	struct sock_filter pass = BPF_STMT(BPF_RET | BPF_K, 0xffffffffu);
	struct sock_fprog prog = { 1, &pass };
	struct brh_error e;
	int tap = make_tap(IFF_TAP | IFF_VNET_HDR);

	(void)s;
	assert_int_equal(ioctl(tap, TUNATTACHFILTER, &prog), 0);
	assert_int_equal(finish_with(tap, BRH_USE_VNET, NULL, &e), -1);
	assert_string_equal(e.msg,
			    "the helper sent TAP tap0 without IFF_NO_PI "
			    "(no packet information header), which was asked "
			    "for");
}

static void multiqueue_tap_refused(void **s)
{
	struct brh_error e;

	(void)s;
	assert_int_equal(finish_with(make_tap(IFF_TAP | IFF_NO_PI |
					      IFF_VNET_HDR | IFF_MULTI_QUEUE),
				     BRH_USE_VNET, NULL, &e),
			 -1);
	assert_string_equal(e.msg, "the helper sent TAP tap0 with "
				   "IFF_MULTI_QUEUE, which was not asked for");
}

static void persistent_tap_refused(void **s)
{
	struct brh_error e;
	int tap = make_tap(IFF_TAP | IFF_NO_PI), keep;

	(void)s;
	assert_int_equal(ioctl(tap, TUNSETPERSIST, 1), 0);
	keep = fcntl(tap, F_DUPFD_CLOEXEC, 0);
	assert_int_equal(finish_with(tap, 0, NULL, &e), -1);
	assert_string_equal(e.msg, "the helper sent TAP tap0 with IFF_PERSIST, "
				   "which was not asked for");
	ioctl(keep, TUNSETPERSIST, 0);
	close(keep);
}

/* n queues of one multiqueue TAP, in a network namespace of its own. */
static void make_queues(int flags, int *fds, int n)
{
	struct ifreq ifr;
	int self, i, err = 0;

	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	assert_true(self >= 0);
	if (unshare(CLONE_NEWNET) < 0) {
		close(self);
		make_tap(flags); /* fails or skips, with the reason */
		return;
	}
	for (i = 0; i < n && err == 0; i++) {
		memset(&ifr, 0, sizeof(ifr));
		ifr.ifr_flags = (short)flags;
		if (i > 0)
			strcpy(ifr.ifr_name, "tap0");
		fds[i] = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
		if (fds[i] < 0 || ioctl(fds[i], TUNSETIFF, &ifr) < 0)
			err = errno;
	}
	assert_int_equal(setns(self, CLONE_NEWNET), 0);
	close(self);
	assert_int_equal(err, 0);
}

/* brh_finish's answer when /bin/true "sends" fds (ours closed). */
static int finish_queues_with(const int *tap, int n, unsigned queues, int *got,
			      char ifname[IFNAMSIZ], struct brh_error *e)
{
	struct brh_request req = { .helper = "/bin/true",
				   .bridge = "br0",
				   .flags = BRH_USE_VNET,
				   .queues = queues };
	struct brh_child c;
	int pair[2], mine, i;

	assert_int_equal(
		socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
	mine = fcntl(pair[1], F_DUPFD_CLOEXEC, 0);
	req.pair = pair;
	assert_int_equal(brh_start(&c, &req, e), 0);
	send_fds(mine, tap, (size_t)n, "", 1);
	close(mine);
	for (i = 0; i < n; i++)
		close(tap[i]);
	return brh_finish(&c, got, ifname, e);
}

#define MQ (IFF_TAP | IFF_NO_PI | IFF_VNET_HDR | IFF_MULTI_QUEUE)

static void queues_of_one_multiqueue_tap_accepted(void **s)
{
	struct brh_error e;
	char ifname[IFNAMSIZ];
	int tap[3], got[3], before = open_fds(), i;

	(void)s;
	make_queues(MQ, tap, 3);
	assert_int_equal(finish_queues_with(tap, 3, 3, got, ifname, &e), 3);
	assert_string_equal(ifname, "tap0");
	for (i = 0; i < 3; i++) {
		assert_int_equal(fcntl(got[i], F_GETFD) & FD_CLOEXEC,
				 FD_CLOEXEC);
		close(got[i]);
	}
	assert_int_equal(open_fds(), before);
}

static void fewer_queues_than_asked_refused(void **s)
{
	struct brh_error e;
	int tap[3], got[3], before = open_fds();

	(void)s;
	make_queues(MQ, tap, 3);
	close(tap[2]);
	assert_int_equal(finish_queues_with(tap, 2, 3, got, NULL, &e), -1);
	assert_int_equal(e.err, EPROTO);
	assert_string_equal(e.msg, "the helper sent 2 descriptors for 3 "
				   "queues");
	assert_int_equal(open_fds(), before);
}

static void single_queue_tap_refused_for_queues(void **s)
{
	struct brh_error e;
	int tap = make_tap(IFF_TAP | IFF_NO_PI | IFF_VNET_HDR), got[2];

	(void)s;
	assert_int_equal(finish_queues_with(&tap, 1, 2, got, NULL, &e), -1);
	assert_string_equal(e.msg, "the helper sent TAP tap0 without "
				   "IFF_MULTI_QUEUE, which was asked for");
}

/* One queue each of tap0 and tap1, in one network namespace of their own. */
static void make_two_taps(int flags, int fds[2])
{
	struct ifreq ifr;
	int self, i, err = 0;

	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	assert_true(self >= 0);
	if (unshare(CLONE_NEWNET) < 0) {
		close(self);
		make_tap(flags); /* fails or skips, with the reason */
		return;
	}
	for (i = 0; i < 2 && err == 0; i++) {
		memset(&ifr, 0, sizeof(ifr));
		ifr.ifr_flags = (short)flags;
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "tap%d", i);
		fds[i] = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
		if (fds[i] < 0 || ioctl(fds[i], TUNSETIFF, &ifr) < 0)
			err = errno;
	}
	assert_int_equal(setns(self, CLONE_NEWNET), 0);
	close(self);
	assert_int_equal(err, 0);
}

/* A queue of another TAP, even with the same flags, is refused. */
static void queue_of_another_tap_refused(void **s)
{
	struct brh_error e;
	int two[2], got[2], before = open_fds();

	(void)s;
	make_two_taps(MQ, two);
	assert_int_equal(finish_queues_with(two, 2, 2, got, NULL, &e), -1);
	assert_int_equal(e.err, EPROTO);
	assert_string_equal(e.msg, "the helper's descriptor 1 is TAP tap1, not "
				   "a queue of TAP tap0");
	assert_int_equal(open_fds(), before); /* both closed */
}

int main(int argc, char *argv[])
{
	const struct CMUnitTest recv[] = {
#define P(f) cmocka_unit_test_setup_teardown(f, setup_pair, close_pair)
		P(one_fd_arrives_close_on_exec),
		P(extra_fds_are_closed),
		P(kernel_max_fds_all_taken_extra_closed),
		P(data_without_fd_refused),
		P(peer_closed_early),
		P(credentials_are_not_fds),
		P(interrupted_receive_is_retried),
		P(want_out_of_range_refused),
	};
	const struct CMUnitTest spawn[] = {
#define G(f) cmocka_unit_test_setup_teardown(f, guard_on, guard_off)
		G(direct_exec_arguments),
		G(no_vnet_flag_means_no_use_vnet),
		G(shell_string_gets_br_appended),
		G(shell_string_with_br_keeps_its_own),
		G(queues_and_mac_passed_in_order),
		G(bad_bridge_name_never_reaches_a_shell),
		G(bad_mac_never_reaches_a_shell),
		G(unknown_request_fields_refused),
		G(service_refusal_is_its_line_and_status),
		G(default_prefers_the_service_unless_a_helper_is_named),
		G(service_silent_times_out),
		G(service_success_without_fd_refused),
		G(service_missing_says_where),
		G(service_misuse_refused),
		G(queues_out_of_range_refused),
		G(missing_helper_reported),
		G(helper_sending_a_non_tap_is_refused),
		G(helper_exiting_zero_without_fd),
		G(killed_helper_reported),
		G(helper_that_never_answers_is_killed_at_the_deadline),
		G(default_and_negative_timeout),
		G(late_finish_takes_an_ended_helper_as_it_is),
		G(shell_helper_is_killed_with_the_real_helper),
		G(stderr_flood_is_bounded_and_never_blocks_the_helper),
		G(leftover_holding_stderr_and_socket_does_not_delay),
		G(helper_closing_its_fds_but_not_exiting_is_killed),
		G(deadline_holds_under_a_storm_of_signals),
		G(finish_after_failed_start_refused),
		G(traced_zombie_does_not_hold_finish_past_the_deadline),
		G(traced_zombie_of_a_killed_helper_is_left),
	};
	const struct CMUnitTest tap[] = {
		G(tap_without_vnet_header_refused_when_asked),
		G(tap_with_vnet_header_not_asked_for_refused),
		G(tap_without_no_pi_refused_when_tungetiff_shows_it),
		G(multiqueue_tap_refused),
		G(persistent_tap_refused),
		G(queues_of_one_multiqueue_tap_accepted),
		G(fewer_queues_than_asked_refused),
		G(single_queue_tap_refused_for_queues),
		G(queue_of_another_tap_refused),
	};
	int rc;

	if (argc >= 3 && strcmp(argv[1], "traced-helper") == 0)
		traced_helper(argv[2]); /* never returns */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	rc = cmocka_run_group_tests_name("recvfd", recv, NULL, NULL);
	rc |= cmocka_run_group_tests_name("spawn", spawn, make_fake,
					  remove_fake);
	return rc | cmocka_run_group_tests_name("tap", tap, NULL, NULL);
}
