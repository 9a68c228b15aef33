#include "manage/manage_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace entente {

namespace json = boost::json;

namespace manage_json_detail {

json::value value_json(const Value& value) {
  return std::visit(
      [](const auto& v) -> json::value {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::int64_t> || std::is_same_v<T, double>) {
          return json::value(v);
        } else if constexpr (std::is_same_v<T, Date>) {
          return json::value(v.to_string());
        } else if constexpr (std::is_same_v<T, std::optional<Date>>) {
          return v ? json::value(v->to_string()) : json::value(nullptr);
        } else if constexpr (std::is_same_v<T, std::optional<double>>) {
          return v ? json::value(*v) : json::value(nullptr);
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          json::array list;
          for (const std::string& item : v) list.emplace_back(item);
          return list;
        } else {
          return nullptr;
        }
      },
      value);
}

std::string value_cell(const Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, double>) {
          return json::serialize(json::value(v));
        } else if constexpr (std::is_same_v<T, Date>) {
          return v.to_string();
        } else if constexpr (std::is_same_v<T, std::optional<Date>>) {
          return v ? v->to_string() : std::string();
        } else if constexpr (std::is_same_v<T, std::optional<double>>) {
          return v ? json::serialize(json::value(*v)) : std::string();
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          std::string cell;
          for (std::size_t i = 0; i < v.size(); ++i) cell += (i ? ";" : "") + v[i];
          return cell;
        } else {
          return std::string();
        }
      },
      value);
}

std::string_view member_name(std::string_view column) {
  if (column == "valid_from") return "from";
  if (column == "valid_to") return "to";
  if (column == "evaluated_on") return "on";
  if (column == "start_day") return "start";
  if (column == "end_day") return "end";
  if (column == "signed_on") return "signed";
  return column;
}

}  // namespace manage_json_detail

namespace {

json::array strings(const std::vector<std::string>& words) {
  json::array array;
  for (const std::string& word : words) array.emplace_back(word);
  return array;
}

json::array actions_json(const std::vector<ActionOption>& options) {
  json::array array;
  for (const ActionOption& option : options) array.push_back(to_json(option));
  return array;
}

// A reasoning text, one "clause: finding" per line, as steps.
json::array reasoning_json(const std::string& text) {
  json::array steps;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    const std::size_t colon = line.find(": ");
    steps.push_back(json::object{{"clause", colon == std::string::npos ? std::string() : line.substr(0, colon)},
                                 {"finding", colon == std::string::npos ? line : line.substr(colon + 2)}});
    start = end + 1;
  }
  return steps;
}

}  // namespace

json::value to_json(const ActionOption& option) {
  return json::object{{"action", option.action},       {"to", option.to},
                      {"allowed", option.allowed},     {"comment_required", option.comment},
                      {"approvals", option.approvals}, {"approved_by", strings(option.approved_by)},
                      {"reason", option.reason}};
}

json::value to_json(const RoundView& view) {
  json::object round = row_json(council_rounds_table(), view.round);
  round["reasoning"] = reasoning_json(view.round.reasoning);
  round["positions"] = rows_json(council_positions_table(), view.positions);
  round["awaiting"] = strings(view.awaiting);
  round["may_state_position"] = view.may_state_position;
  return round;
}

json::value to_json(const ProgrammeView& view) {
  json::object programme = row_json(programmes_table(), view.programme);
  programme["nation_name"] = view.nation_name;
  programme["objectives"] = rows_json(objectives_table(), view.objectives);
  programme["goals"] = rows_json(goals_table(), view.goals);
  programme["activities"] = rows_json(programme_activities_table(), view.activities);
  programme["history"] = rows_json(transitions_table(), view.history);
  json::array rounds;
  for (const RoundView& round : view.rounds) rounds.push_back(to_json(round));
  programme["rounds"] = std::move(rounds);
  programme["actions"] = actions_json(view.actions);
  programme["states"] = strings(view.states);
  programme["editable"] = view.editable;
  json::array packages;
  for (std::size_t i = 0; i < view.dcb_packages.size(); ++i) {
    const DcbPackage* package = view.dcb_packages[i];
    const std::optional<Date> review = i < view.dcb_reviews.size() ? view.dcb_reviews[i] : std::nullopt;
    packages.push_back(
        json::object{{"from", package->period.from.to_string()},
                     {"to", package->period.to ? json::value(package->period.to->to_string()) : json::value(nullptr)},
                     {"next_review", review ? json::value(review->to_string()) : json::value(nullptr)},
                     {"source", package->provenance.source},
                     {"note", package->provenance.note}});
  }
  programme["dcb_packages"] = std::move(packages);
  return programme;
}

