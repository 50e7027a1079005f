/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * bench - time whole helper invocations, spawn to fd received (make bench;
 * run as an unprivileged user in a throwaway network namespace).
 *
 *   bench blocks K NB NAME BRIDGE QUEUES HELPER...
 *	NB blocks of K rounds; a round runs each helper once, in the order
 *	given in even blocks and reversed in odd ones.  QUEUES 0 passes no
 *	--queues (QEMU's own call).  BRIDGE,MAC passes --mac=MAC too (a
 *	locked rule).  Prints, per helper,
 *	    time NAME MEDIAN P99 REAPED_MEDIAN          (all rounds, us)
 *	and, for the first helper against each other one, from the per-block
 *	medians,
 *	    ratio A B MEDIAN Q1 Q3 MIN MAX NB           (A / B per block)
 *	    diff A B MEDIAN Q1 Q3                       (A - B per block, us)
 *   bench concurrent N BRIDGE HELPER   N at once through libbrhelper; print
 *                                      wall time, failures, distinct TAPs
 *   bench rss N BRIDGE HELPER          N runs; print the helpers' peak RSS
 *   bench exec N PROG ARGS...          run a command N times; print the
 *                                      median and p99 wall time
 *
 * blocks spawns the helper here (a socketpair as fd 3, a pipe as stderr,
 * one recvmsg of up to 253 fds), not through libbrhelper, so that every
 * helper is timed by the same code.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../lib/brhelper.h"

/* SCM_MAX_FD: the most fds one SCM_RIGHTS message carries. */
#define MAX_FDS 253
#define CHILD_FD_MIN 10 /* child ends above 3: dup2 keeps them */

extern char **environ;

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts v in place; q in [0, 1]: 0.5 the median, 0.99 the p99. */
static double quantile(double *v, int n, double q)
{
	double pos = q * (n - 1);
	int i = (int)pos;

	qsort(v, (size_t)n, sizeof(double), cmp);
	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (pos - i) * (v[i + 1] - v[i]);
}

static int number(const char *s, int lo, int hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || v < lo || v > hi) {
		fprintf(stderr, "bench: %s: not a number from %d to %d\n", s,
			lo, hi);
		exit(2);
	}
	return (int)v;
}

/* One helper as the blocks see it. */
struct helper {
	const char *name, *bridge, *path;
	int queues;	 /* 0: no --queues, one fd */
	const char *mac; /* NULL: no --mac */
};

/* One invocation's times (us, our clock) and the helper's stderr. */
struct run {
	double spawned, received, reaped;
	char err[4096];
};

static int spawn_helper(const struct helper *h, int sock, int errfd, pid_t *pid)
{
	char q[32], br[64], mac[64], *argv[7];
	posix_spawn_file_actions_t fa;
	int n = 0, rc;

	snprintf(q, sizeof(q), "--queues=%d", h->queues);
	snprintf(br, sizeof(br), "--br=%s", h->bridge);
	snprintf(mac, sizeof(mac), "--mac=%s", h->mac ? h->mac : "");
	argv[n++] = (char *)h->path;
	argv[n++] = (char *)"--use-vnet";
	if (h->queues > 0)
		argv[n++] = q;
	if (h->mac != NULL)
		argv[n++] = mac;
	argv[n++] = (char *)"--fd=3";
	argv[n++] = br;
	argv[n] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sock, 3);
	posix_spawn_file_actions_adddup2(&fa, errfd, 2);
	rc = posix_spawn(pid, h->path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* The one message: one byte and the fds; how many came, or -1. */
static int recv_fds(int sock, int fds[MAX_FDS])
{
	char byte;
	struct iovec iov = { &byte, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int) * MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct msghdr msg = { 0 };
	struct cmsghdr *c;
	ssize_t got;
	int n = 0;

	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	do
		got = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (got < 0 && errno == EINTR);
	c = got == 1 ? CMSG_FIRSTHDR(&msg) : NULL;
	if (c != NULL && c->cmsg_level == SOL_SOCKET &&
	    c->cmsg_type == SCM_RIGHTS) {
		n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		memcpy(fds, CMSG_DATA(c), sizeof(int) * (size_t)n);
	}
	return msg.msg_flags & MSG_CTRUNC ? -1 : n;
}

static void read_all(int fd, char *buf, size_t len)
{
	size_t o = 0;
	ssize_t n;
	char sink[512];

	while ((n = read(fd, o + 1 < len ? buf + o : sink,
			 o + 1 < len ? len - o - 1 : sizeof(sink))) != 0) {
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && o + 1 < len)
			o += (size_t)n;
	}
	buf[o] = '\0';
}

