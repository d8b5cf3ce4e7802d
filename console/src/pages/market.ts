// Tenant's market page: price history (line + volume) and depth for a model and region, and a bid form whose live
// quote (POST /v1/quotes) follows the typing; placing sends the same body to POST /v1/bids with an Idempotency-Key.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";
import { get, newIdempotencyKey, post, query } from "../api";
import { gpuModels } from "../catalog";
import { Context } from "../main";
import { el, field, form, heading, localHour, money, num, select, showProblem, clearProblem, time, toLocalInput, utc, value } from "../ui";

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

interface PricePoint { at: string; open: number; high: number; low: number; close: number; vwap: number; gpuHours: number; bookings: number }
interface Prices { points: PricePoint[] }
interface Depth { supply: { pricePerGpuHour: number; clusters: number; freeGpuHours7d: number }[]; demand: { pricePerGpuHour: number; openBids: number; gpuCount: number }[] }
interface Alternative { change: string; bid: Record<string, unknown>; pricePerGpuHour: number; startsAt: string; totalPrice: number }
interface Quote { fillable: boolean; pricePerGpuHour: number | null; startsAt: string | null; endsAt: string | null; totalPrice: number | null; region: string | null; reason: string; alternatives: Alternative[] }

export async function marketPage(ctx: Context): Promise<HTMLElement> {
  const charts = el("section", { "aria-label": "Market data" });
  const filters = el("form", { class: "inline", "aria-label": "Market filters" },
    select("GPU model", "gpuModel", gpuModels, "H100-SXM-80GB", "market-"), field("Region (optional)", "region", { placeholder: "any" }, "market-"),
    select("Interval", "interval", ["day", "hour"], "hour", "market-"), el("button", { type: "submit" }, "Show"));
  const priceCanvas = el("canvas", { role: "img", "aria-label": "Clearing price and GPU-hours booked over time" });
  const depthCanvas = el("canvas", { role: "img", "aria-label": "Free GPU-hours by ask and open demand by limit" });
  const summary = el("p", { class: "muted", role: "status" });
  charts.append(heading("Prices and depth", 2), filters, summary, el("div", { class: "charts" },
    el("figure", {}, el("figcaption", {}, "Clearing price (vwap) and volume"), priceCanvas),
    el("figure", {}, el("figcaption", {}, "Depth: supply by ask, demand by limit"), depthCanvas)));
  let priceChart: Chart | undefined, depthChart: Chart | undefined;

  const load = async () => {
    const q = { gpuModel: value(filters, "gpuModel"), region: value(filters, "region") };
    const [prices, depth] = await Promise.all([
      get<Prices>(`/v1/market/prices${query({ ...q, interval: value(filters, "interval") })}`),
      get<Depth>(`/v1/market/depth${query(q)}`),
    ]);
    summary.textContent = `${prices.points.length} price point(s); ${depth.supply.length} ask level(s), ${depth.demand.length} demand level(s).`;
    priceChart?.destroy();
    priceChart = new Chart(priceCanvas, {
      data: {
        labels: prices.points.map(p => time(p.at)),
        datasets: [
          { type: "line", label: "vwap $/GPU-h", data: prices.points.map(p => p.vwap), yAxisID: "price", borderColor: "#1d4ed8" },
          { type: "bar", label: "GPU-hours", data: prices.points.map(p => p.gpuHours), yAxisID: "volume", backgroundColor: "#94a3b8" },
        ],
      },
      options: { responsive: true, animation: false, scales: { price: { position: "left" }, volume: { position: "right", grid: { drawOnChartArea: false } } } },
    });
    depthChart?.destroy();
    depthChart = new Chart(depthCanvas, {
      type: "bar",
      data: {
        labels: [...new Set([...depth.supply.map(s => s.pricePerGpuHour), ...depth.demand.map(d => d.pricePerGpuHour)])].sort((a, b) => a - b).map(String),
        datasets: [
          { label: "free GPU-hours (7 days) at ask", data: [], backgroundColor: "#16a34a" },
          { label: "GPUs wanted at limit", data: [], backgroundColor: "#dc2626" },
        ],
      },
      options: { responsive: true, animation: false },
    });
    const labels = depthChart.data.labels as string[];
    depthChart.data.datasets[0].data = labels.map(l => depth.supply.find(s => String(s.pricePerGpuHour) === l)?.freeGpuHours7d ?? 0);
    depthChart.data.datasets[1].data = labels.map(l => depth.demand.find(d => String(d.pricePerGpuHour) === l)?.gpuCount ?? 0);
    depthChart.update();
  };
  filters.addEventListener("submit", e => { e.preventDefault(); void load().catch(error => { summary.textContent = String(error); }); });
  void load().catch(error => { summary.textContent = String(error); });

  if (ctx.me.role !== "tenant") return el("section", {}, heading("Market"), charts);
  return el("section", {}, heading("Market"), charts, bidForm(ctx));
}

