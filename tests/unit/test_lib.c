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
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
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
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../lib/brhelper.h"

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
		char buf[CMSG_SPACE(sizeof(int) * BRH_MAX_FDS)];
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
	fd = brh_recv_fd(sv[0], &e);
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
	int p[2], many[BRH_MAX_FDS], got, before;
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
	assert_int_equal(brh_recv_fd(sv[0], &e), -1);
	assert_int_equal(e.err, EBADMSG);
	assert_string_equal(e.msg, "the helper sent data without a descriptor");
}

static void peer_closed_early(void **s)
{
	struct brh_error e;

	(void)s;
	close(sv[1]);
	sv[1] = open("/dev/null", O_RDONLY);
	assert_int_equal(brh_recv_fd(sv[0], &e), -1);
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
	assert_int_equal(brh_recv_fd(sv[0], &e), -1);
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
	fd = brh_recv_fd(sv[0], &e);
	assert_true(fd >= 0);
	close(fd);
	waitpid(pid, NULL, 0);
	signal(SIGALRM, SIG_DFL);
}

static void want_out_of_range_refused(void **s)
{
	struct brh_error e;
	int fds[BRH_MAX_FDS + 1];

	(void)s;
	assert_int_equal(brh_recv_fds(sv[0], fds, 0, &e), -1);
	assert_int_equal(brh_recv_fds(sv[0], fds, BRH_MAX_FDS + 1, &e), -1);
	assert_int_equal(e.err, EINVAL);
}

/* ---- spawning ----------------------------------------------------------- */

static char fake[64], sleeper[64], forker[64], flooder[64], bigmouth[64],
	leaver[64], closer[64];

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
 * socket; closer closes both and then never exits.
 */
