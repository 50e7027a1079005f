/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * nonss.c - no Name Service Switch in the static helper: NSS loads the
 * modules /etc/nsswitch.conf names, code chosen by files.  libnl
 * (nl_addr_resolve, nl_addr_info, nl_str2ip_proto, nl_ip_proto2str) and
 * libcap-ng (capng_change_id) reference these; brhelper calls none of
 * those paths.  These definitions take the place of glibc's, so none of
 * its NSS code is linked in and a call fails cleanly; tests/buildcheck.sh
 * fails if an NSS symbol or "nsswitch.conf" is in the helper.  Not
 * claimed: glibc's static dlopen, kept by its iconv (gconv) code.
 */
#include <errno.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

#pragma GCC diagnostic ignored "-Wunused-parameter" /* the stubs ignore all */

struct passwd *getpwuid(uid_t uid)
{
	errno = ENOSYS;
	return NULL;
}

int initgroups(const char *user, gid_t group)
{
	errno = ENOSYS;
	return -1;
}

int getaddrinfo(const char *node, const char *service,
		const struct addrinfo *hints, struct addrinfo **res)
{
	*res = NULL;
	return EAI_FAIL;
}

/* Defined with getaddrinfo: a reference to glibc's would take in its twin. */
void freeaddrinfo(struct addrinfo *res)
{
}

int getnameinfo(const struct sockaddr *restrict sa, socklen_t salen,
		char *restrict host, socklen_t hostlen, char *restrict serv,
		socklen_t servlen, int flags)
{
	return EAI_FAIL;
}

struct protoent *getprotobyname(const char *name)
{
	return NULL;
}

struct protoent *getprotobynumber(int proto)
{
	return NULL;
}
