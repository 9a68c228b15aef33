#include "engine/render_json.hpp"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "model/vocabulary.hpp"

namespace entente {

namespace json = boost::json;

namespace {

json::value date_or_null(const std::optional<Date>& date) {
  if (!date) return nullptr;
  return json::value(date->to_string());
}

json::value text_or_null(const std::string& text) {
  if (text.empty()) return nullptr;
  return json::value(text);
}

std::string nation_name(const Registry& registry, const std::string& iso3) {
  const Nation* nation = registry.find_nation(iso3);
  return nation ? nation->name : iso3;
}

// The id and version of a record staff edit, for a client to correct it with If-Match.
void add_stamp(json::object& object, const RecordStamp& stamp) {
  object["id"] = stamp.id;
  object["version"] = stamp.version;
}

void add_provenance(json::object& object, const Provenance& provenance) {
  object["source"] = provenance.source;
  object["note"] = provenance.note;
}

void add_period(json::object& object, const Interval& period) {
  object["from"] = period.from.to_string();
  object["to"] = date_or_null(period.to);
}

json::array frameworks_array(const std::vector<std::string>& frameworks) {
  json::array array;
  for (const std::string& id : frameworks) array.emplace_back(id);
  return array;
}

void pretty(const json::value& value, std::string& out, int depth) {
  const auto indent = [&out](int level) { out.append(static_cast<std::size_t>(level) * 2, ' '); };
  switch (value.kind()) {
    case json::kind::object: {
      const json::object& object = value.get_object();
      if (object.empty()) {
        out += "{}";
        return;
      }
      out += "{\n";
      bool first = true;
      for (const auto& [key, item] : object) {
        if (!first) out += ",\n";
        first = false;
        indent(depth + 1);
        out += json::serialize(json::string(key));
        out += ": ";
        pretty(item, out, depth + 1);
      }
      out += "\n";
      indent(depth);
      out += "}";
      return;
    }
    case json::kind::array: {
      const json::array& array = value.get_array();
      if (array.empty()) {
        out += "[]";
        return;
      }
      out += "[\n";
      bool first = true;
      for (const json::value& item : array) {
        if (!first) out += ",\n";
        first = false;
        indent(depth + 1);
        pretty(item, out, depth + 1);
      }
      out += "\n";
      indent(depth);
      out += "]";
      return;
    }
    default: out += json::serialize(value);
  }
}

}  // namespace

json::value to_json(const AccountView& account) {
  return json::object{{"id", account.id},          {"name", account.name},         {"role", word_of(account.role)},
                      {"nation", account.nation},  {"disabled", account.disabled}, {"created", account.created},
                      {"version", account.version}};
}

json::value to_json(const AuditEntry& entry) {
  // Stored as JSON text; kept as text should it ever not parse.
  const auto document = [](const std::string& text) -> json::value {
    if (text.empty()) return nullptr;
    boost::system::error_code error;
    json::value value = json::parse(text, error);
    return error ? json::value(text) : value;
  };
  return json::object{{"id", entry.id},
                      {"at", entry.at},
                      {"actor", entry.actor},
                      {"action", entry.action},
                      {"kind", entry.kind},
                      {"record", entry.record},
                      {"before", document(entry.before)},
                      {"after", document(entry.after)},
                      {"reason", entry.reason},
                      {"request_id", entry.request_id}};
}

json::value to_json(const Nation& nation) {
  json::object object;
  object["iso3"] = nation.iso3;
  object["iso2"] = nation.iso2;
  object["iso_numeric"] = text_or_null(nation.iso_numeric);
  object["name"] = nation.name;
  object["status"] = std::string(to_string(nation.status));
  object["region"] = nation.region;
  object["subregion"] = nation.subregion;
  object["capital"] = nation.capital;
  object["capital_lat"] = nation.capital_lat;
  object["capital_lon"] = nation.capital_lon;
  object["from"] = date_or_null(nation.from);
  object["to"] = date_or_null(nation.to);
  add_provenance(object, nation.provenance);
  return object;
}

json::value to_json(const Organisation& organisation) {
  json::object object;
  object["id"] = organisation.id;
  object["name"] = organisation.name;
  object["founded"] = organisation.founded.to_string();
  object["dissolved"] = date_or_null(organisation.dissolved);
  object["headquarters"] = organisation.headquarters;
  object["hq_lat"] = organisation.hq_lat;
  object["hq_lon"] = organisation.hq_lon;
  object["decision_rule"] = organisation.decision_rule;
  add_provenance(object, organisation.provenance);
  return object;
}

json::value to_json(const Framework& framework) {
  json::object object;
  object["id"] = framework.id;
  object["name"] = framework.name;
  object["organisation"] = framework.organisation;
  object["launched"] = framework.launched.to_string();
  object["ended"] = date_or_null(framework.ended);
  object["successor"] = text_or_null(framework.successor);
  add_provenance(object, framework.provenance);
  return object;
}

json::value to_json(const Publisher& publisher) {
  json::object object;
  object["host"] = publisher.host;
  object["publisher"] = publisher.publisher;
  object["kind"] = std::string(to_string(publisher.kind));
  add_provenance(object, publisher.provenance);
  return object;
}

json::value organisations_json(const Registry& registry) {
  json::array array;
  for (const Organisation& organisation : registry.dataset().organisations) array.push_back(to_json(organisation));
  return json::object{{"organisations", std::move(array)}};
}

json::value frameworks_json(const Registry& registry) {
  json::array array;
  for (const Framework& framework : registry.dataset().frameworks) array.push_back(to_json(framework));
  return json::object{{"frameworks", std::move(array)}};
}

json::value publishers_json(const Registry& registry) {
  json::array array;
  for (const Publisher& publisher : registry.dataset().publishers) array.push_back(to_json(publisher));
  return json::object{{"publishers", std::move(array)}};
}

json::value nations_json(const std::vector<const Nation*>& nations) {
  json::array array;
  for (const Nation* nation : nations) array.push_back(to_json(*nation));
  return json::object{{"nations", std::move(array)}};
}

json::value to_json(const MembersAnswer& answer, const Registry& registry) {
  json::array members;
  for (const Membership* membership : answer.members) {
    json::object row;
    row["iso3"] = membership->nation;
    row["name"] = nation_name(registry, membership->nation);
    add_period(row, membership->period);
    row["status"] = std::string(to_string(membership->status));
    add_provenance(row, membership->provenance);
    add_stamp(row, membership->stamp);
    members.push_back(std::move(row));
  }
  return json::object{{"organisation", answer.organisation->id},
                      {"as_of", answer.as_of.to_string()},
                      {"count", members.size()},
                      {"members", std::move(members)}};
}

json::value to_json(const PartnersAnswer& answer, const Registry& registry) {
  json::array partners;
  for (const Partnership* partnership : answer.partners) {
    json::object row;
    row["iso3"] = partnership->nation;
    row["name"] = nation_name(registry, partnership->nation);
    add_period(row, partnership->period);
    row["status"] = std::string(to_string(partnership->status));
    add_provenance(row, partnership->provenance);
    add_stamp(row, partnership->stamp);
    partners.push_back(std::move(row));
  }
  return json::object{{"framework", answer.framework->id},
                      {"organisation", answer.framework->organisation},
                      {"as_of", answer.as_of.to_string()},
                      {"count", partners.size()},
                      {"partners", std::move(partners)}};
}

json::value to_json(const RelationsAnswer& answer) {
  json::array relations;
  json::object counts;
  for (const RelationEntry& entry : answer.relations) {
    const std::string relation(to_string(entry.relation));
    relations.push_back(json::object{{"iso3", entry.nation->iso3},
                                     {"iso_numeric", text_or_null(entry.nation->iso_numeric)},
                                     {"name", entry.nation->name},
                                     {"relation", relation},
                                     {"frameworks", frameworks_array(entry.frameworks)}});
    if (json::value* count = counts.if_contains(relation)) {
      *count = count->as_int64() + 1;
    } else {
      counts[relation] = 1;
    }
  }
  return json::object{{"organisation", answer.organisation->id},
                      {"as_of", answer.as_of.to_string()},
                      {"counts", std::move(counts)},
                      {"relations", std::move(relations)}};
}

namespace {

// Writes compact JSON into a string, escaping strings exactly as boost::json::serialize
// does: '"' and '\\' by a backslash; control characters as \b, \t, \n, \f, \r or \u00xx
// (lower-case hex); every other byte, UTF-8 included, as it is.
//
// The writes do not check for room: before writing a part of a document, the caller asks
// for room() for that part's worst case (string_room() for each string, the length of
// each literal), and only room() may grow the string. finish() cuts it to what was written.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  // The most a string of `size` bytes can take, quotes included: every byte as \u00xx.
  static constexpr std::size_t string_room(std::size_t size) { return 2 + 6 * size; }

