#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace entente {

// The fixed set of reasons an operation can fail. Each has a stable slug that the API
// reports as the problem "code" and the CLI prints; slugs never change once published.
enum class ErrorCode {
  kInvalidArgument,       // a request parameter is malformed
  kInvalidDate,           // a date is not a real YYYY-MM-DD calendar date
  kUnknownNation,         // no nation with that code
  kUnknownOrganisation,   // no organisation with that id
  kUnknownFramework,      // no partnership framework with that id
  kNotFound,              // any other missing resource
  kInvalidData,           // a reference data file is malformed or inconsistent
  kStorage,               // the database could not be read or written
  kIo,                    // a file could not be read
  kCancelled,             // the work was cancelled before it finished
  kUnavailable,           // the service is busy; try again later
  kTooManyRequests,       // this client has used its share; try again later
  kUnauthenticated,       // the request needs a signed-in user or a valid token
  kForbidden,             // the user may not do this
  kConflict,              // the record changed since the client read it (a stale If-Match), or already exists
  kPreconditionRequired,  // a write to an existing record must name the version it changes (If-Match)
  kRefused,               // well-formed, but the rules refuse it now (eligibility, four eyes, a workflow step)
  kInternal,              // a bug: an invariant did not hold
};

// Stable machine-readable slug, e.g. "unknown-nation".
const char* error_slug(ErrorCode code);

// One invalid input field and what is wrong with it.
struct FieldError {
  std::string field;  // a JSON pointer or a query parameter, as Status::field()
  std::string message;
};

// Outcome of an operation that returns no value. Cheap to copy when ok.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : failed_(true), code_(code), message_(std::move(message)) {}
  // A failure caused by one input field: `field` is a JSON pointer into a request body
  // ("/runs", "/positions/FRA") or the name of a query parameter ("as_of").
  Status(ErrorCode code, std::string message, std::string field)
      : failed_(true), code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status ok() { return {}; }

  bool is_ok() const { return !failed_; }
  explicit operator bool() const { return is_ok(); }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The offending input field, or empty when the failure is not one field's.
  const std::string& field() const { return field_; }
  // This status, naming `field` as the offending input unless it names one already.
  Status at(std::string field) const {
    Status named = *this;
    if (named.failed_ && named.field_.empty()) named.field_ = std::move(field);
    return named;
  }
  // This status with every invalid field, when there are several (the first is field()).
  Status with_errors(std::vector<FieldError> errors) const {
    Status named = *this;
    if (!errors.empty() && named.field_.empty()) named.field_ = errors.front().field;
    named.errors_ = std::move(errors);
    return named;
  }
  // Every invalid field: errors given by with_errors, else field() alone, else none.
  std::vector<FieldError> errors() const {
    if (!errors_.empty()) return errors_;
    if (field_.empty()) return {};
    return {FieldError{field_, message_}};
  }
  // "unknown-nation: no nation with code XYZ".
  std::string to_string() const;

 private:
  bool failed_ = false;
  ErrorCode code_ = ErrorCode::kInternal;
  std::string message_;
  std::string field_;
  std::vector<FieldError> errors_;
};

// The JSON pointer token for an object key (RFC 6901: "~" as "~0", "/" as "~1").
std::string json_pointer_token(std::string_view key);

// A value or the Status saying why there is none. The Status of a Result is never ok.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : state_(std::move(status)) {}  // NOLINT(google-explicit-constructor)
  Result(ErrorCode code, std::string message) : state_(Status(code, std::move(message))) {}

  bool is_ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return is_ok(); }

  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // The failure; only meaningful when !is_ok().
  // The failure; an ok Status for a Result that holds a value (never throws).
  const Status& status() const {
    static const Status kOk;
    const Status* failure = std::get_if<Status>(&state_);
    return failure != nullptr ? *failure : kOk;
  }

 private:
  std::variant<T, Status> state_;
};

}  // namespace entente
