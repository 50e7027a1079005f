/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * ifname.h - what an interface name is, and how one is shown: the one room
 * for both rules, for the helper and libbrhelper.  Valid exactly when the
 * kernel's dev_valid_name() accepts it: 1 to 15 bytes, not "." or "..",
 * no '/' or ':', no byte the kernel's isspace() takes: 0x09-0x0d, 0x20 and
 * 0xa0 (a no-break space pasted from a web page).  Other control bytes are
 * valid; they are shown escaped, never raw.
 */
#ifndef BRHELPER_IFNAME_H
#define BRHELPER_IFNAME_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define BRH_QUOTED_SIZE(n) ((n)*4 + 1) /* brh_quote() of n bytes */
#define BRH_QUOTED_IFNAME BRH_QUOTED_SIZE(IFNAMSIZ)

/* NULL when the kernel would accept name, else why not. */
static inline const char *brh_ifname_problem(const char *name)
{
	size_t i;

	if (name == NULL || name[0] == '\0')
		return "is empty";
	for (i = 0; name[i] != '\0'; i++) {
		unsigned char c = (unsigned char)name[i];

		if (i + 1 >= IFNAMSIZ)
			return "is longer than 15 bytes (IFNAMSIZ)";
		if (c == '/' || c == ':')
			return "contains '/' or ':'";
		if (c == 0xa0)
			return "contains byte 0xa0, which the kernel counts "
			       "as white space (a no-break space?)";
		if (c == ' ' || (c >= '\t' && c <= '\r'))
			return "contains white space";
	}
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return "is '.' or '..'";
	return NULL;
}

/* len bytes of s into buf: printable ASCII as is; any other byte, '\\' and
 * those of also as \xNN.  BRH_QUOTED_SIZE(len) is room enough. */
static inline const char *brh_escape(const char *s, size_t len, char *buf,
				     size_t buflen, const char *also)
{
	size_t i, o = 0;

	if (buflen == 0)
		return "";
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		bool plain = c >= 0x20 && c < 0x7f && c != '\\' &&
			     strchr(also, c) == NULL;

		if (o + (plain ? 1 : 4) >= buflen)
			break;
		if (plain)
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, 5, "\\x%02x", c);
	}
	buf[o] = '\0';
	return buf;
}

/* For a message: no name can end a line, fake a field or hide a byte. */
static inline const char *brh_quote(const char *s, size_t len, char *buf,
				    size_t buflen)
{
	return brh_escape(s, len, buf, buflen, "");
}

/* For a key=value line: ' ' and '=' too, so no value adds a field. */
static inline const char *brh_quote_field(const char *s, size_t len, char *buf,
					  size_t buflen)
{
	return brh_escape(s, len, buf, buflen, " =");
}

#endif
