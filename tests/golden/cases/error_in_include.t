# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
== file bridge.conf
allow br0
include @ETC@/team.conf
== file team.conf
allow br1
deny
== run check --br=br0
== expect 3
brhelperctl: @ETC@/team.conf:2:5: deny needs a bridge name or 'all'
