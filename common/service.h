/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/* service.h - what the service (brhelperd) and its clients agree on. */
#ifndef BRHELPER_SERVICE_H
#define BRHELPER_SERVICE_H

#include <stdint.h>

#include "wire.h"

/*
 * Service mode (brhelper(8), SERVICE): one request and one answer, each a
 * single message on a SOCK_SEQPACKET connection to BRH_SERVICE_SOCKET.
 * Who asks is the kernel's word (SO_PEERCRED, SO_PEERGROUPS), never the
 * request's.  A request of another size or version, or with a reserved
 * byte set, is answered with BRH_EXIT_USAGE.  The answer carries the TAP
 * fd(s) in one SCM_RIGHTS message when status is BRH_EXIT_OK.
 */
#define BRH_SERVICE_SOCKET "/run/brhelper/socket"
#define BRH_SERVICE_VERSION 1
#define BRH_SERVICE_VNET 1u /* flags: a virtio-net header (--use-vnet) */
struct brh_service_request {
	uint32_t version;     /* BRH_SERVICE_VERSION */
	uint32_t flags;	      /* BRH_SERVICE_VNET, or 0 */
	uint32_t queues;      /* 1 to BRH_WIRE_MAX_FDS */
	char bridge[16];      /* NUL-terminated (IFNAMSIZ) */
	uint8_t mac[6];	      /* the guest's, for locked rules; all 0: none */
	uint8_t reserved[30]; /* 0: room for later fields */
};
struct brh_service_answer {
	uint32_t version; /* BRH_SERVICE_VERSION */
	int32_t status;	  /* the exit status, as the helper's */
	char text[1024];  /* the one line (no "brhelper: "), or "" */
};

#endif
