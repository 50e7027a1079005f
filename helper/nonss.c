/*
 * nonss.c - no Name Service Switch in the helper.
 *
 * The helper is linked statically (dynamic loading and relocation of
 * libnl, libcap-ng and libseccomp was the largest cost of one run; see make
 * bench).  Those libraries reference a few glibc functions that go through
 * NSS, which a static glibc program can only serve by loading shared NSS
 * modules at run time: exactly what a set-user-ID program must never do.
 * brhelper calls none of them (it resolves no user, group, host or
 * protocol name); these definitions take their place, so that no NSS code
 * is linked in at all and any call fails cleanly.
 */
#include <errno.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stddef.h>
#include <sys/types.h>

struct passwd *getpwuid(uid_t uid)
{
	(void)uid;
	errno = ENOSYS;
	return NULL;
}

int initgroups(const char *user, gid_t group)
{
	(void)user;
	(void)group;
	errno = ENOSYS;
	return -1;
}

int getaddrinfo(const char *node, const char *service,
		const struct addrinfo *hints, struct addrinfo **res)
{
	(void)node;
	(void)service;
	(void)hints;
	*res = NULL;
	return EAI_FAIL;
}

void freeaddrinfo(struct addrinfo *res)
{
	(void)res;
}

struct protoent *getprotobyname(const char *name)
{
	(void)name;
	return NULL;
}

struct protoent *getprotobynumber(int proto)
{
	(void)proto;
	return NULL;
}