  // Makes sure `bytes` more bytes can be written.
  void room(std::size_t bytes) {
    const std::size_t written = written_;
    if (out_.size() - written >= bytes) return;
    out_.resize(std::max(2 * out_.size(), written + bytes));
  }

  // Literal JSON text: punctuation, keys, null.
  template <std::size_t N>
  void raw(const char (&text)[N]) {
    std::memcpy(out_.data() + written_, text, N - 1);
    written_ += N - 1;
  }

  void string(std::string_view text) {
    char* at = out_.data() + written_;
    *at++ = '"';
    const char* from = text.data();
    const char* const end = from + text.size();
    // Eight bytes at a time while none of them needs escaping.
    while (end - from >= 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, from, 8);
      if (needs_escape(word)) break;
      std::memcpy(at, &word, 8);
      at += 8;
      from += 8;
    }
    for (; from != end; ++from) {
      const auto byte = static_cast<unsigned char>(*from);
      if (byte >= 0x20 && byte != '"' && byte != '\\') {
        *at++ = static_cast<char>(byte);
      } else {
        at = escape(at, byte);
      }
    }
    *at++ = '"';
    written_ = static_cast<std::size_t>(at - out_.data());
  }

  void string_or_null(std::string_view text) {
    if (text.empty()) {
      raw("null");
    } else {
      string(text);
    }
  }

