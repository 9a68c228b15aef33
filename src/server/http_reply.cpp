#include "server/http_reply.hpp"

#include <initializer_list>

#include "core/text.hpp"

namespace entente {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Calls `visit` with each element of a comma-separated list, trimmed; stops when it
// returns true, and returns whether one did.
template <typename Visit>
bool any_element(std::string_view list, Visit visit) {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    if (visit(trim(list.substr(0, comma)))) return true;
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return false;
}

}  // namespace

std::string_view HttpReply::header(std::string_view name) const {
  for (const auto& [field, value] : headers) {
    if (equals_ignoring_case(field, name)) return value;
  }
  return {};
}

void add_vary(HttpReply& reply, std::string_view field) {
  for (auto& [name, value] : reply.headers) {
    if (!equals_ignoring_case(name, "Vary")) continue;
    if (any_element(value, [field](std::string_view listed) { return equals_ignoring_case(listed, field); })) return;
    value += value.empty() ? "" : ", ";
    value += field;
    return;
  }
  reply.headers.emplace_back("Vary", std::string(field));
}

bool if_none_match_matches(std::string_view header, std::string_view etag) {
  return any_element(header, [etag](std::string_view tag) {
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag == "*" || tag == etag;
  });
}

HttpReply not_modified_or(HttpReply reply, std::string_view if_none_match) {
  if (reply.status != 200 || if_none_match.empty()) return reply;
  const std::string_view etag = reply.header("ETag");
  if (etag.empty() || !if_none_match_matches(if_none_match, etag)) return reply;
  // What a cache updates its stored reply with (RFC 9110 15.4.5).
  HttpReply::Headers kept{{"ETag", std::string(etag)}};
  for (const std::string_view name : {"Vary", "Cache-Control"}) {
    if (const std::string_view value = reply.header(name); !value.empty()) kept.emplace_back(name, value);
  }
  return HttpReply{304, reply.content_type, std::string(), std::move(kept)};
}

}  // namespace entente
