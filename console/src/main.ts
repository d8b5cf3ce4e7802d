// The console's shell: sign-in, a navigation per role, and a hash router (#/market, #/clusters/<id>, …), so the
// gateway serves one static page and the key never appears in a URL.
import "./style.css";
import { ApiError, get, Me, session } from "./api";
import { el } from "./ui";
import { loginPage } from "./pages/login";
import { marketPage } from "./pages/market";
import { bidsPage } from "./pages/bids";
import { bookingsPage } from "./pages/bookings";
import { planPage } from "./pages/plan";
import { clustersPage } from "./pages/clusters";
import { clusterPage } from "./pages/cluster";
import { organizationsPage } from "./pages/organizations";
import { reconciliationsPage } from "./pages/reconciliations";
import { ledgerPage } from "./pages/ledger";
import { eventsPage } from "./pages/events";

export interface Context { me: Me; go: (hash: string) => void }
type Page = (ctx: Context, param?: string) => Promise<HTMLElement> | HTMLElement;

const pages: Record<string, { title: string; roles: Me["role"][]; page: Page }> = {
  market: { title: "Market", roles: ["tenant", "provider", "admin"], page: marketPage },
  bids: { title: "My bids", roles: ["tenant"], page: bidsPage },
  bookings: { title: "Bookings", roles: ["tenant", "provider", "admin"], page: bookingsPage },
  plan: { title: "Plan a run", roles: ["tenant"], page: planPage },
  clusters: { title: "My clusters", roles: ["provider"], page: clustersPage },
  cluster: { title: "Cluster", roles: ["provider", "admin"], page: clusterPage },
  organizations: { title: "Organizations", roles: ["admin"], page: organizationsPage },
  reconciliations: { title: "Reconciliation", roles: ["admin"], page: reconciliationsPage },
  ledger: { title: "Ledger", roles: ["tenant", "provider", "admin"], page: ledgerPage },
  events: { title: "Events", roles: ["tenant", "provider", "admin"], page: eventsPage },
};

const main = document.getElementById("main")!;
const nav = document.getElementById("nav")!;
const who = document.getElementById("who")!;
let me: Me | null = null;

function go(hash: string) { if (location.hash === hash) void render(); else location.hash = hash; }

async function render() {
  if (!session.key) { me = null; return show(loginPage(async () => { await signIn(); go("#/market"); })); }
  if (!me) {
    try { await signIn(); } catch { session.clear(); return render(); }
  }
  const [name, param] = location.hash.replace(/^#\/?/, "").split("/");
  const entry = pages[name] ?? pages.market;
  nav.replaceChildren(...Object.entries(pages)
    .filter(([key, p]) => key !== "cluster" && p.roles.includes(me!.role))
    .map(([key, p]) => el("a", { href: `#/${key}`, "aria-current": key === (pages[name] ? name : "market") ? "page" : undefined }, p.title)));
  if (!entry.roles.includes(me!.role)) return show(el("p", {}, "This page is not for your role."));
  document.title = `${entry.title} · GPU Marketplace`;
  try { show(await entry.page({ me: me!, go }, param)); }
  catch (error) { show(el("p", { class: "form-error", role: "alert" }, error instanceof ApiError ? `${error.title}: ${error.detail ?? ""}` : String(error))); }
}

async function signIn() {
  me = await get<Me>("/v1/me");
  const signOut = el("button", { type: "button", class: "link" }, "Sign out");
  signOut.addEventListener("click", () => { session.clear(); me = null; who.replaceChildren(); nav.replaceChildren(); go("#/"); });
  who.replaceChildren(el("span", { class: "muted" }, `${me.name} (${me.role})`), signOut);
}

function show(page: HTMLElement) { main.replaceChildren(page); }

window.addEventListener("hashchange", () => void render());
void render();
