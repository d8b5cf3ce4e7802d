import { get, query } from "../api";
import { Context } from "../main";
import { el, heading, money, pagedTable, time } from "../ui";

interface Entry { id: string; at: string; account: string; bookingId: string | null; kind: string; amount: number }

/** Ledger entries (tenant and provider: their own; admin: all) and, for an organization, its balance. */
export function ledgerPage(ctx: Context): HTMLElement {
  const balance = el("p", { role: "status" });
  if (ctx.me.role !== "admin")
    void get<{ balance: number }>(`/v1/organizations/${ctx.me.id}/balance`).then(b => { balance.textContent = `Balance: ${money(b.balance)}`; });
  const table = pagedTable<Entry>("Ledger entries, newest first", [
    { title: "At", cell: e => time(e.at) },
    { title: "Account", cell: e => e.account },
    { title: "Kind", cell: e => e.kind },
    { title: "Amount", cell: e => el("span", { class: e.amount < 0 ? "neg" : "pos" }, money(e.amount)) },
    { title: "Booking", cell: e => e.bookingId ?? "–" },
  ], cursor => get(`/v1/ledger${query({ limit: 50, cursor })}`));
  return el("section", {}, heading("Ledger"), balance, table);
}
