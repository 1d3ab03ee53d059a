// Prints an appservice registration for the bot (YAML on stdout) and, on stderr, the
// `wrangler secret put` commands that give the Worker the same tokens.
//   npm run registration -- --url https://mxuserbot.example.workers.dev --user @me:example.org
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";

const USAGE =
  "usage: npm run registration -- --url <worker url> --user @me:server [--homeserver https://matrix.server] [--id mxuserbot] [--localpart mxuserbot]";

/** @param {string} message @returns {never} */
function fail(message) {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

const values = readArgs();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (!values.url || !/^https?:\/\/[^/\s]+/.test(values.url))
  fail("--url must be the Worker's http(s) URL");
if (!values.user || !/^@[^:\s]+:\S+$/.test(values.user))
  fail("--user must be a Matrix ID like @me:example.org");
// The client-server URL is often not the server name (delegation): say so when it is a guess.
const homeserver =
  values.homeserver ?? `https://${values.user.slice(values.user.indexOf(":") + 1)}`;
if (!/^https?:\/\/[^/\s]+/.test(homeserver)) fail("--homeserver must be an http(s) URL");
const guessed = values.homeserver === undefined;
if (!/^[a-z0-9._=\-/]+$/.test(values.localpart))
  fail("--localpart may hold only a-z, 0-9 and ._=-/");

const asToken = randomBytes(32).toString("hex");
const hsToken = randomBytes(32).toString("hex");
const userRegex = `^${values.user.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
const q = (/** @type {string} */ s) => JSON.stringify(s);

process.stdout.write(`# Appservice registration for MXUserbot. Give this file to the homeserver
# (Synapse: app_service_config_files in homeserver.yaml), then restart it.
id: ${q(values.id)}
url: ${q(values.url.replace(/\/+$/, ""))}
as_token: ${q(asToken)}
hs_token: ${q(hsToken)}
sender_localpart: ${q(values.localpart)}
rate_limited: false
receive_ephemeral: false
namespaces:
  users:
    - exclusive: false
      regex: ${q(userRegex)}
  aliases: []
  rooms: []
`);

process.stderr.write(`
Give the Worker the same settings (run these in the project folder):
  printf %s ${q(homeserver)} | npx wrangler secret put HOMESERVER_URL${guessed ? "   # a guess from your server name: use your homeserver's client-server URL (--homeserver)" : ""}
  printf %s ${q(asToken)} | npx wrangler secret put AS_TOKEN
  printf %s ${q(hsToken)} | npx wrangler secret put HS_TOKEN
  printf %s ${q(values.user)} | npx wrangler secret put MATRIX_USER_ID
For a local run, put the same values in .dev.vars:
  HOMESERVER_URL=${homeserver}
  AS_TOKEN=${asToken}
  HS_TOKEN=${hsToken}
  MATRIX_USER_ID=${values.user}
`);

function readArgs() {
  try {
    return parseArgs({
      options: {
        url: { type: "string" },
        user: { type: "string" },
        homeserver: { type: "string" },
        id: { type: "string", default: "mxuserbot" },
        localpart: { type: "string", default: "mxuserbot" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    return fail(String(error instanceof Error ? error.message : error));
  }
}
