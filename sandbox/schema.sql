-- The sandbox's storage. Ids are global across projects, as in the live API; every query that a
-- request runs is scoped to the project of its token.
--
-- The *_documents views build the API's JSON objects inside SQLite (json_object and friends), so a
-- read is one indexed query whose result is sent as it is. Their shapes follow the schemas of
-- openapi/smartsender-contacts.yaml; the sandbox's tests validate every answer against it.

CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE
);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- AUTOINCREMENT: a deleted contact's id is never reused
    project_id INTEGER NOT NULL REFERENCES projects (id),
    first_name TEXT,
    last_name TEXT,
    full_name TEXT,
    email TEXT,
    phone TEXT,
    photo TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    document TEXT  -- the contact's JSON, as the contact_documents view builds it (see sandbox/store.py)
);
CREATE INDEX contacts_by_project ON contacts (project_id, id);

-- Substring search over name, e-mail and phone uses one FTS5 table per project,
-- contact_search_<project id> (haystack, tokenize = 'trigram'), created with the project
-- (see sandbox/store.py): a trigram phrase query finds substrings from the index alone, and a table
-- per project keeps another project's rows out of the count. The text is stored case-folded.

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    name TEXT NOT NULL,
    color TEXT NOT NULL
);
CREATE TABLE contact_tags (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags (id),
    PRIMARY KEY (contact_id, tag_id)
) WITHOUT ROWID;

CREATE TABLE funnels (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    name TEXT NOT NULL,
    service_key INTEGER NOT NULL
);
CREATE TABLE contact_funnels (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    funnel_id INTEGER NOT NULL REFERENCES funnels (id),
    PRIMARY KEY (contact_id, funnel_id)
) WITHOUT ROWID;

-- Variable definitions of a project; `type` is one of the vendor's variable types.
CREATE TABLE variables (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('string', 'number', 'date', 'email', 'phone', 'url', 'enum')),
    description TEXT,
    choices TEXT NOT NULL DEFAULT '[]',  -- JSON array, the allowed values of an enum variable
    default_value TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (project_id, name)
);
CREATE INDEX variables_by_project ON variables (project_id, id);
CREATE TABLE contact_values (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    variable_id INTEGER NOT NULL REFERENCES variables (id),
    value TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (contact_id, variable_id)
) WITHOUT ROWID;

CREATE TABLE operators (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    first_name TEXT,
    full_name TEXT,
    email TEXT,
    photo TEXT
);
-- The project's user a token belongs to, who writes the notes created through the API (inferred), is
-- its operator with the lowest id.
CREATE TABLE notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- a deleted note's id is never reused: it answers 404
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    operator_id INTEGER REFERENCES operators (id),
    content TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX notes_by_contact ON notes (contact_id, id);

-- The messages of a contact's chat. `kind` is 'message', or 'activity' for a system event of the
-- chat, which listContactMessages shows only with activities=1. `content`, `sender` and `state` are
-- JSON (the Message's MessageTemplate, MessageSender and MessageState, or null).
CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    gate_id INTEGER REFERENCES gates (id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('message', 'activity')),
    content TEXT NOT NULL,
    sender TEXT,
    state TEXT,
    internal INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    delivered_at TEXT,
    seen_at TEXT
);
CREATE INDEX messages_by_contact ON messages (contact_id, kind, id);

