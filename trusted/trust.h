/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * trust.h - what makes a file safe to believe: the one room for the rule.
 *
 * A file may steer the helper (the ACL, its includes, /etc/passwd and
 * /etc/group) only when nobody but root could have written what it says:
 *  - it is a regular file, owned by root, not writable by group or others;
 *  - so is every directory it is reached through, from "/" down (sticky or
 *    not): for the path as written, for "..", and for every symlink
 *    followed, wherever it points;
 *  - the file and each of those directories is on a filesystem that stores
 *    files (fstatfs): never procfs, sysfs or another pseudo filesystem, nor
 *    FUSE, whose answers come from a user's process.
 * Each directory and the file is opened O_PATH|O_NOFOLLOW, one component at
 * a time, then the file O_RDONLY|O_NOFOLLOW|O_NONBLOCK, each checked on the
 * open descriptor before anything is read: what is checked is what is
 * read.  All of it runs as the caller, so the kernel decides what the
 * caller may search and read; only on a trusted path does EACCES count as
 * "may not read it".
 */
#ifndef BRHELPER_TRUST_H
#define BRHELPER_TRUST_H

#include <stddef.h>
#include <sys/stat.h>

#define TRUST_MAX_LINKS 40 /* symlinks followed in one path, as Linux */

/*
 * Open path (absolute) for reading, non-blocking, close-on-exec: the fd,
 * with *st its fstat; or -EACCES (trusted, but the caller may not read
 * it), -EPERM (something on the path is not trusted: why names it, never
 * repeating path itself), or another -errno (-ENOENT, -ELOOP, ...).
 */
int trust_open(const char *path, struct stat *st, char *why, size_t whylen);

#endif
