#include "engine/registry_edits.hpp"

#include "store/dataset_reader.hpp"
#include "store/rows.hpp"
#include "store/tables.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cassert>
#include <charconv>

#include "core/text.hpp"

namespace entente {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxTextBytes = 4096;

// The members a body of `kind` may hold, beside "reason".
std::vector<std::string_view> members_of(RecordKind kind) {
  switch (kind) {
    case RecordKind::kMembership: return {"organisation", "nation", "from", "to", "status", "source", "note"};
    case RecordKind::kPartnership: return {"framework", "nation", "from", "to", "status", "source", "note"};
    case RecordKind::kPlan: return {"organisation", "nation", "plan", "from", "to", "source", "note"};
  }
  return {};
}

std::optional<std::string>* slot_of(RecordFields& fields, std::string_view member) {
  if (member == "organisation") return &fields.organisation;
  if (member == "framework") return &fields.framework;
  if (member == "nation") return &fields.nation;
  if (member == "plan") return &fields.plan;
  if (member == "from") return &fields.from;
  if (member == "to") return &fields.to;
  if (member == "status") return &fields.status;
  if (member == "source") return &fields.source;
  if (member == "note") return &fields.note;
  return nullptr;
}

json::value date_or_null(const std::optional<Date>& date) {
  return date ? json::value(date->to_string()) : json::value(nullptr);
}

std::string describe(const Interval& period) {
  return "[" + period.from.to_string() + ", " + (period.to ? period.to->to_string() : std::string("open")) + ")";
}

// The pair a record's periods may not overlap within, and its period.
// What two periods of one kind must differ in not to overlap; views into the record.
struct PeriodKey {
  std::string_view owner;
  std::string_view nation;
  std::string_view plan;
  bool operator==(const PeriodKey&) const = default;
};

PeriodKey key_of(const Membership& r) { return {r.organisation, r.nation, {}}; }
PeriodKey key_of(const Partnership& r) { return {r.framework, r.nation, {}}; }
PeriodKey key_of(const PartnershipPlan& r) { return {r.organisation, r.nation, r.plan}; }
PeriodKey key_of(const RegistryRecord& record) {
  return std::visit([](const auto& r) { return key_of(r); }, record);
}

const Interval& period_of(const RegistryRecord& record) {
  return std::visit([](const auto& r) -> const Interval& { return r.period; }, record);
}

// The orders the store loads records in, so that a snapshot built after an edit lists
// them as a restart would.
bool store_order(const Membership& a, const Membership& b) {
  return std::tie(a.organisation, a.period.from, a.nation) < std::tie(b.organisation, b.period.from, b.nation);
}
bool store_order(const Partnership& a, const Partnership& b) {
  return std::tie(a.framework, a.period.from, a.nation) < std::tie(b.framework, b.period.from, b.nation);
}
bool store_order(const PartnershipPlan& a, const PartnershipPlan& b) {
  return std::tie(a.nation, a.period.from, a.plan) < std::tie(b.nation, b.period.from, b.plan);
}

// The first column of each kind's order in the store (store_order): the rows a record
// could overlap share it with the record, so they lie together.
std::string_view leading_key(const Membership& r) { return r.organisation; }
std::string_view leading_key(const Partnership& r) { return r.framework; }
std::string_view leading_key(const PartnershipPlan& r) { return r.nation; }

// The rows are in the store's order (a snapshot of a store holds them as loaded and as
// edits place them: apply_to), by leading key and then by start, and the periods of one
// key never overlap. So the only period of the key that can overlap the record's is the
// last one starting before the record's ends: a handful of rows are read, not the table.
template <typename Row>
void check_overlaps(const SharedRows<Row>& rows, const RegistryRecord& record, std::int64_t replacing,
                    std::vector<FieldError>& errors) {
  assert(std::is_sorted(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return store_order(a, b); }));
  const PeriodKey key = key_of(record);
  const std::string_view lead = leading_key(std::get<Row>(record));
  const Interval& period = period_of(record);
  const std::size_t first = rows.partition_point([lead](const Row& row) { return leading_key(row) < lead; });
  const std::size_t after = rows.partition_point([&](const Row& row) {
    const std::string_view row_lead = leading_key(row);
    return row_lead < lead || (row_lead == lead && (!period.to || row.period.from < *period.to));
  });
  for (std::size_t i = after; i > first; --i) {
    const Row& row = rows[i - 1];
    if ((replacing != 0 && row.stamp.id == replacing) || key_of(row) != key) continue;
    if (row.period.overlaps(period)) {
      errors.push_back({"/from", "the period " + describe(period) + " overlaps " + describe(row.period) + " of " +
                                     std::string(key.owner) + " and " + std::string(key.nation) + " (record " +
                                     std::to_string(row.stamp.id) + "); correct that record instead"});
    }
    return;  // the key's earlier periods end before this one starts
  }
}

