# Sourced by bin/run: the address the server listens on (PORT) is the one emailed links use.
# PORT may be "8001", "127.0.0.1:8001" or "0.0.0.0:8001" (links then use 127.0.0.1).
PORT="${PORT:-127.0.0.1:8000}"
case "$PORT" in
  *:*) _host="${PORT%:*}"; _port="${PORT##*:}" ;;
  *) _host="127.0.0.1"; _port="$PORT"; PORT="127.0.0.1:$PORT" ;;
esac
case "$_host" in 0.0.0.0|"") _host="127.0.0.1" ;; esac
export PORT
export SITE_URL="${SITE_URL:-http://$_host:$_port}"
unset _host _port
