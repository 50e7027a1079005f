/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/* ctl.h - the pieces of brhelperctl (unprivileged). */
#ifndef BRHELPER_CTL_H
#define BRHELPER_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "brhelperctl: ..." on stderr; returns status. */
__attribute__((format(printf, 2, 3))) int ctl_report(int status,
						     const char *fmt, ...);
int ctl_check(const char *bridge, const char *user);
int ctl_list(const char *bridge);

/*
 * ctl_groups.c: the gids of the groups in a group file whose member list
 * names user: the number found (at most cap stored), or -E2BIG when there
 * are more than cap.
 */
int accounts_groups_of(const char *text, size_t len, const char *user,
		       uint32_t *gids, size_t cap);

#endif