void check_within(const Interval& period, std::string_view what, std::optional<Date> begins, std::optional<Date> ends,
                  std::vector<FieldError>& errors) {
  if (begins && period.from < *begins) {
    errors.push_back({"/from", "starts " + period.from.to_string() + ", before " + std::string(what) + " began on " +
                                   begins->to_string()});
  } else if (ends && (!period.to || *ends < *period.to)) {
    errors.push_back({"/to", "runs " + (period.to ? "to " + period.to->to_string() : std::string("open-ended")) +
                                 ", past the end of " + std::string(what) + " on " + ends->to_string()});
  }
}

// Removes the row with `id` (unless 0) and puts `record` (if any) in its place in the
// store's order, copying only the chunks of rows it changes.
template <typename Row>
void apply_to(SharedRows<Row>& rows, const std::optional<Row>& record, std::int64_t id) {
  if (id != 0) rows.erase_first([id](const Row& row) { return row.stamp.id == id; });
  if (record) rows.insert_ordered(*record, [](const Row& a, const Row& b) { return store_order(a, b); });
}

// `dataset` with the record `id` of `kind` replaced by `record` (absent: removed; id 0:
// added).
Dataset with_change(const Dataset& current, RecordKind kind, std::int64_t id,
                    const std::optional<RegistryRecord>& record) {
  Dataset next = current;
  const auto as = [&record]<typename T>(std::type_identity<T>) -> std::optional<T> {
    if (!record) return std::nullopt;
    return std::get<T>(*record);
  };
  switch (kind) {
    case RecordKind::kMembership: apply_to(next.memberships, as(std::type_identity<Membership>{}), id); break;
    case RecordKind::kPartnership: apply_to(next.partnerships, as(std::type_identity<Partnership>{}), id); break;
    case RecordKind::kPlan: apply_to(next.plans, as(std::type_identity<PartnershipPlan>{}), id); break;
  }
  return next;
}

// The record a create builds from `fields`, or the correction of `base`.
Result<RegistryRecord> merge(RecordKind kind, const RecordFields& fields, const RegistryRecord* base) {
  std::vector<FieldError> errors;
  const auto text = [&](const std::optional<std::string>& given, std::string_view pointer,
                        const std::string& before) -> std::string {
    if (given) return *given;
    if (base == nullptr && pointer != "/note") errors.push_back({std::string(pointer), "required"});
    return before;
  };
  const auto date = [&](const std::optional<std::string>& given, std::string_view pointer, Date before) -> Date {
    if (!given) {
      if (base == nullptr) errors.push_back({std::string(pointer), "required (YYYY-MM-DD)"});
      return before;
    }
    Result<Date> parsed = Date::parse(*given);
    if (!parsed) {
      errors.push_back({std::string(pointer), "'" + *given + "' is not a date YYYY-MM-DD"});
      return before;
    }
    return *parsed;
  };
  const auto end = [&](const std::optional<std::string>& given, std::optional<Date> before) -> std::optional<Date> {
    if (!given) return before;
    if (given->empty()) return std::nullopt;
    Result<Date> parsed = Date::parse(*given);
    if (!parsed) {
      errors.push_back({"/to", "'" + *given + "' is not a date YYYY-MM-DD (or null for open)"});
      return before;
    }
    return *parsed;
  };
  RegistryRecord record = base != nullptr ? *base : [kind]() -> RegistryRecord {
    switch (kind) {
      case RecordKind::kPartnership: return Partnership{};
      case RecordKind::kPlan: return PartnershipPlan{};
      case RecordKind::kMembership: break;
    }
    return Membership{};
  }();
  std::visit(
      [&](auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, Partnership>) {
          r.framework = text(fields.framework, "/framework", r.framework);
        } else {
          r.organisation = text(fields.organisation, "/organisation", r.organisation);
        }
        r.nation = text(fields.nation, "/nation", r.nation);
        r.period.from = date(fields.from, "/from", r.period.from);
        r.period.to = end(fields.to, r.period.to);
        if constexpr (std::is_same_v<T, Membership>) {
          const std::string word = fields.status ? *fields.status : std::string(word_of(r.status));
          if (const auto status = parse_word<MembershipStatus>(word)) {
            r.status = *status;
          } else {
            errors.push_back({"/status", "'" + word + "' is not one of " + word_choices(words_of<MembershipStatus>())});
          }
        } else if constexpr (std::is_same_v<T, Partnership>) {
          const std::string word = fields.status ? *fields.status : std::string(word_of(r.status));
          if (const auto status = parse_word<PartnershipStatus>(word)) {
            r.status = *status;
          } else {
            errors.push_back(
                {"/status", "'" + word + "' is not one of " + word_choices(words_of<PartnershipStatus>())});
          }
        } else {
          r.plan = text(fields.plan, "/plan", r.plan);
        }
        // A correction must say where it comes from: the source is given anew.
        r.provenance.source = trim(text(fields.source, "/source", base == nullptr ? std::string() : ""));
        if (base != nullptr && !fields.source) errors.push_back({"/source", "a correction needs its source"});
        r.provenance.note = fields.note ? *fields.note : r.provenance.note;
      },
      record);
  if (!errors.empty()) {
    const Status invalid(ErrorCode::kInvalidArgument, errors.front().message);
    return invalid.with_errors(std::move(errors));
  }
  return record;
}

}  // namespace

