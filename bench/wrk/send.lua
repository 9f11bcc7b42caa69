-- wrk script: POST /send of dchat-ui with the session cookie in
-- $DCHAT_COOKIE, each request a 40-byte message. wrk reports failed
-- sends (4xx and 5xx responses) as "Non-2xx or 3xx responses".
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("DCHAT_COOKIE")
wrk.body = "message=" .. string.rep("w", 40)
