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
  window.yasgui = yasgui;
}

start();
