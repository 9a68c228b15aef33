#include "engine/render_csv.hpp"

#include "core/csv.hpp"
#include "model/vocabulary.hpp"

namespace entente {

namespace {

std::string name_of(const Registry& registry, const std::string& iso3) {
  const Nation* nation = registry.find_nation(iso3);
  return nation ? nation->name : iso3;
}

std::string day_or_empty(const std::optional<Date>& day) { return day ? day->to_string() : std::string(); }

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) {
    if (!text.empty()) text += ';';
    text += item;
  }
  return text;
}

}  // namespace

std::string CsvDocument::text() const {
  std::string out;
  const auto write = [&out](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ',';
      out += csv_escape(row[i]);
    }
    out += '\n';
  };
  write(header);
  for (const auto& row : rows) write(row);
  return out;
}

namespace {

// Membership or partnership periods, a row each.
template <typename Period>
CsvDocument periods_csv(const std::vector<const Period*>& periods, const Registry& registry) {
  CsvDocument csv{{"iso3", "name", "status", "from", "to", "source", "note"}, {}};
  for (const Period* p : periods) {
    csv.rows.push_back({p->nation, name_of(registry, p->nation), std::string(to_string(p->status)),
                        p->period.from.to_string(), day_or_empty(p->period.to), p->provenance.source,
                        p->provenance.note});
  }
  return csv;
}

}  // namespace

CsvDocument to_csv(const MembersAnswer& answer, const Registry& registry) {
  return periods_csv(answer.members, registry);
}

CsvDocument to_csv(const PartnersAnswer& answer, const Registry& registry) {
  return periods_csv(answer.partners, registry);
}

CsvDocument to_csv(const RelationsAnswer& answer) {
  CsvDocument csv{{"iso3", "name", "relation", "frameworks"}, {}};
  for (const RelationEntry& entry : answer.relations) {
    csv.rows.push_back(
        {entry.nation->iso3, entry.nation->name, std::string(to_string(entry.relation)), joined(entry.frameworks)});
  }
  return csv;
}

CsvDocument to_csv(const ProfileAnswer& answer, const Registry& registry) {
  CsvDocument csv{{"kind", "organisation", "subject", "status", "from", "to", "source", "note"}, {}};
  const NationProfile& profile = answer.profile;
  for (const Membership* m : profile.memberships) {
    csv.rows.push_back({"membership", m->organisation, "", std::string(to_string(m->status)),
                        m->period.from.to_string(), day_or_empty(m->period.to), m->provenance.source,
                        m->provenance.note});
  }
  for (const Partnership* p : profile.partnerships) {
    const Framework* framework = registry.find_framework(p->framework);
    csv.rows.push_back({"partnership", framework ? framework->organisation : "", p->framework,
                        std::string(to_string(p->status)), p->period.from.to_string(), day_or_empty(p->period.to),
                        p->provenance.source, p->provenance.note});
  }
  for (const PartnershipPlan* p : profile.plans) {
    csv.rows.push_back({"plan", p->organisation, p->plan, "", p->period.from.to_string(), day_or_empty(p->period.to),
                        p->provenance.source, p->provenance.note});
  }
  for (const TerritoryChange* t : profile.territory_changes) {
    csv.rows.push_back({"territory-" + std::string(to_string(t->kind)), t->organisation, t->territory, "",
                        t->date.to_string(), "", t->provenance.source, t->provenance.note});
  }
  return csv;
}

CsvDocument to_csv(const TimelineAnswer& answer) {
  CsvDocument csv{{"date", "kind", "nation", "organisation", "framework", "detail", "source", "note"}, {}};
  for (const TimelineEvent* e : answer.events) {
    csv.rows.push_back({e->date.to_string(), std::string(to_string(e->kind)), e->nation, e->organisation, e->framework,
                        e->detail, e->provenance.source, e->provenance.note});
  }
  return csv;
}

CsvDocument nations_csv(const std::vector<const Nation*>& nations) {
  CsvDocument csv{{"iso3", "iso2", "iso_numeric", "name", "status", "region", "subregion", "capital"}, {}};
  for (const Nation* n : nations) {
    csv.rows.push_back({n->iso3, n->iso2, n->iso_numeric, n->name, std::string(to_string(n->status)), n->region,
                        n->subregion, n->capital});
  }
  return csv;
}

CsvDocument to_csv(const SearchAnswer& answer) { return nations_csv(answer.nations); }

CsvDocument organisations_csv(const Registry& registry) {
  CsvDocument csv{{"id", "name", "founded", "dissolved", "headquarters", "decision_rule", "source", "note"}, {}};
  for (const Organisation& o : registry.dataset().organisations) {
    csv.rows.push_back({o.id, o.name, o.founded.to_string(), day_or_empty(o.dissolved), o.headquarters, o.decision_rule,
                        o.provenance.source, o.provenance.note});
  }
  return csv;
}

CsvDocument frameworks_csv(const Registry& registry) {
  CsvDocument csv{{"id", "name", "organisation", "launched", "ended", "successor", "source", "note"}, {}};
  for (const Framework& f : registry.dataset().frameworks) {
    csv.rows.push_back({f.id, f.name, f.organisation, f.launched.to_string(), day_or_empty(f.ended), f.successor,
                        f.provenance.source, f.provenance.note});
  }
  return csv;
}

CsvDocument publishers_csv(const Registry& registry) {
  CsvDocument csv{{"host", "publisher", "kind", "source", "note"}, {}};
  for (const Publisher& p : registry.dataset().publishers) {
    csv.rows.push_back({p.host, p.publisher, std::string(to_string(p.kind)), p.provenance.source, p.provenance.note});
  }
  return csv;
}

