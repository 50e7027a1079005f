# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# QEMU's per-user pattern: alice.conf is 0640 root:4321, readable only by
# members of group 4321; everyone else skips it.
== file bridge.conf
allow br0
include @ETC@/alice.conf
== file alice.conf 0640 0:4321
allow bralice
== run groups=4321 check --br=bralice
== expect 0
bralice: allowed by @ETC@/alice.conf:1: allow bralice
options: queues=8
== run check --br=bralice
== expect 1
@ETC@/bridge.conf:2: skipped include @ETC@/alice.conf: uid 65534 may not read it
bralice: denied: no rule in @ETC@/bridge.conf allows it (default deny; see brhelper.conf(5))
== run check --br=br0
== expect 0
@ETC@/bridge.conf:2: skipped include @ETC@/alice.conf: uid 65534 may not read it
br0: allowed by @ETC@/bridge.conf:1: allow br0
options: queues=8
