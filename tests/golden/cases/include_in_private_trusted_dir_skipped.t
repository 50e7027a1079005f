# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# A root-owned directory the caller may not search is trusted: an include
# inside it is skipped (EACCES), as a per-user file is.
== dir private 0700
== file private/staff.conf
allow brstaff
== file bridge.conf
allow br0
include @ETC@/private/staff.conf
== run check --br=br0
== expect 0
@ETC@/bridge.conf:2: skipped include @ETC@/private/staff.conf: uid 65534 may not read it
br0: allowed by @ETC@/bridge.conf:1: allow br0
options: queues=8