json::value to_json(const ProgrammeList& list) {
  return json::object{{"programmes", rows_json(programmes_table(), list.programmes)}, {"total", list.total}};
}

json::value to_json(const Inbox& inbox) {
  json::array awaiting;
  for (const InboxItem& item : inbox.awaiting) {
    awaiting.push_back(json::object{{"workflow", item.workflow},
                                    {"subject", item.subject},
                                    {"title", item.title},
                                    {"nation", item.nation},
                                    {"state", item.state},
                                    {"actions", strings(item.actions)},
                                    {"since", item.since}});
  }
  return json::object{{"awaiting", std::move(awaiting)},
                      {"notifications", rows_json(notifications_table(), inbox.notifications)},
                      {"unread", inbox.unread}};
}

json::value to_json(const ParpView& view) {
  json::object cycle = row_json(parp_cycles_table(), view.cycle);
  cycle["nation_name"] = view.nation_name;
  json::array goals;
  for (const PartnershipGoal& goal : view.goals) {
    json::object item = row_json(goals_table(), goal);
    std::vector<GoalResult> results;
    for (const GoalResult& result : view.results) {
      if (result.goal == goal.stamp.id) results.push_back(result);
    }
    item["results"] = rows_json(goal_results_table(), results);
    goals.push_back(std::move(item));
  }
  cycle["goals"] = std::move(goals);
  cycle["history"] = rows_json(transitions_table(), view.history);
  cycle["actions"] = actions_json(view.actions);
  cycle["states"] = strings(view.states);
  return cycle;
}

json::value to_json(const UnitView& view) {
  json::object unit = row_json(units_table(), view.unit);
  unit["nation_name"] = view.nation_name;
  unit["evaluations"] = rows_json(evaluations_table(), view.evaluations);
  unit["history"] = rows_json(transitions_table(), view.history);
  unit["ladder"] = strings(view.ladder);
  unit["next_step"] = view.next_step ? json::value(*view.next_step) : json::value(nullptr);
  json::array checklist;
  for (const ChecklistItem* item : view.checklist) {
    checklist.push_back(json::object{{"step", item->step}, {"item", item->item}, {"text", item->text}});
  }
  unit["checklist"] = std::move(checklist);
  unit["actions"] = actions_json(view.actions);
  return unit;
}

json::value to_json(const EventView& view) {
  json::object event = row_json(events_table(), view.event);
  event["invitations"] = rows_json(invitations_table(), view.invitations);
  event["registrations"] = rows_json(registrations_table(), view.registrations);
  event["registered"] = view.registered;
  event["waitlisted"] = view.waitlisted;
  event["feedback"] = rows_json(feedback_table(), view.feedback);
  event["average_rating"] =
      view.feedback.empty() && view.average_rating == 0 ? json::value(nullptr) : json::value(view.average_rating);
  event["actions"] = actions_json(view.actions);
  event["may_register"] = view.may_register;
  event["may_give_feedback"] = view.may_give_feedback;
  return event;
}

json::value menu_json(const std::vector<const MenuItem*>& items) {
  json::array array;
  for (const MenuItem* item : items) array.push_back(row_json(menu_table(), *item));
  return json::object{{"items", std::move(array)}, {"count", items.size()}};
}

}  // namespace entente