static int child_end(int fd)
{
	int high = fcntl(fd, F_DUPFD_CLOEXEC, CHILD_FD_MIN);

	close(fd);
	return high;
}

/*
 * Spawn to fd received (r->received), then to reaped; 0 or -1.  The fds
 * are closed after the helper is reaped: closing the last fd of a TAP
 * unregisters it, which would otherwise be timed as the helper's exit.
 */
static int invoke(const struct helper *h, struct run *r)
{
	int sv[2], ep[2], status, ok, fds[MAX_FDS], n, i;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0 ||
	    pipe2(ep, O_CLOEXEC) < 0)
		return -1;
	sv[1] = child_end(sv[1]);
	ep[1] = child_end(ep[1]);
	r->spawned = now_us();
	if (spawn_helper(h, sv[1], ep[1], &pid) != 0)
		return -1;
	close(sv[1]);
	close(ep[1]);
	n = recv_fds(sv[0], fds);
	r->received = now_us();
	ok = n == (h->queues > 0 ? h->queues : 1);
	read_all(ep[0], r->err, sizeof(r->err));
	ok &= waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0;
	r->reaped = now_us();
	for (i = 0; i < n; i++)
		close(fds[i]);
	close(sv[0]);
	close(ep[0]);
	if (!ok)
		fprintf(stderr, "bench: %s --br=%s: failed: %s\n", h->path,
			h->bridge, r->err);
	return ok ? 0 : -1;
}

/* One helper's times: every round (all, reaped) and each block's median. */
struct series {
	double *all, *reaped, *block_med;
	int n;
};

static void print_pairs(const struct helper *h, struct series *s, int nh,
			int nb)
{
	double *r = calloc((size_t)nb, sizeof(double));
	double *d = calloc((size_t)nb, sizeof(double)), q[3];
	int k, b;

	for (k = 1; k < nh; k++) {
		for (b = 0; b < nb; b++) {
			r[b] = s[0].block_med[b] / s[k].block_med[b];
			d[b] = s[0].block_med[b] - s[k].block_med[b];
		}
		/* quantile() sorts: after it, r[0] and r[nb - 1] bound. */
		q[0] = quantile(r, nb, 0.5);
		q[1] = quantile(r, nb, 0.25);
		q[2] = quantile(r, nb, 0.75);
		printf("ratio %s %s %.3f %.3f %.3f %.3f %.3f %d\n", h[0].name,
		       h[k].name, q[0], q[1], q[2], r[0], r[nb - 1], nb);
		q[0] = quantile(d, nb, 0.5);
		q[1] = quantile(d, nb, 0.25);
		q[2] = quantile(d, nb, 0.75);
		printf("diff %s %s %.1f %.1f %.1f\n", h[0].name, h[k].name,
		       q[0], q[1], q[2]);
	}
	free(r);
	free(d);
}

/* One block: K rounds, in order or reversed; each helper's median. */
static int block(const struct helper *h, struct series *s, int nh, int k, int b)
{
	double *t = calloc((size_t)k, sizeof(double));
	struct run run;
	int i, j, x;

	for (i = 0; i < k; i++)
		for (j = 0; j < nh; j++) {
			x = b % 2 == 0 ? j : nh - 1 - j;
			if (invoke(&h[x], &run) < 0)
				return -1;
			s[x].all[s[x].n] = run.received - run.spawned;
			s[x].reaped[s[x].n++] = run.reaped - run.spawned;
		}
	for (x = 0; x < nh; x++) {
		memcpy(t, s[x].all + s[x].n - k, sizeof(double) * (size_t)k);
		s[x].block_med[b] = quantile(t, k, 0.5);
	}
	free(t);
	return 0;
}

static int blocks(int k, int nb, int argc, char *argv[])
{
	int nh = argc / 4, x, b;
	struct helper *h = calloc((size_t)nh, sizeof(*h));
	struct series *s = calloc((size_t)nh, sizeof(*s));

	for (x = 0; x < nh; x++) {
		char *comma = strchr(argv[4 * x + 1], ',');

		if (comma != NULL)
			*comma = '\0';
		h[x] = (struct helper) { argv[4 * x], argv[4 * x + 1],
					 argv[4 * x + 3],
					 number(argv[4 * x + 2], 0, MAX_FDS),
					 comma != NULL ? comma + 1 : NULL };
		s[x].all = calloc((size_t)(k * nb), sizeof(double));
		s[x].reaped = calloc((size_t)(k * nb), sizeof(double));
		s[x].block_med = calloc((size_t)nb, sizeof(double));
	}
	for (b = 0; b < nb; b++)
		if (block(h, s, nh, k, b) < 0)
			return 1;
	for (x = 0; x < nh; x++)
		printf("time %s %.1f %.1f %.1f\n", h[x].name,
		       quantile(s[x].all, s[x].n, 0.5),
		       quantile(s[x].all, s[x].n, 0.99),
		       quantile(s[x].reaped, s[x].n, 0.5));
	print_pairs(h, s, nh, nb);
	return 0;
}

