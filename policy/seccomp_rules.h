/*
 * seccomp_rules.h - the hand-off allowlist (seccomp_rules.c) and the
 * placeholder the build-time program carries for the --fd socket.
 */
#ifndef BRHELPER_SECCOMP_RULES_H
#define BRHELPER_SECCOMP_RULES_H

/*
 * The socket's fd in the program built at build time: seccomp.c puts the
 * real --fd in its place.  Any value works that no other constant of the
 * program can have (syscall numbers, AUDIT_ARCH_*, SECCOMP_RET_*): the
 * unit test checks it appears exactly once.
 */
#define SECCOMP_SOCK_PLACEHOLDER 0x5ecc0fd5

/* A libseccomp context (scmp_filter_ctx) with the rules, or NULL. */
void *seccomp_rules(int sock);

#endif
