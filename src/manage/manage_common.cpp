#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/text.hpp"
#include "manage/manage_internal.hpp"
#include "model/vocabulary.hpp"

namespace entente::manage {

Result<Work> Work::begin(Store* store, Store::Access access) {
  if (store == nullptr) {
    return Status(ErrorCode::kUnavailable, "partnership management needs a database; this engine has none");
  }
  Result<std::unique_ptr<Transaction>> tx = store->begin(access);
  if (!tx) return tx.status();
  return Work(std::move(*tx));
}

RowFilter where(const std::string& column, Value value) {
  RowFilter filter;
  filter.equal.emplace_back(column, std::move(value));
  return filter;
}

RowFilter where(const std::string& column, Value value, const std::string& column2, Value value2) {
  RowFilter filter = where(column, std::move(value));
  filter.equal.emplace_back(column2, std::move(value2));
  return filter;
}

bool sees_all(const Principal& actor) {
  return actor.role == Role::kAllianceStaff || actor.role == Role::kAdministrator;
}

std::string officer_nation(const Principal& actor) {
  return actor.role == Role::kNationOfficer ? actor.nation : std::string();
}

Result<std::string> text_field(const std::optional<std::string>& value, const std::string& field, bool required,
                               std::size_t limit, const std::string& fallback) {
  if (!value) {
    if (required && fallback.empty()) return Status(ErrorCode::kInvalidArgument, "missing " + field.substr(1), field);
    return fallback;
  }
  const std::string& text = *value;
  if (!is_valid_utf8(text)) return Status(ErrorCode::kInvalidArgument, field.substr(1) + " is not UTF-8", field);
  // C0 controls but newline and tab, DEL, and the C1 controls (U+0080 to U+009F, in UTF-8
  // 0xC2 0x80 to 0xC2 0x9F).
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool c0 = byte < 0x20 && byte != '\n' && byte != '\t';
    const bool c1 = byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (c0 || byte == 0x7F || c1) {
      return Status(ErrorCode::kInvalidArgument, field.substr(1) + " holds a control character", field);
    }
  }
  const std::size_t first = text.find_first_not_of(" \t\n");
  const std::string trimmed =
      first == std::string::npos ? std::string() : text.substr(first, text.find_last_not_of(" \t\n") - first + 1);
  if (required && trimmed.empty()) return Status(ErrorCode::kInvalidArgument, field.substr(1) + " is empty", field);
  if (trimmed.size() > limit) {
    return Status(ErrorCode::kInvalidArgument, field.substr(1) + " is longer than " + std::to_string(limit) + " bytes",
                  field);
  }
  return trimmed;
}

Result<Date> date_field(const std::string& value, const std::string& field) {
  Result<Date> date = Date::parse(value);
  if (!date) {
    return Status(ErrorCode::kInvalidDate, field.substr(1) + " '" + value.substr(0, 40) + "' is not a YYYY-MM-DD date",
                  field);
  }
  return date;
}

Date day_of(const std::string& instant, Date fallback) {
  Result<Date> day = Date::parse(instant.substr(0, 10));
  return day ? *day : fallback;
}

Result<std::vector<TransitionEntry>> history_of(Work& work, const std::string& workflow, std::int64_t subject) {
  return work.table(transitions_table()).where(where("workflow", workflow, "subject", subject));
}

std::string value_json(const Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, double>) {
          return boost::json::serialize(boost::json::value(v));
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, Date>) {
          return "\"" + v.to_string() + "\"";
        } else if constexpr (std::is_same_v<T, std::optional<Date>>) {
          return v ? "\"" + v->to_string() + "\"" : std::string("null");
        } else if constexpr (std::is_same_v<T, std::optional<double>>) {
          return v ? boost::json::serialize(boost::json::value(*v)) : std::string("null");
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          std::string list = "[";
          for (std::size_t i = 0; i < v.size(); ++i) {
            list += (i ? "," : "") + boost::json::serialize(boost::json::value(v[i]));
          }
          return list + "]";
        } else {
          return "null";
        }
      },
      value);
}

// A word of a workflow for a sentence: "under-review" reads "under review".
std::string plain(std::string word) {
  std::replace(word.begin(), word.end(), '-', ' ');
  return word;
}

Status audit(Work& work, const Principal& actor, AuditAction action, AuditKind kind, std::int64_t record,
             const std::string& before, const std::string& after, const std::string& reason,
             const std::string& request_id, const std::string& now) {
  AuditEntry entry;
  entry.at = now;
  entry.actor = actor.name;
  entry.action = std::string(word_of(action));
  entry.kind = std::string(word_of(kind));
  entry.record = record;
  entry.before = before;
  entry.after = after;
  entry.reason = reason;
  entry.request_id = request_id;
  Result<std::int64_t> appended = work.tx().audit().append(entry);
  if (!appended) return appended.status();
  return Status::ok();
}

