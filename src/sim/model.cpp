#include "sim/model.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>

#include "rules/eligibility.hpp"

namespace entente::sim {

namespace {

enum EventKind : std::uint32_t { kDetected, kMeeting, kDecide, kActivate, kArrival };

double logistic(double logit) { return 1.0 / (1.0 + std::exp(-logit)); }

}  // namespace

std::uint32_t nation_stream(std::string_view iso3) {
  std::uint32_t code = 0;
  for (const char letter : iso3) {
    code = code * 26 + static_cast<std::uint32_t>(letter >= 'A' && letter <= 'Z' ? letter - 'A' : 0);
  }
  return code;  // < 26^3 = 17,576 for three letters
}

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusKm = 6371.0088;
  constexpr double kRadians = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRadians;
  const double dlon = (lon2 - lon1) * kRadians;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRadians) * std::cos(lat2 * kRadians) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

CrisisModel::CrisisModel(const Registry& registry, Scenario scenario)
    : decisions_(registry), scenario_(std::move(scenario)), silence_(scenario_.procedure == "silence") {}

Result<std::unique_ptr<CrisisModel>> CrisisModel::build(const Registry& registry, const TreatyArea& area,
                                                        Scenario scenario) {
  const auto invalid = [](std::string message) { return Status(ErrorCode::kInvalidArgument, std::move(message)); };
  const Date start = scenario.start;
  const Organisation* nato = registry.find_organisation("NATO");
  if (nato == nullptr || !nato->exists_on(start)) {
    return invalid("the alliance does not exist on " + start.to_string() + " (scenario.start)");
  }
  std::unique_ptr<CrisisModel> model(new CrisisModel(registry, std::move(scenario)));
  const Scenario& s = model->scenario_;
  ModelFacts& facts = model->facts_;

  // Where: a point, or a nation's capital, or a territorial unit's centre.
  Incident incident;
  incident.as_of = start;
  if (auto kind = parse_target_kind(s.target)) {
    incident.target = *kind;
  } else {
    return invalid("crisis.target: unknown target '" + s.target + "'; expected territory, forces, vessel or aircraft");
  }
  incident.nation = s.target_nation;
  if (s.lat) {
    facts.lat = *s.lat;
    facts.lon = *s.lon;
    incident.lat = s.lat;
    incident.lon = s.lon;
  } else if (const Nation* nation = registry.find_nation(s.territory)) {
    facts.lat = nation->capital_lat;
    facts.lon = nation->capital_lon;
    incident.territory = s.territory;
  } else {
    const auto& units = registry.dataset().territorial_units;
    const auto unit = std::find_if(units.begin(), units.end(), [&](const auto& u) { return u.code == s.territory; });
    if (unit == units.end()) {
      return Status(ErrorCode::kUnknownNation,
                    "crisis.territory: no nation or territorial unit with code '" + s.territory + "'");
    }
    facts.lat = unit->lat;
    facts.lon = unit->lon;
    incident.territory = s.territory;
  }
  if (incident.lat && !area.has_geography()) {
    return invalid(
        "crisis.lat/lon: the database has no atlas to place a point; run `entente init` with the atlas, "
        "or give crisis.territory");
  }
  Result<Article6Verdict> verdict = area.assess(incident);
  if (!verdict) return Status(verdict.status().code(), "crisis: " + verdict.status().message());
  facts.verdict = std::move(verdict).value();
  facts.place = facts.verdict.facts.unit != nullptr        ? facts.verdict.facts.unit->name
                : facts.verdict.facts.sovereign != nullptr ? facts.verdict.facts.sovereign->name
                : !facts.verdict.facts.land_name.empty()   ? facts.verdict.facts.land_name
                : facts.verdict.facts.sea != nullptr       ? facts.verdict.facts.sea->name
                                                           : "the high seas";
  if (!s.adversary.empty() && registry.find_nation(s.adversary) == nullptr) {
    return Status(ErrorCode::kUnknownNation, "crisis.adversary: no nation with code '" + s.adversary + "'");
  }

  // The Council and the allies' contributions, by their share of the allies' personnel.
  double total_personnel = 0;
  for (const Membership* membership : registry.members(*nato, start)) {
    if (membership->status != MembershipStatus::kMember) continue;
    const Nation* nation = registry.find_nation(membership->nation);
    facts.members.push_back(nation->iso3);
    Contributor ally;
    ally.nation = nation;
    ally.stream = nation_stream(nation->iso3);
    ally.distance_km = great_circle_km(nation->capital_lat, nation->capital_lon, facts.lat, facts.lon);
    if (auto found = s.affinity.find(nation->iso3); found != s.affinity.end()) ally.affinity = found->second;
    if (auto found = s.support.find(nation->iso3); found != s.support.end()) ally.fixed_support = found->second;
    if (const MilitaryPersonnel* personnel =
            figure_for_year(registry.dataset().military_personnel, nation->iso3, start.year())) {
      ally.key = static_cast<double>(personnel->personnel);
    } else {
      facts.notes.push_back(nation->iso3 + ": no military personnel figure in the data; contributes no troops");
    }
    total_personnel += ally.key;
    if (facts.verdict.target_nation == nation) model->target_ally_ = model->contributors_.size();
    model->contributors_.push_back(ally);
  }
  if (facts.members.size() > 63) return invalid("more than 63 allies: the position patterns do not fit 64 bits");
  if (total_personnel <= 0) {
    return invalid("no military personnel figures for the allies of " + start.to_string() +
                   " (data/military_personnel.csv): the force generation has no key; a database made before that file "
                   "existed needs `entente init` again");
  }
  for (Contributor& ally : model->contributors_) ally.key /= total_personnel;
  model->allies_ = model->contributors_.size();
  for (const auto* table : {&s.affinity, &s.support}) {
    for (const auto& [code, value] : *table) {
      if (std::find(facts.members.begin(), facts.members.end(), code) == facts.members.end()) {
        return invalid(std::string("positions.") + (table == &s.affinity ? "affinity" : "support") + ": " + code +
                       " is not an ally on " + start.to_string());
      }
    }
  }

  // Partners: their offers, when the scenario lets them take part and the rules allow it.
  for (const PartnerContribution& offer : s.partners) {
    const Nation* nation = registry.find_nation(offer.nation);
    if (nation == nullptr) {
      return Status(ErrorCode::kUnknownNation, "partners.contribution: no nation with code '" + offer.nation + "'");
    }
    if (std::find(facts.members.begin(), facts.members.end(), offer.nation) != facts.members.end()) {
      return invalid("partners.contribution: " + offer.nation + " is an ally on " + start.to_string() +
                     ", not a partner; allies contribute through the force model");
    }
    if (!s.partners_contribute) {
      facts.notes.push_back(offer.nation + ": partner contributions are off (partners.contribute = false)");
      continue;
    }
    const EligibilityAnswer eligible = check_eligibility(registry, *nation, *nato, "operations", start);
    if (eligible.eligible == Eligibility::kNo) {
      const std::string why = eligible.reasoning.empty() ? "" : ": " + eligible.reasoning.back().finding;
      facts.notes.push_back(offer.nation + ": may not take part in NATO operations on " + start.to_string() + why);
      continue;
    }
    Contributor partner;
    partner.nation = nation;
    partner.stream = nation_stream(nation->iso3);
    partner.ally = false;
    partner.distance_km = great_circle_km(nation->capital_lat, nation->capital_lon, facts.lat, facts.lon);
    partner.partner_tier = offer.tier - 1;
    partner.partner_troops = offer.troops;
    model->contributors_.push_back(partner);
  }

  model->days_ = static_cast<int>(std::ceil(s.horizon_days));
  model->max_forces_ = s.forward_troops;
  for (const Tier& tier : s.tiers) model->max_forces_ += tier.troops * std::max(s.article5_share, s.crisis_share);
  for (std::size_t i = model->allies_; i < model->contributors_.size(); ++i) {
    model->max_forces_ += model->contributors_[i].partner_troops;
  }

  // The decision engine must accept the Council's proposal as the model puts it.
  if (Result<Decision> check = model->decisions_.decide(model->proposal(0)); !check) {
    return Status(ErrorCode::kInternal,
                  "the decision engine refused the model's proposal: " + check.status().message());
  }
  return model;
}

