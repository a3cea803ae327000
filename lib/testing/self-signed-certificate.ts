/**
 * A self-signed certificate for localhost and 127.0.0.1, valid for a century, and its key: for tests only,
 * to show that the outbound client refuses a TLS server it cannot verify. Nothing trusts it.
 */
export const SELF_SIGNED_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgjxOWhH7S6YNWWZ4g
Uk4qjLh7moviH3ZM1ZO+D0s3AUWhRANCAATpzr356UefLvi3doWcYqd08fexUlxp
/l/N99M5TqyHbwhP9jz0W/IL5ThhiyOHhCS7KG0Sp/sfchLoF4uw99/t
-----END PRIVATE KEY-----
`;

export const SELF_SIGNED_CERT = `-----BEGIN CERTIFICATE-----
MIIBmzCCAUGgAwIBAgIUXNB5TjyM88ydL4KRT22iBKYbHRIwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEzMDAxMzc0OVoYDzIxMjYxMTA2
MDEzNzQ5WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATpzr356UefLvi3doWcYqd08fexUlxp/l/N99M5TqyHbwhP9jz0W/IL
5ThhiyOHhCS7KG0Sp/sfchLoF4uw99/to28wbTAdBgNVHQ4EFgQUo49giPYXlTsF
+d6kZzka3Pu2wakwHwYDVR0jBBgwFoAUo49giPYXlTsF+d6kZzka3Pu2wakwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDSAAwRQIhAPTQr8dhWfPJWjFeq3Khqz4Oy9lmA8qZmiqLvjCVTBBdAiAW
prbFUOcMNxrrEYlT9pE2nWuCqzhWV+3l2QqFBZyOuw==
-----END CERTIFICATE-----
`;
