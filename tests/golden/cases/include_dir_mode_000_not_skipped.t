# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# chmod 000 by the directory's owner must not turn the include into an
# EACCES skip that hides its deny rules: the path is judged before the skip.
== dir users 0000 65534:65534
== file users/nobody.conf
deny br1
== file bridge.conf
allow all
include @ETC@/users/nobody.conf
== run check --br=br1
== expect 3
brhelperctl: @ETC@/bridge.conf:2:9: cannot include @ETC@/users/nobody.conf: directory @ETC@/users is owned by uid 65534, not root; run 'chown root' on it
