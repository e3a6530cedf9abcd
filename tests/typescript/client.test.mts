// The document proven in TypeScript at run time: a client made of the types openapi-typescript
// generates from openapi/smartsender-contacts.yaml and openapi-fetch (its runtime), against the
// sandbox, through every operation of the document.
//
// scripts/test-typescript generates schema.d.ts next to a copy of this file, compiles both with
// `tsc --strict` and runs the result with `node --test` from the repository root; the test starts the
// sandbox itself (scripts/serve on a free port, without the rate limit) and stops it at the end.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { type AddressInfo, createServer } from "node:net";
import { after, before, test } from "node:test";
import createClient, { type Client } from "openapi-fetch";
import type { components, operations, paths } from "./schema.js";

type Schemas = components["schemas"];
type HttpMethod = "get" | "put" | "post" | "delete";

// Where each operation of the document lives, checked against the generated types: an operation
// missing here, one too many, or one at the wrong method or path does not compile.
type Route<Id extends keyof operations> = {
  [P in keyof paths]: {
    [M in HttpMethod]: [paths[P][M]] extends [operations[Id]]
      ? [operations[Id]] extends [paths[P][M]]
        ? readonly [M, P]
        : never
      : never;
  }[HttpMethod];
}[keyof paths];
const ROUTES: { [Id in keyof operations]: Route<Id> } = {
  listContacts: ["get", "/v1/contacts"],
  searchContacts: ["get", "/v1/contacts/search"],
  getContact: ["get", "/v1/contacts/{contactId}"],
  updateContact: ["put", "/v1/contacts/{contactId}"],
  deleteContact: ["delete", "/v1/contacts/{contactId}"],
  getContactInfo: ["get", "/v1/contacts/{contactId}/info"],
  getContactChat: ["get", "/v1/contacts/{contactId}/chat"],
  listContactGates: ["get", "/v1/contacts/{contactId}/gates"],
  fireContactEvent: ["post", "/v1/contacts/{contactId}/fire"],
  uniteContacts: ["post", "/v1/contacts/{contactId}/unite/{targetContactId}"],
  createChannelGate: ["post", "/v1/channels/{channelId}/gates"],
  listContactTags: ["get", "/v1/contacts/{contactId}/tags"],
  addContactTag: ["post", "/v1/contacts/{contactId}/tags/{tagId}"],
  removeContactTag: ["delete", "/v1/contacts/{contactId}/tags/{tagId}"],
  listContactFunnels: ["get", "/v1/contacts/{contactId}/funnels"],
  addContactFunnel: ["post", "/v1/contacts/{contactId}/funnels/{serviceKey}"],
  removeContactFunnel: ["delete", "/v1/contacts/{contactId}/funnels/{serviceKey}"],
  listContactNotes: ["get", "/v1/contacts/{contactId}/notes"],
  createContactNote: ["post", "/v1/contacts/{contactId}/notes"],
  updateContactNote: ["put", "/v1/contacts/{contactId}/notes/{noteId}"],
  deleteContactNote: ["delete", "/v1/contacts/{contactId}/notes/{noteId}"],
  listContactMessages: ["get", "/v1/contacts/{contactId}/messages"],
  sendContactMessage: ["post", "/v1/contacts/{contactId}/send"],
  listContactCheckout: ["get", "/v1/contacts/{contactId}/checkout"],
};

// Contacts 1001 and 1002 and WhatsApp channel 15 of project 1 exist whatever the sandbox's seed.
const OLENA = 1001;
const TARAS = 1002;
const WHATSAPP_CHANNEL = 15;
const LEAD_TAG = 32; // in project 1's tag catalogue; contact 1001 does not have it
const CART_FUNNEL = "7302"; // the serviceKey of project 1's "Abandoned cart" funnel
const UNKNOWN_CONTACT = 999_999;