function bidBody(f: HTMLFormElement): Record<string, unknown> {
  const regions = value(f, "regions").split(",").map(r => r.trim()).filter(Boolean);
  return {
    gpuModel: value(f, "gpuModel"), gpuCount: num(f, "gpuCount"), durationHours: num(f, "durationHours"),
    earliestStart: utc(f, "earliestStart"), latestStart: utc(f, "latestStart"), regions,
    maxPricePerGpuHour: num(f, "maxPricePerGpuHour"),
  };
}

function bidForm(ctx: Context): HTMLElement {
  const quoteBox = el("div", { class: "quote", role: "status", "aria-live": "polite" });
  let idempotencyKey = newIdempotencyKey();
  const f = form("Place a bid", [
    select("GPU model", "gpuModel", gpuModels, "H100-SXM-80GB", "bid-"),
    field("GPUs", "gpuCount", { type: "number", min: 1, value: 16 }, "bid-"),
    field("Hours", "durationHours", { type: "number", min: 1, value: 24 }, "bid-"),
    field("Earliest start", "earliestStart", { type: "datetime-local", step: 3600, value: localHour(0) }, "bid-"),
    field("Latest start", "latestStart", { type: "datetime-local", step: 3600, value: localHour(72) }, "bid-"),
    field("Regions (comma-separated, empty: any)", "regions", {}, "bid-"),
    field("Max $ per GPU-hour", "maxPricePerGpuHour", { type: "number", step: "0.01", min: 0, value: 2.5 }, "bid-"),
    quoteBox,
  ], "Place bid", async f => {
    const bid = await post<{ id: string }>("/v1/bids", bidBody(f), idempotencyKey);
    idempotencyKey = newIdempotencyKey();
    ctx.go(`#/bids/${bid.id}`);
  });
  let timer: number | undefined;
  const requote = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(async () => {
      try {
        clearProblem(f);
        renderQuote(quoteBox, await post<Quote>("/v1/quotes", bidBody(f)), f, requote);
      } catch (error) { quoteBox.replaceChildren(); showProblem(f, error); }
    }, 300);
  };
  f.addEventListener("input", () => { idempotencyKey = newIdempotencyKey(); requote(); });
  requote();
  return el("section", {}, heading("Bid", 2), f);
}

function renderQuote(box: HTMLElement, q: Quote, f: HTMLFormElement, requote: () => void) {
  const lines: Node[] = [el("p", { class: q.fillable ? "ok" : "warn" }, q.fillable
    ? `Quote: ${money(q.pricePerGpuHour)}/GPU-hour from ${time(q.startsAt)} to ${time(q.endsAt)} in ${q.region}, total ${money(q.totalPrice)}.`
    : `Would not fill now: ${q.reason}`)];
  if (q.fillable) lines.push(el("p", { class: "muted" }, q.reason));
  if (q.alternatives.length > 0) {
    const list = el("ul", { "aria-label": "Alternatives" });
    for (const a of q.alternatives) {
      const use = el("button", { type: "button", class: "link" }, `${a.change}: ${money(a.pricePerGpuHour)}/GPU-hour from ${time(a.startsAt)}, total ${money(a.totalPrice)}`);
      use.addEventListener("click", () => { applyBid(f, a.bid); requote(); });
      list.append(el("li", {}, use));
    }
    lines.push(el("p", {}, "Alternatives, one change away:"), list);
  }
  box.replaceChildren(...lines);
}

/** Fills the form with a bid body (an alternative's or a plan option's). */
export function applyBid(f: HTMLFormElement, bid: Record<string, unknown>) {
  const set = (name: string, v: unknown) => { const i = f.elements.namedItem(name) as HTMLInputElement | null; if (i && v !== undefined && v !== null) i.value = String(v); };
  const local = (iso: unknown) => toLocalInput(new Date(String(iso)));
  set("gpuModel", bid.gpuModel); set("gpuCount", bid.gpuCount); set("durationHours", bid.durationHours);
  set("earliestStart", local(bid.earliestStart)); set("latestStart", local(bid.latestStart));
  set("regions", Array.isArray(bid.regions) ? bid.regions.join(",") : ""); set("maxPricePerGpuHour", bid.maxPricePerGpuHour);
}
