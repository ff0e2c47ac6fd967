// The /sparql query page: YASGUI against this server's endpoint, one tab per example query.
// Everything it needs is in this bundle; nothing is fetched from other servers (the
// autocompleters that call prefix.cc and LOV are switched off).
import Yasgui from "@zazuko/yasgui";
import "@zazuko/yasgui/build/yasgui.min.css";

function start() {
  const examples = JSON.parse(document.getElementById("examples").textContent);
  const endpoint = new URL("sparql", document.baseURI).href;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint }] },
    persistenceId: null,
    populateFromUrl: false,
    autoAddOnInit: false,
    yasqe: { autocompleters: ["variables"], prefixCcApi: null },
  });
  const firstTabs = Object.keys(yasgui._tabs);
  examples.forEach((example, index) => {
    yasgui.addTab(index === 0, {
      ...Yasgui.Tab.getDefaults(yasgui),
      name: example.name,
      yasqe: { value: example.query },
    });
  });
  firstTabs.forEach((id) => yasgui.getTab(id)?.close());
  openLinkedQuery(yasgui);
  window.yasgui = yasgui;
}

// A link may carry a query in its fragment, /sparql#query=... (the landing page's example
// questions; a fragment, since GET /sparql?query= runs the query instead). It opens in a tab of
// its own, named by its first comment line, and runs against this server's endpoint only.
function openLinkedQuery(yasgui) {
  const query = new URLSearchParams(window.location.hash.slice(1)).get("query");
  if (!query) {
    return;
  }
  const title = query.match(/^#\s*(.+)$/m);
  const tab = yasgui.addTab(true, {
    ...Yasgui.Tab.getDefaults(yasgui),
    name: title ? title[1] : "Linked query",
    yasqe: { value: query },
  });
  tab.query().catch(() => {}); // an error is shown in the tab's results
}

start();