static int make_fake(void **s)
{
	(void)s;
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

static void direct_exec_arguments(void **s)
{
	struct brh_error e;
	int null = open("/dev/null", O_RDONLY);
	int stray = dup2(null, 20); /* not close-on-exec */

	(void)s;
	close(null);
	assert_int_equal(stray, 20);
	assert_int_equal(brh_open_tap(fake, "br0", BRH_USE_VNET, NULL, &e), -1);
	/* the VMM's stray fd is not passed on: only 0-3, ls and dash have their own */
	assert_int_equal(e.status, 3);
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
	assert_int_equal(brh_open_tap(fake, "br0", 0, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "args:--fd=3 --br=br0|"));
}

static void shell_string_gets_br_appended(void **s)
{
	struct brh_error e;
	char helper[128];

	(void)s;
	snprintf(helper, sizeof(helper), "%s --extra", fake);
	assert_int_equal(brh_open_tap(helper, "it's", BRH_USE_VNET, NULL, &e),
			 -1);
	assert_non_null(strstr(e.msg, "args:--extra --use-vnet --fd=3 "
				      "--br=it's|"));
}

static void shell_string_with_br_keeps_its_own(void **s)
{
	struct brh_error e;
	char helper[128];

	(void)s;
	snprintf(helper, sizeof(helper), "%s --br=mine", fake);
	assert_int_equal(brh_open_tap(helper, "br0", BRH_USE_VNET, NULL, &e),
			 -1);
	assert_non_null(strstr(e.msg, "args:--br=mine --use-vnet --fd=3|"));
}

static void bad_bridge_name_never_reaches_a_shell(void **s)
{
	struct brh_error e;

	(void)s;
	assert_int_equal(brh_open_tap("/bin/sh -c", "a b", 0, NULL, &e), -1);
	assert_string_equal(e.msg, "bridge name contains white space");
	assert_int_equal(brh_open_tap(fake, "abcdefghijklmnop", 0, NULL, &e),
			 -1);
	assert_string_equal(e.msg, "bridge name is longer than 15 bytes "
				   "(IFNAMSIZ)");
}

static void missing_helper_reported(void **s)
{
	struct brh_error e;

	(void)s;
	assert_int_equal(
		brh_open_tap("/nonexistent/brhelper", "br0", 0, NULL, &e), -1);
	assert_string_equal(e.msg, "cannot run /nonexistent/brhelper: No such "
				   "file or directory");
}

static void helper_sending_a_non_tap_is_refused(void **s)
{
	struct brh_error e;
	struct brh_child c;
	int pair[2], mine, p[2], before;

	(void)s;
	assert_int_equal(
		socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
	mine = dup(pair[1]);
	assert_int_equal(pipe(p), 0);
	before = open_fds();
	assert_int_equal(brh_start(&c, "/bin/true", "br0", 0, pair, &e), 0);
	send_fds(mine, &p[0], 1, "", 1);
	close(mine);
	assert_int_equal(brh_finish(&c, NULL, &e), -1);
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
	assert_int_equal(brh_open_tap("/bin/true", "br0", 0, NULL, &e), -1);
	assert_int_equal(e.status, 0);
	assert_string_equal(e.msg, "the helper closed the socket without "
				   "sending a descriptor");
}

static void killed_helper_reported(void **s)
{
	struct brh_error e;

	(void)s;
	assert_int_equal(brh_open_tap("kill -9 $$ #", "br0", 0, NULL, &e), -1);
	assert_int_equal(e.signal, 9);
	assert_string_equal(e.msg, "the helper was killed by signal 9");
}

/* ---- deadline, stderr bound, leftovers --------------------------------- */

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
	assert_int_equal(brh_start(&c, sleeper, "br0", 0, NULL, &e), 0);
	assert_int_equal(c.timeout_ms, BRH_DEFAULT_TIMEOUT_MS);
	assert_int_equal(fcntl(c.sock, F_GETFD), FD_CLOEXEC);
	assert_int_equal(fcntl(c.err_fd, F_GETFD), FD_CLOEXEC);
	assert_int_equal(fcntl(c.pidfd, F_GETFD), FD_CLOEXEC);
	pid = c.pid;
	c.timeout_ms = 300;
	t0 = ms_now();
	assert_int_equal(brh_finish(&c, NULL, &e), -1);
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

static void shell_helper_is_killed_with_the_real_helper(void **s)
{
	struct brh_child c;
	struct brh_error e;
	char helper[128];
	pid_t shell, real;

	(void)s;
	snprintf(helper, sizeof(helper), "%s --extra", forker);
	assert_int_equal(brh_start(&c, helper, "br0", 0, NULL, &e), 0);
	shell = c.pid;
	c.timeout_ms = 300;
	assert_int_equal(brh_finish(&c, NULL, &e), -1);
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
	assert_int_equal(brh_start(&c, flooder, "br0", 0, NULL, &e), 0);
	pid = c.pid;
	c.timeout_ms = 300;
	t0 = ms_now();
	assert_int_equal(brh_finish(&c, NULL, &e), -1);
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
	assert_int_equal(
		brh_open_tap_timeout(bigmouth, "br0", 0, 10000, NULL, &e), -1);
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
	assert_int_equal(brh_start(&c, leaver, "br0", 0, NULL, &e), 0);
	pid = c.pid;
	c.timeout_ms = 60000; /* the deadline is not what ends this */
	t0 = ms_now();
	assert_int_equal(brh_finish(&c, NULL, &e), -1);
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
	assert_int_equal(brh_open_tap_timeout(closer, "br0", 0, 300, NULL, &e),
			 -1);
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
	assert_int_equal(brh_start(&c, sleeper, "br0", 0, NULL, &e), 0);
	pid = c.pid;
	c.timeout_ms = 300;
	rc = brh_finish(&c, NULL, &e);
	kill(pester, SIGKILL);
	waitpid(pester, NULL, 0);
	sigaction(SIGUSR1, &old, NULL);
	assert_int_equal(rc, -1);
	assert_string_equal(e.msg, "the helper did not answer within 300 ms "
				   "and was killed");
	assert_int_equal(e.signal, SIGKILL);
	assert_true(reaped(pid));
}

static void nonpositive_timeout_refused_and_helper_reaped(void **s)
{
	struct brh_child c;
	struct brh_error e;
	pid_t pid;

	(void)s;
	assert_int_equal(brh_open_tap_timeout(sleeper, "br0", 0, 0, NULL, &e),
			 -1);
	assert_int_equal(e.err, EINVAL);
	assert_string_equal(e.msg, "timeout_ms is 0, not a positive number "
				   "of milliseconds");
	assert_int_equal(brh_start(&c, sleeper, "br0", 0, NULL, &e), 0);
	pid = c.pid;
	c.timeout_ms = -5;
	assert_int_equal(brh_finish(&c, NULL, &e), -1);
	assert_int_equal(e.err, EINVAL);
	assert_int_equal(e.signal, SIGKILL);
	assert_string_equal(e.msg, "timeout_ms is -5, not a positive number "
				   "of milliseconds; the helper was killed");
	assert_true(reaped(pid));
}

static void finish_after_failed_start_refused(void **s)
{
	struct brh_child c;
	struct brh_error e;

	(void)s;
	assert_int_equal(brh_start(&c, sleeper, "a b", 0, NULL, &e), -1);
	c.timeout_ms = 100;
	assert_int_equal(brh_finish(&c, NULL, &e), -1);
	assert_int_equal(e.err, EINVAL);
	assert_string_equal(e.msg, "brh_finish: no helper was started");
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
	struct brh_child c;
	int pair[2], mine;

	assert_int_equal(
		socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
	mine = fcntl(pair[1], F_DUPFD_CLOEXEC, 0);
	assert_int_equal(brh_start(&c, "/bin/true", "br0", flags, pair, e), 0);
	send_fds(mine, &tap, 1, "", 1);
	close(mine);
	close(tap);
	return brh_finish(&c, ifname, e);
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*
 * A hostile helper sends a TCP socket that lingers 30 s over unsent data
 * when closed: refusing it must not wait for that.
 */
static void lingering_socket_refused_without_waiting(void **s)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct linger slow = { 1, 30 };
	socklen_t len = sizeof(sa);
	struct brh_error e;
	char junk[65536];
	int l, c, a, small = 4096;
	double t0;

	(void)s;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_int_equal(bind(l, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(l, 1), 0);
	assert_int_equal(getsockname(l, (struct sockaddr *)&sa, &len), 0);
	setsockopt(c, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	assert_int_equal(connect(c, (struct sockaddr *)&sa, sizeof(sa)), 0);
	a = accept(l, NULL, NULL);
	setsockopt(a, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	fcntl(c, F_SETFL, O_NONBLOCK);
	memset(junk, 'x', sizeof(junk));
	while (send(c, junk, sizeof(junk), MSG_NOSIGNAL) > 0)
		;
	assert_int_equal(
		setsockopt(c, SOL_SOCKET, SO_LINGER, &slow, sizeof(slow)), 0);
	fcntl(c, F_SETFL, 0);
	t0 = now_s();
	assert_int_equal(finish_with(c, 0, NULL, &e), -1);
	assert_int_equal(e.err, EBADF);
	assert_true(now_s() - t0 < 5.0);
	close(a);
	close(l);
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

/* TUNGETIFF alone reports 0x1000 (IFF_NOFILTER) for this TAP too. */
static void tap_without_no_pi_refused(void **s)
{
	struct brh_error e;

	(void)s;
	assert_int_equal(finish_with(make_tap(IFF_TAP | IFF_VNET_HDR),
				     BRH_USE_VNET, NULL, &e),
			 -1);
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

/* brh_finish_queues' answer when /bin/true "sends" fds (ours closed). */
static int finish_queues_with(const int *tap, int n, unsigned queues, int *got,
			      char ifname[IFNAMSIZ], struct brh_error *e)
{
	struct brh_child c;
	int pair[2], mine, i;

	assert_int_equal(
		socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
	mine = fcntl(pair[1], F_DUPFD_CLOEXEC, 0);
	assert_int_equal(brh_start_queues(&c, "/bin/true", "br0", BRH_USE_VNET,
					  queues, pair, e),
			 0);
	send_fds(mine, tap, (size_t)n, "", 1);
	close(mine);
	for (i = 0; i < n; i++)
		close(tap[i]);
	return brh_finish_queues(&c, got, ifname, e);
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

/* Two devices, both "tap0" in their own namespaces: not one TAP's queues. */
static void queue_of_another_tap_refused(void **s)
{
	struct brh_error e;
	int a[2], b[2], mix[2], got[2], before;

	(void)s;
	make_queues(MQ, a, 2);
	make_queues(MQ, b, 2);
	before = open_fds();
	mix[0] = a[0];
	mix[1] = b[1];
	assert_int_equal(finish_queues_with(mix, 2, 2, got, NULL, &e), -1);
	assert_string_equal(e.msg, "the helper's descriptor 1 is not another "
				   "queue of TAP tap0");
	assert_int_equal(open_fds(), before - 2);
	close(a[1]);
	close(b[0]);
}

/* The same name and the same address in two namespaces: still two TAPs. */
static void queue_of_a_lookalike_tap_refused(void **s)
{
	struct brh_error e;
	struct ifreq mac;
	int a[2], b[2], mix[2], got[2];

	(void)s;
	make_queues(MQ, a, 2);
	make_queues(MQ, b, 2);
	memset(&mac, 0, sizeof(mac));
	assert_int_equal(ioctl(a[0], SIOCGIFHWADDR, &mac), 0);
	assert_int_equal(ioctl(b[0], SIOCSIFHWADDR, &mac), 0);
	mix[0] = a[0];
	mix[1] = b[1];
	assert_int_equal(finish_queues_with(mix, 2, 2, got, NULL, &e), -1);
	assert_string_equal(e.msg, "the helper's descriptor 1 is not another "
				   "queue of TAP tap0");
	close(a[1]);
	close(b[0]);
}

/* One queue sent twice is not two queues. */
static void same_queue_twice_refused(void **s)
{
	struct brh_error e;
	int q[2], twice[2], got[2];

	(void)s;
	make_queues(MQ, q, 2);
	twice[0] = q[0];
	twice[1] = dup(q[0]);
	close(q[1]);
	assert_int_equal(finish_queues_with(twice, 2, 2, got, NULL, &e), -1);
	assert_string_equal(e.msg, "the helper's descriptor 1 is not another "
				   "queue of TAP tap0");
}

static void queues_out_of_range_refused(void **s)
{
	struct brh_child c;
	struct brh_error e;

	(void)s;
	assert_int_equal(
		brh_start_queues(&c, "/bin/true", "br0", 0, 0, NULL, &e), -1);
	assert_string_equal(e.msg, "0 queues asked for; 1 to 253");
	assert_int_equal(
		brh_start_queues(&c, "/bin/true", "br0", 0, 254, NULL, &e), -1);
	assert_string_equal(e.msg, "254 queues asked for; 1 to 253");
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
		G(bad_bridge_name_never_reaches_a_shell),
		G(missing_helper_reported),
		G(helper_sending_a_non_tap_is_refused),
		G(helper_exiting_zero_without_fd),
		G(killed_helper_reported),
		G(helper_that_never_answers_is_killed_at_the_deadline),
		G(shell_helper_is_killed_with_the_real_helper),
		G(stderr_flood_is_bounded_and_never_blocks_the_helper),
		G(leftover_holding_stderr_and_socket_does_not_delay),
		G(helper_closing_its_fds_but_not_exiting_is_killed),
		G(deadline_holds_under_a_storm_of_signals),
		G(nonpositive_timeout_refused_and_helper_reaped),
		G(finish_after_failed_start_refused),
	};
	const struct CMUnitTest tap[] = {
		G(lingering_socket_refused_without_waiting),
		G(tap_without_vnet_header_refused_when_asked),
		G(tap_with_vnet_header_not_asked_for_refused),
		G(tap_without_no_pi_refused),
		G(multiqueue_tap_refused),
		G(persistent_tap_refused),
		G(queues_of_one_multiqueue_tap_accepted),
		G(fewer_queues_than_asked_refused),
		G(single_queue_tap_refused_for_queues),
		G(queue_of_another_tap_refused),
		G(queues_out_of_range_refused),
		G(queue_of_a_lookalike_tap_refused),
		G(same_queue_twice_refused),
	};
	int rc;

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	rc = cmocka_run_group_tests_name("recvfd", recv, NULL, NULL);
	rc |= cmocka_run_group_tests_name("spawn", spawn, make_fake,
					  remove_fake);
	return rc | cmocka_run_group_tests_name("tap", tap, NULL, NULL);
}