std::string record_etag(std::int64_t version) { return "\"r" + std::to_string(version) + "\""; }

std::optional<std::int64_t> parse_record_etag(std::string_view tag) {
  tag = trim(tag);
  if (tag.size() < 4 || tag.front() != '"' || tag.back() != '"' || tag[1] != 'r') return std::nullopt;
  std::string_view digits = tag.substr(2, tag.size() - 3);
  // the tag of the same record as read compressed ("r3-br", "r3-gz") names the same version
  for (const std::string_view coding : {std::string_view("-br"), std::string_view("-gz")}) {
    if (digits.ends_with(coding)) digits.remove_suffix(coding.size());
  }
  std::int64_t version = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (error != std::errc() || end != digits.data() + digits.size() || version <= 0) return std::nullopt;
  return version;
}

std::string record_json(const RegistryRecord& record) {
  json::object object;
  std::visit(
      [&object](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        object["id"] = r.stamp.id;
        object["version"] = r.stamp.version;
        if constexpr (std::is_same_v<T, Partnership>) {
          object["framework"] = r.framework;
        } else {
          object["organisation"] = r.organisation;
        }
        object["nation"] = r.nation;
        if constexpr (std::is_same_v<T, PartnershipPlan>) object["plan"] = r.plan;
        object["from"] = r.period.from.to_string();
        object["to"] = date_or_null(r.period.to);
        if constexpr (!std::is_same_v<T, PartnershipPlan>) object["status"] = word_of(r.status);
        object["source"] = r.provenance.source;
        object["note"] = r.provenance.note;
      },
      record);
  return json::serialize(object);
}

Result<EditCommand> parse_edit_body(std::string_view json_text, RecordKind kind, EditCommand::Action action) {
  EditCommand command;
  command.action = action;
  command.kind = kind;
  if (action == EditCommand::Action::kDelete && trim(json_text).empty()) return command;
  boost::system::error_code error;
  const json::value body = json::parse(json_text, error);
  if (error) return Status(ErrorCode::kInvalidArgument, "the body is not JSON: " + error.message());
  if (!body.is_object()) return Status(ErrorCode::kInvalidArgument, "the body must be a JSON object", "");
  const std::vector<std::string_view> allowed = members_of(kind);
  for (const auto& [key, value] : body.as_object()) {
    const std::string pointer = "/" + json_pointer_token(key);
    const bool known = key == "reason" || std::find(allowed.begin(), allowed.end(), key) != allowed.end();
    if (!known || (action == EditCommand::Action::kDelete && key != "reason" && key != "source")) {
      std::string expected = "reason";
      if (action != EditCommand::Action::kDelete) {
        for (std::string_view member : allowed) expected += ", " + std::string(member);
      } else {
        expected += ", source";
      }
      return Status(ErrorCode::kInvalidArgument,
                    "unknown member '" + std::string(key) + "'; expected one of: " + expected, pointer);
    }
    if (key == "to" && value.is_null()) {
      command.fields.to = std::string();
      continue;
    }
    if (!value.is_string()) {
      return Status(ErrorCode::kInvalidArgument,
                    "'" + std::string(key) + "' must be a string" + (key == "to" ? " or null" : ""), pointer);
    }
    const std::string text(value.as_string());
    if (text.size() > kMaxTextBytes) {
      return Status(ErrorCode::kInvalidArgument,
                    "'" + std::string(key) + "' is longer than " + std::to_string(kMaxTextBytes) + " bytes", pointer);
    }
    if (key == "reason") {
      command.reason = text;
    } else {
      *slot_of(command.fields, key) = text;
    }
  }
  return command;
}