double CrisisModel::adversary_on(double day) const {
  return std::min(scenario_.adversary_max, scenario_.adversary_initial + scenario_.adversary_per_day * day);
}

double CrisisModel::support_probability(std::size_t index, int round) const {
  const Contributor& ally = contributors_[index];
  if (index == target_ally_) return 1;
  if (ally.fixed_support) return *ally.fixed_support;
  const Scenario& s = scenario_;
  return logistic(s.position_base + s.position_threat * s.intensity + s.position_distance * ally.distance_km / 1000 +
                  s.position_affinity * ally.affinity + s.position_round_shift * (round - 1));
}

Proposal CrisisModel::proposal(std::uint64_t objectors) const {
  Proposal proposal;
  proposal.organisation = "NATO";
  proposal.subject = "Respond to the crisis: " + (scenario_.name.empty() ? std::string("scenario") : scenario_.name);
  proposal.as_of = scenario_.start;
  proposal.default_position = Position::kSupport;
  proposal.procedure = silence_ ? Procedure::kSilence : Procedure::kConsensus;
  if (silence_) {
    proposal.silence_deadline = scenario_.start.add_days(static_cast<std::int32_t>(std::ceil(scenario_.silence_days)));
  }
  for (std::size_t i = 0; i < allies_; ++i) {
    if ((objectors >> i & 1U) == 0) continue;
    const std::string& code = facts_.members[i];
    proposal.positions[code] = Position::kObject;
    if (silence_) proposal.silence_breaks[code] = scenario_.start;
  }
  return proposal;
}

