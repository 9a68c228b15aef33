#include "sim/scenario.hpp"

// toml++ compiled into this file alone, reporting errors as values rather than exceptions.
#define TOML_HEADER_ONLY 1  // NOLINT(cppcoreguidelines-macro-usage)
#define TOML_EXCEPTIONS 0   // NOLINT(cppcoreguidelines-macro-usage)
#include <toml++/toml.h>

#include <boost/json.hpp>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "core/text.hpp"
#include "rules/article6.hpp"

namespace entente::sim {

namespace {

// Reads a scenario from a parsed table, remembering the first problem. Every reader
// method returns a usable value even after a failure, so the walk goes on to the end
// and the caller checks `error()` once.
class Reader {
 public:
  explicit Reader(std::string_view origin) : origin_(origin) {}

  const std::optional<Status>& error() const { return error_; }

  void fail(const toml::node* node, std::string_view key, const std::string& reason) {
    if (error_) return;
    std::string where(origin_);
    if (node != nullptr && node->source().begin.line > 0) {
      where += (where.empty() ? "" : ":") + std::to_string(node->source().begin.line);
    }
    error_ =
        Status(ErrorCode::kInvalidArgument, (where.empty() ? "" : where + ": ") + std::string(key) + ": " + reason);
  }

  // The sub-table `name` of `parent`, or nullptr when absent; refuses keys not in `known`.
  const toml::table* section(const toml::table& parent, std::string_view name,
                             const std::set<std::string_view>& known) {
    const toml::node* node = parent.get(name);
    if (node == nullptr) return nullptr;
    const toml::table* table = node->as_table();
    if (table == nullptr) {
      fail(node, name, "must be a table ([" + std::string(name) + "])");
      return nullptr;
    }
    check_keys(*table, name, known);
    return table;
  }

  void check_keys(const toml::table& table, std::string_view path, const std::set<std::string_view>& known) {
    for (const auto& [key, value] : table) {
      if (known.count(key.str()) == 0) {
        std::string names;
        for (std::string_view name : known) names += (names.empty() ? "" : ", ") + std::string(name);
        const std::string name =
            path.empty() ? std::string(key.str()) : std::string(path) + "." + std::string(key.str());
        fail(&value, name, "unknown key; expected one of " + names);
      }
    }
  }

  void number(const toml::table* table, std::string_view path, std::string_view key, double& target, double low,
              double high) {
    if (table == nullptr) return;
    const toml::node* node = table->get(key);
    if (node == nullptr) return;
    const std::string name = std::string(path) + "." + std::string(key);
    std::optional<double> value = node->value<double>();
    if (!value || !node->is_number()) {
      fail(node, name, "must be a number");
      return;
    }
    if (!std::isfinite(*value) || *value < low || *value > high) {
      fail(node, name, "must be between " + format_number(low) + " and " + format_number(high));
      return;
    }
    target = *value;
  }

  void integer(const toml::table* table, std::string_view path, std::string_view key, int& target, int low, int high) {
    double value = target;
    number(table, path, key, value, low, high);
    if (value != std::floor(value)) {
      fail(table->get(key), std::string(path) + "." + std::string(key), "must be a whole number");
      return;
    }
    target = static_cast<int>(value);
  }

  void boolean(const toml::table* table, std::string_view path, std::string_view key, bool& target) {
    if (table == nullptr) return;
    const toml::node* node = table->get(key);
    if (node == nullptr) return;
    if (!node->is_boolean()) {
      fail(node, std::string(path) + "." + std::string(key), "must be true or false");
      return;
    }
    target = *node->value<bool>();
  }

  bool text(const toml::table* table, std::string_view path, std::string_view key, std::string& target) {
    if (table == nullptr) return false;
    const toml::node* node = table->get(key);
    if (node == nullptr) return false;
    if (!node->is_string()) {
      fail(node, std::string(path) + "." + std::string(key), "must be a string");
      return false;
    }
    target = *node->value<std::string>();
    return true;
  }

