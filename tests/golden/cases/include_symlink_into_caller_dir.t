# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# A symlink in a trusted directory is followed, and its target's
# directories are judged by the same rule.
== dir evil 0755 65534:65534
== file evil/x.conf
allow all
== symlink lab.conf @ETC@/evil/x.conf
== file bridge.conf
include @ETC@/lab.conf
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf:1:9: cannot include @ETC@/lab.conf: directory @ETC@/evil is owned by uid 65534, not root; run 'chown root' on it
== symlink rel.conf evil/x.conf
== file bridge.conf
include @ETC@/rel.conf
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf:1:9: cannot include @ETC@/rel.conf: directory @ETC@/evil is owned by uid 65534, not root; run 'chown root' on it
