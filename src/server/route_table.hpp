#pragma once

// The API's route table as the router's files share it. Private to src/server/.

#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.hpp"
#include "engine/principal.hpp"
#include "engine/render_csv.hpp"
#include "server/router.hpp"

namespace entente::routes {

// The decoded query parameters of one request.
class Query {
 public:
  Query() = default;
  explicit Query(std::map<std::string, std::string> values) : values_(std::move(values)) {}
  std::string get(const std::string& name) const {
    const auto it = values_.find(name);
    return it == values_.end() ? std::string() : it->second;
  }

 private:
  std::map<std::string, std::string> values_;
};

// What a route's handler is given: the engine, the path's parameters in order, the
// decoded query (already checked against the route's parameters), the request and the
// principal it was authenticated as.
struct RouteContext {
  const Engine& engine;
  const std::vector<std::string>& params;
  const Query& query;
  std::string_view body;
  const std::string& path;
  const ApiRequest& request;
  const Principal& principal;
  const SessionCookie& cookie;
  bool csv = false;  // the reply wanted is CSV (?format=csv, or Accept: text/csv on a route taking format)
};

// One row of the route table: a method, a path template ("{name}" matches one segment),
// the query parameters the route takes (comma-separated; "format" where the answer is a
// list that also comes as CSV: ?format=csv or Accept: text/csv), what the caller needs (none:
// open to anyone), whether its replies may be cached (reads of the reference data: they
// depend only on the snapshot, the target and today), and the handler, which calls one
// engine service and renders its answer.
struct Route {
  std::string_view method;
  std::string_view path;
  std::string_view query;
  std::optional<Capability> capability;
  bool cacheable;
  HttpReply (*handler)(const RouteContext&);
  // What the route answers when it is not JSON (the panel's CSV, the network's GraphML):
  // then any Accept header is taken, the reply being the one representation there is.
  std::string_view answers = "application/json";
};

// The rows for accounts, sessions, tokens, registry edits and the audit log.
std::vector<Route> account_and_edit_routes();
// The rows of partnership management (manage_routes.cpp).
std::vector<Route> manage_routes();
// The rows of the analytics (analytics_routes.cpp).
std::vector<Route> analytics_routes();

HttpReply json_reply(const boost::json::value& value, unsigned status = 200);
// A CSV document as a download named after the route ("organisations-NATO-members.csv").
HttpReply csv_download(const CsvDocument& document, std::string_view path);
// CSV text already written (an analysis writes its own) as the same download.
HttpReply csv_download(std::string text, std::string_view path);

}  // namespace entente::routes
