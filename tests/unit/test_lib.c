/*
 * test_lib.c - libbrhelper against hostile senders and broken helpers,
 * over real socketpairs and real child processes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../lib/brhelper.h"

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = -1;	/* the DIR's own fd */

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
		char buf[CMSG_SPACE(sizeof(int) * 32)];
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

static void too_many_fds_truncated_and_closed(void **s)
{
	struct brh_error e;
	int p[2], many[BRH_MAX_FDS + 4], got, before;
	size_t i;

	(void)s;
	assert_int_equal(pipe(p), 0);
	for (i = 0; i < sizeof(many) / sizeof(many[0]); i++)
		many[i] = p[0];
	before = open_fds();
	send_fds(sv[1], many, sizeof(many) / sizeof(many[0]), "x", 1);
	assert_int_equal(brh_recv_fds(sv[0], &got, 1, &e), -1);
	assert_int_equal(e.err, EMSGSIZE);
	assert_int_equal(open_fds(), before);
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
	assert_int_equal(setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &on,
				    sizeof(on)), 0);
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
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
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

static char fake[64];

/* A fake helper: prints its arguments and its open fds, exits with $1. */
static int make_fake(void **s)
{
	int fd;
	static const char script[] =
		"#!/bin/sh\n"
		"fds=$(ls /proc/$$/fd | sort -n | tr '\\n' ' ')\n"
		"echo \"args:$*|fds:$fds|sock:$(stat -L -c %F /proc/$$/fd/3)\" >&2\n"
		"echo 'second line' >&2\n"
		"exit 3\n";

	(void)s;
	snprintf(fake, sizeof(fake), "/tmp/brh-fake-XXXXXX");
	fd = mkstemp(fake);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, script, sizeof(script) - 1),
			 (ssize_t)sizeof(script) - 1);
	fchmod(fd, 0755);
	close(fd);
	return 0;
}

static int remove_fake(void **s)
{
	(void)s;
	unlink(fake);
	return 0;
}

static void direct_exec_arguments(void **s)
{
	struct brh_error e;
	int null = open("/dev/null", O_RDONLY);
	int stray = dup2(null, 20);	/* not close-on-exec */

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
	assert_int_equal(brh_open_tap("/nonexistent/brhelper", "br0", 0, NULL,
				      &e), -1);
	assert_string_equal(e.msg, "cannot run /nonexistent/brhelper: No such "
			    "file or directory");
}

static void helper_sending_a_non_tap_is_refused(void **s)
{
	struct brh_error e;
	struct brh_child c;
	int pair[2], mine, p[2], before;

	(void)s;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
				    pair), 0);
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
	assert_int_equal(brh_open_tap("kill -9 $$ #", "br0", 0,
				      NULL, &e), -1);
	assert_int_equal(e.signal, 9);
	assert_string_equal(e.msg, "the helper was killed by signal 9");
}

int main(void)
{
	const struct CMUnitTest recv[] = {
#define P(f) cmocka_unit_test_setup_teardown(f, setup_pair, close_pair)
		P(one_fd_arrives_close_on_exec),
		P(extra_fds_are_closed),
		P(too_many_fds_truncated_and_closed),
		P(data_without_fd_refused),
		P(peer_closed_early),
		P(credentials_are_not_fds),
		P(interrupted_receive_is_retried),
		P(want_out_of_range_refused),
	};
	const struct CMUnitTest spawn[] = {
		cmocka_unit_test(direct_exec_arguments),
		cmocka_unit_test(no_vnet_flag_means_no_use_vnet),
		cmocka_unit_test(shell_string_gets_br_appended),
		cmocka_unit_test(shell_string_with_br_keeps_its_own),
		cmocka_unit_test(bad_bridge_name_never_reaches_a_shell),
		cmocka_unit_test(missing_helper_reported),
		cmocka_unit_test(helper_sending_a_non_tap_is_refused),
		cmocka_unit_test(helper_exiting_zero_without_fd),
		cmocka_unit_test(killed_helper_reported),
	};
	int rc = cmocka_run_group_tests_name("recvfd", recv, NULL, NULL);

	return rc | cmocka_run_group_tests_name("spawn", spawn, make_fake,
						remove_fake);
}
