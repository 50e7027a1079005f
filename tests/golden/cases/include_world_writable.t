# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
== file bridge.conf
include @ETC@/open.conf
== file open.conf 0646
allow all
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf:1:9: cannot include @ETC@/open.conf: it is writable by group or others (mode 0646); run 'chmod go-w' on it
