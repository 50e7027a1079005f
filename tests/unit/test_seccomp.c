/*
 * test_seccomp.c - the hand-off filter: what it lets through, and that
 * everything else kills the process.  Each case runs in a forked child that
 * loads the real filter (policy/seccomp.c) and then makes one call.
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
#include "../../policy/seccomp_rules.h"

enum call {
	ALLOWED_SEQUENCE,
	OPEN,
	SOCKET,
	IOCTL,
	EXECVE,
	WRITE_STDOUT,
	SENDMSG_OTHER_FD,
	GETPID,
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
		close(other);
		close(sock);
		_exit(0);
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
		other = dup(sv[1]);
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		if (policy_seccomp_load(sv[0], err, sizeof(err)) < 0)
			_exit(12);
		make_call(what, sv[0], other);
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

/* What libseccomp builds from the rules for sock, at run time. */
static size_t libseccomp_program(int sock, struct sock_filter *out, size_t cap)
{
	void *ctx = seccomp_rules(sock);
	int fd = memfd_create("bpf", 0);
	ssize_t n;

	assert_non_null(ctx);
	assert_true(fd >= 0);
	assert_int_equal(seccomp_export_bpf(ctx, fd), 0);
	n = pread(fd, out, cap * sizeof(*out), 0);
	assert_true(n > 0 && (size_t)n < cap * sizeof(*out));
	seccomp_release(ctx);
	close(fd);
	return (size_t)n / sizeof(*out);
}

/*
 * The program built at build time is libseccomp's, for any socket, after
 * one load of the first argument that libseccomp's first instruction (a
 * load of the architecture) overwrites.
 */
static void embedded_program_is_libseccomps(void **s)
{
	static const int socks[] = { 3, 4, 7, 255, 1000, 65536, 0x7fffffff };
	struct sock_filter want[512], got[512];
	size_t i, nw, ng;

	(void)s;
	for (i = 0; i < sizeof(socks) / sizeof(socks[0]); i++) {
		nw = libseccomp_program(socks[i], want, 512);
		ng = policy_seccomp_program(socks[i], got, 512);
		assert_int_equal(ng, nw + 1);
		assert_int_equal(got[0].code, BPF_LD | BPF_W | BPF_ABS);
		assert_int_equal(got[0].k, offsetof(struct seccomp_data, args));
		assert_int_equal(want[0].code, BPF_LD | BPF_W | BPF_ABS);
		assert_memory_equal(got + 1, want, nw * sizeof(*want));
	}
}

/* The placeholder stands for the socket and nothing else. */
static void placeholder_appears_once(void **s)
{
	struct sock_filter p[512];
	size_t i, n = libseccomp_program(SECCOMP_SOCK_PLACEHOLDER, p, 512);
	int seen = 0;

	(void)s;
	for (i = 0; i < n; i++)
		seen += p[i].k == SECCOMP_SOCK_PLACEHOLDER;
	assert_int_equal(seen, 1);
}

/* Checked on the program itself: the arch first, kill as the default. */
static void program_checks_arch_and_kills_by_default(void **s)
{
	struct sock_filter p[512];
	size_t n = policy_seccomp_program(5, p, 512);

	(void)s;
	assert_true(n > 4);
	/* A = args[0] (a load only: overwritten next) */
	assert_int_equal(p[0].code, BPF_LD | BPF_W | BPF_ABS);
	assert_int_equal(p[0].k, offsetof(struct seccomp_data, args));
	/* A = arch; if A != native: kill */
	assert_int_equal(p[1].code, BPF_LD | BPF_W | BPF_ABS);
	assert_int_equal(p[1].k, offsetof(struct seccomp_data, arch));
	assert_int_equal(p[2].code, BPF_JMP | BPF_JEQ | BPF_K);
	assert_int_equal(p[2].k, AUDIT_ARCH_X86_64);
	assert_int_equal(p[2 + 1 + p[2].jf].code, BPF_RET | BPF_K);
	assert_int_equal(p[2 + 1 + p[2].jf].k, SECCOMP_RET_KILL_PROCESS);
	assert_int_equal(p[n - 1].code, BPF_RET | BPF_K);
	assert_int_equal(p[n - 1].k, SECCOMP_RET_KILL_PROCESS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(embedded_program_is_libseccomps),
		cmocka_unit_test(placeholder_appears_once),
		cmocka_unit_test(program_checks_arch_and_kills_by_default),
		cmocka_unit_test(hand_off_sequence_allowed),
		cmocka_unit_test(open_kills),
		cmocka_unit_test(socket_kills),
		cmocka_unit_test(ioctl_kills),
		cmocka_unit_test(execve_kills),
		cmocka_unit_test(write_to_stdout_kills),
		cmocka_unit_test(sendmsg_on_other_fd_kills),
		cmocka_unit_test(getpid_kills),
		cmocka_unit_test(mmap_kills),
		cmocka_unit_test(i386_entry_kills),
		cmocka_unit_test(x32_entry_kills),
	};

	return cmocka_run_group_tests_name("seccomp", tests, NULL, NULL);
}
