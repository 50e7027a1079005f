/*
 * trust.h - what makes a file safe to believe: the one room for the rule.
 *
 * A file may steer the helper (the ACL, its includes, /etc/passwd and
 * /etc/group) only when nobody but root could have written what it says:
 *
 *  - it is a regular file, owned by root, not writable by group or others;
 *  - every directory it is reached through, from "/" down, is owned by
 *    root and not writable by group or others (sticky or not): for the path
 *    as written, for "..", and for every symlink followed, wherever it
 *    points;
 *  - the file and every one of those directories is on a filesystem that
 *    stores files (fstatfs): never procfs, sysfs or another pseudo
 *    filesystem whose "files" are the kernel's or a process's state, nor
 *    FUSE, whose answers come from a user's process.
 *
 * The walk is done one component at a time, each directory with
 * O_PATH|O_NOFOLLOW and the file with O_RDONLY|O_NOFOLLOW|O_NONBLOCK, each
 * check made on the open descriptor before anything is read through it,
 * so what is checked is what is opened and read.  All of it runs as the
 * caller: the kernel decides what the caller may search and read, and
 * opening the file does nothing the caller could not do itself.  Only
 * when the whole path is trusted does the caller's lack of read
 * permission (EACCES) count as "may not read it".
 */
#ifndef BRHELPER_TRUST_H
#define BRHELPER_TRUST_H

#include <stddef.h>
#include <sys/stat.h>

#define TRUST_MAX_LINKS 40 /* symlinks followed in one path, as Linux */

/*
 * Open path (absolute) for reading, non-blocking, close-on-exec.
 * Returns the fd, with *st its fstat; or a negative errno: -EACCES when the
 * path is trusted but the caller may not reach or read the file, -EPERM
 * when something on the path is not trusted (why names the component;
 * nothing in why repeats path itself when the file is at fault), any other
 * when the path cannot be followed (-ENOENT, -ELOOP, ...).
 */
int trust_open(const char *path, struct stat *st, char *why, size_t whylen);

/*
 * The last directory a walk found trusted, kept open for the next walk of
 * the same run: reading /etc/passwd then /etc/brhelper/bridge.conf walks
 * "/" and "/etc" once.  Only a directory reached without a symlink or
 * ".." is kept, under the path that names it, and a later path is walked
 * from it only when it starts with that path and a '/'.  A kept directory
 * stands for a walk made with the credentials it was made with: keep one
 * only while they do not change, and close it before they do (main.c
 * keeps one from step 5 to step 7, all as the caller).
 */
struct trust_keep {
	int fd; /* O_PATH; -1: none (TRUST_KEEP_NONE) */
	dev_t dev;
	char path[256]; /* a longer one is not kept */
};
#define TRUST_KEEP_NONE                                                        \
	{                                                                      \
		.fd = -1                                                       \
	}

/*
 * trust_open(), walking from keep's directory where it can, and keeping
 * the last directory of this walk in it.  keep may be NULL.
 */
int trust_open_kept(struct trust_keep *keep, const char *path, struct stat *st,
		    char *why, size_t whylen);
void trust_keep_close(struct trust_keep *keep);

#endif
