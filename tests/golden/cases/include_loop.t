# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
== file bridge.conf
include @ETC@/a.conf
== file a.conf
allow br0
include @ETC@/bridge.conf
== run check --br=br0
== expect 3
brhelperctl: @ETC@/a.conf:2:9: include loop: @ETC@/bridge.conf is already being read
