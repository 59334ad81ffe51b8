/**
 * An API base URL given in the environment (DD_API_URL, PAGERDUTY_API_URL): http(s), a host,
 * an optional path, no query or fragment, so paths can be appended to it.
 */
export const HTTP_BASE_URL = /^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/;