std::vector<FieldError> check_record(const Dataset& dataset, const RegistryRecord& record, std::int64_t replacing) {
  std::vector<FieldError> errors;
  const PeriodKey key = key_of(record);
  const Interval& period = period_of(record);
  const auto nation = std::find_if(dataset.nations.begin(), dataset.nations.end(),
                                   [&](const Nation& n) { return n.iso3 == key.nation; });
  if (nation == dataset.nations.end())
    errors.push_back({"/nation", "unknown nation '" + std::string(key.nation) + "'"});
  if (period.to && !(period.from < *period.to)) {
    errors.push_back(
        {"/to", "the period ends " + period.to->to_string() + ", not after it starts " + period.from.to_string()});
  }
  const std::string& source =
      std::visit([](const auto& r) -> const std::string& { return r.provenance.source; }, record);
  if (trim(source).empty()) errors.push_back({"/source", "every fact needs a source: a URL or a document citation"});
  for (const std::string_view text :
       {std::string_view(source),
        std::string_view(std::visit([](const auto& r) -> const std::string& { return r.provenance.note; }, record))}) {
    if (!is_valid_utf8(text) || text.find('\n') != std::string_view::npos) {
      errors.push_back({text == source ? "/source" : "/note", "must be one line of UTF-8 text"});
    }
  }
  const RecordKind kind = kind_of(record);
  if (kind == RecordKind::kPartnership) {
    const auto framework = std::find_if(dataset.frameworks.begin(), dataset.frameworks.end(),
                                        [&](const Framework& f) { return f.id == key.owner; });
    if (framework == dataset.frameworks.end()) {
      errors.push_back({"/framework", "unknown framework '" + std::string(key.owner) + "'"});
    } else if (errors.empty()) {
      check_within(period, "framework " + framework->id, framework->launched, framework->ended, errors);
    }
  } else {
    const auto organisation = std::find_if(dataset.organisations.begin(), dataset.organisations.end(),
                                           [&](const Organisation& o) { return o.id == key.owner; });
    if (organisation == dataset.organisations.end()) {
      errors.push_back({"/organisation", "unknown organisation '" + std::string(key.owner) + "'"});
    } else if (errors.empty()) {
      check_within(period, "organisation " + organisation->id, organisation->founded, organisation->dissolved, errors);
    }
  }
  if (kind == RecordKind::kPlan && !kPartnershipPlanWords.contains(key.plan)) {
    errors.push_back(
        {"/plan", "unknown plan '" + std::string(key.plan) + "'; expected one of: ANP, IPAP, IPCP, ITPP, MAP"});
  }
  if (errors.empty() && nation != dataset.nations.end()) {
    check_within(period, "nation " + nation->iso3, nation->from, nation->to, errors);
  }
  if (errors.empty()) {
    switch (kind) {
      case RecordKind::kMembership: check_overlaps(dataset.memberships, record, replacing, errors); break;
      case RecordKind::kPartnership: check_overlaps(dataset.partnerships, record, replacing, errors); break;
      case RecordKind::kPlan: check_overlaps(dataset.plans, record, replacing, errors); break;
    }
  }
  return errors;
}

RegistryEdits::RegistryEdits(Store* store, const Clock& clock, AccessPolicy access, CurrentSnapshot current,
                             Publisher publish, CatchUp catch_up)
    : store_(store),
      clock_(clock),
      access_(access),
      current_(std::move(current)),
      publish_(std::move(publish)),
      catch_up_(std::move(catch_up)) {}