Status notify(Work& work, const std::vector<std::string>& actors, const Subject& subject, const std::string& text,
              const Registry& registry, Date today, const std::string& now, std::int64_t except) {
  if (actors.empty()) return Status::ok();
  Result<std::vector<AccountRecord>> accounts = work.tx().accounts().list();
  if (!accounts) return accounts.status();
  const Rows<Notification> notifications = work.table(notifications_table());
  for (const AccountRecord& account : *accounts) {
    if (account.disabled || account.id == except) continue;
    Principal principal;
    principal.via = Principal::Via::kSession;
    principal.account = account.id;
    principal.name = account.name;
    principal.role = parse_word<Role>(account.role).value_or(Role::kViewer);
    principal.nation = account.nation;
    const std::vector<std::string> kinds = actor_kinds(principal, subject, registry, today);
    const bool addressed = std::any_of(kinds.begin(), kinds.end(), [&](const std::string& kind) {
      return std::find(actors.begin(), actors.end(), kind) != actors.end();
    });
    if (!addressed) continue;
    Notification notification;
    notification.account = account.id;
    notification.workflow = subject.workflow;
    notification.subject = subject.id;
    notification.text = text;
    notification.created_at = now;
    if (Result<Notification> stored = notifications.insert(notification); !stored) return stored.status();
  }
  return Status::ok();
}

Status check_attachments(const std::vector<std::string>& attachments) {
  constexpr std::size_t kMostAttachments = 10;
  constexpr std::size_t kLongestUrl = 2000;
  if (attachments.size() > kMostAttachments) {
    return Status(ErrorCode::kInvalidArgument, "a step refers to at most 10 documents", "/attachments");
  }
  for (std::size_t i = 0; i < attachments.size(); ++i) {
    const std::string& url = attachments[i];
    const bool scheme = url.starts_with("https://") || url.starts_with("http://");
    const bool clean = std::none_of(url.begin(), url.end(), [](char c) {
      return static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F || c == ';' || c == '"' ||
             c == '<' || c == '>';
    });
    if (!scheme || !clean || url.size() > kLongestUrl || url.find("://") + 3 >= url.size()) {
      return Status(ErrorCode::kInvalidArgument,
                    "an attachment is the http(s) URL of a document, without spaces or ';', at most 2,000 characters",
                    "/attachments/" + std::to_string(i));
    }
  }
  return Status::ok();
}

Result<StepTaken> record_step(Work& work, const WorkflowRule& rule, const Subject& subject, const Principal& actor,
                              const std::vector<TransitionEntry>& history, const StepRequest& request,
                              const Registry& registry, Date today, const std::string& now, AuditKind audit_kind) {
  if (Status status = check_attachments(request.attachments); !status) return status;
  const std::vector<std::string> approved = Workflow::approvals(rule, subject, history);
  const bool moves = static_cast<std::int64_t>(approved.size()) + 1 >= rule.approvals;
  TransitionEntry entry;
  entry.workflow = subject.workflow;
  entry.subject = subject.id;
  entry.action = rule.action;
  entry.from_state = subject.state;
  entry.to_state = moves ? rule.to : subject.state;
  entry.actor = actor.name;
  entry.actor_role = actor.via == Principal::Via::kAnonymous ? "system" : std::string(word_of(actor.role));
  entry.actor_nation = actor.nation;
  entry.comment = request.comment;
  entry.at = now;
  entry.effective = moves ? 1 : 0;
  entry.request_id = request.request_id;
  entry.attachments = request.attachments;
  if (Result<TransitionEntry> stored = work.table(transitions_table()).insert(entry); !stored) return stored.status();

  const std::string what = subject.title.empty() ? subject.workflow + " " + std::to_string(subject.id) : subject.title;
  const std::string text = moves ? what + ": " + rule.action + " by " + actor.name + ", now " + plain(rule.to) +
                                       (request.comment.empty() ? "" : ". " + request.comment)
                                 : what + ": " + actor.name + " approved '" + rule.action + "' (" +
                                       std::to_string(approved.size() + 1) + " of " + std::to_string(rule.approvals) +
                                       ")";
  if (moves) {
    if (Status status = notify(work, rule.notify, subject, text, registry, today, now, actor.account); !status) {
      return status;
    }
  }
  const std::string before =
      "{\"state\":\"" + subject.state + "\",\"version\":" + std::to_string(subject.version) + "}";
  const std::string after = "{\"state\":\"" + entry.to_state + "\",\"action\":\"" + rule.action + "\"}";
  if (Status status = audit(work, actor, AuditAction::kStep, audit_kind, subject.id, before, after, request.comment,
                            request.request_id, now);
      !status) {
    return status;
  }
  return StepTaken{entry.to_state, moves};
}

std::vector<ActionOption> action_options(const Workflow& workflow, const Principal& actor, const Subject& subject,
                                         const std::vector<TransitionEntry>& history, const Registry& registry,
                                         Date today) {
  std::vector<ActionOption> options;
  for (const StepOption& option : workflow.options(actor, subject, history, registry, today)) {
    ActionOption action;
    action.action = option.rule->action;
    action.to = option.rule->to;
    action.allowed = option.allowed;
    action.comment = option.rule->comment;
    action.approvals = option.rule->approvals;
    action.approved_by = Workflow::approvals(*option.rule, subject, history);
    action.reason = option.reason;
    options.push_back(std::move(action));
  }
  return options;
}

}  // namespace entente::manage
