// GraphiQL for the stargate-kg API, bundled by esbuild into graph/static/graphiql/ so the server
// serves the whole IDE itself: no CDN, no request leaves the server's origin.
import React from "react";
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import "graphiql/graphiql.css";

const DEFAULT_QUERY = `# Who chairs the Stargate venture, according to which documents?
query Chair {
  responsibilities(target: "stargate", relation: [chairs]) {
    nodes {
      party { id label }
      roles
      claims { quote document { id outlet published } }
    }
  }
}
`;

const root = document.getElementById("graphiql");
const endpoint = new URL(root.dataset.endpoint, window.location.href).toString();

// A plain fetcher: GraphQL over HTTP, POST JSON, asking for the spec's response media type.
async function fetcher(params) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/graphql-response+json, application/json;q=0.9",
    },
    body: JSON.stringify(params),
  });
  return response.json();
}

// A link may carry a query to open with, as GET /graphql takes one: /graphiql?query=...&variables=...
// (the landing page's example questions). GraphiQL opens it in a tab of its own, the others kept.
const params = new URLSearchParams(window.location.search);
const fromLink = {
  query: params.get("query") ?? undefined,
  variables: params.get("variables") ?? undefined,
};

createRoot(root).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: DEFAULT_QUERY,
    defaultEditorToolsVisibility: true,
    ...fromLink,
  }),
);
