# Shared by start.sh: the address runserver listens on (XUNCHA_ADDR, as runserver takes it) and the URL to open.
# usage: . scripts/_addr.sh; xuncha_url "$ADDR"
#   127.0.0.1:8000 → http://127.0.0.1:8000    9000 → http://127.0.0.1:9000
#   0.0.0.0:8080   → http://127.0.0.1:8080（本机；已在所有网卡上监听，其他电脑用本机的 IP 地址访问）
#   [::]:8000      → http://[::1]:8000（本机；…）      example.org:80 → http://example.org:80
xuncha_url() {
  local addr=$1 host port
  case "$addr" in
    *:*) host=${addr%:*}; port=${addr##*:} ;;
    *) host=127.0.0.1; port=$addr ;;
  esac
  case "$host" in
    0.0.0.0 | "") echo "http://127.0.0.1:$port（本机；已在所有网卡上监听，其他电脑用本机的 IP 地址访问）" ;;
    "[::]") echo "http://[::1]:$port（本机；已在所有网卡上监听，其他电脑用本机的 IP 地址访问）" ;;
    *) echo "http://$host:$port" ;;
  esac
}
