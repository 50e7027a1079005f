== file bridge.conf
allow br0
deny all
== run check --br=br0
== expect 1
br0: denied by @ETC@/bridge.conf:2: deny all
