import { get, newIdempotencyKey, post, query } from "../api";
import { Context } from "../main";
import { el, field, form, heading, localHour, money, num, pagedTable, select, time, utc, value } from "../ui";

interface Discrepancy { id: string; kind: string; bookingId: string; details: string; suggestedCredit: number | null; status: string }
interface Run { id: string; from: string; to: string; status: string; discrepancies: Discrepancy[] }
interface Summary { id: string; from: string; to: string; status: string; discrepancies: number; createdAt: string }

/** Admin: start a reconciliation, watch it complete, resolve each discrepancy. */
export async function reconciliationsPage(ctx: Context, id?: string): Promise<HTMLElement> {
  const start = form("Start a reconciliation", [
    field("From", "from", { type: "datetime-local", step: 3600, value: localHour(-24 * 7) }),
    field("To", "to", { type: "datetime-local", step: 3600, value: localHour(24 * 30) }),
  ], "Start", async f => {
    const run = await post<Run>("/v1/reconciliations", { from: utc(f, "from"), to: utc(f, "to") }, newIdempotencyKey());
    ctx.go(`#/reconciliations/${run.id}`);
  });
  const run = id ? await runView(ctx, id) : null; // first, so the list below shows the run as it ended
  const runs = pagedTable<Summary>("Runs", [
    { title: "Period", cell: r => el("a", { href: `#/reconciliations/${r.id}` }, `${time(r.from)} → ${time(r.to)}`) },
    { title: "Status", cell: r => r.status },
    { title: "Discrepancies", cell: r => String(r.discrepancies) },
  ], cursor => get(`/v1/reconciliations${query({ limit: 10, cursor })}`));
  return el("section", {}, heading("Reconciliation"), start, run, runs);
}

async function runView(ctx: Context, id: string): Promise<HTMLElement> {
  const section = el("section", { "aria-label": "Reconciliation run" });
  const render = (run: Run) => section.replaceChildren(heading(`Run ${time(run.from)} → ${time(run.to)}`, 2),
    el("p", { role: "status", "data-run-status": run.status }, `Status: ${run.status}`),
    run.discrepancies.length === 0 ? el("p", {}, "No discrepancies.") : el("ul", { class: "discrepancies" }, ...run.discrepancies.map(d => discrepancy(ctx, d))));
  let run = await get<Run>(`/v1/reconciliations/${id}`);
  render(run);
  // A run works in the background: poll until it is done (bounded), then show what it found.
  for (let i = 0; run.status === "running" && i < 120; i++) {
    await new Promise(r => setTimeout(r, 500));
    run = await get<Run>(`/v1/reconciliations/${id}`);
    render(run);
  }
  return section;
}

function discrepancy(ctx: Context, d: Discrepancy): HTMLElement {
  const item = el("li", { "data-discrepancy": d.id }, el("strong", {}, d.kind), ` on booking ${d.bookingId}: ${d.details} `,
    d.suggestedCredit !== null ? el("span", {}, `Suggested credit ${money(d.suggestedCredit)}. `) : null,
    el("span", { class: `status ${d.status}` }, d.status));
  if (d.status !== "open") return item;
  const resolve = form(`Resolve discrepancy ${d.id}`, [
    select("Action", "action", ["issue-credit", "accept", "release-hold", "cancel-booking"], d.kind === "under-delivery" ? "issue-credit" : "accept", d.id),
    field("Amount (optional)", "amount", { type: "number", step: "0.01" }, d.id),
    field("Note", "note", {}, d.id),
  ], "Resolve", async f => {
    await post(`/v1/discrepancies/${d.id}/resolve`, { action: value(f, "action"), amount: num(f, "amount"), note: value(f, "note") || undefined });
    ctx.go(location.hash);
  });
  item.append(resolve);
  return item;
}