  // At most 20 bytes.
  void number(std::int64_t value) {
    char* at = out_.data() + written_;
    written_ = static_cast<std::size_t>(std::to_chars(at, at + 20, value).ptr - out_.data());
  }

  void finish() { out_.resize(written_); }

 private:
  // True when one of the eight bytes of `word` is below 0x20, '"' or '\\' (the classic
  // "has a zero byte" and "has a byte less than n" tests on a whole word).
  static bool needs_escape(std::uint64_t word) {
    constexpr std::uint64_t kOnes = 0x0101010101010101;
    constexpr std::uint64_t kHighs = 0x8080808080808080;
    const auto has_zero = [](std::uint64_t bytes) { return ((bytes - kOnes) & ~bytes & kHighs) != 0; };
    const bool control = ((word - 0x20 * kOnes) & ~word & kHighs) != 0;
    return control || has_zero(word ^ ('"' * kOnes)) || has_zero(word ^ ('\\' * kOnes));
  }

  static char* escape(char* at, unsigned char byte) {
    static constexpr char kHex[] = "0123456789abcdef";
    *at++ = '\\';
    switch (byte) {
      case '"': *at++ = '"'; break;
      case '\\': *at++ = '\\'; break;
      case '\b': *at++ = 'b'; break;
      case '\t': *at++ = 't'; break;
      case '\n': *at++ = 'n'; break;
      case '\f': *at++ = 'f'; break;
      case '\r': *at++ = 'r'; break;
      default:
        *at++ = 'u';
        *at++ = '0';
        *at++ = '0';
        *at++ = kHex[byte >> 4];
        *at++ = kHex[byte & 15];
    }
    return at;
  }

  std::string& out_;
  std::size_t written_ = 0;
};

// to_string(relation), looked up directly: Relation's values are 0, 1, 2..., one per word
// of its vocabulary.
std::string_view relation_word(Relation relation) {
  return Vocabulary<Relation>::kWords[static_cast<std::size_t>(relation)].word;
}

constexpr std::size_t longest_relation_word() {
  std::size_t longest = 0;
  for (const auto& word : Vocabulary<Relation>::kWords) longest = std::max(longest, word.word.size());
  return longest;
}

