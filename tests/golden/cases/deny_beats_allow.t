# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
== file bridge.conf
allow all
allow br0
deny br0
== run check --br=br0
== expect 1
br0: denied by @ETC@/bridge.conf:3: deny br0
== run check --br=br1
== expect 0
br1: allowed by @ETC@/bridge.conf:1: allow all
options: queues=8