  void delay(const toml::table* table, std::string_view path, std::string_view key, Delay& target) {
    if (table == nullptr) return;
    const toml::node* node = table->get(key);
    if (node == nullptr) return;
    const std::string name = std::string(path) + "." + std::string(key);
    if (node->is_number()) {
      double days = 0;
      number(table, path, key, days, 0, 36500);
      target = Delay::fixed(days);
      return;
    }
    const toml::table* shape = node->as_table();
    const std::string expected =
        "must be days: a number, { mean = m }, { median = m, sigma = s } or { min = a, max = b }";
    if (shape == nullptr) {
      fail(node, name, expected);
      return;
    }
    check_keys(*shape, name, {"mean", "median", "sigma", "min", "max"});
    const auto has = [&](std::string_view field) { return shape->contains(field); };
    Delay result;
    if (has("mean") && shape->size() == 1) {
      result.shape = Delay::Shape::kExponential;
      number(shape, name, "mean", result.a, 0, 36500);
    } else if (has("median") && has("sigma") && shape->size() == 2) {
      result.shape = Delay::Shape::kLognormal;
      number(shape, name, "median", result.a, 1e-9, 36500);
      number(shape, name, "sigma", result.b, 0, 5);
    } else if (has("min") && has("max") && shape->size() == 2) {
      result.shape = Delay::Shape::kUniform;
      number(shape, name, "min", result.a, 0, 36500);
      number(shape, name, "max", result.b, 0, 36500);
      if (result.b < result.a) fail(node, name, "max is less than min");
    } else {
      fail(node, name, expected);
      return;
    }
    target = result;
  }

  // A table of nation code -> probability (affinity, support).
  void shares(const toml::table* table, std::string_view path, std::string_view key,
              std::map<std::string, double>& target) {
    if (table == nullptr) return;
    const toml::node* node = table->get(key);
    if (node == nullptr) return;
    const std::string name = std::string(path) + "." + std::string(key);
    const toml::table* entries = node->as_table();
    if (entries == nullptr) {
      fail(node, name, "must be a table of nation codes to numbers between 0 and 1, e.g. { HUN = 0.3 }");
      return;
    }
    for (const auto& [code, value] : *entries) {
      double share = 0;
      number(entries, name, code.str(), share, 0, 1);
      if (!target.emplace(ascii_upper(code.str()), share).second) {
        fail(&value, name + "." + std::string(code.str()), "is given twice");
      }
    }
  }

 private:
  static std::string format_number(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
  }