/* One invocation through libbrhelper; returns microseconds, or -1. */
static double one(const char *helper, const char *bridge)
{
	struct brh_request req = { .helper = helper,
				   .bridge = bridge,
				   .flags = BRH_USE_VNET };
	struct brh_error e;
	double t0 = now_us();
	int fd, n = brh_open(&req, &fd, NULL, &e);
	double t = now_us() - t0;

	if (n < 0) {
		fprintf(stderr, "bench: %s: %s\n", helper, e.msg);
		return -1;
	}
	close(fd);
	return t;
}

struct job {
	const char *helper, *bridge;
	char ifname[IFNAMSIZ];
	int fd;
};

static void *run_job(void *arg)
{
	struct job *j = arg;
	struct brh_request req = { .helper = j->helper,
				   .bridge = j->bridge,
				   .flags = BRH_USE_VNET };
	struct brh_error e;

	if (brh_open(&req, &j->fd, j->ifname, &e) < 0) {
		j->fd = -1;
		fprintf(stderr, "bench: %s\n", e.msg);
	}
	return NULL;
}

static int concurrent(int n, const char *bridge, const char *helper)
{
	struct job *jobs = calloc((size_t)n, sizeof(*jobs));
	pthread_t *th = calloc((size_t)n, sizeof(*th));
	int i, k, failures = 0, distinct = 0;
	double t0 = now_us(), t;

	for (i = 0; i < n; i++) {
		jobs[i] = (struct job) { helper, bridge, "", -1 };
		pthread_create(&th[i], NULL, run_job, &jobs[i]);
	}
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	t = now_us() - t0;
	for (i = 0; i < n; i++) {
		if (jobs[i].fd < 0) {
			failures++;
			continue;
		}
		for (k = 0; k < i; k++)
			if (jobs[k].fd >= 0 &&
			    strcmp(jobs[k].ifname, jobs[i].ifname) == 0)
				break;
		distinct += k == i;
	}
	for (i = 0; i < n; i++)
		if (jobs[i].fd >= 0)
			close(jobs[i].fd);
	printf("%.1f %d %d\n", t, failures, distinct);
	return failures != 0;
}

static int rss(int n, const char *bridge, const char *helper)
{
	struct rusage ru;
	int i;

	for (i = 0; i < n; i++)
		if (one(helper, bridge) < 0)
			return 1;
	getrusage(RUSAGE_CHILDREN, &ru);
	printf("%ld\n", ru.ru_maxrss);
	return 0;
}

static int exec_times(int n, char *argv[])
{
	double *t = calloc((size_t)n, sizeof(double));
	posix_spawn_file_actions_t fa;
	int i, status;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	for (i = 0; i < n; i++) {
		double t0 = now_us();

		if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0 ||
		    waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) > 1)
			return 1;
		t[i] = now_us() - t0;
	}
	posix_spawn_file_actions_destroy(&fa);
	printf("%.1f %.1f\n", quantile(t, n, 0.5), quantile(t, n, 0.99));
	free(t);
	return 0;
}

int main(int argc, char *argv[])
{
	const char *m = argc > 1 ? argv[1] : "";

	if (argc >= 8 && (argc - 4) % 4 == 0 && strcmp(m, "blocks") == 0)
		return blocks(number(argv[2], 1, 10000),
			      number(argv[3], 1, 10000), argc - 4, argv + 4);
	if (argc == 5 && strcmp(m, "concurrent") == 0)
		return concurrent(number(argv[2], 1, 1000), argv[3], argv[4]);
	if (argc >= 4 && strcmp(m, "exec") == 0)
		return exec_times(number(argv[2], 1, 100000), argv + 3);
	if (argc == 5 && strcmp(m, "rss") == 0)
		return rss(number(argv[2], 1, 100000), argv[3], argv[4]);
	fprintf(stderr, "usage: see bench/bench.c\n");
	return 2;
}
