import { del, get, query } from "../api";
import { Context } from "../main";
import { el, heading, money, pagedTable, time } from "../ui";

interface Bid {
  id: string; gpuModel: string; gpuCount: number; durationHours: number; status: string; bookingId: string | null;
  pricePerGpuHour: number | null; maxPricePerGpuHour: number; createdAt: string; lastDecision: { at: string; reason: string } | null;
}

/** The tenant's bids, newest first, with the market's latest word on each; open ones can be cancelled. */
export function bidsPage(ctx: Context, highlight?: string): HTMLElement {
  const table = pagedTable<Bid>("My bids", [
    { title: "Placed", cell: b => time(b.createdAt) },
    { title: "Ask", cell: b => `${b.gpuCount} × ${b.gpuModel}, ${b.durationHours} h, ≤ ${money(b.maxPricePerGpuHour)}` },
    { title: "Status", cell: b => el("span", { class: `status ${b.status}`, "data-bid": b.id }, b.status) },
    { title: "Price", cell: b => money(b.pricePerGpuHour) },
    { title: "Last decision", cell: b => b.lastDecision ? `${b.lastDecision.reason} (${time(b.lastDecision.at)})` : "–" },
    { title: "", cell: b => actions(ctx, b) },
  ], cursor => get(`/v1/bids${query({ limit: 20, cursor })}`));
  const refresh = el("button", { type: "button" }, "Refresh");
  refresh.addEventListener("click", () => ctx.go(location.hash));
  return el("section", {}, heading("My bids"), highlight ? el("p", { role: "status" }, `Bid ${highlight} placed.`) : null, refresh, table);
}

function actions(ctx: Context, b: Bid): Node {
  if (b.bookingId) return el("a", { href: `#/bookings/${b.bookingId}` }, "Booking");
  if (b.status !== "open") return document.createTextNode("");
  const cancel = el("button", { type: "button", class: "link" }, "Cancel");
  cancel.addEventListener("click", async () => { await del(`/v1/bids/${b.id}`).catch(() => undefined); ctx.go("#/bids"); });
  return cancel;
}