  std::string_view origin_;
  std::optional<Status> error_;
};

void read_tiers(Reader& reader, const toml::table& forces, Scenario& scenario) {
  const toml::node* node = forces.get("tier");
  if (node == nullptr) return;
  const toml::array* tiers = node->as_array();
  if (tiers == nullptr || tiers->empty() || tiers->size() > 8) {
    reader.fail(node, "forces.tier", "must be an array of one to eight tables ([[forces.tier]])");
    return;
  }
  scenario.tiers.clear();
  for (const toml::node& element : *tiers) {
    const std::string path = "forces.tier[" + std::to_string(scenario.tiers.size() + 1) + "]";
    const toml::table* table = element.as_table();
    if (table == nullptr) {
      reader.fail(&element, path, "must be a table");
      return;
    }
    reader.check_keys(*table, path, {"name", "troops", "ready_days", "mode"});
    Tier tier;
    tier.name = "tier " + std::to_string(scenario.tiers.size() + 1);
    reader.text(table, path, "name", tier.name);
    reader.number(table, path, "troops", tier.troops, 0, 1e7);
    tier.ready = Delay::uniform(0, 10);
    reader.delay(table, path, "ready_days", tier.ready);
    std::string mode = "surface";
    if (reader.text(table, path, "mode", mode) && mode != "air" && mode != "surface") {
      reader.fail(table->get("mode"), path + ".mode", "must be \"air\" or \"surface\"");
    }
    tier.by_air = mode == "air";
    scenario.tiers.push_back(tier);
  }
}

void read_partners(Reader& reader, const toml::table& partners, Scenario& scenario) {
  reader.boolean(&partners, "partners", "contribute", scenario.partners_contribute);
  const toml::node* node = partners.get("contribution");
  if (node == nullptr) return;
  const toml::array* list = node->as_array();
  if (list == nullptr) {
    reader.fail(node, "partners.contribution", "must be an array of tables ([[partners.contribution]])");
    return;
  }
  for (const toml::node& element : *list) {
    const std::string path = "partners.contribution[" + std::to_string(scenario.partners.size() + 1) + "]";
    const toml::table* table = element.as_table();
    if (table == nullptr) {
      reader.fail(&element, path, "must be a table");
      return;
    }
    reader.check_keys(*table, path, {"nation", "troops", "tier"});
    PartnerContribution contribution;
    if (!reader.text(table, path, "nation", contribution.nation)) {
      reader.fail(&element, path + ".nation", "is required (an ISO 3166-1 alpha-3 code)");
    }
    contribution.nation = ascii_upper(contribution.nation);
    reader.number(table, path, "troops", contribution.troops, 0, 1e6);
    reader.integer(table, path, "tier", contribution.tier, 1, 9);
    // [forces] is read before [partners], so the tiers are known here.
    if (contribution.tier > static_cast<int>(scenario.tiers.size())) {
      const toml::node* tier = table->get("tier");
      const std::size_t tiers = scenario.tiers.size();
      reader.fail(tier != nullptr ? tier : &element, path + ".tier",
                  contribution.nation + " contributes to tier " + std::to_string(contribution.tier) + ", but there " +
                      (tiers == 1 ? "is only 1 tier" : "are only " + std::to_string(tiers) + " tiers") +
                      " ([[forces.tier]]); the tier is 2 unless given");
    }
    for (const PartnerContribution& earlier : scenario.partners) {
      if (earlier.nation == contribution.nation && !contribution.nation.empty()) {
        reader.fail(&element, path + ".nation", contribution.nation + " is given twice; give one contribution each");
      }
    }
    scenario.partners.push_back(contribution);
  }
}

Result<Scenario> read_scenario(const toml::table& root, std::string_view origin) {
  Reader reader(origin);
  Scenario scenario;
  scenario.tiers = force_model_tiers();
  reader.check_keys(root, "",
                    {"scenario", "crisis", "adversary", "warning", "consultation", "decision", "positions", "article5",
                     "forces", "deployment", "partners", "outcome"});

  const toml::table* head = reader.section(root, "scenario", {"name", "description", "kind", "start", "horizon_days"});
  if (head == nullptr) {
    reader.fail(nullptr, "scenario", "the [scenario] table is required (name, kind, start)");
    return *reader.error();
  }
  reader.text(head, "scenario", "name", scenario.name);
  reader.text(head, "scenario", "description", scenario.description);
  std::string kind;
  if (reader.text(head, "scenario", "kind", kind)) {
    if (auto parsed = parse_crisis_kind(kind)) {
      scenario.kind = *parsed;
    } else {
      reader.fail(head->get("kind"), "scenario.kind",
                  "unknown kind '" + kind + "'; expected " + word_choices(words_of<CrisisKind>()));
    }
  }
  std::string start;
  if (!reader.text(head, "scenario", "start", start)) {
    reader.fail(head, "scenario.start", "is required: the day the crisis begins, YYYY-MM-DD");
  } else if (auto day = Date::parse(start)) {
    scenario.start = *day;
  } else {
    reader.fail(head->get("start"), "scenario.start", "'" + start + "' is not a date (YYYY-MM-DD)");
  }
  // Whole days: forces are sampled at the end of each day, and comparisons align days.
  int horizon_days = static_cast<int>(scenario.horizon_days);
  reader.integer(head, "scenario", "horizon_days", horizon_days, 1, 3650);
  scenario.horizon_days = horizon_days;

  const toml::table* crisis = reader.section(
      root, "crisis", {"lat", "lon", "territory", "target", "target_nation", "adversary", "intensity", "attack_day"});
  if (crisis == nullptr) {
    reader.fail(nullptr, "crisis", "the [crisis] table is required (a territory, or lat and lon)");
    return *reader.error();
  }
  double lat = 0;
  double lon = 0;
  if (crisis->contains("lat")) {
    reader.number(crisis, "crisis", "lat", lat, -90, 90);
    scenario.lat = lat;
  }
  if (crisis->contains("lon")) {
    reader.number(crisis, "crisis", "lon", lon, -180, 180);
    scenario.lon = lon;
  }
  if (scenario.lat.has_value() != scenario.lon.has_value()) {
    reader.fail(crisis, "crisis", "give both lat and lon, or neither");
  }
  if (reader.text(crisis, "crisis", "territory", scenario.territory) && scenario.lat) {
    reader.fail(crisis->get("territory"), "crisis.territory", "give a territory or lat and lon, not both");
  }
  scenario.territory = ascii_upper(scenario.territory);
  if (!scenario.lat && scenario.territory.empty()) {
    reader.fail(crisis, "crisis", "say where: a territory (e.g. \"EST\") or lat and lon");
  }
  if (reader.text(crisis, "crisis", "target", scenario.target) && !parse_target_kind(scenario.target)) {
    reader.fail(crisis->get("target"), "crisis.target",
                "unknown target '" + scenario.target + "'; expected " + word_choices(words_of<TargetKind>()));
  }
  reader.text(crisis, "crisis", "target_nation", scenario.target_nation);
  scenario.target_nation = ascii_upper(scenario.target_nation);
  reader.text(crisis, "crisis", "adversary", scenario.adversary);
  scenario.adversary = ascii_upper(scenario.adversary);
  reader.number(crisis, "crisis", "intensity", scenario.intensity, 0, 1);
  reader.number(crisis, "crisis", "attack_day", scenario.attack_day, 0, 3650);

  if (const auto* adversary = reader.section(root, "adversary", {"initial_troops", "troops_per_day", "max_troops"})) {
    reader.number(adversary, "adversary", "initial_troops", scenario.adversary_initial, 0, 1e7);
    reader.number(adversary, "adversary", "troops_per_day", scenario.adversary_per_day, 0, 1e7);
    reader.number(adversary, "adversary", "max_troops", scenario.adversary_max, 0, 1e7);
  }
  if (const auto* warning = reader.section(root, "warning", {"probability", "delay_days", "after_attack_days"})) {
    reader.number(warning, "warning", "probability", scenario.warning_probability, 0, 1);
    reader.delay(warning, "warning", "delay_days", scenario.warning_delay);
    reader.delay(warning, "warning", "after_attack_days", scenario.detection_after_attack);
  }
  if (const auto* consultation = reader.section(root, "consultation", {"request_days", "meeting_days"})) {
    reader.delay(consultation, "consultation", "request_days", scenario.consultation_request);
    reader.delay(consultation, "consultation", "meeting_days", scenario.consultation_meeting);
  }
  if (const auto* decision = reader.section(root, "decision",
                                            {"procedure", "drafting_days", "deliberation_days", "silence_days",
                                             "retry_days", "max_rounds", "pre_authorised"})) {
    if (reader.text(decision, "decision", "procedure", scenario.procedure) && scenario.procedure != "consensus" &&
        scenario.procedure != "silence") {
      reader.fail(decision->get("procedure"), "decision.procedure",
                  "unknown procedure '" + scenario.procedure +
                      "'; the North Atlantic Council decides by consensus "
                      "or by the silence procedure (\"silence\")");
    }
    reader.delay(decision, "decision", "drafting_days", scenario.drafting);
    reader.delay(decision, "decision", "deliberation_days", scenario.deliberation);
    reader.number(decision, "decision", "silence_days", scenario.silence_days, 0, 365);
    reader.delay(decision, "decision", "retry_days", scenario.retry);
    reader.integer(decision, "decision", "max_rounds", scenario.max_rounds, 1, 12);
    reader.boolean(decision, "decision", "pre_authorised", scenario.pre_authorised);
  }
  if (const auto* positions = reader.section(
          root, "positions",
          {"base", "threat_weight", "distance_weight", "affinity_weight", "round_shift", "affinity", "support"})) {
    reader.number(positions, "positions", "base", scenario.position_base, -20, 20);
    reader.number(positions, "positions", "threat_weight", scenario.position_threat, -20, 20);
    reader.number(positions, "positions", "distance_weight", scenario.position_distance, -20, 20);
    reader.number(positions, "positions", "affinity_weight", scenario.position_affinity, -20, 20);
    reader.number(positions, "positions", "round_shift", scenario.position_round_shift, -20, 20);
    reader.shares(positions, "positions", "affinity", scenario.affinity);
    reader.shares(positions, "positions", "support", scenario.support);
  }
  if (const auto* article5 = reader.section(root, "article5", {"armed_attack_probability", "contested_probability"})) {
    if (article5->contains("armed_attack_probability")) {
      double probability = 0;
      reader.number(article5, "article5", "armed_attack_probability", probability, 0, 1);
      scenario.armed_attack_probability = probability;
    }
    reader.number(article5, "article5", "contested_probability", scenario.contested_probability, 0, 1);
  }
  if (const auto* forces =
          reader.section(root, "forces", {"forward_troops", "article5_share", "crisis_share", "tier"})) {
    reader.number(forces, "forces", "forward_troops", scenario.forward_troops, 0, 1e7);
    reader.number(forces, "forces", "article5_share", scenario.article5_share, 0, 1);
    reader.number(forces, "forces", "crisis_share", scenario.crisis_share, 0, 1);
    read_tiers(reader, *forces, scenario);
  }
  if (const auto* deployment =
          reader.section(root, "deployment", {"air_km_per_day", "surface_km_per_day", "detour", "loading_days"})) {
    reader.number(deployment, "deployment", "air_km_per_day", scenario.air_km_per_day, 1, 1e6);
    reader.number(deployment, "deployment", "surface_km_per_day", scenario.surface_km_per_day, 1, 1e6);
    reader.number(deployment, "deployment", "detour", scenario.detour, 1, 10);
    reader.delay(deployment, "deployment", "loading_days", scenario.loading);
  }
  if (const auto* partners = reader.section(root, "partners", {"contribute", "contribution"})) {
    read_partners(reader, *partners, scenario);
  }
  const toml::table* outcome = reader.section(root, "outcome", {"deterrence_ratio", "deterrence_day"});
  reader.number(outcome, "outcome", "deterrence_ratio", scenario.deterrence_ratio, 0, 1000);
  int deterrence_day = static_cast<int>(scenario.deterrence_day);
  reader.integer(outcome, "outcome", "deterrence_day", deterrence_day, 0, 3650);
  scenario.deterrence_day = deterrence_day;
  if (scenario.deterrence_day > scenario.horizon_days) {
    // Blame the key the file sets: the deterrence day, or else the horizon that ends
    // before the default deterrence day.
    if (const toml::node* day = outcome != nullptr ? outcome->get("deterrence_day") : nullptr) {
      reader.fail(day, "outcome.deterrence_day", "is after the horizon (scenario.horizon_days)");
    } else {
      const toml::node* horizon = head->get("horizon_days");
      reader.fail(horizon != nullptr ? horizon : head, "scenario.horizon_days",
                  "ends before the deterrence day (outcome.deterrence_day, " +
                      std::to_string(static_cast<int>(scenario.deterrence_day)) +
                      " by default); set outcome.deterrence_day within the horizon");
    }
  }
  if (reader.error()) return *reader.error();
  return scenario;
}

// JSON to the TOML tree the reader walks (without line numbers).
std::optional<toml::table> to_table(const boost::json::object& object, std::string& error);

std::optional<toml::array> to_array(const boost::json::array& array, std::string& error);

bool append_value(const boost::json::value& value, std::string_view key, toml::table* table, toml::array* array,
                  std::string& error) {
  const auto insert = [&](auto&& node) {
    if (table != nullptr) {
      table->insert(key, std::forward<decltype(node)>(node));
    } else {
      array->push_back(std::forward<decltype(node)>(node));
    }
  };
  switch (value.kind()) {
    case boost::json::kind::bool_: insert(value.get_bool()); return true;
    case boost::json::kind::int64: insert(value.get_int64()); return true;
    case boost::json::kind::uint64: insert(static_cast<double>(value.get_uint64())); return true;
    case boost::json::kind::double_: insert(value.get_double()); return true;
    case boost::json::kind::string: insert(std::string(value.get_string())); return true;
    case boost::json::kind::object: {
      auto nested = to_table(value.get_object(), error);
      if (!nested) return false;
      insert(std::move(*nested));
      return true;
    }
    case boost::json::kind::array: {
      auto nested = to_array(value.get_array(), error);
      if (!nested) return false;
      insert(std::move(*nested));
      return true;
    }
    case boost::json::kind::null: error = std::string(key) + ": null is not a value; leave the key out"; return false;
  }
  return false;
}

std::optional<toml::table> to_table(const boost::json::object& object, std::string& error) {
  toml::table table;
  for (const auto& [key, value] : object) {
    if (!append_value(value, key, &table, nullptr, error)) return std::nullopt;
  }
  return table;
}

std::optional<toml::array> to_array(const boost::json::array& array, std::string& error) {
  toml::array result;
  for (const auto& value : array) {
    if (!append_value(value, "", nullptr, &result, error)) return std::nullopt;
  }
  return result;
}

boost::json::value delay_json(const Delay& delay) {
  switch (delay.shape) {
    case Delay::Shape::kFixed: return delay.a;
    case Delay::Shape::kExponential: return {{"mean", delay.a}};
    case Delay::Shape::kLognormal: return {{"median", delay.a}, {"sigma", delay.b}};
    case Delay::Shape::kUniform: return {{"min", delay.a}, {"max", delay.b}};
  }
  return nullptr;
}

boost::json::object shares_json(const std::map<std::string, double>& shares) {
  boost::json::object object;
  for (const auto& [nation, share] : shares) object[nation] = share;
  return object;
}

}  // namespace

double Delay::draw(Stream& stream) const {
  switch (shape) {
    case Shape::kFixed: return a;
    case Shape::kExponential: return stream.exponential(a);
    case Shape::kLognormal: return a * std::exp(b * stream.normal());
    case Shape::kUniform: return a + (b - a) * stream.uniform();
  }
  return a;
}

double Delay::mean() const {
  switch (shape) {
    case Shape::kFixed:
    case Shape::kExponential: return a;
    case Shape::kLognormal: return a * std::exp(b * b / 2);
    case Shape::kUniform: return (a + b) / 2;
  }
  return a;
}

double Scenario::armed_attack_chance() const {
  if (armed_attack_probability) return *armed_attack_probability;
  switch (kind) {
    case CrisisKind::kArmedAttack: return 1.0;
    case CrisisKind::kTerrorist: return 0.5;
    case CrisisKind::kCyber:
    case CrisisKind::kHybrid: return 0.2;
    case CrisisKind::kPiracy: return 0.0;
  }
  return 0.0;
}

std::vector<Tier> force_model_tiers() {
  return {
      {"tier 1", 100000, Delay::uniform(0, 10), true},
      {"tier 2", 200000, Delay::uniform(10, 30), false},
      {"tier 3", 500000, Delay::uniform(30, 180), false},
  };
}

Result<Scenario> parse_scenario_toml(std::string_view text, std::string_view origin) {
  toml::parse_result parsed = toml::parse(text, origin);
  if (!parsed) {
    const toml::parse_error& error = parsed.error();
    return Status(ErrorCode::kInvalidArgument, std::string(origin) + ":" + std::to_string(error.source().begin.line) +
                                                   ": " + std::string(error.description()));
  }
  return read_scenario(parsed.table(), origin);
}

Result<Scenario> load_scenario_file(const std::string& path, std::string_view origin) {
  const std::string name(origin.empty() ? std::string_view(path) : origin);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(ErrorCode::kIo, "cannot read scenario file '" + name + "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_scenario_toml(buffer.str(), name);
}

Result<Scenario> parse_scenario_json(std::string_view text) {
  boost::system::error_code code;
  boost::json::value value = boost::json::parse(text, code);
  if (code) return Status(ErrorCode::kInvalidArgument, "the scenario is not valid JSON: " + code.message());
  if (!value.is_object()) return Status(ErrorCode::kInvalidArgument, "the scenario must be a JSON object");
  std::string error;
  auto table = to_table(value.get_object(), error);
  if (!table) return Status(ErrorCode::kInvalidArgument, error);
  return read_scenario(*table, "");
}

std::string scenario_to_json(const Scenario& scenario) {
  boost::json::object crisis{{"target", scenario.target},
                             {"adversary", scenario.adversary},
                             {"intensity", scenario.intensity},
                             {"attack_day", scenario.attack_day}};
  if (scenario.lat) {
    crisis["lat"] = *scenario.lat;
    crisis["lon"] = *scenario.lon;
  }
  if (!scenario.territory.empty()) crisis["territory"] = scenario.territory;
  if (!scenario.target_nation.empty()) crisis["target_nation"] = scenario.target_nation;
  boost::json::array tiers;
  for (const Tier& tier : scenario.tiers) {
    tiers.push_back({{"name", tier.name},
                     {"troops", tier.troops},
                     {"ready_days", delay_json(tier.ready)},
                     {"mode", tier.by_air ? "air" : "surface"}});
  }
  boost::json::array partners;
  for (const PartnerContribution& partner : scenario.partners) {
    partners.push_back({{"nation", partner.nation}, {"troops", partner.troops}, {"tier", partner.tier}});
  }
  const boost::json::object root{
      {"scenario",
       {{"name", scenario.name},
        {"description", scenario.description},
        {"kind", to_string(scenario.kind)},
        {"start", scenario.start.to_string()},
        {"horizon_days", scenario.horizon_days}}},
      {"crisis", crisis},
      {"adversary",
       {{"initial_troops", scenario.adversary_initial},
        {"troops_per_day", scenario.adversary_per_day},
        {"max_troops", scenario.adversary_max}}},
      {"warning",
       {{"probability", scenario.warning_probability},
        {"delay_days", delay_json(scenario.warning_delay)},
        {"after_attack_days", delay_json(scenario.detection_after_attack)}}},
      {"consultation",
       {{"request_days", delay_json(scenario.consultation_request)},
        {"meeting_days", delay_json(scenario.consultation_meeting)}}},
      {"decision",
       {{"procedure", scenario.procedure},
        {"drafting_days", delay_json(scenario.drafting)},
        {"deliberation_days", delay_json(scenario.deliberation)},
        {"silence_days", scenario.silence_days},
        {"retry_days", delay_json(scenario.retry)},
        {"max_rounds", scenario.max_rounds},
        {"pre_authorised", scenario.pre_authorised}}},
      {"positions",
       {{"base", scenario.position_base},
        {"threat_weight", scenario.position_threat},
        {"distance_weight", scenario.position_distance},
        {"affinity_weight", scenario.position_affinity},
        {"round_shift", scenario.position_round_shift},
        {"affinity", shares_json(scenario.affinity)},
        {"support", shares_json(scenario.support)}}},
      {"article5",
       {{"armed_attack_probability", scenario.armed_attack_chance()},
        {"contested_probability", scenario.contested_probability}}},
      {"forces",
       {{"forward_troops", scenario.forward_troops},
        {"article5_share", scenario.article5_share},
        {"crisis_share", scenario.crisis_share},
        {"tier", tiers}}},
      {"deployment",
       {{"air_km_per_day", scenario.air_km_per_day},
        {"surface_km_per_day", scenario.surface_km_per_day},
        {"detour", scenario.detour},
        {"loading_days", delay_json(scenario.loading)}}},
      {"partners", {{"contribute", scenario.partners_contribute}, {"contribution", partners}}},
      {"outcome", {{"deterrence_ratio", scenario.deterrence_ratio}, {"deterrence_day", scenario.deterrence_day}}},
  };
  return boost::json::serialize(root);
}

}  // namespace entente::sim
