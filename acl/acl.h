/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * acl.h - brhelper.conf(5): qemu-bridge-helper's language, read strictly
 * (acl/parse.c).  The words after the bridge (user=, max=, ...) are words
 * no QEMU file has, so no valid QEMU file changes meaning.
 */
#ifndef BRHELPER_ACL_H
#define BRHELPER_ACL_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACL_MAX_DEPTH 8	   /* include nesting, the top file is depth 0 */
#define ACL_MAX_FILES 1024 /* files opened for one ACL, skipped ones too */
#define ACL_MAX_LINE 4096  /* bytes in one line, newline excluded */
#define ACL_MAX_FILE_SIZE (4u << 20)
#define ACL_DEFAULT_QUEUES 8

enum acl_action { ACL_ALLOW, ACL_DENY };
enum acl_target { ACL_TARGET_ALL, ACL_TARGET_NAME };

struct acl_options {
	unsigned max;	 /* most TAPs the caller may hold; 0: no limit */
	unsigned queues; /* most --queues may ask for */
	unsigned vlan;	 /* the port's only VLAN (PVID); 0: none */
	bool isolated;	 /* IFLA_BRPORT_ISOLATED */
	bool locked;	 /* IFLA_BRPORT_LOCKED, to the caller's --mac */
};

struct acl_id {
	uint32_t id;
	bool group;
};

struct acl_rule {
	enum acl_action action;
	enum acl_target target;
	char name[IFNAMSIZ]; /* ACL_TARGET_NAME only */
	size_t ids_at, nids; /* in acl->ids; none: anyone (QEMU's meaning) */
	struct acl_options opt;
	const char *file; /* owned by the struct acl */
	unsigned line;
};

/* An include the caller may not read (EACCES): skipped, as QEMU does. */
struct acl_skip {
	const char *path;
	const char *file; /* where the include line is */
	unsigned line;
};

struct acl {
	struct acl_rule *rules;
	size_t nrules, rules_cap;
	char **files; /* every path read or skipped, for rule->file */
	size_t nfiles, files_cap;
	struct acl_skip *skips;
	size_t nskips, skips_cap;
	struct acl_id *ids; /* all the rules' */
	size_t nids, ids_cap;
};

struct acl_text {
	char *data; /* malloc'd, freed by the parser */
	size_t len;
	uint64_t dev, ino; /* identity, for include loops */
};

/*
 * load(): 0 with *text, or -errno: -EPERM with why (untrusted), -EACCES
 * (the caller may not read it).  acl_file_loader is trusted/trust.c's;
 * tests and fuzzers serve files from memory.
 */
struct acl_loader {
	int (*load)(void *ctx, const char *path, struct acl_text *text,
		    char *why, size_t whylen);
	void *ctx;
};
extern const struct acl_loader acl_file_loader;

struct acl_error {
	char msg[1024]; /* "file:line:column: what; what to do" */
	bool system;	/* not the files but the system failed (no memory) */
};

/* The ACL rooted at path: 0, or -1 with err filled. */
int acl_load(struct acl *acl, const char *path, const struct acl_loader *ld,
	     struct acl_error *err);
void acl_free(struct acl *acl);

/* Who asks: the real uid, and the real gid with the supplementary groups. */
struct acl_caller {
	uint32_t uid;
	const uint32_t *gids;
	size_t ngids;
};
/* This process's: 0, or -1 with errno. */
int acl_caller_get(struct acl_caller *c);
void acl_caller_free(struct acl_caller *c);

enum acl_outcome {
	ACL_ALLOWED,
	ACL_DENIED, /* by a deny rule, or by default (rule NULL) */
	ACL_QUEUES, /* --queues above the rule's queues= */
	ACL_QUOTA,  /* the caller holds the rule's max= TAPs already */
	ACL_MAC,    /* locked, and --mac is missing, not unicast or taken */
};

struct acl_verdict {
	bool allowed; /* outcome == ACL_ALLOWED */
	enum acl_outcome outcome;
	const struct acl_rule *rule; /* NULL: nothing matched */
	struct acl_options opt;	     /* the allowing rule's, when allowed */
	unsigned asked;		     /* ACL_QUEUES: the queues asked for */
	unsigned held;		     /* ACL_QUOTA: the caller's TAPs there */
	const char *why;	     /* ACL_MAC: what is wrong with --mac */
};

/* Default deny; a matching deny beats any allow, wherever it stands; the
 * first matching allow decides and gives the options (acl/decide.c). */
struct acl_verdict acl_decide(const struct acl *acl,
			      const struct acl_caller *who,
			      const char *const *names, size_t n);

/* "allow br0", "deny all": the rule, its name escaped. */
#define ACL_RULE_SHOWN 80
void acl_rule_format(const struct acl_rule *rule, char *buf, size_t len);

/* The verdict in words; real: the bridge's real name once known, or NULL. */
#define VERDICT_SHOWN 768
void verdict_text(const struct acl_verdict *v, const char *asked,
		  const char *real, unsigned uid, const char *acl_path,
		  char *buf, size_t len);
/* The audit line's result=: allowed, denied, queues, quota or mac. */
const char *verdict_result(const struct acl_verdict *v);

#endif
