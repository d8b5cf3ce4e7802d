// One cluster: its calendar as a Gantt chart (nodes × time: bookings and outages), reporting and ending outages.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import { get, newIdempotencyKey, post, query } from "../api";
import { Context } from "../main";
import { el, field, form, heading, localHour, pagedTable, time, utc } from "../ui";
import { Cluster } from "./clusters";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

interface Calendar { nodes: { index: number; holds: { startsAt: string; endsAt: string; bookingId: string }[]; outages: { startsAt: string; endsAt: string | null; outageId: string }[] }[] }
interface Outage { id: string; nodeIndexes: number[]; from: string; until: string | null; reason: string; endedAt: string | null; effects: { bookingId: string; action: string; gpuHours: number }[] }

export async function clusterPage(ctx: Context, id?: string): Promise<HTMLElement> {
  const cluster = await get<Cluster>(`/v1/clusters/${id}`);
  const from = new Date(); from.setUTCMinutes(0, 0, 0);
  const to = new Date(from.getTime() + 14 * 24 * 3600 * 1000);
  const calendar = await get<Calendar>(`/v1/clusters/${id}/calendar${query({ from: from.toISOString(), to: to.toISOString() })}`);
  const canvas = el("canvas", { role: "img", "aria-label": `Calendar of ${cluster.name}: bookings and outages per node over 14 days` });
  const summary = el("p", { class: "muted" }, `${calendar.nodes.reduce((n, node) => n + node.holds.length, 0)} booking slot(s), `
    + `${calendar.nodes.reduce((n, node) => n + (node.outages?.length ?? 0), 0)} outage slot(s) in the next 14 days.`);
  const labels = calendar.nodes.map(n => `node ${n.index}`);
  const bar = (start: string, end: string | null) => [Math.max(Date.parse(start), from.getTime()), Math.min(end ? Date.parse(end) : to.getTime(), to.getTime())];
  new Chart(canvas, {
    type: "bar",
    data: {
      labels,
      datasets: [
        { label: "booked", backgroundColor: "#2563eb", data: calendar.nodes.flatMap(n => n.holds.map(h => ({ x: bar(h.startsAt, h.endsAt), y: `node ${n.index}` }))) as never },
        { label: "outage", backgroundColor: "#dc2626", data: calendar.nodes.flatMap(n => (n.outages ?? []).map(o => ({ x: bar(o.startsAt, o.endsAt), y: `node ${n.index}` }))) as never },
      ],
    },
    options: {
      indexAxis: "y", responsive: true, animation: false,
      scales: {
        x: { type: "linear", min: from.getTime(), max: to.getTime(), ticks: { callback: v => new Date(Number(v)).toLocaleDateString() } },
        y: { stacked: true },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: c => {
              const [a, b] = (c.raw as { x: number[] }).x;
              return `${c.dataset.label}: ${new Date(a).toLocaleString()} → ${new Date(b).toLocaleString()}`;
            },
          },
        },
      },
    },
  });

  const report = form("Report an outage", [
    field("Nodes (comma-separated indexes, empty: all)", "nodeIndexes"),
    field("From", "from", { type: "datetime-local", step: 3600, value: localHour(-1) }),
    field("Until (optional)", "until", { type: "datetime-local", step: 3600 }),
    field("Reason", "reason", { required: true }),
  ], "Report outage", async f => {
    const nodes = (f.elements.namedItem("nodeIndexes") as HTMLInputElement).value.split(",").map(s => s.trim()).filter(Boolean).map(Number);
    await post(`/v1/clusters/${id}/outages`, {
      nodeIndexes: nodes.length ? nodes : null, from: utc(f, "from"), until: utc(f, "until") ?? null,
      reason: (f.elements.namedItem("reason") as HTMLInputElement).value,
    }, newIdempotencyKey());
    ctx.go(location.hash);
  });
  const outages = pagedTable<Outage>("Outages", [
    { title: "Nodes", cell: o => o.nodeIndexes.join(", ") },
    { title: "Period", cell: o => `${time(o.from)} → ${o.until ? time(o.until) : "open"}` },
    { title: "Reason", cell: o => o.reason },
    { title: "Effects", cell: o => o.effects.length === 0 ? "–" : o.effects.map(e => `${e.action} ${e.gpuHours} GPU-h`).join("; ") },
    { title: "", cell: o => o.endedAt ? "" : endOutage(ctx, o) },
  ], cursor => get(`/v1/clusters/${id}/outages${query({ limit: 20, cursor })}`));

  return el("section", {}, heading(cluster.name),
    el("p", {}, `${cluster.nodeCount} × ${cluster.gpusPerNode} ${cluster.gpuModel} in ${cluster.region}, ${cluster.status}`),
    el("figure", { class: "gantt" }, el("figcaption", {}, "Next 14 days: bookings and outages per node"), canvas), summary,
    heading("Outages", 2), outages, el("details", {}, el("summary", {}, "Report an outage"), report));
}

function endOutage(ctx: Context, o: Outage): HTMLElement {
  const button = el("button", { type: "button", class: "link" }, "End now");
  button.addEventListener("click", async () => {
    const at = new Date(); at.setUTCMinutes(0, 0, 0); at.setUTCHours(at.getUTCHours() + 1);
    const end = new Date(Math.max(at.getTime(), Date.parse(o.from)));
    await post(`/v1/outages/${o.id}/end`, { at: end.toISOString().replace(".000Z", "Z") });
    ctx.go(location.hash);
  });
  return button;
}
