// Compiled by scripts/check-spec with `tsc --strict` against the types that openapi-typescript
// generates from openapi/smartsender-contacts.yaml (copied next to this file as schema.d.ts).
// It proves that another language's generator can use the document, and the @ts-expect-error
// lines prove that the types are precise enough to reject wrong use.
import type { components, operations, paths } from "./schema";

type Contact = components["schemas"]["Contact"];
type ContactPage = components["schemas"]["ContactPage"];
type SimpleContact = components["schemas"]["SimpleContact"];
type ErrorEnvelope = components["schemas"]["ErrorResponse"];
type ListQuery = NonNullable<operations["listContacts"]["parameters"]["query"]>;
type UpdateBody = operations["updateContact"]["requestBody"]["content"]["application/json"];
type CreateGateBody = paths["/v1/channels/{channelId}/gates"]["post"]["requestBody"]["content"]["application/json"];

const contact: Contact = {
  id: 1001,
  fullName: "Olena Kovalenko",
  email: null,
  tags: [{ id: 31, name: "VIP", color: "ffb300" }],
  funnels: [{ id: 41, name: "Onboarding", serviceKey: "onboarding" }],
  variables: [{ name: "city", value: null }],
};

const page: ContactPage = { cursor: { page: 1, pages: 1 }, collection: [contact] };
const hasNextPage = (p: ContactPage): boolean => p.cursor.page < p.cursor.pages;

const simple: SimpleContact = { id: 1001, firstName: "Olena", city: "Kyiv" };
const query: ListQuery = { page: 2, limitation: 20 };
const update: UpdateBody = { values: { firstName: "Olena", city: "Lviv" } };
const creation: CreateGateBody = { identifier: "380931112233", firstName: "Marta" };
const failure: ErrorEnvelope = { error: { code: 404, message: "Contact not found" } };

function describe(error: ErrorEnvelope): string {
  return `${error.error.code}: ${error.error.message}`;
}

// @ts-expect-error ids are numbers, not strings
const wrongId: Contact = { id: "1001" };
// @ts-expect-error limitation is a number
const wrongQuery: ListQuery = { limitation: "20" };
// @ts-expect-error firstName is required to create a contact
const incompleteCreation: CreateGateBody = { identifier: "380931112233" };
// @ts-expect-error the update body has no other keys than `values`
const strayKey: UpdateBody = { values: {}, extra: true };

export const used = [page, hasNextPage(page), simple, query, update, creation, describe(failure)];
export const rejected = [wrongId, wrongQuery, incompleteCreation, strayKey];