CsvDocument to_csv(const Decision& decision, const Registry& registry) {
  CsvDocument csv{{"iso3", "name", "position"}, {}};
  for (const auto& [nation, position] : decision.positions) {
    csv.rows.push_back({nation, name_of(registry, nation), std::string(to_string(position))});
  }
  return csv;
}

CsvDocument to_csv(const ConsultationsAnswer& answer) {
  CsvDocument csv{{"id", "date", "requested_by", "occasion", "outcome", "source", "note"}, {}};
  for (const Consultation* c : answer.consultations) {
    csv.rows.push_back({c->id, c->date.to_string(), joined(c->requested_by), c->occasion, c->outcome,
                        c->provenance.source, c->provenance.note});
  }
  return csv;
}

CsvDocument to_csv(const OperationsAnswer& answer) {
  CsvDocument csv{
      {"id", "name", "kind", "from", "to", "classification", "unsc_resolutions", "article5", "host_consent", "source"},
      {}};
  for (const OperationAssessment& a : answer.operations) {
    const Operation& o = *a.operation;
    csv.rows.push_back({o.id, o.name, o.kind, o.period.from.to_string(), day_or_empty(o.period.to),
                        std::string(to_string(a.classification)), joined(o.unsc_resolutions), o.article5 ? "yes" : "no",
                        o.host_consent, o.provenance.source});
  }
  return csv;
}

CsvDocument to_csv(const OperationAssessment& a, const Registry& registry) {
  CsvDocument csv{{"operation", "classification", "contested", "part", "clause", "finding", "iso3", "name", "role",
                   "source", "note"},
                  {}};
  const Operation& o = *a.operation;
  const std::string classification(to_string(a.classification));
  const std::string contested = a.contested ? "yes" : "no";
  for (const ReasoningStep& step : a.reasoning) {
    csv.rows.push_back({o.id, classification, contested, "legal-basis", step.clause, step.finding, "", "", "",
                        o.provenance.source, ""});
  }
  for (const OperationParticipant* p : a.participants) {
    csv.rows.push_back({o.id, classification, contested, "participant", "", "", p->nation, name_of(registry, p->nation),
                        p->role, p->provenance.source, p->provenance.note});
  }
  return csv;
}

CsvDocument to_csv(const EligibilityAnswer& a) {
  CsvDocument csv{{"nation", "name", "organisation", "activity", "as_of", "relation", "eligible", "standing",
                   "standing_eligible", "conditions", "source"},
                  {}};
  const auto add = [&](const std::vector<std::string>& route) {
    std::vector<std::string> row{a.nation->iso3,
                                 a.nation->name,
                                 a.organisation->id,
                                 a.activity,
                                 a.as_of.to_string(),
                                 std::string(to_string(a.relation)),
                                 std::string(to_string(a.eligible))};
    row.insert(row.end(), route.begin(), route.end());
    csv.rows.push_back(std::move(row));
  };
  for (const EligibilityRoute& route : a.routes) {
    add({route.standing, std::string(to_string(route.eligible)), route.conditions,
         route.rule ? route.rule->provenance.source : ""});
  }
  if (a.routes.empty()) add({"", "", "", ""});
  return csv;
}

CsvDocument to_csv(const Article6Verdict& verdict) {
  CsvDocument csv{
      {"as_of", "verdict", "article6_clause", "target_kind", "target_nation", "bound", "step", "clause", "finding"},
      {}};
  std::string bound;
  for (std::string_view nation : verdict.bound) {
    if (!bound.empty()) bound += ';';
    bound += nation;
  }
  int number = 1;
  for (const ReasoningStep& step : verdict.reasoning) {
    csv.rows.push_back({verdict.as_of.to_string(), std::string(to_string(verdict.verdict)), verdict.clause,
                        std::string(to_string(verdict.target)),
                        verdict.target_nation ? verdict.target_nation->iso3 : "", bound, std::to_string(number++),
                        step.clause, step.finding});
  }
  return csv;
}

CsvDocument to_csv(const CouncilSeatsAnswer& answer, const Registry& registry) {
  CsvDocument csv{{"council", "iso3", "name", "from", "to", "term", "source", "note"}, {}};
  for (const CouncilSeat* seat : answer.seats) {
    csv.rows.push_back({seat->council, seat->nation, name_of(registry, seat->nation), seat->period.from.to_string(),
                        day_or_empty(seat->period.to), seat->term, seat->provenance.source, seat->provenance.note});
  }
  return csv;
}

CsvDocument accounts_csv(const std::vector<AccountView>& accounts) {
  CsvDocument csv{{"name", "role", "nation", "state", "created"}, {}};
  for (const AccountView& a : accounts) {
    csv.rows.push_back({a.name, std::string(word_of(a.role)), a.nation, a.disabled ? "disabled" : "active", a.created});
  }
  return csv;
}

CsvDocument audit_csv(const std::vector<AuditEntry>& entries) {
  CsvDocument csv{{"id", "at", "actor", "action", "kind", "record", "reason", "before", "after", "request_id"}, {}};
  for (const AuditEntry& e : entries) {
    csv.rows.push_back({std::to_string(e.id), e.at, e.actor, e.action, e.kind, std::to_string(e.record), e.reason,
                        e.before, e.after, e.request_id});
  }
  return csv;
}

}  // namespace entente
