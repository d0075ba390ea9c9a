// Reads {"secret": "whsec_...", "requests": [{"headers": {...}, "body": "..."}]}
// on stdin and prints one line per request: "ok", or the error with which the
// Standard Webhooks reference library refused it.
const { Webhook } = require("standardwebhooks");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { secret, requests } = JSON.parse(input);
  const wh = new Webhook(secret);
  for (const r of requests) {
    try {
      wh.verify(r.body, r.headers);
      console.log("ok");
    } catch (e) {
      console.log("refused: " + e.message);
    }
  }
});
