"""Staff app sign-in: server-side sessions behind a cookie, the OpenID Connect code flow, demo sign-in."""
