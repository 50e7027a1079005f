/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * quotarace - the caller as an adversarial scheduler of its own helpers.
 *
 *   quotarace HELPER BRIDGE K ROUNDS
 *
 * Each round starts K helpers for BRIDGE and lets only one run at a time,
 * chosen at random: everything is pinned to one CPU, the helpers at
 * SCHED_IDLE, so that when a link of the namespace changes (the kernel
 * tells us over RTMGRP_LINK) we run at once and stop (SIGSTOP) the helper
 * that changed it; then we continue another.  So each helper is stopped
 * after every step it takes on a link (TAP created, attached, up, down),
 * in every order the dice give: the worst a caller can do to a max= rule.
 * Prints one line per round, "round R: S admitted", holding the TAPs of
 * the round until it ends; exit 0 when no round admitted more than MAX
 * (the environment variable), 1 otherwise.
 */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_K 16

struct helper {
	pid_t pid;
	int sock; /* our end of its --fd */
	int done; /* exited */
	int status;
};

static int link_events(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = RTMGRP_LINK };
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("quotarace: netlink");
		exit(2);
	}
	return s;
}

/* Started, and stopped before it runs a line of the helper. */
static void start(struct helper *h, const char *helper, const char *br)
{
	char arg[64];
	int sv[2], st;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		exit(2);
	h->done = 0;
	h->pid = fork();
	if (h->pid == 0) {
		struct sched_param none = { 0 };

		sched_setscheduler(0, SCHED_IDLE, &none);
		if (dup2(sv[1], 3) < 0)
			_exit(90);
		raise(SIGSTOP);
		snprintf(arg, sizeof(arg), "--br=%s", br);
		execl(helper, "brhelper", "--fd=3", arg, (char *)NULL);
		_exit(91);
	}
	close(sv[1]);
	h->sock = sv[0];
	waitpid(h->pid, &st, WUNTRACED);
}

/* Let h run until it changes a link or exits; then it is stopped again. */
static void step(struct helper *h, int ev)
{
	char buf[65536];
	struct pollfd p = { ev, POLLIN, 0 };
	int st;

	kill(h->pid, SIGCONT);
	for (;;) {
		if (poll(&p, 1, 20) > 0) {
			kill(h->pid, SIGSTOP);
			while (recv(ev, buf, sizeof(buf), MSG_DONTWAIT) > 0)
				;
			if (waitpid(h->pid, &st, WUNTRACED) == h->pid &&
			    !WIFSTOPPED(st)) {
				h->done = 1;
				h->status = st;
			}
			return;
		}
		if (waitpid(h->pid, &st, WNOHANG) == h->pid) {
			h->done = 1;
			h->status = st;
			return;
		}
	}
}

static int admitted(const struct helper *h)
{
	char byte;

	return WIFEXITED(h->status) && WEXITSTATUS(h->status) == 0 &&
	       recv(h->sock, &byte, 1, MSG_DONTWAIT) == 1;
}

int main(int argc, char *argv[])
{
	struct helper h[MAX_K];
	cpu_set_t one;
	int k, rounds, r, i, left, ev, worst = 0, max;

	if (argc != 5 || getenv("MAX") == NULL) {
		fprintf(stderr,
			"usage: MAX=N quotarace HELPER BRIDGE K ROUNDS\n");
		return 2;
	}
	k = atoi(argv[3]);
	rounds = atoi(argv[4]);
	max = atoi(getenv("MAX"));
	if (k < 1 || k > MAX_K)
		return 2;
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	sched_setaffinity(0, sizeof(one), &one);
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	ev = link_events();
	for (r = 0; r < rounds; r++) {
		int ok = 0;

		for (i = 0; i < k; i++)
			start(&h[i], argv[1], argv[2]);
		for (left = k; left > 0;) {
			i = rand() % k;
			if (h[i].done)
				continue;
			step(&h[i], ev);
			left -= h[i].done;
		}
		for (i = 0; i < k; i++) {
			ok += admitted(&h[i]);
			close(h[i].sock); /* the TAP goes with it */
		}
		printf("round %d: %d admitted\n", r, ok);
		if (ok > worst)
			worst = ok;
	}
	return worst > max ? 1 : 0;
}