Result<EditOutcome> RegistryEdits::apply(const Principal& actor, const EditCommand& command, EditFailure* failure) {
  const auto fail = [failure](Status status, std::optional<RegistryRecord> current = std::nullopt) {
    if (failure != nullptr) *failure = EditFailure{status, std::move(current)};
    return status;
  };
  if (Status allowed = authorise(actor, Capability::kEditRegistry, access_); !allowed) return fail(allowed);
  if (store_ == nullptr) return fail(Status(ErrorCode::kUnavailable, "this engine has no database to write to"));
  const bool creates = command.action == EditCommand::Action::kCreate;
  if (!creates && !command.expected_version) {
    return fail(Status(ErrorCode::kPreconditionRequired,
                       "say which version of the record you change: send If-Match with the ETag you read",
                       "header:If-Match"));
  }
  if (!is_valid_utf8(command.reason) || command.reason.size() > kMaxTextBytes) {
    return fail(Status(ErrorCode::kInvalidArgument, "the reason must be UTF-8 text of at most 4096 bytes", "/reason"));
  }

  const std::lock_guard turn(write_mutex_);
  // The edit is checked against, and applied to, the snapshot of the store's revision:
  // when another process wrote since that snapshot, catch up first. The write lock,
  // taken at begin, keeps the revision still until commit.
  Result<std::unique_ptr<Transaction>> tx = store_->begin(Store::Access::kWrite);
  if (!tx) return fail(tx.status());
  std::shared_ptr<const Snapshot> current = current_();
  for (int attempt = 0;; ++attempt) {
    Result<std::uint64_t> stored = (*tx)->revision();
    if (!stored) return fail(stored.status());
    if (*stored == current->version()) break;
    if (attempt == 3) return fail(Status(ErrorCode::kUnavailable, "the database keeps changing; try again"));
    tx->reset();
    if (Result<bool> caught_up = catch_up_(); !caught_up) return fail(caught_up.status());
    tx = store_->begin(Store::Access::kWrite);
    if (!tx) return fail(tx.status());
    current = current_();
  }
  std::optional<RegistryRecord> before;
  if (!creates) {
    Result<std::optional<RegistryRecord>> found = (*tx)->records().find(command.kind, command.id);
    if (!found) return fail(found.status());
    if (!*found) {
      return fail(
          Status(ErrorCode::kNotFound, "no " + std::string(word_of(command.kind)) + " " + std::to_string(command.id)));
    }
    before = **found;
    if (stamp_of(*before).version != *command.expected_version) {
      return fail(
          Status(ErrorCode::kConflict,
                 "the " + std::string(word_of(command.kind)) + " is at version " +
                     std::to_string(stamp_of(*before).version) + ", not " + std::to_string(*command.expected_version) +
                     ": someone changed it since you read it. Review the current values and try again",
                 "header:If-Match"),
          before);
    }
  }

  std::optional<RegistryRecord> after;
  if (command.action != EditCommand::Action::kDelete) {
    Result<RegistryRecord> merged = merge(command.kind, command.fields, before ? &*before : nullptr);
    if (!merged) return fail(merged.status());
    std::vector<FieldError> errors = check_record(current->registry().dataset(), *merged, command.id);
    if (!errors.empty()) {
      const Status invalid(ErrorCode::kInvalidData, errors.front().message);
      return fail(invalid.with_errors(std::move(errors)));
    }
    Result<RegistryRecord> written = creates ? (*tx)->records().insert(*merged) : (*tx)->records().update(*merged);
    if (!written) return fail(written.status());
    after = std::move(*written);
  } else if (Status removed = (*tx)->records().remove(command.kind, command.id, *command.expected_version); !removed) {
    return fail(removed);
  }

  const std::int64_t id = after ? stamp_of(*after).id : command.id;
  const char* action = creates ? "create" : (after ? "update" : "delete");
  std::string reason = command.reason;
  if (command.action == EditCommand::Action::kDelete && command.fields.source) {
    reason += (reason.empty() ? "" : " ") + std::string("(source: ") + *command.fields.source + ")";
  }
  const AuditEntry entry{0,
                         format_instant(clock_.now()),
                         actor.name,
                         action,
                         std::string(word_of(command.kind)),
                         id,
                         before ? record_json(*before) : std::string(),
                         after ? record_json(*after) : std::string(),
                         reason,
                         command.request_id};
  if (Result<std::int64_t> audited = (*tx)->audit().append(entry); !audited) return fail(audited.status());
  Result<std::uint64_t> revision = (*tx)->bump_revision();
  if (!revision) return fail(revision.status());
  Dataset next = with_change(current->registry().dataset(), command.kind, creates ? 0 : command.id, after);
  if (Status committed = (*tx)->commit(); !committed) return fail(committed);
  return EditOutcome{std::move(after), publish_(std::move(next), *revision)};
}

