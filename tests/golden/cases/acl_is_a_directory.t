== dir bridge.conf
== run --check --br=br0
== expect 3
brhelper: @ETC@/bridge.conf: @ETC@/bridge.conf is not a regular file
