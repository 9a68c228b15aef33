// The rows of the analytics: the reference tables behind them (exercises, defence
// expenditure, alliances) and the analyses of the registry.
#include "engine/render_analytics.hpp"
#include "server/compression.hpp"
#include "server/route_render.hpp"
#include "server/route_table.hpp"

namespace entente::routes {

namespace {

// The panel's rows as the connection drains, about 64 KiB at a time.
class PanelReplyStream final : public ReplyStream {
 public:
  explicit PanelReplyStream(PanelCursor cursor) : cursor_(std::move(cursor)) {}
  bool next(std::string& chunk) override { return cursor_.next(chunk); }

 private:
  PanelCursor cursor_;
};

// The directed dyad-year panel as CSV, streamed (gzip when the client takes it), never
// held whole: the rows are written as the client reads them.
HttpReply panel_reply(const RouteContext& c) {
  Result<DyadYearPanel> panel =
      c.engine.analytics().panel(c.query.get("from"), c.query.get("to"), c.query.get("nations"));
  if (!panel) return problem_reply(panel.status(), c.path);
  const bool gzip =
      negotiate_coding(c.request.accept_encoding, {.gzip = true, .brotli = false}) == ContentCoding::kGzip;
  HttpReply reply{200, "text/csv; charset=utf-8", std::string()};
  if (gzip) reply.headers.emplace_back("Content-Encoding", "gzip");
  add_vary(reply, "Accept-Encoding");
  reply.headers.emplace_back("Content-Disposition", "attachment; filename=\"panel-" + std::to_string(panel->from()) +
                                                        "-" + std::to_string(panel->to()) + ".csv\"");
  reply.headers.emplace_back("X-Panel-Rows", std::to_string(panel->row_count()));
  reply.stream =
      std::make_shared<PanelReplyStream>(panel->cursor(gzip ? PanelEncoding::kGzip : PanelEncoding::kIdentity));
  return reply;
}

// An answer that depends on who asks (the records of partnership management they may read)
// and on records the snapshot's version does not follow: never revalidated by the snapshot's
// tag, never stored by a shared cache.
HttpReply private_reply(HttpReply reply) {
  std::erase_if(reply.headers, [](const auto& header) { return header.first == "ETag"; });
  reply.headers.emplace_back("Cache-Control", "private, no-store");
  add_vary(reply, "Cookie");
  add_vary(reply, "Authorization");
  return reply;
}

NetworkRequest network_request(const RouteContext& c) {
  return {c.query.get("as_of"), c.query.get("weights"), c.query.get("window"), c.query.get("nations")};
}

}  // namespace

std::vector<Route> analytics_routes() {
  constexpr Capability kRead = Capability::kReadReference;
  return {
      {"GET", "/api/v1/exercises", "nation,from,to,format", kRead, true,
       [](const RouteContext& c) {
         return render_plain(
             c.engine.analytics().exercises(c.query.get("nation"), c.query.get("from"), c.query.get("to")), c);
       }},
      {"GET", "/api/v1/defence-expenditure", "nation,from,to,format", kRead, true,
       [](const RouteContext& c) {
         return render(
             c.engine.analytics().defence_expenditure(c.query.get("nation"), c.query.get("from"), c.query.get("to")),
             c);
       }},
      {"GET", "/api/v1/alliances", "format", kRead, true,
       [](const RouteContext& c) {
         return render_plain(Result<Versioned<AlliancesAnswer>>(c.engine.analytics().alliances()), c);
       }},
      {"GET", "/api/v1/analytics/network", "as_of,weights,window,nations,format", kRead, true,
       [](const RouteContext& c) {
         return render_analysis(c.engine.analytics().network(network_request(c)), c, nodes_to_csv);
       }},
      {"GET", "/api/v1/analytics/network/edges", "as_of,weights,window,nations,format", kRead, true,
       [](const RouteContext& c) {
         return render_analysis(c.engine.analytics().network(network_request(c)), c, edges_to_csv);
       }},
      {"GET", "/api/v1/analytics/network/graphml", "as_of,weights,window,nations", kRead, true,
       [](const RouteContext& c) {
         const Result<Versioned<Network>> network = c.engine.analytics().network(network_request(c));
         if (!network) return problem_reply(network.status(), c.path);
         HttpReply reply(200, "application/graphml+xml; charset=utf-8", to_graphml(*network));
         reply.headers.emplace_back("Content-Disposition",
                                    "attachment; filename=\"network-" + network->as_of.to_string() + ".graphml\"");
         reply.headers.emplace_back("ETag", network->snapshot->etag());
         return reply;
       },
       "application/graphml+xml"},
      {"GET", "/api/v1/analytics/network/series", "from,to,weights,window,nations", kRead, true,
       [](const RouteContext& c) {
         return render_plain(
             c.engine.analytics().network_series(network_request(c), c.query.get("from"), c.query.get("to")), c);
       }},
      {"GET", "/api/v1/analytics/network/change", "from,to,weights,window,nations", kRead, true,
       [](const RouteContext& c) {
         return render_plain(
             c.engine.analytics().network_change(network_request(c), c.query.get("from"), c.query.get("to")), c);
       }},
      {"GET", "/api/v1/analytics/burden-sharing", "from,to,nations,format", kRead, true,
       [](const RouteContext& c) {
         return render_analysis(
             c.engine.analytics().burden(c.query.get("from"), c.query.get("to"), c.query.get("nations")), c,
             [](const BurdenAnalysis& analysis) { return to_csv(analysis); });
       }},
      // The records of partnership management the caller may read count too: not cached.
      {"GET", "/api/v1/analytics/interoperability", "from,to,nations,weights,format", kRead, false,
       [](const RouteContext& c) {
         return private_reply(
             render_analysis(c.engine.analytics().interoperability(c.principal, c.query.get("from"), c.query.get("to"),
                                                                   c.query.get("nations"), c.query.get("weights")),
                             c, [](const InteroperabilityIndex& index) { return to_csv(index); }));
       }},
      {"GET", "/api/v1/analytics/cohesion", "from,to,format", kRead, false,
       [](const RouteContext& c) {
         return private_reply(
             render_analysis(c.engine.analytics().cohesion(c.principal, c.query.get("from"), c.query.get("to")), c,
                             [](const CohesionAnalysis& analysis) { return to_csv(analysis); }));
       }},
      {"POST", "/api/v1/analytics/cohesion", "from,to,format", kRead, false,
       [](const RouteContext& c) {
         return private_reply(
             render_analysis(c.engine.analytics().cohesion(c.principal, c.query.get("from"), c.query.get("to"),
                                                           c.body.empty() ? std::string_view("{}") : c.body),
                             c, [](const CohesionAnalysis& analysis) { return to_csv(analysis); }));
       }},
      {"GET", "/api/v1/analytics/alliances", "ids,as_of,format", kRead, true,
       [](const RouteContext& c) {
         return render_analysis(c.engine.analytics().compare_alliances(c.query.get("ids"), c.query.get("as_of")), c,
                                [](const AllianceComparison& comparison) { return to_csv(comparison); });
       }},
      // Streamed, and read once: never cached.
      {"GET", "/api/v1/analytics/panel", "from,to,nations", kRead, false, panel_reply, "text/csv"},
      {"GET", "/api/v1/analytics/panel/about", "from,to,nations", kRead, true,
       [](const RouteContext& c) {
         const Result<DyadYearPanel> panel =
             c.engine.analytics().panel(c.query.get("from"), c.query.get("to"), c.query.get("nations"));
         if (!panel) return problem_reply(panel.status(), c.path);
         HttpReply reply = json_reply(to_json(*panel));
         reply.headers.emplace_back("ETag", c.engine.snapshot()->etag());
         return reply;
       }},
      {"GET", "/api/v1/analytics/overlaps", "ids,as_of,format", kRead, true,
       [](const RouteContext& c) {
         return render_analysis(c.engine.analytics().overlaps(c.query.get("ids"), c.query.get("as_of")), c,
                                [](const MembershipOverlaps& overlaps) { return to_csv(overlaps); });
       }},
  };
}

}  // namespace entente::routes
