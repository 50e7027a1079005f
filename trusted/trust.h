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
 * The walk is done one component at a time, each directory and the file
 * with O_PATH|O_NOFOLLOW, then the file again with
 * O_RDONLY|O_NOFOLLOW|O_NONBLOCK, each check made on the open descriptor
 * before anything is read through it,
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

#endif