// The room one nation's object of the relations document may take, and (`plain`) what
// it takes when none of its strings needs escaping.
std::size_t relation_room(const RelationEntry& entry, std::size_t& plain) {
  // {"iso3":,"iso_numeric":,"name":,"relation":,"frameworks":[]}, a comma before it, and
  // null for a missing numeric code.
  constexpr std::size_t kLiterals = 60 + 1 + 4;
  std::size_t strings = entry.nation->iso3.size() + entry.nation->iso_numeric.size() + entry.nation->name.size() +
                        relation_word(entry.relation).size();
  std::size_t quotes_and_commas = 8;
  for (const std::string& framework : entry.frameworks) {
    strings += framework.size();
    quotes_and_commas += 3;
  }
  plain += kLiterals + quotes_and_commas + strings;
  return kLiterals + quotes_and_commas + 6 * strings;
}

}  // namespace

std::string to_json_text(const RelationsAnswer& answer) {
  // How many nations stand in each relation, in the order the relations first appear.
  constexpr std::size_t kRelationCount = Vocabulary<Relation>::kWords.size();
  std::array<std::int64_t, kRelationCount> counts{};
  std::array<Relation, kRelationCount> order{};
  std::size_t seen = 0;
  // Sized once for the whole document unless some string needs escaping.
  std::size_t plain = 0;
  std::size_t largest = 0;
  for (const RelationEntry& entry : answer.relations) {
    if (counts[static_cast<std::size_t>(entry.relation)]++ == 0) order[seen++] = entry.relation;
    largest = std::max(largest, relation_room(entry, plain));
  }

  const std::string as_of = answer.as_of.to_string();
  std::string text;
  JsonWriter out(text);
  constexpr std::size_t kCountRoom = 1 + JsonWriter::string_room(longest_relation_word()) + 1 + 20;  // ,"word":n
  out.room(64 + JsonWriter::string_room(answer.organisation->id.size()) + JsonWriter::string_room(as_of.size()) +
           kRelationCount * kCountRoom + plain + largest);
  out.raw("{\"organisation\":");
  out.string(answer.organisation->id);
  out.raw(",\"as_of\":");
  out.string(as_of);
  out.raw(",\"counts\":{");
  for (std::size_t i = 0; i < seen; ++i) {
    if (i > 0) out.raw(",");
    out.string(relation_word(order[i]));
    out.raw(":");
    out.number(counts[static_cast<std::size_t>(order[i])]);
  }
  out.raw("},\"relations\":[");
  bool first = true;
  for (const RelationEntry& entry : answer.relations) {
    std::size_t ignored = 0;
    out.room(relation_room(entry, ignored));
    if (!first) out.raw(",");
    first = false;
    out.raw("{\"iso3\":");
    out.string(entry.nation->iso3);
    out.raw(",\"iso_numeric\":");
    out.string_or_null(entry.nation->iso_numeric);
    out.raw(",\"name\":");
    out.string(entry.nation->name);
    out.raw(",\"relation\":");
    out.string(relation_word(entry.relation));
    out.raw(",\"frameworks\":[");
    for (std::size_t i = 0; i < entry.frameworks.size(); ++i) {
      if (i > 0) out.raw(",");
      out.string(entry.frameworks[i]);
    }
    out.raw("]}");
  }
  out.room(2);
  out.raw("]}");
  out.finish();
  return text;
}

