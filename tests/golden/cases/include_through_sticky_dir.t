# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# A sticky world-writable directory (like /tmp) is not trusted either:
# anyone may create the name before root does.
== dir tmp 1777
== file tmp/lab.conf
allow br0
== file bridge.conf
include @ETC@/tmp/lab.conf
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf:1:9: cannot include @ETC@/tmp/lab.conf: directory @ETC@/tmp is writable by group or others (mode 1777); run 'chmod go-w' on it