-- A project's products, their units (ProductEssence) and the contacts' carts.
CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    name TEXT NOT NULL
);
CREATE TABLE product_essences (
    id INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products (id),
    name TEXT NOT NULL,
    price REAL NOT NULL,
    currency TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE cart_items (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    essence_id INTEGER NOT NULL REFERENCES product_essences (id),
    quantity INTEGER NOT NULL,
    PRIMARY KEY (contact_id, essence_id)
) WITHOUT ROWID;

CREATE TABLE channels (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    type TEXT NOT NULL,
    name TEXT,
    app TEXT,
    link TEXT,
    active INTEGER NOT NULL,
    occupied INTEGER NOT NULL,
    referrer INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A gate connects a contact to a channel; `identifier` is the contact's id in that messenger. The
-- messenger-side identity behind a gate (ServiceContact) has the id `gate id + 38000`.
CREATE TABLE gates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id INTEGER NOT NULL REFERENCES channels (id),
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    identifier TEXT NOT NULL,
    subscribed INTEGER NOT NULL,
    unread_messages INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (channel_id, identifier)
);
CREATE INDEX gates_by_contact ON gates (contact_id, id);

CREATE TABLE chats (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id INTEGER NOT NULL UNIQUE REFERENCES contacts (id) ON DELETE CASCADE,
    service_contact_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Event names the project's automations listen for (case-sensitive), and the events fired.
CREATE TABLE triggers (
    project_id INTEGER NOT NULL REFERENCES projects (id),
    event_name TEXT NOT NULL,
    PRIMARY KEY (project_id, event_name)
) WITHOUT ROWID;
CREATE TABLE fired_events (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    contact_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    matched_trigger INTEGER NOT NULL,
    fired_at TEXT NOT NULL
);
CREATE INDEX fired_events_by_project ON fired_events (project_id, id);

CREATE VIEW channel_documents AS
SELECT
    ch.id,
    ch.project_id,
    json_object(
        'id', ch.id,
        'active', json(CASE WHEN ch.active THEN 'true' ELSE 'false' END),
        'occupied', json(CASE WHEN ch.occupied THEN 'true' ELSE 'false' END),
        'type', ch.type,
        'name', ch.name,
        'app', ch.app,
        'link', ch.link,
        'referrer', ch.referrer,
        'createdAt', ch.created_at,
        'updatedAt', ch.updated_at
    ) AS document
FROM channels AS ch;

CREATE VIEW gate_documents AS
SELECT
    g.id,
    g.contact_id,
    json_object(
        'id', g.id,
        'subscribed', json(CASE WHEN g.subscribed THEN 'true' ELSE 'false' END),
        'unreadMessages', g.unread_messages,
        'channel', json(cd.document),
        'contact', json_object('id', g.id + 38000, 'originalId', g.contact_id)
    ) AS document
FROM gates AS g JOIN channel_documents AS cd ON cd.id = g.channel_id;

-- A note, as the contact's `notes` and createContactNote show it; `user` is null when its author is gone.
CREATE VIEW note_documents AS
SELECT
    n.id,
    n.contact_id,
    json_object(
        'id', n.id,
        'content', n.content,
        'createdAt', n.created_at,
        'user', CASE WHEN o.id IS NULL THEN NULL ELSE json_object(
            'id', o.id, 'fullName', o.full_name, 'firstName', o.first_name, 'email', o.email, 'photo', o.photo
        ) END
    ) AS document
FROM notes AS n LEFT JOIN operators AS o ON o.id = n.operator_id;

-- Each list is aggregated straight from an index search, so json_group_array sees the rows in id
-- order (contact_tags and contact_funnels are keyed by (contact_id, id), variables_by_project and
-- notes_by_contact by (…, id)). SQLite 3.40 has no ORDER BY inside an aggregate, and a sorted
-- subquery would cost a JSON re-parse of every element (json_object's subtype does not cross a
-- subquery): a contact's JSON is rebuilt on every write other than an update, so this halves its cost.
-- tests/sandbox/test_contact_views.py checks the order.
CREATE VIEW contact_documents AS
SELECT
    c.id,
    c.project_id,
    json_object(
        'id', c.id,
        'fullName', c.full_name,
        'firstName', c.first_name,
        'lastName', c.last_name,
        'email', c.email,
        'phone', c.phone,
        'photo', c.photo,
        'tags', (
            SELECT json_group_array(json_object('id', t.id, 'name', t.name, 'color', t.color))
            FROM contact_tags AS ct JOIN tags AS t ON t.id = ct.tag_id
            WHERE ct.contact_id = c.id
        ),
        'funnels', (
            SELECT json_group_array(json_object('id', f.id, 'name', f.name, 'serviceKey', f.service_key))
            FROM contact_funnels AS cf JOIN funnels AS f ON f.id = cf.funnel_id
            WHERE cf.contact_id = c.id
        ),
        'variables', (
            SELECT json_group_array(json_object(
                'id', v.id,
                'name', v.name,
                'value', CASE WHEN cv.contact_id IS NULL THEN v.default_value ELSE cv.value END,
                'description', v.description,
                'content', json(v.choices),
                'createdAt', v.created_at,
                'updatedAt', coalesce(cv.updated_at, v.updated_at)
            ))
            FROM variables AS v
            LEFT JOIN contact_values AS cv ON cv.variable_id = v.id AND cv.contact_id = c.id
            WHERE v.project_id = c.project_id
        ),
        'notes', (SELECT json_group_array(json(nd.document)) FROM note_documents AS nd WHERE nd.contact_id = c.id)
    ) AS document
FROM contacts AS c;

CREATE VIEW chat_documents AS
SELECT
    c.id AS contact_id,
    c.project_id,
    json_object(
        'id', ch.id,
        'name', c.full_name,
        'image', c.photo,
        'contact', json_object('id', ch.service_contact_id, 'originalId', c.id),
        'gates', (
            SELECT json_group_array(json(document)) FROM (
                SELECT document FROM gate_documents WHERE contact_id = c.id ORDER BY id
            )
        ),
        'unreadMessages', (SELECT coalesce(sum(unread_messages), 0) FROM gates WHERE contact_id = c.id),
        'createdAt', ch.created_at,
        'updatedAt', ch.updated_at
    ) AS document
FROM contacts AS c JOIN chats AS ch ON ch.contact_id = c.id;

CREATE VIEW message_documents AS
SELECT
    m.id,
    m.contact_id,
    m.kind,
    json_object(
        'id', m.id,
        'content', json(m.content),
        'internal', json(CASE WHEN m.internal THEN 'true' ELSE 'false' END),
        'state', json(m.state),
        'sender', json(m.sender),
        'gate', (SELECT json(gd.document) FROM gate_documents AS gd WHERE gd.id = m.gate_id),
        'editedAt', NULL,
        'seenAt', m.seen_at,
        'createdAt', m.created_at,
        'deliveredAt', m.delivered_at
    ) AS document
FROM messages AS m;

CREATE VIEW cart_documents AS
SELECT
    ci.contact_id,
    e.id,
    json_object(
        'id', e.id,
        'name', e.name,
        'price', e.price,
        'amount', printf('%.2f', e.price),
        'currency', e.currency,
        'cash', json_object('amount', e.price, 'currency', e.currency),
        'pivot', json_object('quantity', ci.quantity),
        'product', json_object('id', p.id, 'name', p.name),
        'createdAt', e.created_at,
        'modifiedAt', e.created_at
    ) AS document
FROM cart_items AS ci
JOIN product_essences AS e ON e.id = ci.essence_id
JOIN products AS p ON p.id = e.product_id;