json::value to_json(const ProfileAnswer& answer, const Registry& registry) {
  const NationProfile& profile = answer.profile;
  json::array relations;
  for (const RelationEntry& entry : profile.relations) {
    relations.push_back(json::object{{"organisation", entry.organisation->id},
                                     {"relation", std::string(to_string(entry.relation))},
                                     {"frameworks", frameworks_array(entry.frameworks)}});
  }
  json::array memberships;
  for (const Membership* membership : profile.memberships) {
    json::object row;
    row["organisation"] = membership->organisation;
    add_period(row, membership->period);
    row["status"] = std::string(to_string(membership->status));
    add_provenance(row, membership->provenance);
    add_stamp(row, membership->stamp);
    memberships.push_back(std::move(row));
  }
  json::array partnerships;
  for (const Partnership* partnership : profile.partnerships) {
    json::object row;
    row["framework"] = partnership->framework;
    const Framework* framework = registry.find_framework(partnership->framework);
    row["organisation"] = framework ? framework->organisation : std::string();
    add_period(row, partnership->period);
    row["status"] = std::string(to_string(partnership->status));
    add_provenance(row, partnership->provenance);
    add_stamp(row, partnership->stamp);
    partnerships.push_back(std::move(row));
  }
  json::array plans;
  for (const PartnershipPlan* plan : profile.plans) {
    json::object row;
    row["organisation"] = plan->organisation;
    row["plan"] = plan->plan;
    add_period(row, plan->period);
    add_provenance(row, plan->provenance);
    add_stamp(row, plan->stamp);
    plans.push_back(std::move(row));
  }
  json::array territory_changes;
  for (const TerritoryChange* change : profile.territory_changes) {
    json::object row;
    row["organisation"] = change->organisation;
    row["date"] = change->date.to_string();
    row["change"] = std::string(to_string(change->kind));
    row["territory"] = change->territory;
    add_provenance(row, change->provenance);
    territory_changes.push_back(std::move(row));
  }
  return json::object{{"nation", to_json(*profile.nation)},
                      {"as_of", answer.as_of.to_string()},
                      {"relations", std::move(relations)},
                      {"memberships", std::move(memberships)},
                      {"partnerships", std::move(partnerships)},
                      {"plans", std::move(plans)},
                      {"territory_changes", std::move(territory_changes)}};
}

json::value to_json(const TimelineAnswer& answer, const Registry& registry) {
  json::array events;
  for (const TimelineEvent* event : answer.events) {
    json::object row;
    row["date"] = event->date.to_string();
    row["kind"] = std::string(to_string(event->kind));
    row["nation"] = text_or_null(event->nation);
    row["nation_name"] =
        event->nation.empty() ? json::value(nullptr) : json::value(nation_name(registry, event->nation));
    row["organisation"] = event->organisation;
    row["framework"] = text_or_null(event->framework);
    row["detail"] = event->detail;
    add_provenance(row, event->provenance);
    events.push_back(std::move(row));
  }
  return json::object{{"organisation", answer.filter.organisation ? json::value(*answer.filter.organisation) : nullptr},
                      {"nation", answer.filter.nation ? json::value(*answer.filter.nation) : nullptr},
                      {"from", answer.filter.from.to_string()},
                      {"to", answer.filter.to.to_string()},
                      {"count", events.size()},
                      {"events", std::move(events)}};
}

json::value to_json(const SearchAnswer& answer) {
  json::array nations;
  for (std::size_t i = 0; i < answer.nations.size(); ++i) {
    json::value nation = to_json(*answer.nations[i]);
    nation.as_object()["matched_alias"] =
        i < answer.matched_aliases.size() ? text_or_null(answer.matched_aliases[i]) : json::value(nullptr);
    nations.push_back(std::move(nation));
  }
  return json::object{{"nations", std::move(nations)}, {"query", answer.query}};
}

json::value to_json(const DatasetSummary& summary) {
  return json::object{{"nations", summary.nations},
                      {"organisations", summary.organisations},
                      {"memberships", summary.memberships},
                      {"frameworks", summary.frameworks},
                      {"partnerships", summary.partnerships},
                      {"plans", summary.plans},
                      {"territory_changes", summary.territory_changes}};
}

namespace {

json::array reasoning_json(const std::vector<ReasoningStep>& steps) {
  json::array array;
  for (const ReasoningStep& step : steps)
    array.push_back(json::object{{"clause", step.clause}, {"finding", step.finding}});
  return array;
}

json::array strings_json(const std::vector<std::string>& items) {
  json::array array;
  for (const std::string& item : items) array.emplace_back(item);
  return array;
}

}  // namespace

json::value to_json(const Decision& decision, const Registry& registry) {
  json::object positions;
  for (const auto& [nation, position] : decision.positions) positions[nation] = std::string(to_string(position));
  json::object counts;
  for (const auto& [name, count] : decision.counts) counts[name] = count;
  json::object margins;
  for (const auto& [name, value] : decision.margins) margins[name] = value;
  json::array decisive;
  for (const std::string& nation : decision.decisive) {
    decisive.push_back(json::object{{"iso3", nation}, {"name", nation_name(registry, nation)}});
  }
  return json::object{{"organisation", decision.organisation},
                      {"body", decision.body},
                      {"procedure", std::string(to_string(decision.procedure))},
                      {"as_of", decision.as_of.to_string()},
                      {"adopted", decision.adopted},
                      {"outcome", decision.outcome},
                      {"counts", std::move(counts)},
                      {"margins", std::move(margins)},
                      {"decisive", std::move(decisive)},
                      {"positions", std::move(positions)},
                      {"reasoning", reasoning_json(decision.reasoning)}};
}

