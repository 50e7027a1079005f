/*
 * steps.c - where a run's time goes, for make bench only.
 *
 * A helper built with STEPS=1 (-DBRH_BENCH_STEPS; never installed by make
 * install) notes CLOCK_MONOTONIC (the vDSO: no syscall) as each of main.c's
 * steps begins, and, having sent the fd, writes one line on stderr:
 *
 *	brhelper-steps: T0 T1 ... T8     (nanoseconds, absolute)
 *
 * T0 is the first constructor (entry.c), T1..T8 the starts of steps 1..8,
 * and the line is written after step 8.  bench.c subtracts them from its
 * own clock at spawn and at receipt.  In every other build these calls
 * are empty.
 */
#include "helper.h"

#ifdef BRH_BENCH_STEPS
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long marks[STEPS_MAX + 1];

void steps_mark(int step)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	marks[step] = (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Under the seccomp filter: one write(2) to fd 2, nothing else. */
void steps_report(void)
{
	char line[32 * (STEPS_MAX + 2)];
	size_t o = (size_t)snprintf(line, sizeof(line), "brhelper-steps:");
	int i;

	for (i = 0; i <= STEPS_MAX && o < sizeof(line); i++)
		o += (size_t)snprintf(line + o, sizeof(line) - o, " %lld",
				      marks[i]);
	if (o < sizeof(line) - 1) {
		line[o++] = '\n';
		(void)!write(2, line, o);
	}
}
#else
void steps_mark(int step)
{
	(void)step;
}

void steps_report(void)
{
}
#endif
