/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * test_seccomp.c - the hand-off filter: what it lets through, and that
 * everything else kills the process.  Each case runs in a forked child that
 * loads the real filter (policy/seccomp.c) and then makes one call.  The
 * hand-off ends with exit_group, as the helper does: close is not allowed.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/mman.h>

#include "../../policy/policy.h"

enum call {
	ALLOWED_SEQUENCE,
	OPEN,
	SOCKET,
	IOCTL,
	EXECVE,
	WRITE_STDOUT,
	SENDMSG_OTHER_FD,
	GETPID,
	CLOSE,
	MMAP,
	I386_ENTRY,
	X32_ENTRY,
};

static void send_one(int sock, int fd)
{
	char byte = 0, buf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { 0 };
	struct cmsghdr *c;

	memset(buf, 0, sizeof(buf));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = buf;
	msg.msg_controllen = sizeof(buf);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	if (sendmsg(sock, &msg, MSG_NOSIGNAL) != 1)
		_exit(10);
}

static void make_call(enum call what, int sock, int other)
{
	char *argv[] = { "/bin/true", NULL };
	long r = 0;

	switch (what) {
	case ALLOWED_SEQUENCE:
		send_one(sock, other);
		if (write(2, "", 0) != 0)
			_exit(11);
		syscall(SYS_exit_group, 0);
		break;
	case OPEN:
		r = syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY);
		break;
	case SOCKET:
		r = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
		break;
	case IOCTL:
		r = syscall(SYS_ioctl, 0, FIONREAD, &r);
		break;
	case EXECVE:
		r = syscall(SYS_execve, argv[0], argv, NULL);
		break;
	case WRITE_STDOUT:
		r = syscall(SYS_write, 1, "", 0);
		break;
	case SENDMSG_OTHER_FD:
		send_one(other, sock);
		break;
	case CLOSE:
		r = syscall(SYS_close, other);
		break;
	case GETPID:
		r = syscall(SYS_getpid);
		break;
	case MMAP:
		r = syscall(SYS_mmap, NULL, 4096, 3, 0x22, -1, 0);
		break;
	case I386_ENTRY:
		/* getpid through the 32-bit entry point: a foreign arch */
		__asm__ volatile("int $0x80" : "=a"(r) : "a"(20) : "memory");
		break;
	case X32_ENTRY:
		r = syscall(0x40000000 | SYS_getpid);
		break;
	}
	(void)r;
	_exit(0); /* survived: the test fails on this */
}

static int run_child(enum call what)
{
	int sv[2], other, status;
	char err[256];
	pid_t pid;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* The helper's socket is at POLICY_SOCK_FD when it seals. */
		if (dup2(sv[0], POLICY_SOCK_FD) != POLICY_SOCK_FD)
			_exit(13);
		other = dup(sv[1]);
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		if (sandbox_seal(err, sizeof(err)) < 0)
			_exit(12);
		make_call(what, POLICY_SOCK_FD, other);
	}
	close(sv[0]);
	close(sv[1]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void killed(enum call what)
{
	int status = run_child(what);

	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGSYS);
}

static void hand_off_sequence_allowed(void **s)
{
	int status;

	(void)s;
	status = run_child(ALLOWED_SEQUENCE);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void open_kills(void **s)
{
	(void)s;
	killed(OPEN);
}
static void socket_kills(void **s)
{
	(void)s;
	killed(SOCKET);
}
static void ioctl_kills(void **s)
{
	(void)s;
	killed(IOCTL);
}
static void execve_kills(void **s)
{
	(void)s;
	killed(EXECVE);
}
static void write_to_stdout_kills(void **s)
{
	(void)s;
	killed(WRITE_STDOUT);
}
static void sendmsg_on_other_fd_kills(void **s)
{
	(void)s;
	killed(SENDMSG_OTHER_FD);
}
static void close_kills(void **s)
{
	(void)s;
	killed(CLOSE);
}

static void getpid_kills(void **s)
{
	(void)s;
	killed(GETPID);
}
static void mmap_kills(void **s)
{
	(void)s;
	killed(MMAP);
}
static void i386_entry_kills(void **s)
{
	(void)s;
	killed(I386_ENTRY);
}
static void x32_entry_kills(void **s)
{
	(void)s;
	killed(X32_ENTRY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_off_sequence_allowed),
		cmocka_unit_test(open_kills),
		cmocka_unit_test(socket_kills),
		cmocka_unit_test(ioctl_kills),
		cmocka_unit_test(execve_kills),
		cmocka_unit_test(write_to_stdout_kills),
		cmocka_unit_test(sendmsg_on_other_fd_kills),
		cmocka_unit_test(getpid_kills),
		cmocka_unit_test(close_kills),
		cmocka_unit_test(mmap_kills),
		cmocka_unit_test(i386_entry_kills),
		cmocka_unit_test(x32_entry_kills),
	};

	return cmocka_run_group_tests_name("seccomp", tests, NULL, NULL);
}