json::value to_json(const ConsultationsAnswer& answer, const Registry& registry) {
  json::array rows;
  for (const Consultation* c : answer.consultations) {
    json::array requested;
    for (const std::string& nation : c->requested_by) {
      requested.push_back(json::object{{"iso3", nation}, {"name", nation_name(registry, nation)}});
    }
    json::object row{{"id", c->id},
                     {"date", c->date.to_string()},
                     {"requested_by", std::move(requested)},
                     {"occasion", c->occasion},
                     {"outcome", c->outcome}};
    add_provenance(row, c->provenance);
    rows.push_back(std::move(row));
  }
  return json::object{{"from", answer.from.to_string()},
                      {"to", answer.to.to_string()},
                      {"nation", answer.nation.empty() ? json::value(nullptr) : json::value(answer.nation)},
                      {"count", rows.size()},
                      {"consultations", std::move(rows)}};
}

json::value to_json(const OperationAssessment& assessment, const Registry& registry) {
  const Operation& o = *assessment.operation;
  json::array participants;
  for (const OperationParticipant* p : assessment.participants) {
    json::object row{{"iso3", p->nation}, {"name", nation_name(registry, p->nation)}, {"role", p->role}};
    add_provenance(row, p->provenance);
    participants.push_back(std::move(row));
  }
  json::object object{{"id", o.id},
                      {"name", o.name},
                      {"kind", o.kind},
                      {"area", o.area},
                      {"area_lat", o.area_lat},
                      {"area_lon", o.area_lon},
                      {"summary", o.summary},
                      {"legal_basis", std::string(to_string(o.legal_basis))},
                      {"unsc_resolutions", strings_json(o.unsc_resolutions)},
                      {"article5", o.article5},
                      {"host_consent", o.host_consent},
                      {"classification", std::string(to_string(assessment.classification))},
                      {"contested", assessment.contested},
                      {"record_disagrees", assessment.record_disagrees},
                      {"reasoning", reasoning_json(assessment.reasoning)},
                      {"participants", std::move(participants)}};
  add_period(object, o.period);
  add_provenance(object, o.provenance);
  return object;
}

json::value to_json(const OperationsAnswer& answer, const Registry& registry) {
  json::array rows;
  for (const OperationAssessment& assessment : answer.operations) rows.push_back(to_json(assessment, registry));
  json::object object{{"count", rows.size()}, {"operations", std::move(rows)}};
  if (!answer.filter.nation.empty()) {
    json::array ids;
    for (const std::string& id : answer.not_judged) ids.emplace_back(id);
    object["not_judged"] =
        json::object{{"count", ids.size()}, {"of", answer.considered}, {"operations", std::move(ids)}};
  }
  return object;
}

json::value to_json(const EligibilityAnswer& answer) {
  json::array routes;
  for (const EligibilityRoute& route : answer.routes) {
    json::object row{{"standing", route.standing},
                     {"eligible", std::string(to_string(route.eligible))},
                     {"conditions", route.conditions}};
    row["source"] = route.rule ? json::value(route.rule->provenance.source) : json::value(nullptr);
    routes.push_back(std::move(row));
  }
  return json::object{{"nation", answer.nation->iso3},
                      {"name", answer.nation->name},
                      {"organisation", answer.organisation->id},
                      {"activity", answer.activity},
                      {"as_of", answer.as_of.to_string()},
                      {"relation", std::string(to_string(answer.relation))},
                      {"eligible", std::string(to_string(answer.eligible))},
                      {"routes", std::move(routes)},
                      {"reasoning", reasoning_json(answer.reasoning)}};
}

