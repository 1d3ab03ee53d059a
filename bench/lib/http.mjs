/**
 * `fetch`, tried again (twice at most) when the connection broke before any answer: the fake
 * homeserver's idle keep-alive sockets close after 5 s, and one reused at that moment fails with
 * ECONNRESET. For the bench's own calls to the homeserver, not for what is measured.
 * @param {string} url @param {RequestInit} [init]
 */
export async function refetch(url, init) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      const code = /** @type {{ cause?: { code?: string } }} */ (error).cause?.code;
      if (attempt >= 2 || !(code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_SOCKET"))
        throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