Result<std::size_t> RegistryEdits::import_menu(const Principal& actor, std::string_view csv_text,
                                               const std::string& request_id) {
  if (Status allowed = authorise(actor, Capability::kEditRegistry, access_); !allowed) return allowed;
  if (store_ == nullptr) return Status(ErrorCode::kUnavailable, "this engine has no database to write to");
  constexpr std::size_t kLargestMenu = std::size_t{8} * 1024 * 1024;
  if (csv_text.size() > kLargestMenu) {
    return Status(ErrorCode::kInvalidArgument, "a menu file is at most 8 MiB");
  }
  const std::lock_guard turn(write_mutex_);
  Result<std::unique_ptr<Transaction>> tx = store_->begin(Store::Access::kWrite);
  if (!tx) return tx.status();
  std::shared_ptr<const Snapshot> current = current_();
  for (int attempt = 0;; ++attempt) {
    Result<std::uint64_t> stored = (*tx)->revision();
    if (!stored) return stored.status();
    if (*stored == current->version()) break;
    if (attempt == 3) return Status(ErrorCode::kUnavailable, "the database keeps changing; try again");
    tx->reset();
    if (Result<bool> caught_up = catch_up_(); !caught_up) return caught_up.status();
    tx = store_->begin(Store::Access::kWrite);
    if (!tx) return tx.status();
    current = current_();
  }
  Result<std::vector<MenuItem>> items = read_menu(csv_text, current->registry().dataset());
  if (!items) return items.status();
  if (Status replaced = Rows<MenuItem>((*tx)->rows(), menu_table()).replace_all(*items); !replaced) return replaced;
  const AuditEntry entry{0,
                         format_instant(clock_.now()),
                         actor.name,
                         std::string(word_of(AuditAction::kImport)),
                         std::string(word_of(AuditKind::kMenu)),
                         0,
                         "{\"items\":" + std::to_string(current->registry().dataset().menu.size()) + "}",
                         "{\"items\":" + std::to_string(items->size()) + "}",
                         "import of the cooperation menu",
                         request_id};
  if (Result<std::int64_t> audited = (*tx)->audit().append(entry); !audited) return audited.status();
  Result<std::uint64_t> revision = (*tx)->bump_revision();
  if (!revision) return revision.status();
  Dataset next = current->registry().dataset();
  const std::size_t count = items->size();
  next.menu = SharedRows<MenuItem>(std::move(*items));
  if (Status committed = (*tx)->commit(); !committed) return committed;
  publish_(std::move(next), *revision);
  return count;
}

Result<Versioned<FoundRecord>> RegistryEdits::find(const Principal& actor, RecordKind kind, std::int64_t id) const {
  if (Status allowed = authorise(actor, Capability::kReadReference, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Dataset& dataset = snapshot->registry().dataset();
  const auto search = [&](const auto& rows) -> std::optional<RegistryRecord> {
    for (const auto& row : rows) {
      if (row.stamp.id == id) return RegistryRecord(row);
    }
    return std::nullopt;
  };
  std::optional<RegistryRecord> found;
  switch (kind) {
    case RecordKind::kMembership: found = search(dataset.memberships); break;
    case RecordKind::kPartnership: found = search(dataset.partnerships); break;
    case RecordKind::kPlan: found = search(dataset.plans); break;
  }
  if (!found || id <= 0) {
    return Status(ErrorCode::kNotFound, "no " + std::string(word_of(kind)) + " " + std::to_string(id));
  }
  return versioned(FoundRecord{std::move(*found)}, std::move(snapshot));
}

Result<std::vector<AuditEntry>> RegistryEdits::audit(const Principal& actor, const AuditQuery& query) const {
  if (Status allowed = authorise(actor, Capability::kReadAudit, access_); !allowed) return allowed;
  if (store_ == nullptr) return Status(ErrorCode::kUnavailable, "this engine has no database and no audit log");
  Result<std::unique_ptr<Transaction>> tx = store_->begin(Store::Access::kRead);
  if (!tx) return tx.status();
  return (*tx)->audit().list(query);
}

Result<bool> RegistryEdits::holds_user_data() const {
  if (store_ == nullptr) return false;
  Result<std::unique_ptr<Transaction>> tx = store_->begin(Store::Access::kRead);
  if (!tx) return tx.status();
  Result<std::size_t> entries = (*tx)->audit().count();
  if (!entries) return entries.status();
  if (*entries > 0) return true;
  Result<std::vector<AccountRecord>> accounts = (*tx)->accounts().list();
  if (!accounts) return accounts.status();
  return !accounts->empty();
}

}  // namespace entente