bool CrisisModel::adopted(std::uint64_t objectors, Workspace& workspace) const {
  if (auto found = workspace.adopted.find(objectors); found != workspace.adopted.end()) return found->second;
  // A bound on memory when positions are close calls and patterns rarely repeat; the memo
  // only saves work, so forgetting it changes no result.
  constexpr std::size_t kMemoLimit = 4096;
  if (workspace.adopted.size() >= kMemoLimit) workspace.adopted.clear();
  Result<Decision> decision = decisions_.decide(proposal(objectors));
  const bool adopted = decision && decision->adopted;
  workspace.adopted.emplace(objectors, adopted);
  return adopted;
}

std::int64_t CrisisModel::troops_of(std::size_t contributor, std::size_t tier, double share) const {
  const Contributor& c = contributors_[contributor];
  if (!c.ally) return c.partner_tier == static_cast<int>(tier) ? std::llround(c.partner_troops) : 0;
  return std::llround(scenario_.tiers[tier].troops * share * c.key);
}

void CrisisModel::run(std::uint64_t seed, std::uint64_t replication, Workspace& workspace, Outcome& outcome) const {
  const Scenario& s = scenario_;
  const std::size_t count = contributors_.size();
  outcome = Outcome{};
  outcome.forces_by_day.assign(days_ + 1, 0);
  outcome.contributed.assign(count, 0);
  workspace.arrivals_by_day.assign(days_ + 1, 0);
  workspace.pending.assign(count * kMaxTiers, 0);
  EventQueue& queue = workspace.queue;
  queue.clear();
  const auto at = [&](double time, EventKind kind, std::uint32_t subject) {
    if (time <= s.horizon_days) (void)queue.schedule(time, kind, subject);
  };

  // Warning: the same draws whatever the policy, so that comparisons share them.
  Stream warning(seed, replication, Subsystem::kWarning);
  const bool noticed = warning.bernoulli(s.warning_probability);
  const double lead = s.warning_delay.draw(warning);
  const double after = s.detection_after_attack.draw(warning);
  outcome.warned_before_attack = noticed && lead < s.attack_day;
  at(outcome.warned_before_attack ? lead : s.attack_day + after, kDetected, 0);

  std::vector<bool> activated(s.tiers.size(), false);
  // Before the decision (pre-authorised moves), the share of a certain Article 5 case; the
  // crisis share whenever Article 5 might not apply.
  const bool certain_article5 = facts_.verdict.verdict == ScopeRuling::kCovered && s.armed_attack_chance() >= 1;
  double share = certain_article5 ? s.article5_share : s.crisis_share;
  std::uint64_t participants = ~std::uint64_t{0};  // allies taking part outside Article 5
  int adopting_round = 1;

  while (!queue.empty()) {
    const Event event = queue.pop();
    const double now = event.time;
    switch (event.kind) {
      case kDetected: {
        outcome.detected = now;
        Stream consultation(seed, replication, Subsystem::kConsultation);
        const double request = now + s.consultation_request.draw(consultation);
        at(request + s.consultation_meeting.draw(consultation), kMeeting, 0);
        if (s.pre_authorised && !s.tiers.empty()) {
          activated[0] = true;
          at(now, kActivate, 0);
        }
        break;
      }
      case kMeeting: {
        outcome.consulted = now;
        Stream timing(seed, replication, Subsystem::kDecision, 1);
        const double draft = now + s.drafting.draw(timing);
        const double decide = silence_ ? s.silence_days : s.deliberation.draw(timing);
        at(draft + decide, kDecide, 1);
        break;
      }
      case kDecide: {
        const int round = static_cast<int>(event.subject);
        outcome.rounds = round;
        std::uint64_t objectors = 0;
        for (std::size_t i = 0; i < allies_; ++i) {
          Stream position(seed, replication, Subsystem::kPositions,
                          contributors_[i].stream * 16 + static_cast<std::uint32_t>(round));
          if (!position.bernoulli(support_probability(i, round))) objectors |= std::uint64_t{1} << i;
        }
        if (round == 1) outcome.first_round_objectors = std::popcount(objectors);
        if (adopted(objectors, workspace)) {
          outcome.decided = now;
          adopting_round = round;
          Stream article5(seed, replication, Subsystem::kArticle5);
          const double contested = article5.uniform();
          const double armed_attack = article5.uniform();
          const ScopeRuling ruling = facts_.verdict.verdict;
          const bool covered = ruling == ScopeRuling::kCovered ||
                               (ruling == ScopeRuling::kContested && contested <= s.contested_probability);
          outcome.article5 = covered && armed_attack <= s.armed_attack_chance();
          share = outcome.article5 ? s.article5_share : s.crisis_share;
          if (!outcome.article5) {
            for (std::size_t i = 0; i < allies_; ++i) {
              Stream participation(seed, replication, Subsystem::kParticipation, contributors_[i].stream);
              if (!participation.bernoulli(support_probability(i, adopting_round))) {
                participants &= ~(std::uint64_t{1} << i);
              }
            }
          }
          for (std::size_t tier = 0; tier < s.tiers.size(); ++tier) {
            if (!activated[tier]) {
              activated[tier] = true;
              at(now, kActivate, static_cast<std::uint32_t>(tier));
            }
          }
        } else if (round < s.max_rounds) {
          Stream timing(seed, replication, Subsystem::kDecision, static_cast<std::uint32_t>(round + 1));
          const double redraft = now + s.retry.draw(timing);
          const double decide = silence_ ? s.silence_days : s.deliberation.draw(timing);
          at(redraft + decide, kDecide, static_cast<std::uint32_t>(round + 1));
        }
        break;
      }
      case kActivate: {
        const std::size_t tier = event.subject;
        const Tier& t = s.tiers[tier];
        for (std::size_t c = 0; c < count; ++c) {
          if (c < allies_ && (participants >> c & 1U) == 0) continue;
          const std::int64_t troops = troops_of(c, tier, share);
          if (troops <= 0) continue;
          const auto index = static_cast<std::uint32_t>(c * kMaxTiers + tier);
          const std::uint32_t stream = contributors_[c].stream * kMaxTiers + static_cast<std::uint32_t>(tier);
          Stream readiness(seed, replication, Subsystem::kReadiness, stream);
          Stream deployment(seed, replication, Subsystem::kDeployment, stream);
          const Contributor& from = contributors_[c];
          const double transit =
              t.by_air ? from.distance_km / s.air_km_per_day : from.distance_km * s.detour / s.surface_km_per_day;
          workspace.pending[index] = troops;
          at(now + t.ready.draw(readiness) + s.loading.draw(deployment) + transit, kArrival, index);
        }
        break;
      }
      case kArrival: {
        const std::int64_t troops = workspace.pending[event.subject];
        outcome.contributed[event.subject / kMaxTiers] += troops;
        workspace.arrivals_by_day[static_cast<std::size_t>(std::ceil(now))] += troops;
        if (std::isnan(outcome.first_forces)) outcome.first_forces = now;
        break;
      }
      default: break;
    }
  }

  // Forces in theatre at the end of each day, and the first day they deter.
  std::int64_t forces = std::llround(s.forward_troops);
  for (int day = 0; day <= days_; ++day) {
    forces += workspace.arrivals_by_day[day];
    outcome.forces_by_day[day] = forces;
    if (std::isnan(outcome.deterred) && static_cast<double>(forces) >= s.deterrence_ratio * adversary_on(day)) {
      outcome.deterred = day;
    }
  }
}

}  // namespace entente::sim