json::value to_json(const Article6Verdict& verdict, const Registry& registry) {
  const Article6Facts& f = verdict.facts;
  json::object facts{{"point", json::array{f.lon, f.lat}},
                     {"sovereign_is_member", f.sovereign_is_member},
                     {"in_europe_or_north_america", f.in_europe_or_north_america},
                     {"north_of_tropic", f.north_of_tropic},
                     {"in_mediterranean", f.in_mediterranean},
                     {"in_north_atlantic", f.in_north_atlantic},
                     {"on_turkey", f.on_turkey}};
  facts["land"] = f.land_name.empty() ? json::value(nullptr) : json::value(f.land_name);
  facts["territory"] = f.sovereign == nullptr
                           ? json::value(nullptr)
                           : json::value(json::object{{"code", f.unit ? f.unit->code : f.sovereign->iso3},
                                                      {"name", f.unit ? f.unit->name : f.sovereign->name},
                                                      {"sovereign", f.sovereign->iso3}});
  facts["sea_area"] =
      f.sea == nullptr
          ? json::value(nullptr)
          : json::value(json::object{
                {"id", f.sea->id}, {"name", f.sea->name}, {"status", std::string(to_string(f.sea->status))}});
  json::array bound;
  for (std::string_view nation : verdict.bound) {
    bound.push_back(json::object{{"iso3", nation}, {"name", nation_name(registry, std::string(nation))}});
  }
  json::value target = nullptr;
  if (verdict.target_nation != nullptr) {
    target = json::object{{"iso3", verdict.target_nation->iso3},
                          {"name", verdict.target_nation->name},
                          {"relation", std::string(to_string(verdict.target_relation.relation))},
                          {"frameworks", strings_json(verdict.target_relation.frameworks)}};
  }
  return json::object{{"verdict", std::string(to_string(verdict.verdict))},
                      {"clause", verdict.clause},
                      {"target_kind", std::string(to_string(verdict.target))},
                      {"as_of", verdict.as_of.to_string()},
                      {"facts", std::move(facts)},
                      {"bound", std::move(bound)},
                      {"article4", "any member may request consultations under Article 4 in every case"},
                      {"target", std::move(target)},
                      {"reasoning", reasoning_json(verdict.reasoning)}};
}

json::value to_json(const TreatyAreaAnswer& answer) {
  json::array units;
  for (const auto& [unit, ruling] : answer.units) {
    const TerritorialUnit& u = *unit;
    json::object row{{"code", u.code},
                     {"name", u.name},
                     {"sovereign", u.sovereign},
                     {"lat", u.lat},
                     {"lon", u.lon},
                     {"radius_km", u.radius_km},
                     {"ruling", std::string(to_string(ruling))},
                     {"standing_ruling", std::string(to_string(u.ruling))},
                     {"clause", u.clause},
                     {"reasoning", u.reasoning}};
    add_provenance(row, u.provenance);
    units.push_back(std::move(row));
  }
  json::array seas;
  for (const SeaArea& a : *answer.seas) {
    json::array polygon;
    for (const auto& [lon, lat] : a.polygon) polygon.push_back(json::array{lon, lat});
    json::object row{
        {"id", a.id}, {"name", a.name}, {"status", std::string(to_string(a.status))}, {"polygon", std::move(polygon)}};
    add_provenance(row, a.provenance);
    seas.push_back(std::move(row));
  }
  return json::object{{"as_of", answer.as_of.to_string()},
                      {"members", strings_json(answer.members)},
                      {"units", std::move(units)},
                      {"seas", std::move(seas)}};
}

std::string to_pretty_json(const json::value& value) {
  std::string out;
  pretty(value, out, 0);
  out += '\n';
  return out;
}

json::value to_json(const CouncilSeatsAnswer& answer, const Registry& registry) {
  json::array rows;
  for (const CouncilSeat* seat : answer.seats) {
    const Nation* nation = registry.find_nation(seat->nation);
    rows.push_back(
        json::object{{"iso3", seat->nation},
                     {"name", nation ? nation->name : seat->nation},
                     {"from", seat->period.from.to_string()},
                     {"to", seat->period.to ? json::value(seat->period.to->to_string()) : json::value(nullptr)},
                     {"term", seat->term},
                     {"source", seat->provenance.source},
                     {"note", seat->provenance.note}});
  }
  return json::object{{"council", answer.council},
                      {"as_of", answer.as_of.to_string()},
                      {"count", rows.size()},
                      {"seats", std::move(rows)}};
}

}  // namespace entente
