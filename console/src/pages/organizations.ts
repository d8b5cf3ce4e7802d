import { del, get, newIdempotencyKey, post, query } from "../api";
import { Context } from "../main";
import { el, field, form, heading, money, pagedTable, select, time, value } from "../ui";

interface Organization { id: string; name: string; role: string; createdAt: string }
interface Key { id: string; prefix: string; createdAt: string; revokedAt: string | null }

/** Admin: organizations and their API keys (a new key is shown once; revoking answers 401 from then on). */
export function organizationsPage(ctx: Context, selected?: string): HTMLElement {
  const shown = el("div", { role: "status", "aria-live": "polite" });
  const create = form("Create an organization", [
    field("Name", "name", { required: true }), select("Role", "role", ["tenant", "provider", "admin"], "tenant"),
  ], "Create", async f => {
    const created = await post<{ id: string; apiKey: string }>("/v1/organizations", { name: value(f, "name"), role: value(f, "role") }, newIdempotencyKey());
    shown.replaceChildren(el("p", { class: "ok" }, "API key (shown once): ", el("code", { "data-secret": "apiKey" }, created.apiKey)));
  });
  const table = pagedTable<Organization>("Organizations", [
    { title: "Name", cell: o => el("a", { href: `#/organizations/${o.id}` }, o.name) },
    { title: "Role", cell: o => o.role },
    { title: "Created", cell: o => time(o.createdAt) },
  ], cursor => get(`/v1/organizations${query({ limit: 50, cursor })}`));
  return el("section", {}, heading("Organizations"), create, shown, table, selected ? keys(ctx, selected) : null);
}

function keys(ctx: Context, organizationId: string): HTMLElement {
  const shown = el("div", { role: "status" });
  const add = el("button", { type: "button" }, "New API key");
  add.addEventListener("click", async () => {
    const key = await post<{ apiKey: string }>(`/v1/organizations/${organizationId}/api-keys`, {}, newIdempotencyKey());
    shown.replaceChildren(el("p", { class: "ok" }, "New key (shown once): ", el("code", {}, key.apiKey)));
  });
  const balance = el("p", { role: "status" });
  void get<{ balance: number }>(`/v1/organizations/${organizationId}/balance`)
    .then(b => { balance.textContent = `Balance: ${money(b.balance)}`; })
    .catch(() => { balance.textContent = "Balance: –"; });
  const list = el("div");
  void get<{ items: Key[] }>(`/v1/organizations/${organizationId}/api-keys`).then(k => list.replaceChildren(el("table", {},
    el("caption", {}, "API keys"), el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Prefix"), el("th", { scope: "col" }, "Created"),
      el("th", { scope: "col" }, "Revoked"), el("th", { scope: "col" }, "Action"))),
    el("tbody", {}, ...k.items.map(key => {
      const revoke = el("button", { type: "button", class: "link" }, "Revoke");
      revoke.addEventListener("click", async () => { await del(`/v1/organizations/${organizationId}/api-keys/${key.id}`); ctx.go(location.hash); });
      return el("tr", {}, el("td", {}, key.prefix), el("td", {}, time(key.createdAt)), el("td", {}, time(key.revokedAt)),
        el("td", {}, key.revokedAt ? "" : revoke));
    })))));
  return el("section", {}, heading("Balance and keys", 2), balance, add, shown, list);
}