let sandbox: ChildProcess | undefined;
let sandboxOutput = "";
let client: Client<paths>;
let baseUrl = "";
const answered: string[] = []; // "get /v1/contacts 200", for every answer the client read

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Starts scripts/serve and resolves with its base URL and project 1's token, from its banner. */
async function startSandbox(attempts = 3): Promise<{ url: string; token: string }> {
  const port = await freePort();
  sandboxOutput = "";
  const child = spawn("scripts/serve", ["--port", String(port), "--no-rate-limit"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    await once(child, "spawn");
  } catch (error) {
    throw new Error(`cannot run scripts/serve (${String(error)}): run this test from the repository root`);
  }
  sandbox = child;
  process.once("exit", () => child.kill()); // should the test process end without its after() hook
  child.stdout?.on("data", (chunk: Buffer) => (sandboxOutput += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (sandboxOutput += chunk.toString()));
  const deadline = Date.now() + 60_000; // a first run bootstraps .venv before it starts
  while (Date.now() < deadline && child.exitCode === null) {
    const banner = /sandbox at (\S+)[\s\S]*?project 1 \(.*\n\s*Authorization: Bearer (\S+)/.exec(sandboxOutput);
    if (banner?.[1] && banner[2]) {
      return { url: banner[1], token: banner[2] };
    }
    await pause(50);
  }
  if (child.exitCode !== null && sandboxOutput.includes("cannot listen") && attempts > 1) {
    return startSandbox(attempts - 1); // another process took the free port first
  }
  child.kill();
  throw new Error(`scripts/serve --port ${port} did not start:\n${sandboxOutput}`);
}

/** The data of a successful answer; fails with the status and the error body otherwise. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  const { data, error, response } = result;
  assert.ok(response.ok, `${response.url}: ${response.status} ${JSON.stringify(error)}`);
  assert.ok(data !== undefined, `${response.url}: ${response.status} without a body`);
  return data;
}

/** Every page of a list, read until cursor.page reaches cursor.pages. */
async function allPages<Item>(
  read: (page: number) => Promise<{ cursor: Schemas["Cursor"]; collection: Item[] }>,
): Promise<{ items: Item[]; sizes: number[]; pages: number }> {
  const items: Item[] = [];
  const sizes: number[] = [];
  for (let page = 1; ; page += 1) {
    const answer = await read(page);
    assert.equal(answer.cursor.page, page);
    items.push(...answer.collection);
    sizes.push(answer.collection.length);
    if (answer.cursor.page >= answer.cursor.pages) {
      return { items, sizes, pages: answer.cursor.pages };
    }
  }
}

before(async () => {
  const started = await startSandbox();
  baseUrl = started.url;
  client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${started.token}` } });
  client.use({
    onResponse({ request, schemaPath, response }) {
      answered.push(`${request.method.toLowerCase()} ${schemaPath} ${response.status}`);
    },
  });
  const readyBy = Date.now() + 20_000;
  let answer = "no answer";
  while (Date.now() < readyBy) {
    try {
      const response = await fetch(`${baseUrl}/v1/contacts`, { headers: { Authorization: `Bearer ${started.token}` } });
      if (response.ok) {
        return;
      }
      answer = `${response.status} ${await response.text()}`;
    } catch (error) {
      answer = String(error);
    }
    await pause(50);
  }
  throw new Error(`the sandbox at ${baseUrl} is not ready (${answer}):\n${sandboxOutput}`);
});

after(async () => {
  if (sandbox && sandbox.exitCode === null) {
    const stopped = once(sandbox, "exit");
    sandbox.kill("SIGINT");
    const killer = setTimeout(() => sandbox?.kill("SIGKILL"), 5_000);
    await stopped;
    clearTimeout(killer);
  }
});

test("listContacts: walking every page gives each contact once, in full pages", async () => {
  const limitation = 7;
  const { items, sizes, pages } = await allPages(async (page) =>
    ok(await client.GET("/v1/contacts", { params: { query: { page, limitation } } })),
  );
  const ids = items.map((contact) => contact.id);
  assert.equal(new Set(ids).size, ids.length, "no contact on two pages");
  assert.ok(ids.includes(OLENA) && ids.includes(TARAS));
  assert.equal(pages, Math.ceil(ids.length / limitation));
  assert.ok(sizes.slice(0, -1).every((size) => size === limitation), `page sizes ${sizes.join(", ")}`);
  const past = ok(await client.GET("/v1/contacts", { params: { query: { page: pages + 1, limitation } } }));
  assert.deepEqual(past.collection, []); // a page after the last is empty (inferred)
});

test("searchContacts: a surname finds its contact, and only contacts that hold it", async () => {
  const found = ok(await client.GET("/v1/contacts/search", { params: { query: { term: "Kovalenko" } } }));
  assert.ok(
    found.collection.some((contact) => contact.id === OLENA),
    `contact ${OLENA} among ${found.collection.map((contact) => contact.id).join(", ")}`,
  );
  for (const contact of found.collection) {
    const held = [contact.fullName, contact.email, contact.phone].some((field) => /kovalenko/i.test(field ?? ""));
    assert.ok(held, `contact ${contact.id} (${contact.fullName}) does not hold the term`);
  }
});

test("getContact, getContactInfo and getContactChat: three views of one contact", async () => {
  const path = { contactId: OLENA };
  const contact: Schemas["Contact"] = ok(await client.GET("/v1/contacts/{contactId}", { params: { path } }));
  assert.equal(contact.id, OLENA);
  assert.equal(contact.fullName, "Olena Kovalenko");
  assert.ok((contact.tags ?? []).every((tag) => typeof tag.id === "number" && typeof tag.name === "string"));

  const simple: Schemas["SimpleContact"] = ok(await client.GET("/v1/contacts/{contactId}/info", { params: { path } }));
  assert.equal(simple.firstName, "Olena");
  const city = contact.variables?.find((variable) => variable.name === "city")?.value;
  assert.equal(simple["city"], city, "the simple view shows each variable as a key");

  const chat: Schemas["Chat"] = ok(await client.GET("/v1/contacts/{contactId}/chat", { params: { path } }));
  assert.equal(typeof chat.id, "number");
  assert.equal(chat.contact?.originalId, OLENA);
});

test("listContactGates: every page of a contact's gates", async () => {
  const { items, pages } = await allPages(async (page) =>
    ok(
      await client.GET("/v1/contacts/{contactId}/gates", {
        params: { path: { contactId: OLENA }, query: { page, limitation: 1 } },
      }),
    ),
  );
  assert.equal(pages, items.length, "one gate a page");
  assert.ok(items.length >= 1);
  assert.ok(items.every((gate) => typeof gate.id === "number" && typeof gate.channel.id === "number"));
});

test("updateContact, then the update is read back", async () => {
  const path = { contactId: OLENA };
  const updated = ok(
    await client.PUT("/v1/contacts/{contactId}", {
      params: { path },
      body: { values: { city: "Lviv", lastName: "Kovalenko-Shevchuk" } },
    }),
  );
  assert.equal(updated.state, true);
  const simple = ok(await client.GET("/v1/contacts/{contactId}/info", { params: { path } }));
  assert.equal(simple["city"], "Lviv");
  const contact = ok(await client.GET("/v1/contacts/{contactId}", { params: { path } }));
  assert.equal(contact.lastName, "Kovalenko-Shevchuk");
  assert.equal(contact.variables?.find((variable) => variable.name === "city")?.value, "Lviv");
});

test("fireContactEvent", async () => {
  const fired = ok(
    await client.POST("/v1/contacts/{contactId}/fire", {
      params: { path: { contactId: OLENA } },
      body: { name: "TypeScriptClientCheck" },
    }),
  );
  assert.equal(fired.state, true);
});

test("addContactTag, listContactTags and removeContactTag: a tag comes and goes", async () => {
  const path = { contactId: OLENA, tagId: LEAD_TAG };
  const listTags = async () =>
    ok(await client.GET("/v1/contacts/{contactId}/tags", { params: { path: { contactId: OLENA } } })).collection.map(
      (tag: Schemas["Tag"]) => tag.id,
    );
  assert.ok(!(await listTags()).includes(LEAD_TAG));
  assert.equal(ok(await client.POST("/v1/contacts/{contactId}/tags/{tagId}", { params: { path } })).state, true);
  assert.ok((await listTags()).includes(LEAD_TAG));
  const contact = ok(await client.GET("/v1/contacts/{contactId}", { params: { path: { contactId: OLENA } } }));
  assert.ok((contact.tags ?? []).some((tag) => tag.id === LEAD_TAG), "getContact shows the added tag");
  assert.equal(ok(await client.DELETE("/v1/contacts/{contactId}/tags/{tagId}", { params: { path } })).state, true);
  assert.ok(!(await listTags()).includes(LEAD_TAG));
  const foreign = await client.POST("/v1/contacts/{contactId}/tags/{tagId}", {
    params: { path: { contactId: OLENA, tagId: UNKNOWN_CONTACT } },
  });
  assert.equal(foreign.response.status, 404); // a tag outside the project's catalogue (inferred)
});

test("addContactFunnel, listContactFunnels and removeContactFunnel: by serviceKey", async () => {
  const path = { contactId: OLENA, serviceKey: CART_FUNNEL };
  const listKeys = async () =>
    ok(await client.GET("/v1/contacts/{contactId}/funnels", { params: { path: { contactId: OLENA } } })).collection.map(
      (funnel: Schemas["Funnel"]) => String(funnel.serviceKey), // untyped: a number or a string
    );
  assert.ok(!(await listKeys()).includes(CART_FUNNEL));
  assert.equal(ok(await client.POST("/v1/contacts/{contactId}/funnels/{serviceKey}", { params: { path } })).state, true);
  assert.ok((await listKeys()).includes(CART_FUNNEL));
  assert.equal(
    ok(await client.DELETE("/v1/contacts/{contactId}/funnels/{serviceKey}", { params: { path } })).state,
    true,
  );
  assert.ok(!(await listKeys()).includes(CART_FUNNEL));
});

test("createContactNote, updateContactNote, listContactNotes and deleteContactNote", async () => {
  const contactPath = { contactId: OLENA };
  const note: Schemas["Note"] = ok(
    await client.POST("/v1/contacts/{contactId}/notes", {
      params: { path: contactPath },
      body: { content: "Written by the TypeScript client." },
    }),
  );
  assert.equal(note.content, "Written by the TypeScript client.");
  assert.equal(typeof note.user?.id, "number");
  const noteId = note.id;
  assert.ok(noteId !== undefined, "the new note has an id");
  const path = { contactId: OLENA, noteId };
  const changed = await client.PUT("/v1/contacts/{contactId}/notes/{noteId}", {
    params: { path },
    body: { content: "Changed." },
  });
  assert.equal(ok(changed).state, true);
  const listed = ok(await client.GET("/v1/contacts/{contactId}/notes", { params: { path: contactPath } }));
  assert.equal(listed.collection.find((item) => item.id === noteId)?.content, "Changed.");
  assert.equal(ok(await client.DELETE("/v1/contacts/{contactId}/notes/{noteId}", { params: { path } })).state, true);
  const again = await client.DELETE("/v1/contacts/{contactId}/notes/{noteId}", { params: { path } });
  assert.equal(again.response.status, 404);
});

test("sendContactMessage, then listContactMessages shows it first", async () => {
  const contactPath = { contactId: OLENA };
  const sent: Schemas["Message"] = ok(
    await client.POST("/v1/contacts/{contactId}/send", {
      params: { path: contactPath },
      body: { type: "text", content: "Sent by the TypeScript client.", watermark: 1 },
    }),
  );
  assert.equal(sent.content?.type, "text");
  assert.equal(sent.content?.resource?.parameters?.content, "Sent by the TypeScript client.");
  const messages = ok(
    await client.GET("/v1/contacts/{contactId}/messages", {
      params: { path: contactPath, query: { page: 1, limitation: 5, activities: 0 } },
    }),
  );
  assert.equal(messages.collection[0]?.id, sent.id); // newest first (inferred)
});

test("listContactCheckout: the cart's units, with product, price and quantity", async () => {
  const cart = ok(await client.GET("/v1/contacts/{contactId}/checkout", { params: { path: { contactId: OLENA } } }));
  assert.ok(cart.collection.length >= 1);
  const unit: Schemas["ProductEssence"] | undefined = cart.collection[0];
  assert.equal(typeof unit?.product?.name, "string");
  assert.equal(typeof unit?.pivot?.quantity, "number");
});

test("uniteContacts: the target's tags move over and the target is gone", async () => {
  const targetTags = ok(await client.GET("/v1/contacts/{contactId}", { params: { path: { contactId: TARAS } } })).tags;
  const merged = ok(
    await client.POST("/v1/contacts/{contactId}/unite/{targetContactId}", {
      params: { path: { contactId: OLENA, targetContactId: TARAS } },
    }),
  );
  assert.equal(merged.state, true);
  const contact = ok(await client.GET("/v1/contacts/{contactId}", { params: { path: { contactId: OLENA } } }));
  const tagIds = new Set((contact.tags ?? []).map((tag) => tag.id));
  assert.ok((targetTags ?? []).every((tag) => tagIds.has(tag.id)), "the merged contact's tags are kept");
  const gone = await client.GET("/v1/contacts/{contactId}", { params: { path: { contactId: TARAS } } });
  assert.equal(gone.response.status, 404); // the merged contact disappears (inferred)
});

test("deleteContact: the contact is gone afterwards", async () => {
  const listed = ok(await client.GET("/v1/contacts", { params: { query: { page: 1, limitation: 20 } } }));
  const victim = listed.collection.at(-1)?.id;
  assert.ok(victim !== undefined && victim !== OLENA);
  const path = { contactId: victim };
  assert.equal(ok(await client.DELETE("/v1/contacts/{contactId}", { params: { path } })).state, true);
  const gone = await client.GET("/v1/contacts/{contactId}", { params: { path } });
  assert.equal(gone.response.status, 404);
});

test("createChannelGate: a new contact on a WhatsApp channel, readable with its gate", async () => {
  const created = await client.POST("/v1/channels/{channelId}/gates", {
    params: { path: { channelId: WHATSAPP_CHANNEL } },
    body: { identifier: "380990001234", firstName: "Marta", lastName: "Shevchenko" },
  });
  assert.ok([200, 201].includes(created.response.status), `status ${created.response.status}`);
  const gate: Schemas["Gate"] = ok(created);
  assert.equal(gate.channel.id, WHATSAPP_CHANNEL);
  const contactId = gate.contact?.originalId;
  assert.ok(contactId !== undefined, "the gate names its contact");
  const contact = ok(await client.GET("/v1/contacts/{contactId}", { params: { path: { contactId } } }));
  assert.equal(contact.firstName, "Marta");
  const gates = ok(await client.GET("/v1/contacts/{contactId}/gates", { params: { path: { contactId } } }));
  assert.ok(gates.collection.some((listed) => listed.id === gate.id));
});

test("errors come as the error envelope, typed by their status", async () => {
  const missing = await client.GET("/v1/contacts/{contactId}", { params: { path: { contactId: UNKNOWN_CONTACT } } });
  assert.equal(missing.response.status, 404);
  assert.equal(missing.data, undefined);
  const notFound: Schemas["ErrorResponse"] | Schemas["UnverifiedErrorResponse"] | undefined = missing.error;
  assert.ok(notFound && "error" in notFound && notFound.error);
  assert.equal(notFound.error.code, 404);
  assert.equal(typeof notFound.error.message, "string");

  const invalid = await client.GET("/v1/contacts", { params: { query: { limitation: 20, page: 0 } } });
  assert.equal(invalid.response.status, 400);
  assert.equal(invalid.error?.error?.code, 400);

  const stranger = createClient<paths>({ baseUrl, headers: { Authorization: "Bearer not-a-token" } });
  const refused = await stranger.GET("/v1/contacts");
  assert.equal(refused.response.status, 401);
  assert.ok(refused.error !== undefined, "a 401 is an error, with the UnverifiedErrorResponse type");
});

test("every operation of the document was called and answered with success", () => {
  const missing = Object.entries(ROUTES)
    .filter(([, [method, path]]) => !answered.some((line) => /^2\d\d$/.test(line.split(" ")[2] ?? "") && line.startsWith(`${method} ${path} `)))
    .map(([operationId]) => operationId);
  assert.deepEqual(missing, []);
});
