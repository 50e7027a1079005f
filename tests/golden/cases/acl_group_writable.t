# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
== file bridge.conf 0664
allow all
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf: it is writable by group or others (mode 0664); run 'chmod go-w' on it
