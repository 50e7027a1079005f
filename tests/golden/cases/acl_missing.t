== run --check --br=br0
== expect 3
brhelper: @ETC@/bridge.conf: No such file or directory; create it (see brhelper.conf(5))
