# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
== file bridge.conf
# the simplest ACL
allow br0
== run check --br=br0
== expect 0
br0: allowed by @ETC@/bridge.conf:2: allow br0
options: queues=8
== run check --br=br1
== expect 1
br1: denied: no rule in @ETC@/bridge.conf allows it (default deny; see brhelper.conf(5))
