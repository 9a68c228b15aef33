#pragma once

// What the files of ManageService share. Private to src/manage/.

#include <memory>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "manage/manage_service.hpp"
#include "manage/tables.hpp"
#include "store/rows.hpp"

namespace entente::manage {

// The limits of what a request may write.
inline constexpr std::size_t kMaxTitle = 200;
inline constexpr std::size_t kMaxText = 4000;
inline constexpr std::size_t kMaxList = 200;

// One unit of work with the typed tables of the manage records.
class Work {
 public:
  static Result<Work> begin(Store* store, Store::Access access);

  Transaction& tx() { return *tx_; }
  RowRepository& rows() { return tx_->rows(); }
  template <typename Record>
  Rows<Record> table(const TableDescription<Record>& description) {
    return Rows<Record>(tx_->rows(), description);
  }
  Status commit() { return tx_->commit(); }

 private:
  explicit Work(std::unique_ptr<Transaction> tx) : tx_(std::move(tx)) {}
  std::unique_ptr<Transaction> tx_;
};

// The filter of rows whose `column` equals `value`.
RowFilter where(const std::string& column, Value value);
RowFilter where(const std::string& column, Value value, const std::string& column2, Value value2);

// Whether the caller sees everything (staff, administrators, the operator).
bool sees_all(const Principal& actor);
// The caller's nation, when a nation officer; empty otherwise.
std::string officer_nation(const Principal& actor);

// A text field: trimmed, required or not, at most `limit` bytes, valid UTF-8 without
// control characters; errors name `field` (a JSON pointer).
Result<std::string> text_field(const std::optional<std::string>& value, const std::string& field, bool required,
                               std::size_t limit, const std::string& fallback = "");
Result<Date> date_field(const std::string& value, const std::string& field);
// The day of an instant ("2026-12-05T10:00:00.000Z"), or `fallback` when it is none.
Date day_of(const std::string& instant, Date fallback);

// The transitions of a subject, oldest first.
Result<std::vector<TransitionEntry>> history_of(Work& work, const std::string& workflow, std::int64_t subject);

// Takes `rule` on `subject` for `actor`: records the transition (or, for a step that
// needs N approvals and lacks some, the approval), notifies, writes the audit entry.
// Returns the new state (unchanged while approvals are missing). The caller has checked
// the rule and writes the subject's new state with the version it read.
struct StepTaken {
  std::string state;
  bool moved = false;
};
Result<StepTaken> record_step(Work& work, const WorkflowRule& rule, const Subject& subject, const Principal& actor,
                              const std::vector<TransitionEntry>& history, const StepRequest& request,
                              const Registry& registry, Date today, const std::string& now, AuditKind audit_kind);

// The attachments of a step: at most 10 http(s) URLs; kInvalidArgument naming the one.
Status check_attachments(const std::vector<std::string>& attachments);

// Sends `text` about a subject to every account the actor words (kWorkflowActorWords)
// name, but not to `except` (the account that caused it).
Status notify(Work& work, const std::vector<std::string>& actors, const Subject& subject, const std::string& text,
              const Registry& registry, Date today, const std::string& now, std::int64_t except);

// One audit entry of a manage write.
Status audit(Work& work, const Principal& actor, AuditAction action, AuditKind kind, std::int64_t record,
             const std::string& before, const std::string& after, const std::string& reason,
             const std::string& request_id, const std::string& now);

// The options of a subject for a view.
std::vector<ActionOption> action_options(const Workflow& workflow, const Principal& actor, const Subject& subject,
                                         const std::vector<TransitionEntry>& history, const Registry& registry,
                                         Date today);

// A record as the audit log keeps it: its columns as a JSON object.
template <typename Record>
std::string audit_json(const TableDescription<Record>& table, const Record& record);
std::string value_json(const Value& value);

template <typename Record>
std::string audit_json(const TableDescription<Record>& table, const Record& record) {
  std::string json = "{";
  bool first = true;
  for (const Column<Record>& column : table.columns) {
    json += (first ? "\"" : ",\"") + std::string(column.name) + "\":" + value_json(column.get(record));
    first = false;
  }
  return json + "}";
}

}  // namespace entente::manage
