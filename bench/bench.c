/*
 * bench - time whole helper invocations, spawn to fd received, through
 * libbrhelper (make bench; run as an unprivileged user in a namespace).
 *
 *   bench rounds N BRIDGE NAME=HELPER...   alternate A B C ... N rounds each;
 *                                          print median, p99 (microseconds)
 *   bench concurrent N BRIDGE HELPER       N at once; print wall time,
 *                                          failures, distinct TAPs
 *   bench rss N BRIDGE HELPER              N runs; print the helpers' peak RSS
 *   bench exec N PROG ARGS...              run a command N times; print the
 *                                          median and p99 wall time
 */
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "../lib/brhelper.h"

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

/* One invocation; returns microseconds, or -1. */
static double one(const char *helper, const char *bridge)
{
	struct brh_error e;
	double t0 = now_us();
	int fd = brh_open_tap(helper, bridge, BRH_USE_VNET, NULL, &e);
	double t = now_us() - t0;

	if (fd < 0) {
		fprintf(stderr, "bench: %s: %s\n", helper, e.msg);
		return -1;
	}
	close(fd);
	return t;
}

static int rounds(int n, const char *bridge, int nh, char **spec)
{
	double *t = calloc((size_t)(n * nh), sizeof(double));
	int i, h;

	for (i = 0; i < n; i++)
		for (h = 0; h < nh; h++)
			if ((t[h * n + i] = one(strchr(spec[h], '=') + 1, bridge)) < 0)
				return 1;
	for (h = 0; h < nh; h++) {
		double *s = t + h * n;

		qsort(s, (size_t)n, sizeof(double), cmp);
		printf("%.*s %.1f %.1f\n", (int)(strchr(spec[h], '=') - spec[h]),
		       spec[h], s[n / 2], s[(n * 99) / 100]);
	}
	return 0;
}

struct job {
	const char *helper, *bridge;
	char ifname[IFNAMSIZ];
	int fd;
};

static void *run_job(void *arg)
{
	struct job *j = arg;
	struct brh_error e;

	j->fd = brh_open_tap(j->helper, j->bridge, BRH_USE_VNET, j->ifname, &e);
	if (j->fd < 0)
		fprintf(stderr, "bench: %s\n", e.msg);
	return NULL;
}

static int concurrent(int n, const char *bridge, const char *helper)
{
	struct job *jobs = calloc((size_t)n, sizeof(*jobs));
	pthread_t *th = calloc((size_t)n, sizeof(*th));
	int i, k, failures = 0, distinct = 0;
	double t0 = now_us(), t;

	for (i = 0; i < n; i++) {
		jobs[i] = (struct job){ helper, bridge, "", -1 };
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
			if (jobs[k].fd >= 0 && strcmp(jobs[k].ifname, jobs[i].ifname) == 0)
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

extern char **environ;

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
	qsort(t, (size_t)n, sizeof(double), cmp);
	printf("%.1f %.1f\n", t[n / 2], t[(n * 99) / 100]);
	free(t);
	return 0;
}

int main(int argc, char *argv[])
{
	if (argc >= 5 && strcmp(argv[1], "rounds") == 0)
		return rounds(atoi(argv[2]), argv[3], argc - 4, argv + 4);
	if (argc == 5 && strcmp(argv[1], "concurrent") == 0)
		return concurrent(atoi(argv[2]), argv[3], argv[4]);
	if (argc >= 4 && strcmp(argv[1], "exec") == 0)
		return exec_times(atoi(argv[2]), argv + 3);
	if (argc == 5 && strcmp(argv[1], "rss") == 0)
		return rss(atoi(argv[2]), argv[3], argv[4]);
	fprintf(stderr, "usage: see bench/bench.c\n");
	return 2;
}
