/*
 * nonss.c - no Name Service Switch in the helper.
 *
 * The helper is linked statically (dynamic loading and relocation of
 * libnl, libcap-ng and libseccomp was the largest cost of one run; see make
 * bench).  glibc answers name lookups (users, groups, hosts, services,
 * protocols) through NSS, which reads /etc/nsswitch.conf and loads the
 * modules it names: in a set-user-ID program, code chosen by files.  The
 * libraries reference a few such functions, and the linker takes in the
 * whole archive member of each, called or not:
 *
 *   libnl:      getnameinfo (nl_addr_resolve), getaddrinfo (nl_addr_info),
 *               getprotobyname, getprotobynumber (nl_str2ip_proto,
 *               nl_ip_proto2str)
 *   libcap-ng:  getpwuid, initgroups (capng_change_id)
 *
 * brhelper calls none of those library functions (it resolves no host,
 * service, user or protocol name through libc; ACL names come from reading
 * /etc/passwd and /etc/group directly).  The definitions below take the
 * place of glibc's, so that none of its NSS code is linked in, and a call
 * would fail cleanly.  tests/buildcheck.sh (make check-build, run by make
 * check and make install) fails if an NSS symbol or the name
 * nsswitch.conf is in the helper.
 *
 * Not removed, and not claimed: glibc's own static dlopen, which its iconv
 * (gconv) code keeps for character sets that are not built in.
 */
#include <errno.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stddef.h>
#include <sys/socket.h>
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

/* Defined with getaddrinfo: a reference to glibc's would take in its twin. */
void freeaddrinfo(struct addrinfo *res)
{
	(void)res;
}

int getnameinfo(const struct sockaddr *restrict sa, socklen_t salen,
		char *restrict host, socklen_t hostlen, char *restrict serv,
		socklen_t servlen, int flags)
{
	(void)sa;
	(void)salen;
	(void)host;
	(void)hostlen;
	(void)serv;
	(void)servlen;
	(void)flags;
	return EAI_FAIL;
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
