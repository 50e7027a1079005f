/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * send.c - the --fd socket the caller chose: checked, then the TAP handed
 * over on it, with every privilege gone (main.c, step 8).
 */
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../policy/policy.h"

/*
 * A wrong --fd (or EBADF, ENOTSOCK, ENOTCONN) is a usage error; another
 * failure the system's.  A right one is moved to POLICY_SOCK_FD, which the
 * allowlist names.  An inherited fd there is duplicated out of the way
 * first: moving --fd onto it must not be its last close (entry.c).
 */
int send_check(int fd, char *err, size_t errlen)
{
	const char *why;

	errno = 0;
	why = fd_problem(fd);
	if (why == NULL && fd == POLICY_SOCK_FD)
		return 0;
	if (why == NULL && fcntl(POLICY_SOCK_FD, F_GETFD) >= 0 &&
	    fcntl(POLICY_SOCK_FD, F_DUPFD_CLOEXEC, POLICY_SOCK_FD + 1) < 0)
		return failure(BRH_EXIT_SYSTEM, err, errlen,
			       "--fd=%d: moving fd %d out of its way: %s", fd,
			       POLICY_SOCK_FD, strerror(errno));
	if (why == NULL && dup2(fd, POLICY_SOCK_FD) == POLICY_SOCK_FD &&
	    close(fd) == 0)
		return 0;
	if (why == NULL)
		return failure(BRH_EXIT_SYSTEM, err, errlen,
			       "--fd=%d: moving it to fd %d: %s", fd,
			       POLICY_SOCK_FD, strerror(errno));
	if (errno != 0 && errno != EBADF && errno != ENOTSOCK &&
	    errno != ENOTCONN)
		return failure(BRH_EXIT_SYSTEM, err, errlen,
			       "--fd=%d: checking it: %s", fd, strerror(errno));
	return failure(BRH_EXIT_USAGE, err, errlen,
		       "--fd=%d: %s%s%s; pass one end of socketpair(AF_UNIX, "
		       "SOCK_STREAM)",
		       fd, why, errno ? ": " : "",
		       errno ? strerror(errno) : "");
}

/* The helper's hand-off: one byte (QEMU reads one) with the fds. */
int send_fds(int shown, const int *fds, unsigned n, char *err, size_t errlen)
{
	char byte = BRH_WIRE_BYTE;
	ssize_t sent = send_msg(POLICY_SOCK_FD, &byte, 1, fds, n, 0);

	if (sent == 1)
		return 0;
	/* In the C locale strerror makes no call (hand_off_fails_cleanly_*). */
	return failure(BRH_EXIT_SYSTEM, err, errlen,
		       "sending the TAP fd%s on --fd=%d: %s", n > 1 ? "s" : "",
		       shown, sent < 0 ? strerror(errno) : "short write");
}
