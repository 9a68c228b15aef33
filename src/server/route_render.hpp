#pragma once

// How a route renders an engine's answer: its JSON tagged with the version of the snapshot
// it came from, its CSV when asked and the answer is a list, or the problem that stopped it.
// Private to src/server/.

#include <boost/json/value.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/render_csv.hpp"
#include "server/route_table.hpp"

namespace entente::routes {

// The JSON of an answer, tagged with the version of the snapshot it came from.
template <typename T>
HttpReply versioned_reply(const Versioned<T>& answer, const boost::json::value& value) {
  HttpReply reply = json_reply(value);
  reply.headers.emplace_back("ETag", answer.snapshot->etag());
  return reply;
}

// An answer rendered with the registry of its own snapshot (when `render` takes one), or
// the problem that stopped it.
template <typename T>
HttpReply reply_or_problem(const Result<Versioned<T>>& answer, std::string_view path, auto render) {
  if (!answer) return problem_reply(answer.status(), path);
  if constexpr (std::is_invocable_v<decltype(render), const T&, const Registry&>) {
    return versioned_reply(*answer, render(*answer, answer->snapshot->registry()));
  } else {
    return versioned_reply(*answer, render(*answer));
  }
}

// A CSV document as a download, tagged with the version of the snapshot it came from as
// its own representation: "v12-csv", so that a cache holding the JSON of the same address
// never takes it for the CSV (a strong tag names one representation).
inline HttpReply csv_reply(const CsvDocument& document, const Snapshot& snapshot, std::string_view path) {
  HttpReply reply = routes::csv_download(document, path);
  std::string tag = snapshot.etag();
  tag.insert(tag.size() - 1, "-csv");
  reply.headers.emplace_back("ETag", tag);
  return reply;
}

// CSV text written by an analysis, as csv_reply does a document.
inline HttpReply csv_text_reply(std::string text, const Snapshot& snapshot, std::string_view path) {
  HttpReply reply = routes::csv_download(std::move(text), path);
  std::string tag = snapshot.etag();
  tag.insert(tag.size() - 1, "-csv");
  reply.headers.emplace_back("ETag", tag);
  return reply;
}

// An analysis's answer: its own CSV (`csv`) when asked, else its JSON; or its problem.
template <typename T, typename Csv>
HttpReply render_analysis(const Result<Versioned<T>>& answer, const RouteContext& context, Csv csv) {
  if (answer && context.csv)
    return csv_text_reply(csv(static_cast<const T&>(*answer)), *answer->snapshot, context.path);
  return reply_or_problem(answer, context.path, [](const T& value) { return to_json(value); });
}

// The CSV of an answer that is a list (render_csv.hpp), when there is one.
template <typename T>
std::optional<CsvDocument> csv_of(const Versioned<T>& answer) {
  const T& value = answer;
  if constexpr (requires { to_csv(value, answer.snapshot->registry()); }) {
    return to_csv(value, answer.snapshot->registry());
  } else if constexpr (requires { to_csv(value); }) {
    return to_csv(value);
  } else {
    return std::nullopt;
  }
}

// An answer rendered with the registry of its snapshot, or its problem; as CSV when asked.
template <typename T>
HttpReply render(const Result<Versioned<T>>& answer, const RouteContext& context) {
  if (answer && context.csv) {
    if (std::optional<CsvDocument> csv = csv_of(*answer)) return csv_reply(*csv, *answer->snapshot, context.path);
  }
  return reply_or_problem(answer, context.path,
                          [](const T& value, const Registry& registry) { return to_json(value, registry); });
}

// The answers whose JSON needs no registry.
template <typename T>
HttpReply render_plain(const Result<Versioned<T>>& answer, const RouteContext& context) {
  if (answer && context.csv) {
    if (std::optional<CsvDocument> csv = csv_of(*answer)) return csv_reply(*csv, *answer->snapshot, context.path);
  }
  return reply_or_problem(answer, context.path, [](const T& value) { return to_json(value); });
}

}  // namespace entente::routes
